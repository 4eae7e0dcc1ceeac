"""Showing an org to people: notebook reprs, Mermaid and DOT diagrams, drawings and tables.

This package owns every *picture* of an org: the self-contained HTML that notebooks show for an
:class:`~distauth.Org`, a :class:`~distauth.Report`, an :class:`~distauth.EscalationPath`, a
:class:`~distauth.Decision`, an :class:`~distauth.Area`, a :class:`~distauth.Person` or a
:class:`~distauth.Role` (:func:`html`, :func:`mimebundle`); the area tree as Mermaid or
Graphviz DOT source (:func:`to_mermaid`, :func:`to_dot`); a matplotlib drawing (:func:`draw`,
extra ``[plot]``); and the org as plain tables (:func:`to_records`) or pandas data frames
(:func:`to_pandas`, :func:`report_to_pandas`, extra ``[pandas]``). It reads the org through its
public API and never changes it. Every user-supplied text is escaped for the format it lands
in, diagram node ids are generated (``n0``, ``n1``, ...) rather than taken from entity ids, and
nothing recurses on the depth of the area tree. pandas and matplotlib are imported only inside
the functions that need them, so ``import distauth.display`` stays cheap.

One module per kind of picture: ``_html`` (notebook HTML and the mime bundle), ``_diagrams``
(Mermaid and DOT), ``_draw`` (matplotlib), ``_tables`` (records and data frames), and
``_common`` for what they share. The area forest and the words for an area's DRI come from
``distauth._tree``, where ``distauth show`` and the dump take them too.
"""

from __future__ import annotations

from distauth._site import site
from distauth.display import _common
from distauth.display._common import DisplayWarning
from distauth.display._diagrams import to_dot, to_mermaid
from distauth.display._draw import draw
from distauth.display._html import html, mimebundle
from distauth.display._tables import report_to_pandas, to_pandas, to_records

__all__ = [
    "MAX_ROWS",
    "MERMAID_BUNDLE_LIMIT",
    "DisplayWarning",
    "draw",
    "html",
    "mimebundle",
    "report_to_pandas",
    "site",
    "to_dot",
    "to_mermaid",
    "to_pandas",
    "to_records",
]

# The limits live in _common, where the writers read them; they are documented here, where
# users (and the API reference) find them.

#: Rows (areas, findings, steps) an HTML table shows before it collapses the rest into
#: "... N more": enough to read, small enough that a 10,000-area org renders at once.
MAX_ROWS = _common.MAX_ROWS

#: :func:`mimebundle` leaves the Mermaid source out for orgs with more areas than this: Mermaid
#: refuses diagrams over 50,000 characters, and nobody reads a thousand boxes anyway.
MERMAID_BUNDLE_LIMIT = _common.MERMAID_BUNDLE_LIMIT
