"""Testing your tools with distauth: a complete example, shown in docs/testing.md.

The tool under test is a small decision router: given a resource, it names the person to ask
and the person to go to if they disagree. Its tests use distauth's strategies (valid orgs,
broken orgs) and a state machine that edits the org while the router keeps answering.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant

import distauth as da
from distauth.strategies import broken_orgs, orgs
from distauth.testing import OrgStateMachine

DAY = dt.date(2027, 3, 1)


# --- the tool ------------------------------------------------------------------------------


@attrs.frozen
class Route:
    ask: str | None  # who decides
    appeal: str | None  # where a disagreement goes next


def route(org: da.Org, resource: str, on: dt.date) -> Route:
    """Whom to ask about *resource*, and whom to appeal to."""
    decision = org.who_decides(resource, on=on)
    if decision.area is None or decision.dri is None:
        return Route(None, None)
    path = org.escalation_path(decision.area.id, on=on)
    above = [s.dri.id for s in path.steps[1:] if s.dri is not None]
    return Route(decision.dri.id, above[0] if above else None)


# --- its tests -----------------------------------------------------------------------------


@given(orgs(dated=True), st.data())
def test_every_covered_resource_in_a_valid_org_has_someone_to_ask(
    org: da.Org, data: st.DataObject
) -> None:
    for resource in org.resources:  # generated inventories are covered by scopes
        answer = route(org, resource, DAY)
        assert answer.ask is not None
        assert answer.ask != answer.appeal  # valid orgs always have an independent appeal


@given(broken_orgs(defects=["DA101"], on=DAY))
def test_a_vacant_area_still_routes_to_an_ancestor(case: tuple[da.Org, frozenset]) -> None:  # type: ignore[type-arg]
    org, _expected = case
    for resource in org.resources:
        decision = org.who_decides(resource, on=DAY)
        if decision.fallback and decision.dri is not None:
            assert route(org, resource, DAY).ask == decision.dri.id
        elif decision.fallback:  # a vacant top area: no ancestor to fall back to
            assert route(org, resource, DAY).ask is None


class RouterMachine(OrgStateMachine):
    """While the org is edited, the router never crashes and never routes to a stranger."""

    @invariant()
    def router_answers(self) -> None:
        for scope in ("finance/billing/x", "repo:src/a.py", "sales/eu/events"):
            answer = route(self.org, scope, self.day)
            assert answer.ask is None or answer.ask in self.org.people


RouterMachine.TestCase.settings = settings(max_examples=10, stateful_step_count=100, deadline=None)
TestRouter = RouterMachine.TestCase
