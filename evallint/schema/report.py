"""Check a report against the shipped report schema; each violation becomes a Finding.

The schema (``evallint/schema/report.schema.json``, JSON Schema draft 2020-12)
is the machine form of report format v1. jsonschema finds the violations; this
module only says where each one is and what it means, in the form-filler's
words: the field's form label (the schema ``title``), its row, and the value
as typed. jsonschema's own messages are Python reprs and are never shown.

Rule ids form a closed list, :data:`RULES`:

- ``schema-type``: a value of the wrong kind (text where a row object belongs,
  ``true`` in a cell, a report that is not an object at all), or a number beyond
  the number policy (:mod:`evallint.domain.numbers`: too many digits, too large or
  too small), which is read as an unreadable cell;
- ``schema-required``: a required key is missing; the path names the missing key;
- ``schema-const``: ``format`` is not ``"evallint.report/1.1"`` (or ``"evallint.report/1"``);
- ``schema-pattern``: a key of ``source.cells`` is not a JSON Pointer (the path
  names that key's entry);
- ``schema-invalid``: any other schema keyword (none in the shipped schema; a
  safety net so a schema change never turns into a crash).

Numbers arrive as :class:`decimal.Decimal` (the loader reads every JSON number
so), hence the type checker below counts Decimals as numbers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from evallint import messages, pointer
from evallint.domain.numbers import UnreadableNumber, is_readable, number_from_value
from evallint.limits import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT
from evallint.messages import LANGS, Lang, decimal_text
from evallint.read.text import JSONValue
from evallint.results import Finding, Severity
from evallint.schema import report_schema
from evallint.schema.validator import SchemaCheck

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

RULES: Final = (
    "schema-type",
    "schema-required",
    "schema-const",
    "schema-pattern",
    "schema-invalid",
)

_VALUE_LIMIT: Final = 40  # characters of an offending value shown in a message
_NAME_LIMIT: Final = 20  # characters of a row's name shown as its context
_RENDER_DEPTH: Final = 6  # nesting shown before "…"; reports nest 3 levels deep

# Message templates per message id; {where}, {field}, {expected} and {got} are
# already in the message's language when they are filled in.
_MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    "type": {
        "zh": "{where}应为{expected}，实际填写为{got}",
        "en": "{where} must be {expected}, got {got}",
    },
    "required": {"zh": "{where}缺少{field}", "en": "{where}: missing {field}"},
    "required-top": {"zh": "缺少{field}", "en": "missing {field}"},
    "const": {
        "zh": "{where}应为 {expected}，实际填写为{got}",
        "en": "{where} must be {expected}, got {got}",
    },
    "pattern-key": {
        "zh": "{where}中的键 {got} 应为{expected}",
        "en": "{where}: key {got} must be {expected}",
    },
    "pattern": {
        "zh": "{where}应为{expected}，实际填写为{got}",
        "en": "{where} must be {expected}, got {got}",
    },
    "invalid": {
        "zh": "{where}不符合报告格式（{keyword}），实际填写为{got}",
        "en": "{where} does not fit the report format ({keyword}), got {got}",
    },
}

_TYPE_WORDS: Final[Mapping[str, tuple[str, str]]] = {
    "number": ("数字", "a number"),
    "integer": ("整数", "a whole number"),
    "string": ("文字", "text"),
    "null": ("空值 null", "null"),
    "object": ("对象（{...}）", "an object ({...})"),
    "array": ("列表（[...]）", "a list ([...])"),
    "boolean": ("true 或 false", "true or false"),
}

# What each pattern in the schema means, in words (a regex means nothing to a form filler).
_PATTERN_WORDS: Final[Mapping[str, tuple[str, str]]] = {
    "^(/.*)?$": (
        "以 / 开头的 JSON 指针（如 /indicators/4/score）",
        "a JSON Pointer starting with / (like /indicators/4/score)",
    ),
}

# Arrays whose items are rows of the form: how a row is called, and the key naming it.
_ROWS: Final[Mapping[str, tuple[str, str, str]]] = {
    "indicators": ("第{n}行绩效指标", "indicator row {n}", "name"),
    "narrative": ("自评报告正文第{n}段", "narrative section {n}", "heading"),
}


def validate_report(data: JSONValue, *, lang: Lang = "zh") -> list[Finding]:
    """Every way ``data`` breaks report format v1, as error findings in a stable order.

    ``data`` is a loaded report with numbers as Decimal. Never raises on any
    value of ``data``; raises ``ValueError`` only for an unknown ``lang``.
    """
    if lang not in LANGS:  # callers without a type checker
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    findings: dict[tuple[str, str], Finding] = {}
    for error in report_check().errors(data):
        for finding in findings_for(error, data, lang):
            # jsonschema yields one `required` error per missing key without naming
            # the key, so each such error gives every missing key; keep one of each.
            findings.setdefault((finding.rule, finding.path), finding)
    return sorted(findings.values(), key=Finding.sort_key)


@functools.cache
def inlined_schema() -> Mapping[str, Any]:
    """The shipped schema with each local ``$ref`` replaced by its definition.

    jsonschema resolves a ``$ref`` on every visit, which more than doubled the time
    per report (seed: 4.1 ms with refs, 1.6 ms inlined); the file keeps ``$defs``
    for its readers. The report schema has no recursive reference.
    """
    schema = dict(report_schema())
    definitions = schema.pop("$defs", {})
    inlined: Mapping[str, Any] = _inline(schema, definitions)
    return inlined


def _inline(node: JSONValue, definitions: Mapping[str, Any]) -> JSONValue:
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        # The referring node's own title and description win over the definition's.
        target = definitions[ref.removeprefix("#/$defs/")]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return {key: _inline(value, definitions) for key, value in node.items()}


@functools.cache
def report_check() -> SchemaCheck:
    """The report schema, compiled once per process."""
    return SchemaCheck(inlined_schema())


def findings_for(error: ValidationError, data: JSONValue, lang: Lang) -> Iterator[Finding]:
    """The findings one jsonschema error stands for (several for a `required` error)."""
    path = list(error.absolute_path)
    where = _where(data, path, lang)
    keyword = error.validator if isinstance(error.validator, str) else ""
    expected: JSONValue = error.validator_value
    instance: JSONValue = error.instance
    if keyword == "required":
        template = "required" if path else "required-top"
        for key in [key for key in expected if key not in instance]:
            field = _field_label([*path, key], lang)
            yield _finding(
                "schema-required",
                [*path, key],
                template,
                lang,
                {"key": key},
                where=where,
                field=field,
            )
        return
    got, shown = _describe(instance, lang)
    values: dict[str, Any] = {"value": shown}
    if keyword == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        values["expected"] = types
        if path and ("number" in types or "integer" in types) and _beyond_policy(instance):
            yield _out_of_range(path, instance, types, where, lang)
            return
        if not path:
            # The loader says this too (report-not-object); one wording for both.
            message = messages.render("report-not-object", lang, kind=got)
            yield Finding("schema-type", Severity.ERROR, message, "", values)
            return
        yield _finding(
            "schema-type",
            path,
            "type",
            lang,
            values,
            where=where,
            expected=_type_words(types, lang),
            got=got,
        )
    elif keyword in ("const", "enum"):  # format: one version, or one of them
        values["expected"] = expected
        options = expected if keyword == "enum" else [expected]
        yield _finding(
            "schema-const",
            path,
            "const",
            lang,
            values,
            where=where,
            expected=(" 或 " if lang == "zh" else " or ").join(_render(e) for e in options),
            got=got,
        )
    elif keyword == "pattern":
        meaning = _PATTERN_WORDS.get(str(expected))
        values["pattern"] = str(expected)
        # Under propertyNames the offending instance is a key of the object at `path`;
        # the finding points at that key's entry, so two bad keys are two findings.
        is_key = "propertyNames" in error.relative_schema_path
        yield _finding(
            "schema-pattern",
            [*path, instance] if is_key else path,
            "pattern-key" if is_key else "pattern",
            lang,
            values,
            where=where,
            expected=meaning[LANGS.index(lang)] if meaning else str(expected),
            got=_render(instance) if is_key else got,
        )
    else:
        values["keyword"] = keyword
        yield _finding(
            "schema-invalid", path, "invalid", lang, values, where=where, keyword=keyword, got=got
        )


def _beyond_policy(value: JSONValue) -> bool:
    """Whether ``value`` is a number the number policy does not read (not NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return False
    number = number_from_value(value)
    return isinstance(number, UnreadableNumber) or (number.is_finite() and not is_readable(number))


def _out_of_range(
    path: Sequence[str | int], value: JSONValue, types: list[str], where: str, lang: Lang
) -> Finding:
    """The finding for a number beyond the policy: its cell is unreadable, as a wrong kind is."""
    shown = str(number_from_value(value))  # as written, or cut short: never digit by digit
    limits = {"digits": MAX_NUMBER_DIGITS, "exponent": MAX_NUMBER_EXPONENT}
    message = messages.render("cell-number-out-of-range", lang, where=where, number=shown, **limits)
    values = {"value": shown, "expected": types, "range": limits}
    return Finding("schema-type", Severity.ERROR, message, pointer.build(path), values)


def _finding(
    rule: str,
    path: Sequence[str | int],
    template: str,
    lang: Lang,
    values: dict[str, Any],
    **parts: str,
) -> Finding:
    message = _MESSAGES[template][lang].format(**parts)
    return Finding(rule, Severity.ERROR, message, pointer.build(path), values)


# --- where: the field's place on the form, in words -------------------------------------


def _where(data: JSONValue, path: Sequence[str | int], lang: Lang) -> str:
    """``第5行绩效指标（企业问题办结）的得分（score）`` for ``/indicators/4/score``."""
    index = LANGS.index(lang)
    segments: list[str] = []
    node: Mapping[str, Any] | None = inlined_schema()
    instance: JSONValue = data
    parent_key: str | int | None = None
    for token in path:
        child, title = _child_schema(node, token)
        if isinstance(token, int) and isinstance(parent_key, str) and parent_key in _ROWS:
            zh, en, name_key = _ROWS[parent_key]
            row = (zh, en)[index].format(n=token + 1)
            name = _row_name(instance, token, name_key)
            if name:
                row += f"（{name}）" if lang == "zh" else f" ({name})"
            segments[-1:] = [row]  # "第5行绩效指标" says "绩效指标" already
        elif isinstance(token, int):
            segments.append(f"第{token + 1}项" if lang == "zh" else f"item {token + 1}")
        elif title:
            segments.append(_label(title, token, lang))
        else:
            segments.append(_render(token))
        node, parent_key = child, token
        instance = _step(instance, token)
    return ("的" if lang == "zh" else ": ").join(segments)


def _field_label(path: Sequence[str | int], lang: Lang) -> str:
    """``项目资金（funds）``: the form label of the key at the end of ``path``."""
    node: Mapping[str, Any] | None = inlined_schema()
    title = ""
    for token in path:
        node, title = _child_schema(node, token)
    key = path[-1]
    return _label(title, key, lang) if title else _render(key)


def _label(title: str, key: str | int, lang: Lang) -> str:
    return f"{title}（{key}）" if lang == "zh" else f"{title} ({key})"


def _child_schema(
    node: Mapping[str, Any] | None, token: str | int
) -> tuple[Mapping[str, Any] | None, str]:
    """The subschema for ``token`` under ``node``, and its title if the key is a named one.

    Follows only what the report schema uses: properties, items, additionalProperties
    and ``if``/``then``.
    """
    for part in _parts(node):
        properties = part.get("properties", {})
        if isinstance(token, str) and token in properties:
            child = properties[token]
            return child, str(child.get("title", ""))
        if isinstance(token, int) and isinstance(part.get("items"), Mapping):
            return part["items"], ""
        if isinstance(token, str) and isinstance(part.get("additionalProperties"), Mapping):
            # A free key (a category name, a province's funds row) is its own label.
            return part["additionalProperties"], ""
    return None, ""


def _parts(node: Mapping[str, Any] | None) -> Iterator[Mapping[str, Any]]:
    """``node`` and the schema its ``then`` brings in (a province's funds row)."""
    if node is not None:
        yield node
        if isinstance(node.get("then"), Mapping):
            yield node["then"]


def _row_name(rows: JSONValue, index: int, key: str) -> str:
    row = _step(rows, index)
    name = row.get(key) if isinstance(row, dict) else None
    if not isinstance(name, str) or not name.strip():
        return ""
    name = name.strip()
    return name if len(name) <= _NAME_LIMIT else name[:_NAME_LIMIT] + "…"


def _step(instance: JSONValue, token: str | int) -> JSONValue:
    if isinstance(instance, dict):
        return instance.get(token)
    if isinstance(instance, list) and isinstance(token, int) and 0 <= token < len(instance):
        return instance[token]
    return None


# --- what: expected types and offending values, in words ---------------------------------


def _type_words(types: Sequence[object], lang: Lang) -> str:
    index = LANGS.index(lang)
    names = [t for t in types if isinstance(t, str)]
    if "string" in names and len(names) > 1:
        # Blank text says "not filled in" as well as null does; naming null only confuses.
        names = [t for t in names if t != "null"]
    words = [_TYPE_WORDS[t][index] if t in _TYPE_WORDS else t for t in names]
    return ("或" if lang == "zh" else " or ").join(words)


def _describe(value: JSONValue, lang: Lang) -> tuple[str, JSONValue]:
    """The value as a message shows it (``文字 "2022"``), and as ``values`` keeps it."""
    kinds: tuple[str, str]
    if value is None or isinstance(value, bool):
        kinds = ("", "")
    elif isinstance(value, str):
        kinds = ("文字", "text")
    elif isinstance(value, Decimal) and not value.is_finite():
        # NaN or infinity (a dict handed to the API): no number a form shows, kept as text
        text = str(value)
        return (f"非有限数值 {text}" if lang == "zh" else f"the non-finite value {text}"), text
    elif isinstance(value, (int, Decimal)):
        kinds = ("数字", "the number")
    elif isinstance(value, float):
        kinds = ("二进制浮点数", "the binary float")
    elif isinstance(value, list):
        kinds = ("列表", "a list")
    elif isinstance(value, dict):
        kinds = ("对象", "an object")
    else:
        name = type(value).__name__
        # Not JSON data at all: keep only its type name, never its repr.
        text = f"不支持的值（{name}）" if lang == "zh" else f"an unsupported value ({name})"
        return text, f"<{name}>"
    kind = kinds[LANGS.index(lang)]
    rendered = _render(value)
    if kind:
        return f"{kind} {rendered}", value
    # "实际填写为 true": a space between Chinese and the Latin word.
    return (f" {rendered}" if lang == "zh" else rendered), value


def _render(value: JSONValue, limit: int = _VALUE_LIMIT) -> str:
    """``value`` as compact JSON, cut at ``limit`` characters; never a Python repr."""
    text = ""
    for piece in _pieces(value, 0):
        text += piece
        if len(text) > limit:
            return text[:limit] + "…"
    return text


def _pieces(value: JSONValue, depth: int) -> Iterator[str]:
    # Lazy, so a huge list costs only the few items that fit in the limit.
    if value is None:
        yield "null"
    elif isinstance(value, bool):
        yield "true" if value else "false"
    elif isinstance(value, str):
        yield json.dumps(value[: _VALUE_LIMIT + 1], ensure_ascii=False)
    elif isinstance(value, int):
        # str() of an int over 4300 digits raises; Decimal can say it in E notation.
        yield str(value) if abs(value) < 10**_VALUE_LIMIT else f"{Decimal(value):.3E}"
    elif isinstance(value, Decimal):
        yield str(value) if not value.is_finite() or is_readable(value) else decimal_text(value)
    elif isinstance(value, float):
        yield str(value)
    elif isinstance(value, list | dict) and depth >= _RENDER_DEPTH:
        yield "[…]" if isinstance(value, list) else "{…}"
    elif isinstance(value, list):
        yield "["
        for i, item in enumerate(value):
            yield ", " if i else ""
            yield from _pieces(item, depth + 1)
        yield "]"
    elif isinstance(value, dict):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ", " if i else ""
            yield from _pieces(key, depth + 1)
            yield ": "
            yield from _pieces(item, depth + 1)
        yield "}"
    else:
        yield f"<{type(value).__name__}>"
