"""The command line's publishing: ``distauth export`` (formats and diagrams) and ``site``.

``export`` writes an org in another file format or draws its area tree (Mermaid, DOT,
CODEOWNERS), to standard output or atomically to ``--output``, whose suffix may name the
format; ``--check PATH`` compares instead of writing. ``site`` writes the org as one
self-contained web page, ``DIR/index.html``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from distauth._cli_interop import check_export, export_owners_tree
from distauth._errors import UsageError
from distauth._terminal import write as _write

if TYPE_CHECKING:
    from distauth._org import Org

__all__ = ["add_publish_parsers", "add_site_parser"]

LoadOrg = Callable[[str, str], "Org"]
Exporters = Mapping[str, Callable[["Org", dt.date | None], str]]

#: ``export`` output suffixes and the format each means.
_SUFFIX_FORMATS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
}


def add_publish_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
    load_org: LoadOrg,
    exporters: Exporters,
) -> None:
    """Register ``export`` and ``site``; *parents* give their shared options."""
    p = sub.add_parser(
        "export",
        parents=parents,
        help="write an org in another format",
        description="Write the org of FILE in another format (yaml, json, toml), or draw its "
        "area tree (mermaid, dot; --on chooses the day whose DRIs and findings are shown), to "
        "standard output or --output.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--to",
        choices=tuple(exporters),
        help="the output format (default: from the suffix of --output)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.add_argument(
        "--check",
        metavar="PATH",
        help="write nothing; exit 1 with a diff when PATH differs from what the org generates",
    )
    p.set_defaults(handler=functools.partial(_export, load_org=load_org, exporters=exporters))


def add_site_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
    load_org: LoadOrg,
) -> None:
    """Register ``site``."""
    p = sub.add_parser(
        "site",
        parents=parents,
        help="publish the org as one self-contained web page",
        description="Write DIR/index.html: one page, with no outside resources, that shows the "
        "area tree, the people and the findings, and answers who decides a resource "
        "(links: index.html#who=RESOURCE, #area=ID, #person=ID).",
    )
    p.add_argument("file", metavar="ORG")
    p.add_argument("-o", "--output", metavar="DIR", default="site", help="(default: site)")
    p.set_defaults(handler=functools.partial(_site, load_org=load_org))


def _export_format(to: str | None, output: str | None) -> str:
    """The format asked for, checked against the output file's suffix."""
    suffix = os.path.splitext(output)[1].lower() if output is not None else ""
    implied = _SUFFIX_FORMATS.get(suffix)
    if to is None:
        if implied is None:
            raise UsageError(
                "export needs --to FORMAT, or an --output whose suffix names one "
                f"({', '.join(_SUFFIX_FORMATS)})"
            )
        return implied
    if implied is not None and implied != to:
        raise UsageError(
            f"--to {to} would write {to} into {output!r}, whose suffix says {implied}: "
            "change one of them"
        )
    return to


def _export(args: argparse.Namespace, *, load_org: LoadOrg, exporters: Exporters) -> int:
    to = _export_format(args.to, args.output)
    org = load_org(args.file, args.stdin_format)
    if to == "owners" and (args.output is not None or args.check is not None):
        return export_owners_tree(org, args.on, output=args.output, check=args.check)
    text = exporters[to](org, args.on)
    if text and not text.endswith("\n"):
        text += "\n"
    if args.check is not None:
        return check_export(text, args.check)
    if args.output is None:
        _write(text, data=True)
    else:
        from distauth.files._dump import write_atomically  # noqa: PLC0415

        write_atomically(Path(args.output), text)
    return 0


def _site(args: argparse.Namespace, *, load_org: LoadOrg) -> int:
    from distauth._site import site  # noqa: PLC0415
    from distauth.files._dump import write_atomically  # noqa: PLC0415

    org = load_org(args.file, args.stdin_format)
    page = site(org, on=args.on)
    target = Path(args.output)
    if target.exists() and not target.is_dir():
        raise UsageError(f"-o {args.output}: exists and is not a directory")
    target.mkdir(parents=True, exist_ok=True)
    write_atomically(target / "index.html", page)
    _write(f"distauth: wrote {target / 'index.html'}", sys.stderr)
    return 0
