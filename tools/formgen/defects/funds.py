"""Injectors of defects in the funds block: catalogue checks #1–#7."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from evallint.domain.cells import read_cell
from tools.formgen.defects.base import (
    _requote_goals,
    exact_funds_score,
    named_rows,
    register_injector,
    resum,
    typed_like,
)
from tools.formgen.narrative import funds_text
from tools.formgen.numbers import (
    chance,
    decimals_of,
    format_number,
    num,
    plain_text,
    round_half_up,
    truncate,
)
from tools.formgen.vocabulary import FUNDS_WEIGHT, U3000


@register_injector("funds-rate-mismatch")
def _funds_rate_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#1: funds.rate differs from executed / adjusted by 2–5 points (still 90–100 %). The
    score is first made weight × the exact rate, so it cannot side with the wrong rate."""
    exact_funds_score(form)
    total = form["funds"]["total"]
    ratio = Fraction(num(total["executed"]) or 0) / Fraction(num(total["adjusted"]) or 1) * 100
    shown = round_half_up(ratio, 0)
    offset = rng.randint(2, 5)
    wrong = shown + offset if shown + offset <= 100 else shown - offset
    old = form["funds"]["rate"]
    form["funds"]["rate"] = wrong if isinstance(old, Decimal) else f"{format_number(wrong)}%"
    return "/funds/rate"


@register_injector("funds-rate-as-ratio")
def _funds_rate_as_ratio(form: dict[str, Any], rng: random.Random) -> str:
    """#2: the rate typed as a ratio (0.9411, or 1 for 100 %) without a percent sign (S7); the
    score agrees with the exact rate."""
    exact_funds_score(form)
    total = form["funds"]["total"]
    ratio = Fraction(num(total["executed"]) or 0) / Fraction(num(total["adjusted"]) or 1)
    value = Decimal(1) if ratio == 1 else round_half_up(ratio, 4)
    form["funds"]["rate"] = value if chance(rng, 50) else format_number(value)
    return "/funds/rate"


