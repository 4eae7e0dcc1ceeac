"""The command line's interop commands: ``distauth import``, ``export --to owners``, ``--check``.

``import`` reads CODEOWNERS, a Prow OWNERS tree or a Backstage catalog, prints every import
problem as ``file:line: CODE message`` on standard error, writes the org anyway, and exits 1 when
there was a problem. ``export --check PATH`` compares what the org generates with the committed
file and exits 1 with a unified diff when they differ, so that CI keeps them in sync.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import posixpath
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from distauth._errors import DistauthError

if TYPE_CHECKING:
    from distauth._org import Org
    from distauth._runs import CheckedFile
    from distauth.interop import Imported
    from distauth.rules import Config

__all__ = [
    "add_import_parser",
    "add_inventory_argument",
    "check_export",
    "checked_sources_argument",
    "export_codeowners",
    "export_owners",
    "export_owners_tree",
    "run_import",
    "with_inventory",
]

_HIDDEN_OR_VENDORED = frozenset({".git", ".venv", "node_modules", "__pycache__"})


class ImportSourceError(DistauthError, ValueError):
    """An import source is missing or of the wrong kind (exit code 2)."""


def add_import_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Register ``distauth import``."""
    p = sub.add_parser(
        "import",
        parents=[common],
        help="read CODEOWNERS, Prow OWNERS or a Backstage catalog into an org file",
        description="Read the ownership files a repository already has into an org. Every "
        "import problem is printed as file:line: CODE message; the org is written anyway, and "
        "the exit code is 1 when there was any problem.",
    )
    p.add_argument("format", choices=("codeowners", "owners", "backstage"))
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SRC",
        help="codeowners: the file; owners: the repository root (every OWNERS file below it, "
        "and its OWNERS_ALIASES); backstage: catalog files or directories of them",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the org file to write (yaml, json, toml by suffix; default: YAML on standard output)",
    )
    p.add_argument("--namespace", help="the scope namespace (default: repo, or catalog)")
    p.add_argument(
        "--dialect",
        choices=("github", "gitlab"),
        default="github",
        help="CODEOWNERS dialect (default: github)",
    )
    p.set_defaults(handler=run_import)


def add_inventory_argument(parser: argparse.ArgumentParser) -> None:
    """``validate --inventory git|FILE``."""
    parser.add_argument(
        "--inventory",
        metavar="git|FILE",
        help="the resources that must have an owner: 'git' for the files git tracks here "
        "(repo:PATH), or a file listing one resource per line; DA303 then reports what no "
        "scope covers, DA304 the scopes that match none of them, DA301 how many fall in an "
        "overlap",
    )


def with_inventory(args: argparse.Namespace, config: Config) -> Config:
    """*config* with the resources ``--inventory`` lists (a note on stderr for unusable paths)."""
    spec = getattr(args, "inventory", None)
    if spec is None:
        return config
    from distauth._inventory import read_inventory  # noqa: PLC0415
    from distauth._terminal import write  # noqa: PLC0415

    found = read_inventory(spec)
    if found.unusable:
        path, why = found.unusable[0]
        more = f" (and {len(found.unusable) - 1} more)" if len(found.unusable) > 1 else ""
        write(
            f"distauth: {len(found.unusable)} tracked paths cannot be resources and are not "
            f"checked: {path!r}: {why}{more}",
            sys.stderr,
        )
    return attrs.evolve(config, inventory=found.resources)


def checked_sources_argument(
    args: argparse.Namespace, config: Config, until: dt.date | None
) -> list[CheckedFile]:
    """``validate`` without a path: the org the configuration's ``sources`` form, if any."""
    if args.paths or args.isolated:
        return []
    from distauth._config import find_config, read_sources  # noqa: PLC0415
    from distauth._sources import checked_sources  # noqa: PLC0415

    found = Path(args.config) if args.config is not None else find_config()
    if found is None:
        return []
    sources = read_sources(found)
    if not sources:
        return []
    return checked_sources(
        sources,
        config,
        args.on,
        until,
        configuration=os.path.relpath(found) if found.is_absolute() else str(found),
    )


def _walk(root: Path) -> Iterator[Path]:
    """Files below *root*, sorted, never entering hidden or vendored directories."""
    stack = [root]
    while stack:
        directory = stack.pop()
        entries = sorted(directory.iterdir(), reverse=True)
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                if entry.name not in _HIDDEN_OR_VENDORED and not entry.name.startswith("."):
                    stack.append(entry)
            elif entry.is_file():
                yield entry


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportSourceError(
            f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})", str(path)
        ) from None


def _imported(args: argparse.Namespace) -> Imported:
    return import_source(args.format, [Path(s) for s in args.sources], args.namespace, args.dialect)


