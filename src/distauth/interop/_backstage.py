"""Backstage catalogs: Groups become the area tree, owned entities its scopes.

This module owns reading Backstage catalog YAML (several documents per file) and resolving its
entity references the way the catalog does: ``[kind:][namespace/]name``, where a missing kind
is the field's default (``Group`` for ``owner``, ``parent``, ``children`` and ``memberOf``,
``User`` for ``members``, ``System`` for ``system``, ``Domain`` for ``domain`` and
``subdomainOf``, ``Component`` for ``subcomponentOf``) and a missing namespace is the
referring entity's own (``default`` unless it says otherwise). Kinds compare
case-insensitively.

The mapping: each Group is an area under its ``spec.parent``; its members (``spec.members`` and
every User whose ``spec.memberOf`` names it) hold a collective role, the area's DRI; every owned
entity (Component, System, API, Resource, Domain) is the scope
``<namespace>:<kind>/<entity namespace>/<name>`` of its owner's area. An entity a User owns
goes to an area for that user, below the user's first group. References that resolve to
nothing, and ``children`` lists that disagree with the children's ``parent``, are import
problems at the file and line of the reference.

Complexity: linear in the number of entities and references.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

import attrs
import yaml

from distauth import scopes
from distauth._errors import InvalidTypeError, ScopeError
from distauth._model import DRI, Area, Location, Person, Role
from distauth._org import Org
from distauth.interop._common import (
    IdMaker,
    Imported,
    ImportProblem,
    located,
    make_area,
    make_person,
    make_role,
)

__all__ = ["EntityRef", "parse_ref", "read_backstage"]

OWNED_KINDS: Final = frozenset({"component", "system", "api", "resource", "domain"})
_REF: Final = re.compile(r"(?:([^:/]+):)?(?:([^:/]+)/)?([^:/]+)")


@attrs.frozen(order=True)
class EntityRef:
    """A resolved entity reference: kind (lowercase), namespace and name.

    >>> str(EntityRef("group", "default", "team-a"))
    'group:default/team-a'
    """

    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"


def parse_ref(text: str, *, default_kind: str | None, default_namespace: str) -> EntityRef | None:
    """Resolve ``[kind:][namespace/]name`` with the field's defaults; ``None`` if malformed.

    >>> parse_ref("team-a", default_kind="group", default_namespace="default")
    EntityRef(kind='group', namespace='default', name='team-a')
    >>> parse_ref("User:dev/guest", default_kind="group", default_namespace="default")
    EntityRef(kind='user', namespace='dev', name='guest')
    """
    match = _REF.fullmatch(text.strip())
    if match is None:
        return None
    kind, namespace, name = match.groups()
    kind = (kind or default_kind or "").lower()
    if not kind:
        return None
    return EntityRef(kind, namespace or default_namespace, name)


@attrs.frozen
class _Entity:
    ref: EntityRef
    file: str
    line: int
    spec: yaml.MappingNode | None
    metadata: Mapping[str, str]


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and node.value else None


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found: yaml.Node = value
            return found
    return None


def _refs(node: yaml.Node | None) -> list[tuple[str, int]]:
    """The references in a field: one scalar or a list of them, with their lines."""
    if isinstance(node, yaml.ScalarNode) and node.value:
        return [(node.value, node.start_mark.line + 1)]
    if isinstance(node, yaml.SequenceNode):
        return [
            (item.value, item.start_mark.line + 1)
            for item in node.value
            if isinstance(item, yaml.ScalarNode) and item.value
        ]
    return []


class _Reader:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.entities: dict[EntityRef, _Entity] = {}
        self.problems: list[ImportProblem] = []

    def problem(self, code: str, file: str, line: int, message: str) -> None:
        self.problems.append(ImportProblem(code, message, Location(file=file, line=line, column=1)))

    def read_file(self, file: str, text: str) -> None:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            documents = list(yaml.compose_all(text, Loader=loader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            self.problem("BS101", file, line, f"not valid YAML ({exc}); the file is ignored")
            return
        except RecursionError:
            self.problem("BS101", file, 1, "nested too deeply to read; the file is ignored")
            return
        for document in documents:
            self.read_document(file, document)

    def read_document(self, file: str, document: yaml.Node | None) -> None:
        if document is None:
            return
        line = document.start_mark.line + 1
        kind = _scalar(_get(document, "kind"))
        metadata = _get(document, "metadata")
        name = _scalar(_get(metadata, "name"))
        if kind is None or name is None:
            self.problem("BS102", file, line, "an entity needs kind and metadata.name; skipped")
            return
        namespace = _scalar(_get(metadata, "namespace")) or "default"
        ref = EntityRef(kind.lower(), namespace, name)
        if ref in self.entities:
            first = self.entities[ref]
            self.problem(
                "BS103", file, line, f"{ref} is defined again (first at {first.file}:{first.line})"
            )
            return
        spec = _get(document, "spec")
        info = {
            key: value
            for key in ("title", "description")
            if (value := _scalar(_get(metadata, key))) is not None
        }
        profile = _get(spec, "profile")
        for key in ("displayName", "email"):
            value = _scalar(_get(profile, key))
            if value is not None:
                info[key] = value
        self.entities[ref] = _Entity(
            ref, file, line, spec if isinstance(spec, yaml.MappingNode) else None, info
        )

    def resolve(
        self, entity: _Entity, field: str, default_kind: str | None, wanted: frozenset[str]
    ) -> list[tuple[EntityRef, int]]:
        """The references of one field that resolve; the others are reported."""
        out = []
        for text, line in _refs(_get(entity.spec, field)):
            ref = parse_ref(text, default_kind=default_kind, default_namespace=entity.ref.namespace)
            if ref is None or ref not in self.entities or ref.kind not in wanted:
                what = f"{ref}" if ref is not None else "a malformed reference"
                self.problem(
                    "BS104",
                    entity.file,
                    line,
                    f"{entity.ref} spec.{field} {text!r} resolves to {what}, which is not in "
                    "the catalog",
                )
                continue
            out.append((ref, line))
        return out


def read_backstage(documents: Mapping[str, str], *, namespace: str = "catalog") -> Imported:
    """Read a Backstage catalog into an org: Groups are areas, owned entities their scopes.

    Args:
        documents: each catalog file's name mapped to its YAML text (several documents each).
        namespace: the scope namespace for catalog entities.

    Returns:
        The org and the import problems.

    Raises:
        InvalidTypeError: *documents* is not a mapping of str to str.

    Example:
        >>> imported = read_backstage({"org.yaml": '''
        ... kind: Group
        ... metadata: {name: web}
        ... spec: {type: team, children: []}
        ... ---
        ... kind: User
        ... metadata: {name: ana}
        ... spec: {memberOf: [web]}
        ... ---
        ... kind: Component
        ... metadata: {name: shop}
        ... spec: {owner: web}
        ... '''})
        >>> decision = imported.org.who_decides("catalog:component/default/shop")
        >>> decision.area.id, [who.id for who in decision.deciders]
        ('web', ['ana'])
    """
    if not isinstance(documents, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in documents.items()
    ):
        raise InvalidTypeError("documents must map file names (str) to YAML text (str)", documents)
    reader = _Reader(namespace)
    for file in sorted(documents):
        reader.read_file(file, documents[file])
    org = _build(reader)
    problems = sorted(
        reader.problems, key=lambda p: (p.location.file or "", p.location.line, p.code)
    )
    return Imported(org, tuple(problems))


def _scopes_of(reader: _Reader, refs: Iterable[EntityRef]) -> list[str]:
    out: list[str] = []
    for ref in refs:
        scope = f"{reader.namespace}:{ref.kind}/{ref.namespace}/{ref.name}"
        try:
            scopes.check_pattern(scope)
        except ScopeError as exc:
            entity = reader.entities[ref]
            reader.problem("BS106", entity.file, entity.line, f"{exc}; the entity is left out")
            continue
        out.append(scope)
    return list(dict.fromkeys(out))


def _build(reader: _Reader) -> Org:
    ids = IdMaker()
    entities = reader.entities

    def ident(ref: EntityRef) -> str:
        name = ref.name if ref.namespace == "default" else f"{ref.namespace}-{ref.name}"
        return ids.take(ref.kind if ref.kind != "user" else "user", name, key=str(ref))

    groups = sorted(r for r in entities if r.kind == "group")
    users = sorted(r for r in entities if r.kind == "user")
    group_kind = frozenset({"group"})
    parent_of: dict[EntityRef, EntityRef] = {}
    members: dict[EntityRef, dict[EntityRef, None]] = {g: {} for g in groups}
    first_group: dict[EntityRef, EntityRef] = {}
    for group in groups:
        entity = entities[group]
        found = reader.resolve(entity, "parent", "group", group_kind)
        if found:
            parent_of[group] = found[0][0]
        for user, _line in reader.resolve(entity, "members", "user", frozenset({"user"})):
            members[group][user] = None
    for user in users:
        for group, _line in reader.resolve(entities[user], "memberOf", "group", group_kind):
            members[group][user] = None
            first_group.setdefault(user, group)
    # children lists must agree with the children's parent fields
    for group in groups:
        entity = entities[group]
        listed = reader.resolve(entity, "children", "group", group_kind)
        listed_refs = {ref for ref, _line in listed}
        for child, line in listed:
            if parent_of.get(child) != group:
                reader.problem(
                    "BS105",
                    entity.file,
                    line,
                    f"{group} lists {child} as a child, but {child}'s spec.parent is "
                    f"{parent_of.get(child) or 'not set'}",
                )
        for child in groups:
            if parent_of.get(child) == group and child not in listed_refs:
                other = entities[child]
                line = next((ln for _t, ln in _refs(_get(other.spec, "parent"))), other.line)
                reader.problem(
                    "BS105",
                    other.file,
                    line,
                    f"{child} says spec.parent {group}, but {group}'s spec.children does not "
                    "list it",
                )
    # other references: reported when they resolve to nothing
    checks = {
        "system": ("system", frozenset({"system"})),
        "domain": ("domain", frozenset({"domain"})),
        "subdomainOf": ("domain", frozenset({"domain"})),
        "subcomponentOf": ("component", frozenset({"component"})),
    }
    owned: dict[EntityRef, list[EntityRef]] = {}
    for ref in sorted(entities):
        entity = entities[ref]
        if ref.kind in OWNED_KINDS:
            found = reader.resolve(entity, "owner", "group", frozenset({"group", "user"}))
            if found:
                owned.setdefault(found[0][0], []).append(ref)
        for field, (kind, wanted) in checks.items():
            reader.resolve(entity, field, kind, wanted)

    people: list[Person] = []
    where: list[tuple[str, Location]] = []
    for user in users:
        entity = entities[user]
        email = entity.metadata.get("email")
        person = make_person(
            ident(user),
            [str(user)],
            name=entity.metadata.get("displayName", ""),
            email=email if email and email.count("@") == 1 and " " not in email else None,
        )
        people.append(person)
        where.append((person.id, Location(file=entity.file, line=entity.line, column=1)))
    items: list[Area | Role | DRI] = []
    for group in groups:
        entity = entities[group]
        area_id = ident(group)
        scope_list = _scopes_of(reader, owned.get(group, ()))
        parent = parent_of.get(group)
        items.append(
            Area(
                area_id,
                name=entity.metadata.get("displayName", entity.metadata.get("title", group.name)),
                purpose=entity.metadata.get("description", ""),
                parent=ident(parent) if parent is not None else None,
                scopes=scope_list,
            )
        )
        where.append((area_id, Location(file=entity.file, line=entity.line, column=1)))
        role_id = ids.take("role", f"{area_id} members", key=f"members {group}")
        items.append(
            make_role(
                role_id,
                holders=[ident(u) for u in members[group]],
                handles=[str(group)],
                name=f"members of {group}",
                area=area_id,
            )
        )
        where.append((role_id, Location(file=entity.file, line=entity.line, column=1)))
        items.append(DRI(area_id, role_id))
    for user in users:
        if user not in owned:
            continue
        entity = entities[user]
        area_id = ids.take("area", f"owned by {ident(user)}", key=f"owned {user}")
        home = first_group.get(user)
        items.append(
            make_area(
                area_id,
                name=f"owned by {user}",
                parent=ident(home) if home is not None else None,
                scopes=_scopes_of(reader, owned[user]),
            )
        )
        where.append((area_id, Location(file=entity.file, line=entity.line, column=1)))
        items.append(DRI(area_id, ident(user)))
    org = Org()
    org.add(*people, *items)
    located(org, where)
    return org
