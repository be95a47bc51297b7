"""The package keeps its shape: no import cycles, layers that only look down, modules of a size.

Imports are read from the source (``ast``), function-level ones included and
type-only ones (under ``TYPE_CHECKING``) left out, so what is checked is what
runs. The layers are those of ``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import ROOT

PACKAGE = ROOT / "evallint"

# The layers, lowest first: a module may import modules of its own layer or lower ones.
LAYERS = (
    ("_version", "_files", "limits", "messages", "errors", "pointer", "cache", "pycode"),
    ("results", "domain", "office"),
    ("read",),
    ("schema",),
    ("dsl",),
    ("rules",),
    ("run",),
    ("formatters", "testing", "api"),
    ("cli", "__init__", "__main__"),
)
LONG_MODULE = 500
"""Lines past which a module must say, at its top, why it is long."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> Iterator[str]:
    """The evallint modules ``path`` imports when it runs (not those only for type checkers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("evallint"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("evallint"):
            base = node.module or ""
            for alias in node.names:  # `from evallint.rules import cache` imports a module
                child = f"{base}.{alias.name}"
                yield child if child in MODULES else base
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module"):
            continue  # the command line's table of commands: checked by its own test


def graph() -> dict[str, set[str]]:
    edges = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target in imports_of(path):
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in MODULES and target != name:
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def layer_of(module: str) -> int:
    first = module.split(".")[1] if "." in module else "__init__"
    for number, names in enumerate(LAYERS):
        if first in names:
            return number
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def test_the_package_has_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_imports_only_its_own_layer_or_lower_ones() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_the_rule_language_knows_nothing_of_files_or_reports() -> None:
    """STYLE.md: nothing under dsl/ loads a report, reads an office file or runs rules."""
    forbidden = ("evallint.read.report", "evallint.office", "evallint.rules", "evallint.run")
    reaching = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        if module.startswith("evallint.dsl")
        for target in targets
        if target.startswith(forbidden)
    ]
    assert reaching == []


def test_no_module_reaches_into_another_modules_private_names() -> None:
    private = re.compile(r"^from evallint[\w.]* import .*\b_[a-z]", re.MULTILINE)
    assert [name for name, path in MODULES.items() if private.search(path.read_text("utf-8"))] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_long_module_says_why_it_is_long(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    if text.count("\n") <= LONG_MODULE:
        return
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert "Over 500 lines" in docstring, f"{name}: split it, or say at its top why it is long"


def test_every_command_module_of_the_command_line_exists() -> None:
    from evallint.cli.main import COMMANDS

    for command in COMMANDS.values():
        assert command.module in MODULES
        assert layer_of(command.module) == layer_of("evallint.cli")


def test_no_generated_binary_is_kept_in_the_package() -> None:
    kept = [p for p in PACKAGE.rglob("*") if p.suffix in (".lalr", ".cache", ".pickle", ".pyc")]
    assert [p for p in kept if "__pycache__" not in p.parts] == []
