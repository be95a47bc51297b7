"""The command line end to end: exit codes, formats, and no input ever lost."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from evallint._version import __version__
from evallint.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from evallint.cli.main import main
from tests.paths import EXAMPLES


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_check_without_files_lints_the_bundled_example() -> None:
    code, out = run("check", "--format", "json")
    document = json.loads(out)
    assert document["summary"]["inputs"] == 1
    assert document["summary"]["reports"] == 1
    assert document["summary"]["unreadable"] == 0
    assert code in (EXIT_OK, EXIT_FINDINGS)


MINIMAL = EXAMPLES / "minimal.json"


def test_a_clean_report_exits_zero() -> None:
    code, out = run("check", str(MINIMAL))
    assert code == EXIT_OK
    assert "没有发现问题" in out


def test_schema_findings_exit_one_and_name_file_and_pointer(tmp_path: Path, seed_text: str) -> None:
    data = json.loads(seed_text)
    data["indicators"][4]["score"] = True
    path = write(tmp_path / "form.json", json.dumps(data, ensure_ascii=False))
    code, out = run("check", "--lang", "en", str(path))
    assert code == EXIT_FINDINGS
    assert f"{path}: /indicators/4/score: error[schema-" in out


def test_unreadable_inputs_exit_two_and_the_others_are_still_checked(
    tmp_path: Path, seed_text: str
) -> None:
    good = write(tmp_path / "good.json", MINIMAL.read_text(encoding="utf-8"))
    broken = write(tmp_path / "broken.json", '{"project": ')
    listed = write(tmp_path / "list.json", "[]")
    missing = tmp_path / "missing.json"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    code, out = run(
        "check", "--format", "json", str(good), str(broken), str(listed), str(missing), str(folder)
    )
    assert code == EXIT_ERROR
    document = json.loads(out)
    assert document["summary"] == {
        "inputs": 5,
        "reports": 1,
        "with_findings": 0,
        "unreadable": 4,
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "waived": 0,
        "rule_errors": 0,
    }
    codes = {Path(e["file"]).name: e["code"] for e in document["errors"]}
    assert codes == {
        "broken.json": "report-json",
        "list.json": "report-not-object",
        "missing.json": "report-not-found",
        "folder.json": "input-empty-directory",
    }


def test_text_output_of_a_syntax_error_is_one_located_line_with_a_caret(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", '{"project": "x",\n "funds": {]\n}')
    code, out = run("check", "--lang", "en", str(path))
    assert code == EXIT_ERROR
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:2:12: error[report-json] not valid JSON")
    assert lines[1] == '     "funds": {]'
    assert lines[2] == "               ^"
    assert "Traceback" not in out


def test_jsonl_batch_accounts_for_every_line(tmp_path: Path, seed_text: str) -> None:
    one_line = json.dumps(json.loads(seed_text), ensure_ascii=False)
    path = write(tmp_path / "batch.jsonl", "\n".join([one_line, "{oops", one_line]) + "\n")
    code, out = run("check", "--format", "json", str(path))
    document = json.loads(out)
    assert code == EXIT_ERROR
    assert document["summary"]["reports"] == 2
    assert document["summary"]["unreadable"] == 1
    assert document["errors"][0]["line"] == 2


def test_fail_on_never_exits_zero_despite_findings(tmp_path: Path, seed_text: str) -> None:
    data = json.loads(seed_text)
    del data["funds"]
    path = write(tmp_path / "form.json", json.dumps(data, ensure_ascii=False))
    assert run("check", str(path))[0] == EXIT_FINDINGS
    assert run("check", "--fail-on", "never", str(path))[0] == EXIT_OK


def test_messages_follow_lang(tmp_path: Path, seed_text: str) -> None:
    data = json.loads(seed_text)
    del data["funds"]
    path = write(tmp_path / "form.json", json.dumps(data, ensure_ascii=False))
    zh = json.loads(run("check", "--format", "json", str(path))[1])
    en = json.loads(run("check", "--format", "json", "--lang", "en", str(path))[1])
    assert zh["findings"][0]["path"] == en["findings"][0]["path"] == "/funds"
    assert zh["findings"][0]["message"] != en["findings"][0]["message"]


def test_schema_command_prints_the_report_schema() -> None:
    code, out = run("schema")
    schema = json.loads(out)
    assert code == EXIT_OK
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) >= {"project", "funds", "indicators"}


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "--format", "nope"])
    assert caught.value.code == EXIT_ERROR
    assert "invalid choice" in capsys.readouterr().err


def test_version_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evallint", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"evallint {__version__}"


def test_every_command_has_help() -> None:
    for argv in (["--help"], ["check", "--help"], ["schema", "--help"]):
        with pytest.raises(SystemExit) as caught:
            main(argv, stdout=io.StringIO())
        assert caught.value.code == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_process_leaves_its_output_whole_and_its_exit_code(tmp_path: Path, jobs: str) -> None:
    """The command line exits without interpreter teardown: nothing written may be lost."""
    seed = EXAMPLES
    target = tmp_path / "out.json"
    command = [sys.executable, "-m", "evallint", "check", "--jobs", jobs, "--format", "json"]
    example = str(seed / "zhuzhou-2022-enterprise-service.json")
    to_file = subprocess.run([*command, "-o", str(target), example], check=False)
    assert to_file.returncode == EXIT_FINDINGS
    assert json.loads(target.read_text("utf-8"))["summary"]["reports"] == 1
    to_pipe = subprocess.run([*command, example], capture_output=True, text=True, check=False)
    assert to_pipe.returncode == EXIT_FINDINGS
    assert len(json.loads(to_pipe.stdout)["findings"]) == 10
    clean = subprocess.run(
        [sys.executable, "-m", "evallint", "check", str(seed / "minimal.json")], check=False
    )
    assert clean.returncode == EXIT_OK


def test_without_a_command_the_help_lists_every_command_and_exits_two() -> None:
    from evallint.cli.main import COMMANDS

    code, out = run()
    assert code == EXIT_ERROR
    assert out.startswith("usage: evallint")
    assert all(f"\n  {name} " in out for name in COMMANDS)


def test_a_misspelt_command_is_named_with_the_one_meant(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["chek", "form.json"])
    assert stopped.value.code == EXIT_ERROR
    assert "no command 'chek' (did you mean 'check'?)" in capsys.readouterr().err


def test_each_command_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    from evallint.cli.main import COMMANDS

    for name in COMMANDS:
        with pytest.raises(SystemExit) as stopped:
            main([name, "--help"])
        assert stopped.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: evallint {name}")
