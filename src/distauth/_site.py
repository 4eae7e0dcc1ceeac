r"""The published map: one self-contained HTML page that answers "who decides this?".

:func:`site` turns an org into a single ``index.html`` that anyone can open in a browser, with
no server and no network: the area tree, a people index, the findings of :func:`validate`, and
a search box that answers :meth:`Org.who_decides` in the page, with shareable links
(``#who=<resource>``, ``#area=<id>``, ``#person=<id>``).

The split between Python and the page is what keeps the page's answers exact. Everything that
does not depend on the resource typed is computed here, with the library's own code, on the
chosen date: for each scoped area, the answer :meth:`Org.who_decides` gives when that area
wins (its deciders, whether they come from a fallback, and from which area); each area's
parent as it resolves (unknown and wrong-kind parents resolve to nothing); escalation steps;
and each pattern compiled into segment kinds (literal, glob pieces, ``**``) by
:mod:`distauth.scopes` itself. The page's script (``_site_assets/site.js``) only matches the
typed resource against those compiled patterns and picks the deepest matching area the way
:mod:`distauth._queries` does, walking parent links with the same stop on a loop. Dates, roles,
vacancies and fallbacks never reach it.

The org's data travels as JSON in a ``<script type="application/json">`` block with every
``<``, ``>`` and ``&`` written as a ``\u`` escape, so no name can close the block; the script
puts it on the page with ``textContent`` only. The page's Content-Security-Policy allows
exactly the page's own script and style (by SHA-256 hash) and nothing else: no other script,
style, image, font, frame or connection, from anywhere.

Building costs O(areas * depth + people + roles + DRI records + scopes) plus
:func:`validate`: each scoped area's answer comes from the library's resolver, which walks the
area's ancestors (depth is the deepest chain of parents; a few levels in real orgs). Nothing
recurses on the depth of the tree, in Python or in the page, and the page's tree stops nesting
at 32 levels (deeper areas are reached through their parent's own view).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from distauth import __version__
from distauth._errors import InvalidTypeError
from distauth._graph import graph_of
from distauth._model import day_or_today as _day
from distauth._queries import Decision, Resolver, next_escalation
from distauth.scopes import parse

if TYPE_CHECKING:
    from distauth._model import Area
    from distauth._org import Org

__all__ = ["site"]

#: Segment kinds in the page's compiled patterns: a literal segment is a JSON string, a glob
#: segment a list of tokens (text, ``*`` and ``?``: strings and these numbers), ``**`` this
#: number alone.
_ANY_SEGMENTS = 0
_STAR = 1
_ONE = 2

_PLACEHOLDER = re.compile(r"\{(policy|title|style|data|script)\}")


@cache
def _asset(name: str) -> str:
    return (resources.files("distauth") / "_site_assets" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json_for_html(data: object) -> str:
    r"""JSON that is inert inside a ``<script type="application/json">`` element.

    ASCII only, so that any str survives the trip (a lone surrogate, U+2028) and the page
    is valid UTF-8; ``<``, ``>`` and ``&`` occur only inside JSON strings, where a ``\u``
    escape means the same, so no text can end the element.
    """
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _plain(text: str) -> str:
    """Text for the page's ``<title>``: one line, nothing unprintable or reordering."""
    return "".join(
        char if char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF else "\ufffd"
        for char in text
    )


@cache
def _question_is_a_wildcard() -> bool:
    """Whether this version of the scope language reads ``?`` as one character."""
    return not isinstance(parse("q?")._compiled.core[0], str)


def _glob_tokens(pieces: tuple[str, ...]) -> list[Any]:
    """A glob's pieces (the text between its ``*``) as tokens: text, ``_STAR``, ``_ONE``."""
    question = _question_is_a_wildcard()
    tokens: list[Any] = []
    for position, piece in enumerate(pieces):
        if position:
            tokens.append(_STAR)
        for run, text in enumerate(piece.split("?") if question else [piece]):
            if run:
                tokens.append(_ONE)
            if text:
                tokens.append(text)
    return tokens


