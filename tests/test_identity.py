"""Handles, person kinds and Org.by_handle: finding who a name in another system means."""

from __future__ import annotations

import pytest

import distauth as da
from tests.conftest import DAY


def test_handles_keep_their_order_and_spelling() -> None:
    person = da.Person("ana", handles=["@AnaR", "Ana Ruiz"])
    assert person.handles == ("@AnaR", "Ana Ruiz")


@pytest.mark.parametrize("handle", ["", "   ", " @ana", "@ana "])
def test_empty_padded_or_non_string_handles_are_refused(handle: object) -> None:
    with pytest.raises(da.InvalidValueError, match="handles"):
        da.Person("ana", handles=[handle])
    # A handle of the wrong type is a TypeError of distauth's tree, naming the field.
    with pytest.raises(da.InvalidTypeError, match="handles"):
        da.Person("ana", handles=[3])


def test_a_handle_listed_twice_by_one_entity_is_refused() -> None:
    with pytest.raises(da.InvalidValueError, match="twice"):
        da.Role("team", handles=["@acme/team", "@acme/team"])


def test_kind_defaults_to_human_and_accepts_agents_and_bots() -> None:
    assert da.Person("ana").kind == "human"
    assert {da.Person("x", kind=k).kind for k in ("agent", "bot")} == {"agent", "bot"}


def test_an_unknown_kind_is_refused_with_the_choices() -> None:
    with pytest.raises(da.InvalidValueError, match="'human', 'agent', 'bot'"):
        da.Person("x", kind="robot")


def test_collective_must_be_a_real_bool() -> None:
    with pytest.raises(da.InvalidTypeError, match="collective"):
        da.Role("team", collective=1)  # type: ignore[arg-type]


@pytest.fixture
def org() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana", name="Ana Ruiz", email="ana@acme.example", handles=["@AnaR"]),
        da.Person("bo", name="Bo Li", handles=["bo@elsewhere.example"]),
        da.Person("cy", name="Bo Li"),
        da.Role("payments", name="Payments", handles=["@acme/Payments"], collective=True),
        da.Area("billing", name="Ana Ruiz"),
    )
    return org


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ana", "ana"),  # an id
        ("@anar", "ana"),  # a GitHub login, case-insensitively
        ("@ANAR", "ana"),
        ("ANA@acme.example", "ana"),  # the email field counts as a handle
        ("Bo@Elsewhere.Example", "bo"),  # an email listed as a handle
        ("@ACME/payments", "payments"),  # a team
        ("ana  ruiz", "ana"),  # a name as an ADR writes it; areas are never answers
        ("payments", "payments"),
    ],
)
def test_by_handle_finds_ids_handles_emails_and_names(
    org: da.Org, text: str, expected: str
) -> None:
    found = org.by_handle(text)
    assert found is not None
    assert found.id == expected


def test_by_handle_answers_none_for_unknown_names_and_area_ids(org: da.Org) -> None:
    assert org.by_handle("@nobody") is None
    assert org.by_handle("billing") is None
    assert org.by_handle("") is None


def test_a_name_two_people_share_is_ambiguous_so_none(org: da.Org) -> None:
    assert org.by_handle("Bo Li") is None


def test_an_id_wins_over_a_handle_spelled_the_same() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Person("bo", handles=["ana"]))
    found = org.by_handle("ana")
    assert found is not None
    assert found.id == "ana"


def test_a_handle_wins_over_a_name() -> None:
    org = da.Org()
    org.add(da.Person("ana", name="Jo"), da.Person("bo", handles=["jo"]))
    found = org.by_handle("JO")
    assert found is not None
    assert found.id == "bo"


def test_a_handle_claimed_twice_is_ambiguous_and_reported_once() -> None:
    org = da.Org()
    org.add(da.Person("ana", handles=["@ana"]), da.Person("ana-r", handles=["@Ana"]))
    assert org.by_handle("@ana") is None
    findings = da.validate(org, select=["DA204"], on=DAY).findings
    assert [(f.code, f.subjects) for f in findings] == [("DA204", ("ana", "ana-r"))]
    assert "'@ana'" in findings[0].message
    assert "'@Ana'" in findings[0].message


def test_an_email_claimed_as_another_persons_handle_is_a_duplicate() -> None:
    org = da.Org()
    org.add(da.Person("ana", email="a@x.example"), da.Person("bo", handles=["A@X.example"]))
    findings = da.validate(org, select=["DA204"], on=DAY).findings
    assert [f.subjects for f in findings] == [("ana", "bo")]


def test_fixing_the_duplicate_clears_the_finding_and_the_lookup_follows() -> None:
    org = da.Org()
    org.add(da.Person("ana", handles=["@ana"]), da.Role("team", handles=["@ana"]))
    assert da.validate(org, select=["DA204"], on=DAY).findings
    org.replace(da.Role("team", handles=["@acme/team"]))
    assert not da.validate(org, select=["DA204"], on=DAY).findings
    found = org.by_handle("@ana")
    assert found is not None
    assert found.id == "ana"


def test_by_handle_refuses_a_non_string() -> None:
    with pytest.raises(da.InvalidTypeError):
        da.Org().by_handle(3)  # type: ignore[arg-type]


def test_handles_and_kinds_survive_every_file_format() -> None:
    org = da.Org()
    org.add(
        da.Person("ana", handles=["@AnaR", "Ana Ruiz"], kind="human"),
        da.Person("ci", kind="bot"),
        da.Role("team", handles=["@Acme/Team"], collective=True, holders=["ana"]),
    )
    for format in ("yaml", "json", "toml"):
        text = da.dumps(org, format)
        assert "@AnaR" in text
        assert "@Acme/Team" in text
        assert da.loads(text, format) == org


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("people:\n  ana: {kind: robot}\n", "people.ana.kind: 'robot' is not a kind of person"),
        ("people:\n  ana: {handles: ['@a', '@a']}\n", "'@a' is listed twice"),
        ("people:\n  ana: {handles: [' @a']}\n", "has spaces around it"),
        ("roles:\n  t: {collective: yes}\n", "roles.t.collective: expected true or false"),
    ],
)
def test_bad_handles_and_kinds_in_files_are_load_errors(body: str, message: str) -> None:
    with pytest.raises(da.OrgFileError, match=message.replace("[", r"\[").replace("?", r"\?")):
        da.loads("version: 1\n" + body)
