"""The funds block (资金情况): rows that add up, the 执行率 and the funds score.

The rate is rounded half up (or, on about 12 % of the forms, truncated) from the exact ratio
executed / adjusted, and the score is the funds weight times that ratio (or the shown rate).
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tools.formgen.numbers import amount_of, chance, format_number, pick, shown_value
from tools.formgen.typist import Typist
from tools.formgen.vocabulary import FUNDS_WEIGHT

# --------------------------------------------------------------------------------- funds


def make_funds(rng: random.Random, ty: Typist) -> tuple[dict[str, Any], dict[str, Any]]:
    """The funds block and the facts the rest of the form needs."""
    places = pick(rng, ((0, 10), (1, 15), (2, 75)))
    scale = 10**places
    magnitude = pick(rng, (((5, 60), 40), ((60, 400), 40), ((400, 3000), 20)))
    if chance(rng, 30):  # a round budget: 200 万元
        budget_units = rng.randint(magnitude[0], magnitude[1]) // 5 * 5 * scale or 5 * scale
    else:
        budget_units = rng.randint(magnitude[0] * scale, magnitude[1] * scale)
    parts: dict[str, int] = {}
    rest = budget_units
    for key, pct in (("carryover", 30), ("other", 12)):
        if chance(rng, pct) and rest > 10:
            parts[key] = rng.randint(max(1, rest * 5 // 100), max(1, rest * 30 // 100))
            rest -= parts[key]
    parts = {"current": rest, **parts}
    full = chance(rng, 15)
    executed = {
        key: adj if full or (key == "carryover" and chance(rng, 60))
        else adj - rng.randint(0, adj * 95 // 1000)
        for key, adj in parts.items()
    }  # fmt: skip
    initial: dict[str, int] = {}
    if chance(rng, 60):
        current = parts["current"]
        initial["current"] = (
            current if chance(rng, 55) else rng.randint(current * 80 // 100, current * 110 // 100)
        )
        if "other" in parts and chance(rng, 50):
            initial["other"] = parts["other"]

    def cell(units: int | None) -> Any:
        return ty.blank() if units is None else ty.number(amount_of(units, places))

    block: dict[str, Any] = {"weight": ty.number(Decimal(FUNDS_WEIGHT))}
    rows: dict[str, dict[str, Any]] = {}
    for key in ("current", "carryover", "other"):
        if key in parts:
            rows[key] = {
                "initial": cell(initial.get(key)),
                "adjusted": cell(parts[key]),
                "executed": cell(executed[key]),
            }
        elif key == "other" and chance(rng, 5):  # a real zero, typed as such
            zero = ty.text(format_number(Decimal(0).scaleb(-places))) if places else "0"
            rows[key] = {"initial": ty.blank(), "adjusted": zero, "executed": zero}
        else:
            rows[key] = {"initial": ty.blank(), "adjusted": ty.blank(), "executed": ty.blank()}
    adjusted_total = budget_units
    executed_total = sum(executed.values())
    initial_total = sum(initial.values()) if initial else None
    total = {
        "initial": cell(initial_total),
        "adjusted": cell(adjusted_total),
        "executed": cell(executed_total),
    }
    block["rate"] = block["score"] = None  # placeholders keep the key order of the template
    block["total"] = total
    block.update(rows)
    facts = {
        "places": places,
        "adjusted": amount_of(adjusted_total, places),
        "executed": amount_of(executed_total, places),
        "initial": None if initial_total is None else amount_of(initial_total, places),
    }
    _rate_and_score(rng, ty, block, facts)
    return block, facts


def _rate_and_score(
    rng: random.Random, ty: Typist, block: dict[str, Any], facts: dict[str, Any]
) -> None:
    """funds.rate and funds.score from the exact ratio: rounded half up, or truncated."""
    ratio = Fraction(facts["executed"]) / Fraction(facts["adjusted"]) * 100
    mode = "truncate" if chance(rng, 12) else "round"
    rate_places = pick(rng, ((0, 40), (1, 20), (2, 40)))
    rate = shown_value(ratio, rate_places, mode)
    if ratio == 100:
        block["rate"] = pick(rng, ((ty.text("100%"), 60), (ty.text("100.00%"), 20),
                                    (Decimal(100), 20)))  # fmt: skip
        score = Decimal(pick(rng, (("10", 70), ("10.00", 20), ("10.0", 10))))
        block["score"] = ty.number(score)
        facts["score"] = score
        return
    style = pick(rng, (("pct", 70), ("number", 20), ("text", 10)))
    if style == "pct":
        block["rate"] = ty.text(f"{format_number(rate)}%")
    elif style == "number":
        block["rate"] = rate
    else:
        block["rate"] = ty.text(format_number(rate))
    score_places = pick(rng, ((1, 45), (2, 55)))
    base = Fraction(rate) if chance(rng, 15) else ratio  # the catalogue accepts both (#3)
    score = shown_value(FUNDS_WEIGHT * base / 100, score_places, mode)
    block["score"] = ty.number(score)
    facts["score"] = score
