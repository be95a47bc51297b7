"""What the code generated from rules calls: the value model's operations, one function each.

The generated functions (:mod:`evallint.dsl.codegen`) hold no logic of the
language beyond control flow: every operation whose meaning the language
defines — reading a field, comparing, adding, a function of the registry — is
a call to a function here, by a name the generator chose. :data:`NAMESPACE` is
everything generated code can reach: no builtins, no modules, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from evallint.domain.cells import Cell
from evallint.dsl.domain_functions import shows_with
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.library import close_intervals
from evallint.dsl.names import Named
from evallint.dsl.values import (
    UNKNOWN,
    Env,
    Interval,
    Unknown,
    arithmetic,
    blank_state,
    cell_of,
    compare,
    contained,
    equals,
    interval_of,
    kleene_all,
    normal_text,
    round_half_up,
    show,
    to_bool,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError

MISSING: Any = object()
"""What a memo slot holds before its value is worked out."""


# --- reading the report -------------------------------------------------------------------


def field_of(value: Any, key: str, env: Env) -> Any:
    """``value.key`` where ``value`` is no dict: a projection over a list, or unknown."""
    if type(value) is dict:
        return value.get(key)
    if type(value) is list:
        env.spend(len(value))
        return [_element_field(item, key) for item in value]
    if value is None or value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, Mapping):
        return value.get(key)
    raise EvaluationError(f"{show(value)} is {type_name(value)}, it has no field `{key}`")


def _element_field(item: Any, key: str) -> Any:
    # a projection takes the field of every element: null gives null, a number is an error
    if type(item) is dict:
        return item.get(key)
    if item is None or item is UNKNOWN:
        return None
    raise EvaluationError(f"{show(item)} is {type_name(item)}, it has no field `{key}`")


def element(value: Any, index: int) -> Any:
    """``value[index]``: from the end for a negative index; unknown past either end."""
    if type(value) is list:
        return value[index] if -len(value) <= index < len(value) else UNKNOWN
    if value is None or value is UNKNOWN:
        return UNKNOWN
    raise EvaluationError(f"[{index}] needs a list, got {type_name(value)} {show(value)}")


def items_of(value: Any, env: Env, what: str, weight: int = 1) -> list[Any] | None:
    """The list a filter or a function with a predicate runs over, paid for from the
    budget (``weight`` steps an element: its condition's size); ``None`` when unknown."""
    if value is None or value is UNKNOWN:
        return None
    if type(value) is not list:
        raise EvaluationError(f"{what} needs a list, got {type_name(value)} {show(value)}")
    env.spend(len(value) * weight)
    return value


def fresh_list(constant: tuple[Any, ...], env: Env) -> list[Any]:
    """A list literal of the rule: a new list each time (no caller can change the constant),
    paid for by its length (``map`` of a long literal over every row builds many)."""
    env.spend(len(constant))
    return list(constant)


def params_of(env: Env) -> Any:
    return env.params


def bound(env: Env, name: str) -> Any:
    """``field`` or ``cell`` of a rule over cells."""
    return env.bound.get(name, UNKNOWN)


def spend(env: Env, steps: int) -> None:
    env.spend(steps)


def steps_left(env: Env) -> int:
    return env.steps


# --- running a rule (evallint.dsl.rulecode) ------------------------------------------------


def each_items(value: Any) -> list[Any] | None:
    """The items ``each`` gives: a list, or ``None`` when unknown (no item to check)."""
    if value is None or value is UNKNOWN:
        return None
    if type(value) is not list:
        raise EvaluationError(f"`each` must give a list, it gave {type(value).__name__}")
    return value


def cell_keys(value: Any) -> list[str]:
    """The keys ``cells:`` gives: a list of texts (unknown: none)."""
    if value is None or value is UNKNOWN:
        return []
    if type(value) is not list or not all(type(key) is str for key in value):
        raise EvaluationError("`cells` must give a list of field names (text)")
    return value


def bind_cell(env: Env, key: str, item: dict[str, Any]) -> None:
    """``field`` and ``cell`` for the cell ``key`` of ``item``."""
    env.bound = {"field": key, "cell": item.get(key)}


def unbind_cells(env: Env) -> None:
    env.bound = {}


# --- names of the rule set ------------------------------------------------------------------

Table = Mapping[str, Named]


def _evaluate(definition: Named, table: Table, env: Env, root: Any, item: Any) -> Any:
    # the definition's own function, generated from the names it sees when first needed
    return definition.expression.function(table).function(env, root, item)


def name_for_report(env: Env, definition: Named, table: Table, root: Any) -> Any:
    """A name whose value depends on the report only: worked out once per report."""
    hit = env.memo.get(definition.slot)
    # the slot holds the definition it was computed for: an equal copy is harmless
    if hit is not None and hit[0] is definition:
        return hit[1]
    value = _evaluate(definition, table, env, root, root)
    env.memo[definition.slot] = (definition, value)
    return value


def name_for_item(env: Env, definition: Named, table: Table, root: Any, item: Any) -> Any:
    """A name whose value depends on the item: worked out once per item, whichever rule or
    filter asks first."""
    values = env.values_of(item)
    hit = values.get(definition.slot)
    if hit is not None and hit[0] is definition:
        return hit[1]
    value = _evaluate(definition, table, env, root, item)
    values[definition.slot] = (definition, value)
    return value


def name_for_cell(env: Env, definition: Named, table: Table, root: Any, item: Any) -> Any:
    """A rule's name that reads ``field`` (or ``cell``): worked out once per cell."""
    field = env.bound.get("field")
    slot = (definition.slot, field, id(item)) if definition.per_item else (definition.slot, field)
    hit = env.memo.get(slot)
    if hit is not None and hit[0] is definition and (not definition.per_item or hit[1] is item):
        return hit[2]
    value = _evaluate(definition, table, env, root, item)
    env.memo[slot] = (definition, item, value)
    return value


def kept(env: Env, key: object) -> Any:
    """The value a part that reads no item was given earlier in this report, or MISSING."""
    return env.memo.get(key, MISSING)


def keep(env: Env, key: object, value: Any) -> Any:
    env.memo[key] = value
    return value


# --- truth, numbers, comparisons ---------------------------------------------------------------


def number(value: Any, env: Env) -> Any:
    """The number of a value (a cell's, for text); unknown for a blank or unreadable one."""
    if type(value) is Decimal:
        return value
    if type(value) is str:
        known = env.numbers.get(value, MISSING)
        if known is not MISSING:
            return known
    return to_number(value, env)


def negate(value: Any, env: Env) -> Any:
    result = to_number(value, env)
    return UNKNOWN if result is UNKNOWN else -result


def equals_word(value: Any, word: str, literal: str, env: Env) -> Any:
    """``value == "word"`` for a word that reads as text: the folded text is that word."""
    if type(value) is str:
        if env.cell(value).kind == "blank":
            return UNKNOWN
        return normal_text(value, env) == word
    return equals(value, literal, env)


def in_words(value: Any, words: frozenset[str], listed: tuple[str, ...], env: Env) -> Any:
    """``value in ["a", "b"]`` for words that read as text: a set lookup."""
    if type(value) is not str:  # numbers, lists, unknown: the general rule
        return contained(value, list(listed), env)
    env.spend(len(words))
    if env.cell(value).kind == "blank":
        return UNKNOWN
    return normal_text(value, env) in words


def negated(result: Any) -> Any:
    """``not`` of a comparison's answer (unknown stays unknown)."""
    return result if result is UNKNOWN else not result


def chain(ops: tuple[str, ...], values: list[Any], env: Env) -> Any:
    """``a < b <= c``: each pair compared, false as soon as one pair is false."""
    results = []
    for index, op in enumerate(ops):
        result = compare(op, values[index], values[index + 1], env)
        if result is False:
            return False
        results.append(result)
    return kleene_all(results)


def on_cell(of: Callable[[Cell], Any], eager: Callable[..., Any], value: Any, env: Env) -> Any:
    """``num(x)``, ``kind(x)``…: the reading of the cell, then that part of it."""
    cell = cell_of(value, env)
    if cell is not None:
        return of(cell)
    return eager(env, [value])  # not a cell at all: the function's own error


def on_form(env: Env, obj: Any, key: str) -> bool:
    """Whether the form has the box ``key`` of ``obj``: not when the key is left out, nor when
    the report's layout does not print it (``env.shape``, set by the engine)."""
    if type(obj) is not dict:
        return False  # no container: no box in it
    shape = env.shape
    return not shape.lacks(obj, key) if shape is not None else key in obj


def count_of(found: int) -> Decimal:
    return Decimal(found)


# --- intervals (close, shows) --------------------------------------------------------------------


def interval_arithmetic(op: str, a: Any, b: Any) -> Interval | Unknown:
    if not isinstance(a, Interval) or not isinstance(b, Interval):
        return UNKNOWN
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    quotient = a / b
    return UNKNOWN if quotient is None else quotient


def interval_negate(value: Any) -> Interval | Unknown:
    return -value if isinstance(value, Interval) else UNKNOWN


def interval_abs(value: Any) -> Interval | Unknown:
    if not isinstance(value, Interval):
        return UNKNOWN
    if value.low >= 0:
        return value
    if value.high <= 0:
        return -value
    return Interval(Decimal(0), max(-value.low, value.high), abs(value.value))


def interval_same(value: Any) -> Interval | Unknown:
    return value if isinstance(value, Interval) else UNKNOWN


def interval_round(value: Any, places: Any, env: Env) -> Interval | Unknown:
    if not isinstance(value, Interval):
        return UNKNOWN
    digits = to_number(places, env) if places is not MISSING else Decimal(0)
    if not isinstance(digits, Decimal):
        return UNKNOWN
    n = int(digits)
    return Interval(
        round_half_up(value.low, n), round_half_up(value.high, n), round_half_up(value.value, n)
    )


def interval_ratio(raw: Any, env: Env) -> Interval | Unknown:
    # ratio() reads a bare number as percent points: its interval is in points too
    value = interval_of(raw, env)
    if not isinstance(value, Interval):
        return UNKNOWN
    if isinstance(raw, str) and env.cell(raw).percent:
        return value
    return Interval(value.low / 100, value.high / 100, value.value / 100)


def interval_aggregate(name: str, values: Any, written: bool, env: Env) -> Interval | Unknown:
    if not isinstance(values, list):
        return UNKNOWN
    env.spend(len(values))
    intervals: list[Interval] = []
    for value in values:
        if value is None or (isinstance(value, str) and env.cell(value).kind == "blank"):
            if written:
                return UNKNOWN  # an operand the rule wrote out is blank
            continue
        interval = interval_of(value, env)
        if not isinstance(interval, Interval):
            return UNKNOWN
        intervals.append(interval)
    if not intervals:
        return UNKNOWN
    if name == "sum":
        total = intervals[0]
        for interval in intervals[1:]:
            total = total + interval
        return total
    pick = min if name == "min" else max
    return Interval(
        pick(i.low for i in intervals),
        pick(i.high for i in intervals),
        pick(i.value for i in intervals),
    )


NAMESPACE: Mapping[str, Any] = MappingProxyType(
    {
        "U": UNKNOWN,
        "MISSING": MISSING,
        # the generator calls these with the arguments it chose, never with a rule's
        "DICT": dict,
        "TYPE": type,
        "GET": dict.get,
        "APPEND": list.append,
        "EXCEPTION": Exception,
        "each_items": each_items,
        "cell_keys": cell_keys,
        "bind_cell": bind_cell,
        "unbind_cells": unbind_cells,
        "field_of": field_of,
        "element": element,
        "items_of": items_of,
        "fresh_list": fresh_list,
        "params_of": params_of,
        "bound": bound,
        "spend": spend,
        "steps_left": steps_left,
        "name_for_report": name_for_report,
        "name_for_item": name_for_item,
        "name_for_cell": name_for_cell,
        "kept": kept,
        "keep": keep,
        "to_bool": to_bool,
        "number": number,
        "negate": negate,
        "arithmetic": arithmetic,
        "equals": equals,
        "compare": compare,
        "contained": contained,
        "equals_word": equals_word,
        "in_words": in_words,
        "negated": negated,
        "chain": chain,
        "blank_state": blank_state,
        "on_cell": on_cell,
        "count_of": count_of,
        "on_form": on_form,
        "interval_of": interval_of,
        "interval_arithmetic": interval_arithmetic,
        "interval_negate": interval_negate,
        "interval_abs": interval_abs,
        "interval_same": interval_same,
        "interval_round": interval_round,
        "interval_ratio": interval_ratio,
        "interval_aggregate": interval_aggregate,
        "close_intervals": close_intervals,
        "shows_with": shows_with,
        **{f"f_{name}": function.eager for name, function in FUNCTIONS.items() if function.eager},
        **{
            f"w_{name}": function.written
            for name, function in FUNCTIONS.items()
            if function.written is not None
        },
        **{
            f"c_{name}": function.on_cell
            for name, function in FUNCTIONS.items()
            if function.on_cell is not None
        },
    }
)
"""Every name generated code may use, and what it is."""
