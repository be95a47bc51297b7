"""The functions of the language: an explicit registry, name → signature, code, doc.

Every function is pure and bounded. An *eager* function receives its
arguments' values; a function with a ``predicate`` argument (``all``, ``any``,
``count``) receives the predicate as a closure and runs it with each list
element as the current item. ``docs/functions.md`` is generated from this table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from evallint import domain
from evallint.cells import Cell
from evallint.dsl.values import (
    UNKNOWN,
    Closure,
    Env,
    Interval,
    equals,
    is_blank,
    kleene_all,
    kleene_any,
    normal_text,
    round_half_up,
    show,
    to_bool,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError
from evallint.targets import target_met

Eager = Callable[[Env, list[Any]], Any]
WithPredicate = Callable[[Env, Any, Closure | None], Any]


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


# --- helpers ------------------------------------------------------------------------


def cell_of(value: Any, env: Env) -> Cell | None:
    """The reading of a cell value; ``None`` for a value that is not a cell."""
    if isinstance(value, str):
        return env.cell(value)
    if isinstance(value, Decimal):
        return env.number_cell(value)
    if value is None or value is UNKNOWN:
        return env.cell("")
    return None


def _need_cell(name: str, value: Any, env: Env) -> Cell:
    cell = cell_of(value, env)
    if cell is None:
        raise EvaluationError(f"{name}() reads a cell, got {type_name(value)} {show(value)}")
    return cell


def _list(name: str, value: Any) -> list[Any] | None:
    if value is UNKNOWN or value is None:
        return None
    if not isinstance(value, list):
        raise EvaluationError(f"{name}() needs a list, got {type_name(value)} {show(value)}")
    return value


def _numbers(name: str, values: list[Any], env: Env) -> list[Decimal] | None:
    """The numbers of ``values``, skipping blanks; ``None`` when one is unreadable."""
    env.spend(len(values))
    numbers: list[Decimal] = []
    for value in values:
        if is_blank(value, env):
            continue
        number = to_number(value, env)
        if number is UNKNOWN:
            return None
        numbers.append(number)
    return numbers


def _text(name: str, value: Any, env: Env) -> str | None:
    if value is UNKNOWN:
        return None
    if value is None:
        return ""  # null is a blank cell, whose text is empty
    if isinstance(value, Decimal):
        return str(value)
    if not isinstance(value, str):
        raise EvaluationError(f"{name}() needs text, got {type_name(value)} {show(value)}")
    return normal_text(value, env)


# --- cells --------------------------------------------------------------------------


def _num_of(cell: Cell) -> Any:
    return cell.number if cell.kind in ("number", "quantity") else UNKNOWN


def _ratio_of(cell: Cell) -> Any:
    if cell.kind not in ("number", "quantity") or cell.value is None:
        return UNKNOWN
    return cell.value.scaleb(-2)


def _unit_of(cell: Cell) -> Any:
    if cell.kind in ("blank", "text"):
        return UNKNOWN
    return "%" if cell.percent else (cell.unit or "")


def _comparator_of(cell: Cell) -> Any:
    if cell.kind in ("blank", "text"):
        return UNKNOWN
    return cell.comparator or ""


def _percent_of(cell: Cell) -> Any:
    return UNKNOWN if cell.kind in ("blank", "text") else cell.percent


def _kind_of(cell: Cell) -> Any:
    return cell.kind


def _on_cell(name: str, of: Callable[[Cell], Any]) -> Eager:
    """The eager form of a function of one cell."""

    def call(env: Env, args: list[Any]) -> Any:
        return of(_need_cell(name, args[0], env))

    return call


def _blank(env: Env, args: list[Any]) -> Any:
    return is_blank(args[0], env)


def _filled(env: Env, args: list[Any]) -> Any:
    return not is_blank(args[0], env)


def _text_fn(env: Env, args: list[Any]) -> Any:
    value = args[0]
    if is_blank(value, env):
        return ""
    text = _text("text", value, env)
    return UNKNOWN if text is None else text


def _len(env: Env, args: list[Any]) -> Any:
    value = args[0]
    if isinstance(value, list):
        return Decimal(len(value))
    if isinstance(value, dict):
        return Decimal(len(value))
    if value is UNKNOWN:
        return UNKNOWN
    if value is None:
        return Decimal(0)  # null is a blank cell
    if isinstance(value, str):
        return Decimal(0 if is_blank(value, env) else len(normal_text(value, env)))
    raise EvaluationError(f"len() needs a list or text, got {type_name(value)} {show(value)}")


# --- aggregates -----------------------------------------------------------------------


def _sum(env: Env, args: list[Any]) -> Any:
    values = _list("sum", args[0])
    if values is None:
        return UNKNOWN
    numbers = _numbers("sum", values, env)
    if not numbers:
        return UNKNOWN  # as SQL: the sum of no values is unknown, not 0
    return sum(numbers, Decimal(0))


def _avg(env: Env, args: list[Any]) -> Any:
    values = _list("avg", args[0])
    if values is None:
        return UNKNOWN
    numbers = _numbers("avg", values, env)
    if not numbers:
        return UNKNOWN
    return sum(numbers, Decimal(0)) / len(numbers)


def _extreme(name: str, pick: Callable[[list[Decimal]], Decimal]) -> Eager:
    def extreme(env: Env, args: list[Any]) -> Any:
        if len(args) == 1:
            values = _list(name, args[0])
            if values is None:
                return UNKNOWN
        else:
            values = args
        numbers = _numbers(name, values, env)
        if not numbers:
            return UNKNOWN
        return pick(numbers)

    return extreme


def _distinct_texts(values: list[Any], env: Env) -> list[Any] | None:
    """distinct() in one pass when every value is text that reads as text (names, say).

    For such values ``==`` is equality of the folded text, so a set of folded
    texts finds the repeats; anything else (numbers, quantities) gives None and
    the pairwise comparison decides.
    """
    kept: list[Any] = []
    seen: set[str] = set()
    for value in values:
        if type(value) is not str:
            return None
        kind = env.cell(value).kind
        if kind == "blank":
            continue
        if kind != "text":
            return None
        folded = normal_text(value, env)
        if folded not in seen:
            seen.add(folded)
            kept.append(value)
    return kept


def _distinct(env: Env, args: list[Any]) -> Any:
    values = _list("distinct", args[0])
    if values is None:
        return UNKNOWN
    env.spend(len(values) * len(values) // 4 + len(values))
    texts = _distinct_texts(values, env)
    if texts is not None:
        return texts
    kept: list[Any] = []
    for value in values:
        if is_blank(value, env):
            continue
        if not any(equals(value, seen, env) is True for seen in kept):
            kept.append(value)
    return kept


def _count(env: Env, values: Any, predicate: Closure | None) -> Any:
    items = _list("count", values)
    if items is None:
        return UNKNOWN
    env.spend(len(items))
    if predicate is None:
        return Decimal(sum(1 for item in items if not is_blank(item, env)))
    total = 0
    for item in items:
        saved = env.enter(item)
        try:
            if to_bool(predicate(env)) is True:
                total += 1
        finally:
            env.leave(saved)
    return Decimal(total)


def _quantifier(name: str, combine: Callable[[Any], Any]) -> WithPredicate:
    def quantifier(env: Env, values: Any, predicate: Closure | None) -> Any:
        items = _list(name, values)
        if items is None:
            return UNKNOWN
        assert predicate is not None
        env.spend(len(items))

        def results() -> Any:
            for item in items:
                saved = env.enter(item)
                try:
                    yield predicate(env)
                finally:
                    env.leave(saved)

        return combine(results())

    return quantifier


# --- numbers --------------------------------------------------------------------------


def _round(env: Env, args: list[Any]) -> Any:
    number = to_number(args[0], env)
    places = to_number(args[1], env) if len(args) > 1 else Decimal(0)
    if number is UNKNOWN or places is UNKNOWN:
        return UNKNOWN
    if places != places.to_integral_value() or not -10 <= places <= 10:
        raise EvaluationError(
            f"round() needs a whole number of places from -10 to 10, got {places}"
        )
    return round_half_up(number, int(places))


def _abs(env: Env, args: list[Any]) -> Any:
    number = to_number(args[0], env)
    return UNKNOWN if number is UNKNOWN else abs(number)


def _met(env: Env, args: list[Any]) -> Any:
    nature = args[2] if len(args) > 2 else None
    unit = args[3] if len(args) > 3 else None
    target, actual = args[0], args[1]
    if not isinstance(target, (str, Decimal)) or not isinstance(actual, (str, Decimal)):
        if target is None or actual is None or target is UNKNOWN or actual is UNKNOWN:
            return UNKNOWN
        raise EvaluationError("met() compares two cells")
    from evallint.cells import read_cell

    if nature is None and unit is None:
        target_cell = _need_cell("met", target, env)
        actual_cell = _need_cell("met", actual, env)
    else:
        nature_text = nature if isinstance(nature, str) else None
        unit_text = unit if isinstance(unit, str) else None
        target_cell = read_cell(target, nature=nature_text, unit=unit_text)
        actual_cell = read_cell(actual, unit=unit_text)
    result = target_met(target_cell, actual_cell)
    return UNKNOWN if result is None else result


def _close_with_tolerance(env: Env, args: list[Any]) -> Any:
    a, b, tolerance = (to_number(arg, env) for arg in args)
    if UNKNOWN in (a, b, tolerance):
        return UNKNOWN
    return abs(a - b) <= tolerance


def close_intervals(a: Any, b: Any) -> Any:
    """``close(a, b)`` once both sides are intervals (the compiler calls this)."""
    if not isinstance(a, Interval) or not isinstance(b, Interval):
        return UNKNOWN
    return a.overlaps(b)


# --- text -----------------------------------------------------------------------------


def _search(name: str, env: Env, args: list[Any]) -> Any:
    """The first match of the pattern ``args[1]`` in the text ``args[0]``; UNKNOWN if unknown."""
    text = _text(name, args[0], env)
    pattern = args[1]
    if text is None:
        return UNKNOWN
    if not isinstance(pattern, str):
        raise EvaluationError(f"{name}() needs a pattern in quotes")
    return re.search(pattern, text[:MAX_MATCH_TEXT])


def _matches(env: Env, args: list[Any]) -> Any:
    match = _search("matches", env, args)
    return UNKNOWN if match is UNKNOWN else match is not None


def _contains(env: Env, args: list[Any]) -> Any:
    text = _text("contains", args[0], env)
    part = _text("contains", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    return part in text


def _startswith(env: Env, args: list[Any]) -> Any:
    text = _text("startswith", args[0], env)
    part = _text("startswith", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    return text.startswith(part)


def _endswith(env: Env, args: list[Any]) -> Any:
    text = _text("endswith", args[0], env)
    part = _text("endswith", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    return text.endswith(part)


def _texts(name: str, value: Any, env: Env) -> list[str] | None:
    """One text or a list of texts (blank ones skipped); ``None`` when unknown."""
    if value is UNKNOWN:
        return None
    values = value if isinstance(value, list) else [value]
    env.spend(len(values))
    texts = []
    for item in values:
        if item is None or item is UNKNOWN:
            continue
        if not isinstance(item, str):
            raise EvaluationError(f"{name}() needs text, got {type_name(item)} {show(item)}")
        texts.append(item[:MAX_MATCH_TEXT])
    return texts


def _direction(env: Env, args: list[Any]) -> Any:
    cell = _need_cell("direction", args[0], env)
    level2 = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
    name = args[2] if len(args) > 2 and isinstance(args[2], str) else ""
    result = domain.direction(cell, level2, name)
    return UNKNOWN if result is None else result


def _grade(env: Env, args: list[Any]) -> Any:
    result = domain.grade(_need_cell("grade", args[0], env))
    return UNKNOWN if result is None else Decimal(result)


def _mentioned(env: Env, args: list[Any]) -> Any:
    texts = _texts("mentioned", args[0], env)
    name = args[1]
    if texts is None or not isinstance(name, str) or is_blank(name, env):
        return UNKNOWN
    like = _need_cell("mentioned", args[2], env)
    if like.kind not in ("number", "quantity"):
        return UNKNOWN
    return domain.mentioned(texts, name, like)


def _misstated(env: Env, args: list[Any]) -> Any:
    value = args[0]
    if value is UNKNOWN or value is None:
        return UNKNOWN
    texts = value if isinstance(value, list) else [value]
    env.spend(len(texts))
    name = args[1]
    if not isinstance(name, str) or is_blank(name, env):
        return UNKNOWN
    table = _need_cell("misstated", args[2], env)
    if table.kind not in ("number", "quantity"):
        return UNKNOWN
    indexes = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        for figure in domain.mentioned([text[:MAX_MATCH_TEXT]], name, table):
            if domain.restates(env.cell(figure), table) is False:
                indexes.append(Decimal(index))
                break
    return indexes


def _amounts_after(env: Env, args: list[Any]) -> Any:
    texts = _texts("amounts_after", args[0], env)
    keyword = args[1]
    if texts is None or not isinstance(keyword, str):
        return UNKNOWN
    return domain.amounts_after(texts, keyword)


def _restates(env: Env, args: list[Any]) -> Any:
    result = domain.restates(
        _need_cell("restates", args[0], env), _need_cell("restates", args[1], env)
    )
    return UNKNOWN if result is None else result


def _agrees(points: bool) -> Eager:
    def agrees(env: Env, args: list[Any]) -> Any:
        shown = _need_cell("agrees", args[0], env)
        exact = to_number(args[1], env)
        if exact is UNKNOWN:
            return UNKNOWN
        result = domain.shown_right(shown, exact, percent_points=points)
        return UNKNOWN if result is None else result

    return agrees


def _convertible(env: Env, args: list[Any]) -> Any:
    from evallint.targets import common_scale

    a, b = _need_cell("convertible", args[0], env), _need_cell("convertible", args[1], env)
    if a.kind not in ("number", "quantity", "range") or b.kind not in (
        "number",
        "quantity",
        "range",
    ):
        return UNKNOWN
    return common_scale(a, b) is not None


def _capture(env: Env, args: list[Any]) -> Any:
    match = _search("capture", env, args)
    if match is None or match is UNKNOWN:
        return UNKNOWN
    return match.group(1) if match.re.groups else match.group(0)


MAX_MATCH_TEXT = 5_000
"""Longest text ``matches`` looks at, in characters."""


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
                eager=_on_cell("num", _num_of),
                on_cell=_num_of,
            ),
            _f(
                "ratio",
                "ratio(cell)",
                "The cell as a fraction, reading a bare number as "
                'percent points (`94` → 0.94, `"94%"` → 0.94), as the 执行率 column is written.',
                (1, 1),
                "ratio(94) == 0.94",
                eager=_on_cell("ratio", _ratio_of),
                on_cell=_ratio_of,
            ),
            _f(
                "unit",
                "unit(cell)",
                'The cell\'s unit (`"万元"`, `"个"`; `"%"` for a '
                'percentage; `""` for a bare number); unknown for blank or text.',
                (1, 1),
                'unit("10000册") == "册"',
                eager=_on_cell("unit", _unit_of),
                on_cell=_unit_of,
            ),
            _f(
                "comparator",
                "comparator(cell)",
                'The comparator typed in the cell (`">="`, '
                '`"<="`, `">"`, `"<"`, `"="`, or `""`); unknown for blank or text.',
                (1, 1),
                'comparator("不低于95%") == ">="',
                eager=_on_cell("comparator", _comparator_of),
                on_cell=_comparator_of,
            ),
            _f(
                "percent",
                "percent(cell)",
                "Whether the cell is a percentage.",
                (1, 1),
                'percent("94％")',
                eager=_on_cell("percent", _percent_of),
                on_cell=_percent_of,
            ),
            _f(
                "kind",
                "kind(cell)",
                'What the cell holds: `"blank"`, `"number"`, `"quantity"`, `"range"` or `"text"`.',
                (1, 1),
                'kind("5-10个工作日") == "range"',
                eager=_on_cell("kind", _kind_of),
                on_cell=_kind_of,
            ),
            _f(
                "blank",
                "blank(cell)",
                "Whether nobody filled the cell in (null, white space, "
                "or a placeholder such as `/` or `—`). Never unknown.",
                (1, 1),
                'blank("　")',
                eager=_blank,
            ),
            _f(
                "filled",
                "filled(cell)",
                "`not blank(cell)`: there is a value. Never unknown.",
                (1, 1),
                'filled("0")',
                eager=_filled,
            ),
            _f(
                "text",
                "text(cell)",
                'The cell as text, NFKC-folded and trimmed (`""` for a blank cell).',
                (1, 1),
                'text("　完成 ") == "完成"',
                eager=_text_fn,
            ),
            _f(
                "len",
                "len(value)",
                "The number of elements of a list, or of characters of "
                "a text (trimmed; 0 for a blank cell).",
                (1, 1),
                "len([1, 2, 3]) == 3",
                eager=_len,
            ),
            # aggregates
            _f(
                "sum",
                "sum(list)",
                "The sum of the numbers in the list, skipping blank cells; "
                "unknown when none is filled or one is unreadable.",
                (1, 1),
                'sum(["10", "　", 5]) == 15',
                eager=_sum,
            ),
            _f(
                "count",
                "count(list[, predicate])",
                "How many elements are filled in (with a "
                "predicate: how many it holds for, each element being the current item).",
                (1, 2),
                'count(["a", "", null]) == 1',
                with_predicate=_count,
                predicate_arg=1,
            ),
            _f(
                "min",
                "min(list) | min(a, b, ...)",
                "The smallest number, skipping blanks.",
                (1, 50),
                "min(3, 1, 2) == 1",
                eager=_extreme("min", min),
            ),
            _f(
                "max",
                "max(list) | max(a, b, ...)",
                "The largest number, skipping blanks.",
                (1, 50),
                "max([3, 1, 2]) == 3",
                eager=_extreme("max", max),
            ),
            _f(
                "avg",
                "avg(list)",
                "The mean of the numbers, skipping blanks.",
                (1, 1),
                "avg([1, 2]) == 1.5",
                eager=_avg,
            ),
            _f(
                "all",
                "all(list, predicate)",
                "Whether the predicate holds for every element "
                "(false if it fails for one, else unknown if unknown for one; true for []).",
                (2, 2),
                "all([1, 2], @ > 0)",
                with_predicate=_quantifier("all", kleene_all),
                predicate_arg=1,
            ),
            _f(
                "any",
                "any(list, predicate)",
                "Whether the predicate holds for some element "
                "(true if it holds for one, else unknown if unknown for one; false for []).",
                (2, 2),
                "any([1, 2], @ > 1)",
                with_predicate=_quantifier("any", kleene_any),
                predicate_arg=1,
            ),
            _f(
                "distinct",
                "distinct(list)",
                "The filled-in elements without repeats "
                "(compared as `==` does), in first-seen order.",
                (1, 1),
                'len(distinct(["a", "a ", "b"])) == 2',
                eager=_distinct,
            ),
            # numbers
            _f(
                "round",
                "round(x[, places])",
                "Round half up (四舍五入) to `places` decimals "
                "(default 0): `round(0.125, 2)` is 0.13, never Python's half-even.",
                (1, 2),
                "round(0.125, 2) == 0.13",
                eager=_round,
            ),
            _f("abs", "abs(x)", "The absolute value.", (1, 1), "abs(-2) == 2", eager=_abs),
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
                eager=_met,
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
                eager=_close_with_tolerance,
            ),
            # text
            _f(
                "matches",
                "matches(text, pattern)",
                "Whether the regular expression (a "
                "string in quotes, checked when the rule loads) matches somewhere in the text.",
                (2, 2),
                'matches("暂无", "^(无|暂无)$")',
                eager=_matches,
                regex_arg=1,
            ),
            _f(
                "contains",
                "contains(text, part)",
                "Whether `part` occurs in the text.",
                (2, 2),
                'contains("企业问题办结", "办结")',
                eager=_contains,
            ),
            _f(
                "startswith",
                "startswith(text, prefix)",
                "Whether the text starts with `prefix`.",
                (2, 2),
                'startswith("产出指标", "产出")',
                eager=_startswith,
            ),
            _f(
                "capture",
                "capture(text, pattern)",
                "The first group the regular expression captures in the text (the whole "
                "match when it has no group); unknown when it does not match.",
                (2, 2),
                'capture("自评等级为优", "等级为(优|良|中|差)") == "优"',
                eager=_capture,
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
                eager=_direction,
            ),
            _f(
                "grade",
                "grade(outcome)",
                "The band a prose outcome names: 1 达成 (完成, 达成预期指标, 合格…), 2 部分达成 "
                "(基本完成, 部分达成…), 3 未达成 (未完成, 不合格…); unknown for other prose "
                "(较好, 有所提升), numbers and blanks.",
                (1, 1),
                'grade("达成预期指标") == 1',
                eager=_grade,
            ),
            _f(
                "mentioned",
                "mentioned(texts, name, like)",
                "Figures the narrative gives for the indicator `name` (a rate by its stem and "
                "率/度, e.g. 办结率; else the name without a leading verb), of the same kind as "
                "the cell `like` (a percentage, or a unit that converts).",
                (3, 3),
                'mentioned(["办结率95.59%"], "企业问题办结", "95.66%") == ["95.59%"]',
                eager=_mentioned,
            ),
            _f(
                "misstated",
                "misstated(texts, name, figure)",
                "The positions (0, 1, …) of the texts that give, for the indicator `name`, a "
                "figure that does not restate the table's `figure` (see `mentioned`, "
                "`restates`).",
                (3, 3),
                'misstated(["满意率达90%", "办结率95.66%"], "办理满意度", "90.5%") == [0]',
                eager=_misstated,
            ),
            _f(
                "amounts_after",
                "amounts_after(texts, keyword)",
                "Money figures (with 万元/元) written right after `keyword` in the texts.",
                (2, 2),
                'amounts_after("其中年初预算135.35万元", "年初预算") == ["135.35万元"]',
                eager=_amounts_after,
            ),
            _f(
                "restates",
                "restates(text_figure, table_figure)",
                "Whether a figure in the text says the same number as the form, at the "
                "coarser of the two precisions (rounded half up): 90% does not restate "
                "90.5%, 1.2万册 does not restate 10000册.",
                (2, 2),
                'restates("95.7%", "95.66%")',
                eager=_restates,
            ),
            _f(
                "agrees",
                "agrees(shown, exact)",
                "Whether a shown figure is the exact value rounded half up — or truncated — "
                "to the decimals it shows (a percentage compared in percent points).",
                (2, 2),
                'agrees("94%", 127.38 / 135.35)',
                eager=_agrees(False),
            ),
            _f(
                "agrees_rate",
                "agrees_rate(shown, exact)",
                "`agrees` for a rate column, where a bare number is in percent points "
                '(`94.11` or `"94%"` for 0.9411).',
                (2, 2),
                "agrees_rate(94.11, 127.38 / 135.35)",
                eager=_agrees(True),
            ),
            _f(
                "convertible",
                "convertible(a, b)",
                "Whether two cells' units are the same or convert (万元 ↔ 元, 人次 ↔ 次; a side "
                "without a unit takes the other's; a percentage only meets a percentage).",
                (2, 2),
                'not convertible("10个", "10%")',
                eager=_convertible,
            ),
            _f(
                "endswith",
                "endswith(text, suffix)",
                "Whether the text ends with `suffix`.",
                (2, 2),
                'endswith("数量指标", "指标")',
                eager=_endswith,
            ),
        )
    }
)
"""Every function of the language, by name."""

INTERVAL_FUNCTIONS = frozenset({"num", "ratio", "round", "abs", "sum", "min", "max"})
"""Functions that carry shown precision through to ``close`` (see the compiler)."""
