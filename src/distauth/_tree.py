"""The area forest and the words for an area's DRI, computed in one place for every view.

``distauth show``, the Mermaid and DOT diagrams, the drawing, the notebook HTML and tables,
and the order in which :func:`~distauth.dump` writes areas all walk the same :class:`Forest`,
so they agree even on a broken org (a dangling parent, a parent that is not an area, a parent
cycle); and every view that labels an area with its DRI says it in the words of
:class:`DriInfo` (``DRI: ana (as lead), acting``, ``no DRI``, ``DRI: unresolved (a, b)``).
Both read the org through its public API, never change it, and never recurse on the depth of
the tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distauth._model import Area
    from distauth._org import Org

__all__ = ["CYCLE_NOTE", "DriInfo", "Forest", "a_noun", "kind_of"]

#: The note on the member of a parent cycle where the walk enters the cycle.
CYCLE_NOTE = "in a parent cycle"


class Forest:
    """The areas in display order: a depth-first walk of the parent links, children by id.

    Roots are areas without a parent, or whose parent is missing or not an area (``notes``
    says which), in id order. Areas in or under a parent cycle come after every rooted tree:
    each cycle hangs off the member where a walk up from the first unplaced area (by id) meets
    itself, marked :data:`CYCLE_NOTE`, with the areas below the cycle under their parents;
    their ``depth`` counts from there and ``cyclic`` lists them. O(n log n) for the sort of
    the areas, then O(n + parent links) for the walk.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("co"), da.Area("ops", parent="co"), da.Area("hr", parent="ghost"),
    ...         da.Area("a", parent="b"), da.Area("b", parent="a"))
    >>> forest = Forest(org)
    >>> forest.order, forest.notes["hr"], forest.notes["a"]
    (['co', 'ops', 'hr', 'a', 'b'], "parent 'ghost' is not in the org", 'in a parent cycle')
    >>> forest.starts_tree("hr"), forest.starts_tree("a"), forest.starts_tree("b")
    (True, True, False)
    """

    __slots__ = ("areas", "children", "cyclic", "depth", "notes", "order")

    def __init__(self, org: Org) -> None:
        areas: dict[str, Area] = dict(sorted(org.areas.items()))
        children: dict[str, list[str]] = {}
        roots: list[str] = []
        notes: dict[str, str] = {}
        for ident, area in areas.items():
            parent = area.parent
            if parent is None:
                roots.append(ident)
            elif parent in areas:
                children.setdefault(parent, []).append(ident)
            else:
                roots.append(ident)
                kind = kind_of(org, parent)
                notes[ident] = (
                    f"parent {parent!r} is not in the org"
                    if kind == "missing"
                    else f"parent {parent!r} is {a_noun(kind)}, not an area"
                )
        self.areas = areas
        self.children = children
        self.notes = notes
        self.order: list[str] = []
        self.depth: dict[str, int] = {}
        self._walk(roots)
        placed_before_cycles = len(self.order)
        for ident in areas:
            if ident in self.depth:
                continue
            # Unplaced means no root above: the parent chain must loop. Enter at the first
            # area met twice, so the whole cycle hangs under one of its members.
            seen: set[str] = set()
            entry = ident
            while entry not in seen:
                seen.add(entry)
                parent = areas[entry].parent
                assert parent is not None  # an area without a parent is a root
                entry = parent
            notes[entry] = CYCLE_NOTE
            self._walk([entry])
        self.cyclic = frozenset(self.order[placed_before_cycles:])

    def _walk(self, roots: Sequence[str]) -> None:
        depth, order, children = self.depth, self.order, self.children
        stack = [(r, 0) for r in reversed(roots)]
        for r in roots:
            depth[r] = 0
        while stack:
            ident, level = stack.pop()
            order.append(ident)
            below = [c for c in children.get(ident, ()) if c not in depth]
            for child in below:
                depth[child] = level + 1
            stack.extend((c, level + 1) for c in reversed(below))

    def starts_tree(self, ident: str) -> bool:
        """True for a root and for the member where the walk enters a parent cycle."""
        return self.depth[ident] == 0 or self.notes.get(ident) == CYCLE_NOTE

    def tree_children(self, ident: str) -> list[str]:
        """Children placed directly under *ident* in this walk, by id."""
        level = self.depth[ident]
        return [
            c
            for c in self.children.get(ident, ())
            if self.depth.get(c) == level + 1 and self.notes.get(c) != CYCLE_NOTE
        ]


def a_noun(noun: str) -> str:
    """*noun* with its indefinite article.

    >>> a_noun("area"), a_noun("person")
    ('an area', 'a person')
    """
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def kind_of(org: Org, ident: str) -> str:
    """The kind of the node *ident*: ``"person"``, ``"area"``, ``"role"``, ... or ``"missing"``.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("ops", parent="co"))
    >>> kind_of(org, "ops"), kind_of(org, "co"), kind_of(org, "nobody")
    ('area', 'missing', 'missing')
    """
    nodes = org.graph.nodes
    return str(nodes[ident]["kind"]) if ident in nodes else "missing"


class DriInfo:
    """What to say about an area's DRI on a day: the person, or why there is none.

    ``person`` is the person who decides (``org.dri_of``), ``via`` the role they hold it
    through, ``acting`` whether the one assignment in effect is acting, ``holders`` the
    holders of the assignments in effect, and ``problem`` why there is no person (``None``
    when there is one): ``"none"``, or a reason such as ``"2 in effect: ana, bo"``.
    :meth:`short` says it all on one line, in the words every view uses.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Role("lead", holders=["ana"]), da.Area("co"),
    ...         da.Area("ops"), da.Area("hr"), da.DRI("co", "lead", acting=True),
    ...         da.DRI("hr", "ana"), da.DRI("hr", "ghost"))
    >>> day = dt.date(2026, 1, 1)
    >>> [DriInfo(org, area, day).short() for area in ("co", "ops", "hr")]
    ['DRI: ana (as lead), acting', 'no DRI', 'DRI: unresolved (ana, ghost)']
    >>> DriInfo(org, "hr", day).problem
    '2 in effect: ana, ghost'
    """

    __slots__ = ("acting", "holders", "person", "problem", "via")

    def __init__(self, org: Org, area: str, day: dt.date) -> None:
        current = org.dris(area, day)
        self.holders = tuple(d.holder for d in current)
        self.acting = len(current) == 1 and current[0].acting
        self.person = org.dri_of(area, day)
        self.via: str | None = None
        self.problem: str | None = None
        if self.person is not None:
            if self.holders[0] != self.person.id:
                self.via = self.holders[0]
        elif not current:
            self.problem = "none"
        elif len(current) > 1:
            self.problem = f"{len(current)} in effect: " + ", ".join(self.holders)
        else:
            holder = self.holders[0]
            kind = kind_of(org, holder)
            self.problem = (
                f"role {holder} has no single holder"
                if kind == "role"
                else f"{holder} is not in the org"
                if kind == "missing"
                else f"{holder} is {a_noun(kind)}"
            )

    def unresolved(self) -> str:
        """The words for an area without a person deciding: ``no DRI`` or ``unresolved (...)``."""
        if not self.holders:
            return "no DRI"
        return "unresolved (" + ", ".join(self.holders) + ")"

    def short(self) -> str:
        """One line for a label: ``DRI: ana (as lead), acting, inactive``, ``no DRI``, ..."""
        if self.person is None:
            words = self.unresolved()
            return words if not self.holders else f"DRI: {words}"
        text = f"DRI: {self.person.id}"
        if self.via:
            text += f" (as {self.via})"
        if self.acting:
            text += ", acting"
        if not self.person.active:
            text += ", inactive"
        return text
