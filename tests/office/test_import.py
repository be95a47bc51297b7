"""Importing forms from .xlsx/.docx: round trips, cell references, findings, broken files.

The fixtures are built from report JSON by ``build_fixtures.py`` (committed;
a test checks that rebuilding gives the same files).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint import load_report, load_rules
from evallint.cli.main import main
from evallint.errors import ReportError
from evallint.office import read_office
from evallint.read.report import Report
from evallint.run.batch import Settings, run_batch
from evallint.run.check import check_report
from tests.paths import ROOT

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
sys.path.insert(0, str(HERE))

import build_fixtures  # noqa: E402

EXPECTED: dict[str, Any] = json.loads(
    (FIXTURES / "expected.json").read_text("utf-8"), parse_float=Decimal, parse_int=Decimal
)
FORMS = sorted(EXPECTED)
NOT_FORMS = {
    "empty.xlsx": "office-no-form",
    "random.xlsx": "office-no-form",
    "encrypted.xlsx": "office-encrypted",
    "corrupt.xlsx": "office-unreadable",
}


def as_text(value: Any) -> Any:
    """Numbers as the text they print as: a Word cell holds text only."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return value


def form_part(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key not in ("source", "extra_rows")}


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_rules()


def test_rebuilding_the_fixtures_gives_the_committed_files(tmp_path: Path) -> None:
    build_fixtures.build(tmp_path)
    for built in sorted(tmp_path.iterdir()):
        committed = FIXTURES / built.name
        assert committed.read_bytes() == built.read_bytes(), (
            f"{built.name} is stale: run python tests/office/build_fixtures.py"
        )


def test_there_are_the_seed_and_at_least_six_messy_layouts() -> None:
    assert "seed.xlsx" in FORMS and "seed-document.docx" in FORMS
    assert len(FORMS) >= 7


@pytest.mark.parametrize("name", FORMS)
def test_import_gives_back_the_reports_the_file_was_built_from(name: str) -> None:
    imported = read_office(FIXTURES / name)
    expected = EXPECTED[name]["reports"]
    assert len(imported) == len(expected)
    for got, want, extra in zip(imported, expected, EXPECTED[name]["extra_rows"], strict=True):
        if name.endswith(".docx"):
            assert as_text(form_part(got)) == as_text(want)
        else:
            assert form_part(got) == want
        assert got.get("extra_rows") == extra


@pytest.mark.parametrize("name", FORMS)
def test_every_value_read_names_its_cell(name: str) -> None:
    for report in read_office(FIXTURES / name):
        source = report["source"]
        assert source["file"] == name
        cells = source["cells"]
        for row_index in range(len(report["indicators"])):
            for key in ("name", "target", "actual", "weight", "score", "deviation"):
                assert f"/indicators/{row_index}/{key}" in cells, (row_index, key)
        for key in ("project", "department", "implementer"):
            assert f"/{key}" in cells
        for column in ("initial", "adjusted", "executed"):
            assert f"/funds/total/{column}" in cells
        sheet = source["sheet"]
        assert all(ref.startswith((f"{sheet}!", "表", "正文")) for ref in cells.values())


def test_cell_references_are_the_cells_of_the_form() -> None:
    seed = read_office(FIXTURES / "seed.xlsx")[0]["source"]["cells"]
    assert seed["/project"] == "自评表!B2"
    assert seed["/funds/total/executed"] == "自评表!E5"
    assert seed["/categories/产出指标"] == "自评表!B12"
    assert seed["/indicators/0/name"] == "自评表!D12"
    document = read_office(FIXTURES / "seed-document.docx")[0]["source"]["cells"]
    assert document["/project"] == "表1 第1行 第2列"
    assert document["/indicators/4/score"].startswith("表1 第15行")
    assert document["/narrative/0/heading"].startswith("正文第")


def test_a_shown_percentage_is_the_value_and_the_stored_number_is_kept() -> None:
    report = read_office(FIXTURES / "formats-formulas.xlsx")[0]
    assert report["funds"]["rate"] == "94%"
    assert report["source"]["stored"]["/funds/rate"] == "0.9411"


def test_a_formula_without_a_saved_value_is_blank_and_warned_about(pack: Any) -> None:
    [result] = run_batch([str(FIXTURES / "formats-formulas.xlsx")], Settings(pack))
    warned = [f for f in result.findings if f.rule == "import-formula-without-value"]
    assert [(f.path, f.source) for f in warned] == [("/total/score", "Sheet1!H24")]
    assert "Excel" in warned[0].message


def test_merged_level_labels_carry_down_and_points_give_categories() -> None:
    for name in ("seed.xlsx", "unmerged-spacers.xlsx"):
        report = read_office(FIXTURES / name)[0]
        assert report["categories"] == {
            "产出指标": Decimal(50),
            "效益指标": Decimal(30),
            "满意度指标": Decimal(10),
        }
        assert [row["level1"] for row in report["indicators"]].count("产出指标") == 7


