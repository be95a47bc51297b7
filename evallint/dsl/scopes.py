"""Which parts of an expression run with another current item: the predicates.

In ``indicators[score > 0]`` and ``count(indicators, score > 0)`` the condition
runs once per element, that element being the current item (``@``; the item
around it is ``^``). Every walk that asks what a part reads — the static checks,
the names' scopes, the code generator — asks this module which children those
are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from evallint.dsl import ast
from evallint.dsl.functions import FUNCTIONS


def children_with_predicates(node: ast.Node) -> Iterator[tuple[ast.Node, bool]]:
    """Each part of ``node``, and whether it is a predicate (run once per list element)."""
    for spec in dataclasses.fields(node):
        value = getattr(node, spec.name)
        if isinstance(value, ast.Node):
            yield value, _is_predicate(node, spec.name, None)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, ast.Node):
                    yield item, _is_predicate(node, spec.name, index)


def _is_predicate(node: ast.Node, field_name: str, index: int | None) -> bool:
    """Whether this child runs with each list element as the current item."""
    if isinstance(node, ast.Filter):
        return field_name == "predicate"
    if isinstance(node, ast.Call) and field_name == "args":
        function = FUNCTIONS.get(node.name)
        return function is not None and function.predicate_arg == index
    return False
