"""Static checks, before anything runs: every mistake found when the rule loads.

* unknown functions (with "did you mean"), wrong numbers of arguments;
* regular expressions that are not literals, do not compile, or could backtrack
  catastrophically;
* text where a number must be (``"a" + 1``), comparisons with ``null``;
* expressions too large or too deeply nested to be a rule condition;
* field names checked against the report schema: a near miss of a known field
  (``weigth``) is an error, an unknown name a warning (forms may carry extra keys).

It also lists the report paths an expression reads, for findings' ``operands``.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evallint._files import package_file
from evallint.cells import read_cell
from evallint.dsl import ast

if TYPE_CHECKING:
    import sre_parse
else:  # the stdlib's own regex parser, to inspect patterns (sre_parse is deprecated)
    import re._parser as sre_parse
from evallint.dsl.functions import FUNCTIONS
from evallint.errors import ExpressionError

MAX_NODES = 400
"""Most syntax-tree nodes in one expression."""
MAX_DEPTH = 40
"""Deepest nesting of one expression."""
MAX_REGEX_LENGTH = 200
"""Longest regular expression accepted, in characters."""


@dataclass(frozen=True, slots=True)
class Warning:
    """A problem that does not stop the expression from compiling."""

    code: str
    message: str
    start: int
    end: int


def check(node: ast.Node, source: str, *, item_schema: Any = None) -> list[Warning]:
    """Raise :class:`ExpressionError` for the first error; return the warnings.

    ``item_schema`` is the JSON Schema of the current item (``None``: the
    report itself is the scope of bare names).
    """
    for count, (sub, depth) in enumerate(_walk(node), start=1):
        if count > MAX_NODES:
            raise ExpressionError(
                "too-complex", f"the expression has more than {MAX_NODES} parts", source, 0
            )
        if depth > MAX_DEPTH:
            start, end = ast.span_of(sub)
            raise ExpressionError(
                "too-complex",
                f"the expression nests more than {MAX_DEPTH} levels",
                source,
                start,
                end,
            )
        if isinstance(sub, ast.Call):
            _check_call(sub, source)
        elif isinstance(sub, ast.Binary | ast.Negate):
            _check_arithmetic(sub, source)
        elif isinstance(sub, ast.Compare):
            _check_compare(sub, source)
    warnings: list[Warning] = []
    schema = report_schema()
    root = schema
    scope = _resolve_ref(item_schema, schema) if item_schema is not None else root
    _check_fields(node, source, scope, root, (), warnings)
    return warnings


def _walk(node: ast.Node, depth: int = 0) -> Iterator[tuple[ast.Node, int]]:
    stack = [(node, depth)]
    while stack:
        current, level = stack.pop()
        yield current, level
        stack.extend((child, level + 1) for child in reversed(ast.children(current)))


def _check_call(node: ast.Call, source: str) -> None:
    function = FUNCTIONS.get(node.name)
    start, end = node.name_span
    if function is None:
        close = difflib.get_close_matches(node.name, FUNCTIONS, n=1, cutoff=0.6)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise ExpressionError(
            "unknown-function", f'no function "{node.name}"{hint}', source, start, end
        )
    count = len(node.args)
    if not function.min_args <= count <= function.max_args:
        if function.min_args == function.max_args:
            wanted = f"{function.min_args}"
        elif function.max_args >= 50:
            wanted = f"at least {function.min_args}"
        else:
            wanted = f"{function.min_args} to {function.max_args}"
        plural = "" if wanted == "1" else "s"
        raise ExpressionError(
            "arity",
            f"{node.name}() takes {wanted} argument{plural}, got {count}: {function.signature}",
            source,
            *node.span,
        )
    if function.regex_arg is not None and function.regex_arg < count:
        _check_regex(node.args[function.regex_arg], source)


def _check_regex(node: ast.Node, source: str) -> None:
    start, end = ast.span_of(node)
    if not isinstance(node, ast.Literal) or not isinstance(node.value, str):
        raise ExpressionError(
            "regex",
            "the pattern must be a string in quotes, so it is checked when the rule loads",
            source,
            start,
            end,
        )
    pattern = node.value
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ExpressionError(
            "regex",
            f"the pattern is longer than {MAX_REGEX_LENGTH} characters",
            source,
            start,
            end,
        )
    try:
        parsed = sre_parse.parse(pattern)
        re.compile(pattern)
    except re.error as error:
        raise ExpressionError(
            "regex", f"not a valid regular expression: {error}", source, start, end
        ) from None
    problem = _regex_risk(parsed.data)
    if problem is not None:
        raise ExpressionError("regex", problem, source, start, end)


_REPEATS = frozenset(
    {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}
)
_LONG_REPEAT = 100
"""A repetition allowing more than this many times counts as unbounded."""


def _regex_risk(items: Any) -> str | None:
    """Why a pattern could backtrack for too long, or ``None``.

    Python's ``re`` backtracks, so a pattern is accepted only in a shape whose
    work stays small on a cell or a paragraph: no back-references, nothing
    repeated that itself repeats or has alternatives (``(a+)+``, ``(a|ab)*``),
    and at most one long or unbounded repetition (``a*a*a*b`` is polynomial;
    write ``.{0,20}`` where a bound will do).
    """
    unbounded = 0
    for op, value in _flatten(items):
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return "back-references (\\1) are not allowed"
        if op in _REPEATS:
            _low, high, sub = value
            many = high == sre_parse.MAXREPEAT or high > _LONG_REPEAT
            if high > 1 and _has_choice_or_repeat(sub):
                return (
                    "a repeated part that itself repeats or has alternatives "
                    "(such as `(a+)+` or `(a|b)*`) can take forever; rewrite it without"
                )
            if many:
                unbounded += 1
    if unbounded > 1:
        return (
            "more than one unbounded repetition (`*`, `+`, `{n,}`) can take very long on a long "
            "text; keep one and bound the others, e.g. `.{0,20}`"
        )
    return None


def _flatten(items: Any) -> Iterator[tuple[Any, Any]]:
    for op, value in items:
        yield op, value
        if op in _REPEATS:
            yield from _flatten(value[2])
        elif op == sre_parse.SUBPATTERN:
            yield from _flatten(value[-1])
        elif op == sre_parse.BRANCH:
            for branch in value[1]:
                yield from _flatten(branch)


def _has_choice_or_repeat(items: Any) -> bool:
    for op, value in _flatten(items):
        if op == sre_parse.BRANCH or (op in _REPEATS and value[1] > 1):
            return True
    return False


def _is_text_literal(node: ast.Node) -> bool:
    return isinstance(node, ast.Literal) and isinstance(node.value, str)


def _is_prose_literal(node: ast.Node) -> bool:
    """A string literal that does not read as a number (``"94%"`` does; ``"完成"`` does not)."""
    if not _is_text_literal(node):
        return False
    assert isinstance(node, ast.Literal) and isinstance(node.value, str)
    return read_cell(node.value).kind not in ("number", "quantity")


def _is_bool_literal(node: ast.Node) -> bool:
    return isinstance(node, ast.Literal) and isinstance(node.value, bool)


def _check_arithmetic(node: ast.Binary | ast.Negate, source: str) -> None:
    operands = (node.left, node.right) if isinstance(node, ast.Binary) else (node.operand,)
    for operand in operands:
        if (
            _is_prose_literal(operand)
            or _is_bool_literal(operand)
            or (isinstance(operand, ast.Literal) and operand.value is None)
        ):
            start, end = ast.span_of(operand)
            raise ExpressionError(
                "type",
                f"arithmetic needs numbers, not {_literal_text(operand)}",
                source,
                start,
                end,
            )
        if isinstance(operand, ast.ListExpr):
            start, end = ast.span_of(operand)
            raise ExpressionError(
                "type", "arithmetic needs numbers, not a list", source, start, end
            )


def _check_compare(node: ast.Compare, source: str) -> None:
    for index, op in enumerate(node.ops):
        for operand in node.operands[index : index + 2]:
            if isinstance(operand, ast.Literal) and operand.value is None and op in ("==", "!="):
                start, end = ast.span_of(operand)
                fix = "blank(x)" if op == "==" else "filled(x)"
                raise ExpressionError(
                    "type",
                    f"comparing with null is always unknown: write {fix} to test for a blank cell",
                    source,
                    start,
                    end,
                )
            if isinstance(operand, ast.Literal) and operand.value is None:
                start, end = ast.span_of(operand)
                fix = "blank(x)"
                raise ExpressionError(
                    "type",
                    f"comparing with null is always unknown: write {fix} to test for a blank cell",
                    source,
                    start,
                    end,
                )
            if op in ("<", "<=", ">", ">=") and (
                _is_prose_literal(operand) or _is_bool_literal(operand)
            ):
                start, end = ast.span_of(operand)
                raise ExpressionError(
                    "type",
                    f"`{op}` compares numbers, not {_literal_text(operand)}",
                    source,
                    start,
                    end,
                )


def _literal_text(node: ast.Node) -> str:
    assert isinstance(node, ast.Literal)
    if isinstance(node.value, str):
        return f'the text "{node.value}"'
    if node.value is None:
        return "null"
    return "true" if node.value is True else "false"


# --- fields against the report schema -----------------------------------------------


@functools.cache
def report_schema() -> Mapping[str, Any]:
    """The shipped report schema, read once per process."""
    text = package_file("schemas", "report.schema.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


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


def _check_fields(
    node: ast.Node,
    source: str,
    scope: Any,
    root: Mapping[str, Any],
    outer: tuple[Any, ...],
    warnings: list[Warning],
) -> Any:
    """Check field names under ``node``; returns the schema of its value (or ``None``)."""
    if isinstance(node, ast.Root):
        return root
    if isinstance(node, ast.Current):
        return scope
    if isinstance(node, ast.Outer):
        return outer[-1] if outer else root
    if isinstance(node, ast.Name):
        if node.name == "params":
            return None
        return _field_schema(scope, root, node.name, node.span, source, warnings)
    if isinstance(node, ast.Field | ast.Key):
        obj = _check_fields(node.obj, source, scope, root, outer, warnings)
        key = node.name if isinstance(node, ast.Field) else node.key
        if obj is None:
            return None
        return _field_schema(obj, root, key, node.span, source, warnings)
    if isinstance(node, ast.Index):
        obj = _check_fields(node.obj, source, scope, root, outer, warnings)
        return _items_of(obj, root) if obj is not None else None
    if isinstance(node, ast.Filter):
        obj = _check_fields(node.obj, source, scope, root, outer, warnings)
        item = _items_of(obj, root) if obj is not None else None
        _check_fields(node.predicate, source, item, root, (*outer, scope), warnings)
        return obj
    if isinstance(node, ast.Call):
        function = FUNCTIONS.get(node.name)
        element: Any = None
        for index, arg in enumerate(node.args):
            if function is not None and function.predicate_arg == index:
                _check_fields(arg, source, element, root, (*outer, scope), warnings)
            else:
                value = _check_fields(arg, source, scope, root, outer, warnings)
                if index == 0:
                    element = _items_of(value, root) if value is not None else None
        return None
    for child in ast.children(node):
        _check_fields(child, source, scope, root, outer, warnings)
    return None


def _field_schema(
    schema: Any,
    root: Mapping[str, Any],
    key: str,
    span: ast.Span,
    source: str,
    warnings: list[Warning],
) -> Any:
    if schema is None:
        return None
    found, known = schema_at(schema, root, key)
    keys = _known_keys(schema, root)
    if key in keys:
        return found
    start, end = _name_span(span, key, source)
    # A near miss of a named field is a typo even where extra keys are allowed
    # (funds takes extra rows, so `funds.weigth` would otherwise pass as a row).
    near = difflib.get_close_matches(key, keys, n=1, cutoff=0.75)
    if near:
        raise ExpressionError(
            "unknown-field", f'no field "{key}" (did you mean "{near[0]}"?)', source, start, end
        )
    if known:
        return found
    known_list = ", ".join(keys[:12])
    warnings.append(
        Warning(
            "unknown-field",
            f'"{key}" is not a field of the report format (known here: {known_list}); '
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
    value = _check_fields(node, "", root, root, (), [])
    return _items_of(value, root) if value is not None else None


# --- the paths an expression reads ----------------------------------------------------


def read_paths(node: ast.Node, *, item_schema: Any = None) -> tuple[str, ...]:
    """The report paths ``node`` reads, as JSON Pointers with ``*`` for "every element".

    Paths of the current item start with ``@`` (``@/score``) when the expression
    runs on items (``item_schema`` given); the report's paths start with ``/``.
    Used to list a finding's operands.
    """
    found: list[str] = []
    _collect(node, "" if item_schema is None else "@", found)
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


def _path_of(node: ast.Node, scope: str) -> str | None:
    if isinstance(node, ast.Root):
        return ""
    if isinstance(node, ast.Current):
        return scope
    if isinstance(node, ast.Name):
        return None if node.name == "params" else f"{scope}/{_escape(node.name)}"
    if isinstance(node, ast.Field | ast.Key):
        base = _path_of(node.obj, scope)
        key = node.name if isinstance(node, ast.Field) else node.key
        return None if base is None else f"{base}/{_escape(key)}"
    if isinstance(node, ast.Index):
        base = _path_of(node.obj, scope)
        return None if base is None else f"{base}/{node.index}"
    if isinstance(node, ast.Filter):
        base = _path_of(node.obj, scope)
        return None if base is None else f"{base}/*"
    return None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _collect(node: ast.Node, scope: str, found: list[str]) -> None:
    path = _path_of(node, scope)
    if path is not None and path not in ("", scope) and not isinstance(node, ast.Filter):
        found.append(path)
    if isinstance(node, ast.Filter):
        base = _path_of(node.obj, scope)
        _collect(node.obj, scope, found)
        _collect(node.predicate, f"{base}/*" if base is not None else "?", found)
        return
    if isinstance(node, ast.Call):
        function = FUNCTIONS.get(node.name)
        base = _path_of(node.args[0], scope) if node.args else None
        for index, arg in enumerate(node.args):
            if function is not None and function.predicate_arg == index:
                element = f"{base}/*" if base is not None else "?"
                _collect(arg, element, found)
            else:
                _collect(arg, scope, found)
        return
    if isinstance(node, ast.Field | ast.Key | ast.Index):
        _collect_inner(node.obj, scope, found)
        return
    for child in ast.children(node):
        _collect(child, scope, found)


def _collect_inner(node: ast.Node, scope: str, found: list[str]) -> None:
    # the object of a path is part of the path itself: only its filters add reads
    if isinstance(node, ast.Filter):
        base = _path_of(node.obj, scope)
        _collect_inner(node.obj, scope, found)
        _collect(node.predicate, f"{base}/*" if base is not None else "?", found)
    elif isinstance(node, ast.Field | ast.Key | ast.Index):
        _collect_inner(node.obj, scope, found)
    elif _path_of(node, scope) is None:
        _collect(node, scope, found)
