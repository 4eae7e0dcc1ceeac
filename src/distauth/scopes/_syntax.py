"""The scope language's syntax: parsing and checking patterns and resources.

A pattern is parsed once into a :class:`Pattern`, which carries a compiled form
(``_Compiled``) with everything the decisions (``_segments``, ``_language``, ``_covering``)
and the index (``_index``) need. Resources are split and checked here too.
"""

from __future__ import annotations

import functools
import re
from typing import Final, TypeAlias

import attrs

from distauth._errors import InvalidTypeError, ScopeError

#: A glob segment, as the pieces between its ``*``: ``*.py`` is ``("", ".py")``. A ``?`` inside a
#: piece stands for one character; a glob without ``*`` (``v?``) is one piece, of fixed length.
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
#: The last segment of an exact-form pattern: "these resources, and not what is under them".
EXACT_MARK: Final = "!**"
_EXACT_SUFFIX: Final = "/" + EXACT_MARK


# --- parsing -------------------------------------------------------------------------------------


def _type_error(what: str, value: object, expected: str = "a str") -> InvalidTypeError:
    return InvalidTypeError(
        f"{what} must be {expected} (got {value!r} that is a {type(value).__name__})"
    )


def _split_checked(
    kind: str, text: str, *, glob: bool, shown: str | None = None
) -> tuple[str | None, tuple[str, ...]]:
    """Split ``text`` into namespace and segments, or raise a ScopeError naming the problem.

    The error names ``shown`` (the text as written) when ``text`` is only a part of it.
    """

    def fail(problem: str) -> ScopeError:
        return ScopeError(f"{kind} {text if shown is None else shown!r}: {problem}")

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
        if glob and segment == EXACT_MARK:
            raise fail(f"'!**' (the exact form) may only be the last segment (got {where})")
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
        elif "*" in segment or "?" in segment:
            items.append(tuple(segment.split("*")))
        else:
            items.append(segment)
    # Authority covers everything below, so a trailing '**' adds nothing.
    while items and items[-1] is None:
        items.pop()
    return tuple(items)


def _full(core: tuple[_Item, ...], exact: bool) -> tuple[_Item, ...]:
    """The items whose exact language is what the pattern denotes (``**`` is ``None``).

    A normal pattern denotes its matches and everything below them, which is the exact
    language of the pattern followed by ``**``; an exact-form pattern denotes its matches only.
    """
    return core if exact else (*core, None)


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
    return item if isinstance(item, str) else _FILLER.join(item).replace("?", _FILLER)


class _Compiled:
    """What the decisions need from a pattern, computed once when it is parsed."""

    __slots__ = (
        "broad",
        "core",
        "exact",
        "example",
        "full",
        "head",
        "literal",
        "literals",
        "prefix",
        "prefix_text",
        "rest",
        "tail_parts",
    )

    def __init__(self, namespace: str | None, segments: tuple[str, ...], exact: bool) -> None:
        core = _core(segments)
        if exact and segments[-1] == "**":
            # "Exactly what a/** matches" is a and everything below: the normal pattern a.
            exact = False
        self.core = core
        self.exact = exact
        self.full = _full(core, exact)
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
        self.literal = len(prefix) == len(core) and not exact
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
                chars.update(item if isinstance(item, str) else "".join(item).replace("?", ""))
        self.literals = frozenset(chars)


@attrs.frozen(repr=False)
class Pattern:
    """A parsed scope pattern: frozen, hashable, equal when the texts are equal.

    Build one with :func:`parse` (cached) or ``Pattern(text)``; both raise
    :class:`~distauth.ScopeError` for a malformed pattern.

    Attributes:
        text: The pattern as written, e.g. ``"repo:src/**/*.py"``.
        namespace: The namespace before ``:``, or ``None`` for the default namespace.
        segments: The ``/``-separated segments after the namespace, as written (an exact-form
            pattern's last one is ``!**``).
        exact: True for the exact form (``docs/*/!**``): the pattern then holds the resources
            it matches and not what is under them.

    Example:
        >>> pattern = Pattern("repo:src/**/*.py")
        >>> pattern
        Pattern('repo:src/**/*.py')
        >>> pattern.namespace, pattern.segments, pattern.exact
        ('repo', ('src', '**', '*.py'), False)
        >>> Pattern("repo:docs/*/!**").exact
        True
    """

    text: str
    namespace: str | None = attrs.field(init=False, eq=False)
    segments: tuple[str, ...] = attrs.field(init=False, eq=False)
    exact: bool = attrs.field(init=False, eq=False)
    _compiled: _Compiled = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        text = self.text
        if not isinstance(text, str):
            raise _type_error("scope", text)
        if text == EXACT_MARK or text.endswith(":" + EXACT_MARK):
            raise ScopeError(f"scope {text!r}: '!**' needs a segment before it")
        exact = text.endswith(_EXACT_SUFFIX)
        if exact:
            namespace, segments = _split_checked(
                "scope", text[: -len(_EXACT_SUFFIX)], glob=True, shown=text
            )
        else:
            namespace, segments = _split_checked("scope", text, glob=True)
        object.__setattr__(self, "namespace", namespace)
        object.__setattr__(self, "segments", (*segments, EXACT_MARK) if exact else segments)
        object.__setattr__(self, "exact", exact)
        compiled = _Compiled(namespace, segments, exact)
        object.__setattr__(self, "_compiled", compiled)

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
