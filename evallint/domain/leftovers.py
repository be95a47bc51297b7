"""Template text left in a form: neither a value nor a blank box (docs/layouts.md).

Forms are filled from a template, and the template's own text is often left in
place: a slot's placeholder name (``指标1``), stars or an empty comparator where
the number belongs (``公猪舍(≥**平方米)``, ``(≥台)``), a printed instruction in
an answer box (``对照年度目标,说明相关任务目标的完成情况(100字以内)``), a cell
holding only the printed unit (``万元``). :func:`leftover` says which of the first
three a cell's text is, wherever it stands; :func:`unit_only` says whether an
amount or a value cell holds only a unit (``万元`` is a fine answer in a 度量单位
column, or for the report's ``unit``, so that one depends on the box).
"""

from __future__ import annotations

import re
from typing import Final, Literal

Leftover = Literal["slot-name", "stars", "instruction"]

_SLOT_NAME: Final = re.compile(r"指标\s*[0-9一二三四五六七八九十]+\s*[:：]?")
_STARS: Final = re.compile(r"[*＊]{2,}|[(（]\s*[≥≤><=≧≦]\s*[^\d\s)）]{1,8}[)）]")
_INSTRUCTION: Final = re.compile(
    r"[(（]\s*\d+\s*字(?:以内|以下|左右)?\s*[)）]"
    r"|^(?:请填写|请说明|请简要|对照年度目标|结合自评情况|说明相关|填写说明)"
)
_UNITS_ALONE: Final = frozenset({"万元", "元", "亿元", "千元", "%", "％"})

HINT: Final = re.compile(
    r"指标\s*[0-9０-９一二三四五六七八九十]|[*＊]{2}|[(（]\s*[≥≤><=≧≦＞＜＝]"
    r"|字(?:以内|以下|左右)|请填写|请说明|请简要|对照年度目标|结合自评情况|说明相关|填写说明"
    r"|^[\s\u3000]*(?:万元|元|亿元|千元|%|％)[\s\u3000]*$",
    re.MULTILINE,
)
"""Matches any text holding a leftover (and some that do not): one search over all of a
form's texts, joined by line breaks, tells whether any cell needs a closer look."""


def unit_only(text: str) -> bool:
    """Whether a cell's text is only the unit the template printed in the box (``万元``)."""
    return text.strip() in _UNITS_ALONE


def leftover(text: str) -> Leftover | None:
    """Which kind of template leftover ``text`` is (a cell's folded, stripped text), or
    ``None`` for text someone wrote."""
    if _SLOT_NAME.fullmatch(text):
        return "slot-name"
    if _INSTRUCTION.search(text):
        return "instruction"
    if _STARS.search(text) and not re.search(r"\d", text):
        return "stars"
    return None
