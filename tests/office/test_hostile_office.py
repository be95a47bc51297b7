"""Hostile and broken office files: each read in bounded time and memory, or refused by name.

Issue 16, part C. Every reproducer is built here, small on disk (a zip bomb is a few
hundred KB): the archive's limits, merged areas and spans, the size of what a file
holds, and XML declarations. Each limit hit is a :class:`ReportError` naming the file,
with its own code, and ``evallint check`` goes on with the other inputs. Where a test
proves "no hang" it runs the read in a thread with a bound far above what it takes.
"""

from __future__ import annotations

import json
import os
import re
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint.cli.main import main
from evallint.errors import ReportError
from evallint.limits import (
    MAX_OFFICE_BYTES,
    MAX_OFFICE_CELL_CHARS,
    MAX_OFFICE_CELLS,
    MAX_OFFICE_COLUMNS,
    MAX_OFFICE_FILE_CELLS,
    MAX_OFFICE_INFLATED_BYTES,
    MAX_OFFICE_PARAGRAPHS,
    MAX_OFFICE_PARTS,
    MAX_OFFICE_ROWS,
    MAX_OFFICE_XML_TAGS,
)
from evallint.office import read_office
from evallint.office.archive import Archive
from evallint.office.docx import read_document
from evallint.office.grid import Grid
from evallint.office.xlsx import read_workbook, show
from tests.bounded import finishes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_XLSX = FIXTURES / "seed.xlsx"
SEED_DOCX = FIXTURES / "seed-document.docx"
SHEET = "xl/worksheets/sheet1.xml"
DOCUMENT = "word/document.xml"
BOUND = 30.0
"""Seconds a read may take before the test calls it a hang (each takes well under one)."""


# --- building the reproducers ------------------------------------------------------------------


