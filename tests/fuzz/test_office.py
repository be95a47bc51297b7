"""A hostile .xlsx or .docx (merges over a sheet, huge spans, zip bombs, 100,000 rows) gives
its forms or a located error, in bounded time and memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given

from tests.fuzz.profiles import fraction
from tests.fuzz.strategies.office import OfficeCase, office_cases


@fraction(0.6)
@given(case=office_cases())
def test_any_office_file_gives_its_forms_or_an_error_in_bounded_time_and_memory(
    check: Callable[[str, Any], None], case: OfficeCase
) -> None:
    check("office", case)
