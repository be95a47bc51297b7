"""Generate synthetic reports in report format v1, deterministically, with known defects.

    python gen.py N OUT.jsonl [--seed S]          one report per line
    python gen.py N OUT_DIR --dir [--seed S]      one pretty-printed .json per report

Each report is a plausible 项目支出绩效自评表: 8-60 indicator rows, funds that
add up, weights that sum to 100, cells typed the way people type them (numbers
as numbers or strings, "　10" with U+3000, "１０", "≥90%", "100个", "≤90万元",
"完成", blanks of every kind). About 30% of reports carry 1-3 injected defects,
each one surgical: it trips exactly its own check among C1-C13 (see
handwritten.py) and nothing else. The injected ids are recorded in the report
under "x-bench": {"defects": [...]} (unknown keys are allowed by the format), so
a checker can be verified against the generator's ground truth.

Report i depends only on (seed, i): the first 500 reports of a 2000-report
file are the same as a 500-report file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

DEFECT_RATE = 0.30
DEFECT_KINDS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12", "C13")

OUTPUT, BENEFIT, SATISFACTION = "产出指标", "效益指标", "满意度指标"
QUANTITY, QUALITY, TIMELINESS, COST = "数量指标", "质量指标", "时效指标", "成本指标"
ECONOMIC, SOCIAL, ECOLOGICAL, SUSTAINABLE = (
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
)
SERVED = "服务对象满意度指标"
LEVEL1_OF = {
    QUANTITY: OUTPUT,
    QUALITY: OUTPUT,
    TIMELINESS: OUTPUT,
    COST: OUTPUT,
    ECONOMIC: BENEFIT,
    SOCIAL: BENEFIT,
    ECOLOGICAL: BENEFIT,
    SUSTAINABLE: BENEFIT,
    SERVED: SATISFACTION,
}
# How extra rows beyond the skeleton are spread over the level-2 kinds.
EXTRA_ROW_SHARE = {
    QUANTITY: 40,
    QUALITY: 20,
    TIMELINESS: 8,
    COST: 4,
    ECONOMIC: 5,
    SOCIAL: 10,
    ECOLOGICAL: 3,
    SUSTAINABLE: 5,
    SERVED: 5,
}
# (funds weight, {level1: weight}); each sums to 100.
WEIGHT_SCHEMES = [
    (70, 10, {OUTPUT: 50, BENEFIT: 30, SATISFACTION: 10}),
    (15, 10, {OUTPUT: 40, BENEFIT: 40, SATISFACTION: 10}),
    (10, 10, {OUTPUT: 60, BENEFIT: 20, SATISFACTION: 10}),
    (5, 20, {OUTPUT: 40, BENEFIT: 30, SATISFACTION: 10}),
]

CITIES = [
    "株洲市",
    "长沙市",
    "湘潭市",
    "衡阳市",
    "岳阳市",
    "常德市",
    "益阳市",
    "郴州市",
    "永州市",
    "怀化市",
    "娄底市",
    "邵阳市",
]
BUREAUS = [
    "工业和信息化局",
    "教育局",
    "农业农村局",
    "卫生健康委员会",
    "交通运输局",
    "文化旅游广电体育局",
    "人力资源和社会保障局",
    "生态环境局",
    "住房和城乡建设局",
    "民政局",
    "水利局",
    "林业局",
]
TOPICS = [
    "企业服务中心专项经费",
    "农村公路养护",
    "义务教育薄弱环节改善",
    "基本公共卫生服务",
    "高标准农田建设",
    "文化惠民演出",
    "职业技能培训",
    "污水处理设施运维",
    "智慧城市建设",
    "森林防火",
    "残疾人康复救助",
    "老年人助餐服务",
    "中小企业发展专项资金",
    "河道综合治理",
    "图书馆免费开放",
    "乡村振兴衔接资金",
]
GOALS = [
    (
        "完成年度各项工作任务，提升服务质量和群众满意度。",
        "全面完成年度目标任务，服务质量明显提升。",
    ),
    ("按计划推进项目建设，确保资金安全高效使用。", "项目按期完工并通过验收，资金使用规范。"),
    ("开展培训和宣传活动，扩大政策覆盖面。", "培训和宣传活动如期开展，政策知晓率明显提高。"),
]
DEVIATIONS = [
    "受疫情影响，部分活动延期开展，下一步将加快推进。",
    "资金到位较晚，导致进度滞后，已督促整改。",
    "因天气原因部分工程未完工，计划明年一季度完成。",
    "部分指标设置偏高，明年将科学设定目标值。",
]
PROSE_TARGETS = [
    ("助推经济发展", "营造了良好的发展环境"),
    ("建立长效机制", "建立专班，常态长效开展"),
    ("群众生活质量提高", "效果明显"),
    ("生态环境持续改善", "达成预期指标"),
    ("社会效益明显", "有效提升了群众获得感"),
    ("提升区域影响力", "影响力进一步扩大"),
]
BLANKS = [None, "", "　", " ", "　　", "\u00a0"]
# (name, unit, typical goals): a count indicator's vocabulary.
COUNT_UNITS = [
    ("开展专题培训", "场", [5, 10, 12, 20, 30]),
    ("培训人次", "人次", [200, 500, 1000, 5000, 12000]),
    ("印发宣传资料", "册", [1000, 5000, 10000, 20000]),
    ("制作宣传视频", "个", [5, 10, 11, 100]),
    ("走访服务企业", "家", [50, 100, 200, 500]),
    ("新建改造道路", "公里", [5, 10, 20, 50]),
    ("改造学校", "所", [2, 3, 5, 10]),
    ("购置设备", "台", [5, 10, 20, 50]),
    ("受益农户", "户", [100, 500, 1000, 12000]),
    ("举办活动", "次", [4, 5, 10, 12]),
]
NAME_PREFIXES = ["", "", "", "全年", "新增", "累计", "年度"]
RATE_NAMES = ["验收合格率", "培训覆盖率", "问题办结率", "设备完好率", "政策知晓率", "资金到位率"]
SATISFACTION_NAMES = ["服务对象满意度", "企业满意度", "群众满意度", "学生及家长满意度"]
TIME_NAMES = ["项目完成时限", "问题交办时限", "资金拨付时限"]
COST_NAMES = ["项目总成本", "单位培训成本", "设备采购成本"]


@dataclass
class Row:
    level2: str
    name: str = ""
    target: Any = None
    actual: Any = None
    miss_actual: Any = None  # an actual that misses a comparator target; None if the row has none
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: str = ""

    @property
    def placeholder(self) -> bool:
        return not self.name


@dataclass
class Model:
    """A report before its cells are typed: exact values, decided defects."""

    year: int
    project: str
    department: str
    goals: tuple[str, str]
    funds_weight: Decimal
    categories: dict[str, Decimal]
    adjusted: dict[str, Decimal | None]  # total/current/carryover/other
    executed: dict[str, Decimal | None]
    initial: Decimal | None
    rate: Decimal  # as stated on the form, percent points
    funds_score: Decimal
    rows: list[Row]
    defects: list[str] = field(default_factory=list)
    total_weight: Decimal | None = None
    total_score: Decimal | None = None


def fmt(value: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros: 9.40 -> "9.4", 1E+2 -> "100"."""
    return format(value.normalize(), "f")


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """A log-uniform amount in 万元 with two decimals."""
    return Decimal(round(low * (high / low) ** rng.random(), 2)).quantize(Decimal("0.01"))


