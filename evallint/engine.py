"""Apply compiled rules to one report: bind items, evaluate, render findings, contain failures.

For every rule: the items of ``each`` (or the report itself), then ``when``,
then ``check``. False is a finding; unknown is "not applicable" and counted,
so a rule that never fires is visible; an evaluation error becomes one
``rule-error`` finding for that rule and item, and every other rule still runs.
Suppressions written in the report (``x-evallint.ignore``) waive findings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evallint import pointer as jsonpointer
from evallint.dsl import Expression
from evallint.dsl.values import UNKNOWN, Env, to_bool
from evallint.errors import EvaluationError
from evallint.findings import Finding, Severity, finding_order
from evallint.ruleset import Rule, RuleSet

MAX_OPERANDS = 60
"""Most operand paths listed on one finding (a sum over every row lists each row)."""

SUPPRESSION_KEY = "x-evallint"


@dataclass(slots=True)
class RuleTally:
    """How one rule fared on one report: items passed, failed, unknown, skipped, waived, errored.

    ``unknown`` counts items whose check could not be decided (a blank or
    unreadable cell); ``skipped`` those its ``when`` ruled out.
    """

    rule: str
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    skipped: int = 0
    waived: int = 0
    errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "failed": self.failed,
            "unknown": self.unknown,
            "skipped": self.skipped,
            "waived": self.waived,
            "errors": self.errors,
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    """The findings for one report and the tally of every rule."""

    findings: tuple[Finding, ...]
    tallies: tuple[RuleTally, ...] = ()
    waived: tuple[Finding, ...] = ()
    waived_reasons: tuple[str, ...] = ()
    rules_run: bool = True
    notes: tuple[str, ...] = field(default=())


_BLANK_TEXT = {"zh": "（空）", "en": "(blank)"}


def run_rules(
    data: dict[str, Any], ruleset: RuleSet, *, lang: str = "zh", file: str | None = None
) -> Outcome:
    """Run every rule of ``ruleset`` on the report ``data``."""
    env = Env(data)
    pointers = _PointerIndex(data)
    sources = SourceCells(data)
    findings: list[Finding] = []
    tallies: list[RuleTally] = []
    for rule in ruleset.rules:
        tally = RuleTally(rule.id)
        tallies.append(tally)
        env.params = ruleset.params_for(rule)
        _run_rule(rule, env, pointers, sources, lang, file, tally, findings)
    kept, waived, suppression_findings = _apply_suppressions(data, findings, tallies, lang, file)
    ordered = tuple(sorted([*kept, *suppression_findings], key=finding_order))
    return Outcome(
        ordered,
        tuple(tallies),
        tuple(finding for finding, _ in waived),
        tuple(reason for _, reason in waived),
    )


def _run_rule(
    rule: Rule,
    env: Env,
    pointers: _PointerIndex,
    sources: SourceCells,
    lang: str,
    file: str | None,
    tally: RuleTally,
    findings: list[Finding],
) -> None:
    env.item = None
    env.scope = env.root
    env.outer = ()
    env.steps = 200_000
    if rule.each is not None:
        try:
            items = rule.each.run(env)
        except Exception as error:
            tally.errors += 1
            findings.append(_rule_error(rule, "", error, rule.each, lang, file))
            return
        if items is None:
            return
        if not isinstance(items, list):
            tally.errors += 1
            problem = EvaluationError(f"`each` must give a list, it gave {type(items).__name__}")
            findings.append(_rule_error(rule, "", problem, rule.each, lang, file))
            return
        bound: list[Any] = items
    else:
        bound = [None]
    for item in bound:
        env.item = item
        env.scope = item if item is not None else env.root
        env.outer = ()
        env.steps = 200_000
        stage: Expression = rule.check
        try:
            if rule.when is not None:
                stage = rule.when
                applies = to_bool(rule.when.closure(env))
                if applies is not True:
                    tally.skipped += 1
                    continue
            stage = rule.check
            result = to_bool(rule.check.closure(env))
            if result is True:
                tally.passed += 1
                continue
            if result is UNKNOWN:
                tally.unknown += 1
                continue
            tally.failed += 1
            # where the item is, worked out only for the few items that fail
            where = pointers.of(item) if item is not None else ""
            findings.append(_finding(rule, env, where, pointers, sources, lang, file))
        except Exception as error:
            tally.errors += 1
            where = pointers.of(item) if item is not None else ""
            findings.append(_rule_error(rule, where, error, stage, lang, file))


def _finding(
    rule: Rule,
    env: Env,
    item_pointer: str,
    pointers: _PointerIndex,
    sources: SourceCells,
    lang: str,
    file: str | None,
) -> Finding:
    message, values = _render(rule, env, lang)
    path = _finding_path(_path_of(rule, env), item_pointer)
    operands = _operands(rule, item_pointer, env.root)
    expected = None
    if rule.expected is not None:
        try:
            value = rule.expected.closure(env)
            expected = None if value is UNKNOWN else value
        except EvaluationError:
            expected = None
    return Finding(
        rule=rule.id,
        severity=_severity_of(rule, env),
        message=message,
        path=path,
        values=values,
        source=sources.cell(path),
        file=file,
        operands=operands,
        expected=expected,
    )


def _severity_of(rule: Rule, env: Env) -> Severity:
    """The first ``severity_by`` level whose condition holds for the item, else the rule's."""
    for condition, level in rule.severity_by:
        try:
            if to_bool(condition.closure(env)) is True:
                return level
        except EvaluationError:
            continue
    return rule.severity


