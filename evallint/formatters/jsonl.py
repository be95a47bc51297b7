"""One finding per line (and one line per unreadable input), for streaming into other tools."""

from __future__ import annotations

import json

from evallint.formatters.base import Formatter
from evallint.formatters.json import error_entry, finding_entries
from evallint.results import ReportResult, Summary


class JsonLinesFormatter(Formatter):
    """Each line a JSON object: a finding (``"kind": "finding"``) or an unreadable input
    (``"kind": "error"``); the last line is the summary (``"kind": "summary"``)."""

    def report(self, result: ReportResult) -> str:
        if result.error is not None:
            entries = [{"kind": "error", **error_entry(result, self.options.lang)}]
        else:
            entries = [{"kind": "finding", **entry} for entry in finding_entries(result)]
        return "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)

    def end(self, summary: Summary) -> str:
        return json.dumps({"kind": "summary", **summary.to_dict()}) + "\n"
