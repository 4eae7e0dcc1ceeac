"""The domain values: Person, Area, Role, DRI, Absence, DecisionRecord and Location.

They are frozen, slotted attrs classes holding only immutable values (tuples, frozensets), so
they hash and compare by content. Construction checks each *value* at once (types, slug ids,
date order, scope syntax) and raises a :class:`~distauth.DistauthError` subclass; anything that
spans several entities (an unknown parent, a cycle, two DRIs) is a rule's business, reported by
:func:`distauth.validate`, never raised here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeAlias

import attrs

from distauth._errors import InvalidTypeError, InvalidValueError
from distauth._slug import SLUG, slug_match
from distauth.scopes import check_pattern, check_resource

__all__ = [
    "DRI",
    "KINDS",
    "Absence",
    "Area",
    "DecisionRecord",
    "Entity",
    "Location",
    "Person",
    "Role",
    "check_id",
    "day_or_today",
    "is_slug",
]

#: The kinds of :class:`Person`: accountability rests with a human (DA107).
KINDS = ("human", "agent", "bot")


def is_slug(value: object) -> bool:
    """Tell whether *value* is a valid id: lowercase letters and digits joined by ``-_.``.

    >>> is_slug("billing-eu"), is_slug("Billing"), is_slug("a--b")
    (True, False, False)
    """
    return isinstance(value, str) and slug_match(value) is not None


def day_or_today(on: dt.date | None) -> dt.date:
    """The day a query or check is about: *on*, or today when it is ``None``.

    Raises:
        InvalidTypeError: *on* is not a ``datetime.date`` (a ``datetime`` is refused too).

    >>> import datetime as dt
    >>> day_or_today(dt.date(2027, 1, 1))
    datetime.date(2027, 1, 1)
    """
    if on is None:
        return dt.date.today()
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidTypeError(f"on must be a datetime.date or None (got {on!r})", on)
    return on


def _describe(value: object) -> str:
    return f"{value!r} that is a {type(value).__name__}"


def check_id(value: object, what: str = "id") -> str:
    """Return *value* if it is a slug id, else raise.

    Raises:
        InvalidTypeError: *value* is not a string.
        InvalidValueError: *value* is a string but not a slug.

    >>> check_id("ana")
    'ana'
    >>> check_id("Ana")
    Traceback (most recent call last):
    ...
    distauth._errors.InvalidValueError: id must be a slug ([a-z0-9]+([._-][a-z0-9]+)*), got 'Ana'
    """
    if not isinstance(value, str):
        raise InvalidTypeError(f"{what} must be a str (got {_describe(value)})", value)
    if slug_match(value) is None:
        raise InvalidValueError(f"{what} must be a slug ({SLUG}), got {value!r}", value)
    return value


# --- attrs validators and converters -----------------------------------------------------------


def _v_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_id(value, attribute.name)


def _v_opt_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_id(value, attribute.name)


def _v_str(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(f"{attribute.name} must be a str (got {_describe(value)})", value)


def _v_bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(f"{attribute.name} must be a bool (got {_describe(value)})", value)


def _v_opt_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # datetime is a subclass of date; a timestamp where a day is meant is a mistake.
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise InvalidTypeError(
            f"{attribute.name} must be a datetime.date or None (got {_describe(value)})", value
        )


def _to_tuple(value: object) -> tuple[Any, ...]:
    # A str is iterable but never meant as a sequence of one-letter items; a set has no order.
    if isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    raise InvalidTypeError(f"expected a tuple or list (got {_describe(value)})", value)


def _to_frozenset(value: object) -> frozenset[Any]:
    if isinstance(value, frozenset):
        return value
    if isinstance(value, set | list | tuple):
        try:
            return frozenset(value)
        except TypeError:  # an unhashable item: no tag or id is one
            bad = next(v for v in value if not isinstance(v, str))
            raise InvalidTypeError(f"each item must be a str (got {_describe(bad)})", bad) from None
    raise InvalidTypeError(
        f"expected a set, frozenset, list or tuple (got {_describe(value)})", value
    )


def _no_duplicates(attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if len(set(value)) != len(value):
        seen: set[str] = set()
        dup = next(v for v in value if v in seen or seen.add(v))  # type: ignore[func-returns-value]
        raise InvalidValueError(f"{attribute.name} lists {dup!r} twice", value)


def _v_ids(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for item in value:
        check_id(item, f"each of {attribute.name}")
    _no_duplicates(attribute, value)  # type: ignore[arg-type]


def _v_texts(_inst: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
    for item in value:
        if not isinstance(item, str):
            raise InvalidTypeError(
                f"each of {attribute.name} must be a str (got {_describe(item)})", item
            )
        if not item.strip():
            raise InvalidValueError(
                f"each of {attribute.name} must be a non-empty str (got {_describe(item)})", item
            )


def _v_scopes(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for item in value:
        check_pattern(item)  # type: ignore[arg-type]
    _no_duplicates(attribute, value)  # type: ignore[arg-type]


def _v_handles(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for item in value:
        if not isinstance(item, str):
            raise InvalidTypeError(
                f"each of {attribute.name} must be a str (got {_describe(item)})", item
            )
        if not item.strip() or item != item.strip():
            raise InvalidValueError(
                f"each of {attribute.name} must be a non-empty str without surrounding "
                f"spaces (got {_describe(item)})",
                item,
            )
    _no_duplicates(attribute, value)  # type: ignore[arg-type]


def _v_kind(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"kind must be one of {', '.join(map(repr, KINDS))} (got {_describe(value)})", value
        )
    if value not in KINDS:
        raise InvalidValueError(
            f"kind must be one of {', '.join(map(repr, KINDS))} (got {_describe(value)})", value
        )


def _v_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        raise InvalidTypeError(f"{attribute.name} must be a datetime.date (got None)", value)
    _v_opt_date(_inst, attribute, value)


def _v_nonempty(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _v_str(_inst, attribute, value)
    assert isinstance(value, str)
    if not value.strip():
        raise InvalidValueError(f"{attribute.name} must be a non-empty str", value)


def _v_resources(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for item in value:
        check_resource(item)  # type: ignore[arg-type]
    _no_duplicates(attribute, value)  # type: ignore[arg-type]


def _v_count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(f"{attribute.name} must be an int (got {_describe(value)})", value)
    if value < 0:
        raise InvalidValueError(f"{attribute.name} must be >= 0 (got {value})", value)


def _v_email(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    _v_str(_inst, attribute, value)
    assert isinstance(value, str)
    if value.count("@") != 1 or value.startswith("@") or value.endswith("@") or " " in value:
        raise InvalidValueError(f"email must look like name@domain, got {value!r}", value)


# --- the entities ------------------------------------------------------------------------------


class Displayable:
    """Rich display in notebooks (HTML, and Mermaid for orgs), from :mod:`distauth.display`.

    The display module is imported on first use: it is never needed outside a notebook.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        from distauth import display  # noqa: PLC0415 - only in notebooks

        return display.html(self)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        from distauth import display  # noqa: PLC0415 - only in notebooks

        return display.mimebundle(self, include, exclude)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Location:
    """Where something was defined in an org file: ``file:line:column`` (1-based).

    >>> str(Location(file="org.yaml", line=12, column=5))
    'org.yaml:12:5'
    """

    file: str | None = attrs.field(default=None, validator=attrs.validators.optional(_v_str))
    line: int = attrs.field(default=0, validator=_v_count)
    column: int = attrs.field(default=0, validator=_v_count)

    def __str__(self) -> str:
        return f"{self.file or '<string>'}:{self.line}:{self.column}"


