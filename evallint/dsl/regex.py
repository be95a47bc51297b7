"""Regular expressions a rule may use: ones whose work stays bounded on any cell or paragraph.

Python's ``re`` backtracks, so a pattern is accepted only in a shape whose work
this module can bound (:func:`regex_problem`, when the rule loads), and each
use is paid for from the rule's work budget by what that bound says about the
text at hand (:func:`regex_steps`, when it runs on :data:`~evallint.limits.MAX_MATCH_TEXT`
characters at most). A pattern is refused when it has:

* a back-reference or a conditional group (``\\1``, ``(?(1)a|b)``);
* a repeated part that itself repeats or has alternatives (``(a+)+``, ``(a|ab)*``),
  anywhere — inside a lookaround too (``(?=(.+)+Q)``);
* more than one unbounded repetition (``a*a*b``: polynomial in the text);
* choices that multiply past :data:`~evallint.limits.MAX_REGEX_FAN`: the ways its
  bounded repetitions, optional parts and alternatives (other than distinct words)
  can match at one place, multiplied together (``.{0,99}.{0,99}.{0,99}``, ``a?a?a?…``);
* a construct this analysis does not know.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evallint.limits import MAX_REGEX_FAN, MAX_REGEX_LENGTH

if TYPE_CHECKING:
    import sre_parse
else:  # the stdlib's own regex parser, to inspect patterns (sre_parse is deprecated)
    import re._parser as sre_parse

_REPEATS = frozenset(
    {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}
)
_LONG_REPEAT = 100
"""A repetition allowing more than this many times counts as unbounded."""
_ONE_CHARACTER = frozenset(
    {sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.ANY, sre_parse.IN, sre_parse.AT}
)
_GROUPS = frozenset(
    {sre_parse.SUBPATTERN, sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.ATOMIC_GROUP}
)
_KNOWN = _ONE_CHARACTER | _GROUPS | _REPEATS | {sre_parse.BRANCH}

# What one step of the rule's work budget (about a microsecond) buys of the regex
# engine's own work, in the units of the estimates of regex_steps: it is C code.
_CHARACTERS_PER_STEP = 8
_CHOICES_PER_STEP = 50
_REACH_PER_STEP = 50


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used in a rule, or ``None`` when it can."""
    if len(pattern) > MAX_REGEX_LENGTH:
        return f"the pattern is longer than {MAX_REGEX_LENGTH} characters"
    try:
        parsed = sre_parse.parse(pattern)
        re.compile(pattern)
    except re.error as error:
        return f"not a valid regular expression: {error}"
    except (RecursionError, OverflowError, ValueError):
        return "the pattern nests too deeply to be checked"
    return _regex_risk(parsed.data)


@dataclass(frozen=True, slots=True)
class RegexCost:
    """What bounds the work of an accepted pattern on a text, from its shape.

    ``anchored``: it can only match at the start (``^…`` or ``\\A…``); ``first``: the
    characters a match can begin with (``None``: it may begin anywhere); ``fan``: the ways
    its bounded choices can match at one place; ``reach``: the runs of characters its one
    unbounded repetition can take (a character class, repeated), ``reaches_anything``
    when that repetition can take any text; neither when it has none.
    """

    anchored: bool
    first: re.Pattern[str] | None
    fan: int
    reach: re.Pattern[str] | None
    reaches_anything: bool = False


@functools.lru_cache(maxsize=512)
def regex_cost(pattern: str) -> RegexCost:
    """The :class:`RegexCost` of an accepted ``pattern`` (the same pattern, the same cost)."""
    parsed = sre_parse.parse(pattern)
    flags = parsed.state.flags
    multiline = bool(flags & re.MULTILINE)
    items = list(parsed.data)
    head: Any = items[0] if items else None
    anchored = head == (sre_parse.AT, sre_parse.AT_BEGINNING_STRING) or (
        head == (sre_parse.AT, sre_parse.AT_BEGINNING) and not multiline
    )
    first_class = _first_class(items, flags)
    # case-blind: a superset of the places a match may begin, whatever flags a group sets
    first = None if first_class is None else re.compile(first_class, re.IGNORECASE)
    unbounded = _unbounded(items, flags)
    if unbounded is None:
        return RegexCost(anchored, first, _fan(items), None)
    sub, sub_flags = unbounded
    reach = _run_pattern(sub, sub_flags)
    return RegexCost(anchored, first, _fan(items), reach, reaches_anything=reach is None)


