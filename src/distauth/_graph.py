"""The graph layer: the networkx graph an :class:`~distauth.Org` is, and what is kept beside it.

:class:`OrgGraph` owns the ``networkx.MultiDiGraph`` and everything derived from it that must
follow every change: the node data's links for validate (:class:`NodeData`), the set of
references that name an id of the wrong kind (the suspects), memoised indexes (the scope
index, the handle index), and the scratch state one validation of the org uses (its lock and
walk stamps). Only this module writes to the graph; :class:`~distauth.Org` changes the org
through :class:`OrgGraph`'s methods, the query functions read it through ``nodes``, ``succ``
and ``pred``, and the rules' shared facts (``rules/_facts.py``) are the one other module that
follows the kept links. That list of "friend" modules lives in the lint configuration (ruff's
SLF001), so a new reach-in fails CI. Code that holds an org and needs its graph layer calls
:func:`graph_of`.

Edges and their kinds are described in :doc:`/graph`; :data:`EDGE_KINDS` is the table of the
plain reference edges that can name an id of the wrong kind, which :func:`~distauth.validate`
(DA201, DA203) reads too.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

import networkx as nx

from distauth._bulk import collector_paused
from distauth._model import DRI, Absence, Area, DecisionRecord, Entity, Person, Role, is_slug
from distauth.scopes import ScopeIndex

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = [
    "DECISION_FIELDS",
    "EDGE_KINDS",
    "KIND_OF_CLASS",
    "MISSING",
    "EdgeKind",
    "KindView",
    "NodeData",
    "OrgGraph",
    "graph_of",
    "out_links",
]

_T = TypeVar("_T")
_E = TypeVar("_E", Person, Area, Role, DecisionRecord)

#: The node kind of each entity class.
KIND_OF_CLASS: dict[type, str] = {
    Person: "person",
    Area: "area",
    Role: "role",
    DecisionRecord: "decision",
}
#: The kind of a node that is referred to but not defined.
MISSING = "missing"


class EdgeKind(NamedTuple):
    """What one kind of plain reference edge means."""

    #: The entity field that makes the reference.
    field: str
    #: True when the referring entity is the edge's source (the named id is the target).
    referrer_is_source: bool
    #: The kinds the named id may be; any other kind (or missing) makes the edge a suspect.
    allowed: tuple[str, ...]
    #: The kind of the referring entity.
    referrer_kind: str


#: Every reference edge kind that can be a suspect. DRI edges are keyed by their
#: :class:`~distauth.DRI`, absences by their :class:`~distauth.Absence`; a decision record's
#: references (:data:`DECISION_FIELDS` and ``concerns``) are judged by the decision audit,
#: never by DA201/DA203, so they are not here.
EDGE_KINDS: dict[str, EdgeKind] = {
    "parent": EdgeKind("parent", True, ("area",), "area"),
    "escalates_to": EdgeKind("escalates_to", True, ("area",), "area"),
    "in_area": EdgeKind("area", True, ("area",), "role"),
    "advises": EdgeKind("advisors", False, ("person", "role"), "area"),
    "informs": EdgeKind("informed", False, ("person", "role"), "area"),
    "deputy": EdgeKind("deputy", True, ("person", "role"), "area"),
    "holds": EdgeKind("holders", False, ("person",), "role"),
}
#: The fields of a decision record that name people and roles (edges when the name is an id).
DECISION_FIELDS = ("decided_by", "consulted", "informed", "dissent")

# EDGE_KINDS as the hot paths read it: is the named end the target, and the kinds allowed.
_NAMED_END: dict[str, tuple[bool, frozenset[str]]] = {
    kind: (edge.referrer_is_source, frozenset(edge.allowed)) for kind, edge in EDGE_KINDS.items()
}


class NodeData(dict[str, Any]):
    """A node's attribute dict (``kind``, ``entity``, ``location``), plus links for the rules.

    As a mapping it is exactly the documented attributes. Its slots, invisible to networkx and
    to users, hold what :func:`~distauth.validate` follows instead of looking ids up in
    dicts of a million entries (which at that size costs a cache miss per lookup): the node
    data of an area's parent and escalation target, and the DRI records the node is the area
    of, each with its holder's node data. :class:`OrgGraph` keeps them up to date on every
    change; ``_owned``, ``_who``, ``_mark`` and ``_same`` are scratch space for one validation
    (see ``rules/_facts.py``). The slots are private: only this module and the rules' facts
    read them; others read :attr:`parent`, :attr:`escalates_to` and :meth:`records`.
    """

    __slots__ = (
        "_dri",
        "_escalates_to",
        "_holder",
        "_mark",
        "_more",
        "_owned",
        "_parent",
        "_same",
        "_who",
    )

    _parent: NodeData | None
    _escalates_to: NodeData | None
    #: The first DRI record whose area is this node, and its holder's node data.
    _dri: DRI | None
    _holder: NodeData | None
    #: Further DRI records of this node, with their holders (None when there are none).
    _more: list[tuple[DRI, NodeData]] | None
    # Scratch for one validation, written and read under the org's validation lock.
    _owned: bool
    _who: NodeData | None
    _mark: int
    _same: NodeData | None

    def __init__(self, kind: str, entity: Entity | DecisionRecord | None) -> None:
        self["kind"] = kind
        self["entity"] = entity
        self._parent = self._escalates_to = self._dri = self._holder = self._more = None
        self._who = self._same = None
        self._owned = False
        self._mark = -1

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        # Copied or pickled on its own (networkx's copies, pickling org.graph), node data is
        # a plain dict: its links belong to one org, and pickle would recurse along them.
        return dict, (dict(self),)

    @property
    def parent(self) -> NodeData | None:
        """The node data a ``parent`` edge of this node leads to (None without one)."""
        return self._parent

    @property
    def escalates_to(self) -> NodeData | None:
        """The node data an ``escalates_to`` edge of this node leads to (None without one)."""
        return self._escalates_to

    def records(self) -> Iterator[tuple[DRI, NodeData]]:
        """The DRI records whose area is this node, each with its holder's node data."""
        if self._dri is not None:
            assert self._holder is not None
            yield self._dri, self._holder
            if self._more:
                yield from self._more


