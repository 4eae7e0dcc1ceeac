"""Looking ahead: every finding that holds on some day of a window, with its first day.

``validate(org, on=..., until=...)`` comes here. The org's answer can only change on a day on
which some dated record starts or ends (and, for DA504, on the day an ending enters the
handover horizon), so only ``on`` and those *event days* are checked: a finding that holds on
any day of ``[on, until)`` holds on the event day that begins its stretch.

Rules whose answer does not depend on the day (the structure of the tree, scopes, escalation
overrides, advice and purpose) run once, on ``on``; the others run on each event day. A rule
not known here (a plugin) is treated as depending on the day. Cost: one validation, plus one
run of the day-dependent rules per event day (at most the number of days in the window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from distauth._errors import InvalidValueError
from distauth.rules._core import CheckContext, Config, Finding

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["DAY_INDEPENDENT", "event_days", "look_ahead"]

#: Built-in rules whose findings are the same on every day: they read no dated record.
DAY_INDEPENDENT = frozenset(
    {"DA202", "DA204", "DA301", "DA302", "DA303", "DA401", "DA403", "DA502", "DA503"}
)

Run = Callable[["Org", CheckContext, set[str], Mapping[str, frozenset[str]]], list[Finding]]


def _dated(org: Org) -> Iterable[tuple[dt.date | None, dt.date | None]]:
    """``(start, end)`` of every dated record: DRI assignments, and absences where kept."""
    for record in org.all_dris():
        if record.start is not None or record.end is not None:
            yield record.start, record.end
    for absence in getattr(org, "absences", ()):
        yield getattr(absence, "start", None), getattr(absence, "end", None)


def event_days(
    org: Org, config: Config, on: dt.date, until: dt.date, codes: Iterable[str] = ("DA504",)
) -> list[dt.date]:
    """The days of ``(on, until)`` on which some finding may begin to hold, sorted.

    Those on which a dated record starts or ends, and with DA504 among *codes*, those on which
    an ending comes within ``handover_horizon_days``. O(r log r) for r dated records.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.DRI("ops", "ana", end=dt.date(2027, 1, 10)),
    ...         da.DRI("ops", "bo", start=dt.date(2027, 1, 10)))
    >>> [d.isoformat() for d in event_days(org, Config(handover_horizon_days=5),
    ...                                    dt.date(2027, 1, 1), dt.date(2027, 2, 1))]
    ['2027-01-05', '2027-01-10']
    """
    horizon = dt.timedelta(days=config.handover_horizon_days)
    handover = "DA504" in set(codes)
    days: set[dt.date] = set()
    for start, end in _dated(org):
        if start is not None:
            days.add(start)
        if end is not None:
            days.add(end)
            if handover and end - dt.date.min > horizon:
                days.add(end - horizon)
    return sorted(d for d in days if on < d < until)


def _from(day: dt.date, finding: Finding) -> Finding:
    return attrs.evolve(finding, message=f"from {day.isoformat()}, {finding.message}", since=day)


def look_ahead(
    org: Org,
    *,
    config: Config,
    on: dt.date,
    until: dt.date,
    chosen: set[str],
    ignores: Mapping[str, frozenset[str]],
    run: Run,
) -> list[Finding]:
    """Every finding of the *chosen* rules that holds on some day of ``[on, until)``.

    Each finding appears once (by code and subjects), as it reads on its first day, with
    ``since`` set to that day; those that begin after *on* say so in their message.

    Raises:
        InvalidValueError: *until* is not after *on*.
    """
    if until <= on:
        raise InvalidValueError(
            f"until ({until.isoformat()}) must be after on ({on.isoformat()})", until
        )
    findings = [
        attrs.evolve(f, since=on) for f in run(org, CheckContext(org, config, on), chosen, ignores)
    ]
    seen = {(f.code, f.subjects) for f in findings}
    dated = chosen - DAY_INDEPENDENT
    if not dated:
        return findings
    for day in event_days(org, config, on, until, dated):
        for finding in run(org, CheckContext(org, config, day), dated, ignores):
            key = (finding.code, finding.subjects)
            if key not in seen:
                seen.add(key)
                findings.append(_from(day, finding))
    return findings
