"""What every importer shares: :class:`Imported`, :class:`ImportProblem` and id derivation.

An importer never raises on content it can read but not express: it records an
:class:`ImportProblem` (a stable code, a message, the file and line) and goes on, so that one
run lists everything a team has to look at. Ids are derived from the names other systems use
(``@octocat``, ``@org/team``, ``ana@example.com``) by one deterministic function, so importing
the same file twice gives the same org.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from typing import Any, Final

import attrs

from distauth._model import Area, Location, Person, Role
from distauth._org import Org

__all__ = ["IdMaker", "ImportProblem", "Imported", "make_area", "make_person", "make_role"]

_NOT_SLUG: Final = re.compile(r"[^a-z0-9]+")
#: Ids longer than this are cut and given a short digest, so that they stay readable.
_MAX_ID: Final = 60


@attrs.frozen
class ImportProblem:
    """Something in a source file that an importer read but could not express exactly.

    Attributes:
        code: a stable code such as ``"CO101"`` (see the format's documentation page).
        message: what is wrong and what the importer did about it.
        location: the file and line it was found on.

    >>> from distauth import Location
    >>> where = Location(file="CODEOWNERS", line=3)
    >>> str(ImportProblem("CO101", "negation is not supported", where))
    'CODEOWNERS:3: CO101 negation is not supported'
    """

    code: str
    message: str
    location: Location

    def __str__(self) -> str:
        where = self.location.file or "<string>"
        if self.location.line:
            where += f":{self.location.line}"
        return f"{where}: {self.code} {self.message}"


@attrs.frozen
class Imported:
    """What an importer returns: the org it built and the problems it found on the way.

    Attributes:
        org: the imported org; every entity's ``org.location(id)`` names its source line.
        problems: the import problems, in file and line order.

    >>> from distauth import Org
    >>> result = Imported(Org(), ())
    >>> result.ok, len(result.org.areas)
    (True, 0)
    """

    org: Org
    problems: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the source was read without any problem.

        >>> Imported(__import__("distauth").Org()).ok
        True
        """
        return not self.problems


def slug(text: str, default: str = "x") -> str:
    """Turn any text into a valid id: lowercase, every other run of characters one ``-``.

    >>> slug("@Tobias-"), slug("@esphome/core"), slug("***")
    ('tobias', 'esphome-core', 'x')
    """
    out = _NOT_SLUG.sub("-", text.lower()).strip("-")
    if not out:
        return default
    if len(out) > _MAX_ID:
        digest = hashlib.sha1(out.encode()).hexdigest()[:8]
        out = f"{out[: _MAX_ID - 9].rstrip('-')}-{digest}"
    return out


class IdMaker:
    """Hands out unique ids derived from names: the same name always gets the same id.

    >>> ids = IdMaker()
    >>> ids.take("person", "@Ana"), ids.take("person", "@ana"), ids.take("team", "@ana")
    ('ana', 'ana', 'ana-2')
    """

    def __init__(self) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def take(self, kind: str, name: str, *, key: str | None = None) -> str:
        """The id for *name* of this *kind*; *key* (default: *name* case-folded) identifies it."""
        ident = (kind, key if key is not None else name.casefold())
        found = self._given.get(ident)
        if found is not None:
            return found
        base = slug(name)
        candidate, n = base, 1
        while candidate in self._used:
            n += 1
            candidate = f"{base}-{n}"
        self._used.add(candidate)
        self._given[ident] = candidate
        return candidate

    def reserve(self, ident: str) -> None:
        """Mark *ident* as taken (an id that came from elsewhere)."""
        self._used.add(ident)


# The model gains handles, collective roles and "explicitly nobody"; these helpers pass them
# when the model has them, so that the importers read the same either way.
@functools.cache
def _fields(cls: type[Any]) -> frozenset[str]:
    return frozenset(attrs.fields_dict(cls))


def make_person(
    ident: str, handles: Iterable[str], *, name: str = "", email: str | None = None
) -> Person:
    """A person with these handles (when the model keeps handles; else the first as name)."""
    handles = tuple(dict.fromkeys(handles))
    kwargs: dict[str, Any] = {"email": email}
    if "handles" in _fields(Person):
        kwargs["handles"] = handles
        kwargs["name"] = name
    else:
        kwargs["name"] = name or (handles[0] if handles else "")
    return Person(ident, **kwargs)


def make_role(
    ident: str,
    *,
    holders: Iterable[str] = (),
    handles: Iterable[str] = (),
    name: str = "",
    area: str | None = None,
    collective: bool = True,
) -> Role:
    """A role: a team (collective) with these holders and handles."""
    handles = tuple(dict.fromkeys(handles))
    kwargs: dict[str, Any] = {"holders": tuple(dict.fromkeys(holders)), "area": area}
    fields = _fields(Role)
    if "handles" in fields:
        kwargs["handles"] = handles
        kwargs["name"] = name
    else:
        kwargs["name"] = name or " ".join(handles)
    if "collective" in fields:
        kwargs["collective"] = collective
    return Role(ident, **kwargs)


def make_area(ident: str, *, nobody: bool = False, **kwargs: Any) -> Area:
    """An area; ``nobody=True`` says that nobody holds its scopes (when the model can say so)."""
    if nobody:
        kwargs["nobody"] = True
    return Area(ident, **kwargs)


def model_has_nobody() -> bool:
    """Tell whether areas can say that nobody holds their scopes."""
    return "nobody" in _fields(Area)


def located(org: Org, where: Iterable[tuple[str, Location]]) -> None:
    """Record the source location of every imported entity."""
    org.set_locations(where)
