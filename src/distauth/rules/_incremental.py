"""Findings after a change, re-checked only where the change reaches.

:func:`changed_findings` answers what comparing ``validate(old)`` with ``validate(new)``
answers (the findings introduced and resolved, matched by code and subjects as baselines
match them) without validating either org in full. A change is given as the entities and
records that differ (:class:`Edit`); from them:

- the **area-local** rules (a finding about an area depends on its records, what they name,
  and its escalation chain: DA101-DA107, DA402, DA404, DA502-DA505) are checked for the areas
  the edit touches, the areas below them whose chain repeats the same person (DA404) and those
  escalating straight to them (DA402), on a small org of just those with their chains, in
  both orgs (as the look-ahead checks an event day);
- the **per-person** rules (DA501, DA506) for the people whose areas, or whose walk up from
  them, the edit touches, on a small org of their areas and the areas above;
- every other rule (references, cycles, handles, scopes, escalation direction, decision
  records, plugins) runs on both orgs in full, but only when a test of the edit says its
  findings can differ (a reference to a changed id, a changed parent on a cycle, a changed
  handle, a scoped area moved...); otherwise its findings are the same on both sides and
  cancel.

Findings outside what is re-checked are the same in both orgs, so they match each other and
neither is introduced nor resolved; a property test compares the result with the two full
validations on random orgs and random edits. Cost: O(what the edit reaches), plus a full run
of a guarded rule on both orgs when its test fires. The same entry point serves one org edited
in place (issue 15): give it the org before and after the edit.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from distauth._graph import graph_of
from distauth._model import DRI, Absence, Area, Person, Role
from distauth._queries import resolve_holder
from distauth.rules._core import RULES, CheckContext, Config, Finding, run_rules, selection
from distauth.rules._lookahead import (
    LOCAL,
    affected,
    one_person,
    placed,
    small_org,
    walking_through,
    with_chains,
    with_parents,
)

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["Edit", "changed_findings"]

#: Rules whose finding about an area (its first subject) depends only on that area's
#: neighbourhood and escalation chain.
AREA_LOCAL = (LOCAL - {"DA201", "DA203", "DA103"}) | {"DA502", "DA503"}
#: Rules about one person (the first subject), from that person's areas and those above.
PER_PERSON = frozenset({"DA501", "DA506"})

_REFERENCES = frozenset({"DA201", "DA203"})
_BOTH = 2  # an entity on both sides of the edit
_CYCLES = frozenset({"DA202", "DA401"})


@attrs.frozen
class Edit:
    """What differs between two orgs, as the re-check needs it.

    Attributes:
        ids: entities (any kind, decision records too) added, removed or changed.
        before: the old values of those entities and of the records (DRI assignments,
            absences) removed or changed.
        after: the new values of those entities and of the records added or changed.
        org_fields: the org's own fields that differ (``name``, ``resources``, ``ignores``).
    """

    ids: frozenset[str]
    before: tuple[Any, ...] = ()
    after: tuple[Any, ...] = ()
    org_fields: frozenset[str] = frozenset()


Key = tuple[str, tuple[str, ...]]


def _key(finding: Finding) -> Key:
    return finding.code, finding.subjects


def beyond(findings: Iterable[Finding], other: Counter[Key]) -> tuple[Finding, ...]:
    """The findings whose key is not in *other* (as a multiset: one match each)."""
    left = Counter(other)
    out = []
    for f in findings:
        key = _key(f)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return tuple(out)


def compare(
    old_findings: Iterable[Finding], new_findings: Iterable[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """``(introduced, resolved)`` between two lists of findings, each in report order."""
    old_sorted = sorted(old_findings, key=Finding.sort_key)
    new_sorted = sorted(new_findings, key=Finding.sort_key)
    introduced = beyond(new_sorted, Counter(_key(f) for f in old_sorted))
    resolved = beyond(old_sorted, Counter(_key(f) for f in new_sorted))
    return introduced, resolved


def full_findings(
    old: Org, new: Org, day: dt.date, config: Config
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """``(introduced, resolved)`` from two full validations (the reference answer)."""
    from distauth.rules._core import validate  # noqa: PLC0415 - the same module, for clarity

    return compare(
        validate(old, on=day, config=config).findings,
        validate(new, on=day, config=config).findings,
    )


def changed_findings(
    old: Org, new: Org, edit: Edit, day: dt.date, config: Config
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """``(introduced, resolved)``: as :func:`full_findings`, re-checking only what *edit* reaches.

    Falls back to the two full validations when the orgs' own ignores differ (the rules'
    selection would then differ between the two).
    """
    if "ignores" in edit.org_fields:
        return full_findings(old, new, day, config)
    chosen, ignores = selection(old, config)
    local = chosen & AREA_LOCAL
    people = chosen & PER_PERSON
    guarded = chosen - AREA_LOCAL - PER_PERSON
    reach = _Reach(old, new, edit, day)
    full = {code for code in guarded if reach.may_change(code)}
    if reach.odd:  # records on ids that are no areas: found by a full run only
        full |= local
        local = set()
    full_areas, escalating = _areas_reached(reach, day) if local else (set(), set())
    concerned = _people(reach, day) if people else set()
    found: list[list[Finding]] = []
    for org in (old, new):
        ctx = CheckContext(org, config, day, chosen)
        out: list[Finding] = []
        if local:
            out += _local(
                org,
                full=full_areas,
                escalating=escalating,
                ctx=ctx,
                codes=local,
                ignores=ignores,
            )
        if people:
            out += _per_person(org, people=concerned, ctx=ctx, codes=people, ignores=ignores)
        if full:
            out += run_rules(org, ctx, full, ignores)
        found.append(out)
    return compare(found[0], found[1])


# --- what the edit reaches -----------------------------------------------------------------------


def _entity(org: Org, ident: str) -> Any:
    nodes = org.graph.nodes
    return nodes[ident].get("entity") if ident in nodes else None


def _neighbours(org: Org, ident: str) -> Iterable[str]:
    graph = org.graph
    if ident not in graph:
        return ()
    return [*graph.succ[ident], *graph.pred[ident]]


def _names_unknown_holder(org: Org) -> bool:
    """Whether some DRI record names a holder that is no entity of the org (DA103)."""
    graph = graph_of(org)
    return any(
        data["entity"] is None
        and any(
            d.get("kind") == "dri" for keys in graph.pred[ident].values() for d in keys.values()
        )
        for ident, data in graph.nodes.items()
    )


def _records_on(org: Org, ident: str) -> bool:
    """Whether some DRI record names *ident* as its area (an id that may be no area)."""
    graph = org.graph
    return ident in graph and any(
        data.get("kind") == "dri" for keys in graph.succ[ident].values() for data in keys.values()
    )


def _held_by(org: Org, ident: str) -> bool:
    """Whether some DRI record names *ident* as its holder."""
    graph = org.graph
    return ident in graph and any(
        data.get("kind") == "dri" for keys in graph.pred[ident].values() for data in keys.values()
    )


class _Reach:
    """The areas, people and links an edit touches, in either org."""

    def __init__(self, old: Org, new: Org, edit: Edit, day: dt.date) -> None:
        self.old, self.new, self.edit, self.day = old, new, edit, day
        self.orgs = (old, new)
        values = [*edit.before, *edit.after]
        #: Areas whose own neighbourhood changed.
        self.seeds: set[str] = set()
        #: Areas whose parent or escalation link changed, or that came or went.
        self.links: set[str] = set()
        #: Areas whose DRI records name a changed id (or a role that names one).
        self.held: set[str] = set()
        self.records = [v for v in values if isinstance(v, DRI | Absence)]
        #: A record on an id that is no area changed, or what it names did: the rules judge
        #: such records (DA103-DA107 name that id first), and only a full run finds them all.
        self.odd = False
        for ident in edit.ids:
            self._spread(ident)
            before, after = _entity(old, ident), _entity(new, ident)
            if (isinstance(before, Area) or isinstance(after, Area)) and not (
                isinstance(before, Area)
                and isinstance(after, Area)
                and (before.parent, before.escalates_to) == (after.parent, after.escalates_to)
            ):
                self.links.add(ident)
        for org, side in ((old, edit.before), (new, edit.after)):
            for record in side:
                if isinstance(record, DRI):
                    if record.area in org.areas:
                        self.seeds.add(record.area)
                    else:
                        self.odd = True
                elif isinstance(record, Absence):
                    self._spread(record.person)

    def _spread(self, ident: str) -> None:
        """Seed the areas *ident* is, or is linked to (through roles, transitively)."""
        stack, seen = [ident], {ident}
        while stack:
            current = stack.pop()
            for org in self.orgs:
                if current in org.areas:
                    self.seeds.add(current)
                elif _records_on(org, current):
                    self.odd = True
                if current in org.graph:
                    # Areas whose DRI is *current*: what they resolve to may have changed.
                    self.held.update(
                        area
                        for area, keys in org.graph.pred[current].items()
                        if area in org.areas
                        and any(data.get("kind") == "dri" for data in keys.values())
                    )
                for other in _neighbours(org, current):
                    if other in seen:
                        continue
                    if other in org.areas:
                        self.seeds.add(other)
                    elif _records_on(org, other):
                        self.odd = True
                    elif other in org.roles:
                        seen.add(other)
                        stack.append(other)

    @functools.cached_property
    def decisions(self) -> bool:
        """Whether either org holds a decision record (their audit reads the whole map)."""
        return any(next(iter(org.decisions), None) is not None for org in self.orgs)

    # --- the guards: can a rule's findings differ? -------------------------------------------

    def may_change(self, code: str) -> bool:  # noqa: PLR0911 - one answer per family of rules
        if code in _REFERENCES:
            return self._references()
        if code == "DA103":  # its "did you mean" reads every id of the org
            return any(_names_unknown_holder(org) for org in self.orgs)
        if code in _CYCLES:
            return bool(self.links) and self._on_a_cycle()
        if code == "DA403":
            return self._escalation_direction()
        if code == "DA204":
            return self._handles()
        if code.startswith("DA3") and code in RULES:
            return self._scopes()
        if code.startswith("DA6") and code in RULES:
            return self.decisions
        return True  # a rule not known here (a plugin): always re-run

    def _references(self) -> bool:
        suspects = [graph_of(org).suspects for org in self.orgs]
        if suspects[0] != suspects[1]:
            return True
        # A reference judged by what it names: a named id that came, went or changed kind.
        named = {
            end for found in suspects for source, target, _kind in found for end in (source, target)
        }
        for record in self.records:
            if isinstance(record, DRI):
                for org in self.orgs:
                    if record.area in org.graph and record.area not in org.areas:
                        return True
                    if record.holder in org.areas:
                        return True
        for ident in self.edit.ids:
            before, after = _entity(self.old, ident), _entity(self.new, ident)
            if type(before) is not type(after) and (
                ident in named
                or any(
                    _held_by(org, ident) if ident in org.areas else _records_on(org, ident)
                    for org in self.orgs
                )
            ):
                return True
        return False

    def _on_a_cycle(self) -> bool:
        for org in self.orgs:
            areas = org.areas
            for start in self.links:
                if start not in areas:
                    continue
                for escalation in (False, True):
                    seen = {start}
                    at = _next(areas, areas[start], escalation=escalation)
                    while at is not None and at not in seen:
                        seen.add(at)
                        at = _next(areas, areas[at], escalation=escalation)
                    if at == start:
                        return True
        return False

    def below_links(self) -> set[str]:
        """The changed-link areas and every area below them, in either org."""
        out = set(self.links)
        for org in self.orgs:
            graph = org.graph
            stack = [a for a in self.links if a in graph]
            while stack:
                target = stack.pop()
                for source, keys in graph.pred[target].items():
                    if "parent" in keys and source in org.areas and source not in out:
                        out.add(source)
                        stack.append(source)
        return out

    def _escalation_direction(self) -> bool:
        if not self.links:
            return False
        for org in self.orgs:
            graph = org.graph
            for area in self.below_links():
                found = org.areas.get(area)
                if found is not None and found.escalates_to is not None:
                    return True
            for area in self.links:
                if area in graph and any("escalates_to" in k for k in graph.pred[area].values()):
                    return True
        return False

    def _handles(self) -> bool:
        for ident in self.edit.ids:
            before, after = _entity(self.old, ident), _entity(self.new, ident)
            claims = [
                (tuple(getattr(v, "handles", ())), getattr(v, "email", None))
                for v in (before, after)
                if isinstance(v, Person | Role)
            ]
            if any(handles or email for handles, email in claims) and (
                len(claims) < _BOTH or claims[0] != claims[1] or type(before) is not type(after)
            ):
                return True
        return False

    def _scopes(self) -> bool:
        if "resources" in self.edit.org_fields:
            return True
        for ident in self.edit.ids:
            before, after = _entity(self.old, ident), _entity(self.new, ident)
            values = [v for v in (before, after) if isinstance(v, Area)]
            if not any(v.scopes for v in values):
                continue
            if len(values) < _BOTH or (values[0].scopes, values[0].parent, values[0].nobody) != (
                values[1].scopes,
                values[1].parent,
                values[1].nobody,
            ):
                return True
        if self.links:
            for org in self.orgs:
                areas = org.areas
                if any(a in areas and areas[a].scopes for a in self.below_links()):
                    return True
        return False


def _next(areas: Mapping[str, Area], area: Area, *, escalation: bool) -> str | None:
    target = area.escalates_to if escalation and area.escalates_to is not None else area.parent
    return target if target is not None and target in areas else None


# --- the re-checks -------------------------------------------------------------------------------


def _local(
    org: Org,
    *,
    full: set[str],
    escalating: set[str],
    ctx: CheckContext,
    codes: set[str],
    ignores: Mapping[str, set[str]],
) -> list[Finding]:
    """The *codes* findings of *org* about the *full* areas (DA402: and the *escalating*)."""
    areas = org.areas
    complete = with_chains(org, {a for a in full if a in areas})
    bare = {a for a in escalating if a in areas} - complete
    small = small_org(org, complete, bare)
    return [
        placed(org, f)
        for f in run_rules(
            small, CheckContext(small, ctx.config, ctx.on, ctx.selected), codes, ignores
        )
        if f.subjects
        and (f.subjects[0] in full or (f.code == "DA402" and f.subjects[0] in escalating))
    ]


def _areas_reached(reach: _Reach, day: dt.date) -> tuple[set[str], set[str]]:
    """The areas whose area-local findings can differ, and those only DA402 can (both orgs)."""
    full: set[str] = set()
    escalating: set[str] = set()
    for each in reach.orgs:
        here = {a for a in reach.seeds if a in each.areas}
        more, up = affected(each, here, day)
        full |= more
        escalating |= up
    return full, escalating - full


def _owners(reach: _Reach) -> set[str]:
    """Areas whose DRI, deputy, ``nobody`` or place changed: all a person's DA501/DA506 read."""
    out = reach.links | reach.held
    for org, side in ((reach.old, reach.edit.before), (reach.new, reach.edit.after)):
        out.update(r.area for r in side if isinstance(r, DRI) and r.area in org.areas)
    for ident in reach.edit.ids:
        before, after = _entity(reach.old, ident), _entity(reach.new, ident)
        if (
            isinstance(before, Area)
            and isinstance(after, Area)
            and (before.deputy, before.nobody) != (after.deputy, after.nobody)
        ):
            out.add(ident)
    return out


