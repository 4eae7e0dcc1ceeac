"""Hypothesis strategies that generate orgs: valid ones, broken ones, and anything at all.

Install with the ``hypothesis`` extra (``pip install "distauth[hypothesis]"``).

- :func:`orgs` draws believable orgs. With ``valid=True`` (the default) every one validates
  without a single finding, on every day; with ``valid=False`` anything goes: dangling
  references, cycles, self-loops, wrong kinds, overlapping dates. Keyword switches add the
  second wave of the model: handles, person kinds, teams, deputies, absences, areas nobody
  holds and decision records (all off by default, so existing draws stay as they were).
- :func:`broken_orgs` draws a valid org and injects one defect, returning ``(org, expected)``
  where *expected* is the exact set of ``(code, subjects)`` the defect must produce, worked
  out from the injection itself (never by running the validator).
- :func:`people`, :func:`areas`, :func:`dris`, :func:`scopes` and :func:`resources` draw
  single values.

Sizes shrink towards the minimum, so a failing example shrinks towards a tiny org.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeAlias

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "distauth.strategies needs hypothesis: pip install 'distauth[hypothesis]'"
    ) from error

from distauth._availability_defects import AVAILABILITY_DEFECTS, single_points
from distauth._decision_defects import DECISION_DEFECTS
from distauth._model import DRI, Absence, Area, DecisionRecord, Person, Role
from distauth._org import Org

__all__ = [
    "DEFECTS",
    "areas",
    "broken_orgs",
    "dris",
    "orgs",
    "people",
    "resources",
    "scopes",
]


def __dir__() -> list[str]:
    # The public names only: the modules and helpers imported here are not part of the API.
    return sorted(__all__)


Expected: TypeAlias = frozenset[tuple[str, tuple[str, ...]]]

_FIRST = [
    "Ana",
    "Bo",
    "Cy",
    "Dana",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jo",
    "Kai",
    "Lea",
    "Mo",
    "Nia",
    "Oz",
    "Pia",
    "Quinn",
    "Raj",
    "Sol",
    "Tess",
    "Uma",
    "Vic",
    "Wen",
    "Xan",
    "Yara",
    "Zeb",
    "Abe",
    "Bea",
    "Cal",
    "Dev",
    "Eva",
    "Finn",
    "Gia",
    "Hal",
    "Ines",
    "Jay",
    "Kim",
    "Lou",
    "Max",
    "Nel",
    "Ola",
    "Pat",
]
_LAST = [
    "Ruiz",
    "Li",
    "Park",
    "Okafor",
    "Novak",
    "Haddad",
    "Moreau",
    "Sato",
    "Petrov",
    "Mensah",
    "Larsen",
    "Brandt",
    "Aziz",
]
_AREA_WORDS = [
    "finance",
    "billing",
    "sales",
    "marketing",
    "product",
    "design",
    "research",
    "platform",
    "apps",
    "data",
    "security",
    "quality",
    "legal",
    "people",
    "recruiting",
    "learning",
    "support",
    "events",
    "brand",
    "payroll",
    "infra",
    "mobile",
    "web",
    "analytics",
    "partners",
    "procurement",
    "facilities",
    "planning",
    "growth",
    "onboarding",
]
_PURPOSES = (
    "Get paid for what we ship",
    "Win and keep customers",
    "Keep the systems up",
    "Hire and grow great people",
    "Decide what we build",
    "Keep us on the right side of the law",
    "Make the product a joy to use",
    "Plan the money",
)
_EPOCH = dt.date(2020, 1, 1)
_MAX_LOAD = 10  # the default max_areas_per_person: valid orgs stay within it


def _check_size(name: str, value: object, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be an int")
    if value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be at least {minimum}")


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be a bool")


def _area_id(index: int) -> str:
    word = _AREA_WORDS[index % len(_AREA_WORDS)]
    return word if index < len(_AREA_WORDS) else f"{word}-{index // len(_AREA_WORDS)}"


def _person_id(index: int) -> str:
    word = _FIRST[index % len(_FIRST)].lower()
    return word if index < len(_FIRST) else f"{word}-{index // len(_FIRST)}"


_names = st.builds(
    lambda first, last: f"{first} {last}", st.sampled_from(_FIRST), st.sampled_from(_LAST)
)
_slugs = st.from_regex(r"\A[a-z][a-z0-9]{0,6}([-_.][a-z0-9]{1,4}){0,2}\Z")
_days = st.dates(min_value=_EPOCH, max_value=dt.date(2035, 12, 31))


# --- single values ------------------------------------------------------------------------------


def people(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Person]:
    """Draw a :class:`~distauth.Person` with a believable name.

    >>> from hypothesis import given
    >>> @given(people())
    ... def test(person): assert person.id
    >>> test()
    """
    return st.builds(
        lambda ident, name, active: Person(
            ident, name=name, email=f"{ident}@example.com", active=active
        ),
        ids if ids is not None else _slugs,
        _names,
        st.booleans(),
    )


def scopes() -> st.SearchStrategy[str]:
    """Draw a well-formed scope pattern (see :mod:`distauth.scopes`).

    >>> from hypothesis import given
    >>> from distauth.scopes import check_pattern
    >>> @given(scopes())
    ... def test(scope): assert check_pattern(scope) == scope
    >>> test()
    """
    literal = st.sampled_from(["finance", "billing", "src", "docs", "eu", "2027", "a.py"])
    segment = st.one_of(literal, literal, st.sampled_from(["*", "**", "*.py", "q*-report", "*-eu"]))
    namespace = st.sampled_from(["", "", "repo:", "budget:"])
    return st.builds(
        lambda ns, segs: ns + "/".join(segs), namespace, st.lists(segment, min_size=1, max_size=4)
    ).filter(lambda s: "**/**" not in s)


def resources() -> st.SearchStrategy[str]:
    """Draw a resource: a ``/``-separated path with an optional namespace.

    >>> from hypothesis import given
    >>> from distauth.scopes import check_resource
    >>> @given(resources())
    ... def test(resource): assert check_resource(resource) == resource
    >>> test()
    """
    segment = st.sampled_from(["finance", "billing", "src", "docs", "eu", "2027", "a.py", "x"])
    namespace = st.sampled_from(["", "", "repo:", "budget:"])
    return st.builds(
        lambda ns, segs: ns + "/".join(segs), namespace, st.lists(segment, min_size=1, max_size=5)
    )


def areas(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Area]:
    """Draw a stand-alone :class:`~distauth.Area` (references are arbitrary slugs).

    >>> from hypothesis import given
    >>> @given(areas())
    ... def test(area): assert area.id
    >>> test()
    """
    return st.builds(
        lambda ident, parent, purpose, scope, advisors: Area(
            ident, parent=parent, purpose=purpose, scopes=scope, advisors=advisors
        ),
        ids if ids is not None else _slugs,
        st.none() | _slugs,
        st.sampled_from(_PURPOSES),
        st.lists(scopes(), max_size=2, unique=True),
        st.lists(_slugs, max_size=2, unique=True),
    )


def dris(
    *, areas: st.SearchStrategy[str] | None = None, holders: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[DRI]:
    """Draw a :class:`~distauth.DRI`, sometimes dated, sometimes acting.

    >>> from hypothesis import given
    >>> @given(dris())
    ... def test(dri): assert dri.end is None or dri.start is None or dri.end > dri.start
    >>> test()
    """

    def build(area: str, holder: str, start: dt.date | None, days: int | None, acting: bool) -> DRI:
        end = None if days is None else (start or _EPOCH) + dt.timedelta(days=days)
        return DRI(area, holder, start=start, end=end, acting=acting)

    return st.builds(
        build,
        areas if areas is not None else _slugs,
        holders if holders is not None else _slugs,
        st.none() | _days,
        st.none() | st.integers(1, 2000),
        st.booleans(),
    )


# --- valid orgs ---------------------------------------------------------------------------------


class _Plan:
    """The shape of a generated valid org, kept for injecting defects into it."""

    def __init__(self) -> None:
        self.parent: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = {}
        self.prefix: dict[str, str] = {}  # the literal path under which an area's scopes lie
        self.load: dict[str, int] = {}  # person -> areas they are (or will be) DRI of


#: One draw per entity, decoded into all its choices: far fewer draws than one per choice
#: (generation speed), and shrinking the number towards 0 shrinks every choice at once towards
#: the simplest one (no parent skipped, first candidate, no extras).
_CHOICES = st.integers(0, 2**63 - 1)


def _bits(word: int, shift: int, modulo: int) -> int:
    return (word >> shift) % modulo


@st.composite
def _valid(
    draw: st.DrawFn,
    *,
    min_areas: int,
    max_areas: int,
    max_depth: int | None,
    min_people: int,
    max_people: int | None,
    roles: bool,
    with_scopes: bool,
    dated: bool,
    extras: _Extras | None = None,
) -> tuple[Org, _Plan]:
    n_areas = draw(st.integers(min_areas, max_areas), label="n_areas")
    # Each area takes up to two people (a handover); each person takes at most _MAX_LOAD - 2
    # areas, which leaves room to inject one more without passing the limit.
    floor = max(min_people, -(-n_areas * 2 // (_MAX_LOAD - 2)) + 3)
    ceiling = max(floor, max_people if max_people is not None else n_areas + 4)
    n_people = draw(st.integers(floor, ceiling), label="n_people")
    org_name = ("Acme", "Initech", "Globex", "Umbrella", "Hooli")[draw(st.integers(0, 4))]
    org = Org(name=org_name)
    plan = _Plan()
    person_ids = [_person_id(i) for i in range(n_people)]
    items: list[Person | Area | Role | DRI] = []
    for ident in person_ids:
        word = draw(_CHOICES)
        name = f"{_FIRST[_bits(word, 0, len(_FIRST))]} {_LAST[_bits(word, 8, len(_LAST))]}"
        items.append(Person(ident, name=name, email=f"{ident}@example.com"))
    plan.load = dict.fromkeys(person_ids, 0)
    depth: dict[str, int] = {}
    scoped: set[str] = set()
    dri_people: dict[str, set[str]] = {}  # area -> every person who is ever its DRI
    # person -> areas their leaving would strand: top areas, and areas led through a role
    tops: dict[str, int] = {}
    for index in range(n_areas):
        ident = _area_id(index)
        word = draw(_CHOICES)
        eligible = [a for a in depth if max_depth is None or depth[a] + 1 < max_depth]
        parent = None
        if index and eligible and _bits(word, 0, 10) < 9:
            parent = eligible[_bits(word, 4, len(eligible))]
        depth[ident] = 0 if parent is None else depth[parent] + 1
        plan.parent[ident] = parent
        plan.children[ident] = []
        if parent is not None:
            plan.children[parent].append(ident)
        # Scopes nest by the tree: authority is delegated, never exceeded.
        plan.prefix[ident] = ident if parent is None else f"{plan.prefix[parent]}/{ident}"
        scope_list: list[str] = []
        if with_scopes and _bits(word, 20, 4) > 0:
            scope_list.append(f"{plan.prefix[ident]}/**")
            # A second namespace only where no scoped ancestor would have to cover it.
            top = not any(a in scoped for a in _ancestors(plan, ident))
            if top and _bits(word, 22, 5) == 0:
                scope_list.append(f"repo:{plan.prefix[ident]}/*.py")
            scoped.add(ident)
        avoid = dri_people.get(parent, set()) if parent is not None else set()
        if parent is None:  # a third stranded area would be a single point of failure (DA506)
            avoid = {p for p, n in tops.items() if n >= 2}
        candidates = [p for p in person_ids if p not in avoid and plan.load[p] < _MAX_LOAD - 2]
        holder = candidates[_bits(word, 25, len(candidates))]
        successor = None
        if dated and _bits(word, 35, 2):
            others = [p for p in candidates if p != holder]
            if others:
                successor = others[_bits(word, 36, len(others))]
        advisors = [person_ids[_bits(word, 44, n_people)]]
        second = person_ids[_bits(word, 51, n_people)]
        if _bits(word, 50, 2) and second not in advisors:
            advisors.append(second)
        items.append(
            Area(
                ident,
                name=ident.replace("-", " ").title(),
                parent=parent,
                purpose=_PURPOSES[_bits(word, 56, len(_PURPOSES))],
                scopes=scope_list,
                advisors=advisors,
            )
        )
        dri_people[ident] = {holder} | ({successor} if successor else set())
        if parent is None:
            for p in dri_people[ident]:
                tops[p] = tops.get(p, 0) + 1
        for p in dri_people[ident]:
            plan.load[p] += 1
        first_holder = holder
        # A person leading a third area through a role would strand all three (DA506).
        if roles and _bits(word, 59, 4) == 0 and (parent is None or tops.get(holder, 0) < 2):
            tops[holder] = tops.get(holder, 0) + (parent is not None)
            first_holder = f"{ident}-lead"
            items.append(Role(first_holder, name=f"{ident} lead", area=ident, holders=(holder,)))
        if successor is None:
            items.append(DRI(ident, first_holder))
        else:
            handover = draw(_days, label="handover")
            acting = bool(_bits(word, 62, 2))
            items.append(DRI(ident, first_holder, end=handover))
            items.append(DRI(ident, successor, start=handover, acting=acting))
    org.add(*items)
    if with_scopes and scoped:
        word = draw(_CHOICES)
        ordered = sorted(scoped)
        picks = {ordered[_bits(word, 8 * i, len(ordered))] for i in range(_bits(word, 40, 4))}
        org.resources = [f"{plan.prefix[a]}/inventory" for a in sorted(picks)]
    if extras is not None and extras.any():
        _add_extras(draw, org, plan, extras)
    return org, plan


@attrs.frozen
class _Extras:
    """Which second-wave parts of the model :func:`orgs` draws."""

    handles: bool = False
    kinds: bool = False
    teams: bool = False
    deputies: bool = False
    absences: bool = False
    nobody: bool = False
    decisions: bool = False

    def any(self) -> bool:
        return any(attrs.astuple(self))


def _dri_areas(org: Org) -> dict[str, list[str]]:
    """Person id -> the areas whose DRI records (ever) name them, directly or by a role."""
    out: dict[str, list[str]] = {}
    for record in org.all_dris():
        holder = record.holder
        role = org.roles.get(holder)
        if role is not None:
            holder = role.holders[0]
        out.setdefault(holder, []).append(record.area)
    return out


def _add_extras(draw: st.DrawFn, org: Org, plan: _Plan, extras: _Extras) -> None:
    """Add the second-wave parts to a valid org so that it stays without a finding.

    Handles are unique (no DA204); bots and agents only advise (no DA107); teams advise and
    deputise, never decide (no DA106); only people whose every area has a deputy are absent;
    an area that nobody holds is a leaf that had a DRI (no DA101, nothing falls back into it);
    a decision record is decided by the DRI of its area on its date, after consulting the
    area's advisors.
    """
    people = sorted(org.people)
    area_ids = list(plan.parent)
    if extras.handles:
        for ident in people:
            person = org.people[ident]
            login = "@" + ident if _bits(draw(_CHOICES), 0, 2) else "@" + ident.title()
            org.replace(attrs.evolve(person, handles=(login, person.name)))
        # Names may repeat; a handle must not: keep the full name only where it is unique.
        counts: dict[str, int] = {}
        for ident in people:
            counts[org.people[ident].name.casefold()] = (
                counts.get(org.people[ident].name.casefold(), 0) + 1
            )
        for ident in people:
            person = org.people[ident]
            if counts[person.name.casefold()] > 1:
                org.replace(attrs.evolve(person, handles=person.handles[:1]))
    helpers: list[str] = []
    if extras.kinds:
        for index in range(1 + _bits(draw(_CHOICES), 0, 2)):
            kind = ("bot", "agent")[index % 2]
            ident = _fresh(org, kind)
            handles = (f"@{ident}[bot]",) if extras.handles and kind == "bot" else ()
            org.add(Person(ident, name=f"{kind.title()} {index}", kind=kind, handles=handles))
            helpers.append(ident)
    teams: list[str] = []
    if extras.teams:
        for team_area in area_ids[: 1 + _bits(draw(_CHOICES), 0, 3)]:
            word = draw(_CHOICES)
            members = sorted(
                {people[_bits(word, 8 * i, len(people))] for i in range(_bits(word, 40, 4))}
            )
            ident = f"{team_area}-team"
            handles = (f"@acme/{ident}",) if extras.handles else ()
            org.add(Role(ident, area=team_area, holders=members, collective=True, handles=handles))
            teams.append(ident)
    owners = _dri_areas(org)
    for area_id in area_ids:
        word = draw(_CHOICES) if (extras.deputies or helpers or teams) else 0
        area = org.areas[area_id]
        advisors = list(area.advisors)
        if helpers and _bits(word, 0, 3) == 0:
            advisors.append(helpers[_bits(word, 2, len(helpers))])
        if teams and _bits(word, 6, 3) == 0:
            advisors.append(teams[_bits(word, 8, len(teams))])
        deputy = None
        if extras.deputies and _bits(word, 14, 3):
            pool = [p for p in people if area_id not in owners.get(p, ())] + teams
            deputy = pool[_bits(word, 16, len(pool))] if pool else None
        advisors = list(dict.fromkeys(advisors))
        if advisors != list(area.advisors) or deputy is not None:
            org.replace(attrs.evolve(area, advisors=advisors, deputy=deputy))
    if extras.nobody:
        leaves = [a for a in area_ids if not plan.children[a] and plan.parent[a] is not None]
        word = draw(_CHOICES)
        for area_id in leaves[: _bits(word, 0, 3)]:
            _remove_dris(org, area_id)
            org.replace(attrs.evolve(org.areas[area_id], nobody=True, deputy=None))
    if extras.absences:
        deputised = {a for a in area_ids if org.areas[a].deputy is not None}
        owners = _dri_areas(org)
        free = [p for p in people if set(owners.get(p, ())) <= deputised]
        for ident in free[: _bits(draw(_CHOICES), 0, 4)]:
            word = draw(_CHOICES)
            start = _EPOCH + dt.timedelta(days=_bits(word, 0, 5000))
            org.add(
                Absence(ident, start=start, end=start + dt.timedelta(days=1 + _bits(word, 16, 60)))
            )
    if extras.decisions:
        for number in range(1, 1 + _bits(draw(_CHOICES), 0, 5)):
            word = draw(_CHOICES)
            area_id = area_ids[_bits(word, 0, len(area_ids))]
            day = _EPOCH + dt.timedelta(days=_bits(word, 8, 5000))
            decider = _person_on(org, area_id, day)
            if decider is None:
                continue  # nobody holds it, or a handover: no one to have decided
            where = org.areas[area_id]
            resources = [f"{plan.prefix[area_id]}/decision-{number}"] if where.scopes else []
            org.add(
                DecisionRecord(
                    f"adr-{number}",
                    title=f"Decision {number} on {where.name}",
                    date=day,
                    area=area_id,
                    resources=resources,
                    decided_by=(decider,),
                    consulted=where.advisors,
                    rationale="" if _bits(word, 30, 2) else "Weighed the advice.",
                )
            )


@st.composite
def _wild_extras(draw: st.DrawFn, org: Org, extras: _Extras) -> Org:
    """Second-wave parts for a wild org: anything at all, collisions and dangling names too."""
    ids = sorted(org.graph)
    targets = [*ids, "ghost", "nowhere"]
    handles = ["@ana", "@Ana", "@acme/team", "ana@example.com", "Ana Ruiz", "ana ruiz"]
    for ident in list(org.people):
        word = draw(_CHOICES)
        person = org.people[ident]
        changes: dict[str, Any] = {}
        if extras.handles:
            changes["handles"] = list(
                dict.fromkeys(handles[_bits(word, 4 * i, 6)] for i in range(_bits(word, 20, 3)))
            )
        if extras.kinds:
            changes["kind"] = ("human", "agent", "bot")[_bits(word, 24, 3)]
        org.replace(attrs.evolve(person, **changes))
    for ident in list(org.roles):
        word = draw(_CHOICES)
        role = org.roles[ident]
        changes = {}
        if extras.handles:
            changes["handles"] = list(
                dict.fromkeys(handles[_bits(word, 4 * i, 6)] for i in range(_bits(word, 20, 2)))
            )
        if extras.teams:
            changes["collective"] = bool(_bits(word, 24, 2))
        org.replace(attrs.evolve(role, **changes))
    for ident in list(org.areas):
        word = draw(_CHOICES)
        changes = {}
        if extras.deputies and _bits(word, 0, 2):
            changes["deputy"] = targets[_bits(word, 2, len(targets))]
        if extras.nobody:
            changes["nobody"] = not _bits(word, 12, 3)
        org.replace(attrs.evolve(org.areas[ident], **changes))
    if extras.absences:
        found: dict[Absence, None] = {}
        for _ in range(draw(st.integers(0, 4))):
            word = draw(_CHOICES)
            start = _EPOCH + dt.timedelta(days=_bits(word, 8, 6000))
            end = start + dt.timedelta(days=1 + _bits(word, 24, 90))
            found[Absence(targets[_bits(word, 0, len(targets))], start=start, end=end)] = None
        org.add(*found)
    if extras.decisions:
        names = [*targets, *handles]
        for number in range(draw(st.integers(0, 3))):
            word = draw(_CHOICES)

            def pick(shift: int, word: int = word) -> list[str]:
                return list(
                    dict.fromkeys(
                        names[_bits(word, shift + 5 * i, len(names))]
                        for i in range(_bits(word, shift + 15, 3))
                    )
                )

            org.add(
                DecisionRecord(
                    _fresh(org, "adr"),
                    title=f"Decision {number}",
                    date=_EPOCH + dt.timedelta(days=_bits(word, 0, 6000)),
                    area=None if not _bits(word, 13, 4) else targets[_bits(word, 15, len(targets))],
                    decided_by=pick(20),
                    consulted=pick(38),
                    dissent=pick(20)[:1] if _bits(word, 56, 4) == 0 else [],
                    rationale="" if _bits(word, 58, 2) else "Because.",
                    status=("accepted", "proposed", "superseded by adr-9")[_bits(word, 60, 3)],
                )
            )
    return org


def _validated_sizes(min_areas: int, max_areas: int, max_depth: int | None) -> None:
    _check_size("min_areas", min_areas, 1)
    _check_size("max_areas", max_areas, 1)
    if min_areas > max_areas:
        raise InvalidArgument(f"min_areas={min_areas} is larger than max_areas={max_areas}")
    if max_depth is not None:
        _check_size("max_depth", max_depth, 1)


def orgs(
    *,
    min_areas: int = 1,
    max_areas: int = 30,
    max_depth: int | None = None,
    min_people: int = 1,
    max_people: int | None = None,
    valid: bool = True,
    roles: bool = True,
    scopes: bool = True,
    dated: bool = False,
    handles: bool = False,
    kinds: bool = False,
    teams: bool = False,
    deputies: bool = False,
    absences: bool = False,
    nobody: bool = False,
    decisions: bool = False,
) -> st.SearchStrategy[Org]:
    """Draw orgs that look like real ones.

    Args:
        min_areas: fewest areas.
        max_areas: most areas.
        max_depth: most levels of nesting (``None``: no limit).
        min_people: fewest people (more are drawn when the areas need them).
        max_people: most people, unless the areas need more (``None``: areas + 4).
        valid: ``True`` for orgs without a single finding on any day; ``False`` for anything
            at all: dangling references, cycles, self-loops, wrong kinds, overlapping dates.
        roles: let some areas have a role as DRI.
        scopes: give areas nested scopes and the org an inventory.
        dated: add handovers (a DRI ending on the day the next one starts).
        handles: give people and roles handles (``@login``, ``@acme/team``, full names).
        kinds: add people who are bots or agents (in valid orgs they only advise).
        teams: add collective roles (in valid orgs they advise and deputise, never decide,
            since a team as DRI is DA106).
        deputies: give areas deputies.
        absences: add absences (in valid orgs only of people whose every area has a deputy).
        nobody: mark areas as held by nobody (in valid orgs: leaves, their DRI removed).
        decisions: add decision records (in valid orgs decided by the area's DRI of the
            day, after consulting its advisors).

    Raises:
        InvalidArgument: a size is not an int, negative, or min exceeds max.

    >>> import distauth as da
    >>> from hypothesis import given
    >>> @given(orgs(max_areas=5))
    ... def test(org): assert da.validate(org).ok
    >>> test()
    """
    _validated_sizes(min_areas, max_areas, max_depth)
    _check_size("min_people", min_people, 1)
    if max_people is not None:
        _check_size("max_people", max_people, 1)
        if max_people < min_people:
            raise InvalidArgument(f"min_people={min_people} is larger than max_people={max_people}")
    extras = _Extras(handles, kinds, teams, deputies, absences, nobody, decisions)
    flags = {"valid": valid, "roles": roles, "scopes": scopes, "dated": dated}
    flags.update(attrs.asdict(extras))
    for name, flag in flags.items():
        _check_bool(name, flag)
    if not valid:
        wild = _wild(min_areas=min_areas, max_areas=max_areas)
        return wild.flatmap(lambda org: _wild_extras(org, extras)) if extras.any() else wild
    return _valid(
        min_areas=min_areas,
        max_areas=max_areas,
        max_depth=max_depth,
        min_people=min_people,
        max_people=max_people,
        roles=roles,
        with_scopes=scopes,
        dated=dated,
        extras=extras,
    ).map(lambda pair: pair[0])


@st.composite
def _wild(draw: st.DrawFn, *, min_areas: int, max_areas: int) -> Org:
    """Anything at all: a small pool of ids, each any kind, every reference to any id."""
    pool = [f"x{i}" for i in range(draw(st.integers(min_areas, max_areas + 4)))]
    targets = [*pool, "ghost", "nowhere"]

    def ref(word: int, shift: int) -> str | None:
        pick = _bits(word, shift, len(targets) + 1)
        return None if pick == len(targets) else targets[pick]

    def refs(word: int, shift: int) -> list[str]:
        found = [ref(word, shift + 6 * i) for i in range(_bits(word, shift + 18, 4))]
        return list(dict.fromkeys(r for r in found if r is not None))

    org = Org(name="wild")
    items: list[Person | Area | Role | DRI] = []
    for index, ident in enumerate(pool):
        word = draw(_CHOICES)
        kind = 0 if index < min_areas else _bits(word, 0, 4)
        if kind == 0:
            scope_count = _bits(word, 46, 3)
            items.append(
                Area(
                    ident,
                    parent=ref(word, 2),
                    escalates_to=ref(word, 8),
                    advisors=refs(word, 14),
                    informed=refs(word, 24),
                    purpose=("", "x", *_PURPOSES)[_bits(word, 36, 10)],
                    scopes=list(dict.fromkeys(draw(scopes()) for _ in range(scope_count))),
                )
            )
        elif kind == 1:
            items.append(Person(ident, active=bool(_bits(word, 2, 2))))
        elif kind == 2:
            items.append(Role(ident, area=ref(word, 2), holders=refs(word, 8)))
    records: dict[DRI, None] = {}
    for _ in range(draw(st.integers(0, 2 * len(pool)))):
        word = draw(_CHOICES)
        start = _EPOCH + dt.timedelta(days=_bits(word, 20, 6000)) if _bits(word, 34, 2) else None
        days = 1 + _bits(word, 36, 2000) if _bits(word, 48, 2) else None
        end = None if days is None else (start or _EPOCH) + dt.timedelta(days=days)
        area, holder = targets[_bits(word, 0, len(targets))], targets[_bits(word, 8, len(targets))]
        records[DRI(area, holder, start=start, end=end, acting=bool(_bits(word, 50, 2)))] = None
    items.extend(records)
    org.add(*items)
    org.resources = list(dict.fromkeys(draw(resources()) for _ in range(draw(st.integers(0, 3)))))
    return org


# --- broken orgs ---------------------------------------------------------------------------------

Injector: TypeAlias = Callable[[st.DrawFn, Org, _Plan, dt.date], Expected | None]


def _fresh(org: Org, stem: str) -> str:
    """An id not used in *org* yet (derived from its content, so replays are identical)."""
    n = 1
    while f"{stem}-{n}" in org.graph:
        n += 1
    return f"{stem}-{n}"


def _person_on(org: Org, area: str, day: dt.date) -> str | None:
    person = org.dri_of(area, on=day)
    return None if person is None else person.id


def _remove_dris(org: Org, area: str) -> None:
    for record in [d for d in org.all_dris() if d.area == area]:
        org.remove(record)


def _reassign(org: Org, area: str, holder: str) -> None:
    _remove_dris(org, area)
    org.add(DRI(area, holder))


def _ancestors(plan: _Plan, area: str) -> list[str]:
    out = []
    parent = plan.parent[area]
    while parent is not None:
        out.append(parent)
        parent = plan.parent[parent]
    return out


def _descendants(plan: _Plan, area: str) -> list[str]:
    out, stack = [], [area]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(plan.children[node])
    return out


def _evolve(org: Org, area: str, **changes: Any) -> None:
    org.replace(attrs.evolve(org.areas[area], **changes))


def _pick(draw: st.DrawFn, items: Collection[str]) -> str | None:
    return draw(st.sampled_from(sorted(items))) if items else None


def _make_vacant(org: Org, plan: _Plan, x: str) -> Expected:
    _remove_dris(org, x)
    return frozenset({("DA101", (x,))} | {("DA402", (c, x)) for c in plan.children[x]})


def _inject_unowned(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    return _make_vacant(org, plan, x)


def _inject_dead_end(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, [a for a in plan.parent if plan.children[a]])
    return None if x is None else _make_vacant(org, plan, x)


def _inject_multiple(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    current = org.dris(x, on=day)
    taken = {d.holder for d in current}
    other = _pick(draw, [p for p, n in plan.load.items() if n < _MAX_LOAD - 1 and p not in taken])
    if other is None:
        return None
    org.add(DRI(x, other))
    return frozenset({("DA102", (x, *sorted(taken | {other})))})


def _inject_unknown_dri(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    ghost = _fresh(org, "ghost")
    _reassign(org, x, ghost)
    return frozenset({("DA103", (x, ghost))})


def _inject_inactive(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    holders = {_person_on(org, a, day) for a in plan.parent} - {None}
    person = _pick(draw, holders)  # type: ignore[arg-type]
    assert person is not None
    org.replace(attrs.evolve(org.people[person], active=False))
    expected = set()
    for record in org.all_dris():
        if record.end is not None and record.end <= day:
            continue
        entity = org.graph.nodes[record.holder]["entity"]
        resolved = record.holder
        if isinstance(entity, Role):
            resolved = entity.holders[0] if len(entity.holders) == 1 else ""
        if resolved == person:
            expected.add(("DA104", (record.area, person)))
    return frozenset(expected)


def _inject_ambiguous_role(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    holders = draw(st.sampled_from([(), tuple(sorted(plan.load)[:2])]))
    role = _fresh(org, "ambiguous")
    org.add(Role(role, area=x, holders=holders))
    _reassign(org, x, role)
    return frozenset({("DA105", (x, role))})


def _inject_unknown_ref(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    ghost = _fresh(org, "nowhere")
    if draw(st.booleans()):
        _evolve(org, x, advisors=(*org.areas[x].advisors, ghost))
        return frozenset({("DA201", (x, ghost))})
    _evolve(org, x, escalates_to=ghost)
    return frozenset({("DA201", (x, ghost))})  # the dead end is said by DA201, not DA402


def _inject_area_cycle(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    subtree = _descendants(plan, x)
    below = _pick(draw, subtree)
    assert below is not None
    # Re-parenting moves authority: strip the subtree's scopes (and its inventory) so that the
    # cycle is the only consequence, and the expected findings stay exact.
    prefixes = tuple(plan.prefix[a] + "/" for a in subtree)
    org.resources = [r for r in org.resources if not r.startswith(prefixes)]
    for area in subtree:
        _evolve(org, area, scopes=())
    _evolve(org, x, parent=below)
    loop = [below] + (_ancestors(plan, below)[: _ancestors(plan, below).index(x) + 1]
                      if below != x else [])  # fmt: skip
    return frozenset({("DA202", tuple(sorted(loop)))})


def _inject_wrong_kind(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    if draw(st.booleans()):
        other = _pick(draw, plan.parent)
        assert other is not None
        _evolve(org, x, advisors=(*[a for a in org.areas[x].advisors if a != other], other))
        return frozenset({("DA203", (x, other))})
    person = _pick(draw, plan.load)
    assert person is not None
    _evolve(org, x, escalates_to=person)
    return frozenset({("DA203", (x, person))})  # the dead end is said by DA203, not DA402


def _inject_escalation_cycle(
    draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date
) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    below = _pick(draw, _descendants(plan, x))
    assert below is not None
    _evolve(org, x, escalates_to=below)
    up = _ancestors(plan, below)
    loop = [below] + (up[: up.index(x) + 1] if below != x else [])
    return frozenset({("DA401", tuple(sorted(loop))), ("DA403", (x, below))})


def _inject_not_upward(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    related = set(_ancestors(plan, x)) | set(_descendants(plan, x))
    target = _pick(draw, [a for a in plan.parent if a not in related])
    if target is None:
        return None
    _evolve(org, x, escalates_to=target)
    expected = {("DA403", (x, target))}
    person = _person_on(org, x, day)
    if (
        plan.parent[target] is None
        and person is not None
        and person == _person_on(org, target, day)
    ):
        expected.add(("DA404", (x, person)))
    return frozenset(expected)


def _inject_same_person(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, [a for a in plan.parent if plan.parent[a] is not None])
    if x is None:
        return None
    chain = [x, *_ancestors(plan, x)]
    solo = _fresh(org, "solo")
    org.add(Person(solo, name="Solo Player"))
    for area in chain:
        _reassign(org, area, solo)
    expected: set[tuple[str, tuple[str, ...]]] = {("DA404", (a, solo)) for a in chain[:-1]}
    if len(chain) > _MAX_LOAD:
        expected.add(("DA501", (solo,)))
    return frozenset(expected)


def _inject_overloaded(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    parent = _pick(draw, plan.parent)
    assert parent is not None
    busy = _fresh(org, "busy")
    org.add(Person(busy, name="Busy Bee"))
    scoped = bool(org.areas[parent].scopes)
    for i in range(_MAX_LOAD + 1):
        ident = _fresh(org, f"{parent}-task")
        org.add(
            Area(
                ident,
                parent=parent,
                purpose="A task force",
                advisors=(next(iter(plan.load)),),
                scopes=[f"{plan.prefix[parent]}/{ident}-{i}/**"] if scoped else [],
            ),
            DRI(ident, busy),
        )
    return frozenset({("DA501", (busy,))})


def _inject_no_advisors(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    _evolve(org, x, advisors=())
    return frozenset({("DA502", (x,))})


def _inject_no_purpose(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    _evolve(org, x, purpose="")
    return frozenset({("DA503", (x,))})


def _inject_handover_gap(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    (record,) = org.dris(x, on=day)[:1]
    _remove_dris(org, x)
    end = day + dt.timedelta(days=draw(st.integers(1, 30)))
    org.add(DRI(x, record.holder, end=end))
    return frozenset({("DA504", (x, record.holder))})


def _nearest_scoped(org: Org, plan: _Plan, area: str) -> str | None:
    return next((a for a in _ancestors(plan, area) if org.areas[a].scopes), None)


def _inject_overlap(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    scoped = [a for a in plan.parent if org.areas[a].scopes]
    pairs = [
        (x, y)
        for x in scoped
        for y in scoped
        if x != y and x not in _ancestors(plan, y) and y not in _ancestors(plan, x)
    ]
    if not pairs:
        return None
    x, y = draw(st.sampled_from(pairs))
    borrowed = f"{plan.prefix[y]}/**"
    _evolve(org, x, scopes=(*org.areas[x].scopes, borrowed))
    # The borrowed scope overlaps y, everything below y, and y's ancestors unrelated to x.
    related = set(_ancestors(plan, x))
    clash = [z for z in _descendants(plan, y) if org.areas[z].scopes]
    clash += [z for z in _ancestors(plan, y) if org.areas[z].scopes and z not in related]
    expected = {("DA301", tuple(sorted((x, z)))) for z in clash}
    holder = _nearest_scoped(org, plan, x)
    if holder is not None and not plan.prefix[y].startswith(plan.prefix[holder] + "/"):
        expected.add(("DA302", (x, holder)))
    return frozenset(expected)


def _inject_outside_parent(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    # x keeps its own scopes (its descendants stay covered) and adds one its ancestor lacks.
    x = _pick(
        draw,
        [a for a in plan.parent if org.areas[a].scopes and _nearest_scoped(org, plan, a)],
    )
    if x is None:
        return None
    stray = _fresh(org, "stray")
    _evolve(org, x, scopes=(*org.areas[x].scopes, f"{stray}/**"))
    return frozenset({("DA302", (x, _nearest_scoped(org, plan, x) or ""))})


def _inject_uncovered(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    resource = f"{_fresh(org, 'unowned')}/{draw(st.sampled_from(['plan.md', 'budget', 'x']))}"
    org.resources = [*org.resources, resource]
    return frozenset({("DA303", (resource,))})


def _inject_team_dri(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    team = _fresh(org, "team")
    if draw(st.booleans()):
        members = tuple(sorted(plan.load)[:2])
        expected = {("DA106", (x, team))}
    else:  # a team of bots: no human is accountable either
        members = (_fresh(org, "bot"),)
        org.add(Person(members[0], kind="bot"))
        members += (_fresh(org, "bot"),)
        org.add(Person(members[1], kind="agent"))
        expected = {("DA106", (x, team)), ("DA107", (x, team))}
    org.add(Role(team, area=x, holders=members, collective=True, handles=(f"@acme/{team}",)))
    _reassign(org, x, team)
    return frozenset(expected)


def _inject_non_human(draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date) -> Expected | None:
    x = _pick(draw, plan.parent)
    assert x is not None
    bot = _fresh(org, "bot")
    org.add(Person(bot, kind=draw(st.sampled_from(["bot", "agent"]))))
    if draw(st.booleans()):
        _reassign(org, x, bot)
    else:  # through a role the bot holds alone
        role = _fresh(org, "automation")
        org.add(Role(role, area=x, holders=(bot,)))
        _reassign(org, x, role)
    return frozenset({("DA107", (x, bot))})


def _inject_duplicate_handle(
    draw: st.DrawFn, org: Org, plan: _Plan, day: dt.date
) -> Expected | None:
    first, second = draw(st.lists(st.sampled_from(sorted(plan.load)), min_size=2, max_size=2,
                                  unique=True))  # fmt: skip
    person = org.people[first]
    if person.email is not None and draw(st.booleans()):
        claimed = person.email.upper()  # an email is a handle too
    else:
        login = "@" + _fresh(org, "login")
        org.replace(attrs.evolve(person, handles=(*person.handles, login)))
        claimed = login.upper()
    other = org.people[second]
    org.replace(attrs.evolve(other, handles=(*other.handles, claimed)))
    return frozenset({("DA204", tuple(sorted((first, second))))})


#: Every defect :func:`broken_orgs` can inject, by the rule code it is aimed at.
DEFECTS: dict[str, Injector] = {
    "DA101": _inject_unowned,
    "DA102": _inject_multiple,
    "DA103": _inject_unknown_dri,
    "DA104": _inject_inactive,
    "DA105": _inject_ambiguous_role,
    "DA106": _inject_team_dri,
    "DA107": _inject_non_human,
    "DA201": _inject_unknown_ref,
    "DA202": _inject_area_cycle,
    "DA203": _inject_wrong_kind,
    "DA204": _inject_duplicate_handle,
    "DA301": _inject_overlap,
    "DA302": _inject_outside_parent,
    "DA303": _inject_uncovered,
    "DA401": _inject_escalation_cycle,
    "DA402": _inject_dead_end,
    "DA403": _inject_not_upward,
    "DA404": _inject_same_person,
    "DA501": _inject_overloaded,
    "DA502": _inject_no_advisors,
    "DA503": _inject_no_purpose,
    "DA504": _inject_handover_gap,
}
# The decision-log defects (DA6xx) live beside the audit's own code.
DEFECTS.update(DECISION_DEFECTS)
DEFECTS.update(AVAILABILITY_DEFECTS)  # DA505, DA506


@st.composite
def _broken(
    draw: st.DrawFn, *, defects: tuple[str, ...], min_areas: int, max_areas: int, on: dt.date
) -> tuple[Org, Expected]:
    org, plan = draw(
        _valid(
            min_areas=min_areas,
            max_areas=max_areas,
            max_depth=None,
            min_people=1,
            max_people=None,
            roles=True,
            with_scopes=True,
            dated=False,
        )
    )
    code = draw(st.sampled_from(defects), label="defect")
    expected = DEFECTS[code](draw, org, plan, on)
    assume(expected is not None)  # this org has no place for that defect (e.g. one area)
    assert expected is not None
    return org, expected | single_points(org, on)


def broken_orgs(
    *,
    defects: Iterable[str] | None = None,
    min_areas: int = 2,
    max_areas: int = 20,
    on: dt.date | None = None,
) -> st.SearchStrategy[tuple[Org, Expected]]:
    """Draw ``(org, expected)``: a valid org with one injected defect and its exact findings.

    *expected* is a frozenset of ``(code, subjects)``: every finding that
    ``validate(org, on=on)`` must report, and no other.

    Args:
        defects: rule codes to choose the defect from (default: all of :data:`DEFECTS`).
        min_areas: fewest areas of the org before the defect.
        max_areas: most areas of the org before the defect.
        on: the day the org will be validated on (default: today); date defects use it.

    Raises:
        InvalidArgument: an unknown defect code, or bad sizes.

    >>> import datetime as dt, distauth as da
    >>> from hypothesis import given
    >>> day = dt.date(2027, 1, 1)
    >>> @given(broken_orgs(defects=["DA101"], on=day))
    ... def test(case):
    ...     org, expected = case
    ...     assert {(f.code, f.subjects) for f in da.validate(org, on=day)} == expected
    >>> test()
    """
    _validated_sizes(min_areas, max_areas, None)
    _check_size("min_areas", min_areas, 2)
    chosen = tuple(DEFECTS) if defects is None else tuple(defects)
    if isinstance(defects, str) or not chosen:
        raise InvalidArgument(f"defects={defects!r} must be a non-empty list of rule codes")
    unknown = [c for c in chosen if c not in DEFECTS]
    if unknown:
        raise InvalidArgument(f"no defect for {unknown!r}; known: {', '.join(DEFECTS)}")
    if on is not None and (not isinstance(on, dt.date) or isinstance(on, dt.datetime)):
        raise InvalidArgument(f"on={on!r} must be a datetime.date")
    return _broken(
        defects=chosen, min_areas=min_areas, max_areas=max_areas, on=on or dt.date.today()
    )
