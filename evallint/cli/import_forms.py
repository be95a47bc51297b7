"""``evallint import``: forms from .xlsx/.docx files written as report JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from evallint.cli.exit import EXIT_ERROR, EXIT_OK
from evallint.cli.options import add_lang
from evallint.errors import ReportError
from evallint.office import OFFICE_SUFFIXES, read_office
from evallint.read.jsondoc import dump_json
from evallint.run.inputs import expand


def build_parser(prog: str) -> argparse.ArgumentParser:
    """The options of ``evallint import``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Find the self-evaluation forms in Excel (.xlsx) and Word (.docx) files and "
        "write them as report JSON (format v1), with the cell of every value in source.cells. "
        "Needs the optional extra: pip install 'evallint[office]'.",
        epilog="output: without -o, one form is printed as JSON and several as JSON Lines (one "
        "report per line); -o FILE.json takes exactly one form, -o FILE.jsonl any number, and "
        "-o FOLDER (existing, or ending in /) gets one FILE.json per form (FILE-2.json ... for "
        "the further forms of a file). Exit 0 when every input gave its forms, 2 otherwise.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".xlsx/.docx files or folders")
    parser.add_argument("-o", "--output", metavar="OUT", help="where to write (see below)")
    add_lang(parser)
    return parser


def office_inputs(arguments: list[str]) -> list[str]:
    """The files of ``arguments``, folders expanded to the office files inside (sorted).

    Folders are walked as ``evallint check`` walks them (hidden folders and
    Office's ``~$`` lock files skipped); a file named on its own is kept as it is.
    """
    files = []
    for argument in arguments:
        if Path(argument).is_dir():
            files += [
                name
                for name in expand([argument])
                if isinstance(name, str) and Path(name).suffix.lower() in OFFICE_SUFFIXES
            ]
        else:
            files.append(argument)
    return files


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Import every input; write the reports where ``-o`` says. Returns the exit code."""
    forms: list[tuple[Path, dict[str, Any]]] = []
    failed = 0
    for name in office_inputs(args.files):
        path = Path(name)
        if path.suffix.lower() not in OFFICE_SUFFIXES:
            err.write(f"{name}: error: not an .xlsx or .docx file\n")
            failed += 1
            continue
        try:
            reports = read_office(path, name)
        except ReportError as error:
            err.write(f"{name}: error[{error.code}] {error.message(args.lang)}\n")
            failed += 1
            continue
        forms += [(path, report) for report in reports]
    try:
        _write(forms, args.output, out)
    except (OSError, ValueError) as error:
        err.write(f"evallint import: error: {error}\n")
        return EXIT_ERROR
    total = len(forms)
    err.write(f"imported {total} form{'s' if total != 1 else ''}; {failed} input(s) failed\n")
    return EXIT_ERROR if failed else EXIT_OK


def _write(forms: list[tuple[Path, dict[str, Any]]], output: str | None, out: TextIO) -> None:
    if output is None:
        if len(forms) == 1:
            out.write(dump_json(forms[0][1]) + "\n")
        else:
            out.writelines(dump_json(report, indent=None) + "\n" for _, report in forms)
        return
    target = Path(output)
    if target.is_dir() or output.endswith(("/", "\\")):
        target.mkdir(parents=True, exist_ok=True)
        counts: dict[Path, int] = {}
        for path, report in forms:
            counts[path] = counts.get(path, 0) + 1
            suffix = "" if counts[path] == 1 else f"-{counts[path]}"
            (target / f"{path.stem}{suffix}.json").write_text(
                dump_json(report) + "\n", encoding="utf-8"
            )
        return
    if target.suffix.lower() == ".jsonl":
        text = "".join(dump_json(report, indent=None) + "\n" for _, report in forms)
        target.write_text(text, encoding="utf-8")
        return
    if len(forms) != 1:
        raise ValueError(
            f"{output} takes one report but {len(forms)} forms were found: "
            "give a .jsonl file or a folder"
        )
    target.write_text(dump_json(forms[0][1]) + "\n", encoding="utf-8")
