"""Pausing the cyclic garbage collector around bulk work.

Building, loading, validating, rendering and answering many questions at once all allocate
hundreds of thousands of small objects and no reference cycles. Each burst of allocations
would trigger collections that rescan everything alive, the whole org included, again and
again: a third of a 100,000-area build, half of a load. One helper, used by all of them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then restore its previous state.

    Reference counting still frees everything that is not in a cycle.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
