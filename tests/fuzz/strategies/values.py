"""The adversarial alphabet of issue 16: the numbers, texts and cell values a hostile or a
careless clerk puts in a report, and :class:`Raw`, a token written into report text as is.

Every other strategy draws its leaves from here, so a value added once is tried
everywhere: in cells, in expressions, in rule files, in office files and in batches.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from hypothesis import strategies as st


def short(value: Any, limit: int = 160) -> str:
    """``repr(value)`` cut to ``limit`` characters, saying how long it was: a failing case
    holding a 100,000-character cell still prints on a screen."""
    try:
        text = repr(value)
    except ValueError:  # an int of 4300+ digits, which str() and repr() refuse to write
        return f"<a {type(value).__name__} holding an int too long to write>"
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}...{text[-limit // 4 :]} ({len(text):,} characters)"


class ShortRepr:
    """Dataclass cases print each field with :func:`short`."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={short(getattr(self, name))}"
            for name in self.__dataclass_fields__  # type: ignore[attr-defined]
        )
        return f"{type(self).__name__}({fields})"


@dataclass(frozen=True, slots=True, repr=False)
class Raw(ShortRepr):
    """A token written into JSON or YAML text exactly as it is (``1e9999999999``, ``NaN``,
    ``!!int abc``), and the value the same cell holds when a report is given as a dict."""

    text: str
    value: Any


def _number_value(token: str) -> Any:
    # what a program handing a dict to lint() would hold: the Decimal when there is one
    try:
        return Decimal(token)
    except (InvalidOperation, ValueError):
        return token


# --- numbers -------------------------------------------------------------------------------

HUGE_NUMBERS = (
    "1e9999999999999999999999",  # beyond what Decimal can hold: InvalidOperation
    "1e9999999999",
    "1e999999999",  # formats digit by digit: minutes
    "-1e999999999",
    "1e-999999999",
    "1E400",
    "1e31",
    "1e30",
    "9" * 41,
    "9" * 500,
    "1" + "0" * 5000,  # more digits than int() converts by default
    "0." + "0" * 500 + "1",
    "123456789012345678901234567890.123456789012345",
    "-0",
    "0e-10000",
    "1.0e+0000000000000000000000000000000001",
)
"""JSON number tokens beyond any form's need: exponents, digit counts."""

NON_FINITE = ("NaN", "Infinity", "-Infinity")
"""What Python's json module reads as numbers although JSON has no such thing."""

YAML_SCALARS = (
    "1:2:3",  # sexagesimal in YAML 1.1: 3723
    "190:20:30",
    "0x1F",
    "0o17",
    "0b101",
    "1_000_000",
    ".inf",
    "-.inf",
    ".nan",
    "!!int abc",
    "!!float abc",
    "!!int 1e5",
    "!!int " + "9" * 400,
    "!!float 1e999999999",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "2022-01-01",
    "!!set {a: null}",
    "!!str",
    "yes",
    "off",
    "~",
    "=",
    "!!python/object/apply:builtins.exit [97]",  # exits 97 if the loader is not safe
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!custom 5",
)
"""YAML scalars and tags that are not what they look like."""


# --- texts ---------------------------------------------------------------------------------

LONE_SURROGATES = ("\ud800", "a\udfffb", "\udc80", "项目\udbff")
CONTROLS = ("\x00", "\x1b[31m红\x1b[0m", "\u202e", "\ufeff", "\u200b", "\r", "\u2028", "\x85")
FULL_WIDTH = ("１２３", "９４．５％", "１ｅ９９９", "－５", "≥９０％", "１２３４５６７８９０" * 5)
LONG_TEXTS = (
    "A" * 100_000,
    "9" * 5000,
    "1." + "0" * 10_000,
    "1.2万" * 20_000,
    "执行率94%，" * 10_000,
    "(" * 50_000,
)
"""Texts long enough to show work that grows faster than the text (100k characters)."""

