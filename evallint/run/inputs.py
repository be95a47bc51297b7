"""Turn command-line arguments into the inputs of a run, accounting for every one.

Files are taken as given; directories are searched recursively for report
files (``.json``, ``.yaml``, ``.yml``, ``.jsonl``); glob patterns are expanded
(``**`` included); ``-`` is standard input. ``--exclude`` globs drop files by
path or name. An argument that names nothing, and a directory with no report
in it, are inputs too: they come back as :class:`Missing`, to be reported.
"""

from __future__ import annotations

import fnmatch
import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from evallint.read.report import REPORT_SUFFIXES

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Missing:
    """An argument that gave no report file: a pattern matching nothing, an empty folder."""

    name: str
    reason: str  # "no-match" | "empty-directory"


def expand(arguments: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[str | Missing]:
    """The input files of ``arguments`` in order (each file once), or why an argument gave none."""
    patterns = tuple(exclude)
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            yield STDIN
            continue
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix.lower() in REPORT_SUFFIXES and p.is_file() and not _hidden(p, path)
            )
            kept = [f for f in found if not _excluded(f, patterns)]
            if not kept:
                yield Missing(argument, "empty-directory")
            yield from _first_time(kept, seen)
            continue
        if not path.exists() and glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            files = [m for m in matches if Path(m).is_file() and not _excluded(m, patterns)]
            if not files:
                yield Missing(argument, "no-match")
            yield from _first_time(files, seen)
            continue
        if _excluded(argument, patterns):
            continue  # named explicitly and excluded explicitly: the user asked for both
        if argument not in seen:
            seen.add(argument)
            yield argument


def _first_time(names: list[str], seen: set[str]) -> Iterator[str]:
    """The names not given before (an input named twice is checked once)."""
    for name in names:
        if name not in seen:
            seen.add(name)
            yield name


def _hidden(path: Path, root: Path) -> bool:
    # `~$form.xlsx` is the lock file Office keeps beside a file that is open
    return path.name.startswith("~$") or any(
        part.startswith(".") for part in path.relative_to(root).parts
    )


def _excluded(name: str, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return False
    normalised = name.replace("\\", "/")
    base = Path(name).name
    return any(
        fnmatch.fnmatchcase(normalised, p)
        or fnmatch.fnmatchcase(base, p)
        or fnmatch.fnmatchcase(normalised, f"*/{p}")
        or fnmatch.fnmatchcase(normalised, f"{p.rstrip('/')}/*")
        or fnmatch.fnmatchcase(normalised, f"*/{p.rstrip('/')}/*")
        for p in patterns
    )
