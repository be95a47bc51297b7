"""Rule files from anyone: ``extends`` pointing outside (``/etc/passwd``, ``/dev/zero``, ``/``,
a FIFO, a file of 80 MB, a symlink to itself), broken YAML, ``!!python`` tags, surrogates in
messages, and rules whose expressions come from the expression strategies.

A :class:`RuleFileCase` is a folder of files, the one given to ``load_rules``, and the
report the rules then run on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.strategies import values
from tests.fuzz.strategies.expressions import expressions, well_formed
from tests.fuzz.strategies.files import Content, Special
from tests.fuzz.strategies.reports import report_data
from tests.fuzz.strategies.values import ShortRepr
from tests.fuzz.strategies.writing import encode

OUTSIDE = (
    "/etc/passwd",
    "/dev/zero",
    "/dev/urandom",
    "/",
    "/proc/self/environ",
    "/dev/stdin",
    "../../../../../../etc/passwd",
    "national-2020/../../../../etc/passwd",
    "~/.ssh/id_rsa.yaml",
    "C:\\Windows\\win.ini",
    "file:///etc/passwd",
    "\x00",
    "",
    "\ud800.yaml",
)
"""Places ``extends`` must not read or wait on."""

NEIGHBOURS: dict[str, Content] = {
    "secret.txt": Special("secret"),
    "secret": Special("secret"),
    "secret.yaml": Special("symlink", "secret.txt"),
    "passwd.yaml": Special("symlink", "/etc/passwd"),
    "zero.yaml": Special("symlink", "/dev/zero"),
    "huge.yaml": Special("sparse", size=80 * 1024 * 1024),
    "fifo.yaml": Special("fifo"),
    "socket.yaml": Special("socket"),
    "dir.yaml": Special("dir"),
    "loop.yaml": Special("symlink", "loop.yaml"),
    "dangling.yaml": Special("symlink", "nowhere.yaml"),
    "back.yaml": b"name: back\nextends: ./rules.yaml\nrules: []\n",
}
"""Files beside the rule file that ``extends`` may name."""

TARGETS = (*OUTSIDE, *(f"./{name}" for name in NEIGHBOURS), "national-2020", "hubei", "big.yaml")

SEVERITIES = ("error", "warning", "info", "fatal", "")


def _quoted(text: str) -> str:
    # a YAML double-quoted scalar: JSON's escapes are YAML's (\ud800 included)
    return json.dumps(text, ensure_ascii=True)


@st.composite
def _rule(draw: st.DrawFn, index: int) -> str:
    check = draw(expressions())
    message = draw(
        st.sampled_from(
            (
                "得分 {score} 超过分值 {weight}",
                "{name}：{score}",
                "{d}",
                "{",
                "{score:>99999}",
                "{score!r}",
                "{0}",
                "{{}}",
            )
        )
    ) + draw(st.sampled_from(("", *values.LONE_SURROGATES, "\x00", "A" * 1000)))
    lines = [
        f"  - id: fuzz-rule-{index}",
        f"    severity: {draw(st.sampled_from(SEVERITIES))}",
        "    title: 模糊测试",
        f"    check: {_quoted(check)}",
        f"    message: {_quoted(message)}",
    ]
    if draw(st.booleans()):
        lines.append(
            f"    each: {_quoted(draw(st.sampled_from(('indicators', 'narrative', 'funds'))))}"
        )
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        lines.append(f"    when: {_quoted(draw(well_formed()))}")
    return "\n".join(lines)


@st.composite
def rule_texts(draw: st.DrawFn, extends: tuple[str, ...] = ()) -> str:
    """A rule file's text: header, ``extends``, ``params``, ``defs`` and a few rules."""
    lines = [f"name: {draw(st.sampled_from(('fuzz', 'Bad Name', _quoted('坏'), '[1]')))}"]
    if len(extends) == 1:
        lines.append(f"extends: {_quoted(extends[0])}")
    elif extends:
        lines.append("extends: [" + ", ".join(_quoted(e) for e in extends) + "]")
    if draw(st.booleans()):
        value = draw(st.one_of(values.texts(), values.raw_numbers().map(lambda r: r.text)))
        lines.append(f"params: {{x: {_quoted(value) if draw(st.booleans()) else value}}}")
    if draw(st.booleans()):
        lines.append(f"defs:\n  d: {_quoted(draw(well_formed()))}")
    lines.append("rules:")
    lines.extend(draw(_rule(index)) for index in range(draw(st.integers(1, 3))))
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        insert = draw(st.sampled_from(_BREAKAGES))
        text = text[:at] + insert + text[at:]
    return text


_BREAKAGES = (
    "\n!!python/object/apply:builtins.exit [97]\n",
    "\nx: !!python/object/apply:builtins.exit [97]\n",
    ": !!int abc",
    "\t",
    "\n  - ",
    "&a [*a, *a]",
    "*undefined",
    "\ufeff",
    "\x00",
    "\n---\n",
    "{",
    "\nrules: 5\n",
    "\nname: twice\n",
)


def _big_rule_file() -> bytes:
    # a valid rule file above the size limit: 30,000 copies of one small rule
    rule = "  - {{id: big-{0}, severity: info, title: t, check: 'score <= weight', message: m}}\n"
    return ("rules:\n" + "".join(rule.format(i) for i in range(30_000))).encode()


PACKS = ("national-2020", "hubei")
"""What ``extends`` may name here: built-in packs (anything else in :data:`TARGETS` is not
a rule file, or is a rule file that cannot be loaded)."""


@dataclass(frozen=True, slots=True, repr=False)
class RuleFileCase(ShortRepr):
    """``rules.yaml`` (and its neighbours) in a folder, loaded, then run on ``report``."""

    text: str
    report: Any
    extends: tuple[str, ...] = ()
    strict: bool = True
    encoding: str = "utf-8"

    def files(self) -> dict[str, Content]:
        written = dict(NEIGHBOURS)
        if "big.yaml" in self.extends:
            written["big.yaml"] = _big_rule_file()
        written["rules.yaml"] = encode(self.text, self.encoding)
        return written

    @property
    def extends_elsewhere(self) -> bool:
        """Whether ``extends`` names anything but a built-in pack: each such name is an error."""
        return any(target not in PACKS for target in self.extends)

    @property
    def echo_forbidden(self) -> tuple[str, ...]:
        """Texts no error may show: the start of files ``extends`` names that are not rule
        files (unless a rule file linked to the same file is named too: it may quote a
        bounded excerpt)."""
        forbidden = []
        outside = any("passwd" in target for target in self.extends if target in OUTSIDE)
        if outside and "./passwd.yaml" not in self.extends:
            forbidden.append("root:x:0:0:")
        if {"./secret.txt", "./secret"} & set(self.extends) and "./secret.yaml" not in self.extends:
            forbidden.append("FUZZ-SECRET")
        return tuple(forbidden)


@st.composite
def rule_file_cases(draw: st.DrawFn) -> RuleFileCase:
    extends = tuple(draw(st.lists(st.sampled_from(TARGETS), max_size=2)))
    return RuleFileCase(
        text=draw(rule_texts(extends)),
        report=draw(report_data(form="dict")),
        extends=extends,
        strict=draw(st.booleans()),
        encoding=draw(st.sampled_from(("utf-8", "utf-8", "gb18030", "utf-16"))),
    )
