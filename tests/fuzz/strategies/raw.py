"""Raw report files: the bytes of a JSON, YAML or JSON Lines report, mutated (bytes inserted,
cut, repeated), in other encodings, or replaced by a bomb (deep nesting, YAML aliases).

A :class:`RawCase` is the bytes and the suffix of the file that holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from tests.fuzz.strategies.reports import FORMATS, JSON_FORMS, YAML_FORMS, report_cases
from tests.fuzz.strategies.values import ShortRepr

INSERTS = (
    b"\xff",
    b"\xed\xa0\x80",  # a surrogate in CESU-8: not UTF-8
    b"\x00",
    b"\xef\xbb\xbf",  # a BOM in the middle
    "执行率".encode("gbk"),
    "项目".encode("gb18030"),
    b"1e9999999999",
    b"1e999999999",
    b"NaN",
    b"-Infinity",
    b"\\ud800",
    b'"\\udfff"',
    b"{",
    b"[",
    b"}",
    b"]",
    b'"',
    b",",
    b":",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b"!!python/object/apply:builtins.exit [97]",
    b"!!int abc",
    b"&a ",
    b"*a",
    b"1:2:3",
    b'"format": "evallint.report/9"',
    b'"project": ' + b'"' + b"A" * 100_000 + b'"',
    b"9" * 5000,
)
"""Bytes a careless tool or a hostile hand puts in a file."""

BOMBS = (
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"- " * 100_000 + b"x\n",
    b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    + b"".join(
        b"%c: &%c [" % (98 + n, 98 + n) + b", ".join([b"*%c" % (97 + n)] * 9) + b"]\n"
        for n in range(8)
    ),
    b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    b"",
    b"\xef\xbb\xbf",
    b"   \n\t ",
    b"null",
    b"[1, 2]",
    b'"just a string"',
    b"\xff\xfe{\x00}\x00",
    b"1e9999999999999999999999",
    b"project: x\nyear: 1e999999999\n",
    b'{"project": "x", "project": "y"}',
    b"--- !!python/object/apply:builtins.exit [97]\n",
)
"""Whole files that are attacks in themselves."""

SUFFIXES = (".json", ".yaml", ".yml", ".jsonl")


@st.composite
def _mutated(draw: st.DrawFn, raw: bytes) -> bytes:
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        action = draw(st.sampled_from(("insert", "insert", "delete", "repeat", "truncate")))
        if action == "insert":
            raw = raw[:at] + draw(st.sampled_from(INSERTS)) + raw[at:]
        elif action == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(min_value=1, max_value=20)) :]
        elif action == "repeat":
            end = at + draw(st.integers(min_value=1, max_value=40))
            raw = (
                raw[:end] + raw[at:end] * draw(st.integers(min_value=2, max_value=200)) + raw[end:]
            )
        else:
            raw = raw[:at]
    return raw


@st.composite
def jsonl_batches(draw: st.DrawFn) -> bytes:
    """A ``.jsonl`` batch: reports one per line, some lines broken, blank or not UTF-8."""
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        case = draw(report_cases(JSON_FORMS))
        line = case.raw().replace(b"\n", b" ")
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            line = draw(_mutated(line)).replace(b"\n", b" ")
        lines.append(line)
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from((b"", b"  ", b"\r"))))
    return draw(st.sampled_from((b"\n", b"\r\n"))).join(lines) + draw(st.sampled_from((b"", b"\n")))


@st.composite
def broken_reports(draw: st.DrawFn) -> tuple[bytes, str]:
    """A report file's bytes, mutated or replaced by a bomb, and its suffix."""
    suffix = draw(st.sampled_from(SUFFIXES))
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        return draw(st.sampled_from(BOMBS)), suffix
    if suffix == ".jsonl":
        return draw(jsonl_batches()), suffix
    case = draw(report_cases(YAML_FORMS if suffix != ".json" else JSON_FORMS))
    raw = case.raw()
    return (draw(_mutated(raw)) if draw(st.booleans()) else raw), suffix


@dataclass(frozen=True, slots=True, repr=False)
class RawCase(ShortRepr):
    """A file's bytes and suffix, read with ``load_reports``, and the outputs to render."""

    raw: bytes
    suffix: str
    lang: str = "zh"
    output: str = "json"


@st.composite
def raw_cases(draw: st.DrawFn) -> RawCase:
    raw, suffix = draw(broken_reports())
    return RawCase(raw, suffix, draw(st.sampled_from(("zh", "en"))), draw(st.sampled_from(FORMATS)))
