"""The report and configuration API says what it means: severities order by rank, verdicts are
properties, codes are accepted in every spelling the registry accepts and then really apply,
and values that cannot work are refused with distauth's own errors.
"""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da
from distauth.rules import Finding, Report, Severity


def finding(code: str, severity: str) -> Finding:
    return Finding(code, "r", severity, "m", ("ops",))


def test_severity_orders_by_rank_not_by_alphabet() -> None:
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert Severity.ERROR >= Severity.WARNING
    assert max(Severity) is Severity.ERROR
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]
    findings = [finding("DA101", "error"), finding("DA502", "info")]
    assert [f.code for f in findings if f.severity >= Severity.WARNING] == ["DA101"]


def test_severity_compares_with_the_plain_strings_it_equals() -> None:
    assert Severity.ERROR > "warning"
    assert Severity.WARNING > "info"
    assert Severity("warning") is Severity.WARNING
    with pytest.raises(TypeError, match="cannot order"):
        _ = Severity.ERROR < "zebra"


def test_failed_is_a_property_and_the_opposite_of_ok() -> None:
    clean = Report([finding("DA501", "warning")])
    broken = Report([finding("DA101", "error")])
    assert clean.ok
    assert not clean.failed
    assert broken.failed
    assert not broken.ok
    if clean.failed:  # the trap: a bound method was always true here
        pytest.fail("a report with only a warning failed")
    assert not clean.strict_ok
    assert Report([finding("DA502", "info")]).strict_ok


def test_report_counts_read_in_good_grammar() -> None:
    report = Report([finding("DA101", "error"), finding("DA502", "info")])
    assert str(report).splitlines()[-1] == "1 error, 0 warnings, 1 info"
    two = Report([finding("DA101", "error"), Finding("DA101", "r", "error", "m", ("hr",))])
    assert str(two).splitlines()[-1] == "2 errors, 0 warnings, 0 infos"


def unowned_pair() -> da.Org:
    org = da.Org()
    org.add(da.Area("ops", purpose="p"), da.Area("hr", purpose="p"))
    return org


@pytest.mark.parametrize("spelling", ["DA101", "da101", "Da1", "unowned-area", "UNOWNED-AREA"])
def test_per_area_ignores_apply_in_every_spelling_the_registry_accepts(spelling: str) -> None:
    config = da.Config(per_area_ignores={"ops": [spelling]})
    report = da.validate(unowned_pair(), select=["DA101"], config=config, on=dt.date(2026, 1, 1))
    assert [f.subjects for f in report] == [("hr",)]


def test_rule_names_select_like_codes() -> None:
    report = da.validate(unowned_pair(), select=["unowned-area"], on=dt.date(2026, 1, 1))
    assert {f.code for f in report} == {"DA101"}
    with pytest.raises(da.UnknownRuleError, match="did you mean 'unowned-area'"):
        da.validate(unowned_pair(), select=["unowned-aera"])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"select": 5},
        {"ignore": [1]},
        {"per_area_ignores": ["ops"]},
        {"per_area_ignores": {"ops": "DA101"}},
        {"per_area_ignores": {1: ["DA101"]}},
        {"strict": "no"},
        {"max_areas_per_person": "3"},
        {"handover_horizon_days": 1.5},
    ],
)
def test_config_refuses_wrong_types_with_its_own_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(da.InvalidTypeError):
        da.Config(**kwargs)  # type: ignore[arg-type]


def test_org_ignores_refuse_unknown_codes_as_the_loader_does() -> None:
    with pytest.raises(da.UnknownRuleError, match="DA999"):
        da.Org(ignores={"ops": ["DA999"]})
    with pytest.raises(da.OrgFileError):
        da.loads("version: 1\nignore: {ops: [DA999]}\n", "yaml")


def test_org_ignores_cannot_be_changed_behind_the_org_back() -> None:
    org = da.Org(ignores={"ops": ["DA502"]})
    with pytest.raises(TypeError):
        org.ignores["hr"] = frozenset({"DA1"})  # type: ignore[index]
    assert dict(org.ignores) == {"ops": frozenset({"DA502"})}


@pytest.mark.parametrize("day", [dt.date.max, dt.date.max - dt.timedelta(days=3), dt.date.min])
@pytest.mark.parametrize("horizon", [0, 30, 10**18])
def test_validate_answers_at_the_calendar_ends(day: dt.date, horizon: int) -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Area("ops", purpose="p"),
        da.DRI("ops", "ana", start=dt.date.min, end=dt.date.max),
    )
    config = da.Config(handover_horizon_days=horizon)
    report = da.validate(org, on=day, config=config)
    ends_within = horizon >= (dt.date.max - day).days and day < dt.date.max
    assert ("DA504" in {f.code for f in report}) == ends_within


def test_dir_of_strategies_lists_only_its_public_names() -> None:
    from distauth import strategies

    assert dir(strategies) == sorted(strategies.__all__)


def test_org_state_machine_can_turn_its_own_invariants_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from distauth.testing import OrgStateMachine

    class Quiet(OrgStateMachine):
        check_library_invariants = False

    monkeypatch.setattr(da.Org, "copy", lambda self: None)  # the invariant would fail if run
    Quiet().copy_equals_original()
    with pytest.raises(AssertionError):
        OrgStateMachine().copy_equals_original()


def test_rule_summaries_name_settings_as_the_configuration_spells_them() -> None:
    from distauth._config import CONFIG_KEYS

    for code in ("DA501", "DA504"):
        summary = da.RULES[code].summary
        assert any(key in summary for key in CONFIG_KEYS if "-" in key), summary
        assert "_" not in summary
