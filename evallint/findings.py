"""What a check returns: findings (problems in a report) and their severities.

Findings are data: frozen dataclasses with a location, sortable in a stable
order, and turned into plain dicts for JSON output.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evallint import pointer as jsonpointer


class Severity(enum.StrEnum):
    """How serious a finding is; ``error`` blocks a submission by default."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: larger is more serious."""
        return _RANKS[self]


_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


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


def finding_order(finding: Finding) -> tuple[Any, ...]:
    """The sort key of :meth:`Finding.sort_key`, as a function."""
    return finding.sort_key()


def to_json_value(value: Any) -> Any:
    """Make ``value`` JSON-serialisable without losing digits (Decimal → str)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value
