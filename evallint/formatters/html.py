"""A self-contained review page: each form drawn as people know it, bad cells highlighted.

One HTML file, no network and no external assets. At the top: how many
reports, findings by severity and by rule. Then, per report: the 项目资金 rows
(年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分), the 年度总体目标, and the
绩效指标 rows (一级 / 二级 / 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因),
with every cell a finding points at highlighted by severity and the findings
listed beside it. Each cell carries its JSON Pointer (``data-pointer``) and,
when the report came from a spreadsheet, its cell reference.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from evallint import messages
from evallint import pointer as jsonpointer
from evallint.formatters.base import Formatter, Options, nothing_found
from evallint.messages import show_value
from evallint.results import Finding, ReportResult, Summary

_LABELS = {
    "zh": {
        "title": "绩效自评表检查结果",
        "reports": "报告",
        "findings": "问题",
        "unreadable": "无法读取",
        "by_rule": "按规则",
        "funds": "项目资金（万元）",
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
        "sum": "总分",
        "narrative": "自评报告",
        "none": "没有发现问题",
        "other_findings": "其他问题",
    },
    "en": {
        "title": "Self-evaluation form review",
        "reports": "reports",
        "findings": "findings",
        "unreadable": "unreadable",
        "by_rule": "by rule",
        "funds": "Project funds (万元)",
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
        "sum": "total score",
        "narrative": "Report text",
        "none": "no findings",
        "other_findings": "other findings",
    },
}

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0 16px}
td,th{border:1px solid #999;padding:4px 8px;vertical-align:top;font-size:13px}
th{background:#f0f0f0;font-weight:600}
td.finding-error{background:#fdd;outline:2px solid #c00}
td.finding-warning{background:#ffefc4;outline:2px solid #c80}
td.finding-info{background:#e3f0ff;outline:2px solid #48c}
.summary span{display:inline-block;margin-right:16px;font-size:15px}
.count-error{color:#c00}.count-warning{color:#a60}.count-info{color:#36a}
ul.findings{margin:4px 0;padding-left:18px;font-size:13px}
li.error{color:#a00}li.warning{color:#850}li.info{color:#246}
code{font-size:12px;color:#555}.cellref{color:#777;font-size:11px}
.form{display:flex;gap:24px;align-items:flex-start}.side{max-width:480px}
"""


