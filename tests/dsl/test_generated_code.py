"""Safe by construction: what the code generator writes, for every built-in rule and for
hostile rule files.

Rules run as Python functions built from syntax trees (evallint/dsl/codegen.py,
rulecode.py). Whatever a rule file says, the tree may hold only control flow,
comparisons, calls by name and constants; every name is a local of the function
or an entry of evallint's runtime table or of the rule's constants; nothing is
reached through an attribute, imported, or run through builtins. A hostile file
is refused where it is written, or runs bounded and ends in a located rule error.
"""

from __future__ import annotations

import ast as py
import json
import re
from pathlib import Path
from typing import Any

import pytest

from evallint.dsl.codegen import Generated
from evallint.dsl.runtime import NAMESPACE
from evallint.read.data import normalise
from evallint.read.report import Report
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.rules.packs import builtin_pack_names
from evallint.run.check import check_report
from tests.paths import EXAMPLES

ALLOWED_NODES = (
    py.Module, py.FunctionDef, py.arguments, py.arg,
    py.Assign, py.AugAssign, py.Expr, py.Return, py.If, py.For, py.Break, py.Continue,
    py.Pass, py.Try, py.ExceptHandler,
    py.IfExp, py.BoolOp, py.UnaryOp, py.BinOp, py.Compare, py.Call, py.Name, py.Constant,
    py.List, py.Tuple,
    py.Load, py.Store, py.And, py.Or, py.Not, py.Add, py.Sub,
    py.Lt, py.LtE, py.Gt, py.GtE, py.Is, py.IsNot, py.NotIn,
)  # fmt: skip
"""Every node kind the generators write: no attribute, subscript, import, lambda, def
beyond the one function, no comprehension, no with/while/global."""

LOCALS = re.compile(
    r"t\d+|env|root|item|items|key|keys|found|passed|unknown|skipped|stage|error"
    r"|aside|absent|fail|errored|blocked|not_on_form|shaped"
)
"""The generated function's own names: its parameters, counters and temporaries."""

CONSTANT_NAME = re.compile(r"k\d+")
PLAIN_CONSTANTS = (str, int, bool, type(None), tuple)

MINIMAL = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))


def generated_of(ruleset: RuleSet) -> list[tuple[str, Generated]]:
    """Every function a run of ``ruleset`` uses: each rule's, each definition's."""
    made: list[tuple[str, Generated]] = []
    for step in ruleset.plan():
        made.append((step.rule.id, step.program()))
        for name, definition in step.names.items():
            if definition.kind == "function":
                continue  # put in where called: part of the rule's own tree
            table = ruleset.defs if ruleset.defs.get(name) is definition else step.names
            made.append((f"{step.rule.id}: {name}", definition.expression.function(table)))
    return made


def problems_in(generated: Generated) -> list[str]:
    """What in a generated function breaks the rules above (empty: nothing)."""
    assert generated.tree is not None, "a freshly generated function keeps its tree"
    found = []
    for node in py.walk(generated.tree):
        if not isinstance(node, ALLOWED_NODES):
            found.append(f"node {type(node).__name__}")
        if isinstance(node, py.Name):
            known = (
                node.id in NAMESPACE
                or LOCALS.fullmatch(node.id)
                or (CONSTANT_NAME.fullmatch(node.id) and node.id in generated.constants)
            )
            if not known:
                found.append(f"name {node.id}")
            if node.id.startswith("__"):
                found.append(f"dunder name {node.id}")
        if isinstance(node, py.Constant) and not isinstance(node.value, PLAIN_CONSTANTS):
            found.append(f"constant {node.value!r}")
    function_def = generated.tree.body[0]
    assert isinstance(function_def, py.FunctionDef)
    if any(
        isinstance(node, py.FunctionDef)
        for node in py.walk(function_def)
        if node is not function_def
    ):
        found.append("a nested function")
    if generated.function.__globals__.get("__builtins__") != {}:
        found.append("builtins reachable")
    return found


