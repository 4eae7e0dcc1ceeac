"""CODEOWNERS: read a file into an org whose ``who_decides`` is GitHub's answer, and write it back.

This module owns three things. Parsing: every rule with its line, pattern and owners, and every
construct GitHub does not support reported at its line. GitHub's own matching, computed directly
from the rules (:class:`CodeownersMatcher`: the last matching rule wins; it is the oracle the
imported org is tested against). And the area tree: each rule becomes an area whose scope is the
exact translation of its pattern, nested so that the deepest matching area is always the rule
GitHub picks.

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
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import attrs

from distauth import scopes
from distauth._errors import DistauthError, InvalidTypeError, OrgFileError, ScopeError
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

__all__ = [
    "CodeownersError",
    "CodeownersMatcher",
    "CodeownersRule",
    "parse_codeowners",
    "read_codeowners",
    "to_scope",
    "write_codeowners",
]

#: GitHub ignores a CODEOWNERS file larger than this.
MAX_BYTES: Final = 3 * 1024 * 1024
#: Pattern comparisons allowed while nesting one file (seconds of work at most): files of
#: anchored rules need about one per rule; a hostile file of rules that all meet needs n².
NESTING_BUDGET = 400_000
#: What one rule costs against the budget besides its comparisons: a file of more than
#: NESTING_BUDGET / RULE_WORK rules (20,000) is refused before any work.
RULE_WORK: Final = 20

_USER: Final = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9_-])?")
_TEAM: Final = re.compile(r"@[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+")
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SECTION: Final = re.compile(r"(\^?)\[([^\]]*)\](?:\[(\d+)\])?(.*)")


class CodeownersError(DistauthError, ValueError):
    """An org cannot be written as a CODEOWNERS file (for example, it is over GitHub's limit)."""


@attrs.frozen
class CodeownersRule:
    """One rule of a CODEOWNERS file as written.

    Attributes:
        line: 1-based line number.
        written: the pattern as written (escapes kept).
        owners: the valid owners, as written.
        section: the GitLab section it belongs to (``None`` for GitHub files).
        optional: the GitLab section is optional (``^[Name]``).
        approvals: the GitLab section's approval count, when given.
    """

    line: int
    written: str
    owners: tuple[str, ...]
    section: str | None = None
    optional: bool = False
    approvals: int | None = None


# --- parsing --------------------------------------------------------------------------------------


def _split_pattern(body: str) -> tuple[str, str]:
    """Split a rule into its pattern token (a backslash escapes the next character) and the rest."""
    if "\\" not in body:
        parts = body.split(None, 1)
        return parts[0], parts[1] if len(parts) > 1 else ""
    i = 0
    while i < len(body) and not body[i].isspace():
        i += 2 if body[i] == "\\" else 1
    return body[:i], body[i:]


def _owner_kind(token: str) -> str | None:
    if _TEAM.fullmatch(token):
        return "team"
    if _USER.fullmatch(token):
        return "user"
    if _EMAIL.fullmatch(token):
        return "email"
    return None


def parse_codeowners(
    text: str, *, source: str = "CODEOWNERS", dialect: str = "github"
) -> tuple[list[CodeownersRule], list[ImportProblem]]:
    r"""Parse CODEOWNERS text into its rules, reporting what GitHub would not accept.

    Lines that GitHub skips (negation, character ranges, an escaped leading ``#``) are reported
    and left out; invalid owners are reported and left off their rule.

    Args:
        text: the file's content.
        source: the file name used in problem locations.
        dialect: ``"github"`` or ``"gitlab"`` (sections, optional sections, approval counts
            and default owners).

    Returns:
        The rules in file order and the problems.

    Example:
        >>> rules, problems = parse_codeowners("*.py @ana\n!x @bo\n")
        >>> [(r.line, r.written, r.owners) for r in rules]
        [(1, '*.py', ('@ana',))]
        >>> [str(p) for p in problems]
        ['CODEOWNERS:2: CO101 negation (!x) is not supported by CODEOWNERS; the rule is ignored']
    """
    if dialect not in ("github", "gitlab"):
        raise CodeownersError(f"dialect must be 'github' or 'gitlab', got {dialect!r}", dialect)
    rules: list[CodeownersRule] = []
    problems: list[ImportProblem] = []
    section: str | None = None
    optional = False
    approvals: int | None = None
    defaults: tuple[str, ...] = ()

    def problem(code: str, line: int, message: str) -> None:
        problems.append(ImportProblem(code, message, Location(file=source, line=line, column=1)))

    def owners_of(tokens: Iterable[str], line: int) -> tuple[str, ...]:
        found: list[str] = []
        for token in tokens:
            if token.startswith("#"):
                break  # the rest of the line is a comment
            if _owner_kind(token) is None:
                problem("CO104", line, f"{token!r} is not a user, team or email; it is ignored")
            else:
                found.append(token)
        return tuple(found)

    for number, raw in enumerate(text.splitlines(), 1):
        body = raw.strip()
        if not body or body.startswith("#"):
            continue
        if dialect == "gitlab" and body[0] in "[^":
            header = _SECTION.fullmatch(body)
            if header is not None and (body[0] == "[" or body.startswith("^[")):
                caret, name, count, rest = header.groups()
                section, optional = name.strip(), caret == "^"
                approvals = int(count) if count else None
                if not section:
                    problem("CO107", number, "a section needs a name; the header is ignored")
                    section = None
                defaults = owners_of(rest.split(), number)
                continue
        token, rest = _split_pattern(body)
        if token.startswith("!"):
            problem(
                "CO101",
                number,
                f"negation ({token}) is not supported by CODEOWNERS; the rule is ignored",
            )
            continue
        if token.startswith("\\#"):
            problem(
                "CO103",
                number,
                f"GitHub does not read {token!r} as an escaped '#'; the rule is ignored",
            )
            continue
        if "[" in _unescaped_specials(token):
            problem(
                "CO102",
                number,
                f"character ranges ({token}) are not supported by CODEOWNERS; the rule is ignored",
            )
            continue
        owners = owners_of(rest.split(), number)
        if not owners and dialect == "gitlab" and section is not None:
            owners = defaults
        rules.append(CodeownersRule(number, token, owners, section, optional, approvals))
    return rules, problems


def _unescaped_specials(token: str) -> str:
    """The characters of *token* that are not escaped by a backslash."""
    if "\\" not in token:
        return token
    return re.sub(r"\\.?", "", token, flags=re.DOTALL)


# --- GitHub's matching, computed directly from the rules ------------------------------------------


def _segment_regex(segment: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(segment):
        char = segment[i]
        if char == "\\" and i + 1 < len(segment):
            out.append(re.escape(segment[i + 1]))
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _shape(written: str) -> tuple[bool, bool, bool, list[str]]:
    """(anchored, directory only, direct children only, segments) of a written pattern."""
    anchored = "/" in written[:-1]
    directory = written.endswith("/") and not written.endswith("\\/")
    body = written[1:] if written.startswith("/") else written
    if directory:
        body = body[:-1]
    segments = body.split("/") if body else []
    direct = anchored and not directory and len(segments) > 0 and segments[-1] == "*"
    if written == "/*":
        direct = True
    return anchored, directory, direct, segments


def github_regex(written: str) -> re.Pattern[str]:
    """A regular expression for the paths GitHub matches with the pattern *written*.

    The rules, from GitHub's documentation of CODEOWNERS: a pattern with a ``/`` other than a
    trailing one is anchored at the root, otherwise it matches at any depth; a trailing ``/``
    matches a directory's contents; ``**`` as a whole segment matches any number of
    directories; ``*`` and ``?`` stay inside one segment; ``dir/*`` matches the directory's
    direct children only; any other pattern also matches everything below what it names.

    >>> bool(github_regex("docs/*").fullmatch("docs/a.md")), bool(
    ...     github_regex("docs/*").fullmatch("docs/a/b.md"))
    (True, False)
    """
    anchored, directory, direct, segments = _shape(written)
    parts: list[str] = [] if anchored else ["(?:.*/)?"]
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if segment == "**":
            parts.append(".*" if i == last else "(?:.*/)?")
            continue
        parts.append(_segment_regex(segment))
        if i < last:
            parts.append("/")
    if (segments and segments[-1] == "**") or direct:
        pass
    elif directory:
        parts.append("/.+")
    else:
        parts.append("(?:/.*)?")
    return re.compile("".join(parts), re.DOTALL)


class CodeownersMatcher:
    r"""GitHub's answer for a path, computed directly from the rules: the last match wins.

    This is the specification the imported org is held to; it shares no code with the scope
    language. Cost: one regular expression per rule, tried from the last rule up.

    >>> rules, _ = parse_codeowners("* @all\ndocs/* @docs\n")
    >>> m = CodeownersMatcher(rules)
    >>> m.rule_for("docs/a.md").owners, m.rule_for("docs/x/a.md").owners
    (('@docs',), ('@all',))
    """

    def __init__(self, rules: Sequence[CodeownersRule]) -> None:
        self.rules = tuple(rules)
        self._compiled = [(github_regex(r.written), r) for r in reversed(self.rules)]

    def rule_for(self, path: str) -> CodeownersRule | None:
        """The rule GitHub applies to *path*, or ``None`` when no rule matches."""
        for regex, rule in self._compiled:
            if regex.fullmatch(path):
                return rule
        return None


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
    anchored, directory, direct, segments = _shape(written)
    if not segments:
        return f"{namespace}:*"
    if directory and segments[-1] == "**":
        raise ScopeError(
            f"pattern {written!r}: GitHub does not document what a trailing '**/' means"
        )
    for segment in segments:
        if segment == "**":
            continue
        specials = _unescaped_specials(segment)
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
        kind = _owner_kind(handle)
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
        nesting.add(position, scopes.parse(scope), direct=_shape(rule.written)[2])
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


# --- writing --------------------------------------------------------------------------------------


def _written_pattern(scope: str, namespace: str) -> str | None:
    """The CODEOWNERS pattern for a scope, or ``None`` when CODEOWNERS cannot say it."""
    pattern = scopes.parse(scope)
    if pattern.namespace != namespace:
        return None
    segments = list(pattern.segments)
    if segments[-1] == "!**":
        # The exact form: only "dir/*/!**" (the direct children) has a CODEOWNERS spelling.
        if len(segments) < 2 or segments[-2] != "*" or "**" in segments:
            return None
        return ("/" + "/".join(segments[:-1])).replace(" ", "\\ ")
    text = "/".join(segments)
    if any(c in text for c in "[]\\") or text.startswith("#"):
        return None
    if segments[-1] == "*":
        segments[-1] = "**"
    if segments[0] == "**" and len(segments) == 2 and segments[1] != "**":
        written = segments[1]
    elif segments == ["**"]:
        written = "*"
    else:
        written = "/" + "/".join(segments)
    return written.replace(" ", "\\ ")


def _handle(entity: Person | Role) -> str | None:
    handles: tuple[str, ...] = getattr(entity, "handles", ())
    for handle in handles:
        if _owner_kind(handle) is not None:
            return handle
    if isinstance(entity, Person) and entity.email:
        return entity.email
    if _owner_kind(entity.name) is not None:
        return entity.name
    return None


def _owner_handles(org: Org, holder: str) -> list[str] | None:
    entity = org.entity(holder)
    own = _handle(entity) if isinstance(entity, Person | Role) else None
    if own is not None:
        return [own]
    if isinstance(entity, Role) and entity.holders:
        out: list[str] = []
        for member in entity.holders:
            if member not in org:
                return None
            found = _owner_handles(org, member) if member != holder else None
            if found is None:
                return None
            out += found
        return out
    return None


def _area_order(org: Org) -> list[Area]:
    """Areas with every parent before its children; siblings by source line, then id."""

    def key(area: Area) -> tuple[int, str]:
        where = org.location(area.id)
        return (where.line if where is not None else 0, area.id)

    children: dict[str | None, list[Area]] = {}
    for area in org.areas.values():
        parent = area.parent if area.parent in org.areas else None
        children.setdefault(parent, []).append(area)
    out: list[Area] = []
    ready = sorted(children.get(None, []), key=key)
    # Parents first, and among the areas whose parents are placed, the earliest source line:
    # an org read from CODEOWNERS comes back in its rule order.
    import heapq  # noqa: PLC0415 - only the writer needs it

    heap = [(key(a), a.id) for a in ready]
    heapq.heapify(heap)
    by_id = org.areas
    placed: set[str] = set()
    while heap:
        _k, ident = heapq.heappop(heap)
        if ident in placed:
            continue
        placed.add(ident)
        area = by_id[ident]
        out.append(area)
        for child in children.get(ident, []):
            heapq.heappush(heap, (key(child), child.id))
    return out


def write_codeowners(
    org: Org,
    *,
    namespace: str = "repo",
    dialect: str = "github",
    on: object = None,
) -> str:
    r"""Write the CODEOWNERS file whose matching gives every path the org's ``who_decides`` answer.

    Areas come out parents first (so that GitHub's last match is the deepest area), each scope
    in *namespace* as one rule, its DRI's handles as owners (a team's members, or the team's own
    handle). An area that nobody holds becomes an owner-less rule. What CODEOWNERS cannot say
    (a scope in another namespace, a DRI without a handle) is written as a comment.

    Args:
        org: the org.
        namespace: the scope namespace that holds repository paths.
        dialect: ``"github"`` or ``"gitlab"`` (the same rules; GitLab reads them too).
        on: the day whose DRIs are written (default: today).

    Returns:
        The file's text.

    Raises:
        CodeownersError: the file would be over GitHub's 3 MB limit.

    Example:
        >>> print(write_codeowners(read_codeowners("* @ana\n/docs/ @bo\n").org), end="")
        * @ana
        /docs/ @bo
    """
    import datetime as dt  # noqa: PLC0415

    if dialect not in ("github", "gitlab"):
        raise CodeownersError(f"dialect must be 'github' or 'gitlab', got {dialect!r}", dialect)
    day = on if isinstance(on, dt.date) else None
    lines: list[str] = []
    for area in _area_order(org):
        if not area.scopes:
            continue
        owners: list[str] = []
        note = ""
        if not getattr(area, "nobody", False):
            for dri in org.dris(area.id, day):
                found = _owner_handles(org, dri.holder) if dri.holder in org else None
                if found is None:
                    note = (
                        f"# area {area.id!r}: its DRI {dri.holder!r} has no GitHub handle or email"
                    )
                else:
                    owners += found
            if not org.dris(area.id, day) and not note:
                note = f"# area {area.id!r} has no DRI"
        if note:
            lines.append(note)
            continue
        owners = list(dict.fromkeys(owners))
        for scope in area.scopes:
            written = _written_pattern(scope, namespace)
            if written is None:
                lines.append(f"# area {area.id!r}: scope {scope!r} cannot be written in CODEOWNERS")
                continue
            if area.name and area.name != written:
                try:
                    if to_scope(area.name, namespace) == scope:
                        written = area.name
                except ScopeError:
                    pass
            lines.append(" ".join([written, *owners]))
    text = "\n".join(lines) + ("\n" if lines else "")
    size = len(text.encode())
    if size > MAX_BYTES:
        raise CodeownersError(
            f"the CODEOWNERS file would be {size:,} bytes; GitHub ignores files over "
            f"{MAX_BYTES:,} bytes",
            size,
        )
    return text
