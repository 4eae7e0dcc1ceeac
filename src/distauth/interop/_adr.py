"""Reading architecture decision records (ADRs) into :class:`~distauth.DecisionRecord` values.

:func:`read_adrs` takes a directory or a mapping of file names to text, reads each record with
:func:`~distauth.interop._adr_parse.parse_adr` (MADR 3/4 front matter, MADR 2's list, Nygard's
sections) and adds one decision record per file to a copy of the org it is given. Names are kept
as written (``Ahmed AbouZaid``, ``Distribution team``), because the org resolves them when it is
audited; a name the org does not know is also an import problem on its exact line, so that
nobody has to wait for the audit to learn of it. Nothing is dropped silently: a record that
cannot become a decision (it has no date) is an import problem that says it was left out.

Problem codes (``AD1xx``):

- ``AD101`` the date is not a ``YYYY-MM-DD`` day, or there is none: the record is left out;
- ``AD102`` a name in ``decision-makers``, ``consulted``, ``informed`` or ``dissent`` names
  nobody in the org (kept in the record: the audit reports it as DA607 too);
- ``AD103`` the ``area`` is not an area of the org, or not an id (kept when it is an id);
- ``AD104`` a resource is not a resource string (left out of the record);
- ``AD105`` the front matter cannot be read;
- ``AD106`` a file is not UTF-8 text (directory reads only).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from distauth._audit import record_id_for
from distauth._errors import InvalidTypeError, ScopeError
from distauth._model import DecisionRecord, Location, is_slug
from distauth._org import Org
from distauth.interop._adr_parse import Located, parse_adr, parse_date
from distauth.interop._common import Imported, ImportProblem
from distauth.scopes import check_resource

__all__ = ["SKIPPED_NAMES", "read_adrs"]

#: File names (lower case, without suffix) that ADR directories keep beside the records:
#: an index, a README, a template. They are not decisions and are not read.
SKIPPED_NAMES = frozenset({"index", "readme", "template", "adr-template"})

_PEOPLE_FIELDS = ("decided_by", "consulted", "informed", "dissent")
_FIELD_NAMES = {
    "decided_by": "decision-makers",
    "consulted": "consulted",
    "informed": "informed",
    "dissent": "dissent",
}


def _read_directory(
    path: Path, problems: list[ImportProblem], source: str | None
) -> dict[str, str]:
    """Every Markdown file under *path*, by its path relative to it (posix), sorted."""
    files: dict[str, str] = {}
    for file in sorted(path.rglob("*.md")):
        name = file.relative_to(path).as_posix()
        try:
            files[name] = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                ImportProblem(
                    "AD106",
                    f"not UTF-8 text ({exc.reason}); left out",
                    Location(file=f"{source.rstrip('/')}/{name}" if source else name),
                )
            )
    return files


def _area_for(name: str, areas: Mapping[str, str]) -> str | None:
    """The area the longest directory prefix of *name* maps to (``""`` maps every file)."""
    parts = PurePosixPath(name).parts[:-1]
    for cut in range(len(parts), -1, -1):
        area = areas.get("/".join(parts[:cut]))
        if area is not None:
            return area
    return None


def _normalise_areas(areas: Mapping[str, str] | None) -> dict[str, str]:
    if areas is None:
        return {}
    if not isinstance(areas, Mapping):
        raise InvalidTypeError(
            f"areas must be a mapping of directories to area ids (got {areas!r})"
        )
    out: dict[str, str] = {}
    for directory, area in areas.items():
        if not isinstance(directory, str) or not is_slug(area):
            raise InvalidTypeError(
                f"areas maps a directory (str) to an area id (got {directory!r}: {area!r})"
            )
        out[directory.strip("/").removeprefix("./")] = area
    return out


def _new_id(name: str, taken: set[str]) -> str:
    """The record id of file *name*: its stem as a slug, made unique by its directory.

    Records refer to each other by file name (``superseded by [ADR 7](0007-x.md)``), so the id
    is the file's stem whenever that is free; a second ``0001-x.md`` in another directory
    becomes ``billing-adr-0001-x``, and a third clash gets a number.
    """
    ident = record_id_for(name)
    if ident in taken:
        ident = record_id_for(name.replace("/", "-"))
    base, n = ident, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    taken.add(ident)
    return ident


def _names(values: Iterable[Located]) -> list[Located]:
    """Each name once, in file order (a record that names someone twice still names one)."""
    seen: set[str] = set()
    out: list[Located] = []
    for value in values:
        if value.value not in seen:
            seen.add(value.value)
            out.append(value)
    return out


def read_adrs(
    files: Mapping[str, str] | str | os.PathLike[str],
    *,
    org: Org | None = None,
    areas: Mapping[str, str] | None = None,
    source: str | None = None,
) -> Imported:
    r"""Read ADR files into decision records, added to a copy of *org*.

    Args:
        files: a directory (every ``*.md`` under it, except index, README and template
            files), or a mapping of file names (posix paths) to their text.
        org: the org whose people, roles and areas the records name; never changed. Without
            it the records go into an empty org and no name is checked.
        areas: which area each ADR directory concerns, for records that do not say
            (``{"billing/adr": "billing"}``; ``""`` maps every file); the longest directory
            that contains a file wins, and a record's own ``area`` wins over all.
        source: a directory to put before each file name in locations (the command line
            passes the ADR directory it was given, so that messages name files it can open).

    Returns:
        ``Imported(org, problems)``: the org with one :class:`~distauth.DecisionRecord` per
        record, each located at its title line (``org.location(record_id)``), and the import
        problems (codes ``AD1xx``, see the module documentation) in file and line order.

    >>> import distauth as da
    >>> from distauth.interop import read_adrs
    >>> org = da.Org()
    >>> org.add(da.Person("ana", name="Ana Ruiz"), da.Area("platform"))
    >>> text = ("# Use Postgres\n\n- Status: accepted\n- Date: 2027-03-01\n"
    ...         "- Decision-makers: Ana Ruiz, Bo\n")
    >>> result = read_adrs({"adr/0001-use-postgres.md": text}, org=org,
    ...                    areas={"adr": "platform"})
    >>> record = result.org.decisions["0001-use-postgres"]
    >>> record.decided_by, record.area, str(result.org.location(record.id))
    (('Ana Ruiz', 'Bo'), 'platform', 'adr/0001-use-postgres.md:1:3')
    >>> [str(p) for p in result.problems]
    ["adr/0001-use-postgres.md:5: AD102 decision-makers: 'Bo' names nobody in the org"]
    """
    problems: list[ImportProblem] = []
    mapping = _normalise_areas(areas)
    if isinstance(files, str | os.PathLike):
        texts = _read_directory(Path(files), problems, source)
    elif isinstance(files, Mapping):
        texts = dict(sorted(files.items()))
    else:
        raise InvalidTypeError(
            f"files must be a directory or a mapping of names to text (got {files!r})"
        )
    out = org.copy() if org is not None else Org()
    ids: set[str] = {str(node) for node in out.graph}
    records: list[DecisionRecord] = []
    where: list[tuple[str, Location]] = []
    for name, text in texts.items():
        stem = PurePosixPath(name).stem
        if stem.lower() in SKIPPED_NAMES:
            continue
        if not isinstance(text, str):
            raise InvalidTypeError(f"{name}: the text must be a str (got {type(text).__name__})")
        shown = f"{source.rstrip('/')}/{name}" if source else name
        record, location = _record(
            name,
            shown=shown,
            stem=stem,
            text=text,
            out=out,
            org=org,
            mapping=mapping,
            ids=ids,
            problems=problems,
        )
        if record is not None:
            records.append(record)
            where.append((record.id, location))
    out.add(*records)
    out.set_locations(where)
    problems.sort(key=lambda p: (p.location.file or "", p.location.line, p.code))
    return Imported(out, tuple(problems))


def _record(
    name: str,
    *,
    shown: str,
    stem: str,
    text: str,
    out: Org,
    org: Org | None,
    mapping: Mapping[str, str],
    ids: set[str],
    problems: list[ImportProblem],
) -> tuple[DecisionRecord | None, Location]:
    adr = parse_adr(text)

    def problem(code: str, message: str, line: int = 0, column: int = 0) -> None:
        problems.append(
            ImportProblem(code, message, Location(file=shown, line=line, column=column))
        )

    for line, column, message in adr.problems:
        problem("AD105", message, line, column)
    title = adr.title.value if adr.title is not None else stem
    location = Location(
        file=shown,
        line=adr.title.line if adr.title is not None else 1,
        column=adr.title.column if adr.title is not None else 1,
    )
    found = adr.first("date")
    day = parse_date(found) if found is not None else None
    if day is None:
        if found is None:
            problem("AD101", "no date: a decision is judged on its day, so it is left out", 1, 1)
        else:
            problem(
                "AD101",
                f"date: {found.value!r} is not a YYYY-MM-DD day; the record is left out",
                found.line,
                found.column,
            )
        return None, location
    people: dict[str, tuple[str, ...]] = {}
    for field in _PEOPLE_FIELDS:
        names = _names(adr.fields.get(field, ()))
        people[field] = tuple(v.value for v in names)
        if org is None:
            continue
        for value in names:
            if out.by_handle(value.value) is None:
                problem(
                    "AD102",
                    f"{_FIELD_NAMES[field]}: {value.value!r} names nobody in the org",
                    value.line,
                    value.column,
                )
    area: str | None = None
    stated = adr.first("area")
    if stated is not None:
        if is_slug(stated.value):
            area = stated.value
            if org is not None and area not in out.areas:
                problem("AD103", f"area: {area!r} is not an area of the org", stated.line)
        else:
            problem("AD103", f"area: {stated.value!r} is not an area id", stated.line)
    else:
        area = _area_for(name, mapping)
        if area is not None and org is not None and area not in out.areas:
            problem("AD103", f"the area mapped to this directory, {area!r}, is not an area", 1)
    resources: list[str] = []
    for value in adr.fields.get("resources", ()):
        try:
            check_resource(value.value)
        except ScopeError as exc:
            problem("AD104", f"resources: {exc}; left out", value.line, value.column)
            continue
        if value.value not in resources:
            resources.append(value.value)
    status = adr.first("status")
    record = DecisionRecord(
        _new_id(name, ids),
        title=title,
        date=day,
        area=area,
        resources=tuple(resources),
        status=status.value if status is not None else "accepted",
        rationale=adr.rationale,
        **people,
    )
    return record, location
