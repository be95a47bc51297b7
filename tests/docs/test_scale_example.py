"""docs/scale.md's process-pool example is the file the tests run, and it lints as lint() does.

The page shows docs/examples/lint_in_processes.py word for word; the example, run in two
worker processes on generated forms (as paths and as dicts, some with a defect, one
unreadable), gives the findings a plain loop over ``evallint.lint`` gives, in order.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import evallint
from tests.paths import ROOT
from tools.formgen import dumps, generate_forms, inject

DOC = ROOT / "docs" / "scale.md"
EXAMPLE = ROOT / "docs" / "examples" / "lint_in_processes.py"
_INCLUDED = re.compile(
    r"<!-- included: docs/examples/lint_in_processes\.py -->\n```python\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # importable by name, as worker processes that start afresh (spawn) need
    monkeypatch.syspath_prepend(str(EXAMPLE.parent))
    return importlib.import_module(EXAMPLE.stem)


@pytest.fixture(scope="module")
def rules() -> evallint.RuleSet:
    return evallint.load_rules(["national-2020"])


def _sources(folder: Path) -> list[str | dict[str, object]]:
    """Twelve generated forms, every third with one defect, half written to files; and a
    file that is no report."""
    rng = random.Random(17)
    forms = list(generate_forms(12, seed=17))
    for index in range(0, len(forms), 3):
        for defect in ("deviation-missing", "indicator-score-exceeds-weight", "goals-missing"):
            try:
                forms[index] = inject(forms[index], defect, rng).form
                break
            except ValueError:
                continue
    sources: list[str | dict[str, object]] = []
    for index, form in enumerate(forms):
        if index % 2:
            sources.append(form)
        else:
            path = folder / f"form-{index:02d}.json"
            path.write_text(dumps(form), encoding="utf-8")
            sources.append(str(path))
    broken = folder / "broken.json"
    broken.write_text('{"project": "x",}', encoding="utf-8")
    sources.insert(5, str(broken))
    return sources


def test_the_page_shows_the_example_file_as_it_is() -> None:
    match = _INCLUDED.search(DOC.read_text(encoding="utf-8"))
    assert match is not None, "docs/scale.md lost the example's code block"
    assert match["code"] == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_lints_in_processes_as_lint_does_in_one(
    example: ModuleType, rules: evallint.RuleSet, tmp_path: Path
) -> None:
    sources = _sources(tmp_path)
    linted = list(example.lint_in_processes(sources, rules, workers=2, chunksize=3))
    expected = []
    for index, source in enumerate(sources, start=1):
        name = source if isinstance(source, str) else f"<report {index}>"
        try:
            findings = [finding.to_dict() for finding in evallint.lint(source, rules)]
        except evallint.ReportError as error:
            findings = [{"kind": "error", "code": error.code, "message": error.describe()}]
        expected.append((name, findings))
    assert [name for name, _ in linted] == [name for name, _ in expected]
    assert linted == expected
    found = [(f.get("rule"), f.get("path")) for _, findings in linted for f in findings]
    assert len(found) >= 4  # the defects were found: the comparison compares something
    assert linted[5][1][0]["code"] == "report-json"


def test_the_example_runs_as_a_script(tmp_path: Path) -> None:
    form = next(iter(generate_forms(1, seed=3)))
    form = inject(form, "goals-missing", random.Random(3)).form
    path = tmp_path / "form.json"
    path.write_text(dumps(form), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert {line["report"] for line in lines} == {str(path)}
    assert "goals-missing" in [line["rule"] for line in lines]
