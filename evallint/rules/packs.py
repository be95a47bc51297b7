"""Where rule files are: built-in packs by name, folders of rule files, paths.

A pack is a folder of rule files (``.yaml``/``.yml``) or one file; built-in
packs live in ``evallint/packs`` (``rules/`` at the top of the repository) and
are named by their folder or file name.
"""

from __future__ import annotations

from pathlib import Path

from evallint._files import package_file

RULE_SUFFIXES = (".yaml", ".yml")
DEFAULT_PACK = "national-2020"
BUILTIN_PACKS = package_file("packs")


def builtin_pack_names() -> list[str]:
    """Names of the built-in packs (``national-2020``, ``hubei``, ...)."""
    folder = BUILTIN_PACKS
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.iterdir() if p.suffix in RULE_SUFFIXES}
    names |= {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    return sorted(names)


def pack_files(target: Path) -> list[Path]:
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
    return [target]


def resolve_reference(reference: str, base: Path | None) -> Path | None:
    """A path for ``extends``/``--rules`` entry ``reference``: a built-in pack name or a path."""
    candidate = (base / reference) if base is not None else Path(reference)
    if candidate.exists():
        return candidate
    folder = BUILTIN_PACKS
    for option in (folder / reference, folder / f"{reference}.yaml", folder / f"{reference}.yml"):
        if option.exists():
            return option
    return None
