"""Looking ahead: every finding that holds on some day of a window, with its first day.

``validate(org, on=..., until=...)`` comes here. The org's answer can only change on a day on
which some dated record starts or ends (and, for DA504, on the day an ending enters the
handover horizon), so only ``on`` and those *event days* are checked: a finding that holds on
any day of ``[on, until)`` holds on the event day that begins its stretch.

Rules whose answer does not depend on the day (the structure of the tree, scopes, escalation
overrides, advice and purpose) run once, on ``on``; the others run on each event day. A rule
not known here (a plugin) is treated as depending on the day. Cost: one validation, plus one
run of the day-dependent rules per event day (at most the number of days in the window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from distauth._errors import InvalidValueError
from distauth._graph import graph_of
from distauth._model import DRI, Absence, Area, Person, Role
from distauth._queries import resolve_holder
from distauth.rules._core import CheckContext, Config, Finding

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["DAY_INDEPENDENT", "event_days", "look_ahead"]

#: Built-in rules whose findings are the same on every day: they read no dated record.
DAY_INDEPENDENT = frozenset(
    {"DA202", "DA204", "DA301", "DA302", "DA303", "DA304", "DA401", "DA403", "DA502", "DA503"}
    # The decision audit judges each record on its own date, never on the day validated.
    | {f"DA60{n}" for n in range(1, 10)}
)

Run = Callable[["Org", CheckContext, set[str], Mapping[str, set[str]]], list[Finding]]


def _dated(org: Org) -> Iterable[tuple[dt.date | None, dt.date | None]]:
    """``(start, end)`` of every dated record: DRI assignments, and absences where kept."""
    for record in org.all_dris():
        if record.start is not None or record.end is not None:
            yield record.start, record.end
    for absence in getattr(org, "absences", ()):
        yield getattr(absence, "start", None), getattr(absence, "end", None)


def event_days(
    org: Org, config: Config, on: dt.date, until: dt.date, codes: Iterable[str] = ("DA504",)
) -> list[dt.date]:
    """The days of ``(on, until)`` on which some finding may begin to hold, sorted.

    Those on which a dated record starts or ends, and with DA504 among *codes*, those on which
    an ending comes within ``handover_horizon_days``. O(r log r) for r dated records.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.DRI("ops", "ana", end=dt.date(2027, 1, 10)),
    ...         da.DRI("ops", "bo", start=dt.date(2027, 1, 10)))
    >>> [d.isoformat() for d in event_days(org, Config(handover_horizon_days=5),
    ...                                    dt.date(2027, 1, 1), dt.date(2027, 2, 1))]
    ['2027-01-05', '2027-01-10']
    """
    horizon = dt.timedelta(days=config.handover_horizon_days)
    handover = "DA504" in set(codes)
    days: set[dt.date] = set()
    for start, end in _dated(org):
        if start is not None:
            days.add(start)
        if end is not None:
            days.add(end)
            if handover and end - dt.date.min > horizon:
                days.add(end - horizon)
    return sorted(d for d in days if on < d < until)


def _from(day: dt.date, finding: Finding) -> Finding:
    return attrs.evolve(finding, message=f"from {day.isoformat()}, {finding.message}", since=day)


def _events_by_day(
    org: Org, config: Config, on: dt.date, until: dt.date, codes: set[str]
) -> dict[dt.date, set[str] | None]:
    """Event day -> the areas whose records start, end or near their end that day.

    ``None`` for a day on which something other than an area's DRI record changes (an
    absence, or a record of an id that is no area): such a day is checked in full.
    """
    horizon = dt.timedelta(days=config.handover_horizon_days)
    handover = "DA504" in codes
    areas = org.areas
    out: dict[dt.date, set[str] | None] = {}

    def note(day: dt.date | None, area: str | None) -> None:
        if day is None or not on < day < until:
            return
        if area is None or area not in areas:
            out[day] = None
            return
        found = out.setdefault(day, set())
        if found is not None:
            found.add(area)

    for _source, nbrs in org.graph.adjacency():
        for keys in nbrs.values():
            for record in keys:
                if isinstance(record, DRI) and (record.start is not None or record.end is not None):
                    _note_record(record, note, horizon if handover else None)
    for absence in getattr(org, "absences", ()):
        note(getattr(absence, "start", None), None)
        note(getattr(absence, "end", None), None)
    return out


def _note_record(
    record: DRI, note: Callable[[dt.date | None, str | None], None], horizon: dt.timedelta | None
) -> None:
    note(record.start, record.area)
    if record.end is not None:
        note(record.end, record.area)
        if horizon is not None and record.end - dt.date.min > horizon:
            note(record.end - horizon, record.area)


#: Day-dependent built-in rules whose finding about an area (its first subject) depends only on
#: that area's records, the areas up its escalation chain with their records, and the entities
#: these name. On an event day they are checked on a small org holding just that.
LOCAL = frozenset(
    {
        "DA101",
        "DA102",
        "DA103",
        "DA104",
        "DA105",
        "DA106",
        "DA107",
        "DA201",
        "DA203",
        "DA402",
        "DA404",
        "DA504",
        "DA505",
    }
)
#: Check the whole org on a day whose changes reach more than 1/_WHOLE_DAY_SHARE of its areas.
_WHOLE_DAY_SHARE = 3
#: DA501 counts a person's areas, DA506 those their leaving strands: checked on a small org of
#: each concerned person's areas (for DA506 with the areas above them).
_PER_PERSON = frozenset({"DA501", "DA506"})


def _step(org: Org, area: Area) -> str | None:
    target = area.escalates_to if area.escalates_to is not None else area.parent
    return target if target is not None and target in org.areas else None


def _escalators(org: Org, target: str) -> Iterator[Area]:
    """The areas whose next escalation step is *target*."""
    graph = org.graph
    nodes = graph.nodes
    for source, keys in graph.pred[target].items():
        entity = nodes[source]["entity"]
        if isinstance(entity, Area) and (
            "escalates_to" in keys or ("parent" in keys and entity.escalates_to is None)
        ):
            yield entity


def affected(org: Org, changed: set[str], day: dt.date) -> tuple[set[str], set[str]]:
    """The areas whose local findings can begin on *day*, when *changed* areas change.

    Returns the areas to check in full: the changed ones and, below them, the areas reached
    through areas with the same DRI as the changed one (DA404: the same person on every step
    can only begin where the new DRI repeats); and the areas escalating straight to a changed
    one, for which only DA402 can begin (their next step may have lost its DRI).
    O(areas visited).
    """
    full = set(changed)
    escalating: set[str] = set()
    for root in changed:
        person = org.dri_of(root, on=day)
        stack = [root]
        while stack:
            target = stack.pop()
            for area in _escalators(org, target):
                if target == root:
                    escalating.add(area.id)
                if person is None or area.id in full:
                    continue
                if org.dri_of(area.id, on=day) == person:
                    full.add(area.id)
                    stack.append(area.id)
    return full, escalating - full


def with_chains(org: Org, start: set[str]) -> set[str]:
    """*start* and every area up their escalation chains (each chain walked once)."""
    areas = org.areas
    done = set(start)
    for area in start:
        target = _step(org, areas[area])
        while target is not None and target not in done:
            done.add(target)
            target = _step(org, areas[target])
    return done


def with_parents(org: Org, start: set[str]) -> set[str]:
    """*start* and every area up their parent links (each chain walked once)."""
    areas = org.areas
    done = set(start)
    for area in start:
        parent = areas[area].parent
        while parent is not None and parent in areas and parent not in done:
            done.add(parent)
            parent = areas[parent].parent
    return done


def one_person(org: Org, area: str, day: dt.date) -> str | None:
    """The person holding *area*'s one record in effect (not an area nobody holds), or None."""
    found = org.areas.get(area)
    if found is None or found.nobody:
        return None
    records = [
        key
        for keys in graph_of(org).succ[area].values()
        for key in keys
        if isinstance(key, DRI) and key.in_effect(day)
    ]
    if len(records) != 1 or records[0].holder not in org.people:
        return None
    return records[0].holder


