"""Defects in decision logs for :func:`distauth.strategies.broken_orgs`: one per DA6xx rule.

Each injector adds one decision record (and what it needs) to a valid org and returns the
exact findings it must give, worked out from how the record was made: who decided (the DRI of
the area on the record's day, or someone who was not), who was heard, what it names. It never
asks the audit. Records are dated on the day the org is validated; the audit judges them on
that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from hypothesis import strategies as st

from distauth._model import DRI, Area, DecisionRecord, Person

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["DECISION_DEFECTS"]

Expected: TypeAlias = frozenset[tuple[str, tuple[str, ...]]]
Injector: TypeAlias = Callable[[st.DrawFn, "Org", Any, dt.date], Expected | None]
_MAX_LOAD = 10  # as in the strategies: people stay within max_areas_per_person


def _fresh(org: Org, stem: str) -> str:
    n = 1
    while f"{stem}-{n}" in org.graph:
        n += 1
    return f"{stem}-{n}"


def _holders(org: Org, area: str, day: dt.date) -> set[str]:
    """Who holds *area* on *day* through its DRI records: the holders and, for roles, theirs."""
    out: set[str] = set()
    for record in org.dris(area, on=day):
        out.add(record.holder)
        role = org.roles.get(record.holder)
        if role is not None:
            out.update(role.holders)
    return out


def _area_with_dri(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> tuple[Area, str] | None:
    """An area and the person who is its DRI on *day* (in a valid org every area has one)."""
    choices = sorted(a for a in plan.parent if org.dri_of(a, on=day) is not None)
    if not choices:
        return None
    area = org.areas[draw(st.sampled_from(choices))]
    person = org.dri_of(area.id, on=day)
    assert person is not None
    return area, person.id


def _record(org: Org, day: dt.date, **fields: Any) -> DecisionRecord:
    record = DecisionRecord(_fresh(org, "decision"), title="A decision", date=day, **fields)
    org.add(record)
    return record


def _decided_elsewhere(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA601: someone who does not hold the area decides it (after hearing its advisors)."""
    found = _area_with_dri(draw, org, plan, day)
    if found is None:
        return None
    area, _dri = found
    outsiders = sorted(set(org.people) - _holders(org, area.id, day))
    if not outsiders:
        return None
    who = draw(st.sampled_from(outsiders))
    record = _record(org, day, area=area.id, decided_by=(who,), consulted=area.advisors)
    return frozenset({("DA601", (record.id, area.id, who))})


def _unheard(org: Org, area: Area, decider: str) -> tuple[str, ...]:
    """The advisors of *area* not heard when only *decider* took part."""
    out = []
    for advisor in area.advisors:
        role = org.roles.get(advisor)
        if advisor == decider or (role is not None and decider in role.holders):
            continue
        out.append(advisor)
    return tuple(out)


def _advisors_skipped(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA602: the DRI decides without consulting anyone."""
    found = _area_with_dri(draw, org, plan, day)
    if found is None:
        return None
    area, dri = found
    missing = _unheard(org, area, dri)
    if not missing:
        return None
    record = _record(org, day, area=area.id, decided_by=(dri,))
    return frozenset({("DA602", (record.id, area.id, *missing))})


def _new_top_area(org: Org, plan: Any, stem: str) -> str | None:
    """A clean top-level area with a scope of its own and a DRI with room for one more."""
    person = next((p for p in sorted(plan.load) if plan.load[p] < _MAX_LOAD - 1), None)
    if person is None:
        return None
    plan.load[person] += 1
    ident = _fresh(org, stem)
    org.add(
        Area(ident, purpose="Stand apart", advisors=(person,), scopes=(f"{ident}/**",)),
        DRI(ident, person),
    )
    return ident


def _no_common_arbiter(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA603: a record about resources of two areas that share no ancestor."""
    first = _new_top_area(org, plan, "island")
    second = _new_top_area(org, plan, "island")
    if first is None or second is None:
        return None
    decider = draw(st.sampled_from(sorted(org.people)))
    record = _record(org, day, resources=(f"{first}/x", f"{second}/y"), decided_by=(decider,))
    return frozenset({("DA603", (record.id, *sorted((first, second))))})


def _unowned_resource(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA604: a record about a resource no area's scope covers."""
    resource = f"{_fresh(org, 'nowhere')}/{draw(st.sampled_from(['plan.md', 'x']))}"
    decider = draw(st.sampled_from(sorted(org.people)))
    record = _record(org, day, resources=(resource,), decided_by=(decider,))
    return frozenset({("DA604", (record.id, resource))})


def _silent_over_dissent(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA605: the DRI decides, after advice, over a dissent, and says nothing about it."""
    found = _area_with_dri(draw, org, plan, day)
    if found is None:
        return None
    area, dri = found
    against = draw(st.sampled_from(sorted(org.people)))
    record = _record(
        org, day, area=area.id, decided_by=(dri,), consulted=area.advisors, dissent=(against,)
    )
    return frozenset({("DA605", (record.id, against))})


def _agent_alone(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA606 (and DA601): an agent, holding nothing, decides alone."""
    found = _area_with_dri(draw, org, plan, day)
    if found is None:
        return None
    area, _dri = found
    agent = _fresh(org, "agent")
    org.add(Person(agent, kind=draw(st.sampled_from(["agent", "bot"]))))
    record = _record(org, day, area=area.id, decided_by=(agent,), consulted=area.advisors)
    return frozenset({("DA606", (record.id, agent)), ("DA601", (record.id, area.id, agent))})


def _unknown_name(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA607: a record that also informs a name nobody in the org has."""
    found = _area_with_dri(draw, org, plan, day)
    if found is None:
        return None
    area, dri = found
    name = f"Nobody {_fresh(org, 'known')}"
    record = _record(
        org, day, area=area.id, decided_by=(dri,), consulted=area.advisors, informed=(name,)
    )
    return frozenset({("DA607", (record.id, name))})


def _lost_successor(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA608: a record superseded by one that was never written."""
    found = _area_with_dri(draw, org, plan, day)
    if found is None:
        return None
    area, dri = found
    gone = _fresh(org, "gone")
    record = _record(
        org,
        day,
        area=area.id,
        decided_by=(dri,),
        consulted=area.advisors,
        status=f"superseded by {gone}",
    )
    return frozenset({("DA608", (record.id, gone))})


def _nowhere(draw: st.DrawFn, org: Org, plan: Any, day: dt.date) -> Expected | None:
    """DA609: a record that names neither area nor resource."""
    decider = draw(st.sampled_from(sorted(org.people)))
    record = _record(org, day, decided_by=(decider,))
    return frozenset({("DA609", (record.id,))})


#: The decision-log defects, by the rule code each is aimed at.
DECISION_DEFECTS: dict[str, Injector] = {
    "DA601": _decided_elsewhere,
    "DA602": _advisors_skipped,
    "DA603": _no_common_arbiter,
    "DA604": _unowned_resource,
    "DA605": _silent_over_dissent,
    "DA606": _agent_alone,
    "DA607": _unknown_name,
    "DA608": _lost_successor,
    "DA609": _nowhere,
}
