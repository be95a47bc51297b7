"""docs/rules-authoring.md runs as written: its files are created, its commands give its output,
its excerpts of the national pack are in the pack, and its province's pack is the one kept in
``tests/docs/my-province`` (run by ``evallint test-rules`` here too)."""

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
PROVINCE = ROOT / "tests" / "docs" / "my-province"
"""The province's pack the tutorial builds (the tutorial's own copy must equal it)."""
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
    known = ("console", "json", "python file=test_my_rules.py")
    assert info in known or "file=" in info or info.startswith("yaml from=")


def test_every_excerpt_of_a_pack_is_in_the_pack_as_shown() -> None:
    excerpts = [(i, body) for i, body in blocks() if i.startswith("yaml from=")]
    assert len(excerpts) >= 5
    for info, body in excerpts:
        source = ROOT / info.split("from=", 1)[1].strip()
        assert body in source.read_text(encoding="utf-8"), f"{info}: not in the file as shown"


def test_the_tutorials_province_pack_is_the_one_kept_in_the_tests() -> None:
    [body] = [body for info, body in blocks() if info == "yaml file=my-province/pack.yaml"]
    assert body == (PROVINCE / "pack.yaml").read_text(encoding="utf-8")


def test_the_province_pack_passes_its_examples() -> None:
    out = io.StringIO()
    assert main(["test-rules", str(PROVINCE)], stdout=out) == 0, out.getvalue()
