"""Build the .xlsx/.docx fixtures of the import tests from report JSON (committed, so reproducible).

    python tests/office/build_fixtures.py      # rewrites tests/office/fixtures/

Each fixture is a form laid out as real ones are (the seed document's layout:
merged label columns, labels broken across lines, 产出指标(50分)), in one of
several messy variants. ``CASES`` says, for each file, which reports it holds;
the tests import each file and expect those reports back.
"""

from __future__ import annotations

import copy
import io
import json
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.paths import ROOT

SEED = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

FUNDS_ROWS = [
    ("total", "年度资金总额"),
    ("current", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
]
# How labels are printed: plain, or broken across lines as Word wraps them in narrow cells.
PLAIN = {
    "project": "项目名称",
    "initial": "年初预算数",
    "adjusted": "全年预算数",
    "executed": "全年执行数",
    "target": "年度指标值",
    "actual": "实际完成值",
    "funds": "项目资金（万元）",
    "indicators": "绩效指标",
}
BROKEN = {
    "project": "项目支\n出名称",
    "initial": "年初\n预算数",
    "adjusted": "全年\n预算数",
    "executed": "全年\n执行数",
    "target": "年度\n指标值",
    "actual": "实际\n完成值",
    "funds": "项目资金\n（万元）",
    "indicators": "绩\n效\n指\n标",
}


def seed() -> dict[str, Any]:
    with SEED.open(encoding="utf-8") as stream:
        data: dict[str, Any] = json.load(stream, parse_float=Decimal, parse_int=Decimal)
    return data


def form_fields(report: dict[str, Any], *, narrative: bool) -> dict[str, Any]:
    """The part of a report a form holds (what an import gives back)."""
    keep = [
        "format",
        "title",
        "year",
        "project",
        "department",
        "implementer",
        "unit",
        "funds",
        "goals",
        "categories",
        "indicators",
        "total",
    ]
    if narrative:
        keep.append("narrative")
    return {key: copy.deepcopy(report[key]) for key in keep if key in report}


# --- the table, as rows of (text, colspan, rowspan) ------------------------------------------


class Table:
    """A grid being filled: put() a value with its span; merged areas are recorded."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[list[Any]] = []
        self.merges: list[tuple[int, int, int, int]] = []  # row, col, rows, cols
        self.formats: dict[tuple[int, int], str] = {}
        self.formulas: dict[tuple[int, int], str] = {}

    def new_row(self) -> int:
        self.rows.append([None] * self.width)
        return len(self.rows) - 1

    def put(self, row: int, col: int, value: Any, cols: int = 1, rows: int = 1) -> None:
        while len(self.rows) <= row:
            self.new_row()
        self.rows[row][col] = value
        if cols > 1 or rows > 1:
            self.merges.append((row, col, rows, cols))


def layout(
    report: dict[str, Any],
    *,
    labels: dict[str, str],
    merged: bool = True,
    spacers: bool = False,
    title: bool = True,
) -> Table:
    """The seed document's table for ``report`` (9 columns, 11 with 指标性质/度量单位)."""
    rows = report["indicators"]
    extra = any("nature" in row or "unit" in row for row in rows)
    width = 11 if extra else 9
    t = Table(width)
    if title:
        r = t.new_row()
        t.put(
            r, 0, report.get("title", f"{report.get('year', '')}年度项目支出绩效自评表"), cols=width
        )
    if spacers:
        t.new_row()
    r = t.new_row()
    t.put(r, 0, labels["project"])
    t.put(r, 1, report["project"], cols=width - 1)
    r = t.new_row()
    t.put(r, 0, "主管部门")
    t.put(r, 1, report["department"], cols=3)
    t.put(r, 4, "实施单位")
    t.put(r, 5, report["implementer"], cols=width - 5)
    funds = report["funds"]
    sources = (
        FUNDS_ROWS[:1]
        + FUNDS_ROWS[1:]
        + [
            (key, key)
            for key in funds
            if isinstance(funds[key], dict) and key not in dict(FUNDS_ROWS)
        ]
    )
    if spacers:
        t.new_row()
    header = t.new_row()
    t.put(header, 0, labels["funds"], rows=len(sources) + 1 if merged else 1)
    for offset, key in enumerate(["initial", "adjusted", "executed"]):
        t.put(header, 2 + offset, labels[key])
    t.put(header, 5, "分值")
    t.put(header, 6, "执行率")
    t.put(header, 7, "得分")
    for key, text in sources:
        r = t.new_row()
        t.put(r, 1, text)
        for offset, column in enumerate(["initial", "adjusted", "executed"]):
            t.put(r, 2 + offset, funds[key][column])
        if key == "total":
            for offset, column in enumerate(["weight", "rate", "score"]):
                t.put(r, 5 + offset, funds[column])
    if "goals" in report:
        r = t.new_row()
        t.put(r, 0, "年度总体目标", rows=2 if merged else 1)
        t.put(r, 1, "预期目标", cols=4)
        t.put(r, 5, "实际完成情况", cols=width - 5)
        r = t.new_row()
        t.put(r, 1, report["goals"]["expected"], cols=4)
        t.put(r, 5, report["goals"]["actual"], cols=width - 5)
    if spacers:
        t.new_row()
    header = t.new_row()
    names = ["一级指标", "二级指标", "三级指标"]
    names += ["指标性质", labels["target"], "度量单位"] if extra else [labels["target"]]
    names += [labels["actual"], "分值", "得分", "偏差原因分析及改进措施"]
    t.put(header, 0, labels["indicators"], rows=len(rows) + 1 if merged else 1)
    for col, name in enumerate(names, start=1):
        t.put(header, col, name)
    keys = ["name", "nature", "target", "unit"] if extra else ["name", "target"]
    keys += ["actual", "weight", "score", "deviation"]
    first_row = header + 1
    categories = report.get("categories", {})
    for index, row in enumerate(rows):
        r = first_row + index
        t.new_row()
        previous = rows[index - 1] if index else None
        if previous is None or previous["level1"] != row["level1"]:
            span = 1
            while index + span < len(rows) and rows[index + span]["level1"] == row["level1"]:
                span += 1
            text = row["level1"]
            if row["level1"] in categories:
                text += f"\n\n({categories[row['level1']]}分)"
            t.put(r, 1, text, rows=span if merged else 1)
        if (
            previous is None
            or previous["level2"] != row["level2"]
            or previous["level1"] != row["level1"]
        ):
            span = 1
            while (
                index + span < len(rows)
                and rows[index + span]["level2"] == row["level2"]
                and rows[index + span]["level1"] == row["level1"]
            ):
                span += 1
            t.put(r, 2, row["level2"], rows=span if merged else 1)
        for col, key in enumerate(keys, start=3):
            t.put(r, col, row.get(key, ""))
    if "total" in report:
        r = t.new_row()
        weight_col = 3 + keys.index("weight")
        t.put(r, 0, "总分", cols=weight_col)
        t.put(r, weight_col, report["total"]["weight"])
        t.put(r, weight_col + 1, report["total"]["score"])
    return t


# --- writing files ----------------------------------------------------------------------------


def _excel_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent >= 0
            else value
        )
    return value


