"""Batches: folders of reports with FIFOs, sockets, symlink loops, dangling links, folders named
``*.json``, unreadable folders, empty ``.jsonl`` files and GBK bytes among them, checked through
the command line (``python -m evallint check`` in a subprocess) or through the API.

A :class:`BatchCase` is the folder's entries, how they are named on the command line, the
output format, the number of worker processes, and what comes on standard input.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from tests.fuzz.strategies.files import Content, Special
from tests.fuzz.strategies.raw import broken_reports, jsonl_batches
from tests.fuzz.strategies.reports import FORMATS, TEXT_FORMS, report_cases
from tests.fuzz.strategies.values import ShortRepr

SPECIALS: dict[str, Content] = {
    "fifo.json": Special("fifo"),
    "socket.json": Special("socket"),
    "loop.json": Special("symlink", "loop.json"),
    "dangling.yaml": Special("symlink", "missing.yaml"),
    "folder.json": Special("dir"),
    "closed": Special("unreadable"),
    "cycle": Special("symlink", "."),
    "empty.jsonl": b"",
    "blank.jsonl": b" \n\t\n\r\n",
    "gbk.jsonl": '{"project": "执行率", "year": 2022}\n'.encode("gbk"),
    "zero.json": Special("symlink", "/dev/zero"),
    "huge.json": Special("sparse", size=11 * 1024 * 1024),
    ".hidden.json": b"{",
    "~$lock.xlsx": b"not an office file",
    "notes.txt": b"not a report",
}
"""Entries no folder of reports should have, and each must be accounted for or left out."""

EXTRAS = ("", "", "", "-o /dev/full", "--baseline deep.json", "--rules broken.yaml")
"""Command-line options that fail on their own: a full disk, a baseline of 100,000 ``[``, a
broken rule file."""


@dataclass(frozen=True, slots=True, repr=False)
class BatchCase(ShortRepr):
    """A folder of inputs and how they are checked."""

    entries: tuple[tuple[str, Content], ...]
    via: str = "cli"  # "cli" (a subprocess) or "api" (expand and run_batch in the process)
    naming: str = "folder"  # "folder", "files" (each entry named), "glob"
    output: str = "json"
    jobs: int = 1
    stdin: bytes | None = None
    extra: str = ""


@st.composite
def _report_entry(draw: st.DrawFn, index: int) -> tuple[str, Content]:
    kind = draw(st.sampled_from(("json", "yaml", "jsonl", "broken")))
    if kind == "jsonl":
        return f"batch{index}.jsonl", draw(jsonl_batches())
    if kind == "broken":
        raw, suffix = draw(broken_reports())
        return f"broken{index}{suffix}", raw
    case = draw(report_cases(TEXT_FORMS))
    suffix = ".yaml" if case.syntax == "yaml" else ".json"
    return f"report{index}{suffix}", case.raw()


@st.composite
def batch_cases(draw: st.DrawFn) -> BatchCase:
    entries = [draw(_report_entry(index)) for index in range(draw(st.integers(0, 4)))]
    specials = draw(st.lists(st.sampled_from(sorted(SPECIALS)), max_size=4, unique=True))
    entries.extend((name, SPECIALS[name]) for name in specials)
    if draw(st.booleans()):
        entries.append(("sub/inner.json", b'{"project": "x", "year": 2022}'))
    via = draw(st.sampled_from(("cli", "cli", "api")))
    stdin = draw(st.one_of(st.none(), report_cases(TEXT_FORMS).map(lambda c: c.raw())))
    return BatchCase(
        entries=tuple(entries),
        via=via,
        naming=draw(st.sampled_from(("folder", "files", "glob"))),
        output=draw(st.sampled_from(("json", "json", *FORMATS))),
        jobs=draw(st.sampled_from((1, 1, 2))),
        stdin=stdin if via == "cli" else None,
        extra=draw(st.sampled_from(EXTRAS)) if via == "cli" else "",
    )
