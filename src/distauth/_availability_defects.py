"""Defects in availability for :func:`distauth.strategies.broken_orgs`: DA505 and DA506.

Each injector changes a valid org so that exactly one rule fires, and returns the findings it
must give, worked out from what it changed (who is away and where they are the DRI; whose three
new top areas would be left without anyone), never by asking the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
from hypothesis import strategies as st

from distauth._model import DRI, Absence, Area

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["AVAILABILITY_DEFECTS", "single_points"]

Expected: TypeAlias = frozenset[tuple[str, tuple[str, ...]]]
Injector: TypeAlias = Callable[[st.DrawFn, "Org", Any, dt.date], Expected | None]
_MAX_LOAD = 10  # as in the strategies: people stay within max_areas_per_person


def _fresh(org: Org, stem: str) -> str:
    n = 1
    while f"{stem}-{n}" in org.graph:
        n += 1
    return f"{stem}-{n}"


def _inject_absent(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA505: the DRI of some areas is away over the day, and none of them has a deputy."""
    people = sorted(p for p in org.people if org.areas_of(p, on=day))
    if not people:
        return None
    person = draw(st.sampled_from(people))
    theirs = org.areas_of(person, on=day)
    for area in theirs:
        if area.deputy is not None:
            org.replace(attrs.evolve(area, deputy=None))
    start = day - dt.timedelta(days=draw(st.integers(0, 10)))
    org.add(Absence(person, start=start, end=day + dt.timedelta(days=draw(st.integers(1, 20)))))
    return frozenset(("DA505", (area.id, person)) for area in theirs)


def _inject_single_point(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA506: one person becomes the DRI of three new top areas, which have nobody above."""
    people = sorted(p for p in org.people if len(org.areas_of(p, on=day)) <= _MAX_LOAD - 3)
    if not people:
        return None
    person = draw(st.sampled_from(people))
    advisor = sorted(org.people)[0]
    for _ in range(3):
        ident = _fresh(org, "side-project")
        org.add(Area(ident, purpose="A side project", advisors=(advisor,)), DRI(ident, person))
    return frozenset({("DA506", (person,))})


def single_points(org: Org, day: dt.date, threshold: int = 3) -> Expected:
    """DA506 for everyone whose leaving :meth:`~distauth.Org.impact` says strands *threshold* areas.

    A defect that leaves an area without a DRI (DA101, a cycle, a chain of one person) can
    leave the areas below it with nobody above: whoever decides there becomes a single point
    of failure. The injectors predict their own rule; this adds what DA506 must then say,
    asked person by person through the impact (the rule answers for everyone in one pass).
    """
    return frozenset(
        ("DA506", (person,))
        for person in org.people
        if len(org.impact(person, on=day).nobody) >= threshold
    )


#: The availability defects, by rule code (merged into :data:`distauth.strategies.DEFECTS`).
AVAILABILITY_DEFECTS: dict[str, Injector] = {
    "DA505": _inject_absent,
    "DA506": _inject_single_point,
}
