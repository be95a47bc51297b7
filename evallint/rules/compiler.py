"""One rule entry of a rule file compiled into a :class:`~evallint.rules.model.Rule`.

Each expression (``each``, ``when``, ``check``, ``expected``, ``severity_by``)
and each placeholder of the message and path templates is compiled with the
schema of the rule's items (from its ``each``), and every problem is placed in
the rule file (:mod:`evallint.rules.locate`): errors drop the rule, warnings
do not. A rule must declare every parameter it reads.
"""

from __future__ import annotations

from typing import Any

from evallint.dsl import ast
from evallint.dsl.expression import Expression, compile_expr
from evallint.dsl.fields import element_schema
from evallint.errors import ExpressionError, RuleError
from evallint.read.text import Position
from evallint.results import Severity
from evallint.rules.locate import Source, expression_error
from evallint.rules.model import Rule, bilingual, examples_of
from evallint.rules.templates import TemplateError, split_template
from evallint.schema import report_schema


class RuleCompiler:
    """Compiles rule entries, recording every problem in ``errors`` and ``warnings``."""

    def __init__(self, errors: list[RuleError], warnings: list[RuleError]) -> None:
        self.errors = errors
        self.warnings = warnings
        self.message_expressions: list[tuple[Expression, str, int]] = []

    def compile(
        self, source: Source, pointer: str, entry: dict[str, Any], pack: str, base: Any
    ) -> Rule | None:
        """The rule of ``entry`` (at ``pointer`` in ``source``), or ``None`` when it has errors."""
        rule_id = entry["id"]
        errors_before = len(self.errors)
        each = self._expression(source, pointer, entry, "each", None)
        item_schema = element_schema(each.tree) if each is not None else None
        when = self._expression(source, pointer, entry, "when", item_schema, each is not None)
        check = self._expression(source, pointer, entry, "check", item_schema, each is not None)
        expected = self._expression(
            source, pointer, entry, "expected", item_schema, each is not None
        )
        message = self._message(source, pointer, entry, item_schema, each is not None)
        if len(self.errors) > errors_before or check is None or message is None:
            return None
        located_expressions = [
            (expression, f"{pointer}/{key}", 0)
            for key, expression in (
                ("each", each),
                ("when", when),
                ("check", check),
                ("expected", expected),
            )
            if expression is not None
        ]
        self._check_params(source, entry, [*located_expressions, *self.message_expressions])
        position = source.document.positions.get(pointer, Position(0, 0))
        examples = entry.get("examples") or {}
        rule = Rule(
            id=rule_id,
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
            path_template=self._path_template(
                source, pointer, entry, item_schema, each is not None
            ),
            severity_by=self._severity_by(source, pointer, entry, item_schema, each is not None),
            params=dict(entry.get("params") or {}),
            aliases=tuple(entry.get("aliases") or ()),
            examples_pass=examples_of(examples.get("pass"), f"{pointer}/examples/pass"),
            examples_fail=examples_of(examples.get("fail"), f"{pointer}/examples/fail"),
            pack=pack,
            file=source.file,
            line=position.line,
            examples_base=base,
        )
        return rule

    def _expression(
        self,
        source: Source,
        pointer: str,
        entry: dict[str, Any],
        key: str,
        item_schema: Any,
        on_items: bool = False,
    ) -> Expression | None:
        text = entry.get(key)
        if not isinstance(text, str):
            return None
        where = f"{pointer}/{key}"
        try:
            expression = compile_expr(text, item_schema=_scope(item_schema, on_items))
        except ExpressionError as error:
            self.errors.append(expression_error(source, where, error))
            return None
        for warning in expression.warnings:
            self.warnings.append(
                expression_error(
                    source,
                    where,
                    ExpressionError(
                        warning.code, warning.message, text, warning.start, warning.end
                    ),
                    severity="warning",
                )
            )
        return expression

    def _message(
        self,
        source: Source,
        pointer: str,
        entry: dict[str, Any],
        item_schema: Any,
        on_items: bool,
    ) -> dict[str, tuple[str | Expression, ...]] | None:
        texts = bilingual(entry["message"])
        where = f"{pointer}/message"
        result: dict[str, tuple[str | Expression, ...]] = {}
        compiled_templates: dict[str, tuple[str | Expression, ...] | None] = {}
        self.message_expressions = []
        for lang, template in texts.items():
            if template not in compiled_templates:  # one string may serve both languages
                at = where if isinstance(entry["message"], str) else f"{where}/{lang}"
                compiled_templates[template] = self._template(
                    source, at, template, _scope(item_schema, on_items)
                )
            compiled = compiled_templates[template]
            if compiled is None:
                return None
            result[lang] = compiled
        return result

    def _template(
        self, source: Source, at: str, template: str, item_schema: Any
    ) -> tuple[str | Expression, ...] | None:
        """A ``{expression}`` template compiled, every problem located in the file; or None."""
        try:
            parts = split_template(template)
        except TemplateError as error:
            problem = ExpressionError("message", str(error), template, error.offset)
            self.errors.append(expression_error(source, at, problem))
            return None
        compiled: list[str | Expression] = []
        ok = True
        for part in parts:
            if isinstance(part, str):
                compiled.append(part)
                continue
            start, text = part
            try:
                expression = compile_expr(text, item_schema=item_schema)
            except ExpressionError as error:
                shifted = ExpressionError(
                    error.code, error.message, template, start + error.start, start + error.end
                )
                self.errors.append(expression_error(source, at, shifted))
                ok = False
                continue
            compiled.append(expression)
            self.message_expressions.append((expression, at, start))
            for warning in expression.warnings:
                shifted = ExpressionError(
                    warning.code,
                    warning.message,
                    template,
                    start + warning.start,
                    start + warning.end,
                )
                self.warnings.append(expression_error(source, at, shifted, severity="warning"))
        return tuple(compiled) if ok else None

    def _severity_by(
        self,
        source: Source,
        pointer: str,
        entry: dict[str, Any],
        item_schema: Any,
        on_items: bool,
    ) -> tuple[tuple[Expression, Severity], ...]:
        levels = []
        for index, option in enumerate(entry.get("severity_by") or []):
            expression = self._expression(
                source, f"{pointer}/severity_by/{index}", option, "when", item_schema, on_items
            )
            if expression is not None:
                levels.append((expression, Severity(option["severity"])))
        return tuple(levels)

    def _path_template(
        self,
        source: Source,
        pointer: str,
        entry: dict[str, Any],
        item_schema: Any,
        on_items: bool,
    ) -> tuple[str | Expression, ...] | None:
        """A ``path`` with ``{expression}`` placeholders, compiled; ``None`` for a plain path."""
        path = entry.get("path")
        if not isinstance(path, str) or "{" not in path:
            return None
        return self._template(source, f"{pointer}/path", path, _scope(item_schema, on_items))

    def _check_params(
        self,
        source: Source,
        entry: dict[str, Any],
        expressions: list[tuple[Expression, str, int]],
    ) -> None:
        """Every ``params.x`` a rule reads must be declared under its ``params:``."""
        declared = set((entry.get("params") or {}).keys())
        reported: set[str] = set()  # one finding per parameter, at its first use
        for expression, where, offset in expressions:
            scalar = source.document.data
            for token in where.split("/")[1:]:
                scalar = scalar[int(token)] if isinstance(scalar, list) else scalar[token]
            for name, (start, end) in _params_read(expression):
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
                self.errors.append(expression_error(source, where, problem))


def _scope(item_schema: Any, on_items: bool) -> Any:
    """The schema bare names are checked against: the rule's items, or the report itself.

    An ``each`` whose items cannot be told statically gives ``None``: names may
    then be fields of any object of the report.
    """
    return item_schema if on_items else report_schema()


def _params_read(expression: Expression) -> list[tuple[str, tuple[int, int]]]:
    """The parameters an expression reads, with the span of each ``params.x``."""
    found: list[tuple[str, tuple[int, int]]] = []
    stack = [expression.tree]
    while stack:
        node = stack.pop()
        if (
            isinstance(node, ast.Field)
            and isinstance(node.obj, ast.Name)
            and node.obj.name == "params"
        ):
            found.append((node.name, node.span))
        stack.extend(ast.children(node))
    return sorted(found, key=lambda item: item[1])
