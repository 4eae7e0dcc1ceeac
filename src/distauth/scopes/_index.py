"""The scope index: which scopes match a resource, which scopes of different owners overlap.

:class:`ScopeIndex` keeps two tries over pattern segments: a lookup trie walked along a
resource, and a trie of pattern heads (the segments before the first ``**``) joined with
itself to find the overlapping pairs. Nothing here recurses on a pattern's or a resource's
depth: every walk keeps its own stack.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any, Generic, TypeAlias, TypeVar

from distauth._bulk import collector_paused
from distauth.scopes._language import overlap_example, overlaps
from distauth.scopes._segments import (
    _common_segment,
    _glob_matches,
    _instance_of,
    _items_intersect,
)
from distauth.scopes._syntax import (
    Pattern,
    _as_pattern,
    _Compiled,
    _Glob,
    _resource,
    _split_checked,
    _type_error,
)

_Owner = TypeVar("_Owner", bound=Hashable)

#: The serials found so far on a walk, as a chain of lists shared between walks (appending a
#: node's entries is O(1), whatever the depth): ``(entries, rest)`` or ``None``.
_Found: TypeAlias = "tuple[list[int], _Found] | None"
#: A walk through the lookup trie: the nodes reached by the last segment, the nodes after a
#: '**' (live from then on), the entries found so far, and the nodes the last segment was read
#: from (their ``below_exact`` entries match when the walk ends there).
_WalkState: TypeAlias = tuple[
    list["_LookupNode"], list["_LookupNode"], _Found, tuple["_LookupNode", ...]
]
#: The compiled form of a segment that is a lone ``*``: any one segment.
_ANY_SEGMENT: tuple[str, ...] = ("", "")


class _LookupNode:
    """A node of the lookup trie: one edge per distinct pattern segment."""

    __slots__ = (
        "below",
        "below_exact",
        "dstar",
        "entries",
        "exact",
        "glob_children",
        "glob_ends",
        "glob_starts",
        "globs",
        "literal",
    )

    def __init__(self) -> None:
        self.literal: dict[str, _LookupNode] = {}
        self.glob_children: dict[_Glob, _LookupNode] = {}
        #: (start, end, pieces or None when start and end decide, shortest, child) per glob edge.
        self.globs: list[tuple[str, str, _Glob | None, int, _LookupNode]] = []
        # Every glob edge needs one of these starts and one of these ends: a quick first test.
        self.glob_starts: tuple[str, ...] = ()
        self.glob_ends: tuple[str, ...] = ()
        self.dstar: _LookupNode | None = None
        #: Entries of normal patterns ending here: they match here and everything below.
        self.entries: list[int] = []
        #: Entries of exact-form patterns ending here: they match only a walk that ends here.
        self.exact: list[int] = []
        #: Entries of normal patterns ending here with a lone '*' (``dir/*``, everything
        #: strictly below): they match every walk that goes on at least one segment from here.
        #: Kept on the node, not behind a glob edge, so that reading a file name below a
        #: directory such a pattern holds reaches no node and reuses the directory's answer.
        self.below: list[int] = []
        #: Entries of exact-form patterns ending here with a lone '*' (``dir/*/!**``): they
        #: match a walk that ends exactly one segment below here.
        self.below_exact: list[int] = []

    def freeze(self) -> None:
        """Precompute the glob tests of this node and of every node below it (iteratively)."""
        stack = [self]
        while stack:
            node = stack.pop()
            node.globs = []
            starts: set[str] = set()
            ends: set[str] = set()
            for pieces, child in node.glob_children.items():
                # The literal text before the first '?' and after the last one.
                start = pieces[0].split("?", 1)[0]
                end = pieces[-1].rsplit("?", 1)[-1]
                simple = len(pieces) == 2 and "?" not in pieces[0] + pieces[1]
                node.globs.append(
                    (start, end, None if simple else pieces, sum(map(len, pieces)), child)
                )
                starts.add(start)
                ends.add(end)
            node.glob_starts = tuple(starts)
            node.glob_ends = tuple(ends)
            stack.extend(node.literal.values())
            stack.extend(node.glob_children.values())
            if node.dstar is not None:
                stack.append(node.dstar)


def _follow_globs(node: _LookupNode, segment: str, reached: list[_LookupNode]) -> None:
    for start, end, pieces, shortest, child in node.globs:
        if (
            len(segment) >= shortest
            and segment.startswith(start)
            and segment.endswith(end)
            and (pieces is None or _glob_matches(pieces, segment))
        ):
            reached.append(child)


def _good_name(name: str, good: set[str]) -> bool:
    """Tell whether ``name`` is a well-formed last segment of a resource; remember it if so.

    The checks are those :func:`~distauth.scopes._syntax._split_checked` makes of a segment,
    plus ``:`` (only allowed right after a leading namespace, so never in a last segment).
    """
    if (
        name
        and name.isprintable()
        and "\\" not in name
        and "*" not in name
        and ":" not in name
        and name[0] != " "
        and name[-1] != " "
    ):
        good.add(name)
        return True
    return False


def _flatten(found: _Found) -> list[int]:
    out: list[int] = []
    while found is not None:
        chunk, found = found
        out += chunk
    return out


#: A head node's ``sole`` owner when its entries have several owners, and when it has none
#: (owners may be any value, None included).
_MIXED: object = object()
_EMPTY: object = object()


class _HeadNode:
    """A node of the head trie: one edge per distinct head segment."""

    __slots__ = ("children", "entries", "everything", "serial", "sole")

    def __init__(self, serial: int) -> None:
        self.serial = serial
        self.children: dict[str | _Glob, _HeadNode] = {}
        self.entries: list[int] = []
        self.everything: list[int] | None = None
        #: The one owner of every entry here and below, or _MIXED.
        self.sole: object = _MIXED

    def subtree(self) -> list[int]:
        """Return the entries here and below (computed once per node, without recursion)."""
        if self.everything is not None:
            return self.everything
        order: list[_HeadNode] = []
        stack = [self]
        while stack:
            node = stack.pop()
            if node.everything is None:
                order.append(node)
                stack.extend(node.children.values())
        for node in reversed(order):
            found = list(node.entries)
            for child in node.children.values():
                assert child.everything is not None
                found += child.everything
            node.everything = found
        assert self.everything is not None
        return self.everything


class _Walk:
    """A walk through the lookup trie to a directory, with what reading one more name needs."""

    __slots__ = ("answer", "ends", "live", "names", "starts", "state")

    def __init__(self, state: _WalkState) -> None:
        self.state = state
        #: The nodes the next segment is read from.
        self.live: tuple[_LookupNode, ...] = (*state[0], *state[1])
        #: Every literal edge out of the live nodes, and the affixes every glob edge needs: a
        #: name that hits none of them reaches no node.
        self.names: set[str] = set()
        starts: set[str] = set()
        ends: set[str] = set()
        for node in self.live:
            self.names.update(node.literal)
            if node.globs:
                starts.update(node.glob_starts)
                ends.update(node.glob_ends)
        self.starts = tuple(starts)
        self.ends = tuple(ends)
        #: The answer for a name that reaches no node, once computed.
        self.answer: list[int] | None = None


class ScopeIndex(Generic[_Owner]):
    """Scopes of many owners, indexed for lookup by resource and for overlap detection.

    Built from ``(pattern, owner)`` pairs, where an owner is any hashable value (an area id,
    say): one owner may hold many patterns and one pattern may belong to several owners; a
    repeated pair is kept once. Lookup walks a trie of pattern segments along the resource, so
    only patterns whose path can still fit are looked at. Overlap detection joins a trie of
    pattern heads with itself, following only pairs of edges whose segments can meet (equal
    literals by a dict lookup), so patterns that start with a wildcard are not compared with
    every other one and the work is near the size of the answer.

    Complexity: building is O(total segments) (the head trie is built on the first question
    about overlaps, so an index used only for lookups never pays for it); a lookup is O(s * w)
    for a resource of s
    segments, where w is the number of trie nodes alive at once (the patterns that still fit);
    :meth:`overlapping_pairs` is O(answer + node pairs met + E * G) where G counts the glob
    edges that meet another edge at the same depth.

    Args:
        entries: ``(pattern, owner)`` pairs; a pattern is a str or a :class:`Pattern`.

    Raises:
        ScopeError: A pattern is malformed.
        InvalidTypeError: A pattern has the wrong type.

    Example:
        >>> index = ScopeIndex(
        ...     [("finance/**", "finance"), ("finance/billing", "billing"), ("*/reports", "audit")]
        ... )
        >>> [owner for _, owner in index.lookup("finance/billing/refunds")]
        ['finance', 'billing']
        >>> for (p, a), (q, b), example in index.overlapping_pairs():
        ...     print(p.text, a, "|", q.text, b, "|", example)
        finance/** finance | finance/billing billing | finance/billing
        finance/** finance | */reports audit | finance/reports
    """

    __slots__ = ("_compiled", "_entries", "_head_roots", "_lookup_roots", "_owners")

    def __init__(self, entries: Iterable[tuple[str | Pattern, _Owner]]) -> None:
        unique: dict[tuple[Pattern, _Owner], None] = {}
        for pattern, owner in entries:
            unique.setdefault((_as_pattern(pattern, "pattern"), owner), None)
        self._entries: tuple[tuple[Pattern, _Owner], ...] = tuple(unique)
        self._owners = [owner for _, owner in self._entries]
        self._compiled = [pattern._compiled for pattern, _ in self._entries]
        self._lookup_roots: dict[str | None, _LookupNode] = {}
        #: The head trie, built on the first question about overlaps (lookups never need it).
        self._head_roots: dict[str | None, _HeadNode] | None = None
        # Nodes are made only when missing: setdefault(key, Node()) would build (and throw
        # away) a node at every step of every pattern, most of the cost of a big index.
        lookup_roots = self._lookup_roots
        for serial, (pattern, _) in enumerate(self._entries):
            compiled = self._compiled[serial]
            node = lookup_roots.get(pattern.namespace)
            if node is None:
                node = lookup_roots[pattern.namespace] = _LookupNode()
            core = compiled.core
            # A lone '*' at the end is kept on the node before it (see _LookupNode.below).
            any_below = bool(core) and core[-1] == _ANY_SEGMENT
            for item in core[:-1] if any_below else core:
                if item is None:
                    if node.dstar is None:
                        node.dstar = _LookupNode()
                    node = node.dstar
                    continue
                if isinstance(item, str):
                    child = node.literal.get(item)
                    if child is None:
                        child = node.literal[item] = _LookupNode()
                else:
                    child = node.glob_children.get(item)
                    if child is None:
                        child = node.glob_children[item] = _LookupNode()
                node = child
            if any_below:
                (node.below_exact if compiled.exact else node.below).append(serial)
            else:
                (node.exact if compiled.exact else node.entries).append(serial)
        for root in self._lookup_roots.values():
            root.freeze()

    def _heads(self) -> dict[str | None, _HeadNode]:
        """The trie of pattern heads per namespace, with each node's sole owner (built once)."""
        if self._head_roots is not None:
            return self._head_roots
        head_roots: dict[str | None, _HeadNode] = {}
        serial_of_node = 0
        for serial, (pattern, _) in enumerate(self._entries):
            place = head_roots.get(pattern.namespace)
            if place is None:
                place = head_roots[pattern.namespace] = _HeadNode(serial_of_node)
                serial_of_node += 1
            for head_item in self._compiled[serial].head:
                below = place.children.get(head_item)
                if below is None:
                    below = place.children[head_item] = _HeadNode(serial_of_node)
                    serial_of_node += 1
                place = below
            place.entries.append(serial)
        for head_root in head_roots.values():
            _find_sole_owners(head_root, self._owners)
        self._head_roots = head_roots
        return head_roots

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<ScopeIndex of {len(self._entries)} entries>"

    @property
    def entries(self) -> tuple[tuple[Pattern, _Owner], ...]:
        """The distinct ``(pattern, owner)`` pairs, in the order first given."""
        return self._entries

    # --- lookup ----------------------------------------------------------------------------------

    def _walk_start(self, namespace: str | None) -> _WalkState | None:
        root = self._lookup_roots.get(namespace)
        if root is None:
            return None
        found: _Found = (root.entries, None) if root.entries else None
        # Nodes just after a '**' stay live whatever segments follow.
        lasting: list[_LookupNode] = []
        if root.dstar is not None:
            lasting.append(root.dstar)
            if root.dstar.entries:
                found = (root.dstar.entries, found)
        return [root], lasting, found, ()

    @staticmethod
    def _reach(live: tuple[_LookupNode, ...], segment: str) -> list[_LookupNode]:
        """The nodes that the edges of the live nodes lead to on ``segment``: O(live nodes)."""
        reached: list[_LookupNode] = []
        for node in live:
            child = node.literal.get(segment)
            if child is not None:
                reached.append(child)
            if (
                node.globs
                and segment.startswith(node.glob_starts)
                and segment.endswith(node.glob_ends)
            ):
                _follow_globs(node, segment, reached)
        return reached

    @staticmethod
    def _advance(
        state: _WalkState, live: tuple[_LookupNode, ...], reached: list[_LookupNode]
    ) -> _WalkState:
        """The walk after one more segment, read from ``live`` and reaching ``reached``.

        States are shared between resources (see serials_many), so lists are copied before they
        grow, never changed in place.
        """
        _active, lasting, found, _before = state
        for node in live:
            if node.below:
                found = (node.below, found)
        for node in reached:
            if node.entries:
                found = (node.entries, found)
            after = node.dstar
            if after is not None and after not in lasting:
                lasting = [*lasting, after]
                if after.entries:
                    found = (after.entries, found)
        return reached, lasting, found, live

    @classmethod
    def _walk_step(cls, state: _WalkState, segment: str) -> _WalkState:
        """The walk one segment further: O(live nodes), whatever the depth so far."""
        live = (*state[0], *state[1])
        return cls._advance(state, live, cls._reach(live, segment))

    @staticmethod
    def _exact_at_end(state: _WalkState) -> list[int]:
        """The exact-form entries matched by a walk that ends in ``state``."""
        found = [serial for node in state[0] for serial in node.exact]
        for node in state[3]:
            found += node.below_exact
        return found

    @staticmethod
    def _walk_result(state: _WalkState, exact: list[int]) -> list[int]:
        _active, lasting, found, _before = state
        serials = _flatten(found) + exact
        if lasting or exact:
            # Below a '**' the same node can be reached at several depths.
            return sorted(set(serials))
        return sorted(serials)

    def _serials(self, namespace: str | None, segments: tuple[str, ...]) -> list[int]:
        state = self._walk_start(namespace)
        if state is None:
            return []
        step = self._walk_step
        for segment in segments:
            state = step(state, segment)
        return self._walk_result(state, self._exact_at_end(state))

    def lookup(self, resource: str) -> list[tuple[Pattern, _Owner]]:
        """Return every ``(pattern, owner)`` whose pattern matches ``resource``.

        Args:
            resource: A resource such as ``"finance/billing/refunds"``.

        Returns:
            The matching entries, in the order they were given.

        Raises:
            ScopeError: The resource is malformed.
            InvalidTypeError: ``resource`` is not a str.

        Example:
            >>> index = ScopeIndex([("repo:src/**/*.py", "python"), ("repo:src", "code")])
            >>> index.lookup("repo:src/app/main.py")
            [(Pattern('repo:src/**/*.py'), 'python'), (Pattern('repo:src'), 'code')]
        """
        namespace, segments = _resource(resource)
        entries = self._entries
        return [entries[serial] for serial in self._serials(namespace, segments)]

    def lookup_many(self, resources: Iterable[str]) -> list[list[tuple[Pattern, _Owner]]]:
        """Return :meth:`lookup` of each resource, in order.

        Args:
            resources: Resources to look up.

        Returns:
            One list of matching entries per resource.

        Raises:
            ScopeError: A resource is malformed.
            InvalidTypeError: A resource is not a str.

        Example:
            >>> index = ScopeIndex([("a", 1), ("*/c", 2)])
            >>> [[owner for _, owner in found] for found in index.lookup_many(["a/c", "b/c", "d"])]
            [[1, 2], [2], []]
        """
        entries = self._entries
        return [[entries[serial] for serial in found] for found in self.serials_many(resources)]

    def serials_many(self, resources: Iterable[str]) -> list[list[int]]:
        """For each resource, the positions in :attr:`entries` of the entries that match it.

        The lists are shared between resources that have the same answer (every file of a
        directory that no pattern singles out): read them, never change them. This is the
        fast path behind :meth:`lookup_many`.

        Complexity: O(total segments * live nodes) at worst; a directory is walked once,
        however many resources it holds, and a resource in a directory already walked costs
        O(its length) (hashing its directory, checking its name), plus O(live nodes) only
        when its name can reach a trie node (an edge named by it, or a glob whose affixes it
        has). Patterns ending in a lone ``*`` (``dir/*``, everything strictly below ``dir``)
        are kept on ``dir``'s node, so they never make a name reach a node.

        Example:
            >>> index = ScopeIndex([("a", 1), ("*/c", 2)])
            >>> index.serials_many(["a/c", "b/c", "d"])
            [[0, 1], [1], []]
        """
        # Walk states and answers pile up in the walk cache, and hold no cycles.
        with collector_paused():
            return self._serials_many(resources)

    def _serials_many(self, resources: Iterable[str]) -> list[list[int]]:
        split = _split_checked
        reach, advance = self._reach, self._advance
        result, exact_at_end = self._walk_result, self._exact_at_end
        # A pattern matches a resource when it matches the resource or an ancestor, so the walk
        # through a directory is the same for every resource below it. Walk states are numbered
        # and kept in a trie keyed by (parent walk, segment), so a new directory costs one step
        # per segment; the text of each directory seen maps to its walk (one string hash per
        # resource), and a file name in a directory already seen is checked on its own. A file
        # name that can reach no trie node below its directory (one set lookup and, when globs
        # wait there, two C-level affix tests) gets the directory's answer for such names,
        # computed once.
        walks: list[_Walk | None] = []
        roots: dict[str | None, int] = {}
        below: dict[tuple[int, str], int] = {}
        directories: dict[str, int] = {}
        good_names: set[str] = set()
        nothing: list[int] = []
        results: list[list[int]] = []
        for resource in resources:
            if not isinstance(resource, str):
                raise _type_error("resource", resource)
            cut = resource.rfind("/")
            number = directories.get(resource[:cut]) if cut > 0 else None
            name = resource[cut + 1 :]
            # In a directory already checked, the resource is well formed exactly when its
            # last segment is (see _split_checked): one scan of the name, no full split.
            if number is None or (name not in good_names and not _good_name(name, good_names)):
                namespace, segments = split("resource", resource, glob=False)
                number = directories.get(resource[:cut]) if cut >= 0 else None
                if number is None:
                    # A resource of one segment is read from its namespace's root walk.
                    number = roots.get(namespace)
                    if number is None:
                        number = roots[namespace] = len(walks)
                        start = self._walk_start(namespace)
                        walks.append(None if start is None else _Walk(start))
                    for segment in segments[:-1]:
                        known = below.get((number, segment))
                        if known is None:
                            parent = walks[number]
                            known = below[(number, segment)] = len(walks)
                            walks.append(
                                None
                                if parent is None
                                else _Walk(
                                    advance(parent.state, parent.live, reach(parent.live, segment))
                                )
                            )
                        number = known
                    if cut >= 0:
                        directories[resource[:cut]] = number
                name = segments[-1]
            walk = walks[number]
            if walk is None:
                results.append(nothing)
                continue
            if name in walk.names or (
                walk.starts and name.startswith(walk.starts) and name.endswith(walk.ends)
            ):
                reached = reach(walk.live, name)
                if reached:
                    final = advance(walk.state, walk.live, reached)
                    results.append(result(final, exact_at_end(final)))
                    continue
            answer = walk.answer
            if answer is None:
                final = advance(walk.state, walk.live, [])
                answer = walk.answer = result(final, exact_at_end(final))
            results.append(answer)
        return results

    # --- overlaps --------------------------------------------------------------------------------

    def overlapping_pairs(
        self,
    ) -> Iterator[tuple[tuple[Pattern, _Owner], tuple[Pattern, _Owner], str]]:
        """Yield every pair of entries with different owners whose patterns overlap.

        Each unordered pair comes once, with a resource both patterns match, ordered by the
        positions of the two entries in :attr:`entries` (the earlier entry first).

        Yields:
            ``(first entry, second entry, example resource)``.

        Example:
            >>> index = ScopeIndex([("a/**", "x"), ("a/*.py", "y"), ("a/*.md", "z"), ("b", "y")])
            >>> [(p.text, q.text, example) for (p, _), (q, _), example in index.overlapping_pairs()]
            [('a/**', 'a/*.py', 'a/x.py'), ('a/**', 'a/*.md', 'a/x.md')]
        """
        entries = self._entries
        for first, second in self.overlapping_serials():
            yield entries[first], entries[second], self._example(first, second)

    def overlapping_serials(self) -> list[tuple[int, int]]:
        """The pairs of :meth:`overlapping_pairs` as positions in :attr:`entries`, no examples.

        Cheaper when only a few examples are needed: ask :meth:`pair_example` for those.

        Example:
            >>> index = ScopeIndex([("a/**", "x"), ("a/*.py", "y"), ("b/*/!**", "z"), ("b", "y")])
            >>> index.overlapping_serials()
            [(0, 1), (2, 3)]
        """
        compiled = self._compiled
        entries = self._entries
        found = []
        for first, second in sorted(self._pairs()):
            if (compiled[first].exact or compiled[second].exact) and not overlaps(
                entries[first][0], entries[second][0]
            ):
                continue
            found.append((first, second))
        return found

    def pair_example(self, first: int, second: int) -> str:
        """A resource the patterns of two overlapping entries both match (by position).

        Raises:
            ValueError: The two patterns do not overlap.

        Example:
            >>> ScopeIndex([("a/**", "x"), ("*/b.py", "y")]).pair_example(0, 1)
            'a/b.py'
        """
        one, two = self._compiled[first], self._compiled[second]
        if one.exact or two.exact:
            meet = overlaps(self._entries[first][0], self._entries[second][0])
        else:
            meet = _heads_meet(one.head, two.head)
        if not meet:
            raise ValueError(f"entries {first} and {second} do not overlap")
        return self._example(first, second)

    def _example(self, first: int, second: int) -> str:
        """A resource two overlapping entries' patterns both match."""
        one, two = self._compiled[first], self._compiled[second]
        if one.exact or two.exact:
            example = overlap_example(self._entries[first][0], self._entries[second][0])
            assert example is not None
            return example
        return _meeting_example(one, two)

    def _pairs(self) -> Iterator[tuple[int, int]]:
        """Every pair of serials (lower first) of different owners whose heads meet."""
        owners = self._owners
        for root in self._heads().values():
            stack: list[tuple[_HeadNode, _HeadNode]] = [(root, root)]
            while stack:
                one, two = stack.pop()
                same = one is two
                # Heads that end at both nodes, then heads that end at one node and go on
                # below the other: all met at every segment so far.
                if same:
                    here = one.entries
                    for position, first in enumerate(here):
                        for second in here[position + 1 :]:
                            if owners[first] != owners[second]:
                                yield _ordered(first, second)
                else:
                    for first in one.entries:
                        for second in two.entries:
                            if owners[first] != owners[second]:
                                yield _ordered(first, second)
                for upper, lower in ((one, two), (two, one)) if not same else ((one, one),):
                    if not upper.entries:
                        continue
                    deeper = lower.subtree()[len(lower.entries) :]
                    for first in upper.entries:
                        for second in deeper:
                            if owners[first] != owners[second]:
                                yield _ordered(first, second)
                stack.extend(_meeting_children(one, two))


