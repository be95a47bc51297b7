"""The functions of the language: an explicit registry, name → signature, doc, code.

The code of each function is in :mod:`evallint.dsl.library`; this table says
how it is called and what it does, and ``docs/functions.md`` is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from evallint.domain.cells import Cell
from evallint.dsl import library
from evallint.dsl.library import Eager, WithPredicate
from evallint.dsl.values import kleene_all, kleene_any


@dataclass(frozen=True, slots=True)
class Function:
    """One function: how it is called, what it does, and its code."""

    name: str
    signature: str
    doc: str
    min_args: int
    max_args: int
    eager: Eager | None = None
    with_predicate: WithPredicate | None = None
    predicate_arg: int | None = None
    regex_arg: int | None = None
    example: str = ""
    on_cell: Callable[[Cell], Any] | None = None
    """For a function of one cell: its value from the cell's reading (a fast path)."""


def _f(
    name: str, signature: str, doc: str, arity: tuple[int, int], example: str, **kw: Any
) -> Function:
    return Function(name, signature, doc, arity[0], arity[1], example=example, **kw)


FUNCTIONS: Mapping[str, Function] = MappingProxyType(
    {
        f.name: f
        for f in (
            # cells
            _f(
                "num",
                "num(cell)",
                "The cell's number; a percentage is its fraction "
                '(`"94%"` → 0.94); unknown for blank, text or a range.',
                (1, 1),
                'num("≥90%") == 0.9',
                eager=library.on_cell("num", library.num_of),
                on_cell=library.num_of,
            ),
            _f(
                "ratio",
                "ratio(cell)",
                "The cell as a fraction, reading a bare number as "
                'percent points (`94` → 0.94, `"94%"` → 0.94), as the 执行率 column is written.',
                (1, 1),
                "ratio(94) == 0.94",
                eager=library.on_cell("ratio", library.ratio_of),
                on_cell=library.ratio_of,
            ),
            _f(
                "unit",
                "unit(cell)",
                'The cell\'s unit (`"万元"`, `"个"`; `"%"` for a '
                'percentage; `""` for a bare number); unknown for blank or text.',
                (1, 1),
                'unit("10000册") == "册"',
                eager=library.on_cell("unit", library.unit_of),
                on_cell=library.unit_of,
            ),
            _f(
                "comparator",
                "comparator(cell)",
                'The comparator typed in the cell (`">="`, '
                '`"<="`, `">"`, `"<"`, `"="`, or `""`); unknown for blank or text.',
                (1, 1),
                'comparator("不低于95%") == ">="',
                eager=library.on_cell("comparator", library.comparator_of),
                on_cell=library.comparator_of,
            ),
            _f(
                "percent",
                "percent(cell)",
                "Whether the cell is a percentage.",
                (1, 1),
                'percent("94％")',
                eager=library.on_cell("percent", library.percent_of),
                on_cell=library.percent_of,
            ),
            _f(
                "kind",
                "kind(cell)",
                'What the cell holds: `"blank"`, `"number"`, `"quantity"`, `"range"` or `"text"`.',
                (1, 1),
                'kind("5-10个工作日") == "range"',
                eager=library.on_cell("kind", library.kind_of),
                on_cell=library.kind_of,
            ),
            _f(
                "blank",
                "blank(cell)",
                "Whether nobody filled the cell in (null, white space, "
                "or a placeholder such as `/` or `—`). Never unknown.",
                (1, 1),
                'blank("　")',
                eager=library.blank,
            ),
            _f(
                "filled",
                "filled(cell)",
                "`not blank(cell)`: there is a value. Never unknown.",
                (1, 1),
                'filled("0")',
                eager=library.filled,
            ),
            _f(
                "text",
                "text(cell)",
                'The cell as text, NFKC-folded and trimmed (`""` for a blank cell).',
                (1, 1),
                'text("　完成 ") == "完成"',
                eager=library.text_of,
            ),
            _f(
                "len",
                "len(value)",
                "The number of elements of a list, or of characters of "
                "a text (trimmed; 0 for a blank cell).",
                (1, 1),
                "len([1, 2, 3]) == 3",
                eager=library.length,
            ),
            # aggregates
            _f(
                "sum",
                "sum(list)",
                "The sum of the numbers in the list, skipping blank cells; "
                "unknown when none is filled or one is unreadable.",
                (1, 1),
                'sum(["10", "　", 5]) == 15',
                eager=library.sum_of,
            ),
            _f(
                "count",
                "count(list[, predicate])",
                "How many elements are filled in (with a "
                "predicate: how many it holds for, each element being the current item).",
                (1, 2),
                'count(["a", "", null]) == 1',
                with_predicate=library.count,
                predicate_arg=1,
            ),
            _f(
                "min",
                "min(list) | min(a, b, ...)",
                "The smallest number, skipping blanks.",
                (1, 50),
                "min(3, 1, 2) == 1",
                eager=library.extreme("min", min),
            ),
            _f(
                "max",
                "max(list) | max(a, b, ...)",
                "The largest number, skipping blanks.",
                (1, 50),
                "max([3, 1, 2]) == 3",
                eager=library.extreme("max", max),
            ),
            _f(
                "avg",
                "avg(list)",
                "The mean of the numbers, skipping blanks.",
                (1, 1),
                "avg([1, 2]) == 1.5",
                eager=library.average,
            ),
            _f(
                "all",
                "all(list, predicate)",
                "Whether the predicate holds for every element "
                "(false if it fails for one, else unknown if unknown for one; true for []).",
                (2, 2),
                "all([1, 2], @ > 0)",
                with_predicate=library.quantifier("all", kleene_all),
                predicate_arg=1,
            ),
            _f(
                "any",
                "any(list, predicate)",
                "Whether the predicate holds for some element "
                "(true if it holds for one, else unknown if unknown for one; false for []).",
                (2, 2),
                "any([1, 2], @ > 1)",
                with_predicate=library.quantifier("any", kleene_any),
                predicate_arg=1,
            ),
            _f(
                "distinct",
                "distinct(list)",
                "The filled-in elements without repeats "
                "(compared as `==` does), in first-seen order.",
                (1, 1),
                'len(distinct(["a", "a ", "b"])) == 2',
                eager=library.distinct,
            ),
            # numbers
            _f(
                "round",
                "round(x[, places])",
                "Round half up (四舍五入) to `places` decimals "
                "(default 0): `round(0.125, 2)` is 0.13, never Python's half-even.",
                (1, 2),
                "round(0.125, 2) == 0.13",
                eager=library.rounded,
            ),
            _f(
                "abs",
                "abs(x)",
                "The absolute value.",
                (1, 1),
                "abs(-2) == 2",
                eager=library.absolute,
            ),
            _f(
                "met",
                "met(target, actual[, nature[, unit]])",
                "Whether the actual value "
                "meets the target, reading comparators (`≥90%`, `不低于`, `24小时内`), "
                "percentages, ranges and units (万元 ↔ 元); a bare target means at least. "
                "Unknown when either side is blank or prose, or the units do not convert. "
                "`nature` and `unit` are a row's 指标性质 and 度量单位 columns, if any.",
                (2, 4),
                'met(">90%", "95.66%")',
                eager=library.met,
            ),
            _f(
                "close",
                "close(a, b[, tolerance])",
                "Whether two figures agree within the "
                "precision they were written with: `94%` stands for [93.5 %, 94.5 %), `9.4` "
                "for [9.35, 9.45), whole numbers that are not percentages are exact, and "
                'arithmetic carries the intervals (`close(9.4, "94%" * 10)`). With a '
                "tolerance: `|a - b| <= tolerance`.",
                (2, 3),
                'close(9.4, "94%" * 10)',
                eager=library.close_with_tolerance,
            ),
            # text
            _f(
                "matches",
                "matches(text, pattern)",
                "Whether the regular expression (a "
                "string in quotes, checked when the rule loads) matches somewhere in the text.",
                (2, 2),
                'matches("暂无", "^(无|暂无)$")',
                eager=library.matches,
                regex_arg=1,
            ),
            _f(
                "contains",
                "contains(text, part)",
                "Whether `part` occurs in the text.",
                (2, 2),
                'contains("企业问题办结", "办结")',
                eager=library.contains,
            ),
            _f(
                "startswith",
                "startswith(text, prefix)",
                "Whether the text starts with `prefix`.",
                (2, 2),
                'startswith("产出指标", "产出")',
                eager=library.startswith,
            ),
            _f(
                "capture",
                "capture(text, pattern)",
                "The first group the regular expression captures in the text (the whole "
                "match when it has no group); unknown when it does not match.",
                (2, 2),
                'capture("自评等级为优", "等级为(优|良|中|差)") == "优"',
                eager=library.capture,
                regex_arg=1,
            ),
            # the form's domain
            _f(
                "direction",
                "direction(target[, level2[, name]])",
                'The direction of a target: `"pos"` (正向, at least), `"neg"` (反向, at most), '
                '`"eq"`, or `"range"`. A bare target is `"neg"` for a 成本 row or a name about '
                'what one wants less of (控制, 投诉, 事故, 时长…), else `"pos"`; unknown '
                "for prose.",
                (1, 3),
                'direction("≤90万元") == "neg"',
                eager=library.direction,
            ),
            _f(
                "grade",
                "grade(outcome)",
                "The band a prose outcome names: 1 达成 (完成, 达成预期指标, 合格…), 2 部分达成 "
                "(基本完成, 部分达成…), 3 未达成 (未完成, 不合格…); unknown for other prose "
                "(较好, 有所提升), numbers and blanks.",
                (1, 1),
                'grade("达成预期指标") == 1',
                eager=library.grade,
            ),
            _f(
                "mentioned",
                "mentioned(texts, name, like)",
                "Figures the narrative gives for the indicator `name` (a rate by its stem and "
                "率/度, e.g. 办结率; else the name without a leading verb), of the same kind as "
                "the cell `like` (a percentage, or a unit that converts).",
                (3, 3),
                'mentioned(["办结率95.59%"], "企业问题办结", "95.66%") == ["95.59%"]',
                eager=library.mentioned,
            ),
            _f(
                "misstated",
                "misstated(texts, name, figure)",
                "The positions (0, 1, …) of the texts that give, for the indicator `name`, a "
                "figure that does not restate the table's `figure` (see `mentioned`, "
                "`restates`).",
                (3, 3),
                'misstated(["满意率达90%", "办结率95.66%"], "办理满意度", "90.5%") == [0]',
                eager=library.misstated,
            ),
            _f(
                "amounts_after",
                "amounts_after(texts, keyword)",
                "Money figures (with 万元/元) written right after `keyword` in the texts.",
                (2, 2),
                'amounts_after("其中年初预算135.35万元", "年初预算") == ["135.35万元"]',
                eager=library.amounts_after,
            ),
            _f(
                "restates",
                "restates(text_figure, table_figure)",
                "Whether a figure in the text says the same number as the form, at the "
                "coarser of the two precisions (rounded half up): 90% does not restate "
                "90.5%, 1.2万册 does not restate 10000册.",
                (2, 2),
                'restates("95.7%", "95.66%")',
                eager=library.restates,
            ),
            _f(
                "agrees",
                "agrees(shown, exact)",
                "Whether a shown figure is the exact value rounded half up — or truncated — "
                "to the decimals it shows (a percentage compared in percent points).",
                (2, 2),
                'agrees("94%", 127.38 / 135.35)',
                eager=library.agrees(False),
            ),
            _f(
                "agrees_rate",
                "agrees_rate(shown, exact)",
                "`agrees` for a rate column, where a bare number is in percent points "
                '(`94.11` or `"94%"` for 0.9411).',
                (2, 2),
                "agrees_rate(94.11, 127.38 / 135.35)",
                eager=library.agrees(True),
            ),
            _f(
                "convertible",
                "convertible(a, b)",
                "Whether two cells' units are the same or convert (万元 ↔ 元, 人次 ↔ 次; a side "
                "without a unit takes the other's; a percentage only meets a percentage).",
                (2, 2),
                'not convertible("10个", "10%")',
                eager=library.convertible,
            ),
            _f(
                "endswith",
                "endswith(text, suffix)",
                "Whether the text ends with `suffix`.",
                (2, 2),
                'endswith("数量指标", "指标")',
                eager=library.endswith,
            ),
        )
    }
)
"""Every function of the language, by name."""

INTERVAL_FUNCTIONS = frozenset({"num", "ratio", "round", "abs", "sum", "min", "max"})
"""Functions that carry shown precision through to ``close`` (see the compiler)."""
