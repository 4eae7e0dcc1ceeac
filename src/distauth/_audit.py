"""Judging decision records against the map as it was on each record's day.

One :class:`Judgement` per :class:`~distauth.DecisionRecord` says everything the DA6xx rules
and the trust metrics need: who decided (resolved by id or handle), which area held authority
over the decision that day, who held it (the DRI or acting DRI, the deputy, or the DRI an area
without one falls back to), which advisors were consulted, and what could not be resolved.
The rules turn judgements into findings; :mod:`distauth._trust` counts them.

Cost: the DRI records are indexed once per audit, per area, sorted by start day, so the
records in effect on a day are found by bisection (O(log k + m) for an area with k records,
m of them started by that day and still open or overlapping). Names are resolved once per
distinct spelling. A record that names its area costs O(names + log k); one that names
resources adds a :meth:`~distauth.Org.who_decides` per resource. Walks up the parent chain (a
vacant area falling back, escalation) are iterative and stop at a cycle.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from distauth._model import DRI, Area, DecisionRecord, Person, Role

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = [
    "UNJUDGED_STATUSES",
    "Auditor",
    "Judgement",
    "judge_all",
    "record_id_for",
    "superseded_by",
]

#: Records whose status starts with one of these words were not (yet) decided: the authority
#: rules (DA601-DA606) leave them alone; DA607 and DA608 still read them.
UNJUDGED_STATUSES = ("proposed", "draft", "rejected")

_SUPERSEDED = re.compile(r"superseded\s+by\s*:?\s*(.+)", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]+)[^)]*\)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NUMBER = re.compile(r"\d+")


def record_id_for(name: str) -> str:
    """The record id a file name or a reference stands for: its stem, as a slug.

    >>> record_id_for("docs/adr/0043-Hardcode strategy.md"), record_id_for("ADR 7")
    ('0043-hardcode-strategy', 'adr-7')
    """
    stem = name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    return _NOT_SLUG.sub("-", stem.lower()).strip("-") or "record"


def superseded_by(status: str) -> str | None:
    """The reference a ``superseded by ...`` status names, or ``None``.

    A Markdown link names its target file; anything else is taken as written.

    >>> superseded_by("Superseded by [ADR 12](0012-use-kafka.md)")
    '0012-use-kafka.md'
    >>> superseded_by("superseded by adr-12"), superseded_by("accepted")
    ('adr-12', None)
    """
    match = _SUPERSEDED.search(status)
    if match is None:
        return None
    target = match.group(1).strip()
    link = _LINK.search(target)
    if link is not None:
        return link.group(2)
    return target.rstrip(".;,)").strip() or None


class Judgement:
    """What one decision record says when read against the map of its day.

    Attributes:
        record: the record judged.
        judged: ``False`` for a record not yet decided (status ``proposed``, ``draft``,
            ``rejected``): only the reference rules read it.
        deciders: ids of the people and roles that decided (names that resolve).
        unknown_names: names (as written) that resolve to no one person or role.
        unknown_area: the record's ``area`` when it is no area of the org.
        area: the area that held authority over the decision that day, if one did.
        concerned: the areas the record concerns (its area, or each resource's area).
        ambiguous: candidate areas when authority over a resource was ambiguous that day.
        unowned: the area or resources nobody held authority over that day.
        authorized: ids who could decide for ``area`` that day: its DRI records' holders
            (roles and their holders), its deputy, or the DRI a vacant area fell back to.
        own_dri: ids of the area's own DRI records' holders that day (no deputy, no fallback).
        by_authority: some decider is in ``authorized``.
        by_own_dri: some decider is in ``own_dri``.
        escalated: authority sat above the areas concerned (their arbiter), or (when judged
            with ``escalation=True``) a DRI above the area decided instead of its own.
        advisors: the area's advisors.
        missing_advisors: advisors neither consulted nor among the deciders.
        non_human: deciders that are agents or bots (or teams of them).
        human_authority: some decider in ``authorized`` is, or includes, a human.
        dangling: the ``superseded by`` reference that names no record.
        unknown_decider: some name among the deciders resolves to nobody.
    """

    # Most records are clean: class-level defaults let a judgement set only what differs, at
    # a hundred thousand records a judgement that costs a few attribute stores counts.
    deciders: tuple[str, ...] = ()
    unknown_names: tuple[str, ...] = ()
    dangling: str | None = None
    unknown_decider: bool = False
    unknown_area: str | None = None
    area: str | None = None
    concerned: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    unowned: tuple[str, ...] = ()
    authorized: frozenset[str] = frozenset()
    own_dri: frozenset[str] = frozenset()
    by_authority: bool = False
    by_own_dri: bool = False
    escalated: bool = False
    advisors: tuple[str, ...] = ()
    missing_advisors: tuple[str, ...] = ()
    non_human: tuple[str, ...] = ()
    human_authority: bool = False

    def __init__(  # noqa: PLR0917 - positional on purpose: one call per record
        self,
        record: DecisionRecord,
        judged: bool,
        deciders: tuple[str, ...] = (),
        unknown_names: tuple[str, ...] = (),
        dangling: str | None = None,
        unknown_decider: bool = False,
    ) -> None:
        self.record = record
        self.judged = judged
        if deciders:
            self.deciders = deciders
        if unknown_names:
            self.unknown_names = unknown_names
            self.unknown_decider = unknown_decider
        if dangling is not None:
            self.dangling = dangling

    def __repr__(self) -> str:
        return f"<Judgement of {self.record.id!r}: area {self.area!r}>"


class Auditor:
    """The indexes one audit shares: DRI holders per area and period, resolved names.

    Each area's DRI records cut time into periods at every start and end day; within one
    period the same records are in effect, so who holds the area is worked out once per period
    (found by bisection) and shared by every record dated in it.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("ops"),
    ...         da.DRI("ops", "ana", end=dt.date(2027, 1, 1)),
    ...         da.DRI("ops", "bo", start=dt.date(2027, 1, 1)))
    >>> auditor = Auditor(org)
    >>> sorted(auditor.holders("ops", dt.date(2026, 12, 31)))
    ['ana']
    >>> sorted(auditor.holders("ops", dt.date(2027, 1, 1)))
    ['bo']
    """

    def __init__(self, org: Org) -> None:
        self.org = org
        #: Areas, people and roles by id: dicts the size of each kind, not of the whole graph;
        #: and the decision records in the org's order. One pass over the graph's nodes.
        self._areas: dict[str, Area] = {}
        people: dict[str, Person] = {}
        self._people = people
        self._roles: dict[str, Role] = {}
        self.records: list[DecisionRecord] = []
        by_kind: dict[str, Any] = {
            "area": self._areas,
            "person": people,
            "role": self._roles,
        }
        for ident, data in org.graph.nodes(data=True):
            kind = data.get("kind")
            if kind == "decision":
                self.records.append(data["entity"])
            else:
                table = by_kind.get(kind) if kind is not None else None
                if table is not None:
                    table[ident] = data["entity"]
        #: area id -> (period boundaries, its DRI records), boundaries sorted.
        self._periods: dict[str, tuple[list[dt.date], list[DRI]]] = {}
        by_area: dict[str, list[DRI]] = {}
        for record in org.all_dris():
            by_area.setdefault(record.area, []).append(record)
        for area, records in by_area.items():
            days = {d for r in records for d in (r.start, r.end) if d is not None}
            self._periods[area] = (sorted(days), records)
        #: (area id, period index) -> (holders, holders and deputy).
        self._held: dict[tuple[str, int], tuple[frozenset[str], frozenset[str]]] = {}
        self._expanded: dict[str, frozenset[str]] = {}
        self._non_human: set[str] = set()
        self._human: set[str] = set()
        for person in people.values():
            (self._human if person.kind == "human" else self._non_human).add(person.id)
        for role in self._roles.values():
            members = [people.get(h) for h in role.holders]
            if any(p is not None and p.kind == "human" for p in members):
                self._human.add(role.id)
            elif members and all(p is not None and p.kind != "human" for p in members):
                self._non_human.add(role.id)
        self._names: dict[str, str | None] = {}
        self._ids: set[str] = {r.id for r in self.records}
        numbers: dict[int, list[str]] = {}
        for ident in self._ids:
            lead = _NUMBER.match(ident)
            if lead is not None:
                numbers.setdefault(int(lead.group()), []).append(ident)
        self._numbers = numbers

    # --- lookups -------------------------------------------------------------------------------

    def _period(self, area: Area, day: dt.date) -> tuple[frozenset[str], frozenset[str]]:
        """(holders, holders and deputy) of *area*'s DRI records in effect on *day*."""
        found = self._periods.get(area.id)
        if found is None:
            return _NONE
        bounds, records = found
        key = (area.id, bisect.bisect_right(bounds, day))
        held = self._held.get(key)
        if held is None:
            own: set[str] = set()
            for record in records:
                if record.in_effect(day):
                    own |= self.expand(record.holder)
            with_deputy = set(own)
            if own and area.deputy is not None:
                with_deputy |= self.expand(area.deputy)
            held = self._held[key] = (frozenset(own), frozenset(with_deputy))
        return held

    def holders(self, area: str, day: dt.date) -> frozenset[str]:
        """Ids holding *area* on *day* through its DRI records (roles with their holders)."""
        found = self._area(area)
        return frozenset() if found is None else self._period(found, day)[0]

    def expand(self, ident: str) -> frozenset[str]:
        """*ident*, and the holders of the role it names."""
        found = self._expanded.get(ident)
        if found is None:
            entity = self._entity(ident)
            holders = entity.holders if isinstance(entity, Role) else ()
            found = self._expanded[ident] = frozenset((ident, *holders))
        return found

    def resolve(self, name: str) -> str | None:
        """The id of the one person or role *name* names (an id or a handle), or ``None``."""
        try:
            return self._names[name]
        except KeyError:
            pass
        found = self.org.by_handle(name)
        ident = found.id if found is not None else None
        self._names[name] = ident
        return ident

    def _entity(self, ident: str) -> Person | Area | Role | None:
        return self._people.get(ident) or self._roles.get(ident) or self._areas.get(ident)

    def _area(self, ident: str) -> Area | None:
        return self._areas.get(ident)

    def _chain(self, area: Area) -> Iterator[Area]:
        """*area* and its ancestors, nearest first, stopping at an unknown parent or a cycle."""
        seen: set[str] = set()
        current: Area | None = area
        while current is not None and current.id not in seen:
            seen.add(current.id)
            yield current
            current = self._area(current.parent) if current.parent is not None else None

    def _superseded_exists(self, target: str) -> bool:
        ident = record_id_for(target)
        if ident in self._ids:
            return True
        lead = _NUMBER.search(ident)
        return lead is not None and int(lead.group()) in self._numbers

    # --- judging -------------------------------------------------------------------------------

    def _authority(self, area: Area, day: dt.date) -> tuple[frozenset[str], frozenset[str]]:
        """(authorized, own DRI) ids for *area* on *day*; both empty when nobody decides."""
        own, authorized = self._period(area, day)
        if own or area.nobody:
            return authorized, own
        for upper in self._chain(area):
            held = self._period(upper, day)[0]
            if held:
                deputy = self.expand(area.deputy) if area.deputy is not None else frozenset()
                return held | deputy, own
        return own, own

    def escalated_past(self, area: Area, deciders: Iterable[str], day: dt.date) -> bool:
        """Whether a decider held a DRI record of an area above *area* on *day*."""
        wanted = set(deciders)
        chain = self._chain(area)
        next(chain)
        return any(not wanted.isdisjoint(self._period(upper, day)[0]) for upper in chain)

    def _concerned(
        self, record: DecisionRecord
    ) -> tuple[Area | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
        """(authority area, concerned ids, ambiguous candidates, unowned, escalated)."""
        winners: dict[str, Area] = {}
        ambiguous: set[str] = set()
        unowned: list[str] = []
        for resource in record.resources:
            decision = self.org.who_decides(resource, on=record.date)
            if decision.ambiguous:
                ambiguous.update(a.id for a in decision.candidates)
            elif decision.area is None:
                unowned.append(resource)
            else:
                winners.setdefault(decision.area.id, decision.area)
        concerned = tuple(winners)
        if ambiguous or not winners:
            return None, concerned, tuple(sorted(ambiguous)), tuple(unowned), False
        areas = list(winners.values())
        top = areas[0]
        for other in areas[1:]:
            found = self.org.arbiter(top.id, other.id)
            if found is None:
                return None, concerned, tuple(sorted(winners)), tuple(unowned), False
            top = found
        return top, concerned, (), tuple(unowned), top.id not in winners

    def _ids_of(self, names: tuple[str, ...], unknown: list[str]) -> tuple[str, ...]:
        if not names:
            return ()
        cache = self._names
        ids: list[str] = []
        for name in names:
            ident = cache[name] if name in cache else self.resolve(name)
            if ident is None:
                if name not in unknown:
                    unknown.append(name)
            elif ident not in ids:
                ids.append(ident)
        return tuple(ids)

    def judge(self, record: DecisionRecord, *, escalation: bool = False) -> Judgement:
        """Read one record against the map of its day.

        With *escalation*, also tell whether a DRI above the area decided in its place (the
        trust metrics ask; the rules do not need it).
        """
        status = record.status
        judged = status == "accepted" or not status.strip().lower().startswith(UNJUDGED_STATUSES)
        unknown: list[str] = []
        deciders = self._ids_of(record.decided_by, unknown)
        unknown_decider = bool(unknown)
        consulted = self._ids_of(record.consulted, unknown)
        if record.informed:
            self._ids_of(record.informed, unknown)
        if record.dissent:
            self._ids_of(record.dissent, unknown)
        dangling = None
        if "uperseded" in status or "UPERSEDED" in status:
            target = superseded_by(status)
            if target is not None and not self._superseded_exists(target):
                dangling = target
        judgement = Judgement(record, judged, deciders, tuple(unknown), dangling, unknown_decider)
        if record.area is not None:
            area = self._area(record.area)
            if area is None:
                judgement.unknown_area = record.area
                return judgement
            judgement.concerned = (area.id,)
        elif record.resources:
            area, concerned, ambiguous, unowned, escalated = self._concerned(record)
            judgement.concerned, judgement.ambiguous = concerned, ambiguous
            judgement.unowned, judgement.escalated = unowned, escalated
            if area is None:
                return judgement
        else:
            return judgement
        day = record.date
        authorized, own = self._authority(area, day)
        if not authorized and not judgement.unowned:
            judgement.unowned = (area.id,)
        judgement.area = area.id
        judgement.authorized, judgement.own_dri = authorized, own
        by_authority = judgement.by_authority = not authorized.isdisjoint(deciders)
        judgement.by_own_dri = not own.isdisjoint(deciders)
        if escalation and not judgement.escalated and deciders and not by_authority:
            judgement.escalated = self.escalated_past(area, deciders, day)
        advisors = area.advisors
        if advisors:
            judgement.advisors = advisors
            # Usually every advisor is named outright; only the others need roles expanded.
            unheard = [a for a in advisors if a not in consulted and a not in deciders]
            if unheard:
                heard: set[str] = set()
                for ident in (*consulted, *deciders):
                    heard |= self.expand(ident)
                missing = [
                    a for a in unheard if a not in heard and heard.isdisjoint(self.expand(a))
                ]
                if missing:
                    judgement.missing_advisors = tuple(missing)
        non_human = self._non_human
        if non_human and not non_human.isdisjoint(deciders):
            judgement.non_human = tuple(d for d in deciders if d in non_human)
            judgement.human_authority = any(d in authorized and d in self._human for d in deciders)
        return judgement


_NONE: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def judge_all(org: Org, *, escalation: bool = False) -> list[Judgement]:
    """Judge every decision record of *org*, in the order the org lists them.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("ops", advisors=["bo"]),
    ...         da.DRI("ops", "ana"),
    ...         da.DecisionRecord("d1", title="Use X", date=dt.date(2027, 1, 1), area="ops",
    ...                           decided_by=["bo"]))
    >>> (j,) = judge_all(org)
    >>> j.area, j.by_authority, j.missing_advisors
    ('ops', False, ())
    """
    auditor = Auditor(org)
    judge = auditor.judge
    return [judge(record, escalation=escalation) for record in auditor.records]
