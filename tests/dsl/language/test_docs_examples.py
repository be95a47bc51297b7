"""Every example table in docs/language.md runs, against the bundled seed report."""

from __future__ import annotations

import re
from typing import Any

import pytest

from evallint.dsl.expression import compile_expr
from evallint.read.report import load_report
from tests.paths import ROOT

DOC = ROOT / "docs" / "language.md"
SEED = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.json"
_ROW = re.compile(r"^\| `(?P<expr>.+)` \| `(?P<result>.+)` \|$")


def doc_examples() -> list[tuple[str, str]]:
    examples: list[tuple[str, str]] = []
    in_table = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| expression | result |"):
            in_table = True
            continue
        if in_table and not line.startswith("|"):
            in_table = False
        if in_table:
            match = _ROW.match(line)
            if match:
                examples.append((match["expr"], match["result"]))
    return examples


EXAMPLES = doc_examples()


def test_the_reference_has_many_examples() -> None:
    assert len(EXAMPLES) >= 120


def same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    return type(actual) is type(expected) and actual == expected


@pytest.mark.parametrize(("expression", "result"), EXAMPLES, ids=[e for e, _ in EXAMPLES])
def test_doc_example(expression: str, result: str) -> None:
    report = load_report(SEED).data
    expected = compile_expr(result).evaluate({})
    actual = compile_expr(expression).evaluate(report)
    assert same(actual, expected), f"{expression} gave {actual!r}, the docs say {result}"
