"""What several commands share: the options that choose rules and language; loading rules."""

from __future__ import annotations

import argparse
from typing import TextIO

from evallint.errors import RuleSetError
from evallint.rules.config import discover, load_config, ruleset_for
from evallint.rules.model import RuleSet


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """``--config``, ``--rules``, ``--select``, ``--ignore``."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: evallint.toml, .evallint.yaml or [tool.evallint] in "
        "pyproject.toml, looked up from the current directory upwards)",
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="rule file, folder or built-in pack name; repeatable; replaces the configured rules",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="run only these rules (ids, tags or globs; repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="do not run these rules (ids, tags or globs; repeatable); ignore wins over select",
    )


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang zh|en``."""
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)"
    )


def load_ruleset(args: argparse.Namespace, err: TextIO) -> tuple[RuleSet | None, bool]:
    """The rules the options and configuration ask for, and whether all loaded cleanly.

    Every problem (and warning) of the rule files is written to ``err``; a rule
    or file with an error is left out, the rest still loads.
    """
    try:
        config = load_config(args.config) if args.config else discover()
        config = config.with_overrides(rules=args.rules, select=args.select, ignore=args.ignore)
        ruleset = ruleset_for(config, strict=False)
    except RuleSetError as error:
        err.write("\n".join(problem.describe(args.lang) for problem in error.errors) + "\n")
        return None, False
    for problem in (*ruleset.errors, *ruleset.warnings):
        err.write(problem.describe(args.lang) + "\n")
    return ruleset, not ruleset.errors
