"""Broken rule files, and exactly what a rule author is told about each.

A case is a pair in this folder:

* ``<case>.rules.yaml``: the broken rule file, verbatim;
* ``<case>.expected``: the exact ``describe()`` of every error ``load_rules``
  raises, joined by newlines, with the file's path written as ``<file>``.

A sub-folder ``<case>/`` is a pack case: the folder is loaded as one pack and
``<file>`` stands for the folder's path. The code of each case's first error
is also pinned in :data:`FIRST_CODES`, so a change of prose and a change of
code show up as different failures.

A ``<case>.xfail`` file (one line: the reason) marks a known defect: the
``.expected`` file holds what the rule author *should* see, not what they see
today, and the case runs as ``xfail(strict=True)`` until it is fixed.

Regenerate the expected files from the current output with::

    python tests/rules/errors/test_rule_errors.py --regen

It leaves the ``.xfail`` cases alone (their expectation is deliberately not the
current output). Review the diff before committing: every changed line is a
change in what rule authors see.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from evallint.errors import RuleSetError
from evallint.rules.loader import load_rules

HERE = Path(__file__).resolve().parent
RULES_SUFFIX = ".rules.yaml"

FIRST_CODES = {
    "bad-severity": "rule-schema",
    "block-scalar-second-line": "unknown-field",
    "check-arity": "arity",
    "check-compare-with-null": "type",
    "check-empty": "rule-schema",
    "check-near-miss-field": "unknown-field",
    "check-regex-nested-repetition": "regex",
    "check-syntax-reversed-operator": "expr-syntax",
    "check-syntax-single-equals": "expr-syntax",
    "check-syntax-unclosed-paren": "expr-syntax",
    "check-text-in-arithmetic": "type",
    "check-unknown-function": "unknown-function",
    "cycle": "extends-cycle",
    "double-quoted-scalar": "unknown-field",
    "double-quoted-scalar-with-escapes": "unknown-field",
    "duplicate-key-in-rule": "duplicate-key",
    "duplicate-rule-id": "duplicate-id",
    "each-near-miss-field": "unknown-field",
    "empty-file": "rule-schema",
    "examples-fail-item-unknown-key": "rule-schema",
    "examples-unknown-key": "rule-schema",
    "expected-syntax": "expr-syntax",
    "extends-unknown-pack": "unknown-pack",
    "file-is-a-list": "rule-schema",
    "folded-scalar": "unknown-field",
    "folded-scalar-two-lines": "unknown-field",
    "id-not-kebab-case": "rule-schema",
    "message-placeholder-near-miss": "unknown-field",
    "message-placeholder-near-miss-plain": "unknown-field",
    "message-placeholder-unclosed": "message",
    "message-without-zh": "rule-schema",
    "missing-check": "rule-schema",
    "missing-id": "rule-schema",
    "missing-message": "rule-schema",
    "missing-severity": "rule-schema",
    "missing-title": "rule-schema",
    "params-not-a-mapping": "rule-schema",
    "single-quoted-scalar": "unknown-field",
    "tags-is-a-string": "rule-schema",
    "title-is-a-list": "rule-schema",
    "two-broken-rules": "unknown-field",
    "unknown-param": "unknown-param",
    "unknown-param-in-message": "unknown-param",
    "unknown-rule-key": "rule-schema",
    "unknown-top-level-key": "rule-schema",
    "when-near-miss-field": "unknown-field",
    "yaml-bad-indentation": "yaml-syntax",
    "yaml-colon-in-value": "yaml-syntax",
    "yaml-misindented-zh": "yaml-syntax",
    "yaml-tab-indent": "yaml-syntax",
    "yaml-unclosed-bracket": "yaml-syntax",
    "yaml-unclosed-quote": "yaml-syntax",
    "yaml-value-starts-with-at": "yaml-syntax",
}


def case_names() -> list[str]:
    """Every case in the folder: rule files and pack folders, by name."""
    files = [p.name[: -len(RULES_SUFFIX)] for p in HERE.glob(f"*{RULES_SUFFIX}")]
    folders = [p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
    return sorted(files + folders)


def case_target(case: str) -> Path:
    """What ``load_rules`` is given for ``case``: its rule file, or its pack folder."""
    folder = HERE / case
    return folder if folder.is_dir() else HERE / f"{case}{RULES_SUFFIX}"


def load_errors(case: str) -> RuleSetError:
    """The error ``load_rules`` raises for ``case`` (the test fails if it loads)."""
    with pytest.raises(RuleSetError) as raised:
        load_rules(case_target(case))
    return raised.value


def described(case: str, error: RuleSetError) -> str:
    """The errors as a rule author reads them, with the case's path written ``<file>``."""
    text = "\n".join(e.describe() for e in error.errors)
    return text.replace(str(case_target(case)), "<file>")


