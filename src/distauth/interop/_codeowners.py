"""CODEOWNERS read into an org whose ``who_decides`` is GitHub's answer for every path.

Parsing and GitHub's own matching (the oracle) live in :mod:`._codeowners_syntax`, writing in
:mod:`._codeowners_write`. This module owns the translation of each pattern into the scope that
denotes exactly its paths, and the area tree: each rule becomes an area with that scope,
nested so that the deepest matching area is always the rule GitHub picks.

The nesting argument. ``who_decides`` picks the deepest matching area and calls matches that are
not on one ancestor chain ambiguous. So the tree must put every rule below every *earlier* rule
whose path set meets its own: then the rules matching any one path lie on one chain, ordered by
line, and the deepest is the last, which is GitHub's. Rules whose sets are disjoint never match
the same path, so where they sit relative to each other does not matter; the builder is free to
stack them when a later rule meets both. It keeps, for every rule, its parent as the nearest
earlier rule it must lie below, and when a new rule must lie below two rules that are on
different branches, it merges the two root paths into one, ordered by line. A merge only adds
ancestors, never removes one, so every earlier guarantee survives. A rule that a later rule
covers can never win: it is dropped and reported at its line (CO106).

Complexity: parsing and translation are linear in the file. Nesting compares each rule with the
earlier rules that can meet it: those whose literal leading directories are a prefix of its own
or extend it (an index on those prefixes finds them), so a file of path-specific rules costs
about *n* comparisons, and a file of *n* rules that all meet each other costs n²/2; each merge
walks two root paths, at most *n* steps each, without recursion.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Final

from distauth import scopes
from distauth._errors import InvalidTypeError, OrgFileError, ScopeError
from distauth._model import DRI, Area, Location, Person, Role
from distauth._org import Org
from distauth.interop._codeowners_syntax import (
    MAX_BYTES,
    CodeownersError,
    CodeownersMatcher,
    CodeownersRule,
    github_regex,
    owner_kind,
    parse_codeowners,
    shape,
    unescaped_specials,
)
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

__all__ = [
    "CodeownersError",
    "CodeownersMatcher",
    "CodeownersRule",
    "github_regex",
    "parse_codeowners",
    "read_codeowners",
    "to_scope",
]

#: Pattern comparisons allowed while nesting one file (seconds of work at most): files of
#: anchored rules need about one per rule; a hostile file of rules that all meet needs n².
NESTING_BUDGET = 400_000
#: What one rule costs against the budget besides its comparisons: a file of more than
#: NESTING_BUDGET / RULE_WORK rules (20,000) is refused before any work.
RULE_WORK: Final = 20

# --- translation to scopes ------------------------------------------------------------------------


def _supports_question_mark() -> bool:
    try:
        return scopes.matches("a?", "ab") and not scopes.matches("a?", "a?x")
    except ScopeError:  # pragma: no cover - depends on the scope language's version
        return False


def _supports_exact_form() -> bool:
    try:
        scopes.check_pattern("x/*/!**")
    except ScopeError:
        return False
    return True


def _direct_children_scope(namespace: str, segments: list[str]) -> str | None:
    """The scope for "direct children of *segments* only" (the exact form ``dir/*/!**``)."""
    if not _supports_exact_form():
        return None
    return f"{namespace}:{'/'.join([*segments, '*', '!**'])}"


_STARS: Final = re.compile(r"\*+")


def to_scope(written: str, namespace: str = "repo") -> str:
    """Translate a CODEOWNERS pattern into the scope that denotes exactly the same paths.

    Raises:
        ScopeError: the pattern has no exact translation (the message says why).

    >>> to_scope("*.py"), to_scope("/docs/"), to_scope("packages/camera/**")
    ('repo:**/*.py', 'repo:docs/*', 'repo:packages/camera/*')
    """
    anchored, directory, direct, segments = shape(written)
    if not segments:
        return f"{namespace}:*"
    if directory and segments[-1] == "**":
        raise ScopeError(
            f"pattern {written!r}: GitHub does not document what a trailing '**/' means"
        )
    for segment in segments:
        if segment == "**":
            continue
        specials = unescaped_specials(segment)
        if "?" in specials and not _supports_question_mark():
            raise ScopeError(f"pattern {written!r}: '?' has no scope equivalent yet")
        if ("*" in segment and segment.count("*") != specials.count("*")) or (
            "?" in segment and segment.count("?") != specials.count("?")
        ):
            raise ScopeError(f"pattern {written!r}: a literal '*' or '?' cannot be a scope")
    plain = [_STARS.sub("*", s.replace("\\", "")) if s != "**" else s for s in segments]
    if direct:
        scope = _direct_children_scope(namespace, plain[:-1])
        if scope is None:
            raise ScopeError(
                f"pattern {written!r}: 'direct children only' has no scope equivalent yet"
            )
        return scopes.check_pattern(scope)
    if not anchored:
        plain.insert(0, "**")
    collapsed: list[str] = []
    for segment in plain:
        if segment == "**" and collapsed and collapsed[-1] == "**":
            continue
        collapsed.append(segment)
    if collapsed == ["**", "*"]:
        collapsed = ["*"]  # every path: the same set, and cheaper to look up
    if collapsed[-1] == "**":
        # "Everything inside": the strict descendants, which '*' denotes (scopes are closed
        # under extension), or everything at all for a bare '**'.
        collapsed[-1] = "*"
    if directory:
        collapsed.append("*")
    return scopes.check_pattern(f"{namespace}:{'/'.join(collapsed)}")


