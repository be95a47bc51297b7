"""Rule files from someone else (issue 16): they can name only rule files, and read nothing else.

An ``extends`` (or a ``--rules``) naming a file that is not a rule file — ``/etc/passwd``,
a device such as ``/dev/zero``, a FIFO, a folder such as ``/``, someone's settings saved as
YAML — is refused with a located ``not-a-rule-file`` error that quotes nothing of it; a
device or a FIFO is never opened for reading, so nothing can make loading wait. A rule file
larger than ``MAX_RULE_FILE_BYTES`` is refused unread (``rule-file-too-large``), a folder
holding more than ``MAX_PACK_ENTRIES`` entries is no pack, and a line of a file that fails
to parse is quoted only when it is no longer than ``MAX_EXCERPT_CHARS``. Regular
expressions that could backtrack for ever are refused when the rule loads, at the pattern.
``evallint test-rules`` says which example could not be built, and where, never crashing.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evallint.cli.exit import EXIT_ERROR, EXIT_FINDINGS
from evallint.cli.main import main
from evallint.dsl.regex import regex_problem
from evallint.errors import RuleError, RuleSetError
from evallint.limits import MAX_EXCERPT_CHARS, MAX_REGEX_FAN, MAX_REGEX_LENGTH
from evallint.rules import loader, packs
from evallint.rules.loader import load_rules
from evallint.rules.packs import Refusal, read_rule_file
from tests.bounded import finishes
from tests.paths import EXAMPLES

PASSWD = Path("/etc/passwd")
DEV_ZERO = Path("/dev/zero")
SECRET = "hunter2"
FIFOS = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
ONE_RULE = """\
rules:
  - id: mine
    severity: error
    title: t
    check: filled(project)
    message: m
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def extending(tmp_path: Path, reference: str) -> Path:
    """A rule file whose ``extends`` (line 2, from column 10) names ``reference``."""
    return write(tmp_path / "mine.yaml", f"name: mine\nextends: {reference}\n{ONE_RULE}")


def errors_of(target: str | Path | list[str | Path]) -> list[RuleError]:
    with pytest.raises(RuleSetError) as caught:
        load_rules(target)
    return caught.value.errors


