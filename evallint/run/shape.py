"""Which boxes a report's form has (report format v1.1): absent is not empty.

A key that is absent means the form has no such box; ``null``, ``""``, white
space or a placeholder means the box is there and empty. A report that names
its layout (``"layout": "hubei-2021"``) also lacks every box its layout family
does not print, even where the key is there. A rule whose finding would point at
a box the form lacks, or that ``needs`` one, does not apply to that item.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evallint import pointer as jsonpointer
from evallint.domain.layouts import Layout


class FormShape:
    """The boxes of one report's form, asked item by item while rules run."""

    def __init__(self, data: dict[str, Any], layout: Layout | None) -> None:
        self.root = data
        self.layout = layout
        self._tables: dict[int, str] | None = None

    def tables(self) -> dict[int, str]:
        """Which table each object of the report is, by identity (worked out when first
        asked: a report whose rules never ask pays nothing)."""
        if self._tables is None:
            root = self.root
            found = {id(root): "report"}
            funds = root.get("funds")
            if isinstance(funds, dict):
                found[id(funds)] = "funds"
                found.update((id(row), "funds-row") for row in funds.values() if type(row) is dict)
            rows = root.get("indicators")
            if isinstance(rows, list):
                found.update((id(row), "indicator") for row in rows if type(row) is dict)
            for key in ("goals", "total", "categories"):
                if isinstance(root.get(key), dict):
                    found[id(root[key])] = key
            self._tables = found
        return self._tables

    def lacks(self, item: Any, key: str) -> bool:
        """Whether the form has no box ``key`` in ``item`` (an object of the report)."""
        if type(item) is not dict:
            return False  # not a table of the form: a value the rule made
        if key not in item:
            return True
        if self.layout is None:
            return False
        table = self.tables().get(id(item))
        return table is not None and self.layout.lacks(table, key)

    def lacks_path(self, item: Any, path: str) -> bool:
        """:meth:`lacks` along a path: ``score``, ``total/adjusted`` from ``item``, or an
        absolute pointer (``/goals/expected``) from the report."""
        if path.startswith("/"):
            item, path = self.root, path[1:]
        for token in path.split("/"):
            key = jsonpointer.unescape(token)
            if self.lacks(item, key):
                return True
            if type(item) is not dict:
                return False
            item = item[key]
        return False

    def lacks_any(self, item: Any, paths: Sequence[str]) -> bool:
        return any(self.lacks_path(item, path) for path in paths)
