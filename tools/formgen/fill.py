"""Which filler a named indicator row gets, by its level 2.

Names come from pools the form does not use yet, so no two rows share a name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tools.formgen.numbers import chance, pick
from tools.formgen.rows import (
    Ctx,
    Row,
    _cost,
    _count,
    _deadline,
    _duration,
    _eq_percent,
    _money_pos,
    _neg_percent,
    _percent,
    _qualitative,
    _range,
    _years,
)
from tools.formgen.vocabulary import (
    COUNTS,
    DEADLINES,
    DURATIONS,
    ECOLOGICAL_PCT,
    ECONOMIC,
    QUALITATIVE,
    QUALITY,
    QUALITY_NEG,
    RANGES,
    RATE_WORDS,
    SATISFACTION,
    SOCIAL_COUNTS,
    SOCIAL_PCT,
    SUSTAIN_YEARS,
    TIMELY_PCT,
)


def _fresh(ctx: Ctx, pool: Sequence[Any], key: Callable[[Any], str] = lambda x: str(x[0])) -> Any:
    """An element of ``pool`` whose name the form does not use yet, or None."""
    free = [item for item in pool if key(item) not in ctx.used]
    return ctx.rng.choice(free) if free else None


def fill_row(ctx: Ctx, row: Row, *, first: bool, lead: bool) -> None:
    """Give a named row its name, target and actual, by its level 2."""
    rng = ctx.rng
    level2 = row.level2
    done = False
    if level2 == "数量指标":
        counts = [c for c in COUNTS if c[2] >= 10] if first else COUNTS
        spec = _fresh(ctx, counts)
        if spec is not None:
            _count(ctx, row, spec, plain=first)
            done = True
    elif level2 == "质量指标":
        neg = _fresh(ctx, QUALITY_NEG)
        pool = [q for q in QUALITY if min(q[1]) >= 90 and any(w in q[0] for w in RATE_WORDS)]
        spec = _fresh(ctx, pool if first else QUALITY)
        if first or row.missed or neg is None or chance(rng, 88):
            if spec is not None:
                name, targets = spec
                if not first and not row.missed and 100 in targets and chance(rng, 25):
                    _eq_percent(ctx, row, name)
                else:
                    _percent(ctx, row, name, targets)
                done = True
        else:
            _neg_percent(ctx, row, neg[0], neg[1])
            done = True
    elif level2 == "时效指标":
        kind = pick(rng, (("duration", 35), ("range", 20), ("pct", 25), ("deadline", 20)))
        if kind == "range" and ctx.nature_mode == "symbol":
            kind = "duration"
        if kind == "duration" and (spec := _fresh(ctx, DURATIONS)) is not None:
            _duration(ctx, row, spec)
            done = True
        elif kind == "range" and (spec := _fresh(ctx, RANGES)) is not None:
            _range(ctx, row, spec)
            done = True
        elif kind == "deadline" and (name := _fresh(ctx, DEADLINES, str)) is not None:
            _deadline(ctx, row, name)
            done = True
        elif (spec := _fresh(ctx, TIMELY_PCT)) is not None:
            _percent(ctx, row, spec[0], spec[1])
            done = True
    elif level2 == "成本指标":
        total = first and chance(rng, 60)
        _cost(ctx, row, total)
        done = True
    elif level2 == "服务对象满意度指标":
        name = _fresh(ctx, SATISFACTION, str)
        if name is not None:
            _percent(ctx, row, name, (80, 85, 90, 95))
            done = True
    else:  # 效益指标
        done = _fill_benefit(ctx, row, lead=lead)
    if not done:  # the pool ran dry: a plain count row, whatever level 2 (never happens in 8–59)
        spec = _fresh(ctx, COUNTS) or _fresh(ctx, SOCIAL_COUNTS)
        _count(ctx, row, spec)
    ctx.used.add(row.name)


def _fill_benefit(ctx: Ctx, row: Row, *, lead: bool) -> bool:
    """A 效益 row; the first of the block is qualitative with a band-1 grade."""
    rng = ctx.rng
    qual = _fresh(ctx, QUALITATIVE)
    if qual is not None and (lead or row.partial or chance(rng, 30)):
        _qualitative(ctx, row, qual, grade=lead)
        return True
    level2 = row.level2
    if level2 == "经济效益指标" and (spec := _fresh(ctx, ECONOMIC)) is not None:
        _money_pos(ctx, row, spec)
        return True
    if level2 == "生态效益指标" and (spec := _fresh(ctx, ECOLOGICAL_PCT)) is not None:
        _percent(ctx, row, spec[0], spec[1])
        return True
    if level2 == "可持续影响指标" and (spec := _fresh(ctx, SUSTAIN_YEARS)) is not None:
        _years(ctx, row, spec)
        return True
    if chance(rng, 50) and (spec := _fresh(ctx, SOCIAL_PCT)) is not None:
        _percent(ctx, row, spec[0], spec[1])
        return True
    if (spec := _fresh(ctx, SOCIAL_COUNTS)) is not None:
        _count(ctx, row, spec)
        return True
    if (spec := _fresh(ctx, SOCIAL_PCT)) is not None:
        _percent(ctx, row, spec[0], spec[1])
        return True
    if qual is not None:
        _qualitative(ctx, row, qual)
        return True
    return False
