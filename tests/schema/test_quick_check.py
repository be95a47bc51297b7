"""The quick validity check agrees with jsonschema: valid exactly when jsonschema finds no error.

validate_report trusts a ``True`` from the quick check and skips jsonschema, so
a disagreement would let a broken report through (or waste time on a valid one).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evallint import pointer
from evallint.errors import ReportError
from evallint.read.yamldoc import parse_yaml
from evallint.schema.quick import compile_schema
from evallint.schema.report import inlined_schema, report_check
from evallint.schema.rules import rules_check
from tests.paths import ROOT, TESTS
from tests.schema.test_report_schema import load_seed, patched_seed, variant_params
from tools.formgen import generate_forms


def quick(data: Any) -> bool:
    check = report_check().quick
    assert check is not None, "the shipped report schema must compile"
    return check(data)


def jsonschema_valid(data: Any) -> bool:
    return next(iter(report_check().validator().iter_errors(data)), None) is None


@pytest.mark.parametrize("variant", variant_params("broken") + variant_params("accepted"))
def test_agrees_on_every_kept_variant(variant: dict[str, Any]) -> None:
    data = patched_seed(variant)
    assert quick(data) == jsonschema_valid(data)


def test_agrees_on_generated_forms() -> None:
    forms = list(generate_forms(300, seed=7))
    assert all(quick(form) for form in forms)
    assert all(jsonschema_valid(form) for form in forms)


# Values of every JSON type (and the odd Python ones a caller might pass).
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([Decimal("1.5"), Decimal("2"), Decimal("NaN"), Decimal("-0.0")]),
    st.sampled_from(["", "10", "　", "evallint.report/1", "evallint.report/2", "x"]),
    st.just([]),
    st.just({}),
    st.just([{"name": "x"}]),
    st.just({"a": {"current": 1}}),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _pointers(document: Any, prefix: str = "") -> list[str]:
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _pointers(value, f"{prefix}/{pointer.escape(key)}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _pointers(value, f"{prefix}/{index}")
    return found


SEED = load_seed()
SEED_POINTERS = _pointers(SEED)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    edits=st.lists(st.tuples(st.sampled_from(SEED_POINTERS), ODD_VALUES, st.booleans()), max_size=3)
)
def test_agrees_on_random_damage_to_the_seed(edits: list[tuple[str, Any, bool]]) -> None:
    """Put an odd value at (or delete) random places of the seed; both checks must agree."""
    data: Any = copy.deepcopy(SEED)
    for path, value, delete in edits:
        try:
            parent_path, last = path.rsplit("/", 1) if path else ("", "")
            parent = pointer.resolve(data, parent_path) if path else None
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        if not path:
            data = value
        elif isinstance(parent, dict):
            key = pointer.unescape(last)
            if delete:
                parent.pop(key, None)
            else:
                parent[key] = value
        elif isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
            if delete:
                del parent[int(last)]
            else:
                parent[int(last)] = value
    assert quick(data) == jsonschema_valid(data)


def test_a_schema_with_an_unknown_keyword_does_not_compile() -> None:
    assert compile_schema({"type": "object", "minProperties": 1}) is None
    assert compile_schema({"properties": {"a": {"$ref": "#/$defs/a"}}}) is None
    assert compile_schema({"then": {"type": "string"}}) is None


def test_the_shipped_schema_compiles() -> None:
    assert compile_schema(inlined_schema()) is not None


def test_keywords_mean_what_jsonschema_means() -> None:
    check = compile_schema(
        {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": ["integer", "null"]}, "b": {"const": "x"}},
            "additionalProperties": {"if": {"type": "object"}, "then": {"required": ["c"]}},
            "propertyNames": {"pattern": "^[a-z]$"},
        }
    )
    assert check is not None
    assert check({"a": 1})
    assert check({"a": Decimal("2.0")})  # a whole Decimal is an integer
    assert not check({"a": Decimal("2.5")})
    assert not check({"a": True})  # a bool is not an integer
    assert check({"a": None, "b": "x", "z": 3, "y": {"c": 1}})
    assert not check({"a": None, "y": {}})
    assert not check({"a": None, "b": "y"})
    assert not check({"a": None, "AB": 1})
    assert not check({})
    assert not check([])


def _rule_files() -> list[Any]:
    """Every malformed rule file we keep and every shipped pack file that is YAML at all."""
    paths = sorted((TESTS / "rules" / "errors").glob("*.rules.yaml"))
    paths += sorted((ROOT / "evallint" / "packs").rglob("*.yaml"))
    params = []
    for path in paths:
        try:
            data = parse_yaml(path.read_text("utf-8")).data
        except ReportError:
            continue  # not YAML: the schema is never asked
        params.append(pytest.param(data, id=path.name))
    return params


@pytest.mark.parametrize("data", _rule_files())
def test_agrees_with_jsonschema_on_rule_files(data: Any) -> None:
    check = rules_check().quick
    assert check is not None, "the shipped rules schema must compile"
    expected = next(iter(rules_check().validator().iter_errors(data)), None) is None
    assert check(data) == expected
