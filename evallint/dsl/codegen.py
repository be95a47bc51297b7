"""Compile a checked expression into a Python function, built as a Python syntax tree.

(Over 500 lines: one lowering per node kind of the language, in two modes — the
value, and the interval ``close``/``shows`` compare — which call each other.)

The function is ``(env, root, item) -> value``. It is made of :mod:`ast` nodes and
passed to :func:`compile`; no source text is ever formatted. What a rule file
brings enters the tree only as constants (texts, numbers, words), never as a
name or an attribute: the names in the tree are its own locals and those of
:data:`evallint.dsl.runtime.NAMESPACE`, which is all the function can reach (it
runs with no builtins). Control flow is the only logic written here: every
operation of the language is a call into :mod:`evallint.dsl.runtime` or the
function registry, so the language tests hold for this evaluator as they did
for any other.

How it is laid out:

* a filter, ``count``/``all``/``any``/``map`` with a predicate, become loops
  over the list, the element a local variable (``^`` is the enclosing one);
* ``and``/``or``/``implies``/``if`` become branches: an operand after the one
  that decides is not evaluated;
* a name of the rule set is a call that keeps its value per report, item or
  cell (its own function is compiled the same way, once per rule set); a
  function of the rule set is its body with the arguments put in, inline;
* a costly part that reads no item is worked out once per report (``kept``);
* each node of the language gets line numbers of its own: an error raised
  while evaluating it is placed back at its span (:meth:`Generated.span_at`).
"""

from __future__ import annotations

import ast as py
import itertools
import marshal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import CodeType, TracebackType
from typing import Any

from evallint import pycode as n
from evallint.domain.cells import read_cell
from evallint.domain.text import fold
from evallint.dsl import ast
from evallint.dsl.functions import FUNCTIONS, INTERVAL_FUNCTIONS
from evallint.dsl.names import Named, instantiate
from evallint.dsl.runtime import NAMESPACE
from evallint.dsl.scopes import children_with_predicates
from evallint.dsl.values import Interval
from evallint.errors import EvaluationError
from evallint.pycode import function_from, with_globals

MAX_PARTS = 20_000
"""Most nodes one generated function may hold once the rule set's functions are put in."""


TableOf = Callable[[Named], Mapping[str, Named]]
Function = Callable[..., Any]
"""A generated function: ``(env, root, item)`` for an expression, see rulecode for a rule."""


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated function, and where in the expression each of its lines comes from.

    It pickles as its code (``marshal``: plain constants only) and the values it names
    (texts, numbers, definitions), so the pack cache and worker processes keep it;
    the syntax tree (``tree``, for tests) is left behind.
    """

    function: Function
    code: CodeType
    spans: Mapping[int, ast.Span] = field(repr=False)
    constants: Mapping[str, Any] = field(repr=False, compare=False)
    tree: py.Module | None = field(default=None, repr=False, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (marshal.dumps(self.code), dict(self.spans), dict(self.constants)))

    def span_at(self, traceback: TracebackType | None) -> ast.Span | None:
        """The span of the node whose evaluation raised, from the traceback of the error."""
        line: int | None = None
        while traceback is not None:
            if traceback.tb_frame.f_code is self.code:
                line = traceback.tb_lineno  # the outermost frame of this function wins
                break
            traceback = traceback.tb_next
        return self.spans.get(line) if line is not None else None


def generate(
    tree: ast.Node,
    names: Mapping[str, Named],
    table_of: TableOf,
    *,
    intervals: bool = False,
) -> Generated:
    """The Python function that evaluates ``tree`` (its interval, with ``intervals``).

    ``names`` are the names of the rule set the tree may refer to; ``table_of`` gives,
    for one of them, the names its own expression sees (its function is generated
    from that table when its value is first needed).
    """
    lowering = Lowering(names, table_of)
    scope = Scope("item", ())
    result = lowering.interval(tree, scope) if intervals else lowering.value(tree, scope)
    lowering.emit(py.Return(result))
    return lowering.finish("evaluate", ("env", "root", "item"))


def _restore(code: bytes, spans: Mapping[int, ast.Span], constants: Mapping[str, Any]) -> Generated:
    made = marshal.loads(code)  # our own cache entry, or a worker message
    assert isinstance(made, CodeType)
    function = with_globals(made, {**NAMESPACE, **constants})
    return Generated(function, made, spans, constants)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a part is evaluated: the local holding the current item, and those of the
    items around it (innermost last) for ``^``."""

    item: str
    outer: tuple[str, ...]

    def inside(self, element: str) -> Scope:
        return Scope(element, (*self.outer, self.item))

    @property
    def depth(self) -> int:
        return len(self.outer)


