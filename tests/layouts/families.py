"""Report JSON for each layout family of docs/layouts.md, built from the minimal example as
layouts.md describes the family: the boxes it lacks left out, its points, its rows.

    python -m tests.layouts.families      # rewrites tests/layouts/fixtures/ (review the diff)
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.paths import EXAMPLES, ROOT

Report = dict[str, Any]


def minimal() -> Report:
    data: Report = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))
    data["format"] = "evallint.report/1.1"
    return data


def _drop(rows: list[Any], *keys: str) -> None:
    for row in rows:
        for key in keys:
            row.pop(key, None)


def national(data: Report) -> Report:
    return data


def target_self_evaluation(data: Report) -> Report:
    # Anhui / Sichuan 绩效目标自评表: no 年初 column
    _drop([row for row in data["funds"].values() if isinstance(row, dict)], "initial")
    return data


def sichuan_2023(data: Report) -> Report:
    funds = data["funds"]
    funds["reason"] = None  # 原因: no adjustment to explain
    funds["special"] = {"initial": None, "adjusted": None, "executed": None}  # 财政专户管理资金
    return data


def hubei_2021(data: Report) -> Report:
    # 预算数(A) / 执行数(B) / 执行率 / 得分(20分×执行率); no 分值 or 偏差 column, no 年度总体目标
    funds = data["funds"]
    _drop([row for row in funds.values() if isinstance(row, dict)], "initial")
    del funds["weight"]  # the 20 points are printed in the label 得分(20分×执行率)
    funds["score"] = 20
    del data["goals"], data["categories"]
    _drop(data["indicators"], "weight", "deviation")
    for row, score in zip(data["indicators"], ("20", "15", "15", "20", "10"), strict=True):
        row["score"] = score
    return data


def yunnan_split_target(data: Report) -> Report:
    for row in data["indicators"]:
        row["nature"], row["unit"] = "≥", None
    return data


def ningxia_four_blocks(data: Report) -> Report:
    # the funds block has no 分值/得分; budget execution is an indicator row of 项目管理
    funds = data["funds"]
    for key in ("weight", "rate", "score"):
        del funds[key]
    data["categories"] = {"项目决策": 10, "项目管理": 25, "项目产出": 30, "项目效益": 35}
    data["indicators"] = [
        {"level1": "项目决策", "level2": "项目立项", "name": "立项依据充分性", "target": "充分",
         "actual": "充分", "weight": "10", "score": "10", "deviation": ""},
        {"level1": "项目管理", "level2": "投入管理", "name": "预算执行率", "target": "100%",
         "actual": "100%", "weight": "25", "score": "25", "deviation": ""},
        {"level1": "项目产出", "level2": "数量指标", "name": "培训场次", "target": "≥10场",
         "actual": "11场", "weight": "15", "score": "15", "deviation": ""},
        {"level1": "项目产出", "level2": "成本指标", "name": "培训成本", "target": "≤100万元",
         "actual": "100万元", "weight": "15", "score": "15", "deviation": ""},
        {"level1": "项目效益", "level2": "社会效益指标", "name": "参训人员就业率", "target": "≥80%",
         "actual": "85%", "weight": "35", "score": "35", "deviation": ""},
    ]  # fmt: skip
    data["total"] = {"weight": 100, "score": 100}
    return data


def county_special(data: Report) -> Report:
    # A / B / B÷A, rows 中央省市补助 / 县级资金; no 分值, no 得分 anywhere
    funds = data["funds"]
    data["funds"] = {
        "rate": "100%",
        "total": {"adjusted": 100, "executed": 100},
        "central": {"adjusted": 60, "executed": 60},
        "county": {"adjusted": 40, "executed": 40},
    }
    del funds
    del data["categories"], data["total"]
    _drop(data["indicators"], "weight", "score")
    return data


def transfer_regional(data: Report) -> Report:
    # by source 中央 / 地方 / 其他; one number per indicator row (its points); no 分值/偏差
    data["funds"] = {
        "weight": 20, "rate": "100%", "score": 20,
        "total": {"adjusted": 100, "executed": 100},
        "central": {"adjusted": 80, "executed": 80},
        "local": {"adjusted": 20, "executed": 20},
    }  # fmt: skip
    del data["categories"]
    _drop(data["indicators"], "weight", "deviation")
    for row, score in zip(data["indicators"], ("20", "15", "15", "20", "10"), strict=True):
        row["score"] = score
    return data


FAMILIES: dict[str, Callable[[Report], Report]] = {
    "national-2020": national,
    "target-self-evaluation": target_self_evaluation,
    "sichuan-2023": sichuan_2023,
    "hubei-2021": hubei_2021,
    "yunnan-split-target": yunnan_split_target,
    "ningxia-four-blocks": ningxia_four_blocks,
    "county-special": county_special,
    "transfer-regional": transfer_regional,
}


def family(name: str) -> Report:
    """The minimal example as a correct form of the family ``name``, naming its layout."""
    data = FAMILIES[name](copy.deepcopy(minimal()))
    data["layout"] = name
    return data


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def main() -> int:
    """Write each family's report JSON and its golden output (``--write``), for review."""
    from evallint.cli.main import main as evallint

    FIXTURES.mkdir(exist_ok=True)
    for name in FAMILIES:
        path = FIXTURES / f"{name}.json"
        path.write_text(json.dumps(family(name), ensure_ascii=False, indent=2) + "\n", "utf-8")
        out = io.StringIO()
        evallint(["check", "--fail-on", "never", str(path.relative_to(ROOT))], stdout=out)
        (FIXTURES / f"{name}.golden.txt").write_text(out.getvalue(), encoding="utf-8")
        print(f"wrote {path.name} and its golden output")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
