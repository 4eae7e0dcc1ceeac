"""YAML loading: typing by field, and every hostile input refused with its line and path."""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da
from distauth.files import FileProblem, loads
from tests.helpers import load_error, problem, problems

# --- empty and non-mapping documents -----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "---\n", "# only\n# comments\n", "\n\n", "---\n...\n"])
def test_an_empty_document_is_refused(text: str) -> None:
    line, _col, path, message = problem(text)
    assert (line, path) == (1, "")
    assert "the file is empty" in message


def test_a_top_level_scalar_is_refused() -> None:
    assert problems("just words\n") == [
        (1, "", "expected a mapping at the top level, got 'just words'")
    ]


def test_a_top_level_list_is_refused() -> None:
    assert problems("- version: 1\n") == [
        (1, "", "expected a mapping at the top level, got a list")
    ]


def test_a_second_document_is_refused() -> None:
    line, _col, path, message = problem("version: 1\n---\nversion: 1\n")
    assert (line, path) == (2, "")
    assert "second YAML document" in message


# --- duplicate keys at every depth -------------------------------------------------------------


def test_a_duplicate_top_level_key_is_refused() -> None:
    assert problem("version: 1\nname: a\nname: b\n") == (
        3, 1, "", "duplicate key 'name' (first defined on line 2)"
    )  # fmt: skip


def test_a_duplicate_entity_id_is_refused() -> None:
    text = "version: 1\npeople:\n  ana: {}\n  bo: {}\n  ana: {name: Ana}\n"
    assert problem(text) == (5, 3, "", "duplicate key 'ana' (first defined on line 3)")


def test_a_duplicate_field_in_an_entity_is_refused() -> None:
    text = "version: 1\nareas:\n  ops:\n    name: a\n    purpose: b\n    name: c\n"
    assert problem(text)[:2] == (6, 5)
    assert "duplicate key 'name'" in problem(text)[3]


def test_a_duplicate_key_inside_a_list_item_is_refused() -> None:
    text = "version: 1\ndris:\n  - area: a\n    holder: b\n    area: c\n"
    assert problem(text)[:3] == (5, 5, "")


def test_every_duplicate_is_reported_with_the_other_problems() -> None:
    text = "version: 1\nname: a\nname: b\npeople:\n  ana: {active: maybe}\n  ana: {}\n"
    assert problems(text) == [
        (3, "", "duplicate key 'name' (first defined on line 2)"),
        (5, "people.ana.active", "expected true or false, got 'maybe'"),
        (6, "", "duplicate key 'ana' (first defined on line 5)"),
    ]


# --- keys and types ----------------------------------------------------------------------------


def test_a_misspelled_key_names_the_right_one() -> None:
    text = "version: 1\nareas:\n  billing:\n    purpose: x\n    parnet: company\n"
    assert problem(text) == (
        5, 5, "areas.billing.parnet", "unknown key 'parnet' (did you mean 'parent'?)"
    )  # fmt: skip


def test_an_unknown_top_level_key_lists_the_known_ones() -> None:
    line, _col, path, message = problem("version: 1\nteams: {}\n")
    assert (line, path) == (2, "teams")
    assert "expected one of: version, name, people" in message


def test_a_list_where_a_string_belongs() -> None:
    text = "version: 1\nareas:\n  billing:\n    parent: [company]\n"
    assert problem(text) == (4, 5, "areas.billing.parent", "expected a string, got a list")


def test_a_string_where_a_list_belongs_is_not_a_list_of_characters() -> None:
    text = "version: 1\nareas:\n  billing:\n    advisors: ana\n"
    assert problem(text) == (4, 5, "areas.billing.advisors", "expected a list, got 'ana'")


def test_a_mapping_where_a_body_belongs_is_required() -> None:
    text = "version: 1\npeople:\n  ana: Ana Ruiz\n"
    assert problem(text) == (3, 3, "people.ana", "expected a mapping, got 'Ana Ruiz'")


def test_a_list_item_of_the_wrong_type_names_its_index() -> None:
    text = "version: 1\nareas:\n  ops:\n    scopes:\n      - a/b\n      - {x: 1}\n"
    assert problem(text) == (6, 9, "areas.ops.scopes[1]", "expected a string, got a mapping")


