"""Defects for :func:`distauth.strategies.broken_orgs`: one injector per rule code.

:func:`broken_orgs` draws a valid org with its :class:`Plan` (the shape it was drawn with),
then asks the injector of one rule code in :data:`DEFECTS` to break it. An injector changes
the org in one way and returns the exact set of ``(code, subjects)`` findings the change must
give, worked out from the injection and the plan (never by running the validator), or None
when this org has no place for that defect. A new rule gets its injector here, in
:data:`DEFECTS`; the decision-log (DA6xx) and availability (DA505, DA506) injectors live in
``_decision_defects`` and ``_availability_defects`` and join it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, TypeAlias

import attrs
from hypothesis import strategies as st

from distauth._availability_defects import AVAILABILITY_DEFECTS
from distauth._decision_defects import DECISION_DEFECTS
from distauth._model import DRI, Area, Person, Role
from distauth._org import Org

__all__ = [
    "DEFECTS",
    "MAX_LOAD",
    "Expected",
    "Injector",
    "Plan",
    "ancestors",
    "fresh",
    "person_on",
    "remove_dris",
]

#: The exact findings a defect must give: ``(code, subjects)`` pairs.
Expected: TypeAlias = frozenset[tuple[str, tuple[str, ...]]]
MAX_LOAD = 10  # the default max_areas_per_person: valid orgs stay within it


class Plan:
    """The shape of a generated valid org, kept for injecting defects into it."""

    def __init__(self) -> None:
        self.parent: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = {}
        self.prefix: dict[str, str] = {}  # the literal path under which an area's scopes lie
        self.load: dict[str, int] = {}  # person -> areas they are (or will be) DRI of


Injector: TypeAlias = Callable[[st.DrawFn, Org, Plan, dt.date], Expected | None]


def fresh(org: Org, stem: str) -> str:
    """An id not used in *org* yet (derived from its content, so replays are identical)."""
    n = 1
    while f"{stem}-{n}" in org.graph:
        n += 1
    return f"{stem}-{n}"


def person_on(org: Org, area: str, day: dt.date) -> str | None:
    """The id of *area*'s DRI person on *day*, or None."""
    person = org.dri_of(area, on=day)
    return None if person is None else person.id


def remove_dris(org: Org, area: str) -> None:
    """Remove every DRI record of *area*, past, present and future."""
    for record in [d for d in org.all_dris() if d.area == area]:
        org.remove(record)


def _reassign(org: Org, area: str, holder: str) -> None:
    remove_dris(org, area)
    org.add(DRI(area, holder))


def ancestors(plan: Plan, area: str) -> list[str]:
    """*area*'s parent, its parent's parent, and so on up to the root (as planned)."""
    out = []
    parent = plan.parent[area]
    while parent is not None:
        out.append(parent)
        parent = plan.parent[parent]
    return out


def _descendants(plan: Plan, area: str) -> list[str]:
    out, stack = [], [area]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(plan.children[node])
    return out


def _evolve(org: Org, area: str, **changes: Any) -> None:
    org.replace(attrs.evolve(org.areas[area], **changes))


def _pick(draw: st.DrawFn, items: Collection[str]) -> str | None:
    return draw(st.sampled_from(sorted(items))) if items else None


def _make_vacant(org: Org, plan: Plan, x: str) -> Expected:
    remove_dris(org, x)
    return frozenset({("DA101", (x,))} | {("DA402", (c, x)) for c in plan.children[x]})