# --- the area tree --------------------------------------------------------------------------------


def _literal_prefix(pattern: scopes.Pattern) -> tuple[str, ...]:
    prefix: list[str] = []
    for segment in pattern.segments:
        if "*" in segment or "?" in segment:
            break
        prefix.append(segment)
    return tuple(prefix)


def _example(pattern: scopes.Pattern, direct: bool) -> str:
    """A resource the pattern matches: its segments with ``**`` left out and ``x`` for wildcards."""
    if direct:
        found = scopes.overlap_example(pattern, pattern)
        assert found is not None  # every pattern matches something
        return found
    segments = [s.replace("*", "x").replace("?", "x") for s in pattern.segments if s != "**"]
    path = "/".join(segments) or "x"
    return f"{pattern.namespace}:{path}" if pattern.namespace else path


class _TooComplex(Exception):  # noqa: N818 - internal signal, never escapes the module
    """The nesting needed more comparisons than the budget allows."""


class _Nesting:
    """Parent links over rule positions such that every rule lies below every earlier rule it meets.

    Positions increase down every root path (a parent always comes earlier in the file).
    """

    def __init__(self, budget: int | None = None) -> None:
        self.parent: dict[int, int | None] = {}
        self.dropped: dict[int, int] = {}
        self._by_prefix: dict[tuple[str, ...], dict[int, None]] = {}
        self._longer: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        self._patterns: dict[int, scopes.Pattern] = {}
        self._prefixes: dict[int, tuple[str, ...]] = {}
        self._direct: set[int] = set()
        self.full: dict[int, int] = {}
        #: Comparisons made, against a budget that keeps hostile files from running for hours.
        self.work = 0
        self.budget = NESTING_BUDGET if budget is None else budget
        self._examples: dict[int, str] = {}

    def _candidates(self, prefix: tuple[str, ...]) -> Iterator[int]:
        for size in range(len(prefix) + 1):
            yield from self._by_prefix.get(prefix[:size], ())
        stack = list(self._longer.get(prefix, ()))
        while stack:
            longer = stack.pop()
            yield from self._by_prefix.get(longer, ())
            stack.extend(self._longer.get(longer, ()))

    def _register(self, position: int, prefix: tuple[str, ...]) -> None:
        self._by_prefix.setdefault(prefix, {})[position] = None
        for size in range(len(prefix)):
            shorter, longer = prefix[:size], prefix[: size + 1]
            self._longer.setdefault(shorter, set()).add(longer)

    def _is_ancestor(self, upper: int, lower: int) -> bool:
        node: int | None = self.parent[lower]
        while node is not None and node > upper:
            node = self.parent[node]
        return node == upper

    def _root_path(self, node: int | None) -> list[int]:
        path: list[int] = []
        while node is not None:
            path.append(node)
            node = self.parent[node]
        return path

    def _merge(self, first: int, second: int) -> None:
        """Put the root paths of *first* and *second* on one path, ordered by position."""
        merged = sorted(set(self._root_path(first)) | set(self._root_path(second)), reverse=True)
        for lower, upper in itertools.pairwise(merged):
            self.parent[lower] = upper
        self.parent[merged[-1]] = None

    def _meets(self, earlier: int, pattern: scopes.Pattern, direct: bool) -> bool:
        self.work += 1
        if self.work > self.budget:
            raise _TooComplex(self.work)
        other = self._patterns[earlier]
        # Scopes are closed under extension: a pattern that may start at any depth meets every
        # other such pattern (append a matching segment to any path of the other one).
        if (
            not direct
            and earlier not in self._direct
            and (pattern.segments[0] == "**" or other.segments[0] == "**")
        ):
            return True
        return scopes.overlaps(other, pattern)

    def add(self, position: int, pattern: scopes.Pattern, *, direct: bool = False) -> None:
        self.work += RULE_WORK
        prefix = _literal_prefix(pattern)
        met = sorted(
            {p for p in self._candidates(prefix) if self._meets(p, pattern, direct)},
            reverse=True,
        )
        size = len(prefix)
        for earlier in met:
            # Only a rule whose literal head extends this one's can lie inside it, and only if
            # it matches that rule's example path; the exact test runs on the few left.
            if self._prefixes[earlier][:size] != prefix:
                continue
            self.work += 1
            if not scopes.matches(pattern, self._examples[earlier]):
                continue
            self.work += 10
            if scopes.covers(pattern, self._patterns[earlier]):
                self._drop(earlier, position)
        met = [p for p in met if p not in self.dropped]
        self.parent[position] = met[0] if met else None
        # Walk up the new rule's root path once; every rule it meets must be on it. A node's
        # `full` mark says that every kept rule up to that position is its ancestor, which
        # ends the walk early below a rule that met everything before it (such as `*.md`).
        node = self.parent[position]
        for earlier in met[1:]:
            while node is not None and node > earlier and self.full[node] < earlier:
                node = self.parent[node]
                self.work += 1
            if node is not None and (node == earlier or self.full[node] >= earlier):
                continue
            self._merge(earlier, position)
            node = earlier
        parent = self.parent[position]
        kept = len(self._patterns) - len(self.dropped)
        self.full[position] = (
            position if len(met) == kept else (self.full[parent] if parent is not None else -1)
        )
        self._patterns[position] = pattern
        self._prefixes[position] = prefix
        self._examples[position] = _example(pattern, direct)
        if direct:
            self._direct.add(position)
        self._register(position, prefix)

    def _drop(self, position: int, by: int) -> None:
        self.dropped[position] = by
        self.work += len(self.parent)
        del self._by_prefix[self._prefixes[position]][position]
        up = self.parent.pop(position)
        for node, parent in self.parent.items():
            if parent == position:
                self.parent[node] = up


