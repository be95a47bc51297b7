"""Rules as people read them: the list (text, JSON, Markdown) and one rule explained."""

from __future__ import annotations

import json
from typing import Any

from evallint.ruleset import Rule, RuleSet

_LABELS = {
    "zh": {
        "severity": "严重程度",
        "tags": "标签",
        "pack": "规则包",
        "applies": "适用于",
        "when": "条件",
        "check": "检查",
        "path": "指向",
        "expected": "建议值",
        "params": "参数",
        "examples": "示例",
        "pass": "通过",
        "fail": "不通过",
        "message": "提示",
        "each": "逐项",
        "none": "无",
        "report": "整份报告",
        "aliases": "曾用名",
    },
    "en": {
        "severity": "severity",
        "tags": "tags",
        "pack": "pack",
        "applies": "runs on",
        "when": "when",
        "check": "check",
        "path": "points at",
        "expected": "expected",
        "params": "parameters",
        "examples": "examples",
        "pass": "pass",
        "fail": "fail",
        "message": "message",
        "each": "each",
        "none": "none",
        "report": "the whole report",
        "aliases": "aliases",
    },
}


def rule_dict(rule: Rule, ruleset: RuleSet, lang: str) -> dict[str, Any]:
    """Everything about a rule as plain data."""
    return {
        "id": rule.id,
        "severity": str(rule.severity),
        "title": rule.text(rule.title, lang),
        "description": rule.text(rule.description, lang),
        "tags": list(rule.tags),
        "aliases": list(rule.aliases),
        "pack": rule.pack,
        "each": rule.each.source if rule.each else None,
        "when": rule.when.source if rule.when else None,
        "check": rule.check.source,
        "path": rule.path,
        "expected": rule.expected.source if rule.expected else None,
        "params": {k: str(v) for k, v in ruleset.params_for(rule).items()},
        "examples": {"pass": len(rule.examples_pass), "fail": len(rule.examples_fail)},
    }


def rules_text(ruleset: RuleSet, lang: str) -> str:
    """One line per rule: id, severity, title."""
    width = max((len(rule.id) for rule in ruleset.rules), default=10)
    lines = [
        f"{rule.id:<{width}}  {rule.severity!s:<7}  {rule.text(rule.title, lang)}"
        for rule in ruleset.rules
    ]
    lines.append(f"{len(ruleset.rules)} rules" + (f" ({ruleset.name})" if ruleset.name else ""))
    return "\n".join(lines) + "\n"


def rules_json(ruleset: RuleSet, lang: str) -> str:
    """The rules as a JSON list."""
    return (
        json.dumps(
            [rule_dict(rule, ruleset, lang) for rule in ruleset.rules], ensure_ascii=False, indent=2
        )
        + "\n"
    )


def rules_markdown(ruleset: RuleSet, lang: str) -> str:
    """A Markdown catalogue: a table, then a section per rule."""
    labels = _LABELS.get(lang, _LABELS["en"])
    lines = ["| id | severity | title |", "|---|---|---|"]
    lines += [
        f"| [`{r.id}`](#{r.id}) | {r.severity} | {_cell(r.text(r.title, lang))} |"
        for r in ruleset.rules
    ]
    for rule in ruleset.rules:
        lines += [
            "",
            f"### {rule.id}",
            "",
            f"**{rule.text(rule.title, lang)}** — {rule.severity}",
            "",
        ]
        lines.append(rule.text(rule.description, lang))
        params = ruleset.params_for(rule)
        if params:
            lines += [
                "",
                f"{labels['params']}: " + ", ".join(f"`{k}` = `{v}`" for k, v in params.items()),
            ]
        if rule.tags:
            lines += ["", f"{labels['tags']}: " + ", ".join(f"`{t}`" for t in rule.tags)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def explain(rule: Rule, ruleset: RuleSet, lang: str) -> str:
    """A rule explained: title, why and how to fix, what it runs, its parameters and examples."""
    labels = _LABELS.get(lang, _LABELS["en"])
    lines = [
        f"{rule.id} — {rule.text(rule.title, lang)}",
        "",
        rule.text(rule.description, lang),
        "",
        f"{labels['severity']}: {rule.severity}",
    ]
    if rule.tags:
        lines.append(f"{labels['tags']}: {', '.join(rule.tags)}")
    if rule.aliases:
        lines.append(f"{labels['aliases']}: {', '.join(rule.aliases)}")
    if rule.pack:
        where = f" ({rule.file}:{rule.line})" if rule.file else ""
        lines.append(f"{labels['pack']}: {rule.pack}{where}")
    lines.append("")
    lines.append(f"{labels['applies']}: {rule.each.source if rule.each else labels['report']}")
    if rule.when:
        lines.append(f"{labels['when']}: {rule.when.source}")
    lines.append(f"{labels['check']}: {rule.check.source}")
    if rule.path:
        lines.append(f"{labels['path']}: {rule.path}")
    if rule.expected:
        lines.append(f"{labels['expected']}: {rule.expected.source}")
    lines.append(
        f"{labels['message']}: {rule.message_source.get(lang) or rule.message_source['zh']}"
    )
    params = ruleset.params_for(rule)
    lines.append("")
    if params:
        lines.append(f"{labels['params']}:")
        lines += [f"  {name} = {value}" for name, value in params.items()]
    else:
        lines.append(f"{labels['params']}: {labels['none']}")
    lines.append(f"{labels['examples']}:")
    for kind, examples in (("pass", rule.examples_pass), ("fail", rule.examples_fail)):
        for example in examples:
            where = f" → {', '.join(example.paths)}" if example.paths else ""
            lines.append(f"  [{labels[kind]}] {example.name}{where}")
    return "\n".join(lines) + "\n"
