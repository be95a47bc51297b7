"""Load rule files into a compiled, reusable :class:`RuleSet`.

A rule file is YAML: pack metadata (``name``, ``version``, ``description``,
``extends``, ``params``) and ``rules:``. A folder of rule files is a pack;
built-in packs live in ``evallint/packs`` (``rules/`` at the top of the
repository) and are named by their folder or file name.

Every problem is a :class:`~evallint.errors.RuleError` at ``file:line:col``
with the source line and a caret: YAML syntax, a key the rules schema does not
know, a duplicate id, an unknown pack, an ``extends`` cycle, and any expression
error, whose position inside the expression is mapped to the YAML file. All
problems of all files are collected, not just the first.
"""

from __future__ import annotations

import fnmatch
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from evallint import pointer as jsonpointer
from evallint._files import package_file
from evallint.dsl import Expression, compile_expr
from evallint.dsl.resolve import element_schema
from evallint.errors import ExpressionError, ReportError, RuleError, RuleSetError
from evallint.findings import Severity
from evallint.quickcheck import Predicate, compile_schema, is_number
from evallint.sources import Position, YamlDocument, parse_yaml

Text = Mapping[str, str]
RULE_SUFFIXES = (".yaml", ".yml")
DEFAULT_PACK = "national-2020"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule came from: its file and the YAML document it was read from."""

    file: str
    text: str = field(repr=False)
    document: YamlDocument = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Example:
    """One example report of a rule: how to build it, and for a fail example the paths."""

    name: str
    report: Mapping[str, Any] | None
    set: Mapping[str, Any]
    delete: tuple[str, ...]
    params: Mapping[str, Any]
    paths: tuple[str, ...] | None
    pointer: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule, ready to run on any number of reports."""

    id: str
    severity: Severity
    title: Text
    description: Text
    tags: tuple[str, ...]
    check: Expression
    message: Mapping[str, tuple[str | Expression, ...]]
    message_source: Text
    each: Expression | None = None
    when: Expression | None = None
    expected: Expression | None = None
    path: str | None = None
    path_template: tuple[str | Expression, ...] | None = None
    severity_by: tuple[tuple[Expression, Severity], ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    examples_pass: tuple[Example, ...] = ()
    examples_fail: tuple[Example, ...] = ()
    pack: str | None = None
    file: str | None = None
    line: int | None = None
    examples_base: Any = "minimal"

    def text(self, field_text: Text, lang: str) -> str:
        """``field_text`` (title or description) in ``lang``, falling back to Chinese."""
        return field_text.get(lang) or field_text.get("zh") or next(iter(field_text.values()), "")

    def matches(self, pattern: str) -> bool:
        """Whether ``pattern`` (an id, alias, tag or glob over ids) names this rule."""
        if pattern in (self.id, *self.aliases, *self.tags):
            return True
        return fnmatch.fnmatchcase(self.id, pattern) or any(
            fnmatch.fnmatchcase(tag, pattern) for tag in self.tags
        )


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Compiled rules plus the parameter values they run with.

    Immutable and safe to share between threads; it pickles by recompiling its
    expressions, so it can be sent to worker processes. ``warnings`` holds
    problems that did not stop any rule from loading; ``errors`` (when loaded
    leniently) the ones that dropped a rule or a file.
    """

    rules: tuple[Rule, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    name: str | None = None
    warnings: tuple[RuleError, ...] = ()
    errors: tuple[RuleError, ...] = ()
    examples_base: Any = "minimal"

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with id (or alias) ``rule_id``."""
        for rule in self.rules:
            if rule_id == rule.id or rule_id in rule.aliases:
                return rule
        return None

    def params_for(self, rule: Rule) -> dict[str, Any]:
        """The parameters ``rule`` runs with: its defaults, overridden by the pack's values."""
        values = dict(rule.params)
        values.update({k: v for k, v in self.params.items() if k in rule.params})
        return values

    def configured(
        self,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> RuleSet:
        """A copy: rules selected and ignored (ignore wins), severities and params overridden."""
        rules = [
            rule
            for rule in self.rules
            if (not select or any(rule.matches(p) for p in select))
            and not any(rule.matches(p) for p in ignore)
        ]
        if severity:
            rules = [
                replace(rule, severity=Severity(_severity_for(rule, severity) or rule.severity))
                for rule in rules
            ]
        from evallint.report import normalise

        merged = dict(self.params)
        merged.update(normalise(dict(params or {})))  # TOML and Python give ints and floats
        return replace(self, rules=tuple(rules), params=merged)

    def known_params(self) -> set[str]:
        """Every parameter name some rule declares."""
        return {name for rule in self.rules for name in rule.params}


def _severity_for(rule: Rule, overrides: Mapping[str, str]) -> str | None:
    for pattern, level in overrides.items():
        if rule.matches(pattern):
            return level
    return None


# --- finding rule files ------------------------------------------------------------------


def builtin_packs_dir() -> Path:
    """Folder of the built-in packs inside the installed package."""
    return package_file("packs")


def builtin_pack_names() -> list[str]:
    """Names of the built-in packs (``national-2020``, ``hubei``, ...)."""
    folder = builtin_packs_dir()
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.iterdir() if p.suffix in RULE_SUFFIXES}
    names |= {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    return sorted(names)


def _pack_files(target: Path) -> list[Path]:
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
    return [target]


def _resolve_reference(reference: str, base: Path | None) -> Path | None:
    """A path for ``extends``/``--rules`` entry ``reference``: a built-in pack name or a path."""
    candidate = (base / reference) if base is not None else Path(reference)
    if candidate.exists():
        return candidate
    folder = builtin_packs_dir()
    for option in (folder / reference, folder / f"{reference}.yaml", folder / f"{reference}.yml"):
        if option.exists():
            return option
    return None


# --- loading -------------------------------------------------------------------------------


def load_rules(
    paths: str | Path | Iterable[str | Path] | None = None, *, strict: bool = True
) -> RuleSet:
    """Load and compile rule files, folders or built-in pack names (default: national-2020).

    With ``strict`` (the default) any error raises :class:`RuleSetError` listing
    every problem; otherwise broken rules and files are left out and their
    errors kept in :attr:`RuleSet.errors`.
    """
    if paths is None:
        references: list[str | Path] = [DEFAULT_PACK]
    elif isinstance(paths, (str, Path)):
        references = [paths]
    else:
        references = list(paths)
    builtin = _builtin_only(references)
    if builtin is not None:
        from evallint import rulecache

        cached = rulecache.load(builtin)
        if cached is not None:
            return cached
    loader = _Loader()
    for reference in references:
        resolved = _resolve_reference(str(reference), None)
        if resolved is None:
            loader.errors.append(
                RuleError(
                    "unknown-pack",
                    f'no rule file, folder or built-in pack "{reference}" '
                    f"(built-in: {', '.join(builtin_pack_names()) or 'none'})",
                    file=str(reference),
                )
            )
            continue
        loader.load_target(resolved)
    loader.errors.sort(key=_error_order)
    loader.warnings.sort(key=_error_order)
    if strict and loader.errors:
        raise RuleSetError(loader.errors)
    name = loader.names[-1] if loader.names else None
    ruleset = RuleSet(
        rules=tuple(loader.rules.values()),
        params=dict(loader.params),
        name=name,
        warnings=tuple(loader.warnings),
        errors=tuple(loader.errors),
        examples_base=loader.examples_base,
    )
    if builtin is not None and not ruleset.errors:
        rulecache.store(builtin, ruleset)
    return ruleset


def _builtin_only(references: list[str | Path]) -> tuple[str, ...] | None:
    """The references, when every one names a built-in pack (the cacheable case)."""
    folder = builtin_packs_dir().resolve()
    for reference in references:
        resolved = _resolve_reference(str(reference), None)
        if resolved is None or not resolved.resolve().is_relative_to(folder):
            return None
    return tuple(str(reference) for reference in references)


def _error_order(error: RuleError) -> tuple[str, int, int]:
    return (error.file, error.line or 0, error.col or 0)


class _Loader:
    """Accumulates rules, params and problems over files and their ``extends``."""

    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}
        self.params: dict[str, Any] = {}
        self.errors: list[RuleError] = []
        self.warnings: list[RuleError] = []
        self.names: list[str] = []
        self.loading: list[Path] = []
        self.loading_names: list[str] = []
        self.loaded: set[Path] = set()
        self.examples_base: Any = "minimal"
        # a pack's files share the examples_base one of them declares
        self.folder_bases: dict[Path, Any] = {}
        self.message_expressions: list[tuple[Expression, str, int]] = []

    def load_target(self, target: Path, via: tuple[Source, str] | None = None) -> None:
        for path in _pack_files(target):
            self.load_file(path, via)

    def load_file(self, path: Path, via: tuple[Source, str] | None = None) -> None:
        """Load one file; ``via`` is the ``extends`` entry that asked for it, if any."""
        resolved = path.resolve()
        if resolved in self.loading:
            names = [*self.loading_names, str(path)]
            chain = " → ".join(names[names.index(str(path)) if str(path) in names else 0 :])
            message = f"extends goes round in a circle: {chain}"
            if via is not None:
                self.errors.append(_located(via[0], via[1], "extends-cycle", message))
            else:
                self.errors.append(RuleError("extends-cycle", message, file=str(path)))
            return
        if resolved in self.loaded:
            return
        self.loading.append(resolved)
        self.loading_names.append(str(path))
        try:
            self._load_file(path)
        finally:
            self.loading.pop()
            self.loading_names.pop()
            self.loaded.add(resolved)

    def _load_file(self, path: Path) -> None:
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.errors.append(
                RuleError("yaml-syntax", f"cannot read the file: {error}", file=name)
            )
            return
        try:
            document = parse_yaml(text)
        except ReportError as error:
            self.errors.append(
                RuleError(
                    "yaml-syntax" if error.code != "report-duplicate-key" else "duplicate-key",
                    error.message("en"),
                    file=name,
                    line=error.line,
                    col=error.col,
                    excerpt=error.excerpt,
                )
            )
            return
        source = Source(name, text, document)
        data = document.data
        if data is None:
            self.errors.append(RuleError("rule-schema", "the rule file is empty", file=name))
            return
        schema_errors = _schema_errors(source)
        self.errors.extend(error for _, error in schema_errors)
        if not isinstance(data, dict):
            return
        bad_pointers = {where for where, _ in schema_errors}
        extends = data.get("extends")
        references = [extends] if isinstance(extends, str) else list(extends or [])
        for index, reference in enumerate(references):
            if not isinstance(reference, str):
                continue
            where = "/extends" if isinstance(extends, str) else f"/extends/{index}"
            target = _resolve_reference(reference, path.parent)
            if target is None:
                self.errors.append(
                    _located(
                        source,
                        where,
                        "unknown-pack",
                        f'no rule file, folder or built-in pack "{reference}" (built-in: '
                        f"{', '.join(builtin_pack_names()) or 'none'})",
                    )
                )
                continue
            self.load_target(target, via=(source, where))
        if isinstance(data.get("name"), str):
            self.names.append(data["name"])
        if "examples_base" in data:
            self.examples_base = data["examples_base"]
            self.folder_bases[path.parent.resolve()] = data["examples_base"]
        base = self.folder_bases.get(path.parent.resolve(), "minimal")
        params = data.get("params")
        if isinstance(params, dict):
            self.params.update(params)
        rules = data.get("rules")
        if not isinstance(rules, list):
            return
        for index, entry in enumerate(rules):
            pointer = f"/rules/{index}"
            if any(p == pointer or p.startswith(pointer + "/") for p in bad_pointers):
                continue  # the schema error already says what is wrong with this rule
            if not isinstance(entry, dict):
                continue
            self._load_rule(source, pointer, entry, str(data.get("name") or path.stem), base)

    def _load_rule(
        self, source: Source, pointer: str, entry: dict[str, Any], pack: str, base: Any
    ) -> None:
        rule_id = entry["id"]
        if rule_id in self.rules and self.rules[rule_id].file == source.file:
            first = self.rules[rule_id]
            self.errors.append(
                _located(
                    source,
                    f"{pointer}/id",
                    "duplicate-id",
                    f'rule id "{rule_id}" is used twice in this pack (first at line {first.line})',
                )
            )
            return
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
            return
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
            title=_text(entry["title"]),
            description=_text(entry.get("description") or entry["title"]),
            tags=tuple(entry.get("tags") or ()),
            check=check,
            message=message,
            message_source=_text(entry["message"]),
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
            examples_pass=_examples(examples.get("pass"), f"{pointer}/examples/pass"),
            examples_fail=_examples(examples.get("fail"), f"{pointer}/examples/fail"),
            pack=pack,
            file=source.file,
            line=position.line,
            examples_base=base,
        )
        self.rules[rule_id] = rule

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
            expression = compile_expr(text, item_schema=item_schema if on_items else None)
        except ExpressionError as error:
            self.errors.append(_expression_error(source, where, error))
            return None
        for warning in expression.warnings:
            self.warnings.append(
                _expression_error(
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
        texts = _text(entry["message"])
        where = f"{pointer}/message"
        result: dict[str, tuple[str | Expression, ...]] = {}
        compiled_templates: dict[str, tuple[str | Expression, ...] | None] = {}
        self.message_expressions = []
        for lang, template in texts.items():
            if template not in compiled_templates:  # one string may serve both languages
                at = where if isinstance(entry["message"], str) else f"{where}/{lang}"
                compiled_templates[template] = self._template(
                    source, at, template, item_schema if on_items else None
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
            self.errors.append(_expression_error(source, at, problem))
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
                self.errors.append(_expression_error(source, at, shifted))
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
                self.warnings.append(_expression_error(source, at, shifted, severity="warning"))
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
        return self._template(source, f"{pointer}/path", path, item_schema if on_items else None)

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
                self.errors.append(_expression_error(source, where, problem))


def _params_read(expression: Expression) -> list[tuple[str, tuple[int, int]]]:
    """The parameters an expression reads, with the span of each ``params.x``."""
    from evallint.dsl import ast

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


def _text(value: Any) -> Text:
    if isinstance(value, str):
        return {"zh": value, "en": value}
    assert isinstance(value, dict)
    texts = {str(k): str(v) for k, v in value.items()}
    texts.setdefault("en", texts["zh"])
    return texts


def _examples(entries: Any, pointer: str) -> tuple[Example, ...]:
    if not isinstance(entries, list):
        return ()
    examples = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        paths = entry.get("paths")
        examples.append(
            Example(
                name=str(entry.get("name") or f"#{index + 1}"),
                report=entry.get("report"),
                set=dict(entry.get("set") or {}),
                delete=tuple(entry.get("delete") or ()),
                params=dict(entry.get("params") or {}),
                paths=tuple(paths) if isinstance(paths, list) else None,
                pointer=f"{pointer}/{index}",
            )
        )
    return tuple(examples)


class TemplateError(ValueError):
    """A message template that does not parse; ``offset`` is where, in characters."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def split_template(template: str) -> list[str | tuple[int, str]]:
    """Split a message template into text and ``(offset, expression)`` placeholders.

    ``{expr}`` is a placeholder; ``{{`` and ``}}`` are literal braces. Inside a
    placeholder, braces within quoted strings (a regular expression's ``{0,20}``)
    do not end it.
    """
    parts: list[str | tuple[int, str]] = []
    text: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "{" and template[index : index + 2] == "{{":
            text.append("{")
            index += 2
            continue
        if char == "}" and template[index : index + 2] == "}}":
            text.append("}")
            index += 2
            continue
        if char == "}":
            raise TemplateError("a lone '}' : write '}}' for a brace", index)
        if char == "{":
            end = _placeholder_end(template, index + 1)
            if end < 0:
                raise TemplateError("the placeholder is not closed with '}'", index)
            if text:
                parts.append("".join(text))
                text = []
            expression = template[index + 1 : end]
            if not expression.strip():
                raise TemplateError("an empty placeholder {}: put an expression inside", index)
            parts.append((index + 1, expression))
            index = end + 1
            continue
        text.append(char)
        index += 1
    if text:
        parts.append("".join(text))
    return parts


def _placeholder_end(template: str, start: int) -> int:
    """The index of the ``}`` that closes a placeholder opened before ``start``, or -1."""
    quote = ""
    index = start
    while index < len(template):
        char = template[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in ("'", '"'):
            quote = char
        elif char == "}":
            return index
        index += 1
    return -1


# --- locating problems in the YAML file ----------------------------------------------------


def _line_text(source: Source, line: int) -> str:
    lines = source.text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _located(
    source: Source,
    pointer: str,
    code: str,
    message: str,
    *,
    key: bool = False,
    severity: str = "error",
) -> RuleError:
    positions = source.document.key_positions if key else source.document.positions
    position = positions.get(pointer)
    if position is None:
        position = source.document.positions.get(pointer)
    while position is None and pointer:
        pointer = pointer.rsplit("/", 1)[0]
        position = source.document.positions.get(pointer)
    if position is None:
        return RuleError(code, message, file=source.file, severity=severity)
    return RuleError(
        code,
        message,
        file=source.file,
        line=position.line,
        col=position.col,
        excerpt=_line_text(source, position.line),
        severity=severity,
    )


def _expression_error(
    source: Source, pointer: str, error: ExpressionError, severity: str = "error"
) -> RuleError:
    """Map an error inside an expression to its line and column in the YAML file."""
    position = source.document.positions.get(pointer)
    style = source.document.styles.get(pointer, "")
    if position is not None:
        mapped = _map_into_file(source, position, style, error)
        if mapped is not None:
            line, col = mapped
            return RuleError(
                error.code,
                error.message,
                file=source.file,
                line=line,
                col=col,
                length=error.end - error.start,
                excerpt=_line_text(source, line),
                severity=severity,
            )
    # The scalar's text does not match the expression character for character
    # (escapes, folding): point at the scalar and show the expression's own caret.
    located = _located(source, pointer, error.code, error.message, severity=severity)
    located.detail = error.describe().split("\n", 1)[1]
    return located


def _map_into_file(
    source: Source, position: Position, style: str, error: ExpressionError
) -> tuple[int, int] | None:
    """The file line and column of the expression character ``error.start``, if it can be told."""
    places = _char_positions(source, position, style)
    text = error.source
    if len(places) < len(text.rstrip("\n")):
        return None
    if error.start >= len(text) and places:
        # "the expression ends too early": the caret goes just after the last character
        last = next((p for p in reversed(places[: len(text)]) if p is not None), None)
        return (last.line, last.col + 1) if last is not None else None
    # check the walk against the text: escapes aside, each character is where we think
    lines = source.text.splitlines()
    for index, char in enumerate(text[: len(places)]):
        place = places[index]
        if place is None:
            continue
        file_line = lines[place.line - 1] if place.line <= len(lines) else ""
        found = file_line[place.col - 1] if place.col - 1 < len(file_line) else "\n"
        if found != char and not (char in " \n" and found in " \n"):
            return None
    target = places[error.start]
    if target is None:
        return None
    return target.line, target.col


def _char_positions(source: Source, position: Position, style: str) -> list[Position | None]:
    """Where each character of a scalar's value stands in the file (``None``: an escape).

    Follows YAML's rules: quoted scalars (escapes, ``''``, folded line breaks),
    plain scalars over several lines, and ``|``/``>`` blocks.
    """
    lines = source.text.splitlines()
    places: list[Position | None] = []
    row, col = position.line - 1, position.col - 1
    if style in ('"', "'"):
        col += 1
        while row < len(lines):
            text = lines[row]
            if col >= len(text):
                row += 1
                if row >= len(lines):
                    break
                nxt = lines[row]
                col = len(nxt) - len(nxt.lstrip(" \t"))
                places.append(Position(row + 1, col + 1))  # a line break folds to a space
                continue
            char = text[col]
            if char == style and not (style == "'" and text[col + 1 : col + 2] == "'"):
                break
            if style == '"' and char == "\\":
                code = text[col + 1 : col + 2]
                places.append(None)  # an escape: two or more characters in the file make one
                col += {"u": 6, "x": 4, "U": 10}.get(code, 2)
                continue
            places.append(Position(row + 1, col + 1))
            col += 2 if (style == "'" and char == "'") else 1
        return places
    if style in ("|", ">"):
        body_rows = range(row + 1, len(lines))
        indent = None
        for r in body_rows:
            if lines[r].strip():
                indent = len(lines[r]) - len(lines[r].lstrip(" "))
                break
        if indent is None:
            return places
        for r in body_rows:
            text = lines[r]
            if text.strip() and len(text) - len(text.lstrip(" ")) < indent:
                break
            places.extend(Position(r + 1, c + 1) for c in range(indent, len(text)))
            places.append(Position(r + 1, len(text) + 1))  # the line break (or folded space)
        return places
    # a plain scalar, possibly over several lines: breaks fold to spaces
    key_line = lines[row] if row < len(lines) else ""
    key_indent = len(key_line) - len(key_line.lstrip(" "))
    first = True
    while row < len(lines):
        text = lines[row]
        if not first:
            stripped = text.lstrip(" \t")
            if not stripped or len(text) - len(stripped) <= key_indent:
                break
            col = len(text) - len(stripped)
            places.append(Position(row + 1, col + 1))
        end = len(text.split(" #", 1)[0].rstrip())
        places.extend(Position(row + 1, c + 1) for c in range(col, end))
        first = False
        row += 1
    return places


# --- validating a rule file against the rules schema ---------------------------------------


@functools.cache
def rules_schema() -> Mapping[str, Any]:
    """The JSON Schema of rule files (shipped; editors can use it for completion)."""
    text = package_file("schemas", "rules.schema.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


def _is_rules_integer(value: Any) -> bool:
    # jsonschema's own meaning, which the rules validator keeps
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


@functools.cache
def _rules_quick_check() -> Predicate | None:
    return compile_schema(rules_schema(), types={"number": is_number, "integer": _is_rules_integer})


@functools.cache
def _rules_validator() -> Any:
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    def number(checker: Any, instance: Any) -> bool:
        return is_number(instance)

    type_checker = Draft202012Validator.TYPE_CHECKER.redefine("number", number)
    validator_class = extend(Draft202012Validator, type_checker=type_checker)  # type: ignore[no-untyped-call]
    return validator_class(rules_schema())


def _schema_errors(source: Source) -> list[tuple[str, RuleError]]:
    """Every schema violation in the file, with the pointer it is about."""
    data = source.document.data
    quick = _rules_quick_check()
    if quick is not None and quick(data):
        return []  # valid: no need to import and run jsonschema
    validator = _rules_validator()
    errors: list[tuple[str, RuleError]] = []
    leaves = [
        leaf
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        for leaf in _leaves(error)
    ]
    # A misspelt key (`chek`) also makes a required key (`check`) missing: one
    # root cause, one error — the "unknown key, did you mean" one.
    misspelt = {
        (jsonpointer.build(leaf.absolute_path), near)
        for leaf in leaves
        if leaf.validator == "additionalProperties"
        for near in _near_misses(leaf)
    }
    for leaf in leaves:
        where = jsonpointer.build(leaf.absolute_path)
        if leaf.validator == "required" and all(
            (where, key) in misspelt
            for key in leaf.validator_value
            if isinstance(leaf.instance, dict) and key not in leaf.instance
        ):
            continue
        errors.append((where, _schema_error(source, leaf)))
    # one problem per place: the first (most specific) wins
    seen: set[tuple[int | None, int | None]] = set()
    unique = []
    for where, error in errors:
        key = (error.line, error.col)
        if key not in seen:
            seen.add(key)
            unique.append((where, error))
    return unique


def _near_misses(error: Any) -> list[str]:
    import difflib

    known = sorted(error.schema.get("properties", {}))
    extras = set(error.instance) - set(known)
    return [near for key in extras for near in difflib.get_close_matches(key, known, n=1)]


def _leaves(error: Any) -> list[Any]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        # The alternative of the value's own kind says the most; when the value
        # is of no kind offered, the choice itself is the message.
        fitting = [e for e in error.context if e.validator != "type"]
        if not fitting:
            return [error]
        best = max(fitting, key=lambda e: len(list(e.absolute_path)))
        return _leaves(best)
    return [error]


def _schema_error(source: Source, error: Any) -> RuleError:
    path = list(error.absolute_path)
    pointer = jsonpointer.build(path)
    keyword = error.validator
    if keyword == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        key = extras[0] if extras else ""
        known = sorted(error.schema.get("properties", {}))
        import difflib

        near = difflib.get_close_matches(key, known, n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else f" (known keys: {', '.join(known)})"
        located = _located(
            source,
            jsonpointer.join(pointer, key),
            "rule-schema",
            f'unknown key "{key}"{hint}',
            key=True,
        )
    elif keyword == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        what = _what(path)
        located = _located(
            source, pointer, "rule-schema", f'{what} lacks the required key "{missing[0]}"'
        )
    elif keyword == "enum":
        options = ", ".join(json.dumps(v) for v in error.validator_value)
        located = _located(
            source,
            pointer,
            "rule-schema",
            f"{_what(path)} must be one of {options}, not {_show(error.instance)}",
        )
    elif keyword == "pattern":
        located = _located(
            source,
            pointer,
            "rule-schema",
            f"{_what(path)} {_show(error.instance)} must be kebab-case words "
            "(lower-case letters, digits and -)",
        )
    elif keyword == "type":
        expected = error.validator_value
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        located = _located(
            source,
            pointer,
            "rule-schema",
            f"{_what(path)} must be {_article(wanted)}, not {_show(error.instance)}",
        )
    elif keyword in ("oneOf", "anyOf"):
        kinds = []
        for alternative in error.validator_value:
            target = alternative
            if "$ref" in alternative:
                target = rules_schema()["$defs"][alternative["$ref"].rsplit("/", 1)[1]]
            for option in target.get("oneOf", [target]):
                kind = option.get("type")
                if kind == "object" and "zh" in option.get("properties", {}):
                    kinds.append("a mapping with zh (and en)")
                elif isinstance(kind, str):
                    kinds.append(_article(kind))
                elif "enum" in option:
                    kinds.append(" or ".join(json.dumps(v) for v in option["enum"]))
        wanted = " or ".join(dict.fromkeys(kinds)) or "something else"
        located = _located(
            source,
            pointer,
            "rule-schema",
            f"{_what(path)} must be {wanted}, not {_show(error.instance)}",
        )
    elif keyword == "minLength":
        located = _located(source, pointer, "rule-schema", f"{_what(path)} must not be empty")
    else:
        located = _located(
            source, pointer, "rule-schema", f"{_what(path)} is not valid here ({keyword})"
        )
    return located


def _what(path: list[Any]) -> str:
    if not path:
        return "the rule file"
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rest = ".".join(str(p) for p in path[2:])
        return f"rule #{path[1] + 1}" + (f" `{rest}`" if rest else "")
    return "`" + ".".join(str(p) for p in path) + "`"


def _article(kind: str) -> str:
    return {"object": "a mapping", "array": "a list", "string": "text"}.get(kind, f"a {kind}")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False) if isinstance(value, str) else str(value)
