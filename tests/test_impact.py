"""Departures: org.without, org.impact, and distauth whois."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distauth as da
from distauth._impact import Move, whois
from distauth.cli import main
from distauth.strategies import orgs
from tests.conftest import DAY

LEAVES = DAY + dt.timedelta(days=10)


def _org() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy"),
        da.Role("lead", area="web", holders=["cy"]),
        da.Area("co", purpose="All", advisors=["bo"]),
        da.Area("ops", parent="co", purpose="Run", advisors=["cy"], informed=["lead"]),
        da.Area("db", parent="ops", purpose="Data", advisors=["ana"]),
        da.Area("web", parent="co", purpose="Web", advisors=["ana"], escalates_to="ops"),
        da.Area("lab", purpose="Try things", advisors=["bo"]),
        da.DRI("co", "ana"),
        da.DRI("ops", "cy", start=DAY - dt.timedelta(days=100)),
        da.DRI("db", "bo"),
        da.DRI("web", "lead", acting=True),
        da.DRI("lab", "cy"),
    )
    return org


def test_without_ends_the_records_drops_the_roles_and_marks_inactive() -> None:
    org = _org()
    org.add(da.DRI("db", "cy", start=LEAVES + dt.timedelta(days=5)))
    after = org.without("cy", on=LEAVES)
    assert after.people["cy"].active is False
    assert after.roles["lead"].holders == ()
    cy_records = [d for d in after.all_dris() if d.holder == "cy"]
    assert cy_records == [
        da.DRI("lab", "cy", end=LEAVES),
        da.DRI("ops", "cy", start=DAY - dt.timedelta(days=100), end=LEAVES),
    ]  # the record that would start later is gone
    # Before the day nothing changed; from it, nobody decides for lab.
    assert [d.holder for d in after.dris("lab", on=DAY)] == ["cy"]
    assert after.dri_of("lab", on=LEAVES) is None
    assert org.people["cy"].active  # the original is untouched


def test_impact_says_where_each_decision_goes() -> None:
    found = _org().impact("cy", on=LEAVES)
    assert found.moves == (
        Move("lab", None, None),  # a top-level area with nobody above
        Move("ops", "ana", "co"),  # falls back to the parent's DRI
        Move("web", None, None),  # the role had cy alone: it is DRI with nobody holding it
    )
    assert found.nobody == ("lab", "web")
    assert found.escalations == ("db",)  # db escalates through ops; web is cy's own
    assert [f.code for f in found.findings()] == ["DA101", "DA101", "DA105", "DA402", "DA402"]
    text = found.to_text()
    assert "'lab' is left with nobody to decide" in text
    assert "'ops' goes to ana (DRI of 'co', by fallback)" in text
    assert json.loads(json.dumps(found.to_dict()))["nobody"] == ["lab", "web"]


def test_impact_where_someone_else_is_dri_too_moves_to_them() -> None:
    org = _org()
    org.add(da.DRI("db", "cy"))  # two DRIs (DA102): the other one remains
    found = org.impact("cy", on=LEAVES)
    assert Move("db", "bo", "db") in found.moves


def test_impact_of_an_unknown_person_raises() -> None:
    with pytest.raises(da.UnknownIdError):
        _org().impact("nobody")
    with pytest.raises(da.UnknownIdError):
        _org().without("co")


def _decided(org: da.Org, area: str) -> str | None:
    """Who decides for *area* on DAY, as who_decides settles it: own DRI, else fallback."""
    for where in [area, *(a.id for a in _chain(org, area))]:
        if org.dris(where, on=DAY):
            person = org.dri_of(where, on=DAY)
            return None if person is None else person.id
    return None


def _chain(org: da.Org, area: str) -> list[da.Area]:
    out: list[da.Area] = []
    parent = org.areas[area].parent
    while parent is not None and parent in org.areas and parent not in [a.id for a in out]:
        out.append(org.areas[parent])
        parent = org.areas[parent].parent
    return out


@given(orgs(max_areas=12, roles=True, dated=True), st.data())
def test_impact_agrees_with_the_what_if_copy(org: da.Org, data: st.DataObject) -> None:
    """Where impact says a decision goes is who the copy's DRI or fallback is."""
    person = data.draw(st.sampled_from(sorted(org.people)))
    found = org.impact(person, on=DAY)
    after = org.without(person, on=DAY)
    assert {m.area for m in found.moves} == {a.id for a in org.areas_of(person, on=DAY)}
    for move in found.moves:
        decision = _decided(after, move.area)
        assert move.to == decision, (move, decision)


def test_whois_gathers_everything_a_person_is() -> None:
    profile = whois(_org(), "cy", on=LEAVES)
    assert profile.dri == ("lab", "ops", "web")
    assert profile.acting == ("web",)
    assert profile.advisor == ("ops",)
    assert profile.informed == ("ops",)
    assert profile.roles == ("lead",)
    assert profile.arbitrates == ("ops",)
    assert (profile.load, profile.limit) == (3, 10)
    assert "load: 3 of at most 10 areas" in profile.to_text()


def test_cli_whois_and_leaving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    da.dump(_org(), tmp_path / "distauth.yaml")
    on = ["--on", LEAVES.isoformat(), "--isolated"]
    assert main(["whois", "distauth.yaml", "cy", *on]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"cy, on {LEAVES.isoformat()}\n  DRI of: lab, ops, web\n")
    assert main(["whois", "distauth.yaml", "cy", *on, "--leaving", LEAVES.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"if cy leaves on {LEAVES.isoformat()}:" in out
    assert "new finding: DA101 [error] area 'lab'" in out
    assert main(["whois", "distauth.yaml", "cy", *on, "--leaving", "2030-01-01", "--format",
                 "json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["dri"] == ["lab", "ops", "web"]
    assert data["leaving"]["nobody"] == ["lab", "web"]
    assert main(["whois", "distauth.yaml", "zed", *on]) == 2
    assert "'zed' is not a person of the org" in capsys.readouterr().err


def test_whois_names_the_areas_a_person_deputises_for() -> None:
    org = _org()
    org.replace(da.Area("db", parent="ops", purpose="Data", advisors=["ana"], deputy="lead"))
    assert whois(org, "cy", on=LEAVES).deputy == ("db",)
    assert "deputy of: db" in whois(org, "cy", on=LEAVES).to_text()
