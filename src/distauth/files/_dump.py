"""Dumping: :func:`dumps` and :func:`dump`, the canonical tree of an org in every format.

The tree is built once, in a documented, deterministic order, with every field at its default
left out: ``version``, ``name``, ``people`` (by id), ``areas`` (pre-order over the parent tree,
siblings by id, then the areas no root reaches, by id), ``roles`` (by id), ``dris`` (by
:meth:`~distauth.DRI.sort_key`), ``absences`` (by :meth:`~distauth.Absence.sort_key`),
``decisions`` (by id), ``resources`` (in the org's order) and ``ignore`` (by area, codes
sorted). Handles are written as they were given, in their original spelling and order. An
area whose only DRI record is undated and not acting carries it as ``dri: <holder>`` instead
of a ``dris`` entry. The same tree is then written as YAML, JSON or TOML. :func:`dump` writes
to a temporary file beside the target and renames it, so a failure never leaves a partial
file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from distauth._errors import InvalidTypeError, InvalidValueError
from distauth._model import DRI, Area, DecisionRecord, Entity
from distauth._org import Org
from distauth._tree import Forest

__all__ = ["area_order", "dump", "dumps", "tree_of"]


def area_order(org: Org) -> list[str]:
    """Area ids in dump order: the area forest's, as ``show`` and the diagrams draw it.

    The forest is ``distauth._tree.Forest``: pre-order from the roots, siblings by id. A
    root is an area without a parent, or whose parent is missing or not an area; areas in or
    under a parent cycle come last, each cycle from the member where it is entered.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("b", parent="a"), da.Area("a"), da.Area("c", parent="a"),
    ...         da.Area("x", parent="ghost"), da.Area("d", parent="e"), da.Area("e", parent="d"))
    >>> area_order(org)
    ['a', 'b', 'c', 'x', 'd', 'e']
    """
    return Forest(org).order


def _area_body(area: Area, dri: str | None) -> dict[str, Any]:
    body = _body(area)
    if dri is not None:
        body["dri"] = dri  # the sugar for an area's one undated DRI, written last
    return body


def _body(entity: Entity | DecisionRecord) -> dict[str, Any]:
    """The fields of *entity* that differ from their defaults, in declaration order.

    Declaration order is the documented canonical order of each body's keys; tuples become
    lists and sets sorted lists, as the formats need.
    """
    body: dict[str, Any] = {}
    for field in attrs.fields(type(entity))[1:]:  # the id is the key, not a field
        value = getattr(entity, field.name)
        if value == field.default:
            continue
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = list(value)
        body[field.name] = value
    return body


def _dri(dri: DRI) -> dict[str, Any]:
    body: dict[str, Any] = {"area": dri.area, "holder": dri.holder}
    if dri.start is not None:
        body["start"] = dri.start
    if dri.end is not None:
        body["end"] = dri.end
    if dri.acting:
        body["acting"] = True
    return body


def tree_of(org: Org) -> dict[str, Any]:
    """The canonical tree of *org*: plain dicts, lists, strings, bools, ints and dates.

    >>> import distauth as da
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
    >>> tree_of(org)
    {'version': 1, 'name': 'Acme', 'people': {'ana': {}}, 'areas': {'ops': {'dri': 'ana'}}}
    """
    if not isinstance(org, Org):
        raise InvalidTypeError(f"expected an Org, got {org!r}", org)
    all_dris = org.all_dris()
    per_area: dict[str, list[DRI]] = {}
    for dri in all_dris:
        per_area.setdefault(dri.area, []).append(dri)
    areas = org.areas
    sugar: dict[str, str] = {}
    for ident, records in per_area.items():
        only = records[0]
        if (
            len(records) == 1
            and ident in areas
            and only.start is None
            and only.end is None
            and not only.acting
        ):
            sugar[ident] = only.holder
    tree: dict[str, Any] = {"version": 1}
    if org.name:
        tree["name"] = org.name
    people = org.people
    if people:
        tree["people"] = {i: _body(people[i]) for i in sorted(people)}
    if areas:
        tree["areas"] = {i: _area_body(areas[i], sugar.get(i)) for i in area_order(org)}
    roles = org.roles
    if roles:
        tree["roles"] = {i: _body(roles[i]) for i in sorted(roles)}
    rest = [_dri(d) for d in all_dris if d.area not in sugar]
    if rest:
        tree["dris"] = rest
    absences = org.absences
    if absences:
        tree["absences"] = [{"person": a.person, "start": a.start, "end": a.end} for a in absences]
    decisions = org.decisions
    if decisions:
        tree["decisions"] = {i: _body(decisions[i]) for i in sorted(decisions)}
    if org.resources:
        tree["resources"] = list(org.resources)
    if org.ignores:
        tree["ignore"] = {a: sorted(codes) for a, codes in sorted(org.ignores.items())}
    return tree


def _writer(name: str) -> Any:
    if name == "yaml":
        from distauth.files._yaml import write_yaml  # noqa: PLC0415 - lazy: imports PyYAML

        return write_yaml
    if name == "json":
        from distauth.files._json import write_json  # noqa: PLC0415 - lazy, like the others

        return write_json
    from distauth.files._toml import write_toml  # noqa: PLC0415 - lazy: imports tomli-w

    return write_toml


def _format_name(format: str) -> str:
    name = format.lower() if isinstance(format, str) else format
    if name == "yml":
        return "yaml"
    if name not in ("yaml", "json", "toml"):
        raise InvalidValueError(f"unknown format {format!r}: use 'yaml', 'json' or 'toml'", format)
    return name


def dumps(org: Org, format: str = "yaml") -> str:
    """Write *org* as an org file in ``"yaml"`` (default), ``"json"`` or ``"toml"``.

    The output is canonical (the same org always gives the same text) and loads back to an
    equal org.

    Raises:
        InvalidValueError: unknown format, or a text holds a lone surrogate (not UTF-8).

    >>> import distauth as da
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Person("ana", name="Ana"), da.Area("company"), da.DRI("company", "ana"))
    >>> print(dumps(org), end="")
    version: 1
    name: Acme
    people:
      ana:
        name: Ana
    areas:
      company:
        dri: ana
    """
    text: str = _writer(_format_name(format))(tree_of(org))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidValueError(
            f"the org holds a lone surrogate ({text[exc.start]!r}): it cannot be written as UTF-8",
            text[exc.start],
        ) from None
    return text


def dump(org: Org, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write *org* to *path* atomically; the format comes from the suffix unless given.

    Raises:
        OrgFileError: the suffix names no format (and none was given).
        InvalidValueError: see :func:`dumps`.
        OSError: the directory cannot be written.

    >>> import distauth as da, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.toml"
    >>> dump(da.Org(name="Acme"), path)
    >>> print(path.read_text(), end="")
    version = 1
    name = "Acme"
    """
    from distauth.files._load import format_of  # noqa: PLC0415 - _load is the heavier one

    target = Path(path)
    write_atomically(target, dumps(org, format_of(target, format)))


def write_atomically(target: Path, text: str) -> None:
    r"""Write *text* to *target* through a temporary file and a rename: never half a file.

    A symbolic link is written through (its target is replaced, not the link); a FIFO or a
    device node is written to directly, since a rename would replace it with a regular file.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.mmd"
    >>> write_atomically(target, "flowchart TD\n")
    >>> target.read_text()
    'flowchart TD\n'
    """
    data = text.encode("utf-8")
    if target.is_symlink():
        # Write through a link, as a shell redirection does, instead of replacing the link.
        target = Path(os.path.realpath(target))
    try:
        info = target.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # A FIFO or a device: a rename would put a regular file in its place (as root, that
        # destroys a device node). Write through it instead.
        try:
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        return
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o644
    try:
        with _temporary_beside(target) as (stream, temp_name):
            os.chmod(temp_name, mode)  # mkstemp makes it private; keep the usual permissions
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
            os.replace(temp_name, target)
    except OSError as exc:
        # Name the file the caller asked for, not the temporary one beside it.
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[tuple[Any, str]]:
    """A temporary file in *target*'s directory (so the rename stays on one file system)."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    stream = os.fdopen(handle, "wb")
    try:
        yield stream, name
    finally:
        stream.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
