"""Benchmark of the whole command line on generated forms (issue targets in brackets).

Prints, for the default pack:
  * forms per second on --forms generated forms with --jobs 1 and --jobs 2, and
    their ratio  [--jobs 2 ≥ 1.8× --jobs 1 on 10,000 forms]
  * peak memory of a run over a 100,000-form .jsonl, next to a 10,000-form one  [flat]
  * wall time of a one-form `evallint check` and of `evallint --version`,
    whole process, median of several runs  [≤ 150 ms, ≤ 50 ms]

    python bench/batch_bench.py [--forms 10000] [--big 100000] [--runs 5]

Forms come from tools/formgen (seeded, so every run checks the same forms).
Times are medians of alternating runs: these machines drift (perf-notes.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.formgen import main as generate  # noqa: E402

EVALLINT = [sys.executable, "-m", "evallint"]


def write_jsonl(path: Path, count: int, seed: int) -> None:
    generate(["--count", str(count), "--seed", str(seed), "-o", str(path)])


def run(arguments: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        EVALLINT + arguments,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start


def peak_memory_kb(arguments: list[str]) -> int:
    """Peak resident memory of one evallint run (its own process and its workers)."""
    code = (
        "import resource, subprocess, sys; "
        f"subprocess.run({EVALLINT + arguments!r}, stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--memory-jobs", type=int, default=2, help="--jobs of the memory runs (default 2)"
    )
    args = parser.parse_args()
    # Time what an installed evallint does: pip writes the bytecode at install time,
    # so write it here too (PYTHONDONTWRITEBYTECODE would otherwise time compiling).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "evallint")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "forms.jsonl"
        write_jsonl(batch, args.forms, seed=2024)
        one = Path(folder) / "one.json"
        one.write_text(batch.read_text(encoding="utf-8").splitlines()[0], encoding="utf-8")
        common = ["check", "--format", "jsonl", "--fail-on", "never"]
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(max(1, args.runs // 2)):
            for jobs in (1, 2):
                times[jobs].append(run([*common, "--jobs", str(jobs), str(batch)]))
        for jobs in (1, 2):
            median = statistics.median(times[jobs])
            rate = args.forms / median
            print(f"--jobs {jobs}: {rate:8,.0f} forms/s  ({median:.2f} s for {args.forms} forms)")
        ratio = statistics.median(times[1]) / statistics.median(times[2])
        print(f"--jobs 2 / --jobs 1: {ratio:.2f}x  [target >= 1.8x]")
        run([*common, str(one)])  # fills the compiled-pack cache (rulecache.py)
        single: list[float] = []
        uncached: list[float] = []
        for _ in range(args.runs):  # alternating, as the machine drifts
            single.append(run([*common, str(one)]))
            uncached.append(run([*common, str(one)], {"EVALLINT_NO_CACHE": "1"}))
        version = [run(["--version"]) for _ in range(args.runs)]
        print(
            f"one-form check:   {statistics.median(single) * 1000:6.0f} ms (median of {args.runs};"
            f" {statistics.median(uncached) * 1000:.0f} ms with EVALLINT_NO_CACHE=1)"
        )
        version_ms = statistics.median(version) * 1000
        print(f"evallint --version: {version_ms:4.0f} ms (median of {args.runs})")
        small = Path(folder) / "small.jsonl"
        big = Path(folder) / "big.jsonl"
        write_jsonl(small, args.big // 10, seed=1)
        write_jsonl(big, args.big, seed=1)
        for path, count in ((small, args.big // 10), (big, args.big)):
            jobs = args.memory_jobs
            start = time.perf_counter()
            kb = peak_memory_kb([*common, "--jobs", str(jobs), str(path)])
            seconds = time.perf_counter() - start
            print(
                f"peak memory, {count:7,} forms, --jobs {jobs}: {kb / 1024:6.1f} MiB"
                f"  ({count / seconds:,.0f} forms/s)"
            )


if __name__ == "__main__":
    main()
