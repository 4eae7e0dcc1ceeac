"""Org files in a directory that are not named as org files: what ``validate DIR`` falls back to.

``distauth validate DIR`` checks the files named ``distauth.yaml`` or ``*.distauth.yaml`` (and
their JSON and TOML twins). A directory of org files named otherwise, such as the examples
that come with distauth (``examples/acme.yaml``), would otherwise answer "no org files here".
When a directory holds no file with an org-file name, the files with an org file's suffix
whose beginning declares ``version`` as a whole number at the top level are taken instead:
no other YAML, JSON or TOML file says that (``package.json`` and ``pyproject.toml`` give a
version as a string).
"""

from __future__ import annotations

import os
import re
import stat

__all__ = ["SNIFF_BYTES", "declares_org_version", "org_like_files"]

#: How much of each candidate is read to see whether it declares an org file's version.
SNIFF_BYTES = 65_536

_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
_SKIPPED_DIRS = frozenset({".venv", "node_modules", "__pycache__"})
# A top-level version that is a whole number: YAML and TOML at the start of a line, JSON as
# a key anywhere in the head (whitespace is free there).
_VERSION = {
    ".yaml": re.compile(rb"^version[ \t]*:[ \t]*[0-9]+[ \t]*(#.*)?\r?$", re.MULTILINE),
    ".yml": re.compile(rb"^version[ \t]*:[ \t]*[0-9]+[ \t]*(#.*)?\r?$", re.MULTILINE),
    ".toml": re.compile(rb"^version[ \t]*=[ \t]*[0-9]+[ \t]*(#.*)?\r?$", re.MULTILINE),
    ".json": re.compile(rb'"version"\s*:\s*[0-9]+\s*[,}]'),
}


def declares_org_version(path: str) -> bool:
    r"""Whether the regular file *path* starts like an org file (see the module's doc).

    Reads at most :data:`SNIFF_BYTES`; a FIFO, a device or an unreadable file is not one.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "acme.yaml").write_text("# Acme\nversion: 1\nname: Acme\n")
    >>> _ = (root / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    >>> [declares_org_version(str(root / name)) for name in ("acme.yaml", "package.json")]
    [True, False]
    """
    pattern = _VERSION.get(os.path.splitext(path)[1].lower())
    if pattern is None:
        return False
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False
    with os.fdopen(handle, "rb") as stream:
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return False
            head = stream.read(SNIFF_BYTES)
        except OSError:
            return False
    return pattern.search(head) is not None


def org_like_files(directory: str) -> list[str]:
    r"""The files under *directory* that declare an org file's version, sorted.

    Hidden directories and ``.venv``, ``node_modules`` and ``__pycache__`` are skipped, as the
    search for org-file names skips them. O(files under *directory*), each read at most
    :data:`SNIFF_BYTES`.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ["examples/acme.yaml", "examples/notes.yaml", ".hidden/x.yaml"]:
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("version: 1\n" if "notes" not in name else "a: 1\n")
    >>> [pathlib.Path(p).relative_to(root).as_posix() for p in org_like_files(str(root))]
    ['examples/acme.yaml']
    """
    found = []
    for here, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        for name in files:
            if name.lower().endswith(_SUFFIXES) and not name.startswith("."):
                path = os.path.normpath(os.path.join(here, name))
                if declares_org_version(path):
                    found.append(path)
    return sorted(found)
