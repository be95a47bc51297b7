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
from pathlib import Path
from typing import Any

from evallint.errors import ReportError, RuleError, RuleSetError
from evallint.rules import cache
from evallint.rules.compiler import RuleCompiler
from evallint.rules.locate import Source, located
from evallint.rules.model import Rule, RuleSet, Text, bilingual
from evallint.rules.packs import (
    BUILTIN_PACKS,
    DEFAULT_PACK,
    builtin_pack_names,
    pack_files,
    resolve_reference,
)
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
        loader.load_target(resolved)
    loader.errors.sort(key=_error_order)
    loader.warnings.sort(key=_error_order)
    if strict and loader.errors:
        raise RuleSetError(loader.errors)
    name, description = loader.names[-1] if loader.names else (None, {})
    ruleset = RuleSet(
        rules=tuple(loader.rules.values()),
        params=dict(loader.params),
        name=name,
        description=description,
        warnings=tuple(loader.warnings),
        errors=tuple(loader.errors),
    )
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


class _Loader:
    """Accumulates rules, params and problems over files and their ``extends``.

    A built-in pack met on the way (a reference, an ``extends``) is taken whole
    from :func:`load_rules`, which keeps it compiled between runs; only
    ``own_pack``, the built-in pack being built, is read file by file.
    """

    def __init__(self, own_pack: str | None = None) -> None:
        self.own_pack = own_pack
        self.merged: set[str] = set()
        self.rules: dict[str, Rule] = {}
        self.params: dict[str, Any] = {}
        self.errors: list[RuleError] = []
        self.warnings: list[RuleError] = []
        self.names: list[tuple[str, Text]] = []  # each file's name and description
        self.loading: list[Path] = []
        self.loading_names: list[str] = []
        self.loaded: set[Path] = set()
        # a pack's files share the examples_base one of them declares
        self.folder_bases: dict[Path, Any] = {}
        self.compiler = RuleCompiler(self.errors, self.warnings)

    def load_target(self, target: Path, via: tuple[Source, str] | None = None) -> None:
        pack = _builtin_name(target)
        if pack is not None and pack != self.own_pack:
            self.merge(pack)
            return
        for path in pack_files(target):
            self.load_file(path, via)

    def merge(self, pack: str) -> None:
        """Take the built-in ``pack`` as loading its files would (once, like a file)."""
        if pack in self.merged:
            return
        self.merged.add(pack)
        ruleset = load_rules(pack, strict=False)
        self.rules.update((rule.id, rule) for rule in ruleset.rules)
        self.params.update(ruleset.params)
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
        from evallint.read.yamldoc import parse_yaml  # PyYAML only when a file must be read

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

    def _load_rule(
        self, source: Source, pointer: str, entry: dict[str, Any], pack: str, base: Any
    ) -> None:
        rule_id = entry["id"]
        if rule_id in self.rules and self.rules[rule_id].file == source.file:
            first = self.rules[rule_id]
            self.errors.append(
                located(
                    source,
                    f"{pointer}/id",
                    "duplicate-id",
                    f'rule id "{rule_id}" is used twice in this pack (first at line {first.line})',
                )
            )
            return
        rule = self.compiler.compile(source, pointer, entry, pack, base)
        if rule is not None:
            self.rules[rule.id] = rule
