"""DA505 and DA506, availability: who decides while a DRI is away, and once they have left.

DA505 reads the absences in effect on the day checked: for each absent person, the areas where
they (or a role or team they are in) are the DRI; an area where everyone who would decide is
away and no deputy can stand in has nobody to decide that day. Looking ahead (``until``,
``--horizon``) finds the absences to come, each from its first day.

DA506 asks, for every person, what :meth:`distauth.Org.impact` asks for one: which of their
areas would be left with nobody to decide if they left. One definition serves both:
:func:`left_with_nobody` walks up from an area as ``who_decides`` would on
:meth:`distauth.Org.without`'s copy (the area's remaining records decide, else the nearest
ancestor's; an area that nobody holds stops the walk) and then lets the area's deputy stand
in. Asked naively for every person that is O(areas x depth); :func:`nobody_after` answers for
all people at once in O(areas + records), because the walk up from an area whose only DRI is
the leaving person skips exactly the ancestors whose records are all that same person's: one
memo per area ("the first ancestor where someone else, or nobody, decides") serves every
walk through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from distauth._graph import graph_of
from distauth._model import DRI, Area, Person, Role
from distauth._queries import area_answer
from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["deciders_after", "left_with_nobody", "nobody_after"]

_SHOWN = 5  # areas named in a DA506 message before "and N more"


def deciders_after(org: Org, holder: str, leaving: str) -> tuple[str, ...]:
    """Who decides through *holder* (a DRI or deputy id) once *leaving* has left the org.

    As ``who_decides`` answers on ``org.without(leaving)``: a person decides as themselves
    (the leaving person not at all); a role whose other holders are exactly one person, that
    person; a team (collective role), its other members who are people or teams of the org,
    or the team itself when none is listed; anything else, nobody. O(the role's holders).

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Role("lead", holders=["ana", "bo"]))
    >>> deciders_after(org, "lead", "ana"), deciders_after(org, "ana", "ana")
    (('bo',), ())
    """
    if holder == leaving:
        return ()
    nodes = org.graph.nodes
    data = nodes.get(holder) if holder in nodes else None
    entity = None if data is None else data.get("entity")
    if isinstance(entity, Person):
        return (holder,)
    if not isinstance(entity, Role):
        return ()
    rest = [h for h in entity.holders if h != leaving]
    if entity.collective:
        members = tuple(
            h
            for h in rest
            if h in nodes
            and (
                isinstance(found := nodes[h].get("entity"), Person)
                or (isinstance(found, Role) and found.collective and h != holder)
            )
        )
        return members or (holder,)
    if len(rest) == 1 and rest[0] in nodes and isinstance(nodes[rest[0]].get("entity"), Person):
        return (rest[0],)
    return ()


def _in_effect(org: Org, area: str, day: dt.date) -> list[DRI]:
    return [
        key
        for keys in graph_of(org).succ[area].values()
        for key in keys
        if isinstance(key, DRI) and key.in_effect(day)
    ]


def _decided_at(org: Org, records: list[DRI], leaving: str) -> tuple[str, ...]:
    """Who decides from an area's records in effect once *leaving*'s own have ended."""
    left = [r for r in records if r.holder != leaving]
    if len(left) != 1:
        return ()
    return deciders_after(org, left[0].holder, leaving)


def left_with_nobody(org: Org, area: str, leaving: str, day: dt.date) -> bool:
    """Whether *area* has nobody to decide once *leaving* has left, on *day* (the definition).

    The walk :meth:`distauth.Org.impact` takes: the area's records in effect, less the leaving
    person's, decide if any are left; else the nearest ancestor's; an area that nobody holds
    (``nobody: true``) ends the walk with nobody, as does the top. When that finds nobody, a
    deputy of the area who is someone else still decides. O(depth of the area).

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("co"), da.Area("ops", parent="co"),
    ...         da.DRI("co", "ana"), da.DRI("ops", "ana"))
    >>> day = dt.date(2027, 1, 1)
    >>> left_with_nobody(org, "ops", "ana", day)
    True
    >>> org.replace(da.Area("ops", parent="co", deputy="bo"))
    >>> left_with_nobody(org, "ops", "ana", day)
    False
    """
    areas = org.areas
    start: Area = areas[area]
    seen = {area}
    where: Area | None = start
    found: tuple[str, ...] = ()
    while where is not None:
        records = _in_effect(org, where.id, day)
        if any(r.holder != leaving for r in records):
            found = _decided_at(org, records, leaving)
            break
        if where.nobody:
            break
        parent = where.parent
        if parent is None or parent not in areas or parent in seen:
            break
        seen.add(parent)
        where = areas[parent]
    if found:
        return False
    return not (start.deputy is not None and deciders_after(org, start.deputy, leaving))


def _persons_of(org: Org, records: list[DRI]) -> list[str]:
    """The people for whom an area with these records in effect is one of ``areas_of``."""
    nodes = org.graph.nodes
    out: dict[str, None] = {}
    for record in records:
        holder = record.holder
        entity = nodes[holder].get("entity") if holder in nodes else None
        if isinstance(entity, Person):
            out[holder] = None
        elif isinstance(entity, Role) and not entity.collective and len(entity.holders) == 1:
            (only,) = entity.holders
            if only in nodes and isinstance(nodes[only].get("entity"), Person):
                out[only] = None
    return list(out)


_MIXED = "\x00mixed"  # the state of an area whose records in effect have several holders
_CYCLIC = "\x00cyclic"  # a walk that runs into a loop of parent links: asked one by one


def nobody_after(org: Org, day: dt.date) -> dict[str, list[str]]:  # noqa: PLR0912, PLR0915 - one pass, its memos shared by closures
    """For every person, the areas :func:`left_with_nobody` would name if they left, sorted.

    People with no such area are left out. One pass over the areas' records, then O(1)
    amortised per (area, DRI person): O(areas + records) in all. Areas whose walk up runs into
    a loop of parent links (an org that fails DA202) are walked one by one instead.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"),
    ...         da.DRI("co", "ana"), da.DRI("ops", "ana"))
    >>> nobody_after(org, dt.date(2027, 1, 1))
    {'ana': ['co', 'ops']}
    """
    graph = graph_of(org)
    nodes, succ = graph.nodes, graph.succ
    areas: dict[str, Area] = {}
    records: dict[str, list[DRI]] = {}
    # area -> the one holder of its records in effect, or _MIXED; no entry: no records.
    state: dict[str, str] = {}
    for ident, data in nodes.items():
        if data["kind"] != "area":
            continue
        areas[ident] = data["entity"]
        found = [
            key
            for keys in succ[ident].values()
            for key in keys
            if type(key) is DRI and key.in_effect(day)
        ]
        if found:
            records[ident] = found
            holder = found[0].holder
            state[ident] = holder if all(r.holder == holder for r in found) else _MIXED

    def up(ident: str) -> str | None:
        parent = areas[ident].parent
        return parent if parent is not None and parent in areas else None

    first = _first_held(areas, state, up)
    # jump[a], for an area whose records are all one holder's: the first area above it where
    # that holder's leaving stops the walk (someone else's records, or nobody holds it).
    jump: dict[str, str | None] = {}

    def stops(ident: str, holder: str) -> bool:
        return areas[ident].nobody or state.get(ident, holder) != holder

    def jump_from(ident: str) -> str | None:
        holder = state[ident]
        chain = [ident]
        on_chain = {ident}
        at = ident
        answer: str | None
        while True:
            parent = up(at)
            if parent is None:
                answer = None
                break
            if parent not in first:
                answer = _CYCLIC
                break
            stop = first[parent]
            if stop is None or stops(stop, holder):
                answer = stop
                break
            if stop in jump:
                answer = jump[stop]
                break
            if stop in on_chain:
                answer = _CYCLIC
                break
            chain.append(stop)
            on_chain.add(stop)
            at = stop
        for member in chain:
            jump[member] = answer
        return answer

    def person(ident: str) -> bool:
        data = nodes.get(ident)
        return data is not None and data["kind"] == "person"

    out: dict[str, list[str]] = {}
    for ident, found in records.items():
        area = areas[ident]
        holder = state[ident]
        # The common case, one person's records: that person alone.
        people = [holder] if holder is not _MIXED and person(holder) else _persons_of(org, found)
        for leaving in people:
            where: str | None = ident
            if ident not in first:
                where = _CYCLIC
            elif not stops(ident, leaving):
                where = jump[ident] if ident in jump else jump_from(ident)
            if where == _CYCLIC:
                nobody = left_with_nobody(org, ident, leaving, day)
            else:
                if where is None:
                    decided = False
                elif (
                    (other := state.get(where)) is not None
                    and other is not _MIXED
                    and other != leaving
                    and len(records[where]) == 1
                    and person(other)
                ):
                    decided = True  # another person's one record: they decide
                else:
                    decided = bool(_decided_at(org, records.get(where, []), leaving))
                nobody = not decided and not (
                    area.deputy is not None and deciders_after(org, area.deputy, leaving)
                )
            if nobody:
                out.setdefault(leaving, []).append(ident)
    return {p: sorted(found) for p, found in sorted(out.items())}


def _first_held(
    areas: Mapping[str, Area], state: Mapping[str, str], up: Callable[[str], str | None]
) -> dict[str, str | None]:
    """Area -> the first area at or above it with records in effect or held by nobody.

    ``None`` when the walk reaches the top first. Areas whose walk runs into a loop of parent
    links are left out. Each area is visited once (the answer is shared along each walk).
    """
    first: dict[str, str | None] = {}
    looping: set[str] = set()
    for ident in areas:
        path: list[str] = []
        on_path: set[str] = set()
        at: str | None = ident
        answer: str | None = None
        loops = False
        while at is not None:
            if at in first:
                answer = first[at]
                break
            if at in looping or at in on_path:
                loops = True
                break
            if at in state or areas[at].nobody:
                answer = at
                first[at] = at
                break
            path.append(at)
            on_path.add(at)
            at = up(at)
        if loops:
            looping.update(path)
            continue
        for member in path:
            first[member] = answer
    return first


# --- DA505: nobody decides while the DRI is away ------------------------------------------------


def _absent_on(org: Org, day: dt.date) -> list[str]:
    """The people with an absence in effect on *day*, in order."""
    return list(dict.fromkeys(a.person for a in org.absences if a.in_effect(day)))


def _areas_through(org: Org, person: str) -> list[str]:
    """Areas whose DRI records name *person*, a role they hold, or a team they are in."""
    graph = org.graph
    if person not in graph:
        return []
    holders = [person] + [
        role for role, keys in graph.succ[person].items() if "holds" in keys and role != person
    ]
    found: dict[str, None] = {}
    for holder in holders:
        for area, keys in graph.pred[holder].items():
            if any(data.get("kind") == "dri" for data in keys.values()):
                found[area] = None
    return list(found)


@rule(
    "DA505",
    "absent-without-deputy",
    "warning",
    "the DRI of an area is absent and no deputy can stand in: nobody decides",
    doc="While everyone who would decide for an area (its DRI, or every member of its team) "
    "is absent, the area's `deputy` decides. Without a deputy, or with one who is away too, "
    "nobody decides until someone is back. The day checked counts; with `--horizon` (or "
    "`until`) every absence of the window is found, from its first day. The examples are for "
    "2026-11-27. Subjects: the area, then the absent people.",
    bad="people: {ana: {}}\nareas: {billing: {dri: ana}}\n"
    "absences:\n  - {person: ana, start: 2026-11-20, end: 2026-12-04}\n",
    good="people: {ana: {}, bo: {}}\nareas: {billing: {dri: ana, deputy: bo}}\n"
    "absences:\n  - {person: ana, start: 2026-11-20, end: 2026-12-04}\n",
)
def check_absent_without_deputy(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    # O(absences + the areas of the absent people, each with its few records).
    day = ctx.on
    areas = org.areas
    done: set[str] = set()
    for person in _absent_on(org, day):
        for ident in _areas_through(org, person):
            if ident in done or ident not in areas:
                continue
            done.add(ident)
            area = areas[ident]
            records = sorted(_in_effect(org, ident, day), key=DRI.sort_key)
            _dri, deciders, away, by_deputy = area_answer(graph_of(org), area, records, day)
            # Some of a team still here decide (deciders are then those present).
            if not away or by_deputy or any(d not in away for d in deciders):
                continue
            names = ", ".join(repr(p.id) for p in away)
            deputy = (
                "it has no deputy"
                if area.deputy is None
                else f"its deputy {area.deputy!r} cannot stand in"
            )
            yield ctx.finding(
                "DA505",
                f"nobody decides for area {ident!r} on {day.isoformat()}: {names} "
                f"{'is' if len(away) == 1 else 'are'} absent and {deputy}",
                (ident, *(p.id for p in away)),
                hint="name a deputy for the area who is there while they are away",
            )


# --- DA506: a single point of failure -----------------------------------------------------------


@rule(
    "DA506",
    "single-point-of-failure",
    "warning",
    "a person whose leaving would leave at least spof-threshold areas (default 3) with nobody "
    "to decide",
    doc="For each person, the areas that would have nobody to decide if they left: as "
    "`distauth whois --leaving` reports it, no DRI record of the area or of an ancestor "
    "(up to an area that nobody holds) would remain to decide, and the area has no deputy "
    "who could. Reported when that is at least `spof-threshold` areas (default 3). Checked "
    "for everyone at once in one pass over the areas: O(areas + DRI records).",
    bad="people: {ana: {}}\nareas:\n  co: {dri: ana}\n  ops: {parent: co, dri: ana}\n"
    "  web: {parent: co, dri: ana}\n",
    good="people: {ana: {}, bo: {}}\nareas:\n  co: {dri: ana, deputy: bo}\n"
    "  ops: {parent: co, dri: ana}\n  web: {parent: co, dri: ana, deputy: bo}\n",
)
def check_single_point_of_failure(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    threshold = ctx.config.spof_threshold
    for person, stranded in nobody_after(org, ctx.on).items():
        if len(stranded) < threshold:
            continue
        shown = ", ".join(repr(a) for a in stranded[:_SHOWN])
        more = len(stranded) - _SHOWN
        yield ctx.finding(
            "DA506",
            f"if {person!r} left, {len(stranded)} areas would have nobody to decide: {shown}"
            + (f" and {more} more" if more > 0 else ""),
            (person,),
            hint="name deputies, or a DRI above them, so that one departure leaves someone "
            "to decide",
        )
