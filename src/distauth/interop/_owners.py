"""Prow OWNERS trees: read them into an org whose deciders are Prow's leaf approvers.

This module owns the reading of Kubernetes-style ``OWNERS`` files (and ``OWNERS_ALIASES``),
Prow's own answer computed directly from them (:class:`ProwOwners`, the oracle the imported org
is tested against), and the translation into areas.

Prow's rule for a file: walk up from the file's directory; at each directory with an OWNERS
file, collect the approvers of every entry that applies (the top-level approvers, and each
filter whose regular expression is found in the path relative to that directory; ``.*`` is the
same as top level); stop at the first directory that gives any, at the root, or after a
directory whose OWNERS says ``no_parent_owners``. Logins are case-insensitive and aliases expand
to their members.

The mapping: every directory with an OWNERS file is an area (scope: the directory) nested under
the area of the nearest directory above with one. Its approvers are a collective role, its DRI;
an OWNERS file without approvers takes the DRI Prow would fall back to (the same role), or says
that nobody decides when ``no_parent_owners`` stops the walk first. A filter becomes a child
area whose scopes denote exactly the paths its expression finds, where scopes can say that.

Complexity: linear in the size of the files, plus one exact overlap test per filter and child
directory of the same OWNERS file.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

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
    model_has_nobody,
)

__all__ = ["OwnersFile", "ProwOwners", "read_owners", "regex_to_scopes"]

_LIST_KEYS: Final = (
    "approvers",
    "reviewers",
    "required_reviewers",
    "labels",
    "emeritus_approvers",
)


def _norm(login: str) -> str:
    return login.strip().lower().removeprefix("@")


@attrs.frozen
class Entry:
    """One set of keys of an OWNERS file: the top level, or one filter."""

    regex: str | None  # None: applies to every path (top level, or the filter ".*")
    line: int
    lists: Mapping[str, tuple[tuple[str, int], ...]]  # key -> (value as written, line)

    def names(self, key: str) -> tuple[str, ...]:
        return tuple(value for value, _line in self.lists.get(key, ()))


@attrs.frozen
class OwnersFile:
    """One parsed OWNERS file.

    Attributes:
        path: its path relative to the repository root (``OWNERS``, ``docs/OWNERS``).
        directory: the directory it governs (``""`` for the root).
        entries: the top-level entry (when it has any key) and the filters, in file order.
        no_parent_owners: ``options: no_parent_owners: true``.
    """

    path: str
    directory: str
    entries: tuple[Entry, ...]
    no_parent_owners: bool


# --- parsing --------------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[ImportProblem] = []

    def add(self, code: str, file: str, line: int, message: str) -> None:
        self.items.append(ImportProblem(code, message, Location(file=file, line=line, column=1)))


def _compose(text: str, file: str, problems: _Problems) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.add("OW101", file, line, f"not valid YAML ({exc}); the file is ignored")
    except RecursionError:
        problems.add("OW101", file, 1, "nested too deeply to read; the file is ignored")
    return None


def _string_list(
    node: yaml.Node, file: str, key: str, problems: _Problems
) -> list[tuple[str, int]]:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.add("OW102", file, line, f"{key} must be a list of names; it is ignored")
        return []
    out: list[tuple[str, int]] = []
    for item in node.value:
        if isinstance(item, yaml.ScalarNode) and item.value.strip():
            out.append((item.value.strip(), item.start_mark.line + 1))
        else:
            problems.add(
                "OW102", file, item.start_mark.line + 1, f"an entry of {key} is not a name"
            )
    return out


def _entry(
    node: yaml.MappingNode, regex: str | None, file: str, problems: _Problems
) -> Entry | None:
    lists: dict[str, tuple[tuple[str, int], ...]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in _LIST_KEYS:
            lists[key] = tuple(_string_list(value_node, file, key, problems))
    if not any(lists.values()):
        return None
    return Entry(regex, node.start_mark.line + 1, lists)


def parse_owners_file(path: str, text: str, problems: _Problems) -> OwnersFile | None:
    """Parse one OWNERS file as Prow reads it, or report why not (``None``)."""
    directory = posixpath.dirname(path)
    root = _compose(text, path, problems)
    if root is None:
        if not problems.items or problems.items[-1].location.file != path:
            return OwnersFile(path, directory, (), False)  # an empty file
        return None
    if not isinstance(root, yaml.MappingNode):
        problems.add("OW101", path, root.start_mark.line + 1, "not a mapping; the file is ignored")
        return None
    top = _entry(root, None, path, problems)
    filters: list[Entry] = []
    no_parent = False
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        line = key_node.start_mark.line + 1
        if key == "options":
            if isinstance(value_node, yaml.MappingNode):
                for option, value in value_node.value:
                    if getattr(option, "value", None) == "no_parent_owners":
                        no_parent = getattr(value, "value", "") in ("true", "True", "yes")
            else:
                problems.add("OW102", path, line, "options must be a mapping; it is ignored")
        elif key == "filters":
            if not isinstance(value_node, yaml.MappingNode):
                problems.add("OW102", path, line, "filters must be a mapping; it is ignored")
                continue
            for regex_node, body in value_node.value:
                regex = getattr(regex_node, "value", None)
                where = regex_node.start_mark.line + 1
                if not isinstance(regex, str) or not isinstance(body, yaml.MappingNode):
                    problems.add("OW102", path, where, "a filter must map a regex to keys")
                    continue
                try:
                    re.compile(regex)
                except (re.error, RecursionError, OverflowError) as exc:
                    problems.add("OW103", path, where, f"filter {regex!r} is no regex ({exc})")
                    continue
                found = _entry(body, None if regex == ".*" else regex, path, problems)
                if found is not None:
                    filters.append(attrs.evolve(found, line=where))
        elif key not in (*_LIST_KEYS, None):
            problems.add("OW102", path, line, f"unknown key {key!r} is ignored")
    if top is not None and filters:
        # Prow reads the filters only when the top level is empty.
        problems.add("OW104", path, filters[0].line, "Prow ignores filters beside top-level keys")
        filters = []
    entries = ((top,) if top is not None else ()) + tuple(filters)
    return OwnersFile(path, directory, entries, no_parent)


def parse_aliases(text: str, file: str, problems: _Problems) -> dict[str, tuple[str, ...]]:
    """Read OWNERS_ALIASES: alias name (lowercase) to its members (normalised logins)."""
    root = _compose(text, file, problems)
    out: dict[str, tuple[str, ...]] = {}
    if root is None:
        return out
    aliases = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "aliases":
                aliases = value
    if not isinstance(aliases, yaml.MappingNode):
        problems.add("OW105", file, 1, "no 'aliases' mapping; no alias is expanded")
        return out
    for key, value in aliases.value:
        name = getattr(key, "value", None)
        if not isinstance(name, str):
            continue
        members = _string_list(value, file, f"alias {name!r}", problems)
        out[_norm(name)] = tuple(dict.fromkeys(_norm(m) for m, _line in members))
    return out


# --- Prow's answer, computed directly -------------------------------------------------------------


class ProwOwners:
    """Prow's leaf approvers for a path, computed directly from the OWNERS files.

    >>> prow = ProwOwners({"OWNERS": "approvers: [Ana]", "a/OWNERS": "labels: [x]"})
    >>> sorted(prow.leaf_approvers("a/b/c.go"))
    ['ana']
    """

    def __init__(
        self, files: Mapping[str, str], aliases: str | None = None, *, problems: Any = None
    ) -> None:
        sink = problems if problems is not None else _Problems()
        self.aliases = parse_aliases(aliases, "OWNERS_ALIASES", sink) if aliases else {}
        self.files: dict[str, OwnersFile] = {}
        for path in sorted(files):
            parsed = parse_owners_file(path, files[path], sink)
            if parsed is not None:
                self.files[parsed.directory] = parsed
        self._compiled: dict[str, re.Pattern[str]] = {}

    def expand(self, logins: Iterable[str]) -> tuple[str, ...]:
        """Logins normalised, aliases replaced by their members, in first-seen order."""
        out: dict[str, None] = {}
        for login in logins:
            name = _norm(login)
            for member in self.aliases.get(name, (name,)):
                out[member] = None
        return tuple(out)

    def _applies(self, entry: Entry, relative: str) -> bool:
        if entry.regex is None:
            return True
        compiled = self._compiled.get(entry.regex)
        if compiled is None:
            compiled = self._compiled[entry.regex] = re.compile(entry.regex)
        return compiled.search(relative) is not None

    def leaf_approvers(self, path: str) -> frozenset[str]:
        """The approvers of the nearest OWNERS file whose approvers apply to *path*."""
        directory = posixpath.dirname(path)
        while True:
            found: set[str] = set()
            owners = self.files.get(directory)
            if owners is not None:
                relative = posixpath.relpath(path, directory) if directory else path
                for entry in owners.entries:
                    if entry.names("approvers") and self._applies(entry, relative):
                        found.update(self.expand(entry.names("approvers")))
            if found:
                return frozenset(found)
            if not directory or (owners is not None and owners.no_parent_owners):
                return frozenset()
            directory = posixpath.dirname(directory)


# --- translating filters --------------------------------------------------------------------------

_ESCAPED: Final = re.compile(r"\\(.)")
_META: Final = frozenset(".^$*+?{}[]\\|()")


def _literal(text: str) -> str | None:
    """The literal a regex piece stands for, or ``None`` when it has any operator."""
    plain = _ESCAPED.sub("", text)
    if any(c in _META for c in plain):
        return None
    out = _ESCAPED.sub(lambda m: m.group(1) if not m.group(1).isalnum() else "\0", text)
    return None if "\0" in out else out


def _top_level_split(regex: str) -> list[str]:
    """Split on the ``|`` outside parentheses (escapes respected)."""
    parts, depth, current, i = [], 0, [], 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            current.append(regex[i : i + 2])
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def _branch(branch: str, regex: str) -> list[tuple[bool, str]] | None:
    """``(anchored, literal)`` for each string one branch stands for; ``None`` if everything."""
    body = branch
    while body.startswith(".*"):
        body = body[2:]
        if body.startswith("^"):
            raise ScopeError(f"filter {regex!r}: '^' after '.*' is not supported")
    anchored = body.startswith("^") and branch.startswith("^")
    body = body.removeprefix("^")
    while body.endswith(".*") and not body.endswith("\\.*"):
        body = body[:-2]
    if not body:
        return None
    group = re.fullmatch(r"([^()]*)\((?:\?:)?([^()]*)\)([^()]*)", body)
    if group is not None:
        pre, middle, post = group.groups()
        pieces = [f"{pre}{choice}{post}" for choice in middle.split("|")]
    elif "(" in body or ")" in body:
        raise ScopeError(f"filter {regex!r}: only one group of alternatives translates")
    else:
        pieces = [body]
    out = []
    for piece in pieces:
        literal = _literal(piece)
        if not literal:
            raise ScopeError(
                f"filter {regex!r}: only literals (with '\\' escapes), one group of "
                "alternatives, '^' and leading or trailing '.*' translate"
            )
        out.append((anchored, literal))
    return out


def regex_to_scopes(regex: str, directory: str, namespace: str = "repo") -> tuple[str, ...]:
    r"""The scopes denoting exactly the paths below *directory* in which Prow finds *regex*.

    Supported: literals (``\.`` escapes), alternatives (``a|b``, one group ``x(a|b)y``), ``^``
    and a leading or trailing ``.*``. A ``$`` is not: a scope also holds everything below a path.

    Raises:
        ScopeError: the expression has no exact translation.

    >>> regex_to_scopes(r"(config|plugins)\.yaml", "config/prow")
    ('repo:config/prow/**/*config.yaml*', 'repo:config/prow/**/*plugins.yaml*')
    >>> regex_to_scopes("^sig-contribex-", "jobs")
    ('repo:jobs/sig-contribex-*',)
    """
    base = [directory] if directory else []
    everything = (f"{namespace}:{directory}" if directory else f"{namespace}:*",)
    out: list[str] = []
    for branch in _top_level_split(regex):
        found = _branch(branch, regex)
        if found is None:
            return everything
        for anchored, literal in found:
            if any(c in literal for c in "*?:\\") or "//" in literal:
                raise ScopeError(f"filter {regex!r}: {literal!r} cannot be part of a scope")
            parts = literal.split("/")
            if anchored:
                parts[-1] += "*"
                segments = [*base, *parts]
            else:
                parts[0] = "*" + parts[0]
                parts[-1] += "*"
                segments = [*base, "**", *parts]
            out.append(scopes.check_pattern(f"{namespace}:{'/'.join(segments)}"))
    return tuple(dict.fromkeys(out))


# --- building the org -----------------------------------------------------------------------------


def read_owners(
    files: Mapping[str, str],
    *,
    aliases: str | None = None,
    namespace: str = "repo",
) -> Imported:
    r"""Read a Prow OWNERS tree into an org whose deciders are Prow's leaf approvers.

    Args:
        files: each OWNERS file's path relative to the repository root, mapped to its text.
        aliases: the text of OWNERS_ALIASES, if any.
        namespace: the scope namespace of the repository's paths.

    Returns:
        The org and the import problems.

    Raises:
        InvalidTypeError: *files* is not a mapping of str to str.

    Example:
        >>> imported = read_owners({
        ...     "OWNERS": "approvers: [ana]",
        ...     "docs/OWNERS": "reviewers: [bo]",
        ...     "secret/OWNERS": "options: {no_parent_owners: true}\napprovers: [cy]",
        ... })
        >>> org = imported.org
        >>> [p.id for p in org.who_decides("repo:secret/k").deciders]
        ['cy']
        >>> [p.id for p in org.who_decides("repo:docs/a.md").deciders]
        ['ana']
        >>> org.areas["docs"].parent, org.areas["docs"].advisors
        ('root', ('bo',))
    """
    if not isinstance(files, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        raise InvalidTypeError("files must map OWNERS paths (str) to their text (str)", files)
    if aliases is not None and not isinstance(aliases, str):
        raise InvalidTypeError("aliases must be the text of OWNERS_ALIASES (str)", aliases)
    problems = _Problems()
    prow = ProwOwners(files, aliases, problems=problems)
    return _Builder(prow, namespace, problems).build()


class _Builder:
    def __init__(self, prow: ProwOwners, namespace: str, problems: _Problems) -> None:
        self.prow = prow
        self.namespace = namespace
        self.problems = problems
        self.ids = IdMaker()
        self.people: dict[str, Person] = {}
        self.where: list[tuple[str, Location]] = []
        self.items: list[Area | Role | DRI] = []
        self.area_of: dict[str, str] = {}  # directory -> area id
        self.role_of: dict[str, str | None] = {}  # directory -> DRI id (None: nobody)
        self.parents: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = {}
        for directory in prow.files:
            if directory:
                parent = self.parent_dir(directory)
                self.parents[directory] = parent
                self.children.setdefault(parent or "", []).append(directory)

    def person(self, login: str, file: str, line: int) -> str:
        name = _norm(login)
        ident = self.ids.take("person", name)
        if ident not in self.people:
            self.people[ident] = make_person(ident, [login.strip().removeprefix("@")])
            self.where.append((ident, Location(file=file, line=line, column=1)))
        return ident

    def people_of(self, values: Iterable[tuple[str, int]], file: str) -> list[str]:
        out: dict[str, None] = {}
        for value, line in values:
            for member in self.prow.expand([value]):
                out[self.person(member, file, line)] = None
        return list(out)

    def parent_dir(self, directory: str) -> str | None:
        if directory in self.parents:
            return self.parents[directory]
        current = directory
        while current:
            current = posixpath.dirname(current)
            if current in self.prow.files:
                return current
        return None

    def inherited(self, directory: str) -> str | None:
        """The DRI of a directory without approvers: the one Prow falls back to, or nobody."""
        owners = self.prow.files[directory]
        if owners.no_parent_owners:
            return None
        parent = self.parent_dir(directory)
        return self.role_of.get(parent) if parent is not None else None

    def build(self) -> Imported:
        nobody_ok = model_has_nobody()
        for directory in sorted(self.prow.files, key=lambda d: (d.count("/") if d else -1, d)):
            owners = self.prow.files[directory]
            self.one_file(owners, nobody_ok)
        org = Org()
        org.add(*self.people.values(), *self.items)
        located(org, self.where)
        problems = sorted(
            self.problems.items, key=lambda p: (p.location.file or "", p.location.line, p.code)
        )
        return Imported(org, tuple(problems))

    def one_file(self, owners: OwnersFile, nobody_ok: bool) -> None:
        directory, file = owners.directory, owners.path
        ident = self.ids.take("area", directory or "root")
        self.area_of[directory] = ident
        parent_dir = self.parent_dir(directory) if directory else None
        parent = self.area_of.get(parent_dir) if parent_dir is not None else None
        top = next((e for e in owners.entries if e.regex is None), None)
        approvers = self.people_of(top.lists.get("approvers", ()), file) if top else []
        if top is not None:
            # Filters on ".*" are top level too; Prow merges them.
            for entry in owners.entries:
                if entry.regex is None and entry is not top:
                    approvers += [
                        p
                        for p in self.people_of(entry.lists.get("approvers", ()), file)
                        if p not in approvers
                    ]
        if approvers:
            role = self.ids.take("role", f"approvers {directory or 'root'}")
            line = top.lists["approvers"][0][1] if top and top.lists.get("approvers") else 1
            self.items.append(
                make_role(role, holders=approvers, area=ident, name=f"approvers of {file}")
            )
            self.where.append((role, Location(file=file, line=max(line - 1, 1), column=1)))
            dri: str | None = role
        else:
            dri = self.inherited(directory)
        self.role_of[directory] = dri
        advisors: dict[str, None] = {}
        tags: dict[str, None] = {}
        for entry in owners.entries:
            if entry.regex is not None:
                continue
            for key in ("reviewers", "required_reviewers"):
                advisors.update(dict.fromkeys(self.people_of(entry.lists.get(key, ()), file)))
            for label, _line in entry.lists.get("labels", ()):
                tags[label] = None
            for login, line in entry.lists.get("emeritus_approvers", ()):
                tags[f"emeritus:{_norm(login)}"] = None
                self.person(login, file, line)
            for login, _line in entry.lists.get("required_reviewers", ()):
                tags[f"required-reviewer:{_norm(login)}"] = None
        if owners.no_parent_owners:
            tags["no-parent-owners"] = None
        scope = f"{self.namespace}:{directory}" if directory else f"{self.namespace}:*"
        nobody = dri is None
        if nobody and not nobody_ok:
            self.problems.add(
                "OW106", file, 1, "nobody approves here, and this version cannot say so: DA101"
            )
        self.items.append(
            make_area(
                ident,
                nobody=nobody and nobody_ok,
                name=file,
                parent=parent,
                scopes=(scope,),
                advisors=tuple(a for a in advisors if a not in (dri,)),
                tags=tuple(tags),
            )
        )
        self.where.append((ident, Location(file=file, line=1, column=1)))
        if dri is not None:
            self.items.append(DRI(ident, dri))
        self.filters(owners, ident, approvers, dri)

    def filters(self, owners: OwnersFile, area: str, approvers: list[str], dri: str | None) -> None:
        """Each filter that is not ".*" becomes a child area with the paths it finds."""
        file, directory = owners.path, owners.directory
        previous = area
        children = self.children.get(directory, [])
        for entry in owners.entries:
            if entry.regex is None:
                continue
            try:
                found = regex_to_scopes(entry.regex, directory, self.namespace)
            except ScopeError as exc:
                self.problems.add("OW103", file, entry.line, f"{exc}; the filter is left out")
                continue
            own = self.people_of(entry.lists.get("approvers", ()), file)
            ident = self.ids.take("area", f"{directory or 'root'} filter {entry.line}")
            holder = dri
            if own:
                holder = self.ids.take("role", f"approvers {ident}")
                members = list(dict.fromkeys([*approvers, *own]))
                self.items.append(make_role(holder, holders=members, area=ident))
                self.where.append((holder, Location(file=file, line=entry.line, column=1)))
                overlapping = [
                    d
                    for d in children
                    if any(scopes.overlaps(s, f"{self.namespace}:{d}") for s in found)
                ]
                if overlapping:
                    self.problems.add(
                        "OW107",
                        file,
                        entry.line,
                        f"filter {entry.regex!r} has approvers and reaches "
                        f"{', '.join(overlapping)}, which have their own OWNERS: the nested "
                        "files decide there, as in Prow, but a nested file without approvers "
                        "falls back to this file's top level only",
                    )
            tags = [label for label, _l in entry.lists.get("labels", ())]
            tags += [
                f"required-reviewer:{_norm(x)}"
                for x, _l in entry.lists.get("required_reviewers", ())
            ]
            advisors = self.people_of(
                [*entry.lists.get("reviewers", ()), *entry.lists.get("required_reviewers", ())],
                file,
            )
            self.items.append(
                make_area(
                    ident,
                    nobody=holder is None and model_has_nobody(),
                    name=f"{file} filter {entry.regex}",
                    parent=previous,
                    scopes=found,
                    advisors=tuple(a for a in dict.fromkeys(advisors) if a != holder),
                    tags=tags,
                )
            )
            self.where.append((ident, Location(file=file, line=entry.line, column=1)))
            if holder is not None:
                self.items.append(DRI(ident, holder))
            # Filters of one file form a chain, so that paths several of them find are on one
            # ancestor chain; nested OWNERS directories go below the last.
            previous = ident
        self.area_of[directory] = previous if previous != area else area
        if previous != area:
            # Children must lie below the filters so that they stay the deepest match.
            self.area_of[directory] = previous
