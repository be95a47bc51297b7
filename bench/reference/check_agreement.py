"""Check that the implementations find the same things before timing them.

    python check_agreement.py [--reports 500] [--seed 1] [--mutants 100]
                              [--impl handwritten,evallint,evallint:national-2020]
                              [--evallint-rules PATH]

1. Known answer: on the seed example (evallint/examples) handwritten.py finds
   exactly the blank goals (C11, twice) and the unnamed 成本指标 row (C12).
2. Ground truth: on each generated report the check ids handwritten.py finds
   are exactly the defects gen.py injected (a clean report has no finding).
3. Agreement: every other implementation returns the same findings as
   handwritten.py on every report (same ids, same JSON Pointers, same count),
   on the generated reports and on --mutants copies with odd cells planted
   (prose weights, text in funds, missing sections, ...) that drive the
   checks' "unknown" paths the generator rarely takes.

`evallint` uses --evallint-rules (default: evallint13.yaml beside this script).
A pack with none of the 13 checks (`evallint:national-2020`) cannot be
compared: it is run over the same reports instead, and a crash, or a
rule-error on a generated report, counts as a difference. `handwritten` in
--impl is the reference itself and is not compared with itself. cel and
cel-compiled need cel-python; without it they are skipped with a note.

Exits 1 on any difference, printing the first few.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from typing import Any

import gen
import handwritten
from impls import ROOT, UnavailableError, make

EXAMPLE = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.json"
EXAMPLE_FINDINGS = [("C11", "/goals/actual"), ("C11", "/goals/expected"), ("C12", "/indicators")]
SHOWN = 5
ODD_CELLS = [
    None,
    "",
    "　",
    "十分",
    "无",
    "—",
    "≥5",
    "5-10",
    "0",
    0,
    -1,
    "１２.５",
    "100%",
    "≤90万元",
    "90%以上",
    "1.2万",
    True,
    [],
    {},
    "1e3",
    "NaN",
    Decimal("NaN"),
    1.5,
    "99999999999999999999999999.99",
]


def mutant(report: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of the report with a few odd cells planted and, sometimes, a section broken."""
    report = copy.deepcopy(report)
    for _ in range(rng.randint(1, 6)):
        where = rng.random()
        if where < 0.5:
            item = rng.choice(report["indicators"])
            key = rng.choice(["weight", "score", "target", "actual", "deviation", "name", "level1"])
            item[key] = rng.choice(ODD_CELLS)
        elif where < 0.75:
            row = rng.choice(["total", "current", "carryover", "other"])
            report["funds"][row][rng.choice(["adjusted", "executed"])] = rng.choice(ODD_CELLS)
        elif where < 0.85:
            report["funds"][rng.choice(["weight", "rate", "score"])] = rng.choice(ODD_CELLS)
        else:
            section = report[rng.choice(["categories", "total", "goals"])]
            section[rng.choice(list(section))] = rng.choice(ODD_CELLS)
    if rng.random() < 0.15:
        key = rng.choice(["goals", "categories", "total", "funds", "indicators"])
        if rng.random() < 0.5:
            del report[key]
        else:
            report[key] = rng.choice([None, [], "x", {}])
    return report


