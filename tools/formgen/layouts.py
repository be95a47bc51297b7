"""A generated national form as another layout family prints it (docs/layouts.md).

``as_layout(form, name)`` leaves out the boxes the family does not print, gives
the funds block the family's points (20 on a Hubei or transfer-payment form,
none on an unscored county form) with the total that follows, and names the
layout. The form stays correct: the no-noise test runs the pack on it.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tools.formgen.numbers import round_half_up

Form = dict[str, Any]

# the families a generated form can be turned into (the others need rows of their own)
LAYOUTS = (
    "national-2020",
    "target-self-evaluation",
    "sichuan-2023",
    "hubei-2021",
    "county-special",
    "transfer-regional",
)


def as_layout(form: Form, name: str) -> Form:
    """A copy of ``form`` laid out as the family ``name``."""
    data = copy.deepcopy(form)
    data["format"] = "evallint.report/1.1"
    data["layout"] = name
    if name == "national-2020":
        return data
    rows = [row for row in data["funds"].values() if isinstance(row, dict)]
    for row in rows:
        row.pop("initial", None)  # no 年初 column on any of these
    if name == "target-self-evaluation":
        return data
    if name == "sichuan-2023":
        data["funds"]["reason"] = None
        return data
    indicators = [row for row in data["indicators"] if isinstance(row, dict)]
    data.pop("categories", None)
    if name == "county-special":
        for key in ("weight", "score"):
            data["funds"].pop(key, None)
        for row in indicators:
            row.pop("weight", None)
            row.pop("score", None)
        data.pop("total", None)
        return data
    # hubei-2021, transfer-regional: the funds block carries 20 points; no 分值 or 偏差 column.
    # Their totals grow by the funds block's extra points: the report text, which quotes the
    # grade of the 10-point total, is left out.
    if name == "hubei-2021":
        data.pop("goals", None)
    data.pop("narrative", None)
    for row in indicators:
        row.pop("weight", None)
        row.pop("deviation", None)
    funds = data["funds"]
    old_score = _number(funds.get("score"))
    if name == "hubei-2021":  # 得分(20分×执行率): the points are in the label, no 分值 box
        funds.pop("weight", None)
    else:
        funds["weight"] = _like(funds.get("weight"), Decimal(20))
    ratio = _ratio(funds.get("total"))
    if old_score is not None and ratio is not None:
        places = max(0, -old_score.as_tuple().exponent)  # type: ignore[operator]
        new_score = round_half_up(min(ratio, Fraction(1)) * 20, places)  # 20 × rate
        funds["score"] = _like(funds.get("score"), new_score)
        total = data.get("total")
        if isinstance(total, dict):
            total_score = _number(total.get("score"))
            if total_score is not None:
                total["score"] = _like(total["score"], total_score + new_score - old_score)
            total_weight = _number(total.get("weight"))
            if total_weight is not None:
                total["weight"] = _like(total["weight"], total_weight + 10)
    return data


def _ratio(row: Any) -> Fraction | None:
    """全年执行数 ÷ 全年预算数 of the total row, exactly."""
    if not isinstance(row, dict):
        return None
    adjusted, executed = _number(row.get("adjusted")), _number(row.get("executed"))
    if adjusted is None or executed is None or adjusted == 0:
        return None
    return Fraction(executed) / Fraction(adjusted)


def _number(cell: Any) -> Decimal | None:
    if isinstance(cell, Decimal):
        return cell
    if isinstance(cell, str):
        text = cell.strip().replace("分", "")
        try:
            return Decimal(text)
        except ArithmeticError:
            return None
    return None


def _like(cell: Any, value: Decimal) -> Any:
    """``value`` typed as ``cell`` was: a number, or text (with 分 if it had it)."""
    if isinstance(cell, str):
        return f"{value}分" if cell.strip().endswith("分") else str(value)
    return value
