"""A whole rule as one generated function: its ``each`` a loop, ``when`` and ``check`` inside.

The engine calls it once per report, with one work budget for the whole rule on
that report (all its items together: a rule that sums every row for each row pays
for each sum). What the engine does per item — make the item current, evaluate
``when`` then ``check``, count the outcome — is code of the function
(:mod:`evallint.dsl.codegen` lowers each expression), so an item costs what its own
checks cost. The engine is called back only where a person will read something: a
finding (``fail``), a rule error (``errored``, which answers whether the rule must
stop: its budget is spent) and, when another rule's findings make this one stand
aside, the question whether they do (``aside``). The generated function::

    def rule(env, root, aside, absent, fail, errored, blocked, shaped):
        passed = unknown = skipped = not_on_form = 0
        items = <each>                       # the report itself when there is none
        for item in items:
            if blocked and aside(item, None): skipped += 1; continue
            if absent(item, None): not_on_form += 1; continue   # a box the form lacks
            try:
                if <when> is not True: skipped += 1; continue
                result = <check>
                ...count it, or fail(item, None)
            except Exception as error:
                if errored(error, stage, item):  # `stage`: the expression being evaluated
                    return passed, unknown, skipped, not_on_form   # the budget is spent
        return passed, unknown, skipped, not_on_form

A rule over ``cells`` has a second loop, over the keys its ``cells`` gives,
with ``field`` and ``cell`` bound for each (and ``absent(item, key)`` asked for
each). ``absent`` is asked only of a rule that is about boxes (``subjects``).
"""

from __future__ import annotations

import ast as py
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evallint import pycode as n
from evallint.dsl.codegen import Generated, Lowering, Scope, TableOf, weight_of
from evallint.dsl.names import Named

ARGS = ("env", "root", "aside", "absent", "fail", "errored", "blocked", "shaped")
"""``shaped``: the report names a layout, so ``absent`` must be asked; without one, a box
of the item is on the form when its key is there, which the function tests itself."""
"""The generated function's parameters: the engine's callbacks among them."""


@dataclass(frozen=True, slots=True)
class RuleParts:
    """What a rule evaluates: expressions with a checked ``tree`` (``each``, ``cells`` and
    ``when`` may be absent)."""

    check: Any
    each: Any = None
    when: Any = None
    cells: Any = None
    subjects: tuple[str, ...] = ()
    """The boxes of the form the rule is about (its ``path``, its ``needs``): on an item
    whose form lacks one, it does not apply."""


def generate_rule(
    parts: RuleParts,
    names: Mapping[str, Named],
    table_of: TableOf,
) -> Generated:
    """The function that runs the rule of ``parts`` on one report (see the module's text)."""
    return _RuleLowering(parts, names, table_of).generate()


