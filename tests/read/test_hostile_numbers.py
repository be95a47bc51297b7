"""One number policy for every reader (issue 16): a number beyond the digits or the magnitude
evallint computes with, or not finite, is an unreadable cell — one schema finding at its
pointer, unknown to the rules — never a traceback, a hang or a number computed with; in a
rule file it is an error at file:line:col. And no number is ever printed digit by digit."""

from __future__ import annotations

import copy
import io
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evallint import lint, load_report, read_cell, validate_report
from evallint.cli.exit import EXIT_FINDINGS
from evallint.cli.main import main
from evallint.domain.numbers import (
    UnreadableNumber,
    is_readable,
    number_from_text,
    number_from_value,
)
from evallint.errors import ReportError, RuleSetError
from evallint.limits import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT
from evallint.messages import decimal_text, show_value
from evallint.read.data import as_loaded, normalise
from evallint.read.jsondoc import parse_json
from evallint.read.yamldoc import parse_yaml
from evallint.rules.loader import load_rules
from tests.bounded import finishes
from tests.paths import EXAMPLES

MINIMAL_TEXT = (EXAMPLES / "minimal.json").read_text(encoding="utf-8")
MINIMAL = json.loads(MINIMAL_TEXT)
CELL = "/indicators/1/score"


def with_score(value: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data["indicators"][1]["score"] = value
    return data


def score_as_json(token: str) -> str:
    return MINIMAL_TEXT.replace('"score": "15"', f'"score": {token}', 1)


def at_cell(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in findings if f.path.startswith("/indicators/1")]


# --- the policy itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["0", "-0.0", "127.38", "1e30", "-1E+30", "1e-30", "0.1e-29", "1" * MAX_NUMBER_DIGITS + "e-20"],
)
def test_a_number_within_the_policy_is_read_exactly(token: str) -> None:
    number = number_from_text(token)
    assert type(number) is Decimal
    assert number == Decimal(token)
    assert str(number) == str(Decimal(token))  # digits as written, trailing zeros included
    assert is_readable(number)


@pytest.mark.parametrize(
    "token",
    [
        "1e9999999999999999999999",  # beyond any exponent a Decimal can hold
        "1e999999999",
        "1e31",
        "-1e31",
        "1e-31",
        "0.5e-30",
        "1" * (MAX_NUMBER_DIGITS + 1),
        "9" * 100_000,
        "0." + "0" * 100_000 + "1",
        "0e-99",
    ],
    ids=lambda token: token if len(token) < 30 else f"{token[:10]}…({len(token)} chars)",
)
def test_a_number_beyond_the_policy_is_unreadable_and_keeps_its_text(token: str) -> None:
    number = number_from_text(token)
    assert isinstance(number, UnreadableNumber)
    assert not number.is_finite()  # NaN to every computation: never computed with
    assert str(number) == (token if len(token) <= MAX_NUMBER_DIGITS else token[:40] + "…")


def test_an_exponent_written_with_leading_zeros_is_read_for_what_it_is() -> None:
    assert number_from_text("1e" + "0" * 1000 + "5") == Decimal("1e5")


@pytest.mark.parametrize(
    "value",
    [10**500, -(3**5000), Decimal("1e999999999"), Decimal("9" * 50)],
    ids=["10**500", "-3**5000", "Decimal-1e999999999", "Decimal-50-nines"],
)
def test_a_python_number_beyond_the_policy_is_unreadable_quickly(value: int | Decimal) -> None:
    number = finishes(lambda: number_from_value(value))
    assert isinstance(number, UnreadableNumber)


def test_an_unreadable_number_survives_a_worker_process() -> None:
    number = UnreadableNumber("1e999999999")
    again = pickle.loads(pickle.dumps(number))
    assert isinstance(again, UnreadableNumber) and str(again) == "1e999999999"


# --- JSON ------------------------------------------------------------------------------------


def test_a_json_number_with_a_huge_exponent_is_no_traceback_but_an_unreadable_cell() -> None:
    findings = lint(score_as_json("1e9999999999999999999999"), "national-2020")
    assert at_cell(findings) == [("schema-type", CELL)]
    finding = next(f for f in findings if f.path == CELL)
    assert "1e9999999999999999999999" in finding.message
    assert finding.values["range"] == {"digits": MAX_NUMBER_DIGITS, "exponent": MAX_NUMBER_EXPONENT}
    # the rest of the form is still checked: elsewhere, the findings of the cell left blank
    blank = lint(with_score(None), "national-2020")
    assert {(f.rule, f.path) for f in findings if f.path != CELL} == {
        (f.rule, f.path) for f in blank if f.path != CELL
    }


def test_a_score_of_1e999999999_is_checked_at_once_through_the_command_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "form.json"
    path.write_text(score_as_json("1e999999999"), encoding="utf-8")
    out = io.StringIO()
    code = finishes(lambda: main(["check", "--lang", "en", str(path)], stdout=out))
    assert code == EXIT_FINDINGS
    assert f"{path}: {CELL}: error[schema-type]" in out.getvalue()
    assert "1e999999999 is beyond what evallint computes with" in out.getvalue()


