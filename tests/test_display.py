"""HTML reprs and MIME bundles: content, escaping, robustness on broken orgs, speed.

The orgs drawn here (the examples, a hostile org, a big org) come from ``tests/helpers.py``,
shared with the other display, site and notebook tests.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

import distauth as da
from distauth import display
from tests.conftest import DAY
from tests.helpers import (
    HOSTILE,
    IMG,
    KEYWORD_IDS,
    ROOT,
    SCRIPT,
    acme_org,
    big_org,
    broken_org,
    hostile_org,
    visible,
)


class Page(HTMLParser):
    """Reads an HTML fragment: its tags, attributes, text and table rows."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text_parts: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def row(self, first_cell_starts: str) -> list[str]:
        """The first table row whose first cell, stripped of tree markers, starts with an id."""
        for row in self.rows:
            if row and row[0].lstrip("└ ").split(" ")[0] == first_cell_starts:
                return row
        raise AssertionError(f"no row starting with {first_cell_starts!r}")


#: Everything a repr may contain: no script, no link, no image, no event handler.
ALLOWED_TAGS = {
    "div",
    "span",
    "strong",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
}
ALLOWED_ATTRIBUTES = {"style", "class", "title", "open"}


def assert_safe(markup: str) -> Page:
    page = Page(markup)
    assert page.tags <= ALLOWED_TAGS
    assert page.attributes <= ALLOWED_ATTRIBUTES
    lowered = markup.lower()
    for needle in ("<script", "<img", "<b>", "<!--", "url(", "http:", "https:"):
        assert needle not in lowered, needle
    return page


@pytest.fixture(scope="module")
def acme() -> da.Org:
    return acme_org()


@pytest.fixture(scope="module")
def broken_today() -> da.Org:
    # The org repr validates on today's date: break the org relative to today.
    return broken_org(dt.date.today())


@pytest.fixture(scope="module")
def hostile() -> da.Org:
    return hostile_org()


@pytest.fixture
def no_display_warnings() -> Iterator[None]:
    # pytest already turns warnings into errors (filterwarnings = error); this makes the
    # intent explicit where a test exists to show that nothing fell back.
    with warnings.catch_warnings():
        warnings.simplefilter("error", display.DisplayWarning)
        yield


# --- the org -------------------------------------------------------------------------------------


def test_org_html_shows_the_name_and_the_counts(acme: da.Org) -> None:
    page = assert_safe(display.html(acme))
    assert "Acme Robotics" in page.text
    for fact in ("40 areas", "60 people", "2 roles", "41 DRI assignments", "no findings"):
        assert fact in page.text


def test_org_html_shows_every_area_with_its_dri(acme: da.Org) -> None:
    page = assert_safe(display.html(acme))
    for area in acme.areas.values():
        row = page.row(area.id)
        person = acme.dri_of(area.id)
        assert person is not None
        assert row[1].startswith(person.id)
        assert person.name in row[1]
    # In the words of distauth show and the diagrams (distauth._tree.DriInfo).
    assert "(as billing-lead)" in page.row("billing")[1]


def test_org_html_lists_areas_as_a_tree(acme: da.Org) -> None:
    page = Page(display.html(acme))
    first_cells = [row[0] for row in page.rows[1:] if row]
    assert first_cells[0].startswith("company")
    assert first_cells[1].startswith("└ engineering")
    # Children follow their parent, sorted by id.
    engineering = [c.split()[1] for c in first_cells[1:7]]
    assert engineering == ["engineering", "apps", "mobile", "web", "data", "analytics"]


def test_org_html_marks_problems_with_their_codes(broken_today: da.Org) -> None:
    markup = display.html(broken_today)
    page = assert_safe(markup)
    # Four errors, four warnings and an info of them come from the broken decision records;
    # the unknown and wrong-kind parents are one error each (their dead ends folded in).
    assert "17 errors" in page.text
    assert "12 warnings" in page.text
    assert "5 infos" in page.text
    expected = {
        "product-design": "DA101 DA402",
        "recruiting": "DA102",
        "learning": "DA103",
        "engineering": "DA104",
        "security": "DA105",
        "it": "DA201",
        "facilities": "DA203 DA504",
        "customer-success": "DA301 DA603",
        "analytics": "DA302",
        "legal": "DA401 DA403",
        "side-project-web": "DA404",
        "misc": "DA502 DA503 DA505",
        "help-desk": "DA106",
        "releases": "DA107",
    }
    for area, codes in expected.items():
        assert page.row(area)[2] == codes.replace(" ", ""), area
    assert "parent 'operatons' is not in the org" in page.row("it")[0]
    assert "parent 'gus' is a person, not an area" in page.row("facilities")[0]
    assert "in a parent cycle" in page.row("moonshots")[0]
    assert page.row("product-design")[1] == "no DRI"
    assert page.row("recruiting")[1] == "unresolved (rae, vic)"
    # Why it is unresolved is the badge's tooltip.
    assert 'title="2 in effect: rae, vic"' in markup
    # Every finding, also those about people and resources, is in the findings table.
    report = da.validate(broken_today)
    assert {f.code for f in report} <= {row[0] for row in page.rows}
    assert "hr/handbook" in page.text


