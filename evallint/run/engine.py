"""Apply compiled rules to one report: bind items, evaluate, render findings, contain failures.

For every rule: the items of ``each`` (or the report itself), then ``when``,
then ``check``. False is a finding; unknown is "not applicable" and counted,
so a rule that never fires is visible; an evaluation error becomes one
``rule-error`` finding for that rule and item, and every other rule still runs.

A rule has one work budget per report (:data:`~evallint.limits.MAX_STEPS`, all its
items together): when it is spent the rule stops there, with one rule error. The
same error met again (the same rule, reason and expression: one list in a column
read by every row) is shown once per report, with how many more there were
(:data:`~evallint.limits.MAX_RULE_ERRORS_SHOWN`). Whatever a rule raises — a
``MemoryError`` too — is contained in that rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, Final

from evallint import pointer as jsonpointer
from evallint.domain.cells import read_cell
from evallint.domain.layouts import layout as layout_named
from evallint.dsl.expression import Expression
from evallint.dsl.values import UNKNOWN, Env, public, to_bool
from evallint.errors import EvaluationError
from evallint.limits import MAX_RULE_ERRORS_SHOWN
from evallint.messages import Lang, decimal_text, formatted, render, show_value
from evallint.results import Finding, RuleTally, Severity
from evallint.rules.model import Formatted, Rule, RuleSet, Step
from evallint.run.places import PointerIndex, SourceCells
from evallint.run.shape import FormShape

MAX_OPERANDS = 60
"""Most operand paths listed on one finding (a sum over every row lists each row)."""


def run_rules(
    data: dict[str, Any],
    ruleset: RuleSet,
    *,
    lang: str = "zh",
    file: str | None = None,
    reported: Sequence[str] = (),
) -> tuple[list[Finding], list[RuleTally]]:
    """Every rule of ``ruleset`` run on the report ``data``: the findings and each rule's tally.

    ``reported`` are pointers where a problem was reported already (by the
    schema): a check that reads one of them stands aside for that item.
    """
    return _ReportRun(data, lang, file).run(ruleset, tuple(reported))


class _ReportRun:
    """What the rules of one report share: its evaluation environment and its places."""

    def __init__(self, data: dict[str, Any], lang: str, file: str | None) -> None:
        self.env = Env(data)
        named = data.get("layout")
        self.layout = layout_named(named) if isinstance(named, str) else None
        self.shape = FormShape(data, self.layout)
        self.env.shape = self.shape
        self.pointers = PointerIndex(data)
        self.sources = SourceCells(data)
        self.lang = lang
        self.file = file
        self.findings: list[Finding] = []

    def run(
        self, ruleset: RuleSet, reported: tuple[str, ...]
    ) -> tuple[list[Finding], list[RuleTally]]:
        tallies = {rule.id: RuleTally(rule.id) for rule in ruleset.rules}
        found_at: dict[str, Reported] = {}  # the paths of the findings of rules deferred to
        schema = Reported(reported)
        for step in ruleset.plan():
            rule = step.rule
            before = len(self.findings)
            self.env.names = step.names
            blocked = [schema, *(found_at[other] for other in rule.defer_to if other in found_at)]
            self._run_rule(step, tallies[rule.id], [paths for paths in blocked if paths])
            if step.deferred_to:
                found_at[rule.id] = Reported(finding.path for finding in self.findings[before:])
        return self.findings, [tallies[rule.id] for rule in ruleset.rules]

    def _run_rule(self, step: Step, tally: RuleTally, blocked: list[Reported]) -> None:
        """The rule's generated function on this report; the engine is called back for a
        finding, a rule error, or whether a place was reported already."""
        rule, env = step.rule, self.env
        errors = _RuleErrors()
        try:
            program = step.program()
        except Exception as error:  # too big to run: one rule error per report
            tally.errors += 1
            problem = rule.check.failure(error, None)
            self.findings.append(self._rule_error(rule, "", problem, rule.check))
            return

        fixed = [pattern for pattern in rule.reads if not pattern.startswith("@")]
        per_item = [pattern for pattern in rule.reads if pattern.startswith("@")]
        # paths the rule reads whatever the item: met or not once per report, not per item
        fixed_met = any(paths.meets(pattern) for pattern in fixed for paths in blocked)

        def aside(item: Any, key: str | None) -> bool:
            # a problem the rule reads was reported already (by the schema, or a rule it
            # defers to): it stands aside for that item or cell
            if key is None:
                return fixed_met or _meets(per_item, self._where(item), blocked)
            return self._cell_reported(item, key, blocked)

        def fail(item: Any, key: str | None) -> None:
            tally.failed += 1
            env.scope = item if item is not None else env.root  # what the message reads
            where = self._where(item)
            if key is not None and rule.path is None:
                where = jsonpointer.join(where, key)
            self.findings.append(self._finding(rule, where))

        subjects = rule.subjects
        shape = self.shape

        def absent(item: Any, key: str | None) -> bool:
            # a box the rule is about is not on this form: the rule does not apply here
            where = item if item is not None else env.root
            if key is not None and shape.lacks(where, key):
                return True
            return bool(subjects) and shape.lacks_any(where, subjects)

        def errored(error: Exception, stage: Expression, item: Any) -> bool:
            """Record a rule error (once per reason: a repeat is only counted); whether the
            rule must stop, its budget spent."""
            tally.errors += 1
            problem = stage.failure(error, program.span_at(error.__traceback__))
            key = _reason_of(problem, stage)
            if errors.seen(key):
                return _stops(problem)
            found = self._rule_error(rule, self._where(item), problem, stage)
            errors.shown(key, len(self.findings))
            self.findings.append(found)
            return _stops(problem)

        params = step.params if self.layout is None else {**step.params, **self.layout.params}
        env.start(None, params)
        try:
            passed, unknown, skipped, not_on_form = program.function(
                env, env.root, aside, absent, fail, errored, bool(blocked), self.layout is not None
            )
        except Exception as error:  # outside any item (a callback, the loop): the rule ends
            errored(error, rule.check, None)
            passed = unknown = skipped = not_on_form = 0
        finally:
            env.bound = {}
        tally.passed += passed
        tally.unknown += unknown
        tally.skipped += skipped
        tally.absent += not_on_form
        for index, more in errors.repeats():
            self.findings[index] = self._with_more(self.findings[index], more)

    def _with_more(self, finding: Finding, more: int) -> Finding:
        """A rule error that stands for ``more`` others like it: it says so, and counts them."""
        lang: Lang = "en" if self.lang == "en" else "zh"
        message = finding.message + render("rule-errors-more", lang, more=more)
        return replace(finding, message=message, values={**finding.values, "more": more})

    def _cell_reported(self, item: Any, key: str, blocked: list[Reported]) -> bool:
        where = jsonpointer.join(self._where(item), key)
        return any(paths.meets(where) for paths in blocked)

    def _where(self, item: Any) -> str:
        # where the item is, worked out only for the few items that fail
        return self.pointers.of(item) if item is not None else ""

    def _finding(self, rule: Rule, item_pointer: str) -> Finding:
        env = self.env
        message, values = self._render(rule)
        path = _finding_path(_path_of(rule, env), item_pointer)
        return Finding(
            rule=rule.id,
            severity=_severity_of(rule, env),
            message=message,
            path=path,
            values=values,
            source=self.sources.cell(path),
            file=self.file,
            operands=_operands(rule.reads, item_pointer, env.root),
            expected=_value_of(rule.expected, env),
        )

    def _render(self, rule: Rule) -> tuple[str, dict[str, Any]]:
        """The message in the run's language, and the values of its operands by label."""
        parts = rule.message.get(self.lang) or rule.message["zh"]
        values: dict[str, Any] = {}
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            expression = part.expression if isinstance(part, Formatted) else part
            value = _value_of(expression, self.env)
            if expression.writes_text and isinstance(value, str):
                out.append(value)  # words of the rule's own, not a cell
                continue
            if expression.label is not None:
                values[expression.label] = value
            shown = self._formatted(value, part.form) if isinstance(part, Formatted) else None
            out.append(shown if shown is not None else show_value(value, self.lang))
        return "".join(out), values

    def _formatted(self, value: Any, form: str) -> str | None:
        """``value`` in ``form``; a cell as typed, but a bare amount with the form's unit."""
        unit = self._money_unit()
        if form == "money" and isinstance(value, str):
            cell = read_cell(value)
            if cell.kind == "number" and not cell.unit and not cell.percent:
                return show_value(value, self.lang) + unit  # "　135.35" → 135.35万元
            return None
        return formatted(value, form, unit)

    def _money_unit(self) -> str:
        """The form's money unit (its ``unit``, 万元 when it gives none), for ``:money``."""
        unit = self.env.root.get("unit") if isinstance(self.env.root, dict) else None
        return unit.strip() if isinstance(unit, str) and unit.strip() else "万元"

    def _rule_error(
        self, rule: Rule, item_pointer: str, error: Exception, stage: Expression
    ) -> Finding:
        code, reason, excerpt = _reason_of(error, stage)
        where = item_pointer or "/"
        if self.lang == "zh":
            message = f"规则 {rule.id} 无法在 {where} 上求值：{reason}（表达式 `{excerpt}`）"
        else:
            message = f"rule {rule.id} could not be evaluated at {where}: {reason} (in `{excerpt}`)"
        return Finding(
            rule="rule-error",
            severity=Severity.ERROR,
            message=message,
            path=item_pointer,
            values={"rule": rule.id, "code": code, "expression": excerpt, "reason": reason},
            file=self.file,
        )


