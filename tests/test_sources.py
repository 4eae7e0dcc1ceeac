"""One org from several sources: ``[tool.distauth] sources`` and ``distauth validate``.

Each test builds a scratch project (a pyproject.toml listing the sources, org files,
CODEOWNERS, an OWNERS tree, a Backstage catalog) and runs the command line in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from distauth._config import Source, read_config, read_sources
from distauth._sources import combine
from distauth.cli import main

ORG = """version: 1
people:
  ana: {handles: ['@ana']}
areas:
  platform: {dri: ana, purpose: Run it, advisors: [ana], scopes: ['repo:src/**']}
"""
MORE = """version: 1
people:
  bo: {}
areas:
  docs: {dri: bo, purpose: Write it, advisors: [bo], scopes: ['repo:docs/**']}
  vacant: {purpose: Nobody yet, advisors: [bo]}
"""


def project(root: Path, sources: str, files: dict[str, str]) -> None:
    (root / "pyproject.toml").write_text(f"[tool.distauth]\nsources = {sources}\n")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def run(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    code = main(["validate", "--horizon", "0", "--format", "text", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_without_a_path_checks_the_one_org_the_sources_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(
        tmp_path,
        '["org", {codeowners = ".github/CODEOWNERS"}, {owners = "tree"}, {backstage = "cat"}]',
        {
            "org/distauth.yaml": ORG,
            "org/more.distauth.yaml": MORE,
            ".github/CODEOWNERS": "/src/app/ @cy\n",
            "tree/OWNERS": "approvers: [dee]\n",
            "tree/sub/OWNERS": "reviewers: [dee]\n",
            "cat/team.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n"
            "  name: web\nspec:\n  type: team\n  children: []\n",
        },
    )
    code, out, err = run(tmp_path, monkeypatch, capsys)
    assert err == ""
    assert code == 1  # DA101 on 'vacant', DA301 between src/** and src/app/*
    lines = out.splitlines()
    # Each finding names the file (and line) its area was written on.
    assert "org/more.distauth.yaml:6:3: DA101 [error] area 'vacant' has no DRI in effect" in out
    assert any(
        line.startswith("org/distauth.yaml:5:3: DA301") and "'src-app'" in line for line in lines
    )
    assert any(line.startswith(".github/CODEOWNERS:1:1: DA502") for line in lines)
    assert any(line.startswith("tree/sub/OWNERS:1:1: ") for line in lines)
    assert any(line.startswith("cat/team.yaml:") for line in lines)
    assert lines[-1].startswith("6 files, ")


def test_duplicate_ids_across_files_are_errors_naming_both_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(
        tmp_path,
        '["one.distauth.yaml", "two.distauth.yaml"]',
        {
            "one.distauth.yaml": ORG,
            "two.distauth.yaml": ORG.replace("ana", "bo").replace("repo:src", "repo:lib"),
        },
    )
    code, _out, err = run(tmp_path, monkeypatch, capsys)
    assert code == 2
    assert (
        "two.distauth.yaml:5: id 'platform' is already defined at one.distauth.yaml:5; "
        "this definition is left out"
    ) in err
    combined = combine(read_sources(tmp_path / "pyproject.toml"))
    # The first definition is kept, and what the second file adds besides is still there.
    assert combined.org.areas["platform"].scopes == ("repo:src/**",)
    assert "bo" in combined.org.people
    assert str(combined.org.location("bo")) == "two.distauth.yaml:3:3"


def test_import_problems_and_missing_sources_are_load_errors_at_their_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(
        tmp_path,
        '[{codeowners = "CODEOWNERS"}, "nowhere", {owners = "missing"}]',
        {"CODEOWNERS": "* @ana\n!x @bo\n"},
    )
    code, _out, err = run(tmp_path, monkeypatch, capsys)
    assert code == 2
    assert "CODEOWNERS:2: CO101 negation (!x) is not supported" in err
    assert "nowhere: source (org): no such file or directory" in err
    assert "missing: source (owners): no such file or directory" in err


def test_a_path_on_the_command_line_is_checked_instead_of_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, '["org"]', {"org/distauth.yaml": ORG, "solo.distauth.yaml": MORE})
    code, out, _err = run(tmp_path, monkeypatch, capsys, "solo.distauth.yaml")
    assert code == 1
    assert "solo.distauth.yaml:6:3: DA101" in out
    assert "org/distauth.yaml" not in out
    code, out, _err = run(tmp_path, monkeypatch, capsys, "--isolated")
    assert "2 files, 3 areas" in out  # --isolated: no configuration, so the files under .


def test_sources_are_relative_to_the_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, '["org"]', {"org/distauth.yaml": MORE})
    (tmp_path / "deeper").mkdir()
    code, out, _err = run(tmp_path / "deeper", monkeypatch, capsys)
    assert code == 1
    assert "../org/distauth.yaml:6:3: DA101" in out


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ('"org"', "sources must be a list of paths or tables"),
        ("[3]", "sources[1] must be a path or a table"),
        ('[{codeowners = "C", owners = "."}]', "must name exactly one of org, codeowners"),
        ('[{codeowner = "C"}]', "unknown key 'codeowner'"),
        ('[{owners = ".", dialect = "gitlab"}]', "dialect is 'github' or 'gitlab'"),
        ('[{codeowners = "C", namespace = "Not A Slug"}]', "namespace must be a slug"),
    ],
)
def test_malformed_sources_are_configuration_errors_naming_the_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sources: str,
    message: str,
) -> None:
    project(tmp_path, sources, {})
    code, _out, err = run(tmp_path, monkeypatch, capsys)
    assert code == 2
    assert "pyproject.toml: [tool.distauth]: sources" in err
    assert message in err


def test_a_source_is_shown_from_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert Source("codeowners", "CODEOWNERS", str(tmp_path)).location == Path("../CODEOWNERS")
    assert Source("org", "org", ".").location == Path("org")


def test_the_rule_settings_accept_and_check_sources(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.distauth]\nselect = ["DA1"]\nsources = ["org"]\n')
    assert read_config(path).select == ("DA1",)
    assert [s.kind for s in read_sources(path)] == ["org"]
    path.write_text("[tool.distauth]\nselect = []\n")
    assert read_sources(path) == ()
