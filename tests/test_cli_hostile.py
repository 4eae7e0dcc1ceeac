"""The command line under hostile input: special files, closed and endless streams, NUL bytes,
file names that are not UTF-8, control characters in names, links and devices as outputs.

Every case ends in a clean message and exit code 2 (or a correct answer), never a traceback,
a hang or a file replaced behind the user's back.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from distauth.cli import main

ON = "2026-11-27"

GOOD = """\
version: 1
name: Acme
people:
  ana: {name: Ana Ruiz}
  bo: {name: Bo Li}
areas:
  company: {dri: ana, purpose: Build and sell, advisors: [bo], scopes: ["finance/**"]}
"""

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv: str | bytes, stdin: int | None = subprocess.DEVNULL) -> tuple[int, bytes]:
    """Run the real program (its own streams and encodings), with a time limit."""
    done = subprocess.run(
        [sys.executable, "-m", "distauth", *argv],
        stdin=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    return done.returncode, done.stdout + done.stderr


# --- special files as input ---------------------------------------------------------------------


@needs_fifo
def test_a_directory_search_skips_a_fifo_named_like_an_org_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("org").mkdir()
    Path("org/ok.distauth.yaml").write_text(GOOD)
    os.mkfifo("org/distauth.yaml")  # opening it for reading would wait for a writer forever
    code, out, err = run(capsys, "validate", "org", "--on", ON)
    assert (code, err) == (0, "")
    assert out.startswith("1 file,")


@needs_fifo
def test_a_fifo_named_as_config_in_a_directory_search_is_skipped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("org").mkdir()
    os.mkfifo("org/distauth.toml")
    code, _, err = run(capsys, "validate", "org")
    assert code == 2
    assert "no org files here" in err


@needs_fifo
@pytest.mark.parametrize("command", [["validate"], ["who"], ["show"], ["export", "--to", "json"]])
def test_a_fifo_named_on_the_command_line_is_refused_not_waited_for(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    os.mkfifo("pipe.distauth.yaml")
    extra = ["x"] if command == ["who"] else []
    code, _, err = run(capsys, command[0], "pipe.distauth.yaml", *extra, *command[1:])
    assert code == 2
    assert "a FIFO (named pipe), not a regular file" in err
    assert "standard input ('-')" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str]) -> None:
    Path("zero.distauth.yaml").symlink_to("/dev/zero")
    code, _, err = run(capsys, "validate", "zero.distauth.yaml")
    assert code == 2
    assert "a character device, not a regular file" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_or_fifo_as_configuration_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    Path("org.yaml").write_text(GOOD)
    code, _, err = run(capsys, "validate", "--config", "/dev/zero", "org.yaml")
    assert code == 2
    assert "/dev/zero: a character device, not a regular file" in err


def test_an_oversized_configuration_is_refused_before_it_is_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from distauth import _config

    monkeypatch.setattr(_config, "MAX_CONFIG_BYTES", 100)
    Path("org.yaml").write_text(GOOD)
    Path("big.toml").write_text("# " + "x" * 200 + "\nstrict = true\n")
    code, _, err = run(capsys, "validate", "--config", "big.toml", "org.yaml")
    assert code == 2
    assert "larger than the limit of 100 bytes" in err


# --- standard input -------------------------------------------------------------------------------


class EndlessBytes(io.RawIOBase):
    """A stream of zero bytes that never ends, like ``/dev/zero``; counts what was read."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"\0" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_endless_standard_input_is_cut_at_the_size_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from distauth.files import _text

    monkeypatch.setattr(_text, "DEFAULT_MAX_BYTES", 1000)
    endless = EndlessBytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    code, _, err = run(capsys, "validate", "-")
    assert code == 2
    assert err.startswith("<stdin>")
    assert endless.given <= 1000 + 1 + io.DEFAULT_BUFFER_SIZE


@pytest.mark.parametrize("closed", ["none", "closed"])
@pytest.mark.parametrize("command", [["validate", "-"], ["who", "-", "x"], ["show", "-"]])
def test_closed_standard_input_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    closed: str,
    command: list[str],
) -> None:
    stream = None
    if closed == "closed":
        stream = io.TextIOWrapper(io.BytesIO(b""))
        stream.close()
    monkeypatch.setattr(sys, "stdin", stream)
    code, _, err = run(capsys, *command)
    assert code == 2
    assert "standard input is closed" in err


CLOSE_STDIN_THEN_VALIDATE = (
    "import os, sys; os.close(0); from distauth.cli import main; sys.exit(main(['validate', '-']))"
)


def test_closed_standard_input_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_STDIN_THEN_VALIDATE],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"standard input" in done.stderr


# --- NUL bytes and file names that are not UTF-8 ------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "a\0b.yaml"],
        ["who", "a\0b.yaml", "x"],
        ["who", "org.yaml", "finance/a\0b"],
        ["validate", "--config", "a\0.toml", "org.yaml"],
        ["validate", "--baseline", "a\0.json", "org.yaml"],
        ["export", "org.yaml", "--to", "json", "-o", "a\0b.json"],
    ],
)
def test_a_nul_in_an_argument_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    Path("org.yaml").write_text(GOOD)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "NUL" in err


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse non-UTF-8 names")
@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8_reaches_every_format_escaped(
    tmp_path: Path, output: str
) -> None:
    name = b"\xff\xfe.distauth.yaml"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as stream:
        stream.write(b"version: 1\nareas: {ops: {parent: gone}}\n")
    code, shown = run_process("validate", "--format", output, "--on", ON, ".")
    assert code == 1
    # Escaped (text, github), percent-encoded (SARIF URIs) or replaced (JSON strings).
    assert any(form in shown for form in (b"\\udcff\\udcfe", b"%FF%FE", "\ufffd".encode()))


