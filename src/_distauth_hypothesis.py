"""Registers distauth's types with hypothesis, so that ``st.from_type(Org)`` works.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis`` entry point when
it is imported. The hook must stay cheap, which is why it is a top-level module and not part
of the ``distauth`` package (importing anything inside the package runs its ``__init__``): it
imports distauth only if distauth is already imported. When distauth is imported after
hypothesis, distauth's ``__init__`` calls :func:`register_if_hypothesis_loaded` instead; so
whichever comes second registers.
"""

from __future__ import annotations

import sys

__all__ = ["_hypothesis_setup_hook", "register", "register_if_hypothesis_loaded"]


def register() -> None:
    """Register a strategy for each of distauth's value types."""
    from hypothesis import strategies as st  # noqa: PLC0415 - only when asked to

    from distauth import strategies  # noqa: PLC0415 - imports hypothesis
    from distauth._model import DRI, Area, Person  # noqa: PLC0415
    from distauth._org import Org  # noqa: PLC0415

    st.register_type_strategy(Org, st.deferred(strategies.orgs))
    st.register_type_strategy(Person, st.deferred(strategies.people))
    st.register_type_strategy(Area, st.deferred(strategies.areas))
    st.register_type_strategy(DRI, st.deferred(strategies.dris))


def register_if_hypothesis_loaded() -> None:
    """Register now if hypothesis is already imported (distauth came second)."""
    if "hypothesis.strategies" in sys.modules:
        register()


def _hypothesis_setup_hook() -> None:
    """Register if distauth is already imported (hypothesis came second).

    When distauth is not imported yet there is nothing to do: it registers itself on import.
    """
    if "distauth._org" in sys.modules:
        register()
