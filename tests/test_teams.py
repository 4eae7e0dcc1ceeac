"""Collective roles (teams) as DRIs, people who are not human, and areas nobody holds."""

from __future__ import annotations

import datetime as dt

import distauth as da
from tests.conftest import DAY


def findings(org: da.Org, *codes: str) -> list[tuple[str, tuple[str, ...]]]:
    report = da.validate(org, select=list(codes) or None, on=DAY)
    return [(f.code, f.subjects) for f in report.findings]


def team_org(*holders: str, kinds: dict[str, str] | None = None) -> da.Org:
    org = da.Org()
    kinds = kinds or {}
    org.add(*(da.Person(h, kind=kinds.get(h, "human")) for h in holders if not h.startswith("x")))
    org.add(
        da.Role("payments", holders=holders, collective=True, handles=["@acme/payments"]),
        da.Area("billing", scopes=["finance/billing/**"], purpose="p", advisors=["payments"]),
        da.DRI("billing", "payments"),
    )
    return org


def test_a_team_as_dri_decides_through_its_holders_in_their_order() -> None:
    decision = team_org("bo", "ana").who_decides("finance/billing/x", on=DAY)
    assert decision.dri is None
    assert [d.id for d in decision.deciders] == ["bo", "ana"]
    assert decision.area is not None
    assert decision.dri_area == decision.area
    assert not decision.fallback
    assert "any of bo, ana" in decision.explain()


def test_a_team_whose_members_are_not_listed_decides_as_itself() -> None:
    decision = team_org().who_decides("finance/billing/x", on=DAY)
    assert [type(d).__name__ for d in decision.deciders] == ["Role"]
    assert decision.deciders[0].id == "payments"
    assert "lists none of its members" in decision.explain()


def test_a_team_of_one_is_still_a_team_not_a_single_dri() -> None:
    org = team_org("ana")
    assert org.dri_of("billing", on=DAY) is None
    assert [d.id for d in org.who_decides("finance/billing", on=DAY).deciders] == ["ana"]


def test_a_normal_area_has_its_dri_as_only_decider_and_a_vacancy_none() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("a", scopes=["a"]), da.Area("b", scopes=["b"]))
    org.add(da.DRI("a", "ana"))
    assert [d.id for d in org.who_decides("a", on=DAY).deciders] == ["ana"]
    assert org.who_decides("b", on=DAY).deciders == ()
    assert org.who_decides("c", on=DAY).deciders == ()


def test_a_team_dri_is_reported_once_as_da106_not_as_da105() -> None:
    assert findings(team_org("ana", "bo", "cy"), "DA1") == [("DA106", ("billing", "payments"))]


def test_each_collectively_decided_area_is_reported_once() -> None:
    org = team_org("ana", "bo")
    org.add(da.Area("sales", purpose="p", advisors=["ana"]), da.DRI("sales", "payments"))
    assert sorted(findings(org, "DA106")) == [
        ("DA106", ("billing", "payments")),
        ("DA106", ("sales", "payments")),
    ]


def test_an_ended_team_assignment_is_history() -> None:
    org = team_org("ana", "bo")
    (record,) = org.all_dris()
    org.remove(record)
    org.add(
        da.DRI("billing", "payments", end=DAY),
        da.DRI("billing", "ana", start=DAY),
    )
    assert findings(org, "DA106") == []


def test_a_bot_as_dri_is_da107() -> None:
    org = da.Org()
    org.add(da.Person("ci", kind="bot"), da.Area("releases"), da.DRI("releases", "ci"))
    assert findings(org, "DA107") == [("DA107", ("releases", "ci"))]
    assert "a bot" in da.validate(org, select=["DA107"], on=DAY).findings[0].message


def test_an_agent_through_a_role_held_alone_is_da107() -> None:
    org = da.Org()
    org.add(
        da.Person("helper", kind="agent"),
        da.Role("lead", holders=["helper"]),
        da.Area("ops"),
        da.DRI("ops", "lead"),
    )
    assert findings(org, "DA107") == [("DA107", ("ops", "helper"))]


def test_a_team_of_bots_is_da107_but_a_team_with_one_human_is_not() -> None:
    bots = team_org("b1", "b2", kinds={"b1": "bot", "b2": "agent"})
    assert findings(bots, "DA107") == [("DA107", ("billing", "payments"))]
    mixed = team_org("b1", "ana", kinds={"b1": "bot"})
    assert findings(mixed, "DA107") == []


def test_a_team_without_listed_members_is_not_judged_human_or_not() -> None:
    assert findings(team_org(), "DA107") == []


