"""The language compliance suite: every ``tests/dsl/language/*.yaml`` file, case by case.

Each file holds ``given`` (``seed`` for the bundled report, or an inline report
fragment; default ``{}``) and ``cases``. A case has an ``expr`` and exactly one
expectation:

* ``result``: the value ``evaluate`` returns (``null`` means null *or* unknown);
* ``error``: the code of the :class:`ExpressionError` raised at compile time,
  optionally with ``col``, its 1-based column;
* ``eval_error``: the code of the :class:`EvaluationError` raised at run time.

A ``result`` case may also name a ``warning``: the code of the warning the static
checks must give (the expression still loads and runs); a case without one must
give none (``unknown-field`` aside: the suites' inline reports have fields of
their own).

``item`` and ``params`` are passed to ``evaluate``; ``xfail: "reason"`` marks a
case where the implementation disagrees with docs/language.md (strict, so a fix
is noticed). Files are read with evallint's own YAML loader, so numbers are
exact ``Decimal`` and only ``true``/``false`` are booleans; results are compared
by type and value, never through binary floats.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint.dsl import ast
from evallint.dsl.expression import compile_expr
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.parser import parse
from evallint.errors import EvaluationError, ExpressionError
from evallint.read.report import load_report
from evallint.read.yamldoc import parse_yaml
from tests.paths import SEED

HERE = Path(__file__).resolve().parent

FILES = sorted(HERE.glob("*.yaml"))
FILE_KEYS = frozenset({"given", "cases"})
CASE_KEYS = frozenset(
    {"expr", "item", "params", "result", "error", "col", "eval_error", "xfail", "warning"}
)
EXPECTATIONS = ("result", "error", "eval_error")
MISSING = object()


@dataclass(frozen=True)
class Case:
    """One case of one file, checked for shape when the suite is collected."""

    file: str
    index: int
    expr: str
    given: Any
    item: Any = None
    params: Any = None
    result: Any = MISSING
    error: str | None = None
    col: int | None = None
    eval_error: str | None = None
    xfail: str | None = None
    warning: str | None = None

    @property
    def id(self) -> str:
        expr = self.expr if len(self.expr) <= 60 else self.expr[:57] + "..."
        return f"{self.file}::{self.index}-{expr}"


class SuiteError(ValueError):
    """A suite file or case that is not well formed: it must fail loudly, not be skipped."""


@functools.cache
def seed_data() -> Any:
    return load_report(SEED).data


def read_file(path: Path) -> list[Case]:
    """The cases of one suite file; raises :class:`SuiteError` for anything malformed."""
    data = parse_yaml(path.read_text(encoding="utf-8")).data
    if not isinstance(data, dict):
        raise SuiteError(f"{path.name}: the file must be a mapping with `cases`")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise SuiteError(f"{path.name}: unknown top-level keys {unknown}")
    given = data.get("given", {})
    if given == "seed":
        given = seed_data()
    elif not isinstance(given, dict):
        raise SuiteError(f'{path.name}: `given` must be "seed" or a mapping')
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise SuiteError(f"{path.name}: the file has no cases")
    return [read_case(path.name, index, raw, given) for index, raw in enumerate(cases)]


def read_case(file: str, index: int, raw: Any, given: Any) -> Case:
    """One case, validated: known keys only, an ``expr`` and exactly one expectation."""
    where = f"{file}::{index}"
    if not isinstance(raw, dict):
        raise SuiteError(f"{where}: a case must be a mapping")
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        raise SuiteError(f"{where}: unknown keys {unknown} (allowed: {sorted(CASE_KEYS)})")
    expr = raw.get("expr")
    if not isinstance(expr, str):
        raise SuiteError(f"{where}: `expr` must be text")
    expectations = [key for key in EXPECTATIONS if key in raw]
    if len(expectations) != 1:
        raise SuiteError(f"{where}: give exactly one of {list(EXPECTATIONS)}")
    if "warning" in raw and "result" not in raw:
        raise SuiteError(f"{where}: `warning` goes with a `result`")
    for key in ("error", "eval_error", "xfail", "warning"):
        if key in raw and not isinstance(raw[key], str):
            raise SuiteError(f"{where}: `{key}` must be text")
    col = raw.get("col")
    if col is not None:
        if "error" not in raw:
            raise SuiteError(f"{where}: `col` belongs to an `error` case")
        if not isinstance(col, Decimal) or col != col.to_integral_value() or col < 1:
            raise SuiteError(f"{where}: `col` must be a whole number from 1")
    params = raw.get("params")
    if params is not None and not isinstance(params, dict):
        raise SuiteError(f"{where}: `params` must be a mapping")
    return Case(
        file=file,
        index=index,
        expr=expr,
        given=given,
        item=raw.get("item"),
        params=params,
        result=raw.get("result", MISSING),
        error=raw.get("error"),
        col=None if col is None else int(col),
        eval_error=raw.get("eval_error"),
        xfail=raw.get("xfail"),
        warning=raw.get("warning"),
    )


def all_cases() -> list[Case]:
    return [case for path in FILES for case in read_file(path)]


CASES = all_cases()


def same(actual: Any, expected: Any) -> bool:
    """Equal by type and value: Decimal numerically, lists and mappings element by element."""
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, Decimal):
        return type(actual) is Decimal and actual == expected
    if isinstance(expected, str):
        return type(actual) is str and actual == expected
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    if isinstance(expected, Mapping):
        return (
            isinstance(actual, Mapping)
            and set(actual) == set(expected)
            and all(same(actual[key], expected[key]) for key in expected)
        )
    raise SuiteError(f"cannot compare with {expected!r}")  # pragma: no cover


def params_of(case: Case) -> list[Any]:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return [pytest.param(case, marks=marks, id=case.id)]


@pytest.mark.parametrize("case", [p for case in CASES for p in params_of(case)])
def test_the_expression_behaves_as_documented(case: Case) -> None:
    if case.error is not None:
        with pytest.raises(ExpressionError) as raised:
            compile_expr(case.expr)
        assert raised.value.code == case.error, f"{case.id}: {raised.value}"
        if case.col is not None:
            assert raised.value.col == case.col, f"{case.id}: {raised.value}"
        return
    expression = compile_expr(case.expr)
    if case.eval_error is not None:
        with pytest.raises(EvaluationError) as failed:
            expression.evaluate(case.given, item=case.item, params=case.params)
        assert failed.value.code == case.eval_error, f"{case.id}: {failed.value}"
        return
    actual = expression.evaluate(case.given, item=case.item, params=case.params)
    assert same(actual, case.result), f"{case.expr} gave {actual!r}, expected {case.result!r}"
    # fields of the suites' inline reports are unknown to the report format: not counted
    warnings = [w.code for w in expression.warnings if w.code != "unknown-field"]
    expected = [case.warning] if case.warning is not None else []
    assert warnings == expected, f"{case.expr} warned {warnings}, expected {expected}"


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_suite_file_has_cases(path: Path) -> None:
    assert read_file(path)


def test_the_suite_covers_every_topic_with_many_cases() -> None:
    topics = {
        "values",
        "paths",
        "cells",
        "unknown",
        "operators",
        "collections",
        "functions",
        "close",
        "met",
        "errors",
        "params_and_scopes",
    }
    assert {path.stem for path in FILES} >= topics
    assert len(CASES) >= 160


def parsed_nodes() -> list[ast.Node]:
    found: list[ast.Node] = []
    for case in CASES:
        try:
            stack = [parse(case.expr)]
        except ExpressionError:
            continue
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(ast.children(node))
    return found


def test_the_suite_calls_every_function_of_the_registry() -> None:
    called = {node.name for node in parsed_nodes() if isinstance(node, ast.Call)}
    assert called >= set(FUNCTIONS)


def test_the_suite_uses_every_construct_of_the_language() -> None:
    kinds = {type(node) for node in parsed_nodes()}
    constructs = {
        ast.Literal,
        ast.ListExpr,
        ast.Root,
        ast.Current,
        ast.Outer,
        ast.Name,
        ast.Field,
        ast.Index,
        ast.Key,
        ast.Filter,
        ast.Call,
        ast.Negate,
        ast.Binary,
        ast.Compare,
        ast.Logic,
        ast.Not,
        ast.Implies,
        ast.Conditional,
    }
    assert kinds >= constructs
    ops = {op for node in parsed_nodes() if isinstance(node, ast.Compare) for op in node.ops}
    assert ops == {"==", "!=", "<", "<=", ">", ">=", "in", "not in"}


def test_a_typo_in_a_case_key_fails_loudly() -> None:
    with pytest.raises(SuiteError, match="unknown keys"):
        read_case("x.yaml", 0, {"expr": "1", "reslt": Decimal(1)}, {})


def test_a_case_needs_exactly_one_expectation() -> None:
    with pytest.raises(SuiteError, match="exactly one"):
        read_case("x.yaml", 0, {"expr": "1"}, {})
    with pytest.raises(SuiteError, match="exactly one"):
        read_case("x.yaml", 0, {"expr": "1", "result": None, "error": "type"}, {})


def test_a_file_without_cases_fails_loudly(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("given: {}\ncases: []\n", encoding="utf-8")
    with pytest.raises(SuiteError, match="no cases"):
        read_file(empty)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("givn: seed\ncases: [{expr: '1', result: 1}]\n", encoding="utf-8")
    with pytest.raises(SuiteError, match="unknown top-level keys"):
        read_file(unknown)


def test_a_null_result_is_null_and_not_absent() -> None:
    case = read_case("x.yaml", 0, {"expr": "1", "result": None}, {})
    assert case.result is None
    assert same(None, case.result)
    assert not same(False, case.result)
    assert not same(Decimal(0), case.result)


def test_numbers_compare_exactly_and_by_type() -> None:
    assert same(Decimal("7.970"), Decimal("7.97"))
    assert not same("7.97", Decimal("7.97"))
    assert not same(True, Decimal(1))
    assert not same(Decimal(1), True)
    assert not same([Decimal(1)], [Decimal(1), Decimal(2)])
