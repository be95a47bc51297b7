"""Properties of the rule language: parsing never crashes, printing round-trips, arithmetic is
Python's Decimal, evaluation only ever fails with EvaluationError, and logic is Kleene's."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from evallint.dsl import ast
from evallint.dsl.expression import compile_expr
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.parser import parse
from evallint.dsl.unparse import unparse
from evallint.errors import EvaluationError, ExpressionError

# --- 1. any text compiles or fails with an ExpressionError that points into it -------------

TOKENS = (
    # names, functions, scopes
    "a", "score", "weight", "indicators", "funds", "x_1", "params", "$", "@", "^",
    "sum(", "met(", "matches(", "round(", "count(", "all(", "close(", "len(", "foo(",
    # numbers and percentages, some typed with an input method
    "0", "1", "10", "9.4", "0.125", "90%", "94.5%", "１０", "1.", ".5", "007",
    # operators, including slips
    "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "=", "&&", "||", "!", "%", "&", "|",
    # punctuation
    "(", ")", "[", "]", ",", ".", ":", ";", "{", "}",
    # strings and quotes, with good and bad escapes
    '"', "'", '"abc"', "'完成'", '"\\q"', '"\\u12"', '"\\u4e2d"', '"a\\"b"', '"\n"',
    # keywords
    "and", "or", "not", "in", "not in", "implies", "if", "else", "true", "false", "null",
    # full-width punctuation and comparators
    "（", "）", "“", "”", "‘", "’", "，", "％", "：", "【", "】", "＝", "＜", "＞", "≥", "≤", "≠",
    # white space of every kind
    " ", "  ", "\u3000", "\u00a0", "\n", "\t", "\r",
)  # fmt: skip

token_texts = st.lists(st.sampled_from(TOKENS), max_size=24).map("".join)
spaced_token_texts = st.lists(st.sampled_from(TOKENS), max_size=24).map(" ".join)


def check_compiles_or_points_into_the_text(text: str) -> None:
    try:
        compile_expr(text)
    except ExpressionError as error:
        assert error.line >= 1
        line = text.split("\n")[error.line - 1]
        assert 1 <= error.col <= len(line) + 1, (text, error.line, error.col)


@given(st.text(max_size=80))
@settings(deadline=None)
def test_any_text_compiles_or_raises_an_expression_error_pointing_into_it(text: str) -> None:
    check_compiles_or_points_into_the_text(text)


@given(st.one_of(token_texts, spaced_token_texts))
@settings(deadline=None)
def test_any_glued_tokens_compile_or_raise_an_expression_error_pointing_into_them(
    text: str,
) -> None:
    check_compiles_or_points_into_the_text(text)


# --- 2. printed syntax trees parse back to the same tree ---------------------------------

KEYWORDS = frozenset({"and", "or", "not", "in", "implies", "if", "else", "true", "false", "null"})
names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: name not in KEYWORDS
)
texts = st.text(max_size=8)
decimals = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=-8, max_value=4),
)
literals = st.one_of(
    decimals.map(ast.Literal),
    texts.map(ast.Literal),
    st.booleans().map(ast.Literal),
    st.just(ast.Literal(None)),
)
leaves = st.one_of(
    literals,
    names.map(ast.Name),
    st.just(ast.Root()),
    st.just(ast.Current()),
    st.just(ast.Outer()),
)
COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")


def is_subscript_literal(node: ast.Node) -> bool:
    """What `x[...]` reads as an index or key (or refuses), so never a filter's predicate."""
    if isinstance(node, ast.Negate):
        return is_subscript_literal(node.operand)
    return isinstance(node, ast.Literal)


def logic(op: str, operands: list[ast.Node]) -> ast.Node:
    # the builder flattens `a and (b and c)`: a generated tree never nests the same operator
    flat = [o for o in operands if not (isinstance(o, ast.Logic) and o.op == op)]
    if len(flat) < 2:
        return ast.Not(operands[0])
    return ast.Logic(op, tuple(flat))  # type: ignore[arg-type]


@st.composite
def calls(draw: st.DrawFn, children: st.SearchStrategy[ast.Node]) -> ast.Node:
    function = FUNCTIONS[draw(st.sampled_from(sorted(FUNCTIONS)))]
    count = draw(st.integers(function.min_args, min(function.max_args, 3)))
    return ast.Call(function.name, tuple(draw(st.lists(children, min_size=count, max_size=count))))


