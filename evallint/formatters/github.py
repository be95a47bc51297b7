"""GitHub Actions workflow annotations: ``::error file=…,line=…,title=…::message``."""

from __future__ import annotations

from evallint import messages
from evallint.formatters.base import Formatter
from evallint.results import ReportResult, Summary

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    wants_lines = True

    def report(self, result: ReportResult) -> str:
        lines = []
        if result.error is not None:
            error = result.error
            where = f"file={_escape_property(result.input)}"
            if error.line is not None:
                where += f",line={error.line}"
            message = _escape_data(error.message(self.options.lang))
            lines.append(f"::error {where},title={_escape_property(error.code)}::{message}")
        for finding in result.findings:
            where = f"file={_escape_property(result.input)}"
            line = result.lines.get(finding.path) or result.line
            if line is not None:
                where += f",line={line}"
            cell = f" ({finding.source})" if finding.source else ""
            title = _escape_property(f"{finding.rule} {finding.path}{cell}")
            level = _LEVELS[str(finding.severity)]
            lines.append(f"::{level} {where},title={title}::{_escape_data(finding.message)}")
        return "".join(line + "\n" for line in lines)

    def end(self, summary: Summary) -> str:
        return messages.summary_line(summary.to_dict(), self.options.lang) + "\n"
