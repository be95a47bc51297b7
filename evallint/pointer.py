"""RFC 6901 JSON Pointers: build, escape, parse and resolve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_MISSING = object()


def escape(token: str | int) -> str:
    """Escape one reference token (``~`` → ``~0``, ``/`` → ``~1``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo :func:`escape`."""
    return token.replace("~1", "/").replace("~0", "~")


def build(tokens: Iterable[str | int]) -> str:
    """The pointer for a path of keys and indexes; ``[]`` gives ``""`` (the whole document)."""
    return "".join("/" + escape(token) for token in tokens)


def join(pointer: str, *tokens: str | int) -> str:
    """Extend ``pointer`` by ``tokens``."""
    return pointer + build(tokens)


def split(pointer: str) -> list[str]:
    """The unescaped reference tokens of ``pointer``; raises ``ValueError`` if it is malformed."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON Pointer starts with '/': {pointer!r}")
    return [unescape(token) for token in pointer[1:].split("/")]


def resolve(document: Any, pointer: str, default: Any = _MISSING) -> Any:
    """The value ``pointer`` names inside ``document``.

    Raises ``KeyError`` when it names nothing, unless ``default`` is given.
    """
    node = document
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif (
            isinstance(node, list)
            and token.isascii()
            and token.isdigit()
            and int(token) < len(node)
            and (token == "0" or not token.startswith("0"))
        ):
            node = node[int(token)]
        else:
            if default is _MISSING:
                raise KeyError(pointer)
            return default
    return node
