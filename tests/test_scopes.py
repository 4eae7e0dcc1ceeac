"""Specification of distauth.scopes: the scope language, exact decisions, witnesses, the index.

The property tests compare the module with a brute-force reference: a direct recursive
matcher (``ref_matches``) and, for ``overlaps`` and ``covers``, an enumeration of every
resource in a universe that is proved (in ``universe``) to contain a witness whenever one
exists.
"""

from __future__ import annotations

import functools
import itertools
import os
import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distauth._errors import InvalidTypeError, ScopeError
from distauth.scopes import (
    Pattern,
    ScopeIndex,
    _segments,
    check_pattern,
    check_resource,
    covers,
    matches,
    overlap_example,
    overlaps,
    parse,
    uncovered_example,
)

_DEFAULT_EXAMPLES = "10000" if os.environ.get("HYPOTHESIS_PROFILE") == "slow" else "2000"
EXAMPLES = int(os.environ.get("DISTAUTH_SCOPE_EXAMPLES", _DEFAULT_EXAMPLES))
# Index properties build a whole index per example, so they run a tenth as many.
INDEX_EXAMPLES = max(EXAMPLES // 10, 50)


# --- the brute-force reference ---------------------------------------------------------------


def split_namespace(text: str) -> tuple[str, str]:
    namespace, colon, path = text.partition(":")
    return (namespace, path) if colon else ("", text)


@functools.lru_cache(maxsize=200_000)
def ref_glob(glob: str, text: str) -> bool:
    """Match one segment, character by character, trying every split for a '*'."""
    if not glob:
        return not text
    if glob[0] == "*":
        return any(ref_glob(glob[1:], text[cut:]) for cut in range(len(text) + 1))
    if glob[0] == "?":
        return bool(text) and ref_glob(glob[1:], text[1:])
    return bool(text) and text[0] == glob[0] and ref_glob(glob[1:], text[1:])


def ref_path(pattern: tuple[str, ...], resource: tuple[str, ...]) -> bool:
    """Match whole segment sequences, trying every number of segments for a '**'."""
    if not pattern:
        return not resource
    if pattern[0] == "**":
        return any(ref_path(pattern[1:], resource[cut:]) for cut in range(len(resource) + 1))
    return (
        bool(resource) and ref_glob(pattern[0], resource[0]) and ref_path(pattern[1:], resource[1:])
    )


def ref_matches(pattern: str, resource: str) -> bool:
    """The definition: same namespace, and the pattern matches the resource or an ancestor
    (the exact form, ending in '/!**': the resource itself only)."""
    pattern_namespace, pattern_path = split_namespace(pattern)
    resource_namespace, resource_path = split_namespace(resource)
    if pattern_namespace != resource_namespace:
        return False
    segments = tuple(pattern_path.split("/"))
    parts = tuple(resource_path.split("/"))
    if segments[-1] == "!**":
        return ref_path(segments[:-1], parts)
    return any(ref_path(segments, parts[:depth]) for depth in range(1, len(parts) + 1))


# Small patterns for the exhaustive comparison: at most two segments, each '**' or a glob of at
# most three tokens from {a, b, *}.
#
# Why the universe below is exhaustive for them:
# * Segment strings. For such globs, whether a string s matches depends only on s itself when
#   len(s) <= 3, and otherwise only on its first two characters, its last two, and which of a, b
#   it contains (the shapes are x, xy, xyz, *, x*, *x, xy*, *xy, x*y, *x*; a glob never tells
#   apart two characters other than a and b). A string of length >= 4 therefore behaves like
#   s[:2] + m + s[-2:], where m lists the letters a, b that only its middle contains, with every
#   other character written c. So REPRESENTATIVES (every string of length <= 3 over {a, b, c},
#   and every xy + m + zw) meets every segment behaviour, and whether a resource matches a
#   pattern depends only on the behaviour of each of its segments.
# * Depth. Without a trailing '**' (which changes nothing) the shapes are g, g/h, **/g, **.
#   Overlap: if r matches both, its first max(heads) segments (a head is what precedes '**')
#   followed by one segment matching each pattern's glob after '**' still matches both; that
#   is at most 3 segments (g/h with **/k). Uncovered: cut r to its shortest prefix q matches
#   (still missed by p, whose set is closed under extension). If q is g, g/h or ** that has at
#   most 2 segments; if q is **/g and r = y1/.../yn with n > 3, then y1/y2/yn is matched by q
#   and still missed by p: p's answer depends on y1 and y2 (g, g/h) or on some segment matching
#   its glob (**/g), and y1/y2/yn has no segment r lacks.
#
# '?' (one character) keeps both claims: a glob of at most three tokens asks for at most three
# characters, so a string of length >= 4 still behaves like s[:2] + m + s[-2:]. The exact form
# ('g/!**', 'g/h/!**', '**/g/!**') keeps the depth bound: an overlap needs at most the two
# patterns' segments; for an uncovered r of an exact q '**/g' deeper than 3, y1/y2/yn is still
# matched by q and missed by p (p's answer depends on y1, y2, the last segment, the depth when
# p is exact, or on whether some segment matches its glob, and cutting adds no segment).
SMALL_GLOBS = (
    st.lists(st.sampled_from("ab*?"), min_size=1, max_size=3)
    .map("".join)
    .filter(lambda glob: "**" not in glob)
)
SMALL_SEGMENTS = st.one_of(SMALL_GLOBS, st.just("**"))
NAMESPACES = st.sampled_from(["", "", "", "", "n:"])
EXACT = st.sampled_from(["", "", "/!**"])


@st.composite
def small_patterns(draw: st.DrawFn) -> str:
    segments = draw(st.lists(SMALL_SEGMENTS, min_size=1, max_size=2))
    return draw(NAMESPACES) + "/".join(segments) + draw(EXACT)


REPRESENTATIVES = tuple(
    ["".join(chars) for size in range(1, 4) for chars in itertools.product("abc", repeat=size)]
    + [
        "".join(start) + middle + "".join(end)
        for start in itertools.product("abc", repeat=2)
        for end in itertools.product("abc", repeat=2)
        for middle in ("", "a", "b", "ab")
    ]
)


@functools.lru_cache(maxsize=4096)
def segment_classes(globs: tuple[str, ...]) -> tuple[str, ...]:
    """One shortest representative per behaviour towards ``globs``."""
    chosen: dict[tuple[bool, ...], str] = {}
    for text in sorted(REPRESENTATIVES, key=len):
        chosen.setdefault(tuple(ref_glob(glob, text) for glob in globs), text)
    return tuple(chosen.values())


def universe(p: str, q: str) -> list[str]:
    """Every resource of depth 1..3 over the segment classes of p's and q's globs."""
    globs = tuple(
        sorted(
            {
                segment
                for pattern in (p, q)
                for segment in split_namespace(pattern)[1].split("/")
                if segment not in ("**", "!**")
            }
        )
    )
    segments = segment_classes(globs)
    namespaces = {split_namespace(p)[0], split_namespace(q)[0]}
    return [
        (namespace + ":" if namespace else "") + "/".join(parts)
        for namespace in sorted(namespaces)
        for depth in range(1, 4)
        for parts in itertools.product(segments, repeat=depth)
    ]


@functools.lru_cache(maxsize=8192)
def ref_overlaps(p: str, q: str) -> bool:
    return any(ref_matches(p, r) and ref_matches(q, r) for r in universe(p, q))


@functools.lru_cache(maxsize=8192)
def ref_covers(p: str, q: str) -> bool:
    return not any(ref_matches(q, r) and not ref_matches(p, r) for r in universe(p, q))


def test_reference_universe_meets_every_segment_behaviour() -> None:
    """The claim the brute force rests on, checked on every string of length <= 7."""
    globs = sorted(
        {
            "".join(tokens)
            for size in range(1, 4)
            for tokens in itertools.product("ab*?", repeat=size)
            if "**" not in "".join(tokens)
        }
    )
    wanted = set(segment_classes(tuple(globs)))
    behaviours = {tuple(ref_glob(glob, text) for glob in globs): text for text in wanted}
    for size in range(1, 8):
        for chars in itertools.product("abc", repeat=size):
            text = "".join(chars)
            assert tuple(ref_glob(glob, text) for glob in globs) in behaviours, text


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty string"),
        ("a//b", "empty segment at position 2"),
        ("/a", "empty segment at position 1 (leading '/')"),
        ("a/", "empty segment at position 2 (trailing '/')"),
        ("/", "empty segment at position 1"),
        ("***", "'**' must be a whole segment"),
        ("a**", "'**' must be a whole segment (got 'a**' at position 1)"),
        ("**b", "'**' must be a whole segment"),
        ("a/**b", "'**' must be a whole segment (got '**b' at position 2)"),
        ("x/***/y", "'**' must be a whole segment (got '***' at position 2)"),
        ("a*b**", "'**' must be a whole segment"),
        (":a", "empty namespace before ':'"),
        ("Foo:a", "namespace 'Foo' is not a slug"),
        ("a_:b", "namespace 'a_' is not a slug"),
        ("a..b:c", "namespace 'a..b' is not a slug"),
        ("ns:", "nothing after namespace 'ns'"),
        ("ns:a:b", "':' is only allowed once"),
        ("a/b:c", "':' is only allowed once"),
        ("a\\b", "character '\\\\' is not allowed"),
        ("a\tb", "character '\\t' is not allowed"),
        ("a\nb", "character '\\n' is not allowed"),
        ("a\u00a0b", "character '\\xa0' is not allowed"),
        (" a", "segment ' a' at position 1 begins with a space"),
        ("a/b ", "segment 'b ' at position 2 ends with a space"),
        ("ns: a", "begins with a space"),
        ("!**", "'!**' needs a segment before it"),
        ("ns:!**", "'!**' needs a segment before it"),
        ("a/!**/b", "'!**' (the exact form) may only be the last segment"),
        ("a/!**/!**", "'!**' (the exact form) may only be the last segment"),
        ("a!**", "'**' must be a whole segment"),
    ],
)
def test_malformed_pattern_is_refused_with_a_message_naming_it(text: str, problem: str) -> None:
    with pytest.raises(ScopeError) as caught:
        parse(text)
    message = str(caught.value)
    assert message.startswith(f"scope {text!r}: ")
    assert problem in message
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ScopeError):
        check_pattern(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("src/*.py", "'*' is not allowed in a resource (segment '*.py' at position 2)"),
        ("**", "'*' is not allowed in a resource"),
        ("a//b", "empty segment at position 2"),
        ("Foo:a", "namespace 'Foo' is not a slug"),
        ("a:b:c", "':' is only allowed once"),
        ("a/ b", "begins with a space"),
        ("", "empty string"),
    ],
)
def test_malformed_resource_is_refused_with_a_message_naming_it(text: str, problem: str) -> None:
    with pytest.raises(ScopeError) as caught:
        check_resource(text)
    assert str(caught.value).startswith(f"resource {text!r}: ")
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "finance/billing/refunds",
        "repo:src/billing/x.py",
        "budget:marketing/2027/events",
        "**",
        "a/**",
        "**/x",
        "a/**/b/**/c",
        "*",
        "*.py",
        "q*-report",
        "a*b*c",
        "my.ns-1_x:a b/c",
        "a+b/[x]/(y)/é/漢字/#1",
        "v?/*.md",
        "??",
        "docs/*/!**",
        "repo:**/*.py/!**",
    ],
)
def test_well_formed_patterns_are_accepted(text: str) -> None:
    assert check_pattern(text) == text
    assert parse(text).text == text


