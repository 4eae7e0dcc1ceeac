"""Load problems: :class:`FileProblem`, field paths, and the one :class:`OrgFileError` per file.

Every stage of loading (decoding, parsing, structuring, building the org) reports what it finds
to a :class:`Problems` collector instead of raising, so that one ``OrgFileError`` can list every
problem in the file, each with its file, line, column and field path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from distauth._errors import OrgFileError

__all__ = ["FileProblem", "PathItem", "Problems", "format_path"]

#: One step of a field path: a key (str) or a list index (int).
PathItem = str | int

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def format_path(path: Sequence[PathItem]) -> str:
    """Spell a field path the way messages show it: ``areas.billing.scopes[2]``.

    Keys that are not plain words (an id with a dot, an empty key) are quoted in brackets so
    that the path stays unambiguous.

    >>> format_path(["areas", "billing", "scopes", 2])
    'areas.billing.scopes[2]'
    >>> format_path(["areas", "billing.eu", "parent"])
    "areas['billing.eu'].parent"
    """
    out: list[str] = []
    for item in path:
        if isinstance(item, int):
            out.append(f"[{item}]")
        elif _BARE_KEY.fullmatch(item):
            out.append(f".{item}" if out else item)
        else:
            out.append(f"[{item!r}]")
    return "".join(out)


@attrs.frozen
class FileProblem:
    """One problem found while loading an org file.

    Attributes:
        file: the file name (or ``<string>``).
        line: 1-based line, or ``None`` when the format cannot tell.
        column: 1-based column, or ``None`` when the format cannot tell.
        path: the field path, like ``areas.billing.parent`` (empty for the whole file).
        message: what is wrong.

    >>> str(FileProblem("org.yaml", 12, 5, "areas.billing.parent", "expected a string, got a list"))
    'org.yaml:12:5: areas.billing.parent: expected a string, got a list'
    >>> str(FileProblem("org.toml", None, None, "", "version 2 is not supported"))
    'org.toml: version 2 is not supported'
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def sort_key(self) -> tuple[int, int, str, str]:
        """File order: line, column, then path and message (problems without a line first).

        >>> FileProblem("f", 3, 1, "a", "m").sort_key()
        (3, 1, 'a', 'm')
        """
        return (self.line or 0, self.column or 0, self.path, self.message)


class Problems:
    """Collects the problems of one file and turns them into one :class:`OrgFileError`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._items: list[FileProblem] = []

    def add(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        path: Sequence[PathItem] = (),
    ) -> None:
        """Record one problem (lines and columns 1-based)."""
        self._items.append(FileProblem(self.source, line, column, format_path(path), message))

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def error(self) -> OrgFileError:
        """The one error listing every problem in file order, duplicates dropped."""
        items = sorted(dict.fromkeys(self._items), key=FileProblem.sort_key)
        return OrgFileError("\n".join(str(p) for p in items), tuple(items))

    def raise_if_any(self) -> None:
        """Raise :meth:`error` when a problem was recorded."""
        if self._items:
            raise self.error()
