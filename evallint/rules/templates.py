"""Message and path templates: text with ``{expression}`` placeholders.

``{expr}`` is a placeholder; ``{{`` and ``}}`` are literal braces. The loader
compiles each placeholder as an expression of the rule (and maps its errors
into the rule file); the engine fills them in for each finding.
"""

from __future__ import annotations


class TemplateError(ValueError):
    """A message template that does not parse; ``offset`` is where, in characters."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def split_template(template: str) -> list[str | tuple[int, str]]:
    """Split a message template into text and ``(offset, expression)`` placeholders.

    ``{expr}`` is a placeholder; ``{{`` and ``}}`` are literal braces. Inside a
    placeholder, braces within quoted strings (a regular expression's ``{0,20}``)
    do not end it.
    """
    parts: list[str | tuple[int, str]] = []
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
            expression = template[index + 1 : end]
            if not expression.strip():
                raise TemplateError("an empty placeholder {}: put an expression inside", index)
            parts.append((index + 1, expression))
            index = end + 1
            continue
        text.append(char)
        index += 1
    if text:
        parts.append("".join(text))
    return parts


def _placeholder_end(template: str, start: int) -> int:
    """The index of the ``}`` that closes a placeholder opened before ``start``, or -1."""
    quote = ""
    index = start
    while index < len(template):
        char = template[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in ("'", '"'):
            quote = char
        elif char == "}":
            return index
        index += 1
    return -1
