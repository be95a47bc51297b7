"""Machine-readable output: one JSON object with findings, unreadable inputs, tallies, summary."""

from __future__ import annotations

import json
from typing import Any

from evallint.formatters.base import Formatter, Options
from evallint.results import ReportResult, Summary
from evallint.rules.docs import rule_dict


def finding_entries(result: ReportResult) -> list[dict[str, Any]]:
    """The findings of one result as JSON-ready dicts naming the file (and batch line)."""
    entries = []
    for finding in result.findings:
        data = finding.to_dict()
        data["file"] = result.input
        if result.line is not None:
            data["line"] = result.line
        if finding.path in result.lines:
            data["text_line"] = result.lines[finding.path]
        entries.append(data)
    return entries


def error_entry(result: ReportResult, lang: str) -> dict[str, Any]:
    """An unreadable input as a JSON-ready dict."""
    error = result.error
    assert error is not None
    entry: dict[str, Any] = {"file": result.input, "code": error.code}
    entry["message"] = error.message(lang)  # type: ignore[arg-type]
    for key in ("line", "col", "pointer"):
        value = getattr(error, key)
        if value is not None:
            entry[key] = value
    return entry


class JsonFormatter(Formatter):
    """``{"findings", "errors", "reports", "rules", "summary"}``.

    ``reports`` holds, per report read, the tally of every rule (items passed,
    failed, unknown, skipped, waived, errored), so a rule that never fires is
    visible; ``rules`` the metadata of every rule that ran.
    """

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.findings: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.reports: list[dict[str, Any]] = []

    def report(self, result: ReportResult) -> str:
        if result.error is not None:
            self.errors.append(error_entry(result, self.options.lang))
            return ""
        entry: dict[str, Any] = {"file": result.input, "findings": len(result.findings)}
        if result.line is not None:
            entry["line"] = result.line
        entry["rules_run"] = result.rules_run
        entry["rules"] = [tally.to_dict() for tally in result.tallies]
        if result.waived:
            entry["waived"] = [waived.finding.to_dict() for waived in result.waived]
        self.reports.append(entry)
        self.findings.extend(finding_entries(result))
        return ""

    def end(self, summary: Summary) -> str:
        metadata = {}
        rules = self.options.rules
        if rules is not None:
            metadata = {rule.id: rule_dict(rule, rules, self.options.lang) for rule in rules.rules}
        document = {
            "findings": self.findings,
            "errors": self.errors,
            "reports": self.reports,
            "rules": metadata,
            "summary": summary.to_dict(),
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
