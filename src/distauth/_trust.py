"""Trust metrics: how decisions were actually taken, per area and per person, over a period.

The feedback side of distributed authority: a DRI earns trust by deciding what is theirs,
after collecting advice, and by explaining themselves when someone disagreed. The numbers here
count the decision records of a period from their :class:`~distauth._audit.Judgement` (the
same reading of the map on each record's day as the DA6xx rules), so a metric and a finding
never disagree. One pass over the records: O(records x names). pandas and matplotlib are
imported only by :meth:`TrustMetrics.to_pandas` and :meth:`TrustMetrics.plot`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from distauth._audit import Judgement, judge_all
from distauth._errors import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["AreaTrust", "PersonTrust", "TrustMetrics", "trust_metrics"]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@attrs.define
class AreaTrust:
    """How the decisions of one area were taken (records judged against their day).

    Attributes:
        area: the area id (for a record about resources in several areas: their arbiter).
        decisions: decision records of the area in the period.
        by_own_dri: of those, taken by the area's own DRI or acting DRI of that day.
        by_authority: taken by someone who held authority (the DRI, the deputy, or the DRI a
            vacant area fell back to).
        escalated: taken above the area: by the arbiter of several areas, or by a DRI above it.
        with_advisors: records of the area while it had advisors to consult.
        fully_advised: of those, records that heard every advisor.
        with_dissent: records that list a dissent.
        dissent_answered: of those, records that give a rationale.
    """

    area: str
    decisions: int = 0
    by_own_dri: int = 0
    by_authority: int = 0
    escalated: int = 0
    with_advisors: int = 0
    fully_advised: int = 0
    with_dissent: int = 0
    dissent_answered: int = 0

    @property
    def own_dri_share(self) -> float | None:
        """Share of the decisions taken by the area's own DRI (``None`` without decisions)."""
        return _share(self.by_own_dri, self.decisions)

    @property
    def advice_coverage(self) -> float | None:
        """Share of the decisions with advisors that heard them all (``None``: no such record)."""
        return _share(self.fully_advised, self.with_advisors)

    @property
    def dissent_answered_share(self) -> float | None:
        """Share of the decisions over a dissent that give a rationale (``None``: no dissent)."""
        return _share(self.dissent_answered, self.with_dissent)


@attrs.define
class PersonTrust:
    """How one person (or role) took part in decisions.

    Attributes:
        person: the id.
        decided: records they are among the deciders of.
        as_dri: of those, records of an area they held as DRI (or acting DRI) that day.
        without_authority: of those, records where no decider held authority (DA601).
        advisor_on: records of areas they advise.
        heard: of those, records that consulted them (or that they decided).
        dissented: records where they are listed as dissenting.
        dissent_answered: of those, records that give a rationale.
    """

    person: str
    decided: int = 0
    as_dri: int = 0
    without_authority: int = 0
    advisor_on: int = 0
    heard: int = 0
    dissented: int = 0
    dissent_answered: int = 0

    @property
    def advice_coverage(self) -> float | None:
        """Share of the records of areas they advise that heard them (``None``: none)."""
        return _share(self.heard, self.advisor_on)


_AREA_COLUMNS = (
    "area",
    "decisions",
    "by_own_dri",
    "by_authority",
    "escalated",
    "with_advisors",
    "fully_advised",
    "with_dissent",
    "dissent_answered",
    "own_dri_share",
    "advice_coverage",
    "dissent_answered_share",
)
_PERSON_COLUMNS = (
    "person",
    "decided",
    "as_dri",
    "without_authority",
    "advisor_on",
    "heard",
    "dissented",
    "dissent_answered",
    "advice_coverage",
)


