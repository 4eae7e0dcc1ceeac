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
from typing import TYPE_CHECKING

import attrs

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


@attrs.frozen
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
        escalated: authority sat above the areas concerned (their arbiter), or a DRI on the
            area's escalation path decided instead of its own.
        advisors: the area's advisors.
        missing_advisors: advisors neither consulted nor among the deciders.
        non_human: deciders that are agents or bots (or teams of them).
        human_authority: some decider in ``authorized`` is, or includes, a human.
        dangling: the ``superseded by`` reference that names no record.
        unknown_decider: some name among the deciders resolves to nobody.
    """

    record: DecisionRecord
    judged: bool
    deciders: tuple[str, ...] = ()
    unknown_names: tuple[str, ...] = ()
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
    dangling: str | None = None
    unknown_decider: bool = False


class Auditor:
    """The indexes one audit shares: DRI records per area by start day, resolved names.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("ops"),
    ...         da.DRI("ops", "ana", end=dt.date(2027, 1, 1)),
    ...         da.DRI("ops", "bo", start=dt.date(2027, 1, 1)))
    >>> auditor = Auditor(org)
    >>> [d.holder for d in auditor.dris("ops", dt.date(2026, 12, 31))]
    ['ana']
    >>> [d.holder for d in auditor.dris("ops", dt.date(2027, 1, 1))]
    ['bo']
    """

    def __init__(self, org: Org) -> None:
        self.org = org
        nodes = org.graph._node
        self._nodes = nodes
        # area id -> (start days, records), sorted by start (None first: open since always).
        self._dris: dict[str, tuple[list[dt.date], list[DRI]]] = {}
        for data in nodes.values():
            if data.get("kind") != "area" or data.dri is None:
                continue
            records = sorted((r for r, _ in data.records()), key=_start)
            self._dris[data["entity"].id] = ([_start(r) for r in records], records)
        self._names: dict[str, str | None] = {}
        self._ids: set[str] = set(org.decisions)
        numbers: dict[int, list[str]] = {}
        for ident in self._ids:
            lead = _NUMBER.match(ident)
            if lead is not None:
                numbers.setdefault(int(lead.group()), []).append(ident)
        self._numbers = numbers

    # --- lookups -------------------------------------------------------------------------------

    def dris(self, area: str, day: dt.date) -> list[DRI]:
        """The DRI records of *area* in effect on *day*."""
        found = self._dris.get(area)
        if found is None:
            return []
        starts, records = found
        cut = bisect.bisect_right(starts, day)
        return [r for r in records[:cut] if r.end is None or day < r.end]

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
        data = self._nodes.get(ident)
        return None if data is None else data["entity"]

    def _with_holders(self, ident: str, into: set[str]) -> None:
        into.add(ident)
        entity = self._entity(ident)
        if isinstance(entity, Role):
            into.update(entity.holders)

    def _area(self, ident: str) -> Area | None:
        entity = self._entity(ident)
        return entity if isinstance(entity, Area) else None

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
        own: set[str] = set()
        for record in self.dris(area.id, day):
            self._with_holders(record.holder, own)
        authorized = set(own)
        if not own and not area.nobody:
            for upper in self._chain(area):
                records = self.dris(upper.id, day)
                if records:
                    for record in records:
                        self._with_holders(record.holder, authorized)
                    break
        if authorized and area.deputy is not None:
            self._with_holders(area.deputy, authorized)
        return frozenset(authorized), frozenset(own)

    def _escalated_past(self, area: Area, deciders: Iterable[str], day: dt.date) -> bool:
        """Whether a decider held a DRI record of an area above *area* on *day*."""
        wanted = set(deciders)
        chain = self._chain(area)
        next(chain)
        for upper in chain:
            held: set[str] = set()
            for record in self.dris(upper.id, day):
                self._with_holders(record.holder, held)
            if held & wanted:
                return True
        return False

    def _is_human(self, ident: str) -> bool:
        entity = self._entity(ident)
        if isinstance(entity, Person):
            return entity.kind == "human"
        if isinstance(entity, Role):
            return any(self._is_human(h) for h in entity.holders if h != ident)
        return False

    def _non_human(self, ident: str) -> bool:
        entity = self._entity(ident)
        if isinstance(entity, Person):
            return entity.kind != "human"
        if isinstance(entity, Role):
            people = [self._entity(h) for h in entity.holders]
            return bool(people) and all(
                isinstance(p, Person) and p.kind != "human" for p in people
            )
        return False

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

    def judge(self, record: DecisionRecord) -> Judgement:
        """Read one record against the map of its day."""
        status = record.status.strip().lower()
        judged = not status.startswith(UNJUDGED_STATUSES)
        unknown: list[str] = []
        resolved: dict[str, list[str]] = {}
        for field in ("decided_by", "consulted", "informed", "dissent"):
            ids = resolved[field] = []
            for name in getattr(record, field):
                ident = self.resolve(name)
                if ident is None:
                    if name not in unknown:
                        unknown.append(name)
                elif ident not in ids:
                    ids.append(ident)
        target = superseded_by(record.status)
        dangling = target if target is not None and not self._superseded_exists(target) else None
        deciders = tuple(resolved["decided_by"])
        base = {
            "record": record,
            "judged": judged,
            "deciders": deciders,
            "unknown_names": tuple(unknown),
            "dangling": dangling,
            "unknown_decider": any(n in unknown for n in record.decided_by),
        }
        if record.area is not None:
            area = self._area(record.area)
            if area is None:
                return Judgement(**base, unknown_area=record.area)  # type: ignore[arg-type]
            concerned: tuple[str, ...] = (area.id,)
            ambiguous: tuple[str, ...] = ()
            unowned: tuple[str, ...] = ()
            escalated = False
        elif record.resources:
            area, concerned, ambiguous, unowned, escalated = self._concerned(record)
        else:
            return Judgement(**base)  # type: ignore[arg-type]
        if area is None:
            return Judgement(  # type: ignore[arg-type]
                **base, concerned=concerned, ambiguous=ambiguous, unowned=unowned
            )
        authorized, own = self._authority(area, record.date)
        if not authorized and not unowned:
            unowned = (area.id,)
        by_authority = any(d in authorized for d in deciders)
        if not escalated and deciders and not by_authority:
            escalated = self._escalated_past(area, deciders, record.date)
        heard: set[str] = set()
        for ident in (*resolved["consulted"], *deciders):
            self._with_holders(ident, heard)
        missing = tuple(
            a
            for a in area.advisors
            if a not in heard
            and not (isinstance(r := self._entity(a), Role) and any(h in heard for h in r.holders))
        )
        return Judgement(  # type: ignore[arg-type]
            **base,
            area=area.id,
            concerned=concerned,
            unowned=unowned,
            authorized=authorized,
            own_dri=own,
            by_authority=by_authority,
            by_own_dri=any(d in own for d in deciders),
            escalated=escalated,
            advisors=area.advisors,
            missing_advisors=missing,
            non_human=tuple(d for d in deciders if self._non_human(d)),
            human_authority=any(d in authorized and self._is_human(d) for d in deciders),
        )


def _start(record: DRI) -> dt.date:
    return record.start or dt.date.min


def judge_all(org: Org) -> list[Judgement]:
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
    return [auditor.judge(record) for record in org.decisions.values()]
