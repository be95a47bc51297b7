"""Bytes to text, and what every reader of text shares: positions, excerpts, nesting limits.

A report or rule file arrives as bytes in whatever encoding a Chinese office
tool wrote; :func:`decode` turns it into text. The JSON and YAML readers
(:mod:`evallint.read.jsondoc`, :mod:`evallint.read.yamldoc`) locate what they
find with :class:`Position` and quote the offending line with :func:`excerpt`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from evallint.errors import ReportError, Text
from evallint.limits import MAX_EXCERPT_CHARS, MAX_REPORT_DEPTH, MAX_REPORT_NODES

JSONValue = Any  # the raw-JSON edge: narrowed with isinstance where it is used

MAX_DEPTH = MAX_REPORT_DEPTH
"""Deepest nesting accepted; a report is about four levels deep."""

MAX_NODES = MAX_REPORT_NODES
"""Most values read for one document (YAML aliases could multiply them)."""


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a text: 1-based line and column, counted in characters."""

    line: int
    col: int


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is fine), UTF-16 (with a BOM, or without one, told by
    the order of its first characters), else GB18030.

    The one decoding of every text input: a JSON or YAML file, each line of a
    ``.jsonl``, standard input. GB18030 (a superset of GBK) is what Chinese Windows
    tools write when they do not write UTF-8; it is tried only when the bytes are
    not valid UTF-8. Decoding is strict, so the text never holds a surrogate
    escape; a BOM, in any of the three, is not part of the text.
    """
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_unmarked(data)
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if encoding == "utf-8-sig":
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("gb18030").removeprefix("\ufeff")
    # where the bytes stop being UTF-8 (or UTF-16): the line and column a person can look at
    before = data[:first_bad].decode(encoding, errors="replace")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    start_of_line = before[before.rfind("\n") + 1 :][-MAX_EXCERPT_CHARS:]
    raise ReportError(Text("report-encoding"), line=line, col=col, excerpt=start_of_line)


def _utf16_unmarked(data: bytes) -> str:
    """``utf-16-le``/``-be`` for UTF-16 without a BOM, else ``utf-8-sig``. A report starts with
    an ASCII character (``{``, ``"``, a letter), so its first two characters show the order
    as RFC 4627 reads JSON: ``xx 00 xx 00`` or ``00 xx 00 xx``."""
    head = data[:4]
    if len(head) == 4 and head[0] and not head[1] and head[2] and not head[3]:
        return "utf-16-le"
    if len(head) == 4 and not head[0] and head[1] and not head[2] and head[3]:
        return "utf-16-be"
    return "utf-8-sig"


def excerpt(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text``, or ``""`` when there is no such line."""
    if len(text) > _SPLIT_WHOLE:
        # a long text: never its millions of lines as a list, to quote one of them
        return _nth_line(text, line)
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


_SPLIT_WHOLE = 1 << 20  # characters of a text split whole to find a line; a longer one is scanned


def _nth_line(text: str, line: int) -> str:
    """Line ``line`` of ``text``, lines ending at a line feed (as a report's lines do)."""
    if line < 1:
        return ""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].rstrip("\r")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def check_depth(data: JSONValue, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`ReportError` when ``data`` nests deeper than ``limit`` or holds more
    than :data:`MAX_NODES` values (iteratively; a container's values counted at once)."""
    nodes = 1
    stack: list[tuple[Any, int]] = [(data, 0)] if isinstance(data, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        values = node.values() if isinstance(node, dict) else node
        if not values:
            continue
        if depth >= limit:
            raise ReportError(Text("report-too-deep", {"limit": limit}))
        nodes += len(values)
        if nodes > MAX_NODES:
            raise ReportError(Text("report-too-many-values", {"limit": MAX_NODES}))
        stack.extend((child, depth + 1) for child in values if isinstance(child, (dict, list)))
