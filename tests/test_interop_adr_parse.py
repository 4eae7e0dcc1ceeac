"""Reading one ADR's fields, with their lines and columns, in each style ADRs are written in."""

from __future__ import annotations

import datetime as dt

from distauth.interop._adr_parse import Located, parse_adr, parse_date


def values(text: str, field: str) -> list[tuple[str, int, int]]:
    return [(v.value, v.line, v.column) for v in parse_adr(text).fields.get(field, [])]


MADR2 = """\
# Use Postgres for billing

- Status: accepted
- Date: 2023-08-16
- Decision-makers: Ana Ruiz, @bo, Clément Nero

## Context and Problem Statement

We need a database.

## Decision Outcome

Chosen option: Postgres, because we know it.

More detail.
"""


def test_madr2_list_fields_have_their_lines_and_columns() -> None:
    adr = parse_adr(MADR2)
    assert adr.title == Located("Use Postgres for billing", 1, 3)
    assert values(MADR2, "status") == [("accepted", 3, 11)]
    assert values(MADR2, "date") == [("2023-08-16", 4, 9)]
    assert values(MADR2, "decided_by") == [
        ("Ana Ruiz", 5, 20),
        ("@bo", 5, 30),
        ("Clément Nero", 5, 35),
    ]


def test_the_rationale_is_the_first_paragraph_of_the_decision_outcome() -> None:
    assert parse_adr(MADR2).rationale == "Chosen option: Postgres, because we know it."


FRONT = """\
---
status: superseded by [ADR 12](0012-use-kafka.md)
date: 2024-02-01
decision-makers:
  - Ana Ruiz
  - "@bo"
consulted: Cy, Dee
informed: []
area: billing
resources: [finance/billing/invoices]
rationale: It was cheaper.
other-tool: ignored
---
# Use RabbitMQ

## Status

Accepted (this section loses to the front matter)
"""


def test_madr3_front_matter_lists_and_comma_strings() -> None:
    assert values(FRONT, "status") == [
        ("superseded by [ADR 12](0012-use-kafka.md)", 2, 9),
    ]
    assert values(FRONT, "decided_by") == [("Ana Ruiz", 5, 5), ("@bo", 6, 5)]
    assert values(FRONT, "consulted") == [("Cy", 7, 12), ("Dee", 7, 16)]
    assert values(FRONT, "informed") == []
    assert values(FRONT, "area") == [("billing", 9, 7)]
    assert values(FRONT, "resources") == [("finance/billing/invoices", 10, 13)]
    adr = parse_adr(FRONT)
    assert adr.rationale == "It was cheaper."
    assert adr.title == Located("Use RabbitMQ", 14, 3)
    assert adr.problems == []


def test_madr3_deciders_is_read_as_decision_makers() -> None:
    text = "---\ndeciders: [Ana, Bo]\ndate: 2024-01-01\n---\n# T\n"
    assert [v for v, _, _ in values(text, "decided_by")] == ["Ana", "Bo"]


NYGARD = """\
# 7. Record architecture decisions

Date: 2018-03-01

## Status

Superseded by [9. Use events](0009-use-events.md)

## Context

Some context.

```
## Status
not a heading inside a fence
```
"""


def test_nygard_status_comes_from_its_section_and_date_from_the_plain_line() -> None:
    adr = parse_adr(NYGARD)
    assert adr.title == Located("7. Record architecture decisions", 1, 3)
    assert values(NYGARD, "date") == [("2018-03-01", 3, 7)]
    assert values(NYGARD, "status") == [("Superseded by [9. Use events](0009-use-events.md)", 7, 1)]
    assert "decided_by" not in adr.fields


def test_star_bullets_and_key_case_are_accepted_and_links_read_as_their_label() -> None:
    text = "# T\n\n* status: Accepted\n* DECIDERS: [Ana](https://x.example/ana), `bo`\n"
    assert values(text, "status") == [("Accepted", 3, 11)]
    assert [v for v, _, _ in values(text, "decided_by")] == ["Ana", "bo"]


def test_list_lines_after_the_first_section_are_not_fields() -> None:
    text = "# T\n\n- Date: 2020-01-01\n\n## Options\n\n- Status: not a field here\n"
    assert "status" not in parse_adr(text).fields


def test_a_bom_and_windows_line_ends_are_read() -> None:
    text = "\ufeff# T\r\n\r\n- Date: 2020-01-01\r\n- Decision-makers: Ana\r\n"
    assert values(text, "decided_by") == [("Ana", 4, 20)]


def test_front_matter_problems_are_reported_with_their_line() -> None:
    assert parse_adr("---\nstatus: [unclosed\n---\n# T\n").problems[0][0] == 3
    assert parse_adr("---\nstatus: ok\n# T\n").problems == [
        (1, 1, "front matter starts with '---' but never ends")
    ]
    assert parse_adr("---\n- a list\n---\n# T\n").problems == [
        (2, 1, "front matter is not a mapping")
    ]
    nested = parse_adr("---\ndecision-makers: [[a]]\nstatus: {a: b}\n---\n# T\n")
    assert [(line, message) for line, _, message in nested.problems] == [
        (2, "decision-makers: expected a name"),
        (3, "status: expected a string or a list"),
    ]


def test_an_empty_front_matter_and_a_file_without_anything_parse() -> None:
    assert parse_adr("---\n---\n").fields == {}
    empty = parse_adr("")
    assert (empty.title, empty.fields, empty.rationale) == (None, {}, "")


def test_dates_must_be_real_iso_days() -> None:
    assert parse_date(Located("2024-02-29", 1, 1)) == dt.date(2024, 2, 29)
    assert parse_date(Located("'2024-02-01'", 1, 1)) == dt.date(2024, 2, 1)
    assert parse_date(Located("2023-02-29", 1, 1)) is None
    assert parse_date(Located("YYYY-MM-DD", 1, 1)) is None
    assert parse_date(Located("1 March 2024", 1, 1)) is None


def test_edge_cases_of_the_layout() -> None:
    text = (
        "---\ntitle: From the front matter\n---\n# Heading title loses\n\n"
        "- Status: accepted\n- Status: proposed\n- Reviewed-by: someone\n- Date:\n\n"
        "## Status\n\n## Context\n\n#not-a-heading\n"
    )
    adr = parse_adr(text)
    assert adr.title == Located("From the front matter", 2, 8)
    assert values(text, "status") == [("accepted", 6, 11)]
    assert "date" not in adr.fields
    empty_section = parse_adr("# T\n\n## Status\n\n## Next\n\nAccepted\n")
    assert "status" not in empty_section.fields
    assert parse_adr("# T\n\n## Decision Outcome\n").rationale == ""
