"""The command line against hostile input and a hostile machine (issue 16).

Text no encoding can write is escaped once, at the output, in every format; a
write that fails, and a bug of evallint, end with a message of their own and
exit code 2 (never a traceback, never 1, which would read as findings); a
broken rule file never reads as a clean pass; nothing named on the command
line can make a run wait forever.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from evallint.cli import check as check_command
from evallint.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from evallint.cli.main import main
from evallint.cli.output import Output
from evallint.formatters import FORMATTERS
from evallint.formatters.json import JsonFormatter
from evallint.formatters.sarif import fingerprint
from evallint.results import ReportResult
from tests.paths import DEMO_PACK, EXAMPLES, ROOT

MINIMAL = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))
SURROGATE = "\ud800"
ONE_RULE = ("--select", "indicator-number-invalid")
"""A rule that quotes the cell it finds wrong: a fast run whose findings carry the text."""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def with_surrogates(**changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(MINIMAL))
    data["project"] = f"项目{SURROGATE}"
    data["indicators"][0]["score"] = f"25{SURROGATE}"  # a finding quotes it
    data.update(changes)
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")  # "\ud800" as JSON text writes it
    return path


def evallint(*argv: str, **options: Any) -> subprocess.CompletedProcess[str]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run(
        [sys.executable, "-m", "evallint", *argv],
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        **streams,
    )


# --- text that cannot be encoded ---------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_a_lone_surrogate_is_escaped_once_in_every_output_format(tmp_path: Path, fmt: str) -> None:
    form = write_json(tmp_path / "form.json", with_surrogates())
    code, out, err = run("check", "--format", fmt, *ONE_RULE, str(form))
    assert code == EXIT_FINDINGS, err
    assert SURROGATE not in out
    assert "25\\ud800" in out
    out.encode("utf-8")  # writable as it is
    if fmt in ("json", "sarif"):
        # in JSON text the escape is the character again: nothing is lost
        assert f"25{SURROGATE}" in json.dumps(json.loads(out), ensure_ascii=False)
    if fmt == "junit":
        ElementTree.fromstring(out.split("\n", 1)[1])


def test_one_report_with_a_surrogate_loses_none_of_the_other_299(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as stream:
        for index in range(300):
            data = with_surrogates() if index == 150 else {**MINIMAL, "project": f"p{index}"}
            stream.write(json.dumps(data) + "\n")
    code, out, err = run("check", "--format", "json", "--jobs", "1", *ONE_RULE, str(batch))
    assert code == EXIT_FINDINGS, err
    document = json.loads(out)
    assert document["summary"]["reports"] == 300
    assert len(document["reports"]) == 300
    assert [f["line"] for f in document["findings"]] == [151]


def test_a_sarif_fingerprint_never_fails_on_a_surrogate() -> None:
    assert fingerprint(f"form.json::{SURROGATE}", "rule", "/x") != fingerprint(
        "form.json::", "rule", "/x"
    )
    assert len(fingerprint(SURROGATE, SURROGATE, SURROGATE)) == 32


@pytest.mark.skipif(sys.platform == "win32", reason="file names that are not UTF-8 are POSIX's")
def test_a_file_name_that_is_not_utf8_is_named_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    raw_name = os.fsencode(folder) + b"/\xb1\xa8\xb8\xe6.json"  # 报告.json in GBK
    with open(raw_name, "w", encoding="utf-8") as stream:
        stream.write("{")
    code, out, _ = run("check", str(folder))
    assert code == EXIT_ERROR
    assert "/\\udcb1\\udca8\\udcb8\\udce6.json:1:2: 错误[report-json]" in out


def test_text_the_stream_cannot_encode_is_written_as_its_escape() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    Output(stream).write(f"得分 😀 {SURROGATE}\n")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "得分 \\U0001f600 \\ud800\n"


# --- writes that fail --------------------------------------------------------------------

FULL = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


@FULL
def test_an_output_file_that_cannot_be_written_is_an_error_exit_2() -> None:
    code, _, err = run("check", "--lang", "en", "-o", "/dev/full")
    assert code == EXIT_ERROR
    assert err == "evallint: cannot write /dev/full: No space left on device\n"


@FULL
def test_standard_output_that_cannot_be_written_exits_2_without_a_traceback() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = evallint("check", "--lang", "en", stdout=full)
    assert done.returncode == EXIT_ERROR
    assert "Traceback" not in done.stderr
    assert "cannot write standard output: No space left on device" in done.stderr


def test_a_baseline_that_cannot_be_written_is_an_error_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "baseline.json"
    code, out, err = run("check", "--lang", "en", "--write-baseline", str(target))
    assert code == EXIT_ERROR
    assert f"cannot write {target}: No such file or directory" in err
    assert "checked 1 input:" in out  # the findings were shown all the same


def test_a_baseline_nested_100000_deep_is_an_error_exit_2(tmp_path: Path) -> None:
    deep = tmp_path / "baseline.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    code, out, err = run("check", "--lang", "en", "--baseline", str(deep))
    assert code == EXIT_ERROR
    assert (
        err == f"evallint: cannot read the baseline {deep}: nested far too deep "
        "(a baseline is four levels deep)\n"
    )
    assert out == ""


# --- internal errors ---------------------------------------------------------------------


def test_an_internal_error_on_one_input_exits_2_with_its_own_message_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = write_json(tmp_path / "form.json", MINIMAL)

    def broken(self: JsonFormatter, result: ReportResult) -> str:
        raise ValueError("a formatter bug")

    monkeypatch.setattr(JsonFormatter, "report", broken)
    code, _, err = run("check", "--lang", "en", "--format", "json", str(form))
    assert code == EXIT_ERROR
    assert err.startswith(
        f"evallint: internal error in evallint (while handling {form}): "
        "ValueError: a formatter bug. This is a bug in evallint"
    )
    assert "EVALLINT_DEBUG=1" in err and "Traceback" not in err


def test_an_internal_error_exits_2_and_shows_its_traceback_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("nowhere")

    monkeypatch.setattr(check_command, "run_batch", broken)
    code, _, err = run("check")
    assert code == EXIT_ERROR
    assert "evallint 内部错误：AttributeError: nowhere" in err and "Traceback" not in err
    monkeypatch.setenv("EVALLINT_DEBUG", "1")
    code, _, err = run("check")
    assert code == EXIT_ERROR
    assert "Traceback (most recent call last)" in err and "raise AttributeError" in err


# --- rules that could not be loaded ------------------------------------------------------

BROKEN_RULES = "rules:\n  - id: broken\n    check: 'score <='\n"


def test_a_rule_file_that_could_not_be_loaded_never_reads_as_a_clean_pass(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_RULES, encoding="utf-8")
    form = write_json(tmp_path / "form.json", MINIMAL)
    code, out, err = run("check", "--lang", "en", "--rules", str(broken), str(form))
    assert code == EXIT_ERROR
    assert "error[rule-schema]" in err
    lines = out.splitlines()
    assert lines[0] == (
        "the rules could not be loaded (see the errors above): the reports were not checked "
        "against them"
    )
    assert "no findings" not in lines
    assert lines[1].endswith("; 1 problem in rule files left rules out (see above)")
    code, out, _ = run("check", "--rules", str(broken), str(form))
    assert out.startswith("规则未能加载") and "没有发现问题" not in out.splitlines()


def test_a_run_with_some_rules_left_out_says_the_check_is_incomplete(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_RULES, encoding="utf-8")
    form = write_json(tmp_path / "form.json", MINIMAL)
    code, out, _ = run(
        "check", "--lang", "en", "--rules", str(DEMO_PACK), "--rules", str(broken), str(form)
    )
    assert code == EXIT_ERROR
    assert out.splitlines()[0].startswith("no findings from the rules that ran, but some rules")
    code, out, _ = run("check", "--format", "html", "--rules", str(broken), str(form))
    assert "规则未能加载" in out and 'id="rule-errors"' in out and "没有发现问题" not in out
    code, out, _ = run("check", "--format", "sarif", "--rules", str(broken), str(form))
    [invocation] = json.loads(out)["runs"][0]["invocations"]
    assert code == EXIT_ERROR and invocation["executionSuccessful"] is False


# --- inputs that never end ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_on_the_command_line_is_reported_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "form.json"
    os.mkfifo(fifo)
    done = evallint("check", "--lang", "en", "--format", "json", str(fifo))
    assert done.returncode == EXIT_ERROR
    document = json.loads(done.stdout)
    assert [(e["file"], e["code"]) for e in document["errors"]] == [
        (str(fifo), "input-special-file")
    ]
    assert document["summary"]["inputs"] == 1 and document["summary"]["unreadable"] == 1


@pytest.mark.parametrize("content", ["", " \n\t\n"])
def test_an_empty_jsonl_is_an_error_exit_2_as_an_empty_json_is(
    tmp_path: Path, content: str
) -> None:
    for name in ("empty.json", "empty.jsonl"):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        code, out, _ = run("check", "--lang", "en", str(path))
        assert code == EXIT_ERROR
        assert out.startswith(f"{path}: error[report-empty] the file is empty\n")
        assert "1 unreadable" in out


def test_standard_input_is_read_only_up_to_the_size_of_a_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endless = io.BufferedReader(io.BytesIO(b" " * (11 * 1024 * 1024)))  # as /dev/zero would be
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(endless))
    code, out, _ = run("check", "--lang", "en", "--format", "json", "-")
    assert code == EXIT_ERROR
    [error] = json.loads(out)["errors"]
    assert error["code"] == "report-too-large"
    assert endless.tell() <= 10 * 1024 * 1024 + 1 + io.DEFAULT_BUFFER_SIZE


def test_a_clean_run_still_exits_0() -> None:
    code, out, err = run("check", "--rules", str(DEMO_PACK), str(EXAMPLES / "minimal.json"))
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("没有发现问题\n")
