"""evallint: lint filled-in 项目支出绩效自评表 (performance self-evaluation forms).

The public API is :data:`__all__`; ``docs/api.md`` describes it. Each name is
imported from its module on first use (PEP 562), so ``import evallint`` and
``evallint --version`` do not load the rule language, the readers and the
rules. Type checkers read the imports under ``TYPE_CHECKING``; a test keeps
them and :data:`_API` in step.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from evallint._version import __version__

if TYPE_CHECKING:
    from evallint.api import check as check
    from evallint.api import lint as lint
    from evallint.domain.cells import Cell as Cell
    from evallint.domain.cells import read_cell as read_cell
    from evallint.dsl.expression import Expression as Expression
    from evallint.dsl.expression import compile_expr as compile_expr
    from evallint.errors import EvallintError as EvallintError
    from evallint.errors import EvaluationError as EvaluationError
    from evallint.errors import ExpressionError as ExpressionError
    from evallint.errors import ReportError as ReportError
    from evallint.errors import RuleError as RuleError
    from evallint.errors import RuleSetError as RuleSetError
    from evallint.read.report import Report as Report
    from evallint.read.report import load_report as load_report
    from evallint.read.report import load_reports as load_reports
    from evallint.results import Finding as Finding
    from evallint.results import ReportResult as ReportResult
    from evallint.results import RuleTally as RuleTally
    from evallint.results import Severity as Severity
    from evallint.rules.loader import load_rules as load_rules
    from evallint.rules.model import Rule as Rule
    from evallint.rules.model import RuleSet as RuleSet
    from evallint.schema.report import validate_report as validate_report

_API: dict[str, str] = {
    # reading reports
    "load_report": "evallint.read.report",
    "load_reports": "evallint.read.report",
    "Report": "evallint.read.report",
    "read_cell": "evallint.domain.cells",
    "Cell": "evallint.domain.cells",
    "validate_report": "evallint.schema.report",
    # rules and the rule language
    "load_rules": "evallint.rules.loader",
    "RuleSet": "evallint.rules.model",
    "Rule": "evallint.rules.model",
    "compile_expr": "evallint.dsl.expression",
    "Expression": "evallint.dsl.expression",
    # checking, and what it gives
    "check": "evallint.api",
    "lint": "evallint.api",
    "Finding": "evallint.results",
    "Severity": "evallint.results",
    "ReportResult": "evallint.results",
    "RuleTally": "evallint.results",
    # errors
    "EvallintError": "evallint.errors",
    "ReportError": "evallint.errors",
    "RuleError": "evallint.errors",
    "RuleSetError": "evallint.errors",
    "ExpressionError": "evallint.errors",
    "EvaluationError": "evallint.errors",
}
"""Each public name and the module that defines it."""

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'evallint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup finds it without this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
