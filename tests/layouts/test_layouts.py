"""Every layout a province prints: boxes a form does not have are not blanks (format v1.1).

Each family of docs/layouts.md, written as report JSON the way that page describes
it (tests/layouts/families.py), gives no error and no warning, and no finding
about a box its layout lacks; the rules that would have been about such a box
are counted as not on the form.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from evallint.cli.main import main
from evallint.domain.layouts import layout, layouts
from evallint.office import read_office
from evallint.read.data import normalise
from evallint.read.report import Report
from evallint.results import ReportResult
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.run.check import check_report
from evallint.run.shape import FormShape
from tests.layouts.families import FAMILIES, FIXTURES, family, minimal
from tests.paths import ROOT


@pytest.fixture(scope="module")
def pack() -> RuleSet:
    return load_rules("national-2020")


def check(data: dict[str, Any], pack: RuleSet, lang: str = "zh") -> ReportResult:
    return check_report(Report(normalise(data)), pack, lang=lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", FAMILIES)
def test_a_correct_form_of_each_family_gives_no_error_and_no_warning(
    name: str, pack: RuleSet
) -> None:
    result = check(family(name), pack)
    loud = [(f.rule, f.path) for f in result.findings if str(f.severity) != "info"]
    assert loud == []


@pytest.mark.parametrize("name", FAMILIES)
def test_no_finding_points_at_a_box_the_layout_lacks(name: str, pack: RuleSet) -> None:
    data = family(name)
    shape = FormShape(normalise(data), layout(name))
    # the same form with every missing box typed in blank: the layout still says it is not there
    for row in data["indicators"]:
        for key in ("weight", "score", "deviation"):
            row.setdefault(key, None)
    result = check(data, pack)
    for finding in result.findings:
        if finding.path.startswith("/indicators/") and finding.path.count("/") == 3:
            assert not shape.lacks_path(shape.root, finding.path), finding


@pytest.mark.parametrize("name", ["hubei-2021", "county-special", "transfer-regional"])
def test_rules_about_missing_boxes_are_counted_as_not_on_the_form(name: str, pack: RuleSet) -> None:
    tallies = {t.rule: t for t in check(family(name), pack).tallies}
    assert tallies["indicator-cell-blank"].absent > 0
    assert all(t.failed == 0 for t in tallies.values())


def test_a_hubei_form_with_the_missing_boxes_typed_as_null_is_read_by_its_layout(
    pack: RuleSet,
) -> None:
    data = family("hubei-2021")
    for row in data["indicators"]:
        row["weight"] = row["deviation"] = None
    data["goals"] = {"expected": None, "actual": None}
    assert check(data, pack).findings == ()


def test_without_a_layout_a_column_blank_in_every_row_is_one_finding(pack: RuleSet) -> None:
    data = family("hubei-2021")
    del data["layout"]
    for row in data["indicators"]:
        row["weight"] = None
    findings = [f for f in check(data, pack).findings if f.path.startswith("/indicators/")]
    assert [(f.rule, f.path) for f in findings] == [("column-empty", "/indicators/0/weight")]
    column = findings[0]
    assert "分值" in column.message and "5" in column.message
    assert column.values["rules"] == ["indicator-cell-blank"]
    english = [f for f in check(data, pack, "en").findings if f.rule == "column-empty"]
    assert "blank in all 5 rows" in english[0].message


def test_a_column_blank_throughout_keeps_a_single_rows_own_finding(pack: RuleSet) -> None:
    # the 偏差 column is blank everywhere because every other target was met
    data = minimal()
    data["indicators"][0]["actual"] = "8场"
    data["indicators"][0]["score"] = "16"
    data["total"]["score"] = 96
    findings = {(f.rule, f.path) for f in check(data, pack).findings}
    assert ("deviation-missing", "/indicators/0/deviation") in findings
    assert not any(rule == "column-empty" for rule, _ in findings)


def test_a_section_the_form_does_not_have_is_not_a_blank(pack: RuleSet) -> None:
    data = minimal()
    del data["goals"]
    result = check(data, pack)
    assert not [f for f in result.findings if f.path.startswith("/goals")]
    tallies = {t.rule: t for t in result.tallies}
    assert tallies["goals-missing"].absent == 1
    data["goals"] = {"expected": None, "actual": "完成"}  # on the form and blank: a finding
    assert ("goals-missing", "/goals/expected") in {
        (f.rule, f.path) for f in check(data, pack).findings
    }


def test_rules_read_the_points_of_the_layout(pack: RuleSet) -> None:
    data = family("hubei-2021")
    data["funds"]["score"] = 10  # 20 points × 100 %: 20, not 10
    assert ("funds-score-mismatch", "/funds/score") in {
        (f.rule, f.path) for f in check(data, pack).findings
    }
    national = minimal()
    national["funds"]["score"] = 10  # 10 points × 100 %
    assert not [f for f in check(national, pack).findings if f.rule == "funds-score-mismatch"]


def test_an_unknown_layout_is_an_error_with_the_name_meant(pack: RuleSet) -> None:
    data = family("hubei-2021")
    data["layout"] = "hubei-2012"
    result = check(data, pack)
    unknown = [f for f in result.findings if f.rule == "layout-unknown"]
    assert [(f.path, str(f.severity)) for f in unknown] == [("/layout", "error")]
    assert "hubei-2021" in unknown[0].message


def test_every_family_is_described_once_and_documented() -> None:
    page = (ROOT / "docs" / "layouts.md").read_text(encoding="utf-8")
    assert set(FAMILIES) <= set(layouts())
    for name, family_layout in layouts().items():
        assert family_layout.title["zh"] and family_layout.title["en"]
        assert f"`{name}`" in page
        assert {"level1", "name", "target", "actual"} <= family_layout.indicator_columns


def test_a_row_of_slashes_is_a_slot_marked_not_applicable(pack: RuleSet) -> None:
    data = minimal()
    data["indicators"].append(
        {key: "/" for key in ("level1", "level2", "name", "target", "actual", "weight",
                              "score", "deviation")}
    )  # fmt: skip
    before = {(f.rule, f.path) for f in check(minimal(), pack).findings}
    assert {(f.rule, f.path) for f in check(copy.deepcopy(data), pack).findings} == before


@pytest.mark.parametrize("name", FAMILIES)
def test_each_family_fixture_gives_its_golden_output(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fixture is what families.py writes (python -m tests.layouts.families rewrites both)
    path = FIXTURES / f"{name}.json"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(
        json.dumps(family(name), ensure_ascii=False)
    )
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    main(["check", "--fail-on", "never", str(path.relative_to(ROOT))], stdout=out)
    assert out.getvalue() == (FIXTURES / f"{name}.golden.txt").read_text(encoding="utf-8")


# --- template leftovers -------------------------------------------------------------------


LEFTOVERS = {
    "a slot name": ("/indicators/5/name", "指标1", "三级指标"),
    "a slot name with a colon": ("/indicators/5/name", "指标2：", "三级指标"),
    "stars where the number goes": ("/indicators/0/target", "公猪舍(≥**平方米)", "年度指标值"),
    "an empty comparator": ("/indicators/0/target", "(≥台)", "年度指标值"),
    "a printed instruction": (
        "/goals/actual",
        "对照年度目标,说明相关任务目标的完成情况(100字以内)",
        "实际完成情况",
    ),
    "only the printed unit": ("/funds/other/adjusted", "万元", "全年预算数"),
}


def with_leftover(where: str, text: str) -> dict[str, Any]:
    data = minimal()
    data["indicators"].append(
        {"level1": "效益指标", "level2": "经济效益指标", "name": None, "target": None,
         "actual": None, "weight": None, "score": None, "deviation": None}
    )  # fmt: skip
    target: Any = data
    *head, last = where.strip("/").split("/")
    for token in head:
        target = target[int(token)] if isinstance(target, list) else target[token]
    target[last] = text
    return data


@pytest.mark.parametrize(("where", "text", "label"), LEFTOVERS.values(), ids=LEFTOVERS.keys())
def test_a_template_leftover_is_reported_once_as_what_it_is(
    where: str, text: str, label: str, pack: RuleSet
) -> None:
    result = check(with_leftover(where, text), pack)
    assert [(f.rule, str(f.severity), f.path) for f in result.findings] == [
        ("template-leftover", "warning", where)
    ]  # no blank-cell error, and not counted as an answer by any other rule
    (finding,) = result.findings
    assert text in finding.message and label in finding.message
    assert "template" in check(with_leftover(where, text), pack, "en").findings[0].message


def test_a_unit_in_a_unit_column_or_the_reports_unit_is_an_answer(pack: RuleSet) -> None:
    data = minimal()
    data["indicators"][2]["unit"] = "万元"  # a 度量单位 column
    assert check(data, pack).findings == ()


def test_filled_is_unknown_for_template_text() -> None:
    from evallint import compile_expr

    assert compile_expr('filled("指标1")').evaluate({}) is None
    assert compile_expr('blank("指标1")').evaluate({}) is None
    assert compile_expr('filled("培训场次")').evaluate({}) is True


# --- the importer recognises a family by its labels -------------------------------------------


def hubei_workbook(path: Path) -> None:
    """The Hubei fixture as its form prints it: 预算数(A) / 执行数(B) / 执行率(B/A) /
    得分(20分×执行率); 年初目标值(A) / 实际完成值(B) / 得分; no 分值, 偏差 or 年度总体目标."""
    import openpyxl

    data = family("hubei-2021")
    sheet_rows: list[list[Any]] = [
        ["2021年度财政项目绩效自评表"],
        ["项目名称", data["project"]],
        ["主管部门", data["department"], "实施单位", data["implementer"]],
        ["项目资金（万元）", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分×执行率)"],
        ["年度资金总额", 100, 100, "100%", 20],
        ["其中：当年财政拨款", 100, 100],
        ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
    ]
    for row in data["indicators"]:
        sheet_rows.append(
            [row["level1"], row["level2"], row["name"], row["target"], row["actual"],
             int(row["score"])]
        )  # fmt: skip
    sheet_rows.append(["总分", None, None, None, None, 100])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    for row in sheet_rows:
        sheet.append(row)
    book.save(path)


def test_a_hubei_workbook_imports_as_its_layout_without_the_boxes_it_lacks(
    tmp_path: Path, pack: RuleSet
) -> None:
    path = tmp_path / "hubei.xlsx"
    hubei_workbook(path)
    (form,) = read_office(path)
    assert form["layout"] == "hubei-2021"
    assert "goals" not in form and "weight" not in form["funds"]
    assert all("weight" not in row and "deviation" not in row for row in form["indicators"])
    assert form["funds"]["total"] == {"adjusted": 100, "executed": 100}
    from_workbook = check(form, pack)
    from_json = check(family("hubei-2021"), pack)
    assert (
        [(f.rule, f.path) for f in from_workbook.findings]
        == [(f.rule, f.path) for f in from_json.findings]
        == []
    )
    # a finding on the workbook names its cell
    form["funds"]["score"] = 10
    (finding,) = [f for f in check(form, pack).findings if f.rule == "funds-score-mismatch"]
    assert finding.source == "自评表!E5"


# The other families as their forms print them: funds column labels, funds row labels and
# indicator column labels (key, label), in the order printed.
PRINTED: dict[str, dict[str, list[tuple[str, str]]]] = {
    "target-self-evaluation": {
        "funds": [("adjusted", "全年预算数(A)"), ("executed", "全年执行数(B)"), ("weight", "分值"),
                  ("rate", "执行率(B/A)"), ("score", "得分")],
        "rows": [("total", "年度资金总额"), ("current", "其中：当年财政拨款"),
                 ("carryover", "上年结转资金"), ("other", "其他资金")],
        "indicators": [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                       ("weight", "分值"), ("target", "年度指标值"), ("actual", "全年实际值"),
                       ("score", "得分"), ("deviation", "未完成原因")],
    },
    "sichuan-2023": {
        "funds": [("initial", "年初预算"), ("adjusted", "调整后预算数"), ("executed", "预算执行数"),
                  ("rate", "预算执行率"), ("weight", "权重"), ("score", "得分")],
        "rows": [("total", "总额"), ("current", "其中：财政资金"), ("special", "财政专户管理资金"),
                 ("carryover", "上年结转资金"), ("other", "其他资金")],
        "indicators": [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                       ("target", "年度指标值"), ("actual", "实际完成值"), ("weight", "权重"),
                       ("score", "得分"), ("deviation", "偏差原因")],
    },
    "ningxia-four-blocks": {
        "funds": [("initial", "年初预算数"), ("adjusted", "全年预算数"),
                  ("executed", "全年执行数")],
        "rows": [("total", "年度资金总额"), ("current", "其中：当年财政拨款"),
                 ("carryover", "上年结转资金"), ("other", "其他资金")],
        "indicators": [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                       ("target", "年度指标值"), ("actual", "实际完成值"), ("weight", "分值"),
                       ("score", "得分"), ("deviation", "偏差原因分析及改进措施")],
    },
    "county-special": {
        "funds": [("adjusted", "预算数(A)"), ("executed", "执行数(B)"), ("rate", "执行率(B/A)")],
        "rows": [("total", "年度资金总额"), ("central", "中央省市补助"), ("county", "县级资金")],
        "indicators": [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                       ("target", "年度指标值"), ("actual", "全年完成值"),
                       ("deviation", "未完成原因")],
    },
    "transfer-regional": {
        "funds": [("adjusted", "预算数(A)"), ("executed", "执行数(B)"), ("rate", "执行率(B÷A)"),
                  ("weight", "分值"), ("score", "得分")],
        "rows": [("total", "年度资金总额"), ("central", "中央"), ("local", "地方")],
        "indicators": [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                       ("target", "年度指标值"), ("actual", "实际完成值"), ("score", "得分")],
    },
}  # fmt: skip


def workbook_of(name: str, path: Path) -> None:
    """The family's fixture written as its form prints it (one sheet, no merges)."""
    import openpyxl

    data = family(name)
    printed = PRINTED[name]
    rows: list[list[Any]] = [["2022年度项目支出绩效自评表"], ["项目名称", data["project"]]]
    rows.append(["主管部门", data["department"], "实施单位", data["implementer"]])
    rows.append(["项目资金（万元）", *(text for _, text in printed["funds"])])
    funds = data["funds"]
    for key, text in printed["rows"]:
        values = [
            (funds.get(column) if key == "total" else None)
            if column in ("weight", "rate", "score")
            else funds[key].get(column)
            for column, _ in printed["funds"]
        ]
        rows.append([text, *values])
    if "goals" in data:
        rows.append(["年度总体目标", "预期目标", "实际完成情况"])
        rows.append([None, data["goals"]["expected"], data["goals"]["actual"]])
    rows.append([text for _, text in printed["indicators"]])
    for row in data["indicators"]:
        rows.append([row.get(key) for key, _ in printed["indicators"]])
    if "total" in data:
        keys = [key for key, _ in printed["indicators"]]
        total = ["总分", *[None] * (len(keys) - 1)]
        for key in ("weight", "score"):
            if key in keys:
                total[keys.index(key)] = data["total"][key]
        rows.append(total)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    for row in rows:
        sheet.append([int(v) if isinstance(v, str) and v.isdigit() else v for v in row])
    book.save(path)


@pytest.mark.parametrize("name", PRINTED)
def test_each_family_from_its_workbook_gives_the_findings_of_its_json(
    name: str, tmp_path: Path, pack: RuleSet
) -> None:
    path = tmp_path / f"{name}.xlsx"
    workbook_of(name, path)
    (form,) = read_office(path)
    assert form["layout"] == name
    from_json = sorted((f.rule, f.path) for f in check(family(name), pack).findings)
    from_workbook = sorted((f.rule, f.path) for f in check(form, pack).findings)
    assert from_workbook == from_json
    lacking = layout(name)
    assert lacking is not None
    for row in form["indicators"]:  # no key for a column the form does not print
        assert set(row) <= lacking.indicator_columns
