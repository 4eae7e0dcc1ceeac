"""The command line: ``distauth`` (and ``python -m distauth``).

:func:`main` parses the arguments, runs one plain function per subcommand (``validate``,
``who``, ``escalate``, ``arbiter``, ``show``, ``export``, ``site``, ``decisions``, ``rules``,
``schema``) and maps the errors a user can cause to exit codes in one place: 0 clean, 1
failing findings (or a question with no single answer), 2 usage, configuration or load errors,
with a message on stderr and a traceback only under ``--debug``.

The questions (``who``, ``escalate``, ``arbiter``) live in ``_cli_questions``, publishing
(``export``, ``site``) in ``_cli_publish``, ``import`` in ``_cli_interop``, ``diff`` and
``whois`` in ``_change_cli`` and ``decisions`` in ``_cli_decisions``; this module builds the
parser, runs the rest and owns the exit codes.

Start-up time matters (``distauth --help`` runs in editors and hooks), so this module imports
only argparse and distauth's core at import time; file formats, configuration and output
formatters are imported by the subcommands that need them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from distauth import __version__
from distauth._cli_interop import (
    add_import_parser,
    add_inventory_argument,
    checked_sources_argument,
    export_codeowners,
    export_owners,
    with_inventory,
)
from distauth._cli_publish import add_publish_parsers, add_site_parser
from distauth._cli_questions import add_question_parsers
from distauth._errors import DistauthError, OrgFileError, UnknownRuleError, UsageError
from distauth._terminal import read_stdin as _read_stdin
from distauth._terminal import use_color as _use_color
from distauth._terminal import write as _write

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth._runs import CheckedFile
    from distauth.rules import Config

__all__ = ["EXPORTERS", "ORG_FILE_NAMES", "UsageError", "find_org_files", "main"]

#: The org-file names ``validate`` looks for in directories (and pre-commit's hook matches).
ORG_FILE_NAMES = (
    "distauth.yaml",
    "distauth.yml",
    "distauth.json",
    "distauth.toml",
    "*.distauth.yaml",
    "*.distauth.yml",
    "*.distauth.json",
    "*.distauth.toml",
)
_ORG_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
#: Directories never searched, besides hidden ones: they hold other people's files.
_SKIPPED_DIRS = frozenset({".venv", "node_modules", "__pycache__"})

_EXIT_CODES = """\
exit codes:
  0  clean: no failing finding, every question answered
  1  failing findings (errors; with --strict also warnings), or no single answer
  2  usage, configuration or load error (a message on stderr)