class _RuleLowering(Lowering):
    def __init__(
        self,
        parts: RuleParts,
        names: Mapping[str, Named],
        table_of: TableOf,
    ) -> None:
        super().__init__(names, table_of)
        self.rule_parts = parts

    def generate(self) -> Generated:
        counters = ("passed", "unknown", "skipped", "not_on_form")
        for counter in counters:
            self.emit(n.assign(counter, n.const(0)))
        done = _done()
        each = self.rule_parts.each
        if each is None:
            # the report is the one item; findings and errors are placed at its root
            self.emit(n.assign("item", n.name("root")))
            self.emit(
                py.If(
                    py.BoolOp(
                        py.And(), [n.name("blocked"), n.call("aside", n.const(None), n.const(None))]
                    ),
                    [n.add_one("skipped"), done],
                    [],
                )
            )
            if self.rule_parts.subjects:
                self.emit(self._unless_on_form(n.const(None), n.const(None), done))
            self.body.extend(self._item(n.const(None), n.const(None)))
            self.emit(done)
            return self.finish("rule", ARGS)
        self.emit(n.assign("stage", self.constant(each)))
        statements = self.block(lambda: self.value(each.tree, Scope("root", ())), "found")
        statements.append(n.assign("items", n.call("each_items", n.name("found"))))
        failed = [
            n.call_statement("errored", n.name("error"), n.name("stage"), n.const(None)),
            done,
        ]
        self.emit(_try(statements, failed))
        self.emit(py.If(n.is_(n.name("items"), n.const(None)), [done], []))
        loop: list[py.stmt] = [
            py.If(
                py.BoolOp(
                    py.And(), [n.name("blocked"), n.call("aside", n.name("item"), n.const(None))]
                ),
                [n.add_one("skipped"), py.Continue()],
                [],
            ),
        ]
        if self.rule_parts.subjects:
            loop.append(self._unless_on_form(n.name("item"), n.const(None), py.Continue()))
        loop += self._cells() if self.rule_parts.cells is not None else self._one()
        self.emit(py.For(n.store("item"), n.name("items"), loop, []))
        self.emit(done)
        return self.finish("rule", ARGS)

    def _unless_on_form(self, item: py.expr, key: py.expr, then: py.stmt) -> py.stmt:
        """``if absent(item, key): not_on_form += 1; <then>`` — asked of the engine where the
        report names a layout or a box lies further than a key of the item; else tested here
        (``key not in item``: the usual case, on every row of a rule about a column)."""
        asked = n.call("absent", item, key)
        keys = [subject for subject in self.rule_parts.subjects if "/" not in subject]
        if len(keys) < len(self.rule_parts.subjects) or not isinstance(item, py.Name):
            return py.If(asked, [n.add_one("not_on_form"), then], [])
        missing: list[py.expr] = [
            py.Compare(n.const(subject), [py.NotIn()], [item]) for subject in keys
        ]
        if not (isinstance(key, py.Constant) and key.value is None):
            missing.append(py.Compare(key, [py.NotIn()], [item]))  # a cell (item is a row)
        lacks = py.BoolOp(py.Or(), missing) if len(missing) > 1 else missing[0]
        inline = py.BoolOp(py.And(), [n.is_(n.call("TYPE", item), n.name("DICT")), lacks])
        test = py.IfExp(n.name("shaped"), asked, inline)
        return py.If(test, [n.add_one("not_on_form"), then], [])

    def _one(self) -> list[py.stmt]:
        return self._item(n.name("item"), n.const(None))

    def _cells(self) -> list[py.stmt]:
        cells = self.rule_parts.cells
        not_a_row = py.If(
            n.is_not(n.call("TYPE", n.name("item")), n.name("DICT")),
            [n.add_one("skipped"), py.Continue()],  # no cells: an absent or unreadable row
            [],
        )
        keys = self.block(lambda: self.value(cells.tree, Scope("item", ())), "found")
        keys.append(n.assign("keys", n.call("cell_keys", n.name("found"))))
        failed = [_unless_spent(n.name("item")), py.Continue()]
        per_cell = [
            py.If(
                py.BoolOp(
                    py.And(), [n.name("blocked"), n.call("aside", n.name("item"), n.name("key"))]
                ),
                [n.add_one("skipped"), py.Continue()],
                [],
            ),
            self._unless_on_form(n.name("item"), n.name("key"), py.Continue()),
            n.call_statement("bind_cell", n.name("env"), n.name("key"), n.name("item")),
            *self._item(n.name("item"), n.name("key")),
        ]
        return [
            not_a_row,
            n.assign("stage", self.constant(cells)),
            _try(keys, failed),
            py.For(n.store("key"), n.name("keys"), per_cell, []),
            n.call_statement("unbind_cells", n.name("env")),
        ]

    def _item(self, where: py.expr, key: py.expr) -> list[py.stmt]:
        """``when`` then ``check`` on the current item (or cell): counted, or a finding."""
        saved, self.body = self.body, []
        scope = Scope("item", ())
        when, check = self.rule_parts.when, self.rule_parts.check
        before = self.parts
        outcome: list[py.stmt] = []
        self.emit(n.assign("stage", self.constant(check)))
        result = self.truth(self.value(check.tree, scope))
        self.emit(
            py.If(
                n.is_(result, n.const(True)),
                [n.add_one("passed")],
                [
                    py.If(
                        n.is_(result, n.U),
                        [n.add_one("unknown")],
                        [n.call_statement("fail", where, key)],
                    )
                ],
            )
        )
        outcome, self.body = self.body, []
        if when is not None:
            self.emit(n.assign("stage", self.constant(when)))
            holds = self.truth(self.value(when.tree, scope))
            self.emit(py.If(n.is_not(holds, n.const(True)), [n.add_one("skipped")], outcome))
            outcome = self.body
        self.body = saved
        # each item pays for its `when` and `check` (their loops pay for their elements)
        paid = n.call_statement("spend", n.name("env"), n.const(weight_of(self.parts - before)))
        return [_try([paid, *outcome], [_unless_spent(where)])]


def _done() -> py.stmt:
    """``return passed, unknown, skipped, not_on_form``."""
    counters = ("passed", "unknown", "skipped", "not_on_form")
    return py.Return(py.Tuple([n.name(counter) for counter in counters], py.Load()))


def _unless_spent(where: py.expr) -> py.stmt:
    """``if errored(error, stage, where): return ...``: the engine records the error and
    answers whether the rule must stop (its work budget for the report is spent)."""
    return py.If(n.call("errored", n.name("error"), n.name("stage"), where), [_done()], [])


def _try(body: list[py.stmt], failed: list[py.stmt]) -> py.stmt:
    """``try: body`` and, on any exception, ``failed`` with it as ``error``."""
    handler = py.ExceptHandler(n.name("EXCEPTION"), "error", failed)
    return py.Try(body, [handler], [], [])
