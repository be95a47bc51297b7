"""Run a batch: every input, every report in it, each read and checked on its own.

One bad input never stops the others, and every input is accounted for: each
report read gives a :class:`~evallint.results.ReportResult` with its findings,
each input or line that could not be read one holding its
:class:`~evallint.errors.ReportError`, and anything else that went wrong on
one input (a bug met on it, its time or memory budget spent, the worker
process checking it gone) one naming that input, with its own code.

Inputs become units of work (a file, one line of a ``.jsonl`` batch, standard
input, an argument that named nothing); in ``jobs`` worker processes the
units go out in chunks with a bounded number in flight, and results come
back in input order, so the output is the same whatever ``jobs`` is and a
100,000-line batch streams through in flat memory.

Each unit runs under a budget (:data:`~evallint.limits.INPUT_SECONDS`,
:data:`~evallint.limits.INPUT_MEMORY_BYTES`): a timer signal stops Python
code that runs too long, and an address-space limit makes an allocation past
the budget fail, where the system offers them (POSIX; the timer only on the
main thread). What a signal cannot stop (one long call into C) is stopped in
worker processes by the parent, which kills a worker that stays on one unit
for :data:`~evallint.limits.INPUT_KILL_SECONDS` more, reports that unit and
starts a new worker for the rest.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import count, islice
from multiprocessing.connection import Connection, wait
from typing import Any

from evallint.errors import ReportError, Text
from evallint.limits import (
    INPUT_KILL_SECONDS,
    INPUT_MEMORY_BYTES,
    INPUT_SECONDS,
    MAX_EXCERPT_CHARS,
    MAX_REPORT_BYTES,
)
from evallint.messages import Lang
from evallint.read.report import (
    BATCH_SUFFIXES,
    Report,
    load_reports,
    report_from_bytes,
    report_from_line,
)
from evallint.results import ReportResult
from evallint.rules.model import RuleSet
from evallint.run.budget import OutOfTime, input_budget
from evallint.run.check import check_report
from evallint.run.inputs import STDIN, Missing


@dataclass(frozen=True, slots=True)
class Settings:
    """How every report of a batch is checked (sent once to each worker process).

    ``input_seconds`` and ``input_memory`` are the budget of one input (0 and
    ``None``: none); ``kill_seconds`` how much longer a worker process may stay on
    one input before it is killed.
    """

    rules: RuleSet | None
    lang: Lang = "zh"
    lines: bool = False
    keep_data: bool = False
    input_seconds: float = INPUT_SECONDS
    input_memory: int | None = INPUT_MEMORY_BYTES
    kill_seconds: float = INPUT_KILL_SECONDS

    def check(self, report: Report) -> ReportResult:
        """Check one report; an internal failure becomes that report's error, never a crash."""
        try:
            return check_report(
                report, self.rules, lang=self.lang, lines=self.lines, keep_data=self.keep_data
            )
        except MemoryError:
            raise  # the input's memory budget: reported as such by the batch
        except Exception as error:
            problem = ReportError(_internal(error), file=report.file)
            return ReportResult(report.file or "<report>", report.line, error=problem)


