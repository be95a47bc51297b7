"""docs/api.md runs as written: every ``pycon`` block, in order, in a folder holding form.json."""

from __future__ import annotations

import doctest
import os
import re
import shutil
from pathlib import Path

from tests.paths import ROOT, SEED

DOC = ROOT / "docs" / "api.md"
_BLOCK = re.compile(r"^```pycon\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def test_the_api_page_runs_as_written(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "form.json")
    text = DOC.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names: dict[str, object] = {}
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        for number, match in enumerate(_BLOCK.finditer(text), start=1):
            line = text.count("\n", 0, match.start()) + 2
            name = f"api.md block {number}"
            test = parser.get_doctest(match["body"], names, name, str(DOC), line)
            runner.run(test, clear_globs=False)
            names = test.globs  # the blocks build on each other
    finally:
        os.chdir(old)
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted >= 30