def _reason_of(error: Exception, stage: Expression) -> tuple[str, str, str]:
    """The code, the reason and the part of the expression of a rule error: what makes two
    of them the same error."""
    if isinstance(error, EvaluationError):
        return error.code, error.message, error.excerpt or stage.source
    if isinstance(error, ArithmeticError):  # decimal.Overflow on absurd numbers
        reason = f"a number grew out of range ({type(error).__name__})"
        return "eval-error", reason, stage.source
    return "internal-error", f"{type(error).__name__}: {error}", stage.source


def _stops(problem: Exception) -> bool:
    """Whether a rule error ends the rule on this report: its work budget is spent."""
    return isinstance(problem, EvaluationError) and problem.code == "budget-exceeded"


class _RuleErrors:
    """The rule errors of one rule on one report, by reason: where each was first shown
    and how many times it was met (beyond the first, they are only counted)."""

    __slots__ = ("counts", "first")

    def __init__(self) -> None:
        self.first: dict[tuple[str, str, str], int] = {}
        self.counts: dict[tuple[str, str, str], int] = {}

    def seen(self, key: tuple[str, str, str]) -> bool:
        count = self.counts.get(key, 0)
        self.counts[key] = count + 1
        return count >= MAX_RULE_ERRORS_SHOWN

    def shown(self, key: tuple[str, str, str], index: int) -> None:
        self.first.setdefault(key, index)

    def repeats(self) -> list[tuple[int, int]]:
        """Each shown error that others repeat, with how many did."""
        return [
            (self.first[key], count - MAX_RULE_ERRORS_SHOWN)
            for key, count in self.counts.items()
            if count > MAX_RULE_ERRORS_SHOWN and key in self.first
        ]


