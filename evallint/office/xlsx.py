"""Read the sheets of an .xlsx workbook into grids, each cell as Excel shows it.

Excel stores 0.9411 and shows ``94%``; the person checked ``94%``, so that is
the value, and 0.9411 is kept beside it. Formulas give the value Excel cached
when it last saved the file; a workbook written by a program that never
calculated it has none, and such cells are marked (the linter warns).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from evallint.office.grid import Grid, GridCell

MAX_ROWS = 2000
MAX_COLS = 60
"""A sheet is read up to here: a form is a page or two, not a database."""

_FIXED = re.compile(r"^[#,]*0(?:\.(0+))?$")


def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of the workbook at ``path`` as a grid (raises what openpyxl raises)."""
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    grids = []
    for sheet in values.worksheets:
        grids.append(_grid(sheet, formulas[sheet.title]))
    return grids


def _grid(sheet: Any, formula_sheet: Any) -> Grid:
    rows = min(sheet.max_row or 0, MAX_ROWS)
    cols = min(sheet.max_column or 0, MAX_COLS)
    grid = Grid(name=sheet.title, rows=[[None] * cols for _ in range(rows)])
    if (sheet.max_row or 0) > MAX_ROWS or (sheet.max_column or 0) > MAX_COLS:
        grid.notes.append(f"only the first {MAX_ROWS} rows and {MAX_COLS} columns were read")
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                covered[(r, c)] = (merged.min_row, merged.min_col)
    anchors: dict[tuple[int, int], GridCell] = {}
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            anchor = covered.get((r, c), (r, c))
            cell = anchors.get(anchor)
            if cell is None:
                cell = anchors[anchor] = _read(sheet, formula_sheet, *anchor)
            grid.rows[r - 1][c - 1] = cell
    return grid


def _read(sheet: Any, formula_sheet: Any, row: int, col: int) -> GridCell:
    source = sheet.cell(row=row, column=col)
    ref = f"{sheet.title}!{source.coordinate}"
    value = source.value
    if value is None:
        formula = formula_sheet.cell(row=row, column=col).value
        if isinstance(formula, str) and formula.startswith("="):
            return GridCell("", ref, stored=formula, problem="formula-without-value")
        return GridCell("", ref)
    shown, stored = show(value, source.number_format or "General")
    return GridCell(shown, ref, stored=stored)


def show(value: Any, number_format: str) -> tuple[str | Decimal, str | None]:
    """What Excel shows for ``value`` in ``number_format``, and the stored value if it differs."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat(), None
        return value.isoformat(sep=" "), None
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat(), None
    if isinstance(value, datetime.timedelta):
        return str(value), None
    if not isinstance(value, (int, float, Decimal)):
        return str(value), None
    try:
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value), None
    if not exact.is_finite():
        return str(value), None
    code = number_format.split(";")[0].strip()
    if code.endswith("%"):
        places = _places(code[:-1])
        if places is None:
            return exact, None
        shown = (exact * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        stored = None if shown == exact * 100 else _plain(exact)
        return f"{_plain(shown)}%", stored
    places = _places(code)
    if places is None:  # General, or a format we do not imitate: the number itself
        return exact, None
    shown = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return shown, (None if shown == exact else _plain(exact))


def _places(code: str) -> int | None:
    match = _FIXED.match(code.replace("\\", ""))
    if match is None:
        return None
    return len(match.group(1) or "")


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text
