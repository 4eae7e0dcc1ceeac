"""The published page without a browser: self-contained, policy-bound, inert data, the CLI.

What the page *does* is tested in headless Chromium (tests/test_site_browser.py); these tests
check what the file is.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import distauth as da
from distauth import display
from distauth.cli import main
from distauth.scopes import matches
from distauth.strategies import orgs, resources, scopes
from tests.conftest import DAY
from tests.helpers import ROOT, SCRIPT, hostile_org

ACME = ROOT / "examples" / "acme.yaml"


def parts(page: str) -> dict[str, Any]:
    """The page's policy, inline script, inline style and data, as the browser reads them."""
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    script = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    style = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    data = re.findall(r'<script type="application/json" id="org-data">(.*?)</script>', page, re.S)
    assert policy
    assert (len(script), len(style), len(data)) == (1, 1, 1)
    return {
        "policy": html.unescape(policy[1]),
        "script": script[0],
        "style": style[0],
        "data": json.loads(data[0]),
        "raw": data[0],
    }


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_allows_exactly_the_pages_own_script_and_style() -> None:
    page = display.site(da.load(ACME), on=DAY)
    found = parts(page)
    directives = dict(d.strip().split(" ", 1) for d in found["policy"].split(";"))
    assert directives == {
        "default-src": "'none'",
        "script-src": sha256(found["script"]),
        "style-src": sha256(found["style"]),
        "img-src": "'none'",
        "font-src": "'none'",
        "connect-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }


def test_the_page_refers_to_nothing_outside_itself() -> None:
    page = display.site(da.load(ACME), on=DAY)
    targets = re.findall(r"\b(?:src|href|action)\s*=\s*[\"']([^\"']*)", page, re.IGNORECASE)
    assert targets
    assert [t for t in targets if not t.startswith("#")] == []
    assert "http://" not in page
    assert "https://" not in page
    assert "@import" not in page
    assert "url(" not in page


def test_the_data_block_holds_the_org_and_no_name_can_end_it() -> None:
    org = hostile_org()
    org.add(da.Area("closer", name="</script><script>alert(1)</script>", purpose="\u2028 &amp;"))
    page = display.site(org, on=DAY)
    found = parts(page)
    assert not {"<", ">", "&"} & set(found["raw"])
    assert found["raw"].isascii()
    names = {a["i"]: a.get("n", "") for a in found["data"]["areas"]}
    assert names == {a.id: a.name for a in org.areas.values()}
    assert {p["i"]: p.get("n", "") for p in found["data"]["people"]} == {
        p.id: p.name for p in org.people.values()
    }
    # Only the page's own two scripts: the hostile text added none.
    assert page.count("<script") == 2
    assert SCRIPT not in page


def test_text_that_looks_like_a_placeholder_stays_as_written() -> None:
    org = da.Org(name="{script}{data}{style}{policy}{title}")
    org.add(da.Area("a", purpose="{script}"))
    page = display.site(org, on=DAY)
    found = parts(page)
    assert found["data"]["name"] == org.name
    assert found["data"]["areas"][0]["u"] == "{script}"
    assert "<title>Who decides: {script}{data}{style}{policy}{title}</title>" in page


def test_the_title_shows_no_control_or_reordering_characters() -> None:
    page = display.site(da.Org(name="a\u202eb\nc\x00d"), on=DAY)
    assert "<title>Who decides: a\ufffdb\ufffdc\ufffdd</title>" in page


def test_each_area_carries_pythons_answer_for_when_it_wins() -> None:
    """The page's per-area answer is who_decides for a resource only that area matches."""
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("bo"),
        da.Area("top", scopes=["x/**"]),
        da.Area("mid", parent="top", scopes=["x/m/**"]),
        da.Area("low", parent="mid", scopes=["x/m/l"]),
        da.DRI("top", "ana"),
        da.DRI("low", "bo", end=DAY),  # ended: low is vacant on DAY
    )
    data = parts(display.site(org, on=DAY))["data"]
    at = {a["i"]: a for a in data["areas"]}
    index = [a["i"] for a in data["areas"]]
    assert at["top"]["w"] == [["ana"], 0, index.index("top")]
    # mid and low are vacant: their decisions fall back to top's DRI.
    assert at["mid"]["w"] == [["ana"], 1, index.index("top")]
    assert at["low"]["w"] == [["ana"], 1, index.index("top")]
    decision = org.who_decides("x/m/l/z", on=DAY)
    assert (decision.area, decision.fallback) == (org.areas["low"], True)


