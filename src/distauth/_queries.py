"""Questions an org answers: who is DRI, where disagreements go, who decides a resource.

Each query is a function over the org's graph layer (:class:`~distauth._graph.OrgGraph`), as
networkx's algorithms are functions over a graph; the :class:`~distauth.Org` methods of the
same names are thin wrappers (``org.dri_of(a)`` is ``dri_of(graph_of(org), a, None)``). The
answers' classes live in :mod:`distauth._answers` and are re-exported here.

Every query works on broken orgs too (unknown ids, cycles, vacant areas): it answers as far
as the org allows and says where the answer stops. Nothing here recurses on the org's depth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from distauth._answers import Arbitration, Decision, EscalationPath, Step
from distauth._bulk import collector_paused
from distauth._errors import UnknownIdError
from distauth._model import DRI, Absence, Area, Person, Role
from distauth._model import day_or_today as _day
from distauth._suggest import did_you_mean

if TYPE_CHECKING:
    from distauth._graph import OrgGraph
    from distauth.scopes import Pattern

__all__ = ["Arbitration", "Decision", "EscalationPath", "Step"]


def _ids_of(graph: OrgGraph, kind: str) -> Iterator[str]:
    """The ids of one kind, for a did-you-mean on the error path."""
    return (n for n, d in graph.nodes.items() if d["kind"] == kind)


def _area(graph: OrgGraph, ident: str) -> Area:
    data = graph.nodes.get(ident)
    if data is None or data["kind"] != "area":
        mean = did_you_mean(ident, _ids_of(graph, "area"))
        raise UnknownIdError(f"{ident!r} is not an area of the org{mean}", ident)
    area: Area = data["entity"]
    return area


def _parent_area(graph: OrgGraph, area: Area) -> Area | None:
    """The parent as an Area, or None when absent, unknown or of another kind."""
    if area.parent is None:
        return None
    data = graph.nodes.get(area.parent)
    if data is None or data["kind"] != "area":
        return None
    parent: Area = data["entity"]
    return parent


def _dris_in_effect(graph: OrgGraph, area_id: str, day: dt.date) -> list[DRI]:
    found = [
        key
        for keys in graph.succ.get(area_id, {}).values()
        for key, data in keys.items()
        if data["kind"] == "dri" and key.in_effect(day)
    ]
    found.sort(key=DRI.sort_key)
    return found


def resolve_holder(graph: OrgGraph, holder: str) -> Person | None:
    """The person a DRI holder id stands for: itself, or a role's single holder."""
    data = graph.nodes.get(holder)
    if data is None:
        return None
    if data["kind"] == "person":
        person: Person = data["entity"]
        return person
    if data["kind"] == "role":
        role: Role = data["entity"]
        if len(role.holders) == 1 and not role.collective:
            inner = graph.nodes.get(role.holders[0])
            if inner is not None and inner["kind"] == "person":
                held: Person = inner["entity"]
                return held
    return None


def _why_no_dri(graph: OrgGraph, area_id: str, day: dt.date) -> str:
    current = _dris_in_effect(graph, area_id, day)
    if not current:
        return f"area {area_id!r} has no DRI in effect"
    if len(current) > 1:
        names = ", ".join(repr(d.holder) for d in current)
        return f"area {area_id!r} has {len(current)} DRIs in effect ({names})"
    holder = current[0].holder
    kind = graph.kind(holder)
    if kind == "role" and graph.nodes[holder]["entity"].collective:
        return f"the DRI of {area_id!r} is team {holder!r}: a collective, no single person"
    if kind == "role":
        return f"the DRI of {area_id!r} is role {holder!r}, which does not have exactly one holder"
    return f"the DRI of {area_id!r} names {holder!r}, who is not a person of the org"


# --- ownership ---------------------------------------------------------------------------------


def dris(graph: OrgGraph, area: str, on: dt.date | None) -> tuple[DRI, ...]:
    _area(graph, area)
    return tuple(_dris_in_effect(graph, area, _day(on)))


def dri_of(graph: OrgGraph, area: str, on: dt.date | None) -> Person | None:
    _area(graph, area)
    current = _dris_in_effect(graph, area, _day(on))
    if len(current) != 1:
        return None
    return resolve_holder(graph, current[0].holder)


