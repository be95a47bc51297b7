"""Office files: the import tests' seed workbook and document (tests/office/fixtures) with their
XML edited the way hostile files are made: merges over a whole sheet, ``gridSpan`` of two
billion, hundreds of vertically merged rows, 100,000 rows or paragraphs, cells of millions of
characters, numbers like ``1e999999999``, zip bombs small on disk, XML entity bombs, cut or
flipped bytes.

An :class:`OfficeCase` holds the edits, not the file: :meth:`OfficeCase.build` makes the
bytes where the check runs (a zip bomb is small on disk, not in memory while it is made).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from tests.fuzz.strategies import values
from tests.fuzz.strategies.values import ShortRepr
from tests.paths import ROOT

FIXTURES = ROOT / "tests" / "office" / "fixtures"
SEEDS = {"xlsx": FIXTURES / "seed.xlsx", "docx": FIXTURES / "seed-document.docx"}
PARTS = {"xlsx": "xl/worksheets/sheet1.xml", "docx": "word/document.xml"}

MERGES = (
    "J1:XFD1048576",
    "A1:XFD1048576",
    "A1:A1048576",
    "B12:I23",
    "A1:I30",
    "Z9:A1",
    "A0:B2",
    "XFE1:XFE2",
    "A1",
    "A1:B2:C3",
)
"""Merged areas: the whole sheet, a column, overlapping the form, reversed, invalid."""

NUMBERS = (*values.HUGE_NUMBERS[:12], *values.NON_FINITE, "1e308", "-1e-400", "0x10", "")

_XML_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>\n"
)


def _xml_text(text: str) -> str:
    # characters XML 1.0 cannot hold become character references: the file is then broken
    return "".join(
        ch
        if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
        else f"&#x{ord(ch):X};"
        for ch in escape(text)
    )


@dataclass(frozen=True, slots=True, repr=False)
class OfficeCase(ShortRepr):
    """A seed office file and the edits that make it hostile."""

    kind: str  # "xlsx" or "docx"
    edits: tuple[tuple[Any, ...], ...] = ()

    @property
    def suffix(self) -> str:
        return "." + self.kind

    def build(self) -> bytes:
        """The edited file's bytes."""
        with zipfile.ZipFile(SEEDS[self.kind]) as seed:
            parts = {info.filename: seed.read(info) for info in seed.infolist()}
        extra: dict[str, int] = {}
        cut: list[tuple[str, Any]] = []
        main = PARTS[self.kind]
        xml = parts[main].decode("utf-8")
        for edit in self.edits:
            name = edit[0]
            if name in ("bomb", "truncate", "flip"):
                cut.append((name, edit[1:]))
            elif name == "bomb-part":
                extra[f"{'xl' if self.kind == 'xlsx' else 'word'}/media/fuzz.bin"] = edit[1]
            else:
                xml = _EDITS[name](xml, *edit[1:])
        parts[main] = xml.encode("utf-8", errors="surrogatepass")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
            for name, data in parts.items():
                if name == main and any(kind == "bomb" for kind, _ in cut):
                    size = next(args[0] for kind, args in cut if kind == "bomb")
                    _write_padded(book, name, data, size)
                else:
                    book.writestr(name, data)
            for name, size in extra.items():
                _write_zeros(book, name, size)
        data = buffer.getvalue()
        for kind, args in cut:
            if kind == "truncate":
                data = data[: max(1, len(data) * args[0] // 100)]
            elif kind == "flip":
                at = args[0] % len(data)
                data = data[:at] + bytes([data[at] ^ args[1]]) + data[at + 1 :]
        return data


def _write_zeros(book: zipfile.ZipFile, name: str, size: int) -> None:
    with book.open(name, "w", force_zip64=True) as part:
        chunk = b"\0" * (1 << 20)
        for _ in range(size // len(chunk)):
            part.write(chunk)


def _write_padded(book: zipfile.ZipFile, name: str, data: bytes, size: int) -> None:
    # the main part, with ``size`` bytes of white space before its closing tag: it inflates
    close = data.rindex(b"</")
    with book.open(name, "w", force_zip64=True) as part:
        part.write(data[:close])
        chunk = b" " * (1 << 20)
        for _ in range(size // len(chunk)):
            part.write(chunk)
        part.write(data[close:])


# --- edits of the main XML part ----------------------------------------------------------


def _merge(xml: str, ref: str) -> str:
    cell = f'<mergeCell ref="{ref}"/>'
    if "<mergeCells" in xml:
        return re.sub(r"<mergeCells[^>]*>", lambda m: m.group(0) + cell, xml, count=1)
    return xml.replace("</sheetData>", f'</sheetData><mergeCells count="1">{cell}</mergeCells>', 1)


def _dimension(xml: str, ref: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml, count=1)


def _text(xml: str, index: int, text: str) -> str:
    found = list(re.finditer(r"(<(?:w:)?t(?: [^>]*)?>)([^<]*)(</(?:w:)?t>)", xml))
    if not found:
        return xml
    match = found[index % len(found)]
    return xml[: match.start(2)] + _xml_text(text) + xml[match.end(2) :]


def _number(xml: str, index: int, token: str) -> str:
    found = list(
        re.finditer(
            r'<c r="([A-Z]+[0-9]+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>[^<]*</t></is></c>', xml
        )
    )
    if not found:
        return xml
    match = found[index % len(found)]
    return xml[: match.start()] + f'<c r="{match.group(1)}"><v>{token}</v></c>' + xml[match.end() :]


def _rows(xml: str, count: int) -> str:
    last = max((int(n) for n in re.findall(r'<row r="([0-9]+)"', xml)), default=0)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>行{n}</t></is></c></row>'
        for n in range(last + 1, last + 1 + count)
    )
    return xml.replace("</sheetData>", rows + "</sheetData>", 1)


def _far_cell(xml: str) -> str:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远</t></is></c></row>'
    return xml.replace("</sheetData>", far + "</sheetData>", 1)


def _long_cell(xml: str, size: int) -> str:
    tag = "w:t" if "<w:t" in xml else "t"
    return re.sub(f"<{tag}>", f"<{tag}>" + "长" * size, xml, count=1)


def _xml_bomb(xml: str) -> str:
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    tag = "w:t" if "<w:t" in body else "t"
    return _XML_BOMB + re.sub(f"<{tag}>", f"<{tag}>&lol9;", body, count=1)


def _grid_span(xml: str, value: str) -> str:
    return re.sub(r'<w:gridSpan w:val="[^"]*"/>', f'<w:gridSpan w:val="{value}"/>', xml, count=1)


def _vmerge_rows(xml: str, count: int) -> str:
    cell = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>续</w:t></w:r></w:p></w:tc>"
    first = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc>'
    rows = "<w:tr>" + first * 9 + "</w:tr>" + ("<w:tr>" + cell * 9 + "</w:tr>") * count
    return xml.replace("</w:tbl>", rows + "</w:tbl>", 1)


def _paragraphs(xml: str, count: int) -> str:
    paragraphs = "".join(
        f"<w:p><w:r><w:t>第{n}段，预算{n}万元。</w:t></w:r></w:p>" for n in range(count)
    )
    return re.sub(r"(<w:body>)", lambda m: m.group(1) + paragraphs, xml, count=1)


_EDITS = {
    "merge": _merge,
    "dimension": _dimension,
    "text": _text,
    "number": _number,
    "rows": _rows,
    "far-cell": _far_cell,
    "long-cell": _long_cell,
    "xml-bomb": _xml_bomb,
    "grid-span": _grid_span,
    "vmerge-rows": _vmerge_rows,
    "paragraphs": _paragraphs,
}

_MB = 1024 * 1024


def _common_edits() -> list[st.SearchStrategy[tuple[Any, ...]]]:
    index = st.integers(min_value=0, max_value=400)
    return [
        st.tuples(st.just("text"), index, values.texts()),
        st.tuples(st.just("long-cell"), st.sampled_from((1000, 150_000, 5_000_000))),
        st.tuples(st.just("xml-bomb")),
        st.tuples(st.just("bomb"), st.sampled_from((_MB, 120 * _MB))),
        st.tuples(st.just("bomb-part"), st.sampled_from((_MB, 120 * _MB))),
        st.tuples(st.just("truncate"), st.integers(min_value=1, max_value=99)),
        st.tuples(st.just("flip"), st.integers(min_value=0, max_value=10**6), st.integers(1, 255)),
    ]


def _xlsx_edits() -> st.SearchStrategy[tuple[Any, ...]]:
    return st.one_of(
        st.tuples(st.just("merge"), st.sampled_from(MERGES)),
        st.tuples(st.just("merge"), st.sampled_from(MERGES)),
        st.tuples(st.just("dimension"), st.sampled_from(MERGES)),
        st.tuples(st.just("number"), st.integers(0, 400), st.sampled_from(NUMBERS)),
        st.tuples(st.just("number"), st.integers(0, 400), st.sampled_from(NUMBERS)),
        st.tuples(st.just("rows"), st.sampled_from((100, 5000, 100_000))),
        st.tuples(st.just("far-cell")),
        *_common_edits(),
    )


def _docx_edits() -> st.SearchStrategy[tuple[Any, ...]]:
    return st.one_of(
        st.tuples(st.just("grid-span"), st.sampled_from(("2000000000", "0", "-1", "99999", "x"))),
        st.tuples(st.just("grid-span"), st.sampled_from(("2000000000", "0", "-1", "99999", "x"))),
        st.tuples(st.just("vmerge-rows"), st.sampled_from((30, 300, 600))),
        st.tuples(st.just("paragraphs"), st.sampled_from((100, 10_000, 100_000))),
        *_common_edits(),
    )


@st.composite
def office_cases(draw: st.DrawFn) -> OfficeCase:
    kind = draw(st.sampled_from(("xlsx", "docx")))
    edits = _xlsx_edits() if kind == "xlsx" else _docx_edits()
    return OfficeCase(kind, tuple(draw(st.lists(edits, min_size=1, max_size=3))))
