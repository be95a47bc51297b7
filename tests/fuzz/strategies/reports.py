"""Reports: realistic forms from tools/formgen with cells and parts replaced by adversarial ones.

A :class:`ReportCase` says what a program hands to evallint: the data as a dict, or
written as JSON/YAML text, bytes in some encoding, or a file; and which output
formats, in which language, must render what evallint makes of it.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.strategies import values
from tests.fuzz.strategies.values import Raw, ShortRepr
from tests.fuzz.strategies.writing import ENCODINGS, encode, to_json, to_yaml
from tools.formgen import generate_form

FORMS = ("dict", "json", "yaml", "bytes", "file.json", "file.yaml", "file.jsonl")
"""How a report reaches evallint: ``load_report`` of a dict, text or bytes, or of a file."""

FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "html")
"""Every output format (a test checks this is :data:`evallint.formatters.FORMATTERS`)."""


@dataclass(frozen=True, slots=True, repr=False)
class ReportCase(ShortRepr):
    """One report handed to evallint, and the outputs that must render the result."""

    data: Any
    form: str
    encoding: str = "utf-8"
    ascii_only: bool = False
    duplicate_key: bool = False
    lang: str = "zh"
    formats: tuple[str, ...] = ("json",)

    @property
    def syntax(self) -> str:
        return "yaml" if "yaml" in self.form else "json"

    def text(self) -> str:
        """The report written as JSON or YAML (for every form but ``dict``)."""
        write = to_yaml if self.syntax == "yaml" else to_json
        return write(self.data, ascii_only=self.ascii_only, duplicate_key=self.duplicate_key)

    def raw(self) -> bytes:
        """The report's bytes, as a file holds them."""
        return encode(self.text(), self.encoding)

    def as_data(self) -> Any:
        """The data a program passes to ``lint()``: raw tokens as the values they stand for."""
        return _python(self.data)


def _python(value: Any) -> Any:
    if isinstance(value, Raw):
        return value.value
    if isinstance(value, dict):
        return {key: _python(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_python(child) for child in value]
    return value


# --- mutations ----------------------------------------------------------------------------


_MUTATED_DEPTH = 12
"""Deepest path a mutation changes: a report is four levels deep, and an adversarial value
nested 300 deep (values.PYTHON_VALUES) is a leaf to replace, not a tree to walk."""


def _leaves(data: Any) -> list[tuple[Any, ...]]:
    """Paths of every leaf and every container down to ``_MUTATED_DEPTH``, in document order."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        found.append(path)
        if len(path) >= _MUTATED_DEPTH:
            continue
        if isinstance(node, dict):
            children = [((*path, key), child) for key, child in node.items()]
        elif isinstance(node, list):
            children = [((*path, index), child) for index, child in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return data


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    if not path:
        return
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]


@st.composite
def _mutate(draw: st.DrawFn, data: dict[str, Any], alphabet: st.SearchStrategy[Any]) -> Any:
    """``data`` with a few leaves, subtrees or keys made adversarial."""
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        paths = _leaves(data)
        path = paths[draw(st.integers(min_value=0, max_value=len(paths) - 1))]
        action = draw(st.sampled_from(("set", "set", "set", "delete", "key", "rows", "narrative")))
        if action == "set":
            # a copy: the alphabet's lists and objects are shared, and a later mutation
            # inside one must not change it for every other case (nor nest it in itself)
            data = _set(data, path, copy.deepcopy(draw(alphabet)))
        elif action == "delete" and path:
            _delete(data, path)
        elif action == "key" and isinstance(data, dict):
            data[draw(st.sampled_from(values.KEYS))] = copy.deepcopy(draw(alphabet))
        elif action == "rows" and isinstance(data, dict):
            rows = data.get("indicators")
            if isinstance(rows, list) and rows:
                times = draw(st.sampled_from((2, 10, 40)))
                data["indicators"] = [copy.deepcopy(row) for row in rows * times][:1000]
        elif action == "narrative" and isinstance(data, dict):
            text = draw(st.sampled_from((*values.LONG_TEXTS, _LONG_NARRATIVE)))
            data["narrative"] = [{"heading": "一、项目资金收支情况", "text": text}]
    return data


_LONG_NARRATIVE = "2022年预算135.35万元，执行127.38万元，执行率94%，完成1.2万册。" * 3000


def forms(seed: int) -> dict[str, Any]:
    """The correct form of tools/formgen for ``seed``."""
    return generate_form(random.Random(seed))


@st.composite
def report_data(draw: st.DrawFn, *, form: str = "dict") -> Any:
    """A formgen report with adversarial cells; for text forms, number and YAML tokens too."""
    base = forms(draw(st.integers(min_value=0, max_value=10**6)))
    if form == "dict":
        alphabet = values.cell_values(python=True)
    elif "yaml" in form:
        alphabet = st.one_of(values.cell_values(python=False), values.raw_yaml())
    else:
        alphabet = values.cell_values(python=False)
    return draw(_mutate(base, alphabet))


TEXT_FORMS = tuple(form for form in FORMS if form != "dict")
JSON_FORMS = tuple(form for form in TEXT_FORMS if "yaml" not in form)
YAML_FORMS = ("yaml", "file.yaml")


@st.composite
def report_cases(draw: st.DrawFn, forms: tuple[str, ...] = FORMS) -> ReportCase:
    """One report case: the data, how it is handed over (one of ``forms``), the outputs to
    render."""
    form = draw(st.sampled_from(forms))
    return ReportCase(
        data=draw(report_data(form=form)),
        form=form,
        encoding=draw(st.sampled_from(ENCODINGS)),
        ascii_only=draw(st.booleans()),
        duplicate_key=draw(st.integers(min_value=0, max_value=9)) == 0,
        lang=draw(st.sampled_from(("zh", "en"))),
        formats=tuple(sorted(draw(st.sets(st.sampled_from(FORMATS), min_size=1, max_size=3)))),
    )
