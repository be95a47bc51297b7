"""Run a batch: every input, every report in it, each read and checked on its own.

One bad file never stops the others, and every input is accounted for: each
report read gives a :class:`ReportResult` with its findings, each input or
line that could not be read gives one holding the :class:`ReportError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from evallint.errors import ReportError
from evallint.findings import Finding, Severity
from evallint.messages import Lang
from evallint.report import Report, load_reports


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The outcome for one report, or for one input that could not be read as a report."""

    input: str
    line: int | None
    findings: tuple[Finding, ...] = ()
    error: ReportError | None = None

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

    def to_dict(self) -> dict[str, int]:
        return {
            "inputs": self.inputs,
            "reports": self.reports,
            "with_findings": self.with_findings,
            "unreadable": self.unreadable,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
        }


def check_report(report: Report, *, lang: Lang = "zh") -> tuple[Finding, ...]:
    """The findings for one loaded report, in their stable order, naming its file."""
    from evallint.validate import validate_report

    findings = validate_report(report.data, lang=lang)
    name = report.file
    return tuple(
        sorted(
            (replace(finding, file=name) for finding in findings),
            key=Finding.sort_key,
        )
    )


def check_inputs(inputs: Iterable[str | Path], *, lang: Lang = "zh") -> Iterator[ReportResult]:
    """Results for every report in ``inputs``, in input order, then report order."""
    for source in inputs:
        name = str(source)
        for item in load_reports(source):
            if isinstance(item, ReportError):
                yield ReportResult(name, item.line if _is_batch(name) else None, error=item)
            else:
                yield ReportResult(name, item.line, findings=check_report(item, lang=lang))


def _is_batch(name: str) -> bool:
    return name.lower().endswith(".jsonl")


def summarise(results: Iterable[ReportResult], inputs: int) -> Summary:
    """Totals over ``results`` of a run over ``inputs`` inputs."""
    reports = with_findings = unreadable = 0
    counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
    for result in results:
        if result.error is not None:
            unreadable += 1
            continue
        reports += 1
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
    )