@attrs.frozen
class Person(Displayable):
    """Someone who can hold authority.

    Args:
        id: a slug, unique across every kind of entity in the org.
        name: display name.
        email: optional contact address.
        active: ``False`` for someone who left or is on leave (DA104 flags them as a DRI).
        tags: free-form labels.
        handles: the names the person has in other systems, in their original spelling:
            ``@octocat``, ``ana@example.com``, ``Ana Ruiz`` as written in ADRs
            (:meth:`Org.by_handle <distauth.Org.by_handle>` finds the person by any of them).
        kind: ``"human"`` (default), ``"agent"`` or ``"bot"``; accountability rests with a
            human (DA107 reports a DRI who is not).

    >>> Person("ana", name="Ana Ruiz", handles=["@ana-r"])
    Person(id='ana', name='Ana Ruiz', email=None, active=True, tags=frozenset(), \
handles=('@ana-r',), kind='human')
    """

    id: str = attrs.field(validator=_v_id)
    name: str = attrs.field(default="", kw_only=True, validator=_v_str)
    email: str | None = attrs.field(default=None, kw_only=True, validator=_v_email)
    active: bool = attrs.field(default=True, kw_only=True, validator=_v_bool)
    tags: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_to_frozenset, validator=_v_texts
    )
    handles: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_handles
    )
    kind: str = attrs.field(default="human", kw_only=True, validator=_v_kind)


