"""Each rule fires on a minimal bad org, names the right subjects, and is silent once fixed.

Plus the machinery: selection by code or prefix, per-area ignores, config, custom rules and the
report's API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import attrs
import pytest

import distauth as da
from tests.conftest import DAY

Fix = Callable[[da.Org], None]


def base() -> da.Org:
    """A tiny clean org: co > ops, each with a DRI, advisors and a purpose."""
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Area("co", purpose="Run the company", advisors=("bo",)),
        da.Area("ops", parent="co", purpose="Run operations", advisors=("ana",)),
        da.DRI("co", "ana"),
        da.DRI("ops", "bo"),
    )
    return org


def codes_and_subjects(org: da.Org, code: str, **kw: object) -> set[tuple[str, ...]]:
    report = da.validate(org, select=[code], on=DAY, **kw)  # type: ignore[arg-type]
    assert all(f.code == code for f in report)
    return {f.subjects for f in report}


@attrs.frozen
class Case:
    code: str
    breaks: Fix
    fix: Fix
    subjects: set[tuple[str, ...]]


def _do(*steps: Callable[[da.Org], None]) -> Fix:
    def run(org: da.Org) -> None:
        for step in steps:
            step(org)

    return run


def _set(entity: da.Person | da.Area | da.Role) -> Fix:
    return lambda org: org.replace(entity)


def _add(*items: da.Person | da.Area | da.Role | da.DRI | da.Absence | da.DecisionRecord) -> Fix:
    return lambda org: org.add(*items)


def _rm(item: str | da.DRI) -> Fix:
    return lambda org: org.remove(item)


OPS = {"parent": "co", "purpose": "Run operations", "advisors": ("ana",)}

CASES = [
    Case("DA101", _rm(da.DRI("ops", "bo")), _add(da.DRI("ops", "bo")), {("ops",)}),
    Case("DA102", _add(da.DRI("ops", "ana")), _rm(da.DRI("ops", "ana")), {("ops", "ana", "bo")}),
    Case(
        "DA103",
        _do(_rm(da.DRI("ops", "bo")), _add(da.DRI("ops", "b0"))),
        _add(da.Person("b0")),
        {("ops", "b0")},
    ),
    Case(
        "DA104",
        _set(da.Person("bo", active=False)),
        _set(da.Person("bo")),
        {("ops", "bo")},
    ),
    Case(
        "DA105",
        _do(
            _rm(da.DRI("ops", "bo")),
            _add(da.Role("lead", holders=("ana", "bo")), da.DRI("ops", "lead")),
        ),
        _set(da.Role("lead", holders=("bo",))),
        {("ops", "lead")},
    ),
    Case(
        "DA106",
        _do(
            _rm(da.DRI("ops", "bo")),
            _add(da.Role("team", holders=("ana", "bo"), collective=True), da.DRI("ops", "team")),
        ),
        _do(_rm(da.DRI("ops", "team")), _add(da.DRI("ops", "bo"))),
        {("ops", "team")},
    ),
    Case(
        "DA107",
        _set(da.Person("bo", kind="bot")),
        _set(da.Person("bo")),
        {("ops", "bo")},
    ),
    Case(
        "DA201",
        _set(da.Area("ops", **{**OPS, "parent": "c0"})),  # type: ignore[arg-type]
        _set(da.Area("ops", **OPS)),  # type: ignore[arg-type]
        {("ops", "c0")},
    ),
    Case(
        "DA202",
        _set(da.Area("co", parent="ops", purpose="x", advisors=("bo",))),
        _set(da.Area("co", purpose="x", advisors=("bo",))),
        {("co", "ops")},
    ),
    Case(
        "DA203",
        _set(da.Area("ops", **{**OPS, "parent": "ana"})),  # type: ignore[arg-type]
        _set(da.Area("ops", **OPS)),  # type: ignore[arg-type]
        {("ops", "ana")},
    ),
    Case(
        "DA204",
        _do(_set(da.Person("ana", handles=("@ana",))), _set(da.Person("bo", handles=("@ANA",)))),
        _set(da.Person("bo", handles=("@bo",))),
        {("ana", "bo")},
    ),
    Case(
        "DA301",
        _add(
            da.Area("events", scopes=["budget:*/events"]),
            da.Area("marketing", scopes=["budget:marketing/**"]),
        ),
        _set(da.Area("events", scopes=["budget:sales/events"])),
        {("events", "marketing")},
    ),
    Case(
        "DA302",
        _add(
            da.Area("fin", scopes=["finance/**"]),
            da.Area("bill", parent="fin", scopes=["finance/billing/**", "billing/**"]),
        ),
        _set(da.Area("bill", parent="fin", scopes=["finance/billing/**"])),
        {("bill", "fin")},
    ),
    Case(
        "DA303",
        lambda org: setattr(org, "resources", ["hr/handbook"]),
        _add(da.Area("hr", scopes=["hr/**"])),
        {("hr/handbook",)},
    ),
    Case(
        "DA401",
        _set(da.Area("co", escalates_to="ops", purpose="x", advisors=("bo",))),
        _set(da.Area("co", purpose="x", advisors=("bo",))),
        {("co", "ops")},
    ),
    Case(
        "DA402",
        _rm(da.DRI("co", "ana")),
        _add(da.DRI("co", "ana")),
        {("ops", "co")},
    ),
    Case(
        "DA403",
        _add(
            da.Area("sales", parent="co", purpose="Sell", advisors=("ana",), escalates_to="ops"),
            da.DRI("sales", "ana"),
        ),
        _set(da.Area("sales", parent="co", purpose="Sell", advisors=("ana",), escalates_to="co")),
        {("sales", "ops")},
    ),
    Case(
        "DA404",
        _do(_rm(da.DRI("ops", "bo")), _add(da.DRI("ops", "ana"))),
        _do(_rm(da.DRI("ops", "ana")), _add(da.DRI("ops", "bo"))),
        {("ops", "ana")},
    ),
    Case(
        "DA501",
        _add(
            *[da.Area(f"t{i}", parent="co", purpose="x", advisors=("ana",)) for i in range(10)],
            *[da.DRI(f"t{i}", "bo") for i in range(10)],
        ),
        _rm(da.DRI("t0", "bo")),
        {("bo",)},
    ),
    Case(
        "DA502",
        _set(da.Area("ops", parent="co", purpose="Run operations")),
        _set(da.Area("ops", **OPS)),  # type: ignore[arg-type]
        {("ops",)},
    ),
    Case(
        "DA503",
        _set(da.Area("ops", parent="co", advisors=("ana",), purpose="  ")),
        _set(da.Area("ops", **OPS)),  # type: ignore[arg-type]
        {("ops",)},
    ),
    Case(
        "DA504",
        _do(_rm(da.DRI("ops", "bo")), _add(da.DRI("ops", "bo", end=DAY + dt.timedelta(days=9)))),
        _add(da.DRI("ops", "ana", start=DAY + dt.timedelta(days=9))),
        {("ops", "bo")},
    ),
    Case(
        "DA505",
        _add(da.Absence("bo", start=DAY, end=DAY + dt.timedelta(days=7))),
        _set(da.Area("ops", deputy="ana", **OPS)),  # type: ignore[arg-type]
        {("ops", "bo")},
    ),
    Case(
        "DA506",
        # ana runs the company and two areas right under it: if she left, nobody would decide.
        _add(
            *[da.Area(f"t{i}", parent="co", purpose="x", advisors=("bo",)) for i in range(2)],
            *[da.DRI(f"t{i}", "ana") for i in range(2)],
        ),
        _set(da.Area("t0", parent="co", purpose="x", advisors=("bo",), deputy="bo")),
        {("ana",)},
    ),
]


def _decision(**kw: object) -> da.DecisionRecord:
    fields: dict[str, object] = {"title": "T", "date": DAY, "area": "ops", "decided_by": ("bo",)}
    return da.DecisionRecord("d1", **{**fields, **kw})  # type: ignore[arg-type]


def _decide(**kw: object) -> Fix:
    return lambda org: org.add(_decision(**kw))


def _redecide(**kw: object) -> Fix:
    return lambda org: org.replace(_decision(**kw))


CASES += [
    Case("DA601", _decide(decided_by=("ana",)), _redecide(), {("d1", "ops", "ana")}),
    Case(
        "DA602",
        _decide(area="co", decided_by=("ana",)),
        _redecide(area="co", decided_by=("ana",), consulted=("bo",)),
        {("d1", "co", "bo")},
    ),
    Case(
        "DA603",
        _do(
            _set(da.Area("ops", **{**OPS, "scopes": ("infra/**",)})),  # type: ignore[arg-type]
            _add(da.Area("web", scopes=("infra/web/**",)), da.DRI("web", "ana")),
            _decide(area=None, resources=("infra/web/x",)),
        ),
        _redecide(area=None, resources=("infra/db",)),
        {("d1", "ops", "web")},
    ),
    Case(
        "DA604",
        _decide(area=None, resources=("infra/db",)),
        _set(da.Area("ops", **{**OPS, "scopes": ("infra/**",)})),  # type: ignore[arg-type]
        {("d1", "infra/db")},
    ),
    Case(
        "DA605",
        _decide(dissent=("ana",)),
        _redecide(dissent=("ana",), rationale="R"),
        {("d1", "ana")},
    ),
    Case(
        "DA606",
        _do(_add(da.Person("bot", kind="bot")), _decide(decided_by=("bot",))),
        _redecide(decided_by=("bot", "bo")),
        {("d1", "bot")},
    ),
    Case(
        "DA607",
        _decide(consulted=("Zed",)),
        _add(da.Person("zed", handles=("Zed",))),
        {("d1", "Zed")},
    ),
    Case(
        "DA608",
        _decide(status="superseded by d2"),
        _add(da.DecisionRecord("d2", title="T2", date=DAY, area="ops", decided_by=("bo",))),
        {("d1", "d2")},
    ),
    Case("DA609", _decide(area=None), _redecide(), {("d1",)}),
]


def test_the_base_org_is_clean() -> None:
    assert list(da.validate(base(), on=DAY)) == []


def test_every_rule_has_a_case() -> None:
    # DA304 reads the run's inventory, not the org: its cases are in tests/test_inventory.py.
    assert {c.code for c in CASES} == set(da.RULES) - {"DA304"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_rule_fires_on_a_minimal_bad_org_and_names_its_subjects(case: Case) -> None:
    org = base()
    case.breaks(org)
    assert codes_and_subjects(org, case.code) == case.subjects


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_rule_is_silent_once_the_org_is_fixed(case: Case) -> None:
    org = base()
    case.breaks(org)
    case.fix(org)
    assert codes_and_subjects(org, case.code) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_findings_carry_the_rule_name_severity_and_a_message_naming_subjects(case: Case) -> None:
    org = base()
    case.breaks(org)
    (finding,) = da.validate(org, select=[case.code], on=DAY)
    rule = da.RULES[case.code]
    assert (finding.rule, finding.severity) == (rule.name, rule.severity)
    assert all(repr(s) in finding.message for s in finding.subjects)


def test_dri_rules_ignore_assignments_that_ended() -> None:
    org = base()
    org.add(da.DRI("ops", "ghost", end=DAY), da.DRI("ops", "ana", end=DAY))
    assert codes_and_subjects(org, "DA1") == set()


def test_dri_rules_judge_assignments_still_to_come_from_their_first_day() -> None:
    org = base()
    start = DAY + dt.timedelta(days=400)
    org.add(da.DRI("ops", "ghost", start=start))
    assert codes_and_subjects(org, "DA103") == set()
    ahead = da.validate(org, select=["DA103"], on=DAY, until=start + dt.timedelta(days=1))
    assert [(f.subjects, f.since) for f in ahead] == [(("ops", "ghost"), start)]


def test_inactive_person_behind_a_role_is_reported() -> None:
    org = base()
    org.replace(da.Person("bo", active=False))
    org.remove(da.DRI("ops", "bo"))
    org.add(da.Role("lead", holders=("bo",)), da.DRI("ops", "lead"))
    (finding,) = da.validate(org, select=["DA104"], on=DAY)
    assert finding.subjects == ("ops", "bo")
    assert "through role 'lead'" in finding.message


def test_dri_naming_an_area_is_a_wrong_kind_reference() -> None:
    org = base()
    org.add(da.DRI("ops", "co"))
    assert ("ops", "co") in codes_and_subjects(org, "DA203")


def test_dri_of_an_unknown_area_is_an_unknown_reference() -> None:
    org = base()
    org.add(da.DRI("nowhere", "ana"))
    assert codes_and_subjects(org, "DA201") == {("ana", "nowhere")}


def test_every_kind_of_reference_is_checked() -> None:
    org = base()
    org.add(
        da.Area("x", parent="p0", escalates_to="e0", advisors=("a0",), informed=("i0",)),
        da.Role("r", area="ar0", holders=("h0",)),
    )
    assert codes_and_subjects(org, "DA201") == {
        ("x", "p0"), ("x", "e0"), ("x", "a0"), ("x", "i0"), ("r", "ar0"), ("r", "h0"),
    }  # fmt: skip


def test_wrong_kinds_for_every_reference() -> None:
    org = base()
    org.add(
        da.Area("x", parent="ana", escalates_to="bo", advisors=("co",), informed=("ops",)),
        da.Role("r", area="ana", holders=("co",)),
    )
    assert codes_and_subjects(org, "DA203") == {
        ("x", "ana"), ("x", "bo"), ("x", "co"), ("x", "ops"), ("r", "ana"), ("r", "co"),
    }  # fmt: skip


def test_a_self_parent_is_a_cycle_of_one() -> None:
    org = base()
    org.replace(da.Area("ops", parent="ops", purpose="x", advisors=("ana",)))
    assert codes_and_subjects(org, "DA202") == {("ops",)}


def test_a_pure_parent_cycle_is_not_an_escalation_cycle() -> None:
    org = base()
    org.replace(da.Area("co", parent="ops", purpose="x", advisors=("bo",)))
    assert codes_and_subjects(org, "DA401") == set()


def test_escalating_to_an_area_below_a_parent_cycle() -> None:
    org = base()
    org.add(
        da.Area("a", parent="b"), da.Area("b", parent="a"), da.Area("c", parent="a"),
        da.Area("d", parent="c", escalates_to="b"), da.Area("e", parent="c", escalates_to="d"),
    )  # fmt: skip
    # b is an ancestor of d through the cycle; d is not an ancestor of e's sibling chain.
    assert codes_and_subjects(org, "DA403") == {("e", "d")}


def test_no_independent_escalation_needs_a_step_above() -> None:
    org = da.Org()
    org.add(da.Person("ana"), da.Area("solo"), da.DRI("solo", "ana"))
    assert codes_and_subjects(org, "DA404") == set()


def test_no_independent_escalation_on_an_escalation_cycle_of_one_person() -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Area("a", escalates_to="b"),
        da.Area("b", escalates_to="a"),
        da.DRI("a", "ana"),
        da.DRI("b", "ana"),
    )
    assert codes_and_subjects(org, "DA404") == {("a", "ana"), ("b", "ana")}


def test_handover_with_a_successor_is_fine_and_renewal_counts() -> None:
    org = base()
    org.remove(da.DRI("ops", "bo"))
    end = DAY + dt.timedelta(days=5)
    org.add(da.DRI("ops", "bo", end=end), da.DRI("ops", "bo", start=end))
    assert codes_and_subjects(org, "DA504") == set()


def test_handover_outside_the_horizon_is_not_reported() -> None:
    org = base()
    org.remove(da.DRI("ops", "bo"))
    org.add(da.DRI("ops", "bo", end=DAY + dt.timedelta(days=31)))
    assert codes_and_subjects(org, "DA504") == set()
    config = da.Config(handover_horizon_days=40)
    assert codes_and_subjects(org, "DA504", config=config) == {("ops", "bo")}


def test_max_areas_per_person_is_configurable() -> None:
    org = base()
    assert codes_and_subjects(org, "DA501", config=da.Config(max_areas_per_person=0)) == {
        ("ana",),
        ("bo",),
    }


# --- selection, suppression, config --------------------------------------------------------------


def broken() -> da.Org:
    org = base()
    org.remove(da.DRI("ops", "bo"))
    org.replace(da.Area("co", purpose="", advisors=("bo",)))
    return org


def codes(report: da.Report) -> list[str]:
    return [f.code for f in report]


def test_select_and_ignore_take_codes_and_prefixes() -> None:
    org = broken()
    assert codes(da.validate(org, on=DAY)) == ["DA101", "DA503"]
    assert codes(da.validate(org, select=["DA5"], on=DAY)) == ["DA503"]
    assert codes(da.validate(org, ignore=["DA1"], on=DAY)) == ["DA503"]
    assert codes(da.validate(org, select="DA101,DA503", ignore="DA503", on=DAY)) == ["DA101"]


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(da.UnknownRuleError, match="'DA999'"):
        da.validate(base(), select=["DA999"])
    with pytest.raises(da.UnknownRuleError, match="ignore"):
        da.validate(base(), ignore=["XX"])
    org = base()
    with pytest.raises(da.UnknownRuleError, match=r"ignores\['ops'\]"):
        org.ignores = {"ops": ["DA9"]}
    with pytest.raises(da.UnknownRuleError, match="ignores for 'ops'"):
        da.validate(org, config=da.Config(per_area_ignores={"ops": ["DA9"]}))


def test_config_selection_and_extend_select() -> None:
    org = broken()
    config = da.Config(select=["DA1"], extend_select=["DA503"])
    assert codes(da.validate(org, config=config, on=DAY)) == ["DA101", "DA503"]
    assert codes(da.validate(org, config=da.Config(ignore=["DA101"]), on=DAY)) == ["DA503"]


def test_per_area_ignores_from_the_org_and_the_config() -> None:
    org = broken()
    org.ignores = {"ops": ["DA1"]}
    assert codes(da.validate(org, on=DAY)) == ["DA503"]
    config = da.Config(per_area_ignores={"co": ["DA503"]})
    assert codes(da.validate(org, on=DAY, config=config)) == []


def test_config_checks_its_numbers() -> None:
    with pytest.raises(da.InvalidValueError):
        da.Config(max_areas_per_person=-1)
    with pytest.raises(da.InvalidTypeError):
        da.Config(handover_horizon_days="30")  # type: ignore[arg-type]


def test_findings_get_the_location_of_their_subject() -> None:
    org = broken()
    loc = da.Location(file="org.yaml", line=7, column=3)
    org.set_location("ops", loc)
    (finding,) = da.validate(org, select=["DA101"], on=DAY)
    assert finding.location == loc


# --- custom rules ---------------------------------------------------------------------------


@pytest.fixture
def custom_rule() -> Iterator[str]:
    @da.rule("XY100", "short-purpose", "warning", "purpose under fifteen characters")
    def check(org: da.Org, ctx: da.CheckContext) -> Iterator[da.Finding]:
        for area in org.areas.values():
            if len(area.purpose) < 15:
                yield ctx.finding("XY100", f"area {area.id!r}: short purpose", [area.id])

    yield "XY100"
    da.RULES.unregister("XY100")


def test_custom_rules_run_with_the_builtin_ones(custom_rule: str) -> None:
    report = da.validate(base(), on=DAY)
    assert [(f.code, f.subjects, f.severity) for f in report] == [
        ("XY100", ("ops",), da.Severity.WARNING)
    ]
    assert not report.failed
    assert not report.strict_ok


def test_a_rule_code_cannot_be_taken_twice(custom_rule: str) -> None:
    with pytest.raises(da.InvalidValueError, match="already taken"):
        da.rule("XY100", "other", "info", "x")(lambda org, ctx: iter(()))


def test_rule_codes_must_look_like_codes() -> None:
    with pytest.raises(da.InvalidValueError):
        da.rule("bad code", "x", "info", "x")(lambda org, ctx: iter(()))


def test_entry_point_plugins_are_loaded_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    from distauth.rules._core import _Registry

    def check(org: da.Org, ctx: da.CheckContext) -> Iterator[da.Finding]:
        yield from ()

    plugin = da.Rule("PL100", "plugin", "info", "from a plugin", check)

    class EntryPoint:
        def load(self) -> da.Rule:
            return plugin

    calls: list[str] = []

    def fake_entry_points(group: str) -> list[EntryPoint]:
        calls.append(group)
        return [EntryPoint()]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    registry = _Registry()
    assert calls == []
    assert "PL100" in list(registry)
    assert calls == ["distauth.rules"]


# --- the report -----------------------------------------------------------------------------------


def test_report_groups_counts_and_serialises() -> None:
    report = da.validate(broken(), on=DAY)
    assert not report.ok
    assert list(report.by_code()) == ["DA101", "DA503"]
    assert list(report.by_subject()) == ["co", "ops"]
    assert report.counts() == {"error": 1, "warning": 0, "info": 1}
    assert [f.code for f in report.errors] == ["DA101"]
    assert report.warnings == ()
    assert [f.code for f in report.infos] == ["DA503"]
    data = report.to_dict()
    assert data["ok"] is False
    assert data["findings"][0]["severity"] == "error"
    assert bool(da.Report(())) is True
    assert str(report).splitlines()[-1] == "1 error, 0 warnings, 1 info"


def test_report_order_is_deterministic() -> None:
    a = da.validate(broken(), on=DAY)
    b = da.validate(broken(), on=DAY)
    assert a == b
    assert a.findings == tuple(sorted(a.findings, key=da.Finding.sort_key))


def test_severity_is_a_str_enum() -> None:
    assert da.Severity("warning") is da.Severity.WARNING
    assert da.Severity.ERROR.value == "error"
    assert str(da.Severity.ERROR) == "error"
    assert da.Severity.ERROR.rank > da.Severity.WARNING.rank > da.Severity.INFO.rank


# --- authority ------------------------------------------------------------------------------


def test_overlap_with_an_ancestor_is_delegation_not_a_conflict() -> None:
    org = da.Org()
    org.add(
        da.Area("fin", scopes=["finance/**"]),
        da.Area("bill", parent="fin", scopes=["finance/billing/**"]),
    )
    assert codes_and_subjects(org, "DA301") == set()


def test_overlap_message_names_both_scopes_and_a_shared_resource() -> None:
    org = da.Org()
    org.add(
        da.Area("a", scopes=["repo:src/*.py", "docs/**"]),
        da.Area("b", scopes=["repo:src/test_*", "docs/api/**"]),
    )
    (finding,) = da.validate(org, select=["DA301"], on=DAY)
    assert finding.subjects == ("a", "b")
    assert "(and 1 more overlapping scope pairs)" in finding.message
    assert "both claim" in finding.message


def test_scope_outside_parent_skips_unscoped_levels() -> None:
    org = da.Org()
    org.add(
        da.Area("fin", scopes=["finance/**"]),
        da.Area("mid", parent="fin"),
        da.Area("bill", parent="mid", scopes=["billing/**"]),
    )
    assert codes_and_subjects(org, "DA302") == {("bill", "fin")}


def test_scope_outside_parent_needs_a_single_covering_scope() -> None:
    org = da.Org()
    org.add(
        da.Area("fin", scopes=["finance/a/**", "finance/b/**"]),
        da.Area("bill", parent="fin", scopes=["finance/*/x"]),
    )
    (finding,) = da.validate(org, select=["DA302"], on=DAY)
    assert "for example 'finance/" in finding.message


def test_scope_rules_survive_parent_cycles() -> None:
    org = da.Org()
    org.add(
        da.Area("a", parent="b", scopes=["x/**"]),
        da.Area("b", parent="a", scopes=["x/y/**"]),
        da.Area("c", parent="a", scopes=["z/**"]),
    )
    # a and b are on the cycle (left to DA202); c hangs below it, where "its ancestor" means
    # nothing until the cycle is broken: one DA202, not a DA302 per area below the loop.
    assert codes_and_subjects(org, "DA302") == set()
    assert codes_and_subjects(org, "DA301") == set()
    assert codes_and_subjects(org, "DA202") == {("a", "b")}
    org.replace(da.Area("a", scopes=["x/**"]))  # the loop broken: c is judged against a
    assert codes_and_subjects(org, "DA302") == {("c", "a")}


def test_uncovered_resources_carry_their_location() -> None:
    org = da.Org(resources=["hr/handbook"])
    loc = da.Location(file="org.yaml", line=30, column=5)
    org.set_location("hr/handbook", loc)
    (finding,) = da.validate(org, select=["DA303"], on=DAY)
    assert finding.location == loc
