"""The layout families of 自评表 (``evallint/layouts.yaml``): which boxes each has, its points.

A report names its family with ``"layout"`` (report format v1.1). A box the
family does not have is not on the form — a rule about it does not apply — and
the family's points (``params``: the funds block's 10 or 20, level-1 splits, none
for an unscored form) are what the rules read. A report without ``layout`` is
the national layout, as far as points go, and has the boxes it carries.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from evallint._files import package_file

FUNDS_COLUMNS: Final = frozenset({"initial", "adjusted", "executed"})
FUNDS_BOXES: Final = frozenset({"weight", "rate", "score", "reason"})
INDICATOR_COLUMNS: Final = frozenset(
    {"level1", "level2", "name", "target", "actual", "weight", "score", "deviation", "nature",
     "unit"}
)  # fmt: skip
TOTAL_BOXES: Final = frozenset({"weight", "score"})


@dataclass(frozen=True, slots=True)
class Layout:
    """One family: its boxes, its points and the labels it is recognised by."""

    name: str
    title: Mapping[str, str]
    funds_columns: frozenset[str]
    funds_boxes: frozenset[str]
    indicator_columns: frozenset[str]
    goals: bool
    total: frozenset[str]
    categories: bool
    params: Mapping[str, Any] = field(default_factory=dict)
    labels: tuple[str, ...] = ()

    def lacks(self, table: str, key: str) -> bool:
        """Whether the form has no box ``key`` in ``table`` (``funds``, ``funds-row``,
        ``indicator``, ``goals``, ``total``, ``categories``; the top level is ``report``)."""
        if table == "funds-row":
            return key in FUNDS_COLUMNS and key not in self.funds_columns
        if table == "funds":
            return key in FUNDS_BOXES and key not in self.funds_boxes
        if table == "indicator":
            return key in INDICATOR_COLUMNS and key not in self.indicator_columns
        if table == "goals":
            return not self.goals
        if table == "total":
            return key in TOTAL_BOXES and key not in self.total
        if table == "report":
            return (key == "goals" and not self.goals) or (
                key == "categories" and not self.categories
            )
        return False


@functools.cache
def layouts() -> Mapping[str, Layout]:
    """Every family, by name (read once, when a report first names one)."""
    import yaml  # only a report that names its layout needs the file

    with package_file("layouts.yaml").open(encoding="utf-8") as stream:
        entries: dict[str, Any] = yaml.safe_load(stream)
    return {name: _layout(name, entry) for name, entry in entries.items()}


def _layout(name: str, entry: Mapping[str, Any]) -> Layout:
    return Layout(
        name=name,
        title=dict(entry["title"]),
        funds_columns=frozenset(entry["funds_columns"]),
        funds_boxes=frozenset(entry["funds_boxes"]),
        indicator_columns=frozenset(entry["indicator_columns"]),
        goals=bool(entry["goals"]),
        total=frozenset(entry["total"]),
        categories=bool(entry["categories"]),
        params=_exact(dict(entry.get("params") or {})),
        labels=tuple(entry.get("labels") or ()),
    )


def _exact(value: Any) -> Any:
    """Points as the rules read numbers: Decimal (YAML gives ints)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {str(key): _exact(item) for key, item in value.items()}
    return value


def layout(name: str) -> Layout | None:
    """The family called ``name``; ``None`` for a name evallint does not know."""
    return layouts().get(name)