def _path_of(rule: Rule, env: Env) -> str | None:
    """The rule's ``path``, with its ``{expression}`` placeholders filled in."""
    if rule.path_template is None:
        return rule.path
    out: list[str] = []
    for part in rule.path_template:
        if isinstance(part, str):
            out.append(part)
            continue
        try:
            value = part.closure(env)
        except EvaluationError:
            return None  # the item itself, rather than a wrong place
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None or value is UNKNOWN:
            return None
        out.append(_decimal_text(value) if isinstance(value, Decimal) else str(value))
    return "".join(out)


def _finding_path(rule_path: str | None, item_pointer: str) -> str:
    if not rule_path:
        return item_pointer
    if rule_path.startswith("/"):
        return rule_path
    return item_pointer + "/" + rule_path.strip("/")


def _render(rule: Rule, env: Env, lang: str) -> tuple[str, dict[str, Any]]:
    parts = rule.message.get(lang) or rule.message["zh"]
    values: dict[str, Any] = {}
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        try:
            value = part.closure(env)
        except EvaluationError:
            value = UNKNOWN
        values[part.source] = None if value is UNKNOWN else value
        out.append(show_value(value, lang))
    return "".join(out), values


def show_value(value: Any, lang: str) -> str:
    """A value as a message shows it: cells as typed (trimmed), numbers as written."""
    if value is UNKNOWN or value is None:
        return _BLANK_TEXT.get(lang, _BLANK_TEXT["en"])
    if isinstance(value, bool):
        if lang == "zh":
            return "是" if value else "否"
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, str):
        text = value.strip(" \t\r\n\u3000\u00a0")
        return text if text else _BLANK_TEXT.get(lang, _BLANK_TEXT["en"])
    if isinstance(value, list):
        separator = "、" if lang == "zh" else ", "
        return separator.join(show_value(v, lang) for v in value[:20])
    return "{…}"


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text and len(text.split(".")[1]) > 6:
        # a computed ratio: show a sensible number of digits, rounded half up
        from evallint.dsl.values import round_half_up

        text = format(round_half_up(value, 4).normalize(), "f")
    return text


