"""Read one form cell as a person typed it.

A *cell* is what somebody typed into one box of a 项目支出绩效自评表: ``"　94%"``,
``"≥50个"``, ``"1.2万册"``, ``"5-10个工作日"``, ``"完成"``, ``None``. :func:`read_cell`
turns it into a :class:`Cell`: its kind (blank, number, quantity, range or text), the
number as an exact :class:`~decimal.Decimal` (never a binary float), the comparator, the
unit, the percent flag, whether the number was only approximate, and the precision it was
written with. It never raises: whatever it cannot read is text, a number beyond the number
policy (:mod:`evallint.domain.numbers`: ``1e999999999``, a hundred digits) included.

Every spelling it understands lives in the tables below, written as they look after
NFKC folding (so ``＞`` is listed as ``>``). ``docs/cells.md`` shows the same tables to
users and rule authors, and a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal

from evallint.domain.leftovers import Leftover, leftover
from evallint.domain.numbers import is_readable, number_from_value

__all__ = ["Cell", "CellKind", "Comparator", "read_cell"]

CellKind = Literal["blank", "number", "quantity", "range", "text"]
Comparator = Literal[">=", "<=", ">", "<", "="]

# --------------------------------------------------------------------------- tables

#: Comparators written before the number: symbols and words.
PREFIX_COMPARATORS: Final[Mapping[str, Comparator]] = MappingProxyType(
    {
        # >= ; ≮ "not less than" is how some Chinese templates print ≥
        "≥": ">=", "≧": ">=", "⩾": ">=", ">=": ">=", "=>": ">=", "≮": ">=",
        "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=",
        "大于等于": ">=", "大于或等于": ">=", "达到": ">=",
        # >
        ">": ">", "高于": ">", "超过": ">", "大于": ">", "多于": ">",
        # <= ; ≯ "not greater than"
        "≤": "<=", "≦": "<=", "⩽": "<=", "<=": "<=", "=<": "<=", "≯": "<=",
        "不高于": "<=", "不超过": "<=", "不大于": "<=", "不多于": "<=",
        "小于等于": "<=", "小于或等于": "<=",
        # <
        "<": "<", "低于": "<", "少于": "<", "小于": "<",
        # =
        "=": "=", "==": "=", "等于": "=",
    }
)  # fmt: skip

#: Comparators written after the number (and its unit). They include the number.
SUFFIX_COMPARATORS: Final[Mapping[str, Comparator]] = MappingProxyType(
    {
        "以上": ">=", "及以上": ">=", "或以上": ">=",
        "以下": "<=", "及以下": "<=", "或以下": "<=",
        "以内": "<=", "之内": "<=", "内": "<=",
    }
)  # fmt: skip

#: Prefixes that give a comparator only when no suffix gives one:
#: "控制在30万元" and "控制在30万元以内" are <=, but "控制在95%以上" is >=.
SOFT_PREFIXES: Final[Mapping[str, Comparator]] = MappingProxyType({"控制在": "<="})

#: Approximation words before the number: 约50人, 近20万次, 逾1000家.
PREFIX_APPROX: Final = ("近", "约", "大约", "逾", "超")
#: Approximation words right after the number (before a multiplier or unit): 1000余家, 20多万.
INNER_APPROX: Final = ("余", "多")
#: Approximation words at the end of the cell: 20万左右, 50人左右.
SUFFIX_APPROX: Final = ("左右", "余", "多")

#: What may stand between the two numbers of a range: 5-10, 5～10, 5至10天.
RANGE_SEPARATORS: Final = ("-", "~", "〜", "至", "到", "—", "——", "–", "−", "‐")

#: Multipliers that scale a bare count or a count unit, as a power of ten: 1.2万册 is 12000 册.
MULTIPLIERS: Final[Mapping[str, int]] = MappingProxyType(
    {"千": 3, "万": 4, "百万": 6, "千万": 7, "亿": 8, "万亿": 12}
)

#: Currencies; a multiplier in front of one is part of a money unit and never scales.
CURRENCIES: Final = ("元", "美元", "欧元", "港元")
#: Money units kept as units: 90万元 is 90 万元, not 900000 元.
MONEY_UNITS: Final = frozenset(
    scale + currency for scale in ("", *MULTIPLIERS) for currency in CURRENCIES
)

#: Physical units that begin with 千 (kilo-); 5千米 is 5 千米, not 5000 米.
KILO_UNITS: Final = ("千米", "千克", "千瓦", "千瓦时", "千伏", "千帕", "千焦", "千卡")

#: Words that make a number a percentage: 94%, ≥100百分比.
PERCENT_WORDS: Final = ("%", "百分比")

#: A cell made only of these characters (and spaces) is blank: /, —, --, *, ……, ...
PLACEHOLDER_CHARS: Final = "/*-—―–−‐─."

#: A unit that holds one of these is a date or deadline (12月底, 3个月后), read as text.
DEADLINE_MARKS: Final = ("前", "后", "底")

#: The longest unit, in characters; anything longer is prose.
UNIT_MAX_LENGTH: Final = 6

# ----------------------------------------------------------------- compiled patterns


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so 大于等于 wins over 大于."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_NUMBER: Final = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_SIGN: Final = r"[-+−]"

# The common case, "10" or "94%" or "9.4", straight from the form: no folding needed.
_PLAIN_RE: Final = re.compile(r"([0-9]+(?:\.([0-9]+))?)(%?)")
_SPACE_RE: Final = re.compile(r"\s+")
# "1 200" or "10 20": spaces inside digits are not one number, so the cell is prose.
_SPLIT_NUMBER_RE: Final = re.compile(r"[0-9.,]\s+[0-9.,]")
_PLACEHOLDER_RE: Final = re.compile(f"[{re.escape(PLACEHOLDER_CHARS)}]+")
# NFKC turns 10² into 102 and ㎡ into m2; these are kept as typed.
_KEEP_RE: Final = re.compile("([²³㎟㎠㎡㎢㎥])")
_UNIT_RE: Final = re.compile(r"(?:[^\W\d_²³]|[㎟㎠㎡㎢㎥°‰])(?:[^\W\d_]|[㎟㎠㎡㎢㎥°‰/·])*")
_MULTIPLIER_RE: Final = re.compile(_alternation(MULTIPLIERS))
_QUANTITY_RE: Final = re.compile(
    f"(?P<cmp>{_alternation((*PREFIX_COMPARATORS, *SOFT_PREFIXES))})?"
    f"(?P<about>{_alternation(PREFIX_APPROX)})?"
    f"(?P<sign>{_SIGN})?(?P<num>{_NUMBER})"
    f"(?:(?P<pct>%)?(?P<sep>{_alternation(RANGE_SEPARATORS)})"
    f"(?P<sign2>{_SIGN})?(?P<num2>{_NUMBER}))?"
    "(?P<tail>.*)",
    re.DOTALL,
)
_MONEY_PREFIXES: Final = tuple(sorted(MONEY_UNITS, key=len, reverse=True))
_SUFFIX_COMPARATOR_WORDS: Final = tuple(sorted(SUFFIX_COMPARATORS, key=len, reverse=True))
_SUFFIX_APPROX_WORDS: Final = tuple(sorted(SUFFIX_APPROX, key=len, reverse=True))
_NATURE_COMPARATORS: Final[Mapping[str, Comparator]] = MappingProxyType(
    {**PREFIX_COMPARATORS, **SUFFIX_COMPARATORS}
)

# ------------------------------------------------------------------------------ cell


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as read.

    ``kind`` says what was found: ``blank`` (not filled in, never zero), ``number``
    (a bare number, maybe a percentage), ``quantity`` (a number with a comparator, a
    unit or an approximation word), ``range`` (two numbers: ``low`` and ``high``) or
    ``text`` (anything else). ``raw`` is the text as given. ``value`` is the number as
    written after any 万/亿 multiplier, so ``"94%"`` has value 94; :attr:`number` is
    the value to compute with (0.94). ``decimals`` is the precision the number was
    written with, in decimal places: ``"135.35"`` → 2, ``"1.2万"`` → -3.
    """

    kind: CellKind
    raw: str
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    comparator: Comparator | None = None
    unit: str | None = None
    percent: bool = False
    approx: bool = False
    decimals: int | None = None
    leftover: Leftover | None = None
    """For text: the template text left in the form that it is (``指标1``, ``(≥**平方米)``, a
    printed instruction, a lone ``万元``: :mod:`evallint.domain.leftovers`), else ``None``."""

    @property
    def number(self) -> Decimal | None:
        """The value to compute with: a percentage divided by 100, exactly."""
        if self.value is None:
            return None
        return _shift(self.value, -2) if self.percent else self.value


