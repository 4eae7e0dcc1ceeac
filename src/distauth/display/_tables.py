"""The org as plain tables (records) and pandas data frames (the ``[pandas]`` extra)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from distauth._bulk import collector_paused
from distauth._model import DRI, Area, Person, Role
from distauth._model import day_or_today as _day
from distauth._org import Org
from distauth._tree import DriInfo, Forest
from distauth.display._common import (
    require,
)
from distauth.rules import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["report_to_pandas", "to_pandas", "to_records"]


# --- tables ----------------------------------------------------------------------------------

#: Columns of each table of :func:`to_records` and :func:`to_pandas`, in order.
#: The entity fields each table shows, in order (the first fields of each entity; the second
#: wave's fields are in the HTML, not in these documented tables).
_FIELDS: dict[str, tuple[str, ...]] = {
    "areas": (
        "id",
        "name",
        "parent",
        "purpose",
        "scopes",
        "advisors",
        "informed",
        "escalates_to",
        "tags",
    ),
    "people": ("id", "name", "email", "active", "tags"),
    "roles": ("id", "name", "area", "purpose", "accountabilities", "holders"),
}

#: Columns of each table of :func:`to_records` and :func:`to_pandas`, in order.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "areas": (*_FIELDS["areas"], "dri", "dri_holders", "depth"),
    "people": _FIELDS["people"],
    "roles": _FIELDS["roles"],
    "dris": ("area", "holder", "start", "end", "acting", "in_effect"),
    "edges": ("source", "target", "kind"),
}

_REPORT_COLUMNS = (
    "code",
    "rule",
    "severity",
    "message",
    "subjects",
    "hint",
    "file",
    "line",
    "column",
)


def to_records(org: Org, *, on: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """The org as plain tables: lists of dicts, ready for JSON, csv or a data frame.

    Tables (columns in docs/display.md): ``areas`` (with ``dri``, the person deciding on
    *on*, ``dri_holders``, the ids of the assignments in effect, and ``depth``, the number of
    parent links up to a top-level area, ``None`` in or under a parent cycle), ``people``,
    ``roles``, ``dris`` (every assignment, with ``in_effect`` on *on*) and ``edges``
    (``source``, ``target``, ``kind``, as ``networkx.to_pandas_edgelist`` names them). Rows
    are sorted by id (edges by source, target, kind); lists stand for tuples and sets (tags
    sorted); dates stay ``datetime.date``.

    Args:
        org: the org.
        on: the day for ``dri``, ``dri_holders`` and ``in_effect`` (default: today).

    Returns:
        ``{table name: rows}``.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("co", "ana"))
    >>> tables = display.to_records(org)
    >>> [(a["id"], a["parent"], a["dri"], a["depth"]) for a in tables["areas"]]
    [('co', None, 'ana', 0), ('ops', 'co', None, 1)]
    >>> tables["edges"]  # doctest: +NORMALIZE_WHITESPACE
    [{'source': 'co', 'target': 'ana', 'kind': 'dri'},
     {'source': 'ops', 'target': 'co', 'kind': 'parent'}]
    """
    with collector_paused():
        return _records(org, _day(on))


def _row(entity: Area | Person | Role, fields: tuple[str, ...]) -> dict[str, Any]:
    """*entity*'s *fields*: tuples as lists, sets (tags) as sorted lists."""
    row: dict[str, Any] = {}
    for name in fields:
        value = getattr(entity, name)
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = list(value)
        row[name] = value
    return row


