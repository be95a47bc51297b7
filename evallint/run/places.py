"""Where things are in a report: the pointer of an item, the spreadsheet cell of a pointer.

A rule's items are objects of the report; a finding about one needs its JSON
Pointer, found by identity (:class:`PointerIndex`, built only when an item
fails). A report imported from a workbook records the cell of every value in
``source.cells``; :class:`SourceCells` names the cell a finding points at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from evallint import pointer as jsonpointer


class PointerIndex:
    """JSON Pointer of every object and list in the report, found by identity, built lazily."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.index: dict[int, str] | None = None

    def of(self, item: Any) -> str:
        """The pointer of ``item`` (an object or list of the report), ``""`` if it is not one."""
        if not isinstance(item, (dict, list)):
            return ""
        if self.index is None:
            self.index = {}
            stack: list[tuple[Any, str]] = [(self.root, "")]
            while stack:
                node, where = stack.pop()
                self.index[id(node)] = where
                if isinstance(node, dict):
                    stack.extend(
                        (v, f"{where}/{jsonpointer.escape(k)}")
                        for k, v in node.items()
                        if isinstance(v, (dict, list))
                    )
                elif isinstance(node, list):
                    stack.extend(
                        (v, f"{where}/{i}")
                        for i, v in enumerate(node)
                        if isinstance(v, (dict, list))
                    )
        return self.index.get(id(item), "")


_A1 = re.compile(r"^\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$")


_CELL = re.compile(r"^(?:(?P<sheet>.+)!)?\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>\d+)$")


def _column_number(name: str) -> int:
    number = 0
    for letter in name.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


class SourceCells:
    """The spreadsheet cell a pointer was read from, where the report records one."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        source = data.get("source")
        cells = source.get("cells") if isinstance(source, dict) else None
        self.cells: Mapping[str, Any] = cells if isinstance(cells, dict) else {}
        sheet = source.get("sheet") if isinstance(source, dict) else None
        self.sheet = sheet if isinstance(sheet, str) and sheet else None

    def cell(self, path: str) -> str | None:
        """The cell of ``path`` (or of the closest object above it that has one)."""
        if not self.cells:
            return None
        for part in ("name", "level2", "level1"):  # a whole row: the cell that names it
            value = self.cells.get(f"{path}/{part}")
            if isinstance(value, str) and value:
                return self._qualified(value)
        if path and path not in self.cells:
            spanned = self._range_under(path)
            if spanned is not None:  # a whole table or block: the cells it spans
                return spanned
        probe = path
        while True:
            value = self.cells.get(probe)
            if isinstance(value, str) and value:
                return self._qualified(value)
            if not probe:
                return None
            probe = probe.rsplit("/", 1)[0]

    def _range_under(self, path: str) -> str | None:
        """``Sheet!A12:I24``: the range of the cells read from under ``path`` (one sheet)."""
        prefix = path + "/"
        places = [
            _CELL.match(self._qualified(value))
            for key, value in self.cells.items()
            if key.startswith(prefix) and isinstance(value, str)
        ]
        found = [match for match in places if match is not None]
        if len(found) < 2 or len({match["sheet"] for match in found}) != 1:
            return None
        columns = [_column_number(match["col"]) for match in found]
        rows = [int(match["row"]) for match in found]
        sheet = found[0]["sheet"]
        first = f"{_column_name(min(columns))}{min(rows)}"
        last = f"{_column_name(max(columns))}{max(rows)}"
        return f"{sheet}!{first}:{last}" if sheet else f"{first}:{last}"

    def _qualified(self, value: str) -> str:
        if self.sheet and _A1.match(value):  # "F12" → "Sheet1!F12"
            return f"{self.sheet}!{value}"
        return value