@pytest.mark.parametrize("ident", ["Ana", "ana_", "a--b", "-a", "a.", "ana ruiz", "ñ", '""'])
def test_a_non_slug_entity_id_is_refused(ident: str) -> None:
    line, _col, path, message = problem(f"version: 1\npeople:\n  {ident}: {{}}\n")
    assert line == 3
    assert path.startswith("people")
    assert "is not a valid id" in message


def test_complex_keys_are_refused() -> None:
    assert problems("version: 1\n? [a, b]\n: c\n") == [
        (2, "", "keys must be plain strings, not mappings or lists")
    ]


# --- YAML 1.1 traps: typing by field -----------------------------------------------------------


@pytest.mark.parametrize("word", ["NO", "on", "Off", "yes", "y", "017", "1.10", "0x1F", "1e3",
                                  "2027-01-01", "12:30", "null_", ".inf"])  # fmt: skip
def test_an_unquoted_word_in_a_string_field_is_that_string(word: str) -> None:
    org = loads(f"version: 1\nname: {word}\npeople:\n  ana: {{name: {word}}}\n")
    assert org.name == word
    assert org.people["ana"].name == word


@pytest.mark.parametrize("ident", ["on", "no", "y", "017", "1.10", "true", "1e3"])
def test_ids_that_look_like_other_types_are_ids(ident: str) -> None:
    org = loads(f"version: 1\npeople:\n  {ident}: {{}}\nareas:\n  ops: {{dri: {ident}}}\n")
    assert list(org.people) == [ident]
    assert org.all_dris()[0].holder == ident


@pytest.mark.parametrize("word", ["NO", "yes", "on", "True", "1", "y"])
def test_only_true_and_false_are_booleans(word: str) -> None:
    line, _col, path, message = problem(f"version: 1\npeople:\n  ana:\n    active: {word}\n")
    assert (line, path) == (4, "people.ana.active")
    assert message == f"expected true or false, got {word!r}"


def test_a_quoted_boolean_is_a_string() -> None:
    line, _col, path, message = problem('version: 1\npeople:\n  ana: {active: "true"}\n')
    assert (line, path) == (3, "people.ana.active")
    assert "the string 'true' (quotes make a string)" in message


def test_booleans_true_and_false_load() -> None:
    org = loads("version: 1\npeople:\n  ana: {active: false}\n  bo: {active: true}\n")
    assert (org.people["ana"].active, org.people["bo"].active) == (False, True)


@pytest.mark.parametrize("value", ["~", "null", "Null", "NULL", ""])
def test_null_means_absent_for_an_optional_field(value: str) -> None:
    org = loads(f"version: 1\nname: {value}\npeople:\n  ana:\n    email: {value}\n")
    assert org.name == ""
    assert org.people["ana"].email is None


def test_a_quoted_null_is_a_string() -> None:
    assert loads('version: 1\nname: "null"\n').name == "null"


def test_an_id_spelled_null_is_a_key_or_a_quoted_value() -> None:
    org = loads('version: 1\npeople:\n  null: {}\nareas:\n  ops: {dri: "null"}\n')
    assert list(org.people) == ["null"]
    assert org.all_dris()[0].holder == "null"


def test_null_is_an_error_for_a_required_field() -> None:
    text = "version: 1\ndris:\n  - area: ops\n    holder: ~\n"
    assert problem(text) == (4, 5, "dris[0].holder", "is required but null")


def test_a_missing_required_field_points_at_its_mapping() -> None:
    text = "version: 1\ndris:\n  - area: ops\n"
    assert problem(text) == (3, 5, "dris[0].holder", "is required but missing")


def test_an_empty_body_means_all_defaults() -> None:
    org = loads("version: 1\npeople:\n  ana:\n  bo: {}\n  cy: ~\n")
    assert org.people["ana"] == da.Person("ana")
    assert set(org.people) == {"ana", "bo", "cy"}


def test_block_scalars_are_strings() -> None:
    org = loads("version: 1\nareas:\n  ops:\n    purpose: |\n      Keep\n      it up\n")
    assert org.areas["ops"].purpose == "Keep\nit up\n"


# --- versions ----------------------------------------------------------------------------------


