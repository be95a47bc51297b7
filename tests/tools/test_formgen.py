"""tools/formgen: seeded, schema-valid, arithmetically correct forms; one-defect variants.

These tests check the generator on its own terms (the JSON format, the cell reader and exact
arithmetic); whether the rule pack stays quiet on its forms is the no-noise test's business.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from evallint import pointer
from evallint.domain.cells import Cell, read_cell
from evallint.domain.figures import target_met
from evallint.read.report import Report, load_reports
from evallint.schema.report import validate_report
from tools import formgen as gen

SAMPLE = 200


@pytest.fixture(scope="module")
def forms() -> list[dict[str, Any]]:
    return list(gen.generate_forms(SAMPLE, seed=2024))


# ------------------------------------------------------------------------------ helpers


def number(value: Any) -> Decimal:
    cell = read_cell(value)
    assert cell.kind == "number", f"{value!r} should read as a plain number, not {cell.kind}"
    assert cell.value is not None
    return cell.value


def blank(value: Any) -> bool:
    return read_cell(value).kind == "blank"


def places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def shown_right(shown: Decimal, exact: Fraction, decimals: int) -> bool:
    """Rounded half up (within half a unit, ties included) or truncated at ``decimals``."""
    unit = Fraction(1, 10**decimals)
    truncated = Fraction(math.floor(exact / unit)) * unit
    return abs(Fraction(shown) - exact) <= unit / 2 or Fraction(shown) == truncated


def named(form: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in form["indicators"] if not blank(row.get("name"))]


def cells(row: dict[str, Any]) -> tuple[Cell, Cell]:
    nature, unit = row.get("nature"), row.get("unit")
    return read_cell(row["target"], nature=nature, unit=unit), read_cell(row["actual"], unit=unit)


def walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# ------------------------------------------------------------------------- determinism


def test_the_same_seed_gives_byte_identical_json() -> None:
    first = [gen.dumps(form) for form in gen.generate_forms(25, seed=7)]
    again = [gen.dumps(form) for form in gen.generate_forms(25, seed=7)]
    other = [gen.dumps(form) for form in gen.generate_forms(25, seed=8)]
    assert first == again
    assert first != other


def test_dumps_is_exact_json(forms: list[dict[str, Any]]) -> None:
    text = gen.dumps(forms[0])
    assert json.loads(text, parse_float=Decimal, parse_int=Decimal) == forms[0]
    assert gen.dumps({"a": Decimal("9.40"), "b": None}) == '{"a": 9.40, "b": null}'


def test_numbers_are_decimals_never_floats(forms: list[dict[str, Any]]) -> None:
    kinds = {type(value) for form in forms for value in walk(form)}
    assert float not in kinds and int not in kinds
    assert Decimal in kinds
    exponents = {
        value.as_tuple().exponent
        for form in forms for value in walk(form) if isinstance(value, Decimal)
    }  # fmt: skip
    assert all(isinstance(e, int) and e <= 0 for e in exponents)  # 10, never 1E+1


# ------------------------------------------------------------------------ the format


def test_every_form_passes_the_report_schema(forms: list[dict[str, Any]]) -> None:
    failures = {i: validate_report(form) for i, form in enumerate(forms[:100])}
    assert {i: found for i, found in failures.items() if found} == {}


def test_row_counts_span_8_to_59_with_a_median_near_25(forms: list[dict[str, Any]]) -> None:
    counts = [len(form["indicators"]) for form in forms]
    assert min(counts) >= 8 and max(counts) <= 59
    assert 21 <= statistics.median(counts) <= 29
    assert max(counts) >= 45 and min(counts) <= 12  # the tails are there


def test_years_projects_and_spellings_vary(forms: list[dict[str, Any]]) -> None:
    assert {int(form["year"]) for form in forms} == {2021, 2022, 2023, 2024}
    assert len({form["project"] for form in forms}) >= 15
    assert len({form["department"] for form in forms}) >= 40
    texts = [
        str(value) for form in forms for row in named(form)
        for value in (row["target"], row["actual"])
    ]  # fmt: skip
    for spelling in ("≥", "不低于", "以上", ">", "≤", "以内", "万", "小时内", "=", "﹦", "%"):
        assert any(spelling in text for text in texts), spelling
    assert any("\u3000" in text for text in texts)
    assert any("０" <= ch <= "９" for text in texts for ch in text)  # full-width digits
    rates = [form["funds"]["rate"] for form in forms]
    assert any(isinstance(rate, Decimal) for rate in rates)
    assert any(isinstance(rate, str) and "%" in rate for rate in rates)
    assert any(isinstance(rate, str) and "％" in rate for rate in rates)
    assert any("nature" in row for form in forms for row in form["indicators"])
    assert 0.3 < sum("narrative" in form for form in forms) / len(forms) < 0.7


# ------------------------------------------------------------------------------ cells


def test_cells_read_as_intended(forms: list[dict[str, Any]]) -> None:
    for form in forms:
        funds = form["funds"]
        for key in ("weight", "rate", "score"):
            number(funds[key])
        assert number(funds["rate"]) >= 90  # percent points (94, "94%"), never a ratio (0.94)
        for key, row in funds.items():
            if isinstance(row, dict):
                for column in ("initial", "adjusted", "executed"):
                    assert blank(row[column]) or number(row[column]) >= 0, (key, column)
        for value in (
            *form["categories"].values(),
            form["total"]["weight"],
            form["total"]["score"],
        ):
            number(value)
        for row in form["indicators"]:
            if blank(row.get("name")):
                assert all(
                    blank(row.get(key)) for key in ("target", "actual", "weight", "score")
                ), row
                continue
            assert number(row["weight"]) > 0 and number(row["score"]) >= 0
            target, actual = cells(row)
            assert target.kind != "blank" and actual.kind != "blank", row
            if row["level1"] == "满意度指标":
                assert target.percent and actual.percent, row
                assert actual.value is not None and actual.value <= 100


# -------------------------------------------------------------------------- arithmetic


def test_funds_add_up_and_rate_and_score_are_rounded_right(forms: list[dict[str, Any]]) -> None:
    for form in forms:
        funds = form["funds"]
        parts = [row for key, row in funds.items() if isinstance(row, dict) and key != "total"]
        for column in ("initial", "adjusted", "executed"):
            filled = [number(part[column]) for part in parts if not blank(part[column])]
            if filled:
                assert number(funds["total"][column]) == sum(filled, Decimal(0)), column
        adjusted, executed = number(funds["total"]["adjusted"]), number(funds["total"]["executed"])
        assert adjusted > 0 and executed <= adjusted
        exact = Fraction(executed) / Fraction(adjusted) * 100
        assert Fraction(905, 10) <= exact <= 100  # no low execution (< 90 %)
        rate = read_cell(funds["rate"])
        assert rate.value is not None and rate.decimals is not None and rate.decimals <= 2
        assert shown_right(rate.value, exact, rate.decimals), (funds["rate"], exact)
        score = number(funds["score"])
        weight = number(funds["weight"])
        assert weight == 10 and score <= weight
        decimals = places(score)
        assert exact == 100 or decimals in (1, 2)
        assert shown_right(score, Fraction(weight) * exact / 100, decimals) or shown_right(
            score, Fraction(weight) * Fraction(rate.value) / 100, decimals
        )


def test_weights_and_scores_add_up(forms: list[dict[str, Any]]) -> None:
    for form in forms:
        rows = named(form)
        weights = [number(row["weight"]) for row in rows]
        funds_weight = number(form["funds"]["weight"])
        assert funds_weight + sum(weights, Decimal(0)) == number(form["total"]["weight"]) == 100
        for category, value in form["categories"].items():
            in_block = [number(row["weight"]) for row in rows if row["level1"] == category]
            assert len(in_block) >= 2, category
            assert sum(in_block, Decimal(0)) == number(value)
        assert max(weights) <= Decimal(45)  # no row above half of the 90 indicator points
        scores = [number(row["score"]) for row in rows]
        total = number(form["total"]["score"])
        assert total == number(form["funds"]["score"]) + sum(scores, Decimal(0))
        assert places(total) == max(places(s) for s in [number(form["funds"]["score"]), *scores])
        names = [unicodedata.normalize("NFKC", str(row["name"])).strip() for row in rows]
        assert len(names) == len(set(names))
        assert any(row["level2"] == "成本指标" for row in rows)


def test_scores_follow_targets(forms: list[dict[str, Any]]) -> None:
    """Met: full marks (or a cut for a target set too low, explained). Missed: w × a / t and a
    deviation that names a cause and a measure. Qualitative: inside the grade's band."""
    seen = {"met": 0, "missed": 0, "over": 0, "partial": 0}
    for form in forms:
        for row in named(form):
            weight, score = number(row["weight"]), number(row["score"])
            target, actual = cells(row)
            deviation = unicodedata.normalize("NFKC", str(row["deviation"] or "")).strip()
            met = target_met(target, actual)
            if target.kind in ("number", "quantity") and actual.value and target.value:
                ratio = Fraction(actual.value) / Fraction(target.value)
                if target.comparator in (">=", ">", None, "="):
                    assert ratio < Fraction(6, 5) or "超计划较大" in deviation, row
                else:
                    assert ratio > Fraction(5, 6), row  # a reverse target not beaten by far
            if met is True:
                if score == weight:
                    seen["met"] += 1
                else:
                    seen["over"] += 1
                    assert "调减分值" in deviation and "下一步" in deviation, row
            elif met is False:
                seen["missed"] += 1
                assert target.value is not None and actual.value is not None
                expected = Fraction(weight) * Fraction(actual.value) / Fraction(target.value)
                assert abs(Fraction(score) - expected) <= Fraction(1, 200), row
                assert score < weight and len(deviation) >= 10
                assert any(word in deviation for word in ("下一步", "将", "加强")), row
            elif score != weight:
                seen["partial"] += 1
                assert "部分达成" in str(row["actual"]), row
                assert weight * Decimal("0.6") <= score < weight * Decimal("0.8"), row
                assert len(deviation) >= 10
            if target.percent and any(word in str(row["name"]) for word in gen.RATE_WORDS):
                assert actual.value is not None and actual.value <= 100
    assert all(count > 0 for count in seen.values()), seen