@st.composite
def compares(draw: st.DrawFn, children: st.SearchStrategy[ast.Node]) -> ast.Node:
    operands = draw(st.lists(children, min_size=2, max_size=4))
    ops = draw(
        st.lists(
            st.sampled_from(COMPARE_OPS), min_size=len(operands) - 1, max_size=len(operands) - 1
        )
    )
    return ast.Compare(tuple(operands), tuple(ops))  # type: ignore[arg-type]


def compound(children: st.SearchStrategy[ast.Node]) -> st.SearchStrategy[ast.Node]:
    return st.one_of(
        st.builds(ast.Field, children, names),
        st.builds(ast.Index, children, st.integers(min_value=-20, max_value=20)),
        st.builds(ast.Key, children, texts),
        st.builds(ast.Filter, children, children.filter(lambda p: not is_subscript_literal(p))),
        calls(children),
        st.builds(ast.Negate, children),
        st.builds(ast.Binary, st.sampled_from(["+", "-", "*", "/"]), children, children),
        compares(children),
        st.builds(
            logic, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=4)
        ),
        st.builds(ast.Not, children),
        st.builds(ast.Implies, children, children),
        st.builds(ast.Conditional, children, children, children),
        st.lists(children, max_size=3).map(lambda items: ast.ListExpr(tuple(items))),
    )


trees = st.recursive(leaves, compound, max_leaves=12)


def same_tree(left: Any, right: Any) -> bool:
    """Equal as the dataclasses say, but a number literal never equals a boolean one."""
    if isinstance(left, ast.Literal) and isinstance(right, ast.Literal):
        return type(left.value) is type(right.value) and left.value == right.value
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(map(same_tree, left, right))
    if isinstance(left, ast.Node):
        if type(left) is not type(right):
            return False
        fields = [f for f in left.__dataclass_fields__.values() if f.compare]
        return all(same_tree(getattr(left, f.name), getattr(right, f.name)) for f in fields)
    return bool(left == right)


@given(trees)
@settings(deadline=None)
def test_a_printed_tree_parses_back_to_the_same_tree(tree: ast.Node) -> None:
    text = unparse(tree)
    reparsed = parse(text)
    assert reparsed == tree, text
    assert same_tree(reparsed, tree), text


# --- 3. arithmetic is Python's Decimal arithmetic --------------------------------------------

signed_decimals = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=-12, max_value=6),
)


def written(number: Decimal) -> str:
    """``number`` as an expression: a literal, negated when negative."""
    if number.is_signed() and number != 0:
        return unparse(ast.Negate(ast.Literal(-number)))
    return unparse(ast.Literal(abs(number)))


def value_of(text: str) -> Any:
    return compile_expr(text).evaluate({})


@given(signed_decimals, signed_decimals)
@settings(deadline=None)
def test_arithmetic_gives_exactly_what_python_decimal_gives(a: Decimal, b: Decimal) -> None:
    left, right = written(a), written(b)
    for op, expected in (("+", a + b), ("-", a - b), ("*", a * b)):
        result = value_of(f"{left} {op} {right}")
        assert type(result) is Decimal and result == expected, (left, op, right, result)
    quotient = value_of(f"{left} / {right}")
    if b == 0:
        assert quotient is None
    else:
        assert type(quotient) is Decimal and quotient == a / b, (left, right, quotient)


# Figures of a form: up to 12 digits before the point, so the rounded value fits in 28 digits.
form_figures = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=-8, max_value=0),
)


@given(form_figures, st.integers(min_value=0, max_value=6))
@settings(deadline=None)
def test_round_is_decimal_quantize_half_up(x: Decimal, places: int) -> None:
    result = value_of(f"round({written(x)}, {places})")
    expected = x.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    assert type(result) is Decimal and result == expected, (x, places, result)


# --- 4. evaluating on any data raises nothing but EvaluationError ------------------------------

KEYS = ("funds", "indicators", "score", "weight", "target", "actual", "name", "level1",
        "total", "rate", "adjusted", "executed")  # fmt: skip
CELLS = ("94%", "≥90%", "　", "　10", "/", "完成", "5-10个工作日", "1.2万册", "≤90万元", "1,200",
         "１０", "24小时内", ">90%", "", "0", "-5", "产出指标")  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.decimals(
        allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9, places=4
    ),
    st.sampled_from(CELLS),
    st.text(max_size=6),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=20,
)
cells = st.one_of(
    st.sampled_from(CELLS),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=100, places=2),
    scalars,
)
rows = st.fixed_dictionaries({}, optional=dict.fromkeys(KEYS, cells))
# Reports shaped like a form (rows of cells under indicators, a funds block), so the
# expressions get past their first field; and reports of anything at all.
shaped_reports = st.fixed_dictionaries(
    {},
    optional={
        "indicators": st.lists(st.one_of(rows, json_values), max_size=5),
        "funds": st.fixed_dictionaries(
            {}, optional={"rate": cells, "total": rows, "weight": cells, "score": cells}
        ),
        "score": cells,
        "weight": cells,
        "rate": cells,
        "total": cells,
    },
)
reports = st.one_of(shaped_reports, st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8))

