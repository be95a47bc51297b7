"""Names in rule files: a pack's ``defs`` (values and functions), a rule's ``let``,
``cells:`` and ``defer_to:`` — how they load, what they refuse, and what they compute."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint import load_report
from evallint.dsl.expression import Definition, compile_expr
from evallint.dsl.values import Env
from evallint.errors import RuleSetError
from evallint.read.data import normalise
from evallint.read.report import Report
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.run.check import check_report
from evallint.testing import run_examples
from tests.paths import EXAMPLES

MINIMAL = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))


def pack(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[tuple[str, str, int | None]]:
    """(code, message, line) of every error and warning a rule file gives."""
    ruleset = load_rules([str(pack(tmp_path, text))], strict=False)
    return [(e.code, e.message, e.line) for e in (*ruleset.errors, *ruleset.warnings)]


def findings(ruleset: RuleSet, data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in check_report(Report(normalise(data)), ruleset).findings]


def form(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    for where, value in changes.items():
        target = data
        *head, last = where.split("__")
        for key in head:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return data


RULE = """\
  - id: {id}
    severity: error
    title: t
    check: '{check}'
    message: m
"""


# --- defs: values ---------------------------------------------------------------------


def test_a_definition_is_seen_by_every_rule_of_the_pack_and_every_file_of_a_folder(
    tmp_path: Path,
) -> None:
    pack(tmp_path, "defs:\n  spent: $.funds.total.executed\nrules: []\n", "p/00-defs.yaml")
    pack(
        tmp_path,
        "rules:\n"
        + RULE.format(id="a", check="spent <= 100")
        + RULE.format(id="b", check="spent > 50"),
        "p/rules.yaml",
    )
    ruleset = load_rules(str(tmp_path / "p"))
    assert not ruleset.errors and not ruleset.warnings
    assert findings(ruleset, form(funds__total__executed=120)) == [("a", "")]
    assert findings(ruleset, form(funds__total__executed=20)) == [("b", "")]


def test_a_definition_is_computed_once_per_report_and_once_per_item_when_it_reads_one() -> None:
    weight = Definition("w", compile_expr("$.funds.weight"), per_item=False)
    label = Definition("n", compile_expr("name"), per_item=True)
    names = {"w": weight, "n": label}
    kinds = {"w": "def", "n": "def"}
    data = normalise(form())
    env = Env(data)
    env.names = names
    twice = compile_expr("w + w", names=kinds)
    env.start(None, {})
    assert twice.run(env) == 20
    data["funds"]["weight"] = 99  # the report's value was kept: not read again
    assert twice.run(env) == 20
    assert compile_expr("w", names=kinds).run(env) == 10  # another rule shares it
    rows = data["indicators"]
    own = compile_expr("n", names=kinds)
    env.start(rows[0], {})
    assert own.run(env) == "培训场次"
    rows[0]["name"] = "changed"
    assert own.run(env) == "培训场次"  # kept with the item
    env.start(rows[1], {})
    assert own.run(env) == "培训合格率"  # another item, another value


def test_a_definition_keeps_the_precision_of_the_cells_it_stands_for(tmp_path: Path) -> None:
    # close() through a name compares intervals, as if the expression were written there
    text = (
        "defs:\n  ratio_done: $.funds.total.executed / $.funds.total.adjusted\n"
        "rules:\n" + RULE.format(id="r", check="close($.funds.score, 10 * ratio_done)")
    )
    ruleset = load_rules([str(pack(tmp_path, text))])
    typed = form(
        funds__total={"initial": None, "adjusted": "135.35", "executed": "127.38"},
        funds__current={"initial": None, "adjusted": "135.35", "executed": "127.38"},
    )
    typed["funds"]["score"] = "9.41"
    assert findings(ruleset, typed) == []
    typed["funds"]["score"] = "9.5"
    assert findings(ruleset, typed) == [("r", "")]


def test_finding_values_are_keyed_by_the_names_a_message_shows(tmp_path: Path) -> None:
    text = """\
defs:
  budget: $.funds.total.adjusted
  exec_percent: round(num($.funds.total.executed) / num(budget) * 100, 2)
rules:
  - id: rate
    severity: error
    title: t
    check: shows_rate($.funds.rate, $.funds.total.executed / budget)
    path: /funds/rate
    message: "{$.funds.rate} is not {exec_percent}% of {budget}"
    expected: exec_percent
