"""The peer: the same 13 checks as CEL expressions, run by cel-python.

CEL (Google's Common Expression Language) is the nearest existing thing to an
embedded rule DSL; cel-python is its pure-Python implementation. Each check is
one CEL expression, compiled once; `CelChecker.check_report(report)` evaluates
it once per item of its scope -- one activation per indicator, per category,
per goal field -- exactly as a rule engine with `each:` would, and returns the
same (check_id, json_pointer) findings as handwritten.py.

What CEL cannot do itself is read a typed cell ("　≥90%"), so every cell is
read with cells.py first and handed to CEL as a map:

    {"blank": bool, "kind": "blank"|"number"|"text", "num": Decimal|null (a plain
     number: cells.number()), "value": Decimal|null, "comparator": ">="|...|null,
     "unit": string|null, "percent": bool}

Everything else -- guards for blanks, sums, tolerances, unit compatibility,
comparator semantics -- is in the expressions below.

Numbers are Python Decimals, passed through cel-python unchanged, so both
implementations do the same exact arithmetic. Two consequences of CEL having no
decimal type: Decimal constants come in through `params` (a CEL literal is an
int or a double, and cel-python's int cannot take a Decimal on its right), and
`sum` and `abs` are registered as extension functions (CEL has neither;
cel-go users register the same).

Runners: "interpreted" (cel-python's default, walks the lark tree) or
"compiled" (transpiles each expression to Python once). Three quirks of
cel-python 0.5.0's compiled runner shape the expressions: it lacks the
`reduce` macro (hence `sum()`); it evaluates both sides of `&&` and `?:` and
absorbs only errors of a few exact Python classes, so Decimal's DivisionByZero
escapes and C3 guards its divisor in place; and it calls extension functions by
module name (see __init__).

cel-python is optional in the repository: without it this module still
imports (so `--help` works and impls.py can say it is missing), and main()
prints a one-line note instead of measuring.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cells import BLANK, BLANK_CELL, Cell, number, read_cell

try:
    import celpy
    from celpy import celtypes
except ImportError:  # optional: impls.py skips the CEL runners, main() says so
    celpy = celtypes = None

Finding = tuple[str, str]


@dataclass(frozen=True)
class CelCheck:
    id: str
    scope: str  # which items it runs over; see CelChecker._activations
    path: str  # JSON Pointer, formatted with the item's {index} or {key}
    expression: str


CHECKS = (
    CelCheck(
        "C1",
        "indicator",
        "/indicators/{index}/score",
        "item.weight.num != null && item.score.num != null && item.score.num > item.weight.num",
    ),
    CelCheck(
        "C2",
        "indicator",
        "/indicators/{index}/score",
        "item.score.num != null && item.score.num < 0",
    ),
    CelCheck(
        "C3",
        "report",
        "/funds/rate",
        """
        funds.rate.num != null && funds.total.adjusted.num != null && funds.total.executed.num != null
        && funds.total.adjusted.num != 0
        && abs(funds.rate.num - funds.total.executed.num
               / (funds.total.adjusted.num != 0 ? funds.total.adjusted.num : params.one) * 100)
           > params.rate_tolerance
    """,
    ),
    CelCheck(
        "C4",
        "report",
        "/funds/score",
        """
        funds.rate.num != null && funds.weight.num != null && funds.score.num != null
        && abs(funds.score.num
               - (funds.rate.num < 100 ? funds.rate.num : params.hundred) / 100 * funds.weight.num)
           > params.score_tolerance
    """,
    ),
    CelCheck(
        "C5",
        "funds.adjusted",
        "/funds/total/adjusted",
        """
        whole.num != null && parts.exists(c, !c.blank) && parts.all(c, c.blank || c.num != null)
        && sum(parts.filter(c, !c.blank).map(c, c.num)) != whole.num
    """,
    ),
    CelCheck(
        "C6",
        "funds.executed",
        "/funds/total/executed",
        """
        whole.num != null && parts.exists(c, !c.blank) && parts.all(c, c.blank || c.num != null)
        && sum(parts.filter(c, !c.blank).map(c, c.num)) != whole.num
    """,
    ),
    CelCheck(
        "C7",
        "category",
        "/categories/{key}",
        """
        category.value.num != null
        && !indicators.exists(i, i.level1 == category.name && !i.weight.blank && i.weight.num == null)
        && sum(indicators.filter(i, i.level1 == category.name && i.weight.num != null).map(i, i.weight.num))
           != category.value.num
    """,
    ),
    CelCheck(
        "C8",
        "report",
        "/total/weight",
        """
        total.weight.num != null && funds.weight.num != null
        && !indicators.exists(i, !i.weight.blank && i.weight.num == null)
        && funds.weight.num + sum(indicators.filter(i, i.weight.num != null).map(i, i.weight.num))
           != total.weight.num
    """,
    ),
    CelCheck(
        "C9",
        "report",
        "/total/score",
        """
        total.score.num != null && funds.score.num != null
        && !indicators.exists(i, !i.score.blank && i.score.num == null)
        && abs(total.score.num
               - (funds.score.num + sum(indicators.filter(i, i.score.num != null).map(i, i.score.num))))
           > params.score_tolerance
    """,
    ),
    CelCheck(
        "C10",
        "indicator",
        "/indicators/{index}/deviation",
        """
        item.weight.num != null && item.score.num != null && item.score.num < item.weight.num
        && item.deviation.blank
    """,
    ),
    CelCheck("C11", "goal", "/goals/{key}", "goal.blank"),
    CelCheck(
        "C12",
        "report",
        "/indicators",
        '!indicators.exists(i, i.level1 == "产出指标" && i.level2 == "成本指标" && !i.name.blank)',
    ),
    CelCheck(
        "C13",
        "indicator",
        "/indicators/{index}/deviation",
        """
        item.deviation.blank
        && item.target.kind == "number" && item.target.comparator != null
        && item.actual.kind == "number" && item.actual.comparator == null
        && item.actual.percent == item.target.percent
        && (item.target.unit == null || item.actual.unit == null || item.target.unit == item.actual.unit)
        && !(item.target.comparator == ">=" ? item.actual.value >= item.target.value
             : item.target.comparator == ">" ? item.actual.value > item.target.value
             : item.target.comparator == "<=" ? item.actual.value <= item.target.value
             : item.target.comparator == "<" ? item.actual.value < item.target.value
             : item.actual.value == item.target.value)
    """,
    ),
)

PARAMS = {
    "rate_tolerance": Decimal("0.5"),
    "score_tolerance": Decimal("0.05"),
    "hundred": Decimal(100),
    "one": Decimal(1),
}
ZERO = Decimal(0)


def cel_sum(values: list[Decimal]) -> Decimal:
    return sum(values, ZERO)


def cel_abs(value: Decimal) -> Decimal:
    return abs(value)


FUNCTIONS = {"sum": cel_sum, "abs": cel_abs}
INDICATOR_FIELDS = ("name", "target", "actual", "weight", "score", "deviation")
RUNNERS = {"interpreted": "InterpretedRunner", "compiled": "CompiledRunner"}  # celpy's classes


class CelChecker:
    """The 13 checks compiled once; `check_report` is then called per report."""

    def __init__(self, runner: str = "interpreted") -> None:
        # cel-python keeps one lark parser per process, built for the tree class of
        # the first Environment; the compiled runner needs another tree class.
        celpy.CELParser.CEL_PARSER = None
        if runner == "compiled":
            # Transpiled code calls an extension function as `module.qualname`, looked up
            # in celpy.evaluation's globals, where our module is not (cel-python issue #145).
            vars(celpy.evaluation).setdefault(__name__, sys.modules[__name__])
        environment = celpy.Environment(runner_class=getattr(celpy, RUNNERS[runner]))
        self.programs = [
            (
                check,
                environment.program(
                    environment.compile(check.expression.strip()), functions=FUNCTIONS
                ),
            )
            for check in CHECKS
        ]
        self.params = _map(PARAMS)

    def check_report(self, report: dict[str, Any]) -> list[Finding]:
        data = self._data(report)
        findings: list[Finding] = []
        for check, program in self.programs:
            for activation, slot in self._activations(check.scope, data):
                if program.evaluate(activation):
                    findings.append((check.id, check.path.format(**slot)))
        return findings

    def _data(self, report: dict[str, Any]) -> dict[str, Any]:
        """The report as CEL values, every cell read once with cells.py."""
        funds = _object(report.get("funds"))
        funds_map = {key: _cell(funds.get(key)) for key in ("weight", "rate", "score")}
        for row in ("total", "current", "carryover", "other"):
            cells = _object(funds.get(row))
            funds_map[row] = _map(
                {column: _cell(cells.get(column)) for column in ("adjusted", "executed")}
            )
        indicators = []
        for index, item in enumerate(_list(report.get("indicators"))):
            if not isinstance(item, dict):
                continue
            fields = {key: _cell(item.get(key)) for key in INDICATOR_FIELDS}
            fields["level1"] = _string(item.get("level1"))
            fields["level2"] = _string(item.get("level2"))
            indicators.append((index, _map(fields)))
        total = _object(report.get("total"))
        goals = _object(report.get("goals"))
        return {
            "funds": _map(funds_map),
            "total": _map(
                {"weight": _cell(total.get("weight")), "score": _cell(total.get("score"))}
            ),
            "indicators": indicators,
            "indicator_list": celtypes.ListType(item for _, item in indicators),
            "categories": [
                (key, _cell(raw)) for key, raw in _object(report.get("categories")).items()
            ],
            "goals": [(key, _cell(goals.get(key))) for key in ("expected", "actual")],
        }

    def _activations(
        self, scope: str, data: dict[str, Any]
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(activation, path slots) for each item the scope runs over."""
        params, indicator_list = self.params, data["indicator_list"]
        if scope == "indicator":
            for index, item in data["indicators"]:
                yield {"item": item, "params": params}, {"index": index}
        elif scope == "report":
            yield (
                {
                    "funds": data["funds"],
                    "total": data["total"],
                    "indicators": indicator_list,
                    "params": params,
                },
                {},
            )
        elif scope == "category":
            for key, value in data["categories"]:
                category = _map({"name": celtypes.StringType(key), "value": value})
                yield (
                    {"category": category, "indicators": indicator_list, "params": params},
                    {"key": _escape(key)},
                )
        elif scope == "goal":
            for key, cell in data["goals"]:
                yield {"goal": cell}, {"key": key}
        elif scope in ("funds.adjusted", "funds.executed"):
            column, funds = scope.split(".")[1], data["funds"]
            parts = celtypes.ListType(
                funds[row][column] for row in ("current", "carryover", "other")
            )
            yield {"whole": funds["total"][column], "parts": parts}, {}
        else:
            raise ValueError(f"unknown scope {scope!r}")


