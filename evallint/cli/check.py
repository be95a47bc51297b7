"""``evallint check``: lint reports and print the findings in the format asked for."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from evallint._files import package_file
from evallint.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InternalError
from evallint.cli.options import add_lang, add_rule_options, load_ruleset
from evallint.cli.output import OutputError, open_output
from evallint.formatters import FORMATTERS
from evallint.formatters.base import Options
from evallint.limits import MAX_REPORT_BYTES
from evallint.results import Severity, Summary
from evallint.rules.model import RuleSet
from evallint.run.baseline import Baseline, BaselineError, BaselineWriter
from evallint.run.batch import Settings, run_batch
from evallint.run.inputs import STDIN, Missing, expand

BUNDLED_EXAMPLE = package_file("examples", "zhuzhou-2022-enterprise-service.json")
"""The example report shipped inside the package: what ``evallint check`` checks by default."""

_EPILOG = """\
exit codes: 0 no findings at or above --fail-on; 1 such findings;
            2 bad usage, a broken rule file, an input that could not be read,
            an output that could not be written, or an internal error.
examples:
  evallint check                      lint the bundled example report
  evallint check form.json            lint one report
  evallint check --format json a.json b.yaml batch.jsonl
  evallint check --rules my-rules/ --ignore narrative form.json
"""


def build_parser(prog: str) -> argparse.ArgumentParser:
    """The options of ``evallint check``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Lint report files (.json, .yaml, .yml, .jsonl; .xlsx and .docx forms with "
        "the office extra) and print the findings.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="PATH",
        help="report files, folders (searched for .json .yaml .yml .jsonl), glob patterns, "
        "or - for standard input; none: the bundled example",
    )
    parser.add_argument(
        "--format", choices=tuple(FORMATTERS), default="text", help="output format (default: text)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files matching this glob (path or name; repeatable)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="check reports in N processes (default: the machine's cores; 1: in this process)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings that are not in this baseline (see --write-baseline)",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings (by report, rule and pointer, with counts) in FILE",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per rule (text format)"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only findings and unreadable inputs, no summary (text format)",
    )
    parser.add_argument(
        "--show-source",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="show the offending cell's value after each finding (text format; default: on)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    add_lang(parser)
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    add_rule_options(parser)
    return parser


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every input; write the output; the exit code."""
    if args.jobs < 0:
        err.write("evallint: --jobs must be 0 (all cores) or more\n")
        return EXIT_ERROR
    ruleset, clean = load_ruleset(args, err)
    if ruleset is None:
        return EXIT_ERROR
    baseline = None
    if args.baseline:
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as error:
            err.write(f"evallint: {error.message(args.lang)}\n")
            return EXIT_ERROR
    recorder = BaselineWriter() if args.write_baseline else None
    arguments: list[str] = list(args.files) or [_display_path(BUNDLED_EXAMPLE)]
    inputs = list(expand(arguments, args.exclude))
    stdin = _read_stdin() if STDIN in inputs else None
    destination = open_output(args.output).as_text_io() if args.output else out
    try:
        summary, failing = _check_all(
            args, ruleset, inputs, stdin, baseline, recorder, destination, err
        )
    finally:
        if destination is not out:
            destination.close()
    if recorder is not None:
        try:
            recorder.write(args.write_baseline)
        except OSError as error:
            raise OutputError(args.write_baseline, error.strerror or str(error)) from None
    if summary.unreadable or not clean:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_all(
    args: argparse.Namespace,
    ruleset: RuleSet,
    inputs: list[str | Missing],
    stdin: bytes | None,
    baseline: Baseline | None,
    recorder: BaselineWriter | None,
    destination: TextIO,
    err: TextIO,
) -> tuple[Summary, bool]:
    """Check the inputs and write each result as it comes: the summary, and whether any
    finding is at or above ``--fail-on``."""
    color = args.color == "always" or (
        args.color == "auto" and destination.isatty() and not os.environ.get("NO_COLOR")
    )
    options = Options(
        lang=args.lang,
        rules=ruleset,
        color=color,
        statistics=args.statistics,
        quiet=args.quiet,
        show_source=args.show_source,
    )
    formatter = FORMATTERS[args.format](options)
    settings = Settings(
        ruleset, args.lang, lines=formatter.wants_lines, keep_data=formatter.wants_data
    )
    jobs = (args.jobs or os.cpu_count() or 1) if _worth_processes(inputs) else 1
    progress = _Progress(err) if err.isatty() and not os.environ.get("CI") else None
    summary = Summary(len(inputs), rule_errors=len(ruleset.errors))
    failing_rank = None if args.fail_on == "never" else Severity(args.fail_on).rank
    failing = False
    destination.write(formatter.begin())
    for result in run_batch(inputs, settings, jobs=jobs, stdin=stdin):
        try:
            if recorder is not None:
                recorder.add(result)
            if baseline is not None:
                result, _ = baseline.filter(result)
            summary.add(result)
            if failing_rank is not None and any(
                f.severity.rank >= failing_rank for f in result.findings
            ):
                failing = True
            text = formatter.report(result)
        except Exception as error:
            raise InternalError(result.name) from error
        destination.write(text)
        if progress is not None:
            progress.tick()
    if progress is not None:
        progress.done()
    destination.write(formatter.end(summary))
    return summary, failing


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_stdin() -> bytes:
    """Standard input as bytes (decoded like a file), or its text where it has no bytes.

    Read up to one byte past the size of a report, so that endless input (``<
    /dev/zero``) is a report too large, not a run that never ends.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        data: bytes = buffer.read(MAX_REPORT_BYTES + 1)
        return data
    return sys.stdin.read(MAX_REPORT_BYTES + 1).encode("utf-8", "surrogatepass")


def _worth_processes(inputs: Sequence[str | Missing]) -> bool:
    """Whether starting worker processes pays: a batch file or more than a few files."""
    files = [i for i in inputs if isinstance(i, str)]
    return len(files) > 4 or any(f.lower().endswith(".jsonl") for f in files)


class _Progress:
    """A one-line counter on a terminal's stderr for long batches."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.count = 0
        self.started = time.monotonic()
        self.shown = 0.0

    def tick(self) -> None:
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
