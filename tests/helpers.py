"""Helpers shared by several test modules (never imported from another test module).

Real data sets, the second-wave switches of the strategies, the example, hostile and big orgs
the display tests draw, and the file layer's hypothesis strategies (orgs full of the texts
files get wrong: ids that YAML 1.1 reads as booleans or numbers, names with NEL, LS, bidi
overrides, emoji, quotes, colons, ``#``, leading and trailing spaces, words like ``null``)
with the loaders that expect a file error.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import strategies as st

import distauth as da
from distauth.cli import main
from distauth.files import FileProblem
from tests.conftest import DAY

#: Every second-wave switch of ``distauth.strategies.orgs`` turned on.
EXTRAS = {
    "handles": True,
    "kinds": True,
    "teams": True,
    "deputies": True,
    "absences": True,
    "nobody": True,
    "decisions": True,
}

#: Public ownership files from real repositories, kept beside the repository (see its README).
REAL_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real"


def real_data(name: str) -> Path:
    """The directory of one real data set; skip the test when it is absent (fail under CI)."""
    path = REAL_DATA / name
    if not path.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"real data set {name!r} is missing at {path} (required in CI)")
        pytest.skip(f"real data set {name!r} is not available beside the repository")
    return path


# --- example, hostile and big orgs (the display, site and notebook tests) ----------------------

#: The repository's root.
ROOT = Path(__file__).resolve().parent.parent

#: What a hostile script would do if it ever ran: the marker is computed, so it never appears
#: literally in the page source, only in a page where the script actually executed.
MARKER = "PWNED42"
SCRIPT = "<script>document.title='PW'+'NED'+(6*7);window.__pwned=1</script>"
IMG = "<img src=x onerror=\"document.title='PW'+'NED'+(6*7)\">"

#: Names that are Mermaid or DOT keywords or syntax, HTML, comments, directives, entities,
#: Markdown, math, line breaks, bidi overrides, NUL, a lone surrogate and plain unicode.
HOSTILE = (
    "end",
    "graph",
    "click",
    "subgraph",
    'a"b',
    "[x]",
    "%%",
    "{}",
    "<b>bold</b>",
    ";",
    "`tick`",
    "```md```",
    "line1\nline2",
    "ünïcödé 中文 🙂",
    SCRIPT,
    IMG,
    "%%{init: {'theme': 'dark'}}%%",
    "#quot; #35; #lt;",
    "&amp; &lt; &#60;",
    "back\\slash \\N \\n \\",
    "style n0 fill:#f00;",
    "style a:b#c; x: #d;",
    "classDef x fill:#f00;",
    "ends in style:",
    "click n0 call alert(1)",
    '"] --> n1["x',
    '"];\nclick n0 "javascript:alert(1)"',
    "]]> -->",
    "\u202egnp.exe",
    "nul\x00byte",
    "lone \ud800 surrogate",
    "tab\there",
    "$\\frac{1}{$",
    "n1",
    "<!-- comment",
)

#: Area ids that are keywords of Mermaid or DOT, or look like generated node ids.
KEYWORD_IDS = (
    "end",
    "graph",
    "click",
    "subgraph",
    "style",
    "class",
    "classdef",
    "default",
    "flowchart",
    "digraph",
    "node",
    "edge",
    "strict",
    "n0",
    "n1",
)


def visible(text: str) -> str:
    """How a hostile text is meant to show: on one line, unencodable characters replaced."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(" ")
        elif ch in "\x00\ud800\u202e":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


