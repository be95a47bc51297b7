"""Things on disk that are not plain files, for rule files and batch folders to point at:
FIFOs, sockets, symlinks (to themselves, to nothing, to /etc/passwd), folders named like
files, sparse files of any size, a secret file whose text must never be echoed."""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path

SECRET = "FUZZ-SECRET-" + "s" * 300
"""The first line of a file evallint has no business printing (longer than any excerpt)."""


@dataclass(frozen=True, slots=True)
class Special:
    """A file system entry that is not a file of bytes.

    ``kind``: ``fifo``, ``socket``, ``dir`` (an empty folder), ``symlink`` (to ``target``:
    itself, a missing file, ``/etc/passwd``, ``/dev/zero``, ``/``, ...), ``sparse`` (a file of
    ``size`` zero bytes that takes no room), ``secret`` (a text file starting with
    :data:`SECRET`), ``unreadable`` (a folder nobody may list, holding a report).
    """

    kind: str
    target: str = ""
    size: int = 0


Content = bytes | Special


def write(folder: Path, name: str, content: Content) -> Path:
    """Make ``name`` under ``folder`` (its parent folders too) hold ``content``."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content.kind == "fifo":
        os.mkfifo(path)
    elif content.kind == "socket":
        with socket.socket(socket.AF_UNIX) as server, contextlib.suppress(OSError):
            server.bind(str(path))  # the socket file stays after the socket is closed
    elif content.kind == "dir":
        path.mkdir(exist_ok=True)
    elif content.kind == "symlink":
        path.symlink_to(content.target)
    elif content.kind == "sparse":
        with path.open("wb") as stream:
            stream.truncate(content.size)
    elif content.kind == "secret":
        path.write_text(SECRET + "\nsecond line\n", encoding="utf-8")
    elif content.kind == "unreadable":
        path.mkdir(exist_ok=True)
        (path / "inside.json").write_text('{"project": "x"}', encoding="utf-8")
        path.chmod(0)
    return path


def release(folder: Path) -> None:
    """Make every folder under ``folder`` listable again, so it can be removed."""
    for root, dirs, _ in os.walk(folder):
        for name in dirs:
            with contextlib.suppress(OSError):
                (Path(root) / name).chmod(0o755)
