"""Exact arithmetic and the small helpers every part of the generator uses.

Rounding half up (四舍五入) and truncating to a number of decimals, exactly; Decimals
written as a person writes them; weighted random choices; a cell read back as a person reads
it. Numbers are :class:`decimal.Decimal` or :class:`fractions.Fraction`, never binary floats.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from evallint.domain.cells import read_cell

# ----------------------------------------------------------------------------- arithmetic


def round_half_up(x: Fraction | Decimal | int, places: int) -> Decimal:
    """``x`` rounded half up (四舍五入) to ``places`` decimals, exactly (x >= 0)."""
    scaled = Fraction(x) * 10**places
    return Decimal(math.floor(scaled + Fraction(1, 2))).scaleb(-places)


def truncate(x: Fraction | Decimal | int, places: int) -> Decimal:
    """``x`` cut (not rounded) to ``places`` decimals, exactly (x >= 0)."""
    return Decimal(math.floor(Fraction(x) * 10**places)).scaleb(-places)


def shown_value(x: Fraction | Decimal | int, places: int, mode: str) -> Decimal:
    return truncate(x, places) if mode == "truncate" else round_half_up(x, places)


def format_number(number: Decimal) -> str:
    return format(number, "f")


def units_of(number: Decimal, places: int) -> int:
    return int(number.scaleb(places))


def amount_of(units: int, places: int) -> Decimal:
    return Decimal(units).scaleb(-places)


def decimals_of(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def chance(rng: random.Random, percent: int) -> bool:
    return rng.randrange(100) < percent


def pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    total = sum(weight for _, weight in weighted)
    roll = rng.randrange(total)
    for value, weight in weighted:
        if roll < weight:
            return value
        roll -= weight
    raise AssertionError("unreachable")


def plain_text(value: Any) -> str:
    """The cell as a person reads it: folded, without padding."""
    if value is None:
        return ""
    text = format_number(value) if isinstance(value, Decimal) else str(value)
    return unicodedata.normalize("NFKC", text).strip()


def num(value: Any) -> Decimal | None:
    cell = read_cell(value)
    return cell.value if cell.kind in ("number", "quantity") else None