# --- indicator rows -------------------------------------------------------------------------


def count_row(rng: random.Random, level2: str) -> Row:
    name, unit, goals = rng.choice(COUNT_UNITS)
    name = rng.choice(NAME_PREFIXES) + name
    goal = rng.choice(goals)
    goal_text = (
        f"{Decimal(goal) / 10_000}万{unit}"
        if goal >= 10_000 and rng.random() < 0.6
        else f"{goal}{unit}"
    )
    form = rng.random()
    if form < 0.35:
        target = goal_text  # no comparator: C13 does not apply
    elif form < 0.55:
        target = "≥" + goal_text
    elif form < 0.7:
        target = "不少于" + goal_text
    elif form < 0.85:
        target = goal_text + "以上"
    else:
        target = rng.choice([str(goal), "　" + goal_text])
    done = goal + rng.choice([0, 0, 0, goal // 10, goal // 20])
    missed = max(1, int(goal * rng.uniform(0.6, 0.97)))
    actual = count_actual(rng, done, unit)
    miss = count_actual(rng, missed, unit) if _has_comparator(target) else None
    return Row(level2, name, target, actual, miss)


def count_actual(rng: random.Random, value: int, unit: str) -> Any:
    form = rng.random()
    if form < 0.45:
        return f"{value}{unit}"
    if form < 0.65:
        return str(value)
    if form < 0.8:
        return value
    if form < 0.95:
        return f"　{value}{unit}"
    return f"{value}{unit}".translate(_FULL_WIDTH)


def rate_row(rng: random.Random, level2: str, names: list[str]) -> Row:
    name = rng.choice(names)
    goal = rng.choice([80, 85, 90, 95, 98, 100])
    pct = rng.choice(["%", "%", "%", "％"])
    if goal == 100:
        target = rng.choice(["100%", "=100%", "≥100%"])
    else:
        target = rng.choice(
            [
                f"≥{goal}{pct}",
                f"不低于{goal}{pct}",
                f"{goal}%以上",
                f">{goal}%",
                f"＞{goal}%",
                f"　>{goal}%",
                f"{goal}%",
            ]
        )
    done = (
        Decimal(rng.uniform(goal + 0.01, 100)).quantize(Decimal("0.01"))
        if goal < 100
        else Decimal(100)
    )
    if rng.random() < 0.3:
        done = done.quantize(Decimal("1")) if done.quantize(Decimal("1")) > goal else done
    missed = (Decimal(goal) - Decimal(rng.uniform(0.5, 10))).quantize(Decimal("0.1"))
    actual = rng.choice([f"{fmt(done)}%", f"　{fmt(done)}%", f"{fmt(done)}％"])
    miss = f"{fmt(missed)}%" if _has_comparator(target) else None
    return Row(level2, name, target, actual, miss)


def time_row(rng: random.Random) -> Row:
    name = rng.choice(TIME_NAMES)
    form = rng.random()
    if form < 0.3:
        days = rng.choice([3, 5, 10, 15, 30])
        return Row(
            TIMELINESS,
            name,
            rng.choice([f"≤{days}个工作日", f"{days}个工作日以内"]),
            f"{max(1, days - rng.choice([0, 1, 2]))}个工作日",
            f"{days + rng.choice([1, 2, 5])}个工作日",
        )
    if form < 0.45:
        return Row(TIMELINESS, name, "24小时内", rng.choice(["20小时", "24小时"]), "36小时")
    if form < 0.6:
        return Row(TIMELINESS, name, "　24小时内交办，5-10个工作日办结", "　完成")
    target = rng.choice(["2022年12月底前", "及时", "按时完成"])
    return Row(TIMELINESS, name, target, rng.choice(["完成", "按时完成", "　完成"]))


def cost_row(rng: random.Random, budget: Decimal) -> Row:
    name = rng.choice(COST_NAMES)
    form = rng.random()
    if form < 0.5:
        cap = budget.quantize(Decimal("1"), ROUND_CEILING) + rng.choice([0, 1, 5])
        spent = (budget * Decimal(rng.uniform(0.8, 0.99))).quantize(Decimal("0.01"))
        target = rng.choice([f"≤{cap}万元", f"不超过{cap}万元", f"{cap}万元以内"])
        actual = rng.choice([f"{fmt(spent)}万元", float(spent), f"　{fmt(spent)}"])
        return Row(COST, name, target, actual, f"{fmt(cap + rng.choice([3, 8, 20]))}万元")
    if form < 0.75:
        cap = rng.choice([200, 300, 500, 800])
        return Row(
            COST,
            "人均培训成本",
            f"≤{cap}元/人",
            f"{cap - rng.choice([0, 10, 50])}元/人",
            f"{cap + 40}元/人",
        )
    return Row(
        COST,
        name,
        rng.choice(["控制在预算内", "不超过预算"]),
        rng.choice(["控制在预算内", "未超预算"]),
    )


def benefit_row(rng: random.Random, level2: str) -> Row:
    if level2 == ECONOMIC and rng.random() < 0.5:
        goal = rng.choice([50, 100, 500, 1000])
        done = goal + rng.choice([0, 5, 20])
        return Row(level2, "带动相关产业增收", f"≥{goal}万元", f"{done}万元", f"{goal // 2}万元")
    if level2 == SOCIAL and rng.random() < 0.3:
        target = rng.choice(["≥1万人次", "不少于1万人次"])
        return Row(
            level2,
            "受益群众",
            target,
            rng.choice(["1.2万人次", "12000人次", "10500人次"]),
            "8000人次",
        )
    target, actual = rng.choice(PROSE_TARGETS)
    name = rng.choice(["发展环境", "长效机制", "群众获得感", "生态效益", "社会影响", "可持续发展"])
    return Row(level2, name, target, actual)


def make_row(rng: random.Random, level2: str, budget: Decimal) -> Row:
    if level2 == QUANTITY:
        return count_row(rng, level2)
    if level2 == QUALITY:
        return rate_row(rng, level2, RATE_NAMES)
    if level2 == SERVED:
        return rate_row(rng, level2, SATISFACTION_NAMES)
    if level2 == TIMELINESS:
        return time_row(rng)
    if level2 == COST:
        return cost_row(rng, budget)
    return benefit_row(rng, level2)


def _has_comparator(target: str) -> bool:
    """Did the form-filler write a comparator? Kept apart from cells.py on purpose: the
    ground truth should not inherit a misreading from the reader under test."""
    words = ("≥", "≤", ">", "<", "＞", "=", "不少于", "不低于", "不超过", "以上", "以内", "内")
    return any(word in target for word in words)


_FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})