def run_only(
    name: str, check: Any, reports: list[dict[str, Any]], mutants: list[dict[str, Any]]
) -> int:
    """A pack that has none of C1-C13 (national-2020): run it on every report, count what breaks.

    Its findings cannot be compared with handwritten's. A crash on any report,
    or a rule-error on a generated report, is a failure; rule-errors on the
    mutants (odd cells planted on purpose) are counted and shown.
    """
    import evallint

    rules = check.rules
    start = time.perf_counter()
    crashes, findings = 0, 0
    errors: dict[str, Counter[str]] = {"generated": Counter(), "mutants": Counter()}
    for index, report in enumerate(reports + mutants):
        kind = "generated" if index < len(reports) else "mutants"
        try:
            found = evallint.lint(report, rules)
        except Exception as error:  # a crash is what this run is for
            crashes += 1
            if crashes <= SHOWN:
                print(f"  report {index}: {name} raised {type(error).__name__}: {error}")
            continue
        findings += len(found)
        errors[kind].update(str(f.values.get("rule")) for f in found if f.rule == "rule-error")
    generated_errors = sum(errors["generated"].values())
    print(
        f"{name}: not compared (its {len(rules.rules)} rules are not C1-C13); ran on "
        f"{len(reports)} generated + {len(mutants)} mutants: {findings} findings, "
        f"{crashes} crashes, rule-errors {generated_errors} on generated, "
        f"{sum(errors['mutants'].values())} on mutants {dict(errors['mutants'].most_common(5))} "
        f"({time.perf_counter() - start:.1f} s)"
    )
    return crashes + generated_errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reports", type=int, default=500, help="generated reports to compare (default 500)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--mutants", type=int, default=100, help="copies with odd cells, compared too (default 100)"
    )
    parser.add_argument(
        "--impl",
        default="handwritten,evallint,evallint:national-2020",
        help="comma-separated, compared with handwritten (default %(default)s); "
        "also cel, cel-compiled (need cel-python), evallint:PACK",
    )
    parser.add_argument(
        "--evallint-rules",
        help="rule pack for the evallint adapter (adds 'evallint' to --impl; "
        "default for 'evallint': evallint13.yaml beside this script)",
    )
    args = parser.parse_args(argv)
    names = [name for name in args.impl.split(",") if name]
    if args.evallint_rules and "evallint" not in names:
        names.append("evallint")

    failures = 0
    if EXAMPLE.exists():
        example = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
        found = sorted(handwritten.check_report(example))
        ok = found == EXAMPLE_FINDINGS
        failures += not ok
        print(f"seed example: {'ok' if ok else 'DIFFERS'} {found}")

    # The same route as run.py: JSON text parsed with Decimal numbers.
    reports = [
        json.loads(json.dumps(r, ensure_ascii=False), parse_float=Decimal)
        for r in gen.generate(args.reports, args.seed)
    ]
    rng = random.Random(args.seed)
    mutants = [mutant(rng.choice(reports), rng) for _ in range(args.mutants)] if reports else []
    compared = reports + mutants
    expected = [sorted(handwritten.check_report(report)) for report in compared]

    wrong = 0
    injected: Counter[str] = Counter()
    for index, (report, findings) in enumerate(zip(reports, expected[: len(reports)], strict=True)):
        defects = report["x-bench"]["defects"]
        injected.update(defects)
        found_ids = sorted({check_id for check_id, _ in findings}, key=gen.DEFECT_KINDS.index)
        if found_ids != defects:
            wrong += 1
            if wrong <= SHOWN:
                print(f"  report {index}: injected {defects}, handwritten found {findings}")
    failures += wrong
    defective = sum(1 for report in reports if report["x-bench"]["defects"])
    by_kind = {kind: injected[kind] for kind in gen.DEFECT_KINDS if kind in injected}
    print(
        f"ground truth: {len(reports) - wrong}/{len(reports)} reports match "
        f"({defective} with defects; injected {by_kind})"
    )

    for name in names:
        if name == "handwritten":
            continue  # the reference: its findings are the expected ones
        try:
            check = make(name, args.evallint_rules)
        except UnavailableError as missing:
            print(f"skipped {name}: {missing}")
            continue
        if not getattr(check, "covers_checks", True):
            failures += run_only(name, check, reports, mutants)
            continue
        start = time.perf_counter()
        differing = 0
        for index, (report, want) in enumerate(zip(compared, expected, strict=True)):
            got = sorted(check(report))
            if got != want:
                differing += 1
                if differing <= SHOWN:
                    print(f"  report {index}:\n    handwritten {want}\n    {name} {got}")
        failures += differing
        total = sum(len(findings) for findings in expected)
        print(
            f"{name}: {len(compared) - differing}/{len(compared)} reports "
            f"({len(reports)} generated + {len(mutants)} mutants) "
            "give the same findings as handwritten "
            f"({total} findings; {time.perf_counter() - start:.1f} s)"
        )

    print("OK" if failures == 0 else f"FAILED: {failures} difference(s)")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
