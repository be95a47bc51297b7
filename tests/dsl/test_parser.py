"""The parser: the grammar is conflict-free, and syntax errors speak the rule author's words."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

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
    from evallint.dsl.expression import compile_expr

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


def test_the_parser_tables_are_kept_in_the_cache_folder_and_a_damaged_entry_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evallint.dsl.parser import lalr_parser

    monkeypatch.setenv("EVALLINT_CACHE_DIR", str(tmp_path))
    source = "sum(indicators[filled(name)].weight) == 90"
    try:
        lalr_parser.cache_clear()
        built = parse(source)
        [entry] = tmp_path.glob("parser-*")
        lalr_parser.cache_clear()
        assert parse(source) == built  # loaded from the entry
        entry.write_bytes(b"not a parser")
        lalr_parser.cache_clear()
        assert parse(source) == built  # a damaged entry is built again
        assert entry.read_bytes() != b"not a parser"
    finally:
        lalr_parser.cache_clear()
