"""The catalogue of evallint's own messages, in Chinese (default) and English.

Rule messages live in the rule files; this catalogue holds what the tool itself
says: input problems, the summary, command-line errors. Messages are keyed by id
and are ``str.format`` templates with named fields, so tests assert ids and
fields, never prose. :func:`show_value` is how a value reads inside any message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_CATALOGUE: Mapping[str, Mapping[Lang, str]] = MappingProxyType(
    {
        # --- reading an input -------------------------------------------------
        "report-io": {
            "zh": "无法读取文件：{reason}",
            "en": "cannot read the file: {reason}",
        },
        "report-not-found": {
            "zh": "文件不存在",
            "en": "no such file",
        },
        "report-is-directory": {
            "zh": "这是一个文件夹，不是报告文件",
            "en": "this is a directory, not a report file",
        },
        "report-unsupported": {
            "zh": "不支持的文件类型“{suffix}”（支持 .json、.yaml、.yml、.jsonl、.xlsx、.docx）",
            "en": "unsupported file type '{suffix}' (supported: .json, .yaml, .yml, .jsonl, .xlsx, "
            ".docx)",
        },
        "office-missing": {
            "zh": "读取 {suffix} 文件需要可选组件：pip install 'evallint[office]'",
            "en": "reading {suffix} files needs the optional extra: pip install 'evallint[office]'",
        },
        "office-encrypted": {
            "zh": "文件已加密（设有打开密码）或是旧版 .xls/.doc 格式："
            "请取消密码并另存为 .xlsx/.docx",
            "en": "the file is encrypted (password-protected) or an old .xls/.doc file: remove "
            "the password and save it as .xlsx/.docx",
        },
        "office-unreadable": {
            "zh": "文件已损坏或不是有效的 Office 文件（{reason}）",
            "en": "the file is damaged or not a valid Office file ({reason})",
        },
        "import-formula-without-value": {
            "zh": "单元格 {cell} 是公式，但文件里没有保存它的计算结果"
            "（文件由不计算公式的程序生成）：请在 Excel 中打开并保存后再检查",
            "en": "cell {cell} holds a formula whose value was never saved (the file was "
            "written by a program that does not calculate formulas): open and save it in "
            "Excel, then check again",
        },
        "column-empty": {
            "zh": "“{column}”一栏在全部 {rows} 行中都是空的（本应逐行报告 {count} 处：{rules}）："
            "若本表式没有这一栏，请从报告中删去这一栏，或用 layout 写明表式；若有，请逐行填写",
            "en": "the column {column} is blank in all {rows} rows (instead of {count} findings "
            "row by row: {rules}): if this layout of the form has no such column, leave it out "
            "of the report or name the layout; if it has, fill it in row by row",
        },
        "template-slot-name": {
            "zh": "“{text}”是表格模板中的占位名称，不是填写的内容：请填写实际的{label}；"
            "不设这一指标的行，请整行填“/”",
            "en": '"{text}" is the template\'s placeholder name, not an answer: write the real '
            '{label}; a row for no indicator is marked "/" throughout',
        },
        "template-stars": {
            "zh": "“{text}”是表格模板中留待填写的格式（“**”或空的比较符处应是数值）："
            "请填写{label}的具体数值",
            "en": '"{text}" is the template\'s format with the number still to fill in (where '
            '"**" or a bare comparator stands): write the {label} with its figure',
        },
        "template-instruction": {
            "zh": "“{text}”是表格模板印好的填写说明，不是填写的内容：请按说明填写{label}",
            "en": '"{text}" is the template\'s printed instruction, not an answer: write the '
            "{label} as it asks",
        },
        "template-unit-only": {
            "zh": "此格只有模板印好的单位“{text}”：请填写{label}的数值",
            "en": 'this cell holds only the unit the template printed ("{text}"): write the '
            "{label} as a figure",
        },
        "layout-unknown": {
            "zh": "未知的表式“{layout}”{hint}；已知的表式：{known}",
            "en": "unknown layout '{layout}'{hint}; known layouts: {known}",
        },
        "office-no-form": {
            "zh": "文件中没有找到绩效自评表（没有“项目名称”或“项目支出名称”标签）",
            "en": "no self-evaluation form in the file (no 项目名称 or 项目支出名称 label)",
        },
        "report-encoding": {
            "zh": "文件不是 UTF-8 或 GB18030 编码的文本",
            "en": "the file is not UTF-8 or GB18030 text",
        },
        "report-too-large": {
            "zh": "报告过大：{size} 字节，上限 {limit} 字节（一份报告只是一张表）",
            "en": "report too large: {size} bytes, limit {limit} bytes (a report is one form)",
        },
        "report-too-deep": {
            "zh": "嵌套层数过多（超过 {limit} 层），这不是一份报告",
            "en": "nested more than {limit} levels deep; this is not a report",
        },
        "report-json": {
            "zh": "不是有效的 JSON：{problem}",
            "en": "not valid JSON: {problem}",
        },
        "report-yaml": {
            "zh": "不是有效的 YAML：{problem}",
            "en": "not valid YAML: {problem}",
        },
        "report-duplicate-key": {
            "zh": "键“{key}”重复出现（第一次在第 {first_line} 行）；"
            "重复的键会悄悄覆盖前值，请删去其一",
            "en": "duplicate key '{key}' (first at line {first_line}); "
            "a repeated key silently overwrites the first, keep only one",
        },
        "report-not-object": {
            "zh": "报告必须是一个 JSON 对象（{{...}}），实际是{kind}",
            "en": "a report must be a JSON object ({{...}}), got {kind}",
        },
        "report-jsonl-single": {
            "zh": "{file} 含有 {count} 份报告；请用 load_reports() 逐份读取",
            "en": "{file} holds {count} reports; read them with load_reports()",
        },
        "internal-error": {
            "zh": "evallint 内部错误（请报告此问题）：{detail}",
            "en": "internal error in evallint (please report it): {detail}",
        },
        "input-no-match": {
            "zh": "没有与此模式匹配的报告文件",
            "en": "no report file matches this pattern",
        },
        "input-empty-directory": {
            "zh": "此文件夹中没有报告文件（.json、.yaml、.yml、.jsonl）",
            "en": "no report file (.json, .yaml, .yml, .jsonl) in this directory",
        },
        "report-empty": {
            "zh": "文件是空的",
            "en": "the file is empty",
        },
        # --- JSON syntax problems (the stdlib's messages, in the user's words) --
        "json:Expecting value": {"zh": "此处应为一个值", "en": "expected a value here"},
        "json:Expecting property name enclosed in double quotes": {
            "zh": "此处应为用双引号括起来的键名（多余的逗号？）",
            "en": "expected a key in double quotes (a trailing comma?)",
        },
        "json:Expecting ':' delimiter": {
            "zh": "键名后应为冒号 :",
            "en": "expected ':' after the key",
        },
        "json:Expecting ',' delimiter": {
            "zh": "此处应为逗号 ,（漏了逗号？）",
            "en": "expected ',' (a missing comma?)",
        },
        "json:Unterminated string starting at": {
            "zh": "字符串没有结束引号",
            "en": "a string has no closing quote",
        },
        "json:Invalid control character at": {
            "zh": "字符串中有未转义的控制字符（如换行）",
            "en": "a string contains an unescaped control character (such as a line break)",
        },
        "json:Invalid \\escape": {"zh": "无效的转义符 \\", "en": "invalid escape with \\"},
        "json:Extra data": {
            "zh": "JSON 值结束后还有多余内容（多个报告请用 .jsonl，每行一份）",
            "en": "extra data after the JSON value (for several reports use .jsonl, one per line)",
        },
        "json:not-a-number": {
            "zh": "{token} 不是 JSON 数字",
            "en": "{token} is not a JSON number",
        },
        # --- YAML syntax problems, as a person would say them --------------------
        "yaml:tab": {
            "zh": "这一行用制表符（Tab）缩进：YAML 只能用空格缩进",
            "en": "this line is indented with a tab: YAML indents with spaces only",
        },
        "yaml:unclosed-quote": {
            "zh": "从这里开始的引号没有配对的结束引号",
            "en": "the quote opened here is never closed",
        },
        "yaml:unclosed-bracket": {
            "zh": "从这里开始的 {bracket} 没有闭合（漏了逗号或右括号？）",
            "en": "the {bracket} opened here is not closed (a missing comma or closing bracket?)",
        },
        "yaml:reserved-start": {
            "zh": "值不能以 {char} 开头：请给整个值加上引号（如 '@.score > 0'）",
            "en": "a value cannot start with {char}: put the whole value in quotes "
            "(like '@.score > 0')",
        },
        "yaml:colon-in-value": {
            "zh": "值中有“: ”（冒号加空格），YAML 会把它当成新的键：请给整个值加上引号",
            "en": "': ' inside a value reads as a new key: put the whole value in quotes",
        },
        "yaml:key-out-of-line": {
            "zh": "这一行的键与第 {line} 行的键没有对齐：同一层的键必须从同一列开始",
            "en": "the key of this line does not line up with the key on line {line}: "
            "keys of one mapping start in the same column",
        },
        "yaml:indent": {
            "zh": "这一行缩进了 {spaces} 个空格，与上面各行都对不齐：同一层的键、同一列表的“-”"
            "必须从同一列开始",
            "en": "this line is indented by {spaces} spaces and lines up with none above it: "
            "keys of one mapping, and the '-' of one list, start in the same column",
        },
        "yaml:other": {"zh": "{problem}", "en": "{problem}"},
        # --- the command line -------------------------------------------------
        "summary": {
            "zh": "检查了 {inputs} 个输入：读取 {reports} 份报告，{with_findings} 份有问题，"
            "{unreadable} 个无法读取；共 {errors} 个错误、{warnings} 个警告、{infos} 个提示，"
            "豁免 {waived} 个",
            "en": "checked {inputs} inputs: {reports} reports read, {with_findings} with findings, "
            "{unreadable} unreadable; {errors} errors, {warnings} warnings, {infos} infos, "
            "{waived} waived",
        },
        "summary-rule-errors": {
            "zh": "；规则文件有 {rule_errors} 处错误，出错的规则未运行（详见上方）",
            "en": "; {rule_errors} problems in rule files left rules out (see above)",
        },
        "no-findings": {"zh": "没有发现问题", "en": "no findings"},
    }
)


def render(message_id: str, lang: Lang = "zh", /, **fields: object) -> str:
    """The message ``message_id`` in ``lang`` with ``fields`` filled in."""
    templates = _CATALOGUE[message_id]
    return templates.get(lang, templates["zh"]).format(**fields)


def summary_line(counts: Mapping[str, int], lang: Lang) -> str:
    """The closing line of a run: every input accounted for, and rules left out, if any."""
    line = render("summary", lang, **counts)
    if counts.get("rule_errors"):
        line += render("summary-rule-errors", lang, **counts)
    return line


def has(message_id: str) -> bool:
    """Whether the catalogue holds ``message_id``."""
    return message_id in _CATALOGUE


_BLANK_TEXT: Mapping[str, str] = MappingProxyType({"zh": "（空）", "en": "(blank)"})


def show_value(value: Any, lang: str) -> str:
    """A value as a message shows it: cells as typed (trimmed), numbers as written.

    ``None`` (a blank cell, or a value that could not be known) reads as
    "(blank)"; a computed ratio is shown to four decimals.
    """
    if value is None:
        return _BLANK_TEXT.get(lang, _BLANK_TEXT["en"])
    if isinstance(value, bool):
        if lang == "zh":
            return "是" if value else "否"
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, str):
        text = value.strip(" \t\r\n\u3000\u00a0")
        return text if text else _BLANK_TEXT.get(lang, _BLANK_TEXT["en"])
    if isinstance(value, list):
        separator = "、" if lang == "zh" else ", "
        return separator.join(show_value(v, lang) for v in value[:20])
    return "{…}"


def decimal_text(value: Decimal) -> str:
    """A number as written, not in E notation; a long computed fraction cut to four decimals."""
    text = format(value, "f")
    if "." in text and len(text.split(".")[1]) > 6:
        # a computed ratio: show a sensible number of digits, rounded half up (unless it
        # has more digits than the context holds: then as it is)
        with contextlib.suppress(InvalidOperation):
            text = format(value.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize(), "f")
    return text
