"""Reading JSON and YAML text: exact numbers, strict keys, located syntax errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evallint.errors import ReportError
from evallint.read.jsondoc import parse_json, scan_json_positions
from evallint.read.text import MAX_DEPTH, Position, decode
from evallint.read.yamldoc import parse_yaml


def test_json_numbers_become_decimals_never_floats() -> None:
    data = parse_json('{"a": 135.35, "b": 127.38, "c": 10, "d": 1e2}')
    assert all(isinstance(v, Decimal) for v in data.values())
    assert data["a"] - data["b"] == Decimal("7.97")
    assert str(data["a"]) == "135.35"


def test_json_keeps_trailing_zeros_as_typed() -> None:
    assert str(parse_json('{"x": 100.00}')["x"]) == "100.00"


def test_json_duplicate_key_is_an_error_at_its_second_occurrence() -> None:
    with pytest.raises(ReportError) as caught:
        parse_json('{\n  "score": 1,\n  "score": 2\n}')
    error = caught.value
    assert error.code == "report-duplicate-key"
    assert (error.line, error.col) == (3, 3)
    assert error.pointer == "/score"
    assert "score" in error.message("en") and "line 2" in error.message("en")


def test_json_duplicate_key_in_a_nested_object_names_its_pointer() -> None:
    with pytest.raises(ReportError) as caught:
        parse_json('{"indicators": [{"name": "a"}, {"name": "b", "name": "c"}]}')
    assert caught.value.pointer == "/indicators/1/name"


def test_same_key_in_different_objects_is_fine() -> None:
    assert parse_json('[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]


def test_json_syntax_error_names_line_column_and_shows_the_line() -> None:
    with pytest.raises(ReportError) as caught:
        parse_json('{\n  "a": 1\n  "b": 2\n}')
    error = caught.value
    assert error.code == "report-json"
    assert (error.line, error.col) == (3, 3)
    assert error.excerpt == '  "b": 2'
    assert "逗号" in error.message("zh")
    assert "expected ','" in error.message("en")
    assert error.describe("en").splitlines()[-1] == "      ^"


def test_json_trailing_comma_is_explained() -> None:
    with pytest.raises(ReportError) as caught:
        parse_json('{"a": 1,}')
    assert "trailing comma" in caught.value.message("en")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_json_non_numbers_are_rejected(token: str) -> None:
    with pytest.raises(ReportError) as caught:
        parse_json(f'{{"score": {token}}}')
    assert caught.value.code == "report-json"
    assert caught.value.col == 11


def test_empty_text_is_reported_as_empty() -> None:
    with pytest.raises(ReportError) as caught:
        parse_json("  \n")
    assert caught.value.code == "report-empty"


def test_a_byte_order_mark_is_fine() -> None:
    assert parse_json(decode(b'\xef\xbb\xbf{"a": 1}')) == {"a": Decimal(1)}
    assert parse_json('\ufeff{"a": 1}') == {"a": Decimal(1)}


def test_gb18030_text_is_decoded() -> None:
    assert decode('{"project": "企业服务"}'.encode("gb18030")) == '{"project": "企业服务"}'


def test_utf16_with_bom_is_decoded() -> None:
    assert decode('{"a": "得分"}'.encode("utf-16")) == '{"a": "得分"}'


@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 10_000])
def test_absurd_nesting_is_an_error_not_a_crash(depth: int) -> None:
    with pytest.raises(ReportError) as caught:
        parse_json("[" * depth + "]" * depth)
    assert caught.value.code == "report-too-deep"


def test_positions_of_every_value() -> None:
    text = '{\n  "funds": {"rate": "94%"},\n  "indicators": [\n    {"score": 5}\n  ]\n}'
    positions = scan_json_positions(text)
    assert positions["/funds/rate"] == Position(2, 21)
    assert positions["/indicators/0/score"] == Position(4, 15)
    assert positions["/indicators/0"] == Position(4, 5)
    assert positions[""] == Position(1, 1)


def test_positions_escape_pointer_tokens() -> None:
    positions = scan_json_positions('{"a/b": {"c~d": 1}}')
    assert "/a~1b/c~0d" in positions


def test_yaml_numbers_are_exact_and_only_true_false_are_booleans() -> None:
    doc = parse_yaml("a: 1.50\nb: yes\nc: on\nd: true\ne: 2022-01-01\nf: 0x1F\ng: 1_000\n")
    assert doc.data == {
        "a": Decimal("1.50"),
        "b": "yes",
        "c": "on",
        "d": True,
        "e": "2022-01-01",
        "f": Decimal(31),
        "g": Decimal(1000),
    }
    assert str(doc.data["a"]) == "1.50"


def test_yaml_keys_are_always_text() -> None:
    assert parse_yaml("2022: x\n").data == {"2022": "x"}


def test_yaml_duplicate_key_is_an_error() -> None:
    with pytest.raises(ReportError) as caught:
        parse_yaml("funds:\n  rate: 1\n  rate: 2\n")
    error = caught.value
    assert error.code == "report-duplicate-key"
    assert (error.line, error.col) == (3, 3)
    assert error.pointer == "/funds/rate"


def test_yaml_syntax_error_is_located() -> None:
    with pytest.raises(ReportError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n")
    assert caught.value.code == "report-yaml"
    assert caught.value.line is not None and caught.value.col is not None


def test_yaml_positions_and_scalar_styles() -> None:
    doc = parse_yaml('rules:\n  - check: "score <= weight"\n    when: |\n      filled(score)\n')
    assert doc.positions["/rules/0/check"] == Position(2, 12)
    assert doc.styles["/rules/0/check"] == '"'
    assert doc.styles["/rules/0/when"] == "|"
    assert doc.key_positions["/rules/0/when"] == Position(3, 5)


def test_yaml_alias_bombs_are_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(ReportError):
        parse_yaml("\n".join(lines))
