"""What a check returns: findings, the tally of every rule, one result per report, a summary.

Findings are data: frozen dataclasses with a location, sortable in a stable
order, and turned into plain dicts for JSON output. A :class:`ReportResult`
is what checking one report (or failing to read one input) gives; a
:class:`Summary` counts a run's results so that every input is accounted for.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evallint import pointer as jsonpointer
from evallint.errors import ReportError


class Severity(enum.StrEnum):
    """How serious a finding is; ``error`` blocks a submission by default.

    Severities compare by seriousness: ``INFO < WARNING < ERROR`` (not as text).
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: larger is more serious."""
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        return self.rank < _rank_of(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= _rank_of(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > _rank_of(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= _rank_of(other)


_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


def _rank_of(other: object) -> int:
    if isinstance(other, str) and other in _RANKS:
        return _RANKS[Severity(other)]
    raise TypeError(f"a severity compares with a severity, not {other!r}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one report.

    ``path`` is an RFC 6901 JSON Pointer into the report (``""`` is the whole
    report); ``source`` is the spreadsheet or document cell the value came from,
    when the report carries one (``Sheet1!F12``); ``file`` names the input from
    the command line. ``values`` holds the named values the message used,
    ``operands`` every report path the check read, and ``expected`` the value
    that would have satisfied the rule, where one can be computed.
    """

    rule: str
    severity: Severity
    message: str
    path: str
    values: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    file: str | None = None
    operands: tuple[str, ...] = ()
    expected: Any = None

    def __reduce__(self) -> tuple[Any, ...]:
        # sent back from worker processes by the thousand: a constructor call is several
        # times cheaper than dataclasses' field-by-field state
        return (Finding, (*(getattr(self, name) for name in _FINDING_FIELDS),))

    def sort_key(self) -> tuple[Any, ...]:
        """Stable order: file, then path in the order of the form, then rule id."""
        return (self.file or "", path_sort_key(self.path), self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; Decimals become strings so no digit is lost."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
        }
        if self.file is not None:
            data["file"] = self.file
        if self.source is not None:
            data["source"] = self.source
        if self.values:
            data["values"] = to_json_value(self.values)
        if self.operands:
            data["operands"] = list(self.operands)
        if self.expected is not None:
            data["expected"] = to_json_value(self.expected)
        return data


# Keys in the order the form prints them, so findings read top to bottom like
# the form; keys not listed follow, alphabetically.
_FORM_ORDER = {
    key: rank
    for rank, key in enumerate(
        (
            "format",
            "title",
            "year",
            "project",
            "department",
            "implementer",
            "unit",
            "funds",
            "weight",
            "rate",
            "score",
            "total",
            "current",
            "carryover",
            "other",
            "initial",
            "adjusted",
            "executed",
            "goals",
            "expected",
            "actual",
            "categories",
            "indicators",
            "level1",
            "level2",
            "name",
            "nature",
            "target",
            "unit",
            "deviation",
            "narrative",
            "heading",
            "text",
            "amount",
            "source",
            "x-evallint",
        )
    )
}


def path_sort_key(path: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for a pointer: keys in the form's order, array indexes numerically."""
    try:
        tokens = jsonpointer.split(path)
    except ValueError:
        return ((2, 0, path),)
    return tuple(
        (0, int(t), "")
        if t.isascii() and t.isdigit()
        else (1, _FORM_ORDER.get(t, len(_FORM_ORDER)), t)
        for t in tokens
    )


def to_json_value(value: Any) -> Any:
    """Make ``value`` JSON-serialisable without losing digits (Decimal → str)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


_FINDING_FIELDS = tuple(spec.name for spec in dataclasses.fields(Finding))


@dataclass(frozen=True, slots=True)
class Waived:
    """A finding the report waived (``x-evallint.ignore``), with the reason it gives."""

    finding: Finding
    reason: str


@dataclass(slots=True)
class RuleTally:
    """How one rule fared on one report: items passed, failed, unknown, skipped, not on the
    form, waived, errored.

    ``unknown`` counts items whose check could not be decided (a blank or
    unreadable cell); ``skipped`` those its ``when`` ruled out; ``absent`` those
    whose form has no box the rule is about (report format v1.1: a key left out,
    or a box the report's layout does not print).
    """

    rule: str
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    skipped: int = 0
    waived: int = 0
    errors: int = 0
    absent: int = 0

    def __reduce__(self) -> tuple[Any, ...]:
        # one per rule per report, sent back from worker processes: as a constructor call
        fields = (self.passed, self.failed, self.unknown, self.skipped, self.waived, self.errors)
        return (RuleTally, (self.rule, *fields, self.absent))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The outcome for one report, or for one input that could not be read as a report.

    ``input`` names the input (a file, ``<stdin>``), ``line`` the line of a
    ``.jsonl`` batch and ``part`` which form of a workbook holding several.
    A report read gives ``findings`` (schema and rules, in the form's order),
    ``tallies`` (one per rule) and ``waived``; ``rules_run`` is false when its
    structure was too broken to run rules on. An input that could not be read
    gives ``error`` instead. ``lines`` maps finding pointers to lines of the
    input's text (when an output format asked for them); ``data`` is the
    report's data (when a format draws the form).
    """

    input: str
    line: int | None = None
    findings: tuple[Finding, ...] = ()
    error: ReportError | None = None
    tallies: tuple[RuleTally, ...] = ()
    waived: tuple[Waived, ...] = ()
    rules_run: bool = True
    lines: dict[str, int] = field(default_factory=dict)
    project: str | None = None
    data: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    part: str | None = None

    @property
    def name(self) -> str:
        """How the report is named in output: ``file``, ``file:line``, ``file (Sheet1!B28)``."""
        if self.part is not None:
            return f"{self.input} ({self.part})"
        return f"{self.input}:{self.line}" if self.line is not None else self.input

    @property
    def key(self) -> str:
        """What identifies the report across runs: its file and project, not its line."""
        return f"{self.input}::{self.project or ''}"


@dataclass(slots=True)
class Summary:
    """Counts that account for every input of a run, added up as results stream past."""

    inputs: int
    reports: int = 0
    with_findings: int = 0
    unreadable: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    waived: int = 0
    rule_errors: int = 0
    """Problems in the rule files that left rules out of the run."""

    def add(self, result: ReportResult) -> None:
        """Count one result (nothing of it is kept)."""
        if result.error is not None:
            self.unreadable += 1
            return
        self.reports += 1
        self.waived += len(result.waived)
        if result.findings:
            self.with_findings += 1
        for finding in result.findings:
            if finding.severity is Severity.ERROR:
                self.errors += 1
            elif finding.severity is Severity.WARNING:
                self.warnings += 1
            else:
                self.infos += 1

    def to_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)
