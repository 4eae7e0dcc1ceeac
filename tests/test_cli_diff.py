"""``distauth diff``: two files, two directories, or the working tree against a git ref."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from distauth.cli import main

ON = "2026-11-27"

OLD = """\
version: 1
name: Acme
people:
  ana: {name: Ana Ruiz}
  bo: {name: Bo Li}
  cy: {name: Cy Park}
areas:
  company: {dri: ana, purpose: Build and sell, advisors: [bo], scopes: ["finance/**"]}
  billing: {parent: company, dri: bo, purpose: Get paid, advisors: [ana],
            scopes: ["finance/billing/**"]}
  refunds: {parent: company, dri: bo, purpose: Refund, advisors: [ana],
            scopes: ["finance/refunds/**"]}
"""
#: The billing DRI moves to cy: no new finding.
MOVED = OLD.replace("billing: {parent: company, dri: bo", "billing: {parent: company, dri: cy")
#: refunds claims part of billing: DA301, an error.
OVERLAP = OLD.replace('["finance/refunds/**"]', '["finance/refunds/**", "finance/billing/x"]')
#: billing loses its purpose: DA503, an info.
NO_PURPOSE = OLD.replace("purpose: Get paid, ", "")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _write(path: str, text: str) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")
    return path


def test_a_change_without_new_findings_exits_0_and_names_the_dri_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["diff", _write("old.yaml", OLD), _write("new.yaml", MOVED), "--on", ON])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == (
        "on 2026-11-27: 1 added, 1 removed; 1 DRI change; 0 new findings; 0 resolved"
    )
    assert "area 'billing': DRI bo -> cy" in out


def test_a_change_introducing_an_error_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", _write("old.yaml", OLD), _write("new.yaml", OVERLAP), "--on", ON])
    assert code == 1
    assert "new finding: DA301 [error]" in capsys.readouterr().out
    # The other way round the change resolves it: nothing new, exit 0.
    assert main(["diff", "new.yaml", "old.yaml", "--on", ON]) == 0
    assert "resolved: DA301 [error]" in capsys.readouterr().out


def test_a_new_info_fails_only_when_asked_to_and_selections_apply(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["diff", _write("old.yaml", OLD), _write("new.yaml", NO_PURPOSE), "--on", ON]
    assert main(args) == 0
    assert "new finding: DA503 [info]" in capsys.readouterr().out
    assert main([*args, "--ignore", "DA5"]) == 0
    assert "0 new findings" in capsys.readouterr().out


def test_markdown_and_json_formats(capsys: pytest.CaptureFixture[str]) -> None:
    _write("old.yaml", OLD)
    _write("new.yaml", OVERLAP)
    assert main(["diff", "old.yaml", "new.yaml", "--on", ON, "--format", "markdown"]) == 1
    md = capsys.readouterr().out
    assert md.startswith("**distauth**: 1 changed; 1 new finding; 0 resolved\n")
    assert "- **DA301** (error)" in md
    assert main(["diff", "old.yaml", "new.yaml", "--on", ON, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["failed"] is True
    (only,) = data["files"]
    assert only["file"] == "new.yaml"
    assert [f["code"] for f in only["introduced"]] == ["DA301"]


def test_resources_lists_inventory_resources_that_change_hands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    inventory = "resources: [finance/billing/invoices]\n"
    _write("old.yaml", OLD + inventory)
    _write("new.yaml", MOVED + inventory)
    assert main(["diff", "old.yaml", "new.yaml", "--on", ON, "--resources"]) == 0
    assert "finance/billing/invoices: bo (billing) -> cy (billing)" in capsys.readouterr().out


def test_two_directories_pair_files_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    _write("a/distauth.yaml", OLD)
    _write("a/gone/distauth.yaml", OLD)
    _write("b/distauth.yaml", MOVED)
    _write("b/new/distauth.yaml", OLD)
    assert main(["diff", "a", "b", "--on", ON]) == 0
    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if line.startswith("== ")]
    assert headers == ["== b/distauth.yaml", "== b/gone/distauth.yaml", "== b/new/distauth.yaml"]
    assert "removed area 'billing'" in out  # the file that is gone: everything removed
    assert "added area 'billing'" in out  # the new file: everything added


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "old.yaml"], "give OLD and NEW, or --base REF [PATH]"),
        (["diff", "old.yaml", "missing.yaml"], "missing.yaml: no such file or directory"),
        (["diff", "old.yaml", "."], "compare two files or two directories"),
        (["diff", "--base", "HEAD", "a", "b"], "with --base, give at most one PATH"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("old.yaml", OLD)
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_a_side_that_does_not_load_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    _write("old.yaml", OLD)
    _write("new.yaml", OLD.replace("parent: company, dri: bo", "parent: [company], dri: bo"))
    assert main(["diff", "old.yaml", "new.yaml"]) == 2
    err = capsys.readouterr().err
    assert "new.yaml:9:13: areas.billing.parent: expected a string, got a list" in err


# --- --base: the working tree against a git ref -----------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(*args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo() -> Path:
    """A scratch repository with two commits: OLD, then MOVED; the working tree holds OVERLAP."""
    _git("init", "-q", ".")
    _write("org/distauth.yaml", OLD)
    _git("add", ".")
    _git("commit", "-q", "-m", "first")
    _write("org/distauth.yaml", MOVED)
    _git("commit", "-q", "-am", "second")
    _write("org/distauth.yaml", OVERLAP)
    return Path.cwd()


@needs_git
def test_base_compares_the_working_tree_with_a_ref(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # HEAD (MOVED) against the working tree (OVERLAP): the DRI moves back, refunds overlaps.
    assert main(["diff", "--base", "HEAD", "--on", ON]) == 1
    out = capsys.readouterr().out
    assert "new finding: DA301 [error]" in out
    assert "area 'billing': DRI cy -> bo" in out
    # The first commit against the working tree: no DRI change, the same new finding.
    assert main(["diff", "--base", "HEAD~1", "org", "--on", ON]) == 1
    out = capsys.readouterr().out
    assert "DRI" not in out.splitlines()[0]
    # The working tree restored to HEAD: nothing changed, exit 0.
    _write("org/distauth.yaml", MOVED)
    assert main(["diff", "--base", "HEAD", "org/distauth.yaml", "--on", ON]) == 0
    assert capsys.readouterr().out.startswith("on 2026-11-27: no changes")


@needs_git
def test_base_sees_files_added_and_removed_since_the_ref(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("org/teams/b.distauth.yaml", OLD)
    Path("org/distauth.yaml").unlink()
    assert main(["diff", "--base", "HEAD", "--on", ON]) == 0
    out = capsys.readouterr().out
    assert "== org/teams/b.distauth.yaml" in out
    assert "removed area 'company'" in out
    assert "added area 'company'" in out


@needs_git
def test_base_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--base", "no-such-ref"]) == 2
    assert "git knows no commit 'no-such-ref'" in capsys.readouterr().err
    assert main(["diff", "--base", "HEAD", "nowhere"]) == 2
    assert "nowhere: no such file or directory" in capsys.readouterr().err
    _git("show", "HEAD:org/distauth.yaml")  # the ref has the file; now break the commit's copy
    _write("org/distauth.yaml", "version: 1\nareas: [\n")
    _git("commit", "-q", "-am", "broken")
    _write("org/distauth.yaml", OLD)
    assert main(["diff", "--base", "HEAD"]) == 2
    assert "HEAD:org/distauth.yaml:" in capsys.readouterr().err


def test_base_outside_a_repository_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    _write("distauth.yaml", OLD)
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    code = main(["diff", "--base", "HEAD"])
    assert code == 2
    assert "git" in capsys.readouterr().err
