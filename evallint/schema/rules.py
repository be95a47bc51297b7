"""A rule file checked against the rules schema, each violation worded for its author.

The loader places each problem at ``file:line:col`` (it knows the YAML
positions); this module only says what is wrong and where in the data: an
unknown key with "did you mean", a missing key, a wrong kind of value, a
value outside a closed list. jsonschema's own messages are never shown.
"""

from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evallint import pointer as jsonpointer
from evallint.schema import rules_schema
from evallint.schema.validator import SchemaCheck

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One violation: the JSON Pointer it is about, what is wrong, and whether the key is."""

    pointer: str
    message: str
    at_key: bool = False
    """The problem is the key itself (an unknown key), not its value."""


@functools.cache
def rules_check() -> SchemaCheck:
    """The rules schema, compiled once per process."""
    return SchemaCheck(rules_schema())


def rule_file_problems(data: Any) -> list[SchemaProblem]:
    """Every violation of the rules schema in a rule file's data, most specific first."""
    leaves = [
        leaf
        for error in sorted(rules_check().errors(data), key=lambda e: list(e.absolute_path))
        for leaf in _leaves(error)
    ]
    # A misspelt key (`chek`) also makes a required key (`check`) missing: one
    # root cause, one problem — the "unknown key, did you mean" one.
    misspelt = {
        (jsonpointer.build(leaf.absolute_path), near)
        for leaf in leaves
        if leaf.validator == "additionalProperties"
        for near in _near_misses(leaf)
    }
    problems = []
    for leaf in leaves:
        where = jsonpointer.build(leaf.absolute_path)
        required: Any = leaf.validator_value
        if leaf.validator == "required" and all(
            (where, key) in misspelt
            for key in required
            if isinstance(leaf.instance, dict) and key not in leaf.instance
        ):
            continue
        problems.append(_problem(leaf))
    return problems


def _near_misses(error: ValidationError) -> list[str]:
    schema: Any = error.schema
    instance: Any = error.instance
    known = sorted(schema.get("properties", {}))
    extras = set(instance) - set(known)
    return [near for key in extras for near in difflib.get_close_matches(key, known, n=1)]


def _leaves(error: ValidationError) -> list[ValidationError]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        # The alternative of the value's own kind says the most; when the value
        # is of no kind offered, the choice itself is the message.
        fitting = [e for e in error.context if e.validator != "type"]
        if not fitting:
            return [error]
        best = max(fitting, key=lambda e: len(list(e.absolute_path)))
        return _leaves(best)
    return [error]


def _problem(error: ValidationError) -> SchemaProblem:
    path = list(error.absolute_path)
    pointer = jsonpointer.build(path)
    keyword = error.validator
    schema: Any = error.schema
    instance: Any = error.instance
    expected: Any = error.validator_value
    what = _what(path)
    if keyword == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extras = sorted(set(instance) - set(known))
        key = extras[0] if extras else ""
        near = difflib.get_close_matches(key, known, n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else f" (known keys: {', '.join(known)})"
        return SchemaProblem(jsonpointer.join(pointer, key), f'unknown key "{key}"{hint}', True)
    if keyword == "required":
        missing = [k for k in expected if k not in instance]
        return SchemaProblem(pointer, f'{what} lacks the required key "{missing[0]}"')
    if keyword == "enum":
        options = ", ".join(json.dumps(v) for v in expected)
        return SchemaProblem(pointer, f"{what} must be one of {options}, not {_show(instance)}")
    if keyword == "pattern":
        return SchemaProblem(
            pointer,
            f"{what} {_show(instance)} must be kebab-case words (lower-case letters, digits and -)",
        )
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return SchemaProblem(pointer, f"{what} must be {_article(wanted)}, not {_show(instance)}")
    if keyword in ("oneOf", "anyOf"):
        wanted = " or ".join(dict.fromkeys(_kinds(expected))) or "something else"
        return SchemaProblem(pointer, f"{what} must be {wanted}, not {_show(instance)}")
    if keyword == "minLength":
        return SchemaProblem(pointer, f"{what} must not be empty")
    return SchemaProblem(pointer, f"{what} is not valid here ({keyword})")


def _kinds(alternatives: Any) -> list[str]:
    """The kinds of value a ``oneOf``/``anyOf`` offers, in words."""
    kinds = []
    for alternative in alternatives:
        target = alternative
        if "$ref" in alternative:
            target = rules_schema()["$defs"][alternative["$ref"].rsplit("/", 1)[1]]
        for option in target.get("oneOf", [target]):
            kind = option.get("type")
            if kind == "object" and "zh" in option.get("properties", {}):
                kinds.append("a mapping with zh (and en)")
            elif isinstance(kind, str):
                kinds.append(_article(kind))
            elif "enum" in option:
                kinds.append(" or ".join(json.dumps(v) for v in option["enum"]))
    return kinds


def _what(path: list[Any]) -> str:
    if not path:
        return "the rule file"
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rest = ".".join(str(p) for p in path[2:])
        return f"rule #{path[1] + 1}" + (f" `{rest}`" if rest else "")
    return "`" + ".".join(str(p) for p in path) + "`"


def _article(kind: str) -> str:
    return {"object": "a mapping", "array": "a list", "string": "text"}.get(kind, f"a {kind}")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False) if isinstance(value, str) else str(value)
