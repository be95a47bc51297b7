"""The limit: the 13 checks written as plain, straightforward Python.

`check_report(report)` returns findings as (check_id, json_pointer) pairs.
Cells are read with cells.py; a blank or unreadable cell makes a comparison
unknown, and an unknown check produces no finding (blank is never zero).

    C1  indicator with weight and score filled: score <= weight    /indicators/i/score
    C2  indicator score >= 0                                         /indicators/i/score
    C3  funds.rate ~ total.executed / total.adjusted x 100, within 0.5 points   /funds/rate
    C4  funds.score ~ min(rate, 100) / 100 x funds.weight, within 0.05          /funds/score
    C5  total.adjusted == current + carryover + other (blanks as 0),
        when any of the three is filled                              /funds/total/adjusted
    C6  the same for executed                                        /funds/total/executed
    C7  per level1 in categories: sum of its indicator weights == categories[level1]
                                                                     /categories/<level1>
    C8  total.weight == funds.weight + sum(indicator weights)        /total/weight
    C9  total.score ~ funds.score + sum(indicator scores), within 0.05   /total/score
    C10 score < weight => deviation not blank                        /indicators/i/deviation
    C11 goals.expected and goals.actual not blank                    /goals/expected, /goals/actual
    C12 产出指标 has at least one 成本指标 row with a name            /indicators
    C13 target is a quantity with a comparator, actual a plain number in a compatible
        unit, and the actual misses the target => deviation not blank   /indicators/i/deviation

Sums (C7-C9) skip blank cells; a filled but unreadable weight or score makes the
sum unknown. Units are compatible when both have the percent flag or neither,
and the units are equal or one side has none.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cells import BLANK, NUMBER, is_blank, number, read_cell

Finding = tuple[str, str]

RATE_TOLERANCE = Decimal("0.5")
SCORE_TOLERANCE = Decimal("0.05")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
FUND_PARTS = ("current", "carryover", "other")
OUTPUT, COST = "产出指标", "成本指标"


def check_report(report: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    funds = _object(report.get("funds"))
    total_row = _object(funds.get("total"))
    rate = number(read_cell(funds.get("rate")))
    funds_weight = number(read_cell(funds.get("weight")))
    funds_score = number(read_cell(funds.get("score")))
    adjusted = number(read_cell(total_row.get("adjusted")))
    executed = number(read_cell(total_row.get("executed")))

    if rate is not None and adjusted is not None and executed is not None and adjusted != 0:
        if abs(rate - executed / adjusted * HUNDRED) > RATE_TOLERANCE:
            findings.append(("C3", "/funds/rate"))
    if rate is not None and funds_weight is not None and funds_score is not None:
        if abs(funds_score - min(rate, HUNDRED) / HUNDRED * funds_weight) > SCORE_TOLERANCE:
            findings.append(("C4", "/funds/score"))
    for check_id, column, whole in (("C5", "adjusted", adjusted), ("C6", "executed", executed)):
        if whole is not None and _parts_disagree(funds, column, whole):
            findings.append((check_id, f"/funds/total/{column}"))

    weight_sum, score_sum = ZERO, ZERO
    weights_known, scores_known = True, True
    weight_by_level1: dict[Any, Decimal] = {}
    unknown_level1: set[Any] = set()
    has_named_cost = False
    indicators = report.get("indicators")
    for index, item in enumerate(indicators if isinstance(indicators, list) else ()):
        if not isinstance(item, dict):
            continue
        level1 = item.get("level1")
        if not isinstance(level1, str):  # a list here must not crash the sums below
            level1 = None
        weight_cell, score_cell = read_cell(item.get("weight")), read_cell(item.get("score"))
        weight, score = number(weight_cell), number(score_cell)

        if weight is not None:
            weight_sum += weight
            weight_by_level1[level1] = weight_by_level1.get(level1, ZERO) + weight
        elif weight_cell.kind != BLANK:
            weights_known = False
            unknown_level1.add(level1)
        if score is not None:
            score_sum += score
        elif score_cell.kind != BLANK:
            scores_known = False

        deviation_blank = is_blank(item.get("deviation"))
        if weight is not None and score is not None:
            if score > weight:
                findings.append(("C1", f"/indicators/{index}/score"))
            elif score < weight and deviation_blank:
                findings.append(("C10", f"/indicators/{index}/deviation"))
        if score is not None and score < 0:
            findings.append(("C2", f"/indicators/{index}/score"))
        if deviation_blank and _misses_target(item.get("target"), item.get("actual")):
            findings.append(("C13", f"/indicators/{index}/deviation"))
        if level1 == OUTPUT and item.get("level2") == COST and not is_blank(item.get("name")):
            has_named_cost = True

    categories = report.get("categories")
    for level1, raw in categories.items() if isinstance(categories, dict) else ():
        expected = number(read_cell(raw))
        if expected is not None and level1 not in unknown_level1:
            if weight_by_level1.get(level1, ZERO) != expected:
                findings.append(("C7", "/categories/" + _escape(level1)))

    total = _object(report.get("total"))
    total_weight = number(read_cell(total.get("weight")))
    if total_weight is not None and funds_weight is not None and weights_known:
        if funds_weight + weight_sum != total_weight:
            findings.append(("C8", "/total/weight"))
    total_score = number(read_cell(total.get("score")))
    if total_score is not None and funds_score is not None and scores_known:
        if abs(total_score - (funds_score + score_sum)) > SCORE_TOLERANCE:
            findings.append(("C9", "/total/score"))

    goals = _object(report.get("goals"))
    for key in ("expected", "actual"):
        if is_blank(goals.get(key)):
            findings.append(("C11", f"/goals/{key}"))
    if not has_named_cost:
        findings.append(("C12", "/indicators"))
    return findings


def _parts_disagree(funds: dict[str, Any], column: str, whole: Decimal) -> bool:
    """C5/C6: the three sub-rows, blanks as 0, do not add up to the total (unknown -> False)."""
    parts_sum, any_filled = ZERO, False
    for part in FUND_PARTS:
        cell = read_cell(_object(funds.get(part)).get(column))
        if cell.kind == BLANK:
            continue
        value = number(cell)
        if value is None:
            return False
        parts_sum += value
        any_filled = True
    return any_filled and parts_sum != whole


def _misses_target(target_raw: Any, actual_raw: Any) -> bool:
    """C13: a comparator target, a plain actual in a compatible unit, and the actual misses."""
    target = read_cell(target_raw)
    if target.kind != NUMBER or target.comparator is None:
        return False
    actual = read_cell(actual_raw)
    if actual.kind != NUMBER or actual.comparator is not None or actual.percent != target.percent:
        return False
    if target.unit is not None and actual.unit is not None and target.unit != actual.unit:
        return False
    return not _meets(actual.value, target.comparator, target.value)  # type: ignore[arg-type]


def _meets(actual: Decimal, comparator: str, target: Decimal) -> bool:
    if comparator == ">=":
        return actual >= target
    if comparator == ">":
        return actual > target
    if comparator == "<=":
        return actual <= target
    if comparator == "<":
        return actual < target
    return actual == target


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _escape(key: str) -> str:
    """One RFC 6901 reference token."""
    return key.replace("~", "~0").replace("/", "~1")


def main(argv: list[str] | None = None) -> int:
    """Check report files: `python handwritten.py REPORT.json ...` prints each one's findings."""
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="*", type=Path, metavar="REPORT.json", help="report files")
    for path in parser.parse_args(argv).reports:
        report = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        print(f"{path}: {sorted(check_report(report))}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