def out_links(entity: Entity | DecisionRecord) -> Iterator[tuple[str, str, str]]:
    """Yield ``(source, target, kind)`` for every reference *entity* makes.

    >>> import distauth as da
    >>> list(out_links(da.Area("ops", parent="co", advisors=["ana"])))
    [('ops', 'co', 'parent'), ('ana', 'ops', 'advises')]
    """
    if isinstance(entity, Area):
        return _area_links(entity)
    if isinstance(entity, Role):
        return _role_links(entity)
    if isinstance(entity, DecisionRecord):
        return _decision_links(entity)
    return iter(())  # a person makes no references


def _area_links(area: Area) -> Iterator[tuple[str, str, str]]:
    if area.parent is not None:
        yield area.id, area.parent, "parent"
    if area.escalates_to is not None:
        yield area.id, area.escalates_to, "escalates_to"
    for advisor in area.advisors:
        yield advisor, area.id, "advises"
    for member in area.informed:
        yield member, area.id, "informs"
    if area.deputy is not None:
        yield area.id, area.deputy, "deputy"


def _role_links(role: Role) -> Iterator[tuple[str, str, str]]:
    if role.area is not None:
        yield role.id, role.area, "in_area"
    for holder in role.holders:
        yield holder, role.id, "holds"


def _decision_links(record: DecisionRecord) -> Iterator[tuple[str, str, str]]:
    if record.area is not None:
        yield record.id, record.area, "concerns"
    for field in DECISION_FIELDS:
        # Names that are ids become edges; handles (``@ana``, ``Ana Ruiz``) are resolved
        # by Org.by_handle when asked, since what they name changes with the org.
        for name in getattr(record, field):
            if is_slug(name):
                yield record.id, name, field


