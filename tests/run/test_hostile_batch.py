"""Hostile batches (issue 16): every input accounted for once, whatever happened to it.

An input over its time or memory budget, one a worker process dies on or gets
stuck on, one that meets a bug: each is that input's error, with its own
code, and the run goes on with the others. A folder of things that are not
report files (pipes, sockets, links to nothing, links in a loop, folders named
like reports, folders that cannot be listed) is accounted for entry by entry.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evallint.read.report import Report
from evallint.results import ReportResult
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.run import batch, budget, inputs
from evallint.run.baseline import Baseline, BaselineError, BaselineWriter
from evallint.run.batch import Settings, run_batch
from evallint.run.check import check_report
from evallint.run.inputs import Missing, expand
from tests.paths import EXAMPLES

MINIMAL = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))
POSIX = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX signals")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    ruleset = load_rules()
    ruleset.prepare()
    # warmed once here, so a first report's one-off costs never count against a budget
    check_report(Report(MINIMAL), ruleset)
    return ruleset


def jsonl(path: Path, projects: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for project in projects:
            stream.write(json.dumps({**MINIMAL, "project": project}, ensure_ascii=False) + "\n")
    return path


def codes(results: list[ReportResult]) -> list[tuple[int | None, str | None]]:
    return [(r.line, r.error.code if r.error else None) for r in results]


@pytest.fixture
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports misbehave by their project name: slow, stuck (out of a signal's reach), a
    process that dies, a memory hog, a bug. Forked workers inherit the patch."""
    real = batch.check_report

    def check(report: Report, rules: Any, **options: Any) -> ReportResult:
        project = str(report.data.get("project"))
        if project.startswith("slow"):
            time.sleep(60)
        if project.startswith("stuck"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if project.startswith("dies"):
            os._exit(7)
        if project.startswith("hog"):
            bytearray(1024 * 1024 * 1024)
        if project.startswith("bug"):
            raise KeyError("a bug")
        return real(report, rules, **options)

    monkeypatch.setattr(batch, "check_report", check)


# --- budgets ---------------------------------------------------------------------------


@POSIX
def test_an_input_over_its_time_budget_is_reported_and_the_run_goes_on_in_one_process(
    tmp_path: Path, rules: RuleSet, misbehaving: None
) -> None:
    forms = jsonl(tmp_path / "forms.jsonl", ["ok", "slow", "ok"])
    settings = Settings(rules, "en", input_seconds=0.3)
    started = time.monotonic()
    results = list(run_batch([str(forms)], settings, jobs=1))
    assert time.monotonic() - started < 1.8
    assert codes(results) == [(1, None), (2, "input-too-slow"), (3, None)]
    error = results[1].error
    assert error is not None and error.file == str(forms) and error.line == 2
    assert "0.3 s" in error.message("en")


def test_the_time_budget_is_not_swallowed_by_code_that_catches_every_exception() -> None:
    # a rule's own `except Exception` must not turn the end of its time into a rule error
    assert not issubclass(budget.OutOfTime, Exception)


@pytest.mark.skipif(budget._address_space() is None, reason="needs /proc/self/statm")
def test_an_input_over_its_memory_budget_is_reported_and_the_run_goes_on(
    tmp_path: Path, rules: RuleSet, misbehaving: None
) -> None:
    forms = jsonl(tmp_path / "forms.jsonl", ["ok", "hog", "ok"])
    settings = Settings(rules, "en", input_memory=256 * 1024 * 1024)
    results = list(run_batch([str(forms)], settings, jobs=1))
    assert codes(results) == [(1, None), (2, "input-too-large-in-memory"), (3, None)]
    error = results[1].error
    assert error is not None and "256 MB" in error.message("en")
    bytearray(512 * 1024 * 1024)  # and the limit was lifted after the input


@POSIX
def test_a_worker_stuck_where_no_signal_reaches_is_killed_and_its_input_reported(
    tmp_path: Path, rules: RuleSet, misbehaving: None
) -> None:
    forms = jsonl(tmp_path / "forms.jsonl", ["ok", "stuck", "ok", "ok", "ok"])
    settings = Settings(rules, "en", input_seconds=0.2, kill_seconds=0.2)
    started = time.monotonic()
    results = list(run_batch([str(forms)], settings, jobs=2, chunk_size=2))
    assert time.monotonic() - started < 1.9
    assert codes(results) == [(1, None), (2, "input-too-slow"), (3, None), (4, None), (5, None)]


def test_a_worker_that_dies_on_an_input_reports_that_input_and_the_others_are_checked(
    tmp_path: Path, rules: RuleSet, misbehaving: None
) -> None:
    forms = jsonl(tmp_path / "forms.jsonl", ["ok", "ok", "dies", "ok", "dies", "ok", "ok"])
    results = list(run_batch([str(forms)], Settings(rules, "en"), jobs=2, chunk_size=3))
    assert codes(results) == [
        (1, None),
        (2, None),
        (3, "input-crashed"),
        (4, None),
        (5, "input-crashed"),
        (6, None),
        (7, None),
    ]
    error = results[2].error
    assert error is not None and "exit code 7" in error.message("en")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_met_on_one_input_is_that_inputs_internal_error(
    tmp_path: Path, rules: RuleSet, misbehaving: None, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    forms = jsonl(tmp_path / "forms.jsonl", ["ok", "bug", "ok"])
    single = tmp_path / "single.json"
    single.write_text(json.dumps(MINIMAL), encoding="utf-8")
    real = batch.load_reports

    def reading(name: str) -> Iterator[Any]:
        if name == str(single):
            raise RecursionError("deep inside a reader")
        return real(name)

    monkeypatch.setattr(batch, "load_reports", reading)
    results = list(run_batch([str(forms), str(single)], Settings(rules, "en"), jobs=jobs))
    assert codes(results) == [(1, None), (2, "internal-error"), (3, None), (None, "internal-error")]
    assert [r.input for r in results] == [str(forms)] * 3 + [str(single)]
    assert "RecursionError" in str(results[3].error and results[3].error.message("en"))


def test_an_input_that_gives_no_report_at_all_is_still_accounted_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # say, a workbook in which the reader found no form and said nothing
    workbook = tmp_path / "forms.xlsx"
    workbook.write_bytes(b"")
    monkeypatch.setattr(batch, "load_reports", lambda name: iter(()))
    [result] = run_batch([str(workbook)], Settings(None))
    assert result.input == str(workbook)
    assert result.error is not None and result.error.code == "input-no-report"


# --- .jsonl batches --------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "  \n\n \t\n", "\n"])
def test_an_empty_or_blank_jsonl_is_an_input_with_no_reports_and_an_error(
    tmp_path: Path, content: str
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text(content, encoding="utf-8")
    [result] = run_batch([str(empty)], Settings(None))
    assert result.input == str(empty)
    assert result.error is not None and result.error.code == "report-empty"


def test_a_jsonl_line_longer_than_a_report_may_be_is_an_error_and_the_next_lines_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_REPORT_BYTES", 4096)
    forms = jsonl(tmp_path / "forms.jsonl", ["a", "x" * 10_000, "c"])
    results = list(run_batch([str(forms)], Settings(None)))
    assert codes(results) == [(1, None), (2, "report-too-large"), (3, None)]
    error = results[1].error
    assert error is not None and error.text.fields["size"] > 10_000


# --- folders -----------------------------------------------------------------------------


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(MINIMAL), encoding="utf-8")
    os.mkfifo(folder / "fifo.json")
    (folder / "loop1.json").symlink_to("loop2.json")
    (folder / "loop2.json").symlink_to("loop1.json")
    (folder / "dangling.yaml").symlink_to("nowhere.yaml")
    (folder / "empty-folder.json").mkdir()
    (folder / "folder.json").mkdir()
    (folder / "folder.json" / "inside.json").write_text(json.dumps(MINIMAL), encoding="utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden-by-permissions.json").write_text("{}", encoding="utf-8")
    (folder / "blank.jsonl").write_text("\n", encoding="utf-8")
    (folder / ".hidden.json").write_text("{", encoding="utf-8")
    (folder / "notes.txt").write_text("not a report", encoding="utf-8")
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(folder / "socket.json"))
    except OSError:  # a path too long for a socket: the other entries still make the case
        pass
    finally:
        listener.close()
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")
def test_every_entry_of_a_hostile_folder_is_accounted_for_exactly_once(
    hostile_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir
    locked = str(hostile_folder / "locked")

    def scandir(path: Any) -> Any:
        if str(path) == locked:  # as chmod 000 does to anyone but root
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    found = list(expand([str(hostile_folder)]))
    results = list(run_batch(found, Settings(None), jobs=1))
    assert len(results) == len(found)
    by_name = {Path(r.input).name: r.error.code if r.error else "checked" for r in results}
    expected = {
        "good.json": "checked",
        "inside.json": "checked",
        "fifo.json": "input-special-file",
        "loop1.json": "input-link-loop",
        "loop2.json": "input-link-loop",
        "dangling.yaml": "input-broken-link",
        "empty-folder.json": "report-is-directory",
        "locked": "input-unreadable-directory",
        "blank.jsonl": "report-empty",
    }
    if (hostile_folder / "socket.json").exists():
        expected["socket.json"] = "input-special-file"
    assert by_name == expected
    assert sorted(r.input for r in results) == [r.input for r in results]  # in name order
    locked_error = next(r.error for r in results if r.input == locked)
    assert locked_error is not None and "Permission denied" in locked_error.message("en")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_as_an_input_or_matched_by_a_pattern_is_never_opened(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "form.json"
    os.mkfifo(fifo)
    for argument in (str(fifo), str(tmp_path / "*.json")):
        [item] = expand([argument])
        assert item == Missing(str(fifo), "special-file", "fifo")
        [result] = run_batch([item], Settings(None))  # would block forever if opened
        assert result.error is not None and result.error.code == "input-special-file"
        assert "named pipe" in result.error.message("en")


class _Listing(list[Any]):
    """What os.scandir gives, made up: entries, usable in a with statement."""

    def __enter__(self) -> _Listing:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class _Entry:
    def __init__(self, folder: str, name: str, folder_entry: bool) -> None:
        self.name = name
        self.path = os.path.join(folder, name)
        self.folder_entry = folder_entry

    def is_dir(self, follow_symlinks: bool = True) -> bool:
        return self.folder_entry


def test_a_folder_nested_deeper_than_pythons_recursion_is_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a made-up tree (a real one this deep would be beyond shutil.rmtree to remove)
    depth = sys.getrecursionlimit() + 100

    def scandir(folder: str) -> _Listing:
        level = folder.count("/")
        if level < depth:
            return _Listing([_Entry(folder, "d", True)])
        return _Listing([_Entry(folder, "form.json", False)])

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    monkeypatch.setattr(inputs.Path, "is_dir", lambda self: str(self) == "top")
    [found] = expand(["top"])
    assert found == "top" + "/d" * depth + "/form.json"


# --- baselines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("[" * 100_000, "baseline-unreadable"),
        ('{"version": 1, "findings": {"a": {"r": {"/x": 1e999999999}}}}', "baseline-invalid"),
        ('{"version": 1, "findings": {"a": {"r": {"/x": "1"}}}}', "baseline-invalid"),
        (
            '{"version": 1, "findings": {"a": {"r": {"/x": ' + "9" * 5000 + "}}}}",
            "baseline-invalid",
        ),
        ('{"version": 1, "findings": []}', "baseline-invalid"),
        ('{"version": 1, "findings": {}, }', "baseline-unreadable"),
        ("[]", "baseline-invalid"),
    ],
)
def test_a_hostile_baseline_is_an_error_never_a_crash(
    tmp_path: Path, content: str, code: str
) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        Baseline.load(path)
    assert raised.value.text.message_id == code
    assert str(path) in raised.value.message("en")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_baseline_that_is_a_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    with pytest.raises(BaselineError) as raised:
        Baseline.load(fifo)  # would block forever if opened
    assert "named pipe" in raised.value.message("en")


def test_a_baseline_keyed_by_a_lone_surrogate_is_written_and_read_back(
    tmp_path: Path, rules: RuleSet
) -> None:
    report = Report({**MINIMAL, "project": "项目\ud800", "total": {"weight": 90, "score": 90}})
    result = check_report(report, rules)
    assert result.findings
    writer = BaselineWriter()
    writer.add(result)
    path = tmp_path / "baseline.json"
    writer.write(path)
    assert "\\ud800" in path.read_text(encoding="utf-8")
    kept, dropped = Baseline.load(path).filter(result)
    assert kept.findings == () and dropped == len(result.findings)
