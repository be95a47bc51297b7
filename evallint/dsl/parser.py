"""Parse expression text into the AST, with errors a rule author can act on.

The LALR parser is built from ``grammar.lark`` once per process, when an
expression first needs parsing; its tables are kept in evallint's cache
folder (:mod:`evallint.cache`), so later processes load them instead of
building them again (~0.5 s). lark is imported only then: a run of the
built-in packs from a warm pack cache parses nothing and never imports it.

lark's errors speak of terminals (``RPAR``, ``$END``); here they become words:
what was expected, where, and for common slips (``=`` for ``==``, ``&&``,
full-width punctuation typed with a Chinese input method) what to write instead.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from evallint import cache
from evallint._files import package_file
from evallint.dsl import ast
from evallint.errors import ExpressionError

if TYPE_CHECKING:
    from lark import Lark, Token, Tree
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

MAX_SOURCE_LENGTH = 4000
"""Longest expression accepted, in characters."""

GRAMMAR_FILE = package_file("dsl", "grammar.lark")
_OPTIONS: Mapping[str, Any] = MappingProxyType(
    {"parser": "lalr", "propagate_positions": True, "maybe_placeholders": True}
)


@functools.cache
def lalr_parser(strict: bool = False) -> Lark:
    """The parser, built once per process (``strict``: grammar conflicts are errors)."""
    import lark

    grammar = GRAMMAR_FILE.read_text(encoding="utf-8")
    if strict:
        return lark.Lark(grammar, strict=True, **_OPTIONS)
    entry = cache.entry_name("parser", grammar, lark.__version__, repr(sorted(_OPTIONS.items())))
    entry += ".lalr"
    kept = cache.read_entry(entry)
    if kept is not None:
        try:
            return lark.Lark.load(io.BytesIO(kept))  # our own entry, for this very grammar
        except Exception:  # truncated or damaged: build anew
            pass
    parser = lark.Lark(grammar, **_OPTIONS)
    buffer = io.BytesIO()
    parser.save(buffer)
    cache.write_entry(entry, buffer.getvalue())
    return parser


def parse(source: str, *, strict: bool = False) -> ast.Node:
    """The AST of ``source``; raises :class:`ExpressionError` (``expr-syntax``).

    ``strict`` builds the parser in lark's strict mode (grammar conflicts are
    errors); the tests use it.
    """
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(
            "too-complex",
            f"the expression is {len(source)} characters long; at most {MAX_SOURCE_LENGTH}",
            source,
            MAX_SOURCE_LENGTH,
        )
    if not source.strip():
        raise ExpressionError("expr-syntax", "the expression is empty", source, 0)
    from lark.exceptions import UnexpectedInput, VisitError

    from evallint.dsl.build import AstBuilder

    parser = lalr_parser(strict)
    try:
        tree = parser.parse(source)
    except UnexpectedInput as error:
        raise _friendly(error, source, parser) from None
    except RecursionError:
        raise ExpressionError(
            "too-complex", "the expression is nested too deeply", source, 0
        ) from None
    try:
        node = AstBuilder(source).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, ExpressionError):
            raise error.orig_exc from None
        raise
    except RecursionError:
        raise ExpressionError(
            "too-complex", "the expression is nested too deeply", source, 0
        ) from None
    assert isinstance(node, ast.Node)
    return node


# --- turning lark's errors into words --------------------------------------------

_VALUE_STARTS = frozenset(
    {
        "NAME",
        "NUMBER",
        "PERCENT",
        "STRING",
        "LPAR",
        "LSQB",
        "DOLLAR",
        "AT",
        "CIRCUMFLEX",
        "TRUE",
        "FALSE",
        "NULL",
        "NOT",
        "ADD_OP",
    }
)
_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "NAME": "a field name",
        "NUMBER": "a number",
        "PERCENT": "a percentage",
        "STRING": "a string",
        "$END": "the end of the expression",
        "ADD_OP": "`+` or `-`",
        "MUL_OP": "`*` or `/`",
    }
)

# Friendly labels chosen by the parser state an error happens in (lark's
# match_examples). Each example is a snippet that must get its label; the tests
# check every one.
EXAMPLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "a `(` is not closed: add `)`": ("(a", "(a + b", "f(a", "(a == 1 and b", "f(a,"),
        "a `[` is not closed: add `]`": ("[1, 2", "x[0", "indicators[score > 1"),
        "a value is missing after the operator": (
            "a +",
            "a and",
            "a ==",
            "a implies",
            "not",
            "a * -",
            "a or not",
        ),
        "`if` needs an `else` part: `x if condition else y`": ("a if b", "1 if a == 2"),
        "a field name must follow `.`": ("a.", "a.1", "$.", "a.(b)"),
        "two values in a row: an operator (such as `and`, `==`, `+`) is missing": (
            "a b",
            "1 2",
            "score weight",
            "a == 1 b",
            "f(a) b",
        ),
        "there are no methods: call a function by its name, as `contains(text, word)`": (
            "a.b(c)",
            "x.y.z()",
            "$.f(1)",
        ),
    }
)


def _describe_expected(expected: set[str], parser: Lark) -> str:
    words: list[str] = []
    if expected & _VALUE_STARTS:
        words.append("a value")
    for name in sorted(expected - _VALUE_STARTS):
        if name in _WORDS:
            words.append(_WORDS[name])
            continue
        try:
            pattern = parser.get_terminal(name).pattern.value
        except KeyError:
            continue
        words.append(f"`{pattern}`")
    if not words:
        return "something else"
    if len(words) > 6:
        return ", ".join(words[:6]) + " or another operator"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _friendly(error: UnexpectedInput, source: str, parser: Lark) -> ExpressionError:
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    if isinstance(error, UnexpectedCharacters):
        return _bad_character(error, source)
    assert isinstance(error, UnexpectedToken)
    token = error.token
    label = _label_for(error, parser)
    at_end = token.type == "$END"
    start = len(source.rstrip()) if at_end else (token.start_pos or 0)
    end = start + 1 if at_end else (token.end_pos or start + 1)
    if label is not None:
        message = label
    elif at_end:
        message = (
            "the expression ends too early: expected "
            f"{_describe_expected(set(error.expected), parser)}"
        )
    else:
        message = (
            f"unexpected `{token}`: expected {_describe_expected(set(error.expected), parser)}"
        )
    if at_end and label is not None:
        message = f"the expression ends too early: {label}"
    return ExpressionError("expr-syntax", message, source, start, end)


def _label_for(error: UnexpectedToken, parser: Lark) -> str | None:
    parse_fn: Callable[[str], Tree[Token]] = parser.parse
    try:
        label = error.match_examples(parse_fn, EXAMPLES, use_accepts=True)
    except Exception:
        return None
    return label if isinstance(label, str) else None


_CHARACTER_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "=": "`=` is not a comparison: write `==`",
        "&": "write `and` instead of `&` or `&&`",
        "|": "write `or` instead of `|` or `||`",
        "!": "write `not` (or `!=` for 'not equal')",
        "（": "full-width `（`: write the ASCII `(`",
        "）": "full-width `）`: write the ASCII `)`",
        "，": "full-width `，`: write the ASCII `,`",
        "“": 'curly quote `“`: write a straight quote `"`',
        "”": 'curly quote `”`: write a straight quote `"`',
        "‘": "curly quote `‘`: write a straight quote `'`",
        "’": "curly quote `’`: write a straight quote `'`",
        "：": "full-width `：` is not part of the language",
        "【": "full-width `【`: write the ASCII `[`",
        "】": "full-width `】`: write the ASCII `]`",
        "＝": "full-width `＝`: write `==` to compare",
        "％": "full-width `％`: write the ASCII `%`",
        "＜": "full-width `＜`: write the ASCII `<`",
        "＞": "full-width `＞`: write the ASCII `>`",
        "≥": "write `>=` instead of `≥`",
        "≤": "write `<=` instead of `≤`",
        "≠": "write `!=` instead of `≠`",
        "%": "`%` follows a number directly (`90%`); there is no remainder operator",
    }
)


def _bad_character(error: UnexpectedCharacters, source: str) -> ExpressionError:
    pos = error.pos_in_stream or 0
    char = source[pos] if pos < len(source) else ""
    if char in ("'", '"'):
        message = "a string is not closed: add the closing quote on the same line"
    elif source[pos : pos + 2] in ("=<", "=>"):
        wanted = "<=" if source[pos + 1] == "<" else ">="
        message = f"`{source[pos : pos + 2]}` is not a comparison: write `{wanted}`"
        return ExpressionError("expr-syntax", message, source, pos, pos + 2)
    elif char == "=" and source[pos : pos + 2] != "==":
        message = _CHARACTER_HINTS["="]
    elif char in _CHARACTER_HINTS:
        message = _CHARACTER_HINTS[char]
    elif char.isdigit() and not char.isascii():
        message = f"`{char}` is not an ASCII digit: write numbers with 0-9"
    elif char.isidentifier():
        message = (
            f"`{char}` cannot start a name: names are ASCII letters, digits and `_`; "
            'write other keys as `x["键"]`'
        )
    else:
        message = f"unexpected character `{char}`"
    return ExpressionError("expr-syntax", message, source, pos, pos + 1)
