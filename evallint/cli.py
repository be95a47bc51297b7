"""The command line: parse arguments, run the linter, print, pick the exit code.

It holds no lint logic. Heavy modules (jsonschema, lark) are imported inside
the commands that need them, so ``evallint --version`` starts fast.

Exit codes, as linters use them:
  0  every input was checked and nothing is at or above the failing severity;
  1  there are such findings (``test-rules``: an example failed);
  2  bad usage, a broken rule or configuration file, or an input that could not
     be read at all (still reported, and the other inputs still checked).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from evallint._files import package_file
from evallint._version import __version__

if TYPE_CHECKING:
    from evallint.ruleset import RuleSet

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
            2 bad usage, a broken rule file, or an input that could not be read.
examples:
  evallint check                      lint the bundled example report
  evallint check form.json            lint one report
  evallint check --format json a.json b.yaml batch.jsonl
  evallint check --rules my-rules/ --ignore narrative form.json
"""


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
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


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)"
    )


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
        description="Lint report files (.json, .yaml, .yml, .jsonl; .xlsx and .docx forms with "
        "the office extra) and print the findings.",
        epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "files",
        nargs="*",
        metavar="PATH",
        help="report files, folders (searched for .json .yaml .yml .jsonl), glob patterns, "
        "or - for standard input; none: the bundled example",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "sarif", "junit", "github", "html"),
        default="text",
        help="output format (default: text)",
    )
    check.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
    check.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files matching this glob (path or name; repeatable)",
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="check reports in N processes (default: the machine's cores; 1: in this process)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings that are not in this baseline (see --write-baseline)",
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings (by report, rule and pointer, with counts) in FILE",
    )
    check.add_argument(
        "--statistics", action="store_true", help="count findings per rule (text format)"
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only findings and unreadable inputs, no summary (text format)",
    )
    check.add_argument(
        "--show-source",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="show the offending cell's value after each finding (text format; default: on)",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    _add_lang(check)
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    _add_rule_options(check)

    rules = commands.add_parser(
        "rules",
        help="list the active rules",
        description="List the rules a check would run, with their severity and title.",
    )
    rules.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    _add_lang(rules)
    _add_rule_options(rules)

    explain = commands.add_parser(
        "explain",
        help="explain one rule: why it exists, how to fix a finding, its expressions",
        description="Print a rule's description, expressions, parameters and examples.",
    )
    explain.add_argument("rule", metavar="RULE", help="rule id (or alias)")
    _add_lang(explain)
    _add_rule_options(explain)

    test_rules = commands.add_parser(
        "test-rules",
        help="run every rule's pass/fail examples",
        description="Run the examples of every rule (default: the built-in packs) and report "
        "each one that fails; exit 1 when one does.",
    )
    test_rules.add_argument(
        "paths", nargs="*", metavar="PATH", help="rule files, folders or built-in pack names"
    )
    test_rules.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )

    imports = commands.add_parser(
        "import",
        help="read forms from .xlsx/.docx files into report JSON",
        description="Find the self-evaluation forms in Excel (.xlsx) and Word (.docx) files and "
        "write them as report JSON (format v1), with the cell of every value in source.cells. "
        "Needs the optional extra: pip install 'evallint[office]'.",
        epilog="output: without -o, one form is printed as JSON and several as JSON Lines (one "
        "report per line); -o FILE.json takes exactly one form, -o FILE.jsonl any number, and "
        "-o FOLDER (existing, or ending in /) gets one FILE.json per form (FILE-2.json ... for "
        "the further forms of a file). Exit 0 when every input gave its forms, 2 otherwise.",
    )
    imports.add_argument("files", nargs="+", metavar="FILE", help=".xlsx/.docx files or folders")
    imports.add_argument("-o", "--output", metavar="OUT", help="where to write (see below)")
    _add_lang(imports)

    commands.add_parser(
        "schema",
        help="print the JSON Schema of the report format",
        description="Print the JSON Schema (draft 2020-12) that reports must satisfy.",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args, out, err)
    if args.command == "rules":
        return _rules(args, out, err)
    if args.command == "explain":
        return _explain(args, out, err)
    if args.command == "test-rules":
        return _test_rules(args, out, err)
    if args.command == "import":
        from evallint.importing import run_import

        return run_import(args.files, args.output, args.lang, out, err)
    if args.command == "schema":
        schema = package_file("schemas", "report.schema.json")
        out.write(schema.read_text(encoding="utf-8"))
        return EXIT_OK
    parser.print_help(out)
    return EXIT_ERROR