def _cell(raw: Any) -> celtypes.MapType:
    cell = read_cell(raw)
    if cell is BLANK_CELL:
        return _BLANK_MAP
    return _cell_map(cell)


def _cell_map(cell: Cell) -> celtypes.MapType:
    return _map(
        {
            "blank": celtypes.BoolType(cell.kind == BLANK),
            "kind": celtypes.StringType(cell.kind),
            "num": number(cell),
            "value": cell.value,
            "comparator": _string(cell.comparator),
            "unit": _string(cell.unit),
            "percent": celtypes.BoolType(cell.percent),
        }
    )


def _map(values: dict[str, Any]) -> celtypes.MapType:
    return celtypes.MapType({celtypes.StringType(key): value for key, value in values.items()})


def _string(value: Any) -> celtypes.StringType | None:
    return celtypes.StringType(value) if isinstance(value, str) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


_BLANK_MAP = _cell_map(BLANK_CELL) if celpy is not None else None


def main(argv: list[str] | None = None) -> int:
    """Where the CEL time goes, check by check: `cel_baseline.py [--runner R] [--reports N]`."""
    import argparse
    import json
    import time

    import gen

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--runner", choices=sorted(RUNNERS), default="compiled")
    parser.add_argument("--reports", type=int, default=50)
    args = parser.parse_args(argv)
    if celpy is None:
        print("skipped: cel-python is not installed (optional: pip install cel-python==0.5.0)")
        return 0
    reports = [
        json.loads(json.dumps(r, ensure_ascii=False), parse_float=Decimal)
        for r in gen.generate(args.reports, 1)
    ]
    checker = CelChecker(args.runner)
    seconds = dict.fromkeys(
        [check.id for check, _ in checker.programs] + ["cells -> CEL maps"], 0.0
    )
    evaluations = dict.fromkeys(seconds, 0)
    for report in reports:
        start = time.perf_counter()
        data = checker._data(report)
        seconds["cells -> CEL maps"] += time.perf_counter() - start
        for check, program in checker.programs:
            start = time.perf_counter()
            for activation, _ in checker._activations(check.scope, data):
                program.evaluate(activation)
                evaluations[check.id] += 1
            seconds[check.id] += time.perf_counter() - start
    total = sum(seconds.values())
    print(
        f"{args.runner} runner, {len(reports)} reports: {total / len(reports) * 1e3:.1f} ms/report"
    )
    print(
        f"{'check':<14} {'ms/report':>9} {'share':>6} {'evaluations/report':>19} "
        f"{'µs/evaluation':>14}"
    )
    for name, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        count = evaluations[name]
        per_evaluation = f"{spent / count * 1e6:,.0f}" if count else "-"
        print(
            f"{name:<14} {spent / len(reports) * 1e3:>9.2f} {spent / total * 100:>5.1f}% "
            f"{count / len(reports):>19.1f} {per_evaluation:>14}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
