"""Rules as people read them: the list (text, JSON, Markdown), one rule explained, and the
generated pages ``docs/rules.md`` and ``docs/functions.md``.

``python -m evallint.rules.docs [ROOT]`` writes the pages; a test fails when a
committed page differs from what this module writes, so none can go stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from evallint.dsl.expression import Definition
from evallint.dsl.functions import FUNCTIONS
from evallint.messages import Lang
from evallint.rules.definitions import used_names
from evallint.rules.loader import load_rules
from evallint.rules.model import Rule, RuleSet
from evallint.rules.packs import DEFAULT_PACK, builtin_pack_names

_TITLE_HEADS = {"zh": "标题", "en": "title"}

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
        "cells": "逐格检查",
        "let": "本规则的名称",
        "defs": "用到的定义",
        "defer": "让位于",
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
        "cells": "cells",
        "let": "the rule's names",
        "defs": "definitions used",
        "defer": "defers to",
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


def rules_markdown(ruleset: RuleSet, langs: Sequence[Lang] = ("zh",)) -> str:
    """A Markdown catalogue: a table, then a section per rule, its texts in ``langs``."""
    labels = _LABELS[langs[-1]]
    heads = " | ".join(_TITLE_HEADS[lang] for lang in langs)
    lines = [f"| id | severity | {heads} |", "|---|---|" + "---|" * len(langs)]
    for rule in ruleset.rules:
        titles = " | ".join(_cell(rule.text(rule.title, lang)) for lang in langs)
        lines.append(f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {titles} |")
    for rule in ruleset.rules:
        titles = " · ".join(_cell(rule.text(rule.title, lang)) for lang in langs)
        lines += ["", f"### {rule.id}", "", f"**{rule.severity}** · {titles}", ""]
        for lang in langs:
            lines += [rule.text(rule.description, lang), ""]
        params = ruleset.params_for(rule)
        if params:
            shown = ", ".join(f"`{name}` = `{show_param(value)}`" for name, value in params.items())
            lines += [f"{labels['params'].capitalize()}: {shown}", ""]
        if rule.tags:
            lines.append(
                f"{labels['tags'].capitalize()}: " + ", ".join(f"`{t}`" for t in rule.tags)
            )
    return "\n".join(lines).rstrip() + "\n"


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
    if rule.cells:
        lines.append(f"{labels['cells']}: {rule.cells.source}")
    if rule.defer_to:
        lines.append(f"{labels['defer']}: {', '.join(rule.defer_to)}")
    if rule.lets:
        lines.append(f"{labels['let']}:")
        lines += [f"  {name}: {d.expression.source}" for name, d in rule.lets.items()]
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
    used = _definitions_used(rule, ruleset)
    if used:
        lines.append("")
        lines.append(f"{labels['defs']}:")
        for definition in used:
            where = f"  ({definition.file}:{definition.line})" if definition.file else ""
            lines.append(f"  {definition.signature}: {definition.expression.source}{where}")
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


def _definitions_used(rule: Rule, ruleset: RuleSet) -> list[Definition]:
    """The rule set's definitions the rule uses, directly or through others, in pack order."""
    table = ruleset.defs
    used = used_names(rule.expressions(), table)
    return [definition for name, definition in table.items() if name in used]


def show_param(value: object) -> str:
    """A parameter value as the YAML that sets it would write it."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show_param(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show_param(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    return str(value) if value is not None else "null"


# --- the generated pages ------------------------------------------------------------------


def rules_page() -> str:
    """``docs/rules.md``: the default pack's rules and the presets that extend it."""
    pack = load_rules(DEFAULT_PACK)
    lines = [
        "# The built-in rules",
        "",
        "Generated from `rules/` by `python -m evallint.rules.docs`; do not edit by hand.",
        f"The default pack is `{DEFAULT_PACK}` (财预〔2020〕10号 项目支出绩效自评表); the",
        "presets below extend it by parameters only. `evallint explain RULE` prints one",
        "rule with its expressions and examples.",
        "",
        f"## {DEFAULT_PACK}: {len(pack.rules)} rules",
        "",
        rules_markdown(pack, ("zh", "en")).rstrip(),
    ]
    presets = [name for name in builtin_pack_names() if name != DEFAULT_PACK]
    if presets:
        lines += ["", "## Presets", "", "| preset | parameters | what it is |", "|---|---|---|"]
        for name in presets:
            preset = load_rules(name)
            changed = {k: v for k, v in preset.params.items() if pack.params.get(k) != v}
            shown = ", ".join(f"`{k}` = `{show_param(v)}`" for k, v in changed.items())
            lines.append(f"| `{name}` | {shown} | {_cell(preset.description.get('zh', ''))} |")
    return "\n".join(lines).rstrip() + "\n"


def functions_page() -> str:
    """``docs/functions.md``: every function of the rule language."""
    lines = [
        "# Functions of the rule language",
        "",
        "Generated from `evallint/dsl/functions.py` by `python -m evallint.rules.docs`;",
        "do not edit by hand. The semantics of unknown values, intervals and cells are",
        "in [language.md](language.md).",
        "",
        "| function | what it gives | example (true) |",
        "|---|---|---|",
    ]
    for function in FUNCTIONS.values():
        doc = function.doc.replace("|", "\\|")
        lines.append(f"| `{function.signature}` | {doc} | `{function.example}` |")
    return "\n".join(lines) + "\n"


PAGES = {"docs/functions.md": functions_page, "docs/rules.md": rules_page}


def main(argv: list[str] | None = None) -> int:
    """Write every generated page under the current directory (or the directory given)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    for name, render in PAGES.items():
        path = root / name
        path.write_text(render(), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
