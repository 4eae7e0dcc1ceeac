"""The one exception tree of distauth.

Every error distauth raises derives from :class:`DistauthError` *and* from the builtin that
best describes it (``ValueError``, ``TypeError``, ``KeyError``), so callers may catch either.
Messages carry the offending value.
"""

from __future__ import annotations

__all__ = [
    "BaselineError",
    "ConfigError",
    "DistauthError",
    "DuplicateIdError",
    "InvalidTypeError",
    "InvalidValueError",
    "OrgFileError",
    "ScopeError",
    "UnknownIdError",
    "UnknownRuleError",
    "UsageError",
]


class DistauthError(Exception):
    """Root of every error raised by distauth.

    The first argument is the message; further arguments carry the offending values (as
    attrs does), and ``str()`` shows the message alone.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidValueError(DistauthError, ValueError):
    """A value is malformed: a non-slug id, an end date not after its start, ..."""


class InvalidTypeError(DistauthError, TypeError):
    """A value has the wrong type: a list where a string belongs, ..."""


class ScopeError(InvalidValueError):
    """A scope pattern or a resource string is malformed."""


class DuplicateIdError(DistauthError, ValueError):
    """An id is already taken in the org (ids are unique across all kinds)."""


class UnknownIdError(DistauthError, KeyError):
    """No entity with this id (or of this kind) is in the org."""

    # KeyError quotes its argument in str(); a message reads better plain.
    __str__ = DistauthError.__str__


class UnknownRuleError(DistauthError, ValueError):
    """A rule code or prefix given to ``select``/``ignore`` names no known rule."""


class OrgFileError(DistauthError, ValueError):
    """An org file could not be loaded; ``errors`` lists every problem found in it."""

    def __init__(self, message: str, errors: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.errors = errors


class ConfigError(DistauthError, ValueError):
    """A configuration file or option is wrong: unknown key, wrong type, unknown rule code."""


class BaselineError(DistauthError, ValueError):
    """A baseline file cannot be read, or is not a distauth baseline."""


class UsageError(DistauthError, ValueError):
    """The command line asks for something impossible (exit code 2)."""
