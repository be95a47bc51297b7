"""The runtime value model of the language.

(Over 500 lines: every operator's meaning on every kind of value — unknown, blank,
numbers read from cells, lists — is here, in one place, because the generated code of
every rule calls into it and each rule must mean the same on every path.)

Values are plain Python data, as loaded from a report: ``Decimal``, ``str``
(a cell as typed, read on demand by :func:`evallint.domain.cells.read_cell`), ``bool``,
``None`` (JSON null), ``list`` and ``dict``, plus one marker, :data:`UNKNOWN`,
the third truth value. A blank or unreadable cell, an absent field, a division
by zero: each makes the expression that needs a number *unknown*, and unknown
meets ``and``/``or`` by Kleene's rules (``false and unknown`` is false,
``true or unknown`` is true). A check that ends unknown is "not applicable".

Cells are read once per report: :class:`Env` caches readings keyed by the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from evallint.domain.cells import Cell, read_cell
from evallint.domain.text import fold
from evallint.errors import EvaluationError
from evallint.limits import MAX_STEPS


class Unknown:
    """The third truth value: not true, not false; a value that is not there."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "unknown"

    def __bool__(self) -> bool:
        raise TypeError("unknown has no Python truth value; compare with `is UNKNOWN`")


UNKNOWN: Final = Unknown()
"""The one unknown value."""


def public(value: Any) -> Any:
    """``value`` as the world outside the language sees it: *unknown* is ``None``, at any
    depth of a list or an object (its truth test raises; no caller should meet it)."""
    if value is UNKNOWN:
        return None
    if type(value) is list:
        if any(type(item) in (list, dict) or item is UNKNOWN for item in value):
            return [public(item) for item in value]
        return value
    if type(value) is dict:
        if any(type(item) in (list, dict) or item is UNKNOWN for item in value.values()):
            return {key: public(item) for key, item in value.items()}
        return value
    return value


_MISSING = object()


class Env:
    """What an evaluation sees: the report, the current and outer items, the parameters.

    It also caches cell readings for the report (the same text reads the same
    way), and counts the work done against :data:`~evallint.limits.MAX_STEPS`: the
    budget of one rule on one report (list elements visited, and text looked at).
    """

    __slots__ = (
        "bound", "cells", "items", "memo", "names", "number_cells", "numbers", "outer",
        "params", "root", "scope", "shape", "steps", "texts",
    )  # fmt: skip

    def __init__(
        self,
        root: Any,
        item: Any = None,
        params: Mapping[str, Any] | None = None,
        cells: dict[str, Cell] | None = None,
    ) -> None:
        self.root = root
        self.scope = item if item is not None else root
        self.outer: tuple[Any, ...] = ()
        self.params: Mapping[str, Any] = params or {}
        self.names: Mapping[str, Any] = {}  # names.Named: the rule set's defs and the rule's lets
        self.bound: dict[str, Any] = {}  # names the engine binds (a cell's field and value)
        self.cells: dict[str, Cell] = cells if cells is not None else {}
        self.numbers: dict[str, Any] = {}
        self.texts: dict[str, str] = {}
        self.memo: dict[object, Any] = {}  # item-free parts, evaluated once per report
        # readings of Decimal cells, by id: 10 and 10.0 are equal but read differently
        self.number_cells: dict[int, tuple[Decimal, Cell]] = {}
        self.steps = MAX_STEPS
        # which boxes the report's form has (run.shape.FormShape: `lacks(item, key)`); None:
        # every key the report carries
        self.shape: Any = None
        # the values of the names worked out for each item, by item (see values_of)
        self.items: dict[int, tuple[Any, dict[int, Any]]] = {}

    def start(self, item: Any, params: Mapping[str, Any]) -> None:
        """Begin evaluating on ``item`` (``None``: the report) with ``params`` and a full budget
        (the engine starts each rule so: the budget is the rule's, for all its items)."""
        self.scope = item if item is not None else self.root
        self.outer = ()
        self.params = params
        self.steps = MAX_STEPS

    def values_of(self, item: Any) -> dict[int, Any]:
        """The values of names worked out for ``item`` so far, by their slot."""
        entry = self.items.get(id(item))
        if entry is None or entry[0] is not item:  # holding the item keeps its id unique
            entry = self.items[id(item)] = (item, {})
        return entry[1]

    def cell(self, raw: str) -> Cell:
        """The reading of the cell text ``raw`` (cached)."""
        cell = self.cells.get(raw)
        if cell is None:
            cell = self.cells[raw] = read_cell(raw)
        return cell

    def number_cell(self, value: Decimal) -> Cell:
        """The reading of the number ``value`` (cached while the same object is alive)."""
        known = self.number_cells.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        cell = read_cell(value)
        self.number_cells[id(value)] = (value, cell)  # holding value keeps its id unique
        return cell

    def spend(self, count: int) -> None:
        """Count ``count`` steps of work (list elements, text looked at) against the budget."""
        self.steps -= count
        if self.steps < 0:
            raise EvaluationError(
                f"the work budget of {MAX_STEPS} steps (list elements visited, text looked "
                "at) is spent",
                code="budget-exceeded",
            )


