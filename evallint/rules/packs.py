"""Where rule files are: built-in packs by name, folders of rule files, paths — and the one
door every rule file is read through.

A pack is a folder of rule files (``.yaml``/``.yml``) or one file; built-in
packs live in ``evallint/packs`` (``rules/`` at the top of the repository) and
are named by their folder or file name.

A rule file may come from anyone, and so may the ``extends`` it names: a name
resolves only to a built-in pack, a rule file (a regular file, ``.yaml``/``.yml``,
at most :data:`~evallint.limits.MAX_RULE_FILE_BYTES`) or — where the person running
evallint names it (``--rules``, a configuration) — a folder of rule files. A
device, a FIFO, a socket, a file of another kind or a larger one is refused
unread (:func:`read_rule_file`), with a :class:`Refusal` that quotes nothing of it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from evallint._files import package_file
from evallint.errors import Text
from evallint.limits import MAX_PACK_ENTRIES, MAX_RULE_FILE_BYTES

RULE_SUFFIXES = (".yaml", ".yml")
DEFAULT_PACK = "national-2020"
BUILTIN_PACKS = package_file("packs")


class Refusal(Exception):  # noqa: N818 - a refusal, not an error of evallint's
    """A reference that names no rule file evallint will read; ``code`` and ``text`` say why
    (``not-a-rule-file``, ``rule-file-too-large``)."""

    def __init__(self, code: str, text: Text) -> None:
        super().__init__(text.render("en"))
        self.code = code
        self.text = text


def builtin_pack_names() -> list[str]:
    """Names of the built-in packs (``national-2020``, ``hubei``, ...)."""
    folder = BUILTIN_PACKS
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.iterdir() if p.suffix in RULE_SUFFIXES}
    names |= {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    return sorted(names)


def pack_files(target: Path) -> list[Path]:
    """The rule files of ``target``: itself, or those a folder holds (at any depth, through
    no link to another folder). Raises :class:`Refusal` when the folder holds more than
    :data:`~evallint.limits.MAX_PACK_ENTRIES` entries: that is no pack (``--rules /``)."""
    if not _is_dir(target):
        return [target]
    found: list[Path] = []
    seen = 0
    folders = [target]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    seen += 1
                    if seen > MAX_PACK_ENTRIES:
                        raise Refusal(
                            "not-a-rule-file",
                            Text(
                                "rule-folder-too-large",
                                {"reference": str(target), "limit": MAX_PACK_ENTRIES},
                            ),
                        )
                    path = Path(entry.path)
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(path)
                    elif path.suffix in RULE_SUFFIXES and entry.is_file():
                        found.append(path)
        except OSError:
            continue  # an unreadable folder holds no rule file we could read
    return sorted(found)


def resolve_reference(reference: str, base: Path | None) -> Path | None:
    """A path for ``extends``/``--rules`` entry ``reference``: a built-in pack name or a path.

    What the path is (a rule file, a folder, something else) is for :func:`reference_problem`
    and :func:`read_rule_file` to say; ``None`` when nothing has that name.
    """
    candidate = (base / reference) if base is not None else Path(reference)
    if _exists(candidate):
        return candidate
    folder = BUILTIN_PACKS
    for option in (folder / reference, folder / f"{reference}.yaml", folder / f"{reference}.yml"):
        if _exists(option):
            return option
    return None


def reference_problem(reference: str, target: Path, *, folders: bool) -> Refusal | None:
    """Why ``target`` (what ``reference`` resolved to) is no rule file or pack to load, or
    ``None``. A folder is a pack only where ``folders`` (named by the person running
    evallint); in a rule file's ``extends`` only a built-in one is."""
    try:
        found = os.stat(target)
    except (OSError, ValueError):
        return None  # gone since it was resolved: reading it will say so
    if stat.S_ISDIR(found.st_mode):
        if folders or _builtin(target):
            return None
        return Refusal("not-a-rule-file", Text("rule-file-folder", {"reference": reference}))
    return _file_problem(reference, target, found, RULE_SUFFIXES)


def read_rule_file(
    target: Path, reference: str | None = None, suffixes: Sequence[str] = RULE_SUFFIXES
) -> str:
    """The text of the rule (or configuration) file ``target``, read through one door.

    Only a regular file with one of ``suffixes``, of at most
    :data:`~evallint.limits.MAX_RULE_FILE_BYTES`, is read, and never more than that many
    bytes (a file that grows meanwhile is refused too); opening does not wait on a FIFO.
    Raises :class:`Refusal`, or ``OSError``/``UnicodeDecodeError`` for a file that
    cannot be read.
    """
    name = reference if reference is not None else str(target)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(target, flags)
    with os.fdopen(descriptor, "rb") as stream:
        problem = _file_problem(name, target, os.fstat(descriptor), suffixes)
        if problem is not None:
            raise problem
        data = stream.read(MAX_RULE_FILE_BYTES + 1)
    if len(data) > MAX_RULE_FILE_BYTES:
        raise _too_large(name, len(data))
    return data.decode("utf-8-sig")


def _file_problem(
    reference: str, target: Path, found: os.stat_result, suffixes: Sequence[str]
) -> Refusal | None:
    if stat.S_ISDIR(found.st_mode):
        return Refusal("not-a-rule-file", Text("rule-file-folder", {"reference": reference}))
    if not stat.S_ISREG(found.st_mode):
        return Refusal("not-a-rule-file", Text("rule-file-special", {"reference": reference}))
    if target.suffix.lower() not in suffixes:
        wanted = ", ".join(suffixes)
        return Refusal(
            "not-a-rule-file",
            Text("rule-file-suffix", {"reference": reference, "suffixes": wanted}),
        )
    if found.st_size > MAX_RULE_FILE_BYTES:
        return _too_large(reference, found.st_size)
    return None


def _too_large(reference: str, size: int) -> Refusal:
    return Refusal(
        "rule-file-too-large",
        Text(
            "rule-file-too-large",
            {"reference": reference, "size": size, "limit": MAX_RULE_FILE_BYTES},
        ),
    )


def _exists(path: Path) -> bool:
    # a name no file can have (a NUL, too long) or a folder we may not enter: nothing there
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _builtin(target: Path) -> bool:
    with contextlib.suppress(OSError, ValueError):
        return target.resolve().parent == BUILTIN_PACKS.resolve()
    return False
