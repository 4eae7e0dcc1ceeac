"""``distauth decisions``: the audit and the trust metrics from the command line, every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from distauth.cli import main

ORG = """\
version: 1
people:
  ana: {name: Ana Ruiz}
  bo: {name: Bo Li}
areas:
  ops: {advisors: [bo]}
dris:
  - {area: ops, holder: bo, end: 2027-01-01}
  - {area: ops, holder: ana, start: 2027-01-01}
decisions:
  in-file: {title: Use X, date: 2026-12-01, area: ops, decided_by: [bo]}
"""
ADR_OK = "# Use Y\n\n- Status: accepted\n- Date: 2027-01-01\n- Decision-makers: Ana Ruiz\n" \
    "- Consulted: Bo Li\n"  # fmt: skip
ADR_BAD = "# Use Z\n\n- Status: accepted\n- Date: 2027-01-01\n- Decision-makers: Ana Ruiz, Cy\n"


@pytest.fixture(autouse=True)
def _files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "adr").mkdir()
    (tmp_path / "adr" / "0001-use-y.md").write_text(ADR_OK, encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_records_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decisions", "org.yaml", "adr", "--area-dir", "ops=adr")
    assert code == 0
    assert out.strip().endswith("0 errors, 0 warnings")


def test_findings_name_the_adr_file_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    Path("adr/0002-use-z.md").write_text(ADR_BAD, encoding="utf-8")
    code, out, err = run(capsys, "decisions", "org.yaml", "adr", "--area-dir", "ops=adr")
    assert code == 1
    lines = [line for line in out.splitlines() if not line.startswith("    hint: ")]
    assert lines[0].startswith("adr/0002-use-z.md:1:3: DA602 [warning] decision '0002-use-z'")
    assert lines[1].startswith("adr/0002-use-z.md:1:3: DA607 [error] decision '0002-use-z'")
    assert "'Cy'" in lines[1]
    assert "adr/0002-use-z.md:5: AD102 decision-makers: 'Cy' names nobody in the org" in err


def test_records_of_the_org_file_are_audited_too(capsys: pytest.CaptureFixture[str]) -> None:
    Path("org.yaml").write_text(ORG.replace("decided_by: [bo]", "decided_by: [ana]"))
    code, out, _ = run(capsys, "decisions", "org.yaml", "--select", "DA601")
    assert code == 1
    assert out.startswith("org.yaml:11:3: DA601 [error] decision 'in-file' (2026-12-01)")


def test_since_and_until_keep_the_records_of_a_period(capsys: pytest.CaptureFixture[str]) -> None:
    Path("adr/0002-use-z.md").write_text(ADR_BAD, encoding="utf-8")
    code, out, _ = run(capsys, "decisions", "org.yaml", "adr", "--until", "2027-01-01")
    assert code == 0
    code, out, _ = run(capsys, "decisions", "org.yaml", "adr", "--since", "2027-01-01", "-q")
    assert code == 1
    found = {line.split()[1] for line in out.splitlines() if not line.startswith("    hint: ")}
    assert found == {"DA607", "DA609"}


def test_json_sarif_and_github_formats(capsys: pytest.CaptureFixture[str]) -> None:
    Path("adr/0002-use-z.md").write_text(ADR_BAD, encoding="utf-8")
    argv = ["decisions", "org.yaml", "adr", "--area-dir", "ops=adr", "--format"]
    code, out, _ = run(capsys, *argv, "json")
    document = json.loads(out)
    assert (code, document["exit_code"]) == (1, 1)
    assert {f["code"] for f in document["findings"]} == {"DA602", "DA607"}
    assert {f["file"] for f in document["findings"]} == {"adr/0002-use-z.md"}
    code, out, _ = run(capsys, *argv, "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert code == 1
    assert sorted(r["ruleId"] for r in results) == ["DA602", "DA607"]
    code, out, _ = run(capsys, *argv, "github")
    assert code == 1
    assert out.startswith("::warning file=adr/0002-use-z.md,line=1")


def test_strict_makes_warnings_fail(capsys: pytest.CaptureFixture[str]) -> None:
    Path("adr/0001-use-y.md").write_text(ADR_OK.replace("- Consulted: Bo Li\n", ""))
    argv = ["decisions", "org.yaml", "adr", "--area-dir", "ops=adr"]
    assert run(capsys, *argv)[0] == 0
    assert run(capsys, *argv, "--strict")[0] == 1


def test_the_area_of_a_directory_comes_from_the_configuration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("pyproject.toml").write_text('[tool.distauth]\nadr-areas = {"adr" = "ops"}\n')
    Path("adr/0001-use-y.md").write_text(ADR_OK.replace("Ana Ruiz", "Bo Li"))
    code, out, _ = run(capsys, "decisions", "org.yaml", "adr", "-q")
    assert code == 1
    assert "DA601" in out
    code, out, _ = run(capsys, "decisions", "org.yaml", "adr", "-q", "--isolated")
    assert "DA609" in out


def test_an_adr_that_cannot_become_a_record_is_a_load_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("adr/0003-undated.md").write_text("# Undated\n\n- Status: accepted\n")
    code, _, err = run(capsys, "decisions", "org.yaml", "adr", "--area-dir", "ops=adr")
    assert code == 2
    assert "adr/0003-undated.md:1:1: AD101 no date" in err


def test_usage_and_load_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "decisions", "org.yaml", "missing-dir")[0] == 2
    assert run(capsys, "decisions", "org.yaml", "--select", "DA1")[0] == 2
    assert run(capsys, "decisions", "org.yaml", "--area-dir", "ops")[0] == 2
    assert run(capsys, "decisions", "org.yaml", "--metrics", "--format", "sarif")[0] == 2
    Path("broken.yaml").write_text("version: 1\nareas: [unclosed\n")
    code, _, err = run(capsys, "decisions", "broken.yaml", "adr")
    assert code == 2
    assert err.startswith("broken.yaml:")
    Path("bad.toml").write_text('adr-areas = {"adr" = "Not An Id"}\n')
    code, _, err = run(capsys, "decisions", "org.yaml", "--config", "bad.toml")
    assert (code, "adr-areas must be a table" in err) == (2, True)


def test_metrics_as_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["decisions", "org.yaml", "adr", "--area-dir", "ops=adr", "--metrics"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.splitlines()[2:4] == [
        "area  decisions  own DRI  authorised  escalated  advised  answered",
        "ops           2     100%           2          0     100%         -",
    ]
    code, out, _ = run(capsys, *argv, "--format", "json", "--since", "2027-01-01")
    document = json.loads(out)
    assert code == 0
    assert document["since"] == "2027-01-01"
    assert [(a["area"], a["decisions"], a["advice_coverage"]) for a in document["areas"]] == [
        ("ops", 1, 1.0)
    ]
    assert [p["person"] for p in document["people"]] == ["ana", "bo"]


def test_metrics_still_report_adrs_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    Path("adr/0003-undated.md").write_text("# Undated\n")
    code, _, err = run(capsys, "decisions", "org.yaml", "adr", "--metrics")
    assert code == 2
    assert "AD101" in err
