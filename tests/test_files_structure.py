"""The file model: values checked by field, problems across entities, all gathered in one error."""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da
from distauth.files import loads
from tests.helpers import load_error, problem, problems

ACME = """\
version: 1
name: Acme
people:
  ana: {name: Ana Ruiz, email: ana@acme.example}
  bo: {name: Bo Li}
  cy: {name: Cy Park, active: false}
areas:
  company: {name: Acme, dri: ana, purpose: Build and sell Acme}   # dri: sugar
  billing:
    parent: company
    purpose: Get paid for what we ship
    scopes: [finance/billing/**]
    advisors: [bo]
roles:
  billing-lead: {area: billing, holders: [ana]}
dris:                            # dated assignments: a handover to an acting DRI
  - {area: billing, holder: billing-lead, end: 2027-01-01}
  - {area: billing, holder: bo, start: 2027-01-01, acting: true}
resources: [finance/billing/invoices]   # optional inventory checked by DA303
ignore: {billing: [DA502]}       # per-area suppressions
"""


def test_the_design_example_loads_into_the_same_org_as_the_api_builds() -> None:
    expected = da.Org(name="Acme", resources=["finance/billing/invoices"],
                      ignores={"billing": ["DA502"]})  # fmt: skip
    expected.add(
        da.Person("ana", name="Ana Ruiz", email="ana@acme.example"),
        da.Person("bo", name="Bo Li"),
        da.Person("cy", name="Cy Park", active=False),
        da.Area("company", name="Acme", purpose="Build and sell Acme"),
        da.Area("billing", parent="company", purpose="Get paid for what we ship",
                scopes=["finance/billing/**"], advisors=["bo"]),
        da.Role("billing-lead", area="billing", holders=["ana"]),
        da.DRI("company", "ana"),
        da.DRI("billing", "billing-lead", end=dt.date(2027, 1, 1)),
        da.DRI("billing", "bo", start=dt.date(2027, 1, 1), acting=True),
    )  # fmt: skip
    assert loads(ACME) == expected


def test_the_dri_sugar_is_one_undated_non_acting_dri() -> None:
    org = loads("version: 1\nareas:\n  ops: {dri: ana}\n")
    assert org.all_dris() == (da.DRI("ops", "ana"),)


def test_an_id_used_twice_across_sections_is_refused() -> None:
    text = "version: 1\npeople:\n  ana: {}\nroles:\n  ana: {}\nareas:\n  ops: {}\n"
    assert problems(text) == [
        (5, "roles.ana", "id 'ana' is already used by a person on line 3: ids are unique "
         "across people, areas, roles and decision records"),
    ]  # fmt: skip


def test_an_id_used_in_three_sections_is_refused_twice() -> None:
    text = "version: 1\npeople:\n  x: {}\nareas:\n  x: {}\nroles:\n  x: {}\n"
    assert [p[:2] for p in problems(text)] == [(5, "areas.x"), (7, "roles.x")]


def test_a_dri_listed_twice_is_refused() -> None:
    text = "version: 1\ndris:\n  - {area: a, holder: b}\n  - {area: a, holder: c}\n" \
           "  - {area: a, holder: b}\n"  # fmt: skip
    assert problems(text) == [(5, "dris[2]", "the same DRI assignment as dris[0] on line 3")]


def test_a_dri_repeating_the_sugar_is_refused() -> None:
    text = "version: 1\nareas:\n  a: {dri: b}\ndris:\n  - {area: a, holder: b}\n"
    assert problems(text) == [(5, "dris[0]", "the same DRI assignment as areas.a.dri on line 3")]


def test_dated_dris_differ_from_the_sugar() -> None:
    org = loads(
        "version: 1\nareas:\n  a: {dri: b}\ndris:\n  - {area: a, holder: b, end: 2030-01-01}\n"
    )
    assert len(org.all_dris()) == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("parent", "Company", "'Company' is not a valid id"),
        ("escalates_to", "a--b", "'a--b' is not a valid id"),
        ("advisors", "[ok, Not-OK]", "'Not-OK' is not a valid id"),
        ("scopes", "['a//b']", "scope 'a//b': empty segment at position 2"),
        ("scopes", "['x/**y']", "'**' must be a whole segment"),
        ("tags", "['  ']", "expected a non-empty text, got an empty one"),
    ],
)
def test_malformed_values_name_their_field(field: str, value: str, message: str) -> None:
    line, _col, path, found = problem(f"version: 1\nareas:\n  ops:\n    {field}: {value}\n")
    assert line == 4
    assert path.startswith(f"areas.ops.{field}")
    assert message in found


