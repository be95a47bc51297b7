"""The review page: one self-contained HTML file that draws each form with its findings on it.

The page is in the run's language (``Options.lang``). At the top, the run's
counts; for a batch, the overview first: a sortable table of every form
(findings by severity, unreadable inputs with their reason; each name links
to its form) and charts of the findings by severity and by rule, in inline
SVG. Then one section per report (``form``): the 项目支出绩效自评表 drawn as it
prints (``layout``), each finding numbered and linked to the cell, row or
block it concerns, which is highlighted in the severity's colour and links
back. No network: the stylesheet and the sorting script are inline
(``assets``), and the page's Content-Security-Policy loads nothing.

The formatter is fed one result at a time; it keeps each form's section as
text and a small entry for the overview, and writes the page at ``end``.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from evallint import messages
from evallint.formatters.base import Formatter, Options, nothing_found
from evallint.formatters.html.assets import SCRIPT, SECURITY, STYLE
from evallint.formatters.html.chart import rule_chart, severity_chart
from evallint.formatters.html.form import Context, Entry, section
from evallint.formatters.html.labels import Labels
from evallint.formatters.html.overview import overview_table, summary_bar
from evallint.results import ReportResult, Summary

__all__ = ["HtmlFormatter"]


class HtmlFormatter(Formatter):
    """The HTML review page (``--format html``)."""

    wants_data = True

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.labels = Labels(options.lang)
        self.sections: list[str] = []
        self.entries: list[Entry] = []
        self.by_rule: Counter[tuple[str, str]] = Counter()
        self.titles: dict[str, str] = {}
        if options.rules is not None:
            for rule in options.rules.rules:
                title = rule.title.get(options.lang) or rule.title.get("zh")
                if title:
                    self.titles[rule.id] = title

    def _nothing_found(self) -> str:
        message_id = nothing_found(self.options.rules)
        if message_id == "no-findings":
            return self.labels("none")
        return messages.render(message_id, self.options.lang)

    def report(self, result: ReportResult) -> str:
        for finding in result.findings:
            self.by_rule[(finding.rule, str(finding.severity))] += 1
        context = Context(self.labels, self.titles, self._nothing_found())
        html, entry = section(result, len(self.sections) + 1, context)
        self.sections.append(html)
        self.entries.append(entry)
        return ""

    def end(self, summary: Summary) -> str:
        labels = self.labels
        title = escape(labels("title"))
        batch = len(self.entries) > 1
        overview = ""
        if batch:
            severities = {"error": summary.errors, "warning": summary.warnings}
            severities["info"] = summary.infos
            charts = severity_chart(severities, labels) + rule_chart(
                self.by_rule, self.titles, labels
            )
            overview = (
                f'<section class="overview" id="overview"><h2>{escape(labels("overview"))}</h2>'
                f'<p class="hint">{escape(labels("sort_hint"))}</p>'
                f"{overview_table(self.entries, labels, self._nothing_found())}"
                f'<div class="charts">{charts}</div></section>'
            )
        lang = "zh-CN" if self.options.lang == "zh" else "en"
        script = f"<script>{SCRIPT}</script>" if batch else ""
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{SECURITY}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{STYLE}</style></head><body>"
            f'<header class="page-head" id="top"><h1>{title}</h1>{summary_bar(summary, labels)}'
            "</header>"
            f"<main>{overview}{''.join(self.sections)}</main>{script}</body></html>\n"
        )