def match_compiled(items: list[Any], segments: list[str], exact: int) -> bool:
    """The page's matching rule, restated over the compiled items (for the property below)."""
    states = {0}

    def close(found: set[int]) -> set[int]:
        out = set(found)
        for start in sorted(found):
            p = start
            while p < len(items) and items[p] == 0:
                p += 1
                out.add(p)
        return out

    states = close(states)
    for segment in segments:
        if len(items) in states and not exact:
            return True
        step: set[int] = set()
        for p in states:
            if p == len(items):
                continue
            item = items[p]
            if item == 0:
                step.add(p)
            elif isinstance(item, str):
                if item == segment:
                    step.add(p + 1)
            elif re.fullmatch(
                "".join({1: ".*", 2: "."}.get(t) or re.escape(t) for t in item), segment, re.DOTALL
            ):
                step.add(p + 1)
        states = close(step)
    return len(items) in states


@settings(max_examples=300)
@given(scope=scopes(), resource=resources())
def test_the_compiled_patterns_mean_what_the_scopes_mean(scope: str, resource: str) -> None:
    """The segment kinds the page receives match exactly the resources the scope matches."""
    org = da.Org()
    org.add(da.Area("a", scopes=[scope]))
    ((text, namespace, items, exact),) = parts(display.site(org, on=DAY))["data"]["areas"][0]["s"]
    assert text == scope
    ns, _, path = resource.rpartition(":")
    same_namespace = namespace == ns
    found = same_namespace and match_compiled(items, path.split("/"), exact)
    assert found == matches(scope, resource)


@settings(max_examples=25, deadline=None)
@given(org=st.one_of(orgs(max_areas=15, dated=True), orgs(valid=False, max_areas=10)))
def test_any_org_publishes(org: da.Org) -> None:
    found = parts(display.site(org, on=DAY))
    assert [a["i"] for a in found["data"]["areas"]] == sorted(org.areas)
    assert len(found["data"]["findings"]) == len(da.validate(org, on=DAY).findings)


def test_site_refuses_what_is_not_an_org_or_a_date() -> None:
    with pytest.raises(da.DistauthError, match="must be an Org"):
        display.site("org.yaml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"datetime\.date"):
        display.site(da.Org(), on="2026-01-01")  # type: ignore[arg-type]


def test_the_page_is_as_of_the_day_asked(tmp_path: Path) -> None:
    org = da.load(ACME)
    before = parts(display.site(org, on=dt.date(2026, 12, 31)))["data"]
    after = parts(display.site(org, on=dt.date(2027, 1, 1)))["data"]
    billing = next(a for a in before["areas"] if a["i"] == "billing")
    billing_after = next(a for a in after["areas"] if a["i"] == "billing")
    assert (before["on"], after["on"]) == ("2026-12-31", "2027-01-01")
    assert billing["d"] != billing_after["d"]


# --- the command line ----------------------------------------------------------------------------


def test_cli_site_writes_index_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "public" / "map"
    assert main(["site", str(ACME), "-o", str(out), "--on", "2026-12-01"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page == display.site(da.load(ACME), on=dt.date(2026, 12, 1))
    assert "index.html" in capsys.readouterr().err


def test_cli_site_load_errors_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "org.yaml"
    bad.write_text("version: 1\nareas:\n  a: {parent: [x]}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["site", str(bad), "-o", str(out)]) == 2
    assert "org.yaml:3" in capsys.readouterr().err
    assert not out.exists()


def test_cli_site_refuses_an_output_that_is_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("keep me", encoding="utf-8")
    assert main(["site", str(ACME), "-o", str(taken)]) == 2
    assert "not a directory" in capsys.readouterr().err
    assert taken.read_text(encoding="utf-8") == "keep me"
