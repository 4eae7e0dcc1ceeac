"""The command line, through ``main([...])``: every subcommand, option and exit code.

Each test runs in its own temporary directory (so configuration discovery sees only what the
test writes) and checks on a fixed day, so that results never depend on the calendar.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import distauth
from distauth.cli import main
from distauth.files import json_schema, loads
from tests.helpers import (
    BROKEN,
    BROKEN_LINES,
    DATED,
    GOOD,
    NOT_YAML,
    ON,
    WARNING_ONLY,
    codes_of,
    run,
    shown,
    write,
)

#: Each test runs in its own empty directory (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("cli_dir")


# --- the program ----------------------------------------------------------------------------------


def test_help_lists_every_subcommand_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("validate", "who", "escalate", "arbiter", "show", "export", "rules", "schema"):
        assert command in out
    assert "exit codes:" in out


@pytest.mark.parametrize(
    "command", ["validate", "who", "escalate", "arbiter", "show", "export", "rules", "schema"]
)
def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert out.startswith(f"usage: distauth {command}")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"distauth {distauth.__version__}\n")


def test_no_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2
    assert "required" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--frobnicate")
    assert code == 2
    assert "--frobnicate" in err


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    write(tmp_path / "distauth.yaml", BROKEN)
    done = subprocess.run(
        [sys.executable, "-m", "distauth", "validate", "--on", ON],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert shown(done.stdout)[:4] == BROKEN_LINES


def test_installed_console_script(tmp_path: Path) -> None:
    """The `distauth` script that pip installed next to the interpreter works end to end."""
    script = Path(sys.executable).parent / ("distauth.exe" if os.name == "nt" else "distauth")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable} (package not installed)")
    write(tmp_path / "distauth.yaml", BROKEN)
    done = subprocess.run(
        [str(script), "validate", "--on", ON, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["errors"] == 2


def test_importing_the_cli_loads_no_heavy_dependency() -> None:
    """`distauth --help` must start fast: parsers and test tools load only when used.

    (distauth.files itself is imported, since distauth re-exports load and dumps; its parsers
    and the cattrs converter are not.)
    """
    code = (
        "import sys\n"
        "from distauth.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "finally:\n"
        "    heavy = ('ruamel', 'yaml', 'cattrs', 'jsonschema', 'hypothesis', 'tomli_w')\n"
        "    heavy += ('distauth.files._structure', 'distauth.files._yaml')\n"
        "    print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stderr.strip() == "[]"


def test_debug_shows_a_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "org.yaml", GOOD)
    code, _, err = run(capsys, "escalate", "org.yaml", "nowhere")
    assert code == 2
    assert "Traceback" not in err
    assert err == "distauth: error: 'nowhere' is not an area of the org\n"
    code, _, err = run(capsys, "--debug", "escalate", "org.yaml", "nowhere")
    assert code == 2
    assert "Traceback (most recent call last)" in err
    code, _, err = run(capsys, "escalate", "--debug", "org.yaml", "nowhere")
    assert "Traceback (most recent call last)" in err


# --- validate: files, directories, standard input -------------------------------------------------


def test_validate_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, err = run(capsys, "validate", "org.yaml", "--on", ON)
    assert (code, err) == (0, "")
    assert out == "1 file, 3 areas, 2 people checked: 0 errors, 0 warnings\n"


def test_validate_reports_sorted_findings_and_a_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("distauth.yaml", BROKEN)
    code, out, _ = run(capsys, "validate", "distauth.yaml", "--on", ON)
    assert code == 1
    assert shown(out) == [
        *BROKEN_LINES,
        "1 file, 4 areas, 2 people checked: 2 errors, 1 warning, 1 info",
    ]


def test_validate_summary_uses_singular_and_plural(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", "version: 1\npeople:\n  ana: {}\nareas:\n  ops: {purpose: Run}\n")
    code, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA101")
    assert code == 1
    assert out.splitlines()[-1] == "1 file, 1 area, 1 person checked: 1 error, 0 warnings"


def test_validate_searches_directories(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write("distauth.yaml", GOOD)
    write("teams/b/x.distauth.json", json.dumps({"version": 1, "name": "X"}))
    write("teams/a/distauth.toml", 'version = 1\nname = "T"\n')
    write("teams/a/distauth.yml", "version: 1\n")
    write("teams/notes.yaml", NOT_YAML)  # not an org-file name
    write(".hidden/distauth.yaml", NOT_YAML)
    write(".venv/lib/distauth.yaml", NOT_YAML)
    write("node_modules/x/distauth.yaml", NOT_YAML)
    write(".distauth.toml", "")  # configuration, not an org file
    code, out, _ = run(capsys, "validate", "--format", "json", "--on", ON)
    assert code == 0
    files = [f["path"] for f in json.loads(out)["files"]]
    assert files == [
        "distauth.yaml",
        "teams/a/distauth.toml",
        "teams/a/distauth.yml",
        "teams/b/x.distauth.json",
    ]


def test_validate_dedupes_a_file_given_twice(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", GOOD)
    code, out, _ = run(capsys, "validate", "--on", ON, "distauth.yaml", ".", "./distauth.yaml")
    assert code == 0
    assert out.startswith("1 file,")


def test_validate_directory_without_org_files_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("empty").mkdir()
    code, _, err = run(capsys, "validate", "empty")
    assert code == 2
    assert err.startswith("empty: no org files here")


def test_unreadable_file_never_yields_0_but_others_are_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("a.distauth.yaml", GOOD)
    write("b.distauth.yaml", NOT_YAML)
    code, out, err = run(
        capsys, "validate", "--on", ON, "a.distauth.yaml", "b.distauth.yaml", "c.yaml"
    )
    assert code == 2
    assert out.splitlines()[-1] == (
        "1 file, 3 areas, 2 people checked: 0 errors, 0 warnings; 2 files could not be loaded"
    )
    lines = err.splitlines()
    assert lines[0].startswith("b.distauth.yaml:3:")  # file:line:col of the syntax error
    assert lines[-1] == "c.yaml: cannot read the file: No such file or directory"


def test_load_error_with_findings_elsewhere_is_still_2(capsys: pytest.CaptureFixture[str]) -> None:
    write("a.distauth.yaml", BROKEN)
    write("b.distauth.yaml", "version: 1\nareas:\n  billing: {parent: [a]}\n")
    code, out, err = run(capsys, "validate", "--on", ON, ".")
    assert code == 2
    assert "DA101" in out
    assert err == "b.distauth.yaml:3:13: areas.billing.parent: expected a string, got a list\n"


def test_stdin_is_read_as_yaml(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(BROKEN))
    code, out, _ = run(capsys, "validate", "-", "--on", ON)
    assert code == 1
    assert out.splitlines()[0].startswith("<stdin>:8:3: DA101 [error]")


def test_stdin_bytes_are_decoded_by_the_loader(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + GOOD.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "validate", "-", "--on", ON)
    assert code == 0
    assert out.startswith("1 file, 3 areas")


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_stdin_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from distauth.files import dumps

    text = dumps(loads(GOOD), format=fmt)
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run(capsys, "validate", "-", "--stdin-format", fmt, "--on", ON)
    assert code == 0
    assert out.startswith("1 file, 3 areas, 2 people")


def test_stdin_in_the_wrong_format_is_a_load_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(GOOD))
    code, _, err = run(capsys, "validate", "-", "--stdin-format", "json")
    assert code == 2
    assert err.startswith("<stdin>:1:1:")


def test_stdin_twice_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "-", "-")
    assert code == 2
    assert "only once" in err


# --- validate: rule selection, dates, strictness --------------------------------------------------


def test_select_ignore_and_extend_select(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    _, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA1,DA3")
    assert codes_of(out) == ["DA101", "DA301", "DA302"]
    _, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA1", "--select", "DA503")
    assert codes_of(out) == ["DA101", "DA503"]
    _, out, _ = run(capsys, "validate", "--on", ON, "--ignore", "DA3, DA5")
    assert codes_of(out) == ["DA101"]
    _, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA1", "--extend-select", "da301")
    assert codes_of(out) == ["DA101", "DA301"]


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_code_is_a_usage_error(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    write("distauth.yaml", GOOD)
    code, out, err = run(capsys, "validate", flag, "DA1,DA999")
    assert (code, out) == (2, "")
    assert err.startswith(f"distauth: error: {flag}: 'DA999' is not a rule code or prefix")


def test_on_chooses_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", DATED)
    code, out, _ = run(capsys, "validate", "--on", "2026-06-01")
    assert code == 0
    code, out, _ = run(capsys, "validate", "--on", "2027-01-01")
    assert code == 1
    assert "area 'ops' has no DRI in effect on 2027-01-01" in out


def test_malformed_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--on", "27/11/2026")
    assert code == 2
    assert "not an ISO date (YYYY-MM-DD): '27/11/2026'" in err


def test_strict_makes_warnings_fail(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", WARNING_ONLY)
    assert run(capsys, "validate", "--on", ON)[0] == 0
    assert run(capsys, "validate", "--on", ON, "--strict")[0] == 1


def test_no_strict_overrides_the_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", WARNING_ONLY)
    write(".distauth.toml", "strict = true\n")
    assert run(capsys, "validate", "--on", ON)[0] == 1
    assert run(capsys, "validate", "--on", ON, "--no-strict")[0] == 0


def test_infos_never_fail(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    code, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA503", "--strict")
    assert code == 0
    assert "DA503 [info]" in out


def test_quiet_prints_findings_only(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    code, out, _ = run(capsys, "validate", "--on", ON, "-q")
    assert code == 1
    assert shown(out) == BROKEN_LINES
    assert out.count("\n    hint: ") == len(BROKEN_LINES)  # each finding with its fix
    write("distauth.yaml", GOOD)
    assert run(capsys, "validate", "--on", ON, "--quiet") == (0, "", "")


# --- validate: colour -----------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_color_always_and_never(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    _, out, _ = run(capsys, "validate", "--on", ON, "--color", "always")
    assert "\033[31mDA101\033[0m" in out
    _, out, _ = run(capsys, "validate", "--on", ON, "--color", "never")
    assert "\033[" not in out


def test_color_auto_is_off_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    _, out, _ = run(capsys, "validate", "--on", ON)
    assert "\033[" not in out


def test_color_auto_on_a_terminal_unless_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write("distauth.yaml", BROKEN)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    main(["validate", "--on", ON])
    assert "\033[31m" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", plain)
    main(["validate", "--on", ON])
    assert "\033[" not in plain.getvalue()
    forced = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", forced)
    main(["validate", "--on", ON, "--color", "always"])  # an explicit flag beats NO_COLOR
    assert "\033[31m" in forced.getvalue()


# --- validate: output formats ---------------------------------------------------------------------


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    code, out, _ = run(capsys, "validate", "--on", ON, "--format", "json")
    doc = json.loads(out)
    assert code == doc["exit_code"] == 1
    assert doc["summary"] == {
        "files": 1,
        "areas": 4,
        "people": 2,
        "errors": 2,
        "warnings": 1,
        "infos": 1,
        "unchanged": 0,
        "fixed": 0,
        "not_loaded": 0,
    }
    first = doc["findings"][0]
    assert first["code"] == "DA101"
    assert first["file"] == "distauth.yaml"
    assert first["location"] == {"file": "distauth.yaml", "line": 8, "column": 3}
    assert first["subjects"] == ["billing"]
    assert len(first["fingerprint"]) == 32
    assert first["baseline"] is None


def test_json_output_lists_load_problems(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", NOT_YAML)
    code, out, _ = run(capsys, "validate", "--format", "json")
    doc = json.loads(out)
    assert code == doc["exit_code"] == 2
    assert doc["files"][0]["loaded"] is False
    assert doc["files"][0]["problems"][0]["line"] == 3


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", BROKEN)
    code, out, _ = run(capsys, "validate", "--on", ON, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=distauth.yaml,line=8,col=3,title=DA101::"
        "area 'billing' has no DRI in effect on 2026-11-27"
    )
    assert lines[2].startswith("::warning file=distauth.yaml,line=9,col=3,title=DA302::")
    assert lines[3].startswith("::notice file=distauth.yaml,line=11,col=3,title=DA503::")


def test_github_annotations_escape_data_and_properties(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from distauth._formats import escape_data, escape_property

    assert escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert escape_property("100%\r\nnext: a, b") == "100%25%0D%0Anext%3A a%2C b"
    # A file name with ',' and ':' must not end the property list early.
    write("a,b:c.distauth.yaml", "version: 1\nareas:\n  ops: {purpose: Run}\n")
    _, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA101", "--format", "github")
    assert out == (
        "::error file=a%2Cb%3Ac.distauth.yaml,line=3,col=3,title=DA101::"
        "area 'ops' has no DRI in effect on 2026-11-27\n"
    )


def test_github_annotations_for_load_problems(capsys: pytest.CaptureFixture[str]) -> None:
    write("distauth.yaml", NOT_YAML)
    code, out, _ = run(capsys, "validate", "--format", "github")
    assert code == 2
    assert out.startswith("::error file=distauth.yaml,line=3,")
    assert "title=distauth%3A cannot load::" in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_is_byte_identical_on_repeated_runs(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write("distauth.yaml", BROKEN)
    write("teams/x.distauth.yaml", DATED)
    write("teams/y.distauth.yaml", NOT_YAML)
    first = run(capsys, "validate", "--on", ON, "--format", fmt, "--color", "always")
    for _ in range(3):
        assert run(capsys, "validate", "--on", ON, "--format", fmt, "--color", "always") == first


def test_output_does_not_depend_on_argument_order(capsys: pytest.CaptureFixture[str]) -> None:
    write("a.distauth.yaml", BROKEN)
    write("b.distauth.yaml", BROKEN)
    one = run(capsys, "validate", "--on", ON, "a.distauth.yaml", "b.distauth.yaml")
    two = run(capsys, "validate", "--on", ON, "b.distauth.yaml", "a.distauth.yaml")
    assert one[1] == two[1]


# --- who, escalate, arbiter -----------------------------------------------------------------------


def test_who_explains_the_decision(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, _ = run(capsys, "who", "org.yaml", "finance/billing/refunds", "--on", ON)
    assert code == 0
    assert out == (
        "'finance/billing/refunds' is matched by:\n"
        "  - area 'billing', scope 'finance/billing/**'\n"
        "  - area 'company', scope 'finance/**'\n"
        "'billing' wins: it is the deepest of the matching areas (the most specific delegate).\n"
        "bo decides, as DRI of 'billing'.\n"
    )


def test_who_several_resources(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, _ = run(capsys, "who", "org.yaml", "sales/eu", "finance/tax", "--on", ON)
    assert code == 0
    blocks = out.split("\n\n")
    assert len(blocks) == 2
    assert blocks[0].startswith("'sales/eu'")
    assert blocks[1].endswith("ana decides, as DRI of 'company'.\n")


def test_who_exits_1_when_ambiguous_or_unmatched(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", BROKEN)
    code, out, _ = run(capsys, "who", "org.yaml", "finance/billing/refunds", "--on", ON)
    assert code == 1
    assert "ambiguous" in out
    write("org.yaml", GOOD)
    code, out, _ = run(capsys, "who", "org.yaml", "sales/x", "hr/payroll", "--on", ON)
    assert code == 1
    assert out.endswith("no area's scope matches 'hr/payroll': nobody has authority over it.\n")


def test_who_uses_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", DATED)
    _, out, _ = run(capsys, "who", "org.yaml", "ops/x", "--on", "2026-06-01")
    assert out.endswith("bo decides, as DRI of 'ops'.\n")
    code, out, _ = run(capsys, "who", "org.yaml", "ops/x", "--on", "2027-06-01")
    assert code == 0  # a fallback is an answer
    assert "falls back to its nearest ancestor with one, 'company': ana decides." in out


def test_who_malformed_resource_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, err = run(capsys, "who", "org.yaml", "sales//x")
    assert (code, out) == (2, "")
    assert err.startswith("distauth: error: ")
    assert "sales//x" in err


def test_escalate(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, _ = run(capsys, "escalate", "org.yaml", "billing", "--on", ON)
    assert (code, out) == (0, "billing (DRI: bo)\ncompany (DRI: ana)\nreaches the top\n")


def test_escalate_exits_1_when_the_path_breaks(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", DATED)
    code, out, _ = run(capsys, "escalate", "org.yaml", "ops", "--on", "2027-02-01")
    assert code == 1
    assert out.splitlines()[-1].startswith("breaks at ops: ")
    assert run(capsys, "escalate", "org.yaml", "ops", "--on", "2026-02-01")[0] == 0


def test_escalate_unknown_area_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, _, err = run(capsys, "escalate", "org.yaml", "ana")
    assert code == 2
    assert err == "distauth: error: 'ana' is not an area of the org\n"


def test_arbiter(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, _ = run(capsys, "arbiter", "org.yaml", "billing", "sales", "--on", ON)
    assert code == 0
    assert out == (
        "company (DRI: ana)\n'billing' and 'sales' meet in 'company': ana settles a conflict "
        "between them.\n"
    )


def test_arbiter_exits_1_without_a_common_area_or_its_dri(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("org.yaml", "version: 1\nareas:\n  a: {}\n  b: {}\n  c: {parent: a}\n")
    code, out, _ = run(capsys, "arbiter", "org.yaml", "a", "b")
    assert code == 1
    assert "are in no common area" in out
    code, out, _ = run(capsys, "arbiter", "org.yaml", "c", "a")
    assert code == 1
    assert out.splitlines()[0] == "a (DRI: none)"


def test_arbiter_unknown_area_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, _, err = run(capsys, "arbiter", "org.yaml", "billing", "nowhere")
    assert code == 2
    assert err == "distauth: error: 'nowhere' is not an area of the org\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["who", "org.yaml", "x"],
        ["escalate", "org.yaml", "x"],
        ["arbiter", "org.yaml", "x", "y"],
        ["show", "org.yaml"],
        ["export", "org.yaml", "--to", "json"],
    ],
)
def test_load_errors_are_exit_2_with_file_line_column(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    write("org.yaml", "version: 1\nareas:\n  billing: {parent: [a]}\n")
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == "org.yaml:3:13: areas.billing.parent: expected a string, got a list\n"


def test_query_commands_read_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from distauth.files import dumps

    monkeypatch.setattr(sys, "stdin", io.StringIO(dumps(loads(GOOD), format="toml")))
    code, out, _ = run(capsys, "escalate", "-", "sales", "--stdin-format", "toml", "--on", ON)
    assert (code, out.splitlines()[-1]) == (0, "reaches the top")


# --- show -----------------------------------------------------------------------------------------


def test_show_draws_the_tree_with_markers(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", BROKEN)
    code, out, _ = run(capsys, "show", "org.yaml", "--on", ON)
    assert code == 0
    assert out == (
        "Broken\n"
        "company  DRI: ana  [DA302 warning]\n"
        "├── billing  no DRI  [DA101 error]  [DA301 error]\n"
        "├── ops  DRI: bo  [DA503 info]\n"
        "└── refunds  DRI: bo  [DA301 error]  [DA302 warning]\n"
        "4 areas, 2 people: 2 errors, 1 warning, 1 info\n"
    )


def test_show_applies_rule_selection_and_colour(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", BROKEN)
    write(".distauth.toml", 'ignore = ["DA5"]\n')
    _, out, _ = run(capsys, "show", "org.yaml", "--on", ON, "--select", "DA101")
    assert "[DA301" not in out
    assert "[DA101 error]" in out
    _, out, _ = run(capsys, "show", "org.yaml", "--on", ON)
    assert "[DA503" not in out
    _, out, _ = run(capsys, "show", "org.yaml", "--on", ON, "--isolated", "--color", "always")
    assert "\033[36m[DA503 info]\033[0m" in out


def test_show_lists_orphans_cycles_and_findings_about_no_area(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(
        "org.yaml",
        "version: 1\npeople:\n  ana: {active: false}\n"
        "areas:\n  a: {parent: b, dri: ana}\n  b: {parent: a}\n  lost: {parent: nowhere}\n"
        "  role-parent: {parent: lead}\nroles:\n  lead: {holders: [ana]}\n"
        "resources: [hr/payroll]\n",
    )
    code, out, _ = run(capsys, "show", "org.yaml", "--on", ON, "--select", "DA1,DA2,DA303")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("lost  no DRI  [DA101 error]  [DA201 error]")
    assert lines[2].startswith("role-parent  no DRI  [DA101 error]  [DA203 error]")
    assert lines[3] == "in a parent cycle:"
    assert lines[4].startswith("a  DRI: ana, inactive  [DA104 error]  [DA202 error]")
    assert lines[5].startswith("└── b  no DRI")
    assert lines[6] == "not about an area:"
    assert lines[7].startswith("  [DA303 warning] ")


def test_show_reports_acting_role_and_unresolved_dris(capsys: pytest.CaptureFixture[str]) -> None:
    write(
        "org.yaml",
        "version: 1\npeople:\n  ana: {}\n  bo: {}\n"
        "areas:\n  a: {}\n  b: {parent: a}\n  c: {parent: a}\n"
        "roles:\n  lead: {area: a, holders: [ana]}\n"
        "dris:\n  - {area: a, holder: lead, acting: true}\n"
        "  - {area: b, holder: ana}\n  - {area: b, holder: bo}\n",
    )
    _, out, _ = run(capsys, "show", "org.yaml", "--on", ON, "--select", "DA102")
    assert out.splitlines()[1:4] == [
        "a  DRI: ana (as lead), acting",
        "├── b  DRI: unresolved (ana, bo)  [DA102 error]",
        "└── c  no DRI",
    ]


# --- export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_export_round_trips(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    write("org.yaml", BROKEN)
    code, out, _ = run(capsys, "export", "org.yaml", "--to", fmt)
    assert code == 0
    assert out.endswith("\n")
    assert not out.endswith("\n\n")
    assert loads(out, fmt) == loads(BROKEN)


def test_export_diagrams(capsys: pytest.CaptureFixture[str]) -> None:
    from distauth import display

    write("org.yaml", DATED)
    org = loads(DATED, source="org.yaml")
    for fmt, draw in (("mermaid", display.to_mermaid), ("dot", display.to_dot)):
        for day in ("2026-06-01", "2027-06-01"):
            code, out, _ = run(capsys, "export", "org.yaml", "--to", fmt, "--on", day)
            assert code == 0
            assert out == draw(org, on=dt.date.fromisoformat(day))
    _, before, _ = run(capsys, "export", "org.yaml", "--to", "mermaid", "--on", "2026-06-01")
    _, after, _ = run(capsys, "export", "org.yaml", "--to", "mermaid", "--on", "2027-06-01")
    assert "DRI: bo" in before
    assert "DRI: bo" not in after


def test_export_to_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, out, _ = run(capsys, "export", "org.yaml", "--to", "json", "-o", "org.json")
    assert (code, out) == (0, "")
    assert loads(Path("org.json").read_text(), "json") == loads(GOOD)


def test_export_to_an_unwritable_place_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, _, err = run(capsys, "export", "org.yaml", "--to", "json", "--output", "no/such/dir.json")
    assert code == 2
    assert err.startswith("distauth: error: no/such/dir.json: ")


def test_export_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    write("org.yaml", GOOD)
    code, _, err = run(capsys, "export", "org.yaml", "--to", "xml")
    assert code == 2
    assert "invalid choice: 'xml'" in err


# --- rules and schema -----------------------------------------------------------------------------


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(distauth.RULES)
    assert lines[0].split(None, 3) == [
        "DA101",
        "error",
        "unowned-area",
        "area with no DRI in effect",
    ]


def test_rules_code_prints_its_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    rule = distauth.RULES["DA301"]
    code, out, _ = run(capsys, "rules", "da301")
    assert code == 0
    assert out.startswith("DA301 overlapping-authority (error)\nTwo areas, neither inside")
    assert "Fires on:" in out
    assert "Silent on:" in out
    assert "    " + rule.bad.strip().splitlines()[0] in out
    assert "    " + rule.good.strip().splitlines()[0] in out
    assert out.endswith("https://distauth.readthedocs.io/en/latest/rules.html#da301\n")


def test_rules_prefix_lists_its_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "DA4")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["DA401", "DA402", "DA403", "DA404"]


def test_rules_unknown_code_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rules", "DA999")
    assert (code, out) == (2, "")
    assert err.startswith("distauth: error: rules: 'DA999' is not a rule code or prefix")


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == json_schema()


# --- the pre-commit hook's manifest ---------------------------------------------------------------


def test_pre_commit_manifest_matches_the_org_file_names(tmp_path: Path) -> None:
    """The hook's `files` pattern picks exactly the names `validate` looks for in directories."""
    import re

    import yaml

    from distauth.cli import find_org_files

    manifest = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"
    (hook,) = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert hook["id"] == "distauth"
    assert hook["entry"] == "distauth validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    pattern = re.compile(hook["files"])
    names = [
        "distauth.yaml",
        "distauth.yml",
        "distauth.json",
        "distauth.toml",
        "a/team.distauth.yaml",
        "a/b/x.y.distauth.toml",
        "a/.distauth.toml",
        ".distauth.toml",
        "distauth.yaml.bak",
        "mydistauth.yaml",
        "distauth.txt",
        "a/distauth.YAML",
    ]
    for name in names:
        # A distauth.toml is an org file when it has a version (else it is configuration).
        write(tmp_path / "tree" / name, "version = 1\n" if name == "distauth.toml" else "")
    found = {
        Path(p).relative_to(tmp_path / "tree").as_posix()
        for p in find_org_files(str(tmp_path / "tree"))
    }
    assert found == {name for name in names if pattern.search(name)}
    assert found == {
        "distauth.yaml",
        "distauth.yml",
        "distauth.json",
        "distauth.toml",
        "a/team.distauth.yaml",
        "a/b/x.y.distauth.toml",
    }
