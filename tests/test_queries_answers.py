"""Answers that say everything a user needs: an inactive DRI shows, every answer serialises,
arbitration names who settles, unknown ids raise in every query, and reprs are short (or, for
a small org, rebuild it).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import distauth
import distauth as da
from distauth.cli import main

DAY = dt.date(2026, 11, 27)


def org_with_leaver() -> da.Org:
    org = da.Org(name="Acme")
    org.add(
        da.Person("ana"),
        da.Person("cy", active=False),
        da.Area("co", scopes=["finance/**"]),
        da.Area("billing", parent="co", scopes=["finance/billing"]),
        da.Area("sales", parent="co"),
        da.DRI("co", "ana"),
        da.DRI("billing", "cy"),
        da.DRI("sales", "ana"),
    )
    return org


def test_an_inactive_dri_shows_in_the_decision_and_its_explanation() -> None:
    decision = org_with_leaver().who_decides("finance/billing/x", on=DAY)
    assert decision.dri is not None
    assert decision.dri.id == "cy"
    assert decision.dri_inactive
    assert not decision.ok
    assert "cy is inactive" in decision.explain()
    assert decision.to_dict()["dri_active"] is False


def test_an_active_dri_is_ok() -> None:
    decision = org_with_leaver().who_decides("finance/other", on=DAY)
    assert decision.ok
    assert not decision.dri_inactive
    assert "inactive" not in decision.explain()


def test_an_escalation_path_breaks_at_an_inactive_dri() -> None:
    path = org_with_leaver().escalation_path("billing", on=DAY)
    assert not path.ok
    assert path.broken_at == "billing"
    assert "inactive" in (path.reason or "")
    assert path.to_dict()["steps"][0] == {"area": "billing", "dri": "cy", "dri_active": False}


def test_candidates_are_listed_most_specific_first() -> None:
    org = da.Org()
    org.add(
        da.Area("a", scopes=["x/**"]),
        da.Area("z", parent="a", scopes=["x/y/**"]),
        da.Area("m", parent="z", scopes=["x/y/z"]),
    )
    assert [c.id for c in org.who_decides("x/y/z").candidates] == ["m", "z", "a"]


def test_decisions_and_paths_serialise_to_json() -> None:
    org = org_with_leaver()
    for decision in org.who_decides_many(["finance/billing", "finance/x", "hr"], on=DAY):
        data = decision.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["ok"] is decision.ok
        assert data["resource"] == decision.resource
    path = org.escalation_path("sales", on=DAY).to_dict()
    assert path["ok"] is True
    assert [s["area"] for s in path["steps"]] == ["sales", "co"]


def test_arbitration_names_who_settles_and_why_not() -> None:
    org = org_with_leaver()
    answer = org.arbitration("billing", "sales", on=DAY)
    assert answer.ok
    assert (answer.area and answer.area.id, answer.dri and answer.dri.id) == ("co", "ana")
    assert org.arbiter("billing", "sales", on=DAY) == org.areas["co"]
    stuck = org.arbitration("billing", "billing", on=DAY)
    assert not stuck.ok
    assert "inactive" in (stuck.reason or "")
    assert stuck.to_dict()["dri"] == "cy"


@pytest.mark.parametrize(
    "query",
    [
        lambda org: org.arbiter("billing", "nope"),
        lambda org: org.arbiter("ana", "co"),
        lambda org: org.arbitration("nope", "co"),
        lambda org: org.escalation_path("nope"),
        lambda org: org.dri_of("nope"),
        lambda org: org.dris("nope"),
    ],
)
def test_every_query_raises_on_an_unknown_area(query: object) -> None:
    with pytest.raises(da.UnknownIdError):
        query(org_with_leaver())  # type: ignore[operator]


def test_decision_and_path_reprs_are_one_short_line() -> None:
    org = org_with_leaver()
    assert repr(org.who_decides("finance/billing", on=DAY)) == (
        "<Decision 'finance/billing': billing, DRI cy (inactive)>"
    )
    assert repr(org.who_decides("hr", on=DAY)) == "<Decision 'hr': no area>"
    assert repr(org.escalation_path("sales", on=DAY)) == (
        "<EscalationPath 'sales': sales (ana) -> co (ana); reaches the top>"
    )


def test_a_small_org_repr_rebuilds_it() -> None:
    org = org_with_leaver()
    org.resources = ["finance/billing/invoices"]
    text = repr(org)
    assert text.startswith("distauth.loads(")
    assert eval(text, {"distauth": distauth}) == org


def test_a_repr_rebuilds_names_with_quotes_backslashes_and_controls() -> None:
    org = da.Org(name="O'Neil \\ \"co\" '''\x1b[2J\u202e")
    org.add(da.Person("ana", name="line\nbreak"), da.Area("co"))
    assert eval(repr(org), {"distauth": distauth}) == org


def test_a_big_org_repr_stays_one_bounded_line() -> None:
    org = da.Org(name="Big")
    org.add(*(da.Area(f"a{i}") for i in range(500)))
    text = repr(org)
    assert text == "<Org 'Big': 500 areas, 0 people, 0 roles, 0 DRI assignments>"
    one = da.Org(name="One")
    one.add(*(da.Area(f"a{i}") for i in range(100)), da.Person("ana"))
    assert "1 person," in repr(one)


# --- the command line's answers -------------------------------------------------------------------

LEAVER = """\
version: 1
people:
  ana: {}
  cy: {active: false}
areas:
  co: {dri: ana, scopes: ["finance/**"]}
  billing: {parent: co, dri: cy, scopes: [finance/billing]}
  sales: {parent: co, dri: ana}
"""


@pytest.fixture
def leaver_file(tmp_path: Path) -> str:
    path = tmp_path / "org.yaml"
    path.write_text(LEAVER)
    return str(path)


def test_who_exits_1_and_says_so_when_the_dri_has_left(
    leaver_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["who", leaver_file, "finance/billing", "--on", "2026-11-27"]) == 1
    assert "cy is inactive" in capsys.readouterr().out
    assert main(["who", leaver_file, "finance/x", "--on", "2026-11-27"]) == 0


@pytest.mark.parametrize(
    ("argv", "code", "key"),
    [
        (["who", "{f}", "finance/billing", "finance/x"], 1, "decisions"),
        (["escalate", "{f}", "sales"], 0, "steps"),
        (["escalate", "{f}", "billing"], 1, "steps"),
        (["arbiter", "{f}", "billing", "sales"], 0, "areas"),
    ],
)
def test_questions_answer_in_json(
    leaver_file: str,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    key: str,
) -> None:
    args = [a.format(f=leaver_file) for a in argv]
    assert main([*args, "--format", "json", "--on", "2026-11-27"]) == code
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is (code == 0)
    assert key in data


def test_arbiter_json_names_who_settles(
    leaver_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["arbiter", leaver_file, "billing", "sales", "--format", "json", "--on", "2026-11-27"])
    data = json.loads(capsys.readouterr().out)
    assert (data["area"], data["dri"], data["dri_active"]) == ("co", "ana", True)


def test_the_html_of_an_org_is_for_the_day_asked() -> None:
    from distauth import display

    org = da.Org()
    org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana", end=dt.date(2027, 1, 1)))
    before = display.html(org, on=dt.date(2026, 6, 1))
    after = display.html(org, on=dt.date(2027, 6, 1))
    assert "DA101" not in before
    assert "DA101" in after
    with pytest.raises(da.InvalidTypeError):
        display.html(org, on="2027-01-01")  # type: ignore[arg-type]
