"""Showing an org to people: notebook reprs, Mermaid and DOT diagrams, drawings and tables.

This module owns every *picture* of an org: the self-contained HTML that notebooks show for an
:class:`~distauth.Org`, a :class:`~distauth.Report`, an :class:`~distauth.EscalationPath`, a
:class:`~distauth.Decision`, an :class:`~distauth.Area`, a :class:`~distauth.Person` or a
:class:`~distauth.Role` (:func:`html`, :func:`mimebundle`); the area tree as Mermaid or
Graphviz DOT source (:func:`to_mermaid`, :func:`to_dot`); a matplotlib drawing (:func:`draw`,
extra ``[plot]``); and the org as plain tables (:func:`to_records`) or pandas data frames
(:func:`to_pandas`, :func:`report_to_pandas`, extra ``[pandas]``). It reads the org through its
public API and never changes it. Every user-supplied text is escaped for the format it lands
in, diagram node ids are generated (``n0``, ``n1``, ...) rather than taken from entity ids, and
nothing recurses on the depth of the area tree. pandas and matplotlib are imported only inside
the functions that need them, so ``import distauth.display`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as _html
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from distauth._bulk import collector_paused
from distauth._errors import InvalidTypeError
from distauth._model import DRI, Area, Person, Role
from distauth._model import day_or_today as _day
from distauth._org import Org
from distauth._queries import Decision, EscalationPath
from distauth._site import site
from distauth.rules import Finding, Report, Severity, validate

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "MAX_ROWS",
    "MERMAID_BUNDLE_LIMIT",
    "DisplayWarning",
    "draw",
    "html",
    "mimebundle",
    "report_to_pandas",
    "site",
    "to_dot",
    "to_mermaid",
    "to_pandas",
    "to_records",
]

#: Rows (areas, findings, steps) an HTML table shows before it collapses the rest into
#: "... N more": enough to read, small enough that a 10,000-area org renders at once.
MAX_ROWS = 200

#: :func:`mimebundle` leaves the Mermaid source out for orgs with more areas than this: Mermaid
#: refuses diagrams over 50,000 characters, and nobody reads a thousand boxes anyway.
MERMAID_BUNDLE_LIMIT = 500

#: Longest text (name, purpose) a diagram label or a drawing shows before cutting it with "…".
_LABEL_CHARS = 60

#: :func:`draw` labels nodes by default only up to this many areas; beyond, labels overlap.
_DRAW_LABEL_LIMIT = 150


class DisplayWarning(UserWarning):
    """A repr caught an unexpected error and showed a plain message instead.

    Reprs never raise, so a bug in them would go unseen; this warning makes it visible (and
    the test suite, which turns warnings into errors, fails on it).
    """


# --- text hygiene ----------------------------------------------------------------------------

# Characters that reorder text visually: in a name they could make one id look like another.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _clean(text: object) -> str:
    """*text* on one line, with nothing that cannot be encoded or that reorders text.

    Line and paragraph breaks, tabs and other spaces become a plain space; lone surrogates
    (which no encoder accepts), control, private-use and unassigned characters and bidi
    overrides become U+FFFD.
    """
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() and ch not in _BIDI_CONTROLS:
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) == "Cf" and ch not in _BIDI_CONTROLS:
            out.append(ch)  # zero-width joiners and the like: harmless, and emoji need them
        else:
            out.append("\ufffd")
    return "".join(out)


def _cut(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _esc(text: object) -> str:
    """*text* cleaned and escaped for HTML text and attribute values."""
    return _html.escape(_clean(text), quote=True)


# --- the area forest -------------------------------------------------------------------------


class _Forest:
    """The areas in display order: a depth-first walk of the parent links, children by id.

    Roots are areas without a parent, or whose parent is missing or not an area (``notes``
    says which). Areas in or under a parent cycle hang off the cycle member first met, marked
    "in a parent cycle"; their ``depth`` counts from there and ``cyclic`` lists them.
    """

    __slots__ = ("areas", "children", "cyclic", "depth", "notes", "order")

    def __init__(self, org: Org) -> None:
        areas = dict(sorted(org.areas.items()))
        nodes = org.graph.nodes
        children: dict[str, list[str]] = {}
        roots: list[str] = []
        notes: dict[str, str] = {}
        for ident, area in areas.items():
            parent = area.parent
            if parent is None:
                roots.append(ident)
            elif parent in areas:
                children.setdefault(parent, []).append(ident)
            else:
                roots.append(ident)
                kind = nodes[parent]["kind"] if parent in nodes else "missing"
                notes[ident] = (
                    f"parent {parent!r} is not in the org"
                    if kind == "missing"
                    else f"parent {parent!r} is {_a(kind)}, not an area"
                )
        self.areas = areas
        self.children = children
        self.notes = notes
        self.order: list[str] = []
        self.depth: dict[str, int] = {}
        self._walk(roots)
        placed_before_cycles = len(self.order)
        for ident in areas:
            if ident in self.depth:
                continue
            # Unplaced means no root above: the parent chain must loop. Enter at the first
            # area met twice, so the whole cycle hangs under one of its members.
            seen: set[str] = set()
            entry = ident
            while entry not in seen:
                seen.add(entry)
                parent = areas[entry].parent
                assert parent is not None  # an area without a parent is a root
                entry = parent
            notes[entry] = "in a parent cycle"
            self._walk([entry])
        self.cyclic = frozenset(self.order[placed_before_cycles:])

    def _walk(self, roots: Sequence[str]) -> None:
        depth, order, children = self.depth, self.order, self.children
        stack = [(r, 0) for r in reversed(roots)]
        for r in roots:
            depth[r] = 0
        while stack:
            ident, level = stack.pop()
            order.append(ident)
            below = [c for c in children.get(ident, ()) if c not in depth]
            for child in below:
                depth[child] = level + 1
            stack.extend((c, level + 1) for c in reversed(below))

    def tree_children(self, ident: str) -> list[str]:
        """Children placed directly under *ident* in this walk."""
        level = self.depth[ident]
        return [
            c
            for c in self.children.get(ident, ())
            if self.depth.get(c) == level + 1 and self.notes.get(c) != "in a parent cycle"
        ]


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _kind(org: Org, ident: str) -> str:
    nodes = org.graph.nodes
    return str(nodes[ident]["kind"]) if ident in nodes else "missing"


class _DriInfo:
    """What to say about an area's DRI on a day: the person, or why there is none."""

    __slots__ = ("acting", "holders", "person", "problem", "via")

    def __init__(self, org: Org, area: str, day: dt.date) -> None:
        current = org.dris(area, day)
        self.holders = tuple(d.holder for d in current)
        self.acting = len(current) == 1 and current[0].acting
        self.person = org.dri_of(area, day)
        self.via: str | None = None
        self.problem: str | None = None
        if self.person is not None:
            if self.holders[0] != self.person.id:
                self.via = self.holders[0]
        elif not current:
            self.problem = "none"
        elif len(current) > 1:
            self.problem = f"{len(current)} in effect: " + ", ".join(self.holders)
        else:
            holder = self.holders[0]
            kind = _kind(org, holder)
            self.problem = (
                f"role {holder} has no single holder"
                if kind == "role"
                else f"{holder} is not in the org"
                if kind == "missing"
                else f"{holder} is {_a(kind)}"
            )

    def short(self) -> str:
        """One line for a diagram label."""
        if self.person is None:
            return f"DRI: {self.problem}"
        text = f"DRI: {self.person.id}"
        if self.via:
            text += f" (via {self.via})"
        if self.acting:
            text += " (acting)"
        if not self.person.active:
            text += " (inactive)"
        return text


