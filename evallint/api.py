"""The library entry point: lint one report and get its findings back as data."""

from __future__ import annotations

from evallint.findings import Finding
from evallint.linter import check_report
from evallint.messages import Lang
from evallint.report import Report, ReportSource, load_report


def lint(report: Report | ReportSource, *, lang: Lang = "zh") -> list[Finding]:
    """The findings for ``report`` (anything :func:`~evallint.load_report` takes).

    Raises :class:`~evallint.errors.ReportError` when the input cannot be read
    as a report at all. Today the findings are the report-format (schema)
    checks; rule packs add theirs on top.
    """
    loaded = report if isinstance(report, Report) else load_report(report)
    return list(check_report(loaded, lang=lang))
