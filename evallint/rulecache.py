"""A cache of the compiled built-in packs, so a one-form check starts fast.

Loading the national pack reads seven YAML files, checks them against the
rules schema and builds some 40 rules: about half the start-up of
``evallint check form.json``. The result depends only on evallint's own
files, so the first run keeps it (pickled) in the user's cache folder and
later runs load that instead — as ruff, mypy and parso keep theirs.

* Only built-in packs named by name are cached (rule files of one's own are
  always read afresh: they change as they are written).
* The key is a digest of every file of the installed package, its location,
  the Python version and the pack names: an upgrade, an edit or another
  installation never sees another's entry.
* ``EVALLINT_NO_CACHE=1`` turns the cache off; ``EVALLINT_CACHE_DIR`` moves it
  (default: ``$XDG_CACHE_HOME/evallint``, else ``~/.cache/evallint``).
* A cache that cannot be read or written is passed over in silence: the
  rules are then loaded as without it.

The entries are written by evallint itself into a folder of the user's; a
process that can write there can already change what the user runs.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evallint.ruleset import RuleSet

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


@functools.cache
def package_digest() -> str:
    """A digest of every file of the installed evallint package (and where it is)."""
    from evallint._version import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{root}".encode())
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _entry(packs: tuple[str, ...]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{package_digest()}|{'|'.join(packs)}".encode()).hexdigest()
    return folder / f"rules-{key[:32]}.pickle"


def load(packs: tuple[str, ...]) -> RuleSet | None:
    """The cached rule set of the built-in ``packs``, if there is a good entry."""
    from evallint.ruleset import RuleSet

    try:
        entry = _entry(packs)
        if entry is None or not entry.is_file():
            return None
        ruleset = pickle.loads(entry.read_bytes())  # our own entry, for this very package
    except Exception:  # unreadable, truncated, written by another version: rebuild
        return None
    return ruleset if isinstance(ruleset, RuleSet) else None


def store(packs: tuple[str, ...], ruleset: RuleSet) -> None:
    """Keep ``ruleset`` for the next run (atomically; failures are ignored)."""
    try:
        entry = _entry(packs)
        if entry is None:
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".rules-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except Exception:
        return
