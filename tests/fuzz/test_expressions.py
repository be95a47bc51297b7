"""Any expression compiles or points into itself; compiled, it evaluates on an adversarial
report to a value or an EvaluationError, in bounded time, never leaking the unknown marker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from evallint.dsl.functions import FUNCTIONS
from tests.fuzz.profiles import FUZZ
from tests.fuzz.strategies.expressions import (
    REGEXES,
    STRINGS,
    ExpressionCase,
    expression_cases,
    string_literal,
)
from tests.fuzz.strategies.reports import report_data
from tests.fuzz.strategies.values import LONE_SURROGATES, numbers


@FUZZ
@given(case=expression_cases())
def test_any_expression_compiles_or_fails_in_place_and_evaluates_in_bounds(
    check: Callable[[str, Any], None], case: ExpressionCase
) -> None:
    check("expressions", case)


_ARGUMENTS = st.one_of(
    st.sampled_from(REGEXES + STRINGS + LONE_SURROGATES).map(string_literal),
    numbers().filter(str.isascii),
    st.sampled_from(("narrative.text", "indicators", "name", "target", "actual", "score", "[]")),
)


@st.composite
def _calls(draw: st.DrawFn) -> ExpressionCase:
    name = draw(st.sampled_from(sorted(FUNCTIONS)))
    function = FUNCTIONS[name]
    count = draw(st.integers(function.min_args, min(function.max_args, function.min_args + 2)))
    source = f"{name}({', '.join(draw(_ARGUMENTS) for _ in range(count))})"
    return ExpressionCase(source, draw(report_data(form="dict")), draw(st.integers(0, 40)))


@FUZZ
@given(case=_calls())
def test_every_function_takes_adversarial_arguments_in_bounded_time(
    check: Callable[[str, Any], None], case: ExpressionCase
) -> None:
    check("expressions", case)
