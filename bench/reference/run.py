"""Time each implementation of the 13 checks on the same reports, after a warm-up.

    python run.py [--reports 2000] [--seed 1] [--data FILE.jsonl] [--repeat 5]
                  [--impl handwritten,evallint,evallint:national-2020] [--slow-reports 200]
                  [--evallint-rules PATH] [--profile NAME [--profile-top N]] [--json OUT.json]

The other implementations: read-all-cells, cel-compiled, cel (the CEL runners
need cel-python; without it they are skipped with a note).
`evallint` runs --evallint-rules (default: evallint13.yaml beside this
script); `--impl evallint:PACK` times evallint with another rule pack
alongside (`evallint:national-2020` is the built-in pack, through the same
adapter).

The JSONL is read once and parsed once, before any check is timed; parsing is
timed on its own (json vs orjson if installed, with the Decimal numbers money needs). Each
implementation then runs over the reports `--repeat` times, the
implementations taking turns so that a noisy spell of the machine hits all of
them; the table gives the median (and min-max) in microseconds per report, and
the ratio to handwritten.py as the median of same-turn ratios (steadier than a
ratio of medians on a machine whose speed comes and goes).

The CEL runners are orders of magnitude slower, so they are timed on the first
--slow-reports reports (gen.py makes report i independent of N, so that prefix
is a sample of the same data), and handwritten.py is timed on that prefix too:
every ratio compares the same reports. --slow-reports 0 times them on all.

Without --data, the reports come from gen.py (cached under data/ beside this script,
outside git).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import gen
from impls import SLOW, Checker, UnavailableError, make

try:
    import orjson
except ImportError:  # optional: its parse rows are skipped
    orjson = None

HERE = Path(__file__).resolve().parent
WARM_UP_REPORTS = 20
BASELINE = "handwritten"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _floats_to_decimal(value: Any) -> Any:
    """orjson has no parse_float hook: walk the result, float -> Decimal via its shortest repr."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {key: _floats_to_decimal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_floats_to_decimal(item) for item in value]
    return value


PARSERS: dict[str, Callable[[bytes], Any]] = {
    "json (floats: not for money)": json.loads,
    "json, parse_float=Decimal": lambda line: json.loads(line, parse_float=Decimal),
    "json, Decimal + duplicate-key check": lambda line: json.loads(
        line, parse_float=Decimal, object_pairs_hook=_no_duplicate_keys
    ),
}
if orjson is not None:
    PARSERS["orjson (floats: not for money)"] = orjson.loads
    PARSERS["orjson + float->Decimal walk"] = lambda line: _floats_to_decimal(orjson.loads(line))


@dataclass
class Timing:
    label: str
    count: int  # reports per run
    seconds: list[float] = field(default_factory=list)

    @property
    def per_report_us(self) -> list[float]:
        return [s / self.count * 1e6 for s in self.seconds]

    @property
    def median_us(self) -> float:
        return statistics.median(self.per_report_us)


def load_lines(args: argparse.Namespace) -> tuple[Path, list[bytes]]:
    path = args.data or HERE / "data" / f"reports-{args.reports}-seed{args.seed}.jsonl"
    if not path.exists():
        if args.data:
            raise SystemExit(f"{path}: no such file")
        print(f"generating {args.reports} reports into {path} ...", file=sys.stderr)
        gen.main([str(args.reports), str(path), "--seed", str(args.seed)])
    lines = path.read_bytes().splitlines()[: args.reports]
    return path, lines


def parse_reports(lines: list[bytes]) -> list[dict[str, Any]]:
    """The reports as every implementation gets them: JSON numbers with decimals as Decimal."""
    return [json.loads(line, parse_float=Decimal) for line in lines]


