"""The default output: one line per finding, grouped by input, then a summary.

``file: /pointer (Sheet1!F12): severity[rule] message (cell: "value")``, the
severity in the run's language (错误/警告/提示, error/warning/info); colour
on a terminal (never with ``NO_COLOR`` or when piped); ``--statistics`` adds a
count of findings per rule; ``--quiet`` prints only findings and unreadable
inputs.
"""

from __future__ import annotations

from collections import Counter

from evallint import messages
from evallint.formatters.base import Formatter, Options, nothing_found
from evallint.messages import show_value
from evallint.results import ReportResult, Summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_DIM = "\033[2m"
_BOLD = "\033[1m"
_RESET = "\033[0m"


class TextFormatter(Formatter):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.counts: Counter[str] = Counter()
        self.anything = False

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def report(self, result: ReportResult) -> str:
        lang = self.options.lang
        lines: list[str] = []
        if result.error is not None:
            self.anything = True
            lines.append(self._paint(result.error.describe(lang), _COLORS["error"]))
        for finding in result.findings:
            self.anything = True
            self.counts[finding.rule] += 1
            where = f"{result.name}: {finding.path or '/'}"
            if finding.source:
                where += f" ({finding.source})"
            severity = str(finding.severity)
            level = self._paint(messages.severity_word(severity, lang), _COLORS.get(severity, ""))
            line = f"{self._paint(where, _BOLD)}: {level}[{finding.rule}] {finding.message}"
            value = _cell_value(finding.path, finding.values)
            if value is not None and self.options.show_source:
                label = "单元格" if lang == "zh" else "cell"
                line += self._paint(f"  ({label}: {value})", _DIM)
            lines.append(line)
        return "".join(line + "\n" for line in lines)

    def end(self, summary: Summary) -> str:
        lang = self.options.lang
        lines: list[str] = []
        if self.options.statistics and self.counts:
            width = max(len(rule) for rule in self.counts)
            for rule, count in sorted(self.counts.items(), key=lambda item: (-item[1], item[0])):
                lines.append(f"{count:6d}  {rule:<{width}}")
        if self.options.quiet:
            return "".join(line + "\n" for line in lines)
        if not self.anything:
            lines.append(messages.render(nothing_found(self.options.rules), lang))
        lines.append(messages.summary_line(summary.to_dict(), lang))
        return "".join(line + "\n" for line in lines)


def _cell_value(path: str, values: dict[str, object]) -> str | None:
    """The typed value of the cell a finding points at, when its message used it."""
    leaf = path.rsplit("/", 1)[-1]
    for expression, value in values.items():
        if expression == leaf or expression.endswith("." + leaf):
            if isinstance(value, str):
                return '"' + value + '"'
            return show_value(value, "en")
    return None
