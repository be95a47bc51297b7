"""Every output format on the seed and on a messy batch; inputs expanded; --jobs changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest

from evallint.cli.main import main
from evallint.run.inputs import Missing, expand
from tests.paths import DEMO_PACK, ROOT, TESTS

SARIF_SCHEMA = TESTS / "formatters" / "schemas" / "sarif-schema-2.1.0.json"
DEMO = DEMO_PACK


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def batch(tmp_path: Path, seed_text: str) -> Path:
    """A folder of messy inputs: good, broken, not a report, a jsonl batch, a nested folder."""
    folder = tmp_path / "forms"
    (folder / "sub").mkdir(parents=True)
    seed = json.loads(seed_text)
    (folder / "a.json").write_text(seed_text, encoding="utf-8")
    changed = json.loads(seed_text)
    changed["indicators"][0]["score"] = "12"
    (folder / "sub" / "b.json").write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    (folder / "broken.json").write_text('{"project": ', encoding="utf-8")
    (folder / "notes.txt").write_text("not a report", encoding="utf-8")
    line = json.dumps(seed, ensure_ascii=False)
    (folder / "batch.jsonl").write_text(f"{line}\n{{oops\n{line}\n", encoding="utf-8")
    (folder / "skip-me.json").write_text("[]", encoding="utf-8")
    return folder


def test_directories_are_searched_and_excludes_apply(batch: Path) -> None:
    found = list(expand([str(batch)], ["skip-*"]))
    names = [Path(str(f)).name for f in found]
    assert names == ["a.json", "batch.jsonl", "broken.json", "b.json"]


def test_a_pattern_matching_nothing_and_an_empty_folder_are_inputs_too(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    found = list(expand([str(empty), str(tmp_path / "*.json")]))
    assert found == [
        Missing(str(empty), "empty-directory"),
        Missing(str(tmp_path / "*.json"), "no-match"),
    ]


def test_the_summary_accounts_for_every_input_of_a_folder(batch: Path) -> None:
    code, out, _ = run(
        "check",
        "--format",
        "json",
        "--rules",
        str(DEMO),
        "-j",
        "1",
        "--exclude",
        "skip-*",
        str(batch),
    )
    document = json.loads(out)
    assert code == 2
    assert document["summary"]["inputs"] == 4  # files: a, b, broken, batch (notes.txt is no report)
    assert document["summary"]["reports"] == 4  # a, b, and two good lines of the batch
    assert document["summary"]["unreadable"] == 2  # broken.json, line 2 of the batch


def test_jobs_two_gives_the_same_output_as_jobs_one(batch: Path) -> None:
    common = ("check", "--format", "jsonl", "--rules", str(DEMO), str(batch), str(batch / "a.json"))
    one = run(*common, "-j", "1")
    two = run(*common, "-j", "2")
    assert one == two
    assert one[0] == 2


def test_sarif_is_valid_against_the_official_schema(batch: Path) -> None:
    _, out, _ = run(
        "check",
        "--format",
        "sarif",
        "--rules",
        str(DEMO),
        "-j",
        "1",
        "--exclude",
        "skip-*",
        str(batch),
    )
    document = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    run_ = document["runs"][0]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} >= {"demo-goal-filled"}
    result = next(r for r in run_["results"] if r["ruleId"] == "demo-goal-filled")
    location = result["locations"][0]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "/goals/expected"
    assert location["physicalLocation"]["region"]["startLine"] == 18
    assert len(result["partialFingerprints"]["evallintFinding/v1"]) == 32
    assert not run_["invocations"][0]["executionSuccessful"]


def test_sarif_carries_waivers_as_suppressions_with_their_reason(
    tmp_path: Path, seed_text: str
) -> None:
    data: dict[str, Any] = json.loads(seed_text)
    data["x-evallint"] = {
        "ignore": [{"rule": "demo-goal-filled", "path": "/goals/expected", "reason": "见附件"}]
    }
    path = tmp_path / "waived.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, out, _ = run("check", "--format", "sarif", "--rules", str(DEMO), str(path))
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "见附件"}]


def test_junit_parses_back_with_one_case_per_report_and_rule(batch: Path) -> None:
    _, out, _ = run(
        "check",
        "--format",
        "junit",
        "--rules",
        str(DEMO),
        "-j",
        "1",
        "--exclude",
        "skip-*",
        str(batch),
    )
    root = ElementTree.fromstring(out)
    cases = root.findall(".//testcase")
    # 4 reports × 3 rules, plus 2 unreadable inputs
    assert len(cases) == 4 * 3 + 2
    failed = [c for c in cases if c.find("failure") is not None]
    assert {c.get("name") for c in failed} == {"demo-goal-filled"}
    assert int(root.get("errors", "0")) == 2


def test_github_annotations_name_file_line_and_rule(seed_path: Path) -> None:
    _, out, _ = run("check", "--format", "github", "--rules", str(DEMO), str(seed_path))
    first = out.splitlines()[0]
    assert first.startswith(
        f"::error file={seed_path},line=18,title=demo-goal-filled /goals/expected::"
    )


def test_output_option_writes_the_file(tmp_path: Path, seed_path: Path) -> None:
    target = tmp_path / "out.json"
    _code, out, _ = run(
        "check", "--format", "json", "--rules", str(DEMO), "-o", str(target), str(seed_path)
    )
    assert out == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["reports"] == 1


def test_text_statistics_and_quiet(seed_path: Path) -> None:
    _, out, _ = run("check", "--rules", str(DEMO), "--statistics", str(seed_path))
    assert "     1  demo-goal-filled" in out
    _, quiet, _ = run("check", "--rules", str(DEMO), "--quiet", str(seed_path))
    assert len(quiet.splitlines()) == 1 and "checked" not in quiet


def test_standard_input_is_read_with_a_dash(
    monkeypatch: pytest.MonkeyPatch, seed_text: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(seed_text))
    code, out, _ = run("check", "--format", "json", "--rules", str(DEMO), "-")
    document = json.loads(out)
    assert document["findings"][0]["file"] == "<stdin>"
    assert code == 1


def test_no_color_when_piped_and_color_when_asked(seed_path: Path) -> None:
    _, plain, _ = run("check", "--rules", str(DEMO), str(seed_path))
    _, colored, _ = run("check", "--rules", str(DEMO), "--color", "always", str(seed_path))
    assert "\033[" not in plain and "\033[31m" in colored


def test_jsonl_streams_one_finding_per_line(seed_path: Path) -> None:
    _, out, _ = run("check", "--format", "jsonl", "--rules", str(DEMO), str(seed_path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["kind"] for line in lines] == ["finding", "summary"]


def test_the_sarif_schema_the_tests_use_is_the_official_2_1_0_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert "2.1.0" in schema["title"]
    # beside a checkout, the project's shared folder holds the original it was copied from
    shared = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if shared.exists():
        assert shared.read_bytes() == SARIF_SCHEMA.read_bytes()


def test_a_baseline_hides_todays_findings_and_shows_new_ones(
    tmp_path: Path, seed_text: str
) -> None:
    form = tmp_path / "form.json"
    form.write_text(seed_text, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    code, _, _ = run("check", "--rules", str(DEMO), "--write-baseline", str(baseline), str(form))
    assert code == 1
    recorded = json.loads(baseline.read_text("utf-8"))
    key = f"{form}::企业服务中心专项经费"
    assert recorded["findings"][key] == {"demo-goal-filled": {"/goals/expected": 1}}
    code, out, _ = run("check", "--rules", str(DEMO), "--baseline", str(baseline), str(form))
    assert code == 0
    data = json.loads(seed_text)
    data["indicators"][4]["actual"] = "85%"  # a new problem
    form.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(
        "check", "--format", "json", "--rules", str(DEMO), "--baseline", str(baseline), str(form)
    )
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["demo-deviation-missing"]


def test_a_broken_baseline_is_a_usage_error(tmp_path: Path, seed_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text("[]", encoding="utf-8")
    code, _, err = run("check", "--lang", "en", "--baseline", str(bad), str(seed_path))
    assert code == 2 and "is not an evallint baseline" in err


def test_a_batch_of_2000_generated_reports_is_the_same_with_two_processes(tmp_path: Path) -> None:
    from tools.formgen import main as generate

    batch = tmp_path / "forms.jsonl"
    generate(["--count", "2000", "--seed", "42", "--defect-rate", "0.3", "-o", str(batch)])
    common = ("check", "--format", "jsonl", "--fail-on", "never", str(batch))
    one = run(*common, "--jobs", "1")
    two = run(*common, "--jobs", "2")
    assert one == two
    summary = json.loads(one[1].splitlines()[-1])
    assert summary["inputs"] == 1
    assert summary["reports"] + summary["unreadable"] == 2000
    assert summary["unreadable"] == 0
    assert summary["with_findings"] >= 500  # about 30 % carry an injected defect