class KindView(Mapping[str, _E], Generic[_E]):
    """A read-only, live mapping of the org's entities of one kind, in insertion order."""

    __slots__ = ("_kind", "_nodes")

    def __init__(self, nodes: dict[str, NodeData], kind: str) -> None:
        self._nodes = nodes
        self._kind = kind

    def __getitem__(self, key: str) -> _E:
        data = self._nodes.get(key)
        if data is None or data["kind"] != self._kind:
            raise KeyError(key)
        entity: _E = data["entity"]
        return entity

    def __iter__(self) -> Iterator[str]:
        kind = self._kind
        return (n for n, d in self._nodes.items() if d["kind"] == kind)

    def __len__(self) -> int:
        kind = self._kind
        return sum(1 for d in self._nodes.values() if d["kind"] == kind)

    def __contains__(self, key: object) -> bool:
        data = self._nodes.get(key)  # type: ignore[call-overload]
        return data is not None and data["kind"] == self._kind

    def __repr__(self) -> str:
        return f"<{self._kind} view: {sorted(self)!r}>"


def _dicts(graph: nx.MultiDiGraph[str]) -> tuple[Any, Any, Any]:
    """The node, successor and predecessor dicts networkx keeps in *graph* (not in its stubs)."""
    return graph._node, graph._succ, graph._pred  # type: ignore[attr-defined]


def graph_of(org: Org) -> OrgGraph:
    """The graph layer of *org*: for the query functions and the rules, never for users.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("ops", parent="co"))
    >>> list(graph_of(org).suspects)
    [('ops', 'co', 'parent')]
    """
    graph: OrgGraph = org._graph
    return graph