def _people(reach: _Reach, day: dt.date) -> set[str]:
    """Everyone whose DA501 or DA506 finding the edit can change, in either org.

    The people of the areas whose records, deputy, ``nobody`` or place changed; the people and
    role holders changed; and for DA506, those whose walk up passes through such an area: a
    walk stops at an area with one person's record (that person is counted already), so only
    below an area that is, in either org, anything else is anyone else reached.
    """
    owners = _owners(reach)
    out: set[str] = set()
    roots: set[str] = set()
    for area in owners:
        held = [one_person(org, area, day) if area in org.areas else None for org in reach.orgs]
        if None in held:
            roots.add(area)
    for org in reach.orgs:
        graph = org.graph
        for ident in reach.edit.ids:
            entity = _entity(org, ident)
            if isinstance(entity, Person):
                out.add(ident)
            elif isinstance(entity, Role):
                out.update(entity.holders)
        for area in owners:
            if area not in graph:
                continue
            for keys in graph.succ[area].values():
                for key in keys:
                    if isinstance(key, DRI):
                        person = resolve_holder(graph_of(org), key.holder)
                        if person is not None:
                            out.add(person.id)
        out |= walking_through(org, {a for a in roots if a in org.areas}, day)
    return out


def _per_person(
    org: Org,
    *,
    people: set[str],
    ctx: CheckContext,
    codes: set[str],
    ignores: Mapping[str, set[str]],
) -> list[Finding]:
    """The *codes* findings of *org* about the *people*, on a small org of their areas."""
    day = ctx.on
    theirs = {a.id for p in people if p in org.people for a in org.areas_of(p, on=day)}
    small = small_org(org, with_parents(org, theirs))
    return [
        placed(org, f)
        for f in run_rules(
            small, CheckContext(small, ctx.config, day, ctx.selected), codes, ignores
        )
        if f.subjects and f.subjects[0] in people
    ]
