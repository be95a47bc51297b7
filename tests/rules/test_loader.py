"""Loading good rule files: every feature of a rule, selection, overrides, packs, pickling."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint.dsl.expression import Expression
from evallint.results import Severity
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.rules.packs import DEFAULT_PACK
from evallint.rules.templates import TemplateError, split_template
from evallint.run.engine import run_rules
from evallint.testing import run_examples

DEMO = """\
name: demo-pack
version: "1.0"
description:
  zh: 演示规则包
  en: A demo pack
params:
  full_marks: 90
rules:
  - id: score-below-weight
    aliases: [score-not-full, old-score-rule]
    severity: warning
    title:
      zh: 指标得满分
      en: Indicator at full marks
    description:
      zh: 满分需要说明理由。
      en: Full marks need a reason.
    tags: [indicators, demo]
    each: indicators[filled(name)]
    when: filled(score)
    check: score < weight * params.ratio
    path: score
    message:
      zh: "{name}：得分 {score} 达到分值 {weight}"
      en: "{name}: score {score} reaches its weight {weight}"
    expected: weight * params.ratio - 1
    params:
      ratio: 1
      levels: {high: 0.9, low: 0.6}
    examples:
      pass:
        - name: below the weight
          report: {indicators: [{name: 培训场次, weight: "20", score: "19"}]}
        - name: a blank score is not applicable
          report: {indicators: [{name: 培训场次, weight: "20", score: "20"}]}
          set: {/indicators/0/score: "　"}
      fail:
        - name: at the weight
          report:
            indicators:
              - {name: 培训场次, weight: "20", score: "18"}
              - {name: 培训合格率, weight: "15", score: "15"}
          delete: [/indicators/0]
          params: {ratio: 1}
          paths: [/indicators/0/score]

  - id: weights-add-up
    severity: error
    title: 指标分值合计不对
    tags: [arithmetic]
    check: sum(indicators.weight) == params.full_marks
    message: 分值合计为 {sum(indicators.weight)}，应为 {params.full_marks}
    params:
      full_marks: 100

  - id: goals-filled
    severity: info
    title: 年度目标未填写
    tags: [narrative]
    check: filled(goals.actual)
    message: 未填写年度目标完成情况
"""

RULE = """\
  - id: {id}
    severity: {severity}
    title: {id}
    tags: [{tag}]
    check: {check}
    message: "{id}"
