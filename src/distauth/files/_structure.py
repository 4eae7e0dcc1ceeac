"""The file model and its cattrs converter: typing by field, strict hooks, every error gathered.

An org file is structured into small attrs classes that mirror it (:class:`OrgFile`,
:class:`PersonBody`, :class:`AreaBody`, :class:`RoleBody`, :class:`DriBody`) by one cattrs
converter with ``forbid_extra_keys`` and detailed validation, so that cattrs gathers every
problem with its path. The hooks are strict: a string is never a list of characters, a number
is never a string, only ``true``/``false`` are booleans. They also do YAML's typing by field:
an unquoted scalar (:class:`~distauth.files._nodes.Plain`) becomes whatever the field
expects, a quoted one is always a string. Value checks (slug ids, scope and resource syntax,
rule codes, dates, duplicate list items, end after start) run here too, so that every problem
of the file is found in one pass. :func:`problems_of` turns cattrs' exception tree into
``(path, message)`` pairs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, NewType, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from distauth._errors import DistauthError
from distauth._model import KINDS
from distauth._slug import slug_match
from distauth.files._nodes import Plain, Refused, describe
from distauth.files._problems import PathItem
from distauth.rules import RULES
from distauth.scopes import check_pattern, check_resource

__all__ = [
    "AbsenceBody",
    "AreaBody",
    "DecisionBody",
    "DriBody",
    "OrgFile",
    "PersonBody",
    "RoleBody",
    "problems_of",
    "structure",
]

Slug = NewType("Slug", str)
"""An id: lowercase letters and digits joined by single ``-``, ``_`` or ``.``."""
Email = NewType("Email", str)
Scope = NewType("Scope", str)
Resource = NewType("Resource", str)
Tag = NewType("Tag", str)
Text = NewType("Text", str)
"""A non-empty text where repeats are allowed (accountabilities)."""
RuleCode = NewType("RuleCode", str)
Handle = NewType("Handle", str)
"""A name in another system: non-empty, no surrounding spaces, unique within its list."""
PersonKind = NewType("PersonKind", str)

_UNIQUE_ITEMS = frozenset({Slug, Scope, Resource, Tag, RuleCode, Handle})
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT = re.compile(r"[-+]?[0-9]{1,18}")
_SLUG_RULE = "lowercase letters and digits joined by single '-', '_' or '.'"


@attrs.frozen
class PersonBody:
    """A person as the file writes it (the id is its key)."""

    name: str = ""
    email: Email | None = None
    active: bool = True
    tags: tuple[Tag, ...] = ()
    handles: tuple[Handle, ...] = ()
    kind: PersonKind = PersonKind("human")


@attrs.frozen
class AreaBody:
    """An area as the file writes it; ``dri`` is the sugar for one undated DRI."""

    name: str = ""
    parent: Slug | None = None
    purpose: str = ""
    scopes: tuple[Scope, ...] = ()
    advisors: tuple[Slug, ...] = ()
    informed: tuple[Slug, ...] = ()
    escalates_to: Slug | None = None
    tags: tuple[Tag, ...] = ()
    deputy: Slug | None = None
    nobody: bool = False
    dri: Slug | None = None


@attrs.frozen
class RoleBody:
    """A role as the file writes it."""

    name: str = ""
    area: Slug | None = None
    purpose: str = ""
    accountabilities: tuple[Text, ...] = ()
    holders: tuple[Slug, ...] = ()
    handles: tuple[Handle, ...] = ()
    collective: bool = False


@attrs.frozen
class DriBody:
    """One entry of ``dris``."""

    area: Slug
    holder: Slug
    start: dt.date | None = None
    end: dt.date | None = None
    acting: bool = False


@attrs.frozen
class AbsenceBody:
    """One entry of ``absences``."""

    person: Slug
    start: dt.date
    end: dt.date


@attrs.frozen
class DecisionBody:
    """A decision record as the file writes it (the id is its key)."""

    title: Text
    date: dt.date
    area: Slug | None = None
    resources: tuple[Resource, ...] = ()
    decided_by: tuple[Handle, ...] = ()
    consulted: tuple[Handle, ...] = ()
    informed: tuple[Handle, ...] = ()
    dissent: tuple[Handle, ...] = ()
    status: Text = Text("accepted")
    rationale: str = ""


@attrs.frozen
class OrgFile:
    """The whole file."""

    version: int
    name: str = ""
    people: dict[Slug, PersonBody] = attrs.field(factory=dict)
    areas: dict[Slug, AreaBody] = attrs.field(factory=dict)
    roles: dict[Slug, RoleBody] = attrs.field(factory=dict)
    dris: tuple[DriBody, ...] = ()
    absences: tuple[AbsenceBody, ...] = ()
    decisions: dict[Slug, DecisionBody] = attrs.field(factory=dict)
    resources: tuple[Resource, ...] = ()
    ignore: dict[Slug, tuple[RuleCode, ...]] = attrs.field(factory=dict)


#: The keys each mapping accepts, for "did you mean" hints.
FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(a.name for a in attrs.fields(cls))
    for cls in (OrgFile, PersonBody, AreaBody, RoleBody, DriBody, AbsenceBody, DecisionBody)
}


class LeafError(ValueError):
    """A value is wrong; the message says how."""


class AlreadyReportedError(Exception):
    """A value that the reader already reported (an alias, a tag...): say nothing more."""


# --- leaf hooks --------------------------------------------------------------------------------


def _fail(expected: str, value: object) -> Exception:
    if isinstance(value, Refused):
        return AlreadyReportedError()
    return LeafError(f"expected {expected}, got {describe(value)}")


def _str(value: object, _type: object = str) -> str:
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[return-value]
    if cls is Plain:
        return str.__str__(value)
    raise _fail("a string", value)


def _slug(value: object, _type: object = Slug) -> str:
    text = _str(value)
    if slug_match(text) is None:
        raise LeafError(f"{text!r} is not a valid id ({_SLUG_RULE})")
    return text


def _email(value: object, _type: object) -> str:
    text = _str(value)
    if text.count("@") != 1 or text.startswith("@") or text.endswith("@") or " " in text:
        raise LeafError(f"{text!r} is not an email address (name@domain)")
    return text


def _nonempty(value: object, _type: object) -> str:
    text = _str(value)
    if not text.strip():
        raise LeafError("expected a non-empty text, got an empty one")
    return text


def _checked(value: object, check: Callable[[str], str]) -> str:
    text = _str(value)
    try:
        check(text)
    except DistauthError as exc:
        raise LeafError(str(exc)) from None
    return text


def _handle(value: object, _type: object) -> str:
    text = _str(value)
    if not text.strip():
        raise LeafError("expected a non-empty handle, got an empty one")
    if text != text.strip():
        raise LeafError(f"{text!r} has spaces around it: a handle is written without them")
    return text


def _person_kind(value: object, _type: object) -> str:
    text = _str(value)
    if text not in KINDS:
        raise LeafError(f"{text!r} is not a kind of person (one of: {', '.join(KINDS)})")
    return text


def _scope(value: object, _type: object) -> str:
    return _checked(value, check_pattern)


def _resource(value: object, _type: object) -> str:
    return _checked(value, check_resource)


def _rule_code(value: object, _type: object) -> str:
    text = _str(value)
    if not (text.isalnum() and text.isupper()):
        raise LeafError(f"{text!r} is not a rule code or prefix (like DA101 or DA1)")
    try:
        RULES.expand([text], "ignore")
    except DistauthError as exc:
        raise LeafError(str(exc.args[0]) if exc.args else str(exc)) from None
    return text


def _bool(value: object, _type: object) -> bool:
    if value is True or value is False:
        return value
    if value.__class__ is Plain:
        if value == "true":
            return True
        if value == "false":
            return False
        raise LeafError(f"expected true or false, got {describe(value)}")
    if isinstance(value, str):
        raise LeafError(f"expected true or false, got {describe(value)} (quotes make a string)")
    raise _fail("true or false", value)


def _int(value: object, _type: object) -> int:
    if value.__class__ is int:
        return value
    if value.__class__ is Plain and _INT.fullmatch(value):
        return int(value)
    if isinstance(value, str) and not isinstance(value, Plain):
        raise LeafError(f"expected an integer, got {describe(value)} (quotes make a string)")
    raise _fail("an integer", value)


def _date(value: object, _type: object) -> dt.date:
    if value.__class__ is dt.date:
        return value
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise LeafError(f"expected a date (YYYY-MM-DD), got {describe(value)}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise LeafError(f"{str(value)!r} is not a valid date: {exc}") from None
    raise _fail("a date (YYYY-MM-DD)", value)


# --- container hooks ---------------------------------------------------------------------------


def _note(exc: BaseException, where: int | str, type_: object) -> BaseException:
    exc.add_note(IterableValidationNote(f"Structuring @ {where!r}", where, type_))
    return exc


def _tuple_hook(converter: cattrs.Converter, type_: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(type_)[0]
    item_hook = converter.get_structure_hook(item_type)
    unique = item_type in _UNIQUE_ITEMS

    def structure_tuple(value: Any, _type: Any) -> tuple[Any, ...]:
        if value.__class__ is not list and not isinstance(value, list):
            raise _fail("a list", value)
        errors: list[Exception] = []
        try:
            out = [item_hook(item, item_type) for item in value]
        except Exception:  # go again, slowly, to gather every item's problem
            out = []
            for index, item in enumerate(value):
                try:
                    out.append(item_hook(item, item_type))
                except Exception as exc:  # every item's problem is gathered
                    errors.append(_note(exc, index, item_type))  # type: ignore[arg-type]
        if unique and not errors and len(set(out)) != len(out):
            seen: dict[Any, int] = {}
            for index, item in enumerate(out):
                if item in seen:
                    problem = LeafError(f"{item!r} is listed twice (first at [{seen[item]}])")
                    errors.append(_note(problem, index, item_type))  # type: ignore[arg-type]
                else:
                    seen[item] = index
        if errors:
            raise IterableValidationError("While structuring a list", errors, type_)
        return tuple(out)

    return structure_tuple


def _default_of(type_: Any) -> Callable[[], Any]:
    if attrs.has(type_):
        return type_
    return tuple


def _mapping_hook(converter: cattrs.Converter, type_: Any) -> Callable[[Any, Any], dict[str, Any]]:
    value_type = get_args(type_)[1]
    value_hook = converter.get_structure_hook(value_type)
    empty = _default_of(value_type)
    # A body with required fields (a decision's title and date) cannot be all defaults.
    required = attrs.has(value_type) and any(
        a.default is attrs.NOTHING for a in attrs.fields(value_type)
    )

    def structure_mapping(value: Any, _type: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail("a mapping", value)
        out: dict[str, Any] = {}
        errors: list[Exception] = []
        for key, item in value.items():
            try:
                _slug(key)
            except LeafError as exc:
                errors.append(_note(exc, key, value_type))  # type: ignore[arg-type]
            try:
                # An entity written with an empty (null) body has all its defaults.
                if item is None:
                    out[key] = value_hook({}, value_type) if required else empty()
                else:
                    out[key] = value_hook(item, value_type)
            except Exception as exc:  # every entity's problem is gathered
                errors.append(_note(exc, key, value_type))  # type: ignore[arg-type]
        if errors:
            raise IterableValidationError("While structuring a mapping", errors, type_)
        return out

    return structure_mapping


def _class_hook(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    inner: Callable[[Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )
    check_dates = cls is DriBody or cls is AbsenceBody

    def structure_class(value: Any, _type: Any) -> Any:
        if not isinstance(value, dict):
            raise _fail("a mapping", value)
        if None in value.values():
            # null (or an empty YAML value) means "absent": the field takes its default.
            value = {k: v for k, v in value.items() if v is not None}
        result = inner(value)
        if check_dates and result.start and result.end and result.end <= result.start:
            problem = LeafError(
                f"end {result.end.isoformat()} must be after start {result.start.isoformat()}"
            )
            problem.add_note(AttributeValidationNote("Structuring end", "end", dt.date))
            what = "a DRI" if cls is DriBody else "an absence"
            raise ClassValidationError(f"While structuring {what}", [problem], cls)
        return result

    return structure_class


def _is_homogeneous_tuple(type_: Any) -> bool:
    origin: Any = get_origin(type_)
    args = get_args(type_)
    return origin is tuple and len(args) == 2 and args[1] is ...


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return len(args) == 2 and args[1] is type(None)


def _optional_hook(converter: cattrs.Converter, type_: Any) -> Callable[[Any, Any], Any]:
    # The body hook drops null values before fields are read, so this is mostly the inner
    # hook; a direct call saves cattrs' per-value dispatch (half a million calls in a big org).
    inner_type = get_args(type_)[0]
    inner = converter.get_structure_hook(inner_type)

    def structure_optional(value: Any, _type: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure_optional


def _is_dict(type_: Any) -> bool:
    origin: Any = get_origin(type_)
    return origin is dict


@functools.cache
def converter() -> cattrs.Converter:
    """The one converter of org files (built on first use: ``import distauth`` stays light)."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for type_, hook in (
        (str, _str),
        (bool, _bool),
        (int, _int),
        (dt.date, _date),
        (Slug, _slug),
        (Email, _email),
        (Scope, _scope),
        (Resource, _resource),
        (Tag, _nonempty),
        (Text, _nonempty),
        (RuleCode, _rule_code),
        (Handle, _handle),
        (PersonKind, _person_kind),
    ):
        conv.register_structure_hook(type_, hook)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, lambda t: _tuple_hook(conv, t))
    conv.register_structure_hook_factory(_is_dict, lambda t: _mapping_hook(conv, t))
    conv.register_structure_hook_factory(_is_optional, lambda t: _optional_hook(conv, t))
    conv.register_structure_hook_factory(attrs.has, lambda cls: _class_hook(conv, cls))
    return conv


