"""``distauth decisions ORG [ADR_DIR...]``: audit decision records, or print trust metrics.

The org file's own ``decisions`` and the records read from each ADR directory are audited by
the DA6xx rules, each on its own day; ``--since``/``--until`` keep the records dated in that
period. Findings are printed in any of ``validate``'s formats, grouped by the file each record
came from, with ``validate``'s exit codes: an ADR that cannot become a record (no date, a
front matter that is not YAML, a file that is not UTF-8) is a load problem (exit 2), like a
broken org file. ``--metrics`` prints the trust metrics of the period instead (text or JSON).

Which area an ADR directory concerns: ``--area-dir AREA=DIR`` on the command line, or the
``adr-areas`` table of the configuration (``{"docs/adr/billing" = "billing"}``, directories
relative to the configuration file), unless the record names its own ``area``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth._runs import CheckedFile, LoadProblem
    from distauth._trust import TrustMetrics
    from distauth.rules import Config, Finding

__all__ = ["add_arguments", "run"]

#: Import problems that lose a record or part of it: they fail the run like a load error.
_LOSSY = frozenset({"AD101", "AD104", "AD105", "AD106"})


def add_arguments(p: argparse.ArgumentParser, iso_date: Callable[[str], dt.date]) -> None:
    """The arguments of the ``decisions`` subcommand."""
    p.add_argument("org", metavar="ORG", help="the org file ('-' reads standard input)")
    p.add_argument("adr_dirs", nargs="*", metavar="ADR_DIR", help="directories of ADR files")
    p.add_argument("--since", type=iso_date, metavar="DATE", help="first day of records kept")
    p.add_argument("--until", type=iso_date, metavar="DATE", help="first day no longer kept")
    p.add_argument(
        "--area-dir",
        action="append",
        default=[],
        metavar="AREA=DIR",
        help="the records under DIR concern AREA (unless they say otherwise); repeatable",
    )
    p.add_argument("--metrics", action="store_true", help="print trust metrics, not findings")
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format (default: text; --metrics: text or json)",
    )
    p.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="warnings fail too (default: the configured 'strict', else no)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")


def _config_dir(args: argparse.Namespace) -> str:
    from distauth._config import find_config  # noqa: PLC0415

    if args.isolated:
        return os.getcwd()
    path = args.config if args.config is not None else find_config()
    return os.path.dirname(os.path.abspath(path)) if path is not None else os.getcwd()


def _area_dirs(args: argparse.Namespace, config: Config, usage: type[Exception]) -> dict[str, str]:
    """Absolute directory -> area id, from the configuration and then the command line."""
    out: dict[str, str] = {}
    base = _config_dir(args)
    for directory, area in config.adr_areas.items():
        out[os.path.normpath(os.path.join(base, directory))] = area
    for item in args.area_dir:
        area, sep, directory = item.partition("=")
        if not sep or not area or not directory:
            raise usage(f"--area-dir takes AREA=DIR (got {item!r})")
        out[os.path.abspath(directory)] = area
    return out


def _areas_under(directory: str, mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping's entries at or below *directory*, relative to it (``""`` for itself)."""
    root = os.path.abspath(directory)
    found: dict[str, str] = {}
    for path, area in mapping.items():
        if path == root:
            found[""] = area
        elif path.startswith(root + os.sep):
            found[os.path.relpath(path, root).replace(os.sep, "/")] = area
    return found


def _record_day(org: Org, finding: Finding) -> dt.date | None:
    record = org.decisions.get(finding.subjects[0]) if finding.subjects else None
    return None if record is None else record.date


