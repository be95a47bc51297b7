"""Compile the AST to nested Python closures: no ``eval``, no ``exec``, no attribute access.

(Over 500 lines: one compiler per node kind and the interval compiler of
``close()`` call each other recursively; apart they would only import each other.)

Each node becomes a function of the evaluation :class:`~evallint.dsl.values.Env`.
Hot shapes get a fast path (a field of the current item, two numbers compared);
everything else goes through the value model in :mod:`evallint.dsl.values`.

The arguments of ``close(a, b)`` are compiled a second way, to closures that
return :class:`~evallint.dsl.values.Interval`\\ s, so the precision of shown
figures carries through arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from evallint.domain.cells import Cell, read_cell
from evallint.domain.text import fold
from evallint.dsl import ast
from evallint.dsl.domain_functions import shows_with
from evallint.dsl.functions import FUNCTIONS, INTERVAL_FUNCTIONS
from evallint.dsl.library import close_intervals
from evallint.dsl.names import Named, instantiate, value_of
from evallint.dsl.optimize import Cached, Shared
from evallint.dsl.values import (
    UNKNOWN,
    Closure,
    Env,
    Interval,
    Unknown,
    arithmetic,
    cell_of,
    compare,
    contained,
    equals,
    interval_of,
    is_blank,
    kleene_all,
    normal_text,
    round_half_up,
    show,
    to_bool,
    to_number,
    type_name,
)
from evallint.errors import EvaluationError

IntervalClosure = Callable[[Env], "Interval | Unknown"]


def compile_node(node: ast.Node) -> Closure:
    """The closure that evaluates ``node``."""
    if isinstance(node, Cached):
        return _cached(node)
    if isinstance(node, Shared):
        return _shared(node)
    compiler = _COMPILERS.get(type(node))
    if compiler is None:  # pragma: no cover - every node class is listed
        raise TypeError(f"no compiler for {type(node).__name__}")
    return compiler(node)


def _cached(node: Cached) -> Closure:
    inner = compile_node(node.inner)
    key = ("report", node.text)  # equal parts of any rule share the slot
    if node.uses_params:

        def cached_with_params(env: Env) -> Any:
            # Rules run with parameter sets of their own: the slot holds the set it
            # was computed with (which also keeps its id() from being reused).
            params = env.params
            slot = (*key, id(params))
            hit = env.memo.get(slot)
            if hit is not None and hit[0] is params:
                return hit[1]
            value = inner(env)
            env.memo[slot] = (params, value)
            return value

        return cached_with_params

    def cached(env: Env) -> Any:
        value = env.memo.get(key, _NOT_YET)
        if value is _NOT_YET:
            value = env.memo[key] = inner(env)
        return value

    return cached


_NOT_YET = object()

MAX_BODY_NODES = 2000
"""Most parts a function's body may grow to once its arguments are put in."""


def _shared(node: Shared) -> Closure:
    inner = compile_node(node.inner)
    text = node.text  # equal parts of any rule share the slot

    # The slot holds the item (and parameters) it was computed for: the check
    # `is` makes a reused id() of a freed temporary value harmless.
    if node.uses_params:

        def shared_with_params(env: Env) -> Any:
            scope, params = env.scope, env.params
            slot = (text, id(scope), id(params))
            hit = env.memo.get(slot)
            if hit is not None and hit[0] is scope and hit[1] is params:
                return hit[2]
            value = inner(env)
            env.memo[slot] = (scope, params, value)
            return value

        return shared_with_params

    def shared(env: Env) -> Any:
        scope = env.scope
        slot = (text, id(scope))
        hit = env.memo.get(slot)
        if hit is not None and hit[0] is scope:
            return hit[1]
        value = inner(env)
        env.memo[slot] = (scope, value)
        return value

    return shared


def _located(closure: Closure, span: ast.Span) -> Closure:
    """``closure``, with the span stamped on an :class:`EvaluationError` it raises."""

    def located(env: Env) -> Any:
        try:
            return closure(env)
        except EvaluationError as error:
            raise _stamp(error, span) from None

    return located


