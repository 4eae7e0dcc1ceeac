"""Questions an org answers: who is DRI, where disagreements go, who decides a resource.

Every query works on broken orgs too (unknown ids, cycles, vacant areas): it answers as far
as the org allows and says where the answer stops. Nothing here recurses on the org's depth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from distauth._bulk import collector_paused
from distauth._errors import InvalidTypeError, UnknownIdError
from distauth._model import DRI, Area, Displayable, Person, Role
from distauth.scopes import Pattern, ScopeIndex

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["Decision", "EscalationPath", "Step"]


def _day(on: dt.date | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidTypeError(f"on must be a datetime.date or None (got {on!r})", on)
    return on


def _kind(org: Org, ident: str | None) -> str | None:
    if ident is None:
        return None
    data = org._graph._node.get(ident)
    return None if data is None else data["kind"]


def _area(org: Org, ident: str) -> Area:
    data = org._graph._node.get(ident)
    if data is None or data["kind"] != "area":
        raise UnknownIdError(f"{ident!r} is not an area of the org", ident)
    area: Area = data["entity"]
    return area


def _parent_area(org: Org, area: Area) -> Area | None:
    """The parent as an Area, or None when absent, unknown or of another kind."""
    if area.parent is None:
        return None
    data = org._graph._node.get(area.parent)
    if data is None or data["kind"] != "area":
        return None
    parent: Area = data["entity"]
    return parent


def _dris_in_effect(org: Org, area_id: str, day: dt.date) -> list[DRI]:
    found = [
        key
        for keys in org._graph._succ.get(area_id, {}).values()
        for key, data in keys.items()
        if data["kind"] == "dri" and key.in_effect(day)
    ]
    found.sort(key=DRI.sort_key)
    return found


def resolve_holder(org: Org, holder: str) -> Person | None:
    """The person a DRI holder id stands for: itself, or a role's single holder."""
    data = org._graph._node.get(holder)
    if data is None:
        return None
    if data["kind"] == "person":
        person: Person = data["entity"]
        return person
    if data["kind"] == "role":
        role: Role = data["entity"]
        if len(role.holders) == 1:
            inner = org._graph._node.get(role.holders[0])
            if inner is not None and inner["kind"] == "person":
                held: Person = inner["entity"]
                return held
    return None


def _why_no_dri(org: Org, area_id: str, day: dt.date) -> str:
    current = _dris_in_effect(org, area_id, day)
    if not current:
        return f"area {area_id!r} has no DRI in effect"
    if len(current) > 1:
        names = ", ".join(repr(d.holder) for d in current)
        return f"area {area_id!r} has {len(current)} DRIs in effect ({names})"
    holder = current[0].holder
    kind = _kind(org, holder)
    if kind == "role":
        return f"the DRI of {area_id!r} is role {holder!r}, which does not have exactly one holder"
    return f"the DRI of {area_id!r} names {holder!r}, who is not a person of the org"


# --- ownership ---------------------------------------------------------------------------------


def dris(org: Org, area: str, on: dt.date | None) -> tuple[DRI, ...]:
    _area(org, area)
    return tuple(_dris_in_effect(org, area, _day(on)))


def dri_of(org: Org, area: str, on: dt.date | None) -> Person | None:
    _area(org, area)
    current = _dris_in_effect(org, area, _day(on))
    if len(current) != 1:
        return None
    return resolve_holder(org, current[0].holder)


def areas_of(org: Org, person: str, on: dt.date | None) -> tuple[Area, ...]:
    if _kind(org, person) != "person":
        raise UnknownIdError(f"{person!r} is not a person of the org", person)
    day = _day(on)
    graph = org._graph
    holders = [person]
    for role_id, keys in graph._succ[person].items():
        if "holds" in keys and _kind(org, role_id) == "role":
            role: Role = graph._node[role_id]["entity"]
            if role.holders == (person,):
                holders.append(role_id)
    found: dict[str, Area] = {}
    for holder in holders:
        for area_id, keys in graph._pred[holder].items():
            node = graph._node[area_id]
            if node["kind"] != "area":
                continue
            if any(d["kind"] == "dri" and k.in_effect(day) for k, d in keys.items()):
                found[area_id] = node["entity"]
    return tuple(found[a] for a in sorted(found))


# --- escalation --------------------------------------------------------------------------------


@attrs.frozen
class Step:
    """One step of an escalation path: an area and its DRI (``None`` when not resolvable)."""

    area: Area
    dri: Person | None


