"""The published map in headless browsers: the page answers exactly as Python does.

Each page is opened once; questions are then asked by changing its ``#who=`` link, and the
answer is read from the answer element's ``data-*`` attributes, as any tool would. The
browsers are Debian's chromium (driven over the DevTools pipe, tests/cdp.py) and firefox-esr
(over WebDriver BiDi, tests/bidi.py); what only Chromium's protocol can do (keys, print media)
runs in Chromium alone. These tests skip only when a browser binary is missing, and fail
instead under CI (``.ci/display-deps.sh`` installs both) or with
``DISTAUTH_REQUIRE_DISPLAY_TOOLS=1``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import distauth as da
from distauth import display
from distauth.scopes import check_resource, parse
from distauth.strategies import orgs, resources
from tests.bidi import Firefox, find_firefox
from tests.cdp import Browser, file_url, find_chromium
from tests.conftest import DAY
from tests.helpers import HOSTILE, IMG, MARKER, ROOT, SCRIPT, hostile_org

REQUIRE_TOOLS = any(
    os.environ.get(name, "") not in ("", "0", "false")
    for name in ("DISTAUTH_REQUIRE_DISPLAY_TOOLS", "CI")
)

# Ask every resource in one evaluation: set the link, wait for the page to route it, read
# the answer element. Returns one record per resource, in order.
ASK = """
(async (links) => {
  const box = () => document.getElementById("answer");
  const read = () => Object.fromEntries(
    ["data-answer", "data-resource", "data-area", "data-deciders", "data-fallback",
     "data-ambiguous"].map((name) => [name, box().getAttribute(name)]));
  const out = [];
  for (const link of links) {
    if (location.hash !== link) {
      await new Promise((done) => {
        window.addEventListener("hashchange", done, { once: true });
        location.hash = link;
      });
    }
    out.push(read());
  }
  return out;
})
"""


def _missing(what: str) -> None:
    reason = f"no {what} binary found (install Debian's: .ci/display-deps.sh)"
    if REQUIRE_TOOLS:
        pytest.fail(f"{reason}; CI or DISTAUTH_REQUIRE_DISPLAY_TOOLS is set")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Headless Chromium over the DevTools pipe (for what only that protocol can do)."""
    binary = find_chromium()
    if binary is None:
        _missing("chromium")
    assert binary is not None
    with Browser(binary, timeout=180) as driver:
        yield driver


@pytest.fixture(scope="module", params=["chromium", "firefox"])
def browser(request: pytest.FixtureRequest) -> Iterator[Browser | Firefox]:
    """Each browser the page must work in, opened once per module."""
    if request.param == "chromium":
        yield request.getfixturevalue("chromium")
        return
    binary = find_firefox()
    if binary is None:
        _missing("firefox")
    assert binary is not None
    with Firefox(binary, timeout=180) as driver:
        yield driver


def who_link(resource: str) -> str:
    return "#who=" + urllib.parse.quote(resource, safe="/:")


def expected(org: da.Org, resource: str) -> dict[str, str]:
    """What who_decides says, in the page's attribute form."""
    decision = org.who_decides(resource, on=DAY)
    deciders = getattr(decision, "deciders", None)
    if deciders is None:
        deciders = () if decision.dri is None else (decision.dri,)
    return {
        "data-answer": "who",
        "data-resource": resource,
        "data-area": "" if decision.area is None else decision.area.id,
        "data-deciders": " ".join(d.id for d in deciders),
        "data-fallback": "true" if decision.fallback else "false",
        "data-ambiguous": "true" if decision.ambiguous else "false",
    }


