"""Names a rule set gives to values: what a bare name means, and a definition's value.

A bare name is a field of the current item unless the rule set defines it: a
pack's ``defs`` (visible to every rule of the pack and of packs extending it),
a rule's ``let`` (visible to that rule), or a name the engine binds while it
runs a rule over cells (``field``, the cell's key, and ``cell``, its value).
:func:`bind` turns each such name into an :class:`~evallint.dsl.ast.Ref`.

A definition means what its expression would mean written where it is used,
and is computed at most once per report — or, when it reads the current item,
once per item it is used on (the generated code keeps the values:
:mod:`evallint.dsl.runtime`).

A definition may also be a **function** (``funds_score(rate): ...``): a call
means the body with the arguments in place of the parameters, as if written
there (:func:`instantiate`), so it reads cells, keeps their precision for
``close`` and ``shows``, and follows a preset's redefinition like any name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Protocol

from evallint.dsl import ast
from evallint.dsl.scopes import children_with_predicates


class Compiled(Protocol):
    """What evaluation needs of a compiled expression (an
    :class:`~evallint.dsl.expression.Expression`): its tree, and its generated function
    for a table of names."""

    @property
    def tree(self) -> ast.Node: ...
    def function(self, names: Mapping[str, Any]) -> Any: ...


class Named(Protocol):
    """What evaluation needs of a name the rule set defines (a
    :class:`~evallint.dsl.expression.Definition`): its expression, whether its value
    depends on the item or the cell, its memo slot, and a function's parameters."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def expression(self) -> Compiled: ...
    @property
    def per_item(self) -> bool: ...
    @property
    def per_cell(self) -> bool: ...
    @property
    def params(self) -> tuple[str, ...]: ...
    @property
    def slot(self) -> int: ...


BOUND_NAMES: Mapping[str, ast.RefKind] = {"field": "bound", "cell": "bound"}
"""The names a rule with ``cells:`` sees: the key of the cell being checked, and its value."""


def bind(node: ast.Node, names: Mapping[str, ast.RefKind]) -> ast.Node:
    """``node`` with every bare name in ``names`` made a :class:`~evallint.dsl.ast.Ref`.

    A call of a function among ``names`` becomes an :class:`~evallint.dsl.ast.Apply`.
    ``params`` stays the parameters; a field after a dot (``x.name``) stays a field.
    """
    if not names:
        return node
    if isinstance(node, ast.Name):
        kind = names.get(node.name)
        return node if kind is None else ast.Ref(node.name, kind, node.span)
    if type(node) is ast.Call and names.get(node.name) == "function":
        args = tuple(bind(arg, names) for arg in node.args)
        return ast.Apply(node.name, args, node.span, node.name_span)
    replaced: dict[str, Any] = {}
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        if isinstance(value, ast.Node):
            new = bind(value, names)
            if new is not value:
                replaced[name] = new
        elif isinstance(value, tuple) and value and isinstance(value[0], ast.Node):
            items = tuple(bind(item, names) for item in value)
            if any(a is not b for a, b in zip(items, value, strict=True)):
                replaced[name] = items
    if not replaced:
        return node
    return dataclasses.replace(node, **replaced)


def refs_of(node: ast.Node) -> dict[str, ast.RefKind]:
    """Every name ``node`` refers to (and every function it calls), with its kind."""
    found: dict[str, ast.RefKind] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Ref):
            found[current.name] = current.kind
        elif isinstance(current, ast.Apply):
            found[current.name] = "function"
        stack.extend(ast.children(current))
    return found


def instantiate(function: Named, args: tuple[ast.Node, ...], span: ast.Span) -> ast.Node:
    """The body of ``function`` with ``args`` in place of its parameters, as written at a call.

    The body's own parts take the call's span, so an error in them points at the call.
    """
    given = dict(zip(function.params, args, strict=True))

    def put(node: ast.Node) -> ast.Node:
        if isinstance(node, ast.Ref) and node.kind == "arg":
            return given[node.name]
        changes: dict[str, Any] = {}
        for spec in dataclasses.fields(node):
            value = getattr(node, spec.name)
            if isinstance(value, ast.Node):
                changes[spec.name] = put(value)
            elif isinstance(value, tuple) and value and isinstance(value[0], ast.Node):
                changes[spec.name] = tuple(put(item) for item in value)
            elif spec.name in ("span", "name_span"):
                changes[spec.name] = span
        return dataclasses.replace(node, **changes) if changes else node

    return put(function.expression.tree)


def reads_item(node: ast.Node, depth: int = 0) -> bool:
    """Whether ``node`` reads the current item itself (a bare field, ``@``).

    Names it refers to are not followed: :func:`per_item` does, over the table.
    """
    if isinstance(node, ast.Name):
        return depth == 0 and node.name != "params"
    if isinstance(node, ast.Current):
        return depth == 0
    if isinstance(node, ast.Outer):
        return depth == 1  # `^` inside the definition's own filter: its item
    if isinstance(node, ast.Ref):  # `cell` is a cell of the item; `field` only names one
        return depth == 0 and node.kind == "bound" and node.name == "cell"
    return any(
        reads_item(child, depth + predicate) for child, predicate in children_with_predicates(node)
    )
