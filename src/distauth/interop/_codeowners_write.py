"""CODEOWNERS written from an org, so that GitHub's last match is the org's ``who_decides``.

Areas come out parents first (among areas whose parents are written, by source line, so an org
read from CODEOWNERS comes back in its rule order), each scope in the namespace as one rule,
its DRI's handles as owners. What CODEOWNERS cannot say is written as a comment.

Complexity: O(areas log areas) for the order, then linear in the rules written.
"""

from __future__ import annotations

import datetime as dt
import heapq

from distauth import scopes
from distauth._errors import ScopeError
from distauth._model import Area, Person, Role
from distauth._org import Org
from distauth.interop._codeowners import to_scope
from distauth.interop._codeowners_syntax import MAX_BYTES, CodeownersError, owner_kind

__all__ = ["write_codeowners"]


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
        if owner_kind(handle) is not None:
            return handle
    if isinstance(entity, Person) and entity.email:
        return entity.email
    if owner_kind(entity.name) is not None:
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
        >>> from distauth.interop import read_codeowners
        >>> print(write_codeowners(read_codeowners("* @ana\n/docs/ @bo\n").org), end="")
        * @ana
        /docs/ @bo
    """
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
