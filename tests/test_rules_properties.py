"""Properties of the rules over generated orgs.

- A valid org has no finding at all, on any day.
- One injected defect produces exactly the findings the injection predicts: for every rule.
- No org, however broken, makes validate or a query raise.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distauth as da
from distauth.strategies import DEFECTS, broken_orgs, orgs
from tests.conftest import DAY
from tests.helpers import EXTRAS

days = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2036, 12, 31))


def wild(max_areas: int) -> st.SearchStrategy[da.Org]:
    """Anything-goes orgs, without and with the second-wave parts of the model."""
    return st.one_of(
        orgs(valid=False, max_areas=max_areas), orgs(valid=False, max_areas=max_areas, **EXTRAS)
    )


def found(org: da.Org, on: dt.date) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.code, f.subjects) for f in da.validate(org, on=on)}


@given(st.one_of(orgs(dated=True), orgs(dated=True, **EXTRAS)), days)
def test_valid_orgs_have_no_findings_on_any_day(org: da.Org, on: dt.date) -> None:
    assert found(org, on) == set()


@pytest.mark.parametrize("code", sorted(DEFECTS))
@given(data=st.data())
def test_an_injected_defect_gives_exactly_the_predicted_findings(
    code: str, data: st.DataObject
) -> None:
    org, expected = data.draw(broken_orgs(defects=[code], on=DAY))
    assert code in {c for c, _ in expected}
    assert found(org, DAY) == expected


@given(wild(12), days)
def test_validate_never_raises_on_any_org(org: da.Org, on: dt.date) -> None:
    report = da.validate(org, on=on)
    assert report == da.validate(org.copy(), on=on)


@given(wild(8), days)
def test_queries_never_raise_on_any_org(org: da.Org, on: dt.date) -> None:
    area_ids = list(org.areas)
    for area in area_ids:
        org.dris(area, on=on)
        org.dri_of(area, on=on)
        path = org.escalation_path(area, on=on)
        assert path.ok == (path.broken_at is None)
        assert path.steps[0].area.id == area
    for a, b in itertools.product(area_ids, repeat=2):
        arbiter = org.arbiter(a, b)
        assert arbiter is None or arbiter.id in org.areas
    for person in org.people:
        for held in org.areas_of(person, on=on):
            assert held.id in org.areas
    for resource in org.resources:
        decision = org.who_decides(resource, on=on)
        assert decision.ambiguous == (decision.area is None and len(decision.candidates) > 1)
        assert decision.area is None or decision.area in decision.candidates
        assert not decision.fallback or decision.area is not None
        if decision.dri_area is not None and not decision.by_deputy:
            assert decision.dri == org.dri_of(decision.dri_area.id, on=on)
        # The DRI alone decides a normal area; nobody decides means no deciders at all.
        assert decision.dri is None or decision.dri in decision.deciders
        assert decision.deciders or decision.dri_area is None
        if decision.nobody:
            assert decision.deciders == ()
        assert set(decision.absent) <= {
            org.people[a.person] for a in org.absences if a.in_effect(on) and a.person in org.people
        }


@given(wild(10))
def test_graph_and_views_agree(org: da.Org) -> None:
    graph = org.graph
    for kind, view in (("person", org.people), ("area", org.areas), ("role", org.roles)):
        assert set(view) == {n for n, d in graph.nodes.items() if d["kind"] == kind}
        for ident, entity in view.items():
            assert graph.nodes[ident]["entity"] is entity
    # Every reference an area makes is an edge, and every edge stems from an entity or a DRI.
    for ident, area in org.areas.items():
        if area.parent is not None:
            assert graph.has_edge(ident, area.parent, "parent")
        for advisor in area.advisors:
            assert graph.has_edge(advisor, ident, "advises")
    dri_edges = sorted(
        (k for _u, _v, k, d in graph.edges(keys=True, data=True) if d["kind"] == "dri"),
        key=da.DRI.sort_key,
    )
    assert tuple(dri_edges) == org.all_dris()
    missing = {n for n, d in graph.nodes.items() if d["kind"] == "missing"}
    assert all(graph.degree(n) > 0 for n in missing)  # no orphan placeholders


@given(wild(10), st.data())
def test_removing_everything_leaves_an_empty_graph(org: da.Org, data: st.DataObject) -> None:
    ids = [n for n, d in org.graph.nodes.items() if d["kind"] != "missing"]
    for ident in data.draw(st.permutations(ids)):
        org.remove(ident)
    for dri in org.all_dris():
        org.remove(dri)
    for absence in org.absences:  # of people the org never had
        org.remove(absence)
    assert org.graph.number_of_nodes() == 0
    assert org.graph.number_of_edges() == 0
