"""Writing Prow OWNERS trees: what the files say is what the org says, on test-infra and by rule.

The oracle is :class:`ProwOwners` (Prow's leaf approvers computed from the files directly): the
written tree must give every path the approvers the original tree gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import distauth as da
from distauth import scopes
from distauth.cli import main
from distauth.interop import read_owners, write_owners
from distauth.interop._owners import ProwOwners
from distauth.interop._owners_write import scope_to_regex
from tests.helpers import real_data


def _tree(base: Path) -> dict[str, str]:
    return {str(p.relative_to(base)): p.read_text() for p in sorted(base.rglob("OWNERS"))}


def test_test_infra_round_trip_gives_every_path_the_same_approvers() -> None:
    """read_owners(write_owners(read_owners(test-infra))): Prow's approvers agree everywhere."""
    data = real_data("kubernetes__test-infra")
    files = _tree(data / "owners")
    aliases = (data / "OWNERS_ALIASES").read_text()
    paths = (data / "files.txt").read_text().splitlines()
    first = read_owners(files, aliases=aliases)
    written = write_owners(first.org)
    assert set(written) == set(files)  # one file per OWNERS file read
    original, again = ProwOwners(files, aliases), ProwOwners(written)
    bad = [p for p in paths if original.leaf_approvers(p) != again.leaf_approvers(p)]
    assert bad == [], f"{len(bad)} disagreements, first: {bad[:5]}"
    second = read_owners(written)
    assert second.problems == ()
    resources = [f"repo:{p}" for p in paths]

    def logins(decision: da.Decision) -> list[str]:
        return sorted(h.casefold() for entity in decision.deciders for h in entity.handles)

    before = first.org.who_decides_many(resources)
    after = second.org.who_decides_many(resources)
    differ = [a.resource for a, b in zip(before, after, strict=True) if logins(a) != logins(b)]
    assert differ == []
    assert not da.validate(second.org, select=["DA101"]).findings


def test_keys_options_and_inheritance_are_written_back() -> None:
    files = {
        "OWNERS": "approvers: [ana]\nreviewers: [bo]\nlabels: [sig/x]\n"
        "emeritus_approvers: [old]\nrequired_reviewers: [cy]\n",
        "a/OWNERS": "labels: [y]\n",
        "b/OWNERS": "options: {no_parent_owners: true}\napprovers: [dee]\n",
        "c/OWNERS": "options: {no_parent_owners: true}\nreviewers: [bo]\n",
    }
    written = write_owners(read_owners(files).org)
    root = yaml.safe_load(written["OWNERS"])
    assert root == {
        "approvers": ["ana"],
        "reviewers": ["bo"],
        "required_reviewers": ["cy"],
        "labels": ["sig/x"],
        "emeritus_approvers": ["old"],
    }
    # No approvers: Prow falls back to the root, as the org does.
    assert yaml.safe_load(written["a/OWNERS"]) == {"labels": ["y"]}
    assert yaml.safe_load(written["b/OWNERS"]) == {
        "approvers": ["dee"],
        "options": {"no_parent_owners": True},
    }
    # Nobody approves: the walk stops here with no approver.
    assert yaml.safe_load(written["c/OWNERS"]) == {
        "reviewers": ["bo"],
        "options": {"no_parent_owners": True},
    }
    prow = ProwOwners(written)
    assert prow.leaf_approvers("a/x") == {"ana"}
    assert prow.leaf_approvers("c/x") == frozenset()


def test_filters_are_written_under_the_directory_with_top_level_keys_as_dot_star() -> None:
    files = {
        "OWNERS": 'filters:\n  ".*":\n    approvers: [ana]\n  "(config|plugins)\\\\.yaml":\n'
        "    approvers: [cfg]\n    labels: [kind/config]\n",
    }
    imported = read_owners(files)
    assert imported.problems == ()
    written = write_owners(imported.org)
    assert yaml.safe_load(written["OWNERS"]) == {
        "filters": {
            ".*": {"approvers": ["ana"]},
            r"(config|plugins)\.yaml": {"approvers": ["cfg"], "labels": ["kind/config"]},
        }
    }
    prow = ProwOwners(written)
    assert prow.leaf_approvers("x/plugins.yaml") == {"ana", "cfg"}
    assert prow.leaf_approvers("x/main.go") == {"ana"}


