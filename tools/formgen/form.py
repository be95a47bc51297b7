"""One correct form: ``generate_form`` and ``generate_forms``.

A form is drawn from a seeded :class:`random.Random`: the header, the funds block, the
indicator rows (some targets missed, or far exceeded, and scored and explained as the
catalogue says), the goals, the category weights, the total and, on half of the forms, the
report text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tools.formgen.fill import fill_row
from tools.formgen.funds import make_funds
from tools.formgen.narrative import build_narrative
from tools.formgen.numbers import (
    chance,
    decimals_of,
    format_number,
    pick,
    plain_text,
    round_half_up,
)
from tools.formgen.plan import plan_rows, row_count, split_points
from tools.formgen.rows import Ctx, Row
from tools.formgen.typist import Typist
from tools.formgen.vocabulary import (
    CATEGORY_WEIGHTS,
    CAUSES,
    CITIES,
    DOMAINS,
    FUNDS_WEIGHT,
    LEVEL2,
    MEASURES,
)

# ------------------------------------------------------------------------------ the form


def generate_form(rng: random.Random, *, index: int = 0) -> dict[str, Any]:
    """One correct, realistic report (numbers as Decimal), drawn from ``rng``."""
    ty = Typist(rng)
    year = pick(rng, ((2021, 20), (2022, 30), (2023, 30), (2024, 20)))
    city = rng.choice(CITIES)
    bureau, implementers, projects = rng.choice(DOMAINS)
    project = rng.choice(projects)
    department = f"{city}{bureau}"
    implementer = department if chance(rng, 30) else f"{city}{rng.choice(implementers)}"
    funds, facts = make_funds(rng, ty)
    nature_mode = pick(rng, ((None, 88), ("symbol", 7), ("type", 5)))
    ctx = Ctx(rng, ty, year, nature_mode, facts["adjusted"], facts["executed"], facts["places"])
    if chance(rng, 8):  # a weak year: several targets missed by more (良 or 中 overall)
        ctx.low = 45

    counts, blank_level2, placeholders = plan_rows(rng, row_count(rng))
    rows: list[Row] = []
    for level1, level2s in LEVEL2.items():
        block: list[Row] = []
        for level2 in level2s:
            block.extend(Row(level1, level2) for _ in range(counts[level2]))
        weights = split_points(rng, CATEGORY_WEIGHTS[level1], len(block))
        for row, weight in zip(block, weights, strict=True):
            row.weight = weight
        _choose_missed(rng, block, weak=ctx.low < 70)
        for level2 in level2s:
            mine = [row for row in block if row.level2 == level2]
            for position, row in enumerate(mine):
                fill_row(ctx, row, first=position == 0, lead=row is block[0])
                _score(ctx, row)
            rows.extend(mine)
            if level2 in blank_level2:
                rows.append(_blank_row(ty, level1, level2))
            for _ in range(placeholders.count(level2)):  # a "……" row left in the template
                rows.append(_blank_row(ty, level1, level2, placeholder=True))

    short_labels = chance(rng, 5)  # 社会效益 for 社会效益指标 (S18)
    indicators = [_row_dict(row, ty, short_labels) for row in rows]
    named = [row for row in rows if row.weight is not None]
    total_score = facts["score"] + sum((row.score or Decimal(0) for row in named), Decimal(0))
    total_places = max(
        [decimals_of(facts["score"])] + [decimals_of(r.score) for r in named if r.score]
    )
    total_score = total_score.quantize(Decimal(1).scaleb(-total_places))

    form: dict[str, Any] = {}
    if chance(rng, 80):
        form["format"] = "evallint.report/1"
    form["title"] = rng.choice(
        (f"{year}年度{project}绩效自评报告", f"{department}{year}年度项目支出绩效自评表",
         f"{year}年度{project}项目支出绩效自评（{implementer}）")
    )  # fmt: skip
    form["year"] = Decimal(year)
    form["project"] = project
    form["department"] = department
    form["implementer"] = implementer
    form["unit"] = "万元"
    form["funds"] = funds
    form["goals"] = _goals(rng, year, project, named)
    form["categories"] = {key: ty.number(Decimal(value)) for key, value in CATEGORY_WEIGHTS.items()}
    form["indicators"] = indicators
    form["total"] = {
        "weight": ty.number(Decimal(FUNDS_WEIGHT + sum(CATEGORY_WEIGHTS.values()))),
        "score": ty.number(total_score),
    }
    if chance(rng, 50):
        form["narrative"] = build_narrative(form, rng)
    if chance(rng, 30):
        form["source"] = {"file": f"自评表-{index + 1:05d}.xlsx", "sheet": "项目支出绩效自评表"}
    return form


def _choose_missed(rng: random.Random, block: list[Row], *, weak: bool) -> None:
    """Some forms miss a target or two (a weak form several), or go far beyond a target set
    too low; they score and explain it as the catalogue says."""
    counts = [row for row in block[1:] if row.level2 == "数量指标"]
    if counts and chance(rng, 4):
        rng.choice(counts).over = True
    if not weak and not chance(rng, 25):
        return
    missable = [
        row for row in block
        if row.level2 in ("数量指标", "质量指标", "服务对象满意度指标")
        and row is not next(r for r in block if r.level2 == row.level2)
    ]  # fmt: skip
    partial = [
        row for row in block
        if row.level1 == "效益指标" and row is not next(r for r in block if r.level1 == "效益指标")
    ]  # fmt: skip
    missable = [row for row in missable if not row.over]
    wanted = rng.randint(2, 5) if weak else rng.randint(0, 2)
    for row in rng.sample(missable, min(len(missable), wanted)):
        row.missed = True
    if partial and chance(rng, 60 if weak else 25):
        rng.choice(partial).partial = True


def _score(ctx: Ctx, row: Row) -> None:
    """Full marks when met; w × actual / target when missed; band 2 for a partial grade."""
    assert row.weight is not None
    rng = ctx.rng
    if row.missed and row.ratio is not None:
        row.score = round_half_up(Fraction(row.weight) * row.ratio, 2).normalize()
        row.deviation = ctx.typist.text(
            f"{rng.choice(CAUSES)}，实际完成{plain_text(row.actual)}，未达到年度指标值；{rng.choice(MEASURES)}。"
        )
    elif row.over and row.ratio is None:
        row.score = round_half_up(Fraction(row.weight) * Fraction(9, 10), 2).normalize()
        row.deviation = ctx.typist.text(
            f"实际完成{plain_text(row.actual)}，实际完成情况超计划较大，主要是年初指标值设定偏低，"
            "已按偏离度适度调减分值；下一步将科学合理设置绩效指标值。"
        )
    elif row.partial and row.qualitative:
        for share in rng.sample((Fraction(65, 100), Fraction(7, 10), Fraction(75, 100)), 3):
            score = round_half_up(Fraction(row.weight) * share, 2)
            if (
                Fraction(row.weight) * Fraction(6, 10)
                <= score
                < Fraction(row.weight) * Fraction(8, 10)
            ):
                break
        row.score = score.normalize()
        row.deviation = ctx.typist.text(
            f"部分工作推进滞后，效果尚未完全显现；{rng.choice(MEASURES)}。"
        )
    else:
        row.partial = row.over = False
        row.score = row.weight
        row.deviation = "无" if chance(rng, 4) else ctx.typist.blank()
    if row.score is not None and row.score == row.score.to_integral_value():
        row.score = row.score.quantize(Decimal(1))


def _blank_row(ty: Typist, level1: str, level2: str, *, placeholder: bool = False) -> Row:
    if placeholder:
        filler: Any = "……"
        return Row(level1, level2, name="……", target=filler, actual=filler, weight=None,
                    score=None, deviation=filler, placeholder=True)  # fmt: skip
    return Row(level1, level2, name=ty.blank() or "", target=ty.blank(), actual=ty.blank(),
                deviation=ty.blank())  # fmt: skip


def _row_dict(row: Row, ty: Typist, short_labels: bool) -> dict[str, Any]:
    level2 = row.level2
    if short_labels and level2.endswith("效益指标"):
        level2 = level2.removesuffix("指标")
    named = row.weight is not None
    if named:
        assert row.weight is not None and row.score is not None
        weight: Any = ty.number(row.weight)
        if isinstance(weight, Decimal) or chance(ty.rng, 50):
            score: Any = ty.number(row.score)
        else:
            score = ty.text(format_number(row.score))
    else:
        weight = score = row.target if row.placeholder else ty.blank()
    item: dict[str, Any] = {
        "level1": row.level1,
        "level2": level2,
        "name": row.name,
        "target": row.target,
        "actual": row.actual,
        "weight": weight,
        "score": score,
        "deviation": row.deviation,
    }
    if row.nature is not None or row.unit is not None:
        item["nature"] = row.nature
        item["unit"] = row.unit
    return item


def _goals(rng: random.Random, year: int, project: str, named: list[Row]) -> dict[str, str]:
    quant = [row for row in named if not row.qualitative and row.level1 == "产出指标"]
    sat = next((row for row in named if row.level1 == "满意度指标"), None)
    picks = quant[:2] if quant else []
    if picks and sat is not None and chance(rng, 75):
        targets = "，".join(f"{row.name}{plain_text(row.target)}{_unit_of(row)}" for row in picks)
        actuals = "，".join(f"{row.name}{plain_text(row.actual)}{_unit_of(row)}" for row in picks)
        expected = f"{year}年计划{targets}，{sat.name}达到{plain_text(sat.target)}{_unit_of(sat)}。"
        actual = f"{year}年实际{actuals}，{sat.name}为{plain_text(sat.actual)}{_unit_of(sat)}。"
    else:
        expected = f"通过实施{project}，按期完成年度各项建设任务，服务对象满意度稳步提高。"
        actual = f"{project}已按计划组织实施，年度各项任务基本落实到位，项目效益逐步显现。"
    return {"expected": expected, "actual": actual}


def _unit_of(row: Row) -> str:
    """The unit column, when the form keeps units in a column of their own."""
    if isinstance(row.unit, str) and row.unit.strip() and row.nature not in (None, "定量", "定性"):
        return row.unit if row.unit != "%" else "%"
    return ""


def generate_forms(count: int, seed: int = 2024) -> Iterator[dict[str, Any]]:
    """``count`` correct forms from ``seed``: the same seed always gives the same forms."""
    rng = random.Random(seed)
    for index in range(count):
        yield generate_form(rng, index=index)
