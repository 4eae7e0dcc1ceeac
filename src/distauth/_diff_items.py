"""The values a diff compares: entities and records changed, field by field, and DRIs per area.

Used by :func:`distauth.diff` (module ``_diff``, which adds what the change does: resources
and findings, and the renderings). The comparison is generic over the org's values: every
entity (any node kind of the graph, keyed by id, decision records included) and every record
without an id (any edge whose key is a value: DRI assignments, absences) is compared with
attrs' own field list, so a new kind of entity or record is covered without a change here.
Records without an id are paired by their non-date fields when exactly one was removed and
one added (an assignment whose ``end`` was set reads as that change, not as a removal and an
addition). Cost: one pass over both graphs' node and out-edge dicts (entities compared by
identity first, then by value); DRIs asked only for the areas a changed record or role touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from distauth._errors import InvalidTypeError
from distauth._graph import graph_of

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth.rules._incremental import Edit

__all__ = ["DRIChange", "FieldChange", "ItemChange"]


@attrs.frozen
class FieldChange:
    """One field of an entity or record that differs: its name, old and new value."""

    name: str
    before: Any
    after: Any


@attrs.frozen
class ItemChange:
    """An entity or record added, removed or changed.

    Attributes:
        kind: ``"person"``, ``"area"``, ``"role"``, ``"dri"``, ``"org"`` (the org's own
            name, inventory and ignores), or any other kind the org holds.
        key: the id, or for a record without one, a label naming it.
        before: the old value (``None`` when added).
        after: the new value (``None`` when removed).
        fields: for a change, each field that differs.
    """

    kind: str
    key: str
    before: Any
    after: Any
    fields: tuple[FieldChange, ...] = ()

    @property
    def status(self) -> str:
        """``"added"``, ``"removed"`` or ``"changed"``.

        >>> import distauth as da
        >>> ItemChange("person", "ana", None, da.Person("ana")).status
        'added'
        """
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    def describe(self) -> str:
        """One line in words.

        >>> import distauth as da
        >>> old, new = da.Area("ops"), da.Area("ops", purpose="Run")
        >>> ItemChange("area", "ops", old, new, (FieldChange("purpose", "", "Run"),)).describe()
        "changed area 'ops': purpose '' -> 'Run'"
        """
        head = (
            f"{self.status} {self.kind} {self.key!r}" if self.key else f"{self.status} {self.kind}"
        )
        if not self.fields:
            return head
        parts = "; ".join(f"{f.name} {delta(f.before, f.after)}" for f in self.fields)
        return f"{head}: {parts}"


@attrs.frozen
class DRIChange:
    """Who is DRI of an area before and after, on the day of the diff.

    Attributes:
        area: the area id.
        before: the holders (person or role ids) of the records in effect before.
        after: the same, after.
        before_person: the person who decided before (``None``: nobody single).
        after_person: the same, after.
    """

    area: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    before_person: str | None
    after_person: str | None

    def describe(self) -> str:
        """One line in words.

        >>> DRIChange("ops", ("ana",), ("bo",), "ana", "bo").describe()
        "area 'ops': DRI ana -> bo"
        """
        return f"area {self.area!r}: DRI {holders_text(self.before)} -> {holders_text(self.after)}"


def holders_text(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "nobody"


def delta(before: Any, after: Any) -> str:
    """A field change in words: ``old -> new``, or for collections what was added and removed."""
    if isinstance(before, tuple | frozenset) and isinstance(after, tuple | frozenset):
        gone = [v for v in before if v not in after]
        came = [v for v in after if v not in before]
        if isinstance(before, frozenset):
            gone, came = sorted(gone), sorted(came)
        parts = [f"+{_show(v)}" for v in came] + [f"-{_show(v)}" for v in gone]
        if parts:
            return " ".join(parts)
        return f"{_show(before)} -> {_show(after)}"  # same items, another order
    return f"{_show(before)} -> {_show(after)}"


def _show(value: Any) -> str:
    if isinstance(value, frozenset):
        return repr(sorted(value))
    if isinstance(value, tuple):
        return repr(list(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def plain(value: Any) -> Any:
    """A JSON-ready copy of a field value or a whole value object."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


# --- collecting the values of an org -------------------------------------------------------------


