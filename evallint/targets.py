"""Does an actual value meet its target? Reading comparators, percentages, ranges and units.

``target_met(target, actual)`` answers ``True``, ``False`` or ``None`` (cannot
say: a side is blank or prose, the units do not convert, the target is a
compound sentence). Rules reach it as the language function ``met``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from evallint.cells import Cell

# Units that are the same thing under two names, and units that convert.
_SAME_UNITS: Mapping[str, str] = MappingProxyType(
    {"人次": "次", "百分比": "%", "个百分点": "%", "元整": "元", "日": "天", "个工作日": "工作日"}
)
_SCALES: Mapping[str, tuple[str, Decimal]] = MappingProxyType(
    {
        "元": ("元", Decimal(1)),
        "千元": ("元", Decimal(1000)),
        "万元": ("元", Decimal(10000)),
        "百万元": ("元", Decimal(1000000)),
        "亿元": ("元", Decimal(100000000)),
        "美元": ("美元", Decimal(1)),
        "万美元": ("美元", Decimal(10000)),
        "分钟": ("秒", Decimal(60)),
        "秒": ("秒", Decimal(1)),
        "小时": ("秒", Decimal(3600)),
        "米": ("米", Decimal(1)),
        "公里": ("米", Decimal(1000)),
        "千米": ("米", Decimal(1000)),
        "克": ("克", Decimal(1)),
        "千克": ("克", Decimal(1000)),
        "公斤": ("克", Decimal(1000)),
        "吨": ("克", Decimal(1000000)),
    }
)
TIME_UNITS = frozenset({"小时", "分钟", "秒", "天", "日", "工作日", "个工作日", "周", "个月", "月"})
"""Units of a duration: for a duration range ``5-10个工作日`` sooner is better (met if ≤ 10)."""


def _base(unit: str | None) -> tuple[str | None, Decimal]:
    if unit is None:
        return None, Decimal(1)
    unit = _SAME_UNITS.get(unit, unit)
    return _SCALES.get(unit, (unit, Decimal(1)))


def common_scale(target: Cell, actual: Cell) -> tuple[Decimal, Decimal] | None:
    """Factors that bring both cells to one unit, or ``None`` when their units differ.

    A side without a unit takes the other's (``50`` answering ``≥50个``); a
    percentage meets only a percentage or a bare number.
    """
    if target.percent or actual.percent:
        if (target.percent or target.unit is None) and (actual.percent or actual.unit is None):
            return Decimal(1), Decimal(1)
        return None
    t_base, t_factor = _base(target.unit)
    a_base, a_factor = _base(actual.unit)
    if t_base is None or a_base is None:
        return Decimal(1), Decimal(1)
    if t_base != a_base:
        return None
    return t_factor, a_factor


def target_met(target: Cell, actual: Cell) -> bool | None:
    """Whether ``actual`` meets ``target``; ``None`` when that cannot be told."""
    if actual.kind not in ("number", "quantity") or actual.value is None:
        return None
    if target.kind not in ("number", "quantity", "range"):
        return None
    scale = common_scale(target, actual)
    if scale is None:
        return None
    t_factor, a_factor = scale
    value = actual.value * a_factor
    if target.kind == "range":
        if target.low is None or target.high is None:
            return None
        low, high = sorted((target.low * t_factor, target.high * t_factor))
        if target.unit in TIME_UNITS:
            return value <= high
        return low <= value <= high
    assert target.value is not None
    goal = target.value * t_factor
    comparator = target.comparator or ">="
    if comparator == ">=":
        return value >= goal
    if comparator == ">":
        return value > goal
    if comparator == "<=":
        return value <= goal
    if comparator == "<":
        return value < goal
    return value == goal
