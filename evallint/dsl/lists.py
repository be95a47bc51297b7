"""What the functions of the language over lists and objects compute: aggregates,
``count``, ``distinct``/``repeated``, and ``keys``/``values``/``get``.

Over a collection drawn from the report, aggregates skip blank cells; over operands
the rule writes out, every one counts (the compiler picks the ``written`` variant).
Every one is bounded: its elements are paid for from the evaluation's step budget.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from evallint.dsl.library import Eager
from evallint.dsl.values import (
    UNKNOWN,
    Env,
    equals,
    is_blank,
    normal_text,
    show,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError
from evallint.schema import field_titles


def _list(name: str, value: Any) -> list[Any] | None:
    if value is UNKNOWN or value is None:
        return None
    if not isinstance(value, list):
        raise EvaluationError(f"{name}() needs a list, got {type_name(value)} {show(value)}")
    return value


def _numbers(
    name: str, values: list[Any], env: Env, *, written: bool = False
) -> list[Decimal] | None:
    """The numbers of ``values``; ``None`` when one is unreadable.

    Blanks are skipped in a collection drawn from the report (the cells of a
    column); in a list the rule writes out (``written``) every operand counts,
    so a blank one makes the answer unknown.
    """
    env.spend(len(values))
    numbers: list[Decimal] = []
    for value in values:
        if is_blank(value, env):
            if written:
                return None
            continue
        number = to_number(value, env)
        if number is UNKNOWN:
            return None
        numbers.append(number)
    return numbers


# --- objects ---------------------------------------------------------------------------


def _object(name: str, value: Any, env: Env) -> dict[str, Any] | None:
    if is_blank(value, env):
        return None
    if not isinstance(value, dict):
        raise EvaluationError(f"{name}() needs an object, got {type_name(value)} {show(value)}")
    return value


def keys(env: Env, args: list[Any]) -> Any:
    obj = _object("keys", args[0], env)
    if obj is None:
        return UNKNOWN
    env.spend(len(obj))
    return list(obj)


def values(env: Env, args: list[Any]) -> Any:
    obj = _object("values", args[0], env)
    if obj is None:
        return UNKNOWN
    env.spend(len(obj))
    return list(obj.values())


def get(env: Env, args: list[Any]) -> Any:
    key = args[1]
    if isinstance(args[0], list):  # a list of objects: that field of each (a projection)
        env.spend(len(args[0]))
        return [get(env, [one, key]) if isinstance(one, dict) else None for one in args[0]]
    obj = _object("get", args[0], env)
    if obj is None or key is UNKNOWN or key is None:
        return UNKNOWN
    if isinstance(key, list):  # several names: the list of their values
        env.spend(len(key))
        if not all(isinstance(one, str) for one in key):
            raise EvaluationError(f"get() looks fields up by their names (text), got {show(key)}")
        return [obj.get(one) for one in key]
    if not isinstance(key, str):
        raise EvaluationError(f"get() looks a field up by its name (text), got {show(key)}")
    return obj.get(key)


def type_of(env: Env, args: list[Any]) -> Any:
    value = args[0]
    if value is UNKNOWN:
        return UNKNOWN
    return _TYPES.get(type(value), "other")


_TYPES = {
    dict: "object",
    list: "list",
    str: "text",
    Decimal: "number",
    int: "number",
    bool: "boolean",
    type(None): "null",
}


def label(env: Env, args: list[Any]) -> Any:
    key = args[0]
    if is_blank(key, env):
        return UNKNOWN
    if not isinstance(key, str):
        raise EvaluationError(f"label() takes a field's name (text), got {show(key)}")
    return field_titles().get(key, key)


# --- aggregates -----------------------------------------------------------------------


def aggregate(
    name: str, finish: Callable[[list[Decimal]], Decimal], *, written: bool = False
) -> Eager:
    """``sum``, ``avg``, ``min`` or ``max``: of a list, or (``min``/``max``) of several arguments.

    With ``written`` (the compiler's choice, for a list the rule writes out or
    several arguments) a blank operand makes the result unknown; over a
    collection from the report, blanks are skipped. No number at all: unknown,
    as in SQL (the sum of no values is not 0).
    """

    def run(env: Env, args: list[Any]) -> Any:
        if len(args) == 1:
            values = _list(name, args[0])
            if values is None:
                return UNKNOWN
        else:
            values = args
        numbers = _numbers(name, values, env, written=written)
        if not numbers:
            return UNKNOWN
        return finish(numbers)

    return run


def _total(numbers: list[Decimal]) -> Decimal:
    return sum(numbers, Decimal(0))


def _mean(numbers: list[Decimal]) -> Decimal:
    return sum(numbers, Decimal(0)) / len(numbers)


AGGREGATES: dict[str, Callable[[list[Decimal]], Decimal]] = {
    "sum": _total,
    "avg": _mean,
    "min": min,
    "max": max,
}


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


def repeated(env: Env, args: list[Any]) -> Any:
    """``repeated(list)``: the filled values that occur more than once, each once, in the
    order they first occur (as first written)."""
    values = _list("repeated", args[0])
    if values is None:
        return UNKNOWN
    env.spend(len(values))
    firsts = _distinct_texts(values, env)
    if firsts is not None:  # texts: count the folded ones in one pass
        counts: dict[str, int] = {}
        for value in values:
            if env.cell(value).kind != "blank":
                folded = normal_text(value, env)
                counts[folded] = counts.get(folded, 0) + 1
        return [value for value in firsts if counts[normal_text(value, env)] > 1]
    env.spend(len(values) * len(values) // 2)
    kept: list[Any] = []
    for index, value in enumerate(values):
        if is_blank(value, env) or any(equals(value, seen, env) is True for seen in kept):
            continue
        if any(equals(value, later, env) is True for later in values[index + 1 :]):
            kept.append(value)
    return kept


def count(env: Env, args: list[Any]) -> Any:
    """``count(list)``: how many elements are filled in (with a predicate it is a loop of
    the generated code)."""
    items = _list("count", args[0])
    if items is None:
        return UNKNOWN
    env.spend(len(items))
    return Decimal(sum(1 for item in items if not is_blank(item, env)))