def test_well_formed_resource_is_returned_unchanged() -> None:
    assert check_resource("repo:src/a b/x.py") == "repo:src/a b/x.py"


@pytest.mark.parametrize("value", [3, None, b"a/b", ["a"]])
def test_non_str_input_raises_invalid_type_error(value: object) -> None:
    for function in (parse, check_pattern, check_resource):
        with pytest.raises(InvalidTypeError, match="must be a str"):
            function(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="must be a str or a Pattern"):
        matches(value, "a")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="resource must be a str"):
        matches("a", value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # InvalidTypeError is a TypeError too
        overlaps("a", value)  # type: ignore[arg-type]


def test_pattern_exposes_namespace_segments_and_a_useful_repr() -> None:
    pattern = parse("repo:src/**/*.py")
    assert (pattern.text, pattern.namespace, pattern.segments) == (
        "repo:src/**/*.py",
        "repo",
        ("src", "**", "*.py"),
    )
    assert parse("a/b").namespace is None
    assert repr(pattern) == "Pattern('repo:src/**/*.py')"
    assert str(pattern) == "repo:src/**/*.py"


def test_pattern_is_frozen_hashable_and_equal_by_text() -> None:
    pattern = Pattern("a/*")
    assert pattern == parse("a/*")
    assert hash(pattern) == hash(parse("a/*"))
    assert pattern != parse("a/**")
    assert len({pattern, parse("a/*"), parse("b")}) == 2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        pattern.text = "b"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(pattern)) == pattern


