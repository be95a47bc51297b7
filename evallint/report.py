"""Load reports: from a path, text, bytes or parsed data, one or a batch.

A :class:`Report` keeps its data exactly as typed (numbers as ``Decimal``,
cells as text) and remembers where it came from, so findings can name the file,
the line of a ``.jsonl`` batch and, on demand, the line of any value.
Anything that is not a report raises :class:`~evallint.errors.ReportError`
with its location; the batch reader yields those errors in place, so one bad
line never hides the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from evallint import sources
from evallint.errors import ReportError, Text
from evallint.office import OFFICE_SUFFIXES
from evallint.sources import JSONValue, Position

MAX_REPORT_BYTES = 10 * 1024 * 1024
"""Largest report accepted, in bytes (per line for ``.jsonl``): a form is a few kilobytes."""

JSON_SUFFIXES = frozenset({".json"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
BATCH_SUFFIXES = frozenset({".jsonl"})
REPORT_SUFFIXES = JSON_SUFFIXES | YAML_SUFFIXES | BATCH_SUFFIXES | OFFICE_SUFFIXES

ReportSource = str | bytes | os.PathLike[str] | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Report:
    """One report: its data, where it came from, and the text it was read from.

    ``file`` is the name of the input (``None`` for data given in memory),
    ``line`` the line of a ``.jsonl`` batch it was on, ``text`` the JSON or
    YAML text (kept so positions can be worked out when an output needs them)
    and ``syntax`` which of the two the text is.
    """

    data: dict[str, Any]
    file: str | None = None
    line: int | None = None
    text: str | None = field(default=None, repr=False)
    syntax: str = "json"
    part: str | None = None
    """Which form of a workbook or document holding several: the cell of its 项目名称."""

    @property
    def name(self) -> str:
        """How to name this report in messages: ``file``, ``file:line``, ``file (Sheet2!B2)``."""
        base = self.file or "<report>"
        if self.part is not None:
            return f"{base} ({self.part})"
        return f"{base}:{self.line}" if self.line is not None else base

    def positions(self) -> dict[str, Position]:
        """Line and column of every value, by JSON Pointer (empty when unknown)."""
        if self.text is None:
            return {}
        if self.syntax == "yaml":
            return sources.parse_yaml(self.text).positions
        found = sources.scan_json_positions(self.text)
        if self.line is None:
            return found
        return {ptr: Position(pos.line + self.line - 1, pos.col) for ptr, pos in found.items()}


def load_report(source: ReportSource) -> Report:
    """Read one report from a path, JSON/YAML text, bytes or a parsed mapping.

    A ``str`` is a path when it names an existing file or ends in a report
    suffix, and JSON/YAML text otherwise. Raises :class:`ReportError` when the
    input cannot be read as a report (its location says where). A ``.jsonl``
    batch holding exactly one report is read as that report; read larger
    batches with :func:`load_reports`.
    """
    if isinstance(source, Mapping):
        return Report(data=_as_report_data(normalise(source)))
    if isinstance(source, bytes):
        return _report_from_text(sources.decode(source), file=None, syntax=_sniff(source))
    if isinstance(source, str) and not _looks_like_path(source):
        return _report_from_text(source, file=None, syntax=_sniff(source))
    path = Path(source)
    results = list(load_reports(path))
    reports = [r for r in results if isinstance(r, Report)]
    errors = [r for r in results if isinstance(r, ReportError)]
    if errors:
        raise errors[0]
    if len(reports) != 1:
        raise ReportError(
            Text("report-jsonl-single", {"file": str(path), "count": len(reports)}),
            file=str(path),
        )
    return reports[0]


def load_reports(source: str | os.PathLike[str]) -> Iterator[Report | ReportError]:
    """Every report in the file at ``source``, in order, each read or failed on its own.

    A ``.json``/``.yaml`` file gives one item; a ``.jsonl`` file one per
    non-empty line, streamed (the file is never held whole in memory). A
    problem is yielded as a :class:`ReportError` in place of that report.
    """
    path = Path(source)
    name = str(source)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        if path.is_dir():
            yield ReportError(Text("report-is-directory"), file=name)
        else:
            unsupported = Text("report-unsupported", {"suffix": suffix or path.name})
            yield ReportError(unsupported, file=name)
        return
    if suffix in OFFICE_SUFFIXES:
        yield from _read_office(path, name)
        return
    try:
        if suffix in BATCH_SUFFIXES:
            yield from _read_batch(path, name)
            return
        size = path.stat().st_size
        if path.is_dir():
            yield ReportError(Text("report-is-directory"), file=name)
            return
        if size > MAX_REPORT_BYTES:
            yield ReportError(
                Text("report-too-large", {"size": size, "limit": MAX_REPORT_BYTES}), file=name
            )
            return
        raw = path.read_bytes()
    except FileNotFoundError:
        yield ReportError(Text("report-not-found"), file=name)
        return
    except IsADirectoryError:
        yield ReportError(Text("report-is-directory"), file=name)
        return
    except OSError as error:
        yield ReportError(Text("report-io", {"reason": error.strerror or str(error)}), file=name)
        return
    syntax = "yaml" if suffix in YAML_SUFFIXES else "json"
    try:
        yield _report_from_text(sources.decode(raw), file=name, syntax=syntax)
    except ReportError as error:
        yield error.with_file(name)


def _read_office(path: Path, name: str) -> Iterator[Report | ReportError]:
    from evallint.office import read_office

    if path.is_dir():
        yield ReportError(Text("report-is-directory"), file=name)
        return
    try:
        forms = read_office(path, name)
    except ReportError as error:
        yield error
        return
    for data in forms:
        # Several forms in one file are told apart by where each one starts.
        part = data["source"]["cells"].get("/project") if len(forms) > 1 else None
        yield Report(data=data, file=name, part=part)


def _read_batch(path: Path, name: str) -> Iterator[Report | ReportError]:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            if len(raw) > MAX_REPORT_BYTES:
                yield ReportError(
                    Text("report-too-large", {"size": len(raw), "limit": MAX_REPORT_BYTES}),
                    file=name,
                    line=number,
                )
                continue
            try:
                text = sources.decode(raw)
                report = _report_from_text(text.rstrip("\r\n"), file=name, syntax="json")
            except ReportError as error:
                yield (
                    error.with_file(name, line_offset=number - 1)
                    if error.line
                    else (ReportError(error.text, file=name, line=number, pointer=error.pointer))
                )
                continue
            yield Report(report.data, file=name, line=number, text=report.text, syntax="json")


def _report_from_text(text: str, *, file: str | None, syntax: str) -> Report:
    if len(text) > MAX_REPORT_BYTES:
        raise ReportError(
            Text("report-too-large", {"size": len(text.encode()), "limit": MAX_REPORT_BYTES}),
            file=file,
        )
    if syntax == "yaml":
        data: JSONValue = sources.parse_yaml(text).data
    else:
        data = sources.parse_json(text)
    return Report(data=_as_report_data(data, file), file=file, text=text, syntax=syntax)


def _as_report_data(data: JSONValue, file: str | None = None) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ReportError(
            Text("report-not-object", {"kind": _kind_of(data)}), file=file, pointer=""
        )
    return data


_KINDS_ZH = {
    "list": "一个列表（[...]）",
    "str": "一段文字",
    "Decimal": "一个数字",
    "int": "一个数字",
    "bool": "true/false",
    "NoneType": "null（空）",
}


def _kind_of(data: JSONValue) -> str:
    return _KINDS_ZH.get(type(data).__name__, type(data).__name__)


def _looks_like_path(text: str) -> bool:
    stripped = text.strip()
    if not stripped or "\n" in stripped or stripped[0] in "{[":
        return False
    if Path(stripped).suffix.lower() in REPORT_SUFFIXES:
        return True
    try:
        return Path(stripped).exists()
    except OSError:
        return False


def _sniff(text: str | bytes) -> str:
    """``json`` when the text starts like JSON (or is empty), else ``yaml``."""
    if isinstance(text, bytes):
        text = text[:64].decode("utf-8", errors="replace")
    head = text.lstrip("\ufeff \t\r\n")
    return "json" if head[:1] in ("{", "[", '"', "") else "yaml"


def normalise(data: Any, depth: int = 0) -> Any:
    """Data given in memory, made like loaded data: numbers exact, keys text.

    A float becomes the Decimal of its shortest repr (``9.4`` → ``Decimal("9.4")``),
    which is what the person typed; ints become Decimal too.
    """
    if depth > sources.MAX_DEPTH:
        raise ReportError(Text("report-too-deep", {"limit": sources.MAX_DEPTH}))
    if isinstance(data, bool) or data is None or isinstance(data, (str, Decimal)):
        return data
    if isinstance(data, int):
        return Decimal(data)
    if isinstance(data, float):
        return Decimal(repr(data))
    if isinstance(data, Mapping):
        return {str(k): normalise(v, depth + 1) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [normalise(v, depth + 1) for v in data]
    return str(data)
