"""``evallint test-rules``: run every rule's pass/fail examples and say which failed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from evallint.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from evallint.errors import RuleSetError
from evallint.rules.loader import load_rules
from evallint.rules.packs import Refusal, builtin_pack_names, pack_files, resolve_reference
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
    # Of a pack that extends another, only its own rules: the rules it inherits are tested
    # with their own pack (their examples hold there, whatever the extending pack redefines).
    targets = list(args.paths) or builtin_pack_names()
    results: list[ExampleResult] = []
    rule_count = inherited = 0
    rules_without: list[str] = []
    seen: set[tuple[str | None, str]] = set()
    seen_files: set[str] = set()  # of the examples packs give for rules they extend
    for target in targets:
        try:
            ruleset = load_rules(target)
        except RuleSetError as error:
            err.write(str(error) + "\n")
            return EXIT_ERROR
        own = _files_of(target)
        mine = [rule for rule in ruleset.rules if own is None or _resolved(rule.file) in own]
        inherited += len(ruleset.rules) - len(mine) if args.paths else 0
        # a preset re-uses the rules of the pack it extends: test each rule once
        fresh = [rule for rule in mine if (rule.file, rule.id) not in seen]
        seen.update((rule.file, rule.id) for rule in fresh)
        files = {e.file for e in ruleset.examples if own is None or _resolved(e.file) in own}
        files -= seen_files
        seen_files |= files
        results.extend(run_examples(ruleset, only={rule.id for rule in fresh}, files=files))
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
        rules = "rule" if rule_count == 1 else "rules"
        line = (
            f"{len(results)} examples of {rule_count} {rules}: "
            f"{len(results) - len(failed)} passed, {len(failed)} failed"
        )
        if inherited:
            line += f" ({inherited} rules of the packs extended are tested with those packs)"
        out.write(line + "\n")
    return EXIT_FINDINGS if failed else EXIT_OK


def _files_of(target: str) -> set[str] | None:
    """The rule files ``target`` names (a file, a folder or a built-in pack); ``None`` if
    it cannot be resolved (then every rule counts as its own)."""
    path = resolve_reference(target, None)
    if path is None:
        return None
    try:
        return {_resolved(str(file)) for file in pack_files(path)}
    except Refusal:
        return None


def _resolved(file: str | None) -> str:
    return str(Path(file).resolve()) if file else ""
