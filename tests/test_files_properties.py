"""Properties: dump-then-load is the identity in every format; loading anything at all either
gives an org or raises an OrgFileError, never another exception."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import distauth as da
from distauth.files import dump, dumps, load, loads
from distauth.strategies import broken_orgs, orgs
from tests.helpers import EXTRAS, file_orgs

FORMATS = ["yaml", "json", "toml"]


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@given(
    org=st.one_of(
        orgs(dated=True),
        orgs(valid=False),
        orgs(dated=True, **EXTRAS),
        orgs(valid=False, **EXTRAS),
        broken_orgs().map(lambda case: case[0]),
    )
)
def test_every_org_the_library_strategies_generate_round_trips(fmt: str, org: da.Org) -> None:
    """distauth.strategies' valid, broken and anything-goes orgs all survive a file."""
    assert loads(dumps(org, fmt), fmt) == org


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs())
def test_loading_a_dump_gives_an_equal_org(fmt: str, org: da.Org) -> None:
    assert loads(dumps(org, fmt), fmt) == org


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs())
def test_a_dump_is_canonical(fmt: str, org: da.Org) -> None:
    text = dumps(org, fmt)
    assert dumps(org.copy(), fmt) == text
    assert dumps(loads(text, fmt), fmt) == text


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs())
def test_every_format_gives_the_same_org(org: da.Org) -> None:
    from_yaml = loads(dumps(org, "yaml"), "yaml")
    assert loads(dumps(from_yaml, "json"), "json") == loads(dumps(org, "toml"), "toml")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs())
def test_every_loaded_yaml_entity_and_dri_has_a_location(org: da.Org) -> None:
    back = loads(dumps(org), source="org.yaml")
    for ident in [*back.people, *back.areas, *back.roles]:
        assert back.location(ident) is not None
    for dri in back.all_dris():
        assert back.location(dri) is not None
    for resource in back.resources:
        assert back.location(resource) is not None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs())
def test_other_yaml_readers_read_the_same_tree(org: da.Org) -> None:
    # PyYAML (YAML 1.1, pure Python here) must see exactly the JSON tree: every string that a
    # YAML 1.1 reader could take for something else is quoted, every odd character escaped.
    expected = json.loads(dumps(org, "json"))
    assert _plain(yaml.load(dumps(org), Loader=yaml.SafeLoader)) == expected
    assert _plain(yaml.load(dumps(org), Loader=yaml.CSafeLoader)) == expected


@settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(org=file_orgs(), fmt=st.sampled_from(FORMATS))
def test_dump_then_load_through_files(tmp_path: Path, org: da.Org, fmt: str) -> None:
    path = tmp_path / f"org.{fmt}"
    dump(org, path)
    assert load(path) == org


# --- loading anything --------------------------------------------------------------------------


def _loads_cleanly(data: str | bytes, fmt: str) -> None:
    """Load *data*: an Org, or an OrgFileError that is not an internal error."""
    failure: da.OrgFileError | None = None
    try:
        result = loads(data, fmt)
    except da.OrgFileError as exc:
        failure = exc
    if failure is None:
        assert isinstance(result, da.Org)
    else:
        assert "internal error" not in str(failure), str(failure)
        assert failure.errors


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=150)
@given(data=st.binary(max_size=200))
def test_random_bytes_never_raise_anything_else(fmt: str, data: bytes) -> None:
    _loads_cleanly(data, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=100)
@given(
    text=st.text(alphabet="{}[]:,\"'\\ -#&*!|>\n\t0123456789.abcdeftrunl~=<\u2028\x85", max_size=80)
)
def test_random_syntax_never_raises_anything_else(fmt: str, text: str) -> None:
    _loads_cleanly(text, fmt)


KEYS = ["version", "name", "people", "areas", "roles", "dris", "resources", "ignore", "email",
        "active", "tags", "parent", "purpose", "scopes", "advisors", "informed", "escalates_to",
        "area", "accountabilities", "holders", "holder", "start", "end", "acting", "dri", "ana",
        "ops", "<<", "Ana"]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["1", "NO", "2027-01-01", "2027-02-30", "a/**", "DA5", "ana"]),
    st.dates(),
    st.datetimes(),
)
trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=25,
)
org_like = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 1, 2, "1", None, 1.0, True])},
    optional=dict.fromkeys(KEYS[1:8], trees),
)


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _toml_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _toml_ready(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_toml_ready(v) for v in value if v is not None]
    if isinstance(value, float) and math.isnan(value):
        return 0.5
    return value


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(tree=org_like | trees)
def test_random_trees_never_raise_anything_else(tree: Any) -> None:
    _loads_cleanly(json.dumps(_json_ready(tree)), "json")
    _loads_cleanly(yaml.safe_dump(tree, allow_unicode=True), "yaml")
    _loads_cleanly(yaml.safe_dump(tree, default_flow_style=True), "yaml")
    if isinstance(tree, dict):
        _loads_cleanly(tomli_w.dumps(_toml_ready(tree)), "toml")


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(org=file_orgs(max_entities=3), data=st.data())
def test_mutated_dumps_never_raise_anything_else(
    fmt: str, org: da.Org, data: st.DataObject
) -> None:
    text = dumps(org, fmt)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        change = data.draw(st.sampled_from(["delete", "insert", "duplicate-line"]))
        if change == "delete":
            text = text[:at] + text[at + 1 :]
        elif change == "insert":
            text = text[:at] + data.draw(st.sampled_from(list("{}[]:,\"'- \n\t&*!#"))) + text[at:]
        else:
            lines = text.splitlines(keepends=True)
            assume(lines)
            index = data.draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])
    _loads_cleanly(text, fmt)
