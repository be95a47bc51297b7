"""Run the campaign's checks in child processes, so a hang or a memory bomb is measured, not
suffered.

A :class:`Worker` is a process forked once (evallint and the built-in packs loaded), in a
process group of its own and under an address-space limit; it takes one input at a time,
puts it on disk, runs its check and answers with an :class:`Outcome`: what happened, the
CPU time it took and the worker's peak memory. An input that does not finish in time is
killed with the whole group (the worker, a command line it started, their workers) and
the worker starts again. A :class:`Pool` keeps several workers busy (bench/fuzz.py).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 3 * 1024**3
"""Address space a worker may map: a memory bomb ends in MemoryError, not on the machine."""

MEMORY_BUDGET = 500 * 1024**2
"""Peak resident memory a worker may reach (issue 16: under 500 MB); beyond it, the input
that took it there is a ``memory`` outcome, and the worker starts again."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one input did.

    ``kind``: ``ok``; ``traceback`` (an exception escaped evallint; ``internal-error`` when
    evallint caught it and said so); ``violation`` (evallint answered but broke a promise);
    ``hang`` (over its time budget, or killed); ``memory`` (over :data:`MEMORY_BUDGET`);
    ``crash`` (the worker died). ``signature`` is what makes two failures the same one.
    """

    kind: str
    signature: str = ""
    detail: str = ""
    seconds: float = 0.0
    cpu: float = 0.0
    rss: int = 0
    lost: int = 0

    @property
    def failed(self) -> bool:
        return self.kind != "ok"


def _signature(error: BaseException) -> str:
    """The exception's type and the innermost frame of evallint's code it came through."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/evallint/" in f.filename] or frames[-1:]
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].name}" if ours else ""
    return f"{type(error).__name__}{where}"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_one(category: Any, case: Any) -> Outcome:
    """Put ``case`` on disk, run its check, and say what happened (in this process)."""
    from tests.fuzz.properties import Escaped, Violation

    folder = Path(tempfile.mkdtemp(prefix="evallint-fuzz-"))
    try:
        category.prepare(case, folder)
        started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        try:
            category.check(case, folder)
            outcome = Outcome("ok")
        except Violation as violation:
            kind = "internal-error" if violation.kind == "internal-error" else "violation"
            kind = "memory" if violation.kind == "memory" else kind
            lost = violation.count if violation.kind == "lost-input" else 0
            outcome = Outcome(kind, f"{violation.kind}", violation.detail, lost=lost)
        except Escaped as escaped:
            outcome = Outcome("traceback", f"cli: {escaped}", escaped.text[-3000:])
        except MemoryError as error:
            outcome = Outcome("memory", _signature(error), traceback.format_exc()[-3000:])
        except Exception as error:
            outcome = Outcome("traceback", _signature(error), traceback.format_exc()[-3000:])
        spent = time.process_time() - cpu + _children_cpu() - children
        outcome = replace(outcome, seconds=time.perf_counter() - started, cpu=spent)
    finally:
        from tests.fuzz.strategies.files import release

        release(folder)
        shutil.rmtree(folder, ignore_errors=True)
    if outcome.kind == "ok" and spent > category.seconds(case):
        outcome = replace(outcome, kind="hang", signature="slow", detail=f"{spent:.1f} s of CPU")
    return outcome


def _serve(connection: Connection, memory_limit: int) -> None:
    """A worker: answer each (category name, case) with an Outcome until sent ``None``."""
    os.setpgrp()  # a kill of the group ends this worker and anything it started
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    # standard input is a pipe nobody writes to: reading it blocks, as a FIFO would
    read_end, _keep_open = os.pipe()
    os.dup2(read_end, 0)
    from tests.fuzz import properties
    from tests.fuzz.campaign import CATEGORIES

    properties.warm()
    connection.send("ready")
    while True:
        task = connection.recv()
        if task is None:
            return
        category, case = task
        outcome = run_one(CATEGORIES[category] if isinstance(category, str) else category, case)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        connection.send(replace(outcome, rss=max(rss, children)))


