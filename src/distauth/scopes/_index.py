"""The scope index: which scopes match a resource, which scopes of different owners overlap.

:class:`ScopeIndex` keeps two tries over pattern segments: a lookup trie walked along a
resource, and a trie of literal prefixes in which overlapping patterns sit on one path.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeAlias, TypeVar

from distauth._bulk import collector_paused
from distauth.scopes._language import _glob_matches, _heads_meet, _meeting_example
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


#: A walk through the lookup trie: the nodes reached, the nodes after a '**' (live from then on)
#: and the serials of the entries found so far.
_WalkState: TypeAlias = tuple[list["_LookupNode"], list["_LookupNode"], list[int]]


class _LookupNode:
    """A node of the lookup trie: one edge per distinct pattern segment."""

    __slots__ = (
        "dstar",
        "entries",
        "glob_children",
        "glob_ends",
        "glob_starts",
        "globs",
        "literal",
    )

    def __init__(self) -> None:
        self.literal: dict[str, _LookupNode] = {}
        self.glob_children: dict[_Glob, _LookupNode] = {}
        #: (start, end, middle pieces, shortest length, child) per glob edge, for fast tests.
        self.globs: list[tuple[str, str, _Glob, int, _LookupNode]] = []
        # Every glob edge needs one of these starts and one of these ends: a quick first test.
        self.glob_starts: tuple[str, ...] = ()
        self.glob_ends: tuple[str, ...] = ()
        self.dstar: _LookupNode | None = None
        self.entries: list[int] = []

    def freeze(self) -> None:
        """Precompute the glob tests of this node and the nodes below it."""
        self.globs = [
            (pieces[0], pieces[-1], pieces[1:-1], sum(map(len, pieces)), child)
            for pieces, child in self.glob_children.items()
        ]
        self.glob_starts = tuple({pieces[0] for pieces in self.glob_children})
        self.glob_ends = tuple({pieces[-1] for pieces in self.glob_children})
        for child in (*self.literal.values(), *self.glob_children.values()):
            child.freeze()
        if self.dstar is not None:
            self.dstar.freeze()


def _follow_globs(node: _LookupNode, segment: str, reached: list[_LookupNode]) -> None:
    for start, end, middle, shortest, child in node.globs:
        if (
            len(segment) >= shortest
            and segment.startswith(start)
            and segment.endswith(end)
            and (not middle or _glob_matches((start, *middle, end), segment))
        ):
            reached.append(child)


class _PrefixNode:
    """A node of the overlap trie: patterns sit at the node of their literal prefix."""

    __slots__ = ("children", "entries", "everything")

    def __init__(self) -> None:
        self.children: dict[str, _PrefixNode] = {}
        self.entries: list[int] = []
        self.everything: list[int] | None = None

    def subtree(self) -> list[int]:
        """Return the entries here and below, in depth-first order (computed once)."""
        if self.everything is None:
            found = list(self.entries)
            for child in self.children.values():
                found += child.subtree()
            self.everything = found
        return self.everything


class ScopeIndex(Generic[_Owner]):
    """Scopes of many owners, indexed for lookup by resource and for overlap detection.

    Built from ``(pattern, owner)`` pairs, where an owner is any hashable value (an area id,
    say): one owner may hold many patterns and one pattern may belong to several owners; a
    repeated pair is kept once. Lookup walks a trie of pattern segments along the resource, so
    only patterns whose path can still fit are looked at. Overlap detection puts each pattern
    at the trie node of its literal prefix: two patterns can only overlap when one's node is an
    ancestor of (or equal to) the other's, and a pattern whose head is all literal overlaps
    everything below its node, so the work is near the size of the answer.

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
        */reports audit | finance/** finance | finance/reports
        finance/** finance | finance/billing billing | finance/billing
    """

    __slots__ = ("_compiled", "_entries", "_lookup_roots", "_owners", "_prefix_roots")

    def __init__(self, entries: Iterable[tuple[str | Pattern, _Owner]]) -> None:
        unique: dict[tuple[Pattern, _Owner], None] = {}
        for pattern, owner in entries:
            unique.setdefault((_as_pattern(pattern, "pattern"), owner), None)
        self._entries: tuple[tuple[Pattern, _Owner], ...] = tuple(unique)
        self._owners = [owner for _, owner in self._entries]
        self._compiled = [pattern._compiled for pattern, _ in self._entries]
        self._lookup_roots: dict[str | None, _LookupNode] = {}
        self._prefix_roots: dict[str | None, _PrefixNode] = {}
        # Nodes are made only when missing: setdefault(key, Node()) would build (and throw
        # away) a node at every step of every pattern, most of the cost of a big index.
        lookup_roots, prefix_roots = self._lookup_roots, self._prefix_roots
        for serial, (pattern, _) in enumerate(self._entries):
            compiled = self._compiled[serial]
            node = lookup_roots.get(pattern.namespace)
            if node is None:
                node = lookup_roots[pattern.namespace] = _LookupNode()
            for item in compiled.core:
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
            node.entries.append(serial)
            place = prefix_roots.get(pattern.namespace)
            if place is None:
                place = prefix_roots[pattern.namespace] = _PrefixNode()
            for name in compiled.prefix:
                below = place.children.get(name)
                if below is None:
                    below = place.children[name] = _PrefixNode()
                place = below
            place.entries.append(serial)
        for root in self._lookup_roots.values():
            root.freeze()

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<ScopeIndex of {len(self._entries)} entries>"

    @property
    def entries(self) -> tuple[tuple[Pattern, _Owner], ...]:
        """The distinct ``(pattern, owner)`` pairs, in the order first given."""
        return self._entries

    def _walk_start(self, namespace: str | None) -> _WalkState | None:
        root = self._lookup_roots.get(namespace)
        if root is None:
            return None
        found = list(root.entries)
        # Nodes just after a '**' stay live whatever segments follow.
        lasting: list[_LookupNode] = []
        if root.dstar is not None:
            lasting.append(root.dstar)
            found += root.dstar.entries
        return [root], lasting, found

    @staticmethod
    def _walk_step(state: _WalkState, segment: str) -> _WalkState:
        """The walk one segment further.

        States are shared between resources (see lookup_many), so lists are copied before they
        grow, never changed in place.
        """
        active, lasting, found = state
        if not active and not lasting:
            return state
        reached: list[_LookupNode] = []
        for node in (*active, *lasting):
            child = node.literal.get(segment)
            if child is not None:
                reached.append(child)
            if (
                node.globs
                and segment.startswith(node.glob_starts)
                and segment.endswith(node.glob_ends)
            ):
                _follow_globs(node, segment, reached)
        for node in reached:
            if node.entries:
                found = found + node.entries
            after = node.dstar
            if after is not None and after not in lasting:
                lasting = [*lasting, after]
                found = found + after.entries
        return reached, lasting, found

    @staticmethod
    def _walk_result(state: _WalkState) -> list[int]:
        _active, lasting, found = state
        if lasting:
            # Below a '**' the same node can be reached at several depths.
            return sorted(set(found))
        return sorted(found)

    def _serials(self, namespace: str | None, segments: tuple[str, ...]) -> list[int]:
        state = self._walk_start(namespace)
        if state is None:
            return []
        step = self._walk_step
        for segment in segments:
            state = step(state, segment)
        return self._walk_result(state)

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

        Example:
            >>> index = ScopeIndex([("a", 1), ("*/c", 2)])
            >>> index.serials_many(["a/c", "b/c", "d"])
            [[0, 1], [1], []]
        """
        # Walk states and answers pile up in `walked`, and hold no cycles.
        with collector_paused():
            return self._serials_many(resources)

    def _serials_many(self, resources: Iterable[str]) -> list[list[int]]:
        split = _split_checked
        step, result = self._walk_step, self._walk_result
        # A pattern matches a resource when it matches the resource or an ancestor, so the walk
        # through a directory is the same for every resource below it. Walk states are kept
        # by the text of the directory (one string hash per resource); a file name that adds
        # nothing to its directory's walk reuses the directory's sorted answer.
        walked: dict[str, tuple[_WalkState | None, list[int] | None]] = {}
        nothing: list[int] = []
        results: list[list[int]] = []
        for resource in resources:
            if not isinstance(resource, str):
                raise _type_error("resource", resource)
            namespace, segments = split("resource", resource, glob=False)
            cut = resource.rfind("/")
            # A path never ends with ':', so "ns:" (or ":") cannot clash with a directory.
            key = resource[:cut] if cut >= 0 else f"{namespace or ''}:"
            known = walked.get(key)
            if known is None:
                state = self._walk_to(namespace, segments[:-1], walked, resource)
                known = walked[key] = (state, None)
            state, answer = known
            if state is None:
                results.append(nothing)
                continue
            final = step(state, segments[-1])
            if final[2] is state[2] and final[1] is state[1]:
                if answer is None:
                    answer = result(state)
                    walked[key] = (state, answer)
                results.append(answer)
            else:
                results.append(result(final))
        return results

    def _walk_to(
        self,
        namespace: str | None,
        segments: tuple[str, ...],
        walked: dict[str, tuple[_WalkState | None, list[int] | None]],
        resource: str,
    ) -> _WalkState | None:
        """The walk state after *segments*, continuing from the longest prefix walked before."""
        # The text of each prefix, as a key: the resource up to its n-th '/'.
        ends: list[int] = []
        at = resource.find("/")
        while at >= 0 and len(ends) < len(segments):
            ends.append(at)
            at = resource.find("/", at + 1)
        depth = len(segments)
        while depth > 0 and resource[: ends[depth - 1]] not in walked:
            depth -= 1
        if depth:
            state = walked[resource[: ends[depth - 1]]][0]
        else:
            root_key = f"{namespace or ''}:"
            if root_key not in walked:
                walked[root_key] = (self._walk_start(namespace), None)
            state = walked[root_key][0]
        step = self._walk_step
        for index in range(depth, len(segments)):
            if state is None:
                return None
            state = step(state, segments[index])
            walked.setdefault(resource[: ends[index]], (state, None))
        return state

    def overlapping_pairs(
        self,
    ) -> Iterator[tuple[tuple[Pattern, _Owner], tuple[Pattern, _Owner], str]]:
        """Yield every pair of entries with different owners whose patterns overlap.

        Each unordered pair comes once, with a resource both patterns match. The order is fixed
        by the order the entries were given: depth-first over literal prefixes, the entry
        higher in the tree first.

        Yields:
            ``(first entry, second entry, example resource)``.

        Example:
            >>> index = ScopeIndex([("a/**", "x"), ("a/*.py", "y"), ("a/*.md", "z"), ("b", "y")])
            >>> [(p.text, q.text, example) for (p, _), (q, _), example in index.overlapping_pairs()]
            [('a/**', 'a/*.py', 'a/x.py'), ('a/**', 'a/*.md', 'a/x.md')]
        """
        entries = self._entries
        owners = self._owners
        compiled = self._compiled
        for root in self._prefix_roots.values():
            stack = [(root, 0)]
            while stack:
                node, depth = stack.pop()
                stack.extend((child, depth + 1) for child in reversed(node.children.values()))
                here = node.entries
                if not here:
                    continue
                for position, first in enumerate(here):
                    one = compiled[first]
                    for second in here[position + 1 :]:
                        if owners[first] == owners[second]:
                            continue
                        other = compiled[second]
                        if one.broad:
                            yield entries[first], entries[second], _below_example(one, other)
                        elif other.broad:
                            yield entries[first], entries[second], _below_example(other, one)
                        elif _heads_meet(one.head, other.head, depth):
                            yield entries[first], entries[second], _meeting_example(one, other)
                below: list[int] | None = None
                for first in here:
                    one = compiled[first]
                    if one.broad:
                        if below is None:
                            below = node.subtree()[len(here) :]
                        for second in below:
                            if owners[first] != owners[second]:
                                yield (
                                    entries[first],
                                    entries[second],
                                    _below_example(one, compiled[second]),
                                )
                    else:
                        yield from self._walk(first, node, depth)

    def _walk(
        self, first: int, node: _PrefixNode, depth: int
    ) -> Iterator[tuple[tuple[Pattern, _Owner], tuple[Pattern, _Owner], str]]:
        """Pair an entry whose head has a glob with the entries below its node it overlaps."""
        entries = self._entries
        owners = self._owners
        compiled = self._compiled
        one = compiled[first]
        head = one.head
        stack = [(node, depth)]
        while stack:
            current, level = stack.pop()
            item = head[level]
            if isinstance(item, str):
                child = current.children.get(item)
                reached = [] if child is None else [child]
            else:
                reached = [
                    child for name, child in current.children.items() if _glob_matches(item, name)
                ]
            deeper: list[_PrefixNode] = []
            for child in reached:
                if level + 1 >= len(head):
                    # The head is used up: like an all-literal head, it overlaps everything here.
                    for second in child.subtree():
                        if owners[first] != owners[second]:
                            yield (
                                entries[first],
                                entries[second],
                                _meeting_example(one, compiled[second]),
                            )
                    continue
                for second in child.entries:
                    other = compiled[second]
                    if owners[first] != owners[second] and _heads_meet(head, other.head, level + 1):
                        yield entries[first], entries[second], _meeting_example(one, other)
                deeper.append(child)
            stack.extend((child, level + 1) for child in reversed(deeper))


def _below_example(upper: _Compiled, lower: _Compiled) -> str:
    """Build a resource both match; ``lower``'s literal prefix extends ``upper``'s literal head."""
    # lower's example starts with upper's head; upper's '**' then absorbs the rest of it.
    if not upper.tail_parts:
        return lower.example
    return lower.example + "/" + "/".join(upper.tail_parts)