def make_checkers(names: list[str], evallint_rules: str | None) -> dict[str, Checker]:
    """Each implementation set up once (timed, printed); a missing library skips it with a note."""
    checkers: dict[str, Checker] = {}
    for name in dict.fromkeys([BASELINE, *names]):
        start = time.perf_counter()
        try:
            checkers[name] = make(name, evallint_rules)
        except UnavailableError as missing:
            print(f"skipped {name}: {missing}")
            continue
        print(f"set-up {name}: {(time.perf_counter() - start) * 1e3:.0f} ms (compiling, imports)")
    return checkers


def time_parsers(lines: list[bytes], repeat: int) -> list[Timing]:
    timings = [Timing(label, len(lines)) for label in PARSERS]
    for parse in PARSERS.values():  # warm-up
        for line in lines[:WARM_UP_REPORTS]:
            parse(line)
    for _ in range(repeat):
        for timing in timings:
            parse = PARSERS[timing.label]
            gc.collect()
            start = time.perf_counter()
            for line in lines:
                parse(line)
            timing.seconds.append(time.perf_counter() - start)
    return timings


def time_checks(
    checkers: dict[str, Checker],
    plan: list[tuple[str, int]],
    reports: list[dict[str, Any]],
    repeat: int,
) -> list[Timing]:
    timings = [Timing(name, count) for name, count in plan]
    for timing in timings:  # warm-up: caches, lazy imports, the first-call costs
        check = checkers[timing.label]
        for report in reports[: min(WARM_UP_REPORTS, timing.count)]:
            check(report)
    for _ in range(repeat):
        for timing in timings:  # taking turns: a noisy spell hits everyone
            check, subset = checkers[timing.label], reports[: timing.count]
            gc.collect()
            start = time.perf_counter()
            for report in subset:
                check(report)
            timing.seconds.append(time.perf_counter() - start)
    return timings


def paired_ratio(timing: Timing, baseline: Timing) -> float:
    """Median over turns of timing / baseline, both measured in the same turn."""
    return statistics.median(a / b for a, b in zip(timing.seconds, baseline.seconds, strict=True))


def spread(timing: Timing) -> str:
    values = timing.per_report_us
    low, high, mid = min(values), max(values), statistics.median(values)
    return f"{_us(low)}-{_us(high)} (±{(high - low) / 2 / mid * 100:.0f}%)"