# --- describing values in messages ------------------------------------------------


def type_name(value: Any) -> str:
    """The language's name for the type of ``value``."""
    if value is UNKNOWN or value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show(value: Any) -> str:
    """``value`` as the language would write it, shortened for messages."""
    if value is UNKNOWN:
        return "unknown"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:29] + "…"
        return f'"{text}"'
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value[:5]) + (", …]" if len(value) > 5 else "]")
    if isinstance(value, dict):
        return "{…}"
    return str(value)


# --- numbers ------------------------------------------------------------------------


def to_number(value: Any, env: Env) -> Any:
    """``value`` as a ``Decimal``, or :data:`UNKNOWN` (blank, unreadable, a range).

    A cell typed as a percentage is its fraction (``"94%"`` is 0.94). Raises
    :class:`EvaluationError` for a boolean, a list or an object.
    """
    if type(value) is Decimal:
        return value
    if type(value) is str:
        number = env.numbers.get(value, _MISSING)
        if number is _MISSING:
            cell = env.cell(value)
            number = cell.number if cell.kind in ("number", "quantity") else UNKNOWN
            if number is None:
                number = UNKNOWN
            env.numbers[value] = number
        return number
    if value is None or value is UNKNOWN:
        return UNKNOWN
    if type(value) is int:  # data built in Python rather than loaded
        return Decimal(value)
    raise EvaluationError(f"expected a number, got {type_name(value)} {show(value)}")


def to_bool(value: Any) -> Any:
    """``True``, ``False`` or :data:`UNKNOWN`; anything else is an error."""
    if value is True or value is False or value is UNKNOWN:
        return value
    if value is None:
        return UNKNOWN
    raise EvaluationError(f"expected true or false, got {type_name(value)} {show(value)}")


_SEARCHED_PER_STEP = 64
"""Characters a search in a text (C code: ``in``, ``contains``) looks at for one step."""


def text_steps(text: str) -> int:
    """The work budget a search in ``text`` is paid with."""
    return 1 + len(text) // _SEARCHED_PER_STEP


def normal_text(value: str, env: Env) -> str:
    """:func:`fold`, cached for the report."""
    text = env.texts.get(value)
    if text is None:
        text = env.texts[value] = fold(value)
    return text


def cell_of(value: Any, env: Env) -> Cell | None:
    """The reading of a cell value; ``None`` for a value that is not a cell."""
    if type(value) is str:
        cell = env.cells.get(value)  # the reading kept for the report: the usual case
        return cell if cell is not None else env.cell(value)
    if type(value) is Decimal:
        return env.number_cell(value)
    if isinstance(value, str):
        return env.cell(value)
    if isinstance(value, Decimal):
        return env.number_cell(value)
    if value is None or value is UNKNOWN:
        return env.cell("")
    return None


def is_blank(value: Any, env: Env) -> bool:
    """Whether ``value`` is a cell nobody filled in (null, white space, a placeholder)."""
    if value is None or value is UNKNOWN:
        return True
    if type(value) is str:
        cell = env.cells.get(value)  # the reading kept for the report: the usual case
        return (cell if cell is not None else env.cell(value)).kind == "blank"
    return False


