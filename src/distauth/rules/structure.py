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


#: A wrong reference: referrer, field, target, the kinds allowed, the referrer's kind, and
#: what the target is ("missing" when it is not in the org).
BadReference = tuple[str, str, str, tuple[str, ...], str, str]


def _bad_references(ctx: CheckContext) -> list[BadReference]:
    """Every reference whose target is unknown or of a wrong kind, found in one pass.

    DA201 and DA203 share it. The common case, a good reference, costs one dict lookup and
    allocates nothing.
    """
    facts = ctx.facts
    kind = facts.kind
    bad: list[BadReference] = []
    for area_id, area in facts.areas.items():
        target = area.parent
        if target is not None and kind.get(target) != "area":
            bad.append((area_id, "parent", target, _AREA, "area", kind.get(target, "missing")))
        target = area.escalates_to
        if target is not None and kind.get(target) != "area":
            found = kind.get(target, "missing")
            bad.append((area_id, "escalates_to", target, _AREA, "area", found))
        for field, targets in (("advisors", area.advisors), ("informed", area.informed)):
            for target in targets:
                found = kind.get(target, "missing")
                if found not in _WHO:
                    bad.append((area_id, field, target, _WHO, "area", found))
    for role_id, role in facts.roles.items():
        target = role.area
        if target is not None and kind.get(target) != "area":
            bad.append((role_id, "area", target, _AREA, "role", kind.get(target, "missing")))
        for target in role.holders:
            if kind.get(target) != "person":
                found = kind.get(target, "missing")
                bad.append((role_id, "holders", target, _PERSON, "role", found))
    for record in facts.open:
        if kind.get(record.area) != "area":
            found = kind.get(record.area, "missing")
            bad.append((record.holder, "area", record.area, _AREA, "dri", found))
    return bad


def _who(referrer: str, referrer_kind: str) -> str:
    if referrer_kind == "dri":
        return f"the DRI assignment of {referrer!r}"
    return f"{referrer_kind} {referrer!r}"


@rule(
    "DA201",
    "unknown-reference",
    "error",
    "parent, escalates_to, advisor, informed, role area or holder names an unknown id",
    doc="Every reference must name an entity of the org. The reference is kept (a broken org "
    "loads, so it can be inspected and fixed) and reported here, with the referrer first.",
    bad="areas:\n  billing: {parent: finanse}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_unknown_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for referrer, field, target, _allowed, referrer_kind, found in ctx.memo(
        "bad-references", _bad_references
    ):
        if found == "missing":
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
    doc="Areas nest: following parents must end at a top-level area. One finding per cycle, "
    "naming every area on it; areas below a cycle are not reported again.",
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
    doc="Parents, escalation targets and a role's area must be areas; advisors and informed "
    "must be people or roles; role holders must be people; a DRI must be a person or a role.",
    bad="people:\n  ana: {}\nareas:\n  billing: {parent: ana}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_wrong_kind_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    kind = facts.kind
    for referrer, field, target, allowed, referrer_kind, found in ctx.memo(
        "bad-references", _bad_references
    ):
        if found != "missing":
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
