"""``evallint explain RULE``: why a rule exists, how to fix a finding, what it runs."""

from __future__ import annotations

import argparse
import difflib
from typing import TextIO

from evallint.cli.exit import EXIT_ERROR, EXIT_OK
from evallint.cli.options import add_lang, add_rule_options, load_ruleset
from evallint.rules.docs import explain


def build_parser(prog: str) -> argparse.ArgumentParser:
    """The options of ``evallint explain``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Print a rule's description, expressions, parameters and examples.",
    )
    parser.add_argument("rule", metavar="RULE", help="rule id (or alias)")
    add_lang(parser)
    add_rule_options(parser)
    return parser


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Explain one of the active rules; an unknown id gets the nearest ones."""
    ruleset, clean = load_ruleset(args, err)
    if ruleset is None:
        return EXIT_ERROR
    rule = ruleset.rule(args.rule)
    if rule is None:
        near = difflib.get_close_matches(args.rule, [r.id for r in ruleset.rules], n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        err.write(f"evallint: no rule {args.rule!r} among the active rules{hint}\n")
        return EXIT_ERROR
    out.write(explain(rule, ruleset, args.lang))
    return EXIT_OK if clean else EXIT_ERROR
