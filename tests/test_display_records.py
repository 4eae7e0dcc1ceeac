"""to_records, to_pandas and report_to_pandas: the org and its findings as tables."""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest

import distauth as da
from distauth import display
from tests.conftest import DAY
from tests.helpers import acme_org, broken_org, hostile_org

pd = pytest.importorskip("pandas", reason="to_pandas needs the [pandas] extra")

COLUMNS = {
    "areas": [
        "id",
        "name",
        "parent",
        "purpose",
        "scopes",
        "advisors",
        "informed",
        "escalates_to",
        "tags",
        "dri",
        "dri_holders",
        "depth",
    ],
    "people": ["id", "name", "email", "active", "tags"],
    "roles": ["id", "name", "area", "purpose", "accountabilities", "holders"],
    "dris": ["area", "holder", "start", "end", "acting", "in_effect"],
    "edges": ["source", "target", "kind"],
}
REPORT_COLUMNS = [
    "code",
    "rule",
    "severity",
    "message",
    "subjects",
    "hint",
    "file",
    "line",
    "column",
]


def test_records_have_the_documented_tables_and_columns() -> None:
    tables = display.to_records(acme_org(), on=DAY)
    assert list(tables) == list(COLUMNS)
    for name, rows in tables.items():
        assert rows
        for row in rows:
            assert list(row) == COLUMNS[name]


def test_records_hold_every_entity_sorted_by_id() -> None:
    org = acme_org()
    tables = display.to_records(org, on=DAY)
    assert [r["id"] for r in tables["areas"]] == sorted(org.areas)
    assert [r["id"] for r in tables["people"]] == sorted(org.people)
    assert [r["id"] for r in tables["roles"]] == sorted(org.roles)
    assert len(tables["dris"]) == len(org.all_dris())
    billing = next(r for r in tables["areas"] if r["id"] == "billing")
    assert billing == {
        "id": "billing",
        "name": "Billing",
        "parent": "finance",
        "purpose": "Get paid for what we ship",
        "scopes": ["finance/billing/**"],
        "advisors": ["bo", "abe"],
        "informed": [],
        "escalates_to": None,
        "tags": [],
        "dri": "max",
        "dri_holders": ["billing-lead"],
        "depth": 2,
    }
    role = next(r for r in tables["roles"] if r["id"] == "billing-lead")
    assert role["holders"] == ["max"]
    assert role["accountabilities"] == ["Invoices go out on time", "Refund policy"]


def test_records_follow_the_day() -> None:
    org = acme_org()
    handover = dt.date(2027, 1, 1)
    before = display.to_records(org, on=DAY)
    after = display.to_records(org, on=handover)
    billing = [r for r in before["dris"] if r["area"] == "billing"]
    assert billing == [
        {
            "area": "billing",
            "holder": "billing-lead",
            "start": None,
            "end": handover,
            "acting": False,
            "in_effect": True,
        },
        {
            "area": "billing",
            "holder": "ola",
            "start": handover,
            "end": None,
            "acting": True,
            "in_effect": False,
        },
    ]
    assert [r["in_effect"] for r in after["dris"] if r["area"] == "billing"] == [False, True]
    assert next(r["dri"] for r in after["areas"] if r["id"] == "billing") == "ola"


def test_records_of_a_broken_org() -> None:
    tables = display.to_records(broken_org(DAY), on=DAY)
    areas = {r["id"]: r for r in tables["areas"]}
    # In or under a parent cycle there is no depth; under a missing parent, a new root.
    assert areas["moonshots"]["depth"] is None
    assert areas["skunkworks"]["depth"] is None
    assert areas["it"]["depth"] == 0
    assert areas["recruiting"]["dri"] is None
    assert areas["recruiting"]["dri_holders"] == ["rae", "vic"]
    assert areas["product-design"]["dri_holders"] == []
    assert areas["learning"]["dri"] is None


def test_edges_are_named_as_networkx_names_them() -> None:
    org = broken_org(DAY)
    ours = display.to_pandas(org, on=DAY)["edges"]
    theirs = nx.to_pandas_edgelist(org.graph)[["source", "target", "kind"]]
    theirs = theirs.drop_duplicates().sort_values(["source", "target", "kind"])
    assert ours.to_dict("records") == theirs.to_dict("records")


def test_records_are_plain_and_json_ready() -> None:
    tables = display.to_records(hostile_org())
    text = json.dumps(tables, default=str)
    assert json.loads(text).keys() == tables.keys()
    for rows in tables.values():
        for row in rows:
            assert type(row) is dict


def test_to_pandas_frames_keep_their_columns_even_when_empty() -> None:
    frames = display.to_pandas(da.Org())
    for name, frame in frames.items():
        assert list(frame.columns) == COLUMNS[name]
        assert len(frame) == 0
    assert str(frames["areas"]["depth"].dtype) == "Int64"


def test_to_pandas_matches_the_records() -> None:
    org = broken_org(DAY)
    frames = display.to_pandas(org, on=DAY)
    tables = display.to_records(org, on=DAY)
    for name, frame in frames.items():
        assert list(frame.columns) == COLUMNS[name]
        assert len(frame) == len(tables[name])
    areas = frames["areas"].set_index("id")
    assert areas.loc["payroll", "depth"] == 3
    assert pd.isna(areas.loc["moonshots", "depth"])
    assert areas.loc["billing", "dri"] == "max"
    # Questions a data frame answers in one line.
    per_person = frames["areas"]["dri"].value_counts()
    assert per_person["zoe"] == 11


def test_report_to_pandas() -> None:
    org = broken_org(DAY)
    org.set_location("misc", da.Location(file="org.yaml", line=7, column=3))
    report = da.validate(org, on=DAY)
    frame = display.report_to_pandas(report)
    assert list(frame.columns) == REPORT_COLUMNS
    assert len(frame) == len(report.findings)
    assert frame["code"].tolist() == [f.code for f in report]
    assert frame["subjects"].tolist() == [f.subjects for f in report]
    assert frame["severity"].cat.ordered
    assert list(frame["severity"].cat.categories) == ["info", "warning", "error"]
    assert frame["severity"].max() == "error"
    assert frame.sort_values("severity")["severity"].iloc[0] == "info"
    misc = frame[frame["code"] == "DA503"].iloc[0]
    assert (misc["file"], misc["line"], misc["column"]) == ("org.yaml", 7, 3)
    assert str(frame["line"].dtype) == "Int64"
    assert frame["line"].isna().sum() == len(frame) - 3  # DA502, DA503 and DA505 name misc
    empty = display.report_to_pandas(da.Report(()))
    assert list(empty.columns) == REPORT_COLUMNS
    assert len(empty) == 0
