"""The diff's findings, re-checked where a change reaches, equal two full validations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import distauth as da
from distauth.rules import _incremental
from distauth.strategies import broken_orgs, orgs
from tests.conftest import DAY

_DAYS = st.integers(-40, 40).map(lambda n: DAY + dt.timedelta(days=n))


def _pick(draw: st.DrawFn, items: Any) -> Any:
    return draw(st.sampled_from(sorted(items)))


def _ids(org: da.Org) -> list[str]:
    return [*sorted(org.people), *sorted(org.roles), *sorted(org.areas), "ghost", "fresh-area"]


def _edit(draw: st.DrawFn, org: da.Org) -> None:  # noqa: PLR0912, PLR0915 - a branch per kind of edit
    """Apply one random edit of any kind to *org*."""
    what = draw(
        st.sampled_from(
            [
                "area-field",
                "area-link",
                "area-scopes",
                "add-area",
                "remove",
                "add-dri",
                "remove-dri",
                "person",
                "role",
                "absence",
                "resources",
                "decision",
            ]
        )
    )
    areas, people, roles = sorted(org.areas), sorted(org.people), sorted(org.roles)
    if what == "area-field" and areas:
        area = org.areas[_pick(draw, areas)]
        field = draw(st.sampled_from(["purpose", "advisors", "deputy", "nobody", "informed"]))
        value: Any = {
            "purpose": draw(st.sampled_from(["", "Run it", "Other"])),
            "advisors": draw(st.lists(st.sampled_from(_ids(org)), max_size=2, unique=True)),
            "informed": draw(st.lists(st.sampled_from(_ids(org)), max_size=1)),
            "deputy": draw(st.none() | st.sampled_from(_ids(org))),
            "nobody": draw(st.booleans()),
        }[field]
        org.replace(attrs.evolve(area, **{field: value}))
    elif what == "area-link" and areas:
        area = org.areas[_pick(draw, areas)]
        field = draw(st.sampled_from(["parent", "escalates_to"]))
        target: Any = draw(st.none() | st.sampled_from(_ids(org)))
        org.replace(attrs.evolve(area, **{field: target}))
    elif what == "area-scopes" and areas:
        area = org.areas[_pick(draw, areas)]
        other = org.areas[_pick(draw, areas)]
        scopes = draw(st.lists(st.sampled_from([*other.scopes, "x/**", "x/y/**"]), max_size=2))
        org.replace(attrs.evolve(area, scopes=tuple(dict.fromkeys(scopes))))
    elif what == "add-area":
        ident = "fresh-area"
        if ident in org.areas:
            return
        org.add(
            da.Area(
                ident,
                parent=draw(st.none() | st.sampled_from(_ids(org))),
                purpose="New",
                advisors=people[:1],
            )
        )
        if people and _pick(draw, ["with a DRI", "without"]) == "with a DRI":
            org.add(da.DRI(ident, _pick(draw, people)))
    elif what == "remove":
        ids = [*people, *roles, *areas]
        if ids:
            org.remove(_pick(draw, ids))
    elif what == "add-dri" and areas:
        start = draw(st.none() | _DAYS)
        end = draw(st.none() | _DAYS)
        if start is not None and end is not None and end <= start:
            start = None
        record = da.DRI(
            _pick(draw, [*areas, "ghost"]),
            draw(st.sampled_from(_ids(org))),
            start=start,
            end=end,
            acting=draw(st.booleans()),
        )
        if record not in org.all_dris():
            org.add(record)
    elif what == "remove-dri" and org.all_dris():
        org.remove(draw(st.sampled_from(org.all_dris())))
    elif what == "person" and people:
        person = org.people[_pick(draw, people)]
        field = draw(st.sampled_from(["active", "kind", "handles", "email"]))
        value = {
            "active": not person.active,
            "kind": draw(st.sampled_from(["human", "bot", "agent"])),
            "handles": draw(st.lists(st.sampled_from(["@a", "@b"]), max_size=1)),
            "email": draw(st.none() | st.sampled_from(["a@x.org", "b@x.org"])),
        }[field]
        org.replace(attrs.evolve(person, **{field: value}))
    elif what == "role" and roles:
        role = org.roles[_pick(draw, roles)]
        holders = draw(st.lists(st.sampled_from(_ids(org)), max_size=2, unique=True))
        org.replace(attrs.evolve(role, holders=holders, collective=draw(st.booleans())))
    elif what == "absence" and people:
        start = draw(_DAYS)
        absence = da.Absence(
            _pick(draw, people),
            start=start,
            end=start + dt.timedelta(days=draw(st.integers(1, 30))),
        )
        if absence in org.absences:
            org.remove(absence)
        else:
            org.add(absence)
    elif what == "resources":
        org.resources = draw(st.lists(st.sampled_from(["x/y/z", "a/b", "hr/handbook"]), max_size=2))
    elif what == "decision" and areas and people:
        ident = "adr-new"
        if ident in org.decisions:
            org.remove(ident)
        else:
            org.add(
                da.DecisionRecord(
                    ident,
                    title="T",
                    date=draw(_DAYS),
                    area=_pick(draw, areas),
                    decided_by=(_pick(draw, people),),
                )
            )


@st.composite
def _changes(draw: st.DrawFn) -> tuple[da.Org, da.Org]:
    old = draw(
        orgs(max_areas=10, dated=True, teams=True, deputies=True, absences=True, nobody=True)
        | orgs(valid=False, max_areas=10)
        | broken_orgs(max_areas=10).map(lambda pair: pair[0])
    )
    new = old.copy()
    for _ in range(draw(st.integers(1, 4))):
        _edit(draw, new)
    return old, new


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    _changes(),
    st.sampled_from([DAY, DAY + dt.timedelta(days=20)]),
    st.sampled_from([da.Config(), da.Config(select=["DA4", "DA5"])]),
)
def test_the_re_checked_findings_are_those_of_two_full_validations(
    change: tuple[da.Org, da.Org], day: dt.date, config: da.Config
) -> None:
    old, new = change
    fast = da.diff(old, new, on=day, config=config)
    # A selection without DA201 keeps the DA402 that DA201 would otherwise say instead.
    introduced, resolved = _incremental.full_findings(old, new, day, config)
    assert fast.introduced == introduced
    assert fast.resolved == resolved


def test_an_edit_far_from_the_rest_re_checks_only_its_own_areas() -> None:
    old = da.Org()
    old.add(da.Person("ana"), da.Person("bo"))
    for i in range(50):
        old.add(da.Area(f"a{i}", purpose="x", advisors=["bo"]), da.DRI(f"a{i}", "ana"))
    new = old.copy()
    new.replace(da.Area("a7", purpose="", advisors=["bo"]))
    change = da.diff(old, new, on=DAY)
    assert [(f.code, f.subjects) for f in change.introduced] == [("DA503", ("a7",))]
    # ana strands 50 areas in both (DA506) and is overloaded in both (DA501): neither is new.
    assert change.resolved == ()