def test_a_jsonl_line_with_an_unreadable_number_does_not_take_the_batch_down(
    tmp_path: Path,
) -> None:
    line = json.dumps(MINIMAL, ensure_ascii=False)
    bad = score_as_json("1e999999999").replace("\n", " ")
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([line, bad, line]) + "\n", encoding="utf-8")
    out = io.StringIO()
    code = main(["check", "--format", "json", str(path)], stdout=out)
    document = json.loads(out.getvalue())
    assert code == EXIT_FINDINGS
    assert document["summary"]["reports"] == 3
    found = [(f["rule"], f["path"], f["line"]) for f in document["findings"]]
    assert found == [("schema-type", CELL, 2)]


def test_json_numbers_are_counted_and_a_document_of_millions_stops_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("evallint.read.jsondoc.MAX_NODES", 1000)
    parse_json("[" + ",".join(["1"] * 1000) + "]")
    with pytest.raises(ReportError) as caught:
        parse_json("[" + ",".join(["1"] * 1001) + "]")
    assert caught.value.code == "report-too-many-values"


# --- YAML: reports and rule files ---------------------------------------------------------------


def yaml_report(score: str) -> str:
    head = "project: 示例\nfunds: {total: {}}\nindicators:\n  - name: 培训\n"
    return f"{head}    score: {score}\n"


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        ("1" * 300, "1" * 40 + "…"),  # an integer hundreds of digits long
        ("1.0e+999999999", "1.0e+999999999"),
        ("0x" + "f" * 1000, "0x" + "f" * 38 + "…"),  # never read into an int
    ],
)
def test_a_yaml_report_number_beyond_the_policy_is_an_unreadable_cell(
    score: str, shown: str
) -> None:
    report = finishes(lambda: load_report(yaml_report(score)))
    assert isinstance(report, type(load_report(yaml_report("1"))))
    value = report.data["indicators"][0]["score"]
    assert isinstance(value, UnreadableNumber) and str(value) == shown
    findings = validate_report(report.data)
    assert [(f.rule, f.path) for f in findings] == [("schema-type", "/indicators/0/score")]


def test_yaml_reads_sexagesimal_as_text_as_yaml_1_2_does() -> None:
    data = parse_yaml("a: 1:2:3\nb: 190:20:30.15\nc: 0x1F\nd: 1_000\ne: 012").data
    assert data == {"a": "1:2:3", "b": "190:20:30.15", "c": 31, "d": 1000, "e": 12}


def test_yaml_infinity_is_a_cell_of_the_wrong_kind_in_a_report() -> None:
    report = load_report(yaml_report(".inf"))
    findings = validate_report(report.data)
    assert [(f.rule, f.path) for f in findings] == [("schema-type", "/indicators/0/score")]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("!!int abc", "yaml:tag-value"),
        ("!!float x", "yaml:tag-value"),
        ("!!bool yes", "yaml:tag-value"),
        ("!!int 1:2:3", "yaml:tag-value"),
        ("!!python/object:os.system {}", "report-yaml"),
        ("!foo bar", "report-yaml"),
        ("!!binary aGk=", "report-yaml"),
    ],
)
def test_an_explicit_tag_in_a_yaml_report_is_a_located_error_not_a_traceback(
    value: str, code: str
) -> None:
    with pytest.raises(ReportError) as caught:
        load_report(yaml_report(value))
    assert (caught.value.code, caught.value.line, caught.value.col) == (code, 5, 12)


def test_explicit_tags_of_plain_data_are_read() -> None:
    data = parse_yaml("a: !!str 12\nb: !!float 1\nc: !!int '7'\nd: !!null ~\ne: !!bool true").data
    assert data == {"a": "12", "b": Decimal(1), "c": Decimal(7), "d": None, "e": True}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1.0e+999999999", "number-out-of-range"),
        ("1" * 300, "number-out-of-range"),
        (".nan", "number-out-of-range"),
        ("!!int abc", "yaml:tag-value"),
    ],
)
def test_a_number_beyond_the_policy_in_a_rule_file_is_an_error_at_file_line_col(
    tmp_path: Path, value: str, code: str
) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(f"name: hostile\nparams:\n  limit: {value}\nrules: []\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rules(path)
    (error,) = caught.value.errors
    assert (error.file, error.line, error.col) == (str(path), 3, 10)
    assert error.text is not None and error.text.message_id == code


# --- data given to the API ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [10**500, 10**40, 1e300, Decimal("1e999999999"), Decimal("9" * 100), Decimal("1e-40")],
    ids=["int-10**500", "int-10**40", "float-1e300", "Decimal-1e999999999", "100-nines", "1e-40"],
)
def test_a_number_beyond_the_policy_in_a_dict_is_one_schema_finding_and_no_rule_error(
    value: Any,
) -> None:
    data = with_score(value)
    findings = finishes(lambda: lint(data, "national-2020"))
    assert at_cell(findings) == [("schema-type", CELL)]
    assert "rule-error" not in {f.rule for f in findings}
    assert data["indicators"][1]["score"] is value  # the caller's dict is left as it was


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("-Infinity")], ids=repr)
def test_a_number_that_is_not_finite_in_a_dict_is_a_cell_of_the_wrong_kind(value: Any) -> None:
    assert at_cell(lint(with_score(value), "national-2020")) == [("schema-type", CELL)]


