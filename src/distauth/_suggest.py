"""Did-you-mean suggestions for a name that is not known: one wording, one bound.

Findings about unknown ids and command-line arguments naming an unknown id both use it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

__all__ = ["MAX_CANDIDATES", "close_match", "did_you_mean"]

#: Above this many candidates no suggestion is looked for: the search is linear in them, and
#: a finding per typo in an org of a million ids must not cost a million comparisons each.
MAX_CANDIDATES = 10_000


def close_match(name: str, candidates: Iterable[str]) -> str | None:
    """The known name closest to *name*, if one is close enough (else None).

    O(len(candidates)) comparisons, none at all above :data:`MAX_CANDIDATES` candidates.

    >>> close_match("operatons", ["operations", "finance"])
    'operations'
    >>> close_match("zzz", ["operations"]) is None
    True
    """
    if not isinstance(name, str):
        return None
    pool = list(itertools.islice(candidates, MAX_CANDIDATES + 1))
    if not pool or len(pool) > MAX_CANDIDATES:
        return None
    import difflib  # noqa: PLC0415 - only on the error path

    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.75)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    return close[0] if close and close[0] != name else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest candidate, or ``""``.

    >>> did_you_mean("payrol", ["payroll", "billing"])
    " (did you mean 'payroll'?)"
    """
    close = close_match(name, candidates)
    return f" (did you mean {close!r}?)" if close is not None else ""
