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
    import importlib  # noqa: PLC0415 - only when asked to

    from hypothesis import strategies as st  # noqa: PLC0415

    from distauth._model import DRI, Area, Person  # noqa: PLC0415
    from distauth._org import Org  # noqa: PLC0415

    def later(name: str) -> st.SearchStrategy[object]:
        # Resolved on first use: this hook can run while distauth.strategies is itself being
        # imported (it imports hypothesis), when its functions do not exist yet.
        module = "distauth.strategies"
        return st.deferred(lambda: getattr(importlib.import_module(module), name)())  # noqa: PLW0108

    st.register_type_strategy(Org, later("orgs"))
    st.register_type_strategy(Person, later("people"))
    st.register_type_strategy(Area, later("areas"))
    st.register_type_strategy(DRI, later("dris"))


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
