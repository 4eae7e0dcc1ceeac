"""One segment of the scope language: whether a segment item matches a text, and common segments.

A segment item is a literal or a glob (pieces between ``*``, each piece's ``?`` any one
character). The decisions across whole patterns (``_language``, ``_covering``) reduce to these
tests on two items: does a glob match a text, do two items share a segment, and which short
segment do they share (built directly, linear in their characters, or searched for as a
product of their characters when both are short: at most ``_SEARCH_LIMIT`` pairs).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Final, TypeAlias

from distauth.scopes._syntax import (
    _FILLER_CANDIDATES,
    _Glob,
)

_Segment: TypeAlias = str | _Glob
#: Above this many pairs of characters, a common segment is built directly instead of searched
#: for (built is linear, but not always the shortest).
_SEARCH_LIMIT: Final = 4096


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


def _instance_of(item: _Segment, filler: str) -> str:
    """A shortest valid segment ``item`` matches: every ``*`` empty, every ``?`` the filler."""
    if isinstance(item, str):
        return item
    return _fix_edges(list("".join(item)), filler)
