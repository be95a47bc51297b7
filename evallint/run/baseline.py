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

from evallint import messages
from evallint.errors import ReportError, Text
from evallint.limits import MAX_BASELINE_BYTES, MAX_EXCERPT_CHARS
from evallint.messages import Lang
from evallint.read.text import decode
from evallint.results import ReportResult
from evallint.run.inputs import refusal

VERSION = 1

Counts = dict[str, dict[str, dict[str, int]]]


class BaselineError(ValueError):
    """A baseline file that cannot be read: its message, in either language."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.render("en"))
        self.text = text

    def message(self, lang: Lang = "zh") -> str:
        return self.text.render(lang)


class Baseline:
    """Counts of known findings, spent as matching findings are filtered out."""

    def __init__(self, counts: Counts | None = None) -> None:
        self.counts: Counts = counts or {}

    @staticmethod
    def load(path: str | Path) -> Baseline:
        """The baseline in the file at ``path``; raises :class:`BaselineError`.

        Its size, nesting and numbers are bounded, so a hostile or damaged file is
        an error, never a crash or a hang.
        """
        name = str(path)

        def unreadable(reason: Text | str, where: str = "") -> BaselineError:
            fields = {"file": name + where, "reason": reason}
            return BaselineError(Text("baseline-unreadable", fields))

        refused = refusal(name)
        if refused is not None:
            raise unreadable(refused)
        try:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_BASELINE_BYTES + 1)
        except OSError as error:
            raise unreadable(error.strerror or str(error)) from None
        if len(raw) > MAX_BASELINE_BYTES:
            raise unreadable(Text("baseline-too-large", {"limit": MAX_BASELINE_BYTES >> 20}))
        try:
            data = _parse(decode(raw))
        except ReportError as error:
            where = f":{error.line}:{error.col}" if error.line is not None else ""
            raise unreadable(error.text, where) from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            problem = Text("baseline-version", {"version": VERSION})
            raise BaselineError(Text("baseline-invalid", {"file": name, "problem": problem}))
        return Baseline(_counts(data.get("findings"), name))

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
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        # a lone surrogate (legal in JSON text) is written as its JSON escape, \ud800, which
        # reads back as the same key
        Path(path).write_bytes(text.encode("utf-8", "backslashreplace"))


def _counts(findings: Any, name: str) -> Counts:
    """``findings`` checked to be report → rule → pointer → count, counts made ``int``."""

    def invalid(where: str) -> BaselineError:
        problem = Text("baseline-findings", {"where": where})
        return BaselineError(Text("baseline-invalid", {"file": name, "problem": problem}))

    if not isinstance(findings, dict):
        raise invalid('"findings"')
    counts: Counts = {}
    for key, rules in findings.items():
        if not isinstance(rules, dict):
            raise invalid(_excerpt(key))
        counts[key] = {}
        for rule, pointers in rules.items():
            if not isinstance(pointers, dict):
                raise invalid(_excerpt([key, rule]))
            counts[key][rule] = {}
            for pointer, count in pointers.items():
                if not _is_count(count):
                    raise invalid(_excerpt([key, rule, pointer]))
                counts[key][rule][pointer] = count
    return counts


def _excerpt(place: Any) -> str:
    return json.dumps(place, ensure_ascii=False)[:MAX_EXCERPT_CHARS]


def _parse(text: str) -> Any:
    """The JSON in ``text``; a :class:`ReportError` for bad syntax or absurd nesting.

    Not the reports' reader: a baseline may count more values than a report may
    hold. Counts are small integers; any other number reads as -1 (not a count)
    before Python builds it (``1e999999999``, a thousand-digit integer).
    """
    try:
        return json.loads(text, parse_int=_count, parse_float=_not_count, parse_constant=_not_count)
    except json.JSONDecodeError as error:
        problem_id = f"json:{error.msg}"
        problem: Text | str = Text(problem_id) if messages.has(problem_id) else error.msg
        text_of = Text("report-json", {"problem": problem})
        raise ReportError(text_of, line=error.lineno, col=error.colno) from None
    except RecursionError:
        raise ReportError(Text("baseline-too-deep")) from None


def _count(token: str) -> int:
    return int(token) if len(token) <= 12 else -1


def _not_count(token: str) -> int:
    return -1


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