class Worker:
    """One worker process: give it an input, wait for its outcome or kill it."""

    def __init__(self, memory_limit: int = MEMORY_LIMIT) -> None:
        self.memory_limit = memory_limit
        self.process: Any = None
        self.connection: Connection | None = None
        self.task: tuple[Any, Any] | None = None
        self.deadline = 0.0
        self.started = 0.0

    def start(self) -> None:
        # a fresh process (not a fork of a test session grown large): its memory is its own
        context = multiprocessing.get_context("forkserver")
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, self.memory_limit))
        self.process.start()
        theirs.close()
        self.connection = ours
        if not ours.poll(120) or ours.recv() != "ready":
            raise RuntimeError("the fuzzing worker did not start")

    def send(self, category: Any, case: Any, seconds: float) -> None:
        """Give the worker an input of ``category`` (a name in CATEGORIES, or a Category)."""
        if self.process is None or not self.process.is_alive():
            self.start()
        assert self.connection is not None
        self.task = (category, case)
        self.started = time.perf_counter()
        self.deadline = self.started + seconds
        self.connection.send(self.task)

    def receive(self) -> Outcome:
        """The outcome of the input sent (the worker has answered or died)."""
        assert self.connection is not None
        try:
            outcome: Outcome = self.connection.recv()
        except (EOFError, OSError):
            self.process.join(5)
            code = self.process.exitcode
            self.stop()
            return Outcome("crash", f"worker died (exit {code})", f"exit code {code}",
                           time.perf_counter() - self.started)  # fmt: skip
        finally:
            self.task = None
        if outcome.rss > MEMORY_BUDGET:
            self.stop()  # the next input starts from a fresh worker
            if not outcome.failed:
                mb = outcome.rss // 1024**2
                outcome = replace(outcome, kind="memory", signature="peak RSS", detail=f"{mb} MB")
        return outcome

    def kill(self) -> Outcome:
        """End the input sent (and the worker): it took longer than its budget."""
        seconds = time.perf_counter() - self.started
        self.stop()
        self.task = None
        return Outcome("hang", "killed", f"no answer after {seconds:.1f} s", seconds, seconds)

    def run(self, category: Any, case: Any, seconds: float) -> Outcome:
        """Run one input and wait for it: its outcome, or a hang after ``seconds``."""
        self.send(category, case, seconds)
        assert self.connection is not None
        if self.connection.poll(seconds):
            return self.receive()
        return self.kill()

    def stop(self) -> None:
        """End the worker and every process of its group."""
        if self.process is not None and self.process.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.join(5)
        if self.connection is not None:
            self.connection.close()
        self.process = self.connection = None


class Pool:
    """Workers kept busy with inputs; each outcome goes to ``done(name, case, outcome)``."""

    def __init__(
        self,
        size: int,
        done: Callable[[str, Any, Outcome], None],
        memory_limit: int = MEMORY_LIMIT,
        kill_after: Callable[[float], float] = lambda budget: 5 * budget,
    ) -> None:
        self.workers = [Worker(memory_limit) for _ in range(size)]
        self.done = done
        self.kill_after = kill_after
        for worker in self.workers:
            worker.start()

    def submit(self, name: str, case: Any, seconds: float) -> None:
        """Give the input to an idle worker (waiting for one if all are busy)."""
        while True:
            idle = [worker for worker in self.workers if worker.task is None]
            if idle:
                idle[0].send(name, case, self.kill_after(seconds))
                return
            self._collect()

    def drain(self) -> None:
        """Wait for every input given."""
        while any(worker.task is not None for worker in self.workers):
            self._collect()

    def _collect(self) -> None:
        busy = [worker for worker in self.workers if worker.task is not None]
        timeout = max(0.0, min(worker.deadline for worker in busy) - time.perf_counter())
        ready = wait([worker.connection for worker in busy], timeout=timeout)  # type: ignore[misc]
        now = time.perf_counter()
        for worker in busy:
            assert worker.task is not None
            name, case = worker.task
            if worker.connection in ready:
                self.done(name, case, worker.receive())
            elif now >= worker.deadline:
                self.done(name, case, worker.kill())

    def close(self) -> None:
        for worker in self.workers:
            if worker.connection is not None and worker.task is None:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
            worker.stop()
