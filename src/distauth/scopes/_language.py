"""The scope language's decisions: matching, overlapping, covering, and their witnesses.

Every decision is exact. Matching and overlapping work on segments; covering and the
witnesses on character automata run side by side.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Final, TypeAlias

from distauth.scopes._syntax import (
    _FILLER,
    _FILLER_CANDIDATES,
    Pattern,
    _as_pattern,
    _Chunk,
    _Compiled,
    _Glob,
    _instance,
    _Item,
    _padded,
    _resource,
)

# --- matching ------------------------------------------------------------------------------------


def _glob_matches(pieces: _Glob, text: str) -> bool:
    first = pieces[0]
    last = pieces[-1]
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    # The earliest place for each middle piece leaves the most room for the pieces after it.
    at = len(first)
    for piece in pieces[1:-1]:
        found = text.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def _item_matches(item: str | _Glob, text: str) -> bool:
    return item == text if isinstance(item, str) else _glob_matches(item, text)


def _match_rest(chunks: tuple[_Chunk, ...], segments: tuple[str, ...], start: int) -> bool:
    anchored = chunks[0]
    at = start + len(anchored)
    if at > len(segments):
        return False
    for item, text in zip(anchored, segments[start:at], strict=True):
        if not _item_matches(item, text):
            return False
    count = len(segments)
    for chunk in chunks[1:]:
        size = len(chunk)
        for begin in range(at, count - size + 1):
            if all(_item_matches(item, segments[begin + i]) for i, item in enumerate(chunk)):
                at = begin + size
                break
        else:
            return False
    return True


def _matches_segments(compiled: _Compiled, segments: tuple[str, ...]) -> bool:
    prefix = compiled.prefix
    size = len(prefix)
    if segments[:size] != prefix:
        return False
    return compiled.literal or _match_rest(compiled.rest, segments, size)


def matches(pattern: str | Pattern, resource: str) -> bool:
    """Tell whether ``pattern`` matches ``resource`` or one of its ancestors.

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
    """
    parsed = _as_pattern(pattern, "pattern")
    namespace, segments = _resource(resource)
    if namespace != parsed.namespace:
        return False
    return _matches_segments(parsed._compiled, segments)


# --- overlapping ---------------------------------------------------------------------------------


def _items_intersect(first: str | _Glob, second: str | _Glob) -> bool:
    """Tell whether some valid segment matches both items."""
    if isinstance(first, str):
        return first == second if isinstance(second, str) else _glob_matches(second, first)
    if isinstance(second, str):
        return _glob_matches(first, second)
    # Two globs, each with a '*': compatible literal starts and ends are enough, because
    # "longer start + every middle piece of both + longer end" then matches both.
    return (first[0].startswith(second[0]) or second[0].startswith(first[0])) and (
        first[-1].endswith(second[-1]) or second[-1].endswith(first[-1])
    )


def _common_segment(first: str | _Glob, second: str | _Glob) -> str:
    """Return a valid segment matching both items (which must intersect)."""
    if isinstance(first, str):
        return first
    if isinstance(second, str):
        return second
    start = max(first[0], second[0], key=len)
    end = max(first[-1], second[-1], key=len)
    return _padded(start + "".join(first[1:-1]) + "".join(second[1:-1]) + end)


def _heads_meet(first: _Chunk, second: _Chunk, start: int) -> bool:
    for index in range(start, min(len(first), len(second))):
        if not _items_intersect(first[index], second[index]):
            return False
    return True


def _meeting_example(first: _Compiled, second: _Compiled) -> str:
    """Build a resource both patterns match; their heads must meet."""
    if first.core == second.core:
        return first.example
    head_a, head_b = first.head, second.head
    parts: list[str] = []
    for index in range(max(len(head_a), len(head_b))):
        if index >= len(head_a):
            parts.append(_instance(head_b[index]))
        elif index >= len(head_b):
            parts.append(_instance(head_a[index]))
        else:
            parts.append(_common_segment(head_a[index], head_b[index]))
    # Each pattern's '**' absorbs the other's extra head segments and tail.
    parts += first.tail_parts
    parts += second.tail_parts
    return first.prefix_text + "/".join(parts or [_FILLER])


def overlaps(p: str | Pattern, q: str | Pattern) -> bool:
    """Tell whether some resource matches both patterns (exact).

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
    """
    first, second = _as_pattern(p, "p"), _as_pattern(q, "q")
    if first.namespace != second.namespace:
        return False
    return _heads_meet(first._compiled.head, second._compiled.head, 0)


# --- covering: character automata ---------------------------------------------------------------

# The resource constraints, as a tiny automaton run beside the patterns: at the start of a
# segment (0), after a non-space character (1), after a space (2); only 1 may end a resource.
_AT_SEGMENT_START: Final = 0
_AFTER_CHARACTER: Final = 1
_AFTER_SPACE: Final = 2
_DEAD: Final = -1


def _valid_step(state: int, symbol: str) -> int:
    if symbol == "/":
        return _AT_SEGMENT_START if state == _AFTER_CHARACTER else _DEAD
    if symbol == " ":
        return _DEAD if state == _AT_SEGMENT_START else _AFTER_SPACE
    return _AFTER_CHARACTER


class _Automaton:
    """Character NFA for ``"/" + path`` of a pattern's core followed by an implicit ``/**``.

    Every segment, the first included, begins with its ``/``, so ``**`` is simply
    ``("/" [^/]*)*`` and may stand for no segment at all. State sets are int bitmasks; state
    ``s`` either reads one character into ``s + 1`` or loops on every character but ``/``.
    """

    __slots__ = (
        "_chars",
        "_closure",
        "_loops",
        "_memo",
        "absorbing",
        "accept",
        "initial",
        "literals",
    )

    def __init__(self, core: tuple[_Item, ...], literals: frozenset[str]) -> None:
        chars: list[str | None] = []
        jumps: list[tuple[int, ...]] = []
        loops = 0
        for item in (*core, None):
            if item is None:
                here = len(chars)
                chars += ["/", None]
                jumps += [(here + 2,), (here,)]
                loops |= 1 << (here + 1)
                continue
            chars.append("/")
            jumps.append(())
            pieces = (item,) if isinstance(item, str) else item
            for index, piece in enumerate(pieces):
                for char in piece:
                    chars.append(char)
                    jumps.append(())
                if index < len(pieces) - 1:
                    star = len(chars)
                    chars.append(None)
                    jumps.append((star + 1,))
                    loops |= 1 << star
        final = len(chars)
        chars.append(None)
        jumps.append(())
        closure: list[int] = []
        for state in range(len(chars)):
            reach = 0
            stack = [state]
            while stack:
                current = stack.pop()
                if not reach >> current & 1:
                    reach |= 1 << current
                    stack.extend(jumps[current])
            closure.append(reach)
        self._chars = chars
        self._closure = closure
        self._loops = loops
        self._memo: dict[tuple[int, str], int] = {}
        self.literals = literals
        self.accept = 1 << final
        # Inside a segment eaten by the implicit trailing '**': every continuation is accepted.
        self.absorbing = 1 << (final - 1)
        self.initial = self.step(closure[0], "/")

    def step(self, states: int, symbol: str) -> int:
        # Characters the pattern never names all behave alike; one memo entry serves them all.
        key = (states, symbol if symbol == "/" or symbol in self.literals else "")
        result = self._memo.get(key)
        if result is not None:
            return result
        result = 0
        rest = states
        while rest:
            low = rest & -rest
            state = low.bit_length() - 1
            rest ^= low
            if self._chars[state] == symbol:
                result |= self._closure[state + 1]
            if symbol != "/" and self._loops & low:
                result |= self._closure[state]
        self._memo[key] = result
        return result


def _automaton(pattern: Pattern) -> _Automaton:
    compiled = pattern._compiled
    if compiled.automaton is None:
        compiled.automaton = _Automaton(compiled.core, compiled.literals)
    return compiled.automaton


def _filler(literals: Iterable[str]) -> str:
    used = set(literals)
    for char in _FILLER_CANDIDATES:
        if char not in used:
            return char
    code = 0x100
    while chr(code) in used or not chr(code).isprintable() or chr(code).isspace():
        code += 1
    return chr(code)


_State: TypeAlias = tuple[int, int, int]


def _shortest_witness(
    prefix_text: str, p: _Automaton | None, q: _Automaton, *, in_p: bool
) -> str | None:
    """Breadth-first search of p x q x validity for a shortest valid resource q matches.

    With ``in_p`` the resource must also match ``p`` (overlap); without, it must not (a
    resource ``q`` matches that ``p`` misses). Only characters either pattern names, ``/`` and
    one filler standing for every other character can make a difference, so the search is
    exact over that finite alphabet.
    """
    literals = sorted(q.literals | (p.literals if p is not None else frozenset()))
    # The filler first: among equally short witnesses, "x" reads best where anything goes.
    alphabet = (_filler(literals), *literals, "/")
    start: _State = (p.initial if p is not None else 0, q.initial, _AT_SEGMENT_START)
    parents: dict[_State, tuple[_State, str] | None] = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        p_states, q_states, valid = state
        if (
            valid == _AFTER_CHARACTER
            and q_states & q.accept
            and (p is not None and bool(p_states & p.accept)) == in_p
        ):
            symbols: list[str] = []
            link = parents[state]
            while link is not None:
                state, symbol = link
                symbols.append(symbol)
                link = parents[state]
            return prefix_text + "".join(reversed(symbols))
        for symbol in alphabet:
            valid_next = _valid_step(valid, symbol)
            if valid_next == _DEAD:
                continue
            q_next = q.step(q_states, symbol)
            if not q_next:
                continue
            p_next = p.step(p_states, symbol) if p is not None and p_states else 0
            if in_p and not p_next:
                continue
            if not in_p and p is not None and p_next & p.absorbing:
                continue
            following = (p_next, q_next, valid_next)
            if following not in parents:
                parents[following] = (state, symbol)
                queue.append(following)
    return None


def overlap_example(p: str | Pattern, q: str | Pattern) -> str | None:
    """Return a shortest resource both patterns match, or None when they do not overlap.

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
    return _shortest_witness(
        first._compiled.prefix_text, _automaton(first), _automaton(second), in_p=True
    )


