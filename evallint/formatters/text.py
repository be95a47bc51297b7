"""The default output: one line per finding, grouped by input, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

from evallint import messages
from evallint.linter import ReportResult, Summary
from evallint.messages import Lang
from evallint.ruleset import RuleSet


def format_text(
    results: Sequence[ReportResult],
    summary: Summary,
    *,
    lang: Lang,
    rules: RuleSet | None = None,
) -> str:
    """``file: /pointer: severity[rule] message`` lines, unreadable inputs, a summary line."""
    lines: list[str] = []
    for result in results:
        if result.error is not None:
            lines.append(result.error.describe(lang))
            continue
        for finding in result.findings:
            where = result.name
            where += f": {finding.path or '/'}"
            if finding.source:
                where += f" ({finding.source})"
            lines.append(f"{where}: {finding.severity}[{finding.rule}] {finding.message}")
    if not any(r.findings or r.error for r in results):
        lines.append(messages.render("no-findings", lang))
    lines.append(messages.render("summary", lang, **summary.to_dict()))
    return "\n".join(lines) + "\n"
