"""Text as it comes in (issue 16): one decoding for every input (JSON, YAML, each .jsonl line,
standard input), text that is not valid Unicode kept intact by the readers (escaping it is the
outputs' job), a YAML document bounded before it is all in memory, and a clear error for
anything given to the API that is no report."""

from __future__ import annotations

import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from evallint import lint, load_report, load_reports, read_cell
from evallint.cli.exit import EXIT_OK
from evallint.cli.main import main
from evallint.domain.text import fold
from evallint.errors import ReportError
from evallint.limits import MAX_YAML_EXPLAINED_BYTES
from evallint.read.report import Report, report_from_bytes
from evallint.read.text import decode, excerpt
from evallint.read.yamldoc import parse_yaml
from tests.bounded import finishes
from tests.paths import EXAMPLES

MINIMAL_TEXT = (EXAMPLES / "minimal.json").read_text(encoding="utf-8")
MINIMAL = json.loads(MINIMAL_TEXT)


def minimal_yaml() -> str:
    return yaml.safe_dump(MINIMAL, allow_unicode=True, sort_keys=False)


def as_data(report: Report) -> Any:
    return json.loads(json.dumps(report.data, default=str))  # numbers as text: compare shapes


# --- one decoding ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_json_and_yaml_files_read_the_same_in_every_encoding_chinese_tools_write(
    tmp_path: Path, encoding: str
) -> None:
    for suffix, text in ((".json", MINIMAL_TEXT), (".yaml", minimal_yaml())):
        path = tmp_path / f"form{suffix}"
        path.write_bytes(text.encode(encoding))
        report = load_report(path)
        assert report.data["project"] == "示例培训项目", (encoding, suffix)
        assert report.data["indicators"][1]["name"] == "培训合格率"


def test_each_jsonl_line_in_gbk_is_read_as_the_json_loader_reads_gbk(tmp_path: Path) -> None:
    line = json.dumps(MINIMAL, ensure_ascii=False)
    path = tmp_path / "batch.jsonl"
    path.write_bytes((line + "\n" + line + "\r\n").encode("gbk"))
    reports = list(load_reports(path))
    assert [type(r) for r in reports] == [Report, Report]
    assert all(isinstance(r, Report) and r.data == load_report(line).data for r in reports)