@pytest.mark.parametrize("pack", builtin_pack_names())
def test_every_built_in_rule_generates_only_allowed_code(
    pack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVALLINT_NO_CACHE", "1")  # generated here, with its tree
    ruleset = load_rules(pack)
    made = generated_of(ruleset)
    assert made
    bad = {where: problems for where, g in made if (problems := problems_in(g))}
    assert bad == {}


@pytest.mark.parametrize("pack", builtin_pack_names())
def test_code_kept_in_the_pack_cache_names_only_the_runtime_and_its_constants(
    pack: str,
) -> None:
    # what the cache gives back is code, not a tree: its global names say what it reaches
    # (an attribute or a builtin would be one of them)
    for where, generated in generated_of(load_rules(pack)):
        reached = set(generated.code.co_names)
        assert reached <= set(NAMESPACE) | set(generated.constants), where


def test_the_runtime_table_holds_only_evallints_own_functions_and_values() -> None:
    for name, value in NAMESPACE.items():
        assert not name.startswith("__"), name
        if name == "MISSING":
            continue  # a marker: object()
        module = getattr(value, "__module__", None) or ""
        harmless = (dict, type, Exception, dict.get, list.append)
        assert (
            module.startswith("evallint.")
            or value in harmless
            or isinstance(value, (str, int, type(None)))
            or type(value).__module__.startswith("evallint.")
        ), (name, value)


# --- hostile rule files ---------------------------------------------------------------------


def rule_file(tmp_path: Path, check: str, *, defs: str = "") -> Path:
    path = tmp_path / "hostile.yaml"
    text = (defs + "\n" if defs else "") + (
        "rules:\n"
        "  - id: hostile\n"
        "    severity: error\n"
        "    title: t\n"
        "    each: indicators\n"
        f"    check: {json.dumps(check)}\n"
        "    message: m\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


REFUSED = {
    "an import": '__import__("os").system("true")',
    "a dunder function": "__class__(score)",
    "a lambda": "(lambda: 1)()",
    "a catastrophic regex": 'matches(name, "(a+)+b")',
    "a huge literal text": '"' + "x" * 20_000 + '" == name',
    "10^5-deep nesting": "(" * 100_000 + "1" + ")" * 100_000 + " > 0",
    "10^5 operands": " + ".join(["score"] * 100_000) + " > 0",
}


@pytest.mark.parametrize("check", REFUSED.values(), ids=REFUSED.keys())
def test_a_hostile_expression_is_refused_where_it_is_written(tmp_path: Path, check: str) -> None:
    path = rule_file(tmp_path, check)
    ruleset = load_rules([str(path)], strict=False)
    assert not ruleset.rules
    assert ruleset.errors
    error = ruleset.errors[0]
    assert error.file is not None and error.file.endswith("hostile.yaml")
    assert error.line is not None and error.col is not None


def findings_of(ruleset: RuleSet, data: dict[str, Any]) -> list[Any]:
    return list(check_report(Report(normalise(data)), ruleset).findings)


BOUNDED = {
    # a key named like a Python attribute is a key of the report: read as data, never getattr
    "a dunder key": ('$.funds.__class__ != "x" or blank(__globals__)', None),
    "attribute access on a literal": ('"".__class__ == "x"', "eval-error"),
    "a huge literal number": ("score * " + "9" * 3_000 + " > 0", None),
    "nested loops over the rows": (
        "count($.indicators, count($.indicators, count($.indicators, filled(@)) > 0) > 0) > 0",
        "budget-exceeded",
    ),
}


@pytest.mark.parametrize(("check", "code"), BOUNDED.values(), ids=BOUNDED.keys())
def test_a_hostile_expression_that_loads_runs_bounded_and_is_located(
    tmp_path: Path, check: str, code: str | None
) -> None:
    ruleset = load_rules([str(rule_file(tmp_path, check))], strict=False)
    assert [rule.id for rule in ruleset.rules] == ["hostile"]
    assert all(not problems_in(g) for _, g in generated_of(ruleset))
    data = json.loads(json.dumps(MINIMAL))
    data["indicators"] = data["indicators"] * 40  # enough rows to reach the budget
    errors = [f for f in findings_of(ruleset, data) if f.rule == "rule-error"]
    if code is None:
        assert errors == []
        return
    assert errors, "the rule ends in a rule error"
    assert {f.values["code"] for f in errors} == {code}
    assert all(f.path.startswith("/indicators/") for f in errors)  # at the row it ran on


def test_functions_that_grow_exponentially_are_refused_at_the_rule_not_the_run(
    tmp_path: Path,
) -> None:
    # each function doubles its argument's text: 2^30 parts once put in
    defs = "defs:\n  f0(x): x + x\n" + "".join(
        f"  f{i}(x): f{i - 1}(x) + f{i - 1}(x)\n" for i in range(1, 30)
    )
    ruleset = load_rules([str(rule_file(tmp_path, "f29(score) > 0", defs=defs))], strict=False)
    findings = findings_of(ruleset, MINIMAL)
    errors = [f for f in findings if f.rule == "rule-error"]
    assert len(errors) == 1  # one per report, not one per row
    assert errors[0].values["code"] == "too-complex"
    assert "more than" in errors[0].message
