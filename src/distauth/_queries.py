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
from distauth._model import DRI, Absence, Area, Displayable, Person, Role
from distauth.scopes import Pattern, ScopeIndex

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["Arbitration", "Decision", "EscalationPath", "Step"]


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
        if len(role.holders) == 1 and not role.collective:
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
    if kind == "role" and org._graph._node[holder]["entity"].collective:
        return f"the DRI of {area_id!r} is team {holder!r}: a collective, no single person"
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
            if role.holders == (person,) and not role.collective:  # a team is no DRI
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

    def __repr__(self) -> str:
        """Compact: the areas passed and how the path ends.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"),
        ...         da.DRI("co", "ana"))
        >>> org.escalation_path("ops")
        <EscalationPath 'ops': ops (no DRI); breaks at 'ops'>
        """
        steps = " -> ".join(
            f"{s.area.id} ({s.dri.id if s.dri is not None else 'no DRI'})" for s in self.steps
        )
        end = "reaches the top" if self.ok else f"breaks at {self.broken_at!r}"
        return f"<EscalationPath {self.area!r}: {steps}; {end}>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the start, ``ok``, each step's area and DRI, and where it breaks.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
        >>> org.escalation_path("co").to_dict()
        {'area': 'co', 'ok': True, 'steps': [{'area': 'co', 'dri': 'ana', 'dri_active': True}], \
'broken_at': None, 'reason': None}
        """
        return {
            "area": self.area,
            "ok": self.ok,
            "steps": [
                {
                    "area": s.area.id,
                    "dri": s.dri.id if s.dri is not None else None,
                    "dri_active": s.dri.active if s.dri is not None else None,
                }
                for s in self.steps
            ],
            "broken_at": self.broken_at,
            "reason": self.reason,
        }

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
        if not person.active:
            # Someone who has left cannot settle anything: the path stops here (DA104).
            reason = f"the DRI of {current.id!r}, {person.id!r}, is inactive (DA104)"
            return EscalationPath(area, tuple(steps), current.id, reason)
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


def arbiter(org: Org, a: str, b: str, on: dt.date | None = None) -> Area | None:
    _day(on)  # the area does not depend on the day; a wrong-typed `on` is still an error
    _area(org, a)  # an unknown id raises, as every other query does
    _area(org, b)
    chain_a = _chain(org, org._graph._node[a]["entity"])
    chain_b = _chain(org, org._graph._node[b]["entity"])
    if chain_a is None or chain_b is None:
        return None
    ids = {x.id for x in chain_a}
    return next((x for x in chain_b if x.id in ids), None)


@attrs.frozen
class Arbitration:
    """Who settles a conflict between two areas: the smallest area containing both, its DRI.

    Attributes:
        areas: the two area ids asked about.
        area: their lowest common ancestor area, or ``None`` when they share none (separate
            trees, or a parent chain broken by a cycle).
        dri: the person who settles it: that area's DRI, or ``None`` when it has no single
            resolvable DRI. An inactive DRI is named but does not make the answer ``ok``.
        reason: why nobody settles it, or ``None``.
    """

    areas: tuple[str, str]
    area: Area | None
    dri: Person | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when exactly one active person settles the conflict.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("a"), da.Area("b"))
        >>> org.arbitration("a", "b").ok
        False
        """
        return self.reason is None

    def __repr__(self) -> str:
        """Compact.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("a", parent="co"),
        ...         da.Area("b", parent="co"), da.DRI("co", "ana"))
        >>> org.arbitration("a", "b")
        <Arbitration 'a', 'b': co (DRI ana)>
        """
        a, b = self.areas
        if self.area is None:
            return f"<Arbitration {a!r}, {b!r}: no common area>"
        who = self.dri.id if self.dri is not None else "no DRI"
        return f"<Arbitration {a!r}, {b!r}: {self.area.id} (DRI {who})>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("a"), da.Area("b"))
        >>> org.arbitration("a", "b").to_dict()["reason"]
        "'a' and 'b' are in no common area (separate trees, or a broken parent chain)"
        """
        return {
            "areas": list(self.areas),
            "ok": self.ok,
            "area": self.area.id if self.area is not None else None,
            "dri": self.dri.id if self.dri is not None else None,
            "dri_active": self.dri.active if self.dri is not None else None,
            "reason": self.reason,
        }

    def explain(self) -> str:
        """The answer in words.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("a", parent="co"),
        ...         da.Area("b", parent="co"), da.DRI("co", "ana"))
        >>> print(org.arbitration("a", "b").explain())
        'a' and 'b' meet in 'co': ana settles a conflict between them.
        """
        a, b = self.areas
        if self.reason is not None:
            return f"{self.reason}: nobody settles a conflict between {a!r} and {b!r}."
        assert self.area is not None
        assert self.dri is not None
        return (
            f"{a!r} and {b!r} meet in {self.area.id!r}: {self.dri.id} settles a conflict "
            "between them."
        )


def arbitration(org: Org, a: str, b: str, on: dt.date | None) -> Arbitration:
    day = _day(on)
    found = arbiter(org, a, b)
    if found is None:
        reason = f"{a!r} and {b!r} are in no common area (separate trees, or a broken parent chain)"
        return Arbitration((a, b), None, None, reason)
    person = dri_of(org, found.id, day)
    if person is None:
        reason = f"{a!r} and {b!r} meet in {found.id!r}, but {_why_no_dri(org, found.id, day)}"
        return Arbitration((a, b), found, None, reason)
    if not person.active:
        reason = (
            f"{a!r} and {b!r} meet in {found.id!r}, whose DRI {person.id!r} is inactive (DA104)"
        )
        return Arbitration((a, b), found, person, reason)
    return Arbitration((a, b), found, person)


# --- who decides ----------------------------------------------------------------------------------


def is_absent(org: Org, person: str, day: dt.date) -> bool:
    """Whether *person* has an absence in effect on *day* (O(their absences))."""
    keys = org._graph._succ.get(person, {}).get(person)
    return bool(keys) and any(type(k) is Absence and k.in_effect(day) for k in keys)


def holder_answer(org: Org, holder: str) -> tuple[Person | None, tuple[Person | Role, ...]]:
    """Who a DRI (or deputy) holder id stands for: the single person, and all deciders.

    A person, or a role held by one person, is both; a collective role (a team) has no
    single person and its holders who are people or teams of the org decide (a team among
    the holders, such as ``@org/team`` next to a person on one CODEOWNERS rule, decides as
    itself), or the team itself when the org lists none of them; anything else (an unknown
    id, a role with 0 or 2+ holders) resolves to nobody.
    """
    data = org._graph._node.get(holder)
    if data is not None and data["kind"] == "role" and data["entity"].collective:
        role: Role = data["entity"]
        nodes = org._graph._node
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
    person = resolve_holder(org, holder)
    return person, (() if person is None else (person,))


def area_answer(
    org: Org, area: Area, records: list[DRI], day: dt.date
) -> tuple[Person | None, tuple[Person | Role, ...], tuple[Person, ...], bool]:
    """``(dri, deciders, absent, by_deputy)`` for an area whose DRI records in effect are given.

    When everyone who would decide is absent on *day* and the area's deputy resolves to
    someone present, the deputy decides instead.
    """
    if len(records) != 1:
        return None, (), (), False
    dri, deciders = holder_answer(org, records[0].holder)
    away = tuple(p for p in deciders if isinstance(p, Person) and is_absent(org, p.id, day))
    if not away:
        return dri, deciders, (), False
    if len(away) < len(deciders):  # some members of a team are away, the others decide
        return dri, tuple(p for p in deciders if p not in away), away, False
    if area.deputy is not None:
        stand_in, standing = holder_answer(org, area.deputy)
        present = tuple(
            p for p in standing if not (isinstance(p, Person) and is_absent(org, p.id, day))
        )
        if present:
            return (stand_in if stand_in in present else None), present, away, True
    return dri, deciders, away, False


@attrs.frozen
class Decision(Displayable):
    """The answer to "who decides about this resource?".

    Attributes:
        resource: the resource asked about.
        area: the winning area (the deepest matching one), or ``None`` when nothing matches
            or the answer is ambiguous.
        dri: the person who decides, or ``None``.
        candidates: every area with a scope matching the resource, the most specific (deepest)
            first, ties by id.
        fallback: true when ``area`` is vacant and the DRI is taken from an ancestor.
        ambiguous: true when matching areas are not on one ancestor chain.
        matched: ``(area id, scope)`` for every matching scope.
        dri_area: the area whose DRI decides: ``area`` itself, or on a fallback the nearest
            ancestor with a DRI; ``None`` when nobody decides.
        deciders: everyone who may decide: the DRI alone for a normal area, the holders of
            a team (a collective role) that is DRI, or the team itself when the org lists
            none of its members; the deputy while the DRI is absent; empty when nobody
            decides.
        absent: the people who would decide but are absent that day (see
            :class:`~distauth.Absence`).
        by_deputy: true when they are all absent and the area's deputy decides instead.
        nobody: true when an area says that nobody holds its scopes
            (:attr:`Area.nobody <distauth.Area.nobody>`) and has no DRI in effect, so that
            nobody decides: ``area`` itself, or on a fallback an ancestor, which stops it.
    """

    resource: str
    area: Area | None
    dri: Person | None
    candidates: tuple[Area, ...] = ()
    fallback: bool = False
    ambiguous: bool = False
    matched: tuple[tuple[str, str], ...] = ()
    dri_area: Area | None = None
    deciders: tuple[Person | Role, ...] = ()
    absent: tuple[Person, ...] = ()
    by_deputy: bool = False
    nobody: bool = False

    @property
    def ok(self) -> bool:
        """True when exactly one active person decides.

        An inactive DRI (someone who has left, DA104) is still named in :attr:`dri`, but the
        answer is not ok: nobody can act on it.

        >>> import distauth as da
        >>> da.Org().who_decides("finance/billing").ok
        False
        """
        return self.dri is not None and self.dri.active and not self.ambiguous

    @property
    def dri_inactive(self) -> bool:
        """True when the person named as deciding is marked inactive (has left).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("cy", active=False), da.Area("hr", scopes=["hr"]),
        ...         da.DRI("hr", "cy"))
        >>> decision = org.who_decides("hr")
        >>> decision.dri.id, decision.dri_inactive, decision.ok
        ('cy', True, False)
        """
        return self.dri is not None and not self.dri.active

    def __repr__(self) -> str:
        """Compact: the resource, the winning area and who decides.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("hr", scopes=["hr"]), da.DRI("hr", "ana"))
        >>> org.who_decides("hr/leave")
        <Decision 'hr/leave': hr, DRI ana>
        """
        if self.ambiguous:
            names = ", ".join(c.id for c in self.candidates)
            return f"<Decision {self.resource!r}: ambiguous between {names}>"
        if self.area is None:
            return f"<Decision {self.resource!r}: no area>"
        who = "no DRI" if self.dri is None else f"DRI {self.dri.id}"
        if self.dri_inactive:
            who += " (inactive)"
        if self.fallback and self.dri_area is not None:
            who += f" (fallback to {self.dri_area.id})"
        return f"<Decision {self.resource!r}: {self.area.id}, {who}>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the answer, with ids for areas and people.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("hr", scopes=["hr"]), da.DRI("hr", "ana"))
        >>> org.who_decides("hr/leave").to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'resource': 'hr/leave', 'ok': True, 'area': 'hr', 'dri': 'ana', 'dri_active': True,
         'dri_area': 'hr', 'fallback': False, 'ambiguous': False, 'candidates': ['hr'],
         'matched': [{'area': 'hr', 'scope': 'hr'}], 'deciders': ['ana'], 'absent': [],
         'by_deputy': False, 'nobody': False}
        """
        return {
            "resource": self.resource,
            "ok": self.ok,
            "area": self.area.id if self.area is not None else None,
            "dri": self.dri.id if self.dri is not None else None,
            "dri_active": self.dri.active if self.dri is not None else None,
            "dri_area": self.dri_area.id if self.dri_area is not None else None,
            "fallback": self.fallback,
            "ambiguous": self.ambiguous,
            "candidates": [c.id for c in self.candidates],
            "matched": [{"area": a, "scope": p} for a, p in self.matched],
            "deciders": [d.id for d in self.deciders],
            "absent": [p.id for p in self.absent],
            "by_deputy": self.by_deputy,
            "nobody": self.nobody,
        }

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
            lines.append(
                f"{self.area.id!r} has no DRI in effect, so authority falls back to its "
                f"nearest ancestor with one, {self.dri_area.id!r}: {self._who()} decide"
                f"{'s' if len(self.deciders) < 2 else ''}."
            )
        elif self.fallback and self.nobody:
            lines.append(
                f"{self.area.id!r} has no DRI in effect, and its nearest ancestor that decides "
                "anything says that nobody holds its scopes: nobody decides."
            )
        elif self.fallback:
            lines.append(
                f"{self.area.id!r} has no DRI in effect, and no ancestor has one: nobody decides."
            )
        elif self.nobody:
            lines.append(
                f"{self.area.id!r} says that nobody holds its scopes: nobody decides, and "
                "authority does not fall back to an ancestor."
            )
        elif self.deciders:
            lines.append(self._deciding(self.dri_area or self.area))
        else:
            lines.append(f"nobody decides: the DRI of {self.area.id!r} cannot be resolved.")
        if self.dri_inactive:
            assert self.dri is not None
            lines.append(
                f"but {self.dri.id} is inactive (has left): nobody can act on it until the area "
                "has an active DRI (DA104)."
            )
        return "\n".join(lines)

    def _who(self) -> str:
        return ", ".join(d.id for d in self.deciders) or "nobody"

    def _deciding(self, area: Area) -> str:
        """The sentence that names the deciders of *area*, the absent and the deputy."""
        away = ", ".join(p.id for p in self.absent)
        if self.by_deputy:
            return (
                f"{away}, who would decide as DRI of {area.id!r}, "
                f"{'is' if len(self.absent) == 1 else 'are'} absent: the deputy "
                f"{area.deputy!r} stands in, so {self._who()} "
                f"{'decides' if len(self.deciders) == 1 else 'decide'}."
            )
        if self.dri is not None:
            text = f"{self.dri.id} decides, as DRI of {area.id!r}."
        elif len(self.deciders) == 1 and isinstance(self.deciders[0], Role):
            text = (
                f"team {self.deciders[0].id!r} decides, as DRI of {area.id!r} "
                "(the org lists none of its members)."
            )
        else:
            text = (
                f"the team that is DRI of {area.id!r} decides: any of {self._who()} "
                "(no single DRI)."
            )
        if self.absent:
            text += f" {away} {'is' if len(self.absent) == 1 else 'are'} absent" + (
                f", and {area.id!r} has no deputy who can stand in."
                if self.dri is not None or len(self.deciders) == len(self.absent)
                else "."
            )
        return text


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
            records = _dris_in_effect(org, winner, self.day)
            if records:
                result = self.answer(area, records, candidates, fallback=False)
            elif not area.nobody:
                for ancestor_id in chains[winner][1:]:
                    ancestor: Area = nodes[ancestor_id]["entity"]
                    records = _dris_in_effect(org, ancestor_id, self.day)
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
        dri, deciders, absent, by_deputy = area_answer(self.org, area, records, self.day)
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
