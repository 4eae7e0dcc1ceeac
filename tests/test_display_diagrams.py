"""Mermaid and DOT output: structure, escaping, determinism, and the real parsers.

The structural tests read the output with regular expressions that admit only what
``to_mermaid`` and ``to_dot`` are meant to write, so a label that escaped its quotes would
fail them. The parser tests then feed the same text to Mermaid itself (npm ``mermaid`` under
node with jsdom, from tests/browser/node_modules) and to Graphviz ``dot``, and compare what
those tools understood (node ids, label texts, edges, classes) with the org. They skip only
when the tool is not installed; ``.ci/display-deps.sh`` installs both, and setting
``DISTAUTH_REQUIRE_DISPLAY_TOOLS=1`` turns those skips into failures.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import distauth as da
from distauth import display
from tests.conftest import DAY
from tests.helpers import (
    KEYWORD_IDS,
    ROOT,
    acme_org,
    broken_org,
    hostile_org,
    visible,
)

BROWSER_DIR = ROOT / "tests" / "browser"
# In CI (CI=true, as .ci/run runs) the tools are installed by .ci/display-deps.sh: a missing
# one is a failure there, never a silent skip.
REQUIRE_TOOLS = any(
    os.environ.get(name, "") not in ("", "0", "false")
    for name in ("DISTAUTH_REQUIRE_DISPLAY_TOOLS", "CI")
)

NODE_LINE = re.compile(r'  (n\d+)\["([^"\n]*)"\]')
EDGE_LINE = re.compile(r"  (n\d+) (-->|-\.->\|escalates to\|) (n\d+)")
CLASSDEF_LINE = re.compile(r"  classDef (error|warning|missing) [a-z0-9:#,.\-]+")
CLASS_LINE = re.compile(r"  class (n\d+(?:,n\d+)*) (error|warning|missing)")
ENTITY = re.compile(r"#(\d+);")


def skip_or_fail(reason: str) -> None:
    if REQUIRE_TOOLS:
        pytest.fail(f"{reason} (DISTAUTH_REQUIRE_DISPLAY_TOOLS is set)")
    pytest.skip(reason)


def expected_title(area: da.Area) -> str:
    """The first label line: the name (cut at 60 characters) and the id, or just the id."""
    if not area.name:
        return area.id
    name = visible(area.name)
    name = name if len(name) <= 60 else name[:59] + "…"
    return f"{name} ({area.id})" if area.name != area.id else name


# --- Mermaid, read by the structure it must have ----------------------------------------------


class Mermaid:
    """A to_mermaid output, parsed strictly: any other kind of line fails."""

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        assert lines[0] == "flowchart TD"
        assert lines[-1] == ""
        self.labels: dict[str, list[str]] = {}
        self.edges: list[tuple[str, str, str]] = []
        self.classes: dict[str, set[str]] = {}
        for line in lines[1:-1]:
            if m := NODE_LINE.fullmatch(line):
                assert m[1] not in self.labels
                label = m[2]
                # Outside entity codes, only letters, digits and plain marks are left.
                assert re.fullmatch(r"(?:[\w .,\-/+=?!'()@]|: |#\d+;|<br/>)*", label), label
                decoded = ENTITY.sub(lambda e: chr(int(e[1])), label)
                self.labels[m[1]] = decoded.split("<br/>")
            elif m := EDGE_LINE.fullmatch(line):
                kind = "parent" if m[2] == "-->" else "escalates_to"
                self.edges.append((m[1], m[3], kind))
            elif CLASSDEF_LINE.fullmatch(line):
                pass
            elif m := CLASS_LINE.fullmatch(line):
                for node in m[1].split(","):
                    self.classes.setdefault(node, set()).add(m[2])
            else:
                raise AssertionError(f"unexpected line {line!r}")
        # Node ids are generated, in order.
        assert list(self.labels) == [f"n{i}" for i in range(len(self.labels))]

    def node(self, title: str) -> str:
        (found,) = (n for n, lines in self.labels.items() if lines[0] == title)
        return found


def test_mermaid_of_the_example_org_has_every_area_dri_and_link() -> None:
    org = acme_org()
    chart = Mermaid(display.to_mermaid(org, on=DAY))
    assert len(chart.labels) == len(org.areas)
    for area in org.areas.values():
        node = chart.node(expected_title(area))
        person = org.dri_of(area.id, on=DAY)
        assert person is not None
        assert chart.labels[node][1].startswith(f"DRI: {person.id}")
    parents = {(chart.labels[s][0], chart.labels[t][0]) for s, t, k in chart.edges if k == "parent"}
    assert parents == {
        (expected_title(org.areas[a.parent]), expected_title(a))
        for a in org.areas.values()
        if a.parent
    }
    assert chart.classes == {}


def test_mermaid_marks_problems_missing_nodes_and_escalations() -> None:
    org = broken_org(DAY)
    chart = Mermaid(display.to_mermaid(org, on=DAY))
    design = chart.node("Design (product-design)")
    assert chart.labels[design][1:] == ["no DRI", "DA101 DA402"]
    assert chart.classes[design] == {"error"}
    assert chart.classes[chart.node("analytics")] == {"warning"}
    assert chart.labels[chart.node("Engineering (engineering)")][1] == "DRI: cy, inactive"
    assert chart.node("side-project-web") not in chart.classes  # info findings only (DA404)
    assert chart.classes[chart.node("misc")] == {"warning"}  # DA505: its DRI is away
    missing = chart.node("missing: operatons")
    assert chart.classes[missing] == {"missing"}
    assert (missing, chart.node("it"), "parent") in chart.edges
    wrong_kind = chart.node("not an area: gus (person)")
    assert (wrong_kind, chart.node("facilities"), "parent") in chart.edges
    assert (chart.node("legal"), chart.node("contracts"), "escalates_to") in chart.edges
    # A parent cycle is drawn as the cycle it is.
    moon, skunk = chart.node("moonshots"), chart.node("skunkworks")
    assert {(moon, skunk, "parent"), (skunk, moon, "parent")} <= set(chart.edges)


def test_mermaid_labels_survive_hostile_names() -> None:
    org = hostile_org()
    chart = Mermaid(display.to_mermaid(org))
    titles = {lines[0] for lines in chart.labels.values()}
    for area in org.areas.values():
        assert expected_title(area) in titles
    for ident in KEYWORD_IDS:
        assert ident not in chart.labels or ident.startswith("n")


def test_diagrams_are_deterministic() -> None:
    org = broken_org(DAY)
    # The same org built in another order gives the same text.
    shuffled = da.Org(name=org.name, resources=org.resources)
    entities: list[da.Person | da.Role | da.Area] = [
        *org.people.values(),
        *org.roles.values(),
        *org.areas.values(),
    ]
    records: list[da.DRI | da.DecisionRecord | da.Absence] = [
        *org.all_dris(),
        *org.decisions.values(),
        *org.absences,
    ]
    shuffled.add(*reversed(entities), *reversed(records))
    assert display.to_mermaid(org, on=DAY) == display.to_mermaid(shuffled, on=DAY)
    assert display.to_dot(org, on=DAY) == display.to_dot(shuffled, on=DAY)
    assert display.to_mermaid(org, on=DAY) == display.to_mermaid(org.copy(), on=DAY)


def test_diagrams_follow_the_day() -> None:
    org = acme_org()
    before = Mermaid(display.to_mermaid(org, on=DAY))
    after = Mermaid(display.to_mermaid(org, on=dt.date(2027, 1, 2)))
    assert before.labels[before.node("Billing (billing)")][1] == "DRI: max (as billing-lead)"
    assert after.labels[after.node("Billing (billing)")][1] == "DRI: ola, acting"


def test_empty_org_diagrams() -> None:
    assert Mermaid(display.to_mermaid(da.Org())).labels == {}
    assert "->" not in display.to_dot(da.Org())


# --- DOT, read by the structure it must have ----------------------------------------------------

DOT_NODE = re.compile(r'  (n\d+) \[label="((?:[^"\\]|\\.)*)"(?:, [^\n]*)?\];')
DOT_EDGE = re.compile(r"  (n\d+) -> (n\d+)( \[style=dashed[^\n]*\])?;")


def dot_unescape(text: str) -> list[str]:
    lines = re.split(r"(?<!\\)\\n", text)
    return [html.unescape(re.sub(r"\\(.)", r"\1", line)) for line in lines]


def test_dot_lines_are_well_formed_and_labels_round_trip() -> None:
    org = hostile_org()
    text = display.to_dot(org)
    lines = text.split("\n")
    assert lines[0] == "digraph org {"
    assert lines[-2:] == ["}", ""]
    labels: dict[str, list[str]] = {}
    for line in lines[1:-2]:
        if m := DOT_NODE.fullmatch(line):
            labels[m[1]] = dot_unescape(m[2])
        else:
            assert DOT_EDGE.fullmatch(line) or line.startswith(
                ("  graph [", "  node [", "  edge [")
            ), line
    assert list(labels) == [f"n{i}" for i in range(len(labels))]
    titles = {lines[0] for lines in labels.values()}
    for area in org.areas.values():
        assert expected_title(area) in titles


# --- the real tools -------------------------------------------------------------------------------


def run_mermaid(sources: list[str], tmp_path: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed")
    if not (BROWSER_DIR / "node_modules" / "mermaid" / "package.json").exists():
        skip_or_fail("the mermaid npm package is not installed: run .ci/display-deps.sh")
    assert node is not None
    given, got = tmp_path / "in.json", tmp_path / "out.json"
    given.write_text(json.dumps(sources), encoding="utf-8")
    subprocess.run(
        [node, str(BROWSER_DIR / "mermaid_check.mjs"), str(given), str(got)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    results: list[dict[str, Any]] = json.loads(got.read_text(encoding="utf-8"))
    return results


def mermaid_decode(text: str) -> list[str]:
    """Undo Mermaid's own entity placeholders (it renders them as &#N; and &name;)."""
    text = re.sub("\ufb02\xb0\xb0(\\d+)\xb6\xdf", lambda m: chr(int(m[1])), text)
    text = re.sub("\ufb02\xb0(\\w+)\xb6\xdf", lambda m: html.unescape(f"&{m[1]};"), text)
    return text.split("<br>")


