"""What the defect injectors share.

The :class:`Injection` an injector's work ends in, the registry the injectors add themselves
to (``register_injector``; the order they register in is the order of ``DEFECTS``), and the helpers
that keep the rest of a form right around the one defect: a figure typed the way the old one
was, total.score summed again, rows picked (and taken out of the report text) and made to
miss their target.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from evallint.domain.cells import Cell, read_cell
from evallint.domain.figures import target_met
from tools.formgen.narrative import refresh_conclusion
from tools.formgen.numbers import (
    decimals_of,
    format_number,
    num,
    plain_text,
    round_half_up,
    truncate,
)
from tools.formgen.vocabulary import CAUSES, FUNDS_WEIGHT, MEASURES, U3000

# ----------------------------------------------------------------------------- injection


@dataclass(frozen=True)
class Injection:
    """A form with exactly one defect: ``rule`` must fire, at the JSON Pointer ``path``.

    ``also`` holds the (rule, path) findings the defect cannot come without: a total row
    typed 0 is always the rows-sum rule's finding as well as the one about its rate.
    """

    form: dict[str, Any]
    rule: str
    path: str
    also: frozenset[tuple[str, str]] = frozenset()


# an injector returns where its rule must fire, and with it the findings the defect cannot
# come without (most return the path alone)
_Injector = Callable[
    [dict[str, Any], random.Random], "str | tuple[str, frozenset[tuple[str, str]]]"
]
INJECTORS: dict[str, _Injector] = {}


def register_injector(rule: str) -> Callable[[_Injector], _Injector]:
    def register(function: _Injector) -> _Injector:
        INJECTORS[rule] = function
        return function

    return register


def typed_like(old: Any, number: Decimal) -> Any:
    """``number`` typed the way ``old`` was: a JSON number stays one, padding is kept."""
    if isinstance(old, Decimal):
        return number
    text = format_number(number)
    if isinstance(old, str) and old.startswith(U3000):
        text = U3000 + text
    if isinstance(old, str) and "%" in unicodedata.normalize("NFKC", old):
        text += "%"
    return text


def resum(form: dict[str, Any]) -> None:
    """total.score = funds.score + Σ named scores, typed like before; the conclusion follows."""
    rows = form["indicators"]
    numbers = [num(form["funds"]["score"])] + [num(rows[i]["score"]) for i in named_rows(form)]
    values = [n for n in numbers if n is not None]
    assert len(values) == len(numbers), "a score is not a number"
    places = max(decimals_of(n) for n in values)
    total = sum(values, Decimal(0)).quantize(Decimal(1).scaleb(-places))
    form["total"]["score"] = typed_like(form["total"]["score"], total)
    refresh_conclusion(form)


def named_rows(form: dict[str, Any]) -> list[int]:
    return [
        i for i, row in enumerate(form["indicators"])
        if read_cell(row.get("name")).kind != "blank"
    ]  # fmt: skip


def _row_cells(row: dict[str, Any]) -> tuple[Cell, Cell]:
    nature = row.get("nature")
    unit = row.get("unit")
    target = read_cell(row.get("target"), nature=nature, unit=unit)
    actual = read_cell(row.get("actual"), unit=unit)
    return target, actual


def _full(row: dict[str, Any]) -> bool:
    weight, score = num(row.get("weight")), num(row.get("score"))
    return weight is not None and weight == score


def _mentioned(form: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether the report text quotes this row (then its figures must stay as quoted)."""
    text = "".join(str(s.get("text", "")) for s in form.get("narrative", []))
    return str(row.get("name")) in text


def _rows(form: dict[str, Any], test: Callable[[dict[str, Any], Cell, Cell], bool]) -> list[int]:
    found = []
    for i in named_rows(form):
        row = form["indicators"][i]
        target, actual = _row_cells(row)
        if test(row, target, actual):
            found.append(i)
    return found