def _inject_unowned(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    return _make_vacant(org, plan, x)


def _inject_dead_end(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, [a for a in plan.parent if plan.children[a]])
    return None if x is None else _make_vacant(org, plan, x)


def _inject_multiple(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    current = org.dris(x, on=day)
    taken = {d.holder for d in current}
    other = _pick(draw, [p for p, n in plan.load.items() if n < MAX_LOAD - 1 and p not in taken])
    if other is None:
        return None
    org.add(DRI(x, other))
    return frozenset({("DA102", (x, *sorted(taken | {other})))})


def _inject_unknown_dri(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    ghost = fresh(org, "ghost")
    _reassign(org, x, ghost)
    return frozenset({("DA103", (x, ghost))})


def _inject_inactive(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    holders = {person_on(org, a, day) for a in plan.parent} - {None}
    person = _pick(draw, holders)  # type: ignore[arg-type]
    assert person is not None
    org.replace(attrs.evolve(org.people[person], active=False))
    expected = set()
    for record in org.all_dris():
        if record.end is not None and record.end <= day:
            continue
        entity = org.graph.nodes[record.holder]["entity"]
        resolved = record.holder
        if isinstance(entity, Role):
            resolved = entity.holders[0] if len(entity.holders) == 1 else ""
        if resolved == person:
            expected.add(("DA104", (record.area, person)))
    return frozenset(expected)


def _inject_ambiguous_role(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    holders = draw(st.sampled_from([(), tuple(sorted(plan.load)[:2])]))
    role = fresh(org, "ambiguous")
    org.add(Role(role, area=x, holders=holders))
    _reassign(org, x, role)
    return frozenset({("DA105", (x, role))})


def _inject_unknown_ref(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    ghost = fresh(org, "nowhere")
    if draw(st.booleans()):
        _evolve(org, x, advisors=(*org.areas[x].advisors, ghost))
        return frozenset({("DA201", (x, ghost))})
    _evolve(org, x, escalates_to=ghost)
    return frozenset({("DA201", (x, ghost))})  # the dead end is said by DA201, not DA402


def _inject_area_cycle(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    subtree = _descendants(plan, x)
    below = _pick(draw, subtree)
    assert below is not None
    # Re-parenting moves authority: strip the subtree's scopes (and its inventory) so that the
    # cycle is the only consequence, and the expected findings stay exact.
    prefixes = tuple(plan.prefix[a] + "/" for a in subtree)
    org.resources = [r for r in org.resources if not r.startswith(prefixes)]
    for area in subtree:
        _evolve(org, area, scopes=())
    _evolve(org, x, parent=below)
    loop = [below] + (ancestors(plan, below)[: ancestors(plan, below).index(x) + 1]
                      if below != x else [])  # fmt: skip
    return frozenset({("DA202", tuple(sorted(loop)))})


def _inject_wrong_kind(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    if draw(st.booleans()):
        other = _pick(draw, plan.parent)
        assert other is not None
        _evolve(org, x, advisors=(*[a for a in org.areas[x].advisors if a != other], other))
        return frozenset({("DA203", (x, other))})
    person = _pick(draw, plan.load)
    assert person is not None
    _evolve(org, x, escalates_to=person)
    return frozenset({("DA203", (x, person))})  # the dead end is said by DA203, not DA402


def _inject_escalation_cycle(
    draw: st.DrawFn, org: Org, plan: Plan, day: dt.date
) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    below = _pick(draw, _descendants(plan, x))
    assert below is not None
    _evolve(org, x, escalates_to=below)
    up = ancestors(plan, below)
    loop = [below] + (up[: up.index(x) + 1] if below != x else [])
    return frozenset({("DA401", tuple(sorted(loop))), ("DA403", (x, below))})


def _inject_not_upward(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    related = set(ancestors(plan, x)) | set(_descendants(plan, x))
    target = _pick(draw, [a for a in plan.parent if a not in related])
    if target is None:
        return None
    _evolve(org, x, escalates_to=target)
    expected = {("DA403", (x, target))}
    person = person_on(org, x, day)
    if plan.parent[target] is None and person is not None and person == person_on(org, target, day):
        expected.add(("DA404", (x, person)))
    return frozenset(expected)


def _inject_same_person(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, [a for a in plan.parent if plan.parent[a] is not None])
    if x is None:
        return None
    chain = [x, *ancestors(plan, x)]
    solo = fresh(org, "solo")
    org.add(Person(solo, name="Solo Player"))
    for area in chain:
        _reassign(org, area, solo)
    expected: set[tuple[str, tuple[str, ...]]] = {("DA404", (a, solo)) for a in chain[:-1]}
    if len(chain) > MAX_LOAD:
        expected.add(("DA501", (solo,)))
    return frozenset(expected)


def _inject_overloaded(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    parent = _pick(draw, plan.parent)
    assert parent is not None
    busy = fresh(org, "busy")
    org.add(Person(busy, name="Busy Bee"))
    scoped = bool(org.areas[parent].scopes)
    for i in range(MAX_LOAD + 1):
        ident = fresh(org, f"{parent}-task")
        org.add(
            Area(
                ident,
                parent=parent,
                purpose="A task force",
                advisors=(next(iter(plan.load)),),
                scopes=[f"{plan.prefix[parent]}/{ident}-{i}/**"] if scoped else [],
            ),
            DRI(ident, busy),
        )
    return frozenset({("DA501", (busy,))})


def _inject_no_advisors(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    _evolve(org, x, advisors=())
    return frozenset({("DA502", (x,))})


def _inject_no_purpose(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    _evolve(org, x, purpose="")
    return frozenset({("DA503", (x,))})


def _inject_handover_gap(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    (record,) = org.dris(x, on=day)[:1]
    remove_dris(org, x)
    end = day + dt.timedelta(days=draw(st.integers(1, 30)))
    org.add(DRI(x, record.holder, end=end))
    return frozenset({("DA504", (x, record.holder))})


def _nearest_scoped(org: Org, plan: Plan, area: str) -> str | None:
    return next((a for a in ancestors(plan, area) if org.areas[a].scopes), None)


def _inject_overlap(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    scoped = [a for a in plan.parent if org.areas[a].scopes]
    pairs = [
        (x, y)
        for x in scoped
        for y in scoped
        if x != y and x not in ancestors(plan, y) and y not in ancestors(plan, x)
    ]
    if not pairs:
        return None
    x, y = draw(st.sampled_from(pairs))
    borrowed = f"{plan.prefix[y]}/**"
    _evolve(org, x, scopes=(*org.areas[x].scopes, borrowed))
    # The borrowed scope overlaps y, everything below y, and y's ancestors unrelated to x.
    related = set(ancestors(plan, x))
    clash = [z for z in _descendants(plan, y) if org.areas[z].scopes]
    clash += [z for z in ancestors(plan, y) if org.areas[z].scopes and z not in related]
    expected = {("DA301", tuple(sorted((x, z)))) for z in clash}
    holder = _nearest_scoped(org, plan, x)
    if holder is not None and not plan.prefix[y].startswith(plan.prefix[holder] + "/"):
        expected.add(("DA302", (x, holder)))
    return frozenset(expected)


def _inject_outside_parent(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    # x keeps its own scopes (its descendants stay covered) and adds one its ancestor lacks.
    x = _pick(
        draw,
        [a for a in plan.parent if org.areas[a].scopes and _nearest_scoped(org, plan, a)],
    )
    if x is None:
        return None
    stray = fresh(org, "stray")
    _evolve(org, x, scopes=(*org.areas[x].scopes, f"{stray}/**"))
    return frozenset({("DA302", (x, _nearest_scoped(org, plan, x) or ""))})


def _inject_uncovered(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    resource = f"{fresh(org, 'unowned')}/{draw(st.sampled_from(['plan.md', 'budget', 'x']))}"
    org.resources = [*org.resources, resource]
    return frozenset({("DA303", (resource,))})


def _inject_team_dri(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    team = fresh(org, "team")
    if draw(st.booleans()):
        members = tuple(sorted(plan.load)[:2])
        expected = {("DA106", (x, team))}
    else:  # a team of bots: no human is accountable either
        members = (fresh(org, "bot"),)
        org.add(Person(members[0], kind="bot"))
        members += (fresh(org, "bot"),)
        org.add(Person(members[1], kind="agent"))
        expected = {("DA106", (x, team)), ("DA107", (x, team))}
    org.add(Role(team, area=x, holders=members, collective=True, handles=(f"@acme/{team}",)))
    _reassign(org, x, team)
    return frozenset(expected)


def _inject_non_human(draw: st.DrawFn, org: Org, plan: Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    bot = fresh(org, "bot")
    org.add(Person(bot, kind=draw(st.sampled_from(["bot", "agent"]))))
    if draw(st.booleans()):
        _reassign(org, x, bot)
    else:  # through a role the bot holds alone
        role = fresh(org, "automation")
        org.add(Role(role, area=x, holders=(bot,)))
        _reassign(org, x, role)
    return frozenset({("DA107", (x, bot))})


def _inject_duplicate_handle(
    draw: st.DrawFn, org: Org, plan: Plan, day: dt.date
) -> Expected | None:
    first, second = draw(st.lists(st.sampled_from(sorted(plan.load)), min_size=2, max_size=2,
                                  unique=True))  # fmt: skip
    person = org.people[first]
    if person.email is not None and draw(st.booleans()):
        claimed = person.email.upper()  # an email is a handle too
    else:
        login = "@" + fresh(org, "login")
        org.replace(attrs.evolve(person, handles=(*person.handles, login)))
        claimed = login.upper()
    other = org.people[second]
    org.replace(attrs.evolve(other, handles=(*other.handles, claimed)))
    return frozenset({("DA204", tuple(sorted((first, second))))})


#: Every defect :func:`broken_orgs` can inject, by the rule code it is aimed at.
DEFECTS: dict[str, Injector] = {
    "DA101": _inject_unowned,
    "DA102": _inject_multiple,
    "DA103": _inject_unknown_dri,
    "DA104": _inject_inactive,
    "DA105": _inject_ambiguous_role,
    "DA106": _inject_team_dri,
    "DA107": _inject_non_human,
    "DA201": _inject_unknown_ref,
    "DA202": _inject_area_cycle,
    "DA203": _inject_wrong_kind,
    "DA204": _inject_duplicate_handle,
    "DA301": _inject_overlap,
    "DA302": _inject_outside_parent,
    "DA303": _inject_uncovered,
    "DA401": _inject_escalation_cycle,
    "DA402": _inject_dead_end,
    "DA403": _inject_not_upward,
    "DA404": _inject_same_person,
    "DA501": _inject_overloaded,
    "DA502": _inject_no_advisors,
    "DA503": _inject_no_purpose,
    "DA504": _inject_handover_gap,
}
# The decision-log defects (DA6xx) live beside the audit's own code.
DEFECTS.update(DECISION_DEFECTS)
DEFECTS.update(AVAILABILITY_DEFECTS)  # DA505, DA506
