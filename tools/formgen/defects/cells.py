"""Injectors of defects in the indicator cells, the weights and the score sums: #8–#14."""

from __future__ import annotations

import copy
import math
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

from evallint.domain.cells import read_cell
from tools.formgen.defects.base import (
    _deviation_text,
    _full,
    _met_rows,
    _miss_quoted,
    _pick_row,
    _row_cells,
    _set_score,
    _slack,
    _tidy,
    named_rows,
    register_injector,
    resum,
    typed_like,
)
from tools.formgen.narrative import refresh_conclusion
from tools.formgen.numbers import chance, num, plain_text
from tools.formgen.vocabulary import COSTS, U3000


@register_injector("indicator-cell-blank")
def _indicator_cell_blank(form: dict[str, Any], rng: random.Random) -> str:
    """#8: a named row's actual left blank (not a 满意度 row, whose value rules would also ask),
    or (issue 15 #1) its score."""
    rows = [i for i in named_rows(form) if form["indicators"][i]["level1"] != "满意度指标"]
    i = _pick_row(form, rng, rows, "named row")
    column = rng.choice(("actual", "score"))
    form["indicators"][i][column] = rng.choice(("", U3000, None, "/"))
    return f"/indicators/{i}/{column}"


@register_injector("indicator-unnamed-row-filled")
def _indicator_unnamed_row_filled(form: dict[str, Any], rng: random.Random) -> str:
    """#9: a row without a name carries an actual value (a value without an indicator)."""
    blank = [i for i, row in enumerate(form["indicators"])
             if read_cell(row.get("name")).kind == "blank"]  # fmt: skip
    if blank:
        i = rng.choice(blank)
    else:
        rows = form["indicators"]
        i = max(k for k, row in enumerate(rows) if row["level1"] == "效益指标") + 1
        rows.insert(i, {"level1": "效益指标", "level2": "生态效益指标", "name": "", "target": "",
                        "actual": "", "weight": "", "score": "", "deviation": ""})  # fmt: skip
    form["indicators"][i]["actual"] = "完成"
    return f"/indicators/{i}/name"


@register_injector("indicator-score-exceeds-weight")
def _indicator_score_exceeds_weight(form: dict[str, Any], rng: random.Random) -> str:
    """#10: score = weight + 1 on a met quantitative row. The row carries an explanation, so
    quant-score-inconsistent (#20: only without deviation text) stays quiet; total follows."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    weight = num(row["weight"])
    assert weight is not None
    _set_score(row, weight + 1)
    row["deviation"] = "超额完成年度任务，酌情加分；下一步将合理设置指标值。"
    resum(form)
    return f"/indicators/{i}/score"


_NUMERALS = "零一二三四五六七八九"


def _chinese(number: int) -> str:
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + ("" if ones == 0 and tens else _NUMERALS[ones])


@register_injector("indicator-number-invalid")
def _indicator_number_invalid(form: dict[str, Any], rng: random.Random) -> str:
    """#11: a named row's score is not a number (written in Chinese numerals, or 满分)."""
    i = _pick_row(form, rng, [k for k in named_rows(form) if _full(form["indicators"][k])], "row")
    row = form["indicators"][i]
    weight = num(row["weight"])
    assert weight is not None
    whole = weight == weight.to_integral_value() and 0 < weight < 100
    row["score"] = _chinese(int(weight)) if whole and chance(rng, 70) else "满分"
    return f"/indicators/{i}/score"


