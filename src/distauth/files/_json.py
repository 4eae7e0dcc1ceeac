"""JSON: a strict reader that knows where each entity is, and a deterministic writer.

The standard library's C scanner parses each value, but the top-level object and the sections
under it (``people``, ``areas``, ``roles``, ``dris``, ``absences``, ``decisions``,
``resources``, ``ignore``) are walked by
this module, so every top-level key, entity id, DRI and resource gets its character offset at
no extra parsing cost. Problems deeper inside an entity are located on demand by re-walking
just that entity's text. Duplicate keys (at any depth), ``NaN``/``Infinity`` and integers too
long to convert are reported with their path and position, and nesting deeper than the limit
is refused by a bracket count before any parsing, since the C scanner recurses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from distauth.files._nodes import Doc, MapNode, Refused, SeqNode
from distauth.files._problems import PathItem, Problems
from distauth.files._text import BRACKET_STEP, LineIndex

__all__ = ["JsonDoc", "read_json", "too_deep", "write_json"]

# Parts of the json module that typeshed does not describe: the C string scanner, and the
# decoder's bound scanner that parses one value at an offset and says where it ended.
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_WS = re.compile(r"[ \t\n\r]*")
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_NEXT_MEMBER = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*|(\}))")
_NEXT_ITEM = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*|(\]))")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_SECTIONS_MAP = frozenset({"people", "areas", "roles", "decisions", "ignore"})
_SECTIONS_LIST = frozenset({"dris", "absences", "resources"})
# Python refuses to convert integers longer than this (sys.int_info.default_max_str_digits).
_MAX_INT_DIGITS = 4300


class _DupDict(dict[str, Any]):
    """A JSON object in which a key was repeated (the first value is kept)."""

    __slots__ = ("duplicates",)
    duplicates: list[str]


_KEEP_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_SAME_BRACKETS = bytes.maketrans(b"{}", b"[]")


def too_deep(text: str, limit: int) -> bool:
    """Whether ``[``/``{`` nest more than *limit* deep in the JSON *text* (strings skipped).

    Works on the UTF-8 bytes, where no multi-byte character holds an ASCII byte: drop escaped
    backslashes and quotes, keep only brackets and quotes, drop what lies between quotes, then
    peel innermost ``[]`` pairs; nesting deeper than *limit* survives *limit* rounds. All of it
    runs in C, a few milliseconds for a 20 MB file.

    >>> too_deep('{"a": [[1]], "b": "[[[["}', 3), too_deep('[[[[]]]]', 3)
    (False, True)
    """
    data = text.encode("utf-8", "surrogatepass")
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    skeleton = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _KEEP_STRUCTURE)
    skeleton = b"".join(skeleton.split(b'"')[::2]).translate(_SAME_BRACKETS)
    for _ in range(limit):
        peeled = skeleton.replace(b"[]", b"")
        if len(peeled) == len(skeleton):
            return False
        skeleton = peeled
    return b"[]" in skeleton


class JsonDoc(Doc):
    """A JSON file's tree; marks are character offsets of keys (mappings) or values (lists)."""

    def __init__(self, source: str, root: object, text: str) -> None:
        super().__init__(source, root)
        self.text = text
        self.lines = LineIndex(text)
        self._plain = json.JSONDecoder()

    def point(self, mark: int) -> tuple[int | None, int | None]:
        """The line and column of a character offset."""
        return self.lines.point(mark)

    def points(self, marks: Sequence[int]) -> list[tuple[int | None, int | None]]:
        """Points of increasing offsets, counting newlines between them (one pass, in C)."""
        text = self.text
        out: list[tuple[int | None, int | None]] = []
        line, line_start, previous = 1, 0, 0
        for mark in marks:
            if mark < previous:
                return [self.point(m) for m in marks]
            breaks = text.count("\n", previous, mark)
            if breaks:
                line += breaks
                line_start = text.rfind("\n", previous, mark) + 1
            out.append((line, mark - line_start + 1))
            previous = mark
        return out

    def top_point(self) -> tuple[int | None, int | None]:
        """The first non-blank character of the file (its start when it is blank)."""
        first = _ws(self.text, 0)
        return self.lines.point(first) if first < len(self.text) else (1, 1)

    def beyond(
        self, mark: int, mark_is_key: bool, rest: Sequence[PathItem], node: object
    ) -> tuple[int | None, int | None]:
        """Walk the text of the value at *mark* along *rest* (the last duplicate key wins)."""
        text = self.text
        scan: Callable[[str, int], tuple[Any, int]] = self._plain.scan_once  # type: ignore[attr-defined]
        index = mark
        try:
            if mark_is_key:
                index = _after_key(text, index)
            for item in rest:
                found = None
                if text[index] == "{" and isinstance(item, str):
                    index = _ws(text, index + 1)
                    while text[index] == '"':
                        key, after = _scanstring(text, index + 1)
                        value_at = _ws(text, _ws(text, after) + 1)
                        if key == item:
                            found = (index, value_at)
                        index = _ws(text, scan(text, value_at)[1])
                        if text[index] != ",":
                            break
                        index = _ws(text, index + 1)
                    if found is None:
                        break
                    mark, index = found
                elif text[index] == "[" and isinstance(item, int):
                    index = _ws(text, index + 1)
                    position = 0
                    while text[index] != "]":
                        if position == item:
                            found = (index, index)
                            break
                        index = _ws(text, scan(text, index)[1])
                        if text[index] == ",":
                            index = _ws(text, index + 1)
                        position += 1
                    if found is None:
                        break
                    mark, index = found
                else:
                    break
        except (ValueError, IndexError, StopIteration):  # pragma: no cover - text parsed once
            pass
        return self.lines.point(mark)


def _ws(text: str, index: int) -> int:
    return _WS.match(text, index).end()  # type: ignore[union-attr]


def _after_key(text: str, index: int) -> int:
    """The offset of the value of the key string at *index*."""
    _key, after = _scanstring(text, index + 1)
    return _ws(text, _ws(text, after) + 1)


class _JsonSyntaxError(Exception):
    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


class _Reader:
    """Walks the top two levels of a JSON text; the C scanner parses everything below."""

    def __init__(self, text: str, problems: Problems) -> None:
        self.text = text
        self.problems = problems
        self.lines = LineIndex(text)
        self.flagged: list[tuple[object, str]] = []  # (container or leaf, what), in order
        decoder = json.JSONDecoder(
            object_pairs_hook=self._object,
            parse_constant=self._constant,
            parse_int=self._int,
        )
        self.scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = dict(pairs)
        if len(out) != len(pairs):
            dup = _DupDict()
            seen: list[str] = []
            for key, value in pairs:
                if key in dup:
                    seen.append(key)
                else:
                    dup[key] = value
            dup.duplicates = seen
            self.flagged.append((dup, "duplicate"))
            return dup
        return out

    def _constant(self, name: str) -> Refused:
        marker = Refused(name)
        self.flagged.append((marker, "constant"))
        return marker

    def _int(self, digits: str) -> int | Refused:
        if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
            marker = Refused("integer")
            self.flagged.append((marker, "integer"))
            return marker
        return int(digits)

    def add(self, message: str, index: int, path: Sequence[PathItem] = ()) -> None:
        line, column = self.lines.point(index)
        self.problems.add(message, line=line, column=column, path=path)

    def value(self, index: int, path: list[PathItem], step: PathItem | None) -> tuple[Any, int]:
        """Parse the value at *index* (the C scanner), reporting what the hooks flagged."""
        flagged = self.flagged
        start = len(flagged)
        try:
            value, end = self.scan(self.text, index)
        except StopIteration as exc:
            raise _JsonSyntaxError("Expecting value", exc.value) from None
        if len(flagged) > start:
            where = path if step is None else [*path, step]
            self._report_flagged(value, index, where, flagged[start:])
        return value, end

    def _report_flagged(
        self, value: object, index: int, path: list[PathItem], flagged: list[tuple[object, str]]
    ) -> None:
        doc = JsonDoc(self.problems.source, None, self.text)
        for target, what in flagged:
            inner = _path_to(value, target)
            if inner is None:  # pragma: no cover - every flagged object is in the value
                inner = []
            if what == "duplicate":
                assert isinstance(target, _DupDict)
                for key in dict.fromkeys(target.duplicates):
                    full = [*inner, key]
                    line, column = doc.beyond(index, False, full, value)
                    self.problems.add(f"duplicate key {key!r}", line=line, column=column,
                                      path=[*path, *full])  # fmt: skip
            else:
                line, column = doc.beyond(index, False, inner, value)
                assert isinstance(target, Refused)
                message = (
                    f"{target.what} is not a JSON number"
                    if what == "constant"
                    else f"an integer longer than {_MAX_INT_DIGITS} digits"
                )
                self.problems.add(message, line=line, column=column, path=[*path, *inner])

    def obj(self, index: int, path: list[PathItem], sections: bool) -> tuple[MapNode, int]:
        """Parse the object at *index*, marking where each key is (the loop runs per entity)."""
        text = self.text
        node = MapNode(index)
        marks = node.marks
        index = _ws(text, index + 1)
        if text.startswith("}", index):
            return node, index + 1
        while True:
            if not text.startswith('"', index):
                raise _JsonSyntaxError("Expecting property name enclosed in double quotes", index)
            key_at = index
            try:
                key, index = _scanstring(text, index + 1)
            except json.JSONDecodeError as exc:
                raise _JsonSyntaxError(exc.msg, exc.pos) from None
            colon = _COLON.match(text, index)
            if colon is None:
                raise _JsonSyntaxError("Expecting ':' delimiter", _ws(text, index))
            index = colon.end()
            value: Any
            if sections and key in _SECTIONS_MAP and text.startswith("{", index):
                value, index = self.obj(index, [key], False)
            elif sections and key in _SECTIONS_LIST and text.startswith("[", index):
                value, index = self.arr(index, [key])
            else:
                value, index = self.value(index, path, key)
            if key in marks:
                first, _ = self.lines.point(marks[key])
                message = f"duplicate key {key!r} (first defined on line {first})"
                self.add(message, key_at, [*path, key])
            else:
                node[key] = value
                marks[key] = key_at
            after = _NEXT_MEMBER.match(text, index)
            if after is None:
                raise _JsonSyntaxError("Expecting ',' delimiter", _ws(text, index))
            index = after.end()
            if after.group(1) == "}":
                return node, index

    def arr(self, index: int, path: list[PathItem]) -> tuple[SeqNode, int]:
        """Parse the list at *index*, marking where each item is."""
        text = self.text
        node = SeqNode(index)
        marks = node.marks
        index = _ws(text, index + 1)
        if text.startswith("]", index):
            return node, index + 1
        while True:
            value, end = self.value(index, path, len(node))
            node.append(value)
            marks.append(index)
            after = _NEXT_ITEM.match(text, end)
            if after is None:
                raise _JsonSyntaxError("Expecting ',' delimiter", _ws(text, end))
            index = after.end()
            if after.group(1) == "]":
                return node, index


def _path_to(root: object, target: object) -> list[PathItem] | None:
    """The path from *root* to the object *target* (by identity), searched without recursion."""
    stack: list[tuple[object, list[PathItem]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, dict):
            stack.extend((v, [*path, k]) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(node))
    return None


def read_json(text: str, problems: Problems, max_depth: int) -> JsonDoc | None:
    """Parse *text* into a :class:`JsonDoc`, recording problems; ``None`` when nothing usable.

    >>> p = Problems("org.json")
    >>> doc = read_json('{"version": 1, "people": {"ana": {}}}', p, 64)
    >>> doc.locate(["people", "ana"])
    (1, 27)
    >>> read_json('{"version": 1 "name": "x"}', p, 64) is None, str(p.error().errors[0])
    (True, "org.json:1:15: Expecting ',' delimiter")
    """
    if too_deep(text, max_depth):
        depth = 0
        for match in _TOKEN.finditer(text):
            char = match.group()
            if char[0] == '"':
                continue
            depth += BRACKET_STEP[char]
            if depth > max_depth:
                reader = _Reader(text, problems)
                reader.add(f"nesting deeper than {max_depth} levels is not allowed", match.start())
                return None
    reader = _Reader(text, problems)
    index = _ws(text, 0)
    if index == len(text):
        return JsonDoc(problems.source, None, text)
    try:
        root: Any
        if text[index] == "{":
            root, index = reader.obj(index, [], True)
        else:
            root, index = reader.value(index, [], None)
        index = _ws(text, index)
        if index != len(text):
            raise _JsonSyntaxError("Extra data", index)
    except _JsonSyntaxError as exc:
        reader.add(_explain(text, exc.message, exc.index), exc.index)
        return None
    except json.JSONDecodeError as exc:
        message, at = _as_before_313(text, exc.msg, exc.pos)
        reader.add(_explain(text, message, at), at)
        return None
    except (ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        reader.add(f"invalid JSON: {exc}", index)
        return None
    return JsonDoc(problems.source, root, text)


def _as_before_313(text: str, message: str, index: int) -> tuple[str, int]:
    r"""Python 3.13 names a trailing comma itself, at the comma; say it as 3.11 and 3.12 do.

    So that messages and positions are the same on every supported Python: the problem is
    placed at the closing bracket, where the value or key was expected.

    >>> _as_before_313('[1,\n]', "Illegal trailing comma before end of array", 2)
    ('Expecting value', 4)
    """
    if not message.startswith("Illegal trailing comma"):
        return message, index
    after = _ws(text, index + 1)
    if message.endswith("object"):
        return "Expecting property name enclosed in double quotes", after
    return "Expecting value", after


def _explain(text: str, message: str, index: int) -> str:
    """Add what the stdlib's message leaves to guess: a trailing comma, a NaN..."""
    before = text[:index].rstrip(" \t\n\r")
    if before.endswith(",") and text[index : index + 1] in ("]", "}"):
        return f"{message}: trailing commas are not allowed in JSON"
    return message


def write_json(tree: dict[str, Any]) -> str:
    """Write *tree* as indented JSON (non-ASCII kept as is), dates as ISO strings.

    >>> print(write_json({"version": 1, "resources": ["a/b"]}), end="")
    {
      "version": 1,
      "resources": [
        "a/b"
      ]
    }
    """
    return json.dumps(tree, indent=2, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: object) -> str:
    iso = getattr(value, "isoformat", None)
    if iso is None:  # pragma: no cover - the dumper writes only JSON types and dates
        raise TypeError(f"cannot write {value!r} as JSON")
    result: str = iso()
    return result
