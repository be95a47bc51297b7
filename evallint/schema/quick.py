"""A fast yes/no answer to "is this report valid?", so jsonschema runs only on broken ones.

jsonschema walks the schema anew for every report and explains every error;
almost every report is valid. This module turns the schema, once, into one
Python function (built as a syntax tree: :mod:`evallint.pycode`) that walks the
document the way the schema is shaped — straight-line tests of the known keys,
loops over lists and over the keys the schema does not name — and returns
``True`` only when the document is valid. On ``False`` the caller runs
jsonschema, which finds and words the errors, so a document is never passed
that jsonschema would refuse, as long as the two agree on valid documents
(``tests/schema/test_quick_check.py`` checks that they do on every broken
variant we keep and on generated forms).

The rule-file loader uses it the same way for the rules schema. Only the
keywords these two schemas use are understood; a schema with any other
keyword does not compile (:func:`compile_schema` returns ``None``) and every
document goes to jsonschema.
"""

from __future__ import annotations

import ast as py
import itertools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from evallint import pycode as n
from evallint.domain.numbers import is_readable
from evallint.limits import MAX_NUMBER_EXPONENT

Predicate = Callable[[Any], bool]

# Keywords that only document the schema.
_ANNOTATIONS = frozenset({"title", "description", "default", "$schema", "$id", "$comment"})
_KEYWORDS = frozenset(
    {"$ref", "type", "const", "enum", "pattern", "minLength", "required", "items", "oneOf", "if"}
)
# properties, additionalProperties and propertyNames are one check (which keys are
# listed decides which subschema a value meets); then/else belong to if.
_OBJECT_KEYWORDS = frozenset({"properties", "additionalProperties", "propertyNames"})
_PART_OF_ANOTHER = _OBJECT_KEYWORDS | {"then", "else"}

_ABSENT = object()  # what a missing key reads as


class _UnsupportedError(Exception):
    """The schema uses a keyword this module does not know."""


def compile_schema(
    schema: Mapping[str, Any], *, types: Mapping[str, Predicate] | None = None
) -> Predicate | None:
    """A predicate true exactly for the instances valid against ``schema``.

    ``types`` overrides the meaning of type names, as the jsonschema validator
    it stands in for was told to (evallint's numbers are ``Decimal``). Local
    references (``$ref: "#/$defs/..."``) are followed.
    """
    try:
        return _Compiler(schema, {**_TYPES, **(types or {})}).predicate(schema)
    except (_UnsupportedError, RecursionError):
        return None


_INT_BOUND = 10 ** (MAX_NUMBER_EXPONENT + 1)  # an int beyond is beyond the number policy


def is_number(value: Any) -> bool:
    """A JSON number as evallint loads it: an int or a Decimal the number policy reads.

    NaN and infinity (which a dict handed to the API may hold) are no numbers a
    form can show: a cell holding one is a cell of the wrong kind; nor is a number
    beyond the policy (:mod:`evallint.domain.numbers`), which no reader lets through
    but a report built by hand might hold.
    """
    if type(value) is Decimal:
        return is_readable(value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return bool(-_INT_BOUND < value < _INT_BOUND)
    return isinstance(value, Decimal) and is_readable(value)


def is_integer(value: Any) -> bool:
    """A whole number: an int, or a Decimal without a fraction, that the policy reads."""
    if not is_number(value):
        return False
    return isinstance(value, int) or bool(value == value.to_integral_value())


_TYPES: dict[str, Predicate] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": is_number,
    "integer": is_integer,
}
# The exact Python type of the commonest value of a JSON type: tested inline first.
_EXACT = {"object": "DICT", "array": "LIST", "string": "STR"}


