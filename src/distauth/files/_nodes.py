"""The parsed tree every format reader produces, with positions, and how to find a path in it.

Readers build plain Python data (dicts, lists, strings, numbers, dates) where the structuring
step can read it directly, and mark it where the format allows: :class:`MapNode` and
:class:`SeqNode` are a dict and a list that also remember where each key or item was written;
:class:`Plain` is a YAML scalar written without quotes, whose type is decided by the field that
reads it; :class:`Refused` stands for a value the reader already reported (an alias, a tag, a
``NaN``), so that later stages stay silent about it. A :class:`Doc` turns a field path into a
line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from distauth.files._problems import PathItem

__all__ = ["Doc", "MapNode", "Plain", "Refused", "SeqNode", "describe"]


class Plain(str):
    """A YAML scalar written without quotes: the field that reads it decides its type.

    >>> Plain("1.10") == "1.10"
    True
    """

    __slots__ = ()


class Refused:
    """A value that the reader refused and already reported (an alias, a tag, ``NaN``...)."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<refused {self.what}>"


class MapNode(dict[str, Any]):
    """A mapping that also knows where it and each of its keys were written.

    ``mark`` and the values of ``marks`` are opaque positions that only the :class:`Doc` of
    the same file can read. ``marks`` also holds keys whose value was null (and so may be
    missing from the dict) and keys that were refused, so that problems can point at them.
    """

    __slots__ = ("mark", "marks")

    def __init__(self, mark: int) -> None:
        super().__init__()
        self.mark = mark
        self.marks: dict[str, int] = {}


class SeqNode(list[Any]):
    """A list that also knows where it and each of its items were written."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: int) -> None:
        super().__init__()
        self.mark = mark
        self.marks: list[int] = []


def describe(value: object) -> str:
    """Name the kind of a parsed value for a message: ``a list``, ``the number 3``...

    >>> describe([1]), describe(None), describe(Plain("NO")), describe("x")
    ('a list', 'null', "'NO'", "the string 'x'")
    """
    if value is None:
        return "null"
    if isinstance(value, Plain):
        return repr(str(value))
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


class Doc:
    """A parsed file: its root value, and how to turn a field path into a line and column.

    The base class walks :class:`MapNode`/:class:`SeqNode` marks as deep as the path goes
    and reports the last mark found; subclasses say what a mark means (:meth:`point`) and may
    look further than the marked nodes (:meth:`beyond`).
    """

    def __init__(self, source: str, root: object) -> None:
        self.source = source
        self.root = root

    def point(self, mark: int) -> tuple[int | None, int | None]:
        """The 1-based line and column of *mark* (``None`` when unknown)."""
        raise NotImplementedError

    def beyond(
        self, mark: int, mark_is_key: bool, rest: Sequence[PathItem], node: object
    ) -> tuple[int | None, int | None]:
        """Position of a path that goes deeper than the marked nodes (default: the last mark).

        *mark* is the last mark found (of a key when *mark_is_key*, else of a value), *rest*
        the rest of the path and *node* the value at the mark.
        """
        return self.point(mark)

    def locate(self, path: Sequence[PathItem]) -> tuple[int | None, int | None]:
        """The line and column where *path* was written, as precisely as the format allows."""
        node: object = self.root
        if not isinstance(node, MapNode | SeqNode):
            return self.top_point()
        mark, is_key = node.mark, False
        for depth, item in enumerate(path):
            if isinstance(node, MapNode) and isinstance(item, str) and item in node.marks:
                mark, is_key = node.marks[item], True
                node = node.get(item)
            elif isinstance(node, SeqNode) and isinstance(item, int) and 0 <= item < len(node):
                mark, is_key = node.marks[item], False
                node = node[item]
            else:
                return self.beyond(mark, is_key, path[depth:], node)
        return self.point(mark)

    def points(self, marks: Sequence[int]) -> list[tuple[int | None, int | None]]:
        """:meth:`point` of many marks at once (the marks of one node, in file order)."""
        point = self.point
        return [point(mark) for mark in marks]

    def top_point(self) -> tuple[int | None, int | None]:
        """Where problems about the file as a whole point: its first line, when known."""
        return 1, 1

    def has_marks(self) -> bool:
        """Whether entities get a location (false for formats without positions)."""
        return isinstance(self.root, MapNode)
