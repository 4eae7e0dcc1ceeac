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
from collections.abc import Iterable

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "distauth.strategies needs hypothesis: pip install 'distauth[hypothesis]'"
    ) from error

from distauth._availability_defects import single_points
from distauth._defects import DEFECTS, MAX_LOAD, Expected, Plan, ancestors
from distauth._extras import CHOICES, EPOCH, Extras, add_extras, bits, wild_extras
from distauth._model import DRI, Area, Person, Role
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


_FIRST = (
    "Ana Bo Cy Dana Eli Fay Gus Hana Ivo Jo Kai Lea Mo Nia Oz Pia Quinn Raj Sol Tess Uma "
    "Vic Wen Xan Yara Zeb Abe Bea Cal Dev Eva Finn Gia Hal Ines Jay Kim Lou Max Nel Ola "
    "Pat"
).split()
_LAST = "Ruiz Li Park Okafor Novak Haddad Moreau Sato Petrov Mensah Larsen Brandt Aziz".split()
_AREA_WORDS = (
    "finance billing sales marketing product design research platform apps data security "
    "quality legal people recruiting learning support events brand payroll infra mobile "
    "web analytics partners procurement facilities planning growth onboarding"
).split()
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
_days = st.dates(min_value=EPOCH, max_value=dt.date(2035, 12, 31))


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
        end = None if days is None else (start or EPOCH) + dt.timedelta(days=days)
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
    extras: Extras | None = None,
) -> tuple[Org, Plan]:
    n_areas = draw(st.integers(min_areas, max_areas), label="n_areas")
    # Each area takes up to two people (a handover); each person takes at most MAX_LOAD - 2
    # areas, which leaves room to inject one more without passing the limit.
    floor = max(min_people, -(-n_areas * 2 // (MAX_LOAD - 2)) + 3)
    ceiling = max(floor, max_people if max_people is not None else n_areas + 4)
    n_people = draw(st.integers(floor, ceiling), label="n_people")
    org_name = ("Acme", "Initech", "Globex", "Umbrella", "Hooli")[draw(st.integers(0, 4))]
    org = Org(name=org_name)
    plan = Plan()
    person_ids = [_person_id(i) for i in range(n_people)]
    items: list[Person | Area | Role | DRI] = []
    for ident in person_ids:
        word = draw(CHOICES)
        name = f"{_FIRST[bits(word, 0, len(_FIRST))]} {_LAST[bits(word, 8, len(_LAST))]}"
        items.append(Person(ident, name=name, email=f"{ident}@example.com"))
    plan.load = dict.fromkeys(person_ids, 0)
    depth: dict[str, int] = {}
    scoped: set[str] = set()
    dri_people: dict[str, set[str]] = {}  # area -> every person who is ever its DRI
    # person -> areas their leaving would strand: top areas, and areas led through a role
    tops: dict[str, int] = {}
    for index in range(n_areas):
        ident = _area_id(index)
        word = draw(CHOICES)
        eligible = [a for a in depth if max_depth is None or depth[a] + 1 < max_depth]
        parent = None
        if index and eligible and bits(word, 0, 10) < 9:
            parent = eligible[bits(word, 4, len(eligible))]
        depth[ident] = 0 if parent is None else depth[parent] + 1
        plan.parent[ident] = parent
        plan.children[ident] = []
        if parent is not None:
            plan.children[parent].append(ident)
        # Scopes nest by the tree: authority is delegated, never exceeded.
        plan.prefix[ident] = ident if parent is None else f"{plan.prefix[parent]}/{ident}"
        scope_list: list[str] = []
        if with_scopes and bits(word, 20, 4) > 0:
            scope_list.append(f"{plan.prefix[ident]}/**")
            # A second namespace only where no scoped ancestor would have to cover it.
            top = not any(a in scoped for a in ancestors(plan, ident))
            if top and bits(word, 22, 5) == 0:
                scope_list.append(f"repo:{plan.prefix[ident]}/*.py")
            scoped.add(ident)
        avoid = dri_people.get(parent, set()) if parent is not None else set()
        if parent is None:  # a third stranded area would be a single point of failure (DA506)
            avoid = {p for p, n in tops.items() if n >= 2}
        candidates = [p for p in person_ids if p not in avoid and plan.load[p] < MAX_LOAD - 2]
        holder = candidates[bits(word, 25, len(candidates))]
        successor = None
        if dated and bits(word, 35, 2):
            others = [p for p in candidates if p != holder]
            if others:
                successor = others[bits(word, 36, len(others))]
        advisors = [person_ids[bits(word, 44, n_people)]]
        second = person_ids[bits(word, 51, n_people)]
        if bits(word, 50, 2) and second not in advisors:
            advisors.append(second)
        items.append(
            Area(
                ident,
                name=ident.replace("-", " ").title(),
                parent=parent,
                purpose=_PURPOSES[bits(word, 56, len(_PURPOSES))],
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
        if roles and bits(word, 59, 4) == 0 and (parent is None or tops.get(holder, 0) < 2):
            tops[holder] = tops.get(holder, 0) + (parent is not None)
            first_holder = f"{ident}-lead"
            items.append(Role(first_holder, name=f"{ident} lead", area=ident, holders=(holder,)))
        if successor is None:
            items.append(DRI(ident, first_holder))
        else:
            handover = draw(_days, label="handover")
            acting = bool(bits(word, 62, 2))
            items.append(DRI(ident, first_holder, end=handover))
            items.append(DRI(ident, successor, start=handover, acting=acting))
    org.add(*items)
    if with_scopes and scoped:
        word = draw(CHOICES)
        ordered = sorted(scoped)
        picks = {ordered[bits(word, 8 * i, len(ordered))] for i in range(bits(word, 40, 4))}
        org.resources = [f"{plan.prefix[a]}/inventory" for a in sorted(picks)]
    if extras is not None and extras.any():
        add_extras(draw, org, plan, extras)
    return org, plan


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
    extras = Extras(handles, kinds, teams, deputies, absences, nobody, decisions)
    flags = {"valid": valid, "roles": roles, "scopes": scopes, "dated": dated}
    flags.update(attrs.asdict(extras))
    for name, flag in flags.items():
        _check_bool(name, flag)
    if not valid:
        wild = _wild(min_areas=min_areas, max_areas=max_areas)
        return wild.flatmap(lambda org: wild_extras(org, extras)) if extras.any() else wild
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
        pick = bits(word, shift, len(targets) + 1)
        return None if pick == len(targets) else targets[pick]

    def refs(word: int, shift: int) -> list[str]:
        found = [ref(word, shift + 6 * i) for i in range(bits(word, shift + 18, 4))]
        return list(dict.fromkeys(r for r in found if r is not None))

    org = Org(name="wild")
    items: list[Person | Area | Role | DRI] = []
    for index, ident in enumerate(pool):
        word = draw(CHOICES)
        kind = 0 if index < min_areas else bits(word, 0, 4)
        if kind == 0:
            scope_count = bits(word, 46, 3)
            items.append(
                Area(
                    ident,
                    parent=ref(word, 2),
                    escalates_to=ref(word, 8),
                    advisors=refs(word, 14),
                    informed=refs(word, 24),
                    purpose=("", "x", *_PURPOSES)[bits(word, 36, 10)],
                    scopes=list(dict.fromkeys(draw(scopes()) for _ in range(scope_count))),
                )
            )
        elif kind == 1:
            items.append(Person(ident, active=bool(bits(word, 2, 2))))
        elif kind == 2:
            items.append(Role(ident, area=ref(word, 2), holders=refs(word, 8)))
    records: dict[DRI, None] = {}
    for _ in range(draw(st.integers(0, 2 * len(pool)))):
        word = draw(CHOICES)
        start = EPOCH + dt.timedelta(days=bits(word, 20, 6000)) if bits(word, 34, 2) else None
        days = 1 + bits(word, 36, 2000) if bits(word, 48, 2) else None
        end = None if days is None else (start or EPOCH) + dt.timedelta(days=days)
        area, holder = targets[bits(word, 0, len(targets))], targets[bits(word, 8, len(targets))]
        records[DRI(area, holder, start=start, end=end, acting=bool(bits(word, 50, 2)))] = None
    items.extend(records)
    org.add(*items)
    org.resources = list(dict.fromkeys(draw(resources()) for _ in range(draw(st.integers(0, 3)))))
    return org


# --- broken orgs ---------------------------------------------------------------------------------


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
