"""Read YAML (rule files, configuration, YAML reports) into data with the position of every value.

Numbers become ``Decimal``, duplicate keys are errors, and scalars follow
YAML 1.2 (only true/false are booleans; no timestamps). Importing this module
imports PyYAML, a noticeable part of start-up: readers import it only when
they meet YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from evallint import pointer as jsonpointer
from evallint.errors import ReportError, Text
from evallint.read.text import MAX_DEPTH, MAX_NODES, JSONValue, Position, excerpt
from evallint.read.yamlerrors import explain


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Data read from YAML with the position of every value (by JSON Pointer).

    ``styles`` holds the style of each scalar (``""`` plain, ``'`` or ``"``
    quoted, ``|`` or ``>`` block), so an error inside a scalar's text can be
    mapped to a column of the file.
    """

    data: JSONValue
    positions: dict[str, Position]
    key_positions: dict[str, Position]
    styles: dict[str, str]


class _StrictLoader(yaml.SafeLoader):
    """YAML 1.2-like scalars: only true/false are booleans, no timestamps, no sexagesimals."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )
del _first

_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    # libyaml's parser with the same strict resolvers: an order of magnitude faster
    # on rule packs of hundreds of rules.
    class _StrictCLoader(yaml.CSafeLoader):
        pass

    _StrictCLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
    _FastLoader = _StrictCLoader

_PLAIN_DECIMAL = re.compile(r"^[-+]?(?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?$")


def _compose(text: str) -> Any:
    """The YAML node tree: libyaml when present; on an error, the Python parser again,
    whose messages and positions are the ones we document."""
    if _FastLoader is not None:
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_StrictLoader)


def parse_yaml(text: str) -> YamlDocument:
    """The data in YAML ``text``; raises :class:`ReportError` with line and column."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if mark is None:
            raise ReportError(Text("report-yaml", {"problem": str(error)})) from None
        context = error.context
        if context and error.context_mark is not None and error.context_mark is not mark:
            started = error.context_mark
            context += f" (started at line {started.line + 1}, column {started.column + 1})"
        place = explain(
            text, error.problem or "syntax error", context, mark.line + 1, mark.column + 1
        )
        raise ReportError(
            Text("report-yaml", {"problem": place.text}),
            line=place.line,
            col=place.col,
            excerpt=excerpt(text, place.line),
        ) from None
    except yaml.YAMLError as error:
        raise ReportError(Text("report-yaml", {"problem": str(error)})) from None
    except RecursionError:
        raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH})) from None
    builder = _YamlBuilder(text)
    data = builder.build(node) if node is not None else None
    return YamlDocument(data, builder.positions, builder.key_positions, builder.styles)


class _YamlBuilder:
    """Builds plain data from composed YAML nodes, recording positions, iteratively bounded."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self.styles: dict[str, str] = {}
        self.count = 0

    def build(self, node: yaml.Node, ptr: str = "", depth: int = 0) -> JSONValue:
        self.count += 1
        if depth > MAX_DEPTH:
            raise ReportError(Text("report-too-deep", {"limit": MAX_DEPTH}))
        if self.count > MAX_NODES:
            raise self._error(node, "too many nodes (aliases that multiply?)")
        self.positions[ptr] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._error(key_node, "merge keys (<<) are not supported")
                key = self._key(key_node)
                child = jsonpointer.join(ptr, key)
                if key in result:
                    first = self.key_positions[child]
                    mark = key_node.start_mark
                    raise ReportError(
                        Text("report-duplicate-key", {"key": key, "first_line": first.line}),
                        line=mark.line + 1,
                        col=mark.column + 1,
                        excerpt=excerpt(self.text, mark.line + 1),
                        pointer=child,
                    )
                self.key_positions[child] = Position(
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1
                )
                result[key] = self.build(value_node, child, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, jsonpointer.join(ptr, index), depth + 1)
                for index, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.ScalarNode)
        self.styles[ptr] = node.style or ""
        return self._scalar(node)

    def _key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self._error(node, "a key must be a plain word, not a list or a mapping")
        # Keys are always text: `2022:` is the key "2022", not a number.
        return str(node.value)

    def _scalar(self, node: yaml.ScalarNode) -> JSONValue:
        tag = node.tag
        value = node.value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            if tag == "tag:yaml.org,2002:int" and not _PLAIN_DECIMAL.match(value):
                # 0x1F, 0o17 and friends: let PyYAML read the integer exactly.
                constructed = _StrictLoader.construct_yaml_int(_StrictLoader(""), node)
                return Decimal(constructed)
            if _PLAIN_DECIMAL.match(value):
                try:
                    return Decimal(value.replace("_", ""))
                except InvalidOperation:
                    return value
            return value  # .inf, .nan: keep the text; a report has no infinite amounts
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:binary":
            raise self._error(node, "binary values are not supported")
        raise self._error(node, f"tag {tag} is not supported")

    def _error(self, node: yaml.Node, problem: str) -> ReportError:
        mark = node.start_mark
        return ReportError(
            Text("report-yaml", {"problem": problem}),
            line=mark.line + 1,
            col=mark.column + 1,
            excerpt=excerpt(self.text, mark.line + 1),
        )