# --- leaves -----------------------------------------------------------------------------


def _literal(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Literal)
    value = node.value
    return lambda env: value


def _list(node: ast.Node) -> Closure:
    assert isinstance(node, ast.ListExpr)
    if all(isinstance(item, ast.Literal) for item in node.items):
        constant = [item.value for item in node.items]  # type: ignore[attr-defined]
        return lambda env: list(constant)  # a fresh list: no caller can change the constant
    items = tuple(compile_node(item) for item in node.items)
    return lambda env: [item(env) for item in items]


def _root(node: ast.Node) -> Closure:
    return lambda env: env.root


def _current(node: ast.Node) -> Closure:
    return lambda env: env.scope


def _outer(node: ast.Node) -> Closure:
    def outer(env: Env) -> Any:
        return env.outer[-1] if env.outer else env.root

    return outer


def _ref(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Ref)
    name = node.name
    if node.kind == "bound":
        return lambda env: env.bound.get(name, UNKNOWN)
    if node.kind == "arg":  # only a function's body has these, and a call puts values in

        def outside(env: Env) -> Any:
            raise EvaluationError(f"{name} is a parameter of a function, not a value here")

        return outside

    span = node.span

    def ref(env: Env) -> Any:
        # value_of's memo lookup inlined: a value kept for the report or the item is the
        # common case by far (names are used again and again), and a call is dear here
        definition = env.names[name]
        try:
            if not definition.per_cell:
                if not definition.per_item:
                    hit = env.memo.get(definition.slot)
                    if hit is not None and hit[0] is definition:
                        return hit[2]
                elif env.scope is env.item:  # on the rule's own item: that item's values
                    values = env.item_values
                    hit = values.get(definition.slot)
                    if hit is not None and hit[0] is definition:
                        return hit[1]
                    value = definition.expression.closure(env)
                    values[definition.slot] = (definition, value)
                    return value
            return value_of(definition, env)
        except EvaluationError as error:
            raise _stamp(error, span) from None

    return ref


def _apply(node: ast.Node) -> Closure:
    # f(x) for a function of the rule set: its body with the arguments put in, compiled
    # the first time this call meets that definition (a preset may have redefined it)
    assert isinstance(node, ast.Apply)
    name = node.name
    built: dict[int, tuple[Named, Closure]] = {}
    last: list[tuple[Named | None, Closure | None]] = [(None, None)]

    def apply(env: Env) -> Any:
        function = env.names[name]
        known, body = last[0]  # one tuple, swapped whole: safe when threads share the rule
        if known is not function or body is None:
            hit = built.get(id(function))
            if hit is None or hit[0] is not function:
                hit = built[id(function)] = (function, compile_node(_body(function, node)))
            known, body = last[0] = hit
        env.spend(1)  # nested functions could call each other exponentially often
        return body(env)

    return apply


def _body(function: Named, node: ast.Apply) -> ast.Node:
    body = instantiate(function, node.args, node.span)
    if _count_nodes(body) > MAX_BODY_NODES:
        raise EvaluationError(
            f"{node.name}() grows past {MAX_BODY_NODES} parts once its arguments are put in",
            code="too-complex",
            span=node.span,
        )
    return body


def _count_nodes(node: ast.Node) -> int:
    count, stack = 0, [node]
    while stack and count <= MAX_BODY_NODES:
        count += 1
        stack.extend(ast.children(stack.pop()))
    return count


def _name(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Name)
    key = node.name
    if key == "params":
        return lambda env: env.params

    def name(env: Env) -> Any:
        scope = env.scope
        if type(scope) is dict:
            return scope.get(key)
        return _get_field(scope, key, env)

    return name


# --- paths ------------------------------------------------------------------------------


