"""``validate DIR`` on a directory of org files that are not named as org files.

The examples that come with distauth (``examples/acme.yaml``) and a project's own checkout
used to answer "no org files here": the files that declare ``version`` as a whole number are
checked instead, with a note saying so.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from distauth.cli import main

ORG = "version: 1\npeople: {ana: {}}\nareas:\n  ops: {dri: ana, purpose: Run, advisors: [ana]}\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_a_directory_of_org_files_named_otherwise_is_checked(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "acme.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "examples" / "notes.yaml").write_text("title: not an org\n", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"version": "1.0.0"}', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "0.1"\n', encoding="utf-8")
    for where in (str(tmp_path / "examples"), str(tmp_path)):
        code, out, err = run("validate", where, "--on", "2026-12-01")
        assert code == 0, err
        assert out.splitlines()[-1].startswith("1 file, 1 area, 1 person checked")
        assert "acme.yaml" in err  # the note names what was checked, and why
        assert "*.distauth.yaml" in err


def test_org_file_names_still_win(tmp_path: Path) -> None:
    (tmp_path / "distauth.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(ORG.replace("ops", "hr"), encoding="utf-8")
    code, out, err = run("validate", str(tmp_path), "--on", "2026-12-01")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("1 file,")


def test_an_empty_directory_still_says_what_it_looked_for(tmp_path: Path) -> None:
    code, _out, err = run("validate", str(tmp_path))
    assert code == 2
    assert "no org files here" in err


def test_the_bundled_examples_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    code, out, _err = run("validate", "examples", "--on", "2026-12-01", "--format", "json")
    assert code == 1  # acme-broken.yaml is broken on purpose
    assert '"path": "examples/acme.yaml"' in out
    assert '"path": "examples/acme-broken.yaml"' in out
    assert os.path.isdir("examples")