"""

FUNDS_RULE = ("funds-rate", "error", "funds", "funds.weight == 10")
GOALS_RULE = ("goals-actual", "warning", "goals", "filled(goals.actual)")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pack(name: str, *rules: tuple[str, str, str, str], head: str = "") -> str:
    """A rule file named ``name`` with ``(id, severity, tag, check)`` rules."""
    body = "".join(
        RULE.format(id=rule_id, severity=severity, tag=tag, check=check)
        for rule_id, severity, tag, check in rules
    )
    return f"name: {name}\n{head}rules:\n{body}"


@pytest.fixture
def demo(tmp_path: Path) -> RuleSet:
    return load_rules(write(tmp_path / "demo.yaml", DEMO))


def ids(ruleset: RuleSet) -> list[str]:
    return [rule.id for rule in ruleset.rules]


# --- one rule file with every feature -------------------------------------------------------


def test_a_rule_file_using_every_feature_loads_without_errors_or_warnings(
    demo: RuleSet,
) -> None:
    assert ids(demo) == ["score-below-weight", "weights-add-up", "goals-filled"]
    assert demo.name == "demo-pack"
    assert demo.errors == ()
    assert demo.warnings == ()
    # one namespace of parameters: the pack's values and every rule's defaults
    assert dict(demo.params) == {
        "full_marks": Decimal("90"),
        "ratio": Decimal("1"),
        "levels": {"high": Decimal("0.9"), "low": Decimal("0.6")},
    }


def test_every_field_of_a_full_rule_is_compiled_and_kept(demo: RuleSet, tmp_path: Path) -> None:
    rule = demo.rules[0]
    assert rule.severity is Severity.WARNING
    assert dict(rule.title) == {"zh": "指标得满分", "en": "Indicator at full marks"}
    assert rule.text(rule.description, "en") == "Full marks need a reason."
    assert rule.tags == ("indicators", "demo")
    assert rule.aliases == ("score-not-full", "old-score-rule")
    for expression in (rule.each, rule.when, rule.check, rule.expected):
        assert isinstance(expression, Expression)
    assert rule.each is not None and rule.each.source == "indicators[filled(name)]"
    assert rule.check.source == "score < weight * params.ratio"
    assert rule.path == "score"
    assert rule.message_source["en"] == "{name}: score {score} reaches its weight {weight}"
    parts = rule.message["zh"]
    assert [p if isinstance(p, str) else p.source for p in parts] == [
        "name",
        "：得分 ",
        "score",
        " 达到分值 ",
        "weight",
    ]
    assert rule.params["ratio"] == 1
    assert rule.params["levels"] == {"high": Decimal("0.9"), "low": Decimal("0.6")}
    assert [e.name for e in rule.examples_pass] == [
        "below the weight",
        "a blank score is not applicable",
    ]
    assert rule.examples_pass[1].set == {"/indicators/0/score": "　"}
    (fail,) = rule.examples_fail
    assert fail.paths == ("/indicators/0/score",)
    assert fail.delete == ("/indicators/0",)
    assert fail.report is not None and len(fail.report["indicators"]) == 2
    assert dict(fail.params) == {"ratio": 1}
    assert fail.pointer == "/rules/0/examples/fail/0"
    assert rule.pack == "demo-pack"
    assert rule.file == str(tmp_path / "demo.yaml")
    assert rule.line == 9


def test_a_title_given_as_one_text_serves_both_languages_and_stands_in_for_the_description(
    demo: RuleSet,
) -> None:
    rule = demo.rules[1]
    assert dict(rule.title) == {"zh": "指标分值合计不对", "en": "指标分值合计不对"}
    assert dict(rule.description) == dict(rule.title)
    assert rule.each is None and rule.when is None and rule.expected is None
    assert rule.examples_pass == () and rule.examples_fail == ()


def test_the_examples_of_the_demo_rule_pass_and_fail_as_they_say(demo: RuleSet) -> None:
    results = run_examples(demo)
    assert results, "the demo has examples"
    assert all(result.ok for result in results), [r.explain() for r in results if not r.ok]


# --- finding rules ---------------------------------------------------------------------------


def test_a_rule_is_found_by_its_id_and_by_each_former_id(demo: RuleSet) -> None:
    rule = demo.rule("score-below-weight")
    assert rule is not None
    assert demo.rule("score-not-full") is rule
    assert demo.rule("old-score-rule") is rule
    assert demo.rule("no-such-rule") is None
    assert demo.rule("demo") is None  # a tag is not an id


def test_select_picks_rules_by_id_alias_tag_and_glob(demo: RuleSet) -> None:
    assert ids(demo.configured(select=["weights-add-up"])) == ["weights-add-up"]
    assert ids(demo.configured(select=["score-not-full"])) == ["score-below-weight"]
    assert ids(demo.configured(select=["narrative"])) == ["goals-filled"]
    assert ids(demo.configured(select=["*-add-*"])) == ["weights-add-up"]
    assert ids(demo.configured(select=["arith*"])) == ["weights-add-up"]
    assert ids(demo.configured(select=["demo", "goals-*"])) == [
        "score-below-weight",
        "goals-filled",
    ]
    assert ids(demo.configured()) == ids(demo)


def test_ignore_leaves_out_rules_by_id_tag_and_glob_and_wins_over_select(demo: RuleSet) -> None:
    assert ids(demo.configured(ignore=["goals-filled"])) == ["score-below-weight", "weights-add-up"]
    assert ids(demo.configured(ignore=["indicators", "arithmetic"])) == ["goals-filled"]
    assert ids(demo.configured(ignore=["*"])) == []
    assert ids(demo.configured(select=["weights-add-up", "goals-filled"], ignore=["arith*"])) == [
        "goals-filled"
    ]
    assert ids(demo.configured(select=["demo"], ignore=["score-below-weight"])) == []


def test_configured_returns_a_copy_and_leaves_the_original_ruleset_alone(demo: RuleSet) -> None:
    narrowed = demo.configured(ignore=["*"], params={"full_marks": 80})
    assert ids(narrowed) == []
    assert len(demo.rules) == 3
    assert demo.params["full_marks"] == Decimal("90")


def test_a_severity_override_by_id_tag_or_glob_changes_only_the_rules_it_names(
    demo: RuleSet,
) -> None:
    changed = demo.configured(
        severity={"weights-add-up": "info", "narrative": "error", "score-*": "error"}
    )
    assert [(r.id, r.severity) for r in changed.rules] == [
        ("score-below-weight", Severity.ERROR),
        ("weights-add-up", Severity.INFO),
        ("goals-filled", Severity.ERROR),
    ]
    untouched = demo.configured(severity={"no-such-rule": "info"})
    assert [r.severity for r in untouched.rules] == [r.severity for r in demo.rules]


def test_a_rule_runs_with_its_declared_defaults_overridden_by_pack_and_configured_params(
    demo: RuleSet,
) -> None:
    score_rule, weights_rule, goals_rule = demo.rules
    # the pack's full_marks (90) overrides the rule's default (100)
    assert demo.params_for(weights_rule) == {"full_marks": Decimal("90")}
    assert demo.params_for(score_rule)["ratio"] == 1
    assert "full_marks" not in demo.params_for(score_rule)  # not declared by that rule
    assert demo.params_for(goals_rule) == {}
    configured = demo.configured(params={"full_marks": 80, "ratio": Decimal("0.5")})
    assert configured.params_for(weights_rule) == {"full_marks": 80}
    assert configured.params_for(score_rule)["ratio"] == Decimal("0.5")
    assert demo.known_params() == {"ratio", "levels", "full_marks"}


def test_configured_params_change_what_a_rule_finds(demo: RuleSet, seed_data: Any) -> None:
    only_weights = demo.configured(select=["weights-add-up"])
    assert [f.rule for f in run_rules(seed_data, only_weights)[0]] == []  # weights add to 90
    stricter = only_weights.configured(params={"full_marks": 100})
    (finding,) = run_rules(seed_data, stricter)[0]
    assert finding.rule == "weights-add-up"
    assert finding.message == "分值合计为 90，应为 100"


def test_a_mapping_is_a_valid_parameter_value_for_a_pack_and_for_a_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mapping-params.yaml",
        "params:\n"
        "  bands: {good: 90, fair: 60}\n"
        "rules:\n"
        "  - id: score-in-band\n"
        "    severity: info\n"
        "    title: 得分档次\n"
        "    check: funds.score >= params.bands.fair\n"
        "    message: 得分低于 {params.bands.fair}\n"
        "    params:\n"
        "      bands: {good: 85, fair: 50}\n",
    )
    ruleset = load_rules(path)
    (rule,) = ruleset.rules
    assert rule.params["bands"] == {"good": 85, "fair": 50}
    assert ruleset.params_for(rule) == {"bands": {"good": 90, "fair": 60}}
    assert rule.check.evaluate({"funds": {"score": 70}}, params=ruleset.params_for(rule)) is True
    assert rule.check.evaluate({"funds": {"score": 55}}, params=ruleset.params_for(rule)) is False


# --- packs, folders and extends ----------------------------------------------------------------


def test_a_folder_of_two_rule_files_loads_as_one_pack_in_file_order(tmp_path: Path) -> None:
    folder = tmp_path / "my-pack"
    write(folder / "10-funds.yaml", pack("my-pack", FUNDS_RULE))
    write(
        folder / "20-goals.yml",
        pack("my-pack", GOALS_RULE),
    )
    write(folder / "notes.txt", "not a rule file")
    ruleset = load_rules(folder)
    assert ids(ruleset) == ["funds-rate", "goals-actual"]
    assert {rule.pack for rule in ruleset.rules} == {"my-pack"}
    assert ruleset.name == "my-pack"


def test_a_pack_extends_the_built_in_national_pack_by_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "hubei.yaml", pack("hubei", GOALS_RULE, head=f"extends: {DEFAULT_PACK}\n")
    )
    ruleset = load_rules(path)
    national = load_rules(DEFAULT_PACK)
    assert national.rules, "the built-in pack has rules"
    assert ids(ruleset) == [*ids(national), "goals-actual"]
    assert [r.pack for r in ruleset.rules] == [DEFAULT_PACK] * len(national.rules) + ["hubei"]
    assert ruleset.params["funds_weight"] == national.params["funds_weight"]
    assert ruleset.name == "hubei"


def test_no_paths_at_all_loads_the_default_national_pack() -> None:
    assert ids(load_rules()) == ids(load_rules(DEFAULT_PACK))
    assert load_rules().name == DEFAULT_PACK


def test_a_pack_extends_a_rule_file_by_a_path_relative_to_itself(tmp_path: Path) -> None:
    write(
        tmp_path / "shared" / "base.yaml",
        pack("base", FUNDS_RULE, head="params:\n  limit: 5\n"),
    )
    child = write(
        tmp_path / "packs" / "child.yaml",
        pack(
            "child",
            GOALS_RULE,
            head="extends: [../shared/base.yaml]\nparams:\n  limit: 7\n",
        ),
    )
    ruleset = load_rules(child)
    assert ids(ruleset) == ["funds-rate", "goals-actual"]
    assert ruleset.params["limit"] == 7  # the extending pack's values win
    assert [r.pack for r in ruleset.rules] == ["base", "child"]


def test_a_file_both_in_the_folder_and_extended_by_a_sibling_loads_only_once(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pack"
    write(folder / "a.yaml", pack("pack", FUNDS_RULE))
    write(
        folder / "b.yaml",
        pack("pack", GOALS_RULE, head="extends: a.yaml\n"),
    )
    ruleset = load_rules(folder)
    assert ids(ruleset) == ["funds-rate", "goals-actual"]
    assert ruleset.errors == ()


# --- pickling ----------------------------------------------------------------------------------


def test_a_ruleset_pickles_and_unpickles_and_still_finds_the_same_problems(
    demo: RuleSet, seed_data: Any
) -> None:
    configured = demo.configured(params={"full_marks": 100})
    copy = pickle.loads(pickle.dumps(configured))
    assert ids(copy) == ids(configured)
    assert copy.params == configured.params
    assert copy.rule("score-not-full") is not None
    before = run_rules(seed_data, configured)[0]
    after = run_rules(seed_data, copy)[0]
    assert before  # the seed has indicators at full marks and weights that add to 90
    assert after == before
    check = copy.rules[0].check
    assert check.evaluate({}, item={"score": "　9", "weight": 10}, params={"ratio": 1}) is True


def test_a_compiled_expression_of_a_rule_pickles_by_its_source_and_still_evaluates(
    demo: RuleSet,
) -> None:
    rule = demo.rules[0]
    for expression in (rule.each, rule.when, rule.check, rule.expected):
        assert expression is not None
        copy = pickle.loads(pickle.dumps(expression))
        assert copy.source == expression.source
        assert copy.paths == expression.paths
    check = pickle.loads(pickle.dumps(rule.check))
    assert check.evaluate({}, item={"score": "　9", "weight": 10}, params={"ratio": 1}) is True
    assert check.evaluate({}, item={"score": "10", "weight": 10}, params={"ratio": 1}) is False


# --- warnings ----------------------------------------------------------------------------------


def test_an_unknown_field_that_is_no_near_miss_is_a_warning_and_the_rule_still_loads(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "custom.yaml",
        "rules:\n"
        "  - id: custom-column-filled\n"
        "    severity: info\n"
        "    title: 自定义列未填写\n"
        "    each: indicators\n"
        "    check: filled(zzz_custom_column)\n"
        "    message: 自定义列未填写\n",
    )
    ruleset = load_rules(path)  # strict: a warning does not raise
    assert ids(ruleset) == ["custom-column-filled"]
    assert ruleset.errors == ()
    (warning,) = ruleset.warnings
    assert (warning.code, warning.severity) == ("unknown-field", "warning")
    assert (warning.line, warning.col, warning.length) == (6, 19, len("zzz_custom_column"))
    assert "zzz_custom_column" in warning.message
    assert warning.describe().startswith(f"{path}:6:19: warning[unknown-field] ")


# --- message templates -------------------------------------------------------------------------


def test_a_template_splits_into_text_and_placeholders_with_their_offsets() -> None:
    assert split_template("得分 {score} 超过 {weight}") == [
        "得分 ",
        (4, "score", None),
        " 超过 ",
        (15, "weight", None),
    ]
    assert split_template("{a}{b}") == [(1, "a", None), (4, "b", None)]
    assert split_template("no placeholders") == ["no placeholders"]
    assert split_template("") == []


def test_doubled_braces_are_literal_braces_in_a_template() -> None:
    assert split_template("{{score}}") == ["{score}"]
    assert split_template("a {{ b }} c") == ["a { b } c"]
    assert split_template("{{{score}}}") == ["{", (3, "score", None), "}"]
    assert split_template("}}{x}{{") == ["}", (3, "x", None), "{"]


def test_a_placeholder_keeps_its_expression_verbatim_including_brackets_and_quotes() -> None:
    assert split_template('合计 {sum(indicators[level1 == "产出指标"].weight)}') == [
        "合计 ",
        (4, 'sum(indicators[level1 == "产出指标"].weight)', None),
    ]


def test_a_placeholder_may_end_with_a_format_after_a_colon_outside_quotes() -> None:
    assert split_template("{budget - spent:money}，{rate : percent}") == [
        (1, "budget - spent", "money"),
        "，",
        (24, "rate ", "percent"),
    ]
    assert split_template('{matches(text, "a:b")}') == [(1, 'matches(text, "a:b")', None)]


def test_an_unknown_format_is_an_error_at_its_name() -> None:
    with pytest.raises(TemplateError) as caught:
        split_template("{budget:moeny}")
    assert caught.value.offset == 8
    assert "one of number, percent, money" in str(caught.value)


@pytest.mark.parametrize(
    ("template", "offset", "problem"),
    [
        ("得分 score} 超过", 8, "a lone '}'"),
        ("}", 0, "a lone '}'"),
        ("{score}}", 7, "a lone '}'"),
        ("得分 {score 超过", 3, "not closed"),
        ("{{{score", 2, "not closed"),
        ("空 {} 占位", 2, "an empty placeholder"),
        ("{ }", 0, "an empty placeholder"),
    ],
)
def test_a_malformed_template_is_refused_with_the_character_it_goes_wrong_at(
    template: str, offset: int, problem: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        split_template(template)
    assert caught.value.offset == offset
    assert problem in str(caught.value)
