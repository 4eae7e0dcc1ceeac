"""Hypothesis strategies for the org-file tests: orgs full of the texts files get wrong.

``distauth.strategies`` aims at believable orgs; these aim at the file layer: ids that YAML 1.1
reads as booleans or numbers, names with NEL, LS, bidi overrides, emoji, quotes, colons, ``#``,
leading and trailing spaces, words like ``null`` and ``true``; dated and acting DRIs, dangling
references and cycles (which files must carry, not judge). The tests at the bottom check the
strategies themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import distauth as da
from distauth.files import FileProblem

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


@settings(max_examples=50)
@given(file_orgs())
def test_file_orgs_draws_valid_orgs(org: da.Org) -> None:
    assert org == org.copy()


def test_trap_ids_are_slugs() -> None:
    from distauth._model import is_slug

    assert all(is_slug(i) for i in TRAP_IDS)


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
