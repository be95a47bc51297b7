"""Display width of text on a terminal, so carets line up under CJK characters."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def caret_line(line: str, col: int, length: int = 1) -> str:
    """A line of spaces and ``^`` that points at 1-based character column ``col`` of ``line``."""
    pad = display_width(line[: max(col - 1, 0)])
    width = max(display_width(line[col - 1 : col - 1 + length]), 1) if col - 1 < len(line) else 1
    return " " * pad + "^" * width
