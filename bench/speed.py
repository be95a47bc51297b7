"""The figures evallint's speed targets are stated in, from one run.

    python bench/speed.py [--reports 2000] [--repeat 5] [--quick]

Times, on the same generated reports (bench/reference/gen.py, seed 1; cached
in bench/reference/data/), with the implementations taking turns:

  (a) handwritten.py: the 13 checks written by hand, the limit;
  (b) evallint with bench/reference/evallint13.yaml (the same 13 checks as an
      evallint rule pack, the yardstick: never tuned) through ``evallint.lint``;
  (c) evallint with the built-in ``national-2020`` pack through ``evallint.lint``.

Each in µs per report (median over the turns) and as a ratio to handwritten
(the median of the same-turn ratios), plus (c) in forms per second on one
core. ``lint`` does what a user's call does: copies the dict, checks it
against the report schema, runs the rules. The targets: (b) at most 1.5×
hand-written, (c) at most 5×.

The machine drifts: its speed moves between two states about 1.8× apart, so
absolute µs move by a third between runs. Compare only within one run, by the
ratios, which are measured turn by turn. --quick (400 reports, 3 turns) is a
smoke check, not a measurement. The machinery is bench/reference/run.py's;
``run.py --impl handwritten,evallint,evallint:national-2020`` prints the same
figures with the parse costs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference"
sys.path.insert(0, str(REFERENCE))

from run import (  # noqa: E402  (bench/reference is put on the path just above)
    BASELINE,
    _us,
    load_lines,
    machine,
    make_checkers,
    paired_ratio,
    parse_reports,
    spread,
    time_checks,
)

THIRTEEN = "evallint"  # impls.make: evallint with evallint13.yaml, its default pack
NATIONAL = "evallint:national-2020"
LABELS = {
    BASELINE: "(a) handwritten.py (the limit)",
    THIRTEEN: "(b) evallint13.yaml via lint",
    NATIONAL: "(c) national-2020 via lint",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, help="reports to time (default 2000)")
    parser.add_argument("--repeat", type=int, help="turns per implementation (default 5)")
    parser.add_argument("--quick", action="store_true", help="a smoke check: 400 reports, 3 turns")
    args = parser.parse_args(argv)
    reports_wanted = args.reports or (400 if args.quick else 2000)
    repeat = args.repeat or (3 if args.quick else 5)

    names = [BASELINE, THIRTEEN, NATIONAL]
    checkers = make_checkers(names, None)
    data = argparse.Namespace(data=None, reports=reports_wanted, seed=1)
    path, lines = load_lines(data)
    reports = parse_reports(lines)
    count = len(reports)
    print(f"data: {path} -- {count} reports")
    print(f"machine: {machine()}")
    started = time.perf_counter()
    timings = time_checks(checkers, [(name, count) for name in names], reports, repeat)
    print(f"{repeat} turns each, taking turns (timed in {time.perf_counter() - started:.0f} s)\n")

    by_name = {timing.label: timing for timing in timings}
    baseline = by_name[BASELINE]
    ratios = {name: paired_ratio(by_name[name], baseline) for name in names}
    print(
        f"{'implementation':<32} {'µs/report':>10}  {'min-max (± half-range)':<24} "
        f"{'reports/s':>10} {'× hand-written':>15}"
    )
    for name in names:
        timing = by_name[name]
        print(
            f"{LABELS[name]:<32} {_us(timing.median_us):>10}  {spread(timing):<24} "
            f"{1e6 / timing.median_us:>10,.0f} {ratios[name]:>15.2f}"
        )
    print()
    print(f"13-check pack: {ratios[THIRTEEN]:.2f}× hand-written (target ≤ 1.5×)")
    per_second = 1e6 / by_name[NATIONAL].median_us
    print(
        f"national-2020: {ratios[NATIONAL]:.2f}× hand-written (target ≤ 5×), "
        f"{per_second:,.0f} forms/s on one core"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
