"""Generated orgs with generated decision logs: the audit finds exactly what was put in.

Each area gets a DRI history (consecutive dated records handing over on generated days), some
advisors and maybe a deputy. Each record is generated as decided by whoever held the area on
its day, or by someone who did not, and as consulting the advisors or not; the findings it
must give follow from those choices alone, computed here without asking the library.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

import distauth as da

START = dt.date(2026, 1, 1)
Expected = set[tuple[str, tuple[str, ...]]]


@st.composite
def decision_logs(draw: st.DrawFn) -> tuple[da.Org, Expected]:
    people = [f"p{i}" for i in range(draw(st.integers(3, 7)))]
    org = da.Org()
    org.add(*(da.Person(p) for p in people))
    n_areas = draw(st.integers(1, 5))
    history: dict[str, list[tuple[dt.date | None, dt.date | None, str]]] = {}
    areas: dict[str, da.Area] = {}
    for i in range(n_areas):
        ident = f"a{i}"
        parent = f"a{draw(st.integers(0, i - 1))}" if i else None
        advisors = draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
        deputy = draw(st.none() | st.sampled_from(people))
        areas[ident] = da.Area(ident, parent=parent, advisors=advisors, deputy=deputy)
        cuts = sorted(draw(st.sets(st.integers(1, 60), max_size=3)))
        bounds: list[dt.date | None] = [None, *(START + dt.timedelta(days=c) for c in cuts), None]
        periods = []
        for start, end in itertools.pairwise(bounds):
            holder = draw(st.sampled_from(people))
            periods.append((start, end, holder))
            org.add(da.DRI(ident, holder, start=start, end=end))
        history[ident] = periods
    org.add(*areas.values())

    expected: Expected = set()
    for r in range(draw(st.integers(0, 12))):
        area = areas[draw(st.sampled_from(sorted(areas)))]
        edges = [s for s, _, _ in history[area.id] if s is not None]
        near = [e + dt.timedelta(days=d) for e in edges for d in (-1, 0)]
        anywhere = st.integers(0, 70).map(lambda d: START + dt.timedelta(d))
        day = draw(st.sampled_from(near) | anywhere if near else anywhere)
        (holder,) = [
            h for s, e, h in history[area.id] if (s is None or s <= day) and (e is None or day < e)
        ]
        outsiders = [p for p in people if p not in (holder, area.deputy)]
        by_dri = draw(st.booleans()) or not outsiders
        decider = holder if by_dri else draw(st.sampled_from(outsiders))
        consult = draw(st.booleans())
        rid = f"d{r}"
        org.add(
            da.DecisionRecord(
                rid,
                title="T",
                date=day,
                area=area.id,
                decided_by=[decider],
                consulted=list(area.advisors) if consult else [],
            )
        )
        if not by_dri:
            expected.add(("DA601", (rid, area.id, decider)))
        missing = tuple(a for a in area.advisors if a != decider)
        if not consult and missing:
            expected.add(("DA602", (rid, area.id, *missing)))
    return org, expected


@given(decision_logs())
def test_the_audit_finds_exactly_what_the_log_was_generated_with(
    log: tuple[da.Org, Expected],
) -> None:
    org, expected = log
    assert {(f.code, f.subjects) for f in da.validate(org, select=["DA6"])} == expected


@settings(max_examples=50)
@given(decision_logs(), st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)))
def test_the_day_validated_never_changes_the_audit(
    log: tuple[da.Org, Expected], on: dt.date
) -> None:
    org, expected = log
    assert {(f.code, f.subjects) for f in da.validate(org, select=["DA6"], on=on)} == expected