def areas_of(graph: OrgGraph, person: str, on: dt.date | None) -> tuple[Area, ...]:
    if graph.kind(person) != "person":
        mean = did_you_mean(person, _ids_of(graph, "person"))
        raise UnknownIdError(f"{person!r} is not a person of the org{mean}", person)
    day = _day(on)
    holders = [person]
    for role_id, keys in graph.succ[person].items():
        if "holds" in keys and graph.kind(role_id) == "role":
            role: Role = graph.nodes[role_id]["entity"]
            if role.holders == (person,) and not role.collective:  # a team is no DRI
                holders.append(role_id)
    found: dict[str, Area] = {}
    for holder in holders:
        for area_id, keys in graph.pred[holder].items():
            node = graph.nodes[area_id]
            if node["kind"] != "area":
                continue
            if any(d["kind"] == "dri" and k.in_effect(day) for k, d in keys.items()):
                found[area_id] = node["entity"]
    return tuple(found[a] for a in sorted(found))


# --- escalation --------------------------------------------------------------------------------


def next_escalation(area: Area) -> str | None:
    """The id a disagreement goes to next: the ``escalates_to`` override, else the parent."""
    return area.escalates_to if area.escalates_to is not None else area.parent


def escalation_path(graph: OrgGraph, area: str, on: dt.date | None) -> EscalationPath:
    day = _day(on)
    current = _area(graph, area)
    steps: list[Step] = []
    seen: set[str] = set()
    while True:
        seen.add(current.id)
        person = dri_of(graph, current.id, day)
        steps.append(Step(current, person))
        if person is None:
            return EscalationPath(
                area, tuple(steps), current.id, _why_no_dri(graph, current.id, day)
            )
        if not person.active:
            # Someone who has left cannot settle anything: the path stops here (DA104).
            reason = f"the DRI of {current.id!r}, {person.id!r}, is inactive (DA104)"
            return EscalationPath(area, tuple(steps), current.id, reason)
        target = next_escalation(current)
        if target is None:
            return EscalationPath(area, tuple(steps))
        kind = graph.kind(target)
        if kind is None or kind == "missing":
            reason = f"{current.id!r} escalates to {target!r}, which is not in the org"
            return EscalationPath(area, tuple(steps), target, reason)
        if kind != "area":
            reason = f"{current.id!r} escalates to {target!r}, which is a {kind}, not an area"
            return EscalationPath(area, tuple(steps), target, reason)
        if target in seen:
            reason = f"escalation loops back to {target!r}"
            return EscalationPath(area, tuple(steps), target, reason)
        current = graph.nodes[target]["entity"]


def _chain(graph: OrgGraph, area: Area) -> list[Area] | None:
    """*area* and its ancestors, nearest first; None when the parent links loop."""
    chain = [area]
    seen = {area.id}
    parent = _parent_area(graph, area)
    while parent is not None:
        if parent.id in seen:
            return None
        seen.add(parent.id)
        chain.append(parent)
        parent = _parent_area(graph, parent)
    return chain


def arbiter(graph: OrgGraph, a: str, b: str, on: dt.date | None = None) -> Area | None:
    _day(on)  # the area does not depend on the day; a wrong-typed `on` is still an error
    _area(graph, a)  # an unknown id raises, as every other query does
    _area(graph, b)
    chain_a = _chain(graph, graph.nodes[a]["entity"])
    chain_b = _chain(graph, graph.nodes[b]["entity"])
    if chain_a is None or chain_b is None:
        return None
    ids = {x.id for x in chain_a}
    return next((x for x in chain_b if x.id in ids), None)


def arbitration(graph: OrgGraph, a: str, b: str, on: dt.date | None) -> Arbitration:
    day = _day(on)
    found = arbiter(graph, a, b)
    if found is None:
        reason = f"{a!r} and {b!r} are in no common area (separate trees, or a broken parent chain)"
        return Arbitration((a, b), None, None, reason)
    person = dri_of(graph, found.id, day)
    if person is None:
        reason = f"{a!r} and {b!r} meet in {found.id!r}, but {_why_no_dri(graph, found.id, day)}"
        return Arbitration((a, b), found, None, reason)
    if not person.active:
        reason = (
            f"{a!r} and {b!r} meet in {found.id!r}, whose DRI {person.id!r} is inactive (DA104)"
        )
        return Arbitration((a, b), found, person, reason)
    return Arbitration((a, b), found, person)


