"""Departures: what an org looks like without someone, and what their leaving changes.

:func:`without` makes the what-if copy: the person's DRI assignments end on the day, they stop
holding roles, and they are marked inactive. :func:`impact` answers the reviewer's questions
without copying the org: which areas the person decides for on the day, to whom each decision
moves (another DRI of the area, or the nearest ancestor with one), which areas would have
nobody to decide, and whose escalation paths pass through those areas. It reads only the
person's own links and walks up from, and down below, their areas: its cost grows with the
areas they touch, not with the org. The findings their leaving would introduce need a
validation of the org and of the copy; :meth:`Impact.findings` computes them on demand.

:func:`whois` gathers everything a person is in the org, for ``distauth whois``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from distauth._errors import UnknownIdError
from distauth._model import DRI, Area, Person, Role
from distauth._suggest import did_you_mean

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth.rules import Config, Finding

__all__ = ["Impact", "Move", "Profile", "impact", "whois", "without"]


def _day(on: dt.date | None) -> dt.date:
    from distauth._model import day_or_today  # noqa: PLC0415 - one day parser

    return day_or_today(on)


def _person(org: Org, person: str) -> Person:
    found = org.people.get(person)
    if found is None:
        mean = did_you_mean(person, org.people)
        raise UnknownIdError(f"{person!r} is not a person of the org{mean}", person)
    return found


def _roles_held(org: Org, person: str) -> list[Role]:
    graph = org.graph
    return [
        org.roles[role]
        for role, keys in graph.succ[person].items()
        if "holds" in keys and role in org.roles
    ]


def without(org: Org, person: str, on: dt.date | None = None) -> Org:
    """A copy of *org* in which *person* leaves on day *on* (default: today).

    Their DRI assignments end on that day (those that would start later are dropped), they
    hold no role, and they are marked inactive. O(n) for the copy.

    Raises:
        UnknownIdError: *person* is not a person of the org.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
    >>> after = org.without("ana", on=dt.date(2027, 1, 1))
    >>> [str(d.end) for d in after.all_dris()], after.people["ana"].active
    (['2027-01-01'], False)
    """
    day = _day(on)
    leaving = _person(org, person)
    copy = org.copy()
    graph = org.graph
    for keys in graph.pred[person].values():
        for key, data in keys.items():
            if data["kind"] != "dri" or not isinstance(key, DRI):
                continue
            if key.end is not None and key.end <= day:
                continue  # history stays as it was
            copy.remove(key)
            if key.start is None or key.start < day:
                copy.add(attrs.evolve(key, end=day))
    for role in _roles_held(org, person):
        copy.replace(attrs.evolve(role, holders=tuple(h for h in role.holders if h != person)))
    copy.replace(attrs.evolve(leaving, active=False))
    return copy


@attrs.frozen
class Move:
    """Where the decisions of one area go when its DRI leaves.

    Attributes:
        area: the area the person decided for.
        to: who decides after: a person, or a team (any of its members decides); ``None``:
            nobody.
        via: the area whose DRI that is: ``area`` itself (another DRI of it, or its deputy) or
            the nearest ancestor with one; ``None`` when nobody decides.
        deputy: ``to`` is the area's deputy: no DRI record is left to decide, and the deputy
            is the one who can until a new DRI is named.
    """

    area: str
    to: str | None
    via: str | None
    deputy: bool = False

    def describe(self) -> str:
        """One line in words.

        >>> Move("ops", "ana", "co").describe()
        "'ops' goes to ana (DRI of 'co', by fallback)"
        >>> Move("ops", "bo", "ops", deputy=True).describe()
        "'ops' has no DRI left: its deputy bo can decide"
        """
        if self.to is None:
            return f"{self.area!r} is left with nobody to decide"
        if self.deputy:
            return f"{self.area!r} has no DRI left: its deputy {self.to} can decide"
        how = "" if self.via == self.area else ", by fallback"
        return f"{self.area!r} goes to {self.to} (DRI of {self.via!r}{how})"


@attrs.frozen
class Impact:
    """What a person's departure changes, on one day.

    Attributes:
        org: the org asked about.
        person: the person leaving.
        on: the day.
        moves: for each area they decide for, where its decisions go, sorted by area.
        escalations: areas whose escalation path passes through one of those areas (and so
            changes), sorted; the areas themselves not included.
    """

    org: Org = attrs.field(repr=False, eq=False)
    person: str
    on: dt.date
    moves: tuple[Move, ...]
    escalations: tuple[str, ...]

    @property
    def nobody(self) -> tuple[str, ...]:
        """The areas left with nobody to decide.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> org.impact("ana").nobody
        ('ops',)
        """
        return tuple(m.area for m in self.moves if m.to is None)

    def findings(self, config: Config | None = None) -> tuple[Finding, ...]:
        """The findings the departure would introduce on the day (validates the org twice).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops", purpose="Run", advisors=["ana"]),
        ...         da.DRI("ops", "ana"))
        >>> [f.code for f in org.impact("ana").findings()]
        ['DA101']
        """
        from distauth._diff import diff  # noqa: PLC0415 - validation is the expensive part

        after = without(self.org, self.person, self.on)
        return diff(self.org, after, on=self.on, config=config).introduced

    def to_text(self) -> str:
        """The impact in words.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> print(org.impact("ana", on=dt.date(2027, 1, 1)).to_text())
        if ana leaves on 2027-01-01:
          'ops' is left with nobody to decide
        """
        lines = [f"if {self.person} leaves on {self.on.isoformat()}:"]
        if not self.moves:
            lines.append("  no area changes hands")
        lines += [f"  {m.describe()}" for m in self.moves]
        if self.escalations:
            shown = ", ".join(repr(a) for a in self.escalations[:20])
            more = len(self.escalations) - 20
            lines.append(
                f"  {len(self.escalations)} areas escalate through them: {shown}"
                + (f" and {more} more" if more > 0 else "")
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"))
        >>> org.impact("ana", on=dt.date(2027, 1, 1)).to_dict()["moves"]
        []
        """
        return {
            "person": self.person,
            "on": self.on.isoformat(),
            "moves": [attrs.asdict(m) for m in self.moves],
            "nobody": list(self.nobody),
            "escalations": list(self.escalations),
        }


