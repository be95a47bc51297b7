"""An old binary office file (.xls, .doc, and WPS's .et, .wps) is refused with the way out:
save it as .xlsx or .docx (issue 17: "unsupported file type" alone left a clerk stuck)."""

from __future__ import annotations

from pathlib import Path

import pytest

import evallint


@pytest.mark.parametrize(
    ("suffix", "program", "new"),
    [(".xls", "Excel", ".xlsx"), (".doc", "Word", ".docx"), (".et", "WPS 表格", ".xlsx")],
)
def test_an_old_office_file_is_refused_with_the_save_as_hint(
    tmp_path: Path, suffix: str, program: str, new: str
) -> None:
    path = tmp_path / f"form{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")  # the start of an OLE2 compound file
    [error] = evallint.load_reports(path)
    assert isinstance(error, evallint.ReportError)
    assert (error.code, error.file) == ("report-old-office", str(path))
    assert f"另存为” {new}" in error.message("zh") and program in error.message("zh")
    assert f"save it as {new}" in error.message("en")


def test_a_file_of_no_known_kind_is_still_simply_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(b"%PDF-1.7")
    [error] = evallint.load_reports(path)
    assert isinstance(error, evallint.ReportError)
    assert error.code == "report-unsupported"
