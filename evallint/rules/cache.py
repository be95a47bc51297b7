"""The compiled built-in packs, kept in evallint's cache folder so a one-form check starts fast.

Loading the national pack reads seven YAML files, checks them against the
rules schema, parses and checks some 420 expressions and compiles them: most
of a one-form run. The result depends only on evallint's own files, so the
first run keeps it (pickled) and later runs load that instead, whether the
pack is named alone, beside rule files of one's own or by their ``extends``.
Only built-in packs are kept: rule files of one's own change as they are
written, and are always read afresh. The entry is named by a digest of every
file of the installed package (:func:`evallint.cache.package_digest`).
"""

from __future__ import annotations

import pickle

from evallint import cache
from evallint.rules.model import RuleSet


def _entry(pack: str) -> str:
    return cache.entry_name("rules", cache.package_digest(), pack) + ".pickle"


def load(pack: str) -> RuleSet | None:
    """The kept rule set of the built-in ``pack``, if there is a good entry."""
    data = cache.read_entry(_entry(pack))
    if data is None:
        return None
    try:
        ruleset = pickle.loads(data)  # our own entry, for this very package
    except Exception:  # truncated, or written by another version: build anew
        return None
    return ruleset if isinstance(ruleset, RuleSet) else None


def store(pack: str, ruleset: RuleSet) -> None:
    """Keep ``ruleset`` (the built-in ``pack``, loaded by itself) for the next run."""
    ruleset.prepare()  # its rules' generated code is kept with it
    cache.write_entry(_entry(pack), pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL))
