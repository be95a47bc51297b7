"""What every output format is: a :class:`Formatter` fed results one at a time, and its
:class:`Options`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evallint.messages import Lang
from evallint.results import ReportResult, Summary
from evallint.rules.model import RuleSet

# A UTF-16 surrogate on its own is no character: no encoding can write it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_unwritable(text: str) -> str:
    """``text`` with every lone surrogate written as its escape (``\\ud800``)."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


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


def nothing_found(rules: RuleSet | None) -> str:
    """The catalogue id of what to say when a run found nothing: a clean pass only when every
    rule loaded (``no-findings``); otherwise that the check was incomplete, or that no rule
    ran at all, so a broken rule file never reads as a pass."""
    if rules is None or not rules.errors:
        return "no-findings"
    return "no-findings-incomplete" if rules.rules else "rules-not-loaded"
