"""Apply compiled rules to one report: bind items, evaluate, render findings, contain failures.

For every rule: the items of ``each`` (or the report itself), then ``when``,
then ``check``. False is a finding; unknown is "not applicable" and counted,
so a rule that never fires is visible; an evaluation error becomes one
``rule-error`` finding for that rule and item, and every other rule still runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from evallint import pointer as jsonpointer
from evallint.domain.layouts import layout as layout_named
from evallint.dsl.expression import Expression
from evallint.dsl.values import UNKNOWN, Env, to_bool
from evallint.errors import EvaluationError
from evallint.messages import decimal_text, show_value
from evallint.results import Finding, RuleTally, Severity
from evallint.rules.model import Rule, RuleSet, Step
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
        found_at: dict[str, list[str]] = {}  # the paths of the findings of rules deferred to
        for step in ruleset.plan():
            rule = step.rule
            before = len(self.findings)
            self.env.names = step.names
            blocked = list(reported)
            for other in rule.defer_to:
                blocked += found_at.get(other, ())
            self._run_rule(step, tallies[rule.id], blocked)
            if step.deferred_to:
                found_at[rule.id] = [finding.path for finding in self.findings[before:]]
        return self.findings, [tallies[rule.id] for rule in ruleset.rules]

    def _run_rule(self, step: Step, tally: RuleTally, blocked: list[str]) -> None:
        """The rule's generated function on this report; the engine is called back for a
        finding, a rule error, or whether a place was reported already."""
        rule, env = step.rule, self.env
        try:
            program = step.program()
        except EvaluationError as error:  # too big to run: one rule error per report
            tally.errors += 1
            problem = rule.check.failure(error, None)
            self.findings.append(self._rule_error(rule, "", problem, rule.check))
            return

        def aside(item: Any, key: str | None) -> bool:
            # a problem the rule reads was reported already (by the schema, or a rule it
            # defers to): it stands aside for that item or cell
            if key is None:
                return _meets(rule.reads, self._where(item), blocked)
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

        def errored(error: Exception, stage: Expression, item: Any) -> None:
            tally.errors += 1
            problem = stage.failure(error, program.span_at(error.__traceback__))
            self.findings.append(self._rule_error(rule, self._where(item), problem, stage))

        params = step.params if self.layout is None else {**step.params, **self.layout.params}
        env.start(None, params)
        passed, unknown, skipped, not_on_form = program.function(
            env, env.root, aside, absent, fail, errored, bool(blocked), self.layout is not None
        )
        tally.passed += passed
        tally.unknown += unknown
        tally.skipped += skipped
        tally.absent += not_on_form
        env.bound = {}

    def _cell_reported(self, item: Any, key: str, blocked: list[str]) -> bool:
        where = jsonpointer.join(self._where(item), key)
        return any(_overlap(where, path) for path in blocked)

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
            value = _value_of(part, self.env)
            if part.writes_text and isinstance(value, str):
                out.append(value)  # words of the rule's own, not a cell
                continue
            if part.label is not None:
                values[part.label] = value
            out.append(show_value(value, self.lang))
        return "".join(out), values

    def _rule_error(
        self, rule: Rule, item_pointer: str, error: Exception, stage: Expression
    ) -> Finding:
        if isinstance(error, EvaluationError):
            reason, code = error.message, error.code
            excerpt = error.excerpt or stage.source
        elif isinstance(error, ArithmeticError):  # decimal.Overflow on absurd numbers
            reason, code = f"a number grew out of range ({type(error).__name__})", "eval-error"
            excerpt = stage.source
        else:
            reason, code = f"{type(error).__name__}: {error}", "internal-error"
            excerpt = stage.source
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


def _value_of(expression: Expression | None, env: Env) -> Any:
    """The value of a message part or ``expected``: ``None`` when unknown or failing."""
    if expression is None:
        return None
    try:
        value = expression.value(env)
    except EvaluationError:
        return None
    return None if value is UNKNOWN else value


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


def _meets(reads: Sequence[str], item_pointer: str, reported: list[str]) -> bool:
    """Whether one of the paths a rule reads, for this item, is (in) a path in ``reported``."""
    for pattern in reads:
        path = item_pointer + pattern[1:] if pattern.startswith("@") else pattern
        if any(_overlap(path, done) for done in reported):
            return True
    return False


def _overlap(pattern: str, path: str) -> bool:
    """Whether a read ``pattern`` (``*`` for any element) and a reported ``path`` meet:
    one is the other, or lies inside it."""
    left, right = pattern.split("/"), path.split("/")
    return all(a == b or a == "*" for a, b in zip(left, right, strict=False))
