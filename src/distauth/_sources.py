"""One org from several sources: org files, CODEOWNERS, an OWNERS tree, a Backstage catalog.

``[tool.distauth] sources`` (see :func:`distauth._config.read_sources`) lists the files that
together form a project's org. :func:`combine` reads each one (org files with
:func:`distauth.load`, the others with the importers of :mod:`distauth.interop`), and adds
every entity and record to one org, keeping the location each came from, so that a finding
about an area names the file and line the area was written on. An id defined by two sources is
an error naming both places; the first definition is kept, so the rest can still be checked.
An import problem (what an importer read but could not express) is an error too: the org
would otherwise say less than the file does.

:func:`checked_sources` turns the result into the command line's per-file results: each
finding is reported in the file its location names.

Complexity: linear in the total size of the sources.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from distauth._errors import DistauthError, OrgFileError
from distauth._model import DRI, Absence, DecisionRecord, Entity, Location
from distauth._org import Org

if TYPE_CHECKING:
    from distauth._config import Source
    from distauth._runs import CheckedFile, LoadProblem
    from distauth.rules import Config

__all__ = ["Combined", "checked_sources", "combine"]


@attrs.frozen
class Combined:
    """The org the sources form, and what could not go into it.

    Attributes:
        org: the combined org; ``org.location(id)`` names each entity's source file and line.
        problems: ``(file, line, message)`` for every duplicate id, import problem or source
            that could not be read.
        files: every source file read, in order (each gets its own line in the results).
    """

    org: Org
    problems: tuple[tuple[str, int | None, str], ...]
    files: tuple[str, ...]


def _shown(where: Location | None, default: str) -> str:
    if where is None:
        return default
    text = where.file or default
    return f"{text}:{where.line}" if where.line else text


def _read(source: Source) -> list[tuple[str, Org | None, list[tuple[str, int | None, str]]]]:
    """Each file of a source: its name, its org (None when it failed) and its problems."""
    from distauth._cli_interop import import_source  # noqa: PLC0415
    from distauth.cli import find_org_files  # noqa: PLC0415
    from distauth.files import load  # noqa: PLC0415

    path = source.location
    shown = path.as_posix()
    if not path.exists():
        return [
            (shown, None, [(shown, None, f"source ({source.kind}): no such file or directory")])
        ]
    if source.kind == "org":
        files = find_org_files(shown) if path.is_dir() else [shown]
        if not files:
            return [(shown, None, [(shown, None, "no org files here")])]
        out: list[tuple[str, Org | None, list[tuple[str, int | None, str]]]] = []
        for file in files:
            try:
                out.append((file, load(file), []))
            except OrgFileError as exc:
                problems = [
                    (getattr(p, "file", None) or file, getattr(p, "line", None), _message(p))
                    for p in exc.errors
                ] or [(file, None, str(exc))]
                out.append((file, None, problems))
        return out
    try:
        imported = import_source(source.kind, [path], source.namespace, source.dialect, prefix=True)
    except (DistauthError, OSError) as exc:
        text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        return [(shown, None, [(shown, None, text)])]
    problems = [
        (p.location.file or shown, p.location.line or None, f"{p.code} {p.message}")
        for p in imported.problems
    ]
    return [(shown, imported.org, problems)]


def _message(problem: Any) -> str:
    path = getattr(problem, "path", None)
    message = getattr(problem, "message", None) or str(problem)
    return f"{path}: {message}" if path else message


def combine(sources: Iterable[Source]) -> Combined:
    """Read every source and add what each holds to one org.

    Raises nothing for bad content: every problem is in :attr:`Combined.problems`.
    """
    org = Org()
    problems: list[tuple[str, int | None, str]] = []
    files: list[str] = []
    defined: dict[str, str] = {}  # id -> where it was first defined
    located: list[tuple[str | DRI | Absence, Location]] = []
    resources: dict[str, None] = {}
    ignores: dict[str, set[str]] = {}
    for source in sources:
        for file, part, found in _read(source):
            problems += found
            if part is None:
                files.append(file)
                continue
            # An imported tree or catalog is many files: each one its entities came from.
            named = {
                where.file
                for ident in (*part.people, *part.roles, *part.areas)
                if (where := part.location(ident)) is not None and where.file
            }
            files += [file] if source.kind == "org" or not named else sorted(named)
            if not org.name and part.name:
                org.name = part.name
            resources.update(dict.fromkeys(part.resources))
            for area, codes in part.ignores.items():
                ignores.setdefault(area, set()).update(codes)
            _add(org, part, file, _Seen(defined, located, problems))
    org.set_locations(located)
    org.resources = tuple(resources)
    org.ignores = ignores
    return Combined(org, tuple(problems), tuple(dict.fromkeys(files)))


@attrs.frozen
class _Seen:
    """What the sources read so far defined, located and got wrong (filled in as they are)."""

    defined: dict[str, str]  # id -> where it was first defined
    located: list[tuple[str | DRI | Absence, Location]]
    problems: list[tuple[str, int | None, str]]


def _add(org: Org, part: Org, file: str, seen: _Seen) -> None:
    """Add one source's entities and records, reporting the ids defined before."""
    defined, located, problems = seen.defined, seen.located, seen.problems
    kept: list[Any] = []
    dropped: set[str] = set()
    entities: list[Entity | DecisionRecord] = [
        *part.people.values(),
        *part.roles.values(),
        *part.areas.values(),
        *part.decisions.values(),
    ]
    for entity in entities:
        where = part.location(entity.id) or Location(file=file)
        if where.file is None:
            where = attrs.evolve(where, file=file)
        shown = _shown(where, file)
        if entity.id in defined:
            problems.append(
                (
                    where.file or file,
                    where.line or None,
                    f"id {entity.id!r} is already defined at {defined[entity.id]}; this "
                    "definition is left out",
                )
            )
            dropped.add(entity.id)
            continue
        defined[entity.id] = shown
        kept.append(entity)
        located.append((entity.id, where))
    records: list[DRI | Absence] = []
    for dri in part.all_dris():
        if dri.area in dropped:
            continue
        records.append(dri)
    records += [a for a in part.absences if a.person not in dropped]
    org.add(*kept, *records)
    for record in records:
        at = part.location(record)
        if at is not None:
            located.append((record, at if at.file else attrs.evolve(at, file=file)))


