"""Dumping: canonical order, defaults left out, the dri sugar, exact quoting, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
import yaml

import distauth as da
from distauth.files import dump, dumps, loads
from tests.helpers import TRAP_IDS, TRAP_TEXTS


def _org() -> da.Org:
    org = da.Org(name="Acme", resources=["z/last", "a/first"], ignores={"ops": ["DA5", "DA101"]})
    org.add(
        da.Person("zed"),
        da.Person("ana", name="Ana", tags={"b", "a"}),
        da.Area("ops", parent="company"),
        da.Area("company"),
        da.Area("billing", parent="company"),
        da.Area("orphan", parent="ghost"),
        da.Area("infra", parent="ops"),
        da.Role("lead", holders=["ana"]),
        da.DRI("company", "ana"),
        da.DRI("ops", "zed", end=dt.date(2027, 1, 1)),
        da.DRI("ops", "ana", start=dt.date(2027, 1, 1), acting=True),
        da.DRI("ghost", "ana"),
    )
    return org


EXPECTED_YAML = """\
version: 1
name: Acme
people:
  ana:
    name: Ana
    tags: [a, b]
  zed: {}
areas:
  company:
    dri: ana
  billing:
    parent: company
  ops:
    parent: company
  infra:
    parent: ops
  orphan:
    parent: ghost
roles:
  lead:
    holders: [ana]
dris:
  - area: ghost
    holder: ana
  - area: ops
    holder: ana
    start: 2027-01-01
    acting: true
  - area: ops
    holder: zed
    end: 2027-01-01
resources: [z/last, a/first]
ignore:
  ops: [DA101, DA5]
"""


def test_yaml_output_is_canonical_and_documented() -> None:
    assert dumps(_org()) == EXPECTED_YAML


def test_json_output_carries_the_same_tree() -> None:
    tree = json.loads(dumps(_org(), "json"))
    assert list(tree) == ["version", "name", "people", "areas", "roles", "dris", "resources",
                          "ignore"]  # fmt: skip
    assert list(tree["areas"]) == ["company", "billing", "ops", "infra", "orphan"]
    assert tree["areas"]["company"] == {"dri": "ana"}
    assert tree["dris"][1] == {"area": "ops", "holder": "ana", "start": "2027-01-01",
                               "acting": True}  # fmt: skip


def test_toml_output_carries_the_same_tree_with_native_dates() -> None:
    tree = tomllib.loads(dumps(_org(), "toml"))
    assert tree["dris"][2]["end"] == dt.date(2027, 1, 1)
    assert tree["people"]["zed"] == {}
    assert list(tree["areas"]) == ["company", "billing", "ops", "infra", "orphan"]


def test_the_insertion_order_does_not_change_the_output() -> None:
    org = _org()
    shuffled = da.Org(name="Acme", resources=["z/last", "a/first"],
                      ignores={"ops": ["DA101", "DA5"]})  # fmt: skip
    items: list[da.Person | da.Area | da.Role | da.DRI] = [
        *org.roles.values(),
        *org.areas.values(),
        *org.people.values(),
        *org.all_dris(),
    ]
    shuffled.add(*reversed(items))
    for fmt in ("yaml", "json", "toml"):
        assert dumps(shuffled, fmt) == dumps(org, fmt)


def test_an_area_in_a_parent_cycle_comes_after_the_tree() -> None:
    org = da.Org()
    org.add(da.Area("b", parent="a"), da.Area("a", parent="b"), da.Area("root"))
    assert list(json.loads(dumps(org, "json"))["areas"]) == ["root", "a", "b"]


def test_an_area_with_two_dris_has_no_sugar() -> None:
    org = da.Org()
    org.add(da.Area("ops"), da.DRI("ops", "a"), da.DRI("ops", "b"))
    tree = json.loads(dumps(org, "json"))
    assert tree["areas"]["ops"] == {}
    assert [d["holder"] for d in tree["dris"]] == ["a", "b"]


def test_defaults_are_left_out() -> None:
    org = da.Org()
    org.add(da.Person("ana", active=True, email=None), da.Area("ops", scopes=()))
    assert dumps(org) == "version: 1\npeople:\n  ana: {}\nareas:\n  ops: {}\n"


def test_an_empty_org_is_just_the_version() -> None:
    assert dumps(da.Org()) == "version: 1\n"
    assert loads(dumps(da.Org(), "toml"), "toml") == da.Org()


@pytest.mark.parametrize("text", TRAP_TEXTS)
def test_every_trap_text_survives_yaml(text: str) -> None:
    org = da.Org(name=text)
    org.add(da.Person("ana", name=text))
    assert loads(dumps(org)) == org


@pytest.mark.parametrize("text", [t for t in TRAP_TEXTS if t])
def test_dumped_strings_read_the_same_in_other_yaml_readers(text: str) -> None:
    # PyYAML reads YAML 1.1: every string it could take for a bool, number or date is quoted.
    org = da.Org(name=text)
    assert yaml.safe_load(dumps(org))["name"] == text


@pytest.mark.parametrize("ident", TRAP_IDS)
def test_ids_read_the_same_in_other_yaml_readers(ident: str) -> None:
    org = da.Org()
    org.add(da.Person(ident), da.Area("ops"), da.DRI("ops", ident))
    tree = yaml.safe_load(dumps(org))
    assert list(tree["people"]) == [ident]
    assert tree["areas"]["ops"]["dri"] == ident


@pytest.mark.parametrize(("text", "written"), [
    ("Ana Ruiz", "Ana Ruiz"), ("NO", '"NO"'), ("1.10", '"1.10"'), ("null", '"null"'),
    ("a: b", '"a: b"'), (" x", '" x"'), ("a\u2028b", '"a\\u2028b"'), ("a\x85b", '"a\\x85b"'),
    ("\u202eevil", '"\\u202eevil"'), ('say "hi"', '"say \\"hi\\""'), ("🙂", "🙂"),
    ("\x85x", '"\\x85x"'), ("\u2029", '"\\u2029"'), ("\tx", '"\\tx"'), ("a#b", "a#b"),
])  # fmt: skip
def test_strings_are_plain_unless_something_could_misread_them(text: str, written: str) -> None:
    assert dumps(da.Org(name=text)) == f"version: 1\nname: {written}\n"


def test_a_lone_surrogate_cannot_be_dumped() -> None:
    with pytest.raises(da.InvalidValueError, match="lone surrogate"):
        dumps(da.Org(name="a\ud800"))


def test_an_unknown_format_cannot_be_dumped() -> None:
    with pytest.raises(da.InvalidValueError, match="unknown format 'xml'"):
        dumps(da.Org(), "xml")


def test_dumps_refuses_what_is_not_an_org() -> None:
    with pytest.raises(da.InvalidTypeError):
        dumps({"version": 1})  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_dump_writes_the_format_of_the_suffix(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"org.{fmt}"
    dump(_org(), path)
    assert path.read_text(encoding="utf-8") == dumps(_org(), fmt)


def test_dump_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(da.OrgFileError, match=r"suffix '\.txt'"):
        dump(_org(), tmp_path / "org.txt")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_dump_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old content\n")
    with pytest.raises(da.InvalidValueError):
        dump(da.Org(name="\udc00"), path)
    assert path.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["org.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old content\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        dump(_org(), path)
    assert path.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["org.yaml"]


def test_dump_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    dump(_org(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_new_file_is_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    dump(_org(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