def test_goals_are_filled_and_distinct(forms: list[dict[str, Any]]) -> None:
    for form in forms:
        expected, actual = form["goals"]["expected"], form["goals"]["actual"]
        assert len(expected) >= 10 and len(actual) >= 10
        assert expected != actual and form["project"] not in (expected, actual)


def test_narratives_agree_with_the_form(forms: list[dict[str, Any]]) -> None:
    with_text = [form for form in forms if "narrative" in form]
    assert with_text
    for form in with_text:
        total = form["funds"]["total"]
        adjusted, executed = number(total["adjusted"]), number(total["executed"])
        text = "".join(section["text"] for section in form["narrative"])
        assert f"{adjusted}万元" in text.replace(" ", "") and f"{executed}万元" in text
        assert (
            f"结余{adjusted - executed}万元" in text
            or f"结余情况：{adjusted - executed}万元" in text
        )
        if "年初预算" in text:
            assert f"年初预算{number(total['initial'])}万元" in text
        amounts = [number(s["amount"]) for s in form["narrative"] if "amount" in s]
        assert len(amounts) >= 2 and sum(amounts, Decimal(0)) == adjusted
        score = number(form["total"]["score"])
        assert f"自评得分{score}分，自评等级为“{gen.grade_of(score)}”" in text
        headings = "".join(section["heading"] for section in form["narrative"])
        assert "问题" in headings and "改进措施" in headings


