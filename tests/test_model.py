"""The value classes: construction checks, immutability, equality."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import distauth as da


@pytest.mark.parametrize("ident", ["a", "billing", "billing-eu", "a.b_c-d", "x1", "2027"])
def test_slug_ids_are_accepted(ident: str) -> None:
    assert da.Person(ident).id == ident


@pytest.mark.parametrize("ident", ["", "A", "a b", "a--b", "-a", "a-", "a/b", "é", "a__b", "a."])
def test_non_slug_ids_are_refused_with_the_value_in_the_message(ident: str) -> None:
    with pytest.raises(da.InvalidValueError, match="slug") as info:
        da.Area(ident)
    assert repr(ident) in str(info.value)


def test_non_string_id_is_a_type_error_and_a_distauth_error() -> None:
    with pytest.raises(da.InvalidTypeError) as info:
        da.Person(3)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, da.DistauthError)
    assert "3" in str(info.value)


def test_list_fields_are_converted_to_tuples_not_kept() -> None:
    advisors = ["ana", "bo"]
    area = da.Area("ops", advisors=advisors)
    advisors.append("cy")
    assert area.advisors == ("ana", "bo")


def test_a_string_is_not_a_list_of_ids() -> None:
    with pytest.raises(da.InvalidTypeError, match="tuple or list"):
        da.Area("ops", advisors="ana")


def test_a_set_has_no_order_so_it_is_refused_for_ordered_fields() -> None:
    with pytest.raises(da.InvalidTypeError):
        da.Role("lead", holders={"ana"})


def test_tags_become_a_frozenset() -> None:
    assert da.Person("ana", tags=["x", "y"]).tags == frozenset({"x", "y"})


def test_duplicate_references_in_one_field_are_refused() -> None:
    with pytest.raises(da.InvalidValueError, match="'ana' twice"):
        da.Area("ops", advisors=("ana", "ana"))


def test_reference_ids_are_checked() -> None:
    with pytest.raises(da.InvalidValueError, match="parent"):
        da.Area("ops", parent="Company")


def test_entities_are_frozen_and_hashable() -> None:
    area = da.Area("ops", advisors=("ana",), tags={"t"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        area.name = "x"  # type: ignore[misc]
    assert hash(area) == hash(da.Area("ops", advisors=("ana",), tags={"t"}))


def test_all_but_id_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        da.Person("ana", "Ana")  # type: ignore[call-arg]


def test_active_must_be_a_real_bool() -> None:
    with pytest.raises(da.InvalidTypeError, match="active"):
        da.Person("ana", active=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("email", ["ana", "@x", "a@", "a b@c", "a@@b"])
def test_malformed_email_is_refused(email: str) -> None:
    with pytest.raises(da.InvalidValueError, match="email"):
        da.Person("ana", email=email)


def test_dri_end_must_be_after_start() -> None:
    day = dt.date(2027, 1, 1)
    with pytest.raises(da.InvalidValueError, match="end 2027-01-01 must be after start"):
        da.DRI("ops", "ana", start=day, end=day)


def test_dri_dates_must_be_dates_not_datetimes() -> None:
    with pytest.raises(da.InvalidTypeError, match="start"):
        da.DRI("ops", "ana", start=dt.datetime(2027, 1, 1))


def test_dri_in_effect_is_start_inclusive_end_exclusive() -> None:
    d = da.DRI("ops", "ana", start=dt.date(2027, 1, 1), end=dt.date(2027, 2, 1))
    assert not d.in_effect(dt.date(2026, 12, 31))
    assert d.in_effect(dt.date(2027, 1, 1))
    assert d.in_effect(dt.date(2027, 1, 31))
    assert not d.in_effect(dt.date(2027, 2, 1))


def test_malformed_scope_is_refused_when_the_area_is_built() -> None:
    with pytest.raises(da.ScopeError, match="a//b"):
        da.Area("ops", scopes=["a//b"])


def test_accountabilities_must_be_non_empty_text() -> None:
    with pytest.raises(da.InvalidValueError, match="accountabilities"):
        da.Role("lead", accountabilities=("",))


def test_location_prints_like_a_compiler() -> None:
    assert str(da.Location(file=None, line=2, column=7)) == "<string>:2:7"
