"""The command line (``python -m tools.formgen``) and the JSON writer it uses.

``dumps`` writes Decimals as exact numbers, keys in order and Chinese as is, so the same seed
gives byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from tools.formgen.defects import DEFECTS, inject
from tools.formgen.form import generate_forms
from tools.formgen.numbers import format_number

# ----------------------------------------------------------------------------------- JSON


def dumps(data: Any) -> str:
    """JSON text with Decimals as exact numbers, keys in order, Chinese kept as is."""
    if isinstance(data, dict):
        inner = ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {dumps(v)}"
                          for k, v in data.items())  # fmt: skip
        return "{" + inner + "}"
    if isinstance(data, list):
        return "[" + ", ".join(dumps(v) for v in data) + "]"
    if isinstance(data, Decimal):
        return format_number(data)
    if isinstance(data, bool) or data is None or isinstance(data, (str, int)):
        return json.dumps(data, ensure_ascii=False)
    raise TypeError(f"cannot write {type(data).__name__} as JSON")


# ------------------------------------------------------------------------------------ CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.formgen", description="Write generated 项目支出绩效自评表 reports."
    )
    parser.add_argument("--count", type=int, default=2000, help="forms to write (default 2000)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument(
        "--defect-rate", type=_rate_arg, default=Decimal(0),
        help="fraction 0..1 of forms given one random injected defect, marked in the "
             "report's x-injected key (default 0)",
    )  # fmt: skip
    parser.add_argument("--format", choices=("jsonl", "dir"), default=None,
                        help="jsonl (one report per line) or dir (one .json per report); "
                             "default: jsonl when OUT ends in .jsonl, else dir")  # fmt: skip
    parser.add_argument("-o", "--output", required=True, help="output file or folder")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be >= 0")
    out = Path(args.output)
    fmt = args.format or ("jsonl" if out.suffix == ".jsonl" else "dir")
    defects = random.Random(f"defects-{args.seed}")
    threshold = int(args.defect_rate * 10000)
    injected = 0

    def forms() -> Iterator[dict[str, Any]]:
        nonlocal injected
        for form in generate_forms(args.count, args.seed):
            if defects.randrange(10000) < threshold:
                for _ in range(len(DEFECTS)):  # a defect this form has no place for: another
                    try:
                        hit = inject(form, defects.choice(DEFECTS), defects)
                        break
                    except ValueError:
                        continue
                else:
                    yield form
                    continue
                form = hit.form
                form["x-injected"] = {"rule": hit.rule, "path": hit.path}
                injected += 1
            yield form

    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="\n") as stream:
            for form in forms():
                stream.write(dumps(form) + "\n")
    else:
        out.mkdir(parents=True, exist_ok=True)
        for index, form in enumerate(forms()):
            (out / f"form-{index:05d}.json").write_text(dumps(form) + "\n", encoding="utf-8")
    print(f"wrote {args.count} reports ({injected} with a defect) to {out}", file=sys.stderr)
    return 0


def _rate_arg(text: str) -> Decimal:
    try:
        rate = Decimal(text)
    except ArithmeticError:  # decimal.InvalidOperation
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not rate.is_finite() or not 0 <= rate <= 1:
        raise argparse.ArgumentTypeError(f"must be within 0..1: {text!r}")
    return rate
