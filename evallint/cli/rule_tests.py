"""``evallint test-rules``: run every rule's pass/fail examples and say which failed."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TextIO

from evallint.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from evallint.errors import RuleSetError
from evallint.rules.loader import load_rules
from evallint.rules.packs import builtin_pack_names
from evallint.testing import ExampleResult, results_json, run_examples


def build_parser(prog: str) -> argparse.ArgumentParser:
    """The options of ``evallint test-rules``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Run the examples of every rule (default: the built-in packs) and report "
        "each one that fails; exit 1 when one does.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="rule files, folders or built-in pack names"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    return parser


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the examples of each pack; exit 1 when one fails, 2 when a pack does not load."""
    # Each pack is tested on its own: a preset's parameters must not leak into another pack.
    targets = list(args.paths) or builtin_pack_names()
    results: list[ExampleResult] = []
    rule_count = 0
    rules_without: list[str] = []
    seen: set[tuple[str | None, str]] = set()
    for target in targets:
        try:
            ruleset = load_rules(target)
        except RuleSetError as error:
            err.write(str(error) + "\n")
            return EXIT_ERROR
        # a preset re-uses the rules of the pack it extends: test each rule once
        fresh = [rule for rule in ruleset.rules if (rule.file, rule.id) not in seen]
        seen.update((rule.file, rule.id) for rule in fresh)
        results.extend(run_examples(replace(ruleset, rules=tuple(fresh))))
        rule_count += len(fresh)
        rules_without += [r.id for r in fresh if not r.examples_pass or not r.examples_fail]
    failed = [r for r in results if not r.ok]
    if args.format == "json":
        out.write(results_json(results) + "\n")
    else:
        for result in failed:
            out.write(result.explain() + "\n")
        if rules_without:
            unique = ", ".join(dict.fromkeys(rules_without))
            out.write(f"rules without both a pass and a fail example: {unique}\n")
        out.write(
            f"{len(results)} examples of {rule_count} rules: "
            f"{len(results) - len(failed)} passed, {len(failed)} failed\n"
        )
    return EXIT_FINDINGS if failed else EXIT_OK
