"""Scopes: the resources an area holds authority over, and exact reasoning about them.

This module owns the scope language of DESIGN.md section 5: parsing and checking patterns and
resources (:func:`parse`, :func:`check_pattern`, :func:`check_resource`), the exact decisions
:func:`matches`, :func:`overlaps` and :func:`covers` with their witnesses
:func:`overlap_example` and :func:`uncovered_example`, and :class:`ScopeIndex`, which finds the
scopes matching a resource and the overlapping scopes of different owners without comparing
everything with everything.

A pattern matches a resource when it matches the resource or one of its ancestors, so every
pattern denotes a set of resources closed under extension. Two facts follow that the code
relies on. A trailing ``**`` changes nothing (``a/**`` denotes what ``a`` does). And whether two
patterns overlap depends only on their *heads*, the segments before their first ``**``: whatever
follows a ``**`` can always be appended to a resource both heads match. Covering has no such
shortcut in general; it is decided on character automata (see :func:`covers`).
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from typing import Final, Generic, TypeAlias, TypeVar

import attrs

from distauth._bulk import collector_paused
from distauth._errors import InvalidTypeError, ScopeError

__all__ = [
    "Pattern",
    "ScopeIndex",
    "check_pattern",
    "check_resource",
    "covers",
    "matches",
    "overlap_example",
    "overlaps",
    "parse",
    "uncovered_example",
]

_Owner = TypeVar("_Owner", bound=Hashable)

#: A glob segment, as the literal pieces between its ``*``: ``*.py`` is ``("", ".py")``.
_Glob: TypeAlias = tuple[str, ...]
#: A segment of a compiled pattern: a literal, a glob, or ``None`` for ``**``.
_Item: TypeAlias = str | _Glob | None
_Chunk: TypeAlias = tuple[str | _Glob, ...]

_SLUG: Final = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")
_FILLER: Final = "x"
# Witnesses need a character that no literal of either pattern uses; readable ones first.
_FILLER_CANDIDATES: Final = "xyzqwvkjhgfdsapoiuetrnmlcb0123456789XYZQWVKJ_-~+=@#"
# Building an Area parses its scopes; building the org's index parses them again. The cache
# must hold a large org's distinct scopes, or the second parse of each one misses: it only
# grows with the patterns actually seen (about 1 KiB each).
_PATTERN_CACHE_SIZE: Final = 1 << 17


# --- parsing -------------------------------------------------------------------------------------


def _type_error(what: str, value: object, expected: str = "a str") -> InvalidTypeError:
    return InvalidTypeError(
        f"{what} must be {expected} (got {value!r} that is a {type(value).__name__})"
    )


def _split_checked(kind: str, text: str, *, glob: bool) -> tuple[str | None, tuple[str, ...]]:
    """Split ``text`` into namespace and segments, or raise a ScopeError naming the problem."""

    def fail(problem: str) -> ScopeError:
        return ScopeError(f"{kind} {text!r}: {problem}")

    if not text:
        raise fail("empty string")
    namespace: str | None = None
    path = text
    colon = text.find(":")
    if colon >= 0:
        candidate = text[:colon]
        if "/" in candidate:
            raise fail("':' is only allowed once, right after a leading namespace")
        if not candidate:
            raise fail("empty namespace before ':'")
        if not _SLUG.fullmatch(candidate):
            raise fail(
                f"namespace {candidate!r} is not a slug "
                "(lowercase letters and digits, joined by single '.', '_' or '-')"
            )
        path = text[colon + 1 :]
        if not path:
            raise fail(f"nothing after namespace {candidate!r}")
        if ":" in path:
            raise fail("':' is only allowed once, right after a leading namespace")
        namespace = candidate
    segments = tuple(path.split("/"))
    # The common case, a well-formed string, is checked with a few C-level scans.
    if (
        path.isprintable()
        and "\\" not in path
        and "//" not in path
        and "/ " not in path
        and " /" not in path
        and path[0] not in "/ "
        and path[-1] not in "/ "
    ):
        if "*" not in path:
            return namespace, segments
        if glob and ("**" not in path or all(s == "**" or "**" not in s for s in segments)):
            return namespace, segments
    last = len(segments)
    for position, segment in enumerate(segments, 1):
        where = f"{segment!r} at position {position}"
        if not segment:
            side = (
                " (leading '/')" if position == 1 else " (trailing '/')" if position == last else ""
            )
            raise fail(f"empty segment at position {position}{side}")
        for char in segment:
            if char == "*" and not glob:
                raise fail(f"'*' is not allowed in a resource (segment {where})")
            if char == "\\" or not char.isprintable():
                raise fail(f"character {char!r} is not allowed (segment {where})")
        if glob and "**" in segment and segment != "**":
            raise fail(f"'**' must be a whole segment (got {where})")
        if segment[0] == " ":
            raise fail(f"segment {where} begins with a space")
        if segment[-1] == " ":
            raise fail(f"segment {where} ends with a space")
    raise AssertionError(f"unexplained malformed {kind} {text!r}")  # pragma: no cover


def _core(segments: tuple[str, ...]) -> tuple[_Item, ...]:
    items: list[_Item] = []
    for segment in segments:
        if segment == "**":
            # '**/**' denotes what '**' does; one is enough.
            if not items or items[-1] is not None:
                items.append(None)
        elif "*" in segment:
            items.append(tuple(segment.split("*")))
        else:
            items.append(segment)
    # Authority covers everything below, so a trailing '**' adds nothing.
    while items and items[-1] is None:
        items.pop()
    return tuple(items)


def _padded(text: str) -> str:
    # Only a '*' can sit at either end of a pattern segment next to a space or nothing (a
    # literal never begins or ends with a space), so the filler is absorbed by that '*'.
    if not text:
        return _FILLER
    if text[0] == " ":
        text = _FILLER + text
    if text[-1] == " ":
        text += _FILLER
    return text


def _instance(item: str | _Glob) -> str:
    """Return a readable valid segment that ``item`` matches: ``*.py`` gives ``x.py``."""
    # The filler for every '*' keeps examples clear of empty or space-edged segments.
    return item if isinstance(item, str) else _FILLER.join(item)


class _Compiled:
    """What the decisions need from a pattern, computed once when it is parsed."""

    __slots__ = (
        "automaton",
        "broad",
        "core",
        "example",
        "head",
        "literal",
        "literals",
        "prefix",
        "prefix_text",
        "rest",
        "tail_parts",
    )

    def __init__(self, namespace: str | None, segments: tuple[str, ...]) -> None:
        core = _core(segments)
        self.core = core
        first_dstar = core.index(None) if None in core else len(core)
        head: tuple[str | _Glob, ...] = tuple(
            item for item in core[:first_dstar] if item is not None
        )
        self.head = head
        self.tail_parts = tuple(_instance(item) for item in core[first_dstar:] if item is not None)
        prefix: list[str] = []
        for item in core:
            if not isinstance(item, str):
                break
            prefix.append(item)
        self.prefix = tuple(prefix)
        self.literal = len(prefix) == len(core)
        # An all-literal head: the pattern overlaps every pattern whose literal prefix extends it.
        self.broad = len(prefix) == len(head)
        # Matching after the literal prefix: an anchored chunk, then chunks that float after a
        # '**'. Each floating chunk is placed at its earliest fit, which leaves the most room for
        # the chunks after it, so the greedy search is exact.
        chunks: list[list[str | _Glob]] = [[]]
        for item in core[len(prefix) :]:
            if item is None:
                chunks.append([])
            else:
                chunks[-1].append(item)
        self.rest: tuple[_Chunk, ...] = tuple(tuple(chunk) for chunk in chunks)
        self.prefix_text = "" if namespace is None else namespace + ":"
        parts = [_instance(item) for item in head] + list(self.tail_parts)
        self.example = self.prefix_text + "/".join(parts or [_FILLER])
        chars: set[str] = set()
        for item in core:
            if item is not None:
                chars.update(item if isinstance(item, str) else "".join(item))
        self.literals = frozenset(chars)
        self.automaton: _Automaton | None = None


@attrs.frozen(repr=False)
class Pattern:
    """A parsed scope pattern: frozen, hashable, equal when the texts are equal.

    Build one with :func:`parse` (cached) or ``Pattern(text)``; both raise
    :class:`~distauth.ScopeError` for a malformed pattern.

    Attributes:
        text: The pattern as written, e.g. ``"repo:src/**/*.py"``.
        namespace: The namespace before ``:``, or ``None`` for the default namespace.
        segments: The ``/``-separated segments after the namespace, as written.

    Example:
        >>> pattern = Pattern("repo:src/**/*.py")
        >>> pattern
        Pattern('repo:src/**/*.py')
        >>> pattern.namespace, pattern.segments
        ('repo', ('src', '**', '*.py'))
    """

    text: str
    namespace: str | None = attrs.field(init=False, eq=False)
    segments: tuple[str, ...] = attrs.field(init=False, eq=False)
    _compiled: _Compiled = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise _type_error("scope", self.text)
        namespace, segments = _split_checked("scope", self.text, glob=True)
        object.__setattr__(self, "namespace", namespace)
        object.__setattr__(self, "segments", segments)
        object.__setattr__(self, "_compiled", _Compiled(namespace, segments))

    def __repr__(self) -> str:
        return f"Pattern({self.text!r})"

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=_PATTERN_CACHE_SIZE)
def _parse_cached(text: str) -> Pattern:
    return Pattern(text)


def _as_pattern(value: str | Pattern, what: str) -> Pattern:
    if isinstance(value, Pattern):
        return value
    if isinstance(value, str):
        return _parse_cached(value)
    raise _type_error(what, value, "a str or a Pattern")


def _resource(value: str) -> tuple[str | None, tuple[str, ...]]:
    # Not cached, unlike patterns: resources recur less, and parsing one (about a microsecond)
    # costs less than a cache miss plus the garbage collection its entries cause.
    if not isinstance(value, str):
        raise _type_error("resource", value)
    return _split_checked("resource", value, glob=False)


def parse(pattern: str) -> Pattern:
    """Parse a scope pattern once into a :class:`Pattern` (results are cached).

    Args:
        pattern: A pattern such as ``"finance/billing"`` or ``"repo:src/**/*.py"``.

    Returns:
        The compiled pattern.

    Raises:
        ScopeError: The pattern is malformed; the message names it and what is wrong.
        InvalidTypeError: ``pattern`` is not a str.

    Example:
        >>> parse("budget:marketing/*/events")
        Pattern('budget:marketing/*/events')
        >>> parse("a//b")
        Traceback (most recent call last):
        ...
        distauth._errors.ScopeError: scope 'a//b': empty segment at position 2
    """
    if not isinstance(pattern, str):
        raise _type_error("scope", pattern)
    return _parse_cached(pattern)


def check_pattern(text: str) -> str:
    """Return ``text`` unchanged if it is a well-formed scope pattern.

    Args:
        text: The candidate pattern.

    Returns:
        ``text`` itself.

    Raises:
        ScopeError: The pattern is malformed; the message names it and what is wrong.
        InvalidTypeError: ``text`` is not a str.

    Example:
        >>> check_pattern("src/*.py")
        'src/*.py'
        >>> check_pattern("a/**b")
        Traceback (most recent call last):
        ...
        distauth._errors.ScopeError: scope 'a/**b': '**' must be a whole segment (got '**b' at position 2)
    """  # noqa: E501 (a doctest's expected output cannot be wrapped)
    parse(text)
    return text


def check_resource(text: str) -> str:
    """Return ``text`` unchanged if it is a well-formed resource (a pattern without ``*``).

    Args:
        text: The candidate resource.

    Returns:
        ``text`` itself.

    Raises:
        ScopeError: The resource is malformed; the message names it and what is wrong.
        InvalidTypeError: ``text`` is not a str.

    Example:
        >>> check_resource("repo:src/billing/x.py")
        'repo:src/billing/x.py'
        >>> check_resource("src/*.py")
        Traceback (most recent call last):
        ...
        distauth._errors.ScopeError: resource 'src/*.py': '*' is not allowed in a resource (segment '*.py' at position 2)
    """  # noqa: E501 (a doctest's expected output cannot be wrapped)
    _resource(text)
    return text


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


# --- the index -----------------------------------------------------------------------------------


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
