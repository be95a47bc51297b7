"""Turn command-line arguments into the inputs of a run, accounting for every one.

Files are taken as given; directories are searched recursively for report
files (``.json``, ``.yaml``, ``.yml``, ``.jsonl``, and workbooks); glob
patterns are expanded (``**`` included); ``-`` is standard input.
``--exclude`` globs drop files by path or name. Whatever an argument names
is an input to account for: a pattern that matches nothing, a directory with
no report in it or one that cannot be listed, and anything named like a report
that is not a file evallint may open (a named pipe, a socket or a device,
which could block a run forever; a link to nothing; links in a loop; a
directory) come back as :class:`Missing`, to be reported with the reason.
Nothing here opens a file.
"""

from __future__ import annotations

import bisect
import errno
import fnmatch
import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from evallint.errors import Text
from evallint.read.report import REPORT_SUFFIXES

STDIN = "-"

_MESSAGES = {
    "no-match": "input-no-match",
    "empty-directory": "input-empty-directory",
    "unreadable-directory": "input-unreadable-directory",
    "broken-link": "input-broken-link",
    "link-loop": "input-link-loop",
    "special-file": "input-special-file",
    "directory": "report-is-directory",
}


@dataclass(frozen=True, slots=True)
class Missing:
    """An argument, or an entry of a directory, that gives no report file to read, and why.

    ``reason`` is one of ``no-match`` (a pattern), ``empty-directory``,
    ``unreadable-directory``, ``broken-link``, ``link-loop``, ``special-file``
    (``detail``: ``fifo``, ``socket`` or ``device``) and ``directory`` (a
    directory named like a report, holding none); ``detail`` adds the system's
    words where there are some.
    """

    name: str
    reason: str
    detail: str = ""

    def text(self) -> Text:
        """What to tell the user, as a catalogue message."""
        fields: dict[str, object] = {}
        if self.reason == "special-file":
            fields["kind"] = Text(f"input-kind-{self.detail}")
        elif self.detail:
            fields["reason"] = self.detail
        return Text(_MESSAGES[self.reason], fields)


def refusal(path: str) -> Text | None:
    """Why the file at ``path`` must not be opened (a pipe, a socket, a device, a broken
    link, links in a loop), or ``None``: a file or directory to open, or nothing there."""
    problem = _special(path)
    if problem is None or problem[0] == "directory":
        return None
    return Missing(path, *problem).text()