CELL_TEXTS = (
    "",
    " ",
    "　",
    "/",
    "……",
    "（空）",
    "94%",
    "≥90%",
    "1.2万册",
    "完成",
    "约100",
    "90%-95%",
    "不低于 95%",
    "１．２亿元",
    "0.9411",
    "指标1",
    "true",
    "null",
    "[]",
    "{}",
    "%",
    "≥",
    "万元",
    "1e9999999999",
    "NaN",
    "Infinity",
    "-",
    "--1",
    "1..2",
    "1/0",
)
"""Cells as forms hold them, well and badly typed."""

PREFIXES = ("", "", "≥", "≤", ">", "<", "不低于", "约", "－", "+", "　", "达到", "≧")
UNITS = ("", "", "%", "％", "万元", "亿", "万", "个", "册", "元/人", "万元/公里", "天", "‰")


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """A number as text: ordinary, huge, full-width or not quite a number."""
    return draw(
        st.one_of(
            st.sampled_from(HUGE_NUMBERS),
            st.sampled_from(NON_FINITE),
            st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
            st.integers(min_value=-(10**12), max_value=10**12).map(str),
            st.sampled_from(FULL_WIDTH),
        )
    )


@st.composite
def typed_cells(draw: st.DrawFn) -> str:
    """A cell as typed: a prefix, a number, a unit (``≥1e999999999万元``), or a known cell."""
    if draw(st.booleans()):
        return draw(st.sampled_from(CELL_TEXTS))
    return draw(st.sampled_from(PREFIXES)) + draw(numbers()) + draw(st.sampled_from(UNITS))


def texts() -> st.SearchStrategy[str]:
    """Any text a cell may hold, the adversarial ones often."""
    return st.one_of(
        typed_cells(),
        st.sampled_from(LONE_SURROGATES),
        st.sampled_from(CONTROLS),
        st.sampled_from(FULL_WIDTH),
        st.sampled_from(LONG_TEXTS),
        st.text(max_size=30),
        st.lists(st.sampled_from([*CELL_TEXTS, *LONE_SURROGATES, *CONTROLS]), max_size=4).map(
            "".join
        ),
    )


# --- values of a report given as data ------------------------------------------------------

_DEEP_LIST: list[Any] = []
for _ in range(300):
    _DEEP_LIST = [_DEEP_LIST]

PYTHON_VALUES = (
    True,
    False,
    None,
    [],
    {},
    [1, 2],
    {"a": "b"},
    Decimal("NaN"),
    Decimal("-Infinity"),
    Decimal("sNaN"),
    Decimal("1e999999999"),
    Decimal("9" * 100),
    float("nan"),
    float("inf"),
    -0.0,
    1.5,
    10**5000,  # str() of it raises ValueError (the 4300-digit limit)
    _DEEP_LIST,
    b"\xff\xfe",
    {1, 2},
    (1, 2),
    complex(1, 2),
    datetime.date(2022, 1, 1),
    object(),
)
"""Values a program may put in a dict given to ``lint()`` that no JSON file holds."""


def raw_numbers() -> st.SearchStrategy[Raw]:
    """A number token for report text, with its value in a dict."""
    return st.sampled_from(HUGE_NUMBERS + NON_FINITE).map(lambda t: Raw(t, _number_value(t)))


def raw_yaml() -> st.SearchStrategy[Raw]:
    """A YAML-only scalar or tag (only written into YAML text; a plain string in a dict)."""
    return st.sampled_from(YAML_SCALARS).map(lambda t: Raw(t, t))


def cell_values(*, python: bool = True) -> st.SearchStrategy[Any]:
    """Anything that can sit where a report holds a cell."""
    choices = [texts(), raw_numbers(), st.sampled_from([True, False, None, [], {}])]
    if python:
        choices.append(st.sampled_from(PYTHON_VALUES))
    return st.one_of(*choices)


KEYS = ("", "\ud800", "~1/", "a/b", "~", "x" * 10_000, "项目名称", "0", "-1", "__proto__")
"""Keys a report should not have, or not like that."""
