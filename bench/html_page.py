"""How long headless chromium takes to load the review page of a 200-form batch.   [target ≤ 2 s]

The page is built as a user builds it: 200 generated forms (``tools.formgen``,
seed 17, 30 % with one injected defect) checked by ``evallint check --format
html``. A copy gets a script that writes into the title the time of the load
event (``performance.now()``, from navigation start) and the time once the
layout is done (reading ``offsetHeight`` forces it); chromium's ``--dump-dom``
prints the title. Each run has a fresh profile. Prints the page size and the
medians (these machines drift, see perf-notes.md); always exits 0.

    python bench/html_page.py [--forms 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 2000
PROBE = (
    "<script>addEventListener('load',()=>{const loaded=performance.now();"
    "document.body.offsetHeight;"
    "document.title='loaded '+loaded.toFixed(0)+' laid-out '+performance.now().toFixed(0)})"
    "</script>"
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)


def build_page(folder: Path, forms: int) -> Path:
    """The review page of ``forms`` generated forms, as ``evallint check`` writes it."""
    inputs = folder / "forms"
    subprocess.run(
        [
            *(sys.executable, "-m", "tools.formgen", "--count", str(forms), "--seed", "17"),
            *("--defect-rate", "0.3", "--format", "dir", "-o", str(inputs)),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    page = folder / "review.html"
    subprocess.run(
        [
            *(sys.executable, "-m", "evallint", "check", "--format", "html", "--jobs", "1"),
            *("--fail-on", "never", "-o", str(page), str(inputs)),
        ],
        cwd=ROOT,
        check=True,
    )
    return page


def load_once(browser: str, page: Path, profile: Path) -> tuple[float, float, float]:
    """Load event and laid-out times (ms, from the page) and the browser process's wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    wall = (time.perf_counter() - start) * 1000
    found = re.search(r"<title>loaded (\d+) laid-out (\d+)</title>", done.stdout)
    if found is None:
        raise RuntimeError(f"the page did not report its load: {done.stderr[-500:]}")
    return float(found.group(1)), float(found.group(2)), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium is not installed: nothing measured (apt-get install chromium)")
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        page = build_page(folder, args.forms)
        html = page.read_text(encoding="utf-8")
        probed = folder / "probed.html"
        probed.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
        size = page.stat().st_size / 1024
        sections = html.count('<section class="report')
        print(f"page: {args.forms} forms, {sections} sections, {size:,.0f} KB")
        runs = [load_once(browser, probed, folder / f"profile-{n}") for n in range(args.runs)]
    medians = [statistics.median(column) for column in zip(*runs, strict=True)]
    for index, label in enumerate(("load event", "laid out", "chromium process")):
        shown = ", ".join(f"{run[index]:.0f}" for run in runs)
        print(f"{label:>17}: median {medians[index]:6.0f} ms  ({shown})")
    verdict = "within" if medians[1] <= TARGET_MS else "OVER"
    print(f"target: loaded and laid out in ≤ {TARGET_MS} ms: {verdict} ({medians[1]:.0f} ms)")


if __name__ == "__main__":
    main()
