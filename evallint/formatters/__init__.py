"""Output formats: each turns a run's results into text, and holds no lint logic.

A formatter is fed one :class:`~evallint.results.ReportResult` at a time
(``report``) and the closing :class:`~evallint.results.Summary` (``end``), so
text and line formats stream a batch of any size; formats that are one
document (JSON, SARIF, JUnit) keep a compact copy of what they need until the
end. :data:`FORMATTERS` is the registry: a new format is a module here and a
line there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from evallint.formatters.base import Formatter, Options, escape_unwritable
from evallint.formatters.github import GithubFormatter
from evallint.formatters.html import HtmlFormatter
from evallint.formatters.json import JsonFormatter
from evallint.formatters.jsonl import JsonLinesFormatter
from evallint.formatters.junit import JunitFormatter
from evallint.formatters.sarif import SarifFormatter
from evallint.formatters.text import TextFormatter
from evallint.results import ReportResult, Summary

FORMATTERS: Mapping[str, type[Formatter]] = MappingProxyType(
    {
        "text": TextFormatter,
        "json": JsonFormatter,
        "jsonl": JsonLinesFormatter,
        "sarif": SarifFormatter,
        "junit": JunitFormatter,
        "github": GithubFormatter,
        "html": HtmlFormatter,
    }
)
"""Every output format, by the name ``--format`` takes."""


def render(name: str, results: Iterable[ReportResult], summary: Summary, options: Options) -> str:
    """The whole output of format ``name`` for ``results`` at once (tests, the library), as
    text any encoding can write: a lone surrogate a report held is shown as its escape."""
    formatter = FORMATTERS[name](options)
    parts = [formatter.begin()]
    parts.extend(formatter.report(result) for result in results)
    parts.append(formatter.end(summary))
    return escape_unwritable("".join(parts))
