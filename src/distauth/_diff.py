"""What changed between two orgs: :func:`diff` and its result, :class:`OrgDiff`.

The comparison is generic over the org's values: every entity (any node kind of the graph,
keyed by id, decision records included) and every record without an id (any edge whose key
is a value: DRI assignments, absences) is compared with attrs' own field list, so a new kind
of entity or record is covered without a change here. Records without an id are paired by
their non-date fields when exactly one was removed and one added (an assignment whose ``end``
was set reads as that change, not as a removal and an addition).

On top of the values, the diff says what the change *does* on one day: whose DRI changes in
each area, which resources (given) change hands, and which findings it introduces or resolves.
Cost: one pass over both graphs (entities compared by identity first, then by value), the DRI
question asked only for the areas a changed record or role touches, and one validation of
each org.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from distauth._bulk import collector_paused
from distauth._errors import InvalidTypeError

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth._queries import Decision
    from distauth.rules import Config, Finding

__all__ = ["DRIChange", "FieldChange", "ItemChange", "OrgDiff", "diff"]


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
        parts = "; ".join(f"{f.name} {_delta(f.before, f.after)}" for f in self.fields)
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
        return f"area {self.area!r}: DRI {_holders(self.before)} -> {_holders(self.after)}"


def _holders(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "nobody"


def _delta(before: Any, after: Any) -> str:
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


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a field value or a whole value object."""
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _finding_key(finding: Finding) -> tuple[str, tuple[str, ...]]:
    # As baselines do: a finding is its code and subjects; its wording and place may change.
    return finding.code, finding.subjects


def _decision_key(decision: Decision) -> tuple[Any, ...]:
    return (
        decision.area.id if decision.area else None,
        decision.dri.id if decision.dri else None,
        tuple(c.id for c in decision.candidates),
        decision.ambiguous,
        decision.fallback,
        decision.dri_area.id if decision.dri_area else None,
        tuple(getattr(d, "id", d) for d in getattr(decision, "deciders", ())),
    )


def _decided_by(decision: Decision) -> str:
    if decision.ambiguous:
        return "ambiguous (" + ", ".join(sorted(c.id for c in decision.candidates)) + ")"
    if decision.dri is None:
        return "nobody"
    where = decision.dri_area.id if decision.dri_area else "?"
    return f"{decision.dri.id} ({where}{', fallback' if decision.fallback else ''})"


