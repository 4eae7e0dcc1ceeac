"""Indexes the built-in rules share, computed in one walk of the org's graph.

Rules run over these compact dicts instead of walking the graph each: at 100,000 areas the
walk is the expensive part. Everything is iterative, so no depth of nesting or escalation can
exhaust the recursion limit.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from distauth._model import DRI, Area, Person, Role

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["Facts", "functional_cycles"]


class Facts:
    """What the rules need to know about one org on one day."""

    def __init__(self, org: Org, day: dt.date) -> None:
        self.org = org
        self.day = day
        nodes = org._graph._node
        succ = org._graph._succ
        self.kind: dict[str, str] = {}
        self.areas: dict[str, Area] = {}
        self.people: dict[str, Person] = {}
        self.roles: dict[str, Role] = {}
        #: DRI records in effect on ``day``, per area id (areas without one are absent).
        self.current: dict[str, list[DRI]] = {}
        #: DRI records not ended before ``day`` (in effect or still to come), all areas.
        self.open: list[DRI] = []
        kind_of = self.kind
        # Parent and escalation links as written (targets checked below, once kinds are known).
        parent_of: dict[str, str] = {}
        override: dict[str, str] = {}
        areas, people, roles, current, open_ = (
            self.areas,
            self.people,
            self.roles,
            self.current,
            self.open,
        )
        for ident, data in nodes.items():
            kind = data["kind"]
            kind_of[ident] = kind
            if kind == "person":
                people[ident] = data["entity"]
                continue
            if kind == "role":
                roles[ident] = data["entity"]
                continue
            if kind == "area":
                area = areas[ident] = data["entity"]
                if area.parent is not None:
                    parent_of[ident] = area.parent
                if area.escalates_to is not None:
                    override[ident] = area.escalates_to
            # DRI edges leave areas (and missing ids standing for unknown areas).
            for keys in succ[ident].values():
                for key, edge in keys.items():
                    if edge["kind"] != "dri":
                        continue
                    # Dates come from the edge's attribute dict, which DRIs with the same dates
                    # share (and which is then hot in the cache), not from each DRI object.
                    end = edge["end"]
                    if end is not None and end <= day:
                        continue
                    open_.append(key)
                    start = edge["start"]
                    if start is None or start <= day:
                        bucket = current.get(ident)
                        if bucket is None:
                            current[ident] = [key]
                        else:
                            bucket.append(key)
        #: Area id -> parent id, for parents that are known areas.
        self.parent: dict[str, str] = {
            a: p for a, p in parent_of.items() if kind_of.get(p) == "area"
        }
        #: Area id -> the area a disagreement goes to next, when that is a known area. Without
        #: overrides it is the parent map itself, and so are its cycles.
        self.escalation: dict[str, str] = (
            {a: t for a, t in {**parent_of, **override}.items() if kind_of.get(t) == "area"}
            if override
            else self.parent
        )

    def resolve(self, holder: str) -> str | None:
        """The person id a DRI holder stands for (itself, or a role's single holder)."""
        kind = self.kind.get(holder)
        if kind == "person":
            return holder
        if kind == "role":
            holders = self.roles[holder].holders
            if len(holders) == 1 and self.kind.get(holders[0]) == "person":
                return holders[0]
        return None

    @functools.cached_property
    def dri_person(self) -> dict[str, str]:
        """Area id -> id of its single resolvable DRI person (absent when there is none)."""
        out: dict[str, str] = {}
        resolve = self.resolve
        areas = self.areas
        for area_id, records in self.current.items():
            if len(records) == 1 and area_id in areas:
                person = resolve(records[0].holder)
                if person is not None:
                    out[area_id] = person
        return out

    @functools.cached_property
    def parent_cycles(self) -> list[list[str]]:
        """Each cycle of parent links, as its area ids in link order."""
        return functional_cycles(self.parent)

    @functools.cached_property
    def escalation_cycles(self) -> list[list[str]]:
        """Each cycle of escalation steps, as its area ids in step order."""
        if self.escalation is self.parent:
            return self.parent_cycles
        return functional_cycles(self.escalation)

    @functools.cached_property
    def ancestry(self) -> _Ancestry:
        """Constant-time "is X an ancestor of Y" over the parent links."""
        return _Ancestry(self.parent, self.parent_cycles)


def functional_cycles(step: dict[str, str]) -> list[list[str]]:
    """The cycles of a graph where each node has at most one successor.

    Iterative colouring: each walk follows successors until it meets a node seen before; if
    that node was first seen in this same walk, the walk closed a cycle.

    >>> functional_cycles({"a": "b", "b": "c", "c": "a", "d": "a", "e": "e"})
    [['a', 'b', 'c'], ['e']]
    """
    walk_of: dict[str, int] = {}
    cycles: list[list[str]] = []
    for walk, start in enumerate(step):
        if start in walk_of:
            continue
        node: str | None = start
        path: list[str] = []
        while node is not None and node not in walk_of:
            walk_of[node] = walk
            path.append(node)
            node = step.get(node)
        if node is not None and walk_of[node] == walk:
            cycles.append(path[path.index(node) :])
    return cycles


class _Ancestry:
    """Ancestor tests in O(1) after an O(n) Euler tour of the parent forest.

    Areas on or below a parent cycle hang off that cycle: each cycle acts as a root whose
    members are all ancestors of one another and of everything below them.
    """

    def __init__(self, parent: dict[str, str], cycles: list[list[str]]) -> None:
        self.cycle_of: dict[str, int] = {a: i for i, c in enumerate(cycles) for a in c}
        children: dict[str, list[str]] = {}
        roots: list[str] = []
        for child, par in parent.items():
            if child in self.cycle_of:
                continue
            children.setdefault(par, []).append(child)
        self.tin: dict[str, int] = {}
        self.tout: dict[str, int] = {}
        self.reach: dict[str, int] = {}
        seen_nodes = set(parent) | set(parent.values())
        roots = [a for a in seen_nodes if a not in parent] + list(self.cycle_of)
        clock = 0
        for root in roots:
            cycle = self.cycle_of.get(root)
            stack: list[tuple[str, bool]] = [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    self.tout[node] = clock
                    clock += 1
                    continue
                self.tin[node] = clock
                clock += 1
                if cycle is not None:
                    self.reach[node] = cycle
                stack.append((node, True))
                stack.extend((c, False) for c in children.get(node, ()))

    def is_ancestor(self, a: str, b: str) -> bool:
        """True when *a* is reached from *b* by following parent links at least once."""
        cycle = self.cycle_of.get(a)
        if cycle is not None and self.reach.get(b) == cycle:
            return True
        if a == b or a not in self.tin or b not in self.tin:
            return False
        return self.tin[a] < self.tin[b] and self.tout[b] < self.tout[a]
