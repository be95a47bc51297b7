"""The functions of the language: an explicit registry, name → signature, doc, code.

(Over 500 lines: one entry of about ten lines per function, and the entries are the
documentation — ``docs/functions.md`` is generated from them.)

The code of each function is in :mod:`evallint.dsl.library`, :mod:`evallint.dsl.lists`
and :mod:`evallint.dsl.domain_functions`; this table says how it is called and what it
does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from evallint.domain.cells import Cell
from evallint.dsl import domain_functions, library, lists
from evallint.dsl.library import Eager


@dataclass(frozen=True, slots=True)
class Function:
    """One function: how it is called, what it does, and its code."""

    name: str
    signature: str
    doc: str
    min_args: int
    max_args: int
    eager: Eager | None = None
    predicate_arg: int | None = None
    """The argument run once per list element (``count``, ``map``, ``all``, ``any``): a loop
    of the generated code."""
    regex_arg: int | None = None
    path_arg: int | None = None
    """The argument that must be a box of the report (a field path), not a value."""
    example: str = ""
    on_cell: Callable[[Cell], Any] | None = None
    """For a function of one cell: its value from the cell's reading (a fast path)."""
    written: Eager | None = None
    """For an aggregate: the form for a list the rule writes out (every operand counts)."""


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
                'percentage; `""` for a bare number: `blank(unit(x))`); unknown for blank or text.',
                (1, 1),
                'unit("10000册") == "册"',
                eager=library.on_cell("unit", library.unit_of),
                on_cell=library.unit_of,
            ),
            _f(
                "comparator",
                "comparator(cell)",
                'The comparator typed in the cell (`">="`, '
                '`"<="`, `">"`, `"<"`, `"="`, or `""` for none: `filled(comparator(x))`); '
                "unknown for blank or text.",
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
                "decimals",
                "decimals(cell)",
                'How many decimals the cell\'s figure is written with (`2` for `"9.40"`, '
                '`0` for `"９"`); unknown for blank or text. A score written as a whole '
                "number is read differently from one written to a tenth.",
                (1, 1),
                'decimals("94.11%") == 2',
                eager=library.on_cell("decimals", library.decimals_of),
                on_cell=library.decimals_of,
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
                "or a placeholder such as `/` or `—`); unknown for template text left in the "
                "form (`指标1`, a printed instruction): neither an answer nor a blank box.",
                (1, 1),
                'blank("　")',
                eager=library.blank,
            ),
            _f(
                "filled",
                "filled(cell)",
                "`not blank(cell)`: there is a value (unknown for template text left in the form).",
                (1, 1),
                'filled("0")',
                eager=library.filled,
            ),
            _f(
                "on_form",
                "on_form(box)",
                "Whether the form has the box at all (report format v1.1): false for a key the "
                "report leaves out, or a box its layout does not print; true for a box left "
                "blank. The argument is a box of the report (`on_form(deviation)`, "
                "`on_form($.funds.total.initial)`). Never unknown.",
                (1, 1),
                "on_form($.funds.total)",
                eager=library.on_form_value,
                path_arg=0,
            ),
            _f(
                "certain",
                "certain(condition)",
                "Whether the condition is known to hold: true when it is true, false when it "
                "is false or unknown. Never unknown: for a message that must choose its words.",
                (1, 1),
                "not certain(1 > $.funds.total.initial)",
                eager=library.certain,
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
                "The sum of the numbers in the list: blank cells are skipped (a funds row "
                "left blank adds nothing), whether the list comes from the report or is "
                "written in the rule; unknown when none is filled or one is unreadable.",
                (1, 1),
                'sum(["10", "１０", 5]) == 25',
                eager=lists.aggregate("sum", lists.AGGREGATES["sum"]),
            ),
            _f(
                "count",
                "count(list[, predicate])",
                "How many elements are filled in (with a "
                "predicate: how many it holds for, each element being the current item).",
                (1, 2),
                'count(["a", "", null]) == 1',
                eager=lists.count,
                predicate_arg=1,
            ),
            _f(
                "repeated",
                "repeated(list)",
                "The filled-in values that occur more than once (compared as `==` does), "
                "each once, in the order they first occur: `repeated(indicators.name)` names "
                "the duplicated indicators.",
                (1, 1),
                'repeated(["a", "b", "a", "", ""]) == ["a"]',
                eager=lists.repeated,
            ),
            _f(
                "map",
                "map(list, expression)",
                "The value of the expression for each element, each being the current item "
                "(`map(keys($.categories), len(@))`); an unknown value is null in the list. "
                "Work it out once and use the list, rather than again for every row.",
                (2, 2),
                'map(["a", "bb"], len(@)) == [1, 2]',
                predicate_arg=1,
            ),
            _f(
                "min",
                "min(list) | min(a, b, ...)",
                "The smallest number (blanks as for `sum`: several arguments are written "
                "operands, so a blank one makes it unknown).",
                (1, 50),
                "min(3, 1, 2) == 1",
                eager=lists.aggregate("min", lists.AGGREGATES["min"]),
                written=lists.aggregate("min", lists.AGGREGATES["min"], written=True),
            ),
            _f(
                "max",
                "max(list) | max(a, b, ...)",
                "The largest number (blanks as for `sum`).",
                (1, 50),
                "max([3, 1, 2]) == 3",
                eager=lists.aggregate("max", lists.AGGREGATES["max"]),
                written=lists.aggregate("max", lists.AGGREGATES["max"], written=True),
            ),
            _f(
                "avg",
                "avg(list)",
                "The mean of the numbers (blanks as for `sum`).",
                (1, 1),
                "avg([1, 2]) == 1.5",
                eager=lists.aggregate("avg", lists.AGGREGATES["avg"]),
                written=lists.aggregate("avg", lists.AGGREGATES["avg"], written=True),
            ),
            _f(
                "all",
                "all(list, predicate)",
                "Whether the predicate holds for every element "
                "(false if it fails for one, else unknown if unknown for one; true for []).",
                (2, 2),
                "all([1, 2], @ > 0)",
                predicate_arg=1,
            ),
            _f(
                "any",
                "any(list, predicate)",
                "Whether the predicate holds for some element "
                "(true if it holds for one, else unknown if unknown for one; false for []).",
                (2, 2),
                "any([1, 2], @ > 1)",
                predicate_arg=1,
            ),
            _f(
                "distinct",
                "distinct(list)",
                "The filled-in elements without repeats "
                "(compared as `==` does), in first-seen order.",
                (1, 1),
                'len(distinct(["a", "a ", "b"])) == 2',
                eager=lists.distinct,
            ),
            # objects
            _f(
                "keys",
                "keys(object)",
                "The names of the object's fields, in their order "
                '(`keys($.categories)` gives `["产出指标", …]`).',
                (1, 1),
                'keys($.funds)[0] == "weight"',
                eager=lists.keys,
            ),
            _f(
                "values",
                "values(object)",
                "The values of the object's fields, in their order.",
                (1, 1),
                "len(values($.categories)) == 3",
                eager=lists.values,
            ),
            _f(
                "get",
                "get(object, name)",
                "The field called `name` (a computed text) of the object; null when it "
                "has none (`get($.categories, level1)`). Given a list of names, the list of "
                "their fields; given a list of objects, that field of each (as `list.name` "
                "does for a name written in the rule).",
                (2, 2),
                'get($.categories, "效益指标") == 30',
                eager=lists.get,
            ),
            _f(
                "type",
                "type(value)",
                'What a value is: `"object"`, `"list"`, `"text"`, `"number"`, `"boolean"` or '
                '`"null"` (a cell is text or a number, whatever it reads as).',
                (1, 1),
                'type($.funds.total) == "object"',
                eager=lists.type_of,
            ),
            _f(
                "label",
                "label(name)",
                "How the form labels the field called `name` (its title in the report "
                'format: `label("score")` is `"得分"`); the name itself for a field the '
                "format does not know.",
                (1, 1),
                'label("target") == "年度指标值"',
                eager=lists.label,
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
                "direction(target[, level2[, name[, nature]]])",
                'The direction of a target: `"pos"` (正向, at least), `"neg"` (反向, at most), '
                '`"eq"`, or `"range"`. The target\'s own comparator wins; a bare target takes '
                "the row's 指标性质 column (`nature`: ≤, 不超过, 反向 … or "
                "≥, 不低于, 正向 …) where the form has one, else it is "
                '`"neg"` for a 成本 row or a name about what one wants less of '
                '(控制, 投诉, 事故, 时长…), and `"pos"` otherwise; unknown for prose.',
                (1, 4),
                'direction("90", "数量指标", "培训场次", "不高于") == "neg"',
                eager=domain_functions.direction,
            ),
            _f(
                "grade",
                "grade(outcome)",
                "The band a prose outcome names: 1 达成 (完成, 达成预期指标, 合格…), 2 部分达成 "
                "(基本完成, 部分达成…), 3 未达成 (未完成, 不合格…); unknown for other prose "
                "(较好, 有所提升), numbers and blanks.",
                (1, 1),
                'grade("达成预期指标") == 1',
                eager=domain_functions.grade,
            ),
            _f(
                "mentioned",
                "mentioned(texts, name, like)",
                "Figures the narrative gives for the indicator `name` (a rate by its stem and "
                "率/度, e.g. 办结率; else the name without a leading verb), of the same kind as "
                "the cell `like` (a percentage, or a unit that converts).",
                (3, 3),
                'mentioned(["办结率95.59%"], "企业问题办结", "95.66%") == ["95.59%"]',
                eager=domain_functions.mentioned,
            ),
            _f(
                "misstated",
                "misstated(texts, name, figure)",
                "The positions (0, 1, …) of the texts that give, for the indicator `name`, a "
                "figure that does not restate the table's `figure` (see `mentioned`, "
                "`restates`).",
                (3, 3),
                'misstated(["满意率达90%", "办结率95.66%"], "办理满意度", "90.5%") == [0]',
                eager=domain_functions.misstated,
            ),
            _f(
                "stated_for",
                "stated_for(texts, name, like)",
                "Figures the texts write right after the indicator's full `name` "
                "(`培训合格率98%`, `满意度为96%`, `举办培训不少于10场`: the name, at most a "
                "linking word and a comparator, the figure), of the same kind as the cell "
                "`like`. Stricter than `mentioned`: for a text written in the table's words.",
                (3, 3),
                'stated_for("服务企业1226家，满意度为96%", "服务企业", "1200家") == ["1226家"]',
                eager=domain_functions.stated_for,
            ),
            _f(
                "amounts_after",
                "amounts_after(texts, keyword)",
                "Money figures (with 万元/元) written right after `keyword` in the texts.",
                (2, 2),
                'amounts_after("其中年初预算135.35万元", "年初预算") == ["135.35万元"]',
                eager=domain_functions.amounts_after,
            ),
            _f(
                "listed_totals",
                "listed_totals(texts)",
                "The totals a text states for money it lists right before them, each as "
                '`{"parts": [...], "total": ...}` (read them with `get`): two or more '
                "amounts joined by 、 ； 和 + (or by ， after 其中, 包括, 分别为 …), then "
                "共计, 合计, 总计, 累计, 共 or = and the total in the same sentence. Not "
                "read: a total given as approximate (约, 余, 左右), a list left open (等), "
                "a 结余, amounts in another unit.",
                (1, 1),
                'sum(get(listed_totals("其中A30万元、B29.99万元，共计60万元")[0], "parts"))'
                " == 59.99",
                eager=domain_functions.listed_totals,
            ),
            _f(
                "restates",
                "restates(text_figure, table_figure)",
                "Whether a figure in the text says the same number as the form, at the "
                "coarser of the two precisions (rounded half up): 90% does not restate "
                "90.5%, 1.2万册 does not restate 10000册.",
                (2, 2),
                'restates("95.7%", "95.66%")',
                eager=domain_functions.restates,
            ),
            _f(
                "agrees",
                "agrees(shown, exact)",
                "Whether a shown figure is the exact value rounded half up — or truncated — "
                "to the decimals it shows (a percentage compared in percent points).",
                (2, 2),
                'agrees("94%", 127.38 / 135.35)',
                eager=domain_functions.agrees(False),
            ),
            _f(
                "agrees_rate",
                "agrees_rate(shown, exact)",
                "`agrees` for a rate column, where a bare number is in percent points "
                '(`94.11` or `"94%"` for 0.9411).',
                (2, 2),
                "agrees_rate(94.11, 127.38 / 135.35)",
                eager=domain_functions.agrees(True),
            ),
            _f(
                "rate_rounded",
                "rate_rounded(shown, exact)",
                "The exact ratio in percent points, rounded half up to the decimals the shown "
                "rate has: what a 执行率 cell should show (`97.81` for `97.80%` when the exact "
                "rate is 97.8086 %).",
                (2, 2),
                'rate_rounded("97.80%", 0.978086) == 97.81',
                eager=domain_functions.rate_rounded,
            ),
            _f(
                "shows",
                "shows(shown, exact)",
                "Whether a figure typed on the form shows the exact value: rounded half up "
                "or truncated to the decimals it shows (`agrees`), or equal within the "
                "precision both sides were written with (`close`, intervals carried through "
                "the arithmetic of `exact`). The way a reviewer accepts a score or an amount.",
                (2, 2),
                'shows(9.4, 10 * 127.38 / "135.35")',
                eager=domain_functions.shows(False),
            ),
            _f(
                "shows_rate",
                "shows_rate(shown, exact)",
                "`shows` for a rate cell, where a bare number is in percent points "
                '(`"94%"`, `94` and `94.11` all show 127.38 / 135.35).',
                (2, 2),
                'shows_rate("94%", 127.38 / 135.35)',
                eager=domain_functions.shows(True),
            ),
            _f(
                "convertible",
                "convertible(a, b)",
                "Whether two cells' units are the same or convert (万元 ↔ 元, 人次 ↔ 次; a side "
                "without a unit takes the other's; a percentage only meets a percentage).",
                (2, 2),
                'not convertible("10个", "10%")',
                eager=domain_functions.convertible,
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