def expected_text(case: str) -> str:
    return (HERE / f"{case}.expected").read_text(encoding="utf-8").rstrip("\n")


def case_param(case: str) -> object:
    reason_file = HERE / f"{case}.xfail"
    if reason_file.exists():
        reason = reason_file.read_text(encoding="utf-8").strip()
        return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=reason), id=case)
    return pytest.param(case, id=case)


@pytest.mark.parametrize("case", [case_param(case) for case in case_names()])
def test_a_broken_rule_file_is_reported_exactly_as_expected(case: str) -> None:
    error = load_errors(case)
    assert error.errors, "RuleSetError without any error"
    assert error.errors[0].code == FIRST_CODES[case]
    assert described(case, error) == expected_text(case)


def test_every_case_has_an_expected_file_and_a_pinned_first_code() -> None:
    cases = case_names()
    assert len(cases) >= 34
    assert sorted(FIRST_CODES) == cases
    missing = [case for case in cases if not (HERE / f"{case}.expected").is_file()]
    assert missing == []
    orphans = sorted(
        p.name
        for p in HERE.iterdir()
        if p.suffix in (".expected", ".xfail") and p.stem not in cases
    )
    assert orphans == []


def test_every_xfail_file_gives_a_reason_on_one_line() -> None:
    for reason_file in HERE.glob("*.xfail"):
        lines = reason_file.read_text(encoding="utf-8").strip().splitlines()
        assert len(lines) == 1, reason_file.name


def test_two_broken_rules_leave_the_good_rule_between_them_loaded_when_not_strict() -> None:
    ruleset = load_rules(case_target("two-broken-rules"), strict=False)
    assert [rule.id for rule in ruleset.rules] == ["score-not-negative"]
    assert sorted((e.line, e.code) for e in ruleset.errors) == [
        (6, "unknown-field"),
        (17, "rule-schema"),
    ]


def test_every_error_of_a_broken_rule_file_is_an_error_and_names_its_file() -> None:
    for case in case_names():
        if (HERE / f"{case}.xfail").exists():
            continue
        target = str(case_target(case))
        for error in load_errors(case).errors:
            assert error.severity == "error", case
            assert error.file.startswith(target), case


def regenerate() -> None:
    """Rewrite every ``.expected`` file but the xfail ones from the current output."""
    for case in case_names():
        if (HERE / f"{case}.xfail").exists():
            print(f"kept     {case} (xfail)")
            continue
        try:
            load_rules(case_target(case))
        except RuleSetError as error:
            text = described(case, error)
        else:
            print(f"LOADS    {case}: not a broken rule file any more", file=sys.stderr)
            continue
        path = HERE / f"{case}.expected"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(text + "\n", encoding="utf-8")
        print(f"{'same' if old == text + chr(10) else 'REWROTE':<8} {case}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--regen"]:
        sys.exit(f"usage: python {Path(__file__).name} --regen  (then review the diff)")
    regenerate()
