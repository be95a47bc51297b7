"""A fast yes/no answer to "is this report valid?", so jsonschema runs only on broken ones.

jsonschema walks the schema anew for every report and explains every error;
almost every report is valid, and on those the walk costs more than all the
rules together (about 3 ms per generated form against 0.2 ms here). This
module compiles the report schema once into nested predicates. It answers
``True`` only when the report is valid; on ``False`` the caller runs
jsonschema, which finds and words the errors, so a report is never passed
that jsonschema would refuse, as long as the two agree on valid reports
(``tests/schema/test_quick_check.py`` checks that they do on every broken
variant we keep and on generated forms).

The rule-file loader uses it the same way for the rules schema. Only the
keywords these two schemas use are understood; a schema with any other
keyword does not compile (:func:`compile_schema` returns ``None``) and every
document goes to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Predicate = Callable[[Any], bool]

# Keywords that only document the schema.
_ANNOTATIONS = frozenset({"title", "description", "default", "$schema", "$id", "$comment"})


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
        return _Compiler(schema, {**_TYPES, **(types or {})}).compile(schema)
    except _UnsupportedError:
        return None


def is_number(value: Any) -> bool:
    """A JSON number as evallint loads it: an int or a finite Decimal, never a bool.

    NaN and infinity (which a dict handed to the API may hold) are no numbers a
    form can show: a cell holding one is a cell of the wrong kind.
    """
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())


def is_integer(value: Any) -> bool:
    """A whole number: an int, or a finite Decimal without a fraction."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()


_TYPES: dict[str, Predicate] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": is_number,
    "integer": is_integer,
}


class _Compiler:
    def __init__(self, root: Mapping[str, Any], types: Mapping[str, Predicate]) -> None:
        self.root = root
        self.types = types
        self.refs: dict[str, Predicate] = {}

    def compile(self, schema: Any) -> Predicate:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, Mapping):
            raise _UnsupportedError(repr(schema))
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS.keys() - _PART_OF_ANOTHER - {"$defs"}
        if unknown or ("then" in schema and "if" not in schema):
            raise _UnsupportedError(", ".join(sorted(unknown)) or "then without if")
        checks = [_KEYWORDS[key](self, schema) for key in _KEYWORDS if key in schema]
        if _OBJECT_KEYWORDS & schema.keys():
            checks.append(self.properties(schema))
        if not checks:
            return lambda value: True
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    def ref(self, schema: Mapping[str, Any]) -> Predicate:
        target = schema["$ref"]
        if not isinstance(target, str) or not target.startswith("#/$defs/"):
            raise _UnsupportedError(f"$ref {target!r}")
        known = self.refs.get(target)
        if known is None:
            # Bound late, so a definition may refer to itself.
            slot: list[Predicate] = []
            self.refs[target] = lambda value: slot[0](value)
            definitions = self.root.get("$defs", {})
            name = target.removeprefix("#/$defs/")
            if name not in definitions:
                raise _UnsupportedError(f"$ref {target!r}")
            slot.append(self.compile(definitions[name]))
            known = self.refs[target]
        return known

    def type(self, schema: Mapping[str, Any]) -> Predicate:
        names = schema["type"]
        names = [names] if isinstance(names, str) else list(names)
        if any(name not in self.types for name in names):
            raise _UnsupportedError(f"type {names}")
        tests = [self.types[name] for name in names]
        if len(tests) == 1:
            return tests[0]
        return lambda value: any(test(value) for test in tests)

    def const(self, schema: Mapping[str, Any]) -> Predicate:
        expected = schema["const"]
        if not isinstance(expected, str):  # jsonschema's equality for numbers/bools differs
            raise _UnsupportedError("const of a non-string")
        return lambda value: isinstance(value, str) and value == expected

    def enum(self, schema: Mapping[str, Any]) -> Predicate:
        members = schema["enum"]
        if not all(isinstance(member, str) for member in members):
            raise _UnsupportedError("enum of non-strings")
        allowed = frozenset(members)
        return lambda value: isinstance(value, str) and value in allowed

    def pattern(self, schema: Mapping[str, Any]) -> Predicate:
        search = re.compile(schema["pattern"]).search
        return lambda value: not isinstance(value, str) or search(value) is not None

    def min_length(self, schema: Mapping[str, Any]) -> Predicate:
        least = schema["minLength"]
        return lambda value: not isinstance(value, str) or len(value) >= least

    def required(self, schema: Mapping[str, Any]) -> Predicate:
        keys = tuple(schema["required"])
        return lambda value: not isinstance(value, dict) or all(key in value for key in keys)

    def properties(self, schema: Mapping[str, Any]) -> Predicate:
        known = {key: self.compile(sub) for key, sub in schema.get("properties", {}).items()}
        extra_check = self.compile(schema.get("additionalProperties", True))
        names = self.compile(schema["propertyNames"]) if "propertyNames" in schema else None

        def properties(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key, item in value.items():
                if names is not None and not names(key):
                    return False
                if not known.get(key, extra_check)(item):
                    return False
            return True

        return properties

    def items(self, schema: Mapping[str, Any]) -> Predicate:
        each = self.compile(schema["items"])
        return lambda value: not isinstance(value, list) or all(each(item) for item in value)

    def one_of(self, schema: Mapping[str, Any]) -> Predicate:
        options = [self.compile(option) for option in schema["oneOf"]]
        return lambda value: sum(1 for option in options if option(value)) == 1

    def if_then(self, schema: Mapping[str, Any]) -> Predicate:
        condition = self.compile(schema["if"])
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda value: then(value) if condition(value) else otherwise(value)


_KEYWORDS: dict[str, Callable[[_Compiler, Mapping[str, Any]], Predicate]] = {
    "$ref": _Compiler.ref,
    "type": _Compiler.type,
    "const": _Compiler.const,
    "enum": _Compiler.enum,
    "pattern": _Compiler.pattern,
    "minLength": _Compiler.min_length,
    "required": _Compiler.required,
    "items": _Compiler.items,
    "oneOf": _Compiler.one_of,
    "if": _Compiler.if_then,  # with its then/else
}
# properties, additionalProperties and propertyNames are one check (which keys are
# listed decides which subschema a value meets); then/else belong to if.
_OBJECT_KEYWORDS = frozenset({"properties", "additionalProperties", "propertyNames"})
_PART_OF_ANOTHER = _OBJECT_KEYWORDS | {"then", "else"}
