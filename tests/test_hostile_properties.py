"""Hostile orgs through everything a user can run: never a traceback.

Orgs of any shape (broken ones too) get hostile names and purposes (control characters,
terminal escapes, bidi overrides, lone surrogates, YAML and TOML syntax, very long text) and
DRI dates at the calendar's ends; then ``validate``, every query, every output format, the
displays and every CLI command run on them, on days at both ends of the calendar. Each may
answer or refuse with a :class:`distauth.DistauthError`; nothing else may escape, and text
meant for a terminal never carries a control character of the org's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import re
import tempfile
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import distauth as da
from distauth import display
from distauth._formats import (
    format_github,
    format_json,
    format_sarif,
    format_text,
    format_tree,
)
from distauth._runs import CheckedFile, Run
from distauth.cli import main
from distauth.strategies import orgs

#: Text that has broken a terminal, a file format or an encoder somewhere.
NASTY = [
    "\x1b]0;pwned\x07",
    "\x1b[2J\x1b[H",
    "\r\x1b[1Aforged: 0 errors",
    "\u202eevil",
    "\ud800",
    "\udcff",
    "\x00",
    "\x85\u2028\u2029",
    "'''",
    '"""',
    "\\",
    "- item",
    "key: value",
    "# not a comment",
    "&anchor *alias",
    "!!python/object:os.system",
    "null",
    "~",
    "yes",
    "[1, 2",
    "{a: b",
    '"\'"',
    "x" * 3000,
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=()), max_size=40),
    st.lists(st.sampled_from(NASTY), min_size=2, max_size=4).map("".join),
)

CALENDAR_ENDS = [
    dt.date.min,
    dt.date.min + dt.timedelta(days=1),
    dt.date.max - dt.timedelta(days=1),
    dt.date.max,
]
hostile_days = st.sampled_from(CALENDAR_ENDS) | st.dates()

#: Resources that are well-formed but odd: long, deep, unusual characters.
hostile_resources = st.one_of(
    st.sampled_from(["a", "a/" * 500 + "b", "x" * 5000, "repo:ünï/cödé", "ns:\u202e/x", "a/b c/d"]),
    st.lists(
        st.text(st.characters(blacklist_characters="/:*"), min_size=1, max_size=8),
        min_size=1,
        max_size=6,
    ).map("/".join),
)


@st.composite
def hostile_orgs(draw: st.DrawFn) -> da.Org:
    extras = draw(st.booleans())
    org = draw(
        orgs(
            valid=False, max_areas=6, dated=True, handles=extras, teams=extras,
            deputies=extras, absences=extras, nobody=extras, decisions=extras,
        )
    )  # fmt: skip
    org.name = draw(hostile_text)
    for person in list(org.people.values()):
        handles = [h.strip() for h in draw(st.lists(hostile_text, max_size=2)) if h.strip()]
        org.replace(
            attrs.evolve(person, name=draw(hostile_text), handles=tuple(dict.fromkeys(handles)))
        )
    for decision in list(org.decisions.values()):
        title = draw(hostile_text).strip() or "t"
        org.replace(attrs.evolve(decision, title=title, rationale=draw(hostile_text)))
    for area in list(org.areas.values()):
        org.replace(attrs.evolve(area, name=draw(hostile_text), purpose=draw(hostile_text)))
    areas, people = sorted(org.areas), sorted(org.people)
    if areas and people:
        start = draw(st.none() | st.sampled_from(CALENDAR_ENDS[:3]))
        end = draw(st.none() | st.sampled_from(CALENDAR_ENDS[1:]))
        if start is not None and end is not None and end <= start:
            start = None
        record = da.DRI(
            draw(st.sampled_from(areas)), draw(st.sampled_from(people)), start=start, end=end
        )
        if record not in org.all_dris():
            org.add(record)
    return org


def resources_of(org: da.Org, extra: list[str]) -> list[str]:
    found = list(org.resources)
    for resource in extra:
        try:
            da.scopes.check_resource(resource)
        except da.DistauthError:
            continue
        found.append(resource)
    return found


