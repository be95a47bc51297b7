"""One policy for the numbers evallint reads, whoever reads them.

A number evallint computes with is finite, has at most ``limits.MAX_NUMBER_DIGITS``
significant digits and a magnitude within ``10**±limits.MAX_NUMBER_EXPONENT``: a
form's amounts need some fifteen digits, and ``1e999999999`` would take minutes to
print. Every door applies the policy where a number comes in: JSON and YAML tokens
through :func:`number_from_text` (before a Decimal is built, so a megabyte of digits is
never read in full), Python values (data given to the API, office cells) through
:func:`number_from_value`. A number beyond the policy becomes an
:class:`UnreadableNumber`: a NaN to every computation, so nothing is computed with it,
that keeps the number as written for the message saying its cell cannot be read.
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation
from typing import Any, Final

from evallint.limits import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT
from evallint.messages import decimal_text

__all__ = ["UnreadableNumber", "is_readable", "number_from_text", "number_from_value"]

# A token without an exponent and no longer than this is within the policy: it has no
# more digits than characters, and its magnitude is at most 10**(length - 1).
_SAFE_LENGTH: Final = min(MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT + 1)
# An int of at most this many bits has at most 49 digits: cheap to make a Decimal of
# (Decimal(int) takes time quadratic in the digits), and the policy decides the rest.
_SAFE_BITS: Final = 160
_TOKEN: Final = re.compile(r"([-+]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?)([0-9]+))?")
_SHOWN_CHARS: Final = MAX_NUMBER_DIGITS
"""Characters of an unreadable number kept to show it."""
_NOT_A_NUMBER: Final = Decimal("NaN")
_ESTIMATE: Final = Context(prec=30, Emax=MAX_EMAX, Emin=MIN_EMIN)  # rounded to 15 when shown


class UnreadableNumber(Decimal):
    """A number read but beyond the policy: NaN to arithmetic, ``text`` as it was written.

    ``str()`` gives the text (cut to a few dozen characters), so a message or an
    output shows the number the person typed; a reader keeps it in the data where
    the number was, and the report schema says that cell cannot be read.
    """

    text: str

    def __new__(cls, text: str) -> UnreadableNumber:
        number = super().__new__(cls, "NaN")
        number.text = text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        # sent back from worker processes: keep the text (Decimal's own would give "NaN")
        return (UnreadableNumber, (self.text,))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"UnreadableNumber({self.text!r})"


def is_readable(number: Decimal) -> bool:
    """Whether evallint computes with ``number``: finite, within the digits and the magnitude."""
    if not number.is_finite():
        return False
    if not -MAX_NUMBER_EXPONENT <= number.adjusted() <= MAX_NUMBER_EXPONENT:
        return False
    # str() is cheaper than as_tuple(), and a short one cannot hide too many digits
    return (
        len(str(number)) <= MAX_NUMBER_DIGITS or len(number.as_tuple().digits) <= MAX_NUMBER_DIGITS
    )


def number_from_text(text: str) -> Decimal:
    """The number a JSON or YAML token writes (``-12.5``, ``1e9``): exact, or unreadable.

    ``text`` must be written as JSON or YAML write a decimal number (optional sign,
    digits with an optional point, an optional exponent), without ``_``. Raises
    :class:`ValueError` for anything else. The common short token costs one Decimal.
    """
    if len(text) <= _SAFE_LENGTH and "e" not in text and "E" not in text:
        try:
            number = Decimal(text)  # within the policy by its length
        except InvalidOperation:
            number = _NOT_A_NUMBER  # not the syntax: _careful says so
        if number.is_finite():  # not "NaN" from a caller that did not match the syntax
            return number
    return _careful(text)


def _careful(text: str) -> Decimal:
    """The number in a long token or one with an exponent, sized before it is built."""
    match = _TOKEN.fullmatch(text)
    if match is None or not (match[2] or match[3]):
        raise ValueError(f"not a number: {text[:_SHOWN_CHARS]!r}")
    sign, whole, fraction = match[1], match[2], match[3] or ""
    power = (match[5] or "0").lstrip("0") or "0"
    if len(power) > 18:  # |exponent| >= 10**18: no digits written could bring it back in range
        return UnreadableNumber(text)
    exponent = int((match[4] or "") + power) - len(fraction)
    digits = (whole + fraction).lstrip("0")
    count = len(digits) or 1  # a zero has one digit
    adjusted = exponent + count - 1
    if count > MAX_NUMBER_DIGITS or not -MAX_NUMBER_EXPONENT <= adjusted <= MAX_NUMBER_EXPONENT:
        return UnreadableNumber(text)
    return Decimal(f"{sign}{digits or '0'}E{exponent}")


def number_from_value(value: int | Decimal) -> Decimal:
    """``value`` as a Decimal evallint computes with, or unreadable; never a slow conversion.

    An int is sized by its bits before it becomes a Decimal; a Decimal beyond the
    policy becomes an :class:`UnreadableNumber` showing it. NaN and infinity stay
    what they are (the report schema calls them a cell of the wrong kind). A float
    is the caller's to turn into ``Decimal(repr(value))`` first.
    """
    if isinstance(value, Decimal):
        if not value.is_finite() or is_readable(value):  # an UnreadableNumber is a NaN
            return value
        return UnreadableNumber(decimal_text(value))
    if value.bit_length() > _SAFE_BITS:
        return UnreadableNumber(_estimate(value))
    return number_from_value(Decimal(value))


def _estimate(value: int) -> str:
    """An int too long to write out, as ``≈1.23456789012345E+1000`` (from its top 64 bits)."""
    shift = value.bit_length() - 64
    top = abs(value) >> shift
    estimate = _ESTIMATE.multiply(Decimal(top), _ESTIMATE.power(Decimal(2), shift))
    return f"≈{'-' if value < 0 else ''}{decimal_text(estimate)}"