@attrs.frozen
class Area(Displayable):
    """An area of responsibility.

    Args:
        id: a slug, unique across every kind of entity in the org.
        name: display name.
        parent: id of the enclosing area (``None`` for a top-level area).
        purpose: why the area exists.
        scopes: resource patterns the area has authority over (see :mod:`distauth.scopes`).
        advisors: ids of people or roles the DRI consults.
        informed: ids of people or roles told about decisions.
        escalates_to: id of the area disagreements go to, when not the parent.
        tags: free-form labels.
        deputy: id of the person or role who decides while the DRI is absent (see
            :class:`Absence`).
        nobody: ``True`` says that nobody holds the area's scopes on purpose: while it has
            no DRI in effect, :meth:`~distauth.Org.who_decides` answers nobody and does not
            fall back to an ancestor, and DA101 is silent. A DRI in effect still decides.

    >>> Area("billing", parent="finance", scopes=["finance/billing/**"]).scopes
    ('finance/billing/**',)
    """

    id: str = attrs.field(validator=_v_id)
    name: str = attrs.field(default="", kw_only=True, validator=_v_str)
    parent: str | None = attrs.field(default=None, kw_only=True, validator=_v_opt_id)
    purpose: str = attrs.field(default="", kw_only=True, validator=_v_str)
    scopes: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_scopes
    )
    advisors: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_ids
    )
    informed: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_ids
    )
    escalates_to: str | None = attrs.field(default=None, kw_only=True, validator=_v_opt_id)
    tags: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_to_frozenset, validator=_v_texts
    )
    deputy: str | None = attrs.field(default=None, kw_only=True, validator=_v_opt_id)
    nobody: bool = attrs.field(default=False, kw_only=True, validator=_v_bool)


@attrs.frozen
class Role(Displayable):
    """A role inside an area, held by people.

    A role can be an area's DRI; it then resolves to its holder when it has exactly one. A
    *collective* role is a team: any of its holders may decide, so naming it as a DRI is
    legal (DA106 notes that the area has no single DRI), and a team whose members the org
    does not list (an outside team such as ``@org/team``) decides as itself.

    Args:
        id: a slug, unique across every kind of entity in the org.
        name: display name.
        area: id of the area the role belongs to.
        purpose: why the role exists.
        accountabilities: what the role is accountable for.
        holders: ids of the people who hold the role.
        handles: the role's names in other systems (``@org/team``), original spelling.
        collective: ``True`` for a team, whose holders decide together.

    >>> Role("billing-lead", area="billing", holders=["ana"]).holders
    ('ana',)
    >>> Role("payments", handles=["@acme/payments"], collective=True).collective
    True
    """

    id: str = attrs.field(validator=_v_id)
    name: str = attrs.field(default="", kw_only=True, validator=_v_str)
    area: str | None = attrs.field(default=None, kw_only=True, validator=_v_opt_id)
    purpose: str = attrs.field(default="", kw_only=True, validator=_v_str)
    accountabilities: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_texts
    )
    holders: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_ids
    )
    handles: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_handles
    )
    collective: bool = attrs.field(default=False, kw_only=True, validator=_v_bool)


