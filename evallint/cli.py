"""The command line: parse arguments, run the linter, print, pick the exit code.

It holds no lint logic. Heavy modules (jsonschema, lark) are imported inside
the commands that need them, so ``evallint --version`` starts fast.

Exit codes, as linters use them:
  0  every input was checked and nothing is at or above the failing severity;
  1  there are such findings;
  2  bad usage, or an input that could not be read at all (still reported,
     and the other inputs still checked).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from evallint._version import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

BUNDLED_EXAMPLE = "zhuzhou-2022-enterprise-service.json"

_DESCRIPTION = """\
evallint checks filled-in 项目支出绩效自评表 (project expenditure performance
self-evaluation forms) before they are submitted, and says exactly where each
problem is.
"""

_CHECK_EPILOG = """\
exit codes: 0 no findings at or above --fail-on; 1 such findings;
            2 bad usage or an input that could not be read.
examples:
  evallint check                      lint the bundled example report
  evallint check form.json            lint one report
  evallint check --format json a.json b.yaml batch.jsonl
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="evallint",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"evallint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="lint reports (the bundled example when no file is given)",
        description="Lint report files (.json, .yaml, .yml, .jsonl) and print the findings.",
        epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "files", nargs="*", metavar="FILE", help="report files; none: the bundled example"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)"
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )

    commands.add_parser(
        "schema",
        help="print the JSON Schema of the report format",
        description="Print the JSON Schema (draft 2020-12) that reports must satisfy.",
    )
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = stdout if stdout is not None else sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args, out)
    if args.command == "schema":
        schema = resources.files("evallint") / "schemas" / "report.schema.json"
        out.write(schema.read_text(encoding="utf-8"))
        return EXIT_OK
    parser.print_help(out)
    return EXIT_ERROR


def bundled_example() -> Path:
    """Path of the example report shipped inside the package."""
    return Path(str(resources.files("evallint") / "examples" / BUNDLED_EXAMPLE))


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from evallint import formatters
    from evallint.findings import Severity
    from evallint.linter import check_inputs, summarise

    files: list[str] = list(args.files) or [_display_path(bundled_example())]
    results = list(check_inputs(files, lang=args.lang))
    summary = summarise(results, inputs=len(files))
    out.write(formatters.get(args.format)(results, summary, lang=args.lang))
    if summary.unreadable:
        return EXIT_ERROR
    if args.fail_on == "never":
        return EXIT_OK
    threshold = Severity(args.fail_on).rank
    failing = any(
        finding.severity.rank >= threshold for result in results for finding in result.findings
    )
    return EXIT_FINDINGS if failing else EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