def import_source(
    kind: str,
    sources: list[Path],
    namespace: str | None = None,
    dialect: str = "github",
    *,
    prefix: bool = False,
) -> Imported:
    """Import CODEOWNERS (one file), an OWNERS tree (its root) or a Backstage catalog.

    With *prefix*, the files the org's locations name are given as paths from the current
    directory (an OWNERS tree's files are otherwise named from its root, a catalog's from the
    directory given), as an org built from several sources needs.
    """
    from distauth import interop  # noqa: PLC0415 - lazy: keeps `--help` fast

    for source in sources:
        if not source.exists():
            raise ImportSourceError(f"{source}: no such file or directory", str(source))
    if kind == "codeowners":
        if len(sources) != 1 or not sources[0].is_file():
            raise ImportSourceError("codeowners: give exactly one CODEOWNERS file", sources)
        return interop.read_codeowners(
            _read_text(sources[0]),
            source=str(sources[0]),
            namespace=namespace or "repo",
            dialect=dialect,
        )
    if kind == "owners":
        if len(sources) != 1 or not sources[0].is_dir():
            raise ImportSourceError("owners: give the repository's root directory", sources)
        root = sources[0]
        files = {
            path.relative_to(root).as_posix(): _read_text(path)
            for path in _walk(root)
            if path.name == "OWNERS"
        }
        aliases_path = root / "OWNERS_ALIASES"
        aliases = _read_text(aliases_path) if aliases_path.is_file() else None
        imported = interop.read_owners(files, aliases=aliases, namespace=namespace or "repo")
        return _rooted(imported, root) if prefix else imported
    documents: dict[str, str] = {}
    for source in sources:
        found = [source] if source.is_file() else list(_walk(source))
        for path in found:
            if path.suffix in (".yaml", ".yml"):
                relative = source.is_dir() and not prefix
                documents[path.relative_to(source).as_posix() if relative else str(path)] = (
                    _read_text(path)
                )
    return interop.read_backstage(documents, namespace=namespace or "catalog")


def _rooted(imported: Imported, root: Path) -> Imported:
    """An OWNERS import whose locations name files from the current directory, not *root*."""
    base = root.as_posix()
    org = imported.org
    moved = []
    for item in (*org.people, *org.roles, *org.areas):
        where = org.location(item)
        if where is not None and where.file is not None:
            moved.append((item, attrs.evolve(where, file=posixpath.join(base, where.file))))
    org.set_locations(moved)
    problems = tuple(
        attrs.evolve(
            p,
            location=attrs.evolve(
                p.location, file=posixpath.join(base, p.location.file or "OWNERS")
            ),
        )
        for p in imported.problems
    )
    return attrs.evolve(imported, problems=problems)


def run_import(args: argparse.Namespace) -> int:
    """``distauth import FORMAT SRC... [-o OUT]``: 0 clean, 1 with import problems."""
    from distauth.files import dumps  # noqa: PLC0415
    from distauth.files._dump import write_atomically  # noqa: PLC0415

    imported = _imported(args)
    for problem in imported.problems:
        sys.stderr.write(f"{problem}\n")
    if args.output is None:
        sys.stdout.write(dumps(imported.org, format="yaml"))
    else:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        format_name = {"yml": "yaml"}.get(suffix, suffix)
        if format_name not in ("yaml", "json", "toml"):
            raise ImportSourceError(
                f"{args.output}: the org file must end in .yaml, .yml, .json or .toml",
                args.output,
            )
        write_atomically(Path(args.output), dumps(imported.org, format=format_name))
    return 1 if imported.problems else 0


def export_codeowners(org: Org, on: object) -> str:
    """``export --to codeowners``."""
    from distauth.interop import write_codeowners  # noqa: PLC0415

    return write_codeowners(org, on=on)


def export_owners(org: Org, on: object) -> str:
    """``export --to owners`` to standard output: every file as a YAML document named by path."""
    from distauth.interop import write_owners  # noqa: PLC0415

    files = write_owners(org, on=on if isinstance(on, dt.date) else None)
    return "".join(f"--- # {path}\n{text}" for path, text in sorted(files.items()))


def export_owners_tree(org: Org, on: object, *, output: str | None, check: str | None) -> int:
    """``export --to owners -o DIR`` writes the tree; ``--check DIR`` compares it (exit 1)."""
    from distauth.files._dump import write_atomically  # noqa: PLC0415
    from distauth.interop import write_owners  # noqa: PLC0415

    files = write_owners(org, on=on if isinstance(on, dt.date) else None)
    root = Path(check if check is not None else output or ".")
    if root.exists() and not root.is_dir():
        raise ImportSourceError(f"{root}: an OWNERS tree goes into a directory", str(root))
    if check is None:
        for path, text in sorted(files.items()):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, text)
        return 0
    committed = (
        {p.relative_to(root).as_posix() for p in _walk(root) if p.name == "OWNERS"}
        if root.is_dir()
        else set()
    )
    status = 0
    for path in sorted(committed | set(files)):
        if path not in files:
            sys.stdout.write(f"{root / path}: the org writes no such file; remove it\n")
            status = 1
        elif check_export(files[path], str(root / path)):
            status = 1
    return status


def check_export(text: str, committed: str) -> int:
    """``export --check PATH``: 0 when the file is what the org generates, else 1 and a diff."""
    path = Path(committed)
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if current == text:
        return 0
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{committed} (committed)",
        tofile=f"{committed} (generated)",
    )
    sys.stdout.writelines(diff)
    sys.stdout.write(
        f"{committed} differs from what the org generates; regenerate it with "
        f"distauth export ... -o {os.fspath(committed)}\n"
    )
    return 1
