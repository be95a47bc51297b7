"""One rule entry of a rule file compiled into a :class:`~evallint.rules.model.Rule`.

Each expression (``each``, ``let``, ``cells``, ``when``, ``check``,
``expected``, ``severity_by``) and each placeholder of the message and path
templates is compiled with the schema of the rule's items (from its ``each``)
and the names it sees (the pack's ``defs``, its own ``let``, and ``field`` and
``cell`` for a rule over ``cells``). Every problem is placed in the rule file
(:mod:`evallint.rules.locate`): errors drop the rule, warnings do not. A rule
must declare every parameter it reads, under its own ``params:`` or its
pack's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evallint.dsl import ast
from evallint.dsl.expression import Definition, Expression, compile_expr
from evallint.dsl.fields import element_schema
from evallint.dsl.names import BOUND_NAMES
from evallint.errors import ExpressionError, RuleError
from evallint.read.text import Position
from evallint.results import Severity
from evallint.rules.definitions import (
    Problems,
    check_name,
    find_cycle,
    params_read,
    per_item_lets,
)
from evallint.rules.locate import Source, expression_error, located
from evallint.rules.model import Formatted, MessagePart, Rule, bilingual, examples_of
from evallint.rules.templates import TemplateError, split_template
from evallint.schema import report_schema

Template = tuple[MessagePart, ...]


class RuleCompiler:
    """Compiles rule entries against a table of definitions; problems go to ``problems``."""

    def __init__(
        self, problems: Problems, defs: Mapping[str, Definition], params: Mapping[str, Any]
    ) -> None:
        self.problems = problems
        self.defs = defs
        self.pack_params = params
        self.compiled: list[Expression] = []
        """Every expression compiled so far (so the loader can tell which names are used)."""
        self.names: dict[str, ast.RefKind] = {}
        self.arities = {n: len(d.params) for n, d in defs.items() if d.kind == "function"}
        self.read: list[tuple[Expression, str, int]] = []  # where each expression is written

    def compile(
        self, source: Source, pointer: str, entry: dict[str, Any], pack: str, base: Any
    ) -> Rule | None:
        """The rule of ``entry`` (at ``pointer`` in ``source``), or ``None`` when it has errors."""
        errors_before = len(self.problems.errors)
        self.names = {name: definition.kind for name, definition in self.defs.items()}
        self.read = []
        each = self._expression(source, f"{pointer}/each", entry.get("each"), report_schema())
        item_schema = element_schema(each.tree) if each is not None else None
        scope = item_schema if each is not None else report_schema()
        if "cells" in entry:
            self.names.update(BOUND_NAMES)
        lets = self._lets(source, pointer, entry.get("let") or {}, scope)
        cells = self._expression(source, f"{pointer}/cells", entry.get("cells"), scope)
        when = self._expression(source, f"{pointer}/when", entry.get("when"), scope)
        check = self._expression(source, f"{pointer}/check", entry.get("check"), scope)
        expected = self._expression(source, f"{pointer}/expected", entry.get("expected"), scope)
        message = self._message(source, pointer, entry, scope)
        path_template = self._path_template(source, pointer, entry, scope)
        severity_by = self._severity_by(source, pointer, entry, scope)
        if len(self.problems.errors) > errors_before or check is None or message is None:
            return None
        declared = dict(entry.get("params") or {})
        self._check_params(source, {*declared, *self.pack_params})
        position = source.document.positions.get(pointer, Position(0, 0))
        examples = entry.get("examples") or {}
        return Rule(
            id=entry["id"],
            severity=Severity(entry["severity"]),
            title=bilingual(entry["title"]),
            description=bilingual(entry.get("description") or entry["title"]),
            tags=tuple(entry.get("tags") or ()),
            check=check,
            message=message,
            message_source=bilingual(entry["message"]),
            each=each,
            when=when,
            expected=expected,
            path=entry.get("path"),
            path_template=path_template,
            severity_by=severity_by,
            params=declared,
            defaults={**self.pack_params, **declared},
            defs=self.defs,
            aliases=tuple(entry.get("aliases") or ()),
            examples_pass=examples_of(examples.get("pass"), f"{pointer}/examples/pass"),
            examples_fail=examples_of(examples.get("fail"), f"{pointer}/examples/fail"),
            pack=pack,
            file=source.file,
            line=position.line,
            examples_base=base,
            cells=cells,
            lets=lets,
            defer_to=tuple(entry.get("defer_to") or ()),
            subjects=_subjects(entry),
        )

    def _expression(
        self,
        source: Source,
        where: str,
        text: object,
        scope: Any,
        offset_in: tuple[str, int] | None = None,
    ) -> Expression | None:
        """``text`` compiled with the rule's names, problems placed at ``where`` in the file.

        ``offset_in`` is ``(template, offset)`` for a placeholder of a template:
        positions are then shifted into the template's text.
        """
        if not isinstance(text, str):
            return None
        try:
            expression = compile_expr(
                text, item_schema=scope, names=self.names, arities=self.arities
            )
        except ExpressionError as error:
            self.problems.errors.append(_placed(source, where, error, offset_in))
            return None
        for warning in expression.warnings:
            problem = ExpressionError(
                warning.code, warning.message, text, warning.start, warning.end
            )
            self.problems.warnings.append(
                _placed(source, where, problem, offset_in, severity="warning")
            )
        self.compiled.append(expression)
        self.read.append((expression, where, offset_in[1] if offset_in else 0))
        return expression

    def _lets(
        self, source: Source, pointer: str, written: Mapping[str, Any], scope: Any
    ) -> dict[str, Definition]:
        """The rule's own names: compiled, in no circle, none hiding a field or a definition."""
        own: dict[str, str] = {}
        for name, text in written.items():
            where = f"{pointer}/let/{name}"
            if name in self.defs:
                message = f'"{name}" is a definition of the pack already; choose another name'
                self.problems.errors.append(located(source, where, "name", message, key=True))
            elif check_name(name, source, where, self.problems):
                own[name] = str(text)
        self.names.update({name: "let" for name in own})
        compiled = {
            name: expression
            for name, text in own.items()
            if (expression := self._expression(source, f"{pointer}/let/{name}", text, scope))
        }
        cycle = find_cycle({name: expression.tree for name, expression in compiled.items()})
        if cycle is not None:
            message = f"the rule's names go round in a circle: {' → '.join(cycle)}"
            where = f"{pointer}/let/{cycle[0]}"
            self.problems.errors.append(located(source, where, "name-cycle", message, key=True))
            return {}
        per_item = per_item_lets(compiled, self.defs)
        per_cell = _per_cell(compiled)
        lets = {}
        for name, expression in compiled.items():
            position = source.document.positions.get(f"{pointer}/let/{name}")
            line = position.line if position else None
            lets[name] = Definition(
                name, expression, per_item[name], "let", source.file, line, per_cell[name]
            )
        return lets

    def _message(
        self, source: Source, pointer: str, entry: dict[str, Any], scope: Any
    ) -> dict[str, Template] | None:
        texts = bilingual(entry["message"])
        where = f"{pointer}/message"
        result: dict[str, Template] = {}
        compiled_templates: dict[str, Template | None] = {}
        for lang, template in texts.items():
            if template not in compiled_templates:  # one string may serve both languages
                at = where if isinstance(entry["message"], str) else f"{where}/{lang}"
                compiled_templates[template] = self._template(source, at, template, scope)
            compiled = compiled_templates[template]
            if compiled is None:
                return None
            result[lang] = compiled
        return result

    def _template(self, source: Source, at: str, template: str, scope: Any) -> Template | None:
        """A ``{expression}`` template compiled, every problem located in the file; or None."""
        try:
            parts = split_template(template)
        except TemplateError as error:
            problem = ExpressionError("message", str(error), template, error.offset)
            self.problems.errors.append(_placed(source, at, problem, None))
            return None
        compiled: list[MessagePart] = []
        ok = True
        for part in parts:
            if isinstance(part, str):
                compiled.append(part)
                continue
            start, text, form = part
            expression = self._expression(source, at, text, scope, (template, start))
            if expression is None:
                ok = False
                continue
            compiled.append(expression if form is None else Formatted(expression, form))
        return tuple(compiled) if ok else None

    def _severity_by(
        self, source: Source, pointer: str, entry: dict[str, Any], scope: Any
    ) -> tuple[tuple[Expression, Severity], ...]:
        levels = []
        for index, option in enumerate(entry.get("severity_by") or []):
            where = f"{pointer}/severity_by/{index}/when"
            expression = self._expression(source, where, option.get("when"), scope)
            if expression is not None:
                levels.append((expression, Severity(option["severity"])))
        return tuple(levels)

    def _path_template(
        self, source: Source, pointer: str, entry: dict[str, Any], scope: Any
    ) -> tuple[str | Expression, ...] | None:
        """A ``path`` with ``{expression}`` placeholders, compiled; ``None`` for a plain path."""
        path = entry.get("path")
        if not isinstance(path, str) or "{" not in path:
            return None
        compiled = self._template(source, f"{pointer}/path", path, scope)
        if compiled is None:
            return None
        if any(isinstance(part, Formatted) for part in compiled):
            problem = ExpressionError("message", "a path shows no formats: remove the ':'", path, 0)
            self.problems.errors.append(_placed(source, f"{pointer}/path", problem, None))
            return None
        return tuple(part for part in compiled if not isinstance(part, Formatted))

    def _check_params(self, source: Source, declared: set[str]) -> None:
        """Every ``params.x`` the rule reads must be declared, by the rule or its pack."""
        reported: set[str] = set()  # one finding per parameter, at its first use
        for expression, where, offset in self.read:
            scalar = source.document.data
            for token in where.split("/")[1:]:
                scalar = scalar[int(token)] if isinstance(scalar, list) else scalar[token]
            for name, (start, end) in params_read(expression.tree):
                if name in declared or name in reported:
                    continue
                reported.add(name)
                problem = ExpressionError(
                    "unknown-param",
                    f"the rule reads params.{name} but does not declare it under params:",
                    str(scalar),
                    offset + start,
                    offset + end,
                )
                self.problems.errors.append(_placed(source, where, problem, None))


