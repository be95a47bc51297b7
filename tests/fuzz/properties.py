"""What must hold for every input of the campaign: one check per kind of input.

A check returns when evallint kept its promises on the input. It raises :class:`Violation`
when evallint answered but broke one (an input lost from the summary, a secret file echoed,
an output that is not UTF-8, the unknown marker in a result, an error that says nowhere
where it is); any other exception that escapes is a traceback evallint let out. Time and
memory are the harness's to measure (:mod:`tests.fuzz.harness`).

The checks call evallint as its users do: the public API (``load_report``, ``load_rules``,
``compile_expr``, ``read_cell``), the one path that checks a report (``check_report``),
every output format, and the command line in a subprocess.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from evallint import limits
from evallint.domain.cells import Cell, read_cell
from evallint.domain.numbers import UnreadableNumber
from evallint.dsl.expression import compile_expr
from evallint.dsl.values import UNKNOWN
from evallint.errors import (
    EvaluationError,
    ExpressionError,
    ReportError,
    RuleError,
    RuleSetError,
)
from evallint.formatters import render as render_format
from evallint.formatters.base import Options
from evallint.messages import has
from evallint.read.report import Report, load_report, load_reports
from evallint.results import ReportResult, Summary
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.run.batch import Settings, run_batch
from evallint.run.check import check_report
from evallint.run.inputs import expand
from tests.fuzz.strategies.batches import BatchCase
from tests.fuzz.strategies.expressions import ExpressionCase
from tests.fuzz.strategies.files import SECRET
from tests.fuzz.strategies.office import OfficeCase
from tests.fuzz.strategies.raw import RawCase
from tests.fuzz.strategies.reports import ReportCase
from tests.fuzz.strategies.rulefiles import RuleFileCase
from tests.paths import ROOT


class Violation(AssertionError):  # noqa: N818 - a broken promise, as the report calls it
    """evallint answered, but broke a promise: ``kind`` says which, ``count`` how many times
    (inputs lost, for ``lost-input``)."""

    def __init__(self, kind: str, detail: str, count: int = 1) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.count = count


BUILTIN_PACKS = ("national-2020", "hubei", "sichuan", "guangxi")

PASSWD_LINE = "root:x:0:0:"
"""The start of /etc/passwd: never in an error message (``extends: /etc/passwd``)."""

NO_FINDINGS = ("没有发现问题", "no findings")
"""What a clean run says: never after a run that could not check everything (exit 2)."""


@functools.cache
def builtin_rules(pack: str = "national-2020") -> RuleSet:
    """A built-in pack, loaded once per process."""
    return load_rules(pack)


def warm() -> None:
    """Load what every check needs before the first input is timed."""
    for pack in BUILTIN_PACKS:
        builtin_rules(pack)
    compile_expr("sum(indicators.score) <= 100")
    read_cell("≥90%")


# --- what every result must be ---------------------------------------------------------------


def _walk(value: Any) -> Iterable[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def _no_unknown(value: Any, where: str) -> None:
    if any(item is UNKNOWN for item in _walk(value)):
        raise Violation("unknown-leaked", f"the unknown marker is in {where}: {value!r:.300}")


def _no_non_finite(value: Any, where: str) -> None:
    for item in _walk(value):
        if isinstance(item, Decimal) and not item.is_finite():
            raise Violation("non-finite", f"{item} computed with, in {where}")


def _located(error: ReportError, *, named: bool) -> None:
    """A report error says what (a catalogue code) and where (file, line or pointer)."""
    if not has(error.code):
        raise Violation("uncatalogued-code", f"{error.code!r} is not in the message catalogue")
    if error.code == "internal-error":
        raise Violation("internal-error", error.message("en"))
    if named and not error.file:
        raise Violation("unlocated-error", f"{error.code} names no file")
    if not named and error.line is None and error.pointer is None and error.file is None:
        raise Violation("unlocated-error", f"{error.code} has no line, pointer or file")
    if "MemoryError" in error.message("en"):
        raise Violation("memory", f"{error.code}: {error.message('en')[:300]}")


def inspect(result: ReportResult, *, builtin: bool, named: bool = True) -> None:
    """What holds for any result: errors located; for a built-in pack no rule errors but a
    spent budget; no internal errors; nothing unknown or non-finite in what findings show."""
    if result.error is not None:
        _located(result.error, named=named)
        return
    for finding in result.findings:
        if not isinstance(finding.message, str) or not finding.message:
            raise Violation("empty-message", f"{finding.rule} at {finding.path}")
        if finding.rule == "rule-error":
            code = finding.values.get("code")
            if code == "internal-error":
                raise Violation("internal-error", finding.message)
            if builtin and code != "budget-exceeded":
                raise Violation("builtin-rule-error", finding.message[:500])
        _no_unknown((finding.values, finding.expected), f"finding {finding.rule}")
        _no_non_finite((finding.values, finding.expected), f"finding {finding.rule}")
    for tally in result.tallies:
        _no_unknown(tally.to_dict(), "a tally")


def render(results: list[ReportResult], formats: Iterable[str], lang: str, rules: RuleSet) -> None:
    """Every format in ``formats`` renders ``results`` as text UTF-8 can hold (and JSON, XML
    where the format is one)."""
    summary = Summary(len(results))
    for result in results:
        summary.add(result)
    for name in formats:
        text = render_format(name, results, summary, Options(lang=lang, rules=rules))  # type: ignore[arg-type]
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise Violation("unencodable-output", f"--format {name}: {error}") from None
        _parses(name, text)


def _parses(name: str, text: str) -> None:
    try:
        if name in ("json", "sarif"):
            json.loads(text)
        elif name == "jsonl":
            for line in text.splitlines():
                json.loads(line)
        elif name == "junit":
            ElementTree.fromstring(text.encode("utf-8"))
    except (ValueError, ElementTree.ParseError) as error:
        raise Violation("malformed-output", f"--format {name}: {error}") from None


# --- cells ----------------------------------------------------------------------------------


def _bounded(number: Decimal | None, where: str) -> None:
    if number is None:
        return
    if not isinstance(number, Decimal) or not number.is_finite():
        raise Violation("non-finite", f"{where} is {number!r}")
    digits = len(number.as_tuple().digits)
    if digits > limits.MAX_NUMBER_DIGITS or abs(number.adjusted()) > limits.MAX_NUMBER_EXPONENT:
        raise Violation(
            "number-beyond-limits", f"{where} is a number of {digits} digits, exponent "
            f"{number.adjusted()}: beyond evallint.limits, it should be unreadable"
        )  # fmt: skip


def check_cell(case: tuple[Any, Any, Any], folder: Path) -> None:
    """``read_cell`` never raises, and reads no number beyond the number policy."""
    value, nature, unit = case
    cell = read_cell(value, nature=nature, unit=unit)
    if not isinstance(cell, Cell):
        raise Violation("not-a-cell", repr(cell)[:200])
    for name in ("value", "low", "high"):
        _bounded(getattr(cell, name), f"the cell's {name}")


# --- expressions ----------------------------------------------------------------------------


def check_expression(case: ExpressionCase, folder: Path) -> None:
    """An expression compiles or fails with an ExpressionError pointing into it; evaluated,
    it gives a value or an EvaluationError, never the unknown marker."""
    try:
        expression = compile_expr(case.source)
    except ExpressionError as error:
        lines = case.source.split("\n")
        if not (1 <= error.line <= len(lines) and 1 <= error.col <= len(lines[error.line - 1]) + 1):
            raise Violation(
                "unlocated-error", f"{error.code} at {error.line}:{error.col}"
            ) from None
        return
    report = case.report if isinstance(case.report, dict) else {}
    rows = report.get("indicators")
    item = None
    if case.item is not None and isinstance(rows, list) and rows:
        item = rows[case.item % len(rows)]
    try:
        result = expression.evaluate(report, item=item)
    except EvaluationError as error:
        str(error)
        return
    except ReportError as error:  # data no report can be: refused as load_report refuses it
        if error.code != "report-too-deep":
            raise
        return
    _no_unknown(result, "the value of an expression")
    given_non_finite = any(
        isinstance(item, Decimal) and not item.is_finite() for item in _walk((report, item))
    )
    if not given_non_finite:  # `^` or a path gives back what the caller gave: not computed
        # a number beyond the policy in the data is an UnreadableNumber (its text kept): data
        # handed back as it is, which no computation made
        for value in _walk(result):
            computed = isinstance(value, Decimal) and not isinstance(value, UnreadableNumber)
            if computed and not value.is_finite():
                raise Violation("non-finite", f"{value} computed with, in an expression's value")
    allowed = (Decimal, str, bool, list, dict, type(None))
    if not isinstance(result, allowed):
        raise Violation("unexpected-type", f"evaluate() gave a {type(result).__name__}")


# --- reports ----------------------------------------------------------------------------------


def report_source(case: ReportCase, folder: Path) -> Any:
    """What ``load_report`` is given for ``case`` (its file is written under ``folder``)."""
    if case.form == "dict":
        return case.as_data()
    if case.form in ("json", "yaml"):
        return case.text()
    if case.form == "bytes":
        return case.raw()
    path = folder / ("report" + case.form.removeprefix("file"))
    path.write_bytes(case.raw())
    return str(path)


def check_report_case(case: ReportCase, folder: Path) -> None:
    """A report (as a dict, text, bytes or a file) is read or refused with a located
    ReportError; checked by a built-in pack without rule errors; shown in every format."""
    source = report_source(case, folder)
    rules = builtin_rules(_pack_of(case))
    try:
        report = load_report(source)
    except ReportError as error:
        result = ReportResult(error.file or "<report>", error=error)
        inspect(result, builtin=True, named=case.form.startswith("file"))
    else:
        result = check_report(report, rules, lang=case.lang, lines=True, keep_data=True)  # type: ignore[arg-type]
        inspect(result, builtin=True)
    render([result], case.formats, case.lang, rules)


def _pack_of(case: ReportCase) -> str:
    return BUILTIN_PACKS[hash(case.form + case.encoding) % len(BUILTIN_PACKS)]


def check_raw(case: RawCase, folder: Path) -> None:
    """A file of bytes gives one result (a ``.jsonl``, one per report line, or an error),
    each read or refused where it is, and every output renders."""
    path = folder / ("report" + case.suffix)
    path.write_bytes(case.raw)
    rules = builtin_rules()
    results = []
    for item in load_reports(path):
        if isinstance(item, ReportError):
            result = ReportResult(str(path), item.line, error=item)
        else:
            result = check_report(item, rules, lang=case.lang, lines=True, keep_data=True)  # type: ignore[arg-type]
        inspect(result, builtin=True)
        results.append(result)
    seen = {(str(path), result.line) for result in results}
    _accounted([str(path)], {str(path): _report_lines(case.raw, case.suffix)}, seen)
    render(results, [case.output], case.lang, rules)


def _report_lines(raw: bytes, suffix: str) -> set[int]:
    """The lines of a ``.jsonl`` batch that hold (or start) a report: each must have a result."""
    if suffix != ".jsonl":
        return set()
    return {number for number, line in enumerate(raw.split(b"\n"), start=1) if b"{" in line}


def _accounted(
    names: Iterable[str], lines: Mapping[str, set[int]], seen: set[tuple[str, Any]]
) -> None:
    """Each of ``names`` has a result (in it, for a folder), and each of its ``lines``."""
    files = {os.path.normpath(name) for name, _ in seen}
    lost = []
    for name in names:
        name = os.path.normpath(name)
        if name not in files and not any(f.startswith(name + os.sep) for f in files):
            lost.append(name)
            continue
        missing = sorted(
            lines.get(name, set()) - {line for f, line in seen if os.path.normpath(f) == name}
        )
        lost.extend(f"{name}:{line}" for line in missing)
    if lost:
        raise Violation("lost-input", ", ".join(lost)[:1000], count=len(lost))


# --- rule files -------------------------------------------------------------------------------


def check_rule_file(case: RuleFileCase, folder: Path) -> None:
    """A rule file loads or fails with located RuleErrors; ``extends`` accepts only a pack or
    a rule file (anything else is an error), never prints a file that is not a rule file;
    the rules, once loaded, run and render."""
    path = folder / "rules.yaml"
    try:
        ruleset: RuleSet | None = load_rules(path, strict=case.strict)
    except RuleSetError as error:
        problems = list(error.errors)
        ruleset = None
    else:
        problems = list(ruleset.errors)
    for problem in problems:
        if not isinstance(problem, RuleError) or not problem.file:
            raise Violation("unlocated-error", repr(problem)[:300])
        if problem.code == "internal-error":
            raise Violation("internal-error", problem.describe("en")[:500])
        shown = problem.describe("zh") + "\n" + problem.describe("en")
        if SECRET[: limits.MAX_EXCERPT_CHARS + 1] in shown:
            raise Violation(
                "file-echoed",
                f"more than {limits.MAX_EXCERPT_CHARS} characters of a file that is not a rule "
                f"file: {shown[:300]}",
            )
        for secret in case.echo_forbidden:
            if secret in shown:
                raise Violation("file-echoed", f"{secret[:20]}... is shown: {shown[:300]}")
    if case.extends_elsewhere and not problems:
        raise Violation("extends-accepted", f"extends {case.extends} loaded without an error")
    if ruleset is None:
        return
    report_data = case.report if isinstance(case.report, dict) else {"project": "x"}
    report = Report(report_data, file="report.json")
    result = check_report(report, ruleset, lines=True, keep_data=True)
    inspect(result, builtin=False)
    render([result], ("text", "sarif"), "zh", ruleset)


# --- office files ---------------------------------------------------------------------------


def check_office(case: OfficeCase, folder: Path) -> None:
    """An office file gives its forms or one located error (a MemoryError is not a reason);
    each form is checked and rendered."""
    path = folder / ("form" + case.suffix)
    rules = builtin_rules()
    results = []
    for item in load_reports(path):
        if isinstance(item, ReportError):
            result = ReportResult(str(path), error=item)
        else:
            result = check_report(item, rules, lines=True, keep_data=True)
        inspect(result, builtin=True)
        results.append(result)
    if not results:
        raise Violation("lost-input", str(path))
    render(results, ("json", "html"), "zh", rules)


# --- batches --------------------------------------------------------------------------------


def _arguments(case: BatchCase, folder: Path) -> list[str]:
    inputs = folder / "in"
    if case.naming == "folder":
        return [str(inputs)]
    if case.naming == "glob":
        return [str(inputs / "*")]
    return sorted({str(inputs / name.split("/")[0]) for name, _ in case.entries})


def expected_inputs(case: BatchCase, folder: Path) -> tuple[list[str], dict[str, set[int]]]:
    """The inputs a batch must account for, and the report lines of each ``.jsonl``."""
    inputs = folder / "in"
    names: list[str] = []
    lines: dict[str, set[int]] = {}
    report_suffixes = (".json", ".yaml", ".yml", ".jsonl", ".xlsx", ".docx")
    for name, content in case.entries:
        path = inputs / name
        top = name.split("/")[0]
        hidden = any(part.startswith((".", "~$")) for part in name.split("/"))
        named = case.naming == "files" and "/" not in name
        searched = name.endswith(report_suffixes) and not hidden
        if named or searched:
            names.append(str(path))
        elif case.naming == "files" and top == name.split("/")[0] and "/" in name:
            names.append(str(inputs / top))
        if isinstance(content, bytes) and name.endswith(".jsonl") and (named or searched):
            lines[os.path.normpath(str(path))] = _report_lines(content, ".jsonl")
        if name == "closed" and (named or case.naming == "folder") and os.geteuid() != 0:
            names.append(str(path))
    if case.stdin is not None:
        names.append("<stdin>")
    return names, lines


def check_batch(case: BatchCase, folder: Path) -> None:
    """A batch, through the command line or the API: no traceback, an exit code of 0, 1 or 2
    that matches what was found, output UTF-8 can hold, and every input in the output."""
    if case.via == "api":
        _check_batch_api(case, folder)
    else:
        _check_batch_cli(case, folder)


def _check_batch_api(case: BatchCase, folder: Path) -> None:
    rules = builtin_rules()
    inputs = list(expand(_arguments(case, folder)))
    results = list(run_batch(inputs, Settings(rules), jobs=case.jobs))
    for result in results:
        inspect(result, builtin=True)
    names, lines = expected_inputs(case, folder)
    _accounted(names, lines, {(result.input, result.line) for result in results})
    render(results, [case.output], "zh", rules)


def _check_batch_cli(case: BatchCase, folder: Path) -> None:
    command = [sys.executable, "-m", "evallint", "check", "--color", "never"]
    command += ["--format", case.output, "-j", str(case.jobs), *case.extra.split()]
    command += _arguments(case, folder)
    if case.stdin is not None:
        command.append("-")
    done = subprocess.run(
        command,
        input=case.stdin if case.stdin is not None else b"",
        capture_output=True,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    stderr = done.stderr.decode("utf-8", errors="replace")
    if "Traceback (most recent call last)" in stderr:
        raise Escaped(stderr)
    if done.returncode not in (0, 1, 2):
        raise Violation("exit-code", f"exit {done.returncode}: {stderr[-500:]}")
    for stream, data in (("stdout", done.stdout), ("stderr", done.stderr)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Violation("unencodable-output", f"{stream}: {error}") from None
    if "internal-error" in stderr or "internal error" in stderr.lower():
        raise Violation("internal-error", stderr[-500:])
    stdout = done.stdout.decode("utf-8")
    if case.extra:
        if done.returncode != 2:
            raise Violation("exit-code", f"{case.extra}: exit {done.returncode}, not 2")
        if case.output == "text" and any(words in stdout for words in NO_FINDINGS):
            raise Violation("clean-summary-on-error", f"{case.extra}: {stdout[-300:]}")
        return
    if done.returncode == 2 and case.output == "text" and any(w in stdout for w in NO_FINDINGS):
        raise Violation("clean-summary-on-error", stdout[-300:])
    if case.output == "json":
        _account_json(case, folder, stdout, done.returncode)


def _account_json(case: BatchCase, folder: Path, stdout: str, code: int) -> None:
    try:
        document = json.loads(stdout)
    except ValueError as error:
        raise Violation("malformed-output", f"--format json: {error}: {stdout[:200]!r}") from None
    entries = [*document["reports"], *document["errors"]]
    for error in document["errors"]:
        if error.get("code") == "internal-error":
            raise Violation("internal-error", error.get("message", "")[:500])
    names, lines = expected_inputs(case, folder)
    seen = {(_absolute(entry["file"], folder), entry.get("line")) for entry in entries}
    _accounted(names, lines, seen)
    summary = document["summary"]
    if summary["reports"] + summary["unreadable"] != len(entries):
        raise Violation("summary-miscount", f"{summary} for {len(entries)} results", count=1)
    failing = any(f["severity"] == "error" for f in document["findings"])
    wanted = 2 if document["errors"] or summary.get("rule_errors") else (1 if failing else 0)
    if code != wanted:
        raise Violation("exit-code", f"exit {code}, but the output calls for {wanted}")


def _absolute(name: str, folder: Path) -> str:
    return name if name.startswith("<") or os.path.isabs(name) else str(folder / name)


class Escaped(Exception):  # noqa: N818 - what escaped, named as the report names it
    """A traceback the command line printed: its text, whose last line names the exception."""

    def __init__(self, stderr: str) -> None:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        super().__init__(lines[-1] if lines else "traceback")
        self.text = stderr
