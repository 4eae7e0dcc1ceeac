"""DA3xx, authority: unrelated areas never claim the same thing; delegation stays within bounds.

A child area may only claim what its nearest scoped ancestor holds.

Scopes are matched exactly (see :mod:`distauth.scopes`); overlaps are found through the
org's scope index, never by comparing every scope with every other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth import scopes
from distauth._graph import graph_of
from distauth.rules._core import CheckContext, Finding, rule
from distauth.rules.inventory import inventory_matches
from distauth.scopes import ScopeIndex, covers, matches, uncovered_example

if TYPE_CHECKING:
    from distauth._model import Area
    from distauth._org import Org

__all__: list[str] = []


@rule(
    "DA301",
    "overlapping-authority",
    "error",
    "two areas, neither inside the other, claim overlapping scopes",
    doc="Two areas that can both claim the same decision are exactly what distributed "
    "authority must never have. CODEOWNERS-style tools hide this behind 'the last matching "
    "rule wins'; distauth reports it. Overlap is decided exactly, including `*` inside a "
    "segment and `**`. A child may overlap its ancestors: that is delegation. When the org "
    "lists its resources (an inventory), the message says how many of them both areas claim.",
    bad="areas:\n  sales: {scopes: ['budget:*/events']}\n"
    "  marketing: {scopes: ['budget:marketing/**']}\n",
    good="areas:\n  sales: {scopes: ['budget:sales/events']}\n"
    "  marketing: {scopes: ['budget:marketing/**']}\n",
)
def check_overlapping_authority(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.scoped:
        return
    # Overlapping scopes of different areas are all scoped areas: the ancestry of those (and
    # their ancestors) answers for them, in proportion to the scoped part of the org.
    ancestry = facts.scoped_ancestry
    # One finding per pair of areas: the first overlapping pair of scopes, and a count.
    first: dict[tuple[str, str], tuple[str, str, int, int]] = {}
    more: dict[tuple[str, str], int] = {}
    index = graph_of(org).scope_index()
    entries = index.entries
    # Examples are built only for the pair that a finding names.
    for one, two in index.overlapping_serials():
        (p, a), (q, b) = entries[one], entries[two]
        if ancestry.is_ancestor(a, b) or ancestry.is_ancestor(b, a):
            continue
        key, texts = ((a, b), (p.text, q.text)) if a < b else ((b, a), (q.text, p.text))
        # The smallest pair of scope texts: the same finding however the org was built.
        if key in first:
            more[key] = more.get(key, 0) + 1
            if texts >= first[key][:2]:
                continue
        first[key] = (*texts, one, two)
    inventory = inventory_matches(ctx) if first else None
    for (a, b), (scope_a, scope_b, one, two) in sorted(first.items()):
        example = index.pair_example(one, two)
        extra = more.get((a, b), 0)
        tail = f" (and {extra} more overlapping scope pairs)" if extra else ""
        if inventory is not None:
            # How much the overlap matters: the listed resources both areas really claim.
            both = inventory.pairs.get((a, b), 0)
            tail += f"; {both:,} of the inventory's {inventory.total:,} resources fall in both"
        yield ctx.finding(
            "DA301",
            f"areas {a!r} and {b!r} both claim {example!r}: scope {scope_a!r} of {a!r} overlaps "
            f"scope {scope_b!r} of {b!r}{tail}",
            (a, b),
            hint="make the scopes disjoint, or nest one area inside the other to delegate",
        )


@rule(
    "DA302",
    "scope-outside-parent",
    "warning",
    "a child's scope that no single scope of its nearest scoped ancestor covers",
    doc="Delegation cannot exceed the delegator's authority: each scope of an area should lie "
    "inside one scope of its nearest ancestor that has scopes. Areas on a parent cycle, and "
    "areas whose way up reaches a cycle before a scoped area, have no well-defined ancestor "
    "and are left to DA202.",
    bad="areas:\n  finance: {scopes: ['finance/**']}\n"
    "  billing: {parent: finance, scopes: ['billing/**']}\n",
    good="areas:\n  finance: {scopes: ['finance/**']}\n"
    "  billing: {parent: finance, scopes: ['finance/billing/**']}\n",
)
def check_scope_outside_parent(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.scoped:
        return
    on_cycle = {a for cycle in facts.parent_cycles for a in cycle}
    above = facts.scoped_above
    scoped: dict[str, Area] = {data["entity"].id: data["entity"] for data in facts.scoped}
    holders: dict[str, _Granted] = {}
    for area_id, area in scoped.items():
        if area_id in on_cycle:
            continue
        holder = above.get(area_id)
        if holder is None:
            continue
        granted = holders.get(holder)
        if granted is None:
            granted = holders[holder] = _Granted(scoped[holder].scopes)
        outside = [s for s in area.scopes if not granted.covers(s)]
        if not outside:
            continue
        witness = granted.outside_example(outside[0])
        claims = ", ".join(repr(s) for s in outside)
        yield ctx.finding(
            "DA302",
            f"area {area_id!r} claims {claims}, which no single scope of its nearest scoped "
            f"ancestor {holder!r} covers (for example {witness!r})",
            (area_id, holder),
            hint=f"narrow the scope to lie inside one scope of {holder!r}, or widen that scope",
        )


#: Up to this many scopes, a holder's scopes are tried in turn; beyond, through an index.
_FEW_SCOPES = 16


class _Granted:
    """The scopes a holder grants, and which of them can cover a child's scope.

    A scope that covers s matches every resource s matches, so only the granted scopes that
    match one resource of s are candidates: found by a lookup in an index of the holder's
    scopes (by trying each one when there are few), and covers() runs on those alone instead
    of on every pair. O(lookup + candidates' covers) per child scope.
    """

    def __init__(self, granted: tuple[str, ...]) -> None:
        self.granted = granted
        self.index = ScopeIndex((g, 0) for g in granted) if len(granted) > _FEW_SCOPES else None

    def matching(self, resource: str) -> list[str]:
        if self.index is None:
            return [g for g in self.granted if matches(g, resource)]
        return [pattern.text for pattern, _ in self.index.lookup(resource)]

    def covers(self, scope: str) -> bool:
        return any(covers(g, scope) for g in self.matching(scopes.example(scope)))

    def outside_example(self, scope: str) -> str:
        """A resource of ``scope`` that no granted scope matches, when the search finds one.

        The scope's own example first; then what each candidate (a granted scope matching
        that example) leaves uncovered; else the first candidate's uncovered resource.
        """
        first = scopes.example(scope)
        candidates = self.matching(first)
        found: list[str] = []
        for granted in candidates:
            missing = uncovered_example(granted, scope)
            if missing is None:  # pragma: no cover - the scope is outside every candidate
                continue
            if not self.matching(missing):
                return missing
            found.append(missing)
        return found[0] if found else first


@rule(
    "DA303",
    "uncovered-resource",
    "warning",
    "a resource listed in the org's inventory that no area's scope covers",
    doc="The org's optional `resources` inventory lists things that must have an owner, and a "
    "run may be given the inventory of everything that exists (`validate --inventory git`: "
    "the files a repository tracks); each one that no scope matches is reported, with the "
    "resource itself as the subject.",
    bad="areas:\n  billing: {scopes: ['finance/billing/**']}\nresources: [finance/payroll]\n",
    good="areas:\n  billing: {scopes: ['finance/billing/**']}\n"
    "  payroll: {scopes: ['finance/payroll/**']}\nresources: [finance/payroll]\n",
)
def check_uncovered_resource(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    # The org's own list, and the run's inventory (validate --inventory) when it has one.
    resources = list(dict.fromkeys((*org.resources, *ctx.config.inventory)))
    if not resources:
        return
    index = graph_of(org).scope_index()
    for resource, hits in zip(resources, index.serials_many(resources), strict=True):
        if not hits:
            yield ctx.finding(
                "DA303",
                f"no area's scope covers the resource {resource!r}",
                (resource,),
                hint="add a scope that covers it to the area that should decide about it",
                location=org.resource_location(resource),
            )