class Lowering:
    """One generated function: its statements, its constants, its line → span table."""

    def __init__(self, names: Mapping[str, Named], table_of: TableOf):
        self.names = names
        self.table_of = table_of
        self.body: list[py.stmt] = []
        self.constants: dict[str, Any] = {}
        self.spans: dict[int, ast.Span] = {}
        self.temps = itertools.count()
        self.parts = 0
        # statements run before the innermost loop being written (its lifted parts start
        # there as MISSING), and the depth at which lifting is off (inside a lifted part)
        self.preheaders: list[list[py.stmt]] = []
        self.plain_depth = -1

    # --- plumbing ------------------------------------------------------------------------

    def emit(self, statement: py.stmt) -> None:
        self.body.append(statement)

    def temp(self) -> str:
        return f"t{next(self.temps)}"

    def constant(self, value: Any) -> py.Name:
        """A value from the rule as a constant of the function (never as code)."""
        for key, known in self.constants.items():
            if known is value:
                return n.name(key)
        key = f"k{len(self.constants)}"
        self.constants[key] = value
        return n.name(key)

    def assign(self, value: py.expr, node: ast.Node | None = None) -> py.Name:
        """``value`` into a new local, the statement tagged with ``node``'s span."""
        name = self.temp()
        statement = n.assign(name, value)
        if node is not None:
            self.tag(statement, node)
        self.emit(statement)
        return n.name(name)

    def tag(self, statement: py.AST, node: ast.Node) -> None:
        # a line number of its own: an error raised here is placed back at node's span
        line = len(self.spans) + 2
        self.spans[line] = ast.span_of(node)
        for part in py.walk(statement):
            if isinstance(part, (py.stmt, py.expr)):
                part.lineno = part.end_lineno = line
                part.col_offset = part.end_col_offset = 0

    def block(self, build: Callable[[], py.expr], target: str) -> list[py.stmt]:
        """Statements that work out ``build()`` into ``target``, kept apart from the body."""
        saved, self.body = self.body, []
        value = build()
        self.emit(n.assign(target, value))
        statements, self.body = self.body, saved
        return statements

    def finish(self, name: str, args: tuple[str, ...]) -> Generated:
        """The function ``name(*args)`` whose body is what was emitted."""
        function, code, module = function_from(name, args, self.body, self._namespace())
        return Generated(function, code, self.spans, self.constants, module)

    def _namespace(self) -> dict[str, Any]:
        return {**NAMESPACE, **self.constants}

    def count(self, node: ast.Node) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise EvaluationError(
                f"the rule grows to more than {MAX_PARTS} parts once its functions are put in",
                code="too-complex",
                span=ast.span_of(node),
            )

    # --- values ------------------------------------------------------------------------------

    def value(self, node: ast.Node, scope: Scope) -> py.expr:
        """The Python expression of ``node``'s value (statements it needs emitted first)."""
        self.count(node)
        if scope.depth != self.plain_depth and _costly(node):
            if scope.depth == 0 and _worth(node) and not self._reads_item(node, 0):
                return self._kept(node, scope)
            if scope.depth > 0 and self.preheaders and not _reads_element(node, 0):
                return self._lifted(node, scope)
        lower = getattr(self, f"_{type(node).__name__.lower()}", None)
        if lower is None:  # pragma: no cover - every node class has one
            raise TypeError(f"no lowering for {type(node).__name__}")
        result: py.expr = lower(node, scope)
        return result

    def _literal(self, node: ast.Literal, scope: Scope) -> py.expr:
        if isinstance(node.value, Decimal):
            return self.constant(node.value)
        return n.const(node.value)

    def _listexpr(self, node: ast.ListExpr, scope: Scope) -> py.expr:
        if all(isinstance(item, ast.Literal) for item in node.items):
            values = tuple(item.value for item in node.items)  # type: ignore[attr-defined]
            return n.call("fresh_list", self.constant(values), n.name("env"))
        return py.List([self.value(item, scope) for item in node.items], py.Load())

    def _root(self, node: ast.Root, scope: Scope) -> py.expr:
        return n.name("root")

    def _current(self, node: ast.Current, scope: Scope) -> py.expr:
        return n.name(scope.item)

    def _outer(self, node: ast.Outer, scope: Scope) -> py.expr:
        return n.name(scope.outer[-1]) if scope.outer else n.name("root")

    def _name(self, node: ast.Name, scope: Scope) -> py.expr:
        if node.name == "params":
            return n.call("params_of", n.name("env"))
        return self._field_of(n.name(scope.item), node.name, node)

    def _field_of(self, obj: py.expr, key: str, node: ast.Node) -> py.expr:
        # a dict (nearly always): its field directly; anything else the runtime decides
        if not isinstance(obj, py.Name):
            obj = self.assign(obj)
        fast = n.call("GET", obj, n.const(key))
        slow = n.call("field_of", obj, n.const(key), n.name("env"))
        dict_test = n.is_(n.call("TYPE", obj), n.name("DICT"))
        return self.assign(py.IfExp(dict_test, fast, slow), node)

    def _field(self, node: ast.Field, scope: Scope) -> py.expr:
        return self._field_of(self.value(node.obj, scope), node.name, node)

    def _key(self, node: ast.Key, scope: Scope) -> py.expr:
        return self._field_of(self.value(node.obj, scope), node.key, node)

    def _index(self, node: ast.Index, scope: Scope) -> py.expr:
        obj = self.value(node.obj, scope)
        return self.assign(n.call("element", obj, n.const(node.index)), node)

    def _ref(self, node: ast.Ref, scope: Scope) -> py.expr:
        if node.kind == "bound":
            return self.assign(n.call("bound", n.name("env"), n.const(node.name)), node)
        definition = self.names.get(node.name)
        if definition is None or node.kind == "arg" or definition.kind == "function":
            raise EvaluationError(
                f"{node.name} has no value here", code="unknown-name", span=node.span
            )
        table = self.constant(self.table_of(definition))
        named = self.constant(definition)
        env, root = n.name("env"), n.name("root")
        if definition.per_cell:
            call = n.call("name_for_cell", env, named, table, root, n.name(scope.item))
        elif definition.per_item:
            call = n.call("name_for_item", env, named, table, root, n.name(scope.item))
        else:
            call = n.call("name_for_report", env, named, table, root)
        return self.assign(call, node)

    def _apply(self, node: ast.Apply, scope: Scope) -> py.expr:
        return self.value(self._body(node), scope)

    def _body(self, node: ast.Apply) -> ast.Node:
        function = self.names.get(node.name)
        if function is None or function.kind != "function":
            raise EvaluationError(f"no function {node.name}() here", span=node.span)
        return instantiate(function, node.args, node.span)

    def _filter(self, node: ast.Filter, scope: Scope) -> py.expr:
        listed = self.value(node.obj, scope)
        kept = self.temp()

        def keep_element(element: str, truth: py.expr) -> list[py.stmt]:
            append = py.Expr(n.call("APPEND", n.name(kept), n.name(element)))
            return [py.If(n.is_(truth, n.const(True)), [append], [])]

        self._loop(
            node,
            listed,
            "[condition] selects from a list",
            kept,
            py.List([], py.Load()),
            node.predicate,
            scope,
            keep_element,
        )
        return n.name(kept)

    def _loop(
        self,
        node: ast.Node,
        listed: py.expr,
        what: str,
        result: str,
        start: py.expr,
        predicate: ast.Node,
        scope: Scope,
        each: Callable[[str, py.expr], list[py.stmt]],
        after: list[py.stmt] | None = None,
    ) -> None:
        """``result`` = ``start``, then ``each`` for every element and its predicate's truth;
        unknown when the list is."""
        weight = n.const(1)
        items = self.assign(n.call("items_of", listed, n.name("env"), n.const(what), weight), node)
        element = self.temp()
        inner = scope.inside(element)
        saved, self.body = self.body, []
        self.preheaders.append([])
        before = self.parts
        truth = self.truth(self.value(predicate, inner))
        weight.value = weight_of(self.parts - before)
        loop_body = [*self.body, *each(element, truth)]
        self.body = saved
        known = [
            *self.preheaders.pop(),
            n.assign(result, start),
            py.For(n.store(element), items, loop_body, []),
            *(after or []),
        ]
        self.emit(py.If(n.is_(items, n.const(None)), [n.assign(result, n.U)], known))

    def truth(self, value: py.expr) -> py.expr:
        """``to_bool`` of a value, without the call for the usual True and False."""
        name = value if isinstance(value, py.Name) else self.assign(value)
        plain = py.BoolOp(py.Or(), [n.is_(name, n.const(True)), n.is_(name, n.const(False))])
        return self.assign(py.IfExp(plain, name, n.call("to_bool", name)))

    def _negate(self, node: ast.Negate, scope: Scope) -> py.expr:
        operand = self.value(node.operand, scope)
        return self.assign(n.call("negate", operand, n.name("env")), node)

    def _binary(self, node: ast.Binary, scope: Scope) -> py.expr:
        left, right = self.value(node.left, scope), self.value(node.right, scope)
        return self.assign(n.call("arithmetic", n.const(node.op), left, right, n.name("env")), node)

    def _compare(self, node: ast.Compare, scope: Scope) -> py.expr:
        ops = node.ops
        if len(ops) == 1 and ops[0] in ("<", "<=", ">", ">="):
            return self._order(node, scope)
        if len(ops) == 1 and ops[0] in ("in", "not in"):
            words = self._words(node.operands[1])
            if words is not None:
                left = self.value(node.operands[0], scope)
                found = n.call(
                    "in_words", left, self.constant(words[0]), self.constant(words[1]),
                    n.name("env"),
                )  # fmt: skip
                if ops[0] == "not in":
                    found = n.call("negated", found)
                return self.assign(found, node)
        if len(ops) == 1 and ops[0] in ("==", "!="):
            for side in (1, 0):
                word = _word(node.operands[side])
                if word is not None:
                    other = self.value(node.operands[1 - side], scope)
                    literal = node.operands[side].value  # type: ignore[attr-defined]
                    found = n.call(
                        "equals_word", other, n.const(word), n.const(literal), n.name("env")
                    )
                    if ops[0] == "!=":
                        found = n.call("negated", found)
                    return self.assign(found, node)
        values = [self.value(operand, scope) for operand in node.operands]
        if len(ops) == 1 and ops[0] in ("==", "!="):
            found = n.call("equals", values[0], values[1], n.name("env"))
            return self.assign(found if ops[0] == "==" else n.call("negated", found), node)
        if len(ops) == 1:
            return self.assign(
                n.call("compare", n.const(ops[0]), values[0], values[1], n.name("env")), node
            )
        listed = py.List(values, py.Load())
        return self.assign(n.call("chain", n.const(tuple(ops)), listed, n.name("env")), node)

    def _order(self, node: ast.Compare, scope: Scope) -> py.expr:
        # `score <= weight`, the commonest check of all: two numbers, compared directly
        env = n.name("env")
        left = self.assign(n.call("number", self.value(node.operands[0], scope), env), node)
        right = self.assign(n.call("number", self.value(node.operands[1], scope), env), node)
        op = {"<": py.Lt(), "<=": py.LtE(), ">": py.Gt(), ">=": py.GtE()}[node.ops[0]]
        unknown = py.BoolOp(py.Or(), [n.is_(left, n.U), n.is_(right, n.U)])
        return self.assign(py.IfExp(unknown, n.U, py.Compare(left, [op], [right])), node)

    def _words(self, node: ast.Node) -> tuple[frozenset[str], tuple[str, ...]] | None:
        """The folded words of a list of literal words, or of a name that is one."""
        if isinstance(node, ast.Ref) and node.kind in ("def", "let"):
            definition = self.names.get(node.name)
            if definition is not None and definition.kind != "function":
                node = definition.expression.tree
        if not isinstance(node, ast.ListExpr) or not node.items:
            return None
        words = [_word(item) for item in node.items]
        if any(word is None for word in words):
            return None
        listed = tuple(item.value for item in node.items)  # type: ignore[attr-defined]
        return frozenset(w for w in words if w is not None), listed

    def _logic(self, node: ast.Logic, scope: Scope) -> py.expr:
        # left to right, stopping at the first operand that decides: `and` at the first
        # false one, `or` at the first true one; unknown when one was and none decided
        decisive = node.op == "or"
        result = self.temp()
        self.emit(n.assign(result, n.const(not decisive)))
        body = self.body
        for operand in node.operands:
            truth = self.truth(self.value(operand, scope))
            unknown = py.If(n.is_(truth, n.U), [n.assign(result, n.U)], [])
            rest: list[py.stmt] = [unknown]
            decided = [n.assign(result, n.const(decisive))]
            self.emit(py.If(n.is_(truth, n.const(decisive)), decided, rest))
            self.body = rest  # later operands run only when this one did not decide
        self.body = body
        return n.name(result)

    def _not(self, node: ast.Not, scope: Scope) -> py.expr:
        truth = self.truth(self.value(node.operand, scope))
        return self.assign(py.IfExp(n.is_(truth, n.U), n.U, n.is_(truth, n.const(False))))

    def _implies(self, node: ast.Implies, scope: Scope) -> py.expr:
        result = self.temp()
        premise = self.truth(self.value(node.left, scope))
        body, self.body = self.body, []
        conclusion = self.truth(self.value(node.right, scope))
        unknown = py.BoolOp(py.Or(), [n.is_(premise, n.U), n.is_(conclusion, n.U)])
        self.emit(
            py.Assign(
                [n.store(result)],
                py.IfExp(
                    n.is_(conclusion, n.const(True)),
                    n.const(True),
                    py.IfExp(unknown, n.U, n.const(False)),
                ),
            )
        )
        otherwise, self.body = self.body, body
        true = [n.assign(result, n.const(True))]
        self.emit(py.If(n.is_(premise, n.const(False)), true, otherwise))
        return n.name(result)

    def _conditional(self, node: ast.Conditional, scope: Scope) -> py.expr:
        return self._choose(node, scope, self.value)

    def _choose(
        self, node: ast.Conditional, scope: Scope, lower: Callable[[ast.Node, Scope], py.expr]
    ) -> py.expr:
        """``then if condition else otherwise``, each side lowered by ``lower`` (its value, or
        its interval); unknown when the condition is."""
        result = self.temp()
        chosen = self.truth(self.value(node.condition, scope))
        then = self.block(lambda: lower(node.then, scope), result)
        otherwise = self.block(lambda: lower(node.otherwise, scope), result)
        self.emit(
            py.If(
                n.is_(chosen, n.U),
                [n.assign(result, n.U)],
                [py.If(chosen, then, otherwise)],
            )
        )
        return n.name(result)

    # --- calls -------------------------------------------------------------------------------

    def _call(self, node: ast.Call, scope: Scope) -> py.expr:
        if isinstance(node, ast.Apply):
            return self._apply(node, scope)
        name = node.name
        function = FUNCTIONS[name]
        env = n.name("env")
        if name == "close" and len(node.args) == 2:
            left, right = (self.interval(arg, scope) for arg in node.args)
            return self.assign(n.call("close_intervals", left, right), node)
        if name in ("shows", "shows_rate"):
            shown, exact = (self.value(arg, scope) for arg in node.args)
            shown_range, exact_range = (self.interval(arg, scope) for arg in node.args)
            points = n.const(name == "shows_rate")
            call = n.call("shows_with", env, shown, exact, shown_range, exact_range, points)
            return self.assign(call, node)
        if function.predicate_arg is not None and len(node.args) == 2:
            return self._with_predicate(node, scope)
        if function.path_arg is not None:  # on_form(box): the box's container and key
            box = node.args[function.path_arg]
            obj: py.expr
            if isinstance(box, ast.Name):
                obj, key = n.name(scope.item), box.name
            else:
                assert isinstance(box, (ast.Field, ast.Key))
                obj = self.value(box.obj, scope)
                key = box.name if isinstance(box, ast.Field) else box.key
            return self.assign(n.call("on_form", env, obj, n.const(key)), node)
        args = [self.value(arg, scope) for arg in node.args]
        if name in ("filled", "blank") and len(args) == 1:
            state = n.call("blank_state", args[0], env)
            return self.assign(state if name == "blank" else n.call("negated", state))
        if function.on_cell is not None and len(args) == 1:
            call = n.call("on_cell", n.name(f"c_{name}"), n.name(f"f_{name}"), args[0], env)
            return self.assign(call, node)
        eager = f"w_{name}" if function.written is not None and _written(node) else f"f_{name}"
        return self.assign(n.call(eager, env, py.List(args, py.Load())), node)

    def _with_predicate(self, node: ast.Call, scope: Scope) -> py.expr:
        name = node.name
        listed = self.value(node.args[0], scope)
        result = self.temp()
        what = f"{name}()"
        if name == "count":
            found = self.temp()
            self.emit(n.assign(found, n.const(0)))

            def count(element: str, truth: py.expr) -> list[py.stmt]:
                add = py.AugAssign(n.store(found), py.Add(), n.const(1))
                return [py.If(n.is_(truth, n.const(True)), [add], [])]

            after = [n.assign(result, n.call("count_of", n.name(found)))]
            self._loop(node, listed, what, result, n.U, node.args[1], scope, count, after)
        elif name == "map":  # values, not truths
            self._map(node, listed, result, scope)
        else:  # all, any: the first operand that decides ends the loop
            decisive = name == "any"
            unknown = self.temp()
            self.emit(n.assign(unknown, n.const(False)))

            def quantify(element: str, truth: py.expr) -> list[py.stmt]:
                decided = [n.assign(result, n.const(decisive)), py.Break()]
                seen = py.If(n.is_(truth, n.U), [n.assign(unknown, n.const(True))], [])
                return [py.If(n.is_(truth, n.const(decisive)), decided, [seen])]

            settle = py.If(
                py.BoolOp(py.And(), [n.is_not(n.name(result), n.const(decisive)), n.name(unknown)]),
                [n.assign(result, n.U)],
                [],
            )
            self._loop(
                node, listed, what, result, n.const(not decisive), node.args[1], scope,
                quantify, [settle],
            )  # fmt: skip
        return n.name(result)

    def _map(self, node: ast.Call, listed: py.expr, result: str, scope: Scope) -> None:
        weight = n.const(1)
        items = self.assign(
            n.call("items_of", listed, n.name("env"), n.const("map()"), weight), node
        )
        element = self.temp()
        saved, self.body = self.body, []
        self.preheaders.append([])
        before = self.parts
        value = self.value(node.args[1], scope.inside(element))
        weight.value = weight_of(self.parts - before)
        value = value if isinstance(value, py.Name) else self.assign(value)
        keep = py.IfExp(n.is_(value, n.U), n.const(None), value)
        loop_body = [*self.body, py.Expr(n.call("APPEND", n.name(result), keep))]
        self.body = saved
        known = [
            *self.preheaders.pop(),
            n.assign(result, py.List([], py.Load())),
            py.For(n.store(element), items, loop_body, []),
        ]
        self.emit(py.If(n.is_(items, n.const(None)), [n.assign(result, n.U)], known))

    # --- intervals -------------------------------------------------------------------------------

    def interval(self, node: ast.Node, scope: Scope) -> py.expr:
        """The Python expression of the interval of values ``node`` may stand for."""
        self.count(node)
        if isinstance(node, ast.Literal) and isinstance(node.value, Decimal):
            return self.constant(Interval.point(node.value))
        if isinstance(node, ast.Binary):
            left, right = self.interval(node.left, scope), self.interval(node.right, scope)
            return self.assign(n.call("interval_arithmetic", n.const(node.op), left, right), node)
        if isinstance(node, ast.Negate):
            return self.assign(n.call("interval_negate", self.interval(node.operand, scope)))
        if isinstance(node, ast.Apply):
            return self.interval(self._body(node), scope)
        if isinstance(node, ast.Call) and node.name in INTERVAL_FUNCTIONS:
            return self._interval_call(node, scope)
        if isinstance(node, ast.Ref) and node.kind in ("def", "let"):
            definition = self.names.get(node.name)
            if definition is not None and definition.kind != "function":
                # a name stands for its expression: so does its interval
                inner = scope if definition.per_item else Scope("root", ())
                return self.interval(definition.expression.tree, inner)
        if isinstance(node, ast.Conditional):
            return self._choose(node, scope, self.interval)
        point = self.value(node, scope)
        return self.assign(n.call("interval_of", point, n.name("env")), node)

    def _interval_call(self, node: ast.Call, scope: Scope) -> py.expr:
        name, env = node.name, n.name("env")
        if name == "ratio" and node.args:
            return self.assign(n.call("interval_ratio", self.value(node.args[0], scope), env), node)
        if name in ("num", "abs", "round") and node.args:
            inner = self.interval(node.args[0], scope)
            if name == "abs":
                return self.assign(n.call("interval_abs", inner), node)
            if name == "num":
                return self.assign(n.call("interval_same", inner), node)
            places = self.value(node.args[1], scope) if len(node.args) > 1 else n.name("MISSING")
            return self.assign(n.call("interval_round", inner, places, env), node)
        if len(node.args) == 1:
            values = self.value(node.args[0], scope)
        else:
            values = py.List([self.value(arg, scope) for arg in node.args], py.Load())
        call = n.call("interval_aggregate", n.const(name), values, n.const(_written(node)), env)
        return self.assign(call, node)

    # --- parts worked out once per report, or once per loop -----------------------------

    def _reads_item(self, node: ast.Node, depth: int) -> bool:
        """Whether ``node`` reads the rule's item (or a name that does): else it has one
        value per report."""
        if isinstance(node, ast.Name):
            return depth == 0 and node.name != "params"
        if isinstance(node, ast.Current):
            return depth == 0
        if isinstance(node, ast.Outer):
            return depth <= 1
        if isinstance(node, ast.Ref):
            if node.kind != "def" and node.kind != "let":
                return True
            definition = self.names.get(node.name)
            return definition is None or definition.per_item or definition.per_cell
        if isinstance(node, ast.Apply):
            return True  # its body, put in later, may read the item
        return any(
            self._reads_item(child, depth + predicate)
            for child, predicate in children_with_predicates(node)
        )

    def _kept(self, node: ast.Node, scope: Scope) -> py.expr:
        """A costly part that reads no item: worked out once per report, when first reached."""
        key = self.constant(object())  # this part's slot in the report's memo
        value = self.assign(n.call("kept", n.name("env"), key))
        compute = self._plainly(node, scope, value.id)
        store = py.Expr(n.call("keep", n.name("env"), key, value))
        self.emit(py.If(n.is_(value, n.name("MISSING")), [*compute, store], []))
        return value

    def _lifted(self, node: ast.Node, scope: Scope) -> py.expr:
        """A costly part of a loop's condition that reads no element (``^[0]`` in
        ``indicators[level1 == ^[0]]``): worked out once per loop, when first reached —
        so an error or a cost it has comes only where it would have come."""
        value, cost, before = self.temp(), self.temp(), self.temp()
        self.preheaders[-1] += [n.assign(value, n.name("MISSING")), n.assign(cost, n.const(0))]
        steps = n.call("steps_left", n.name("env"))
        compute = [
            n.assign(before, steps),
            *self._plainly(node, scope, value),
            n.assign(cost, py.BinOp(n.name(before), py.Sub(), steps)),
        ]
        # what it cost the first time is paid again each time: the budget is as if it were
        # worked out for every element, as the language defines it
        again = py.If(n.name(cost), [n.call_statement("spend", n.name("env"), n.name(cost))], [])
        self.emit(py.If(n.is_(n.name(value), n.name("MISSING")), compute, [again]))
        return n.name(value)

    def _plainly(self, node: ast.Node, scope: Scope, target: str) -> list[py.stmt]:
        """The statements working out ``node`` into ``target``, its parts not lifted again."""
        saved, self.plain_depth = self.plain_depth, scope.depth
        try:
            return self.block(lambda: self._lowered(node, scope), target)
        finally:
            self.plain_depth = saved

    def _lowered(self, node: ast.Node, scope: Scope) -> py.expr:
        lower = getattr(self, f"_{type(node).__name__.lower()}")
        result: py.expr = lower(node, scope)
        return result