# --- who decides ----------------------------------------------------------------------------------


def is_absent(graph: OrgGraph, person: str, day: dt.date) -> bool:
    """Whether *person* has an absence in effect on *day* (O(their absences))."""
    keys = graph.succ.get(person, {}).get(person)
    return keys is not None and any(type(k) is Absence and k.in_effect(day) for k in keys)


def holder_answer(graph: OrgGraph, holder: str) -> tuple[Person | None, tuple[Person | Role, ...]]:
    """Who a DRI (or deputy) holder id stands for: the single person, and all deciders.

    A person, or a role held by one person, is both; a collective role (a team) has no
    single person and its holders who are people or teams of the org decide (a team among
    the holders, such as ``@org/team`` next to a person on one CODEOWNERS rule, decides as
    itself), or the team itself when the org lists none of them; anything else (an unknown
    id, a role with 0 or 2+ holders) resolves to nobody.
    """
    data = graph.nodes.get(holder)
    if data is not None and data["kind"] == "role" and data["entity"].collective:
        role: Role = data["entity"]
        nodes = graph.nodes
        members = tuple(
            nodes[h]["entity"]
            for h in role.holders
            if h in nodes
            and (
                nodes[h]["kind"] == "person"
                or (nodes[h]["kind"] == "role" and nodes[h]["entity"].collective and h != holder)
            )
        )
        return None, members or (role,)
    person = resolve_holder(graph, holder)
    return person, (() if person is None else (person,))


def area_answer(
    graph: OrgGraph, area: Area, records: list[DRI], day: dt.date
) -> tuple[Person | None, tuple[Person | Role, ...], tuple[Person, ...], bool]:
    """``(dri, deciders, absent, by_deputy)`` for an area whose DRI records in effect are given.

    When everyone who would decide is absent on *day* and the area's deputy resolves to
    someone present, the deputy decides instead.
    """
    if len(records) != 1:
        return None, (), (), False
    dri, deciders = holder_answer(graph, records[0].holder)
    away = tuple(p for p in deciders if isinstance(p, Person) and is_absent(graph, p.id, day))
    if not away:
        return dri, deciders, (), False
    if len(away) < len(deciders):  # some members of a team are away, the others decide
        return dri, tuple(p for p in deciders if p not in away), away, False
    if area.deputy is not None:
        stand_in, standing = holder_answer(graph, area.deputy)
        present = tuple(
            p for p in standing if not (isinstance(p, Person) and is_absent(graph, p.id, day))
        )
        if present:
            return (stand_in if stand_in in present else None), present, away, True
    return dri, deciders, away, False