@attrs.frozen
class TrustMetrics:
    """Trust metrics of one period: per area and per person, ids sorted.

    Attributes:
        since: first day counted (``None``: from the first record).
        until: first day no longer counted (``None``: to the last record).
        areas: one :class:`AreaTrust` per area with a decision in the period.
        people: one :class:`PersonTrust` per person or role who took part.
    """

    since: dt.date | None
    until: dt.date | None
    areas: tuple[AreaTrust, ...]
    people: tuple[PersonTrust, ...]

    def to_records(self, by: str = "area") -> list[dict[str, Any]]:
        """One dict per area (``by="area"``) or per person (``by="person"``), shares included.

        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"),
        ...         da.DecisionRecord("d1", title="T", date=dt.date(2027, 1, 1), area="ops",
        ...                           decided_by=["ana"]))
        >>> da.trust_metrics(org).to_records()[0]["own_dri_share"]
        1.0
        """
        rows, columns = self._rows(by)
        return [{c: getattr(row, c) for c in columns} for row in rows]

    def _rows(self, by: str) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        if by == "area":
            return self.areas, _AREA_COLUMNS
        if by == "person":
            return self.people, _PERSON_COLUMNS
        raise InvalidValueError(f'by must be "area" or "person" (got {by!r})', by)

    def to_pandas(self, by: str = "area") -> Any:
        """The records of :meth:`to_records` as a ``pandas.DataFrame`` (``[pandas]`` extra).

        >>> import distauth as da
        >>> list(da.trust_metrics(da.Org()).to_pandas(by="person").columns)[:3]
        ['person', 'decided', 'as_dri']
        """
        from distauth.display._common import require as _require  # noqa: PLC0415 - optional extra

        pandas = _require("pandas", "pandas")
        _rows, columns = self._rows(by)
        return pandas.DataFrame(self.to_records(by), columns=list(columns))

    def plot(self, ax: Any = None, *, top: int = 20) -> Any:
        """A bar chart per area: own-DRI share, advice coverage, dissent answered (``[plot]``).

        Args:
            ax: the matplotlib Axes to draw on; default a new figure.
            top: show the areas with the most decisions, at most this many.

        Returns:
            The Axes drawn on.

        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"),
        ...         da.DecisionRecord("d1", title="T", date=dt.date(2027, 1, 1), area="ops",
        ...                           decided_by=["ana"]))
        >>> ax = da.trust_metrics(org).plot()
        >>> [t.get_text() for t in ax.get_yticklabels()]
        ['ops (1)']
        >>> import matplotlib.pyplot as plt; plt.close("all")
        """
        from distauth.display._common import require as _require  # noqa: PLC0415 - optional extra

        pyplot = _require("matplotlib.pyplot", "plot")
        chosen = sorted(self.areas, key=lambda a: (-a.decisions, a.area))[:top]
        chosen.reverse()  # the busiest area on top
        if ax is None:
            _fig, ax = pyplot.subplots(figsize=(7, 1.2 + 0.45 * max(len(chosen), 1)))
        series = (
            ("own DRI decided", "own_dri_share", "#4c72b0"),
            ("advisors heard", "advice_coverage", "#55a868"),
            ("dissent answered", "dissent_answered_share", "#c44e52"),
        )
        height = 0.8 / len(series)
        for k, (label, field, colour) in enumerate(series):
            ys = [i + (k - 1) * height for i in range(len(chosen))]
            values = [getattr(a, field) for a in chosen]
            ax.barh(ys, [v or 0.0 for v in values], height=height, label=label, color=colour)
        ax.set_yticks(range(len(chosen)), [f"{a.area} ({a.decisions})" for a in chosen])
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of the area's decisions (decisions in brackets)")
        period = f"{self.since or '…'} to {self.until or '…'}"
        ax.set_title(f"How decisions were taken, {period}", loc="left")
        ax.legend(loc="lower right", fontsize="small")
        return ax


def _day(value: object, name: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidTypeError(f"{name} must be a datetime.date or None (got {value!r})", value)
    return value


def in_period(
    judgements: Iterable[Judgement], since: dt.date | None, until: dt.date | None
) -> list[Judgement]:
    """The judgements of records dated in ``[since, until)``."""
    return [
        j
        for j in judgements
        if (since is None or j.record.date >= since) and (until is None or j.record.date < until)
    ]


def trust_metrics(
    org: Org, *, since: dt.date | None = None, until: dt.date | None = None
) -> TrustMetrics:
    """Count how the decisions of ``[since, until)`` were taken, per area and per person.

    Only decided records count (not ``proposed``, ``draft`` or ``rejected`` ones); area
    figures count records whose area (or arbiter) is known.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("ops", advisors=["bo"]),
    ...         da.DRI("ops", "ana"))
    >>> org.add(*(da.DecisionRecord(f"d{i}", title="T", date=dt.date(2027, 1, i), area="ops",
    ...                             decided_by=[who], consulted=heard)
    ...           for i, who, heard in [(1, "ana", ["bo"]), (2, "ana", []), (3, "bo", [])]))
    >>> (ops,) = da.trust_metrics(org).areas
    >>> ops.decisions, ops.by_own_dri, ops.fully_advised, round(ops.own_dri_share, 2)
    (3, 2, 2, 0.67)
    >>> [(p.person, p.decided, p.as_dri, p.without_authority) for p in
    ...  da.trust_metrics(org, since=dt.date(2027, 1, 2)).people]
    [('ana', 1, 1, 0), ('bo', 1, 0, 1)]
    """
    since, until = _day(since, "since"), _day(until, "until")
    areas: dict[str, AreaTrust] = {}
    people: dict[str, PersonTrust] = {}

    def person(ident: str) -> PersonTrust:
        found = people.get(ident)
        if found is None:
            found = people[ident] = PersonTrust(ident)
        return found

    for j in in_period(judge_all(org, escalation=True), since, until):
        if not j.judged:
            continue
        record = j.record
        answered = bool(record.rationale.strip())
        for ident in j.deciders:
            row = person(ident)
            row.decided += 1
            row.as_dri += ident in j.own_dri
            row.without_authority += bool(j.area and j.authorized and not j.by_authority)
        for name in record.dissent:
            who = org.by_handle(name)
            if who is not None:
                row = person(who.id)
                row.dissented += 1
                row.dissent_answered += answered
        if j.area is None:
            continue
        for advisor in j.advisors:
            row = person(advisor)
            row.advisor_on += 1
            row.heard += advisor not in j.missing_advisors
        area = areas.get(j.area)
        if area is None:
            area = areas[j.area] = AreaTrust(j.area)
        area.decisions += 1
        area.by_own_dri += j.by_own_dri
        area.by_authority += j.by_authority
        area.escalated += j.escalated
        if j.advisors:
            area.with_advisors += 1
            area.fully_advised += not j.missing_advisors
        if record.dissent:
            area.with_dissent += 1
            area.dissent_answered += answered
    return TrustMetrics(
        since,
        until,
        tuple(areas[k] for k in sorted(areas)),
        tuple(people[k] for k in sorted(people)),
    )
