"""Regular expressions a rule may use: ones whose work stays small on any cell or paragraph.

Python's ``re`` backtracks, so a pattern is accepted only in a shape that
cannot take exponential (or steep polynomial) time: no back-references,
nothing repeated that itself repeats or has alternatives, at most one long or
unbounded repetition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sre_parse
else:  # the stdlib's own regex parser, to inspect patterns (sre_parse is deprecated)
    import re._parser as sre_parse

MAX_REGEX_LENGTH = 200
"""Longest regular expression accepted, in characters."""


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used in a rule, or ``None`` when it can."""
    if len(pattern) > MAX_REGEX_LENGTH:
        return f"the pattern is longer than {MAX_REGEX_LENGTH} characters"
    try:
        parsed = sre_parse.parse(pattern)
        re.compile(pattern)
    except re.error as error:
        return f"not a valid regular expression: {error}"
    return _regex_risk(parsed.data)


_REPEATS = frozenset(
    {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}
)
_LONG_REPEAT = 100
"""A repetition allowing more than this many times counts as unbounded."""


def _regex_risk(items: Any) -> str | None:
    """Why a pattern could backtrack for too long, or ``None``.

    Python's ``re`` backtracks, so a pattern is accepted only in a shape whose
    work stays small on a cell or a paragraph: no back-references, nothing
    repeated that itself repeats or has alternatives (``(a+)+``, ``(a|ab)*``),
    and at most one long or unbounded repetition (``a*a*a*b`` is polynomial;
    write ``.{0,20}`` where a bound will do).
    """
    unbounded = 0
    for op, value in _flatten(items):
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return "back-references (\\1) are not allowed"
        if op in _REPEATS:
            _low, high, sub = value
            many = high == sre_parse.MAXREPEAT or high > _LONG_REPEAT
            if high > 1 and _has_choice_or_repeat(sub):
                return (
                    "a repeated part that itself repeats or has alternatives "
                    "(such as `(a+)+` or `(a|b)*`) can take forever; rewrite it without"
                )
            if many:
                unbounded += 1
    if unbounded > 1:
        return (
            "more than one unbounded repetition (`*`, `+`, `{n,}`) can take very long on a long "
            "text; keep one and bound the others, e.g. `.{0,20}`"
        )
    return None


def _flatten(items: Any) -> Iterator[tuple[Any, Any]]:
    for op, value in items:
        yield op, value
        if op in _REPEATS:
            yield from _flatten(value[2])
        elif op == sre_parse.SUBPATTERN:
            yield from _flatten(value[-1])
        elif op == sre_parse.BRANCH:
            for branch in value[1]:
                yield from _flatten(branch)


def _has_choice_or_repeat(items: Any) -> bool:
    for op, value in _flatten(items):
        if op == sre_parse.BRANCH or (op in _REPEATS and value[1] > 1):
            return True
    return False
