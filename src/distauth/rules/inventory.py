"""DA304, and what the other DA3xx rules learn from an inventory: which scopes match what exists.

A run may be given the inventory of everything that exists (:attr:`Config.inventory
<distauth.Config.inventory>`; ``validate --inventory git`` gives the files a repository
tracks). Every listed resource is looked up once in the org's scope index (shared by DA301 and
DA304 through the validation's memo). A scope that matches none of them, in a namespace the
inventory speaks for, is stale: the CODEOWNERS rule for a directory that was deleted, the team
still holding a retired service. DA301 counts the resources each overlap really holds. An org
file's own ``resources:`` list is what must be owned (DA303), not everything that exists, so
it does not make scopes stale.

Complexity: one bulk lookup of the inventory (see ScopeIndex.serials_many), then one pass over
the distinct answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from distauth._graph import graph_of
from distauth.rules._core import CheckContext, Finding, rule

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["InventoryMatches", "inventory_matches"]


@attrs.frozen
class InventoryMatches:
    """What the org's inventory says about its scopes.

    Attributes:
        hit: the positions, in the scope index's entries, of the entries matching a resource.
        namespaces: the namespaces the inventory's resources are in.
        pairs: ``(area, other area) -> resources both claim``, the ids sorted in each pair.
        total: how many resources the inventory lists.
    """

    hit: frozenset[int]
    namespaces: frozenset[str | None]
    pairs: dict[tuple[str, str], int]
    total: int


def _build(ctx: CheckContext) -> InventoryMatches | None:
    org = ctx.org
    resources = ctx.config.inventory
    if not resources:
        return None
    index = graph_of(org).scope_index()
    owners = [owner for _pattern, owner in index.entries]
    found = index.serials_many(resources)
    # The lists are shared between resources with the same answer: each distinct one once.
    counted: dict[int, tuple[list[int], int]] = {}
    for serials in found:
        seen = counted.get(id(serials))
        counted[id(serials)] = (serials, 1 if seen is None else seen[1] + 1)
    hit: set[int] = set()
    pairs: dict[tuple[str, str], int] = {}
    for serials, times in counted.values():
        hit.update(serials)
        areas = sorted({owners[s] for s in serials})
        for position, first in enumerate(areas):
            for second in areas[position + 1 :]:
                pairs[first, second] = pairs.get((first, second), 0) + times
    namespaces = frozenset(r.partition(":")[0] if ":" in r else None for r in resources)
    return InventoryMatches(frozenset(hit), namespaces, pairs, len(resources))


def inventory_matches(ctx: CheckContext) -> InventoryMatches | None:
    """The inventory's matches, computed once per validation (``None`` without one)."""
    return ctx.memo("inventory-matches", _build)


@rule(
    "DA304",
    "stale-scope",
    "warning",
    "a scope that matches nothing in the run's inventory (a stale rule)",
    doc="Given the inventory of what exists (`validate --inventory git`: the files a "
    "repository tracks; `Config(inventory=...)` in Python), a scope that matches none of it "
    "holds nothing: a rule for a directory that was moved or deleted, or a typo that never "
    "matched. Only scopes in a namespace the inventory lists resources of are judged; "
    "subjects are the area and the scope. The examples show the inventory as `resources:`, "
    "as `--inventory` would give it.",
    bad="areas:\n  billing: {scopes: ['finance/billing/**']}\n"
    "  payroll: {scopes: ['finance/payrol/**']}\nresources: [finance/billing/invoices]\n",
    good="areas:\n  billing: {scopes: ['finance/billing/**']}\n"
    "resources: [finance/billing/invoices]\n",
)
def check_stale_scope(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    matches = inventory_matches(ctx)
    if matches is None:
        return
    index = graph_of(org).scope_index()
    for serial, (pattern, area) in enumerate(index.entries):
        if serial in matches.hit or pattern.namespace not in matches.namespaces:
            continue
        where = f"in {pattern.namespace!r}" if pattern.namespace else "without a namespace"
        yield ctx.finding(
            "DA304",
            f"scope {pattern.text!r} of area {area!r} matches none of the inventory's "
            f"{matches.total:,} resources ({where})",
            (area, pattern.text),
            hint="remove the scope, or fix it to name what exists",
            location=org.location(area),
        )