_NONE_CELL: Final = Cell("blank", "")


# --------------------------------------------------------------------------- reading


def read_cell(value: object, *, nature: object = None, unit: object = None) -> Cell:
    """Read one typed cell; never raises.

    ``nature`` and ``unit`` are the row's own 指标性质 and 度量单位 columns, where the
    form has them. They fill what the value leaves open (a comparator, the unit or
    the percent flag); what the value says itself wins.
    """
    cell = _read_value(value)
    if (nature is None and unit is None) or cell.kind in ("blank", "text"):
        return cell
    return _complete(cell, nature, unit)


def _read_value(value: object) -> Cell:
    if type(value) is str:
        return _read_str(value)
    if value is None:
        return _NONE_CELL
    if isinstance(value, bool):  # before int: True is an int but not a number here
        return Cell("text", "true" if value else "false")
    if isinstance(value, (int, Decimal)):
        # sized before it becomes a Decimal; str(Decimal) has no 4300-digit limit, unlike
        # str(int), and an unreadable number's str() is its text, cut short
        number = number_from_value(value)
        if not number.is_finite():
            return Cell("text", str(number))
        return Cell("number", str(number), value=number, decimals=_decimals_of(number))
    if isinstance(value, str):  # a str subclass
        return _read_str(str.__str__(value))
    if isinstance(value, float):  # YAML floats: read the shortest text that round-trips
        return _read_str(str(value))
    return Cell("text", _safe_str(value))


