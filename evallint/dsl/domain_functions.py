"""The functions of the language about the form's domain: a target's direction, an outcome's
band, the figures of the narrative, shown figures against exact ones, units that convert.

Each reads cells through :mod:`evallint.domain` (the registry is :mod:`evallint.dsl.functions`).
The narrative's texts are cut into clauses once per report (kept in the evaluation's memo:
a rule asks of them once per indicator row), and what the narrative functions read is
paid for from the rule's work budget.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from evallint.domain import figures, narrative, outcomes
from evallint.dsl.library import Eager, close_intervals, need_cell
from evallint.dsl.values import (
    UNKNOWN,
    Env,
    Interval,
    interval_of,
    is_blank,
    round_half_up,
    show,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError
from evallint.limits import MAX_MATCH_TEXT


def _clauses(texts: list[str], env: Env) -> narrative.Clauses:
    """``texts`` cut into clauses, once per report (cutting them is paid for once)."""
    key = ("clauses", *texts)
    found = env.memo.get(key)
    if found is None:
        env.spend(1 + sum(len(text) for text in texts) // _CUT_PER_STEP)
        found = env.memo[key] = narrative.Clauses.of(texts)
    assert isinstance(found, narrative.Clauses)
    return found


_CUT_PER_STEP = 16
"""Characters of text folded and cut into clauses per step of the work budget."""


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
    cell = need_cell("direction", args[0], env)
    level2 = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
    name = args[2] if len(args) > 2 and isinstance(args[2], str) else ""
    nature = args[3] if len(args) > 3 and isinstance(args[3], str) else ""
    result = outcomes.direction(cell, level2, name, nature)
    return UNKNOWN if result is None else result


def grade(env: Env, args: list[Any]) -> Any:
    result = outcomes.grade(need_cell("grade", args[0], env))
    return UNKNOWN if result is None else Decimal(result)


def mentioned(env: Env, args: list[Any]) -> Any:
    texts = _texts("mentioned", args[0], env)
    name = args[1]
    if texts is None or not isinstance(name, str) or is_blank(name, env):
        return UNKNOWN
    like = need_cell("mentioned", args[2], env)
    if like.kind not in ("number", "quantity"):
        return UNKNOWN
    return narrative.mentioned(_clauses(texts, env), name, like, env.spend)


def stated_for(env: Env, args: list[Any]) -> Any:
    texts = _texts("stated_for", args[0], env)
    name = args[1]
    if texts is None or not isinstance(name, str) or is_blank(name, env):
        return UNKNOWN
    like = need_cell("stated_for", args[2], env)
    if like.kind not in ("number", "quantity"):
        return UNKNOWN
    return narrative.stated_for(_clauses(texts, env), name, like, env.spend)


def misstated(env: Env, args: list[Any]) -> Any:
    value = args[0]
    if value is UNKNOWN or value is None:
        return UNKNOWN
    texts = value if isinstance(value, list) else [value]
    env.spend(len(texts))
    name = args[1]
    if not isinstance(name, str) or is_blank(name, env):
        return UNKNOWN
    table = need_cell("misstated", args[2], env)
    if table.kind not in ("number", "quantity"):
        return UNKNOWN
    indexes = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        clauses = _clauses([text[:MAX_MATCH_TEXT]], env)
        for figure in narrative.mentioned(clauses, name, table, env.spend):
            if figures.restates(env.cell(figure), table) is False:
                indexes.append(Decimal(index))
                break
    return indexes


def amounts_after(env: Env, args: list[Any]) -> Any:
    texts = _texts("amounts_after", args[0], env)
    keyword = args[1]
    if texts is None or not isinstance(keyword, str):
        return UNKNOWN
    return narrative.amounts_after(_clauses(texts, env), keyword, spend=env.spend)


def listed_totals(env: Env, args: list[Any]) -> Any:
    """``listed_totals(texts)``: for each total a text states for amounts it lists, an object
    ``{"parts": [...], "total": ...}`` (the figures as written, NFKC-folded)."""
    texts = _texts("listed_totals", args[0], env)
    if texts is None:
        return UNKNOWN
    return [
        {"parts": parts, "total": total}
        for text in texts
        for parts, total in narrative.listed_totals(text, env.spend)
    ]


def restates(env: Env, args: list[Any]) -> Any:
    result = figures.restates(
        need_cell("restates", args[0], env), need_cell("restates", args[1], env)
    )
    return UNKNOWN if result is None else result


def agrees(points: bool) -> Eager:
    def agrees(env: Env, args: list[Any]) -> Any:
        shown = need_cell("agrees", args[0], env)
        exact = to_number(args[1], env)
        if exact is UNKNOWN:
            return UNKNOWN
        result = figures.shown_right(shown, exact, percent_points=points)
        return UNKNOWN if result is None else result

    return agrees


def rate_rounded(env: Env, args: list[Any]) -> Any:
    """``rate_rounded(shown, exact)``: the exact ratio in percent points, rounded half up to
    the decimals the shown rate has (``97.80%`` for 0.978086 → 97.81)."""
    shown = need_cell("rate_rounded", args[0], env)
    exact = to_number(args[1], env)
    if exact is UNKNOWN or shown.kind not in ("number", "quantity") or shown.value is None:
        return UNKNOWN
    decimals = shown.decimals if shown.decimals is not None else 0
    return round_half_up(exact * 100, decimals)


def either(first: Any, second: Any) -> Any:
    """Kleene ``or`` of two answers (True, False or UNKNOWN)."""
    if first is True or second is True:
        return True
    return UNKNOWN if first is UNKNOWN or second is UNKNOWN else False


def shows(points: bool) -> Eager:
    """``shows(shown, exact)`` on values: ``agrees`` or ``close`` (the compiler passes intervals
    of whole expressions to :func:`shows_with`; here both sides are values)."""

    def shows(env: Env, args: list[Any]) -> Any:
        shown, exact = args
        return shows_with(
            env, shown, exact, interval_of(shown, env), interval_of(exact, env), points
        )

    return shows


def shows_with(
    env: Env, shown: Any, exact: Any, shown_range: Any, exact_range: Any, points: bool
) -> Any:
    """Whether ``shown`` is ``exact`` as a form shows it: rounded or truncated to its
    decimals (``agrees``), or within the precision both were written with (``close``)."""
    agreed = agrees(points)(env, [shown, exact])
    if agreed is True:
        return True
    percent_points = not (isinstance(shown, str) and env.cell(shown).percent)  # "94" is 94 %
    if points and percent_points and isinstance(shown_range, Interval):
        low, high, value = shown_range.low, shown_range.high, shown_range.value
        shown_range = Interval(low / 100, high / 100, value / 100)
    return either(agreed, close_intervals(shown_range, exact_range))


def convertible(env: Env, args: list[Any]) -> Any:
    a, b = need_cell("convertible", args[0], env), need_cell("convertible", args[1], env)
    if a.kind not in ("number", "quantity", "range") or b.kind not in (
        "number",
        "quantity",
        "range",
    ):
        return UNKNOWN
    return figures.common_scale(a, b) is not None
