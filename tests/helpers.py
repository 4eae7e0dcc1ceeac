"""Helpers shared by several test modules (never imported from another test module)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Every second-wave switch of ``distauth.strategies.orgs`` turned on.
EXTRAS = {
    "handles": True,
    "kinds": True,
    "teams": True,
    "deputies": True,
    "absences": True,
    "nobody": True,
    "decisions": True,
}

#: Public ownership files from real repositories, kept beside the repository (see its README).
REAL_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real"


def real_data(name: str) -> Path:
    """The directory of one real data set; skip the test when it is absent (fail under CI)."""
    path = REAL_DATA / name
    if not path.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"real data set {name!r} is missing at {path} (required in CI)")
        pytest.skip(f"real data set {name!r} is not available beside the repository")
    return path
