"""The public API as an embedder meets it: every name there, and what tripped new users up."""

from __future__ import annotations

import ast
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import evallint
from evallint import (
    ExpressionError,
    ReportError,
    Severity,
    compile_expr,
    lint,
    load_report,
)
from tests.paths import ROOT, SEED


def test_every_public_name_resolves_to_what_its_module_defines() -> None:
    import importlib

    for name in evallint.__all__:
        value = getattr(evallint, name)
        if name != "__version__":
            assert value is getattr(importlib.import_module(evallint._API[name]), name)


def test_the_names_type_checkers_see_are_the_names_the_package_hands_out() -> None:
    tree = ast.parse((ROOT / "evallint" / "__init__.py").read_text(encoding="utf-8"))
    seen = {
        alias.asname or alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module != "evallint._version"
        for alias in node.names
        if node.module and node.module.startswith("evallint")
    }
    assert seen == evallint._API


def test_importing_evallint_loads_neither_the_rules_nor_the_rule_language() -> None:
    code = "import sys, evallint; print(sorted(m for m in sys.modules if m.startswith('evallint')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['evallint', 'evallint._version']"


# --- what a review tried as a new embedder stumbled on ---------------------------------


def test_an_expression_evaluates_on_a_report_from_load_report() -> None:
    report = load_report(SEED)
    expression = compile_expr("funds.total.executed / funds.total.adjusted")
    assert round(expression.evaluate(report), 4) == Decimal("0.9411")
    assert expression.evaluate(report.data) == expression.evaluate(report)
    row = report.data["indicators"][0]
    assert compile_expr("score <= weight").evaluate(report, item=row) is True
    assert (
        compile_expr("score <= weight").evaluate(report, item={"score": "12", "weight": 10})
        is False
    )


def test_an_expression_refuses_what_is_not_a_report_and_says_what_to_pass() -> None:
    with pytest.raises(TypeError, match=r"takes a Report .* or the report's data as a dict"):
        compile_expr("funds.rate").evaluate("funds.json")  # type: ignore[arg-type]


def test_severities_compare_by_seriousness() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]
    assert max(Severity.WARNING, Severity.ERROR) is Severity.ERROR
    assert Severity.ERROR >= "warning"
    with pytest.raises(TypeError):
        assert Severity.ERROR < "fatal"


@pytest.mark.parametrize("name", ["form.jsn", "missing.xls", "forms/2022/report.json", "报告.docx"])
def test_a_string_that_looks_like_a_file_name_and_names_no_file_is_not_found(name: str) -> None:
    with pytest.raises(ReportError) as caught:
        load_report(name)
    assert caught.value.code == "report-not-found"
    assert caught.value.file == name


def test_an_existing_file_of_another_kind_is_unsupported(tmp_path: Path) -> None:
    form = tmp_path / "form.pdf"
    form.write_bytes(b"%PDF-1.7")
    with pytest.raises(ReportError) as caught:
        load_report(str(form))
    assert caught.value.code == "report-unsupported"


def test_an_old_excel_file_says_to_save_it_as_xlsx(tmp_path: Path) -> None:
    form = tmp_path / "form.xls"
    form.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReportError) as caught:
        load_report(str(form))
    assert caught.value.code == "report-old-office"


def test_report_text_is_still_read_as_text() -> None:
    assert load_report("format: evallint.report/1").data == {"format": "evallint.report/1"}
    assert load_report('{"year": 2022}').data == {"year": Decimal(2022)}
    with pytest.raises(ReportError) as caught:
        load_report('{"format": "evallint.report/1"')
    assert caught.value.code == "report-json"


@pytest.mark.parametrize(
    ("source", "misspelt", "meant"),
    [
        ("scroe <= weight", "scroe", "score"),  # a field of the rows, named without an item
        ("funds.weigth > 0", "weigth", "weight"),  # a field of the report's funds block
        ("indicators[scroe > 1]", "scroe", "score"),
        ("proejct == 'x'", "proejct", "project"),
    ],
)
def test_a_misspelt_field_is_refused_when_the_expression_is_compiled(
    source: str, misspelt: str, meant: str
) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expr(source)
    error = caught.value
    assert error.code == "unknown-field"
    assert f'did you mean "{meant}"' in error.message
    assert source[error.start : error.end] == misspelt


def test_a_field_unknown_to_the_format_is_only_a_warning() -> None:
    expression = compile_expr("x_remark == 'ok'")  # forms may carry keys of their own
    assert [warning.code for warning in expression.warnings] == ["unknown-field"]


def test_finding_values_are_keyed_by_the_operands_names() -> None:
    findings = {finding.rule: finding for finding in lint(SEED)}
    cost = findings["cost-indicator-missing"]
    assert cost.values == {
        "year": Decimal(2022),
        "params.cost_indicator_from_year": Decimal(2022),
    }
    narrative = findings["narrative-funds-mismatch"]
    # named by the pack's definitions where the rule uses one (budget, spent)
    assert set(narrative.values) == {"heading", "funds.total.initial", "budget", "spent"}
    every_key = [key for finding in findings.values() for key in finding.values]
    assert all(" " not in key and "(" not in key for key in every_key)
