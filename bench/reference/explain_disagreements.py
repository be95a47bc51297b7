"""Explain every report where evallint (with a rule pack) and handwritten.py disagree.

    python explain_disagreements.py [--reports 500] [--mutants 100] [--rules evallint13.yaml] [-v]

The reports and mutants are check_agreement.py's (same seed, same order). A
mutant differs from the generated report it was copied from by a few planted
cells; for each finding only one side returns, each planted change is undone
on its own, and the changes whose undoing makes that difference go away are
its causes. Causes are then put in classes by what was planted:

  A  true, [] or {} in a cell: evallint gives a rule-error (or `true == 5` is false);
     handwritten reads the cell as unreadable, so the check is unknown
  B  Decimal('NaN') in a cell: evallint computes with it (a rule-error, or NaN != x);
     handwritten: unreadable
  C  a cell with a comparator (≥5, ≤90万元, 90%以上) where a number is expected:
     evallint reads its number; handwritten's number() refuses it (unknown)
  D  a percentage (100%) in a weight or score: evallint reads 1, handwritten 100
  E  '—' (also typed by gen.py in funds rows): blank to evallint, text to handwritten
  F  a section that is not an object or list (or a required one deleted): evallint's
     schema check finds the structure broken and runs no rule at all
  G  a sum over no values: unknown in evallint (as in SQL), 0 in handwritten
     (no indicator rows; a level-1 left without rows after its rows were relabelled)
  H  a blank level1 on the only named 成本指标 row: `level1 == "产出指标"` is unknown
     in evallint, so C12's any() is unknown (no finding); handwritten: not 产出, C12

A difference no single undo removes needs several planted cells at once: the
smallest sets of changes whose undoing removes it are its causes, and it is
listed (-v lists every difference). A planted cell that is an ordinary value
(-1, "0", a blank) only makes handwritten fire; the class comes from the others.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import random
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import gen
import handwritten
from check_agreement import mutant
from impls import make

Path = tuple[Any, ...]


def planted(source: Any, copy_: Any, path: Path = ()) -> list[tuple[Path, Any, Any]]:
    """(path, old, new) for every change between a report and its mutant."""
    if type(source) is not type(copy_) or (isinstance(source, list) and len(source) != len(copy_)):
        return [(path, source, copy_)]
    if isinstance(source, dict):
        found = []
        for key in [*source, *(k for k in copy_ if k not in source)]:
            if key not in copy_:
                found.append(((*path, key), source[key], "<deleted>"))
            elif key not in source:
                found.append(((*path, key), "<absent>", copy_[key]))
            else:
                found += planted(source[key], copy_[key], (*path, key))
        return found
    if isinstance(source, list):
        return [
            change
            for i, (a, b) in enumerate(zip(source, copy_, strict=False))
            for change in planted(a, b, (*path, i))
        ]
    return [] if source == copy_ else [(path, source, copy_)]


def undone(report: dict[str, Any], changes: tuple[tuple[Path, Any, Any], ...]) -> dict[str, Any]:
    report = copy.deepcopy(report)
    for path, old, _ in changes:
        node = report
        for key in path[:-1]:
            node = node[key]
        if old == "<absent>":
            del node[path[-1]]
        else:
            node[path[-1]] = copy.deepcopy(old)
    return report


def cause_class(path: Path, new: Any, check_id: str) -> str:
    if len(path) == 1:
        if path[0] == "indicators" and new == []:
            return "G sum over no values (no indicator rows)"
        return "F broken structure: the schema check stops all rules"
    if isinstance(new, (bool, list, dict)):
        return "A true/[]/{} in a cell"
    if isinstance(new, Decimal) and not new.is_finite():
        return "B Decimal('NaN') in a cell"
    if (isinstance(new, str) and new.lstrip()[:1] in ("≥", "≤")) or new == "90%以上":
        return "C comparator cell read as its number"
    if new == "100%":
        return "D percentage read as a fraction"
    if new == "—":
        return "E '—' is blank"
    if path[-1] == "level1" and check_id == "C12" and (new is None or not str(new).strip()):
        return "H a blank level1: `level1 == ...` is unknown, so any() is unknown"
    if path[-1] == "level1":
        return "G sum over no values (a level-1 left without rows)"
    if path[:1] == ("funds",):  # a planted number next to a '—' that gen.py typed in a funds row
        return "E '—' is blank"
    return f"? {new!r} at {'/'.join(map(str, path))}"


def show(value: Any) -> str:
    return (
        f"{type(value).__name__} of {len(value)}"
        if isinstance(value, (dict, list))
        else repr(value)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--mutants", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rules",
        default="evallint13.yaml",
        help="rule files or a built-in pack (default %(default)s, beside this script)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    reports = [
        json.loads(json.dumps(r, ensure_ascii=False), parse_float=Decimal)
        for r in gen.generate(args.reports, args.seed)
    ]
    rng = random.Random(args.seed)
    sources = []
    mutants = []
    for _ in range(args.mutants):
        source = rng.choice(reports)
        sources.append(source)
        mutants.append(mutant(source, rng))
    check = make("evallint", args.rules)

    def differences(report: dict[str, Any]) -> set[tuple[str, str, str]]:
        want, got = set(handwritten.check_report(report)), set(check(report))
        return {("handwritten only", *f) for f in want - got} | {
            ("evallint only", *f) for f in got - want
        }

    generated_differing = [i for i, report in enumerate(reports) if differences(report)]
    for index in generated_differing:
        print(f"generated report {index}: {sorted(differences(reports[index]))}")

    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    reports_of: dict[str, set[int]] = defaultdict(set)
    differing = 0
    for j, (source, report) in enumerate(zip(sources, mutants, strict=True)):
        found = differences(report)
        if not found:
            continue
        differing += 1
        number = args.reports + j
        changes = [c for c in planted(source, report) if c[0][:1] != ("x-bench",)]
        for difference in sorted(found):
            causes: list[tuple[Path, Any, Any]] = []
            for size in range(1, len(changes) + 1):
                for subset in itertools.combinations(changes, size):
                    if difference not in differences(undone(report, subset)):
                        causes += [c for c in subset if c not in causes]
                if causes:
                    break
            classes = sorted(
                {cause_class(path, new, difference[1].split("!")[0]) for path, _, new in causes}
            )
            # an ordinary value planted ("?") only made handwritten fire; the structure
            # gate (F), else an empty sum (G), explains a difference whatever else was planted
            classes = [k for k in classes if not k.startswith("?")] or classes
            label = " & ".join(
                [k for k in classes if k.startswith("F")]
                or [k for k in classes if k.startswith("G")]
                or classes
            )
            if size > 1:
                print(
                    f"report {number}: {difference} needs {size} planted cells at once: "
                    + ", ".join(f"/{'/'.join(map(str, p))}={show(new)}" for p, _, new in causes)
                )
            check_id = difference[1].split("!")[0] + (" error" if "!" in difference[1] else "")
            by_class[label][check_id] += 1
            reports_of[label].add(number)
            if args.verbose:
                print(f"report {number}: {difference} <= {label}")

    print(
        f"\ngenerated reports: {len(reports) - len(generated_differing)}/{len(reports)} identical; "
        f"mutants: {args.mutants - differing}/{args.mutants} identical "
        "(a mutant may count under several classes below)"
    )
    for label in sorted(by_class):
        counts = by_class[label]
        listed = ", ".join(
            f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: int(kv[0].split()[0][1:]))
        )
        print(
            f"{sum(counts.values()):4d} differing findings in {len(reports_of[label]):3d} mutants  "
            f"{label}: {listed}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