def test_parse_is_cached() -> None:
    assert parse("cached/pattern/*") is parse("cached/pattern/*")


def test_pattern_constructor_checks_too() -> None:
    with pytest.raises(ScopeError, match="empty segment"):
        Pattern("a//b")


# --- hand examples -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "resource", "expected"),
    [
        ("finance/billing", "finance/billing/refunds/eu", True),
        ("finance/billing", "finance/billing", True),
        ("finance/billing", "finance", False),
        ("finance/billing", "finance/billingx", False),
        ("src/*.py", "src/a.py/anything", True),
        ("src/*.py", "src/a.pyc", False),
        ("src/*.py", "src/.py", True),
        ("a/**", "a", True),
        ("**", "anything/at/all", True),
        ("**", "repo:x", False),
        ("repo:**", "repo:x", True),
        ("repo:src", "src", False),
        ("**/x", "x", True),
        ("**/x", "a/b/x/c", True),
        ("**/x", "a/b/xx", False),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/c/d/b", True),
        ("a/**/b", "c/a/b", False),
        ("q*-report", "q3-report", True),
        ("q*-report", "q3-report-x", False),
        ("a*b*c", "abc", True),
        ("a*b*c", "aXbYc", True),
        ("a*b*c", "acb", False),
        ("a*a", "a", False),
        ("*", "x", True),
        ("a/*", "a", False),
    ],
)
def test_matches_hand_examples(pattern: str, resource: str, expected: bool) -> None:
    assert matches(pattern, resource) is expected
    assert matches(parse(pattern), resource) is expected
    assert ref_matches(pattern, resource) is expected


