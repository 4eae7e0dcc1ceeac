"""The :class:`~distauth.Org` methods other layers implement: repr, pictures, what-if questions.

:class:`OrgFacade` is the base class of :class:`~distauth.Org` that holds them, so that
``_org.py`` keeps the org's state, its changes and its queries: the repr writes the org file
text (:mod:`distauth.files`), the pictures come from :mod:`distauth.display`, and the
what-if questions from :mod:`distauth._impact`. Each imports its module on first use, upwards
by design (named in the import-linter configuration): ``import distauth`` stays light and the
lower layers never need these.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from distauth._graph import MISSING, graph_of
from distauth._model import Displayable

if TYPE_CHECKING:
    from distauth import _impact
    from distauth._org import Org

__all__ = ["REPR_MAX_CHARS", "REPR_MAX_ENTITIES", "OrgFacade"]

#: Orgs of up to this many entities repr as the Python that rebuilds them.
REPR_MAX_ENTITIES = 60
#: ... as long as their org file text is no longer than this.
REPR_MAX_CHARS = 8_000


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _literal(text: str) -> str:
    """A Python string literal of *text*: triple-quoted lines when that reads back the same."""
    plain = (
        "'''" not in text
        and "\\" not in text
        and not text.endswith("'")
        and all(line.isprintable() for line in text.split("\n"))
    )
    return f"'''\n{text}'''" if plain else repr(text)


class OrgFacade(Displayable):
    """The base of :class:`~distauth.Org`: the methods that other layers implement."""

    __slots__ = ()

    def _org(self) -> Org:
        # Only ever the base of Org: the methods below are Org's.
        return cast("Org", self)

    def __repr__(self) -> str:
        """Python that rebuilds a small org (its org file text); a summary of a big one.

        A failing property test prints its falsifying org this way, ready to paste into a
        regression test. Orgs of more than :data:`REPR_MAX_ENTITIES` entities, or whose file
        text would pass :data:`REPR_MAX_CHARS`, get a one-line summary instead.

        >>> import distauth as da
        >>> org = da.Org(name="Acme")
        >>> org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "ana"))
        >>> org
        distauth.loads('''
        version: 1
        name: Acme
        people:
          ana: {}
        areas:
          co:
            dri: ana
        ''')
        >>> import distauth
        >>> eval(repr(org)) == org
        True
        """
        if graph_of(self._org()).entity_count() <= REPR_MAX_ENTITIES:
            text = self._file_text()
            if text is not None and len(text) <= REPR_MAX_CHARS:
                return f"distauth.loads({_literal(text)})"
        return self._summary()

    def _file_text(self) -> str | None:
        from distauth.files import dumps  # noqa: PLC0415 - files import this module

        try:
            return dumps(self._org(), format="yaml")
        except Exception:  # a repr never raises: fall back to the summary
            return None

    def _summary(self) -> str:
        counts = {"person": 0, "area": 0, "role": 0, "decision": 0, MISSING: 0}
        for data in graph_of(self._org()).nodes.values():
            counts[data["kind"]] += 1
        n_dris = len(self._org().all_dris())
        more = f", {_count(counts['decision'], 'decision record')}" if counts["decision"] else ""
        return (
            f"<Org {self._org().name!r}: {_count(counts['area'], 'area')}, "
            f"{_count(counts['person'], 'person', 'people')}, {_count(counts['role'], 'role')}, "
            f"{_count(n_dris, 'DRI assignment')}{more}>"
        )

    def without(self, person: str, *, on: dt.date | None = None) -> Org:
        """A copy in which *person* leaves on *on* (default: today); see :doc:`/change`.

        Their DRI assignments end that day, they hold no role and are marked inactive.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> org.without("ana").dri_of("ops") is None
        True
        """
        from distauth import _impact  # noqa: PLC0415 - what-if questions only

        return _impact.without(self._org(), person, on)

    def impact(self, person: str, *, on: dt.date | None = None) -> _impact.Impact:
        """What changes if *person* leaves on *on*: where their decisions go; see :doc:`/change`.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Person("ana"), da.Area("ops"), da.DRI("ops", "ana"))
        >>> org.impact("ana").nobody
        ('ops',)
        """
        from distauth import _impact  # noqa: PLC0415 - what-if questions only

        return _impact.impact(self._org(), person, on)

    # --- pictures (implemented in distauth.display) --------------------------------------------

    def to_mermaid(self, *, on: dt.date | None = None) -> str:
        """The area tree as a Mermaid flowchart: DRIs, escalation overrides, problems marked.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("co"), da.Area("ops", parent="co"))
        >>> org.to_mermaid().splitlines()[0]
        'flowchart TD'
        """
        from distauth import display  # noqa: PLC0415 - only for pictures

        return display.to_mermaid(self._org(), on=on)

    def to_dot(self, *, on: dt.date | None = None) -> str:
        """The area tree in Graphviz DOT (see :meth:`to_mermaid`).

        >>> import distauth as da
        >>> da.Org().to_dot().startswith("digraph")
        True
        """
        from distauth import display  # noqa: PLC0415 - only for pictures

        return display.to_dot(self._org(), on=on)

    def draw(self, ax: Any = None, *, on: dt.date | None = None, **kwargs: Any) -> Any:
        """Draw the area tree with matplotlib (the ``plot`` extra) and return the Axes.

        Nodes are coloured by their worst finding and labelled with their DRI; see
        :func:`distauth.display.draw` for the options.

        >>> import distauth as da
        >>> org = da.Org()
        >>> org.add(da.Area("co"), da.Area("ops", parent="co"))
        >>> type(org.draw()).__name__
        'Axes'
        """
        from distauth import display  # noqa: PLC0415 - optional extra

        return display.draw(self._org(), ax, on=on, **kwargs)