"""


# --- exporters ------------------------------------------------------------------------------------


def _dump_as(format_name: str) -> Callable[[Org, dt.date | None], str]:
    def export(org: Org, on: dt.date | None) -> str:  # files are not dated: `on` is unused
        from distauth.files import dumps  # noqa: PLC0415 - lazy: keeps `--help` fast

        return dumps(org, format=format_name)

    return export


def _diagram_as(function_name: str) -> Callable[[Org, dt.date | None], str]:
    def export(org: Org, on: dt.date | None) -> str:
        from distauth import display  # noqa: PLC0415 - lazy: keeps `--help` fast

        draw: Callable[..., str] = getattr(display, function_name)
        return draw(org, on=on)

    return export


#: ``export --to`` formats: name -> function from an org and a day (for diagrams) to text.
#: Read-only: the command line offers exactly these.
EXPORTERS: Mapping[str, Callable[[Org, dt.date | None], str]] = MappingProxyType(
    {
        "yaml": _dump_as("yaml"),
        "json": _dump_as("json"),
        "toml": _dump_as("toml"),
        "mermaid": _diagram_as("to_mermaid"),
        "dot": _diagram_as("to_dot"),
        "codeowners": export_codeowners,
        "owners": export_owners,
    }
)


# --- argument parsing -----------------------------------------------------------------------------


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _code_list(text: str) -> tuple[str, ...]:
    from distauth.rules._core import parse_codes  # noqa: PLC0415 - lazy: keeps `--help` fast

    return parse_codes(text)


def _flatten(groups: list[tuple[str, ...]] | None) -> tuple[str, ...] | None:
    return None if groups is None else tuple(code for group in groups for code in group)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="distauth",
        description="Check and query distributed-authority org files.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"distauth {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback when a command fails"
    )

    # Options shared by several subcommands live on parent parsers. --debug is repeated on
    # each subcommand (SUPPRESS keeps the top-level value) so it works after the name too.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument(
        "--stdin-format",
        choices=("yaml", "json", "toml"),
        default="yaml",
        help="the format of standard input when FILE is '-' (default: yaml)",
    )
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument(
        "--on",
        type=_iso_date,
        metavar="DATE",
        help="the day to answer for, YYYY-MM-DD (default: today)",
    )
    colored = argparse.ArgumentParser(add_help=False)
    colored.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (on a terminal, unless NO_COLOR is set), always, never",
    )
    ruled = argparse.ArgumentParser(add_help=False)
    codes: dict[str, Any] = {"type": _code_list, "action": "append", "metavar": "CODES"}
    ruled.add_argument(
        "--select", help="rule codes or prefixes to run (replaces the configured ones)", **codes
    )
    ruled.add_argument(
        "--ignore", help="rule codes or prefixes to skip (added to the configured ones)", **codes
    )
    ruled.add_argument("--extend-select", help="rule codes or prefixes to run as well", **codes)
    where = ruled.add_mutually_exclusive_group()
    where.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE (a pyproject.toml or a .distauth.toml) instead of searching",
    )
    where.add_argument("--isolated", action="store_true", help="ignore configuration files")

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "validate",
        parents=[common, reading, dated, ruled, colored],
        help="check org files against the rules",
        description="Check org files against the rules. A directory is searched for "
        + ", ".join(ORG_FILE_NAMES)
        + "; '-' reads standard input.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="FILE|DIR",
        help="(default: the org the configuration's sources form, else .)",
    )
    add_inventory_argument(p)
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format (default: text)",
    )
    p.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="warnings fail too (default: the configured 'strict', else no)",
    )
    p.add_argument("--baseline", metavar="FILE", help="only findings not in this baseline fail")
    p.add_argument(
        "--write-baseline",
        action="store_true",
        help="write the current findings to the --baseline FILE and exit 0",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    p.add_argument(
        "--horizon",
        type=int,
        metavar="DAYS",
        help="also report what will be wrong on any of the next DAYS days, from when (default: "
        "the configured handover-horizon-days, 30; 0 checks the one day)",
    )
    p.set_defaults(handler=_validate)

    p = sub.add_parser(
        "diff",
        parents=[common, dated, ruled],
        help="what a change does: compare two orgs",
        description="Compare OLD and NEW (two org files or two directories of them), or with "
        "--base the org files under PATH (default: .) with their version at a git ref. Exit 1 "
        "when the change introduces a finding at failing severity.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="OLD NEW | PATH")
    p.add_argument("--base", metavar="REF", help="compare with the org as committed at git REF")
    p.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="(default: text)"
    )
    p.add_argument(
        "--resources", action="store_true", help="list resources of the inventories that move"
    )
    p.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="new warnings fail too (default: the configured 'strict', else no)",
    )
    p.set_defaults(handler=_diff)

    p = sub.add_parser(
        "whois",
        parents=[common, reading, dated, ruled],
        help="everything a person is in the org",
        description="Say what PERSON is: DRI, acting DRI, deputy, advisor, informed, roles "
        "held, areas they arbitrate, and their load against the limit. With --leaving DATE, "
        "also what their departure on that day changes.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--leaving", type=_iso_date, metavar="DATE", help="the day they would leave")
    p.add_argument("--format", choices=("text", "json"), default="text", help="(default: text)")
    p.set_defaults(handler=_whois)

    add_question_parsers(sub, [common, reading, dated], _load_org)

    p = sub.add_parser(
        "show",
        parents=[common, reading, dated, ruled, colored],
        help="the area tree with DRIs and problems",
        description="Draw the area tree with each area's DRI and a marker on each problem.",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_show)

    add_publish_parsers(sub, [common, reading, dated], _load_org, EXPORTERS)
    add_import_parser(sub, common)
    add_site_parser(sub, [common, reading, dated], _load_org)

    p = sub.add_parser(
        "decisions",
        parents=[common, reading, ruled, colored],
        help="audit decision records (ADRs) against the map of their day",
        description="Audit the decision records of ORG and of each ADR_DIR (MADR or Nygard "
        "Markdown files) with the DA6 rules, each judged on its own date; --metrics prints the "
        "trust metrics of the period instead.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _cli_decisions().add_arguments(p, _iso_date)
    p.set_defaults(handler=_decisions)

    p = sub.add_parser(
        "rules",
        parents=[common],
        help="list the rules, or explain one",
        description="List every rule; with a CODE, explain that rule with examples; with a "
        "prefix (DA3), list the rules it selects.",
    )
    p.add_argument("code", nargs="?", metavar="CODE")
    p.set_defaults(handler=_rules)

    p = sub.add_parser(
        "schema",
        parents=[common],
        help="print the JSON Schema of org files",
        description="Print the JSON Schema (draft-07) of org files, for editors.",
    )
    p.set_defaults(handler=_schema)
    return parser


# --- helpers --------------------------------------------------------------------------------------


def _load_org(path: str, stdin_format: str) -> Org:
    from distauth.files import load, loads  # noqa: PLC0415 - lazy: keeps `--help` fast

    if path == "-":
        return loads(_read_stdin(), stdin_format, source="<stdin>")
    return load(path)


def _resolve_config(args: argparse.Namespace) -> Config:
    """The configuration file's settings, overridden by the command line's."""
    import attrs  # noqa: PLC0415

    from distauth._config import find_config, read_config  # noqa: PLC0415
    from distauth.rules import RULES, Config  # noqa: PLC0415

    if args.isolated:
        base = Config()
    elif args.config is not None:
        base = read_config(args.config)
    else:
        found = find_config()
        base = read_config(found) if found is not None else Config()
    select = _flatten(args.select)
    ignore = _flatten(args.ignore) or ()
    extend = _flatten(args.extend_select) or ()
    for flag, given in (("--select", select), ("--ignore", ignore), ("--extend-select", extend)):
        try:
            RULES.expand(given or (), flag)
        except UnknownRuleError as exc:
            raise UsageError(exc.args[0]) from exc
    changes: dict[str, Any] = {}
    if select is not None:
        # As in ruff: --select starts over, dropping the configured select and extend-select.
        changes["select"] = select
        changes["extend_select"] = extend
    elif extend:
        changes["extend_select"] = base.extend_select + extend
    if ignore:
        changes["ignore"] = base.ignore + ignore
    if getattr(args, "strict", None) is not None:
        changes["strict"] = args.strict
    return attrs.evolve(base, **changes) if changes else base


def is_org_file(name: str, directory: str = "") -> bool:
    if name.startswith("."):
        return False  # hidden files, and .distauth.toml, which is configuration
    stem, suffix = os.path.splitext(name)
    if suffix not in _ORG_SUFFIXES or not (stem == "distauth" or stem.endswith(".distauth")):
        return False
    if name == "distauth.toml":
        # The one name shared with configuration: a config has no top-level version.
        from distauth._config import is_config_file  # noqa: PLC0415 - tomllib only

        path = os.path.join(directory, name)
        return os.path.isfile(path) and not is_config_file(path)
    return True


def find_org_files(directory: str) -> list[str]:
    """The org files under *directory*, in sorted order, skipping hidden and tool directories.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ["distauth.yaml", "b/x.distauth.json", ".venv/distauth.yaml", "notes.yaml"]:
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("")
    >>> [pathlib.Path(p).relative_to(root).as_posix() for p in find_org_files(str(root))]
    ['b/x.distauth.json', 'distauth.yaml']
    """
    found = []
    for here, dirs, files in os.walk(directory):
        # Pruning in place is how os.walk is told not to descend.
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        found += [
            path
            for n in files
            if is_org_file(n, here)
            # Only regular files (or links to them): a FIFO named like an org file would block
            # the run, a device would be read forever.
            and os.path.isfile(path := os.path.normpath(os.path.join(here, n)))
        ]
    return sorted(found)


def _org_like(directory: str) -> list[str]:
    """No file under *directory* has an org file's name: the ones that start like org files.

    A note on standard error names them and says why, so that a user learns the names that
    are looked for (the bundled ``examples/acme.yaml`` is found this way).
    """
    from distauth._discover import org_like_files  # noqa: PLC0415 - only for such directories

    found = org_like_files(directory)
    if found:
        names = ", ".join(found)
        _write(f"distauth: {directory}: no file is named as an org file ({ORG_FILE_NAMES[0]}, "
               f"*.distauth.yaml, ...); checking the files that declare an org file's version: "
               f"{names}", sys.stderr)  # fmt: skip
    return found


def _inputs(paths: Sequence[str]) -> list[str]:
    """Files to check, in order, without repeats; a directory without org files is kept as is.

    A ``distauth.toml`` named explicitly that holds configuration rather than an org (no
    top-level ``version``; the pre-commit hook passes every file with an org-file name) is
    not checked, and a note on standard error says so.
    """
    out: dict[str, None] = {}
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = find_org_files(path) or _org_like(path)
            for file in found or [path]:
                out.setdefault(file, None)
        elif os.path.basename(path) == "distauth.toml" and _is_config(path):
            _write(f"distauth: {path}: skipped, it is configuration (no top-level version)",
                   sys.stderr)  # fmt: skip
        else:
            out.setdefault(path if path == "-" else os.path.normpath(path), None)
    return list(out)


def _is_config(path: str) -> bool:
    from distauth._config import is_config_file  # noqa: PLC0415 - tomllib only

    return os.path.isfile(path) and is_config_file(path)


def _check_file(
    path: str,
    config: Config,
    on: dt.date | None,
    stdin_format: str,
    until: dt.date | None = None,
) -> CheckedFile:
    from distauth._runs import CheckedFile, LoadProblem  # noqa: PLC0415
    from distauth.files import FileProblem  # noqa: PLC0415
    from distauth.rules import validate  # noqa: PLC0415

    shown = "<stdin>" if path == "-" else path
    if path != "-" and os.path.isdir(path):
        message = "no org files here (looked for " + ", ".join(ORG_FILE_NAMES) + ")"
        return CheckedFile(shown, problems=(LoadProblem(path, None, None, message),))
    try:
        org = _load_org(path, stdin_format)
    except OrgFileError as exc:
        problems = tuple(
            LoadProblem(p.file, p.line, p.column, f"{p.path}: {p.message}" if p.path else p.message)
            if isinstance(p, FileProblem)
            else LoadProblem(shown, None, None, str(p))
            for p in exc.errors
        )
        return CheckedFile(shown, problems=problems or (LoadProblem(shown, None, None, str(exc)),))
    report = validate(org, on=on, config=config, until=until)
    return CheckedFile(shown, len(org.areas), len(org.people), report.findings)


# --- subcommands ----------------------------------------------------------------------------------


def _until(on: dt.date | None, horizon: int | None, config: Config) -> dt.date | None:
    """The end of the window ``validate`` looks at (None: the one day)."""
    days = config.handover_horizon_days if horizon is None else horizon
    if days < 0:
        raise UsageError(f"--horizon must be 0 or more days (got {days})")
    day = on or dt.date.today()
    # Near the calendar's end the window stops at its last day instead of overflowing.
    days = min(days, (dt.date.max - day).days)
    return None if days == 0 else day + dt.timedelta(days=days)


def _validate(args: argparse.Namespace) -> int:
    from distauth import _formats, _runs  # noqa: PLC0415
    from distauth.rules import RULES  # noqa: PLC0415

    if args.write_baseline and args.baseline is None:
        raise UsageError("--write-baseline needs --baseline FILE")
    if args.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    config = with_inventory(args, _resolve_config(args))
    baseline = None
    if args.baseline is not None and not args.write_baseline:
        baseline = _runs.read_baseline(args.baseline)
    baseline_dir = os.path.dirname(os.path.abspath(args.baseline or "x"))
    until = _until(args.on, args.horizon, config)
    checked = checked_sources_argument(args, config, until) or [
        _check_file(p, config, args.on, args.stdin_format, until)
        for p in _inputs(args.paths or ["."])
    ]
    run = _runs.Run(checked, strict=config.strict, baseline=baseline, baseline_dir=baseline_dir)
    for problem in run.problems:
        _write(str(problem), sys.stderr)
    if args.write_baseline:
        if run.problems:
            _write(
                "distauth: error: some files could not be loaded; baseline not written", sys.stderr
            )
            return 2
        keep = _runs.read_baseline(args.baseline) if os.path.exists(args.baseline) else ()
        count = _runs.write_baseline(args.baseline, run, keep)
        _write(f"distauth: wrote {count} findings to the baseline {args.baseline}", sys.stderr)
        return 0
    if args.format == "json":
        _write(_formats.format_json(run), data=True)
    elif args.format == "sarif":
        _write(_formats.format_sarif(run, RULES, version=__version__), data=True)
    elif args.format == "github":
        _write(_formats.format_github(run))
    else:
        color = _use_color(args.color, sys.stdout)
        _write(_formats.format_text(run, color=color, quiet=args.quiet))
    return run.exit_code


def _diff(args: argparse.Namespace) -> int:
    from distauth._change_cli import run_diff  # noqa: PLC0415

    text, code = run_diff(args, _resolve_config(args))
    _write(text)
    return code


def _whois(args: argparse.Namespace) -> int:
    from distauth._change_cli import run_whois  # noqa: PLC0415

    config = _resolve_config(args)
    _write(run_whois(_load_org(args.file, args.stdin_format), args, config))
    return 0


def _show(args: argparse.Namespace) -> int:
    from distauth._formats import format_tree  # noqa: PLC0415
    from distauth._model import day_or_today as _day  # noqa: PLC0415
    from distauth.rules import validate  # noqa: PLC0415

    config = _resolve_config(args)
    org = _load_org(args.file, args.stdin_format)
    on = _day(args.on)
    report = validate(org, on=on, config=config)
    _write(format_tree(org, report, on=on, color=_use_color(args.color, sys.stdout)))
    return 0


def _cli_decisions() -> Any:
    from distauth import _cli_decisions  # noqa: PLC0415 - lazy: keeps `--help` fast

    return _cli_decisions


def _decisions(args: argparse.Namespace) -> int:
    return int(
        _cli_decisions().run(
            args,
            config=_resolve_config(args),
            load_org=_load_org,
            write=_write,
            use_color=_use_color,
            usage=UsageError,
        )
    )


def _rules(args: argparse.Namespace) -> int:
    from distauth._formats import format_rule, format_rules_table  # noqa: PLC0415
    from distauth.rules import RULES  # noqa: PLC0415

    if args.code is None:
        _write(format_rules_table(RULES[code] for code in RULES))
    elif args.code.upper() in RULES:
        _write(format_rule(RULES[args.code.upper()]))
    else:
        codes = RULES.expand([args.code], "rules")  # an unknown code raises: exit 2
        _write(format_rules_table(RULES[code] for code in sorted(codes)))
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    from distauth.files import json_schema  # noqa: PLC0415

    _write(json.dumps(json_schema(), indent=2, ensure_ascii=False), data=True)
    return 0


# --- entry point ----------------------------------------------------------------------------------


def _refuse_nul(args: argparse.Namespace) -> None:
    # No path, resource or code can hold a NUL, and the OS would refuse the call half-way.
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and "\0" in item:
                raise UsageError(f"{name}: {item!r} contains a NUL character")


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``distauth`` command line and return its exit code.

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 for failing findings or a question without a single answer, 2 for
        usage, configuration and load errors.

    >>> main(["rules"])
    DA101  error    unowned-area  ...
    ...
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return _exit_status(exc.code)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        _refuse_nul(args)
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`distauth rules | head -3`): nothing to report, but stop
        # Python from complaining when it flushes standard output on the way out.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (DistauthError, OSError) as exc:
        # The one place that turns what a user can get wrong into exit code 2.
        if args.debug:
            import traceback  # noqa: PLC0415

            traceback.print_exc()
        if isinstance(exc, OrgFileError):
            _write(str(exc), sys.stderr)  # already file:line:col: ... lines
        elif isinstance(exc, OSError):
            _write(f"distauth: error: {exc.filename or ''}: {exc.strerror or exc}", sys.stderr)
        else:
            # distauth's errors carry the offending value as a second argument; show the text.
            text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            _write(f"distauth: error: {text}", sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
