"""What Excel shows for a value a sheet stores: numbers in their format, dates, durations.

Excel stores 0.9411 and shows ``94%``; the person checked ``94%``, so that is the
value (:func:`show`), and 0.9411 is kept beside it. A number is read from the text
the sheet stores, to the 15 significant digits Excel keeps, and never through a
binary float; dates and durations are day counts read as openpyxl reads them.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from evallint.limits import MAX_NUMBER_EXPONENT

WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
MAC_EPOCH = datetime.datetime(1904, 1, 1)
"""Day 0 of a workbook's dates (``date1904`` picks the second)."""

_FIXED = re.compile(r"^[#,]*0(?:\.(0+))?$")
_EXCEL_DIGITS = 15
"""Significant digits Excel keeps and shows: a stored 0.30000000000000004 is 0.3."""
_MS_PER_DAY = 86_400_000


def read_number(text: str) -> Decimal | str:
    """A stored number as Excel shows it (15 significant digits); odd text stays text."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not number.is_finite() or abs(number.adjusted()) > MAX_NUMBER_EXPONENT:
        return text  # the number policy reads it (as an unreadable cell), not this reader
    if len(number.as_tuple().digits) > _EXCEL_DIGITS:
        number = number.quantize(
            Decimal(1).scaleb(number.adjusted() - _EXCEL_DIGITS + 1), ROUND_HALF_UP
        ).normalize()
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        number = number.quantize(Decimal(1))  # 1E+3 is written 1000
    return number if not number.is_zero() else abs(number)


def serial_date(number: Decimal, epoch: datetime.datetime, *, duration: bool) -> Any:
    """A date or a duration Excel keeps as a day count, as openpyxl reads it."""
    try:
        if duration:
            milliseconds = int((number * _MS_PER_DAY).to_integral_value(ROUND_HALF_EVEN))
            return datetime.timedelta(milliseconds=milliseconds)
        day = number.to_integral_value(ROUND_FLOOR)
        milliseconds = int(((number - day) * _MS_PER_DAY).to_integral_value(ROUND_HALF_EVEN))
        part = datetime.timedelta(milliseconds=milliseconds)
        if 0 <= number < 1 and part.days == 0:
            minutes, seconds = divmod(part.seconds, 60)
            hours, minutes = divmod(minutes, 60)
            return datetime.time(hours, minutes, seconds, part.microseconds)
        if 0 < number < 60 and epoch == WINDOWS_EPOCH:
            day += 1  # Excel's 29 February 1900, a day that never was
        return epoch + datetime.timedelta(days=int(day)) + part
    except (OverflowError, ValueError):
        return "#VALUE!"


def iso_date(text: str) -> Any:
    """A date the sheet stores as ISO text (``t="d"``), as openpyxl reads it."""
    from openpyxl.utils.datetime import from_ISO8601

    try:
        return from_ISO8601(text)  # type: ignore[no-untyped-call]
    except (ValueError, TypeError, OverflowError):
        return text


def show(value: Any, number_format: str) -> tuple[str | Decimal, str | None]:
    """What Excel shows for ``value`` in ``number_format``, and the stored value if it differs."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat(), None
        return value.isoformat(sep=" "), None
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat(), None
    if isinstance(value, datetime.timedelta):
        return str(value), None
    if not isinstance(value, (int, float, Decimal)):
        return str(value), None
    try:
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value), None
    if not exact.is_finite():
        return str(value), None
    code = number_format.split(";")[0].strip()
    try:
        if code.endswith("%"):
            places = _places(code[:-1])
            if places is None:
                return exact, None
            shown = (exact * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
            stored = None if shown == exact * 100 else _plain(exact)
            return f"{_plain(shown)}%", stored
        places = _places(code)
        if places is None:  # General, or a format we do not imitate: the number itself
            return exact, None
        shown = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    except InvalidOperation:  # more places than a decimal holds: the number itself
        return exact, None
    return shown, (None if shown == exact else _plain(exact))


def _places(code: str) -> int | None:
    match = _FIXED.match(code.replace("\\", ""))
    if match is None:
        return None
    return len(match.group(1) or "")


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text