def _ancestors(org: Org, area: Area) -> Iterator[Area]:
    seen = {area.id}
    parent = area.parent
    while parent is not None and parent in org.areas and parent not in seen:
        seen.add(parent)
        found = org.areas[parent]
        yield found
        parent = found.parent


def _named(deciders: tuple[str, ...], holder: str) -> str:
    """One name for whoever decides through *holder*: the person, or the team."""
    return deciders[0] if len(deciders) == 1 else holder


def _move(org: Org, area: Area, person: str, day: dt.date) -> Move:
    """Where *area*'s decisions go once *person* has left: as who_decides answers on the copy.

    The area's own remaining records decide; with none left, authority falls back to the
    nearest ancestor that still has records in effect (those that were only the person's
    have none once they leave), and stops at an area that nobody holds. When nobody is found,
    the area's deputy can decide. The same walk as
    :func:`distauth.rules.availability.left_with_nobody` (DA506), which a test holds it to.
    """
    from distauth.rules.availability import deciders_after  # noqa: PLC0415 - rules import the org

    for where in (area, *_ancestors(org, area)):
        records = [r for r in org.dris(where.id, on=day) if r.holder != person]
        if records:
            if len(records) == 1:
                deciders = deciders_after(org, records[0].holder, person)
                if deciders:
                    return Move(area.id, _named(deciders, records[0].holder), where.id)
            break
        if where.nobody:
            break
    if area.deputy is not None:
        standing = deciders_after(org, area.deputy, person)
        if standing:
            return Move(area.id, _named(standing, area.deputy), area.id, deputy=True)
    return Move(area.id, None, None)


def _escalating_below(org: Org, roots: set[str]) -> list[str]:
    """Areas whose escalation path reaches one of *roots* (roots excluded); iterative.

    Walks down the incoming ``parent`` and ``escalates_to`` edges: O(areas found).
    """
    graph = org.graph
    nodes, pred = graph.nodes, graph.pred
    seen = set(roots)
    stack = list(roots)
    found: list[str] = []
    while stack:
        target = stack.pop()
        for source, keys in pred[target].items():
            if source in seen:
                continue
            entity = nodes[source]["entity"]
            if not isinstance(entity, Area):
                continue
            if "escalates_to" in keys or ("parent" in keys and entity.escalates_to is None):
                seen.add(source)
                found.append(source)
                stack.append(source)
    found.sort()
    return found


