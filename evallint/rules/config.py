"""Configuration: which rules run, at what severity, with which parameters.

Looked up as other Python linters do: ``--config FILE``; else, from the current
directory upwards, the first of ``evallint.toml``, ``.evallint.yaml`` (or
``.evallint.yml``) and a ``pyproject.toml`` that has a ``[tool.evallint]``
table. The closest file wins; files are not merged (use ``extends``).

Keys (all optional)::

    extends  = ["national-2020"]      # built-in packs by name, or rule files/folders
    select   = ["*"]                  # rule ids, aliases, tags or globs
    ignore   = ["narrative-*"]        # ignore wins over select
    [severity]                        # per rule id, tag or glob: error|warning|info|off
    weight-concentration = "warning"
    [params]                          # rule parameters, by name
    funds_weight = 20

Relative paths in ``extends`` are relative to the configuration file.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from evallint.errors import ReportError, RuleError, RuleSetError
from evallint.rules.loader import load_rules
from evallint.rules.model import RuleSet
from evallint.rules.packs import DEFAULT_PACK, Refusal, read_rule_file, resolve_reference

CONFIG_NAMES = ("evallint.toml", ".evallint.yaml", ".evallint.yml", "pyproject.toml")
CONFIG_SUFFIXES = (".toml", ".yaml", ".yml")
_KEYS = ("extends", "select", "ignore", "severity", "params")
_LEVELS = ("error", "warning", "info", "off")


@dataclass(frozen=True, slots=True)
class Config:
    """A configuration: packs to load, selection, severity and parameter overrides."""

    extends: tuple[str, ...] = (DEFAULT_PACK,)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    file: str | None = None

    def with_overrides(
        self,
        *,
        rules: Sequence[str] = (),
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> Config:
        """This configuration with command-line choices on top.

        ``rules`` replaces ``extends`` for one run; ``select`` replaces the
        configured selection; ``ignore`` adds to the configured one.
        """
        return Config(
            extends=tuple(rules) if rules else self.extends,
            select=tuple(select) if select else self.select,
            ignore=(*self.ignore, *ignore),
            severity=self.severity,
            params=self.params,
            file=self.file,
        )


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the current directory)."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_tool_table(candidate):
                continue
            return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(read_rule_file(path, suffixes=CONFIG_SUFFIXES))
    except (Refusal, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "evallint" in tool


def load_config(path: str | Path) -> Config:
    """Read the configuration file at ``path``; raises :class:`RuleSetError` when it is wrong."""
    path = Path(path)
    name = str(path)
    try:
        text = read_rule_file(path, suffixes=CONFIG_SUFFIXES)
    except Refusal as refused:
        raise RuleSetError([RuleError(refused.code, refused.text, file=name)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RuleSetError(
            [RuleError("config", f"cannot read the file: {error}", file=name)]
        ) from None
    positions: Mapping[str, Any] = {}
    if path.suffix == ".toml":
        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise RuleSetError(
                [RuleError("config", f"not valid TOML: {error}", file=name)]
            ) from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("evallint", {})
    else:
        from evallint.read.yamldoc import parse_yaml  # PyYAML only when YAML is read

        try:
            document = parse_yaml(text)
        except ReportError as error:
            raise RuleSetError(
                [
                    RuleError(
                        "yaml-syntax",
                        error.message("en"),
                        file=name,
                        line=error.line,
                        col=error.col,
                        excerpt=error.excerpt,
                    )
                ]
            ) from None
        data = document.data if document.data is not None else {}
        positions = document.key_positions
    return _config_from_data(data, name, positions, text, path.parent)


def _config_from_data(
    data: Any, name: str, positions: Mapping[str, Any], text: str, base: Path
) -> Config:
    errors: list[RuleError] = []
    lines = text.splitlines()

    def error(key: str, message: str) -> None:
        position = positions.get(f"/{key}")
        line = position.line if position else None
        col = position.col if position else None
        excerpt = lines[line - 1] if line and line <= len(lines) else None
        errors.append(RuleError("config", message, file=name, line=line, col=col, excerpt=excerpt))

    if not isinstance(data, dict):
        raise RuleSetError([RuleError("config", "the configuration must be a mapping", file=name)])
    for key in data:
        if key not in _KEYS:
            near = difflib.get_close_matches(str(key), _KEYS, n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else f" (known: {', '.join(_KEYS)})"
            error(str(key), f'unknown key "{key}"{hint}')
    extends = _strings(data.get("extends", [DEFAULT_PACK]), "extends", error)
    resolved = tuple(
        str(base / entry) if resolve_reference(entry, base) == base / entry else entry
        for entry in extends
    )
    select = _strings(data.get("select", []), "select", error)
    ignore = _strings(data.get("ignore", []), "ignore", error)
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        error("severity", "severity must be a mapping of rule ids (or tags, globs) to levels")
        severity = {}
    for rule, level in severity.items():
        if level not in _LEVELS:
            error(
                "severity",
                f'severity of "{rule}" must be one of {", ".join(_LEVELS)}, not {level!r}',
            )
    params = data.get("params", {})
    if not isinstance(params, dict):
        error("params", "params must be a mapping of parameter names to values")
        params = {}
    if errors:
        raise RuleSetError(errors)
    return Config(
        extends=resolved,
        select=select,
        ignore=ignore,
        severity=MappingProxyType({str(k): str(v) for k, v in severity.items()}),
        params=MappingProxyType(dict(params)),
        file=name,
    )


def _strings(value: Any, key: str, error: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    error(key, f"{key} must be a list of names")
    return ()


def ruleset_for(config: Config, *, strict: bool = True) -> RuleSet:
    """Load the rules a configuration names and apply its selection and overrides.

    A parameter the rules do not declare is an error (with "did you mean"), so
    a typo in a province's configuration cannot silently do nothing.
    """
    rules = load_rules(list(config.extends), strict=strict)
    known = rules.known_params()
    unknown = [name for name in config.params if name not in known]
    if unknown:
        problems = []
        for name in unknown:
            near = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            problems.append(
                RuleError(
                    "unknown-param",
                    f'no rule has a parameter "{name}"{hint}',
                    file=config.file or "<configuration>",
                )
            )
        if strict:
            raise RuleSetError(problems)
        rules = replace(rules, errors=(*rules.errors, *problems))
    off = [pattern for pattern, level in config.severity.items() if level == "off"]
    levels = {pattern: level for pattern, level in config.severity.items() if level != "off"}
    return rules.configured(
        select=config.select,
        ignore=(*config.ignore, *off),
        severity=levels,
        params={k: v for k, v in config.params.items() if k in known},
    )


def discover(start: Path | None = None) -> Config:
    """The configuration that applies in ``start``, or the default one."""
    found = find_config(start)
    return load_config(found) if found is not None else Config()
