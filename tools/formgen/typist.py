"""The typist: how one person types the cells of one form.

Padding with an ideographic space, full-width digits, numbers as JSON numbers or as text,
and the blank cells they leave (empty, a full-width space, null, ``/``, a dash).
"""

from __future__ import annotations

import random
from decimal import Decimal

from tools.formgen.numbers import chance, format_number
from tools.formgen.vocabulary import BLANKS, U3000

_FULLWIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")

# --------------------------------------------------------------------------- typing style


class Typist:
    """How one person types one form: padding, full-width digits, numbers or text, blanks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pad = rng.choice((0, 0, 5, 30, 80))
        self.fullwidth = rng.choice((0, 0, 0, 0, 4))
        self.as_number = rng.choice((0, 20, 60, 100))
        self.pct = "％" if chance(rng, 8) else "%"
        self.blank_usual = rng.choice(("", U3000, U3000, None, "/"))

    def text(self, text: str) -> str:
        if self.fullwidth and chance(self.rng, self.fullwidth):
            text = text.translate(_FULLWIDTH)
        elif self.pct != "%" and "%" in text:
            text = text.replace("%", self.pct)
        if self.pad and chance(self.rng, self.pad):
            text = U3000 + text
        return text

    def number(self, number: Decimal) -> Decimal | str:
        if chance(self.rng, self.as_number):
            return number
        return self.text(format_number(number))

    def blank(self) -> str | None:
        if chance(self.rng, 85):
            return self.blank_usual
        return self.rng.choice(BLANKS)
