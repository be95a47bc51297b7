"""Domain knowledge the rule pack needs, as plain functions over cells and text.

* the direction of a target (正向 / 反向 / 等于 / 区间), including a bare one;
* the grade band of a prose outcome (达成 / 部分达成 / 未达成);
* figures a report's narrative mentions for an indicator or after a keyword;
* whether a figure in the text restates a figure of the form.

The rule language exposes each as a function (see ``dsl/functions.py``); the
tables are module constants, so the rules stay declarative.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Literal

from evallint.cells import Cell, read_cell
from evallint.targets import common_scale

Direction = Literal["pos", "neg", "eq", "range"]

# A bare target (no comparator) is "at least", except for costs and for things
# one wants fewer of (section 4.0 of the policy notes).
NEGATIVE_NAME_WORDS = (
    "成本", "控制", "结余率", "超支", "发生率", "投诉", "事故", "差错", "下降", "时长", "天数",
    "耗时", "用时", "时限", "降低", "减少",
)  # fmt: skip


def direction(target: Cell, level2: str = "", name: str = "") -> Direction | None:
    """正向 ``pos``, 反向 ``neg``, 等于 ``eq`` or 区间 ``range``; ``None`` for prose or blank."""
    if target.kind == "range":
        return "range"
    if target.kind not in ("number", "quantity"):
        return None
    comparator = target.comparator
    if comparator in (">=", ">"):
        return "pos"
    if comparator in ("<=", "<"):
        return "neg"
    if comparator == "=":
        return "eq"
    text = _fold(level2) + _fold(name)
    if any(word in text for word in NEGATIVE_NAME_WORDS):
        return "neg"
    return "pos"


# --- grade bands of prose outcomes (section 5.6) -------------------------------------

_BAND_1 = (
    "达成年度指标", "达成预期指标", "达成预期目标", "已完成", "全部完成", "按时完成", "如期完成",
    "按质按量完成", "完成", "达标", "合格", "符合要求", "效果明显", "效果显著", "显著", "优秀",
    "良好", "优", "好", "是", "达成", "应保尽保", "100%完成", "已完成100%",
)  # fmt: skip
_BAND_2 = (
    "部分达成年度指标并具有一定效果", "部分达成预期指标并具有一定效果", "部分达成预期指标",
    "部分达成年度指标", "部分达成", "部分完成", "基本完成", "基本达成", "基本达标", "基本符合",
    "一般", "有一定效果",
)  # fmt: skip
_BAND_3 = (
    "未达成年度指标且效果较差", "未达成预期指标且效果较差", "未达成预期指标", "未达成年度指标",
    "未达成", "未完成", "未达标", "不合格", "否", "差", "较差", "效果不明显", "不达标",
)  # fmt: skip
GRADE_WORDS: dict[str, int] = {
    **{w: 1 for w in _BAND_1},
    **{w: 2 for w in _BAND_2},
    **{w: 3 for w in _BAND_3},
}
"""Outcome words → band: 1 达成 ([80 %, 100 %] of the weight), 2 部分达成, 3 未达成."""

AMBIGUOUS_WORDS = ("较好", "有所提升", "不断提升", "持续改善", "逐步提高", "提升", "改善", "有效")
"""Outcomes that name no band; ``grade`` leaves them unknown (no finding either way)."""

_TRAILING = "。.!！;；"


def grade(cell: Cell) -> int | None:
    """The band (1, 2, 3) a prose outcome names, or ``None`` (free prose, a number, blank)."""
    if cell.kind != "text":
        return None
    text = _fold(cell.raw).rstrip(_TRAILING)
    return GRADE_WORDS.get(text)


# --- figures in the narrative ------------------------------------------------------------

_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
_FIGURE = re.compile(
    r"(?:近|约|逾|超|共|达|为|是)?(?P<figure>\d[\d,，]*(?:\.\d+)?\s*(?:%|％|万|亿|千)?"
    r"[\u4e00-\u9fff㎡A-Za-z]{0,3})"
)
RATE_STEMS = (
    "办结", "满意", "合格", "覆盖", "知晓", "到位", "完成", "达标", "参保", "就业", "入学",
    "通过", "使用", "利用", "回收", "处理", "解决", "好评", "响应", "出勤", "执行",
)  # fmt: skip
_LEADING_VERBS = (
    "开展", "印发", "编制", "发放", "制作", "建立", "举办", "组织", "完成", "实施", "建设", "新建",
    "购置", "培训", "召开", "发布", "拍摄", "推广", "打造",
)  # fmt: skip


def clauses(texts: Iterable[str]) -> tuple[str, ...]:
    """The clauses of ``texts`` (split at Chinese and Latin punctuation), NFKC-folded."""
    return _clauses(tuple(texts))


@functools.lru_cache(maxsize=64)
def _clauses(texts: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: a rule asks this of the same narrative once per indicator row.
    return tuple(c for text in texts for c in _CLAUSE.split(_fold(text)) if c.strip())


@functools.lru_cache(maxsize=4096)
def keyword_of(name: str) -> tuple[str, bool]:
    """The word a narrative uses for an indicator, and whether it is a rate.

    ``企业问题办结`` → (``办结``, rate); ``印发口袋书`` → (``口袋书``, count).
    """
    folded = _fold(name).strip()
    for stem in RATE_STEMS:
        if stem in folded and (folded.endswith(("率", "度")) or folded.endswith(stem)):
            return stem, True
    for verb in _LEADING_VERBS:
        if folded.startswith(verb) and len(folded) - len(verb) >= 2:
            return folded[len(verb) :], False
    return folded, False


def mentioned(texts: Iterable[str], name: str, like: Cell) -> list[str]:
    """Figures the narrative gives for indicator ``name``, of the same kind as ``like``.

    A figure counts when it stands in a clause that names the indicator (a rate
    by its stem followed by 率 or 度, e.g. 办结率; anything else by its name
    without a leading verb, e.g. 口袋书) and reads as a quantity comparable
    with the table's value: a percentage for a percentage, the same unit (or
    one that converts) otherwise.
    """
    keyword, rate = keyword_of(name)
    if len(keyword) < 2 and not rate:
        return []
    found: list[str] = []
    for clause in clauses(texts):
        at = _rate_position(clause, keyword) if rate else clause.find(keyword)
        if at < 0:
            continue
        for match in _FIGURE.finditer(clause, at):
            figure = match.group("figure")
            cell = read_cell(figure)
            if cell.kind not in ("number", "quantity") or cell.value is None:
                continue
            if like.percent != cell.percent:
                continue
            if not like.percent and (
                cell.unit is None or like.unit is None or common_scale(like, cell) is None
            ):
                continue
            found.append(figure)
    return found


def _rate_position(clause: str, stem: str) -> int:
    for suffix in ("率", "度"):
        at = clause.find(stem + suffix)
        if at >= 0:
            return at
    return -1


_AMOUNT = re.compile(r"(?P<figure>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")


def amounts_after(texts: Iterable[str], keyword: str, window: int = 8) -> list[str]:
    """Money figures (with 万元/元) that follow ``keyword`` within ``window`` characters.

    ``amounts_after(["其中年初预算135.35万元"], "年初预算")`` → ``["135.35万元"]``.
    """
    found: list[str] = []
    folded_keyword = _fold(keyword)
    for clause in clauses(texts):
        start = 0
        while True:
            at = clause.find(folded_keyword, start)
            if at < 0:
                break
            after = at + len(folded_keyword)
            match = _AMOUNT.search(clause, after, after + window + 12)
            if match and match.start() - after <= window:
                found.append(
                    match.group("figure").replace(",", "").replace("，", "") + match.group("unit")
                )
            start = after
    return found


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


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip(" \t\r\n\u3000\u00a0")