def test_narrative_figures_are_the_table_figures(forms: list[dict[str, Any]]) -> None:
    quoted = 0
    for form in forms:
        rows = {str(row["name"]): row for row in named(form)}
        for section in form.get("narrative", []):
            for sentence in section["text"].split("。"):
                if "实际完成" in sentence:
                    name, figure = sentence.removeprefix("截至年底，").split("实际完成")
                    row = rows[name]
                    assert read_cell(figure).value == read_cell(row["actual"]).value
                    quoted += 1
    assert quoted > 20


def test_grade_bands() -> None:
    assert [gen.grade_of(Decimal(s)) for s in ("90", "89.99", "80", "60", "59.9")] == [
        "优", "良", "良", "中", "差",
    ]  # fmt: skip
    assert gen.round_half_up(Fraction(9425, 1000), 2) == Decimal("9.43")  # half up, not even
    assert gen.truncate(Fraction(94119, 1000), 1) == Decimal("94.1")


# --------------------------------------------------------------------------- defects


def test_at_least_30_defects_named_by_catalogue_ids() -> None:
    assert len(gen.DEFECTS) >= 30
    assert len(set(gen.DEFECTS)) == len(gen.DEFECTS)
    assert all(defect == defect.lower() and " " not in defect for defect in gen.DEFECTS)