def _find_sole_owners(root: _HeadNode, owners: list[Any]) -> None:
    """Set each node's ``sole`` owner, children before parents, without recursion."""
    order: list[_HeadNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.children.values())
    for node in reversed(order):
        sole: object = _EMPTY
        for value in [
            *(owners[serial] for serial in node.entries),
            *(child.sole for child in node.children.values()),
        ]:
            if value is _EMPTY:
                continue
            if value is _MIXED or (sole is not _EMPTY and sole != value):
                sole = _MIXED
                break
            sole = value
        node.sole = sole


def _nothing_to_pair(first: _HeadNode, second: _HeadNode) -> bool:
    """True when no two entries under the two nodes can have different owners."""
    if first.sole is _EMPTY or second.sole is _EMPTY:
        return True
    return first.sole is not _MIXED and second.sole is not _MIXED and first.sole == second.sole


def _heads_meet(first: tuple[str | _Glob, ...], second: tuple[str | _Glob, ...]) -> bool:
    return all(_items_intersect(a, b) for a, b in zip(first, second, strict=False))


def _ordered(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


def _meeting_children(one: _HeadNode, two: _HeadNode) -> list[tuple[_HeadNode, _HeadNode]]:
    """The pairs of children of two nodes whose edge segments can meet, each pair once.

    Equal segments cost a dict lookup per edge of the smaller side; a glob edge is tested
    against every edge on the other side.
    """
    found: list[tuple[_HeadNode, _HeadNode]] = []
    if _nothing_to_pair(one, two):
        return found
    small, large = (one, two) if len(one.children) <= len(two.children) else (two, one)
    for item, child in small.children.items():
        other = large.children.get(item)
        if other is not None:
            found.append((child, other) if small is one else (other, child))
    if one is two:
        # Within one node: a glob edge meets each other edge once (two globs by serial).
        for item, child in one.children.items():
            if isinstance(item, str):
                continue
            for other_item, other in one.children.items():
                if other is child or (
                    not isinstance(other_item, str) and other.serial < child.serial
                ):
                    continue
                if _items_intersect(item, other_item):
                    found.append((child, other))
        return found
    for item, child in one.children.items():
        if isinstance(item, str):
            continue
        for other_item, other in two.children.items():
            if _nothing_to_pair(child, other) or other_item == item:
                continue
            if _items_intersect(item, other_item):
                found.append((child, other))
    for item, child in two.children.items():
        if isinstance(item, str):
            continue
        for other_item, other in one.children.items():
            if not isinstance(other_item, str) or _nothing_to_pair(other, child):
                continue
            if _items_intersect(item, other_item):
                found.append((other, child))
    return found


def _meeting_example(first: _Compiled, second: _Compiled) -> str:
    """Build a resource two normal patterns whose heads meet both match."""
    if first.core == second.core:
        return first.example
    head_a, head_b = first.head, second.head
    parts: list[str] = []
    for index in range(max(len(head_a), len(head_b))):
        if index >= len(head_a):
            parts.append(_instance_of(head_b[index], "x"))
        elif index >= len(head_b):
            parts.append(_instance_of(head_a[index], "x"))
        else:
            common = _common_segment(head_a[index], head_b[index], "x")
            assert common is not None
            parts.append(common)
    # Each pattern's '**' absorbs the other's extra head segments and tail.
    parts += first.tail_parts
    parts += second.tail_parts
    return first.prefix_text + "/".join(parts or ["x"])
