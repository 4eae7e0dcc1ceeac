"""DA505 (nobody decides while the DRI is away) and DA506 (a single point of failure)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import distauth as da
from distauth._config import read_config
from distauth.rules.availability import left_with_nobody, nobody_after
from distauth.strategies import broken_orgs, orgs
from tests.conftest import DAY

AWAY = da.Absence("ana", start=DAY - dt.timedelta(days=2), end=DAY + dt.timedelta(days=5))


def _found(org: da.Org, code: str, config: da.Config | None = None) -> list[tuple[str, ...]]:
    return [f.subjects for f in da.validate(org, select=[code], on=DAY, config=config)]


# --- DA505 -------------------------------------------------------------------------------------


def _away() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Area("billing", scopes=["billing/**"]),
        da.DRI("billing", "ana"),
        AWAY,
    )
    return org


def test_da505_an_absent_dri_without_a_deputy() -> None:
    org = _away()
    (finding,) = da.validate(org, select=["DA505"], on=DAY)
    assert finding.subjects == ("billing", "ana")
    assert finding.severity == "warning"
    assert finding.message == (
        f"nobody decides for area 'billing' on {DAY.isoformat()}: 'ana' is absent and it has "
        "no deputy"
    )
    # Not before the absence, not on the day ana is back.
    assert _found(org, "DA505") == [("billing", "ana")]
    assert list(da.validate(org, select=["DA505"], on=AWAY.start - dt.timedelta(days=1))) == []
    assert list(da.validate(org, select=["DA505"], on=AWAY.end)) == []


def test_da505_the_fix_is_a_deputy_who_is_there() -> None:
    org = _away()
    org.replace(da.Area("billing", scopes=["billing/**"], deputy="bo"))
    assert _found(org, "DA505") == []
    assert org.who_decides("billing/invoices", on=DAY).by_deputy  # as who_decides answers it
    # A deputy away at the same time stands in for nobody.
    org.add(da.Absence("bo", start=DAY, end=DAY + dt.timedelta(days=1)))
    (finding,) = da.validate(org, select=["DA505"], on=DAY)
    assert finding.subjects == ("billing", "ana")
    assert finding.message.endswith("its deputy 'bo' cannot stand in")


def test_da505_through_a_role_and_a_team() -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Role("lead", holders=["ana"]),
        da.Role("crew", holders=["ana", "bo"], collective=True),
        da.Area("billing"),
        da.Area("support"),
        da.DRI("billing", "lead"),
        da.DRI("support", "crew"),
        AWAY,
    )
    # The lead role's only holder is away; half the team is still there.
    assert _found(org, "DA505") == [("billing", "ana")]
    org.add(da.Absence("bo", start=DAY, end=DAY + dt.timedelta(days=1)))
    assert sorted(_found(org, "DA505")) == [("billing", "ana"), ("support", "ana", "bo")]


# --- DA506 -------------------------------------------------------------------------------------


def _lonely() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Area("co"),
        da.Area("ops", parent="co"),
        da.Area("web", parent="co"),
        da.Area("docs", parent="web"),
        da.DRI("co", "ana"),
        da.DRI("ops", "ana"),
        da.DRI("web", "ana"),
        da.DRI("docs", "bo"),
    )
    return org


def test_da506_a_person_whose_leaving_strands_three_areas() -> None:
    org = _lonely()
    (finding,) = da.validate(org, select=["DA506"], on=DAY)
    assert finding.subjects == ("ana",)
    assert finding.severity == "warning"
    assert finding.message == (
        "if 'ana' left, 3 areas would have nobody to decide: 'co', 'ops', 'web'"
    )
    # bo's docs would fall back to web's DRI: not stranded.
    assert org.impact("ana", on=DAY).nobody == ("co", "ops", "web")


def test_da506_the_fix_is_a_deputy_or_someone_above() -> None:
    org = _lonely()
    org.replace(da.Area("web", parent="co", deputy="bo"))
    assert _found(org, "DA506") == []  # two areas left: under the threshold
    assert _found(org, "DA506", da.Config(spof_threshold=2)) == [("ana",)]
    moves = {m.area: m for m in org.impact("ana", on=DAY).moves}
    assert moves["web"].deputy
    assert moves["web"].to == "bo"
    assert moves["web"].describe() == "'web' has no DRI left: its deputy bo can decide"
    # Someone else at the top: every area falls back to them.
    other = _lonely()
    other.add(da.Area("board"), da.DRI("board", "bo"))
    other.replace(da.Area("co", parent="board"))
    assert _found(other, "DA506") == []


def test_da506_a_role_its_only_holder_leaves_decides_nothing() -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Role("lead", holders=["ana"]),
        *(da.Area(a) for a in ("x", "y", "z")),
        *(da.DRI(a, "lead") for a in ("x", "y", "z")),
    )
    assert _found(org, "DA506") == [("ana",)]
    # A second holder makes the role ambiguous today (DA105), but not empty when ana leaves.
    org.replace(da.Role("lead", holders=["ana", "bo"]))
    assert _found(org, "DA506") == []


def test_da506_the_threshold_is_read_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.distauth]\nspof-threshold = 4\n")
    config = read_config(tmp_path / "pyproject.toml")
    assert config.spof_threshold == 4
    assert _found(_lonely(), "DA506", config) == []
    (tmp_path / ".distauth.toml").write_text("spof-threshold = 1\n")
    assert read_config(tmp_path / ".distauth.toml").spof_threshold == 1


def test_da506_in_a_loop_of_parent_links() -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Area("a", parent="b"),
        da.Area("b", parent="c"),
        da.Area("c", parent="a"),
        da.Area("d", parent="a"),
        *(da.DRI(x, "ana") for x in "abcd"),
    )
    assert nobody_after(org, DAY) == {"ana": ["a", "b", "c", "d"]}


# --- the fast answer for everyone is the per-person definition --------------------------------


def _naive(org: da.Org, day: dt.date) -> dict[str, list[str]]:
    out = {}
    for person in sorted(org.people):
        stranded = [
            a.id for a in org.areas_of(person, on=day) if left_with_nobody(org, a.id, person, day)
        ]
        if stranded:
            out[person] = sorted(stranded)
    return out


@st.composite
def _any_orgs(draw: st.DrawFn) -> da.Org:
    org = draw(
        orgs(max_areas=12, dated=True, teams=True, deputies=True, nobody=True)
        | broken_orgs(max_areas=12).map(lambda pair: pair[0])
    )
    # Stir in what the generators keep apart: shared DRIs, parent loops, vacant roles.
    areas = sorted(org.areas)
    holders = [*sorted(org.people), *sorted(org.roles), "ghost"]
    for _ in range(draw(st.integers(0, 4))):
        area = draw(st.sampled_from(areas))
        record = da.DRI(area, draw(st.sampled_from(holders)))
        if record not in org.all_dris():
            org.add(record)
    for area in draw(st.lists(st.sampled_from(areas), max_size=2)):
        org.replace(attrs.evolve(org.areas[area], parent=draw(st.sampled_from([*areas, None]))))
    return org


@settings(max_examples=150)
@given(_any_orgs())
def test_nobody_after_is_impact_for_every_person(org: da.Org) -> None:
    fast = nobody_after(org, DAY)
    assert fast == _naive(org, DAY)
    for person in org.people:
        assert list(org.impact(person, on=DAY).nobody) == fast.get(person, [])
