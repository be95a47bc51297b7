"""Python functions built as syntax trees: the node builders and :func:`function_from`.

evallint turns rules (:mod:`evallint.dsl.codegen`, :mod:`evallint.dsl.rulecode`)
and the shipped schemas (:mod:`evallint.schema.quick`) into Python functions by
building :mod:`ast` nodes and compiling them — never by formatting source
text. Values from a rule file or a schema enter only as constants, looked up
by names the generator chose; the function runs with no builtins: it can call
only what its namespace lists.
"""

from __future__ import annotations

import ast as py
import itertools
import sys
from collections.abc import Mapping
from types import CodeType, FunctionType
from typing import Any

_FILES = itertools.count()


def function_from(
    name: str, args: tuple[str, ...], body: list[py.stmt], namespace: Mapping[str, Any]
) -> tuple[FunctionType, CodeType, py.Module]:
    """The function ``name(*args)`` made of ``body``, whose globals are ``namespace`` (and
    no builtins); with its code and the module tree it was compiled from."""
    parts: dict[str, Any] = {
        "name": name,
        "args": py.arguments(
            posonlyargs=[],
            args=[py.arg(arg) for arg in args],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        ),
        "body": body,
        "decorator_list": [],
        "returns": None,
    }
    if sys.version_info >= (3, 12):
        parts["type_params"] = []
    module = py.Module(body=[py.FunctionDef(**parts)], type_ignores=[])
    py.fix_missing_locations(module)  # untagged nodes take the line of their statement
    code = compile(module, f"<evallint {name} {next(_FILES)}>", "exec")
    # The module is never run: its one function's code is made a function of its own.
    inner = next(c for c in code.co_consts if isinstance(c, CodeType))
    return with_globals(inner, namespace), inner, module


def with_globals(code: CodeType, namespace: Mapping[str, Any]) -> FunctionType:
    """The function of ``code`` whose globals are ``namespace`` and nothing else."""
    return FunctionType(code, {**namespace, "__builtins__": {}}, code.co_name)


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
