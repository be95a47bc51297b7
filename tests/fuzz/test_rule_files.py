"""A rule file from anyone loads or fails with located errors; ``extends`` names only a pack
or a rule file, never prints another file, never waits; loaded rules run and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given

from tests.fuzz.profiles import FUZZ
from tests.fuzz.strategies.rulefiles import RuleFileCase, rule_file_cases


@FUZZ
@given(case=rule_file_cases())
def test_any_rule_file_loads_or_fails_in_place_and_reaches_nothing_outside(
    check: Callable[[str, Any], None], case: RuleFileCase
) -> None:
    check("rulefiles", case)
