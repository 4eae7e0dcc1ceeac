"""The ``distauth diff`` and ``distauth whois`` subcommands: reading both sides and printing.

``diff OLD NEW`` compares two org files, or two directories of org files paired by their path
inside each directory (a file on one side only is compared with an empty org).
``diff --base REF [PATH]`` compares the org files under PATH (default: the current directory)
with the same files as committed at the git ref REF, read with ``git show``; files that exist
at REF but not in the working tree (or the other way round) count as removed (or added).
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import TYPE_CHECKING, Any

from distauth._errors import DistauthError

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from distauth._diff import OrgDiff
    from distauth._org import Org
    from distauth.rules import Config

__all__ = ["GitError", "run_diff", "run_whois"]

_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


class GitError(DistauthError, ValueError):
    """git could not show the org at the ref asked for (exit code 2)."""


def _empty() -> Org:
    from distauth._org import Org  # noqa: PLC0415

    return Org()


def _format_of(path: str) -> str:
    return _FORMATS.get(os.path.splitext(path)[1].lower(), "yaml")


def _load(path: str) -> Org:
    from distauth.files import load  # noqa: PLC0415 - lazy: keeps `--help` fast

    return load(path)


def _pairs_of_paths(old: str, new: str) -> list[tuple[str, Org, Org]]:
    """``(shown name, old org, new org)`` for two files, or two directories' org files."""
    from distauth.cli import UsageError, find_org_files  # noqa: PLC0415

    old_dir, new_dir = os.path.isdir(old), os.path.isdir(new)
    if old_dir != new_dir:
        raise UsageError(f"compare two files or two directories, not {old!r} and {new!r}")
    if not old_dir:
        for path in (old, new):
            if not os.path.exists(path):
                raise UsageError(f"{path}: no such file or directory")
        return [(new, _load(old), _load(new))]
    olds = {os.path.relpath(p, old): p for p in find_org_files(old)}
    news = {os.path.relpath(p, new): p for p in find_org_files(new)}
    if not olds and not news:
        raise UsageError(f"no org files in {old!r} or {new!r}")
    out = []
    for rel in sorted(set(olds) | set(news)):
        before = _load(olds[rel]) if rel in olds else _empty()
        after = _load(news[rel]) if rel in news else _empty()
        out.append((os.path.join(new, rel), before, after))
    return out


def _git(args: list[str], cwd: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except FileNotFoundError:
        raise GitError("git is not installed (needed for --base)") from None
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def _pairs_at_base(ref: str, path: str) -> list[tuple[str, Org, Org]]:
    """The org files under *path*, each against its version at git ref *ref*."""
    from distauth.cli import UsageError, find_org_files, is_org_file  # noqa: PLC0415
    from distauth.files import loads  # noqa: PLC0415

    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file or directory")
    here = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    top = _git(["rev-parse", "--show-toplevel"], here).strip()
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], here)
    except GitError:
        raise GitError(f"--base: git knows no commit {ref!r} in {top}") from None
    if os.path.isdir(path):
        now = {os.path.relpath(os.path.abspath(p), top): p for p in find_org_files(path)}
        prefix = os.path.relpath(os.path.abspath(path), top)
        listed = _git(["ls-tree", "-r", "--name-only", ref, "--", prefix], top).splitlines()
        then = {
            name
            for name in listed
            if is_org_file(os.path.basename(name))
            and not any(part.startswith(".") for part in name.split("/")[:-1])
        }
    else:
        rel = os.path.relpath(os.path.abspath(path), top)
        now = {rel: path}
        then = {rel} if _git(["ls-tree", "--name-only", ref, "--", rel], top).strip() else set()
    if not now and not then:
        raise UsageError(f"no org files under {path!r}, now or at {ref}")
    out = []
    for rel in sorted(set(now) | then):
        shown = now.get(rel, os.path.join(top, rel))
        if rel in then:
            text = _git(["show", f"{ref}:{rel.replace(os.sep, '/')}"], top)
            before = loads(text, _format_of(rel), source=f"{ref}:{rel}")
        else:
            before = _empty()
        after = _load(now[rel]) if rel in now else _empty()
        out.append((shown, before, after))
    return out


def _compare(
    pairs: list[tuple[str, Org, Org]], on: dt.date | None, resources: bool, config: Config
) -> list[tuple[str, OrgDiff]]:
    from distauth._diff import diff  # noqa: PLC0415

    return [
        (name, diff(old, new, on=on, resources=True if resources else None, config=config))
        for name, old, new in pairs
    ]


def _render(diffs: list[tuple[str, OrgDiff]], fmt: str, *, strict: bool) -> str:
    if fmt == "json":
        data: dict[str, Any] = {
            "failed": any(d.failed(strict=strict) for _n, d in diffs),
            "files": [{"file": name, **d.to_dict()} for name, d in diffs],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
    many = len(diffs) > 1
    parts = []
    for name, d in diffs:
        if fmt == "markdown":
            body = d.to_markdown()
            parts.append(f"### `{name}`\n\n{body}" if many else body)
        else:
            body = d.to_text()
            parts.append(f"== {name}\n{body}" if many else body)
    return "\n".join(parts)


def run_diff(args: argparse.Namespace, config: Config) -> tuple[str, int]:
    """Run ``distauth diff``: the text to print and the exit code (0 or 1).

    Raises:
        UsageError: wrong arguments, missing paths.
        OrgFileError: a file (on either side) does not load.
        GitError: git cannot show the ref.
    """
    from distauth.cli import UsageError  # noqa: PLC0415

    if args.base is not None:
        if len(args.paths) > 1:
            raise UsageError("with --base, give at most one PATH (default: .)")
        pairs = _pairs_at_base(args.base, args.paths[0] if args.paths else ".")
    else:
        if len(args.paths) != 2:
            raise UsageError("give OLD and NEW, or --base REF [PATH]")
        pairs = _pairs_of_paths(*args.paths)
    diffs = _compare(pairs, args.on, args.resources, config)
    failed = any(d.failed(strict=config.strict) for _n, d in diffs)
    return _render(diffs, args.format, strict=config.strict), 1 if failed else 0


def run_whois(org: Org, args: argparse.Namespace, config: Config) -> str:
    """Run ``distauth whois``: the person's profile and, with ``--leaving``, the impact."""
    from distauth._impact import impact, whois  # noqa: PLC0415

    profile = whois(org, args.person, on=args.on, config=config)
    leaving = None
    if args.leaving is not None:
        leaving = impact(org, args.person, on=args.leaving)
    if args.format == "json":
        data: dict[str, Any] = profile.to_dict()
        if leaving is not None:
            data["leaving"] = leaving.to_dict()
            data["leaving"]["findings"] = [f.to_dict() for f in leaving.findings(config)]
        return json.dumps(data, indent=2, ensure_ascii=False)
    text = profile.to_text()
    if leaving is not None:
        text += "\n" + leaving.to_text()
        found = leaving.findings(config)
        text += "\n" + (
            "\n".join(f"  new finding: {f.code} [{f.severity}] {f.message}" for f in found)
            if found
            else "  no new finding"
        )
    return text
