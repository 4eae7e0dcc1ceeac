"""DA6xx: each rule on a minimal bad record, its fix, exact subjects, and the date boundaries.

The org: ``co`` (DRI ana) above ``ops``, whose DRI hands over from bo to cy on HANDOVER;
``ops`` has advisor dee and deputy eve.
"""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da

HANDOVER = dt.date(2027, 1, 1)
BEFORE = HANDOVER - dt.timedelta(days=1)


def base() -> da.Org:
    org = da.Org()
    org.add(
        *(da.Person(p) for p in ("ana", "bo", "cy", "dee", "eve", "fay")),
        da.Area("co", advisors=["fay"]),
        da.Area("ops", parent="co", advisors=["dee"], deputy="eve", scopes=["infra/**"]),
        da.DRI("co", "ana"),
        da.DRI("ops", "bo", end=HANDOVER),
        da.DRI("ops", "cy", start=HANDOVER),
    )
    return org


def record(ident: str = "d1", **kw: object) -> da.DecisionRecord:
    fields: dict[str, object] = {
        "title": "Use X",
        "date": HANDOVER,
        "area": "ops",
        "decided_by": ("cy",),
        "consulted": ("dee",),
    }
    fields.update(kw)
    return da.DecisionRecord(ident, **fields)  # type: ignore[arg-type]


def found(org: da.Org, select: str = "DA6") -> set[tuple[str, tuple[str, ...]]]:
    return {(f.code, f.subjects) for f in da.validate(org, select=[select])}


def with_records(*records: da.DecisionRecord, org: da.Org | None = None) -> da.Org:
    org = org or base()
    org.add(*records)
    return org


def test_a_record_by_the_dri_that_consulted_the_advisors_is_clean() -> None:
    assert found(with_records(record())) == set()


# --- DA601: who decided, on the record's day -----------------------------------------------------


def test_on_the_handover_day_the_decision_belongs_to_the_new_dri() -> None:
    assert found(with_records(record(decided_by=("cy",)))) == set()
    assert found(with_records(record(decided_by=("bo",)))) == {("DA601", ("d1", "ops", "bo"))}


def test_the_day_before_the_handover_it_belongs_to_the_old_one_as_end_is_exclusive() -> None:
    assert found(with_records(record(date=BEFORE, decided_by=("bo",)))) == set()
    assert found(with_records(record(date=BEFORE, decided_by=("cy",)))) == {
        ("DA601", ("d1", "ops", "cy"))
    }


def test_records_are_judged_on_their_own_date_whatever_day_is_validated() -> None:
    org = with_records(record(decided_by=("bo",)))
    for on in (BEFORE, HANDOVER, HANDOVER + dt.timedelta(days=900)):
        assert {f.code for f in da.validate(org, select=["DA6"], on=on)} == {"DA601"}


def test_the_deputy_and_an_acting_dri_may_decide() -> None:
    assert found(with_records(record(decided_by=("eve",)))) == set()
    org = base()
    org.add(da.DRI("ops", "fay", start=HANDOVER, end=HANDOVER + dt.timedelta(days=5), acting=True))
    assert found(with_records(record(decided_by=("fay",)), org=org)) == set()


def test_a_dri_above_deciding_instead_of_the_areas_own_is_reported() -> None:
    assert found(with_records(record(decided_by=("ana",)))) == {("DA601", ("d1", "ops", "ana"))}


def test_one_authorised_decider_among_several_is_enough() -> None:
    assert found(with_records(record(decided_by=("fay", "cy")))) == set()


def test_a_vacant_area_falls_back_to_the_dri_above() -> None:
    org = base()
    org.add(da.Area("lab", parent="co"))
    org.add(record(area="lab", decided_by=("ana",), consulted=()))
    assert found(org) == set()
    org.replace(record(area="lab", decided_by=("bo",), consulted=()))
    assert found(org) == {("DA601", ("d1", "lab", "bo"))}