@pytest.mark.parametrize(
    ("p", "q", "expected", "witness"),
    [
        ("a/*", "a/b/c", True, "a/b/c"),
        ("**/x", "y/**", True, "y/x"),
        ("a*", "*b", True, "ab"),
        ("a*b", "*c*", True, "acb"),
        ("*.py", "test_*", True, "test_.py"),
        ("**", "**", True, "x"),
        ("a/**", "a/b/*.py", True, "a/b/.py"),
        ("a", "b", False, None),
        ("a*", "b*", False, None),
        ("*a", "*b", False, None),
        ("a*", "*a", True, "a"),
        ("ab*", "*ba", True, "aba"),
        ("*.py", "*.md", False, None),
        ("a/*", "b/**", False, None),
        ("repo:a", "a", False, None),
        ("repo:**", "budget:**", False, None),
        ("**/a/**/b", "**/b/**/a", True, "a/b/a"),
        ("* x", "*", True, "y x"),
    ],
)
def test_overlaps_hand_examples(p: str, q: str, expected: bool, witness: str | None) -> None:
    assert overlaps(p, q) is expected
    assert overlaps(q, p) is expected
    assert overlap_example(p, q) == witness
    if witness is not None:
        assert check_resource(witness) == witness
        assert ref_matches(p, witness)
        assert ref_matches(q, witness)


