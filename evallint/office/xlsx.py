"""Read the sheets of an .xlsx workbook into grids, each cell as Excel shows it.

Each cell is what Excel shows (:mod:`evallint.office.display`: ``94%``, with
0.9411 kept beside it). Formulas give the value Excel cached when it last saved
the file; a workbook written by a program that never calculated it has none,
and such cells are marked (the linter warns).

The workbook's XML is streamed through the archive's limits, a sheet row by row:
a sheet is read within ``MAX_OFFICE_ROWS`` x ``MAX_OFFICE_COLUMNS`` (a value
beyond is an error, not dropped), a merged area is cut at the edge of the cells
the sheet holds, and the grid is built once, each position visited once, whatever
the merges say.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evallint.errors import ReportError, Text
from evallint.limits import (
    MAX_OFFICE_CELL_CHARS,
    MAX_OFFICE_CELLS,
    MAX_OFFICE_COLUMNS,
    MAX_OFFICE_FORMAT_CHARS,
    MAX_OFFICE_ROWS,
    MAX_OFFICE_SHEET_NAME_CHARS,
)
from evallint.office.archive import Archive, Element, completed
from evallint.office.display import (
    MAC_EPOCH,
    WINDOWS_EPOCH,
    iso_date,
    read_number,
    serial_date,
    show,
)
from evallint.office.grid import Grid, GridCell

MAX_ROWS = MAX_OFFICE_ROWS
MAX_COLS = MAX_OFFICE_COLUMNS
"""A sheet is read up to here: a form is a page or two, not a database."""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHEET, _WORKBOOK_PROPERTIES = f"{_MAIN}sheet", f"{_MAIN}workbookPr"
_SST, _STRING, _TEXT, _RUN = f"{_MAIN}sst", f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}r"
_NUMBER_FORMATS, _NUMBER_FORMAT = f"{_MAIN}numFmts", f"{_MAIN}numFmt"
_CELL_FORMATS, _FORMAT = f"{_MAIN}cellXfs", f"{_MAIN}xf"
_SHEET_DATA, _ROW, _CELL = f"{_MAIN}sheetData", f"{_MAIN}row", f"{_MAIN}c"
_VALUE, _FORMULA, _INLINE = f"{_MAIN}v", f"{_MAIN}f", f"{_MAIN}is"
_MERGE = f"{_MAIN}mergeCell"
_ADDRESS = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def read_workbook(archive: Archive) -> list[Grid]:
    """Every worksheet of the workbook in ``archive`` as a grid, in the workbook's order."""
    workbook = archive.main_part("xl/workbook.xml")
    relationships = archive.relationships(workbook)
    sheets, epoch = _sheets(archive, workbook)
    strings: list[str] = []
    styles = _Styles()
    for linked in relationships.values():
        if linked.type.endswith("/sharedStrings"):
            strings = _shared_strings(archive, linked.part)
        elif linked.type.endswith("/styles"):
            styles = _styles(archive, linked.part)
    grids = []
    for name, ident in sheets:
        sheet = relationships.get(ident)
        if sheet is None or not sheet.type.endswith("/worksheet"):
            continue  # a chart sheet, or a sheet the workbook does not hold
        reader = _SheetReader(name, strings, styles, epoch)
        grids.append(reader.read(archive, sheet.part))
    return grids


def _sheets(archive: Archive, workbook: str) -> tuple[list[tuple[str, str]], datetime.datetime]:
    sheets = []
    epoch = WINDOWS_EPOCH
    for element in archive.events(workbook):  # attributes only: there when it starts
        if element.tag == _SHEET:
            name, ident = element.get("name", ""), element.get(_RELATION_ID)
            if len(name) > MAX_OFFICE_SHEET_NAME_CHARS:
                shown = name[:MAX_OFFICE_SHEET_NAME_CHARS] + "…"
                raise ReportError(
                    Text(
                        "office-sheet-name-too-long",
                        {"name": shown, "limit": MAX_OFFICE_SHEET_NAME_CHARS},
                    )
                )
            if ident is not None:
                sheets.append((name, ident))
        elif element.tag == _WORKBOOK_PROPERTIES and element.get("date1904", "").lower() in (
            "1",
            "true",
        ):
            epoch = MAC_EPOCH
    return sheets, epoch


def _shared_strings(archive: Archive, part: str) -> list[str]:
    return [_rich_text(item) for item in archive.children(part, _SST) if item.tag == _STRING]


