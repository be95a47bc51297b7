"""What each function of the language computes (the registry is :mod:`evallint.dsl.functions`).

An *eager* function receives its arguments' values; a function with a
predicate argument (``all``, ``any``, ``count``) receives the predicate as a
closure and runs it with each list element as the current item. Every one is
pure and bounded: lists are paid for from the evaluation's step budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from evallint.domain import figures, narrative, outcomes
from evallint.domain.cells import Cell, read_cell
from evallint.dsl.values import (
    UNKNOWN,
    Closure,
    Env,
    Interval,
    cell_of,
    equals,
    is_blank,
    normal_text,
    round_half_up,
    show,
    to_bool,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError

Eager = Callable[[Env, list[Any]], Any]
WithPredicate = Callable[[Env, Any, Closure | None], Any]

MAX_MATCH_TEXT = 5_000
"""Longest text ``matches`` looks at, in characters."""


# --- helpers ------------------------------------------------------------------------


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


def num_of(cell: Cell) -> Any:
    return cell.number if cell.kind in ("number", "quantity") else UNKNOWN


def ratio_of(cell: Cell) -> Any:
    if cell.kind not in ("number", "quantity") or cell.value is None:
        return UNKNOWN
    return cell.value.scaleb(-2)


def unit_of(cell: Cell) -> Any:
    if cell.kind in ("blank", "text"):
        return UNKNOWN
    return "%" if cell.percent else (cell.unit or "")


def comparator_of(cell: Cell) -> Any:
    if cell.kind in ("blank", "text"):
        return UNKNOWN
    return cell.comparator or ""


def percent_of(cell: Cell) -> Any:
    return UNKNOWN if cell.kind in ("blank", "text") else cell.percent


def kind_of(cell: Cell) -> Any:
    return cell.kind


def on_cell(name: str, of: Callable[[Cell], Any]) -> Eager:
    """The eager form of a function of one cell."""

    def call(env: Env, args: list[Any]) -> Any:
        return of(_need_cell(name, args[0], env))

    return call


def blank(env: Env, args: list[Any]) -> Any:
    return is_blank(args[0], env)


def filled(env: Env, args: list[Any]) -> Any:
    return not is_blank(args[0], env)


def text_of(env: Env, args: list[Any]) -> Any:
    value = args[0]
    if is_blank(value, env):
        return ""
    text = _text("text", value, env)
    return UNKNOWN if text is None else text


def length(env: Env, args: list[Any]) -> Any:
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


def sum_of(env: Env, args: list[Any]) -> Any:
    values = _list("sum", args[0])
    if values is None:
        return UNKNOWN
    numbers = _numbers("sum", values, env)
    if not numbers:
        return UNKNOWN  # as SQL: the sum of no values is unknown, not 0
    return sum(numbers, Decimal(0))


def average(env: Env, args: list[Any]) -> Any:
    values = _list("avg", args[0])
    if values is None:
        return UNKNOWN
    numbers = _numbers("avg", values, env)
    if not numbers:
        return UNKNOWN
    return sum(numbers, Decimal(0)) / len(numbers)


def extreme(name: str, pick: Callable[[list[Decimal]], Decimal]) -> Eager:
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


def distinct(env: Env, args: list[Any]) -> Any:
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


def count(env: Env, values: Any, predicate: Closure | None) -> Any:
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


def quantifier(name: str, combine: Callable[[Any], Any]) -> WithPredicate:
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


def rounded(env: Env, args: list[Any]) -> Any:
    number = to_number(args[0], env)
    places = to_number(args[1], env) if len(args) > 1 else Decimal(0)
    if number is UNKNOWN or places is UNKNOWN:
        return UNKNOWN
    if places != places.to_integral_value() or not -10 <= places <= 10:
        raise EvaluationError(
            f"round() needs a whole number of places from -10 to 10, got {places}"
        )
    return round_half_up(number, int(places))


def absolute(env: Env, args: list[Any]) -> Any:
    number = to_number(args[0], env)
    return UNKNOWN if number is UNKNOWN else abs(number)


def met(env: Env, args: list[Any]) -> Any:
    nature = args[2] if len(args) > 2 else None
    unit = args[3] if len(args) > 3 else None
    target, actual = args[0], args[1]
    if not isinstance(target, (str, Decimal)) or not isinstance(actual, (str, Decimal)):
        if target is None or actual is None or target is UNKNOWN or actual is UNKNOWN:
            return UNKNOWN
        raise EvaluationError("met() compares two cells")
    if nature is None and unit is None:
        target_cell = _need_cell("met", target, env)
        actual_cell = _need_cell("met", actual, env)
    else:
        nature_text = nature if isinstance(nature, str) else None
        unit_text = unit if isinstance(unit, str) else None
        target_cell = read_cell(target, nature=nature_text, unit=unit_text)
        actual_cell = read_cell(actual, unit=unit_text)
    result = figures.target_met(target_cell, actual_cell)
    return UNKNOWN if result is None else result


def close_with_tolerance(env: Env, args: list[Any]) -> Any:
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


def matches(env: Env, args: list[Any]) -> Any:
    match = _search("matches", env, args)
    return UNKNOWN if match is UNKNOWN else match is not None


def contains(env: Env, args: list[Any]) -> Any:
    text = _text("contains", args[0], env)
    part = _text("contains", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    return part in text


def startswith(env: Env, args: list[Any]) -> Any:
    text = _text("startswith", args[0], env)
    part = _text("startswith", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    return text.startswith(part)


def endswith(env: Env, args: list[Any]) -> Any:
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


def direction(env: Env, args: list[Any]) -> Any:
    cell = _need_cell("direction", args[0], env)
    level2 = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
    name = args[2] if len(args) > 2 and isinstance(args[2], str) else ""
    result = outcomes.direction(cell, level2, name)
    return UNKNOWN if result is None else result


def grade(env: Env, args: list[Any]) -> Any:
    result = outcomes.grade(_need_cell("grade", args[0], env))
    return UNKNOWN if result is None else Decimal(result)


def mentioned(env: Env, args: list[Any]) -> Any:
    texts = _texts("mentioned", args[0], env)
    name = args[1]
    if texts is None or not isinstance(name, str) or is_blank(name, env):
        return UNKNOWN
    like = _need_cell("mentioned", args[2], env)
    if like.kind not in ("number", "quantity"):
        return UNKNOWN
    return narrative.mentioned(texts, name, like)


def misstated(env: Env, args: list[Any]) -> Any:
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
        for figure in narrative.mentioned([text[:MAX_MATCH_TEXT]], name, table):
            if figures.restates(env.cell(figure), table) is False:
                indexes.append(Decimal(index))
                break
    return indexes


def amounts_after(env: Env, args: list[Any]) -> Any:
    texts = _texts("amounts_after", args[0], env)
    keyword = args[1]
    if texts is None or not isinstance(keyword, str):
        return UNKNOWN
    return narrative.amounts_after(texts, keyword)


def restates(env: Env, args: list[Any]) -> Any:
    result = figures.restates(
        _need_cell("restates", args[0], env), _need_cell("restates", args[1], env)
    )
    return UNKNOWN if result is None else result


def agrees(points: bool) -> Eager:
    def agrees(env: Env, args: list[Any]) -> Any:
        shown = _need_cell("agrees", args[0], env)
        exact = to_number(args[1], env)
        if exact is UNKNOWN:
            return UNKNOWN
        result = figures.shown_right(shown, exact, percent_points=points)
        return UNKNOWN if result is None else result

    return agrees


def convertible(env: Env, args: list[Any]) -> Any:
    a, b = _need_cell("convertible", args[0], env), _need_cell("convertible", args[1], env)
    if a.kind not in ("number", "quantity", "range") or b.kind not in (
        "number",
        "quantity",
        "range",
    ):
        return UNKNOWN
    return figures.common_scale(a, b) is not None


def capture(env: Env, args: list[Any]) -> Any:
    match = _search("capture", env, args)
    if match is None or match is UNKNOWN:
        return UNKNOWN
    return match.group(1) if match.re.groups else match.group(0)
