"""The words of the review page, in Chinese and English.

The severities come from the message catalogue (``messages.severity_word``);
everything else the page prints (column heads, block titles, the summary) is
here, one table per language, so a page never mixes languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from evallint import messages
from evallint.messages import Lang

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "zh": MappingProxyType(
            {
                "title": "绩效自评表检查结果",
                "reports": "报告",
                "findings": "问题",
                "unreadable": "无法读取",
                "overview": "总览",
                "back": "返回顶部",
                "number": "序号",
                "file": "报告文件",
                "project_column": "项目名称",
                "total_column": "合计",
                "status": "说明",
                "sort_hint": "点击列标题排序",
                "by_rule": "按规则统计",
                "by_severity": "按严重程度统计",
                "form": "整张表",
                "header": "基本信息",
                "funds": "项目资金",
                "initial": "年初预算数",
                "adjusted": "全年预算数",
                "executed": "全年执行数",
                "weight": "分值",
                "rate": "执行率",
                "score": "得分",
                "total": "年度资金总额",
                "current": "其中：当年财政拨款",
                "carryover": "上年结转资金",
                "other": "其他资金",
                "goals": "年度总体目标",
                "expected": "预期目标",
                "actual": "实际完成情况",
                "indicators": "绩效指标",
                "level1": "一级指标",
                "level2": "二级指标",
                "name": "三级指标",
                "target": "年度指标值",
                "actual_value": "实际完成值",
                "deviation": "偏差原因分析及改进措施",
                "nature": "指标性质",
                "unit": "金额单位",
                "measure": "度量单位",
                "categories": "一级指标分值",
                "sum": "总分",
                "narrative": "自评报告",
                "heading": "标题",
                "amount": "金额",
                "text": "正文",
                "report_title": "报告标题",
                "project": "项目名称",
                "department": "主管部门",
                "implementer": "实施单位",
                "year": "年度",
                "row": "第{n}行",
                "section": "第{n}段",
                "whole_row": "整行",
                "whole_part": "整块",
                "whole_form": "整张表",
                "expected_value": "应为",
                "none": "没有发现问题",
                "separator": "：",
            }
        ),
        "en": MappingProxyType(
            {
                "title": "Self-evaluation form review",
                "reports": "reports",
                "findings": "findings",
                "unreadable": "unreadable",
                "overview": "Overview",
                "back": "back to top",
                "number": "#",
                "file": "report",
                "project_column": "project",
                "total_column": "total",
                "status": "note",
                "sort_hint": "click a column head to sort",
                "by_rule": "Findings by rule",
                "by_severity": "Findings by severity",
                "form": "whole form",
                "header": "General information",
                "funds": "Project funds",
                "initial": "initial budget",
                "adjusted": "full-year budget",
                "executed": "executed",
                "weight": "weight",
                "rate": "rate",
                "score": "score",
                "total": "total",
                "current": "of which: current-year appropriation",
                "carryover": "carried over",
                "other": "other funds",
                "goals": "Annual goal",
                "expected": "expected",
                "actual": "achieved",
                "indicators": "Performance indicators",
                "level1": "level 1",
                "level2": "level 2",
                "name": "indicator",
                "target": "target",
                "actual_value": "actual",
                "deviation": "deviation and measures",
                "nature": "nature",
                "unit": "money unit",
                "measure": "unit",
                "categories": "level-1 weights",
                "sum": "total score",
                "narrative": "Report text",
                "heading": "heading",
                "amount": "amount",
                "text": "text",
                "report_title": "title",
                "project": "project",
                "department": "department",
                "implementer": "implementer",
                "year": "year",
                "row": "row {n}",
                "section": "section {n}",
                "whole_row": "whole row",
                "whole_part": "whole block",
                "whole_form": "whole form",
                "expected_value": "expected",
                "none": "no findings",
                "separator": ": ",
            }
        ),
    }
)
"""Every label of the page, by language; a key missing from a table reads as itself."""

SEVERITIES = ("error", "warning", "info")
"""The severities, most serious first: the order of every count on the page."""


class Labels:
    """The page's words in one language."""

    __slots__ = ("_table", "lang")

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self._table = LABELS.get(lang, LABELS["en"])

    def __call__(self, key: str, **fields: object) -> str:
        text = self._table.get(key, key)
        return text.format(**fields) if fields else text

    def severity(self, severity: str) -> str:
        """错误, 警告, 提示 (error, warning, info)."""
        return messages.severity_word(severity, self.lang)