def test_a_role_dri_is_any_of_its_holders_or_the_role_itself() -> None:
    org = base()
    org.add(
        da.Role("cloud-team", holders=["bo", "fay"], collective=True),
        da.Area("cloud", parent="co"),
        da.DRI("cloud", "cloud-team"),
    )
    for decider in ("fay", "cloud-team"):
        org.add(record(f"r-{decider}", area="cloud", decided_by=(decider,), consulted=()))
    org.add(record("r-dee", area="cloud", decided_by=("dee",), consulted=()))
    assert found(org) == {("DA601", ("r-dee", "cloud", "dee"))}


def test_deciders_are_resolved_by_handle() -> None:
    org = base()
    org.replace(da.Person("cy", handles=["Cy Park", "@cyp"]))
    org.add(record("a", decided_by=("Cy Park",)), record("b", decided_by=("@CYP",)))
    assert found(org) == set()


def test_a_record_with_an_unknown_decider_is_left_to_da607() -> None:
    org = with_records(record(decided_by=("ghost", "bo")))
    assert found(org) == {("DA607", ("d1", "ghost"))}


def test_resources_in_two_areas_belong_to_their_arbiter() -> None:
    org = base()
    org.add(
        da.Area("web", parent="co", scopes=["site/**"]),
        da.DRI("web", "dee"),
        record(area=None, resources=("infra/db", "site/home"), decided_by=("ana",), consulted=()),
    )
    assert found(org) == {("DA602", ("d1", "co", "fay"))}
    org.replace(
        record(area=None, resources=("infra/db", "site/home"), decided_by=("cy",), consulted=())
    )
    assert found(org, "DA601") == {("DA601", ("d1", "co", "cy"))}


def test_a_resource_in_one_area_belongs_to_it() -> None:
    org = with_records(record(area=None, resources=("infra/db/main",), decided_by=("cy",)))
    assert found(org) == set()


# --- DA602: advice -------------------------------------------------------------------------------


def test_advisors_not_consulted() -> None:
    assert found(with_records(record(consulted=()))) == {("DA602", ("d1", "ops", "dee"))}


def test_an_advisor_among_the_deciders_was_heard() -> None:
    assert found(with_records(record(decided_by=("cy", "dee"), consulted=()))) == set()


def test_a_role_advisor_is_heard_through_any_holder_and_a_consulted_role_hears_its_holders() -> (
    None
):
    org = base()
    org.add(da.Role("sre", holders=["dee", "fay"]))
    org.replace(da.Area("ops", parent="co", advisors=["sre", "bo"], deputy="eve"))
    org.add(record(consulted=("fay",)))
    assert found(org) == {("DA602", ("d1", "ops", "bo"))}
    org.add(da.Role("bo-team", holders=["bo"]))
    org.replace(record(consulted=("fay", "bo-team")))
    assert found(org) == set()


# --- DA603 / DA604: ambiguous or unowned authority ----------------------------------------------


def test_a_decision_on_overlapping_scopes_is_ambiguous() -> None:
    org = base()
    org.add(da.Area("db", scopes=["infra/db/**"]), da.DRI("db", "dee"))
    org.add(record(area=None, resources=("infra/db/main",), decided_by=("cy",)))
    assert found(org) == {("DA603", ("d1", "db", "ops"))}


def test_resources_in_separate_trees_have_no_single_authority() -> None:
    org = base()
    org.add(da.Area("other", scopes=["x/**"]), da.DRI("other", "dee"))
    org.add(record(area=None, resources=("infra/a", "x/b"), decided_by=("cy",)))
    assert found(org) == {("DA603", ("d1", "ops", "other"))}


def test_a_decision_nobody_held_authority_over() -> None:
    org = base()
    org.add(da.Area("lab", nobody=True), record(area="lab", consulted=()))
    org.add(record("d2", area=None, resources=("nowhere/x",), consulted=()))
    assert found(org) == {("DA604", ("d1", "lab")), ("DA604", ("d2", "nowhere/x"))}


