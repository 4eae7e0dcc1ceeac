"""What the built-in rules know about one org on one day, found in two passes over the graph.

The org's graph layer keeps, on each node's attribute dict (:class:`~distauth._graph.NodeData`),
direct links
to the node data of an area's parent and escalation target and of each DRI record's holder,
and it keeps the set of references that name an id of the wrong kind. The passes here follow
those links and never look an id up in a dict the size of the org: at a million areas such a
lookup misses the CPU cache every time, and validate would grow twice as fast as the org.

One pass reads every node in graph order and sorts out the DRI records; a second follows the
escalation and parent links to find cycles, dead ends and paths with one person on every step.
Both write scratch fields on the node data, so they run under the org's own lock (validations
of different orgs never wait on each other) and leave nothing a later rule reads from the
nodes: every result is a list or dict owned by :class:`Facts`. This module is one of the two
"friends" of the graph layer that read the node data's private links (see
``distauth/_graph.py`` and the SLF001 per-file ignores in ``pyproject.toml``).
Everything is iterative, so no depth of nesting or escalation can exhaust the recursion limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from distauth._graph import graph_of
from distauth._model import DRI, Area, Role

if TYPE_CHECKING:
    from distauth._graph import NodeData, OrgGraph
    from distauth._org import Org

__all__ = ["Facts"]


class Facts:
    """What the rules need to know about one org on one day.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("ops", "ana"))
    >>> facts = Facts(org, dt.date(2027, 1, 1))
    >>> facts.unowned, facts.dead_ends
    (['co'], [('ops', 'co', 'parent', 'area')])
    """

    def __init__(self, org: Org, day: dt.date) -> None:
        self.org = org
        self.day = day
        #: The org's graph layer: its nodes, suspects, lock and walk stamps.
        self.graph: OrgGraph = graph_of(org)
        #: Node data of every area, in graph order.
        self.areas: list[NodeData] = []
        #: Node data of the areas that claim scopes, in graph order (the DA3 rules' work).
        self.scoped: list[NodeData] = []
        #: How many decision records the org has (the DA6 rules' work).
        self.decision_count = 0
        #: DA101: ids of areas with no DRI record in effect.
        self.unowned: list[str] = []
        #: DA102: (area id, its records in effect) for areas with more than one.
        self.multiple: list[tuple[str, list[DRI]]] = []
        # Records in effect on the day (on a non-area: not ended before it), judged by holder:
        #: DA103: the holder is no entity of the org.
        self.unknown_holders: list[DRI] = []
        #: DA203: the holder is an area.
        self.area_holders: list[DRI] = []
        #: DA104: (record, person id) where the holder resolves to an inactive person.
        self.inactive: list[tuple[DRI, str]] = []
        #: DA105: (record, role) where the holder is a role with 0 or 2+ holders.
        self.ambiguous: list[tuple[DRI, Role]] = []
        #: DA106: (record, team) where the holder is a collective role.
        self.collective: list[tuple[DRI, Role]] = []
        #: DA107: (record, person or team id) where the holder resolves to a person who is not
        #: human, or is a team whose members are all known and none of them is human.
        self.non_human: list[tuple[DRI, str]] = []
        #: DA201/DA203: (record, what its area id is) where that id is not an area.
        self.not_areas: list[tuple[DRI, str]] = []
        #: DA504: (area id, record) for records in effect that have an end date.
        self.ending: list[tuple[str, DRI]] = []
        #: DA501: person id -> number of areas they are the DRI of.
        self.load: dict[str, int] = {}
        #: DA402: (area id, target id, "parent" or "escalates_to", what the target is: its
        #: kind, or "area" for an area with no DRI in effect).
        self.dead_ends: list[tuple[str, str, str, str]] = []
        #: DA403: (area id, target id) for escalates_to overrides that name an area.
        self.overrides: list[tuple[str, str]] = []
        #: Each cycle of parent links, as its area ids in link order.
        self.parent_cycles: list[list[str]] = []
        #: Each cycle of escalation steps, as its area ids in step order.
        self.escalation_cycles: list[list[str]] = []
        #: DA404: (area id, person id) where that person is the DRI at every escalation step.
        self.lonely: list[tuple[str, str]] = []
        self._area_map: dict[str, Area] | None = None
        self._parent_map: dict[str, str] | None = None
        self._ancestry: _Ancestry | None = None
        self._scoped_ancestry: _Ancestry | None = None
        self._scoped_above: dict[str, str | None] | None = None
        # The node data's scratch fields belong to this org: one validation of it at a time.
        with self.graph.lock:
            self._read_nodes()
            self._follow_links()

    # --- pass 1: every node, in graph order ----------------------------------------------------

    def _read_nodes(self) -> None:
        areas, unowned, load, scoped = self.areas, self.unowned, self.load, self.scoped
        for data in self.graph.nodes.values():
            kind = data["kind"]
            record = data._dri
            if kind == "area":
                areas.append(data)
                if data["entity"].scopes:
                    scoped.append(data)
                if record is None:
                    data._owned, data._who = False, None
                    unowned.append(data["entity"].id)
                    continue
                if data._more is None and record.start is None and record.end is None:
                    # The common case: one record, undated, so in effect and open.
                    who = self._resolve(record, data._holder)  # type: ignore[arg-type]  # set with _dri
                    data._owned, data._who = True, who
                    if who is not None:
                        person = who["entity"].id
                        load[person] = load.get(person, 0) + 1
                    continue
            elif record is None:
                if kind == "decision":
                    self.decision_count += 1
                continue
            self._read_records(data, kind)

    def _read_records(self, data: NodeData, kind: str) -> None:
        """The general case: several or dated records, or records of a non-area."""
        day = self.day
        current: list[tuple[DRI, NodeData | None]] = []
        for record, holder in data.records():
            end = record.end
            if end is not None and end <= day:
                continue  # history: not judged
            start = record.start
            if kind == "area" and start is not None and start > day:
                continue  # still to come: judged from its first day (validate's `until`)
            who = self._resolve(record, holder)
            if kind != "area":
                self.not_areas.append((record, kind))
                continue
            current.append((record, who))
            if end is not None:
                self.ending.append((record.area, record))
        if kind != "area":
            return
        area_id = data["entity"].id
        data._owned = bool(current)
        data._who = current[0][1] if len(current) == 1 else None
        if not current:
            self.unowned.append(area_id)
            return
        if len(current) > 1:
            self.multiple.append((area_id, [record for record, _who in current]))
        people: dict[str, None] = {}
        for _record, who in current:
            if who is not None:
                people[who["entity"].id] = None
        for person in people:
            self.load[person] = self.load.get(person, 0) + 1

    def _resolve(self, record: DRI, holder: NodeData) -> NodeData | None:
        """The person an open record's holder stands for, noting what is wrong with it."""
        kind = holder["kind"]
        who: NodeData | None = None
        if kind == "person":
            who = holder
        elif kind == "role":
            role: Role = holder["entity"]
            holders = role.holders
            if role.collective:
                self._team(record, role)
            elif len(holders) == 1:
                found = self.graph.nodes.get(holders[0])
                if found is not None and found["kind"] == "person":
                    who = found
            else:
                self.ambiguous.append((record, role))
        elif kind == "area":
            self.area_holders.append(record)
        else:
            self.unknown_holders.append(record)
        if who is not None:
            person = who["entity"]
            if not person.active:
                self.inactive.append((record, person.id))
            if person.kind != "human":
                self.non_human.append((record, person.id))
        return who

    def _team(self, record: DRI, role: Role) -> None:
        """A collective role as DRI: DA106, and DA107 when none of its members is human."""
        self.collective.append((record, role))
        nodes = self.graph.nodes
        members = [nodes.get(h) for h in role.holders]
        people = [m["entity"] for m in members if m is not None and m["kind"] == "person"]
        if people and all(p.kind != "human" for p in people):
            self.non_human.append((record, role.id))

    # --- pass 2: along the parent and escalation links -----------------------------------------

    def _follow_links(self) -> None:
        areas = self.areas
        dead_ends, overrides = self.dead_ends, self.overrides
        any_override = False
        for data in areas:
            target = data._escalates_to
            how = "escalates_to"
            if target is None:
                target, how = data._parent, "parent"
                if target is None:
                    continue
            else:
                any_override = True
            found = target["kind"]
            if found == "area":
                if how == "escalates_to":
                    overrides.append((data["entity"].id, target["entity"].id))
                if target._owned:
                    continue
            area: Area = data["entity"]
            named = area.escalates_to if how == "escalates_to" else area.parent
            dead_ends.append((area.id, named, how, found))  # type: ignore[arg-type]
        stamps = self.graph.stamps
        self.parent_cycles = _ids(_cycles(areas, stamps, escalation=False))
        self.escalation_cycles = (
            _ids(_cycles(areas, stamps, escalation=True)) if any_override else self.parent_cycles
        )
        self._find_lonely(any_override)

    def _find_lonely(self, any_override: bool) -> None:
        """DA404: areas whose every escalation step has the same DRI, in one walk each."""
        areas = self.areas
        nodes = self.graph.nodes
        # Without overrides, escalation follows the parent links (and so do its cycles).
        follow = _step if any_override else _up
        # mark >= phase: the area's answer (same: the person on every step of its path, or
        # None) is known. Filled bottom-up along each walk, so each area is visited once.
        phase = self.graph.stamps(1)
        for cycle in self.escalation_cycles:
            members = [nodes[a] for a in cycle]
            first = members[0]._who
            answer = first if all(m._who is first for m in members) else None
            for member in members:
                member._mark, member._same = phase, answer
        for data in areas:
            if data._mark >= phase:
                continue
            path: list[NodeData] = []
            node: NodeData | None = data
            while node is not None and node._mark < phase:
                path.append(node)
                node = follow(node)
            below = node._same if node is not None else None
            for member in reversed(path):
                who = member._who
                above = follow(member)
                same = who if who is not None and (above is None or below is who) else None
                member._mark, member._same = phase, same
                below = same
        lonely = self.lonely
        for data in areas:
            who = data._same
            # An area escalating to itself has no step *above* it: that loop is DA401/DA202.
            if who is not None:
                above = follow(data)
                if above is not None and above is not data:
                    lonely.append((data["entity"].id, who["entity"].id))

    # --- indexes only the scope rules and DA403 need (built on first use) -----------------------
    # Not functools.cached_property: on Python 3.11 it holds one lock for every instance of
    # the class while it computes, so validations of different orgs would wait on each other.

    @property
    def area_map(self) -> dict[str, Area]:
        """Area id -> area, for every area of the org."""
        if self._area_map is None:
            self._area_map = {data["entity"].id: data["entity"] for data in self.areas}
        return self._area_map

    @property
    def parent(self) -> dict[str, str]:
        """Area id -> parent id, for parents that are known areas."""
        if self._parent_map is None:
            out: dict[str, str] = {}
            for data in self.areas:
                up = _up(data)
                if up is not None:
                    out[data["entity"].id] = up["entity"].id
            self._parent_map = out
        return self._parent_map

    @property
    def ancestry(self) -> _Ancestry:
        """Constant-time "is X an ancestor of Y" over the parent links of every area."""
        if self._ancestry is None:
            self._ancestry = _Ancestry(self.parent, self.parent_cycles)
        return self._ancestry

    @property
    def scoped_ancestry(self) -> _Ancestry:
        """The same test as :attr:`ancestry`, for pairs of areas that claim scopes.

        Built over the scoped areas and their ancestors only, so its cost is in proportion to
        them, not to the org: an org without scopes pays nothing.
        """
        if self._scoped_ancestry is None:
            self._scoped_ancestry = self.ancestry_above(self.scoped)
        return self._scoped_ancestry

    def ancestry_above(self, starts: list[NodeData]) -> _Ancestry:
        """Ancestor tests between *starts* and their ancestors, in O(them and their ancestors).

        The ancestors of an area are all found walking up from it, and a parent cycle above
        it is walked all round, so the answer for such a pair is the one :attr:`ancestry`
        gives; other pairs answer False.
        """
        parent: dict[str, str] = {}
        seen: set[str] = set()
        for data in starts:
            node: NodeData | None = data
            while node is not None:
                ident = node["entity"].id
                if ident in seen:
                    break
                seen.add(ident)
                up = _up(node)
                if up is not None:
                    parent[ident] = up["entity"].id
                node = up
        cycles = [cycle for cycle in self.parent_cycles if cycle[0] in seen]
        return _Ancestry(parent, cycles)

    @property
    def scoped_above(self) -> dict[str, str | None]:
        """Scoped area id -> its nearest strict ancestor with scopes (None when there is none).

        Only areas that claim scopes, and the areas on their way up, are keys. Filled along each
        upward walk, so every area is visited once whatever the depth. A walk that reaches a
        parent cycle before a scoped area answers None: above a cycle there is no well-defined
        ancestor, and DA202 reports the cycle. O(scoped areas and their ancestors).
        """
        if self._scoped_above is not None:
            return self._scoped_above
        on_cycle = {a for cycle in self.parent_cycles for a in cycle}
        above: dict[str, str | None] = dict.fromkeys(on_cycle)
        for start in self.scoped:
            start_id = start["entity"].id
            if start_id in above:
                continue
            path: list[str] = [start_id]
            on_path = {start_id}
            node = _up(start)
            answer: str | None = None
            while node is not None:
                ident = node["entity"].id
                if ident in on_cycle:
                    break  # answer None: left to DA202
                if ident in above:
                    answer = above[ident] if not node["entity"].scopes else ident
                    break
                if node["entity"].scopes:
                    answer = ident
                    break
                if ident in on_path:
                    answer = None
                    break
                path.append(ident)
                on_path.add(ident)
                node = _up(node)
            for member in path:
                above[member] = answer
        self._scoped_above = above
        return above


