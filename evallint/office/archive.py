"""An office file opened within limits: the zip of XML parts an .xlsx or .docx is.

Everything the readers parse comes through this one door. The file is read only
when it is a regular file no larger than ``MAX_OFFICE_BYTES``; the archive's own
account of its parts (how many, how compressed, how large inflated) is checked
before anything is inflated; and each part is inflated piece by piece and checked
before it is parsed: its bytes counted (a zip bomb may lie in its headers), its tags
counted, and any DOCTYPE or ENTITY declaration refused, so no entity is ever expanded
or fetched.
Every problem is a :class:`~evallint.errors.ReportError` without a file name: the
caller names the file.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from evallint.errors import ReportError, Text
from evallint.limits import (
    MAX_OFFICE_BYTES,
    MAX_OFFICE_FILE_CELLS,
    MAX_OFFICE_INFLATED_BYTES,
    MAX_OFFICE_PARTS,
    MAX_OFFICE_XML_TAGS,
)

Element = ET.Element

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN_DOCUMENT = "/officeDocument"
"""The end of the relationship type that names a package's main part."""
_COMPRESSIONS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
"""What Office writes; other methods (bzip2, lzma) inflate without a bound per read."""
_CHUNK = 64 * 1024

# A DOCTYPE is where entities are declared: no part of an office file has one. The XML
# parser reads UTF-8 (and what is ASCII-compatible) or UTF-16, so each spelling is looked for.
_DECLARATIONS = tuple(
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(word) for word in _DECLARATIONS) - 1


@dataclass(frozen=True, slots=True)
class Relationship:
    """A part's link to another part (a workbook's to its sheets, a package's to its main part)."""

    type: str
    part: str
    """The part it points to, as a name in the archive (``xl/worksheets/sheet1.xml``)."""


class Archive:
    """The parts of one office file, and what reading them has cost so far."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive
        self._parts = {info.filename: info for info in archive.infolist()}
        # Office names parts without regard to case; zip does not.
        self._folded = {name.lower(): name for name in self._parts}
        self._inflated = 0
        self._tags = 0
        self._cells = 0

    @classmethod
    def open(cls, path: Path) -> Archive:
        """The archive in the file at ``path``, its own account of its parts checked."""
        data = read_file(path)
        if data.startswith(OLE_MAGIC):
            raise ReportError(Text("office-encrypted"))
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
            raise _unreadable(f"not a zip archive ({error})") from None
        infos = archive.infolist()
        if len(infos) > MAX_OFFICE_PARTS:
            raise ReportError(
                Text("office-too-many-parts", {"count": len(infos), "limit": MAX_OFFICE_PARTS})
            )
        declared = sum(info.file_size for info in infos)
        if declared > MAX_OFFICE_INFLATED_BYTES:
            raise _inflated_too_large()
        return cls(archive)

    # --- parts -------------------------------------------------------------------------------

    def part(self, name: str) -> str | None:
        """The archive's name for part ``name`` (matched without regard to case), if it has it."""
        if name in self._parts:
            return name
        return self._folded.get(name.lower())

    def events(self, name: str) -> Iterator[Element]:
        """The elements of part ``name`` as the parser starts them, the part checked first.

        An element comes with its attributes, before its content: what is inside it is
        there once a later sibling starts (see :func:`completed`). The part is inflated
        once to be checked (its size, its tags, no DOCTYPE), then again to be parsed.
        """
        found = self.part(name)
        if found is None:
            raise ReportError(Text("office-part-missing", {"part": name}))
        info = self._parts[found]
        if info.flag_bits & 0x1:
            raise _unreadable(f"{found}: the part is encrypted")
        if info.compress_type not in _COMPRESSIONS:
            method = info.compress_type
            raise _unreadable(f"{found}: compression method {method}, which Office never uses")
        try:
            self._check(info)
            with self._zip.open(info) as raw:
                for _, element in ET.iterparse(raw, events=("start",)):
                    yield element
        except ET.ParseError as error:
            raise _unreadable(f"{found}: not well-formed XML ({error})") from None
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise _unreadable(f"{found}: {error}") from None

    def children(self, name: str, container: str) -> Iterator[Element]:
        """The children of the first ``container`` element of part ``name``, each complete.

        Each is let go once the caller has it, so memory holds one child at a time.
        """
        parent: Element | None = None
        started = 0
        for element in self.events(name):
            if parent is None:
                if element.tag == container:
                    parent = element
            elif completed(parent, element, started):
                if started:
                    yield parent[0]
                    del parent[0]
                started = 1
        if parent is not None:
            yield from list(parent)

    def relationships(self, name: str) -> dict[str, Relationship]:
        """The relationships of part ``name`` by id (none when it has no ``_rels`` part)."""
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if self.part(rels) is None:
            return {}
        found: dict[str, Relationship] = {}
        for element in self.events(rels):
            if element.tag != _RELATIONSHIPS:
                continue
            ident, target = element.get("Id"), element.get("Target")
            if ident is None or target is None or element.get("TargetMode") == "External":
                continue
            part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[ident] = Relationship(element.get("Type", ""), posixpath.normpath(part))
        return found

    def main_part(self, default: str) -> str:
        """The package's main part (the workbook, the document), as ``_rels/.rels`` names it."""
        for relationship in self.relationships("").values():
            if relationship.type.endswith(_MAIN_DOCUMENT):
                return relationship.part
        return default

    # --- what reading costs ------------------------------------------------------------------

    def spend_cells(self, count: int, where: str) -> None:
        """Count ``count`` more grid cells read from the file (``where``: the sheet or table)."""
        self._cells += count
        if self._cells > MAX_OFFICE_FILE_CELLS:
            raise ReportError(
                Text("office-too-many-cells", {"where": where, "limit": MAX_OFFICE_FILE_CELLS})
            )

    def _check(self, info: zipfile.ZipInfo) -> None:
        """Inflate part ``info`` a piece at a time, counting its bytes and its tags."""
        carry = b""
        with self._zip.open(info) as raw:
            # zipfile inflates at most what is asked for (and never past the size the part
            # declares), so each piece is small however the part was compressed.
            while chunk := raw.read(_CHUNK):
                self._inflated += len(chunk)
                if self._inflated > MAX_OFFICE_INFLATED_BYTES:
                    raise _inflated_too_large()
                window = carry + chunk
                if any(word in window for word in _DECLARATIONS):
                    raise ReportError(Text("office-xml-doctype", {"part": info.filename}))
                self._tags += chunk.count(b"<")  # in UTF-16 too: one byte of its two is "<"
                if self._tags > MAX_OFFICE_XML_TAGS:
                    raise ReportError(Text("office-xml-too-large", {"limit": MAX_OFFICE_XML_TAGS}))
                carry = window[-_OVERLAP:]


