"""A pytest plugin: ``pytest --evallint-rules PATH`` runs every rule example as a test.

Installed with evallint (entry point ``pytest11``), so a rule-pack repository
needs no code at all: ``pytest --evallint-rules rules/``. Each example becomes
one test item named ``<rule>::<pass|fail>::<example>``; a failing example shows
which findings were expected and which came.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from evallint.testing import ExampleCase, example_cases, run_example


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--evallint-rules",
        action="append",
        default=[],
        metavar="PATH",
        help="run the examples of these evallint rule files, folders or packs as tests",
    )


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    paths = config.getoption("--evallint-rules")
    if not paths:
        return
    items.extend(_items(session, paths))


def _items(session: pytest.Session, paths: list[str]) -> Iterator[pytest.Item]:
    for case in example_cases(paths):
        yield RuleExampleItem.from_parent(session, name=str(case), case=case)


class RuleExampleItem(pytest.Item):
    """One rule example, run as a test."""

    def __init__(self, *, case: ExampleCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        result = run_example(self.case)
        if not result.ok:
            raise RuleExampleError(result.explain())

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, RuleExampleError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return self.case.rule.file or "", self.case.rule.line, str(self.case)


class RuleExampleError(AssertionError):
    """A rule example did not give the findings it should."""
