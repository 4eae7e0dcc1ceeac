"""DA6xx, decisions: the decision records audited against the map as it was on their day.

Every rule here reads the judgements of :mod:`distauth._audit`, made once per validation and
shared through :meth:`~distauth.CheckContext.memo`. A record is judged on its own ``date``,
never on the day validated: a decision taken on the day a handover takes effect belongs to the
new DRI, and a DRI record's ``end`` day is already the successor's. Records whose status is
``proposed``, ``draft`` or ``rejected`` were not decided, so only DA607 and DA608 read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from distauth._audit import Judgement, judge_all
from distauth.rules._core import CheckContext, Finding, rule
from distauth.rules.structure import suggest_known

if TYPE_CHECKING:
    from distauth._org import Org

__all__: list[str] = []

_PEOPLE = "people: {ana: {}, bo: {}}\n"
_OPS = "areas:\n  ops: {dri: ana, advisors: [bo]}\n"


def _suspect(j: Judgement) -> bool:
    """False for a record no DA6xx rule can fire on: most of them, skipped once for all rules."""
    return not (
        j.judged
        and j.by_authority
        and not j.missing_advisors
        and not j.unknown_names
        and j.dangling is None
        and not j.unowned
        and not j.non_human
        and not j.record.dissent
    )


def _judgements(ctx: CheckContext) -> list[Judgement]:
    """The judgements of the records some rule may fire on, made once per validation."""
    if not ctx.facts.decision_count:
        return []  # an org without decision records costs the DA6 rules nothing
    return ctx.memo("decisions", lambda c: [j for j in judge_all(c.org) if _suspect(j)])


def _names(ids: tuple[str, ...] | frozenset[str]) -> str:
    return ", ".join(repr(i) for i in sorted(ids)) or "nobody"


def _label(j: Judgement) -> str:
    return f"decision {j.record.id!r} ({j.record.date.isoformat()})"


@rule(
    "DA601",
    "decided-without-authority",
    "error",
    "a decision was taken by nobody who was DRI, acting DRI or deputy of its area that day",
    doc="Each decision record is judged on its own date. Its deciders must include the DRI of "
    "the area it concerns on that day (an acting DRI counts, and so does the DRI a vacant area "
    "falls back to), or the area's deputy. A record about resources in several areas belongs "
    "to their arbiter, the smallest area above them all. A DRI higher up who decides instead "
    "of the area's own is reported too: escalation is for conflicts, and the trust metrics "
    "count it. Records whose deciders are not all known are left to DA607.",
    bad=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [bo], consulted: [bo]}\n",
    good=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo]}\n",
)
def check_decided_without_authority(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if not j.judged or j.area is None or not j.authorized or not j.deciders:
            continue
        if j.by_authority or j.unknown_decider:
            continue
        yield ctx.finding(
            "DA601",
            f"{_label(j)} on area {j.area!r} was taken by {_names(j.deciders)}, none of whom "
            f"was its DRI, acting DRI or deputy that day (they were {_names(j.authorized)})",
            (j.record.id, j.area, *j.deciders),
            hint="record who decided, or have the area's DRI take the decision",
        )


@rule(
    "DA602",
    "advisors-not-consulted",
    "warning",
    "a decision was taken without consulting the advisors of its area",
    doc="A DRI decides after collecting advice. Every advisor of the area (a person, or a role "
    "one of whose holders was heard) must be among the record's `consulted` or its deciders.",
    bad=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana]}\n",
    good=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo]}\n",
)
def check_advisors_not_consulted(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if j.judged and j.area is not None and j.missing_advisors:
            yield ctx.finding(
                "DA602",
                f"{_label(j)} on area {j.area!r} did not consult its advisors "
                f"{_names(j.missing_advisors)}",
                (j.record.id, j.area, *j.missing_advisors),
                hint="consult them next time, or record that they were consulted",
            )


@rule(
    "DA603",
    "decided-where-ambiguous",
    "error",
    "a decision concerns a resource whose authority was ambiguous that day",
    doc="When overlapping areas (DA301) both claim a resource the record names, or its "
    "resources lie in areas with no common ancestor, nobody held single authority over the "
    "decision. Subjects: the record and the candidate areas.",
    bad=_PEOPLE + "areas:\n  ops: {dri: ana, scopes: [infra/**]}\n"
    "  web: {dri: bo, scopes: [infra/web/**]}\n"
    "decisions:\n  use-x: {title: Use X, date: 2026-11-01, resources: [infra/web/cdn], "
    "decided_by: [ana]}\n",
    good=_PEOPLE + "areas:\n  ops: {dri: ana, scopes: [infra/**]}\n"
    "  web: {dri: bo, parent: ops, scopes: [infra/web/**]}\n"
    "decisions:\n  use-x: {title: Use X, date: 2026-11-01, resources: [infra/web/cdn], "
    "decided_by: [bo]}\n",
)
def check_decided_where_ambiguous(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if j.judged and j.ambiguous:
            yield ctx.finding(
                "DA603",
                f"{_label(j)} concerns resources whose authority was ambiguous that day "
                f"(between {_names(j.ambiguous)})",
                (j.record.id, *j.ambiguous),
                hint="resolve the overlap (DA301) so that one area holds each resource",
            )


@rule(
    "DA604",
    "decided-where-unowned",
    "warning",
    "a decision concerns an area or resource nobody held authority over that day",
    doc="The record's area had no DRI that day and nothing to fall back to (or it says nobody "
    "holds it), or a resource it names lies in no area's scope. Subjects: the record, then the "
    "area or each unowned resource.",
    bad=_PEOPLE + "areas:\n  ops: {advisors: [bo]}\n"
    "dris:\n  - {area: ops, holder: ana, start: 2027-01-01}\n"
    "decisions:\n  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], "
    "consulted: [bo]}\n",
    good=_PEOPLE + "areas:\n  ops: {advisors: [bo]}\n"
    "dris:\n  - {area: ops, holder: ana, start: 2026-11-01}\n"
    "decisions:\n  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], "
    "consulted: [bo]}\n",
)
def check_decided_where_unowned(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if j.judged and j.unowned:
            yield ctx.finding(
                "DA604",
                f"{_label(j)} concerns {_names(j.unowned)}, which nobody held authority over "
                "that day",
                (j.record.id, *j.unowned),
                hint="give the area a DRI for that day, or a scope that covers the resource",
            )


@rule(
    "DA605",
    "dissent-without-rationale",
    "warning",
    "a decision was taken over a recorded dissent without a rationale",
    doc="The DRI lets everyone speak and explains their considerations: a record that lists "
    "dissent must say why the decision went ahead (its `rationale`).",
    bad=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo], "
    "dissent: [bo]}\n",
    good=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo], "
    "dissent: [bo], rationale: Cheaper to run; Bo's concern is met by a fallback}\n",
)
def check_dissent_without_rationale(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        record = j.record
        if j.judged and record.dissent and not record.rationale.strip():
            yield ctx.finding(
                "DA605",
                f"{_label(j)} was taken over the dissent of {_names(record.dissent)} with no "
                "rationale",
                (record.id, *record.dissent),
                hint="write down why the decision went ahead despite the dissent",
            )


@rule(
    "DA606",
    "non-human-decision",
    "error",
    "an agent or bot decided with no human DRI among the deciders",
    doc="Accountability rests with a human. A record whose deciders include an agent or a bot "
    "(a person of `kind: agent` or `bot`, or a team of them) needs a human among its deciders "
    "who held authority over the area that day.",
    bad="people: {ana: {}, bo: {}, helper: {kind: agent}}\n" + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [helper], "
    "consulted: [bo]}\n",
    good="people: {ana: {}, bo: {}, helper: {kind: agent}}\n" + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [helper, ana], "
    "consulted: [bo]}\n",
)
def check_non_human_decision(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if j.judged and j.non_human and not j.human_authority:
            yield ctx.finding(
                "DA606",
                f"{_label(j)} was taken by {_names(j.non_human)}, not human, with no human "
                "DRI among the deciders",
                (j.record.id, *j.non_human),
                hint="have the area's DRI take (and sign) the decision",
            )


@rule(
    "DA607",
    "unknown-decision-reference",
    "error",
    "a decision record names a person, role or area the org does not know",
    doc="Every name in `decided_by`, `consulted`, `informed` and `dissent` must be the id or a "
    "handle of exactly one person or role, and `area` the id of an area. One finding per "
    "unknown name: subjects are the record and the name as written.",
    bad=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [Ana Ruiz], "
    "consulted: [bo]}\n",
    good="people: {ana: {handles: [Ana Ruiz]}, bo: {}}\n" + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [Ana Ruiz], "
    "consulted: [bo]}\n",
)
def check_unknown_decision_reference(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if j.unknown_area is not None:
            mean = _mean(suggest_known(ctx, j.unknown_area, ("area",)))
            yield ctx.finding(
                "DA607",
                f"{_label(j)} names area {j.unknown_area!r}, which is not an area of the org{mean}",
                (j.record.id, j.unknown_area),
                hint="name the area by its id",
            )
        for name in sorted(j.unknown_names):
            mean = _mean(suggest_known(ctx, name, ("person", "role")))
            yield ctx.finding(
                "DA607",
                f"{_label(j)} names {name!r}, who is no one person or role of the org{mean}",
                (j.record.id, name),
                hint="add the name to a person's or role's handles",
            )


def _mean(close: str | None) -> str:
    return f" (did you mean {close!r}?)" if close is not None else ""


@rule(
    "DA608",
    "dangling-supersession",
    "warning",
    "a record says it is superseded by a record that does not exist",
    doc="A status `superseded by X` must name a record of the log: its id, a Markdown link to "
    "its file (`[ADR 12](0012-use-kafka.md)`, read as the file's stem), or its number (`ADR "
    "12` finds `0012-use-kafka`).",
    bad=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo], "
    "status: superseded by use-y}\n",
    good=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo], "
    "status: superseded by use-y}\n"
    "  use-y: {title: Use Y, date: 2026-11-02, area: ops, decided_by: [ana], consulted: [bo]}\n",
)
def check_dangling_supersession(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        if j.dangling is not None:
            yield ctx.finding(
                "DA608",
                f"{_label(j)} says it is superseded by {j.dangling!r}, which is no record",
                (j.record.id, j.dangling),
                hint="link the record that supersedes it, by id or file name",
            )


@rule(
    "DA609",
    "decision-without-area",
    "info",
    "a decision record names neither an area nor a resource, so it cannot be judged",
    doc="Without an area (from the record, or the ADR directory it was read from) or a "
    "resource, nothing says whose authority the decision fell under: the authority rules "
    "cannot judge it. Only informational.",
    bad=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, decided_by: [ana]}\n",
    good=_PEOPLE + _OPS + "decisions:\n"
    "  use-x: {title: Use X, date: 2026-11-01, area: ops, decided_by: [ana], consulted: [bo]}\n",
)
def check_decision_without_area(org: Org, ctx: CheckContext) -> Iterator[Finding]:
    for j in _judgements(ctx):
        record = j.record
        if record.area is None and not record.resources:
            yield ctx.finding(
                "DA609",
                f"{_label(j)} names no area and no resource",
                (record.id,),
                hint="say which area it concerns (`area:`, or map its ADR directory to one)",
            )