def run(
    args: argparse.Namespace,
    *,
    config: Config,
    load_org: Callable[[str, str], Org],
    write: Callable[..., None],
    use_color: Callable[[str, Any], bool],
    usage: type[Exception],
) -> int:
    """Run ``distauth decisions`` (the command line passes its helpers in)."""
    import attrs  # noqa: PLC0415

    from distauth import _runs as out  # noqa: PLC0415
    from distauth._errors import OrgFileError  # noqa: PLC0415
    from distauth.interop import read_adrs  # noqa: PLC0415
    from distauth.rules import RULES, validate  # noqa: PLC0415

    if args.metrics and args.format not in ("text", "json"):
        raise usage("--metrics prints text or json")
    codes = RULES.expand(config.select or ("DA6",), "--select")
    if any(not c.startswith("DA6") for c in codes):
        raise usage("decisions runs the DA6 rules only: --select DA6 codes")
    config = attrs.evolve(config, select=sorted(codes), extend_select=())
    for directory in args.adr_dirs:
        if not os.path.isdir(directory):
            raise usage(f"{directory}: not a directory of ADR files")
    shown_org = "<stdin>" if args.org == "-" else args.org
    try:
        org = load_org(args.org, args.stdin_format)
    except OrgFileError as exc:
        files = [_not_loaded(shown_org, exc)]
        return _report(args, out.Run(files, strict=config.strict), write, use_color)
    mapping = _area_dirs(args, config, usage)
    problems: dict[str, list[LoadProblem]] = {}
    for directory in args.adr_dirs:
        imported = read_adrs(
            directory, org=org, areas=_areas_under(directory, mapping), source=directory
        )
        org = imported.org
        for p in imported.problems:
            where = p.location.file or directory
            if p.code in _LOSSY:
                line = p.location.line or None
                column = p.location.column or None
                problem = out.LoadProblem(where, line, column, f"{p.code} {p.message}")
                problems.setdefault(where, []).append(problem)
            else:
                write(f"distauth: note: {p}", sys.stderr)
    if args.metrics:
        from distauth._trust import trust_metrics  # noqa: PLC0415

        metrics = trust_metrics(org, since=args.since, until=args.until)
        broken = [problem for found in problems.values() for problem in found]
        for problem in broken:
            write(str(problem), sys.stderr)
        if args.format == "json":
            write(_metrics_json(metrics), data=True)
        else:
            write(_metrics_text(metrics))
        return 2 if broken else 0
    report = validate(org, config=config)
    by_file: dict[str, list[Finding]] = {}
    for finding in report:
        day = _record_day(org, finding)
        if day is not None and (
            (args.since is not None and day < args.since)
            or (args.until is not None and day >= args.until)
        ):
            continue
        where = finding.location.file if finding.location and finding.location.file else None
        by_file.setdefault(where or shown_org, []).append(finding)
    files = [
        out.CheckedFile(
            shown_org, len(org.areas), len(org.people), tuple(by_file.pop(shown_org, ()))
        )
    ]
    for name in sorted(set(by_file) | set(problems)):
        files.append(
            out.CheckedFile(
                name, findings=tuple(by_file.get(name, ())), problems=tuple(problems.get(name, ()))
            )
        )
    return _report(args, out.Run(files, strict=config.strict), write, use_color)


def _not_loaded(shown: str, exc: Exception) -> CheckedFile:
    from distauth._runs import CheckedFile, LoadProblem  # noqa: PLC0415
    from distauth.files import FileProblem  # noqa: PLC0415

    errors = getattr(exc, "errors", ())
    found = tuple(
        LoadProblem(p.file, p.line, p.column, f"{p.path}: {p.message}" if p.path else p.message)
        if isinstance(p, FileProblem)
        else LoadProblem(shown, None, None, str(p))
        for p in errors
    )
    return CheckedFile(shown, problems=found or (LoadProblem(shown, None, None, str(exc)),))


def _report(
    args: argparse.Namespace,
    checked: Any,
    write: Callable[..., None],
    use_color: Callable[[str, Any], bool],
) -> int:
    from distauth import __version__  # noqa: PLC0415
    from distauth import _formats as out  # noqa: PLC0415
    from distauth.rules import RULES  # noqa: PLC0415

    for problem in checked.problems:
        write(str(problem), sys.stderr)
    if args.format == "json":
        write(out.format_json(checked), data=True)
    elif args.format == "sarif":
        write(out.format_sarif(checked, RULES, version=__version__), data=True)
    elif args.format == "github":
        write(out.format_github(checked))
    else:
        write(out.format_text(checked, color=use_color(args.color, sys.stdout), quiet=args.quiet))
    code: int = checked.exit_code
    return code


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _metrics_text(metrics: TrustMetrics) -> str:
    """The metrics as two aligned tables."""
    period = f"{metrics.since or 'the first record'} to {metrics.until or 'the last'}"
    lines = [f"decisions from {period}", ""]
    header = ("area", "decisions", "own DRI", "authorised", "escalated", "advised", "answered")
    rows = [
        (
            a.area,
            str(a.decisions),
            _percent(a.own_dri_share),
            str(a.by_authority),
            str(a.escalated),
            _percent(a.advice_coverage),
            _percent(a.dissent_answered_share),
        )
        for a in metrics.areas
    ]
    lines += _table(header, rows)
    lines.append("")
    header = ("person", "decided", "as DRI", "no authority", "advisor on", "heard", "dissented")
    rows = [
        (
            p.person,
            str(p.decided),
            str(p.as_dri),
            str(p.without_authority),
            str(p.advisor_on),
            _percent(p.advice_coverage),
            str(p.dissented),
        )
        for p in metrics.people
    ]
    lines += _table(header, rows)
    return "\n".join(lines)


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in (header, *rows)
    ]


def _metrics_json(metrics: TrustMetrics) -> str:
    document = {
        "since": metrics.since.isoformat() if metrics.since else None,
        "until": metrics.until.isoformat() if metrics.until else None,
        "areas": metrics.to_records("area"),
        "people": metrics.to_records("person"),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
