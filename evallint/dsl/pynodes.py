"""Builders of Python syntax-tree nodes, for the code generators (:mod:`evallint.dsl.codegen`,
:mod:`evallint.dsl.rulecode`): short names for the few node shapes they use."""

from __future__ import annotations

import ast as py
from typing import Any


def name(identifier: str) -> py.Name:
    return py.Name(identifier, py.Load())


def store(identifier: str) -> py.Name:
    return py.Name(identifier, py.Store())


def call(function: str, *args: py.expr) -> py.Call:
    return py.Call(name(function), list(args), [])


def assign(target: str, value: py.expr) -> py.stmt:
    return py.Assign([store(target)], value)


def const(value: Any) -> py.Constant:
    return py.Constant(value)


def is_(left: py.expr, right: py.expr) -> py.Compare:
    return py.Compare(left, [py.Is()], [right])


def is_not(left: py.expr, right: py.expr) -> py.Compare:
    return py.Compare(left, [py.IsNot()], [right])


U = name("U")
"""The unknown value, as generated code names it."""


def add_one(counter: str) -> py.stmt:
    return py.AugAssign(store(counter), py.Add(), const(1))


def call_statement(function: str, *args: py.expr) -> py.stmt:
    return py.Expr(call(function, *args))
