"""TOML: reading with the standard library's tomllib, best-effort positions, writing with tomli-w.

tomllib already refuses duplicate keys and redefined tables; its errors name a line and
column, which become the problem's position. tomllib gives no positions for values, so after a
successful parse a line scanner records where each table header (``[areas.billing]``,
``[[dris]]``) and each ``key =`` line was written: entities, DRIs and simple fields written
that way get a line; values written inline elsewhere get the line of the nearest recorded
parent, or none. tomllib recurses on nested arrays and inline tables, so nesting deeper than
the limit is refused by a bracket count before parsing.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Sequence
from typing import Any

import tomli_w

from distauth.files._nodes import Doc
from distauth.files._problems import PathItem, Problems
from distauth.files._text import max_bracket_depth

__all__ = ["TomlDoc", "read_toml", "write_toml"]

# Strings and comments, whose brackets do not nest anything.
_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*',
    re.DOTALL,
)
_TOKENS = re.compile(_STRINGS_AND_COMMENTS.pattern + r"|[\[\]{}]", re.DOTALL)
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY_PATH = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_HEADER = re.compile(rf"([ \t]*)(\[\[?)[ \t]*({_KEY_PATH})[ \t]*\]\]?[ \t]*(?:#.*)?$")
_ASSIGN = re.compile(rf"([ \t]*)({_KEY_PATH})[ \t]*=")
_PART = re.compile(_KEY_PART)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_parts(path: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _PART.finditer(path):
        part = match.group()
        if part[0] in "\"'":
            with contextlib.suppress(tomllib.TOMLDecodeError):  # the file parsed already
                part = tomllib.loads(f"k = {part}")["k"]
        parts.append(part)
    return tuple(parts)


class TomlDoc(Doc):
    """A TOML file's data and the positions the line scanner could find."""

    def __init__(self, source: str, root: object, marks: dict[tuple[PathItem, ...], int]) -> None:
        super().__init__(source, root)
        self.marks = marks

    def point(self, mark: int) -> tuple[int | None, int | None]:
        """Marks pack a 0-based line and column like YAML's."""
        return (mark >> 32) + 1, (mark & 0xFFFFFFFF) + 1

    def locate(self, path: Sequence[PathItem]) -> tuple[int | None, int | None]:
        """The position of the longest prefix of *path* that the scanner found, if any."""
        key = tuple(path)
        for end in range(len(key), 0, -1):
            mark = self.marks.get(key[:end])
            if mark is not None:
                return self.point(mark)
        return None, None

    def top_point(self) -> tuple[int | None, int | None]:
        """TOML problems about the whole file name no line."""
        return None, None

    def has_marks(self) -> bool:
        """True: entities get the line of their table header or key when found."""
        return True


def _scan_marks(text: str) -> dict[tuple[PathItem, ...], int]:
    """Where table headers, ``key =`` lines and items of multi-line arrays were written."""
    marks: dict[tuple[PathItem, ...], int] = {}
    table: tuple[PathItem, ...] = ()
    counts: dict[tuple[PathItem, ...], int] = {}
    in_multiline: str | None = None
    array: tuple[PathItem, ...] | None = None  # the multi-line array being read, if any
    items = 0
    bare = _BARE_KEY.fullmatch
    for number, line in enumerate(text.splitlines()):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        stripped = line.lstrip(" \t")
        if not stripped or stripped[0] == "#":
            continue
        indent = len(line) - len(stripped)
        packed = (number << 32) | indent
        if array is not None:
            if stripped[0] == "]":
                array = None
            elif stripped[0] in "{\"'" or stripped[0].isalnum():
                # One item per line, as tomli-w writes arrays (of inline tables too).
                marks.setdefault((*array, items), packed)
                items += 1
            continue
        if stripped[0] == "[":
            header = _HEADER.match(line)
            if header is not None:
                path = _key_parts(header.group(3))
                if header.group(2) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    table = (*path, index)
                else:
                    table = path
                marks.setdefault(table, packed)
            continue
        equals = stripped.find("=")
        key_text = stripped[:equals].rstrip(" \t") if equals > 0 else ""
        if bare(key_text):
            # The common case, one bare key: no need for the full key grammar.
            marks.setdefault((*table, key_text), packed)
        else:
            assign = _ASSIGN.match(line)
            if assign is not None:
                parts = _key_parts(assign.group(2))
                for end in range(1, len(parts) + 1):
                    marks.setdefault((*table, *parts[:end]), packed)
                key_text = "."  # any non-empty marker: the array below needs parts
                if line.rstrip().endswith("["):
                    array, items = (*table, *parts), 0
                    continue
        if key_text and line.rstrip().endswith("[") and bare(key_text):
            array, items = (*table, key_text), 0
        if '"""' in line or "'''" in line:
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2 == 1:
                    in_multiline = quotes
                    break
    return marks


