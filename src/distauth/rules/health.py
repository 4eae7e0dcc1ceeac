"""DA5xx, health: load, advice, purpose and handovers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth._model import DRI, Area
from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._org import Org

__all__: list[str] = []


@rule(
    "DA501",
    "overloaded-person",
    "warning",
    "a person is DRI of more areas than max-areas-per-person (default 10)",
    doc="Counts the areas a person is DRI of on the day checked, directly or through a role "
    "they hold alone. The limit is `max-areas-per-person` in the configuration (default 10).",
    bad="people: {ana: {}}\nareas: {" + ", ".join(f"a{i}: {{dri: ana}}" for i in range(11)) + "}\n",
    good="people: {ana: {}, bo: {}}\nareas: {"
    + ", ".join(f"a{i}: {{dri: {'ana' if i % 2 else 'bo'}}}" for i in range(11))
    + "}\n",
)
def check_overloaded_person(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    limit = ctx.config.max_areas_per_person
    for person, count in ctx.facts.load.items():
        if count > limit:
            yield ctx.finding(
                "DA501",
                f"{person!r} is DRI of {count} areas (more than {limit})",
                (person,),
                hint="hand some areas to others, or raise max-areas-per-person",
            )


@rule(
    "DA502",
    "no-advisors",
    "info",
    "an area lists no advisors (the DRI decides without advice)",
    doc="A DRI decides after gathering advice; an area that names nobody to consult invites "
    "decisions made alone. Only informational; an area where nobody holds the scopes on "
    "purpose (`nobody: true`) is not reported.",
    bad="areas:\n  billing: {dri: ana}\n",
    good="areas:\n  billing: {dri: ana, advisors: [bo]}\n",
)
def check_no_advisors(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for data in ctx.facts.areas:
        area: Area = data["entity"]
        if not area.advisors and not area.nobody:  # nobody decides there: no one to advise
            area_id = area.id
            yield ctx.finding(
                "DA502",
                f"area {area_id!r} lists no advisors",
                (area_id,),
                hint="name the people or roles its DRI should consult",
            )


@rule(
    "DA503",
    "missing-purpose",
    "info",
    "an area has no purpose",
    doc="A purpose says why an area exists, and so what its DRI is there to decide. Only "
    "informational.",
    bad="areas:\n  billing: {dri: ana}\n",
    good="areas:\n  billing: {dri: ana, purpose: Get paid for what we ship}\n",
)
def check_missing_purpose(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for data in ctx.facts.areas:
        area: Area = data["entity"]
        if not area.purpose.strip():
            area_id = area.id
            yield ctx.finding(
                "DA503",
                f"area {area_id!r} has no purpose",
                (area_id,),
                hint="say in one sentence why the area exists",
            )


@rule(
    "DA504",
    "handover-gap",
    "warning",
    "a DRI assignment ends within handover-horizon-days (default 30) with no successor",
    doc="An assignment that ends soon needs a successor starting on that day, or the area "
    "becomes vacant. The horizon is `handover-horizon-days` (default 30) from the day checked "
    "(`--on`; the examples here are for 2026-12-01).",
    bad="people: {ana: {}}\nareas: {billing: {}}\n"
    "dris:\n  - {area: billing, holder: ana, end: 2026-12-15}\n",
    good="people: {ana: {}, bo: {}}\nareas: {billing: {}}\n"
    "dris:\n  - {area: billing, holder: ana, end: 2026-12-15}\n"
    "  - {area: billing, holder: bo, start: 2026-12-15}\n",
)
def check_handover_gap(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    # Near the calendar's end the horizon stops at its last day instead of overflowing.
    room = (dt.date.max - ctx.on).days
    horizon = ctx.on + dt.timedelta(days=min(ctx.config.handover_horizon_days, room))
    for area_id, record in ctx.facts.ending:
        end = record.end
        if end is None or end > horizon:
            continue
        # Few assignments end soon: only for those, read the area's other records.
        successor = any(
            isinstance(other, DRI) and other is not record and other.in_effect(end)
            for keys in org.graph.succ[area_id].values()
            for other, edge in keys.items()
            if edge["kind"] == "dri"
        )
        if not successor:
            yield ctx.finding(
                "DA504",
                f"{record.holder!r} stops being DRI of area {area_id!r} on "
                f"{end.isoformat()} and nobody takes over",
                (area_id, record.holder),
                hint="add the next DRI assignment, starting on that day",
                location=org.location(record),
            )
