"""A compiled expression, and :func:`compile_expr`: parse, check, then generate code.

>>> from evallint import compile_expr
>>> compile_expr("score <= weight").evaluate({}, item={"score": "　10", "weight": 10})
True
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from evallint.dsl import ast
from evallint.dsl.check import check
from evallint.dsl.codegen import Generated, generate
from evallint.dsl.fields import Warning, path_label, read_paths
from evallint.dsl.names import bind, refs_of
from evallint.dsl.parser import parse
from evallint.dsl.values import Env, public
from evallint.errors import EvaluationError
from evallint.read.data import normalise

_SLOTS = itertools.count()


@runtime_checkable
class HasData(Protocol):
    """Anything holding a report's data, as :class:`evallint.Report` does."""

    @property
    def data(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Expression:
    """A compiled expression: evaluate it on any number of reports.

    ``source`` is the text it was compiled from, ``tree`` its syntax tree,
    ``paths`` the report paths it reads (JSON Pointers; ``*`` for every element,
    ``@`` for the current item), ``warnings`` what the static checks found
    worth saying without refusing the expression, and ``label`` a short name
    for a path expression (``funds.total.executed``; ``None`` for a computed
    value): findings key the values of their messages' operands by it.

    It runs as a Python function generated from its tree
    (:mod:`evallint.dsl.codegen`), once for each table of names it is used with
    (a rule set's definitions and the rule's own): :meth:`function`.
    """

    source: str
    tree: ast.Node = field(repr=False)
    paths: tuple[str, ...] = ()
    warnings: tuple[Warning, ...] = ()
    item_schema: Any = field(default=None, repr=False, compare=False)
    _functions: list[tuple[Mapping[str, Any], Generated]] = field(
        default_factory=list, repr=False, compare=False
    )

    @property
    def refs(self) -> dict[str, ast.RefKind]:
        """The names (definitions, lets, bound names) the expression refers to."""
        return refs_of(self.tree)

    @property
    def label(self) -> str | None:
        """The short name of a path expression (``score``); ``None`` for a computed value."""
        return path_label(self.tree)

    @property
    def writes_text(self) -> bool:
        """Whether every value the expression can have is a string the rule wrote
        (``'%' if is_rate else ''``): a message shows it as written, spaces and all,
        where a cell's text is trimmed and an empty one reads as blank."""
        return _literal_text(self.tree)

    def __reduce__(self) -> tuple[Any, ...]:
        # The generated functions pickle as their code (see Generated): the pack cache and
        # worker processes do not generate them again.
        # (as state, restored once the expression exists: the names tables they hold
        # may hold this expression again)
        fields = (self.source, self.tree, self.paths, self.warnings, self.item_schema)
        return (Expression, fields, list(self._functions))

    def __setstate__(self, functions: list[tuple[Mapping[str, Any], Generated]]) -> None:
        self._functions.extend(functions)

    def function(self, names: Mapping[str, Any]) -> Generated:
        """The generated function evaluating the expression with ``names`` (the rule set's
        definitions and the rule's lets, by name): made the first time, then kept."""
        for known, generated in self._functions:
            if known is names:
                return generated
        generated = generate(self.tree, names, lambda named: names)
        if len(self._functions) >= _KEPT_FUNCTIONS:  # rule sets come and go (presets, tests)
            del self._functions[0]
        self._functions.append((names, generated))
        return generated

    def evaluate(
        self,
        report: Mapping[str, Any] | HasData,
        *,
        item: Any = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """The value of the expression on ``report`` (and ``item``, the current item).

        ``report`` is a :class:`~evallint.Report` (from :func:`~evallint.load_report`)
        or the report's data as a dict. Returns a ``Decimal``, ``str``, ``bool``,
        ``list``, ``dict`` or ``None`` (null, or *unknown*: a blank or unreadable
        cell made the answer unknowable). Raises :class:`~evallint.errors.EvaluationError`
        on a type error or when the work budget runs out, :class:`~evallint.errors.ReportError`
        (``report-too-deep``) for data nested deeper than a report can be, ``TypeError``
        when ``report`` is neither.
        """
        if isinstance(report, HasData):
            data: Any = report.data
        elif isinstance(report, Mapping):
            data = report
        else:
            raise TypeError(
                "evaluate() takes a Report (from evallint.load_report) or the report's data "
                f"as a dict, not {type(report).__name__}"
            )
        env = Env(normalise(data), normalise(item), normalise(dict(params or {})))
        return self.run(env)

    def run(self, env: Env) -> Any:
        """Evaluate on ``env``'s current item, with its names: ``None`` for unknown (at any
        depth: inside a list or an object too)."""
        return public(self.value(env))

    def value(self, env: Env) -> Any:
        """The value on ``env``'s current item, with its names, *unknown* kept as such
        (the engine keeps one ``env`` per report). Errors are :meth:`failure`\\ s."""
        generated: Generated | None = None
        try:
            generated = self.function(env.names)
            return generated.function(env, env.root, env.scope)
        except Exception as error:
            span = generated.span_at(error.__traceback__) if generated is not None else None
            raise self.failure(error, span) from None

    def failure(self, error: Exception, span: ast.Span | None) -> Exception:
        """``error``, raised while evaluating, as an :class:`EvaluationError` placed in the
        expression at ``span`` (the part that raised it, from the generated function's
        traceback: :meth:`Generated.span_at`)."""
        if isinstance(error, EvaluationError):
            problem = error
        elif isinstance(error, ArithmeticError):  # decimal.Overflow and friends
            problem = EvaluationError(f"a number grew out of range ({type(error).__name__})")
        elif isinstance(error, RecursionError):
            problem = EvaluationError(
                "the data is nested too deeply to evaluate", code="budget-exceeded"
            )
        elif isinstance(error, MemoryError):  # contained like the budget: the rule stops
            problem = EvaluationError(
                "the rule needed more memory than there is", code="budget-exceeded"
            )
        else:
            return error  # a fault of evallint's own: not the rule's
        if problem.span == (0, 0) and span is not None:
            problem.span = span
        problem.source = self.source
        return problem


_KEPT_FUNCTIONS = 8
"""Generated functions one expression keeps (one per table of names it met)."""


@dataclass(frozen=True, slots=True)
class Definition:
    """A named expression (a pack's ``defs`` entry or a rule's ``let``).

    ``per_item`` says whether its value depends on the current item (directly or
    through the names it uses); ``file`` and ``line`` say where it is written.
    Its value is kept in a report's memo under its ``slot`` and checked by identity
    (:func:`~evallint.dsl.names.value_of`), so equal copies never share one.
    """

    name: str
    expression: Expression
    per_item: bool
    kind: ast.RefKind = "def"
    file: str | None = None
    line: int | None = None
    per_cell: bool = False
    """It reads ``field`` or ``cell``: its value is kept per cell."""
    params: tuple[str, ...] = ()
    """For a function (``kind == "function"``): the names of its parameters, in order."""
    slot: int = field(default_factory=lambda: next(_SLOTS), compare=False, repr=False)
    """The key of its value in a report's memo (cheaper to hash than the definition)."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Made empty, then filled in (its expression's generated functions hold tables that
        # hold this definition: it must exist first). A slot is only unique within one
        # process: a definition loaded from the pack cache takes a new one.
        fields = (self.name, self.expression, self.per_item, self.kind, self.file, self.line)
        return (_empty_definition, (), (*fields, self.per_cell, self.params))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_DEFINITION_FIELDS, state, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "slot", next(_SLOTS))

    @property
    def signature(self) -> str:
        """``name`` for a value, ``name(a, b)`` for a function."""
        return f"{self.name}({', '.join(self.params)})" if self.kind == "function" else self.name


_DEFINITION_FIELDS = (
    "name",
    "expression",
    "per_item",
    "kind",
    "file",
    "line",
    "per_cell",
    "params",
)


def _empty_definition() -> Definition:
    empty: Definition = object.__new__(Definition)
    return empty


def compile_expr(
    source: str,
    *,
    item_schema: Any = None,
    names: Mapping[str, ast.RefKind] | None = None,
    arities: Mapping[str, int] | None = None,
) -> Expression:
    """Parse, check and compile ``source``.

    Raises :class:`~evallint.errors.ExpressionError` (with line, column and a
    caret) when the text is not a valid expression or names a field the report
    format does not have but nearly does (``scroe``: did you mean ``score``?).
    ``item_schema`` is the JSON Schema of the current item, against which bare
    field names are checked; without one, a bare name may be a field of the
    report or of any of its items (a rule's ``each`` gives the item schema).
    ``names`` are the names a rule set defines (``defs``, ``let``; see
    :mod:`evallint.dsl.names`): a bare name among them refers to the definition,
    a call of one of kind ``"function"`` to that function (``arities`` gives the
    number of its parameters). ``paths`` are the expression's own reads: what its
    names read is added where the rule set is known (:attr:`Rule.reads`).
    """
    tree = bind(parse(source), names or {})
    warnings = tuple(check(tree, source, item_schema=item_schema, names=names, arities=arities))
    paths = read_paths(tree, item_schema=item_schema)
    return Expression(source, tree, paths, warnings, item_schema)


def _literal_text(node: ast.Node) -> bool:
    if isinstance(node, ast.Literal):
        return isinstance(node.value, str)
    if isinstance(node, ast.Conditional):
        return _literal_text(node.then) and _literal_text(node.otherwise)
    return False
