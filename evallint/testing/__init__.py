"""A test kit for rule authors: run every rule's ``examples`` and say clearly what failed.

``evallint test-rules [PATH]`` runs it from the command line; in a rule-pack
repository's own pytest suite::

    import pytest
    from evallint.testing import example_cases, run_example

    @pytest.mark.parametrize("case", example_cases("rules/"), ids=str)
    def test_rule_example(case):
        result = run_example(case)
        assert result.ok, result.explain()

An example report is the pack's ``examples_base`` (``minimal``: a small
correct form; ``seed``: the bundled 株洲 form; or a report given inline) with
the example's ``report`` merged over it (objects key by key, lists replaced),
then its ``set`` pointers assigned and its ``delete`` pointers removed. A pass
example must give no finding of the rule; a fail example at least one, at
exactly its ``paths`` when it lists them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from evallint import pointer as jsonpointer
from evallint._files import package_file
from evallint.read.data import normalise
from evallint.read.jsondoc import parse_json
from evallint.read.report import Report
from evallint.rules.loader import load_rules
from evallint.rules.model import Example, PackExample, Rule, RuleSet
from evallint.run.check import check_report

ExampleKind = Literal["pass", "fail"]


def base_report(name: Any) -> dict[str, Any]:
    """The report examples are built on: ``"minimal"``, ``"seed"`` or an inline report."""
    if isinstance(name, Mapping):
        data: dict[str, Any] = normalise(name)
        return data
    files = {"seed": "zhuzhou-2022-enterprise-service.json", "minimal": "minimal.json"}
    if name not in files:
        raise ValueError(f"unknown examples_base {name!r}: use seed, minimal or a report")
    text = package_file("examples", files[name]).read_text("utf-8")
    loaded: dict[str, Any] = parse_json(text)
    return loaded


def build_example(base: Mapping[str, Any], example: Example) -> dict[str, Any]:
    """The report of ``example``, built over a copy of ``base``."""
    report = copy.deepcopy(dict(base))
    if example.report is not None:
        report = _merge(report, normalise(example.report))
    for where, value in example.set.items():
        _assign(report, where, normalise(value))
    for where in example.delete:
        _remove(report, where)
    return report


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return patch


def _assign(document: Any, where: str, value: Any) -> None:
    tokens = jsonpointer.split(where)
    if not tokens:
        raise ValueError("cannot set the whole report with a pointer")
    node = document
    for depth, token in enumerate(tokens[:-1]):
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node.setdefault(token, {})
        if not isinstance(node, (list, dict)):
            # /project/x/y where project is a text: nothing can be set inside it
            above = jsonpointer.build(tokens[: depth + 1])
            kind = type(node).__name__
            raise ValueError(f"{where}: {above} holds {kind} {node!r}, not an object")
    last = tokens[-1]
    if isinstance(node, list):
        index = int(last)
        if index == len(node):
            node.append(value)
        else:
            node[index] = value
    else:
        node[last] = value


def _remove(document: Any, where: str) -> None:
    tokens = jsonpointer.split(where)
    parent = jsonpointer.resolve(document, jsonpointer.build(tokens[:-1]))
    if isinstance(parent, list):
        del parent[int(tokens[-1])]
    else:
        del parent[tokens[-1]]


@dataclass(frozen=True, slots=True)
class ExampleCase:
    """One example of one rule, with what it needs to run."""

    rules: RuleSet
    rule: Rule
    kind: ExampleKind
    example: Example
    given_by: PackExample | None = None
    """Set for an example a pack gives for a rule it extends: it runs with the rule set's
    definitions and parameters (the rule's own examples run with its pack's)."""

    def __str__(self) -> str:
        return f"{self.rule.id}::{self.kind}::{self.example.name}"

    @property
    def where(self) -> str:
        """``file:line`` of the example's rule (or of the pack example), for messages."""
        file, line = (
            (self.given_by.file, self.given_by.line)
            if self.given_by is not None
            else (self.rule.file, self.rule.line)
        )
        if not file:
            return self.rule.id
        return f"{file}:{line}" if line else file


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """How an example fared: ``ok``, and the finding paths expected and found."""

    case: ExampleCase
    ok: bool
    expected: tuple[str, ...] | None
    found: tuple[str, ...]
    errors: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    """The English messages of the rule's findings (read by the proofreading test)."""

    def explain(self) -> str:
        """One paragraph saying which example failed and how."""
        case = self.case
        head = f'{case.where}: {case.rule.id}: {case.kind} example "{case.example.name}"'
        if self.errors:
            return f"{head} could not run: " + "; ".join(self.errors)
        found = ", ".join(self.found) if self.found else "none"
        if case.kind == "pass":
            return f"{head} must give no finding, got findings at {found}"
        if self.expected is None:
            return f"{head} must give a finding, got none"
        return f"{head} must give findings at {', '.join(self.expected)}, got {found}"


