"""What changed between two orgs: :func:`diff` and its result, :class:`OrgDiff`.

The values that differ (entities and records, field by field, and the DRI of each area on the
day) are found by ``_diff_items``; this module adds what the change *does* on one day (which
resources, given, change hands, and which findings it introduces or resolves) and renders the
result as text, JSON-ready data, a pull-request comment and notebook HTML. The findings are
re-checked only where the change reaches (``rules._incremental``): the same answer as
validating both orgs in full, at the cost of what the change touches.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from distauth._bulk import collector_paused
from distauth._diff_items import (
    DRIChange,
    FieldChange,
    ItemChange,
    compare_entities,
    compare_records,
    delta,
    dri_changes,
    edit_of,
    holders_text,
    org_fields,
    plain,
    resources_asked,
)
from distauth._graph import graph_of

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth._queries import Decision
    from distauth.rules import Config, Finding

__all__ = ["DRIChange", "FieldChange", "ItemChange", "OrgDiff", "diff"]


def _decision_key(decision: Decision) -> tuple[Any, ...]:
    return (
        decision.area.id if decision.area else None,
        decision.dri.id if decision.dri else None,
        tuple(c.id for c in decision.candidates),
        decision.ambiguous,
        decision.fallback,
        decision.dri_area.id if decision.dri_area else None,
        tuple(getattr(d, "id", d) for d in getattr(decision, "deciders", ())),
    )


def _decided_by(decision: Decision) -> str:
    if decision.ambiguous:
        return "ambiguous (" + ", ".join(sorted(c.id for c in decision.candidates)) + ")"
    if decision.dri is None:
        return "nobody"
    where = decision.dri_area.id if decision.dri_area else "?"
    return f"{decision.dri.id} ({where}{', fallback' if decision.fallback else ''})"


@attrs.frozen
class OrgDiff:
    """What changed between two orgs, and what the change does on one day.

    Attributes:
        on: the day the DRIs, decisions and findings are compared on.
        items: every entity and record added, removed or changed, sorted by kind and key.
        dris: areas whose DRI on that day differs, sorted by area.
        decisions: ``(resource, before, after)`` for each given resource whose answer to
            "who decides?" differs.
        introduced: findings of the new org that the old one did not have.
        resolved: findings of the old org that the new one no longer has.
    """

    on: dt.date
    items: tuple[ItemChange, ...] = ()
    dris: tuple[DRIChange, ...] = ()
    decisions: tuple[tuple[str, Decision, Decision], ...] = ()
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing differs.

        >>> import distauth as da
        >>> da.diff(da.Org(), da.Org()).empty
        True
        """
        return not (self.items or self.dris or self.decisions or self.introduced or self.resolved)

    def __bool__(self) -> bool:
        return not self.empty

    @property
    def added(self) -> tuple[ItemChange, ...]:
        """The entities and records added."""
        return tuple(c for c in self.items if c.status == "added")

    @property
    def removed(self) -> tuple[ItemChange, ...]:
        """The entities and records removed."""
        return tuple(c for c in self.items if c.status == "removed")

    @property
    def changed(self) -> tuple[ItemChange, ...]:
        """The entities and records changed, each with the fields that differ."""
        return tuple(c for c in self.items if c.status == "changed")

    def failed(self, *, strict: bool = False) -> bool:
        """True when the change introduces an error (with ``strict``, also a warning).

        >>> import distauth as da
        >>> old = da.Org()
        >>> new = old.copy()
        >>> new.add(da.Area("ops"))
        >>> da.diff(old, new, on=dt.date(2027, 1, 1)).failed()   # ops has no DRI: DA101
        True
        """
        worst = 1 if strict else 2
        return any(f.severity.rank >= worst for f in self.introduced)

    def summary(self) -> str:
        """One line: how many items changed and what the change does.

        >>> import distauth as da
        >>> da.diff(da.Org(), da.Org(), on=dt.date(2027, 1, 1)).summary()
        'no changes'
        """
        if self.empty:
            return "no changes"
        parts = []
        counts = Counter(c.status for c in self.items)
        items = ", ".join(f"{counts[s]} {s}" for s in ("added", "removed", "changed") if counts[s])
        if items:
            parts.append(items)
        if self.dris:
            parts.append(_count(len(self.dris), "DRI change"))
        if self.decisions:
            parts.append(
                _count(len(self.decisions), "resource changes hands", "resources change hands")
            )
        parts.append(_count(len(self.introduced), "new finding"))
        parts.append(f"{len(self.resolved)} resolved")
        return "; ".join(parts)

    def to_text(self) -> str:
        """The diff in plain text, one line per change, sections in a fixed order.

        >>> import distauth as da
        >>> old = da.Org()
        >>> old.add(da.Person("ana"), da.Area("ops", purpose="Run", advisors=["ana"]),
        ...         da.DRI("ops", "ana"))
        >>> new = old.copy()
        >>> new.replace(da.Area("ops", purpose="Run it", advisors=["ana"]))
        >>> print(da.diff(old, new, on=dt.date(2027, 1, 1)).to_text())
        on 2027-01-01: 1 changed; 0 new findings; 0 resolved
        changed area 'ops': purpose 'Run' -> 'Run it'
        """
        lines = [f"on {self.on.isoformat()}: {self.summary()}"]
        lines += [f"new finding: {_finding_line(f)}" for f in self.introduced]
        lines += [f"resolved: {_finding_line(f)}" for f in self.resolved]
        lines += [d.describe() for d in self.dris]
        lines += [
            f"{resource}: {_decided_by(before)} -> {_decided_by(after)}"
            for resource, before, after in self.decisions
        ]
        lines += [c.describe() for c in self.items]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of everything in the diff.

        >>> import distauth as da
        >>> sorted(da.diff(da.Org(), da.Org(), on=dt.date(2027, 1, 1)).to_dict())
        ['decisions', 'dris', 'empty', 'introduced', 'items', 'on', 'resolved', 'summary']
        """
        return {
            "on": self.on.isoformat(),
            "empty": self.empty,
            "summary": self.summary(),
            "items": [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "status": c.status,
                    "before": plain(c.before),
                    "after": plain(c.after),
                    "fields": [
                        {"name": f.name, "before": plain(f.before), "after": plain(f.after)}
                        for f in c.fields
                    ],
                }
                for c in self.items
            ],
            "dris": [plain(d) for d in self.dris],
            "decisions": [
                {
                    "resource": resource,
                    "before": _decision_dict(before),
                    "after": _decision_dict(after),
                }
                for resource, before, after in self.decisions
            ],
            "introduced": [f.to_dict() for f in self.introduced],
            "resolved": [f.to_dict() for f in self.resolved],
        }

    def to_markdown(self) -> str:
        """A pull-request comment: a short summary first, the details folded.

        >>> import distauth as da
        >>> old = da.Org()
        >>> new = old.copy()
        >>> new.add(da.Area("ops"))
        >>> print(da.diff(old, new, on=dt.date(2027, 1, 1)).to_markdown().splitlines()[0])
        **distauth**: 1 added; 3 new findings; 0 resolved
        """
        out = [f"**distauth**: {self.summary()}"]
        if self.empty:
            return out[0] + "\n"
        if self.introduced:
            out += ["", "New findings:", ""]
            out += [f"- {_md_finding(f)}" for f in self.introduced]
        if self.resolved:
            out += ["", "Resolved:", ""]
            out += [f"- ~~{_md_finding(f)}~~" for f in self.resolved]
        if self.dris:
            out += ["", f"DRI changes on {self.on.isoformat()}:", ""]
            out += ["| area | before | after |", "| --- | --- | --- |"]
            out += [
                f"| `{d.area}` | {_md_cell(holders_text(d.before))} | "
                f"{_md_cell(holders_text(d.after))} |"
                for d in self.dris
            ]
        if self.decisions:
            out += _folded(
                _count(len(self.decisions), "resource changes hands", "resources change hands"),
                ["| resource | before | after |", "| --- | --- | --- |"]
                + [
                    f"| {_md_code(resource)} | {_md_cell(_decided_by(before))} | "
                    f"{_md_cell(_decided_by(after))} |"
                    for resource, before, after in self.decisions
                ],
            )
        if self.items:
            out += _folded(
                _count(len(self.items), "entity or record", "entities and records"),
                [f"- {_md_item(c)}" for c in self.items],
            )
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div><strong>distauth diff</strong> on {esc(self.on.isoformat())}: "]
        parts.append(esc(self.summary()) + "</div>")
        rows = [f"<li>new {esc(_finding_line(f))}</li>" for f in self.introduced]
        rows += [f"<li>resolved <s>{esc(_finding_line(f))}</s></li>" for f in self.resolved]
        rows += [f"<li>{esc(d.describe())}</li>" for d in self.dris]
        rows += [
            f"<li>{esc(resource)}: {esc(_decided_by(b))} &rarr; {esc(_decided_by(a))}</li>"
            for resource, b, a in self.decisions
        ]
        rows += [f"<li>{esc(c.describe())}</li>" for c in self.items]
        if rows:
            parts.append("<ul>" + "".join(rows) + "</ul>")
        return "".join(parts)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _finding_line(finding: Finding) -> str:
    return f"{finding.code} [{finding.severity}] {finding.message}"


def _decision_dict(decision: Decision) -> dict[str, Any]:
    return {
        "area": decision.area.id if decision.area else None,
        "dri": decision.dri.id if decision.dri else None,
        "dri_area": decision.dri_area.id if decision.dri_area else None,
        "candidates": [c.id for c in decision.candidates],
        "fallback": decision.fallback,
        "ambiguous": decision.ambiguous,
    }


def _md_code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    text = text.replace("\n", " ").replace("|", "\\|")
    if "`" not in text:
        return f"`{text}`"
    return f"`` {text} ``"


def _md_cell(text: str) -> str:
    return html.escape(text.replace("\n", " "), quote=False).replace("|", "\\|")


def _md_finding(finding: Finding) -> str:
    return f"**{finding.code}** ({finding.severity}) {_md_cell(finding.message)}"


def _md_item(change: ItemChange) -> str:
    head = f"{change.status} {change.kind}"
    if change.key:
        head += f" {_md_code(change.key)}"
    if not change.fields:
        return head
    parts = "; ".join(f"{f.name} {_md_code(delta(f.before, f.after))}" for f in change.fields)
    return f"{head}: {parts}"


def _folded(title: str, body: list[str]) -> list[str]:
    # GitHub renders Markdown inside <details> only with a blank line after the summary.
    return [
        "",
        "<details>",
        f"<summary>{html.escape(title)}</summary>",
        "",
        *body,
        "",
        "</details>",
    ]


def diff(
    old: Org,
    new: Org,
    *,
    on: dt.date | None = None,
    resources: Iterable[str] | bool | None = None,
    config: Config | None = None,
) -> OrgDiff:
    """Compare two orgs: what was added, removed and changed, and what that does on day *on*.

    Args:
        old: the org before the change.
        new: the org after it.
        on: the day DRIs, decisions and findings are compared on (default: today).
        resources: resources to ask "who decides?" about in both orgs; ``True`` for the
            inventories of both orgs. Only those whose answer differs are listed.
        config: the validation settings for the findings (default: the defaults).

    Returns:
        An :class:`OrgDiff`. Its cost is one pass over both graphs, the DRI question for the
        areas a changed record or role touches, one validation of each org and, with
        resources, one batch lookup per org.

    >>> import datetime as dt, distauth as da
    >>> old = da.Org()
    >>> old.add(da.Person("ana"), da.Person("bo"), da.Area("ops", purpose="Run",
    ...         advisors=["bo"]), da.DRI("ops", "ana"))
    >>> new = old.copy()
    >>> new.remove(da.DRI("ops", "ana"))
    >>> new.add(da.DRI("ops", "bo"))
    >>> change = da.diff(old, new, on=dt.date(2027, 1, 1))
    >>> [c.describe() for c in change.items]
    ["removed dri 'area=ops holder=ana'", "added dri 'area=ops holder=bo'"]
    >>> [d.describe() for d in change.dris]
    ["area 'ops': DRI ana -> bo"]
    """
    from distauth._model import day_or_today as _day  # noqa: PLC0415 - one day parser

    day = _day(on)
    # Many small values and nothing cyclic: the collector would rescan both graphs again and again.
    with collector_paused():
        return _diff(old, new, day, resources, config)


def _diff(
    old: Org,
    new: Org,
    day: dt.date,
    resources: Iterable[str] | bool | None,
    config: Config | None,
) -> OrgDiff:
    from distauth.rules import Config  # noqa: PLC0415 - the rules import the org
    from distauth.rules._incremental import changed_findings  # noqa: PLC0415

    items: list[ItemChange] = list(org_fields(old, new))
    items += compare_entities(graph_of(old).nodes, graph_of(new).nodes)
    items += compare_records(old, new)
    order = {"org": 0, "person": 1, "area": 2, "role": 3}
    items.sort(key=lambda c: (order.get(c.kind, 4), c.kind, c.key, c.status))
    changes = tuple(items)

    dris = dri_changes(old, new, changes, day)
    asked = resources_asked(old, new, resources)
    decisions: list[tuple[str, Decision, Decision]] = []
    if asked:
        before = old.who_decides_many(asked, on=day)
        after = new.who_decides_many(asked, on=day)
        decisions = [
            (r, b, a)
            for r, b, a in zip(asked, before, after, strict=True)
            if _decision_key(b) != _decision_key(a)
        ]

    introduced, resolved = changed_findings(old, new, edit_of(changes), day, config or Config())
    return OrgDiff(day, changes, tuple(dris), tuple(decisions), introduced, resolved)
