"""Injectors of defects in the indicator rows and the goals: catalogue checks #15–#38.

Among them #35 (a low 执行率 that nothing explains), which changes the funds block and the
funds text of the narrative but comes in the catalogue's order.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from evallint.domain.cells import Cell, read_cell
from evallint.domain.figures import target_met
from tools.formgen.defects.base import (
    _deviation_text,
    _full,
    _mentioned,
    _met_any,
    _met_pos,
    _met_rows,
    _miss_quoted,
    _pick_row,
    _requote_goals,
    _row_cells,
    _rows,
    _set_score,
    _tidy,
    named_rows,
    register_injector,
    resum,
    typed_like,
)
from tools.formgen.narrative import funds_text
from tools.formgen.numbers import (
    decimals_of,
    format_number,
    num,
    plain_text,
    round_half_up,
    truncate,
)
from tools.formgen.vocabulary import (
    BAND1,
    BAND1_TIME,
    DEVIATION_NONE,
    FUNDS_WEIGHT,
    MEASURES,
    RATE_WORDS,
    U3000,
)


@register_injector("target-missed-full-score")
def _target_missed_full_score(form: dict[str, Any], rng: random.Random) -> str:
    """#15: a ≥ row misses its target yet keeps full marks. Its deviation text is filled
    (cause + measure), so deviation-missing (#16) has nothing to say."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    _miss_quoted(form, rng, i)
    row["deviation"] = _deviation_text(rng, plain_text(row["actual"]))
    return f"/indicators/{i}/score"


@register_injector("deviation-missing")
def _deviation_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#16: a ≥ row misses its target, scored w × a / t, and the deviation is left blank."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    _set_score(row, _miss_quoted(form, rng, i))
    row["deviation"] = rng.choice(DEVIATION_NONE)
    resum(form)
    return f"/indicators/{i}/deviation"


def _graded(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
    return (
        plain_text(row.get("actual")) in BAND1 + BAND1_TIME and target.kind == "text" and _full(row)
    )


@register_injector("qualitative-band-mismatch")
def _qualitative_band_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#17: a band-1 grade (达成预期指标…) scored at half its weight, below [0.8w, w]. The
    deduction is explained, so deviation-missing stays quiet; total follows."""
    i = _pick_row(form, rng, _rows(form, _graded), "graded qualitative row")
    row = form["indicators"][i]
    weight = num(row["weight"])
    assert weight is not None
    _set_score(row, round_half_up(weight / 2, 2).normalize())
    row["deviation"] = f"部分工作推进滞后，酌情扣分；{rng.choice(MEASURES)}。"
    resum(form)
    return f"/indicators/{i}/score"


@register_injector("goals-missing")
def _goals_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#18 (error part): goals.expected blank."""
    form["goals"]["expected"] = rng.choice(("", U3000, None))
    return "/goals/expected"


@register_injector("level2-parent-mismatch")
def _level2_parent_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#19: a 产出 / 数量 row filed under the level 2 社会效益指标, which belongs to 效益."""
    rows = [i for i in named_rows(form) if form["indicators"][i]["level2"] == "数量指标"]
    i = _pick_row(form, rng, rows, "数量 row")
    form["indicators"][i]["level2"] = rng.choice(("社会效益指标", "经济效益指标"))
    return f"/indicators/{i}/level2"


@register_injector("overachievement-unexplained")
def _overachievement_unexplained(form: dict[str, Any], rng: random.Random) -> str:
    """#22: a ≥ count row (target ≥ 10) done at 1.4–1.6 × target (above 1.2 and Guangxi's 1.3),
    full marks, no deviation text. Points at the missing explanation."""

    def big(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        return _met_pos(row, target, actual) and (target.value or 0) >= 10

    i = _pick_row(form, rng, _rows(form, big), "≥ count row")
    row = form["indicators"][i]
    target, _ = _row_cells(row)
    assert target.value is not None
    value = (target.value * rng.randint(140, 160) / 100).quantize(Decimal(1))
    unit = "" if row.get("nature") is not None else (target.unit or "")
    old = plain_text(row.get("actual"))
    row["actual"] = f"{format_number(value)}{unit}"
    _requote_goals(form, row, "actual", old)
    row["deviation"] = rng.choice(DEVIATION_NONE)
    return f"/indicators/{i}/deviation"


@register_injector("deviation-boilerplate")
def _deviation_boilerplate(form: dict[str, Any], rng: random.Random) -> str:
    """#23: a missed ≥ row, scored w × a / t, whose deviation says only 无 / 暂无 / 无偏差."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    _set_score(row, _miss_quoted(form, rng, i))
    row["deviation"] = rng.choice(("无", "暂无", "无偏差"))
    resum(form)
    return f"/indicators/{i}/deviation"


@register_injector("actual-not-measured")
def _actual_not_measured(form: dict[str, Any], rng: random.Random) -> str:
    """#24: a numeric 数量/质量 target answered with prose (完成 / 已完成) instead of a value."""
    rows = [
        i for i in _met_rows(form) if form["indicators"][i]["level2"] in ("数量指标", "质量指标")
    ]
    i = _pick_row(form, rng, rows, "numeric 数量 row")
    form["indicators"][i]["actual"] = rng.choice(("完成", "已完成", "全部完成"))
    return f"/indicators/{i}/actual"


@register_injector("unit-mismatch")
def _unit_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#25: the actual carries a unit that does not convert to the target's (场 vs 次) — or,
    issue 15 #8, a row counting people or households typed as a percentage ("补助农户户数
    ≥100百分比", actual "100"), when the form has such a row and the coin says so."""
    heads = _head_count_rows(form)
    if heads and rng.randrange(2):
        return _head_count_in_percent(form, rng, heads)

    def plain_unit(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        raw = plain_text(row.get("target"))
        return _met_pos(row, target, actual) and "万" not in raw and "元" not in (target.unit or "")

    i = _pick_row(form, rng, _rows(form, plain_unit) or _rows(form, _met_any), "≥ row")
    row = form["indicators"][i]
    target, actual = _row_cells(row)
    assert actual.value is not None
    other = "次" if target.unit not in ("次", "人次") else "个"  # 个 vs % for a percentage
    row["actual"] = f"{format_number(actual.value)}{other}"
    return f"/indicators/{i}/actual"


# the measure words of a head count, and the word its name then ends in (补助农户 → 补助农户户数)
_HEAD_WORDS = {"人": "人数", "户": "户数", "人次": "人次", "家": "家数"}
_HEAD_NAME = re.compile("人数|户数|人次|户次|家数")
_SHARE_NAME = re.compile("率|比|占|百分|增|降|减|提高|提升|幅")


def _in_goals(form: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether the 年度总体目标 texts quote this row (then its figures must stay as quoted)."""
    goals = form.get("goals") or {}
    return str(row.get("name")) in "".join(str(goals.get(key) or "") for key in goals)


def _head_name(form: dict[str, Any], row: dict[str, Any], unit: str) -> str | None:
    """The row's name as a head count (补助农户 → 补助农户户数), or None when another row has it."""
    name = plain_text(row.get("name"))
    if _HEAD_NAME.search(name):
        return name
    name = name.removesuffix("数量") + _HEAD_WORDS[unit]  # 惠及企业数量 → 惠及企业家数
    taken = any(plain_text(other.get("name")) == name for other in form["indicators"])
    return None if taken else name


def _head_unit(row: dict[str, Any], target: Cell) -> str:
    """The unit a row counts in: its 度量单位 column, else the target's."""
    return str(row.get("unit") or "").strip() if row.get("nature") else str(target.unit or "")


def _head_count_rows(form: dict[str, Any]) -> list[int]:
    """Met ≥ rows counted in 人, 户, 人次 or 家 whose name names no share, which the goals do
    not quote and whose head-count name no other row has."""

    def heads(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        unit = _head_unit(row, target)
        return (
            _met_pos(row, target, actual)
            and unit in _HEAD_WORDS
            and not _SHARE_NAME.search(str(row.get("name")))
            and not _in_goals(form, row)
            and _head_name(form, row, unit) is not None
        )

    return _rows(form, heads)


def _head_count_in_percent(form: dict[str, Any], rng: random.Random, rows: list[int]) -> str:
    i = _pick_row(form, rng, rows, "head-count row")
    row = form["indicators"][i]
    target, _ = _row_cells(row)
    name = _head_name(form, row, _head_unit(row, target))
    assert name is not None
    if name != plain_text(row.get("name")):
        row["name"] = name
    if row.get("nature") is not None:  # a 度量单位 column: it says "%", the values are bare
        row["unit"], row["target"], row["actual"] = "%", "100", rng.choice(("100", "100.00"))
        return f"/indicators/{i}/unit"
    row["target"] = rng.choice(("≥100百分比", "100%", "≥100%", "不低于100%"))
    row["actual"] = rng.choice(("100", "100%", "100.00%"))
    return f"/indicators/{i}/target"


@register_injector("indicator-not-quantified")
def _indicator_not_quantified(form: dict[str, Any], rng: random.Random) -> str:
    """#26: a 数量 row whose target is prose without a number or grade (S2 严格执行相关制度规定);
    the actual becomes the grade 达成预期指标 with full marks, so nothing else is off."""
    rows = [i for i in named_rows(form) if form["indicators"][i]["level2"] == "数量指标"
            and _full(form["indicators"][i])]  # fmt: skip
    i = _pick_row(form, rng, rows, "数量 row")
    row = form["indicators"][i]
    row["target"] = rng.choice(("严格执行相关制度规定", "按照有关规定组织实施", "规范开展相关工作"))
    row["actual"] = "达成预期指标"
    if "nature" in row:
        row["nature"], row["unit"] = "定性", ""
    return f"/indicators/{i}/target"


@register_injector("cost-indicator-missing")
def _cost_indicator_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#27: the 成本指标 rows left unnamed and empty (as in S1), their weight given to a full-marks
    数量 row (score too), so every sum still holds; a 2021 form becomes a 2023 one."""
    rows = form["indicators"]
    costs = [i for i in named_rows(form) if rows[i]["level2"] == "成本指标"]
    takers = [
        i for i in named_rows(form)
        if rows[i]["level1"] == "产出指标" and i not in costs and _full(rows[i])
    ]  # fmt: skip
    for i in costs:  # each cost row's points to the lightest full-marks 产出 row
        weight = num(rows[i]["weight"]) or Decimal(0)
        taker = min(takers, key=lambda k: (num(rows[k]["weight"]) or Decimal(0), k))
        new = (num(rows[taker]["weight"]) or Decimal(0)) + weight
        rows[taker]["weight"] = typed_like(rows[taker]["weight"], new)
        _set_score(rows[taker], new)
    for i in costs:
        rows[i].update(name="", target=U3000, actual=U3000, weight=U3000, score=U3000,
                       deviation=U3000)  # fmt: skip
        if "nature" in rows[i]:
            rows[i]["nature"] = rows[i]["unit"] = U3000
    if int(form.get("year") or 0) < 2022:
        old = f"{int(form['year'])}年"
        form["year"] = Decimal(2023)
        form["title"] = str(form.get("title", "")).replace(old, "2023年")
        for section in form.get("narrative", []):
            section["text"] = section["text"].replace(old, "2023年")
        for key in ("expected", "actual"):
            form["goals"][key] = str(form["goals"][key]).replace(old, "2023年")
    return f"/indicators/{costs[0]}"


@register_injector("satisfaction-value-invalid")
def _satisfaction_value_invalid(form: dict[str, Any], rng: random.Random) -> str:
    """#29: a 满意度 target typed without its percent sign (≥90 for ≥90%); the actual stays a
    percentage and still meets it, and the row's unit column (if any) is dropped."""
    rows = [i for i in named_rows(form) if form["indicators"][i]["level1"] == "满意度指标"
            and _full(form["indicators"][i])]  # fmt: skip
    i = _pick_row(form, rng, rows, "满意度 row")
    row = form["indicators"][i]
    target, actual = _row_cells(row)
    assert target.value is not None and actual.value is not None
    comparator = {">=": "≥", ">": ">", None: "≥"}.get(target.comparator, "≥")
    row["target"] = f"{comparator}{format_number(target.value)}"
    row["actual"] = f"{format_number(actual.value)}%"
    row.pop("unit", None)
    return f"/indicators/{i}/target"


@register_injector("rate-over-100")
def _rate_over_100(form: dict[str, Any], rng: random.Random) -> str:
    """#30: a 合格率/覆盖率/… row (not 满意度) whose actual is above 100 % (101–105 %)."""

    def rate_row(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        return (
            any(word in str(row.get("name")) for word in RATE_WORDS)
            and target.percent and target.comparator in (None, ">=", ">")
            and target_met(target, actual) is True and _full(row)
            and row.get("level1") != "满意度指标"
            and (target.value or 0) >= 90
        )  # fmt: skip

    i = _pick_row(form, rng, _rows(form, rate_row), "rate row")
    row = form["indicators"][i]
    value = Decimal(rng.randint(101, 105))
    old = plain_text(row.get("actual"))
    row["actual"] = format_number(value) if row.get("nature") else f"{format_number(value)}%"
    _requote_goals(form, row, "actual", old)
    return f"/indicators/{i}/actual"


@register_injector("goals-actual-copy")
def _goals_actual_copy(form: dict[str, Any], rng: random.Random) -> str:
    """#31: goals.actual copies goals.expected word for word — or (issue 15, class 10) the
    expected goal is only the project's money ("135.35万元")."""
    if rng.randrange(2):
        form["goals"]["actual"] = form["goals"]["expected"]
        return "/goals/actual"
    budget = form["funds"]["total"]["adjusted"]
    form["goals"]["expected"] = f"{format_number(num(budget) or Decimal(100))}万元"
    return "/goals/expected"


@register_injector("budget-rate-as-indicator")
def _budget_rate_as_indicator(form: dict[str, Any], rng: random.Random) -> str:
    """#33: a percent row renamed 预算执行率 / 资金到位率 (it double-counts the funds row, S8)."""

    def pct_row(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        return (
            target.percent and target.comparator in (None, ">=", ">")
            and target_met(target, actual) is True and _full(row)
            and row.get("level1") == "产出指标"
        )  # fmt: skip

    i = _pick_row(form, rng, _rows(form, pct_row), "percent row")
    name = rng.choice(("预算执行率", "资金执行率", "资金到位率", "资金拨付及时率"))
    form["indicators"][i]["name"] = name
    return f"/indicators/{i}/name"


@register_injector("duplicate-indicator")
def _duplicate_indicator(form: dict[str, Any], rng: random.Random) -> str:
    """#34: a later 数量 row copies the name of an earlier one. Points at the later copy."""
    rows = form["indicators"]
    named = [i for i in named_rows(form) if rows[i]["level2"] == "数量指标"
             and not _mentioned(form, rows[i])]  # fmt: skip
    if len(named) < 2:
        named = [i for i in named_rows(form) if rows[i]["level1"] == "产出指标"]
    first, second = sorted(rng.sample(named, 2))
    rows[second]["name"] = rows[first]["name"]
    return f"/indicators/{second}/name"


@register_injector("low-execution-unexplained")
def _low_execution_unexplained(form: dict[str, Any], rng: random.Random) -> str:
    """#35: executed cut to 80–86 % of the budget, rate and score recomputed right, and no
    narrative word (执行率/结余/结转/未支付/未执行) explains it. The catalogue's threshold is
    0.90 (Sichuan); national-2020 ships low_exec_threshold 0 (off), so set 0.9 to see it."""
    funds = form["funds"]
    adjusted = num(funds["total"]["adjusted"])
    executed = num(funds["total"]["executed"])
    assert adjusted is not None and executed is not None
    places = max(decimals_of(adjusted), decimals_of(executed))
    low = truncate(adjusted * rng.randint(80, 86) / 100, places)
    cut = executed - low
    for key in ("current", "carryover", "other"):
        part = num(funds[key]["executed"])
        if part is None or cut <= 0:
            continue
        take = min(part, cut)
        funds[key]["executed"] = typed_like(funds[key]["executed"], part - take)
        cut -= take
    funds["total"]["executed"] = typed_like(funds["total"]["executed"], low)
    ratio = Fraction(low) / Fraction(adjusted) * 100
    funds["rate"] = f"{format_number(round_half_up(ratio, 2))}%"
    funds["score"] = typed_like(funds["score"], round_half_up(FUNDS_WEIGHT * ratio / 100, 2))
    resum(form)
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = funds_text(form, rng, balance=False)
    return "/funds/rate"


@register_injector("benefit-indicator-vague")
def _benefit_indicator_vague(form: dict[str, Any], rng: random.Random) -> str:
    """#37 (info): a qualitative 效益 target rewritten as generic prose (S1 助推株洲经济发展。)."""
    rows = [i for i in _rows(form, _graded) if form["indicators"][i]["level1"] == "效益指标"]
    i = _pick_row(form, rng, rows, "qualitative 效益 row")
    city = re.sub(r"[市县区州旗].*", "", str(form.get("department", "")))[:2] or "本地"
    form["indicators"][i]["target"] = rng.choice(
        (f"助推{city}经济发展。", "促进经济社会发展", "提升公共服务水平", "营造良好发展环境")
    )
    return f"/indicators/{i}/target"


@register_injector("weight-concentration")
def _weight_concentration(form: dict[str, Any], rng: random.Random) -> str:
    """#38 (info): one row carries more than half of the 90 indicator points. The 产出 block
    keeps three rows (the first 数量 row with 46 points, a 成本 row and a third row with 2
    each; a deducted row, if any, stays and keeps its share) and its other rows are left as
    empty template rows, so every sum still holds. Points at the heavy row's weight."""
    rows = form["indicators"]
    output = [i for i in named_rows(form) if rows[i]["level1"] == "产出指标"]
    big = next((i for i in output if rows[i]["level2"] == "数量指标"), output[0])
    cost = next(i for i in output if rows[i]["level2"] == "成本指标" and i != big)
    rest = [i for i in output if i not in (big, cost)]
    third = next((i for i in rest if not _full(rows[i])), rest[0])
    block = sum((num(rows[i]["weight"]) or Decimal(0) for i in output), Decimal(0))
    for i, weight in ((big, _tidy(block - 4)), (cost, Decimal(2)), (third, Decimal(2))):
        old_weight, old_score = num(rows[i]["weight"]), num(rows[i]["score"])
        assert old_weight is not None and old_score is not None
        rows[i]["weight"] = typed_like(rows[i]["weight"], weight)
        target, actual = _row_cells(rows[i])
        if target_met(target, actual) is False:  # missed: w × a / t with the new weight
            assert target.value is not None and actual.value is not None
            share = Fraction(actual.value) / Fraction(target.value)
        else:  # full marks, or a cut for a target set too low: keeps its share
            share = Fraction(old_score) / Fraction(old_weight)
        _set_score(rows[i], round_half_up(Fraction(weight) * share, 2).normalize())
    for i in output:
        if i not in (big, cost, third):
            rows[i].update(name="", target="", actual="", weight="", score="", deviation="")
            if "nature" in rows[i]:
                rows[i]["nature"] = rows[i]["unit"] = ""
    resum(form)
    return f"/indicators/{big}/weight"


@register_injector("indicator-misplaced")
def _indicator_misplaced(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #9: an indicator in the wrong place — a period or a figure typed as the 三级指标
    name (a 时效 deadline row named "2022年全年", a 可持续影响 row named "5年"), one of two or
    more 成本指标 rows filed under 数量指标 (a cost-control row as a count; a cost row stays, so
    cost-indicator-missing has nothing to say), or a rate that is no satisfaction (项目信息公示率)
    in the place of a 满意度 row the goals do not quote."""
    rows = form["indicators"]
    year = int(form.get("year") or 2022)
    # the row, the cell changed, its new text, and the cell the finding points at
    choices: list[tuple[int, str, str, str]] = []
    for i in named_rows(form):
        row = rows[i]
        target, _ = _row_cells(row)
        if row["level2"] == "时效指标" and target.kind == "text":
            periods = (f"{year}年全年", "全年", f"{year}年度", f"{year}年1-12月")
            choices.append((i, "name", rng.choice(periods), "name"))
        elif target.unit == "年" and target.value is not None and row["level1"] == "效益指标":
            choices.append((i, "name", f"{format_number(target.value)}年", "name"))
        elif row["level1"] == "满意度指标" and not _in_goals(form, row):
            names = ("项目信息公示率", "惠民政策宣传入户率", "服务事项公开率")
            choices.append((i, "name", rng.choice(names), "level2"))
    costs = [i for i in named_rows(form) if rows[i]["level2"] == "成本指标"]
    if len(costs) >= 2:
        choices.append((rng.choice(costs), "level2", "数量指标", "level2"))
    quiet = [
        choice for choice in choices
        if not _mentioned(form, rows[choice[0]]) and not _in_goals(form, rows[choice[0]])
    ]  # fmt: skip
    if not (quiet or choices):
        raise ValueError("this form has no row to misplace")
    pool = quiet or choices
    kind = rng.choice(sorted({(key, where) for _, key, _, where in pool}))  # each kind as likely
    i, key, text, where = rng.choice([c for c in pool if (c[1], c[3]) == kind])
    _pick_row(form, rng, [i], "row")  # takes the row out of the report text, if it is quoted
    rows[i][key] = text
    return f"/indicators/{i}/{where}"


# A name that says an output is produced or delivered (a subset of direction-reversed's words),
# and words of what one wants less of, which keep a name out
_OUTPUT_WORDS = (
    "建设", "新建", "培训", "发放", "开展", "举办", "覆盖", "补助", "购置", "印发", "制作", "维修",
    "改造", "养护", "走访", "救助", "资助", "提供", "铺设", "清理", "推广", "种植", "建立", "检定",
    "收集",
)  # fmt: skip
_LESS_WORDS = (
    "成本", "控制", "费用", "经费", "造价", "每", "人均", "单位", "时间", "时长", "发现问题",
    "存在问题",
)  # fmt: skip


@register_injector("direction-reversed")
def _direction_reversed(form: dict[str, Any], rng: random.Random) -> str:
    """Issue 15 #11: a 数量 row about building, training, handing out … (more is better) whose
    floor is written as a ceiling: "≤4座", "不超过500人", "1200户以内", or "≤" in the 指标性质
    column. The ceiling is set at the actual value, so the row is met whichever way it is read
    and no scoring rule has anything to say; a goal that quotes the target quotes the new one."""

    def output_row(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        name = str(row.get("name"))
        return (
            row.get("level2") == "数量指标"
            and _met_pos(row, target, actual)
            and any(word in name for word in _OUTPUT_WORDS)
            and not any(word in name for word in _LESS_WORDS)
            and "万" not in plain_text(row.get("target")) + plain_text(row.get("actual"))
        )

    found = _rows(form, output_row)
    quiet = [i for i in found if not _in_goals(form, form["indicators"][i])]
    i = _pick_row(form, rng, quiet or found, "数量 row about an output")
    row = form["indicators"][i]
    target, actual = _row_cells(row)
    assert actual.value is not None
    old = plain_text(row.get("target"))
    value = format_number(actual.value)
    pad = U3000 if str(row.get("target") or "").startswith(U3000) else ""
    if row.get("nature") is not None and read_cell(row.get("target")).comparator is None:
        # the comparator is in the 指标性质 column
        row["nature"] = rng.choice(("≤", "≤", "不高于"))
        row["target"] = f"{pad}{value}"
        path = f"/indicators/{i}/nature"
    else:
        unit = target.unit or actual.unit or ""
        row["target"] = pad + rng.choice(
            (f"≤{value}{unit}", f"≤{value}{unit}", f"不超过{value}{unit}", f"{value}{unit}以内")
        )
        path = f"/indicators/{i}/target"
    _requote_goals(form, row, "target", old)
    return path
