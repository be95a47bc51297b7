"""One report's section of the page: the form drawn with its findings, numbered and linked.

Each finding gets a number (1, 2, 3 … per form, in the order the list shows
them: by part of the form, then in the form's order). It falls on a drawn
element (see ``layout.anchor``): a cell is filled with the severity's colour,
a row, a block or the whole form is outlined with it. The element carries an
``id`` the finding links to, and small numbered markers that link back to the
findings. The list beside the form groups the findings under the part they
concern, so none is left as "other findings" without being named. Cell
references (the spreadsheet cell and the JSON Pointer) are in each cell's
``title`` (shown on hover) and on each finding, never printed in the cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from evallint.formatters.html.labels import SEVERITIES, Labels
from evallint.formatters.html.layout import (
    PARTS,
    Block,
    Cell,
    Row,
    anchor,
    describe,
    draw,
    drawn_keys,
    part_of,
)
from evallint.messages import show_value
from evallint.results import Finding, ReportResult


@dataclass(frozen=True, slots=True)
class Entry:
    """What the overview keeps of one result: its number, name, project and counts."""

    number: int
    name: str
    project: str
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    unreadable: str | None = None
    """The reason an input could not be read (``None`` for a report read)."""

    @property
    def counts(self) -> tuple[int, int, int]:
        return (self.errors, self.warnings, self.infos)


@dataclass(frozen=True, slots=True)
class Context:
    """What every section of a page shares: its words, the rules' titles, what a clean form says."""

    labels: Labels
    titles: Mapping[str, str]
    nothing_found: str


@dataclass(frozen=True, slots=True)
class _Numbered:
    number: int
    key: str
    finding: Finding


def section(result: ReportResult, number: int, context: Context) -> tuple[str, Entry]:
    """The HTML section of ``result`` (``id="report-<number>"``) and its overview entry."""
    labels = context.labels
    if result.error is not None:
        error = result.error
        reason = error.describe(labels.lang)
        short = error.message(labels.lang)
        if error.line is not None:
            short = f"{error.line}:{error.col}: {short}" if error.col else f"{error.line}: {short}"
        entry = Entry(number, result.name, "", unreadable=short)
        head = _head(number, result.name, "", _chip("error", labels("unreadable")), context)
        return (
            f'<section class="report unreadable" id="report-{number}" '
            f'data-file="{escape(result.name)}">{head}<pre class="error">{escape(reason)}</pre>'
            "</section>",
            entry,
        )
    data = result.data or {}
    project = _text(data.get("project")) or (result.project or "")
    counts = [sum(1 for f in result.findings if f.severity == s) for s in SEVERITIES]
    entry = Entry(number, result.name, project, counts[0], counts[1], counts[2])
    return _Section(number, result, data, context).html(project, counts), entry