@pytest.mark.parametrize("name", FORMS)
def test_findings_on_the_file_equal_those_on_the_json_with_cells(name: str, pack: Any) -> None:
    results = list(run_batch([str(FIXTURES / name)], Settings(pack)))
    expected = EXPECTED[name]["reports"]
    assert len(results) == len(expected)
    for result, report in zip(results, expected, strict=True):
        on_json = check_report(Report(report), pack)
        imported = {
            (f.rule, f.path, str(f.severity))
            for f in result.findings
            if not f.rule.startswith("import-")
        }
        # a cell the import warned about (a formula with no saved value) is that warning's
        # business on the workbook; on the JSON it is a plain blank
        warned = {f.path for f in result.findings if f.rule.startswith("import-")}
        assert imported == {
            (f.rule, f.path, str(f.severity)) for f in on_json.findings if f.path not in warned
        }
        for finding in result.findings:
            parts = finding.path.split("/")
            if len(parts) == 4 and parts[1] == "indicators":  # a cell of a row
                assert finding.source, finding


@pytest.mark.parametrize(("name", "code"), sorted(NOT_FORMS.items()))
def test_a_file_that_is_not_a_form_gives_one_clear_error(name: str, code: str) -> None:
    with pytest.raises(ReportError) as caught:
        read_office(FIXTURES / name)
    assert caught.value.code == code
    assert caught.value.file == str(FIXTURES / name)


def test_bad_files_in_a_batch_lose_nothing_else(capsys: pytest.CaptureFixture[str]) -> None:
    names = [str(FIXTURES / name) for name in [*NOT_FORMS, "two-sheets.xlsx", "seed.xlsx"]]
    code = main(["check", "--format", "json", *names])
    data = json.loads(capsys.readouterr().out)
    summary = data["summary"]
    assert summary["inputs"] == len(names)
    assert summary["unreadable"] == len(NOT_FORMS)
    assert summary["reports"] == 3
    assert code == 2


def test_without_the_extra_an_office_file_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import fails as if not installed
    with pytest.raises(ReportError) as caught:
        read_office(FIXTURES / "seed.xlsx")
    assert caught.value.code == "office-missing"
    assert "pip install 'evallint[office]'" in caught.value.message("en")


def test_load_report_reads_a_workbook_with_one_form() -> None:
    report = load_report(FIXTURES / "seed.xlsx")
    assert report.data["project"] == "企业服务中心专项经费"
    with pytest.raises(ReportError):
        load_report(FIXTURES / "two-sheets.xlsx")  # two forms: use load_reports


def test_import_command_writes_a_file_per_form(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["import", str(FIXTURES / "two-sheets.xlsx"), "-o", f"{out}/"]) == 0
    written = sorted(path.name for path in out.iterdir())
    assert written == ["two-sheets-2.json", "two-sheets.json"]
    first = json.loads((out / "two-sheets.json").read_text("utf-8"), parse_float=Decimal)
    assert form_part(first) == EXPECTED["two-sheets.xlsx"]["reports"][0]


def test_import_command_to_stdout_and_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIXTURES / "seed.xlsx")]) == 0
    single = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert form_part(single) == EXPECTED["seed.xlsx"]["reports"][0]
    batch = tmp_path / "forms.jsonl"
    assert main(["import", str(FIXTURES), "-o", str(batch)]) == 2  # the broken fixtures fail
    lines = batch.read_text("utf-8").splitlines()
    assert len(lines) == sum(len(EXPECTED[name]["reports"]) for name in FORMS)
    assert main(["check", "--fail-on", "never", str(batch)]) == 0


def test_import_command_refuses_two_forms_into_one_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "one.json"
    assert main(["import", str(FIXTURES / "stacked.xlsx"), "-o", str(target)]) == 2
    assert "2 forms" in capsys.readouterr().err
    assert not target.exists()


def test_the_shipped_example_workbook_is_the_seed_fixture() -> None:
    assert build_fixtures.EXAMPLE.read_bytes() == (FIXTURES / "seed.xlsx").read_bytes()


