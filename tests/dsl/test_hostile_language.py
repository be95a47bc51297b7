"""The rule language against hostile input (issue 16): bounded work, contained failures, and
no internal value reaching a caller.

What a narrative function or a regular expression looks at is the first ``MAX_MATCH_TEXT``
characters of a text, however long the text (``amounts_after(text, "")`` ends at once). A
rule has one work budget per report, ``MAX_STEPS`` for all its items together: a per-item
sum over every row of 3,000 rows ends in one ``budget-exceeded`` rule error, not minutes of
work, and the next rule starts with a full budget. An error a rule meets on every row is
shown once, with how many more there were. A ``MemoryError`` inside a rule ends that rule
on that report, as a rule error; the other rules run. The language's *unknown* is ``None``
to every caller, inside lists and objects too.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint.api import check
from evallint.domain import narrative
from evallint.dsl.expression import compile_expr
from evallint.dsl.values import UNKNOWN, Env, Unknown, public
from evallint.errors import EvaluationError
from evallint.limits import MAX_MATCH_TEXT, MAX_STEPS
from evallint.messages import Lang, render
from evallint.read.data import normalise
from evallint.results import Finding, ReportResult
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from tests.paths import EXAMPLES

MINIMAL: dict[str, Any] = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))

BEFORE = "其中培训费30万元、资料费30万元，共计60万元。办结率95.59%。"
"""A listing with its total, and a rate, in the part of a text that is looked at."""
AFTER = "其中差旅费11万元、会议费22万元，共计33万元。办结率88.88%。"
"""The same kind of figures, past ``MAX_MATCH_TEXT``."""
FILLER = "本项目按计划推进各项工作。"


def narrative_of(size: int) -> str:
    """A text of at least ``size`` characters: :data:`BEFORE` at its start, :data:`AFTER`
    beginning exactly at character ``MAX_MATCH_TEXT``, filler around them."""
    head = BEFORE + "。" * (MAX_MATCH_TEXT - len(BEFORE))
    tail = FILLER * (max(0, size - MAX_MATCH_TEXT - len(AFTER)) // len(FILLER) + 1)
    text = head + AFTER + tail
    assert text.index(AFTER) == MAX_MATCH_TEXT and len(text) >= size
    return text


BIG = narrative_of(1_800_000)
"""A narrative of 1.8 MB (as the fuzzing campaign wrote)."""


def evaluate(source: str, **data: Any) -> Any:
    return compile_expr(source).evaluate(data)


def rule_file(tmp_path: Path, *rules: tuple[str, str | None, str]) -> RuleSet:
    """A rule set of ``(id, each, check)`` rules, written to a file and loaded."""
    text = "rules:\n"
    for rule_id, each, check_text in rules:
        text += f"  - id: {rule_id}\n    severity: error\n    title: t\n"
        text += f"    each: {each}\n" if each else ""
        text += f"    check: {json.dumps(check_text)}\n    message: m\n"
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def report_with_rows(count: int, **cells: Any) -> dict[str, Any]:
    """The minimal report with ``count`` indicator rows (its five, over and over), each with
    ``cells`` set."""
    data = copy.deepcopy(MINIMAL)
    rows = MINIMAL["indicators"]
    data["indicators"] = [{**rows[index % len(rows)], **cells} for index in range(count)]
    return data


def rule_errors(result: ReportResult, rule_id: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == "rule-error" and f.values["rule"] == rule_id]


def tally(result: ReportResult, rule_id: str) -> Any:
    [found] = [t for t in result.tallies if t.rule == rule_id]
    return found


# --- texts: only the first MAX_MATCH_TEXT characters are looked at -------------------------


def test_amounts_after_an_empty_keyword_in_a_long_text_finds_nothing_and_ends() -> None:
    text = "支出135.5万元，" * 10_000
    assert len(text) == 100_000
    assert evaluate('amounts_after(t, "")', t=text) == []


def test_amounts_after_reads_only_the_start_of_a_long_text() -> None:
    each = "支出1万元"
    found = evaluate('amounts_after(t, "支出")', t=each * 20_000)
    assert isinstance(found, list)
    assert len(found) == MAX_MATCH_TEXT // len(each) and set(found) == {"1万元"}


def test_listed_totals_on_a_narrative_of_1_8_mb_reads_only_its_first_characters() -> None:
    assert len(BIG) >= 1_800_000
    assert evaluate("listed_totals(t)", t=BIG) == [
        {"parts": ["30万元", "30万元"], "total": "60万元"}
    ]
    # the listing past the limit is one the function reads where it is looked at
    assert evaluate("listed_totals(t)", t=AFTER) == [
        {"parts": ["11万元", "22万元"], "total": "33万元"}
    ]


def test_mentioned_on_a_narrative_of_1_8_mb_reads_only_its_first_characters() -> None:
    mentioned = 'mentioned(t, "企业问题办结", "95.66%")'
    assert evaluate(mentioned, t=BIG) == ["95.59%"]
    assert evaluate(mentioned, t=AFTER) == ["88.88%"]


def test_a_list_of_long_texts_is_read_text_by_text_each_from_its_start() -> None:
    found = evaluate('mentioned(t, "企业问题办结", "95.66%")', t=[BIG, BIG])
    assert found == ["95.59%", "95.59%"]


def test_matches_on_a_narrative_of_1_8_mb_looks_only_at_its_first_characters() -> None:
    assert evaluate('matches(t, "培训费30万元")', t=BIG) is True
    assert evaluate('matches(t, "差旅费11万元")', t=BIG) is False
    assert evaluate('matches(t, "差旅费11万元")', t=AFTER) is True


# --- the work budget: one per rule per report ------------------------------------------------

QUADRATIC = "sum($.indicators[level1 == ^.level1].weight) > -1"
"""Per row, a sum over every row: work growing with the square of the rows."""


def test_a_per_item_sum_over_3000_rows_ends_in_one_budget_error_and_the_next_rule_runs(
    tmp_path: Path,
) -> None:
    rules = rule_file(
        tmp_path,
        ("per-row-sum", "indicators", QUADRATIC),
        ("named", "indicators", "filled(name)"),
    )
    result = check(report_with_rows(3000), rules, lang="en")
    [error] = rule_errors(result, "per-row-sum")
    assert error.severity.value == "error"
    assert error.values == {
        "rule": "per-row-sum",
        "code": "budget-exceeded",
        "expression": "$.indicators[level1 == ^.level1]",
        "reason": f"the work budget of {MAX_STEPS} steps (list elements visited, text looked "
        "at) is spent",
    }
    assert error.path.startswith("/indicators/")
    stopped_at = int(error.path.rsplit("/", 1)[1])
    assert 0 < stopped_at < 3000  # the rule stopped there: the rows after it were not run
    assert error.message.startswith(f"rule per-row-sum could not be evaluated at {error.path}: ")
    spent = tally(result, "per-row-sum")
    assert (spent.errors, spent.passed, spent.failed) == (1, stopped_at, 0)
    # the next rule has a budget of its own: all 3,000 rows
    assert rule_errors(result, "named") == []
    assert tally(result, "named").passed == 3000


def test_each_rule_has_a_full_budget_and_a_rule_doing_twice_the_work_runs_out(
    tmp_path: Path,
) -> None:
    data = report_with_rows(350)
    nested = "count(indicators, count(^.indicators, filled({})) > 0) > 0"
    first, second = nested.format("name"), nested.format("level1")
    env = Env(normalise(data))
    compile_expr(first).run(env)
    cost = MAX_STEPS - env.steps
    assert MAX_STEPS / 2 < cost < MAX_STEPS  # each fits the budget, both together do not
    rules = rule_file(
        tmp_path,
        ("first", None, first),
        ("second", None, second),
        ("both", None, f"{first} and {second}"),
    )
    result = check(data, rules, lang="en")
    assert (tally(result, "first").passed, tally(result, "second").passed) == (1, 1)
    assert rule_errors(result, "first") == rule_errors(result, "second") == []
    [error] = rule_errors(result, "both")
    assert (error.path, error.values["code"]) == ("", "budget-exceeded")


def test_the_budget_is_spent_by_one_evaluation_and_filled_again_when_a_rule_starts() -> None:
    env = Env({})
    env.spend(MAX_STEPS)
    with pytest.raises(EvaluationError) as caught:
        env.spend(1)
    assert caught.value.code == "budget-exceeded"
    env.start(None, {})
    assert env.steps == MAX_STEPS
    env.spend(MAX_STEPS)  # a full budget again


# --- identical rule errors: shown once, counted -------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rule_that_errs_alike_on_each_of_1000_rows_gives_one_error_counting_the_others(
    tmp_path: Path, lang: Lang
) -> None:
    # a key of the report's own (unknown keys are allowed) holding a list in every row
    rules = rule_file(tmp_path, ("listed", "indicators", "extra_cells + 1 > 0"))
    assert [w.code for w in rules.warnings] == ["unknown-field"]
    result = check(report_with_rows(1000, extra_cells=["1", "2"]), rules, lang=lang)
    [error] = rule_errors(result, "listed")
    assert error.path == "/indicators/0"
    assert error.values == {
        "rule": "listed",
        "code": "eval-error",
        "expression": "extra_cells + 1",
        "reason": 'expected a number, got a list ["1", "2"]',
        "more": 999,
    }
    more = render("rule-errors-more", lang, more=999)
    assert more in (" (and 999 more like it)", "（另有 999 处同样的错误）")
    assert error.message.endswith(more)
    assert tally(result, "listed").errors == 1000


def test_different_errors_of_one_rule_are_each_shown(tmp_path: Path) -> None:
    rules = rule_file(tmp_path, ("listed", "indicators", "extra_cells + 1 > 0"))
    data = report_with_rows(4, extra_cells=["1"])
    data["indicators"][2]["extra_cells"] = True
    errors = rule_errors(check(data, rules, lang="en"), "listed")
    assert [(e.path, e.values.get("more")) for e in errors] == [
        ("/indicators/0", 2),
        ("/indicators/2", None),
    ]


def test_a_list_valued_weight_in_every_row_is_the_schemas_finding_and_the_rule_stands_aside(
    tmp_path: Path,
) -> None:
    rules = rule_file(tmp_path, ("weighted", "indicators", "weight + 1 > 0"))
    result = check(report_with_rows(1000, weight=["1"]), rules, lang="en")
    assert Counter(f.rule for f in result.findings) == {"schema-type": 1000}
    assert (tally(result, "weighted").skipped, tally(result, "weighted").errors) == (1000, 0)


# --- a MemoryError inside a rule -------------------------------------------------------------


def failing_once(real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, but the first call runs out of memory."""
    calls: list[int] = []

    def function(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError
        return real(*args, **kwargs)

    return function


def test_a_memory_error_inside_a_rule_ends_that_rule_on_that_report_and_the_others_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = rule_file(
        tmp_path,
        ("narrated", "indicators", "count(amounts_after($.goals.actual, name)) >= 0"),
        ("weight-99", None, "funds.weight == 99"),
    )
    monkeypatch.setattr(narrative, "amounts_after", failing_once(narrative.amounts_after))
    result = check(copy.deepcopy(MINIMAL), rules, lang="en")
    [error] = rule_errors(result, "narrated")
    assert (error.path, error.values["code"]) == ("/indicators/0", "budget-exceeded")
    assert error.values["reason"] == "the rule needed more memory than there is"
    assert error.values["expression"] == "amounts_after($.goals.actual, name)"
    assert (tally(result, "narrated").errors, tally(result, "narrated").passed) == (1, 0)
    assert [f.path for f in result.findings if f.rule == "weight-99"] == [""]  # it ran
    # the next report runs the rule again, from its first row
    again = check(copy.deepcopy(MINIMAL), rules, lang="en")
    assert rule_errors(again, "narrated") == []
    assert tally(again, "narrated").passed == len(MINIMAL["indicators"])


# --- unknown never escapes -----------------------------------------------------------------


def blank_score() -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data["funds"]["score"] = "　"
    return data


def test_a_list_holding_an_unknown_value_is_given_to_callers_with_none_in_its_place() -> None:
    value = compile_expr("[num(funds.score), 1]").evaluate(blank_score())
    assert value == [None, Decimal(1)]
    assert [bool(item) for item in value] == [False, True]  # no truth test raises


def test_unknown_is_none_at_any_depth_of_a_list() -> None:
    value = compile_expr("[[num(funds.score)], [1, [num(funds.score)]]]").evaluate(blank_score())
    assert value == [[None], [Decimal(1), [None]]]


def test_public_turns_unknown_into_none_inside_objects_and_lists() -> None:
    # the language has no object literal: objects come from the report and functions, and
    # public() is what every value passes through on its way out
    inner = {"a": UNKNOWN, "b": [UNKNOWN, Decimal(2)], "c": {"d": UNKNOWN}}
    assert public(inner) == {"a": None, "b": [None, Decimal(2)], "c": {"d": None}}
    assert public([inner]) == [{"a": None, "b": [None, Decimal(2)], "c": {"d": None}}]
    assert public(UNKNOWN) is None


def test_a_value_a_finding_carries_holds_no_unknown(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - id: scores\n"
        "    severity: warning\n"
        "    title: t\n"
        "    check: 'false'\n"
        "    message: m\n"
        "    expected: map(indicators, num(score))\n",
        encoding="utf-8",
    )
    data = blank_score()
    data["indicators"][1]["score"] = ""
    [finding] = [f for f in check(data, load_rules(path)).findings if f.rule == "scores"]
    assert finding.expected == [Decimal(20), None, Decimal(15), Decimal(30), Decimal(10)]
    assert not any(isinstance(item, Unknown) for item in finding.expected)
