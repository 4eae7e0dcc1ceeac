"""The JSON Schema describes what the loader accepts, and ships as ``org.schema.json``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

import distauth as da
from distauth.files import dumps, json_schema, loads
from tests.helpers import file_orgs

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "src" / "distauth" / "org.schema.json"


def _plain(value: Any) -> Any:
    """YAML loaded by another reader, as JSON: dates back to ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json_schema())


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    jsonschema.Draft7Validator.check_schema(json_schema())
    assert json_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_the_shipped_schema_file_is_the_schema() -> None:
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == json_schema()


def test_the_schema_is_a_fresh_dict_each_time() -> None:
    schema = json_schema()
    schema["title"] = "changed"
    assert json_schema()["title"] != "changed"


@pytest.mark.parametrize("name", ["acme.yaml", "acme-broken.yaml"])
def test_the_examples_are_valid(name: str) -> None:
    data = yaml.safe_load((ROOT / "examples" / name).read_text(encoding="utf-8"))
    _validator().validate(_plain(data))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs())
def test_every_dump_is_valid(org: da.Org) -> None:
    _validator().validate(json.loads(dumps(org, "json")))
    _validator().validate(_plain(yaml.safe_load(dumps(org, "yaml"))))


@pytest.mark.parametrize(
    "document",
    [
        {"name": "Acme"},  # missing version
        {"version": 2},
        {"version": "1"},
        {"version": 1, "teams": {}},  # unknown key
        {"version": 1, "people": {"ana": {"nmae": "Ana"}}},
        {"version": 1, "people": {"Ana": {}}},  # non-slug id
        {"version": 1, "people": {"ana": {"active": "true"}}},  # wrong type
        {"version": 1, "areas": {"ops": {"parent": ["company"]}}},
        {"version": 1, "areas": {"ops": {"advisors": "ana"}}},
        {"version": 1, "areas": {"ops": {"advisors": ["Ana"]}}},
        {"version": 1, "areas": {"ops": {"dri": "A B"}}},
        {"version": 1, "dris": [{"area": "ops"}]},
        {"version": 1, "dris": [{"area": "ops", "holder": "ana", "start": "2027-1-1"}]},
        {"version": 1, "dris": [{"area": "ops", "holder": "ana", "acting": "yes"}]},
        {"version": 1, "resources": "a/b"},
        {"version": 1, "resources": ["a/*"]},
        {"version": 1, "ignore": {"ops": ["da5"]}},
        {"version": 1, "areas": {"ops": {"scopes": ["a//b"]}}},
        {"version": 1, "people": {"ana": {"kind": "robot"}}},
        {"version": 1, "people": {"ana": {"handles": ["@a", "@a"]}}},
        {"version": 1, "people": {"ana": {"handles": [" @a"]}}},
        {"version": 1, "roles": {"t": {"collective": "yes"}}},
        {"version": 1, "areas": {"ops": {"deputy": "Bo"}}},
        {"version": 1, "areas": {"ops": {"nobody": 1}}},
        {"version": 1, "absences": [{"person": "ana", "start": "2027-01-01"}]},
        {"version": 1, "decisions": {"adr-1": {"date": "2027-01-01"}}},
        {"version": 1, "decisions": {"adr-1": {"title": "t", "date": "2027-01-01", "by": []}}},
        {"version": 1, "decisions": {"Adr-1": {"title": "t", "date": "2027-01-01"}}},
        [],
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(document: Any) -> None:
    assert not _validator().is_valid(document)
    with pytest.raises(da.OrgFileError):
        loads(json.dumps(document), "json")


def test_the_schema_accepts_nulls_where_the_loader_reads_them_as_absent() -> None:
    document = {"version": 1, "name": None, "people": {"ana": None, "bo": {"email": None}}}
    assert _validator().is_valid(document)
    loads(json.dumps(document), "json")


def test_every_field_of_the_file_model_is_in_the_schema() -> None:
    from distauth.files._structure import (
        FIELDS,
        AbsenceBody,
        AreaBody,
        DecisionBody,
        DriBody,
        OrgFile,
        PersonBody,
        RoleBody,
    )

    schema = json_schema()
    definitions = schema["definitions"]
    assert set(schema["properties"]) == set(FIELDS[OrgFile])
    for name, cls in [("person", PersonBody), ("area", AreaBody), ("role", RoleBody),
                      ("dri", DriBody), ("absence", AbsenceBody),
                      ("decision", DecisionBody)]:  # fmt: skip
        assert set(definitions[name]["properties"]) == set(FIELDS[cls])


def test_every_property_has_a_description() -> None:
    schema = json_schema()
    bodies = [schema, *schema["definitions"].values()]
    for body in bodies:
        for name, prop in body["properties"].items():
            assert prop.get("description"), name