def test_gbk_on_standard_input_is_decoded_as_a_file_is(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in (MINIMAL_TEXT, minimal_yaml()):
        stdin = io.TextIOWrapper(io.BytesIO(text.encode("gb18030")), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", stdin)
        out = io.StringIO()
        assert main(["check", "--format", "json", "-"], stdout=out) == EXIT_OK
        assert json.loads(out.getvalue())["summary"]["reports"] == 1


def test_bytes_are_sniffed_after_decoding_so_utf16_json_is_json() -> None:
    report = report_from_bytes(MINIMAL_TEXT.encode("utf-16"))
    assert report.syntax == "json" and report.data["project"] == "示例培训项目"


def test_decoding_never_leaves_a_surrogate_escape_and_drops_any_bom() -> None:
    assert decode("\ufeff项目".encode("gb18030")) == "项目"
    assert decode("\ufeff项目".encode("utf-16")) == "项目"
    with pytest.raises(ReportError) as caught:
        decode(b"\xff\xfe\x00\xd8")  # UTF-16 holding a lone surrogate
    assert caught.value.code == "report-encoding"


# --- text that is not valid Unicode -----------------------------------------------------------


def test_a_lone_surrogate_in_a_json_cell_survives_reading_and_checking() -> None:
    text = MINIMAL_TEXT.replace('"示例培训项目"', '"示例\\ud800项目"').replace(
        '"培训场次"', '"培训\\udfff场次"'
    )
    report = load_report(text)
    assert report.data["project"] == "示例\ud800项目"
    assert report.data["indicators"][0]["name"] == "培训\udfff场次"
    findings = lint(text, "national-2020")
    assert not [f for f in findings if f.rule in ("rule-error", "internal-error")]


def test_folding_and_reading_cells_keep_a_lone_surrogate() -> None:
    assert fold("　ｂ\ud800 ") == "b\ud800"
    assert read_cell("９４\ud800").kind == "text"
    assert read_cell("\udfff").raw == "\udfff"


def test_a_lone_surrogate_escaped_in_yaml_survives_reading() -> None:
    assert parse_yaml('project: "示例\\ud800"').data == {"project": "示例\ud800"}


@pytest.mark.parametrize(("char", "shown"), [("\ud800", "U+D800"), ("\x00", "U+0000")])
def test_a_character_yaml_does_not_allow_is_a_located_error(char: str, shown: str) -> None:
    text = f"project: 示例\nunit: 万{char}元\n"
    with pytest.raises(ReportError) as caught:
        load_report(text)
    error = caught.value
    assert (error.code, error.line, error.col) == ("yaml:special-char", 2, 8)
    assert shown in error.message("en")


# --- YAML bounded before it is all in memory ---------------------------------------------------


def test_a_yaml_report_with_too_many_values_stops_where_the_limit_is_reached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("evallint.read.yamldoc.MAX_NODES", 1000)
    text = "project: x\nindicators:\n" + "- 1\n" * 100_000
    with pytest.raises(ReportError) as caught:
        finishes(lambda: load_report(text))
    # the error is where the thousandth value is, not at the end: the rest was never read
    assert (caught.value.code, caught.value.line) == ("report-too-many-values", 1000)


def test_yaml_aliases_that_multiply_stop_at_the_value_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("evallint.read.yamldoc.MAX_NODES", 10_000)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    with pytest.raises(ReportError) as caught:
        finishes(lambda: parse_yaml("\n".join(lines)))
    assert caught.value.code == "report-too-many-values"


def test_an_alias_is_its_anchors_value_with_its_positions() -> None:
    document = parse_yaml("a: &x {b: 1, c: [2]}\nd: *x\n")
    assert document.data == {"a": {"b": 1, "c": [2]}, "d": {"b": 1, "c": [2]}}
    assert document.positions["/d/c/0"] == document.positions["/a/c/0"]
    assert document.key_positions["/d/b"].line == 1


def test_an_alias_cannot_nest_a_document_deeper_than_a_report_can_be() -> None:
    deep = "[" * 60 + "1" + "]" * 60
    with pytest.raises(ReportError) as caught:
        parse_yaml(f"a: &x {deep}\nb: {'[' * 60}*x{']' * 60}\n")
    assert caught.value.code == "report-too-deep"


def test_a_duplicate_key_is_located_with_its_first_line_when_positions_are_not_kept() -> None:
    with pytest.raises(ReportError) as caught:
        load_report("project: a\nfunds: {}\nproject: b\n")
    error = caught.value
    assert (error.code, error.line, error.pointer) == ("report-duplicate-key", 3, "/project")
    assert error.text.fields["first_line"] == 1


def test_a_syntax_error_in_a_long_yaml_keeps_libyamls_words_at_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("evallint.read.yamldoc.MAX_YAML_EXPLAINED_BYTES", 100)
    text = "project: x\nindicators:\n" + "- 1\n" * 1000 + "x: [\n"
    with pytest.raises(ReportError) as caught:
        finishes(lambda: load_report(text))
    assert (caught.value.code, caught.value.line) == ("report-yaml", 1004)
    assert "did not find expected node content" in caught.value.message("en")


def test_the_line_quoted_from_a_long_text_is_found_without_splitting_it_all() -> None:
    text = "a\n" * 600_000 + "the line\r\nafter"  # over a megabyte: scanned, not split
    assert excerpt(text, 600_001) == "the line"
    assert excerpt(text, 600_002) == "after"
    assert excerpt(text, 600_003) == ""


def test_a_yaml_report_reads_as_before_with_its_positions_worked_out_on_demand() -> None:
    report = load_report(minimal_yaml())
    assert report.data == load_report(MINIMAL_TEXT).data
    assert report.positions()["/indicators/1/score"].line > 1


# --- what the API is given --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [[1, 2], (1, 2), 3, Decimal(7), None, True, {1, 2}, object()], ids=repr
)
def test_anything_given_to_lint_that_is_no_report_is_a_report_error(value: Any) -> None:
    with pytest.raises(ReportError) as caught:
        lint(value)
    assert (caught.value.code, caught.value.pointer) == ("report-not-object", "")


def test_bytes_like_values_given_to_the_api_are_read_as_bytes() -> None:
    raw = MINIMAL_TEXT.encode("gbk")
    assert load_report(bytearray(raw)).data == load_report(memoryview(raw)).data


def test_a_path_no_file_system_takes_is_an_error_not_a_traceback() -> None:
    (error,) = list(load_reports("bad\0name.json"))
    assert isinstance(error, ReportError) and error.code == "report-io"


def test_a_report_too_large_with_a_lone_surrogate_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("evallint.read.report.MAX_REPORT_BYTES", 100)
    with pytest.raises(ReportError) as caught:
        load_report('{"project": "' + "\ud800" * 40 + '"}')
    assert caught.value.code == "report-too-large"


# --- found by the 10^5 campaign --------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_by_the_order_of_its_first_characters(
    encoding: str,
) -> None:
    text = '{"project": "项目", "year": 2022}'
    assert load_report(text.encode(encoding)).data["project"] == "项目"


def test_a_megabyte_line_is_quoted_as_a_window_around_the_error_with_the_caret_on_it() -> None:
    text = '{"a": 1, ' + '"b": 2, ' * 200_000 + '"c": ]}'
    with pytest.raises(ReportError) as caught:
        load_report(text)
    error = caught.value
    assert error.col == len(text) - 1
    assert error.excerpt is not None and len(error.excerpt) <= 2 + 120
    described = error.describe("en").splitlines()
    assert described[1].strip().startswith("…") and described[1].rstrip().endswith("]}")
    caret_at = described[2].index("^")
    assert described[1][caret_at] == "]"


def test_data_nested_deeper_than_a_report_is_refused_about_the_whole_report() -> None:
    deep: list[object] = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ReportError) as caught:
        load_report({"project": "x", "extra": deep})
    assert (caught.value.code, caught.value.pointer) == ("report-too-deep", "")


def test_a_long_yaml_report_libyaml_refuses_is_not_read_again_by_the_slow_parser() -> None:
    # found by the 10^5 campaign: a 242 KB YAML report with "\ud800" in a double-quoted
    # string, which libyaml refuses and PyYAML's own parser accepts after 1.4 s of CPU
    rows = "".join(f'  - {{name: "row {i}", target: "≥{i}个"}}\n' for i in range(4000))
    text = "project: x\nindicators:\n" + rows + '  - {name: "\\ud800"}\n'
    assert len(text.encode("utf-8")) > MAX_YAML_EXPLAINED_BYTES
    with pytest.raises(ReportError) as caught:
        load_report(text)
    assert (caught.value.code, caught.value.line) == ("report-yaml", 4003)
