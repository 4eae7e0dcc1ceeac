"""Nothing recurses on the org's depth: 100,000-deep chains validate and answer queries."""

from __future__ import annotations

import sys

import pytest

import distauth as da
from tests.conftest import DAY

N = 100_000


@pytest.fixture(scope="module")
def deep_chain() -> da.Org:
    """a0 > a1 > ... > a99999, alternating two DRIs."""
    org = da.Org()
    org.add(da.Person("ana"), da.Person("bo"))
    org.add(
        *(
            da.Area(f"a{i}", parent=f"a{i - 1}" if i else None, purpose="x", advisors=("ana",))
            for i in range(N)
        ),
        *(da.DRI(f"a{i}", "ana" if i % 2 else "bo") for i in range(N)),
    )
    return org


def test_a_100k_deep_area_chain_validates(deep_chain: da.Org) -> None:
    assert sys.getrecursionlimit() < N
    report = da.validate(deep_chain, on=DAY)
    # Two people share 100,000 areas: the only finding is that they are overloaded.
    assert [(f.code, f.subjects) for f in report] == [("DA501", ("ana",)), ("DA501", ("bo",))]


def test_queries_walk_a_100k_deep_chain(deep_chain: da.Org) -> None:
    path = deep_chain.escalation_path(f"a{N - 1}", on=DAY)
    assert path.ok
    assert len(path) == N
    assert deep_chain.arbiter(f"a{N - 1}", "a5") == deep_chain.areas["a5"]


def test_a_100k_deep_parent_cycle_is_one_finding(deep_chain: da.Org) -> None:
    org = deep_chain.copy()
    org.replace(da.Area("a0", parent=f"a{N - 1}", purpose="x", advisors=("ana",)))
    (finding,) = da.validate(org, select=["DA202"], on=DAY)
    assert len(finding.subjects) == N


def test_a_100k_long_escalation_chain_validates() -> None:
    """Every area escalates to the previous one explicitly; all hang off one top area."""
    org = da.Org()
    org.add(da.Person("ana"), da.Person("bo"), da.Area("top"), da.DRI("top", "ana"))
    org.add(
        *(
            da.Area(f"e{i}", parent="top", escalates_to=f"e{i - 1}" if i else "top")
            for i in range(N)
        ),
        *(da.DRI(f"e{i}", "bo" if i % 2 else "ana") for i in range(N)),
    )
    report = da.validate(org, select=["DA4"], on=DAY)
    # Every override but the first points sideways, to a sibling: DA403 for each.
    assert len(report.by_code()["DA403"]) == N - 1
    assert "DA401" not in report.by_code()
    path = org.escalation_path(f"e{N - 1}", on=DAY)
    assert path.ok
    assert len(path) == N + 1


def test_a_100k_long_escalation_cycle_is_one_finding() -> None:
    org = da.Org()
    org.add(
        *(da.Area(f"e{i}", escalates_to=f"e{(i + 1) % N}") for i in range(N)),
    )
    (finding,) = da.validate(org, select=["DA401"], on=DAY)
    assert len(finding.subjects) == N
