"""Read 自评表 forms from Excel (.xlsx) and Word (.docx) files into reports.

``read_office(path)`` gives one report per form found, each with ``source``
naming the file, the sheet (or table) and the cell of every value read; it
raises :class:`~evallint.errors.ReportError` for a file that cannot be read
or holds no form. The readers (openpyxl, python-docx) are the optional extra
``evallint[office]``; without them the error says how to install it.
"""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from evallint.errors import ReportError, Text
from evallint.office.docx import Paragraph, read_document
from evallint.office.form import YEAR, Form, find_forms
from evallint.office.grid import Grid
from evallint.office.xlsx import read_workbook

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DOCX_SUFFIXES = frozenset({".docx"})
OFFICE_SUFFIXES = XLSX_SUFFIXES | DOCX_SUFFIXES

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML, or an old .xls/.doc


def read_office(path: Path, name: str | None = None) -> list[dict[str, Any]]:
    """The report data of every form in the workbook or document at ``path``."""
    name = name or str(path)
    suffix = path.suffix.lower()
    module = "openpyxl" if suffix in XLSX_SUFFIXES else "docx"
    try:
        importlib.import_module(module)  # the optional extra: say how to get it
    except ImportError:
        raise ReportError(Text("office-missing", {"suffix": suffix}), file=name) from None
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise ReportError(Text("report-not-found"), file=name) from None
    except OSError as error:
        raise ReportError(
            Text("report-io", {"reason": error.strerror or str(error)}), file=name
        ) from None
    if head.startswith(_OLE_MAGIC):
        raise ReportError(Text("office-encrypted"), file=name)
    try:
        forms = _workbook_forms(path) if suffix in XLSX_SUFFIXES else _document_forms(path)
    except ReportError:
        raise
    except Exception as error:  # not a zip, a part missing, a reader failing on a bad file
        raise ReportError(
            Text("office-unreadable", {"reason": f"{type(error).__name__}: {error}"}), file=name
        ) from None
    if not forms:
        raise ReportError(Text("office-no-form"), file=name)
    for data in forms:
        data.setdefault("source", {})["file"] = path.name
    return forms


def _workbook_forms(path: Path) -> list[dict[str, Any]]:
    reports = []
    for grid in read_workbook(path):
        for form in find_forms(grid):
            reports.append(_with_source(form, grid.name))
    return reports


def _document_forms(path: Path) -> list[dict[str, Any]]:
    blocks = read_document(path)
    found: list[tuple[int, dict[str, Any]]] = []
    for position, block in enumerate(blocks):
        if isinstance(block, Grid):
            for form in find_forms(block):
                found.append((position, _with_source(form, block.name)))
    # The text of a document goes with its forms: the paragraphs before the first
    # form's table and after the last belong to the first and last; between two
    # tables, to the one that follows.
    for index, (_, data) in enumerate(found):
        start = found[index - 1][0] + 1 if index else 0
        end = found[index + 1][0] if index + 1 < len(found) else len(blocks)
        paragraphs = [block for block in blocks[start:end] if isinstance(block, Paragraph)]
        _add_narrative(data, paragraphs)
    return [data for _, data in found]


def _with_source(form: Form, sheet: str) -> dict[str, Any]:
    data: dict[str, Any] = form.data
    source: dict[str, Any] = {"sheet": sheet, "cells": form.cells}
    if form.stored:
        source["stored"] = form.stored
    if form.problems:
        source["problems"] = [
            {"code": code, "path": path, "cell": cell} for code, path, cell in form.problems
        ]
    data["source"] = source
    return data


_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+\s*[.．、]|（[一二三四五六七八九十]+）)"
)
_AMOUNT = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*万元\s*[)）]\s*[。.]?\s*$")
_ANNEX = re.compile(r"^\s*附件\s*\d*\s*$")


def _add_narrative(data: dict[str, Any], paragraphs: list[Paragraph]) -> None:
    """Sections from the paragraphs around a form: a numbered heading opens a section."""
    title: list[str] = []
    sections: list[dict[str, Any]] = []
    cells: dict[str, str] = data["source"]["cells"]
    for paragraph in paragraphs:
        number, raw = paragraph.number, paragraph.text
        text = raw.strip().strip("\u3000")
        if not text or _ANNEX.match(text):
            continue
        if "自评表" in text and len(text) <= 40:  # the table's own title
            year = YEAR.search(text)
            if year and "year" not in data:
                data["year"] = Decimal(year.group(1))
            continue
        if _HEADING.match(text):
            section: dict[str, Any] = {"heading": text, "text": ""}
            amount = _AMOUNT.search(text)
            if amount:
                section["heading"] = text[: amount.start()].strip()
                section["amount"] = Decimal(amount.group(1))
            cells[f"/narrative/{len(sections)}/heading"] = f"正文第{number}段"
            sections.append(section)
        elif sections:
            if not sections[-1]["text"]:
                cells[f"/narrative/{len(sections) - 1}/text"] = f"正文第{number}段"
            sections[-1]["text"] += text
        else:
            title.append(text)
    if title and "title" not in data:
        data["title"] = re.sub(r"\s+", "", "".join(title))
    if sections:
        data["narrative"] = sections