def walking_through(org: Org, changed: Iterable[str], day: dt.date) -> set[str]:
    """People whose leaving would be answered (DA506) through one of the *changed* areas.

    The walk up from a person's area skips areas without records and areas whose records are
    all that person's; so below a changed area only such areas can lead to it. Walks down
    from each changed area through exactly those: O(areas visited).
    """
    graph = org.graph
    nodes = graph.nodes
    areas = org.areas
    found: set[str] = set()
    stack: list[tuple[str, str | None]] = [(area, None) for area in changed if area in areas]
    seen: set[tuple[str, str | None]] = set(stack)
    while stack:
        target, holder = stack.pop()
        for source, keys in graph.pred[target].items():
            if "parent" not in keys or source not in areas or areas[source].nobody:
                continue
            held = {
                key.holder
                for keys_ in graph.succ[source].values()
                for key in keys_
                if isinstance(key, DRI) and key.in_effect(day)
            }
            if not held:
                step = (source, holder)
            elif (
                len(held) == 1
                and (only := held.pop()) in nodes
                and nodes[only].get("kind") == "person"
                and holder in (None, only)
            ):
                found.add(only)
                step = (source, only)
            else:
                continue
            if step not in seen:
                seen.add(step)
                stack.append(step)
    return found


def small_org(org: Org, complete: set[str], bare: Iterable[str] = ()) -> Org:
    """An org of the *complete* areas with all their records, and every entity they name.

    *bare* areas are added as they are, without their records or what they name (only their
    links to complete areas matter).
    """
    from distauth._org import Org  # noqa: PLC0415 - the org imports the rules

    nodes = org.graph.nodes
    areas = org.areas
    entities: dict[str, Any] = {}
    records: list[DRI] = []

    def name(ident: str | None) -> None:
        if ident is None or ident in entities or ident not in nodes:
            return
        entity = nodes[ident]["entity"]
        if entity is None:
            return
        entities[ident] = entity
        if isinstance(entity, Role):
            for holder in entity.holders:
                name(holder)

    for ident in complete:
        area = areas[ident]
        entities[ident] = area
        for ref in (area.parent, area.escalates_to, area.deputy, *area.advisors, *area.informed):
            name(ref)
        for holder, keys in org.graph.succ[ident].items():
            for key in keys:
                if isinstance(key, DRI):
                    records.append(key)
                    name(holder)
    for ident in bare:
        entities.setdefault(ident, areas[ident])
    # DA505 reads the absences of the people named (self-loops of their nodes).
    succ = org.graph.succ
    absences = [
        key
        for ident, entity in entities.items()
        if isinstance(entity, Person)
        for key in succ[ident].get(ident, ())
        if isinstance(key, Absence)
    ]
    small = Org()
    small.add(*entities.values(), *records, *absences)
    # Rules place record findings where the record was written; entities are placed below.
    small.set_locations((r, where) for r in records if (where := org.location(r)) is not None)
    return small


