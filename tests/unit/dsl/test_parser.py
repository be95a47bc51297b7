"""The parser: the grammar is conflict-free, and syntax errors speak the rule author's words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evallint.dsl import ast
from evallint.dsl.parser import EXAMPLES, MAX_SOURCE_LENGTH, parse
from evallint.errors import ExpressionError


def test_the_grammar_builds_in_strict_mode_without_conflicts() -> None:
    assert parse("a < b <= c and not d", strict=True) == parse("a < b <= c and not d")


@pytest.mark.parametrize(
    ("label", "snippet"),
    [(label, snippet) for label, snippets in EXAMPLES.items() for snippet in snippets],
)
def test_every_labelled_example_gets_its_label(label: str, snippet: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(snippet)
    assert caught.value.code == "expr-syntax"
    assert label in caught.value.message


def test_an_expression_that_ends_early_puts_the_caret_after_the_last_character() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("score + ")
    assert caught.value.describe() == (
        "1:8: error[expr-syntax] the expression ends too early: "
        "a value is missing after the operator\n"
        "    score + \n"
        "           ^"
    )


@pytest.mark.parametrize(
    ("source", "col", "words"),
    [
        ("score = weight", 7, "write `==`"),
        ("a && b", 3, "`and`"),
        ("a || b", 3, "`or`"),
        ("a（b）", 2, "full-width `（`"),
        ("score >= 90％", 12, "full-width `％`"),
        ("name == “x”", 9, "curly quote"),
        ("得分 > 1", 1, 'x["键"]'),
        ('"abc', 1, "not closed"),
        ("x[1.5]", 3, "whole number"),
        ("a.b(c)", 4, "no methods"),
        ('"a\\u12"', 3, "four hexadecimal digits"),
        ("score ≥ 9", 7, "`>=`"),
    ],
)
def test_common_slips_get_a_hint(source: str, col: int, words: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert caught.value.col == col
    assert words in caught.value.message


def test_carets_line_up_under_chinese_text() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse('level1 == "产出指标" +')
    assert caught.value.describe().splitlines()[-1] == " " * 4 + " " * 22 + "^"


def test_an_empty_or_overlong_expression_is_refused() -> None:
    with pytest.raises(ExpressionError, match="empty"):
        parse("   ")
    with pytest.raises(ExpressionError) as caught:
        parse("1 + " * MAX_SOURCE_LENGTH + "1")
    assert caught.value.code == "too-complex"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    from evallint.dsl import compile_expr

    assert parse("(" * 1500 + "1" + ")" * 1500) == parse("1")  # parentheses add no nodes
    for source in ("-" * 1900 + "1", "not " * 900 + "true", "f(" * 900 + "1" + ")" * 900):
        with pytest.raises(ExpressionError) as caught:
            compile_expr(source)
        assert caught.value.code == "too-complex"


def test_subscripts_are_told_apart() -> None:
    assert parse("x[0]") == ast.Index(ast.Name("x"), 0)
    assert parse("x[-1]") == ast.Index(ast.Name("x"), -1)
    assert parse('x["产出指标"]') == ast.Key(ast.Name("x"), "产出指标")
    predicate = ast.Compare((ast.Name("y"), ast.Literal(Decimal(1))), (">",))
    assert parse("x[y > 1]") == ast.Filter(ast.Name("x"), predicate)


def test_keywords_are_not_names_but_names_may_contain_them() -> None:
    tree = parse("android and orange")
    assert tree == ast.Logic("and", (ast.Name("android"), ast.Name("orange")))


def test_spans_point_into_the_source() -> None:
    tree = parse("sum(indicators.weight) == 90")
    assert isinstance(tree, ast.Compare)
    call = tree.operands[0]
    assert isinstance(call, ast.Call)
    assert call.span == (0, 22)
    assert call.name_span == (0, 3)


def test_the_shipped_parser_was_built_from_the_grammar() -> None:
    from evallint.dsl.parser import _grammar, _load_built

    assert _load_built(_grammar()) is not None, "run: python -m evallint.docgen"


def test_every_built_in_expression_is_in_the_shipped_parse_cache() -> None:
    from evallint.docgen import builtin_expressions
    from evallint.dsl.parser import _parsed, parse

    cached = _parsed()
    missing = [source for source in builtin_expressions() if source not in cached]
    assert not missing, "run: python -m evallint.docgen"
    for source in list(cached)[:50]:
        assert cached[source] == parse(source, cached=False)


def test_the_shipped_check_cache_is_fresh_and_equals_checking_anew() -> None:
    """Every built-in expression is cached for this code, and the entry is what checking gives."""
    from evallint.docgen import builtin_checked_expressions
    from evallint.dsl.cache import cached_check
    from evallint.dsl.optimize import hoist
    from evallint.dsl.resolve import check, read_paths

    expressions = builtin_checked_expressions()
    missing = [source for source, schema in expressions if cached_check(source, schema) is None]
    assert not missing, "the cache is stale or incomplete; run: python -m evallint.docgen"
    for source, schema in expressions:
        tree = parse(source, cached=False)
        fresh = (
            tuple(check(tree, source, item_schema=schema)),
            read_paths(tree, item_schema=schema),
            hoist(tree),
        )
        assert cached_check(source, schema) == fresh, source
