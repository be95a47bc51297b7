"""Run a batch: every input, every report in it, each read and checked on its own.

One bad input never stops the others, and every input is accounted for: each
report read gives a :class:`~evallint.results.ReportResult` with its findings,
each input or line that could not be read one holding its
:class:`~evallint.errors.ReportError`, and an internal failure while checking
one report one naming that report.

Inputs become units of work (a file, one line of a ``.jsonl`` batch, standard
input, an argument that named nothing); in ``jobs`` worker processes the
units go out in chunks with a bounded number in flight, and results come
back in input order, so the output is the same whatever ``jobs`` is and a
100,000-line batch streams through in flat memory.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from evallint.errors import ReportError, Text
from evallint.messages import Lang
from evallint.read.report import (
    BATCH_SUFFIXES,
    Report,
    load_reports,
    report_from_line,
    report_from_text,
    sniff_syntax,
)
from evallint.read.text import decode
from evallint.results import ReportResult
from evallint.rules.model import RuleSet
from evallint.run.check import check_report
from evallint.run.inputs import STDIN, Missing


@dataclass(frozen=True, slots=True)
class Settings:
    """How every report of a batch is checked (sent once to each worker process)."""

    rules: RuleSet | None
    lang: Lang = "zh"
    lines: bool = False
    keep_data: bool = False

    def check(self, report: Report) -> ReportResult:
        """Check one report; an internal failure becomes that report's error, never a crash."""
        try:
            return check_report(
                report, self.rules, lang=self.lang, lines=self.lines, keep_data=self.keep_data
            )
        except Exception as error:
            problem = ReportError(
                Text("internal-error", {"detail": f"{type(error).__name__}: {error}"}),
                file=report.file,
            )
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


Unit = _File | _Line | _Stdin | Missing


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
    # Lines are read here and checked elsewhere; the file is never held whole.
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed by the with below
    except OSError:
        yield _File(name)  # load_reports says what is wrong with it
        return
    with stream:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield _Line(name, number, raw)


def _results(unit: Unit, settings: Settings) -> list[ReportResult]:
    """The results of one unit of work."""
    if isinstance(unit, Missing):
        message = "no-match" if unit.reason == "no-match" else "empty-directory"
        return [
            ReportResult(unit.name, error=ReportError(Text(f"input-{message}"), file=unit.name))
        ]
    if isinstance(unit, _File):
        return [
            ReportResult(unit.name, error=item)
            if isinstance(item, ReportError)
            else settings.check(item)
            for item in load_reports(unit.name)
        ]
    try:
        if isinstance(unit, _Line):
            report = report_from_line(unit.raw, file=unit.name, line=unit.number)
        else:
            report = report_from_text(
                decode(unit.raw), file="<stdin>", syntax=sniff_syntax(unit.raw)
            )
    except ReportError as error:
        if isinstance(unit, _Line):
            return [ReportResult(unit.name, unit.number, error=error)]
        return [ReportResult("<stdin>", error=error.with_file("<stdin>"))]
    return [settings.check(report)]


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
            yield from _results(unit, settings)
        return
    yield from _in_processes(units, settings, jobs, chunk_size)


def _serve(settings: Settings, tasks: Any, results: Any) -> None:
    """A worker process: check chunks until told to stop (``None``)."""
    while True:
        task = tasks.get()
        if task is None:
            return
        index, chunk = task
        results.put((index, [result for unit in chunk for result in _results(unit, settings)]))


def _in_processes(
    units: Iterator[Unit], settings: Settings, jobs: int, chunk_size: int
) -> Iterator[ReportResult]:
    if settings.rules is not None:
        settings.rules.prepare()  # generated once here: the workers start with it
    context = multiprocessing.get_context()
    tasks = context.Queue()
    results = context.Queue()
    workers = [
        context.Process(target=_serve, args=(settings, tasks, results), daemon=True)
        for _ in range(jobs)
    ]
    for worker in workers:
        worker.start()
    in_flight = jobs * 4
    sent = done = 0
    waiting: dict[int, list[ReportResult]] = {}
    try:
        while True:
            while sent - done < in_flight:
                chunk = list(islice(units, chunk_size))
                if not chunk:
                    break
                tasks.put((sent, chunk))
                sent += 1
            if done == sent:
                return
            while done not in waiting:
                index, checked = _next_result(results, workers)
                waiting[index] = checked
            yield from waiting.pop(done)
            done += 1
    finally:
        for _ in workers:
            tasks.put(None)
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
        for channel in (tasks, results):
            # Nothing is left to deliver: never wait at exit for a reader that is gone.
            channel.cancel_join_thread()
            channel.close()


def _next_result(results: Any, workers: list[Any]) -> tuple[int, list[ReportResult]]:
    """The next chunk of results to arrive; an error when a worker died instead."""
    while True:
        try:
            found: tuple[int, list[ReportResult]] = results.get(timeout=1.0)
            return found
        except queue.Empty:
            dead = [worker for worker in workers if worker.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(
                    f"a worker process ended unexpectedly (exit code {dead[0].exitcode})"
                ) from None
