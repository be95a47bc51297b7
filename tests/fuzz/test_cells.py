"""Any cell reads as a Cell, and no number it reads is beyond the number policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given

from tests.fuzz.campaign import cell_cases
from tests.fuzz.profiles import FUZZ


@FUZZ
@given(case=cell_cases())
def test_any_cell_reads_as_a_cell_with_numbers_inside_the_limits(
    check: Callable[[str, Any], None], case: Any
) -> None:
    check("cells", case)
