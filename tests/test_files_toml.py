"""TOML loading: tomllib's refusals with their positions, strict types, best-effort positions."""

from __future__ import annotations

import datetime as dt

from distauth.files import dumps, loads
from tests.helpers import problem, problems


def test_an_empty_file_is_refused() -> None:
    assert problems("# nothing\n", "toml") == [
        (None, "", "the file is empty: an org file is a mapping that starts with 'version: 1'")
    ]


def test_a_redefined_table_is_refused() -> None:
    text = 'version = 1\n[people.ana]\nname = "A"\n[people.ana]\nname = "B"\n'
    line, _col, path, message = problem(text, "toml")
    assert (line, path) == (4, "")
    assert "Cannot declare ('people', 'ana') twice" in message


def test_a_table_redefined_after_an_inline_table_is_refused() -> None:
    assert problem("version = 1\n[people]\nana = {}\n[people.ana]\n", "toml")[0] == 4


def test_a_duplicate_key_is_refused() -> None:
    assert problem('version = 1\nname = "a"\nname = "b"\n', "toml")[:3] == (3, 11, "")


def test_a_duplicate_key_in_an_entity_is_refused() -> None:
    text = 'version = 1\n[areas.ops]\npurpose = "a"\npurpose = "b"\n'
    assert problem(text, "toml")[0] == 4


def test_a_syntax_error_names_its_line() -> None:
    assert problem('version = 1\nname = "unterminated\n', "toml")[:2] == (2, 21)


def test_a_misspelled_key_gets_the_line_of_its_table_key() -> None:
    text = 'version = 1\n[areas.ops]\npurpose = "x"\nparnet = "co"\n'
    assert problem(text, "toml") == (
        4, 1, "areas.ops.parnet", "unknown key 'parnet' (did you mean 'parent'?)"
    )  # fmt: skip


def test_a_quoted_version_is_refused() -> None:
    assert problem('version = "1"\n', "toml")[2:] == (
        "version", "expected an integer, got the string '1' (quotes make a string)"
    )  # fmt: skip


def test_a_missing_version_is_refused() -> None:
    assert problems('name = "Acme"\n', "toml") == [(None, "version", "is required but missing")]


def test_an_unsupported_version_is_refused() -> None:
    assert problems("version = 3\n", "toml") == [
        (1, "version", "3 is not supported: this distauth reads version 1")
    ]


def test_a_string_is_not_a_boolean() -> None:
    text = 'version = 1\n[people.ana]\nactive = "true"\n'
    assert problem(text, "toml")[:3] == (3, 1, "people.ana.active")


def test_a_datetime_is_not_a_date() -> None:
    text = 'version = 1\n[[dris]]\narea = "a"\nholder = "b"\nstart = 2027-01-01T10:00:00\n'
    assert problem(text, "toml") == (
        5, 1, "dris[0].start", "expected a date (YYYY-MM-DD), got the date and time "
        "2027-01-01T10:00:00"
    )  # fmt: skip


def test_a_time_is_not_a_date() -> None:
    text = 'version = 1\n[[dris]]\narea = "a"\nholder = "b"\nend = 10:30:00\n'
    assert problem(text, "toml")[2:] == ("dris[0].end", "expected a date (YYYY-MM-DD), got the "
                                         "time 10:30:00")  # fmt: skip


def test_native_and_string_dates_load() -> None:
    text = (
        'version = 1\n[[dris]]\narea = "a"\nholder = "b"\nstart = 2027-01-01\nend = "2027-02-01"\n'
    )
    (dri,) = loads(text, "toml").all_dris()
    assert (dri.start, dri.end) == (dt.date(2027, 1, 1), dt.date(2027, 2, 1))


def test_deep_arrays_are_refused_before_parsing() -> None:
    text = "version = 1\nname = " + "[" * 5000 + "]" * 5000 + "\n"
    assert problem(text, "toml") == (2, 72, "", "nesting deeper than 64 levels is not allowed")


def test_deep_dotted_keys_are_refused() -> None:
    text = "version = 1\n" + ".".join(["a"] * 100) + " = 1\n"
    assert problem(text, "toml")[3] == "nesting deeper than 64 levels is not allowed"


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    name = "[" * 100
    text = f"version = 1\nname = '{name}' # {'{' * 100}\n"
    assert loads(text, "toml").name == name


def test_entities_and_dris_get_the_lines_of_their_tables() -> None:
    text = (
        "version = 1\n"
        "[people.ana]\n"
        "[areas.ops]\n"
        'dri = "ana"\n'
        "[[dris]]\n"
        'area = "ops"\n'
        'holder = "bo"\n'
        "acting = true\n"
    )
    org = loads(text, "toml", source="org.toml")
    acting = next(d for d in org.all_dris() if d.acting)
    sugar = next(d for d in org.all_dris() if not d.acting)
    assert str(org.location("ana")) == "org.toml:2:1"
    assert str(org.location("ops")) == "org.toml:3:1"
    assert str(org.location(sugar)) == "org.toml:4:1"
    assert str(org.location(acting)) == "org.toml:5:1"


def test_dumped_toml_gives_every_dri_a_line() -> None:
    org = loads(
        "version: 1\ndris:\n  - {area: a, holder: b, acting: true}\n"
        "  - {area: a, holder: c, start: 2027-01-01}\n"
    )
    back = loads(dumps(org, "toml"), "toml", source="org.toml")
    assert sorted(back.location(d).line for d in back.all_dris()) == [3, 4]  # type: ignore[union-attr]
