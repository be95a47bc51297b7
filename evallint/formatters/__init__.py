"""Output formats: each turns a run's results into text, and holds no lint logic.

A formatter is fed one :class:`ReportResult` at a time (``report``) and the
closing :class:`Summary` (``end``), so text and line formats stream a batch of
any size; formats that are one document (JSON, SARIF, JUnit) keep a compact
copy of what they need until the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evallint.linter import ReportResult, Summary
from evallint.messages import Lang

if TYPE_CHECKING:
    from evallint.ruleset import RuleSet

FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "html")


@dataclass(frozen=True, slots=True)
class Options:
    """What every formatter may take into account."""

    lang: Lang = "zh"
    rules: RuleSet | None = None
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    show_source: bool = True


class Formatter:
    """Base class: override ``begin``, ``report`` and ``end``; each returns text to write."""

    #: whether ``report`` needs the line of each finding in its file
    wants_lines = False
    #: whether ``report`` needs the report's data (to draw the form)
    wants_data = False

    def __init__(self, options: Options) -> None:
        self.options = options

    def begin(self) -> str:
        return ""

    def report(self, result: ReportResult) -> str:
        return ""

    def end(self, summary: Summary) -> str:
        return ""


def get(name: str, options: Options) -> Formatter:
    """The formatter called ``name`` (one of :data:`FORMATS`)."""
    if name == "json":
        from evallint.formatters.json import JsonFormatter

        return JsonFormatter(options)
    if name == "jsonl":
        from evallint.formatters.jsonl import JsonLinesFormatter

        return JsonLinesFormatter(options)
    if name == "sarif":
        from evallint.formatters.sarif import SarifFormatter

        return SarifFormatter(options)
    if name == "junit":
        from evallint.formatters.junit import JunitFormatter

        return JunitFormatter(options)
    if name == "github":
        from evallint.formatters.github import GithubFormatter

        return GithubFormatter(options)
    if name == "html":
        from evallint.formatters.html import HtmlFormatter

        return HtmlFormatter(options)
    from evallint.formatters.text import TextFormatter

    return TextFormatter(options)


def render(name: str, results: Iterable[ReportResult], summary: Summary, options: Options) -> str:
    """The whole output of format ``name`` for ``results`` at once (tests, the library)."""
    formatter = get(name, options)
    parts = [formatter.begin()]
    parts.extend(formatter.report(result) for result in results)
    parts.append(formatter.end(summary))
    return "".join(parts)
