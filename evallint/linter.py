"""Run a batch: every input, every report in it, each read and checked on its own.

One bad file never stops the others, and every input is accounted for: each
report read gives a :class:`ReportResult` with its findings and the tally of
every rule, each input or line that could not be read gives one holding the
:class:`ReportError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from evallint import messages
from evallint.engine import Outcome, RuleTally, SourceCells, run_rules
from evallint.errors import ReportError, Text
from evallint.findings import Finding, Severity
from evallint.messages import Lang
from evallint.report import Report, load_reports
from evallint.ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The outcome for one report, or for one input that could not be read as a report."""

    input: str
    line: int | None
    findings: tuple[Finding, ...] = ()
    error: ReportError | None = None
    tallies: tuple[RuleTally, ...] = ()
    waived: tuple[Finding, ...] = ()
    waived_reasons: tuple[str, ...] = ()
    rules_run: bool = True
    lines: dict[str, int] = field(default_factory=dict)
    project: str | None = None
    data: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    part: str | None = None

    @property
    def name(self) -> str:
        if self.part is not None:
            return f"{self.input} ({self.part})"
        return f"{self.input}:{self.line}" if self.line is not None else self.input

    @property
    def key(self) -> str:
        """What identifies the report across runs: its file and project, not its line."""
        return f"{self.input}::{self.project or ''}"


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts that account for every input of a run."""

    inputs: int
    reports: int
    with_findings: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    waived: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "inputs": self.inputs,
            "reports": self.reports,
            "with_findings": self.with_findings,
            "unreadable": self.unreadable,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "waived": self.waived,
        }


# A schema finding on one of these (a box of the form, or the narrative) leaves
# the report's structure intact; anywhere else (funds is text, a row is not an
# object, indicators is missing) rules would only trip over it, so they do not run.
_LEAF = re.compile(
    r"^/(format|title|year|project|department|implementer|unit)$"
    r"|^/funds/(weight|rate|score)$|^/funds/[^/]+/(initial|adjusted|executed)$"
    r"|^/goals/(expected|actual)$|^/total/(weight|score)$|^/categories/[^/]+$"
    r"|^/indicators/\d+/[^/]+$|^/(narrative|source)(/.*)?$"
)


def structurally_broken(findings: Iterable[Finding]) -> bool:
    """Whether schema findings show a broken structure (so rules are not run)."""
    return any(not _LEAF.match(finding.path) for finding in findings)


def import_problems(data: dict[str, Any], lang: Lang) -> list[Finding]:
    """Warnings the office import left in ``source.problems`` (a formula with no saved value)."""
    source = data.get("source")
    problems = source.get("problems") if isinstance(source, dict) else None
    if not isinstance(problems, list):
        return []
    found = []
    for problem in problems:
        if not isinstance(problem, dict) or not isinstance(problem.get("path"), str):
            continue
        cell = problem.get("cell") if isinstance(problem.get("cell"), str) else None
        code = str(problem.get("code", ""))
        message_id = f"import-{code}"
        if not messages.has(message_id):
            continue
        found.append(
            Finding(
                rule=message_id,
                severity=Severity.WARNING,
                message=messages.render(message_id, lang, cell=cell or problem["path"]),
                path=problem["path"],
                source=cell,
            )
        )
    return found


def check_report(
    report: Report,
    rules: RuleSet | None = None,
    *,
    lang: Lang = "zh",
    lines: bool = False,
    keep_data: bool = False,
) -> ReportResult:
    """Validate one loaded report against the schema, then run ``rules`` on it.

    With ``lines``, the result also maps each finding's pointer to the line of
    the value in the report's text (for SARIF and CI annotations).
    """
    from evallint.validate import validate_report

    name = report.file
    cells = SourceCells(report.data)
    schema = [
        replace(f, file=name, source=f.source or cells.cell(f.path))
        for f in [*validate_report(report.data, lang=lang), *import_problems(report.data, lang)]
    ]
    outcome = Outcome(())
    run = True
    if rules is not None and rules.rules:
        if structurally_broken(schema):
            run = False
        else:
            outcome = run_rules(report.data, rules, lang=lang, file=name)
    findings = tuple(sorted([*schema, *outcome.findings], key=Finding.sort_key))
    where: dict[str, int] = {}
    if lines and (findings or outcome.waived):
        positions = report.positions()
        for finding in (*findings, *outcome.waived):
            probe = finding.path
            while probe not in positions and probe:
                probe = probe.rsplit("/", 1)[0]
            if probe in positions:
                where[finding.path] = positions[probe].line
    project = report.data.get("project")
    return ReportResult(
        input=name or "<report>",
        line=report.line,
        findings=findings,
        tallies=outcome.tallies,
        waived=outcome.waived,
        waived_reasons=outcome.waived_reasons,
        rules_run=run,
        lines=where,
        project=project if isinstance(project, str) else None,
        data=report.data if keep_data else None,
        part=report.part,
    )


def check_inputs(
    inputs: Iterable[str | Path],
    rules: RuleSet | None = None,
    *,
    lang: Lang = "zh",
    lines: bool = False,
    keep_data: bool = False,
) -> Iterator[ReportResult]:
    """Results for every report in ``inputs``, in input order, then report order."""
    for source in inputs:
        name = str(source)
        for item in load_reports(source):
            if isinstance(item, ReportError):
                line = item.line if name.lower().endswith(".jsonl") else None
                yield ReportResult(name, line, error=item)
                continue
            try:
                result = check_report(item, rules, lang=lang, lines=lines, keep_data=keep_data)
            except Exception as error:
                problem = ReportError(
                    Text("internal-error", {"detail": f"{type(error).__name__}: {error}"}),
                    file=name,
                )
                yield ReportResult(name, item.line, error=problem)
                continue
            yield replace(result, input=name)


class RunningSummary:
    """A running count over results as they stream past (nothing else is kept)."""

    def __init__(self, inputs: int) -> None:
        self.inputs = inputs
        self.counts = {"reports": 0, "with_findings": 0, "unreadable": 0, "waived": 0}
        self.levels = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}

    def add(self, result: ReportResult) -> None:
        if result.error is not None:
            self.counts["unreadable"] += 1
            return
        self.counts["reports"] += 1
        self.counts["waived"] += len(result.waived)
        if result.findings:
            self.counts["with_findings"] += 1
        for finding in result.findings:
            self.levels[finding.severity] += 1

    def summary(self) -> Summary:
        return Summary(
            inputs=self.inputs,
            reports=self.counts["reports"],
            with_findings=self.counts["with_findings"],
            unreadable=self.counts["unreadable"],
            errors=self.levels[Severity.ERROR],
            warnings=self.levels[Severity.WARNING],
            infos=self.levels[Severity.INFO],
            waived=self.counts["waived"],
        )


# --- a batch, in one process or several ----------------------------------------------------

# A unit of work: a file to read, one line of a .jsonl batch, standard input, or
# an input that already failed (kept in line so the output order stays that of
# the inputs).
Unit = tuple[str, str, int | None, str | None]


def _units(names: Iterable[str | object], stdin_text: str | None) -> Iterator[Unit]:
    from evallint.inputs import STDIN, Missing

    for name in names:
        if isinstance(name, Missing):
            yield ("missing", name.name, None, name.reason)
        elif name == STDIN:
            yield ("stdin", "<stdin>", None, stdin_text or "")
        elif isinstance(name, str) and name.lower().endswith(".jsonl"):
            yield from _batch_units(name)
        elif isinstance(name, str):
            yield ("file", name, None, None)


def _batch_units(name: str) -> Iterator[Unit]:
    # Lines are read here and checked elsewhere; the file is never held whole.
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed by the with below
    except OSError:
        yield ("file", name, None, None)  # load_reports says what is wrong with it
        return
    with stream:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield ("line", name, number, raw.decode("utf-8", errors="surrogateescape"))


def _check_unit(
    unit: Unit, rules: RuleSet | None, lang: Lang, lines: bool, keep_data: bool = False
) -> list[ReportResult]:
    from evallint.report import MAX_REPORT_BYTES, Report, _report_from_text

    kind, name, number, payload = unit
    if kind == "missing":
        message = "no-match" if payload == "no-match" else "empty-directory"
        error = ReportError(Text(f"input-{message}"), file=name)
        return [ReportResult(name, None, error=error)]
    if kind == "file":
        return list(check_inputs([name], rules, lang=lang, lines=lines, keep_data=keep_data))
    assert payload is not None
    try:
        if kind == "line" and len(payload) > MAX_REPORT_BYTES:
            raise ReportError(
                Text("report-too-large", {"size": len(payload), "limit": MAX_REPORT_BYTES})
            )
        syntax = "json" if kind == "line" else _sniff_syntax(payload)
        loaded = _report_from_text(payload.rstrip("\r\n"), file=name, syntax=syntax)
    except ReportError as error:
        shifted = (
            error.with_file(name, line_offset=(number or 1) - 1)
            if error.line
            else (ReportError(error.text, file=name, line=number, pointer=error.pointer))
        )
        return [ReportResult(name, number, error=shifted)]
    report = Report(loaded.data, file=name, line=number, text=loaded.text, syntax=loaded.syntax)
    return [_guarded(report, rules, lang, lines, keep_data)]


def _sniff_syntax(text: str) -> str:
    from evallint.report import _sniff

    return _sniff(text)


def _guarded(
    report: Report, rules: RuleSet | None, lang: Lang, lines: bool, keep_data: bool
) -> ReportResult:
    name = report.file or "<report>"
    try:
        return check_report(report, rules, lang=lang, lines=lines, keep_data=keep_data)
    except Exception as error:
        problem = ReportError(
            Text("internal-error", {"detail": f"{type(error).__name__}: {error}"}), file=name
        )
        return ReportResult(name, report.line, error=problem)


# Worker processes receive the rules once, when they start.
_WORKER: dict[str, object] = {}


def _start_worker(rules: RuleSet | None, lang: Lang, lines: bool, keep_data: bool) -> None:
    _WORKER.update(rules=rules, lang=lang, lines=lines, keep_data=keep_data)


def _work(chunk: list[Unit]) -> list[ReportResult]:
    rules = _WORKER["rules"]
    lang = _WORKER["lang"]
    lines = _WORKER["lines"]
    assert rules is None or isinstance(rules, RuleSet)
    results: list[ReportResult] = []
    for unit in chunk:
        results.extend(
            _check_unit(unit, rules, lang, bool(lines), bool(_WORKER["keep_data"]))  # type: ignore[arg-type]
        )
    return results


def run_batch(
    arguments: Iterable[str | object],
    rules: RuleSet | None,
    *,
    lang: Lang = "zh",
    jobs: int = 1,
    lines: bool = False,
    keep_data: bool = False,
    stdin_text: str | None = None,
    chunk_size: int = 64,
) -> Iterator[ReportResult]:
    """Results for every input, in input order, checked in ``jobs`` processes.

    The output is the same whatever ``jobs`` is. Work goes out in chunks with a
    bounded number in flight, so a 100,000-line ``.jsonl`` streams through in
    flat memory.
    """
    units = _units(arguments, stdin_text)
    if jobs <= 1:
        for unit in units:
            yield from _check_unit(unit, rules, lang, lines, keep_data)
        return
    import multiprocessing
    from collections import deque
    from itertools import islice

    with multiprocessing.Pool(
        jobs, initializer=_start_worker, initargs=(rules, lang, lines, keep_data)
    ) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[list[ReportResult]]] = deque()
        in_flight = jobs * 4
        while True:
            while len(pending) < in_flight:
                chunk = list(islice(units, chunk_size))
                if not chunk:
                    break
                pending.append(pool.apply_async(_work, (chunk,)))
            if not pending:
                break
            yield from pending.popleft().get()
