"""Find 项目支出绩效自评表 forms in a grid by their labels, and read them into reports.

Nothing here depends on fixed addresses: a form starts at its 项目名称 label,
the funds block is found by its 年初预算数/全年预算数/全年执行数 header, the
indicator block by its 三级指标 header, and every value is read from the
column its header names. Labels are compared folded (no spaces or line
breaks, half-width, without a ``（万元）`` suffix), so ``项目支\\n出名称`` is
项目名称's other spelling 项目支出名称. Rows the finder does not know are kept
in ``extra_rows``; only empty spacer rows and ``……`` placeholder rows are
passed over.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evallint import pointer
from evallint.domain.layouts import layouts
from evallint.office.grid import Grid, GridCell, label, points_in, without_points
from evallint.office.labels import (
    FIELD_LABELS,
    FUNDS_AMOUNTS,
    FUNDS_COLUMNS,
    FUNDS_LABEL,
    FUNDS_ROWS,
    GOALS_COLUMNS,
    GOALS_LABELS,
    INDICATOR_COLUMNS,
    INDICATORS_LABEL,
    PLACEHOLDERS,
    PROJECT_LABELS,
    TOTAL_LABELS,
    VALUE_LABELS,
)

YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
"""A year as forms write it in titles (``2022年度``)."""
YEAR_LINE = re.compile(r"[（(]?\s*(?:19|20)\d\d\s*年度?\s*[)）]?")
"""The line the national template prints on its own under the title: ``（2022年度）``."""
_OTHER_OF = re.compile(r"^其中[:：]?")


@dataclass
class Form:
    """One form read from a grid: the report data and where each value came from."""

    data: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)
    stored: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    """(code, JSON Pointer, cell) of values that may be wrong."""


def find_forms(grid: Grid) -> list[Form]:
    """Every form in ``grid``, top to bottom (several may be stacked on one sheet).

    A form owns the rows from its title (or the top of the grid) down to the
    title of the next form: what it does not recognise there is kept in its
    ``extra_rows``.
    """
    anchors = [r for r in range(len(grid.rows)) if _project_label_col(grid, r) is not None]
    tops = [0] + [_title_top(grid, anchor) for anchor in anchors[1:]]
    forms = []
    for index, anchor in enumerate(anchors):
        bottom = tops[index + 1] if index + 1 < len(anchors) else len(grid.rows)
        reader = _FormReader(grid, anchor, bottom)
        reader.read(tops[index])
        forms.append(reader.form)
    return forms


def _title_top(grid: Grid, anchor: int) -> int:
    """The first row of the title lines right above a form's 项目名称 row."""
    top = anchor
    row = anchor - 1
    while row >= 0:
        texts = {
            id(cell): cell.text for cell in grid.rows[row] if cell is not None and cell.text.strip()
        }
        if not texts:
            row -= 1
            continue
        if len(texts) == 1 and _is_title_line(next(iter(texts.values()))):
            top = row
            row -= 1
            continue
        break
    return top


def _is_title(text: str) -> bool:
    return "自评" in text or "绩效" in text


def _is_title_line(text: str) -> bool:
    """A line of the title block: the title, or the year under it."""
    return _is_title(text) or YEAR_LINE.fullmatch(text.strip()) is not None


def _ends_funds(text: str) -> bool:
    """Whether a label starts the block after the funds rows."""
    return (
        text in GOALS_LABELS
        or text in INDICATOR_COLUMNS
        or text == INDICATORS_LABEL
        or text in TOTAL_LABELS
    )


def _project_label_col(grid: Grid, row: int) -> int | None:
    for col, cell in enumerate(grid.rows[row]):
        if (
            cell is not None
            and label(cell.text) in PROJECT_LABELS
            and not grid.is_continuation(row, col)
        ):
            return col
    return None


