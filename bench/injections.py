"""Each generated defect injected alone into N correct forms: caught, other findings, missed.

The loop of ``tests/national/test_no_noise.py::test_an_injected_defect_fires_exactly_its_rule``
(which CI runs on 6 forms per defect, asserting) at a size that measures: a form counts as
caught when the findings the injection adds are exactly the intended rule at the intended
place (and the findings the defect cannot come without); "other findings" when it adds
something else; "missed" when it adds nothing (the finding may have been there before: a
correct form may carry an info note of the same rule).

    python bench/injections.py                      # every defect, 150 forms each
    python bench/injections.py --forms 50 unit-mismatch direction-reversed
"""

from __future__ import annotations

import argparse
import random
import sys
import zlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evallint.read.report import Report
from evallint.rules.loader import load_rules
from evallint.run.check import check_report
from tests.national.test_no_noise import PARAMS
from tools.formgen import DEFECTS, generate_forms, inject


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("defects", nargs="*", help="defect names (default: all)")
    parser.add_argument("--forms", type=int, default=150, help="forms per defect (150)")
    args = parser.parse_args(argv)
    pack = load_rules("national-2020")

    def found(form: dict[str, Any], rules: Any) -> set[tuple[str, str]]:
        return {(f.rule, f.path) for f in check_report(Report(form), rules).findings}

    print(f"{'defect':40} {'forms':>5} {'caught':>7} {'other':>6} {'missed':>7}")
    for defect in args.defects or DEFECTS:
        rules = pack.configured(params=PARAMS.get(defect, {}))
        rng = random.Random(f"wide-{defect}")
        caught = other = missed = checked = 0
        for form in generate_forms(args.forms * 3, seed=zlib.crc32(b"wide" + defect.encode())):
            if checked == args.forms:
                break
            try:
                injection = inject(form, defect, rng)
            except ValueError:
                continue  # no place for this defect in this form
            added = found(injection.form, rules) - found(form, rules)
            checked += 1
            if added == {(injection.rule, injection.path)} | injection.also:
                caught += 1
            elif added:
                other += 1
            else:
                missed += 1
        print(f"{defect:40} {checked:5} {caught:7} {other:6} {missed:7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