def regex_steps(cost: RegexCost, text: str) -> int:
    """The work budget one search of a pattern of ``cost`` in ``text`` is paid with.

    A bound, not a measure: the characters looked at; every way the bounded choices can
    match at every place a match may begin (a place whose character can begin one); and
    every stretch of text the one unbounded repetition can take from those places — within
    the runs of characters it can match (``[^。]*?`` reaches to the end of a sentence).
    """
    length = len(text)
    if cost.anchored:
        starts = 1
    elif cost.first is not None:
        starts = sum(1 for _ in cost.first.finditer(text))
    else:
        starts = length + 1
    steps = 1 + length // _CHARACTERS_PER_STEP + starts * cost.fan // _CHOICES_PER_STEP
    if cost.reaches_anything:
        runs = [length]
    elif cost.reach is not None:
        runs = [match.end() - match.start() for match in cost.reach.finditer(text)]
    else:
        return steps
    longest = max(runs, default=0)
    reach = min(starts * longest, sum(n * (n + 1) // 2 for n in runs))
    return steps + reach // _REACH_PER_STEP


def _regex_risk(items: Any) -> str | None:
    """Why a pattern could backtrack for too long, or ``None``.

    Python's ``re`` backtracks, so a pattern is accepted only in a shape whose
    work stays small on a cell or a paragraph: no back-references or conditional
    groups, nothing repeated that itself repeats or has alternatives (``(a+)+``,
    ``(a|ab)*``), at most one long or unbounded repetition (``a*a*a*b`` is
    polynomial; write ``.{0,20}`` where a bound will do), and not too many
    choices one after another. Lookarounds are checked as the rest.
    """
    unbounded = 0
    for op, value in _flatten(items):
        if op not in _KNOWN:
            if op in (sre_parse.GROUPREF, getattr(sre_parse, "GROUPREF_IGNORE", None)):
                return "back-references (\\1) are not allowed"
            if op == sre_parse.GROUPREF_EXISTS:
                return "conditional groups (`(?(1)a|b)`) are not allowed"
            return (
                f"the construct {op} cannot be checked for its cost; write the pattern without it"
            )
        if op in _REPEATS:
            _low, high, sub = value
            many = high == sre_parse.MAXREPEAT or high > _LONG_REPEAT
            if high > 1 and _has_choice_or_repeat(sub):
                return (
                    "a repeated part that itself repeats or has alternatives "
                    "(such as `(a+)+` or `(a|ab)*`) can take forever; rewrite it without"
                )
            if many:
                unbounded += 1
    if unbounded > 1:
        return (
            "more than one unbounded repetition (`*`, `+`, `{n,}`) can take very long on a long "
            "text; keep one and bound the others, e.g. `.{0,20}`"
        )
    if _fan(items) > MAX_REGEX_FAN:
        return (
            f"the pattern can match in more than {MAX_REGEX_FAN} ways at one place (its "
            "bounded repetitions, optional parts and alternatives multiply): that takes very "
            "long on a long text; use fewer, or narrower ones (`.{0,20}` rather than `.{0,99}`)"
        )
    return None


def _children(op: Any, value: Any) -> list[Any]:
    """The sub-patterns of one item (those of a group, a repetition, a lookaround, a choice)."""
    if op in _REPEATS:
        return [value[2]]
    if op == sre_parse.SUBPATTERN:
        return [value[-1]]
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
        return [value[1]]
    if op == sre_parse.ATOMIC_GROUP:
        return [value]
    if op == sre_parse.BRANCH:
        return list(value[1])
    if op == sre_parse.GROUPREF_EXISTS:
        return [branch for branch in value[1:] if branch is not None]
    return []


def _flatten(items: Any) -> Iterator[tuple[Any, Any]]:
    """Every item of a pattern, at any depth, lookarounds included (iteratively)."""
    stack = [iter(items)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        op, value = item
        yield op, value
        stack.extend(iter(child) for child in _children(op, value))


def _has_choice_or_repeat(items: Any) -> bool:
    for op, value in _flatten(items):
        if op == sre_parse.BRANCH or (op in _REPEATS and value[1] > 1):
            return True
    return False


def _fan(items: Any) -> int:
    """The ways a sequence can match at one place: the product of its choices' ways."""
    total = 1
    for op, value in items:
        total *= _item_fan(op, value)
        if total > MAX_REGEX_FAN * MAX_REGEX_FAN:
            return total  # far beyond the limit already: no need to count on
    return total


def _item_fan(op: Any, value: Any) -> int:
    if op in _REPEATS:
        low, high, sub = value
        inner = _fan(sub)
        if high == sre_parse.MAXREPEAT or high > _LONG_REPEAT:
            return inner  # the unbounded one: paid for by its reach (regex_steps)
        if high <= 1:
            return (1 if low == 0 else 0) + inner
        return int(high - low + 1) * inner
    if op == sre_parse.BRANCH:
        branches = value[1]
        if _distinct_words(branches):
            return 1  # at most one of them matches at any place
        return sum(_fan(branch) for branch in branches)
    children = _children(op, value)
    return _fan(children[0]) if children else 1


def _distinct_words(branches: Any) -> bool:
    """Whether the alternatives are plain words none of which begins another."""
    words = []
    for branch in branches:
        if not all(op == sre_parse.LITERAL for op, _value in branch):
            return False
        words.append("".join(chr(value) for _op, value in branch))
    return not any(a != b and b.startswith(a) for a in words for b in words) and len(
        set(words)
    ) == len(words)


def _unbounded(items: Any, flags: int) -> tuple[Any, int] | None:
    """The item the one unbounded repetition repeats, with the flags in force there."""
    stack: list[tuple[Any, int]] = [(items, flags)]
    while stack:
        sequence, in_force = stack.pop()
        for op, value in sequence:
            if op in _REPEATS:
                _low, high, sub = value
                if high == sre_parse.MAXREPEAT or high > _LONG_REPEAT:
                    return sub, in_force
            local = in_force
            if op == sre_parse.SUBPATTERN:
                local = (in_force | value[1]) & ~value[2]
            stack.extend((child, local) for child in _children(op, value))
    return None


def _first_class(items: Any, flags: int) -> str | None:
    """A character class of the characters a match can begin with, or ``None`` when it can
    begin with any (``.``, a negated class, an empty match) or this cannot tell."""
    parts: list[str] = []
    for op, value in items:
        first, empty = _item_first(op, value, flags)
        if first is None:
            return None
        parts.extend(first)
        if not empty:
            return "[" + "".join(parts) + "]" if parts else None
    return None  # the whole pattern may match the empty text: at any place


def _item_first(op: Any, value: Any, flags: int) -> tuple[list[str] | None, bool]:
    """The class members one item can begin with (``None``: any), and whether it may match
    the empty text."""
    if op == sre_parse.LITERAL:
        return [re.escape(chr(value))], False
    if op == sre_parse.IN:
        return _class_members(value), False
    if op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT):
        return [], True  # matches no character: what follows begins the match
    if op in _REPEATS:
        low, _high, sub = value
        inner = _sequence_first(sub, flags)
        return inner[0], inner[1] or low == 0
    if op == sre_parse.SUBPATTERN:
        return _sequence_first(value[-1], (flags | value[1]) & ~value[2])
    if op == sre_parse.ATOMIC_GROUP:
        return _sequence_first(value, flags)
    if op == sre_parse.BRANCH:
        members: list[str] = []
        empty = False
        for branch in value[1]:
            begins, branch_empty = _sequence_first(branch, flags)
            if begins is None:
                return None, True
            members.extend(begins)
            empty = empty or branch_empty
        return members, empty
    return None, True  # `.`, a negated literal: any character


def _sequence_first(items: Any, flags: int) -> tuple[list[str] | None, bool]:
    members: list[str] = []
    for op, value in items:
        first, empty = _item_first(op, value, flags)
        if first is None:
            return None, True
        members.extend(first)
        if not empty:
            return members, False
    return members, True


def _class_members(members: Any) -> list[str] | None:
    """The members of a character class as class source, ``None`` for a negated one."""
    source = _class_source(members)
    if source is None or source.startswith("[^"):
        return None
    return [source[1:-1]]


def _run_flags(flags: int) -> int:
    return flags & (re.IGNORECASE | re.DOTALL)


_CATEGORIES = {
    sre_parse.CATEGORY_DIGIT: r"\d",
    sre_parse.CATEGORY_NOT_DIGIT: r"\D",
    sre_parse.CATEGORY_SPACE: r"\s",
    sre_parse.CATEGORY_NOT_SPACE: r"\S",
    sre_parse.CATEGORY_WORD: r"\w",
    sre_parse.CATEGORY_NOT_WORD: r"\W",
}


def _run_pattern(sub: Any, flags: int) -> re.Pattern[str] | None:
    """A pattern for the runs of characters a repetition of ``sub`` can take, when ``sub``
    is one character (a literal, ``.``, a class); ``None`` when it is more than one."""
    items = list(sub)
    while len(items) == 1 and items[0][0] == sre_parse.SUBPATTERN:
        _group, add, remove, inner = items[0][1]
        flags = (flags | add) & ~remove
        items = list(inner)
    if len(items) != 1:
        return None
    op, value = items[0]
    source: str | None
    if op == sre_parse.LITERAL:
        source = re.escape(chr(value))
    elif op == sre_parse.NOT_LITERAL:
        source = f"[^{re.escape(chr(value))}]"
    elif op == sre_parse.ANY:
        source = "."
    elif op == sre_parse.IN:
        source = _class_source(value)
    else:
        source = None
    if source is None:
        return None
    return re.compile(f"(?:{source})+", _run_flags(flags))


def _class_source(members: Any) -> str | None:
    parts = []
    for op, value in members:
        if op == sre_parse.NEGATE:
            parts.append("^")
        elif op == sre_parse.LITERAL:
            parts.append(re.escape(chr(value)))
        elif op == sre_parse.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op == sre_parse.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        else:
            return None
    return "[" + "".join(parts) + "]"
