"""What every importer shares: :class:`Imported` and :class:`ImportProblem`.

An importer never raises on content it can read but not express: it records an
:class:`ImportProblem` (a stable code, a message, the file and line) and goes on, so that one
run lists everything a team has to look at.
"""

from __future__ import annotations

import attrs

from distauth._model import Location
from distauth._org import Org

__all__ = ["ImportProblem", "Imported"]


@attrs.frozen
class ImportProblem:
    """Something in a source file that an importer read but could not express exactly.

    Attributes:
        code: a stable code such as ``"CO101"`` (see the format's documentation page).
        message: what is wrong and what the importer did about it.
        location: the file and line it was found on.

    >>> from distauth import Location
    >>> where = Location(file="CODEOWNERS", line=3)
    >>> str(ImportProblem("CO101", "negation is not supported", where))
    'CODEOWNERS:3: CO101 negation is not supported'
    """

    code: str
    message: str
    location: Location

    def __str__(self) -> str:
        where = self.location.file or "<string>"
        if self.location.line:
            where += f":{self.location.line}"
        return f"{where}: {self.code} {self.message}"


@attrs.frozen
class Imported:
    """What an importer returns: the org it built and the problems it found on the way.

    Attributes:
        org: the imported org; every entity's ``org.location(id)`` names its source line.
        problems: the import problems, in file and line order.

    >>> from distauth import Org
    >>> result = Imported(Org(), ())
    >>> result.ok, len(result.org.areas)
    (True, 0)
    """

    org: Org
    problems: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the source was read without any problem.

        >>> Imported(__import__("distauth").Org()).ok
        True
        """
        return not self.problems
