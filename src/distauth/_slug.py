"""The one pattern of an id (a slug): written once, used by the values, the files and the scopes.

The text is what error messages and the JSON schema show; ``slug_match`` is its compiled
``fullmatch``.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["SLUG", "slug_match"]

#: Lowercase letters and digits, in runs joined by single ``.``, ``_`` or ``-``.
SLUG: Final = "[a-z0-9]+([._-][a-z0-9]+)*"

#: ``slug_match(text)`` is a match when the whole of *text* is a slug, else None. (The group
#: does not capture: nothing reads it, and capturing costs time on every id of a large file.)
slug_match: Final = re.compile(SLUG.replace("(", "(?:")).fullmatch
