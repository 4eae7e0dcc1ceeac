"""The settings of a validation: :class:`Config`, and the one reader of rule-code lists.

:func:`~distauth.validate` takes a :class:`Config` (the command line builds one from
``[tool.distauth]`` and its options); :func:`parse_codes` reads every list of rule codes or
prefixes, from the command line, the configuration files and :func:`~distauth.validate`'s
arguments. Both are re-exported by :mod:`distauth.rules._core`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from distauth._errors import InvalidTypeError, InvalidValueError
from distauth._model import is_slug

__all__ = ["Config", "parse_codes"]


def _positive_int(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(f"{attribute.name} must be an int (got {value!r})", value)
    if value < 0:
        raise InvalidValueError(f"{attribute.name} must be >= 0 (got {value})", value)


_CODE_SEPARATORS = re.compile(r"[\s,]+")


def parse_codes(value: str | Iterable[str]) -> tuple[str, ...]:
    """Rule codes or prefixes from a list, or from text such as ``"DA1,DA502"``.

    The one reader of code lists: the command line's ``--select`` and friends, the
    configuration and :func:`validate` all use it. Commas and white space both separate, as
    ``"DA1,DA502"``, ``"DA1, DA502"`` and ``"DA1 DA502"`` all read naturally.

    Raises:
        InvalidTypeError: *value* is neither text nor an iterable of str.

    >>> parse_codes("DA1, DA502"), parse_codes(["DA3"]), parse_codes(" , ")
    (('DA1', 'DA502'), ('DA3',), ())
    """
    if isinstance(value, str):
        return tuple(part for part in _CODE_SEPARATORS.split(value) if part)
    if not isinstance(value, Iterable):
        raise InvalidTypeError(f"rule codes must be a list of str (got {value!r})", value)
    codes = tuple(value)
    for code in codes:
        if not isinstance(code, str):
            raise InvalidTypeError(f"rule codes must be str (got {code!r})", code)
    return codes


def _codes(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else parse_codes(value)


def _some_codes(value: Iterable[str] | None) -> tuple[str, ...]:
    return _codes(value) or ()


def _area_ignores(value: Mapping[str, Iterable[str]]) -> Mapping[str, frozenset[str]]:
    if not isinstance(value, Mapping):
        raise InvalidTypeError(f"per_area_ignores must be a mapping (got {value!r})", value)
    out: dict[str, frozenset[str]] = {}
    for area, codes in value.items():
        if not isinstance(area, str):
            raise InvalidTypeError(f"per_area_ignores keys must be area ids (got {area!r})", area)
        if isinstance(codes, str):
            # frozenset("DA1") would be {"D", "A", "1"}: a list is meant.
            raise InvalidTypeError(
                f"per_area_ignores[{area!r}] must be a list of codes (got {codes!r})", codes
            )
        out[area] = frozenset(_some_codes(codes))
    return out


def _adr_areas(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(directory, str) and is_slug(area) for directory, area in value.items()
    ):
        raise InvalidTypeError(
            f"adr_areas must map ADR directories to area ids (got {value!r})", value
        )
    return dict(value)


def _inventory(value: Iterable[str]) -> tuple[str, ...]:
    from distauth.scopes import check_resource  # noqa: PLC0415

    if isinstance(value, str):
        raise InvalidTypeError(f"inventory must be a list of resources (got {value!r})", value)
    return tuple(dict.fromkeys(check_resource(r) for r in value))


def _bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(f"{attribute.name} must be True or False (got {value!r})", value)


@attrs.frozen(kw_only=True)
class Config:
    """Settings for :func:`validate` (also read from ``[tool.distauth]``).

    Attributes:
        select: codes or prefixes to run (``None``: all rules).
        ignore: codes or prefixes never to run.
        extend_select: codes or prefixes added to ``select``.
        per_area_ignores: ``{area id: codes or prefixes}`` suppressed for findings naming it.
        max_areas_per_person: DA501 fires above this many areas for one person.
        handover_horizon_days: DA504 looks this many days ahead for ending assignments.
        spof_threshold: DA506 fires for a person whose leaving strands this many areas.
        strict: warnings fail too (used by the command line).
        adr_areas: ``{ADR directory: area id}`` for ``distauth decisions``: the area that the
            records under each directory concern (directories relative to the configuration).
        inventory: every resource that exists (``validate --inventory git``: the files a
            repository tracks). DA303 checks them with the org's own ``resources``; DA304
            reports scopes matching none of them, DA301 counts those in each overlap.

    >>> Config(max_areas_per_person=5).max_areas_per_person
    5
    """

    select: tuple[str, ...] | None = attrs.field(default=None, converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_some_codes)
    extend_select: tuple[str, ...] = attrs.field(default=(), converter=_some_codes)
    per_area_ignores: Mapping[str, frozenset[str]] = attrs.field(
        factory=dict, converter=_area_ignores
    )
    max_areas_per_person: int = attrs.field(default=10, validator=_positive_int)
    handover_horizon_days: int = attrs.field(default=30, validator=_positive_int)
    spof_threshold: int = attrs.field(default=3, validator=_positive_int)
    strict: bool = attrs.field(default=False, validator=_bool)
    adr_areas: Mapping[str, str] = attrs.field(factory=dict, converter=_adr_areas)
    inventory: tuple[str, ...] = attrs.field(default=(), converter=_inventory, repr=False)