def _v_end(inst: DRI, _attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    if value is not None and inst.start is not None and value <= inst.start:
        raise InvalidValueError(
            f"DRI of {inst.area!r}: end {value.isoformat()} must be after start "
            f"{inst.start.isoformat()}",
            value,
        )


# A DRI is hashed several times on its way into an org (duplicate checks, the graph's edge
# key, its location), a hundred thousand times over for a big file: compute the hash once.
@attrs.frozen(cache_hash=True)
class DRI:
    """The assignment of a person, or a role with one holder, as the DRI of an area.

    ``start`` is inclusive and ``end`` exclusive; ``None`` means unbounded. ``acting`` marks a
    temporary holder, for example during a handover.

    >>> import datetime as dt
    >>> d = DRI("billing", "bo", start=dt.date(2027, 1, 1), acting=True)
    >>> d.in_effect(dt.date(2026, 12, 31)), d.in_effect(dt.date(2027, 1, 1))
    (False, True)
    """

    area: str = attrs.field(validator=_v_id)
    holder: str = attrs.field(validator=_v_id)
    start: dt.date | None = attrs.field(default=None, kw_only=True, validator=_v_opt_date)
    end: dt.date | None = attrs.field(default=None, kw_only=True, validator=[_v_opt_date, _v_end])
    acting: bool = attrs.field(default=False, kw_only=True, validator=_v_bool)

    def in_effect(self, on: dt.date) -> bool:
        """Tell whether the assignment holds on day *on* (start inclusive, end exclusive).

        >>> import datetime as dt
        >>> DRI("a", "b", end=dt.date(2027, 1, 1)).in_effect(dt.date(2027, 1, 1))
        False
        """
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

    def sort_key(self) -> tuple[str, str, dt.date, dt.date, bool]:
        """A total order on DRIs: area, holder, start, end, acting.

        >>> DRI("a", "b").sort_key()[:2]
        ('a', 'b')
        """
        return (
            self.area,
            self.holder,
            self.start or dt.date.min,
            self.end or dt.date.max,
            self.acting,
        )


def _v_absence_end(inst: Absence, _attribute: attrs.Attribute[Any], value: dt.date) -> None:
    if value <= inst.start:
        raise InvalidValueError(
            f"absence of {inst.person!r}: end {value.isoformat()} must be after start "
            f"{inst.start.isoformat()}",
            value,
        )


@attrs.frozen(cache_hash=True)
class Absence:
    """A person away from *start* (inclusive) to *end* (exclusive): a holiday, a leave.

    While the DRI of an area is absent, the area's deputy decides
    (:meth:`~distauth.Org.who_decides` says so). Absences are records, like DRIs: added with
    :meth:`Org.add <distauth.Org.add>`, listed by :attr:`Org.absences <distauth.Org.absences>`,
    removed with the person.

    >>> import datetime as dt
    >>> away = Absence("ana", start=dt.date(2027, 8, 1), end=dt.date(2027, 8, 15))
    >>> away.in_effect(dt.date(2027, 8, 14)), away.in_effect(dt.date(2027, 8, 15))
    (True, False)
    """

    person: str = attrs.field(validator=_v_id)
    start: dt.date = attrs.field(kw_only=True, validator=_v_date)
    end: dt.date = attrs.field(kw_only=True, validator=[_v_date, _v_absence_end])

    def in_effect(self, on: dt.date) -> bool:
        """Tell whether the person is away on day *on* (start inclusive, end exclusive).

        >>> import datetime as dt
        >>> Absence("a", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 2)).in_effect(
        ...     dt.date(2027, 1, 1))
        True
        """
        return self.start <= on < self.end

    def sort_key(self) -> tuple[str, dt.date, dt.date]:
        """A total order on absences: person, start, end.

        >>> import datetime as dt
        >>> Absence("a", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 2)).sort_key()[0]
        'a'
        """
        return (self.person, self.start, self.end)


@attrs.frozen
class DecisionRecord:
    """A decision taken, as an architecture decision record (ADR) writes it down.

    ``decided_by``, ``consulted``, ``informed`` and ``dissent`` name people or roles by id
    or by handle (``@octocat``, ``Ana Ruiz``): :meth:`Org.by_handle <distauth.Org.by_handle>`
    resolves them. Records are added with :meth:`Org.add <distauth.Org.add>` and listed by
    :attr:`Org.decisions <distauth.Org.decisions>`; their id is unique across every kind.

    Args:
        id: a slug.
        title: what was decided, in a few words.
        date: the day of the decision (it is judged against the map of that day).
        area: id of the area the decision concerns, when the record says.
        resources: the resources it concerns (resource strings, see :mod:`distauth.scopes`).
        decided_by: who decided.
        consulted: whose advice was sought.
        informed: who was told.
        dissent: who disagreed.
        status: the record's status as written (``accepted``, ``superseded by adr-7``, ...).
        rationale: why, in the decider's words.

    >>> import datetime as dt
    >>> adr = DecisionRecord("adr-1", title="Use Postgres", date=dt.date(2027, 3, 1),
    ...                      area="platform", decided_by=["@ana-r"])
    >>> adr.decided_by, adr.status
    (('@ana-r',), 'accepted')
    """

    id: str = attrs.field(validator=_v_id)
    title: str = attrs.field(kw_only=True, validator=_v_nonempty)
    date: dt.date = attrs.field(kw_only=True, validator=_v_date)
    area: str | None = attrs.field(default=None, kw_only=True, validator=_v_opt_id)
    resources: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_resources
    )
    decided_by: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_handles
    )
    consulted: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_handles
    )
    informed: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_handles
    )
    dissent: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tuple, validator=_v_handles
    )
    status: str = attrs.field(default="accepted", kw_only=True, validator=_v_nonempty)
    rationale: str = attrs.field(default="", kw_only=True, validator=_v_str)


Entity: TypeAlias = Person | Area | Role
