"""Read YAML (rule files, configuration, YAML reports) into data with the position of every value.

Numbers follow the one number policy (:mod:`evallint.domain.numbers`), duplicate keys
are errors, and scalars follow YAML 1.2 (only true/false are booleans; no timestamps,
no sexagesimal ``1:2:3``). A tag may only be one of plain data (``!!str``, ``!!int``,
``!!float``, ``!!bool``, ``!!null``, ``!!map``, ``!!seq``), on a value it allows.

The data is built straight from the parser's events, counting values as they come:
a document of ten megabytes stops at the value limit before it is all in memory, and
an alias is the value of its anchor, built once and counted each time it is used.
Importing this module imports PyYAML, a noticeable part of start-up: readers import
it only when they meet YAML.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal, TypeVar

import yaml

from evallint import pointer as jsonpointer
from evallint.domain.numbers import (
    UnreadableNumber,
    number_from_text,
    number_from_value,
)
from evallint.errors import ReportError, Text
from evallint.limits import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT, MAX_YAML_EXPLAINED_BYTES
from evallint.read.text import MAX_DEPTH, MAX_NODES, JSONValue, Position, excerpt, line_col
from evallint.read.yamlerrors import explain

_T = TypeVar("_T")

OutOfRange = Literal["error", "unreadable"]
"""What a number beyond the number policy is: a located error (rule files), or an
unreadable number in its place (reports: the schema says so at its pointer)."""


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Data read from YAML with the position of every value (by JSON Pointer).

    ``styles`` holds the style of each scalar (``""`` plain, ``'`` or ``"``
    quoted, ``|`` or ``>`` block), so an error inside a scalar's text can be
    mapped to a column of the file.
    """

    data: JSONValue
    positions: dict[str, Position]
    key_positions: dict[str, Position]
    styles: dict[str, str]


_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + name for name in ("str", "null", "bool", "int", "float"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"

# YAML 1.1's resolvers for numbers, without the sexagesimal forms (190:20:30) YAML 1.2 dropped.
_INT_PLAIN: Final = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)
_FLOAT_PLAIN: Final = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _StrictLoader(yaml.SafeLoader):
    """YAML 1.2-like scalars: only true/false are booleans, no timestamps, no sexagesimals."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in (_BOOL, _TAG + "timestamp", _INT, _FLOAT)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )
for _first in "-+0123456789":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).append((_INT, _INT_PLAIN))
for _first in "-+0123456789.":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).append((_FLOAT, _FLOAT_PLAIN))
del _first

_RESOLVERS: Final = _StrictLoader.yaml_implicit_resolvers
"""The implicit resolvers by a plain scalar's first character (``""`` for an empty one)."""

_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    # libyaml's parser with the same strict resolvers: an order of magnitude faster
    # on rule packs of hundreds of rules.
    class _StrictCLoader(yaml.CSafeLoader):
        pass

    _StrictCLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
    _FastLoader = _StrictCLoader

# What a value under an explicit tag may be.
_NULL_WORDS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_WORDS: Final = {
    w: w.lower() == "true" for w in ("true", "True", "TRUE", "false", "False", "FALSE")
}
_NOT_FINITE: Final = {
    **{
        f"{sign}.{w}": Decimal(f"{sign}Infinity")
        for sign in ("", "+", "-")
        for w in ("inf", "Inf", "INF")
    },
    **{f".{w}": Decimal("NaN") for w in ("nan", "NaN", "NAN")},
}
_INT_VALUE: Final = re.compile(r"([-+]?)(0b[01_]*|0x[0-9a-fA-F_]*|[0-9][0-9_]*)")
_RADIX_DIGITS: Final = 4 * MAX_NUMBER_DIGITS
"""Hex or binary digits read into an int at most; longer ones are beyond the policy anyway."""


