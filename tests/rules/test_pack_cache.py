"""The cache of compiled built-in packs: same rules, keyed by the package, easy to turn off."""

from __future__ import annotations

from pathlib import Path

import pytest

from evallint import cache as cache_folder
from evallint import load_report
from evallint.rules import cache as rulecache
from evallint.rules.loader import load_rules
from evallint.run.engine import run_rules
from tests.paths import EXAMPLES

SEED = EXAMPLES


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("EVALLINT_NO_CACHE", raising=False)
    return tmp_path


def findings(ruleset: object) -> list[tuple[str, str, str]]:
    report = load_report(SEED / "zhuzhou-2022-enterprise-service.json")
    found, _ = run_rules(report.data, ruleset)  # type: ignore[arg-type]
    return [(f.rule, f.path, f.message) for f in found]


def test_a_cached_pack_is_the_pack(cache: Path) -> None:
    fresh = load_rules()
    entries = list(cache.glob("rules-*.pickle"))
    assert len(entries) == 1
    cached = rulecache.load("national-2020")
    assert cached is not None
    assert [rule.id for rule in cached.rules] == [rule.id for rule in fresh.rules]
    assert [rule.check.source for rule in cached.rules] == [r.check.source for r in fresh.rules]
    assert cached.params == fresh.params
    assert findings(cached) == findings(fresh)
    assert load_rules() == cached  # the second load comes from the cache


def test_presets_have_their_own_entries(cache: Path) -> None:
    load_rules()
    sichuan = load_rules("sichuan")
    assert len(list(cache.glob("rules-*.pickle"))) == 2
    assert sichuan.params != load_rules().params


def test_own_rule_files_are_never_cached(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "rules:\n  - id: x\n    severity: info\n    title: x\n    check: filled(project)\n"
        "    message: x\n",
        encoding="utf-8",
    )
    load_rules([str(rules)])
    assert not list(cache.glob("rules-*.pickle"))


def test_a_damaged_entry_is_rebuilt(cache: Path) -> None:
    load_rules()
    [entry] = cache.glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert rulecache.load("national-2020") is None
    assert len(load_rules().rules) > 40
    assert rulecache.load("national-2020") is not None  # written again


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALLINT_NO_CACHE", "1")
    load_rules()
    assert not list(cache.glob("rules-*.pickle"))


def test_an_unwritable_cache_folder_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("EVALLINT_CACHE_DIR", str(blocked / "sub"))  # under a file: no folder
    assert len(load_rules().rules) > 40


def test_the_key_is_a_digest_of_the_package_computed_once() -> None:
    digest = cache_folder.package_digest()
    assert len(digest) == 64
    assert cache_folder.package_digest() == digest  # computed once per process


def test_a_built_in_pack_beside_own_rules_comes_from_its_entry(cache: Path, tmp_path: Path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(
        "name: mine\nextends: national-2020\nparams: {funds_weight: 20}\nrules:\n"
        "  - id: mine-project-named\n    severity: info\n    title: x\n"
        "    check: filled(project)\n    message: x\n",
        encoding="utf-8",
    )
    national = load_rules()
    [entry] = cache.glob("rules-*.pickle")
    for references in (["national-2020", str(own)], [str(own)], [str(own), "national-2020"]):
        combined = load_rules(references)
        assert [r.id for r in combined.rules] == [
            *(r.id for r in national.rules),
            "mine-project-named",
        ]
        assert combined.params["funds_weight"] == 20  # the file's own value, whatever the order
        assert combined.name == "mine"
    assert list(cache.glob("rules-*.pickle")) == [entry]  # own rules are never kept