def write_xlsx(path: Path, sheets: list[tuple[str, list[Table]]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, tables in sheets:
        sheet = book.create_sheet(name)
        top = 0
        for table in tables:
            for r, row in enumerate(table.rows):
                for c, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    cell = sheet.cell(row=top + r + 1, column=c + 1, value=_excel_value(value))
                    if (r, c) in table.formats:
                        cell.number_format = table.formats[(r, c)]
            for (r, c), formula in table.formulas.items():
                sheet.cell(row=top + r + 1, column=c + 1, value=formula)
            for r, c, rows, cols in table.merges:
                sheet.merge_cells(
                    start_row=top + r + 1,
                    start_column=c + 1,
                    end_row=top + r + rows,
                    end_column=c + cols,
                )
            top += len(table.rows) + 2  # stacked forms: two empty rows between them
    _save_deterministic(book, path)


def _save_deterministic(book: Any, path: Path) -> None:
    """Save with fixed timestamps so a rebuild gives the same bytes."""
    import datetime

    book.properties.created = book.properties.modified = datetime.datetime(2026, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    _rezip(buffer.getvalue(), path)


def _rezip(data: bytes, path: Path) -> None:
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data
                )
            target.writestr(fixed, data)


def write_docx(path: Path, report: dict[str, Any], table: Table) -> None:
    import datetime

    import docx

    document = docx.Document()
    document.add_paragraph("附件14")
    title = report["title"]
    cut = title.find("绩效自评报告")
    for line in (
        [title[:cut], "绩效自评报告", title[cut + len("绩效自评报告") :]] if cut > 0 else [title]
    ):
        if line:
            document.add_paragraph(line)
    document.add_paragraph("")
    for section in report.get("narrative", []):
        heading = section["heading"]
        if "amount" in section:
            heading += f"（{section['amount']}万元）。"
        document.add_paragraph(heading)
        document.add_paragraph(section["text"])
    document.add_paragraph("")
    document.add_paragraph(f"{report['year']}年度项目支出绩效自评表")
    grid = document.add_table(rows=len(table.rows), cols=table.width)
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            if value is not None:
                grid.cell(r, c).text = str(value)
    for r, c, rows, cols in table.merges:
        grid.cell(r, c).merge(grid.cell(r + rows - 1, c + cols - 1))
        grid.cell(r, c).text = str(table.rows[r][c]) if table.rows[r][c] is not None else ""
    document.core_properties.created = document.core_properties.modified = datetime.datetime(
        2026, 1, 1
    )
    buffer = io.BytesIO()
    document.save(buffer)
    _rezip(buffer.getvalue(), path)


# --- the cases --------------------------------------------------------------------------------


def variant(report: dict[str, Any], project: str, **changes: Any) -> dict[str, Any]:
    other = copy.deepcopy(report)
    other["project"] = project
    other.update(changes)
    return other


def nature_unit(report: dict[str, Any]) -> dict[str, Any]:
    """The seed as a Yunnan-style form: 指标性质 and 度量单位 columns, the value without unit."""
    other = variant(report, "企业服务中心专项经费（云南式）")
    for row in other["indicators"]:
        target = row["target"].strip() if isinstance(row["target"], str) else row["target"]
        row["nature"] = "≥" if row["name"] else ""
        row["unit"] = ""
        for unit in ("册", "个"):
            if isinstance(target, str) and target.endswith(unit):
                row["target"], row["unit"] = target[: -len(unit)], unit
    return other


def extra_funds(report: dict[str, Any]) -> dict[str, Any]:
    """A Sichuan-style form: one more source row in the funds block."""
    other = variant(report, "企业服务中心专项经费（四川式）")
    other["funds"]["财政专户管理资金"] = {
        "initial": "",
        "adjusted": Decimal("5"),
        "executed": Decimal("4.5"),
    }
    return other


def build(folder: Path = FIXTURES) -> dict[str, Any]:
    """Write every fixture; returns the expected reports of each (also written as expected.json)."""
    folder.mkdir(exist_ok=True)
    report = seed()
    base = form_fields(report, narrative=False)
    expected: dict[str, Any] = {}

    def xlsx(
        name: str,
        reports: list[dict[str, Any]],
        sheets: list[tuple[str, list[Table]]],
        extra_rows: list[list[list[str]]] | None = None,
    ) -> None:
        write_xlsx(folder / name, sheets)
        expected[name] = {
            "reports": [form_fields(r, narrative=False) for r in reports],
            "extra_rows": extra_rows or [None] * len(reports),
        }

    xlsx("seed.xlsx", [base], [("自评表", [layout(base, labels=PLAIN)])])
    xlsx("broken-labels.xlsx", [base], [("Sheet1", [layout(base, labels=BROKEN)])])
    spaced = layout(base, labels=BROKEN, merged=False, spacers=True)
    xlsx("unmerged-spacers.xlsx", [base], [("Sheet1", [spaced])])
    second = variant(base, "惠企政策宣传经费", department="株洲市工业和信息化局")
    xlsx(
        "two-sheets.xlsx",
        [base, second],
        [("项目一", [layout(base, labels=PLAIN)]), ("项目二", [layout(second, labels=BROKEN)])],
    )
    xlsx(
        "stacked.xlsx",
        [base, second],
        [("Sheet1", [layout(base, labels=PLAIN), layout(second, labels=PLAIN)])],
    )
    yunnan = nature_unit(base)
    xlsx("nature-unit.xlsx", [yunnan], [("Sheet1", [layout(yunnan, labels=PLAIN)])])
    sichuan = extra_funds(base)
    table = layout(sichuan, labels=BROKEN)
    r = table.new_row()
    table.put(r, 0, "填报人：张三", cols=4)
    table.put(r, 4, "联系电话：0731-12345678", cols=5)
    xlsx(
        "extra-funds-row.xlsx",
        [sichuan],
        [("Sheet1", [table])],
        extra_rows=[[["填报人：张三", "联系电话：0731-12345678"]]],
    )

    # Excel's number formats and formulas: 0.9411 shown as 94%, a sum never calculated.
    shown = copy.deepcopy(base)
    shown["funds"]["rate"] = "94%"
    table = layout(shown, labels=PLAIN)
    rate_at = next(
        (r, c) for r, row in enumerate(table.rows) for c, v in enumerate(row) if v == "94%"
    )
    table.rows[rate_at[0]][rate_at[1]] = Decimal("0.9411")
    table.formats[rate_at] = "0%"
    total_row = next(r for r, row in enumerate(table.rows) if row[0] == "总分")
    table.formulas[(total_row, 7)] = "=SUM(H12:H30)"
    table.rows[total_row][7] = None
    shown["total"]["score"] = ""
    xlsx("formats-formulas.xlsx", [shown], [("Sheet1", [table])])

    document = form_fields(report, narrative=True)
    write_docx(
        folder / "seed-document.docx", document, layout(document, labels=BROKEN, title=False)
    )
    expected["seed-document.docx"] = {"reports": [document], "extra_rows": [None]}

    # Files that are not forms.
    import openpyxl

    _save_deterministic(openpyxl.Workbook(), folder / "empty.xlsx")
    book = openpyxl.Workbook()
    for row in [["日期", "品名", "数量"], ["2026-01-01", "纸张", 5], ["2026-01-02", "墨盒", 2]]:
        book.active.append(row)
    _save_deterministic(book, folder / "random.xlsx")
    (folder / "encrypted.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (folder / "corrupt.xlsx").write_bytes((folder / "seed.xlsx").read_bytes()[:700])
    from evallint.read.jsondoc import dump_json

    (folder / "expected.json").write_text(dump_json(expected, indent=1) + "\n", "utf-8")
    return expected


EXAMPLE = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.xlsx"
"""The seed as a workbook, shipped as an example (the same bytes as fixtures/seed.xlsx)."""

if __name__ == "__main__":
    EXAMPLE.write_bytes((FIXTURES / "seed.xlsx").read_bytes())
    for name in build():
        print(f"wrote {FIXTURES / name}", file=sys.stderr)