@functools.lru_cache(maxsize=16384)
def _read_str(raw: str) -> Cell:
    match = _PLAIN_RE.fullmatch(raw)
    if match is not None:
        return _plain_number(raw, match)
    text = (raw if raw.isascii() else _fold(raw)).strip()
    if not text:
        return Cell("blank", raw)
    match = _PLAIN_RE.fullmatch(text)
    if match is not None:
        return _plain_number(raw, match)
    return _read_typed(raw, text)


def _plain_number(raw: str, match: re.Match[str]) -> Cell:
    places = match[2]
    value = Decimal(match[1])
    if not is_readable(value):
        return Cell("text", raw)
    return Cell(
        "number",
        raw,
        value=value,
        percent=bool(match[3]),
        decimals=len(places) if places else 0,
    )


def _fold(text: str) -> str:
    """NFKC: full-width digits, ％ ＞ ＝ ，, U+3000 and U+00A0 become their plain forms."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    if _KEEP_RE.search(text) is None:
        return unicodedata.normalize("NFKC", text)
    parts = _KEEP_RE.split(text)  # odd indexes hold the kept characters
    return "".join(
        part if index % 2 else unicodedata.normalize("NFKC", part)
        for index, part in enumerate(parts)
    )


def _read_typed(raw: str, text: str) -> Cell:
    """Everything but a plain number: ``text`` is folded, stripped and not empty."""
    if _SPACE_RE.search(text) is not None:
        if _SPLIT_NUMBER_RE.search(text) is not None:
            return Cell("text", raw)
        text = _SPACE_RE.sub("", text)
    if _PLACEHOLDER_RE.fullmatch(text) is not None:
        return Cell("blank", raw)
    match = _QUANTITY_RE.fullmatch(text)
    if match is None:
        return Cell("text", raw, leftover=leftover(text))
    tail = _read_tail(match["tail"])
    if tail is None:
        return Cell("text", raw, leftover=leftover(text))
    shift, percent, unit, suffix_comparator, approx = tail

    comparator: Comparator | None = suffix_comparator
    prefix = match["cmp"]
    if prefix is not None:
        if prefix in SOFT_PREFIXES:
            comparator = suffix_comparator or SOFT_PREFIXES[prefix]
        elif suffix_comparator is None or suffix_comparator == PREFIX_COMPARATORS[prefix]:
            comparator = PREFIX_COMPARATORS[prefix]
        else:  # "≥90%以下": the two comparators disagree
            return Cell("text", raw)
    approx = approx or match["about"] is not None

    low, low_decimals = _number(match["sign"], match["num"], shift)
    if not is_readable(low):
        return Cell("text", raw)
    if match["num2"] is not None:
        high, high_decimals = _number(match["sign2"], match["num2"], shift)
        if not is_readable(high):
            return Cell("text", raw)
        return Cell(
            "range",
            raw,
            low=low,
            high=high,
            comparator=comparator,
            unit=unit,
            percent=percent or match["pct"] is not None,
            approx=approx,
            decimals=max(low_decimals, high_decimals),
        )
    return Cell(
        "quantity" if comparator is not None or unit is not None or approx else "number",
        raw,
        value=low,
        comparator=comparator,
        unit=unit,
        percent=percent,
        approx=approx,
        decimals=low_decimals,
    )


def _read_tail(
    tail: str,
) -> tuple[int, bool, str | None, Comparator | None, bool] | None:
    """What follows the number(s): (multiplier power, percent, unit, comparator, approx).

    ``None`` when the tail is not a multiplier, unit and suffix words, i.e. prose.
    """
    if not tail:
        return 0, False, None, None, False
    approx = False
    if tail[0] in INNER_APPROX:
        approx, tail = True, tail[1:]
    shift = 0
    percent = False
    for percent_word in PERCENT_WORDS:
        if tail.startswith(percent_word):
            percent, tail = True, tail[len(percent_word) :]
            break
    else:
        if not tail.startswith(_MONEY_PREFIXES) and not tail.startswith(KILO_UNITS):
            multiplier = _MULTIPLIER_RE.match(tail)
            if multiplier is not None:
                shift, tail = MULTIPLIERS[multiplier[0]], tail[multiplier.end() :]
                if tail[:1] in INNER_APPROX:  # 20万余
                    approx, tail = True, tail[1:]

    comparator: Comparator | None = None
    suffix_approx = False
    # The suffix words may come in either order: 20万以上, 50人左右, 1000余家以上.
    for _ in range(2):
        word = _suffix(tail, _SUFFIX_COMPARATOR_WORDS) if comparator is None else None
        if word is not None:
            comparator, tail = SUFFIX_COMPARATORS[word], tail[: -len(word)]
            continue
        word = _suffix(tail, _SUFFIX_APPROX_WORDS) if not suffix_approx else None
        if word is not None:
            suffix_approx, tail = True, tail[: -len(word)]
            continue
        break

    if not tail:
        return shift, percent, None, comparator, approx or suffix_approx
    if (
        percent
        or len(tail) > UNIT_MAX_LENGTH
        or _UNIT_RE.fullmatch(tail) is None
        or any(mark in tail for mark in DEADLINE_MARKS)
    ):
        return None
    return shift, percent, tail, comparator, approx or suffix_approx


def _suffix(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` (sorted longest first) that ends ``text``."""
    if not text.endswith(words):
        return None
    return next(word for word in words if text.endswith(word))


