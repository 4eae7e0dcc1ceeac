"""One mistake, one finding: what follows from a finding is said in it, not again beside it.

Also: findings about an unknown id suggest the closest known one, as load errors do, and no
hint asks for something impossible (a DRI for a person, a DRI for an id that is not there).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import distauth as da
from distauth.cli import main

DAY = dt.date(2026, 12, 1)


def report(text: str, **kw: object) -> list[da.Finding]:
    org = da.loads("version: 1\n" + text, source="org.yaml")
    kwargs: dict[str, object] = {"on": DAY, "select": ["DA1", "DA2", "DA3", "DA4"], **kw}
    return list(da.validate(org, **kwargs))  # type: ignore[arg-type]


def codes(findings: list[da.Finding]) -> list[str]:
    return [f.code for f in findings]


MISSPELT_PARENT = (
    "people: {ana: {}, bo: {}}\nareas:\n  operations: {dri: ana}\n"
    "  billing: {parent: operatons, dri: bo}\n"
)


def test_a_misspelt_parent_is_one_finding_that_says_what_it_breaks() -> None:
    (finding,) = report(MISSPELT_PARENT)
    assert finding.code == "DA201"
    assert "did you mean 'operations'?" in finding.message
    assert "nowhere to escalate" in finding.message
    assert finding.hint is not None
    assert "'operations'" in finding.hint
    assert "DRI" not in finding.hint  # never "give 'operatons' a DRI": it does not exist


def test_a_person_named_as_parent_is_one_finding_with_a_possible_hint() -> None:
    text = "people: {ana: {}, bo: {}}\nareas:\n  co: {dri: bo}\n  billing: {parent: ana, dri: bo}\n"
    (finding,) = report(text)
    assert finding.code == "DA203"
    assert "nowhere to escalate" in finding.message
    assert finding.hint is not None
    assert "give 'ana' a DRI" not in finding.hint
    assert "name an area" in finding.hint


def test_dead_ends_still_reported_when_the_rule_that_says_them_does_not_run() -> None:
    (finding,) = report(MISSPELT_PARENT, select=["DA402"])
    assert finding.code == "DA402"
    assert finding.hint == "name an area that has a DRI as parent"
    (finding,) = report(MISSPELT_PARENT, select=["DA4"], ignore=None)
    assert finding.code == "DA402"


def test_a_dead_end_at_an_area_without_a_dri_is_still_its_own_finding() -> None:
    text = "people: {ana: {}}\nareas:\n  co: {}\n  ops: {parent: co, dri: ana}\n"
    assert sorted(codes(report(text))) == ["DA101", "DA402"]


def test_a_root_parent_loop_is_one_finding_not_one_per_area_below_it() -> None:
    text = (
        "people: {ana: {}, bo: {}}\nareas:\n"
        "  co: {parent: ops, dri: ana, scopes: ['co/**']}\n"
        "  ops: {parent: co, dri: bo, scopes: ['ops/**']}\n"
        "  a: {parent: co, dri: bo, scopes: ['a/**']}\n"
        "  b: {parent: ops, dri: bo, scopes: ['b/**']}\n"
        "  c: {parent: a, dri: bo, scopes: ['a/c/**']}\n"
        "  d: {parent: b, dri: bo, scopes: ['b/d/**']}\n"
    )
    found = report(text)
    assert codes(found) == ["DA202"]
    # Loop broken: the areas below are judged again.
    fixed = text.replace("{parent: ops, dri: ana", "{dri: ana")
    assert sorted((f.code, f.subjects) for f in report(fixed)) == [
        ("DA302", ("a", "co")),
        ("DA302", ("b", "ops")),
        ("DA302", ("ops", "co")),
    ]


def test_unknown_dri_and_references_suggest_a_close_id() -> None:
    text = (
        "people: {carla: {}, ana: {}}\nroles:\n  payroll-lead: {holders: [ana]}\nareas:\n"
        "  payroll: {dri: carl, advisors: [payroll-led]}\n"
        "dris:\n  - {area: payrol, holder: ana}\n"
    )
    said = {(f.code, f.subjects[-1]): f.message for f in report(text)}
    assert "did you mean 'carla'?" in said["DA103", "carl"]
    assert "did you mean 'payroll-lead'?" in said["DA201", "payroll-led"]
    assert "did you mean 'payroll'?" in said["DA201", "payrol"]


def test_no_suggestion_when_nothing_is_close() -> None:
    (finding,) = report("areas:\n  ops: {parent: zzzzzz, dri: ana}\npeople: {ana: {}}\n")
    assert "did you mean" not in finding.message


def test_an_org_file_ignore_naming_no_entity_is_a_finding() -> None:
    text = "areas:\n  ops: {}\nignore:\n  opps: [DA502]\n"
    (finding,) = report(text, select=["DA201"])
    assert finding.subjects == ("opps",)
    assert "did you mean 'ops'?" in finding.message


def test_an_ignore_naming_no_entity_is_a_finding_of_the_python_api() -> None:
    org = da.Org(ignores={"opps": ["DA502"], "ana": ["DA501"]})
    org.add(da.Area("ops"), da.Person("ana"))
    (finding,) = da.validate(org, select=["DA201"], on=DAY)
    assert finding.subjects == ("opps",)
    assert "did you mean 'ops'?" in finding.message


def test_queries_and_the_command_line_suggest_a_close_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "version: 1\npeople: {ana: {}}\nareas:\n  payroll: {dri: ana}\n  finance: {dri: ana}\n"
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    org = da.load(path)
    with pytest.raises(da.UnknownIdError, match=r"did you mean 'payroll'\?"):
        org.escalation_path("payrol")
    with pytest.raises(da.UnknownIdError, match=r"did you mean 'ana'\?"):
        org.areas_of("anaa")
    with pytest.raises(da.UnknownIdError, match=r"did you mean 'finance'\?"):
        org.entity("financ")
    for argv, close in [
        (["escalate", str(path), "payrol"], "payroll"),
        (["arbiter", str(path), "payroll", "finanse"], "finance"),
        (["whois", str(path), "anaa"], "ana"),
    ]:
        assert main(argv) == 2
        assert f"(did you mean {close!r}?)" in capsys.readouterr().err


def test_decision_records_naming_unknown_ids_suggest_a_close_one() -> None:
    text = (
        "people: {ana: {}, bo: {}}\nareas:\n  ops: {dri: ana, advisors: [bo]}\n"
        "decisions:\n  use-x: {title: Use X, date: 2026-11-01, area: opps, decided_by: [anna],"
        " consulted: [bo]}\n"
    )
    said = {f.subjects[1]: f.message for f in report(text, select=["DA607"])}
    assert "did you mean 'ops'?" in said["opps"]
    assert "did you mean 'ana'?" in said["anna"]