def _operands(rule: Rule, item_pointer: str, root: Any) -> tuple[str, ...]:
    found: list[str] = []
    for expression in (rule.when, rule.check):
        if expression is None:
            continue
        for path in expression.paths:
            found.extend(_expand(path, item_pointer, root))
            if len(found) >= MAX_OPERANDS:
                break
    return tuple(dict.fromkeys(found))[:MAX_OPERANDS]


def _expand(path: str, item_pointer: str, root: Any) -> list[str]:
    if path.startswith("@"):
        path = item_pointer + path[1:]
    if "*" not in path.split("/"):
        return [path]
    tokens = path.split("/")[1:]
    results = [("", root)]
    for token in tokens:
        step: list[tuple[str, Any]] = []
        for prefix, node in results:
            if token == "*":
                if isinstance(node, list):
                    step.extend((f"{prefix}/{i}", child) for i, child in enumerate(node))
            else:
                key = jsonpointer.unescape(token)
                child = node.get(key) if isinstance(node, dict) else None
                step.append((f"{prefix}/{token}", child))
        results = step[:MAX_OPERANDS]
    return [prefix for prefix, _ in results]


def _rule_error(
    rule: Rule,
    item_pointer: str,
    error: Exception,
    stage: Expression,
    lang: str,
    file: str | None,
) -> Finding:
    if isinstance(error, EvaluationError):
        reason = error.message
        code = error.code
        excerpt = error.excerpt or stage.source
    elif isinstance(error, ArithmeticError):  # decimal.Overflow on absurd numbers
        reason = f"a number grew out of range ({type(error).__name__})"
        code = "eval-error"
        excerpt = stage.source
    else:
        reason = f"{type(error).__name__}: {error}"
        code = "internal-error"
        excerpt = stage.source
    where = item_pointer or "/"
    if lang == "zh":
        message = f"规则 {rule.id} 无法在 {where} 上求值：{reason}（表达式 `{excerpt}`）"
    else:
        message = f"rule {rule.id} could not be evaluated at {where}: {reason} (in `{excerpt}`)"
    return Finding(
        rule="rule-error",
        severity=Severity.ERROR,
        message=message,
        path=item_pointer,
        values={"rule": rule.id, "code": code, "expression": excerpt, "reason": reason},
        file=file,
    )


# --- where items are, and which spreadsheet cell a pointer came from ----------------------


class _PointerIndex:
    """JSON Pointer of every object and list in the report, found by identity, built lazily."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.index: dict[int, str] | None = None

    def of(self, item: Any) -> str:
        if not isinstance(item, (dict, list)):
            return ""
        if self.index is None:
            self.index = {}
            stack: list[tuple[Any, str]] = [(self.root, "")]
            while stack:
                node, where = stack.pop()
                self.index[id(node)] = where
                if isinstance(node, dict):
                    stack.extend(
                        (v, f"{where}/{jsonpointer.escape(k)}")
                        for k, v in node.items()
                        if isinstance(v, (dict, list))
                    )
                elif isinstance(node, list):
                    stack.extend(
                        (v, f"{where}/{i}")
                        for i, v in enumerate(node)
                        if isinstance(v, (dict, list))
                    )
        return self.index.get(id(item), "")


_A1 = re.compile(r"^\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$")


class SourceCells:
    """The spreadsheet cell a pointer was read from, where the report records one."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        source = data.get("source")
        cells = source.get("cells") if isinstance(source, dict) else None
        self.cells: Mapping[str, Any] = cells if isinstance(cells, dict) else {}
        sheet = source.get("sheet") if isinstance(source, dict) else None
        self.sheet = sheet if isinstance(sheet, str) and sheet else None

    def cell(self, path: str) -> str | None:
        if not self.cells:
            return None
        for part in ("name", "level2", "level1"):  # a whole row: the cell that names it
            value = self.cells.get(f"{path}/{part}")
            if isinstance(value, str) and value:
                return self._qualified(value)
        probe = path
        while True:
            value = self.cells.get(probe)
            if isinstance(value, str) and value:
                return self._qualified(value)
            if not probe:
                return None
            probe = probe.rsplit("/", 1)[0]

    def _qualified(self, value: str) -> str:
        if self.sheet and _A1.match(value):  # "F12" → "Sheet1!F12"
            return f"{self.sheet}!{value}"
        return value


