"""CODEOWNERS as GitHub reads it: the rules of a file, and the rule GitHub applies to a path.

Parsing: every rule with its line, pattern and owners, and every construct GitHub does not
support (negation, character ranges, an escaped leading ``#``) reported at its line; GitLab's
sections, optional sections, approval counts and default owners. GitHub's own matching,
computed directly from the rules with one regular expression each (:class:`CodeownersMatcher`:
the last matching rule wins): the oracle the imported org is tested against, sharing no code
with the scope language.

Complexity: parsing is linear in the file; matching a path tries the rules from the last up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from distauth._errors import DistauthError
from distauth._model import Location
from distauth.interop._common import ImportProblem

__all__ = [
    "MAX_BYTES",
    "CodeownersError",
    "CodeownersMatcher",
    "CodeownersRule",
    "github_regex",
    "parse_codeowners",
]

#: GitHub ignores a CODEOWNERS file larger than this.
MAX_BYTES: Final = 3 * 1024 * 1024

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


def owner_kind(token: str) -> str | None:
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
            if owner_kind(token) is None:
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
        if "[" in unescaped_specials(token):
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


def unescaped_specials(token: str) -> str:
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


def shape(written: str) -> tuple[bool, bool, bool, list[str]]:
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
    anchored, directory, direct, segments = shape(written)
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