# --- units of work ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _File:
    """A file to read (a report, a workbook, or a batch that could not be opened)."""

    name: str


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a ``.jsonl`` batch, read by the parent, checked anywhere."""

    name: str
    number: int
    raw: bytes


@dataclass(frozen=True, slots=True)
class _Stdin:
    """Standard input, read once by the parent."""

    raw: bytes


@dataclass(frozen=True, slots=True)
class _Settled:
    """A unit whose results are known without checking anything (an empty batch, a line too
    long to read, a unit that a worker process could not finish)."""

    results: tuple[ReportResult, ...] = field(default=())


Unit = _File | _Line | _Stdin | _Settled | Missing


def _units(inputs: Iterable[str | Missing], stdin: bytes | None) -> Iterator[Unit]:
    for name in inputs:
        if isinstance(name, Missing):
            yield name
        elif name == STDIN:
            yield _Stdin(stdin or b"")
        elif any(name.lower().endswith(suffix) for suffix in BATCH_SUFFIXES):
            yield from _lines_of(name)
        else:
            yield _File(name)


def _lines_of(name: str) -> Iterator[Unit]:
    """The lines of a ``.jsonl`` batch as units; a batch with no report is an error, as an
    empty ``.json`` is. Lines are read here and checked elsewhere, each at most
    :data:`~evallint.limits.MAX_REPORT_BYTES` long: the file is never held whole."""
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed by the with below
    except OSError:
        yield _File(name)  # load_reports says what is wrong with it
        return
    reports = 0
    with stream:
        for number in count(1):
            try:
                raw = stream.readline(MAX_REPORT_BYTES + 1)
                overlong = len(raw) > MAX_REPORT_BYTES and not raw.endswith(b"\n")
                size = len(raw) + _skip_line(stream) if overlong else len(raw)
            except OSError as error:
                unreadable = Text("report-io", {"reason": error.strerror or str(error)})
                yield _Settled(tuple(_failed(_Line(name, number, b""), unreadable)))
                return
            if not raw:
                break
            if overlong:
                too_large = Text("report-too-large", {"size": size, "limit": MAX_REPORT_BYTES})
                yield _Settled(tuple(_failed(_Line(name, number, b""), too_large)))
            elif raw.strip():
                yield _Line(name, number, raw)
            else:
                continue
            reports += 1
    if reports == 0:
        yield _Settled((ReportResult(name, error=ReportError(Text("report-empty"), file=name)),))


def _skip_line(stream: Any) -> int:
    """Read past the rest of an overlong line; how many bytes that was."""
    skipped = 0
    while True:
        part = stream.readline(1024 * 1024)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


def _results(unit: Unit, settings: Settings) -> list[ReportResult]:
    """The results of one unit of work."""
    if isinstance(unit, _Settled):
        return list(unit.results)
    if isinstance(unit, Missing):
        return [ReportResult(unit.name, error=ReportError(unit.text(), file=unit.name))]
    if isinstance(unit, _File):
        results = [
            ReportResult(unit.name, error=item)
            if isinstance(item, ReportError)
            else settings.check(item)
            for item in load_reports(unit.name)
        ]
        # an input that gave nothing would vanish from the summary: it is an error instead
        nothing = ReportError(Text("input-no-report"), file=unit.name)
        return results or [ReportResult(unit.name, error=nothing)]
    try:
        if isinstance(unit, _Line):
            report = report_from_line(unit.raw, file=unit.name, line=unit.number)
        else:
            report = report_from_bytes(unit.raw, file="<stdin>")  # decoded as a file is
    except ReportError as error:
        if isinstance(unit, _Line):
            return [ReportResult(unit.name, unit.number, error=error)]
        return [ReportResult("<stdin>", error=error.with_file("<stdin>"))]
    return [settings.check(report)]


def _checked(unit: Unit, settings: Settings) -> list[ReportResult]:
    """The results of one unit, within its budget: whatever happens, one result at least."""
    try:
        with input_budget(settings.input_seconds, settings.input_memory):
            return _results(unit, settings)
    except OutOfTime:
        return _failed(unit, Text("input-too-slow", {"seconds": _seconds(settings)}))
    except MemoryError:
        return _failed(unit, _out_of_memory(settings))
    except Exception as error:
        # a bug met on this input: that input's error, and the run goes on
        return _failed(unit, _internal(error))


def _failed(unit: Unit, text: Text) -> list[ReportResult]:
    """One error result for ``unit``, named as its results would be."""
    if isinstance(unit, _Settled):
        return list(unit.results)
    if isinstance(unit, _Line):
        error = ReportError(text, file=unit.name, line=unit.number)
        return [ReportResult(unit.name, unit.number, error=error)]
    name = "<stdin>" if isinstance(unit, _Stdin) else unit.name
    return [ReportResult(name, error=ReportError(text, file=name))]


def _internal(error: BaseException) -> Text:
    detail = f"{type(error).__name__}: {error}"
    return Text("internal-error", {"detail": detail[:MAX_EXCERPT_CHARS]})


def _seconds(settings: Settings) -> str:
    return f"{settings.input_seconds:g}"


def _out_of_memory(settings: Settings) -> Text:
    return Text("input-too-large-in-memory", {"limit": (settings.input_memory or 0) >> 20})


# --- running ---------------------------------------------------------------------------


def run_batch(
    inputs: Iterable[str | Missing],
    settings: Settings,
    *,
    jobs: int = 1,
    stdin: bytes | None = None,
    chunk_size: int = 64,
) -> Iterator[ReportResult]:
    """Results for every input, in input order, checked in ``jobs`` processes.

    ``inputs`` are file names (``-`` for standard input, whose bytes are
    ``stdin``) and :class:`~evallint.run.inputs.Missing` arguments, as
    :func:`~evallint.run.inputs.expand` gives them.
    """
    units = _units(inputs, stdin)
    if jobs <= 1:
        for unit in units:
            yield from _checked(unit, settings)
        return
    yield from _in_processes(units, settings, jobs, chunk_size)


def _serve(
    settings: Settings, tasks: Any, results: Connection, progress: Any, slot: int, size: int
) -> None:
    """A worker process: check chunks until told to stop (``None``).

    Before each unit it writes the unit's place (chunk × ``size`` + position) in
    its ``slot`` of ``progress``, and -1 between chunks, so the parent can tell
    which unit a worker that died or got stuck was on.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer
    while True:
        task = tasks.get()
        if task is None:
            return
        index, chunk = task
        checked: list[ReportResult] = []
        for position, unit in enumerate(chunk):
            progress[slot] = index * size + position
            checked.extend(_checked(unit, settings))
        progress[slot] = -1
        results.send((index, checked))