def placed(org: Org, finding: Finding) -> Finding:
    """*finding* placed where its first located subject is in *org* (as validate does)."""
    if finding.location is not None:
        return finding
    for subject in finding.subjects:
        where = org.location(subject)
        if where is not None:
            return attrs.evolve(finding, location=where)
    return finding


def _local_day(
    org: Org,
    *,
    n_areas: int,
    config: Config,
    day: dt.date,
    changed: set[str],
    codes: set[str],
    ignores: Mapping[str, set[str]],
    run: Run,
    selected: set[str],
) -> list[Finding] | None:
    """The *codes* findings on *day* about the areas that *changed* can affect, or None.

    None when those areas reach too far (a change high up the tree): checking the day on the
    whole org is then as cheap.
    """
    out: list[Finding] = []
    local = codes & LOCAL
    if local:
        full, escalating = affected(org, changed, day)
        if (len(full) + len(escalating)) * _WHOLE_DAY_SHARE > n_areas:
            return None
        complete = with_chains(org, full)
        bare = escalating - complete
        small = small_org(org, complete, bare)
        out += [
            placed(org, f)
            for f in run(small, CheckContext(small, config, day, selected), local, ignores)
            if f.subjects
            and (f.subjects[0] in complete or (f.code == "DA402" and f.subjects[0] in bare))
        ]
    if codes & _PER_PERSON:
        people: set[str] = set()
        for area in changed:
            for record in org.graph.succ[area].values():
                for key in record:
                    if isinstance(key, DRI):
                        person = resolve_holder(graph_of(org), key.holder)
                        if person is not None:
                            people.add(person.id)
        if "DA506" in codes:
            # A walk up stops at an area with one person's record, who is counted already:
            # only below an area that is anything else, that day or the day before, can a
            # walk through it change.
            before = day - dt.timedelta(days=1)
            roots = {
                a
                for a in changed
                if one_person(org, a, day) is None or one_person(org, a, before) is None
            }
            people |= walking_through(org, roots, day)
        theirs = {a.id for p in people for a in org.areas_of(p, on=day)}
        if "DA506" in codes:
            theirs = with_parents(org, theirs)
        small = small_org(org, theirs)
        out += [
            placed(org, f)
            for f in run(
                small,
                CheckContext(small, config, day, selected),
                set(codes & _PER_PERSON),
                ignores,
            )
            if f.subjects and f.subjects[0] in people
        ]
    return out