"""
    ruleset = load_rules([str(pack(tmp_path, text))])
    data = form(funds__rate="90%")
    [finding] = check_report(Report(normalise(data)), ruleset).findings
    assert finding.message == "90% is not 100% of 100"  # a computed number: 100, not 100.00
    assert finding.values == {
        "funds.rate": "90%",
        "exec_percent": Decimal("100.00"),
        "budget": Decimal(100),
    }
    assert finding.expected == Decimal("100.00")


@pytest.mark.parametrize(
    ("defs", "code", "says"),
    [
        ("a: b + 1\n  b: a + 1", "name-cycle", "a → b → a"),
        ("score: '1'", "name", "is a field of the report format"),
        ("params: '1'", "name", "a name of the language itself"),
        ("sum: '1'", "name", "a name of the language itself"),
        ("field: '1'", "name", "a name of the language itself"),
        ("limit: 1", "rule-schema", "must be text"),
        ("w: params.weigth", "unknown-param", 'did you mean "weight"?'),
        ("w: ^.score", "name", "`^` means the item around the place of use"),
        ("w: 1 +", "expr-syntax", ""),
        ("2x: '1'", "rule-schema", ""),
    ],
)
def test_a_definition_that_cannot_be_is_refused_where_it_is_written(
    tmp_path: Path, defs: str, code: str, says: str
) -> None:
    text = f"params:\n  weight: 1\ndefs:\n  {defs}\nrules: []\n"
    found = problems(tmp_path, text)
    assert any(c == code and says in message and line is not None for c, message, line in found), (
        found
    )


def test_an_unused_definition_is_a_warning_and_the_pack_still_loads(tmp_path: Path) -> None:
    text = "defs:\n  spare: '1'\n  used: '2'\nrules:\n" + RULE.format(id="r", check="used > 1")
    ruleset = load_rules([str(pack(tmp_path, text))], strict=False)
    assert not ruleset.errors
    assert [(w.code, w.message, w.line) for w in ruleset.warnings] == [
        ("unused-name", 'the definition "spare" is never used', 2)
    ]


def test_a_misspelt_name_is_an_unknown_field_with_the_name_meant(tmp_path: Path) -> None:
    text = "defs:\n  budget: $.funds.total.adjusted\nrules:\n" + RULE.format(
        id="r", check="budgte > 0"
    )
    [(code, message, line)] = [p for p in problems(tmp_path, text) if p[0] != "unused-name"]
    assert code == "unknown-field" and 'did you mean "budget"?' in message and line == 7


def test_a_name_defined_twice_in_one_pack_is_an_error_at_the_second(tmp_path: Path) -> None:
    pack(tmp_path, "defs:\n  w: '1'\nrules: []\n", "p/a.yaml")
    pack(tmp_path, "defs:\n  w: '2'\nrules:\n" + RULE.format(id="r", check="w > 0"), "p/b.yaml")
    with pytest.raises(RuleSetError) as raised:
        load_rules(str(tmp_path / "p"))
    [error] = raised.value.errors
    assert error.code == "duplicate-name" and error.file.endswith("b.yaml")
    assert "a.yaml:2" in error.message


def test_a_pack_that_extends_another_redefines_a_name_for_the_rules_it_inherits(
    tmp_path: Path,
) -> None:
    pack(
        tmp_path,
        "defs:\n  limit: '100'\nrules:\n" + RULE.format(id="r", check="$.funds.score <= limit"),
        "base.yaml",
    )
    pack(tmp_path, "extends: base.yaml\ndefs:\n  limit: '5'\nrules: []\n", "province.yaml")
    assert findings(load_rules([str(tmp_path / "base.yaml")]), form()) == []
    province = load_rules([str(tmp_path / "province.yaml")])
    assert not province.warnings  # the redefinition is used: by the inherited rule
    assert findings(province, form()) == [("r", "")]


# --- defs: functions -------------------------------------------------------------------

BANDED = """\
extends: national-2020
defs:
  # 预算执行率得分 in bands: full marks from 95 %, 90 % of them from 90 %, then in proportion
  funds_score(rate): >-
    $.funds.weight * (1 if rate >= 0.95 else (0.9 if rate >= 0.9 else min(rate, 1)))
