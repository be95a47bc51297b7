"""Seeded generator of realistic 项目支出绩效自评表 reports, correct ones and one-defect variants.

Every form follows the national 2020 template (财预〔2020〕10号) as the check catalogue of
``shared/policy/self-evaluation-rules.md`` (section 4) defines it: funds rows that add up, an
执行率 rounded half up (or truncated) from the exact ratio, scores that add up, weights
10 + 50/30/10, targets typed every way real forms type them and actual values that meet them
(or miss them, with a proportional score and a deviation text that names a cause and a
measure). Numbers are :class:`decimal.Decimal`, never binary floats; the same seed gives
byte-identical output.

Used by the no-noise test (correct forms must raise no error and no warning), the injection
test (``inject`` adds exactly one defect and says which rule must fire where), the batch
benchmark and the ``.jsonl`` memory benchmark.

Run::

    .venv/bin/python bench/generate.py --count 2000 --seed 2024 -o /tmp/forms.jsonl
    .venv/bin/python bench/generate.py --count 200 --defect-rate 0.3 --format dir -o /tmp/forms

``--defect-rate`` gives that fraction of the forms one random defect from ``DEFECTS`` and
marks it in the report's ``x-injected`` key (``{"rule": ..., "path": ...}``).

Python (with ``bench/`` on ``sys.path``)::

    from generate import DEFECTS, generate_forms, inject
    for form in generate_forms(100, seed=7):           # correct forms
        hit = inject(form, "deviation-missing", rng)   # a new form; hit.rule fires at hit.path

Each injector's docstring names the catalogue check it follows (#1 … #43). Two kinds of
correct spelling need the catalogue's tolerance, not only ``close()``: about 4 % of the forms
truncate the rate or the funds score instead of rounding it (V1), and about 9 % type the
rate as a bare whole number of percent points (``93`` for 92.63 %).
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from evallint.cells import Cell, read_cell
from evallint.targets import target_met

__all__ = ["DEFECTS", "Injection", "dumps", "generate_form", "generate_forms", "inject", "main"]

# ----------------------------------------------------------------------------- the template

FUNDS_WEIGHT = 10
CATEGORY_WEIGHTS: dict[str, int] = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
LEVEL2: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
MIN_ROWS, MAX_ROWS = 8, 59
MAX_ROW_WEIGHT = 40  # catalogue #38: no row above 50 % of the 90 indicator points
U3000 = "\u3000"

# ------------------------------------------------------------------------ vocabulary pools

CITIES = (
    "株洲市", "岳阳市", "衡阳市", "常德市鼎城区", "益阳市赫山区", "池州市贵池区", "青神县",
    "大英县", "遂宁市", "丽江市古城区", "红河州", "宁德市", "百色市", "黄冈市", "孝感市",
    "乌拉特中旗", "邵阳市隆回县", "湘潭县", "宜昌市夷陵区", "南平市建阳区",
)  # fmt: skip

# bureau, subordinate implementers, projects
DOMAINS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("工业和信息化局", ("企业服务中心", "中小企业服务中心"),
     ("企业服务中心专项经费", "中小企业公共服务体系建设", "制造业高质量发展专项资金")),
    ("农业农村局", ("农业技术推广中心", "农村经营管理站"),
     ("高标准农田建设项目", "农村人居环境整治专项", "基层农技推广体系改革与建设补助")),
    ("人力资源和社会保障局", ("就业服务中心", "职业技能鉴定中心"),
     ("职业技能提升行动专项经费", "就业创业服务补助资金")),
    ("交通运输局", ("农村公路管理所", "公路建设养护中心"),
     ("农村公路养护工程", "城乡公交站亭建设项目")),
    ("卫生健康局", ("疾病预防控制中心", "妇幼保健院"),
     ("基本公共卫生服务项目", "家庭医生签约服务经费", "重大传染病防控经费")),
    ("教育局", ("学生资助管理中心", "教育技术装备站"),
     ("义务教育薄弱环节改善项目", "学生资助专项资金", "中小学校舍维修改造")),
    ("文化旅游广电局", ("图书馆", "文化馆"),
     ("公共图书馆免费开放经费", "文化惠民演出项目", "非遗保护传承专项")),
    ("生态环境局", ("环境监测站", "生态环境保护综合执法大队"),
     ("大气污染防治专项资金", "农村生活污水治理项目")),
    ("司法局", ("法律援助中心", "公证处"),
     ("法律援助专项经费", "人民调解工作经费", "普法宣传教育经费")),
    ("民政局", ("社会救助服务中心", "养老服务指导中心"),
     ("社区居家养老服务补助", "困难群众救助资金")),
    ("市场监督管理局", ("食品药品检验所", "质量技术监督检测中心"),
     ("食品安全抽检监测经费", "特种设备安全监管经费")),
    ("水利局", ("水利工程管理站", "河道管理所"),
     ("小型水库维修养护项目", "河道清淤疏浚工程")),
)  # fmt: skip

# 数量指标: name, unit, low, high, decimals of the value
COUNTS: tuple[tuple[str, str, int, int, int], ...] = (
    ("开展专题培训", "场", 4, 40, 0), ("培训各类人员", "人次", 200, 5000, 0),
    ("印发宣传资料", "份", 1000, 30000, 0), ("发放政策口袋书", "册", 2000, 30000, 0),
    ("制作宣传视频", "个", 5, 30, 0), ("新建农村公路", "公里", 5, 60, 1),
    ("改造提升农田", "亩", 500, 20000, 0), ("补助农户", "户", 50, 3000, 0),
    ("购置专用设备", "台", 5, 80, 0), ("开展专项检查", "次", 6, 60, 0),
    ("覆盖乡镇", "个", 5, 30, 0), ("服务企业", "家", 50, 1500, 0),
    ("发放补贴人数", "人", 100, 5000, 0), ("维修校舍面积", "平方米", 500, 8000, 0),
    ("举办文化惠民演出", "场", 10, 120, 0), ("新增馆藏图书", "册", 2000, 30000, 0),
    ("建设村级服务站点", "个", 5, 60, 0), ("维修更换路灯", "盏", 50, 800, 0),
    ("完成植树造林", "亩", 200, 5000, 0), ("开展日常巡查", "次", 12, 240, 0),
    ("办理法律援助案件", "件", 50, 800, 0), ("调解矛盾纠纷", "件", 100, 2000, 0),
    ("开展健康教育讲座", "场", 6, 60, 0), ("建立居民健康档案", "份", 1000, 50000, 0),
    ("抽检食品", "批次", 100, 2000, 0), ("开展送法下乡活动", "次", 4, 30, 0),
    ("培训基层骨干", "人", 50, 600, 0), ("改造农村户厕", "户", 100, 3000, 0),
    ("铺设污水管网", "公里", 2, 40, 1), ("新建污水处理设施", "座", 2, 20, 0),
    ("资助家庭经济困难学生", "人次", 100, 3000, 0), ("养护农村公路", "公里", 20, 300, 1),
    ("清理河道", "公里", 5, 80, 1), ("修缮文物建筑", "处", 2, 15, 0),
    ("组织应急演练", "次", 2, 20, 0), ("开展入户走访", "户", 200, 5000, 0),
    ("编印工作简报", "期", 6, 24, 0), ("更新办公设备", "套", 5, 60, 0),
    ("储备救灾物资", "件", 500, 8000, 0), ("开展职业技能鉴定", "人次", 100, 2000, 0),
    ("新建充电桩", "个", 10, 200, 0), ("建设标准化考点", "个", 5, 40, 0),
    ("走访慰问困难群众", "户", 100, 2000, 0), ("开展线上直播推介", "场", 5, 50, 0),
    ("发布政策解读文章", "篇", 10, 100, 0), ("举办专场招聘会", "场", 4, 30, 0),
    ("提供就业岗位", "个", 200, 5000, 0), ("新建公交站亭", "个", 10, 120, 0),
    ("完成水库除险加固", "座", 2, 15, 0), ("建设高标准农田", "亩", 1000, 30000, 0),
    ("推广农业新技术", "项", 3, 20, 0), ("补贴农机具", "台", 20, 500, 0),
    ("开展入企服务", "次", 20, 300, 0), ("收集企业问题", "个", 200, 12000, 0),
    ("发布抖音宣传视频", "个", 20, 200, 0), ("建设社区养老服务站", "个", 5, 50, 0),
    ("提供老年助餐服务", "人次", 1000, 30000, 0), ("救助困难群众", "人", 100, 3000, 0),
    ("开展普法宣传活动", "场", 10, 80, 0), ("开展周末企业大讲堂", "期", 4, 24, 0),
    ("检定计量器具", "台", 200, 5000, 0), ("开展特种设备检验", "台", 100, 3000, 0),
)  # fmt: skip

# 质量指标 (percent, ≥): name, typical targets
QUALITY: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("培训合格率", (90, 95)), ("工程验收合格率", (95, 100)),
    ("工程质量合格率", (95, 98, 100)), ("设备完好率", (90, 95, 98)),
    ("企业问题办结率", (85, 90, 95)), ("资料发放准确率", (95, 98, 100)),
    ("档案资料规范率", (90, 95)), ("抽检任务覆盖率", (90, 95, 100)),
    ("法律援助案件办结率", (90, 95)), ("资助对象认定准确率", (95, 98, 100)),
    ("设施正常运行率", (90, 95, 98)), ("政务信息公开率", (95, 100)),
    ("巡查问题整改率", (90, 95)), ("数据填报准确率", (95, 98)),
    ("城乡居民参保率", (90, 95)), ("建设内容达标率", (90, 95, 100)),
    ("污水处理达标率", (90, 95)), ("适龄儿童疫苗接种率", (90, 95)),
    ("重点人群筛查覆盖率", (85, 90)), ("调解协议履行率", (90, 95)),
    ("检验检测报告准确率", (98, 100)), ("补贴对象核查准确率", (95, 100)),
)  # fmt: skip
# 质量指标 (percent, ≤), a reverse indicator
QUALITY_NEG: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("服务投诉率", (2, 3, 5)), ("数据差错率", (1, 2)), ("设备故障率", (3, 5)),
    ("工程返工率", (2, 3)),
)  # fmt: skip
# 时效指标: durations (≤ t unit), ranges, percents, deadlines
DURATIONS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("企业问题交办时限", "小时", (24, 48)), ("应急响应时间", "小时", (2, 4, 12)),
    ("申请审核办理时限", "个工作日", (3, 5, 7, 10)), ("补贴发放时限", "个工作日", (10, 15, 20)),
    ("维修响应时限", "小时", (24, 48)), ("投诉受理回复时限", "个工作日", (5, 7)),
    ("检测报告出具时间", "个工作日", (5, 7, 10)),
)  # fmt: skip
RANGES: tuple[tuple[str, int, int, str], ...] = (
    ("企业问题办结时限", 5, 10, "个工作日"), ("案件受理时限", 3, 5, "个工作日"),
    ("设备维修时限", 1, 3, "天"), ("工程验收办理时限", 7, 15, "天"),
    ("需求响应时限", 2, 4, "小时"),
)  # fmt: skip
TIMELY_PCT: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("工程按期开工率", (90, 95, 100)), ("培训按期完成率", (90, 95)),
    ("问题按时整改率", (90, 95)), ("工程按期完工率", (90, 95, 100)),
)  # fmt: skip
DEADLINES: tuple[str, ...] = (
    "建设任务完成时间", "设备采购完成时间", "工程竣工时间", "年度工作完成时间",
)  # fmt: skip
# 成本指标: name, unit, low, high (money units; a reverse indicator)
COSTS: tuple[tuple[str, str, int, int], ...] = (
    ("设备采购成本", "万元", 5, 80), ("宣传资料印制成本", "万元", 2, 20),
    ("培训人均成本", "元/人", 300, 2000), ("单项成本控制数", "万元", 10, 90),
    ("单位工程造价", "万元/公里", 20, 120), ("每场活动经费", "万元/场", 1, 8),
    ("设备运行维护费用", "万元", 3, 30), ("人均补助成本", "元/人", 500, 3000),
    ("专家咨询费用", "万元", 1, 10),
)  # fmt: skip
TOTAL_COST_NAMES = ("项目总成本", "总成本控制数", "项目实施总成本")
# 经济效益指标 (money or count, ≥)
ECONOMIC: tuple[tuple[str, str, int, int, int], ...] = (
    ("带动农户增收", "万元", 20, 500, 2), ("拉动社会投资", "万元", 100, 3000, 0),
    ("帮助企业争取政策扶持", "万元", 50, 2000, 0), ("节约运行费用", "万元", 5, 60, 2),
    ("农产品销售额", "万元", 100, 5000, 0), ("新增农业产值", "万元", 100, 3000, 0),
    ("带动企业新增订单", "个", 10, 200, 0),
)  # fmt: skip
# 社会效益指标 (count, ≥)
SOCIAL_COUNTS: tuple[tuple[str, str, int, int, int], ...] = (
    ("带动就业人数", "人", 20, 800, 0), ("受益群众人数", "人", 1000, 60000, 0),
    ("惠及企业数量", "家", 50, 2000, 0), ("受益学生人数", "人", 200, 20000, 0),
    ("接受法律服务群众", "人次", 500, 20000, 0), ("新增文化活动参与人次", "人次", 2000, 80000, 0),
    ("解决企业诉求", "个", 100, 10000, 0),
)  # fmt: skip
# 社会 / 生态 效益 percents (≥)
SOCIAL_PCT: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("群众政策知晓率", (80, 85, 90)), ("企业问题解决率", (85, 90)),
    ("困难群众救助覆盖率", (95, 100)), ("参训人员就业率", (70, 80)),
    ("法律援助应援尽援率", (95, 100)), ("家庭医生签约覆盖率", (60, 70)),
    ("矛盾纠纷调解成功率", (90, 95)), ("公共文化服务覆盖率", (90, 95)),
)  # fmt: skip
ECOLOGICAL_PCT: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("污水收集处理率", (80, 85, 90)), ("森林覆盖率", (55, 60, 65)),
    ("环境空气质量达标率", (85, 90)), ("生活垃圾无害化处理率", (90, 95)),
    ("秸秆综合利用率", (85, 90)), ("河道水质达标率", (80, 90)),
)  # fmt: skip
SUSTAIN_YEARS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("设施设备使用年限", (5, 8, 10)), ("工程设计使用年限", (10, 15, 20)),
    ("效益持续发挥年限", (3, 5)),
)  # fmt: skip
# qualitative 效益 rows: name, prose target (concrete, not the generic 助推/促进… kind)
QUALITATIVE: tuple[tuple[str, str], ...] = (
    ("长效机制", "建立服务企业的长效机制"), ("工作经验推广", "形成可复制推广的工作经验做法"),
    ("管护制度建设", "建立健全项目管护制度"),
    ("基层服务能力", "基层服务队伍稳定，服务能力满足群众需求"),
    ("群众生活条件", "群众生产生活条件得到改善"), ("产业带动作用", "带动周边农户发展特色种养产业"),
    ("社会稳定", "矛盾纠纷就地化解，无重大群体性事件"),
    ("基本公共服务", "城乡居民享有均等化的基本公共服务"),
    ("水土保持成效", "项目区水土流失得到有效治理"), ("服务平台运行", "服务平台全年稳定运行"),
    ("群众文化生活", "丰富群众精神文化生活"), ("群众法治意识", "群众尊法学法守法用法意识明显增强"),
    ("居民健康素养", "居民健康素养稳步提高"), ("企业办事体验", "企业办事不求人，诉求有人应"),
    ("信息化管理", "实现项目全流程信息化管理"), ("人才队伍建设", "形成稳定的基层专业人才队伍"),
)  # fmt: skip
SATISFACTION: tuple[str, ...] = (
    "服务对象满意度", "群众满意度", "企业满意度", "参训学员满意度", "受益农户满意度",
    "患者满意度", "学生家长满意度", "游客满意度", "社区居民满意度", "社会公众满意度",
    "企业办事不求人问题办理满意度", "受助对象满意度",
)  # fmt: skip

BAND1 = ("达成预期指标", "达成年度指标", "完成", "已完成", "全部完成", "效果显著", "达标")
BAND1_TIME = ("按时完成", "如期完成", "按期完成")
BAND2 = ("部分达成预期指标并具有一定效果", "部分达成年度指标并具有一定效果")
# free prose for a qualitative actual: says what was done, holds no grade word
PROSE_ACTUALS = (
    "建立工作专班，常态长效开展", "相关制度已印发并落实到各实施单位",
    "各乡镇均明确专人负责日常管护", "全年开展跟踪回访，群众反映问题均有回应",
)  # fmt: skip
CAUSES = (
    "受疫情影响，部分线下活动延期举办", "受极端天气影响，部分施工进度滞后",
    "部分服务对象需求变化，报名人数少于预期", "项目招标流程较长，实施时间压缩",
    "上级政策调整，部分任务延后实施", "部分乡镇前期摸底不够准确，实施对象有所减少",
)  # fmt: skip
MEASURES = (
    "下一步将加强计划管理，确保按期完成", "下一步将优化实施方案，加强统筹调度",
    "将加强与相关部门的沟通协调，提前做好准备工作", "下一步将完善工作机制，提高任务完成质量",
    "将强化过程监控，及时纠正执行偏差",
)  # fmt: skip
PROBLEMS = (
    "部分绩效指标设置不够细化，个别指标量化程度不高。",
    "项目前期调研不够充分，部分工作推进节奏偏慢。",
    "绩效监控的及时性有待加强，佐证资料收集整理不够规范。",
    "基层工作人员力量相对薄弱，业务培训覆盖面有待扩大。",
    "受天气等客观因素影响，部分工程进度有所滞后。",
)
IMPROVEMENTS = (
    "下一步将进一步细化量化绩效指标，提高目标设置的科学性。",
    "加强项目全过程绩效监控，及时发现并纠正偏差。",
    "完善资料归档制度，规范佐证材料管理。",
    "加强业务培训，增强基层人员业务能力。",
    "科学制定实施计划，确保项目按期保质完成。",
)
ITEMS = (
    "培训组织经费", "宣传资料印制费用", "设备购置费用", "专家咨询费", "日常工作经费",
    "劳务费", "委托业务费", "维修维护费", "信息化建设费用", "活动组织经费",
)  # fmt: skip
WORK = (
    "项目严格按照实施方案推进，资金专款专用。", "各项工作按计划有序开展。",
    "实施单位明确专人负责，定期调度工作进展。", "工作过程资料完整，佐证材料齐全。",
)  # fmt: skip
RATE_WORDS = ("合格率", "覆盖率", "到位率", "办结率", "知晓率", "参保率", "完成率")
BLANKS = ("", U3000, None, "/", "—", "-", "／")
DEVIATION_NONE = ("", U3000, None, "/")

_FULLWIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")

# ----------------------------------------------------------------------------- arithmetic


def round_half_up(x: Fraction | Decimal | int, places: int) -> Decimal:
    """``x`` rounded half up (四舍五入) to ``places`` decimals, exactly (x >= 0)."""
    scaled = Fraction(x) * 10**places
    return Decimal(math.floor(scaled + Fraction(1, 2))).scaleb(-places)


def truncate(x: Fraction | Decimal | int, places: int) -> Decimal:
    """``x`` cut (not rounded) to ``places`` decimals, exactly (x >= 0)."""
    return Decimal(math.floor(Fraction(x) * 10**places)).scaleb(-places)


def _shown(x: Fraction | Decimal | int, places: int, mode: str) -> Decimal:
    return truncate(x, places) if mode == "truncate" else round_half_up(x, places)


def _fmt(number: Decimal) -> str:
    return format(number, "f")


def _units(number: Decimal, places: int) -> int:
    return int(number.scaleb(places))


def _amount(units: int, places: int) -> Decimal:
    return Decimal(units).scaleb(-places)


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _chance(rng: random.Random, percent: int) -> bool:
    return rng.randrange(100) < percent


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    total = sum(weight for _, weight in weighted)
    roll = rng.randrange(total)
    for value, weight in weighted:
        if roll < weight:
            return value
        roll -= weight
    raise AssertionError("unreachable")


def _plain(value: Any) -> str:
    """The cell as a person reads it: folded, without padding."""
    if value is None:
        return ""
    text = _fmt(value) if isinstance(value, Decimal) else str(value)
    return unicodedata.normalize("NFKC", text).strip()


def _num(value: Any) -> Decimal | None:
    cell = read_cell(value)
    return cell.value if cell.kind in ("number", "quantity") else None


# --------------------------------------------------------------------------- typing style


class _Typist:
    """How one person types one form: padding, full-width digits, numbers or text, blanks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pad = rng.choice((0, 0, 5, 30, 80))
        self.fullwidth = rng.choice((0, 0, 0, 0, 4))
        self.as_number = rng.choice((0, 20, 60, 100))
        self.pct = "％" if _chance(rng, 8) else "%"
        self.blank_usual = rng.choice(("", U3000, U3000, None, "/"))

    def text(self, text: str) -> str:
        if self.fullwidth and _chance(self.rng, self.fullwidth):
            text = text.translate(_FULLWIDTH)
        elif self.pct != "%" and "%" in text:
            text = text.replace("%", self.pct)
        if self.pad and _chance(self.rng, self.pad):
            text = U3000 + text
        return text

    def number(self, number: Decimal) -> Decimal | str:
        if _chance(self.rng, self.as_number):
            return number
        return self.text(_fmt(number))

    def blank(self) -> str | None:
        if _chance(self.rng, 85):
            return self.blank_usual
        return self.rng.choice(BLANKS)


