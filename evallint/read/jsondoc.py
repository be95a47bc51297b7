"""Read JSON text into plain data, exactly and strictly; write data back as JSON.

* Every number becomes :class:`decimal.Decimal` (``parse_int`` and
  ``parse_float``), never a binary float.
* A key repeated in one object is an error, not a silent overwrite.
* Syntax errors carry the 1-based line and column and the offending line.
* Nesting is bounded: a document nested absurdly deep is an error, not a crash.

Positions (line and column of every value, by JSON Pointer) are worked out
only on demand: the fast path is the C JSON decoder, and the position scanner
runs on the error path or when an output format wants line numbers.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from evallint import messages
from evallint import pointer as jsonpointer
from evallint.domain.numbers import number_from_text
from evallint.errors import ReportError, Text
from evallint.read.text import (
    MAX_DEPTH,
    MAX_NODES,
    JSONValue,
    Position,
    check_depth,
    excerpt,
    line_col,
)

# --- JSON -----------------------------------------------------------------------


class _DuplicateKeyError(Exception):
    pass


Pairs = list[tuple[str, Any]]


def _object_without_duplicates(pairs: Pairs) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKeyError
    return result


def _reject_constant(token: str) -> Any:
    raise ValueError(token)


class _TooManyValuesError(Exception):
    pass


def _counting_hooks() -> tuple[Callable[[str], Decimal], Callable[[Pairs], dict[str, Any]]]:
    """The decoder's hooks for numbers and objects, counting them as they come.

    Numbers and objects are what a document of ten megabytes could hold millions
    of; counting them here stops such a document before it is all in memory. Every
    number goes through the one number policy (:mod:`evallint.domain.numbers`).
    """
    left = MAX_NODES

    def number(token: str) -> Decimal:
        nonlocal left
        left -= 1
        if left < 0:
            raise _TooManyValuesError
        return number_from_text(token)

    def new_object(pairs: Pairs) -> dict[str, Any]:
        nonlocal left
        left -= 1
        if left < 0:
            raise _TooManyValuesError
        return _object_without_duplicates(pairs)

    return number, new_object


def parse_json(text: str) -> JSONValue:
    """The data in JSON ``text``; raises :class:`ReportError` with line and column.

    A number beyond the number policy is read as an
    :class:`~evallint.domain.numbers.UnreadableNumber` where it stands (the report
    schema says so at its pointer); text is kept as written, lone surrogates
    (``"\\ud800"``) included.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    number, new_object = _counting_hooks()
    try:
        data = json.loads(
            text,
            parse_float=number,
            parse_int=number,
            parse_constant=_reject_constant,
            object_pairs_hook=new_object,
        )
    except json.JSONDecodeError as error:
        raise _json_syntax_error(text, error) from None
    except _DuplicateKeyError:
        # Slow path: rescan to say which key and where.
        scan_json_positions(text)
        raise AssertionError("the scanner found no duplicate key") from None
    except _TooManyValuesError:
        raise ReportError(Text("report-too-many-values", {"limit": MAX_NODES})) from None
    except ValueError as error:  # NaN / Infinity
        raise _not_a_number_error(text, str(error)) from None
    except RecursionError:
        raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH})) from None
    check_depth(data)
    return data


def _json_syntax_error(text: str, error: json.JSONDecodeError) -> ReportError:
    problem_id = f"json:{error.msg}"
    if text.strip() == "":
        return ReportError(Text("report-empty"), pointer="")  # the whole report is empty
    problem: Text | str = Text(problem_id) if messages.has(problem_id) else error.msg
    return ReportError(
        Text("report-json", {"problem": problem}),
        line=error.lineno,
        col=error.colno,
        excerpt=excerpt(text, error.lineno),
    )


def _not_a_number_error(text: str, token: str) -> ReportError:
    match = re.search(rf"(?<![\w\"]){re.escape(token)}(?![\w\"])", text)
    pos = match.start() if match else 0
    line, col = line_col(text, pos)
    return ReportError(
        Text("report-json", {"problem": Text("json:not-a-number", {"token": token})}),
        line=line,
        col=col,
        excerpt=excerpt(text, line),
    )


# A small JSON tokenizer for positions. It assumes the text is valid JSON except
# possibly for duplicate keys (it runs after the C decoder or on its error path).
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<open>[{\[]) | (?P<close>[}\]]) | (?P<colon>:) | (?P<comma>,)
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<atom>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)
    )""",
    re.VERBOSE | re.DOTALL,
)


def scan_json_positions(text: str) -> dict[str, Position]:
    """Position of every value in JSON ``text``, by JSON Pointer.

    Raises :class:`ReportError` (``report-duplicate-key``) at the second
    occurrence of a key repeated in one object.
    """
    positions: dict[str, Position] = {}
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    # stack entries: (pointer of the container, is_object, next index, keys seen)
    stack: list[tuple[str, bool, list[int], dict[str, int]]] = []
    pending_key: str | None = None
    pos = 1 if text.startswith("\ufeff") else 0
    end = len(text)

    def where(offset: int) -> Position:
        line = bisect.bisect_right(line_starts, offset)
        return Position(line, offset - line_starts[line - 1] + 1)

    def value_pointer() -> str:
        if not stack:
            return ""
        container, is_object, counter, _ = stack[-1]
        if is_object:
            return jsonpointer.join(container, pending_key or "")
        return jsonpointer.join(container, counter[0])

    expect_key = False
    for match in _iter_tokens(text, pos, end):
        kind = match.lastgroup
        start = match.start(kind) if kind else match.start()
        if kind == "string" and expect_key:
            key = json.loads(match.group(kind))
            seen = stack[-1][3]
            if key in seen:
                here = where(start)
                raise ReportError(
                    Text("report-duplicate-key", {"key": key, "first_line": seen[key]}),
                    line=here.line,
                    col=here.col,
                    excerpt=excerpt(text, here.line),
                    pointer=jsonpointer.join(stack[-1][0], key),
                )
            seen[key] = where(start).line
            pending_key = key
            expect_key = False
            continue
        if kind == "colon" or kind == "comma":
            if kind == "comma" and stack:
                if stack[-1][1]:
                    expect_key = True
                else:
                    stack[-1][2][0] += 1
            continue
        if kind == "close":
            stack.pop()
            continue
        ptr = value_pointer()
        positions[ptr] = where(start)
        if kind == "open":
            is_object = match.group(kind) == "{"
            stack.append((ptr, is_object, [0], {}))
            expect_key = is_object
    return positions


def _iter_tokens(text: str, pos: int, end: int) -> Iterator[re.Match[str]]:
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None or match.lastgroup is None:
            return
        yield match
        pos = match.end()


# --- writing --------------------------------------------------------------------------------

_NUMBER_MARK = "\x00evallint-number\x00"
_MARKED_NUMBER = re.compile(r'"\\u0000evallint-number\\u0000([^"]*)"')


def dump_json(data: Any, *, indent: int | None = 2) -> str:
    """JSON text of ``data`` with every Decimal written as the exact number it is.

    ``json`` writes Decimals only through float (losing digits) or as strings;
    a report needs ``127.38`` as a number, digit for digit.
    """

    def mark(value: Any) -> Any:
        if isinstance(value, Decimal):
            if not value.is_finite():
                return str(value)
            return f"{_NUMBER_MARK}{value}"
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [mark(item) for item in value]
        return value

    text = json.dumps(mark(data), ensure_ascii=False, indent=indent)
    return _MARKED_NUMBER.sub(lambda match: match.group(1), text)
