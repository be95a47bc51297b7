"""Adopt evallint on old forms without a flood: record today's findings, report only new ones.

A baseline file counts findings by report, rule and JSON Pointer — not by line,
so editing a form elsewhere does not make old findings look new::

    {"version": 1, "tool": "evallint",
     "findings": {"forms/a.json::项目名称": {"score-bound": {"/indicators/4/score": 1}}}}

A finding is left out while its (report, rule, pointer) count in the baseline
lasts; a second finding of the same kind at the same place is new.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from evallint.results import ReportResult

VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


class Baseline:
    """Counts of known findings, spent as matching findings are filtered out."""

    def __init__(self, counts: dict[str, dict[str, dict[str, int]]] | None = None) -> None:
        self.counts: dict[str, dict[str, dict[str, int]]] = counts or {}

    @staticmethod
    def load(path: str | Path) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BaselineError(f"cannot read the baseline {path}: {error}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise BaselineError(f"{path} is not an evallint baseline (version {VERSION})")
        findings = data.get("findings")
        if not isinstance(findings, dict):
            raise BaselineError(f"{path}: 'findings' must be a mapping")
        return Baseline(findings)

    def filter(self, result: ReportResult) -> tuple[ReportResult, int]:
        """``result`` without its baselined findings, and how many were left out."""
        known = self.counts.get(result.key)
        if not known or not result.findings:
            return result, 0
        kept = []
        dropped = 0
        for finding in result.findings:
            by_pointer = known.get(finding.rule, {})
            if by_pointer.get(finding.path, 0) > 0:
                by_pointer[finding.path] -= 1
                dropped += 1
            else:
                kept.append(finding)
        return replace(result, findings=tuple(kept)), dropped


class BaselineWriter:
    """Collects the findings of a run into a baseline."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, dict[str, int]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(int))
        )

    def add(self, result: ReportResult) -> None:
        for finding in result.findings:
            self.counts[result.key][finding.rule][finding.path] += 1

    def write(self, path: str | Path) -> None:
        data: dict[str, Any] = {
            "version": VERSION,
            "tool": "evallint",
            "findings": {
                key: {rule: dict(sorted(p.items())) for rule, p in sorted(rules.items())}
                for key, rules in sorted(self.counts.items())
            },
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
