"""Shared fixtures: the bundled seed report, as text, as data, as a path."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # The compiled-pack cache goes to a folder of this run, not the user's home
    # (subprocesses of the CLI tests inherit it).
    import os
    import tempfile

    os.environ.setdefault("EVALLINT_CACHE_DIR", tempfile.mkdtemp(prefix="evallint-cache-"))


SEED_PATH = ROOT / "evallint" / "examples" / "zhuzhou-2022-enterprise-service.json"


@pytest.fixture
def seed_path() -> Path:
    return SEED_PATH


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def seed_data() -> dict[str, Any]:
    with SEED_PATH.open(encoding="utf-8") as stream:
        data: dict[str, Any] = json.load(stream, parse_float=Decimal, parse_int=Decimal)
    return data