class OrgGraph:
    """The graph of one org, and what is kept beside it as the org changes.

    ``graph`` is the frozen ``networkx.MultiDiGraph``; ``nodes``, ``succ`` and ``pred`` are its
    node, successor and predecessor dicts, which the query functions read (as networkx's own
    algorithms read ``G._adj``). ``suspects`` holds the reference edges
    ``(source, target, kind)`` whose named end has a kind :data:`EDGE_KINDS` does not allow.
    ``lock`` and :meth:`stamps` are one validation's scratch: per org, so validations of
    different orgs never wait on each other.

    >>> import distauth as da
    >>> graph = OrgGraph()
    >>> graph.put_entity(da.Area("ops", parent="co"))
    >>> graph.nodes["co"]["kind"], list(graph.suspects)
    ('missing', [('ops', 'co', 'parent')])
    """

    __slots__ = ("_cache", "_clock", "graph", "lock", "nodes", "pred", "succ", "suspects")

    def __init__(self, graph: nx.MultiDiGraph[str] | None = None) -> None:
        graph = nx.MultiDiGraph() if graph is None else graph
        self.graph: nx.MultiDiGraph[str] = nx.freeze(graph)
        self.nodes: dict[str, NodeData]
        self.succ: dict[str, dict[str, dict[Any, dict[str, Any]]]]
        self.pred: dict[str, dict[str, dict[Any, dict[str, Any]]]]
        self.nodes, self.succ, self.pred = _dicts(graph)
        self.suspects: dict[tuple[str, str, str], None] = {}
        self._cache: dict[str, Any] = {}
        #: One validation of this org at a time writes the node data's scratch fields.
        self.lock = threading.RLock()
        # Walk stamps only grow, so a mark at or above a phase's first stamp was set in it.
        self._clock = 0

    @classmethod
    def adopt(cls, graph: nx.MultiDiGraph[str]) -> OrgGraph:
        """Take *graph* with fresh node data whose links derive from its edges.

        Copies and unpickled orgs come through here; a property test checks that the links
        derived here equal those that the changes of :class:`~distauth.Org` keep.

        >>> graph = nx.MultiDiGraph()
        >>> graph.add_node("co", kind="missing", entity=None)
        >>> OrgGraph.adopt(graph).nodes["co"]
        {'kind': 'missing', 'entity': None}
        """
        nodes, succ, _pred = _dicts(graph)
        for ident, data in nodes.items():
            node = nodes[ident] = NodeData(data["kind"], data["entity"])
            node.update(data)
        new = cls(graph)
        attach = new._attach
        for source, nbrs in succ.items():
            for target, keys in nbrs.items():
                for key in keys:
                    attach(source, target, key, nodes[source], nodes[target])
        return new

    # --- derived state ---------------------------------------------------------------------

    def touch(self) -> None:
        """Forget everything derived from the graph: it just changed."""
        self._cache.clear()
        # networkx keeps its own cache on a graph (for backends), cleared by its mutators.
        cache = getattr(self.graph, "__networkx_cache__", None)
        if cache:
            cache.clear()

    def cached(self, key: str, build: Callable[[], _T]) -> _T:
        """Memoise something derived from the graph (an index) until it next changes."""
        if key not in self._cache:
            self._cache[key] = build()
        value: _T = self._cache[key]
        return value

    def scope_index(self) -> ScopeIndex[str]:
        """The index of every area's scopes (owner: the area id), kept until the org changes."""

        def build() -> ScopeIndex[str]:
            return ScopeIndex(
                (scope, data["entity"].id)
                for data in self.nodes.values()
                if data["kind"] == "area"
                for scope in data["entity"].scopes
            )

        return self.cached("scope_index", build)

    def stamps(self, count: int) -> int:
        """Reserve *count* fresh walk stamps and return the first (call under ``lock``)."""
        first = self._clock
        self._clock += count
        return first

    # --- reading ---------------------------------------------------------------------------

    def kind(self, ident: str | None) -> str | None:
        """The kind of node *ident* (``"missing"`` for a dangling id), None when absent."""
        if ident is None:
            return None
        data = self.nodes.get(ident)
        return None if data is None else data["kind"]

    def entity_count(self) -> int:
        """How many entities (nodes that are not missing) the graph has."""
        return sum(1 for d in self.nodes.values() if d["kind"] != MISSING)

    def record_keys(self, record: DRI | Absence) -> dict[object, dict[str, Any]]:
        """The edge keys between the two ends of a DRI record or absence (maybe empty)."""
        source, target = (
            (record.area, record.holder) if isinstance(record, DRI) else (record.person,) * 2
        )
        keys: dict[object, dict[str, Any]] = self.succ.get(source, {}).get(target, {})
        return keys

    def all_dris(self) -> list[DRI]:
        """Every DRI assignment, in graph order."""
        return [
            key
            for nbrs in self.succ.values()
            for keys in nbrs.values()
            for key, data in keys.items()
            if data["kind"] == "dri"
        ]

    def absences(self) -> list[Absence]:
        """Every absence (a person's self-loop keyed by the Absence), in graph order."""
        return [
            key
            for ident, nbrs in self.succ.items()
            if ident in nbrs
            for key in nbrs[ident]
            if type(key) is Absence
        ]

    def set_record_location(self, record: DRI | Absence, location: object) -> bool:
        """Record where a DRI record or absence was defined; False when it is not there."""
        keys = self.record_keys(record)
        if record not in keys:
            return False
        # Edge attribute dicts are shared and never written to: replace, don't mutate.
        keys[record] = {**keys[record], "location": location}
        return True

    def copy(self) -> OrgGraph:
        """An independent copy that shares the entities and edge attribute dicts."""
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        nodes, succ, pred = _dicts(graph)
        # Entities and edge attribute dicts are never written to, so they are shared; adopt
        # gives the copy node data of its own (locations are written to it).
        nodes.update(self.nodes)
        for source, nbrs in self.succ.items():
            succ[source] = {target: dict(keys) for target, keys in nbrs.items()}
            pred[source] = {}
        for source, nbrs in succ.items():
            for target, keys in nbrs.items():
                pred[target][source] = keys
        return OrgGraph.adopt(graph)

    # --- changing --------------------------------------------------------------------------

    def add_all(self, items: Iterable[Entity | DecisionRecord | DRI | Absence]) -> None:
        """Put every entity, record, DRI assignment and absence of *items* (already checked)."""
        # Many small dicts and nothing cyclic (a third of a 100,000-area build otherwise).
        with collector_paused():
            link, put_entity = self.link, self.put_entity
            for item in items:
                if isinstance(item, DRI):
                    link(item.area, item.holder, item, dri_edge_data(item))
                elif isinstance(item, Absence):
                    data = {"kind": "absent", "start": item.start, "end": item.end}
                    link(item.person, item.person, item, data)
                else:
                    put_entity(item)

    def put_entity(self, entity: Entity | DecisionRecord) -> None:
        """Put *entity* on its node (new, or one that was missing) and link its references."""
        ident = entity.id
        kind = KIND_OF_CLASS[type(entity)]
        data: NodeData | None = self.nodes.get(ident)
        if data is None:
            self.nodes[ident] = NodeData(kind, entity)
            self.succ[ident] = {}
            self.pred[ident] = {}
        else:  # a missing node: the references to it may be right now
            data["kind"] = kind
            data["entity"] = entity
            self._rejudge(ident)
        link = self.link
        for source, target, edge in out_links(entity):
            link(source, target, edge, _EDGE_DATA[edge])

    def remove_record(self, record: DRI | Absence) -> None:
        """Remove the edge of a DRI record or absence (which is there)."""
        if isinstance(record, DRI):
            self.unlink(record.area, record.holder, record)
        else:
            self.unlink(record.person, record.person, record)

    def drop_entity(self, entity: Entity | DecisionRecord) -> None:
        """Remove what *entity* owns: its references, an area's DRI records, a person's absences.

        Its node turns missing, and goes away when nothing refers to it.
        """
        ident = entity.id
        for source, target, kind in out_links(entity):
            self.unlink(source, target, kind)
        if isinstance(entity, Area | Person):
            owned = "dri" if isinstance(entity, Area) else "absent"
            for holder, keys in list(self.succ.get(ident, {}).items()):
                for key, data in list(keys.items()):
                    if data["kind"] == owned:
                        self.unlink(ident, holder, key)
        node: NodeData | None = self.nodes.get(ident)
        if node is not None:
            node["kind"] = MISSING
            node["entity"] = None
            node.pop("location", None)
            self._rejudge(ident)
            self._forget_if_orphan(ident)

    def replace_entity(self, old: Entity | DecisionRecord, new: Entity | DecisionRecord) -> None:
        """Put *new* on the node of *old* (same id and kind), relinking its references."""
        data = self.nodes[new.id]
        for source, target, kind in out_links(old):
            self.unlink(source, target, kind)
        data["entity"] = new
        for source, target, kind in out_links(new):
            self.link(source, target, kind, _EDGE_DATA[kind])

    def link(self, source: str, target: str, key: object, data: dict[str, Any]) -> None:
        """Add the edge ``(source, target, key)``, making missing nodes for absent ends."""
        nodes = self.nodes
        # Both ends are usually there already: subscripting is the fast path.
        try:
            src: NodeData = nodes[source]
        except KeyError:
            src = self._ensure_node(source)
        try:
            dst: NodeData = nodes[target]
        except KeyError:
            dst = self._ensure_node(target)
        out = self.succ[source]
        if target in out:
            keys = out[target]
        else:
            keys = out[target] = {}
            self.pred[target][source] = keys
        keys[key] = data
        self._attach(source, target, key, src, dst)

    def unlink(self, source: str, target: str, key: object) -> None:
        """Remove the edge ``(source, target, key)``, and ends left missing and unreferenced."""
        keys = self.succ[source][target]
        del keys[key]
        if not keys:
            del self.succ[source][target]
            del self.pred[target][source]
        src: NodeData = self.nodes[source]
        if type(key) is str:
            self.suspects.pop((source, target, key), None)
            if key == "parent":
                src._parent = None
            elif key == "escalates_to":
                src._escalates_to = None
        elif type(key) is not Absence:
            if src._dri == key:
                if src._more:
                    src._dri, src._holder = src._more.pop(0)
                else:
                    src._dri = src._holder = None
            else:  # not the first record, so one of the others
                src._more = [pair for pair in src._more or () if pair[0] != key]
            if not src._more:
                src._more = None
        self._forget_if_orphan(source)
        self._forget_if_orphan(target)

    # --- internals -------------------------------------------------------------------------

    def _ensure_node(self, ident: str) -> NodeData:
        data: NodeData | None = self.nodes.get(ident)
        if data is None:
            data = self.nodes[ident] = NodeData(MISSING, None)
            self.succ[ident] = {}
            self.pred[ident] = {}
        return data

    def _attach(self, source: str, target: str, key: object, src: NodeData, dst: NodeData) -> None:
        """Record the new edge ``(source, target, key)`` in the links and the suspects."""
        if type(key) is str:
            if key == "parent":
                src._parent = dst
            elif key == "escalates_to":
                src._escalates_to = dst
            named = _NAMED_END.get(key)
            if named is not None and (dst if named[0] else src)["kind"] not in named[1]:
                self.suspects[source, target, key] = None
        elif type(key) is Absence:
            return  # absences are read by the queries that need them, not linked
        elif src._dri is None:
            src._dri, src._holder = key, dst  # type: ignore[assignment]  # a DRI edge's key
        elif src._more is None:
            src._more = [(key, dst)]  # type: ignore[list-item]
        else:
            src._more.append((key, dst))  # type: ignore[arg-type]

    def _judge(self, source: str, target: str, kind: str) -> None:
        """Put the reference edge ``(source, target, kind)`` in or out of the suspects."""
        named = _NAMED_END.get(kind)
        if named is None:
            return  # a decision record's reference: never a suspect
        named_is_target, allowed = named
        if self.nodes[target if named_is_target else source]["kind"] in allowed:
            self.suspects.pop((source, target, kind), None)
        else:
            self.suspects[source, target, kind] = None

    def _rejudge(self, ident: str) -> None:
        """*ident* changed kind: judge again every reference edge that touches it."""
        for target, keys in self.succ[ident].items():
            for key in keys:
                if type(key) is str:
                    self._judge(ident, target, key)
        for source, keys in self.pred[ident].items():
            for key in keys:
                if type(key) is str:
                    self._judge(source, ident, key)

    def _forget_if_orphan(self, ident: str) -> None:
        data = self.nodes.get(ident)
        if (
            data is not None
            and data["kind"] == MISSING
            and not self.succ[ident]
            and not self.pred[ident]
        ):
            del self.nodes[ident], self.succ[ident], self.pred[ident]


# Edge attribute dicts are never written to once made, so they can be shared: plain
# references share one dict per kind, and DRI assignments one per (start, end, acting). A
# million areas would otherwise pay for millions of identical dicts. The graph is frozen for
# users, and the docs ask them not to write to edge attributes.
_EDGE_DATA: dict[str, dict[str, Any]] = {
    kind: {"kind": kind} for kind in (*EDGE_KINDS, "concerns", *DECISION_FIELDS)
}
_DRI_DATA: dict[tuple[dt.date | None, dt.date | None, bool], dict[str, Any]] = {}
_DRI_DATA_LIMIT = 100_000


def dri_edge_data(dri: DRI) -> dict[str, Any]:
    """The (shared) attribute dict of a DRI assignment's edge."""
    key = (dri.start, dri.end, dri.acting)
    data = _DRI_DATA.get(key)
    if data is None:
        data = {"kind": "dri", "start": dri.start, "end": dri.end, "acting": dri.acting}
        if len(_DRI_DATA) < _DRI_DATA_LIMIT:
            _DRI_DATA[key] = data
    return data