def split_weight(rng: random.Random, total: Decimal, count: int) -> list[Decimal]:
    """Split a category's weight over its rows: whole points where possible, else halves."""
    step = Decimal(1)
    while total / step < count:
        step /= 2
    units = int(total / step)
    shares = [units // count] * count
    for index in rng.sample(range(count), units - sum(shares)):
        shares[index] += 1
    for _ in range(count):  # uneven but still positive, as real forms are
        a, b = rng.randrange(count), rng.randrange(count)
        move = rng.randint(0, shares[a] - 1)
        shares[a] -= move
        shares[b] += move
    return [share * step for share in shares]


# --- one report -------------------------------------------------------------------------------


def build_model(rng: random.Random) -> Model:
    defects: list[str] = []
    if rng.random() < DEFECT_RATE:
        defects = sorted(rng.sample(DEFECT_KINDS, rng.choice([1, 1, 2, 3])), key=DEFECT_KINDS.index)
    _, funds_weight, categories = rng.choices(
        WEIGHT_SCHEMES, weights=[s[0] for s in WEIGHT_SCHEMES]
    )[0]
    budget = money(rng, 3, 8000)

    # Funds: the total splits into current / carryover / other.
    adjusted: dict[str, Decimal | None] = {
        "total": budget,
        "current": budget,
        "carryover": None,
        "other": None,
    }
    if rng.random() < 0.25:
        carry = (budget * Decimal(rng.uniform(0.05, 0.4))).quantize(Decimal("0.01"))
        adjusted.update(current=budget - carry, carryover=carry)
    elif rng.random() < 0.1:
        other = (budget * Decimal(rng.uniform(0.05, 0.3))).quantize(Decimal("0.01"))
        adjusted.update(current=budget - other, other=other)
    ratio = Decimal(rng.uniform(1.0, 1.05) if rng.random() < 0.03 else rng.uniform(0.55, 1.0))
    spent = (budget * ratio).quantize(Decimal("0.01"))
    executed: dict[str, Decimal | None] = {
        "total": spent,
        "current": None,
        "carryover": None,
        "other": None,
    }
    rest = spent
    parts = [part for part in ("carryover", "other") if adjusted[part] is not None]
    for part in parts:
        executed[part] = (adjusted[part] * ratio).quantize(Decimal("0.01"))  # type: ignore[operator]
        rest -= executed[part]  # type: ignore[operator]
    executed["current"] = rest
    places = rng.choice([0, 0, 1, 2])
    rate = (spent / budget * 100).quantize(Decimal(1).scaleb(-places))

    # Rows: a skeleton of every level-2 kind, then extra rows where forms have them.
    count = int(rng.triangular(8, 60, 14))
    kinds = list(LEVEL1_OF)  # in form order
    real = {kind: 1 for kind in kinds}
    real[ECONOMIC] = rng.choice([0, 1])
    real[ECOLOGICAL] = rng.choice([0, 0, 1])
    if "C12" in defects:
        real[COST] = 0
    placeholders = {
        kind for kind in (ECONOMIC, ECOLOGICAL, COST) if real[kind] == 0 and rng.random() < 0.6
    }
    growing = [kind for kind in EXTRA_ROW_SHARE if real[kind]]
    extra = max(0, count - sum(real.values()) - len(placeholders))
    for kind in rng.choices(growing, weights=[EXTRA_ROW_SHARE[k] for k in growing], k=extra):
        real[kind] += 1
    rows: list[Row] = []
    for kind in kinds:
        rows.extend(make_row(rng, kind, budget) for _ in range(real[kind]))
        if kind in placeholders:
            rows.append(Row(kind))

    for level1, weight in categories.items():
        mine = [row for row in rows if LEVEL1_OF[row.level2] == level1 and not row.placeholder]
        for row, share in zip(mine, split_weight(rng, Decimal(weight), len(mine)), strict=True):
            row.weight = row.score = share

    # Some targets are honestly missed: lower score, explained.
    for row in rows:
        if row.miss_actual is not None and rng.random() < 0.06:
            row.actual, row.score, row.deviation = (
                row.miss_actual,
                _lowered(rng, row.weight),
                rng.choice(DEVIATIONS),
            )  # type: ignore[arg-type]

    score = (min(rate, Decimal(100)) / 100 * funds_weight).quantize(Decimal("0.01"))
    model = Model(
        year=rng.choice([2020, 2021, 2022, 2023, 2024]),
        project=rng.choice(CITIES[:3]) + rng.choice(TOPICS)
        if rng.random() < 0.2
        else rng.choice(TOPICS),
        department=rng.choice(CITIES) + rng.choice(BUREAUS),
        goals=rng.choice(GOALS),
        funds_weight=Decimal(funds_weight),
        categories={k: Decimal(v) for k, v in categories.items()},
        adjusted=adjusted,
        executed=executed,
        initial=None
        if rng.random() < 0.6
        else budget - rng.choice([0, (budget / 10).quantize(Decimal("0.01"))]),
        rate=rate,
        funds_score=score,
        rows=rows,
        defects=defects,
    )
    for defect in defects:
        INJECT[defect](rng, model)
    if model.total_weight is None:
        model.total_weight = model.funds_weight + sum(
            (r.weight for r in rows if r.weight is not None), Decimal(0)
        )
    if model.total_score is None:
        model.total_score = model.funds_score + sum(
            (r.score for r in rows if r.score is not None), Decimal(0)
        )
    return model


def _lowered(rng: random.Random, weight: Decimal) -> Decimal:
    return max(Decimal(0), weight - min(weight / 2, Decimal(rng.choice(["0.5", "1", "2"]))))


def _pick(rng: random.Random, rows: list[Row], test: Callable[[Row], bool]) -> Row:
    return rng.choice(
        [row for row in rows if not row.placeholder and row.weight is not None and test(row)]
    )


def _untouched(row: Row) -> bool:
    return row.score == row.weight and not row.deviation


# Each injection trips exactly its own check (totals are recomputed afterwards).


def _score_above_weight(rng: random.Random, m: Model) -> None:  # C1
    row = _pick(rng, m.rows, _untouched)
    row.score = row.weight + Decimal(rng.choice(["0.5", "1", "2"]))  # type: ignore[operator]


def _negative_score(rng: random.Random, m: Model) -> None:  # C2
    row = _pick(rng, m.rows, _untouched)
    row.score, row.deviation = -Decimal(rng.choice([1, 2])), rng.choice(DEVIATIONS)


def _rate_off(
    rng: random.Random, m: Model
) -> None:  # C3; the score follows the wrong rate, so C4 holds
    m.rate = max(Decimal(0), m.rate + rng.choice([-1, 1]) * Decimal(rng.randint(2, 15)))
    m.funds_score = (min(m.rate, Decimal(100)) / 100 * m.funds_weight).quantize(Decimal("0.01"))


def _funds_score_off(rng: random.Random, m: Model) -> None:  # C4
    m.funds_score += rng.choice([-1, 1]) * Decimal(rng.choice(["0.3", "0.5", "1", "2"]))


def _adjusted_parts_off(rng: random.Random, m: Model) -> None:  # C5
    m.adjusted["current"] += Decimal(rng.choice(["10", "1.5", "100", "-5"]))  # type: ignore[operator]


def _executed_parts_off(rng: random.Random, m: Model) -> None:  # C6
    m.executed["current"] += Decimal(rng.choice(["10", "0.5", "-20"]))  # type: ignore[operator]


def _category_off(rng: random.Random, m: Model) -> None:  # C7
    level1 = rng.choice(list(m.categories))
    m.categories[level1] += rng.choice([-10, -5, 5, 10])


def _total_weight_off(rng: random.Random, m: Model) -> None:  # C8
    m.total_weight = 100 + Decimal(rng.choice([-10, -5, 5, 10]))


def _total_score_off(rng: random.Random, m: Model) -> None:  # C9 (recomputed totals + an error)
    m.total_score = m.funds_score + sum(
        (r.score for r in m.rows if r.score is not None), Decimal(0)
    )
    m.total_score += rng.choice([-1, 1]) * Decimal(rng.choice(["0.5", "1", "2", "5"]))


def _unexplained_loss(rng: random.Random, m: Model) -> None:  # C10
    row = _pick(rng, m.rows, _untouched)  # its actual meets the target, so only C10 trips
    row.score = _lowered(rng, row.weight)  # type: ignore[arg-type]


def _blank_goals(rng: random.Random, m: Model) -> None:  # C11
    expected, actual = m.goals
    m.goals = rng.choice([("", actual), (expected, ""), ("", "")])


def _no_cost_row(rng: random.Random, m: Model) -> None:  # C12: decided while building the rows
    pass


def _unexplained_miss(rng: random.Random, m: Model) -> None:  # C13
    candidates = [r for r in m.rows if r.miss_actual is not None and _untouched(r)]
    if not candidates:  # make room: give some row a comparator target
        row = _pick(rng, m.rows, _untouched)
        row.target, row.miss_actual = "≥95%", "90.5%"
        candidates = [row]
    row = rng.choice(candidates)
    row.actual = row.miss_actual  # full marks, no explanation


INJECT = {
    "C1": _score_above_weight,
    "C2": _negative_score,
    "C3": _rate_off,
    "C4": _funds_score_off,
    "C5": _adjusted_parts_off,
    "C6": _executed_parts_off,
    "C7": _category_off,
    "C8": _total_weight_off,
    "C9": _total_score_off,
    "C10": _unexplained_loss,
    "C11": _blank_goals,
    "C12": _no_cost_row,
    "C13": _unexplained_miss,
}


# --- typing the cells ---------------------------------------------------------------------------


def type_number(rng: random.Random, value: Decimal | None, *, unit: str = "") -> Any:
    """A number as a person would type it into a cell."""
    if value is None:
        return rng.choice(BLANKS)
    text = fmt(value)
    form = rng.random()
    if form < 0.35:
        return int(value) if value == value.to_integral_value() else float(text)
    if form < 0.6:
        return text
    if form < 0.85:
        return "　" + text
    if form < 0.9:
        return text.translate(_FULL_WIDTH)
    if form < 0.95 and unit:
        return text + unit
    return rng.choice([text + "\u00a0", " " + text + " ", "　" + text + "　"])


def type_rate(rng: random.Random, rate: Decimal) -> Any:
    text = fmt(rate)
    return rng.choice(
        [f"{text}%", f"　{text}%", f"{text}％", float(text) if "." in text else int(rate)]
    )


def type_part(rng: random.Random, value: Decimal | None, allow_text: bool) -> Any:
    """A funds sub-row cell: blank parts are typed blank, "0", or (rarely) "无"."""
    if value is not None:
        return type_number(rng, value)
    if allow_text and rng.random() < 0.03:
        return rng.choice(["无", "—"])
    return rng.choice([*BLANKS, "0", 0])


def render(rng: random.Random, m: Model) -> dict[str, Any]:
    parts_exact = "C5" in m.defects or "C6" in m.defects  # keep those checks applicable
    funds: dict[str, Any] = {
        "weight": type_number(rng, m.funds_weight, unit="分"),
        "rate": type_rate(rng, m.rate),
        "score": type_number(rng, m.funds_score, unit="分"),
    }
    for row in ("total", "current", "carryover", "other"):
        if row == "total":
            cells = {
                "initial": type_number(rng, m.initial),
                "adjusted": type_number(rng, m.adjusted[row]),
                "executed": type_number(rng, m.executed[row]),
            }
        else:
            initial = m.initial if row == "current" and m.initial is not None else None
            cells = {
                "initial": type_number(rng, initial),
                "adjusted": type_part(rng, m.adjusted[row], not parts_exact),
                "executed": type_part(rng, m.executed[row], not parts_exact),
            }
        funds[row] = cells

    indicators = []
    for row in m.rows:
        if row.placeholder:
            indicators.append(
                {
                    "level1": LEVEL1_OF[row.level2],
                    "level2": row.level2,
                    "name": rng.choice(["", "　"]),
                    "target": rng.choice(BLANKS),
                    "actual": rng.choice(BLANKS),
                    "weight": rng.choice(BLANKS),
                    "score": rng.choice(BLANKS),
                    "deviation": rng.choice(BLANKS),
                }
            )
            continue
        indicators.append(
            {
                "level1": LEVEL1_OF[row.level2],
                "level2": row.level2,
                "name": row.name,
                "target": row.target,
                "actual": row.actual,
                "weight": type_number(rng, row.weight, unit="分"),
                "score": type_number(rng, row.score, unit="分"),
                "deviation": row.deviation or rng.choice(BLANKS),
            }
        )

    city = m.department[:3]
    report: dict[str, Any] = {
        "format": "evallint.report/1",
        "title": f"{m.year}年度{m.project}绩效自评报告",
        "year": m.year,
        "project": m.project,
        "department": m.department,
        "implementer": city + rng.choice(["服务中心", "事务中心", "项目办"]),
        "unit": "万元",
        "funds": funds,
        "goals": {
            "expected": m.goals[0] or rng.choice(BLANKS),
            "actual": m.goals[1] or rng.choice(BLANKS),
        },
        "categories": {k: type_number(rng, v) for k, v in m.categories.items()},
        "indicators": indicators,
        "total": {
            "weight": type_number(rng, m.total_weight),
            "score": type_number(rng, m.total_score),
        },
        "narrative": narrative(rng, m),
    }
    if rng.random() < 0.3:
        report["source"] = source_map(m)
    report["x-bench"] = {"defects": m.defects}
    return report


def narrative(rng: random.Random, m: Model) -> list[dict[str, Any]]:
    adjusted, executed = m.adjusted["total"], m.executed["total"]
    first = {
        "heading": "一、预算收支情况",
        "text": f"{m.year}年预算收入{fmt(adjusted)}万元（调整后）。"  # type: ignore[arg-type]
        f"{m.year}年支出{fmt(executed)}万元。"  # type: ignore[arg-type]
        f"结余情况：{fmt(adjusted - executed)}万元。",
    }  # type: ignore[operator]
    items = [first]
    for index in range(rng.randint(1, 4)):
        items.append(
            {
                "heading": f"{index + 1}．{rng.choice(TOPICS)}",
                "amount": float(money(rng, 1, 200)),
                "text": "……" + rng.choice(GOALS)[1] + rng.choice(PROSE_TARGETS)[1] + "。……",
            }
        )
    return items


def source_map(m: Model) -> dict[str, Any]:
    cells = {
        "/funds/total/adjusted": "F6",
        "/funds/total/executed": "G6",
        "/funds/rate": "I6",
        "/funds/score": "J6",
    }
    for index in range(len(m.rows)):
        cells[f"/indicators/{index}/weight"] = f"G{14 + index}"
        cells[f"/indicators/{index}/score"] = f"H{14 + index}"
    return {"file": f"{m.project}.xlsx", "sheet": "Sheet1", "cells": cells}


def generate(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """Yield `count` reports; report i depends only on (seed, i)."""
    for index in range(count):
        rng = random.Random(f"evallint-bench:{seed}:{index}")
        yield render(rng, build_model(rng))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int, help="number of reports")
    parser.add_argument("out", type=Path, help="output .jsonl file (or folder with --dir)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    parser.add_argument(
        "--dir",
        action="store_true",
        help="write OUT/report-NNNNNN.json, one pretty-printed file per report",
    )
    args = parser.parse_args(argv)
    if args.dir:
        args.out.mkdir(parents=True, exist_ok=True)
        for index, report in enumerate(generate(args.count, args.seed)):
            path = args.out / f"report-{index:06d}.json"
            path.write_text(
                json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as out:
            for report in generate(args.count, args.seed):
                out.write(json.dumps(report, ensure_ascii=False) + "\n")
    print(f"wrote {args.count} reports to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
