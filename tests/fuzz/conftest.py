"""The worker every fuzz test runs its inputs in, and ``check``, which runs one and fails the
test with what went wrong."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.fuzz.campaign import CATEGORIES
from tests.fuzz.harness import Worker

KILL_FACTOR = 5
"""An input is killed after this many times its budget: a generous bound, so a slow machine
does not fail a test (an input over its budget of CPU time fails anyway)."""


@pytest.fixture(scope="session")
def fuzz_worker() -> Iterator[Worker]:
    worker = Worker()
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def check(fuzz_worker: Worker) -> Callable[[str, Any], None]:
    """Run one input of a category in the worker; fail with the outcome unless it is ok."""

    def run(name: str, case: Any) -> None:
        budget = CATEGORIES[name].seconds(case)
        outcome = fuzz_worker.run(name, case, KILL_FACTOR * budget)
        assert not outcome.failed, (
            f"{outcome.kind}: {outcome.signature} ({outcome.cpu:.2f} s CPU, "
            f"{outcome.rss // 1024**2} MB)\n{outcome.detail}"
        )

    return run
