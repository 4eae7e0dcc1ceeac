"""Every way the command line writes things down: validate's formats, the tree, the rules.

The formats of a :class:`~distauth._runs.Run`: ``text`` (``file:line:col: CODE [severity]
message`` and a summary line), ``json``, ``sarif`` (SARIF 2.1.0 for code-scanning tools) and
``github`` (workflow-command annotations); the area tree of ``distauth show``; and the rule
reference of ``distauth rules`` and of the docs. Every formatter is a pure function of its
input and sorts everything it writes: the same input gives byte-identical output, which keeps
CI logs diffable and SARIF uploads stable. Only the standard library and distauth's core are
imported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from distauth._tree import CYCLE_NOTE, DriInfo, Forest
from distauth.rules import Finding, Rule

if TYPE_CHECKING:
    from distauth._org import Org

from distauth._runs import LoadProblem, Run, plural, posix

__all__ = [
    "FORMATS",
    "RULES_URL",
    "escape_data",
    "escape_property",
    "format_github",
    "format_json",
    "format_rule",
    "format_rules_table",
    "format_sarif",
    "format_text",
    "format_tree",
]

#: The output formats of ``distauth validate``.
FORMATS = ("text", "json", "sarif", "github")
#: Where each rule is documented; ``{code}`` is the rule code in lower case.
RULES_URL = "https://distauth.readthedocs.io/en/latest/rules.html#{code}"
_TOOL_URL = "https://distauth.readthedocs.io"
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
_ANSI = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "green": "32"}

# --- text ---------------------------------------------------------------------------------------


class _Style:
    """ANSI colours, or nothing: the one place that decides how text is painted."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color:
            return text
        return f"\033[{_ANSI[style]}m{text}\033[0m"


def format_text(run: Run, *, color: bool = False, quiet: bool = False) -> str:
    """Findings as ``file:line:col: CODE [severity] message``, sorted, then a summary line.

    A finding's fix hint follows it on an indented ``hint:`` line, as JSON, SARIF and HTML
    carry it. Under a baseline only new findings are listed, and accepted findings that are
    gone are listed as fixed. *quiet* leaves out everything but the findings.

    >>> from distauth._runs import CheckedFile, Run
    >>> from distauth import Finding, Location
    >>> f = Finding("DA101", "unowned-area", "error", "area 'ops' has no DRI", ["ops"],
    ...             hint="add a DRI", location=Location(file="org.yaml", line=4, column=3))
    >>> print(format_text(Run([CheckedFile("org.yaml", areas=2, people=1, findings=(f,))])))
    org.yaml:4:3: DA101 [error] area 'ops' has no DRI
        hint: add a DRI
    1 file, 2 areas, 1 person checked: 1 error, 0 warnings
    """
    paint = _Style(color)
    lines = []
    for r in run.reported:
        f = r.finding
        sev = f.severity.value
        lines.append(
            f"{paint(r.where(), 'bold')}: {paint(f.code, sev)} [{paint(sev, sev)}] {f.message}"
        )
        if f.hint:
            lines.append(f"    {paint('hint', 'bold')}: {f.hint}")
    if not quiet:
        for entry in run.fixed:
            subjects = ", ".join(entry.subjects)
            lines.append(f"{entry.file}: {paint(entry.code, 'green')} fixed ({subjects})")
        lines.append(paint(run.summary(), "bold") if color else run.summary())
    return "\n".join(lines)


# --- json ---------------------------------------------------------------------------------------


def _problem_dict(p: LoadProblem) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "column": p.column, "message": p.message}


def format_json(run: Run) -> str:
    """The whole run as one JSON document (see the command-line docs for its fields).

    >>> from distauth._runs import CheckedFile, Run
    >>> import json
    >>> doc = json.loads(format_json(Run([CheckedFile("org.yaml")])))
    >>> doc["exit_code"], doc["summary"]["files"], doc["findings"]
    (0, 1, [])
    """
    loaded = [c for c in run.files if c.loaded]
    c = run.counts()
    findings = []
    for r in run.results:
        item = r.finding.to_dict()
        item["file"] = r.file
        item["fingerprint"] = r.fingerprint
        item["baseline"] = r.state
        findings.append(item)
    document = {
        "version": 1,
        "exit_code": run.exit_code,
        "strict": run.strict,
        "summary": {
            "files": len(loaded),
            "areas": sum(x.areas for x in loaded),
            "people": sum(x.people for x in loaded),
            "errors": c["error"],
            "warnings": c["warning"],
            "infos": c["info"],
            "unchanged": len(run.unchanged),
            "fixed": len(run.fixed),
            "not_loaded": len(run.files) - len(loaded),
        },
        "files": [
            {
                "path": x.path,
                "loaded": x.loaded,
                "areas": x.areas,
                "people": x.people,
                "problems": [_problem_dict(p) for p in x.problems],
            }
            for x in run.files
        ],
        "findings": findings,
        "fixed": [e.to_dict() for e in run.fixed],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


# --- SARIF 2.1.0 ----------------------------------------------------------------------------------


def _uri(path: str, root: str) -> str:
    """A URI for *path*: relative to *root* when inside it (as code scanning expects)."""
    if path.startswith("<"):
        return quote(path.strip("<>").encode("utf-8", "surrogatepass"))
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_uri()
    # The file name's own bytes (os.fsencode undoes the surrogates of a name not in UTF-8).
    return quote(os.fsencode(posix(rel)))


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    full = rule.doc.strip() or f"{rule.summary[:1].upper()}{rule.summary[1:]}."
    url = RULES_URL.format(code=rule.code.lower())
    markdown = [full]
    for label, example in (("Fires on", rule.bad), ("Silent on", rule.good)):
        if example:
            markdown += [f"{label}:", f"```yaml\n{example.rstrip()}\n```"]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": f"{full}\n\nSee {url}", "markdown": "\n\n".join(markdown)},
        "helpUri": url,
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity.value]},
        "properties": {"tags": [rule.code[:3].lower() + "xx"]},
    }


