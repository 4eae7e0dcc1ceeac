"""The HTML reprs in a real browser: headless Chromium shows the text and runs no injected code.

Each repr is written into a page with a small harness script of ours (tests/browser/harness.js)
that runs after it and records the rendered text and anything an injected script would have
changed. ``chromium --dump-dom`` prints the page after its scripts ran. The tests skip only
when no Chromium binary is found (``.ci/display-deps.sh`` installs Debian's); set
``DISTAUTH_REQUIRE_DISPLAY_TOOLS=1`` to make that a failure.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

import distauth as da
from distauth import display
from tests.cdp import find_chromium
from tests.helpers import MARKER, ROOT, SCRIPT, acme_org, broken_org, hostile_org

# In CI (CI=true, as .ci/run runs) the tools are installed by .ci/display-deps.sh: a missing
# one is a failure there, never a silent skip.
REQUIRE_TOOLS = any(
    os.environ.get(name, "") not in ("", "0", "false")
    for name in ("DISTAUTH_REQUIRE_DISPLAY_TOOLS", "CI")
)
TITLE = "distauth repr test"

# Without these, headless Chromium can hang on network lookups, first-run UI or updates.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--window-size=1280,2000",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = "no chromium binary found (install Debian's: .ci/display-deps.sh)"
        if REQUIRE_TOOLS:
            pytest.fail(f"{reason}; DISTAUTH_REQUIRE_DISPLAY_TOOLS is set")
        pytest.skip(reason)
    return path


def open_page(chromium: str, fragment: str, tmp_path: Path) -> tuple[str, dict[str, Any]]:
    """Open *fragment* in Chromium: the DOM after scripts ran, and what the harness saw."""
    harness = (ROOT / "tests" / "browser" / "harness.js").read_text(encoding="utf-8")
    # A fresh profile each time: a reused one can make Chromium wait for the previous run.
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    page = work / "repr.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head>'
        f'<body><div id="repr">{fragment}</div><pre id="result"></pre>'
        f"<script>{harness}</script></body></html>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    dom = done.stdout.decode("utf-8")
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found[1]))
    return dom, result


def render(chromium: str, fragment: str, tmp_path: Path) -> dict[str, Any]:
    """Open *fragment* and check that nothing in it ran or could run."""
    dom, result = open_page(chromium, fragment, tmp_path)
    assert MARKER not in dom
    assert result["title"] == TITLE
    assert result["pwned"] is None
    assert result["scripts"] == 0
    assert result["images"] == 0
    assert result["handlers"] == 0
    assert result["width"] > 100
    assert result["height"] > 50
    return result


def test_the_harness_notices_a_script_that_runs(chromium: str, tmp_path: Path) -> None:
    # The control: without escaping, the hostile name would run and the checks would see it.
    dom, result = open_page(chromium, f"<div>{SCRIPT}</div>", tmp_path)
    assert MARKER in dom
    assert result["title"] == MARKER
    assert result["pwned"] == "1"
    assert result["scripts"] == 1


def test_example_org_repr_shows_names_dris_and_counts(chromium: str, tmp_path: Path) -> None:
    org = acme_org()
    seen = render(chromium, display.html(org), tmp_path)
    text = seen["text"]
    assert "Acme Robotics" in text
    assert "40 areas" in text
    for area in org.areas.values():
        assert area.id in text
        person = org.dri_of(area.id)
        assert person is not None
        assert person.name in text


def test_broken_report_repr_shows_every_code_and_message(chromium: str, tmp_path: Path) -> None:
    on = dt.date.today()
    report = da.validate(broken_org(on), on=on)
    seen = render(chromium, display.html(report), tmp_path)
    for finding in report:
        assert finding.code in seen["text"]
        assert finding.message in seen["text"]
    # The broken org's own repr shows the codes in its area tree too.
    tree = render(chromium, display.html(broken_org(on)), tmp_path)["text"]
    for code in ("DA101", "DA102", "DA202", "DA401", "DA504"):
        assert code in tree


def test_hostile_names_show_as_text_and_never_run(chromium: str, tmp_path: Path) -> None:
    org = hostile_org()
    fragment = display.html(org) + display.html(da.validate(org))
    fragment += display.html(org.people["p14"]) + display.html(org.roles["lead"])
    seen = render(chromium, fragment, tmp_path)
    text = seen["text"]
    for needle in (
        "<script>document.title='PW'+'NED'+(6*7);window.__pwned=1</script>",
        '<img src=x onerror="',
        "<b>bold</b>",
        "%%{init:",
        "&amp; &lt; &#60;",
        "ünïcödé 中文 🙂",
        "<!-- comment",
    ):
        assert needle in text, needle
