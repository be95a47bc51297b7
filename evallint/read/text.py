"""Bytes to text, and what every reader of text shares: positions, excerpts, nesting limits.

A report or rule file arrives as bytes in whatever encoding a Chinese office
tool wrote; :func:`decode` turns it into text. The JSON and YAML readers
(:mod:`evallint.read.jsondoc`, :mod:`evallint.read.yamldoc`) locate what they
find with :class:`Position` and quote the offending line with :func:`excerpt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evallint.errors import ReportError, Text

JSONValue = Any  # the raw-JSON edge: narrowed with isinstance where it is used

MAX_DEPTH = 100
"""Deepest nesting accepted; a report is about four levels deep."""

MAX_NODES = 1_000_000
"""Most YAML nodes built for one document (aliases could multiply them)."""


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a text: 1-based line and column, counted in characters."""

    line: int
    col: int


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is fine), UTF-16 with a BOM, else GB18030.

    GB18030 is what Chinese Windows tools write when they do not write UTF-8;
    it is tried only when the bytes are not valid UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return data.decode("gb18030")
            except UnicodeDecodeError:
                pass
    raise ReportError(Text("report-encoding"))


def excerpt(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text``, or ``""`` when there is no such line."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def check_depth(data: JSONValue, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`ReportError` when ``data`` nests deeper than ``limit`` (iteratively)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise ReportError(Text("report-too-deep", {"limit": limit}))
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
