"""Data built in Python, made like data read from a file: numbers exact, keys text.

Reports and parameters may come as Python dicts (a caller of :func:`evallint.lint`,
a TOML configuration, a rule example): :func:`normalise` gives them the shape
the readers give, so everything downstream sees one kind of data.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from evallint.errors import ReportError, Text
from evallint.read.text import MAX_DEPTH


def normalise(data: Any, depth: int = 0) -> Any:
    """``data`` with every number a Decimal and every key text.

    A float becomes the Decimal of its shortest repr (``9.4`` → ``Decimal("9.4")``),
    which is what the person typed; ints become Decimal too. Raises
    :class:`ReportError` for data nested deeper than a report can be.
    """
    if depth > MAX_DEPTH:
        raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH}))
    if isinstance(data, bool) or data is None or isinstance(data, (str, Decimal)):
        return data
    if isinstance(data, int):
        return Decimal(data)
    if isinstance(data, float):
        return Decimal(repr(data))
    if isinstance(data, Mapping):
        return {str(k): normalise(v, depth + 1) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [normalise(v, depth + 1) for v in data]
    return str(data)
