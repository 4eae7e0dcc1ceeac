"""distauth.strategies and distauth.testing: generation, shrinking, registration, the machine."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import invariant

import distauth as da
from distauth.strategies import DEFECTS, broken_orgs, orgs
from distauth.testing import OrgStateMachine, assert_findings, assert_valid
from tests.conftest import DAY
from tests.helpers import EXTRAS

VALID_EXAMPLES = 5_000 if os.environ.get("HYPOTHESIS_PROFILE") == "slow" else 500


@settings(max_examples=VALID_EXAMPLES)
@given(orgs(dated=True, max_areas=30))
def test_valid_orgs_never_have_an_error_finding(org: da.Org) -> None:
    assert_valid(org, on=DAY, fail_on="info")


@settings(max_examples=VALID_EXAMPLES // 2)
@given(orgs(dated=True, max_areas=20, **EXTRAS))
def test_valid_orgs_with_every_second_wave_part_have_no_finding(org: da.Org) -> None:
    assert_valid(org, on=DAY, fail_on="info")


@given(orgs(max_areas=12, **EXTRAS))
def test_the_second_wave_switches_draw_what_they_name(org: da.Org) -> None:
    people = org.people.values()
    assert all(p.handles for p in people if p.kind == "human")
    assert any(p.kind != "human" for p in people)
    assert any(r.collective for r in org.roles.values())
    assert all(a.nobody or org.dris(a.id, on=DAY) for a in org.areas.values())
    for record in org.decisions.values():
        assert record.area is not None
        decider = org.dri_of(record.area, on=record.date)
        assert decider is not None
        assert record.decided_by == (decider.id,)
        assert record.consulted == org.areas[record.area].advisors


@given(st.one_of(orgs(dated=True), orgs(valid=False)))
def test_without_the_switches_no_second_wave_part_is_drawn(org: da.Org) -> None:
    assert all(not p.handles and p.kind == "human" for p in org.people.values())
    assert all(not r.handles and not r.collective for r in org.roles.values())
    assert all(a.deputy is None and not a.nobody for a in org.areas.values())
    assert (org.absences, len(org.decisions)) == ((), 0)


@given(orgs(min_areas=3, max_areas=6, max_depth=2, min_people=4, max_people=9))
def test_sizes_are_respected(org: da.Org) -> None:
    assert 3 <= len(org.areas) <= 6
    assert len(org.people) >= 4
    depth_one = [a.parent for a in org.areas.values() if a.parent is not None]
    assert all(org.areas[p].parent is None for p in depth_one)


@given(orgs(roles=False, scopes=False))
def test_roles_and_scopes_can_be_turned_off(org: da.Org) -> None:
    assert len(org.roles) == 0
    assert all(not a.scopes for a in org.areas.values())
    assert org.resources == ()


#: Rules that judge the org against the run's inventory (Config.inventory), which an org
#: does not hold, so no defect injected into an org can fire them (tests/test_inventory.py).
RUN_INVENTORY_RULES = {"DA304"}


def test_every_error_and_warning_rule_is_reachable_from_broken_orgs() -> None:
    failing = {c for c in da.RULES if da.RULES[c].severity is not da.Severity.INFO}
    assert failing - RUN_INVENTORY_RULES <= set(DEFECTS)
    assert set(DEFECTS) == set(da.RULES) - RUN_INVENTORY_RULES


@given(broken_orgs(on=DAY))
def test_broken_orgs_give_exactly_the_expected_findings(case: tuple[da.Org, frozenset]) -> None:  # type: ignore[type-arg]
    org, expected = case
    assert_findings(org, expected, on=DAY)


def test_a_failure_shrinks_to_the_smallest_org() -> None:
    smallest = find(orgs(), lambda org: len(org.areas) > 3, settings=settings(database=None))
    assert len(smallest.areas) == 4
    assert all(area.parent is None or area.parent in smallest.areas
               for area in smallest.areas.values())  # fmt: skip


@pytest.mark.parametrize(
    "strategy",
    [
        lambda: orgs(min_areas=0),
        lambda: orgs(min_areas=5, max_areas=2),
        lambda: orgs(max_areas=1.5),  # type: ignore[arg-type]
        lambda: orgs(min_people=3, max_people=2),
        lambda: orgs(valid="yes"),  # type: ignore[arg-type]
        lambda: orgs(max_depth=0),
        lambda: orgs(teams=1),  # type: ignore[arg-type]
        lambda: broken_orgs(defects=["DA999"]),
        lambda: broken_orgs(defects="DA101"),
        lambda: broken_orgs(min_areas=1),
        lambda: broken_orgs(on="2027-01-01"),  # type: ignore[arg-type]
    ],
)
def test_invalid_arguments_are_refused_at_once(strategy: object) -> None:
    with pytest.raises(InvalidArgument):
        strategy()  # type: ignore[operator]


@given(st.from_type(da.Org), st.from_type(da.Person), st.from_type(da.Area), st.from_type(da.DRI))
def test_from_type_works_once_distauth_is_installed(
    org: da.Org, person: da.Person, area: da.Area, dri: da.DRI
) -> None:
    assert isinstance(org, da.Org)
    assert isinstance(person, da.Person)
    assert isinstance(area, da.Area)
    assert isinstance(dri, da.DRI)


def test_the_hypothesis_hook_does_not_import_distauth() -> None:
    code = "import sys, hypothesis; print(any(m.startswith('distauth') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_from_type_works_when_distauth_is_imported_first() -> None:
    code = (
        "import distauth, hypothesis.strategies as st\n"
        "print(type(st.from_type(distauth.Org).example()).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Org"


def test_strategies_without_hypothesis_name_the_extra() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import distauth.strategies\nexcept ImportError as e:\n    print(e)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'distauth[hypothesis]'" in out.stdout


def test_assert_valid_lists_failing_findings() -> None:
    org = da.Org()
    org.add(da.Area("ops"))
    with pytest.raises(AssertionError) as info:
        assert_valid(org, on=DAY)
    assert "DA101 [error] area 'ops' has no DRI in effect on 2026-11-27" in str(info.value)
    report = assert_valid(org, on=DAY, fail_on="error", select=["DA5"])
    assert [f.code for f in report] == ["DA502", "DA503"]


def test_assert_findings_shows_missing_and_unexpected() -> None:
    org = da.Org()
    org.add(da.Area("ops", purpose="x", advisors=["ana"]))
    with pytest.raises(AssertionError, match=r"missing:\n  DA999 \('x',\)\nunexpected:"):
        assert_findings(org, [("DA999", ["x"])], select=["DA1"], on=DAY)


class MachineWithBudget(OrgStateMachine):
    """The library's machine as is: its own invariants, 100 steps per example."""


