"""SARIF 2.1.0: findings as results of the evallint tool, rules as ``tool.driver.rules``.

Each result is located by the report file and, where known, the line of the
offending value, with the JSON Pointer as a logical location; it carries
``partialFingerprints`` from (report, rule, pointer) — the baseline's key — and
waived findings appear with ``suppressions`` that carry the reason.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from evallint._version import __version__
from evallint.formatters.base import Formatter, Options
from evallint.results import Finding, ReportResult, Summary

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/evallint/evallint"


def fingerprint(report_key: str, rule: str, pointer: str) -> str:
    """A stable hash of what identifies a finding across runs (not its line).

    Encoded with ``surrogatepass``, which cannot fail: a lone surrogate in a
    project name (legal in JSON text) hashes like any other character.
    """
    key = f"{report_key}\0{rule}\0{pointer}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:32]


class SarifFormatter(Formatter):
    wants_lines = True

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.rule_ids: list[str] = []
        self.extra_rules: dict[str, dict[str, Any]] = {}

    def _rule_index(self, rule_id: str) -> int:
        if rule_id not in self.rule_ids:
            self.rule_ids.append(rule_id)
        return self.rule_ids.index(rule_id)

    def _result(self, result: ReportResult, finding: Finding, reason: str | None) -> dict[str, Any]:
        region: dict[str, Any] = {}
        line = result.lines.get(finding.path) or result.line
        if line is not None:
            region["startLine"] = line
        location: dict[str, Any] = {
            "physicalLocation": {"artifactLocation": {"uri": _uri(result.input)}},
            "logicalLocations": [{"fullyQualifiedName": finding.path or "/", "kind": "element"}],
        }
        if region:
            location["physicalLocation"]["region"] = region
        entry: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": self._rule_index(finding.rule),
            "level": _LEVELS[str(finding.severity)],
            "message": {"text": finding.message},
            "locations": [location],
            "partialFingerprints": {
                "evallintFinding/v1": fingerprint(result.key, finding.rule, finding.path)
            },
            "properties": _properties(finding),
        }
        if reason is not None:
            entry["suppressions"] = [{"kind": "inSource", "justification": reason}]
        return entry

    def report(self, result: ReportResult) -> str:
        if result.error is not None:
            error = result.error
            notification: dict[str, Any] = {
                "level": "error",
                "message": {"text": error.message(self.options.lang)},
                "descriptor": {"id": error.code},
                "locations": [
                    {"physicalLocation": {"artifactLocation": {"uri": _uri(result.input)}}}
                ],
            }
            if error.line is not None:
                notification["locations"][0]["physicalLocation"]["region"] = {
                    "startLine": error.line,
                    **({"startColumn": error.col} if error.col else {}),
                }
            self.notifications.append(notification)
            return ""
        for finding in result.findings:
            self.results.append(self._result(result, finding, None))
        for waived in result.waived:
            self.results.append(self._result(result, waived.finding, waived.reason))
        return ""

    def _rules(self) -> list[dict[str, Any]]:
        lang = self.options.lang
        rules = {rule.id: rule for rule in self.options.rules.rules} if self.options.rules else {}
        described: list[dict[str, Any]] = []
        for rule_id in self.rule_ids:
            rule = rules.get(rule_id)
            if rule is None:
                described.append({"id": rule_id, "name": rule_id})
                continue
            described.append(
                {
                    "id": rule.id,
                    "name": rule.id,
                    "shortDescription": {"text": rule.text(rule.title, lang)},
                    "fullDescription": {"text": rule.text(rule.description, lang)},
                    "defaultConfiguration": {"level": _LEVELS[str(rule.severity)]},
                    "properties": {"tags": list(rule.tags)},
                }
            )
        return described

    def end(self, summary: Summary) -> str:
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "evallint",
                    "version": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": self._rules(),
                }
            },
            "results": self.results,
            "invocations": [
                {
                    # rules left out of the run (a broken rule file) make it incomplete too
                    "executionSuccessful": not self.notifications and not summary.rule_errors,
                    "toolExecutionNotifications": self.notifications,
                    "properties": {"summary": summary.to_dict()},
                }
            ],
        }
        document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _properties(finding: Finding) -> dict[str, Any]:
    # the finding's own JSON, less what SARIF says elsewhere (rule, level, message)
    data = finding.to_dict()
    properties: dict[str, Any] = {"pointer": data.pop("path")}
    if "source" in data:
        properties["cell"] = data.pop("source")
    for key in ("values", "operands", "expected"):
        if key in data:
            properties[key] = data[key]
    return properties


def _uri(path: str) -> str:
    return path.replace("\\", "/")
