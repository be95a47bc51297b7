"""Micro-benchmark: a compiled `score <= weight` against the same check written by hand.

Both sides read the cells the same way (the cell reader, cached per report), so
the difference is what the language costs: generated code, unknown handling, types.
Turns alternate A B A B and medians are reported, because these machines drift
(see perf-notes.md).

    python bench/dsl_bench.py [--items 5000] [--turns 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from decimal import Decimal
from typing import Any

from evallint.dsl.expression import compile_expr
from evallint.dsl.values import UNKNOWN, Env, to_number

# Cells as loaded from real forms: typed text, and JSON numbers (always Decimal).
SCORES = ["　10", "10", "5", "　8.5", Decimal(10), "", "９", "7.25", "—", Decimal("4.5")]
WEIGHTS = ["　10", Decimal(10), "10", "5", "　", Decimal("10"), "１０", "8", "10", "5"]


def make_items(count: int) -> list[dict[str, Any]]:
    return [
        {"score": SCORES[i % len(SCORES)], "weight": WEIGHTS[(i * 7) % len(WEIGHTS)]}
        for i in range(count)
    ]


def by_hand(items: list[dict[str, Any]], env: Env) -> int:
    """The same check written directly in Python, with the same cached cell reading."""
    passed = 0
    for item in items:
        score = to_number(item.get("score"), env)
        weight = to_number(item.get("weight"), env)
        if score is UNKNOWN or weight is UNKNOWN:
            continue
        if score <= weight:
            passed += 1
    return passed


def compiled(items: list[dict[str, Any]], env: Env, run: Any) -> int:
    passed = 0
    for item in items:
        env.scope = item
        if run(env) is True:
            passed += 1
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--turns", type=int, default=7)
    args = parser.parse_args()
    items = make_items(args.items)
    expression = compile_expr("score <= weight", item_schema={"$ref": "#/$defs/indicator"})
    run = expression.closure
    env_hand, env_dsl = Env({}), Env({})
    assert by_hand(items, env_hand) == compiled(items, env_dsl, run)  # warm caches, same answer
    hand_times, dsl_times = [], []
    for _ in range(args.turns):
        start = time.perf_counter()
        by_hand(items, env_hand)
        hand_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        compiled(items, env_dsl, run)
        dsl_times.append(time.perf_counter() - start)
    hand = statistics.median(hand_times)
    dsl = statistics.median(dsl_times)
    print(f"items per turn         {args.items}")
    print(f"hand-written Python    {args.items / hand:12,.0f} evaluations/s")
    print(f"compiled expression    {args.items / dsl:12,.0f} evaluations/s")
    print(f"ratio (compiled/hand)  {dsl / hand:12.2f}x slower")


if __name__ == "__main__":
    main()
