"""Load rule files into a compiled, reusable :class:`~evallint.rules.model.RuleSet`.

A rule file is YAML: pack metadata (``name``, ``version``, ``description``,
``extends``, ``params``) and ``rules:``. Every problem is a
:class:`~evallint.errors.RuleError` at ``file:line:col`` with the source line
and a caret (:mod:`evallint.rules.locate`): YAML syntax, a key the rules
schema does not know (:mod:`evallint.schema.rules`), a duplicate id, an
unknown pack, an ``extends`` cycle, and any expression error, whose position
inside the expression is mapped to the YAML file (each rule entry is compiled
by :mod:`evallint.rules.compiler`). All problems of all files are collected,
not just the first.

A built-in pack, named or extended, comes from the pack cache
(:mod:`evallint.rules.cache`) when it holds it; PyYAML is imported only when a
file must be read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evallint.dsl.expression import Definition
from evallint.errors import ReportError, RuleError, RuleSetError
from evallint.errors import Text as Message
from evallint.limits import MAX_EXCERPT_CHARS
from evallint.rules import cache, crossref
from evallint.rules.compiler import RuleCompiler
from evallint.rules.definitions import (
    Problems,
    Written,
    check_name,
    compile_definitions,
    parse_key,
    used_names,
    warn_unused,
)
from evallint.rules.locate import Source, located
from evallint.rules.model import PackExample, Rule, RuleSet, Text, bilingual, examples_of
from evallint.rules.packs import (
    BUILTIN_PACKS,
    DEFAULT_PACK,
    Refusal,
    builtin_pack_names,
    pack_files,
    read_rule_file,
    reference_problem,
    resolve_reference,
)
from evallint.schema import rules_schema
from evallint.schema.rules import rule_file_problems


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
    own = (
        _builtin_name(resolve_reference(str(references[0]), None)) if len(references) == 1 else None
    )
    if own is not None:
        cached = cache.load(own)  # a built-in pack by itself: kept compiled between runs
        if cached is not None:
            return cached
    loader = _Loader(own)
    for reference in references:
        resolved = resolve_reference(str(reference), None)
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
        refused = reference_problem(str(reference), resolved, folders=True)
        if refused is not None:
            loader.errors.append(RuleError(refused.code, refused.text, file=str(reference)))
            continue
        loader.load_target(resolved)
    ruleset = loader.finish()
    if strict and ruleset.errors:
        raise RuleSetError(list(ruleset.errors))
    if loader.own_pack is not None and not ruleset.errors:
        cache.store(loader.own_pack, ruleset)
    return ruleset


def _builtin_name(target: Path | None) -> str | None:
    """The name of the built-in pack ``target`` is (its folder or file), or ``None``."""
    if target is None:
        return None
    resolved = target.resolve()
    if resolved.parent != BUILTIN_PACKS.resolve():
        return None
    return resolved.stem if resolved.is_file() else resolved.name


def _error_order(error: RuleError) -> tuple[str, int, int]:
    return (error.file, error.line or 0, error.col or 0)


def _refusal(refused: Refusal, name: str, via: tuple[Source, str] | None) -> RuleError:
    """A file refused unread (or read and found no rule file): at the ``extends`` entry
    that named it, else on the file itself."""
    if via is not None:
        return located(via[0], via[1], refused.code, refused.text)
    return RuleError(refused.code, refused.text, file=name)


def _is_rule_file(data: Any) -> bool:
    """Whether ``data`` looks like a rule file at all: a mapping with a key of one. Anything
    else (text, a number, someone's settings) is refused without quoting it."""
    if not isinstance(data, dict):
        return False
    known = rules_schema()["properties"]
    return any(key in known for key in data)


def _bounded_excerpt(excerpt: str | None) -> str | None:
    """The line a YAML error is on, unless it is longer than :data:`MAX_EXCERPT_CHARS`: a
    file that fails to parse may be no rule file at all, and is never quoted at length."""
    if excerpt is None or len(excerpt) > MAX_EXCERPT_CHARS:
        return None
    return excerpt


class _Loader:
    """Accumulates rules, params and problems over files and their ``extends``.

    A built-in pack met on the way (a reference, an ``extends``) is taken whole
    from :func:`load_rules`, which keeps it compiled between runs; only
    ``own_pack``, the built-in pack being built, is read file by file.
    """

    def __init__(self, own_pack: str | None = None) -> None:
        self.own_pack = own_pack
        self.merged: set[str] = set()
        # rules by id, in load order: compiled (from a built-in pack) or still to compile
        self.rules: dict[str, Rule | _Written] = {}
        self.params: dict[str, Any] = {}
        self.defs: dict[str, Definition] = {}  # inherited from built-in packs, compiled
        self.written: dict[str, Written] = {}  # read from files, compiled by finish()
        self.targets: list[str] = []  # the pack being read (a reference or an extends)
        self.errors: list[RuleError] = []
        self.warnings: list[RuleError] = []
        self.names: list[tuple[str, Text]] = []  # each file's name and description
        self.pack_examples: list[tuple[PackExample, Source]] = []
        self.inherited_examples: list[PackExample] = []
        self.loading: list[Path] = []
        self.loading_names: list[str] = []
        self.loaded: set[Path] = set()
        # a pack's files share the examples_base one of them declares
        self.folder_bases: dict[Path, Any] = {}

    def load_target(self, target: Path, via: tuple[Source, str] | None = None) -> None:
        pack = _builtin_name(target)
        if pack is not None and pack != self.own_pack:
            self.merge(pack)
            return
        try:
            paths = pack_files(target)
        except Refusal as refused:
            self.errors.append(_refusal(refused, str(target), via))
            return
        self.targets.append(str(target.resolve()))
        try:
            for path in paths:
                self.load_file(path, via)
        finally:
            self.targets.pop()

    def merge(self, pack: str) -> None:
        """Take the built-in ``pack`` as loading its files would (once, like a file)."""
        if pack in self.merged:
            return
        self.merged.add(pack)
        ruleset = load_rules(pack, strict=False)
        self.rules.update((rule.id, rule) for rule in ruleset.rules)
        self.params.update(ruleset.params)
        self.defs.update(ruleset.defs)
        self.inherited_examples.extend(ruleset.examples)
        for name in ruleset.defs:
            self.written.pop(name, None)  # the later pack's definition wins
        if ruleset.name is not None:
            self.names.append((ruleset.name, ruleset.description))
        self.errors.extend(ruleset.errors)
        self.warnings.extend(ruleset.warnings)

    def load_file(self, path: Path, via: tuple[Source, str] | None = None) -> None:
        """Load one file; ``via`` is the ``extends`` entry that asked for it, if any."""
        resolved = path.resolve()
        if resolved in self.loading:
            names = [*self.loading_names, str(path)]
            chain = " → ".join(names[names.index(str(path)) if str(path) in names else 0 :])
            message = f"extends goes round in a circle: {chain}"
            if via is not None:
                self.errors.append(located(via[0], via[1], "extends-cycle", message))
            else:
                self.errors.append(RuleError("extends-cycle", message, file=str(path)))
            return
        if resolved in self.loaded:
            return
        self.loading.append(resolved)
        self.loading_names.append(str(path))
        try:
            self._load_file(path, via)
        finally:
            self.loading.pop()
            self.loading_names.pop()
            self.loaded.add(resolved)

    def _load_file(self, path: Path, via: tuple[Source, str] | None = None) -> None:
        name = str(path)
        try:
            text = read_rule_file(path)
        except Refusal as refused:
            self.errors.append(_refusal(refused, name, via))
            return
        except (OSError, UnicodeDecodeError) as error:
            self.errors.append(
                RuleError("yaml-syntax", f"cannot read the file: {error}", file=name)
            )
            return
        from evallint.read.yamldoc import parse_yaml  # PyYAML only when a file must be read

        try:
            document = parse_yaml(text)
        except ReportError as unreadable:
            self.errors.append(
                RuleError(
                    "yaml-syntax" if unreadable.code != "report-duplicate-key" else "duplicate-key",
                    unreadable.text,
                    file=name,
                    line=unreadable.line,
                    col=unreadable.col,
                    excerpt=_bounded_excerpt(unreadable.excerpt),
                )
            )
            return
        source = Source(name, text, document)
        data = document.data
        if data is None:
            self.errors.append(RuleError("rule-schema", "the rule file is empty", file=name))
            return
        if isinstance(data, list):  # rules without `rules:` above them, most likely
            not_mapping = located(
                source, "", "rule-schema", "the rule file must be a mapping, not a list"
            )
            not_mapping.excerpt = _bounded_excerpt(not_mapping.excerpt)
            self.errors.append(not_mapping)
            return
        if not _is_rule_file(data):  # say so, and quote nothing of what it holds
            refusal = Refusal("not-a-rule-file", Message("not-a-rule-file", {"reference": name}))
            self.errors.append(_refusal(refusal, name, via))
            return
        bad_pointers = self._schema_problems(source)
        if not isinstance(data, dict):
            return
        extends = data.get("extends")
        references = [extends] if isinstance(extends, str) else list(extends or [])
        for index, reference in enumerate(references):
            if not isinstance(reference, str):
                continue
            where = "/extends" if isinstance(extends, str) else f"/extends/{index}"
            target = resolve_reference(reference, path.parent)
            problem = (
                reference_problem(reference, target, folders=False) if target is not None else None
            )
            if problem is not None:
                self.errors.append(located(source, where, problem.code, problem.text))
                continue
            if target is None:
                self.errors.append(
                    located(
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
            described = data.get("description")
            self.names.append((data["name"], bilingual(described) if described else {}))
        if "examples_base" in data:
            self.folder_bases[path.parent.resolve()] = data["examples_base"]
        base = self.folder_bases.get(path.parent.resolve(), "minimal")
        params = data.get("params")
        if isinstance(params, dict):
            self.params.update(params)
        defs = data.get("defs")
        if isinstance(defs, dict):
            for name, text in defs.items():
                if f"/defs/{name}" not in bad_pointers and isinstance(text, str):
                    self._write_definition(source, name, text)
        self._pack_examples(source, data.get("examples"), bad_pointers, base)
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

    def _pack_examples(
        self, source: Source, examples: Any, bad_pointers: set[str], base: Any
    ) -> None:
        """A file's examples for rules of the packs it extends (checked in :meth:`finish`)."""
        if not isinstance(examples, dict):
            return
        for rule_id, kinds in examples.items():
            pointer = f"/examples/{rule_id}"
            if any(p == pointer or p.startswith(pointer + "/") for p in bad_pointers):
                continue
            for kind in ("pass", "fail"):
                for example in examples_of(kinds.get(kind), f"{pointer}/{kind}"):
                    position = source.document.positions.get(example.pointer)
                    line = position.line if position else None
                    self.pack_examples.append(
                        (PackExample(rule_id, kind, example, source.file, line, base), source)
                    )

    def _schema_problems(self, source: Source) -> set[str]:
        """Record the file's schema violations (one per place); the pointers they are about."""
        places: set[tuple[int | None, int | None]] = set()
        pointers: set[str] = set()
        for problem in rule_file_problems(source.document.data):
            error = located(
                source, problem.pointer, "rule-schema", problem.message, key=problem.at_key
            )
            if (error.line, error.col) in places:
                continue  # one problem per place: the first (most specific) wins
            places.add((error.line, error.col))
            pointers.add(problem.pointer)
            self.errors.append(error)
        return pointers

    def _write_definition(self, source: Source, key: str, text: str) -> None:
        pointer = f"/defs/{key}"
        parsed = parse_key(key)
        if parsed is None:
            self.errors.append(
                located(
                    source,
                    pointer,
                    "name",
                    f'"{key}" is not a name (letters, digits and _) nor a function (name(a, b))',
                    key=True,
                )
            )
            return
        name, params = parsed
        problems = Problems(self.errors, self.warnings)
        if not check_name(name, source, pointer, problems):
            return
        if not all(check_name(p, source, pointer, problems, parameter=True) for p in params or ()):
            return
        twice = next((p for p in params or () if (params or ()).count(p) > 1), None)
        if twice is not None:
            message = f"the parameter {twice} is named twice"
            self.errors.append(located(source, pointer, "name", message, key=True))
            return
        first = self.written.get(name)
        if first is not None and first.origin == self.targets[-1]:
            position = first.source.document.key_positions.get(first.pointer)
            line = f"{first.source.file}:{position.line}" if position else first.source.file
            self.errors.append(
                located(
                    source,
                    pointer,
                    "duplicate-name",
                    f'"{name}" is defined twice in this pack (first at {line}); a pack that '
                    "extends this one may redefine it",
                    key=True,
                )
            )
            return
        self.written.pop(name, None)  # an extended pack's definition: this one wins
        self.written[name] = Written(name, text, source, pointer, self.targets[-1], params)

    def _load_rule(
        self, source: Source, pointer: str, entry: dict[str, Any], pack: str, base: Any
    ) -> None:
        rule_id = entry["id"]
        first = self.rules.get(rule_id)
        if first is not None and _file_of(first) == source.file:
            self.errors.append(
                located(
                    source,
                    f"{pointer}/id",
                    "duplicate-id",
                    f'rule id "{rule_id}" is used twice in this pack (first at line '
                    f"{_line_of(first)})",
                )
            )
            return
        self.rules[rule_id] = _Written(source, pointer, entry, pack, base)

    def finish(self) -> RuleSet:
        """Compile what was read: the definitions, then the rules that use them."""
        problems = Problems(self.errors, self.warnings)
        defs = compile_definitions(self.defs, self.written.values(), self.params, problems)
        compiler = RuleCompiler(problems, defs, self.params)
        rules: list[Rule] = []
        for entry in self.rules.values():
            if isinstance(entry, Rule):
                rules.append(entry)
                continue
            rule = compiler.compile(
                entry.source, entry.pointer, entry.entry, entry.pack, entry.base
            )
            if rule is not None:
                rules.append(rule)
        rules = [crossref.with_reads(rule, defs) for rule in rules]
        expressions = [e for rule in rules for e in rule.expressions()]
        used = used_names([*expressions, *(d.expression for d in defs.values())], defs)
        warn_unused(self.written.values(), used, defs, problems)
        places = {
            rule_id: (entry.source, entry.pointer)
            for rule_id, entry in self.rules.items()
            if isinstance(entry, _Written)
        }
        self.errors += crossref.deferral_problems(rules, places)
        kept, unknown = crossref.pack_examples(rules, self.pack_examples)
        self.errors += [problem for problem in unknown if problem not in self.errors]
        examples = [*self.inherited_examples, *kept]
        params = dict(self.params)
        for rule in rules:  # a rule's own default, where no pack set the parameter
            for param, value in rule.params.items():
                params.setdefault(param, value)
        self.errors.sort(key=_error_order)
        self.warnings.sort(key=_error_order)
        name: str | None = None
        description: Text = {}
        if self.names:
            name, description = self.names[-1]
        return RuleSet(
            rules=tuple(rules),
            params=params,
            defs=defs,
            name=name,
            description=description,
            warnings=tuple(self.warnings),
            errors=tuple(self.errors),
            examples=tuple(examples),
        )


@dataclass(frozen=True, slots=True)
class _Written:
    """A rule as read from a rule file, compiled once every definition is known."""

    source: Source
    pointer: str
    entry: dict[str, Any]
    pack: str
    base: Any


def _file_of(rule: Rule | _Written) -> str | None:
    return rule.file if isinstance(rule, Rule) else rule.source.file


def _line_of(rule: Rule | _Written) -> int | None:
    if isinstance(rule, Rule):
        return rule.line
    position = rule.source.document.positions.get(rule.pointer)
    return position.line if position else None
