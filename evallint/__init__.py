"""evallint: lint filled-in 项目支出绩效自评表 (performance self-evaluation forms).

The public API is what ``__all__`` lists. Names are imported on first use
(PEP 562), so ``import evallint`` and ``evallint --version`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evallint._version import __version__

if TYPE_CHECKING:
    from evallint.api import check, lint
    from evallint.cells import Cell, read_cell
    from evallint.dsl import Expression, compile_expr
    from evallint.engine import RuleTally
    from evallint.errors import (
        EvallintError,
        EvaluationError,
        ExpressionError,
        ReportError,
        RuleError,
        RuleSetError,
    )
    from evallint.findings import Finding, Severity
    from evallint.linter import ReportResult
    from evallint.report import Report, load_report, load_reports
    from evallint.ruleset import Rule, RuleSet, load_rules
    from evallint.validate import validate_report

__all__ = [
    "Cell",
    "EvallintError",
    "EvaluationError",
    "Expression",
    "ExpressionError",
    "Finding",
    "Report",
    "ReportError",
    "ReportResult",
    "Rule",
    "RuleError",
    "RuleSet",
    "RuleSetError",
    "RuleTally",
    "Severity",
    "__version__",
    "check",
    "compile_expr",
    "lint",
    "load_report",
    "load_reports",
    "load_rules",
    "read_cell",
    "validate_report",
]

_HOMES = {
    "lint": "evallint.api",
    "check": "evallint.api",
    "RuleTally": "evallint.engine",
    "ReportResult": "evallint.linter",
    "Rule": "evallint.ruleset",
    "RuleSet": "evallint.ruleset",
    "load_rules": "evallint.ruleset",
    "RuleError": "evallint.errors",
    "RuleSetError": "evallint.errors",
    "Cell": "evallint.cells",
    "read_cell": "evallint.cells",
    "EvallintError": "evallint.errors",
    "EvaluationError": "evallint.errors",
    "ExpressionError": "evallint.errors",
    "Expression": "evallint.dsl",
    "compile_expr": "evallint.dsl",
    "ReportError": "evallint.errors",
    "Finding": "evallint.findings",
    "Severity": "evallint.findings",
    "Report": "evallint.report",
    "load_report": "evallint.report",
    "load_reports": "evallint.report",
    "validate_report": "evallint.validate",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'evallint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