def _per_cell(lets: Mapping[str, Expression]) -> dict[str, bool]:
    """Whether each ``let`` reads ``field`` or ``cell``, directly or through another ``let``."""
    result = {name: "bound" in expression.refs.values() for name, expression in lets.items()}
    changed = True
    while changed:
        changed = False
        for name, expression in lets.items():
            if not result[name] and any(result.get(used, False) for used in expression.refs):
                result[name] = changed = True
    return result


def _placed(
    source: Source,
    where: str,
    error: ExpressionError,
    offset_in: tuple[str, int] | None,
    severity: str = "error",
) -> RuleError:
    """An expression problem placed in the file (shifted into its template, if it is in one)."""
    if offset_in is not None:
        template, start = offset_in
        error = ExpressionError(
            error.code, error.message, template, start + error.start, start + error.end
        )
    return expression_error(source, where, error, severity=severity)


def _subjects(entry: dict[str, Any]) -> tuple[str, ...]:
    """The boxes a rule is about: its plain ``path`` (a template names no one box) and its
    ``needs``."""
    found: list[str] = []
    path = entry.get("path")
    if isinstance(path, str) and "{" not in path and path.strip("/"):
        found.append(path if path.startswith("/") else path.strip("/"))
    found += [need for need in entry.get("needs") or () if isinstance(need, str) and need]
    return tuple(dict.fromkeys(found))