rules: []
"""


def test_a_province_redefines_one_function_and_the_national_rule_scores_in_bands(
    tmp_path: Path,
) -> None:
    banded = load_rules([str(pack(tmp_path, BANDED))])
    national = load_rules("national-2020")
    data = form(
        funds__rate="96%",
        funds__total={"initial": 100, "adjusted": 100, "executed": 96},
        funds__current={"initial": 100, "adjusted": 100, "executed": 96},
    )
    data["funds"]["score"] = "10.0"  # full marks at 96 %: right in bands, wrong in proportion
    assert ("funds-score-mismatch", "/funds/score") in findings(national, data)
    assert ("funds-score-mismatch", "/funds/score") not in findings(banded, data)
    data["funds"]["score"] = "9.6"
    assert ("funds-score-mismatch", "/funds/score") in findings(banded, data)
    [finding] = [
        f
        for f in check_report(Report(normalise(data)), banded).findings
        if f.rule == "funds-score-mismatch"
    ]
    assert finding.expected == Decimal(10)


def test_a_function_call_means_its_body_with_the_arguments_put_in(tmp_path: Path) -> None:
    text = """\
defs:
  share(part, whole): part / whole
  over(part, whole, limit): share(part, whole) > limit
rules:
  - id: r
    severity: error
    title: t
    each: indicators[filled(name)]
    check: not over(score, weight, 1)
    path: score
    message: "{name}: {round(share(score, weight) * 100)}%"
"""
    ruleset = load_rules([str(pack(tmp_path, text))])
    data = form()
    data["indicators"][1]["score"] = "18"
    [finding] = check_report(Report(normalise(data)), ruleset).findings
    assert (finding.path, finding.message) == ("/indicators/1/score", "培训合格率: 120%")


@pytest.mark.parametrize(
    ("defs", "check", "code", "says"),
    [
        ("f(x): x + 1", "f(1, 2) > 0", "arity", "f() takes 1 argument, got 2"),
        ("f(x): x + 1", "f > 0", "function-name", "call it with its arguments"),
        ("w: '1'", "w(1) > 0", "unknown-function", "is a name, not a function"),
        ("f(x): count(indicators, score > x)", "f(1) > 0", "name", "inside a filter"),
        ("f(x): g(x)\n  g(x): f(x)", "f(1) > 0", "name-cycle", "f → g → f"),
        ("f(x, x): x", "f(1, 1) > 0", "name", "parameter x is named twice"),
        ("sum(x): x", "1 > 0", "name", "a name of the language itself"),
    ],
)
def test_a_function_used_wrongly_is_refused_with_a_reason(
    tmp_path: Path, defs: str, check: str, code: str, says: str
) -> None:
    text = f"defs:\n  {defs}\nrules:\n" + RULE.format(id="r", check=check)
    found = [p for p in problems(tmp_path, text) if p[0] != "unused-name"]
    assert any(c == code and says in message for c, message, _ in found), found


def test_a_redefinition_keeps_the_shape_the_inherited_rules_call(tmp_path: Path) -> None:
    text = "extends: national-2020\ndefs:\n  funds_score: '10'\nrules: []\n"
    found = problems(tmp_path, text)
    assert any(
        code == "name" and "a function of 1 parameter: funds_score(rate)" in message
        for code, message, _ in found
    ), found


def test_functions_that_call_each_other_exponentially_run_out_of_budget(tmp_path: Path) -> None:
    lines = ["defs:", "  f0(x): x"]
    lines += [f"  f{i}(x): f{i - 1}(x) + f{i - 1}(x)" for i in range(1, 40)]
    text = "\n".join(lines) + "\nrules:\n" + RULE.format(id="r", check="f39(1) > 0")
    ruleset = load_rules([str(pack(tmp_path, text))])
    [finding] = check_report(Report(normalise(form())), ruleset).findings
    assert finding.rule == "rule-error"
    assert "more than" in finding.message


# --- let ---------------------------------------------------------------------------------


def test_a_let_is_the_rules_own_and_may_use_the_packs_definitions(tmp_path: Path) -> None:
    text = """\
defs:
  weights: indicators[filled(name)].weight
rules:
  - id: r
    severity: error
    title: t
    let:
      total_weight: sum(weights) + $.funds.weight
    check: total_weight == 100
    message: "the weights add up to {total_weight}"
"""
    ruleset = load_rules([str(pack(tmp_path, text))])
    assert findings(ruleset, form()) == []
    data = form()
    data["indicators"][0]["weight"] = "25"
    [finding] = check_report(Report(normalise(data)), ruleset).findings
    assert finding.message == "the weights add up to 105"
    assert finding.values == {"total_weight": Decimal(105)}


@pytest.mark.parametrize(
    ("lets", "code", "says"),
    [
        ("a: b\n      b: a", "name-cycle", "a → b → a"),
        ("budget: '1'", "name", "a definition of the pack already"),
        ("weight: '1'", "name", "is a field of the report format"),
    ],
)
def test_a_let_that_cannot_be_is_refused(tmp_path: Path, lets: str, code: str, says: str) -> None:
    text = f"""\
