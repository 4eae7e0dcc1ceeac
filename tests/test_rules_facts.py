"""The rules' shared facts: the ancestry built over part of an org answers as the whole one."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import distauth as da
from distauth.rules._facts import Facts

DAY = dt.date(2027, 1, 1)

# Parent links drawn at random: tops (None), links to other areas (so chains, trees and
# cycles, self-loops included) and links to ids that are no area.
forests = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.one_of(st.none(), st.integers(0, n - 1), st.just(-1)), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
    )
)


def _org(parents: list[int | None], scoped: list[bool]) -> da.Org:
    org = da.Org()
    for i, (up, has_scope) in enumerate(zip(parents, scoped, strict=True)):
        parent = None if up is None else ("nowhere" if up < 0 else f"a{up}")
        org.add(da.Area(f"a{i}", parent=parent, scopes=(f"s{i}/**",) if has_scope else ()))
    return org


@given(forests)
def test_ancestry_over_scoped_areas_agrees_with_the_whole(forest: tuple[list, list]) -> None:  # type: ignore[type-arg]
    org = _org(*forest)
    facts = Facts(org, DAY)
    whole, part = facts.ancestry, facts.scoped_ancestry
    ids = list(org.areas)
    scoped = [data["entity"].id for data in facts.scoped]
    assert scoped == [a for a in ids if org.areas[a].scopes]
    for b in scoped:
        for a in ids:
            assert part.is_ancestor(a, b) == whole.is_ancestor(a, b), (a, b)
            if a in scoped:
                assert part.is_ancestor(b, a) == whole.is_ancestor(b, a), (b, a)


@given(forests)
def test_nearest_scoped_ancestor_is_the_first_scoped_one_up(forest: tuple[list, list]) -> None:  # type: ignore[type-arg]
    org = _org(*forest)
    facts = Facts(org, DAY)
    on_cycle = {a for cycle in facts.parent_cycles for a in cycle}
    for data in facts.scoped:
        area = data["entity"]
        # Walk up by ids, one link at least: the first area met that has scopes; an area on a
        # parent cycle, or whose walk reaches one first, has no well-defined ancestor (None,
        # left to DA202).
        expected, seen, up = None, {area.id}, area.parent
        while up in org.areas and area.id not in on_cycle:
            if up in on_cycle:
                break
            if org.areas[up].scopes:
                expected = up
                break
            if up in seen:
                break
            seen.add(up)
            up = org.areas[up].parent
        assert facts.scoped_above[area.id] == expected, area.id


def test_an_org_without_scopes_or_decisions_gives_the_scope_and_decision_rules_no_work() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("co", "ana"))
    facts = Facts(org, DAY)
    assert facts.scoped == []
    assert facts.decision_count == 0
    assert facts.scoped_above == {}
    org.add(da.DecisionRecord("d1", title="Use X", date=DAY, area="ops", decided_by=["ana"]))
    assert Facts(org, DAY).decision_count == 1