def _compiled(scope: str) -> list[Any]:
    """``[namespace, items, exact]``: the pattern as the library compiled it, in segment kinds.

    ``exact`` is 1 for a pattern that holds the resources it matches and nothing under them.
    """
    pattern = parse(scope)
    items: list[Any] = []
    for item in pattern._compiled.core:
        if item is None:
            items.append(_ANY_SEGMENTS)
        elif isinstance(item, str):
            items.append(item)
        else:
            items.append(_glob_tokens(item))
    exact = 1 if getattr(pattern._compiled, "exact", False) else 0
    return [pattern.namespace or "", items, exact]


def _deciders(decision: Decision) -> list[str]:
    # Collective DRIs answer with several deciders; until the org model has them, the DRI is
    # the only one.
    found = getattr(decision, "deciders", None)
    if found is not None:
        return [entity.id for entity in found]
    return [] if decision.dri is None else [decision.dri.id]


def _kind(org: Org, ident: str) -> str:
    """What an id names in the org: "area", "person", "role", or "missing"."""
    for kind, table in (("area", org.areas), ("person", org.people), ("role", org.roles)):
        if ident in table:
            return kind
    return "missing"


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _data(org: Org, day: dt.date) -> dict[str, Any]:
    from distauth.rules import validate  # noqa: PLC0415 - rules import the display side lazily

    areas = sorted(org.areas.values(), key=lambda a: a.id)
    index = {area.id: position for position, area in enumerate(areas)}
    out_areas = [_area_data(org, area, index, day) for area in areas]
    people: list[dict[str, Any]] = []
    for person in sorted(org.people.values(), key=lambda p: p.id):
        entry: dict[str, Any] = {"i": person.id}
        if person.name:
            entry["n"] = person.name
        if person.email:
            entry["m"] = person.email
        if not person.active:
            entry["x"] = 1
        kind = getattr(person, "kind", "human")
        if kind != "human":
            entry["k"] = kind
        dri_of = [index[a.id] for a in org.areas_of(person.id, on=day)]
        if dri_of:
            entry["d"] = dri_of
        people.append(entry)
    roles: list[dict[str, Any]] = []
    for role in sorted(org.roles.values(), key=lambda r: r.id):
        item: dict[str, Any] = {"i": role.id, "h": list(role.holders)}
        if role.name:
            item["n"] = role.name
        if role.area is not None:
            item["a"] = role.area
        if role.purpose:
            item["u"] = role.purpose
        if role.accountabilities:
            item["c"] = list(role.accountabilities)
        if getattr(role, "collective", False):
            item["t"] = 1
        roles.append(item)
    findings = [
        {
            "c": f.code,
            "r": f.rule,
            "s": str(f.severity),
            "m": f.message,
            "j": list(f.subjects),
            **({"h": f.hint} if f.hint else {}),
        }
        for f in validate(org, on=day)
    ]
    return {
        "name": org.name,
        "on": day.isoformat(),
        "version": __version__,
        "areas": out_areas,
        "people": people,
        "roles": roles,
        "findings": findings,
        "resources": list(org.resources),
    }


