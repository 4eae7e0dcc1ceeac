"""Handles: finding a person or role by a name it has elsewhere, and handles claimed twice.

A handle is a name an entity has in another system: a GitHub login ``@octocat``, a team
``@org/team``, an email address, a full name as written in ADRs. Handles compare
case-insensitively and ignore surrounding and repeated spaces (``@OctoCat`` is ``@octocat``);
a person's ``email`` counts as one of their handles. The index is built once per state of the
org (O(number of people and roles)) and answers each lookup in O(1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from distauth._errors import InvalidTypeError
from distauth._model import Person, Role

if TYPE_CHECKING:
    from distauth._graph import OrgGraph

__all__ = ["by_handle", "claims", "normalise"]


def normalise(text: str) -> str:
    """The form in which handles and names are compared: spaces collapsed, case folded.

    >>> normalise("  @OctoCat "), normalise("Ana  Ruiz")
    ('@octocat', 'ana ruiz')
    """
    return " ".join(text.split()).casefold()


class _Index:
    """Normalised handle (and name) -> the ids of the people and roles that claim it."""

    __slots__ = ("handles", "names", "spelled")

    def __init__(self, graph: OrgGraph) -> None:
        #: handle -> ids claiming it, in the org's order, each once.
        self.handles: dict[str, dict[str, None]] = {}
        #: handle -> (id, the handle as that entity spells it), for messages.
        self.spelled: dict[str, list[tuple[str, str]]] = {}
        self.names: dict[str, dict[str, None]] = {}
        for data in graph.nodes.values():
            entity = data["entity"]
            if not isinstance(entity, Person | Role):
                continue
            own = list(entity.handles)
            if isinstance(entity, Person) and entity.email is not None:
                own.append(entity.email)
            for handle in own:
                key = normalise(handle)
                claimed = self.handles.setdefault(key, {})
                if entity.id not in claimed:
                    claimed[entity.id] = None
                    self.spelled.setdefault(key, []).append((entity.id, handle))
            if entity.name.strip():
                self.names.setdefault(normalise(entity.name), {})[entity.id] = None


def _index(graph: OrgGraph) -> _Index:
    return graph.cached("handles", lambda: _Index(graph))


def by_handle(graph: OrgGraph, text: str) -> Person | Role | None:
    """The one person or role that *text* names (see :meth:`distauth.Org.by_handle`)."""
    if not isinstance(text, str):
        raise InvalidTypeError(f"a handle must be a str (got {text!r})", text)
    nodes = graph.nodes
    data = nodes.get(text)
    if data is not None and data["kind"] in ("person", "role"):
        found: Person | Role = data["entity"]
        return found
    key = normalise(text)
    if not key:
        return None
    index = _index(graph)
    for table in (index.handles, index.names):
        ids = table.get(key)
        if ids:
            if len(ids) > 1:
                return None  # claimed by several: never guess (DA204 reports handles)
            entity: Person | Role = nodes[next(iter(ids))]["entity"]
            return entity
    return None


def claims(graph: OrgGraph) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every handle claimed by more than one entity: ``(spelling, [(id, its spelling)])``.

    Sorted by the normalised handle; the spelling shown first is the first claimant's.
    """
    index = _index(graph)
    found = []
    for key in sorted(index.handles):
        if len(index.handles[key]) > 1:
            spellings = index.spelled[key]
            found.append((spellings[0][1], spellings))
    return found
