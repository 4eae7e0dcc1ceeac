"""Looking ahead: validate(org, on=..., until=...) reports what will be wrong, and from when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import distauth as da
from distauth.cli import main
from distauth.rules import _lookahead
from distauth.rules._lookahead import event_days
from distauth.strategies import orgs
from tests.conftest import DAY

WINDOW = DAY + dt.timedelta(days=90)


def _days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def _base() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy"),
        da.Person("dan", active=False),
        da.Area("co", purpose="All", advisors=["bo"]),
        da.Area("ops", parent="co", purpose="Run", advisors=["ana"]),
        da.DRI("co", "ana"),
    )
    return org


def _found(report: da.Report) -> set[tuple[str, tuple[str, ...], dt.date | None]]:
    return {(f.code, f.subjects, f.since) for f in report}


def test_a_forgotten_end_is_two_dris_from_the_day_the_new_one_starts() -> None:
    org = _base()
    org.add(da.DRI("ops", "bo"), da.DRI("ops", "cy", start=_days(20)))
    assert list(da.validate(org, on=DAY)) == []
    report = da.validate(org, on=DAY, until=WINDOW)
    assert _found(report) == {("DA102", ("ops", "bo", "cy"), _days(20))}
    (finding,) = report
    assert finding.message == (
        f"from {_days(20).isoformat()}, area 'ops' has 2 DRIs in effect: 'bo', 'cy'"
    )
    # Ending the old record on that day fixes it.
    org.remove(da.DRI("ops", "bo"))
    org.add(da.DRI("ops", "bo", end=_days(20)))
    assert list(da.validate(org, on=DAY, until=WINDOW)) == []


def test_a_handover_to_an_inactive_person_is_reported_from_its_first_day() -> None:
    org = _base()
    org.add(da.DRI("ops", "bo", end=_days(18)), da.DRI("ops", "dan", start=_days(18)))
    assert list(da.validate(org, on=DAY)) == []
    (finding,) = da.validate(org, on=DAY, until=WINDOW)
    assert (finding.code, finding.subjects, finding.since) == ("DA104", ("ops", "dan"), _days(18))
    assert finding.message == (
        f"from {_days(18).isoformat()}, the DRI of area 'ops' is 'dan', who is inactive"
    )
    # A window that ends before the handover does not see it.
    assert list(da.validate(org, on=DAY, until=_days(18))) == []


def test_an_acting_term_ending_with_no_successor() -> None:
    org = _base()
    org.add(da.DRI("ops", "bo", end=_days(60), acting=True))
    assert list(da.validate(org, on=DAY)) == []  # ends beyond the 30-day handover horizon
    report = da.validate(org, on=DAY, until=WINDOW)
    assert _found(report) == {
        ("DA504", ("ops", "bo"), _days(30)),  # the ending comes within 30 days
        ("DA101", ("ops",), _days(60)),  # and then nobody is DRI
    }
    config = da.Config(handover_horizon_days=7)
    assert _found(da.validate(org, on=DAY, until=WINDOW, config=config)) == {
        ("DA504", ("ops", "bo"), _days(53)),
        ("DA101", ("ops",), _days(60)),
    }


def test_an_absence_without_a_deputy_is_reported_from_its_first_day() -> None:
    org = _base()
    org.add(da.DRI("ops", "bo"), da.Absence("bo", start=_days(20), end=_days(34)))
    assert list(da.validate(org, on=DAY)) == []  # bo is here today
    report = da.validate(org, on=DAY, until=WINDOW)
    assert _found(report) == {("DA505", ("ops", "bo"), _days(20))}
    (finding,) = report
    assert finding.message.startswith(f"from {_days(20).isoformat()}, nobody decides for area")
    # Back on day 34: the same absence seen from day 25 is reported from the day checked.
    assert _found(da.validate(org, on=_days(25), until=WINDOW)) == {
        ("DA505", ("ops", "bo"), _days(25))
    }
    assert list(da.validate(org, on=_days(34), until=WINDOW)) == []
    # A deputy who is there puts it right; one who is away at the same time does not.
    org.replace(da.Area("ops", parent="co", purpose="Run", advisors=["ana"], deputy="cy"))
    assert list(da.validate(org, on=DAY, until=WINDOW)) == []
    org.add(da.Absence("cy", start=_days(30), end=_days(31)))
    assert _found(da.validate(org, on=DAY, until=WINDOW)) == {("DA505", ("ops", "bo"), _days(30))}


def test_findings_of_the_first_day_carry_it_and_keep_their_message() -> None:
    org = _base()
    org.add(da.Area("hr", parent="co", purpose="People", advisors=["bo"]), da.DRI("ops", "bo"))
    (finding,) = da.validate(org, on=DAY, until=WINDOW)
    assert (finding.code, finding.since) == ("DA101", DAY)
    assert finding.message == f"area 'hr' has no DRI in effect on {DAY.isoformat()}"
    assert finding.to_dict()["since"] == DAY.isoformat()
    assert "since" not in next(iter(da.validate(org, on=DAY))).to_dict()


def test_until_must_be_after_on() -> None:
    with pytest.raises(da.InvalidValueError, match="must be after on"):
        da.validate(_base(), on=DAY, until=DAY)


def test_only_event_days_are_checked() -> None:
    org = _base()
    org.add(
        da.DRI("ops", "bo", start=_days(-5), end=_days(40)), da.DRI("ops", "ana", start=_days(40))
    )
    config = da.Config(handover_horizon_days=30)
    assert event_days(org, config, DAY, WINDOW) == [_days(10), _days(40)]
    assert event_days(org, config, DAY, WINDOW, codes=["DA101"]) == [_days(40)]


# --- the property: event days give exactly the union over every day ------------------------------

_OFFSETS = st.integers(-20, 60)


@st.composite
def _dated_orgs(draw: st.DrawFn) -> da.Org:
    """Any org, with extra dated DRI records around DAY, some holders inactive or unknown,
    absences around DAY and a few deputies."""
    org = draw(orgs(valid=draw(st.booleans()), max_areas=6))
    areas = sorted(org.areas) or ["nowhere"]
    holders = [*sorted(org.people), *sorted(org.roles), "ghost"]
    for person in (
        draw(st.lists(st.sampled_from(sorted(org.people)), max_size=2)) if org.people else []
    ):
        org.replace(attrs.evolve(org.people[person], active=False))
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.none() | _OFFSETS)
        length = draw(st.none() | st.integers(1, 50))
        first = None if start is None else _days(start)
        end = None if length is None else (first or _days(-30)) + dt.timedelta(days=length)
        record = da.DRI(
            draw(st.sampled_from(areas)),
            draw(st.sampled_from(holders)),
            start=first,
            end=end,
            acting=draw(st.booleans()),
        )
        if record not in org.all_dris():
            org.add(record)
    # Absences around DAY and deputies (some absent too, some unknown): DA505 and DA506.
    people = sorted(org.people)
    for _ in range(draw(st.integers(0, 3)) if people else 0):
        first_day = _days(draw(_OFFSETS))
        absence = da.Absence(
            draw(st.sampled_from(people)),
            start=first_day,
            end=first_day + dt.timedelta(days=draw(st.integers(1, 30))),
        )
        if absence not in org.absences:
            org.add(absence)
    for area in draw(st.lists(st.sampled_from(sorted(org.areas)), max_size=2)) if org.areas else []:
        deputy = draw(st.sampled_from([*people, *sorted(org.roles), "ghost"]))
        org.replace(attrs.evolve(org.areas[area], deputy=deputy))
    return org


def _naive(org: da.Org, config: da.Config, on: dt.date, until: dt.date) -> set[Any]:
    first: dict[tuple[str, tuple[str, ...]], dt.date] = {}
    day = on
    while day < until:
        for f in da.validate(org, on=day, config=config):
            first.setdefault((f.code, f.subjects), day)
        day += dt.timedelta(days=1)
    return {(code, subjects, since) for (code, subjects), since in first.items()}


# The naive side validates on every day of the window: fewer, smaller examples keep it quick.
@settings(max_examples=80)
@given(_dated_orgs(), st.integers(0, 40), st.integers(1, 30), st.integers(0, 20))
def test_looking_ahead_equals_the_union_of_every_day(
    org: da.Org, start: int, length: int, horizon: int
) -> None:
    on, until = _days(start - 10), _days(start - 10 + length)
    config = da.Config(handover_horizon_days=horizon)
    naive = _naive(org, config, on, until)
    report = da.validate(org, on=on, until=until, config=config)
    assert _found(report) == naive
    # Small orgs are checked whole on most days; force the small per-day orgs too.
    with mock.patch.object(_lookahead, "_WHOLE_DAY_SHARE", 10**9):
        local = da.validate(org, on=on, until=until, config=config)
    assert _found(local) == naive
    assert [(f.code, f.subjects, f.since, f.message) for f in local] == [
        (f.code, f.subjects, f.since, f.message) for f in report
    ]
    # The first day's findings are validate's for that day, each with since set.
    first = [attrs.evolve(f, since=None) for f in report if f.since == on]
    assert first == list(da.validate(org, on=on, config=config))


# --- the command line: --horizon ----------------------------------------------------------------

HANDOVER = """\
version: 1
people:
  ana: {}
  bo: {}
  dan: {active: false}
