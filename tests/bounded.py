"""A call that must end: a hang fails the test instead of blocking the run (issue 16)."""

from __future__ import annotations

import threading
from collections.abc import Callable


def finishes(work: Callable[[], object], seconds: float = 10.0) -> object:
    """What ``work`` returns (or raises), asserting it ends in a generous bound: a hang
    fails the test instead of blocking the run."""
    box: list[object] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            box.append(work())
        except BaseException as error:  # handed to the test's own thread
            failed.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "still running after a generous bound"
    if failed:
        raise failed[0]
    return box[0]