def test_a_malformed_scope_names_its_index() -> None:
    assert problem("version: 1\nareas:\n  ops:\n    scopes: [a/b, /c]\n")[:3] == (
        4, 19, "areas.ops.scopes[1]"
    )  # fmt: skip


def test_a_repeated_list_item_is_refused() -> None:
    assert problem("version: 1\nroles:\n  r:\n    holders: [ana, bo, ana]\n")[2:] == (
        "roles.r.holders[2]", "'ana' is listed twice (first at [0])"
    )  # fmt: skip


def test_repeated_accountabilities_are_allowed() -> None:
    org = loads("version: 1\nroles:\n  r: {accountabilities: [Pay, Pay]}\n")
    assert org.roles["r"].accountabilities == ("Pay", "Pay")


def test_a_malformed_email_is_refused() -> None:
    assert problem("version: 1\npeople:\n  ana: {email: ana.example}\n")[2:] == (
        "people.ana.email", "'ana.example' is not an email address (name@domain)"
    )  # fmt: skip


def test_a_malformed_resource_is_refused() -> None:
    line, _col, path, message = problem("version: 1\nresources:\n  - ok/one\n  - bad/*\n")
    assert (line, path) == (4, "resources[1]")
    assert "'*' is not allowed in a resource" in message


def test_a_resource_listed_twice_is_refused() -> None:
    assert problem("version: 1\nresources: [a/b, a/b]\n")[2:] == (
        "resources[1]", "'a/b' is listed twice (first at [0])"
    )  # fmt: skip


def test_an_unknown_rule_code_in_ignore_is_refused() -> None:
    line, _col, path, message = problem("version: 1\nignore:\n  ops: [DA502, DA999]\n")
    assert (line, path) == (3, "ignore.ops[1]")
    assert "'DA999' is not a rule code or prefix" in message


def test_a_lowercase_rule_code_is_refused() -> None:
    assert problem("version: 1\nignore:\n  ops: [da5]\n")[2:] == (
        "ignore.ops[0]", "'da5' is not a rule code or prefix (like DA101 or DA1)"
    )  # fmt: skip


def test_ignore_keys_are_ids() -> None:
    assert problem("version: 1\nignore:\n  Ops: [DA5]\n")[2] == "ignore.Ops"


def test_ignores_load_as_frozensets_of_codes() -> None:
    org = loads("version: 1\nignore:\n  ops: [DA5, DA101]\n")
    assert org.ignores == {"ops": frozenset({"DA5", "DA101"})}


def test_every_problem_in_the_file_is_gathered() -> None:
    text = """\
version: 1
name: [Acme]
people:
  Ana: {}
  bo: {active: maybe, email: nope}
  cy: {nmae: Cy}
areas:
  ops:
    parent: [x]
    scopes: a/b
roles:
  bo: {}
dris:
  - {area: ops}
  - {area: ops, holder: bo, start: 2027-02-30}
resources: ['x/*']
ignore: {ops: [DA9]}
"""
    assert [p[:2] for p in problems(text)] == [
        (2, "name"),
        (4, "people.Ana"),
        (5, "people.bo.active"),
        (5, "people.bo.email"),
        (6, "people.cy.nmae"),
        (9, "areas.ops.parent"),
        (10, "areas.ops.scopes"),
        (12, "roles.bo"),
        (14, "dris[0].holder"),
        (15, "dris[1].start"),
        (16, "resources[0]"),
        (17, "ignore.ops[0]"),
    ]


def test_problems_are_listed_one_per_line_in_the_message() -> None:
    exc = load_error(
        "version: 1\nname: [x]\npeople: []\n",
    )
    assert str(exc) == (
        "org.yaml:2:1: name: expected a string, got a list\n"
        "org.yaml:3:1: people: expected a mapping, got a list"
    )


def test_an_org_with_dangling_references_and_cycles_loads() -> None:
    org = loads("version: 1\nareas:\n  a: {parent: b, dri: ghost}\n  b: {parent: a}\n"
                "roles:\n  r: {area: nowhere, holders: [nobody]}\n")  # fmt: skip
    assert org.areas["a"].parent == "b"
    assert org.graph.nodes["ghost"]["kind"] == "missing"
