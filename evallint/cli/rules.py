"""``evallint rules``: list the rules a check would run, with their severity and title."""

from __future__ import annotations

import argparse
from typing import TextIO

from evallint.cli.exit import EXIT_ERROR, EXIT_OK
from evallint.cli.options import add_lang, add_rule_options, load_ruleset
from evallint.rules.docs import rules_json, rules_markdown, rules_text


def build_parser(prog: str) -> argparse.ArgumentParser:
    """The options of ``evallint rules``."""
    parser = argparse.ArgumentParser(
        prog=prog, description="List the rules a check would run, with their severity and title."
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    add_lang(parser)
    add_rule_options(parser)
    return parser


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the active rules; exit 2 when a rule file had an error."""
    ruleset, clean = load_ruleset(args, err)
    if ruleset is None:
        return EXIT_ERROR
    if args.format == "json":
        out.write(rules_json(ruleset, args.lang))
    elif args.format == "markdown":
        out.write(rules_markdown(ruleset, (args.lang,)))
    else:
        out.write(rules_text(ruleset, args.lang))
    return EXIT_OK if clean else EXIT_ERROR