@attrs.frozen
class OrgDiff:
    """What changed between two orgs, and what the change does on one day.

    Attributes:
        on: the day the DRIs, decisions and findings are compared on.
        items: every entity and record added, removed or changed, sorted by kind and key.
        dris: areas whose DRI on that day differs, sorted by area.
        decisions: ``(resource, before, after)`` for each given resource whose answer to
            "who decides?" differs.
        introduced: findings of the new org that the old one did not have.
        resolved: findings of the old org that the new one no longer has.
    """

    on: dt.date
    items: tuple[ItemChange, ...] = ()
    dris: tuple[DRIChange, ...] = ()
    decisions: tuple[tuple[str, Decision, Decision], ...] = ()
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing differs.

        >>> import distauth as da
        >>> da.diff(da.Org(), da.Org()).empty
        True
        """
        return not (self.items or self.dris or self.decisions or self.introduced or self.resolved)

    def __bool__(self) -> bool:
        return not self.empty

    @property
    def added(self) -> tuple[ItemChange, ...]:
        """The entities and records added."""
        return tuple(c for c in self.items if c.status == "added")

    @property
    def removed(self) -> tuple[ItemChange, ...]:
        """The entities and records removed."""
        return tuple(c for c in self.items if c.status == "removed")

    @property
    def changed(self) -> tuple[ItemChange, ...]:
        """The entities and records changed, each with the fields that differ."""
        return tuple(c for c in self.items if c.status == "changed")

    def failed(self, *, strict: bool = False) -> bool:
        """True when the change introduces an error (with ``strict``, also a warning).

        >>> import distauth as da
        >>> old = da.Org()
        >>> new = old.copy()
        >>> new.add(da.Area("ops"))
        >>> da.diff(old, new, on=dt.date(2027, 1, 1)).failed()   # ops has no DRI: DA101
        True
        """
        worst = 1 if strict else 2
        return any(f.severity.rank >= worst for f in self.introduced)

    def summary(self) -> str:
        """One line: how many items changed and what the change does.

        >>> import distauth as da
        >>> da.diff(da.Org(), da.Org(), on=dt.date(2027, 1, 1)).summary()
        'no changes'
        """
        if self.empty:
            return "no changes"
        parts = []
        counts = Counter(c.status for c in self.items)
        items = ", ".join(f"{counts[s]} {s}" for s in ("added", "removed", "changed") if counts[s])
        if items:
            parts.append(items)
        if self.dris:
            parts.append(_count(len(self.dris), "DRI change"))
        if self.decisions:
            parts.append(
                _count(len(self.decisions), "resource changes hands", "resources change hands")
            )
        parts.append(_count(len(self.introduced), "new finding"))
        parts.append(f"{len(self.resolved)} resolved")
        return "; ".join(parts)

    def to_text(self) -> str:
        """The diff in plain text, one line per change, sections in a fixed order.

        >>> import distauth as da
        >>> old = da.Org()
        >>> old.add(da.Person("ana"), da.Area("ops", purpose="Run", advisors=["ana"]),
        ...         da.DRI("ops", "ana"))
        >>> new = old.copy()
        >>> new.replace(da.Area("ops", purpose="Run it", advisors=["ana"]))
        >>> print(da.diff(old, new, on=dt.date(2027, 1, 1)).to_text())
        on 2027-01-01: 1 changed; 0 new findings; 0 resolved
        changed area 'ops': purpose 'Run' -> 'Run it'
        """
        lines = [f"on {self.on.isoformat()}: {self.summary()}"]
        lines += [f"new finding: {_finding_line(f)}" for f in self.introduced]
        lines += [f"resolved: {_finding_line(f)}" for f in self.resolved]
        lines += [d.describe() for d in self.dris]
        lines += [
            f"{resource}: {_decided_by(before)} -> {_decided_by(after)}"
            for resource, before, after in self.decisions
        ]
        lines += [c.describe() for c in self.items]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of everything in the diff.

        >>> import distauth as da
        >>> sorted(da.diff(da.Org(), da.Org(), on=dt.date(2027, 1, 1)).to_dict())
        ['decisions', 'dris', 'empty', 'introduced', 'items', 'on', 'resolved', 'summary']
        """
        return {
            "on": self.on.isoformat(),
            "empty": self.empty,
            "summary": self.summary(),
            "items": [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "status": c.status,
                    "before": _plain(c.before),
                    "after": _plain(c.after),
                    "fields": [
                        {"name": f.name, "before": _plain(f.before), "after": _plain(f.after)}
                        for f in c.fields
                    ],
                }
                for c in self.items
            ],
            "dris": [_plain(d) for d in self.dris],
            "decisions": [
                {
                    "resource": resource,
                    "before": _decision_dict(before),
                    "after": _decision_dict(after),
                }
                for resource, before, after in self.decisions
            ],
            "introduced": [f.to_dict() for f in self.introduced],
            "resolved": [f.to_dict() for f in self.resolved],
        }

    def to_markdown(self) -> str:
        """A pull-request comment: a short summary first, the details folded.

        >>> import distauth as da
        >>> old = da.Org()
        >>> new = old.copy()
        >>> new.add(da.Area("ops"))
        >>> print(da.diff(old, new, on=dt.date(2027, 1, 1)).to_markdown().splitlines()[0])
        **distauth**: 1 added; 3 new findings; 0 resolved
        """
        out = [f"**distauth**: {self.summary()}"]
        if self.empty:
            return out[0] + "\n"
        if self.introduced:
            out += ["", "New findings:", ""]
            out += [f"- {_md_finding(f)}" for f in self.introduced]
        if self.resolved:
            out += ["", "Resolved:", ""]
            out += [f"- ~~{_md_finding(f)}~~" for f in self.resolved]
        if self.dris:
            out += ["", f"DRI changes on {self.on.isoformat()}:", ""]
            out += ["| area | before | after |", "| --- | --- | --- |"]
            out += [
                f"| `{d.area}` | {_md_cell(_holders(d.before))} | {_md_cell(_holders(d.after))} |"
                for d in self.dris
            ]
        if self.decisions:
            out += _folded(
                _count(len(self.decisions), "resource changes hands", "resources change hands"),
                ["| resource | before | after |", "| --- | --- | --- |"]
                + [
                    f"| {_md_code(resource)} | {_md_cell(_decided_by(before))} | "
                    f"{_md_cell(_decided_by(after))} |"
                    for resource, before, after in self.decisions
                ],
            )
        if self.items:
            out += _folded(
                _count(len(self.items), "entity or record", "entities and records"),
                [f"- {_md_item(c)}" for c in self.items],
            )
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div><strong>distauth diff</strong> on {esc(self.on.isoformat())}: "]
        parts.append(esc(self.summary()) + "</div>")
        rows = [f"<li>new {esc(_finding_line(f))}</li>" for f in self.introduced]
        rows += [f"<li>resolved <s>{esc(_finding_line(f))}</s></li>" for f in self.resolved]
        rows += [f"<li>{esc(d.describe())}</li>" for d in self.dris]
        rows += [
            f"<li>{esc(resource)}: {esc(_decided_by(b))} &rarr; {esc(_decided_by(a))}</li>"
            for resource, b, a in self.decisions
        ]
        rows += [f"<li>{esc(c.describe())}</li>" for c in self.items]
        if rows:
            parts.append("<ul>" + "".join(rows) + "</ul>")
        return "".join(parts)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _finding_line(finding: Finding) -> str:
    return f"{finding.code} [{finding.severity}] {finding.message}"


