"""The second wave of the model in generated orgs: handles, kinds, teams, deputies and more.

:func:`distauth.strategies.orgs` switches each part on with a keyword (see :class:`Extras`).
:func:`add_extras` adds them to a valid org so that it stays without a finding;
:func:`wild_extras` adds them to a wild org, collisions and dangling names included. Also
the encoded draws both modules share: one :data:`CHOICES` integer per entity, decoded with
:func:`bits`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from distauth._defects import Plan, fresh, person_on, remove_dris
from distauth._model import Absence, DecisionRecord, Person, Role
from distauth._org import Org

__all__ = ["CHOICES", "EPOCH", "Extras", "add_extras", "bits", "wild_extras"]

#: The first day of generated dates.
EPOCH = dt.date(2020, 1, 1)

#: One draw per entity, decoded into all its choices: far fewer draws than one per choice
#: (generation speed), and shrinking the number towards 0 shrinks every choice at once towards
#: the simplest one (no parent skipped, first candidate, no extras).
CHOICES = st.integers(0, 2**63 - 1)


def bits(word: int, shift: int, modulo: int) -> int:
    """The choice among *modulo* that *word* holds at bit *shift*."""
    return (word >> shift) % modulo


@attrs.frozen
class Extras:
    """Which second-wave parts of the model :func:`orgs` draws."""

    handles: bool = False
    kinds: bool = False
    teams: bool = False
    deputies: bool = False
    absences: bool = False
    nobody: bool = False
    decisions: bool = False

    def any(self) -> bool:
        return any(attrs.astuple(self))


def _dri_areas(org: Org) -> dict[str, list[str]]:
    """Person id -> the areas whose DRI records (ever) name them, directly or by a role."""
    out: dict[str, list[str]] = {}
    for record in org.all_dris():
        holder = record.holder
        role = org.roles.get(holder)
        if role is not None:
            holder = role.holders[0]
        out.setdefault(holder, []).append(record.area)
    return out


def add_extras(draw: st.DrawFn, org: Org, plan: Plan, extras: Extras) -> None:
    """Add the second-wave parts to a valid org so that it stays without a finding.

    Handles are unique (no DA204); bots and agents only advise (no DA107); teams advise and
    deputise, never decide (no DA106); only people whose every area has a deputy are absent;
    an area that nobody holds is a leaf that had a DRI (no DA101, nothing falls back into it);
    a decision record is decided by the DRI of its area on its date, after consulting the
    area's advisors.
    """
    people = sorted(org.people)
    area_ids = list(plan.parent)
    if extras.handles:
        for ident in people:
            person = org.people[ident]
            login = "@" + ident if bits(draw(CHOICES), 0, 2) else "@" + ident.title()
            org.replace(attrs.evolve(person, handles=(login, person.name)))
        # Names may repeat; a handle must not: keep the full name only where it is unique.
        counts: dict[str, int] = {}
        for ident in people:
            counts[org.people[ident].name.casefold()] = (
                counts.get(org.people[ident].name.casefold(), 0) + 1
            )
        for ident in people:
            person = org.people[ident]
            if counts[person.name.casefold()] > 1:
                org.replace(attrs.evolve(person, handles=person.handles[:1]))
    helpers: list[str] = []
    if extras.kinds:
        for index in range(1 + bits(draw(CHOICES), 0, 2)):
            kind = ("bot", "agent")[index % 2]
            ident = fresh(org, kind)
            handles = (f"@{ident}[bot]",) if extras.handles and kind == "bot" else ()
            org.add(Person(ident, name=f"{kind.title()} {index}", kind=kind, handles=handles))
            helpers.append(ident)
    teams: list[str] = []
    if extras.teams:
        for team_area in area_ids[: 1 + bits(draw(CHOICES), 0, 3)]:
            word = draw(CHOICES)
            members = sorted(
                {people[bits(word, 8 * i, len(people))] for i in range(bits(word, 40, 4))}
            )
            ident = f"{team_area}-team"
            handles = (f"@acme/{ident}",) if extras.handles else ()
            org.add(Role(ident, area=team_area, holders=members, collective=True, handles=handles))
            teams.append(ident)
    owners = _dri_areas(org)
    for area_id in area_ids:
        word = draw(CHOICES) if (extras.deputies or helpers or teams) else 0
        area = org.areas[area_id]
        advisors = list(area.advisors)
        if helpers and bits(word, 0, 3) == 0:
            advisors.append(helpers[bits(word, 2, len(helpers))])
        if teams and bits(word, 6, 3) == 0:
            advisors.append(teams[bits(word, 8, len(teams))])
        deputy = None
        if extras.deputies and bits(word, 14, 3):
            pool = [p for p in people if area_id not in owners.get(p, ())] + teams
            deputy = pool[bits(word, 16, len(pool))] if pool else None
        advisors = list(dict.fromkeys(advisors))
        if advisors != list(area.advisors) or deputy is not None:
            org.replace(attrs.evolve(area, advisors=advisors, deputy=deputy))
    if extras.nobody:
        leaves = [a for a in area_ids if not plan.children[a] and plan.parent[a] is not None]
        word = draw(CHOICES)
        for area_id in leaves[: bits(word, 0, 3)]:
            remove_dris(org, area_id)
            org.replace(attrs.evolve(org.areas[area_id], nobody=True, deputy=None))
    if extras.absences:
        deputised = {a for a in area_ids if org.areas[a].deputy is not None}
        owners = _dri_areas(org)
        free = [p for p in people if set(owners.get(p, ())) <= deputised]
        for ident in free[: bits(draw(CHOICES), 0, 4)]:
            word = draw(CHOICES)
            start = EPOCH + dt.timedelta(days=bits(word, 0, 5000))
            org.add(
                Absence(ident, start=start, end=start + dt.timedelta(days=1 + bits(word, 16, 60)))
            )
    if extras.decisions:
        for number in range(1, 1 + bits(draw(CHOICES), 0, 5)):
            word = draw(CHOICES)
            area_id = area_ids[bits(word, 0, len(area_ids))]
            day = EPOCH + dt.timedelta(days=bits(word, 8, 5000))
            decider = person_on(org, area_id, day)
            if decider is None:
                continue  # nobody holds it, or a handover: no one to have decided
            where = org.areas[area_id]
            resources = [f"{plan.prefix[area_id]}/decision-{number}"] if where.scopes else []
            org.add(
                DecisionRecord(
                    f"adr-{number}",
                    title=f"Decision {number} on {where.name}",
                    date=day,
                    area=area_id,
                    resources=resources,
                    decided_by=(decider,),
                    consulted=where.advisors,
                    rationale="" if bits(word, 30, 2) else "Weighed the advice.",
                )
            )


@st.composite
def wild_extras(draw: st.DrawFn, org: Org, extras: Extras) -> Org:
    """Second-wave parts for a wild org: anything at all, collisions and dangling names too."""
    ids = sorted(org.graph)
    targets = [*ids, "ghost", "nowhere"]
    handles = ["@ana", "@Ana", "@acme/team", "ana@example.com", "Ana Ruiz", "ana ruiz"]
    for ident in list(org.people):
        word = draw(CHOICES)
        person = org.people[ident]
        changes: dict[str, Any] = {}
        if extras.handles:
            changes["handles"] = list(
                dict.fromkeys(handles[bits(word, 4 * i, 6)] for i in range(bits(word, 20, 3)))
            )
        if extras.kinds:
            changes["kind"] = ("human", "agent", "bot")[bits(word, 24, 3)]
        org.replace(attrs.evolve(person, **changes))
    for ident in list(org.roles):
        word = draw(CHOICES)
        role = org.roles[ident]
        changes = {}
        if extras.handles:
            changes["handles"] = list(
                dict.fromkeys(handles[bits(word, 4 * i, 6)] for i in range(bits(word, 20, 2)))
            )
        if extras.teams:
            changes["collective"] = bool(bits(word, 24, 2))
        org.replace(attrs.evolve(role, **changes))
    for ident in list(org.areas):
        word = draw(CHOICES)
        changes = {}
        if extras.deputies and bits(word, 0, 2):
            changes["deputy"] = targets[bits(word, 2, len(targets))]
        if extras.nobody:
            changes["nobody"] = not bits(word, 12, 3)
        org.replace(attrs.evolve(org.areas[ident], **changes))
    if extras.absences:
        found: dict[Absence, None] = {}
        for _ in range(draw(st.integers(0, 4))):
            word = draw(CHOICES)
            start = EPOCH + dt.timedelta(days=bits(word, 8, 6000))
            end = start + dt.timedelta(days=1 + bits(word, 24, 90))
            found[Absence(targets[bits(word, 0, len(targets))], start=start, end=end)] = None
        org.add(*found)
    if extras.decisions:
        names = [*targets, *handles]
        for number in range(draw(st.integers(0, 3))):
            word = draw(CHOICES)

            def pick(shift: int, word: int = word) -> list[str]:
                return list(
                    dict.fromkeys(
                        names[bits(word, shift + 5 * i, len(names))]
                        for i in range(bits(word, shift + 15, 3))
                    )
                )

            org.add(
                DecisionRecord(
                    fresh(org, "adr"),
                    title=f"Decision {number}",
                    date=EPOCH + dt.timedelta(days=bits(word, 0, 6000)),
                    area=None if not bits(word, 13, 4) else targets[bits(word, 15, len(targets))],
                    decided_by=pick(20),
                    consulted=pick(38),
                    dissent=pick(20)[:1] if bits(word, 56, 4) == 0 else [],
                    rationale="" if bits(word, 58, 2) else "Because.",
                    status=("accepted", "proposed", "superseded by adr-9")[bits(word, 60, 3)],
                )
            )
    return org
