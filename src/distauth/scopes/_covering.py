"""The scope language's covering decision and its witnesses: covers, uncovered_example, example.

:func:`covers` and :func:`uncovered_example` search for a resource of ``q`` that ``p`` misses:
``q`` is followed one position at a time, ``p`` as the set of its positions still alive, and
each step offers only the segments that leave ``p`` as few positions as possible. Patterns
denote their exact languages as in ``_language`` (a normal pattern ends in an implicit ``**``).
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Final, TypeAlias

from distauth.scopes._language import (
    _matches_segments,
)
from distauth.scopes._segments import (
    _closure,
    _filler,
    _glob_matches,
    _instance_of,
    _item_matches,
    _Segment,
    _spelled,
    _step,
    _valid_next,
)
from distauth.scopes._syntax import (
    Pattern,
    _as_pattern,
    _Compiled,
    _Glob,
    _Item,
)

__all__ = ["covers", "example", "uncovered_example"]

#: A shortest uncovered resource is searched for among at most this many states; beyond, the
#: resource the depth-first decision found is given.
_SHORTEST_BUDGET: Final = 400


# --- covering ------------------------------------------------------------------------------------

#: The item a ``**`` of q writes one segment at a time: any valid segment.
_ANY: Final[_Glob] = ("", "")


class _Cover:
    """The search for a resource of q that p misses.

    q is followed one item at a time; p as the bitmask of its positions still alive (its
    ``**`` positions stay alive). For each item of q only the segments that leave p as few
    positions as possible are tried (:meth:`choices`): keeping more positions alive can only
    help p. Without ``?`` in p's segments one segment suffices per step: q's item with its
    ``*`` filled by a long run of a character p never names matches exactly the globs of p
    that match *every* segment of q's item. A ``?`` in p makes lengths matter, and the choices
    come from a search over characters instead.
    """

    def __init__(self, wide: _Compiled | None, narrow: _Compiled) -> None:
        self.p: tuple[_Item, ...] = wide.full if wide is not None else ()
        self.q = narrow.full
        self.prefix_text = narrow.prefix_text
        literals = narrow.literals | (wide.literals if wide is not None else frozenset())
        self.filler = _filler(literals)
        self.accept = 1 << len(self.p)
        # A position from which p accepts whatever follows: its trailing '**'.
        self.done = 0
        if self.p and self.p[-1] is None:
            self.done = 1 << (len(self.p) - 1)
        self.memo: dict[tuple[int, _Segment], list[tuple[int, str]]] = {}

    def closure(self, states: int) -> int:
        p = self.p
        for position, item in enumerate(p):
            if item is None and states >> position & 1:
                states |= 1 << (position + 1)
        return states

    def advance(self, states: int, matched: frozenset[_Segment]) -> int:
        after = 0
        for position, item in enumerate(self.p):
            if states >> position & 1:
                if item is None:
                    after |= 1 << position
                elif item in matched:
                    after |= 1 << (position + 1)
        return self.closure(after)

    def choices(self, states: int, item: _Segment) -> list[tuple[int, str]]:
        """The p states worth reaching by one segment of ``item``, each with that segment."""
        key = (states, item)
        known = self.memo.get(key)
        if known is not None:
            return known
        alive = list(
            dict.fromkeys(
                entry
                for position, entry in enumerate(self.p)
                if states >> position & 1 and entry is not None
            )
        )
        segments = self._segments(alive, item)
        found: list[tuple[int, str]] = []
        for matched, text in segments:
            following = self.advance(states, matched)
            if not any(kept & ~following == 0 for kept, _ in found):
                found = [(kept, t) for kept, t in found if following & ~kept != 0] + [
                    (following, text)
                ]
        self.memo[key] = found
        return found

    def _segments(
        self, alive: list[_Segment], item: _Segment
    ) -> list[tuple[frozenset[_Segment], str]]:
        # A glob equal to the item matches all its segments, whatever its '?'.
        if not any(
            not isinstance(entry, str) and entry != item and "?" in "".join(entry)
            for entry in alive
        ):
            return [self._canonical(alive, item)]
        return _least_matched(alive, item, self.filler)

    def _canonical(self, alive: list[_Segment], item: _Segment) -> tuple[frozenset[_Segment], str]:
        if isinstance(item, str):
            return frozenset(e for e in alive if _item_matches(e, item)), item
        fresh = _filler(set(self.filler) | {c for e in alive for c in _spelled(e)})
        run = fresh * (max((len(_spelled(e)) for e in alive), default=0) + 1)
        pieces = [piece.replace("?", fresh) for piece in item]
        canonical = run.join(pieces)
        matched = frozenset(e for e in alive if _item_matches(e, canonical))
        # A readable segment that meets the same globs, when there is one.
        for fill in ("", self.filler):
            text = fill.join(piece.replace("?", self.filler) for piece in item)
            if (
                text
                and text[0] != " "
                and text[-1] != " "
                and frozenset(e for e in alive if _item_matches(e, text)) == matched
            ):
                return matched, text
        return matched, canonical

    def decide(self) -> str | None:
        """A resource of q that p misses, or None when p covers q: a depth-first search.

        Writing more segments into a ``**`` of q comes first, so the sets that keep p fewest
        positions (a long run of segments p cannot follow) are searched early and every
        superset met later is skipped. The resource found need not be short.
        """
        q = self.q
        start = (0, self.closure(1), False)
        parents: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], str | None] | None]
        parents = {start: None}
        seen: dict[tuple[int, bool], list[int]] = {}
        stack = [start]
        while stack:
            state = stack.pop()
            j, states, written = state
            if states & self.done:
                continue
            if states == 0 or (j == len(q) and written and not states & self.accept):
                return self._finish(state, parents)
            if j == len(q):
                continue
            kept = seen.setdefault((j, written), [])
            if any(old & ~states == 0 for old in kept):
                continue
            kept.append(states)
            item = q[j]
            moves: list[tuple[tuple[int, int, bool], str | None]] = []
            if item is None:
                moves.append(((j + 1, states, written), None))
                moves += [((j, after, True), text) for after, text in self.choices(states, _ANY)]
            else:
                moves += [
                    ((j + 1, after, True), text) for after, text in self.choices(states, item)
                ]
            for following, text in moves:  # the last pushed, a write, is searched first
                if following not in parents:
                    parents[following] = (state, text)
                    stack.append(following)
        return None

    def search(self, budget: int = _SHORTEST_BUDGET) -> str | bool | None:
        """A short resource of q that p misses (fewest characters first); None if p covers q.

        Returns False when more than ``budget`` states would be searched.
        """
        q = self.q
        start = (0, self.closure(1), False)
        parents: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], str | None] | None]
        parents = {start: None}
        best = {start: 0}
        seen: dict[tuple[int, bool], list[int]] = {}
        heap = [(0, 0, start)]
        counter = 1
        while heap:
            cost, _, state = heapq.heappop(heap)
            if best[state] != cost:
                continue
            budget -= 1
            if budget < 0:
                return False
            j, states, written = state
            if states & self.done:
                continue  # p accepts everything from here on
            if states == 0 or (j == len(q) and written and not states & self.accept):
                return self._finish(state, parents)
            if j == len(q):
                continue
            kept = seen.setdefault((j, written), [])
            if any(old & ~states == 0 for old in kept):
                continue  # p is no better off here than in a state already searched
            kept.append(states)
            item = q[j]
            moves: list[tuple[tuple[int, int, bool], str | None]] = []
            if item is None:
                moves.append(((j + 1, states, written), None))
                moves += [((j, after, True), text) for after, text in self.choices(states, _ANY)]
            else:
                moves += [
                    ((j + 1, after, True), text) for after, text in self.choices(states, item)
                ]
            for following, text in moves:
                total = cost if text is None else cost + len(text) + 1
                if following[1] == 0:
                    # p is dead: what remains is q's shortest completion, counted now.
                    total += sum(len(part) + 1 for part in self._completion(following[0]))
                if total < best.get(following, total + 1):
                    best[following] = total
                    parents[following] = (state, text)
                    heapq.heappush(heap, (total, counter, following))
                    counter += 1
        return None

    def _completion(self, j: int) -> list[str]:
        return [_instance_of(item, self.filler) for item in self.q[j:] if item is not None]

    def _finish(
        self,
        state: tuple[int, int, bool],
        parents: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], str | None] | None],
    ) -> str:
        """The path to ``state``, then the shortest completion of q (p is dead or done)."""
        parts: list[str] = []
        key = state
        link = parents[key]
        while link is not None:
            key, part = link
            if part is not None:
                parts.append(part)
            link = parents[key]
        parts.reverse()
        parts += self._completion(state[0])
        if not parts:
            parts.append(self.filler)
        return self.prefix_text + "/".join(parts)


def _least_matched(
    alive: list[_Segment], item: _Segment, filler: str
) -> list[tuple[frozenset[_Segment], str]]:
    """Every least set of ``alive`` globs a segment of ``item`` can match, with such a segment.

    Shortest segments first when the search is small (a breadth-first search of at most
    :data:`_SHORTEST_BUDGET` states), otherwise a depth-first search that is quick to prune.
    """
    found = _least_search(alive, item, filler, budget=_SHORTEST_BUDGET)
    if found is None:
        found = _least_search(alive, item, filler, budget=None)
        assert found is not None
    return found


def _least_search(
    alive: list[_Segment], item: _Segment, filler: str, *, budget: int | None
) -> list[tuple[frozenset[_Segment], str]] | None:
    """Search ``item``'s positions, each with every alive glob's set of positions.

    Where ``item`` reads a wildcard, a fresh character (one no glob names) leaves every glob at
    most the positions any other character would, so only it is tried; otherwise the literal
    ``item`` needs. A state whose glob sets contain those of a state already searched (same
    position) is skipped: it can only match more. With a ``budget``, breadth first, giving up
    (None) beyond it; without, depth first and runs of fresh characters longest first, which
    meets the states that keep the fewest glob positions early.
    """
    spelled = [_spelled(entry) for entry in alive]
    own = _spelled(item)
    literals = set("".join(spelled) + own) - {"*", "?"}
    wild = filler if filler not in literals else _filler(literals | {filler})
    State: TypeAlias = tuple[int, tuple[int, ...], int]
    start: State = (0, tuple(_closure(glob, 1) for glob in spelled), 0)
    parents: dict[State, tuple[State, str | None] | None] = {start: None}
    stack = deque([start])
    results: list[tuple[frozenset[_Segment], str]] = []
    searched: dict[tuple[int, int], list[tuple[int, ...]]] = {}
    while stack:
        if budget is None:
            state = stack.pop()
        else:
            budget -= 1
            if budget < 0:
                return None
            state = stack.popleft()
        position, theirs, valid = state
        kept = searched.setdefault((position, valid), [])
        if any(all(o & ~t == 0 for o, t in zip(old, theirs, strict=True)) for old in kept):
            continue
        kept.append(theirs)
        if position == len(own):
            if valid != 1:
                continue
            matched = frozenset(
                entry
                for entry, glob, states in zip(alive, spelled, theirs, strict=True)
                if states >> len(glob) & 1
            )
            if not any(old <= matched for old, _ in results):
                chars: list[str] = []
                link = parents[state]
                while link is not None:
                    key, char = link
                    if char is not None:
                        chars.append(char)
                    link = parents[key]
                results = [(old, t) for old, t in results if not matched <= old]
                results.append((matched, "".join(reversed(chars))))
                if not matched:
                    break
            continue
        token = own[position]
        moves: list[tuple[State, str | None]] = []
        if token == "*":
            moves.append(((position + 1, theirs, valid), None))
        char = wild if token in "*?" else token
        valid_after = _valid_next(valid, char)
        if valid_after >= 0:
            following = tuple(
                _step(glob, states, char) for glob, states in zip(spelled, theirs, strict=True)
            )
            moves.append(
                ((position if token == "*" else position + 1, following, valid_after), char)
            )
        if budget is not None:
            moves.reverse()  # breadth first: passing a '*' before writing into it
        for following_state, text in moves:  # depth first: the last pushed, a character
            if following_state not in parents:
                parents[following_state] = (state, text)
                stack.append(following_state)
    return results


def covers(p: str | Pattern, q: str | Pattern) -> bool:
    """Tell whether ``p`` matches every resource ``q`` matches (exact).

    Complexity: literal patterns, the common case, compare segments, O(n). Otherwise the
    search of :func:`uncovered_example` runs: O(m * D * n) segment steps for q of m segments,
    p of n, where D is the number of distinct sets of p's positions the search meets. D is at
    most n + 1 when ``**`` is p's last or only multi-segment wildcard, and stays small in
    practice because only the sets that leave p fewest positions are kept; its worst case is
    exponential in the number of wildcard segments after one ``**`` of p (the classic "k-th
    segment from the end" language). A step is linear in the segments' characters when p has
    no ``?``; with ``?`` in p, a step searches the characters of the segments involved.

    Args:
        p: The wider scope pattern.
        q: The narrower scope pattern.

    Returns:
        True when every resource under ``q`` is also under ``p``.

    Raises:
        ScopeError: A pattern is malformed.
        InvalidTypeError: An argument has the wrong type.

    Example:
        >>> covers("a/**", "a/b/*.py")
        True
        >>> covers("a", "a/**")
        True
        >>> covers("*/b", "a/**")
        False
        >>> covers("docs", "docs/*/!**"), covers("docs/*/!**", "docs")
        (True, False)
    """
    wide, narrow = _as_pattern(p, "p"), _as_pattern(q, "q")
    if wide.namespace != narrow.namespace:
        return False
    outer, inner = wide._compiled, narrow._compiled
    if not outer.exact:
        if not outer.core:
            return True
        if outer.literal:
            # A glob segment matches more than one string, so q must spell out p's segments.
            size = len(outer.core)
            return len(inner.head) >= size and inner.head[:size] == outer.core
        if inner.literal and inner.core:
            # Everything q matches extends q's own path, and p's set is closed under extension.
            return _matches_segments(outer, inner.prefix)
    if outer.full == inner.full:
        return True
    if not outer.exact and None not in outer.core and len(inner.head) >= len(outer.core):
        # p decides on its first k segments alone, and q fixes one item for each of them:
        # the positions are independent, so p covers q when each item covers q's item.
        return all(
            _item_covers(wide_item, narrow_item)
            for wide_item, narrow_item in zip(outer.core, inner.head, strict=False)
        )
    return _Cover(outer, inner).decide() is None


def _item_covers(wide: _Item, narrow: _Item) -> bool:
    """Tell whether every valid segment ``narrow`` matches is matched by ``wide``."""
    assert wide is not None
    assert narrow is not None
    if wide == narrow:
        return True
    if isinstance(narrow, str):
        return _item_matches(wide, narrow)
    if isinstance(wide, str):
        return False  # a glob matches more than one segment
    if "?" not in "".join(wide):
        # q's segment with every '*' a long run of a character p never names: p matches it
        # only by matching every segment of q's item (see _Cover).
        fresh = _filler(set(_spelled(wide)) | set(_spelled(narrow)))
        run = fresh * (len(_spelled(wide)) + 1)
        return _glob_matches(wide, run.join(piece.replace("?", fresh) for piece in narrow))
    return all(wide in matched for matched, _ in _least_matched([wide], narrow, "x"))


def _uncovered(outer: _Compiled | None, inner: _Compiled) -> str | None:
    cover = _Cover(outer, inner)
    found = cover.decide()
    if found is None:
        return None
    shortest = _Cover(outer, inner).search()
    return shortest if isinstance(shortest, str) else found


def example(pattern: str | Pattern) -> str:
    """Return a resource ``pattern`` matches: each wildcard filled with ``x``, each ``**`` empty.

    Complexity: O(length of the pattern), computed once when the pattern is parsed.

    Args:
        pattern: A scope pattern.

    Returns:
        A valid resource the pattern matches.

    Raises:
        ScopeError: The pattern is malformed.
        InvalidTypeError: The argument has the wrong type.

    Example:
        >>> example("repo:src/**/test_*.py"), example("v?/*/!**"), example("**")
        ('repo:src/test_x.py', 'vx/x', 'x')
    """
    return _as_pattern(pattern, "pattern")._compiled.example


def uncovered_example(p: str | Pattern, q: str | Pattern) -> str | None:
    """Return a resource ``q`` matches but ``p`` does not, or None when ``p`` covers ``q``.

    The search writes as few segments as it can, each segment short and readable.

    Complexity: as :func:`covers`.

    Args:
        p: The wider scope pattern.
        q: The narrower scope pattern.

    Returns:
        A valid resource matched by ``q`` and not by ``p``, or None exactly when
        ``covers(p, q)`` is True.

    Raises:
        ScopeError: A pattern is malformed.
        InvalidTypeError: An argument has the wrong type.

    Example:
        >>> uncovered_example("*/b", "a/**")
        'a'
        >>> uncovered_example("src/*.py", "src/**/*.py")
        'src/x/.py'
        >>> uncovered_example("a/**", "a/b/*.py") is None
        True
    """
    wide, narrow = _as_pattern(p, "p"), _as_pattern(q, "q")
    outer = wide._compiled if wide.namespace == narrow.namespace else None
    return _uncovered(outer, narrow._compiled)
