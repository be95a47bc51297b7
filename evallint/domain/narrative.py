"""Figures a report's narrative (its 自评报告 text) gives, found clause by clause.

* the clauses of a text, split at Chinese and Latin punctuation;
* the word a narrative uses for an indicator (办结 for 企业问题办结率);
* the figures the text gives for an indicator, and the money amounts after a keyword.

Whether a figure restates one of the form is :func:`evallint.domain.figures.restates`.

A rule asks these of the same narrative once per indicator row: the texts are cut into
:class:`Clauses` once (the caller keeps them for the report), and each question is a
search of the words it needs in them, never a pass over every clause. The work that
grows with the text is reported to ``spend`` (the rule's work budget) before it is done.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

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


Spend = Callable[[int], None]
"""Told the work a question is about to do (the rule's budget), in steps."""


def _free(steps: int) -> None:
    """No budget: work done outside a rule (tools, tests)."""


@dataclass(frozen=True, slots=True)
class Clauses:
    """The clauses of some texts, NFKC-folded, kept as one text: joined by newlines (no
    clause holds one, nor any other mark clauses are split at), with where each begins."""

    joined: str
    starts: tuple[int, ...]

    @staticmethod
    def of(texts: Iterable[str]) -> Clauses:
        parts = [c for text in texts for c in _CLAUSE.split(fold(text)) if c.strip()]
        starts = []
        at = 0
        for part in parts:
            starts.append(at)
            at += len(part) + 1
        return Clauses("\n".join(parts), tuple(starts))

    def __iter__(self) -> Iterator[str]:
        return iter(self.joined.split("\n") if self.starts else ())

    def span(self, position: int) -> tuple[int, int]:
        """Where the clause holding ``position`` of :attr:`joined` begins and ends."""
        index = bisect.bisect_right(self.starts, position) - 1
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.joined)
        return start, end

    def found(self, word: str, *, first_only: bool = False) -> Iterator[tuple[int, int]]:
        """Each place ``word`` stands in a clause (one after the other, not overlapping;
        only the first of each clause with ``first_only``), with that clause's end."""
        if not word or _CLAUSE.search(word):
            return  # a word with a mark clauses are split at stands in no clause
        joined = self.joined
        at = joined.find(word)
        while at >= 0:
            _start, end = self.span(at)
            yield at, end
            at = joined.find(word, end + 1 if first_only else at + len(word))


def clauses(texts: Iterable[str]) -> tuple[str, ...]:
    """The clauses of ``texts`` (split at Chinese and Latin punctuation), NFKC-folded."""
    return tuple(Clauses.of(texts))


