"""Shared test setup: hypothesis profiles and a fixed day.

Profiles: ``ci`` (the default, sized for the CI budget), ``slow`` (many more examples, for
nightly or local runs: ``HYPOTHESIS_PROFILE=slow pytest``) and ``dev`` (quick feedback).
Tests that care about dates pass ``on=DAY`` so that results never depend on the calendar.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "slow", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: The day every date-sensitive test checks on.
DAY = dt.date(2026, 11, 27)


@pytest.fixture
def cli_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory, with no colour preference in the environment.

    The command-line tests use it for every test, so that configuration discovery sees only
    what the test writes.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    return tmp_path
