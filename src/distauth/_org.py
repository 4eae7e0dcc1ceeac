"""The :class:`Org` aggregate: entities and DRI assignments held in one networkx graph.

The graph (``org.graph``, a ``networkx.MultiDiGraph``) is the single source of truth. Every
node is an id with a ``kind`` attribute (``"person"``, ``"area"``, ``"role"``, or
``"missing"`` for an id that is referred to but not defined) and an ``entity`` attribute (the
value object, or ``None`` when missing). Every reference an entity makes becomes an edge with a
``kind``; see :doc:`/graph` for the table. The graph is frozen for users (networkx's
``nx.freeze``): read it with any networkx algorithm, change the org through :meth:`Org.add`,
:meth:`Org.remove` and :meth:`Org.replace`, which keep it consistent.

The graph and what is kept beside it (the node data's links, the suspects, the indexes, the
validation scratch) belong to the graph layer, :class:`~distauth._graph.OrgGraph`; the queries
are functions over it in :mod:`distauth._queries`. The repr, pictures and what-if methods,
which other layers implement, come from the base class :class:`~distauth._org_facade.OrgFacade`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx

from distauth import _handles, _queries
from distauth._errors import DuplicateIdError, InvalidTypeError, InvalidValueError, UnknownIdError
from distauth._graph import KIND_OF_CLASS, MISSING, KindView, OrgGraph, graph_of
from distauth._model import (
    DRI,
    Absence,
    Area,
    DecisionRecord,
    Entity,
    Location,
    Person,
    Role,
    check_id,
)
from distauth._org_facade import OrgFacade
from distauth._suggest import did_you_mean
from distauth.scopes import check_resource

if TYPE_CHECKING:
    from distauth._queries import Arbitration, Decision, EscalationPath

__all__ = ["Org"]


class Org(OrgFacade):
    """An organisation: people, areas, roles and DRI assignments on one networkx graph.

    Args:
        name: the organisation's display name.
        resources: an optional inventory of resources (checked by DA303).
        ignores: per-area rule suppressions, ``{area id: codes or prefixes}``.

    >>> import distauth as da
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Person("ana"), da.Area("company"), da.DRI("company", "ana"))
    >>> org.dri_of("company").id
    'ana'
    >>> sorted(org.graph.successors("company"))
    ['ana']
    """

    __slots__ = (
        "__weakref__",
        "_graph",
        "_ignores",
        "_name",
        "_resource_locations",
        "_resources",
    )

    def __init__(
        self,
        name: str = "",
        *,
        resources: Iterable[str] = (),
        ignores: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.name = name
        #: The graph and what is kept beside it (see :mod:`distauth._graph`).
        self._graph = OrgGraph()
        self._resource_locations: dict[str, Location] = {}
        self.resources = resources
        self.ignores = ignores or {}

    # --- plain attributes --------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The organisation's display name."""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        if not isinstance(value, str):
            raise InvalidTypeError(f"name must be a str (got {value!r})", value)
        self._name = value

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The org as a frozen ``networkx.MultiDiGraph`` (see :doc:`/graph`).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("co"), da.Area("ops", parent="co"))
        >>> list(org.graph.edges(keys=True))
        [('ops', 'co', 'parent')]
        """
        return self._graph.graph

    @property
    def resources(self) -> tuple[str, ...]:
        """The resource inventory that DA303 checks for coverage."""
        return self._resources

    @resources.setter
    def resources(self, value: Iterable[str]) -> None:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise InvalidTypeError(f"resources must be a list of str (got {value!r})", value)
        items = tuple(check_resource(r) for r in value)
        self._resources = tuple(dict.fromkeys(items))
        self._resource_locations = {
            r: loc for r, loc in self._resource_locations.items() if r in items
        }
        self._touch()

    @property
    def ignores(self) -> Mapping[str, frozenset[str]]:
        """Per-area suppressions: ``{area id: frozenset of rule codes or prefixes}``, read-only.

        Assign a new mapping to change them (a write to the view would bypass the checks).

        >>> import distauth as da
        >>> org = da.Org(ignores={"ops": ["DA502"]})
        >>> org.ignores["hr"] = frozenset({"DA1"})
        Traceback (most recent call last):
        ...
        TypeError: 'mappingproxy' object does not support item assignment
        """
        return MappingProxyType(self._ignores)

    @ignores.setter
    def ignores(self, value: Mapping[str, Iterable[str]]) -> None:
        if not isinstance(value, Mapping):
            raise InvalidTypeError(f"ignores must be a mapping (got {value!r})", value)
        out: dict[str, frozenset[str]] = {}
        for area, given in value.items():
            check_id(area, "ignores key")
            if isinstance(given, str):
                raise InvalidTypeError(f"ignores[{area!r}] must be a list of codes", given)
            codes = frozenset(given)
            for code in codes:
                if not isinstance(code, str) or not code.isalnum() or not code.isupper():
                    raise InvalidValueError(
                        f"ignores[{area!r}]: {code!r} is not a rule code or prefix", code
                    )
            # The loader refuses a code no rule has; so does the constructor.
            from distauth.rules import RULES  # noqa: PLC0415 - rules import this module

            RULES.expand(sorted(codes), f"ignores[{area!r}]")
            out[area] = codes
        self._ignores = dict(sorted(out.items()))
        self._touch()

    # --- views -------------------------------------------------------------------------------

    @property
    def people(self) -> Mapping[str, Person]:
        """Read-only mapping of person id to :class:`Person`."""
        return KindView(self._graph.nodes, "person")

    @property
    def areas(self) -> Mapping[str, Area]:
        """Read-only mapping of area id to :class:`Area`."""
        return KindView(self._graph.nodes, "area")

    @property
    def roles(self) -> Mapping[str, Role]:
        """Read-only mapping of role id to :class:`Role`."""
        return KindView(self._graph.nodes, "role")

    @property
    def decisions(self) -> Mapping[str, DecisionRecord]:
        """Read-only mapping of decision record id to :class:`DecisionRecord`.

        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.DecisionRecord("adr-1", title="Use Postgres", date=dt.date(2027, 3, 1)))
        >>> list(org.decisions)
        ['adr-1']
        """
        return KindView(self._graph.nodes, "decision")

    @property
    def absences(self) -> tuple[Absence, ...]:
        """Every absence, sorted by person, start and end.

        >>> import datetime as dt, distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"),
        ...         da.Absence("ana", start=dt.date(2027, 8, 1), end=dt.date(2027, 8, 15)))
        >>> [(a.person, a.start.isoformat()) for a in org.absences]
        [('ana', '2027-08-01')]
        """
        found = self._graph.absences()
        found.sort(key=Absence.sort_key)
        return tuple(found)

    def all_dris(self) -> tuple[DRI, ...]:
        """Every DRI assignment, whatever its dates, in a stable order.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.DRI("b", "x"), da.DRI("a", "y"))
        >>> [d.area for d in org.all_dris()]
        ['a', 'b']
        """
        found = self._graph.all_dris()
        found.sort(key=DRI.sort_key)
        return tuple(found)

    def entity(self, id: str) -> Entity | DecisionRecord:
        """The person, area, role or decision record with this id.

        Raises:
            UnknownIdError: no entity has this id.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"))
        >>> org.entity("ana") == da.Person("ana")
        True
        """
        data = self._graph.nodes.get(id)
        if data is None or data["kind"] == MISSING:
            known = (n for n, d in self._graph.nodes.items() if d["kind"] != MISSING)
            mean = did_you_mean(id, known) if isinstance(id, str) else ""
            raise UnknownIdError(f"no entity with id {id!r} in the org{mean}", id)
        entity: Entity | DecisionRecord = data["entity"]
        return entity

    def __contains__(self, id: object) -> bool:
        data = self._graph.nodes.get(id)  # type: ignore[call-overload]
        return data is not None and data["kind"] != MISSING

    def location(
        self, item: str | DRI | Absence, *, field: str | None = None, named: str | None = None
    ) -> Location | None:
        r"""Where an entity or record (by id), a DRI or an absence was defined.

        With *field* (and, for a list, *named*: the id the field names), where that reference
        was written, when the loader recorded it (it records the references that rules can
        report: those naming an unknown id or one of the wrong kind, parent links on a cycle,
        and ``escalates_to`` overrides); else the entity's own location. A string that is no
        entity of the org but an inventory resource gives the resource's location; a resource
        spelled like an entity's id is placed by :meth:`resource_location` and never takes
        the entity's place.

        >>> import distauth as da
        >>> org = da.loads("version: 1\nareas:\n  ops:\n    parent: opps\n", source="o.yaml")
        >>> str(org.location("ops")), str(org.location("ops", field="parent", named="opps"))
        ('o.yaml:3:3', 'o.yaml:4:5')
        >>> da.Org().location("nobody") is None
        True
        """
        if isinstance(item, DRI | Absence):
            data = self._graph.record_keys(item).get(item)
            return None if data is None else data.get("location")
        data = self._graph.nodes.get(item)
        if data is None or data["kind"] == MISSING:
            return self._resource_locations.get(item)
        if field is not None:
            fields = data.get("field_locations")
            if fields:
                found: Location | None = fields.get((field, named))
                if found is not None:
                    return found
        location: Location | None = data.get("location")
        return location

    def resource_location(self, resource: str) -> Location | None:
        r"""Where an inventory resource was listed (``None`` when unknown).

        >>> import distauth as da
        >>> org = da.loads("version: 1\nresources: [ops]\n", source="o.yaml")
        >>> str(org.resource_location("ops"))
        'o.yaml:2:13'
        """
        return self._resource_locations.get(resource)

    def set_location(
        self,
        item: str | DRI | Absence,
        location: Location,
        *,
        field: str | None = None,
        named: str | None = None,
    ) -> None:
        """Record where an entity or record (by id), a DRI or an absence was defined.

        The file loaders call this; :func:`~distauth.validate` copies the location of a
        finding's subject into the finding. With *field* (and *named*), where that reference
        of the entity was written (see :meth:`location`). A string that is no entity of the
        org but an inventory resource records the resource's location.

        Raises:
            UnknownIdError: the org has no such entity, DRI or inventory resource.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"))
        >>> org.set_location("ana", da.Location(file="org.yaml", line=3, column=3))
        >>> str(org.location("ana"))
        'org.yaml:3:3'
        """
        if not isinstance(location, Location):
            raise InvalidTypeError(f"location must be a Location (got {location!r})", location)
        if isinstance(item, DRI | Absence):
            if self._graph.set_record_location(item, location):
                return
            data = None
        else:
            data = self._graph.nodes.get(item)
            if data is not None and data["kind"] == MISSING:
                data = None
            if data is None and field is None and item in self._resources:
                self._resource_locations[item] = location
                return
        if data is None:
            raise UnknownIdError(
                f"no entity, record or inventory resource {item!r} in the org", item
            )
        if field is not None:
            data.setdefault("field_locations", {})[field, named] = location
            return
        data["location"] = location

    def set_resource_location(self, resource: str, location: Location) -> None:
        """Record where an inventory resource was listed (see :meth:`resource_location`).

        Raises:
            UnknownIdError: the resource is not in the org's inventory.

        >>> import distauth as da
        >>> org = da.Org(resources=["ops"])
        >>> org.add(da.Area("ops"))
        >>> org.set_resource_location("ops", da.Location(file="o.yaml", line=9))
        >>> str(org.resource_location("ops")), org.location("ops")
        ('o.yaml:9:0', None)
        """
        if not isinstance(location, Location):
            raise InvalidTypeError(f"location must be a Location (got {location!r})", location)
        if resource not in self._resources:
            raise UnknownIdError(f"no inventory resource {resource!r} in the org", resource)
        self._resource_locations[resource] = location

    def set_locations(self, located: Iterable[tuple[str | DRI | Absence, Location]]) -> None:
        """Record many locations at once: :meth:`set_location` for each ``(item, location)``.

        The file loaders record one location per entity and DRI; a hundred thousand calls
        cost more than the loop they share here.

        Raises:
            UnknownIdError: an item is not in the org (the locations before it are recorded).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.DRI("ops", "ana"))
        >>> here = da.Location(file="org.yaml", line=2, column=3)
        >>> org.set_locations([("ana", here), (da.DRI("ops", "ana"), here)])
        >>> org.location(da.DRI("ops", "ana")) == org.location("ana") == here
        True
        """
        nodes, succ = self._graph.nodes, self._graph.succ
        for item, location in located:
            if not isinstance(location, Location):
                raise InvalidTypeError(f"location must be a Location (got {location!r})", location)
            data = nodes.get(item) if isinstance(item, str) else None
            if data is not None and data["kind"] != MISSING:
                data["location"] = location
                continue
            if isinstance(item, DRI):
                keys = succ.get(item.area, {}).get(item.holder, {})
                if item in keys:
                    # Edge attribute dicts are shared and never written to: replace them.
                    keys[item] = {**keys[item], "location": location}
                    continue
            self.set_location(item, location)  # absences, resources, errors for unknown items

    # --- changing the org ----------------------------------------------------------------------

    def add(self, *items: Entity | DecisionRecord | DRI | Absence) -> None:
        """Add people, areas, roles, decision records, DRI assignments and absences, all or none.

        References to ids not (yet) in the org are kept as dangling references for
        :func:`~distauth.validate` to report; adding the entity later resolves them.

        Raises:
            DuplicateIdError: an id is already taken (ids are unique across all kinds), or
                the same DRI assignment or absence is already present.
            InvalidTypeError: an item is not a Person, Area, Role, DecisionRecord, DRI or
                Absence.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("billing", parent="finance"))   # finance is not there yet
        >>> org.graph.nodes["finance"]["kind"]
        'missing'
        """
        nodes = self._graph.nodes
        seen: set[str] = set()
        seen_dris: set[DRI | Absence] = set()
        for item in items:
            if isinstance(item, DRI | Absence):
                if item in seen_dris or item in self._graph.record_keys(item):
                    what = "DRI assignment" if isinstance(item, DRI) else "absence"
                    raise DuplicateIdError(f"the {what} {item!r} is already present", item)
                seen_dris.add(item)
                continue
            if type(item) not in KIND_OF_CLASS:
                raise InvalidTypeError(
                    "can only add Person, Area, Role, DecisionRecord, DRI or Absence (got "
                    f"{item!r} that is a {type(item).__name__})",
                    item,
                )
            data = nodes.get(item.id)
            if item.id in seen or (data is not None and data["kind"] != MISSING):
                kind = KIND_OF_CLASS[type(item)]
                raise DuplicateIdError(
                    f"id {item.id!r} is already taken (adding a {kind})", item.id
                )
            seen.add(item.id)
        self._graph.add_all(items)
        self._touch()

    def remove(self, item: str | Entity | DecisionRecord | DRI | Absence) -> None:
        """Remove an entity or decision record by id (or value), or a DRI or absence by value.

        Removing an entity removes what it owns: an area's DRI records, a person's absences,
        and the references it makes. References *to* it from other entities (and from
        decision records) stay, as dangling references.

        Raises:
            UnknownIdError: nothing to remove.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> org.remove("ana")
        >>> org.graph.nodes["ana"]["kind"], len(org.dris("ops"))
        ('missing', 1)
        """
        if isinstance(item, DRI | Absence):
            if item not in self._graph.record_keys(item):
                what = "DRI assignment" if isinstance(item, DRI) else "absence"
                raise UnknownIdError(f"the {what} {item!r} is not in the org", item)
            self._graph.remove_record(item)
            self._touch()
            return
        ident = item.id if isinstance(item, Person | Area | Role | DecisionRecord) else item
        entity = self.entity(ident)
        if not isinstance(item, str) and entity != item:
            raise UnknownIdError(f"{item!r} is not in the org (its id holds {entity!r})", ident)
        self._graph.drop_entity(entity)
        self._touch()

    def replace(self, entity: Entity | DecisionRecord) -> None:
        """Replace the entity (or decision record) with the same id and kind by *entity*.

        The entity keeps what it owns: an area its DRI records, a person their absences.

        Raises:
            UnknownIdError: no entity has this id.
            InvalidValueError: the entity there is of another kind.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("ops"))
        >>> org.replace(da.Area("ops", purpose="Keep the lights on"))
        >>> org.areas["ops"].purpose
        'Keep the lights on'
        """
        if type(entity) not in KIND_OF_CLASS:
            raise InvalidTypeError(
                f"can only replace a Person, Area, Role or DecisionRecord (got {entity!r})"
            )
        old = self.entity(entity.id)
        if type(old) is not type(entity):
            raise InvalidValueError(
                f"cannot replace the {KIND_OF_CLASS[type(old)]} {old.id!r} by a "
                f"{KIND_OF_CLASS[type(entity)]}",
                entity.id,
            )
        self._graph.replace_entity(old, entity)
        self._touch()

    def copy(self) -> Org:
        """An independent copy, equal to this org.

        >>> import distauth as da
        >>> org = da.Org(name="Acme")
        >>> org.copy() == org
        True
        """
        new = Org.__new__(Org)
        new.__setstate__(
            {
                "name": self._name,
                "resources": self._resources,
                "ignores": dict(self._ignores),
                "resource_locations": dict(self._resource_locations),
                "graph": self._graph.copy(),
            }
        )
        return new

    def __copy__(self) -> Org:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> Org:
        # Entities and edge attribute dicts are immutable: copy() already shares only those.
        return self.copy()

    def __getstate__(self) -> dict[str, Any]:
        # The graph's node data pickles as plain dicts; __setstate__ derives the links again.
        return {
            "name": self._name,
            "resources": self._resources,
            "ignores": self._ignores,
            "resource_locations": self._resource_locations,
            "graph": self._graph.graph,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._name = state["name"]
        self._resources = state["resources"]
        self._ignores = state["ignores"]
        self._resource_locations = state["resource_locations"]
        graph = state["graph"]
        # A copy brings its graph layer; an unpickled org derives the links from the graph.
        self._graph = graph if isinstance(graph, OrgGraph) else OrgGraph.adopt(graph)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Org):
            return NotImplemented
        if (self.name, self.resources, self.ignores) != (
            other.name,
            other.resources,
            other.ignores,
        ):
            return False
        mine, theirs = self._graph, graph_of(other)
        if mine.entity_count() != theirs.entity_count():
            return False
        for ident, data in mine.nodes.items():
            if data["kind"] == MISSING:
                continue
            their = theirs.nodes.get(ident)
            if their is None or their["entity"] != data["entity"]:
                return False
        return self.all_dris() == other.all_dris() and self.absences == other.absences

    __hash__ = None  # type: ignore[assignment]  # mutable: compares by content, never hashes

    # --- queries (implemented in distauth._queries) ---------------------------------------------

    def by_handle(self, text: str) -> Person | Role | None:
        """The one person or role that *text* names: an id, a handle, an email or a name.

        Looked up in this order, the first step that finds anything deciding:

        1. the id of a person or role, exactly;
        2. a handle (``@octocat``, ``@org/team``, an email address, any text listed in
           ``handles``) or a person's ``email``, case-insensitively and ignoring repeated
           spaces;
        3. the ``name`` of a person or role, compared the same way (``Ana Ruiz`` as an ADR
           writes it).

        A step that finds several entities answers ``None``: a lookup never guesses.
        Handles claimed twice are reported by DA204; names may repeat.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana", name="Ana Ruiz", handles=["@AnaR"]),
        ...         da.Role("payments", handles=["@acme/payments"], collective=True))
        >>> org.by_handle("@anar").id, org.by_handle("ana ruiz").id, org.by_handle("ana").id
        ('ana', 'ana', 'ana')
        >>> org.by_handle("@ACME/Payments").id, org.by_handle("@nobody")
        ('payments', None)
        """
        return _handles.by_handle(self._graph, text)

    def dris(self, area: str, on: dt.date | None = None) -> tuple[DRI, ...]:
        """The DRI assignments of *area* in effect on *on* (default: today), sorted.

        Raises:
            UnknownIdError: *area* is not an area of the org.

        >>> import distauth as da, datetime as dt
        >>> org = da.Org()
        >>> org.add(da.Area("ops"), da.DRI("ops", "ana", end=dt.date(2030, 1, 1)))
        >>> org.dris("ops", on=dt.date(2029, 1, 1))[0].holder
        'ana'
        >>> org.dris("ops", on=dt.date(2030, 1, 1))
        ()
        """
        return _queries.dris(self._graph, area, on)

    def dri_of(self, area: str, on: dt.date | None = None) -> Person | None:
        """The one person who decides for *area* on *on*, or ``None``.

        A role DRI resolves to its holder when it has exactly one. ``None`` means there is no
        single resolvable DRI (none, several, an unknown id, a role with 0 or 2+ holders). An
        inactive person is still returned: :func:`~distauth.validate` reports DA104.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Role("lead", holders=["ana"]), da.Area("ops"),
        ...         da.DRI("ops", "lead"))
        >>> org.dri_of("ops").id
        'ana'
        """
        return _queries.dri_of(self._graph, area, on)

    def areas_of(self, person: str, on: dt.date | None = None) -> tuple[Area, ...]:
        """The areas whose DRI *person* is on *on*, directly or through a role held alone.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> [a.id for a in org.areas_of("ana")]
        ['ops']
        """
        return _queries.areas_of(self._graph, person, on)

    def escalation_path(self, area: str, on: dt.date | None = None) -> EscalationPath:
        """Where a disagreement in *area* goes: each step up, with its DRI.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Person("bo"), da.Area("co"), da.Area("ops", parent="co"),
        ...         da.DRI("co", "ana"), da.DRI("ops", "bo"))
        >>> path = org.escalation_path("ops")
        >>> [(s.area.id, s.dri.id) for s in path.steps], path.ok
        ([('ops', 'bo'), ('co', 'ana')], True)
        """
        return _queries.escalation_path(self._graph, area, on)

    def arbiter(self, a: str, b: str, on: dt.date | None = None) -> Area | None:
        """The smallest area containing both *a* and *b* (their lowest common ancestor).

        Its DRI settles a conflict between the two (:meth:`arbitration` names that person).
        ``None`` when they share no root or when the parent links are broken by a cycle.
        The area does not depend on the day; *on* is accepted as by every other query.

        Raises:
            UnknownIdError: *a* or *b* is not an area of the org (as in the other queries).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("co"), da.Area("sales", parent="co"), da.Area("ops", parent="co"))
        >>> org.arbiter("sales", "ops").id
        'co'
        """
        return _queries.arbiter(self._graph, a, b, on)

    def arbitration(self, a: str, b: str, on: dt.date | None = None) -> Arbitration:
        """Who settles a conflict between *a* and *b* on a day: the area, its DRI, and why not.

        Raises:
            UnknownIdError: *a* or *b* is not an area of the org.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("sales", parent="co"),
        ...         da.Area("ops", parent="co"), da.DRI("co", "ana"))
        >>> answer = org.arbitration("sales", "ops")
        >>> answer.area.id, answer.dri.id, answer.ok
        ('co', 'ana', True)
        """
        return _queries.arbitration(self._graph, a, b, on)

    def who_decides(self, resource: str, on: dt.date | None = None) -> Decision:
        """Which area, and whose DRI, decides about *resource* (see :doc:`/scopes`).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("billing", scopes=["finance/billing/**"]),
        ...         da.DRI("billing", "ana"))
        >>> org.who_decides("finance/billing/refunds").dri.id
        'ana'
        """
        return _queries.who_decides(self._graph, resource, on)

    def who_decides_many(
        self, resources: Iterable[str], on: dt.date | None = None
    ) -> list[Decision]:
        """:meth:`who_decides` for many resources at once, in the order given.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("billing", scopes=["finance/billing"]))
        >>> [d.area.id if d.area else None for d in org.who_decides_many(["finance/billing", "hr"])]
        ['billing', None]
        """
        return _queries.who_decides_many(self._graph, resources, on)

    # --- tables (implemented in distauth.display) -------------------------------------------

    def to_records(self, *, on: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
        """The org as tables of plain dicts: areas, people, roles, dris and edges.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("co"))
        >>> [row["id"] for row in org.to_records()["areas"]]
        ['co']
        """
        from distauth import display  # noqa: PLC0415 - only for tables

        return display.to_records(self, on=on)

    def to_pandas(self, *, on: dt.date | None = None) -> dict[str, Any]:
        """The tables of :meth:`to_records` as ``pandas.DataFrame`` (the ``pandas`` extra).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("co"), da.Area("ops", parent="co"))
        >>> list(org.to_pandas()["areas"]["id"])
        ['co', 'ops']
        """
        from distauth import display  # noqa: PLC0415 - optional extra

        return display.to_pandas(self, on=on)

    # --- internals ------------------------------------------------------------------------------

    def _touch(self) -> None:
        """Forget everything derived from the graph: it just changed."""
        self._graph.touch()
