"""The shape of a form: its rows and how the points split over them.

How many rows a form has, how many named rows each level 2 gets, which level 2s stay as blank
template rows or keep a "……" placeholder row, and the split of a block's points over its rows.
"""

from __future__ import annotations

import random
from decimal import Decimal

from tools.formgen.numbers import chance, pick
from tools.formgen.vocabulary import MAX_ROW_WEIGHT, MAX_ROWS, MIN_ROWS

# ------------------------------------------------------------------------------- weights


def split_points(rng: random.Random, total: int, parts: int) -> list[Decimal]:
    """``total`` points over ``parts`` rows, each > 0 and <= MAX_ROW_WEIGHT, in round steps."""
    if parts == 1:
        return [Decimal(total)]
    steps = [Decimal(s) for s in ("5", "2", "1", "0.5") if total / Decimal(s) >= parts]
    step = steps[0] if chance(rng, 55) else rng.choice(steps)
    units = int(total / step)
    limit = int(MAX_ROW_WEIGHT / step)
    while True:
        if chance(rng, 25) and units % parts == 0:
            sizes = [units // parts] * parts
        else:
            cuts = sorted(rng.sample(range(1, units), parts - 1))
            sizes = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        if max(sizes) <= limit:
            weights = [step * size for size in sizes]
            return [w.quantize(Decimal(1)) if w == w.to_integral_value() else w for w in weights]


# ------------------------------------------------------------------------------- structure


def row_count(rng: random.Random) -> int:
    """8–59 rows, median about 25, a long tail of big forms."""
    if chance(rng, 50):
        return rng.randint(MIN_ROWS, 25)
    return min(rng.randint(25, MAX_ROWS), rng.randint(25, MAX_ROWS))


def plan_rows(rng: random.Random, rows: int) -> tuple[dict[str, int], list[str], list[str]]:
    """How many named rows each level 2 gets, which level 2s stay as blank template rows, and
    after which level 2s a "……" placeholder row is left; named + blank rows = ``rows``.

    Every level-1 block has at least two named rows (#38: a block of one row is flagged), the
    产出 block at least one 数量, one 质量 and one 成本 row.
    """
    blanks = min(pick(rng, ((0, 30), (1, 30), (2, 25), (3, 15))), rows - 7)
    named = rows - blanks
    satisfaction = pick(rng, ((2, 75), (3, 25))) if named >= 8 else 2
    benefit = max(2, named * rng.randint(25, 35) // 100)
    output = named - satisfaction - benefit
    while output < 3:
        benefit -= 1
        output += 1
    cost = pick(rng, ((1, 35), (2, 50), (3, 15))) if output >= 5 else 1
    quality = min(max(1, output * rng.randint(15, 30) // 100), 16)
    timely = min(output * rng.randint(0, 15) // 100, 6)
    quantity = output - cost - quality - timely
    counts = {"数量指标": quantity, "质量指标": quality, "时效指标": timely, "成本指标": cost}
    social = benefit
    others = {"经济效益指标": 0, "生态效益指标": 0, "可持续影响指标": 0}
    for key in others:
        if social > 1 and chance(rng, 45):
            others[key] = min(rng.randint(1, max(1, min(3, benefit // 4))), social - 1)
            social -= others[key]
    counts["经济效益指标"] = others["经济效益指标"]
    counts["社会效益指标"] = social
    counts["生态效益指标"] = others["生态效益指标"]
    counts["可持续影响指标"] = others["可持续影响指标"]
    counts["服务对象满意度指标"] = satisfaction
    unused = [key for key, count in counts.items() if count == 0]
    rng.shuffle(unused)
    used = [key for key, count in counts.items() if count > 0]
    placeholders = []
    for _ in range(max(0, blanks - len(unused))):  # no empty level 2 left for a blank row
        if chance(rng, 35):
            placeholders.append(rng.choice(used))
        else:
            counts["数量指标"] += 1
    return counts, unused[:blanks], placeholders