MachineWithBudget.TestCase.settings = settings(
    max_examples=10, stateful_step_count=100, deadline=None
)
TestOrgStateMachine = MachineWithBudget.TestCase


def test_a_users_invariant_is_checked_after_every_step() -> None:
    steps: list[int] = []

    class AtMostThreeAreas(OrgStateMachine):
        @invariant()
        def few_areas(self) -> None:
            steps.append(len(self.org.areas))
            assert len(self.org.areas) <= 3

    AtMostThreeAreas.TestCase.settings = settings(
        max_examples=50, stateful_step_count=20, deadline=None, database=None
    )
    with pytest.raises(AssertionError):
        AtMostThreeAreas.TestCase().runTest()
    assert max(steps) == 4  # found, and shrunk to the first step past the limit


def test_the_machine_runs_a_hundred_steps_per_example() -> None:
    counted: list[int] = []

    class Counting(OrgStateMachine):
        def __init__(self) -> None:
            super().__init__()
            counted.append(0)

        @invariant()
        def count(self) -> None:
            counted[-1] += 1

    Counting.TestCase.settings = MachineWithBudget.TestCase.settings
    Counting.TestCase().runTest()
    # Invariants run after initialisation and after each of the 100 steps.
    assert max(counted) >= 100


@pytest.mark.parametrize(
    "strategy", [broken_orgs(defects=["DA101"], max_areas=3), orgs(max_areas=3)]
)
def test_a_falsifying_example_prints_code_that_rebuilds_what_was_drawn(
    strategy: st.SearchStrategy[object],
) -> None:
    drawn: list[object] = []

    @settings(max_examples=1, database=None, derandomize=True)
    @given(strategy)
    def fails(value: object) -> None:
        drawn.append(value)
        raise AssertionError

    with pytest.raises(AssertionError) as info:
        fails()
    printed = "\n".join(getattr(info.value, "__notes__", []))
    assert "object at 0x" not in printed
    assert "distauth.loads('''" in printed
    # What it prints is Python that rebuilds the value drawn (the org, and any expected set).
    last = drawn[-1]
    assert eval(repr(last), {"distauth": da, "frozenset": frozenset}) == last
