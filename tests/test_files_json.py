"""JSON loading: strict types, duplicate keys, NaN, trailing commas, deep nesting, positions."""

from __future__ import annotations

import json

import pytest

from distauth.files import loads
from tests.helpers import problem, problems


def test_an_empty_file_is_refused() -> None:
    assert problems("  \n", "json") == [
        (1, "", "the file is empty: an org file is a mapping that starts with 'version: 1'")
    ]


def test_a_top_level_list_is_refused() -> None:
    assert problems('[{"version": 1}]', "json") == [
        (1, "", "expected a mapping at the top level, got a list")
    ]


def test_a_duplicate_top_level_key_is_refused() -> None:
    assert problem('{"version": 1,\n "version": 1}', "json") == (
        2, 2, "version", "duplicate key 'version' (first defined on line 1)"
    )  # fmt: skip


def test_a_duplicate_entity_id_is_refused() -> None:
    text = '{"version": 1, "people": {\n  "ana": {},\n  "ana": {"name": "A"}}}'
    assert problem(text, "json") == (
        3, 3, "people.ana", "duplicate key 'ana' (first defined on line 2)"
    )  # fmt: skip


def test_a_duplicate_field_in_an_entity_is_refused() -> None:
    text = '{"version": 1, "areas": {"ops": {\n  "name": "a",\n  "name": "b"}}}'
    assert problem(text, "json") == (3, 3, "areas.ops.name", "duplicate key 'name'")


def test_a_duplicate_key_deeper_down_is_refused() -> None:
    text = '{"version": 1, "dris": [\n  {"area": "a", "holder": "b",\n   "holder": "c"}]}'
    assert problem(text, "json") == (3, 4, "dris[0].holder", "duplicate key 'holder'")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    line, column, path, message = problem(f'{{"version": 1,\n "name": {constant}}}', "json")
    assert (line, column, path) == (2, 10, "name")
    assert message == f"{constant} is not a JSON number"


def test_a_trailing_comma_in_a_list_is_refused() -> None:
    line, column, _path, message = problem('{"version": 1, "resources": ["a/b",\n]}', "json")
    assert (line, column) == (2, 1)
    assert "trailing commas are not allowed" in message


def test_a_trailing_comma_in_an_object_is_refused() -> None:
    text = '{"version": 1, "people": {"ana": {"name": "A",}}}'
    assert "trailing commas" in problem(text, "json")[3]


def test_extra_data_after_the_object_is_refused() -> None:
    assert problem('{"version": 1}\n{}', "json")[:2] == (2, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"1"', "expected an integer, got the string '1' (quotes make a string)"),
        ("1.0", "expected an integer, got the number 1.0"),
        ("true", "expected an integer, got the boolean true"),
    ],
)
def test_the_version_must_be_the_number_1(value: str, message: str) -> None:
    assert problem(f'{{"version": {value}}}', "json") == (1, 2, "version", message)


def test_a_number_is_not_a_string() -> None:
    assert problem('{"version": 1, "name": 1.10}', "json") == (
        1, 16, "name", "expected a string, got the number 1.1"
    )  # fmt: skip


def test_a_string_is_not_a_boolean() -> None:
    line, _col, path, message = problem(
        '{"version": 1, "people": {"ana": {"active": "false"}}}', "json"
    )
    assert (line, path) == (1, "people.ana.active")
    assert "got the string 'false'" in message


def test_a_number_is_not_a_boolean() -> None:
    assert problem('{"version": 1, "people": {"ana": {"active": 0}}}', "json")[2:] == (
        "people.ana.active", "expected true or false, got the number 0"
    )  # fmt: skip


def test_a_string_is_not_a_list() -> None:
    assert problem('{"version": 1, "areas": {"ops": {"scopes": "a/**"}}}', "json")[2:] == (
        "areas.ops.scopes", "expected a list, got the string 'a/**'"
    )  # fmt: skip


def test_a_date_is_a_string_of_the_iso_form() -> None:
    text = '{"version": 1, "dris": [{"area": "a", "holder": "b", "start": 20270101}]}'
    assert problem(text, "json")[2:] == (
        "dris[0].start", "expected a date (YYYY-MM-DD), got the number 20270101"
    )  # fmt: skip


def test_json_null_means_absent() -> None:
    org = loads('{"version": 1, "name": null, "people": {"ana": null, "bo": {"email": null}}}',
                "json")  # fmt: skip
    assert org.name == ""
    assert set(org.people) == {"ana", "bo"}


def test_deep_nesting_is_refused_before_parsing() -> None:
    text = '{"version": 1,\n "name": ' + "[" * 5000 + "]" * 5000 + "}"
    line, column, path, message = problem(text, "json")
    assert (line, column, path) == (2, 73, "")
    assert message == "nesting deeper than 64 levels is not allowed"


def test_deep_nesting_of_objects_is_refused() -> None:
    text = '{"version": 1, "name": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    assert problem(text, "json")[3] == "nesting deeper than 64 levels is not allowed"


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    name = "[" * 100 + '\\"{' * 100
    assert loads(f'{{"version": 1, "name": "{name}"}}', "json").name == json.loads(f'"{name}"')


def test_a_huge_integer_is_refused_without_converting_it() -> None:
    assert problem('{"version": 1, "name": ' + "9" * 5000 + "}", "json")[2:] == (
        "name", "an integer longer than 4300 digits"
    )  # fmt: skip


def test_an_unterminated_string_names_its_line() -> None:
    assert problem('{"version": 1,\n "name": "Acme}', "json")[0] == 2


def test_every_entity_dri_and_resource_gets_its_position() -> None:
    text = (
        "{\n"
        '  "version": 1,\n'
        '  "people": {"ana": {}},\n'
        '  "areas": {\n'
        '    "ops": {"dri": "ana"}\n'
        "  },\n"
        '  "dris": [{"area": "ops", "holder": "bo", "acting": true}],\n'
        '  "resources": ["ops/it"]\n'
        "}\n"
    )
    org = loads(text, "json", source="org.json")
    acting = next(d for d in org.all_dris() if d.acting)
    sugar = next(d for d in org.all_dris() if not d.acting)
    assert str(org.location("ana")) == "org.json:3:14"
    assert str(org.location("ops")) == "org.json:5:5"
    assert str(org.location(sugar)) == "org.json:5:5"  # the area's position, in JSON
    assert str(org.location(acting)) == "org.json:7:12"
    assert str(org.location("ops/it")) == "org.json:8:17"
