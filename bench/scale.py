"""A province's year of forms in one .jsonl: time and peak memory, the figures of docs/scale.md.

Generates --forms correct forms with tools/formgen (seeded: every run checks the same
forms) into one temporary .jsonl, then measures, each under GNU time (/usr/bin/time -v):

  * `evallint check --format jsonl -o /dev/null --jobs 1` and `--jobs 2` on it;
  * the library: `evallint.lint()` over the same reports in one process, the rule set
    loaded once, each finding written as a JSON line (to /dev/null), as --format jsonl does;
  * the peak memory of each output format (--jobs 1) on the first --format-sizes forms of
    the batch: streaming formats stay flat, one-document formats grow with every report.

and prints markdown tables to paste into docs/scale.md. Peak RSS is GNU time's "Maximum
resident set size": for a run with worker processes, that of the largest single process
(the parent or one worker), not their sum.

    python bench/scale.py [--forms 20000] [--jobs 1,2] [--format-sizes 1000,2000] [--runs 1]

Whole processes, start-up and loading the (cached) compiled pack included; with --runs
above 1, the median wall time and the largest peak RSS.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIME = "/usr/bin/time"
FORMATS = ("jsonl", "text", "sarif", "junit", "json", "html")


@dataclass(frozen=True)
class Measure:
    """One whole-process run under GNU time."""

    seconds: float
    peak_kib: int


def measure(command: list[str]) -> Measure:
    """Run ``command`` under ``/usr/bin/time -v``; its wall time and peak RSS."""
    done = subprocess.run(
        [TIME, "-v", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    report = done.stderr
    status = re.search(r"Exit status: (\d+)", report)
    if done.returncode != 0 or status is None or status.group(1) != "0":
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{report[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    assert wall is not None and peak is not None, report
    return Measure(_seconds(wall.group(1)), int(peak.group(1)))


def _seconds(clock: str) -> float:
    """``1:02:03.45`` or ``2:03.45`` as seconds."""
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def repeated(command: list[str], runs: int) -> Measure:
    """The median wall time and the largest peak RSS of ``runs`` runs."""
    measures = [measure(command) for _ in range(runs)]
    return Measure(
        statistics.median(m.seconds for m in measures), max(m.peak_kib for m in measures)
    )


def lint_all(path: str) -> None:
    """The library path, run in its own process (``--library PATH``): ``lint`` on every
    report of a .jsonl, the rule set loaded once, findings as JSON lines to /dev/null."""
    import json

    import evallint

    rules = evallint.load_rules(["national-2020"])
    reports = findings = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for item in evallint.load_reports(path):
            if isinstance(item, evallint.ReportError):
                sys.exit(f"unreadable: {item.describe('en')}")
            reports += 1
            for finding in evallint.lint(item, rules):
                findings += 1
                sink.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")
    print(reports, findings)


def generate(path: Path, count: int, seed: int) -> None:
    from tools.formgen import main as formgen  # only here: not in the measured processes

    formgen(["--count", str(count), "--seed", str(seed), "-o", str(path)])


def head(source: Path, target: Path, lines: int) -> None:
    """The first ``lines`` lines of ``source`` into ``target``."""
    with source.open("rb") as reading, target.open("wb") as writing:
        for _, line in zip(range(lines), reading, strict=False):
            writing.write(line)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=20_000, help="forms in the batch (20000)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to run (default 1,2)")
    parser.add_argument(
        "--format-sizes",
        default="1000,2000",
        help="batch sizes of the per-format memory runs (default 1000,2000; '' skips them)",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of each measure (default 1)")
    parser.add_argument("--seed", type=int, default=2024, help="formgen seed (default 2024)")
    parser.add_argument("--library", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.library:
        lint_all(args.library)
        return
    if not Path(TIME).exists():
        sys.exit(f"{TIME} (GNU time) is needed: apt-get install time")
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    sizes = [int(s) for s in args.format_sizes.split(",") if s.strip()]
    evallint = [sys.executable, "-m", "evallint", "check", "-o", os.devnull, "--fail-on", "never"]
    # Time what an installed evallint does: pip writes the bytecode at install time.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "evallint")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "forms.jsonl"
        generate(batch, args.forms, args.seed)
        one = Path(folder) / "one.jsonl"
        head(batch, one, 1)
        subprocess.run([*evallint, str(one)], check=True)  # fills the compiled-pack cache
        rows: list[tuple[str, str, list[str]]] = []
        for count in jobs:
            command = [*evallint, "--format", "jsonl", "--jobs", str(count), str(batch)]
            rows.append((f"`evallint check --format jsonl --jobs {count}`", str(count), command))
        library = [sys.executable, str(Path(__file__).resolve()), "--library", str(batch)]
        rows.append(("`lint()` in one process, rule set loaded once", "1", library))
        measured = [(label, count, repeated(command, args.runs)) for label, count, command in rows]
        per_format: dict[str, list[Measure]] = {}
        for size in sizes:
            part = Path(folder) / f"first-{size}.jsonl"
            head(batch, part, size)
            for name in FORMATS:
                command = [*evallint, "--format", name, "--jobs", "1", str(part)]
                per_format.setdefault(name, []).append(repeated(command, args.runs))
            part.unlink()

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"{datetime.date.today()}, {platform.python_implementation()} {platform.python_version()},"
        f" {os.cpu_count()} cores, load average at the end {load}"
        f"{'' if args.runs == 1 else f', median of {args.runs} runs'}"
    )
    print()
    print(_row(["forms", "run", "jobs", "wall s", "forms/s", "peak RSS MiB"]))
    print(_row(["---:", "---", "---:", "---:", "---:", "---:"]))
    for label, processes, result in measured:
        rate = args.forms / result.seconds if result.seconds else float("inf")
        cells = [f"{args.forms:,}", label, processes, f"{result.seconds:.1f}", f"{rate:,.0f}"]
        print(_row([*cells, f"{result.peak_kib / 1024:.0f}"]))
    print()
    print("peak RSS: GNU time's maximum resident set size, of the largest single process")
    print("(the parent or one worker), not the sum of the processes.")
    if per_format:
        print()
        header = [f"peak RSS MiB, {size:,} forms" for size in sizes]
        print(_row(["--format", *header, "KiB more per form"]))
        print(_row(["---", *["---:"] * len(sizes), "---:"]))
        for name, results in per_format.items():
            peaks = [f"{m.peak_kib / 1024:.0f}" for m in results]
            growth = "–"
            if len(sizes) > 1 and sizes[-1] != sizes[0]:
                per_form = (results[-1].peak_kib - results[0].peak_kib) / (sizes[-1] - sizes[0])
                growth = f"{per_form:.0f}"
            print(_row([f"`{name}`", *peaks, growth]))


if __name__ == "__main__":
    main()
