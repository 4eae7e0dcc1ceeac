"""Queries: DRIs on a day, role resolution, escalation paths, arbiters."""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da
from tests.conftest import DAY

HANDOVER = dt.date(2027, 1, 1)


@pytest.fixture
def org() -> da.Org:
    o = da.Org()
    o.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy", active=False),
        da.Role("lead", holders=("bo",)),
        da.Area("co"),
        da.Area("fin", parent="co"),
        da.Area("billing", parent="fin"),
        da.Area("sales", parent="co"),
        da.DRI("co", "ana"),
        da.DRI("fin", "lead"),
        da.DRI("billing", "bo", end=HANDOVER),
        da.DRI("billing", "cy", start=HANDOVER, acting=True),
        da.DRI("sales", "bo"),
    )
    return o


def test_dris_in_effect_depend_on_the_day(org: da.Org) -> None:
    assert [d.holder for d in org.dris("billing", on=DAY)] == ["bo"]
    assert [d.holder for d in org.dris("billing", on=HANDOVER)] == ["cy"]


def test_dri_of_resolves_a_role_to_its_single_holder(org: da.Org) -> None:
    assert org.dri_of("fin", on=DAY) == org.people["bo"]


def test_dri_of_returns_an_inactive_person(org: da.Org) -> None:
    assert org.dri_of("billing", on=HANDOVER) == org.people["cy"]


def test_dri_of_is_none_without_a_single_resolvable_dri(org: da.Org) -> None:
    org.add(da.DRI("sales", "ana"))
    assert org.dri_of("sales", on=DAY) is None
    org.replace(da.Role("lead", holders=("ana", "bo")))
    assert org.dri_of("fin", on=DAY) is None
    org.add(da.Area("x"), da.DRI("x", "ghost"))
    assert org.dri_of("x", on=DAY) is None


def test_queries_on_an_unknown_area_raise_key_error(org: da.Org) -> None:
    for query in (org.dris, org.dri_of, org.escalation_path):
        with pytest.raises(KeyError, match="'nope' is not an area"):
            query("nope")


def test_on_must_be_a_date(org: da.Org) -> None:
    with pytest.raises(da.InvalidTypeError):
        org.dris("co", on="2027-01-01")  # type: ignore[arg-type]


def test_areas_of_counts_direct_and_role_dris(org: da.Org) -> None:
    assert [a.id for a in org.areas_of("bo", on=DAY)] == ["billing", "fin", "sales"]
    assert [a.id for a in org.areas_of("bo", on=HANDOVER)] == ["fin", "sales"]
    with pytest.raises(da.UnknownIdError):
        org.areas_of("co")


def test_escalation_path_climbs_to_the_top(org: da.Org) -> None:
    path = org.escalation_path("billing", on=DAY)
    assert path.ok
    assert [(s.area.id, s.dri.id if s.dri else None) for s in path] == [
        ("billing", "bo"),
        ("fin", "bo"),
        ("co", "ana"),
    ]
    assert len(path) == 3


def test_escalation_follows_an_override(org: da.Org) -> None:
    org.replace(da.Area("billing", parent="fin", escalates_to="co"))
    assert [s.area.id for s in org.escalation_path("billing", on=DAY)] == ["billing", "co"]


def test_escalation_path_breaks_at_a_vacant_area(org: da.Org) -> None:
    org.remove(da.DRI("fin", "lead"))
    path = org.escalation_path("billing", on=DAY)
    assert not path.ok
    assert path.broken_at == "fin"
    assert path.reason == "area 'fin' has no DRI in effect"
    assert [s.area.id for s in path] == ["billing", "fin"]


def test_escalation_path_breaks_at_an_unknown_target(org: da.Org) -> None:
    org.replace(da.Area("sales", parent="c0"))
    path = org.escalation_path("sales", on=DAY)
    assert (path.broken_at, path.ok) == ("c0", False)
    assert "not in the org" in (path.reason or "")
    assert "breaks at c0" in path.explain()


def test_escalation_path_breaks_at_a_wrong_kind_target(org: da.Org) -> None:
    org.replace(da.Area("sales", escalates_to="ana"))
    path = org.escalation_path("sales", on=DAY)
    assert path.broken_at == "ana"
    assert "is a person, not an area" in (path.reason or "")


def test_escalation_path_stops_on_a_loop(org: da.Org) -> None:
    org.replace(da.Area("co", escalates_to="billing"))
    path = org.escalation_path("fin", on=DAY)
    assert [s.area.id for s in path] == ["fin", "co", "billing"]
    assert path.broken_at == "fin"
    assert path.reason == "escalation loops back to 'fin'"


def test_escalation_path_explains_why_a_role_dri_does_not_resolve(org: da.Org) -> None:
    org.replace(da.Role("lead"))
    path = org.escalation_path("fin", on=DAY)
    assert path.reason == "the DRI of 'fin' is role 'lead', which does not have exactly one holder"


def test_arbiter_is_the_lowest_common_ancestor(org: da.Org) -> None:
    assert org.arbiter("billing", "sales") == org.areas["co"]
    assert org.arbiter("billing", "fin") == org.areas["fin"]
    assert org.arbiter("billing", "billing") == org.areas["billing"]


def test_arbiter_is_none_without_a_shared_root_and_raises_for_unknown_ids(org: da.Org) -> None:
    org.add(da.Area("island"))
    assert org.arbiter("billing", "island") is None
    with pytest.raises(da.UnknownIdError, match="'nope' is not an area"):
        org.arbiter("billing", "nope")
    with pytest.raises(da.UnknownIdError, match="'ana' is not an area"):
        org.arbiter("ana", "co")


def test_arbiter_is_none_across_a_parent_cycle(org: da.Org) -> None:
    org.replace(da.Area("co", parent="billing"))
    assert org.arbiter("billing", "sales") is None
