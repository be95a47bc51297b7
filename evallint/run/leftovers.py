"""Template text left in a form, reported once as what it is (docs/layouts.md).

A slot name (``指标1``), stars where the number belongs (``(≥**平方米)``), a
printed instruction left in an answer box, an amount cell holding only the
printed ``万元``: each is one ``template-leftover`` warning at its cell, whose
message says what to write there. It is not a blank box (no blank-cell error)
and not an answer (``filled()`` is unknown for it, and every rule that reads the
cell stands aside, as for a cell the schema reported).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from evallint import messages, pointer
from evallint.domain.cells import read_cell
from evallint.domain.leftovers import HINT, unit_only
from evallint.messages import Lang
from evallint.results import Finding, Severity
from evallint.schema import field_titles

_ROW_CELLS = ("level1", "level2", "name", "target", "actual", "deviation")
_AMOUNTS = ("initial", "adjusted", "executed")
_VALUES = frozenset({"target", "actual", *_AMOUNTS})  # where a lone 万元 is no answer
# boxes whose key means something else elsewhere on the form
_LABELS = {
    "goals": {"expected": "预期目标", "actual": "实际完成情况"},
    "narrative": {"text": "自评报告正文"},
}


def leftovers(data: dict[str, Any], lang: Lang) -> list[Finding]:
    """One finding per cell of the form that holds template text."""
    cells = list(_cells(data))
    texts = [value for _, _, value in cells if type(value) is str]
    if HINT.search("\n".join(texts)) is None:
        return []  # the usual form: one search over all its texts
    found = []
    for where, key, value in cells:
        if not isinstance(value, str) or HINT.search(value) is None:
            continue
        kind: str | None = read_cell(value).leftover
        if kind is None and key in _VALUES and unit_only(value):
            kind = "unit-only"
        if kind is None:
            continue
        label = _LABELS.get(where.split("/")[1], {}).get(key) or field_titles().get(key, key)
        text = value.strip()
        found.append(
            Finding(
                rule="template-leftover",
                severity=Severity.WARNING,
                message=messages.render(f"template-{kind}", lang, text=text, label=label),
                path=where,
                values={"text": text, "kind": kind},
            )
        )
    return found


def _cells(data: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(pointer, key, value) of every cell a person fills in on the form."""
    rows = data.get("indicators")
    for index, row in enumerate(rows if isinstance(rows, list) else ()):
        if isinstance(row, dict):
            for key in _ROW_CELLS:
                if key in row:
                    yield f"/indicators/{index}/{key}", key, row[key]
    goals = data.get("goals")
    if isinstance(goals, dict):
        for key in ("expected", "actual"):
            if key in goals:
                yield f"/goals/{key}", key, goals[key]
    funds = data.get("funds")
    if isinstance(funds, dict):
        for name, row in funds.items():
            if isinstance(row, dict):
                for key in _AMOUNTS:
                    if key in row:
                        yield f"/funds/{pointer.escape(name)}/{key}", key, row[key]
    sections = data.get("narrative")
    for index, section in enumerate(sections if isinstance(sections, list) else ()):
        if isinstance(section, dict) and "text" in section:
            yield f"/narrative/{index}/text", "text", section["text"]