# --- building the org -----------------------------------------------------------------------------


class _People:
    """Owners as people, teams and collectives, with ids derived from their handles."""

    def __init__(self, ids: IdMaker, source: str) -> None:
        self.ids = ids
        self.source = source
        self.entities: dict[str, Person | Role] = {}
        self.where: dict[str, Location] = {}

    def owner(self, handle: str, line: int) -> str:
        kind = owner_kind(handle)
        key = handle.casefold()
        ident = self.ids.take("owner", handle.lstrip("@"), key=key)
        if ident not in self.entities:
            if kind == "team":
                self.entities[ident] = make_role(ident, handles=[handle])
            elif kind == "email":
                self.entities[ident] = make_person(ident, [handle], email=handle)
            else:
                self.entities[ident] = make_person(ident, [handle])
            self.where[ident] = Location(file=self.source, line=line, column=1)
        return ident

    def holder(self, owners: tuple[str, ...], line: int) -> str:
        members = list(dict.fromkeys(self.owner(o, line) for o in owners))
        if len(members) == 1:
            return members[0]
        key = " ".join(sorted(members))
        ident = self.ids.take("collective", "owners " + key, key=key)
        if ident not in self.entities:
            self.entities[ident] = make_role(ident, holders=members, handles=())
            self.where[ident] = Location(file=self.source, line=line, column=1)
        return ident