def blank_state(value: Any, env: Env) -> Any:
    """``blank(x)`` of the language: whether nobody filled the cell in — and, for template
    text left in the form (``指标1``, a printed instruction), unknown: it is neither an
    answer nor a blank box (the template-leftover finding says what it is)."""
    if value is None or value is UNKNOWN:
        return True
    if type(value) is str:
        cell = env.cells.get(value)  # the reading kept for the report: the usual case
        if cell is None:
            cell = env.cell(value)
        if cell.kind == "blank":
            return True
        return UNKNOWN if cell.leftover is not None else False
    return False


def round_half_up(value: Decimal, places: int) -> Decimal:
    """四舍五入: round ``value`` to ``places`` decimals, halves away from zero."""
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value  # more digits than the context holds: nothing to round


def arithmetic(op: str, left: Any, right: Any, env: Env) -> Any:
    """``left op right`` in exact decimal arithmetic; unknown in, unknown out."""
    a = to_number(left, env)
    b = to_number(right, env)
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return UNKNOWN  # no ratio to check: division by zero is unknown, not an error
    return a / b


# --- comparison ---------------------------------------------------------------------


def equals(left: Any, right: Any, env: Env) -> Any:
    """``left == right``: numbers numerically, text as read, unknown when a side is blank."""
    if left is UNKNOWN or right is UNKNOWN or left is None or right is None:
        return UNKNOWN
    lt, rt = type(left), type(right)
    if lt is Decimal and rt is Decimal:
        return left == right
    if lt is bool or rt is bool:
        return lt is rt and left == right  # a boolean only equals a boolean
    if lt is str and rt is str:
        if left == right:  # the same text reads the same way: equal, unless blank
            return UNKNOWN if env.cell(left).kind == "blank" else True
        a, b = env.cell(left), env.cell(right)
        if a.kind == "blank" or b.kind == "blank":
            return UNKNOWN
        if a.kind == "number" and b.kind == "number":
            return a.number == b.number
        return normal_text(left, env) == normal_text(right, env)
    if lt is Decimal or rt is Decimal:
        if lt in (list, dict) or rt in (list, dict):
            raise EvaluationError(f"cannot compare {show(left)} with {show(right)}")
        a, b = to_number(left, env), to_number(right, env)
        return UNKNOWN if a is UNKNOWN or b is UNKNOWN else a == b
    if lt is list and rt is list:
        if len(left) != len(right):
            return False
        env.spend(len(left))
        return kleene_all(equals(x, y, env) for x, y in zip(left, right, strict=True))
    raise EvaluationError(f"cannot compare {show(left)} with {show(right)}")


def order(op: str, left: Any, right: Any, env: Env) -> Any:
    """``<``, ``<=``, ``>``, ``>=`` on numbers; unknown when a side is blank or unreadable."""
    a = to_number(left, env)
    b = to_number(right, env)
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def contained(left: Any, right: Any, env: Env) -> Any:
    """``left in right``: membership in a list, or a piece of text within text."""
    if right is UNKNOWN or right is None or left is UNKNOWN or left is None:
        return UNKNOWN
    if isinstance(right, list):
        env.spend(len(right))
        if type(left) is str and env.cell(left).kind == "text":
            return _text_in(left, right, env)
        return kleene_any(equals(left, item, env) for item in right)
    if isinstance(right, str):
        if not isinstance(left, str):
            raise EvaluationError(f"`in` text needs text on the left, got {show(left)}")
        if is_blank(right, env) or is_blank(left, env):
            return UNKNOWN
        folded = normal_text(right, env)
        env.spend(text_steps(folded))
        return normal_text(left, env) in folded
    raise EvaluationError(f"`in` needs a list or text on the right, got {type_name(right)}")


def _text_in(left: str, items: list[Any], env: Env) -> Any:
    """``text in items`` for a text that is no number: ``equals`` item by item, without its
    general dispatch (a blank item or one that is no text is unknown, as ``equals`` says)."""
    folded = normal_text(left, env)
    unknown = False
    for item in items:
        if type(item) is str:
            kind = env.cell(item).kind
            if kind == "blank":
                unknown = True
            elif normal_text(item, env) == folded:
                return True
        elif type(item) is bool or item is None or item is UNKNOWN or type(item) is Decimal:
            unknown = unknown or type(item) is not bool
        else:
            return kleene_any(equals(left, other, env) for other in items)  # lists: as before
    return UNKNOWN if unknown else False