class _FormReader:
    def __init__(self, grid: Grid, start: int, end: int) -> None:
        self.grid = grid
        self.start = start  # the 项目名称 row
        self.limit = end  # one past the last row of this form's region
        self.form = Form({"format": "evallint.report/1"})
        self.used: set[int] = set()
        self.labels: set[str] = set()  # the header labels read (they tell the layout)
        # each row's cells and labels, worked out once for all the passes over the form
        self.texts: dict[int, list[tuple[GridCell, str]]] = {}
        self.row_labels: dict[int, set[str]] = {}

    # --- putting values in -----------------------------------------------------------

    def put(self, path: str, cell: GridCell, value: Any = None) -> None:
        """Set the value at ``path`` from ``cell`` and remember where it came from."""
        tokens = pointer.split(path)
        target = self.form.data
        for token in tokens[:-1]:
            target = target.setdefault(token, {})
        target[tokens[-1]] = cell.value if value is None else value
        self.note(path, cell)

    def note(self, path: str, cell: GridCell) -> None:
        self.form.cells[path] = cell.ref
        if cell.stored is not None:
            self.form.stored[path] = cell.stored
        if cell.problem is not None:
            self.form.problems.append((cell.problem, path, cell.ref))

    # --- the whole form -------------------------------------------------------------

    def read(self, first: int) -> None:
        self._title(first)
        self._fields()
        self._funds()
        self._goals()
        self._indicators()
        self._extra_rows(first)
        self._layout()

    def _note_labels(self, row: int) -> None:
        self.labels.update(label(text) for _, text in self._distinct_texts(row))

    def _layout(self) -> None:
        """The layout family whose own labels the form prints (headers, funds rows, level-1
        blocks) — at least two, the most of any family; the national one: none."""
        best, most = None, 1  # two labels of its own at least: one could be a coincidence
        for name, family in layouts().items():
            shared = len(self.labels & {label(text) for text in family.labels})
            if name != "national-2020" and shared > most:  # the most labels of its own
                best, most = name, shared
        if best is not None:
            self.form.data["layout"] = best

    def _title(self, first: int) -> None:
        for row in range(first, self.start):
            texts = self._distinct_texts(row)
            if len(texts) == 1 and _is_title_line(texts[0][1]):
                cell, text = texts[0]
                title = "".join(text.split())
                self.used.add(row)
                if _is_title(text) and "title" not in self.form.data:
                    self.put("/title", cell, title)
                year = YEAR.search(title)  # in the title, or on the line under it
                if year and "year" not in self.form.data:
                    self.put("/year", cell, Decimal(year.group(1)))

    def _fields(self) -> None:
        for row in range(self.start, self.limit):
            for col, cell in enumerate(self.grid.rows[row]):
                key = FIELD_LABELS.get(label(cell.text)) if cell is not None else None
                if key is None or key in self.form.data or self.grid.is_continuation(row, col):
                    continue
                value = self._right_of(row, col)
                if value is not None:
                    self.put(f"/{key}", value, value.text)
                    self.used.add(row)

    def _right_of(self, row: int, col: int) -> GridCell | None:
        """The next cell to the right of (row, col) that is not part of the same area."""
        here = self.grid.cell(row, col)
        for c in range(col + 1, self.grid.width()):
            cell = self.grid.cell(row, c)
            if cell is not None and cell is not here:
                return cell
        return None

    # --- 项目资金 --------------------------------------------------------------------

    def _funds(self) -> None:
        header = self._find_row(lambda labels: len(labels & FUNDS_AMOUNTS) >= 2)
        if header is None:
            return
        self._note_labels(header)
        columns = self._columns(header, FUNDS_COLUMNS)
        self.used.add(header)
        for cell in self.grid.rows[header]:
            if cell is not None and FUNDS_LABEL in label(cell.text):
                raw = unicodedata.normalize("NFKC", cell.text)
                unit = "元" if re.search(r"[（(]\s*元\s*[)）]", raw) else "万元"
                self.put("/unit", cell, unit)
                break
        first_value = min(columns) if columns else self.grid.width()
        for row in range(header + 1, self.limit):
            texts = self._distinct_texts(row, stop=first_value)
            labels = [label(text) for _, text in texts]
            if any(_ends_funds(lab) for lab in labels):
                break
            names = [
                (cell, _OTHER_OF.sub("", lab))
                for (cell, _), lab in zip(texts, labels, strict=True)
                if lab and FUNDS_LABEL not in lab
            ]
            if not names:
                if all(not self.grid.text(row, c).strip() for c in columns):
                    continue  # a spacer row
                break
            name_cell, name = names[-1]
            self.labels.add(name)  # a source row's label tells the layout too (中央补助 …)
            key = FUNDS_ROWS.get(name, name)  # another source row keeps its label as key
            self.used.add(row)
            for col, column in columns.items():
                cell = self.grid.cell(row, col)
                if cell is None or cell is name_cell:
                    continue
                if column in ("weight", "rate", "score"):
                    if key == "total":
                        self.put(f"/funds/{column}", cell)
                    continue
                self.put(pointer.build(["funds", key, column]), cell)

    # --- 年度总体目标 --------------------------------------------------------------------

    def _goals(self) -> None:
        row = self._find_row(lambda labels: bool(labels & GOALS_LABELS))
        if row is None:
            return
        self.used.add(row)
        header = row
        columns = self._columns(row, GOALS_COLUMNS)
        if not columns and row + 1 < self.limit:
            header = row + 1
            columns = self._columns(header, GOALS_COLUMNS)
            self.used.add(header)
        if not columns:
            return
        values = header + 1
        labels = (
            {label(text) for _, text in self._distinct_texts(values)}
            if values < self.limit
            else set()
        )
        for col, key in columns.items():
            cell = self.grid.cell(values, col)
            heading = self.grid.cell(header, col)
            if (
                values >= self.limit
                or cell is None
                or cell is heading
                or labels & INDICATOR_COLUMNS.keys()
            ):
                if heading is not None:
                    self.put(f"/goals/{key}", heading, "")  # no row of values: blank
                continue
            self.put(f"/goals/{key}", cell)
        if values < self.limit and not labels & INDICATOR_COLUMNS.keys():
            self.used.add(values)

    # --- 绩效指标 --------------------------------------------------------------------

    def _indicators(self) -> None:
        header = self._find_row(lambda labels: "三级指标" in labels and bool(labels & VALUE_LABELS))
        if header is None:
            return
        self._note_labels(header)
        columns = self._columns(header, INDICATOR_COLUMNS)
        self.used.add(header)
        by_key = {key: col for col, key in columns.items()}
        rows: list[dict[str, Any]] = []
        level1 = level2 = ""
        for row in range(header + 1, self.limit):
            texts = self._distinct_texts(row)
            if any(label(text) in TOTAL_LABELS for _, text in texts):
                self._total(row, by_key)
                self.used.add(row)
                break
            if any(label(text) in PROJECT_LABELS for _, text in texts):
                break
            own = [
                (col, cell)
                for col, cell in enumerate(self.grid.rows[row])
                if col in columns and cell is not None and not self.grid.is_continuation(row, col)
            ]
            if not any(cell.text.strip() for _, cell in own):
                continue  # a spacer row, or one whose only content is merged from above
            index = len(rows)
            entry: dict[str, Any] = {}
            cells: dict[str, GridCell] = {}
            for key, col in by_key.items():
                cell = self.grid.cell(row, col)
                if cell is not None:
                    cells[key] = cell
            level1_cell = cells.get("level1")
            if level1_cell is not None and level1_cell.text.strip():
                level1 = without_points(level1_cell.text)
                self.labels.add(level1)  # 项目决策 … tell the four-block layout
                points = points_in(level1_cell.text)
                if points is not None and level1 not in self.form.data.get("categories", {}):
                    self.put(pointer.build(["categories", level1]), level1_cell, points)
            level2_cell = cells.get("level2")
            if level2_cell is not None and level2_cell.text.strip():
                level2 = label(level2_cell.text)
            elif (
                level1_cell is not None
                and level1_cell.text.strip()
                and not self.grid.is_continuation(row, by_key["level1"])
            ):
                level2 = ""  # a new level-1 block starts without a level-2 label
            name_cell = cells.get("name")
            name = name_cell.text if name_cell is not None else ""
            if label(name) in PLACEHOLDERS and all(
                not cells[key].text.strip()
                for key in cells
                if key not in ("level1", "level2", "name")
            ):
                continue  # a …… placeholder row
            base = f"/indicators/{index}"
            if "level1" in by_key:
                entry["level1"] = level1
                if level1_cell is not None:
                    self.note(f"{base}/level1", level1_cell)
            if "level2" in by_key:
                entry["level2"] = level2
                if level2_cell is not None:
                    self.note(f"{base}/level2", level2_cell)
            for key in (
                "name",
                "target",
                "actual",
                "weight",
                "score",
                "deviation",
                "nature",
                "unit",
            ):
                cell = cells.get(key)
                if cell is None:
                    continue
                entry[key] = cell.text if key == "name" else cell.value
                self.note(f"{base}/{key}", cell)
            rows.append(entry)
            self.used.add(row)
        self.form.data["indicators"] = rows

    def _total(self, row: int, by_key: dict[str, int]) -> None:
        texts = self._distinct_texts(row)
        label_cell = next(cell for cell, text in texts if label(text) in TOTAL_LABELS)
        weight = self.grid.cell(row, by_key["weight"]) if "weight" in by_key else None
        score = self.grid.cell(row, by_key["score"]) if "score" in by_key else None
        if weight is label_cell:
            weight = None
        if score is label_cell:
            score = None
        if weight is None and score is None:  # values straight after the label
            after = [cell for cell, _ in texts if cell is not label_cell]
            weight, score = [*after, None, None][:2]
        if weight is not None:
            self.put("/total/weight", weight)
        if score is not None:
            self.put("/total/score", score)

    # --- what is left ------------------------------------------------------------------

    def _extra_rows(self, first: int) -> None:
        extra: list[list[str]] = []
        for row in range(first, self.limit):
            if row in self.used:
                continue
            texts = [(cell, text) for cell, text in self._distinct_texts(row) if text.strip()]
            if not texts:
                continue
            index = len(extra)
            extra.append([text for _, text in texts])
            for position, (cell, _) in enumerate(texts):
                self.note(f"/extra_rows/{index}/{position}", cell)
        if extra:
            self.form.data["extra_rows"] = extra

    # --- helpers --------------------------------------------------------------------------

    def _find_row(self, wanted: Any) -> int | None:
        for row in range(self.start, self.limit):
            labels = self.row_labels.get(row)
            if labels is None:
                labels = self.row_labels[row] = {
                    label(text) for _, text in self._distinct_texts(row)
                }
            if wanted(labels):
                return row
        return None

    def _columns(self, row: int, names: dict[str, str]) -> dict[int, str]:
        """Column → key for the header cells of ``row`` whose label is in ``names``."""
        columns: dict[int, str] = {}
        taken: set[str] = set()
        for col, cell in enumerate(self.grid.rows[row]):
            if cell is None or self.grid.is_continuation(row, col):
                continue
            key = names.get(without_points(cell.text))
            if key is not None and key not in taken:
                columns[col] = key
                taken.add(key)
        return columns

    def _distinct_texts(self, row: int, stop: int | None = None) -> list[tuple[GridCell, str]]:
        """The cells of ``row`` left to right, each merged area once (up to column ``stop``)."""
        if stop is None and row in self.texts:
            return self.texts[row]  # every pass over the form asks again
        found: list[tuple[GridCell, str]] = []
        seen: set[int] = set()
        cells = self.grid.rows[row][:stop] if stop is not None else self.grid.rows[row]
        for cell in cells:
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            found.append((cell, cell.text))
        if stop is None:
            self.texts[row] = found
        return found
