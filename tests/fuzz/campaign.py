"""The categories of the campaign: for each kind of input, its strategy, how it is put on disk,
its check, its time budget, and its share of a large run (bench/fuzz.py).

The CI tests (``tests/fuzz/test_*.py``) and the bench draw from the same table, so what the
bench finds at 10⁵ inputs the tests look for on every run.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.fuzz import properties
from tests.fuzz.strategies import values
from tests.fuzz.strategies.batches import BatchCase, batch_cases
from tests.fuzz.strategies.expressions import ExpressionCase, expression_cases
from tests.fuzz.strategies.files import write
from tests.fuzz.strategies.office import OfficeCase, office_cases
from tests.fuzz.strategies.raw import RawCase, raw_cases
from tests.fuzz.strategies.reports import ReportCase, report_cases
from tests.fuzz.strategies.rulefiles import RuleFileCase, rule_file_cases
from tests.fuzz.strategies.writing import to_json

HANG_SECONDS = 2.0
"""CPU time one input may take before it counts as a hang (issue 16: > 2 s per input)."""


def one_budget(case: Any) -> float:
    """The time budget of one input."""
    return HANG_SECONDS


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of input."""

    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    check: Callable[[Any, Path], None]
    prepare: Callable[[Any, Path], None]
    """Put the input on disk under a folder, before the check is timed."""
    share: int
    """Inputs of this kind in every 1,000 of a large run (cheap kinds get more)."""
    seconds: Callable[[Any], float] = one_budget
    """The CPU time the input may take: a batch gets the budget of each of its inputs."""
    save: Callable[[Any, Path], None] | None = None
    """Write the input as files a person can open (a reproducer); ``prepare`` if not set."""

    def reproduce(self, case: Any, folder: Path) -> None:
        """Write ``case`` under ``folder``: as files to open, and pickled for ``--replay``."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "case.pickle").write_bytes(pickle.dumps((self.name, case)))
        (folder / "case.txt").write_text(
            repr(case).encode("utf-8", "backslashreplace").decode("utf-8") + "\n", "utf-8"
        )
        (self.save or self.prepare)(case, folder)


def cell_cases() -> st.SearchStrategy[tuple[Any, Any, Any]]:
    """A cell's value, and the row's 指标性质 and 度量单位 columns (mostly absent)."""
    side = st.one_of(st.none(), st.none(), values.cell_values())
    return st.tuples(values.cell_values(), side, side)


def _nothing(case: Any, folder: Path) -> None:
    return None


def _save_cell(case: tuple[Any, Any, Any], folder: Path) -> None:
    value = case[0]
    if isinstance(value, str):
        (folder / "cell.txt").write_bytes(value.encode("utf-8", "surrogatepass"))


def _save_expression(case: ExpressionCase, folder: Path) -> None:
    (folder / "expression.txt").write_bytes(case.source.encode("utf-8", "surrogatepass"))
    text = to_json(case.report, ascii_only=True)
    (folder / "report.json").write_text(text, encoding="utf-8")


def _save_report(case: ReportCase, folder: Path) -> None:
    suffix = ".yaml" if case.syntax == "yaml" else ".json"
    (folder / ("report" + suffix)).write_bytes(case.raw())


def _save_raw(case: RawCase, folder: Path) -> None:
    (folder / ("report" + case.suffix)).write_bytes(case.raw)


def _rule_files(case: RuleFileCase, folder: Path) -> None:
    for name, content in case.files().items():
        write(folder, name, content)


def _office_file(case: OfficeCase, folder: Path) -> None:
    (folder / ("form" + case.suffix)).write_bytes(case.build())


def _batch_files(case: BatchCase, folder: Path) -> None:
    inputs = folder / "in"
    inputs.mkdir()
    for name, content in case.entries:
        write(inputs, name, content)
    (folder / "deep.json").write_bytes(b"[" * 100_000)
    (folder / "broken.yaml").write_bytes(b"rules: [\n  - id: x\n    check: (\n")


def _batch_seconds(case: BatchCase) -> float:
    # the command line's own start (a second or so of CPU) and each input's budget
    return HANG_SECONDS * (1 + len(case.entries) + (case.stdin is not None))


CATEGORIES: dict[str, Category] = {
    category.name: category
    for category in (
        Category("cells", cell_cases, properties.check_cell, _nothing, 300, save=_save_cell),
        Category(
            "expressions",
            expression_cases,
            properties.check_expression,
            _nothing,
            250,
            save=_save_expression,
        ),
        Category(
            "reports",
            report_cases,
            properties.check_report_case,
            _nothing,
            200,
            save=_save_report,
        ),
        Category("raw", raw_cases, properties.check_raw, _nothing, 170, save=_save_raw),
        Category("rulefiles", rule_file_cases, properties.check_rule_file, _rule_files, 50),
        Category("office", office_cases, properties.check_office, _office_file, 25),
        Category("batches", batch_cases, properties.check_batch, _batch_files, 5, _batch_seconds),
    )
}
"""Every kind of input, by name."""
