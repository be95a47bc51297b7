"""The overview's charts: findings by severity and by rule, as inline SVG horizontal bars.

Drawn by hand, no script and no font from anywhere: a label column (the
rule's title in the page's language, its id in the tooltip), a bar per rule
stacked by severity, and the count after it. The page's stylesheet colours
the bars (``rect.sev-error`` …), so the SVG carries no style of its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from html import escape

from evallint.formatters.html.labels import SEVERITIES, Labels

_ROW = 22
_BAR = 14
_BAR_WIDTH = 320
_FONT = 12
_LABEL_LIMIT = 36  # display columns (a CJK character is two)


def severity_chart(counts: Mapping[str, int], labels: Labels) -> str:
    """Three bars: how many errors, warnings and infos."""
    bars = [
        (severity, labels.severity(severity), {severity: counts.get(severity, 0)}, "")
        for severity in SEVERITIES
    ]
    return _chart("chart-severity", labels("by_severity"), bars)


def rule_chart(
    counts: Mapping[tuple[str, str], int], titles: Mapping[str, str], labels: Labels
) -> str:
    """One bar per rule that found something, most findings first, stacked by severity."""
    by_rule: dict[str, dict[str, int]] = {}
    for (rule, severity), count in counts.items():
        by_rule.setdefault(rule, {})[severity] = count
    ordered = sorted(by_rule.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    bars = [(rule, titles.get(rule) or rule, parts, rule) for rule, parts in ordered]
    return _chart("chart-rules", labels("by_rule"), bars)


def _chart(css: str, title: str, bars: list[tuple[str, str, dict[str, int], str]]) -> str:
    if not bars:
        return ""
    shown = [_clip(label) for _, label, _, _ in bars]
    label_width = 12 + max(_width(text) for text in shown) * _FONT // 2
    largest = max(max(sum(parts.values()) for _, _, parts, _ in bars), 1)
    width = label_width + _BAR_WIDTH + 60
    height = len(bars) * _ROW + 8
    rows = []
    for index, ((key, label, parts, rule), text) in enumerate(zip(bars, shown, strict=True)):
        total = sum(parts.values())
        tip = f"{rule}: {label}" if rule and label != rule else label
        tip += f" — {total}"
        x = label_width
        rects = []
        for severity in SEVERITIES:
            count = parts.get(severity, 0)
            if not count:
                continue
            length = max(2, round(_BAR_WIDTH * count / largest))
            rects.append(
                f'<rect class="sev-{severity}" x="{x}" y="4" width="{length}" height="{_BAR}"/>'
            )
            x += length
        data = f' data-rule="{escape(rule)}"' if rule else f' data-severity="{escape(key)}"'
        top = index * _ROW + 4
        rows.append(
            f'<g class="bar"{data} data-count="{total}" transform="translate(0,{top})">'
            f"<title>{escape(tip)}</title>"
            f'<text class="label" x="{label_width - 8}" y="15" text-anchor="end">'
            f"{escape(text)}</text>{''.join(rects)}"
            f'<text class="value" x="{x + 6}" y="15">{total}</text></g>'
        )
    return (
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg class="{css}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">{"".join(rows)}</svg></figure>'
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str) -> str:
    if _width(text) <= _LABEL_LIMIT:
        return text
    kept, used = [], 0
    for character in text:
        used += _width(character)
        if used > _LABEL_LIMIT - 1:
            break
        kept.append(character)
    return "".join(kept) + "…"
