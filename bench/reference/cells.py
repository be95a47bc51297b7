"""Read one form cell as a person typed it: the reader every implementation here shares.

A cell is what someone typed into one box of the form: a JSON number, a string
or null. This reader turns it into a `Cell`:

    kind        BLANK (null, "", only white space incl. U+3000 / U+00A0),
                NUMBER (a number, maybe with comparator / percent / unit), or
                TEXT (prose, ranges, anything else)
    value       the number as an exact Decimal (NUMBER only)
    comparator  ">=", "<=", ">", "<", "=" or None
    unit        "个", "万元", "个工作日", ... or None
    percent     True when typed with % or ％

It is deliberately small -- it covers what gen.py writes and what the 13
checks need -- so that handwritten.py and cel_baseline.py read every cell the
same way and their timings differ only by how the checks are run. It is not
evallint's reader (that one adds ranges, NFKC folding and many more words).

Spellings read: "　10", "１０" (full-width digits), "94%", "94％", "≥90%",
"＞85%", "不低于95%", "不少于50个", "90%以上", "3个工作日以内", "24小时内",
"≤90万元", "不超过5万元", "1,200", "1.2万册" (12000 册; a 万 or 亿 before a
unit other than 元 scales the count, while "90万元" is 90 in the unit 万元).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

BLANK = "blank"
NUMBER = "number"
TEXT = "text"


class Cell(NamedTuple):
    kind: str
    value: Decimal | None = None
    comparator: str | None = None
    unit: str | None = None
    percent: bool = False


BLANK_CELL = Cell(BLANK)
TEXT_CELL = Cell(TEXT)

# Full-width forms people type on a Chinese keyboard, folded to ASCII.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "％": "%",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "．": ".",
        "＋": "+",
        "－": "-",
        "≧": "≥",
        "≦": "≤",
    }
)

_PREFIX_COMPARATORS = {
    "≥": ">=",
    ">=": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "≤": "<=",
    "<=": "<=",
    "不高于": "<=",
    "不超过": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}
_SUFFIX_COMPARATORS = {"以上": ">=", "以内": "<=", "以下": "<=", "内": "<="}

# Longest words first so that "不低于" is never read as something shorter.
_QUANTITY = re.compile(
    r"(?P<pre>不低于|不少于|不高于|不超过|>=|<=|≥|≤|>|<|=)?\s*"
    r"(?P<num>[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\s*"
    r"(?P<pct>%)?"
    # A unit is a short run without digits, separators or range marks; lazy, so
    # that a trailing comparator word ("24小时内") is left to the next group.
    r"(?P<unit>[^\s0-9%,.+\-~～—()（）:：;；，。、]{0,6}?)"
    r"(?P<suf>以上|以内|以下|内)?"
)

_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_MONEY_UNITS = frozenset({"万元", "亿元"})


def read_cell(raw: object) -> Cell:
    """Read one cell; never raises."""
    if raw is None:
        return BLANK_CELL
    if isinstance(raw, str):
        return _read_text(raw)
    if isinstance(raw, bool):  # before int: bool is an int subclass
        return TEXT_CELL
    if isinstance(raw, int):
        return Cell(NUMBER, Decimal(raw))
    if isinstance(raw, Decimal):
        return Cell(NUMBER, raw) if raw.is_finite() else TEXT_CELL
    if isinstance(raw, float):
        # repr() is the shortest text that round-trips, i.e. what was written.
        value = Decimal(repr(raw))
        return Cell(NUMBER, value) if value.is_finite() else TEXT_CELL
    return TEXT_CELL


def number(cell: Cell) -> Decimal | None:
    """The cell's value if it is a plain number (no comparator), else None."""
    if cell.kind == NUMBER and cell.comparator is None:
        return cell.value
    return None


def is_blank(raw: object) -> bool:
    """True for a cell nobody filled in; cheaper than read_cell(raw).kind == BLANK."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _read_text(raw: str) -> Cell:
    text = raw.strip()  # str.strip() also removes U+3000 and U+00A0
    if not text:
        return BLANK_CELL
    if text.isascii() and text.isdigit():  # fast path: "10", "100"
        return Cell(NUMBER, Decimal(text))
    text = text.translate(_FOLD)
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return TEXT_CELL
    pre, num, pct, unit, suf = match.groups()
    value = Decimal(num.replace(",", ""))
    comparator = _PREFIX_COMPARATORS[pre] if pre else _SUFFIX_COMPARATORS.get(suf) if suf else None
    if unit and unit[0] in _SCALE and unit not in _MONEY_UNITS:
        value *= _SCALE[unit[0]]
        unit = unit[1:]
    return Cell(NUMBER, value, comparator, unit or None, pct is not None)


def main(argv: list[str] | None = None) -> int:
    """Read each cell given on the command line, as the checks would: `python cells.py "≥90%"`."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "cells", nargs="*", metavar="CELL", help="cell text as typed, e.g. '　≥90%%'"
    )
    for text in parser.parse_args(argv).cells:
        print(f"{text!r}: {read_cell(text)}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