def _met_any(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
    """A quantitative ≥ row (a count, an amount or a percentage) met with full marks; not a
    满意度 row (whose value rules would also speak)."""
    return (
        target.kind in ("number", "quantity")
        and target.comparator in (None, ">=", ">")
        and actual.kind in ("number", "quantity")
        and target_met(target, actual) is True
        and _full(row)
        and row.get("level1") != "满意度指标"
    )


def _met_pos(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
    """A ≥ count or amount with a unit (no percentage), met with full marks."""
    return _met_any(row, target, actual) and not target.percent and target.unit is not None


def _met_rows(form: dict[str, Any]) -> list[int]:
    """Met ≥ rows, counts first; percentages when the form has no count to spare."""
    return _rows(form, _met_pos) or _rows(form, _met_any)


def _pick_row(form: dict[str, Any], rng: random.Random, rows: list[int], what: str) -> int:
    """One of ``rows``, preferably one the report text does not quote; if it is quoted, the
    quote goes, so that changing the row cannot also make the text disagree with it."""
    quiet = [i for i in rows if not _mentioned(form, form["indicators"][i])]
    choices = quiet or rows
    if not choices:
        raise ValueError(f"this form has no {what}")
    i = rng.choice(choices)
    name = re.escape(str(form["indicators"][i]["name"]))
    for section in form.get("narrative", []):
        section["text"] = re.sub(f"截至年底，{name}实际完成[^。]*。", "", section["text"])
    return i


def exact_funds_score(form: dict[str, Any]) -> None:
    """funds.score made weight × the exact rate, rounded half up at its own decimals, so it
    agrees with the exact rate whatever the rate cell says (total.score follows)."""
    funds = form["funds"]
    score = num(funds["score"])
    adjusted, executed = num(funds["total"]["adjusted"]), num(funds["total"]["executed"])
    assert score is not None and adjusted is not None and executed is not None
    ratio = min(Fraction(executed) / Fraction(adjusted), Fraction(1))
    exact = round_half_up(FUNDS_WEIGHT * ratio, max(1, decimals_of(score)))
    if exact != score:
        funds["score"] = typed_like(funds["score"], exact)
        resum(form)


def _deviation_text(rng: random.Random, actual: str) -> str:
    return f"{rng.choice(CAUSES)}，实际完成{actual}，未达到年度指标值；{rng.choice(MEASURES)}。"


def _miss(form: dict[str, Any], rng: random.Random, i: int) -> Decimal:
    """Make row i miss its ≥ target (70–90 % of it); return w × a / t rounded half up."""
    row = form["indicators"][i]
    target, _ = _row_cells(row)
    weight = num(row["weight"])
    assert target.value is not None and weight is not None
    places = max(0, target.decimals or 0)
    step = Decimal(1).scaleb(-places)
    actual = min(truncate(target.value * rng.randint(70, 90) / 100, places), target.value - step)
    if row.get("nature") is not None:  # the unit is in its own column
        text = format_number(actual)
    elif target.percent:
        text = f"{format_number(actual)}%"
    else:
        text = f"{format_number(actual)}{target.unit or ''}"
    old = row.get("actual")
    row["actual"] = U3000 + text if isinstance(old, str) and old.startswith(U3000) else text
    return round_half_up(
        Fraction(weight) * Fraction(actual) / Fraction(target.value), 2
    ).normalize()


def _requote_goals(form: dict[str, Any], row: dict[str, Any], key: str, old: str) -> None:
    """The 年度总体目标 quote a row's figure right after its name ("培训合格率98%", "满意度为96%"):
    when an injection changes the row's ``key`` cell, the goal text quotes the new figure, so
    the defect stays the only thing wrong (expected quotes the target, actual the actual)."""
    goals = form.get("goals")
    text_key = "expected" if key == "target" else "actual"
    if not isinstance(goals, dict) or not isinstance(goals.get(text_key), str):
        return
    name, new = plain_text(row.get("name")), plain_text(row.get(key))
    if name and old and old != new:
        quoted = re.compile(f"({re.escape(name)}(?:为|达到)?){re.escape(old)}")
        goals[text_key] = quoted.sub(lambda m: m.group(1) + new, goals[text_key])


def _miss_quoted(form: dict[str, Any], rng: random.Random, i: int) -> Decimal:
    """``_miss``, with the goal text quoting the new actual value."""
    old = plain_text(form["indicators"][i].get("actual"))
    score = _miss(form, rng, i)
    _requote_goals(form, form["indicators"][i], "actual", old)
    return score


def _slack(cells: Sequence[Any]) -> Fraction:
    """How far a sum of typed figures may be off by their rounding: half a unit of the last
    decimal of each (a whole number is exact)."""
    slack = Fraction(0)
    for value in cells:
        decimals = read_cell(value).decimals
        if decimals:
            slack += Fraction(1, 2 * 10**decimals)
    return slack


def _tidy(number: Decimal) -> Decimal:
    """46.0 → 46, 2.50 → 2.5: a figure as a person would type it."""
    return (
        number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    )


def _set_score(row: dict[str, Any], score: Decimal) -> None:
    if score == score.to_integral_value():
        score = score.quantize(Decimal(1))
    row["score"] = typed_like(row["score"], score)
