"""The shipped cache of the built-in packs' expressions: parsed, checked and optimised.

Loading the national pack compiles some 420 expressions; parsing, the static
checks against the report schema and the hoisting of item-free parts took
most of a one-form run's start-up. Their results depend only on the
expression's text, the schema of its current item and evallint's own code,
so ``python -m evallint.docgen`` computes them once and ships them in
``expressions.cache``. Each entry is used only while the code and schema it
was computed with are unchanged (a digest of both is stored beside them); an
expression not in the cache is compiled the slow way, with the same result.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from typing import TYPE_CHECKING, Any

from evallint._files import package_file
from evallint.dsl import ast

if TYPE_CHECKING:
    from evallint.dsl.resolve import Warning

CACHE_FILE = "expressions.cache"

Checked = tuple[tuple["Warning", ...], tuple[str, ...], ast.Node]
"""What the cache keeps beside the tree: warnings, paths read, the hoisted tree."""

# The code whose output the cache holds: a change in any of them voids it.
_INPUTS = (
    ("dsl", "grammar.lark"),
    ("dsl", "ast.py"),
    ("dsl", "build.py"),
    ("dsl", "parser.py"),
    ("dsl", "resolve.py"),
    ("dsl", "optimize.py"),
    ("dsl", "functions.py"),
    ("schemas", "report.schema.json"),
)


@functools.cache
def code_digest() -> str:
    """A digest of the grammar, the schema and the code that parse, check and hoist."""
    digest = hashlib.sha256()
    for folder, name in _INPUTS:
        digest.update(package_file(folder, name).read_bytes())
    return digest.hexdigest()


_SCHEMA_KEYS: dict[int, tuple[Any, str]] = {}


def schema_key(schema: Any) -> str:
    """A stable text naming ``schema`` (the item schema an expression was checked with)."""
    if schema is None:
        return ""
    known = _SCHEMA_KEYS.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    key = json.dumps(schema, sort_keys=True, ensure_ascii=False, default=str)
    _SCHEMA_KEYS[id(schema)] = (schema, key)  # holding the schema keeps its id unique
    return key


@functools.cache
def _record() -> dict[str, Any]:
    try:
        data = package_file("dsl", CACHE_FILE).read_bytes()
        record = pickle.loads(data)  # our own file, written by build(): runs no foreign code
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
        return {}
    return record if isinstance(record, dict) else {}


def cached_trees(grammar_digest: str) -> dict[str, ast.Node]:
    """Syntax trees by source text, if they were parsed with this grammar."""
    record = _record()
    trees = record.get("trees")
    if record.get("grammar") != grammar_digest or not isinstance(trees, dict):
        return {}
    return trees


@functools.cache
def _checked() -> dict[tuple[str, str], Checked]:
    record = _record()
    checked = record.get("checked")
    if record.get("code") != code_digest() or not isinstance(checked, dict):
        return {}
    return checked


def cached_check(source: str, item_schema: Any) -> Checked | None:
    """The checked and hoisted form of ``source`` under ``item_schema``, if cached."""
    return _checked().get((source, schema_key(item_schema)))


def build(expressions: list[tuple[str, Any]], folder: str | None = None) -> str:
    """Write the cache for ``(source, item_schema)`` pairs (``python -m evallint.docgen``)."""
    from pathlib import Path

    from evallint.dsl.optimize import hoist
    from evallint.dsl.parser import _grammar, _grammar_digest, parse
    from evallint.dsl.resolve import check, read_paths

    trees: dict[str, ast.Node] = {}
    checked: dict[tuple[str, str], Checked] = {}
    for source, item_schema in sorted(expressions, key=lambda pair: (pair[0], schema_key(pair[1]))):
        tree = trees.get(source) or parse(source, cached=False)
        trees[source] = tree
        warnings = tuple(check(tree, source, item_schema=item_schema))
        paths = read_paths(tree, item_schema=item_schema)
        checked[(source, schema_key(item_schema))] = (warnings, paths, hoist(tree))
    record = {
        "grammar": _grammar_digest(_grammar()),
        "trees": trees,
        "code": code_digest(),
        "checked": checked,
    }
    target = Path(folder) if folder else package_file("dsl")
    path = target / CACHE_FILE
    path.write_bytes(pickle.dumps(record, protocol=4))
    _record.cache_clear()
    _checked.cache_clear()
    return str(path)
