"""The HTML that notebooks show for orgs, reports, answers and entities, and the mime bundle.

Inline styles only (no stylesheet, script or external asset), every text escaped, long
tables cut at :data:`~distauth.display.MAX_ROWS` rows; a repr never raises.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from distauth._bulk import collector_paused
from distauth._errors import InvalidTypeError
from distauth._model import Area, Person, Role
from distauth._model import day_or_today as _day
from distauth._org import Org
from distauth._queries import Decision, EscalationPath
from distauth._tree import DriInfo, Forest
from distauth.display._common import (
    MAX_ROWS,
    MERMAID_BUNDLE_LIMIT,
    Problems,
    cut,
    esc,
    validated,
    warn,
)
from distauth.display._diagrams import to_mermaid
from distauth.rules import Finding, Report, Severity

__all__ = ["html", "mimebundle"]


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
    tip = f' title="{esc(title)}"' if title else ""
    return (
        f'<span{tip} style="display:inline-block;padding:0 5px;margin:0 2px 0 0;'
        f"border-radius:3px;color:{colours[0]};background:{colours[1]};font-weight:600;"
        f'font-size:11px;white-space:nowrap">{esc(text)}</span>'
    )


def _muted(text: str) -> str:
    return f'<span style="color:{_MUTED}">{esc(text)}</span>'


def _code(text: str) -> str:
    return f'<code style="{_CODE}">{esc(text)}</code>'


def _title(kind: str, name: str) -> str:
    return (
        f'<div style="font-size:14px;margin-bottom:4px"><span style="color:{_MUTED}">'
        f"{esc(kind)}</span> <strong>{esc(cut(name, 200))}</strong></div>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table; *rows* hold ready-made (escaped) cell HTML."""
    head = "".join(f'<th style="{_TH}">{esc(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_TD}">{cell}</td>' for cell in row) + "</tr>" for row in rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _more(count: int, what: str) -> str:
    if count <= 0:
        return ""
    return f'<div style="color:{_MUTED};margin:2px 0 6px">... {count:,} more {esc(what)}</div>'


def _person_html(person: Person | None) -> str:
    if person is None:
        return _badge("none", _SEVERITY_COLOURS["error"])
    name = f" {_muted(person.name)}" if person.name else ""
    inactive = " " + _badge("inactive", _SEVERITY_COLOURS["error"]) if not person.active else ""
    return f"{_code(person.id)}{name}{inactive}"


def _dri_html(info: DriInfo) -> str:
    # The words of DriInfo.short(), as every view says them; the reason goes in the tooltip.
    if info.person is None:
        return _badge(info.unresolved(), _SEVERITY_COLOURS["error"], info.problem)
    out = _person_html(info.person)
    if info.via:
        out += " " + _muted(f"(as {info.via})")
    if info.acting:
        out += " " + _muted("acting")
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
        message = esc(f.message)
        if f.hint:
            message += f'<div style="color:{_MUTED};font-size:11px">{esc(f.hint)}</div>'
        rows.append(
            (
                _badge(f.code, _SEVERITY_COLOURS[f.severity.value], f.rule),
                _severity_html(f.severity),
                ", ".join(_code(s) for s in f.subjects),
                message,
                esc(f.location) if f.location else "",
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
    report, failure = validated(org, day)
    forest = Forest(org)
    problems = Problems(org, report)
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
        rows.append((cell, _dri_html(DriInfo(org, ident, day)), codes))
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
        status += " " + esc(path.reason or "")
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
            + esc(
                "matching areas are not on one ancestor chain: "
                + ", ".join(c.id for c in decision.candidates)
            )
        )
    elif decision.area is None:
        status = (
            _badge("no area", _SEVERITY_COLOURS["warning"])
            + " "
            + esc("no area's scope matches this resource")
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
            cell = esc("yes" if value else "no")
        elif isinstance(value, tuple | frozenset):
            items = sorted(value) if isinstance(value, frozenset) else list(value)
            shown = items[:MAX_ROWS]
            if label in ("tags", "accountabilities"):
                cell = " · ".join(esc(v) for v in shown)
            else:
                cell = ", ".join(_code(str(v)) for v in shown)
            if len(items) > MAX_ROWS:
                cell += " " + _muted(f"... {len(items) - MAX_ROWS:,} more")
        else:
            cell = esc(value)
        rows.append((f"<strong>{esc(label)}</strong>", cell))
    table = _table(("field", "value"), rows)
    return f'<div class="distauth-{kind.lower()}" style="{_BOX}">{_title(kind, ident)}{table}</div>'


def _entity_fields(entity: Area | Person | Role) -> list[tuple[str, object]]:
    """Every field of *entity* but its id, in declaration order, labelled in plain words.

    A field at its default is left out (``kind: human``, ``nobody: no``) unless it is a flag
    that is on by default: ``active: yes`` is always said.
    """
    rows: list[tuple[str, object]] = []
    for field in attrs.fields(type(entity))[1:]:
        value = getattr(entity, field.name)
        if value == field.default and not (isinstance(value, bool) and value):
            value = None
        rows.append((field.name.replace("_", " "), value))
    return rows


def _area_html(area: Area) -> str:
    return _fields_html("Area", area.id, _entity_fields(area))


def _person_fields_html(person: Person) -> str:
    return _fields_html("Person", person.id, _entity_fields(person))


def _role_html(role: Role) -> str:
    return _fields_html("Role", role.id, _entity_fields(role))


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
        f'<div style="{_BOX}"><strong>{esc(type(obj).__name__)}</strong>: cannot display '
        f"this object ({esc(type(exc).__name__)}: {esc(exc)})</div>"
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
        warn(f"cannot display {type(obj).__name__}: {exc!r}")
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
            warn(f"cannot show {type(obj).__name__} as text: {exc!r}")
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
            warn(f"cannot show the org as Mermaid: {exc!r}")
    return bundle