def test_a_number_beyond_the_policy_under_any_key_never_reaches_a_rule_as_a_number() -> None:
    data = {**MINIMAL, "extra": {"n": 10**500, "m": Decimal("1e999999999"), "k": 7}}
    loaded = as_loaded(data)
    assert isinstance(loaded["extra"]["n"], UnreadableNumber)
    assert isinstance(loaded["extra"]["m"], UnreadableNumber)
    assert loaded["extra"]["k"] == Decimal(7)
    assert isinstance(normalise({"n": 10**500})["n"], UnreadableNumber)


def test_a_report_built_by_hand_with_a_huge_number_still_gets_its_finding() -> None:
    findings = validate_report(with_score(Decimal("1e999999999")), lang="en")
    assert [(f.rule, f.path) for f in findings] == [("schema-type", CELL)]
    assert "1E+999999999 is beyond" in findings[0].message


# --- reading a cell ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [10**5000, Decimal("1e999999999"), "9" * 100, "1" + "0" * 35 + "万亿", "1e999999999"],
    ids=["int-10**5000", "Decimal-1e999999999", "text-100-nines", "text-1e47", "text-1e999999999"],
)
def test_a_cell_holding_a_number_beyond_the_policy_reads_as_text(value: Any) -> None:
    cell = finishes(lambda: read_cell(value))
    assert cell.kind == "text" and cell.value is None


def test_a_cell_within_the_policy_still_reads_as_its_number() -> None:
    assert read_cell("1" * 30 + "%").number == Decimal("1" * 28 + ".11")
    assert read_cell(10**30).value == 10**30


# --- formatting: bounded, whatever the number -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1e999999999", "1E+999999999"),
        ("-1e999999999", "-1E+999999999"),
        ("9" * 100, "1E+100"),
        ("1e-999999999", "0"),
        ("0E-1000000", "0"),
        ("123456789012345678901234567890123", "1.23456789012346E+32"),
        ("1e30", "1" + "0" * 30),
        ("127.38", "127.38"),
        ("0.941100", "0.941100"),
        ("0.94112345", "0.9411"),
        ("12345678901234567890123456789.1234567", "12345678901234567890123456789.1235"),
    ],
)
def test_a_number_is_shown_in_a_bounded_number_of_characters(value: str, text: str) -> None:
    assert finishes(lambda: decimal_text(Decimal(value))) == text
    # a message shows it as a person writes it: no trailing zeros after the point
    shown = text.rstrip("0").rstrip(".") if "." in text and "E" not in text else text
    assert show_value(Decimal(value), "zh") == shown


def test_an_unreadable_number_is_shown_as_it_was_written() -> None:
    assert show_value(UnreadableNumber("1e9999999999999999999999"), "en") == (
        "1e9999999999999999999999"
    )
    assert decimal_text(Decimal("NaN")) == "NaN"


def test_a_rule_computing_a_huge_number_is_shown_bounded() -> None:
    # the language may compute what no cell holds (a product of products): its message is
    # still a line, not a million digits
    assert len(decimal_text(Decimal("9.99E+999999"))) < 30


def test_a_report_built_by_hand_meets_the_number_policy_when_it_is_checked() -> None:
    # found by the fuzzing campaign: Report(data) skipped the readers, and a 5,000-digit int
    # in it reached the SARIF output, which could not write it
    from evallint.formatters import render
    from evallint.formatters.base import Options
    from evallint.read.report import Report
    from evallint.results import Summary
    from evallint.run.check import check_report

    report = Report({"project": "x", "year": 10**5000, "funds": {}, "indicators": []})
    result = check_report(report, load_rules("national-2020"))
    [year] = [f for f in result.findings if f.path == "/year"]
    assert (year.rule, year.values["value"]) == ("schema-type", "≈1E+5000")
    summary = Summary(1)
    summary.add(result)
    for name in ("sarif", "json", "junit"):
        assert "≈1E+5000" in render(name, [result], summary, Options())


def test_a_report_built_by_hand_too_deep_to_check_is_an_input_error_not_an_exception() -> None:
    # found by the 10^5 campaign, once reports built by hand were brought into form
    from evallint.read.report import Report
    from evallint.run.check import check_report

    deep: list[object] = []
    for _ in range(200):
        deep = [deep]
    result = check_report(Report({"project": "x", "extra": deep}, file="form.json"))
    assert result.error is not None
    assert (result.input, result.error.code, result.error.file) == (
        "form.json",
        "report-too-deep",
        "form.json",
    )
