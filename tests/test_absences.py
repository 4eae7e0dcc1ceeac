"""Deputies and absences: who decides while the DRI is away."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import distauth as da

AWAY = dt.date(2027, 8, 1)
BACK = dt.date(2027, 8, 15)


def org_with_deputy(deputy: str | None = "bo") -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Area("ops", scopes=["ops/**"], deputy=deputy),
        da.DRI("ops", "ana"),
        da.Absence("ana", start=AWAY, end=BACK),
    )
    return org


def test_an_absence_needs_an_end_after_its_start() -> None:
    with pytest.raises(da.InvalidValueError, match="end 2027-08-01 must be after start"):
        da.Absence("ana", start=AWAY, end=AWAY)


def test_an_absence_needs_real_dates() -> None:
    with pytest.raises(da.InvalidTypeError, match="start"):
        da.Absence("ana", start=None, end=BACK)  # type: ignore[arg-type]
    with pytest.raises(da.InvalidTypeError, match="end"):
        da.Absence("ana", start=AWAY, end=dt.datetime(2027, 9, 1))


def test_the_deputy_decides_while_the_dri_is_absent_and_says_so() -> None:
    decision = org_with_deputy().who_decides("ops/x", on=AWAY)
    assert decision.dri is not None
    assert decision.dri.id == "bo"
    assert [d.id for d in decision.deciders] == ["bo"]
    assert [p.id for p in decision.absent] == ["ana"]
    assert decision.by_deputy
    assert "ana, who would decide as DRI of 'ops', is absent" in decision.explain()
    assert "deputy 'bo' stands in" in decision.explain()


def test_the_dri_decides_again_on_the_day_the_absence_ends() -> None:
    decision = org_with_deputy().who_decides("ops/x", on=BACK)
    assert decision.dri is not None
    assert decision.dri.id == "ana"
    assert (decision.absent, decision.by_deputy) == ((), False)


def test_without_a_deputy_the_dri_still_decides_and_the_absence_is_said() -> None:
    decision = org_with_deputy(None).who_decides("ops/x", on=AWAY)
    assert decision.dri is not None
    assert decision.dri.id == "ana"
    assert [p.id for p in decision.absent] == ["ana"]
    assert not decision.by_deputy
    assert "has no deputy who can stand in" in decision.explain()


def test_an_absent_deputy_cannot_stand_in() -> None:
    org = org_with_deputy()
    org.add(da.Absence("bo", start=AWAY, end=BACK))
    decision = org.who_decides("ops/x", on=AWAY)
    assert decision.dri is not None
    assert decision.dri.id == "ana"
    assert not decision.by_deputy


def test_a_team_deputy_stands_in_with_its_present_members() -> None:
    org = org_with_deputy("oncall")
    org.add(da.Person("cy"), da.Role("oncall", holders=["bo", "cy"], collective=True))
    org.add(da.Absence("cy", start=AWAY, end=BACK))
    decision = org.who_decides("ops/x", on=AWAY)
    assert decision.by_deputy
    assert decision.dri is None
    assert [d.id for d in decision.deciders] == ["bo"]


def test_a_team_dri_with_some_members_away_decides_through_the_others() -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Role("t", holders=["ana", "bo"], collective=True),
        da.Area("ops", scopes=["ops"]),
        da.DRI("ops", "t"),
        da.Absence("ana", start=AWAY, end=BACK),
    )
    decision = org.who_decides("ops", on=AWAY)
    assert [d.id for d in decision.deciders] == ["bo"]
    assert [p.id for p in decision.absent] == ["ana"]
    assert not decision.by_deputy


def test_a_fallback_to_an_ancestor_whose_dri_is_absent_goes_to_its_deputy() -> None:
    org = org_with_deputy()
    org.add(da.Area("sub", parent="ops", scopes=["ops/sub/**"]))
    decision = org.who_decides("ops/sub/x", on=AWAY)
    assert decision.fallback
    assert decision.by_deputy
    assert decision.dri is not None
    assert decision.dri.id == "bo"


def test_dri_of_is_the_dri_whatever_the_absences() -> None:
    person = org_with_deputy().dri_of("ops", on=AWAY)
    assert person is not None
    assert person.id == "ana"


def test_absences_are_listed_sorted_and_removed_by_value() -> None:
    org = org_with_deputy()
    early = da.Absence("bo", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 2))
    org.add(early)
    assert [a.person for a in org.absences] == ["ana", "bo"]
    org.remove(early)
    assert [a.person for a in org.absences] == ["ana"]
    with pytest.raises(da.UnknownIdError, match="absence"):
        org.remove(early)


def test_the_same_absence_twice_is_refused() -> None:
    org = org_with_deputy()
    with pytest.raises(da.DuplicateIdError, match="absence"):
        org.add(da.Absence("ana", start=AWAY, end=BACK))


def test_removing_a_person_removes_their_absences() -> None:
    org = org_with_deputy()
    org.remove("ana")
    assert org.absences == ()
    assert "ana" in org.graph  # the DRI record still names her: a dangling reference


def test_absences_of_unknown_people_are_kept() -> None:
    org = da.Org()
    org.add(da.Absence("ghost", start=AWAY, end=BACK))
    assert org.graph.nodes["ghost"]["kind"] == "missing"
    assert [a.person for a in org.absences] == ["ghost"]


def test_absences_count_in_equality_copy_and_pickle() -> None:
    org = org_with_deputy()
    other = org_with_deputy()
    other.remove(other.absences[0])
    assert org != other
    assert org.copy() == org
    assert org.copy().absences == org.absences
    assert pickle.loads(pickle.dumps(org)) == org


def test_a_deputy_is_a_reference_checked_like_advisors() -> None:
    org = org_with_deputy("nobody-here")
    report = da.validate(org, select=["DA201", "DA203"], on=AWAY)
    assert [(f.code, f.subjects) for f in report.findings] == [("DA201", ("ops", "nobody-here"))]
    org.add(da.Area("other"))
    org.replace(da.Area("ops", scopes=["ops/**"], deputy="other"))
    report = da.validate(org, select=["DA201", "DA203"], on=AWAY)
    assert [(f.code, f.subjects) for f in report.findings] == [("DA203", ("ops", "other"))]


def test_absences_and_deputies_survive_every_file_format_with_locations() -> None:
    org = org_with_deputy()
    for format in ("yaml", "json", "toml"):
        loaded = da.loads(da.dumps(org, format), format)
        assert loaded == org
    loaded = da.loads(da.dumps(org))
    location = loaded.location(org.absences[0])
    assert location is not None
    assert location.line > 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "absences:\n  - {person: ana, start: 2027-08-02, end: 2027-08-01}\n",
            "absences[0].end: end 2027-08-01 must be after start 2027-08-02",
        ),
        ("absences:\n  - {person: ana, start: 2027-08-02}\n", "absences[0].end: is required"),
        (
            "absences:\n  - {person: ana, start: 2027-08-01, end: 2027-08-02}\n"
            "  - {person: ana, start: 2027-08-01, end: 2027-08-02}\n",
            "absences[1]: the same absence as absences[0] on line 3",
        ),
        ("areas:\n  ops: {deputy: Bo}\n", "areas.ops.deputy: 'Bo' is not a valid id"),
    ],
)
def test_bad_absences_and_deputies_are_load_errors(body: str, message: str) -> None:
    with pytest.raises(da.OrgFileError) as info:
        da.loads("version: 1\n" + body)
    assert message in str(info.value)