@pytest.mark.parametrize(
    ("p", "q", "expected", "witness"),
    [
        ("a/**", "a/b/*.py", True, None),
        ("a", "a/**", True, None),
        ("a/**", "a", True, None),
        ("*/b", "a/**", False, "a"),
        ("a", "a*", False, "ax"),
        ("*", "**", True, None),
        ("**", "*", True, None),
        ("*a*", "xa*", True, None),
        ("xa*", "*a*", False, "a"),
        ("*", "a/b", True, None),
        ("a/b", "*", False, "x"),
        ("**/x", "a/x", True, None),
        ("a/x", "**/x", False, "x"),
        ("src/*.py", "src/**/*.py", False, "src/x/.py"),
        ("src/**/*.py", "src/*.py", True, None),
        ("repo:a", "a", False, "a"),
        ("a*", "ab*", True, None),
        ("*b", "a*b", True, None),
        ("a*b", "ab", True, None),
        ("a*b", "a*", False, "a"),
        ("**/a*", "**/ab/**", True, None),
        ("**/*/a", "*/**/a", True, None),
        ("*/**/a", "**/*/a", True, None),
        ("*/a", "**/a", False, "a"),
    ],
)
def test_covers_hand_examples(p: str, q: str, expected: bool, witness: str | None) -> None:
    assert covers(p, q) is expected
    assert uncovered_example(p, q) == witness
    if witness is not None:
        assert check_resource(witness) == witness
        assert ref_matches(q, witness)
        assert not ref_matches(p, witness)


def test_decisions_accept_pattern_objects() -> None:
    p, q = parse("a/**"), parse("a/b/*.py")
    assert overlaps(p, q)
    assert covers(p, q)
    assert overlap_example(p, "a/b/*.py") == "a/b/.py"
    assert uncovered_example(q, p) == "a"


def test_witness_avoids_characters_the_patterns_use() -> None:
    """The filler must differ from every literal, or 'not x*' could never be witnessed."""
    witness = uncovered_example("x*", "*")
    assert witness is not None
    assert not witness.startswith("x")
    assert check_resource(witness) == witness


def test_witness_never_begins_or_ends_a_segment_with_a_space() -> None:
    # ' b' is the shortest string '* b' matches, but not a valid segment.
    assert overlap_example("* b", "*") == "x b"
    assert uncovered_example("a*", "* b") == "x b"


def test_question_mark_is_one_character_inside_a_segment() -> None:
    assert matches("v?/api", "v2/api")
    assert not matches("v?/api", "v10/api")
    assert not matches("a?b", "a/b")
    assert matches("a?b", "a?b")  # a resource may hold '?', which '?' matches
    assert matches("??*", "ab")
    assert not matches("??*", "a")
    assert overlaps("v?", "*2")
    assert overlap_example("v?", "*2") == "v2"
    assert not overlaps("??", "???")
    assert covers("?*", "*")  # every segment has a first character
    assert not covers("??*", "*")
    assert uncovered_example("??*", "*") == "x"
    assert covers("a*", "a?")
    assert not covers("a?", "a*")
    # '?' next to a space: the only segment 'x?' and '* b' share would begin with a space
    assert not overlaps("?b", "* b")


def test_exact_form_holds_the_resources_and_not_what_is_under_them() -> None:
    pattern = parse("repo:docs/*/!**")
    assert pattern.exact
    assert pattern.segments == ("docs", "*", "!**")
    assert matches(pattern, "repo:docs/a.md")
    assert not matches(pattern, "repo:docs/sub/b.md")
    assert not matches(pattern, "repo:docs")
    # The normal pattern P denotes what the exact form of P/** does.
    assert covers("a/*/**/!**", "a/*")
    assert covers("a/*", "a/*/**/!**")
    assert not parse("a/**/!**")._compiled.exact  # normalised to the normal form 'a'
    assert covers("docs", "docs/*/!**")
    assert uncovered_example("docs/*/!**", "docs/*") == "docs/x/x"
    assert not overlaps("docs/*/!**", "docs/a/b")
    assert overlap_example("docs/*/!**", "**/a.md") == "docs/a.md"
    assert covers("**/*/!**", "a/**")  # a/** below... everything of depth >= 1 is a '**/*'
    assert uncovered_example("a/b/!**", "a/b") == "a/b/x"


# --- property tests against the reference ---------------------------------------------------------

CHARS = "ab.c"
RESOURCE_SEGMENTS = st.text(alphabet=CHARS, min_size=1, max_size=4)
MEDIUM_GLOBS = (
    st.lists(st.sampled_from("ab.*? "), min_size=1, max_size=4)
    .map("".join)
    .filter(lambda glob: "**" not in glob and glob.strip() == glob)
)
MEDIUM_SEGMENTS = st.one_of(MEDIUM_GLOBS, st.just("**"))


