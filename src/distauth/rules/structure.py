"""DA2xx, structure: references resolve, to the right kind, and parent links form a tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._org import Org

__all__: list[str] = []

_WHO = ("person", "role")
_AREA = ("area",)
_PERSON = ("person",)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _references(ctx: CheckContext) -> Iterator[tuple[str, str, str, tuple[str, ...], str]]:
    """Yield ``(referrer, field, target, allowed kinds, referrer kind)`` for every reference.

    Descriptions are only formatted for the few references that turn out to be wrong.
    """
    facts = ctx.facts
    for area_id, area in facts.areas.items():
        if area.parent is not None:
            yield area_id, "parent", area.parent, _AREA, "area"
        if area.escalates_to is not None:
            yield area_id, "escalates_to", area.escalates_to, _AREA, "area"
        for advisor in area.advisors:
            yield area_id, "advisors", advisor, _WHO, "area"
        for member in area.informed:
            yield area_id, "informed", member, _WHO, "area"
    for role_id, role in facts.roles.items():
        if role.area is not None:
            yield role_id, "area", role.area, _AREA, "role"
        for holder in role.holders:
            yield role_id, "holders", holder, _PERSON, "role"
    for record in facts.open:
        yield record.holder, "area", record.area, _AREA, "dri"


def _who(referrer: str, referrer_kind: str) -> str:
    if referrer_kind == "dri":
        return f"the DRI assignment of {referrer!r}"
    return f"{referrer_kind} {referrer!r}"


@rule(
    "DA201",
    "unknown-reference",
    "error",
    "parent, escalates_to, advisor, informed, role area or holder names an unknown id",
    bad="areas:\n  billing: {parent: finanse}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_unknown_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    kind = ctx.facts.kind
    for referrer, field, target, _allowed, referrer_kind in _references(ctx):
        if kind.get(target, "missing") == "missing":
            yield ctx.finding(
                "DA201",
                f"{_who(referrer, referrer_kind)}: {field} names {target!r}, "
                "which is not in the org",
                (referrer, target),
                hint=f"define {target!r}, or fix the spelling",
            )


@rule(
    "DA202",
    "area-cycle",
    "error",
    "parent links form a cycle",
    bad="areas:\n  a: {parent: b}\n  b: {parent: a}\n",
    good="areas:\n  a: {}\n  b: {parent: a}\n",
)
def check_area_cycle(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for cycle in ctx.facts.parent_cycles:
        loop = " -> ".join(repr(a) for a in [*cycle, cycle[0]])
        yield ctx.finding(
            "DA202",
            f"parent links form a cycle: {loop}",
            sorted(cycle),
            hint="one of these areas must be the top of the others: remove its parent",
        )


@rule(
    "DA203",
    "wrong-kind-reference",
    "error",
    "a reference names an id of the wrong kind (a person as parent...)",
    bad="people:\n  ana: {}\nareas:\n  billing: {parent: ana}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_wrong_kind_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    kind = facts.kind
    for referrer, field, target, allowed, referrer_kind in _references(ctx):
        found = kind.get(target, "missing")
        if found != "missing" and found not in allowed:
            yield ctx.finding(
                "DA203",
                f"{_who(referrer, referrer_kind)}: {field} names {target!r}, which is "
                f"{_a(found)}, not {' or '.join(_a(k) for k in allowed)}",
                (referrer, target),
            )
    for record in facts.open:
        if kind.get(record.holder) == "area":
            yield ctx.finding(
                "DA203",
                f"the DRI of area {record.area!r} is {record.holder!r}, which is an area, "
                "not a person or role",
                (record.area, record.holder),
                location=org.location(record),
            )
