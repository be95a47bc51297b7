"""Read 自评表 forms from Excel (.xlsx) and Word (.docx) files into reports.

``read_office(path)`` gives one report per form found, each with ``source``
naming the file, the sheet (or table) and the cell of every value read; it
raises :class:`~evallint.errors.ReportError` for a file that cannot be read
or holds no form. The optional extra ``evallint[office]`` (openpyxl,
python-docx) is asked for; without it the error says how to install it.

A file from anyone is read within the limits of :mod:`evallint.limits`:
evallint parses the XML itself, streamed through one door
(:mod:`evallint.office.archive`), and takes only Excel's format tables from
openpyxl. Past a limit the file is an error naming the limit (and the sheet or
cell), never a long wait or a run out of memory.
"""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from evallint.errors import ReportError, Text
from evallint.office.archive import Archive
from evallint.office.docx import Paragraph, read_document
from evallint.office.form import YEAR, Form, find_forms
from evallint.office.grid import Grid
from evallint.office.xlsx import read_workbook

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DOCX_SUFFIXES = frozenset({".docx"})
OFFICE_SUFFIXES = XLSX_SUFFIXES | DOCX_SUFFIXES


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
        archive = Archive.open(path)
        forms = _workbook_forms(archive) if suffix in XLSX_SUFFIXES else _document_forms(archive)
    except ReportError as error:
        raise (error if error.file else error.with_file(name)) from None
    except FileNotFoundError:
        raise ReportError(Text("report-not-found"), file=name) from None
    except IsADirectoryError:
        raise ReportError(Text("report-is-directory"), file=name) from None
    except OSError as error:
        raise ReportError(
            Text("report-io", {"reason": error.strerror or str(error)}), file=name
        ) from None
    except Exception as error:  # a reader failing on a bad file: the file, not a traceback
        raise ReportError(
            Text("office-unreadable", {"reason": f"{type(error).__name__}: {error}"}), file=name
        ) from None
    if not forms:
        raise ReportError(Text("office-no-form"), file=name)
    for data in forms:
        data.setdefault("source", {})["file"] = path.name
    return forms


def _workbook_forms(archive: Archive) -> list[dict[str, Any]]:
    reports = []
    for grid in read_workbook(archive):
        for form in find_forms(grid):
            reports.append(_with_source(form, grid.name))
    return reports


def _document_forms(archive: Archive) -> list[dict[str, Any]]:
    blocks = read_document(archive)
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
    texts: list[list[str]] = []  # each section's paragraphs, joined once at the end (linear)
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
            texts.append([])
        elif sections:
            if not texts[-1]:
                cells[f"/narrative/{len(sections) - 1}/text"] = f"正文第{number}段"
            texts[-1].append(text)
        else:
            title.append(text)
    for section, pieces in zip(sections, texts, strict=True):
        section["text"] = "".join(pieces)
    if title and "title" not in data:
        data["title"] = re.sub(r"\s+", "", "".join(title))
    if sections:
        data["narrative"] = sections
