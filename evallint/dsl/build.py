"""The only lark Transformer in the code base: parse tree → typed AST.

Number tokens become ``Decimal`` here (``90%`` becomes 0.90), strings are
unescaped, and ``x[...]`` is told apart: a whole-number literal is an index, a
string literal is a key, anything else is a filter predicate.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from evallint.dsl import ast
from evallint.errors import ExpressionError

# Escapes a string knows; any other backslash is kept as written, so regular
# expressions read naturally: matches(x, "\d+\s*个") needs no doubled backslashes.
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "/": "/"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)


def _span(meta: Meta) -> ast.Span:
    return (meta.start_pos, meta.end_pos) if not meta.empty else ast.NO_SPAN


def _token_span(token: Token) -> ast.Span:
    start = token.start_pos or 0
    end = token.end_pos if token.end_pos is not None else start + len(token)
    return (start, end)


@v_args(meta=True)
class AstBuilder(Transformer[Token, ast.Node]):
    """Builds :mod:`evallint.dsl.ast` nodes; ``source`` is kept for error positions."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    # --- literals -----------------------------------------------------------
    def number(self, meta: Meta, children: list[Token]) -> ast.Node:
        return ast.Literal(Decimal(str(children[0])), _span(meta))

    def percent(self, meta: Meta, children: list[Token]) -> ast.Node:
        return ast.Literal(Decimal(str(children[0])[:-1]).scaleb(-2), _span(meta))

    def string(self, meta: Meta, children: list[Token]) -> ast.Node:
        token = children[0]
        body = str(token)[1:-1]

        def unescape(match: re.Match[str]) -> str:
            code = match.group(1)
            if code.startswith("u") and len(code) == 5:
                return chr(int(code[1:], 16))
            if code in _ESCAPES:
                return _ESCAPES[code]
            if code.startswith("u"):
                offset = (token.start_pos or 0) + 1 + match.start()
                raise ExpressionError(
                    "expr-syntax",
                    "\\u needs four hexadecimal digits, e.g. \\u3000",
                    self.source,
                    offset,
                    offset + 2,
                )
            return match.group(0)

        return ast.Literal(_ESCAPE.sub(unescape, body), _span(meta))

    def true(self, meta: Meta, children: list[Any]) -> ast.Node:
        return ast.Literal(True, _span(meta))

    def false(self, meta: Meta, children: list[Any]) -> ast.Node:
        return ast.Literal(False, _span(meta))

    def null(self, meta: Meta, children: list[Any]) -> ast.Node:
        return ast.Literal(None, _span(meta))

    def list_expr(self, meta: Meta, children: list[Any]) -> ast.Node:
        items = children[0] if children and children[0] is not None else ()
        return ast.ListExpr(tuple(items), _span(meta))

    def arguments(self, meta: Meta, children: list[ast.Node]) -> tuple[ast.Node, ...]:
        return tuple(children)

    # --- names and paths ----------------------------------------------------
    def root(self, meta: Meta, children: list[Any]) -> ast.Node:
        return ast.Root(_span(meta))

    def current(self, meta: Meta, children: list[Any]) -> ast.Node:
        return ast.Current(_span(meta))

    def outer(self, meta: Meta, children: list[Any]) -> ast.Node:
        return ast.Outer(_span(meta))

    def name(self, meta: Meta, children: list[Token]) -> ast.Node:
        return ast.Name(str(children[0]), _span(meta))

    def field(self, meta: Meta, children: list[Any]) -> ast.Node:
        obj, name = children
        return ast.Field(obj, str(name), _span(meta))

    def subscript(self, meta: Meta, children: list[Any]) -> ast.Node:
        obj, inner = children
        span = _span(meta)
        if isinstance(inner, ast.Literal) and isinstance(inner.value, str):
            return ast.Key(obj, inner.value, span)
        index = _whole_number(inner)
        if index is not None:
            return ast.Index(obj, index, span)
        if isinstance(inner, ast.Literal) and inner.value is not None:
            start, end = inner.span
            raise ExpressionError(
                "expr-syntax",
                "an index must be a whole number, a key a string in quotes",
                self.source,
                start,
                end,
            )
        return ast.Filter(obj, inner, span)

    def call(self, meta: Meta, children: list[Any]) -> ast.Node:
        name, args = children
        return ast.Call(str(name), tuple(args or ()), _span(meta), _token_span(name))

    # --- operators ----------------------------------------------------------
    def unary(self, meta: Meta, children: list[Any]) -> ast.Node:
        op, operand = children
        return ast.Negate(operand, _span(meta)) if str(op) == "-" else operand

    def binary(self, meta: Meta, children: list[Any]) -> ast.Node:
        left, op, right = children
        return ast.Binary(str(op), left, right, _span(meta))  # type: ignore[arg-type]

    def comp_op(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(c) for c in children)

    def compare(self, meta: Meta, children: list[Any]) -> ast.Node:
        operands = tuple(children[0::2])
        ops = tuple(children[1::2])
        return ast.Compare(operands, ops, _span(meta))

    def and_op(self, meta: Meta, children: list[ast.Node]) -> ast.Node:
        return _flatten_logic("and", children, _span(meta))

    def or_op(self, meta: Meta, children: list[ast.Node]) -> ast.Node:
        return _flatten_logic("or", children, _span(meta))

    def not_op(self, meta: Meta, children: list[ast.Node]) -> ast.Node:
        return ast.Not(children[0], _span(meta))

    def implies(self, meta: Meta, children: list[ast.Node]) -> ast.Node:
        return ast.Implies(children[0], children[1], _span(meta))

    def conditional(self, meta: Meta, children: list[ast.Node]) -> ast.Node:
        then, condition, otherwise = children
        return ast.Conditional(then, condition, otherwise, _span(meta))


def _whole_number(node: ast.Node) -> int | None:
    if (
        isinstance(node, ast.Literal)
        and isinstance(node.value, Decimal)
        and node.value == node.value.to_integral_value()
    ):
        return int(node.value)
    if isinstance(node, ast.Negate):
        inner = _whole_number(node.operand)
        return -inner if inner is not None and inner > 0 else None
    return None


def _flatten_logic(op: ast.LogicOp, children: list[ast.Node], span: ast.Span) -> ast.Node:
    # `a and b and c` arrives as ((a and b) and c); keep it one flat node. Parentheses
    # around an operand of the same operator change nothing, so they are flattened too.
    operands: list[ast.Node] = []
    for child in children:
        if isinstance(child, ast.Logic) and child.op == op:
            operands.extend(child.operands)
        else:
            operands.append(child)
    return ast.Logic(op, tuple(operands), span)
