"""Figures a report's narrative (its 自评报告 text) gives, found clause by clause.

* the clauses of a text, split at Chinese and Latin punctuation;
* the word a narrative uses for an indicator (办结 for 企业问题办结率);
* the figures the text gives for an indicator, and the money amounts after a keyword.

Whether a figure restates one of the form is :func:`evallint.domain.figures.restates`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from evallint.domain.cells import Cell, read_cell
from evallint.domain.figures import common_scale
from evallint.domain.text import fold

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
    return tuple(c for text in texts for c in _CLAUSE.split(fold(text)) if c.strip())


@functools.lru_cache(maxsize=4096)
def keyword_of(name: str) -> tuple[str, bool]:
    """The word a narrative uses for an indicator, and whether it is a rate.

    ``企业问题办结`` → (``办结``, rate); ``印发口袋书`` → (``口袋书``, count).
    """
    folded = fold(name).strip()
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
    folded_keyword = fold(keyword)
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