def _rich_text(element: Element) -> str:
    """A string item's text: its ``t``, then its runs' (phonetic guides left out)."""
    pieces = [child.text or "" for child in element if child.tag == _TEXT]
    for run in element:
        if run.tag == _RUN:
            pieces += [child.text or "" for child in run if child.tag == _TEXT]
    return "".join(pieces).replace("x005F_", "")  # as openpyxl unescapes _x005F_


@dataclass(slots=True)
class _Styles:
    """The number format of each cell style (``s``), and which of them show dates."""

    formats: list[str] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)

    def number_format(self, style: int) -> str:
        return self.formats[style] if 0 <= style < len(self.formats) else "General"

    def kind(self, style: int) -> str:
        """``date``, ``duration`` or ``number``: how a number in this style is shown."""
        kind = self.kinds.get(style)
        if kind is None:
            from openpyxl.styles.numbers import is_date_format, is_timedelta_format

            code = self.number_format(style)
            kind = "number"
            if is_date_format(code):
                kind = "duration" if is_timedelta_format(code) else "date"
            self.kinds[style] = kind
        return kind


def _styles(archive: Archive, part: str) -> _Styles:
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    custom: dict[int, str] = {}
    ids: list[int] = []
    blocks: dict[str, Element] = {}
    for element in archive.events(part):
        if element.tag in (_NUMBER_FORMATS, _CELL_FORMATS):
            blocks.setdefault(element.tag, element)
    # the part is read whole now: the two blocks hold their children
    for element in blocks.get(_NUMBER_FORMATS, []):
        number = _integer(element.get("numFmtId"))
        if element.tag == _NUMBER_FORMAT and number is not None:
            custom[number] = element.get("formatCode", "General")
    for element in blocks.get(_CELL_FORMATS, []):
        if element.tag == _FORMAT:
            ids.append(_integer(element.get("numFmtId")) or 0)
    formats = []
    for number in ids:
        code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
        formats.append(code if len(code) <= MAX_OFFICE_FORMAT_CHARS else "General")
    return _Styles(formats)