def _relative(path: str) -> str:
    """A path as the results show it: from the current directory when it is below it."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def checked_sources(
    sources: Iterable[Source],
    config: Config,
    on: dt.date | None,
    until: dt.date | None,
    *,
    configuration: str,
) -> list[CheckedFile]:
    """Validate the org the sources form; each finding in the file its location names.

    Findings without a location are listed under *configuration* (the file that lists the
    sources). Load problems (duplicate ids, import problems, unreadable sources) are listed in
    the file they are about.
    """
    from distauth._runs import CheckedFile, LoadProblem  # noqa: PLC0415
    from distauth.rules import validate  # noqa: PLC0415

    combined = combine(sources)
    org = combined.org
    report = validate(org, on=on, config=config, until=until)
    order = [_relative(f) for f in combined.files]
    findings: dict[str, list[Any]] = {name: [] for name in order}
    for finding in report.findings:
        where = finding.location
        name = _relative(where.file) if where is not None and where.file else configuration
        findings.setdefault(name, []).append(finding)
    loads: dict[str, list[LoadProblem]] = {}
    for file, line, message in combined.problems:
        name = _relative(file)
        loads.setdefault(name, []).append(LoadProblem(name, line, None, message))
        findings.setdefault(name, [])
    areas: dict[str, int] = {}
    people: dict[str, int] = {}
    for counts, ids in ((areas, org.areas), (people, org.people)):
        for ident in ids:
            where = org.location(ident)
            if where is not None and where.file:
                name = _relative(where.file)
                counts[name] = counts.get(name, 0) + 1
    return [
        CheckedFile(
            name,
            areas.get(name, 0),
            people.get(name, 0),
            tuple(found),
            tuple(loads.get(name, ())),
        )
        for name, found in findings.items()
    ]