def expand(arguments: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[str | Missing]:
    """The inputs of ``arguments`` in order (each once): files to read, or why there is none."""
    patterns = tuple(exclude)
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            yield STDIN
            continue
        path = Path(argument)
        if path.is_dir():
            found = _search(argument, patterns)
            if not found:
                yield Missing(argument, "empty-directory")
            yield from _first_time(found, seen)
            continue
        if not os.path.lexists(argument) and glob.has_magic(argument):
            matched = _matches(_glob(argument), patterns)
            if not matched:
                yield Missing(argument, "no-match")
            yield from _first_time(matched, seen)
            continue
        if _excluded(argument, patterns):
            continue  # named explicitly and excluded explicitly: the user asked for both
        yield from _first_time([_entry(argument)], seen)


def _glob(pattern: str) -> list[str]:
    """The paths ``pattern`` matches, in name order. ``**`` is walked here, not by
    :func:`glob.glob`, which follows links to folders: two links to ``.`` would make it
    look at 2**40 paths. Here a link to a folder is matched, never walked through."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    parts = pattern.replace(os.sep, "/").split("/")
    literal = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = "/".join(parts[:literal]) or ("/" if pattern.startswith("/") else ".")
    matcher = re.compile(_translate(parts[literal:]))
    found = []
    for folder, folders, files in os.walk(root, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in (*folders, *files):
            path = os.path.join(folder, name)
            if not name.startswith(".") and matcher.fullmatch(os.path.relpath(path, root)):
                found.append(path if parts[:literal] else os.path.relpath(path))
    return sorted(found)


def _translate(parts: list[str]) -> str:
    """A regular expression for the ``/``-separated path ``parts`` match (``**``: any
    number of folders, ``*`` and ``?`` within one name, ``[...]`` a class)."""
    pieces = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            pieces.append(".*" if last else "(?:[^/]+/)*")
            continue
        pieces.append(_name_pattern(part) + ("" if last else "/"))
    return "".join(pieces)


def _name_pattern(part: str) -> str:
    """A regular expression for the names one path part matches, as the shell reads it."""
    out, index = [], 0
    while index < len(part):
        char = part[index]
        closing = part.find("]", index + 2) if char == "[" else -1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif closing > 0:
            members = part[index + 1 : closing]
            negated = members.startswith("!")
            members = re.sub(r"([\\^\]])", r"\\\1", members[1:] if negated else members)
            out.append(f"[{'^/' if negated else ''}{members}]")
            index = closing
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _inside(name: str, folder: str) -> bool:
    """Whether the path ``name`` lies inside ``folder``."""
    name, folder = os.path.normpath(name), os.path.normpath(folder)
    return name.startswith(folder.rstrip(os.sep) + os.sep)


def _entry(name: str) -> str | Missing:
    """``name`` as an input: the file to read, or why it must not be opened."""
    problem = _special(name)
    return name if problem is None else Missing(name, *problem)


def _special(name: str) -> tuple[str, str] | None:
    """Why ``name`` is not a file to open (reason, detail), or ``None`` for a regular file or
    one that is not there (the reader says so)."""
    try:
        mode = os.stat(name).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return ("link-loop", "")
        if isinstance(error, FileNotFoundError) and os.path.islink(name):
            return ("broken-link", "")
        return None
    if stat.S_ISDIR(mode):
        return ("directory", "")
    if stat.S_ISFIFO(mode):
        return ("special-file", "fifo")
    if stat.S_ISSOCK(mode):
        return ("special-file", "socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return ("special-file", "device")
    return None


def _matches(names: list[str], patterns: tuple[str, ...]) -> list[str | Missing]:
    """The inputs among the matches of a glob pattern."""
    inputs: list[str | Missing] = []
    searched: list[str] = []
    for name in names:
        if _excluded(name, patterns):
            continue
        if os.path.isdir(name):
            # a folder the pattern matched is searched, as if the shell had expanded the
            # pattern; one inside a folder already searched (`forms/**`) is not searched again
            if any(_inside(name, folder) for folder in searched[-1:]):
                continue
            searched.append(name)
            if Path(name).suffix.lower() in REPORT_SUFFIXES:
                inputs.extend(_search(name, patterns) or [Missing(name, "directory")])
            else:
                inputs.extend(item for item in _search(name, patterns))
            continue
        inputs.append(_entry(name))
    return inputs


def _search(root: str, patterns: tuple[str, ...]) -> list[str | Missing]:
    """Every entry under ``root`` named like a report (hidden ones aside), in name order.

    Walked without recursion (a folder may nest thousands deep) and without
    following links to folders (a link may lead back up); a folder that cannot be
    listed, and a folder named like a report that holds none, are entries too.
    """
    found: list[str | Missing] = []
    named_like_reports: list[str] = []
    folders = [str(Path(root))]  # names as pathlib writes them: "forms/a.json", never "./"
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            found.append(Missing(folder, "unreadable-directory", error.strerror or str(error)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden, as a file manager hides it
            name = str(Path(folder, entry.name))
            suffix = os.path.splitext(entry.name)[1].lower()
            if _is_folder(entry):
                folders.append(name)
                if suffix in REPORT_SUFFIXES:
                    named_like_reports.append(name)
            elif suffix in REPORT_SUFFIXES and not entry.name.startswith("~$"):
                # `~$form.xlsx` is the lock file Office keeps beside a file that is open
                found.append(_entry(name))
    names = sorted(n if isinstance(n, str) else n.name for n in found)
    for folder in named_like_reports:
        first = bisect.bisect_left(names, folder + os.sep)
        if first == len(names) or not names[first].startswith(folder + os.sep):
            found.append(Missing(folder, "directory"))
    kept = [item for item in found if not _excluded(_name(item), patterns)]
    return sorted(kept, key=_name)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _name(item: str | Missing) -> str:
    return item if isinstance(item, str) else item.name


def _first_time(items: list[str | Missing], seen: set[str]) -> Iterator[str | Missing]:
    """The items not given before (an input named twice is checked once)."""
    for item in items:
        name = _name(item)
        if name not in seen:
            seen.add(name)
            yield item


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