def bundled_example() -> Path:
    """Path of the example report shipped inside the package."""
    return package_file("examples", BUNDLED_EXAMPLE)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _load_ruleset(args: argparse.Namespace, err: TextIO) -> tuple[RuleSet | None, bool]:
    """The rules the command line and configuration ask for, and whether all loaded cleanly."""
    from evallint.config import discover, load_config, ruleset_for
    from evallint.errors import RuleSetError

    try:
        config = load_config(args.config) if args.config else discover()
        config = config.with_overrides(rules=args.rules, select=args.select, ignore=args.ignore)
        ruleset = ruleset_for(config, strict=False)
    except RuleSetError as error:
        err.write(str(error) + "\n")
        return None, False
    for problem in (*ruleset.errors, *ruleset.warnings):
        err.write(problem.describe() + "\n")
    return ruleset, not ruleset.errors


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import os

    from evallint import formatters
    from evallint.findings import Severity
    from evallint.inputs import STDIN, Missing, expand
    from evallint.linter import RunningSummary, run_batch

    if args.jobs < 0:
        err.write("evallint: --jobs must be 0 (all cores) or more\n")
        return EXIT_ERROR
    from evallint.baseline import Baseline, BaselineError, BaselineWriter

    ruleset, clean = _load_ruleset(args, err)
    if ruleset is None:
        return EXIT_ERROR
    baseline = None
    if args.baseline:
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as error:
            err.write(f"evallint: {error}\n")
            return EXIT_ERROR
    recorder = BaselineWriter() if args.write_baseline else None
    arguments: list[str] = list(args.files) or [_display_path(bundled_example())]
    inputs = list(expand(arguments, args.exclude))
    stdin_text = sys.stdin.read() if STDIN in inputs else None
    destination = out
    if args.output:
        try:
            destination = open(args.output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            err.write(f"evallint: cannot write {args.output}: {error.strerror}\n")
            return EXIT_ERROR
    color = args.color == "always" or (
        args.color == "auto"
        and destination is sys.stdout
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )
    options = formatters.Options(
        lang=args.lang,
        rules=ruleset,
        color=color,
        statistics=args.statistics,
        quiet=args.quiet,
        show_source=args.show_source,
    )
    formatter = formatters.get(args.format, options)
    jobs = args.jobs or (os.cpu_count() or 1)
    if not _worth_processes(inputs):
        jobs = 1
    progress = (
        _Progress(err)
        if err is sys.stderr and sys.stderr.isatty() and not os.environ.get("CI")
        else None
    )
    counter = RunningSummary(len(inputs))
    failing_rank = None if args.fail_on == "never" else Severity(args.fail_on).rank
    failing = False
    try:
        destination.write(formatter.begin())
        for result in run_batch(
            inputs,
            ruleset,
            lang=args.lang,
            jobs=jobs,
            lines=formatter.wants_lines,
            keep_data=formatter.wants_data,
            stdin_text=stdin_text,
        ):
            if recorder is not None:
                recorder.add(result)
            if baseline is not None:
                result, _ = baseline.filter(result)
            counter.add(result)
            if failing_rank is not None and any(
                f.severity.rank >= failing_rank for f in result.findings
            ):
                failing = True
            destination.write(formatter.report(result))
            if progress is not None:
                progress.tick()
        if progress is not None:
            progress.done()
        summary = counter.summary()
        destination.write(formatter.end(summary))
    finally:
        if destination is not out:
            destination.close()
    if recorder is not None:
        recorder.write(args.write_baseline)
    del Missing
    if summary.unreadable or not clean:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing else EXIT_OK


def _worth_processes(inputs: Sequence[object]) -> bool:
    """Whether starting worker processes pays: a batch file or more than a few files."""
    files = [i for i in inputs if isinstance(i, str)]
    return len(files) > 4 or any(f.lower().endswith(".jsonl") for f in files)


class _Progress:
    """A one-line counter on a terminal's stderr for long batches."""

    def __init__(self, stream: TextIO) -> None:
        import time

        self.stream = stream
        self.count = 0
        self.started = time.monotonic()
        self.shown = 0.0

    def tick(self) -> None:
        import time

        self.count += 1
        now = time.monotonic()
        if now - self.shown > 0.2 and now - self.started > 1.0:
            rate = self.count / (now - self.started)
            self.stream.write(f"\r  {self.count} reports checked ({rate:,.0f}/s)")
            self.stream.flush()
            self.shown = now

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from evallint.rulesdoc import rules_json, rules_markdown, rules_text

    ruleset, clean = _load_ruleset(args, err)
    if ruleset is None:
        return EXIT_ERROR
    render = {"text": rules_text, "json": rules_json, "markdown": rules_markdown}[args.format]
    out.write(render(ruleset, args.lang))
    return EXIT_OK if clean else EXIT_ERROR


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from evallint.rulesdoc import explain

    ruleset, clean = _load_ruleset(args, err)
    if ruleset is None:
        return EXIT_ERROR
    rule = ruleset.rule(args.rule)
    if rule is None:
        import difflib

        ids = [r.id for r in ruleset.rules]
        near = difflib.get_close_matches(args.rule, ids, n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        err.write(f"evallint: no rule {args.rule!r} among the active rules{hint}\n")
        return EXIT_ERROR
    out.write(explain(rule, ruleset, args.lang))
    return EXIT_OK if clean else EXIT_ERROR


def _test_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from dataclasses import replace

    from evallint.errors import RuleSetError
    from evallint.ruleset import builtin_pack_names, load_rules
    from evallint.testing import results_json, run_examples

    # Each pack is tested on its own: a preset's parameters must not leak into another pack.
    targets = list(args.paths) or builtin_pack_names()
    results = []
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


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except BrokenPipeError:
        # the reader went away (`evallint check | head`): stop quietly, as Unix tools do
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("evallint: interrupted\n")
        code = 130
    _leave(code)


def _leave(code: int) -> None:
    """Exit without tearing the interpreter down.

    Freeing every object of the run (compiled rules, reports) takes tens of
    milliseconds and changes nothing: the output is flushed here, files written
    with ``-o`` and the worker pool are closed by now, and evallint registers no
    exit handlers.
    """
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away: what was left unwritten is moot
        pass
    except ValueError:  # a stream was closed (by a caller embedding the command line)
        sys.exit(code)
    os._exit(code)
