"""The repository as inventory: the resources that must have an owner, from git or from a file.

``validate --inventory git`` lists the tracked files (``git ls-files -z``) as resources in the
``repo:`` namespace; ``--inventory FILE`` reads one resource per line. The org's ``resources``
then hold them, so that DA303 lists the tracked files no scope covers, DA304 the scopes that
match no tracked file (stale rules), and DA301 says how many of them fall in each overlap.

A tracked path that is no valid resource (a segment that begins or ends with a space, a ``*``,
a backslash, a ``:`` or a control character) cannot be owned through a scope; it is counted and
named, never silently dropped. Only the standard library is imported here.

Complexity: linear in the size of the listing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable

import attrs

from distauth._errors import DistauthError, ScopeError
from distauth.scopes import check_resource

__all__ = ["Inventory", "InventoryError", "file_inventory", "git_inventory", "read_inventory"]

#: A listing larger than this is refused (a repository of a million files lists about 60 MB).
MAX_INVENTORY_BYTES = 256 * 1024 * 1024


class InventoryError(DistauthError, ValueError):
    """The inventory cannot be read: not a git repository, git missing, a malformed line."""


@attrs.frozen
class Inventory:
    """Resources to own, and the listed paths that cannot be resources.

    Attributes:
        resources: the resources, in listing order, without repeats.
        unusable: ``(path, why)`` for each listed path that is no valid resource.
    """

    resources: tuple[str, ...]
    unusable: tuple[tuple[str, str], ...] = ()


def _from_paths(paths: Iterable[str], namespace: str) -> Inventory:
    resources: dict[str, None] = {}
    unusable: list[tuple[str, str]] = []
    for path in paths:
        if not path:
            continue
        try:
            resources[check_resource(f"{namespace}:{path}")] = None
        except ScopeError as exc:
            unusable.append((path, str(exc)))
    return Inventory(tuple(resources), tuple(unusable))


def git_inventory(directory: str = ".", namespace: str = "repo") -> Inventory:
    """The files git tracks in the repository holding *directory*, as ``namespace:path``.

    Paths are relative to the repository's root (``git ls-files -z --full-name``), so that they
    are the paths CODEOWNERS and OWNERS files speak of wherever the command runs.

    Raises:
        InventoryError: git is missing, or *directory* is in no git repository.

    >>> import subprocess, tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = subprocess.run(["git", "init", "-q", str(root)], check=True)
    >>> _ = (root / "a.py").write_text("")
    >>> _ = subprocess.run(["git", "-C", str(root), "add", "a.py"], check=True)
    >>> git_inventory(str(root)).resources
    ('repo:a.py',)
    """
    try:
        top = subprocess.run(
            ["git", "-C", directory, "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
        )
        if top.returncode != 0:
            message = top.stderr.decode("utf-8", "replace").strip() or "not a git repository"
            raise InventoryError(f"--inventory git: {directory}: {message}", directory)
        root = top.stdout.decode("utf-8", "surrogateescape").strip()
        listed = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--full-name"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise InventoryError("--inventory git: git is not installed", directory) from None
    if listed.returncode != 0:
        message = listed.stderr.decode("utf-8", "replace").strip()
        raise InventoryError(f"--inventory git: git ls-files failed: {message}", directory)
    if len(listed.stdout) > MAX_INVENTORY_BYTES:
        raise InventoryError(
            f"--inventory git: the listing is over {MAX_INVENTORY_BYTES:,} bytes", directory
        )
    text = listed.stdout.decode("utf-8", "surrogateescape")
    return _from_paths(text.split("\0"), namespace)


def file_inventory(path: str) -> Inventory:
    r"""Resources listed in a file, one per line (blank lines and ``#`` comments skipped).

    Each line is a resource (``repo:src/app.py``, ``budget:marketing/events``); a line
    without a namespace is a repository path, in ``repo:``.

    Raises:
        InventoryError: the file cannot be read, or a line is no valid resource (the message
            names the file and line).

    >>> import pathlib, tempfile
    >>> listing = pathlib.Path(tempfile.mkdtemp()) / "inventory.txt"
    >>> _ = listing.write_text("# tracked\nsrc/a.py\nbudget:events\n")
    >>> file_inventory(str(listing)).resources
    ('repo:src/a.py', 'budget:events')
    """
    from distauth.files._load import RefusedFileError, read_regular_file  # noqa: PLC0415

    try:
        data = read_regular_file(path, MAX_INVENTORY_BYTES)
    except RefusedFileError as exc:
        raise InventoryError(f"--inventory {path}: {exc}", path) from None
    except OSError as exc:
        raise InventoryError(f"--inventory {path}: {exc.strerror or exc}", path) from None
    if len(data) > MAX_INVENTORY_BYTES:
        raise InventoryError(f"{path}: larger than {MAX_INVENTORY_BYTES:,} bytes", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InventoryError(f"{path}: not UTF-8 (byte {exc.start})", path) from None
    resources: dict[str, None] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        resource = line if _has_namespace(line) else f"repo:{line}"
        try:
            resources[check_resource(resource)] = None
        except ScopeError as exc:
            raise InventoryError(f"{path}:{number}: {exc}", path) from None
    return Inventory(tuple(resources))


def _has_namespace(line: str) -> bool:
    head, colon, _rest = line.partition(":")
    return bool(colon) and "/" not in head


def read_inventory(spec: str, directory: str = ".") -> Inventory:
    """``--inventory git`` (the tracked files of *directory*'s repository) or ``FILE``.

    A file literally named ``git`` is read as ``./git``.
    """
    if spec == "git":
        return git_inventory(directory)
    return file_inventory(os.path.normpath(spec))
