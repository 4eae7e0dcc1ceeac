"""Loading: :func:`load` and :func:`loads`, from bytes to an :class:`~distauth.Org` with locations.

The pipeline is the same for every format: check the bytes (:mod:`._text`), parse them into a
marked tree (:mod:`._yaml`, :mod:`._json`, :mod:`._toml`), check the version, structure the
tree (:mod:`._structure`), check ids across sections and repeated DRIs, then build the org and
record where each entity, DRI and inventory resource was written. Every stage adds to one
:class:`~distauth.files._problems.Problems`; whatever goes wrong, the caller sees one
:class:`~distauth.OrgFileError` listing every problem, and never another exception type.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from distauth._bulk import collector_paused
from distauth._errors import DistauthError, OrgFileError
from distauth._model import DRI, Absence, Area, DecisionRecord, Entity, Location, Person, Role
from distauth._org import Org
from distauth.files._nodes import Doc, MapNode, Plain, SeqNode, describe
from distauth.files._problems import PathItem, Problems, format_path
from distauth.files._text import DEFAULT_MAX_BYTES, decode

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "MAX_DEPTH", "format_of", "load", "loads"]

#: Mappings and lists may nest this deep; an org file needs four levels.
MAX_DEPTH = 64

#: File suffix to format name.
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
_SECTIONS = (
    ("people", "person"),
    ("areas", "area"),
    ("roles", "role"),
    ("decisions", "decision record"),
)


def format_of(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format of *path*: *format* if given, else from the suffix.

    Raises:
        OrgFileError: the suffix (or *format*) names no supported format.

    >>> format_of("org.yml"), format_of("org.txt", "json")
    ('yaml', 'json')
    """
    if format is not None:
        return _check_format(format, str(path))
    suffix = Path(path).suffix.lower()
    found = FORMATS.get(suffix)
    if found is None:
        problems = Problems(str(path))
        problems.add(
            f"cannot tell the format from the suffix {suffix or '(none)'!r}: "
            "use .yaml, .yml, .json or .toml, or pass format="
        )
        raise problems.error()
    return found


def _check_format(format: str, source: str) -> str:
    name = format.lower() if isinstance(format, str) else format
    if name == "yml":
        name = "yaml"
    if name not in ("yaml", "json", "toml"):
        problems = Problems(source)
        problems.add(f"unknown format {format!r}: use 'yaml', 'json' or 'toml'")
        raise problems.error()
    return name


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Org:
    r"""Load an org file; the format comes from the suffix (``.yaml``/``.yml``/``.json``/``.toml``).

    Args:
        path: the file.
        format: ``"yaml"``, ``"json"`` or ``"toml"`` to override the suffix.
        max_bytes: files larger than this are refused before they are read.

    Raises:
        OrgFileError: anything wrong with the file, its every problem in ``errors``.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.yaml"
    >>> _ = path.write_text("version: 1\nname: Acme\n")
    >>> load(path).name
    'Acme'
    """
    try:
        source = os.fspath(path)
    except TypeError as exc:
        problems = Problems(repr(path))
        problems.add(f"expected a file path, got {type(path).__name__}")
        raise problems.error() from exc
    name = format_of(source, format)
    problems = Problems(source)
    if "\0" in source:
        problems.add("the path contains a NUL character, which no file name can hold")
        raise problems.error()
    try:
        data = read_regular_file(source, max_bytes)
    except OSError as exc:
        problems.add(f"cannot read the file: {exc.strerror or exc}")
        raise problems.error() from exc
    except RefusedFileError as exc:
        hint = "" if "limit" in str(exc) else ": pipe it to standard input ('-') instead"
        problems.add(f"{exc}{hint}")
        raise problems.error() from None
    if len(data) > max_bytes:
        problems.add(f"the file is larger than the limit of {max_bytes} bytes")
        raise problems.error()
    return loads(data, name, source=source, max_bytes=max_bytes)


