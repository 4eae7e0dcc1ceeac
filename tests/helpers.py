"""Helpers shared by several test modules."""

from __future__ import annotations

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
