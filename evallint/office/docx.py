"""Read a .docx document: its paragraphs and tables, in the order they stand.

Word has no numbers, only text: every cell is read as the text it shows. A
merged cell (across columns or down rows) is one object at each position.

The document's XML is streamed through the archive's limits, a table row by
row: a row is laid on the grid below the one above it, and a cell merged down
takes the object standing above it, so a merge costs one step per position. A
span is cut at ``MAX_OFFICE_COLUMNS``; a table is read to ``MAX_OFFICE_ROWS``
and the body to ``MAX_OFFICE_PARAGRAPHS`` (text beyond either is an error).
"""

from __future__ import annotations

from dataclasses import dataclass

from evallint.errors import ReportError, Text
from evallint.limits import (
    MAX_OFFICE_CELL_CHARS,
    MAX_OFFICE_CELLS,
    MAX_OFFICE_COLUMNS,
    MAX_OFFICE_PARAGRAPHS,
    MAX_OFFICE_ROWS,
)
from evallint.office.archive import Archive, Element, completed
from evallint.office.grid import Grid, GridCell


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    number: int
    """Its place among the document's paragraphs, from 1 (as Word counts them)."""


Block = Paragraph | Grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _PARAGRAPH, _TABLE, _ROW, _CELL = (f"{_W}{tag}" for tag in ("body", "p", "tbl", "tr", "tc"))
_RUN, _HYPERLINK, _TEXT = f"{_W}r", f"{_W}hyperlink", f"{_W}t"
_ROW_PROPERTIES, _GRID_BEFORE = f"{_W}trPr", f"{_W}gridBefore"
_CELL_PROPERTIES, _GRID_SPAN, _VERTICAL_MERGE = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge"
_VALUE, _BREAK_TYPE = f"{_W}val", f"{_W}type"
# What a run's pieces read as (python-docx's reading, so cells read as they always did).
_RUN_TEXT = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}


def read_document(archive: Archive) -> list[Block]:
    """The paragraphs and tables of the document body in ``archive``, top to bottom."""
    return _BodyReader(archive).read(archive.main_part("word/document.xml"))


