"""Lint many reports in worker processes with the standard library (see docs/scale.md).

The rule set is compiled once, by the caller, and each worker process receives it once,
when it starts (``initializer=``); reports go out in chunks of ``chunksize``, a few chunks
in flight at a time, and come back in input order.

    python docs/examples/lint_in_processes.py forms/*.json
"""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

import evallint

Source = str | os.PathLike[str] | dict[str, Any]
Linted = tuple[str, list[dict[str, Any]]]

_rules: evallint.RuleSet | None = None  # the rule set of this worker process, set at its start


def _start(rules: evallint.RuleSet) -> None:
    global _rules
    _rules = rules


def _lint_chunk(chunk: list[tuple[str, Source]]) -> list[Linted]:
    linted = []
    for name, source in chunk:
        try:
            findings = [finding.to_dict() for finding in evallint.lint(source, _rules)]
        except evallint.ReportError as error:  # an unreadable report never stops the others
            findings = [{"kind": "error", "code": error.code, "message": error.describe()}]
        linted.append((name, findings))
    return linted


def _name(source: Source, index: int) -> str:
    """A path names its report; a report given as data is named by its place."""
    return os.fspath(source) if isinstance(source, str | os.PathLike) else f"<report {index}>"


def lint_in_processes(
    sources: Iterable[Source],
    rules: evallint.RuleSet,
    *,
    workers: int | None = None,
    chunksize: int = 32,
) -> Iterator[Linted]:
    """``(name, findings as dicts)`` for each report path or dict of ``sources``, in order."""
    workers = workers or os.cpu_count() or 1
    named = ((_name(source, index), source) for index, source in enumerate(sources, 1))
    chunks = iter(lambda: list(islice(named, chunksize)), [])
    with ProcessPoolExecutor(workers, initializer=_start, initargs=(rules,)) as pool:
        # a bounded window of chunks: the sources are read as the results are taken
        pending: deque[Future[list[Linted]]] = deque(
            pool.submit(_lint_chunk, chunk) for chunk in islice(chunks, 2 * workers)
        )
        while pending:
            oldest = pending.popleft()
            pending.extend(pool.submit(_lint_chunk, chunk) for chunk in islice(chunks, 1))
            yield from oldest.result()


if __name__ == "__main__":
    rules = evallint.load_rules(["national-2020"])  # loaded and compiled once, here
    for name, findings in lint_in_processes(sys.argv[1:], rules):
        for finding in findings:
            print(json.dumps({"report": name, **finding}, ensure_ascii=False))