def parse_yaml(
    text: str, *, out_of_range: OutOfRange = "error", positions: bool = True
) -> YamlDocument:
    """The data in YAML ``text``; raises :class:`ReportError` with line and column.

    ``out_of_range`` says what a number beyond the number policy is (a located
    error by default, as a rule file needs). Without ``positions`` only the data is
    built (the positions, key positions and styles come back empty): a report's are
    worked out again when an output asks for them.
    """
    if _FastLoader is not None:
        try:
            return _read(text, _FastLoader, out_of_range, track=positions)
        except (yaml.YAMLError, UnicodeEncodeError) as error:
            # Python's parser says where and what as we document it, but reads some
            # thirty times slower: a long text keeps libyaml's words.
            if isinstance(error, UnicodeEncodeError) or len(text) > MAX_YAML_EXPLAINED_BYTES:
                raise _syntax_error(text, error) from None
    try:
        return _read(text, _StrictLoader, out_of_range, track=positions)
    except yaml.YAMLError as error:
        raise _syntax_error(text, error) from None
    except RecursionError:
        raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH})) from None


def _read(text: str, loader_class: Any, out_of_range: OutOfRange, *, track: bool) -> YamlDocument:
    loader = loader_class(text)
    try:
        builder = _Builder(text, loader, out_of_range, track=track)
        try:
            data = builder.document()
        except _DuplicateKeyError:
            # Slow path: read it again keeping positions, to say where the key came first.
            return _read(text, loader_class, out_of_range, track=True)
        return YamlDocument(data, builder.positions, builder.key_positions, builder.styles)
    finally:
        loader.dispose()


class _DuplicateKeyError(Exception):
    """A key repeated in one mapping, met while positions were not kept."""


@dataclass(slots=True)
class _Anchored:
    """The value of an anchor, and what using it again adds (values, depth, positions)."""

    value: JSONValue
    values: int
    height: int
    positions: list[tuple[str, Position]] = field(default_factory=list)
    key_positions: list[tuple[str, Position]] = field(default_factory=list)
    styles: list[tuple[str, str]] = field(default_factory=list)


