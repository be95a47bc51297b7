"""A folder of inputs with FIFOs, sockets, loops and broken files among them, through the
command line or the API: no traceback, an exit code that matches the output, and every input
accounted for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given

from tests.fuzz.profiles import fraction
from tests.fuzz.strategies.batches import BatchCase, batch_cases


@fraction(0.4)
@given(case=batch_cases())
def test_any_batch_accounts_for_every_input_and_exits_as_its_output_says(
    check: Callable[[str, Any], None], case: BatchCase
) -> None:
    check("batches", case)
