"""DA4xx, escalation: every disagreement can climb to someone independent, without looping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth.rules._core import CheckContext, Finding, rule
from distauth.rules.structure import rotated

if TYPE_CHECKING:
    from distauth._model import Location
    from distauth._org import Org

__all__: list[str] = []


@rule(
    "DA401",
    "escalation-cycle",
    "error",
    "escalation forms a cycle through at least one explicit escalates_to",
    doc="A pure cycle of parent links is DA202 only; this rule flags loops that an "
    "`escalates_to` override creates.",
    bad="areas:\n  co: {escalates_to: ops}\n  ops: {parent: co}\n",
    good="areas:\n  co: {}\n  ops: {parent: co}\n",
)
def check_escalation_cycle(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    areas = org.areas
    for found in ctx.facts.escalation_cycles:
        overrides = [a for a in found if areas[a].escalates_to is not None]
        if overrides:
            cycle = rotated(found)
            loop = " -> ".join(repr(a) for a in [*cycle, cycle[0]])
            first = min(overrides)
            target = areas[first].escalates_to
            yield ctx.finding(
                "DA401",
                f"escalation loops: {loop}",
                sorted(cycle),
                hint="an escalates_to override must point up, to an area above",
                location=org.location(first, field="escalates_to", named=target),
            )


#: DA402's targets that DA201 (unknown) and DA203 (not an area) report, with the dead end.
_SAID_BY = {"missing": "DA201"}


@rule(
    "DA402",
    "escalation-dead-end",
    "error",
    "an area whose next escalation step is an area without a DRI or an unknown target",
    doc="A disagreement an area's DRI cannot settle goes to the next area up (its parent, or "
    "its `escalates_to`). If that area has no DRI, or is not an area of the org, the "
    "disagreement has nowhere to go. The subjects are the area and the target. A target "
    "that is not in the org, or not an area, is a wrong reference first: DA201 or DA203 "
    "reports it, saying that the area's disagreements are stuck, and this rule then does not "
    "(it does when those rules are not run). A target without a DRI is reported where a DRI "
    "must be added: at the target.",
    bad="areas:\n  co: {}\n  ops: {parent: co, dri: ana}\n",
    good="areas:\n  co: {dri: bo}\n  ops: {parent: co, dri: ana}\n",
)
def check_escalation_dead_end(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for area_id, target, how, found in ctx.facts.dead_ends:
        if found == "area":
            why = "which has no DRI in effect"
            hint = f"give {target!r} a DRI, or escalate elsewhere"
            where = org.location(target)
        else:
            if _SAID_BY.get(found, "DA203") in ctx.selected:
                continue  # the wrong reference's finding says it
            why = "which is not in the org" if found == "missing" else f"which is {_a(found)}"
            hint = f"name an area that has a DRI as {how}"
            where = org.location(area_id, field=how, named=target)
        yield ctx.finding(
            "DA402",
            f"disagreements in area {area_id!r} escalate to {target!r} ({how}), {why}",
            (area_id, target),
            hint=hint,
            location=where,
        )


def _a(kind: str) -> str:
    return f"an {kind}, not an area" if kind[0] in "aeiou" else f"a {kind}, not an area"


@rule(
    "DA403",
    "escalation-not-upward",
    "warning",
    "escalates_to names an area that is not an ancestor",
    doc="An `escalates_to` override may skip levels, but should point up the tree: escalating "
    "sideways or down hands the decision to someone without authority over the area.",
    bad="areas:\n  co: {}\n  sales: {parent: co}\n  ops: {parent: co, escalates_to: sales}\n",
    good="areas:\n  co: {}\n  sales: {parent: co}\n  ops: {parent: co, escalates_to: co}\n",
)
def check_escalation_not_upward(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.overrides:
        return
    # Only the overriding areas' own ancestors matter: O(them and their ancestors).
    overriding = set(dict(facts.overrides))
    ancestry = facts.ancestry_above([d for d in facts.areas if d["entity"].id in overriding])
    for area_id, target in facts.overrides:
        if not ancestry.is_ancestor(target, area_id):
            yield ctx.finding(
                "DA403",
                f"area {area_id!r} escalates to {target!r}, which is not one of its ancestors",
                (area_id, target),
                hint="escalation should go up the tree, to an area that contains this one",
                location=org.location(area_id, field="escalates_to", named=target),
            )


@rule(
    "DA404",
    "no-independent-escalation",
    "info",
    "an area with at least one step above it whose every step has the same person",
    doc="When one person is the DRI at every step of an area's escalation path, a "
    "disagreement with them can never reach anyone else. Only informational: small orgs "
    "often start this way. Reported at the area above, whose DRI is the one to change.",
    bad="people: {ana: {}}\nareas:\n  co: {dri: ana}\n  ops: {parent: co, dri: ana}\n",
    good="people: {ana: {}, bo: {}}\nareas:\n  co: {dri: bo}\n  ops: {parent: co, dri: ana}\n",
)
def check_no_independent_escalation(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    areas = org.areas
    for area_id, who in ctx.facts.lonely:
        area = areas[area_id]
        above = area.escalates_to or area.parent
        yield ctx.finding(
            "DA404",
            f"every step of the escalation path of area {area_id!r} has the same DRI, "
            f"{who!r}: no one independent can settle a disagreement",
            (area_id, who),
            hint="give the area above a different DRI, or escalate to one",
            location=_dri_location(org, above, ctx.on) if above is not None else None,
        )


def _dri_location(org: Org, area_id: str, day: dt.date) -> Location | None:
    """Where *area_id*'s DRI in effect on *day* is assigned, else where the area is."""
    for record in org.dris(area_id, on=day):
        where = org.location(record)
        if where is not None:
            return where
    return org.location(area_id)
