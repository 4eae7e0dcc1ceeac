"""Baselines on the command line: ``validate --baseline`` and ``--write-baseline``.

Only findings not in the baseline fail; a baseline is matched by code, subjects and file, kept
readable and stable, and refused cleanly when it is not one. Each test runs in its own
temporary directory and checks on a fixed day.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    BROKEN,
    GOOD,
    NOT_YAML,
    ON,
    run,
    shown,
    write,
)

#: Each test runs in its own empty directory (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("cli_dir")


def test_write_baseline_then_only_new_findings_fail(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    code, out, err = run(
        capsys, "validate", "--on", ON, "--baseline", "base.json", "--write-baseline"
    )
    assert (code, out) == (0, "")
    assert err == "distauth: wrote 4 findings to the baseline base.json\n"
    doc = json.loads(Path("base.json").read_text())
    assert doc["distauth-baseline"] == 1
    assert [e["code"] for e in doc["findings"]] == ["DA101", "DA301", "DA302", "DA503"]
    assert "line" not in doc["findings"][0]

    code, out, _ = run(capsys, "validate", "--on", ON, "--baseline", "base.json")
    assert (code, out) == (
        0,
        "1 file, 4 areas, 2 people checked: 0 errors, 0 warnings; 4 in the baseline, 0 fixed\n",
    )

    # A new problem fails; the accepted ones stay quiet.
    write("distauth.yaml", BROKEN + "  sales: {parent: company, purpose: Sell, advisors: [ana]}\n")
    code, out, _ = run(capsys, "validate", "--on", ON, "--baseline", "base.json")
    assert code == 1
    assert shown(out) == [
        "distauth.yaml:12:3: DA101 [error] area 'sales' has no DRI in effect on 2026-11-27",
        "1 file, 5 areas, 2 people checked: 1 error, 0 warnings; 4 in the baseline, 0 fixed",
    ]


def test_baseline_survives_edits_that_move_lines(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    run(capsys, "validate", "--on", ON, "--baseline", "base.json", "--write-baseline")
    write("distauth.yaml", "# a comment\n# and another\n" + BROKEN)
    code, out, _ = run(capsys, "validate", "--on", ON, "--baseline", "base.json")
    assert code == 0
    assert "4 in the baseline, 0 fixed" in out


def test_baseline_reports_fixed_findings(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    run(capsys, "validate", "--on", ON, "--baseline", "base.json", "--write-baseline")
    write(
        "distauth.yaml",
        BROKEN.replace("  ops: {parent: company,", "  ops: {purpose: Ops, parent: company,"),
    )
    code, out, _ = run(capsys, "validate", "--on", ON, "--baseline", "base.json")
    assert code == 0
    assert out.splitlines() == [
        "distauth.yaml: DA503 fixed (ops)",
        "1 file, 4 areas, 2 people checked: 0 errors, 0 warnings; 3 in the baseline, 1 fixed",
    ]
    _, out, _ = run(capsys, "validate", "--on", ON, "--baseline", "base.json", "--format", "json")
    assert [e["code"] for e in json.loads(out)["fixed"]] == ["DA503"]


def test_baseline_counts_repeated_fingerprints(capsys: pytest.CaptureFixture[str]) -> None:
    """An accepted finding excuses one occurrence, not every finding that looks like it."""
    write("a.distauth.yaml", BROKEN)
    run(
        capsys,
        "validate",
        "--on",
        ON,
        "a.distauth.yaml",
        "--baseline",
        "b.json",
        "--write-baseline",
    )
    doc = json.loads(Path("b.json").read_text())
    doc["findings"].append(doc["findings"][0])  # hand-edited: accept DA101 twice
    Path("b.json").write_text(json.dumps(doc))
    code, out, _ = run(capsys, "validate", "--on", ON, "a.distauth.yaml", "--baseline", "b.json")
    assert code == 0
    assert "4 in the baseline, 1 fixed" in out


def test_baseline_paths_are_relative_to_the_baseline_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write("org/distauth.yaml", BROKEN)
    run(capsys, "validate", "--on", ON, "org", "--baseline", "org/base.json", "--write-baseline")
    files = {e["file"] for e in json.loads(Path("org/base.json").read_text())["findings"]}
    assert files == {"distauth.yaml"}
    monkeypatch.chdir(tmp_path / "org")
    assert run(capsys, "validate", "--on", ON, "--baseline", "base.json")[0] == 0


def test_baseline_ignores_files_not_checked_in_this_run(capsys: pytest.CaptureFixture[str]) -> None:
    """pre-commit passes only changed files: the others' accepted findings are not 'fixed'."""
    write("a.distauth.yaml", BROKEN)
    write("b.distauth.yaml", BROKEN)
    run(capsys, "validate", "--on", ON, "--baseline", "base.json", "--write-baseline")
    code, out, _ = run(capsys, "validate", "--on", ON, "a.distauth.yaml", "--baseline", "base.json")
    assert code == 0
    assert "4 in the baseline, 0 fixed" in out
    # Rewriting from one file keeps the other file's entries.
    write("a.distauth.yaml", GOOD)
    run(
        capsys,
        "validate",
        "--on",
        ON,
        "a.distauth.yaml",
        "--baseline",
        "base.json",
        "--write-baseline",
    )
    entries = json.loads(Path("base.json").read_text())["findings"]
    assert {e["file"] for e in entries} == {"b.distauth.yaml"}
    assert len(entries) == 4


def test_baseline_for_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(BROKEN))
    run(capsys, "validate", "-", "--on", ON, "--baseline", "base.json", "--write-baseline")
    assert {e["file"] for e in json.loads(Path("base.json").read_text())["findings"]} == {"<stdin>"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(BROKEN))
    code, out, _ = run(capsys, "validate", "-", "--on", ON, "--baseline", "base.json")
    assert code == 0
    assert "4 in the baseline, 0 fixed" in out


def test_write_baseline_needs_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--write-baseline")
    assert code == 2
    assert err == "distauth: error: --write-baseline needs --baseline FILE\n"


def test_write_baseline_refuses_when_a_file_cannot_be_loaded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("distauth.yaml", NOT_YAML)
    code, _, err = run(capsys, "validate", "--baseline", "base.json", "--write-baseline")
    assert code == 2
    assert "baseline not written" in err
    assert not Path("base.json").exists()


def test_missing_baseline_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", GOOD)
    code, _, err = run(capsys, "validate", "--baseline", "nope.json")
    assert code == 2
    assert "nope.json: no such baseline file (create it with --write-baseline)" in err


@pytest.mark.parametrize(
    "text",
    [
        '{"distauth-baseline": 1, "findings": [{"fingerprint": 1, "code": "DA101", "file": "x"}]}',
        "not json",
        "[]",
        '{"distauth-baseline": 2, "findings": []}',
        '{"distauth-baseline": 1, "findings": [{}]}',
    ],
)
def test_malformed_baseline_is_an_error(capsys: pytest.CaptureFixture[str], text: str) -> None:
    write("distauth.yaml", GOOD)
    write("base.json", text)
    code, _, err = run(capsys, "validate", "--baseline", "base.json")
    assert code == 2
    assert err.startswith("distauth: error: base.json:")
