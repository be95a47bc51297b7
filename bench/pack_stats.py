"""How readable a rule pack's expressions are: their number, their length, their repeats.

Prints, for a pack (default: the built-in national-2020):

  * how many expressions it holds (each ``each``/``when``/``check``/``expected``,
    ``severity_by`` condition, ``defs`` and ``let`` entry, and each ``{…}``
    placeholder of a message or path template);
  * per rule, the characters of expressions it carries (its own and its
    ``let``): median and longest, and how many rules carry more than 1,000;
  * the longest single expression, and how many are longer than 300 characters
    [target: none];
  * sub-expressions longer than 80 characters written more than once
    [target: none] — a repeat is a name the pack is missing.

    python bench/pack_stats.py [PACK_FOLDER_OR_FILE ...] [--top 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from evallint.dsl import ast  # noqa: E402
from evallint.dsl.parser import parse  # noqa: E402
from evallint.dsl.unparse import unparse  # noqa: E402
from evallint.rules.templates import split_template  # noqa: E402

PACK = ROOT / "evallint" / "packs" / "national-2020"
LONG = 300
REPEAT = 80


def expressions_of(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) for every expression of one rule entry."""
    found: list[tuple[str, str]] = []
    for key in ("each", "cells", "when", "check", "expected"):
        if isinstance(entry.get(key), str):
            found.append((key, entry[key]))
    for index, option in enumerate(entry.get("severity_by") or []):
        if isinstance(option, dict) and isinstance(option.get("when"), str):
            found.append((f"severity_by[{index}]", option["when"]))
    for name, text in (entry.get("let") or {}).items():
        found.append((f"let.{name}", str(text)))
    templates = []
    if isinstance(entry.get("path"), str) and "{" in entry["path"]:
        templates.append(("path", entry["path"]))
    message = entry.get("message")
    if isinstance(message, str):
        templates.append(("message", message))
    elif isinstance(message, dict):
        templates += [(f"message.{lang}", str(text)) for lang, text in message.items()]
    for where, template in templates:
        for part in split_template(template):
            if not isinstance(part, str):
                found.append((where, part[1]))
    return found


def read_pack(
    targets: list[Path],
) -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, str]]]:
    """The expressions of each rule, and those of the pack's ``defs``."""
    rules: dict[str, list[tuple[str, str]]] = {}
    defs: list[tuple[str, str]] = []
    files = [f for t in targets for f in (sorted(t.rglob("*.yaml")) if t.is_dir() else [t])]
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, text in (data.get("defs") or {}).items():
            defs.append((f"defs.{name}", str(text)))
        for entry in data.get("rules") or []:
            rules[entry["id"]] = expressions_of(entry)
    return rules, defs


def repeated(texts: list[str]) -> Counter[str]:
    """Sub-expressions longer than REPEAT characters, by how many times they are written."""
    seen: Counter[str] = Counter()
    for text in texts:
        tree = parse(text)
        stack = [tree]
        while stack:
            node = stack.pop()
            start, end = ast.span_of(node)
            if end - start > REPEAT:
                seen[unparse(node)] += 1
            stack.extend(ast.children(node))
    return Counter({text: count for text, count in seen.items() if count > 1})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packs", nargs="*", type=Path, default=[PACK])
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    rules, defs = read_pack(args.packs)
    every = [text for exprs in rules.values() for _, text in exprs] + [t for _, t in defs]
    per_rule = {rule: sum(len(text) for _, text in exprs) for rule, exprs in rules.items()}
    longest_where, longest = max(
        ((f"{rule} {where}", text) for rule, exprs in rules.items() for where, text in exprs),
        key=lambda pair: len(pair[1]),
    )
    repeats = repeated(every)
    print(f"rules: {len(rules)}; expressions: {len(every)} ({len(defs)} of them defs)")
    print(
        f"characters of expressions per rule: median {statistics.median(per_rule.values()):.0f}, "
        f"longest {max(per_rule.values())} ({max(per_rule, key=per_rule.__getitem__)}), "
        f"{sum(1 for n in per_rule.values() if n > 1000)} rules over 1,000"
    )
    print(f"longest expression: {len(longest)} characters ({longest_where})")
    print(
        f"expressions over {LONG} characters: {sum(1 for t in every if len(t) > LONG)}"
        f" [target 0]; over 500: {sum(1 for t in every if len(t) > 500)}"
    )
    print(
        f"sub-expressions over {REPEAT} characters written more than once: "
        f"{len(repeats)} [target 0]"
    )
    for text, count in repeats.most_common(args.top):
        print(f"  {count}x  {text[:110]}{'…' if len(text) > 110 else ''}")


if __name__ == "__main__":
    main()
