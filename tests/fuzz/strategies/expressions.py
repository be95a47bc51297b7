"""Expressions of the rule language: well-formed ones drawn from its grammar
(evallint/dsl/grammar.lark), calls of every function of the registry with adversarial
arguments, and mutants of both.

An :class:`ExpressionCase` is an expression and the report (and item) it is evaluated on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from evallint.dsl.functions import FUNCTIONS
from tests.fuzz.strategies import values
from tests.fuzz.strategies.reports import report_data
from tests.fuzz.strategies.values import ShortRepr

FIELDS = (
    "project", "year", "title", "unit", "funds", "funds.rate", "funds.score", "funds.weight",
    "funds.total.executed", "funds.total.adjusted", "funds.current.initial", "goals.expected",
    "goals.actual", "categories", "indicators", "name", "target", "actual", "weight", "score",
    "deviation", "level1", "level2", "nature", "narrative", "text", "heading", "total.score",
    "params.x", "foo", "x_1", "a", "indicators.score", "narrative.text",
)  # fmt: skip
"""Field names: the report's, and a few it does not have."""

REGEXES = (
    "(?=(.+)+Q)",  # a nested quantifier inside a lookahead: exponential
    "(?!(a|aa)+$)x",
    "(?<=(a+)+)b",
    "(a+)+$",
    "(a|a)*b",
    "(.*a){25}",
    "^(\\d+)+万$",
    "a{1000000}",
    "(?P<x>a)(?P=x)",
    "[",
    "(?i)执行率",
    "",
    "\\",
    "(?",
    ".*.*.*.*.*=.*",
)
"""Regexes from the safe to the catastrophic."""

STRINGS = (
    "",
    "万元",
    "执行率",
    "\ud800",
    "A" * 100_000,
    "预算135.35万元，" * 5000,
    "\x00",
    "%",
    "{",
    "{score}",
)

OPERATORS = (
    *("+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">="),
    *("and", "or", "implies", "in", "not in"),
)
"""Binary operators of the grammar."""

TOKENS = (
    "(", ")", "[", "]", ",", ".", "\"", "'", "%", "$", "@", "^", " if ", " else ", " not ",
    "1e9999", "９", "\ud800", "\u3000", "\n", "sum(", "matches(", "amounts_after(", "(" * 200,
    "[" * 200, "-" * 200, "not " * 200, "a." * 200,
)  # fmt: skip
"""What a mutation inserts: punctuation, slips, and depth."""


def string_literal(text: str) -> str:
    """``text`` as a string of the language (``\\uXXXX`` escapes for what is not ASCII, at
    times)."""
    return json.dumps(text, ensure_ascii=len(text) < 50)


def _literals() -> st.SearchStrategy[str]:
    return st.one_of(
        values.numbers().filter(lambda n: n.isascii()),
        st.sampled_from(("0%", "90%", "94.5%", "100%", "9" * 300 + "%", "0.000%")),
        st.sampled_from(STRINGS + REGEXES).map(string_literal),
        st.sampled_from(values.CELL_TEXTS + values.LONE_SURROGATES).map(string_literal),
        st.sampled_from(("true", "false", "null", "$", "@", "^")),
        st.sampled_from(FIELDS),
    )


def _call(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A call of a registry function, with between its fewest and a few more arguments."""
    argument = st.one_of(inner, st.sampled_from(REGEXES + STRINGS).map(string_literal))

    def called(name: str) -> st.SearchStrategy[str]:
        function = FUNCTIONS[name]
        most = min(function.max_args, function.min_args + 2) + 1
        arguments = st.lists(argument, min_size=max(function.min_args - 1, 0), max_size=most)
        return arguments.map(lambda args: f"{name}({', '.join(args)})")

    return st.sampled_from(sorted(FUNCTIONS)).flatmap(called)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"not {e}"),
        st.tuples(inner, st.sampled_from(FIELDS)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        _call(inner),
        _call(inner),
    )


def well_formed() -> st.SearchStrategy[str]:
    """An expression the grammar accepts (its names and types may still be wrong)."""
    return st.recursive(_literals(), _extend, max_leaves=10)


MUTANT_LENGTH = 200_000
"""The longest mutant: twice the longest literal, long enough to stress the parser."""


@st.composite
def mutants(draw: st.DrawFn) -> str:
    """A well-formed expression with tokens inserted, cut out or repeated."""
    text = draw(well_formed())
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(("insert", "delete", "repeat")))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=8)) :]
        else:
            text = text[:at] + text[at:] * draw(st.integers(min_value=2, max_value=50))
        # cut at each step: four repeats of a 100,000-character literal would otherwise
        # build a string of gigabytes here, in the process drawing the inputs
        text = text[:MUTANT_LENGTH]
    return text


def expressions() -> st.SearchStrategy[str]:
    """Any expression: well formed, or a mutant of one."""
    return st.one_of(well_formed(), well_formed(), mutants())


@dataclass(frozen=True, slots=True, repr=False)
class ExpressionCase(ShortRepr):
    """An expression, the report it runs on, and the item (an indicator row) if any."""

    source: str
    report: Any
    item: int | None = None


@st.composite
def expression_cases(draw: st.DrawFn) -> ExpressionCase:
    report = draw(report_data(form="dict"))
    item = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
    return ExpressionCase(draw(expressions()), report, item)