def _physical(file: str, line: int | None, column: int | None, root: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(file, root)}}
    if line:
        region = {"startLine": line}
        if column:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def format_sarif(
    run: Run, rules: Mapping[str, Rule], *, root: str | None = None, version: str = ""
) -> str:
    """The run as a SARIF 2.1.0 log with one rule entry per registered code.

    File URIs are relative to *root* (default: the current directory). There are no
    timestamps, so that the same input always gives the same bytes.

    >>> from distauth._runs import CheckedFile, Run
    >>> import json, distauth
    >>> log = json.loads(format_sarif(Run([CheckedFile("org.yaml")]), distauth.RULES))
    >>> log["version"], log["runs"][0]["tool"]["driver"]["rules"][0]["id"]
    ('2.1.0', 'DA101')
    """
    root = os.path.abspath(root or os.getcwd())
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for r in run.results:
        f = r.finding
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index.get(f.code, -1),
            "level": _SARIF_LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [_physical(r.file, r.line, r.column, root)],
            "partialFingerprints": {"distauth/v1": r.fingerprint},
            "properties": {"subjects": list(f.subjects)},
        }
        if f.hint:
            result["properties"]["hint"] = f.hint
        if r.state is not None:
            result["baselineState"] = r.state
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": p.message},
            "locations": [_physical(p.file, p.line, p.column, root)],
        }
        for p in run.problems
    ]
    driver: dict[str, Any] = {
        "name": "distauth",
        "informationUri": _TOOL_URL,
        "rules": [_sarif_rule(rules[code]) for code in codes],
    }
    if version:
        driver["version"] = version
    sarif_run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": not run.problems,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if run.fixed:
        sarif_run["properties"] = {"fixed": [e.to_dict() for e in run.fixed]}
    log = {"$schema": _SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]}
    return json.dumps(log, indent=2, ensure_ascii=False)


# --- GitHub Actions -------------------------------------------------------------------------------