def _decision_dict(decision: Decision) -> dict[str, Any]:
    return {
        "area": decision.area.id if decision.area else None,
        "dri": decision.dri.id if decision.dri else None,
        "dri_area": decision.dri_area.id if decision.dri_area else None,
        "candidates": [c.id for c in decision.candidates],
        "fallback": decision.fallback,
        "ambiguous": decision.ambiguous,
    }


def _md_code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    text = text.replace("\n", " ").replace("|", "\\|")
    if "`" not in text:
        return f"`{text}`"
    return f"`` {text} ``"


def _md_cell(text: str) -> str:
    return html.escape(text.replace("\n", " "), quote=False).replace("|", "\\|")


def _md_finding(finding: Finding) -> str:
    return f"**{finding.code}** ({finding.severity}) {_md_cell(finding.message)}"


def _md_item(change: ItemChange) -> str:
    head = f"{change.status} {change.kind}"
    if change.key:
        head += f" {_md_code(change.key)}"
    if not change.fields:
        return head
    parts = "; ".join(f"{f.name} {_md_code(_delta(f.before, f.after))}" for f in change.fields)
    return f"{head}: {parts}"


def _folded(title: str, body: list[str]) -> list[str]:
    # GitHub renders Markdown inside <details> only with a blank line after the summary.
    return [
        "",
        "<details>",
        f"<summary>{html.escape(title)}</summary>",
        "",
        *body,
        "",
        "</details>",
    ]


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


