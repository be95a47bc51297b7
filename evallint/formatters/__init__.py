"""Output formats: each module turns a run's results into text, and holds no lint logic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from evallint.linter import ReportResult, Summary
from evallint.messages import Lang

if TYPE_CHECKING:
    from evallint.ruleset import RuleSet

FORMATS = ("text", "json")


class Formatter(Protocol):
    """A pure function from a run's results to the text to print."""

    def __call__(
        self,
        results: Sequence[ReportResult],
        summary: Summary,
        *,
        lang: Lang,
        rules: RuleSet | None = None,
    ) -> str: ...


def get(name: str) -> Formatter:
    """The formatter called ``name`` (one of :data:`FORMATS`)."""
    if name == "json":
        from evallint.formatters.json import format_json

        return format_json
    from evallint.formatters.text import format_text

    return format_text
