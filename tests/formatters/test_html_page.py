"""The HTML review page in a real headless browser (Debian's chromium, installed by .ci/run).

The page is loaded, the DOM the browser built is checked for the highlighted
cells and the counts, and a screenshot is saved as a test artefact
(tests/artifacts/review.png) whose pixels must show the highlight colour.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evallint.cli.main import main
from tests.paths import DEMO_PACK, TESTS

ARTIFACTS = TESTS / "artifacts"
ERROR_BACKGROUND = (0xFF, 0xDD, 0xDD)  # td.finding-error {background:#fdd}


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
        [chromium(), *flags, *arguments], capture_output=True, text=True, timeout=120, check=False
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        css = attributes.get("class") or ""
        if tag == "td" and css.startswith("finding-"):
            self.highlighted[attributes.get("data-pointer") or ""] = css
        self._id = attributes.get("id")

    def handle_data(self, data: str) -> None:
        if self._id:
            self.ids[self._id] = data
            self._id = None


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


def test_the_review_page_highlights_the_offending_cells_in_a_browser(
    tmp_path: Path, seed_text: str
) -> None:
    data = json.loads(seed_text)
    data["indicators"][4]["actual"] = "85%"  # a missed target without an explanation
    form = tmp_path / "form.json"
    form.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page = tmp_path / "review.html"
    code = main(
        ["check", "--format", "html", "--rules", str(DEMO_PACK), "-o", str(page), str(form)],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert code == 1
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # self-contained

    dom = browser("--dump-dom", page.as_uri(), profile=tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    collector = _Collector()
    collector.feed(dom.stdout)
    assert collector.highlighted == {
        "/goals/expected": "finding-error",
        "/indicators/4/deviation": "finding-error",
    }
    assert collector.ids["report-count"] == "1"
    assert collector.ids["error-count"] == "2"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "review.png"
    shot.unlink(missing_ok=True)
    taken = browser(
        f"--screenshot={shot}",
        "--window-size=1600,1200",
        "--hide-scrollbars",
        page.as_uri(),
        profile=tmp_path / "profile-shot",
    )
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1600, 1200)
    target = bytes(ERROR_BACKGROUND)
    highlighted = sum(row.count(target) for row in rows)
    assert highlighted > 500, "no highlighted cell was drawn"
