"""Golden output of every format, on the bundled seed and on a small messy batch.

The batch (tests/formatters/golden/batch) holds a good form, a form in YAML, a broken
JSON file, a list instead of a report, a .jsonl with a bad line and a nested
folder. Outputs are compared byte for byte with tests/formatters/golden/<case>.<format>;
``python tests/formatters/test_golden_formats.py --regen`` rewrites them (review the diff).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from evallint.cli.main import main

HERE = Path(__file__).resolve().parent / "golden"
FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "html")
CASES = {"seed": ["batch/seed.json"], "batch": ["batch"]}
SUFFIXES = {"text": "txt", "github": "txt"}


def render(case: str, fmt: str) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(HERE)
    try:
        out = io.StringIO()
        arguments = ["check", "--format", fmt, "--jobs", "1", "--color", "never", *CASES[case]]
        code = main(arguments, stdout=out, stderr=io.StringIO())
        return code, out.getvalue()
    finally:
        os.chdir(old)


def golden_path(case: str, fmt: str) -> Path:
    return HERE / f"{case}.{fmt}.{SUFFIXES.get(fmt, fmt if fmt != 'jsonl' else 'jsonl')}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_output_is_the_golden_one(case: str, fmt: str) -> None:
    code, text = render(case, fmt)
    assert code == (1 if case == "seed" else 2)
    expected = golden_path(case, fmt).read_text(encoding="utf-8")
    assert text == expected, (
        f"run: python tests/formatters/test_golden_formats.py --regen ({case}.{fmt})"
    )


if __name__ == "__main__" and "--regen" in sys.argv:
    for case in sorted(CASES):
        for fmt in FORMATS:
            _, text = render(case, fmt)
            golden_path(case, fmt).write_text(text, encoding="utf-8")
            print(f"wrote {golden_path(case, fmt)}")
