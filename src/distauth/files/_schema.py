"""The JSON Schema (draft-07) of the org file, for editors and for other tools.

It describes the same tree the loader reads: every key, ``additionalProperties: false``
everywhere, slug patterns for ids (values and keys), ISO date patterns, ``version`` fixed to 1.
Optional fields also accept ``null``, since the loader reads null as "absent". Scope and
resource patterns are a close approximation (the ``**`` rules are in the descriptions); the
loader remains the authority. ``src/distauth/org.schema.json`` ships the same document.
"""

from __future__ import annotations

from typing import Any

from distauth._slug import SLUG

__all__ = ["json_schema"]

_SLUG = f"^{SLUG}$"
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_SEGMENT = r"[^/:\\\s]([^/:\\]*[^/:\\\s])?"
_LITERAL_SEGMENT = r"[^/:\\\s*]([^/:\\*]*[^/:\\\s*])?"
_NAMESPACE = f"({SLUG}:)?"
_SCOPE = f"^{_NAMESPACE}{_SEGMENT}(/{_SEGMENT})*$"
_RESOURCE = f"^{_NAMESPACE}{_LITERAL_SEGMENT}(/{_LITERAL_SEGMENT})*$"


def _id(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": _SLUG, "description": description}


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    """Also accept null: the loader reads null as "absent"."""
    out = dict(schema)
    kind = out["type"]
    out["type"] = [kind, "null"] if isinstance(kind, str) else [*kind, "null"]
    return out


def _text(description: str) -> dict[str, Any]:
    return _optional({"type": "string", "description": description})


def _list(items: dict[str, Any], description: str, *, unique: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items, "description": description}
    if unique:
        schema["uniqueItems"] = True
    return _optional(schema)


def _ids(description: str) -> dict[str, Any]:
    return _list({"type": "string", "pattern": _SLUG}, description)


def _labels(description: str, *, unique: bool = True) -> dict[str, Any]:
    return _list({"type": "string", "pattern": r"\S"}, description, unique=unique)


def _handles(description: str) -> dict[str, Any]:
    # Non-empty, no spaces around it (inner spaces are fine: "Ana Ruiz").
    return _list({"type": "string", "pattern": r"^\S([\s\S]*\S)?$"}, description)


def _body(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": ["object", "null"],
        "description": description,
        "additionalProperties": False,
        "properties": properties,
    }


def _section(description: str, ref: str) -> dict[str, Any]:
    return _optional(
        {
            "type": "object",
            "description": description,
            "propertyNames": {"pattern": _SLUG},
            "additionalProperties": {"$ref": f"#/definitions/{ref}"},
        }
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the org file, as a fresh dict.

    >>> schema = json_schema()
    >>> schema["properties"]["version"]["const"], schema["additionalProperties"]
    (1, False)
    """
    scope = {
        "type": "string",
        "pattern": _SCOPE,
        "description": "A resource pattern: '/'-separated segments with an optional "
        "'namespace:' prefix; '*' matches within one segment, a whole '**' segment any "
        "number of segments.",
    }
    resource = {
        "type": "string",
        "pattern": _RESOURCE,
        "description": "A resource: '/'-separated non-empty segments with an optional "
        "'namespace:' prefix, no '*'.",
    }
    date = {"type": "string", "pattern": _DATE, "format": "date"}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "distauth org file",
        "description": "An organisation as areas of responsibility, each with one DRI "
        "(directly responsible individual). See the distauth documentation, 'Org files'.",
        "type": "object",
        "required": ["version"],
        "additionalProperties": False,
        "properties": {
            "version": {"const": 1, "description": "The file format version: 1."},
            "name": _text("The organisation's display name."),
            "people": _section("People, by id.", "person"),
            "areas": _section("Areas of responsibility, by id.", "area"),
            "roles": _section("Roles, by id.", "role"),
            "dris": _list(
                {"$ref": "#/definitions/dri"},
                "DRI assignments, possibly dated or acting (an area's single undated "
                "assignment may be written as the area's 'dri' instead).",
                unique=False,
            ),
            "absences": _list(
                {"$ref": "#/definitions/absence"},
                "Absences: while an area's DRI is away, its deputy decides.",
                unique=False,
            ),
            "decisions": _section("Decision records (as ADRs write them), by id.", "decision"),
            "resources": _list(
                resource,
                "An inventory of resources that some area's scopes should cover (rule DA303).",
            ),
            "ignore": _optional(
                {
                    "type": "object",
                    "description": "Per-area rule suppressions: area id to rule codes or "
                    "prefixes (DA502, DA5).",
                    "propertyNames": {"pattern": _SLUG},
                    "additionalProperties": _list(
                        {"type": "string", "pattern": "^[A-Z0-9]+$"}, "Rule codes or prefixes."
                    ),
                }
            ),
        },
        "definitions": {
            "person": _body(
                "Someone who can hold authority (null or {} for all defaults).",
                {
                    "name": _text("Display name."),
                    "email": _optional(
                        {
                            "type": "string",
                            "pattern": "^[^@ ]+@[^@ ]+$",
                            "description": "Contact address.",
                        }
                    ),
                    "active": _optional(
                        {
                            "type": "boolean",
                            "description": "false for someone "
                            "who left or is on leave (default true).",
                        }
                    ),
                    "tags": _labels("Free-form labels."),
                    "handles": _handles(
                        "Names in other systems, original spelling: '@login', an email "
                        "address, a full name as ADRs write it."
                    ),
                    "kind": _optional(
                        {
                            "enum": ["human", "agent", "bot"],
                            "type": "string",
                            "description": "human (default), agent or bot: only a human can "
                            "be accountable as DRI.",
                        }
                    ),
                },
            ),
            "area": _body(
                "An area of responsibility.",
                {
                    "name": _text("Display name."),
                    "parent": _optional(_id("The enclosing area.")),
                    "purpose": _text("Why the area exists."),
                    "scopes": _list(scope, "What the area has authority over."),
                    "advisors": _ids("People or roles the DRI consults."),
                    "informed": _ids("People or roles told about decisions."),
                    "escalates_to": _optional(
                        _id("The area disagreements go to, when not the parent.")
                    ),
                    "tags": _labels("Free-form labels."),
                    "deputy": _optional(
                        _id("The person or role who decides while the DRI is absent.")
                    ),
                    "nobody": _optional(
                        {
                            "type": "boolean",
                            "description": "true: nobody holds the area's scopes on purpose "
                            "(no fallback to an ancestor, no DA101) while it has no DRI.",
                        }
                    ),
                    "dri": _optional(
                        _id(
                            "The area's DRI (a person, or a role with one holder): short for "
                            "one undated, non-acting entry in 'dris'."
                        )
                    ),
                },
            ),
            "role": _body(
                "A role inside an area, held by people.",
                {
                    "name": _text("Display name."),
                    "area": _optional(_id("The area the role belongs to.")),
                    "purpose": _text("Why the role exists."),
                    "accountabilities": _labels("What the role is accountable for.", unique=False),
                    "holders": _ids("The people who hold the role."),
                    "handles": _handles("Names in other systems ('@org/team'), original spelling."),
                    "collective": _optional(
                        {
                            "type": "boolean",
                            "description": "true for a team: any holder may decide "
                            "(default false).",
                        }
                    ),
                },
            ),
            "absence": {
                "type": "object",
                "description": "A person away: the deputies of the areas they are DRI of "
                "decide meanwhile.",
                "required": ["person", "start", "end"],
                "additionalProperties": False,
                "properties": {
                    "person": _id("The person."),
                    "start": {**date, "description": "First day away (inclusive)."},
                    "end": {**date, "description": "Day back (exclusive)."},
                },
            },
            "decision": {
                "type": "object",
                "description": "A decision taken, as an ADR records it.",
                "required": ["title", "date"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string", "pattern": r"\S", "description": "What."},
                    "date": {**date, "description": "The day it was taken."},
                    "area": _optional(_id("The area it concerns.")),
                    "resources": _list(resource, "The resources it concerns."),
                    "decided_by": _handles("Who decided: ids or handles."),
                    "consulted": _handles("Whose advice was sought: ids or handles."),
                    "informed": _handles("Who was told: ids or handles."),
                    "dissent": _handles("Who disagreed: ids or handles."),
                    "status": _optional(
                        {
                            "type": "string",
                            "pattern": r"\S",
                            "description": "As written: accepted (default), superseded...",
                        }
                    ),
                    "rationale": _text("Why, in the decider's words."),
                },
            },
            "dri": {
                "type": "object",
                "description": "The assignment of a person or role as an area's DRI.",
                "required": ["area", "holder"],
                "additionalProperties": False,
                "properties": {
                    "area": _id("The area."),
                    "holder": _id("The person, or a role with exactly one holder."),
                    "start": _optional({**date, "description": "First day (inclusive)."}),
                    "end": _optional({**date, "description": "Day it ends (exclusive)."}),
                    "acting": _optional(
                        {"type": "boolean", "description": "A temporary holder (default false)."}
                    ),
                },
            },
        },
    }
