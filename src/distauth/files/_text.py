"""Turning raw input into checked text: size limit, UTF-8 only, no NUL bytes; offsets to lines.

Every format reads text that went through :func:`decode` first, so the byte-level rules hold
for YAML, JSON and TOML alike: a UTF-8 BOM is skipped, UTF-16/32 and invalid UTF-8 are refused
with the byte offset and line, and NUL bytes (never legitimate in an org file, and a sign of a
binary or UTF-16 file) are refused. :class:`LineIndex` converts character offsets, which the
JSON and TOML readers work with, to 1-based lines and columns; :func:`max_bracket_depth`
measures how deep brackets nest, for both of them.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from distauth.files._problems import Problems

__all__ = ["BRACKET_STEP", "DEFAULT_MAX_BYTES", "LineIndex", "decode", "max_bracket_depth"]

#: Files larger than this are refused before they are read whole (``max_bytes=`` changes it).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = {
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\xfe\xff": "UTF-16",
    b"\xff\xfe": "UTF-16",
}
_NEWLINE = re.compile("\n")
#: How each bracket changes the nesting depth (JSON and TOML share ``[`` and ``{``).
BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class LineIndex:
    r"""Maps character offsets of a text to 1-based ``(line, column)``; lines end at ``\n``.

    >>> LineIndex("ab\ncd").point(4)
    (2, 2)
    """

    def __init__(self, text: str) -> None:
        self._starts: list[int] | None = None
        self._text = text

    def point(self, offset: int) -> tuple[int, int]:
        """The line and column of the character at *offset* (both 1-based)."""
        if self._starts is None:
            # Built on first use only: most loads never need it for more than a few offsets,
            # but a JSON file with 100,000 entities asks once per entity.
            self._starts = [0, *(m.end() for m in _NEWLINE.finditer(self._text))]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _byte_point(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 2:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > half * 0.4


def decode(data: str | bytes, problems: Problems, max_bytes: int) -> str | None:
    r"""Check *data* and return it as text without a BOM, or ``None`` after recording why not.

    >>> p = Problems("f.yaml")
    >>> decode(b"\xef\xbb\xbfversion: 1", p, 100)
    'version: 1'
    >>> decode(b"a: \xff", p, 100), str(p.error().errors[0])
    (None, 'f.yaml:1:4: invalid UTF-8: byte 0xff at offset 3')
    """
    if isinstance(data, str):
        # A str cannot be longer in characters than in UTF-8 bytes: refuse early, encode once.
        if len(data) > max_bytes:
            problems.add(f"the file is larger than the limit of {max_bytes} bytes")
            return None
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = data.count("\n", 0, exc.start) + 1
            column = exc.start - (data.rfind("\n", 0, exc.start) + 1) + 1
            problems.add(
                f"not valid Unicode text: lone surrogate {data[exc.start]!r} at offset {exc.start}",
                line=line,
                column=column,
            )
            return None
        if len(raw) > max_bytes:
            problems.add(f"the file is larger than the limit of {max_bytes} bytes")
            return None
        text = data
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > max_bytes:
            problems.add(f"the file is larger than the limit of {max_bytes} bytes")
            return None
        for bom, name in _WIDE_BOMS.items():
            if raw.startswith(bom):
                problems.add(
                    f"the file is {name} (it starts with a {name} byte order mark); "
                    "save it as UTF-8",
                    line=1,
                    column=1,
                )
                return None
        skipped = 0
        if raw.startswith(_UTF8_BOM):
            skipped = len(_UTF8_BOM)
            raw = raw[skipped:]
        if b"\x00" in raw and _looks_utf16(raw):
            problems.add(
                "the file looks like UTF-16 (every other byte is NUL); save it as UTF-8",
                line=1,
                column=1,
            )
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _byte_point(raw, exc.start)
            problems.add(
                f"invalid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start + skipped}",
                line=line,
                column=column,
            )
            return None
    else:
        problems.add(f"expected text or bytes, got {type(data).__name__}")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        problems.add(f"NUL character at offset {nul}", line=line, column=column)
        return None
    return text


def max_bracket_depth(text: str, strings: re.Pattern[str] = _JSON_STRING) -> int:
    """How deep ``[`` and ``{`` nest in *text*, brackets inside strings not counted.

    >>> max_bracket_depth('{"a": [[1]], "b": "[[[["}')
    3
    """
    skeleton = _NOT_BRACKET.sub("", strings.sub("", text))
    if not skeleton:
        return 0
    return max(0, *accumulate(BRACKET_STEP[c] for c in skeleton))