def test_human_dris_are_not_da107() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
    assert findings(org, "DA107") == []


# --- explicitly nobody ------------------------------------------------------------------------


def nobody_org() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Area("repo", scopes=["repo:**"], purpose="p", advisors=["ana"]),
        da.Area("vendor", parent="repo", scopes=["repo:vendor/**"], purpose="p", nobody=True),
        da.Area("lib", parent="vendor", scopes=["repo:vendor/lib/**"], purpose="p"),
        da.DRI("repo", "ana"),
    )
    return org


def test_a_nobody_area_answers_nobody_without_falling_back() -> None:
    decision = nobody_org().who_decides("repo:vendor/x.c", on=DAY)
    assert decision.area is not None
    assert decision.area.id == "vendor"
    assert (decision.dri, decision.deciders, decision.fallback, decision.nobody) == (
        None,
        (),
        False,
        True,
    )
    assert decision.dri_area is None
    assert "nobody holds its scopes" in decision.explain()
    assert "does not fall back" in decision.explain()


def test_a_vacant_area_inside_a_nobody_area_falls_back_to_nobody() -> None:
    decision = nobody_org().who_decides("repo:vendor/lib/a.c", on=DAY)
    assert decision.area is not None
    assert decision.area.id == "lib"
    assert decision.fallback
    assert decision.nobody
    assert decision.deciders == ()
    assert decision.dri is None


def test_a_normal_vacant_area_still_falls_back() -> None:
    org = nobody_org()
    org.replace(da.Area("vendor", parent="repo", scopes=["repo:vendor/**"], purpose="p"))
    decision = org.who_decides("repo:vendor/x.c", on=DAY)
    assert decision.fallback
    assert decision.dri is not None
    assert decision.dri.id == "ana"
    assert not decision.nobody


def test_da101_and_da502_are_silent_for_a_nobody_area_but_not_for_its_vacant_child() -> None:
    codes = findings(nobody_org(), "DA101", "DA502")
    assert sorted(codes) == [("DA101", ("lib",)), ("DA502", ("lib",))]


def test_a_dri_in_effect_on_a_nobody_area_decides() -> None:
    org = nobody_org()
    org.add(da.Person("bo"), da.DRI("vendor", "bo", start=dt.date(2027, 1, 1)))
    before = org.who_decides("repo:vendor/x", on=DAY)
    after = org.who_decides("repo:vendor/x", on=dt.date(2027, 1, 1))
    assert before.deciders == ()
    assert before.nobody
    assert after.dri is not None
    assert after.dri.id == "bo"
    assert not after.nobody


def test_who_decides_many_gives_the_same_answers_as_one_by_one() -> None:
    org = nobody_org()
    org.add(da.Person("bo"), da.Role("t", holders=["ana", "bo"], collective=True))
    org.replace(da.Area("lib", parent="vendor", scopes=["repo:vendor/lib/**"], purpose="p"))
    org.add(da.DRI("lib", "t"))
    resources = ["repo:a", "repo:vendor/b", "repo:vendor/lib/c", "repo:vendor/lib/d", "x"]
    assert org.who_decides_many(resources, on=DAY) == [
        org.who_decides(r, on=DAY) for r in resources
    ]


def test_a_team_of_one_does_not_make_its_member_the_areas_dri() -> None:
    org = team_org("ana")
    assert org.areas_of("ana", on=DAY) == ()


def test_a_team_may_hold_a_team_but_a_single_role_may_not() -> None:
    # CODEOWNERS' "@ana @org/core" is a team whose holders are a person and a team: the team
    # decides as itself (see test_interop_codeowners), so holding it is no wrong kind.
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Role("core", collective=True, handles=["@org/core"]),
        da.Role("owners", holders=["ana", "core"], collective=True),
        da.Area("web", scopes=["web"]),
        da.DRI("web", "owners"),
    )
    assert not da.validate(org, select=["DA201", "DA203"]).findings
    deciders = org.who_decides_many(["web/x"])[0].deciders
    assert [entity.id for entity in deciders] == ["ana", "core"]
    # A role that is no team has one holder at a time, who must be a person.
    org.replace(da.Role("owners", holders=["ana", "core"]))
    found = da.validate(org, select=["DA203"])
    assert [(f.code, f.subjects) for f in found] == [("DA203", ("owners", "core"))]
    # And a team cannot hold an area.
    org.replace(da.Role("owners", holders=["ana", "web"], collective=True))
    found = da.validate(org, select=["DA203"])
    assert [(f.code, f.subjects) for f in found] == [("DA203", ("owners", "web"))]
