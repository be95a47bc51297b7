"""Data built in Python, made like data read from a file: numbers exact, keys text.

Reports and parameters may come as Python dicts (a caller of :func:`evallint.lint`,
a TOML configuration, a rule example): :func:`normalise` gives them the shape
the readers give, so everything downstream sees one kind of data. Numbers meet
the one number policy (:mod:`evallint.domain.numbers`) here as they do in the
JSON and YAML readers: an int, float or Decimal beyond it becomes an unreadable
number, never one a rule computes with.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from evallint.domain.numbers import is_readable, number_from_value
from evallint.errors import ReportError, Text
from evallint.read.text import MAX_DEPTH


def normalise(data: Any, depth: int = 0) -> Any:
    """``data`` with every number a Decimal and every key text.

    A float becomes the Decimal of its shortest repr (``9.4`` → ``Decimal("9.4")``),
    which is what the person typed; ints become Decimal too; a number beyond the
    number policy becomes unreadable (NaN and infinity stay as they are: the schema
    calls them a cell of the wrong kind). Raises :class:`ReportError` for data
    nested deeper than a report can be.
    """
    if depth > MAX_DEPTH:
        raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH}), pointer="")
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return data
    if isinstance(data, (int, Decimal)):
        return number_from_value(data)
    if isinstance(data, float):
        return number_from_value(Decimal(repr(data)))
    if isinstance(data, Mapping):
        return {str(k): normalise(v, depth + 1) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [normalise(v, depth + 1) for v in data]
    return str(data)


# Values kept as they are; a Decimal is kept when the number policy reads it.
_PLAIN = (str, bool, type(None))


def as_loaded(data: Any, depth: int = 0) -> Any:
    """``data`` as :func:`normalise` makes it, but not copied where nothing changes.

    A report built by hand or parsed with ``parse_float=Decimal`` is mostly text
    and Decimal already: only the objects and lists holding an int, a float, a
    Decimal beyond the number policy or a key that is no text are copied; data
    needing no change comes back as it is (so the caller must not change it while
    it is being checked).
    """
    if depth > MAX_DEPTH:
        raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH}), pointer="")
    kind = type(data)
    if kind is dict:
        copy: dict[str, Any] | None = None
        for key, value in data.items():
            value_kind = type(value)
            if value_kind in _PLAIN or (value_kind is Decimal and is_readable(value)):
                new = value
            else:
                new = as_loaded(value, depth + 1)
            if copy is None and (new is not value or type(key) is not str):
                copy = {str(k): v for k, v in data.items()}  # the entries so far, unchanged
            if copy is not None:
                copy[str(key)] = new
        return data if copy is None else copy
    if kind is list:
        items: list[Any] | None = None
        for index, value in enumerate(data):
            value_kind = type(value)
            if value_kind in _PLAIN or (value_kind is Decimal and is_readable(value)):
                new = value
            else:
                new = as_loaded(value, depth + 1)
            if items is None and new is not value:
                items = list(data)
            if items is not None:
                items[index] = new
        return data if items is None else items
    if kind in _PLAIN:
        return data
    return normalise(data, depth)
