"""Every built-in rule's English message, proofread on every failing example of its pack
(issue 17): plurals that agree with their count, one way to write a percentage, no garbled
joins (doubled spaces, a space before punctuation, empty brackets, Python's own words),
nothing left of the template.

A cell's own text (Chinese, as typed) is quoted inside messages, so the checks look at
the English around it: they say what a proofreader would mark, not how a cell is written.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from evallint.rules.packs import builtin_pack_names
from evallint.testing import ExampleResult, run_examples

# "1 indicators", "1 rows": a count of one with a plural noun (and "2 indicator" the other way)
ONE_WITH_PLURAL = re.compile(
    r"(?<![\d.-])1 (indicators|rows|errors|warnings|inputs|reports|items|sections|points|"
    r"figures|amounts|cells|rules|categories|outputs|targets|years|days|times)\b"
)
MANY_WITH_SINGULAR = re.compile(
    r"(?<![\d.-])(?:[02-9]|\d{2,}) (indicator|row|error|warning|input|report|item|section|"
    r"figure|amount|cell|rule|category|output|target)\b"
    r"(?! (?:indicators?|rows?|weights?|scores?|names?|values?|points?)\b)"
)
PROBLEMS = {
    "a percentage spelled out (the messages write %)": re.compile(r"\d ?percent\b"),
    "a doubled space": re.compile(r"[^ ]  +[^ (]"),
    "a space before punctuation": re.compile(r"[A-Za-z)] [,.;:!?](?!\d)"),
    "empty brackets": re.compile(r"\(\s*\)|\[\s*\]|“\s*”|\"\s*\"(?!\w)"),
    "a template placeholder left": re.compile(r"\{[^}]*\}"),
    "a Python word": re.compile(r"\b(?:None|True|False|Decimal\(|UNKNOWN|nan|NaN)\b"),
    "doubled punctuation": re.compile(r"[,;:]\s*[,;:]|\.\s*\.(?!\.)"),
    "a Chinese comma or full stop right after English": re.compile(r"[A-Za-z][，。；：]"),
    "a computed number with trailing zeros": re.compile(
        r"(?<![\"“\w.])\d+\.\d*?0(?![\d%\"”])\b(?! ?[)\"”])"
    ),
}


@cache
def failing_messages() -> list[tuple[str, str]]:
    """(rule id, English message) of every finding every fail example of every pack gives."""
    found: list[tuple[str, str]] = []
    for pack in builtin_pack_names():
        results: list[ExampleResult] = run_examples(pack)
        for result in results:
            if result.case.kind == "fail":
                found += [(result.case.rule.id, message) for message in result.messages]
    return found


def test_the_examples_give_english_messages_to_proofread() -> None:
    messages = failing_messages()
    rules = {rule for rule, _ in messages}
    assert len(messages) > 300 and len(rules) > 50


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_no_english_message_has(problem: str) -> None:
    pattern = PROBLEMS[problem]
    bad = sorted(
        {
            f"{rule}: {message}"
            for rule, message in failing_messages()
            if pattern.search(_english_part(message))
        }
    )
    assert not bad, f"{problem}:\n" + "\n".join(bad[:20])


def test_counts_agree_with_their_nouns() -> None:
    bad = sorted(
        {
            f"{rule}: {message}"
            for rule, message in failing_messages()
            if ONE_WITH_PLURAL.search(_english_part(message))
            or MANY_WITH_SINGULAR.search(_english_part(message))
        }
    )
    assert not bad, "\n".join(bad[:20])


def _english_part(message: str) -> str:
    """The message without what it quotes: a cell or a heading between quotes is the
    form's own text, written as the person wrote it."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", "“…”", message)