def impact(org: Org, person: str, on: dt.date | None = None) -> Impact:
    """What changes if *person* leaves on day *on* (default: today).

    Raises:
        UnknownIdError: *person* is not a person of the org.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("co"), da.Area("ops", parent="co"),
    ...         da.Area("web", parent="ops"), da.DRI("co", "bo"), da.DRI("ops", "ana"),
    ...         da.DRI("web", "bo"))
    >>> found = org.impact("ana")
    >>> [m.describe() for m in found.moves], found.escalations
    (["'ops' goes to bo (DRI of 'co', by fallback)"], ('web',))
    """
    day = _day(on)
    _person(org, person)
    areas = org.areas_of(person, on=day)
    moves = tuple(_move(org, area, person, day) for area in areas)
    below = _escalating_below(org, {a.id for a in areas})
    return Impact(org, person, day, moves, tuple(below))


@attrs.frozen
class Profile:
    """Everything a person is in an org on one day (``distauth whois``).

    Attributes:
        person: the person.
        dri: areas they are DRI of (directly or through a role they hold alone).
        acting: of those, the areas where their assignment is acting.
        deputy: areas that name them (or a role they hold) as deputy.
        advisor: areas that list them (or a role they hold) as advisor.
        informed: areas that list them (or a role they hold) as informed.
        roles: roles they hold.
        arbitrates: areas they are DRI of that have areas below them (conflicts there go to
            them).
        load: how many areas they are DRI of; ``limit``: max-areas-per-person.
    """

    person: Person
    on: dt.date
    dri: tuple[str, ...]
    acting: tuple[str, ...]
    deputy: tuple[str, ...]
    advisor: tuple[str, ...]
    informed: tuple[str, ...]
    roles: tuple[str, ...]
    arbitrates: tuple[str, ...]
    load: int
    limit: int

    def to_text(self) -> str:
        """The profile in words, one line per relation.

        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana", name="Ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> print(whois(org, "ana", on=dt.date(2027, 1, 1)).to_text())
        ana (Ana), on 2027-01-01
          DRI of: ops
          load: 1 of at most 10 areas
        """
        name = f" ({self.person.name})" if self.person.name else ""
        state = "" if self.person.active else ", inactive"
        lines = [f"{self.person.id}{name}{state}, on {self.on.isoformat()}"]
        for label, ids in (
            ("DRI of", self.dri),
            ("acting DRI of", self.acting),
            ("deputy of", self.deputy),
            ("advisor of", self.advisor),
            ("informed of", self.informed),
            ("roles held", self.roles),
            ("arbitrates below", self.arbitrates),
        ):
            if ids:
                lines.append(f"  {label}: {', '.join(ids)}")
        over = " (over the limit)" if self.load > self.limit else ""
        lines.append(f"  load: {self.load} of at most {self.limit} areas{over}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"))
        >>> whois(org, "ana", on=dt.date(2027, 1, 1)).to_dict()["load"]
        0
        """
        out = {k: list(v) if isinstance(v, tuple) else v for k, v in attrs.asdict(self).items()}
        out["person"] = self.person.id
        out["on"] = self.on.isoformat()
        return out


def whois(
    org: Org, person: str, on: dt.date | None = None, config: Config | None = None
) -> Profile:
    """Everything *person* is in *org* on day *on*: see :class:`Profile`.

    Raises:
        UnknownIdError: *person* is not a person of the org.
    """
    from distauth.rules import Config  # noqa: PLC0415

    day = _day(on)
    found = _person(org, person)
    limit = (config or Config()).max_areas_per_person
    roles = _roles_held(org, person)
    me = {person} | {r.id for r in roles}
    graph = org.graph
    dri_areas = org.areas_of(person, on=day)
    acting = [
        a.id for a in dri_areas if any(r.acting and r.holder in me for r in org.dris(a.id, on=day))
    ]
    advisor: set[str] = set()
    informed: set[str] = set()
    for who in me:
        for area, keys in graph.succ[who].items():
            if "advises" in keys:
                advisor.add(area)
            if "informs" in keys:
                informed.add(area)
    deputy = sorted(a.id for a in org.areas.values() if getattr(a, "deputy", None) in me)
    arbitrates = [
        a.id for a in dri_areas if any("parent" in keys for keys in graph.pred[a.id].values())
    ]
    return Profile(
        found,
        day,
        tuple(a.id for a in dri_areas),
        tuple(acting),
        tuple(deputy),
        tuple(sorted(advisor)),
        tuple(sorted(informed)),
        tuple(sorted(r.id for r in roles)),
        tuple(arbitrates),
        len(dri_areas),
        limit,
    )
