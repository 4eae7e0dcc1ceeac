"""who_decides: the most specific delegate wins, vacancies fall back, conflicts are ambiguous."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distauth as da
from distauth.scopes import matches
from distauth.strategies import orgs, resources
from tests.conftest import DAY


@pytest.fixture
def org() -> da.Org:
    o = da.Org()
    o.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy"),
        da.Role("lead", holders=("cy",)),
        da.Area("finance", scopes=["finance/**", "budget:**"]),
        da.Area("billing", parent="finance", scopes=["finance/billing/**"]),
        da.Area("refunds", parent="billing", scopes=["finance/billing/refunds"]),
        da.Area("sales", scopes=["sales/**"]),
        da.DRI("finance", "ana"),
        da.DRI("billing", "lead"),
        da.DRI("refunds", "bo"),
    )
    return o


def test_the_deepest_matching_area_wins(org: da.Org) -> None:
    decision = org.who_decides("finance/billing/refunds/eu", on=DAY)
    assert decision.area == org.areas["refunds"]
    assert decision.dri == org.people["bo"]
    assert [c.id for c in decision.candidates] == ["refunds", "billing", "finance"]
    assert decision.ok
    assert not decision.ambiguous
    assert decision.fallback is False
    assert decision.dri_area == org.areas["refunds"]


def test_order_of_definition_never_matters() -> None:
    """Unlike CODEOWNERS, where the last matching rule wins."""
    a, b = da.Org(), da.Org()
    parent = da.Area("packages", scopes=["packages/**"])
    child = da.Area("camera", parent="packages", scopes=["packages/camera/**"])
    a.add(parent, child)
    b.add(child, parent)
    for org in (a, b):
        assert org.who_decides("packages/camera/lib/a.dart").area == child


def test_a_role_dri_resolves_to_its_holder(org: da.Org) -> None:
    assert org.who_decides("finance/billing/invoices", on=DAY).dri == org.people["cy"]


def test_a_vacant_winner_falls_back_to_the_nearest_ancestor_with_a_dri(org: da.Org) -> None:
    org.remove(da.DRI("refunds", "bo"))
    org.remove(da.DRI("billing", "lead"))
    decision = org.who_decides("finance/billing/refunds", on=DAY)
    assert decision.area == org.areas["refunds"]
    assert decision.fallback is True
    assert decision.dri_area == org.areas["finance"]
    assert decision.dri == org.people["ana"]
    assert "falls back to its nearest ancestor with one, 'finance'" in decision.explain()


def test_a_winner_with_two_dris_has_no_single_dri_and_no_fallback(org: da.Org) -> None:
    org.add(da.DRI("refunds", "ana"))
    decision = org.who_decides("finance/billing/refunds", on=DAY)
    assert decision.area == org.areas["refunds"]
    assert decision.dri is None
    assert decision.fallback is False
    assert decision.dri_area is None
    assert not decision.ok
    assert "cannot be resolved" in decision.explain()


def test_matching_areas_on_different_branches_are_ambiguous(org: da.Org) -> None:
    org.add(da.Area("audit", scopes=["*/billing/**"]), da.DRI("audit", "bo"))
    decision = org.who_decides("finance/billing/invoices", on=DAY)
    assert decision.ambiguous
    assert decision.area is None
    assert decision.dri is None
    assert [c.id for c in decision.candidates] == ["billing", "audit", "finance"]
    assert ("audit", "*/billing/**") in decision.matched
    assert "ambiguous" in decision.explain()


def test_nothing_matching_means_nobody_decides(org: da.Org) -> None:
    decision = org.who_decides("hr/handbook", on=DAY)
    assert (decision.area, decision.dri, decision.candidates) == (None, None, ())
    assert (
        decision.explain() == "no area's scope matches 'hr/handbook': nobody has authority over it."
    )


def test_namespaces_keep_authority_apart(org: da.Org) -> None:
    assert org.who_decides("budget:finance/q3", on=DAY).area == org.areas["finance"]
    assert org.who_decides("repo:finance/billing", on=DAY).area is None


def test_a_malformed_resource_is_refused(org: da.Org) -> None:
    with pytest.raises(da.ScopeError, match="'finance//x'"):
        org.who_decides("finance//x")
    with pytest.raises(da.ScopeError):
        org.who_decides_many(["finance/x", "a/*"])


def test_who_decides_many_keeps_the_order_given(org: da.Org) -> None:
    asked = ["sales/emea", "finance/billing/refunds", "hr", "finance/x", "sales/emea"]
    answers = org.who_decides_many(asked, on=DAY)
    assert [d.resource for d in answers] == asked
    assert [d.area.id if d.area else None for d in answers] == [
        "sales", "refunds", None, "finance", "sales",
    ]  # fmt: skip


def test_the_index_follows_changes_to_the_org(org: da.Org) -> None:
    assert org.who_decides("sales/apac", on=DAY).area == org.areas["sales"]
    org.add(da.Area("apac", parent="sales", scopes=["sales/apac/**"]))
    assert org.who_decides("sales/apac", on=DAY).area == org.areas["apac"]


@given(orgs(valid=False, max_areas=10), st.lists(resources(), max_size=8))
def test_candidates_are_exactly_the_areas_with_a_matching_scope(
    org: da.Org, asked: list[str]
) -> None:
    for decision in org.who_decides_many(asked, on=DAY):
        brute = {
            a.id for a in org.areas.values() if any(matches(s, decision.resource) for s in a.scopes)
        }
        assert {c.id for c in decision.candidates} == brute


@given(orgs(valid=False, max_areas=10), st.lists(resources(), max_size=8))
def test_many_at_once_equals_one_at_a_time(org: da.Org, asked: list[str]) -> None:
    assert org.who_decides_many(asked, on=DAY) == [org.who_decides(r, on=DAY) for r in asked]


@given(orgs(dated=True))
def test_in_a_valid_org_every_inventory_resource_has_one_decider(org: da.Org) -> None:
    for decision in org.who_decides_many(org.resources, on=DAY):
        assert decision.ok
        assert decision.area is not None
        assert decision.dri == org.dri_of(decision.area.id, on=DAY)
