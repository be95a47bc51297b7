"""Start-up figures: how long a one-form ``evallint check`` and ``evallint --version`` take.

Whole processes, medians of alternating runs (these machines drift, see
perf-notes.md), with the bytecode compiled first as an install does:

  * one-form check with a warm cache (the compiled built-in pack kept from an
    earlier run)                                              [target ≤ 250 ms]
  * the same with the cache turned off (EVALLINT_NO_CACHE=1: the pack is read,
    checked and compiled, the rule language's parser built)
  * the first run into an empty cache folder (it fills the cache)
  * ``evallint --version``                                    [target ≤ 100 ms]
  * ``python -c "import evallint"``

    python bench/startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "evallint" / "examples" / "minimal.json"
EVALLINT = [sys.executable, "-m", "evallint"]


def timed(arguments: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        arguments,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env={**os.environ, **env},
    )
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "evallint")], check=True)
    check = [*EVALLINT, "check", "--format", "jsonl", "--fail-on", "never", str(FORM)]
    with tempfile.TemporaryDirectory() as folder:
        warm_cache = {"EVALLINT_CACHE_DIR": str(Path(folder) / "warm")}
        timed(check, warm_cache)  # fills the cache
        cases: dict[str, tuple[list[str], dict[str, str]]] = {
            "one-form check, warm cache": (check, warm_cache),
            "one-form check, cache off": (check, {"EVALLINT_NO_CACHE": "1"}),
            "one-form check, empty cache": (check, {"EVALLINT_CACHE_DIR": str(Path(folder) / "x")}),
            "evallint --version": ([*EVALLINT, "--version"], warm_cache),
            "import evallint": ([sys.executable, "-c", "import evallint"], warm_cache),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # alternating, as the machine drifts
            for name, (arguments, env) in cases.items():
                times[name].append(timed(arguments, env))
                if name == "one-form check, empty cache":
                    shutil.rmtree(Path(folder) / "x", ignore_errors=True)
    for name, values in times.items():
        print(
            f"{name:<28} {statistics.median(values):6.0f} ms"
            f"  (min {min(values):.0f}, max {max(values):.0f}; {args.runs} runs)"
        )


if __name__ == "__main__":
    main()
