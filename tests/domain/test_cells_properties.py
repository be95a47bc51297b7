"""Properties of reading a cell: numbers survive every way of typing them, nothing raises."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from evallint.domain.cells import PREFIX_COMPARATORS, Cell, read_cell

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
SPACES = st.text(alphabet=" \u3000\u00a0", max_size=3)


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    """A finite decimal as a clerk writes it: up to 12 integer digits and 6 places."""
    sign = draw(st.sampled_from(["", "-"]))
    whole = draw(st.integers(min_value=0, max_value=10**12 - 1))
    places = draw(st.text(alphabet="0123456789", max_size=6))
    return f"{sign}{whole}.{places}" if places else f"{sign}{whole}"


@given(
    number=written_numbers(),
    full_width=st.booleans(),
    comparator=st.none() | st.sampled_from(sorted(PREFIX_COMPARATORS)),
    percent=st.sampled_from(["", "%", "％"]),
    before=SPACES,
    between=SPACES,
    after=SPACES,
)
def test_a_typed_number_reads_back_to_the_same_value(
    number: str,
    full_width: bool,
    comparator: str | None,
    percent: str,
    before: str,
    between: str,
    after: str,
) -> None:
    digits = number.translate(FULL_WIDTH) if full_width else number
    text = f"{before}{comparator or ''}{between}{digits}{between}{percent}{after}"
    cell = read_cell(text)
    assert cell.kind == ("number" if comparator is None else "quantity")
    assert cell.value == Decimal(number)
    assert cell.comparator == (None if comparator is None else PREFIX_COMPARATORS[comparator])
    assert cell.percent is bool(percent)
    assert cell.raw == text


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789.,%％≥≤<>=-~至万元个以上内余约近 \u3000"),
        st.integers(),
        st.decimals(),
        st.none(),
        st.booleans(),
        st.floats(),
        st.lists(st.integers(), max_size=2),
    ),
    st.one_of(st.none(), st.text(), st.sampled_from(["≥", "＝", "定性", "以上"])),
    st.one_of(st.none(), st.text(), st.sampled_from(["%", "个", "百分比", "　"])),
)
def test_reading_never_raises(value: object, nature: object, unit: object) -> None:
    cell = read_cell(value, nature=nature, unit=unit)
    assert isinstance(cell, Cell)
    if cell.kind in ("number", "quantity"):
        assert cell.value is not None
        assert cell.decimals is not None
    else:
        assert cell.value is None
        assert cell.number is None


@given(st.text(alphabet=" \u3000\u00a0\t"))
def test_white_space_only_is_blank(text: str) -> None:
    cell = read_cell(text)
    assert cell.kind == "blank"
    assert cell.value is None


@given(written_numbers())
def test_decimals_are_the_places_written(number: str) -> None:
    assert read_cell(number).decimals == len(number.partition(".")[2])


@given(written_numbers())
def test_a_percentage_computes_as_its_hundredth_exactly(number: str) -> None:
    assert read_cell(number + "%").number == Decimal(number) / 100
