"""docs/rules-authoring.md runs as written: its files are created, its commands give its output."""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from evallint.cli.main import main
from tests.paths import ROOT

DOC = ROOT / "docs" / "rules-authoring.md"
_BLOCK = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(m["info"].strip(), m["body"]) for m in _BLOCK.finditer(DOC.read_text("utf-8"))]


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        ran = 0
        for info, body in blocks():
            if " file=" in f" {info}":
                name = info.split("file=", 1)[1].strip()
                path = tmp_path / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
            elif info == "console":
                run_console(body, tmp_path)
                ran += 1
        assert ran >= 5
    finally:
        os.chdir(old)


def run_console(body: str, folder: Path) -> None:
    command, *expected = body.rstrip("\n").split("\n")
    assert command.startswith("$ ")
    argv = shlex.split(command[2:])
    if argv[0] == "pytest":
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *argv[1:]],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().splitlines()[-1].startswith(expected[-1])
        return
    assert argv[0] == "evallint"
    out, err = io.StringIO(), io.StringIO()
    main(argv[1:], stdout=out, stderr=err)
    shown = (err.getvalue() + out.getvalue()).rstrip("\n").split("\n")
    assert shown == expected, f"$ {command[2:]}"


@pytest.mark.parametrize("info", [i for i, _ in blocks() if i])
def test_every_block_is_a_known_kind(info: str) -> None:
    assert info in ("console", "json", "python file=test_my_rules.py") or "file=" in info
