"""The fuzzing campaign of issue 16 at scale: 10⁵ hostile inputs, every one bounded.

Runs the strategies and checks of tests/fuzz (the same ones CI runs at a small budget) on
``--inputs`` generated inputs, shared between the categories by their cost (cells,
expressions, reports, raw files, rule files, office files, batches). Each input runs in a
worker process (tests/fuzz/harness.py) under an address-space limit; one that uses more
than 2 s of CPU counts as a hang, one still running after five times its budget is killed
and counts as a hang too, so a hang is measured, not suffered.

    .venv/bin/python bench/fuzz.py                           # 100,000 inputs, all categories
    .venv/bin/python bench/fuzz.py --inputs 5000 --seed 7
    .venv/bin/python bench/fuzz.py --category office --category batches --inputs 300
    .venv/bin/python bench/fuzz.py --replay bench/fuzz-findings/reports-violation-01

Prints, per category: inputs, tracebacks (exceptions that escaped evallint, and internal
errors it caught), violations (promises broken: an output that is not UTF-8, a secret
echoed, an exit code that does not match ...), hangs, memory (a worker above 500 MB of
RSS), crashes, and inputs lost from a summary; then every distinct failure with the
folder of its first reproducer under ``--findings`` (default bench/fuzz-findings/, not
committed): the input as files, ``case.txt`` and ``case.pickle`` for ``--replay``. Exits 1
when anything failed, 0 when all held. On two cores 10⁵ inputs take about 46 minutes, most
of it Hypothesis drawing the inputs in this process.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import pickle
import resource
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis.errors import FlakyStrategyDefinition  # noqa: E402

from tests.fuzz.campaign import CATEGORIES, Category  # noqa: E402
from tests.fuzz.harness import MEMORY_BUDGET, Outcome, Pool, Worker  # noqa: E402

FAILURE_KINDS = ("traceback", "internal-error", "violation", "hang", "memory", "crash")


@dataclass
class Tally:
    """What the inputs of one category did."""

    inputs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    peak_rss: int = 0
    cpu: float = 0.0


class Campaign:
    """Counts outcomes as they come, and keeps the first reproducer of each failure."""

    def __init__(self, findings: Path) -> None:
        self.findings = findings
        self.tallies: dict[str, Tally] = defaultdict(Tally)
        self.failures: dict[tuple[str, str, str], list[Any]] = {}
        self.started = time.monotonic()
        self.shown = 0.0
        self.given = 0
        self.generator_errors = 0  # batches Hypothesis stopped (the strategies', not evallint's)

    def done(self, name: str, case: Any, outcome: Outcome) -> None:
        tally = self.tallies[name]
        tally.inputs += 1
        tally.kinds[outcome.kind] += 1
        tally.lost += outcome.lost
        tally.peak_rss = max(tally.peak_rss, outcome.rss)
        tally.cpu += outcome.cpu
        if outcome.failed:
            key = (name, outcome.kind, outcome.signature)
            if key not in self.failures:
                self.failures[key] = [0, self._save(name, case, outcome)]
            self.failures[key][0] += 1
        self._progress()

    def _save(self, name: str, case: Any, outcome: Outcome) -> Path:
        digest = hashlib.sha1(f"{name}{outcome.kind}{outcome.signature}".encode()).hexdigest()
        folder = self.findings / f"{name}-{outcome.kind}-{digest[:8]}"
        with contextlib.suppress(FileExistsError):
            folder.mkdir(parents=True)
        try:
            CATEGORIES[name].reproduce(case, folder / "input")
        except OSError as error:  # a reproducer is a help, never a reason to stop
            (folder / "input-not-written.txt").write_text(str(error), encoding="utf-8")
        report = (
            f"category: {name}\nkind: {outcome.kind}\nsignature: {outcome.signature}\n"
            f"cpu: {outcome.cpu:.2f} s, wall: {outcome.seconds:.2f} s, "
            f"peak rss: {outcome.rss // 1024**2} MB\n\n{outcome.detail}\n"
        )
        (folder / "outcome.txt").write_text(
            report.encode("utf-8", "backslashreplace").decode("utf-8"), encoding="utf-8"
        )
        return folder

    def _progress(self) -> None:
        now = time.monotonic()
        if now - self.shown < 10:
            return
        self.shown = now
        done = sum(t.inputs for t in self.tallies.values())
        failed = sum(n for t in self.tallies.values() for k, n in t.kinds.items() if k != "ok")
        rate = done / max(now - self.started, 1e-9)
        print(
            f"  {done:,} / {self.given:,} inputs, {failed:,} failed, {rate:,.0f}/s",
            file=sys.stderr,
            flush=True,
        )

    def print_report(self, elapsed: float) -> int:
        width = max(len(name) for name in [*self.tallies, "category"])
        head = ["inputs", *FAILURE_KINDS, "lost", "peak MB", "CPU s"]
        print(f"\n{'category':<{width}}  " + "  ".join(f"{h:>9}" for h in head))
        total = Tally()
        for name, tally in self.tallies.items():
            print(f"{name:<{width}}  " + "  ".join(f"{v:>9}" for v in _row(tally)))
            total.inputs += tally.inputs
            total.kinds.update(tally.kinds)
            total.lost += tally.lost
            total.peak_rss = max(total.peak_rss, tally.peak_rss)
            total.cpu += tally.cpu
        print(f"{'all':<{width}}  " + "  ".join(f"{v:>9}" for v in _row(total)))
        print(
            f"\n{total.inputs:,} inputs in {elapsed:,.0f} s; tracebacks "
            f"{total.kinds['traceback'] + total.kinds['internal-error']}, hangs "
            f"{total.kinds['hang']}, lost inputs {total.lost}, peak memory "
            f"{total.peak_rss // 1024**2} MB (budget {MEMORY_BUDGET // 1024**2} MB)"
        )
        # the workers' peak is evallint's; this process only draws the inputs, but a person
        # running the campaign on a small machine wants to know what it takes too
        drawing = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"peak memory of this process, drawing the inputs: {drawing} MB")
        if self.generator_errors:
            print(f"generation batches stopped by Hypothesis: {self.generator_errors}")
        if self.failures:
            print(
                f"\n{len(self.failures)} distinct failures (count, kind, what, first reproducer):"
            )
            ordered = sorted(self.failures.items(), key=lambda item: -item[1][0])
            for (name, kind, signature), (count, folder) in ordered:
                where = os.path.relpath(folder, Path.cwd())
                print(f"  {count:>6}  {name}/{kind}: {signature}\n          {where}")
        failed = any(total.kinds[kind] for kind in FAILURE_KINDS) or total.lost
        return 1 if failed else 0


def _row(tally: Tally) -> list[str]:
    counts = [str(tally.kinds[kind]) for kind in FAILURE_KINDS]
    return [
        f"{tally.inputs:,}",
        *counts,
        str(tally.lost),
        str(tally.peak_rss // 1024**2),
        f"{tally.cpu:,.0f}",
    ]


def shares(names: list[str], total: int) -> dict[str, int]:
    """Inputs per category: ``total`` split by each category's share (at least one each)."""
    weights = {name: CATEGORIES[name].share for name in names}
    whole = sum(weights.values())
    return {name: max(1, round(total * weight / whole)) for name, weight in weights.items()}