# --------------------------------------------------------------------------------- rows


@dataclass
class _Row:
    level1: str
    level2: str
    name: str = ""
    target: Any = None
    actual: Any = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: Any = None
    nature: Any = None
    unit: Any = None
    missed: bool = False
    partial: bool = False
    over: bool = False
    qualitative: bool = False
    placeholder: bool = False
    ratio: Fraction | None = None  # actual / target of a missed row


@dataclass
class _Ctx:
    rng: random.Random
    typist: _Typist
    year: int
    nature_mode: str | None  # None, "symbol" (指标性质 ≥ ≤ ﹦ + 度量单位) or "type" (定量/定性)
    budget: Decimal  # funds.total.adjusted
    executed: Decimal
    places: int  # decimals of amounts
    used: set[str] = field(default_factory=set)
    low: int = 70  # a missed row reaches at least this percentage of its target


def _nice(value: int) -> int:
    """Round a count the way targets are set: 1234 → 1200, 87 → 85."""
    for limit, step in ((100000, 5000), (10000, 1000), (1000, 100), (200, 10), (50, 5)):
        if value >= limit:
            return max(step, value // step * step)
    return value


def _meet_count(rng: random.Random, target: int) -> int:
    """An actual count that meets ``target`` (≥) and stays below 1.2 × target."""
    return target + rng.randint(0, target * 15 // 100)


def _pos_words(rng: random.Random, value: str, unit: str, *, bare_ok: bool) -> str:
    options: list[tuple[str, int]] = [
        (f"≥{value}{unit}", 40), (f"不少于{value}{unit}", 12), (f"{value}{unit}以上", 12),
        (f"{value}{unit}", 22), (f"至少{value}{unit}", 4), (f"不低于{value}{unit}", 6),
        (f">={value}{unit}", 2),
    ]  # fmt: skip
    if bare_ok:
        options.append((value, 12))
    return str(_pick(rng, options))


def _pct_target(rng: random.Random, target: int, *, strict_ok: bool) -> tuple[str, bool]:
    """A ≥ percent target as typed, and whether it is strict (>)."""
    options: list[tuple[tuple[str, bool], int]] = [
        ((f"≥{target}%", False), 36), ((f"不低于{target}%", False), 14),
        ((f"{target}%以上", False), 14), ((f"{target}%", False), 10),
        ((f"≥ {target} %", False), 4), ((f">={target}%", False), 3),
        ((f"达到{target}%", False), 4), ((f"≥{target}百分比", False), 2),
    ]  # fmt: skip
    if strict_ok and target < 100:
        options.append(((f">{target}%", True), 13))
    result: tuple[str, bool] = _pick(rng, options)
    return result


def _pct_actual(rng: random.Random, target: int, *, strict: bool) -> Decimal:
    """A percentage that meets ``target``: within 100 % and below 1.2 × target."""
    if target >= 100:
        return Decimal(100) if _chance(rng, 70) else Decimal("100.00")
    low = target * 100 + (10 if strict else 0)
    high = min(10000, target * 119)
    hundredths = rng.randint(low, high)
    places = _pick(rng, ((0, 30), (1, 35), (2, 35)))
    shown = truncate(Fraction(hundredths, 100), places)
    if shown * 100 < low:
        shown = Decimal(hundredths).scaleb(-2)
    return shown


def _missed_pct(rng: random.Random, target: int, low: int) -> Decimal:
    tenths = rng.randint(target * low // 10, target * 98 // 10)
    return Decimal(tenths).scaleb(-1) if tenths % 10 else Decimal(tenths // 10)


def _percent(ctx: _Ctx, row: _Row, name: str, targets: Sequence[int]) -> None:
    """A ≥ percentage: met (within 100 % and below 1.2 × target) or, for a missed row, not."""
    rng, ty = ctx.rng, ctx.typist
    target = rng.choice(tuple(targets))
    row.name = name
    if row.missed and target >= 100:
        target = 95
    if ctx.nature_mode == "symbol":
        strict = target < 100 and _chance(rng, 10)
        text = str(target)
        row.nature, row.unit = (">" if strict else "≥"), "%"
    else:
        text, strict = _pct_target(rng, target, strict_ok=not row.missed)
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "%"
    if row.missed:
        actual = _missed_pct(rng, target, ctx.low)
        row.ratio = Fraction(actual) / target
    else:
        actual = _pct_actual(rng, target, strict=strict)
    row.target = ty.text(text)
    shown = _fmt(actual) if ctx.nature_mode == "symbol" else f"{_fmt(actual)}%"
    row.actual = ty.text(shown)


def _eq_percent(ctx: _Ctx, row: _Row, name: str) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text("100"), rng.choice(("﹦", "=")), "%"
        row.actual = ty.text(rng.choice(("100", "100.00")))
    else:
        row.target = ty.text(rng.choice(("=100%", "﹦100%", "＝100%", "=100%")))
        row.actual = ty.text(rng.choice(("100%", "100%", "100.00%")))
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "%"


def _neg_percent(ctx: _Ctx, row: _Row, name: str, targets: Sequence[int]) -> None:
    rng, ty = ctx.rng, ctx.typist
    target = rng.choice(tuple(targets))
    row.name = name
    # (t / 1.2, t]: not so far below a reverse target that it counts as over-achievement
    hundredths = rng.randint(target * 10000 // 120 + 1, target * 100)
    actual = Decimal(hundredths).scaleb(-2)
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(str(target)), "≤", "%"
        row.actual = ty.text(_fmt(actual))
    else:
        text = _pick(rng, (
            (f"≤{target}%", 60), (f"不高于{target}%", 15), (f"控制在{target}%以内", 15),
            (f"<={target}%", 10),
        ))  # fmt: skip
        row.target, row.actual = ty.text(text), ty.text(f"{_fmt(actual)}%")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "%"


def _count(
    ctx: _Ctx, row: _Row, spec: tuple[str, str, int, int, int], *, plain: bool = False
) -> None:
    """A ≥ count. ``plain``: always a comparator word and a unit (the first 数量 row)."""
    rng, ty = ctx.rng, ctx.typist
    name, unit, low, high, places = spec
    row.name = name
    scale = 10**places
    target_units = (
        _nice(rng.randint(low, high)) * scale
        if places == 0
        else rng.randint(low * scale, high * scale)
    )
    target = _amount(target_units, places)
    if row.missed:
        actual_units = rng.randint(target_units * ctx.low // 100, target_units * 98 // 100)
        actual_units = max(actual_units, 1)
        if actual_units >= target_units:
            actual_units = target_units - 1
        row.ratio = Fraction(actual_units, target_units)
    elif row.over:  # far above a target set too low: explained, and the score cut (10号)
        actual_units = target_units * rng.randint(130, 160) // 100
    else:
        actual_units = _meet_count(rng, target_units)
    actual = _amount(actual_units, places)
    t_text, a_text = _fmt(target), _fmt(actual)
    myriad = (
        not row.missed
        and not row.over
        and not plain
        and ctx.nature_mode is None
        and places == 0
        and unit in ("册", "人次", "份", "人", "户")
        and target_units >= 10000
        and target_units % 1000 == 0
        and _chance(rng, 45)
    )
    if myriad:  # 1.2万册
        target_units = target_units // 1000 * 1000
        actual_units = _meet_count(rng, target_units) // 100 * 100
        actual = _amount(actual_units, 0)
        t_text = f"{_fmt(Decimal(target_units).scaleb(-4).normalize())}万{unit}"
        if _chance(rng, 50):
            a_text = f"{_fmt(Decimal(actual_units).scaleb(-4).normalize())}万{unit}"
        else:
            a_text = f"{actual_units}{unit}"
        row.target = ty.text(_pick(rng, ((t_text, 50), (f"≥{t_text}", 35), (f"{t_text}以上", 15))))
        row.actual = ty.text(a_text)
    elif ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(t_text), "≥", unit
        row.actual = ty.text(a_text)
    else:
        row.target = ty.text(_pos_words(rng, t_text, unit, bare_ok=not plain))
        row.actual = ty.text(a_text if _chance(rng, 20) and not plain else f"{a_text}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _money_neg(
    ctx: _Ctx, row: _Row, name: str, unit: str, target: Decimal, actual: Decimal
) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    t_text, a_text = _fmt(target), _fmt(actual)
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(t_text), "≤", unit
        row.actual = ty.text(a_text)
    else:
        options = [
            (f"≤{t_text}{unit}", 50), (f"不超过{t_text}{unit}", 15), (f"<={t_text}{unit}", 5),
        ]  # fmt: skip
        if unit == "万元":
            options += [
                (f"控制在{t_text}万元以内", 15), (f"{t_text}万元以内", 8),
                (f"控制在{t_text}万元", 7),
            ]  # fmt: skip
        row.target = ty.text(_pick(rng, options))
        if unit == "万元" and ctx.nature_mode is None and _chance(rng, 4):  # 万元 ↔ 元 (S6)
            row.actual = ty.text(f"{_fmt((actual * 10000).normalize())}元")
        else:
            row.actual = ty.text(f"{a_text}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _cost(ctx: _Ctx, row: _Row, total: bool) -> None:
    """A ≤ money row; spent in (t / 1.2, t], close to the ceiling but not so far below it that
    it counts as over-achieved (#22)."""
    rng = ctx.rng
    if total:  # the whole project: ≤ the budget, spent what the funds block says
        name = next(n for n in TOTAL_COST_NAMES if n not in ctx.used)
        _money_neg(ctx, row, name, "万元", ctx.budget, ctx.executed)
        return
    name, unit, low, high = rng.choice([c for c in COSTS if c[0] not in ctx.used])
    if unit.startswith("元"):
        target_units = rng.randint(low, high)
        target = Decimal(target_units)
        actual = Decimal(rng.randint(target_units * 100 // 120 + 1, target_units))
    else:
        places = _pick(rng, ((0, 50), (1, 20), (2, 30)))
        target_units = rng.randint(low * 10**places, high * 10**places)
        target = _amount(target_units, places)
        cents = target_units * 10 ** (2 - places)
        actual = _amount(rng.randint(cents * 100 // 120 + 1, cents), 2)
    _money_neg(ctx, row, name, unit, target, actual)


def _money_pos(ctx: _Ctx, row: _Row, spec: tuple[str, str, int, int, int]) -> None:
    name, unit, low, high, places = spec
    if unit != "万元":
        _count(ctx, row, spec)
        return
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    scale = 10**places
    target_units = rng.randint(low, high) * scale
    actual_units = target_units + rng.randint(0, target_units * 15 // 100)
    target, actual = _amount(target_units, places), _amount(actual_units, places)
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(_fmt(target)), "≥", unit
        row.actual = ty.text(_fmt(actual))
    else:
        row.target = ty.text(_pos_words(rng, _fmt(target), unit, bare_ok=False))
        row.actual = ty.text(f"{_fmt(actual)}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _duration(ctx: _Ctx, row: _Row, spec: tuple[str, str, tuple[int, ...]]) -> None:
    rng, ty = ctx.rng, ctx.typist
    name, unit, targets = spec
    target = rng.choice(targets)
    row.name = name
    if unit == "小时":
        tenths = rng.randint(target * 100 // 12 + 1, target * 10)
        actual = Decimal(tenths).scaleb(-1) if tenths % 10 else Decimal(tenths // 10)
    else:
        actual = Decimal(rng.randint(target * 10 // 12 + 1, target))
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(str(target)), "≤", unit
        row.actual = ty.text(_fmt(actual))
    else:
        text = _pick(rng, ((f"{target}{unit}内", 45), (f"≤{target}{unit}", 30),
                           (f"不超过{target}{unit}", 15), (f"{target}{unit}以内", 10)))  # fmt: skip
        row.target, row.actual = ty.text(text), ty.text(f"{_fmt(actual)}{unit}")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", unit


def _range(ctx: _Ctx, row: _Row, spec: tuple[str, int, int, str]) -> None:
    rng, ty = ctx.rng, ctx.typist
    name, low, high, unit = spec
    row.name = name
    sep = _pick(rng, (("-", 50), ("～", 15), ("至", 15), ("~", 10), ("—", 10)))
    row.target = ty.text(f"{low}{sep}{high}{unit}")
    actual = rng.randint(low, high)
    row.actual = ty.text(f"{actual}{unit}")
    if ctx.nature_mode is not None:
        row.nature, row.unit = "定量", unit


def _deadline(ctx: _Ctx, row: _Row, name: str) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name = name
    text = _pick(rng, (("12月底之前完成", 40), (f"{ctx.year}年12月前完成", 30),
                       (f"{ctx.year}年11月30日前", 15), ("12月31日前完成", 15)))  # fmt: skip
    row.target, row.actual = ty.text(text), ty.text(rng.choice(BAND1_TIME))
    row.qualitative = True
    if ctx.nature_mode is not None:
        row.nature, row.unit = "定性", ctx.typist.blank()


def _years(ctx: _Ctx, row: _Row, spec: tuple[str, tuple[int, ...]]) -> None:
    rng, ty = ctx.rng, ctx.typist
    name, targets = spec
    target = rng.choice(targets)
    row.name = name
    if ctx.nature_mode == "symbol":
        row.target, row.nature, row.unit = ty.text(str(target)), "≥", "年"
        row.actual = ty.text(str(target))
    else:
        row.target = ty.text(_pick(rng, ((f"≥{target}年", 60), (f"{target}年以上", 25),
                                         (f"不少于{target}年", 15))))  # fmt: skip
        row.actual = ty.text(f"{target}年")
        if ctx.nature_mode == "type":
            row.nature, row.unit = "定量", "年"


def _qualitative(ctx: _Ctx, row: _Row, spec: tuple[str, str], *, grade: bool = False) -> None:
    rng, ty = ctx.rng, ctx.typist
    row.name, target = spec
    row.target = ty.text(target)
    row.qualitative = True
    if row.partial:
        row.actual = ty.text(rng.choice(BAND2))
    elif not grade and _chance(rng, 25):
        row.actual = ty.text(rng.choice(PROSE_ACTUALS))
    else:
        row.actual = ty.text(rng.choice(BAND1))
    if ctx.nature_mode is not None:
        row.nature, row.unit = "定性", ctx.typist.blank()


def _fresh(ctx: _Ctx, pool: Sequence[Any], key: Callable[[Any], str] = lambda x: str(x[0])) -> Any:
    """An element of ``pool`` whose name the form does not use yet, or None."""
    free = [item for item in pool if key(item) not in ctx.used]
    return ctx.rng.choice(free) if free else None


def _fill(ctx: _Ctx, row: _Row, *, first: bool, lead: bool) -> None:
    """Give a named row its name, target and actual, by its level 2."""
    rng = ctx.rng
    level2 = row.level2
    done = False
    if level2 == "数量指标":
        counts = [c for c in COUNTS if c[2] >= 10] if first else COUNTS
        spec = _fresh(ctx, counts)
        if spec is not None:
            _count(ctx, row, spec, plain=first)
            done = True
    elif level2 == "质量指标":
        neg = _fresh(ctx, QUALITY_NEG)
        pool = [q for q in QUALITY if min(q[1]) >= 90 and any(w in q[0] for w in RATE_WORDS)]
        spec = _fresh(ctx, pool if first else QUALITY)
        if first or row.missed or neg is None or _chance(rng, 88):
            if spec is not None:
                name, targets = spec
                if not first and not row.missed and 100 in targets and _chance(rng, 25):
                    _eq_percent(ctx, row, name)
                else:
                    _percent(ctx, row, name, targets)
                done = True
        else:
            _neg_percent(ctx, row, neg[0], neg[1])
            done = True
    elif level2 == "时效指标":
        kind = _pick(rng, (("duration", 35), ("range", 20), ("pct", 25), ("deadline", 20)))
        if kind == "range" and ctx.nature_mode == "symbol":
            kind = "duration"
        if kind == "duration" and (spec := _fresh(ctx, DURATIONS)) is not None:
            _duration(ctx, row, spec)
            done = True
        elif kind == "range" and (spec := _fresh(ctx, RANGES)) is not None:
            _range(ctx, row, spec)
            done = True
        elif kind == "deadline" and (name := _fresh(ctx, DEADLINES, str)) is not None:
            _deadline(ctx, row, name)
            done = True
        elif (spec := _fresh(ctx, TIMELY_PCT)) is not None:
            _percent(ctx, row, spec[0], spec[1])
            done = True
    elif level2 == "成本指标":
        total = first and _chance(rng, 60)
        _cost(ctx, row, total)
        done = True
    elif level2 == "服务对象满意度指标":
        name = _fresh(ctx, SATISFACTION, str)
        if name is not None:
            _percent(ctx, row, name, (80, 85, 90, 95))
            done = True
    else:  # 效益指标
        done = _fill_benefit(ctx, row, lead=lead)
    if not done:  # the pool ran dry: a plain count row, whatever level 2 (never happens in 8–59)
        spec = _fresh(ctx, COUNTS) or _fresh(ctx, SOCIAL_COUNTS)
        _count(ctx, row, spec)
    ctx.used.add(row.name)


def _fill_benefit(ctx: _Ctx, row: _Row, *, lead: bool) -> bool:
    """A 效益 row; the first of the block is qualitative with a band-1 grade."""
    rng = ctx.rng
    qual = _fresh(ctx, QUALITATIVE)
    if qual is not None and (lead or row.partial or _chance(rng, 30)):
        _qualitative(ctx, row, qual, grade=lead)
        return True
    level2 = row.level2
    if level2 == "经济效益指标" and (spec := _fresh(ctx, ECONOMIC)) is not None:
        _money_pos(ctx, row, spec)
        return True
    if level2 == "生态效益指标" and (spec := _fresh(ctx, ECOLOGICAL_PCT)) is not None:
        _percent(ctx, row, spec[0], spec[1])
        return True
    if level2 == "可持续影响指标" and (spec := _fresh(ctx, SUSTAIN_YEARS)) is not None:
        _years(ctx, row, spec)
        return True
    if _chance(rng, 50) and (spec := _fresh(ctx, SOCIAL_PCT)) is not None:
        _percent(ctx, row, spec[0], spec[1])
        return True
    if (spec := _fresh(ctx, SOCIAL_COUNTS)) is not None:
        _count(ctx, row, spec)
        return True
    if (spec := _fresh(ctx, SOCIAL_PCT)) is not None:
        _percent(ctx, row, spec[0], spec[1])
        return True
    if qual is not None:
        _qualitative(ctx, row, qual)
        return True
    return False


# ------------------------------------------------------------------------------- weights


def _split(rng: random.Random, total: int, parts: int) -> list[Decimal]:
    """``total`` points over ``parts`` rows, each > 0 and <= MAX_ROW_WEIGHT, in round steps."""
    if parts == 1:
        return [Decimal(total)]
    steps = [Decimal(s) for s in ("5", "2", "1", "0.5") if total / Decimal(s) >= parts]
    step = steps[0] if _chance(rng, 55) else rng.choice(steps)
    units = int(total / step)
    limit = int(MAX_ROW_WEIGHT / step)
    while True:
        if _chance(rng, 25) and units % parts == 0:
            sizes = [units // parts] * parts
        else:
            cuts = sorted(rng.sample(range(1, units), parts - 1))
            sizes = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        if max(sizes) <= limit:
            weights = [step * size for size in sizes]
            return [w.quantize(Decimal(1)) if w == w.to_integral_value() else w for w in weights]


# --------------------------------------------------------------------------------- funds


def _funds(rng: random.Random, ty: _Typist) -> tuple[dict[str, Any], dict[str, Any]]:
    """The funds block and the facts the rest of the form needs."""
    places = _pick(rng, ((0, 10), (1, 15), (2, 75)))
    scale = 10**places
    magnitude = _pick(rng, (((5, 60), 40), ((60, 400), 40), ((400, 3000), 20)))
    if _chance(rng, 30):  # a round budget: 200 万元
        budget_units = rng.randint(magnitude[0], magnitude[1]) // 5 * 5 * scale or 5 * scale
    else:
        budget_units = rng.randint(magnitude[0] * scale, magnitude[1] * scale)
    parts: dict[str, int] = {}
    rest = budget_units
    for key, pct in (("carryover", 30), ("other", 12)):
        if _chance(rng, pct) and rest > 10:
            parts[key] = rng.randint(max(1, rest * 5 // 100), max(1, rest * 30 // 100))
            rest -= parts[key]
    parts = {"current": rest, **parts}
    full = _chance(rng, 15)
    executed = {
        key: adj if full or (key == "carryover" and _chance(rng, 60))
        else adj - rng.randint(0, adj * 95 // 1000)
        for key, adj in parts.items()
    }  # fmt: skip
    initial: dict[str, int] = {}
    if _chance(rng, 60):
        current = parts["current"]
        initial["current"] = (
            current if _chance(rng, 55) else rng.randint(current * 80 // 100, current * 110 // 100)
        )
        if "other" in parts and _chance(rng, 50):
            initial["other"] = parts["other"]

    def cell(units: int | None) -> Any:
        return ty.blank() if units is None else ty.number(_amount(units, places))

    block: dict[str, Any] = {"weight": ty.number(Decimal(FUNDS_WEIGHT))}
    rows: dict[str, dict[str, Any]] = {}
    for key in ("current", "carryover", "other"):
        if key in parts:
            rows[key] = {
                "initial": cell(initial.get(key)),
                "adjusted": cell(parts[key]),
                "executed": cell(executed[key]),
            }
        elif key == "other" and _chance(rng, 5):  # a real zero, typed as such
            zero = ty.text(_fmt(Decimal(0).scaleb(-places))) if places else "0"
            rows[key] = {"initial": ty.blank(), "adjusted": zero, "executed": zero}
        else:
            rows[key] = {"initial": ty.blank(), "adjusted": ty.blank(), "executed": ty.blank()}
    adjusted_total = budget_units
    executed_total = sum(executed.values())
    initial_total = sum(initial.values()) if initial else None
    total = {
        "initial": cell(initial_total),
        "adjusted": cell(adjusted_total),
        "executed": cell(executed_total),
    }
    block["rate"] = block["score"] = None  # placeholders keep the key order of the template
    block["total"] = total
    block.update(rows)
    facts = {
        "places": places,
        "adjusted": _amount(adjusted_total, places),
        "executed": _amount(executed_total, places),
        "initial": None if initial_total is None else _amount(initial_total, places),
    }
    _rate_and_score(rng, ty, block, facts)
    return block, facts


def _rate_and_score(
    rng: random.Random, ty: _Typist, block: dict[str, Any], facts: dict[str, Any]
) -> None:
    """funds.rate and funds.score from the exact ratio: rounded half up, or truncated."""
    ratio = Fraction(facts["executed"]) / Fraction(facts["adjusted"]) * 100
    mode = "truncate" if _chance(rng, 12) else "round"
    rate_places = _pick(rng, ((0, 40), (1, 20), (2, 40)))
    rate = _shown(ratio, rate_places, mode)
    if ratio == 100:
        block["rate"] = _pick(rng, ((ty.text("100%"), 60), (ty.text("100.00%"), 20),
                                    (Decimal(100), 20)))  # fmt: skip
        score = Decimal(_pick(rng, (("10", 70), ("10.00", 20), ("10.0", 10))))
        block["score"] = ty.number(score)
        facts["score"] = score
        return
    style = _pick(rng, (("pct", 70), ("number", 20), ("text", 10)))
    if style == "pct":
        block["rate"] = ty.text(f"{_fmt(rate)}%")
    elif style == "number":
        block["rate"] = rate
    else:
        block["rate"] = ty.text(_fmt(rate))
    score_places = _pick(rng, ((1, 45), (2, 55)))
    base = Fraction(rate) if _chance(rng, 15) else ratio  # the catalogue accepts both (#3)
    score = _shown(FUNDS_WEIGHT * base / 100, score_places, mode)
    block["score"] = ty.number(score)
    facts["score"] = score


# ------------------------------------------------------------------------------- structure


def _row_count(rng: random.Random) -> int:
    """8–59 rows, median about 25, a long tail of big forms."""
    if _chance(rng, 50):
        return rng.randint(MIN_ROWS, 25)
    return min(rng.randint(25, MAX_ROWS), rng.randint(25, MAX_ROWS))


def _plan(rng: random.Random, rows: int) -> tuple[dict[str, int], list[str], list[str]]:
    """How many named rows each level 2 gets, which level 2s stay as blank template rows, and
    after which level 2s a "……" placeholder row is left; named + blank rows = ``rows``.

    Every level-1 block has at least two named rows (#38: a block of one row is flagged), the
    产出 block at least one 数量, one 质量 and one 成本 row.
    """
    blanks = min(_pick(rng, ((0, 30), (1, 30), (2, 25), (3, 15))), rows - 7)
    named = rows - blanks
    satisfaction = _pick(rng, ((2, 75), (3, 25))) if named >= 8 else 2
    benefit = max(2, named * rng.randint(25, 35) // 100)
    output = named - satisfaction - benefit
    while output < 3:
        benefit -= 1
        output += 1
    cost = _pick(rng, ((1, 35), (2, 50), (3, 15))) if output >= 5 else 1
    quality = min(max(1, output * rng.randint(15, 30) // 100), 16)
    timely = min(output * rng.randint(0, 15) // 100, 6)
    quantity = output - cost - quality - timely
    counts = {"数量指标": quantity, "质量指标": quality, "时效指标": timely, "成本指标": cost}
    social = benefit
    others = {"经济效益指标": 0, "生态效益指标": 0, "可持续影响指标": 0}
    for key in others:
        if social > 1 and _chance(rng, 45):
            others[key] = min(rng.randint(1, max(1, min(3, benefit // 4))), social - 1)
            social -= others[key]
    counts["经济效益指标"] = others["经济效益指标"]
    counts["社会效益指标"] = social
    counts["生态效益指标"] = others["生态效益指标"]
    counts["可持续影响指标"] = others["可持续影响指标"]
    counts["服务对象满意度指标"] = satisfaction
    unused = [key for key, count in counts.items() if count == 0]
    rng.shuffle(unused)
    used = [key for key, count in counts.items() if count > 0]
    placeholders = []
    for _ in range(max(0, blanks - len(unused))):  # no empty level 2 left for a blank row
        if _chance(rng, 35):
            placeholders.append(rng.choice(used))
        else:
            counts["数量指标"] += 1
    return counts, unused[:blanks], placeholders


# ------------------------------------------------------------------------------ the form


def generate_form(rng: random.Random, *, index: int = 0) -> dict[str, Any]:
    """One correct, realistic report (numbers as Decimal), drawn from ``rng``."""
    ty = _Typist(rng)
    year = _pick(rng, ((2021, 20), (2022, 30), (2023, 30), (2024, 20)))
    city = rng.choice(CITIES)
    bureau, implementers, projects = rng.choice(DOMAINS)
    project = rng.choice(projects)
    department = f"{city}{bureau}"
    implementer = department if _chance(rng, 30) else f"{city}{rng.choice(implementers)}"
    funds, facts = _funds(rng, ty)
    nature_mode = _pick(rng, ((None, 88), ("symbol", 7), ("type", 5)))
    ctx = _Ctx(rng, ty, year, nature_mode, facts["adjusted"], facts["executed"], facts["places"])
    if _chance(rng, 8):  # a weak year: several targets missed by more (良 or 中 overall)
        ctx.low = 45

    counts, blank_level2, placeholders = _plan(rng, _row_count(rng))
    rows: list[_Row] = []
    for level1, level2s in LEVEL2.items():
        block: list[_Row] = []
        for level2 in level2s:
            block.extend(_Row(level1, level2) for _ in range(counts[level2]))
        weights = _split(rng, CATEGORY_WEIGHTS[level1], len(block))
        for row, weight in zip(block, weights, strict=True):
            row.weight = weight
        _choose_missed(rng, block, weak=ctx.low < 70)
        for level2 in level2s:
            mine = [row for row in block if row.level2 == level2]
            for position, row in enumerate(mine):
                _fill(ctx, row, first=position == 0, lead=row is block[0])
                _score(ctx, row)
            rows.extend(mine)
            if level2 in blank_level2:
                rows.append(_blank_row(ty, level1, level2))
            for _ in range(placeholders.count(level2)):  # a "……" row left in the template
                rows.append(_blank_row(ty, level1, level2, placeholder=True))

    short_labels = _chance(rng, 5)  # 社会效益 for 社会效益指标 (S18)
    indicators = [_row_dict(row, ty, short_labels) for row in rows]
    named = [row for row in rows if row.weight is not None]
    total_score = facts["score"] + sum((row.score or Decimal(0) for row in named), Decimal(0))
    total_places = max([_decimals(facts["score"])] + [_decimals(r.score) for r in named if r.score])
    total_score = total_score.quantize(Decimal(1).scaleb(-total_places))

    form: dict[str, Any] = {}
    if _chance(rng, 80):
        form["format"] = "evallint.report/1"
    form["title"] = rng.choice(
        (f"{year}年度{project}绩效自评报告", f"{department}{year}年度项目支出绩效自评表",
         f"{year}年度{project}项目支出绩效自评（{implementer}）")
    )  # fmt: skip
    form["year"] = Decimal(year)
    form["project"] = project
    form["department"] = department
    form["implementer"] = implementer
    form["unit"] = "万元"
    form["funds"] = funds
    form["goals"] = _goals(rng, year, project, named)
    form["categories"] = {key: ty.number(Decimal(value)) for key, value in CATEGORY_WEIGHTS.items()}
    form["indicators"] = indicators
    form["total"] = {
        "weight": ty.number(Decimal(FUNDS_WEIGHT + sum(CATEGORY_WEIGHTS.values()))),
        "score": ty.number(total_score),
    }
    if _chance(rng, 50):
        form["narrative"] = build_narrative(form, rng)
    if _chance(rng, 30):
        form["source"] = {"file": f"自评表-{index + 1:05d}.xlsx", "sheet": "项目支出绩效自评表"}
    return form


def _choose_missed(rng: random.Random, block: list[_Row], *, weak: bool) -> None:
    """Some forms miss a target or two (a weak form several), or go far beyond a target set
    too low; they score and explain it as the catalogue says."""
    counts = [row for row in block[1:] if row.level2 == "数量指标"]
    if counts and _chance(rng, 4):
        rng.choice(counts).over = True
    if not weak and not _chance(rng, 25):
        return
    missable = [
        row for row in block
        if row.level2 in ("数量指标", "质量指标", "服务对象满意度指标")
        and row is not next(r for r in block if r.level2 == row.level2)
    ]  # fmt: skip
    partial = [
        row for row in block
        if row.level1 == "效益指标" and row is not next(r for r in block if r.level1 == "效益指标")
    ]  # fmt: skip
    missable = [row for row in missable if not row.over]
    wanted = rng.randint(2, 5) if weak else rng.randint(0, 2)
    for row in rng.sample(missable, min(len(missable), wanted)):
        row.missed = True
    if partial and _chance(rng, 60 if weak else 25):
        rng.choice(partial).partial = True


def _score(ctx: _Ctx, row: _Row) -> None:
    """Full marks when met; w × actual / target when missed; band 2 for a partial grade."""
    assert row.weight is not None
    rng = ctx.rng
    if row.missed and row.ratio is not None:
        row.score = round_half_up(Fraction(row.weight) * row.ratio, 2).normalize()
        row.deviation = ctx.typist.text(
            f"{rng.choice(CAUSES)}，实际完成{_plain(row.actual)}，未达到年度指标值；{rng.choice(MEASURES)}。"
        )
    elif row.over and row.ratio is None:
        row.score = round_half_up(Fraction(row.weight) * Fraction(9, 10), 2).normalize()
        row.deviation = ctx.typist.text(
            f"实际完成{_plain(row.actual)}，实际完成情况超计划较大，主要是年初指标值设定偏低，"
            "已按偏离度适度调减分值；下一步将科学合理设置绩效指标值。"
        )
    elif row.partial and row.qualitative:
        for share in rng.sample((Fraction(65, 100), Fraction(7, 10), Fraction(75, 100)), 3):
            score = round_half_up(Fraction(row.weight) * share, 2)
            if (
                Fraction(row.weight) * Fraction(6, 10)
                <= score
                < Fraction(row.weight) * Fraction(8, 10)
            ):
                break
        row.score = score.normalize()
        row.deviation = ctx.typist.text(
            f"部分工作推进滞后，效果尚未完全显现；{rng.choice(MEASURES)}。"
        )
    else:
        row.partial = row.over = False
        row.score = row.weight
        row.deviation = "无" if _chance(rng, 4) else ctx.typist.blank()
    if row.score is not None and row.score == row.score.to_integral_value():
        row.score = row.score.quantize(Decimal(1))


def _blank_row(ty: _Typist, level1: str, level2: str, *, placeholder: bool = False) -> _Row:
    if placeholder:
        filler: Any = "……"
        return _Row(level1, level2, name="……", target=filler, actual=filler, weight=None,
                    score=None, deviation=filler, placeholder=True)  # fmt: skip
    return _Row(level1, level2, name=ty.blank() or "", target=ty.blank(), actual=ty.blank(),
                deviation=ty.blank())  # fmt: skip


def _row_dict(row: _Row, ty: _Typist, short_labels: bool) -> dict[str, Any]:
    level2 = row.level2
    if short_labels and level2.endswith("效益指标"):
        level2 = level2.removesuffix("指标")
    named = row.weight is not None
    if named:
        assert row.weight is not None and row.score is not None
        weight: Any = ty.number(row.weight)
        if isinstance(weight, Decimal) or _chance(ty.rng, 50):
            score: Any = ty.number(row.score)
        else:
            score = ty.text(_fmt(row.score))
    else:
        weight = score = row.target if row.placeholder else ty.blank()
    item: dict[str, Any] = {
        "level1": row.level1,
        "level2": level2,
        "name": row.name,
        "target": row.target,
        "actual": row.actual,
        "weight": weight,
        "score": score,
        "deviation": row.deviation,
    }
    if row.nature is not None or row.unit is not None:
        item["nature"] = row.nature
        item["unit"] = row.unit
    return item


def _goals(rng: random.Random, year: int, project: str, named: list[_Row]) -> dict[str, str]:
    quant = [row for row in named if not row.qualitative and row.level1 == "产出指标"]
    sat = next((row for row in named if row.level1 == "满意度指标"), None)
    picks = quant[:2] if quant else []
    if picks and sat is not None and _chance(rng, 75):
        targets = "，".join(f"{row.name}{_plain(row.target)}{_unit_of(row)}" for row in picks)
        actuals = "，".join(f"{row.name}{_plain(row.actual)}{_unit_of(row)}" for row in picks)
        expected = f"{year}年计划{targets}，{sat.name}达到{_plain(sat.target)}{_unit_of(sat)}。"
        actual = f"{year}年实际{actuals}，{sat.name}为{_plain(sat.actual)}{_unit_of(sat)}。"
    else:
        expected = f"通过实施{project}，按期完成年度各项建设任务，服务对象满意度稳步提高。"
        actual = f"{project}已按计划组织实施，年度各项任务基本落实到位，项目效益逐步显现。"
    return {"expected": expected, "actual": actual}


def _unit_of(row: _Row) -> str:
    """The unit column, when the form keeps units in a column of their own."""
    if isinstance(row.unit, str) and row.unit.strip() and row.nature not in (None, "定量", "定性"):
        return row.unit if row.unit != "%" else "%"
    return ""


def generate_forms(count: int, seed: int = 2024) -> Iterator[dict[str, Any]]:
    """``count`` correct forms from ``seed``: the same seed always gives the same forms."""
    rng = random.Random(seed)
    for index in range(count):
        yield generate_form(rng, index=index)


# ----------------------------------------------------------------------------- narrative

_GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
_SCORE_RE = re.compile(r"(自评得分)([0-9.]+)(分)")
_GRADE_RE = re.compile(r"(自评等级为“)([优良中差])(”)")


def grade_of(score: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 (10号 bands)."""
    return next((grade for limit, grade in _GRADES if score >= limit), "差")


def _cell_amount(value: Any) -> Decimal | None:
    cell = read_cell(value)
    return cell.value if cell.kind == "number" else None


def _funds_text(form: dict[str, Any], rng: random.Random, *, balance: bool = True) -> str:
    total = form["funds"]["total"]
    year = int(form["year"])
    adjusted = _cell_amount(total["adjusted"])
    executed = _cell_amount(total["executed"])
    initial = _cell_amount(total["initial"])
    assert adjusted is not None and executed is not None
    places = max(_decimals(adjusted), _decimals(executed))
    rest = (adjusted - executed).quantize(Decimal(1).scaleb(-places))
    style = rng.randrange(3)
    if style == 0:  # as in the seed (S1)
        text = f"{year}年预算收入 {_fmt(adjusted)} 万元"
        text += f"，其中年初预算{_fmt(initial)}万元。" if initial is not None else "。"
        text += f"{year}年支出{_fmt(executed)}万元。"
        if balance:
            text += f"结余情况：{_fmt(rest)}万元。"
    elif style == 1:
        text = f"全年预算数{_fmt(adjusted)}万元"
        text += f"（年初预算{_fmt(initial)}万元）" if initial is not None else ""
        text += f"，全年支出{_fmt(executed)}万元"
        text += f"，结余{_fmt(rest)}万元。" if balance else "。"
    else:
        text = f"{year}年全年预算{_fmt(adjusted)}万元，实际执行{_fmt(executed)}万元"
        text += f"，结余{_fmt(rest)}万元。" if balance else "。"
    return text


def _mentionable(form: dict[str, Any], *, strict: bool = True) -> list[tuple[int, str, str]]:
    """Rows the report text may quote, with the figure to quote: an actual typed with its unit
    or percent sign (a bare number says too little to be compared), never an amount of money
    (#39 reads those), and (``strict``) a name sharing no two characters in a row with any
    other name, so a sentence about one row cannot be read as one about another."""
    rows = [
        (i, row) for i, row in enumerate(form["indicators"])
        if read_cell(row.get("name")).kind == "text"
    ]  # fmt: skip
    found = []
    for i, row in rows:
        actual = read_cell(row.get("actual"))
        if actual.kind not in ("number", "quantity") or "元" in (actual.unit or ""):
            continue
        if (not actual.percent and actual.unit is None) or row.get("level2") in (
            "时效指标",
            "成本指标",
        ):
            continue  # durations and costs: quoted figures read ambiguously
        name = str(row["name"])
        pairs = {name[k : k + 2] for k in range(len(name) - 1)}
        others = "".join(str(other["name"]) for j, other in rows if j != i)
        if strict and (any(pair in others for pair in pairs) or "满意" in name):
            continue
        found.append((i, name, _plain(row["actual"])))
    return found


def build_narrative(form: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """A 绩效自评报告 text that agrees with the form: funds, items, figures, grade, sections."""
    funds = form["funds"]["total"]
    adjusted = _cell_amount(funds["adjusted"])
    assert adjusted is not None
    places = _decimals(adjusted)
    sections: list[dict[str, Any]] = [
        {"heading": "一、项目资金收支情况", "text": _funds_text(form, rng)}
    ]
    units = _units(adjusted, places)
    parts = min(rng.randint(2, 4), units)
    mentions = _mentionable(form)
    rng.shuffle(mentions)
    if parts >= 2:
        cuts = sorted(rng.sample(range(1, units), parts - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        for number, (item, size) in enumerate(
            zip(rng.sample(ITEMS, parts), sizes, strict=True), start=1
        ):
            text = rng.choice(WORK)
            if mentions:
                _, name, actual = mentions.pop()
                text += f"截至年底，{name}实际完成{actual}。"
            amount = _amount(size, places)
            sections.append({
                "heading": f"{number}.“{item}”",
                "amount": amount if _chance(rng, 70) else _fmt(amount),
                "text": text,
            })  # fmt: skip
    sections.append({"heading": "二、存在的问题", "text": "".join(rng.sample(PROBLEMS, 2))})
    sections.append({"heading": "三、下一步改进措施", "text": "".join(rng.sample(IMPROVEMENTS, 2))})
    total = read_cell(form["total"]["score"])
    assert total.value is not None
    sections.append({
        "heading": "四、自评结论",
        "text": f"对照年度绩效目标逐项评价，自评得分{_fmt(total.value)}分，"
        f"自评等级为“{grade_of(total.value)}”。",
    })  # fmt: skip
    return sections


def _refresh_conclusion(form: dict[str, Any]) -> None:
    """After a change of total.score, keep the narrative's 自评得分 and 等级 in step."""
    value = read_cell(form["total"]["score"]).value
    if value is None:
        return
    shown, grade = _fmt(value), grade_of(value)
    for section in form.get("narrative", []):
        text = section.get("text", "")
        if _SCORE_RE.search(text):
            text = _SCORE_RE.sub(lambda m: f"{m[1]}{shown}{m[3]}", text)
            text = _GRADE_RE.sub(lambda m: f"{m[1]}{grade}{m[3]}", text)
            section["text"] = text


# ----------------------------------------------------------------------------- injection


@dataclass(frozen=True)
class Injection:
    """A form with exactly one defect: ``rule`` must fire, at the JSON Pointer ``path``."""

    form: dict[str, Any]
    rule: str
    path: str


_Injector = Callable[[dict[str, Any], random.Random], str]
_INJECTORS: dict[str, _Injector] = {}


def _injector(rule: str) -> Callable[[_Injector], _Injector]:
    def register(function: _Injector) -> _Injector:
        _INJECTORS[rule] = function
        return function

    return register


def _like(old: Any, number: Decimal) -> Any:
    """``number`` typed the way ``old`` was: a JSON number stays one, padding is kept."""
    if isinstance(old, Decimal):
        return number
    text = _fmt(number)
    if isinstance(old, str) and old.startswith(U3000):
        text = U3000 + text
    if isinstance(old, str) and "%" in unicodedata.normalize("NFKC", old):
        text += "%"
    return text


def _resum(form: dict[str, Any]) -> None:
    """total.score = funds.score + Σ named scores, typed like before; the conclusion follows."""
    rows = form["indicators"]
    numbers = [_num(form["funds"]["score"])] + [_num(rows[i]["score"]) for i in _named(form)]
    values = [n for n in numbers if n is not None]
    assert len(values) == len(numbers), "a score is not a number"
    places = max(_decimals(n) for n in values)
    total = sum(values, Decimal(0)).quantize(Decimal(1).scaleb(-places))
    form["total"]["score"] = _like(form["total"]["score"], total)
    _refresh_conclusion(form)


def _named(form: dict[str, Any]) -> list[int]:
    return [
        i for i, row in enumerate(form["indicators"])
        if read_cell(row.get("name")).kind != "blank"
    ]  # fmt: skip


def _row_cells(row: dict[str, Any]) -> tuple[Cell, Cell]:
    nature = row.get("nature")
    unit = row.get("unit")
    target = read_cell(row.get("target"), nature=nature, unit=unit)
    actual = read_cell(row.get("actual"), unit=unit)
    return target, actual


def _full(row: dict[str, Any]) -> bool:
    weight, score = _num(row.get("weight")), _num(row.get("score"))
    return weight is not None and weight == score


def _mentioned(form: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether the report text quotes this row (then its figures must stay as quoted)."""
    text = "".join(str(s.get("text", "")) for s in form.get("narrative", []))
    return str(row.get("name")) in text


def _rows(form: dict[str, Any], test: Callable[[dict[str, Any], Cell, Cell], bool]) -> list[int]:
    found = []
    for i in _named(form):
        row = form["indicators"][i]
        target, actual = _row_cells(row)
        if test(row, target, actual):
            found.append(i)
    return found


def _met_any(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
    """A quantitative ≥ row (a count, an amount or a percentage) met with full marks; not a
    满意度 row (whose value rules would also speak)."""
    return (
        target.kind in ("number", "quantity")
        and target.comparator in (None, ">=", ">")
        and actual.kind in ("number", "quantity")
        and target_met(target, actual) is True
        and _full(row)
        and row.get("level1") != "满意度指标"
    )


def _met_pos(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
    """A ≥ count or amount with a unit (no percentage), met with full marks."""
    return _met_any(row, target, actual) and not target.percent and target.unit is not None


def _met_rows(form: dict[str, Any]) -> list[int]:
    """Met ≥ rows, counts first; percentages when the form has no count to spare."""
    return _rows(form, _met_pos) or _rows(form, _met_any)


def _pick_row(form: dict[str, Any], rng: random.Random, rows: list[int], what: str) -> int:
    """One of ``rows``, preferably one the report text does not quote; if it is quoted, the
    quote goes, so that changing the row cannot also make the text disagree with it."""
    quiet = [i for i in rows if not _mentioned(form, form["indicators"][i])]
    choices = quiet or rows
    if not choices:
        raise ValueError(f"this form has no {what}")
    i = rng.choice(choices)
    name = re.escape(str(form["indicators"][i]["name"]))
    for section in form.get("narrative", []):
        section["text"] = re.sub(f"截至年底，{name}实际完成[^。]*。", "", section["text"])
    return i


def _exact_funds_score(form: dict[str, Any]) -> None:
    """funds.score made weight × the exact rate, rounded half up at its own decimals, so it
    agrees with the exact rate whatever the rate cell says (total.score follows)."""
    funds = form["funds"]
    score = _num(funds["score"])
    adjusted, executed = _num(funds["total"]["adjusted"]), _num(funds["total"]["executed"])
    assert score is not None and adjusted is not None and executed is not None
    ratio = min(Fraction(executed) / Fraction(adjusted), Fraction(1))
    exact = round_half_up(FUNDS_WEIGHT * ratio, max(1, _decimals(score)))
    if exact != score:
        funds["score"] = _like(funds["score"], exact)
        _resum(form)


def _deviation_text(rng: random.Random, actual: str) -> str:
    return f"{rng.choice(CAUSES)}，实际完成{actual}，未达到年度指标值；{rng.choice(MEASURES)}。"


def _miss(form: dict[str, Any], rng: random.Random, i: int) -> Decimal:
    """Make row i miss its ≥ target (70–90 % of it); return w × a / t rounded half up."""
    row = form["indicators"][i]
    target, _ = _row_cells(row)
    weight = _num(row["weight"])
    assert target.value is not None and weight is not None
    places = max(0, target.decimals or 0)
    step = Decimal(1).scaleb(-places)
    actual = min(truncate(target.value * rng.randint(70, 90) / 100, places), target.value - step)
    if row.get("nature") is not None:  # the unit is in its own column
        text = _fmt(actual)
    elif target.percent:
        text = f"{_fmt(actual)}%"
    else:
        text = f"{_fmt(actual)}{target.unit or ''}"
    old = row.get("actual")
    row["actual"] = U3000 + text if isinstance(old, str) and old.startswith(U3000) else text
    return round_half_up(
        Fraction(weight) * Fraction(actual) / Fraction(target.value), 2
    ).normalize()


def _slack(cells: Sequence[Any]) -> Fraction:
    """How far a sum of typed figures may be off by their rounding: half a unit of the last
    decimal of each (a whole number is exact)."""
    slack = Fraction(0)
    for value in cells:
        decimals = read_cell(value).decimals
        if decimals:
            slack += Fraction(1, 2 * 10**decimals)
    return slack


def _tidy(number: Decimal) -> Decimal:
    """46.0 → 46, 2.50 → 2.5: a figure as a person would type it."""
    return (
        number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    )


def _set_score(row: dict[str, Any], score: Decimal) -> None:
    if score == score.to_integral_value():
        score = score.quantize(Decimal(1))
    row["score"] = _like(row["score"], score)


@_injector("funds-rate-mismatch")
def _funds_rate_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#1: funds.rate differs from executed / adjusted by 2–5 points (still 90–100 %). The
    score is first made weight × the exact rate, so it cannot side with the wrong rate."""
    _exact_funds_score(form)
    total = form["funds"]["total"]
    ratio = Fraction(_num(total["executed"]) or 0) / Fraction(_num(total["adjusted"]) or 1) * 100
    shown = round_half_up(ratio, 0)
    offset = rng.randint(2, 5)
    wrong = shown + offset if shown + offset <= 100 else shown - offset
    old = form["funds"]["rate"]
    form["funds"]["rate"] = wrong if isinstance(old, Decimal) else f"{_fmt(wrong)}%"
    return "/funds/rate"


@_injector("funds-rate-as-ratio")
def _funds_rate_as_ratio(form: dict[str, Any], rng: random.Random) -> str:
    """#2: the rate typed as a ratio (0.9411, or 1 for 100 %) without a percent sign (S7); the
    score agrees with the exact rate."""
    _exact_funds_score(form)
    total = form["funds"]["total"]
    ratio = Fraction(_num(total["executed"]) or 0) / Fraction(_num(total["adjusted"]) or 1)
    value = Decimal(1) if ratio == 1 else round_half_up(ratio, 4)
    form["funds"]["rate"] = value if _chance(rng, 50) else _fmt(value)
    return "/funds/rate"


@_injector("funds-score-mismatch")
def _funds_score_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#3: funds.score 1 point below weight × rate (both the exact and the shown rate)."""
    score = _num(form["funds"]["score"])
    assert score is not None
    form["funds"]["score"] = _like(form["funds"]["score"], score - 1)
    _resum(form)
    return "/funds/score"


@_injector("funds-rows-sum-mismatch")
def _funds_rows_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#5: a part row no longer adds up to the total row (initial, or else adjusted)."""
    funds = form["funds"]
    column = "initial" if _num(funds["current"]["initial"]) is not None else "adjusted"
    value = _num(funds["current"][column])
    assert value is not None
    funds["current"][column] = _like(funds["current"][column], value + rng.randint(2, 20))
    return f"/funds/total/{column}"


@_injector("funds-budget-missing")
def _funds_budget_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#6: total.adjusted blank (and the parts' adjusted, so the rows still add up; the
    narrative, which quotes the budget, is dropped)."""
    funds = form["funds"]
    for row in funds.values():
        if isinstance(row, dict):
            row["adjusted"] = rng.choice(("", U3000, None))
    form.pop("narrative", None)
    return "/funds/total/adjusted"


@_injector("funds-executed-exceeds-budget")
def _funds_executed_exceeds_budget(form: dict[str, Any], rng: random.Random) -> str:
    """#7: executed > adjusted (r 101–108 %); the rate is shown right, the score capped at 10."""
    funds = form["funds"]
    adjusted = _num(funds["total"]["adjusted"])
    executed = _num(funds["total"]["executed"])
    current = _num(funds["current"]["executed"])
    assert adjusted is not None and executed is not None and current is not None
    places = max(_decimals(adjusted), _decimals(executed))
    unit = Decimal(1).scaleb(-places)
    target = max((adjusted * rng.randint(101, 108) / 100).quantize(unit), adjusted + unit)
    funds["current"]["executed"] = _like(funds["current"]["executed"], current + target - executed)
    funds["total"]["executed"] = _like(funds["total"]["executed"], target)
    ratio = Fraction(target) / Fraction(adjusted) * 100
    funds["rate"] = f"{_fmt(round_half_up(ratio, 2))}%"
    funds["score"] = _like(funds["score"], Decimal(FUNDS_WEIGHT))
    _resum(form)
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = _funds_text(form, rng, balance=False)
    return "/funds/total/executed"


@_injector("indicator-cell-blank")
def _indicator_cell_blank(form: dict[str, Any], rng: random.Random) -> str:
    """#8: a named row's actual left blank (not a 满意度 row, whose value rules would also ask)."""
    rows = [i for i in _named(form) if form["indicators"][i]["level1"] != "满意度指标"]
    i = _pick_row(form, rng, rows, "named row")
    form["indicators"][i]["actual"] = rng.choice(("", U3000, None, "/"))
    return f"/indicators/{i}/actual"


@_injector("indicator-unnamed-row-filled")
def _indicator_unnamed_row_filled(form: dict[str, Any], rng: random.Random) -> str:
    """#9: a row without a name carries an actual value (a value without an indicator)."""
    blank = [i for i, row in enumerate(form["indicators"])
             if read_cell(row.get("name")).kind == "blank"]  # fmt: skip
    if blank:
        i = rng.choice(blank)
    else:
        rows = form["indicators"]
        i = max(k for k, row in enumerate(rows) if row["level1"] == "效益指标") + 1
        rows.insert(i, {"level1": "效益指标", "level2": "生态效益指标", "name": "", "target": "",
                        "actual": "", "weight": "", "score": "", "deviation": ""})  # fmt: skip
    form["indicators"][i]["actual"] = "完成"
    return f"/indicators/{i}/name"


@_injector("indicator-score-exceeds-weight")
def _indicator_score_exceeds_weight(form: dict[str, Any], rng: random.Random) -> str:
    """#10: score = weight + 1 on a met quantitative row. The row carries an explanation, so
    quant-score-inconsistent (#20: only without deviation text) stays quiet; total follows."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    weight = _num(row["weight"])
    assert weight is not None
    _set_score(row, weight + 1)
    row["deviation"] = "超额完成年度任务，酌情加分；下一步将合理设置指标值。"
    _resum(form)
    return f"/indicators/{i}/score"


_NUMERALS = "零一二三四五六七八九"


def _chinese(number: int) -> str:
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + ("" if ones == 0 and tens else _NUMERALS[ones])


@_injector("indicator-number-invalid")
def _indicator_number_invalid(form: dict[str, Any], rng: random.Random) -> str:
    """#11: a named row's score is not a number (written in Chinese numerals, or 满分)."""
    i = _pick_row(form, rng, [k for k in _named(form) if _full(form["indicators"][k])], "row")
    row = form["indicators"][i]
    weight = _num(row["weight"])
    assert weight is not None
    whole = weight == weight.to_integral_value() and 0 < weight < 100
    row["score"] = _chinese(int(weight)) if whole and _chance(rng, 70) else "满分"
    return f"/indicators/{i}/score"


@_injector("weights-sum-mismatch")
def _weights_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#12: total.weight no longer equals funds.weight + Σ named weights, by more than the
    rounding the typed weights allow (2.5 stands for [2.45, 2.55))."""
    rows = form["indicators"]
    cells = [form["funds"]["weight"], form["total"]["weight"]]
    cells += [rows[i]["weight"] for i in _named(form)]
    off = math.floor(_slack(cells)) + rng.randint(5, 10)
    wrong = Decimal(100 + off if _chance(rng, 50) else 100 - off)
    form["total"]["weight"] = _like(form["total"]["weight"], wrong)
    return "/total/weight"


@_injector("category-weight-mismatch")
def _category_weight_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#13: the cost rows filed under a level 1 of their own, 成本指标 (the 2021 template,
    level 2 经济成本指标), while categories still gives 产出指标 50: 产出 no longer adds up.
    Weights still total 100 and categories keeps the national values, so only #13 fires.
    The block moved has at least two rows (#38) and more points than the typed 产出 weights
    could be off by rounding; a row lent to it has an explicit comparator (a bare number under
    a 成本 level 2 would read as a ceiling)."""
    rows = form["indicators"]
    moving = [i for i in _named(form) if rows[i]["level2"] == "成本指标"]
    output = [i for i in _named(form) if rows[i]["level1"] == "产出指标" and i not in moving]
    if len(moving) == 1 and len(output) < 3:  # too few 产出 rows to lend one: split the row
        i = moving[0]
        weight = _num(rows[i]["weight"])
        assert weight is not None
        half = (weight / 2).normalize()
        twin = copy.deepcopy(rows[i])
        twin["name"] = next(c[0] for c in COSTS if c[0] != rows[i]["name"])
        for row, share in ((rows[i], weight - half), (twin, half)):
            row["weight"] = _like(row["weight"], _tidy(share))
            _set_score(row, share)
        rows.insert(i + 1, twin)
        moving = [i, i + 1]
        output = [k + 1 if k > i else k for k in output]

    def lendable(i: int) -> bool:
        target, _ = _row_cells(rows[i])
        return target.comparator is not None or target.kind in ("range", "text")

    spare = [i for i in output[1:] if lendable(i)]
    rng.shuffle(spare)

    def moved() -> Decimal:
        return sum((_num(rows[i]["weight"]) or Decimal(0) for i in moving), Decimal(0))

    def slack() -> Fraction:
        return _slack([rows[i]["weight"] for i in output if i not in moving])

    while spare and (len(moving) < 2 or moved() <= slack() + Fraction(1, 2)):
        if len([i for i in output if i not in moving]) <= 2:
            break  # 产出 keeps two rows of its own
        moving.append(spare.pop())
    for i in moving:
        rows[i]["level1"], rows[i]["level2"] = "成本指标", "经济成本指标"
    return "/categories/产出指标"


@_injector("total-score-mismatch")
def _total_score_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#14: total.score below funds.score + Σ scores by more than the rounding of the typed
    scores allows (1–3 points beyond it); the narrative's conclusion follows the total."""
    rows = form["indicators"]
    cells = [form["funds"]["score"], form["total"]["score"]]
    cells += [rows[i]["score"] for i in _named(form)]
    total = _num(form["total"]["score"])
    assert total is not None
    off = math.floor(_slack(cells)) + rng.randint(1, 3)
    form["total"]["score"] = _like(form["total"]["score"], total - off)
    _refresh_conclusion(form)
    return "/total/score"


@_injector("target-missed-full-score")
def _target_missed_full_score(form: dict[str, Any], rng: random.Random) -> str:
    """#15: a ≥ row misses its target yet keeps full marks. Its deviation text is filled
    (cause + measure), so deviation-missing (#16) has nothing to say."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    _miss(form, rng, i)
    row["deviation"] = _deviation_text(rng, _plain(row["actual"]))
    return f"/indicators/{i}/score"


@_injector("deviation-missing")
def _deviation_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#16: a ≥ row misses its target, scored w × a / t, and the deviation is left blank."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    _set_score(row, _miss(form, rng, i))
    row["deviation"] = rng.choice(DEVIATION_NONE)
    _resum(form)
    return f"/indicators/{i}/deviation"


def _graded(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
    return _plain(row.get("actual")) in BAND1 + BAND1_TIME and target.kind == "text" and _full(row)


@_injector("qualitative-band-mismatch")
def _qualitative_band_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#17: a band-1 grade (达成预期指标…) scored at half its weight, below [0.8w, w]. The
    deduction is explained, so deviation-missing stays quiet; total follows."""
    i = _pick_row(form, rng, _rows(form, _graded), "graded qualitative row")
    row = form["indicators"][i]
    weight = _num(row["weight"])
    assert weight is not None
    _set_score(row, round_half_up(weight / 2, 2).normalize())
    row["deviation"] = f"部分工作推进滞后，酌情扣分；{rng.choice(MEASURES)}。"
    _resum(form)
    return f"/indicators/{i}/score"


@_injector("goals-missing")
def _goals_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#18 (error part): goals.expected blank."""
    form["goals"]["expected"] = rng.choice(("", U3000, None))
    return "/goals/expected"


@_injector("level2-parent-mismatch")
def _level2_parent_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#19: a 产出 / 数量 row filed under the level 2 社会效益指标, which belongs to 效益."""
    rows = [i for i in _named(form) if form["indicators"][i]["level2"] == "数量指标"]
    i = _pick_row(form, rng, rows, "数量 row")
    form["indicators"][i]["level2"] = rng.choice(("社会效益指标", "经济效益指标"))
    return f"/indicators/{i}/level2"


@_injector("overachievement-unexplained")
def _overachievement_unexplained(form: dict[str, Any], rng: random.Random) -> str:
    """#22: a ≥ count row (target ≥ 10) done at 1.4–1.6 × target (above 1.2 and Guangxi's 1.3),
    full marks, no deviation text. Points at the missing explanation."""

    def big(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        return _met_pos(row, target, actual) and (target.value or 0) >= 10

    i = _pick_row(form, rng, _rows(form, big), "≥ count row")
    row = form["indicators"][i]
    target, _ = _row_cells(row)
    assert target.value is not None
    value = (target.value * rng.randint(140, 160) / 100).quantize(Decimal(1))
    unit = "" if row.get("nature") is not None else (target.unit or "")
    row["actual"] = f"{_fmt(value)}{unit}"
    row["deviation"] = rng.choice(DEVIATION_NONE)
    return f"/indicators/{i}/deviation"


@_injector("deviation-boilerplate")
def _deviation_boilerplate(form: dict[str, Any], rng: random.Random) -> str:
    """#23: a missed ≥ row, scored w × a / t, whose deviation says only 无 / 暂无 / 无偏差."""
    i = _pick_row(form, rng, _met_rows(form), "met quantitative row")
    row = form["indicators"][i]
    _set_score(row, _miss(form, rng, i))
    row["deviation"] = rng.choice(("无", "暂无", "无偏差"))
    _resum(form)
    return f"/indicators/{i}/deviation"


@_injector("actual-not-measured")
def _actual_not_measured(form: dict[str, Any], rng: random.Random) -> str:
    """#24: a numeric 数量/质量 target answered with prose (完成 / 已完成) instead of a value."""
    rows = [
        i for i in _met_rows(form) if form["indicators"][i]["level2"] in ("数量指标", "质量指标")
    ]
    i = _pick_row(form, rng, rows, "numeric 数量 row")
    form["indicators"][i]["actual"] = rng.choice(("完成", "已完成", "全部完成"))
    return f"/indicators/{i}/actual"


@_injector("unit-mismatch")
def _unit_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#25: the actual carries a unit that does not convert to the target's (场 vs 次)."""

    def plain_unit(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        raw = _plain(row.get("target"))
        return _met_pos(row, target, actual) and "万" not in raw and "元" not in (target.unit or "")

    i = _pick_row(form, rng, _rows(form, plain_unit) or _rows(form, _met_any), "≥ row")
    row = form["indicators"][i]
    target, actual = _row_cells(row)
    assert actual.value is not None
    other = "次" if target.unit not in ("次", "人次") else "个"  # 个 vs % for a percentage
    row["actual"] = f"{_fmt(actual.value)}{other}"
    return f"/indicators/{i}/actual"


@_injector("indicator-not-quantified")
def _indicator_not_quantified(form: dict[str, Any], rng: random.Random) -> str:
    """#26: a 数量 row whose target is prose without a number or grade (S2 严格执行相关制度规定);
    the actual becomes the grade 达成预期指标 with full marks, so nothing else is off."""
    rows = [i for i in _named(form) if form["indicators"][i]["level2"] == "数量指标"
            and _full(form["indicators"][i])]  # fmt: skip
    i = _pick_row(form, rng, rows, "数量 row")
    row = form["indicators"][i]
    row["target"] = rng.choice(("严格执行相关制度规定", "按照有关规定组织实施", "规范开展相关工作"))
    row["actual"] = "达成预期指标"
    if "nature" in row:
        row["nature"], row["unit"] = "定性", ""
    return f"/indicators/{i}/target"


@_injector("cost-indicator-missing")
def _cost_indicator_missing(form: dict[str, Any], rng: random.Random) -> str:
    """#27: the 成本指标 rows left unnamed and empty (as in S1), their weight given to a full-marks
    数量 row (score too), so every sum still holds; a 2021 form becomes a 2023 one."""
    rows = form["indicators"]
    costs = [i for i in _named(form) if rows[i]["level2"] == "成本指标"]
    takers = [
        i for i in _named(form)
        if rows[i]["level1"] == "产出指标" and i not in costs and _full(rows[i])
    ]  # fmt: skip
    for i in costs:  # each cost row's points to the lightest full-marks 产出 row
        weight = _num(rows[i]["weight"]) or Decimal(0)
        taker = min(takers, key=lambda k: (_num(rows[k]["weight"]) or Decimal(0), k))
        new = (_num(rows[taker]["weight"]) or Decimal(0)) + weight
        rows[taker]["weight"] = _like(rows[taker]["weight"], new)
        _set_score(rows[taker], new)
    for i in costs:
        rows[i].update(name="", target=U3000, actual=U3000, weight=U3000, score=U3000,
                       deviation=U3000)  # fmt: skip
        if "nature" in rows[i]:
            rows[i]["nature"] = rows[i]["unit"] = U3000
    if int(form.get("year") or 0) < 2022:
        old = f"{int(form['year'])}年"
        form["year"] = Decimal(2023)
        form["title"] = str(form.get("title", "")).replace(old, "2023年")
        for section in form.get("narrative", []):
            section["text"] = section["text"].replace(old, "2023年")
        for key in ("expected", "actual"):
            form["goals"][key] = str(form["goals"][key]).replace(old, "2023年")
    return f"/indicators/{costs[0]}"


@_injector("satisfaction-value-invalid")
def _satisfaction_value_invalid(form: dict[str, Any], rng: random.Random) -> str:
    """#29: a 满意度 target typed without its percent sign (≥90 for ≥90%); the actual stays a
    percentage and still meets it, and the row's unit column (if any) is dropped."""
    rows = [i for i in _named(form) if form["indicators"][i]["level1"] == "满意度指标"
            and _full(form["indicators"][i])]  # fmt: skip
    i = _pick_row(form, rng, rows, "满意度 row")
    row = form["indicators"][i]
    target, actual = _row_cells(row)
    assert target.value is not None and actual.value is not None
    comparator = {">=": "≥", ">": ">", None: "≥"}.get(target.comparator, "≥")
    row["target"] = f"{comparator}{_fmt(target.value)}"
    row["actual"] = f"{_fmt(actual.value)}%"
    row.pop("unit", None)
    return f"/indicators/{i}/target"


@_injector("rate-over-100")
def _rate_over_100(form: dict[str, Any], rng: random.Random) -> str:
    """#30: a 合格率/覆盖率/… row (not 满意度) whose actual is above 100 % (101–105 %)."""

    def rate_row(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        return (
            any(word in str(row.get("name")) for word in RATE_WORDS)
            and target.percent and target.comparator in (None, ">=", ">")
            and target_met(target, actual) is True and _full(row)
            and row.get("level1") != "满意度指标"
            and (target.value or 0) >= 90
        )  # fmt: skip

    i = _pick_row(form, rng, _rows(form, rate_row), "rate row")
    row = form["indicators"][i]
    value = Decimal(rng.randint(101, 105))
    row["actual"] = _fmt(value) if row.get("nature") else f"{_fmt(value)}%"
    return f"/indicators/{i}/actual"


@_injector("goals-actual-copy")
def _goals_actual_copy(form: dict[str, Any], rng: random.Random) -> str:
    """#31: goals.actual copies goals.expected word for word."""
    form["goals"]["actual"] = form["goals"]["expected"]
    return "/goals/actual"


@_injector("budget-rate-as-indicator")
def _budget_rate_as_indicator(form: dict[str, Any], rng: random.Random) -> str:
    """#33: a percent row renamed 预算执行率 / 资金到位率 (it double-counts the funds row, S8)."""

    def pct_row(row: dict[str, Any], target: Cell, actual: Cell) -> bool:
        return (
            target.percent and target.comparator in (None, ">=", ">")
            and target_met(target, actual) is True and _full(row)
            and row.get("level1") == "产出指标"
        )  # fmt: skip

    i = _pick_row(form, rng, _rows(form, pct_row), "percent row")
    name = rng.choice(("预算执行率", "资金执行率", "资金到位率", "资金拨付及时率"))
    form["indicators"][i]["name"] = name
    return f"/indicators/{i}/name"


@_injector("duplicate-indicator")
def _duplicate_indicator(form: dict[str, Any], rng: random.Random) -> str:
    """#34: a later 数量 row copies the name of an earlier one. Points at the later copy."""
    rows = form["indicators"]
    named = [i for i in _named(form) if rows[i]["level2"] == "数量指标"
             and not _mentioned(form, rows[i])]  # fmt: skip
    if len(named) < 2:
        named = [i for i in _named(form) if rows[i]["level1"] == "产出指标"]
    first, second = sorted(rng.sample(named, 2))
    rows[second]["name"] = rows[first]["name"]
    return f"/indicators/{second}/name"


@_injector("low-execution-unexplained")
def _low_execution_unexplained(form: dict[str, Any], rng: random.Random) -> str:
    """#35: executed cut to 80–86 % of the budget, rate and score recomputed right, and no
    narrative word (执行率/结余/结转/未支付/未执行) explains it. The catalogue's threshold is
    0.90 (Sichuan); national-2020 ships low_exec_threshold 0 (off), so set 0.9 to see it."""
    funds = form["funds"]
    adjusted = _num(funds["total"]["adjusted"])
    executed = _num(funds["total"]["executed"])
    assert adjusted is not None and executed is not None
    places = max(_decimals(adjusted), _decimals(executed))
    low = truncate(adjusted * rng.randint(80, 86) / 100, places)
    cut = executed - low
    for key in ("current", "carryover", "other"):
        part = _num(funds[key]["executed"])
        if part is None or cut <= 0:
            continue
        take = min(part, cut)
        funds[key]["executed"] = _like(funds[key]["executed"], part - take)
        cut -= take
    funds["total"]["executed"] = _like(funds["total"]["executed"], low)
    ratio = Fraction(low) / Fraction(adjusted) * 100
    funds["rate"] = f"{_fmt(round_half_up(ratio, 2))}%"
    funds["score"] = _like(funds["score"], round_half_up(FUNDS_WEIGHT * ratio / 100, 2))
    _resum(form)
    for section in form.get("narrative", []):
        if section.get("heading") == "一、项目资金收支情况":
            section["text"] = _funds_text(form, rng, balance=False)
    return "/funds/rate"


@_injector("benefit-indicator-vague")
def _benefit_indicator_vague(form: dict[str, Any], rng: random.Random) -> str:
    """#37 (info): a qualitative 效益 target rewritten as generic prose (S1 助推株洲经济发展。)."""
    rows = [i for i in _rows(form, _graded) if form["indicators"][i]["level1"] == "效益指标"]
    i = _pick_row(form, rng, rows, "qualitative 效益 row")
    city = re.sub(r"[市县区州旗].*", "", str(form.get("department", "")))[:2] or "本地"
    form["indicators"][i]["target"] = rng.choice(
        (f"助推{city}经济发展。", "促进经济社会发展", "提升公共服务水平", "营造良好发展环境")
    )
    return f"/indicators/{i}/target"


@_injector("weight-concentration")
def _weight_concentration(form: dict[str, Any], rng: random.Random) -> str:
    """#38 (info): one row carries more than half of the 90 indicator points. The 产出 block
    keeps three rows (the first 数量 row with 46 points, a 成本 row and a third row with 2
    each; a deducted row, if any, stays and keeps its share) and its other rows are left as
    empty template rows, so every sum still holds. Points at the heavy row's weight."""
    rows = form["indicators"]
    output = [i for i in _named(form) if rows[i]["level1"] == "产出指标"]
    big = next((i for i in output if rows[i]["level2"] == "数量指标"), output[0])
    cost = next(i for i in output if rows[i]["level2"] == "成本指标" and i != big)
    rest = [i for i in output if i not in (big, cost)]
    third = next((i for i in rest if not _full(rows[i])), rest[0])
    block = sum((_num(rows[i]["weight"]) or Decimal(0) for i in output), Decimal(0))
    for i, weight in ((big, _tidy(block - 4)), (cost, Decimal(2)), (third, Decimal(2))):
        old_weight, old_score = _num(rows[i]["weight"]), _num(rows[i]["score"])
        assert old_weight is not None and old_score is not None
        rows[i]["weight"] = _like(rows[i]["weight"], weight)
        target, actual = _row_cells(rows[i])
        if target_met(target, actual) is False:  # missed: w × a / t with the new weight
            assert target.value is not None and actual.value is not None
            share = Fraction(actual.value) / Fraction(target.value)
        else:  # full marks, or a cut for a target set too low: keeps its share
            share = Fraction(old_score) / Fraction(old_weight)
        _set_score(rows[i], round_half_up(Fraction(weight) * share, 2).normalize())
    for i in output:
        if i not in (big, cost, third):
            rows[i].update(name="", target="", actual="", weight="", score="", deviation="")
            if "nature" in rows[i]:
                rows[i]["nature"] = rows[i]["unit"] = ""
    _resum(form)
    return f"/indicators/{big}/weight"


def _ensure_narrative(form: dict[str, Any], rng: random.Random) -> None:
    if not form.get("narrative"):
        form["narrative"] = build_narrative(form, rng)


@_injector("narrative-funds-mismatch")
def _narrative_funds_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#39: the report text quotes an 支出 figure 3–20 万元 off the form's total.executed."""
    _ensure_narrative(form, rng)
    executed = _num(form["funds"]["total"]["executed"])
    assert executed is not None
    wrong = executed - rng.randint(3, 20) if executed > 25 else executed + rng.randint(3, 20)
    section = form["narrative"][0]
    section["text"] = section["text"].replace(f"支出{_fmt(executed)}万元", f"支出{_fmt(wrong)}万元")
    section["text"] = section["text"].replace(f"执行{_fmt(executed)}万元", f"执行{_fmt(wrong)}万元")
    return "/narrative/0/text"


@_injector("narrative-items-sum-mismatch")
def _narrative_items_sum_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#40: one item amount 1–10 万元 higher, so Σ amount ≠ total.adjusted (and ≠ executed)."""
    _ensure_narrative(form, rng)
    items = [k for k, s in enumerate(form["narrative"]) if "amount" in s]
    assert len(items) >= 2, "a generated narrative splits the budget into 2–4 items"
    k = rng.choice(items)
    amount = _num(form["narrative"][k]["amount"])
    assert amount is not None
    form["narrative"][k]["amount"] = amount + rng.randint(1, 10)
    return "/narrative"


@_injector("narrative-value-mismatch")
def _narrative_value_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#41 (info): a figure quoted for an indicator in the text differs from its actual (S1:
    办结率95.59% in the text, 95.66% in the table). When the text quotes nothing, a quote is
    added first (for a form whose units sit in their own column, the actual is respelled with
    its unit, 96.5 → 96.5%, which changes nothing it means)."""
    _ensure_narrative(form, rng)
    quote = re.compile(r"截至年底，(.+?)实际完成([0-9.]+)")
    quoted = [k for k, s in enumerate(form["narrative"]) if quote.search(s.get("text", ""))]
    if not quoted:
        mentions = _mentionable(form) or _mentionable(form, strict=False)
        if not mentions:
            rows = form["indicators"]
            columned = [
                i for i in _named(form)
                if read_cell(rows[i].get("actual")).kind == "number"
                and read_cell(rows[i].get("unit")).kind != "blank"
                and "元" not in str(rows[i].get("unit"))
            ]  # fmt: skip
            if not columned:
                raise ValueError("this form has no indicator a narrative can quote")
            i = rng.choice(columned)
            rows[i]["actual"] = f"{_plain(rows[i]['actual'])}{_plain(rows[i]['unit'])}"
            mentions = [(i, str(rows[i]["name"]), _plain(rows[i]["actual"]))]
        _, name, actual = rng.choice(mentions)
        form["narrative"].insert(1, {"heading": "（一）项目实施情况",
                                     "text": f"截至年底，{name}实际完成{actual}。"})  # fmt: skip
        quoted = [1]
    k = rng.choice(quoted)
    text = form["narrative"][k]["text"]
    match = quote.search(text)
    assert match is not None
    value = Decimal(match[2])
    wrong = value - 1 if value > 2 else value + 1
    form["narrative"][k]["text"] = text[: match.start(2)] + _fmt(wrong) + text[match.end(2) :]
    return f"/narrative/{k}/text"


@_injector("grade-mismatch")
def _grade_mismatch(form: dict[str, Any], rng: random.Random) -> str:
    """#42: the 自评等级 in the text is not the band of total.score (90/80/60)."""
    _ensure_narrative(form, rng)
    for k, section in enumerate(form["narrative"]):
        match = _GRADE_RE.search(section.get("text", ""))
        if match:
            wrong = rng.choice([g for g in "优良中差" if g != match[2]])
            text = section["text"]
            section["text"] = text[: match.start(2)] + wrong + text[match.end(2) :]
            return f"/narrative/{k}/text"
    raise AssertionError("the narrative has no grade sentence")


@_injector("narrative-missing-sections")
def _narrative_missing_sections(form: dict[str, Any], rng: random.Random) -> str:
    """#43 (info): the report text without its 存在问题 and 改进措施 / 下一步 sections."""
    _ensure_narrative(form, rng)
    form["narrative"] = [
        s for s in form["narrative"]
        if s.get("heading") not in ("二、存在的问题", "三、下一步改进措施")
    ]  # fmt: skip
    return "/narrative"


DEFECTS: tuple[str, ...] = tuple(_INJECTORS)
"""Defect kinds ``inject`` knows, each named by the catalogue rule that must fire."""


def inject(form: dict[str, Any], defect: str, rng: random.Random) -> Injection:
    """A deep copy of ``form`` with exactly one ``defect``, and where it must be found."""
    if defect not in _INJECTORS:
        raise ValueError(f"unknown defect {defect!r}; known: {', '.join(DEFECTS)}")
    broken = copy.deepcopy(form)
    path = _INJECTORS[defect](broken, rng)
    return Injection(broken, defect, path)


# ----------------------------------------------------------------------------------- JSON


def dumps(data: Any) -> str:
    """JSON text with Decimals as exact numbers, keys in order, Chinese kept as is."""
    if isinstance(data, dict):
        inner = ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {dumps(v)}"
                          for k, v in data.items())  # fmt: skip
        return "{" + inner + "}"
    if isinstance(data, list):
        return "[" + ", ".join(dumps(v) for v in data) + "]"
    if isinstance(data, Decimal):
        return _fmt(data)
    if isinstance(data, bool) or data is None or isinstance(data, (str, int)):
        return json.dumps(data, ensure_ascii=False)
    raise TypeError(f"cannot write {type(data).__name__} as JSON")


# ------------------------------------------------------------------------------------ CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py", description="Write generated 项目支出绩效自评表 reports."
    )
    parser.add_argument("--count", type=int, default=2000, help="forms to write (default 2000)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument(
        "--defect-rate", type=_rate_arg, default=Decimal(0),
        help="fraction 0..1 of forms given one random injected defect, marked in the "
             "report's x-injected key (default 0)",
    )  # fmt: skip
    parser.add_argument("--format", choices=("jsonl", "dir"), default=None,
                        help="jsonl (one report per line) or dir (one .json per report); "
                             "default: jsonl when OUT ends in .jsonl, else dir")  # fmt: skip
    parser.add_argument("-o", "--output", required=True, help="output file or folder")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be >= 0")
    out = Path(args.output)
    fmt = args.format or ("jsonl" if out.suffix == ".jsonl" else "dir")
    defects = random.Random(f"defects-{args.seed}")
    threshold = int(args.defect_rate * 10000)
    injected = 0

    def forms() -> Iterator[dict[str, Any]]:
        nonlocal injected
        for form in generate_forms(args.count, args.seed):
            if defects.randrange(10000) < threshold:
                hit = inject(form, defects.choice(DEFECTS), defects)
                form = hit.form
                form["x-injected"] = {"rule": hit.rule, "path": hit.path}
                injected += 1
            yield form

    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="\n") as stream:
            for form in forms():
                stream.write(dumps(form) + "\n")
    else:
        out.mkdir(parents=True, exist_ok=True)
        for index, form in enumerate(forms()):
            (out / f"form-{index:05d}.json").write_text(dumps(form) + "\n", encoding="utf-8")
    print(f"wrote {args.count} reports ({injected} with a defect) to {out}", file=sys.stderr)
    return 0


def _rate_arg(text: str) -> Decimal:
    try:
        rate = Decimal(text)
    except ArithmeticError:  # decimal.InvalidOperation
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not rate.is_finite() or not 0 <= rate <= 1:
        raise argparse.ArgumentTypeError(f"must be within 0..1: {text!r}")
    return rate


if __name__ == "__main__":
    sys.exit(main())
