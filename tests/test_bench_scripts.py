"""The benchmark scripts under bench/ and bench/reference/ still run: each answers --help.

Only --help, to stay fast: their figures are theirs (bench/speed.py --quick is the smoke run).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.paths import ROOT

SCRIPTS = sorted((ROOT / "bench").glob("*.py")) + sorted(
    (ROOT / "bench" / "reference").glob("*.py")
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(ROOT / "bench")))
def test_the_benchmark_script_starts(script: object) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