@register_injector("weights-sum-mismatch")
def _weights_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#12: total.weight no longer equals funds.weight + Σ named weights, by more than the
    rounding the typed weights allow (2.5 stands for [2.45, 2.55))."""
    rows = form["indicators"]
    cells = [form["funds"]["weight"], form["total"]["weight"]]
    cells += [rows[i]["weight"] for i in named_rows(form)]
    off = math.floor(_slack(cells)) + rng.randint(5, 10)
    wrong = Decimal(100 + off if chance(rng, 50) else 100 - off)
    form["total"]["weight"] = typed_like(form["total"]["weight"], wrong)
    return "/total/weight"


@register_injector("category-weight-mismatch")
def _category_weight_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#13: the cost rows filed under a level 1 of their own, 成本指标 (the 2021 template,
    level 2 经济成本指标), while categories still gives 产出指标 50: 产出 no longer adds up.
    Weights still total 100 and categories keeps the national values, so only #13 fires.
    The block moved has at least two rows (#38) and more points than the typed 产出 weights
    could be off by rounding; a row lent to it has an explicit comparator (a bare number under
    a 成本 level 2 would read as a ceiling)."""
    rows = form["indicators"]
    moving = [i for i in named_rows(form) if rows[i]["level2"] == "成本指标"]
    output = [i for i in named_rows(form) if rows[i]["level1"] == "产出指标" and i not in moving]
    if len(moving) == 1 and len(output) < 3:  # too few 产出 rows to lend one: split the row
        i = moving[0]
        weight = num(rows[i]["weight"])
        assert weight is not None
        half = (weight / 2).normalize()
        twin = copy.deepcopy(rows[i])
        twin["name"] = next(c[0] for c in COSTS if c[0] != rows[i]["name"])
        for row, share in ((rows[i], weight - half), (twin, half)):
            row["weight"] = typed_like(row["weight"], _tidy(share))
            _set_score(row, share)
        rows.insert(i + 1, twin)
        moving = [i, i + 1]
        output = [k + 1 if k > i else k for k in output]

    def lendable(i: int) -> bool:
        target, _ = _row_cells(rows[i])
        return target.comparator is not None or target.kind in ("range", "text")

    spare = [i for i in output[1:] if lendable(i)]
    rng.shuffle(spare)

    def moved() -> Decimal:
        return sum((num(rows[i]["weight"]) or Decimal(0) for i in moving), Decimal(0))

    def slack() -> Fraction:
        return _slack([rows[i]["weight"] for i in output if i not in moving])

    while spare and (len(moving) < 2 or moved() <= slack() + Fraction(1, 2)):
        if len([i for i in output if i not in moving]) <= 2:
            break  # 产出 keeps two rows of its own
        moving.append(spare.pop())
    for i in moving:
        rows[i]["level1"], rows[i]["level2"] = "成本指标", "经济成本指标"
    return "/categories/产出指标"


@register_injector("total-score-mismatch")
def _total_score_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#14: total.score below funds.score + Σ scores by more than the rounding of the typed
    scores allows (1–3 points beyond it); the narrative's conclusion follows the total."""
    rows = form["indicators"]
    cells = [form["funds"]["score"], form["total"]["score"]]
    cells += [rows[i]["score"] for i in named_rows(form)]
    total = num(form["total"]["score"])
    assert total is not None
    off = math.floor(_slack(cells)) + rng.randint(1, 3)
    form["total"]["score"] = typed_like(form["total"]["score"], total - off)
    refresh_conclusion(form)
    return "/total/score"


@register_injector("quant-score-inconsistent")
def _quant_score_inconsistent(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #2: a ≥ row misses its target (its deviation explained) and is scored the
    proportional score rounded up to a whole number (14 for 15 × 87 / 95 = 13.74)."""
    rows = _met_rows(form)
    rng.shuffle(rows)
    for i in [i for i in rows for _ in range(8)]:  # each row, a few misses of it
        trial = copy.deepcopy(form)
        _pick_row(trial, rng, [i], "met quantitative row")  # takes out a quote of the row
        weight = num(trial["indicators"][i]["weight"])
        assert weight is not None
        proportional = _miss_quoted(trial, rng, i)
        whole = Decimal(math.ceil(proportional))
        # beyond the rule's tolerance (weight × 0.5 % + 0.005) and not a rounding (0.05)
        if proportional + weight / 200 + Decimal("0.06") < whole < weight:
            row = trial["indicators"][i]
            _set_score(row, whole)
            row["deviation"] = _deviation_text(rng, plain_text(row["actual"]))
            form.clear()
            form.update(trial)
            resum(form)
            return f"/indicators/{i}/score"
    raise ValueError("no missed row whose whole-number score would lie above its formula")


@register_injector("category-split-nonstandard")
def _category_split_nonstandard(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #13: a form without level-1 points (the cells left out or blank) whose rows
    split the points unlike 50/30/10: a 产出 数量 row (one of two or more) is filed under
    效益指标 / 社会效益指标 instead, so its points count there (the total stays 100)."""
    rows = form["indicators"]
    counts = [i for i in named_rows(form)
              if str(rows[i].get("level1", "")).startswith("产出")
              and str(rows[i].get("level2", "")).startswith("数量")]  # fmt: skip
    if len(counts) < 2:
        raise ValueError("this form has fewer than two 数量 rows to move one from")
    i = rng.choice(counts)
    rows[i]["level1"], rows[i]["level2"] = "效益指标", "社会效益指标"
    if chance(rng, 50):
        form.pop("categories", None)
    else:
        form["categories"] = {
            name: rng.choice(("", U3000, None)) for name in form.get("categories") or {}
        }
    return "/indicators"
