"""Scopes: the resources an area holds authority over, and exact reasoning about them.

This package owns the scope language of DESIGN.md section 5: parsing and checking patterns and
resources (:func:`parse`, :func:`check_pattern`, :func:`check_resource`), the exact decisions
:func:`matches`, :func:`overlaps` and :func:`covers` with their witnesses
:func:`overlap_example`, :func:`uncovered_example` and :func:`example`, and :class:`ScopeIndex`,
which finds the scopes matching a resource and the overlapping scopes of different owners
without comparing everything with everything.

A pattern's segments are literals, globs (``*`` for any run of characters inside a segment,
``?`` for exactly one) and ``**`` (any run of whole segments). A normal pattern matches a
resource when it matches the resource or one of its ancestors, so it denotes a set of
resources closed under extension; an exact-form pattern, ending in ``/!**``, denotes the
resources it matches and nothing below them. Two facts follow that the code relies on. A
trailing ``**`` changes nothing (``a/**`` denotes what ``a`` does). And whether two normal
patterns overlap depends only on their *heads*, the segments before their first ``**``:
whatever follows a ``**`` can always be appended to a resource both heads match.

Modules: ``_syntax`` (parsing), ``_segments`` (one segment's tests), ``_language`` (matching
and overlapping), ``_covering`` (covering and the witnesses of what is not covered), each
decision with its complexity bound, and ``_index`` (the tries).
"""

from __future__ import annotations

from distauth.scopes._covering import covers, example, uncovered_example
from distauth.scopes._index import ScopeIndex
from distauth.scopes._language import matches, overlap_example, overlaps
from distauth.scopes._syntax import Pattern, check_pattern, check_resource, parse

__all__ = [
    "Pattern",
    "ScopeIndex",
    "check_pattern",
    "check_resource",
    "covers",
    "example",
    "matches",
    "overlap_example",
    "overlaps",
    "parse",
    "uncovered_example",
]

# The public names are documented, pickled and shown as members of this package.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