class _Section:
    """Draws one report read: the form, its markers, and the numbered list of findings."""

    def __init__(
        self, number: int, result: ReportResult, data: dict[str, Any], context: Context
    ) -> None:
        self.number = number
        self.result = result
        self.data = data
        self.context = context
        self.labels = context.labels
        self.blocks = draw(data, self.labels)
        drawn = drawn_keys(self.blocks)
        self.rows = {row.pointer for block in self.blocks for row in block.rows if row.pointer}
        placed = [(anchor(f.path, drawn), f) for f in result.findings]
        placed.sort(key=lambda item: PARTS.index(part_of(item[0])))  # stable: form order kept
        self.numbered = [_Numbered(n, key, f) for n, (key, f) in enumerate(placed, start=1)]
        self.marks: dict[str, list[_Numbered]] = {}
        self.targets: dict[str, str] = {}
        for item in self.numbered:
            self.marks.setdefault(item.key, []).append(item)
            self.targets.setdefault(item.key, f"r{number}-t{len(self.targets) + 1}")
        source = data.get("source")
        cells = source.get("cells") if isinstance(source, dict) else None
        self.refs: Mapping[str, Any] = cells if isinstance(cells, dict) else {}

    def html(self, project: str, counts: list[int]) -> str:
        labels = self.labels
        chips = "".join(
            _chip(severity, f"{labels.severity(severity)} {count}")
            for severity, count in zip(SEVERITIES, counts, strict=True)
            if count
        )
        if not self.numbered:
            chips = f'<span class="chip clean">{escape(self.context.nothing_found)}</span>'
        head = _head(self.number, self.result.name, project, chips, self.context)
        return (
            f'<section class="report" id="report-{self.number}" '
            f'data-file="{escape(self.result.name)}">{head}<div class="form">'
            f"{self._sheet()}{self._findings()}</div></section>"
        )

    # --- the form ---------------------------------------------------------------------------

    def _sheet(self) -> str:
        attributes = self._target(":form", "sheet")
        parts = [f'<div data-pointer=""{attributes}>']
        if ":form" in self.marks:
            parts.append(
                f'<p class="form-marks">{escape(self.labels("whole_form"))}'
                f"{self._markers(':form')}</p>"
            )
        parts.extend(self._block(block) for block in self.blocks)
        parts.append("</div>")
        return "".join(parts)

    def _block(self, block: Block) -> str:
        key = ":" + block.part
        pointer = f' data-pointer="{escape(block.pointer)}"' if block.pointer is not None else ""
        attributes = self._target(key, f"block block-{block.part}")
        rows = "".join(self._row(row) for row in block.rows)
        return (
            f'<div data-part="{block.part}"{pointer}{attributes}>'
            f"<h3>{escape(block.title)}{self._markers(key)}</h3>"
            f'<table class="{block.part}">{rows}</table></div>'
        )

    def _row(self, row: Row) -> str:
        attributes = ""
        markers = ""
        if row.pointer is not None:
            attributes = f' data-pointer="{escape(row.pointer)}"' + self._target(row.pointer, "")
            markers = self._markers(row.pointer)
        cells = []
        for cell in row.cells:
            if markers and cell.pointer is None and cell.kind != "void":
                cells.append(self._label(cell, markers))
                markers = ""
            else:
                cells.append(self._cell(cell, row.head))
        return f"<tr{attributes}>{''.join(cells)}</tr>"

    def _label(self, cell: Cell, markers: str) -> str:
        span = f" colspan={cell.span}" if cell.span > 1 else ""
        if cell.kind == "gutter":
            return f'<td class="gutter"{span}>{markers}</td>'
        return f"<th{span}>{escape(cell.text)}{markers}</th>"

    def _cell(self, cell: Cell, head: bool) -> str:
        span = f" colspan={cell.span}" if cell.span > 1 else ""
        if cell.pointer is None:
            if cell.kind in ("gutter", "void"):
                return f'<td class="{cell.kind}"{span}></td>'
            css = f' class="{cell.kind}"' if cell.kind else ""
            return f"<th{css}{span}>{escape(cell.text)}</th>"
        pointer = cell.pointer
        ref = self.refs.get(pointer)
        attributes = f' data-pointer="{escape(pointer)}"'
        where = pointer
        if isinstance(ref, str):
            attributes += f' data-cell="{escape(ref)}"'
            where = f"{ref} · {pointer}"
        found = self.marks.get(pointer, [])
        if found:
            where += "\n" + "\n".join(self._line(item) for item in found)
        attributes += f' title="{escape(where)}"{span}'
        attributes += self._target(pointer, cell.kind, fill=True)
        if found:
            rules = " ".join(dict.fromkeys(item.finding.rule for item in found))
            attributes += f' data-rules="{escape(rules)}"'
        text = escape(cell.text)
        if found and cell.blank:
            text = f'<span class="blank">{escape(show_value(None, self.labels.lang))}</span>'
        return f"<td{attributes}>{text}{self._markers(pointer)}</td>"

    def _target(self, key: str, css: str, *, fill: bool = False) -> str:
        """The ``id`` and classes of the element ``key``: highlighted if a finding falls on it."""
        found = self.marks.get(key)
        if not found:
            return f' class="{css}"' if css else ""
        worst = max(found, key=lambda item: item.finding.severity.rank).finding.severity
        highlight = f"finding-{worst}" if fill else f"outline-{worst}"
        classes = f"{css} {highlight}" if css else highlight
        return f' id="{self.targets[key]}" class="{classes}"'

    def _markers(self, key: str) -> str:
        found = self.marks.get(key)
        if not found:
            return ""
        links = "".join(
            f'<a class="mark sev-{item.finding.severity}" href="#r{self.number}-f{item.number}" '
            f'title="{escape(self._line(item))}">{item.number}</a>'
            for item in found
        )
        return f'<sup class="marks">{links}</sup>'

    def _line(self, item: _Numbered) -> str:
        finding = item.finding
        return f"{item.number} {self.labels.severity(finding.severity)}: {finding.message}"

    # --- the list of findings ---------------------------------------------------------------

    def _findings(self) -> str:
        labels = self.labels
        count = len(self.numbered)
        parts = [f'<aside class="findings"><h3>{escape(labels("findings"))}']
        parts.append(f' <span class="count">{count}</span></h3>')
        if not self.numbered:
            parts.append(f'<p class="clean">{escape(self.context.nothing_found)}</p>')
        for part in PARTS:
            items = [item for item in self.numbered if part_of(item.key) == part]
            if not items:
                continue
            entries = "".join(self._finding(item) for item in items)
            parts.append(
                f'<div class="part-findings" data-part="{part}"><h4>{escape(labels(part))}</h4>'
                f'<ol class="finding-list">{entries}</ol></div>'
            )
        parts.append("</aside>")
        return "".join(parts)

    def _finding(self, item: _Numbered) -> str:
        labels = self.labels
        finding = item.finding
        severity = str(finding.severity)
        target = self.targets[item.key]
        scope = ""
        if item.key.startswith(":"):
            scope = labels("whole_form" if item.key == ":form" else "whole_part")
        elif item.key in self.rows:
            scope = labels("whole_row")
        where = describe(finding.path, self.data, labels)
        if scope == where:
            scope = ""
        ref = finding.source or self.refs.get(finding.path)
        refs = f'<span class="cellref">{escape(ref)}</span>' if isinstance(ref, str) else ""
        refs += f"<code>{escape(finding.path or '/')}</code>"
        title = self.context.titles.get(finding.rule, "")
        rule_title = f' title="{escape(title)}"' if title else ""
        expected = ""
        if finding.expected is not None:
            expected = (
                f'<p class="expected">{escape(labels("expected_value"))}{labels("separator")}'
                f"<b>{escape(show_value(finding.expected, labels.lang))}</b></p>"
            )
        return (
            f'<li id="r{self.number}-f{item.number}" class="finding sev-{severity}" '
            f'value="{item.number}" data-number="{item.number}" '
            f'data-pointer="{escape(finding.path)}" data-target="{target}">'
            f'<a class="num sev-{severity}" href="#{target}">{item.number}</a><div class="body">'
            f'<p class="where"><span class="sev">{escape(labels.severity(severity))}</span>'
            f'<a href="#{target}">{escape(where)}</a>'
            + (f'<span class="scope">{escape(scope)}</span>' if scope else "")
            + f'</p><p class="msg">{escape(finding.message)}</p>{expected}'
            f'<p class="refs">{refs}<code class="rule"{rule_title}>{escape(finding.rule)}</code>'
            "</p></div></li>"
        )


def _head(number: int, name: str, project: str, chips: str, context: Context) -> str:
    back = f'<a class="back" href="#top">↑ {escape(context.labels("back"))}</a>'
    subtitle = f'<span class="project">{escape(project)}</span>' if project else ""
    return (
        f'<header class="report-head"><h2><span class="report-no">{number}</span>'
        f'<span class="file">{escape(name)}</span>{subtitle}</h2>'
        f'<div class="chips">{chips}</div>{back}</header>'
    )


def _chip(severity: str, text: str) -> str:
    return f'<span class="chip sev-{severity}">{escape(text)}</span>'


def _text(value: Any) -> str:
    return value.strip(" \t\r\n\u3000\u00a0") if isinstance(value, str) else ""