def _get_field(value: Any, key: str, env: Env) -> Any:
    if type(value) is dict:
        return value.get(key)
    if type(value) is list:
        env.spend(len(value))
        return [_element_field(item, key) for item in value]
    if value is None or value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, Mapping):
        return value.get(key)
    raise EvaluationError(f"{show(value)} is {type_name(value)}, it has no field `{key}`")


def _element_field(item: Any, key: str) -> Any:
    # a projection takes the field of every element: null gives null, a number is an error
    if type(item) is dict:
        return item.get(key)
    if item is None or item is UNKNOWN:
        return None
    raise EvaluationError(f"{show(item)} is {type_name(item)}, it has no field `{key}`")


def _field(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Field)
    obj = compile_node(node.obj)
    key = node.name

    def field(env: Env) -> Any:
        value = obj(env)
        if type(value) is dict:
            return value.get(key)
        return _get_field(value, key, env)

    return field


def _key(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Key)
    obj = compile_node(node.obj)
    key = node.key
    return lambda env: _get_field(obj(env), key, env)


def _index(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Index)
    obj = compile_node(node.obj)
    index = node.index

    def element(env: Env) -> Any:
        value = obj(env)
        if type(value) is list:
            return value[index] if -len(value) <= index < len(value) else UNKNOWN
        if value is None or value is UNKNOWN:
            return UNKNOWN
        raise EvaluationError(f"[{index}] needs a list, got {type_name(value)} {show(value)}")

    return element


def _filter(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Filter)
    obj = compile_node(node.obj)
    predicate = compile_node(node.predicate)

    def selected(env: Env) -> Any:
        value = obj(env)
        if value is None or value is UNKNOWN:
            return UNKNOWN
        if type(value) is not list:
            raise EvaluationError(
                f"[condition] selects from a list, got {type_name(value)} {show(value)}"
            )
        env.spend(len(value))
        kept = []
        for item in value:
            saved = env.enter(item)
            try:
                # like SQL's WHERE: an element whose condition is unknown is left out
                if to_bool(predicate(env)) is True:
                    kept.append(item)
            finally:
                env.leave(saved)
        return kept

    return selected


# --- operators ----------------------------------------------------------------------------


def _negate(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Negate)
    operand = compile_node(node.operand)

    def negate(env: Env) -> Any:
        number = to_number(operand(env), env)
        return UNKNOWN if number is UNKNOWN else -number

    return _located(negate, node.span)


def _binary(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Binary)
    left, right, op = compile_node(node.left), compile_node(node.right), node.op
    return _located(lambda env: arithmetic(op, left(env), right(env), env), node.span)


def _compare(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Compare)
    operands = tuple(compile_node(o) for o in node.operands)
    ops = node.ops
    if len(ops) == 1 and ops[0] in ("<", "<=", ">", ">="):
        return _order_fast(ops[0], operands[0], operands[1])
    if len(ops) == 1 and ops[0] in ("in", "not in"):
        words = _text_literals(node.operands[1])
        if words is not None:
            return _in_words(ops[0] == "in", operands[0], words, operands[1])
        named = node.operands[1]
        if isinstance(named, ast.Ref) and named.kind in ("def", "let"):
            return _in_named(ops[0] == "in", operands[0], named.name, operands[1])
    if len(ops) == 1 and ops[0] in ("==", "!="):
        for side, other in ((1, 0), (0, 1)):
            word = _text_literals(ast.ListExpr((node.operands[side],)))
            if word is not None:
                return _equals_word(ops[0] == "==", operands[other], word, operands[side])
    if len(ops) == 1:
        op, left, right = ops[0], operands[0], operands[1]
        return lambda env: compare(op, left(env), right(env), env)

    def chain(env: Env) -> Any:
        # a < b <= c is (a < b) and (b <= c), each operand evaluated once
        values = [operands[0](env)]
        results = []
        for index, op in enumerate(ops):
            values.append(operands[index + 1](env))
            result = compare(op, values[index], values[index + 1], env)
            if result is False:
                return False
            results.append(result)
        return kleene_all(results)

    return chain


