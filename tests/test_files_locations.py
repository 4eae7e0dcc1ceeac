"""Findings of an org loaded from a file point at the line of the entity concerned."""

from __future__ import annotations

import distauth as da
from distauth.files import loads

ORG = """\
version: 1
people:
  ana: {name: Ana}
areas:
  company:
    purpose: Everything
    advisors: [ana]
    dri: ana
  ops:
    parent: company
    purpose: Keep the lights on
    advisors: [ana]
  billing:
    parent: company
    purpose: Get paid
    advisors: [ana]
    dri: ana
"""


def test_a_finding_points_at_the_line_of_its_area() -> None:
    org = loads(ORG, source="org.yaml")
    report = da.validate(org, select=["DA101"])
    (finding,) = report.findings
    assert finding.subjects[0] == "ops"
    assert finding.location == da.Location(file="org.yaml", line=9, column=3)


def test_findings_point_at_lines_in_json_too() -> None:
    from distauth.files import dumps

    org = loads(dumps(loads(ORG), "json"), "json", source="org.json")
    (finding,) = da.validate(org, select=["DA101"]).findings
    assert finding.location is not None
    assert finding.location.file == "org.json"
    assert org.location("ops") == finding.location


def test_an_org_loaded_from_a_string_has_no_file_name() -> None:
    org = loads(ORG)
    location = org.location("ops")
    assert location is not None
    assert location.file is None
    assert str(location) == "<string>:9:3"