def _validated(org: Org, on: dt.date | None) -> tuple[Report, str | None]:
    """The report of *org*, or an empty one and why validation failed.

    Validation runs user rules (plugins) too; a repr shows their failure rather than raising.
    """
    try:
        return validate(org, on=on), None
    except Exception as exc:  # plugin rules may fail; the org must still show
        _warn(f"validate() failed while displaying an org: {exc!r}")
        return Report(()), f"validation failed: {type(exc).__name__}: {exc}"


class _Problems:
    """The findings naming each area.

    ``worst`` maps an area id to its worst severity, ``codes`` to ``{code: (severity, first
    message)}`` with codes sorted (the message serves as a tooltip).
    """

    __slots__ = ("codes", "worst")

    def __init__(self, org: Org, report: Report) -> None:
        # One pass over the findings, not Report.by_subject(): a big broken org can have
        # hundreds of thousands of them, and this runs on every repr.
        # Severities compare by identity: hashing an enum member calls Python code.
        areas = set(org.areas)
        error, warning = Severity.ERROR, Severity.WARNING
        worst: dict[str, Severity] = {}
        codes: dict[str, dict[str, tuple[Severity, str]]] = {}
        for f in report.findings:
            severity = f.severity
            for subject in f.subjects:
                if subject not in areas:
                    continue
                known = worst.get(subject)
                if known is None or (
                    known is not error
                    and (severity is error or (severity is warning and known is not warning))
                ):
                    worst[subject] = severity
                found = codes.setdefault(subject, {})
                if f.code not in found:
                    found[f.code] = (f.severity, f.message)
        self.worst = worst
        self.codes = {area: dict(sorted(found.items())) for area, found in codes.items()}


def _warn(message: str) -> None:
    warnings.warn(message, DisplayWarning, stacklevel=3)


# --- HTML ------------------------------------------------------------------------------------

_INK = "#1f2328"
_MUTED = "#57606a"
_LINE = "#d0d7de"
_OK = ("#116329", "#dafbe1")
_SEVERITY_COLOURS: dict[str, tuple[str, str]] = {
    # (text, background): dark text on a light tint reads in light and dark notebook themes.
    "error": ("#9b1c1c", "#fde8e8"),
    "warning": ("#7a4d00", "#fff3cd"),
    "info": ("#1e429f", "#e1effe"),
}
_BOX = (
    f"font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;"
    f"font-size:13px;line-height:1.45;color:{_INK};background:#ffffff;border:1px solid {_LINE};"
    "border-radius:6px;padding:8px 10px;max-width:100%;overflow-x:auto;box-sizing:border-box"
)
_TABLE = "border-collapse:collapse;margin:6px 0;font-size:12px;text-align:left"
_TH = (
    f"padding:3px 8px;border-bottom:2px solid {_LINE};text-align:left;font-weight:600;"
    "white-space:nowrap"
)
_TD = f"padding:3px 8px;border-bottom:1px solid {_LINE};vertical-align:top;text-align:left"
_CODE = "font-family:SFMono-Regular,Consolas,'Liberation Mono',Menlo,monospace;font-size:12px"


def _badge(text: str, colours: tuple[str, str], title: str | None = None) -> str:
    tip = f' title="{_esc(title)}"' if title else ""
    return (
        f'<span{tip} style="display:inline-block;padding:0 5px;margin:0 2px 0 0;'
        f"border-radius:3px;color:{colours[0]};background:{colours[1]};font-weight:600;"
        f'font-size:11px;white-space:nowrap">{_esc(text)}</span>'
    )


def _muted(text: str) -> str:
    return f'<span style="color:{_MUTED}">{_esc(text)}</span>'


def _code(text: str) -> str:
    return f'<code style="{_CODE}">{_esc(text)}</code>'


