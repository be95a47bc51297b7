"""Machine-readable output: one JSON object with the findings, unreadable inputs and a summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from evallint.linter import ReportResult, Summary
from evallint.messages import Lang


def format_json(results: Sequence[ReportResult], summary: Summary, *, lang: Lang) -> str:
    """``{"findings": [...], "errors": [...], "summary": {...}}``; each finding names its file."""
    findings: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
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
        for finding in result.findings:
            data = finding.to_dict()
            data["file"] = result.input
            if result.line is not None:
                data["line"] = result.line
            findings.append(data)
    document = {"findings": findings, "errors": errors, "summary": summary.to_dict()}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