areas:
  co: {dri: ana, purpose: All, advisors: [bo]}
  ops: {parent: co, purpose: Run, advisors: [ana]}
dris:
  - {area: ops, holder: bo, end: 2027-01-26}
  - {area: ops, holder: dan, start: 2027-01-26}
"""


def test_cli_horizon_reports_from_when(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("distauth.yaml").write_text(HANDOVER, encoding="utf-8")
    on = ["--on", DAY.isoformat(), "--isolated"]
    # The default horizon (handover-horizon-days, 30) ends before the handover on day 60.
    assert main(["validate", *on]) == 0
    capsys.readouterr()
    assert main(["validate", *on, "--horizon", "90"]) == 1
    out = capsys.readouterr().out
    assert "DA104 [error] from 2027-01-26, the DRI of area 'ops' is 'dan', who is inactive" in out
    assert main(["validate", *on, "--horizon", "90", "--format", "json"]) == 1
    assert '"since": "2027-01-26"' in capsys.readouterr().out
    assert main(["validate", *on, "--horizon", "0"]) == 0
    assert main(["validate", *on, "--horizon", "-1"]) == 2
    assert "--horizon must be 0 or more days" in capsys.readouterr().err


def test_cli_horizon_defaults_to_the_configured_handover_horizon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("distauth.yaml").write_text(HANDOVER, encoding="utf-8")
    Path("pyproject.toml").write_text(
        "[tool.distauth]\nhandover-horizon-days = 70\n", encoding="utf-8"
    )
    assert main(["validate", "--on", DAY.isoformat()]) == 1
    assert "from 2027-01-26" in capsys.readouterr().out


@pytest.mark.parametrize("share", [3, 10**9], ids=["default", "small orgs only"])
def test_the_same_person_all_the_way_up_can_begin_below_a_handover(share: int) -> None:
    org = _base()
    org.add(
        da.Area("db", parent="ops", purpose="Data", advisors=["bo"]),
        da.Area("web", parent="ops", purpose="Web", advisors=["bo"]),
        da.DRI("ops", "bo", end=_days(20)),
        da.DRI("ops", "ana", start=_days(20)),
        da.DRI("db", "ana"),
        da.DRI("web", "cy"),
    )
    with mock.patch.object(_lookahead, "_WHOLE_DAY_SHARE", share):
        report = da.validate(org, on=DAY, until=WINDOW, select=["DA404"])
    assert _found(report) == {
        ("DA404", ("ops", "ana"), _days(20)),
        ("DA404", ("db", "ana"), _days(20)),
    }
