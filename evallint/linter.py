"""Run a batch: every input, every report in it, each read and checked on its own.

One bad file never stops the others, and every input is accounted for: each
report read gives a :class:`ReportResult` with its findings and the tally of
every rule, each input or line that could not be read gives one holding the
:class:`ReportError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from evallint.engine import Outcome, RuleTally, run_rules
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
    rules_run: bool = True

    @property
    def name(self) -> str:
        return f"{self.input}:{self.line}" if self.line is not None else self.input


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


def check_report(
    report: Report, rules: RuleSet | None = None, *, lang: Lang = "zh"
) -> ReportResult:
    """Validate one loaded report against the schema, then run ``rules`` on it."""
    from evallint.validate import validate_report

    name = report.file
    schema = [replace(f, file=name) for f in validate_report(report.data, lang=lang)]
    outcome = Outcome(())
    run = True
    if rules is not None and rules.rules:
        if structurally_broken(schema):
            run = False
        else:
            outcome = run_rules(report.data, rules, lang=lang, file=name)
    findings = tuple(sorted([*schema, *outcome.findings], key=Finding.sort_key))
    return ReportResult(
        input=name or "<report>",
        line=report.line,
        findings=findings,
        tallies=outcome.tallies,
        waived=outcome.waived,
        rules_run=run,
    )


def check_inputs(
    inputs: Iterable[str | Path], rules: RuleSet | None = None, *, lang: Lang = "zh"
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
                result = check_report(item, rules, lang=lang)
            except Exception as error:
                problem = ReportError(
                    Text("internal-error", {"detail": f"{type(error).__name__}: {error}"}),
                    file=name,
                )
                yield ReportResult(name, item.line, error=problem)
                continue
            yield replace(result, input=name)


def summarise(results: Iterable[ReportResult], inputs: int) -> Summary:
    """Totals over ``results`` of a run over ``inputs`` inputs."""
    reports = with_findings = unreadable = waived = 0
    counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
    for result in results:
        if result.error is not None:
            unreadable += 1
            continue
        reports += 1
        waived += len(result.waived)
        if result.findings:
            with_findings += 1
        for finding in result.findings:
            counts[finding.severity] += 1
    return Summary(
        inputs=inputs,
        reports=reports,
        with_findings=with_findings,
        unreadable=unreadable,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        waived=waived,
    )
