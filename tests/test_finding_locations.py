"""Every rule's finding points at the line a user must edit to fix it.

A GitHub annotation, an editor's problem list and ``file:line`` in the text output all land
where the finding's location says: on a ``dris:`` entry, on the ``parent:`` line that names
an unknown area, on the DRI line of the area above, not on some definition nearby. Each case
is a small org file whose line to edit ends with ``#<``.
"""

from __future__ import annotations

import datetime as dt

import pytest

import distauth as da

DAY = dt.date(2026, 12, 1)

#: code -> (org file with the line to edit marked "#<", validate keyword arguments).
CASES: dict[str, tuple[str, dict[str, object]]] = {
    "DA101": ("areas:\n  ops:  #<\n    purpose: Run\n", {}),
    "DA102": (
        "people: {ana: {}, bo: {}}\nareas:\n  ops:\n    dri: ana\n"
        "dris:\n  - area: ops  #<\n    holder: bo\n",
        {},
    ),
    "DA103": ("people: {carla: {}}\nareas:\n  ops:\n    purpose: Run\n    dri: carl  #<\n", {}),
    "DA104": ("people:\n  cy: {active: false}\nareas:\n  ops:\n    dri: cy  #<\n", {}),
    "DA105": ("roles:\n  lead: {holders: [ana, bo]}\nareas:\n  ops:\n    dri: lead  #<\n", {}),
    "DA106": (
        "people: {ana: {}, bo: {}}\nroles:\n  team: {collective: true, holders: [ana, bo]}\n"
        "areas:\n  ops:\n    dri: team  #<\n",
        {},
    ),
    "DA107": ("people:\n  bot: {kind: bot}\nareas:\n  ops:\n    dri: bot  #<\n", {}),
    "DA201": (
        "areas:\n  finance: {}\n  billing:\n    purpose: Bill\n    parent: finanse  #<\n",
        {},
    ),
    "DA202": ("areas:\n  a:\n    parent: b  #<\n  b:\n    parent: a\n", {}),
    "DA203": (
        "people: {ana: {}}\nareas:\n  billing:\n    purpose: Bill\n    parent: ana  #<\n",
        {},
    ),
    "DA204": ("people:\n  ana: {handles: ['@ana']}\n  bo: {handles: ['@Ana']}  #<\n", {}),
    # DA505: the area that needs a deputy while its DRI is away.
    "DA505": (
        "people: {ana: {}}\nareas:\n  ops:  #<\n    dri: ana\n"
        "absences:\n  - person: ana\n    start: 2026-12-01\n    end: 2026-12-10\n",
        {},
    ),
    # DA506: the one person every area depends on (the fix is in each area, named in the hint).
    "DA506": (
        "people:\n  ana: {}  #<\nareas:\n  a: {dri: ana}\n  b: {dri: ana}\n  c: {dri: ana}\n",
        {},
    ),
    "DA301": (
        "areas:\n  marketing:  #<\n    scopes: ['budget:marketing/**']\n"
        "  sales:\n    scopes: ['budget:*/events']\n",
        {},
    ),
    "DA302": (
        "areas:\n  finance:\n    scopes: ['finance/**']\n"
        "  billing:  #<\n    parent: finance\n    scopes: ['billing/**']\n",
        {},
    ),
    "DA303": (
        "areas:\n  billing: {scopes: ['finance/billing/**']}\n"
        "resources:\n  - finance/payroll  #<\n",
        {},
    ),
    "DA304": (
        "areas:\n  billing: {scopes: ['finance/billing/**']}\n"
        "  payroll: {scopes: ['finance/payrol/**']}  #<\n",
        {"config": da.Config(inventory=["finance/billing/invoices"])},
    ),
    "DA401": ("areas:\n  co:\n    escalates_to: ops  #<\n  ops:\n    parent: co\n", {}),
    "DA402": (
        "people: {ana: {}}\nareas:\n  co:  #<\n    purpose: Top\n  ops:\n"
        "    parent: co\n    dri: ana\n",
        {},
    ),
    "DA403": (
        "areas:\n  co: {}\n  sales: {parent: co}\n  ops:\n    parent: co\n"
        "    escalates_to: sales  #<\n",
        {},
    ),
    "DA404": (
        "people: {ana: {}}\nareas:\n  co:\n    dri: ana  #<\n  ops:\n    parent: co\n"
        "    dri: ana\n",
        {},
    ),
    "DA501": (
        "people:\n  ana: {}  #<\nareas:\n  a:\n    dri: ana\n  b:\n    dri: ana\n",
        {"config": da.Config(max_areas_per_person=1)},
    ),
    "DA502": ("areas:\n  ops:  #<\n    purpose: Run\n", {}),
    "DA503": ("areas:\n  ops:  #<\n    advisors: []\n", {}),
    "DA504": (
        "people: {ana: {}}\nareas:\n  billing: {}\n"
        "dris:\n  - area: billing  #<\n    holder: ana\n    end: 2026-12-15\n",
        {},
    ),
}

