"""The scope language's decisions: matching, overlapping, covering, and their witnesses.

Every decision is exact and works on whole segments first. A pattern denotes the *exact
language* of its items (:attr:`_Compiled.full`): a normal pattern is followed by an implicit
``**``, an exact-form one is not. Items are literals, globs (``*`` for any run of characters,
``?`` for one) and ``**`` (any run of whole segments).

* :func:`matches` places the blocks between ``**`` greedily, leftmost first (a block placed
  earliest leaves the most room for the blocks after it).
* :func:`overlaps` and :func:`overlap_example` run a product of the two item sequences: a state
  is a pair of positions, so the search is quadratic in segments, each step one test of two
  segment items (linear in their characters, or a product of their characters for a shortest
  witness of short segments).
* :func:`covers` and :func:`uncovered_example` search for a resource of ``q`` that ``p`` misses:
  ``q`` is followed one position at a time, ``p`` as the set of its positions still alive, and
  each step offers only the segments that leave ``p`` as few positions as possible.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from typing import Final, TypeAlias

from distauth.scopes._syntax import (
    _FILLER_CANDIDATES,
    Pattern,
    _as_pattern,
    _Chunk,
    _Compiled,
    _Glob,
    _Item,
    _resource,
)

_Segment: TypeAlias = str | _Glob
#: Above this many pairs of characters, a common segment is built directly instead of searched
#: for (built is linear, but not always the shortest).
_SEARCH_LIMIT: Final = 4096
#: A shortest uncovered resource is searched for among at most this many states; beyond, the
#: resource the depth-first decision found is given.
_SHORTEST_BUDGET: Final = 400


# --- one segment ---------------------------------------------------------------------------------


def _piece_at(piece: str, text: str, at: int) -> bool:
    """Tell whether ``piece`` (``?`` for any one character) matches ``text`` from ``at``."""
    if "?" not in piece:
        return text.startswith(piece, at)
    if at + len(piece) > len(text):
        return False
    return all(char in ("?", text[at + k]) for k, char in enumerate(piece))


def _piece_find(piece: str, text: str, start: int, end: int) -> int:
    """The leftmost ``at >= start`` where ``piece`` fits before ``end``, or -1."""
    if "?" not in piece:
        return text.find(piece, start, end)
    for at in range(start, end - len(piece) + 1):
        if _piece_at(piece, text, at):
            return at
    return -1


def _glob_matches(pieces: _Glob, text: str) -> bool:
    """Match one segment; O(len(text) * len(glob)) at worst, linear without ``?``."""
    if len(pieces) == 1:
        return len(text) == len(pieces[0]) and _piece_at(pieces[0], text, 0)
    first = pieces[0]
    last = pieces[-1]
    end = len(text) - len(last)
    if end < len(first) or not _piece_at(first, text, 0) or not _piece_at(last, text, end):
        return False
    # The earliest place for each middle piece leaves the most room for the pieces after it.
    at = len(first)
    for piece in pieces[1:-1]:
        found = _piece_find(piece, text, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def _item_matches(item: _Segment, text: str) -> bool:
    return item == text if isinstance(item, str) else _glob_matches(item, text)


def _spelled(item: _Segment) -> str:
    """The segment as written: the glob syntax back from its pieces."""
    return item if isinstance(item, str) else "*".join(item)


def _compatible(one: str, two: str, offset: int) -> bool:
    """Tell whether ``two`` placed at ``offset`` of ``one`` agrees with it where they meet."""
    for k, char in enumerate(two):
        mine = one[offset + k]
        if char != "?" and mine not in ("?", char):
            return False
    return True


def _merge(base: list[str], piece: str, offset: int) -> None:
    for k, char in enumerate(piece):
        if char != "?":
            base[offset + k] = char


def _fix_edges(chars: list[str], filler: str) -> str:
    """Fill the remaining ``?`` and keep the segment valid (no space at either end)."""
    text = "".join(chars).replace("?", filler)
    if not text:
        return filler
    if text[0] == " ":
        text = filler + text
    if text[-1] == " ":
        text += filler
    return text


def _built_common(first: _Segment, second: _Segment, filler: str) -> str | None:
    """Build a valid segment both items match, or None when there is none: linear time.

    Two globs with ``*`` meet exactly when their first pieces agree on their common length
    and their last pieces on theirs: the merged first piece, every middle piece of both, then
    the merged last piece match both. A glob without ``*`` has a fixed length; another glob's
    pieces are then placed in it leftmost first, as matching does.
    """
    if isinstance(first, str):
        return first if _item_matches(second, first) else None
    if isinstance(second, str):
        return second if _glob_matches(first, second) else None
    if len(first) > 1 and len(second) > 1:
        starts = sorted((first[0], second[0]), key=len)
        ends = sorted((first[-1], second[-1]), key=len)
        if not _compatible(starts[1], starts[0], 0):
            return None
        if not _compatible(ends[1], ends[0], len(ends[1]) - len(ends[0])):
            return None
        head = list(starts[1])
        _merge(head, starts[0], 0)
        tail = list(ends[1])
        _merge(tail, ends[0], len(ends[1]) - len(ends[0]))
        middle = "".join(first[1:-1]) + "".join(second[1:-1])
        return _fix_edges([*head, *middle, *tail], filler)
    fixed, other = (first, second) if len(first) == 1 else (second, first)
    text = fixed[0]
    if len(other) == 1:
        if len(other[0]) != len(text) or not _compatible(text, other[0], 0):
            return None
        chars = list(text)
        _merge(chars, other[0], 0)
        return _fix_edges(chars, filler)
    start, end_piece = other[0], other[-1]
    end = len(text) - len(end_piece)
    if end < len(start) or not _compatible(text, start, 0) or not _compatible(text, end_piece, end):
        return None
    chars = list(text)
    _merge(chars, start, 0)
    _merge(chars, end_piece, end)
    at = len(start)
    for piece in other[1:-1]:
        for place in range(at, end - len(piece) + 1):
            if _compatible(text, piece, place) and not (
                # A space may not land on a segment's first or last character.
                (place == 0 and piece[:1] == " ")
                or (place + len(piece) == len(text) and piece[-1:] == " ")
            ):
                _merge(chars, piece, place)
                at = place + len(piece)
                break
        else:
            return None
    if chars[0] == " " or chars[-1] == " ":
        return None  # the length is fixed: no character can be added to move the space
    return "".join(chars).replace("?", filler)


# Character automata of one segment: the segment's own text, where '*' loops on any character
# and '?' reads any one. A state set is an int bitmask of positions.


def _closure(glob: str, states: int) -> int:
    position = 0
    while position < len(glob):
        if states >> position & 1 and glob[position] == "*":
            states |= 1 << (position + 1)
        position += 1
    return states


def _step(glob: str, states: int, char: str) -> int:
    after = 0
    rest = states
    while rest:
        low = rest & -rest
        position = low.bit_length() - 1
        rest ^= low
        if position < len(glob):
            token = glob[position]
            if token == "*":
                after |= low
            elif token in ("?", char):
                after |= low << 1
    return _closure(glob, after)


def _valid_next(valid: int, char: str) -> int:
    """Segment validity: 0 at the start, 1 after a non-space, 2 after a space; -1 is dead."""
    if char == " ":
        return -1 if valid == 0 else 2
    return 1


def _searched_common(first: _Segment, second: _Segment, filler: str) -> str | None:
    """A shortest valid segment both items match, by breadth-first search of their product.

    The search visits at most about ``_SEARCH_LIMIT`` states; beyond that it answers with
    :func:`_built_common`, which is exact about existence but not always shortest.
    """
    one, two = _spelled(first), _spelled(second)
    literals = sorted(set(one + two) - {"*", "?"})
    start = (_closure(one, 1), _closure(two, 1), 0)
    accept_one, accept_two = 1 << len(one), 1 << len(two)
    parents: dict[tuple[int, int, int], tuple[tuple[int, int, int], str] | None] = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        a, b, valid = state
        if valid == 1 and a & accept_one and b & accept_two:
            chars: list[str] = []
            link = parents[state]
            while link is not None:
                state, char = link
                chars.append(char)
                link = parents[state]
            return "".join(reversed(chars))
        for char in (filler, *literals):
            valid_after = _valid_next(valid, char)
            if valid_after < 0:
                continue
            a_after = _step(one, a, char)
            b_after = _step(two, b, char) if a_after else 0
            following = (a_after, b_after, valid_after)
            if b_after and following not in parents:
                parents[following] = (state, char)
                queue.append(following)
        if len(parents) > _SEARCH_LIMIT:
            # A window of '?' beside '*' makes the state sets exponential in the window's
            # length: past the budget, build a (not always shortest) common segment instead.
            return _built_common(first, second, filler)
    return None


def _common_segment(first: _Segment, second: _Segment, filler: str) -> str | None:
    """A valid segment both items match (the shortest for short items), or None."""
    if first == second:
        return _instance_of(first, filler)
    if isinstance(first, str) or isinstance(second, str):
        return _built_common(first, second, filler)
    if (sum(map(len, first)) + 1) * (sum(map(len, second)) + 1) <= _SEARCH_LIMIT:
        return _searched_common(first, second, filler)
    return _built_common(first, second, filler)


def _items_intersect(first: _Segment, second: _Segment) -> bool:
    """Tell whether some valid segment matches both items (linear in their characters)."""
    if first == second:
        return True
    # Whether a common segment exists does not depend on the character filling wildcards.
    return _built_common(first, second, "x") is not None


def _filler(literals: Iterable[str]) -> str:
    """A readable character that no literal uses (a witness needs one to avoid them)."""
    used = set(literals)
    for char in _FILLER_CANDIDATES:
        if char not in used:
            return char
    code = 0x100
    while chr(code) in used or not chr(code).isprintable() or chr(code).isspace():
        code += 1
    return chr(code)


# --- matching ------------------------------------------------------------------------------------


def _blocks(full: tuple[_Item, ...]) -> list[list[_Segment]]:
    blocks: list[list[_Segment]] = [[]]
    for item in full:
        if item is None:
            blocks.append([])
        else:
            blocks[-1].append(item)
    return blocks


def _match_full(full: tuple[_Item, ...], segments: tuple[str, ...]) -> bool:
    """Exact match of items against segments: O(len(segments) * len(full)) item tests."""
    blocks = _blocks(full)
    count = len(segments)
    if len(blocks) == 1:
        return count == len(full) and all(
            _item_matches(item, text) for item, text in zip(blocks[0], segments, strict=True)
        )
    first, last = blocks[0], blocks[-1]
    end = count - len(last)
    if end < len(first):
        return False
    if not all(_item_matches(item, segments[k]) for k, item in enumerate(first)):
        return False
    if not all(_item_matches(item, segments[end + k]) for k, item in enumerate(last)):
        return False
    at = len(first)
    for block in blocks[1:-1]:
        size = len(block)
        for begin in range(at, end - size + 1):
            if all(_item_matches(item, segments[begin + k]) for k, item in enumerate(block)):
                at = begin + size
                break
        else:
            return False
    return True


def _matches_segments(compiled: _Compiled, segments: tuple[str, ...]) -> bool:
    prefix = compiled.prefix
    if segments[: len(prefix)] != prefix:
        return False
    if compiled.literal:
        return True
    return _match_full(compiled.full, segments)


def matches(pattern: str | Pattern, resource: str) -> bool:
    """Tell whether ``pattern`` matches ``resource`` or one of its ancestors.

    An exact-form pattern (ending in ``/!**``) matches the resource itself only.

    Complexity: O(s * n) segment tests for a resource of s segments and a pattern of n; a
    segment test is linear in its characters (times the piece length where ``?`` is used).

    Args:
        pattern: A scope pattern (str or :class:`Pattern`).
        resource: A resource such as ``"finance/billing/refunds"``.

    Returns:
        True when the pattern has authority over the resource.

    Raises:
        ScopeError: The pattern or the resource is malformed.
        InvalidTypeError: An argument has the wrong type.

    Example:
        >>> matches("finance/billing", "finance/billing/refunds")
        True
        >>> matches("src/*.py", "src/a.py/anything")
        True
        >>> matches("repo:src/**", "src/a.py")
        False
        >>> matches("docs/*/!**", "docs/a.md"), matches("docs/*/!**", "docs/sub/b.md")
        (True, False)
        >>> matches("v?/*", "v2/api"), matches("v?/*", "v10/api")
        (True, False)
    """
    parsed = _as_pattern(pattern, "pattern")
    namespace, segments = _resource(resource)
    if namespace != parsed.namespace:
        return False
    return _matches_segments(parsed._compiled, segments)


# --- overlapping ---------------------------------------------------------------------------------


def _heads_meet(first: _Chunk, second: _Chunk, start: int) -> bool:
    for index in range(start, min(len(first), len(second))):
        if not _items_intersect(first[index], second[index]):
            return False
    return True


def _overlap_search(first: _Compiled, second: _Compiled, filler: str) -> str | None:
    """A shortest resource path in both exact languages, by a product over their items.

    States are pairs of positions (plus whether a segment was written yet), O(n * m) of them;
    each step writes one segment or passes a ``**``. Costs are characters, so Dijkstra's order
    is kept by a heap-free bucket queue over lengths.
    """
    one, two = first.full, second.full
    size_one, size_two = len(one), len(two)
    start = (0, 0, False)
    best: dict[tuple[int, int, bool], int] = {start: 0}
    parents: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], str | None]] = {}
    buckets: dict[int, list[tuple[int, int, bool]]] = {0: [start]}
    cost = 0
    while buckets:
        bucket = buckets.pop(cost, None)
        if bucket is None:
            cost += 1
            continue
        for state in bucket:
            if best[state] != cost:
                continue
            i, j, written = state
            if i == size_one and j == size_two and written:
                parts: list[str] = []
                key = state
                while key in parents:
                    key, part = parents[key]
                    if part is not None:
                        parts.append(part)
                return first.prefix_text + "/".join(reversed(parts))
            for following, part in _overlap_moves(one, two, state, filler):
                extra = 0 if part is None else len(part) + (1 if written else 0)
                total = cost + extra
                if total < best.get(following, total + 1):
                    best[following] = total
                    parents[following] = (state, part)
                    buckets.setdefault(total, []).append(following)
    return None


def _overlap_moves(
    one: tuple[_Item, ...], two: tuple[_Item, ...], state: tuple[int, int, bool], filler: str
) -> list[tuple[tuple[int, int, bool], str | None]]:
    """The moves of the overlap product from ``state``: pass a ``**`` or write one segment."""
    i, j, written = state
    a_end, b_end = i == len(one), j == len(two)
    a = None if a_end else one[i]
    b = None if b_end else two[j]
    moves: list[tuple[tuple[int, int, bool], str | None]] = []
    if not a_end and a is None:
        moves.append(((i + 1, j, written), None))
        if not b_end and b is not None:
            moves.append(((i, j + 1, True), _instance_of(b, filler)))
        elif not b_end and not written:
            moves.append(((i, j, True), filler))
    if not b_end and b is None:
        moves.append(((i, j + 1, written), None))
        if not a_end and a is not None:
            moves.append(((i + 1, j, True), _instance_of(a, filler)))
    if a is not None and b is not None:
        text = _common_segment(a, b, filler)
        if text is not None:
            moves.append(((i + 1, j + 1, True), text))
    return moves


def _instance_of(item: _Segment, filler: str) -> str:
    """A shortest valid segment ``item`` matches: every ``*`` empty, every ``?`` the filler."""
    if isinstance(item, str):
        return item
    return _fix_edges(list("".join(item)), filler)


def overlaps(p: str | Pattern, q: str | Pattern) -> bool:
    """Tell whether some resource matches both patterns (exact).

    Complexity: two normal patterns overlap exactly when their heads (the segments before the
    first ``**``) agree segment by segment, O(n) segment tests; with an exact-form pattern,
    a product over the two patterns' segments, O(n * m) segment tests. A segment test is
    linear in the two segments' characters.

    Args:
        p: A scope pattern.
        q: Another scope pattern.

    Returns:
        True when the two scopes share at least one resource.

    Raises:
        ScopeError: A pattern is malformed.
        InvalidTypeError: An argument has the wrong type.

    Example:
        >>> overlaps("a/*", "a/b/c")
        True
        >>> overlaps("*.py", "test_*")
        True
        >>> overlaps("repo:a", "a")
        False
        >>> overlaps("docs/*/!**", "docs/a/b")
        False
    """
    first, second = _as_pattern(p, "p"), _as_pattern(q, "q")
    if first.namespace != second.namespace:
        return False
    one, two = first._compiled, second._compiled
    if not one.exact and not two.exact:
        return _heads_meet(one.head, two.head, 0)
    return _overlap_search(one, two, _filler(one.literals | two.literals)) is not None


def overlap_example(p: str | Pattern, q: str | Pattern) -> str | None:
    """Return a resource both patterns match, or None when they do not overlap.

    The resource is a shortest one when every glob of the two patterns is short (the product
    of two globs' lengths at most 4,096); otherwise it is built directly and may be longer.

    Complexity: O(n * m) segment steps for patterns of n and m segments (see :func:`overlaps`).

    Args:
        p: A scope pattern.
        q: Another scope pattern.

    Returns:
        A valid resource matched by both, or None exactly when ``overlaps(p, q)`` is False.

    Raises:
        ScopeError: A pattern is malformed.
        InvalidTypeError: An argument has the wrong type.

    Example:
        >>> overlap_example("a*", "*b")
        'ab'
        >>> overlap_example("**/x", "y/**")
        'y/x'
        >>> overlap_example("a/*", "b") is None
        True
    """
    first, second = _as_pattern(p, "p"), _as_pattern(q, "q")
    if first.namespace != second.namespace:
        return None
    one, two = first._compiled, second._compiled
    return _overlap_search(one, two, _filler(one.literals | two.literals))


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
