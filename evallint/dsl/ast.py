"""The typed syntax tree of an expression: frozen dataclasses, each with its span.

``span`` is ``(start, end)`` character offsets into the expression text. It
takes no part in equality, so two trees that say the same thing compare equal
wherever they were written (the round-trip property relies on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any
from typing import Literal as TypingLiteral

Span = tuple[int, int]
NO_SPAN: Span = (0, 0)

BinaryOp = TypingLiteral["+", "-", "*", "/"]
CompareOp = TypingLiteral["==", "!=", "<", "<=", ">", ">=", "in", "not in"]
LogicOp = TypingLiteral["and", "or"]
RefKind = TypingLiteral["def", "let", "bound", "arg", "function"]
"""What a name of the rule set is: a definition, a rule's ``let``, a name the engine
binds (``field``, ``cell``), a parameter inside a function's body, or a function
(``defs: name(x): ...``; its calls become :class:`Apply`, never a :class:`Ref`)."""


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as a constructor call: loading the shipped trees is then about
        # three times faster than dataclasses' default field-by-field state.
        return (type(self), tuple(getattr(self, spec.name) for spec in fields(self)))


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A number (``Decimal``; ``90%`` is 0.9), a string, ``true``/``false`` or ``null``."""

    value: Decimal | str | bool | None
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class ListExpr(Node):
    """``[a, b, c]``."""

    items: tuple[Node, ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Root(Node):
    """``$``: the whole report."""

    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Current(Node):
    """``@``: the current item (of a rule's ``each``, a filter or a quantifier)."""

    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Outer(Node):
    """``^``: the item one level out (the rule's item, seen from inside a filter)."""

    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A bare name: a field of the current item (of the report when there is none)."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Ref(Node):
    """A name the rule set gives a value: a pack definition (``defs``), a rule's ``let``,
    or one the engine binds while it runs a rule (``field`` and ``cell`` of ``cells:``).

    ``kind`` is ``"def"``, ``"let"``, ``"bound"`` or ``"arg"`` (a parameter in the body
    of a function of the rule set); a bare name becomes a ``Ref``
    when the rule set defines it (see :mod:`evallint.dsl.names`).
    """

    name: str
    kind: RefKind
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Field(Node):
    """``obj.name``; over a list, the projection of ``name`` from every element."""

    obj: Node
    name: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Index(Node):
    """``obj[3]`` (``obj[-1]`` is the last element)."""

    obj: Node
    index: int
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Key(Node):
    """``obj["key"]``: a field whose name is not a plain word (e.g. Chinese)."""

    obj: Node
    key: str
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Filter(Node):
    """``list[predicate]``: the elements for which ``predicate`` is true."""

    obj: Node
    predicate: Node
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Call(Node):
    """``name(arg, ...)``: a function from the registry."""

    name: str
    args: tuple[Node, ...]
    span: Span = field(default=NO_SPAN, compare=False)
    name_span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Apply(Call):
    """``name(arg, ...)`` where the rule set defines ``name`` (``defs: name(x): ...``).

    It means the function's body with the arguments in place of its parameters,
    as if written there (see :func:`evallint.dsl.names.instantiate`).
    """


@dataclass(frozen=True, slots=True)
class Negate(Node):
    """``-x`` (``+x`` is kept as ``x``)."""

    operand: Node
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """``a + b``, ``a - b``, ``a * b``, ``a / b``: exact decimal arithmetic."""

    op: BinaryOp
    left: Node
    right: Node
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """``a < b <= c``: a chain of comparisons, true when every link is."""

    operands: tuple[Node, ...]
    ops: tuple[CompareOp, ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Logic(Node):
    """``a and b and c`` / ``a or b``: Kleene three-valued logic."""

    op: LogicOp
    operands: tuple[Node, ...]
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Not(Node):
    """``not a``."""

    operand: Node
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Implies(Node):
    """``a implies b``: ``(not a) or b``."""

    left: Node
    right: Node
    span: Span = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Conditional(Node):
    """``then if condition else otherwise``."""

    then: Node
    condition: Node
    otherwise: Node
    span: Span = field(default=NO_SPAN, compare=False)


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``, left to right."""
    if isinstance(node, ListExpr):
        return node.items
    if isinstance(node, (Field, Index, Key)):
        return (node.obj,)
    if isinstance(node, Filter):
        return (node.obj, node.predicate)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, (Negate, Not)):
        return (node.operand,)
    if isinstance(node, (Binary, Implies)):
        return (node.left, node.right)
    if isinstance(node, (Compare, Logic)):
        return node.operands
    if isinstance(node, Conditional):
        return (node.then, node.condition, node.otherwise)
    return ()


def span_of(node: Node) -> Span:
    """The span of ``node`` (every node class has one)."""
    span: Span = getattr(node, "span", NO_SPAN)
    return span
