"""The scope language's decisions: matching and overlapping, and the overlap witness.

Every decision is exact and works on whole segments first. A pattern denotes the *exact
language* of its items (:attr:`_Compiled.full`): a normal pattern is followed by an implicit
``**``, an exact-form one is not. Items are literals, globs (``*`` for any run of characters,
``?`` for one) and ``**`` (any run of whole segments). One segment's tests are in
``_segments``; covering and its witnesses in ``_covering``.

* :func:`matches` places the blocks between ``**`` greedily, leftmost first (a block placed
  earliest leaves the most room for the blocks after it).
* :func:`overlaps` and :func:`overlap_example` run a product of the two item sequences: a state
  is a pair of positions, so the search is quadratic in segments, each step one test of two
  segment items (linear in their characters, or a product of their characters for a shortest
  witness of short segments).
"""

from __future__ import annotations

from distauth.scopes._segments import (
    _common_segment,
    _filler,
    _instance_of,
    _item_matches,
    _items_intersect,
    _Segment,
)
from distauth.scopes._syntax import (
    Pattern,
    _as_pattern,
    _Chunk,
    _Compiled,
    _Item,
    _resource,
)

__all__ = ["matches", "overlap_example", "overlaps"]


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
