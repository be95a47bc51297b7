"""The pytest plugin runs rule examples as test items."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.paths import DEMO_PACK, WRONG_PACK


def run_pytest(folder: Path, *packs: str) -> subprocess.CompletedProcess[str]:
    options = [arg for pack in packs for arg in ("--evallint-rules", pack)]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *options],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_example_of_a_pack_is_a_passing_test(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, str(DEMO_PACK))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("11 passed")


def test_a_wrong_example_fails_with_the_explanation(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, str(WRONG_PACK))
    assert result.returncode == 1
    assert "must give findings at /indicators/0/score, got /indicators/1/score" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("2 failed, 1 passed")