def example_cases(
    rules: RuleSet | str | Path | Iterable[str | Path],
    *,
    only: Collection[str] | None = None,
    files: Collection[str] | None = None,
) -> list[ExampleCase]:
    """Every example of every rule in ``rules`` (a RuleSet, or paths to load), and the
    examples its packs give for rules they extend. ``only`` keeps the examples of the rules
    with those ids, ``files`` the pack examples written in those files (the other rules still
    run where one defers to them)."""
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    cases: list[ExampleCase] = []
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        cases.extend(ExampleCase(ruleset, rule, "pass", e) for e in rule.examples_pass)
        cases.extend(ExampleCase(ruleset, rule, "fail", e) for e in rule.examples_fail)
    for given in ruleset.examples:
        extended = ruleset.rule(given.rule)
        if extended is None or (files is not None and given.file not in files):
            continue
        kind: ExampleKind = "pass" if given.kind == "pass" else "fail"
        cases.append(ExampleCase(ruleset, extended, kind, given.example, given))
    return cases


def run_example(case: ExampleCase) -> ExampleResult:
    """Run one example: its rule (and those it defers to), on the report it describes."""
    given = case.given_by
    base = given.base if given is not None else case.rule.examples_base
    try:
        report = build_example(base_report(base), case.example)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        return ExampleResult(case, False, case.example.paths, (), (f"cannot build it: {error}",))
    # The rules it defers to run too, so that it stands aside as it would in its pack.
    deferred = _deferred_to(case.rule, case.rules)
    if given is not None:  # a pack's example for a rule it extends: the pack's names and params
        params = {**case.rules.params, **normalise(dict(case.example.params))}
        defs = case.rules.defs
    else:
        # A rule's own examples are written against its own defaults and its pack's: a
        # preset that extends the pack (other weights, other bands, a redefined name)
        # does not change them.
        defaults = {k: v for rule in deferred for k, v in rule.defaults.items()}
        params = {**defaults, **case.rule.defaults, **normalise(dict(case.example.params))}
        defs = case.rule.defs
    single = RuleSet((*deferred, case.rule), params=params, defs=defs)
    result = check_report(Report(report), single, lang="en")
    errors = tuple(f.message for f in result.findings if f.rule == "rule-error")
    own = [f for f in result.findings if f.rule == case.rule.id]
    found = tuple(f.path for f in own)
    said = tuple(f.message for f in own)
    if errors:
        return ExampleResult(case, False, case.example.paths, found, errors, said)
    if case.kind == "pass":
        return ExampleResult(case, not found, None, found, messages=said)
    expected = case.example.paths
    if expected is None:
        return ExampleResult(case, bool(found), None, found, messages=said)
    ok = sorted(set(found)) == sorted(set(expected))
    return ExampleResult(case, ok, expected, found, messages=said)


def _deferred_to(rule: Rule, rules: RuleSet) -> tuple[Rule, ...]:
    """The rules ``rule`` defers to, directly or through one another, in pack order."""
    by_id = {other.id: other for other in rules.rules}
    wanted: set[str] = set()
    stack = list(rule.defer_to)
    while stack:
        name = stack.pop()
        if name in by_id and name not in wanted and name != rule.id:
            wanted.add(name)
            stack.extend(by_id[name].defer_to)
    return tuple(other for other in rules.rules if other.id in wanted)


def run_examples(
    rules: RuleSet | str | Path | Iterable[str | Path],
    *,
    only: Collection[str] | None = None,
    files: Collection[str] | None = None,
) -> list[ExampleResult]:
    """Run the examples :func:`example_cases` lists."""
    return [run_example(case) for case in example_cases(rules, only=only, files=files)]


def results_json(results: list[ExampleResult]) -> str:
    """The results as JSON (for ``evallint test-rules --format json``)."""
    return json.dumps(
        [
            {
                "rule": r.case.rule.id,
                "kind": r.case.kind,
                "example": r.case.example.name,
                "ok": r.ok,
                "expected": list(r.expected) if r.expected is not None else None,
                "found": list(r.found),
                "errors": list(r.errors),
            }
            for r in results
        ],
        ensure_ascii=False,
        indent=2,
    )