GENERATION_BATCH = 500
"""Inputs one Hypothesis run draws. Hypothesis remembers every example of a run to find new
ones: over 25,000 examples of reports with 100,000-character cells that took 6 GB and most
of the time, so the inputs of a category are drawn in runs of this many, each its own seed."""


def generate(category: Category, count: int, start: int, pool: Pool, campaign: Campaign) -> None:
    """Draw ``count`` inputs of ``category`` with Hypothesis and give each to the pool."""
    for batch, first in enumerate(range(0, count, GENERATION_BATCH)):

        @settings(
            max_examples=min(GENERATION_BATCH, count - first),
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @seed(start * 10_000 + batch)
        @given(case=category.strategy())
        def submit(case: Any) -> None:
            campaign.given += 1
            pool.submit(category.name, case, category.seconds(case))

        try:
            submit()
        except FlakyStrategyDefinition as error:
            # the generator's fault, not evallint's: say so and go on with the next batch
            campaign.generator_errors += 1
            print(f"  {category.name}: a generation batch stopped: {error}", file=sys.stderr)


def replay(folder: Path) -> int:
    """Run the reproducer saved in ``folder`` once more and print what it does now."""
    name, case = pickle.loads((folder / "input" / "case.pickle").read_bytes())
    category = CATEGORIES[name]
    worker = Worker()
    worker.start()
    try:
        outcome = worker.run(name, case, 5 * category.seconds(case))
    finally:
        worker.stop()
    print(f"{name}: {outcome.kind} {outcome.signature}".rstrip())
    print(f"cpu {outcome.cpu:.2f} s, peak rss {outcome.rss // 1024**2} MB")
    if outcome.detail:
        print(outcome.detail)
    return 1 if outcome.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/fuzz.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs in all (100,000)")
    parser.add_argument("--seed", type=int, default=16, help="random seed (16)")
    parser.add_argument(
        "--category",
        action="append",
        choices=sorted(CATEGORIES),
        help="only this category (repeatable; default: all, by their shares)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (the cores)"
    )
    parser.add_argument(
        "--findings",
        type=Path,
        default=ROOT / "bench" / "fuzz-findings",
        help="where reproducers go (bench/fuzz-findings)",
    )
    parser.add_argument("--replay", type=Path, metavar="FOLDER", help="rerun one reproducer")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return replay(args.replay)
    names = args.category or list(CATEGORIES)
    counts = shares(names, args.inputs)
    print(
        "fuzzing: " + ", ".join(f"{name} {count:,}" for name, count in counts.items())
        + f" ({args.jobs} workers, seed {args.seed})", flush=True,
    )  # fmt: skip
    campaign = Campaign(args.findings)
    started = time.monotonic()
    pool = Pool(args.jobs, campaign.done)
    try:
        for index, name in enumerate(names):
            generate(CATEGORIES[name], counts[name], args.seed * 1000 + index, pool, campaign)
        pool.drain()
    except KeyboardInterrupt:
        print("interrupted: the figures below are of the inputs checked so far", file=sys.stderr)
    finally:
        pool.close()
    return campaign.print_report(time.monotonic() - started)


if __name__ == "__main__":
    sys.exit(main())