class _Builder:
    """Plain data from the parser's events, recording positions when asked, bounded."""

    def __init__(self, text: str, loader: Any, out_of_range: OutOfRange, *, track: bool) -> None:
        self.text = text
        self.loader = loader
        self.out_of_range = out_of_range
        self.track = track
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self.styles: dict[str, str] = {}
        self.left = MAX_NODES
        self.deepest = 0
        self.anchors: dict[str, _Anchored] = {}

    def document(self) -> JSONValue:
        loader = self.loader
        loader.get_event()  # the stream starts
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # the document starts
        data = self.value("", 0)
        loader.get_event()  # the document ends
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            problem = "expected a single document in the stream, but found another document"
            raise self._error(event.start_mark, problem)
        return data

    def value(self, ptr: str, depth: int) -> JSONValue:
        """The value whose events come next, at ``ptr`` (``""`` when positions are not kept)."""
        event = self.loader.get_event()
        if type(event) is yaml.AliasEvent:
            return self._alias(event, ptr, depth)
        self.left -= 1
        if self.left < 0:
            raise self._too_many(event)
        if depth > self.deepest:
            if depth > MAX_DEPTH:
                raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH}))
            self.deepest = depth
        if self.track:
            self.positions[ptr] = _position(event.start_mark)
        if event.anchor is not None:
            return self._anchored(event, ptr, depth)
        if type(event) is yaml.ScalarEvent:
            if self.track:
                self.styles[ptr] = event.style or ""
            return self._scalar(event)
        return self._collection(event, ptr, depth)

    def _anchored(self, event: Any, ptr: str, depth: int) -> JSONValue:
        """A value with an anchor: built, then kept for the aliases that name it."""
        anchor = event.anchor
        if anchor in self.anchors:
            raise self._error(event.start_mark, f"found duplicate anchor {anchor!r}")
        left, deepest, self.deepest = self.left, self.deepest, depth
        before = (len(self.positions) - 1, len(self.key_positions), len(self.styles))
        if isinstance(event, yaml.ScalarEvent):
            if self.track:
                self.styles[ptr] = event.style or ""
            value = self._scalar(event)
        else:
            value = self._collection(event, ptr, depth)
        anchored = _Anchored(value, left - self.left + 1, self.deepest - depth)
        self.anchors[anchor] = anchored
        self.deepest = max(deepest, self.deepest)
        if self.track:
            self._keep_positions(anchored, ptr, before)
        return value

    def _collection(self, event: Any, ptr: str, depth: int) -> JSONValue:
        loader, track = self.loader, self.track
        if isinstance(event, yaml.SequenceStartEvent):
            self._collection_tag(event, _SEQ)
            items: list[Any] = []
            while not loader.check_event(yaml.SequenceEndEvent):
                child = jsonpointer.join(ptr, len(items)) if track else ""
                items.append(self.value(child, depth + 1))
            loader.get_event()
            return items
        if not isinstance(event, yaml.MappingStartEvent):
            raise self._error(event.start_mark, f"unexpected {type(event).__name__}")
        self._collection_tag(event, _MAP)
        result: dict[str, Any] = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.get_event()
            key = self._key(key_event)
            if key in result:
                raise self._duplicate(key, key_event, ptr)
            child = ""
            if track:
                child = jsonpointer.join(ptr, key)
                self.key_positions[child] = _position(key_event.start_mark)
            result[key] = self.value(child, depth + 1)
        loader.get_event()
        return result

    def _duplicate(self, key: str, event: Any, ptr: str) -> Exception:
        if not self.track:
            return _DuplicateKeyError()
        child = jsonpointer.join(ptr, key)
        first = self.key_positions[child]
        mark = event.start_mark
        return ReportError(
            Text("report-duplicate-key", {"key": key, "first_line": first.line}),
            line=mark.line + 1,
            col=mark.column + 1,
            excerpt=excerpt(self.text, mark.line + 1),
            pointer=child,
        )

    def _key(self, event: Any) -> str:
        if not isinstance(event, yaml.ScalarEvent):
            problem = "a key must be a plain word, not a list or a mapping"
            raise self._error(event.start_mark, problem)
        if event.value == "<<" and event.tag is None and event.implicit[0]:
            raise self._error(event.start_mark, "merge keys (<<) are not supported")
        # Keys are always text: `2022:` is the key "2022", not a number.
        return str(event.value)

    def _alias(self, event: Any, ptr: str, depth: int) -> JSONValue:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise self._error(event.start_mark, f"found undefined alias {event.anchor!r}")
        self.left -= anchored.values  # aliases that multiply stop here
        if self.left < 0:
            raise self._too_many(event)
        if depth + anchored.height > MAX_DEPTH:
            raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH}))
        self.deepest = max(self.deepest, depth + anchored.height)
        if self.track:
            self.positions.update((ptr + suffix, at) for suffix, at in anchored.positions)
            self.key_positions.update((ptr + suffix, at) for suffix, at in anchored.key_positions)
            self.styles.update((ptr + suffix, style) for suffix, style in anchored.styles)
        return anchored.value

    def _keep_positions(self, anchored: _Anchored, ptr: str, before: tuple[int, int, int]) -> None:
        """What the anchor's value added to the positions, relative to it (for its aliases)."""
        anchored.positions = _added(self.positions, before[0], len(ptr))
        anchored.key_positions = _added(self.key_positions, before[1], len(ptr))
        anchored.styles = _added(self.styles, before[2], len(ptr))

    def _too_many(self, event: Any) -> ReportError:
        return self._error(event.start_mark, Text("report-too-many-values", {"limit": MAX_NODES}))

    def _collection_tag(self, event: Any, standard: str) -> None:
        if event.tag not in (None, "!", standard):
            raise self._error(event.start_mark, f"tag {_short(event.tag)} is not supported")

    def _scalar(self, event: Any) -> JSONValue:
        value: str = event.value
        tag = event.tag
        if tag is None and event.implicit[0]:  # plain: what it looks like, as YAML 1.2 reads it
            for resolved, pattern in _RESOLVERS.get(value[:1], ()):
                if pattern.match(value):
                    return self._typed(resolved, event)
            return value
        if tag is None or tag == "!":  # quoted, or the non-specific tag: text
            return value
        return self._typed(tag, event)

    def _typed(self, tag: str, event: Any) -> JSONValue:
        """A scalar under a tag, explicit or resolved: its value, or a located error."""
        value: str = event.value
        if tag in (_INT, _FLOAT):
            number = _number(tag, value)
            if number is not None:
                return self._within_policy(number, event)
        elif tag == _STR:
            return value
        elif tag == _NULL:
            if value in _NULL_WORDS:
                return None
        elif tag == _BOOL:
            if value in _BOOL_WORDS:
                return _BOOL_WORDS[value]
        elif tag == _TAG + "binary":
            raise self._error(event.start_mark, "binary values are not supported")
        else:
            raise self._error(event.start_mark, f"tag {_short(tag)} is not supported")
        shown = value if len(value) <= MAX_NUMBER_DIGITS else value[:MAX_NUMBER_DIGITS] + "…"
        raise self._error(
            event.start_mark, Text("yaml:tag-value", {"value": shown, "tag": _short(tag)})
        )

    def _within_policy(self, number: Decimal, event: Any) -> Decimal:
        if self.out_of_range == "unreadable" or number.is_finite():  # beyond the policy: NaN
            return number
        shown = str(number) if isinstance(number, UnreadableNumber) else event.value
        limits = {"digits": MAX_NUMBER_DIGITS, "exponent": MAX_NUMBER_EXPONENT}
        problem = Text("number-out-of-range", {"number": shown, **limits})
        raise self._error(event.start_mark, problem)

    def _error(self, mark: Any, problem: Text | str) -> ReportError:
        text = problem if isinstance(problem, Text) else Text("report-yaml", {"problem": problem})
        return ReportError(
            text,
            line=mark.line + 1,
            col=mark.column + 1,
            excerpt=excerpt(self.text, mark.line + 1),
        )


