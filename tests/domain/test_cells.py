"""Reading one typed cell: the spellings real forms use, on the target and the actual side."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from evallint.domain import cells
from evallint.domain.cells import Cell, read_cell
from tests.paths import ROOT

DOC = ROOT / "docs" / "cells.md"
FIELDS = [field.name for field in dataclasses.fields(Cell) if field.name not in ("kind", "raw")]
DEFAULTS: dict[str, Any] = {field.name: field.default for field in dataclasses.fields(Cell)}


class Typed(NamedTuple):
    """A value with its row's 指标性质 (nature) and 度量单位 (unit) columns."""

    value: object
    nature: object = None
    unit: object = None


def _places(text: str) -> int:
    return len(text.partition(".")[2])


# (input, expected fields). Fields not named keep their defaults; value/low/high are
# decimal strings, and decimals defaults to the places written in them.
CASES: list[tuple[object, dict[str, Any]]] = [
    # --- blank: not filled in, or a placeholder for "not applicable"
    (None, {"kind": "blank"}),
    ("", {"kind": "blank"}),
    (" ", {"kind": "blank"}),
    ("　", {"kind": "blank"}),
    ("\u00a0", {"kind": "blank"}),
    ("\t", {"kind": "blank"}),
    ("　　", {"kind": "blank"}),
    (" \u3000\u00a0\t", {"kind": "blank"}),
    ("/", {"kind": "blank"}),
    ("／", {"kind": "blank"}),
    ("　／　", {"kind": "blank"}),
    ("—", {"kind": "blank"}),
    ("——", {"kind": "blank"}),
    ("--", {"kind": "blank"}),
    ("-", {"kind": "blank"}),
    ("－", {"kind": "blank"}),
    ("−", {"kind": "blank"}),
    ("*", {"kind": "blank"}),
    ("**", {"kind": "blank"}),
    ("……", {"kind": "blank"}),
    ("...", {"kind": "blank"}),
    ("―", {"kind": "blank"}),
    ("–", {"kind": "blank"}),
    ("— —", {"kind": "blank"}),
    # --- numbers: bare, maybe percent; zero is a number
    ("0", {"kind": "number", "value": "0"}),
    (0, {"kind": "number", "value": "0"}),
    ("0.00", {"kind": "number", "value": "0.00"}),
    ("0.00%", {"kind": "number", "value": "0.00", "percent": True}),
    ("5", {"kind": "number", "value": "5"}),
    ("10", {"kind": "number", "value": "10"}),
    ("　10", {"kind": "number", "value": "10"}),
    ("１０", {"kind": "number", "value": "10"}),
    ("　１０　", {"kind": "number", "value": "10"}),
    ("１２．５", {"kind": "number", "value": "12.5"}),
    ("135.35", {"kind": "number", "value": "135.35"}),
    ("　135.35", {"kind": "number", "value": "135.35"}),
    ("127.38", {"kind": "number", "value": "127.38"}),
    (" 99.4 ", {"kind": "number", "value": "99.4"}),
    ("　99.4", {"kind": "number", "value": "99.4"}),
    ("9.4", {"kind": "number", "value": "9.4"}),
    (9.4, {"kind": "number", "value": "9.4"}),
    (127.38, {"kind": "number", "value": "127.38"}),
    (Decimal("9.40"), {"kind": "number", "value": "9.40"}),
    (Decimal("135.35"), {"kind": "number", "value": "135.35"}),
    (10, {"kind": "number", "value": "10"}),
    (100, {"kind": "number", "value": "100"}),
    (-5, {"kind": "number", "value": "-5"}),
    ("89.974", {"kind": "number", "value": "89.974"}),
    ("100.00", {"kind": "number", "value": "100.00"}),
    ("0.94", {"kind": "number", "value": "0.94"}),
    ("94%", {"kind": "number", "value": "94", "percent": True}),
    ("94％", {"kind": "number", "value": "94", "percent": True}),
    ("　94%", {"kind": "number", "value": "94", "percent": True}),
    ("95.66%", {"kind": "number", "value": "95.66", "percent": True}),
    ("　90.5%", {"kind": "number", "value": "90.5", "percent": True}),
    ("100.00%", {"kind": "number", "value": "100.00", "percent": True}),
    ("95 %", {"kind": "number", "value": "95", "percent": True}),
    ("1,200", {"kind": "number", "value": "1200"}),
    ("10,000", {"kind": "number", "value": "10000"}),
    ("10，000", {"kind": "number", "value": "10000"}),
    ("1,234,567.5", {"kind": "number", "value": "1234567.5"}),
    ("-5", {"kind": "number", "value": "-5"}),
    ("－5", {"kind": "number", "value": "-5"}),
    ("- 5", {"kind": "number", "value": "-5"}),
    ("+5", {"kind": "number", "value": "5"}),
    ("-5%", {"kind": "number", "value": "-5", "percent": True}),
    ("3亿", {"kind": "number", "value": "300000000", "decimals": -8}),
    ("1.5万", {"kind": "number", "value": "15000", "decimals": -3}),
    ("2千", {"kind": "number", "value": "2000", "decimals": -3}),
    ("3百万", {"kind": "number", "value": "3000000", "decimals": -6}),
    ("1千万", {"kind": "number", "value": "10000000", "decimals": -7}),
    # --- quantities: comparator symbols
    ("≥90%", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("≥ 95 %", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    ("≥95 %", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    ("≥50个", {"kind": "quantity", "value": "50", "comparator": ">=", "unit": "个"}),
    (">90%", {"kind": "quantity", "value": "90", "comparator": ">", "percent": True}),
    ("　>90%", {"kind": "quantity", "value": "90", "comparator": ">", "percent": True}),
    ("＞90%", {"kind": "quantity", "value": "90", "comparator": ">", "percent": True}),
    ("≤90万元", {"kind": "quantity", "value": "90", "comparator": "<=", "unit": "万元"}),
    ("≤10次", {"kind": "quantity", "value": "10", "comparator": "<=", "unit": "次"}),
    ("≤5%", {"kind": "quantity", "value": "5", "comparator": "<=", "percent": True}),
    ("=100%", {"kind": "quantity", "value": "100", "comparator": "=", "percent": True}),
    ("﹦100%", {"kind": "quantity", "value": "100", "comparator": "=", "percent": True}),
    ("＝100%", {"kind": "quantity", "value": "100", "comparator": "=", "percent": True}),
    ("≧95%", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    ("≦5%", {"kind": "quantity", "value": "5", "comparator": "<=", "percent": True}),
    ("⩾90%", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("⩽10%", {"kind": "quantity", "value": "10", "comparator": "<=", "percent": True}),
    (">=90%", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("=>90%", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("＞＝90％", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("<=5", {"kind": "quantity", "value": "5", "comparator": "<="}),
    ("<5%", {"kind": "quantity", "value": "5", "comparator": "<", "percent": True}),
    ("＜5%", {"kind": "quantity", "value": "5", "comparator": "<", "percent": True}),
    ("≥100百分比", {"kind": "quantity", "value": "100", "comparator": ">=", "percent": True}),
    ("≥-5%", {"kind": "quantity", "value": "-5", "comparator": ">=", "percent": True}),
    # --- quantities: comparator words before the number
    ("不低于95%", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    ("不少于50个", {"kind": "quantity", "value": "50", "comparator": ">=", "unit": "个"}),
    ("不小于10", {"kind": "quantity", "value": "10", "comparator": ">="}),
    ("至少2次", {"kind": "quantity", "value": "2", "comparator": ">=", "unit": "次"}),
    ("大于等于90%", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("大于或等于90%", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("达到100%", {"kind": "quantity", "value": "100", "comparator": ">=", "percent": True}),
    ("高于90%", {"kind": "quantity", "value": "90", "comparator": ">", "percent": True}),
    ("超过85%", {"kind": "quantity", "value": "85", "comparator": ">", "percent": True}),
    ("大于80%", {"kind": "quantity", "value": "80", "comparator": ">", "percent": True}),
    ("多于5场", {"kind": "quantity", "value": "5", "comparator": ">", "unit": "场"}),
    ("不高于5%", {"kind": "quantity", "value": "5", "comparator": "<=", "percent": True}),
    ("不超过10万元", {"kind": "quantity", "value": "10", "comparator": "<=", "unit": "万元"}),
    ("不大于3天", {"kind": "quantity", "value": "3", "comparator": "<=", "unit": "天"}),
    ("不多于2次", {"kind": "quantity", "value": "2", "comparator": "<=", "unit": "次"}),
    ("小于等于5%", {"kind": "quantity", "value": "5", "comparator": "<=", "percent": True}),
    ("小于或等于5%", {"kind": "quantity", "value": "5", "comparator": "<=", "percent": True}),
    ("低于5%", {"kind": "quantity", "value": "5", "comparator": "<", "percent": True}),
    ("少于3次", {"kind": "quantity", "value": "3", "comparator": "<", "unit": "次"}),
    ("小于1%", {"kind": "quantity", "value": "1", "comparator": "<", "percent": True}),
    ("等于100%", {"kind": "quantity", "value": "100", "comparator": "=", "percent": True}),
    # --- quantities: comparator words after the number (they include it)
    ("90%以上", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("98%以上", {"kind": "quantity", "value": "98", "comparator": ">=", "percent": True}),
    ("90%及以上", {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True}),
    ("10000册以上", {"kind": "quantity", "value": "10000", "comparator": ">=", "unit": "册"}),
    ("5%以下", {"kind": "quantity", "value": "5", "comparator": "<=", "percent": True}),
    ("30万元以内", {"kind": "quantity", "value": "30", "comparator": "<=", "unit": "万元"}),
    ("3天之内", {"kind": "quantity", "value": "3", "comparator": "<=", "unit": "天"}),
    ("24小时内", {"kind": "quantity", "value": "24", "comparator": "<=", "unit": "小时"}),
    ("3日内", {"kind": "quantity", "value": "3", "comparator": "<=", "unit": "日"}),
    ("5个工作日内", {"kind": "quantity", "value": "5", "comparator": "<=", "unit": "个工作日"}),
    ("5个工作日以内", {"kind": "quantity", "value": "5", "comparator": "<=", "unit": "个工作日"}),
    ("控制在30万元以内", {"kind": "quantity", "value": "30", "comparator": "<=", "unit": "万元"}),
    ("控制在30万元", {"kind": "quantity", "value": "30", "comparator": "<=", "unit": "万元"}),
    ("控制在95%以上", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    ("达到95%以上", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    ("不低于95%以上", {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    # --- quantities: units, multipliers, money
    ("10000册", {"kind": "quantity", "value": "10000", "unit": "册"}),
    ("11个", {"kind": "quantity", "value": "11", "unit": "个"}),
    ("　100个", {"kind": "quantity", "value": "100", "unit": "个"}),
    ("5个专场", {"kind": "quantity", "value": "5", "unit": "个专场"}),
    ("2069个", {"kind": "quantity", "value": "2069", "unit": "个"}),
    ("100 个", {"kind": "quantity", "value": "100", "unit": "个"}),
    ("1200人", {"kind": "quantity", "value": "1200", "unit": "人"}),
    ("300人次", {"kind": "quantity", "value": "300", "unit": "人次"}),
    ("3小时", {"kind": "quantity", "value": "3", "unit": "小时"}),
    ("2天", {"kind": "quantity", "value": "2", "unit": "天"}),
    ("6个月", {"kind": "quantity", "value": "6", "unit": "个月"}),
    ("1年", {"kind": "quantity", "value": "1", "unit": "年"}),
    ("6项", {"kind": "quantity", "value": "6", "unit": "项"}),
    ("9件", {"kind": "quantity", "value": "9", "unit": "件"}),
    ("20份", {"kind": "quantity", "value": "20", "unit": "份"}),
    ("8户", {"kind": "quantity", "value": "8", "unit": "户"}),
    ("3所", {"kind": "quantity", "value": "3", "unit": "所"}),
    ("5套", {"kind": "quantity", "value": "5", "unit": "套"}),
    ("2辆", {"kind": "quantity", "value": "2", "unit": "辆"}),
    ("30亩", {"kind": "quantity", "value": "30", "unit": "亩"}),
    ("100平方米", {"kind": "quantity", "value": "100", "unit": "平方米"}),
    ("100㎡", {"kind": "quantity", "value": "100", "unit": "㎡"}),
    ("100m²", {"kind": "quantity", "value": "100", "unit": "m²"}),
    ("3.5公里", {"kind": "quantity", "value": "3.5", "unit": "公里"}),
    ("10吨", {"kind": "quantity", "value": "10", "unit": "吨"}),
    ("5篇", {"kind": "quantity", "value": "5", "unit": "篇"}),
    ("12期", {"kind": "quantity", "value": "12", "unit": "期"}),
    ("40课时", {"kind": "quantity", "value": "40", "unit": "课时"}),
    ("4台", {"kind": "quantity", "value": "4", "unit": "台"}),
    ("≤500元/人", {"kind": "quantity", "value": "500", "comparator": "<=", "unit": "元/人"}),
    ("≥1次/月", {"kind": "quantity", "value": "1", "comparator": ">=", "unit": "次/月"}),
    ("1.2万册", {"kind": "quantity", "value": "12000", "unit": "册", "decimals": -3}),
    ("2.5万人次", {"kind": "quantity", "value": "25000", "unit": "人次", "decimals": -3}),
    (
        "≥1万人次",
        {"kind": "quantity", "value": "10000", "comparator": ">=", "unit": "人次", "decimals": -4},
    ),
    ("28.8万元", {"kind": "quantity", "value": "28.8", "unit": "万元"}),
    ("10万元", {"kind": "quantity", "value": "10", "unit": "万元"}),
    ("90万元", {"kind": "quantity", "value": "90", "unit": "万元"}),
    ("7.97万元", {"kind": "quantity", "value": "7.97", "unit": "万元"}),
    ("135.35 万元", {"kind": "quantity", "value": "135.35", "unit": "万元"}),
    ("1500元", {"kind": "quantity", "value": "1500", "unit": "元"}),
    ("3亿元", {"kind": "quantity", "value": "3", "unit": "亿元"}),
    ("5千元", {"kind": "quantity", "value": "5", "unit": "千元"}),
    ("2百万元", {"kind": "quantity", "value": "2", "unit": "百万元"}),
    ("10万美元", {"kind": "quantity", "value": "10", "unit": "万美元"}),
    ("5千米", {"kind": "quantity", "value": "5", "unit": "千米"}),
    ("2千克", {"kind": "quantity", "value": "2", "unit": "千克"}),
    ("100千瓦时", {"kind": "quantity", "value": "100", "unit": "千瓦时"}),
    ("3万千瓦", {"kind": "quantity", "value": "30000", "unit": "千瓦", "decimals": -4}),
    # --- quantities: approximation words
    ("1000余家", {"kind": "quantity", "value": "1000", "unit": "家", "approx": True}),
    ("约50人", {"kind": "quantity", "value": "50", "unit": "人", "approx": True}),
    ("大约50人", {"kind": "quantity", "value": "50", "unit": "人", "approx": True}),
    ("20万左右", {"kind": "quantity", "value": "200000", "approx": True, "decimals": -4}),
    ("50人左右", {"kind": "quantity", "value": "50", "unit": "人", "approx": True}),
    (
        "近20万次",
        {"kind": "quantity", "value": "200000", "unit": "次", "approx": True, "decimals": -4},
    ),
    ("逾1000家", {"kind": "quantity", "value": "1000", "unit": "家", "approx": True}),
    ("超1000家", {"kind": "quantity", "value": "1000", "unit": "家", "approx": True}),
    ("20多家", {"kind": "quantity", "value": "20", "unit": "家", "approx": True}),
    ("20多万", {"kind": "quantity", "value": "200000", "approx": True, "decimals": -4}),
    ("100余万元", {"kind": "quantity", "value": "100", "unit": "万元", "approx": True}),
    ("90%左右", {"kind": "quantity", "value": "90", "percent": True, "approx": True}),
    # --- ranges
    ("5-10个工作日", {"kind": "range", "low": "5", "high": "10", "unit": "个工作日"}),
    ("5～10", {"kind": "range", "low": "5", "high": "10"}),
    ("5~10", {"kind": "range", "low": "5", "high": "10"}),
    ("5〜10", {"kind": "range", "low": "5", "high": "10"}),
    ("5—10", {"kind": "range", "low": "5", "high": "10"}),
    ("5——10", {"kind": "range", "low": "5", "high": "10"}),
    ("5–10", {"kind": "range", "low": "5", "high": "10"}),
    ("5－10", {"kind": "range", "low": "5", "high": "10"}),
    ("5 - 10", {"kind": "range", "low": "5", "high": "10"}),
    ("5至10天", {"kind": "range", "low": "5", "high": "10", "unit": "天"}),
    ("5到10", {"kind": "range", "low": "5", "high": "10"}),
    ("90%-95%", {"kind": "range", "low": "90", "high": "95", "percent": True}),
    ("90-95%", {"kind": "range", "low": "90", "high": "95", "percent": True}),
    ("90.5%～95%", {"kind": "range", "low": "90.5", "high": "95", "percent": True}),
    ("1-12月", {"kind": "range", "low": "1", "high": "12", "unit": "月"}),
    ("10-5", {"kind": "range", "low": "10", "high": "5"}),
    ("5-10万元", {"kind": "range", "low": "5", "high": "10", "unit": "万元"}),
    ("1-2万册", {"kind": "range", "low": "10000", "high": "20000", "unit": "册", "decimals": -4}),
    ("约5-10天", {"kind": "range", "low": "5", "high": "10", "unit": "天", "approx": True}),
    ("-5~-1", {"kind": "range", "low": "-5", "high": "-1"}),
    (
        "5-10个工作日内",
        {"kind": "range", "low": "5", "high": "10", "unit": "个工作日", "comparator": "<="},
    ),
    # --- text: prose, grades, deadlines, and what is deliberately not understood
    ("完成", {"kind": "text"}),
    ("　完成", {"kind": "text"}),
    ("已完成", {"kind": "text"}),
    ("全部完成", {"kind": "text"}),
    ("按时完成", {"kind": "text"}),
    ("达成预期指标", {"kind": "text"}),
    ("达成年度指标", {"kind": "text"}),
    ("部分达成预期指标", {"kind": "text"}),
    ("部分完成", {"kind": "text"}),
    ("基本完成", {"kind": "text"}),
    ("未完成", {"kind": "text"}),
    ("合格", {"kind": "text"}),
    ("良好", {"kind": "text"}),
    ("优秀", {"kind": "text"}),
    ("一般", {"kind": "text"}),
    ("效果明显", {"kind": "text"}),
    ("效果显著", {"kind": "text"}),
    ("是", {"kind": "text"}),
    ("否", {"kind": "text"}),
    ("无", {"kind": "text"}),
    ("暂无", {"kind": "text"}),
    ("无偏差", {"kind": "text"}),
    ("N/A", {"kind": "text"}),
    ("24小时内交办，5-10个工作日办结", {"kind": "text"}),
    ("　24小时内交办，5-10个工作日办结", {"kind": "text"}),
    ("助推株洲经济发展。", {"kind": "text"}),
    ("营造了和谐、温暖、公平、安全的发展环境", {"kind": "text"}),
    ("建立专班，常态长效开展", {"kind": "text"}),
    ("建立服务企业的长效机制", {"kind": "text"}),
    ("百分之九十五", {"kind": "text"}),
    ("五个专场", {"kind": "text"}),
    ("两次", {"kind": "text"}),
    ("至少全年完成2次宣传", {"kind": "text"}),
    ("已完成100%", {"kind": "text"}),
    ("100%完成", {"kind": "text"}),
    ("合格率≥95%", {"kind": "text"}),
    ("12月底之前完成", {"kind": "text"}),
    ("2023年12月前", {"kind": "text"}),
    ("年底前", {"kind": "text"}),
    ("3个月后", {"kind": "text"}),
    ("按月安排", {"kind": "text"}),
    ("全年", {"kind": "text"}),
    ("5个。", {"kind": "text"}),
    ("5个人员全部到岗到位", {"kind": "text"}),
    ("1,2345", {"kind": "text"}),
    ("12,34", {"kind": "text"}),
    ("1 200", {"kind": "text"}),
    ("10²", {"kind": "text"}),
    ("≥90%以下", {"kind": "text"}),
    ("大于90%以上", {"kind": "text"}),
    ("5.", {"kind": "text"}),
    ("1e3", {"kind": "text"}),
    ("%", {"kind": "text"}),
    ("万", {"kind": "text"}),
    ("≥", {"kind": "text"}),
    ("5-", {"kind": "text"}),
    ("5-10-15", {"kind": "text"}),
    ("1万%", {"kind": "text"}),
    ("0x10", {"kind": "text"}),
    (True, {"kind": "text"}),
    (False, {"kind": "text"}),
    (float("nan"), {"kind": "text"}),
    (Decimal("NaN"), {"kind": "text"}),
    (Decimal("-Infinity"), {"kind": "text"}),
    ([1, 2], {"kind": "text"}),
    ({"value": 1}, {"kind": "text"}),
    # --- the row's 指标性质 / 度量单位 columns complete a bare value
    (
        Typed("95", "≥", "%"),
        {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True},
    ),
    (Typed(95, "≥", "%"), {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True}),
    (
        Typed("100", "=", "%"),
        {"kind": "quantity", "value": "100", "comparator": "=", "percent": True},
    ),
    (
        Typed("100", "﹦", "%"),
        {"kind": "quantity", "value": "100", "comparator": "=", "percent": True},
    ),
    (
        Typed("100", "＝", "％"),
        {"kind": "quantity", "value": "100", "comparator": "=", "percent": True},
    ),
    (
        Typed("90", "≤", "万元"),
        {"kind": "quantity", "value": "90", "comparator": "<=", "unit": "万元"},
    ),
    (
        Typed("95", "大于等于", "%"),
        {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True},
    ),
    (
        Typed(Decimal("95.5"), ">=", "百分比"),
        {"kind": "quantity", "value": "95.5", "comparator": ">=", "percent": True},
    ),
    (Typed("50", unit="个"), {"kind": "quantity", "value": "50", "unit": "个"}),
    (Typed("50", unit="　个　"), {"kind": "quantity", "value": "50", "unit": "个"}),
    (Typed("95", unit="%"), {"kind": "number", "value": "95", "percent": True}),
    (Typed("95", "定量"), {"kind": "number", "value": "95"}),
    (Typed("95", "定性"), {"kind": "number", "value": "95"}),
    (Typed("95", "正向", "%"), {"kind": "number", "value": "95", "percent": True}),
    (Typed("95", "　", "　"), {"kind": "number", "value": "95"}),
    (Typed("95", "/", "—"), {"kind": "number", "value": "95"}),
    (
        Typed("≥95%", "≤", "个"),
        {"kind": "quantity", "value": "95", "comparator": ">=", "percent": True},
    ),
    (Typed("10个", unit="%"), {"kind": "quantity", "value": "10", "unit": "个"}),
    (
        Typed("90%", "≥", "万元"),
        {"kind": "quantity", "value": "90", "comparator": ">=", "percent": True},
    ),
    (
        Typed("5-10", "≤", "个工作日"),
        {"kind": "range", "low": "5", "high": "10", "unit": "个工作日"},
    ),
    (Typed("完成", "定性"), {"kind": "text"}),
    (Typed("", "≥", "%"), {"kind": "blank"}),
    (Typed(None, "≥", "%"), {"kind": "blank"}),
]


def _case_id(case: tuple[object, dict[str, Any]]) -> str:
    given = case[0]
    if isinstance(given, Typed):
        return f"{given.value!r}|{given.nature!r}|{given.unit!r}"
    return repr(given)


def _expected(fields: dict[str, Any]) -> dict[str, Any]:
    """All Cell fields but raw: the defaults, overridden by the row."""
    expected = {name: DEFAULTS[name] for name in FIELDS}
    expected.update(fields)
    written = [expected[name] for name in ("value", "low", "high") if expected[name] is not None]
    for name in ("value", "low", "high"):
        if expected[name] is not None:
            expected[name] = Decimal(expected[name])
    if written and "decimals" not in fields:
        expected["decimals"] = max(_places(text) for text in written)
    return expected


@pytest.mark.parametrize(("given", "fields"), CASES, ids=[_case_id(case) for case in CASES])
def test_reads_the_spellings_of_real_forms(given: object, fields: dict[str, Any]) -> None:
    if isinstance(given, Typed):
        cell = read_cell(given.value, nature=given.nature, unit=given.unit)
    else:
        cell = read_cell(given)
    expected = _expected(fields)
    assert cell.kind == expected.pop("kind")
    assert {name: getattr(cell, name) for name in expected} == expected
    value = given.value if isinstance(given, Typed) else given
    if isinstance(value, str):
        assert cell.raw == value


def test_the_table_covers_at_least_150_spellings() -> None:
    assert len(CASES) >= 150


def test_blank_is_never_zero() -> None:
    for blank in (None, "", "　", "\u00a0", "-", "—", "/", "……"):
        cell = read_cell(blank)
        assert cell.kind == "blank"
        assert cell.value is None
        assert cell.number is None
        assert cell.decimals is None
    zero = read_cell("0")
    assert zero.kind == "number"
    assert zero.number == 0


def test_zero_in_every_spelling_is_a_number_not_blank() -> None:
    for zero in (0, "0", "0.00", "0.00%", "　0", "０", Decimal("0.00")):
        cell = read_cell(zero)
        assert cell.kind == "number", zero
        assert cell.number == 0


def test_decimals_count_the_places_as_written() -> None:
    assert read_cell("94%").decimals == 0
    assert read_cell("9.4").decimals == 1
    assert read_cell("135.35").decimals == 2
    assert read_cell("100.00").decimals == 2
    assert read_cell("89.974").decimals == 3
    assert read_cell(Decimal("9.40")).decimals == 2
    assert read_cell(10).decimals == 0


def test_decimals_after_a_multiplier_are_shifted() -> None:
    cell = read_cell("1.2万册")
    assert cell.value == 12000
    assert cell.decimals == -3  # known to 0.1万 = 1000
    assert read_cell("20万").decimals == -4


def test_range_decimals_are_the_finer_of_the_two_ends() -> None:
    assert read_cell("90.5%-95%").decimals == 1
    assert read_cell("5-7.25").decimals == 2


def test_value_keeps_the_digits_as_typed() -> None:
    value = read_cell("100.00").value
    assert value is not None
    assert value.as_tuple().exponent == -2
    assert str(value) == "100.00"


def test_number_of_a_percent_is_the_value_divided_by_100() -> None:
    assert read_cell("94%").number == Decimal("0.94")
    assert read_cell("95.66%").number == Decimal("0.9566")
    assert read_cell("≥90%").number == Decimal("0.9")
    assert read_cell("94").number == 94
    assert read_cell("5-10").number is None
    assert read_cell("完成").number is None


def test_number_of_a_percent_stays_exact_beyond_the_decimal_context() -> None:
    digits = "12345678901234567890123456789.12345"  # 34 digits: within the number policy
    cell = read_cell(digits + "%")
    assert str(cell.number) == "123456789012345678901234567.8912345"


def test_money_is_exact_not_binary_float() -> None:
    adjusted = read_cell("　135.35").number
    executed = read_cell(127.38).number
    assert adjusted is not None
    assert executed is not None
    assert adjusted - executed == Decimal("7.97")


def test_never_raises_on_odd_types() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    odd: list[object] = [
        [], {}, (), set(), b"10", 1j, float("inf"), float("-inf"), float("nan"), 1e300,
        Decimal("sNaN"), Decimal("Infinity"), 10**5000, object(), Broken(), print, Cell,
    ]  # fmt: skip
    for value in odd:
        cell = read_cell(value, nature=value, unit=value)
        assert isinstance(cell, Cell)
        assert isinstance(cell.raw, str)


def test_huge_int_is_beyond_the_number_policy_and_reads_as_text() -> None:
    cell = read_cell(10**5000)  # str(int) would raise past 4300 digits: no crash either
    assert cell.kind == "text"
    assert cell.raw == "≈1E+5000"


def test_bool_is_not_a_number() -> None:
    assert read_cell(True) == Cell("text", "true")
    assert read_cell(False) == Cell("text", "false")


def test_raw_of_a_typed_number_is_its_text() -> None:
    assert read_cell(10).raw == "10"
    assert read_cell(Decimal("9.40")).raw == "9.40"
    assert read_cell(None).raw == ""


def test_cell_is_frozen() -> None:
    cell = read_cell("10")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = Decimal(11)  # type: ignore[misc]


def test_the_value_own_comparator_and_unit_win_over_the_columns() -> None:
    cell = read_cell("≤90万元", nature="≥", unit="个")
    assert (cell.comparator, cell.unit, cell.percent) == ("<=", "万元", False)


def test_columns_do_not_turn_text_or_blank_into_numbers() -> None:
    assert read_cell("完成", nature="≥", unit="%").kind == "text"
    assert read_cell("　", nature="≥", unit="%").kind == "blank"


def test_a_cell_read_twice_is_equal() -> None:
    assert read_cell("≥95%") == read_cell("≥95%")


def _documented_spellings() -> list[str]:
    tables = [
        cells.PREFIX_COMPARATORS,
        cells.SUFFIX_COMPARATORS,
        cells.SOFT_PREFIXES,
        cells.PREFIX_APPROX,
        cells.INNER_APPROX,
        cells.SUFFIX_APPROX,
        cells.RANGE_SEPARATORS,
        cells.MULTIPLIERS,
        cells.CURRENCIES,
        cells.MONEY_UNITS,
        cells.KILO_UNITS,
        cells.PERCENT_WORDS,
        cells.DEADLINE_MARKS,
    ]
    return [word for table in tables for word in table] + list(cells.PLACEHOLDER_CHARS)


def test_every_spelling_in_the_code_tables_is_in_the_docs() -> None:
    doc = re.sub(r"```.*?```", "", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    quoted = set(re.findall(r"`([^`\n]+)`", doc))
    missing = [word for word in _documented_spellings() if word not in quoted]
    assert not missing, f"docs/cells.md does not list: {missing}"


def test_every_documented_comparator_is_in_the_code_tables() -> None:
    doc = DOC.read_text(encoding="utf-8")
    section = doc.split("## Comparators", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    known = {**cells.PREFIX_COMPARATORS, **cells.SUFFIX_COMPARATORS, **cells.SOFT_PREFIXES}
    words = [word for row in rows for word in re.findall(r"`([^`]+)`", row)]
    assert len(words) > 40
    unread = [word for word in words if unicodedata.normalize("NFKC", word) not in known]
    assert not unread, f"documented but not read: {unread}"