def _record_label(record: Any) -> str:
    """A readable label for a record without an id: its fields, dates as ISO."""
    fields = attrs.fields(type(record))
    parts = []
    for f in fields:
        value = getattr(record, f.name)
        if (
            value is None
            or value is False
            or value == ()
            or (f.default is not attrs.NOTHING and value == f.default)
        ):
            continue
        if value is True:
            parts.append(f.name)
        else:
            parts.append(f"{f.name}={_show(value).strip(chr(39))}")
    return " ".join(parts)


def _pairing_key(record: Any) -> tuple[Any, ...]:
    """The fields that say *which* record this is: those without a default and not dates."""
    return tuple(
        getattr(record, f.name)
        for f in attrs.fields(type(record))
        if f.default is attrs.NOTHING and not isinstance(getattr(record, f.name), dt.date)
    )


#: Values compared per slice of this many in one C-level list comparison.
_BLOCK = 256


def _differing(mine: Mapping[str, Any], other: Mapping[str, Any]) -> Iterator[str]:
    """The keys of *mine* whose value differs from *other*'s (missing there counts).

    Most values are equal: slices of both are compared in C, and only a slice that differs is
    looked at key by key. O(n) comparisons, few of them in Python.
    """
    keys = list(mine)
    ours = list(mine.values())
    theirs = list(map(other.get, keys))
    for i in range(0, len(keys), _BLOCK):
        j = i + _BLOCK
        if ours[i:j] == theirs[i:j]:
            continue
        for k in range(i, min(j, len(keys))):
            if ours[k] != theirs[k]:
                yield keys[k]