def completed(parent: Element, element: Element, started: int) -> bool:
    """Whether ``element``, just started, is the next child of ``parent``.

    ``started`` is 1 once a child of ``parent`` has started (it stays at ``parent[0]``
    until the caller lets it go), 0 before. When the next one starts, ``parent[0]``
    is complete. The parser may be ahead of its events, so ``parent`` may already hold
    later children: the test is on the position, never on the last child.
    """
    return len(parent) > started and parent[started] is element


# --- the file itself ------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An encrypted OOXML file, or an old .xls/.doc: a compound document, not a zip."""


def read_file(path: Path) -> bytes:
    """The bytes of the office file at ``path``: a regular file of at most ``MAX_OFFICE_BYTES``.

    It is opened without blocking, so a named pipe is refused, not waited on.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        status = os.fstat(stream.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise ReportError(Text("report-is-directory"))
        if not stat.S_ISREG(status.st_mode):
            raise ReportError(Text("input-special-file", {"kind": Text(_kind(status.st_mode))}))
        size = status.st_size
        data = b""
        if size <= MAX_OFFICE_BYTES:
            # read(n) sets n bytes aside at once: ask for what the file holds (and a byte
            # more, to see it grow while it is read), never the whole limit
            data = stream.read(size + 1)
            if len(data) > size:
                data += stream.read(MAX_OFFICE_BYTES + 1 - len(data))
    size = max(size, len(data))
    if size > MAX_OFFICE_BYTES:
        raise ReportError(Text("office-too-large", {"size": size, "limit": MAX_OFFICE_BYTES}))
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "input-kind-fifo"
    if stat.S_ISSOCK(mode):
        return "input-kind-socket"
    return "input-kind-device"


def _unreadable(reason: str) -> ReportError:
    return ReportError(Text("office-unreadable", {"reason": reason}))


def _inflated_too_large() -> ReportError:
    return ReportError(Text("office-inflated-too-large", {"limit": MAX_OFFICE_INFLATED_BYTES}))