def covers(p: str | Pattern, q: str | Pattern) -> bool:
    """Tell whether ``p`` matches every resource ``q`` matches (exact).

    Literal patterns, the common case, are decided by comparing segments; the rest by a search
    for a resource that ``q`` matches and ``p`` misses (see :func:`uncovered_example`).

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
    """
    wide, narrow = _as_pattern(p, "p"), _as_pattern(q, "q")
    if wide.namespace != narrow.namespace:
        return False
    outer, inner = wide._compiled, narrow._compiled
    if not outer.core:
        return True
    if outer.literal:
        # A glob segment matches more than one string, so q must spell out p's segments.
        size = len(outer.core)
        return len(inner.head) >= size and inner.head[:size] == outer.core
    if inner.literal and inner.core:
        # Everything q matches extends q's own path, and p's set is closed under extension.
        return _matches_segments(outer, inner.prefix)
    witness = _shortest_witness(inner.prefix_text, _automaton(wide), _automaton(narrow), in_p=False)
    return witness is None


def uncovered_example(p: str | Pattern, q: str | Pattern) -> str | None:
    """Return a shortest resource ``q`` matches but ``p`` does not, or None when ``p`` covers ``q``.

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
    outer = _automaton(wide) if wide.namespace == narrow.namespace else None
    return _shortest_witness(narrow._compiled.prefix_text, outer, _automaton(narrow), in_p=False)
