"""``evallint schema``: print the JSON Schema (draft 2020-12) that reports must satisfy."""

from __future__ import annotations

import argparse
from typing import TextIO

from evallint.cli.exit import EXIT_OK
from evallint.schema import REPORT_SCHEMA_FILE


def build_parser(prog: str) -> argparse.ArgumentParser:
    """``evallint schema`` takes no options."""
    return argparse.ArgumentParser(
        prog=prog, description="Print the JSON Schema (draft 2020-12) that reports must satisfy."
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the shipped report schema, as it is."""
    out.write(REPORT_SCHEMA_FILE.read_text(encoding="utf-8"))
    return EXIT_OK
