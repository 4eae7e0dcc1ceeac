"""`distauth import` and `distauth export --to codeowners [--check]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from distauth.cli import main
from tests.helpers import real_data


def test_import_codeowners_writes_the_org_and_exits_0(tmp_path: Path) -> None:
    source = tmp_path / "CODEOWNERS"
    source.write_text("* @ana\n/docs/ @bo\n")
    out = tmp_path / "org.yaml"
    assert main(["import", "codeowners", str(source), "-o", str(out)]) == 0
    assert main(["who", str(out), "repo:docs/a.md"]) == 0


def test_import_prints_problems_at_their_lines_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "CODEOWNERS"
    source.write_text("* @ana\n!x @bo\n")
    out = tmp_path / "org.json"
    assert main(["import", "codeowners", str(source), "-o", str(out)]) == 1
    assert f"{source}:2: CO101" in capsys.readouterr().err
    assert out.exists()  # the org is written anyway


def test_export_check_passes_on_the_generated_file_and_fails_with_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "CODEOWNERS"
    source.write_text("* @ana\n/docs/ @bo\n")
    org = tmp_path / "org.yaml"
    main(["import", "codeowners", str(source), "-o", str(org)])
    assert main(["export", str(org), "--to", "codeowners", "--check", str(source)]) == 0
    source.write_text("* @ana\n/docs/ @cy\n")
    capsys.readouterr()
    assert main(["export", str(org), "--to", "codeowners", "--check", str(source)]) == 1
    out = capsys.readouterr().out
    assert "-/docs/ @cy" in out
    assert "+/docs/ @bo" in out


def test_import_owners_and_backstage_from_the_real_data(tmp_path: Path) -> None:
    infra = real_data("kubernetes__test-infra")
    out = tmp_path / "k.yaml"
    assert main(["import", "owners", str(infra / "owners"), "-o", str(out)]) == 0
    catalog = real_data("backstage__backstage") / "examples"
    assert main(["import", "backstage", str(catalog), "-o", str(tmp_path / "b.toml")]) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "codeowners", "missing-file"],
        ["import", "owners", "missing-dir"],
        ["import", "codeowners", "."],
        ["import", "codeowners", "CODEOWNERS", "-o", "org.txt"],
    ],
)
def test_bad_import_sources_exit_2(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "CODEOWNERS").write_text("* @ana\n")
    assert main(argv) == 2


def test_a_binary_source_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "CODEOWNERS"
    source.write_bytes(b"\xff\xfe\x00junk")
    assert main(["import", "codeowners", str(source)]) == 2
