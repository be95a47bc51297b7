"""The benchmark scripts under bench/ still run: each answers --help (their figures are theirs)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.paths import ROOT

SCRIPTS = sorted((ROOT / "bench").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_the_benchmark_script_starts(script: object) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
