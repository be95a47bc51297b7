"""Where evallint's own data files are (schemas, packs, grammar, examples).

A plain path beside this module: ``importlib.resources`` would cost ~13 ms of
every start-up, and evallint is always installed as files on disk.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def package_file(*parts: str) -> Path:
    """A file (or folder) of the package: ``package_file("dsl", "grammar.lark")``."""
    return PACKAGE.joinpath(*parts)