def test_org_html_of_an_empty_org() -> None:
    page = assert_safe(display.html(da.Org()))
    assert "(unnamed)" in page.text
    assert "No areas yet." in page.text


# --- other objects ------------------------------------------------------------------------------


def test_report_html_is_a_findings_table() -> None:
    org = broken_org(DAY)
    report = da.validate(org, on=DAY)
    page = assert_safe(display.html(report))
    assert page.rows[0] == ["code", "severity", "subjects", "message", "location"]
    body = page.rows[1:]
    assert len(body) == len(report.findings)
    for row, finding in zip(body, report.findings, strict=True):
        assert row[0] == finding.code
        assert row[1] == finding.severity.value
        assert row[2] == ", ".join(finding.subjects)
        assert row[3].startswith(finding.message)
    assert "failed" in page.text
    assert "17 errors" in page.text


def test_report_html_shows_locations_and_hints() -> None:
    org = da.Org()
    org.add(da.Area("ops"))
    org.set_location("ops", da.Location(file="org.yaml", line=3, column=5))
    page = Page(display.html(da.validate(org, select=["DA101"])))
    assert page.rows[1][4] == "org.yaml:3:5"
    hint = da.validate(org, select=["DA101"]).findings[0].hint
    assert hint is not None
    assert hint in page.rows[1][3]


def test_clean_report_says_so() -> None:
    page = assert_safe(display.html(da.validate(acme_org(), on=DAY)))
    assert "No findings." in page.text
    assert "ok" in page.text


def test_escalation_path_html_lists_steps_and_status(acme: da.Org) -> None:
    path = acme.escalation_path("payroll", on=DAY)
    page = assert_safe(display.html(path))
    assert "reaches the top" in page.text
    assert [r[2].split()[0] for r in page.rows[1:]] == [
        "payroll",
        "accounting",
        "finance",
        "company",
    ]
    assert [r[3].split()[0] for r in page.rows[1:]] == ["lou", "sol", "eli", "ana"]
    assert [r[1] for r in page.rows[1:]] == ["", "parent", "parent", "parent"]


def test_broken_escalation_path_html_says_where_and_why() -> None:
    org = broken_org(DAY)
    path = org.escalation_path("design-system", on=DAY)
    page = assert_safe(display.html(path))
    assert "breaks at product-design" in page.text
    assert path.reason is not None
    assert path.reason in page.text
    assert page.rows[-1][3] == "none"
    legal = Page(display.html(org.escalation_path("legal", on=DAY)))
    assert legal.rows[2][1] == "escalates_to"


def test_decision_html_names_area_dri_and_scopes(acme: da.Org) -> None:
    decision = acme.who_decides("finance/billing/invoices", on=DAY)
    page = assert_safe(display.html(decision))
    assert "finance/billing/invoices" in page.text
    assert "billing decides" in page.text
    assert "max" in page.text
    assert page.rows[1] == ["billing winner", "finance/billing/**"]
    assert page.rows[2] == ["finance", "finance/**"]


def test_ambiguous_fallback_and_unmatched_decisions() -> None:
    org = broken_org(DAY)
    ambiguous = Page(display.html(org.who_decides("gtm/sales/renewals/q1", on=DAY)))
    assert "ambiguous" in ambiguous.text
    assert "customer-success, sales, go-to-market" in ambiguous.text
    fallback = Page(display.html(org.who_decides("product/design/icons", on=DAY)))
    assert "fallback to product" in fallback.text
    nothing = Page(display.html(org.who_decides("nobody/owns/this", on=DAY)))
    assert "no area" in nothing.text