def _graph_records(succ: Mapping[str, Any], other: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(kind, record)`` for each edge record (a key that is a value) of *succ* not in *other*.

    One pass over the out-edges of every node, each record looked up in the other graph's
    edges between the same two ends.
    """
    empty: dict[str, Any] = {}
    for source, nbrs in succ.items():
        there = other.get(source, empty)
        # Most nodes' edges are the same: one comparison in C settles them (edge attribute
        # dicts are shared between orgs, so comparing them is mostly by identity).
        if nbrs == there:
            continue
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


def _compare_entities(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ItemChange]:
    """Compare node data (``kind`` and ``entity``) by id; missing nodes are no entities."""
    for ident, data in old.items():
        before = data["entity"]
        if before is None:
            continue
        kind = data["kind"]
        found = new.get(ident)
        after = None if found is None else found["entity"]
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
    for ident, data in new.items():
        after = data["entity"]
        if after is None:
            continue
        found = old.get(ident)
        if found is None or found["entity"] is None:
            yield ItemChange(data["kind"], ident, None, after)


def _compare_records(old: Org, new: Org) -> Iterator[ItemChange]:
    gone_all: dict[str, list[Any]] = {}
    came_all: dict[str, list[Any]] = {}
    # networkx's adjacency() hands out its own out-edge dicts: read, never written.
    old_succ, new_succ = dict(old.graph.adjacency()), dict(new.graph.adjacency())
    for kind, record in _graph_records(old_succ, new_succ):
        gone_all.setdefault(kind, []).append(record)
    for kind, record in _graph_records(new_succ, old_succ):
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


def _org_fields(old: Org, new: Org) -> Iterator[ItemChange]:
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


def _dri_changes(
    old: Org, new: Org, items: tuple[ItemChange, ...], day: dt.date
) -> list[DRIChange]:
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


def _resources(old: Org, new: Org, resources: Iterable[str] | bool | None) -> list[str]:
    if resources is None or resources is False:
        return []
    if resources is True:
        return list(dict.fromkeys([*old.resources, *new.resources]))
    if isinstance(resources, str):
        raise InvalidTypeError(f"resources must be a list of str (got {resources!r})", resources)
    return list(dict.fromkeys(resources))


def diff(
    old: Org,
    new: Org,
    *,
    on: dt.date | None = None,
    resources: Iterable[str] | bool | None = None,
    config: Config | None = None,
) -> OrgDiff:
    """Compare two orgs: what was added, removed and changed, and what that does on day *on*.

    Args:
        old: the org before the change.
        new: the org after it.
        on: the day DRIs, decisions and findings are compared on (default: today).
        resources: resources to ask "who decides?" about in both orgs; ``True`` for the
            inventories of both orgs. Only those whose answer differs are listed.
        config: the validation settings for the findings (default: the defaults).

    Returns:
        An :class:`OrgDiff`. Its cost is one pass over both graphs, the DRI question for the
        areas a changed record or role touches, one validation of each org and, with
        resources, one batch lookup per org.

    >>> import datetime as dt, distauth as da
    >>> old = da.Org()
    >>> old.add(da.Person("ana"), da.Person("bo"), da.Area("ops", purpose="Run",
    ...         advisors=["bo"]), da.DRI("ops", "ana"))
    >>> new = old.copy()
    >>> new.remove(da.DRI("ops", "ana"))
    >>> new.add(da.DRI("ops", "bo"))
    >>> change = da.diff(old, new, on=dt.date(2027, 1, 1))
    >>> [c.describe() for c in change.items]
    ["removed dri 'area=ops holder=ana'", "added dri 'area=ops holder=bo'"]
    >>> [d.describe() for d in change.dris]
    ["area 'ops': DRI ana -> bo"]
    """
    from distauth._model import day_or_today as _day  # noqa: PLC0415 - one day parser

    day = _day(on)
    # Many small values and nothing cyclic: the collector would rescan both graphs again and again.
    with collector_paused():
        return _diff(old, new, day, resources, config)


def _diff(
    old: Org,
    new: Org,
    day: dt.date,
    resources: Iterable[str] | bool | None,
    config: Config | None,
) -> OrgDiff:
    from distauth.rules import validate  # noqa: PLC0415 - the rules import the org

    items: list[ItemChange] = list(_org_fields(old, new))
    items += _compare_entities(dict(old.graph.nodes.items()), dict(new.graph.nodes.items()))
    items += _compare_records(old, new)
    order = {"org": 0, "person": 1, "area": 2, "role": 3}
    items.sort(key=lambda c: (order.get(c.kind, 4), c.kind, c.key, c.status))
    changes = tuple(items)

    dris = _dri_changes(old, new, changes, day)
    asked = _resources(old, new, resources)
    decisions: list[tuple[str, Decision, Decision]] = []
    if asked:
        before = old.who_decides_many(asked, on=day)
        after = new.who_decides_many(asked, on=day)
        decisions = [
            (r, b, a)
            for r, b, a in zip(asked, before, after, strict=True)
            if _decision_key(b) != _decision_key(a)
        ]

    old_findings = validate(old, on=day, config=config).findings
    new_findings = validate(new, on=day, config=config).findings
    old_keys = Counter(_finding_key(f) for f in old_findings)
    new_keys = Counter(_finding_key(f) for f in new_findings)
    introduced = _beyond(new_findings, old_keys)
    resolved = _beyond(old_findings, new_keys)
    return OrgDiff(day, changes, tuple(dris), tuple(decisions), introduced, resolved)


def _beyond(
    findings: Iterable[Finding], other: Counter[tuple[str, tuple[str, ...]]]
) -> tuple[Finding, ...]:
    """The findings whose key is not in *other* (as a multiset: one match each)."""
    left = Counter(other)
    out = []
    for f in findings:
        key = _finding_key(f)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return tuple(out)
