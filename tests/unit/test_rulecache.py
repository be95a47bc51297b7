"""The cache of compiled built-in packs: same rules, keyed by the package, easy to turn off."""

from __future__ import annotations

from pathlib import Path

import pytest

from evallint import load_report, rulecache
from evallint.engine import run_rules
from evallint.ruleset import load_rules

SEED = Path(__file__).resolve().parents[2] / "evallint" / "examples"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("EVALLINT_NO_CACHE", raising=False)
    return tmp_path


def findings(ruleset: object) -> list[tuple[str, str, str]]:
    report = load_report(SEED / "zhuzhou-2022-enterprise-service.json")
    outcome = run_rules(report.data, ruleset)  # type: ignore[arg-type]
    return [(f.rule, f.path, f.message) for f in outcome.findings]


def test_a_cached_pack_is_the_pack(cache: Path) -> None:
    fresh = load_rules()
    entries = list(cache.glob("rules-*.pickle"))
    assert len(entries) == 1
    cached = rulecache.load(("national-2020",))
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
    assert rulecache.load(("national-2020",)) is None
    assert len(load_rules().rules) > 40
    assert rulecache.load(("national-2020",)) is not None  # written again


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
    digest = rulecache.package_digest()
    assert len(digest) == 64
    assert rulecache.package_digest() == digest  # computed once per process
