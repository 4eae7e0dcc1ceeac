"""The repository as inventory: ``--inventory git|FILE``, DA303, DA304 (stale scopes), DA301 counts.

The git tests build a scratch repository with tracked and untracked files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import distauth as da
from distauth._inventory import InventoryError, file_inventory, git_inventory, read_inventory
from distauth.cli import main
from tests.conftest import DAY

ORG = """version: 1
people:
  ana: {}
  bo: {}
areas:
  web: {dri: ana, purpose: p, advisors: [bo], scopes: ['repo:web/**', 'repo:old/**']}
  docs: {dri: bo, purpose: p, advisors: [ana], scopes: ['repo:**/*.md']}
  budget: {dri: bo, purpose: p, advisors: [ana], scopes: ['money:q1']}
"""

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    for name in ["web/a.py", "web/README.md", "docs/guide.md", "tools/run.sh", "top.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    git(tmp_path, "add", ".")
    (tmp_path / "untracked.py").write_text("x\n")  # not in the inventory
    (tmp_path / "org.distauth.yaml").write_text(ORG)
    return tmp_path


@needs_git
def test_git_inventory_lists_tracked_files_from_the_root(repo: Path) -> None:
    expected = (
        "repo:docs/guide.md",
        "repo:tools/run.sh",
        "repo:top.txt",
        "repo:web/README.md",
        "repo:web/a.py",
    )
    assert sorted(git_inventory(str(repo)).resources) == sorted(expected)
    # From a subdirectory the paths are still the repository's.
    assert sorted(git_inventory(str(repo / "web")).resources) == sorted(expected)


@needs_git
def test_validate_with_the_git_inventory(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    code = main(["validate", "org.distauth.yaml", "--inventory", "git", "--horizon", "0"])
    out = capsys.readouterr().out
    assert code == 1
    # DA303: the tracked files no scope covers, and only those (not untracked.py).
    uncovered = sorted(line.split("'")[-2] for line in out.splitlines() if " DA303 " in line)
    assert uncovered == ["repo:tools/run.sh", "repo:top.txt"]
    # DA304: a scope that matches no tracked file; 'money:q1' is in no listed namespace.
    stale = [line for line in out.splitlines() if " DA304 " in line]
    assert len(stale) == 1
    assert (
        "scope 'repo:old/**' of area 'web' matches none of the inventory's 5 resources"
        in (stale[0])
    )
    # DA301 says how many tracked files really fall in the overlap: web/README.md.
    (overlap,) = [line for line in out.splitlines() if " DA301 " in line]
    assert overlap.endswith("; 1 of the inventory's 5 resources fall in both")


def test_the_inventory_decides_the_rules_in_python_too() -> None:
    org = da.loads(ORG, "yaml")
    assert not da.validate(org, select=["DA303", "DA304"], on=DAY).findings  # no inventory
    listed = ["repo:web/a.py", "repo:web/b.md", "repo:docs/c.md", "repo:lib/x.py"]
    config = da.Config(inventory=listed)
    report = da.validate(org, select=["DA301", "DA303", "DA304"], on=DAY, config=config)
    found = sorted((f.code, f.subjects) for f in report.findings)
    assert found == [
        ("DA301", ("docs", "web")),
        ("DA303", ("repo:lib/x.py",)),
        ("DA304", ("web", "repo:old/**")),
    ]
    (overlap,) = report.by_code()["DA301"]
    assert "1 of the inventory's 4 resources fall in both" in overlap.message
    # Ignoring a rule for an area works on DA304's subjects as on any other.
    org.ignores = {"web": ["DA304"]}
    assert not da.validate(org, select=["DA304"], on=DAY, config=config).findings


def test_an_org_files_own_resources_are_what_must_be_owned_not_everything() -> None:
    # `resources:` in an org file lists what needs an owner (DA303); it is no inventory of all
    # that exists, so it never makes a scope stale.
    org = da.loads(ORG, "yaml")
    org.resources = ["repo:lib/x.py"]
    report = da.validate(org, select=["DA301", "DA303", "DA304"], on=DAY)
    assert sorted(f.code for f in report.findings) == ["DA301", "DA303"]
    (overlap,) = report.by_code()["DA301"]
    assert "inventory" not in overlap.message


def test_an_overlap_no_listed_resource_falls_in_says_so() -> None:
    org = da.loads(ORG, "yaml")
    config = da.Config(inventory=["repo:web/a.py", "repo:docs/c.md"])
    (overlap,) = da.validate(org, select=["DA301"], on=DAY, config=config).findings
    assert overlap.message.endswith("; 0 of the inventory's 2 resources fall in both")


def test_the_inventory_must_hold_resources() -> None:
    with pytest.raises(da.InvalidTypeError, match="inventory must be a list"):
        da.Config(inventory="repo:a")
    with pytest.raises(da.ScopeError, match="'\\*' is not allowed"):
        da.Config(inventory=["repo:*.py"])


def test_file_inventory_reads_lines_comments_and_namespaces(tmp_path: Path) -> None:
    listing = tmp_path / "inventory.txt"
    listing.write_text("# what we own\n\nweb/a.py\nmoney:q2\nweb/a.py\n")
    assert file_inventory(str(listing)).resources == ("repo:web/a.py", "money:q2")
    assert read_inventory(str(listing)).resources == ("repo:web/a.py", "money:q2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ok\nbad//path\n", "inventory.txt:2: resource 'repo:bad//path': empty segment"),
        ("a/*.py\n", "inventory.txt:1: resource 'repo:a/*.py': '*' is not allowed"),
    ],
)
def test_a_bad_inventory_line_is_a_usage_error_naming_file_and_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org.distauth.yaml").write_text(ORG)
    (tmp_path / "inventory.txt").write_text(text)
    assert main(["validate", "org.distauth.yaml", "--inventory", "inventory.txt"]) == 2
    assert message in capsys.readouterr().err


def test_unreadable_inventories_are_refused_cleanly(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match=r"--inventory .*missing"):
        file_inventory(str(tmp_path / "missing"))
    with pytest.raises(InventoryError, match="directory"):
        file_inventory(str(tmp_path))
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InventoryError, match="not UTF-8"):
        file_inventory(str(tmp_path / "bin"))


@needs_git
def test_outside_a_repository_git_inventory_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "org.distauth.yaml").write_text(ORG)
    assert main(["validate", "org.distauth.yaml", "--inventory", "git"]) == 2
    assert "--inventory git" in capsys.readouterr().err


@needs_git
def test_tracked_paths_that_cannot_be_resources_are_named_not_dropped(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "web" / "odd name ").write_text("x\n")
    git(repo, "add", ".")
    found = git_inventory(str(repo))
    assert [path for path, _why in found.unusable] == ["web/odd name "]
    monkeypatch.chdir(repo)
    main(["validate", "org.distauth.yaml", "--inventory", "git", "--horizon", "0"])
    err = capsys.readouterr().err
    assert "1 tracked paths cannot be resources and are not checked: 'web/odd name '" in err