PARTS_PER_STEP = 16
"""Parts of an expression evaluated once (a loop's condition for one element, a rule's
``when`` and ``check`` for one item) that one step of the work budget pays for."""


def weight_of(parts: int) -> int:
    """The steps one evaluation of ``parts`` parts of an expression is paid with."""
    return 1 + parts // PARTS_PER_STEP


def _costly(node: ast.Node) -> bool:
    """Whether a part is worth keeping once worked out: it calls something (not a plain
    literal, the report, the item, a field of the item or a list of literals)."""
    if isinstance(node, (ast.Literal, ast.Root, ast.Current, ast.Outer, ast.Name)):
        return False
    return not (
        isinstance(node, ast.ListExpr) and all(isinstance(i, ast.Literal) for i in node.items)
    )


def _reads_element(node: ast.Node, depth: int) -> bool:
    """Whether ``node``, part of a loop's condition, reads the loop's element (``@``, its
    fields, a name worked out per item, or ``^`` inside a condition nested in it)."""
    if isinstance(node, ast.Name):
        return depth == 0 and node.name != "params"
    if isinstance(node, ast.Current):
        return depth == 0
    if isinstance(node, ast.Outer):
        return depth == 1
    if isinstance(node, ast.Ref):
        return node.kind not in ("def", "let") or depth == 0
    if isinstance(node, ast.Apply):
        return True  # its body, put in later, may read the element
    return any(
        _reads_element(child, depth + predicate)
        for child, predicate in children_with_predicates(node)
    )


def _word(node: ast.Node) -> str | None:
    """The folded word of a literal text that reads as a word (not a number, not blank)."""
    if not isinstance(node, ast.Literal) or type(node.value) is not str:
        return None
    if read_cell(node.value).kind != "text":
        return None
    return fold(node.value)


def _written(node: ast.Call) -> bool:
    """Whether an aggregate's operands are written in the rule: ``min(a, b)``, ``sum([a, b])``."""
    return len(node.args) > 1 or isinstance(node.args[0], ast.ListExpr)


def _worth(node: ast.Node) -> bool:
    """Parts worth a memo slot of the report: a filter or a call somewhere inside."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Filter, ast.Call)):
            return True
        stack.extend(ast.children(current))
    return False