def _number(sign: str | None, digits: str, shift: int) -> tuple[Decimal, int]:
    """An exact Decimal from digits as typed, scaled by 10**shift, and its decimal places."""
    digits = digits.replace(",", "")
    point = digits.find(".")
    places = len(digits) - point - 1 if point >= 0 else 0
    text = f"-{digits}" if sign in ("-", "−") else digits
    if shift:
        text = f"{text}E{shift}"  # "1.2E4": exact, keeps 1.2's two digits
    return Decimal(text), places - shift


def _shift(number: Decimal, places: int) -> Decimal:
    """``number`` times 10**places, exactly (scaleb would round past 28 digits)."""
    sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):  # NaN or infinity: nothing to shift
        return number
    return Decimal((sign, digits, exponent + places))


def _decimals_of(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def _safe_str(value: object) -> str:
    try:
        return str(value)
    except Exception:  # a broken __str__ must not break the reading
        return f"<{type(value).__name__}>"


# ---------------------------------------------------------------- nature and unit


def _complete(cell: Cell, nature: object, unit: object) -> Cell:
    """Fill the comparator, unit and percent flag the value left open from the columns."""
    comparator = cell.comparator
    if comparator is None and cell.kind != "range":  # a range is its own constraint
        comparator = _read_nature(nature)
    percent, unit_text = cell.percent, cell.unit
    if not percent and unit_text is None:
        percent, unit_text = _read_unit_column(unit)
    if comparator == cell.comparator and percent == cell.percent and unit_text == cell.unit:
        return cell
    kind = cell.kind
    if kind == "number" and (comparator is not None or unit_text is not None):
        kind = "quantity"
    return dataclasses.replace(
        cell, kind=kind, comparator=comparator, percent=percent, unit=unit_text
    )


def _compact(value: object) -> str:
    """A column's text, folded and without spaces; "" when it is not text or is a placeholder."""
    if not isinstance(value, str):
        return ""
    text = _SPACE_RE.sub("", _fold(value))
    return "" if _PLACEHOLDER_RE.fullmatch(text) else text


def _read_nature(nature: object) -> Comparator | None:
    # 定量, 定性, 正向, 反向 and anything unknown give no comparator.
    return _NATURE_COMPARATORS.get(_compact(nature))


def _read_unit_column(unit: object) -> tuple[bool, str | None]:
    text = _compact(unit)
    if not text:
        return False, None
    if text in PERCENT_WORDS:
        return True, None
    return False, text