def everything_said(errors: list[RuleError]) -> str:
    """Every word the errors would show, in both languages, with their excerpts and details."""
    said = []
    for error in errors:
        said += [error.message, error.describe("en"), error.describe("zh")]
        said += [error.excerpt or "", error.detail or ""]
    return "\n".join(said)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The files the loader reads through its one door, in order."""
    read: list[Path] = []

    def spy(target: Path, *args: Any, **kwargs: Any) -> str:
        read.append(Path(target))
        return read_rule_file(target, *args, **kwargs)

    monkeypatch.setattr(loader, "read_rule_file", spy)
    yield read


# --- extends naming what is no rule file ----------------------------------------------------


def test_extends_naming_etc_passwd_is_refused_at_the_extends_and_quotes_nothing_of_it(
    tmp_path: Path, reads: list[Path]
) -> None:
    mine = extending(tmp_path, str(PASSWD))
    [error] = errors_of(mine)
    assert (error.code, error.file, error.line, error.col) == ("not-a-rule-file", str(mine), 2, 10)
    assert error.excerpt == "extends: /etc/passwd"  # the line of the rule file, not of passwd
    assert error.message == (
        '"/etc/passwd" is not a rule file and was not read: a rule file ends in .yaml, .yml'
    )
    said = everything_said([error])
    assert "root:" not in said and "/bin/" not in said
    assert reads == [mine]  # never opened


def test_a_copy_of_passwd_named_like_a_rule_file_is_read_but_never_quoted(
    tmp_path: Path,
) -> None:
    accounts = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    write(tmp_path / "passwd.yaml", accounts)
    mine = extending(tmp_path, "./passwd.yaml")
    [error] = errors_of(mine)
    assert (error.code, error.file, error.line, error.col) == ("not-a-rule-file", str(mine), 2, 10)
    assert "(its content is not shown)" in error.message
    said = everything_said([error])
    assert "root:" not in said and "nologin" not in said


def test_extends_naming_dev_zero_is_refused_without_ever_reading_it(
    tmp_path: Path, reads: list[Path]
) -> None:
    mine = extending(tmp_path, str(DEV_ZERO))
    [error] = finishes(lambda: errors_of(mine), 60)
    assert (error.code, error.line, error.col) == ("not-a-rule-file", 2, 10)
    assert error.message == (
        '"/dev/zero" is not a regular file (a device, a pipe or a socket) and was not read: '
        "name a rule file (.yaml/.yml)"
    )
    assert reads == [mine]


def test_the_one_door_refuses_a_device_even_when_asked_to_read_it_directly() -> None:
    with pytest.raises(Refusal) as caught:
        finishes(lambda: read_rule_file(DEV_ZERO), 60)
    assert caught.value.code == "not-a-rule-file"
    assert caught.value.text.message_id == "rule-file-special"


def test_extends_naming_the_root_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    mine = extending(tmp_path, "/")
    [error] = errors_of(mine)
    assert (error.code, error.file, error.line, error.col) == ("not-a-rule-file", str(mine), 2, 10)
    assert error.text is not None and error.text.message_id == "rule-file-folder"
    assert error.message.startswith('"/" is a folder: extends names a built-in pack or a rule file')


def test_extends_naming_a_yaml_file_that_is_no_rule_file_never_shows_what_it_holds(
    tmp_path: Path, reads: list[Path]
) -> None:
    secret = write(tmp_path / "secret.yaml", f"password: {SECRET}\nuser: admin\n")
    mine = extending(tmp_path, "./secret.yaml")
    [error] = errors_of(mine)
    assert (error.code, error.file, error.line, error.col) == ("not-a-rule-file", str(mine), 2, 10)
    assert error.excerpt == "extends: ./secret.yaml"
    assert error.message == (
        f'"{secret}" is not a rule file: its top level is no mapping with rules, extends, defs '
        "or another key of a rule file (its content is not shown)"
    )
    said = everything_said([error])
    assert SECRET not in said and "password" not in said and "admin" not in said
    assert reads == [mine, secret]  # a .yaml file is read, to tell; then said nothing of


def test_a_file_that_fails_to_parse_is_not_quoted_when_its_line_is_longer_than_the_excerpt_limit(
    tmp_path: Path,
) -> None:
    line = "api_token: [" + "s3cr3t-" * 30 + ", {]"
    assert len(line) > MAX_EXCERPT_CHARS
    broken = write(tmp_path / "tokens.yaml", line + "\n")
    mine = extending(tmp_path, "./tokens.yaml")
    [error] = errors_of(mine)
    assert (error.code, error.file, error.line) == ("yaml-syntax", str(broken), 1)
    assert error.col is not None and error.col > MAX_EXCERPT_CHARS
    assert error.excerpt is None
    assert "s3cr3t" not in everything_said([error])


def test_a_list_at_the_top_of_a_file_is_not_quoted_when_its_line_is_long(tmp_path: Path) -> None:
    line = "- " + "s3cr3t-" * 30
    listed = write(tmp_path / "listed.yaml", line + "\n")
    [error] = errors_of(listed)
    assert (error.code, error.file) == ("rule-schema", str(listed))
    assert error.message == "the rule file must be a mapping, not a list"
    assert error.excerpt is None
    assert "s3cr3t" not in everything_said([error])


# --- sizes -------------------------------------------------------------------------------


def test_a_rule_file_larger_than_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packs, "MAX_RULE_FILE_BYTES", 64)
    big = write(tmp_path / "big.yaml", ONE_RULE + f"# {SECRET}\n" * 10)
    size = big.stat().st_size
    [error] = errors_of(big)
    assert (error.code, error.file, error.line, error.col) == (
        "rule-file-too-large",
        str(big),
        None,
        None,
    )
    assert error.message.startswith(
        f'"{big}" has {size} bytes, more than the 64 a rule file may have'
    )
    assert SECRET not in everything_said([error])


def test_an_extended_rule_file_larger_than_the_limit_is_refused_at_the_extends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = write(tmp_path / "big.yaml", ONE_RULE.replace("mine", "big") + "# padding\n" * 40)
    mine = extending(tmp_path, "./big.yaml")
    monkeypatch.setattr(packs, "MAX_RULE_FILE_BYTES", mine.stat().st_size)  # mine fits, big not
    [error] = errors_of(mine)
    assert (error.code, error.file, error.line, error.col) == (
        "rule-file-too-large",
        str(mine),
        2,
        10,
    )
    assert error.text is not None
    assert error.text.fields["size"] == big.stat().st_size
    assert error.text.fields["limit"] == mine.stat().st_size


def test_a_rule_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the size on disk is checked first, then never more than the limit and one byte is read:
    # a file that is larger than it said (a /proc file says 0) is refused all the same
    grown = write(tmp_path / "grown.yaml", ONE_RULE)
    real_stat = os.fstat

    def says_empty(descriptor: int) -> os.stat_result:
        found = real_stat(descriptor)
        fields = list(found)
        fields[6] = 0  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(packs, "MAX_RULE_FILE_BYTES", 32)
    monkeypatch.setattr(os, "fstat", says_empty)
    with pytest.raises(Refusal) as caught:
        read_rule_file(grown)
    assert caught.value.code == "rule-file-too-large"
    assert caught.value.text.fields["size"] == 33  # what was read: the limit and one byte


def test_a_folder_with_more_entries_than_a_pack_has_is_refused_as_no_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packs, "MAX_PACK_ENTRIES", 5)
    folder = tmp_path / "everything"
    for index in range(3):
        write(folder / f"sub{index}" / f"rules{index}.yaml", ONE_RULE.replace("mine", f"r{index}"))
    [error] = errors_of(folder)
    assert (error.code, error.file, error.line) == ("not-a-rule-file", str(folder), None)
    assert error.text is not None and error.text.message_id == "rule-folder-too-large"
    assert error.message.startswith(f'the folder "{folder}" holds more than 5 files and folders')


def test_a_folder_within_the_entry_limit_still_loads_as_a_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packs, "MAX_PACK_ENTRIES", 6)
    folder = tmp_path / "pack"
    for index in range(3):
        write(folder / f"sub{index}" / f"rules{index}.yaml", ONE_RULE.replace("mine", f"r{index}"))
    assert sorted(rule.id for rule in load_rules(folder).rules) == ["r0", "r1", "r2"]


def test_rules_naming_a_huge_folder_on_the_command_line_is_a_broken_rule_file_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packs, "MAX_PACK_ENTRIES", 5)
    folder = tmp_path / "everything"
    for index in range(6):
        write(folder / f"notes{index}.txt", "")
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", "--lang", "en", "--rules", str(folder), str(EXAMPLES / "minimal.json")],
        stdout=out,
        stderr=err,
    )
    assert code == EXIT_ERROR
    assert f"{folder}: error[not-a-rule-file] the folder " in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert "no findings" not in out.getvalue().splitlines()


# --- FIFOs: nothing named can make loading wait ---------------------------------------------


@FIFOS
def test_extends_naming_a_fifo_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, reads: list[Path]
) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    mine = extending(tmp_path, "./pipe.yaml")
    [error] = finishes(lambda: errors_of(mine), 60)
    assert (error.code, error.file, error.line, error.col) == ("not-a-rule-file", str(mine), 2, 10)
    assert error.text is not None and error.text.message_id == "rule-file-special"
    assert reads == [mine]


@FIFOS
def test_a_fifo_named_as_the_rules_is_refused_without_waiting_for_a_writer(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    [error] = finishes(lambda: errors_of(fifo), 60)
    assert (error.code, error.file) == ("not-a-rule-file", str(fifo))
    assert error.text is not None and error.text.message_id == "rule-file-special"


@FIFOS
def test_the_one_door_opens_a_fifo_without_waiting_and_refuses_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(Refusal) as caught:
        finishes(lambda: read_rule_file(fifo), 60)
    assert caught.value.code == "not-a-rule-file"
    assert caught.value.text.message_id == "rule-file-special"


# --- regular expressions that could backtrack for ever --------------------------------------


def regex_rule(tmp_path: Path, pattern: str) -> tuple[Path, str]:
    """A rule file whose check (a plain YAML scalar, line 6) matches ``name`` with ``pattern``
    (written as a language text); and that check, as written."""
    check = f"matches(name, {json.dumps(pattern)})"
    text = (
        "rules:\n"
        "  - id: pattern\n"
        "    severity: error\n"
        "    title: t\n"
        "    each: indicators\n"
        f"    check: {check}\n"
        "    message: m\n"
    )
    return write(tmp_path / "patterns.yaml", text), check


CHECK_COLUMN = len("    check: ") + 1
PATTERN_COLUMN = CHECK_COLUMN + len("matches(name, ")
"""Where the pattern's opening quote stands on the check's line."""

BACKTRACKING = {
    "a nested repetition inside a lookahead": ("(?=(.+)+Q)", "repeated part"),
    "a nested repetition": ("(a+)+", "repeated part"),
    "a repeated alternation of overlapping words": ("(a|ab)*", "repeated part"),
    "a repeated alternation of words": ("(?:ab|cd)+", "repeated part"),
    "two unbounded repetitions": ("a*a*b", "more than one unbounded repetition"),
    "bounded repetitions multiplying past the fan limit": (".{0,99}.{0,99}", str(MAX_REGEX_FAN)),
    "optional parts multiplying past the fan limit": ("a?" * 20, str(MAX_REGEX_FAN)),
    "a back-reference": ("(a)\\1", "back-references"),
    "a conditional group": ("(a)(?(1)b|c)", "conditional groups"),
    "a pattern longer than the limit": ("x" * (MAX_REGEX_LENGTH + 1), str(MAX_REGEX_LENGTH)),
}


@pytest.mark.parametrize(("pattern", "says"), BACKTRACKING.values(), ids=BACKTRACKING.keys())
def test_a_pattern_that_could_backtrack_for_ever_is_refused_when_the_rule_loads_at_the_pattern(
    tmp_path: Path, pattern: str, says: str
) -> None:
    path, check = regex_rule(tmp_path, pattern)
    [error] = errors_of(path)
    assert (error.code, error.file, error.line, error.col) == (
        "regex",
        str(path),
        6,
        PATTERN_COLUMN,
    )
    assert error.length == len(json.dumps(pattern))  # the caret spans the pattern, quotes too
    assert error.excerpt == f"    check: {check}"
    assert says in error.message
    assert regex_problem(pattern) == error.message


def test_a_pattern_exactly_as_long_as_the_limit_is_judged_by_its_shape_not_refused_for_length(
    tmp_path: Path,
) -> None:
    pattern = "x" * MAX_REGEX_LENGTH
    path, _ = regex_rule(tmp_path, pattern)
    assert [rule.id for rule in load_rules(path).rules] == ["pattern"]


def test_a_repeated_alternation_of_single_characters_loads_as_the_class_it_is(
    tmp_path: Path,
) -> None:
    # `(a|b)*` is `[ab]*` to Python's regex parser: one character at a time, linear
    path, _ = regex_rule(tmp_path, "(a|b)*")
    assert [rule.id for rule in load_rules(path).rules] == ["pattern"]


SAFE = {
    "a percentage with a bounded fraction": r"^[0-9]+(\.[0-9]{1,6})?%$",
    "a built-in pack's stem capture": r"^(\S*?) {0,3}(指标)? {0,3}(\(.{0,20}\))?$",
    "a built-in pack's alternation of words": "^(产出|成本|效益|满意度)",
}


@pytest.mark.parametrize("pattern", SAFE.values(), ids=SAFE.keys())
def test_a_pattern_whose_work_is_bounded_still_loads(tmp_path: Path, pattern: str) -> None:
    assert regex_problem(pattern) is None
    path, _ = regex_rule(tmp_path, pattern)
    ruleset = load_rules(path)
    assert [rule.id for rule in ruleset.rules] == ["pattern"]
    assert ruleset.errors == ()


def test_two_unbounded_repetitions_are_refused_even_with_a_literal_between_with_a_rewrite_hint(
    tmp_path: Path,
) -> None:
    # docs/security.md: at most one unbounded repetition; the message says how to bound one
    path, _ = regex_rule(tmp_path, r"^[0-9]+(\.[0-9]+)?%$")
    [error] = errors_of(path)
    assert (error.code, error.line, error.col) == ("regex", 6, PATTERN_COLUMN)
    assert "keep one and bound the others, e.g. `.{0,20}`" in error.message


# --- test-rules: an example that cannot be built is that example's failure ------------------

EXAMPLE_PACK = """\
rules:
  - id: project-named
    severity: error
    title: t
    check: filled(project)
    message: m
    examples:
      pass:
        - name: a project
          report: {{project: x}}
      fail:
        - name: {name}
          set: {{{pointer}: "1"}}
"""


def run_test_rules(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["test-rules", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_an_example_setting_a_pointer_past_the_end_of_a_list_is_a_located_failure(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "examples.yaml",
        EXAMPLE_PACK.format(name="past the rows", pointer="/indicators/99/name"),
    )
    code, out, err = run_test_rules(str(path))
    assert (code, err) == (EXIT_FINDINGS, "")
    assert out.splitlines() == [
        f'{path}:2: project-named: fail example "past the rows" could not run: '
        "cannot build it: list index out of range",
        "2 examples of 1 rule: 1 passed, 1 failed",
    ]


def test_an_example_setting_a_pointer_through_a_text_value_is_a_located_failure_not_a_crash(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "examples.yaml",
        EXAMPLE_PACK.format(name="through a text", pointer="/project/x/y"),
    )
    code, out, err = run_test_rules(str(path))
    assert "internal error" not in err and "内部错误" not in err
    assert code == EXIT_FINDINGS
    [located, summary] = out.splitlines()
    assert located.startswith(
        f'{path}:2: project-named: fail example "through a text" could not run: cannot build it: '
    )
    assert summary == "2 examples of 1 rule: 1 passed, 1 failed"
