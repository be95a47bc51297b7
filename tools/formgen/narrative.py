"""The report text (绩效自评报告) that goes with a form, in agreement with it.

The funds it quotes, the budget split into items, figures quoted from the indicator rows, the
problems and the measures, and the conclusion: the total score and its grade (优/良/中/差).
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Any

from evallint.domain.cells import read_cell
from tools.formgen.numbers import (
    amount_of,
    chance,
    decimals_of,
    format_number,
    plain_text,
    units_of,
)
from tools.formgen.vocabulary import IMPROVEMENTS, ITEMS, PROBLEMS, WORK

# ----------------------------------------------------------------------------- narrative

_GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
_SCORE_RE = re.compile(r"(自评得分)([0-9.]+)(分)")
GRADE_RE = re.compile(r"(自评等级为“)([优良中差])(”)")


def grade_of(score: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 (10号 bands)."""
    return next((grade for limit, grade in _GRADES if score >= limit), "差")


def _cell_amount(value: Any) -> Decimal | None:
    cell = read_cell(value)
    return cell.value if cell.kind == "number" else None


def change_text(initial: Decimal | None, adjusted: Decimal) -> str:
    """The sentence that gives the reason for a budget changed during the year (年初预算数 ≠
    全年预算数; Sichuan: 年中发生预算调整的(追加或调减)，应单独说明理由), or ``""``."""
    if initial is None or initial == adjusted:
        return ""
    change = format_number(abs(adjusted - initial))
    if adjusted > initial:
        return f"因年度工作任务增加，年中追加预算资金{change}万元。"
    return f"按照财政统一压减要求，年中调减预算资金{change}万元。"


def funds_text(
    form: dict[str, Any], rng: random.Random, *, balance: bool = True, explain_change: bool = True
) -> str:
    """The funds section: budget, spending, balance, and why the budget changed if it did."""
    total = form["funds"]["total"]
    year = int(form["year"])
    adjusted = _cell_amount(total["adjusted"])
    executed = _cell_amount(total["executed"])
    initial = _cell_amount(total["initial"])
    assert adjusted is not None and executed is not None
    places = max(decimals_of(adjusted), decimals_of(executed))
    rest = (adjusted - executed).quantize(Decimal(1).scaleb(-places))
    style = rng.randrange(3)
    if style == 0:  # as in the seed (S1)
        text = f"{year}年预算收入 {format_number(adjusted)} 万元"
        text += f"，其中年初预算{format_number(initial)}万元。" if initial is not None else "。"
        text += f"{year}年支出{format_number(executed)}万元。"
        if balance:
            text += f"结余情况：{format_number(rest)}万元。"
    elif style == 1:
        text = f"全年预算数{format_number(adjusted)}万元"
        text += f"（年初预算{format_number(initial)}万元）" if initial is not None else ""
        text += f"，全年支出{format_number(executed)}万元"
        text += f"，结余{format_number(rest)}万元。" if balance else "。"
    else:
        text = (
            f"{year}年全年预算{format_number(adjusted)}万元，实际执行{format_number(executed)}万元"
        )
        text += f"，结余{format_number(rest)}万元。" if balance else "。"
    if explain_change:  # after the first sentence, the one about the budget
        after = text.index("。") + 1
        text = text[:after] + change_text(initial, adjusted) + text[after:]
    return text


def mentionable(form: dict[str, Any], *, strict: bool = True) -> list[tuple[int, str, str]]:
    """Rows the report text may quote, with the figure to quote: an actual typed with its unit
    or percent sign (a bare number says too little to be compared), never an amount of money
    (#39 reads those), and (``strict``) a name sharing no two characters in a row with any
    other name, so a sentence about one row cannot be read as one about another."""
    rows = [
        (i, row) for i, row in enumerate(form["indicators"])
        if read_cell(row.get("name")).kind == "text"
    ]  # fmt: skip
    found = []
    for i, row in rows:
        actual = read_cell(row.get("actual"))
        if actual.kind not in ("number", "quantity") or "元" in (actual.unit or ""):
            continue
        if (not actual.percent and actual.unit is None) or row.get("level2") in (
            "时效指标",
            "成本指标",
        ):
            continue  # durations and costs: quoted figures read ambiguously
        name = str(row["name"])
        pairs = {name[k : k + 2] for k in range(len(name) - 1)}
        others = "".join(str(other["name"]) for j, other in rows if j != i)
        if strict and (any(pair in others for pair in pairs) or "满意" in name):
            continue
        found.append((i, name, plain_text(row["actual"])))
    return found


def build_narrative(form: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """A 绩效自评报告 text that agrees with the form: funds, items, figures, grade, sections."""
    funds = form["funds"]["total"]
    adjusted = _cell_amount(funds["adjusted"])
    assert adjusted is not None
    places = decimals_of(adjusted)
    sections: list[dict[str, Any]] = [
        {"heading": "一、项目资金收支情况", "text": funds_text(form, rng)}
    ]
    units = units_of(adjusted, places)
    parts = min(rng.randint(2, 4), units)
    mentions = mentionable(form)
    rng.shuffle(mentions)
    if parts >= 2:
        cuts = sorted(rng.sample(range(1, units), parts - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        for number, (item, size) in enumerate(
            zip(rng.sample(ITEMS, parts), sizes, strict=True), start=1
        ):
            text = rng.choice(WORK)
            if mentions:
                _, name, actual = mentions.pop()
                text += f"截至年底，{name}实际完成{actual}。"
            amount = amount_of(size, places)
            sections.append({
                "heading": f"{number}.“{item}”",
                "amount": amount if chance(rng, 70) else format_number(amount),
                "text": text,
            })  # fmt: skip
    sections.append({"heading": "二、存在的问题", "text": "".join(rng.sample(PROBLEMS, 2))})
    sections.append({"heading": "三、下一步改进措施", "text": "".join(rng.sample(IMPROVEMENTS, 2))})
    total = read_cell(form["total"]["score"])
    assert total.value is not None
    sections.append({
        "heading": "四、自评结论",
        "text": f"对照年度绩效目标逐项评价，自评得分{format_number(total.value)}分，"
        f"自评等级为“{grade_of(total.value)}”。",
    })  # fmt: skip
    return sections


def refresh_conclusion(form: dict[str, Any]) -> None:
    """After a change of total.score, keep the narrative's 自评得分 and 等级 in step."""
    value = read_cell(form["total"]["score"]).value
    if value is None:
        return
    shown, grade = format_number(value), grade_of(value)
    for section in form.get("narrative", []):
        text = section.get("text", "")
        if _SCORE_RE.search(text):
            text = _SCORE_RE.sub(lambda m: f"{m[1]}{shown}{m[3]}", text)
            text = GRADE_RE.sub(lambda m: f"{m[1]}{grade}{m[3]}", text)
            section["text"] = text