def test_an_area_without_any_dri_up_its_chain_is_unowned_until_one_starts() -> None:
    org = base()
    org.add(da.Area("lab"), da.DRI("lab", "cy", start=HANDOVER))
    org.add(
        record("early", date=BEFORE, area="lab", consulted=()), record(area="lab", consulted=())
    )
    assert found(org) == {("DA604", ("early", "lab"))}


# --- DA605 / DA606 -------------------------------------------------------------------------------


def test_dissent_needs_a_rationale() -> None:
    org = with_records(record(dissent=("dee",)))
    assert found(org) == {("DA605", ("d1", "dee"))}
    org.replace(record(dissent=("dee",), rationale="Cheaper; dee's worry is covered."))
    assert found(org) == set()


def test_an_agent_alone_is_reported_and_with_the_human_dri_it_is_fine() -> None:
    org = base()
    org.add(da.Person("helper", kind="agent"), da.Person("ci", kind="bot"))
    org.add(record(decided_by=("helper",)))
    assert found(org, "DA606") == {("DA606", ("d1", "helper"))}
    org.replace(record(decided_by=("helper", "cy")))
    assert found(org) == set()
    org.replace(record(decided_by=("helper", "ci", "fay")))
    assert found(org, "DA606") == {("DA606", ("d1", "helper", "ci"))}


def test_an_agent_dri_deciding_alone_is_still_no_human_decision() -> None:
    org = base()
    org.add(da.Person("helper", kind="agent"), da.Area("bots", parent="co"))
    org.add(da.DRI("bots", "helper"), da.Role("agents", holders=["helper"], collective=True))
    org.add(record(area="bots", decided_by=("agents",), consulted=()))
    assert found(org, "DA606") == {("DA606", ("d1", "agents"))}


# --- DA607 / DA608 / DA609 -----------------------------------------------------------------------


def test_unknown_names_and_areas_are_each_reported() -> None:
    org = with_records(record(consulted=("dee", "Zed"), informed=("Yan",), dissent=("Zed",)))
    org.add(record("d2", area="nowhere"), record("d3", area="ana"))
    assert found(org) == {
        ("DA605", ("d1", "Zed")),
        ("DA607", ("d1", "Zed")),
        ("DA607", ("d1", "Yan")),
        ("DA607", ("d2", "nowhere")),
        ("DA607", ("d3", "ana")),
    }


@pytest.mark.parametrize(
    ("status", "dangling"),
    [
        ("superseded by d2", None),
        ("Superseded by [ADR 2](docs/adr/D2.md)", None),
        ("superseded by ADR 0002", None),
        ("superseded by d9", "d9"),
        ("Superseded by [ADR 9](0009-gone.md)", "0009-gone.md"),
        ("accepted (amended by [ADR 9](0009-gone.md))", None),
    ],
)
def test_a_supersession_must_name_an_existing_record(status: str, dangling: str | None) -> None:
    org = with_records(record(status=status), record("d2"), record("0002-later"))
    expected = set() if dangling is None else {("DA608", ("d1", dangling))}
    assert found(org) == expected


def test_a_record_with_neither_area_nor_resources_cannot_be_judged() -> None:
    assert found(with_records(record(area=None, decided_by=("ghost-free",)))) == {
        ("DA607", ("d1", "ghost-free")),
        ("DA609", ("d1",)),
    }


def test_proposed_and_rejected_records_are_not_judged_for_authority() -> None:
    org = with_records(
        record("p", status="proposed", decided_by=("bo",), consulted=()),
        record("r", status="Rejected", decided_by=("bo",), consulted=(), dissent=("dee",)),
        record("q", status="proposed", decided_by=("ghost",), consulted=()),
    )
    assert found(org) == {("DA607", ("q", "ghost"))}


def test_findings_are_located_at_the_record() -> None:
    org = da.loads(
        "version: 1\npeople: {ana: {}, bo: {}}\nareas: {ops: {dri: ana}}\ndecisions:\n"
        "  d1: {title: T, date: 2027-01-01, area: ops, decided_by: [bo]}\n",
        "yaml",
    )
    (finding,) = da.validate(org, select=["DA601"])
    assert finding.location is not None
    assert finding.location.line == 5