def _value_of(expression: Expression | None, env: Env) -> Any:
    """The value of a message part or ``expected`` as callers see it: ``None`` when unknown
    or failing, and no *unknown* inside a list or an object either."""
    if expression is None:
        return None
    try:
        value = expression.value(env)
    except EvaluationError:
        return None
    return public(value)


def _severity_of(rule: Rule, env: Env) -> Severity:
    """The first ``severity_by`` level whose condition holds for the item, else the rule's."""
    for condition, level in rule.severity_by:
        try:
            if to_bool(condition.value(env)) is True:
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
            value = part.value(env)
        except EvaluationError:
            return None  # the item itself, rather than a wrong place
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None or value is UNKNOWN:
            return None
        out.append(decimal_text(value) if isinstance(value, Decimal) else str(value))
    return "".join(out)


def _finding_path(rule_path: str | None, item_pointer: str) -> str:
    if not rule_path:
        return item_pointer
    if rule_path.startswith("/"):
        return rule_path
    return item_pointer + "/" + rule_path.strip("/")


def _operands(paths: Sequence[str], item_pointer: str, root: Any) -> tuple[str, ...]:
    found: list[str] = []
    for path in paths:
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


def _meets(reads: Sequence[str], item_pointer: str, reported: list[Reported]) -> bool:
    """Whether one of the paths a rule reads, for this item, is (in) a path in ``reported``."""
    for pattern in reads:
        path = item_pointer + pattern[1:] if pattern.startswith("@") else pattern
        if any(paths.meets(path) for paths in reported):
            return True
    return False


_END: Final = None
"""The key marking, in a :class:`Reported` tree, that a reported path ends at a node (not a
text: any text, ``""`` too, may be a key of a report)."""


class Reported:
    """Paths already reported (JSON Pointers), as a tree of their parts: whether a path meets
    one costs that path's length, not the number of paths reported (a report with 10,000
    unreadable rows has 10,000 of them, asked about for each row of each rule)."""

    __slots__ = ("root",)

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self.root: dict[str | None, Any] = {}
        for path in paths:
            node = self.root
            for part in path.split("/")[1:]:
                node = node.setdefault(part, {})
            node[_END] = True

    def __bool__(self) -> bool:
        return bool(self.root)

    def meets(self, pattern: str) -> bool:
        """Whether ``pattern`` (``*`` for any element) and a path reported meet: one is the
        other, or lies inside it."""
        nodes = [self.root]
        for part in pattern.split("/")[1:]:
            if any(_END in node for node in nodes):
                return True  # a path reported ends here: the pattern lies inside it
            if part == "*":
                nodes = [child for node in nodes for key, child in node.items() if key != _END]
            else:
                nodes = [node[part] for node in nodes if part in node]
            if not nodes:
                return False
        # the pattern ends at a path reported, or a path reported lies inside it
        return any(nodes)
