"""DA2xx, structure: references resolve, to the right kind, and parent links form a tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth._graph import EDGE_KINDS, graph_of
from distauth._handles import claims
from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._org import Org

__all__: list[str] = []

_AREA = ("area",)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


#: A wrong reference: referrer, field, target, the kinds allowed, the referrer's kind, and
#: what the target is ("missing" when it is not in the org).
BadReference = tuple[str, str, str, tuple[str, ...], str, str]


def _bad_references(ctx: CheckContext) -> list[BadReference]:
    """Every reference whose target is unknown or of a wrong kind.

    DA201 and DA203 share it. The org keeps the reference edges that name an id of the wrong
    kind as it changes (its suspects), so this reads a handful of edges, not every reference;
    the DRI records whose area is not an area come from the rules' shared pass.
    """
    graph = graph_of(ctx.org)
    nodes = graph.nodes
    bad: list[BadReference] = []
    for source, target, edge_kind in graph.suspects:
        field, from_source, allowed, referrer_kind = EDGE_KINDS[edge_kind]
        referrer, named = (source, target) if from_source else (target, source)
        bad.append((referrer, field, named, allowed, referrer_kind, nodes[named]["kind"]))
    for record, found in ctx.facts.not_areas:
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
    "parent, escalates_to, advisor, informed, deputy, role area or holder names an unknown id",
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
    doc="Parents, escalation targets and a role's area must be areas; advisors, informed and "
    "deputies must be people or roles; role holders must be people; a DRI must be a person or "
    "a role.",
    bad="people:\n  ana: {}\nareas:\n  billing: {parent: ana}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_wrong_kind_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
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
    for record in ctx.facts.area_holders:
        yield ctx.finding(
            "DA203",
            f"the DRI of area {record.area!r} is {record.holder!r}, which is an area, "
            "not a person or role",
            (record.area, record.holder),
            location=org.location(record),
        )


@rule(
    "DA204",
    "duplicate-handle",
    "error",
    "a handle (or email) is claimed by two people or roles",
    doc="A handle names one person or role in another system (`@octocat`, `@org/team`, an "
    "email address, a name as ADRs write it): two entities claiming it make every lookup by "
    "it ambiguous, so `Org.by_handle` answers nobody. Handles compare as lookups compare them: "
    "case-insensitively, ignoring repeated spaces; a person's `email` counts as a handle.",
    bad="people:\n  ana: {handles: ['@ana']}\n  ana-r: {handles: ['@Ana']}\n",
    good="people:\n  ana: {handles: ['@ana', '@Ana-R']}\n",
)
def check_duplicate_handle(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for spelling, claimants in claims(graph_of(org)):
        ids = sorted({ident for ident, _spelled in claimants})
        listed = ", ".join(f"{ident!r} (as {spelled!r})" for ident, spelled in claimants)
        yield ctx.finding(
            "DA204",
            f"the handle {spelling!r} is claimed by {len(ids)} entities: {listed}",
            ids,
            hint="keep the handle on the one person or role it names",
        )