class _Compiler:
    """The schema's functions: one for the document, one per ``$ref`` target met inside
    itself (recursion), per ``oneOf`` option and per ``if`` condition."""

    def __init__(self, root: Mapping[str, Any], types: Mapping[str, Predicate]) -> None:
        self.root = root
        self.types = types
        self.constants: dict[str, Any] = {
            "DICT": dict,
            "LIST": list,
            "STR": str,
            "TYPE": type,
            "ISINSTANCE": isinstance,
            "LEN": len,
            "GET": dict.get,
            "ABSENT": _ABSENT,
            "REFS": {},
        }
        self.refs: dict[str, Predicate] = self.constants["REFS"]
        self.expanding: list[str] = []  # the $refs being put in place, outermost first
        self.temps = itertools.count()

    def predicate(self, schema: Any) -> Predicate:
        """``schema`` as a function of its own."""
        value = "value"
        body = [*self.statements(schema, value), py.Return(n.const(True))]
        function, _, _ = n.function_from("valid", (value,), body, self.constants)
        return function

    def constant(self, value: Any) -> py.Name:
        key = f"c{len(self.constants)}"
        self.constants[key] = value
        return n.name(key)

    def temp(self) -> str:
        return f"v{next(self.temps)}"

    # --- statements that return False when `value` breaks `schema` ---------------------------

    def statements(self, schema: Any, value: str) -> list[py.stmt]:
        if schema is True:
            return []
        if schema is False:
            return [_fail()]
        if not isinstance(schema, Mapping):
            raise _UnsupportedError(repr(schema))
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS - _PART_OF_ANOTHER - {"$defs"}
        if unknown or ("then" in schema and "if" not in schema):
            raise _UnsupportedError(", ".join(sorted(unknown)) or "then without if")
        out: list[py.stmt] = []
        if "$ref" in schema:
            out += self.ref(schema["$ref"], value)
        if "type" in schema:
            out.append(_unless(self.type_test(schema["type"], value)))
        if "const" in schema:
            out.append(_unless(self.const(schema["const"], value)))
        if "enum" in schema:
            out.append(_unless(self.enum(schema["enum"], value)))
        if "pattern" in schema:
            search = self.constant(re.compile(schema["pattern"]).search)
            no_match = n.is_(py.Call(search, [n.name(value)], []), n.const(None))
            out.append(_when(_and(self.is_a("string", value), no_match)))
        if "minLength" in schema:
            short = py.Compare(
                n.call("LEN", n.name(value)), [py.Lt()], [n.const(schema["minLength"])]
            )
            out.append(_when(_and(self.is_a("string", value), short)))
        if "required" in schema:
            out += self.required(schema["required"], value)
        if _OBJECT_KEYWORDS & schema.keys():
            out += self.properties(schema, value)
        if "items" in schema:
            out += self.items(schema["items"], value)
        if "oneOf" in schema:
            out += self.one_of(schema["oneOf"], value)
        if "if" in schema:
            condition = self.constant(self.predicate(schema["if"]))
            then = self.statements(schema.get("then", True), value)
            otherwise = self.statements(schema.get("else", True), value)
            if then or otherwise:
                test = py.Call(condition, [n.name(value)], [])
                out.append(py.If(test, then or [py.Pass()], otherwise))
        return out

    def ref(self, target: Any, value: str) -> list[py.stmt]:
        if not isinstance(target, str) or not target.startswith("#/$defs/"):
            raise _UnsupportedError(f"$ref {target!r}")
        name = target.removeprefix("#/$defs/")
        definitions = self.root.get("$defs", {})
        if name not in definitions:
            raise _UnsupportedError(f"$ref {target!r}")
        if name not in self.expanding:  # put in place, as if written here
            self.expanding.append(name)
            try:
                return self.statements(definitions[name], value)
            finally:
                self.expanding.pop()
        if name not in self.refs:  # inside itself: a function of its own, called
            self.refs[name] = _not_yet
            saved, self.expanding = self.expanding, [name]
            self.refs[name] = self.predicate(definitions[name])
            self.expanding = saved
        lookup = py.Subscript(n.name("REFS"), n.const(name), py.Load())
        return [_unless(py.Call(lookup, [n.name(value)], []))]

    def type_test(self, names: Any, value: str) -> py.expr:
        listed = [names] if isinstance(names, str) else list(names)
        if any(name not in self.types for name in listed):
            raise _UnsupportedError(f"type {listed}")
        return _or(*(self.is_a(name, value) for name in listed))

    def is_a(self, name: str, value: str) -> py.expr:
        """``value`` is of JSON type ``name`` (the exact Python type first: the usual case)."""
        test = self.types[name]
        if test is _TYPES.get(name) and name == "null":
            return n.is_(n.name(value), n.const(None))
        if test is _TYPES.get(name) and name in _EXACT:
            exact = n.is_(n.call("TYPE", n.name(value)), n.name(_EXACT[name]))
            return _or(exact, n.call("ISINSTANCE", n.name(value), n.name(_EXACT[name])))
        return py.Call(self.constant(test), [n.name(value)], [])

    def const(self, expected: Any, value: str) -> py.expr:
        if not isinstance(expected, str):  # jsonschema's equality for numbers/bools differs
            raise _UnsupportedError("const of a non-string")
        equal = py.Compare(n.name(value), [py.Eq()], [n.const(expected)])
        return _and(self.is_a("string", value), equal)

    def enum(self, members: Any, value: str) -> py.expr:
        if not all(isinstance(member, str) for member in members):
            raise _UnsupportedError("enum of non-strings")
        allowed = self.constant(frozenset(members))
        return _and(self.is_a("string", value), py.Compare(n.name(value), [py.In()], [allowed]))

    def required(self, keys: Any, value: str) -> list[py.stmt]:
        if not keys:
            return []
        present = [py.Compare(n.const(key), [py.In()], [n.name(value)]) for key in keys]
        return [_when(_and(self.is_a("object", value), py.UnaryOp(py.Not(), _and(*present))))]

    def properties(self, schema: Mapping[str, Any], value: str) -> list[py.stmt]:
        known = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        inside: list[py.stmt] = []
        for key, sub in known.items():
            field = self.temp()
            checks = self.statements(sub, field)
            if checks:
                get = n.call("GET", n.name(value), n.const(key), n.name("ABSENT"))
                inside.append(n.assign(field, get))
                inside.append(py.If(n.is_not(n.name(field), n.name("ABSENT")), checks, []))
        key_name, field = self.temp(), self.temp()
        per_key = self.statements(names, key_name) if names is not None else []
        extra_checks = self.statements(extra, field)
        if extra_checks:
            read = py.Subscript(n.name(value), n.name(key_name), py.Load())
            unknown_key = py.Compare(n.name(key_name), [py.NotIn()], [self.constant(set(known))])
            per_key.append(py.If(unknown_key, [n.assign(field, read), *extra_checks], []))
        if per_key:
            inside.append(py.For(n.store(key_name), n.name(value), per_key, []))
        if not inside:
            return []
        return [py.If(self.is_a("object", value), inside, [])]

    def items(self, schema: Any, value: str) -> list[py.stmt]:
        element = self.temp()
        checks = self.statements(schema, element)
        if not checks:
            return []
        loop = py.For(n.store(element), n.name(value), checks, [])
        return [py.If(self.is_a("array", value), [loop], [])]

    def one_of(self, options: Any, value: str) -> list[py.stmt]:
        count = self.temp()
        out: list[py.stmt] = [n.assign(count, n.const(0))]
        for option in options:
            test = py.Call(self.constant(self.predicate(option)), [n.name(value)], [])
            out.append(py.If(test, [n.add_one(count)], []))
        differs = py.Compare(n.name(count), [py.NotEq()], [n.const(1)])
        out.append(_when(differs))
        return out


def _not_yet(value: Any) -> bool:  # pragma: no cover - replaced before any call
    raise AssertionError("a schema function called while it was being made")


def _fail() -> py.stmt:
    return py.Return(n.const(False))


def _when(test: py.expr) -> py.stmt:
    """``if test: return False``."""
    return py.If(test, [_fail()], [])


def _unless(test: py.expr) -> py.stmt:
    """``if not test: return False``."""
    return _when(py.UnaryOp(py.Not(), test))


def _and(*tests: py.expr) -> py.expr:
    return tests[0] if len(tests) == 1 else py.BoolOp(py.And(), list(tests))


def _or(*tests: py.expr) -> py.expr:
    return tests[0] if len(tests) == 1 else py.BoolOp(py.Or(), list(tests))