@functools.cache
def acme_module() -> ModuleType:
    """examples/acme.py, loaded by path (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location("acme", ROOT / "examples" / "acme.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def acme_org() -> da.Org:
    org: da.Org = acme_module().build()
    return org


def broken_org(on: dt.date = DAY) -> da.Org:
    org: da.Org = acme_module().build_broken(on)
    return org


def hostile_org() -> da.Org:
    """Hostile names everywhere, keyword ids, and every kind of broken structure."""
    org = da.Org(name=SCRIPT + IMG + " $x$ & co")
    people = [
        da.Person(f"p{i}", name=text, email="<b>@x.example", tags={text if text.strip() else "t"})
        for i, text in enumerate(HOSTILE)
    ]
    org.add(*people)
    org.add(
        da.Role(
            "lead",
            name=SCRIPT,
            purpose=IMG,
            accountabilities=[t for t in HOSTILE if t.strip()],
            holders=("p0", "p1"),
        )
    )
    for i, ident in enumerate(KEYWORD_IDS):
        org.add(
            da.Area(
                ident,
                name=HOSTILE[i],
                parent=KEYWORD_IDS[i - 1] if i else None,
                purpose=HOSTILE[-1 - i],
                scopes=[f"x/{ident}/**"],
                advisors=(f"p{i}",),
                tags={"<t>", HOSTILE[i] if HOSTILE[i].strip() else "t"},
            ),
            da.DRI(ident, f"p{i}"),
        )
    for i, text in enumerate(HOSTILE):
        org.add(da.Area(f"h{i}", name=text, parent="end", purpose=text), da.DRI(f"h{i}", f"p{i}"))
    org.add(
        # A parent cycle, a self-parent, a dangling parent, escalation to a person and to
        # nowhere, a role DRI with two holders, two DRIs, an unknown DRI.
        da.Area("loop-a", name=SCRIPT, parent="loop-b"),
        da.Area("loop-b", name=IMG, parent="loop-a"),
        da.Area("self", name="self", parent="self"),
        da.Area("orphan", name='"orphan"', parent="nowhere", escalates_to="p0"),
        da.Area("lost", name="lost", parent="n0", escalates_to="gone"),
        da.Area("overlap", name="overlap", parent="graph", scopes=["x/**"]),
        da.DRI("lost", "lead"),
        da.DRI("orphan", "p1"),
        da.DRI("orphan", "p2"),
        da.DRI("loop-a", "ghost"),
        # A DRI of an area that does not exist, and references to unknown people and roles.
        da.DRI("no-such-area", "p3"),
        da.Area("odd", advisors=("nobody",), informed=("lead", "p2"), parent="lead"),
        da.Role("stray", area="nowhere-area", holders=("ghost",)),
        da.DRI("odd", "stray"),
    )
    return org


def big_org(n: int = 10_000) -> da.Org:
    """A believable tree of *n* areas: each has up to 8 children, a DRI and an advisor."""
    org = da.Org(name="Big")
    people = [da.Person(f"p{i}", name=f"Person {i}") for i in range(n // 5)]
    items: list[da.Person | da.Area | da.DRI] = list(people)
    for i in range(n):
        items.append(
            da.Area(
                f"a{i}",
                name=f"Area {i}",
                parent=f"a{(i - 1) // 8}" if i else None,
                purpose="Own a part of the work",
                advisors=(f"p{(i + 1) % len(people)}",),
            )
        )
        items.append(da.DRI(f"a{i}", f"p{i % len(people)}"))
    org.add(*items)
    return org


# --- org files: strategies and loaders (the file-layer tests) --------------------------------

#: Ids that a YAML 1.1 reader would turn into something else, and ordinary ones.
TRAP_IDS = ["on", "no", "off", "yes", "y", "n", "null", "true", "017", "1.10", "0x1f", "1e3",
            "1_000", "12-30", "2027-01-01", "nan", "inf", "a.b", "x-y_z", "ana", "bo"]  # fmt: skip

#: Texts that must survive a dump and a load unchanged.
TRAP_TEXTS = [
    "",
    " ",
    "null",
    "Null",
    "~",
    "true",
    "NO",
    "on",
    "1.10",
    "017",
    "0o17",
    "1:20",
    "-1",
    "2027-01-01",
    "2027-01-01 10:00:00",
    "a: b",
    "a:b",
    "#hash",
    "a #b",
    "a#b",
    "- x",
    "-x",
    "? x",
    "[x]",
    "{x}",
    "x, y",
    "&anchor",
    "*alias",
    "!tag",
    "!!str",
    "%directive",
    "@at",
    "`tick`",
    "'single'",
    '"double"',
    "it's",
    'say "hi"',
    "back\\slash",
    " lead",
    "trail ",
    "\x85",
    "a\x85b",
    "a\u2028b",
    "\u2029",
    "\u202eevil\u202c",
    "\u200f",
    "🙂",
    "👩‍👩‍👧",
    "tab\there",
    "line\nbreak",
    "cr\rhere",
    "\x00nul",
    "\x07bell",
    "\x7f",
    "\ufeffbom",
    "\ufffe",
    "---",
    "...",
    "<<",
    "=",
    "|",
    ">",
    "a\\u0041",
    "Ünïcödé",
    "日本語",
    "ß",
]

SCOPES = ["finance/**", "repo:src/*.py", "a/b", "budget:gtm/*/events", "**", "x",
          "people/policies/*.md", "q*-report/x", "a b/c", "ops/**/logs"]  # fmt: skip
RESOURCES = ["finance/billing/invoices", "repo:src/app.py", "a/b", "x y/z", "ops/it",
             "budget:gtm/marketing/events"]  # fmt: skip
CODES = ["DA1", "DA101", "DA2", "DA302", "DA5", "DA502", "DA504"]

texts = st.one_of(st.sampled_from(TRAP_TEXTS), st.text(max_size=12))
nonblank = texts.filter(lambda t: bool(t.strip()))
ids = st.one_of(
    st.sampled_from(TRAP_IDS),
    st.from_regex(r"[a-z0-9]{1,4}([._-][a-z0-9]{1,3}){0,2}", fullmatch=True),
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
_email_part = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="@ "),
    min_size=1,
    max_size=6,
)
emails = st.builds(lambda a, b: f"{a}@{b}", _email_part, _email_part)


#: Handles: any text without surrounding spaces, trap texts included.
handles = texts.filter(lambda t: bool(t.strip()) and t == t.strip())
names = st.one_of(handles, ids)


def _unique(elements: st.SearchStrategy[Any], max_size: int) -> st.SearchStrategy[list[Any]]:
    return st.lists(elements, max_size=max_size, unique=True)


@st.composite
def dris_for(draw: st.DrawFn, area_ids: list[str], holder_ids: list[str]) -> da.DRI:
    area = draw(st.sampled_from(area_ids) if area_ids else ids)
    holder = draw(st.sampled_from(holder_ids) if holder_ids else ids)
    start = draw(st.none() | dates)
    end = draw(st.none() | dates)
    if start is not None and end is not None and end <= start:
        start, end = (end, start) if end < start else (start, None)
    return da.DRI(area, holder, start=start, end=end, acting=draw(st.booleans()))


@st.composite
def file_orgs(draw: st.DrawFn, max_entities: int = 8) -> da.Org:
    """Orgs with every kind of content a file carries, traps included."""
    all_ids = draw(_unique(ids, 3 * max_entities))
    n = len(all_ids)
    cut1 = draw(st.integers(0, n))
    cut2 = draw(st.integers(cut1, n))
    person_ids, area_ids, role_ids = all_ids[:cut1], all_ids[cut1:cut2], all_ids[cut2:]
    # References may name anything, defined or not: files carry broken orgs too.
    refs = st.one_of(st.sampled_from(all_ids), ids) if all_ids else ids
    people = [
        da.Person(
            ident,
            name=draw(texts),
            email=draw(st.none() | emails),
            active=draw(st.booleans()),
            tags=draw(st.frozensets(nonblank, max_size=3)),
        )
        for ident in person_ids
    ]
    areas = [
        da.Area(
            ident,
            name=draw(texts),
            parent=draw(st.none() | refs),
            purpose=draw(texts),
            scopes=draw(_unique(st.sampled_from(SCOPES), 3)),
            advisors=draw(_unique(refs, 3)),
            informed=draw(_unique(refs, 2)),
            escalates_to=draw(st.none() | refs),
            tags=draw(st.frozensets(nonblank, max_size=2)),
        )
        for ident in area_ids
    ]
    roles = [
        da.Role(
            ident,
            name=draw(texts),
            area=draw(st.none() | refs),
            purpose=draw(texts),
            accountabilities=draw(st.lists(nonblank, max_size=3)),
            holders=draw(_unique(refs, 3)),
        )
        for ident in role_ids
    ]
    dris = draw(
        st.lists(
            dris_for(area_ids, person_ids + role_ids),
            max_size=2 * max_entities,
            unique=True,
        )
    )
    org = da.Org(
        name=draw(texts),
        resources=draw(_unique(st.sampled_from(RESOURCES), 4)),
        ignores=draw(
            st.dictionaries(refs, st.frozensets(st.sampled_from(CODES), max_size=3), max_size=3)
        ),
    )
    org.add(*people, *areas, *roles, *dris)
    _add_second_wave(draw, org, all_ids, refs)
    return org


def _add_second_wave(
    draw: st.DrawFn, org: da.Org, all_ids: list[str], refs: st.SearchStrategy[str]
) -> None:
    """Handles, kinds, teams, deputies, nobody areas, absences and decision records."""
    for person in list(org.people.values()):
        org.replace(
            da.Person(
                person.id,
                name=person.name,
                email=person.email,
                active=person.active,
                tags=person.tags,
                handles=draw(_unique(handles, 3)),
                kind=draw(st.sampled_from(["human", "agent", "bot"])),
            )
        )
    for role in list(org.roles.values()):
        org.replace(
            da.Role(
                role.id,
                name=role.name,
                area=role.area,
                purpose=role.purpose,
                accountabilities=role.accountabilities,
                holders=role.holders,
                handles=draw(_unique(handles, 2)),
                collective=draw(st.booleans()),
            )
        )
    for area in list(org.areas.values()):
        org.replace(
            da.Area(
                area.id,
                name=area.name,
                parent=area.parent,
                purpose=area.purpose,
                scopes=area.scopes,
                advisors=area.advisors,
                informed=area.informed,
                escalates_to=area.escalates_to,
                tags=area.tags,
                deputy=draw(st.none() | refs),
                nobody=draw(st.booleans()),
            )
        )
    absences: dict[da.Absence, None] = {}
    for _ in range(draw(st.integers(0, 3))):
        start = draw(dates)
        end = start + dt.timedelta(days=draw(st.integers(1, 400)))
        absences[da.Absence(draw(refs), start=start, end=end)] = None
    taken = set(all_ids)
    records = []
    for ident in draw(_unique(ids, 3)):
        if ident in taken:
            continue
        records.append(
            da.DecisionRecord(
                ident,
                title=draw(nonblank),
                date=draw(dates),
                area=draw(st.none() | refs),
                resources=draw(_unique(st.sampled_from(RESOURCES), 2)),
                decided_by=draw(_unique(names, 3)),
                consulted=draw(_unique(names, 2)),
                informed=draw(_unique(names, 2)),
                dissent=draw(_unique(names, 2)),
                status=draw(st.sampled_from(["accepted", "proposed"]) | nonblank),
                rationale=draw(texts),
            )
        )
    org.add(*absences, *records)


def load_error(data: str | bytes, fmt: str = "yaml", **kwargs: Any) -> da.OrgFileError:
    """Load *data*, expecting an OrgFileError and nothing else, within a second of CPU."""
    import time

    from distauth.files import loads

    # CPU time of this process, not wall time: the bound is about the loader's work (no
    # quadratic blow-up, no hang), and a busy machine must not fail it.
    started = time.process_time()
    with pytest.raises(da.OrgFileError) as info:
        loads(data, fmt, source=f"org.{fmt}", **kwargs)
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"took {elapsed:.2f} s of CPU"
    assert "internal error" not in str(info.value), str(info.value)
    return info.value


def problem(
    data: str | bytes, fmt: str = "yaml", **kwargs: Any
) -> tuple[int | None, int | None, str, str]:
    """The one problem of *data*, as ``(line, column, path, message)``."""
    exc = load_error(data, fmt, **kwargs)
    assert len(exc.errors) == 1, str(exc)
    (found,) = exc.errors
    assert isinstance(found, FileProblem)
    return found.line, found.column, found.path, found.message


def problems(data: str | bytes, fmt: str = "yaml", **kwargs: Any) -> list[tuple[Any, ...]]:
    """Every problem of *data*, as ``(line, path, message)``, in file order."""
    exc = load_error(data, fmt, **kwargs)
    return [(p.line, p.path, p.message) for p in exc.errors]  # type: ignore[attr-defined]


# --- the command line (test_cli, test_config, test_baselines) ------------------------------------

#: The day the command-line tests check on (``--on``), as tests.conftest.DAY.
ON = "2026-11-27"

#: A sound org: no finding at all.
GOOD = """\
version: 1
name: Acme
people:
  ana: {name: Ana Ruiz}
  bo: {name: Bo Li}
