"""Prow OWNERS trees written from an org: the inverse of :func:`~distauth.interop.read_owners`.

The mapping, area by area:

* An area whose one scope in the namespace names a directory (``repo:docs``, or
  ``repo:docs/*``, everything below it; ``repo:*`` is the root) gets ``<directory>/OWNERS``.
* Its DRI's logins are the ``approvers``: a person's login handle (``@`` dropped), else their
  id; a team's listed holders, each as their own login; a team without listed members has no
  login Prow can use and is written as a comment. An area whose DRI is the one its parent
  directory's area has (an OWNERS file without approvers reads that way) writes none, so Prow
  falls back to the parent as the org does.
* An area that nobody holds writes ``options: {no_parent_owners: true}`` without approvers (Prow
  then finds no approver); the tag ``no-parent-owners`` writes the option beside approvers.
* Advisors are ``reviewers`` (``required_reviewers`` for those tagged
  ``required-reviewer:<login>``); ``emeritus:<login>`` tags are ``emeritus_approvers``; every
  other tag is a label.
* An area below a directory area whose scopes are not a directory is a **filter** of that
  directory's file: a regular expression, searched in the path relative to the directory, that
  finds exactly the paths its scopes denote. The expression it was read from is kept when it
  still translates to the same scopes. When a file has filters, its own keys go under the
  filter ``.*`` (Prow ignores filters beside top-level keys).

What OWNERS cannot say (a scope in another namespace or outside its directory area, a team
without members) is written as a YAML comment in the nearest file, never dropped silently.
Prow falls back along directories and the org along parent links, so the files say what the org
says when its area tree follows the directories, as an imported tree does.

Complexity: one pass over the areas, plus the depth of each area's chain up to its directory.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

import yaml

from distauth import scopes
from distauth._errors import InvalidTypeError, ScopeError
from distauth._model import Area, Person, Role
from distauth._org import Org
from distauth.interop._owners import regex_to_scopes

__all__ = ["scope_to_regex", "write_owners"]

_LOGIN: Final = re.compile(r"@?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)")
_EMERITUS: Final = "emeritus:"
_REQUIRED: Final = "required-reviewer:"
_NO_PARENT: Final = "no-parent-owners"


def _directory_of(scope: str, namespace: str) -> str | None:
    """The directory a scope names (``""`` for the root), or ``None`` when it names none."""
    pattern = scopes.parse(scope)
    if pattern.namespace != namespace or pattern.exact:
        return None
    segments = list(pattern.segments)
    if segments and segments[-1] in ("*", "**"):
        segments.pop()
    if any(("*" in s or "?" in s) for s in segments):
        return None
    return "/".join(segments)


def _segment_regex(segment: str) -> str:
    return "".join(
        "[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char) for char in segment
    )


def scope_to_regex(scope: str, directory: str, namespace: str = "repo") -> str | None:
    r"""A regular expression finding, in paths relative to *directory*, exactly the scope's paths.

    Returns ``None`` when the scope is in another namespace or not below *directory*.

    >>> scope_to_regex("repo:docs/**/*.md", "docs")
    '^(?:[^/]+/)*[^/]*\\.md(?:/.*)?$'
    >>> scope_to_regex("repo:docs/api/*/!**", "docs")
    '^api/[^/]*$'
    >>> scope_to_regex("repo:src/x", "docs") is None
    True
    """
    pattern = scopes.parse(scope)
    if pattern.namespace != namespace:
        return None
    segments = list(pattern.segments)
    exact = pattern.exact
    if exact:
        segments.pop()
        # "Exactly what a/** matches" is a and everything below: the normal pattern a.
        exact = segments[-1] != "**"
    base = directory.split("/") if directory else []
    if segments[: len(base)] != base or len(segments) == len(base):
        return None
    rest = segments[len(base) :]
    while rest and rest[-1] == "**" and not exact:
        rest.pop()  # a normal pattern holds everything below anyway
    if not rest:
        return ".*"
    parts: list[str] = []
    for position, segment in enumerate(rest):
        last = position == len(rest) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:[^/]+/)*")
        else:
            parts.append(_segment_regex(segment) + ("" if last else "/"))
    return "^" + "".join(parts) + ("$" if exact else "(?:/.*)?$")


def _login(entity: Person | Role) -> str | None:
    for handle in getattr(entity, "handles", ()):
        found = _LOGIN.fullmatch(handle)
        if found is not None:
            return found.group(1)
    if isinstance(entity, Person):
        return entity.id
    return None


class _Writer:
    def __init__(self, org: Org, namespace: str, day: dt.date | None) -> None:
        self.org = org
        self.namespace = namespace
        self.day = day
        self.directory: dict[str, str] = {}  # area id -> its directory
        self.files: dict[str, dict[str, Any]] = {}  # directory -> file content
        self.comments: dict[str, list[str]] = {}  # directory -> comment lines
        self.filters: dict[str, list[Area]] = {}  # directory -> its filter areas, in order

    def approvers(self, area: Area, where: str) -> list[str]:
        logins: dict[str, None] = {}
        for dri in self.org.dris(area.id, self.day):
            holder = self.org.entity(dri.holder) if dri.holder in self.org else None
            members: list[Any] = [holder]
            if isinstance(holder, Role) and holder.holders:
                members = [self.org.entity(h) if h in self.org else None for h in holder.holders]
            for member in members:
                login = _login(member) if isinstance(member, Person | Role) else None
                if login is None:
                    name = getattr(member, "id", dri.holder)
                    self.comment(where, f"area {area.id!r}: {name!r} has no login Prow can name")
                else:
                    logins[login] = None
        return list(logins)

    def comment(self, directory: str, text: str) -> None:
        self.comments.setdefault(directory, []).append(text)

    def keys(self, area: Area, approvers: list[str]) -> dict[str, Any]:
        """The OWNERS keys of one area (top level or a filter's), in Prow's order."""
        tags = sorted(area.tags)  # a set: sorted, so that the files are the same every time
        required = [t.removeprefix(_REQUIRED) for t in tags if t.startswith(_REQUIRED)]
        reviewers: list[str] = []
        for ident in area.advisors:
            entity = self.org.entity(ident) if ident in self.org else None
            login = _login(entity) if isinstance(entity, Person | Role) else None
            if login is not None and login.lower() not in {r.lower() for r in required}:
                reviewers.append(login)
        out: dict[str, Any] = {}
        for key, values in (
            ("approvers", approvers),
            ("reviewers", reviewers),
            ("required_reviewers", required),
            ("labels", [t for t in tags if not _special_tag(t)]),
            (
                "emeritus_approvers",
                [t.removeprefix(_EMERITUS) for t in tags if t.startswith(_EMERITUS)],
            ),
        ):
            if values:
                out[key] = list(dict.fromkeys(values))
        return out

    def inherits(self, area: Area) -> bool:
        """True when the area's DRI is its parent area's, as an OWNERS file without approvers."""
        mine = {d.holder for d in self.org.dris(area.id, self.day)}
        parent = area.parent
        if not mine or parent is None or parent not in self.org.areas:
            return False
        return mine == {d.holder for d in self.org.dris(parent, self.day)}

    def owning_directory(self, area: Area) -> str | None:
        """The directory of the nearest ancestor with one (at most one step per area)."""
        seen: set[str] = set()
        parent = area.parent
        while parent is not None and parent in self.org.areas and parent not in seen:
            if parent in self.directory:
                return self.directory[parent]
            seen.add(parent)
            parent = self.org.areas[parent].parent
        return None

    def run(self) -> dict[str, str]:
        order = _parents_first(self.org)
        for area in order:
            own = [s for s in area.scopes if _directory_of(s, self.namespace) is not None]
            if len(own) == 1 and len(area.scopes) == 1:
                directory = _directory_of(own[0], self.namespace)
                assert directory is not None
                if directory in self.files:
                    self.comment(
                        directory, f"area {area.id!r} names this directory again; left out"
                    )
                    continue
                self.directory[area.id] = directory
                self.files[directory] = {"area": area}
        for area in order:
            if area.id in self.directory:
                continue
            home = self.owning_directory(area)
            if home is None:
                if area.scopes:
                    self.comment("", f"area {area.id!r} is below no directory area; left out")
                continue
            self.filters.setdefault(home, []).append(area)
        return {(f"{d}/OWNERS" if d else "OWNERS"): self.text(d) for d in sorted(self.files)} | {
            (f"{d}/OWNERS" if d else "OWNERS"): self.text(d)
            for d in sorted(self.comments)
            if d not in self.files
        }

    def text(self, directory: str) -> str:
        content: dict[str, Any] = {}
        entry = self.files.get(directory)
        if entry is not None:
            area: Area = entry["area"]
            # An area nobody holds still decides through a DRI in effect (see Area.nobody).
            has_dri = bool(self.org.dris(area.id, self.day))
            approvers = (
                self.approvers(area, directory) if has_dri and not self.inherits(area) else []
            )
            top = self.keys(area, approvers)
            filters: dict[str, Any] = {}
            for child in self.filters.get(directory, []):
                regex = self.regex(child, directory)
                if regex is None:
                    continue
                own = [] if self.inherits(child) else self.approvers(child, directory)
                keys = self.keys(child, [a for a in own if a not in approvers])
                if regex in filters or regex == ".*":
                    self.comment(directory, f"area {child.id!r}: filter {regex!r} repeats one")
                    continue
                filters[regex] = keys
            if filters:
                content["filters"] = {".*": top, **filters} if top else filters
            else:
                content.update(top)
            if _NO_PARENT in area.tags or (area.nobody and not has_dri):
                content["options"] = {"no_parent_owners": True}
        body = yaml.safe_dump(content, sort_keys=False, default_flow_style=False) if content else ""
        notes = "".join(f"# {line}\n" for line in self.comments.get(directory, []))
        return notes + body

    def regex(self, area: Area, directory: str) -> str | None:
        """The filter expression for an area below a directory, or ``None`` (a comment)."""
        prefix = f"{directory}/OWNERS filter " if directory else "OWNERS filter "
        if area.name.startswith(prefix):
            written = area.name[len(prefix) :]
            try:
                if regex_to_scopes(written, directory, self.namespace) == tuple(area.scopes):
                    return written
            except ScopeError:
                pass
        found = [scope_to_regex(s, directory, self.namespace) for s in area.scopes]
        if not found or any(r is None for r in found):
            self.comment(
                directory,
                f"area {area.id!r}: scopes {list(area.scopes)} are not all below {directory!r} "
                f"in {self.namespace!r}; left out",
            )
            return None
        return "|".join(f"(?:{r})" for r in found if r is not None) if len(found) > 1 else found[0]


def _special_tag(tag: str) -> bool:
    return tag.startswith((_EMERITUS, _REQUIRED)) or tag == _NO_PARENT


def _parents_first(org: Org) -> list[Area]:
    """Areas with every parent before its children (siblings by id), without recursion."""
    children: dict[str | None, list[Area]] = {}
    for area in org.areas.values():
        parent = area.parent if area.parent in org.areas else None
        children.setdefault(parent, []).append(area)
    out: list[Area] = []
    placed: set[str] = set()
    stack = sorted(children.get(None, []), key=lambda a: a.id, reverse=True)
    while stack:
        area = stack.pop()
        if area.id in placed:
            continue
        placed.add(area.id)
        out.append(area)
        stack.extend(sorted(children.get(area.id, []), key=lambda a: a.id, reverse=True))
    # Areas on a parent cycle are reached from no root: they come last, by id.
    out += sorted((a for a in org.areas.values() if a.id not in placed), key=lambda a: a.id)
    return out


def write_owners(org: Org, *, namespace: str = "repo", on: dt.date | None = None) -> dict[str, str]:
    r"""Write the Prow OWNERS files that say what the org says, one per directory area.

    Args:
        org: the org.
        namespace: the scope namespace that holds repository paths.
        on: the day whose DRIs are written (default: today).

    Returns:
        Each OWNERS file's path relative to the repository root, mapped to its text.

    Raises:
        InvalidTypeError: *org* is not an Org.

    Example:
        >>> from distauth.interop import read_owners
        >>> org = read_owners({
        ...     "OWNERS": "approvers: [ana]\nlabels: [sig/x]",
        ...     "docs/OWNERS": "reviewers: [bo]",
        ... }).org
        >>> files = write_owners(org)
        >>> print(files["OWNERS"], end="")
        approvers:
        - ana
        labels:
        - sig/x
        >>> print(files["docs/OWNERS"], end="")
        reviewers:
        - bo
    """
    if not isinstance(org, Org):
        raise InvalidTypeError(f"org must be an Org (got {type(org).__name__})", org)
    return _Writer(org, namespace, on).run()
