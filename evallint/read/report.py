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
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from evallint import limits
from evallint.errors import ReportError, Text
from evallint.office import OFFICE_SUFFIXES, read_office
from evallint.read.data import as_loaded
from evallint.read.jsondoc import parse_json, scan_json_positions
from evallint.read.text import JSONValue, Position, decode

MAX_REPORT_BYTES = limits.MAX_REPORT_BYTES
"""Largest report accepted, in bytes (per line for ``.jsonl``): a form is a few kilobytes."""

JSON_SUFFIXES = frozenset({".json"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
BATCH_SUFFIXES = frozenset({".jsonl"})
REPORT_SUFFIXES = JSON_SUFFIXES | YAML_SUFFIXES | BATCH_SUFFIXES | OFFICE_SUFFIXES
OLD_OFFICE_SUFFIXES = {
    ".xls": ("Excel", ".xlsx"),
    ".et": ("WPS 表格", ".xlsx"),
    ".doc": ("Word", ".docx"),
    ".wps": ("WPS 文字", ".docx"),
}
"""Binary office formats older than .xlsx/.docx: the error says how to save them anew."""

ReportSource = str | bytes | os.PathLike[str] | Mapping[str, Any]
"""What :func:`load_report` reads: a path, JSON/YAML text or bytes, or data built in Python."""
Syntax = Literal["json", "yaml"]


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
    syntax: Syntax = "json"
    part: str | None = None
    """Which form of a workbook or document holding several: the cell of its 项目名称."""
    loaded: bool = field(default=False, repr=False, compare=False)
    """Whether a reader made ``data`` (numbers exact and within the number policy, keys text);
    data built by hand is brought into that form when the report is checked."""

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
            from evallint.read.yamldoc import parse_yaml  # PyYAML only when YAML is read

            return parse_yaml(self.text, out_of_range="unreadable").positions
        found = scan_json_positions(self.text)
        if self.line is None:
            return found
        return {ptr: Position(pos.line + self.line - 1, pos.col) for ptr, pos in found.items()}


def load_report(source: ReportSource) -> Report:
    """Read one report from a path, JSON/YAML text, bytes or a parsed mapping.

    A ``str`` is a path when it names an existing file or looks like a file
    name (one line with a suffix such as ``.json`` or a folder separator, and
    not a ``key: value`` line); otherwise it is JSON/YAML text. Raises
    :class:`ReportError` when the input cannot be read as a report (its
    location says where), also when ``source`` is none of these (a list, a number).
    A ``.jsonl`` batch holding exactly one report is read as that report; read
    larger batches with :func:`load_reports`.
    """
    if isinstance(source, Mapping):
        return Report(data=_as_report_data(as_loaded(source)), loaded=True)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return report_from_bytes(bytes(source))
    if isinstance(source, str) and not _looks_like_path(source):
        return report_from_text(source, syntax=sniff_syntax(source))
    if not isinstance(source, (str, os.PathLike)):
        # data that is no report (a list, a number, None) or no input at all
        raise ReportError(Text("report-not-object", {"kind": _kind_of(source)}), pointer="")
    path = Path(os.fsdecode(source))
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
    non-empty line, streamed (the file is never held whole in memory); a
    workbook or document one per form in it. A problem is yielded as a
    :class:`ReportError` in place of that report.
    """
    name = os.fsdecode(source)
    path = Path(name)
    suffix = path.suffix.lower()
    try:
        if path.is_dir():
            yield ReportError(Text("report-is-directory"), file=name)
            return
        if suffix not in REPORT_SUFFIXES:
            if not path.exists():
                yield ReportError(Text("report-not-found"), file=name)
            elif suffix in OLD_OFFICE_SUFFIXES:
                program, new = OLD_OFFICE_SUFFIXES[suffix]
                fields = {"suffix": suffix, "program": program, "new": new}
                yield ReportError(Text("report-old-office", fields), file=name)
            else:
                unsupported = Text("report-unsupported", {"suffix": suffix or path.name})
                yield ReportError(unsupported, file=name)
            return
        if suffix in OFFICE_SUFFIXES:
            yield from _read_office(path, name)
            return
        if suffix in BATCH_SUFFIXES:
            yield from _read_batch(path, name)
            return
        size = path.stat().st_size
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
    except ValueError as error:  # a name no file system takes (a NUL in it)
        yield ReportError(Text("report-io", {"reason": str(error)}), file=name)
        return
    syntax: Syntax = "yaml" if suffix in YAML_SUFFIXES else "json"
    try:
        yield report_from_bytes(raw, file=name, syntax=syntax)
    except ReportError as error:
        yield error.with_file(name)


def report_from_bytes(
    raw: bytes, *, file: str | None = None, syntax: Syntax | None = None
) -> Report:
    """The report in ``raw`` bytes: a file's, a ``.jsonl`` line's, standard input's.

    The one way bytes become a report: decoded as :func:`~evallint.read.text.decode`
    says (UTF-8, UTF-16 with a BOM, GB18030/GBK), then read as ``syntax``, or as the
    text looks (JSON or YAML) when it is not given. Raises :class:`ReportError`.
    """
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(
            Text("report-too-large", {"size": len(raw), "limit": MAX_REPORT_BYTES}), file=file
        )
    text = decode(raw)
    return report_from_text(text, file=file, syntax=syntax or sniff_syntax(text))


def report_from_text(text: str, *, file: str | None = None, syntax: Syntax = "json") -> Report:
    """The report written in JSON or YAML ``text``; raises :class:`ReportError`.

    Text is kept as written, a lone surrogate (``"\\ud800"`` in JSON) included: it is
    the outputs' to write it safely. A number beyond the number policy is an
    unreadable number in its place (the schema says so at its pointer).
    """
    size = _utf8_size(text)
    if size > MAX_REPORT_BYTES:
        raise ReportError(
            Text("report-too-large", {"size": size, "limit": MAX_REPORT_BYTES}), file=file
        )
    if syntax == "yaml":
        from evallint.read.yamldoc import parse_yaml  # PyYAML only when YAML is read

        data: JSONValue = parse_yaml(text, out_of_range="unreadable", positions=False).data
    else:
        data = parse_json(text)
    data = _as_report_data(data, file)
    return Report(data=data, file=file, text=text, syntax=syntax, loaded=True)


def report_from_line(raw: bytes, *, file: str, line: int) -> Report:
    """The report on line ``line`` of the ``.jsonl`` batch ``file`` (always JSON).

    Raises :class:`ReportError` located in the batch (its line, not the line's).
    """
    try:
        report = report_from_bytes(raw.rstrip(b"\r\n"), file=file, syntax="json")
    except ReportError as error:
        if error.line:
            raise error.with_file(file, line_offset=line - 1) from None
        raise ReportError(error.text, file=file, line=line, pointer=error.pointer) from None
    return Report(report.data, file=file, line=line, text=report.text, loaded=True)


def _read_office(path: Path, name: str) -> Iterator[Report | ReportError]:
    try:
        forms = read_office(path, name)
    except ReportError as error:
        yield error
        return
    for data in forms:
        # Several forms in one file are told apart by where each one starts.
        part = data["source"]["cells"].get("/project") if len(forms) > 1 else None
        yield Report(data=data, file=name, part=part, loaded=True)


def _read_batch(path: Path, name: str) -> Iterator[Report | ReportError]:
    found = False
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            found = True
            try:
                yield report_from_line(raw, file=name, line=number)
            except ReportError as error:
                yield error
    if not found:  # an empty or blank .jsonl is an error, as an empty .json is
        yield ReportError(Text("report-empty"), file=name)


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


def _utf8_size(text: str) -> int:
    """Bytes of ``text`` in UTF-8 (a lone surrogate counted as three), worked out only
    when the characters alone do not settle it against the size limit."""
    if len(text) > MAX_REPORT_BYTES or len(text) * 4 <= MAX_REPORT_BYTES:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


# A file suffix: a dot, then a letter (".json", ".xls"; "9.4" has none).
_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}")


def _looks_like_path(text: str) -> bool:
    """Whether a string passed as a report names a file rather than holding the report.

    Report text is JSON (``{...}``) or a YAML mapping (``key: value`` lines); a
    single line with neither that has a file suffix or a folder separator names
    a file, whether or not it exists, so a misspelt name is "not found" rather
    than "a report that is a piece of text".
    """
    stripped = text.strip()
    if not stripped or "\n" in stripped or stripped[0] in "{[\"'":
        return False
    try:
        if Path(stripped).exists():
            return True
    except (OSError, ValueError):
        return False
    if ": " in stripped or stripped.endswith(":"):
        return False
    return bool(_SUFFIX.fullmatch(Path(stripped).suffix)) or "/" in stripped or "\\" in stripped


def sniff_syntax(text: str | bytes) -> Syntax:
    """``json`` when the text starts like JSON (or is empty), else ``yaml``."""
    if isinstance(text, bytes):  # bytes are decoded as a whole by report_from_bytes
        text = text[:64].decode("utf-8", errors="replace")
    head = text.lstrip("\ufeff \t\r\n")
    return "json" if head[:1] in ("{", "[", '"', "") else "yaml"