def compare(op: str, left: Any, right: Any, env: Env) -> Any:
    """Any comparison operator of the language."""
    if op == "==":
        return equals(left, right, env)
    if op == "!=":
        result = equals(left, right, env)
        return result if result is UNKNOWN else not result
    if op == "in":
        return contained(left, right, env)
    if op == "not in":
        result = contained(left, right, env)
        return result if result is UNKNOWN else not result
    return order(op, left, right, env)


# --- Kleene logic ---------------------------------------------------------------------


def kleene_all(values: Any) -> Any:
    """``and`` over ``values``: false wins, then unknown, else true."""
    result: Any = True
    for value in values:
        value = to_bool(value)
        if value is False:
            return False
        if value is UNKNOWN:
            result = UNKNOWN
    return result


def kleene_any(values: Any) -> Any:
    """``or`` over ``values``: true wins, then unknown, else false."""
    result: Any = False
    for value in values:
        value = to_bool(value)
        if value is True:
            return True
        if value is UNKNOWN:
            result = UNKNOWN
    return result


# --- intervals: a shown figure stands for every value that rounds to it -----------


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a shown figure may stand for: ``[low, high)``; exact when ``low == high``.

    ``94%`` stands for [93.5 %, 94.5 %); ``9.4`` for [9.35, 9.45); a whole number
    that is not a percentage (a weight such as 10) is exact. Arithmetic on
    intervals gives the interval of every possible result (XBRL Calculations
    1.1 does this for sums; here also for products and quotients).
    """

    low: Decimal
    high: Decimal
    value: Decimal

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @staticmethod
    def point(value: Decimal) -> Interval:
        return Interval(value, value, value)

    @staticmethod
    def shown(value: Decimal, decimals: int | None, percent: bool = False) -> Interval:
        """The interval of ``value`` written with ``decimals`` decimals (of percent points)."""
        if decimals is None or (decimals == 0 and not percent):
            return Interval.point(value)
        half = Decimal(5).scaleb(-decimals - 1 - (2 if percent else 0))
        return Interval(value - half, value + half, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high, self.value + other.value)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low, self.value - other.value)

    def __mul__(self, other: Interval) -> Interval:
        products = (
            self.low * other.low,
            self.low * other.high,
            self.high * other.low,
            self.high * other.high,
        )
        return Interval(min(products), max(products), self.value * other.value)

    def __truediv__(self, other: Interval) -> Interval | None:
        if other.low <= 0 <= other.high:
            return None
        quotients = (
            self.low / other.low,
            self.low / other.high,
            self.high / other.low,
            self.high / other.high,
        )
        return Interval(min(quotients), max(quotients), self.value / other.value)

    def __neg__(self) -> Interval:
        return Interval(-self.high, -self.low, -self.value)

    def overlaps(self, other: Interval) -> bool:
        """Whether some value could stand behind both figures."""
        if self.exact and other.exact:
            return self.value == other.value
        if self.exact:
            return other.low <= self.value < other.high
        if other.exact:
            return self.low <= other.value < self.high
        return max(self.low, other.low) < min(self.high, other.high)

    def describe(self) -> str:
        return str(self.value) if self.exact else f"[{self.low}, {self.high})"


def interval_of(value: Any, env: Env) -> Interval | Unknown:
    """The interval a report value stands for (its shown precision), or unknown."""
    if type(value) is Decimal:
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return Interval.shown(value, decimals)
    if type(value) is str:
        cell = env.cell(value)
        if cell.kind not in ("number", "quantity") or cell.value is None:
            return UNKNOWN
        number = cell.number
        assert number is not None
        decimals = cell.decimals if cell.decimals is not None else 0
        return Interval.shown(number, decimals, cell.percent)
    number = to_number(value, env)
    return UNKNOWN if number is UNKNOWN else Interval.point(number)
