"""Where evallint's time goes per report: the stages of `evallint.lint`, then each rule alone.

    python evallint_stages.py [--rules evallint13.yaml] [--reports 2000] [--repeat 5]

`lint(report_dict, rules)` brings the dict into evallint's form (`as_loaded`:
ints to Decimal, keys to text, copying only the objects and lists that
change), checks it against the report schema (what
`check_report` calls: `validate_report`, which asks the compiled quick check
first and runs jsonschema only on a report that fails it), then runs the rules
(`run_rules(data, ruleset)`: bind items, evaluate, render findings). Each
stage is timed on its own over the same reports, median of --repeat turns
(stages taking turns, handwritten.py among them for scale), in µs per report
and as a ratio to handwritten.py; then each rule of the pack is timed alone (a
RuleSet holding only that rule, run with `run_rules` on normalised data). The
stage times add up to a little less than lint's: lint also builds the Report
and ReportResult, looks for import problems and waivers, and sorts the
findings.

evallint's internals move: `evallint_parts()` at the top is the one place
that names them.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gen
import handwritten
from impls import DEFAULT_RULES, resolve_rules
from run import parse_reports

HERE = Path(__file__).resolve().parent
HANDWRITTEN = "handwritten.py (for scale)"


def evallint_parts() -> SimpleNamespace:
    """The pieces of evallint timed here; when one moves, change its import line below."""
    try:
        from evallint import lint, load_rules
        from evallint.read.data import as_loaded as normalise  # ints to Decimal
        from evallint.run.engine import run_rules  # run_rules(data, ruleset) -> (findings, tallies)
        from evallint.schema.report import validate_report  # the schema check check_report makes
    except ImportError as error:
        raise SystemExit(
            f"evallint_stages.py: {error}; update the imports in evallint_parts()"
        ) from error
    return SimpleNamespace(
        lint=lint,
        load_rules=load_rules,
        normalise=normalise,
        validate_report=validate_report,
        run_rules=run_rules,
    )


def timed(
    stages: dict[str, Callable[[Any], Any]], inputs: dict[str, list[Any]], repeat: int
) -> dict[str, float]:
    seconds: dict[str, list[float]] = {name: [] for name in stages}
    for name, stage in stages.items():  # warm-up
        for item in inputs[name][:20]:
            stage(item)
    for _ in range(repeat):
        for name, stage in stages.items():
            items = inputs[name]
            gc.collect()
            start = time.perf_counter()
            for item in items:
                stage(item)
            seconds[name].append(time.perf_counter() - start)
    return {
        name: statistics.median(values) / len(inputs[name]) * 1e6
        for name, values in seconds.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rules",
        default=str(DEFAULT_RULES),
        help="rule files or a built-in pack name (default: evallint13.yaml beside this script)",
    )
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    ev = evallint_parts()
    path = HERE / "data" / f"reports-{args.reports}-seed{args.seed}.jsonl"
    if not path.exists():
        gen.main([str(args.reports), str(path), "--seed", str(args.seed)])
    reports = parse_reports(path.read_bytes().splitlines()[: args.reports])
    normalised = [ev.normalise(report) for report in reports]
    rules = ev.load_rules(resolve_rules(args.rules))

    stages: dict[str, Callable[[Any], Any]] = {
        HANDWRITTEN: handwritten.check_report,
        "lint (all of it)": lambda report: ev.lint(report, rules),
        "as_loaded (ints to Decimal)": ev.normalise,
        "validate_report (schema)": ev.validate_report,
        "run_rules": lambda data: ev.run_rules(data, rules),
    }
    inputs = {
        HANDWRITTEN: reports,
        "lint (all of it)": reports,
        "as_loaded (ints to Decimal)": reports,
        "validate_report (schema)": normalised,
        "run_rules": normalised,
    }
    print(
        f"{len(reports)} reports, {len(rules.rules)} rules ({args.rules}); "
        f"median of {args.repeat}, µs/report"
    )
    stage_us = timed(stages, inputs, args.repeat)
    scale = stage_us[HANDWRITTEN]
    for name, us in stage_us.items():
        print(f"  {name:<36} {us:>8,.0f}  {us / scale:5.2f}x handwritten")

    def alone(rule: Any) -> Callable[[Any], Any]:
        only = replace(rules, rules=(rule,))
        return lambda data: ev.run_rules(data, only)

    one_rule = {rule.id: alone(rule) for rule in rules.rules}
    per_rule = timed(one_rule, {name: normalised for name in one_rule}, args.repeat)
    empty = replace(rules, rules=())
    base = timed(
        {"none": lambda data: ev.run_rules(data, empty)}, {"none": normalised}, args.repeat
    )["none"]
    print(
        f"each rule alone (run_rules with that rule only, less {base:.0f} µs "
        "for run_rules with no rule):"
    )
    for name, us in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {us - base:>8,.0f}  {(us - base) / scale:5.2f}x handwritten")
    rules_sum = sum(per_rule.values()) - base * len(per_rule)
    print(f"  {'sum':<24} {rules_sum:>8,.0f}  {rules_sum / scale:5.2f}x handwritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
