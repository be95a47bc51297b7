"""Check one report: the one path every caller takes (the API, a batch, the rule-test kit).

The schema first (each violation a finding), then the import's own warnings,
then the rules, unless the schema findings show a structure rules would only
trip over; then the report's own waivers. The result names the input, lists
the findings in the form's order and tallies every rule.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from evallint import messages, pointer
from evallint.domain.layouts import layout, layouts
from evallint.errors import ReportError
from evallint.messages import Lang
from evallint.read.data import as_loaded
from evallint.read.report import Report
from evallint.results import Finding, ReportResult, RuleTally, Severity, Waived
from evallint.rules.model import RuleSet
from evallint.run.columns import collapse
from evallint.run.engine import run_rules
from evallint.run.leftovers import leftovers
from evallint.run.places import SourceCells
from evallint.run.suppressions import apply_suppressions
from evallint.schema.report import validate_report

# A schema finding on one of these (a box of the form, or the narrative) leaves
# the report's structure intact; anywhere else (funds is text, a row is not an
# object, indicators is missing) rules would only trip over it, so they do not run.
_LEAF = re.compile(
    r"^/(format|title|year|project|department|implementer|unit)$"
    r"|^/funds/(weight|rate|score)$|^/funds/[^/]+/(initial|adjusted|executed)$"
    r"|^/goals/(expected|actual)$|^/total/(weight|score)$|^/categories/[^/]+$"
    r"|^/indicators/\d+/[^/]+$|^/(narrative|source)(/.*)?$"
)


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
    the value in the report's text (for SARIF and CI annotations); with
    ``keep_data`` it keeps the report's data (to draw the form).
    """
    if not report.loaded:  # Report(data) built by hand: numbers and keys as a reader gives them
        try:
            report = replace(report, data=as_loaded(report.data), loaded=True)
        except ReportError as error:  # nested deeper than a report can be: an input error
            where = report.file or "<report>"
            return ReportResult(where, report.line, error=error.with_file(where))
    name = report.file
    cells = SourceCells(report.data)
    schema = [
        replace(f, file=name, source=f.source or cells.cell(f.path))
        for f in [
            *validate_report(report.data, lang=lang),
            *layout_problems(report.data, lang),
            *leftovers(report.data, lang),
            *import_problems(report.data, lang),
        ]
    ]
    found: list[Finding] = []
    tallies: list[RuleTally] = []
    waived: list[Waived] = []
    run = rules is not None and bool(rules.rules) and not structurally_broken(schema)
    if rules is not None and run:
        # A schema finding is the root cause: rules stand aside on what it concerns, and
        # see a cell of the wrong kind (true, [], {}, NaN) as not filled in.
        reported = [finding.path for finding in schema]
        view = _unreadable_as_blank(report.data, schema)
        found, tallies = run_rules(view, rules, lang=lang, file=name, reported=reported)
        found = collapse(view, found, lang, name)
        found, waived = apply_suppressions(report.data, found, tallies, lang, name)
    findings = tuple(sorted([*schema, *found], key=Finding.sort_key))
    project = report.data.get("project")
    return ReportResult(
        input=name or "<report>",
        line=report.line,
        findings=findings,
        tallies=tuple(tallies),
        waived=tuple(waived),
        rules_run=run or rules is None or not rules.rules,
        lines=_lines(report, [*findings, *(w.finding for w in waived)]) if lines else {},
        project=project if isinstance(project, str) else None,
        data=report.data if keep_data else None,
        part=report.part,
    )


def _unreadable_as_blank(data: dict[str, Any], schema: list[Finding]) -> dict[str, Any]:
    """``data`` with each cell of the wrong kind set to null (copying only what changes)."""
    paths = [f.path for f in schema if f.rule == "schema-type" and _LEAF.match(f.path)]
    if not paths:
        return data
    view = dict(data)
    for path in paths:
        container: Any = view
        tokens = pointer.split(path)
        for token in tokens[:-1]:
            key: Any = int(token) if isinstance(container, list) else token
            copy = container[key].copy()  # a row or block of the form: copied, not changed
            container[key] = copy
            container = copy
        last: Any = int(tokens[-1]) if isinstance(container, list) else tokens[-1]
        container[last] = None
    return view


def structurally_broken(findings: Iterable[Finding]) -> bool:
    """Whether schema findings show a broken structure (so rules are not run)."""
    return any(not _LEAF.match(finding.path) for finding in findings)


def layout_problems(data: dict[str, Any], lang: Lang) -> list[Finding]:
    """An error for a ``layout`` evallint does not know (the report is read as national)."""
    named = data.get("layout")
    if not isinstance(named, str) or layout(named) is not None:
        return []
    known = sorted(layouts())
    close = difflib.get_close_matches(named, known, n=1)
    hint = ""
    if close:
        hint = f"（是否应为“{close[0]}”？）" if lang == "zh" else f" (did you mean '{close[0]}'?)"
    return [
        Finding(
            rule="layout-unknown",
            severity=Severity.ERROR,
            message=messages.render(
                "layout-unknown", lang, layout=named, hint=hint, known=", ".join(known)
            ),
            path="/layout",
        )
    ]


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
        message_id = f"import-{problem.get('code', '')}"
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


def _lines(report: Report, findings: list[Finding]) -> dict[str, int]:
    """The line of each finding's value (or of the closest value above it) in the text."""
    if not findings:
        return {}
    positions = report.positions()
    where: dict[str, int] = {}
    for finding in findings:
        probe = finding.path
        while probe not in positions and probe:
            probe = probe.rsplit("/", 1)[0]
        if probe in positions:
            where[finding.path] = positions[probe].line
    return where