def _text_literals(node: ast.Node) -> frozenset[str] | None:
    """The folded words of a list of literal words (``["number", "quantity"]``), else None.

    Only words that read as text (not numbers, not blank): for those, ``==`` is
    equality of the folded text, so membership is a set lookup.
    """
    if not isinstance(node, ast.ListExpr) or not node.items:
        return None
    words = []
    for item in node.items:
        if not isinstance(item, ast.Literal) or type(item.value) is not str:
            return None
        if read_cell(item.value).kind != "text":
            return None
        words.append(fold(item.value))
    return frozenset(words)


def _in_words(positive: bool, left: Closure, words: frozenset[str], right: Closure) -> Closure:
    # `kind(x) in ["number", "quantity"]`, the commonest membership test, as a set lookup
    size = len(words)

    def in_words(env: Env) -> Any:
        value = left(env)
        if type(value) is not str:  # numbers, lists, unknown: the general rule
            result = contained(value, right(env), env)
        else:
            env.spend(size)
            if env.cell(value).kind == "blank":
                return UNKNOWN
            result = normal_text(value, env) in words
        if result is UNKNOWN or positive:
            return result
        return not result

    return in_words


def _equals_word(positive: bool, left: Closure, word: frozenset[str], right: Closure) -> Closure:
    # `unit(x) == "none"`: for text, equality with a word is the folded text being that word
    (folded,) = word

    def equals_word(env: Env) -> Any:
        value = left(env)
        if type(value) is str:
            if env.cell(value).kind == "blank":
                return UNKNOWN
            return (normal_text(value, env) == folded) is positive
        result = equals(value, right(env), env)  # numbers, booleans, lists: the general rule
        if result is UNKNOWN or positive:
            return result
        return not result

    return equals_word


def _in_named(positive: bool, left: Closure, name: str, right: Closure) -> Closure:
    # `kind(x) in number_kinds` where the name is a list of words (`["number", "quantity"]`):
    # the same set lookup as for the list written out, the set made once per definition
    last: list[tuple[Named | None, frozenset[str] | None]] = [(None, None)]

    def in_named(env: Env) -> Any:
        definition = env.names[name]
        known, words = last[0]  # one tuple, swapped whole: safe when threads share the rule
        if known is not definition:
            words = _text_literals(definition.expression.tree)
            last[0] = (definition, words)
        value = left(env)
        if words is None or type(value) is not str:  # not a list of words: the general rule
            result = contained(value, right(env), env)
        else:
            env.spend(len(words))
            if env.cell(value).kind == "blank":
                return UNKNOWN
            result = normal_text(value, env) in words
        if result is UNKNOWN or positive:
            return result
        return not result

    return in_named


def _order_fast(op: str, left: Closure, right: Closure) -> Closure:
    # The commonest check of all (score <= weight): two numbers, compared directly.
    def to_num(value: Any, env: Env) -> Any:
        if type(value) is Decimal:
            return value
        if type(value) is str:
            number = env.numbers.get(value)
            if number is not None:
                return number
        return to_number(value, env)

    if op == "<=":

        def le(env: Env) -> Any:
            a = to_num(left(env), env)
            b = to_num(right(env), env)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return a <= b

        return le
    if op == "<":

        def lt(env: Env) -> Any:
            a = to_num(left(env), env)
            b = to_num(right(env), env)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return a < b

        return lt
    if op == ">=":

        def ge(env: Env) -> Any:
            a = to_num(left(env), env)
            b = to_num(right(env), env)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return a >= b

        return ge

    def gt(env: Env) -> Any:
        a = to_num(left(env), env)
        b = to_num(right(env), env)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return a > b

    return gt


