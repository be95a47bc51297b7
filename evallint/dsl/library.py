"""What the functions of the language on cells, numbers and text compute (the registry
is :mod:`evallint.dsl.functions`; lists and objects are in :mod:`evallint.dsl.lists`, the
form's own vocabulary in :mod:`evallint.dsl.domain_functions`).

Each function receives its arguments' values; those with a predicate argument
(``all``, ``any``, ``count``, ``map``) are loops of the generated code itself
(:mod:`evallint.dsl.codegen`). Every one is pure and bounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from evallint.domain import figures
from evallint.domain.cells import Cell, read_cell
from evallint.dsl.regex import regex_cost, regex_steps
from evallint.dsl.values import (
    UNKNOWN,
    Env,
    Interval,
    blank_state,
    cell_of,
    is_blank,
    normal_text,
    round_half_up,
    show,
    text_steps,
    to_bool,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError
from evallint.limits import MAX_MATCH_TEXT

Eager = Callable[[Env, list[Any]], Any]


# --- helpers ------------------------------------------------------------------------


def need_cell(name: str, value: Any, env: Env) -> Cell:
    cell = cell_of(value, env)
    if cell is None:
        raise EvaluationError(f"{name}() reads a cell, got {type_name(value)} {show(value)}")
    return cell


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


NONE = ""
"""What ``unit`` and ``comparator`` give for a number that has none: a blank text, so
``blank(unit(x))`` and ``filled(comparator(x))`` ask whether there is one."""


def unit_of(cell: Cell) -> Any:
    if cell.kind in ("blank", "text"):
        return UNKNOWN
    return "%" if cell.percent else (cell.unit or NONE)


def comparator_of(cell: Cell) -> Any:
    if cell.kind in ("blank", "text"):
        return UNKNOWN
    return cell.comparator or NONE


def percent_of(cell: Cell) -> Any:
    return UNKNOWN if cell.kind in ("blank", "text") else cell.percent


def decimals_of(cell: Cell) -> Any:
    if cell.kind not in ("number", "quantity", "range") or cell.decimals is None:
        return UNKNOWN
    return Decimal(cell.decimals)


def kind_of(cell: Cell) -> Any:
    return cell.kind


def on_cell(name: str, of: Callable[[Cell], Any]) -> Eager:
    """The eager form of a function of one cell."""

    def call(env: Env, args: list[Any]) -> Any:
        return of(need_cell(name, args[0], env))

    return call


def certain(env: Env, args: list[Any]) -> Any:
    return to_bool(args[0]) is True


def blank(env: Env, args: list[Any]) -> Any:
    return blank_state(args[0], env)


def on_form_value(env: Env, args: list[Any]) -> Any:
    """``on_form`` is worked out from its path by the code generator; never called."""
    raise EvaluationError("on_form() needs a box of the report, such as on_form(deviation)")


def filled(env: Env, args: list[Any]) -> Any:
    state = blank_state(args[0], env)
    return state if state is UNKNOWN else not state


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
        target_cell = need_cell("met", target, env)
        actual_cell = need_cell("met", actual, env)
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
    looked_at = text[:MAX_MATCH_TEXT]
    env.spend(regex_steps(regex_cost(pattern), looked_at))  # paid before the work, not after
    return re.search(pattern, looked_at)


def matches(env: Env, args: list[Any]) -> Any:
    match = _search("matches", env, args)
    return UNKNOWN if match is UNKNOWN else match is not None


def contains(env: Env, args: list[Any]) -> Any:
    text = _text("contains", args[0], env)
    part = _text("contains", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    env.spend(text_steps(text))  # a row's name looked for in the whole narrative, row by row
    return part in text


def startswith(env: Env, args: list[Any]) -> Any:
    text = _text("startswith", args[0], env)
    part = _text("startswith", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    env.spend(text_steps(part))
    return text.startswith(part)


def endswith(env: Env, args: list[Any]) -> Any:
    text = _text("endswith", args[0], env)
    part = _text("endswith", args[1], env)
    if text is None or part is None:
        return UNKNOWN
    env.spend(text_steps(part))
    return text.endswith(part)


def capture(env: Env, args: list[Any]) -> Any:
    match = _search("capture", env, args)
    if match is None or match is UNKNOWN:
        return UNKNOWN
    return match.group(1) if match.re.groups else match.group(0)
