"""The exceptions evallint raises on purpose.

Exceptions only carry a problem up to the layer that turns it into data (a
finding or a printed diagnostic); nothing here is shown as a traceback. The
text is rendered when shown, so one error can be printed in Chinese or English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from evallint import messages
from evallint.limits import MAX_EXCERPT_CHARS
from evallint.messages import Lang


@dataclass(frozen=True, slots=True)
class Text:
    """A catalogue message not yet rendered: its id and its fields."""

    message_id: str
    fields: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "zh") -> str:
        values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.fields.items()}
        return messages.render(self.message_id, lang, **values)


class EvallintError(Exception):
    """Root of every exception evallint raises on purpose."""


class ReportError(EvallintError):
    """An input cannot be read as a report.

    ``code`` comes from a closed vocabulary (``report-io``, ``report-json``,
    ``report-yaml``, ``report-duplicate-key``, ``report-too-large``,
    ``report-too-deep``, ``report-not-object``, ``report-unsupported``, ...);
    ``file`` names the input, ``line``/``col`` (1-based, in characters) the
    place in the text, ``excerpt`` that line of text, and ``pointer`` the place
    inside the report (RFC 6901) when the problem is in the data.
    """

    def __init__(
        self,
        text: Text,
        *,
        file: str | None = None,
        pointer: str | None = None,
        line: int | None = None,
        col: int | None = None,
        excerpt: str | None = None,
    ) -> None:
        super().__init__(text.message_id)
        self.text = text
        self.code = text.message_id
        self.file = file
        self.pointer = pointer
        self.line = line
        self.col = col
        # a line of a minified (or hostile) file may be megabytes long: quote a window of it
        self.excerpt, self.excerpt_col = _window(excerpt, col)

    def __reduce__(self) -> tuple[object, ...]:
        # sent back from worker processes: rebuild with the same fields
        return (
            _rebuild_report_error,
            (
                self.text,
                self.file,
                self.pointer,
                self.line,
                self.col,
                self.excerpt,
                self.excerpt_col,
            ),
        )

    def with_file(self, file: str, line_offset: int = 0) -> ReportError:
        """The same error, naming ``file`` (and shifted by ``line_offset`` lines)."""
        line = None if self.line is None else self.line + line_offset
        moved = ReportError(self.text, file=file, pointer=self.pointer, line=line, col=self.col)
        moved.excerpt, moved.excerpt_col = self.excerpt, self.excerpt_col
        return moved

    def message(self, lang: Lang = "zh") -> str:
        """What is wrong, in ``lang``."""
        return self.text.render(lang)

    def location(self) -> str:
        """``file:line:col``, or ``file: /pointer``: whatever is known."""
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        elif self.pointer:
            where += f": {self.pointer}"
        return where

    def describe(self, lang: Lang = "zh") -> str:
        """The compiler-style report: location, code and message, then the line and a caret."""
        level = messages.severity_word("error", lang)
        text = f"{self.location()}: {level}[{self.code}] {self.message(lang)}"
        if self.excerpt is not None and self.excerpt_col is not None:
            text += f"\n    {self.excerpt}\n    {caret_line(self.excerpt, self.excerpt_col)}"
        return text

    def __str__(self) -> str:
        return self.describe()


def _window(excerpt: str | None, col: int | None) -> tuple[str | None, int | None]:
    """At most :data:`~evallint.limits.MAX_EXCERPT_CHARS` characters of ``excerpt`` around
    column ``col`` (``…`` where it is cut), and the column within what is kept."""
    if excerpt is None or len(excerpt) <= MAX_EXCERPT_CHARS:
        return excerpt, col
    at = max((col or 1) - 1, 0)
    start = max(0, min(at - MAX_EXCERPT_CHARS // 2, len(excerpt) - MAX_EXCERPT_CHARS))
    end = start + MAX_EXCERPT_CHARS
    before = "…" if start > 0 else ""
    after = "…" if end < len(excerpt) else ""
    kept = before + excerpt[start:end] + after
    return kept, (None if col is None else col - start + len(before))


def _rebuild_report_error(
    text: Text,
    file: str | None,
    pointer: str | None,
    line: int | None,
    col: int | None,
    excerpt: str | None,
    excerpt_col: int | None = None,
) -> ReportError:
    error = ReportError(text, file=file, pointer=pointer, line=line, col=col)
    error.excerpt, error.excerpt_col = excerpt, excerpt_col
    return error


class ExpressionError(EvallintError):
    """A rule expression that cannot be compiled: the rule author must fix it.

    ``code`` is one of ``expr-syntax``, ``unknown-function``, ``unknown-field``,
    ``arity``, ``type``, ``regex``, ``too-complex``. ``start``/``end`` are
    character offsets into ``source``; ``line``/``col`` (1-based) are where
    ``start`` falls in it. The rule loader adds the file and shifts the
    position into the YAML file.
    """

    def __init__(self, code: str, message: str, source: str, start: int, end: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.source = source
        self.start = max(0, min(start, len(source)))
        self.end = max(self.start + 1, end if end is not None else self.start + 1)

    @property
    def line(self) -> int:
        return self.source.count("\n", 0, self.start) + 1

    @property
    def col(self) -> int:
        return self.start - (self.source.rfind("\n", 0, self.start) + 1) + 1

    @property
    def excerpt(self) -> str:
        return self.source.splitlines()[self.line - 1] if self.source.strip() else self.source

    def describe(self) -> str:
        """``line:col: error[code] message``, then the source line and a caret."""
        excerpt = self.excerpt
        length = max(1, min(self.end - self.start, len(excerpt) - self.col + 1))
        caret = caret_line(excerpt, self.col, length) if excerpt else "^"
        head = f"{self.line}:{self.col}: error[{self.code}] {self.message}"
        return f"{head}\n    {excerpt}\n    {caret}"

    def __str__(self) -> str:
        return self.describe()


class EvaluationError(EvallintError):
    """An expression failed while it ran on one report (a type mismatch, a budget exceeded).

    ``code`` is ``eval-error`` or ``budget-exceeded``; ``source`` and ``span``
    locate the failing part of the expression; ``pointer`` is set by the engine
    to the item being evaluated. It never leaves the engine: it becomes a
    ``rule-error`` finding for that rule and item only.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "eval-error",
        source: str = "",
        span: tuple[int, int] = (0, 0),
        pointer: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.source = source
        self.span = span
        self.pointer = pointer

    @property
    def excerpt(self) -> str:
        """The part of the expression that failed."""
        start, end = self.span
        return self.source[start:end] if end > start else self.source

    def __str__(self) -> str:
        where = f" at {self.pointer}" if self.pointer is not None else ""
        part = f" (in `{self.excerpt}`)" if self.excerpt else ""
        return f"{self.message}{part}{where}"