def test_every_defect_gives_a_new_changed_form_and_a_real_path(
    forms: list[dict[str, Any]],
) -> None:
    rng = random.Random(11)
    for position, defect in enumerate(gen.DEFECTS * 3):
        form = forms[position % 7]  # each defect on three different forms
        before = gen.dumps(form)
        hit = gen.inject(form, defect, rng)
        assert gen.dumps(form) == before, f"{defect} changed the original"
        assert gen.dumps(hit.form) != before, defect
        assert hit.rule == defect
        assert validate_report(hit.form) == [], defect
        pointer.resolve(hit.form, hit.path)  # the path names a real place
        assert hit.path.split("/")[1] in {
            "funds", "indicators", "total", "goals", "categories", "narrative",
        }  # fmt: skip


def test_injections_change_what_they_say(forms: list[dict[str, Any]]) -> None:
    rng = random.Random(3)
    form = forms[0]
    hit = gen.inject(form, "indicator-score-exceeds-weight", rng)
    row = pointer.resolve(hit.form, hit.path.rsplit("/", 1)[0])
    assert number(row["score"]) == number(row["weight"]) + 1
    total = number(hit.form["total"]["score"])
    assert total == number(form["total"]["score"]) + 1  # the total keeps up
    hit = gen.inject(form, "deviation-missing", rng)
    row = pointer.resolve(hit.form, hit.path.rsplit("/", 1)[0])
    assert blank(row["deviation"]) and target_met(*cells(row)) is False
    assert number(row["score"]) < number(row["weight"])
    hit = gen.inject(form, "goals-missing", rng)
    assert blank(hit.form["goals"]["expected"])
    with pytest.raises(ValueError, match="unknown defect"):
        gen.inject(form, "no-such-rule", rng)


# ------------------------------------------------------------------------------- CLI


def test_main_writes_jsonl_that_loads_back(tmp_path: Path) -> None:
    out = tmp_path / "forms.jsonl"
    assert gen.main(["--count", "30", "--seed", "5", "-o", str(out)]) == 0
    results = list(load_reports(out))
    assert len(results) == 30 and all(isinstance(r, Report) for r in results)
    assert [r.line for r in results if isinstance(r, Report)] == list(range(1, 31))
    expected = [gen.dumps(form) for form in gen.generate_forms(30, seed=5)]
    assert out.read_text(encoding="utf-8").splitlines() == expected


def test_main_injects_defects_and_writes_folders(tmp_path: Path) -> None:
    out = tmp_path / "with-defects.jsonl"
    gen.main(["--count", "40", "--seed", "5", "--defect-rate", "0.5", "-o", str(out)])
    reports = [r for r in load_reports(out) if isinstance(r, Report)]
    assert len(reports) == 40
    marked = [r.data["x-injected"] for r in reports if "x-injected" in r.data]
    assert 8 <= len(marked) <= 32 and all(m["rule"] in gen.DEFECTS for m in marked)
    folder = tmp_path / "forms"
    gen.main(["--count", "4", "--seed", "5", "--format", "dir", "-o", str(folder)])
    files = sorted(folder.glob("*.json"))
    assert len(files) == 4
    assert all(isinstance(r, Report) for path in files for r in load_reports(path))
