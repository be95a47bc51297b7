"""Configuration: discovery, extends, select/ignore, severity and params overrides, conflicts."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evallint.api import lint
from evallint.cli.main import main
from evallint.errors import RuleSetError
from evallint.rules.config import Config, discover, find_config, load_config, ruleset_for
from tests.paths import DEMO_PACK

DEMO = DEMO_PACK


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project folder, made the current directory."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def test_without_a_file_the_national_pack_runs(project: Path) -> None:
    assert discover() == Config()
    assert "indicator-score-exceeds-weight" in {r.id for r in ruleset_for(Config()).rules}


def test_evallint_toml_is_found_from_a_subfolder(project: Path) -> None:
    (project / "evallint.toml").write_text(f'extends = ["{DEMO}"]\n', encoding="utf-8")
    sub = project / "forms" / "2022"
    sub.mkdir(parents=True)
    assert find_config(sub) == project / "evallint.toml"


def test_the_closest_file_wins(project: Path) -> None:
    (project / "evallint.toml").write_text('ignore = ["a"]\n', encoding="utf-8")
    inner = project / "inner"
    inner.mkdir()
    (inner / ".evallint.yaml").write_text("ignore: [b]\n", encoding="utf-8")
    assert load_config(find_config(inner)).ignore == ("b",)  # type: ignore[arg-type]


def test_pyproject_counts_only_with_a_tool_evallint_table(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert find_config(project) is None
    (project / "pyproject.toml").write_text('[tool.evallint]\nignore = ["x"]\n', encoding="utf-8")
    assert load_config(project / "pyproject.toml").ignore == ("x",)


def test_extends_paths_are_relative_to_the_config_file(project: Path) -> None:
    packs = project / "packs"
    packs.mkdir()
    (packs / "demo.yaml").write_text((DEMO / "pack.yaml").read_text("utf-8"), encoding="utf-8")
    (project / "evallint.toml").write_text('extends = ["packs/demo.yaml"]\n', encoding="utf-8")
    rules = ruleset_for(discover())
    assert [r.id for r in rules.rules] == [
        "demo-funds-weight",
        "demo-deviation-missing",
        "demo-goal-filled",
    ]


def config_with(**data: Any) -> Config:
    return Config(extends=(str(DEMO),), **data)


def test_select_by_tag_and_ignore_by_glob() -> None:
    rules = ruleset_for(config_with(select=("indicators", "goals"), ignore=("demo-goal-*",)))
    assert [r.id for r in rules.rules] == ["demo-deviation-missing"]


def test_a_rule_both_selected_and_ignored_is_ignored() -> None:
    rules = ruleset_for(config_with(select=("demo-goal-filled",), ignore=("demo-goal-filled",)))
    assert rules.rules == ()


def test_severity_override_and_off() -> None:
    rules = ruleset_for(config_with(severity={"demo-goal-filled": "info", "deviation": "off"}))
    levels = {r.id: str(r.severity) for r in rules.rules}
    assert levels == {"demo-funds-weight": "warning", "demo-goal-filled": "info"}


def test_params_override(seed_data: dict[str, Any]) -> None:
    rules = ruleset_for(config_with(params={"funds_weight": 20}))
    findings = [f for f in lint(seed_data, rules) if f.rule == "demo-funds-weight"]
    assert len(findings) == 1


def test_an_unknown_param_is_an_error_with_did_you_mean() -> None:
    with pytest.raises(RuleSetError) as caught:
        ruleset_for(config_with(params={"fund_weight": 20}))
    [error] = caught.value.errors
    assert error.code == "unknown-param"
    assert 'did you mean "funds_weight"' in error.message


def test_an_unknown_config_key_is_located(project: Path) -> None:
    (project / ".evallint.yaml").write_text("extends: [national-2020]\nignor: [x]\n", "utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_config(project / ".evallint.yaml")
    [error] = caught.value.errors
    where = project / ".evallint.yaml"
    assert error.describe().splitlines()[0] == (
        f'{where}:2:1: error[config] unknown key "ignor" (did you mean "ignore"?)'
    )


def test_a_bad_severity_level_is_an_error(project: Path) -> None:
    (project / "evallint.toml").write_text('[severity]\nx = "fatal"\n', encoding="utf-8")
    with pytest.raises(RuleSetError, match="must be one of error, warning, info, off"):
        load_config(project / "evallint.toml")


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_rules_replaces_the_configured_pack_and_select_ignore_apply(
    project: Path, seed_path: Path
) -> None:
    code, out, _ = run_cli("check", "--format", "json", "--rules", str(DEMO), str(seed_path))
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["demo-goal-filled"]
    code, out, _ = run_cli(
        "check", "--format", "json", "--rules", str(DEMO), "--ignore", "goals", str(seed_path)
    )
    assert code == 0
    document = json.loads(out)
    assert document["findings"] == []
    assert [t["rule"] for t in document["reports"][0]["rules"]] == [
        "demo-funds-weight",
        "demo-deviation-missing",
    ]


def test_cli_config_option_and_a_broken_config_exits_two(project: Path, seed_path: Path) -> None:
    (project / "my.toml").write_text(f'extends = ["{DEMO}"]\nselect = ["funds"]\n', "utf-8")
    code, out, _ = run_cli("check", "--config", "my.toml", "--format", "json", str(seed_path))
    assert (code, json.loads(out)["findings"]) == (0, [])
    (project / "bad.toml").write_text("select = [\n", encoding="utf-8")
    code, out, err = run_cli("check", "--config", "bad.toml", str(seed_path))
    assert code == 2
    assert "not valid TOML" in err


def test_cli_json_output_carries_the_accounting_and_rule_metadata(seed_path: Path) -> None:
    _, out, _ = run_cli("check", "--format", "json", "--rules", str(DEMO), str(seed_path))
    document = json.loads(out)
    tallies = {t["rule"]: t for t in document["reports"][0]["rules"]}
    assert tallies["demo-deviation-missing"]["unknown"] == 3
    assert document["rules"]["demo-goal-filled"]["severity"] == "error"
