"""Hoisting and sharing: wrapped parts are computed once and never change a value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from evallint.dsl import ast
from evallint.dsl.expression import compile_expr
from evallint.dsl.optimize import Cached, Shared, hoist
from evallint.dsl.parser import parse
from evallint.dsl.values import Env


def wrappers(node: ast.Node, kind: type) -> list[Any]:
    found = [node] if isinstance(node, kind) else []
    for child in ast.children(node):
        found += wrappers(child, kind)
    return found


def test_costly_item_parts_are_shared_by_their_text() -> None:
    tree = hoist(
        parse('met(target, actual, "", unit) and count([@], met(target, actual, "", unit)) == 1')
    )
    shared = wrappers(tree, Shared)
    assert {s.text for s in shared} >= {'met(target, actual, "", unit)'}


def test_a_part_reading_the_enclosing_item_is_not_shared() -> None:
    tree = hoist(parse("count($.indicators, startswith(name, ^.name)) > 1"))
    texts = [s.text for s in wrappers(tree, Shared)]
    # inside the predicate, startswith reads ^ (the rule's item): its value is not a
    # function of its own item, so no slot; the count as a whole is (keyed by ^)
    assert not any(text.startswith("startswith") for text in texts)
    assert any(text.startswith("count") for text in texts)


def test_a_filter_whose_caret_stays_inside_is_shared() -> None:
    # `^` inside the filter's own predicate is the filter's scope: a fine key
    tree = hoist(parse("len($.indicators[startswith(level1, ^[0])]) > 0"))
    assert any(s.text.startswith("$.indicators[") for s in wrappers(tree, Shared))


def test_item_free_parts_are_cached_not_shared() -> None:
    tree = hoist(parse("count($.indicators[filled(name)]) > 0"))
    assert wrappers(tree, Cached)
    assert not wrappers(tree, Shared)


def test_two_expressions_share_a_slot_and_still_see_their_own_items() -> None:
    report = {
        "indicators": [
            {"name": "a", "target": "≥90%", "actual": "95%", "weight": 5, "score": 5},
            {"name": "b", "target": "≥90%", "actual": "80%", "weight": 5, "score": 3},
        ]
    }
    first = compile_expr('met(target, actual, "", unit)')
    second = compile_expr('met(target, actual, "", unit) == false and score < weight')
    env = Env(report)
    results = []
    for item in report["indicators"]:
        env.scope = item
        results.append((first.run(env), second.run(env)))
    assert results == [(True, False), (False, True)]
    # the second expression took the first one's values from the memo
    assert sum(1 for key in env.memo if isinstance(key, tuple) and isinstance(key[0], str)) == 2


def test_a_reused_id_of_a_freed_item_does_not_give_a_stale_value() -> None:
    shared = compile_expr('name if filled(name) else "none"')
    assert wrappers(hoist(shared.tree), Shared)
    env = Env({})
    values = []
    for name in ("x", "y", "z", ""):
        env.scope = {"name": name}  # a new dict each time: ids may repeat
        values.append(shared.run(env))
    assert values == ["x", "y", "z", "none"]


def test_sharing_respects_parameters() -> None:
    expr = compile_expr("round(num(actual) * params.k, 2) + 0")
    env = Env({"actual": "3"})
    env.params = {"k": Decimal(2)}
    assert expr.run(env) == Decimal(6)
    env.params = {"k": Decimal(3)}
    assert expr.run(env) == Decimal(9)


def test_equal_report_parts_of_two_rules_share_a_slot_but_not_across_params() -> None:
    report = {"indicators": [{"name": "a", "weight": Decimal(1)}, {"name": ""}, {"name": "c"}]}
    first = compile_expr("num(weight) < count($.indicators[filled(name)])")
    second = compile_expr("count($.indicators[filled(name)]) > len(name)")
    scaled = compile_expr("num(weight) * count($.indicators[filled(name)]) * params.k")
    env = Env(report)
    env.scope = report["indicators"][0]
    assert first.run(env) is True
    assert second.run(env) is True
    slots = [key for key in env.memo if key[:2] == ("report", "count($.indicators[filled(name)])")]
    assert len(slots) == 1  # computed by the first, reused by the second
    env.params = {"k": Decimal(10)}
    assert scaled.run(env) == Decimal(20)
    env.params = {"k": Decimal(100)}  # another rule's parameters: computed anew
    assert scaled.run(env) == Decimal(200)