def test_area_person_and_role_html_show_their_fields(acme: da.Org) -> None:
    area = assert_safe(display.html(acme.areas["billing"]))
    assert ["purpose", "Get paid for what we ship"] in area.rows
    assert ["scopes", "finance/billing/**"] in area.rows
    assert ["advisors", "bo, abe"] in area.rows
    person = assert_safe(display.html(acme.people["ana"]))
    assert ["email", "ana@acme.example"] in person.rows
    assert ["active", "yes"] in person.rows
    role = assert_safe(display.html(acme.roles["billing-lead"]))
    assert ["accountabilities", "Invoices go out on time · Refund policy"] in role.rows


def test_html_rejects_what_it_cannot_show() -> None:
    with pytest.raises(da.InvalidTypeError, match="can only display"):
        display.html(42)
    with pytest.raises(TypeError):
        display.mimebundle("an org")


# --- MIME bundles -------------------------------------------------------------------------------


def test_org_bundle_has_text_html_and_mermaid(acme: da.Org) -> None:
    bundle = display.mimebundle(acme)
    assert sorted(bundle) == ["text/html", "text/plain", "text/vnd.mermaid"]
    assert bundle["text/plain"] == repr(acme)
    assert bundle["text/html"] == display.html(acme)
    assert bundle["text/vnd.mermaid"] == display.to_mermaid(acme)


def test_bundle_include_and_exclude(acme: da.Org) -> None:
    assert list(display.mimebundle(acme, include=["text/html"])) == ["text/html"]
    assert "text/vnd.mermaid" not in display.mimebundle(acme, exclude=["text/vnd.mermaid"])
    assert display.mimebundle(acme, include=["image/png"]) == {}


def test_bundles_of_reports_paths_and_decisions_carry_their_text(acme: da.Org) -> None:
    report = da.validate(broken_org(DAY), on=DAY)
    assert display.mimebundle(report)["text/plain"] == str(report)
    path = acme.escalation_path("web", on=DAY)
    assert display.mimebundle(path)["text/plain"] == path.explain()
    decision = acme.who_decides("repo:apps/web/src/app.ts", on=DAY)
    assert display.mimebundle(decision)["text/plain"] == decision.explain()
    assert sorted(display.mimebundle(acme.areas["web"])) == ["text/html", "text/plain"]


def test_big_org_bundle_leaves_out_mermaid() -> None:
    org = big_org(display.MERMAID_BUNDLE_LIMIT + 1)
    assert "text/vnd.mermaid" not in display.mimebundle(org)


# --- hostile and broken input -------------------------------------------------------------------


@pytest.mark.usefixtures("no_display_warnings")
def test_hostile_org_renders_escaped(hostile: da.Org) -> None:
    markup = display.html(hostile)
    page = assert_safe(markup)
    for text in HOSTILE:
        assert visible(text) in page.text, text
    assert visible(SCRIPT + IMG) in page.text
    for ident in KEYWORD_IDS:
        page.row(ident)
    # Unencodable characters never reach the page.
    markup.encode("utf-8")
    assert "\x00" not in markup
    assert "\u202e" not in markup


@pytest.mark.usefixtures("no_display_warnings")
def test_every_repr_of_a_hostile_org_renders(hostile: da.Org) -> None:
    report = da.validate(hostile)
    objects: list[object] = [
        hostile,
        report,
        hostile.escalation_path("h5"),
        hostile.escalation_path("orphan"),
        hostile.escalation_path("loop-a"),
        hostile.who_decides("x/end/y"),
        hostile.who_decides("x/n1/y"),
        *hostile.areas.values(),
        *hostile.people.values(),
        *hostile.roles.values(),
    ]
    for obj in objects:
        bundle = display.mimebundle(obj)
        assert_safe(bundle["text/html"])
        for text in bundle.values():
            text.encode("utf-8")
    for finding in report:
        assert finding.code in display.html(report)


def test_a_failing_rule_shows_as_a_message_and_warns(acme: da.Org) -> None:
    @da.rule("XX990", "explodes", "error", "a plugin rule with a bug")
    def check_explodes(org: da.Org, ctx: da.CheckContext) -> Iterator[da.Finding]:
        raise RuntimeError("<boom>")
        yield  # pragma: no cover - makes this a generator

    try:
        with pytest.warns(display.DisplayWarning, match="validate"):
            markup = display.html(acme)
    finally:
        da.RULES.unregister("XX990")
    page = assert_safe(markup)
    assert "validation failed: RuntimeError: <boom>" in page.text
    assert "Acme Robotics" in page.text