areas:
  company: {dri: ana, purpose: Build and sell, advisors: [bo], scopes: ["finance/**", "sales/**"]}
  billing: {parent: company, dri: bo, purpose: Get paid, advisors: [ana],
            scopes: ["finance/billing/**"]}
  sales: {parent: company, dri: bo, purpose: Sell, advisors: [ana], scopes: ["sales/**"]}
"""

#: Two errors (DA101, DA301), one warning (DA302) and one info (DA503).
BROKEN = """\
version: 1
name: Broken
people:
  ana: {name: Ana Ruiz}
  bo: {name: Bo Li}
areas:
  company: {dri: ana, purpose: Run it, advisors: [bo], scopes: ["finance/**"]}
  billing: {parent: company, purpose: Get paid, advisors: [ana], scopes: ["finance/billing/**"]}
  refunds: {parent: company, dri: bo, purpose: Refund, advisors: [ana],
            scopes: ["finance/billing/refunds", "hr/**"]}
  ops: {parent: company, dri: bo, advisors: [ana]}
"""
BROKEN_LINES = [
    "distauth.yaml:8:3: DA101 [error] area 'billing' has no DRI in effect on 2026-11-27",
    "distauth.yaml:8:3: DA301 [error] areas 'billing' and 'refunds' both claim "
    "'finance/billing/refunds': scope 'finance/billing/**' of 'billing' overlaps scope "
    "'finance/billing/refunds' of 'refunds'",
    "distauth.yaml:9:3: DA302 [warning] area 'refunds' claims 'hr/**', which no single scope "
    "of its nearest scoped ancestor 'company' covers (for example 'hr')",
    "distauth.yaml:11:3: DA503 [info] area 'ops' has no purpose",
]

#: Only a warning (DA302): fails with --strict only.
WARNING_ONLY = """\
version: 1
people:
  ana: {}
  bo: {}
areas:
  company: {dri: ana, purpose: Run, advisors: [bo], scopes: ["finance/**"]}
  hr: {parent: company, dri: bo, purpose: People, advisors: [ana], scopes: ["hr/**"]}
"""

#: A DRI assignment that ends on 2027-01-01, with no successor.
DATED = """\
version: 1
people:
  ana: {}
  bo: {}
areas:
  company: {dri: ana, purpose: Run, advisors: [bo]}
  ops: {parent: company, purpose: Operate, advisors: [ana], scopes: ["ops/**"]}
dris:
  - {area: ops, holder: bo, end: 2027-01-01}
"""

NOT_YAML = "version: 1\nareas: [unclosed\n"


def write(path: Path | str, text: str) -> Path:
    """Write *text* to *path* (relative to the test's directory), making its directories."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``distauth *argv`` in-process: ``(exit code, stdout, stderr)``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def codes_of(out: str) -> list[str]:
    """The rule codes of ``validate``'s text output, in order (the summary line left out)."""
    return [line.split(": ")[1].split()[0] for line in shown(out)[:-1]]


def shown(out: str) -> list[str]:
    """The lines of text output without the fix hints (each follows its finding, indented)."""
    return [line for line in out.splitlines() if not line.startswith("    hint: ")]
