"""SARIF 2.1.0 output: valid against the official schema, with rules, results and fingerprints.

The schema is vendored in ``tests/data`` (see its README for where it comes from).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

import distauth
from distauth.cli import main

DATA = Path(__file__).parent / "data"
SCHEMA_FILE = DATA / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
ON = "2026-11-27"

BROKEN = """\
version: 1
people:
  ana: {}
  bo: {}
areas:
  company: {dri: ana, purpose: Run it, advisors: [bo], scopes: ["finance/**"]}
  billing: {parent: company, purpose: Get paid, advisors: [ana], scopes: ["finance/billing/**"]}
  refunds: {parent: company, dri: bo, purpose: Refund, advisors: [ana],
            scopes: ["finance/billing/refunds", "hr/**"]}
  ops: {parent: company, dri: bo, advisors: [ana]}
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["validate", "--on", ON, "--format", "sarif", *argv])
    out = capsys.readouterr().out
    log: dict[str, Any] = json.loads(out)
    return code, log


def assert_valid(validator: Any, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_vendored_schema_is_the_official_file() -> None:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_findings_validate_against_the_schema(
    capsys: pytest.CaptureFixture[str], validator: Any
) -> None:
    Path("distauth.yaml").write_text(BROKEN)
    code, log = sarif(capsys)
    assert code == 1
    assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    assert "timestamp" not in json.dumps(log).lower()


def test_clean_run_validates(capsys: pytest.CaptureFixture[str], validator: Any) -> None:
    Path("distauth.yaml").write_text("version: 1\n")
    code, log = sarif(capsys)
    assert code == 0
    assert_valid(validator, log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}
    ]


def test_load_errors_are_notifications(capsys: pytest.CaptureFixture[str], validator: Any) -> None:
    Path("distauth.yaml").write_text("version: 1\nareas:\n  billing: {parent: [a]}\n")
    code, log = sarif(capsys)
    assert code == 2
    assert_valid(validator, log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "areas.billing.parent: expected a string, got a list"
    assert note["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "distauth.yaml"},
        "region": {"startLine": 3, "startColumn": 13},
    }


def test_one_rule_entry_per_code(capsys: pytest.CaptureFixture[str]) -> None:
    Path("distauth.yaml").write_text(BROKEN)
    _, log = sarif(capsys)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "distauth"
    assert driver["version"] == distauth.__version__
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(distauth.RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for entry in rules:
        rule = distauth.RULES[entry["id"]]
        assert entry["name"] == rule.name
        assert entry["shortDescription"] == {"text": rule.summary}
        assert entry["fullDescription"]["text"]
        assert entry["defaultConfiguration"] == {"level": levels[rule.severity.value]}
        assert entry["helpUri"] == (
            f"https://distauth.readthedocs.io/en/latest/rules.html#{rule.code.lower()}"
        )


def test_results_name_rule_level_message_and_location(capsys: pytest.CaptureFixture[str]) -> None:
    Path("distauth.yaml").write_text(BROKEN)
    _, log = sarif(capsys)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["DA101", "DA301", "DA302", "DA503"]
    assert [r["level"] for r in results] == ["error", "error", "warning", "note"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert list(result["partialFingerprints"]) == ["distauth/v1"]
    first = results[0]
    assert first["message"] == {"text": "area 'billing' has no DRI in effect on 2026-11-27"}
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "distauth.yaml"},
                "region": {"startLine": 7, "startColumn": 3},
            }
        }
    ]
    assert first["properties"]["subjects"] == ["billing"]


def test_uris_are_relative_inside_the_working_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, validator: Any
) -> None:
    Path("teams/a b").mkdir(parents=True)
    Path("teams/a b/distauth.yaml").write_text(BROKEN)
    _, log = sarif(capsys, str(tmp_path / "teams"))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "teams/a%20b/distauth.yaml"
    assert not urlsplit(uri).scheme
    assert_valid(validator, log)


def test_uris_outside_the_working_directory_are_absolute(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("org").mkdir()
    Path("org/distauth.yaml").write_text(BROKEN)
    Path("elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    _, log = sarif(capsys, "../org")
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == (tmp_path / "org" / "distauth.yaml").as_uri()


def test_fingerprints_ignore_line_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    Path("distauth.yaml").write_text(BROKEN)
    _, before = sarif(capsys)
    Path("distauth.yaml").write_text("# moved\n# down\n" + BROKEN)
    _, after = sarif(capsys)

    def prints(log: dict[str, Any]) -> list[str]:
        return [r["partialFingerprints"]["distauth/v1"] for r in log["runs"][0]["results"]]

    lines = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in after["runs"][0]["results"]
    ]
    assert lines[0] == 9  # the line did move...
    assert prints(before) == prints(after)  # ...and the fingerprints did not
    assert len(set(prints(before))) == 4


def test_baseline_state_is_recorded(capsys: pytest.CaptureFixture[str], validator: Any) -> None:
    Path("distauth.yaml").write_text(BROKEN)
    main(["validate", "--on", ON, "--baseline", "base.json", "--write-baseline"])
    Path("distauth.yaml").write_text(
        BROKEN.replace("  ops: {parent: company,", "  ops: {purpose: Ops, parent: company,")
        + "  lab: {parent: company, purpose: Lab, advisors: [ana]}\n"
    )
    capsys.readouterr()
    code, log = sarif(capsys, "--baseline", "base.json")
    assert code == 1
    assert_valid(validator, log)
    run = log["runs"][0]
    states = {
        (r["ruleId"], r["properties"]["subjects"][0]): r["baselineState"] for r in run["results"]
    }
    assert states == {
        ("DA101", "billing"): "unchanged",
        ("DA101", "lab"): "new",
        ("DA301", "billing"): "unchanged",
        ("DA302", "refunds"): "unchanged",
    }
    assert [e["code"] for e in run["properties"]["fixed"]] == ["DA503"]


def test_standard_input_has_a_relative_uri(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, validator: Any
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(BROKEN))
    _, log = sarif(capsys, "-")
    assert_valid(validator, log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "stdin"}
