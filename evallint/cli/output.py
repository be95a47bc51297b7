"""Where the command line's text leaves evallint: whatever the text, it can be written.

A report may hold text that no encoding can write: a lone surrogate such as
``"\\ud800"`` is legal in JSON text, and a file name that is not valid UTF-8
reaches Python as one. Every command writes through an :class:`Output`, so
such a character is escaped once, here, for every output format, as a
visible ``\\ud800`` (inside a JSON string that is the same character again),
and a character the stream's own encoding lacks (a console in GBK) as its
``\\u`` escape. A write that fails (a full disk, ``-o /dev/full``) becomes an
:class:`OutputError` naming the destination, never a traceback.
"""

from __future__ import annotations

import contextlib
from typing import TextIO, cast

from evallint.formatters.base import escape_unwritable


class OutputError(Exception):
    """Writing to ``target`` failed for ``reason`` (the system's words)."""

    def __init__(self, target: str | None, reason: str) -> None:
        super().__init__(f"cannot write {target or 'standard output'}: {reason}")
        self.target = target
        self.reason = reason


class Output:
    """A text stream that escapes what cannot be written and reports a failed write.

    ``target`` names the destination in an error (a file name; ``None`` is
    standard output or standard error). It writes like a :class:`typing.TextIO`
    (``write``, ``flush``, ``isatty``), which is how commands receive it.
    """

    def __init__(self, stream: TextIO, target: str | None = None) -> None:
        self.stream = stream
        self.target = target
        self.closed = False

    def write(self, text: str) -> int:
        text = escape_unwritable(text)
        try:
            try:
                self.stream.write(text)
            except UnicodeEncodeError:
                encoding = getattr(self.stream, "encoding", None) or "utf-8"
                self.stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            raise  # the reader went away: the entry point stops quietly
        except OSError as error:
            raise OutputError(self.target, error.strerror or str(error)) from None
        return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(self.target, error.strerror or str(error)) from None

    def close(self) -> None:
        """Close the stream underneath (a file opened for ``-o``), writing what is left."""
        if self.closed:
            return
        self.closed = True
        try:
            self.flush()
        finally:
            with contextlib.suppress(OSError):  # flush has said what went wrong
                self.stream.close()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def as_text_io(self) -> TextIO:
        """This stream where a :class:`typing.TextIO` is expected (it writes like one)."""
        return cast(TextIO, self)


def open_output(path: str) -> Output:
    """The file ``path`` opened for writing (UTF-8), as an :class:`Output`; raises
    :class:`OutputError` when it cannot be opened."""
    try:
        stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by its Output
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from None
    return Output(stream, path)
