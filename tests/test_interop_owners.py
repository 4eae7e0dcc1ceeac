"""Prow OWNERS trees: the imported org's deciders are Prow's leaf approvers on every path.

The oracle is :class:`ProwOwners`, which walks up from a file the way Prow's repoowners does
(nearest OWNERS file with approvers that apply, filters searched in the relative path, aliases
expanded, ``no_parent_owners`` stopping the walk).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distauth as da
from distauth import Org, Person, Role, ScopeError, scopes
from distauth._queries import Decision
from distauth.interop import read_owners
from distauth.interop._owners import ProwOwners, regex_to_scopes
from tests.helpers import real_data


def _handles(entity: Person | Role) -> set[str]:
    found: tuple[str, ...] = getattr(entity, "handles", ()) or (
        (entity.name,) if entity.name else ()
    )
    return {h.casefold() for h in found}


def deciders(org: Org, decision: Decision) -> frozenset[str]:
    """The case-folded logins of whoever decides."""
    found = getattr(decision, "deciders", None)
    out: set[str] = set()
    if found is not None:
        for entity in found:
            out |= _handles(entity)
        return frozenset(out)
    if decision.area is None or decision.ambiguous:
        return frozenset()
    for dri in org.dris(decision.area.id):
        holder = org.entity(dri.holder)
        assert isinstance(holder, Person | Role)
        if isinstance(holder, Role):
            for member in holder.holders:
                inner = org.entity(member)
                assert isinstance(inner, Person | Role)
                out |= _handles(inner)
        else:
            out |= _handles(holder)
    return frozenset(out)


def disagreements(files: dict[str, str], aliases: str | None, paths: list[str]) -> list[str]:
    org = read_owners(files, aliases=aliases).org
    prow = ProwOwners(files, aliases)
    out = []
    for path, decision in zip(
        paths, org.who_decides_many([f"repo:{p}" for p in paths]), strict=True
    ):
        want = prow.leaf_approvers(path)
        got = deciders(org, decision)
        if got != want or decision.ambiguous:
            out.append(f"{path}: Prow {sorted(want)}, org {sorted(got)}")
    return out


def _tree(base: Path) -> dict[str, str]:
    return {str(p.relative_to(base)): p.read_text() for p in sorted(base.rglob("OWNERS"))}


def test_every_tracked_path_of_test_infra_is_decided_by_prows_leaf_approvers() -> None:
    data = real_data("kubernetes__test-infra")
    files = _tree(data / "owners")
    assert len(files) == 239
    aliases = (data / "OWNERS_ALIASES").read_text()
    paths = (data / "files.txt").read_text().splitlines()
    bad = disagreements(files, aliases, paths)
    assert bad == [], f"{len(bad)} disagreements, first: {bad[:5]}"


def test_test_infra_imports_cleanly_and_has_no_vacant_area() -> None:
    data = real_data("kubernetes__test-infra")
    imported = read_owners(_tree(data / "owners"), aliases=(data / "OWNERS_ALIASES").read_text())
    assert imported.problems == ()
    report = da.validate(imported.org, select=["DA101"])
    assert [f.subjects for f in report.findings] == []
    org = imported.org
    trusted = org.areas["config-jobs-kubernetes-sig-k8s-infra-trusted"]
    assert "no-parent-owners" in trusted.tags
    assert (
        str(org.location(trusted.id)) == "config/jobs/kubernetes/sig-k8s-infra/trusted/OWNERS:1:1"
    )


def test_an_owners_file_without_approvers_takes_the_parents_dri() -> None:
    org = read_owners({"OWNERS": "approvers: [ana, bo]", "a/OWNERS": "labels: [x]"}).org
    assert org.dris("a")[0].holder == org.dris("root")[0].holder
    assert org.areas["a"].tags == frozenset({"x"})


def test_aliases_expand_and_logins_are_case_insensitive() -> None:
    aliases = "aliases:\n  leads: [Ana, bo]\n"
    files = {"OWNERS": "approvers: [leads, ANA, cy]"}
    assert ProwOwners(files, aliases).leaf_approvers("x") == {"ana", "bo", "cy"}
    assert disagreements(files, aliases, ["x", "a/b"]) == []


def test_no_parent_owners_stops_the_walk() -> None:
    files = {
        "OWNERS": "approvers: [ana]",
        "s/OWNERS": "options:\n  no_parent_owners: true\napprovers: [bo]",
        "s/t/OWNERS": "reviewers: [cy]",
    }
    prow = ProwOwners(files)
    assert prow.leaf_approvers("s/x") == {"bo"}
    assert prow.leaf_approvers("s/t/x") == {"bo"}
    assert disagreements(files, None, ["x", "s/x", "s/t/x", "s/t/u/v"]) == []


def test_filters_become_child_areas_that_decide_what_they_find() -> None:
    files = {
        "OWNERS": "approvers: [ana]",
        "d/OWNERS": 'filters:\n  ".*":\n    approvers: [bo]\n'
        '  "\\\\.md$|^docs/":\n    approvers: [cy]\n',
    }
    imported = read_owners(files)
    assert [p.code for p in imported.problems] == ["OW103"]  # '$' has no exact scope
    files["d/OWNERS"] = 'filters:\n  ".*":\n    approvers: [bo]\n  "^docs/":\n    approvers: [cy]\n'
    assert read_owners(files).problems == ()
    assert disagreements(files, None, ["d/x", "d/docs/a.md", "d/a/docs/x", "x"]) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("approvers: [a", "OW101"),
        ("- just a list", "OW101"),
        ("approvers: ana", "OW102"),
        ('filters:\n  "(":\n    approvers: [a]', "OW103"),
    ],
)
def test_broken_files_are_reported_at_their_line(text: str, code: str) -> None:
    imported = read_owners({"OWNERS": "approvers: [x]", "a/OWNERS": text})
    assert code in [p.code for p in imported.problems]
    assert all(p.location.file == "a/OWNERS" for p in imported.problems if p.code == code)


def test_wrong_argument_types_are_refused() -> None:
    with pytest.raises(da.InvalidTypeError):
        read_owners({"OWNERS": b"approvers: [a]"})  # type: ignore[dict-item]


# --- filters against Prow's regex search ----------------------------------------------------------

_REL = [
    "/".join(p)
    for n in range(1, 4)
    for p in itertools.product(["a", "ab.md", "docs", "x-docs"], repeat=n)
]


@given(
    st.sampled_from(["^", ""]),
    st.lists(st.sampled_from(["a", "docs", "b\\.md", "s/", "-"]), min_size=1, max_size=3).map(
        "".join
    ),
    st.lists(st.sampled_from(["x", "docs", "\\.md"]), max_size=2).map("|".join),
)
def test_a_translated_filter_finds_exactly_what_prow_finds(
    anchor: str, head: str, more: str
) -> None:
    regex = anchor + head + (f"|{more}" if more else "")
    try:
        found = regex_to_scopes(regex, "d")
    except ScopeError:
        return
    compiled = re.compile(regex)
    for rel in _REL:
        assert any(scopes.matches(s, f"repo:d/{rel}") for s in found) == bool(
            compiled.search(rel)
        ), (regex, rel)
