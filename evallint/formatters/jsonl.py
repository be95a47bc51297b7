"""One finding per line (and one line per unreadable input), for streaming into other tools."""

from __future__ import annotations

import json
import re

from evallint.formatters.base import Formatter
from evallint.formatters.json import error_entry, finding_entries
from evallint.results import ReportResult, Summary

# Characters some line splitters take for a line break (Python's str.splitlines among
# them): inside a JSON string they are written as escapes, so each entry stays one line.
_LINE_BREAKING = re.compile("[\x1c\x1d\x1e\x85\u2028\u2029]")


def _one_line(entry: object) -> str:
    text = json.dumps(entry, ensure_ascii=False)
    return _LINE_BREAKING.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


class JsonLinesFormatter(Formatter):
    """Each line a JSON object: a finding (``"kind": "finding"``) or an unreadable input
    (``"kind": "error"``); the last line is the summary (``"kind": "summary"``)."""

    def report(self, result: ReportResult) -> str:
        if result.error is not None:
            entries = [{"kind": "error", **error_entry(result, self.options.lang)}]
        else:
            entries = [{"kind": "finding", **entry} for entry in finding_entries(result)]
        return "".join(_one_line(entry) for entry in entries)

    def end(self, summary: Summary) -> str:
        return json.dumps({"kind": "summary", **summary.to_dict()}) + "\n"