class RuleError(EvallintError):
    """Something a rule author must fix, located in a rule or configuration file.

    ``code``: ``yaml-syntax``, ``rule-schema``, ``duplicate-id``, ``unknown-pack``,
    ``extends-cycle``, ``unknown-param``, ``config``, or an expression code
    (``expr-syntax``, ``unknown-field``, ...). ``severity`` is ``error`` or
    ``warning`` (a warning does not stop the rule from loading). Lines and
    columns are 1-based, in characters; ``excerpt`` is the source line.
    ``message`` is English; a problem from the message catalogue also keeps its
    ``text``, so :meth:`describe` can say it in Chinese.
    """

    def __init__(
        self,
        code: str,
        message: str | Text,
        *,
        file: str,
        line: int | None = None,
        col: int | None = None,
        length: int = 1,
        excerpt: str | None = None,
        severity: str = "error",
        detail: str | None = None,
    ) -> None:
        self.text = message if isinstance(message, Text) else None
        message = message.render("en") if isinstance(message, Text) else message
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.length = max(1, length)
        self.excerpt = excerpt
        self.severity = severity
        self.detail = detail

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleError):
            return NotImplemented
        return vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((self.code, self.message, self.file, self.line, self.col))

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle their args only; a kept rule set holds its warnings.
        return (_rebuild_rule_error, (self.code, self.text or self.message, dict(vars(self))))

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return where

    def describe(self, lang: Lang = "en") -> str:
        """``file:line:col: error[code] message``, the source line and a caret under the place."""
        message = self.text.render(lang) if self.text is not None else self.message
        text = f"{self.location()}: {self.severity}[{self.code}] {message}"
        if self.excerpt is not None and self.col is not None:
            text += f"\n    {self.excerpt}\n    {caret_line(self.excerpt, self.col, self.length)}"
        if self.detail:
            text += "\n" + "\n".join("    " + line for line in self.detail.splitlines())
        return text

    def __str__(self) -> str:
        return self.describe()


def _rebuild_rule_error(code: str, message: str | Text, state: dict[str, object]) -> RuleError:
    error = RuleError(code, message, file=str(state["file"]))
    error.__dict__.update(state)
    return error


class RuleSetError(EvallintError):
    """Rule files that could not be loaded; ``errors`` holds every problem found."""

    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in rule files")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(error.describe() for error in self.errors)


def caret_line(line: str, col: int, length: int = 1) -> str:
    """Spaces and ``^`` pointing at 1-based character column ``col`` of ``line`` on a terminal.

    Wide and full-width characters (CJK) take two columns, so the caret is
    padded by display width, not by character count.
    """
    pad = _display_width(line[: max(col - 1, 0)])
    width = max(_display_width(line[col - 1 : col - 1 + length]), 1) if col - 1 < len(line) else 1
    return " " * pad + "^" * width


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
