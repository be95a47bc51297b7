"""A cell of the wrong kind (true, a list, an object) or a number that is not finite is an
unreadable cell: one schema finding at it, and the rules see it as not filled in — never a
rule error, never a number computed with."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from evallint import lint
from tests.paths import EXAMPLES

MINIMAL = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))


def with_score(value: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data["indicators"][1]["score"] = value
    return data


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        [],
        [1, 2],
        {},
        {"a": 1},
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
    ],
    ids=repr,
)
def test_an_unreadable_score_is_one_schema_finding_and_no_rule_error(value: Any) -> None:
    findings = lint(with_score(value), "national-2020")
    rules = [(f.rule, f.path) for f in findings]
    assert "rule-error" not in {rule for rule, _ in rules}, rules
    at_cell = [rule for rule, path in rules if path == "/indicators/1/score"]
    assert len(at_cell) == 1 and at_cell[0].startswith("schema"), rules
    # the rules that read the cell stand aside; the others still run on the form
    assert all(path != "/indicators/1/score" or rule.startswith("schema") for rule, path in rules)


def test_an_unreadable_funds_amount_silences_the_funds_arithmetic_that_reads_it() -> None:
    data = copy.deepcopy(MINIMAL)
    data["funds"]["total"]["executed"] = Decimal("NaN")
    rules = {(f.rule, f.path) for f in lint(data, "national-2020")}
    assert rules == {("schema-type", "/funds/total/executed")}
