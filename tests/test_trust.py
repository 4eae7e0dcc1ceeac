"""Trust metrics: how decisions were taken, per area and per person, over a period."""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da

DAY = dt.date(2027, 1, 1)


def org() -> da.Org:
    made = da.Org()
    made.add(
        *(da.Person(p) for p in ("ana", "bo", "cy", "dee")),
        da.Area("co", advisors=["dee"]),
        da.Area("ops", parent="co", advisors=["dee", "cy"], deputy="cy", scopes=["ops/**"]),
        da.Area("web", parent="co", scopes=["web/**"]),
        da.DRI("co", "ana"),
        da.DRI("ops", "bo"),
        da.DRI("web", "cy"),
    )

    def record(ident: str, day: int, **kw: object) -> da.DecisionRecord:
        return da.DecisionRecord(ident, title="T", date=DAY + dt.timedelta(days=day), **kw)  # type: ignore[arg-type]

    made.add(
        record("d1", 0, area="ops", decided_by=["bo"], consulted=["dee", "cy"]),
        record("d2", 1, area="ops", decided_by=["cy"], consulted=["dee"]),
        record("d3", 2, area="ops", decided_by=["ana"], dissent=["bo"]),
        record("d4", 3, area="ops", decided_by=["dee"], dissent=["cy"], rationale="Because."),
        record("d5", 4, resources=["ops/a", "web/b"], decided_by=["ana"], consulted=["dee"]),
        record("d6", 5, area="ops", decided_by=["bo"], status="proposed"),
        record("d7", 6, decided_by=["bo"]),
    )
    return made


def test_area_figures_count_each_way_a_decision_was_taken() -> None:
    metrics = da.trust_metrics(org())
    assert [a.area for a in metrics.areas] == ["co", "ops"]
    co, ops = metrics.areas
    assert (ops.decisions, ops.by_own_dri, ops.by_authority, ops.escalated) == (4, 1, 2, 1)
    assert (ops.with_advisors, ops.fully_advised) == (4, 2)  # d2: cy decided, dee consulted
    assert (ops.with_dissent, ops.dissent_answered) == (2, 1)
    assert (ops.own_dri_share, ops.advice_coverage, ops.dissent_answered_share) == (
        0.25,
        0.5,
        0.5,
    )
    # d5 spans ops and web: their arbiter co decided it, an escalation.
    assert (co.decisions, co.by_own_dri, co.escalated, co.fully_advised) == (1, 1, 1, 1)


def test_person_figures() -> None:
    people = {p.person: p for p in da.trust_metrics(org()).people}
    assert sorted(people) == ["ana", "bo", "cy", "dee"]
    ana, bo, cy, dee = (people[k] for k in ("ana", "bo", "cy", "dee"))
    assert (ana.decided, ana.as_dri, ana.without_authority) == (2, 1, 1)
    # d7 names no area: bo decided it, but as nobody's DRI; d6 is only proposed.
    assert (bo.decided, bo.as_dri, bo.dissented, bo.dissent_answered) == (2, 1, 1, 0)
    assert (cy.decided, cy.as_dri, cy.advisor_on, cy.heard) == (1, 0, 4, 2)
    assert (dee.advisor_on, dee.heard, dee.dissented) == (5, 4, 0)
    assert dee.advice_coverage == 0.8
    assert (cy.dissented, cy.dissent_answered) == (1, 1)


def test_a_period_keeps_the_records_dated_in_it() -> None:
    metrics = da.trust_metrics(org(), since=DAY + dt.timedelta(days=1), until=DAY + dt.timedelta(3))
    assert [(a.area, a.decisions) for a in metrics.areas] == [("ops", 2)]
    assert (metrics.since, metrics.until) == (DAY + dt.timedelta(days=1), DAY + dt.timedelta(3))


def test_empty_figures_are_none_not_zero() -> None:
    metrics = da.trust_metrics(da.Org())
    assert (metrics.areas, metrics.people) == ((), ())
    assert da.AreaTrust("x").own_dri_share is None
    assert da.AreaTrust("x").advice_coverage is None
    assert da.AreaTrust("x").dissent_answered_share is None
    assert da.PersonTrust("x").advice_coverage is None


def test_records_and_pandas_carry_the_same_rows() -> None:
    metrics = da.trust_metrics(org())
    rows = metrics.to_records()
    assert rows[1]["area"] == "ops"
    assert rows[1]["own_dri_share"] == 0.25
    frame = metrics.to_pandas()
    assert list(frame.columns) == list(rows[0])
    assert frame["decisions"].tolist() == [r["decisions"] for r in rows]
    assert frame["dissent_answered_share"].isna().tolist() == [True, False]
    assert list(metrics.to_pandas(by="person")["person"]) == ["ana", "bo", "cy", "dee"]
    with pytest.raises(da.InvalidValueError, match='by must be "area" or "person"'):
        metrics.to_records(by="team")


def test_the_plot_has_one_row_per_area_busiest_on_top() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = da.trust_metrics(org()).plot()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["co (1)", "ops (4)"]
    assert len(ax.patches) == 6
    assert ax.get_legend() is not None
    _fig, given = plt.subplots()
    assert da.trust_metrics(org()).plot(given, top=1) is given
    assert [t.get_text() for t in given.get_yticklabels()] == ["ops (4)"]
    plt.close("all")


def test_wrong_period_types_are_type_errors() -> None:
    with pytest.raises(da.InvalidTypeError, match=r"since must be a datetime\.date"):
        da.trust_metrics(org(), since="2027-01-01")  # type: ignore[arg-type]
    with pytest.raises(da.InvalidTypeError, match="until must be"):
        da.trust_metrics(org(), until=dt.datetime(2027, 1, 1))
