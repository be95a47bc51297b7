"""The bundled seed form gives exactly what section 4.4 of the policy notes predicts, no more.

The golden CLI outputs (text in Chinese and English) are kept in this folder;
``python tests/national/test_seed.py --regen`` rewrites them — review the diff.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from evallint.api import check
from evallint.cli.main import main
from evallint.rules.loader import load_rules
from tests.paths import ROOT

HERE = Path(__file__).resolve().parent
SEED = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.json"
MINIMAL = ROOT / "evallint" / "examples" / "minimal.json"

# Section 4.4 of ../shared/policy/self-evaluation-rules.md, row by row.
EXPECTED = sorted(
    [
        ("goals-missing", "error", "/goals/expected"),  # "　" is blank
        ("goals-actual-missing", "warning", "/goals/actual"),  # "" is blank
        ("cost-indicator-missing", "warning", "/indicators/6"),  # 成本指标 row unnamed, 2022
        ("narrative-funds-mismatch", "warning", "/narrative/0/text"),  # 年初预算135.35 vs blank
        ("all-indicators-full-score", "info", "/indicators"),  # 9/9 full marks at 94.11 %
        ("benefit-indicator-vague", "info", "/indicators/8/target"),  # "助推株洲经济发展。"
        ("actual-not-measured", "info", "/indicators/5/actual"),  # compound 时效 target, "完成"
        ("narrative-value-mismatch", "info", "/narrative/1/text"),  # 办结率 95.59 vs 95.66
        ("narrative-value-mismatch", "info", "/narrative/1/text"),  # 满意率 90 vs 90.5
        ("narrative-value-mismatch", "info", "/narrative/2/text"),  # 1.2万册 vs 10000册
    ]
)


def test_the_seed_gives_exactly_the_predicted_findings() -> None:
    result = check(SEED, load_rules("national-2020"))
    found = sorted((f.rule, str(f.severity), f.path) for f in result.findings)
    assert found == EXPECTED


def test_no_arithmetic_finding_on_the_seed() -> None:
    # rate 94.11 % shown 94 %, score 9.4, weights 100, categories 50/30/10, total 99.4
    result = check(SEED, load_rules("national-2020"))
    assert not [f for f in result.findings if f.rule.startswith(("funds-", "weights-", "total-"))]


def test_the_small_correct_form_gives_nothing() -> None:
    assert check(MINIMAL, load_rules("national-2020")).findings == ()


def render(lang: str) -> str:
    out = io.StringIO()
    main(["check", "--lang", lang, "--color", "never", str(SEED.relative_to(ROOT))], stdout=out)
    return out.getvalue()


def test_the_command_line_output_on_the_seed_is_the_golden_one() -> None:
    import os

    old = Path.cwd()
    os.chdir(ROOT)
    try:
        for lang in ("zh", "en"):
            golden = (HERE / f"seed.{lang}.txt").read_text(encoding="utf-8")
            assert render(lang) == golden, (
                f"run: python tests/national/test_seed.py --regen ({lang})"
            )
    finally:
        os.chdir(old)


if __name__ == "__main__" and "--regen" in sys.argv:
    import os

    os.chdir(ROOT)
    for lang in ("zh", "en"):
        (HERE / f"seed.{lang}.txt").write_text(render(lang), encoding="utf-8")
        print(f"wrote {HERE / f'seed.{lang}.txt'}")