def _edge_records(nbrs: Mapping[str, Any], there: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(kind, record)`` for each edge record (a key that is a value) of *nbrs* not in *there*."""
    empty: dict[str, Any] = {}
    for target, keys in nbrs.items():
        theirs = None
        for key in keys:
            if type(key) is str:
                continue
            if theirs is None:
                theirs = there.get(target, empty)
            if key not in theirs:
                yield type(key).__name__.lower(), key


def _field_changes(before: Any, after: Any) -> tuple[FieldChange, ...]:
    if type(before) is not type(after):
        return (FieldChange("type", type(before).__name__, type(after).__name__),)
    return tuple(
        FieldChange(f.name, getattr(before, f.name), getattr(after, f.name))
        for f in attrs.fields(type(before))
        if getattr(before, f.name) != getattr(after, f.name)
    )


def compare_entities(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ItemChange]:
    """Compare node data (``kind`` and ``entity``) by id; missing nodes are no entities."""
    for ident in _differing(old, new):
        data = old[ident]
        found = new.get(ident)
        before = data["entity"]
        after = None if found is None else found["entity"]
        if before is None:
            if after is not None:
                yield ItemChange(found["kind"], ident, None, after)  # type: ignore[index]
            continue
        kind = data["kind"]
        if after is None:
            yield ItemChange(kind, ident, before, None)
            continue
        new_kind = found["kind"]  # type: ignore[index]  # found is there when after is
        if after is before or (new_kind == kind and after == before):
            continue
        if new_kind != kind:
            yield ItemChange(kind, ident, before, None)
            yield ItemChange(new_kind, ident, None, after)
        else:
            yield ItemChange(kind, ident, before, after, _field_changes(before, after))
    for ident in new.keys() - old.keys():
        data = new[ident]
        if data["entity"] is not None:
            yield ItemChange(data["kind"], ident, None, data["entity"])


def compare_records(old: Org, new: Org) -> Iterator[ItemChange]:
    gone_all: dict[str, list[Any]] = {}
    came_all: dict[str, list[Any]] = {}
    old_succ, new_succ = graph_of(old).succ, graph_of(new).succ  # read, never written
    empty: dict[str, Any] = {}
    sources = [*_differing(old_succ, new_succ), *(new_succ.keys() - old_succ.keys())]
    for source in sources:
        mine, theirs = old_succ.get(source, empty), new_succ.get(source, empty)
        for kind, record in _edge_records(mine, theirs):
            gone_all.setdefault(kind, []).append(record)
        for kind, record in _edge_records(theirs, mine):
            came_all.setdefault(kind, []).append(record)
    for kind in sorted(set(gone_all) | set(came_all)):
        gone, came = gone_all.get(kind, []), came_all.get(kind, [])
        gone_by: dict[tuple[Any, ...], list[Any]] = {}
        came_by: dict[tuple[Any, ...], list[Any]] = {}
        for record in gone:
            gone_by.setdefault(_pairing_key(record), []).append(record)
        for record in came:
            came_by.setdefault(_pairing_key(record), []).append(record)
        for pair, records in gone_by.items():
            others = came_by.get(pair, [])
            if len(records) == 1 and len(others) == 1:
                (before,), (after,) = records, others
                label = _record_label(after)
                yield ItemChange(kind, label, before, after, _field_changes(before, after))
                del came_by[pair]
                continue
            for record in records:
                yield ItemChange(kind, _record_label(record), record, None)
        for records in came_by.values():
            for record in records:
                yield ItemChange(kind, _record_label(record), None, record)


def org_fields(old: Org, new: Org) -> Iterator[ItemChange]:
    fields = []
    for name in ("name", "resources", "ignores"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            fields.append(FieldChange(name, before, after))
    if fields:
        yield ItemChange("org", "", old, new, tuple(fields))


# --- what the change does ------------------------------------------------------------------------


def _touched_areas(items: Iterable[ItemChange]) -> tuple[set[str], set[str]]:
    """Areas whose DRI may differ (their records changed), and holders that changed."""
    touched: set[str] = set()
    roles: set[str] = set()
    for change in items:
        for value in (change.before, change.after):
            if value is None:
                continue
            if change.kind == "area":
                touched.add(value.id)
            elif change.kind == "role":
                roles.add(value.id)
            elif change.kind == "person":
                roles.add(value.id)  # a person id can be a DRI holder too
            else:
                area = getattr(value, "area", None)
                if isinstance(area, str) and hasattr(value, "holder"):
                    touched.add(area)
    return touched, roles


def _areas_naming(org: Org, holders: set[str]) -> set[str]:
    graph = org.graph
    found: set[str] = set()
    for holder in holders:
        if holder not in graph:
            continue
        for area, keys in graph.pred[holder].items():
            if any(data["kind"] == "dri" for data in keys.values()):
                found.add(area)
    return found


def dri_changes(old: Org, new: Org, items: tuple[ItemChange, ...], day: dt.date) -> list[DRIChange]:
    touched, holders = _touched_areas(items)
    touched |= _areas_naming(old, holders) | _areas_naming(new, holders)
    out = []
    for area in sorted(touched):
        before = _holders_on(old, area, day)
        after = _holders_on(new, area, day)
        before_person = _person_on(old, area, day)
        after_person = _person_on(new, area, day)
        if before != after or before_person != after_person:
            out.append(DRIChange(area, before, after, before_person, after_person))
    return out


def _holders_on(org: Org, area: str, day: dt.date) -> tuple[str, ...]:
    if area not in org.areas:
        return ()
    return tuple(sorted({d.holder for d in org.dris(area, on=day)}))


def _person_on(org: Org, area: str, day: dt.date) -> str | None:
    if area not in org.areas:
        return None
    person = org.dri_of(area, on=day)
    return None if person is None else person.id


def resources_asked(old: Org, new: Org, resources: Iterable[str] | bool | None) -> list[str]:
    if resources is None or resources is False:
        return []
    if resources is True:
        return list(dict.fromkeys([*old.resources, *new.resources]))
    if isinstance(resources, str):
        raise InvalidTypeError(f"resources must be a list of str (got {resources!r})", resources)
    return list(dict.fromkeys(resources))


def edit_of(items: Iterable[ItemChange]) -> Edit:
    """The re-check's view of the changes: entity ids, and the records' old and new values."""
    from distauth.rules._incremental import Edit  # noqa: PLC0415 - the rules import the org

    ids: set[str] = set()
    before: list[Any] = []
    after: list[Any] = []
    fields: set[str] = set()
    for change in items:
        if change.kind == "org":
            fields.update(f.name for f in change.fields)
            continue
        values = [v for v in (change.before, change.after) if v is not None]
        if any(isinstance(getattr(v, "id", None), str) for v in values):
            ids.add(change.key)
        if change.before is not None:
            before.append(change.before)
        if change.after is not None:
            after.append(change.after)
    return Edit(frozenset(ids), tuple(before), tuple(after), frozenset(fields))
