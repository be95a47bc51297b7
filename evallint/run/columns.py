"""A column empty in every row is one finding about the column, not one per row.

A report written before format v1.1, or one that names no layout, may carry a
column its form does not have as ``null`` in every row (a converter that wrote
every key of the national template). Rules then see each of those cells as a
blank box and say so row by row: a Hubei form, which has no per-indicator 分值,
would get one "blank 分值" error per row. Here the findings about cells of such a
column are gathered into one finding at the column's first cell, which says
the column is empty throughout and what to do: take it out (or name the
layout), or fill it in — when rules found every one of its cells wanting (a
偏差 column left blank where all but one target was met keeps its one finding).
A report that names its layout is taken at its word: its empty cells are
blanks, each one a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from evallint import messages
from evallint.domain.cells import read_cell
from evallint.messages import Lang
from evallint.results import Finding, Severity
from evallint.schema import field_titles

# the columns of the two tables of the form whose cells rules report one by one
_INDICATOR_COLUMNS = ("target", "actual", "weight", "score", "deviation", "nature", "unit")
_FUNDS_COLUMNS = ("initial", "adjusted", "executed")
_CELL = re.compile(r"^/(indicators|funds)/([^/]+)/([^/]+)$")
_LEAST_ROWS = 2  # one blank cell is a blank cell, not an empty column


def empty_columns(data: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """The columns left blank in every row, as (table, key) → the pointers of their cells."""
    found: dict[tuple[str, str], list[str]] = {}
    rows = data.get("indicators")
    if isinstance(rows, list):
        named = [
            (index, row)
            for index, row in enumerate(rows)
            if isinstance(row, dict) and read_cell(row.get("name")).kind != "blank"
        ]
        for key in _INDICATOR_COLUMNS:
            cells = [(i, row) for i, row in named if key in row]
            if len(cells) >= _LEAST_ROWS and all(_blank(row[key]) for _, row in cells):
                found[("indicators", key)] = [f"/indicators/{i}/{key}" for i, _ in cells]
    funds = data.get("funds")
    if isinstance(funds, dict):
        parts = [(name, row) for name, row in funds.items() if isinstance(row, dict)]
        for key in _FUNDS_COLUMNS:
            cells = [(name, row) for name, row in parts if key in row]
            if len(cells) >= _LEAST_ROWS and all(_blank(row[key]) for _, row in cells):
                found[("funds", key)] = [f"/funds/{name}/{key}" for name, _ in cells]
    return found


def collapse(
    data: dict[str, Any], findings: Sequence[Finding], lang: Lang, file: str | None
) -> list[Finding]:
    """``findings``, those about the cells of a column blank throughout gathered into one
    finding per column (only for a report that names no layout)."""
    if "layout" in data or not any(_CELL.match(finding.path) for finding in findings):
        return list(findings)  # (the columns are looked at only where a cell has a finding)
    columns = empty_columns(data)
    if not columns:
        return list(findings)
    gathered: dict[tuple[str, str], list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        match = _CELL.match(finding.path)
        column = (match.group(1), match.group(3)) if match else ("", "")
        if column in columns and finding.rule != "rule-error":
            gathered.setdefault(column, []).append(finding)
        else:
            kept.append(finding)
    for (table, key), about in gathered.items():
        cells = columns[(table, key)]
        if {finding.path for finding in about} >= set(cells):
            kept.append(_column_finding(table, key, cells, about, lang, file))
        else:  # some rows only: those rows' own blanks (a deviation column left blank
            kept.extend(about)  # where every other target was met), each one a finding
    return kept


def _column_finding(
    table: str, key: str, cells: list[str], about: list[Finding], lang: Lang, file: str | None
) -> Finding:
    label = field_titles().get(key, key)
    rules = sorted({finding.rule for finding in about})
    severity = min((finding.severity for finding in about), key=_rank)
    return Finding(
        rule="column-empty",
        severity=severity,
        message=messages.render(
            "column-empty",
            lang,
            column=label,
            rows=len(cells),
            count=len(about),
            rules="、".join(rules) if lang == "zh" else ", ".join(rules),
        ),
        path=cells[0],
        values={"column": key, "table": table, "rows": len(cells), "rules": rules},
        file=file,
        operands=tuple(cells),
    )


def _blank(value: Any) -> bool:
    return read_cell(value).kind == "blank" if isinstance(value, (str, type(None))) else False


def _rank(severity: Severity) -> int:
    return {"error": 0, "warning": 1, "info": 2}.get(str(severity), 3)