def publish(org: da.Org, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    page.write_text(display.site(org, on=DAY), encoding="utf-8")
    return page


def ask(browser: Browser | Firefox, page: Path, questions: list[str]) -> list[dict[str, str]]:
    browser.open(file_url(page))
    links = [who_link(r) for r in questions]
    answers: list[dict[str, str]] = []
    # In chunks, so that each evaluation ends well within the driver's timeout on a busy machine.
    for start in range(0, len(links), 50):
        answers += browser.evaluate(f"{ASK}({json.dumps(links[start : start + 50])})")
    return answers


def disagreements(
    org: da.Org, page: Path, browser: Browser | Firefox, questions: list[str]
) -> list[Any]:
    answers = ask(browser, page, questions)
    assert len(answers) == len(questions)
    return [
        (resource, want, got)
        for resource, got in zip(questions, answers, strict=True)
        if (want := expected(org, resource)) != got
    ]


# --- resources to ask about ------------------------------------------------------------------


def instances(scope: str, rng: random.Random, words: list[str]) -> str:
    """A resource the scope matches (or nearly: a word may be swapped to miss it)."""
    pattern = parse(scope)
    parts: list[str] = []
    for written in pattern.segments:
        segment = written
        if segment == "!**":  # the exact form: nothing below, unless a near miss adds it
            continue
        if "?" in segment:  # one character, where the language reads '?' so
            segment = "".join(rng.choice("qx?") if c == "?" else c for c in segment)
        if segment == "**":
            parts.extend(rng.choice(words) for _ in range(rng.randint(0, 2)))
        elif "*" in segment:
            pieces = segment.split("*")
            filled = pieces[0]
            for piece in pieces[1:]:
                filled += rng.choice(["", "x", "eu", "2027"]) + piece
            parts.append(filled if filled.strip() == filled and filled else "x" + filled + "x")
        else:
            parts.append(segment)
    if rng.random() < 0.25 and parts:  # a near miss
        parts[rng.randrange(len(parts))] = rng.choice(words)
    parts.extend(rng.choice(words) for _ in range(rng.choice([0, 0, 1, 2])))
    prefix = f"{pattern.namespace}:" if pattern.namespace else ""
    if rng.random() < 0.05:
        prefix = rng.choice(["", "repo:", "budget:", "other:"])
    return prefix + "/".join(parts or ["x"])


def questions_for(org: da.Org, count: int, seed: int = 17) -> list[str]:
    """*count* distinct resources around the org's scopes, its inventory and elsewhere."""
    rng = random.Random(seed)
    scopes = sorted({s for area in org.areas.values() for s in area.scopes})
    words = sorted({seg for s in scopes for seg in parse(s).segments if "*" not in seg})
    words += ["x", "eu", "zz", "a.py", "nowhere"]
    found: dict[str, None] = dict.fromkeys(org.resources)
    for _ in range(count * 20):
        if len(found) >= count:
            break
        text = instances(rng.choice(scopes), rng, words) if scopes else rng.choice(words)
        try:
            found[check_resource(text)] = None
        except da.DistauthError:
            continue
    return list(found)[:count]


def acme_with_every_kind_of_answer() -> da.Org:
    """The example org, plus vacancies, conflicts, cycles and globs: every kind of answer."""
    org = da.load(ROOT / "examples" / "acme.yaml")
    # A vacant area: its decisions fall back to its parent's DRI.
    for record in org.dris("billing", on=DAY):
        org.remove(record)
    org.add(
        # A rival claiming part of finance from outside its tree: ambiguous.
        da.Area("rival", name="Rival", scopes=["finance/billing/invoices/**", "repo:apps/*/ios"]),
        da.DRI("rival", "ana"),
        # A vacant chain: the fallback finds nobody.
        da.Area("attic", scopes=["attic/**"]),
        da.Area("attic-box", parent="attic", scopes=["attic/box/**", "attic/*.tmp"]),
        # Two DRIs, and a role DRI with two holders: nobody decides, and no fallback.
        da.Area("twins", scopes=["twins/**"]),
        da.DRI("twins", "ana"),
        da.DRI("twins", "bo"),
        da.Role("pair", holders=("ana", "bo")),
        da.Area("paired", parent="twins", scopes=["twins/pair/**"]),
        da.DRI("paired", "pair"),
        # A parent cycle, a dangling parent and a parent that is a person.
        da.Area("loop-a", parent="loop-b", scopes=["loop/**"]),
        da.Area("loop-b", parent="loop-a", scopes=["loop/b/**"]),
        da.DRI("loop-a", "ana"),
        da.Area("stray", parent="ghost", scopes=["stray/**"]),
        da.Area("mislaid", parent="ana", scopes=["stray/mislaid"]),
        da.DRI("mislaid", "bo"),
        # Globs inside segments and '**' in the middle.
        da.Area("reports", parent="finance", scopes=["finance/*/q*-report", "finance/**/*.csv"]),
        da.DRI("reports", "cy"),
    )
    org.resources = [*org.resources, "attic/box/hat", "loop/b/c", "finance/billing/invoices/7"]
    return org


# --- the tests ----------------------------------------------------------------------------------


def test_the_example_page_answers_500_resources_as_python_does(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = da.load(ROOT / "examples" / "acme.yaml")
    questions = questions_for(org, 500)
    assert len(questions) == 500
    page = publish(org, tmp_path)
    assert disagreements(org, page, browser, questions) == []
    # The sample is not trivial: both answered and unowned resources are in it.
    decisions = org.who_decides_many(questions, on=DAY)
    assert sum(d.area is not None for d in decisions) >= 250
    assert sum(not d.candidates for d in decisions) >= 25
    if isinstance(browser, Browser):
        assert browser.console_errors() == []


def test_fallback_ambiguous_and_unowned_answers_agree_with_python(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = acme_with_every_kind_of_answer()
    questions = questions_for(org, 600, seed=4)
    assert len(questions) == 600
    page = publish(org, tmp_path)
    assert disagreements(org, page, browser, questions) == []
    decisions = org.who_decides_many(questions, on=DAY)
    kinds = {
        "fallback to a DRI": sum(d.fallback and d.dri is not None for d in decisions),
        "fallback to nobody": sum(d.fallback and d.dri is None for d in decisions),
        "ambiguous": sum(d.ambiguous for d in decisions),
        "unowned": sum(not d.candidates for d in decisions),
        "no single DRI": sum(
            d.area is not None and not d.fallback and d.dri is None for d in decisions
        ),
        "decided": sum(d.ok for d in decisions),
    }
    assert all(count >= 5 for count in kinds.values()), kinds


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    org=st.one_of(orgs(max_areas=25, dated=True), orgs(valid=False, max_areas=12)),
    extra=st.lists(resources(), max_size=30),
)
def test_generated_orgs_answer_as_python_does(
    browser: Browser | Firefox,
    tmp_path_factory: pytest.TempPathFactory,
    org: da.Org,
    extra: list[str],
) -> None:
    questions = list(dict.fromkeys([*questions_for(org, 120), *extra]))
    page = publish(org, tmp_path_factory.mktemp("generated"))
    assert disagreements(org, page, browser, questions) == []


def test_a_shared_link_opens_on_its_answer(browser: Browser | Firefox, tmp_path: Path) -> None:
    org = acme_with_every_kind_of_answer()
    page = publish(org, tmp_path)
    for resource in ("finance/billing/refunds", "attic/box/hat", "loop/b/c", "nowhere/x y"):
        browser.open(file_url(page, who_link(resource)[1:]))
        got = browser.evaluate(f"{ASK}([location.hash])")[0]
        assert got == expected(org, resource)
    browser.open(file_url(page, "area=billing"))
    assert browser.evaluate('document.getElementById("answer").dataset.answer') == "area"
    assert browser.evaluate('document.querySelector("#tree .current").dataset.area') == "billing"
    browser.open(file_url(page, "person=ana"))
    assert browser.evaluate('document.getElementById("answer").dataset.person') == "ana"


def test_escalation_paths_in_the_page_are_pythons(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = acme_with_every_kind_of_answer()
    org.add(da.Area("up", escalates_to="down"), da.Area("down", escalates_to="up"))
    org.add(da.DRI("up", "ana"), da.DRI("down", "bo"))
    org.add(da.Area("to-person", escalates_to="bo"), da.DRI("to-person", "ana"))
    page = publish(org, tmp_path)
    browser.open(file_url(page))
    read = """(async (id) => {
      await new Promise((done) => {
        window.addEventListener("hashchange", done, { once: true });
        location.hash = "#area=" + id;
      });
      const path = document.querySelector("#answer [data-escalation]");
      return {
        steps: [...path.querySelectorAll("li")].map((li) => [li.dataset.area, li.dataset.dri]),
        broken: path.parentNode.querySelector(".path-end").dataset.brokenAt,
        text: path.parentNode.querySelector(".path-end").textContent,
      };
    })"""
    for area in sorted(org.areas):
        want = org.escalation_path(area, on=DAY)
        got = browser.evaluate(f"{read}({json.dumps(area)})")
        assert got["steps"] == [[s.area.id, s.dri.id if s.dri else ""] for s in want.steps]
        assert got["broken"] == (want.broken_at or "")
        assert (want.reason or "reaches the top") in got["text"]


def test_hostile_names_show_as_written_and_never_run(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = hostile_org()
    long_name = "L" + "o" * 20_000 + "ng"
    extra = [
        "</script><script>window.__pwned=2</script>",
        "javascript:window.__pwned=3",
        "{script}{data}{style}",
        "\u202eevil\u202c \u2066isolate",
        "\u2028line\u2029para",
        long_name,
    ]
    for i, name in enumerate(extra):
        org.add(
            da.Person(f"z{i}", name=name),
            da.Area(f"zone{i}", name=name, purpose=name, scopes=[f"hostile/{i}/{SCRIPT[:20]}"]),
            da.DRI(f"zone{i}", f"z{i}"),
        )
    page = publish(org, tmp_path)
    source = page.read_text(encoding="utf-8")
    assert MARKER not in source
    browser.open(file_url(page))
    check = """(() => ({
      title: document.title,
      pwned: window.__pwned === undefined ? null : String(window.__pwned),
      scripts: document.querySelectorAll("script").length,
      loaded: document.querySelectorAll(
        "img, iframe, object, embed, link, base, meta[http-equiv=refresh]").length,
      handlers: [...document.querySelectorAll("*")].filter((e) =>
        [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      hrefs: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href"))
        .filter((h) => !h.startsWith("#")),
    }))()"""
    names = [*HOSTILE, *extra]
    for who in [*(f"p{i}" for i in range(len(HOSTILE))), *(f"z{i}" for i in range(len(extra)))]:
        browser.evaluate(f'(location.hash = "#person=" + {json.dumps(who)}, 0)')
        browser.wait_for(
            lambda who=who: (
                browser.evaluate('document.getElementById("answer").dataset.person') == who
            ),
            timeout=20,
        )
        heading = browser.evaluate('document.getElementById("answer-title").textContent')
        assert heading == "Person " + org.people[who].name
    # Every name, as written, is in the page's text once everything is rendered.
    browser.evaluate('(document.getElementById("expand-all").click(), 0)')
    browser.evaluate('(window.dispatchEvent(new Event("beforeprint")), 0)')
    # Compared in the page, so that even a lone surrogate is compared as written; the page's
    # text is what <main> shows (the data block is not shown).
    missing = browser.evaluate(
        f"""(names => names.filter((name) =>
          !document.querySelector("main").textContent.includes(name)))({json.dumps(names)})"""
    )
    assert missing == []
    # Very long names wrap: nothing runs off the side of the page.
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    seen = browser.evaluate(check)
    assert seen == {
        "title": "Who decides: " + (SCRIPT + IMG + " $x$ & co"),
        "pwned": None,
        "scripts": 2,
        "loaded": 0,
        "handlers": 0,
        "hrefs": [],
    }
    # A resource typed in is data too, shown as written.
    typed = 'x/<img src=x onerror="window.__pwned=4">/</script>'
    browser.evaluate(f"(location.hash = {json.dumps(who_link(typed))}, 0)")
    browser.wait_for(
        lambda: browser.evaluate('document.getElementById("answer").dataset.resource') == typed,
        timeout=20,
    )
    assert browser.evaluate("window.__pwned === undefined")
    assert browser.evaluate('document.querySelectorAll("img").length') == 0
    title = browser.evaluate('document.getElementById("answer-title").textContent')
    assert title == f"Who decides {typed}?"


def test_the_policy_blocks_injected_scripts_and_outside_loads(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    page = publish(da.load(ROOT / "examples" / "acme.yaml"), tmp_path)
    browser.open(file_url(page))
    # Code that got into the page anyway (as if escaping had failed) is refused by the policy.
    outcome = browser.evaluate(
        """(async () => {
      const blocked = [];
      document.addEventListener(
        "securitypolicyviolation", (e) => blocked.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.__ran = 1";
      document.body.append(script);
      const style = document.createElement("style");
      style.textContent = "body { display: none }";
      document.head.append(style);
      const image = document.createElement("img");
      image.src = "https://example.com/pixel.png";
      document.body.append(image);
      await new Promise((done) => setTimeout(done, 300));
      return { ran: window.__ran === undefined ? null : window.__ran, blocked: blocked.sort(),
               display: getComputedStyle(document.body).display };
    })()"""
    )
    assert outcome["ran"] is None
    assert outcome["display"] != "none"
    assert outcome["blocked"] == ["img-src", "script-src-elem", "style-src-elem"]


def test_keyboard_alone_reaches_an_answer(chromium: Browser, tmp_path: Path) -> None:
    browser = chromium  # keys and print media go through Chromium's own protocol
    page = publish(da.load(ROOT / "examples" / "acme.yaml"), tmp_path)
    browser.open(file_url(page))

    def key(name: str, text: str = "") -> None:
        code = {"Enter": 13, "Tab": 9, "/": 191}[name]
        browser.send(
            "Input.dispatchKeyEvent",
            session=True,
            type="keyDown",
            key=name,
            text=text,
            windowsVirtualKeyCode=code,
        )
        browser.send(
            "Input.dispatchKeyEvent",
            session=True,
            type="keyUp",
            key=name,
            windowsVirtualKeyCode=code,
        )

    key("/", "/")  # "/" jumps to the search box
    assert browser.evaluate("document.activeElement.id") == "q"
    browser.send("Input.insertText", session=True, text="finance/billing/refunds")
    key("Enter", "\r")
    browser.wait_for(
        lambda: browser.evaluate('document.getElementById("answer").dataset.answer') == "who",
        timeout=20,
    )
    assert browser.evaluate("location.hash") == "#who=finance%2Fbilling%2Frefunds"
    assert browser.evaluate('document.getElementById("answer").dataset.deciders') == "max"
    # Tab moves through links and controls only: every one is a native focusable element.
    tags = set()
    for _ in range(12):
        key("Tab")
        tags.add(browser.evaluate("document.activeElement.tagName"))
    assert tags <= {"A", "BUTTON", "INPUT", "SUMMARY", "MAIN", "SECTION"}
    assert "A" in tags


def test_printing_shows_every_area_without_the_controls(chromium: Browser, tmp_path: Path) -> None:
    browser = chromium  # keys and print media go through Chromium's own protocol
    org = da.load(ROOT / "examples" / "acme.yaml")
    page = publish(org, tmp_path)
    browser.open(file_url(page, "who=finance/billing/refunds"))
    browser.send("Emulation.setEmulatedMedia", session=True, media="print")
    browser.evaluate('(window.dispatchEvent(new Event("beforeprint")), 0)')
    shown = browser.evaluate(
        """(() => ({
      areas: [...document.querySelectorAll("#tree [data-area]")]
        .filter((node) => node.getClientRects().length).map((node) => node.dataset.area),
      closed: document.querySelectorAll("#tree details:not([open])").length,
      search: getComputedStyle(document.getElementById("search")).display,
      buttons: [...document.querySelectorAll("button")].filter((b) => b.getClientRects().length)
        .length,
      people: document.querySelectorAll("#people tbody tr").length,
    }))()"""
    )
    browser.send("Emulation.setEmulatedMedia", session=True, media="")
    assert sorted(shown["areas"]) == sorted(org.areas)
    assert shown["closed"] == 0
    assert shown["search"] == "none"
    assert shown["buttons"] == 0
    assert shown["people"] == len(org.people)


def test_the_answer_reads_without_colour(browser: Browser | Firefox, tmp_path: Path) -> None:
    """Fallback, ambiguity and nobody are said in words, not shown by colour alone."""
    org = acme_with_every_kind_of_answer()
    page = publish(org, tmp_path)
    browser.open(file_url(page))
    for resource, words in (
        ("finance/billing/refunds", "Fallback:"),
        ("finance/billing/invoices/7", "Ambiguous:"),
        ("attic/box/hat", "Nobody decides:"),
        ("nowhere/at/all", "Nobody:"),
    ):
        browser.evaluate(f"{ASK}([{json.dumps(who_link(resource))}])")
        verdict = browser.evaluate('document.querySelector("#answer .verdict").textContent')
        assert verdict.startswith(words) or words in verdict, (resource, verdict)


# --- teams, deputies, absences and areas nobody holds -------------------------------------------


def wave_two_org() -> da.Org:
    """Every answer teams, deputies, absences and nobody areas add."""
    org = da.Org(name="Wave two")
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy"),
        da.Person("dee"),
        da.Area("top", scopes=["docs/**", "apps/**", "tmp/**"]),
        da.DRI("top", "ana"),
        # A team decides: any holder may.
        da.Role("web-team", holders=("cy", "dee"), collective=True),
        da.Area("web", parent="top", scopes=["apps/web/**"]),
        da.DRI("web", "web-team"),
        # An outside team the org lists no member of: the role itself decides.
        da.Role("vendor", collective=True),
        da.Area("vendored", parent="top", scopes=["apps/vendor/**"]),
        da.DRI("vendored", "vendor"),
        # The DRI is away: the deputy decides.
        da.Area("guides", parent="top", deputy="dee", scopes=["docs/guides/**"]),
        da.DRI("guides", "bo"),
        da.Absence("bo", start=DAY - dt.timedelta(days=3), end=DAY + dt.timedelta(days=3)),
        # Nobody holds these on purpose: no fallback to top, for the area or inside it.
        da.Area("scratch", parent="top", nobody=True, scopes=["tmp/scratch/**"]),
        da.Area("scratch-box", parent="scratch", scopes=["tmp/scratch/box/**"]),
    )
    return org


WAVE_TWO_QUESTIONS = [
    "apps/web/src/app.ts",
    "apps/vendor/lib.js",
    "docs/guides/intro",
    "docs/other",
    "tmp/scratch/a",
    "tmp/scratch/box/b",
    "tmp/other",
    "nowhere",
]


def test_teams_deputies_and_nobody_answer_as_python_does(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = wave_two_org()
    decisions = {q: org.who_decides(q, on=DAY) for q in WAVE_TWO_QUESTIONS}
    # The org has what it claims, so the comparison covers each kind of answer.
    assert decisions["apps/web/src/app.ts"].deciders == (org.people["cy"], org.people["dee"])
    assert decisions["apps/vendor/lib.js"].deciders == (org.roles["vendor"],)
    assert decisions["docs/guides/intro"].by_deputy
    assert decisions["tmp/scratch/a"].nobody
    assert decisions["tmp/scratch/box/b"].nobody
    page = publish(org, tmp_path)
    assert disagreements(org, page, browser, WAVE_TWO_QUESTIONS) == []


def test_deputies_teams_and_nobody_are_said_in_words(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    page = publish(wave_two_org(), tmp_path)
    browser.open(file_url(page))
    for resource, words in (
        ("docs/guides/intro", "decides as deputy of guides, because bo is away."),
        ("tmp/scratch/a", "says nobody holds its scopes"),
        ("tmp/scratch/box/b", "is vacant inside an area that says nobody holds its scopes"),
        ("apps/web/x", "cy or dee decides"),
        ("apps/vendor/x", "team vendor held by nobody decides"),
    ):
        browser.evaluate(f"{ASK}([{json.dumps(who_link(resource))}])")
        verdict = browser.evaluate('document.querySelector("#answer .verdict").textContent')
        assert words in verdict, (resource, verdict)
    browser.evaluate('(location.hash = "#area=guides", 0)')
    browser.wait_for(
        lambda: browser.evaluate('document.getElementById("answer").dataset.area') == "guides",
        timeout=20,
    )
    text = browser.evaluate('document.getElementById("answer").textContent')
    assert "Deputydee" in text


# --- search, people and findings ------------------------------------------------------------------


def test_search_finds_areas_people_and_resources(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    page = publish(da.load(ROOT / "examples" / "acme.yaml"), tmp_path)
    browser.open(file_url(page))
    typed = """(async (text) => {
      const input = document.getElementById("q");
      input.value = text;
      input.dispatchEvent(new Event("input"));
      const hrefs = [...document.querySelectorAll("#suggestions a")]
        .map((a) => a.getAttribute("href"));
      const changed = new Promise((done) =>
        window.addEventListener("hashchange", done, { once: true }));
      document.getElementById("search").requestSubmit();
      await changed;
      const answer = document.getElementById("answer").dataset.answer;
      return { hrefs, hash: location.hash, answer };
    })"""
    found = browser.evaluate(f"{typed}('billing')")
    assert found["hash"] == "#area=billing"
    assert found["answer"] == "area"
    assert "#area=billing" in found["hrefs"]
    assert "#who=billing" in found["hrefs"]  # "billing" is a resource too
    found = browser.evaluate(f"{typed}('Max')")  # a person's name
    assert "#person=max" in found["hrefs"]
    found = browser.evaluate(f"{typed}('max')")
    assert (found["hash"], found["answer"]) == ("#person=max", "person")
    found = browser.evaluate(f"{typed}('repo:apps/web/x.ts')")
    assert (found["hash"], found["answer"]) == ("#who=repo%3Aapps%2Fweb%2Fx.ts", "who")


def test_the_people_index_says_what_each_person_is_dri_of(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = acme_with_every_kind_of_answer()
    page = publish(org, tmp_path)
    browser.open(file_url(page))
    rows = browser.evaluate(
        """new Promise((done) => setTimeout(done, 0)).then(() =>
      Object.fromEntries([...document.querySelectorAll("#people tbody tr")].map((tr) =>
        [tr.dataset.person, [...tr.children[1].querySelectorAll("a")]
          .map((a) => decodeURIComponent(a.getAttribute("href").slice(6)))])))"""
    )
    assert rows == {p: [a.id for a in org.areas_of(p, on=DAY)] for p in org.people}


def test_the_findings_panel_lists_every_finding_with_links_to_its_subjects(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = acme_with_every_kind_of_answer()
    report = da.validate(org, on=DAY)
    page = publish(org, tmp_path)
    browser.open(file_url(page))
    shown = browser.evaluate(
        """new Promise((done) => setTimeout(done, 0)).then(() => {
      window.dispatchEvent(new Event("beforeprint"));
      return [...document.querySelectorAll("#findings li")].map((li) => ({
        code: li.dataset.code, severity: li.dataset.severity, text: li.textContent,
        links: [...li.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      }));
    })"""
    )
    order = {"error": 0, "warning": 1, "info": 2}
    want = sorted(report, key=lambda f: order[str(f.severity)])
    assert [(s["code"], s["severity"]) for s in shown] == [(f.code, str(f.severity)) for f in want]
    for finding, item in zip(want, shown, strict=True):
        assert finding.message in item["text"]
        for subject in finding.subjects:
            if subject in org.areas:
                assert f"#area={subject}" in item["links"]
            elif subject in org.people:
                assert f"#person={subject}" in item["links"]


def test_a_deep_chain_opens_without_nesting_the_page_deeply(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    """Deep trees stay usable: the tree stops nesting, the area's own view goes on."""
    depth = 120
    org = da.Org(name="Deep")
    org.add(da.Person("p"), da.DRI("a0", "p"))
    for i in range(depth):
        org.add(da.Area(f"a{i}", parent=f"a{i - 1}" if i else None, scopes=[f"s/{i}"]))
    page = publish(org, tmp_path)
    browser.open(file_url(page, f"area=a{depth - 1}"))
    seen = browser.evaluate(
        """(() => {
      let deepest = 0;
      for (const node of document.querySelectorAll("#tree details")) {
        let level = 0;
        for (let at = node; at; at = at.parentElement.closest("details")) level += 1;
        deepest = Math.max(deepest, level);
      }
      return { deepest, answer: document.getElementById("answer").dataset.area };
    })()"""
    )
    assert seen == {"deepest": 31, "answer": f"a{depth - 1}"}  # 31 nested, then a leaf
    answers = ask(browser, page, [f"s/{depth - 1}/x", "s/3"])
    assert answers == [expected(org, f"s/{depth - 1}/x"), expected(org, "s/3")]


# --- '?' and the exact form -----------------------------------------------------------------------


def scope_forms_org() -> da.Org:
    """'?' inside segments and the exact form (direct children only), beside ordinary scopes."""
    org = da.Org(name="Scope forms")
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Person("cy"),
        da.Area("top", scopes=["docs/**", "repo:**"]),
        da.DRI("top", "ana"),
        da.Area("guides", parent="top", scopes=["docs/v?/guide", "docs/v??-*/guide"]),
        da.DRI("guides", "bo"),
        da.Area("pages", parent="top", scopes=["docs/*/!**", "repo:src/*.p?/!**"]),
        da.DRI("pages", "cy"),
    )
    return org


SCOPE_FORM_QUESTIONS = [
    "docs/v1/guide",
    "docs/v1/guide/intro",
    "docs/v10/guide",
    "docs/v10-x/guide",
    "docs/vx/guide",
    "docs/v1",
    "docs/v1/other",
    "docs/v1/other/deeper",
    "repo:src/a.py",
    "repo:src/a.py/x",
    "repo:src/a.pyc",
    "repo:src/b.pl",
    "docs",
]


def test_question_marks_and_the_exact_form_answer_as_python_does(
    browser: Browser | Firefox, tmp_path: Path
) -> None:
    org = scope_forms_org()
    areas = {q: org.who_decides(q, on=DAY).area for q in SCOPE_FORM_QUESTIONS}
    # The forms do what they say, so the comparison below covers each.
    assert areas["docs/v1/guide"] == org.areas["guides"]
    assert areas["docs/v10/guide"] == org.areas["top"]
    assert areas["docs/v10-x/guide"] == org.areas["guides"]
    assert areas["docs/v1"] == org.areas["pages"]
    assert areas["docs/v1/other"] == org.areas["top"]
    assert areas["repo:src/a.py"] == org.areas["pages"]
    assert areas["repo:src/a.py/x"] == org.areas["top"]
    page = publish(org, tmp_path)
    questions = list(dict.fromkeys([*SCOPE_FORM_QUESTIONS, *questions_for(org, 200, seed=9)]))
    assert disagreements(org, page, browser, questions) == []