def _up(data: NodeData) -> NodeData | None:
    """The area a parent link leads to (None at the top or when the parent is no area)."""
    target = data._parent
    return target if target is not None and target["kind"] == "area" else None


def _step(data: NodeData) -> NodeData | None:
    """The area a disagreement goes to next: the escalates_to target, else the parent."""
    target = data._escalates_to
    if target is None:
        target = data._parent
    return target if target is not None and target["kind"] == "area" else None


def _cycles(
    areas: list[NodeData], stamps: Callable[[int], int], *, escalation: bool
) -> list[list[NodeData]]:
    """The cycles of parent (or escalation) links among *areas*, by walk stamps on the nodes.

    Each walk follows links until it meets a node seen before; if that node was stamped by
    this same walk, the walk closed a cycle.
    """
    follow = _step if escalation else _up
    phase = stamps(len(areas) + 1)
    cycles: list[list[NodeData]] = []
    for walk, data in enumerate(areas, start=phase):
        if data._mark >= phase:
            continue
        path: list[NodeData] = []
        node: NodeData | None = data
        while node is not None and node._mark < phase:
            node._mark = walk
            path.append(node)
            node = follow(node)
        if node is not None and node._mark == walk:
            first = next(i for i, member in enumerate(path) if member is node)
            cycles.append(path[first:])
    return cycles


def _ids(cycles: list[list[NodeData]]) -> list[list[str]]:
    return [[data["entity"].id for data in cycle] for cycle in cycles]


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