@st.composite
def medium_patterns(draw: st.DrawFn) -> str:
    segments = draw(st.lists(MEDIUM_SEGMENTS, min_size=1, max_size=4))
    return draw(NAMESPACES) + "/".join(segments) + draw(EXACT)


@st.composite
def resources(draw: st.DrawFn) -> str:
    segments = draw(st.lists(RESOURCE_SEGMENTS, min_size=1, max_size=5))
    return draw(NAMESPACES) + "/".join(segments)


@st.composite
def instances(draw: st.DrawFn, pattern: str) -> str:
    """Draw a resource the pattern matches, by filling in its wildcards and extending it."""
    namespace, path = split_namespace(pattern)
    exact = path.endswith("/!**")
    if exact:
        path = path[: -len("/!**")]
    parts: list[str] = []
    for segment in path.split("/"):
        if segment == "**":
            parts += draw(st.lists(RESOURCE_SEGMENTS, max_size=2))
            continue
        filled = "".join(
            piece if index == 0 else draw(st.text(alphabet=CHARS, max_size=2)) + piece
            for index, piece in enumerate(segment.split("*"))
        )
        filled = "".join(draw(st.sampled_from(CHARS)) if char == "?" else char for char in filled)
        # A '*' at either end absorbs a character that keeps a space off the segment's edge.
        if filled.startswith(" ") and segment.startswith("*"):
            filled = "c" + filled
        if filled.endswith(" ") and segment.endswith("*"):
            filled += "c"
        parts.append(filled or draw(RESOURCE_SEGMENTS))
    if not parts:
        parts.append(draw(RESOURCE_SEGMENTS))
    if not exact:
        parts += draw(st.lists(RESOURCE_SEGMENTS, max_size=2))
    return (namespace + ":" if namespace else "") + "/".join(parts)


@settings(max_examples=EXAMPLES)
@given(pattern=medium_patterns(), resource=resources())
def test_matches_agrees_with_reference(pattern: str, resource: str) -> None:
    assert matches(pattern, resource) == ref_matches(pattern, resource)


@settings(max_examples=EXAMPLES)
@given(data=st.data(), pattern=medium_patterns())
def test_matches_every_instance(data: st.DataObject, pattern: str) -> None:
    """Random resources rarely match a pattern; instances always must."""
    resource = data.draw(instances(pattern))
    assert ref_matches(pattern, resource)
    assert matches(pattern, resource)


@settings(max_examples=EXAMPLES)
@given(p=small_patterns(), q=small_patterns())
def test_overlaps_agrees_with_brute_force(p: str, q: str) -> None:
    expected = ref_overlaps(p, q)
    assert overlaps(p, q) == expected
    witness = overlap_example(p, q)
    assert (witness is not None) == expected
    if witness is not None:
        assert check_resource(witness) == witness
        assert ref_matches(p, witness)
        assert ref_matches(q, witness)


@settings(max_examples=EXAMPLES)
@given(p=small_patterns(), q=small_patterns())
def test_covers_agrees_with_brute_force(p: str, q: str) -> None:
    expected = ref_covers(p, q)
    assert covers(p, q) == expected
    witness = uncovered_example(p, q)
    assert (witness is None) == expected
    if witness is not None:
        assert check_resource(witness) == witness
        assert ref_matches(q, witness)
        assert not ref_matches(p, witness)


@settings(max_examples=EXAMPLES)
@given(data=st.data(), p=medium_patterns(), q=medium_patterns())
def test_larger_patterns_decisions_witnesses_and_instances_agree(
    data: st.DataObject, p: str, q: str
) -> None:
    """Beyond the exhaustive range: the fast decisions against the automaton search, every
    witness against the reference, and the decisions against instances of q."""
    witness = overlap_example(p, q)
    assert overlaps(p, q) == (witness is not None)
    if witness is not None:
        assert check_resource(witness) == witness
        assert ref_matches(p, witness)
        assert ref_matches(q, witness)
    missing = uncovered_example(p, q)
    assert covers(p, q) == (missing is None)
    if missing is not None:
        assert check_resource(missing) == missing
        assert ref_matches(q, missing)
        assert not ref_matches(p, missing)
    instance = data.draw(instances(q))
    if covers(p, q):
        assert ref_matches(p, instance)
    if not overlaps(p, q):
        assert not ref_matches(p, instance)