defs:
  budget: '1'
rules:
  - id: r
    severity: error
    title: t
    let:
      {lets}
    check: budget > 0
    message: m
"""
    found = problems(tmp_path, text)
    assert any(c == code and says in m for c, m, _ in found), found


# --- cells ---------------------------------------------------------------------------------

CELLS = """\
rules:
  - id: row-cells-filled
    severity: error
    title: t
    each: indicators[filled(name)]
    cells: '["target", "actual", "score"]'
    check: filled(cell)
    message: "{name}: {label(field)} is blank"
"""


def test_cells_give_one_finding_per_failing_cell_at_its_own_pointer(tmp_path: Path) -> None:
    ruleset = load_rules([str(pack(tmp_path, CELLS))])
    data = form()
    for key in ("target", "actual", "score"):
        data["indicators"][2][key] = "　"
    result = check_report(Report(normalise(data)), ruleset)
    assert sorted((f.path, f.message) for f in result.findings) == [
        ("/indicators/2/actual", "培训成本: 实际完成值 is blank"),
        ("/indicators/2/score", "培训成本: 得分 is blank"),
        ("/indicators/2/target", "培训成本: 年度指标值 is blank"),
    ]
    [tally] = result.tallies
    assert (tally.passed, tally.failed) == (12, 3)


def test_cells_of_an_item_that_is_not_an_object_are_none(tmp_path: Path) -> None:
    text = CELLS.replace("indicators[filled(name)]", "'[$.goals, $.nothing_here]'")
    text = text.replace('["target", "actual", "score"]', '["expected", "actual"]')
    text = text.replace("{name}: ", "")
    ruleset = load_rules([str(pack(tmp_path, text))])
    data = form()
    data["goals"]["actual"] = ""
    assert findings(ruleset, data) == [("row-cells-filled", "/goals/actual")]


def test_cells_that_are_not_a_list_of_names_are_a_rule_error(tmp_path: Path) -> None:
    text = CELLS.replace('\'["target", "actual", "score"]\'', "'[1, 2]'")
    ruleset = load_rules([str(pack(tmp_path, text))])
    rules = {f.rule for f in check_report(Report(normalise(form())), ruleset).findings}
    assert rules == {"rule-error"}


# --- defer_to ---------------------------------------------------------------------------------

DEFER = """\
rules:
  - id: score-derived
    severity: error
    title: t
    defer_to: [total-row]
    check: $.funds.score <= $.funds.total.executed
    path: /funds/score
    message: m
  - id: total-row
    severity: error
    title: t
    check: filled($.funds.total.executed)
    path: /funds/total/executed
    message: m
  - id: unrelated
    severity: error
    title: t
    defer_to: [total-row]
    check: filled($.project) and false
    path: /project
    message: m