def _title(kind: str, name: str) -> str:
    return (
        f'<div style="font-size:14px;margin-bottom:4px"><span style="color:{_MUTED}">'
        f"{_esc(kind)}</span> <strong>{_esc(_cut(name, 200))}</strong></div>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table; *rows* hold ready-made (escaped) cell HTML."""
    head = "".join(f'<th style="{_TH}">{_esc(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_TD}">{cell}</td>' for cell in row) + "</tr>" for row in rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _more(count: int, what: str) -> str:
    if count <= 0:
        return ""
    return f'<div style="color:{_MUTED};margin:2px 0 6px">... {count:,} more {_esc(what)}</div>'


def _person_html(person: Person | None) -> str:
    if person is None:
        return _badge("none", _SEVERITY_COLOURS["error"])
    name = f" {_muted(person.name)}" if person.name else ""
    inactive = " " + _badge("inactive", _SEVERITY_COLOURS["error"]) if not person.active else ""
    return f"{_code(person.id)}{name}{inactive}"


def _dri_html(info: _DriInfo) -> str:
    if info.person is None:
        return _badge(info.problem or "none", _SEVERITY_COLOURS["error"])
    out = _person_html(info.person)
    if info.via:
        out += " " + _muted(f"via role {info.via}")
    if info.acting:
        out += " " + _muted("(acting)")
    return out


def _severity_html(severity: Severity) -> str:
    return _badge(severity.value, _SEVERITY_COLOURS[severity.value])


def _counts_html(counts: Mapping[str, int]) -> str:
    if not any(counts.values()):
        return _badge("no findings", _OK)
    parts = []
    for severity in ("error", "warning", "info"):
        n = counts.get(severity, 0)
        if n:
            parts.append(
                _badge(f"{n} {severity}{'s' if n != 1 else ''}", _SEVERITY_COLOURS[severity])
            )
    return " ".join(parts)


def _findings_table(findings: Sequence[Finding]) -> str:
    if not findings:
        return f'<div style="color:{_OK[0]};margin:4px 0">No findings.</div>'
    rows = []
    for f in findings[:MAX_ROWS]:
        message = _esc(f.message)
        if f.hint:
            message += f'<div style="color:{_MUTED};font-size:11px">{_esc(f.hint)}</div>'
        rows.append(
            (
                _badge(f.code, _SEVERITY_COLOURS[f.severity.value], f.rule),
                _severity_html(f.severity),
                ", ".join(_code(s) for s in f.subjects),
                message,
                _esc(f.location) if f.location else "",
            )
        )
    table = _table(("code", "severity", "subjects", "message", "location"), rows)
    return table + _more(len(findings) - MAX_ROWS, "findings")


def _report_html(report: Report) -> str:
    findings = report.findings
    head = _title("Report", f"{len(findings)} finding{'s' if len(findings) != 1 else ''}")
    status = _badge("ok", _OK) if report.ok else _badge("failed", _SEVERITY_COLOURS["error"])
    summary = f"<div>{status} {_counts_html(report.counts())}</div>"
    table = _findings_table(findings)
    return f'<div class="distauth-report" style="{_BOX}">{head}{summary}{table}</div>'


def _org_html(org: Org, on: dt.date | None = None) -> str:
    day = _day(on)
    report, failure = _validated(org, day)
    forest = _Forest(org)
    problems = _Problems(org, report)
    counts = {
        "areas": len(forest.areas),
        "people": len(org.people),
        "roles": len(org.roles),
        "DRI assignments": len(org.all_dris()),
    }
    summary = " · ".join(f"{n:,} {what}" for what, n in counts.items())
    status = f'<div style="margin:2px 0 6px">{summary} &nbsp;{_counts_html(report.counts())}'
    if failure:
        status += " " + _badge(failure, _SEVERITY_COLOURS["error"])
    status += "</div>"

    rows = []
    for ident in forest.order[:MAX_ROWS]:
        area = forest.areas[ident]
        depth = forest.depth[ident]
        # Indentation stops growing at 24 levels; deeper rows say their depth instead.
        indent = 0.2 + 1.1 * min(depth, 24)
        marker = _muted("└ ") if depth else ""
        deep = " " + _muted(f"(depth {depth:,})") if depth > 24 else ""
        name = f" {_muted(area.name)}" if area.name else ""
        note = forest.notes.get(ident)
        note_html = " " + _badge(note, _SEVERITY_COLOURS["warning"]) if note else ""
        cell = (
            f'<div style="padding-left:{indent:.1f}em">{marker}{_code(ident)}{name}'
            f"{deep}{note_html}</div>"
        )
        codes = "".join(
            _badge(code, _SEVERITY_COLOURS[severity.value], message)
            for code, (severity, message) in problems.codes.get(ident, {}).items()
        )
        rows.append((cell, _dri_html(_DriInfo(org, ident, day)), codes))
    tree = _table(("area", "DRI", "problems"), rows) + _more(len(forest.order) - MAX_ROWS, "areas")
    if not forest.order:
        tree = f'<div style="color:{_MUTED}">No areas yet.</div>'
    n = len(report.findings)
    opened = " open" if 0 < n <= 30 else ""
    findings = (
        f'<details{opened} style="margin-top:4px"><summary style="cursor:pointer">'
        f"{n} finding{'s' if n != 1 else ''}</summary>{_findings_table(report.findings)}</details>"
        if n
        else ""
    )
    head = _title("Org", org.name or "(unnamed)")
    return f'<div class="distauth-org" style="{_BOX}">{head}{status}{tree}{findings}</div>'


def _path_html(path: EscalationPath) -> str:
    head = _title("Escalation path from", path.area)
    if path.ok:
        status = _badge("reaches the top", _OK)
    else:
        status = _badge(f"breaks at {path.broken_at}", _SEVERITY_COLOURS["error"])
        status += " " + _esc(path.reason or "")
    rows = []
    previous: Area | None = None
    for i, step in enumerate(path.steps[:MAX_ROWS]):
        how = ""
        if previous is not None:
            how = "escalates_to" if previous.escalates_to is not None else "parent"
        name = f" {_muted(step.area.name)}" if step.area.name else ""
        rows.append((str(i), _muted(how), _code(step.area.id) + name, _person_html(step.dri)))
        previous = step.area
    table = _table(("step", "via", "area", "DRI"), rows)
    more = _more(len(path.steps) - MAX_ROWS, "steps")
    return f'<div class="distauth-path" style="{_BOX}">{head}<div>{status}</div>{table}{more}</div>'


def _decision_html(decision: Decision) -> str:
    head = _title("Who decides", decision.resource)
    if decision.ambiguous:
        status = (
            _badge("ambiguous", _SEVERITY_COLOURS["error"])
            + " "
            + _esc(
                "matching areas are not on one ancestor chain: "
                + ", ".join(c.id for c in decision.candidates)
            )
        )
    elif decision.area is None:
        status = (
            _badge("no area", _SEVERITY_COLOURS["warning"])
            + " "
            + _esc("no area's scope matches this resource")
        )
    else:
        who = _person_html(decision.dri)
        status = f"{_code(decision.area.id)} decides" + (
            f" {_muted(decision.area.name)}" if decision.area.name else ""
        )
        status += f"; DRI: {who}"
        if decision.dri is None and decision.deciders:
            status += "; deciders: " + ", ".join(_code(d.id) for d in decision.deciders)
        if decision.by_deputy:
            status += " " + _badge("deputy stands in", _SEVERITY_COLOURS["warning"])
        if decision.nobody:
            status += " " + _badge("nobody holds it", _SEVERITY_COLOURS["info"])
        if decision.fallback and decision.dri_area is not None:
            status += " " + _badge(
                f"fallback to {decision.dri_area.id}", _SEVERITY_COLOURS["warning"]
            )
    winner = decision.area.id if decision.area else None
    rows = [
        (_code(area) + (" " + _badge("winner", _OK) if area == winner else ""), _code(scope))
        for area, scope in decision.matched[:MAX_ROWS]
    ]
    table = _table(("area", "matching scope"), rows) if rows else ""
    more = _more(len(decision.matched) - MAX_ROWS, "matches")
    body = f"{head}<div>{status}</div>{table}{more}"
    return f'<div class="distauth-decision" style="{_BOX}">{body}</div>'


def _fields_html(kind: str, ident: str, fields: Sequence[tuple[str, object]]) -> str:
    # Tuples of ids and scopes show as code; free texts (tags, accountabilities) as prose.
    rows = []
    for label, value in fields:
        if value is None or value in ("", (), frozenset()):
            continue
        if isinstance(value, bool):
            cell = _esc("yes" if value else "no")
        elif isinstance(value, tuple | frozenset):
            items = sorted(value) if isinstance(value, frozenset) else list(value)
            shown = items[:MAX_ROWS]
            if label in ("tags", "accountabilities"):
                cell = " · ".join(_esc(v) for v in shown)
            else:
                cell = ", ".join(_code(str(v)) for v in shown)
            if len(items) > MAX_ROWS:
                cell += " " + _muted(f"... {len(items) - MAX_ROWS:,} more")
        else:
            cell = _esc(value)
        rows.append((f"<strong>{_esc(label)}</strong>", cell))
    table = _table(("field", "value"), rows)
    return f'<div class="distauth-{kind.lower()}" style="{_BOX}">{_title(kind, ident)}{table}</div>'


def _area_html(area: Area) -> str:
    return _fields_html(
        "Area",
        area.id,
        [
            ("name", area.name),
            ("parent", area.parent),
            ("purpose", area.purpose),
            ("scopes", area.scopes),
            ("advisors", area.advisors),
            ("informed", area.informed),
            ("escalates to", area.escalates_to),
            ("tags", area.tags),
            ("deputy", area.deputy),
            ("nobody", area.nobody or None),
        ],
    )


def _person_fields_html(person: Person) -> str:
    return _fields_html(
        "Person",
        person.id,
        [
            ("name", person.name),
            ("email", person.email),
            ("active", person.active),
            ("tags", person.tags),
            ("handles", person.handles),
            ("kind", None if person.kind == "human" else person.kind),
        ],
    )


def _role_html(role: Role) -> str:
    return _fields_html(
        "Role",
        role.id,
        [
            ("name", role.name),
            ("area", role.area),
            ("purpose", role.purpose),
            ("accountabilities", role.accountabilities),
            ("holders", role.holders),
            ("handles", role.handles),
            ("collective", role.collective or None),
        ],
    )


_HTML: list[tuple[type, Callable[[Any], str]]] = [
    (Org, _org_html),
    (Report, _report_html),
    (EscalationPath, _path_html),
    (Decision, _decision_html),
    (Area, _area_html),
    (Person, _person_fields_html),
    (Role, _role_html),
]


def _renderer(obj: object) -> Callable[[Any], str]:
    for cls, render in _HTML:
        if isinstance(obj, cls):
            return render
    names = ", ".join(cls.__name__ for cls, _ in _HTML)
    raise InvalidTypeError(
        f"can only display {names} (got {obj!r} that is a {type(obj).__name__})", obj
    )


def _fallback_html(obj: object, exc: BaseException) -> str:
    return (
        f'<div style="{_BOX}"><strong>{_esc(type(obj).__name__)}</strong>: cannot display '
        f"this object ({_esc(type(exc).__name__)}: {_esc(exc)})</div>"
    )


def html(obj: object, *, on: dt.date | None = None) -> str:
    """Self-contained HTML for an org, a report, an escalation path, a decision or an entity.

    The HTML has inline styles only (no stylesheet, no script, no external asset) and every
    text in it is escaped. Long tables stop after :data:`MAX_ROWS` rows with "... N more".
    An org shows its counts, its area tree with each area's DRI and the codes of the findings
    naming the area (from :func:`distauth.validate` on today's date), then the findings.

    Rendering never raises on a flawed org: an unexpected error becomes a plain message in the
    HTML and a :class:`DisplayWarning`.

    Args:
        obj: an :class:`~distauth.Org`, :class:`~distauth.Report`,
            :class:`~distauth.EscalationPath`, :class:`~distauth.Decision`,
            :class:`~distauth.Area`, :class:`~distauth.Person` or :class:`~distauth.Role`.
        on: the day whose DRIs and findings an org shows (default: today); the other objects
            are answers for a day already.

    Returns:
        An HTML fragment (one ``<div>``).

    Raises:
        InvalidTypeError: *obj* is of another type.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org(name="<Acme>")
    >>> org.add(da.Person("ana"), da.Area("co", purpose="Run"), da.DRI("co", "ana"))
    >>> page = display.html(org)
    >>> "&lt;Acme&gt;" in page, "<Acme>" in page, "DA502" in page
    (True, False, True)
    """
    render = _renderer(obj)
    if on is not None:
        _day(on)  # a wrong-typed day is the caller's error, not a display failure
        if isinstance(obj, Org):
            render = functools.partial(_org_html, on=on)
    try:
        with collector_paused():
            return render(obj)
    except Exception as exc:  # a repr must not raise; the DisplayWarning tells
        _warn(f"cannot display {type(obj).__name__}: {exc!r}")
        return _fallback_html(obj, exc)


def _plain(obj: object) -> str:
    if isinstance(obj, Report):
        lines = str(obj).splitlines()
        if len(lines) > MAX_ROWS + 1:
            lines = [*lines[:MAX_ROWS], f"... {len(lines) - MAX_ROWS - 1:,} more", lines[-1]]
        return "\n".join(lines)
    if isinstance(obj, EscalationPath | Decision):
        lines = obj.explain().splitlines()
        if len(lines) > MAX_ROWS + 1:
            lines = [*lines[:MAX_ROWS], f"... {len(lines) - MAX_ROWS - 1:,} more", lines[-1]]
        return "\n".join(lines)
    return repr(obj)


def mimebundle(
    obj: object,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> dict[str, str]:
    """The representations IPython asks for through ``_repr_mimebundle_``.

    ``text/plain`` (the object's repr, or for reports, paths and decisions their text form),
    ``text/html`` (:func:`html`) and, for an org of at most :data:`MERMAID_BUNDLE_LIMIT`
    areas, ``text/vnd.mermaid`` (:func:`to_mermaid`). Front ends pick the richest one they
    can show (JupyterLab prefers the HTML and offers the Mermaid diagram too).

    Args:
        obj: any object :func:`html` accepts.
        include: if given, only these MIME types.
        exclude: MIME types to leave out.

    Returns:
        A dict of MIME type to text. It never raises on a flawed org (see :func:`html`).

    Raises:
        InvalidTypeError: *obj* is of a type :func:`html` does not show.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Area("co"))
    >>> sorted(display.mimebundle(org))
    ['text/html', 'text/plain', 'text/vnd.mermaid']
    >>> print(display.mimebundle(org, include=["text/plain"])["text/plain"])
    distauth.loads('''
    version: 1
    name: Acme
    areas:
      co: {}
    ''')
    """
    _renderer(obj)
    wanted = {"text/plain", "text/html"}
    if isinstance(obj, Org):
        wanted.add("text/vnd.mermaid")
    if include is not None:
        wanted &= set(include)
    if exclude is not None:
        wanted -= set(exclude)
    bundle: dict[str, str] = {}
    if "text/plain" in wanted:
        try:
            bundle["text/plain"] = _plain(obj)
        except Exception as exc:  # a repr must not raise; the DisplayWarning tells
            _warn(f"cannot show {type(obj).__name__} as text: {exc!r}")
            bundle["text/plain"] = f"<{type(obj).__name__}: cannot display ({exc!r})>"
    if "text/html" in wanted:
        bundle["text/html"] = html(obj)
    if (
        "text/vnd.mermaid" in wanted
        and isinstance(obj, Org)
        and len(obj.areas) <= MERMAID_BUNDLE_LIMIT
    ):
        try:
            bundle["text/vnd.mermaid"] = to_mermaid(obj)
        except Exception as exc:  # a repr must not raise; the DisplayWarning tells
            _warn(f"cannot show the org as Mermaid: {exc!r}")
    return bundle


# --- diagrams --------------------------------------------------------------------------------


class _Diagram:
    """The area tree as generated nodes and edges, shared by the Mermaid and DOT writers.

    ``nodes`` holds ``(node id, label lines, status)``: status is the worst severity of the
    area's findings ("error", "warning", "info"), ``None``, or "missing" for a referenced id
    that is not an area. ``edges`` holds ``(source node, target node, kind)`` with kind
    "parent" (drawn from parent down to child) or "escalates_to".
    """

    __slots__ = ("edges", "nodes")

    def __init__(self, org: Org, on: dt.date | None) -> None:
        with collector_paused():
            self._build(org, on)

    def _build(self, org: Org, on: dt.date | None) -> None:
        day = _day(on)
        forest = _Forest(org)
        problems = _Problems(org, validate(org, on=day))
        ids = {ident: f"n{i}" for i, ident in enumerate(forest.order)}
        self.nodes: list[tuple[str, list[str], str | None]] = []
        self.edges: list[tuple[str, str, str]] = []
        extra: dict[str, str] = {}
        extra_nodes: list[tuple[str, list[str], str | None]] = []

        def node_of(ref: str) -> str:
            if ref in ids:
                return ids[ref]
            if ref not in extra:
                extra[ref] = f"n{len(ids) + len(extra)}"
                kind = _kind(org, ref)
                text = f"missing: {ref}" if kind == "missing" else f"not an area: {ref} ({kind})"
                extra_nodes.append((extra[ref], [text], "missing"))
            return extra[ref]

        for ident in forest.order:
            area = forest.areas[ident]
            title = _cut(_clean(area.name)) if area.name else ident
            if area.name and area.name != ident:
                title += f" ({ident})"
            lines = [title, _DriInfo(org, ident, day).short()]
            codes = problems.codes.get(ident)
            if codes:
                lines.append(" ".join(codes))
            worst = problems.worst.get(ident)
            status = worst.value if worst is not None else None
            self.nodes.append((ids[ident], lines, status))
        for ident in forest.order:
            parent = forest.areas[ident].parent
            if parent is not None:
                self.edges.append((node_of(parent), ids[ident], "parent"))
        for ident in forest.order:
            target = forest.areas[ident].escalates_to
            if target is not None:
                self.edges.append((ids[ident], node_of(target), "escalates_to"))
        self.nodes.extend(extra_nodes)


# Mermaid: letters, digits and a few plain marks stay; everything else becomes an entity code
# (#NN;), which Mermaid turns back into the character when it renders. That covers " (the end
# of a label), # (an entity), % (%%{init}%% directives are found anywhere in the text), : (a
# line matching "style.*:\S*#.*;" loses its last ";" before parsing), <, > and & (HTML
# labels), backticks (Markdown strings), brackets and braces, and anything we did not think of.
_MERMAID_PLAIN = frozenset(" _.,-/+=?!'()@")


def _mermaid_text(text: str) -> str:
    cleaned = _clean(text)
    out = []
    for i, ch in enumerate(cleaned):
        if (ch.isalnum() and ch.isprintable()) or ch in _MERMAID_PLAIN:
            out.append(ch)
        elif ch == ":" and cleaned[i + 1 : i + 2] == " ":
            # "DRI: ana" stays readable: the "style" rewrite needs ":" then non-spaces then
            # "#", which a colon followed by a space can never start.
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


_MERMAID_CLASSES = {
    "error": "fill:#fde8e8,stroke:#b42318,stroke-width:2px,color:#1f2328",
    "warning": "fill:#fff3cd,stroke:#b54708,stroke-width:2px,color:#1f2328",
    "missing": "fill:#f6f8fa,stroke:#6e7781,stroke-dasharray:4,color:#57606a",
}


def to_mermaid(org: Org, *, on: dt.date | None = None) -> str:
    """The area tree as a Mermaid flowchart.

    Each area is a box with its name, id, DRI on *on* and the codes of the findings naming
    it; parent links point from a parent down to its children; an ``escalates_to`` override
    is a dashed edge. Areas with errors have the class ``error``, with warnings ``warning``;
    a parent or escalation target that is not an area is a dashed ``missing`` box. Node ids
    are generated (``n0``, ``n1``, ... in tree order), never entity ids, and every label is
    quoted with any character that Mermaid could read as syntax written as an entity code
    (``#60;`` for ``<``), so no name can break the diagram. The output is deterministic.

    Args:
        org: the org to draw.
        on: the day whose DRIs and findings are shown (default: today).

    Returns:
        Mermaid source, starting with ``flowchart TD``.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"),
    ...         da.Area("co", name='Acme "HQ"', purpose="Run", advisors=["bo"]),
    ...         da.Area("ops", parent="co", purpose="Ops", advisors=["ana"]),
    ...         da.DRI("co", "ana"), da.DRI("ops", "bo"))
    >>> print(display.to_mermaid(org), end="")
    flowchart TD
      n0["Acme #34;HQ#34; (co)<br/>DRI: ana"]
      n1["ops<br/>DRI: bo"]
      n0 --> n1
      classDef error fill:#fde8e8,stroke:#b42318,stroke-width:2px,color:#1f2328
      classDef warning fill:#fff3cd,stroke:#b54708,stroke-width:2px,color:#1f2328
      classDef missing fill:#f6f8fa,stroke:#6e7781,stroke-dasharray:4,color:#57606a
    """
    diagram = _Diagram(org, on)
    out = ["flowchart TD"]
    by_class: dict[str, list[str]] = {name: [] for name in _MERMAID_CLASSES}
    for node, lines, status in diagram.nodes:
        label = "<br/>".join(_mermaid_text(line) for line in lines)
        out.append(f'  {node}["{label}"]')
        if status in by_class:
            by_class[status].append(node)
    for source, target, kind in diagram.edges:
        arrow = " -.->|escalates to| " if kind == "escalates_to" else " --> "
        out.append(f"  {source}{arrow}{target}")
    out.extend(f"  classDef {name} {style}" for name, style in _MERMAID_CLASSES.items())
    for name, members in by_class.items():
        # Short lines: some tools choke on one line naming thousands of nodes.
        out.extend(
            f"  class {','.join(members[i : i + 50])} {name}" for i in range(0, len(members), 50)
        )
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    # Inside a DOT string only \ and " are special; Graphviz also decodes HTML entities such as
    # &lt; in labels, so a literal & must be written &amp; to survive.
    cleaned = _clean(text).replace("&", "&amp;")
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')


_DOT_STYLES = {
    "error": 'fillcolor="#fde8e8", color="#b42318", penwidth=2, class="error"',
    "warning": 'fillcolor="#fff3cd", color="#b54708", penwidth=2, class="warning"',
    "info": 'class="info"',
    "missing": 'style="dashed", fillcolor="#f6f8fa", color="#6e7781", fontcolor="#57606a", '
    'class="missing"',
}


def to_dot(org: Org, *, on: dt.date | None = None) -> str:
    r"""The area tree as a Graphviz DOT digraph (render it with ``dot -Tsvg``).

    Same content as :func:`to_mermaid`: one box per area with its name, id, DRI on *on* and
    finding codes; parent-to-child edges; dashed ``escalates_to`` overrides (which do not pull
    the layout); error and warning areas filled red and amber, with an SVG ``class``; dashed
    boxes for parents and targets that are not areas. Node ids are generated (``n0``,
    ``n1``, ...) and every label is a quoted, escaped DOT string. Deterministic.

    Args:
        org: the org to draw.
        on: the day whose DRIs and findings are shown (default: today).

    Returns:
        DOT source.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Area("co", purpose="Run"), da.Area("ops", parent="co", escalates_to="board"))
    >>> print(display.to_dot(org), end="")  # doctest: +ELLIPSIS
    digraph org {
      graph [label="Acme", labelloc=t, fontname="Helvetica"];
      node [shape=box, style="rounded,filled", fillcolor="#ffffff", ...];
      edge [color="#57606a"];
      n0 [label="co\nDRI: none\nDA101 DA502", fillcolor="#fde8e8", ...];
      n1 [label="ops\nDRI: none\nDA101 DA201 DA402 DA502 DA503", fillcolor="#fde8e8", ...];
      n2 [label="missing: board", style="dashed", ...];
      n0 -> n1;
      n1 -> n2 [style=dashed, label="escalates to", constraint=false];
    }
    """
    diagram = _Diagram(org, on)
    out = ["digraph org {"]
    graph_attrs = 'labelloc=t, fontname="Helvetica"'
    if org.name:
        graph_attrs = f'label="{_dot_text(_cut(org.name))}", {graph_attrs}'
    out.append(f"  graph [{graph_attrs}];")
    out.append(
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", '
        "fontsize=10];"
    )
    out.append('  edge [color="#57606a"];')
    for node, lines, status in diagram.nodes:
        label = "\\n".join(_dot_text(line) for line in lines)
        style = _DOT_STYLES.get(status or "")
        out.append(f'  {node} [label="{label}"' + (f", {style}];" if style else "];"))
    for source, target, kind in diagram.edges:
        if kind == "escalates_to":
            out.append(
                f'  {source} -> {target} [style=dashed, label="escalates to", constraint=false];'
            )
        else:
            out.append(f"  {source} -> {target};")
    out.append("}")
    return "\n".join(out) + "\n"


# --- drawing ---------------------------------------------------------------------------------

#: Node colours of :func:`draw`, by the worst severity of the findings naming the area.
_DRAW_COLOURS = {
    "error": "#d62728",
    "warning": "#f2a007",
    "info": "#4c8bd6",
    "none": "#7fbf7f",
}


def _layout(forest: _Forest) -> tuple[dict[str, float], dict[str, int]]:
    """A layered tree layout: ``(spread, level)`` per area.

    ``spread`` places leaves one unit apart in walk order (which runs left to right) and
    each parent at the midpoint of its first and last child, so subtrees never overlap;
    ``level`` is the depth. Trees of the forest sit side by side with one unit between them.
    Two passes over the walk order, no recursion: leaves first, then parents in reverse
    walk order (children come after their parent in a depth-first walk).
    """
    spread: dict[str, float] = {}
    kids: dict[str, list[str]] = {}
    next_spread = 0.0
    for ident in forest.order:
        below = forest.tree_children(ident)
        kids[ident] = below
        starts_tree = forest.depth[ident] == 0 or forest.notes.get(ident) == "in a parent cycle"
        if starts_tree and spread:
            next_spread += 1.0  # a gap between trees
        if not below:
            spread[ident] = next_spread
            next_spread += 1.0
    for ident in reversed(forest.order):
        below = kids[ident]
        if below:
            spread[ident] = (spread[below[0]] + spread[below[-1]]) / 2
    return spread, dict(forest.depth)


def _require(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415 - only the optional extras need it

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"this needs {module.partition('.')[0]}, an optional dependency of distauth: "
            f"pip install 'distauth[{extra}]'",
            name=module,
        ) from exc


def draw(org: Org, ax: Axes | None = None, *, on: dt.date | None = None, **kwargs: Any) -> Axes:
    """Draw the area tree with matplotlib (needs the ``[plot]`` extra).

    The layout is computed here, without recursion: leaves evenly spaced in walk order, each
    parent centred on its children, one column (or row) per level, the trees of a forest side
    by side. Nodes are coloured by the worst severity of the findings naming the area on *on*
    (error, warning, info, none; the legend counts them); lines join parents and children,
    dashed lines show ``escalates_to`` overrides. Up to 150 areas, each node is labelled with
    its area id and its DRI's id.

    Args:
        org: the org to draw.
        ax: the matplotlib Axes to draw on; default a new figure sized to the tree.
        on: the day whose DRIs and findings are shown (default: today).
        **kwargs: ``direction`` (``"LR"``, the default: the top area on the left, one row per
            leaf; or ``"TB"``: the top area at the top), ``labels`` (bool: force node labels
            on or off), ``font_size`` (default 7), ``node_size`` (default 60); anything else
            goes to ``Axes.scatter`` for the nodes.

    Returns:
        The Axes drawn on.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'distauth[plot]'``).
        ValueError: *direction* is neither ``"LR"`` nor ``"TB"``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("co", "ana"))
    >>> ax = display.draw(org)
    >>> ax.get_title(loc="right"), [t.get_text() for t in ax.texts]
    ('Acme', ['co · ana', 'ops · no DRI'])
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    direction = kwargs.pop("direction", "LR")
    if direction not in ("LR", "TB"):
        raise ValueError(f'direction must be "LR" or "TB" (got {direction!r})')
    labels = kwargs.pop("labels", None)
    font_size = float(kwargs.pop("font_size", 7))
    node_size = float(kwargs.pop("node_size", 60))
    pyplot = _require("matplotlib.pyplot", "plot")
    collections = _require("matplotlib.collections", "plot")
    lines_mod = _require("matplotlib.lines", "plot")
    numpy = _require("numpy", "plot")  # a dependency of matplotlib

    with collector_paused():
        return _draw(
            org,
            ax,
            on=on,
            direction=direction,
            labels=labels,
            font_size=font_size,
            node_size=node_size,
            scatter_options=kwargs,
            modules=(pyplot, collections, lines_mod, numpy),
        )


def _draw(
    org: Org,
    ax: Axes | None,
    *,
    on: dt.date | None,
    direction: str,
    labels: bool | None,
    font_size: float,
    node_size: float,
    scatter_options: dict[str, Any],
    modules: tuple[Any, Any, Any, Any],
) -> Axes:
    pyplot, collections, lines_mod, numpy = modules
    day = _day(on)
    forest = _Forest(org)
    problems = _Problems(org, validate(org, on=day))
    spread, level = _layout(forest)
    leaves = max(spread.values(), default=0.0) + 1
    levels = max(level.values(), default=0) + 1
    if direction == "LR":
        # One text line per leaf, one column per level: labels sit right of their node.
        pos = {i: (float(level[i]), -spread[i]) for i in forest.order}
        size = (min(max(6.0, 2.4 * levels), 30.0), min(max(3.0, 0.22 * leaves + 1.2), 40.0))
    else:
        pos = {i: (spread[i], -float(level[i])) for i in forest.order}
        size = (min(max(6.0, 0.9 * leaves), 30.0), min(max(3.0, 0.9 * levels + 1.2), 40.0))
    if labels is None:
        labels = len(pos) <= _DRAW_LABEL_LIMIT
    if ax is None:
        _fig, ax = pyplot.subplots(figsize=size, layout="constrained")
    assert ax is not None  # for the type checker: made just above

    # The link that closes a parent cycle is not a tree edge: drawing it would cross the tree.
    entries = frozenset(i for i, note in forest.notes.items() if note == "in a parent cycle")
    tree_edges = []
    escalations = []
    for ident in forest.order:
        area = forest.areas[ident]
        if area.parent in pos and ident not in entries:
            tree_edges.append((pos[area.parent], pos[ident]))
        if area.escalates_to in pos:
            escalations.append((pos[ident], pos[area.escalates_to]))
    # Arrays, not lists of tuples: matplotlib converts each listed segment on its own.
    ax.add_collection(
        collections.LineCollection(
            numpy.array(tree_edges, dtype=float).reshape(-1, 2, 2),
            colors="#8c959f",
            linewidths=0.8,
            zorder=1,
        )
    )
    if escalations:
        ax.add_collection(
            collections.LineCollection(
                numpy.array(escalations, dtype=float).reshape(-1, 2, 2),
                colors="#6e7781",
                linewidths=0.8,
                linestyles="dashed",
                zorder=1,
            )
        )

    statuses = [problems.worst[i].value if i in problems.worst else "none" for i in forest.order]
    scatter_kwargs: dict[str, Any] = {"s": node_size, "zorder": 2, "linewidths": 0.5}
    scatter_kwargs.update(scatter_options)
    if pos:
        ax.scatter(
            numpy.array([pos[i][0] for i in forest.order]),
            numpy.array([pos[i][1] for i in forest.order]),
            c=[_DRAW_COLOURS[s] for s in statuses],
            edgecolors="#ffffff",
            **scatter_kwargs,
        )
    if labels:
        for ident in forest.order:
            info = _DriInfo(org, ident, day)
            text = f"{ident} · {info.person.id if info.person else 'no DRI'}"
            x, y = pos[ident]
            place: dict[str, Any]
            if direction == "LR":
                place = {"xy": (x, y), "xytext": (5, 0), "ha": "left", "va": "center"}
            else:
                place = {"xy": (x, y), "xytext": (0, -6), "ha": "center", "va": "top"}
            ax.annotate(
                text,
                textcoords="offset points",
                fontsize=font_size,
                parse_math=False,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
                **place,
            )
    counts = dict.fromkeys(_DRAW_COLOURS, 0)
    for status in statuses:
        counts[status] += 1
    handles = [
        lines_mod.Line2D(
            [], [], marker="o", linestyle="", markersize=6, color=colour,
            label=f"{name} ({counts[name]})",
        )
        for name, colour in _DRAW_COLOURS.items()
    ]  # fmt: skip
    # Above the plot, in one row: inside it would hide nodes, and "best" is slow on big trees.
    ax.legend(
        handles=handles,
        title="worst finding",
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(handles),
        fontsize=8,
        title_fontsize=8,
        frameon=False,
    )
    if org.name:
        ax.set_title(_cut(_clean(org.name)), loc="right", parse_math=False)
    ax.autoscale_view()
    if direction == "LR":
        left, right = ax.get_xlim()
        # Room for the labels right of the deepest level.
        ax.set_xlim(left - 0.2, right + (1.0 if labels else 0.2))
        ax.margins(y=0.02)
    else:
        ax.margins(x=0.03, y=0.15)
    ax.set_axis_off()
    return ax


# --- tables ----------------------------------------------------------------------------------

#: Columns of each table of :func:`to_records` and :func:`to_pandas`, in order.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "areas": (
        "id",
        "name",
        "parent",
        "purpose",
        "scopes",
        "advisors",
        "informed",
        "escalates_to",
        "tags",
        "dri",
        "dri_holders",
        "depth",
    ),
    "people": ("id", "name", "email", "active", "tags"),
    "roles": ("id", "name", "area", "purpose", "accountabilities", "holders"),
    "dris": ("area", "holder", "start", "end", "acting", "in_effect"),
    "edges": ("source", "target", "kind"),
}

_REPORT_COLUMNS = (
    "code",
    "rule",
    "severity",
    "message",
    "subjects",
    "hint",
    "file",
    "line",
    "column",
)


def to_records(org: Org, *, on: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """The org as plain tables: lists of dicts, ready for JSON, csv or a data frame.

    Tables (columns in docs/display.md): ``areas`` (with ``dri``, the person deciding on
    *on*, ``dri_holders``, the ids of the assignments in effect, and ``depth``, the number of
    parent links up to a top-level area, ``None`` in or under a parent cycle), ``people``,
    ``roles``, ``dris`` (every assignment, with ``in_effect`` on *on*) and ``edges``
    (``source``, ``target``, ``kind``, as ``networkx.to_pandas_edgelist`` names them). Rows
    are sorted by id (edges by source, target, kind); lists stand for tuples and sets (tags
    sorted); dates stay ``datetime.date``.

    Args:
        org: the org.
        on: the day for ``dri``, ``dri_holders`` and ``in_effect`` (default: today).

    Returns:
        ``{table name: rows}``.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("co", "ana"))
    >>> tables = display.to_records(org)
    >>> [(a["id"], a["parent"], a["dri"], a["depth"]) for a in tables["areas"]]
    [('co', None, 'ana', 0), ('ops', 'co', None, 1)]
    >>> tables["edges"]  # doctest: +NORMALIZE_WHITESPACE
    [{'source': 'co', 'target': 'ana', 'kind': 'dri'},
     {'source': 'ops', 'target': 'co', 'kind': 'parent'}]
    """
    with collector_paused():
        return _records(org, _day(on))


def _records(org: Org, day: dt.date) -> dict[str, list[dict[str, Any]]]:
    forest = _Forest(org)
    areas = []
    for ident, area in forest.areas.items():
        info = _DriInfo(org, ident, day)
        areas.append(
            {
                "id": ident,
                "name": area.name,
                "parent": area.parent,
                "purpose": area.purpose,
                "scopes": list(area.scopes),
                "advisors": list(area.advisors),
                "informed": list(area.informed),
                "escalates_to": area.escalates_to,
                "tags": sorted(area.tags),
                "dri": info.person.id if info.person else None,
                "dri_holders": list(info.holders),
                "depth": None if ident in forest.cyclic else forest.depth[ident],
            }
        )
    people = [
        {
            "id": p.id,
            "name": p.name,
            "email": p.email,
            "active": p.active,
            "tags": sorted(p.tags),
        }
        for p in sorted(org.people.values(), key=lambda p: p.id)
    ]
    roles = [
        {
            "id": r.id,
            "name": r.name,
            "area": r.area,
            "purpose": r.purpose,
            "accountabilities": list(r.accountabilities),
            "holders": list(r.holders),
        }
        for r in sorted(org.roles.values(), key=lambda r: r.id)
    ]
    dris = [_dri_record(d, day) for d in org.all_dris()]
    edges = sorted({(str(u), str(v), str(d["kind"])) for u, v, d in org.graph.edges(data=True)})
    # A MultiDiGraph may hold several DRI edges between one area and one holder (dated
    # assignments); the edge list keeps one row per kind of link, as a simple graph would.
    return {
        "areas": areas,
        "people": people,
        "roles": roles,
        "dris": dris,
        "edges": [{"source": u, "target": v, "kind": k} for u, v, k in edges],
    }


def _dri_record(dri: DRI, day: dt.date) -> dict[str, Any]:
    return {
        "area": dri.area,
        "holder": dri.holder,
        "start": dri.start,
        "end": dri.end,
        "acting": dri.acting,
        "in_effect": dri.in_effect(day),
    }


def to_pandas(org: Org, *, on: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """The tables of :func:`to_records` as pandas DataFrames (needs the ``[pandas]`` extra).

    Every frame has its columns even when empty. ``depth`` is a nullable ``Int64`` column;
    list cells and dates stay Python objects.

    Args:
        org: the org.
        on: the day for ``dri``, ``dri_holders`` and ``in_effect`` (default: today).

    Returns:
        ``{table name: DataFrame}`` for ``areas``, ``people``, ``roles``, ``dris``, ``edges``.

    Raises:
        ImportError: pandas is not installed (``pip install 'distauth[pandas]'``).

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
    >>> frames = display.to_pandas(org)
    >>> frames["areas"][["id", "dri", "depth"]].to_dict("records")
    [{'id': 'co', 'dri': 'ana', 'depth': 0}]
    >>> list(frames["roles"].columns)
    ['id', 'name', 'area', 'purpose', 'accountabilities', 'holders']
    """
    pandas = _require("pandas", "pandas")
    tables = to_records(org, on=on)
    frames = {}
    for name, rows in tables.items():
        frame = pandas.DataFrame(rows, columns=list(_COLUMNS[name]))
        if name == "areas":
            frame["depth"] = pandas.array([r["depth"] for r in rows], dtype="Int64")
        frames[name] = frame
    return frames


def report_to_pandas(report: Report) -> pd.DataFrame:
    """The findings of *report* as a pandas DataFrame, one row each (``[pandas]`` extra).

    Columns: ``code``, ``rule``, ``severity`` (an ordered categorical: info < warning <
    error, so sorting and ``max`` work), ``message``, ``subjects`` (a tuple of ids), ``hint``,
    and the location as ``file``, ``line`` and ``column`` (nullable ``Int64``), empty when the
    org did not come from a file.

    Args:
        report: what :func:`distauth.validate` returned.

    Returns:
        One row per finding, in the report's order.

    Raises:
        ImportError: pandas is not installed (``pip install 'distauth[pandas]'``).

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Area("co"))
    >>> frame = display.report_to_pandas(da.validate(org, select=["DA1", "DA5"]))
    >>> frame[["code", "severity", "subjects"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'code': 'DA101', 'severity': 'error', 'subjects': ('co',)},
     {'code': 'DA502', 'severity': 'info', 'subjects': ('co',)},
     {'code': 'DA503', 'severity': 'info', 'subjects': ('co',)}]
    """
    pandas = _require("pandas", "pandas")
    rows = []
    for f in report.findings:
        loc = f.location
        rows.append(
            {
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
                "subjects": f.subjects,
                "hint": f.hint,
                "file": loc.file if loc else None,
                "line": loc.line if loc else None,
                "column": loc.column if loc else None,
            }
        )
    frame = pandas.DataFrame(rows, columns=list(_REPORT_COLUMNS))
    frame["severity"] = pandas.Categorical(
        frame["severity"], categories=["info", "warning", "error"], ordered=True
    )
    for name in ("line", "column"):
        frame[name] = pandas.array([r[name] for r in rows], dtype="Int64")
    result: pd.DataFrame = frame
    return result
