"""What every format shares: UTF-8 only, no NUL, CRLF, the size limit, files and suffixes."""

from __future__ import annotations

from pathlib import Path

import pytest

import distauth as da
from distauth.files import FileProblem, dump, load, loads
from tests.helpers import load_error, problem

FORMATS = ["yaml", "json", "toml"]
MINIMAL = {"yaml": "version: 1\nname: Acme\n", "json": '{"version": 1, "name": "Acme"}\n',
           "toml": 'version = 1\nname = "Acme"\n'}  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_utf8_bom_is_skipped(fmt: str) -> None:
    assert loads(b"\xef\xbb\xbf" + MINIMAL[fmt].encode(), fmt).name == "Acme"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bom_in_a_str_is_skipped(fmt: str) -> None:
    assert loads("\ufeff" + MINIMAL[fmt], fmt).name == "Acme"


@pytest.mark.parametrize("fmt", FORMATS)
def test_utf16_with_a_bom_is_refused(fmt: str) -> None:
    line, column, path, message = problem(MINIMAL[fmt].encode("utf-16"), fmt)
    assert (line, column, path) == (1, 1, "")
    assert "UTF-16" in message


@pytest.mark.parametrize("fmt", FORMATS)
def test_utf16_without_a_bom_is_refused(fmt: str) -> None:
    assert "UTF-16" in problem(MINIMAL[fmt].encode("utf-16-le"), fmt)[3]


def test_utf32_is_refused() -> None:
    assert "UTF-32" in problem(MINIMAL["yaml"].encode("utf-32"))[3]


@pytest.mark.parametrize("fmt", FORMATS)
def test_invalid_utf8_names_the_byte_and_its_line(fmt: str) -> None:
    data = MINIMAL[fmt].encode().replace(b"Acme", b"Ac\xffme")
    line, _col, path, message = problem(data, fmt)
    assert (line, path) == (MINIMAL[fmt].count("\n", 0, MINIMAL[fmt].index("Acme")) + 1, "")
    assert message.startswith("invalid UTF-8: byte 0xff at offset")


def test_invalid_utf8_offsets_count_the_bom() -> None:
    assert problem(b"\xef\xbb\xbfversion: \xc3\n")[3] == "invalid UTF-8: byte 0xc3 at offset 12"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_nul_byte_is_refused(fmt: str) -> None:
    data = MINIMAL[fmt].encode().replace(b"Acme", b"Ac\x00me")
    line, column, _path, message = problem(data, fmt)
    assert line == MINIMAL[fmt].count("\n", 0, MINIMAL[fmt].index("Acme")) + 1
    assert message.startswith("NUL character at offset")
    assert column is not None


def test_a_lone_surrogate_in_a_str_is_refused() -> None:
    assert problem("version: 1\nname: \ud800\n")[:2] == (2, 7)


@pytest.mark.parametrize("fmt", FORMATS)
def test_crlf_line_ends_are_fine(fmt: str) -> None:
    text = MINIMAL[fmt].replace("\n", "\r\n")
    assert loads(text.encode(), fmt).name == "Acme"


def test_crlf_keeps_line_numbers() -> None:
    exc = load_error(b"version: 1\r\nname: x\r\nnmae: y\r\n")
    assert exc.errors[0].line == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", FORMATS)
def test_input_over_the_size_limit_is_refused(fmt: str) -> None:
    data = MINIMAL[fmt].encode()
    assert "larger than the limit of 10 bytes" in problem(data, fmt, max_bytes=10)[3]
    assert "larger than the limit" in problem(data.decode(), fmt, max_bytes=10)[3]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_bytes(b"version: 1\nname: " + b"x" * 1000 + b"\n")
    with pytest.raises(da.OrgFileError, match="larger than the limit of 100 bytes"):
        load(path, max_bytes=100)


def test_multibyte_text_counts_in_bytes() -> None:
    text = "version: 1\nname: " + "é" * 20 + "\n"  # 37 characters, 57 bytes
    assert "larger than the limit" in problem(text, max_bytes=50)[3]


def test_a_missing_file_is_an_org_file_error(tmp_path: Path) -> None:
    with pytest.raises(da.OrgFileError, match="cannot read the file"):
        load(tmp_path / "nope.yaml")


def test_a_directory_is_an_org_file_error(tmp_path: Path) -> None:
    folder = tmp_path / "org.yaml"
    folder.mkdir()
    with pytest.raises(da.OrgFileError):
        load(folder)


@pytest.mark.parametrize("suffix", [".txt", "", ".yaml.bak"])
def test_an_unknown_suffix_is_refused_by_name(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"org{suffix}"
    path.write_text(MINIMAL["yaml"])
    with pytest.raises(da.OrgFileError, match="cannot tell the format from the suffix"):
        load(path)


def test_the_format_argument_overrides_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "org.txt"
    path.write_text(MINIMAL["json"])
    assert load(path, format="json").name == "Acme"


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml", ".YAML"])
def test_every_suffix_loads(tmp_path: Path, suffix: str) -> None:
    org = da.Org(name="Acme")
    path = tmp_path / f"org{suffix}"
    dump(org, path)
    assert load(path) == org


def test_an_unknown_format_name_is_an_org_file_error() -> None:
    with pytest.raises(da.OrgFileError, match="unknown format 'xml'"):
        loads("<org/>", "xml")


def test_messages_name_the_file_given() -> None:
    with pytest.raises(da.OrgFileError) as info:
        loads("version: 2\n", source="teams/org.yaml")
    assert str(info.value).startswith("teams/org.yaml:1:")


def test_the_default_source_is_string() -> None:
    with pytest.raises(da.OrgFileError) as info:
        loads("version: 2\n")
    assert str(info.value).startswith("<string>:1:")


def test_an_org_file_error_is_a_value_error_listing_file_problems() -> None:
    exc = load_error("version: 1\nname: [x]\nnmae: y\n")
    assert isinstance(exc, ValueError)
    assert all(isinstance(p, FileProblem) for p in exc.errors)
    assert str(exc).splitlines() == [str(p) for p in exc.errors]
    assert len(exc.errors) == 2


def test_file_problems_are_frozen_values() -> None:
    problem_ = FileProblem("org.yaml", 1, 2, "name", "bad")
    with pytest.raises(AttributeError):
        problem_.line = 3  # type: ignore[misc]
    assert problem_ == FileProblem("org.yaml", 1, 2, "name", "bad")


def test_a_path_that_is_no_path_is_an_org_file_error() -> None:
    with pytest.raises(da.OrgFileError, match="expected a file path, got int"):
        load(3)  # type: ignore[arg-type]


def test_importing_the_package_does_not_import_the_parsers() -> None:
    import subprocess
    import sys

    code = (
        "import sys, distauth.files; "
        "print(sorted(m for m in ('yaml', 'cattrs', 'tomli_w', 'tomllib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_loading_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    gc.disable()
    try:
        loads(MINIMAL["yaml"])
        assert not gc.isenabled()
    finally:
        gc.enable()
    loads(MINIMAL["yaml"])
    assert gc.isenabled()


def test_a_failed_load_leaves_the_garbage_collector_on() -> None:
    import gc

    load_error("version: 2\n")
    assert gc.isenabled()