def _logic(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Logic)
    operands = tuple(compile_node(o) for o in node.operands)
    # Left to right, stopping at the first operand that decides: later operands
    # are not evaluated (so `x > 0 and y / x > 1` never divides by zero).
    # `and` stops at the first false operand, `or` at the first true one.
    decisive = node.op == "or"
    if len(operands) == 2:
        return _logic2(operands[0], operands[1], decisive)

    neutral = not decisive

    def logic(env: Env) -> Any:
        result: Any = neutral
        for operand in operands:
            value = operand(env)
            if value is decisive:
                return decisive
            if value is neutral:
                continue
            value = to_bool(value)  # null is unknown; anything else not a truth value raises
            if value is decisive:
                return decisive
            result = UNKNOWN
        return result

    return logic


def _logic2(first: Closure, second: Closure, decisive: bool) -> Closure:
    # the commonest shape, `a and b` / `a or b`, without the loop
    neutral = not decisive

    def logic2(env: Env) -> Any:
        a = first(env)
        if a is decisive:
            return decisive
        if a is not neutral:
            a = to_bool(a)
            if a is decisive:
                return decisive
        b = second(env)
        if b is decisive:
            return decisive
        if b is not neutral:
            b = to_bool(b)
            if b is decisive:
                return decisive
        return neutral if a is neutral and b is neutral else UNKNOWN

    return logic2


def _not(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Not)
    operand = compile_node(node.operand)

    def negation(env: Env) -> Any:
        value = to_bool(operand(env))
        return value if value is UNKNOWN else not value

    return negation


def _implies(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Implies)
    left, right = compile_node(node.left), compile_node(node.right)

    def implication(env: Env) -> Any:
        premise = to_bool(left(env))
        if premise is False:
            return True
        conclusion = to_bool(right(env))
        if conclusion is True:
            return True
        return UNKNOWN if premise is UNKNOWN or conclusion is UNKNOWN else False

    return implication


def _conditional(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Conditional)
    then = compile_node(node.then)
    condition = compile_node(node.condition)
    otherwise = compile_node(node.otherwise)

    def choose(env: Env) -> Any:
        chosen = to_bool(condition(env))
        if chosen is UNKNOWN:
            return UNKNOWN
        return then(env) if chosen else otherwise(env)

    return choose


# --- calls -------------------------------------------------------------------------------


def _call(node: ast.Node) -> Closure:
    assert isinstance(node, ast.Call)
    function = FUNCTIONS[node.name]
    if node.name == "close" and len(node.args) == 2:
        left, right = (compile_interval(arg) for arg in node.args)
        return _located(lambda env: close_intervals(left(env), right(env)), node.span)
    if node.name in ("shows", "shows_rate"):
        return _shows(node, points=node.name == "shows_rate")
    if function.with_predicate is not None:
        run = function.with_predicate
        values = compile_node(node.args[0])
        predicate = compile_node(node.args[1]) if len(node.args) > 1 else None
        return _located(lambda env: run(env, values(env), predicate), node.span)
    assert function.eager is not None
    eager = function.eager
    if function.written is not None and _written(node):
        eager = function.written  # operands the rule writes out: none may vanish
    args = tuple(compile_node(arg) for arg in node.args)
    span = node.span
    # The commonest calls take one or two arguments: no extra frame, no generator.
    if len(args) == 1 and _is_field_of_item(node.args[0]) and node.name in ("filled", "blank"):
        return _blank_field(node.args[0].name, node.name == "filled")  # type: ignore[attr-defined]
    if len(args) == 1 and function.on_cell is not None:
        return _cell_call(function.on_cell, args[0], eager, span)
    if len(args) == 1 and _is_field_of_item(node.args[0]):
        key = node.args[0].name  # type: ignore[attr-defined]

        def call_on_field(env: Env) -> Any:
            # f(name): read the field here rather than through one more closure
            scope = env.scope
            value = scope.get(key) if type(scope) is dict else _get_field(scope, key, env)
            try:
                return eager(env, [value])
            except EvaluationError as error:
                raise _stamp(error, span) from None

        return call_on_field
    if len(args) == 1:
        only = args[0]

        def call1(env: Env) -> Any:
            try:
                return eager(env, [only(env)])
            except EvaluationError as error:
                raise _stamp(error, span) from None

        return call1
    if len(args) == 2:
        first, second = args

        def call2(env: Env) -> Any:
            try:
                return eager(env, [first(env), second(env)])
            except EvaluationError as error:
                raise _stamp(error, span) from None

        return call2
    return _located(lambda env: eager(env, [arg(env) for arg in args]), node.span)


