"""A call that must end: a hang fails the test instead of blocking the run (issue 16)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def finishes(work: Callable[[], T], seconds: float = 10.0) -> T:
    """What ``work`` returns (or raises), asserting it ends within ``seconds``: a hang (a
    loop, a FIFO opened for reading that waits for a writer) fails the test instead of
    blocking the run."""
    box: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            box.append(work())
        except BaseException as error:  # handed to the test's own thread
            failed.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if failed:
        raise failed[0]
    return box[0]