def _clauses_of(texts: Iterable[str] | Clauses, spend: Spend) -> Clauses:
    """``texts`` cut into clauses (unless they are), and the search of them paid for."""
    found = texts if isinstance(texts, Clauses) else Clauses.of(texts)
    spend(1 + len(found.joined) // _SEARCHED_PER_STEP)
    return found


_SEARCHED_PER_STEP = 64
"""Characters a search for a word in the clauses (C code) looks at for one step."""
_READ_PER_STEP = 8
"""Characters of a clause read for figures (a regular expression, cell readings) per step."""


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


def mentioned(
    texts: Iterable[str] | Clauses, name: str, like: Cell, spend: Spend = _free
) -> list[str]:
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
    text = _clauses_of(texts, spend)
    # where each clause naming the indicator names it first (a rate: 率 before 度)
    named: dict[int, tuple[int, int]] = {}
    for word in (keyword + "率", keyword + "度") if rate else (keyword,):
        for at, end in text.found(word, first_only=True):
            named.setdefault(end, (at, end))
    found: list[str] = []
    for at, end in sorted(named.values()):
        spend(1 + (end - at) // _READ_PER_STEP)
        for match in _FIGURE.finditer(text.joined, at, end):
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


# what may stand between an indicator's full name and the figure a text gives for it
_STATED = re.compile(
    r"\s*(?:为|是|达到|达|共|计|:)?\s*(?P<figure>(?:不低于|不少于|不小于|不高于|不超过|不大于|至少|"
    r"≥|≤|>=|<=|>|<|=)?\s*\d[\d,]*(?:\.\d+)?\s*(?:%|万|亿|千)?[\u4e00-\u9fff㎡A-Za-z]{0,3})"
)


def stated_for(
    texts: Iterable[str] | Clauses, name: str, like: Cell, spend: Spend = _free
) -> list[str]:
    """Figures the texts write right after the indicator's full name (``培训合格率98%``,
    ``服务对象满意度为96%``, ``举办培训不少于10场``), of the same kind as ``like``.

    Stricter than :func:`mentioned`: the name as the table writes it, then at most a linking
    word (为, 达到 …) and a comparator, then the figure; only the first figure after each
    mention counts, and only one comparable with ``like`` (see :func:`mentioned`).
    """
    folded = fold(name)
    if len(folded) < 2:
        return []
    text = _clauses_of(texts, spend)
    found: list[str] = []
    for at, end in text.found(folded):
        spend(1 + (end - at) // _READ_PER_STEP)
        match = _STATED.match(text.joined, at + len(folded), end)
        if match and _comparable(read_cell(match["figure"]), like):
            found.append(match["figure"].strip())
    return found


def _comparable(cell: Cell, like: Cell) -> bool:
    """A figure of the text that can restate the table's ``like``: a percentage for a
    percentage, a quantity whose unit converts for a quantity."""
    if cell.kind not in ("number", "quantity") or cell.value is None:
        return False
    if like.percent != cell.percent:
        return False
    return like.percent or (
        cell.unit is not None and like.unit is not None and common_scale(like, cell) is not None
    )


_AMOUNT = re.compile(r"(?P<figure>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")


def amounts_after(
    texts: Iterable[str] | Clauses, keyword: str, window: int = 8, spend: Spend = _free
) -> list[str]:
    """Money figures (with 万元/元) that follow ``keyword`` within ``window`` characters.

    ``amounts_after(["其中年初预算135.35万元"], "年初预算")`` → ``["135.35万元"]``. No
    keyword (an empty text) is followed by nothing.
    """
    folded_keyword = fold(keyword)
    if not folded_keyword:
        return []
    text = _clauses_of(texts, spend)
    found: list[str] = []
    for at, end in text.found(folded_keyword):
        after = at + len(folded_keyword)
        spend(1 + (window + 12) // _READ_PER_STEP)
        match = _AMOUNT.search(text.joined, after, min(after + window + 12, end))
        if match and match.start() - after <= window:
            found.append(
                match.group("figure").replace(",", "").replace("，", "") + match.group("unit")
            )
    return found


# A total a text states for the amounts it lists: 其中A30万元、B30万元、C29.99万元，共计90万元, or
# 30+30+29.99=90万元. Texts are NFKC-folded first, so ，；：（）＋＝ are read as ,;:()+=.
_SENTENCE = re.compile(r"[。!?\n]")
_FIGURE_TEXT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(rf"(?<![\d.,])(?P<figure>{_FIGURE_TEXT})\s*(?P<unit>万元|亿元|元)")
_BARE = re.compile(
    rf"(?<![\d.,])(?P<figure>{_FIGURE_TEXT})(?![\d.,]|\s*[\u4e00-\u9fff%])(?P<unit>)"
)
# the marker, at most six characters (支出, 使用资金 …), then the total
_TOTAL = re.compile(
    r"(?:共计|合计|总计|累计|总共|一共|(?<!公)共(?![同享建性产])|=)"
    rf"(?P<gap>[^\d。;,、+=]{{0,6}}?)(?P<figure>{_FIGURE_TEXT})\s*(?P<unit>万元|亿元|元)"
)
_BREAKDOWN = re.compile(r"其中|包括|分别为|分别是|具体为|具体是|主要用于|明细为|明细如下")
_NOT_A_PART = re.compile(r"结余|节余|剩余|余额|节约|执行率|等")
_ROUGH_BEFORE = re.compile(r"(?:约|近|逾|超|超过)\s*$")
_ROUGH_AFTER = re.compile(r"\s*(?:余|多|左右|以上|以下|\((?:含|包括|其中))")


def listed_totals(text: str, spend: Spend = _free) -> list[tuple[list[str], str]]:
    """The totals ``text`` states for amounts it lists right before them, with those amounts.

    A listing is two or more money figures in the total's unit joined by 、, ；, 和, 及 or +
    (or by ， after 其中, 包括, 分别为 …), followed in the same sentence by 共计, 合计, 总计,
    累计, 共 or = and the total: ``其中A30万元、B30万元、C29.99万元，共计90万元`` gives
    ``(["30万元", "30万元", "29.99万元"], "90万元")``. In a chain joined by + the figures may
    leave the unit to the total (``30+30+29.99=90万元``). Nothing approximate (约, 余, 左右),
    no list left open (等, a total followed by （含…）), no balance (结余) and no figure in
    another unit is read; figures in brackets are details of the one before them, unless every
    figure is in brackets.
    """
    spend(1 + len(text) // _LISTED_PER_STEP)
    found: list[tuple[list[str], str]] = []
    for sentence in _SENTENCE.split(fold(text)):
        start = 0
        for total in _TOTAL.finditer(sentence):
            listing = _listing(sentence, start, total)
            start = total.end()
            if listing is not None:
                found.append(listing)
    return found


def _listing(sentence: str, start: int, total: re.Match[str]) -> tuple[list[str], str] | None:
    """The parts before one stated total (between ``start`` and it), or None."""
    if _ROUGH_AFTER.match(sentence, total.end()) or re.search(
        r"约|近|逾|超|结余|节余|剩余|余额|节约", total["gap"]
    ):
        return None
    end, unit, chained = total.start(), total["unit"], total.group().startswith("=")
    text = _details_hidden(sentence, start, end)
    numbers = sorted(
        [*_MONEY.finditer(text, start, end), *filter(_in_chain, _BARE.finditer(text, start, end))],
        key=lambda m: m.start(),
    )
    if not numbers or text[numbers[-1].end() : end].strip(",;:) "):
        return None  # something else stands between the last figure and the total (等, 其他 …)
    # where the first word that opens a breakdown (其中, 分别为 …) ends, if one does
    opening = _BREAKDOWN.search(text, start, end)
    opened = opening.end() if opening is not None else end + 1
    parts = [numbers[-1]]
    for earlier in reversed(numbers[:-1]):
        gap = text[earlier.end() : parts[0].start()]
        plus = gap.strip() == "+"
        if _BREAKDOWN.search(gap) or _NOT_A_PART.search(gap) or "=" in gap:
            break
        if not plus and not earlier["unit"]:
            break  # a bare figure is a part only in a chain joined by +
        if (
            not plus
            and not re.search(r"[、;和及]", gap)
            and not ("," in gap and opened <= earlier.start())
        ):
            break
        parts.insert(0, earlier)
    between = _without(text, parts[0].start(), end, parts)
    if any(m["unit"] not in (unit, "") for m in parts) or _MONEY.search(between):
        return None  # a figure in another unit among the parts
    if len(parts) < 2 or (any(not m["unit"] for m in parts) and not chained):
        return None
    if any(
        _ROUGH_BEFORE.search(text, max(0, m.start() - 8), m.start())
        or _ROUGH_AFTER.match(text, m.end())
        for m in parts
    ):
        return None
    return [_figure(m) for m in parts], _figure(total)


def _details_hidden(sentence: str, start: int, end: int) -> str:
    """``sentence`` with what brackets hold between ``start`` and ``end`` blanked out, when
    figures stand both inside and outside brackets there: 50万元（含B 20万元）is one part."""
    inside = []
    depth = 0
    for at in range(start, end):
        char = sentence[at]
        depth += char == "("
        inside.append(depth > 0)
        depth -= char == ")" and depth > 0
    figures = [m.start() for m in _MONEY.finditer(sentence, start, end)]
    held = [inside[at - start] for at in figures]
    if all(held) or not any(held):
        return sentence
    pairs = zip(sentence[start:end], inside, strict=True)
    blanked = "".join(" " if hidden else char for char, hidden in pairs)
    return sentence[:start] + blanked + sentence[end:]


def _in_chain(match: re.Match[str]) -> bool:
    """A bare figure next to + or followed by = (30+30+29.99=90万元)."""
    text, before = match.string, match.start()
    while before > 0 and text[before - 1].isspace():  # only the spaces before it: no copy
        before -= 1
    return (before > 0 and text[before - 1] == "+") or bool(_CHAINED_AFTER.match(text, match.end()))


_CHAINED_AFTER = re.compile(r"\s*[+=]")
_LISTED_PER_STEP = 2
"""Characters of a text read for listed totals per step (brackets are followed character by
character)."""


def _without(sentence: str, begin: int, end: int, parts: list[re.Match[str]]) -> str:
    """The text from ``begin`` to ``end`` without the parts' own figures."""
    kept, at = [], begin
    for match in parts:
        kept.append(sentence[at : match.start()])
        at = match.end()
    kept.append(sentence[at:end])
    return "".join(kept)


def _figure(match: re.Match[str]) -> str:
    return match["figure"].replace(",", "") + (match["unit"] or "")
