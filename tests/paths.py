"""Where the tests' own files are, so a test file names them wherever it stands."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository."""
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "evallint" / "examples"
"""The examples shipped inside the package (the seed form, the minimal report)."""
SEED = EXAMPLES / "zhuzhou-2022-enterprise-service.json"
DEMO_PACK = TESTS / "rules" / "packs" / "demo"
"""A small rule pack whose examples pass."""
WRONG_PACK = TESTS / "rules" / "packs" / "wrong"
"""A rule pack whose examples fail."""
