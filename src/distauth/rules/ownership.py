"""DA1xx, ownership: every area has exactly one resolvable, active DRI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth._model import DRI, Role
from distauth.rules._core import CheckContext, Finding, rule
from distauth.rules.structure import suggest_known

if TYPE_CHECKING:
    from distauth._org import Org

__all__: list[str] = []


@rule(
    "DA101",
    "unowned-area",
    "error",
    "area with no DRI in effect",
    doc="Every area needs one person who makes the final call. A vacant area's decisions fall "
    "back to the nearest ancestor with a DRI, but the vacancy itself is an error. An area that "
    "says nobody holds its scopes on purpose (`nobody: true`) is not reported.",
    bad="areas:\n  billing: {purpose: Get paid}\n",
    good="people:\n  ana: {}\nareas:\n  billing: {purpose: Get paid, dri: ana}\n",
)
def check_unowned_area(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    areas = org.areas
    for area_id in ctx.facts.unowned:
        if areas[area_id].nobody:
            continue  # nobody holds its scopes, on purpose
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
        # At the second assignment in the file: the one that made it two, to remove or date.
        placed = sorted(
            (where for r in records if (where := org.location(r)) is not None),
            key=lambda w: (w.file or "", w.line, w.column),
        )
        yield ctx.finding(
            "DA102",
            f"area {area_id!r} has {len(records)} DRIs in effect: {names}",
            (area_id, *holders),
            hint="keep one assignment, or date them so they do not overlap",
            location=placed[1] if len(placed) > 1 else None,
        )


@rule(
    "DA103",
    "unknown-dri",
    "error",
    "DRI names no known person or role",
    doc="A DRI assignment must name a person or a role of the org: a typo, or someone removed "
    "from the people list, leaves the area with nobody who can decide. Only assignments in "
    "effect on the day checked are judged; to judge those that start later in advance, "
    "validate with `until` (the command line's `--horizon`).",
    bad="dris:\n  - {area: billing, holder: nobody}\n",
    good="people:\n  ana: {}\ndris:\n  - {area: billing, holder: ana}\n",
)
def check_unknown_dri(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for record in sorted(ctx.facts.unknown_holders, key=DRI.sort_key):
        close = suggest_known(ctx, record.holder, ("person", "role"))
        mean = f" (did you mean {close!r}?)" if close is not None else ""
        yield ctx.finding(
            "DA103",
            f"the DRI of area {record.area!r} is {record.holder!r}, "
            f"which is no person or role of the org{mean}",
            (record.area, record.holder),
            hint=f"fix the spelling: {close!r}, or add a person or role {record.holder!r}"
            if close is not None
            else f"add a person or role {record.holder!r}, or fix the spelling",
            location=org.location(record),
        )


@rule(
    "DA104",
    "inactive-dri",
    "error",
    "DRI is a person marked inactive",
    doc="Someone who left (`active: false`) cannot decide. Reported for direct assignments and "
    "for a role held by that person alone; a handover to them still to come is reported from "
    "its first day when validating with `until` (the command line's `--horizon`).",
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
    "area is effectively vacant, with several nobody knows who has the final call. A team "
    "(a role with `collective: true`) is reported once by DA106 instead.",
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


@rule(
    "DA106",
    "no-single-dri",
    "warning",
    "area decided collectively by a team, with no single DRI",
    doc="A team (a role with `collective: true`) may be an area's DRI: any of its holders "
    "decides, or the team itself when the org does not list its members (an outside team "
    "such as `@org/team`). That is legal but against the principle of one person with the "
    "final call, so each such area is reported once, whatever the team's size. Assignments "
    "that ended before the day checked are not judged.",
    bad="people: {ana: {}, bo: {}}\nroles:\n  payments: {collective: true, holders: [ana, bo]}\n"
    "areas:\n  billing: {dri: payments}\n",
    good="people: {ana: {}, bo: {}}\nroles:\n  payments: {collective: true, holders: [ana, bo]}\n"
    "areas:\n  billing: {dri: ana, advisors: [payments]}\n",
)
def check_no_single_dri(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    teams: dict[str, list[tuple[DRI, Role]]] = {}
    for record, role in ctx.facts.collective:
        teams.setdefault(record.area, []).append((record, role))
    for area_id, records in teams.items():
        names = sorted({role.id for _record, role in records})
        listed = ", ".join(repr(n) for n in names)
        yield ctx.finding(
            "DA106",
            f"area {area_id!r} is decided by team{'s' if len(names) > 1 else ''} {listed}: "
            "there is no single DRI",
            (area_id, *names),
            hint="name one person (or a role one person holds) as DRI, and the team as advisors",
            location=org.location(records[0][0]),
        )


@rule(
    "DA107",
    "non-human-dri",
    "error",
    "DRI is not a human (an agent or a bot), or a team with no human member",
    doc="Accountability rests with a human: a person of kind `agent` or `bot` cannot be an "
    "area's DRI, directly or through a role they hold alone, and neither can a team whose "
    "listed members are all agents or bots. A team whose members the org does not list is "
    "not judged. Assignments that ended before the day checked are not judged.",
    bad="people:\n  deploy-bot: {kind: bot}\nareas:\n  releases: {dri: deploy-bot}\n",
    good="people:\n  ana: {}\n  deploy-bot: {kind: bot}\n"
    "areas:\n  releases: {dri: ana, advisors: [deploy-bot]}\n",
)
def check_non_human_dri(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for record, who in ctx.facts.non_human:
        node = org.graph.nodes[who]["entity"]
        if isinstance(node, Role):
            message = (
                f"the DRI of area {record.area!r} is team {who!r}, none of whose members is human"
            )
        else:
            via = "" if who == record.holder else f" (through role {record.holder!r})"
            message = f"the DRI of area {record.area!r} is {who!r}{via}, who is {_a(node.kind)}"
        yield ctx.finding(
            "DA107",
            message,
            (record.area, who),
            hint="a human must be accountable: make a human the DRI, the agent or bot an advisor",
            location=org.location(record),
        )


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
