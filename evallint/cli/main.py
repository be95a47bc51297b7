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
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, TextIO, cast

from evallint import messages
from evallint._version import __version__
from evallint.cli.exit import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, InternalError
from evallint.cli.output import Output, OutputError
from evallint.limits import MAX_EXCERPT_CHARS
from evallint.messages import Lang

DEBUG_VARIABLE = "EVALLINT_DEBUG"
"""Set to ``1`` to see the traceback of an internal error."""


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
    """Run the command line; returns the exit code.

    Everything is written through :class:`~evallint.cli.output.Output` (text that
    cannot be encoded is escaped). A failed write, and any error that is a bug of
    evallint, end the command with a message of their own and exit code 2, never
    a traceback and never 1 (which would read as findings).
    """
    out = Output(stdout if stdout is not None else sys.stdout).as_text_io()
    err = Output(stderr if stderr is not None else sys.stderr).as_text_io()
    given = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run_command(given, out, err)
        out.flush()  # a full disk shows here at the latest, while it can still be said
        return code
    except OutputError as error:
        _say(err, "evallint: " + _output_problem(error, _lang_of(given)))
        return EXIT_ERROR
    except (BrokenPipeError, KeyboardInterrupt):
        raise  # the entry point answers these as Unix tools do
    except Exception as error:
        _say(err, _internal_error(error, _lang_of(given)))
        return EXIT_ERROR


def _run_command(given: list[str], out: TextIO, err: TextIO) -> int:
    parser = build_parser()
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


def _lang_of(given: list[str]) -> Lang:
    # read here, not from parsed options: the error may come before they exist
    for index, argument in enumerate(given):
        if argument == "--lang" and index + 1 < len(given):
            return "en" if given[index + 1] == "en" else "zh"
        if argument.startswith("--lang="):
            return "en" if argument.endswith("=en") else "zh"
    return "zh"


def _output_problem(error: OutputError, lang: Lang) -> str:
    target = error.target or messages.render("output-stdout", lang)
    return messages.render("output-error", lang, target=target, reason=error.reason)


def _internal_error(error: Exception, lang: Lang) -> str:
    """The message for a bug of evallint, naming the input it met it on, if known."""
    cause = error.__cause__ if isinstance(error, InternalError) and error.__cause__ else error
    where = ""
    if isinstance(error, InternalError):
        where = messages.render("cli-internal-where", lang, input=error.input)
    detail = f"{type(cause).__name__}: {cause}"[:MAX_EXCERPT_CHARS]
    text = "evallint: " + messages.render("cli-internal-error", lang, where=where, detail=detail)
    if os.environ.get(DEBUG_VARIABLE):
        text += "\n" + "".join(traceback.format_exception(cause)).rstrip("\n")
    return text


def _say(err: TextIO, text: str) -> None:
    """Write a last message to ``err``, which may itself be what failed."""
    try:
        err.write(text + "\n")
        err.flush()
    except (OSError, OutputError):
        pass


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`evallint check | head`): stop quietly, as Unix tools do
        _stdout_to_devnull()
        code = EXIT_OK
    except OSError:
        # standard output cannot take what is left (`evallint check > /dev/full`); main
        # has said so when it flushed, and Python's own flush at exit must not say it again
        _stdout_to_devnull()
        code = EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("evallint: interrupted\n")
        code = EXIT_INTERRUPTED
    sys.exit(code)


def _stdout_to_devnull() -> None:
    # what is still buffered could never be written: leave nothing for Python's exit to flush
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
