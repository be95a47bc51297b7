"""PyYAML's syntax errors told as a person would: what is wrong, at the line to fix.

PyYAML speaks of its own machinery ("mapping values are not allowed here",
"expected <block end>, but found '<block mapping start>'") and often points one
line late: a key indented one space too far is only noticed at the next key.
:func:`explain` reads the text around the place and says which of the usual
slips it is — a key out of line with its siblings, ``: `` inside a value, a
tab, a quote or bracket left open, a value starting with a character YAML
reserves — as a catalogue message (zh/en) and the line and column to fix.
Anything else keeps PyYAML's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from math import gcd

from evallint.errors import Text

_KEY = re.compile(r"^(\s*)(- )?([^\s:#][^:#]*?):(\s|$)")


@dataclass(frozen=True, slots=True)
class Explained:
    """A syntax problem in words, and where it is (1-based line and column)."""

    text: Text
    line: int
    col: int


def explain(source: str, problem: str, context: str | None, line: int, col: int) -> Explained:
    """What PyYAML's ``problem`` (with its ``context``) at ``line``:``col`` means in ``source``."""
    lines = source.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "'\\t'" in problem or "\t" in here[: len(here) - len(here.lstrip())]:
        tab = next((n for n, text in enumerate(lines, 1) if "\t" in _indent(text)), line)
        return Explained(Text("yaml:tab"), tab, 1)
    if "found unexpected end of stream" in problem and context and "quoted scalar" in context:
        start = _started(context) or (line, col)
        return Explained(Text("yaml:unclosed-quote"), *start)
    if context and "flow sequence" in context and "expected ',' or ']'" in problem:
        start = _started(context) or (line, col)
        return Explained(Text("yaml:unclosed-bracket", {"bracket": "["}), *start)
    if context and "flow mapping" in context and "expected ',' or '}'" in problem:
        start = _started(context) or (line, col)
        return Explained(Text("yaml:unclosed-bracket", {"bracket": "{"}), *start)
    if "cannot start any token" in problem:
        char = _quoted_char(problem) or here[col - 1 : col]
        return Explained(Text("yaml:reserved-start", {"char": char}), line, col)
    if "mapping values are not allowed here" in problem:
        return _misplaced_colon(lines, line, col)
    if "expected <block end>" in problem:
        return _out_of_line(lines, line)
    return Explained(Text("yaml:other", {"problem": _joined(problem, context)}), line, col)


def _misplaced_colon(lines: list[str], line: int, col: int) -> Explained:
    """A ``:`` PyYAML did not expect: a key indented too far, or ``: `` inside a value."""
    here = lines[line - 1]
    previous = _previous_key(lines, line)
    key = _KEY.match(here)
    if key and previous is not None and len(key.group(1)) > previous[1]:
        # The key of this line is indented more than the key above it: one of the two
        # lines is out of line. The one whose indent breaks the file's step is the slip.
        above, above_indent = previous
        indent = len(key.group(1))
        step = _step(lines, skip={above, line})
        wrong = above if step and above_indent % step and not indent % step else line
        return Explained(
            Text("yaml:key-out-of-line", {"line": above if wrong == line else line}),
            wrong,
            len(_indent(lines[wrong - 1])) + 1,
        )
    return Explained(Text("yaml:colon-in-value"), line, col)


def _out_of_line(lines: list[str], line: int) -> Explained:
    """A line indented less than its siblings but more than its parent."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    spaces = len(_indent(here))
    return Explained(Text("yaml:indent", {"spaces": spaces}), line, spaces + 1)


def _previous_key(lines: list[str], line: int) -> tuple[int, int] | None:
    """The line number and indent of the nearest key above ``line``."""
    for number in range(line - 1, 0, -1):
        match = _KEY.match(lines[number - 1])
        if match:
            indent = len(match.group(1)) + (2 if match.group(2) else 0)
            return number, indent
    return None


def _step(lines: list[str], skip: set[int]) -> int:
    """The file's indentation step: the greatest common divisor of the other lines' indents."""
    indents = [
        len(_indent(text))
        for number, text in enumerate(lines, 1)
        if number not in skip and text.strip() and _indent(text)
    ]
    return reduce(gcd, indents, 0)


def _indent(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _started(context: str) -> tuple[int, int] | None:
    match = re.search(r"line (\d+), column (\d+)", context)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _quoted_char(problem: str) -> str | None:
    match = re.search(r"found character '(.+?)' that", problem)
    return match.group(1) if match else None


def _joined(problem: str, context: str | None) -> str:
    return f"{context}: {problem}" if context else problem