# --- suppressions written in the report -----------------------------------------------------


def _apply_suppressions(
    data: Mapping[str, Any],
    findings: list[Finding],
    tallies: list[RuleTally],
    lang: str,
    file: str | None,
) -> tuple[list[Finding], list[tuple[Finding, str]], list[Finding]]:
    block = data.get(SUPPRESSION_KEY)
    entries = block.get("ignore") if isinstance(block, dict) else None
    if not isinstance(entries, list):
        return findings, [], []
    by_rule = {tally.rule: tally for tally in tallies}
    own: list[Finding] = []
    valid: list[tuple[int, str, str, str]] = []
    for index, entry in enumerate(entries):
        where = f"/{SUPPRESSION_KEY}/ignore/{index}"
        rule = entry.get("rule") if isinstance(entry, dict) else None
        path = entry.get("path", "*") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(rule, str) or not isinstance(path, str):
            own.append(_suppression_finding("suppression-invalid", where, lang, file, index))
            continue
        if not isinstance(reason, str) or not _normal(reason):
            own.append(_suppression_finding("suppression-no-reason", where, lang, file, index))
            continue
        valid.append((index, rule, path, reason))
    used: set[int] = set()
    kept: list[Finding] = []
    waived: list[tuple[Finding, str]] = []
    for finding in findings:
        match = next(
            (
                (index, reason)
                for index, rule, path, reason in valid
                if _suppression_matches(rule, path, finding)
            ),
            None,
        )
        if match is None:
            kept.append(finding)
            continue
        used.add(match[0])
        waived.append((finding, match[1]))
        tally = by_rule.get(finding.rule)
        if tally is not None:
            tally.failed -= 1
            tally.waived += 1
    for index, _rule, _path, _reason in valid:
        if index not in used:
            where = f"/{SUPPRESSION_KEY}/ignore/{index}"
            own.append(_suppression_finding("suppression-unused", where, lang, file, index))
    return kept, waived, own


def _suppression_matches(rule: str, path: str, finding: Finding) -> bool:
    import fnmatch

    if not fnmatch.fnmatchcase(finding.rule, rule):
        return False
    return path in ("*", finding.path) or fnmatch.fnmatchcase(finding.path, path)


_SUPPRESSION_MESSAGES = {
    "suppression-invalid": {
        "zh": "x-evallint.ignore 第 {n} 项需要 rule 与 path（文字）",
        "en": "x-evallint.ignore entry {n} needs a rule and a path (text)",
    },
    "suppression-no-reason": {
        "zh": "x-evallint.ignore 第 {n} 项缺少 reason：豁免一项检查必须写明理由",
        "en": "x-evallint.ignore entry {n} has no reason: a waiver must say why",
    },
    "suppression-unused": {
        "zh": "x-evallint.ignore 第 {n} 项没有豁免任何问题，可以删去",
        "en": "x-evallint.ignore entry {n} waived nothing; it can be removed",
    },
}
_SUPPRESSION_SEVERITY = {
    "suppression-invalid": Severity.ERROR,
    "suppression-no-reason": Severity.ERROR,
    "suppression-unused": Severity.INFO,
}


def _suppression_finding(code: str, where: str, lang: str, file: str | None, index: int) -> Finding:
    template = _SUPPRESSION_MESSAGES[code].get(lang) or _SUPPRESSION_MESSAGES[code]["zh"]
    return Finding(
        rule=code,
        severity=_SUPPRESSION_SEVERITY[code],
        message=template.format(n=index + 1),
        path=where,
        file=file,
    )


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