def _shows(node: ast.Call, *, points: bool) -> Closure:
    # shows(shown, exact): the values for agrees(), the intervals of both expressions for close()
    shown, exact = (compile_node(arg) for arg in node.args)
    shown_range, exact_range = (compile_interval(arg) for arg in node.args)

    def shows(env: Env) -> Any:
        return shows_with(env, shown(env), exact(env), shown_range(env), exact_range(env), points)

    return _located(shows, node.span)


def _cell_call(of: Callable[[Cell], Any], argument: Closure, eager: Any, span: ast.Span) -> Closure:
    # num(x), kind(x), unit(x)...: the reading of the cell, then a field of it
    def cell_call(env: Env) -> Any:
        value = argument(env)
        cell = cell_of(value, env)
        if cell is not None:
            return of(cell)
        try:  # not a cell at all: the function's own error
            return eager(env, [value])
        except EvaluationError as error:
            raise _stamp(error, span) from None

    return cell_call


def _blank_field(key: str, filled: bool) -> Closure:
    # filled(name) / blank(name), on nearly every row of nearly every rule: the
    # field is read here rather than through two more closures
    def blank_field(env: Env) -> Any:
        scope = env.scope
        value = scope.get(key) if type(scope) is dict else _get_field(scope, key, env)
        return is_blank(value, env) is not filled

    return blank_field


def _written(node: ast.Call) -> bool:
    """Whether an aggregate's operands are written in the rule: ``min(a, b)``, ``sum([a, b])``."""
    return len(node.args) > 1 or isinstance(node.args[0], ast.ListExpr)


def _is_field_of_item(node: ast.Node) -> bool:
    return isinstance(node, ast.Name) and node.name != "params"


def _stamp(error: EvaluationError, span: ast.Span) -> EvaluationError:
    if error.span == (0, 0):
        error.span = span
    return error


# --- intervals for close() ------------------------------------------------------------------


def compile_interval(node: ast.Node) -> IntervalClosure:
    """A closure giving the interval of values ``node`` may stand for."""
    if isinstance(node, (Cached, Shared)):  # intervals are not cached: unwrap
        return compile_interval(node.inner)
    if isinstance(node, ast.Literal) and isinstance(node.value, Decimal):
        point = Interval.point(node.value)
        return lambda env: point
    if isinstance(node, ast.Binary):
        left, right, op = compile_interval(node.left), compile_interval(node.right), node.op

        def binary(env: Env) -> Interval | Unknown:
            a, b = left(env), right(env)
            if not isinstance(a, Interval) or not isinstance(b, Interval):
                return UNKNOWN
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            quotient = a / b
            return UNKNOWN if quotient is None else quotient

        return binary
    if isinstance(node, ast.Negate):
        operand = compile_interval(node.operand)

        def negate(env: Env) -> Interval | Unknown:
            value = operand(env)
            return -value if isinstance(value, Interval) else UNKNOWN

        return negate
    if isinstance(node, ast.Call) and node.name in INTERVAL_FUNCTIONS:
        return _interval_call(node)
    if isinstance(node, ast.Ref) and node.kind != "bound":
        name = node.name  # a definition stands for its expression: so does its interval

        def named(env: Env) -> Interval | Unknown:
            definition: Named = env.names[name]
            return definition.expression.interval(env)

        return named
    if isinstance(node, ast.Apply):
        built: dict[int, tuple[Named, IntervalClosure]] = {}
        call = node

        def applied(env: Env) -> Interval | Unknown:
            function = env.names[call.name]
            hit = built.get(id(function))
            if hit is None or hit[0] is not function:
                hit = built[id(function)] = (function, compile_interval(_body(function, call)))
            env.spend(1)
            return hit[1](env)

        return applied
    if isinstance(node, ast.Conditional):
        then, otherwise = compile_interval(node.then), compile_interval(node.otherwise)
        condition = compile_node(node.condition)

        def choose_interval(env: Env) -> Interval | Unknown:
            chosen = to_bool(condition(env))
            if not isinstance(chosen, bool):
                return UNKNOWN
            return then(env) if chosen else otherwise(env)

        return choose_interval
    point_of = compile_node(node)

    def read(env: Env) -> Interval | Unknown:
        return interval_of(point_of(env), env)

    return read


