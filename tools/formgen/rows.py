"""Indicator rows and the fillers that give a row its name, target and actual.

One filler per kind of row: a ≥ percentage, a = 100 % row, a ≤ percentage, a count, a ≤
or ≥ amount of money, a cost, a duration, a range of days, a deadline, a number of years, a
qualitative grade. Targets are typed every way real forms type them and actual values meet
them, or, for a missed row, reach 70–98 % of them (45 % and up in a weak year).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tools.formgen.numbers import amount_of, chance, format_number, pick, truncate
from tools.formgen.typist import Typist
from tools.formgen.vocabulary import (
    BAND1,
    BAND1_TIME,
    BAND2,
    COSTS,
    PROSE_ACTUALS,
    TOTAL_COST_NAMES,
)

# --------------------------------------------------------------------------------- rows


@dataclass
class Row:
    level1: str
    level2: str
    name: str = ""
    target: Any = None
    actual: Any = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: Any = None
    nature: Any = None
    unit: Any = None
    missed: bool = False
    partial: bool = False
    over: bool = False
    qualitative: bool = False
    placeholder: bool = False
    ratio: Fraction | None = None  # actual / target of a missed row


@dataclass
class Ctx:
    rng: random.Random
    typist: Typist
    year: int
    nature_mode: str | None  # None, "symbol" (指标性质 ≥ ≤ ﹦ + 度量单位) or "type" (定量/定性)
    budget: Decimal  # funds.total.adjusted
    executed: Decimal
    places: int  # decimals of amounts
    used: set[str] = field(default_factory=set)
    low: int = 70  # a missed row reaches at least this percentage of its target


def _nice(value: int) -> int:
    """Round a count the way targets are set: 1234 → 1200, 87 → 85."""
    for limit, step in ((100000, 5000), (10000, 1000), (1000, 100), (200, 10), (50, 5)):
        if value >= limit:
            return max(step, value // step * step)
    return value


def _meet_count(rng: random.Random, target: int) -> int:
    """An actual count that meets ``target`` (≥) and stays below 1.2 × target."""
    return target + rng.randint(0, target * 15 // 100)


def _pos_words(rng: random.Random, value: str, unit: str, *, bare_ok: bool) -> str:
    options: list[tuple[str, int]] = [
        (f"≥{value}{unit}", 40), (f"不少于{value}{unit}", 12), (f"{value}{unit}以上", 12),
        (f"{value}{unit}", 22), (f"至少{value}{unit}", 4), (f"不低于{value}{unit}", 6),
        (f">={value}{unit}", 2),
    ]  # fmt: skip
    if bare_ok:
        options.append((value, 12))
    return str(pick(rng, options))


def _pct_target(rng: random.Random, target: int, *, strict_ok: bool) -> tuple[str, bool]:
    """A ≥ percent target as typed, and whether it is strict (>)."""
    options: list[tuple[tuple[str, bool], int]] = [
        ((f"≥{target}%", False), 36), ((f"不低于{target}%", False), 14),
        ((f"{target}%以上", False), 14), ((f"{target}%", False), 10),
        ((f"≥ {target} %", False), 4), ((f">={target}%", False), 3),
        ((f"达到{target}%", False), 4), ((f"≥{target}百分比", False), 2),
    ]  # fmt: skip
    if strict_ok and target < 100:
        options.append(((f">{target}%", True), 13))
    result: tuple[str, bool] = pick(rng, options)
    return result


def _pct_actual(rng: random.Random, target: int, *, strict: bool) -> Decimal:
    """A percentage that meets ``target``: within 100 % and below 1.2 × target."""
    if target >= 100:
        return Decimal(100) if chance(rng, 70) else Decimal("100.00")
    low = target * 100 + (10 if strict else 0)
    high = min(10000, target * 119)
    hundredths = rng.randint(low, high)
    places = pick(rng, ((0, 30), (1, 35), (2, 35)))
    shown = truncate(Fraction(hundredths, 100), places)
    if shown * 100 < low:
        shown = Decimal(hundredths).scaleb(-2)
    return shown


def _missed_pct(rng: random.Random, target: int, low: int) -> Decimal:
    tenths = rng.randint(target * low // 10, target * 98 // 10)
    return Decimal(tenths).scaleb(-1) if tenths % 10 else Decimal(tenths // 10)


def _percent(ctx: Ctx, row: Row, name: str, targets: Sequence[int]) -> None:
    """A ≥ percentage: met (within 100 % and below 1.2 × target) or, for a missed row, not."""
    rng, ty = ctx.rng, ctx.typist
    target = rng.choice(tuple(targets))
    row.name = name
    if row.missed and target >= 100:
        target = 95
    if ctx.nature_mode == "symbol":
        strict = target < 100 and chance(rng, 10)
        text = str(target)
        row.nature, row.unit = (">" if strict else "≥"), "%"
    else:
        text, strict = _pct_target(rng, target, strict_ok=not row.missed)
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "%"
    if row.missed:
        actual = _missed_pct(rng, target, ctx.low)
        row.ratio = Fraction(actual) / target
    else:
        actual = _pct_actual(rng, target, strict=strict)
    row.target = ty.text(text)
    shown = format_number(actual) if ctx.nature_mode == "symbol" else f"{format_number(actual)}%"
    row.actual = ty.text(shown)


def _eq_percent(ctx: Ctx, row: Row, name: str) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text("100"), rng.choice(("﹦", "=")), "%"
        row.actual = ty.text(rng.choice(("100", "100.00")))
    else:
        row.target = ty.text(rng.choice(("=100%", "﹦100%", "＝100%", "=100%")))
        row.actual = ty.text(rng.choice(("100%", "100%", "100.00%")))
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "%"


def _neg_percent(ctx: Ctx, row: Row, name: str, targets: Sequence[int]) -> None:
    rng, ty = ctx.rng, ctx.typist
    target = rng.choice(tuple(targets))
    row.name = name
    # (t / 1.2, t]: not so far below a reverse target that it counts as over-achievement
    hundredths = rng.randint(target * 10000 // 120 + 1, target * 100)
    actual = Decimal(hundredths).scaleb(-2)
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(str(target)), "≤", "%"
        row.actual = ty.text(format_number(actual))
    else:
        text = pick(rng, (
            (f"≤{target}%", 60), (f"不高于{target}%", 15), (f"控制在{target}%以内", 15),
            (f"<={target}%", 10),
        ))  # fmt: skip
        row.target, row.actual = ty.text(text), ty.text(f"{format_number(actual)}%")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "%"


def _count(
    ctx: Ctx, row: Row, spec: tuple[str, str, int, int, int], *, plain: bool = False
) -> None:
    """A ≥ count. ``plain``: always a comparator word and a unit (the first 数量 row)."""
    rng, ty = ctx.rng, ctx.typist
    name, unit, low, high, places = spec
    row.name = name
    scale = 10**places
    target_units = (
        _nice(rng.randint(low, high)) * scale
        if places == 0
        else rng.randint(low * scale, high * scale)
    )
    target = amount_of(target_units, places)
    if row.missed:
        actual_units = rng.randint(target_units * ctx.low // 100, target_units * 98 // 100)
        actual_units = max(actual_units, 1)
        if actual_units >= target_units:
            actual_units = target_units - 1
        row.ratio = Fraction(actual_units, target_units)
    elif row.over:  # far above a target set too low: explained, and the score cut (10号)
        actual_units = target_units * rng.randint(130, 160) // 100
    else:
        actual_units = _meet_count(rng, target_units)
    actual = amount_of(actual_units, places)
    t_text, a_text = format_number(target), format_number(actual)
    myriad = (
        not row.missed
        and not row.over
        and not plain
        and ctx.nature_mode is None
        and places == 0
        and unit in ("册", "人次", "份", "人", "户")
        and target_units >= 10000
        and target_units % 1000 == 0
        and chance(rng, 45)
    )
    if myriad:  # 1.2万册
        target_units = target_units // 1000 * 1000
        actual_units = _meet_count(rng, target_units) // 100 * 100
        actual = amount_of(actual_units, 0)
        t_text = f"{format_number(Decimal(target_units).scaleb(-4).normalize())}万{unit}"
        if chance(rng, 50):
            a_text = f"{format_number(Decimal(actual_units).scaleb(-4).normalize())}万{unit}"
        else:
            a_text = f"{actual_units}{unit}"
        row.target = ty.text(pick(rng, ((t_text, 50), (f"≥{t_text}", 35), (f"{t_text}以上", 15))))
        row.actual = ty.text(a_text)
    elif ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(t_text), "≥", unit
        row.actual = ty.text(a_text)
    else:
        row.target = ty.text(_pos_words(rng, t_text, unit, bare_ok=not plain))
        row.actual = ty.text(a_text if chance(rng, 20) and not plain else f"{a_text}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _money_neg(ctx: Ctx, row: Row, name: str, unit: str, target: Decimal, actual: Decimal) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    t_text, a_text = format_number(target), format_number(actual)
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(t_text), "≤", unit
        row.actual = ty.text(a_text)
    else:
        options = [
            (f"≤{t_text}{unit}", 50), (f"不超过{t_text}{unit}", 15), (f"<={t_text}{unit}", 5),
        ]  # fmt: skip
        if unit == "万元":
            options += [
                (f"控制在{t_text}万元以内", 15), (f"{t_text}万元以内", 8),
                (f"控制在{t_text}万元", 7),
            ]  # fmt: skip
        row.target = ty.text(pick(rng, options))
        if unit == "万元" and ctx.nature_mode is None and chance(rng, 4):  # 万元 ↔ 元 (S6)
            row.actual = ty.text(f"{format_number((actual * 10000).normalize())}元")
        else:
            row.actual = ty.text(f"{a_text}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _cost(ctx: Ctx, row: Row, total: bool) -> None:
    """A ≤ money row; spent in (t / 1.2, t], close to the ceiling but not so far below it that
    it counts as over-achieved (#22)."""
    rng = ctx.rng
    if total:  # the whole project: ≤ the budget, spent what the funds block says
        name = next(n for n in TOTAL_COST_NAMES if n not in ctx.used)
        _money_neg(ctx, row, name, "万元", ctx.budget, ctx.executed)
        return
    name, unit, low, high = rng.choice([c for c in COSTS if c[0] not in ctx.used])
    if unit.startswith("元"):
        target_units = rng.randint(low, high)
        target = Decimal(target_units)
        actual = Decimal(rng.randint(target_units * 100 // 120 + 1, target_units))
    else:
        places = pick(rng, ((0, 50), (1, 20), (2, 30)))
        target_units = rng.randint(low * 10**places, high * 10**places)
        target = amount_of(target_units, places)
        cents = target_units * 10 ** (2 - places)
        actual = amount_of(rng.randint(cents * 100 // 120 + 1, cents), 2)
    _money_neg(ctx, row, name, unit, target, actual)


def _money_pos(ctx: Ctx, row: Row, spec: tuple[str, str, int, int, int]) -> None:
    name, unit, low, high, places = spec
    if unit != "万元":
        _count(ctx, row, spec)
        return
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    scale = 10**places
    target_units = rng.randint(low, high) * scale
    actual_units = target_units + rng.randint(0, target_units * 15 // 100)
    target, actual = amount_of(target_units, places), amount_of(actual_units, places)
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(format_number(target)), "≥", unit
        row.actual = ty.text(format_number(actual))
    else:
        row.target = ty.text(_pos_words(rng, format_number(target), unit, bare_ok=False))
        row.actual = ty.text(f"{format_number(actual)}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _duration(ctx: Ctx, row: Row, spec: tuple[str, str, tuple[int, ...]]) -> None:
    rng, ty = ctx.rng, ctx.typist
    name, unit, targets = spec
    target = rng.choice(targets)
    row.name = name
    if unit == "小时":
        tenths = rng.randint(target * 100 // 12 + 1, target * 10)
        actual = Decimal(tenths).scaleb(-1) if tenths % 10 else Decimal(tenths // 10)
    else:
        actual = Decimal(rng.randint(target * 10 // 12 + 1, target))
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(str(target)), "≤", unit
        row.actual = ty.text(format_number(actual))
    else:
        text = pick(rng, ((f"{target}{unit}内", 45), (f"≤{target}{unit}", 30),
                           (f"不超过{target}{unit}", 15), (f"{target}{unit}以内", 10)))  # fmt: skip
        row.target, row.actual = ty.text(text), ty.text(f"{format_number(actual)}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _range(ctx: Ctx, row: Row, spec: tuple[str, int, int, str]) -> None:
    rng, ty = ctx.rng, ctx.typist
    name, low, high, unit = spec
    row.name = name
    sep = pick(rng, (("-", 50), ("～", 15), ("至", 15), ("~", 10), ("—", 10)))
    row.target = ty.text(f"{low}{sep}{high}{unit}")
    actual = rng.randint(low, high)
    row.actual = ty.text(f"{actual}{unit}")
    if ctx.nature_mode is not None:
        row.nature, row.unit = "定量", unit


def _deadline(ctx: Ctx, row: Row, name: str) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    text = pick(rng, (("12月底之前完成", 40), (f"{ctx.year}年12月前完成", 30),
                       (f"{ctx.year}年11月30日前", 15), ("12月31日前完成", 15)))  # fmt: skip
    row.target, row.actual = ty.text(text), ty.text(rng.choice(BAND1_TIME))
    row.qualitative = True
    if ctx.nature_mode is not None:
        row.nature, row.unit = "定性", ctx.typist.blank()


def _years(ctx: Ctx, row: Row, spec: tuple[str, tuple[int, ...]]) -> None:
    rng, ty = ctx.rng, ctx.typist
    name, targets = spec
    target = rng.choice(targets)
    row.name = name
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(str(target)), "≥", "年"
        row.actual = ty.text(str(target))
    else:
        row.target = ty.text(pick(rng, ((f"≥{target}年", 60), (f"{target}年以上", 25),
                                         (f"不少于{target}年", 15))))  # fmt: skip
        row.actual = ty.text(f"{target}年")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "年"


def _qualitative(ctx: Ctx, row: Row, spec: tuple[str, str], *, grade: bool = False) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name, target = spec
    row.target = ty.text(target)
    row.qualitative = True
    if row.partial:
        row.actual = ty.text(rng.choice(BAND2))
    elif not grade and chance(rng, 25):
        row.actual = ty.text(rng.choice(PROSE_ACTUALS))
    else:
        row.actual = ty.text(rng.choice(BAND1))
    if ctx.nature_mode is not None:
        row.nature, row.unit = "定性", ctx.typist.blank()
