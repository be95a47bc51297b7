"""What every output format is: a :class:`Formatter` fed results one at a time, and its
:class:`Options`."""

from __future__ import annotations

from dataclasses import dataclass

from evallint.messages import Lang
from evallint.results import ReportResult, Summary
from evallint.rules.model import RuleSet


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
