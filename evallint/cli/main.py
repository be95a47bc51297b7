"""The command line: ``evallint COMMAND ...``: pick the command, let it run, exit with its code.

Each command is a module of this package with ``build_parser(prog)`` and
``run(args, out, err) -> int`` (the exit code, :mod:`evallint.cli.exit`);
:data:`COMMANDS` names them. A command's module, and the machinery it needs
(rules, readers, output formats), is imported only when that command runs, so
``evallint --version`` and ``evallint --help`` answer at once. The command
line holds no lint logic.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, TextIO, cast

from evallint._version import __version__
from evallint.cli.exit import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK


@dataclass(frozen=True, slots=True)
class Command:
    """A command: the module that implements it, and what it does in a line."""

    module: str
    summary: str


COMMANDS: Mapping[str, Command] = MappingProxyType(
    {
        "check": Command(
            "evallint.cli.check", "lint reports (the bundled example when no file is given)"
        ),
        "rules": Command("evallint.cli.rules", "list the active rules"),
        "explain": Command(
            "evallint.cli.explain",
            "explain one rule: why it exists, how to fix a finding, its expressions",
        ),
        "test-rules": Command("evallint.cli.rule_tests", "run every rule's pass/fail examples"),
        "import": Command(
            "evallint.cli.import_forms", "read forms from .xlsx/.docx files into report JSON"
        ),
        "schema": Command("evallint.cli.schema", "print the JSON Schema of the report format"),
    }
)

_DESCRIPTION = """\
evallint checks filled-in 项目支出绩效自评表 (project expenditure performance
self-evaluation forms) before they are submitted, and says exactly where each
problem is.
"""


class _CommandModule(Protocol):
    def build_parser(self, prog: str) -> argparse.ArgumentParser: ...

    def run(self, args: argparse.Namespace, out: TextIO, err: TextIO) -> int: ...


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser: ``--version``, ``--help`` and the command with its arguments."""
    width = max(len(name) for name in COMMANDS)
    listing = "\n".join(
        f"  {name:<{width}}  {command.summary}" for name, command in COMMANDS.items()
    )
    parser = argparse.ArgumentParser(
        prog="evallint",
        usage="evallint [-h] [--version] COMMAND [ARGUMENTS ...]",
        description=_DESCRIPTION,
        epilog=f"commands:\n{listing}\n\n`evallint COMMAND --help` describes a command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"evallint {__version__}")
    parser.add_argument(
        "command", nargs="?", choices=tuple(COMMANDS), metavar="COMMAND", help="one of those below"
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    given = list(sys.argv[1:] if argv is None else argv)
    if given and not given[0].startswith("-") and given[0] not in COMMANDS:
        near = difflib.get_close_matches(given[0], COMMANDS, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        parser.error(f"no command {given[0]!r}{hint}; the commands are {', '.join(COMMANDS)}")
    args = parser.parse_args(given)
    if args.command is None:
        parser.print_help(out)
        return EXIT_ERROR
    module = cast(_CommandModule, importlib.import_module(COMMANDS[args.command].module))
    command_args = module.build_parser(f"evallint {args.command}").parse_args(args.arguments)
    return module.run(command_args, out, err)


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`evallint check | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("evallint: interrupted\n")
        code = EXIT_INTERRUPTED
    sys.exit(code)
