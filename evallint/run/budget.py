"""The budget of one input in a batch: time and memory, where the system can limit them.

A timer signal stops Python code that runs past its time (:class:`OutOfTime`, raised
where the code is); an address-space limit makes an allocation past the memory budget
fail with ``MemoryError``. Both are POSIX only, the timer only on the main thread;
what they cannot stop (one long call into C) is the batch's worker pool's to stop.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

try:
    import resource
except ImportError:  # not on Windows: no memory budget there
    resource = None  # type: ignore[assignment]


class OutOfTime(BaseException):
    """The unit's time is up. Not an ``Exception``: no ``except Exception`` on the way (a
    rule's own error handling) may swallow it and carry on."""


@contextlib.contextmanager
def input_budget(seconds: float, memory: int | None) -> Iterator[None]:
    """Run the body with a timer (raising :class:`OutOfTime`) and an address-space limit
    (making allocations fail with ``MemoryError``), where the system offers them."""
    armed = [False]

    def expire(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            armed[0] = False
            raise OutOfTime

    timed = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    limits = _memory_limits(memory)
    previous: Any = None
    if timed:
        previous = signal.signal(signal.SIGALRM, expire) or signal.SIG_DFL
        armed[0] = True
        signal.setitimer(signal.ITIMER_REAL, seconds)
    if limits is not None:
        resource.setrlimit(resource.RLIMIT_AS, limits[0])
    try:
        yield
    finally:
        armed[0] = False  # first: a signal arriving now changes nothing
        if limits is not None:
            resource.setrlimit(resource.RLIMIT_AS, limits[1])
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _memory_limits(budget: int | None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The address-space limit for one unit (what is in use now plus ``budget``) and the
    limit to restore after it; ``None`` where the system cannot tell or limit."""
    if not budget or resource is None or not hasattr(resource, "RLIMIT_AS"):
        return None
    in_use = _address_space()
    if in_use is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + budget
    for ceiling in (soft, hard):  # never loosen a limit someone set (ulimit -v)
        if ceiling != resource.RLIM_INFINITY:
            limit = min(limit, ceiling)
    return (limit, hard), (soft, hard)


def _address_space() -> int | None:
    """Bytes of address space this process uses (Linux); ``None`` elsewhere."""
    try:
        handle = os.open("/proc/self/statm", os.O_RDONLY)
        try:
            pages = int(os.read(handle, 64).split()[0])
        finally:
            os.close(handle)
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
