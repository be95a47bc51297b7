"""The shipped JSON Schemas (report format and rule files) and how violations are worded.

``report.schema.json`` is the machine form of the report format, printed by
``evallint schema``; ``rules.schema.json`` is the shape of a rule file, which
editors can use for completion. :mod:`~evallint.schema.validator` checks data
against either (a compiled quick check, jsonschema only for documents that
fail it); :mod:`~evallint.schema.report` words a report's violations for the
person who filled in the form, :mod:`~evallint.schema.rules` a rule file's for
its author.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from evallint._files import package_file

REPORT_SCHEMA_FILE = package_file("schema", "report.schema.json")
RULES_SCHEMA_FILE = package_file("schema", "rules.schema.json")


@functools.cache
def report_schema() -> Mapping[str, Any]:
    """The report schema as shipped (with its ``$defs``), read once per process."""
    data: Mapping[str, Any] = json.loads(REPORT_SCHEMA_FILE.read_text("utf-8"))
    return data


@functools.cache
def rules_schema() -> Mapping[str, Any]:
    """The JSON Schema of rule files, read once per process."""
    data: Mapping[str, Any] = json.loads(RULES_SCHEMA_FILE.read_text("utf-8"))
    return data


@functools.cache
def field_titles() -> Mapping[str, str]:
    """The form's label (schema ``title``) of every field of the report format, by key."""
    titles: dict[str, str] = {}
    stack: list[Any] = [report_schema()]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            properties = node.get("properties")
            if isinstance(properties, Mapping):
                for key, sub in properties.items():
                    if isinstance(sub, Mapping) and isinstance(sub.get("title"), str):
                        titles.setdefault(key, sub["title"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return titles