def look_ahead(
    org: Org,
    *,
    config: Config,
    on: dt.date,
    until: dt.date,
    chosen: set[str],
    ignores: Mapping[str, set[str]],
    run: Run,
) -> list[Finding]:
    """Every finding of the *chosen* rules that holds on some day of ``[on, until)``.

    Each finding appears once (by code and subjects), as it reads on its first day, with
    ``since`` set to that day; those that begin after *on* say so in their message.

    On *on* every chosen rule runs on the whole org. On each later event day only what can
    begin to hold that day is checked: for the built-in rules, the areas whose records
    change that day, the areas escalating through them, their escalation chains and the
    people whose load changes, on a small org of just those; rules not known to be local
    (plugins) run on the whole org. A property test checks the result against validating
    every day of the window.

    Raises:
        InvalidValueError: *until* is not after *on*.
    """
    if until <= on:
        raise InvalidValueError(
            f"until ({until.isoformat()}) must be after on ({on.isoformat()})", until
        )
    first = run(org, CheckContext(org, config, on, chosen), chosen, ignores)
    findings = [attrs.evolve(f, since=on) for f in first]
    seen = {(f.code, f.subjects) for f in findings}
    dated = chosen - DAY_INDEPENDENT
    known = dated & (LOCAL | _PER_PERSON)
    others = dated - known
    events = _events_by_day(org, config, on, until, dated)
    n_areas = len(org.areas)
    for day in sorted(events):
        changed = events[day]
        found: list[Finding] | None = None
        if changed is not None and known:
            found = _local_day(
                org,
                n_areas=n_areas,
                config=config,
                day=day,
                changed=changed,
                codes=known,
                ignores=ignores,
                run=run,
                selected=chosen,
            )
        if found is None:
            found = run(org, CheckContext(org, config, day, chosen), dated, ignores)
        elif others:
            found += run(org, CheckContext(org, config, day, chosen), others, ignores)
        for finding in sorted(found, key=Finding.sort_key):
            key = (finding.code, finding.subjects)
            if key not in seen:
                seen.add(key)
                findings.append(_from(day, finding))
    return findings