class _SheetReader:
    """One worksheet, streamed: its cells within the limits, its merged areas, then the grid."""

    def __init__(
        self, name: str, strings: list[str], styles: _Styles, epoch: datetime.datetime
    ) -> None:
        self.name = name
        self.strings = strings
        self.styles = styles
        self.epoch = epoch
        self.cells: dict[tuple[int, int], GridCell] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.merged = 0  # cells the merged areas cover, overlaps counted again
        self.rows = self.cols = 0  # the area of the cells the sheet holds, cut at the limits
        self.last_row = 0

    def read(self, archive: Archive, part: str) -> Grid:
        data: Element | None = None
        started = 0
        for element in archive.events(part):
            if element.tag == _MERGE:  # its attribute is all it has
                self._merge(element.get("ref", ""))
            elif data is None:
                if element.tag == _SHEET_DATA:
                    data = element
            elif completed(data, element, started):
                if started:  # the row before it is complete: read it, then let it go
                    self._row(data[0])
                    del data[0]
                started = 1
        for row in data if data is not None else []:
            self._row(row)
        return self._grid(archive)

    def _row(self, element: Element) -> None:
        if element.tag != _ROW:
            return
        row = self.last_row = _integer(element.get("r")) or self.last_row + 1
        col = 0
        for cell in element:
            if cell.tag != _CELL:
                continue
            address = cell.get("r")
            at = row
            if address is not None:
                found = _address(address)
                if found is None:
                    continue  # no cell Excel could show
                at, col = found
            else:
                col += 1  # no address: the next column of this row, as openpyxl reads it
            self._cell(cell, at, col)

    def _cell(self, element: Element, row: int, col: int) -> None:
        ref = f"{self.name}!{_column_letters(col)}{row}"
        value, formula = self._value(element, ref)
        inside = row <= MAX_ROWS and col <= MAX_COLS
        if not inside and (value not in (None, "") or formula is not None):
            code, limit = (
                ("office-too-many-rows", MAX_ROWS)
                if row > MAX_ROWS
                else ("office-too-many-columns", MAX_COLS)
            )
            raise ReportError(Text(code, {"where": self.name, "cell": ref, "limit": limit}))
        if not inside:
            return  # an empty cell past the limits (formatting): nothing to read
        self.rows = max(self.rows, row)
        self.cols = max(self.cols, col)
        if value is None:
            if formula is not None:
                self.cells[(row, col)] = GridCell(
                    "", ref, stored=formula, problem="formula-without-value"
                )
            return
        style = _integer(element.get("s")) or 0
        shown, stored = show(value, self.styles.number_format(style))
        self.cells[(row, col)] = GridCell(shown, ref, stored=stored)

    def _value(self, element: Element, ref: str) -> tuple[Any, str | None]:
        """What openpyxl reads in the cell (its cached value), and its formula if it has one."""
        kind = element.get("t", "n")
        formula_element = element.find(_FORMULA)
        formula = None
        if formula_element is not None:
            formula = "=" + _checked(formula_element.text or "", ref)
        if kind == "inlineStr":
            inline = element.find(_INLINE)
            return (None if inline is None else _checked(_rich_text(inline), ref)), formula
        text = element.findtext(_VALUE) or None
        if text is None:
            return None, formula
        text = _checked(text, ref)
        if kind == "s":
            index = _integer(text)
            if index is None or not 0 <= index < len(self.strings):
                raise ReportError(
                    Text("office-unreadable", {"reason": f"{ref}: no shared string {text[:20]}"})
                )
            return _checked(self.strings[index], ref), formula
        if kind == "b":
            return ({"0": False, "1": True}.get(text.strip(), text)), formula
        if kind in ("str", "e"):
            return text, formula
        if kind == "d":
            return iso_date(text), formula
        stored = read_number(text)
        if isinstance(stored, Decimal):
            shown_as = self.styles.kind(_integer(element.get("s")) or 0)
            if shown_as != "number":
                return serial_date(stored, self.epoch, duration=shown_as == "duration"), formula
        return stored, formula

    def _merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        top_left, bottom_right = _address(first), _address(last or first)
        if top_left is None or bottom_right is None:
            return
        (top, left), (bottom, right) = top_left, bottom_right
        top, bottom = min(top, bottom), max(top, bottom)
        left, right = min(left, right), max(left, right)
        if top > MAX_ROWS or left > MAX_COLS:
            return  # wholly beyond what is read
        # Counted cut at the limits as it is met, so no number of areas costs more.
        self.merged += (min(bottom, MAX_ROWS) - top + 1) * (min(right, MAX_COLS) - left + 1)
        if self.merged > MAX_OFFICE_CELLS:
            raise self._too_many_cells()
        self.merges.append((top, left, bottom, right))

    def _grid(self, archive: Archive) -> Grid:
        rows, cols = self.rows, self.cols
        if rows * cols > MAX_OFFICE_CELLS:
            raise self._too_many_cells()
        # A merged area is cut at the edge of the cells the sheet holds, so J1:XFD1048576
        # costs what the sheet holds, not sixteen billion cells.
        merges = [
            (top, left, min(bottom, rows), min(right, cols))
            for top, left, bottom, right in self.merges
            if top <= rows and left <= cols
        ]
        archive.spend_cells(rows * cols, self.name)
        grid: list[list[GridCell | None]] = [
            [self._at(r, c) for c in range(1, cols + 1)] for r in range(1, rows + 1)
        ]
        # Each area shows its top-left cell's own value, even where an earlier area
        # (an overlap Excel would refuse) already covers that corner.
        anchors = [grid[top - 1][left - 1] for top, left, _, _ in merges]
        for (top, left, bottom, right), anchor in zip(merges, anchors, strict=True):
            for r in range(top - 1, bottom):
                grid[r][left - 1 : right] = [anchor] * (right - left + 1)
        return Grid(name=self.name, rows=grid)

    def _too_many_cells(self) -> ReportError:
        return ReportError(
            Text("office-too-many-cells", {"where": self.name, "limit": MAX_OFFICE_CELLS})
        )

    def _at(self, row: int, col: int) -> GridCell:
        cell = self.cells.get((row, col))
        if cell is None:
            cell = GridCell("", f"{self.name}!{_column_letters(col)}{row}")
        return cell


def _checked(text: str, ref: str) -> str:
    if len(text) > MAX_OFFICE_CELL_CHARS:
        raise ReportError(
            Text(
                "office-cell-too-long",
                {"cell": ref, "chars": len(text), "limit": MAX_OFFICE_CELL_CHARS},
            )
        )
    return text


def _integer(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    return int(text)


def _address(text: str) -> tuple[int, int] | None:
    """``B12`` → (12, 2): row and column from 1; ``None`` if it is no cell address."""
    match = _ADDRESS.fullmatch(text.strip())
    if match is None:
        return None
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - ord("A") + 1
    row = int(match.group(2))
    return (row, col) if row >= 1 else None


def _column_letters(col: int) -> str:
    if col <= MAX_COLS:
        return _LETTERS[col]
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_LETTERS = (
    "",
    *(chr(65 + c) for c in range(26)),
    *(chr(65 + c // 26 - 1) + chr(65 + c % 26) for c in range(26, MAX_COLS)),
)
"""The letters of the columns read (index 1 is A), worked out once, not once per cell."""