def test_a_bug_in_a_repr_falls_back_to_a_message_and_warns(
    acme: da.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def __init__(self, org: da.Org) -> None:
            raise KeyError("<oops>")

    # Every picture walks the one forest: break it for the HTML and the Mermaid alike.
    monkeypatch.setattr(display._html, "Forest", Broken)
    monkeypatch.setattr(display._diagrams, "Forest", Broken)
    with pytest.warns(display.DisplayWarning, match="cannot display Org"):
        markup = display.html(acme)
    page = assert_safe(markup)
    assert "cannot display this object (KeyError: '<oops>')" in page.text
    with pytest.warns(display.DisplayWarning):
        bundle = display.mimebundle(acme)
    assert "cannot display" in bundle["text/html"]
    assert "text/vnd.mermaid" not in bundle


# --- size and speed -----------------------------------------------------------------------------


def test_long_tables_collapse() -> None:
    org = big_org(1_000)
    page = Page(display.html(org))
    assert len(page.rows) == display.MAX_ROWS + 1
    assert "... 800 more areas" in page.text
    report = da.Report(
        [da.Finding("DA503", "missing-purpose", "info", f"m{i}", (f"a{i}",)) for i in range(250)]
    )
    assert "... 50 more findings" in Page(display.html(report)).text
    assert "... 50 more" in display.mimebundle(report)["text/plain"]


def test_a_10000_area_org_renders_a_bounded_page() -> None:
    org = big_org(10_000)
    display.html(org)  # warm-up: imports, caches
    start = time.process_time()
    bundle = display.mimebundle(org)
    # Speed is benchmarks/bench_display.py's (target < 1 s). This only catches a blow-up (a
    # quadratic pass would take minutes), in CPU time so that a busy machine cannot fail it.
    assert time.process_time() - start < 30
    assert "10,000 areas" in bundle["text/html"]
    assert len(bundle["text/html"]) < 500_000


def test_a_100000_deep_chain_renders_without_recursion() -> None:
    n = 100_000
    org = da.Org(name="Deep")
    org.add(da.Person("ana"))
    org.add(
        *(da.Area(f"a{i}", parent=f"a{i - 1}" if i else None) for i in range(n)),
        *(da.DRI(f"a{i}", "ana") for i in range(n)),
    )
    assert sys.getrecursionlimit() < n
    page = Page(display.html(org))
    assert f"(depth {display.MAX_ROWS - 1})" in page.text
    assert f"... {n - display.MAX_ROWS:,} more areas" in page.text
    path = org.escalation_path(f"a{n - 1}")
    assert f"... {n - display.MAX_ROWS:,} more steps" in Page(display.html(path)).text


# --- the module itself --------------------------------------------------------------------------


def test_importing_display_loads_no_heavy_library() -> None:
    code = (
        "import sys, distauth.display\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'IPython', 'numpy', 'PIL')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_missing_extras_say_how_to_install_them(monkeypatch: pytest.MonkeyPatch) -> None:
    org = da.Org()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'distauth\[pandas\]'"):
        display.to_pandas(org)
    with pytest.raises(ImportError, match=r"pip install 'distauth\[pandas\]'"):
        display.report_to_pandas(da.Report(()))
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'distauth\[plot\]'"):
        display.draw(org)


def test_public_names_are_documented() -> None:
    docs = (ROOT / "docs" / "display.md").read_text(encoding="utf-8")
    for name in display.__all__:
        assert name in docs, name
        assert getattr(display, name).__doc__ or name.isupper()


def test_second_wave_fields_and_answers_show_in_html() -> None:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("ci", kind="bot", handles=["@ci[bot]"]),
        da.Role("t", holders=["ana", "bo"], collective=True, handles=["@acme/t"]),
        da.Area("ops", scopes=["ops"], deputy="bo"),
        da.Area("vendor", scopes=["vendor"], nobody=True),
        da.DRI("ops", "t"),
    )
    assert "@ci[bot]" in display.html(org.people["ci"])
    assert "bot" in display.html(org.people["ci"])
    assert "@acme/t" in display.html(org.roles["t"])
    assert "deputy" in display.html(org.areas["ops"])
    team = display.html(org.who_decides("ops", on=DAY))
    assert "deciders" in team
    assert "ana" in team
    assert "bo" in team
    assert "nobody holds it" in display.html(org.who_decides("vendor", on=DAY))