class _BodyReader:
    """The body's paragraphs and tables, each read once complete, then let go."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.blocks: list[Block] = []
        self.paragraphs = self.tables = 0
        self.table: _TableReader | None = None

    def read(self, part: str) -> list[Block]:
        body: Element | None = None
        started = 0  # whether a child of the body has started (it stays at body[0])
        for element in self.archive.events(part):
            if body is None:
                if element.tag == _BODY:
                    body = element
                continue
            table = self.table
            if table is not None and completed(table.element, element, table.started):
                table.next_row()
            elif completed(body, element, started):
                if started:  # the child before it is complete: read it, then let it go
                    self._block(body[0])
                    del body[0]
                started = 1
                if element.tag == _TABLE:
                    self.tables += 1
                    self.table = _TableReader(f"表{self.tables}", element, self.archive)
        for element in body if body is not None else []:
            self._block(element)
        return self.blocks

    def _block(self, element: Element) -> None:
        if element.tag == _PARAGRAPH:
            self.paragraphs += 1
            if self.paragraphs > MAX_OFFICE_PARAGRAPHS:
                raise ReportError(
                    Text("office-too-many-paragraphs", {"limit": MAX_OFFICE_PARAGRAPHS})
                )
            text = "".join(piece.text or "" for piece in element.iter(_TEXT))
            where = f"正文第{self.paragraphs}段"
            self.blocks.append(Paragraph(_checked(text, where), self.paragraphs))
        elif element.tag == _TABLE and self.table is not None:
            self.blocks.append(self.table.grid())
            self.table = None


class _TableReader:
    """One table, a row at a time, onto a grid of at most MAX_OFFICE_ROWS x MAX_OFFICE_COLUMNS."""

    def __init__(self, name: str, element: Element, archive: Archive) -> None:
        self.name = name
        self.element = element
        self.started = 0  # whether a child of the table has started (it stays at element[0])
        self.archive = archive
        self.rows: list[list[GridCell | None]] = []
        self.above: list[GridCell | None] = []
        self.count = 0  # rows met, those past the limit included
        self.cells = 0

    def next_row(self) -> None:
        """A child of the table has started: the one before it (a row?) is complete."""
        if self.started:
            self.add(self.element[0])
            del self.element[0]
        self.started = 1

    def add(self, row: Element) -> None:
        if row.tag != _ROW:
            return  # the table's properties, its grid
        self.count += 1
        number = self.count
        cells: list[GridCell | None] = []
        offset = _integer(row.find(f"{_ROW_PROPERTIES}/{_GRID_BEFORE}"))
        cells += [None] * min(offset, MAX_OFFICE_COLUMNS)
        written = False  # whether a cell of this row holds text of its own
        for tc in row:
            if tc.tag != _CELL:
                continue
            span = max(1, _integer(tc.find(f"{_CELL_PROPERTIES}/{_GRID_SPAN}")))
            merge = tc.find(f"{_CELL_PROPERTIES}/{_VERTICAL_MERGE}")
            continues = merge is not None and merge.get(_VALUE, "continue") == "continue"
            above = self.above[offset] if continues and offset < len(self.above) else None
            cell = above
            if cell is None:
                text = _cell_text(tc)
                where = f"{self.name} 第{number}行 第{offset + 1}列"
                written = written or bool(text.strip())
                if offset >= MAX_OFFICE_COLUMNS:
                    if text.strip():
                        raise self._beyond("office-too-many-columns", where, MAX_OFFICE_COLUMNS)
                    offset += span
                    continue
                cell = GridCell(_checked(text, where), where)
            end = min(offset + span, MAX_OFFICE_COLUMNS)
            if offset < end:
                cells += [cell] * (end - offset)  # a span of 2000000000 stops at the limit
            offset += span
        if number > MAX_OFFICE_ROWS:
            if written:
                where = f"{self.name} 第{number}行"
                raise self._beyond("office-too-many-rows", where, MAX_OFFICE_ROWS)
            return  # an empty row below the limit: nothing lost
        self.cells += len(cells)
        if self.cells > MAX_OFFICE_CELLS:
            raise ReportError(
                Text("office-too-many-cells", {"where": self.name, "limit": MAX_OFFICE_CELLS})
            )
        self.archive.spend_cells(len(cells), self.name)
        self.rows.append(cells)
        self.above = cells

    def grid(self) -> Grid:
        """The table, once it is complete (its last rows are still in it)."""
        for row in list(self.element):
            self.add(row)
        self.element.clear()
        return Grid(name=self.name, rows=self.rows)

    def _beyond(self, code: str, where: str, limit: int) -> ReportError:
        return ReportError(Text(code, {"where": self.name, "cell": where, "limit": limit}))


def _cell_text(tc: Element) -> str:
    """The cell's paragraphs, one per line (its nested tables are not its text)."""
    return "\n".join(_paragraph_text(p) for p in tc if p.tag == _PARAGRAPH)


def _paragraph_text(paragraph: Element) -> str:
    pieces: list[str] = []
    for child in paragraph:
        if child.tag == _RUN:
            pieces.append(_run_text(child))
        elif child.tag == _HYPERLINK:
            pieces += [_run_text(run) for run in child if run.tag == _RUN]
    return "".join(pieces)


def _run_text(run: Element) -> str:
    pieces: list[str] = []
    for child in run:
        if child.tag == _TEXT:
            pieces.append(child.text or "")
        elif child.tag == f"{_W}br":
            # a line break; a page or column break shows nothing
            pieces.append("\n" if child.get(_BREAK_TYPE, "textWrapping") == "textWrapping" else "")
        else:
            pieces.append(_RUN_TEXT.get(child.tag, ""))
    return "".join(pieces)


def _integer(element: Element | None) -> int:
    """The ``w:val`` of ``element`` as a count (0 when absent or not a count)."""
    text = (element.get(_VALUE, "") if element is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else 0


def _checked(text: str, where: str) -> str:
    if len(text) > MAX_OFFICE_CELL_CHARS:
        raise ReportError(
            Text(
                "office-cell-too-long",
                {"cell": where, "chars": len(text), "limit": MAX_OFFICE_CELL_CHARS},
            )
        )
    return text
