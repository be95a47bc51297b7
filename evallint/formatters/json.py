"""Machine-readable output: one JSON object with the findings, unreadable inputs and a summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from evallint.linter import ReportResult, Summary
from evallint.messages import Lang
from evallint.ruleset import RuleSet


def format_json(
    results: Sequence[ReportResult],
    summary: Summary,
    *,
    lang: Lang,
    rules: RuleSet | None = None,
) -> str:
    """``{"findings", "errors", "reports", "rules", "summary"}``; each finding names its file.

    ``reports`` holds, per report read, the tally of every rule (items passed,
    failed, unknown, skipped, waived, errored), so a rule that never fires is
    visible; ``rules`` the metadata of every rule that ran.
    """
    findings: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for result in results:
        if result.error is not None:
            error = result.error
            entry: dict[str, Any] = {
                "file": result.input,
                "code": error.code,
                "message": error.message(lang),
            }
            for key in ("line", "col", "pointer"):
                value = getattr(error, key)
                if value is not None:
                    entry[key] = value
            errors.append(entry)
            continue
        report_entry: dict[str, Any] = {"file": result.input, "findings": len(result.findings)}
        if result.line is not None:
            report_entry["line"] = result.line
        report_entry["rules_run"] = result.rules_run
        report_entry["rules"] = [tally.to_dict() for tally in result.tallies]
        if result.waived:
            report_entry["waived"] = [w.to_dict() for w in result.waived]
        reports.append(report_entry)
        for finding in result.findings:
            data = finding.to_dict()
            data["file"] = result.input
            if result.line is not None:
                data["line"] = result.line
            findings.append(data)
    metadata = {}
    if rules is not None:
        from evallint.rulesdoc import rule_dict

        metadata = {rule.id: rule_dict(rule, rules, lang) for rule in rules.rules}
    document = {
        "findings": findings,
        "errors": errors,
        "reports": reports,
        "rules": metadata,
        "summary": summary.to_dict(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