def _number(tag: str, value: str) -> Decimal | None:
    """The number ``value`` writes under ``tag`` (``None`` when it writes none).

    The value of an explicit tag may be anything (``!!int abc``): it is matched
    here. Hex and binary are sized before they become an int.
    """
    if value.isascii() and value.isdigit():  # the common case: 2022, 10
        return number_from_text(value)
    if tag == _FLOAT and value in _NOT_FINITE:
        return _NOT_FINITE[value]
    match = _INT_VALUE.fullmatch(value) if tag == _INT else None
    if tag == _INT and match is None:
        return None
    if match is not None and match[2][:2] in ("0b", "0x"):
        digits = match[2][2:].replace("_", "")
        if not digits:
            return None
        if len(digits) > _RADIX_DIGITS:
            return UnreadableNumber(value)
        return number_from_value(int(match[1] + digits, 2 if match[2][1] == "b" else 16))
    try:
        return number_from_text(value.replace("_", ""))
    except ValueError:
        return None


def _added(table: dict[str, _T], start: int, cut: int) -> list[tuple[str, _T]]:
    """The entries of ``table`` from the ``start``-th on, their keys without ``cut`` characters."""
    added = itertools.islice(reversed(table.items()), len(table) - start)
    return [(key[cut:], value) for key, value in added]


def _short(tag: str) -> str:
    """A tag as it is written: ``!!int`` for ``tag:yaml.org,2002:int``."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _syntax_error(text: str, error: Exception) -> ReportError:
    """A parser's error as a located :class:`ReportError`, in the words we document."""
    if isinstance(error, UnicodeEncodeError | yaml.reader.ReaderError):
        # A character YAML does not allow (a control character, a lone surrogate).
        offset = error.start if isinstance(error, UnicodeEncodeError) else error.position
        offset = min(max(offset, 0), max(len(text) - 1, 0))
        char = text[offset] if text else "?"
        line, col = line_col(text, offset)
        return ReportError(
            Text("yaml:special-char", {"char": f"U+{ord(char):04X}"}),
            line=line,
            col=col,
            excerpt=excerpt(text, line),
        )
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if mark is not None:
            context = error.context
            if context and error.context_mark is not None and error.context_mark is not mark:
                started = error.context_mark
                context += f" (started at line {started.line + 1}, column {started.column + 1})"
            place = explain(
                text, error.problem or "syntax error", context, mark.line + 1, mark.column + 1
            )
            return ReportError(
                Text("report-yaml", {"problem": place.text}),
                line=place.line,
                col=place.col,
                excerpt=excerpt(text, place.line),
            )
    return ReportError(Text("report-yaml", {"problem": str(error)}))
