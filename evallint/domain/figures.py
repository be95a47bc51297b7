"""Figures compared as forms write them: a target and its actual value, a shown figure and
the exact one, a figure of the text and one of the table.

``target_met(target, actual)`` answers ``True``, ``False`` or ``None`` (cannot
say: a side is blank or prose, the units do not convert, the target is a
compound sentence). ``shown_right`` says whether a shown figure is the exact
value rounded or truncated to its shown precision, and ``restates`` whether a
figure of the text says the same number as the form. Rules reach them as the
language functions ``met``, ``agrees`` and ``restates``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from types import MappingProxyType

from evallint.domain.cells import Cell

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


def restates(text_figure: Cell, table_figure: Cell) -> bool | None:
    """Whether a figure in the text restates a figure of the form.

    Both are rounded half up to the coarser of their precisions, after bringing
    them to one unit; ``None`` when either is not a number or the units do not
    convert. Unlike ``close``, 90 % does not restate 90.5 % (90.5 % rounds to
    91 %): text that restates a table figure must say the same number.
    """
    if text_figure.kind not in ("number", "quantity") or table_figure.kind not in (
        "number",
        "quantity",
    ):
        return None
    if text_figure.value is None or table_figure.value is None:
        return None
    if text_figure.percent != table_figure.percent:
        return None
    scale = common_scale(text_figure, table_figure) if not text_figure.percent else (1, 1)
    if scale is None:
        return None
    a = text_figure.value * Decimal(scale[0])
    b = table_figure.value * Decimal(scale[1])
    decimals = min(_places(a, text_figure), _places(b, table_figure))
    unit = Decimal(1).scaleb(-decimals)
    return a.quantize(unit, ROUND_HALF_UP) == b.quantize(unit, ROUND_HALF_UP)


def _places(value: Decimal, cell: Cell) -> int:
    if cell.decimals is not None:
        return cell.decimals
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def shown_right(shown: Cell, exact: Decimal, *, percent_points: bool = False) -> bool | None:
    """Whether ``shown`` is ``exact`` rounded half up — or truncated — to the decimals it shows.

    A percentage (or, with ``percent_points``, a bare number read as percent
    points, as the 执行率 column is) is compared in percent points: ``94%``
    is right for 0.941116, and so is ``94.1``.
    """
    if shown.kind not in ("number", "quantity") or shown.value is None:
        return None
    value = shown.value
    target = exact * 100 if (shown.percent or percent_points) else exact
    decimals = shown.decimals if shown.decimals is not None else 0
    unit = Decimal(1).scaleb(-decimals)
    return value in (
        target.quantize(unit, ROUND_HALF_UP),
        target.quantize(unit, ROUND_DOWN),
    )