class Resolver:
    """Turns a set of matching areas into a Decision; memoised per set within one call.

    Public in the package: the published page (``distauth._site``) settles each area's own
    scopes with it, so that the page and :meth:`~distauth.Org.who_decides` agree.
    """

    def __init__(self, graph: OrgGraph, day: dt.date) -> None:
        self.graph = graph
        self.day = day
        self.memo: dict[frozenset[str], tuple[Any, ...]] = {}
        self.by_hits: dict[tuple[int, ...], tuple[Any, ...]] = {}

    def chain_ids(self, area_id: str) -> list[str]:
        """*area_id* and its ancestors, nearest first, stopping where parent links loop."""
        nodes = self.graph.nodes
        chain = [area_id]
        seen = {area_id}
        parent = _parent_area(self.graph, nodes[area_id]["entity"])
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            chain.append(parent.id)
            parent = _parent_area(self.graph, parent)
        return chain

    def settle(self, owners: frozenset[str]) -> tuple[Any, ...]:
        hit = self.memo.get(owners)
        if hit is not None:
            return hit
        graph = self.graph
        nodes = graph.nodes
        chains = {o: self.chain_ids(o) for o in owners}
        # Most specific first: the deepest candidate leads, ties by id.
        ordered = sorted(owners, key=lambda o: (-len(chains[o]), o))
        candidates = tuple(nodes[o]["entity"] for o in ordered)
        # The winner lies below every other candidate. On a parent cycle several areas can
        # claim that; "deepest" is then undefined, and so is the answer.
        winners = [o for o, chain in chains.items() if owners <= set(chain)]
        # (area, dri, candidates, fallback, ambiguous, dri_area, deciders, absent, by_deputy,
        # nobody): Decision's fields but for the per-resource ones (resource, matched).
        if len(winners) != 1:
            result: tuple[Any, ...] = (None, None, candidates, False, True, None, (), (), False)
            result += (False,)
        else:
            (winner,) = winners
            area: Area = nodes[winner]["entity"]
            result = (area, None, candidates, False, False, None, (), (), False, area.nobody)
            records = _dris_in_effect(graph, winner, self.day)
            if records:
                result = self.answer(area, records, candidates, fallback=False)
            elif not area.nobody:
                for ancestor_id in chains[winner][1:]:
                    ancestor: Area = nodes[ancestor_id]["entity"]
                    records = _dris_in_effect(graph, ancestor_id, self.day)
                    if records:
                        result = self.answer(ancestor, records, candidates, fallback=True)
                        result = (area, *result[1:])
                        break
                    if ancestor.nobody:  # nobody holds the ancestor's scopes: no one above
                        result = (area, None, candidates, True, False, None, (), (), False, True)
                        break
                else:
                    result = (area, None, candidates, True, False, None, (), (), False, False)
        self.memo[owners] = result
        return result

    def answer(
        self, area: Area, records: list[DRI], candidates: tuple[Area, ...], *, fallback: bool
    ) -> tuple[Any, ...]:
        """The settled tuple for *area* deciding through its DRI *records* in effect."""
        dri, deciders, absent, by_deputy = area_answer(self.graph, area, records, self.day)
        dri_area = area if deciders else None
        return (
            area,
            dri,
            candidates,
            fallback,
            False,
            dri_area,
            deciders,
            absent,
            by_deputy,
            False,
        )

    def decide(self, resource: str, hits: list[tuple[Pattern, str]]) -> Decision:
        if not hits:
            return Decision(resource, None, None)
        # Many resources are matched by the same scopes: settle each set of hits once. The
        # hits are the index's own entry tuples, alive as long as this resolver: identity is a
        # sound and much cheaper key than hashing every pattern.
        key = tuple(map(id, hits))
        settled = self.by_hits.get(key)
        if settled is None:
            owners = frozenset(owner for _p, owner in hits)
            matched = tuple(sorted({(owner, p.text) for p, owner in hits}))
            area, person, candidates, fallback, ambiguous, dri_area, *rest = self.settle(owners)
            settled = (area, person, candidates, fallback, ambiguous, matched, dri_area, *rest)
            self.by_hits[key] = settled
        return Decision(resource, *settled)


def who_decides(graph: OrgGraph, resource: str, on: dt.date | None) -> Decision:
    resolver = Resolver(graph, _day(on))
    return resolver.decide(resource, graph.scope_index().lookup(resource))


def who_decides_many(
    graph: OrgGraph, resources: Iterable[str], on: dt.date | None
) -> list[Decision]:
    # A batch allocates one Decision per resource and nothing cyclic.
    with collector_paused():
        return _decide_all(graph, list(resources), on)


def _decide_all(graph: OrgGraph, items: list[str], on: dt.date | None) -> list[Decision]:
    resolver = Resolver(graph, _day(on))
    index = graph.scope_index()
    found = index.serials_many(items)  # checks every resource first
    entries = index.entries
    # Resources with the same answer share one list of serials (all files of a directory no
    # scope singles out): settle each list once. Every list stays alive in `found` until the
    # end, so its identity is a sound key here. Equal lists that are not shared (every file
    # of a directory a `dir/*` scope holds) are caught by their content, settled once too.
    settled: dict[int, tuple[Any, ...]] = {}
    by_content: dict[tuple[int, ...], tuple[Any, ...]] = {}
    out: list[Decision] = []
    for resource, serials in zip(items, found, strict=True):
        answer = settled.get(id(serials))
        if answer is None:
            key = tuple(serials)
            answer = by_content.get(key)
            if answer is None:
                first = resolver.decide(resource, [entries[s] for s in serials])
                answer = by_content[key] = attrs.astuple(first, recurse=False)[1:]
                settled[id(serials)] = answer
                out.append(first)
                continue
            settled[id(serials)] = answer
        out.append(Decision(resource, *answer))
    return out
