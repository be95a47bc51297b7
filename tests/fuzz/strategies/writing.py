"""Report data written as JSON, YAML or bytes, adversarial tokens (:class:`Raw`) kept as they are.

The standard writers refuse what the campaign needs to write (``1e9999999999`` as a number,
``!!int abc`` as a YAML value, a key given twice, a lone surrogate), so these are small
writers of their own: JSON in one line, YAML in block or flow style.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.fuzz.strategies.values import Raw

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le")
"""How a report's text becomes bytes: what Chinese office tools write, and worse."""


def scalar(value: Any, *, ascii_only: bool = False) -> str:
    """One leaf as a JSON token (valid YAML too, in flow or block style)."""
    if isinstance(value, Raw):
        return value.text
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int):
        return str(Decimal(value))  # str(int) refuses 4300+ digits
    if isinstance(value, float):
        return repr(value)  # nan, inf: not JSON, as a careless writer gives them
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=ascii_only)
    return json.dumps(repr(value), ensure_ascii=ascii_only)


def to_json(value: Any, *, ascii_only: bool = False, duplicate_key: bool = False) -> str:
    """``value`` as one line of JSON; ``duplicate_key`` writes the first key of the top-level
    object twice."""
    parts: list[str] = []
    _json(value, parts, ascii_only, duplicate_key)
    return "".join(parts)


def _json(value: Any, parts: list[str], ascii_only: bool, duplicate_key: bool) -> None:
    # iterative enough for the depths the strategies build (a few hundred at most)
    if isinstance(value, dict):
        items = list(value.items())
        if duplicate_key and items:
            items.append(items[0])
        parts.append("{")
        for index, (key, child) in enumerate(items):
            if index:
                parts.append(", ")
            parts.append(scalar(str(key), ascii_only=ascii_only) + ": ")
            _json(child, parts, ascii_only, False)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for index, child in enumerate(value):
            if index:
                parts.append(", ")
            _json(child, parts, ascii_only, False)
        parts.append("]")
    else:
        parts.append(scalar(value, ascii_only=ascii_only))


def to_yaml(value: Any, *, ascii_only: bool = False, duplicate_key: bool = False) -> str:
    """``value`` as block-style YAML (flow style below the second level)."""
    lines: list[str] = []
    items = list(value.items()) if isinstance(value, dict) else []
    if not isinstance(value, dict):
        return to_json(value, ascii_only=ascii_only) + "\n"
    if duplicate_key and items:
        items.append(items[0])
    for key, child in items:
        head = scalar(str(key), ascii_only=ascii_only) + ":"
        if isinstance(child, dict) and child:
            lines.append(head)
            for inner_key, inner in child.items():
                inner_text = to_json(inner, ascii_only=ascii_only)
                lines.append(f"  {scalar(str(inner_key), ascii_only=ascii_only)}: {inner_text}")
        elif isinstance(child, list) and child:
            lines.append(head)
            lines.extend(f"  - {to_json(inner, ascii_only=ascii_only)}" for inner in child)
        else:
            lines.append(f"{head} {to_json(child, ascii_only=ascii_only)}")
    return "\n".join(lines) + "\n"


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; what the encoding cannot hold is written as a careless tool
    would (lone surrogates passed through as bytes, other characters as ``?``)."""
    if encoding.startswith("utf-8"):
        return text.encode(encoding, errors="surrogatepass")
    return text.encode(encoding, errors="replace")
