"""The form as the page draws it: blocks of rows of cells, each cell naming the pointer it shows.

Pure data, no HTML (``form`` draws it). The blocks follow the printed
项目支出绩效自评表: 基本信息, 项目资金, 年度总体目标, 绩效指标 (with the 总分 row), then
the 自评报告 text when the report carries one. :func:`anchor` tells on which
drawn element a finding falls: its own cell, else the row or the block that
holds what it points at, else the whole form; :func:`describe` names a
pointer in the words of the form ("绩效指标 · 第7行 · 年度指标值").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from evallint import pointer as jsonpointer
from evallint.formatters.html.labels import Labels
from evallint.messages import decimal_text

PARTS = ("form", "header", "funds", "goals", "indicators", "narrative")
"""The parts of a form, in the order the page lists their findings."""

_PART_OF_KEY: Mapping[str, str] = {
    "format": "header",
    "layout": "header",
    "title": "header",
    "year": "header",
    "project": "header",
    "department": "header",
    "implementer": "header",
    "unit": "header",
    "funds": "funds",
    "goals": "goals",
    "categories": "indicators",
    "indicators": "indicators",
    "total": "indicators",
    "narrative": "narrative",
}

_FUND_ROWS = ("total", "current", "carryover", "other")
_FUND_COLUMNS = ("initial", "adjusted", "executed")
_FUND_TOTALS = ("weight", "rate", "score")
_INDICATOR_COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "score")
_INDICATOR_EXTRAS = ("nature", "unit")  # drawn only when a row has them
_NUMBERS = frozenset(("weight", "score", "amount"))
_SPACES = " \t\r\n\u3000\u00a0"


@dataclass(frozen=True, slots=True)
class Cell:
    """One box: a report cell (``pointer``) with its text, or a label (``pointer`` None).

    ``kind`` is a style: ``gutter`` (the narrow first column that carries a
    row's markers), ``void`` (a box the form leaves empty), ``num`` (a figure),
    ``long`` (prose), ``repeat`` (the same level as the row above).
    """

    text: str = ""
    pointer: str | None = None
    span: int = 1
    kind: str = ""
    blank: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A row of boxes; ``pointer`` names the report row it shows (``/indicators/3``)."""

    cells: tuple[Cell, ...]
    pointer: str | None = None
    head: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the form: its part (``funds``…), its title and rows."""

    part: str
    title: str
    rows: tuple[Row, ...]
    pointer: str | None = None


def draw(data: Mapping[str, Any], labels: Labels) -> tuple[Block, ...]:
    """The blocks of the form ``data`` holds (any shape: what is missing is drawn blank)."""
    blocks = [_header(data, labels), _funds(data, labels), _goals(data, labels)]
    blocks.append(_indicators(data, labels))
    narrative = data.get("narrative")
    if isinstance(narrative, list) and narrative:
        blocks.append(_narrative(data, narrative, labels))
    return tuple(blocks)


def drawn_keys(blocks: Iterable[Block]) -> frozenset[str]:
    """What :func:`anchor` may land on: the pointers of cells and rows, and ``:part`` keys."""
    keys = {":form"}
    for block in blocks:
        keys.add(":" + block.part)
        for row in block.rows:
            if row.pointer is not None:
                keys.add(row.pointer)
            keys.update(cell.pointer for cell in row.cells if cell.pointer is not None)
    return frozenset(keys)


def anchor(path: str, drawn: frozenset[str]) -> str:
    """The drawn element a finding at ``path`` falls on: the pointer of its cell or row, or
    ``:part`` for a whole block, or ``:form`` for the whole form."""
    try:
        tokens = jsonpointer.split(path)
    except ValueError:
        return ":form"
    for length in range(len(tokens), 0, -1):
        candidate = jsonpointer.build(tokens[:length])
        if candidate in drawn:
            return candidate
    part = ":" + part_of(path)
    return part if part in drawn else ":form"


def part_of(path: str) -> str:
    """The part of the form a pointer (or an :func:`anchor` key) is about."""
    if path.startswith(":"):
        return path[1:]
    try:
        tokens = jsonpointer.split(path)
    except ValueError:
        return "form"
    return _PART_OF_KEY.get(tokens[0], "form") if tokens else "form"


def describe(path: str, data: Mapping[str, Any], labels: Labels) -> str:
    """Where ``path`` is, in the form's words: "绩效指标 · 第5行（企业问题办结） · 年度指标值"."""
    try:
        tokens = jsonpointer.split(path)
    except ValueError:
        return path
    if not tokens:
        return labels("whole_form")
    head, rest = tokens[0], tokens[1:]
    words = [labels("report_title" if head == "title" else head)]
    if head in ("indicators", "narrative") and rest and rest[0].isascii() and rest[0].isdigit():
        index = int(rest[0])
        words.append(labels("row" if head == "indicators" else "section", n=index + 1))
        item = jsonpointer.resolve(data, f"/{head}/{index}", None)
        name = _row_name(item, ("name", "level2") if head == "indicators" else ("heading",))
        if name:
            words[-1] += f"（{name}）" if labels.lang == "zh" else f" ({name})"
        rest = rest[1:]
        if head == "indicators" and rest[:1] == ["actual"]:
            rest = ["actual_value", *rest[1:]]
        if head == "indicators" and rest[:1] == ["unit"]:
            rest = ["measure", *rest[1:]]
    elif head == "total":
        words = [labels("sum")]
    words.extend(labels(token) for token in rest)
    return " · ".join(words)


def _row_name(item: Any, keys: Sequence[str]) -> str:
    if not isinstance(item, dict):
        return ""
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip(_SPACES):
            text = value.strip(_SPACES)
            return text if len(text) <= 16 else text[:15] + "…"
    return ""


def _value(data: Mapping[str, Any], path: str, labels: Labels, kind: str = "") -> Cell:
    value = jsonpointer.resolve(data, path, None)
    if value is None:
        return Cell(pointer=path, kind=kind, blank=True)
    if isinstance(value, str):  # as typed, without the stray spaces around it
        text = value.strip(_SPACES)
        return Cell(text, path, kind=kind, blank=not text)
    if isinstance(value, bool):
        return Cell(("是" if value else "否") if labels.lang == "zh" else str(value).lower(), path)
    if isinstance(value, Decimal):
        return Cell(decimal_text(value), path, kind=kind or "num")
    if isinstance(value, (int, float)):
        return Cell(str(value), path, kind=kind or "num")
    return Cell("{…}" if isinstance(value, dict) else "[…]", path, kind=kind)


def _th(text: str, span: int = 1, kind: str = "") -> Cell:
    return Cell(text, span=span, kind=kind)


def _header(data: Mapping[str, Any], labels: Labels) -> Block:
    rows = (
        Row((_th(labels("report_title")), _span(_value(data, "/title", labels), 5))),
        Row(
            (
                _th(labels("project")),
                _span(_value(data, "/project", labels), 3),
                _th(labels("year")),
                _value(data, "/year", labels),
            )
        ),
        Row(
            (
                _th(labels("department")),
                _value(data, "/department", labels),
                _th(labels("implementer")),
                _value(data, "/implementer", labels),
                _th(labels("unit")),
                _value(data, "/unit", labels),
            )
        ),
    )
    return Block("header", labels("header"), rows)


def _span(cell: Cell, span: int) -> Cell:
    return Cell(cell.text, cell.pointer, span, cell.kind, cell.blank)


def _funds(data: Mapping[str, Any], labels: Labels) -> Block:
    funds = data.get("funds")
    funds = funds if isinstance(funds, dict) else {}
    unit = data.get("unit")
    corner = unit.strip(_SPACES) if isinstance(unit, str) and unit.strip(_SPACES) else ""
    columns = (*_FUND_COLUMNS, *_FUND_TOTALS)
    rows = [Row((_th(corner), *(_th(labels(c), kind="num") for c in columns)), head=True)]
    keys = [k for k in _FUND_ROWS if k == "total" or isinstance(funds.get(k), dict)]
    keys += [k for k, v in funds.items() if isinstance(v, dict) and k not in _FUND_ROWS]
    for key in keys:
        row = f"/funds/{jsonpointer.escape(key)}"
        cells = [_th(labels(key))]
        cells += [_value(data, f"{row}/{column}", labels, "num") for column in _FUND_COLUMNS]
        if key == "total":
            cells += [_value(data, f"/funds/{column}", labels, "num") for column in _FUND_TOTALS]
        else:
            cells += [Cell(kind="void") for _ in _FUND_TOTALS]
        rows.append(Row(tuple(cells), row))
    return Block("funds", labels("funds"), tuple(rows), "/funds")


def _goals(data: Mapping[str, Any], labels: Labels) -> Block:
    rows = (
        Row((_th(labels("expected")), _th(labels("actual"))), head=True),
        Row(
            (
                _value(data, "/goals/expected", labels, "long"),
                _value(data, "/goals/actual", labels, "long"),
            )
        ),
    )
    return Block("goals", labels("goals"), rows, "/goals")


def _indicators(data: Mapping[str, Any], labels: Labels) -> Block:
    items = data.get("indicators")
    items = items if isinstance(items, list) else []
    extras = tuple(
        key for key in _INDICATOR_EXTRAS if any(isinstance(i, dict) and key in i for i in items)
    )
    columns = (*_INDICATOR_COLUMNS[:3], *extras, *_INDICATOR_COLUMNS[3:], "deviation")
    names = {"actual": "actual_value", "unit": "measure"}
    heads = [_th(labels(names.get(c, c)), kind="num" if c in _NUMBERS else "") for c in columns]
    rows = [Row((Cell(kind="gutter"), *heads), head=True)]
    previous: dict[str, str] = {}
    for index, item in enumerate(items):
        row = f"/indicators/{index}"
        cells = [Cell(kind="gutter")]
        for column in columns:
            kind = "long" if column in ("target", "actual", "deviation") else ""
            kind = "num" if column in _NUMBERS else kind
            cell = _value(data, f"{row}/{column}", labels, kind)
            if column in ("level1", "level2"):
                if cell.text and previous.get(column) == cell.text:
                    cell = Cell(cell.text, cell.pointer, kind="repeat")
                previous[column] = cell.text
            cells.append(cell)
        if not isinstance(item, dict):
            previous.clear()
        rows.append(Row(tuple(cells), row))
    label_span = len(columns) - 3
    total = (
        Cell(kind="gutter"),
        _th(labels("sum"), label_span),
        _value(data, "/total/weight", labels, "num"),
        _value(data, "/total/score", labels, "num"),
        Cell(kind="void"),
    )
    rows.append(Row(total, "/total"))
    return Block("indicators", labels("indicators"), tuple(rows), "/indicators")


def _narrative(data: Mapping[str, Any], sections: list[Any], labels: Labels) -> Block:
    with_amount = any(isinstance(s, dict) and "amount" in s for s in sections)
    columns = ("heading", "amount", "text") if with_amount else ("heading", "text")
    heads = (_th(labels(c), kind="num" if c in _NUMBERS else "") for c in columns)
    rows = [Row((Cell(kind="gutter"), *heads), head=True)]
    for index in range(len(sections)):
        row = f"/narrative/{index}"
        kinds = {"amount": "num", "text": "prose", "heading": "heading"}
        cells = [_value(data, f"{row}/{c}", labels, kinds[c]) for c in columns]
        rows.append(Row((Cell(kind="gutter"), *cells), row))
    return Block("narrative", labels("narrative"), tuple(rows), "/narrative")
