"""evallint's cache folder: what is worth keeping between runs, never served stale.

Two things are kept, both built from evallint's own files on first use: the
parser tables of the rule language (lark takes ~0.5 s to build them) and the
compiled built-in packs (:mod:`evallint.rules.cache`), as ruff, mypy and
parso keep theirs.

* An entry is named by a digest of everything it was built from (the grammar
  and lark's version; every file of the installed package): an edit, an
  upgrade or another installation never reads another's entry.
* ``EVALLINT_NO_CACHE=1`` turns the cache off; ``EVALLINT_CACHE_DIR`` moves it
  (default: ``$XDG_CACHE_HOME/evallint``, else ``~/.cache/evallint``).
* An entry that cannot be read or written is passed over in silence: the thing
  is then built as without a cache.

Entries are written by evallint itself into a folder of the user's; a process
that can write there can already change what the user runs.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from evallint._files import PACKAGE
from evallint._version import __version__

NO_CACHE_ENV = "EVALLINT_NO_CACHE"
CACHE_DIR_ENV = "EVALLINT_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where entries are kept, or ``None`` when the cache is off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "evallint"


def entry_name(kind: str, *parts: str) -> str:
    """A file name for an entry of ``kind`` built from ``parts`` (a digest of them)."""
    key = hashlib.sha256("\0".join((kind, *parts)).encode()).hexdigest()
    return f"{kind}-{key[:32]}"


def read_entry(name: str) -> bytes | None:
    """The bytes of entry ``name``, or ``None`` (no entry, cache off, unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write_entry(name: str, data: bytes) -> None:
    """Keep ``data`` as entry ``name``, atomically; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


@functools.cache
def package_digest() -> str:
    """A digest of every file of the installed evallint package, its place and Python's version."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{PACKAGE}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
