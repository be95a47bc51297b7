"""Static checks, before anything runs: every mistake found when the rule loads.

* unknown functions (with "did you mean"), wrong numbers of arguments;
* regular expressions that are not literals, do not compile, or could backtrack
  catastrophically;
* text where a number must be (``"a" + 1``), comparisons with ``null``;
* expressions too large or too deeply nested to be a rule condition;
* field names checked against the report schema (:mod:`evallint.dsl.fields`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from evallint.domain.cells import read_cell
from evallint.dsl import ast
from evallint.dsl.fields import Warning, check_fields
from evallint.dsl.functions import FUNCTIONS
from evallint.dsl.regex import regex_problem
from evallint.errors import ExpressionError

MAX_NODES = 400
"""Most syntax-tree nodes in one expression."""
MAX_DEPTH = 40
"""Deepest nesting of one expression."""


def check(
    node: ast.Node,
    source: str,
    *,
    item_schema: Any = None,
    names: Mapping[str, ast.RefKind] | None = None,
    arities: Mapping[str, int] | None = None,
) -> list[Warning]:
    """Raise :class:`ExpressionError` for the first error; return the warnings.

    ``item_schema`` is the JSON Schema of the current item (``None``: the
    report itself is the scope of bare names); ``names`` the names the rule set
    defines and ``arities`` the number of parameters of each of its functions.
    """
    for count, (sub, depth) in enumerate(_walk(node), start=1):  # size first: bounded work
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
    warnings: list[Warning] = []
    for sub, _ in _walk(node):
        if isinstance(sub, ast.Apply):
            _check_apply(sub, source, arities or {})
        elif isinstance(sub, ast.Call):
            _check_call(sub, source, names or {})
        elif isinstance(sub, ast.Ref) and sub.kind == "function":
            raise ExpressionError(
                "function-name",
                f'"{sub.name}" is a function: call it with its arguments, {sub.name}(...)',
                source,
                *sub.span,
            )
        elif isinstance(sub, ast.Binary | ast.Negate):
            _check_arithmetic(sub, source)
        elif isinstance(sub, ast.Compare):
            _check_compare(sub, source, warnings)
    return [*warnings, *check_fields(node, source, item_schema, names or {})]


def _walk(node: ast.Node, depth: int = 0) -> Iterator[tuple[ast.Node, int]]:
    stack = [(node, depth)]
    while stack:
        current, level = stack.pop()
        yield current, level
        stack.extend((child, level + 1) for child in reversed(ast.children(current)))


def _check_apply(node: ast.Apply, source: str, arities: Mapping[str, int]) -> None:
    wanted = arities.get(node.name)
    if wanted is not None and len(node.args) != wanted:
        plural = "" if wanted == 1 else "s"
        raise ExpressionError(
            "arity",
            f"{node.name}() takes {wanted} argument{plural}, got {len(node.args)}",
            source,
            *node.span,
        )


def _check_call(node: ast.Call, source: str, names: Mapping[str, ast.RefKind]) -> None:
    function = FUNCTIONS.get(node.name)
    start, end = node.name_span
    if function is None and node.name in names:
        raise ExpressionError(
            "unknown-function",
            f'"{node.name}" is a name, not a function: write it without parentheses',
            source,
            start,
            end,
        )
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
    if function.path_arg is not None and function.path_arg < count:
        box = node.args[function.path_arg]
        if not (
            isinstance(box, (ast.Field, ast.Key))
            or (isinstance(box, ast.Name) and box.name != "params")
        ):
            raise ExpressionError(
                "type",
                f"{node.name}() asks about a box of the report: write a field such as "
                "deviation or $.funds.total.initial",
                source,
                *ast.span_of(box),
            )


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
    problem = regex_problem(node.value)
    if problem is not None:
        raise ExpressionError("regex", problem, source, start, end)


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


def _check_compare(node: ast.Compare, source: str, warnings: list[Warning]) -> None:
    for index, op in enumerate(node.ops):
        for operand in node.operands[index : index + 2]:
            if (
                op in ("==", "!=")
                and _is_text_literal(operand)
                and read_cell(getattr(operand, "value", None)).kind == "blank"
            ):
                start, end = ast.span_of(operand)
                fix = "blank(x)" if op == "==" else "filled(x)"
                warnings.append(
                    Warning(
                        "blank-compare",
                        f"comparing with a blank text is always unknown (a blank side makes "
                        f"`{op}` unknown), so this never decides: write {fix}",
                        start,
                        end,
                    )
                )
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
