"""What every picture of an org shares: limits, the display warning, text hygiene, findings.

Text hygiene keeps user text on one line and free of characters that hide or reorder it
before a writer escapes it for its format; :class:`Problems` gathers the findings naming each
area in one pass, for the colours and markers of every picture; :func:`require` imports an
optional extra or says how to install it.
"""

from __future__ import annotations

import datetime as dt
import html as _html
import unicodedata
import warnings
from typing import Any

from distauth._org import Org
from distauth.rules import Report, Severity, validate

__all__ = [
    "DRAW_LABEL_LIMIT",
    "LABEL_CHARS",
    "MAX_ROWS",
    "MERMAID_BUNDLE_LIMIT",
    "DisplayWarning",
    "Problems",
    "clean",
    "cut",
    "esc",
    "require",
    "validated",
    "warn",
]


# The limits the package documents as distauth.display.MAX_ROWS and MERMAID_BUNDLE_LIMIT.
MAX_ROWS = 200
MERMAID_BUNDLE_LIMIT = 500

#: Longest text (name, purpose) a diagram label or a drawing shows before cutting it with "…".
LABEL_CHARS = 60

#: :func:`draw` labels nodes by default only up to this many areas; beyond, labels overlap.
DRAW_LABEL_LIMIT = 150


class DisplayWarning(UserWarning):
    """A repr caught an unexpected error and showed a plain message instead.

    Reprs never raise, so a bug in them would go unseen; this warning makes it visible (and
    the test suite, which turns warnings into errors, fails on it).
    """


# --- text hygiene ----------------------------------------------------------------------------

# Characters that reorder text visually: in a name they could make one id look like another.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def clean(text: object) -> str:
    """*text* on one line, with nothing that cannot be encoded or that reorders text.

    Line and paragraph breaks, tabs and other spaces become a plain space; lone surrogates
    (which no encoder accepts), control, private-use and unassigned characters and bidi
    overrides become U+FFFD.
    """
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() and ch not in _BIDI_CONTROLS:
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) == "Cf" and ch not in _BIDI_CONTROLS:
            out.append(ch)  # zero-width joiners and the like: harmless, and emoji need them
        else:
            out.append("\ufffd")
    return "".join(out)


def cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(text: object) -> str:
    """*text* cleaned and escaped for HTML text and attribute values."""
    return _html.escape(clean(text), quote=True)


def validated(org: Org, on: dt.date | None) -> tuple[Report, str | None]:
    """The report of *org*, or an empty one and why validation failed.

    Validation runs user rules (plugins) too; a repr shows their failure rather than raising.
    """
    try:
        return validate(org, on=on), None
    except Exception as exc:  # plugin rules may fail; the org must still show
        warn(f"validate() failed while displaying an org: {exc!r}")
        return Report(()), f"validation failed: {type(exc).__name__}: {exc}"


class Problems:
    """The findings naming each area.

    ``worst`` maps an area id to its worst severity, ``codes`` to ``{code: (severity, first
    message)}`` with codes sorted (the message serves as a tooltip).
    """

    __slots__ = ("codes", "worst")

    def __init__(self, org: Org, report: Report) -> None:
        # One pass over the findings, not Report.by_subject(): a big broken org can have
        # hundreds of thousands of them, and this runs on every repr.
        # Severities compare by identity: hashing an enum member calls Python code.
        areas = set(org.areas)
        error, warning = Severity.ERROR, Severity.WARNING
        worst: dict[str, Severity] = {}
        codes: dict[str, dict[str, tuple[Severity, str]]] = {}
        for f in report.findings:
            severity = f.severity
            for subject in f.subjects:
                if subject not in areas:
                    continue
                known = worst.get(subject)
                if known is None or (
                    known is not error
                    and (severity is error or (severity is warning and known is not warning))
                ):
                    worst[subject] = severity
                found = codes.setdefault(subject, {})
                if f.code not in found:
                    found[f.code] = (f.severity, f.message)
        self.worst = worst
        self.codes = {area: dict(sorted(found.items())) for area, found in codes.items()}


def warn(message: str) -> None:
    warnings.warn(message, DisplayWarning, stacklevel=3)


def require(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415 - only the optional extras need it

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"this needs {module.partition('.')[0]}, an optional dependency of distauth: "
            f"pip install 'distauth[{extra}]'",
            name=module,
        ) from exc
