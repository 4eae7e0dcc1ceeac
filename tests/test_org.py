"""The Org aggregate: the graph as the one source of truth, changes, views, copies."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

import distauth as da


@pytest.fixture
def org() -> da.Org:
    o = da.Org(name="Acme")
    o.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Area("co", advisors=("bo",)),
        da.Area("ops", parent="co", informed=("ana",)),
        da.Role("lead", area="ops", holders=("bo",)),
        da.DRI("co", "ana"),
        da.DRI("ops", "lead"),
    )
    return o


def edge_kinds(org: da.Org, u: str, v: str) -> set[str]:
    found: dict[object, dict[str, str]] = org.graph.get_edge_data(u, v, default={})
    return {d["kind"] for d in found.values()}


def test_graph_nodes_carry_kind_and_entity(org: da.Org) -> None:
    assert org.graph.nodes["ana"] == {"kind": "person", "entity": da.Person("ana")}
    assert org.graph.nodes["ops"]["kind"] == "area"
    assert org.graph.nodes["lead"]["entity"] == org.roles["lead"]


def test_graph_edges_mirror_every_reference(org: da.Org) -> None:
    assert edge_kinds(org, "ops", "co") == {"parent"}
    assert edge_kinds(org, "bo", "co") == {"advises"}
    assert edge_kinds(org, "ana", "ops") == {"informs"}
    assert edge_kinds(org, "lead", "ops") == {"in_area"}
    assert edge_kinds(org, "bo", "lead") == {"holds"}
    assert edge_kinds(org, "co", "ana") == {"dri"}
    assert edge_kinds(org, "ops", "lead") == {"dri"}


def test_dri_edges_carry_dates_and_acting() -> None:
    o = da.Org()
    d = da.DRI("ops", "ana", start=dt.date(2027, 1, 1), acting=True)
    o.add(d)
    data = o.graph.edges["ops", "ana", d]
    assert data == {"kind": "dri", "start": dt.date(2027, 1, 1), "end": None, "acting": True}


def test_any_networkx_algorithm_runs_on_the_graph(org: da.Org) -> None:
    parents = nx.DiGraph((u, v) for u, v, d in org.graph.edges(data=True) if d["kind"] == "parent")
    assert nx.is_directed_acyclic_graph(parents)
    # ops escalates to co, whose DRI is ana: a path along parent and dri edges.
    assert nx.shortest_path(org.graph, "ops", "ana") == ["ops", "co", "ana"]
    assert nx.has_path(org.graph, "ana", "ops") is True  # ana is informed about ops
    assert nx.has_path(org.graph, "co", "bo") is False


def test_graph_is_frozen_for_users(org: da.Org) -> None:
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        org.graph.add_node("x")


def test_unknown_references_are_kept_as_missing_nodes() -> None:
    o = da.Org()
    o.add(da.Area("ops", parent="nowhere", advisors=("ghost",)))
    assert o.graph.nodes["nowhere"] == {"kind": "missing", "entity": None}
    assert edge_kinds(o, "ghost", "ops") == {"advises"}
    assert "nowhere" not in o
    assert "nowhere" not in o.areas


def test_adding_the_missing_entity_later_resolves_the_reference() -> None:
    o = da.Org()
    o.add(da.Area("ops", parent="co"))
    o.add(da.Area("co"))
    assert o.graph.nodes["co"]["kind"] == "area"
    assert edge_kinds(o, "ops", "co") == {"parent"}


def test_ids_are_unique_across_kinds(org: da.Org) -> None:
    with pytest.raises(da.DuplicateIdError, match="'ana' is already taken"):
        org.add(da.Area("ana"))


def test_add_is_all_or_nothing(org: da.Org) -> None:
    before = org.copy()
    with pytest.raises(da.DuplicateIdError):
        org.add(da.Person("cy"), da.Person("cy"))
    with pytest.raises(da.InvalidTypeError, match="can only add"):
        org.add(da.Person("dee"), "not an entity")  # type: ignore[arg-type]
    assert org == before
    assert "cy" not in org


def test_the_same_dri_twice_is_refused(org: da.Org) -> None:
    with pytest.raises(da.DuplicateIdError):
        org.add(da.DRI("co", "ana"))


def test_remove_person_keeps_references_to_it_dangling(org: da.Org) -> None:
    org.remove("ana")
    assert "ana" not in org.people
    assert org.graph.nodes["ana"]["kind"] == "missing"
    assert [d.holder for d in org.dris("co")] == ["ana"]
    assert edge_kinds(org, "ana", "ops") == {"informs"}


def test_remove_area_removes_its_dris_and_own_links(org: da.Org) -> None:
    org.remove("ops")
    assert all(d.area != "ops" for d in org.all_dris())
    assert not org.graph.has_edge("ana", "ops")  # its informs link
    assert not org.graph.has_edge("ops", "co")  # its parent link
    assert org.graph.nodes["ops"]["kind"] == "missing"  # role lead still names it
    org.remove("lead")
    assert "ops" not in org.graph  # now nothing refers to it


def test_remove_area_referred_to_by_others_leaves_a_missing_node(org: da.Org) -> None:
    org.remove("co")
    assert org.graph.nodes["co"]["kind"] == "missing"
    assert edge_kinds(org, "ops", "co") == {"parent"}
    assert not org.graph.has_edge("bo", "co")  # the advises link belonged to co


def test_remove_role_removes_holds_links_but_dri_records_stay(org: da.Org) -> None:
    org.remove("lead")
    assert not org.graph.has_edge("bo", "lead")
    assert org.graph.nodes["lead"]["kind"] == "missing"
    assert [d.holder for d in org.dris("ops")] == ["lead"]


def test_remove_a_dri_by_value(org: da.Org) -> None:
    org.remove(da.DRI("co", "ana"))
    assert org.dris("co") == ()
    with pytest.raises(da.UnknownIdError):
        org.remove(da.DRI("co", "ana"))


def test_remove_unknown_id_is_a_key_error(org: da.Org) -> None:
    with pytest.raises(KeyError, match="nobody"):
        org.remove("nobody")


def test_remove_by_value_must_match_the_stored_entity(org: da.Org) -> None:
    with pytest.raises(da.UnknownIdError):
        org.remove(da.Person("ana", name="Someone else"))
    org.remove(da.Person("ana"))
    assert "ana" not in org


def test_replace_keeps_the_id_and_the_dri_records(org: da.Org) -> None:
    org.replace(da.Area("ops", parent="co", purpose="Run things", advisors=("ana",)))
    assert org.areas["ops"].purpose == "Run things"
    assert [d.holder for d in org.dris("ops")] == ["lead"]
    assert edge_kinds(org, "ana", "ops") == {"advises"}  # the old informs link is gone


def test_replace_needs_the_same_kind(org: da.Org) -> None:
    with pytest.raises(da.InvalidValueError, match="cannot replace the person 'ana'"):
        org.replace(da.Area("ana"))
    with pytest.raises(da.UnknownIdError):
        org.replace(da.Area("nobody"))


def test_views_are_read_only_live_mappings(org: da.Org) -> None:
    people = org.people
    assert list(people) == ["ana", "bo"]
    assert len(org.areas) == 2
    org.add(da.Person("cy"))
    assert "cy" in people
    with pytest.raises(TypeError):
        people["dee"] = da.Person("dee")  # type: ignore[index]
    with pytest.raises(KeyError):
        org.people["co"]


def test_copy_is_equal_and_independent(org: da.Org) -> None:
    twin = org.copy()
    assert twin == org
    twin.add(da.Person("cy"))
    assert twin != org
    assert "cy" not in org


def test_equality_is_by_content_not_insertion_order() -> None:
    a = da.Org(name="x")
    a.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
    b = da.Org(name="x")
    b.add(da.DRI("co", "ana"), da.Area("co"), da.Person("ana"))
    assert a == b
    b.name = "y"
    assert a != b


def test_org_is_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(da.Org())


def test_resources_and_ignores_are_checked() -> None:
    with pytest.raises(da.ScopeError):
        da.Org(resources=["a//b"])
    with pytest.raises(da.InvalidTypeError):
        da.Org(resources="a/b")
    with pytest.raises(da.InvalidValueError, match="not a rule code"):
        da.Org(ignores={"ops": ["da101"]})
    assert da.Org(ignores={"ops": ["DA5"]}).ignores == {"ops": frozenset({"DA5"})}


def test_locations_attach_to_entities_dris_and_resources(org: da.Org) -> None:
    loc = da.Location(file="org.yaml", line=4, column=3)
    org.set_location("ops", loc)
    org.set_location(da.DRI("co", "ana"), loc)
    org.resources = ["finance/billing"]
    org.set_location("finance/billing", loc)
    assert org.location("ops") == loc
    assert org.location(da.DRI("co", "ana")) == loc
    assert org.location("finance/billing") == loc
    with pytest.raises(da.UnknownIdError):
        org.set_location("nobody", loc)


def test_entity_lookup_by_id(org: da.Org) -> None:
    assert org.entity("lead") == org.roles["lead"]
    with pytest.raises(da.UnknownIdError, match="'x'"):
        org.entity("x")


def test_repr_rebuilds_a_small_org(org: da.Org) -> None:
    assert eval(repr(org), {"distauth": da}) == org


def test_repr_of_a_big_org_counts(org: da.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    from distauth import _org_facade

    monkeypatch.setattr(_org_facade, "REPR_MAX_ENTITIES", 3)
    assert repr(org) == "<Org 'Acme': 2 areas, 2 people, 1 role, 2 DRI assignments>"


def test_a_location_set_after_copying_does_not_leak_into_the_copy(org: da.Org) -> None:
    twin = org.copy()
    loc = da.Location(file="org.yaml", line=9, column=1)
    org.set_location(da.DRI("co", "ana"), loc)
    org.set_location("ops", loc)
    assert twin.location(da.DRI("co", "ana")) is None
    assert twin.location("ops") is None
    assert org.location(da.DRI("co", "ana")) == loc


def test_dri_edges_with_the_same_dates_share_one_attribute_dict() -> None:
    o = da.Org()
    o.add(da.DRI("a", "x"), da.DRI("b", "y"))
    assert o.graph.edges["a", "x", da.DRI("a", "x")] is o.graph.edges["b", "y", da.DRI("b", "y")]


def test_the_name_stays_a_string() -> None:
    org = da.Org(name="Acme")
    org.name = "Acme Robotics"
    assert org.name == "Acme Robotics"
    with pytest.raises(da.InvalidTypeError):
        org.name = 3  # type: ignore[assignment]
