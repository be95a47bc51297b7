"""Evaluation: exact numbers, unknown, located errors, bounded work, no reach into Python."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evallint.dsl.expression import compile_expr
from evallint.dsl.values import MAX_STEPS
from evallint.errors import EvaluationError, ExpressionError
from evallint.rules.docs import functions_page, rules_page
from tests.paths import ROOT, SEED

INDICATOR = {"$ref": "#/$defs/indicator"}


def test_money_is_exact() -> None:
    assert compile_expr("135.35 - 127.38").evaluate({}) == Decimal("7.97")
    assert compile_expr("a - b").evaluate({"a": "　135.35", "b": 127.38}) == Decimal("7.97")


def test_a_blank_cell_is_unknown_never_zero() -> None:
    check = compile_expr("score <= weight", item_schema=INDICATOR)
    assert check.evaluate({}, item={"score": "　", "weight": 10}) is None
    assert check.evaluate({}, item={"score": "0", "weight": 10}) is True
    assert compile_expr("x + 1").evaluate({"x": "／"}) is None


def test_python_ints_and_floats_given_to_evaluate_are_read_exactly() -> None:
    assert compile_expr("x * 3").evaluate({"x": 0.1}) == Decimal("0.3")
    assert compile_expr("x + 1").evaluate({"x": 1}) == Decimal(2)


def test_a_runtime_type_error_names_the_failing_part() -> None:
    expr = compile_expr("1 + 2 + flag")
    with pytest.raises(EvaluationError) as caught:
        expr.evaluate({"flag": True})
    error = caught.value
    assert error.code == "eval-error"
    assert "true" in error.message
    assert error.excerpt == "1 + 2 + flag"
    assert error.source == "1 + 2 + flag"


def test_a_field_of_a_number_is_an_error() -> None:
    with pytest.raises(EvaluationError, match="has no field"):
        compile_expr("funds.weight.x").evaluate({"funds": {"weight": Decimal(10)}})


def test_work_is_bounded() -> None:
    rows = [{"v": Decimal(i)} for i in range(600)]
    expr = compile_expr("count(rows, count(^.rows, v > 0) > 0)")
    with pytest.raises(EvaluationError) as caught:
        expr.evaluate({"rows": rows})
    assert caught.value.code == "budget-exceeded"
    assert str(MAX_STEPS) in caught.value.message


def test_python_internals_are_out_of_reach() -> None:
    # names are keys of the data, never attributes of Python objects
    assert compile_expr("__class__").evaluate({}) is None
    assert compile_expr("x.__class__").evaluate({"x": {}}) is None
    with pytest.raises(ExpressionError):
        compile_expr("__import__('os')")
    with pytest.raises(EvaluationError):
        compile_expr("x.__class__").evaluate({"x": "text"})


def test_paths_list_what_the_expression_reads() -> None:
    expr = compile_expr("close(score, num(weight) * $.funds.rate)", item_schema=INDICATOR)
    assert expr.paths == ("@/score", "@/weight", "/funds/rate")
    total = compile_expr('sum(indicators[level1 == "产出指标"].weight) == categories["产出指标"]')
    assert total.paths == (
        "/indicators/*/weight",
        "/indicators/*/level1",
        "/categories/产出指标",
    )


def test_unknown_field_far_from_any_known_is_a_warning() -> None:
    expr = compile_expr("province_code == 1")
    [warning] = expr.warnings
    assert warning.code == "unknown-field"
    assert "province_code" in warning.message


def test_near_miss_field_is_an_error_with_did_you_mean() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expr("score <= weigth", item_schema=INDICATOR)
    assert caught.value.code == "unknown-field"
    assert 'did you mean "weight"' in caught.value.message
    assert (caught.value.col, caught.value.end - caught.value.start) == (10, 6)


def test_params_are_their_own_namespace() -> None:
    expr = compile_expr("funds.weight == params.budget_weight")
    report = {"funds": {"weight": "　20"}}
    assert expr.evaluate(report, params={"budget_weight": 20}) is True
    assert expr.evaluate(report, params={"budget_weight": 10}) is False
    assert expr.evaluate(report) is None


def test_cell_readings_are_cached_per_evaluation_environment() -> None:
    from evallint.dsl.values import Env

    env = Env({"a": "　94%", "b": "　94%"})
    assert compile_expr("a == b and num(a) == 0.94").run(env) is True
    assert list(env.cells) == ["　94%"]


def test_the_functions_page_is_generated_from_the_registry() -> None:
    page = (ROOT / "docs" / "functions.md").read_text(encoding="utf-8")
    assert page == functions_page(), "run: python -m evallint.rules.docs"


def test_every_function_example_holds_on_the_seed_report() -> None:
    from evallint.dsl.functions import FUNCTIONS
    from evallint.read.report import load_report

    seed = load_report(SEED)
    for function in FUNCTIONS.values():
        assert compile_expr(function.example).evaluate(seed) is True, function.example


def test_the_rules_page_is_generated_from_the_pack() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_page(), "run: python -m evallint.rules.docs"
