"""Message and path templates: text with ``{expression}`` placeholders.

``{expr}`` is a placeholder; ``{{`` and ``}}`` are literal braces. A placeholder
may end with a format after a colon, as in Python: ``{budget - spent:money}``
(``number``, ``percent``, ``money``: :func:`evallint.messages.formatted`). The
loader compiles each placeholder as an expression of the rule (and maps its
errors into the rule file); the engine fills them in for each finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from evallint.messages import FORMATS


class TemplateError(ValueError):
    """A message template that does not parse; ``offset`` is where, in characters."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


Placeholder = tuple[int, str, str | None]
"""Where a placeholder's expression starts (in characters), the expression, its format."""


def split_template(template: str) -> list[str | Placeholder]:
    """Split a message template into text and ``(offset, expression, format)`` placeholders.

    ``{expr}`` is a placeholder; ``{{`` and ``}}`` are literal braces. Inside a
    placeholder, braces and colons within quoted strings (a regular expression's
    ``{0,20}``) do not end it.
    """
    parts: list[str | Placeholder] = []
    text: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "{" and template[index : index + 2] == "{{":
            text.append("{")
            index += 2
            continue
        if char == "}" and template[index : index + 2] == "}}":
            text.append("}")
            index += 2
            continue
        if char == "}":
            raise TemplateError("a lone '}' : write '}}' for a brace", index)
        if char == "{":
            end = _placeholder_end(template, index + 1)
            if end < 0:
                raise TemplateError("the placeholder is not closed with '}'", index)
            if text:
                parts.append("".join(text))
                text = []
            expression, form = _format_of(template, index + 1, end)
            if not expression.strip():
                raise TemplateError("an empty placeholder {}: put an expression inside", index)
            parts.append((index + 1, expression, form))
            index = end + 1
            continue
        text.append(char)
        index += 1
    if text:
        parts.append("".join(text))
    return parts


def _format_of(template: str, start: int, end: int) -> tuple[str, str | None]:
    """The expression of the placeholder ``template[start:end]`` and the format it names
    after its last colon outside quotes (the language itself has no colon)."""
    colon = _outside_quotes(template, start, end, ":")
    if colon < 0:
        return template[start:end], None
    form = template[colon + 1 : end].strip()
    if form not in FORMATS:
        choices = ", ".join(FORMATS)
        raise TemplateError(f"unknown format {form!r} after ':' (one of {choices})", colon + 1)
    return template[start:colon], form


def _outside_quotes(template: str, start: int, end: int, wanted: str) -> int:
    """The index of the last ``wanted`` character outside quotes in ``template[start:end]``."""
    found = -1
    for index in _unquoted(template, start, end):
        if template[index] == wanted:
            found = index
    return found


def _placeholder_end(template: str, start: int) -> int:
    """The index of the ``}`` that closes a placeholder opened before ``start``, or -1."""
    return next((i for i in _unquoted(template, start, len(template)) if template[i] == "}"), -1)


def _unquoted(template: str, start: int, end: int) -> Iterator[int]:
    """The indices of ``template[start:end]`` outside quoted strings (a backslash escapes)."""
    quote, index = "", start
    while index < end:
        char = template[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in ("'", '"'):
            quote = char
        else:
            yield index
        index += 1
