"""The catalogue of evallint's own messages, in Chinese (default) and English.

(Over 500 lines: the catalogue itself, each message in both languages side by side, so a
translator or a reviewer reads one message whole.)

Rule messages live in the rule files; this catalogue holds what the tool itself
says: input problems, the summary, command-line errors. Messages are keyed by id
and are ``str.format`` templates with named fields, so tests assert ids and
fields, never prose. :func:`show_value` is how a value reads inside any message.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from types import MappingProxyType
from typing import Any, Literal

from evallint.limits import MAX_NUMBER_EXPONENT

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
        "report-old-office": {
            "zh": "“{suffix}”是旧版 {program} 格式，evallint 不能直接读取：请在 {program} 或 WPS 中"
            "打开后“另存为” {new} 文件，再检查那个文件",
            "en": "'{suffix}' is the old {program} format, which evallint does not read: open it "
            "in {program} or WPS and use Save As to save it as {new}, then check that file",
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
        # --- office files past a limit (evallint/limits.py; docs/security.md) --------
        "office-too-large": {
            "zh": "Office 文件过大：{size} 字节，上限 {limit} 字节（一份自评表只有一两页）；"
            "请删去无关的工作表或图片后另存",
            "en": "Office file too large: {size} bytes, limit {limit} bytes (a form is a page "
            "or two): remove unrelated sheets or pictures and save it again",
        },
        "office-inflated-too-large": {
            "zh": "Office 文件解压后超过 {limit} 字节（压缩炸弹，或内容远多于一份自评表），未读取",
            "en": "the Office file inflates to more than {limit} bytes (a zip bomb, or far more "
            "than a form holds), so it was not read",
        },
        "office-too-many-parts": {
            "zh": "Office 文件包含 {count} 个部件，上限 {limit} 个：这不是一份普通的自评表",
            "en": "the Office file holds {count} parts, limit {limit}: this is not an ordinary "
            "form",
        },
        "office-part-missing": {
            "zh": "Office 文件缺少部件 {part}（文件不完整或已损坏）：请在 Excel/Word 中打开并另存",
            "en": "the Office file has no part {part} (it is incomplete or damaged): open it in "
            "Excel or Word and save it again",
        },
        "office-xml-doctype": {
            "zh": "Office 文件的部件 {part} 含有 DOCTYPE 或 ENTITY 声明（Office 从不写入，"
            "可用于攻击），未读取",
            "en": "the part {part} of the Office file declares a DOCTYPE or an ENTITY (Office "
            "never writes one, an attack may), so the file was not read",
        },
        "office-xml-too-large": {
            "zh": "Office 文件的 XML 标记超过 {limit} 个（内容远多于一份自评表），未读取",
            "en": "the Office file holds more than {limit} XML tags (far more than a form), so "
            "it was not read",
        },
        "office-too-many-rows": {
            "zh": "{where} 在第 {limit} 行以下还有内容（{cell}）：只读取前 {limit} 行；"
            "请把自评表以外的内容移到另一个文件",
            "en": "{where} has content below row {limit} ({cell}): only the first {limit} rows "
            "are read; move what is not the form to another file",
        },
        "office-too-many-columns": {
            "zh": "{where} 在第 {limit} 列以右还有内容（{cell}）：只读取前 {limit} 列；"
            "请把自评表以外的内容移到另一个文件",
            "en": "{where} has content right of column {limit} ({cell}): only the first {limit} "
            "columns are read; move what is not the form to another file",
        },
        "office-too-many-cells": {
            "zh": "{where} 处的单元格超过 {limit} 个（合并区域按其覆盖的单元格计）："
            "这不是一份普通的自评表",
            "en": "more than {limit} cells at {where} (a merged area counts every cell it "
            "covers): this is not an ordinary form",
        },
        "office-too-many-paragraphs": {
            "zh": "文档正文超过 {limit} 段：这不是一份普通的自评报告；请把附录等内容移到另一个文件",
            "en": "the document body has more than {limit} paragraphs: this is not an ordinary "
            "report; move appendices to another file",
        },
        "office-cell-too-long": {
            "zh": "{cell} 有 {chars} 个字符，上限 {limit} 个：请缩短这一格（或这一段）的内容",
            "en": "{cell} holds {chars} characters, limit {limit}: shorten this cell (or "
            "paragraph)",
        },
        "office-sheet-name-too-long": {
            "zh": "工作表名称“{name}”超过 {limit} 个字符（Excel 的上限）：请改短后另存",
            "en": "the sheet name '{name}' is longer than {limit} characters (Excel's own "
            "limit): shorten it and save again",
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
        # --- numbers and text beyond what evallint reads (issue 16) -----------------
        "report-too-many-values": {
            "zh": "报告中的值过多（超过 {limit} 个），这不是一份报告",
            "en": "more than {limit} values in one report; this is not a report",
        },
        "number-out-of-range": {
            "zh": "数字 {number} 超出 evallint 计算的范围（有效数字不超过 {digits} 位，"
            "数量级在 1e-{exponent} 到 1e{exponent} 之间，且是有限的数）：请写一个普通大小的数",
            "en": "the number {number} is beyond what evallint computes with (at most {digits} "
            "significant digits, a magnitude between 1e-{exponent} and 1e{exponent}, finite): "
            "write an ordinary number",
        },
        "cell-number-out-of-range": {
            "zh": "{where}填写的数字 {number} 超出 evallint 计算的范围"
            "（有效数字不超过 {digits} 位，数量级在 1e-{exponent} 到 1e{exponent} 之间），"
            "此格按无法读取处理、不参与检查：请填写表上实际的数值",
            "en": "{where}: the number {number} is beyond what evallint computes with (at most "
            "{digits} significant digits, a magnitude between 1e-{exponent} and 1e{exponent}), "
            "so the cell is read as unreadable and left out of the checks: write the figure "
            "the form shows",
        },
        "yaml:tag-value": {
            "zh": "“{value}”不是标签 {tag} 所要求的值：请删去标签 {tag}，或改正这个值",
            "en": "'{value}' is not a value the tag {tag} allows: remove the tag or correct "
            "the value",
        },
        "yaml:special-char": {
            "zh": "这里有 YAML 不允许出现的字符 {char}（控制字符或不成对的 UTF-16 代理码）："
            "请删去它",
            "en": "a character YAML does not allow is here: {char} (a control character or a lone "
            "UTF-16 surrogate): remove it",
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
        # --- inputs a batch accounts for without reading them, and budgets (issue 16) --
        "input-unreadable-directory": {
            "zh": "无法读取此文件夹（{reason}），其中的报告没有检查：请检查文件夹的权限",
            "en": "cannot read this directory ({reason}), so the reports in it were not "
            "checked: check its permissions",
        },
        "input-broken-link": {
            "zh": "这是一个符号链接，但它指向的文件不存在：请修正或删除这个链接",
            "en": "this is a symbolic link to a file that does not exist: fix or remove the link",
        },
        "input-link-loop": {
            "zh": "符号链接形成了循环（链接最终指向自己），没有可读取的文件：请修正这个链接",
            "en": "symbolic links in a loop (the link ends up pointing to itself), so there is "
            "no file to read: fix the link",
        },
        "input-special-file": {
            "zh": "这是{kind}，不是普通文件：evallint 不打开它（读取它可能永远等待下去）；"
            "请给出报告文件",
            "en": "this is {kind}, not a regular file: evallint does not open it (reading it "
            "could wait forever); name a report file instead",
        },
        "input-kind-fifo": {"zh": "一个命名管道（FIFO）", "en": "a named pipe (FIFO)"},
        "input-kind-socket": {"zh": "一个套接字（socket）", "en": "a socket"},
        "input-kind-device": {"zh": "一个设备文件", "en": "a device"},
        "input-too-slow": {
            "zh": "检查此输入超过了 {seconds} 秒的时限，已停止（其余输入照常检查）："
            "请确认它是一份正常大小的自评表，若是，请报告此问题",
            "en": "checking this input took longer than its budget of {seconds} s and was "
            "stopped (the other inputs were checked): make sure it is an ordinary form, and "
            "if it is, please report it",
        },
        "input-too-large-in-memory": {
            "zh": "检查此输入所需的内存超过了 {limit} MB 的上限，已停止（其余输入照常检查）："
            "请确认它是一份正常大小的自评表，若是，请报告此问题",
            "en": "checking this input needed more than its budget of {limit} MB of memory and "
            "was stopped (the other inputs were checked): make sure it is an ordinary form, "
            "and if it is, please report it",
        },
        "input-no-report": {
            "zh": "此输入中没有任何报告",
            "en": "there is no report in this input",
        },
        "input-crashed": {
            "zh": "检查此输入的工作进程意外终止（{detail}），此输入未能检查（其余输入照常检查）："
            "可能是系统内存不足，否则是 evallint 的缺陷，请报告此问题并附上此输入",
            "en": "the worker process checking this input ended unexpectedly ({detail}), so it "
            "was not checked (the other inputs were): the system may be out of memory; if "
            "not, this is a bug in evallint, please report it with this input",
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
        # --- rule files and the rule language (what a rule file may reach and do) ----
        "rule-file-folder": {
            "zh": "“{reference}”是一个文件夹：extends 只能写内置规则包的名称或一个规则文件"
            "（.yaml/.yml）；要用一个文件夹里的规则，"
            "请在命令行用 --rules 或在配置文件的 extends 中写它",
            "en": '"{reference}" is a folder: extends names a built-in pack or a rule file '
            "(.yaml/.yml); to use the rules of a folder, name it with --rules or in the "
            "configuration's extends",
        },
        "rule-file-special": {
            "zh": "“{reference}”不是普通文件（而是设备、管道或套接字），未读取："
            "请写规则文件（.yaml/.yml）的路径",
            "en": '"{reference}" is not a regular file (a device, a pipe or a socket) and was not '
            "read: name a rule file (.yaml/.yml)",
        },
        "rule-file-suffix": {
            "zh": "“{reference}”不是规则文件，未读取：规则文件的扩展名须是 {suffixes}",
            "en": '"{reference}" is not a rule file and was not read: a rule file ends in '
            "{suffixes}",
        },
        "rule-file-too-large": {
            "zh": "“{reference}”有 {size} 字节，超过规则文件的上限 {limit} 字节，未读取："
            "请把规则分到几个文件中，用 extends 相互引用",
            "en": '"{reference}" has {size} bytes, more than the {limit} a rule file may have, '
            "and was not read: split the rules into several files that extend one another",
        },
        "rule-folder-too-large": {
            "zh": "文件夹“{reference}”中的文件和文件夹超过 {limit} 个，不是规则包，未读取："
            "请指向只存放规则文件的文件夹",
            "en": 'the folder "{reference}" holds more than {limit} files and folders: it is no '
            "rule pack and was not read; name a folder that holds rule files",
        },
        "not-a-rule-file": {
            "zh": "“{reference}”不是规则文件：其顶层不是含 rules、extends、defs 等键的映射"
            "（为免泄露，不显示其内容）",
            "en": '"{reference}" is not a rule file: its top level is no mapping with rules, '
            "extends, defs or another key of a rule file (its content is not shown)",
        },
        # --- severities, as every output names them ---------------------------------
        "severity-error": {"zh": "错误", "en": "error"},
        "severity-warning": {"zh": "警告", "en": "warning"},
        "severity-info": {"zh": "提示", "en": "info"},
        "rule-errors-more": {
            "zh": "（另有 {more} 处同样的错误）",
            "en": " (and {more} more like it)",
        },
        # --- the command line -------------------------------------------------
        "summary": {
            "zh": "检查了 {inputs} 个输入：读取 {reports} 份报告，{with_findings} 份有问题，"
            "{unreadable} 个无法读取；共 {errors} 个错误、{warnings} 个警告、{infos} 个提示，"
            "豁免 {waived} 个",
            "en": "checked {inputs} {inputs_noun}: {reports} {reports_noun} read, {with_findings} "
            "with findings, {unreadable} unreadable; {errors} {errors_noun}, {warnings} "
            "{warnings_noun}, {infos} {infos_noun}, {waived} waived",
        },
        "summary-rule-errors": {
            "zh": "；规则文件有 {rule_errors} 处错误，出错的规则未运行（详见上方）",
            "en": "; {rule_errors} {rule_errors_noun} in rule files left rules out (see above)",
        },
        "no-findings": {"zh": "没有发现问题", "en": "no findings"},
        "no-findings-incomplete": {
            "zh": "已运行的规则没有发现问题，但部分规则未能加载（见上方错误），检查不完整",
            "en": "no findings from the rules that ran, but some rules could not be loaded "
            "(see the errors above): the check is incomplete",
        },
        "rules-not-loaded": {
            "zh": "规则未能加载（见上方错误），报告没有经过规则检查",
            "en": "the rules could not be loaded (see the errors above): the reports were not "
            "checked against them",
        },
        "output-error": {
            "zh": "无法写入 {target}：{reason}",
            "en": "cannot write {target}: {reason}",
        },
        "output-stdout": {"zh": "标准输出", "en": "standard output"},
        "baseline-unreadable": {
            "zh": "无法读取基线文件 {file}：{reason}",
            "en": "cannot read the baseline {file}: {reason}",
        },
        "baseline-too-large": {
            "zh": "文件超过 {limit} MB 的上限",
            "en": "the file is larger than the limit of {limit} MB",
        },
        "baseline-too-deep": {
            "zh": "嵌套层数过多（基线文件只有四层）",
            "en": "nested far too deep (a baseline is four levels deep)",
        },
        "baseline-invalid": {
            "zh": "{file} 不是 evallint 的基线文件（{problem}）：请用 --write-baseline 重新生成",
            "en": "{file} is not an evallint baseline ({problem}): write it again with "
            "--write-baseline",
        },
        "baseline-version": {
            "zh": '应是一个带有 "version": {version} 的 JSON 对象',
            "en": 'expected a JSON object with "version": {version}',
        },
        "baseline-findings": {
            "zh": '"findings" 应是 报告 → 规则 → 指针 → 次数 的映射，{where} 处不是',
            "en": '"findings" must map report → rule → pointer → count, and does not at {where}',
        },
        "cli-internal-error": {
            "zh": "evallint 内部错误{where}：{detail}。这是 evallint 的缺陷，不是输入的问题："
            "请报告此问题，并附上设置环境变量 EVALLINT_DEBUG=1 重新运行时显示的错误追踪信息",
            "en": "internal error in evallint{where}: {detail}. This is a bug in evallint, not a "
            "problem of the input: please report it with the traceback shown when you run the "
            "command again with the environment variable EVALLINT_DEBUG=1",
        },
        "cli-internal-where": {"zh": "（处理 {input} 时）", "en": " (while handling {input})"},
    }
)


def render(message_id: str, lang: Lang = "zh", /, **fields: object) -> str:
    """The message ``message_id`` in ``lang`` with ``fields`` filled in."""
    templates = _CATALOGUE[message_id]
    return templates.get(lang, templates["zh"]).format(**fields)


def summary_line(counts: Mapping[str, int], lang: Lang) -> str:
    """The closing line of a run: every input accounted for, and rules left out, if any."""
    nouns = {f"{key}_noun": _counted(key, count) for key, count in counts.items()}
    line = render("summary", lang, **counts, **nouns)
    if counts.get("rule_errors"):
        line += render("summary-rule-errors", lang, **counts, **nouns)
    return line


_NOUNS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "inputs": ("input", "inputs"),
        "reports": ("report", "reports"),
        "errors": ("error", "errors"),
        "warnings": ("warning", "warnings"),
        "infos": ("info finding", "info findings"),
        "rule_errors": ("problem", "problems"),
    }
)
"""The English nouns a count is written with: one, and more (or none)."""


def _counted(key: str, count: int) -> str:
    one, more = _NOUNS.get(key, ("", ""))
    return one if count == 1 else more


def severity_word(severity: str, lang: Lang) -> str:
    """The name of a severity (``error``, ``warning``, ``info``) in ``lang``: 错误, 警告, 提示."""
    return render(f"severity-{severity}", lang)


def has(message_id: str) -> bool:
    """Whether the catalogue holds ``message_id``."""
    return message_id in _CATALOGUE


_BLANK_TEXT: Mapping[str, str] = MappingProxyType({"zh": "（空）", "en": "(blank)"})


def show_value(value: Any, lang: str) -> str:
    """A value as a message shows it: cells as typed (trimmed), numbers as a person writes
    them (:func:`plain_number`: ``85``, not ``85.00``; a long fraction to four decimals).

    ``None`` (a blank cell, or a value that could not be known) reads as "(blank)".
    """
    if value is None:
        return _BLANK_TEXT.get(lang, _BLANK_TEXT["en"])
    if isinstance(value, bool):
        if lang == "zh":
            return "是" if value else "否"
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_number(value)  # computed or a JSON number: 85, not 85.00
    if isinstance(value, str):
        text = value.strip(" \t\r\n\u3000\u00a0")
        return text if text else _BLANK_TEXT.get(lang, _BLANK_TEXT["en"])
    if isinstance(value, list):
        separator = "、" if lang == "zh" else ", "
        return separator.join(show_value(v, lang) for v in value[:20])
    return "{…}"


# A huge number keeps fifteen significant digits; a fraction is rounded in a context wide
# enough for every digit a number within MAX_NUMBER_EXPONENT has before the point.
_SHOWN = Context(prec=15, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
_SHOWN_FRACTION = Context(
    prec=MAX_NUMBER_EXPONENT + 10, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[]
)


def decimal_text(value: Decimal) -> str:
    """A number as written, not in E notation; a long computed fraction cut to four decimals.

    Bounded whatever the number: one beyond ``10**MAX_NUMBER_EXPONENT`` (no cell holds
    one, but a rule may compute one) is written in E notation with at most fifteen
    significant digits, and a tiny one is a fraction cut to four decimals like any
    other, so no number is ever printed digit by digit. NaN and infinity, and an
    unreadable number (its text as written), read as ``str()`` gives them.
    """
    if not value.is_finite():
        return str(value)
    if value.adjusted() > MAX_NUMBER_EXPONENT:
        return str(_SHOWN.plus(value).normalize(_SHOWN))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        # a computed ratio: show a sensible number of digits, rounded half up
        value = _SHOWN_FRACTION.quantize(value, Decimal("0.0001")).normalize(_SHOWN_FRACTION)
    # at most MAX_NUMBER_EXPONENT digits before the point and six after it
    return format(value, "f")


# --- how a rule's message shows a number it computed ------------------------------------------

FORMATS = ("number", "percent", "money")
"""The formats a message placeholder may name after a colon: ``{budget - spent:money}``."""

_CENT = Decimal("0.01")


def plain_number(value: Decimal) -> str:
    """A computed number as a person writes it: no trailing zeros (``85.00`` → ``85``,
    ``9.780`` → ``9.78``), never in E notation; a long fraction cut as :func:`decimal_text`
    cuts it."""
    if not value.is_finite() or value.adjusted() > MAX_NUMBER_EXPONENT:
        return decimal_text(value)
    text = decimal_text(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def formatted(value: Any, form: str, unit: str = "万元") -> str | None:
    """``value`` in a placeholder's format (:data:`FORMATS`), or ``None`` when it is no number
    (a cell's text is shown as typed, whatever the format).

    ``number``: at most two decimals, rounded half up (``9.7812`` → ``9.78``); ``percent``:
    a fraction in percent points, at most two decimals (``0.85`` → ``85%``, ``0.94115`` →
    ``94.12%``); ``money``: two decimals unless whole, and the form's money ``unit``
    (``7.97万元``, ``100万元``, ``127.40万元``).
    """
    if not isinstance(value, Decimal) or isinstance(value, bool) or not value.is_finite():
        return None
    if value.adjusted() > MAX_NUMBER_EXPONENT:
        return decimal_text(value)
    if form == "percent":
        return plain_number(_SHOWN_FRACTION.quantize(value * 100, _CENT)) + "%"
    rounded = _SHOWN_FRACTION.quantize(value, _CENT)
    if form == "money":
        whole = rounded == rounded.to_integral_value()
        return (plain_number(rounded) if whole else decimal_text(rounded)) + unit
    return plain_number(rounded)
