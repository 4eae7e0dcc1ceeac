"""Limits of the scope algorithms: hostile patterns and resources answer fast, never recurse.

Each test here hung, took seconds or raised RecursionError before the scope language was
decided on segments (instead of subsets of character automata) and the index stopped comparing
wildcard-led scopes pairwise. Work is counted where it can be (calls of the inner tests), and
timed only with bounds far above the figures measured (see benchmarks/bench_scopes_limits.py),
so that a shared machine does not make them flaky.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

import distauth as da
from distauth.scopes import (
    ScopeIndex,
    _covering,
    _segments,
    covers,
    matches,
    overlap_example,
    overlaps,
    uncovered_example,
)

# Seconds any one hostile call below may take; before the fixes each took minutes or never
# returned. Measured figures are milliseconds.
BOUND = 3.0


def timed(function: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    # CPU time of this process: a busy shared machine stretches wall time, not this.
    start = time.process_time()
    result = function(*args)
    return result, time.process_time() - start


STAR_SEGMENTS = "/".join(["*"] * 20)
HOSTILE_PAIRS = [
    # 20 '*' segments against 20 '**': a 40-byte scope used to hang DA302.
    (STAR_SEGMENTS + "/x", "/".join(["**"] * 20) + "/x"),
    ("/".join(["**"] * 20) + "/x", STAR_SEGMENTS + "/x"),
    ("/".join(["**", "*"] * 20), STAR_SEGMENTS),
    # '**' then a window of 20 wildcards: the classic exponential automaton.
    ("**/a/" + STAR_SEGMENTS + "/b", "x/**/a/" + STAR_SEGMENTS + "/b"),
    ("**/a/" + STAR_SEGMENTS + "/b", "**/a/**/" + "a/**/" * 10 + "b"),
    # 1,000-character globs.
    ("*a" * 500, "*a" * 499 + "*"),
    ("a*" * 500, "*" + "a*" * 500),
    ("*" + "ab?" * 300 + "*", "*" + "ab?" * 300 + "*"),
    ("x/" + "*b" * 500 + "/**", "x/" + "a*b" * 333 + "/y"),
    # A window of '?' in p: every character q may write used to be tried at every step.
    ("*a" + "?" * 40 + "b*", "*a" + "?" * 39 + "cb*"),
    ("*a" + "?" * 40 + "b*", "x*a" + "*?" * 39 + "cb*"),
    ("*a" + "?" * 40 + "b*", "*a" + "*a" * 40 + "*b*"),
]


@pytest.mark.parametrize(("p", "q"), HOSTILE_PAIRS)
def test_hostile_patterns_are_decided_fast_and_consistently(p: str, q: str) -> None:
    for function in (covers, uncovered_example, overlaps, overlap_example):
        _result, seconds = timed(function, p, q)
        assert seconds < BOUND, (function.__name__, seconds)
    missing = uncovered_example(p, q)
    assert covers(p, q) == (missing is None)
    if missing is not None:
        assert matches(q, missing)
        assert not matches(p, missing)
    witness = overlap_example(p, q)
    assert overlaps(p, q) == (witness is not None)
    if witness is not None:
        assert matches(p, witness)
        assert matches(q, witness)


def test_the_covering_search_visits_few_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A '**' followed by 20 wildcards: the sets of live positions number 2**20; few are met."""
    calls = 0
    original = _covering._Cover.choices

    def counted(self: _covering._Cover, states: int, item: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, states, item)

    monkeypatch.setattr(_covering._Cover, "choices", counted)
    assert not covers("**/a/" + STAR_SEGMENTS + "/b", "**/a/**/" + "a/**/" * 10 + "b")
    assert calls < 5_000


def test_deep_patterns_build_an_index_without_recursion() -> None:
    deep = "/".join(f"s{i}" for i in range(5_000))
    index = ScopeIndex([(deep, 1), (deep + "/**", 2), ("**/s4999", 3), (deep + "/!**", 4)])
    assert [owner for _, owner in index.lookup(deep + "/x")] == [1, 2, 3]
    assert [owner for _, owner in index.lookup(deep)] == [1, 2, 3, 4]
    pairs = {(a[1], b[1]) for a, b, _ in index.overlapping_pairs()}
    assert pairs == {(1, 2), (1, 3), (2, 3), (1, 4), (2, 4), (3, 4)}


