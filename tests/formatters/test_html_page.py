"""The HTML review page in a real headless browser (Debian's chromium, installed by .ci/run).

Each page is loaded and the DOM the browser built is checked: the words are
the page's language, findings are numbered and linked both ways to the
highlighted cell, row or block, a batch opens with a sortable overview and an
SVG chart, and a 200-form page is complete. Screenshots go to
tests/artifacts/latest/ (git-ignored); with EVALLINT_UPDATE_ARTIFACTS=1 the
one-form and batch screenshots are also copied to tests/artifacts/ (the
issue's attachments). How fast a page loads is bench/html_page.py's business.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from evallint.cli.main import main
from evallint.formatters import render
from evallint.formatters.base import Options
from evallint.results import Finding, ReportResult, Severity, Summary
from tests.paths import DEMO_PACK, EXAMPLES, TESTS
from tools.formgen import dumps, generate_forms

ARTIFACTS = TESTS / "artifacts"
LATEST = ARTIFACTS / "latest"
ERROR_BACKGROUND = (0xFF, 0xDD, 0xDD)  # .sheet td.finding-error {background:#fdd}
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
WORKBOOK = EXAMPLES / "zhuzhou-2022-enterprise-service.xlsx"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed here (CI installs it: apt-get install chromium)")
    return found


def browser(*arguments: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [chromium(), *flags, *arguments], capture_output=True, text=True, timeout=180, check=False
    )


# --- a small DOM, enough to walk what the browser built --------------------------------------

VOID = frozenset(("meta", "br", "img", "input", "hr", "link", "col", "wbr"))


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self, skip: tuple[str, ...] = ()) -> str:
        return "".join(
            child if isinstance(child, str) else child.text(skip)
            for child in self.children
            if isinstance(child, str) or child.tag not in skip
        )

    def walk(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.walk())
        return found

    def select(self, tag: str | None = None, css: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and (css is None or css in node.classes)
            and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def ancestors(self) -> list[Node]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


class Dom:
    def __init__(self, html: str) -> None:
        builder = _Builder()
        builder.feed(html)
        builder.close()
        self.root = builder.root
        self.by_id = {n.attrs["id"]: n for n in self.root.walk() if "id" in n.attrs}

    def text_of(self, ident: str) -> str:
        return self.by_id[ident].text().strip()


def highlighted(node: Node) -> str | None:
    """The severity a cell is filled with or a row/block outlined with, if any."""
    for css in node.classes:
        kind, _, severity = css.partition("-")
        if kind in ("finding", "outline") and severity in SEVERITY_WORDS:
            return severity
    return None


def load(page: Path, tmp_path: Path, name: str = "dom") -> Dom:
    dom = browser("--dump-dom", page.as_uri(), profile=tmp_path / f"profile-{name}")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "</html>" in dom.stdout
    return Dom(dom.stdout)


def check(page: Path, *arguments: str, lang: str = "zh") -> int:
    return main(
        ["check", "--format", "html", "--lang", lang, "--jobs", "1", "-o", str(page), *arguments],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def assert_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert (
        "<link" not in html and " src=" not in html and "@import" not in html and "url(" not in html
    )


def assert_findings_and_places_link_both_ways(dom: Dom, section: Node) -> list[Node]:
    """Every finding is numbered 1, 2, 3 … and links to a highlighted element that links back."""
    items = section.select("li", "finding")
    number = section.attrs["id"].removeprefix("report-")
    assert [item.attrs["data-number"] for item in items] == [
        str(n) for n in range(1, len(items) + 1)
    ]
    ranks = {"info": 0, "warning": 1, "error": 2}
    for item in items:
        assert item.attrs["id"] == f"r{number}-f{item.attrs['data-number']}"
        [link] = item.select("a", "num")
        assert link.text() == item.attrs["data-number"]
        target = dom.by_id[link.attrs["href"].removeprefix("#")]
        shown = highlighted(target)
        assert shown is not None, f"the target of finding {item.attrs['data-number']} is plain"
        severity = next(c.removeprefix("sev-") for c in item.classes if c.startswith("sev-"))
        assert ranks[shown] >= ranks[severity]
        backs = [a.attrs["href"] for a in target.select("a", "mark")]
        assert f"#{item.attrs['id']}" in backs
    for place in section.walk():
        if highlighted(place) is None:
            continue
        marks = [a for a in place.select("a", "mark")]
        assert marks, f"highlighted {place.tag} {place.attrs.get('data-pointer')} has no marker"
        for mark in marks:
            assert mark.attrs["href"].removeprefix("#") in dom.by_id
    return items


def screenshot(page: Path, tmp_path: Path, name: str, height: int = 1200) -> Path:
    LATEST.mkdir(parents=True, exist_ok=True)
    shot = LATEST / f"{name}.png"
    shot.unlink(missing_ok=True)
    taken = browser(
        f"--screenshot={shot}",
        f"--window-size=1600,{height}",
        "--hide-scrollbars",
        page.as_uri(),
        profile=tmp_path / f"profile-shot-{name}",
    )
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    if os.environ.get("EVALLINT_UPDATE_ARTIFACTS") == "1":
        shutil.copyfile(shot, ARTIFACTS / f"{name}.png")
    return shot


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit RGB/RGBA, non-interlaced PNG (what chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, b"", b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6)
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[x] = (line[x] + best) & 0xFF
        rows.append(
            bytes(line)
            if channels == 3
            else bytes(b for i in range(0, stride, 4) for b in line[i : i + 3])
        )
        previous = line
    return width, height, rows


def write_form(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- one form ---------------------------------------------------------------------------------


def test_the_page_of_one_form_is_in_chinese_numbered_and_linked_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("openpyxl")
    page = tmp_path / "review.html"
    monkeypatch.chdir(WORKBOOK.parent)  # the form is named as a clerk would name it
    assert check(page, WORKBOOK.name) == 1
    html = page.read_text(encoding="utf-8")
    assert_self_contained(html)
    dom = load(page, tmp_path)

    # the summary, in the page's language
    assert dom.text_of("report-count") == "1"
    assert dom.text_of("error-count") == "1"
    labels = [n.text() for n in dom.by_id["summary"].select("span", "label")]
    assert labels == ["报告", "错误", "警告", "提示", "无法读取"]
    [body] = dom.root.select("body")
    visible = body.text(skip=("code", "script", "style"))
    assert not re.search(r"\b(error|warning|info)\b", visible, re.IGNORECASE), visible
    [section] = dom.root.select("section", "report")
    assert section.attrs["id"] == "report-1"

    items = assert_findings_and_places_link_both_ways(dom, section)
    assert len(items) == 6  # 1 error, 2 warnings, 3 infos: all listed, none left as "other"
    for item in items:
        [word] = item.select("span", "sev")
        severity = next(c.removeprefix("sev-") for c in item.classes if c.startswith("sev-"))
        assert word.text() == SEVERITY_WORDS[severity]
    first = items[0]
    assert first.attrs["data-pointer"] == "/goals/expected"
    assert "自评表!B10" in first.text() and "/goals/expected" in first.text()
    cell = dom.by_id[first.select("a", "num")[0].attrs["href"][1:]]
    assert cell.tag == "td" and cell.attrs["data-pointer"] == "/goals/expected"
    assert cell.classes == ["long", "finding-error"]

    # the row of the missing cost indicator is outlined, its finding listed under 绩效指标
    cost = next(i for i in items if i.attrs["data-pointer"] == "/indicators/6")
    row = dom.by_id[cost.attrs["data-target"]]
    assert row.tag == "tr" and "outline-warning" in row.classes
    assert cost.parent is not None and cost.parent.parent is not None
    assert cost.parent.parent.attrs["data-part"] == "indicators"
    assert "整行" in cost.text()

    # cell references are in titles, never printed in the cells
    cells = section.select("td")
    referenced = [c for c in cells if "data-cell" in c.attrs]
    assert len(referenced) > 40
    for cell in referenced:
        assert cell.attrs["data-cell"] in cell.attrs["title"]
        assert cell.attrs["data-pointer"] in cell.attrs["title"]
    for cell in cells:
        assert "自评表!" not in cell.text(skip=("sup",))

    shot = screenshot(page, tmp_path, "review-one-form")
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1600, 1200)
    target = bytes(ERROR_BACKGROUND)
    assert sum(row.count(target) for row in rows) > 500, "no highlighted cell was drawn"


def test_a_finding_on_the_whole_indicator_table_outlines_it_and_is_listed_under_it(
    tmp_path: Path, seed_text: str
) -> None:
    data = json.loads(seed_text)
    data["indicators"] = [i for i in data["indicators"] if "成本" not in (i["level2"] or "")]
    form = write_form(tmp_path / "no-cost.json", data)
    page = tmp_path / "review.html"
    assert check(page, str(form)) == 1
    dom = load(page, tmp_path)
    [section] = dom.root.select("section", "report")
    items = assert_findings_and_places_link_both_ways(dom, section)
    [cost] = [i for i in items if "cost-indicator-missing" in i.text()]
    assert cost.attrs["data-pointer"] == "/indicators"
    group = cost.parent.parent if cost.parent else None
    assert group is not None and group.attrs["data-part"] == "indicators"
    assert group.select("h4")[0].text() == "绩效指标"
    block = dom.by_id[cost.attrs["data-target"]]
    assert block.attrs["data-part"] == "indicators" and "outline-warning" in block.classes
    assert "整块" in cost.text()
    # the report text's findings fall on its cells, under 自评报告
    narrative = [i for i in items if i.attrs["data-pointer"].startswith("/narrative/")]
    assert len(narrative) == 4
    for item in narrative:
        assert item.parent is not None and item.parent.parent is not None
        assert item.parent.parent.attrs["data-part"] == "narrative"
        assert dom.by_id[item.attrs["data-target"]].tag == "td"


def test_findings_off_the_drawn_cells_fall_on_their_row_block_or_the_whole_form() -> None:
    data = json.loads((EXAMPLES / "zhuzhou-2022-enterprise-service.json").read_text("utf-8"))
    data["indicators"][3]["nature"] = "正向"

    def finding(path: str, severity: Severity = Severity.INFO) -> Finding:
        return Finding("demo", severity, f"at {path}", path)

    paths = {
        "": ":form",
        "/source/file": ":form",
        "not a pointer": ":form",
        "/format": "header",
        "/funds": "funds",
        "/funds/total": "/funds/total",
        "/categories/产出指标": "indicators",
        "/indicators/3/nature": "/indicators/3/nature",
        "/indicators/4/unit": "/indicators/4",
        "/indicators/99": "indicators",
        "/total": "/total",
        "/narrative/1": "/narrative/1",
    }
    result = ReportResult("form.json", findings=tuple(finding(p) for p in paths), data=data)
    summary = Summary(1)
    summary.add(result)
    dom = Dom(render("html", [result], summary, Options()))
    [section] = dom.root.select("section", "report")
    items = assert_findings_and_places_link_both_ways(dom, section)
    assert len(items) == len(paths)
    for item in items:
        target = dom.by_id[item.attrs["data-target"]]
        expected = paths[item.attrs["data-pointer"]]
        if expected == ":form":
            assert "sheet" in target.classes
            assert item.parent is not None and item.parent.parent is not None
            assert item.parent.parent.attrs["data-part"] == "form"
        elif expected.startswith("/"):
            assert target.attrs["data-pointer"] == expected
        else:
            assert target.attrs["data-part"] == expected


def test_the_english_page_uses_english_words_only() -> None:
    data = json.loads((EXAMPLES / "zhuzhou-2022-enterprise-service.json").read_text("utf-8"))
    finding = Finding("demo", Severity.WARNING, "a message", "/goals/expected")
    result = ReportResult("form.json", findings=(finding,), data=data)
    summary = Summary(1)
    summary.add(result)
    dom = Dom(render("html", [result], summary, Options(lang="en")))
    labels = [n.text() for n in dom.by_id["summary"].select("span", "label")]
    assert labels == ["reports", "error", "warning", "info", "unreadable"]
    for word in ("错误", "警告", "提示", "整张表", "基本信息"):
        assert word not in dom.root.text()
    assert dom.root.select("html")[0].attrs["lang"] == "en"


# --- a batch ----------------------------------------------------------------------------------


def batch_folder(tmp_path: Path, seed_text: str) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    data = json.loads(seed_text)
    write_form(folder / "a-seed.json", data)
    missed = json.loads(seed_text)
    missed["indicators"][4]["actual"] = "85%"  # a missed target, no explanation
    missed["project"] = "企业服务中心专项经费（乙）"
    write_form(folder / "b-missed.json", missed)
    shutil.copyfile(EXAMPLES / "minimal.json", folder / "c-minimal.json")
    no_cost = json.loads(seed_text)
    no_cost["indicators"] = [i for i in data["indicators"] if "成本" not in (i["level2"] or "")]
    write_form(folder / "d-no-cost.json", no_cost)
    (folder / "e-broken.json").write_text('{"funds": {,}}', encoding="utf-8")
    return folder


def counts_of(row: Node) -> dict[str, int]:
    return {
        severity: int(row.select("td", f"sev-{severity}")[0].attrs["data-value"])
        for severity in SEVERITY_WORDS
    }


def test_a_batch_opens_with_an_overview_of_every_form_and_a_chart(
    tmp_path: Path, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_folder(tmp_path, seed_text)
    page = tmp_path / "batch.html"
    monkeypatch.chdir(tmp_path)
    assert check(page, "forms") == 2  # one input cannot be read
    html = page.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert "xmlns" not in html
    dom = load(page, tmp_path)
    sections = dom.root.select("section", "report")
    assert [s.attrs["id"] for s in sections] == [f"report-{n}" for n in range(1, 6)]
    body = dom.root.select("body")[0]
    assert body.walk().index(dom.by_id["overview"]) < body.walk().index(sections[0])

    rows = dom.by_id["overview"].select("tbody")[0].select("tr")
    assert len(rows) == 5
    readable = [row for row in rows if "unreadable" not in row.classes]
    [unreadable] = [row for row in rows if "unreadable" in row.classes]
    assert "e-broken.json" in unreadable.text() and "JSON" in unreadable.text()
    assert dom.text_of("unreadable-count") == "1"
    for severity in SEVERITY_WORDS:
        total = sum(counts_of(row)[severity] for row in readable)
        assert str(total) == dom.text_of(f"{severity}-count")
    heads = [th.text() for th in dom.by_id["overview"].select("th")]
    assert heads[3:6] == ["错误", "警告", "提示"]
    for row in rows:
        [link] = row.select("a")
        section = dom.by_id[link.attrs["href"].removeprefix("#")]
        assert section.tag == "section" and section.attrs["id"] == row.attrs["data-report"]
        if row in readable:
            found = Counter(
                next(c.removeprefix("sev-") for c in li.classes if c.startswith("sev-"))
                for li in section.select("li", "finding")
            )
            assert counts_of(row) == {s: found[s] for s in SEVERITY_WORDS}
            assert_findings_and_places_link_both_ways(dom, section)

    # one bar per rule that found something, counting its findings
    rules = Counter(code.text() for s in sections for code in s.select("code", "rule"))
    [chart] = dom.root.select("svg", "chart-rules")
    bars = {g.attrs["data-rule"]: int(g.attrs["data-count"]) for g in chart.select("g", "bar")}
    assert bars == dict(rules)
    assert len(chart.select("rect")) >= len(rules)
    [severities] = dom.root.select("svg", "chart-severity")
    assert [g.attrs["data-count"] for g in severities.select("g", "bar")] == [
        dom.text_of(f"{s}-count") for s in SEVERITY_WORDS
    ]
    screenshot(page, tmp_path, "review-batch")


def test_clicking_a_column_head_sorts_the_overview(tmp_path: Path, seed_text: str) -> None:
    folder = batch_folder(tmp_path, seed_text)
    page = tmp_path / "batch.html"
    check(page, str(folder))
    html = page.read_text(encoding="utf-8")
    assert html.count("<script>") == 1
    clicks = """<script>
    function order(){return Array.prototype.map.call(
      document.querySelectorAll('.overview-table tbody tr'),
      function(r){return r.getAttribute('data-order');}).join(',');}
    var errors=document.querySelector('.overview-table th.sev-error');
    errors.click(); document.body.setAttribute('data-errors-down', order());
    errors.click(); document.body.setAttribute('data-errors-up', order());
    document.querySelector('.overview-table th.file').click();
    document.body.setAttribute('data-by-name', order());
    </script></body>"""
    clicked = tmp_path / "clicked.html"
    clicked.write_text(html.replace("</body>", clicks), encoding="utf-8")
    dom = load(clicked, tmp_path)
    [body] = dom.root.select("body")
    rows = dom.by_id["overview"].select("tbody")[0].select("tr")
    errors = {
        row.attrs["data-order"]: int(row.select("td", "n")[0].attrs["data-value"]) for row in rows
    }
    down = body.attrs["data-errors-down"].split(",")
    up = body.attrs["data-errors-up"].split(",")
    assert [errors[n] for n in down] == sorted(errors.values(), reverse=True)
    assert [errors[n] for n in up] == sorted(errors.values())
    assert down != sorted(down, key=int)  # the rows did move
    assert body.attrs["data-by-name"] == "1,2,3,4,5"  # a-seed … e-broken
    sorted_head = [th for th in dom.by_id["overview"].select("th") if "aria-sort" in th.attrs]
    assert [th.attrs["aria-sort"] for th in sorted_head] == ["ascending"]


def test_a_page_of_200_forms_is_complete_in_the_browser(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    for number, form in enumerate(generate_forms(200, 17)):
        (folder / f"form-{number:03}.json").write_text(dumps(form), encoding="utf-8")
    page = tmp_path / "batch.html"
    check(page, str(folder))
    dom = load(page, tmp_path)
    assert dom.text_of("report-count") == "200"
    rows = dom.by_id["overview"].select("tbody")[0].select("tr")
    sections = dom.root.select("section", "report")
    assert len(rows) == 200 and len(sections) == 200
    assert [row.attrs["data-report"] for row in rows] == [s.attrs["id"] for s in sections]
    last = sections[-1]
    assert last.select("table", "indicators") and last.select("aside", "findings")


def test_a_demo_pack_page_still_highlights_its_cells(tmp_path: Path, seed_text: str) -> None:
    data = json.loads(seed_text)
    data["indicators"][4]["actual"] = "85%"  # a missed target without an explanation
    form = write_form(tmp_path / "form.json", data)
    page = tmp_path / "review.html"
    assert check(page, "--rules", str(DEMO_PACK), str(form)) == 1
    dom = load(page, tmp_path)
    cells = {
        node.attrs["data-pointer"]: highlighted(node)
        for node in dom.root.select("td")
        if highlighted(node)
    }
    assert cells == {"/goals/expected": "error", "/indicators/4/deviation": "error"}
    assert dom.text_of("error-count") == "2"