@register_injector("funds-score-mismatch")
def _funds_score_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#3: funds.score 1 point below weight × rate (both the exact and the shown rate), or
    (issue 15 #2) written as a whole number 0.05 or more off both (9 for 9.78 or 8.62)."""
    funds = form["funds"]
    score = num(funds["score"])
    assert score is not None
    whole = _whole_score_off(form) if chance(rng, 50) else None
    funds["score"] = whole if whole is not None else typed_like(funds["score"], score - 1)
    resum(form)
    return "/funds/score"


def _whole_score_off(form: dict[str, Any]) -> Decimal | None:
    """The exact funds score rounded or truncated to a whole number, where that is 0.05 or
    more off the score of the exact rate and of the rate as shown; None where none is."""
    funds = form["funds"]
    adjusted, executed = num(funds["total"]["adjusted"]), num(funds["total"]["executed"])
    rate = read_cell(funds["rate"])
    assert adjusted is not None and executed is not None and rate.value is not None
    # a percentage reads as its fraction; a bare number is in percent points (94.11)
    shown_ratio = Fraction(rate.value) / (1 if rate.percent else 100)
    exact = [
        FUNDS_WEIGHT * min(Fraction(executed) / Fraction(adjusted), Fraction(1)),
        FUNDS_WEIGHT * min(shown_ratio, Fraction(1)),
    ]
    for whole in (round_half_up(exact[0], 0), truncate(exact[0], 0)):
        if all(abs(Fraction(whole) - value) >= Fraction(1, 20) for value in exact):
            return whole
    return None


@register_injector("funds-rows-sum-mismatch")
def _funds_rows_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#5: a part row no longer adds up to the total row (initial, or else adjusted)."""
    funds = form["funds"]
    column = "initial" if num(funds["current"]["initial"]) is not None else "adjusted"
    value = num(funds["current"][column])
    assert value is not None
    funds["current"][column] = typed_like(funds["current"][column], value + rng.randint(2, 20))
    return f"/funds/total/{column}"


@register_injector("funds-budget-missing")
def _funds_budget_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#6: total.adjusted blank (and the parts' adjusted, so the rows still add up; the
    narrative, which quotes the budget, is dropped); or (issue 15 #5) every budget typed 0
    while the spending stays, beside a rate of 100 % and the full score."""
    funds = form["funds"]
    zero = chance(rng, 50)
    for row in funds.values():
        if isinstance(row, dict):
            if not zero:
                row["adjusted"] = rng.choice(("", U3000, None))
                continue
            for column in ("initial", "adjusted"):  # the budget did not change: both 0
                if num(row[column]) is not None or column == "adjusted":
                    row[column] = rng.choice(("0", "0.00", Decimal(0)))
    if zero:
        funds["rate"] = rng.choice(("100%", "100.00%", "100％"))
        funds["score"] = typed_like(funds["score"], Decimal(FUNDS_WEIGHT))
        resum(form)
    form.pop("narrative", None)
    return "/funds/total/adjusted"


@register_injector("funds-executed-exceeds-budget")
def _funds_executed_exceeds_budget(form: dict[str, Any], rng: random.Random) -> str:
    """#7: executed > adjusted (r 101–108 %); the rate is shown right, the score capped at 10."""
    funds = form["funds"]
    adjusted = num(funds["total"]["adjusted"])
    executed = num(funds["total"]["executed"])
    current = num(funds["current"]["executed"])
    assert adjusted is not None and executed is not None and current is not None
    places = max(decimals_of(adjusted), decimals_of(executed))
    unit = Decimal(1).scaleb(-places)
    target = max((adjusted * rng.randint(101, 108) / 100).quantize(unit), adjusted + unit)
    funds["current"]["executed"] = typed_like(
        funds["current"]["executed"], current + target - executed
    )
    funds["total"]["executed"] = typed_like(funds["total"]["executed"], target)
    ratio = Fraction(target) / Fraction(adjusted) * 100
    funds["rate"] = f"{format_number(round_half_up(ratio, 2))}%"
    funds["score"] = typed_like(funds["score"], Decimal(FUNDS_WEIGHT))
    resum(form)
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = funds_text(form, rng, balance=False)
    return "/funds/total/executed"


@register_injector("funds-cell-blank")
def _funds_cell_blank(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #1: the 年度资金总额 row's 执行率 or 得分 left blank while 预算数 and 执行数 are
    filled (the total score then cannot be checked against it: that rule stands aside)."""
    column = rng.choice(("rate", "score"))
    form["funds"][column] = rng.choice(("", U3000, None))
    return f"/funds/{column}"


@register_injector("funds-row-executed-exceeds-budget")
def _funds_row_executed_exceeds_budget(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #5: a source row spends more than its budget while the total row does not:
    part of 当年财政拨款's budget and more of its spending move to 其他资金 (the totals stay)."""
    funds = form["funds"]
    current, other = funds["current"], funds["other"]
    adjusted, executed = num(current["adjusted"]), num(current["executed"])
    assert adjusted is not None and executed is not None
    places = max(decimals_of(adjusted), decimals_of(executed), 0)
    unit = Decimal(1).scaleb(-places)
    moved = max((adjusted * rng.randint(5, 15) / 100).quantize(unit), unit * 10)
    extra = max((moved * rng.randint(10, 40) / 100).quantize(unit), unit * 2)
    # 其他资金 gains what moved and spends more than its budget: on top of its own figures
    # where it has them (then it must spend beyond what it left unspent)
    own_adjusted, own_executed = num(other["adjusted"]), num(other["executed"])
    has_own = own_adjusted is not None and own_executed is not None
    if has_own:
        assert own_adjusted is not None and own_executed is not None
        extra = max(extra, own_adjusted - own_executed + unit * 2)
    if executed - moved - extra < 0:
        raise ValueError("当年财政拨款 spent too little to move")
    current["adjusted"] = typed_like(current["adjusted"], adjusted - moved)
    current["executed"] = typed_like(current["executed"], executed - moved - extra)
    if has_own:
        assert own_adjusted is not None and own_executed is not None
        other["adjusted"] = typed_like(other["adjusted"], own_adjusted + moved)
        other["executed"] = typed_like(other["executed"], own_executed + moved + extra)
    else:
        other["adjusted"] = format_number(moved)
        other["executed"] = format_number(moved + extra)
        if num(current["initial"]) is not None:
            other["initial"] = None
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = funds_text(form, rng, balance=True)
    return "/funds/other/executed"


@register_injector("funds-rate-truncated")
def _funds_rate_truncated(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #3: the rate truncated to two decimals where rounding half up gives another
    figure (97.80% for 97.8086 %); the spending is nudged by a few units of its last place
    until the two differ, and the score agrees with the exact rate."""
    funds = form["funds"]
    total, current = funds["total"], funds["current"]
    adjusted, executed = num(total["adjusted"]), num(total["executed"])
    spent_here = num(current["executed"])
    assert adjusted is not None and executed is not None and spent_here is not None
    places = max(decimals_of(executed), 2)
    for nudged in (
        executed - Decimal(1).scaleb(-digits) * step
        for digits in (places, places + 1, places + 2)  # finer where the budget is small
        for step in range(1, 200)
    ):
        ratio = Fraction(nudged) / Fraction(adjusted) * 100
        if 0 < ratio < 100 and round_half_up(ratio, 2) != truncate(ratio, 2):
            break
    else:
        raise ValueError("no spending near this one gives a rate whose truncation differs")
    total["executed"] = typed_like(total["executed"], nudged)
    current["executed"] = typed_like(current["executed"], spent_here - (executed - nudged))
    exact_funds_score(form)
    funds["rate"] = f"{truncate(ratio, 2):.2f}%"
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = funds_text(form, rng, balance=True)
    return "/funds/rate"


@register_injector("total-score-blank")
def _total_score_blank(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #1: the 总分 row's score left blank while every score is filled."""
    total = form.get("total")
    if not isinstance(total, dict):
        raise ValueError("this form has no total row")
    total["score"] = rng.choice(("", U3000, None))
    return "/total/score"


@register_injector("funds-total-row-empty")
def _funds_total_row_empty(
    form: dict[str, Any], rng: random.Random
) -> tuple[str, frozenset[tuple[str, str]]]:
    """Issue 15 #4: the 年度资金总额 row typed 0 or left blank while the source rows keep their
    figures (池州 2022), and its rate or its score typed 0 beside it. The total row's own
    cells are funds-rows-sum-mismatch's findings, which the defect cannot come without."""
    funds = form["funds"]
    empty = rng.choice(("0", Decimal(0), "", U3000))
    also = set()
    for column in ("initial", "adjusted", "executed"):
        if num(funds["total"][column]) is not None:
            funds["total"][column] = empty
            also.add(("funds-rows-sum-mismatch", f"/funds/total/{column}"))
    column = rng.choice(("rate", "score"))
    funds[column] = typed_like(funds[column], Decimal(0)) if column == "score" else "0%"
    if column == "score":
        resum(form)
    form.pop("narrative", None)  # it quotes the total row
    return f"/funds/{column}", frozenset(also)


@register_injector("outputs-complete-funds-unspent")
def _outputs_complete_funds_unspent(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #12: 30–55 % of the budget spent (rate and score follow), yet every output row
    (产出, cost rows excepted) reports exactly its target, at full marks."""
    rows = form["indicators"]
    outputs = [
        i for i in named_rows(form)
        if str(rows[i].get("level1", "")).startswith("产出")
        and "成本" not in str(rows[i].get("level2", ""))
        and read_cell(rows[i].get("target")).kind in ("number", "quantity")
    ]  # fmt: skip
    if len(outputs) < 2:
        raise ValueError("this form has fewer than two output rows with a figure as target")
    for i in outputs:
        row = rows[i]
        target = read_cell(row["target"])
        assert target.value is not None
        text = format_number(target.value)
        if row.get("nature") is None:  # else the unit is in its own column
            text += "%" if target.percent else (target.unit or "")
        if target.comparator in (">", "<"):  # met exactly: "≥"/"≤" makes it a target met
            row["target"] = ("≥" if target.comparator == ">" else "≤") + text
        nature = str(row.get("nature") or "").strip()
        if nature in (">", "<", "大于", "小于", "高于", "低于"):  # the same in the 指标性质 column
            row["nature"] = "≥" if nature in (">", "大于", "高于") else "≤"
        old = plain_text(row.get("actual"))
        row["actual"], row["deviation"] = text, ""
        _requote_goals(form, row, "actual", old)
        row["score"] = row["weight"]
        name = re.escape(str(row["name"]))
        for section in form.get("narrative", []):
            section["text"] = re.sub(f"截至年底，{name}实际完成[^。]*。", "", section["text"])
    funds = form["funds"]
    total, current = funds["total"], funds["current"]
    adjusted, executed = num(total["adjusted"]), num(total["executed"])
    spent_here = num(current["executed"])
    assert adjusted is not None and executed is not None and spent_here is not None
    places = max(decimals_of(adjusted), decimals_of(executed), 0)
    spent = (adjusted * rng.randint(30, 55) / 100).quantize(Decimal(1).scaleb(-places))
    if spent_here - (executed - spent) < 0:
        raise ValueError("the spending to take away is not all in 当年财政拨款")
    total["executed"] = typed_like(total["executed"], spent)
    current["executed"] = typed_like(current["executed"], spent_here - (executed - spent))
    ratio = Fraction(spent) / Fraction(adjusted) * 100
    funds["rate"] = f"{format_number(round_half_up(ratio, 2))}%"
    exact_funds_score(form)
    resum(form)
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = funds_text(form, rng, balance=True)
    return "/indicators"
