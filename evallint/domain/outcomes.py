"""What a row of the form says about its outcome: the direction of its target, the band of a
prose outcome.

* the direction of a target (正向 / 反向 / 等于 / 区间), including a bare one;
* the grade band of a prose outcome (达成 / 部分达成 / 未达成).

The rule language exposes each as a function (see ``dsl/functions.py``); the
tables are module constants, so the rules stay declarative.
"""

from __future__ import annotations

from typing import Literal

from evallint.domain.cells import Cell
from evallint.domain.text import fold

Direction = Literal["pos", "neg", "eq", "range"]

# A bare target (no comparator) is "at least", except for costs and for things
# one wants fewer of (section 4.0 of the policy notes).
NEGATIVE_NAME_WORDS = (
    "成本", "控制", "结余率", "超支", "发生率", "投诉", "事故", "差错", "下降", "时长", "天数",
    "耗时", "用时", "时限", "降低", "减少",
)  # fmt: skip


# What a 指标性质 (nature) column says, as the words it starts with (after NFKC folding).
NATURE_WORDS: tuple[tuple[Direction, tuple[str, ...]], ...] = (
    ("neg", (
        "≤", "≦", "⩽", "<", "不高于", "不超过", "不多于", "不大于", "小于", "低于", "少于", "反向",
    )),
    ("pos", (
        "≥", "≧", "⩾", ">", "不低于", "不少于", "不小于", "至少", "大于", "高于", "超过", "多于",
        "达到", "正向",
    )),
    ("eq", ("=", "等于")),
)  # fmt: skip


def direction(target: Cell, level2: str = "", name: str = "", nature: str = "") -> Direction | None:
    """正向 ``pos``, 反向 ``neg``, 等于 ``eq`` or 区间 ``range``; ``None`` for prose or blank.

    The target's own comparator wins; a bare target takes the row's 指标性质
    column (``nature``: ≤, 不超过, 反向 … → ``neg``; ≥, 不低于, 正向 … → ``pos``;
    =, 等于 → ``eq``) where the form has one; else it is ``neg`` for a cost or a
    name about what one wants less of, and ``pos`` otherwise.
    """
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
    said = fold(nature)
    for meaning, words in NATURE_WORDS:
        if said.startswith(words):
            return meaning
    text = fold(level2) + fold(name)
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
    text = fold(cell.raw).rstrip(_TRAILING)
    return GRADE_WORDS.get(text)
