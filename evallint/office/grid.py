"""A table as the person sees it: rows of cells, merged areas shown once.

Both readers (.xlsx, .docx) turn what they read into a :class:`Grid`, and the
form finder (:mod:`evallint.office.form`) only ever looks at grids. A merged
area is one :class:`GridCell` object placed at every position it covers, so
"the same cell" is an identity test and a label merged down a block of rows
is seen on each of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(eq=False, slots=True)
class GridCell:
    """One cell (or merged area): the value as shown, its address, what was stored."""

    value: str | Decimal
    """What the form shows: text as typed, or an exact number where the cell holds one."""
    ref: str
    """Where it is: ``Sheet1!F12`` or ``表2 第5行 第3列``."""
    stored: str | None = None
    """The stored value when it differs from what is shown (``0.9411`` shown as ``94%``)."""
    problem: str | None = None
    """Why the value may be wrong (``formula-without-value``)."""

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else str(self.value)


@dataclass(slots=True)
class Grid:
    """A sheet or a Word table: ``rows[r][c]`` is the cell at row r, column c (or ``None``)."""

    name: str
    """The sheet's name, or ``表N`` for the N-th table of a document."""
    rows: list[list[GridCell | None]]
    notes: list[str] = field(default_factory=list)

    def cell(self, row: int, col: int) -> GridCell | None:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        cell = self.cell(row, col)
        return cell.text if cell is not None else ""

    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def is_continuation(self, row: int, col: int) -> bool:
        """Whether (row, col) is covered by a merged area that starts above or to the left."""
        cell = self.cell(row, col)
        if cell is None:
            return False
        return self.cell(row - 1, col) is cell or self.cell(row, col - 1) is cell


# --- labels -------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_UNIT_SUFFIX = re.compile(r"[（(](?:万元|元|分)[)）]$")
_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def label(text: Any) -> str:
    """A label as printed, folded for matching: no spaces or line breaks, half-width.

    ``"项目支\\n出名称"`` → ``项目支出名称``; ``"项目资金\\n（万元）"`` → ``项目资金``;
    ``"其中：当年财政拨款　"`` → ``其中:当年财政拨款``.
    """
    if not isinstance(text, str) or not text:
        return ""  # most cells of a large grid: no need to fold them
    folded = unicodedata.normalize("NFKC", text)
    folded = _SPACES.sub("", folded)
    return _UNIT_SUFFIX.sub("", folded)


def points_in(text: str) -> Decimal | None:
    """The points a level-1 label gives, ``产出指标(50分)`` → 50 (``None`` if it gives none)."""
    match = _POINTS.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1)) if match else None


def without_points(text: str) -> str:
    """``产出指标\\n\\n(50分)`` → ``产出指标``."""
    return label(_POINTS.sub("", unicodedata.normalize("NFKC", text)))
