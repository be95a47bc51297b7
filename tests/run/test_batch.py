"""Batches: every input accounted for, in input order, the same in one process or several."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from evallint.rules.loader import load_rules
from evallint.run import batch
from evallint.run.batch import Settings, run_batch
from evallint.run.inputs import Missing
from tests.paths import EXAMPLES, SEED


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(load_rules(), "en")


def inputs(tmp_path: Path) -> list[str | Missing]:
    lines = [SEED.read_text("utf-8").replace("\n", " "), "{broken", "", "[1]"]
    batch_file = tmp_path / "forms.jsonl"
    batch_file.write_text("\n".join(lines * 30) + "\n", encoding="utf-8")
    return [str(SEED), str(batch_file), Missing("*.nothing", "no-match"), str(EXAMPLES / "x.json")]


def summary(results: list[Any]) -> list[tuple[str, int | None, str]]:
    return [
        (r.input, r.line, r.error.code if r.error else ",".join(f.rule for f in r.findings))
        for r in results
    ]


def test_two_processes_give_what_one_gives_in_the_same_order(
    tmp_path: Path, settings: Settings
) -> None:
    one = list(run_batch(inputs(tmp_path), settings, jobs=1))
    two = list(run_batch(inputs(tmp_path), settings, jobs=2, chunk_size=7))
    assert summary(two) == summary(one)
    # the seed, 90 report lines (60 of them unreadable), the pattern, the missing file
    assert len(one) == 1 + 90 + 1 + 1
    assert [r.line for r in one[1:91]] == [n for n in range(1, 121) if n % 4 != 3]


def test_worker_processes_that_die_before_checking_anything_stop_the_batch_with_an_error(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (a worker that dies on an input is that input's error: tests/run/test_hostile_batch.py)
    def dying(*args: Any) -> None:
        os._exit(3)

    monkeypatch.setattr(batch, "_serve", dying)
    with pytest.raises(RuntimeError, match=r"exit code 3"):
        list(run_batch(inputs(tmp_path), settings, jobs=2))
