"""Read a .docx document: its paragraphs and tables, in the order they stand.

Word has no numbers, only text: every cell is read as the text it shows. A
merged cell (across columns or down rows) is one object at each position.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evallint.office.grid import Grid, GridCell


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    number: int
    """Its place among the document's paragraphs, from 1 (as Word counts them)."""


Block = Paragraph | Grid


def read_document(path: Path) -> list[Block]:
    """The paragraphs and tables of the document body, top to bottom."""
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    blocks: list[Block] = []
    tables = paragraphs = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = "".join(t.text or "" for t in element.iter(_W_T))
            blocks.append(Paragraph(text, paragraphs))
        elif tag == "tbl":
            tables += 1
            blocks.append(_grid(Table(element, document), tables))
    return blocks


_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def _grid(table: Any, number: int) -> Grid:
    name = f"表{number}"
    grid = Grid(name=name, rows=[])
    # The same XML cell at several positions is a merged area. The element is
    # kept beside its cell so its id() cannot be reused by another one.
    seen: dict[int, tuple[Any, GridCell]] = {}
    for r, row in enumerate(table.rows, start=1):
        cells: list[GridCell | None] = []
        for c, cell in enumerate(row.cells, start=1):
            element = cell._tc
            known = seen.get(id(element))
            if known is None or known[0] is not element:
                known = seen[id(element)] = (
                    element,
                    GridCell(cell.text, f"{name} 第{r}行 第{c}列"),
                )
            cells.append(known[1])
        grid.rows.append(cells)
    return grid
