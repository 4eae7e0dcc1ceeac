"""Backstage catalogs: groups become areas, owned entities scopes, broken references problems."""

from __future__ import annotations

from pathlib import Path

import pytest

import distauth as da
from distauth.interop import read_backstage
from distauth.interop._backstage import EntityRef, parse_ref
from tests.helpers import real_data


def _catalog() -> dict[str, str]:
    base = real_data("backstage__backstage") / "examples"
    return {str(p.relative_to(base)): p.read_text() for p in sorted(base.rglob("*.yaml"))}


def test_the_example_catalog_reports_both_broken_references_at_their_files() -> None:
    imported = read_backstage(_catalog())
    found = [(p.code, p.location.file, p.location.line) for p in imported.problems]
    assert found == [
        ("BS105", "acme/team-e-big-name-group.yaml", 12),
        ("BS104", "components/playback-order-component.yaml", 12),
    ]


def test_the_group_tree_is_the_area_tree() -> None:
    org = read_backstage(_catalog()).org
    parents = {a.id: a.parent for a in org.areas.values() if not a.id.startswith("owned-by")}
    assert parents == {
        "acme-corp": None,
        "infrastructure": "acme-corp",
        "backstage": "infrastructure",
        "boxoffice": "infrastructure",
        "team-a": "backstage",
        "team-b": "backstage",
        "team-c": "boxoffice",
        "team-d": "boxoffice",
        "team-e": "boxoffice",
    }


def test_owned_entities_are_decided_by_their_owners_members() -> None:
    org = read_backstage(_catalog()).org
    decision = org.who_decides("catalog:component/default/artist-lookup")
    assert decision.area is not None
    assert decision.area.id == "team-a"
    holder = org.dris("team-a")[0].holder
    assert "guest" in org.roles[holder].holders
    assert "breanna-davison" in org.roles[holder].holders
    where = org.location("team-a")
    assert where is not None
    assert where.file == "acme/team-a-group.yaml"


def test_two_users_with_one_name_in_two_namespaces_are_two_people() -> None:
    org = read_backstage(_catalog()).org
    assert {"guest", "development-guest"} <= set(org.people)
    assert org.location("development-guest") != org.location("guest")


def test_an_entity_owned_by_a_user_is_that_users_area() -> None:
    org = read_backstage(_catalog()).org
    decision = org.who_decides("catalog:component/default/searcher")
    assert decision.dri is not None
    assert decision.dri.id == "guest"


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("team-a", "group", EntityRef("group", "ns", "team-a")),
        ("user:guest", "group", EntityRef("user", "ns", "guest")),
        ("Group:other/x", "user", EntityRef("group", "other", "x")),
        ("a:b:c", "group", None),
        ("", "group", None),
    ],
)
def test_references_resolve_with_the_fields_defaults(
    text: str, kind: str, expected: EntityRef | None
) -> None:
    assert parse_ref(text, default_kind=kind, default_namespace="ns") == expected


def test_duplicates_missing_names_and_bad_yaml_are_problems() -> None:
    imported = read_backstage(
        {
            "a.yaml": "kind: Group\nmetadata: {name: g}\n---\nkind: Group\nmetadata: {name: g}\n",
            "b.yaml": "kind: Group\n",
            "c.yaml": "kind: [",
        }
    )
    assert [(p.code, p.location.file) for p in imported.problems] == [
        ("BS103", "a.yaml"),
        ("BS102", "b.yaml"),
        ("BS101", "c.yaml"),
    ]


def test_wrong_argument_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(da.InvalidTypeError):
        read_backstage({"a.yaml": 3})  # type: ignore[dict-item]