def test_the_readme_shows_what_evallint_says_about_the_workbook() -> None:
    import io
    import os

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Forms in Excel and Word", 1)[1].split("```", 4)[3]
    shown = block.strip().splitlines()
    old = Path.cwd()
    os.chdir(build_fixtures.EXAMPLE.parent)
    try:
        out = io.StringIO()
        main(["check", "--color", "never", build_fixtures.EXAMPLE.name], stdout=out)
    finally:
        os.chdir(old)
    assert shown == out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("value", "number_format", "shown", "stored"),
    [
        (Decimal("127.38"), "General", Decimal("127.38"), None),
        (0.9411, "0%", "94%", "0.9411"),
        (0.94, "0%", "94%", None),
        (0.95664, "0.00%", "95.66%", "0.95664"),
        (10, "0.00", Decimal("10.00"), None),
        (9.405, "0.0", Decimal("9.4"), "9.405"),  # what Excel shows, the number kept beside
        (1234.5, "#,##0.00", Decimal("1234.50"), None),
        (5, '"¥"#,##0', Decimal(5), None),  # a format not imitated: the number itself
        ("　10", "@", "　10", None),
        (True, "General", "TRUE", None),
    ],
)
def test_numbers_are_read_as_excel_shows_them(
    value: Any, number_format: str, shown: Any, stored: Any
) -> None:
    from evallint.office.xlsx import show

    assert show(value, number_format) == (shown, stored)


def test_dates_are_iso_text() -> None:
    import datetime

    from evallint.office.xlsx import show

    assert show(datetime.datetime(2022, 12, 31), "yyyy-mm-dd") == ("2022-12-31", None)
    assert show(datetime.datetime(2022, 12, 31, 9, 30), "yyyy-mm-dd h:mm") == (
        "2022-12-31 09:30:00",
        None,
    )


def test_labels_are_folded_for_matching() -> None:
    from evallint.office.grid import label, points_in, without_points

    assert label("项目支\n出名称") == "项目支出名称"
    assert label("项目资金\n（万元）") == "项目资金"
    assert label("　年初 预算数　") == "年初预算数"
    assert points_in("产出指标\n\n(50分)") == Decimal(50)
    assert points_in("效益指标（30分）") == Decimal(30)
    assert without_points("满意度\n指标\n（10分）") == "满意度指标"


def test_a_folder_of_forms_is_checked_and_every_file_accounted_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    office_files = [p for p in FIXTURES.iterdir() if p.suffix in (".xlsx", ".docx")]
    for path in office_files:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "~$seed.xlsx").write_bytes(b"lock")  # Office's lock file: not an input
    main(["check", "--format", "json", str(tmp_path)])
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["inputs"] == len(office_files)
    assert summary["unreadable"] == len(NOT_FORMS)
    assert summary["reports"] == sum(len(EXPECTED[name]["reports"]) for name in FORMS)


def test_the_html_page_draws_the_form_with_its_cell_references(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", "--format", "html", str(FIXTURES / "seed.xlsx")])
    page = capsys.readouterr().out
    assert 'data-cell="自评表!B10"' in page  # 预期目标, blank: a finding
    assert 'data-cell="自评表!H16"' in page  # a score cell drawn with its address


def test_every_output_format_names_the_cell(capsys: pytest.CaptureFixture[str]) -> None:
    for output in ("text", "json", "jsonl", "sarif", "junit", "github"):
        main(["check", "--format", output, "--color", "never", str(FIXTURES / "seed.xlsx")])
        assert "自评表!B10" in capsys.readouterr().out, output


def test_several_forms_of_one_file_are_named_by_where_they_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", "--color", "never", str(FIXTURES / "stacked.xlsx")])
    names = {line.split(": ", 1)[0] for line in capsys.readouterr().out.splitlines()[:-1]}
    # the second form starts after the first one's 24 rows and two empty ones
    assert names == {
        f"{FIXTURES / 'stacked.xlsx'} (Sheet1!B2)",
        f"{FIXTURES / 'stacked.xlsx'} (Sheet1!B28)",
    }
    main(["check", "--color", "never", str(FIXTURES / "seed.xlsx")])
    single = {line.split(": ", 1)[0] for line in capsys.readouterr().out.splitlines()[:-1]}
    assert single == {str(FIXTURES / "seed.xlsx")}  # one form: just the file


def test_the_year_printed_under_the_title_is_the_reports_year(tmp_path: Path) -> None:
    # the national template prints （2022年度） on its own line below 项目支出绩效自评表
    report = build_fixtures.seed()
    table = build_fixtures.layout(report, labels=build_fixtures.PLAIN, title=False)
    top = build_fixtures.Table(table.width)
    top.put(0, 0, "项目支出绩效自评表", cols=table.width)
    top.put(1, 0, "（2022年度）", cols=table.width)
    top.rows.extend(table.rows)
    top.merges.extend((r + 2, c, rows, cols) for r, c, rows, cols in table.merges)
    path = tmp_path / "year-line.xlsx"
    build_fixtures.write_xlsx(path, [("自评表", [top])])
    (form,) = read_office(path)
    assert form["year"] == 2022
    assert form["title"] == "项目支出绩效自评表"
    assert form["source"]["cells"]["/year"] == "自评表!A2"


def test_a_finding_about_a_whole_table_names_its_range_of_cells(pack: Any) -> None:
    report = load_report(build_fixtures.EXAMPLE)
    result = check_report(report, pack)
    table = [f for f in result.findings if f.path == "/indicators"]
    assert table and all(f.source == "自评表!B12:I23" for f in table)