def exercise_queries(org: da.Org, day: dt.date, resources: list[str]) -> None:
    for area in org.areas:
        org.dris(area, on=day)
        org.dri_of(area, on=day)
        path = org.escalation_path(area, on=day)
        path.explain()
        path.to_dict()
        repr(path)
    for a, b in itertools.islice(itertools.product(org.areas, repeat=2), 20):
        answer = org.arbitration(a, b, on=day)
        answer.explain()
        answer.to_dict()
        org.arbiter(a, b, on=day)
    for person in org.people:
        org.areas_of(person, on=day)
    for decision in org.who_decides_many(resources, on=day):
        decision.explain()
        decision.to_dict()
        repr(decision)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_orgs(), hostile_days, st.lists(hostile_resources, max_size=3))
def test_validate_queries_outputs_and_displays_never_raise(
    org: da.Org, day: dt.date, extra: list[str]
) -> None:
    config = da.Config(handover_horizon_days=10**9, max_areas_per_person=0)
    report = da.validate(org, on=day, config=config)
    str(report)
    report.to_dict()
    exercise_queries(org, day, resources_of(org, extra))
    run = Run([CheckedFile("org.yaml", len(org.areas), len(org.people), report.findings)])
    format_json(run)
    format_sarif(run, da.RULES, version="0")
    assert not CONTROL.search(format_github(run).replace("\n", ""))
    format_text(run)
    format_tree(org, report, on=day)
    repr(org)
    display.html(org, on=day)
    display.html(report)
    display.to_mermaid(org, on=day)
    display.to_dot(org, on=day)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_orgs(), st.sampled_from(CALENDAR_ENDS), st.sampled_from(["yaml", "json", "toml"]))
def test_every_command_and_format_answers_hostile_files_without_a_traceback(
    org: da.Org, day: dt.date, file_format: str
) -> None:
    try:
        text = da.dumps(org, format=file_format)
    except da.DistauthError:
        return  # a value the format cannot hold is refused cleanly: nothing to run
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / f"org.{file_format}")
        Path(path).write_text(text, encoding="utf-8")
        on = ["--on", day.isoformat()]
        area = next(iter(sorted(org.areas)), "nowhere")
        person = next(iter(sorted(org.people)), "nobody")
        resource = next(iter(org.resources), "finance/x")
        other = str(Path(tmp) / f"other.{file_format}")
        Path(other).write_text(da.dumps(org.copy(), format=file_format), encoding="utf-8")
        adr = Path(tmp) / "adr"
        adr.mkdir()
        (adr / "0001-use-x.md").write_text(
            f"# Use {org.name[:200]}\n\n* Status: accepted\n* Deciders: {person}\n"
            f"* Date: {day.isoformat()}\n\n## Context\n\n{org.name[:200]}\n",
            encoding="utf-8",
        )
        owners = Path(tmp) / "CODEOWNERS"
        owners.write_text(f"/{resource[:100]} @{person}\n* @{area}\n", encoding="utf-8")
        commands: list[list[str]] = [
            *(["validate", path, "--format", f, *on] for f in ("text", "json", "sarif", "github")),
            ["show", path, *on],
            ["show", path, "--color", "always", *on],
            *(["who", path, resource, "--format", f, *on] for f in ("text", "json")),
            *(["escalate", path, area, "--format", f, *on] for f in ("text", "json")),
            *(["arbiter", path, area, area, "--format", f, *on] for f in ("text", "json")),
            *(
                ["export", path, "--to", f, *on]
                for f in ("yaml", "json", "toml", "mermaid", "dot", "codeowners")
            ),
            *(["diff", path, other, "--format", f, *on] for f in ("text", "markdown", "json")),
            *(["whois", path, person, "--format", f, *on] for f in ("text", "json")),
            ["whois", path, person, "--leaving", day.isoformat(), *on],
            ["decisions", path, str(adr), "--area-dir", f"{area}={adr}"],
            ["decisions", path, str(adr), "--metrics", "--format", "json"],
            ["import", "codeowners", str(owners), "-o", str(Path(tmp) / "imported.yaml")],
            ["site", path, "-o", str(Path(tmp) / "site"), *on],
        ]
        for argv in commands:
            code, out, err = run_cli(*argv)
            assert code in (0, 1, 2), argv
            machine = {"json", "sarif", "export", "markdown", "site", "import"}
            if not machine & set(argv):
                painted = "always" in argv
                shown = re.sub(r"\x1b\[[0-9]{1,2}m", "", out + err) if painted else out + err
                assert not CONTROL.search(shown.replace("\n", "").replace("\t", "")), argv
