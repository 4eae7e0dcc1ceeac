"""Hostile values that used to crash or give wrong answers: each a clean error or the right one.

Odd ``version`` values in org files, constructor arguments of the wrong type, ids too long
for YAML's simple keys, and orgs built in different orders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import distauth as da
from distauth.strategies import orgs

ODD_VERSIONS = [
    "1.0", "1.5", "true", "false", "99999999999999999999999999999", "'1'", '"1"', "[1]",
    "{a: 1}", "-1", "0", "2", "0x1", "1e400", ".inf", ".nan", "2026-01-01", "9" * 5000,
]  # fmt: skip


@pytest.mark.parametrize("value", ODD_VERSIONS)
def test_an_odd_yaml_version_is_a_clean_error_at_its_line(value: str) -> None:
    with pytest.raises(da.OrgFileError) as caught:
        da.loads(f"# an org\nversion: {value}\n", source="org.yaml")
    message = str(caught.value)
    assert message.startswith("org.yaml:2:"), message
    assert "version" in message
    assert "internal error" not in message
    assert len(message) < 300  # a 5,000-digit number is described, not printed


@pytest.mark.parametrize(
    "value", ["1.0", "true", '"1"', "[1]", "inf", "nan", "1979-05-27", "{a = 1}", "9" * 5000]
)
def test_an_odd_toml_version_is_a_clean_error_at_its_line(value: str) -> None:
    with pytest.raises(da.OrgFileError) as caught:
        da.loads(f"# an org\nversion = {value}\n", format="toml", source="org.toml")
    message = str(caught.value)
    assert message.startswith("org.toml:2:"), message
    assert "invalid TOML" not in message


@pytest.mark.parametrize("value", ["1.0", "true", '"1"', "[1]", "1e400", "9" * 5000, "null"])
def test_an_odd_json_version_is_a_clean_error_at_its_line(value: str) -> None:
    with pytest.raises(da.OrgFileError) as caught:
        da.loads(f'{{\n  "version": {value}\n}}\n', format="json", source="org.json")
    assert str(caught.value).startswith("org.json:2:")


WRONG: list[Callable[[], object]] = [
    lambda: da.Person(id=3),  # type: ignore[arg-type]
    lambda: da.Person("ana", handles=[3]),
    lambda: da.Person("ana", kind=3),  # type: ignore[arg-type]
    lambda: da.Person("ana", tags=[[1]]),
    lambda: da.Area("a", parent=["x"]),  # type: ignore[arg-type]
    lambda: da.Area("a", tags=[1]),
    lambda: da.Role("r", accountabilities=[3]),
    lambda: da.Location(file=3),  # type: ignore[arg-type]
    lambda: da.Location(line="x"),  # type: ignore[arg-type]
    lambda: da.Location(column=True),
    lambda: da.Org(resources=3),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("make", WRONG)
def test_a_wrong_type_is_a_type_error_inside_the_exception_tree(make: Callable[[], object]) -> None:
    with pytest.raises(da.DistauthError) as caught:
        make()
    assert isinstance(caught.value, TypeError)
    assert "must be" in str(caught.value) or "expected" in str(caught.value)


ODD_VALUES = [3, 1.5, None, True, b"x", [], [[1]], {}, {1: 2}, {1}, object(), "", "Not A Slug"]
CLASSES: dict[type[Any], dict[str, Any]] = {
    da.Person: {"id": "ana"},
    da.Area: {"id": "ops"},
    da.Role: {"id": "lead"},
    da.DRI: {"area": "ops", "holder": "ana"},
    da.Absence: {"person": "ana", "start": dt.date(2026, 1, 1), "end": dt.date(2026, 2, 1)},
    da.DecisionRecord: {"id": "d", "title": "T", "date": dt.date(2026, 1, 1)},
    da.Location: {},
}


@given(st.sampled_from(sorted(CLASSES, key=lambda c: c.__name__)), st.data())
def test_any_odd_argument_is_accepted_or_refused_inside_the_exception_tree(
    cls: type[Any], data: st.DataObject
) -> None:
    fields = [f.name for f in attrs.fields(cls)]
    field = data.draw(st.sampled_from(fields))
    value = data.draw(st.sampled_from(ODD_VALUES))
    kwargs = {**CLASSES[cls], field: value}
    refused: da.DistauthError | None = None
    try:
        cls(**kwargs)
    except da.DistauthError as exc:  # anything else escapes and fails the test
        refused = exc
    assert refused is None or isinstance(refused, TypeError | ValueError)


def test_an_id_longer_than_a_yaml_simple_key_dumps_and_loads_back() -> None:
    long = "a" * 1100
    org = da.Org(ignores={long: ["DA502"]}, resources=["y" * 2000])
    org.add(
        da.Person(long),
        da.Area("o" * 1030, advisors=[long], scopes=["x" * 1100 + "/**"]),
        da.DRI("o" * 1030, long),
        da.Role("r" + long, holders=[long]),
    )
    for file_format in ("yaml", "json", "toml"):
        assert da.loads(da.dumps(org, format=file_format), format=file_format) == org


def rebuilt(org: da.Org, order: list[int]) -> da.Org:
    items: list[Any] = [
        *org.people.values(),
        *org.areas.values(),
        *org.roles.values(),
        *org.decisions.values(),
        *org.all_dris(),
        *org.absences,
    ]
    new = da.Org(org.name, resources=org.resources, ignores=dict(org.ignores))
    for index in order:
        new.add(items[index])
    return new


@st.composite
def two_orders(draw: st.DrawFn) -> tuple[da.Org, list[int], list[int]]:
    org = draw(
        orgs(
            valid=False, max_areas=8, dated=True, handles=True, teams=True, deputies=True,
            absences=True, decisions=True,
        )
    )  # fmt: skip
    count = (
        len(org.people) + len(org.areas) + len(org.roles) + len(org.decisions)
        + len(org.all_dris()) + len(org.absences)
    )  # fmt: skip
    first = draw(st.permutations(range(count)))
    second = draw(st.permutations(range(count)))
    return org, first, second


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(two_orders(), st.sampled_from([dt.date(2026, 12, 1), dt.date(2027, 6, 1)]))
def test_the_order_things_were_added_never_shows(
    case: tuple[da.Org, list[int], list[int]], day: dt.date
) -> None:
    org, first, second = case
    one, two = rebuilt(org, first), rebuilt(org, second)
    assert one == two
    assert da.dumps(one) == da.dumps(two)
    assert repr(one) == repr(two)
    config = da.Config(max_areas_per_person=1)
    assert (
        da.validate(one, on=day, config=config).to_dict()
        == da.validate(two, on=day, config=config).to_dict()
    )