def escape_data(text: str) -> str:
    r"""Escape a workflow command's message: ``%``, CR and LF, as GitHub's runner decodes them.

    >>> escape_data("50% done\nnext")
    '50%25 done%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: as :func:`escape_data`, plus ``:`` and ``,``.

    >>> escape_property("a,b:c%")
    'a%2Cb%3Ac%25'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(
    kind: str, message: str, *, file: str, line: int | None, col: int | None, title: str
) -> str:
    props = [f"file={escape_property(posix(file))}"]
    if line:
        props.append(f"line={line}")
        if col:
            props.append(f"col={col}")
    props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(message)}"


def format_github(run: Run) -> str:
    """One GitHub Actions annotation per reported finding and per load problem.

    >>> from distauth._runs import CheckedFile, Run
    >>> from distauth import Finding, Location
    >>> f = Finding("DA301", "overlapping-authority", "error", "a, b: both claim x", ["a", "b"],
    ...             location=Location(file="org.yaml", line=3, column=5))
    >>> print(format_github(Run([CheckedFile("org.yaml", findings=(f,))])))
    ::error file=org.yaml,line=3,col=5,title=DA301::a, b: both claim x
    """
    lines = [
        _annotation(
            "error",
            p.message,
            file=p.file,
            line=p.line,
            col=p.column,
            title="distauth: cannot load",
        )
        for p in run.problems
    ]
    for r in run.reported:
        f = r.finding
        kind = _GITHUB_COMMAND[f.severity.value]
        lines.append(
            _annotation(kind, f.message, file=r.file, line=r.line, col=r.column, title=f.code)
        )
    return "\n".join(lines)


# --- distauth show --------------------------------------------------------------------------------


def format_tree(
    org: Org,
    findings: Iterable[Finding],
    *,
    on: dt.date,
    color: bool = False,
) -> str:
    """The area tree with each area's DRI and a marker per finding about it.

    Areas nest under their parent, children sorted by id, in the order of the one area forest
    (``distauth._tree.Forest``) that the diagrams and the dump follow too: an area whose
    parent is missing or not an area starts a tree of its own; areas in or under a parent cycle
    come last, each cycle hanging off the member where it is entered. Each area's DRI is said
    in the words every view uses (``distauth._tree.DriInfo``). Findings that name no area
    (people, inventory resources) are listed after the tree.

    >>> import datetime as dt, distauth as da
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("co", "ana"))
    >>> report = da.validate(org, select=["DA101"], on=dt.date(2026, 1, 1))
    >>> print(format_tree(org, report, on=dt.date(2026, 1, 1)))
    Acme
    co  DRI: ana
    └── ops  no DRI  [DA101 error]
    2 areas, 1 person: 1 error, 0 warnings, 0 infos
    """
    paint = _Style(color)
    findings = list(findings)
    forest = Forest(org)
    areas = forest.areas
    marks: dict[str, list[Finding]] = {}
    loose: list[Finding] = []
    for f in findings:
        named = [s for s in dict.fromkeys(f.subjects) if s in areas]
        for s in named:
            marks.setdefault(s, []).append(f)
        if not named:
            loose.append(f)

    def label(area_id: str) -> str:
        text = f"{paint(area_id, 'bold')}  {DriInfo(org, area_id, on).short()}"
        for f in sorted(marks.get(area_id, ()), key=lambda x: (-x.severity.rank, x.code)):
            sev = f.severity.value
            text += "  " + paint(f"[{f.code} {sev}]", sev)
        return text

    lines = [org.name or "(unnamed org)"]
    in_cycles = False
    for root in forest.order:
        if not forest.starts_tree(root):
            continue
        if root in forest.cyclic and not in_cycles:
            lines.append(CYCLE_NOTE + ":")
            in_cycles = True
        # An explicit stack: an org file may nest thousands of areas deep.
        stack: list[tuple[str, str, str]] = [(root, "", "")]
        while stack:
            area_id, lead, pad = stack.pop()
            lines.append(lead + label(area_id))
            kids = forest.tree_children(area_id)
            for i in range(len(kids) - 1, -1, -1):
                last = i == len(kids) - 1
                stack.append(
                    (
                        kids[i],
                        pad + ("└── " if last else "├── "),
                        pad + ("    " if last else "│   "),
                    )
                )
    if loose:
        lines.append("not about an area:")
        for f in sorted(loose, key=Finding.sort_key):
            sev = f.severity.value
            lines.append(f"  {paint(f'[{f.code} {sev}]', sev)} {f.message}")
    counts = Counter(f.severity.value for f in findings)
    lines.append(
        f"{plural(len(areas), 'area')}, {plural(len(org.people), 'person', 'people')}: "
        f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
        f"{plural(counts['info'], 'info')}"
    )
    return "\n".join(lines)


# --- distauth rules -------------------------------------------------------------------------------


def format_rules_table(rules: Iterable[Rule]) -> str:
    """One line per rule: code, severity, name and summary, in aligned columns.

    >>> import distauth
    >>> print(format_rules_table([distauth.RULES["DA101"], distauth.RULES["DA302"]]))
    DA101  error    unowned-area          area with no DRI in effect
    DA302  warning  scope-outside-parent  a child's scope ...
    >>> format_rules_table([])
    ''
    """
    rows = [(r.code, r.severity.value, r.name, r.summary) for r in rules]
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        f"{c:<{widths[0]}}  {s:<{widths[1]}}  {n:<{widths[2]}}  {summary}".rstrip()
        for c, s, n, summary in rows
    )


def format_rule(rule: Rule, *, markdown: bool = False) -> str:
    """One rule's documentation: summary, explanation, an example it fires on and a fixed one.

    The one renderer of a rule's documentation: ``distauth rules CODE`` prints the text form,
    and the docs' rule reference is the Markdown form of every rule (``markdown=True``: a
    section anchored by the code in lower case, the examples as YAML blocks).

    >>> import distauth
    >>> print(format_rule(distauth.RULES["DA101"]))
    DA101 unowned-area (error)
    Area with no DRI in effect.
    ...
    https://distauth.readthedocs.io/en/latest/rules.html#da101
    >>> print(format_rule(distauth.RULES["DA101"], markdown=True))
    (da101)=
    ## DA101 unowned-area
    <BLANKLINE>
    **Severity: error.** Area with no DRI in effect.
    ...
    """
    summary = f"{rule.summary[:1].upper()}{rule.summary[1:]}."
    if markdown:
        lines = [f"({rule.code.lower()})=", f"## {rule.code} {rule.name}", ""]
        lines.append(f"**Severity: {rule.severity.value}.** {summary}")
    else:
        lines = [f"{rule.code} {rule.name} ({rule.severity.value})", summary]
    if rule.doc.strip():
        lines += ["", rule.doc.strip()]
    for label, example in (("Fires on:", rule.bad), ("Silent on:", rule.good)):
        if example.strip():
            lines += ["", label, ""]
            if markdown:
                lines += ["```yaml", example.rstrip(), "```"]
            else:
                lines += [f"    {line}".rstrip() for line in example.rstrip().splitlines()]
    if not markdown:
        lines += ["", RULES_URL.format(code=rule.code.lower())]
    return "\n".join(lines)
