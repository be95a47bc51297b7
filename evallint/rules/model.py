"""The rule model: a compiled :class:`Rule`, a :class:`RuleSet` with its parameters, examples.

What the loader (:mod:`evallint.rules.loader`) builds from rule files and the
engine runs. Everything here is immutable: a RuleSet is safe to share between
threads and pickles for worker processes (expressions recompile their closures).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from evallint.dsl.expression import Expression
from evallint.errors import RuleError
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
class Rule:
    """One compiled rule, ready to run on any number of reports."""

    id: str
    severity: Severity
    title: Text
    description: Text
    tags: tuple[str, ...]
    check: Expression
    message: Mapping[str, tuple[str | Expression, ...]]
    message_source: Text
    each: Expression | None = None
    when: Expression | None = None
    expected: Expression | None = None
    path: str | None = None
    path_template: tuple[str | Expression, ...] | None = None
    severity_by: tuple[tuple[Expression, Severity], ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    examples_pass: tuple[Example, ...] = ()
    examples_fail: tuple[Example, ...] = ()
    pack: str | None = None
    file: str | None = None
    line: int | None = None
    examples_base: Any = "minimal"

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
class RuleSet:
    """Compiled rules plus the parameter values they run with.

    Immutable and safe to share between threads; it pickles by recompiling its
    expressions, so it can be sent to worker processes. ``warnings`` holds
    problems that did not stop any rule from loading; ``errors`` (when loaded
    leniently) the ones that dropped a rule or a file.
    """

    rules: tuple[Rule, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    name: str | None = None
    warnings: tuple[RuleError, ...] = ()
    errors: tuple[RuleError, ...] = ()
    description: Text = field(default_factory=dict)
    """What the pack (its last file that names itself) says it is, by language."""

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with id (or alias) ``rule_id``."""
        for rule in self.rules:
            if rule_id == rule.id or rule_id in rule.aliases:
                return rule
        return None

    def params_for(self, rule: Rule) -> dict[str, Any]:
        """The parameters ``rule`` runs with: its defaults, overridden by the pack's values."""
        values = dict(rule.params)
        values.update({k: v for k, v in self.params.items() if k in rule.params})
        return values

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
        """Every parameter name some rule declares."""
        return {name for rule in self.rules for name in rule.params}


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
