"""Paths already reported are looked up as a tree: the same answer as comparing each pair,
in time that does not grow with the number reported (issue 16: 10,000 unreadable rows made
every rule compare every row with every finding)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from evallint.run.engine import Reported

PART = st.sampled_from(["a", "b", "0", "1", "", "~1"])
PATH = st.lists(PART, max_size=4).map(lambda parts: "".join("/" + part for part in parts))
PATTERN = st.lists(st.one_of(PART, st.just("*")), max_size=4).map(
    lambda parts: "".join("/" + part for part in parts)
)


def overlap(pattern: str, path: str) -> bool:
    """The definition: one is the other or lies inside it, ``*`` matching any one part."""
    left, right = pattern.split("/"), path.split("/")
    return all(a == b or a == "*" for a, b in zip(left, right, strict=False))


@given(reported=st.lists(PATH, max_size=5), pattern=PATTERN)
def test_a_pattern_meets_the_tree_exactly_when_it_meets_one_path(
    reported: list[str], pattern: str
) -> None:
    assert Reported(reported).meets(pattern) == any(overlap(pattern, path) for path in reported)


def test_the_whole_report_reported_meets_everything_and_nothing_reported_meets_nothing() -> None:
    assert Reported([""]).meets("/indicators/3/score")
    assert not Reported([]).meets("")
    assert not Reported([])


def test_ten_thousand_rows_reported_are_asked_about_one_path_at_a_time() -> None:
    reported = Reported(f"/indicators/{row}/weight" for row in range(10_000))
    assert reported.meets("/indicators/9999/weight")
    assert reported.meets("/indicators/9999")  # the row holds a reported cell
    assert not reported.meets("/indicators/9999/score")
    assert reported.meets("/indicators/*/weight")