def read_toml(text: str, problems: Problems, max_depth: int) -> TomlDoc | None:
    r"""Parse *text* into a :class:`TomlDoc`, recording problems; ``None`` when nothing usable.

    >>> p = Problems("org.toml")
    >>> doc = read_toml('version = 1\n[areas.billing]\nparent = "x"\n', p, 64)
    >>> doc.locate(["areas", "billing", "parent"])
    (3, 1)
    >>> read_toml("a = 1\na = 2\n", p, 64) is None, str(p.error().errors[0])
    (True, 'org.toml:2:6: Cannot overwrite a value')
    """
    if text.count("[") + text.count("{") > max_depth:
        depth = max_bracket_depth(text, _STRINGS_AND_COMMENTS)
        if depth > max_depth:
            line, column = _deep_point(text, max_depth)
            problems.add(
                f"nesting deeper than {max_depth} levels is not allowed", line=line, column=column
            )
            return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _AT.search(message)
        if at is not None:
            problems.add(message[: at.start()], line=int(at.group(1)), column=int(at.group(2)))
        else:
            problems.add(_AT_END.sub("", message) + " (at the end of the file)")
        return None
    except (ValueError, RecursionError) as exc:
        long = _LONG_INT.search(text)
        if long is not None and "digits" in str(exc):
            # Python's limit on converting integers, hit inside tomllib: say where.
            line = text.count("\n", 0, long.start()) + 1
            column = long.start() - (text.rfind("\n", 0, long.start()) + 1) + 1
            problems.add(
                "an integer longer than 4300 digits is not allowed", line=line, column=column
            )
        else:
            problems.add(f"invalid TOML: {exc}")
        return None
    if _deeper_than(data, max_depth):
        problems.add(f"nesting deeper than {max_depth} levels is not allowed")
        return None
    return TomlDoc(problems.source, data, _scan_marks(text))


#: A run of digits Python will not convert to an int (sys.int_info.default_max_str_digits).
_LONG_INT = re.compile(r"[0-9][0-9_]{4300,}")


def _deep_point(text: str, limit: int) -> tuple[int | None, int | None]:
    """Where brackets first nest deeper than *limit* (only called when they do)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        char = match.group()
        if len(char) != 1 or char in "\"'#":
            continue
        depth += 1 if char in "[{" else -1
        if depth > limit:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return None, None  # pragma: no cover - the bracket count said it nests too deep


def _deeper_than(root: object, limit: int) -> bool:
    """Whether containers nest more than *limit* deep (dotted keys nest without brackets)."""
    stack: list[tuple[object, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, dict | list))
    return False


def write_toml(tree: dict[str, Any]) -> str:
    """Write *tree* with tomli-w (tables after plain values, as TOML requires).

    >>> print(write_toml({"version": 1, "people": {"ana": {"name": "Ana"}}}), end="")
    version = 1
    <BLANKLINE>
    [people.ana]
    name = "Ana"
    """
    result: str = tomli_w.dumps(tree)
    return result