def test_a_missing_version_is_refused() -> None:
    assert problem("name: Acme\n") == (1, 1, "version", "is required but missing")


def test_an_unsupported_version_is_refused_alone() -> None:
    line, _col, path, message = problem("version: 2\nnmae: x\n")
    assert (line, path) == (1, "version")
    assert message == "2 is not supported: this distauth reads version 1"


def test_a_quoted_version_is_refused() -> None:
    line, _col, path, message = problem('version: "1"\n')
    assert (line, path) == (1, "version")
    assert message.startswith("expected an integer, got the string '1'")


@pytest.mark.parametrize("value", ["1.0", "1_000", "0x1", "+1e0"])
def test_a_version_that_is_no_integer_is_refused_by_type(value: str) -> None:
    assert problems(f"version: {value}\n") == [
        (1, "version", f"expected an integer, got {value!r}")
    ]


def test_a_version_that_is_no_number_is_refused() -> None:
    assert problems("version: one\n") == [(1, "version", "expected an integer, got 'one'")]


# --- dates -------------------------------------------------------------------------------------


def _dri_with(field: str) -> str:
    return f"version: 1\ndris:\n  - area: ops\n    holder: ana\n    {field}\n"


def test_an_impossible_date_is_refused() -> None:
    line, _col, path, message = problem(_dri_with("start: 2027-02-30"))
    assert (line, path) == (5, "dris[0].start")
    assert message.startswith("'2027-02-30' is not a valid date")


def test_a_date_without_zero_padding_is_refused() -> None:
    assert problems(_dri_with("end: 2027-1-1")) == [
        (5, "dris[0].end", "expected a date (YYYY-MM-DD), got '2027-1-1'")
    ]


def test_a_datetime_is_not_a_date() -> None:
    assert problem(_dri_with("start: 2027-01-01T10:00:00Z"))[2] == "dris[0].start"


def test_a_number_is_not_a_date() -> None:
    assert problem(_dri_with("start: 20270101"))[2:] == (
        "dris[0].start", "expected a date (YYYY-MM-DD), got '20270101'"
    )  # fmt: skip


def test_quoted_and_unquoted_dates_load() -> None:
    org = loads(_dri_with("start: '2027-01-01'\n    end: 2027-02-01"))
    (dri,) = org.all_dris()
    assert (dri.start, dri.end) == (dt.date(2027, 1, 1), dt.date(2027, 2, 1))


def test_an_end_before_the_start_is_refused() -> None:
    assert problem(_dri_with("start: 2027-02-01\n    end: 2027-01-01")) == (
        6, 5, "dris[0].end", "end 2027-01-01 must be after start 2027-02-01"
    )  # fmt: skip


# --- anchors, aliases, merge keys, tags --------------------------------------------------------


def test_an_anchor_is_refused() -> None:
    assert problem("version: 1\nname: &n Acme\n") == (2, 7, "", "anchors are not allowed (&n)")


def test_an_alias_is_refused() -> None:
    assert problems("version: 1\npeople:\n  ana: &p {name: A}\n  bo: *p\n") == [
        (3, "", "anchors are not allowed (&p)"),
        (4, "", "aliases are not allowed (*p)"),
    ]


def test_a_merge_key_is_refused() -> None:
    text = "version: 1\npeople:\n  ana:\n    <<: {name: A}\n"
    assert problem(text)[:3] == (4, 5, "")
    assert "merge keys (<<) are not allowed" in problem(text)[3]


def test_an_alias_bomb_is_never_expanded() -> None:
    lines = ["version: 1", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghijklmnop":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join([f'*{previous}'] * 10)}]")
    exc = load_error("\n".join(lines) + "\n")  # would be 8 * 10**15 strings if expanded
    found = [p for p in exc.errors if isinstance(p, FileProblem)]
    assert all(p.message.startswith(("aliases", "anchors", "unknown key")) for p in found)
    assert found[0].line == 2


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['echo hi']", "!!str x", "!local x", "!!binary eA=="]
)
def test_explicit_tags_are_refused(tag: str) -> None:
    line, column, path, message = problem(f"version: 1\nname: {tag}\n")
    assert (line, column, path) == (2, 7, "")
    assert message.startswith("tags are not allowed")