def _records(org: Org, day: dt.date) -> dict[str, list[dict[str, Any]]]:
    forest = Forest(org)
    areas = []
    for ident, area in forest.areas.items():
        info = DriInfo(org, ident, day)
        row = _row(area, _FIELDS["areas"])
        row["dri"] = info.person.id if info.person else None
        row["dri_holders"] = list(info.holders)
        row["depth"] = None if ident in forest.cyclic else forest.depth[ident]
        areas.append(row)
    people = [_row(p, _FIELDS["people"]) for p in sorted(org.people.values(), key=lambda p: p.id)]
    roles = [_row(r, _FIELDS["roles"]) for r in sorted(org.roles.values(), key=lambda r: r.id)]
    dris = [_dri_record(d, day) for d in org.all_dris()]
    edges = sorted({(str(u), str(v), str(d["kind"])) for u, v, d in org.graph.edges(data=True)})
    # A MultiDiGraph may hold several DRI edges between one area and one holder (dated
    # assignments); the edge list keeps one row per kind of link, as a simple graph would.
    return {
        "areas": areas,
        "people": people,
        "roles": roles,
        "dris": dris,
        "edges": [{"source": u, "target": v, "kind": k} for u, v, k in edges],
    }


def _dri_record(dri: DRI, day: dt.date) -> dict[str, Any]:
    return {
        "area": dri.area,
        "holder": dri.holder,
        "start": dri.start,
        "end": dri.end,
        "acting": dri.acting,
        "in_effect": dri.in_effect(day),
    }


def to_pandas(org: Org, *, on: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """The tables of :func:`to_records` as pandas DataFrames (needs the ``[pandas]`` extra).

    Every frame has its columns even when empty. ``depth`` is a nullable ``Int64`` column;
    list cells and dates stay Python objects.

    Args:
        org: the org.
        on: the day for ``dri``, ``dri_holders`` and ``in_effect`` (default: today).

    Returns:
        ``{table name: DataFrame}`` for ``areas``, ``people``, ``roles``, ``dris``, ``edges``.

    Raises:
        ImportError: pandas is not installed (``pip install 'distauth[pandas]'``).

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
    >>> frames = display.to_pandas(org)
    >>> frames["areas"][["id", "dri", "depth"]].to_dict("records")
    [{'id': 'co', 'dri': 'ana', 'depth': 0}]
    >>> list(frames["roles"].columns)
    ['id', 'name', 'area', 'purpose', 'accountabilities', 'holders']
    """
    pandas = require("pandas", "pandas")
    tables = to_records(org, on=on)
    frames = {}
    for name, rows in tables.items():
        frame = pandas.DataFrame(rows, columns=list(_COLUMNS[name]))
        if name == "areas":
            frame["depth"] = pandas.array([r["depth"] for r in rows], dtype="Int64")
        frames[name] = frame
    return frames


def report_to_pandas(report: Report) -> pd.DataFrame:
    """The findings of *report* as a pandas DataFrame, one row each (``[pandas]`` extra).

    Columns: ``code``, ``rule``, ``severity`` (an ordered categorical: info < warning <
    error, so sorting and ``max`` work), ``message``, ``subjects`` (a tuple of ids), ``hint``,
    and the location as ``file``, ``line`` and ``column`` (nullable ``Int64``), empty when the
    org did not come from a file.

    Args:
        report: what :func:`distauth.validate` returned.

    Returns:
        One row per finding, in the report's order.

    Raises:
        ImportError: pandas is not installed (``pip install 'distauth[pandas]'``).

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Area("co"))
    >>> frame = display.report_to_pandas(da.validate(org, select=["DA1", "DA5"]))
    >>> frame[["code", "severity", "subjects"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'code': 'DA101', 'severity': 'error', 'subjects': ('co',)},
     {'code': 'DA502', 'severity': 'info', 'subjects': ('co',)},
     {'code': 'DA503', 'severity': 'info', 'subjects': ('co',)}]
    """
    pandas = require("pandas", "pandas")
    rows = []
    for f in report.findings:
        loc = f.location
        rows.append(
            {
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
                "subjects": f.subjects,
                "hint": f.hint,
                "file": loc.file if loc else None,
                "line": loc.line if loc else None,
                "column": loc.column if loc else None,
            }
        )
    frame = pandas.DataFrame(rows, columns=list(_REPORT_COLUMNS))
    frame["severity"] = pandas.Categorical(
        frame["severity"], categories=["info", "warning", "error"], ordered=True
    )
    for name in ("line", "column"):
        frame[name] = pandas.array([r[name] for r in rows], dtype="Int64")
    result: pd.DataFrame = frame
    return result
