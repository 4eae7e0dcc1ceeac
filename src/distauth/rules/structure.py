"""DA2xx, structure: references resolve, to the right kind, and parent links form a tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from distauth._graph import EDGE_KINDS, graph_of
from distauth._handles import claims
from distauth._suggest import close_match
from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._model import Location
    from distauth._org import Org

__all__: list[str] = []

_AREA = ("area",)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


#: A wrong reference: referrer, field, target, the kinds allowed, the referrer's kind, what
#: the target is ("missing" when it is not in the org), and where the reference was written.
BadReference = tuple[str, str, str, tuple[str, ...], str, str, "Location | None"]


def _bad_references(ctx: CheckContext) -> list[BadReference]:
    """Every reference whose target is unknown or of a wrong kind, sorted.

    DA201 and DA203 share it. The org keeps the reference edges that name an id of the wrong
    kind as it changes (its suspects), so this reads a handful of edges, not every reference;
    the DRI records whose area is not an area come from the rules' shared pass. Each is
    placed where the reference was written (the field's line, or the DRI entry's), which is
    the line a user edits. Sorted, so that the order things were added never shows.
    """
    org = ctx.org
    graph = graph_of(org)
    nodes = graph.nodes
    bad: list[BadReference] = []
    for source, target, edge_kind in graph.suspects:
        field, from_source, allowed, referrer_kind = EDGE_KINDS[edge_kind]
        referrer, named = (source, target) if from_source else (target, source)
        if edge_kind == "holds" and _team_holds_team(nodes, referrer, named):
            continue
        where = org.location(referrer, field=field, named=named)
        bad.append((referrer, field, named, allowed, referrer_kind, nodes[named]["kind"], where))
    for record, found in ctx.facts.not_areas:
        where = org.location(record)
        bad.append((record.holder, "area", record.area, _AREA, "dri", found, where))
    bad.sort(key=lambda b: b[:6])
    return bad


def _team_holds_team(nodes: Any, role: str, holder: str) -> bool:
    """True when a team (a collective role) lists another role among its holders.

    Any holder of a team may decide, and a role holding it decides as itself (as a CODEOWNERS
    rule naming a person and a team means): legal, not a wrong kind.
    """
    return nodes[holder]["kind"] == "role" and bool(nodes[role]["entity"].collective)


def _who(referrer: str, referrer_kind: str) -> str:
    if referrer_kind == "dri":
        return f"the DRI assignment of {referrer!r}"
    return f"{referrer_kind} {referrer!r}"


def _stuck(ctx: CheckContext, referrer: str, field: str, target: str) -> str:
    """What else the bad reference breaks, said here rather than by a second finding."""
    if field not in ("parent", "escalates_to"):
        return ""
    stuck = ctx.memo(
        "dead-end-steps", lambda c: {(a, t, how) for a, t, how, _found in c.facts.dead_ends}
    )
    if (referrer, target, field) not in stuck:
        return ""
    return ", so its disagreements have nowhere to escalate"


#: Unknown-id findings that get a did-you-mean, at most, per validation: each looks through
#: the ids of the right kinds (see distauth._suggest for the bound on each).
_MAX_SUGGESTIONS = 100


def suggest_known(ctx: CheckContext, target: str, allowed: tuple[str, ...]) -> str | None:
    """The known id of an *allowed* kind closest to *target*, for an unknown-id finding.

    At most :data:`_MAX_SUGGESTIONS` per validation, each bounded as
    :func:`distauth._suggest.close_match` is.
    """
    used = ctx.memo("suggestions", lambda _c: [0])
    if used[0] >= _MAX_SUGGESTIONS:
        return None
    used[0] += 1
    org = ctx.org
    views = {"area": org.areas, "person": org.people, "role": org.roles}
    return close_match(target, (ident for kind in allowed for ident in views[kind]))


@rule(
    "DA201",
    "unknown-reference",
    "error",
    "parent, escalates_to, advisor, informed, deputy, role area or holder names an unknown id",
    doc="Every reference must name an entity of the org. The reference is kept (a broken org "
    "loads, so it can be inspected and fixed) and reported here, with the referrer first, "
    "where the reference was written, and with the closest known id when one is close. An "
    "unknown parent or escalation target also leaves the area's disagreements nowhere to "
    "go: this finding says so, and DA402 does not repeat it.",
    bad="areas:\n  billing: {parent: finanse}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_unknown_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for ident in sorted(org.ignores):
        if ident not in org:
            close = suggest_known(ctx, ident, ("area",))
            mean = f" (did you mean {close!r}?)" if close is not None else ""
            yield ctx.finding(
                "DA201",
                f"the org's ignores name {ident!r}, which is not an area of the org{mean}: "
                "they apply to nothing",
                (ident,),
                hint="name the area whose findings to ignore, or remove the entry",
            )
    for referrer, field, target, allowed, referrer_kind, found, where in ctx.memo(
        "bad-references", _bad_references
    ):
        if found == "missing":
            close = suggest_known(ctx, target, allowed)
            mean = f" (did you mean {close!r}?)" if close is not None else ""
            hint = (
                f"fix the spelling: {close!r}, or define {target!r}"
                if close is not None
                else f"define {target!r}, or fix the spelling"
            )
            yield ctx.finding(
                "DA201",
                f"{_who(referrer, referrer_kind)}: {field} names {target!r}, "
                f"which is not in the org{mean}{_stuck(ctx, referrer, field, target)}",
                (referrer, target),
                hint=hint,
                location=where,
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
    areas = org.areas
    for found in ctx.facts.parent_cycles:
        cycle = rotated(found)
        loop = " -> ".join(repr(a) for a in [*cycle, cycle[0]])
        first = cycle[0]
        yield ctx.finding(
            "DA202",
            f"parent links form a cycle: {loop}",
            sorted(cycle),
            hint="one of these areas must be the top of the others: remove its parent",
            location=org.location(first, field="parent", named=areas[first].parent),
        )


def rotated(cycle: list[str]) -> list[str]:
    """*cycle* started at its smallest id: the same loop however the org was built.

    >>> rotated(["b", "c", "a"])
    ['a', 'b', 'c']
    """
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


@rule(
    "DA203",
    "wrong-kind-reference",
    "error",
    "a reference names an id of the wrong kind (a person as parent...)",
    doc="Parents, escalation targets and a role's area must be areas; advisors, informed and "
    "deputies must be people or roles; role holders must be people, except that a team (a "
    "collective role) may also list roles, which then decide as themselves; a DRI must be a "
    "person or a role. A parent or escalation target that is not an area leaves the area's "
    "disagreements nowhere to go: this finding says so, and DA402 does not repeat it.",
    bad="people:\n  ana: {}\nareas:\n  billing: {parent: ana}\n",
    good="areas:\n  finance: {}\n  billing: {parent: finance}\n",
)
def check_wrong_kind_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for referrer, field, target, allowed, referrer_kind, found, where in ctx.memo(
        "bad-references", _bad_references
    ):
        if found != "missing":
            kinds = " or ".join(_a(k) for k in allowed)
            yield ctx.finding(
                "DA203",
                f"{_who(referrer, referrer_kind)}: {field} names {target!r}, which is "
                f"{_a(found)}, not {kinds}{_stuck(ctx, referrer, field, target)}",
                (referrer, target),
                hint=f"name {kinds} there, not the {found} {target!r}",
                location=where,
            )
    for record in ctx.facts.area_holders:
        yield ctx.finding(
            "DA203",
            f"the DRI of area {record.area!r} is {record.holder!r}, which is an area, "
            "not a person or role",
            (record.area, record.holder),
            hint=f"name a person or role as the DRI, not the area {record.holder!r}",
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
    for _spelling, found in claims(graph_of(org)):
        claimants = sorted(found)  # not in the order they were added
        ids = sorted({ident for ident, _spelled in claimants})
        listed = ", ".join(f"{ident!r} (as {spelled!r})" for ident, spelled in claimants)
        # At the claimant written last: the one to take the handle from, usually.
        placed = sorted(
            (where for ident in ids if (where := org.location(ident)) is not None),
            key=lambda w: (w.file or "", w.line, w.column),
        )
        yield ctx.finding(
            "DA204",
            f"the handle {claimants[0][1]!r} is claimed by {len(ids)} entities: {listed}",
            ids,
            hint="keep the handle on the one person or role it names",
            location=placed[-1] if placed else None,
        )
