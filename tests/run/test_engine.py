"""The engine: items, unknown accounting, messages, operands, errors contained, suppressions."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint.api import check, lint
from evallint.cli.main import main
from evallint.rules.loader import load_rules
from tests.paths import DEMO_PACK, WRONG_PACK

DEMO = DEMO_PACK
WRONG = WRONG_PACK


def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SCORE_RULE = """
rules:
  - id: score-bound
    severity: error
    title: 得分超过分值
    each: indicators
    check: score <= weight
    path: score
    message:
      zh: "{name}：得分 {score} 超过分值 {weight}"
      en: "{name}: score {score} > weight {weight}"
    expected: num(weight)
"""


def test_findings_name_rule_path_values_operands_and_expected(
    tmp_path: Path, seed_data: dict[str, Any]
) -> None:
    rules = load_rules(write_rules(tmp_path, SCORE_RULE))
    seed_data["indicators"][4]["score"] = "　6"
    [finding] = lint(seed_data, rules, lang="en")
    assert finding.rule == "score-bound"
    assert finding.path == "/indicators/4/score"
    assert finding.message == "企业问题办结: score 6 > weight 5"
    assert finding.values == {"name": "企业问题办结", "score": "　6", "weight": "　5"}
    assert finding.operands == ("/indicators/4/score", "/indicators/4/weight")
    assert finding.expected == Decimal(5)
    assert finding.to_dict()["expected"] == "5"


def test_blank_cells_are_counted_as_unknown_not_passed(seed_data: dict[str, Any]) -> None:
    rules = load_rules(DEMO)
    result = check(seed_data, rules.configured(select=["demo-deviation-missing"]))
    [tally] = result.tallies
    # 9 named rows: 3 have prose or compound cells (met is unknown) and 6 met their targets
    assert (tally.passed, tally.failed, tally.unknown, tally.skipped) == (6, 0, 3, 0)


def test_a_rule_whose_check_fails_to_evaluate_is_contained(tmp_path: Path) -> None:
    text = (
        SCORE_RULE
        + """
  - id: broken-at-runtime
    severity: warning
    title: 运行时出错
    each: indicators
    check: score + flag > 0
    message: never shown
