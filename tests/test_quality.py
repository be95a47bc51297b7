"""House rules the code base keeps: lint and types clean, no binary floats, docs in step."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str | None:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    return found or shutil.which(name)


def test_the_package_never_calls_float() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "evallint").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"(?<![\w.])float\(", line)
    ]
    assert offenders == []


def test_ruff_is_clean() -> None:
    ruff = _tool("ruff")
    assert ruff is not None, "ruff is not installed: pip install -e '.[dev]'"
    result = subprocess.run(
        [ruff, "check", "evallint", "tests"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    mypy = _tool("mypy")
    assert mypy is not None, "mypy is not installed: pip install -e '.[dev]'"
    result = subprocess.run(
        [mypy, "--strict", "evallint"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_ci_script_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- test-command -->", 1)[1].split("```", 2)[1]
    command = block.split("\n", 1)[1].strip()
    assert command.endswith("python -m pytest")
    assert "test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_shows_what_evallint_says_about_the_seed() -> None:
    import io
    import os

    from evallint.cli.main import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("This is what a careful reviewer would say", 1)[1].split("```", 2)[1]
    shown = [line.split("] ", 1)[0] for line in block.strip().splitlines()[:-1]]
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        out = io.StringIO()
        main(["check", "--color", "never"], stdout=out)
    finally:
        os.chdir(old)
    actual = [line.split("] ", 1)[0] for line in out.getvalue().splitlines()[:-1]]
    assert shown == actual
