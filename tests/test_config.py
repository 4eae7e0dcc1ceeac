"""Configuration on the command line: ``pyproject.toml`` and ``.distauth.toml`` discovery and keys.

Where configuration is found (upward from the current directory, or ``--config``, or none with
``--isolated``), which keys it holds and how options on the command line combine with it.
Each test runs in its own temporary directory and checks on a fixed day.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from distauth.cli import main
from tests.helpers import (
    BROKEN,
    GOOD,
    ON,
    codes_of,
    run,
    write,
)

#: Each test runs in its own empty directory (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("cli_dir")


def test_pyproject_is_found_upward_from_the_current_directory(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.distauth]\nselect = ["DA1"]\n')
    write("deep/er/distauth.yaml", BROKEN)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    _, out, _ = run(capsys, "validate", "--on", ON)
    assert codes_of(out) == ["DA101"]


def test_pyproject_without_the_table_does_not_stop_the_search(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write("pyproject.toml", '[tool.distauth]\nignore = ["DA3", "DA5"]\n')
    write("sub/pyproject.toml", "[tool.ruff]\nline-length = 100\n# distauth is mentioned\n")
    write("sub/distauth.yaml", BROKEN)
    monkeypatch.chdir(tmp_path / "sub")
    _, out, _ = run(capsys, "validate", "--on", ON)
    assert codes_of(out) == ["DA101"]


def test_unrelated_or_unreadable_pyproject_is_skipped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write("pyproject.toml", '[tool.distauth]\nselect = ["DA1"]\n')
    write("a/pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    Path("a/b").mkdir()
    Path("a/b/pyproject.toml").write_bytes(b"\xff\xfe not utf-8")
    write("a/b/distauth.yaml", BROKEN)
    monkeypatch.chdir(tmp_path / "a" / "b")
    _, out, _ = run(capsys, "validate", "--on", ON)
    assert codes_of(out) == ["DA101"]


def test_broken_pyproject_that_mentions_distauth_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("pyproject.toml", "[tool.distauth\nselect = []\n")
    code, _, err = run(capsys, "validate")
    assert code == 2
    assert err.startswith("distauth: error: ")
    assert "pyproject.toml: not valid TOML" in err


def test_config_that_is_not_utf8_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    Path(".distauth.toml").write_bytes(b"select = ['\xff']\n")
    code, _, err = run(capsys, "validate")
    assert code == 2
    assert ".distauth.toml: the configuration is not UTF-8" in err


def test_distauth_toml_config_wins_in_its_directory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("pyproject.toml", '[tool.distauth]\nselect = ["DA1"]\n')
    write(".distauth.toml", 'select = ["DA5"]\n')
    write("distauth.yaml", BROKEN)
    _, out, _ = run(capsys, "validate", "--on", ON)
    assert codes_of(out) == ["DA503"]


def test_every_config_key(capsys: pytest.CaptureFixture[str]) -> None:
    write(
        "pyproject.toml",
        "[tool.distauth]\n"
        'select = ["DA1", "DA3"]\n'
        'ignore = ["DA302"]\n'
        'extend-select = ["DA5"]\n'
        "max-areas-per-person = 1\n"
        "handover-horizon-days = 400\n"
        "strict = false\n"
        "[tool.distauth.per-area-ignores]\n"
        'billing = ["DA1"]\n',
    )
    lab = "  lab: {parent: company, purpose: Lab, advisors: [ana]}\n"
    write("distauth.yaml", BROKEN + lab + "dris:\n  - {area: lab, holder: bo, end: 2027-01-01}\n")
    _, out, _ = run(capsys, "validate", "--on", ON)
    # The 400-day horizon also sees lab without a DRI once its assignment ends.
    assert "DA101 [error] from 2027-01-01, area 'lab' has no DRI" in out
    _, out, _ = run(capsys, "validate", "--on", ON, "--horizon", "0")
    codes = codes_of(out)
    assert "DA101" not in codes  # per-area ignore for billing
    assert "DA302" not in codes  # ignored
    assert "DA501" in codes  # bo leads more than one area
    assert "DA504" in codes  # the assignment ends within 400 days
    assert "DA301" in codes
    assert "DA503" in codes  # extend-select


def test_command_line_overrides_the_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    write(".distauth.toml", 'select = ["DA1"]\nextend-select = ["DA503"]\nignore = ["DA101"]\n')
    write("distauth.yaml", BROKEN)
    _, out, _ = run(capsys, "validate", "--on", ON)
    assert codes_of(out) == ["DA503"]
    # --select starts over (drops the configured extend-select); --ignore adds to the ignores.
    _, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA3")
    assert codes_of(out) == ["DA301", "DA302"]
    _, out, _ = run(capsys, "validate", "--on", ON, "--select", "DA1,DA3", "--ignore", "DA302")
    assert codes_of(out) == ["DA301"]
    _, out, _ = run(capsys, "validate", "--on", ON, "--extend-select", "DA302")
    assert codes_of(out) == ["DA302", "DA503"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "max_areas_per_person = 3\n",
            "unknown key 'max_areas_per_person' (did you mean 'max-areas-per-person'?)",
        ),
        ("selcet = []\n", "unknown key 'selcet' (did you mean 'select'?)"),
        ("colour = 1\n", "unknown key 'colour' (known keys: select, ignore,"),
        ('select = ["DA9"]\n', "select: 'DA9' is not a rule code or prefix"),
        ('[per-area-ignores]\nops = ["XX1"]\n', "per-area-ignores.ops: 'XX1' is not a rule code"),
        ('select = "DA1"\n', 'select must be a list of rule codes, like ["DA1", "DA502"]'),
        ("strict = 1\n", "strict must be true or false (got 1)"),
        ("max-areas-per-person = -1\n", "max-areas-per-person must be a whole number >= 0"),
        ("handover-horizon-days = true\n", "handover-horizon-days must be a whole number >= 0"),
        ("per-area-ignores = 3\n", "per-area-ignores must be a table of area id = [codes]"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_a_usage_error_naming_the_key(
    capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    write(".distauth.toml", text)
    write("distauth.yaml", GOOD)
    code, out, err = run(capsys, "validate")
    assert (code, out) == (2, "")
    assert err.startswith("distauth: error: ")
    assert ".distauth.toml" in err
    assert message in err


def test_bad_pyproject_table_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    write("pyproject.toml", '[tool]\ndistauth = "yes"\n')
    write("distauth.yaml", GOOD)
    code, _, err = run(capsys, "validate")
    assert code == 2
    assert "[tool.distauth] must be a table" in err


def test_config_option_names_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    write("settings/strict.toml", 'select = ["DA5"]\n')
    write(".distauth.toml", 'select = ["DA1"]\n')
    write("distauth.yaml", BROKEN)
    _, out, _ = run(capsys, "validate", "--on", ON, "--config", "settings/strict.toml")
    assert codes_of(out) == ["DA503"]
    write("settings/pyproject.toml", '[tool.distauth]\nselect = ["DA3"]\n')
    _, out, _ = run(capsys, "validate", "--on", ON, "--config", "settings/pyproject.toml")
    assert codes_of(out) == ["DA301", "DA302"]


def test_missing_config_file_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--config", "nope.toml")
    assert code == 2
    assert "nope.toml: cannot read the configuration" in err


def test_isolated_ignores_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    write(".distauth.toml", "this is not toml")
    write("distauth.yaml", BROKEN)
    code, out, _ = run(capsys, "validate", "--on", ON, "--isolated")
    assert code == 1
    assert len(codes_of(out)) == 4


def test_config_and_isolated_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--config", "x.toml", "--isolated")
    assert code == 2
    assert "not allowed with" in err


@pytest.fixture
def config_beside_an_org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A distauth.toml holding configuration, beside an org whose only finding is DA502."""
    (tmp_path / "distauth.toml").write_text('ignore = ["DA5"]\n', encoding="utf-8")
    (tmp_path / "team.distauth.yaml").write_text(
        "version: 1\npeople: {ana: {}}\nareas:\n  ops: {dri: ana, purpose: Run}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_distauth_toml_without_version_is_configuration(
    config_beside_an_org: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue names distauth.toml both as a config file and as an org-file name."""
    from distauth._config import find_config
    from distauth.cli import find_org_files

    tmp_path = config_beside_an_org
    assert find_config() == tmp_path / "distauth.toml"
    assert [Path(p).name for p in find_org_files(str(tmp_path))] == ["team.distauth.yaml"]
    assert main(["validate", "."]) == 0  # DA502 (no advisors) is ignored by the config
    capsys.readouterr()
    (tmp_path / "distauth.toml").write_text('version = 1\nname = "Acme"\n', encoding="utf-8")
    assert find_config() is None
    assert sorted(Path(p).name for p in find_org_files(str(tmp_path))) == [
        "distauth.toml",
        "team.distauth.yaml",
    ]


def test_a_configuration_distauth_toml_given_by_name_is_skipped_with_a_note(
    config_beside_an_org: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pre-commit passes every file with an org-file name, configuration included."""
    assert main(["validate", "distauth.toml", "team.distauth.yaml"]) == 0
    out, err = capsys.readouterr()
    assert "distauth.toml: skipped, it is configuration (no top-level version)" in err
    assert out.strip().endswith("1 file, 1 area, 1 person checked: 0 errors, 0 warnings")
