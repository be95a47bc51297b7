"""One-defect variants of a correct form: ``inject`` and the ``DEFECTS`` it knows.

Each injector's docstring names the catalogue check it follows (#1 … #43); the modules hold
them by part of the form: ``funds`` (#1–#7), ``cells`` (#8–#14), ``indicators`` (#15–#38)
and ``text`` (#39–#43), with what they share in ``base``.
"""

from __future__ import annotations

import copy
import random
from typing import Any

# isort: off
# The injectors add themselves to INJECTORS as their modules are imported, and DEFECTS keeps
# that order (the catalogue's): the command line's seeded choice of a defect depends on it,
# so these imports stay in this order.
from tools.formgen.defects.base import INJECTORS, Injection
from tools.formgen.defects import funds, cells, indicators, text  # noqa: F401
# isort: on

__all__ = ["DEFECTS", "Injection", "inject"]

DEFECTS: tuple[str, ...] = tuple(INJECTORS)
"""Defect kinds ``inject`` knows, each named by the catalogue rule that must fire."""


def inject(form: dict[str, Any], defect: str, rng: random.Random) -> Injection:
    """A deep copy of ``form`` with exactly one ``defect``, and where it must be found."""
    if defect not in INJECTORS:
        raise ValueError(f"unknown defect {defect!r}; known: {', '.join(DEFECTS)}")
    broken = copy.deepcopy(form)
    where = INJECTORS[defect](broken, rng)
    if isinstance(where, tuple):
        path, also = where
        return Injection(broken, defect, path, also)
    return Injection(broken, defect, where)
