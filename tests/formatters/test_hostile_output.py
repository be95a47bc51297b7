"""Text no output format can hold as it is, from reports found by the fuzzing campaign (issue 16):
every format still renders, and XML stays well-formed."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

import evallint
from evallint.formatters import FORMATTERS, render
from evallint.formatters.base import Options
from evallint.results import ReportResult, Summary
from evallint.run.check import check_report

# a NUL, a vertical tab, an escape, a lone surrogate, U+FFFF: legal in a JSON string,
# not in XML 1.0 (and the surrogate in no encoding at all)
HOSTILE = "项目\x00\x0b\x1b\ud800\uffff名称"


@pytest.fixture
def result(seed_text: str) -> ReportResult:
    data = json.loads(seed_text)
    data["project"] = HOSTILE
    data["indicators"][0]["name"] = HOSTILE
    data["indicators"][0]["score"] = "99"  # a finding whose message quotes the row
    return check_report(evallint.load_report(data), evallint.load_rules(), keep_data=True)


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_every_format_renders_text_utf8_can_hold(result: ReportResult, name: str) -> None:
    summary = Summary(1)
    summary.add(result)
    text = render(name, [result], summary, Options())
    text.encode("utf-8")  # no lone surrogate left: it is written as its escape
    assert "\\ud800" in text


def test_junit_writes_what_xml_cannot_hold_as_escapes_and_stays_well_formed(
    result: ReportResult,
) -> None:
    summary = Summary(1)
    summary.add(result)
    text = render("junit", [result], summary, Options())
    root = ElementTree.fromstring(text.encode("utf-8"))
    failures = " ".join(node.text or "" for node in root.iter("failure"))
    assert "项目\\u0000\\u000b\\u001b\\ud800\\uffff名称" in failures


def test_an_empty_jsonl_file_is_an_error_to_the_library_as_to_the_command_line(
    tmp_path: Path,
) -> None:
    for name, content in (("empty.jsonl", b""), ("blank.jsonl", b"  \n\n\t\n")):
        path = tmp_path / name
        path.write_bytes(content)
        [item] = evallint.load_reports(path)
        assert isinstance(item, evallint.ReportError)
        assert (item.code, item.file) == ("report-empty", str(path))


def test_empty_text_given_to_load_report_is_an_error_about_the_whole_report() -> None:
    with pytest.raises(evallint.ReportError) as caught:
        evallint.load_report("   ")
    assert (caught.value.code, caught.value.pointer) == ("report-empty", "")


def test_jsonl_keeps_each_entry_on_one_line_for_any_line_splitter(seed_text: str) -> None:
    data = json.loads(seed_text)
    data["indicators"][0]["name"] = "a\x85b\u2028c\u2029d\x1ce"
    data["indicators"][0]["score"] = "99"
    result = check_report(evallint.load_report(data), evallint.load_rules())
    summary = Summary(1)
    summary.add(result)
    text = render("jsonl", [result], summary, Options())
    assert "\\u0085" in text
    entries = [json.loads(line) for line in text.splitlines()]  # splits at \x85 too
    assert entries[-1]["kind"] == "summary"
    assert any("a\x85b\u2028c\u2029d\x1ce" in entry.get("message", "") for entry in entries)