def test_a_tag_on_a_mapping_is_refused() -> None:
    assert problem("version: 1\npeople: !!map {}\n")[:2] == (2, 9)


# --- nesting -----------------------------------------------------------------------------------


def test_deep_flow_nesting_is_refused() -> None:
    text = "version: 1\nname: " + "[" * 5000 + "]" * 5000 + "\n"
    line, _col, path, message = problem(text)
    assert (line, path) == (2, "")
    assert message == "nesting deeper than 64 levels is not allowed"


def test_moderately_deep_flow_nesting_is_refused_at_the_limit() -> None:
    text = "version: 1\nname: " + "[" * 100 + "]" * 100 + "\n"
    assert problem(text) == (2, 70, "", "nesting deeper than 64 levels is not allowed")


def test_deep_block_sequences_are_refused() -> None:
    text = "version: 1\nname:\n" + "".join(" " * i + "-\n" for i in range(1, 5001))
    line, _col, _path, message = problem(text)
    assert line == 66
    assert message == "nesting deeper than 64 levels is not allowed"


def test_deep_block_mappings_are_refused() -> None:
    text = "version: 1\nname:\n" + "".join("  " * i + "k:\n" for i in range(1, 5001))
    assert problem(text)[0] == 66


def test_nesting_up_to_the_limit_is_read() -> None:
    # 63 lists inside the top-level mapping: 64 levels, then the field says it is wrong.
    text = "version: 1\nname: " + "[" * 63 + "]" * 63 + "\n"
    assert problem(text)[2:] == ("name", "expected a string, got a list")


# --- syntax ------------------------------------------------------------------------------------


def test_a_tab_in_the_indentation_names_the_line() -> None:
    line, _col, _path, message = problem("version: 1\npeople:\n\tana: {}\n")
    assert line == 3
    assert "tab" in message


def test_an_unterminated_double_quote_names_the_line_of_the_quote() -> None:
    assert problem('version: 1\nname: "Acme\npeople: {}\n') == (
        2, 7, "", "unterminated quoted string"
    )  # fmt: skip


def test_an_unterminated_single_quote_names_the_line_of_the_quote() -> None:
    assert problem("version: 1\nareas:\n  ops: {name: 'Ops}\n")[:2] == (3, 15)


def test_an_unclosed_flow_list_is_a_syntax_error() -> None:
    line, _col, path, _message = problem("version: 1\nname: [a\n")
    assert (line, path) == (3, "")


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_raw_line_breaks_that_yaml_versions_disagree_on_are_refused(char: str) -> None:
    line, column, _path, message = problem(f"version: 1\nname: a{char}b\n")
    assert (line, column) == (2, 8)
    assert f"U+{ord(char):04X}" in message


def test_an_escaped_nel_in_double_quotes_loads() -> None:
    assert loads('version: 1\nname: "a\\Nb\\u2028c"\n').name == "a\x85b\u2028c"


def test_a_control_character_is_refused_with_its_position() -> None:
    assert problem("version: 1\nname: a\x07b\n")[:2] == (2, 8)


def test_a_yaml_directive_is_allowed() -> None:
    assert loads("%YAML 1.2\n---\nversion: 1\nname: x\n").name == "x"


# --- positions of entities -----------------------------------------------------------------------


def test_every_entity_dri_and_resource_gets_its_position() -> None:
    org = loads(
        "version: 1\n"
        "people:\n"
        "  ana: {}\n"
        "areas:\n"
        "  ops:\n"
        "    purpose: Run\n"
        "    dri: ana\n"
        "dris:\n"
        "  - {area: ops, holder: bo, start: 2030-01-01}\n"
        "resources:\n"
        "  - ops/it\n",
        source="org.yaml",
    )
    sugar, dated = sorted(org.all_dris(), key=lambda d: d.start or dt.date.min)
    assert str(org.location("ana")) == "org.yaml:3:3"
    assert str(org.location("ops")) == "org.yaml:5:3"
    assert str(org.location(sugar)) == "org.yaml:7:5"
    assert str(org.location(dated)) == "org.yaml:9:5"
    assert str(org.location("ops/it")) == "org.yaml:11:5"
