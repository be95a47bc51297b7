"""Print a syntax tree back as source text that parses to the same tree.

Every compound part is parenthesised, so the text is unambiguous whatever the
precedence; it is for tools and tests (round trips), not for pretty output.
"""

from __future__ import annotations

import json
from decimal import Decimal

from evallint.dsl import ast


def unparse(node: ast.Node) -> str:
    """Source text for ``node``."""
    if isinstance(node, ast.Literal):
        return _literal(node.value)
    if isinstance(node, ast.ListExpr):
        return "[" + ", ".join(unparse(item) for item in node.items) + "]"
    if isinstance(node, ast.Root):
        return "$"
    if isinstance(node, ast.Current):
        return "@"
    if isinstance(node, ast.Outer):
        return "^"
    if isinstance(node, ast.Name | ast.Ref):
        return node.name
    if isinstance(node, ast.Field):
        return f"{_postfix_base(node.obj)}.{node.name}"
    if isinstance(node, ast.Key):
        return f"{_postfix_base(node.obj)}[{_literal(node.key)}]"
    if isinstance(node, ast.Index):
        return f"{_postfix_base(node.obj)}[{node.index}]"
    if isinstance(node, ast.Filter):
        return f"{_postfix_base(node.obj)}[{unparse(node.predicate)}]"
    if isinstance(node, ast.Call):
        return f"{node.name}(" + ", ".join(unparse(arg) for arg in node.args) + ")"
    if isinstance(node, ast.Negate):
        return f"(-{unparse(node.operand)})"
    if isinstance(node, ast.Binary):
        return f"({unparse(node.left)} {node.op} {unparse(node.right)})"
    if isinstance(node, ast.Compare):
        parts = [unparse(node.operands[0])]
        for op, operand in zip(node.ops, node.operands[1:], strict=True):
            parts.append(f"{op} {unparse(operand)}")
        return "(" + " ".join(parts) + ")"
    if isinstance(node, ast.Logic):
        return "(" + f" {node.op} ".join(unparse(o) for o in node.operands) + ")"
    if isinstance(node, ast.Not):
        return f"(not {unparse(node.operand)})"
    if isinstance(node, ast.Implies):
        return f"({unparse(node.left)} implies {unparse(node.right)})"
    if isinstance(node, ast.Conditional):
        return f"({unparse(node.then)} if {unparse(node.condition)} else {unparse(node.otherwise)})"
    raise TypeError(f"cannot print {type(node).__name__}")  # pragma: no cover


def _postfix_base(node: ast.Node) -> str:
    text = unparse(node)
    # A literal or an operator result must be parenthesised before `.x` or `[..]`.
    if isinstance(node, (ast.Literal, ast.ListExpr)):
        return f"({text})"
    return text


def _literal(value: Decimal | str | bool | None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text if not text.startswith("-") else f"(-{text[1:]})"
    # JSON's \b and \f are regex escapes here (kept as written), so spell them \uXXXX
    return json.dumps(value, ensure_ascii=False).replace("\\b", "\\u0008").replace("\\f", "\\u000c")
