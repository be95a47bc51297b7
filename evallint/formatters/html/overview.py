"""The top of the page: the run's counts, and for a batch the table of every form.

The table lists each input in the order it was checked, with its findings by
severity, and links each name to its section (``#report-N``); an input that
could not be read is listed with the reason. Clicking a column head sorts the
rows (the page's small inline script; see ``assets``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from evallint import messages
from evallint.formatters.html.form import Entry
from evallint.formatters.html.labels import SEVERITIES, Labels
from evallint.results import Summary


def summary_bar(summary: Summary, labels: Labels) -> str:
    """The counts of the run; the ids (``report-count``, ``error-count`` …) are for tools."""
    tiles = [("reports", "report-count", labels("reports"), summary.reports)]
    for severity, count in zip(
        SEVERITIES, (summary.errors, summary.warnings, summary.infos), strict=True
    ):
        tiles.append((severity, f"{severity}-count", labels.severity(severity), count))
    tiles.append(("unreadable", "unreadable-count", labels("unreadable"), summary.unreadable))
    parts = [
        f'<span class="tile count-{kind}{" zero" if not count else ""}">'
        f'<span class="label">{escape(label)}</span><b id="{ident}">{count}</b></span>'
        for kind, ident, label, count in tiles
    ]
    if summary.rule_errors:
        # a run with rules left out is never shown as a clean pass
        problems = messages.render("summary-rule-errors", labels.lang, **summary.to_dict())
        parts.append(
            f'<span class="tile count-error rule-errors" id="rule-errors">'
            f"{escape(problems.lstrip('；; '))}</span>"
        )
    return f'<div class="summary" id="summary">{"".join(parts)}</div>'


def overview_table(entries: Sequence[Entry], labels: Labels, nothing_found: str) -> str:
    """Every form with its counts, sortable; names link to the forms' sections."""
    heads = [
        ("number", "number", labels("number")),
        ("text", "file", labels("file")),
        ("text", "project", labels("project_column")),
        *(("number", f"sev-{s}", labels.severity(s)) for s in SEVERITIES),
        ("number", "total", labels("total_column")),
        ("text", "status", labels("status")),
    ]
    head = "".join(
        f'<th data-sort="{kind}" class="{css}"'
        + (' aria-sort="ascending"' if css == "number" else "")
        + f">{escape(text)}</th>"
        for kind, css, text in heads
    )
    rows = "".join(_row(entry, labels, nothing_found) for entry in entries)
    return (
        f'<table class="sortable overview-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _row(entry: Entry, labels: Labels, nothing_found: str) -> str:
    link = f'<a href="#report-{entry.number}">{escape(entry.name)}</a>'
    cells = [f'<td class="number" data-value="{entry.number}">{entry.number}</td>']
    cells.append(f'<td class="file">{link}</td><td class="project">{escape(entry.project)}</td>')
    if entry.unreadable is not None:
        cells.extend('<td class="n" data-value="-1">—</td>' for _ in range(4))
        cells.append(
            f'<td class="status"><span class="chip sev-error">{escape(labels("unreadable"))}'
            f"</span> {escape(entry.unreadable)}</td>"
        )
        css = "unreadable"
    else:
        for severity, count in zip(SEVERITIES, entry.counts, strict=True):
            zero = " zero" if not count else ""
            cells.append(f'<td class="n sev-{severity}{zero}" data-value="{count}">{count}</td>')
        total = sum(entry.counts)
        cells.append(f'<td class="n total" data-value="{total}">{total}</td>')
        note = escape(nothing_found) if not total else ""
        cells.append(f'<td class="status">{note}</td>')
        css = "clean" if not total else ""
    return (
        f'<tr data-order="{entry.number}" data-report="report-{entry.number}"'
        + (f' class="{css}"' if css else "")
        + f">{''.join(cells)}</tr>"
    )