def test_lookup_is_linear_in_the_resource_depth() -> None:
    """Under '**/a' every segment of a/a/a/... matches again: found entries used to be copied
    at every step, quadratic in the depth."""
    index = ScopeIndex([("**/a", 1), ("a/**", 2), ("**/a/**/a", 3)])
    _result, small = timed(index.lookup, "/".join(["a"] * 20_000))
    _result, large = timed(index.lookup, "/".join(["a"] * 80_000))
    assert large < BOUND
    assert [owner for _, owner in index.lookup("/".join(["a"] * 80_000))] == [1, 2, 3]
    del small
    _result, many = timed(index.lookup_many, ["/".join(["a"] * 80_000)])
    assert many < BOUND


def test_who_decides_on_a_deep_resource_is_fast() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("ops", scopes=["**/a"]), da.DRI("ops", "ana"))
    resource = "/".join(["a"] * 80_000)
    decision, seconds = timed(org.who_decides, resource)
    assert decision.area is not None
    assert decision.area.id == "ops"
    assert seconds < BOUND
    decisions, seconds = timed(org.who_decides_many, [resource, resource + "/b"])
    assert [d.area.id for d in decisions if d.area is not None] == ["ops", "ops"]
    assert seconds < BOUND


def test_wildcard_led_scopes_are_not_compared_pairwise(monkeypatch: pytest.MonkeyPatch) -> None:
    """8,000 '*/svc{i}/**' scopes took 25 s in DA301: every pair at the root was tested."""
    tests = 0
    original = _segments._items_intersect

    def counted(first: Any, second: Any) -> bool:
        nonlocal tests
        tests += 1
        return original(first, second)

    monkeypatch.setattr("distauth.scopes._index._items_intersect", counted)
    entries = [(f"*/svc{i}/**", i) for i in range(8_000)] + [("*/svc7/x", "other")]
    pairs = list(ScopeIndex(entries).overlapping_pairs())
    assert [(a[1], b[1]) for a, b, _ in pairs] == [(7, "other")]
    assert tests < 100


def _wild_org(count: int) -> da.Org:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("root", scopes=["*/svc*/**"]), da.DRI("root", "ana"))
    org.add(
        *(da.Area(f"svc{i}", parent="root", scopes=[f"*/svc{i}/**"]) for i in range(count)),
        da.Area("stray", parent="root", scopes=["*/other/**"]),
        da.Area("dup", parent="root", scopes=["*/svc7/x"]),
    )
    return org


def test_da301_and_da302_on_wildcard_led_scopes_are_near_linear() -> None:
    org = _wild_org(10_000)
    report, seconds = timed(lambda: da.validate(org, select=["DA301", "DA302"]))
    assert [(f.code, f.subjects) for f in report] == [
        ("DA301", ("dup", "svc7")),
        ("DA302", ("stray", "root")),
    ]
    assert seconds < 10 * BOUND


def test_da302_runs_covers_on_candidates_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parent with 2,000 scopes and children with one each: covers() per child, not per pair."""
    calls = 0
    original = _covering._Cover.decide

    def counted(self: _covering._Cover) -> Any:
        nonlocal calls
        calls += 1
        return original(self)

    monkeypatch.setattr(_covering._Cover, "decide", counted)
    org = da.Org()
    org.add(da.Area("top", scopes=[f"t{i}/*/**" for i in range(2_000)]))
    org.add(*(da.Area(f"c{i}", parent="top", scopes=[f"t{i}/*/x/**"]) for i in range(2_000)))
    org.add(da.Area("out", parent="top", scopes=["*/y"]))
    findings = da.validate(org, select=["DA302"])
    assert [f.subjects for f in findings] == [("out", "top")]
    assert calls < 3 * 2_000
