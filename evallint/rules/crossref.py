"""Checks that tie the rules of a finished rule set together.

Once every file is read and every rule compiled: each rule a rule ``defer_to``\\ s
exists and no rules defer to each other in a circle; each example a pack gives
for a rule it extends (its top-level ``examples``) names a rule of the set; and
each rule learns what it reads through the names of the finished set (a pack
that extends another may have redefined a name an inherited rule uses).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping

from evallint.dsl.expression import Definition
from evallint.dsl.fields import read_paths
from evallint.errors import RuleError
from evallint.rules.definitions import cycle_in
from evallint.rules.locate import Source, located
from evallint.rules.model import PackExample, Rule

Place = tuple[Source, str]
"""Where a rule is written: its file and its JSON Pointer there."""


def deferral_problems(rules: list[Rule], places: Mapping[str, Place]) -> list[RuleError]:
    """Every rule a rule defers to exists, and no rule defers to itself in a circle."""
    ids = {rule.id for rule in rules}
    problems = []
    for rule in rules:
        place = places.get(rule.id)
        if place is None:
            continue  # a rule of a built-in pack: checked when that pack was built
        for index, other in enumerate(rule.defer_to):
            if other not in ids:
                near = difflib.get_close_matches(other, sorted(ids), n=1)
                hint = f' (did you mean "{near[0]}"?)' if near else ""
                message = f'no rule "{other}" to defer to{hint}'
                where = f"{place[1]}/defer_to/{index}"
                problems.append(located(place[0], where, "unknown-rule", message))
    cycle = cycle_in({rule.id: set(rule.defer_to) & ids for rule in rules})
    if cycle is not None:
        message = f"rules defer to each other in a circle: {' → '.join(cycle)}"
        place = places.get(cycle[0])
        if place is not None:
            problems.append(located(place[0], f"{place[1]}/defer_to", "defer-cycle", message))
        else:
            problems.append(RuleError("defer-cycle", message, file=str(cycle[0])))
    return problems


def pack_examples(
    rules: list[Rule], given: Iterable[tuple[PackExample, Source]]
) -> tuple[list[PackExample], list[RuleError]]:
    """The examples packs give whose rule exists, and a problem for each whose rule does not."""
    ids = {rule.id for rule in rules} | {alias for rule in rules for alias in rule.aliases}
    kept: list[PackExample] = []
    problems: list[RuleError] = []
    for example, source in given:
        if example.rule in ids:
            kept.append(example)
            continue
        near = difflib.get_close_matches(example.rule, sorted(ids), n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else ""
        message = f'no rule "{example.rule}" to give examples for{hint}'
        error = located(source, f"/examples/{example.rule}", "unknown-rule", message, key=True)
        if error not in problems:
            problems.append(error)
    return kept, problems


def with_reads(rule: Rule, defs: Mapping[str, Definition]) -> Rule:
    """``rule`` with the report paths its ``when`` and ``check`` read, names followed."""
    names = {**defs, **rule.lets}
    paths: list[str] = []
    for expression in (rule.when, rule.check):
        if expression is not None:
            paths += read_paths(expression.tree, item_schema=expression.item_schema, names=names)
    return dataclasses.replace(rule, reads=tuple(dict.fromkeys(paths)))
