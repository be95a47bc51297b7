"""Field names against the report schema, and the report paths an expression reads.

A rule's fields are checked when it loads: a near miss of a known field
(``weigth``) is an error with "did you mean", an unknown name a warning (forms
may carry extra keys). The same walk gives the JSON Schema of a rule's items
(for its ``each``) and the paths an expression reads, for findings' ``operands``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evallint.dsl import ast
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.names import Named
from evallint.errors import ExpressionError
from evallint.schema import report_schema


@dataclass(frozen=True, slots=True)
class Warning:
    """A problem that does not stop the expression from compiling."""

    code: str
    message: str
    start: int
    end: int


class _AnyObject:
    """The scope of an expression compiled without an item schema: the report or any item."""


ANY_OBJECT: Any = _AnyObject()


def check_fields(
    node: ast.Node,
    source: str,
    item_schema: Any = None,
    names: Mapping[str, ast.RefKind] | None = None,
) -> list[Warning]:
    """Raise :class:`ExpressionError` for a misspelt field; return warnings for unknown ones.

    ``item_schema`` is the JSON Schema of the current item. Without one a bare
    name may be a field of the report or of any of its items, so it is checked
    against every field the report format names. A bare name near one of
    ``names`` (the rule set's definitions) is a misspelt name too.
    """
    warnings: list[Warning] = []
    root = report_schema()
    scope = _resolve_ref(item_schema, root) if item_schema is not None else ANY_OBJECT
    checker = _FieldChecker(source, root, sorted(names or ()), warnings)
    checker.check(node, scope, ())
    return warnings


def all_field_names(root: Mapping[str, Any]) -> list[str]:
    """Every field name the report format gives an object anywhere (sorted)."""
    names: set[str] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            properties = node.get("properties")
            if isinstance(properties, Mapping):
                names.update(properties)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(names)


def _resolve_ref(schema: Any, root: Mapping[str, Any]) -> Any:
    seen = 0
    while isinstance(schema, Mapping) and "$ref" in schema and seen < 20:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return None
        node: Any = root
        for token in ref[2:].split("/"):
            node = node.get(token) if isinstance(node, Mapping) else None
        schema = node
        seen += 1
    return schema


def schema_at(schema: Any, root: Mapping[str, Any], key: str) -> tuple[Any, bool]:
    """The schema of field ``key`` of an object ``schema``, and whether the key is known.

    Over an array the field is projected from its items.
    """
    schema = _resolve_ref(schema, root)
    if not isinstance(schema, Mapping):
        return None, True
    if schema.get("type") == "array" or "items" in schema:
        return schema_at(schema.get("items"), root, key)
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and key in properties:
        return _resolve_ref(properties[key], root), True
    additional = schema.get("additionalProperties")
    if isinstance(additional, Mapping):
        return _resolve_ref(additional, root), True
    return None, not isinstance(properties, Mapping)


def _known_keys(schema: Any, root: Mapping[str, Any]) -> list[str]:
    schema = _resolve_ref(schema, root)
    if isinstance(schema, Mapping) and (schema.get("type") == "array" or "items" in schema):
        return _known_keys(schema.get("items"), root)
    if isinstance(schema, Mapping) and isinstance(schema.get("properties"), Mapping):
        return list(schema["properties"])
    return []


def _items_of(schema: Any, root: Mapping[str, Any]) -> Any:
    schema = _resolve_ref(schema, root)
    if isinstance(schema, Mapping) and "items" in schema:
        return _resolve_ref(schema["items"], root)
    return schema


class _FieldChecker:
    """Walks an expression checking field names; each step gives the schema of its value."""

    def __init__(
        self, source: str, root: Mapping[str, Any], names: list[str], warnings: list[Warning]
    ) -> None:
        self.source = source
        self.root = root
        self.names = names
        self.warnings = warnings

    def check(self, node: ast.Node, scope: Any, outer: tuple[Any, ...]) -> Any:
        """Check field names under ``node``; returns the schema of its value (or ``None``)."""
        root = self.root
        if isinstance(node, ast.Root):
            return root
        if isinstance(node, ast.Current):
            return scope
        if isinstance(node, ast.Outer):
            return outer[-1] if outer else root
        if isinstance(node, ast.Ref):
            return None  # a definition's value: its own fields were checked where it is written
        if isinstance(node, ast.Name):
            if node.name == "params":
                return None
            return self.field(scope, node.name, node.span, bare=True)
        if isinstance(node, ast.Field | ast.Key):
            obj = self.check(node.obj, scope, outer)
            key = node.name if isinstance(node, ast.Field) else node.key
            return None if obj is None else self.field(obj, key, node.span, bare=False)
        if isinstance(node, ast.Index):
            obj = self.check(node.obj, scope, outer)
            return _items_of(obj, root) if obj is not None else None
        if isinstance(node, ast.Filter):
            obj = self.check(node.obj, scope, outer)
            item = _items_of(obj, root) if obj is not None else None
            self.check(node.predicate, item, (*outer, scope))
            return obj
        if isinstance(node, ast.Call):
            function = FUNCTIONS.get(node.name)
            element: Any = None
            for index, arg in enumerate(node.args):
                if function is not None and function.predicate_arg == index:
                    self.check(arg, element, (*outer, scope))
                else:
                    value = self.check(arg, scope, outer)
                    if index == 0:
                        element = _items_of(value, root) if value is not None else None
            return None
        for child in ast.children(node):
            self.check(child, scope, outer)
        return None

    def field(self, schema: Any, key: str, span: ast.Span, *, bare: bool) -> Any:
        """The schema of field ``key`` of ``schema``; a near miss of a known field raises."""
        if schema is None:
            return None
        root = self.root
        if schema is ANY_OBJECT:
            # A field of the report goes on being checked; a field of some item
            # (which item, only the caller knows) is taken as it is.
            if key in _known_keys(root, root):
                return schema_at(root, root, key)[0]
            found, known, keys = None, False, all_field_names(root)
            where = "anywhere in the report format"
        else:
            found, known = schema_at(schema, root, key)
            keys = _known_keys(schema, root)
            where = f"known here: {', '.join(keys[:12])}"
        if key in keys:
            return found
        start, end = _name_span(span, key, self.source)
        # A near miss of a named field is a typo even where extra keys are allowed
        # (funds takes extra rows, so `funds.weigth` would otherwise pass as a row);
        # a bare name may also be a misspelt definition.
        candidates = [*keys, *self.names] if bare else keys
        near = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
        if near:
            what = "name or field" if bare and self.names else "field"
            raise ExpressionError(
                "unknown-field",
                f'no {what} "{key}" (did you mean "{near[0]}"?)',
                self.source,
                start,
                end,
            )
        if known:
            return found
        self.warnings.append(
            Warning(
                "unknown-field",
                f'"{key}" is not a field of the report format ({where}); '
                "the rule will only see it in reports that carry it",
                start,
                end,
            )
        )
        return None


def _name_span(span: ast.Span, key: str, source: str) -> ast.Span:
    start, end = span
    at = source.rfind(key, start, end)
    return (at, at + len(key)) if at >= 0 else span


def element_schema(node: ast.Node) -> Any:
    """The JSON Schema of the elements of the list ``node`` gives (for a rule's ``each``).

    ``None`` when it cannot be told statically (then bare names are not checked).
    """
    root = report_schema()
    value = _FieldChecker("", root, [], []).check(node, root, ())
    return _items_of(value, root) if value is not None else None


# --- the paths an expression reads ----------------------------------------------------


def read_paths(
    node: ast.Node, *, item_schema: Any = None, names: Mapping[str, Named] | None = None
) -> tuple[str, ...]:
    """The report paths ``node`` reads, as JSON Pointers with ``*`` for "every element".

    Paths of the current item start with ``@`` (``@/score``) when the expression
    runs on items (``item_schema`` given); the report's paths start with ``/``.
    With ``names`` (the rule set's definitions), what a name reads counts where the
    name is used, as if its expression were written there (``any(named_indicators,
    score > weight)`` reads ``/indicators/*/score``). Used to list a finding's
    operands and what a rule reads.
    """
    found: list[str] = []
    _PathReader(names or {}, found).collect(node, "" if item_schema is None else "@")
    root = report_schema()
    scope = _resolve_ref(item_schema, root) if item_schema is not None else root
    return tuple(dict.fromkeys(_star_arrays(path, scope, root) for path in found))


def _star_arrays(path: str, scope: Any, root: Mapping[str, Any]) -> str:
    """Insert ``*`` where a path steps from an array to a field of its elements."""
    if path.startswith("@"):
        prefix, schema, tokens = "@", scope, path[1:].split("/")[1:]
    else:
        prefix, schema, tokens = "", root, path.split("/")[1:]
    out: list[str] = []
    for token in tokens:
        schema = _resolve_ref(schema, root)
        is_array = isinstance(schema, Mapping) and "items" in schema
        if is_array and token != "*" and not token.lstrip("-").isdigit():
            out.append("*")
            schema = _resolve_ref(schema["items"], root)
        out.append(token)
        if isinstance(schema, Mapping) and "items" in schema and (token == "*" or token.isdigit()):
            schema = schema["items"]
        else:
            schema, _ = schema_at(schema, root, token.replace("~1", "/").replace("~0", "~"))
    return prefix + "".join("/" + t for t in out)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _elements(base: str | None) -> str | None:
    """The path of the elements of the list at ``base`` (a filter's path already is)."""
    if base is None:
        return None
    return base if base.endswith("/*") else f"{base}/*"


class _PathReader:
    """Collects the paths an expression reads; ``scope`` is the path of the current item
    (``""`` for the report, ``@`` for the rule's item, ``None`` where it is not known).
    A name of ``names`` stands for its definition's expression, read where it is used."""

    def __init__(self, names: Mapping[str, Named], found: list[str]) -> None:
        self.names = names
        self.found = found
        self.followed: set[tuple[str, str | None]] = set()  # each name once per scope

    def definition(self, node: ast.Node) -> ast.Node | None:
        """The expression a name of the rule set stands for (a function: its body)."""
        name = node.name if isinstance(node, ast.Ref | ast.Apply) else None
        definition = self.names.get(name) if name is not None else None
        if definition is None or (isinstance(node, ast.Ref) and definition.kind == "function"):
            return None
        return definition.expression.tree

    def path_of(self, node: ast.Node, scope: str | None) -> str | None:
        if isinstance(node, ast.Root):
            return ""
        if isinstance(node, ast.Current):
            return scope
        if isinstance(node, ast.Name):
            if node.name == "params" or scope is None:
                return None
            return f"{scope}/{_escape(node.name)}"
        if isinstance(node, ast.Ref):
            tree = self.definition(node)
            return None if tree is None else self.path_of(tree, scope)
        if isinstance(node, ast.Field | ast.Key):
            base = self.path_of(node.obj, scope)
            key = node.name if isinstance(node, ast.Field) else node.key
            return None if base is None else f"{base}/{_escape(key)}"
        if isinstance(node, ast.Index):
            base = self.path_of(node.obj, scope)
            return None if base is None else f"{base}/{node.index}"
        if isinstance(node, ast.Filter):
            return _elements(self.path_of(node.obj, scope))
        return None

    def collect(self, node: ast.Node, scope: str | None) -> None:
        path = self.path_of(node, scope)
        # a name's own reads are its definition's: they are found there
        if path not in (None, "", scope) and not isinstance(node, ast.Filter | ast.Ref):
            self.found.append(path)
        tree = self.definition(node)
        if tree is not None and (node.name, scope) not in self.followed:  # type: ignore[attr-defined]
            self.followed.add((node.name, scope))  # type: ignore[attr-defined]
            self.collect(tree, scope)
        if isinstance(node, ast.Filter):
            self.collect(node.obj, scope)
            self.collect(node.predicate, _elements(self.path_of(node.obj, scope)))
            return
        if isinstance(node, ast.Call):
            function = FUNCTIONS.get(node.name)
            base = self.path_of(node.args[0], scope) if node.args else None
            for index, arg in enumerate(node.args):
                if function is not None and function.predicate_arg == index:
                    self.collect(arg, _elements(base))
                else:
                    self.collect(arg, scope)
            return
        if isinstance(node, ast.Field | ast.Key | ast.Index):
            self.collect_inner(node.obj, scope)
            return
        for child in ast.children(node):
            self.collect(child, scope)

    def collect_inner(self, node: ast.Node, scope: str | None) -> None:
        # the object of a path is part of the path itself: only its filters add reads
        if isinstance(node, ast.Filter):
            self.collect_inner(node.obj, scope)
            self.collect(node.predicate, _elements(self.path_of(node.obj, scope)))
        elif isinstance(node, ast.Field | ast.Key | ast.Index):
            self.collect_inner(node.obj, scope)
        elif self.path_of(node, scope) is None:
            self.collect(node, scope)


def path_label(node: ast.Node) -> str | None:
    """A short, stable name for a path or a name: ``score``, ``funds.total.executed``, ``shown``.

    The report's ``$.`` and the item's ``@.`` are left out, keys are joined with
    dots and indexes written ``[i]`` (``categories.产出指标``, ``[1]``);
    ``None`` for anything that is not a path (a computed value, ``@`` itself).
    """
    if isinstance(node, ast.Name | ast.Ref):
        return node.name
    if isinstance(node, ast.Field | ast.Key):
        key = node.name if isinstance(node, ast.Field) else node.key
        base = _base_label(node.obj)
        return None if base is None else (f"{base}.{key}" if base else key)
    if isinstance(node, ast.Index):
        base = _base_label(node.obj)
        return None if base is None else f"{base}[{node.index}]"
    return None


def _base_label(node: ast.Node) -> str | None:
    if isinstance(node, ast.Root | ast.Current):
        return ""
    if isinstance(node, ast.Outer):
        return "^"
    return path_label(node)
