"""Generate what is written from data (run: ``python -m evallint.docgen``).

The built parser ``evallint/dsl/grammar.lalr`` comes from ``grammar.lark``,
``docs/functions.md`` from the function registry and ``docs/rules.md`` from the
built-in packs; tests fail when a committed file differs from what this module
writes, so none can go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evallint.dsl.functions import FUNCTIONS


def builtin_expressions() -> list[str]:
    """The source of every expression in the built-in packs (each, when, check, messages...)."""
    return sorted({source for source, _ in builtin_checked_expressions()})


def builtin_checked_expressions() -> list[tuple[str, object]]:
    """Each expression of the built-in packs with the item schema it is checked against."""
    from evallint.dsl.cache import schema_key
    from evallint.ruleset import builtin_pack_names, load_rules

    found: dict[tuple[str, str], tuple[str, object]] = {}
    for name in builtin_pack_names():
        for rule in load_rules(name).rules:
            parts: list[object] = [rule.each, rule.when, rule.check, rule.expected]
            parts += [condition for condition, _ in rule.severity_by]
            parts += [p for template in rule.message.values() for p in template]
            parts += list(rule.path_template or ())
            for part in parts:
                source, schema = getattr(part, "source", None), getattr(part, "item_schema", None)
                if source is not None:
                    found[(source, schema_key(schema))] = (source, schema)
    return list(found.values())


def functions_markdown() -> str:
    """The page listing every function of the rule language."""
    lines = [
        "# Functions of the rule language",
        "",
        "Generated from `evallint/dsl/functions.py` by `python -m evallint.docgen`;",
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


def rules_markdown() -> str:
    """The catalogue of the built-in pack and its presets."""
    from evallint.ruleset import DEFAULT_PACK, builtin_pack_names, load_rules

    pack = load_rules(DEFAULT_PACK)
    lines = [
        "# The built-in rules",
        "",
        "Generated from `rules/` by `python -m evallint.docgen`; do not edit by hand.",
        f"The default pack is `{DEFAULT_PACK}` (财预〔2020〕10号 项目支出绩效自评表); the",
        "presets below extend it by parameters only. `evallint explain RULE` prints one",
        "rule with its expressions and examples.",
        "",
        f"## {DEFAULT_PACK}: {len(pack.rules)} rules",
        "",
        "| id | severity | 标题 | title |",
        "|---|---|---|---|",
    ]
    for rule in pack.rules:
        lines.append(
            f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {_cell(rule.title['zh'])} "
            f"| {_cell(rule.title.get('en', ''))} |"
        )
    for rule in pack.rules:
        lines += [
            "",
            f"### {rule.id}",
            "",
            f"**{rule.severity}** · {_cell(rule.title['zh'])} · {_cell(rule.title.get('en', ''))}",
            "",
        ]
        lines += [rule.description["zh"], "", rule.description.get("en", ""), ""]
        params = pack.params_for(rule)
        if params:
            shown = ", ".join(f"`{name}` = `{_value(value)}`" for name, value in params.items())
            lines.append(f"Parameters: {shown}")
            lines.append("")
        if rule.tags:
            lines.append("Tags: " + ", ".join(f"`{tag}`" for tag in rule.tags))
    presets = [name for name in builtin_pack_names() if name != DEFAULT_PACK]
    if presets:
        lines += ["", "## Presets", "", "| preset | parameters | what it is |", "|---|---|---|"]
        for name in presets:
            preset = load_rules(name)
            changed = {k: v for k, v in preset.params.items() if pack.params.get(k) != v}
            shown = ", ".join(f"`{k}` = `{_value(v)}`" for k, v in changed.items())
            lines.append(f"| `{name}` | {shown} | {_cell(_preset_description(name))} |")
    return "\n".join(lines).rstrip() + "\n"


def _preset_description(name: str) -> str:
    from evallint.ruleset import builtin_packs_dir
    from evallint.sources import parse_yaml

    path = builtin_packs_dir() / f"{name}.yaml"
    if not path.exists():
        return ""
    data = parse_yaml(path.read_text(encoding="utf-8")).data
    description = data.get("description") if isinstance(data, dict) else None
    if isinstance(description, dict):
        return str(description.get("zh", ""))
    return str(description or "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _value(value: object) -> str:
    """A parameter value as the YAML that sets it would write it."""
    from decimal import Decimal

    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    return str(value) if value is not None else "null"


PAGES = {"docs/functions.md": functions_markdown, "docs/rules.md": rules_markdown}


def main(argv: list[str] | None = None) -> int:
    """Write every generated page under the current directory (or the directory given)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    from evallint.dsl import cache
    from evallint.dsl.parser import build_parser

    print(f"wrote {build_parser()}")
    print(f"wrote {cache.build(builtin_checked_expressions())}")
    for name, render in PAGES.items():
        path = root / name
        path.write_text(render(), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
