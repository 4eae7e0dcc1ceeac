"""da.diff and OrgDiff: what changed between two orgs, and what the change does."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import distauth as da
from distauth._diff import DRIChange, FieldChange
from distauth.strategies import orgs
from tests.conftest import DAY


def _base() -> da.Org:
    org = da.Org(name="Acme")
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy"),
        da.Area("co", purpose="All", advisors=["bo"], scopes=["work/**"]),
        da.Area("ops", parent="co", purpose="Run", advisors=["ana"], scopes=["work/ops/**"]),
        da.Area("web", parent="co", purpose="Web", advisors=["ana"], scopes=["work/web/**"]),
        da.DRI("co", "ana"),
        da.DRI("ops", "bo"),
        da.DRI("web", "cy"),
    )
    return org


def test_an_org_against_itself_or_its_copy_is_empty() -> None:
    org = _base()
    assert da.diff(org, org, on=DAY).empty
    change = da.diff(org, org.copy(), on=DAY)
    assert change.empty
    assert not change
    assert change.summary() == "no changes"
    assert change.to_markdown() == "**distauth**: no changes\n"


def test_a_changed_field_is_named_with_old_and_new_value() -> None:
    old = _base()
    new = old.copy()
    new.replace(attrs.evolve(old.areas["ops"], purpose="Run everything"))
    change = da.diff(old, new, on=DAY)
    (item,) = change.items
    assert (item.kind, item.key, item.status) == ("area", "ops", "changed")
    assert item.fields == (FieldChange("purpose", "Run", "Run everything"),)
    assert change.dris == ()
    assert change.introduced == ()
    assert change.resolved == ()


def test_a_handover_is_a_dri_change_and_its_records() -> None:
    old = _base()
    new = old.copy()
    new.remove(da.DRI("ops", "bo"))
    new.add(da.DRI("ops", "ana"))
    change = da.diff(old, new, on=DAY)
    assert [(c.status, c.kind, c.before or c.after) for c in change.items] == [
        ("added", "dri", da.DRI("ops", "ana")),
        ("removed", "dri", da.DRI("ops", "bo")),
    ]
    assert change.dris == (DRIChange("ops", ("bo",), ("ana",), "bo", "ana"),)


def test_ending_a_record_reads_as_a_change_of_its_end() -> None:
    old = _base()
    new = old.copy()
    new.remove(da.DRI("web", "cy"))
    end = DAY + dt.timedelta(days=100)
    new.add(da.DRI("web", "cy", end=end))
    change = da.diff(old, new, on=DAY)
    (item,) = change.items
    assert item.status == "changed"
    assert item.fields == (FieldChange("end", None, end),)
    assert change.dris == ()  # still cy on the day of the diff
    later = da.diff(old, new, on=end)
    assert later.dris == (DRIChange("web", ("cy",), (), "cy", None),)
    assert [(f.code, f.subjects) for f in later.introduced] == [("DA101", ("web",))]


def test_a_role_whose_holder_changes_changes_who_decides_its_areas() -> None:
    old = _base()
    old.add(da.Role("web-lead", holders=["cy"]), da.Area("shop", parent="co", purpose="Sell",
            advisors=["ana"]), da.DRI("shop", "web-lead"))  # fmt: skip
    new = old.copy()
    new.replace(da.Role("web-lead", holders=["bo"]))
    change = da.diff(old, new, on=DAY)
    assert [(c.kind, c.key) for c in change.items] == [("role", "web-lead")]
    assert change.dris == (DRIChange("shop", ("web-lead",), ("web-lead",), "cy", "bo"),)


def test_an_overlap_is_an_introduced_finding_and_decisions_move() -> None:
    old = _base()
    new = old.copy()
    new.replace(attrs.evolve(old.areas["web"], scopes=("work/web/**", "work/ops/deploy")))
    change = da.diff(old, new, on=DAY, resources=["work/ops/deploy", "work/web/home"])
    assert [(f.code, f.subjects) for f in change.introduced] == [("DA301", ("ops", "web"))]
    assert change.failed()
    (moved,) = change.decisions
    resource, before, after = moved
    assert resource == "work/ops/deploy"
    assert before.dri is not None
    assert before.dri.id == "bo"
    assert after.ambiguous
    back = da.diff(new, old, on=DAY)
    assert [(f.code, f.subjects) for f in back.resolved] == [("DA301", ("ops", "web"))]
    assert not back.failed()


def test_resources_true_asks_about_both_inventories() -> None:
    old = _base()
    old.resources = ["work/ops/deploy"]
    new = old.copy()
    new.remove(da.DRI("ops", "bo"))
    new.add(da.DRI("ops", "cy"))
    (moved,) = da.diff(old, new, on=DAY, resources=True).decisions
    assert moved[0] == "work/ops/deploy"
    assert da.diff(old, new, on=DAY).decisions == ()
    with pytest.raises(da.InvalidTypeError):
        da.diff(old, new, on=DAY, resources="work/ops")


def test_org_level_fields_and_kind_changes_are_reported() -> None:
    old = _base()
    new = old.copy()
    new.name = "Acme Robotics"
    new.remove("cy")
    new.add(da.Area("cy", purpose="Now an area", advisors=["ana"]), da.DRI("cy", "ana"))
    change = da.diff(old, new, on=DAY)
    described = [c.describe() for c in change.items]
    assert "changed org: name 'Acme' -> 'Acme Robotics'" in described
    assert "removed person 'cy'" in described
    assert "added area 'cy'" in described


def test_to_dict_is_json_ready_and_complete() -> None:
    old = _base()
    new = old.copy()
    new.replace(attrs.evolve(old.people["ana"], tags=frozenset({"lead"})))
    data = da.diff(old, new, on=DAY).to_dict()
    text = json.dumps(data)
    assert json.loads(text) == data
    (item,) = data["items"]
    assert item["fields"] == [{"name": "tags", "before": [], "after": ["lead"]}]
    assert item["after"]["tags"] == ["lead"]
    assert data["on"] == DAY.isoformat()


def test_markdown_puts_the_summary_first_and_folds_the_details() -> None:
    old = _base()
    new = old.copy()
    new.replace(attrs.evolve(old.areas["web"], scopes=("work/web/**", "work/ops/deploy")))
    new.remove(da.DRI("ops", "bo"))
    new.add(da.DRI("ops", "cy"))
    md = da.diff(old, new, on=DAY, resources=["work/ops/deploy"]).to_markdown()
    lines = md.splitlines()
    assert lines[0].startswith("**distauth**: ")
    assert "new finding" in lines[0]
    assert "- **DA301** (error)" in md
    assert "| `ops` | bo | cy |" in md
    assert md.count("<details>") == md.count("</details>") == 2
    assert "<summary>2 resources change hands</summary>" not in md  # one resource here
    assert "<summary>1 resource changes hands</summary>" in md


def test_markdown_and_html_escape_what_users_wrote() -> None:
    old = _base()
    new = old.copy()
    new.replace(attrs.evolve(old.areas["ops"], purpose="<b>|`x`"))
    change = da.diff(old, new, on=DAY)
    assert "purpose `` 'Run' -> '<b>\\|`x`' ``" in change.to_markdown()
    page = change._repr_html_()
    assert "<b>|" not in page
    assert "&lt;b&gt;" in page


# --- properties ------------------------------------------------------------------------------


@given(orgs(valid=False, max_areas=8))
def test_any_org_against_itself_or_its_copy_is_empty(org: da.Org) -> None:
    assert da.diff(org, org, on=DAY).empty
    assert da.diff(org, org.copy(), on=DAY).empty


def _edit(draw: st.DrawFn, org: da.Org) -> tuple[str, str, Any]:
    """Apply one random edit to *org*; return what the diff must say: (status, kind, value)."""
    choices = ["add-person", "add-dri"]
    if org.people:
        choices += ["remove-person", "change-person"]
    if org.areas:
        choices += ["change-area"]
    if org.all_dris():
        choices += ["remove-dri", "end-dri"]
    what = draw(st.sampled_from(choices))
    if what == "add-person":
        person = da.Person("newcomer", name="New")
        org.add(person)
        return "added", "person", person
    if what == "remove-person":
        person = org.people[draw(st.sampled_from(sorted(org.people)))]
        org.remove(person.id)
        return "removed", "person", person
    if what == "change-person":
        person = org.people[draw(st.sampled_from(sorted(org.people)))]
        changed = attrs.evolve(person, name=person.name + " (edited)")
        org.replace(changed)
        return "changed", "person", changed
    if what == "change-area":
        area = org.areas[draw(st.sampled_from(sorted(org.areas)))]
        new_area = attrs.evolve(area, purpose=area.purpose + " and more")
        org.replace(new_area)
        return "changed", "area", new_area
    if what == "add-dri":
        record = da.DRI("some-area", "someone", start=dt.date(2030, 1, 1))
        org.add(record)
        return "added", "dri", record
    record = draw(st.sampled_from(org.all_dris()))
    org.remove(record)
    if what == "remove-dri":
        return "removed", "dri", record
    start = record.start or dt.date(1999, 1, 1)
    ended = attrs.evolve(record, start=start, end=max(start, record.end or start) + dt.timedelta(1))
    assume(ended not in org.all_dris())
    org.add(ended)
    return "changed", "dri", ended


@given(orgs(valid=False, max_areas=8), st.data())
def test_a_single_edit_gives_a_diff_naming_exactly_that_edit(org: da.Org, data: Any) -> None:
    new = org.copy()
    status, kind, value = _edit(data.draw, new)
    change = da.diff(org, new, on=DAY)
    (item,) = change.items
    assert (item.status, item.kind) == (status, kind)
    assert (item.after if status != "removed" else item.before) == value
    if status == "changed":
        assert item.fields
        assert all(getattr(item.before, f.name) == f.before for f in item.fields)
        assert all(getattr(item.after, f.name) == f.after for f in item.fields)
        assert attrs.evolve(item.before, **{f.name: f.after for f in item.fields}) == item.after


def test_the_rendered_comment_in_the_docs_is_what_the_code_writes() -> None:
    """docs/change.md shows the example org's change as rendered Markdown: it cannot drift."""
    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "change.md").read_text(encoding="utf-8")
    shown = page.split("<!-- rendered: start -->\n")[1].split("<!-- rendered: end -->")[0]
    old = da.load(root / "examples" / "acme.yaml")
    new = old.copy()
    new.replace(
        attrs.evolve(old.areas["mobile"], scopes=("repo:apps/mobile/**", "repo:apps/web/shared/**"))
    )
    new.remove(da.DRI("web", "dev"))
    new.add(da.DRI("web", "lou"))
    new.remove(da.DRI("analytics", "finn"))
    new.add(da.DRI("analytics", "finn", end=dt.date(2027, 3, 1)))
    change = da.diff(
        old,
        new,
        on=dt.date(2026, 12, 1),
        resources=["repo:apps/web/src/app.ts", "repo:apps/web/shared/button.ts"],
    )
    assert shown == change.to_markdown()


def test_absences_and_decision_records_are_compared_like_the_rest() -> None:
    old = _base()
    new = old.copy()
    away = da.Absence("bo", start=DAY, end=DAY + dt.timedelta(days=5))
    record = da.DecisionRecord("adr-1", title="Use one DRI", date=DAY, area="ops")
    new.add(away, record)
    change = da.diff(old, new, on=DAY)
    assert [(c.status, c.kind, c.after) for c in change.items] == [
        ("added", "absence", away),
        ("added", "decision", record),
    ]
    newer = new.copy()
    newer.replace(attrs.evolve(record, title="Use one DRI per area"))
    (item,) = da.diff(new, newer, on=DAY).items
    assert (item.status, item.kind, item.key) == ("changed", "decision", "adr-1")
    assert [f.name for f in item.fields] == ["title"]