def _us(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def profile(check: Checker, reports: list[dict[str, Any]], top: int = 18) -> str:
    """cProfile over the reports: own time summed per module, then the top functions."""
    profiler = cProfile.Profile()
    profiler.enable()
    for report in reports:
        check(report)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    per_module: Counter[str] = Counter()
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        per_module[_module_of(filename, function)] += own
    total = sum(per_module.values())
    out.write(f"own time by module ({total:.2f} s under the profiler):\n")
    for module, own in per_module.most_common(10):
        out.write(f"  {own / total * 100:5.1f}%  {module}\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _module_of(filename: str, function: str) -> str:
    if filename == "~":  # C functions: name the type or module they belong to
        if function.startswith("<built-in method __new__"):
            return "built-in: object creation (__new__)"
        return "built-in: " + function.strip("<>").replace("built-in method ", "").split(" of ")[-1]
    if filename == "<string>":
        return "<string>: generated code (namedtuple __new__, transpiled CEL)"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if "/lib/python3" in filename:
        return "stdlib: " + filename.rsplit("/lib/", 1)[1].split("/", 1)[1]
    return Path(filename).name


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    versions = ", ".join(f"{name} {version(name)}" for name in ("cel-python", "orjson", "evallint"))
    return f"Python {platform.python_version()}, {os.cpu_count()} CPUs ({cpu}); {versions}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=2000, help="reports to time (default 2000)")
    parser.add_argument(
        "--seed", type=int, default=1, help="generator seed when --data is not given"
    )
    parser.add_argument(
        "--data", type=Path, help="a JSONL file of reports (default: generated, cached in data/)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs per implementation (default 5)"
    )
    parser.add_argument(
        "--impl",
        default="handwritten,evallint,evallint:national-2020",
        help="comma-separated implementations (default %(default)s); also "
        "read-all-cells, cel-compiled, cel (need cel-python), evallint:PACK",
    )
    parser.add_argument(
        "--slow-reports",
        type=int,
        default=200,
        help="reports the CEL runners are timed on (default 200; 0 = all)",
    )
    parser.add_argument(
        "--evallint-rules",
        help="time evallint with this rule pack (adds 'evallint' to --impl; "
        "default for 'evallint': evallint13.yaml beside this script)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="afterwards, cProfile one implementation and print the top",
    )
    parser.add_argument(
        "--profile-top",
        type=int,
        default=18,
        metavar="N",
        help="functions the profile lists, by own time (default 18)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    args = parser.parse_args(argv)

    names = [name for name in args.impl.split(",") if name]
    if args.evallint_rules and "evallint" not in names:
        names.append("evallint")
    checkers = make_checkers(names, args.evallint_rules)
    names = [name for name in names if name in checkers]
    print()
    path, lines = load_lines(args)
    count = len(lines)
    size = sum(len(line) for line in lines)
    print(f"data: {path} -- {count} reports, {size / 1e6:.1f} MB")
    print(f"machine: {machine()}")
    print(f"{args.repeat} runs each; median µs/report, min-max and ± half-range in %\n")

    parse_timings = time_parsers(lines, args.repeat)
    print(f"{'parse (once, before checking)':<40} {'µs/report':>10}  {'spread':<24} {'MB/s':>6}")
    for timing in parse_timings:
        mb_per_s = size / 1e6 / (timing.median_us * count / 1e6)
        print(
            f"{timing.label:<40} {_us(timing.median_us):>10}  {spread(timing):<24} {mb_per_s:>6.0f}"
        )
    reports = parse_reports(lines)
    if orjson is None:
        print("skipped the orjson rows: orjson is not installed (optional)")
    else:
        walked = [_floats_to_decimal(orjson.loads(line)) for line in lines]
        print(f"orjson + walk gives the same values as json + Decimal: {walked == reports}")
        del walked
    print(
        f"indicators/report: {sum(len(r.get('indicators') or ()) for r in reports) / count:.1f}\n"
    )

    slow_count = min(args.slow_reports, count) if args.slow_reports > 0 else count
    plan = [(name, slow_count if name in SLOW else count) for name in dict.fromkeys(names)]
    counts = {n for _, n in plan}
    for n in sorted(counts, reverse=True):
        if (BASELINE, n) not in plan:
            plan.append((BASELINE, n))  # the ratio's reference on the same reports
    started = time.perf_counter()
    timings = time_checks(checkers, plan, reports, args.repeat)
    print(f"(timed in {time.perf_counter() - started:.0f} s)\n")

    baseline = {t.count: t for t in timings if t.label == BASELINE}
    print(
        f"{'check':<14} {'reports':>7} {'µs/report':>10}  {'spread':<26} {'reports/s':>10} "
        f"{'× handwritten':>14}"
    )
    for timing in sorted(timings, key=lambda t: (-t.count, t.median_us)):
        ratio = paired_ratio(timing, baseline[timing.count])
        print(
            f"{timing.label:<14} {timing.count:>7} {_us(timing.median_us):>10}  "
            f"{spread(timing):<26} {1e6 / timing.median_us:>10,.1f} {ratio:>14,.2f}"
        )

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "data": str(path),
                    "reports": count,
                    "machine": machine(),
                    "repeat": args.repeat,
                    "parse": {t.label: t.per_report_us for t in parse_timings},
                    "check": [
                        {"impl": t.label, "reports": t.count, "us_per_report": t.per_report_us}
                        for t in timings
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    if args.profile:
        subset = reports[: slow_count if args.profile in SLOW else count]
        try:
            check = checkers.get(args.profile) or make(args.profile, args.evallint_rules)
        except UnavailableError as missing:
            print(f"\nskipped the profile of {args.profile}: {missing}")
            return 0
        print(f"\ncProfile of {args.profile} over {len(subset)} reports (sorted by own time):")
        print(profile(check, subset, args.profile_top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