def test_an_org_typed_by_hand_is_written_with_logins_and_what_prow_cannot_name_as_comments() -> (
    None
):
    org = da.Org()
    org.add(
        da.Person("ana", handles=["@Ana"]),
        da.Person("bo"),
        da.Role("core", collective=True, handles=["@org/core"]),
        da.Role("web-team", holders=["bo", "core"], collective=True),
        da.Area("top", scopes=["repo:*"]),
        da.Area("web", parent="top", scopes=["repo:web"]),
        da.Area("web-docs", parent="web", scopes=["repo:web/**/*.md"]),
        da.Area("elsewhere", parent="top", scopes=["budget:x"]),
        da.DRI("top", "ana"),
        da.DRI("web", "web-team"),
        da.DRI("web-docs", "ana"),
    )
    written = write_owners(org)
    assert sorted(written) == ["OWNERS", "web/OWNERS"]
    assert "area 'elsewhere'" in written["OWNERS"]
    assert written["web/OWNERS"].startswith("# area 'web': 'core' has no login Prow can name\n")
    web = yaml.safe_load(written["web/OWNERS"])
    regex = scope_to_regex("repo:web/**/*.md", "web")
    assert web == {"filters": {".*": {"approvers": ["bo"]}, regex: {"approvers": ["Ana"]}}}
    prow = ProwOwners(written)
    assert prow.leaf_approvers("web/a/b.md") == {"ana", "bo"}
    assert prow.leaf_approvers("web/a/b.py") == {"bo"}
    assert prow.leaf_approvers("src/x") == {"ana"}


def test_write_owners_refuses_what_is_not_an_org() -> None:
    with pytest.raises(da.InvalidTypeError, match="org must be an Org"):
        write_owners("OWNERS")  # type: ignore[arg-type]


_SEGMENTS = st.sampled_from(["a", "b", "ab", "*", "a*", "*b", "?", "a?", "**", "x.md", "*.md"])
_PATHS = st.lists(st.sampled_from(["a", "b", "ab", "x.md", "bb", "a.md"]), min_size=1, max_size=4)


@given(
    segments=st.lists(_SEGMENTS, min_size=1, max_size=4),
    exact=st.booleans(),
    paths=st.lists(_PATHS, min_size=1, max_size=10),
)
def test_a_scope_written_as_a_filter_finds_exactly_the_paths_it_denotes(
    segments: list[str], exact: bool, paths: list[list[str]]
) -> None:
    text = "repo:d/" + "/".join(segments) + ("/!**" if exact else "")
    try:
        scopes.check_pattern(text)
    except da.ScopeError:
        return  # '**' next to the exact mark and the like: not a scope
    regex = scope_to_regex(text, "d")
    assert regex is not None
    compiled = re.compile(regex)
    for path in paths:
        relative = "/".join(path)
        assert (compiled.search(relative) is not None) == scopes.matches(
            text, "repo:d/" + relative
        ), (text, regex, relative)


def test_a_scope_outside_the_directory_has_no_filter() -> None:
    assert scope_to_regex("repo:e/x", "d") is None
    assert scope_to_regex("repo:d", "d") is None
    assert scope_to_regex("other:d/x", "d") is None
    assert scope_to_regex("repo:d/**", "d") == ".*"


def test_cli_exports_an_owners_tree_and_checks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org_file = tmp_path / "org.yaml"
    org = read_owners({"OWNERS": "approvers: [ana]", "docs/OWNERS": "approvers: [bo]"}).org
    org_file.write_text(da.dumps(org))
    assert main(["export", str(org_file), "--to", "owners"]) == 0
    out = capsys.readouterr().out
    assert out == "--- # OWNERS\napprovers:\n- ana\n--- # docs/OWNERS\napprovers:\n- bo\n"
    tree = tmp_path / "tree"
    assert main(["export", str(org_file), "--to", "owners", "-o", str(tree)]) == 0
    assert (tree / "docs" / "OWNERS").read_text() == "approvers:\n- bo\n"
    assert main(["export", str(org_file), "--to", "owners", "--check", str(tree)]) == 0
    (tree / "docs" / "OWNERS").write_text("approvers: [cy]\n")
    (tree / "stale").mkdir()
    (tree / "stale" / "OWNERS").write_text("approvers: [dee]\n")
    capsys.readouterr()
    assert main(["export", str(org_file), "--to", "owners", "--check", str(tree)]) == 1
    out = capsys.readouterr().out
    assert "-approvers: [cy]" in out
    assert "+- bo" in out
    assert "stale/OWNERS: the org writes no such file" in out
    (tmp_path / "file").write_text("x")
    assert main(["export", str(org_file), "--to", "owners", "-o", str(tmp_path / "file")]) == 2
    assert "an OWNERS tree goes into a directory" in capsys.readouterr().err
