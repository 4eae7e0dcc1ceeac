"""DA1xx, ownership: every area has exactly one resolvable, active DRI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._org import Org

__all__: list[str] = []


@rule(
    "DA101",
    "unowned-area",
    "error",
    "area with no DRI in effect",
    doc="Every area needs one person who makes the final call. A vacant area's decisions fall "
    "back to the nearest ancestor with a DRI, but the vacancy itself is an error.",
    bad="areas:\n  billing: {purpose: Get paid}\n",
    good="people:\n  ana: {}\nareas:\n  billing: {purpose: Get paid, dri: ana}\n",
)
def check_unowned_area(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for area_id in ctx.facts.unowned:
        yield ctx.finding(
            "DA101",
            f"area {area_id!r} has no DRI in effect on {ctx.on.isoformat()}",
            (area_id,),
            hint="add a DRI assignment (the `dri:` key, or an entry under `dris:`)",
        )


@rule(
    "DA102",
    "multiple-dris",
    "error",
    "area with more than one DRI in effect (overlapping authority)",
    doc="Two DRIs at once means nobody can say who decides. For a handover, date the "
    "assignments so they do not overlap.",
    bad="people: {ana: {}, bo: {}}\nareas: {billing: {}}\ndris:\n"
    "  - {area: billing, holder: ana}\n  - {area: billing, holder: bo}\n",
    good="people: {ana: {}, bo: {}}\nareas: {billing: {}}\ndris:\n"
    "  - {area: billing, holder: ana, end: 2027-01-01}\n"
    "  - {area: billing, holder: bo, start: 2027-01-01}\n",
)
def check_multiple_dris(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for area_id, records in ctx.facts.multiple:
        holders = sorted({r.holder for r in records})
        names = ", ".join(repr(h) for h in holders)
        yield ctx.finding(
            "DA102",
            f"area {area_id!r} has {len(records)} DRIs in effect: {names}",
            (area_id, *holders),
            hint="keep one assignment, or date them so they do not overlap",
        )


@rule(
    "DA103",
    "unknown-dri",
    "error",
    "DRI names no known person or role",
    doc="A DRI assignment must name a person or a role of the org: a typo, or someone removed "
    "from the people list, leaves the area with nobody who can decide. Assignments that "
    "ended before the day checked are history and are not judged; those that start later are.",
    bad="dris:\n  - {area: billing, holder: nobody}\n",
    good="people:\n  ana: {}\ndris:\n  - {area: billing, holder: ana}\n",
)
def check_unknown_dri(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for record in ctx.facts.unknown_holders:
        yield ctx.finding(
            "DA103",
            f"the DRI of area {record.area!r} is {record.holder!r}, "
            "which is no person or role of the org",
            (record.area, record.holder),
            hint=f"add a person or role {record.holder!r}, or fix the spelling",
            location=org.location(record),
        )


@rule(
    "DA104",
    "inactive-dri",
    "error",
    "DRI is a person marked inactive",
    doc="Someone who left (`active: false`) cannot decide. Reported for direct assignments and "
    "for a role held by that person alone, including handovers still to come.",
    bad="people:\n  cy: {active: false}\nareas:\n  billing: {dri: cy}\n",
    good="people:\n  ana: {}\nareas:\n  billing: {dri: ana}\n",
)
def check_inactive_dri(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for record, person in ctx.facts.inactive:
        via = "" if person == record.holder else f" (through role {record.holder!r})"
        yield ctx.finding(
            "DA104",
            f"the DRI of area {record.area!r} is {person!r}{via}, who is inactive",
            (record.area, person),
            hint="hand the area over to an active person",
            location=org.location(record),
        )


@rule(
    "DA105",
    "ambiguous-role-dri",
    "error",
    "DRI is a role with zero or several holders",
    doc="A role can be an area's DRI only while exactly one person holds it: with nobody the "
    "area is effectively vacant, with several nobody knows who has the final call.",
    bad="roles:\n  lead: {holders: [ana, bo]}\nareas:\n  billing: {dri: lead}\n",
    good="roles:\n  lead: {holders: [ana]}\nareas:\n  billing: {dri: lead}\n",
)
def check_ambiguous_role_dri(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for record, role in ctx.facts.ambiguous:
        count = "no holder" if not role.holders else f"{len(role.holders)} holders"
        yield ctx.finding(
            "DA105",
            f"the DRI of area {record.area!r} is role {record.holder!r}, which has {count}",
            (record.area, record.holder),
            hint="a role can be DRI only while exactly one person holds it",
            location=org.location(record),
        )
