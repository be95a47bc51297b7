"""The labels 自评表 forms print, and the report keys they stand for.

Every layout family's spellings (docs/import.md lists them); they are compared
folded (:func:`evallint.office.grid.label`).
"""

from __future__ import annotations

PROJECT_LABELS = frozenset({"项目名称", "项目支出名称"})
FIELD_LABELS = {
    "项目名称": "project",
    "项目支出名称": "project",
    "主管部门": "department",
    "实施单位": "implementer",
}
FUNDS_COLUMNS = {
    "年初预算数": "initial",
    "年初预算": "initial",
    "全年预算数": "adjusted",
    "全年预算数(A)": "adjusted",
    "调整后预算数": "adjusted",
    "预算数(A)": "adjusted",
    "全年执行数": "executed",
    "全年执行数(B)": "executed",
    "预算执行数": "executed",
    "执行数(B)": "executed",
    "分值": "weight",
    "权重": "weight",
    "执行率": "rate",
    "执行率(B/A)": "rate",
    "执行率(B÷A)": "rate",
    "预算执行率": "rate",
    "得分": "score",
    "得分(20分×执行率)": "score",
    "得分(20分*执行率)": "score",
}
FUNDS_AMOUNTS = frozenset(
    k for k, v in FUNDS_COLUMNS.items() if v in ("initial", "adjusted", "executed")
)
"""The labels of a funds block's money columns: two of them make its header row."""
FUNDS_ROWS = {
    "年度资金总额": "total",
    "总额": "total",
    "财政资金": "current",
    "当年财政拨款": "current",
    "本年财政拨款": "current",
    "上年结转资金": "carryover",
    "其他资金": "other",
}
FUNDS_LABEL = "项目资金"
GOALS_LABELS = frozenset({"年度总体目标", "总体目标"})
GOALS_COLUMNS = {"预期目标": "expected", "实际完成情况": "actual"}
INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "年度指标值": "target",
    "年初目标值(A)": "target",
    "指标值": "target",
    "实际完成值": "actual",
    "实际完成值(B)": "actual",
    "全年实际值": "actual",
    "全年完成值": "actual",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "偏差原因分析及改进措施": "deviation",
    "偏差原因": "deviation",
    "未完成原因": "deviation",
    "未完成原因及拟采取的改进措施": "deviation",
    "偏差原因分析": "deviation",
    "未完成原因分析": "deviation",
    "指标性质": "nature",
    "指标值类型": "nature",
    "度量单位": "unit",
    "计量单位": "unit",
}
VALUE_LABELS = frozenset(k for k, v in INDICATOR_COLUMNS.items() if v in ("target", "actual"))
"""The labels of an indicator block's value columns: one, with 三级指标, makes its header."""
INDICATORS_LABEL = "绩效指标"
TOTAL_LABELS = frozenset({"总分", "合计", "总计"})
PLACEHOLDERS = frozenset({"……", "…", "...", "......", "…………"})