def _in_processes(
    units: Iterator[Unit], settings: Settings, jobs: int, chunk_size: int
) -> Iterator[ReportResult]:
    if settings.rules is not None:
        settings.rules.prepare()  # generated once here: the workers start with it
    pool = _Pool(settings, jobs, chunk_size)
    in_flight = jobs * 4
    sent = done = 0
    exhausted = False
    waiting: dict[int, list[ReportResult]] = {}
    finished = False
    try:
        while True:
            while not exhausted and sent - done < in_flight and pool.has_room():
                chunk = list(islice(units, chunk_size))
                if not chunk:
                    exhausted = True
                    break
                pool.send(sent, chunk)
                sent += 1
            if exhausted and done == sent:
                finished = True
                return
            if done in waiting:
                yield from waiting.pop(done)
                done += 1
                continue
            waiting.update(pool.receive())
    finally:
        pool.close(finished)


@dataclass(slots=True)
class _Worker:
    """A worker process, the pipes to it, and the chunks it holds (sent, not answered)."""

    process: Any
    tasks: Any
    results: Connection
    slot: int
    chunks: list[int] = field(default_factory=list)
    watched: tuple[int, float] | None = None
    """The unit it was last seen on, and since when (by the parent's clock)."""


class _Pool:
    """Worker processes that check chunks of units, replaced when one dies or gets stuck.

    Each worker has its own task queue and result pipe, so the parent always knows
    which chunks a worker holds: when one dies or is killed, the unit it was on
    becomes an error result (its code says why) and its chunks go to a new worker.
    """

    _CHUNKS_PER_WORKER = 2  # one being checked, one waiting: a worker never idles

    def __init__(self, settings: Settings, jobs: int, chunk_size: int) -> None:
        self.settings = settings
        self.chunk_size = chunk_size
        self.context = multiprocessing.get_context()
        self.progress: Any = self.context.RawArray("q", jobs)
        self.chunks: dict[int, list[Unit]] = {}
        self.unexplained = 0
        self.workers = [self._start(slot) for slot in range(jobs)]
        limit = settings.input_seconds + settings.kill_seconds
        self.poll_seconds = min(1.0, max(0.05, limit / 4)) if settings.input_seconds > 0 else 1.0

    def _start(self, slot: int) -> _Worker:
        self.progress[slot] = -1
        tasks = self.context.Queue()
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_serve,
            args=(self.settings, tasks, writer, self.progress, slot, self.chunk_size),
            daemon=True,
        )
        process.start()
        writer.close()  # the worker's end: when the worker is gone, reading ends
        return _Worker(process, tasks, reader, slot)

    def has_room(self) -> bool:
        return any(len(w.chunks) < self._CHUNKS_PER_WORKER for w in self.workers)

    def send(self, index: int, chunk: list[Unit]) -> None:
        """Give chunk ``index`` to the worker holding the fewest."""
        worker = min(self.workers, key=lambda w: len(w.chunks))
        self.chunks[index] = chunk
        worker.chunks.append(index)
        worker.tasks.put((index, chunk))

    def receive(self) -> list[tuple[int, list[ReportResult]]]:
        """The chunks answered within a poll; a worker that died or got stuck is replaced."""
        arrived: list[tuple[int, list[ReportResult]]] = []
        busy = [w for w in self.workers if w.chunks]
        watched = [w.results for w in busy] + [w.process.sentinel for w in busy]
        ready = wait(watched, self.poll_seconds)
        for worker in busy:
            if worker.results in ready:
                try:
                    arrived.append(self._answer(worker, worker.results.recv()))
                    continue
                except (EOFError, OSError):
                    pass  # it died while answering: below
            if worker.process.sentinel in ready or not worker.process.is_alive():
                arrived.extend(self._replace(worker, None))
        now = time.monotonic()
        limit = self.settings.input_seconds + self.settings.kill_seconds
        for worker in list(self.workers):
            place = self.progress[worker.slot]
            if place < 0 or self.settings.input_seconds <= 0:
                worker.watched = None
            elif worker.watched is None or worker.watched[0] != place:
                worker.watched = (place, now)
            elif now - worker.watched[1] > limit:
                too_slow = Text("input-too-slow", {"seconds": _seconds(self.settings)})
                arrived.extend(self._replace(worker, too_slow))
        return arrived

    def _answer(
        self, worker: _Worker, answer: tuple[int, list[ReportResult]]
    ) -> tuple[int, list[ReportResult]]:
        index, _ = answer
        worker.chunks.remove(index)
        del self.chunks[index]
        return answer

    def _replace(
        self, worker: _Worker, reason: Text | None
    ) -> list[tuple[int, list[ReportResult]]]:
        """Kill ``worker`` (``reason``: why) or bury it (``None``: it died), blame the unit it
        was on, and hand its chunks to a new worker in its slot. Answers it had sent
        before it went are returned."""
        place = self.progress[worker.slot]
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        arrived = []
        with contextlib.suppress(EOFError, OSError):
            while worker.results.poll(0):
                arrived.append(self._answer(worker, worker.results.recv()))
        worker.results.close()
        worker.tasks.cancel_join_thread()  # what it still held is sent again below
        index, position = divmod(place, self.chunk_size) if place >= 0 else (-1, -1)
        if index in worker.chunks:
            if reason is None:
                reason = Text("input-crashed", {"detail": _ending(worker.process.exitcode)})
            chunk = self.chunks[index]
            chunk[position] = _Settled(tuple(_failed(chunk[position], reason)))
        else:
            # it died with no unit on hand: not an input's doing; a few are bearable
            self.unexplained += 1
            if self.unexplained > len(self.workers) + 2:
                raise RuntimeError(
                    "worker processes keep ending before they check anything "
                    f"({_ending(worker.process.exitcode)})"
                )
        replacement = self._start(worker.slot)
        self.workers[self.workers.index(worker)] = replacement
        for held in worker.chunks:
            replacement.chunks.append(held)
            replacement.tasks.put((held, self.chunks[held]))
        return arrived

    def close(self, finished: bool) -> None:
        """Stop every worker: politely when the batch is done, at once otherwise."""
        for worker in self.workers:
            if finished:
                worker.tasks.put(None)
            worker.tasks.cancel_join_thread()  # never wait at exit for a reader that is gone
        for worker in self.workers:
            worker.process.join(timeout=5 if finished else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            worker.results.close()
            if finished:
                # everything it was sent has been read; otherwise closing would make the
                # queue's thread fail (and print) on what it still holds for a dead reader
                worker.tasks.close()


def _ending(exitcode: int | None) -> str:
    """How a process ended, in words both languages read: ``exit code 3``, ``signal 9``."""
    if exitcode is not None and exitcode < 0:
        return f"signal {-exitcode}"
    return f"exit code {exitcode}"