def _area_data(org: Org, area: Area, index: dict[str, int], day: dt.date) -> dict[str, Any]:
    entry: dict[str, Any] = {"i": area.id}
    if area.name:
        entry["n"] = area.name
    if area.purpose:
        entry["u"] = area.purpose
    if area.parent is not None:
        if area.parent in index:
            entry["p"] = index[area.parent]
        else:
            # Unknown or of another kind: shown as written, but not a parent for who_decides.
            entry["q"] = [area.parent, _kind(org, area.parent)]
    if area.scopes:
        entry["s"] = [[scope, *_compiled(scope)] for scope in area.scopes]
        # The answer when this area is the deepest match, from the library's own resolver (a
        # fresh one: its memo keys on the identity of hits it expects to stay alive).
        hits = [(parse(area.scopes[0]), area.id)]
        decision = Resolver(graph_of(org), day).decide(area.scopes[0], hits)
        entry["w"] = [
            _deciders(decision),
            1 if decision.fallback else 0,
            -1 if decision.dri_area is None else index[decision.dri_area.id],
        ]
        # Deputies, absences and areas that nobody holds on purpose, once the model has them.
        flags: dict[str, Any] = {}
        if getattr(decision, "by_deputy", False):
            flags["d"] = 1
        if absent := getattr(decision, "absent", ()):
            flags["a"] = [person.id for person in absent]
        if getattr(decision, "nobody", False):
            flags["n"] = 1
        if flags:
            entry["w"].append(flags)
    records = org.dris(area.id, on=day)
    if records:
        entry["d"] = [
            {
                "h": r.holder,
                "k": _kind(org, r.holder),
                **({"a": 1} if r.acting else {}),
                **({"b": _date(r.start)} if r.start else {}),
                **({"e": _date(r.end)} if r.end else {}),
            }
            for r in records
        ]
    person = org.dri_of(area.id, on=day)
    if person is not None:
        entry["r"] = person.id
    for key, value in (("v", area.advisors), ("f", area.informed)):
        if value:
            entry[key] = list(value)
    deputy = getattr(area, "deputy", None)
    if deputy is not None:
        entry["y"] = deputy
    if getattr(area, "nobody", False):
        entry["z"] = 1
    # Escalation as one step per area; the page walks the steps (stopping on a loop, as
    # escalation_path does). Where the walk stops at this area, the library words why: the
    # path from here then ends at its first step, so asking for it costs O(1).
    if person is None:
        entry["xn"] = org.escalation_path(area.id, on=day).reason
    else:
        target = next_escalation(area)
        if target is not None and target in index:
            entry["xt"] = index[target]
        elif target is not None:
            path = org.escalation_path(area.id, on=day)
            entry["xe"] = [path.broken_at, path.reason]
    if area.escalates_to is not None:
        entry["o"] = area.escalates_to
    return entry


def site(org: Org, on: dt.date | None = None) -> str:
    """Write the org as one self-contained HTML page that answers "who decides this?".

    The page needs no server and loads nothing from elsewhere. It shows the area tree, a
    people index and the findings of :func:`~distauth.validate` as of *on*, and answers
    :meth:`~distauth.Org.who_decides` for any resource typed into its search box, exactly as
    Python does. Links into it: ``index.html#who=<resource>``, ``#area=<id>``,
    ``#person=<id>``. The element showing a resource's answer carries it as attributes too
    (``data-answer="who"``, ``data-resource``, ``data-area``, ``data-deciders``,
    ``data-fallback``, ``data-ambiguous``).

    Args:
        org: The org to publish.
        on: The day whose DRIs, fallbacks and findings the page shows (default: today).

    Returns:
        The page, as HTML text (write it to a file named ``index.html``).

    Raises:
        InvalidTypeError: *org* is not an :class:`~distauth.Org`, or *on* is not a date.

    Example:
        >>> import datetime as dt
        >>> import distauth as da
        >>> from distauth import display
        >>> org = da.Org(name="Acme")
        >>> org.add(da.Person("ana"), da.Area("co", scopes=["finance/**"]), da.DRI("co", "ana"))
        >>> page = display.site(org, on=dt.date(2026, 1, 1))
        >>> page.startswith("<!DOCTYPE html>")
        True
        >>> "Content-Security-Policy" in page and "https://" not in page
        True
    """
    from distauth._org import Org  # noqa: PLC0415 - a cycle at import time otherwise

    if not isinstance(org, Org):
        raise InvalidTypeError(f"org must be an Org (got {org!r} that is a {type(org).__name__})")
    day = _day(on)
    script = _asset("site.js")
    style = _asset("site.css")
    policy = (
        "default-src 'none'; "
        f"script-src {_hash(script)}; "
        f"style-src {_hash(style)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    title = f"Who decides: {org.name}" if org.name else "Who decides"
    values = {
        "policy": html.escape(policy),
        "title": html.escape(_plain(title)),
        "style": style,
        "data": _json_for_html(_data(org, day)),
        "script": script,
    }
    # One pass over the template only: text put in is never searched for placeholders again.
    return _PLACEHOLDER.sub(lambda found: values[found[1]], _asset("site.html"))
