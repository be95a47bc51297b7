"""A report with adversarial cells, handed over as a dict, text, bytes or a file, is read or
refused with a located error, checked by a built-in pack without rule errors, and shown in
every output format as text UTF-8 can hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given

from evallint.formatters import FORMATTERS
from tests.fuzz.profiles import FUZZ
from tests.fuzz.strategies.raw import RawCase, raw_cases
from tests.fuzz.strategies.reports import FORMATS, ReportCase, report_cases


def test_the_campaign_renders_every_output_format() -> None:
    assert set(FORMATS) == set(FORMATTERS)


@FUZZ
@given(case=report_cases())
def test_any_report_is_read_or_refused_in_place_and_every_output_holds_it(
    check: Callable[[str, Any], None], case: ReportCase
) -> None:
    check("reports", case)


@FUZZ
@given(case=raw_cases())
def test_any_file_of_bytes_gives_a_result_for_each_report_in_it(
    check: Callable[[str, Any], None], case: RawCase
) -> None:
    check("raw", case)