def test_mermaid_parses_with_the_real_parser(tmp_path: Path) -> None:
    orgs = [acme_org(), broken_org(DAY), hostile_org(), da.Org()]
    sources = [display.to_mermaid(org, on=DAY) for org in orgs]
    results = run_mermaid(sources, tmp_path)
    for org, source, result in zip(orgs, sources, results, strict=True):
        assert result["ok"], result.get("error")
        assert result["type"] == "flowchart-v2"
        ours = Mermaid(source)
        theirs = {v[0]: (mermaid_decode(v[1]), set(v[2])) for v in result["vertices"]}
        # Mermaid understood exactly our nodes, labels and classes...
        assert {n: lines for n, (lines, _) in theirs.items()} == ours.labels
        assert {n: c for n, (_, c) in theirs.items() if c} == ours.classes
        # ...and exactly our edges, dashed where we escalate.
        edges = [
            (e[0], e[1], "escalates_to" if e[2] == "dotted" else "parent") for e in result["edges"]
        ]
        assert edges == ours.edges
        titles = {lines[0] for lines in ours.labels.values()}
        assert all(expected_title(a) in titles for a in org.areas.values())


def test_mermaid_parser_catches_a_broken_label(tmp_path: Path) -> None:
    # The check above could pass vacuously if the parser accepted anything.
    (result,) = run_mermaid(['flowchart TD\n  n0["a"b"]\n'], tmp_path)
    assert not result["ok"]


def test_dot_renders_with_graphviz() -> None:
    dot = shutil.which("dot")
    if dot is None:
        skip_or_fail("graphviz (dot) is not installed: run .ci/display-deps.sh")
    assert dot is not None
    for org in (acme_org(), broken_org(DAY), hostile_org(), da.Org()):
        source = display.to_dot(org, on=DAY)
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        svg = ET.fromstring(done.stdout)
        ns = {"svg": "http://www.w3.org/2000/svg"}
        nodes = {}
        for group in svg.iterfind(".//svg:g", ns):
            if "node" not in (group.get("class") or "").split():
                continue
            title = group.findtext("svg:title", namespaces=ns)
            texts = [t.text or "" for t in group.iterfind("svg:text", ns)]
            nodes[title] = texts
        assert set(nodes) == {f"n{i}" for i in range(len(nodes))}
        titles = {texts[0].strip() for texts in nodes.values() if texts}
        assert len(nodes) >= len(org.areas)
        for area in org.areas.values():
            assert expected_title(area).strip() in titles, area.id
