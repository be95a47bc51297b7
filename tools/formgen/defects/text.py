"""Injectors of defects in the report text (the narrative): catalogue checks #39–#43, and
issue 15 #6 (a budget changed without a reason) and #7 (listed amounts that do not add up)."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Any

from evallint.domain.cells import read_cell
from evallint.domain.narrative import stated_for
from tools.formgen.defects.base import named_rows, register_injector, typed_like
from tools.formgen.narrative import GRADE_RE, build_narrative, funds_text, mentionable
from tools.formgen.numbers import (
    amount_of,
    chance,
    decimals_of,
    format_number,
    num,
    plain_text,
    units_of,
)
from tools.formgen.vocabulary import ITEMS


def _ensure_narrative(form: dict[str, Any], rng: random.Random) -> None:
    if not form.get("narrative"):
        form["narrative"] = build_narrative(form, rng)


@register_injector("narrative-funds-mismatch")
def _narrative_funds_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#39: the report text quotes an 支出 figure 3–20 万元 off the form's total.executed."""
    _ensure_narrative(form, rng)
    executed = num(form["funds"]["total"]["executed"])
    assert executed is not None
    wrong = executed - rng.randint(3, 20) if executed > 25 else executed + rng.randint(3, 20)
    section = form["narrative"][0]
    section["text"] = section["text"].replace(
        f"支出{format_number(executed)}万元", f"支出{format_number(wrong)}万元"
    )
    section["text"] = section["text"].replace(
        f"执行{format_number(executed)}万元", f"执行{format_number(wrong)}万元"
    )
    return "/narrative/0/text"


@register_injector("narrative-items-sum-mismatch")
def _narrative_items_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#40: one item amount 1–10 万元 higher, so Σ amount ≠ total.adjusted (and ≠ executed)."""
    _ensure_narrative(form, rng)
    items = [k for k, s in enumerate(form["narrative"]) if "amount" in s]
    assert len(items) >= 2, "a generated narrative splits the budget into 2–4 items"
    k = rng.choice(items)
    amount = num(form["narrative"][k]["amount"])
    assert amount is not None
    form["narrative"][k]["amount"] = amount + rng.randint(1, 10)
    return "/narrative"


@register_injector("narrative-value-mismatch")
def _narrative_value_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#41 (info): a figure quoted for an indicator in the text differs from its actual (S1:
    办结率95.59% in the text, 95.66% in the table). When the text quotes nothing, a quote is
    added first (for a form whose units sit in their own column, the actual is respelled with
    its unit, 96.5 → 96.5%, which changes nothing it means)."""
    _ensure_narrative(form, rng)
    quote = re.compile(r"截至年底，(.+?)实际完成([0-9.]+)")
    quoted = [k for k, s in enumerate(form["narrative"]) if quote.search(s.get("text", ""))]
    if not quoted:
        mentions = mentionable(form) or mentionable(form, strict=False)
        if not mentions:
            rows = form["indicators"]
            columned = [
                i for i in named_rows(form)
                if read_cell(rows[i].get("actual")).kind == "number"
                and read_cell(rows[i].get("unit")).kind != "blank"
                and "元" not in str(rows[i].get("unit"))
            ]  # fmt: skip
            if not columned:
                raise ValueError("this form has no indicator a narrative can quote")
            i = rng.choice(columned)
            rows[i]["actual"] = f"{plain_text(rows[i]['actual'])}{plain_text(rows[i]['unit'])}"
            mentions = [(i, str(rows[i]["name"]), plain_text(rows[i]["actual"]))]
        _, name, actual = rng.choice(mentions)
        form["narrative"].insert(1, {"heading": "（一）项目实施情况",
                                     "text": f"截至年底，{name}实际完成{actual}。"})  # fmt: skip
        quoted = [1]
    k = rng.choice(quoted)
    text = form["narrative"][k]["text"]
    match = quote.search(text)
    assert match is not None
    value = Decimal(match[2])
    wrong = value - 1 if value > 2 else value + 1
    form["narrative"][k]["text"] = (
        text[: match.start(2)] + format_number(wrong) + text[match.end(2) :]
    )
    return f"/narrative/{k}/text"


@register_injector("grade-mismatch")
def _grade_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#42: the 自评等级 in the text is not the band of total.score (90/80/60)."""
    _ensure_narrative(form, rng)
    for k, section in enumerate(form["narrative"]):
        match = GRADE_RE.search(section.get("text", ""))
        if match:
            wrong = rng.choice([g for g in "优良中差" if g != match[2]])
            text = section["text"]
            section["text"] = text[: match.start(2)] + wrong + text[match.end(2) :]
            return f"/narrative/{k}/text"
    raise AssertionError("the narrative has no grade sentence")