# --- control characters in what a terminal shows ------------------------------------------------

HOSTILE_NAME = "Acme\x1b]0;pwned\x07\x1b[2J\x1b[1A\r\u202eforged\x9b31m"


def hostile_org() -> str:
    return (
        GOOD.replace("name: Acme", f'name: "{HOSTILE_NAME}"')
        .replace("\x1b", "\\e")
        .replace("\x07", "\\a")
        .replace("\r", "\\r")
        .replace("\u202e", "\\u202e")
        .replace("\x9b", "\\x9b")
    )


@pytest.mark.parametrize("color", ["never", "always"])
def test_show_makes_control_characters_visible(
    capsys: pytest.CaptureFixture[str], color: str
) -> None:
    Path("org.yaml").write_text(hostile_org())
    code, out, _ = run(capsys, "show", "org.yaml", "--on", ON, "--color", color)
    assert code == 0
    first = out.splitlines()[0]
    assert first == "Acme\\x1b]0;pwned\\x07\\x1b[2J\\x1b[1A\\x0d\\u202eforged\\x9b31m"
    controls = {ch for ch in out if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0}
    assert controls <= ({"\n", "\x1b"} if color == "always" else {"\n"})


def test_a_resource_with_control_characters_is_shown_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("org.yaml").write_text(GOOD)
    code, out, err = run(capsys, "who", "org.yaml", "finance/\x1b[2Jx", "--on", ON)
    assert "\x1b" not in out + err
    assert code in (0, 1, 2)


# --- outputs that are not regular files -----------------------------------------------------------


def test_export_writes_through_a_symlink_instead_of_replacing_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("org.yaml").write_text(GOOD)
    Path("real.json").write_text("old")
    Path("link.json").symlink_to("real.json")
    code, _, err = run(capsys, "export", "org.yaml", "-o", "link.json")
    assert (code, err) == (0, "")
    assert Path("link.json").is_symlink()
    assert Path("real.json").read_text().startswith("{")


@needs_fifo
def test_export_writes_into_a_fifo_instead_of_replacing_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("org.yaml").write_text(GOOD)
    os.mkfifo("out.json")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(Path("out.json").read_bytes()))
    reader.start()
    code, _, err = run(capsys, "export", "org.yaml", "-o", "out.json")
    reader.join(timeout=30)
    assert (code, err) == (0, "")
    assert stat.S_ISFIFO(os.stat("out.json").st_mode)
    assert received[0].startswith(b"{")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_export_to_a_device_leaves_the_device_node(capsys: pytest.CaptureFixture[str]) -> None:
    Path("org.yaml").write_text(GOOD)
    Path("null.yaml").symlink_to("/dev/null")
    code, _, err = run(capsys, "export", "org.yaml", "--to", "yaml", "-o", "null.yaml")
    assert (code, err) == (0, "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    ("output", "first"), [("o.json", "{"), ("o.yml", "version: 1"), ("o.toml", "version = 1")]
)
def test_export_takes_the_format_from_the_output_suffix(
    capsys: pytest.CaptureFixture[str], output: str, first: str
) -> None:
    Path("org.yaml").write_text(GOOD)
    code, _, _ = run(capsys, "export", "org.yaml", "-o", output)
    assert code == 0
    assert (
        Path(output).read_text().lstrip("# \n").startswith(first[:1])
        or first in Path(output).read_text()
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "yaml", "-o", "x.json"], "suffix says json"),
        (["-o", "x.txt"], "needs --to FORMAT"),
        ([], "needs --to FORMAT"),
    ],
)
def test_export_refuses_a_format_it_cannot_tell_or_that_contradicts_the_suffix(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    Path("org.yaml").write_text(GOOD)
    code, _, err = run(capsys, "export", "org.yaml", *argv)
    assert code == 2
    assert message in err
    assert not Path("x.json").exists()


# --- hostile baselines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"distauth-baseline": true, "findings": []}',
        '{"distauth-baseline": 1, "findings": [["x"]]}',
        '{"distauth-baseline": 1, "findings": [{"fingerprint": 1, "code": "DA101", "file": "x"}]}',
        '{"distauth-baseline": 1, "findings": [{"fingerprint": "f", "code": "DA101", "file": "x",'
        ' "subjects": "ops"}]}',
        '{"distauth-baseline": 1, "findings": [{"fingerprint": "f", "code": "DA101", "file": "x",'
        ' "subjects": [1]}]}',
        "\udcff",
    ],
)
def test_a_hostile_baseline_is_a_clean_error(capsys: pytest.CaptureFixture[str], text: str) -> None:
    Path("org.yaml").write_text(GOOD)
    Path("base.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    code, _, err = run(capsys, "validate", "org.yaml", "--baseline", "base.json", "--on", ON)
    assert code == 2
    assert err.startswith("distauth: error: base.json")


@needs_fifo
def test_a_fifo_as_baseline_is_refused_not_waited_for(capsys: pytest.CaptureFixture[str]) -> None:
    Path("org.yaml").write_text(GOOD)
    os.mkfifo("base.json")
    code, _, err = run(capsys, "validate", "org.yaml", "--baseline", "base.json")
    assert code == 2
    assert "FIFO" in err
