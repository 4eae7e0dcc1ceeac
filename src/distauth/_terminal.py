"""The standard streams, safely: user text never carries escape sequences, input is bounded.

The command line writes everything through :func:`write`: control characters, lone surrogates
and bidi overrides in user data become visible escapes (distauth's own colour codes stay), so
a name in an org file cannot retitle or clear the terminal or forge lines of output.
:func:`use_color` follows ``--color`` and, for ``auto``, ``NO_COLOR``, ``TERM=dumb`` and
whether the stream is a terminal. :func:`read_stdin` reads ``-`` within the size limit.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

from distauth._errors import UsageError

__all__ = ["neutralise", "read_stdin", "use_color", "write"]


# distauth's own colour codes (see distauth._formats): the only escape sequences text output
# may carry. Every other control character, lone surrogate or bidi override in user data is
# shown as a visible escape, so that a name cannot retitle or clear the terminal, move the
# cursor or forge lines of output.
_OWN_COLOUR = r"\x1b\[[0-9]{1,2}m"
_UNSAFE = re.compile(
    _OWN_COLOUR + r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    r"\u2066-\u2069\ud800-\udfff]"
)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) > 1:
        return found  # one of distauth's own colour codes
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    r"""*text* with control characters, lone surrogates and bidi overrides made visible.

    Line breaks and tabs stay; so do the colour codes distauth itself paints with.

    >>> neutralise("Acme\x1b]0;pwned\x07\x1b[2J \x1b[1mbold\x1b[0m")
    'Acme\\x1b]0;pwned\\x07\\x1b[2J \x1b[1mbold\x1b[0m'
    """
    return _UNSAFE.sub(_visible, text)


def write(text: str, stream: TextIO | None = None, *, data: bool = False) -> None:
    """Write *text* and a line break, made safe for a terminal unless it is *data*.

    *data* marks machine formats (JSON, SARIF, exported files) whose own escaping applies;
    only their lone surrogates, which no encoder accepts, are escaped.
    """
    stream = stream if stream is not None else sys.stdout
    if not text:
        return
    text = text if text.endswith("\n") else text + "\n"
    # Lone surrogates (a file name that is not UTF-8) become visible escapes, in data too: in
    # a JSON string the escape reads back as the same character, and the output stays UTF-8
    # whatever error handler the stream has.
    text = neutralise(text) if not data else _SURROGATE.sub(_visible, text)
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # A stream that cannot encode some character (a lone surrogate from a file name that
        # is not UTF-8, or a narrow encoding): the same text with those characters escaped.
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def use_color(choice: str, stream: TextIO) -> bool:
    """Whether to paint output for *stream*: ``--color always``/``never``, or ``auto``."""
    if choice != "auto":
        return choice == "always"
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def read_stdin() -> bytes | str:
    """Standard input for ``-``, at most one byte past the file size limit.

    Raises:
        UsageError: standard input is closed or cannot be read.
    """
    from distauth.files._text import DEFAULT_MAX_BYTES  # noqa: PLC0415 - lazy: keeps `--help` fast

    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise UsageError("standard input is closed: there is nothing to read for '-'")
    # Hand the loader bytes when the stream has them, so that it checks the encoding (a BOM,
    # invalid UTF-8) exactly as it does for a file. Read one byte past the limit and no more:
    # `cat /dev/zero | distauth validate -` must cost 64 MiB at most, not all memory.
    buffer = getattr(stdin, "buffer", None)
    try:
        data: bytes | str = (
            buffer.read(DEFAULT_MAX_BYTES + 1)
            if buffer is not None
            else stdin.read(DEFAULT_MAX_BYTES + 1)
        )
    except OSError as exc:  # a descriptor closed under us, a terminal gone away
        raise UsageError(f"cannot read standard input: {exc.strerror or exc}") from exc
    return data