def structure(root: object) -> OrgFile:
    """Structure a parsed file into an :class:`OrgFile` (raises cattrs' exception tree).

    >>> structure({"version": 1, "name": Plain("1.10")}).name
    '1.10'
    """
    result: OrgFile = converter().structure(root, OrgFile)
    return result


# --- from cattrs' exception tree to problems ---------------------------------------------------


def _step(exc: BaseException) -> PathItem | None:
    for note in reversed(getattr(exc, "__notes__", ())):
        if isinstance(note, AttributeValidationNote):
            return note.name
        if isinstance(note, IterableValidationNote):
            return note.index
    return None


def _hint(key: str, cls: type | None) -> str:
    if cls is None or cls not in FIELDS:
        return ""
    allowed = FIELDS[cls]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (expected one of: {', '.join(allowed)})"


def problems_of(exc: BaseException) -> Iterator[tuple[tuple[PathItem, ...], str, bool]]:
    """Flatten cattrs' exception tree into ``(path, message, about_a_missing_key)``.

    >>> try:
    ...     structure({"version": 1, "areas": {"ops": {"parnet": "x"}}})
    ... except Exception as exc:
    ...     print(list(problems_of(exc)))
    [(('areas', 'ops', 'parnet'), "unknown key 'parnet' (did you mean 'parent'?)", False)]
    """
    stack: list[tuple[BaseException, tuple[PathItem, ...]]] = [(exc, ())]
    found: list[tuple[tuple[PathItem, ...], str, bool]] = []
    while stack:
        error, path = stack.pop()
        if isinstance(error, BaseValidationError):
            for sub in error.exceptions:
                step = _step(sub)
                stack.append((sub, path if step is None else (*path, step)))
        elif isinstance(error, ForbiddenExtraKeysError):
            found.extend(
                ((*path, key), f"unknown key {key!r}{_hint(key, error.cl)}", False)
                for key in sorted(error.extra_fields)
            )
        elif isinstance(error, KeyError):
            # cattrs reads a required field with o[name]; only that raises KeyError here.
            found.append((path, "is required", True))
        elif isinstance(error, AlreadyReportedError):
            continue
        elif isinstance(error, LeafError):
            found.append((path, str(error), False))
        else:
            found.append((path, f"{type(error).__name__}: {error}", False))
    found.sort(key=lambda item: [str(p) for p in item[0]])
    yield from found
