"""The Hypothesis profiles of the campaign, and :data:`FUZZ`, the one the tests use.

``fuzz-ci`` (the default) is the small budget CI runs on every change: a few dozen examples
per test, the same ones on every run (new inputs are bench/fuzz.py's to find), no
shrinking (a hang found while shrinking would cost its whole time budget again and again).
``fuzz-dev`` runs more examples and shrinks a failure to a small reproducer:

    EVALLINT_FUZZ_PROFILE=fuzz-dev .venv/bin/python -m pytest tests/fuzz

The profiles are applied to the tests of this package only (as decorators), so the rest of
the suite keeps Hypothesis's defaults.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_SLOW_INPUTS = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]

settings.register_profile(
    "fuzz-ci",
    max_examples=25,
    derandomize=True,  # the same examples on every run: CI is red only for a change
    deadline=None,  # time is the harness's to bound, per input, in a child process
    suppress_health_check=_SLOW_INPUTS,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    print_blob=True,
)
settings.register_profile(
    "fuzz-dev",
    max_examples=300,
    deadline=None,
    suppress_health_check=_SLOW_INPUTS,
    print_blob=True,
)

FUZZ = settings.get_profile(os.environ.get("EVALLINT_FUZZ_PROFILE", "fuzz-ci"))
"""The settings of every fuzz test (``EVALLINT_FUZZ_PROFILE`` picks another profile)."""


def fraction(part: float) -> settings:
    """:data:`FUZZ` with ``part`` of its examples: for inputs that take seconds each."""
    return settings(FUZZ, max_examples=max(3, round(FUZZ.max_examples * part)))