# --- the index -----------------------------------------------------------------------------------

INDEX_SEGMENTS = st.sampled_from(
    ["a", "b", "c", "ab", "*", "a*", "*b", "*a*", "**", "?", "a?", "?*b"]
)


@st.composite
def index_patterns(draw: st.DrawFn) -> str:
    segments = draw(st.lists(INDEX_SEGMENTS, min_size=1, max_size=3))
    return draw(NAMESPACES) + "/".join(segments) + draw(EXACT)


INDEX_ENTRIES = st.lists(
    st.tuples(index_patterns(), st.integers(min_value=0, max_value=3)), max_size=12
)
INDEX_RESOURCES = st.lists(
    st.sampled_from(["a", "b", "c", "ab", "ba", "xa"]), min_size=1, max_size=4
)


@settings(max_examples=INDEX_EXAMPLES)
@given(
    entries=INDEX_ENTRIES, paths=st.lists(INDEX_RESOURCES, min_size=1, max_size=5), data=st.data()
)
def test_lookup_agrees_with_brute_force(
    entries: list[tuple[str, int]], paths: list[list[str]], data: st.DataObject
) -> None:
    index = ScopeIndex(entries)
    resources = [data.draw(NAMESPACES) + "/".join(path) for path in paths]
    distinct = list(dict.fromkeys((parse(text), owner) for text, owner in entries))
    expected = [
        [(pattern, owner) for pattern, owner in distinct if ref_matches(pattern.text, resource)]
        for resource in resources
    ]
    assert [index.lookup(resource) for resource in resources] == expected
    assert index.lookup_many(resources) == expected


@settings(max_examples=INDEX_EXAMPLES)
@given(entries=INDEX_ENTRIES)
def test_overlapping_pairs_agrees_with_all_pairs(entries: list[tuple[str, int]]) -> None:
    index = ScopeIndex(entries)
    distinct = list(index.entries)
    expected = {
        frozenset((first, second))
        for first, second in itertools.combinations(range(len(distinct)), 2)
        if distinct[first][1] != distinct[second][1]
        and overlaps(distinct[first][0], distinct[second][0])
    }
    position = {entry: serial for serial, entry in enumerate(distinct)}
    found = []
    for first, second, example in index.overlapping_pairs():
        assert first[1] != second[1]
        assert check_resource(example) == example
        assert ref_matches(first[0].text, example)
        assert ref_matches(second[0].text, example)
        found.append(frozenset((position[first], position[second])))
    assert len(found) == len(set(found))
    assert set(found) == expected


@settings(max_examples=INDEX_EXAMPLES)
@given(entries=INDEX_ENTRIES)
def test_index_answers_are_deterministic(entries: list[tuple[str, int]]) -> None:
    first, second = ScopeIndex(entries), ScopeIndex(list(entries))
    assert list(first.overlapping_pairs()) == list(second.overlapping_pairs())
    assert list(first.overlapping_pairs()) == list(first.overlapping_pairs())
    assert first.lookup("a/b/c") == second.lookup("a/b/c")


def test_overlapping_pairs_does_not_compare_everything_with_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """1,000 disjoint scopes (with globs) and a few wild ones: a handful of segment tests."""
    tests = 0
    original = _segments._items_intersect

    def counted(first: str | tuple[str, ...], second: str | tuple[str, ...]) -> bool:
        nonlocal tests
        tests += 1
        return original(first, second)

    monkeypatch.setattr("distauth.scopes._index._items_intersect", counted)
    entries: list[tuple[str, object]] = [
        (f"org/team{team}/area{area}/{glob}", (team, area))
        for team in range(100)
        for area in range(5)
        for glob in ("*.csv", "report-*")
    ]
    entries += [("*/team7/**", "auditor"), ("org/*/area3/*.csv", "finance")]
    pairs = list(ScopeIndex(entries).overlapping_pairs())
    # The auditor meets team7's 10 scopes and the finance one; finance meets both globs
    # ('report-*' includes 'report-x.csv') of area3 in each of the 100 teams.
    assert len(pairs) == 10 + 1 + 2 * 100
    assert tests < 500  # every pair would be about 500,000


