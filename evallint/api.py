"""The library entry points: lint one report and get its findings back as data.

Both take the one path that checks a report (:func:`evallint.run.check.check_report`);
this module only turns what a caller passes (paths, text, dicts, rule names,
a configuration) into a report and a rule set.
"""

from __future__ import annotations

import functools
from pathlib import Path

from evallint.messages import Lang
from evallint.read.report import Report, ReportSource, load_report
from evallint.results import Finding, ReportResult
from evallint.rules.config import Config, discover, load_config, ruleset_for
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.run.check import check_report

RulesArg = RuleSet | str | Path | list[str | Path] | None
ConfigArg = Config | str | Path | None


def resolve_rules(rules: RulesArg = None, config: ConfigArg = None) -> RuleSet:
    """The RuleSet to run: ``rules`` if given (a RuleSet or paths), else the configuration's.

    ``config`` is a :class:`~evallint.rules.config.Config`, a path to a configuration
    file, or ``None`` to look one up from the current directory (the built-in
    national pack when there is none).
    """
    if isinstance(rules, RuleSet):
        return rules
    if rules is not None:
        return load_rules(rules)
    if config is None:
        config = discover()
    elif not isinstance(config, Config):
        config = load_config(config)
    if config == Config():
        return _default_rules()
    return ruleset_for(config)


@functools.cache
def _default_rules() -> RuleSet:
    # The built-in default is immutable: load and compile it once per process.
    return ruleset_for(Config())


def check(
    report: Report | ReportSource,
    rules: RulesArg = None,
    *,
    config: ConfigArg = None,
    lang: Lang = "zh",
) -> ReportResult:
    """Check one report: findings (schema and rules) and the tally of every rule.

    Raises :class:`~evallint.errors.ReportError` when the input cannot be read
    as a report, :class:`~evallint.errors.RuleSetError` when the rules cannot
    be loaded.
    """
    loaded = report if isinstance(report, Report) else load_report(report)
    return check_report(loaded, resolve_rules(rules, config), lang=lang)


def lint(
    report: Report | ReportSource,
    rules: RulesArg = None,
    *,
    config: ConfigArg = None,
    lang: Lang = "zh",
) -> list[Finding]:
    """The findings for ``report`` (anything :func:`~evallint.load_report` takes).

    ``rules`` is a path (or list of paths) to rule files, folders or built-in
    pack names, a loaded :class:`~evallint.rules.model.RuleSet`, or ``None`` for the
    configured rules (the built-in ``national-2020`` pack by default). Load a
    RuleSet once with :func:`~evallint.load_rules` to lint many reports.
    """
    return list(check(report, rules, config=config, lang=lang).findings)