EXPRESSIONS = tuple(
    compile_expr(source)
    for source in (
        "score <= weight",
        "sum(indicators.weight)",
        "sum(indicators[level1 == '产出指标'].weight) == total",
        "count(indicators)",
        "count(indicators, filled(name))",
        "all(indicators, score <= weight)",
        "any(indicators, met(target, actual))",
        "met(target, actual)",
        "met(target, actual, '≥', '%')",
        "close(score, rate * weight)",
        "close(funds.total.executed / funds.total.adjusted, funds.rate)",
        "close(score, weight, 0.5)",
        "indicators[score > 1].name",
        "indicators.weight",
        "indicators[0].target",
        "indicators[-1]",
        "funds['total']['adjusted'] - funds.total.executed",
        "round(rate * 100, 1)",
        "abs(score - weight)",
        "min(indicators.score) <= max(indicators.weight)",
        "avg(indicators.score)",
        "distinct(indicators.level1)",
        "len(name) > 0 and text(name) != ''",
        "num(target) + ratio(rate) > 0 or percent(actual)",
        "unit(target) == unit(actual) implies comparator(target) in ['>=', '']",
        "'指标' in level1 if filled(level1) else blank(name)",
        "matches(name, '^产出') or contains(name, '办结') or kind(actual) == 'text'",
        "all(indicators, any(^.indicators, @.score == ^.score))",
    )
)
RESULT_TYPES = (type(None), bool, Decimal, str, list, dict)


@given(reports, st.none() | rows | st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6))
@settings(deadline=None)
def test_evaluation_returns_a_value_or_raises_an_evaluation_error(
    report: dict[str, Any], item: dict[str, Any] | None
) -> None:
    for expression in EXPRESSIONS:
        try:
            result = expression.evaluate(report, item=item)
        except EvaluationError:
            continue
        assert isinstance(result, RESULT_TYPES), (expression.source, result)


# --- 5. Kleene's laws --------------------------------------------------------------------------

UNKNOWN_DATA = {"x": None, "prose": "完成"}
TRUTHS = ("true", "false", "(x > 0)", "(prose < 1)", "(1 / 0 > 1)")
truths = st.sampled_from(TRUTHS)


def truth(text: str) -> Any:
    return compile_expr(text).evaluate(UNKNOWN_DATA)


def test_the_unknown_truth_values_are_unknown() -> None:
    assert [truth(t) for t in TRUTHS] == [True, False, None, None, None]


@given(truths, truths)
@settings(deadline=None)
def test_and_and_or_commute(a: str, b: str) -> None:
    assert truth(f"{a} and {b}") is truth(f"{b} and {a}")
    assert truth(f"{a} or {b}") is truth(f"{b} or {a}")


@given(truths, truths)
@settings(deadline=None)
def test_de_morgan_holds_with_unknown(a: str, b: str) -> None:
    assert truth(f"not ({a} and {b})") is truth(f"(not {a}) or (not {b})")
    assert truth(f"not ({a} or {b})") is truth(f"(not {a}) and (not {b})")


@given(truths, truths)
@settings(deadline=None)
def test_implies_is_not_a_or_b(a: str, b: str) -> None:
    assert truth(f"{a} implies {b}") is truth(f"(not {a}) or {b}")


@given(truths)
@settings(deadline=None)
def test_double_negation_and_excluded_middle_are_kleene(a: str) -> None:
    assert truth(f"not not {a}") is truth(a)
    # a or not a is true for true and false, and unknown for unknown (no excluded middle)
    assert truth(f"{a} or not {a}") is (True if truth(a) is not None else None)


@given(truths, truths, truths)
@settings(deadline=None)
def test_and_and_or_associate_and_distribute(a: str, b: str, c: str) -> None:
    assert truth(f"({a} and {b}) and {c}") is truth(f"{a} and ({b} and {c})")
    assert truth(f"{a} and ({b} or {c})") is truth(f"({a} and {b}) or ({a} and {c})")