def read_codeowners(
    text: str, *, source: str = "CODEOWNERS", namespace: str = "repo", dialect: str = "github"
) -> Imported:
    r"""Read a CODEOWNERS file into an org whose ``who_decides`` gives GitHub's answer.

    Each rule becomes an area (named by its pattern, located at its line) whose scope denotes
    exactly the paths the pattern matches, in *namespace*; a later rule that GitHub prefers is
    nested below every earlier rule it meets. Owners become people (``@user``, email), teams
    (``@org/team``, a role without listed members) and, for several owners, a collective role.
    An owner-less rule becomes an area that nobody holds.

    Args:
        text: the file's content.
        source: the file name for locations.
        namespace: the scope namespace of the paths.
        dialect: ``"github"`` or ``"gitlab"``.

    Returns:
        The org and the import problems.

    Example:
        >>> result = read_codeowners("* @ana\n/docs/ @bo @cy\n")
        >>> result.org.who_decides("repo:src/a.py").dri.id
        'ana'
        >>> decision = result.org.who_decides("repo:docs/x.md")
        >>> decision.area.name, result.org.location(decision.area.id).line
        ('/docs/', 2)
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"text must be a str (got {type(text).__name__})", text)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        where = Location(file=source, line=1, column=1)
        message = f"{size:,} bytes: GitHub ignores a CODEOWNERS file over {MAX_BYTES:,} bytes"
        return Imported(Org(), (ImportProblem("CO110", message, where),))
    rules, problems = parse_codeowners(text, source=source, dialect=dialect)
    try:
        if dialect == "gitlab":
            return _read_gitlab(rules, problems, source, namespace)
        org, more = _build(rules, source, namespace)
    except _TooComplex as exc:
        raise OrgFileError(
            f"{source}: {len(rules):,} rules are too many to order, or meet each other too "
            f"often (over {exc.args[0]:,} units of work, the limit is {NESTING_BUDGET:,}); "
            "split the file or anchor its patterns",
            (),
        ) from None
    return Imported(org, _sorted(problems + more))


def _sorted(problems: list[ImportProblem]) -> tuple[ImportProblem, ...]:
    return tuple(sorted(problems, key=lambda p: (p.location.file or "", p.location.line, p.code)))


def _build(
    rules: Sequence[CodeownersRule],
    source: str,
    namespace: str,
    *,
    ids: IdMaker | None = None,
    org: Org | None = None,
    top: str | None = None,
) -> tuple[Org, list[ImportProblem]]:
    ids = ids or IdMaker()
    org = org if org is not None else Org()
    problems: list[ImportProblem] = []
    nesting = _Nesting()
    if len(rules) * RULE_WORK > nesting.budget:
        raise _TooComplex(len(rules) * RULE_WORK)
    kept: dict[int, tuple[CodeownersRule, str]] = {}
    for position, rule in enumerate(rules):
        try:
            scope = to_scope(rule.written, namespace)
        except ScopeError as exc:
            problems.append(
                ImportProblem(
                    "CO105",
                    f"{exc}; the rule is left out, so paths it decides on GitHub are decided "
                    "by an earlier rule here",
                    Location(file=source, line=rule.line, column=1),
                )
            )
            continue
        nesting.add(position, scopes.parse(scope), direct=shape(rule.written)[2])
        kept[position] = (rule, scope)
    for position, by in sorted(nesting.dropped.items()):
        rule = rules[position]
        problems.append(
            ImportProblem(
                "CO106",
                f"rule {rule.written!r} can never apply: the later rule "
                f"{rules[by].written!r} on line {rules[by].line} matches every path it does; "
                "it is left out",
                Location(file=source, line=rule.line, column=1),
            )
        )
    people = _People(ids, source)
    area_ids: dict[int, str] = {}
    for position in sorted(nesting.parent):
        rule, _scope = kept[position]
        area_ids[position] = ids.take("area", rule.written, key=f"{rule.written} {rule.line}")
    items: list[Area | Person | Role | DRI] = []
    where: list[tuple[str, Location]] = []
    nobody_supported = model_has_nobody()
    for position in sorted(nesting.parent):
        rule, scope = kept[position]
        ident = area_ids[position]
        parent_position = nesting.parent[position]
        parent = area_ids[parent_position] if parent_position is not None else top
        nobody = not rule.owners
        if nobody and not nobody_supported:
            problems.append(
                ImportProblem(
                    "CO109",
                    f"rule {rule.written!r} has no owners, and this version cannot say that "
                    "nobody holds an area: its DRI falls back to an enclosing rule's",
                    Location(file=source, line=rule.line, column=1),
                )
            )
        items.append(
            make_area(
                ident,
                nobody=nobody and nobody_supported,
                name=rule.written,
                parent=parent,
                scopes=(scope,),
            )
        )
        where.append((ident, Location(file=source, line=rule.line, column=1)))
        if rule.owners:
            items.append(DRI(ident, people.holder(rule.owners, rule.line)))
    org.add(*people.entities.values(), *items)
    located(org, list(people.where.items()) + where)
    return org, problems


def _read_gitlab(
    rules: list[CodeownersRule], problems: list[ImportProblem], source: str, namespace: str
) -> Imported:
    """GitLab: each section is its own last-match-wins list, and every section must approve."""
    org = Org()
    ids = IdMaker()
    sections: dict[str | None, list[CodeownersRule]] = {}
    for rule in rules:
        sections.setdefault(rule.section, []).append(rule)
    if len(sections) == 1:
        built, found = _build(rules, source, namespace, ids=ids, org=org)
        return Imported(built, _sorted(problems + found))
    more: list[ImportProblem] = []
    for name, members in sections.items():
        top = ids.take("section", f"section {name or 'default'}")
        first = members[0]
        tags = ["optional"] if first.optional else []
        if first.approvals is not None:
            tags.append(f"approvals:{first.approvals}")
        org.add(Area(top, name=f"[{name}]" if name else "(no section)", tags=tags))
        org.set_location(top, Location(file=source, line=max(first.line - 1, 1), column=1))
        _org, found = _build(members, source, namespace, ids=ids, org=org, top=top)
        more += found
    names = [n for n in sections if n is not None]
    if len(names) > 1:
        more.append(
            ImportProblem(
                "CO108",
                f"{len(names)} sections ({', '.join(map(repr, names))}): GitLab asks every "
                "section that matches a path for approval, which one DRI per path cannot say; "
                "paths matched in several sections are ambiguous here (DA301)",
                Location(file=source, line=1, column=1),
            )
        )
    return Imported(org, _sorted(problems + more))
