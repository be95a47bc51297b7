"""The rule model: a compiled :class:`Rule`, a :class:`RuleSet` with its parameters, examples.

What the loader (:mod:`evallint.rules.loader`) builds from rule files and the
engine runs. Everything here is immutable: a RuleSet is safe to share between
threads and pickles for worker processes (generated functions are made again there).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from evallint.dsl.codegen import Generated
from evallint.dsl.expression import Definition, Expression
from evallint.dsl.names import Named
from evallint.dsl.rulecode import RuleParts, generate_rule
from evallint.errors import EvaluationError, RuleError
from evallint.read.data import normalise
from evallint.results import Severity

Text = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Example:
    """One example report of a rule: how to build it, and for a fail example the paths."""

    name: str
    report: Mapping[str, Any] | None
    set: Mapping[str, Any]
    delete: tuple[str, ...]
    params: Mapping[str, Any]
    paths: tuple[str, ...] | None
    pointer: str


@dataclass(frozen=True, slots=True)
class Formatted:
    """A message placeholder that names a format (``{budget - spent:money}``): the
    expression, and how its number is shown (:func:`evallint.messages.formatted`)."""

    expression: Expression
    form: str


MessagePart = str | Expression | Formatted
"""Text a rule wrote, a placeholder shown as the value reads, or one shown in a format."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule, ready to run on any number of reports.

    ``each`` gives its items (none: the report itself); ``cells`` the keys of the
    item's cells it checks one by one (bound to ``field`` and ``cell``); ``lets``
    its own names; ``defer_to`` the rules whose findings on what it reads make it
    stand aside. ``params`` are the parameters it declares, with their defaults.
    """

    id: str
    severity: Severity
    title: Text
    description: Text
    tags: tuple[str, ...]
    check: Expression
    message: Mapping[str, tuple[MessagePart, ...]]
    message_source: Text
    each: Expression | None = None
    when: Expression | None = None
    expected: Expression | None = None
    path: str | None = None
    path_template: tuple[str | Expression, ...] | None = None
    severity_by: tuple[tuple[Expression, Severity], ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Every parameter value the rule was written against: its pack's, then its own."""
    defs: Mapping[str, Definition] = field(default_factory=dict, repr=False)
    """The definitions the rule was written against (its pack's; a run uses its rule set's)."""
    aliases: tuple[str, ...] = ()
    examples_pass: tuple[Example, ...] = ()
    examples_fail: tuple[Example, ...] = ()
    pack: str | None = None
    file: str | None = None
    line: int | None = None
    examples_base: Any = "minimal"
    cells: Expression | None = None
    lets: Mapping[str, Definition] = field(default_factory=dict)
    defer_to: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    """The report paths its ``when`` and ``check`` read, through the names they use
    (``@`` for the item): its operands, and what makes it stand aside (``defer_to``)."""
    subjects: tuple[str, ...] = ()
    """The boxes it is about: its ``path`` (when not a template) and its ``needs`` — fields
    of the item (``score``, ``total/adjusted``) or pointers (``/goals/expected``). On a form
    without one of them it does not apply (report format v1.1)."""

    _programs: list[tuple[Mapping[str, Definition], Generated | EvaluationError]] = field(
        default_factory=list, repr=False, compare=False
    )

    def program(self, defs: Mapping[str, Definition]) -> Generated:
        """The rule as one generated function (:mod:`evallint.dsl.rulecode`), for a rule set
        whose definitions are ``defs``: made the first time, then kept (and pickled with the
        rule). Raises :class:`EvaluationError` for a rule that cannot become one (it grows
        too big once its functions are put in), every time it is asked."""
        made = next((made for known, made in self._programs if known is defs), None)
        if made is None:
            made = self._generate(defs)
            if len(self._programs) >= 4:  # rule sets come and go (presets, tests)
                del self._programs[0]
            self._programs.append((defs, made))
        if isinstance(made, EvaluationError):
            raise made
        return made

    def _generate(self, defs: Mapping[str, Definition]) -> Generated | EvaluationError:
        names: Mapping[str, Named] = {**defs, **self.lets} if self.lets else defs

        def table_of(named: Named) -> Mapping[str, Named]:
            # a definition of the pack sees the pack's names; a rule's let, the rule's
            return defs if defs.get(named.name) is named else names

        parts = RuleParts(self.check, self.each, self.when, self.cells, self.subjects)
        try:
            return generate_rule(parts, names, table_of)
        except EvaluationError as error:
            return error

    def expressions(self) -> list[Expression]:
        """Every expression of the rule (its names', its templates' placeholders included)."""
        found = [self.check]
        found += [e for e in (self.each, self.cells, self.when, self.expected) if e is not None]
        found += [condition for condition, _ in self.severity_by]
        for parts in self.message.values():
            for part in parts:
                if isinstance(part, Formatted):
                    found.append(part.expression)
                elif not isinstance(part, str):
                    found.append(part)
        found += [p for p in self.path_template or () if not isinstance(p, str)]
        found += [definition.expression for definition in self.lets.values()]
        return found

    def text(self, field_text: Text, lang: str) -> str:
        """``field_text`` (title or description) in ``lang``, falling back to Chinese."""
        return field_text.get(lang) or field_text.get("zh") or next(iter(field_text.values()), "")

    def matches(self, pattern: str) -> bool:
        """Whether ``pattern`` (an id, alias, tag or glob over ids) names this rule."""
        if pattern in (self.id, *self.aliases, *self.tags):
            return True
        return fnmatch.fnmatchcase(self.id, pattern) or any(
            fnmatch.fnmatchcase(tag, pattern) for tag in self.tags
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One rule of a run's plan: the rule, the names it sees, the parameters it runs with,
    and whether another defers to it."""

    rule: Rule
    names: Mapping[str, Definition]
    deferred_to: bool
    params: Mapping[str, Any] = field(default_factory=dict)
    defs: Mapping[str, Definition] = field(default_factory=dict)
    """The rule set's definitions: those a definition's own names refer to."""

    def program(self) -> Generated:
        """The rule as one generated function (:meth:`Rule.program`)."""
        return self.rule.program(self.defs)


def _in_deferral_order(rules: Sequence[Rule]) -> list[Rule]:
    """The rules, each after the rules it defers to (otherwise in their own order)."""
    by_id = {rule.id: rule for rule in rules}
    placed: set[str] = set()
    order: list[Rule] = []

    def place(rule: Rule, trail: tuple[str, ...]) -> None:
        if rule.id in placed or rule.id in trail:  # a circle was refused when loading
            return
        for other in rule.defer_to:
            if other in by_id:
                place(by_id[other], (*trail, rule.id))
        placed.add(rule.id)
        order.append(rule)

    for rule in rules:
        place(rule, ())
    return order


@dataclass(frozen=True, slots=True)
class PackExample:
    """An example a pack gives for a rule of a pack it extends (its top-level ``examples``).

    It runs with the rule set's own definitions and parameters: how a province that
    redefines a name or sets a parameter tests what it changed.
    """

    rule: str
    kind: str
    """``"pass"`` or ``"fail"``."""
    example: Example
    file: str
    line: int | None
    base: Any = "minimal"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Compiled rules plus the parameter values they run with.

    Immutable and safe to share between threads; it pickles by recompiling its
    expressions, so it can be sent to worker processes. ``warnings`` holds
    problems that did not stop any rule from loading; ``errors`` (when loaded
    leniently) the ones that dropped a rule or a file.
    """

    rules: tuple[Rule, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    """The value of every parameter (its default, or what a pack or configuration set)."""
    defs: Mapping[str, Definition] = field(default_factory=dict)
    """The definitions every rule sees (a pack's ``defs``, later packs' overriding earlier)."""
    name: str | None = None
    warnings: tuple[RuleError, ...] = ()
    errors: tuple[RuleError, ...] = ()
    description: Text = field(default_factory=dict)
    """What the pack (its last file that names itself) says it is, by language."""
    examples: tuple[PackExample, ...] = ()
    """Examples the packs give for rules they extend (see :class:`PackExample`)."""
    _plan: tuple[Step, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with id (or alias) ``rule_id``."""
        for rule in self.rules:
            if rule_id == rule.id or rule_id in rule.aliases:
                return rule
        return None

    def params_for(self, rule: Rule) -> dict[str, Any]:
        """The parameters ``rule`` declares, with the values it runs with (for people to read)."""
        return {name: self.params.get(name, value) for name, value in rule.params.items()}

    def names_for(self, rule: Rule) -> Mapping[str, Definition]:
        """The definitions ``rule`` sees: the rule set's, and its own ``let``."""
        return {**self.defs, **rule.lets} if rule.lets else self.defs

    def plan(self) -> tuple[Step, ...]:
        """The rules in the order a run takes them (each after those it defers to), with the
        names each sees — worked out once for the rule set, used for every report."""
        if self._plan is None:
            wanted = {other for rule in self.rules for other in rule.defer_to}
            steps = tuple(
                Step(rule, self.names_for(rule), rule.id in wanted, self.params, self.defs)
                for rule in _in_deferral_order(self.rules)
            )
            object.__setattr__(self, "_plan", steps)  # derived from the frozen fields alone
        assert self._plan is not None
        return self._plan

    def prepare(self) -> RuleSet:
        """Generate every rule's function and its names' now, rather than when first needed:
        before the rule set is pickled (for the pack cache, or worker processes), so
        that they travel with it."""
        for step in self.plan():
            try:
                step.program()
            except EvaluationError:
                continue  # it says so when it runs
            for definition in step.names.values():
                if definition.kind != "function":
                    table = (
                        self.defs if self.defs.get(definition.name) is definition else step.names
                    )
                    try:
                        definition.expression.function(table)
                    except EvaluationError:
                        continue
        return self

    def configured(
        self,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> RuleSet:
        """A copy: rules selected and ignored (ignore wins), severities and params overridden."""
        rules = [
            rule
            for rule in self.rules
            if (not select or any(rule.matches(p) for p in select))
            and not any(rule.matches(p) for p in ignore)
        ]
        if severity:
            rules = [
                replace(rule, severity=Severity(_severity_for(rule, severity) or rule.severity))
                for rule in rules
            ]
        merged = dict(self.params)
        merged.update(normalise(dict(params or {})))  # TOML and Python give ints and floats
        return replace(self, rules=tuple(rules), params=merged)

    def known_params(self) -> set[str]:
        """Every parameter name a rule or a pack declares."""
        return {*self.params, *(name for rule in self.rules for name in rule.params)}


def _severity_for(rule: Rule, overrides: Mapping[str, str]) -> str | None:
    for pattern, level in overrides.items():
        if rule.matches(pattern):
            return level
    return None


def bilingual(value: Any) -> Text:
    """A rule file's text (a string, or ``zh``/``en``) by language; ``en`` defaults to ``zh``."""
    if isinstance(value, str):
        return {"zh": value, "en": value}
    assert isinstance(value, dict)
    texts = {str(k): str(v) for k, v in value.items()}
    texts.setdefault("en", texts["zh"])
    return texts


def examples_of(entries: Any, pointer: str) -> tuple[Example, ...]:
    """The examples a rule file lists under ``pointer`` (entries that are not mappings skipped)."""
    if not isinstance(entries, list):
        return ()
    examples = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        paths = entry.get("paths")
        examples.append(
            Example(
                name=str(entry.get("name") or f"#{index + 1}"),
                report=entry.get("report"),
                set=dict(entry.get("set") or {}),
                delete=tuple(entry.get("delete") or ()),
                params=dict(entry.get("params") or {}),
                paths=tuple(paths) if isinstance(paths, list) else None,
                pointer=f"{pointer}/{index}",
            )
        )
    return tuple(examples)
