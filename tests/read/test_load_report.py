"""Loading reports from every kind of source; a bad input is an error with a location."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint.errors import ReportError
from evallint.read import report as report_module
from evallint.read.report import Report, load_report, load_reports


def test_load_report_from_a_path(seed_path: Path) -> None:
    report = load_report(seed_path)
    assert report.data["project"] == "企业服务中心专项经费"
    assert report.file == str(seed_path)
    assert report.data["funds"]["score"] == Decimal("9.4")


def test_load_report_from_a_path_given_as_text(seed_path: Path) -> None:
    assert load_report(str(seed_path)).data["year"] == Decimal(2022)


def test_load_report_from_json_text_and_bytes(seed_text: str) -> None:
    from_text = load_report(seed_text)
    from_bytes = load_report(seed_text.encode("utf-8"))
    assert from_text.data == from_bytes.data
    assert from_text.file is None


def test_load_report_from_yaml_text() -> None:
    report = load_report("project: 测试\nfunds: {weight: 10, rate: 94%}\nindicators: []\n")
    assert report.data["funds"] == {"weight": Decimal(10), "rate": "94%"}
    assert report.syntax == "yaml"


def test_load_report_from_a_yaml_file(tmp_path: Path, seed_data: dict[str, Any]) -> None:
    import yaml

    path = tmp_path / "form.yaml"
    plain = json.loads(json.dumps(seed_data, default=str, ensure_ascii=False))
    path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    assert load_report(path).data["project"] == seed_data["project"]


def test_load_report_from_parsed_data_makes_numbers_exact() -> None:
    report = load_report({"project": "p", "funds": {"score": 9.4, "weight": 10}, "indicators": []})
    assert report.data["funds"]["score"] == Decimal("9.4")
    assert isinstance(report.data["funds"]["weight"], Decimal)
    assert report.file is None


def test_a_report_must_be_an_object() -> None:
    with pytest.raises(ReportError) as caught:
        load_report("[1, 2]")
    assert caught.value.code == "report-not-object"
    assert caught.value.pointer == ""
    assert "列表" in caught.value.message("zh")


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(ReportError) as caught:
        load_report(path)
    assert caught.value.code == "report-not-found"
    assert caught.value.file == str(path)


def test_a_directory_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "forms.json"
    folder.mkdir()
    [error] = list(load_reports(folder))
    assert isinstance(error, ReportError) and error.code == "report-is-directory"


def test_an_unsupported_suffix_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text("{}")
    [error] = list(load_reports(path))
    assert isinstance(error, ReportError) and error.code == "report-unsupported"


def test_a_file_with_a_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"project": "x",\n "funds": {]\n}', encoding="utf-8")
    [error] = list(load_reports(path))
    assert isinstance(error, ReportError)
    assert error.location() == f"{path}:2:12"
    assert error.excerpt == ' "funds": {]'


def test_a_too_large_report_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_module, "MAX_REPORT_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"project": "x" * 200}))
    [error] = list(load_reports(path))
    assert isinstance(error, ReportError) and error.code == "report-too-large"


def test_jsonl_reads_every_line_and_reports_a_bad_one_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"project": "a", "funds": {}, "indicators": []}),
        '{"project": "b", "funds": {',
        "",
        "[1]",
        json.dumps({"project": "d", "funds": {}, "indicators": []}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(load_reports(path))
    assert [type(i).__name__ for i in items] == ["Report", "ReportError", "ReportError", "Report"]
    first, broken, not_object, last = items
    assert isinstance(first, Report) and first.line == 1 and first.name == f"{path}:1"
    assert isinstance(broken, ReportError) and broken.line == 2 and broken.code == "report-json"
    assert isinstance(not_object, ReportError) and not_object.line == 4
    assert isinstance(last, Report) and last.line == 5 and last.data["project"] == "d"


def test_jsonl_positions_count_lines_of_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"project": "a"}\n{"project": "b"}\n', encoding="utf-8")
    second = list(load_reports(path))[1]
    assert isinstance(second, Report)
    assert second.positions()["/project"].line == 2


def test_load_report_on_a_batch_of_several_asks_for_load_reports(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"project": "a"}\n{"project": "b"}\n', encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        load_report(path)
    assert caught.value.code == "report-jsonl-single"


def test_report_positions_point_at_values(seed_path: Path) -> None:
    positions = load_report(seed_path).positions()
    assert positions["/funds/rate"].line == 11
    assert positions["/indicators/4/score"].line == 25
