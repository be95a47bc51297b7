"""Waivers written in the report itself: ``x-evallint.ignore`` entries, each with a reason.

A unit that has a good reason to leave a finding as it is says so in the
report (``{"rule": ..., "path": ..., "reason": ...}``); the finding is then
waived, not reported, and counted as waived. An entry without a reason is an
error (a waiver must say why), one that waives nothing is worth a note.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from evallint.results import Finding, RuleTally, Severity, Waived

SUPPRESSION_KEY = "x-evallint"

_MESSAGES = {
    "suppression-invalid": {
        "zh": "x-evallint.ignore 第 {n} 项需要 rule 与 path（文字）",
        "en": "x-evallint.ignore entry {n} needs a rule and a path (text)",
    },
    "suppression-no-reason": {
        "zh": "x-evallint.ignore 第 {n} 项缺少 reason：豁免一项检查必须写明理由",
        "en": "x-evallint.ignore entry {n} has no reason: a waiver must say why",
    },
    "suppression-unused": {
        "zh": "x-evallint.ignore 第 {n} 项没有豁免任何问题，可以删去",
        "en": "x-evallint.ignore entry {n} waived nothing; it can be removed",
    },
}
_SEVERITY = {
    "suppression-invalid": Severity.ERROR,
    "suppression-no-reason": Severity.ERROR,
    "suppression-unused": Severity.INFO,
}


def apply_suppressions(
    data: Mapping[str, Any],
    findings: list[Finding],
    tallies: list[RuleTally],
    lang: str,
    file: str | None,
) -> tuple[list[Finding], list[Waived]]:
    """The findings the report does not waive (with findings about its waivers), and the waived.

    The tally of a rule whose finding is waived counts it as waived, not failed.
    """
    block = data.get(SUPPRESSION_KEY)
    entries = block.get("ignore") if isinstance(block, dict) else None
    if not isinstance(entries, list):
        return findings, []
    by_rule = {tally.rule: tally for tally in tallies}
    own: list[Finding] = []
    valid: list[tuple[int, str, str, str]] = []
    for index, entry in enumerate(entries):
        rule = entry.get("rule") if isinstance(entry, dict) else None
        path = entry.get("path", "*") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(rule, str) or not isinstance(path, str):
            own.append(_finding("suppression-invalid", index, lang, file))
            continue
        if not isinstance(reason, str) or not _normal(reason):
            own.append(_finding("suppression-no-reason", index, lang, file))
            continue
        valid.append((index, rule, path, reason))
    used: set[int] = set()
    kept: list[Finding] = []
    waived: list[Waived] = []
    for finding in findings:
        match = next(
            (
                (index, reason)
                for index, rule, path, reason in valid
                if _matches(rule, path, finding)
            ),
            None,
        )
        if match is None:
            kept.append(finding)
            continue
        used.add(match[0])
        waived.append(Waived(finding, match[1]))
        tally = by_rule.get(finding.rule)
        if tally is not None:
            tally.failed -= 1
            tally.waived += 1
    for index, _rule, _path, _reason in valid:
        if index not in used:
            own.append(_finding("suppression-unused", index, lang, file))
    return [*kept, *own], waived


def _matches(rule: str, path: str, finding: Finding) -> bool:
    if not fnmatch.fnmatchcase(finding.rule, rule):
        return False
    return path in ("*", finding.path) or fnmatch.fnmatchcase(finding.path, path)


def _finding(code: str, index: int, lang: str, file: str | None) -> Finding:
    template = _MESSAGES[code].get(lang) or _MESSAGES[code]["zh"]
    return Finding(
        rule=code,
        severity=_SEVERITY[code],
        message=template.format(n=index + 1),
        path=f"/{SUPPRESSION_KEY}/ignore/{index}",
        file=file,
    )


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
