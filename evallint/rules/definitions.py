"""A pack's ``defs``: named expressions every rule of the pack (and of packs extending it) sees.

A key ``name`` defines a value; a key ``name(a, b)`` a function, whose body
uses its parameters like names. Each definition is checked like an expression
where it is written, then as a table: no name of the report format's fields or
of the language's functions (a bare name would mean both), no name used twice
within one pack (a pack extending another may redefine one of its names, a
function with as many parameters: that is how a preset changes a definition),
no definitions going round in a circle, no ``^`` at the top (a definition has
no enclosing item), no parameter of a function inside a filter or predicate of
its body (the item changes there), every ``params.x`` it reads declared by the
pack, and each one used somewhere (an unused one is a warning).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from evallint.dsl import ast
from evallint.dsl.expression import Definition, Expression, compile_expr
from evallint.dsl.fields import ANY_OBJECT, all_field_names
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.names import BOUND_NAMES, reads_item
from evallint.dsl.scopes import children_with_predicates
from evallint.errors import ExpressionError, RuleError
from evallint.rules.locate import Source, expression_error, located
from evallint.schema import report_schema

RESERVED = frozenset({"params", *BOUND_NAMES})
"""Names a definition cannot take: the parameters, and the names the engine binds."""

_KEY = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:\(\s*((?:[A-Za-z_]\w*\s*,\s*)*[A-Za-z_]\w*)?\s*\))?\s*")


@dataclass(frozen=True, slots=True)
class Written:
    """A definition as read from a rule file, before it is compiled."""

    name: str
    text: str
    source: Source
    pointer: str
    origin: str
    """The pack (top-level target or ``extends``) it belongs to: a repeat there is an error."""
    params: tuple[str, ...] | None = None
    """For a function (``name(a, b)``): its parameters; ``None`` for a value."""


def parse_key(key: str) -> tuple[str, tuple[str, ...] | None] | None:
    """``"budget"`` → ``("budget", None)``; ``"share(a, b)"`` → ``("share", ("a", "b"))``;
    ``None`` when the key is neither."""
    match = _KEY.fullmatch(key)
    if match is None:
        return None
    if "(" not in key:
        return match.group(1), None
    params = match.group(2)
    return match.group(1), tuple(p.strip() for p in params.split(",")) if params else ()


class Problems:
    """Where the problems of a load go: errors drop what they concern, warnings do not."""

    def __init__(self, errors: list[RuleError], warnings: list[RuleError]) -> None:
        self.errors = errors
        self.warnings = warnings

    def expression(self, source: Source, pointer: str, error: ExpressionError) -> None:
        self.errors.append(expression_error(source, pointer, error))

    def warnings_of(self, source: Source, pointer: str, expression: Expression) -> None:
        for warning in expression.warnings:
            problem = ExpressionError(
                warning.code, warning.message, expression.source, warning.start, warning.end
            )
            self.warnings.append(expression_error(source, pointer, problem, severity="warning"))


def check_name(
    name: str, source: Source, pointer: str, problems: Problems, *, parameter: bool = False
) -> bool:
    """Whether ``name`` may be defined (or be a function's ``parameter``, which may take a
    field's name: inside the body it is the parameter); why not goes to ``problems``."""
    message = None
    if name in RESERVED or name in FUNCTIONS:
        message = f'"{name}" is a name of the language itself; choose another'
    elif not parameter and name in all_field_names(report_schema()):
        message = (
            f'"{name}" is a field of the report format: a definition of that name would hide '
            "it; choose another"
        )
    if message is None:
        return True
    problems.errors.append(located(source, pointer, "name", message, key=True))
    return False


def compile_definitions(
    inherited: Mapping[str, Definition],
    written: Iterable[Written],
    params: Mapping[str, Any],
    problems: Problems,
) -> dict[str, Definition]:
    """The definitions of a load: those inherited, overridden and added by those written."""
    own = {entry.name: entry for entry in written}
    for entry in list(own.values()):
        if not _same_shape(inherited.get(entry.name), entry, problems):
            del own[entry.name]
    kinds: dict[str, ast.RefKind] = {
        **{name: d.kind for name, d in inherited.items()},
        **{name: "def" if e.params is None else "function" for name, e in own.items()},
    }
    arities = {
        **{name: len(d.params) for name, d in inherited.items() if d.kind == "function"},
        **{name: len(e.params) for name, e in own.items() if e.params is not None},
    }
    compiled: dict[str, Expression] = {}
    for entry in own.values():
        names: dict[str, ast.RefKind] = {**kinds, **dict.fromkeys(entry.params or (), "arg")}
        try:
            # a definition is used on the report or on any item: paths start at the item
            expression = compile_expr(
                entry.text, item_schema=ANY_OBJECT, names=names, arities=arities
            )
        except ExpressionError as error:
            problems.expression(entry.source, entry.pointer, error)
            continue
        problems.warnings_of(entry.source, entry.pointer, expression)
        inside = _param_in_predicate(expression.tree)
        if inside is not None:
            problem = ExpressionError(
                "name",
                f"the parameter {inside.name} is used inside a filter or predicate, where the "
                "item changes: compute what you need from it outside, or pass the result in",
                entry.text,
                *inside.span,
            )
            problems.expression(entry.source, entry.pointer, problem)
            continue
        if _outer_at_top(expression.tree):
            problem = ExpressionError(
                "name",
                "`^` means the item around the place of use: a definition has none",
                entry.text,
                0,
            )
            problems.expression(entry.source, entry.pointer, problem)
            continue
        unknown = sorted({name for name, _ in params_read(expression.tree)} - set(params))
        if unknown:
            near = difflib.get_close_matches(unknown[0], sorted(params), n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            problem = ExpressionError(
                "unknown-param",
                f"the definition reads params.{unknown[0]}, which no pack declares under "
                f"params:{hint}",
                entry.text,
                max(entry.text.find(f"params.{unknown[0]}"), 0),
            )
            problems.expression(entry.source, entry.pointer, problem)
            continue
        compiled[entry.name] = expression
    bodies: dict[str, ast.Node] = {
        **{name: definition.expression.tree for name, definition in inherited.items()},
        **{name: expression.tree for name, expression in compiled.items()},
    }
    broken = _cycles(bodies, own, problems)
    per_item = _per_item(bodies)
    table = {name: d for name, d in inherited.items() if name not in own}
    for name, expression in compiled.items():
        if name in broken:
            continue
        entry = own[name]
        position = entry.source.document.positions.get(entry.pointer)
        table[name] = Definition(
            name,
            expression,
            per_item[name],
            "def" if entry.params is None else "function",
            entry.source.file,
            position.line if position else None,
            params=entry.params or (),
        )
    # an inherited definition that reads an overridden one may change its scope
    for name, definition in list(table.items()):
        if name not in own and definition.per_item != per_item[name]:
            table[name] = dataclasses.replace(definition, per_item=per_item[name])
    return table


def _same_shape(inherited: Definition | None, entry: Written, problems: Problems) -> bool:
    """A redefinition keeps the shape the rules calling it expect (value, or parameters)."""
    if inherited is None:
        return True
    was = len(inherited.params) if inherited.kind == "function" else None
    now = len(entry.params) if entry.params is not None else None
    if was == now:
        return True
    if was is None:
        wanted = f"a value: write {entry.name} without parameters"
    else:
        plural = "" if was == 1 else "s"
        wanted = f"a function of {was} parameter{plural}: {inherited.signature}"
    problems.errors.append(
        located(
            entry.source,
            entry.pointer,
            "name",
            f'"{entry.name}" redefines {wanted}, as the rules using it expect',
            key=True,
        )
    )
    return False


def _param_in_predicate(node: ast.Node, depth: int = 0) -> ast.Ref | None:
    if isinstance(node, ast.Ref) and node.kind == "arg" and depth > 0:
        return node
    for child, predicate in children_with_predicates(node):
        found = _param_in_predicate(child, depth + predicate)
        if found is not None:
            return found
    return None


def per_item_lets(
    lets: Mapping[str, Expression], defs: Mapping[str, Definition]
) -> dict[str, bool]:
    """Whether each ``let`` depends on the current item (directly or through other names)."""
    bodies = {name: expression.tree for name, expression in lets.items()}
    known = {name: definition.per_item for name, definition in defs.items()}
    return _per_item(bodies, known)


def warn_unused(
    written: Iterable[Written], used: set[str], table: Mapping[str, Definition], problems: Problems
) -> None:
    """A warning for each definition written in this load that nothing uses."""
    for entry in written:
        if entry.name in table and entry.name not in used:
            problems.warnings.append(
                located(
                    entry.source,
                    entry.pointer,
                    "unused-name",
                    f'the definition "{entry.name}" is never used',
                    key=True,
                    severity="warning",
                )
            )


def used_names(expressions: Iterable[Expression], table: Mapping[str, Definition]) -> set[str]:
    """The definitions ``expressions`` use, directly or through other definitions."""
    used: set[str] = set()
    stack = [name for expression in expressions for name in expression.refs]
    while stack:
        name = stack.pop()
        if name in used or name not in table:
            continue
        used.add(name)
        stack.extend(table[name].expression.refs)
    return used


def find_cycle(bodies: Mapping[str, ast.Node]) -> list[str] | None:
    """A chain of names whose definitions go round in a circle (``[a, b, a]``), or ``None``."""
    return cycle_in({name: _refs(body, bodies) for name, body in bodies.items()})


def cycle_in(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A path that goes round in a circle in ``graph`` (``[a, b, a]``), or ``None``."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    for start in graph:
        if state.get(start):
            continue
        path = [start]
        children = [iter(sorted(graph[start]))]
        state[start] = 1
        while path:
            child = next(children[-1], None)
            if child is None:
                state[path.pop()] = 2
                children.pop()
                continue
            if child not in graph:
                continue
            if state.get(child) == 1:
                return [*path[path.index(child) :], child]
            if not state.get(child):
                state[child] = 1
                path.append(child)
                children.append(iter(sorted(graph[child])))
    return None


def _cycles(
    bodies: Mapping[str, ast.Node], own: Mapping[str, Written], problems: Problems
) -> set[str]:
    """Report definitions that go round in a circle; the names to leave out."""
    broken: set[str] = set()
    remaining = dict(bodies)
    while (cycle := find_cycle(remaining)) is not None:
        chain = " → ".join(cycle)
        first = next((own[name] for name in cycle if name in own), None)
        if first is not None:
            problems.errors.append(
                located(
                    first.source,
                    first.pointer,
                    "name-cycle",
                    f"definitions go round in a circle: {chain}",
                    key=True,
                )
            )
        broken.update(cycle)
        for name in cycle:
            remaining.pop(name, None)
    return broken


def _refs(node: ast.Node, among: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Ref | ast.Apply) and current.name in among:
            found.add(current.name)
        stack.extend(ast.children(current))
    return found


def _per_item(
    bodies: Mapping[str, ast.Node], known: Mapping[str, bool] | None = None
) -> dict[str, bool]:
    """Whether each name's value depends on the current item, following the names it uses."""
    result = dict(known or {})
    result.update({name: reads_item(body) for name, body in bodies.items()})
    changed = True
    while changed:  # a fixed point: names that use a per-item name are per-item
        changed = False
        for name, body in bodies.items():
            if not result[name] and any(result.get(used, False) for used in _refs(body, result)):
                result[name] = changed = True
    return result


def _outer_at_top(node: ast.Node, depth: int = 0) -> bool:
    if isinstance(node, ast.Outer):
        return depth == 0
    return any(
        _outer_at_top(child, depth + predicate)
        for child, predicate in children_with_predicates(node)
    )


def params_read(node: ast.Node) -> list[tuple[str, ast.Span]]:
    """The parameters an expression reads, with the span of each ``params.x``, in order."""
    found: list[tuple[str, ast.Span]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if (
            isinstance(current, ast.Field)
            and isinstance(current.obj, ast.Name)
            and current.obj.name == "params"
        ):
            found.append((current.name, current.span))
        stack.extend(ast.children(current))
    return sorted(found, key=lambda item: item[1])
