"""Decision records: values, storage in the org, graph edges and files."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest

import distauth as da

DAY = dt.date(2027, 3, 1)


def record(ident: str = "adr-1", **changes: Any) -> da.DecisionRecord:
    fields: dict[str, object] = {
        "title": "Use Postgres",
        "date": DAY,
        "area": "platform",
        "resources": ["repo:db/schema"],
        "decided_by": ["ana"],
        "consulted": ["@Bo", "cy"],
        "informed": ["Dana Okafor"],
        "dissent": ["cy"],
        "rationale": "One database to run.",
    }
    fields.update(changes)
    return da.DecisionRecord(ident, **fields)  # type: ignore[arg-type]


def test_defaults_are_an_accepted_record_with_no_names() -> None:
    adr = da.DecisionRecord("adr-1", title="t", date=DAY)
    assert (adr.area, adr.decided_by, adr.status, adr.rationale) == (None, (), "accepted", "")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"title": ""}, da.InvalidValueError),
        ({"title": 3}, da.InvalidTypeError),
        ({"date": None}, da.InvalidTypeError),
        ({"date": "2027-03-01"}, da.InvalidTypeError),
        ({"area": "Platform"}, da.InvalidValueError),
        ({"resources": ["a//b"]}, da.InvalidValueError),
        ({"decided_by": ["ana", "ana"]}, da.InvalidValueError),
        ({"consulted": [""]}, da.InvalidValueError),
        ({"status": " "}, da.InvalidValueError),
    ],
)
def test_malformed_values_are_refused(changes: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        record(**changes)


def test_records_are_added_listed_replaced_and_removed_by_id() -> None:
    org = da.Org()
    org.add(record("adr-2"), record("adr-1"))
    assert sorted(org.decisions) == ["adr-1", "adr-2"]
    assert org.decisions["adr-1"].title == "Use Postgres"
    org.replace(record("adr-1", status="superseded by adr-2"))
    assert org.decisions["adr-1"].status == "superseded by adr-2"
    org.remove("adr-2")
    assert list(org.decisions) == ["adr-1"]
    assert "adr-1" not in org.people
    assert "adr-1" not in org.areas


def test_decisions_is_a_read_only_mapping() -> None:
    org = da.Org()
    org.add(record())
    with pytest.raises(TypeError):
        org.decisions["x"] = record("x")  # type: ignore[index]


def test_record_ids_are_unique_across_every_kind() -> None:
    org = da.Org()
    org.add(da.Person("adr-1"))
    with pytest.raises(da.DuplicateIdError):
        org.add(record("adr-1"))


def test_the_graph_links_a_record_to_its_area_and_the_ids_it_names() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Person("cy"), da.Area("platform"), record())
    edges = sorted(
        (t, k) for _s, t, k in org.graph.out_edges("adr-1", keys=True) if isinstance(k, str)
    )
    # Handles ("@Bo", "Dana Okafor") are not ids: by_handle resolves them when asked.
    assert edges == [
        ("ana", "decided_by"),
        ("cy", "consulted"),
        ("cy", "dissent"),
        ("platform", "concerns"),
    ]
    assert org.graph.nodes["adr-1"]["kind"] == "decision"


def test_record_references_are_not_da201_findings() -> None:
    org = da.Org()
    org.add(record())
    codes = {f.code for f in da.validate(org, on=DAY).findings}
    assert not codes & {"DA201", "DA203"}
    assert org.graph.nodes["platform"]["kind"] == "missing"


def test_removing_an_area_or_person_leaves_the_record_and_its_references() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("platform"), record())
    org.remove("platform")
    org.remove("ana")
    assert org.decisions["adr-1"].area == "platform"
    assert org.graph.nodes["platform"]["kind"] == "missing"
    org.remove("adr-1")
    assert "platform" not in org.graph  # nothing refers to it any more


def test_records_count_in_equality_copy_pickle_and_repr() -> None:
    org = da.Org()
    org.add(record())
    other = da.Org()
    other.add(record(rationale="Another reason."))
    assert org != other
    assert org.copy() == org
    assert pickle.loads(pickle.dumps(org)) == org
    assert eval(repr(org), {"distauth": da}) == org  # a small org's repr rebuilds it
    assert "1 decision record>" in org._summary()


def test_records_survive_every_file_format_with_their_location() -> None:
    org = da.Org()
    org.add(record(), record("adr-2", area=None, status="proposed", date=dt.date(2027, 4, 1)))
    for format in ("yaml", "json", "toml"):
        loaded = da.loads(da.dumps(org, format), format, source=f"org.{format}")
        assert loaded == org
        location = loaded.location("adr-2")
        assert location is not None
        assert location.file == f"org.{format}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("decisions:\n  adr-1: {date: 2027-03-01}\n", "decisions.adr-1.title: is required"),
        ("decisions:\n  adr-1:\n", "decisions.adr-1.title: is required"),
        ("decisions:\n  adr-1: {title: t, date: soon}\n", "decisions.adr-1.date: expected a date"),
        (
            "decisions:\n  adr-1: {title: t, date: 2027-03-01, decided: [ana]}\n",
            "unknown key 'decided'",
        ),
        (
            "people:\n  adr-1: {}\ndecisions:\n  adr-1: {title: t, date: 2027-03-01}\n",
            "id 'adr-1' is already used by a person on line 3",
        ),
    ],
)
def test_bad_records_in_files_are_load_errors(body: str, message: str) -> None:
    with pytest.raises(da.OrgFileError) as info:
        da.loads("version: 1\n" + body)
    assert message in str(info.value)