@register_injector("narrative-missing-sections")
def _narrative_missing_sections(form: dict[str, Any], rng: random.Random) -> str:
    """#43 (info): the report text without its 存在问题 and 改进措施 / 下一步 sections."""
    _ensure_narrative(form, rng)
    form["narrative"] = [
        s for s in form["narrative"]
        if s.get("heading") not in ("二、存在的问题", "三、下一步改进措施")
    ]  # fmt: skip
    return "/narrative"


def _funds_section(form: dict[str, Any]) -> dict[str, Any]:
    """The section of the report text about the funds (一、项目资金收支情况)."""
    sections: list[dict[str, Any]] = form["narrative"]
    for section in sections:
        if section.get("heading") == "一、项目资金收支情况":
            return section
    raise ValueError("the report text has no funds section")


@register_injector("budget-change-unexplained")
def _budget_change_unexplained(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #6: 年初预算数 ≠ 全年预算数 and the report text says nothing of the change. A
    form whose budget did not change gets a 年初预算数 for 当年财政拨款 5–20 % below its
    全年预算数 (the total's follows, so the column adds up); the funds section is written again
    from the form, without the sentence that gave the reason (年中追加/调减预算资金 …)."""
    _ensure_narrative(form, rng)
    funds = form["funds"]
    total, current, carryover = funds["total"], funds["current"], funds["carryover"]
    adjusted, initial = num(total["adjusted"]), num(total["initial"])
    assert adjusted is not None
    carried = num(carryover["adjusted"]) if num(carryover["initial"]) is None else None
    if initial is None or adjusted - initial == (carried or 0):
        budget = num(current["adjusted"])
        assert budget is not None
        unit = Decimal(1).scaleb(-decimals_of(budget))
        cut = max((budget * rng.randint(5, 20) / 100).quantize(unit), unit)
        current["initial"] = typed_like(current["adjusted"], budget - cut)
        rows = [row for key, row in funds.items() if key != "total" and isinstance(row, dict)]
        initials = [num(row.get("initial")) for row in rows]
        total["initial"] = typed_like(
            total["adjusted"], sum((n for n in initials if n is not None), Decimal(0))
        )
    _funds_section(form)["text"] = funds_text(form, rng, explain_change=False)
    return "/funds/total/adjusted"


def _split(amount: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``amount`` cut into ``parts`` figures of its decimals, none below a third of its share."""
    places = decimals_of(amount)
    while units_of(amount, places) < parts * 6:  # a small amount: its parts to finer decimals
        places += 1
    units = units_of(amount, places)
    least = units // (parts * 3)
    rest = units - least * parts
    cuts = sorted(rng.randint(0, rest) for _ in range(parts - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, rest], strict=True)]
    return [amount_of(least + share, places) for share in shares]


def _misadded(amount: Decimal, rng: random.Random) -> tuple[list[str], str]:
    """2–3 parts of ``amount``, one of them a unit of its last decimal (or 1 万元) short, as
    the parts and the total a person writes (30、30、29.99 ⇒ 共计90)."""
    parts = _split(amount, rng.randint(2, 3), rng)
    k = rng.randrange(len(parts))
    unit = Decimal(1).scaleb(-max(decimals_of(part) for part in parts))
    parts[k] -= Decimal(1) if chance(rng, 40) and min(parts) > 2 else unit
    items = rng.sample(ITEMS, len(parts))
    listed = [f"{item}{format_number(part)}万元" for item, part in zip(items, parts, strict=True)]
    return listed, f"{format_number(amount)}万元"


@register_injector("text-sum-mismatch")
def _text_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #7: the funds section lists the spending item by item and states the 全年执行数
    as their total (资金具体用于A…万元、B…万元，共计支出…万元), while one item is a unit of its
    last decimal (or 1 万元) short: the items do not add up to the total the text states."""
    _ensure_narrative(form, rng)
    executed = num(form["funds"]["total"]["executed"])
    assert executed is not None
    parts, stated = _misadded(executed, rng)
    section = _funds_section(form)
    section["text"] += f"资金具体用于{'、'.join(parts)}，共计支出{stated}。"
    return f"/narrative/{form['narrative'].index(section)}/text"


@register_injector("goals-sum-mismatch")
def _goals_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #7: the 实际完成情况 of the 年度总体目标 starts with the money spent, item by item,
    and their total, the 全年执行数 (全年使用资金A…万元、B…万元，合计…万元；), one item a unit of
    its last decimal (or 1 万元) short."""
    goals = form.get("goals")
    if not isinstance(goals, dict) or read_cell(goals.get("actual")).kind != "text":
        raise ValueError("this form has no 实际完成情况 text")
    executed = num(form["funds"]["total"]["executed"])
    assert executed is not None
    parts, stated = _misadded(executed, rng)
    goals["actual"] = f"全年使用资金{'、'.join(parts)}，合计{stated}；{goals['actual']}"
    return "/goals/actual"


@register_injector("goals-value-mismatch")
def _goals_value_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #7: the 年度总体目标 quotes an indicator by its full name with a figure one unit
    of its last digit off the table's (实际完成情况 against 实际完成值, else 预期目标 against
    年度指标值): 培训合格率97% where the table has 98%. Goals in prose that quote no row get
    the quote at the end of their 实际完成情况 (…，全年培训合格率97%。)."""
    goals = form.get("goals")
    if not isinstance(goals, dict):
        raise ValueError("this form has no 年度总体目标")
    rows = form["indicators"]
    names = [str(rows[i]["name"]) for i in named_rows(form)]
    readable = []  # rows the rule reads: a name inside no other, a figure with its unit or %

    def quote(i: int, column: str) -> str:
        return f"{rows[i]['name']}{plain_text(rows[i][column])}"

    for i in named_rows(form):
        for column in ("actual", "target"):
            cell = read_cell(rows[i][column])
            if (
                sum(str(rows[i]["name"]) in other for other in names) == 1
                and cell.kind in ("number", "quantity")
                and (cell.percent or cell.unit)
                and stated_for([quote(i, column)], str(rows[i]["name"]), cell)  # the rule reads it
            ):
                readable.append((i, column))
    for field, column in (("actual", "actual"), ("expected", "target")):
        text = goals.get(field)
        if not isinstance(text, str) or read_cell(text).kind != "text":
            continue
        quoted = []
        for i in (i for i, col in readable if col == column):
            figure = plain_text(rows[i][column])
            name = re.escape(str(rows[i]["name"]))
            found = re.search(f"{name}(?:为|达到)?{re.escape(figure)}", text)
            if found:
                quoted.append((found.end() - len(figure), found.end(), figure))
        if quoted:
            start, end, figure = rng.choice(quoted)
            goals[field] = text[:start] + _one_off(figure) + text[end:]
            return f"/goals/{field}"
    actuals = [i for i, column in readable if column == "actual"]
    if not actuals or read_cell(goals.get("actual")).kind != "text":
        raise ValueError("this form has no row whose figure the 年度总体目标 could quote")
    i = rng.choice(actuals)
    said = f"全年{rows[i]['name']}{_one_off(plain_text(rows[i]['actual']))}。"
    goals["actual"] = str(goals["actual"]).rstrip("。") + "，" + said
    return "/goals/actual"


def _one_off(figure: str) -> str:
    """``figure`` with its number one unit of its last digit lower (higher when that is 0)."""
    number = re.search(r"\d+(?:\.\d+)?", figure)
    assert number is not None
    value = Decimal(number[0])
    step = Decimal(1).scaleb(-decimals_of(value))
    wrong = format_number(value - step if value - step > 0 else value + step)
    return figure[: number.start()] + wrong + figure[number.end() :]