#: More ways to make the same mistakes, each at its own line.
MORE_CASES: list[tuple[str, str, dict[str, object]]] = [
    # The finding about a dris: entry naming an unknown area lands on the entry, not on the
    # definition of the person it names.
    ("DA201", "people:\n  ana: {}\ndris:\n  - area: ghost  #<\n    holder: ana\n", {}),
    (
        "DA201",
        "people: {ana: {}}\nareas:\n  ops:\n    advisors:\n      - ana\n      - carl  #<\n",
        {},
    ),
    ("DA201", "areas:\n  ops:\n    escalates_to: ghost  #<\n", {}),
    ("DA201", "people: {ana: {}}\nroles:\n  lead:\n    holders: [ana]\n    area: opps  #<\n", {}),
    ("DA203", "areas:\n  ops: {}\nroles:\n  lead:\n    holders:\n      - ops  #<\n", {}),
    ("DA203", "people: {ana: {}}\nareas:\n  ops:\n    deputy: ops  #<\n", {}),
    # Only DA402 runs: it says the unknown target itself, at the parent line.
    ("DA402", "areas:\n  ops:\n    parent: ghost  #<\n", {"select": ["DA402"]}),
    (
        "DA102",
        "people: {ana: {}, bo: {}}\nareas: {ops: {}}\ndris:\n  - {area: ops, holder: ana}\n"
        "  - {area: ops, holder: bo}  #<\n",
        {},
    ),
]


def marked_line(text: str) -> int:
    (line,) = [n for n, row in enumerate(text.splitlines(), start=1) if row.endswith("#<")]
    return line


def located(code: str, text: str, kw: dict[str, object]) -> list[da.Finding]:
    org = da.loads("version: 1\n" + text, source="org.yaml")
    kwargs: dict[str, object] = {"select": [code], "on": DAY, **kw}
    report = da.validate(org, **kwargs)  # type: ignore[arg-type]
    return [f for f in report.findings if f.code == code]


def test_the_table_covers_every_built_in_rule() -> None:
    built_in = {c for c in da.RULES if c.startswith("DA")}
    # DA6xx: below, one test for all.
    assert built_in - set(CASES) == {c for c in built_in if c.startswith("DA6")}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_points_at_the_line_to_edit(code: str) -> None:
    text, kw = CASES[code]
    findings = located(code, text, kw)
    assert findings, f"{code} found nothing in its case"
    want = marked_line(text) + 1  # the version line comes first
    assert [(f.location.file, f.location.line) for f in findings if f.location] == [
        ("org.yaml", want)
    ] * len(findings)


@pytest.mark.parametrize(("code", "text", "kw"), MORE_CASES)
def test_more_references_point_at_the_line_to_edit(
    code: str, text: str, kw: dict[str, object]
) -> None:
    (finding,) = located(code, text, kw)
    assert finding.location is not None
    assert finding.location.line == marked_line(text) + 1


@pytest.mark.parametrize("code", sorted(c for c in da.RULES if c.startswith("DA6")))
def test_decision_findings_point_at_the_record(code: str) -> None:
    # The decision audit's findings are about one record: the record's own line.
    text = da.RULES[code].bad
    findings = located(code, text, {})
    assert findings
    rows = text.splitlines()
    for finding in findings:
        record = finding.subjects[0]
        line = next(n for n, row in enumerate(rows, start=1) if row.startswith(f"  {record}:"))
        assert finding.location is not None
        assert finding.location.line == line + 1


def test_a_resource_spelled_like_an_id_never_moves_that_entity() -> None:
    text = (
        "version: 1\npeople:\n  ana: {}\nareas:\n  ops:\n    parent: ghost\n    dri: ana\n"
        "resources:\n  - ana\n  - ghost\n  - ops\n"
    )
    org = da.loads(text, source="org.yaml")  # "ghost" is only referenced: it used to fail
    assert (org.location("ana").line, org.location("ops").line) == (3, 5)  # type: ignore[union-attr]
    assert [org.resource_location(r).line for r in ("ana", "ghost", "ops")] == [9, 10, 11]  # type: ignore[union-attr]
    uncovered = {f.subjects[0]: f.location.line for f in da.validate(org, select=["DA303"])}  # type: ignore[union-attr]
    assert uncovered == {"ana": 9, "ghost": 10, "ops": 11}