def rezip(
    source: Path,
    target: Path,
    change: dict[str, Callable[[bytes], bytes | None]] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """``source`` written again to ``target``, parts changed (``None``: left out) or added."""
    change = change or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data: bytes | None = old.read(name)
            if name in change:
                data = change[name](old.read(name))
            if data is not None:
                new.writestr(name, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def insert_in_body(xml: str) -> Callable[[bytes], bytes]:
    """A change putting ``xml`` first in a Word document's body."""

    def change(data: bytes) -> bytes:
        return data.replace(b"<w:body>", b"<w:body>" + xml.encode(), 1)

    return change


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def document(path: Path, body: str) -> Path:
    """A .docx of the two parts evallint reads, its body ``body``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships {RELS}><Relationship Id="rId1" '
            f'Type="{TYPES}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(DOCUMENT, f"<w:document {W}><w:body>{body}</w:body></w:document>")
    return path


def workbook(path: Path, sheets: list[tuple[str, str]], strings: list[str] | None = None) -> Path:
    """An .xlsx of the parts evallint reads: ``sheets`` as (name, sheetData XML)."""
    entries = "".join(
        f'<sheet xmlns:r="{TYPES}" name="{name}" sheetId="{n}" r:id="rId{n}"/>'
        for n, (name, _) in enumerate(sheets, start=1)
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{TYPES}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if strings is not None:
        links += f'<Relationship Id="rS" Type="{TYPES}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships {RELS}><Relationship Id="rId1" '
            f'Type="{TYPES}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml", f"<workbook {MAIN}><sheets>{entries}</sheets></workbook>"
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels", f"<Relationships {RELS}>{links}</Relationships>"
        )
        for n, (_, data) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", f"<worksheet {MAIN}>{data}</worksheet>")
        if strings is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in strings)
            archive.writestr("xl/sharedStrings.xml", f"<sst {MAIN}>{items}</sst>")
    return path


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def lie_about_size(path: Path, name: str, size: int, crc: int | None = None) -> None:
    """Write ``size`` as part ``name``'s inflated size in both its headers (and ``crc``)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    struct.pack_into("<I", data, offset + 22, size)  # the local header
    if crc is not None:
        struct.pack_into("<I", data, offset + 14, crc)
    for found in re.finditer(rb"PK\x01\x02", bytes(data)):  # the central directory
        start = found.start()
        (length,) = struct.unpack_from("<H", data, start + 28)
        if data[start + 46 : start + 46 + length] == name.encode():
            struct.pack_into("<I", data, start + 24, size)
            if crc is not None:
                struct.pack_into("<I", data, start + 16, crc)
    path.write_bytes(bytes(data))


def peak_of_refusal(path: Path) -> tuple[ReportError, int]:
    """The error reading ``path`` gives, and the most memory Python held while reading it."""
    read_office(SEED_XLSX)  # the readers' imports are not the reading's memory
    tracemalloc.start()
    try:
        error = refusal(path)
        return error, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refusal(path: Path) -> ReportError:
    """The error reading ``path`` gives (within the bound)."""
    with pytest.raises(ReportError) as caught:
        finishes(lambda: read_office(path), BOUND)
    assert caught.value.file == str(path)
    return caught.value


def form_part(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key != "source"}


def grids(path: Path) -> list[Grid]:
    return read_workbook(Archive.open(path))


# --- 1. the archive: sizes before inflating, and while inflating -------------------------------


def test_an_office_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as stream:
        stream.truncate(MAX_OFFICE_BYTES + 1)  # sparse: nothing written to the disk
    error = refusal(path)
    assert error.code == "office-too-large"
    assert error.text.fields == {"size": MAX_OFFICE_BYTES + 1, "limit": MAX_OFFICE_BYTES}


def test_a_zip_bomb_is_refused_from_its_headers_before_anything_is_inflated(
    tmp_path: Path,
) -> None:
    # 101 MB of zeros deflated to 450 KB, beside a form
    path = rezip(SEED_XLSX, tmp_path / "bomb.xlsx")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/media/zeros.bin", "w", force_zip64=True) as stream,
    ):
        for _ in range(101):
            stream.write(bytes(1 << 20))
    assert path.stat().st_size < 1 << 20
    error, peak = peak_of_refusal(path)
    assert error.code == "office-inflated-too-large"
    assert error.text.fields == {"limit": MAX_OFFICE_INFLATED_BYTES}
    assert peak < 10 * 1024 * 1024


@pytest.mark.parametrize("prefix_crc", [False, True], ids=["wrong-crc", "crc-of-the-prefix"])
def test_a_part_inflating_past_its_header_is_stopped_at_the_size_it_declares(
    tmp_path: Path, prefix_crc: bool
) -> None:
    # the sheet inflates to 50 MB while both headers say 1000 bytes
    big = b"<worksheet>" + b" " * (50 * 1024 * 1024) + b"</worksheet>"
    path = rezip(SEED_XLSX, tmp_path / "liar.xlsx", {SHEET: lambda _: big})
    lie_about_size(path, SHEET, 1000, crc=zlib.crc32(big[:1000]) if prefix_crc else None)
    error, peak = peak_of_refusal(path)
    assert error.code == "office-unreadable"
    assert SHEET in error.message("en")
    assert peak < 10 * 1024 * 1024  # never the 50 MB the part holds


def test_what_is_not_a_zip_or_is_cut_short_is_unreadable_and_named(tmp_path: Path) -> None:
    not_zip = tmp_path / "text.xlsx"
    not_zip.write_text("项目名称,企业服务中心专项经费\n", encoding="utf-8")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(SEED_DOCX.read_bytes()[:5000])
    for path in (not_zip, cut):
        error = refusal(path)
        assert error.code == "office-unreadable"
        assert "zip" in error.message("en")


@pytest.mark.parametrize(
    ("source", "missing"),
    [(SEED_XLSX, SHEET), (SEED_XLSX, "xl/workbook.xml"), (SEED_DOCX, DOCUMENT)],
)
def test_a_missing_part_is_named(tmp_path: Path, source: Path, missing: str) -> None:
    path = rezip(source, tmp_path / f"missing{source.suffix}", {missing: lambda _: None})
    error = refusal(path)
    assert error.code == "office-part-missing"
    assert error.text.fields == {"part": missing}


def test_an_archive_of_more_parts_than_a_form_has_is_refused(tmp_path: Path) -> None:
    extra = {f"xl/media/{n}.bin": b"" for n in range(MAX_OFFICE_PARTS)}
    error = refusal(rezip(SEED_XLSX, tmp_path / "parts.xlsx", add=extra))
    assert error.code == "office-too-many-parts"
    assert error.text.fields["limit"] == MAX_OFFICE_PARTS


def test_a_part_compressed_as_office_never_does_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bzip2.xlsx"
    with zipfile.ZipFile(SEED_XLSX) as old, zipfile.ZipFile(path, "w") as new:
        for name in old.namelist():
            method = zipfile.ZIP_BZIP2 if name == SHEET else zipfile.ZIP_DEFLATED
            new.writestr(name, old.read(name), compress_type=method)
    error = refusal(path)
    assert error.code == "office-unreadable"
    assert "compression method 12" in error.message("en")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_called_xlsx_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "pipe.xlsx"
    os.mkfifo(path)
    error = refusal(path)
    assert error.code == "input-special-file"


# --- 2. merged areas and spans: cut at the grid, resolved in one pass ------------------------


def test_a_merge_to_the_end_of_the_sheet_is_cut_at_the_cells_the_sheet_holds(
    tmp_path: Path,
) -> None:
    # the 6.5 KB workbook: 58 s and 5.8 GB before
    bomb = b'<mergeCells count="16"><mergeCell ref="J1:XFD1048576"/>'
    path = rezip(
        SEED_XLSX,
        tmp_path / "merge.xlsx",
        {SHEET: lambda data: data.replace(b'<mergeCells count="15">', bomb)},
    )
    assert path.stat().st_size < 8 * 1024
    [form] = finishes(lambda: read_office(path), BOUND)
    assert form_part(form) == form_part(read_office(SEED_XLSX)[0])
    [grid] = grids(path)
    assert (len(grid.rows), grid.width()) == (24, 9)  # the cells the sheet holds: A1:I24


def test_overlapping_merges_are_counted_cell_by_cell(tmp_path: Path) -> None:
    corner = f"{'BH'}{MAX_OFFICE_ROWS}"  # column 60, the last row read
    merges = f'<mergeCell ref="A1:{corner}"/>' * 2  # 120,000 cells twice
    path = workbook(
        tmp_path / "overlaps.xlsx",
        [
            (
                "表",
                f"<sheetData><row r='1'>{cell('A1', '项目名称')}</row></sheetData>"
                f"<mergeCells>{merges}</mergeCells>",
            )
        ],
    )
    error = refusal(path)
    assert error.code == "office-too-many-cells"
    assert error.text.fields == {"where": "表", "limit": MAX_OFFICE_CELLS}


def test_the_cells_of_all_the_sheets_of_a_file_are_counted_together(tmp_path: Path) -> None:
    # each sheet a full grid (a cell in its last row and column) of 120,000 cells
    corner = f"<row r='{MAX_OFFICE_ROWS}'><c r='BH{MAX_OFFICE_ROWS}' s='1'/></row>"
    sheet = f"<sheetData><row r='1'>{cell('A1', 'x')}</row>{corner}</sheetData>"
    count = MAX_OFFICE_FILE_CELLS // (MAX_OFFICE_ROWS * MAX_OFFICE_COLUMNS) + 1
    path = workbook(tmp_path / "sheets.xlsx", [(f"S{n}", sheet) for n in range(1, count + 1)])
    error = refusal(path)
    assert error.code == "office-too-many-cells"
    assert error.text.fields == {"where": f"S{count}", "limit": MAX_OFFICE_FILE_CELLS}


def span_row(first: str, span: int, last: str) -> str:
    return (
        f"<w:tr><w:tc><w:p><w:r><w:t>{first}</w:t></w:r></w:p></w:tc>"
        f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
        f"<w:p><w:r><w:t>{last}</w:t></w:r></w:p></w:tc></w:tr>"
    )


def test_a_span_of_two_billion_columns_is_cut_at_the_last_column_read(tmp_path: Path) -> None:
    # the document: 5.4 GB before
    path = document(tmp_path / "span.docx", f"<w:tbl>{span_row('a', 2_000_000_000, 'b')}</w:tbl>")
    [table] = finishes(lambda: read_document(Archive.open(path)), BOUND)
    assert isinstance(table, Grid)
    [row] = table.rows
    assert len(row) == MAX_OFFICE_COLUMNS
    assert row[1] is row[-1] and row[1] is not None and row[1].text == "b"


def test_text_pushed_past_the_last_column_by_a_span_is_an_error(tmp_path: Path) -> None:
    row = span_row("a", 2_000_000_000, "b").replace("</w:tr>", "")
    row += "<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>"
    error = refusal(document(tmp_path / "pushed.docx", f"<w:tbl>{row}</w:tbl>"))
    assert error.code == "office-too-many-columns"
    assert error.text.fields["cell"] == "表1 第1行 第2000000002列"


def test_vertical_merges_are_resolved_in_one_pass(tmp_path: Path) -> None:
    # 300 merged rows took 36 s, 600 took 207 s (cubic); here the most rows a table may have
    first = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>一级</w:t></w:r></w:p>'
    below = "<w:tcPr><w:vMerge/></w:tcPr><w:p/>"
    rows = "".join(
        f"<w:tr><w:tc>{first if n == 0 else below}</w:tc>"
        f"<w:tc><w:p><w:r><w:t>{n}</w:t></w:r></w:p></w:tc></w:tr>"
        for n in range(MAX_OFFICE_ROWS)
    )
    path = document(tmp_path / "vmerge.docx", f"<w:tbl>{rows}</w:tbl>")
    [table] = finishes(lambda: read_document(Archive.open(path)), BOUND)
    assert isinstance(table, Grid)
    assert len(table.rows) == MAX_OFFICE_ROWS
    top = table.rows[0][0]
    assert top is not None and top.text == "一级" and top.ref == "表1 第1行 第1列"
    assert all(row[0] is top for row in table.rows)  # one cell, shown on every row
    assert [row[1].text for row in table.rows[:3] if row[1] is not None] == ["0", "1", "2"]


# --- 3. the size of what a file holds ----------------------------------------------------------


def test_a_cell_longer_than_the_limit_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    long = "字" * (MAX_OFFICE_CELL_CHARS + 1)
    inline = workbook(
        tmp_path / "inline.xlsx",
        [("自评表", f"<sheetData><row r='2'>{cell('B2', long)}</row></sheetData>")],
    )
    shared = workbook(
        tmp_path / "shared.xlsx",
        [("自评表", "<sheetData><row r='3'><c r='C3' t='s'><v>0</v></c></row></sheetData>")],
        strings=[long],
    )
    for path, ref in ((inline, "自评表!B2"), (shared, "自评表!C3")):
        error = refusal(path)
        assert error.code == "office-cell-too-long"
        assert error.text.fields == {
            "cell": ref,
            "chars": MAX_OFFICE_CELL_CHARS + 1,
            "limit": MAX_OFFICE_CELL_CHARS,
        }
        assert ref in error.message("zh")


def test_a_word_cell_or_paragraph_longer_than_the_limit_names_it(tmp_path: Path) -> None:
    long = "字" * (MAX_OFFICE_CELL_CHARS + 1)
    paragraph = f"<w:p><w:r><w:t>{long}</w:t></w:r></w:p>"
    in_body = document(tmp_path / "paragraph.docx", f"<w:p/>{paragraph}")
    in_table = document(
        tmp_path / "cell.docx",
        f"<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc>{paragraph}</w:tc></w:tr></w:tbl>",
    )
    for path, where in ((in_body, "正文第2段"), (in_table, "表1 第1行 第2列")):
        error = refusal(path)
        assert error.code == "office-cell-too-long"
        assert error.text.fields["cell"] == where


def test_a_sheet_of_100000_rows_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # the 100,000 rows took 35-50 s: their tags are counted before any is parsed
    rows = "".join(f"<row r='{n}'><c r='A{n}'><v>{n}</v></c></row>" for n in range(1, 100_001))
    path = workbook(tmp_path / "rows.xlsx", [("Sheet1", f"<sheetData>{rows}</sheetData>")])
    assert refusal(path).code == "office-xml-too-large"


def test_a_value_below_the_last_row_read_is_an_error_not_dropped(tmp_path: Path) -> None:
    rows = "".join(
        f"<row r='{n}'><c r='A{n}'><v>{n}</v></c></row>" for n in range(1, MAX_OFFICE_ROWS + 2)
    )
    path = workbook(tmp_path / "rows.xlsx", [("Sheet1", f"<sheetData>{rows}</sheetData>")])
    error = refusal(path)
    assert error.code == "office-too-many-rows"
    assert error.text.fields == {
        "where": "Sheet1",
        "cell": f"Sheet1!A{MAX_OFFICE_ROWS + 1}",
        "limit": MAX_OFFICE_ROWS,
    }


def test_a_value_below_the_last_row_of_a_word_table_is_an_error(tmp_path: Path) -> None:
    row = "<w:tr><w:tc><w:p/></w:tc></w:tr>"
    last = "<w:tr><w:tc><w:p><w:r><w:t>末行</w:t></w:r></w:p></w:tc></w:tr>"
    path = document(tmp_path / "rows.docx", f"<w:tbl>{row * MAX_OFFICE_ROWS}{last}</w:tbl>")
    error = refusal(path)
    assert error.code == "office-too-many-rows"
    assert error.text.fields["cell"] == f"表1 第{MAX_OFFICE_ROWS + 1}行"


def test_a_value_right_of_the_last_column_read_is_an_error(tmp_path: Path) -> None:
    row = cell("A1", "项目名称") + cell("BI1", "远处的备注")  # BI: column 61
    path = workbook(
        tmp_path / "wide.xlsx", [("Sheet1", f"<sheetData><row r='1'>{row}</row></sheetData>")]
    )
    error = refusal(path)
    assert error.code == "office-too-many-columns"
    assert error.text.fields["cell"] == "Sheet1!BI1"


def test_empty_formatted_cells_past_the_limits_are_passed_over(tmp_path: Path) -> None:
    far = "<row r='1048576'><c r='XFD1048576' s='3'/></row>"
    path = rezip(
        SEED_XLSX,
        tmp_path / "far.xlsx",
        {SHEET: lambda data: data.replace(b"</sheetData>", far.encode() + b"</sheetData>")},
    )
    [form] = finishes(lambda: read_office(path), BOUND)
    assert form_part(form) == form_part(read_office(SEED_XLSX)[0])


def test_a_document_of_100000_paragraphs_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # the 100,000 paragraphs took 35-50 s
    path = document(tmp_path / "paragraphs.docx", "<w:p><w:r><w:t>一</w:t></w:r></w:p>" * 100_000)
    assert refusal(path).code == "office-xml-too-large"


def test_a_document_of_more_paragraphs_than_a_report_has_is_refused(tmp_path: Path) -> None:
    path = document(tmp_path / "paragraphs.docx", "<w:p/>" * (MAX_OFFICE_PARAGRAPHS + 1))
    error = refusal(path)
    assert error.code == "office-too-many-paragraphs"
    assert error.text.fields == {"limit": MAX_OFFICE_PARAGRAPHS}


def test_up_to_the_limits_a_document_is_read_in_one_pass(tmp_path: Path) -> None:
    # the most paragraphs a body may have, all under one heading, beside the seed's form
    count = MAX_OFFICE_PARAGRAPHS - 200  # the seed's own paragraphs
    paragraphs = "<w:p><w:r><w:t>四、其他需要说明的问题</w:t></w:r></w:p>"
    paragraphs += "<w:p><w:r><w:t>说明。</w:t></w:r></w:p>" * count
    path = rezip(
        SEED_DOCX,
        tmp_path / "long.docx",
        {DOCUMENT: lambda data: data.replace(b"<w:sectPr", paragraphs.encode() + b"<w:sectPr", 1)},
    )
    [form] = finishes(lambda: read_office(path), BOUND)
    last = form["narrative"][-1]
    assert last["heading"] == "四、其他需要说明的问题"
    assert last["text"] == "说明。" * count


def test_up_to_the_limits_a_sheet_is_read_in_one_pass(tmp_path: Path) -> None:
    rows = "".join(
        f"<row r='{r}'>"
        + "".join(f"<c r='{col}{r}'><v>{r}</v></c>" for col in "ABCDEFGHI")
        + "</row>"
        for r in range(1, MAX_OFFICE_ROWS + 1)
    )
    path = workbook(tmp_path / "full.xlsx", [("Sheet1", f"<sheetData>{rows}</sheetData>")])
    [grid] = finishes(lambda: grids(path), BOUND)
    assert (len(grid.rows), grid.width()) == (MAX_OFFICE_ROWS, 9)
    assert grid.text(MAX_OFFICE_ROWS - 1, 8) == str(MAX_OFFICE_ROWS)


# --- 4. XML: no entity is ever declared, expanded or fetched -----------------------------------

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def test_billion_laughs_in_a_sheet_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    laughing = "<row r='1'><c r='A1' t='inlineStr'><is><t>&lol9;</t></is></c></row>"
    sheet = LAUGHS + f"<worksheet {MAIN}><sheetData>{laughing}</sheetData></worksheet>"
    path = rezip(SEED_XLSX, tmp_path / "laughs.xlsx", {SHEET: lambda _: sheet.encode()})
    error, peak = peak_of_refusal(path)
    assert error.code == "office-xml-doctype"
    assert error.text.fields == {"part": SHEET}
    assert peak < 10 * 1024 * 1024


def test_an_external_entity_is_never_fetched_nor_printed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the-secret-line\n", encoding="utf-8")
    body = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    xml = (
        f"{body}<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = rezip(SEED_DOCX, tmp_path / "xxe.docx", {DOCUMENT: lambda _: xml.encode()})
    error = refusal(path)
    assert error.code == "office-xml-doctype"
    assert "the-secret-line" not in error.describe("en") + error.describe("zh")


@pytest.mark.parametrize(
    "encoding",
    ["utf-16-le", "utf-16-be", "split"],
    ids=["utf-16-le", "utf-16-be", "across-two-pieces"],
)
def test_a_doctype_is_found_whatever_its_spelling_or_place(tmp_path: Path, encoding: str) -> None:
    declaration = '<!DOCTYPE w:document [<!ENTITY a "b">]>'
    xml = f"<w:document {W}><w:body/></w:document>"
    if encoding == "split":  # the declaration straddles the 64 KB pieces a part is read in
        data = b"<?xml version='1.0'?>" + b" " * (64 * 1024 - 25) + (declaration + xml).encode()
    else:
        data = ("\ufeff" + declaration + xml).encode(encoding)
    path = rezip(SEED_DOCX, tmp_path / "doctype.docx", {DOCUMENT: lambda _: data})
    assert refusal(path).code == "office-xml-doctype"


def test_more_xml_than_a_form_holds_is_refused(tmp_path: Path) -> None:
    sheet = (
        f"<worksheet {MAIN}><sheetData>" + "<x/>" * MAX_OFFICE_XML_TAGS + "</sheetData></worksheet>"
    )
    path = rezip(SEED_XLSX, tmp_path / "tags.xlsx", {SHEET: lambda _: sheet.encode()})
    assert path.stat().st_size < 64 * 1024
    error = refusal(path)
    assert error.code == "office-xml-too-large"
    assert error.text.fields == {"limit": MAX_OFFICE_XML_TAGS}


# --- numbers a sheet may hold -----------------------------------------------------------------


def test_a_format_with_more_places_than_a_decimal_holds_shows_the_number() -> None:
    assert show(Decimal("1.5"), "0." + "0" * 40) == (Decimal("1.5"), None)
    assert show(Decimal("1.5"), "0." + "0" * 40 + "%") == (Decimal("1.5"), None)


def test_numbers_are_read_as_excel_shows_them_and_huge_ones_stay_text(tmp_path: Path) -> None:
    values = ["0.30000000000000004", "1E3", "-0", "1E+400", "12.5"]
    row = "".join(f"<c r='{chr(65 + n)}1'><v>{value}</v></c>" for n, value in enumerate(values))
    path = workbook(
        tmp_path / "numbers.xlsx", [("S", f"<sheetData><row r='1'>{row}</row></sheetData>")]
    )
    [grid] = grids(path)
    assert [grid.rows[0][n].value for n in range(len(values))] == [  # type: ignore[union-attr]
        Decimal("0.3"),
        Decimal(1000),
        Decimal(0),
        "1E+400",  # past the number policy's exponent: the cell reader makes it unreadable
        Decimal("12.5"),
    ]


# --- the command line: the file reported, the others checked ---------------------------------


def test_check_reports_each_hostile_file_as_unreadable_and_checks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = {
        "span.docx": document(
            tmp_path / "span.docx",
            "<w:tbl>"
            + span_row("a", 2_000_000_000, "b").replace("</w:tr>", "")
            + "<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        ),
        "laughs.xlsx": rezip(
            SEED_XLSX,
            tmp_path / "laughs.xlsx",
            {SHEET: lambda _: (LAUGHS + "<worksheet/>").encode()},
        ),
        "missing.xlsx": rezip(SEED_XLSX, tmp_path / "missing.xlsx", {SHEET: lambda _: None}),
    }
    inputs = [str(path) for path in hostile.values()] + [str(SEED_XLSX)]
    code = finishes(lambda: main(["check", "--format", "json", *inputs]), BOUND)
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    assert data["summary"]["inputs"] == 4
    assert data["summary"]["unreadable"] == 3
    assert data["summary"]["reports"] == 1
    assert {(error["file"], error["code"]) for error in data["errors"]} == {
        (str(hostile["span.docx"]), "office-too-many-columns"),
        (str(hostile["laughs.xlsx"]), "office-xml-doctype"),
        (str(hostile["missing.xlsx"]), "office-part-missing"),
    }


def test_import_names_the_file_and_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = document(tmp_path / "paragraphs.docx", "<w:p/>" * (MAX_OFFICE_PARAGRAPHS + 1))
    assert main(["import", "--lang", "en", str(path), str(SEED_XLSX)]) == 2
    captured = capsys.readouterr()
    assert f"{path}: error[office-too-many-paragraphs]" in captured.err
    assert str(MAX_OFFICE_PARAGRAPHS) in captured.err
    assert json.loads(captured.out)["project"]  # the good file is still written out
