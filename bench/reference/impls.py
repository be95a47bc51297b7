"""The implementations that run.py times and check_agreement.py compares.

Each is a factory returning `check(report) -> [(check_id, json_pointer), ...]`;
whatever it compiles or loads happens in the factory, outside the timed loop.
To measure evallint, pass `--evallint-rules PATH` to run.py or
check_agreement.py: that selects `evallint_checker` below.

In the repository (bench/reference/), evallint is the checkout two folders up,
put first on sys.path, and a rule spec that names a file of this folder
(`evallint13.yaml`) is found from any working directory. An implementation
whose library is missing (cel-python) raises `UnavailableError`: the scripts print
a one-line note and go on without it.

    python impls.py      lists the implementations, and which can run here
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import handwritten
from cells import read_cell

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the repository: its evallint is the one measured
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))  # after this folder, before site-packages

Finding = tuple[str, str]
Checker = Callable[[dict[str, Any]], list[Finding]]
CHECK_IDS = frozenset(f"C{number}" for number in range(1, 14))
DEFAULT_RULES = HERE / "evallint13.yaml"  # the yardstick: the 13 checks as an evallint pack


class UnavailableError(Exception):
    """The implementation's library is not installed here; the scripts skip it with a note."""


def resolve_rules(spec: str | Path) -> str:
    """A rule spec as given if it exists (or is a built-in pack name), else this folder's file."""
    path = Path(spec)
    if not path.exists() and (HERE / path).exists():
        return str(HERE / path)
    return str(spec)


def handwritten_checker() -> Checker:
    return handwritten.check_report


def cel_checker(runner: str) -> Callable[[], Checker]:
    def factory() -> Checker:
        if importlib.util.find_spec("celpy") is None:
            raise UnavailableError(
                "cel-python is not installed (optional: pip install cel-python==0.5.0)"
            )
        from cel_baseline import CelChecker  # imported here: cel-python is slow to import

        return CelChecker(runner).check_report

    return factory


def read_all_cells_checker() -> Checker:
    """Not a checker: reads every cell the 13 checks may look at, once, and finds nothing.

    The floor under an engine that reads all cells up front (as cel_baseline.py
    does); handwritten.py reads targets and actuals only where the deviation is
    blank, so it can come in below this.
    """
    indicator_fields = ("name", "target", "actual", "weight", "score", "deviation")

    def read_all(report: dict[str, Any]) -> list[Finding]:
        funds = report.get("funds") or {}
        for key in ("weight", "rate", "score"):
            read_cell(funds.get(key))
        for row in ("total", "current", "carryover", "other"):
            cells = funds.get(row) or {}
            read_cell(cells.get("adjusted"))
            read_cell(cells.get("executed"))
        for item in report.get("indicators") or ():
            for key in indicator_fields:
                read_cell(item.get(key))
        for raw in (report.get("categories") or {}).values():
            read_cell(raw)
        for section, keys in (("total", ("weight", "score")), ("goals", ("expected", "actual"))):
            values = report.get(section) or {}
            for key in keys:
                read_cell(values.get(key))
        return []

    return read_all


def evallint_checker(rules_path: str) -> Checker:
    """evallint: the rule pack loaded and compiled once, then one `evallint.lint` per report.

    evallint's API: `load_rules(path) -> RuleSet`, `lint(report, rules) ->
    list[Finding]`, a Finding with `.rule` and `.path` (an RFC 6901 pointer).
    `lint` does what a user's call does: copies the dict into evallint's form
    (`normalise`: ints to Decimal, floats via repr), validates it against the
    report schema, and runs the rules unless the schema finds the structure
    broken. The report is the dict run.py parsed (JSON numbers as Decimal).

    evallint requires lower-case kebab-case rule ids, so the pack's c1..c13 are
    mapped to C1..C13. Other findings (schema, and the national pack's own
    ids) are dropped, though evallint still does all that work. A `rule-error`
    finding (the rule could not be evaluated on an item: a list compared with
    text, a boolean used as a number) is kept as ("C7!rule-error", path), so
    check_agreement.py shows it as a difference instead of hiding it.

    The returned function also carries `rules` (the loaded RuleSet) and
    `covers_checks` (whether the pack has any of c1..c13: national-2020 has
    none, so its findings cannot be compared with handwritten's).
    """
    try:
        import evallint
    except ImportError as error:
        raise SystemExit(f"evallint is not importable from {ROOT} ({error})") from error
    rules = evallint.load_rules(resolve_rules(rules_path))

    def check(report: dict[str, Any]) -> list[Finding]:
        found: list[Finding] = []
        for finding in evallint.lint(report, rules):
            check_id = finding.rule.upper()
            if check_id in CHECK_IDS:
                found.append((check_id, finding.path))
            elif (
                finding.rule == "rule-error"
                and str(finding.values.get("rule", "")).upper() in CHECK_IDS
            ):
                found.append((str(finding.values["rule"]).upper() + "!rule-error", finding.path))
        return found

    check.rules = rules  # type: ignore[attr-defined]
    check.covers_checks = any(  # type: ignore[attr-defined]
        rule.id.upper() in CHECK_IDS for rule in rules.rules
    )
    return check


IMPLEMENTATIONS: dict[str, Callable[[], Checker]] = {
    "handwritten": handwritten_checker,
    "read-all-cells": read_all_cells_checker,
    "cel-compiled": cel_checker("compiled"),
    "cel": cel_checker("interpreted"),
}
# Too slow to time on thousands of reports; run.py times these on a prefix.
SLOW = frozenset({"cel", "cel-compiled"})


def make(name: str, evallint_rules: str | None = None) -> Checker:
    """An implementation by name; "evallint" uses --evallint-rules, "evallint:PACK" names its own
    rule files or built-in pack (e.g. "evallint:national-2020"), so several packs can take turns."""
    if name == "evallint":
        return evallint_checker(evallint_rules or DEFAULT_RULES)
    if name.startswith("evallint:"):
        return evallint_checker(name.split(":", 1)[1])
    if name not in IMPLEMENTATIONS:
        known = ", ".join([*IMPLEMENTATIONS, "evallint", "evallint:PACK"])
        raise SystemExit(f"unknown implementation {name!r} (known: {known})")
    return IMPLEMENTATIONS[name]()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    names = [*IMPLEMENTATIONS, "evallint"]
    for name in names:
        try:
            make(name)
            state = "runs here"
        except UnavailableError as missing:
            state = f"skipped: {missing}"
        print(f"{name:<16} {state}")
    pack = "evallint with rule files or a built-in pack, e.g. evallint:national-2020"
    print(f"{'evallint:PACK':<16} {pack}")
    print(f"(evallint's default pack: {DEFAULT_RULES.name}; evallint from {ROOT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