"""
    )
    rules = load_rules(write_rules(tmp_path, text))
    report = {
        "project": "p",
        "funds": {"total": {}},
        "indicators": [{"name": "a", "score": "12", "weight": 10, "flag": True}],
    }
    result = check(report, rules, lang="en")
    by_rule = {f.rule: f for f in result.findings}
    assert set(by_rule) == {"score-bound", "rule-error"}
    error = by_rule["rule-error"]
    assert error.path == "/indicators/0"
    assert error.values["rule"] == "broken-at-runtime"
    assert "broken-at-runtime" in error.message and "true" in error.message
    tallies = {t.rule: t for t in result.tallies}
    assert tallies["broken-at-runtime"].errors == 1
    assert tallies["score-bound"].failed == 1


def test_rules_do_not_run_on_a_structurally_broken_report(tmp_path: Path) -> None:
    rules = load_rules(write_rules(tmp_path, SCORE_RULE))
    result = check({"project": "p", "funds": "none", "indicators": []}, rules)
    assert not result.rules_run
    assert {f.rule for f in result.findings} == {"schema-type"}


def test_cell_level_schema_problems_do_not_stop_the_rules(
    tmp_path: Path, seed_data: dict[str, Any]
) -> None:
    rules = load_rules(write_rules(tmp_path, SCORE_RULE))
    seed_data["indicators"][0]["deviation"] = True
    seed_data["indicators"][1]["score"] = "11"
    result = check(seed_data, rules)
    assert result.rules_run
    assert [f.rule for f in result.findings] == ["schema-type", "score-bound"]


def test_findings_carry_the_spreadsheet_cell(tmp_path: Path, seed_data: dict[str, Any]) -> None:
    rules = load_rules(write_rules(tmp_path, SCORE_RULE))
    seed_data["indicators"][0]["score"] = "12"
    seed_data["source"] = {
        "file": "form.xlsx",
        "sheet": "Sheet1",
        "cells": {"/indicators/0/score": "H9"},
    }
    [finding] = lint(seed_data, rules)
    assert finding.source == "Sheet1!H9"


def test_findings_come_in_the_order_of_the_form(seed_data: dict[str, Any]) -> None:
    seed_data["indicators"][4]["actual"] = "85%"
    findings = lint(seed_data, DEMO)
    assert [(f.path, f.rule) for f in findings] == [
        ("/goals/expected", "demo-goal-filled"),
        ("/indicators/4/deviation", "demo-deviation-missing"),
    ]


def test_a_suppression_with_a_reason_waives_the_finding(seed_data: dict[str, Any]) -> None:
    seed_data["x-evallint"] = {
        "ignore": [{"rule": "demo-goal-filled", "path": "/goals/expected", "reason": "目标见附件"}]
    }
    result = check(seed_data, DEMO)
    assert result.findings == ()
    [waived] = result.waived
    assert waived.finding.rule == "demo-goal-filled"
    assert waived.reason == "目标见附件"
    tally = {t.rule: t for t in result.tallies}["demo-goal-filled"]
    assert (tally.failed, tally.waived) == (0, 1)


def test_a_suppression_without_a_reason_is_an_error_and_waives_nothing(
    seed_data: dict[str, Any],
) -> None:
    seed_data["x-evallint"] = {"ignore": [{"rule": "demo-goal-filled", "path": "/goals/expected"}]}
    rules = {f.rule: f for f in lint(seed_data, DEMO)}
    assert set(rules) == {"demo-goal-filled", "suppression-no-reason"}
    assert rules["suppression-no-reason"].path == "/x-evallint/ignore/0"


def test_an_unused_suppression_is_reported_as_info(seed_data: dict[str, Any]) -> None:
    seed_data["goals"]["expected"] = "全年办结企业问题不少于1万个。"
    seed_data["x-evallint"] = {
        "ignore": [{"rule": "demo-goal-filled", "path": "*", "reason": "已在附件说明"}]
    }
    [finding] = lint(seed_data, DEMO)
    assert (finding.rule, str(finding.severity)) == ("suppression-unused", "info")


def test_params_change_what_a_rule_checks(seed_data: dict[str, Any]) -> None:
    rules = load_rules(DEMO).configured(select=["demo-funds-weight"])
    assert lint(seed_data, rules) == []
    province = rules.configured(params={"funds_weight": 20})
    [finding] = lint(seed_data, province, lang="en")
    assert finding.message == "funds weight 10, the rule says 20"
    assert finding.expected == Decimal(20)


def test_a_ruleset_is_reusable_across_reports(seed_data: dict[str, Any]) -> None:
    rules = load_rules(DEMO)
    first = lint(copy.deepcopy(seed_data), rules)
    second = lint(copy.deepcopy(seed_data), rules)
    assert first == second and len(first) == 1


def test_test_rules_passes_on_the_demo_pack_and_the_builtin_packs() -> None:
    out = io.StringIO()
    assert main(["test-rules", str(DEMO)], stdout=out) == 0
    assert out.getvalue().endswith("11 examples of 3 rules: 11 passed, 0 failed\n")
    assert main(["test-rules"], stdout=io.StringIO()) == 0


def test_test_rules_fails_clearly_on_a_wrong_example() -> None:
    out = io.StringIO()
    assert main(["test-rules", str(WRONG)], stdout=out) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(
        'wrong-score-bound: fail example "claims the wrong row" must give findings at '
        "/indicators/0/score, got /indicators/1/score"
    )
    assert lines[1].endswith(
        'wrong-score-bound: fail example "nothing is wrong here at all" must give a finding, '
        "got none"
    )
    assert lines[-1] == "3 examples of 1 rule: 1 passed, 2 failed"


def test_test_rules_json_lists_every_example() -> None:
    out = io.StringIO()
    main(["test-rules", "--format", "json", str(WRONG)], stdout=out)
    results = json.loads(out.getvalue())
    assert [(r["kind"], r["ok"]) for r in results] == [
        ("pass", True),
        ("fail", False),
        ("fail", False),
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_rules_command_lists_the_active_rules(fmt: str) -> None:
    out = io.StringIO()
    assert main(["rules", "--format", fmt, "--rules", str(DEMO)], stdout=out) == 0
    assert "demo-deviation-missing" in out.getvalue()


def test_explain_reads_in_both_languages() -> None:
    zh, en = io.StringIO(), io.StringIO()
    assert main(["explain", "demo-old-funds-weight", "--rules", str(DEMO)], stdout=zh) == 0
    assert (
        main(["explain", "demo-funds-weight", "--rules", str(DEMO), "--lang", "en"], stdout=en) == 0
    )
    assert zh.getvalue().startswith("demo-funds-weight — 资金分值与规定不符\n")
    assert "检查: funds.weight == params.funds_weight" in zh.getvalue()
    assert "funds_weight = 10" in en.getvalue()
    assert "[fail] weight 20 where 10 is prescribed → /funds/weight" in en.getvalue()


def test_explain_an_unknown_rule_suggests_near_ids() -> None:
    err = io.StringIO()
    code = main(
        ["explain", "demo-goal-fill", "--rules", str(DEMO)], stdout=io.StringIO(), stderr=err
    )
    assert code == 2
    assert "did you mean demo-goal-filled" in err.getvalue()


def test_words_the_rule_writes_are_shown_as_written_and_cells_trimmed(tmp_path: Path) -> None:
    # an empty or spaced string literal is the rule's own wording, not a blank cell
    text = """name: words
rules:
  - id: words
    severity: warning
    title: 措辞
    each: indicators
    check: score <= weight
    message:
      zh: "得分 {score}{'%' if percent(score) else ''}{' 分' if filled(weight) else ''}\\
        （{deviation}）"
"""
    rules = load_rules(write_rules(tmp_path, text))
    report = {
        "project": "p",
        "funds": {"total": {}},
        "indicators": [{"name": "a", "score": "　12", "weight": 10, "deviation": "　"}],
    }
    (finding,) = check(report, rules, lang="zh").findings
    assert finding.message == "得分 12 分（（空））"