class HtmlFormatter(Formatter):
    wants_data = True

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.sections: list[str] = []
        self.by_rule: Counter[str] = Counter()

    def _label(self, key: str) -> str:
        labels = _LABELS.get(self.options.lang, _LABELS["en"])
        return labels.get(key, key)

    def _nothing_found(self) -> str:
        message_id = nothing_found(self.options.rules)
        if message_id == "no-findings":
            return self._label("none")
        return messages.render(message_id, self.options.lang)

    def report(self, result: ReportResult) -> str:
        for finding in result.findings:
            self.by_rule[finding.rule] += 1
        self.sections.append(self._section(result))
        return ""

    def _section(self, result: ReportResult) -> str:
        title = escape(result.name)
        if result.error is not None:
            message = escape(result.error.describe(self.options.lang))
            return (
                f'<section class="report unreadable"><h2>{title}</h2><pre>{message}</pre></section>'
            )
        data = result.data or {}
        by_path: dict[str, list[Finding]] = {}
        for finding in result.findings:
            by_path.setdefault(finding.path, []).append(finding)
        drawn: set[str] = set()
        cells = _Cells(data, by_path, drawn)
        project = escape(str(data.get("project") or ""))
        parts = [f'<section class="report" data-file="{title}"><h2>{title} {project}</h2>']
        parts.append('<div class="form"><div class="main">')
        parts.append(self._funds(cells, data))
        parts.append(self._goals(cells))
        parts.append(self._indicators(cells, data))
        parts.append("</div>")
        leftover = [f for f in result.findings if f.path not in drawn]
        parts.append('<div class="side">')
        if not result.findings:
            parts.append(f"<p>{escape(self._nothing_found())}</p>")
        parts.append(_finding_list(result.findings))
        if leftover:
            parts.append(f"<p>{escape(self._label('other_findings'))}: {len(leftover)}</p>")
        parts.append("</div></div></section>")
        return "".join(parts)

    def _funds(self, cells: _Cells, data: dict[str, Any]) -> str:
        funds = data.get("funds") if isinstance(data.get("funds"), dict) else {}
        assert isinstance(funds, dict)
        head = "".join(
            f"<th>{escape(self._label(k))}</th>"
            for k in ("initial", "adjusted", "executed", "weight", "rate", "score")
        )
        rows = [f'<table class="funds"><tr><th>{escape(self._label("funds"))}</th>{head}</tr>']
        row_keys = ["total", "current", "carryover", "other"]
        row_keys += [k for k, v in funds.items() if isinstance(v, dict) and k not in row_keys]
        for key in row_keys:
            if not isinstance(funds.get(key), dict) and key != "total":
                continue
            row = [f"<th>{escape(self._label(key))}</th>"]
            for column in ("initial", "adjusted", "executed"):
                row.append(cells.td(f"/funds/{jsonpointer.escape(key)}/{column}"))
            for column in ("weight", "rate", "score"):
                row.append(cells.td(f"/funds/{column}") if key == "total" else "<td></td>")
            rows.append("<tr>" + "".join(row) + "</tr>")
        rows.append("</table>")
        return "".join(rows)

    def _goals(self, cells: _Cells) -> str:
        return (
            f'<table class="goals"><tr><th rowspan=2>{escape(self._label("goals"))}</th>'
            f"<th>{escape(self._label('expected'))}</th><th>{escape(self._label('actual'))}</th>"
            f"</tr><tr>{cells.td('/goals/expected')}{cells.td('/goals/actual')}</tr></table>"
        )

    def _indicators(self, cells: _Cells, data: dict[str, Any]) -> str:
        columns = ("level1", "level2", "name", "target", "actual", "weight", "score", "deviation")
        labels = [self._label("actual_value" if c == "actual" else c) for c in columns]
        head = "".join(f"<th>{escape(label)}</th>" for label in labels)
        rows = [f'<table class="indicators" data-pointer="/indicators"><tr>{head}</tr>']
        indicators = data.get("indicators") if isinstance(data.get("indicators"), list) else []
        assert isinstance(indicators, list)
        for index in range(len(indicators)):
            tds = "".join(cells.td(f"/indicators/{index}/{c}") for c in columns)
            rows.append(f'<tr data-pointer="/indicators/{index}">{tds}</tr>')
        total_weight = cells.td("/total/weight")
        total_score = cells.td("/total/score")
        rows.append(
            f"<tr><th colspan=5>{escape(self._label('sum'))}</th>{total_weight}{total_score}"
            "<td></td></tr></table>"
        )
        return "".join(rows)

    def end(self, summary: Summary) -> str:
        title = escape(self._label("title"))
        counts = (
            f'<span class="count-reports">{escape(self._label("reports"))}: '
            f'<b id="report-count">{summary.reports}</b></span>'
            f'<span class="count-error">error: <b id="error-count">{summary.errors}</b></span>'
            f'<span class="count-warning">warning: <b id="warning-count">{summary.warnings}</b>'
            f"</span>"
            f'<span class="count-info">info: <b id="info-count">{summary.infos}</b></span>'
            f'<span>{escape(self._label("unreadable"))}: <b id="unreadable-count">'
            f"{summary.unreadable}</b></span>"
        )
        if summary.rule_errors:
            # a run with rules left out is never shown as a clean pass
            counted = summary.to_dict()
            problems = messages.render("summary-rule-errors", self.options.lang, **counted)
            counts += (
                f'<span class="count-error" id="rule-errors">{escape(problems.lstrip("；; "))}'
                "</span>"
            )
        rules = "".join(
            f'<tr><td><code>{escape(rule)}</code></td><td class="rule-count">{count}</td></tr>'
            for rule, count in sorted(self.by_rule.items(), key=lambda item: (-item[1], item[0]))
        )
        by_rule = (
            f'<table class="by-rule"><tr><th>{escape(self._label("by_rule"))}</th><th></th></tr>'
            f"{rules}</table>"
            if rules
            else ""
        )
        lang = "zh-CN" if self.options.lang == "zh" else "en"
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{_STYLE}</style></head><body>"
            f'<h1>{title}</h1><div class="summary">{counts}</div>{by_rule}'
            + "".join(self.sections)
            + "</body></html>\n"
        )


class _Cells:
    """Draws cells of one report, highlighting those findings point at."""

    def __init__(
        self, data: dict[str, Any], by_path: dict[str, list[Finding]], drawn: set[str]
    ) -> None:
        self.data = data
        self.by_path = by_path
        self.drawn = drawn
        source = data.get("source") if isinstance(data.get("source"), dict) else {}
        assert isinstance(source, dict)
        refs = source.get("cells")
        self.refs: dict[str, Any] = refs if isinstance(refs, dict) else {}

    def td(self, path: str) -> str:
        value = jsonpointer.resolve(self.data, path, None)
        findings = self.by_path.get(path, [])
        attributes = f' data-pointer="{escape(path)}"'
        ref = self.refs.get(path)
        if isinstance(ref, str):
            attributes += f' data-cell="{escape(ref)}"'
        if value is None:
            text = ""
        elif isinstance(value, str):  # as typed, without the stray spaces around it
            text = escape(value.strip(" \t\r\n\u3000\u00a0"))
        else:
            text = escape(show_value(value, "en"))
        if ref:
            text += f' <span class="cellref">{escape(str(ref))}</span>'
        if findings:
            self.drawn.add(path)
            worst = max(findings, key=lambda f: f.severity.rank)
            titles = escape("\n".join(f"{f.rule}: {f.message}" for f in findings))
            attributes += f' class="finding-{worst.severity}" title="{titles}"'
            attributes += f' data-rules="{escape(" ".join(f.rule for f in findings))}"'
        return f"<td{attributes}>{text}</td>"


def _finding_list(findings: tuple[Finding, ...]) -> str:
    if not findings:
        return ""
    items = "".join(
        f'<li class="{f.severity}" data-pointer="{escape(f.path)}">'
        f"<b>{escape(str(f.severity))}</b> <code>{escape(f.rule)}</code> "
        f"<code>{escape(f.path or '/')}</code>"
        + (f' <span class="cellref">{escape(f.source)}</span>' if f.source else "")
        + f"<br>{escape(f.message)}</li>"
        for f in findings
    )
    return f'<ul class="findings">{items}</ul>'