@attrs.frozen
class EscalationPath(Displayable):
    """Where a disagreement in an area goes, step by step, up to the top.

    Attributes:
        area: the id the path starts from.
        steps: the areas passed, each with its DRI, starting with ``area`` itself.
        broken_at: the id where the path breaks (``None`` when it reaches the top).
        reason: why it breaks, in plain words (``None`` when it reaches the top).
    """

    area: str
    steps: tuple[Step, ...]
    broken_at: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when every step has a DRI and the path reaches a top-level area.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("ops"))
        >>> org.escalation_path("ops").ok
        False
        """
        return self.reason is None

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def explain(self) -> str:
        """The path in words, one step per line.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
        >>> print(org.escalation_path("co").explain())
        co (DRI: ana)
        reaches the top
        """
        lines = [f"{s.area.id} (DRI: {s.dri.id if s.dri else 'none'})" for s in self.steps]
        lines.append("reaches the top" if self.ok else f"breaks at {self.broken_at}: {self.reason}")
        return "\n".join(lines)


def next_escalation(area: Area) -> tuple[str | None, bool]:
    """The id a disagreement goes to next, and whether an explicit override says so."""
    if area.escalates_to is not None:
        return area.escalates_to, True
    return area.parent, False


def escalation_path(org: Org, area: str, on: dt.date | None) -> EscalationPath:
    day = _day(on)
    current = _area(org, area)
    steps: list[Step] = []
    seen: set[str] = set()
    while True:
        seen.add(current.id)
        person = dri_of(org, current.id, day)
        steps.append(Step(current, person))
        if person is None:
            return EscalationPath(area, tuple(steps), current.id, _why_no_dri(org, current.id, day))
        target, _explicit = next_escalation(current)
        if target is None:
            return EscalationPath(area, tuple(steps))
        kind = _kind(org, target)
        if kind is None or kind == "missing":
            reason = f"{current.id!r} escalates to {target!r}, which is not in the org"
            return EscalationPath(area, tuple(steps), target, reason)
        if kind != "area":
            reason = f"{current.id!r} escalates to {target!r}, which is a {kind}, not an area"
            return EscalationPath(area, tuple(steps), target, reason)
        if target in seen:
            reason = f"escalation loops back to {target!r}"
            return EscalationPath(area, tuple(steps), target, reason)
        current = org._graph._node[target]["entity"]


def _chain(org: Org, area: Area) -> list[Area] | None:
    """*area* and its ancestors, nearest first; None when the parent links loop."""
    chain = [area]
    seen = {area.id}
    parent = _parent_area(org, area)
    while parent is not None:
        if parent.id in seen:
            return None
        seen.add(parent.id)
        chain.append(parent)
        parent = _parent_area(org, parent)
    return chain


def arbiter(org: Org, a: str, b: str) -> Area | None:
    if _kind(org, a) != "area" or _kind(org, b) != "area":
        return None
    chain_a = _chain(org, org._graph._node[a]["entity"])
    chain_b = _chain(org, org._graph._node[b]["entity"])
    if chain_a is None or chain_b is None:
        return None
    ids = {x.id for x in chain_a}
    return next((x for x in chain_b if x.id in ids), None)


# --- who decides ----------------------------------------------------------------------------------


@attrs.frozen
class Decision(Displayable):
    """The answer to "who decides about this resource?".

    Attributes:
        resource: the resource asked about.
        area: the winning area (the deepest matching one), or ``None`` when nothing matches
            or the answer is ambiguous.
        dri: the person who decides, or ``None``.
        candidates: every area with a scope matching the resource, sorted by id.
        fallback: true when ``area`` is vacant and the DRI is taken from an ancestor.
        ambiguous: true when matching areas are not on one ancestor chain.
        matched: ``(area id, scope)`` for every matching scope.
        dri_area: the area whose DRI decides: ``area`` itself, or on a fallback the nearest
            ancestor with a DRI; ``None`` when nobody decides.
    """

    resource: str
    area: Area | None
    dri: Person | None
    candidates: tuple[Area, ...] = ()
    fallback: bool = False
    ambiguous: bool = False
    matched: tuple[tuple[str, str], ...] = ()
    dri_area: Area | None = None

    @property
    def ok(self) -> bool:
        """True when exactly one person decides.

        >>> import distauth as da
        >>> da.Org().who_decides("finance/billing").ok
        False
        """
        return self.dri is not None and not self.ambiguous

    def explain(self) -> str:
        """Say in plain words which scopes matched and why the winner won.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("fin", scopes=["finance/**"]),
        ...         da.Area("billing", parent="fin", scopes=["finance/billing"]),
        ...         da.DRI("billing", "ana"))
        >>> print(org.who_decides("finance/billing/refunds").explain())
        'finance/billing/refunds' is matched by:
          - area 'billing', scope 'finance/billing'
          - area 'fin', scope 'finance/**'
        'billing' wins: it is the deepest of the matching areas (the most specific delegate).
        ana decides, as DRI of 'billing'.
        """
        if not self.matched:
            return f"no area's scope matches {self.resource!r}: nobody has authority over it."
        lines = [f"{self.resource!r} is matched by:"]
        lines += [f"  - area {a!r}, scope {p!r}" for a, p in self.matched]
        if self.ambiguous:
            names = ", ".join(repr(c.id) for c in self.candidates)
            lines.append(
                f"ambiguous: the matching areas {names} are not on one ancestor chain, so none "
                "of them is the most specific delegate; nobody decides until the scopes are "
                "made disjoint (DA301)."
            )
            return "\n".join(lines)
        assert self.area is not None
        if len(self.candidates) > 1:
            lines.append(
                f"{self.area.id!r} wins: it is the deepest of the matching areas "
                "(the most specific delegate)."
            )
        else:
            lines.append(f"{self.area.id!r} is the only matching area.")
        if self.fallback and self.dri_area is not None:
            who = self.dri.id if self.dri else "nobody"
            lines.append(
                f"{self.area.id!r} has no DRI in effect, so authority falls back to its "
                f"nearest ancestor with one, {self.dri_area.id!r}: {who} decides."
            )
        elif self.fallback:
            lines.append(
                f"{self.area.id!r} has no DRI in effect, and no ancestor has one: nobody decides."
            )
        elif self.dri is not None:
            lines.append(f"{self.dri.id} decides, as DRI of {self.area.id!r}.")
        else:
            lines.append(f"nobody decides: the DRI of {self.area.id!r} cannot be resolved.")
        return "\n".join(lines)


def _scope_index(org: Org) -> ScopeIndex[str]:
    def build() -> ScopeIndex[str]:
        return ScopeIndex((scope, area.id) for area in org.areas.values() for scope in area.scopes)

    index: ScopeIndex[str] = org._cached("scope_index", build)
    return index


class _Resolver:
    """Turns a set of matching areas into a Decision; memoised per set within one call."""

    def __init__(self, org: Org, day: dt.date) -> None:
        self.org = org
        self.day = day
        self.memo: dict[frozenset[str], tuple[Any, ...]] = {}
        self.by_hits: dict[tuple[int, ...], tuple[Any, ...]] = {}

    def chain_ids(self, area_id: str) -> list[str]:
        """*area_id* and its ancestors, nearest first, stopping where parent links loop."""
        nodes = self.org._graph._node
        chain = [area_id]
        seen = {area_id}
        parent = _parent_area(self.org, nodes[area_id]["entity"])
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            chain.append(parent.id)
            parent = _parent_area(self.org, parent)
        return chain

    def settle(self, owners: frozenset[str]) -> tuple[Any, ...]:
        hit = self.memo.get(owners)
        if hit is not None:
            return hit
        org = self.org
        nodes = org._graph._node
        candidates = tuple(nodes[o]["entity"] for o in sorted(owners))
        chains = {o: self.chain_ids(o) for o in owners}
        # The winner lies below every other candidate. On a parent cycle several areas can
        # claim that; "deepest" is then undefined, and so is the answer.
        winners = [o for o, chain in chains.items() if owners <= set(chain)]
        # (area, dri, candidates, fallback, ambiguous, dri_area), in Decision's field order
        # around the per-resource fields.
        if len(winners) != 1:
            result: tuple[Any, ...] = (None, None, candidates, False, True, None)
        else:
            (winner,) = winners
            area: Area = nodes[winner]["entity"]
            person = dri_of(org, winner, self.day)
            fallback, dri_area = False, area if person is not None else None
            if not _dris_in_effect(org, winner, self.day):
                fallback = True
                for ancestor_id in chains[winner][1:]:
                    if _dris_in_effect(org, ancestor_id, self.day):
                        person = dri_of(org, ancestor_id, self.day)
                        dri_area = nodes[ancestor_id]["entity"] if person is not None else None
                        break
            result = (area, person, candidates, fallback, False, dri_area)
        self.memo[owners] = result
        return result

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
            area, person, candidates, fallback, ambiguous, dri_area = self.settle(owners)
            settled = (area, person, candidates, fallback, ambiguous, matched, dri_area)
            self.by_hits[key] = settled
        return Decision(resource, *settled)


def who_decides(org: Org, resource: str, on: dt.date | None) -> Decision:
    resolver = _Resolver(org, _day(on))
    return resolver.decide(resource, _scope_index(org).lookup(resource))


def who_decides_many(org: Org, resources: Iterable[str], on: dt.date | None) -> list[Decision]:
    # A batch allocates one Decision per resource and nothing cyclic.
    with collector_paused():
        return _decide_all(org, list(resources), on)


def _decide_all(org: Org, items: list[str], on: dt.date | None) -> list[Decision]:
    resolver = _Resolver(org, _day(on))
    index = _scope_index(org)
    found = index.serials_many(items)  # checks every resource first
    entries = index.entries
    # Resources with the same answer share one list of serials (all files of a directory no
    # scope singles out): settle each list once. Every list stays alive in `found` until the
    # end, so its identity is a sound key here.
    settled: dict[int, tuple[Any, ...]] = {}
    out: list[Decision] = []
    for resource, serials in zip(items, found, strict=True):
        answer = settled.get(id(serials))
        if answer is None:
            first = resolver.decide(resource, [entries[s] for s in serials])
            answer = settled[id(serials)] = attrs.astuple(first, recurse=False)[1:]
            out.append(first)
        else:
            out.append(Decision(resource, *answer))
    return out
