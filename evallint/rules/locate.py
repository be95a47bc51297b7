"""Where a problem in a rule file is: ``file:line:col`` from the YAML positions.

A problem found in the data (a schema violation, a duplicate id) is placed at
the value or key its JSON Pointer names. A problem inside an expression is
placed at its character in the file: the expression's offset is mapped
through the scalar's style (plain, quoted with escapes, ``|``/``>`` blocks);
where escapes make that inexact, the scalar is named and the expression's
own caret shown below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evallint.errors import ExpressionError, RuleError, Text
from evallint.read.text import Position

if TYPE_CHECKING:
    from evallint.read.yamldoc import YamlDocument  # imports PyYAML: only for its type here


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule came from: its file and the YAML document it was read from."""

    file: str
    text: str = field(repr=False)
    document: YamlDocument = field(repr=False, compare=False)


def _line_text(source: Source, line: int) -> str:
    lines = source.text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def located(
    source: Source,
    pointer: str,
    code: str,
    message: str | Text,
    *,
    key: bool = False,
    severity: str = "error",
) -> RuleError:
    positions = source.document.key_positions if key else source.document.positions
    position = positions.get(pointer)
    if position is None:
        position = source.document.positions.get(pointer)
    while position is None and pointer:
        pointer = pointer.rsplit("/", 1)[0]
        position = source.document.positions.get(pointer)
    if position is None:
        return RuleError(code, message, file=source.file, severity=severity)
    return RuleError(
        code,
        message,
        file=source.file,
        line=position.line,
        col=position.col,
        excerpt=_line_text(source, position.line),
        severity=severity,
    )


def expression_error(
    source: Source, pointer: str, error: ExpressionError, severity: str = "error"
) -> RuleError:
    """Map an error inside an expression to its line and column in the YAML file."""
    position = source.document.positions.get(pointer)
    style = source.document.styles.get(pointer, "")
    if position is not None:
        mapped = _map_into_file(source, position, style, error)
        if mapped is not None:
            line, col = mapped
            return RuleError(
                error.code,
                error.message,
                file=source.file,
                line=line,
                col=col,
                length=error.end - error.start,
                excerpt=_line_text(source, line),
                severity=severity,
            )
    # The scalar's text does not match the expression character for character
    # (escapes, folding): point at the scalar and show the expression's own caret.
    at_scalar = located(source, pointer, error.code, error.message, severity=severity)
    at_scalar.detail = error.describe().split("\n", 1)[1]
    return at_scalar


def _map_into_file(
    source: Source, position: Position, style: str, error: ExpressionError
) -> tuple[int, int] | None:
    """The file line and column of the expression character ``error.start``, if it can be told."""
    places = _char_positions(source, position, style)
    text = error.source
    if len(places) < len(text.rstrip("\n")):
        return None
    if error.start >= len(text) and places:
        # "the expression ends too early": the caret goes just after the last character
        last = next((p for p in reversed(places[: len(text)]) if p is not None), None)
        return (last.line, last.col + 1) if last is not None else None
    # check the walk against the text: escapes aside, each character is where we think
    lines = source.text.splitlines()
    for index, char in enumerate(text[: len(places)]):
        place = places[index]
        if place is None:
            continue
        file_line = lines[place.line - 1] if place.line <= len(lines) else ""
        found = file_line[place.col - 1] if place.col - 1 < len(file_line) else "\n"
        if found != char and not (char in " \n" and found in " \n"):
            return None
    target = places[error.start]
    if target is None:
        return None
    return target.line, target.col


def _char_positions(source: Source, position: Position, style: str) -> list[Position | None]:
    """Where each character of a scalar's value stands in the file (``None``: an escape).

    Follows YAML's rules: quoted scalars (escapes, ``''``, folded line breaks),
    plain scalars over several lines, and ``|``/``>`` blocks.
    """
    lines = source.text.splitlines()
    places: list[Position | None] = []
    row, col = position.line - 1, position.col - 1
    if style in ('"', "'"):
        col += 1
        while row < len(lines):
            text = lines[row]
            if col >= len(text):
                row += 1
                if row >= len(lines):
                    break
                nxt = lines[row]
                col = len(nxt) - len(nxt.lstrip(" \t"))
                places.append(Position(row + 1, col + 1))  # a line break folds to a space
                continue
            char = text[col]
            if char == style and not (style == "'" and text[col + 1 : col + 2] == "'"):
                break
            if style == '"' and char == "\\":
                code = text[col + 1 : col + 2]
                places.append(None)  # an escape: two or more characters in the file make one
                col += {"u": 6, "x": 4, "U": 10}.get(code, 2)
                continue
            places.append(Position(row + 1, col + 1))
            col += 2 if (style == "'" and char == "'") else 1
        return places
    if style in ("|", ">"):
        body_rows = range(row + 1, len(lines))
        indent = None
        for r in body_rows:
            if lines[r].strip():
                indent = len(lines[r]) - len(lines[r].lstrip(" "))
                break
        if indent is None:
            return places
        for r in body_rows:
            text = lines[r]
            if text.strip() and len(text) - len(text.lstrip(" ")) < indent:
                break
            places.extend(Position(r + 1, c + 1) for c in range(indent, len(text)))
            places.append(Position(r + 1, len(text) + 1))  # the line break (or folded space)
        return places
    # a plain scalar, possibly over several lines: breaks fold to spaces
    key_line = lines[row] if row < len(lines) else ""
    key_indent = len(key_line) - len(key_line.lstrip(" "))
    first = True
    while row < len(lines):
        text = lines[row]
        if not first:
            stripped = text.lstrip(" \t")
            if not stripped or len(text) - len(stripped) <= key_indent:
                break
            col = len(text) - len(stripped)
            places.append(Position(row + 1, col + 1))
        end = len(text.split(" #", 1)[0].rstrip())
        places.extend(Position(row + 1, c + 1) for c in range(col, end))
        first = False
        row += 1
    return places
