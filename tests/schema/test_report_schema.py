"""validate_report: the seed passes, every broken variant gives exactly its findings."""

from __future__ import annotations

import contextlib
import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from evallint import pointer
from evallint.results import Finding, Severity
from evallint.schema.report import RULES, validate_report
from tests.paths import ROOT, TESTS

SEED_PATH = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.json"
VARIANTS = yaml.safe_load((TESTS / "schema" / "broken_reports.yaml").read_text("utf-8"))
VARIANT_KEYS = {"name", "delete", "set", "expect", "zh", "en"}


def load_seed() -> Any:
    with SEED_PATH.open(encoding="utf-8") as stream:
        return json.load(stream, parse_float=Decimal, parse_int=Decimal)


def as_loaded(value: Any) -> Any:
    """YAML data as the report loader gives it: every number a Decimal."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {str(k): as_loaded(v) for k, v in value.items()}
    return [as_loaded(v) for v in value]


def put(document: Any, path: str, value: Any) -> Any:
    """``document`` with ``value`` at ``path`` (set a key, replace an item, or the whole)."""
    if path == "":
        return value
    *parents, last = pointer.split(path)
    parent = pointer.resolve(document, pointer.build(parents))
    parent[int(last) if isinstance(parent, list) else last] = value
    return document


def remove(document: Any, path: str) -> None:
    *parents, last = pointer.split(path)
    parent = pointer.resolve(document, pointer.build(parents))
    del parent[int(last) if isinstance(parent, list) else last]


def patched_seed(variant: dict[str, Any]) -> Any:
    unknown = set(variant) - VARIANT_KEYS
    assert not unknown, f"{variant['name']}: unknown keys {sorted(unknown)}"
    report = load_seed()
    for path in variant.get("delete", []):
        remove(report, path)
    for path, value in variant.get("set", {}).items():
        report = put(report, path, as_loaded(value))
    return report


def variant_params(section: str) -> list[Any]:
    return [pytest.param(v, id=v["name"]) for v in VARIANTS[section]]


def test_seed_report_is_valid() -> None:
    assert validate_report(load_seed()) == []
    assert validate_report(load_seed(), lang="en") == []


def test_there_are_at_least_30_broken_variants_with_unique_names() -> None:
    names = [v["name"] for v in VARIANTS["broken"] + VARIANTS["accepted"]]
    assert len(VARIANTS["broken"]) >= 30
    assert len(names) == len(set(names))


@pytest.mark.parametrize("variant", variant_params("broken"))
def test_broken_variant_gives_exactly_its_findings(variant: dict[str, Any]) -> None:
    findings = validate_report(patched_seed(variant))
    got = {(f.rule, f.path) for f in findings}
    assert got == {(e["rule"], e["path"]) for e in variant["expect"]}
    assert len(findings) == len(got)  # one finding per place, no duplicates
    assert all(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize("variant", variant_params("broken"))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_name_the_field_and_value_without_python_reprs(
    variant: dict[str, Any], lang: str
) -> None:
    findings = validate_report(patched_seed(variant), lang=lang)  # type: ignore[arg-type]
    text = "\n".join(f.message for f in findings)
    for expected in variant.get(lang, []):
        assert expected in text
    for repr_mark in ("Decimal(", "'", "None", "True", "False", "is not of type", "\\u"):
        assert repr_mark not in text
    if lang == "en":  # English messages say nothing in Chinese punctuation
        assert "（" not in text and "，" not in text


@pytest.mark.parametrize("variant", variant_params("accepted"))
def test_accepted_variant_gives_no_findings(variant: dict[str, Any]) -> None:
    assert variant.get("expect", []) == []
    assert validate_report(patched_seed(variant)) == []


def test_values_hold_the_offending_value_and_what_was_expected() -> None:
    report = load_seed()
    report["year"] = "2022"
    report["indicators"][4]["score"] = {"a": Decimal("1")}
    report["format"] = "other"
    by_path = {f.path: f for f in validate_report(report)}
    assert by_path["/year"].values == {"value": "2022", "expected": ["integer"]}
    assert by_path["/indicators/4/score"].values == {
        "value": {"a": Decimal("1")},
        "expected": ["number", "string", "null"],
    }
    assert by_path["/format"].values == {
        "value": "other",
        "expected": ["evallint.report/1.1", "evallint.report/1"],
    }
    assert by_path["/year"].to_dict()["values"] == {"value": "2022", "expected": ["integer"]}


def test_required_finding_names_the_missing_key() -> None:
    report = load_seed()
    del report["funds"]["total"]
    (finding,) = validate_report(report, lang="en")
    assert finding.path == "/funds/total"
    assert finding.values == {"key": "total"}


def test_findings_come_in_stable_order() -> None:
    report = load_seed()
    for row in report["indicators"]:
        row["score"] = True
    report["year"] = "x"
    del report["project"]
    findings = validate_report(report)
    assert findings == sorted(findings, key=Finding.sort_key)
    # in the order of the form: year and project come before the indicator rows
    assert [f.path for f in findings[:4]] == [
        "/year",
        "/project",
        "/indicators/0/score",
        "/indicators/1/score",
    ]
    assert findings[12].path == "/indicators/10/score"  # indexes sort as numbers


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        validate_report(load_seed(), lang="fr")  # type: ignore[arg-type]


def test_a_binary_float_is_not_a_number() -> None:
    # Money must arrive exact; a float means the caller skipped the loader.
    report = load_seed()
    report["funds"]["score"] = 9.4
    (finding,) = validate_report(report, lang="en")
    assert (finding.rule, finding.path) == ("schema-type", "/funds/score")
    assert "binary float 9.4" in finding.message


@pytest.mark.parametrize(
    "year", ["sNaN", "NaN", "Infinity", "-Infinity", "1E-999999", "2022.0000001"]
)
def test_odd_decimals_are_not_whole_years(year: str) -> None:
    report = load_seed()
    report["year"] = Decimal(year)
    assert [(f.rule, f.path) for f in validate_report(report)] == [("schema-type", "/year")]


def test_odd_python_values_are_named_by_type_never_by_repr() -> None:
    report = load_seed()
    report["indicators"][0]["score"] = (1, 2)
    report["indicators"][1]["score"] = {1, 2}
    report["indicators"][2]["score"] = [10**5000]  # str() of this int raises in Python 3.11
    findings = validate_report(report, lang="en")
    assert [f.path for f in findings] == [f"/indicators/{i}/score" for i in range(3)]
    assert "an unsupported value (tuple)" in findings[0].message
    assert "an unsupported value (set)" in findings[1].message
    assert "got a list [1.000E+5000]" in findings[2].message


def test_deep_nesting_and_huge_lists_do_not_break_validation() -> None:
    deep: Any = "x"
    for level in range(200):
        deep = [deep] if level % 2 else {"k": deep}
    report = load_seed()
    report["indicators"][0]["score"] = deep
    report["remark"] = deep
    (finding,) = validate_report(report)
    assert finding.path == "/indicators/0/score"
    assert len(finding.message) < 200
    assert validate_report(deep)[0].path == ""

    report = load_seed()
    report["indicators"] = ["row"] * 20_000
    report["funds"]["rate"] = list(range(1_000_000))
    findings = validate_report(report)
    assert len(findings) == 20_001
    rate = next(f for f in findings if f.path == "/funds/rate")
    assert "[0, 1, 2" in rate.message and rate.message.endswith("…")


def test_the_shipped_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(_shipped_schema())


def test_every_property_has_a_form_label_and_a_description() -> None:
    for path, node in _schema_properties(_shipped_schema(), ""):
        assert node.get("title"), path
        assert node.get("description"), path


def test_every_keyword_the_schema_checks_has_its_own_rule() -> None:
    checking = {
        "type",
        "required",
        "const",
        "enum",
        "pattern",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "format",
        "multipleOf",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "dependentRequired",
    }
    used = {key for node in _schema_nodes(_shipped_schema()) for key in node if key in checking}
    assert used == {"type", "required", "enum", "pattern"}
    # `format`'s enum (its versions) is worded as a const: schema-const
    assert {f"schema-{'const' if k == 'enum' else k}" for k in used} <= set(RULES)


def test_a_keyword_without_its_own_message_still_becomes_a_finding() -> None:
    from evallint.schema.report import findings_for

    error = ValidationError(
        "no", validator="minimum", validator_value=0, instance=Decimal("-1"), path=["year"]
    )
    (finding,) = findings_for(error, {"year": Decimal("-1")}, "zh")
    assert (finding.rule, finding.path) == ("schema-invalid", "/year")
    assert "年度（year）" in finding.message and "-1" in finding.message


def test_importing_the_module_does_not_import_jsonschema() -> None:
    code = "import sys, evallint.schema.report; print('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_validator_uses_the_schema_with_references_inlined() -> None:
    from evallint.schema.report import inlined_schema

    inlined = inlined_schema()
    assert "$ref" not in json.dumps(inlined, ensure_ascii=False)
    row = inlined["properties"]["indicators"]["items"]["properties"]
    assert row["score"]["title"] == "得分"  # the referring title wins
    assert row["score"]["type"] == ["number", "string", "null"]
    Draft202012Validator.check_schema(inlined)


def test_the_validator_is_built_once() -> None:
    from evallint.schema.report import report_check

    assert report_check() is report_check()
    assert report_check().validator() is report_check().validator()


DOC = ROOT / "docs" / "report-format.md"


def test_the_documented_minimal_report_is_valid() -> None:
    text = DOC.read_text("utf-8")
    block = text.split("## A minimal report", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    report = json.loads(block, parse_float=Decimal, parse_int=Decimal)
    assert validate_report(report) == []


def test_every_rule_is_documented_with_messages_the_code_gives() -> None:
    rows = [line for line in DOC.read_text("utf-8").splitlines() if line.startswith("| `schema-")]
    documented = {row.split("`")[1]: row.rstrip(" |").rsplit("| ", 1)[1] for row in rows}
    assert set(documented) == set(RULES)
    given_messages = {
        f.message
        for variant in VARIANTS["broken"]
        for lang in ("zh", "en")
        for f in validate_report(patched_seed(variant), lang=lang)
    }
    for rule, examples in documented.items():
        if rule == "schema-invalid":
            continue  # no variant can reach it; see the findings_for test
        for example in examples.split("<br>"):
            assert example in given_messages, (rule, example)


# --- never raises ------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.decimals() | st.integers() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=25,
)


def _all_pointers(document: Any, path: str = "") -> Iterator[str]:
    yield path
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _all_pointers(value, pointer.join(path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _all_pointers(value, pointer.join(path, index))


PLACES = [*_all_pointers(load_seed()), "/funds/special", "/source", "/indicators/0/nature"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(PLACES), json_values), min_size=1, max_size=4),
    st.sampled_from(["zh", "en"]),
)
def test_any_value_anywhere_gives_findings_never_an_exception(
    patches: list[tuple[str, Any]], lang: str
) -> None:
    report = load_seed()
    for path, value in patches:
        # An earlier patch may have replaced the parent; then the place no longer exists.
        with contextlib.suppress(KeyError, TypeError, IndexError, ValueError):
            report = put(report, path, copy.deepcopy(value))
    findings = validate_report(report, lang=lang)  # type: ignore[arg-type]
    assert isinstance(findings, list)
    assert findings == sorted(findings, key=Finding.sort_key)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.rule in RULES
        assert finding.message and "Decimal(" not in finding.message
        pointer.split(finding.path)  # a well-formed pointer
        json.dumps(finding.to_dict(), ensure_ascii=False)


# --- helpers over the shipped schema ------------------------------------------------------


def _shipped_schema() -> dict[str, Any]:
    text = (resources.files("evallint") / "schema" / "report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _schema_nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every subschema of ``node`` (not the property names, which are data)."""
    if not isinstance(node, dict):
        return
    yield node
    for key in ("properties", "$defs"):
        for child in node.get(key, {}).values():
            yield from _schema_nodes(child)
    for key in ("items", "additionalProperties", "propertyNames", "if", "then", "else"):
        yield from _schema_nodes(node.get(key))


def _schema_properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return
    for name, child in node.get("properties", {}).items():
        yield f"{where}.{name}", child
        yield from _schema_properties(child, f"{where}.{name}")
    for key in ("$defs", "additionalProperties", "items", "then"):
        sub = node.get(key)
        if key == "$defs":
            for name, child in sub.items() if isinstance(sub, dict) else ():
                yield from _schema_properties(child, f"$defs.{name}")
        else:
            yield from _schema_properties(sub, f"{where}.{key}")
