"""Injectors of defects in the report text (the narrative): catalogue checks #39–#43."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Any

from evallint.domain.cells import read_cell
from tools.formgen.defects.base import named_rows, register_injector
from tools.formgen.narrative import GRADE_RE, build_narrative, mentionable
from tools.formgen.numbers import format_number, num, plain_text


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