def test_index_keeps_a_repeated_entry_once_and_a_shared_pattern_per_owner() -> None:
    index = ScopeIndex([("a/**", "x"), ("a/**", "x"), ("a", "y"), (parse("a/**"), "y")])
    assert len(index) == 3
    assert index.lookup("a/b") == [(parse("a/**"), "x"), (parse("a"), "y"), (parse("a/**"), "y")]
    owners = [(first[1], second[1]) for first, second, _ in index.overlapping_pairs()]
    assert sorted(owners) == [("x", "y"), ("x", "y")]


def test_index_lookup_of_other_namespace_is_empty() -> None:
    index = ScopeIndex([("repo:**", 1)])
    assert index.lookup("budget:a") == []
    assert index.lookup("a") == []
    assert [owner for _, owner in index.lookup("repo:a")] == [1]


def test_index_excludes_pairs_of_one_owner() -> None:
    index = ScopeIndex([("a", 1), ("a/b", 1), ("*/b", 1)])
    assert list(index.overlapping_pairs()) == []


def test_empty_index() -> None:
    index: ScopeIndex[str] = ScopeIndex([])
    assert len(index) == 0
    assert index.lookup("a") == []
    assert list(index.overlapping_pairs()) == []
    assert repr(index) == "<ScopeIndex of 0 entries>"


def test_index_refuses_malformed_resource() -> None:
    with pytest.raises(ScopeError, match="resource 'a//b'"):
        ScopeIndex([("a", 1)]).lookup("a//b")


# --- the bulk lookup: many names below few directories --------------------------------------------

BULK_NAMES = st.sampled_from(["a", "b", "ab", "ba", "xa", "c"])


@settings(max_examples=INDEX_EXAMPLES)
@given(
    entries=INDEX_ENTRIES,
    directories=st.lists(st.lists(BULK_NAMES, max_size=3), min_size=1, max_size=3),
    data=st.data(),
)
def test_serials_many_agrees_with_brute_force_on_shared_directories(
    entries: list[tuple[str, int]], directories: list[list[str]], data: st.DataObject
) -> None:
    # Many resources share a directory here, so the bulk path's per-directory answers (and
    # the lone-'*' entries kept on a node rather than behind a glob edge) are exercised.
    index = ScopeIndex(entries)
    resources = []
    for _ in range(data.draw(st.integers(min_value=1, max_value=12))):
        directory = data.draw(st.sampled_from(directories))
        namespace = data.draw(NAMESPACES)
        resources.append(namespace + "/".join([*directory, data.draw(BULK_NAMES)]))
    distinct = index.entries
    expected = [
        [serial for serial, (pattern, _) in enumerate(distinct) if ref_matches(pattern.text, r)]
        for r in resources
    ]
    assert index.serials_many(resources) == expected
    # One at a time (no directory seen before) gives the same answers.
    assert [index.serials_many([r])[0] for r in resources] == expected


@pytest.mark.parametrize(
    "bad",
    [
        "d/a b/ ",
        "d/a b/x ",
        "d/a b/ x",
        "d/a b/x*",
        "d/a b/x:y",
        "d/a b/x\\y",
        "d/a b/x\ty",
        "d/a b/",
    ],
)
def test_serials_many_checks_names_in_a_directory_already_seen(bad: str) -> None:
    # The first resource makes 'd/a b' a known directory; a malformed name below it is still
    # refused with the message a full check gives.
    index = ScopeIndex([("d/*", 1)])
    assert index.serials_many(["d/a b/ok", "d/a b/ok"]) == [[0], [0]]
    with pytest.raises(ScopeError) as expected:
        index.lookup(bad)
    with pytest.raises(ScopeError) as found:
        index.serials_many(["d/a b/ok", bad])
    assert str(found.value) == str(expected.value)


def test_serials_many_never_mistakes_a_root_file_key_for_a_directory() -> None:
    index = ScopeIndex([("n:*", 1)])
    assert index.serials_many(["n:a"]) == [[0]]
    with pytest.raises(ScopeError, match="empty segment"):
        index.serials_many(["n:a", "n:/a"])