"""


def test_a_rule_stands_aside_where_the_rule_it_defers_to_found_what_it_reads(
    tmp_path: Path,
) -> None:
    ruleset = load_rules([str(pack(tmp_path, DEFER))])
    data = form()
    data["funds"]["total"]["executed"] = ""
    data["funds"]["score"] = 500
    # score-derived reads the blank total (unknown anyway) but would fire on a stale one:
    assert sorted(findings(ruleset, data)) == [
        ("total-row", "/funds/total/executed"),
        ("unrelated", "/project"),
    ]
    data["funds"]["total"]["executed"] = 1
    assert ("score-derived", "/funds/score") in findings(ruleset, data)
    [tally] = [
        t
        for t in check_report(Report(normalise(form())), ruleset).tallies
        if t.rule == "score-derived"
    ]
    assert tally.passed == 1


def test_standing_aside_follows_what_the_names_of_a_rule_read(tmp_path: Path) -> None:
    text = "defs:\n  spent: $.funds.total.executed\n" + DEFER.replace(
        "$.funds.score <= $.funds.total.executed", "$.funds.score > spent or true"
    )
    ruleset = load_rules([str(pack(tmp_path, text))])
    data = form()
    data["funds"]["total"]["executed"] = "　"
    result = check_report(Report(normalise(data)), ruleset)
    [tally] = [t for t in result.tallies if t.rule == "score-derived"]
    assert tally.skipped == 1 and tally.passed == 0


@pytest.mark.parametrize(
    ("defer", "code", "says"),
    [
        ("[total-rwo]", "unknown-rule", 'did you mean "total-row"?'),
        ("[score-derived]", "defer-cycle", "score-derived → score-derived"),
    ],
)
def test_deferring_to_no_rule_or_in_a_circle_is_an_error(
    tmp_path: Path, defer: str, code: str, says: str
) -> None:
    text = DEFER.replace(
        "defer_to: [total-row]\n    check: $.funds.score",
        f"defer_to: {defer}\n    check: $.funds.score",
    )
    found = problems(tmp_path, text)
    assert any(c == code and says in m for c, m, _ in found), found


def test_test_rules_runs_the_rules_an_example_defers_to(tmp_path: Path) -> None:
    text = DEFER.replace(
        "    path: /funds/score\n    message: m\n",
        "    path: /funds/score\n    message: m\n    examples:\n      pass:\n"
        "        - name: the total row is the root cause\n"
        "          set: {/funds/total/executed: '', /funds/score: 500}\n",
        1,
    )
    results = run_examples(load_rules([str(pack(tmp_path, text))]))
    assert [r.ok for r in results] == [True]


# --- the national pack --------------------------------------------------------------------


def test_the_national_pack_loads_without_a_warning_and_every_definition_is_used() -> None:
    national = load_rules("national-2020")
    assert national.warnings == ()
    assert "exec_ratio" in national.defs and national.defs["funds_score"].params == ("rate",)


def test_the_seed_keys_its_values_by_names_not_by_expressions() -> None:
    result = check_report(load_report(EXAMPLES / "zhuzhou-2022-enterprise-service.json"))
    for finding in result.findings:
        for key in finding.values:
            assert len(key) <= 40 and "(" not in key, (finding.rule, key)


# --- examples a pack gives for rules it extends -------------------------------------------


def test_a_pack_tests_its_redefinition_with_examples_for_an_inherited_rule(
    tmp_path: Path,
) -> None:
    text = BANDED + (
        "examples:\n"
        "  funds-score-mismatch:\n"
        "    pass:\n"
        "      - name: full marks at 96%\n"
        "        set: {/funds: {weight: 10, rate: '96%', score: '10.0',"
        " total: {initial: 100, adjusted: 100, executed: 96}}}\n"
        "    fail:\n"
        "      - name: the proportional score at 96%\n"
        "        set: {/funds: {weight: 10, rate: '96%', score: '9.6',"
        " total: {initial: 100, adjusted: 100, executed: 96}}}\n"
        "        paths: [/funds/score]\n"
    )
    ruleset = load_rules([str(pack(tmp_path, text))])
    assert [(e.rule, e.kind) for e in ruleset.examples] == [
        ("funds-score-mismatch", "pass"),
        ("funds-score-mismatch", "fail"),
    ]
    own = str(tmp_path / "mine.yaml")
    results = run_examples(ruleset, only=set(), files={own})
    assert [(r.case.kind, r.ok) for r in results] == [("pass", True), ("fail", True)]
    assert results[0].case.where.startswith(own + ":")


def test_examples_for_a_rule_that_is_not_there_are_an_error_with_the_one_meant(
    tmp_path: Path,
) -> None:
    text = "extends: national-2020\nexamples:\n  funds-score-mismach:\n    pass: [{name: x}]\n"
    found = problems(tmp_path, text)
    assert (
        "unknown-rule",
        'no rule "funds-score-mismach" to give examples for (did you mean "funds-score-mismatch"?)',
        3,
    ) in found


def test_test_rules_runs_a_packs_own_rules_and_names_those_it_leaves_to_their_packs(
    tmp_path: Path,
) -> None:
    import io

    from evallint.cli.main import main

    text = BANDED.replace("rules: []\n", "rules:\n" + RULE.format(id="mine", check="true")) + (
        "examples:\n  funds-score-mismatch:\n    pass:\n      - name: the minimal form\n"
    )
    path = pack(tmp_path, text)
    out = io.StringIO()
    assert main(["test-rules", str(path)], stdout=out) == 0
    national = len(load_rules("national-2020").rules)
    assert out.getvalue().splitlines()[-2:] == [
        "rules without both a pass and a fail example: mine",
        f"1 examples of 1 rule: 1 passed, 0 failed ({national} rules of the packs extended are "
        "tested with those packs)",
    ]
