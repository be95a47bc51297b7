"""Mark the parts of an expression whose value can be computed once and reused.

Two kinds of reuse, both within one report:

* **Hoisting.** A rule over 50 indicator rows evaluates its check 50 times; a
  part such as ``count($.indicators[filled(name)])`` gives the same value every
  time. Such item-free parts are wrapped in :class:`Cached` nodes, keyed by
  their source text and evaluated once per report (per parameter set),
  whichever rule asks first.
* **Sharing.** Rules ask the same questions of a row: its direction, whether
  its target was met. A costly part that reads the current item is wrapped in
  a :class:`Shared` node, keyed by its source text, and evaluated once per
  report, item and parameter set — whichever rule asks first; equal parts of
  other rules (and repeats within a rule) take the stored value.

The meaning never changes: a wrapped part reads nothing but the report, the
current item and the parameters, which are the same wherever it is reused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from evallint.dsl import ast
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.unparse import unparse


@dataclass(frozen=True, slots=True)
class Cached(ast.Wrapper):
    """A part evaluated once per report: it reads no item, only the report and parameters.

    ``text`` (its source) is the key: equal parts of different rules share the value.
    """

    inner: ast.Node
    uses_params: bool
    text: str = ""
    span: ast.Span = field(default=ast.NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Shared(ast.Wrapper):
    """A part evaluated once per report and current item; ``text`` (its source) is the key."""

    inner: ast.Node
    text: str
    uses_params: bool
    span: ast.Span = field(default=ast.NO_SPAN, compare=False)


SHARED_MIN_SIZE = 4
"""Smallest part worth a memo slot, in nodes (``met(actual, target, "", unit)`` is 5)."""


def hoist(node: ast.Node) -> ast.Node:
    """``node`` with item-free parts in :class:`Cached` and costly item parts in :class:`Shared`."""
    memo: _Reads = {}
    return _share(_visit(node, 0, memo), memo)


_Reads = dict[tuple[int, int], tuple[bool, bool]]


def _visit(node: ast.Node, depth: int, memo: _Reads) -> ast.Node:
    if depth == 0 and _worth(node) and not _local(node):
        uses_item, uses_params = _reads(node, 0, memo)
        if not uses_item:
            return Cached(node, uses_params, unparse(node), ast.span_of(node))
    return _rebuilt(node, lambda child, predicate: _visit(child, depth + predicate, memo))


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


def _rebuilt(node: ast.Node, change: Callable[[ast.Node, bool], ast.Node]) -> ast.Node:
    """``node`` with each part replaced by ``change(part, is_predicate)``.

    ``node`` itself when no part changes.
    """
    changes: dict[str, Any] = {}
    for spec in dataclasses.fields(node):
        value = getattr(node, spec.name)
        if isinstance(value, ast.Node):
            new = change(value, _is_predicate(node, spec.name, None))
            if new is not value:
                changes[spec.name] = new
        elif isinstance(value, tuple) and value and all(isinstance(v, ast.Node) for v in value):
            items = tuple(
                change(item, _is_predicate(node, spec.name, index))
                for index, item in enumerate(value)
            )
            if any(a is not b for a, b in zip(items, value, strict=True)):
                changes[spec.name] = items
    return dataclasses.replace(node, **changes) if changes else node


def _is_predicate(node: ast.Node, field_name: str, index: int | None) -> bool:
    """Whether this child runs with each list element as the current item."""
    if isinstance(node, ast.Filter):
        return field_name == "predicate"
    if isinstance(node, ast.Call) and field_name == "args":
        function = FUNCTIONS.get(node.name)
        return function is not None and function.predicate_arg == index
    return False


def _worth(node: ast.Node) -> bool:
    """Parts that do real work: a filter or a call somewhere inside."""
    if isinstance(node, (ast.Literal, ast.Root, ast.Name, ast.Current, ast.Outer)):
        return False
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Filter, ast.Call)):
            return True
        stack.extend(ast.children(current))
    return False


def _reads(node: ast.Node, depth: int, memo: _Reads) -> tuple[bool, bool]:
    """(reads the rule's current item, reads parameters) for ``node`` at predicate ``depth``.

    ``memo`` holds the answers for the subtrees already seen: :func:`_visit` asks
    about every level of the tree, which would otherwise walk it again each time.
    """
    known = memo.get((id(node), depth))
    if known is not None:
        return known
    answer = _reads_uncached(node, depth, memo)
    memo[(id(node), depth)] = answer
    return answer


def _reads_uncached(node: ast.Node, depth: int, memo: _Reads) -> tuple[bool, bool]:
    if isinstance(node, ast.Ref):
        # A definition may read the item and parameters (and a preset may redefine it);
        # a let or a bound name differs from rule to rule and from cell to cell, and
        # ``_local`` keeps parts that use one out of the shared memo slots altogether.
        return depth == 0, True
    if isinstance(node, ast.Apply):
        # a function of the rule set: its body (which a preset may redefine) may read both
        return depth == 0, True
    if isinstance(node, ast.Name):
        if node.name == "params":
            return False, True
        return depth == 0, False
    if isinstance(node, ast.Current):
        return depth == 0, False
    if isinstance(node, ast.Outer):
        return depth == 1, False
    uses_item = uses_params = False
    for child, predicate in children_with_predicates(node):
        item, params = _reads(child, depth + predicate, memo)
        uses_item = uses_item or item
        uses_params = uses_params or params
    return uses_item, uses_params


def _share(node: ast.Node, memo: _Reads) -> ast.Node:
    """Wrap every costly part that reads the current item (and never ``^``) in :class:`Shared`."""
    shared = _rebuilt(node, lambda child, _: _share(child, memo))
    if not isinstance(node, (ast.Call, ast.Conditional, ast.Filter)):
        return shared
    if _size(node) < SHARED_MIN_SIZE or _reads_enclosing(node, 0) or _local(node):
        return shared  # too cheap, or its value depends on the enclosing item, rule or cell
    uses_item, uses_params = _reads(node, 0, memo)
    if not uses_item:
        return shared
    return Shared(shared, unparse(node), uses_params, ast.span_of(node))


def _local(node: ast.Node) -> bool:
    """Whether ``node`` uses a rule's ``let`` or a bound name: its value is not shared by text."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Ref) and current.kind != "def":
            return True
        stack.extend(ast.children(current))
    return False


def _size(node: ast.Node) -> int:
    return 1 + sum(_size(child) for child in ast.children(node))


def _reads_enclosing(node: ast.Node, depth: int) -> bool:
    """Whether a ``^`` in ``node`` reaches outside it (a ``^`` in its own predicates does not)."""
    if isinstance(node, ast.Outer):
        return depth == 0
    return any(
        _reads_enclosing(child, depth - predicate)
        for child, predicate in children_with_predicates(node)
        if depth - predicate >= 0
    )
