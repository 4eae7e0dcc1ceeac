"""The answers of the org's queries: escalation paths, arbitrations and decisions.

Plain frozen values that say what a query found and, in words, why (:meth:`explain`); the
algorithms that find them live in :mod:`distauth._queries`, which re-exports these classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from distauth._model import Area, Displayable, Person, Role

__all__ = ["Arbitration", "Decision", "EscalationPath", "Step"]


@attrs.frozen
class Step:
    """One step of an escalation path: an area and its DRI (``None`` when not resolvable)."""

    area: Area
    dri: Person | None


@attrs.frozen
class EscalationPath(Displayable):
    """Where a disagreement in an area goes, step by step, up to the top.

    Attributes:
        area: the id the path starts from.
        steps: the areas passed, each with its DRI, starting with ``area`` itself.
        broken_at: the id where the path breaks (``None`` when it reaches the top).
        reason: why it breaks, in plain words (``None`` when it reaches the top).
    """

    area: str
    steps: tuple[Step, ...]
    broken_at: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when every step has a DRI and the path reaches a top-level area.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("ops"))
        >>> org.escalation_path("ops").ok
        False
        """
        return self.reason is None

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        """Compact: the areas passed and how the path ends.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"),
        ...         da.DRI("co", "ana"))
        >>> org.escalation_path("ops")
        <EscalationPath 'ops': ops (no DRI); breaks at 'ops'>
        """
        steps = " -> ".join(
            f"{s.area.id} ({s.dri.id if s.dri is not None else 'no DRI'})" for s in self.steps
        )
        end = "reaches the top" if self.ok else f"breaks at {self.broken_at!r}"
        return f"<EscalationPath {self.area!r}: {steps}; {end}>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the start, ``ok``, each step's area and DRI, and where it breaks.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
        >>> org.escalation_path("co").to_dict()
        {'area': 'co', 'ok': True, 'steps': [{'area': 'co', 'dri': 'ana', 'dri_active': True}], \
'broken_at': None, 'reason': None}
        """
        return {
            "area": self.area,
            "ok": self.ok,
            "steps": [
                {
                    "area": s.area.id,
                    "dri": s.dri.id if s.dri is not None else None,
                    "dri_active": s.dri.active if s.dri is not None else None,
                }
                for s in self.steps
            ],
            "broken_at": self.broken_at,
            "reason": self.reason,
        }

    def explain(self) -> str:
        """The path in words, one step per line.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
        >>> print(org.escalation_path("co").explain())
        co (DRI: ana)
        reaches the top
        """
        lines = [f"{s.area.id} (DRI: {s.dri.id if s.dri else 'none'})" for s in self.steps]
        lines.append("reaches the top" if self.ok else f"breaks at {self.broken_at}: {self.reason}")
        return "\n".join(lines)


@attrs.frozen
class Arbitration:
    """Who settles a conflict between two areas: the smallest area containing both, its DRI.

    Attributes:
        areas: the two area ids asked about.
        area: their lowest common ancestor area, or ``None`` when they share none (separate
            trees, or a parent chain broken by a cycle).
        dri: the person who settles it: that area's DRI, or ``None`` when it has no single
            resolvable DRI. An inactive DRI is named but does not make the answer ``ok``.
        reason: why nobody settles it, or ``None``.
    """

    areas: tuple[str, str]
    area: Area | None
    dri: Person | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when exactly one active person settles the conflict.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("a"), da.Area("b"))
        >>> org.arbitration("a", "b").ok
        False
        """
        return self.reason is None

    def __repr__(self) -> str:
        """Compact.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("a", parent="co"),
        ...         da.Area("b", parent="co"), da.DRI("co", "ana"))
        >>> org.arbitration("a", "b")
        <Arbitration 'a', 'b': co (DRI ana)>
        """
        a, b = self.areas
        if self.area is None:
            return f"<Arbitration {a!r}, {b!r}: no common area>"
        who = self.dri.id if self.dri is not None else "no DRI"
        return f"<Arbitration {a!r}, {b!r}: {self.area.id} (DRI {who})>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("a"), da.Area("b"))
        >>> org.arbitration("a", "b").to_dict()["reason"]
        "'a' and 'b' are in no common area (separate trees, or a broken parent chain)"
        """
        return {
            "areas": list(self.areas),
            "ok": self.ok,
            "area": self.area.id if self.area is not None else None,
            "dri": self.dri.id if self.dri is not None else None,
            "dri_active": self.dri.active if self.dri is not None else None,
            "reason": self.reason,
        }

    def explain(self) -> str:
        """The answer in words.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("co"), da.Area("a", parent="co"),
        ...         da.Area("b", parent="co"), da.DRI("co", "ana"))
        >>> print(org.arbitration("a", "b").explain())
        'a' and 'b' meet in 'co': ana settles a conflict between them.
        """
        a, b = self.areas
        if self.reason is not None:
            return f"{self.reason}: nobody settles a conflict between {a!r} and {b!r}."
        assert self.area is not None
        assert self.dri is not None
        return (
            f"{a!r} and {b!r} meet in {self.area.id!r}: {self.dri.id} settles a conflict "
            "between them."
        )


@attrs.frozen
class Decision(Displayable):
    """The answer to "who decides about this resource?".

    Attributes:
        resource: the resource asked about.
        area: the winning area (the deepest matching one), or ``None`` when nothing matches
            or the answer is ambiguous.
        dri: the person who decides, or ``None``.
        candidates: every area with a scope matching the resource, the most specific (deepest)
            first, ties by id.
        fallback: true when ``area`` is vacant and the DRI is taken from an ancestor.
        ambiguous: true when matching areas are not on one ancestor chain.
        matched: ``(area id, scope)`` for every matching scope.
        dri_area: the area whose DRI decides: ``area`` itself, or on a fallback the nearest
            ancestor with a DRI; ``None`` when nobody decides.
        deciders: everyone who may decide: the DRI alone for a normal area, the holders of
            a team (a collective role) that is DRI, or the team itself when the org lists
            none of its members; the deputy while the DRI is absent; empty when nobody
            decides.
        absent: the people who would decide but are absent that day (see
            :class:`~distauth.Absence`).
        by_deputy: true when they are all absent and the area's deputy decides instead.
        nobody: true when an area says that nobody holds its scopes
            (:attr:`Area.nobody <distauth.Area.nobody>`) and has no DRI in effect, so that
            nobody decides: ``area`` itself, or on a fallback an ancestor, which stops it.
    """

    resource: str
    area: Area | None
    dri: Person | None
    candidates: tuple[Area, ...] = ()
    fallback: bool = False
    ambiguous: bool = False
    matched: tuple[tuple[str, str], ...] = ()
    dri_area: Area | None = None
    deciders: tuple[Person | Role, ...] = ()
    absent: tuple[Person, ...] = ()
    by_deputy: bool = False
    nobody: bool = False

    @property
    def ok(self) -> bool:
        """True when exactly one active person decides.

        An inactive DRI (someone who has left, DA104) is still named in :attr:`dri`, but the
        answer is not ok: nobody can act on it.

        >>> import distauth as da
        >>> da.Org().who_decides("finance/billing").ok
        False
        """
        return self.dri is not None and self.dri.active and not self.ambiguous

    @property
    def dri_inactive(self) -> bool:
        """True when the person named as deciding is marked inactive (has left).

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("cy", active=False), da.Area("hr", scopes=["hr"]),
        ...         da.DRI("hr", "cy"))
        >>> decision = org.who_decides("hr")
        >>> decision.dri.id, decision.dri_inactive, decision.ok
        ('cy', True, False)
        """
        return self.dri is not None and not self.dri.active

    def __repr__(self) -> str:
        """Compact: the resource, the winning area and who decides.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("hr", scopes=["hr"]), da.DRI("hr", "ana"))
        >>> org.who_decides("hr/leave")
        <Decision 'hr/leave': hr, DRI ana>
        """
        if self.ambiguous:
            names = ", ".join(c.id for c in self.candidates)
            return f"<Decision {self.resource!r}: ambiguous between {names}>"
        if self.area is None:
            return f"<Decision {self.resource!r}: no area>"
        who = "no DRI" if self.dri is None else f"DRI {self.dri.id}"
        if self.dri_inactive:
            who += " (inactive)"
        if self.fallback and self.dri_area is not None:
            who += f" (fallback to {self.dri_area.id})"
        return f"<Decision {self.resource!r}: {self.area.id}, {who}>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the answer, with ids for areas and people.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("hr", scopes=["hr"]), da.DRI("hr", "ana"))
        >>> org.who_decides("hr/leave").to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'resource': 'hr/leave', 'ok': True, 'area': 'hr', 'dri': 'ana', 'dri_active': True,
         'dri_area': 'hr', 'fallback': False, 'ambiguous': False, 'candidates': ['hr'],
         'matched': [{'area': 'hr', 'scope': 'hr'}], 'deciders': ['ana'], 'absent': [],
         'by_deputy': False, 'nobody': False}
        """
        return {
            "resource": self.resource,
            "ok": self.ok,
            "area": self.area.id if self.area is not None else None,
            "dri": self.dri.id if self.dri is not None else None,
            "dri_active": self.dri.active if self.dri is not None else None,
            "dri_area": self.dri_area.id if self.dri_area is not None else None,
            "fallback": self.fallback,
            "ambiguous": self.ambiguous,
            "candidates": [c.id for c in self.candidates],
            "matched": [{"area": a, "scope": p} for a, p in self.matched],
            "deciders": [d.id for d in self.deciders],
            "absent": [p.id for p in self.absent],
            "by_deputy": self.by_deputy,
            "nobody": self.nobody,
        }

    def explain(self) -> str:
        """Say in plain words which scopes matched and why the winner won.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("fin", scopes=["finance/**"]),
        ...         da.Area("billing", parent="fin", scopes=["finance/billing"]),
        ...         da.DRI("billing", "ana"))
        >>> print(org.who_decides("finance/billing/refunds").explain())
        'finance/billing/refunds' is matched by:
          - area 'billing', scope 'finance/billing'
          - area 'fin', scope 'finance/**'
        'billing' wins: it is the deepest of the matching areas (the most specific delegate).
        ana decides, as DRI of 'billing'.
        """
        if not self.matched:
            return f"no area's scope matches {self.resource!r}: nobody has authority over it."
        lines = [f"{self.resource!r} is matched by:"]
        lines += [f"  - area {a!r}, scope {p!r}" for a, p in self.matched]
        if self.ambiguous:
            names = ", ".join(repr(c.id) for c in self.candidates)
            lines.append(
                f"ambiguous: the matching areas {names} are not on one ancestor chain, so none "
                "of them is the most specific delegate; nobody decides until the scopes are "
                "made disjoint (DA301)."
            )
            return "\n".join(lines)
        assert self.area is not None
        if len(self.candidates) > 1:
            lines.append(
                f"{self.area.id!r} wins: it is the deepest of the matching areas "
                "(the most specific delegate)."
            )
        else:
            lines.append(f"{self.area.id!r} is the only matching area.")
        if self.fallback and self.dri_area is not None:
            lines.append(
                f"{self.area.id!r} has no DRI in effect, so authority falls back to its "
                f"nearest ancestor with one, {self.dri_area.id!r}: {self._who()} decide"
                f"{'s' if len(self.deciders) <= 1 else ''}."
            )
        elif self.fallback and self.nobody:
            lines.append(
                f"{self.area.id!r} has no DRI in effect, and its nearest ancestor that decides "
                "anything says that nobody holds its scopes: nobody decides."
            )
        elif self.fallback:
            lines.append(
                f"{self.area.id!r} has no DRI in effect, and no ancestor has one: nobody decides."
            )
        elif self.nobody:
            lines.append(
                f"{self.area.id!r} says that nobody holds its scopes: nobody decides, and "
                "authority does not fall back to an ancestor."
            )
        elif self.deciders:
            lines.append(self._deciding(self.dri_area or self.area))
        else:
            lines.append(f"nobody decides: the DRI of {self.area.id!r} cannot be resolved.")
        if self.dri_inactive:
            assert self.dri is not None
            lines.append(
                f"but {self.dri.id} is inactive (has left): nobody can act on it until the area "
                "has an active DRI (DA104)."
            )
        return "\n".join(lines)

    def _who(self) -> str:
        return ", ".join(d.id for d in self.deciders) or "nobody"

    def _deciding(self, area: Area) -> str:
        """The sentence that names the deciders of *area*, the absent and the deputy."""
        away = ", ".join(p.id for p in self.absent)
        if self.by_deputy:
            return (
                f"{away}, who would decide as DRI of {area.id!r}, "
                f"{'is' if len(self.absent) == 1 else 'are'} absent: the deputy "
                f"{area.deputy!r} stands in, so {self._who()} "
                f"{'decides' if len(self.deciders) == 1 else 'decide'}."
            )
        if self.dri is not None:
            text = f"{self.dri.id} decides, as DRI of {area.id!r}."
        elif len(self.deciders) == 1 and isinstance(self.deciders[0], Role):
            text = (
                f"team {self.deciders[0].id!r} decides, as DRI of {area.id!r} "
                "(the org lists none of its members)."
            )
        else:
            text = (
                f"the team that is DRI of {area.id!r} decides: any of {self._who()} "
                "(no single DRI)."
            )
        if self.absent:
            text += f" {away} {'is' if len(self.absent) == 1 else 'are'} absent" + (
                f", and {area.id!r} has no deputy who can stand in."
                if self.dri is not None or len(self.deciders) == len(self.absent)
                else "."
            )
        return text