def _interval_call(node: ast.Call) -> IntervalClosure:
    name = node.name
    if name in ("num", "abs", "ratio", "round") and node.args:
        inner = compile_interval(node.args[0])
        places = compile_node(node.args[1]) if len(node.args) > 1 else None

        def one(env: Env) -> Interval | Unknown:
            value = inner(env)
            if not isinstance(value, Interval):
                return UNKNOWN
            if name == "abs":
                if value.low >= 0:
                    return value
                if value.high <= 0:
                    return -value
                return Interval(Decimal(0), max(-value.low, value.high), abs(value.value))
            if name == "round":
                digits = to_number(places(env), env) if places is not None else Decimal(0)
                if not isinstance(digits, Decimal):
                    return UNKNOWN
                n = int(digits)
                return Interval(
                    round_half_up(value.low, n),
                    round_half_up(value.high, n),
                    round_half_up(value.value, n),
                )
            return value

        if name == "ratio":
            # ratio() reads a bare number as percent points: its interval is in points too
            point_of = compile_node(node.args[0])

            def ratio(env: Env) -> Interval | Unknown:
                value = interval_of(point_of(env), env)
                if not isinstance(value, Interval):
                    return UNKNOWN
                raw = point_of(env)
                if isinstance(raw, str) and env.cell(raw).percent:
                    return value
                return Interval(value.low / 100, value.high / 100, value.value / 100)

            return ratio
        return one
    items = compile_node(node.args[0]) if len(node.args) == 1 else None
    written = _written(node)

    def aggregate(env: Env) -> Interval | Unknown:
        values = items(env) if items is not None else [arg(env) for arg in _args(node)]
        if not isinstance(values, list):
            return UNKNOWN
        env.spend(len(values))
        intervals: list[Interval] = []
        for value in values:
            if value is None or (isinstance(value, str) and env.cell(value).kind == "blank"):
                if written:
                    return UNKNOWN  # an operand the rule wrote out is blank
                continue
            interval = interval_of(value, env)
            if not isinstance(interval, Interval):
                return UNKNOWN
            intervals.append(interval)
        if not intervals:
            return UNKNOWN
        if name == "sum":
            total = intervals[0]
            for interval in intervals[1:]:
                total = total + interval
            return total
        pick = min if name == "min" else max
        return Interval(
            pick(i.low for i in intervals),
            pick(i.high for i in intervals),
            pick(i.value for i in intervals),
        )

    return aggregate


def _args(node: ast.Call) -> list[Closure]:
    return [compile_node(arg) for arg in node.args]


_COMPILERS: Mapping[type[ast.Node], Callable[[ast.Node], Closure]] = MappingProxyType(
    {
        ast.Literal: _literal,
        ast.ListExpr: _list,
        ast.Root: _root,
        ast.Current: _current,
        ast.Outer: _outer,
        ast.Name: _name,
        ast.Ref: _ref,
        ast.Field: _field,
        ast.Key: _key,
        ast.Index: _index,
        ast.Filter: _filter,
        ast.Negate: _negate,
        ast.Binary: _binary,
        ast.Compare: _compare,
        ast.Logic: _logic,
        ast.Not: _not,
        ast.Implies: _implies,
        ast.Conditional: _conditional,
        ast.Call: _call,
        ast.Apply: _apply,
    }
)