class RefusedFileError(DistauthError, ValueError):
    """A path names something that is not a regular file, or a file over the size limit."""


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular_file(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of the regular file *path*; anything else is refused.

    The file is opened without blocking and checked on the open descriptor, so a FIFO cannot
    stall the read (nor be swapped in between a check and the open) and a device such as
    ``/dev/zero`` is never read. Input from a pipe belongs on standard input (``-``).

    Raises:
        OSError: the file cannot be opened or read.
        RefusedFileError: it is a directory, FIFO, device or socket, or larger than the limit (the
            message says which).
    """
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
            raise RefusedFileError(f"{kind}, not a regular file")
        size = os.fstat(handle).st_size
        if size > max_bytes:
            raise RefusedFileError(
                f"the file is larger than the limit of {max_bytes} bytes ({size} bytes)"
            )
        # Read one byte past the limit: a file that grew while we read is still bounded.
        return stream.read(max_bytes + 1)


def loads(
    data: str | bytes,
    format: str = "yaml",
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Org:
    r"""Load an org from text or bytes in ``"yaml"`` (default), ``"json"`` or ``"toml"``.

    Args:
        data: the file's content; bytes must be UTF-8 (a BOM is skipped).
        format: ``"yaml"``, ``"json"`` or ``"toml"``.
        source: the file name used in messages and locations (default ``<string>``).
        max_bytes: larger input is refused.

    Raises:
        OrgFileError: anything wrong with the input, its every problem in ``errors``.

    >>> org = loads("version: 1\nareas:\n  billing: {dri: ana}\n")
    >>> [d.holder for d in org.all_dris()], org.location("billing").line
    (['ana'], 3)
    >>> loads("version: 1\nareas:\n  billing: {parent: [a]}\n")
    Traceback (most recent call last):
    ...
    distauth._errors.OrgFileError: <string>:3:13: areas.billing.parent: expected a string, got a list
    """  # noqa: E501 (a doctest's expected output cannot be wrapped)
    label = source if source is not None else "<string>"
    name = _check_format(format, label)
    try:
        return _loads(data, name, label, source, max_bytes)
    except OrgFileError:
        raise
    except Exception as exc:  # the contract: every load error is an OrgFileError
        problems = Problems(label)
        problems.add(f"internal error while loading: {type(exc).__name__}: {exc}")
        raise problems.error() from exc


def _reader(name: str) -> Callable[[str, Problems, int], Doc | None]:
    if name == "yaml":
        from distauth.files._yaml import read_yaml  # noqa: PLC0415 - lazy: imports PyYAML

        return read_yaml
    if name == "json":
        from distauth.files._json import read_json  # noqa: PLC0415 - lazy, like the others

        return read_json
    from distauth.files._toml import read_toml  # noqa: PLC0415 - lazy: imports tomli-w

    return read_toml


def _loads(data: str | bytes, name: str, label: str, source: str | None, max_bytes: int) -> Org:
    # Loading allocates millions of small objects and no reference cycles.
    with collector_paused():
        return _load_text(data, name, label, source, max_bytes)


def _load_text(data: str | bytes, name: str, label: str, source: str | None, max_bytes: int) -> Org:
    problems = Problems(label)
    text = decode(data, problems, max_bytes)
    if text is None:
        raise problems.error()
    doc = _reader(name)(text, problems, MAX_DEPTH)
    if doc is None:
        raise problems.error()
    root = doc.root
    if not isinstance(root, dict) or not root:
        if root is None or root == {}:
            message = "the file is empty: an org file is a mapping that starts with 'version: 1'"
        else:
            message = f"expected a mapping at the top level, got {describe(root)}"
        line, column = doc.top_point()
        problems.add(message, line=line, column=column)
        raise problems.error()
    if not _version_ok(root, doc, problems):
        raise problems.error()
    _check_ids_across_sections(root, doc, problems)
    org_file = _structure(root, doc, problems)
    if org_file is None:
        raise problems.error()
    return _build(org_file, doc, problems, source)


#: Longer version numbers are described, not converted or printed.
_SHOWN_DIGITS = 30


def _version_ok(root: dict[str, Any], doc: Doc, problems: Problems) -> bool:
    """False (after recording why) when the file declares a version this code cannot read."""
    value = root.get("version")
    number: object = value
    if isinstance(value, Plain):
        if not value.lstrip("+-").isdigit() or not value.isascii():
            return True  # not an integer: the structuring step says so
        digits = value.lstrip("+-").lstrip("0")
        # Python refuses to convert more than 4,300 digits: say it without converting.
        number = int(value) if len(digits) <= _SHOWN_DIGITS else value
    if isinstance(number, int | Plain) and not isinstance(number, bool) and number != 1:
        line, column = doc.locate(["version"])
        shown = str(number)
        if len(shown) > _SHOWN_DIGITS:
            shown = f"a number of {len(shown.lstrip('+-'))} digits"
        problems.add(
            f"{shown} is not supported: this distauth reads version 1",
            line=line,
            column=column,
            path=["version"],
        )
        return False
    return True


def _check_ids_across_sections(root: dict[str, Any], doc: Doc, problems: Problems) -> None:
    """Ids are unique across people, areas and roles: report each id defined again."""
    owner: dict[str, str] = {}
    for section, kind in _SECTIONS:
        entries = root.get(section)
        if not isinstance(entries, dict):
            continue
        for ident in entries:
            first = owner.get(ident)
            if first is None:
                owner[ident] = kind
                continue
            line, column = doc.locate([section, ident])
            first_section = next(s for s, k in _SECTIONS if k == first)
            first_line, _ = doc.locate([first_section, ident])
            where = f" on line {first_line}" if first_line is not None else ""
            problems.add(
                f"id {ident!r} is already used by a {first}{where}: ids are unique across "
                "people, areas, roles and decision records",
                line=line,
                column=column,
                path=[section, ident],
            )


def _structure(root: dict[str, Any], doc: Doc, problems: Problems) -> Any:
    # Lazy: cattrs and the converter are only needed once a file is read.
    from distauth.files._structure import problems_of, structure  # noqa: PLC0415

    try:
        org_file = structure(root)
    except Exception as exc:  # cattrs' tree of every problem
        for path, message, missing in problems_of(exc):
            text = message
            if missing:
                text = _missing_message(root, path)
            line, column = doc.locate(path)
            problems.add(text, line=line, column=column, path=path)
        return None
    if problems:
        return None
    return org_file


def _missing_message(root: object, path: tuple[PathItem, ...]) -> str:
    node = root
    for item in path[:-1]:
        if isinstance(node, dict) and isinstance(item, str):
            node = node.get(item)
        elif isinstance(node, list) and isinstance(item, int) and item < len(node):
            node = node[item]
    if isinstance(node, MapNode) and path and path[-1] in node.marks:
        return "is required but null"
    if isinstance(node, dict) and path and path[-1] in node:
        return "is required but null"
    return "is required but missing"


def _build(org_file: Any, doc: Doc, problems: Problems, source: str | None) -> Org:
    """Make the org, check DRIs for repeats, and record every location."""
    people = org_file.people
    areas = org_file.areas
    roles = org_file.roles
    entities: list[Entity | DecisionRecord] = []
    entities.extend(
        Person(ident, name=b.name, email=b.email, active=b.active, tags=b.tags,
               handles=b.handles, kind=b.kind)
        for ident, b in people.items()
    )  # fmt: skip
    entities.extend(
        Area(ident, name=b.name, parent=b.parent, purpose=b.purpose, scopes=b.scopes,
             advisors=b.advisors, informed=b.informed, escalates_to=b.escalates_to, tags=b.tags,
             deputy=b.deputy, nobody=b.nobody)
        for ident, b in areas.items()
    )  # fmt: skip
    entities.extend(
        Role(ident, name=b.name, area=b.area, purpose=b.purpose,
             accountabilities=b.accountabilities, holders=b.holders, handles=b.handles,
             collective=b.collective)
        for ident, b in roles.items()
    )  # fmt: skip
    entities.extend(
        DecisionRecord(ident, title=b.title, date=b.date, area=b.area, resources=b.resources,
                       decided_by=b.decided_by, consulted=b.consulted, informed=b.informed,
                       dissent=b.dissent, status=b.status, rationale=b.rationale)
        for ident, b in org_file.decisions.items()
    )  # fmt: skip
    dris: dict[DRI, tuple[PathItem, ...]] = {
        DRI(ident, b.dri): ("areas", ident, "dri") for ident, b in areas.items() if b.dri
    }
    # Sugar DRIs are one per area and cannot repeat among themselves; only "dris" entries
    # need the (hashing) check, against each other and against the sugar.
    for index, b in enumerate(org_file.dris):
        dri = DRI(b.area, b.holder, start=b.start, end=b.end, acting=b.acting)
        path: tuple[PathItem, ...] = ("dris", index)
        first = dris.get(dri)
        if first is None:
            dris[dri] = path
            continue
        line, column = doc.locate(path)
        first_line, _ = doc.locate(first)
        where = f" on line {first_line}" if first_line is not None else ""
        problems.add(
            f"the same DRI assignment as {format_path(first)}{where}",
            line=line,
            column=column,
            path=path,
        )
    absences: dict[Absence, tuple[PathItem, ...]] = {}
    for index, b in enumerate(org_file.absences):
        absence = Absence(b.person, start=b.start, end=b.end)
        path = ("absences", index)
        first = absences.get(absence)
        if first is None:
            absences[absence] = path
            continue
        line, column = doc.locate(path)
        first_line, _ = doc.locate(first)
        where = f" on line {first_line}" if first_line is not None else ""
        problems.add(
            f"the same absence as {format_path(first)}{where}",
            line=line,
            column=column,
            path=path,
        )
    problems.raise_if_any()
    try:
        org = Org(name=org_file.name, resources=org_file.resources, ignores=dict(org_file.ignore))
        org.add(*entities, *dris, *absences)
    except DistauthError as exc:  # pragma: no cover - every check ran on the file model
        problems.add(str(exc))
        raise problems.error() from exc
    if doc.has_marks():
        _record_locations(org, doc, source, dris, absences, org_file)
    return org


def _record_locations(  # noqa: PLR0917 - one private caller, every argument needed
    org: Org,
    doc: Doc,
    source: str | None,
    dris: dict[DRI, tuple[PathItem, ...]],
    absences: dict[Absence, tuple[PathItem, ...]],
    org_file: Any,
) -> None:
    """Tell the org where each entity, DRI and inventory resource was written."""
    root = doc.root
    located: list[tuple[Any, Location]] = []

    def node_points(path: list[PathItem], keys: list[Any]) -> list[tuple[int | None, int | None]]:
        # The fast way, for the nodes the reader marked: their marks, converted in one go.
        node = root.get(path[0]) if isinstance(root, dict) else None
        if isinstance(node, MapNode) and all(k in node.marks for k in keys):
            return doc.points([node.marks[k] for k in keys])
        if isinstance(node, SeqNode) and len(node.marks) >= len(keys):
            return doc.points([node.marks[k] for k in keys])
        return [doc.locate([*path, k]) for k in keys]

    # Locations are immutable values: one per position serves every item written there (in
    # JSON, an area and the DRI of its dri: sugar).
    made: dict[tuple[int, int], Location] = {}

    def place(items: list[Any], points: list[tuple[int | None, int | None]]) -> None:
        for item, (line, column) in zip(items, points, strict=True):
            if line is not None:
                where = (line, column or 0)
                location = made.get(where)
                if location is None:
                    location = made[where] = Location(file=source, line=line, column=column or 0)
                located.append((item, location))

    for section, _kind_name in _SECTIONS:
        ids = list(getattr(org_file, section))
        place(ids, node_points([section], ids))
    precise = _precise_sugar(doc)
    sugar = [(dri, path) for dri, path in dris.items() if path[0] == "areas"]
    if sugar:
        areas = root.get("areas") if isinstance(root, dict) else None
        if precise and isinstance(areas, MapNode):
            points = []
            for _dri, path in sugar:
                body = areas.get(str(path[1]))
                if isinstance(body, MapNode) and "dri" in body.marks:
                    points.append(doc.point(body.marks["dri"]))
                else:
                    points.append(doc.locate(path))
        elif precise:
            points = [doc.locate(path) for _dri, path in sugar]
        else:
            # JSON: the area's own position; finding each "dri" key would re-walk every area.
            points = node_points(["areas"], [path[1] for _dri, path in sugar])
        place([dri for dri, _path in sugar], points)
    listed = [(dri, path) for dri, path in dris.items() if path[0] == "dris"]
    if listed:
        place([d for d, _p in listed], node_points(["dris"], [p[1] for _d, p in listed]))
    if absences:
        place(list(absences), node_points(["absences"], [p[1] for p in absences.values()]))
    org.set_locations(located)
    if org_file.resources:
        points = node_points(["resources"], list(range(len(org_file.resources))))
        _place_resources(org, org_file.resources, points, source)
    _place_references(org, org_file, doc, source)


def _place_resources(
    org: Org,
    resources: tuple[str, ...],
    points: list[tuple[int | None, int | None]],
    source: str | None,
) -> None:
    """Record where each inventory resource was listed.

    Apart from the entities: a resource may be spelled like an id, and must never move that
    entity's location (nor fail when the id is only referenced).
    """
    for resource, (line, column) in zip(resources, points, strict=True):
        if line is not None:
            org.set_resource_location(
                resource, Location(file=source, line=line, column=column or 0)
            )


def _place_references(org: Org, org_file: Any, doc: Doc, source: str | None) -> None:
    """Record where each reference a rule may report was written."""
    for ident, field, named, path in _reported_references(org_file):
        line, column = doc.locate(path)
        if line is not None:
            where = Location(file=source, line=line, column=column or 0)
            org.set_location(ident, where, field=field, named=named)


#: The reference fields of each section: field -> (kinds it may name, a list of ids?).
_REFERENCES: dict[str, dict[str, tuple[frozenset[str], bool]]] = {
    "areas": {
        "parent": (frozenset({"area"}), False),
        "escalates_to": (frozenset({"area"}), False),
        "deputy": (frozenset({"person", "role"}), False),
        "advisors": (frozenset({"person", "role"}), True),
        "informed": (frozenset({"person", "role"}), True),
    },
    "roles": {
        "area": (frozenset({"area"}), False),
        "holders": (frozenset({"person"}), True),
    },
}


def _reported_references(
    org_file: Any,
) -> Iterator[tuple[str, str, str, tuple[PathItem, ...]]]:
    """The references a rule may report, each with its path: ``(id, field, named, path)``.

    Those naming an unknown id or one of the wrong kind (DA201, DA203, DA402), every
    ``escalates_to`` (DA401, DA403) and the parent links on a cycle (DA202): few in a sound
    org, so their exact lines cost nothing when every other reference goes unrecorded.
    O(references).
    """
    kinds: dict[str, str] = {}
    for section, kind in _SECTIONS:
        kinds.update(dict.fromkeys(getattr(org_file, section), kind))
    for section, fields in _REFERENCES.items():
        for ident, body in getattr(org_file, section).items():
            for field, (allowed, many) in fields.items():
                value = getattr(body, field)
                if not value:
                    continue
                if not many:
                    if field == "escalates_to" or kinds.get(value) not in allowed:
                        yield ident, field, value, (section, ident, field)
                    continue
                for index, named in enumerate(value):
                    if kinds.get(named) not in allowed:
                        yield ident, field, named, (section, ident, field, index)
    parents = {ident: body.parent for ident, body in org_file.areas.items() if body.parent}
    for ident in _on_cycles(parents):
        yield ident, "parent", parents[ident], ("areas", ident, "parent")


def _on_cycles(parent: dict[str, str]) -> list[str]:
    """The ids on a cycle of *parent* links, iteratively in O(len(parent))."""
    state: dict[str, int] = {}  # walk number that reached the id
    found: list[str] = []
    for walk, start in enumerate(parent, start=1):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = walk
            path.append(node)
            node = parent.get(node)
        if node is not None and state[node] == walk:
            found.extend(path[path.index(node) :])
    return found


def _precise_sugar(doc: Doc) -> bool:
    from distauth.files._json import JsonDoc  # noqa: PLC0415 - lazy, see _reader

    return not isinstance(doc, JsonDoc)
