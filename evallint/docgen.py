"""Generate the reference pages that are written from data (run: ``python -m evallint.docgen``).

``docs/functions.md`` comes from the function registry; a test fails when the
committed page differs from what this module writes, so the page cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evallint.dsl.functions import FUNCTIONS


def functions_markdown() -> str:
    """The page listing every function of the rule language."""
    lines = [
        "# Functions of the rule language",
        "",
        "Generated from `evallint/dsl/functions.py` by `python -m evallint.docgen`;",
        "do not edit by hand. The semantics of unknown values, intervals and cells are",
        "in [language.md](language.md).",
        "",
        "| function | what it gives | example (true) |",
        "|---|---|---|",
    ]
    for function in FUNCTIONS.values():
        doc = function.doc.replace("|", "\\|")
        lines.append(f"| `{function.signature}` | {doc} | `{function.example}` |")
    return "\n".join(lines) + "\n"


PAGES = {"docs/functions.md": functions_markdown}


def main(argv: list[str] | None = None) -> int:
    """Write every generated page under the current directory (or the directory given)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    for name, render in PAGES.items():
        path = root / name
        path.write_text(render(), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
