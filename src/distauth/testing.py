"""Helpers for testing tools built on distauth: readable assertions and a state machine.

Install with the ``hypothesis`` extra. :func:`assert_valid` and :func:`assert_findings` fail
with a readable list of findings; :class:`OrgStateMachine` edits an org step by step (people
and areas come and go, DRIs are reassigned and handed over, areas move, scopes are added)
while checking the library's own invariants, and is meant to be subclassed with yours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "distauth.testing needs hypothesis: pip install 'distauth[hypothesis]'"
    ) from error

from distauth._model import DRI, Area, Person
from distauth._org import Org
from distauth.rules._core import Config, Finding, Report, Severity, validate

__all__ = ["OrgStateMachine", "assert_findings", "assert_valid"]


def _describe(findings: Iterable[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.location}: " if f.location else ""
        lines.append(f"  {where}{f.code} [{f.severity}] {f.message}")
    return "\n".join(lines)


def assert_valid(
    org: Org,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    on: dt.date | None = None,
    config: Config | None = None,
    fail_on: Severity | str = Severity.WARNING,
) -> Report:
    """Fail unless *org* has no finding of severity *fail_on* or worse; return the report.

    Raises:
        AssertionError: listing every failing finding, one per line.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("ops", purpose="Run things"))
    >>> assert_valid(org, select=["DA1"])
    Traceback (most recent call last):
    ...
    AssertionError: 1 finding at warning or worse:
      DA101 [error] area 'ops' has no DRI in effect on ...
    """
    report = validate(org, select=select, ignore=ignore, on=on, config=config)
    worst = Severity(fail_on).rank
    failing = [f for f in report if f.severity.rank >= worst]
    if failing:
        noun = "finding" if len(failing) == 1 else "findings"
        raise AssertionError(
            f"{len(failing)} {noun} at {Severity(fail_on).value} or worse:\n{_describe(failing)}"
        )
    return report


def assert_findings(
    org: Org,
    expected: Iterable[tuple[str, Iterable[str]]],
    *,
    select: Iterable[str] | None = None,
    on: dt.date | None = None,
    config: Config | None = None,
) -> Report:
    """Fail unless validating *org* gives exactly the ``(code, subjects)`` in *expected*.

    Raises:
        AssertionError: listing the missing and the unexpected findings.

    >>> import distauth as da
    >>> org = da.Org()
    >>> org.add(da.Area("ops", purpose="Run things", advisors=["ana"]))
    >>> _ = assert_findings(org, [("DA101", ["ops"])], select=["DA1"])
    >>> assert_findings(org, [("DA102", ["ops"])], select=["DA1"])
    Traceback (most recent call last):
    ...
    AssertionError: findings differ:
    missing:
      DA102 ('ops',)
    unexpected:
      DA101 [error] area 'ops' has no DRI in effect on ...
    """
    report = validate(org, select=select, on=on, config=config)
    want = {(code, tuple(subjects)) for code, subjects in expected}
    got = {(f.code, f.subjects) for f in report}
    missing = sorted(want - got)
    unexpected = [f for f in report if (f.code, f.subjects) not in want]
    if missing or unexpected:
        parts = ["findings differ:"]
        if missing:
            parts += ["missing:", *(f"  {code} {subjects!r}" for code, subjects in missing)]
        if unexpected:
            parts += ["unexpected:", _describe(unexpected)]
        raise AssertionError("\n".join(parts))
    return report


_DAY = dt.date(2026, 1, 1)


class OrgStateMachine(RuleBasedStateMachine):
    """Edit an org step by step and check invariants after every step.

    The library's own invariants are checked: validate never raises; the graph and the typed
    views agree; a copy equals its original; a YAML file round trip equals the original (when
    the file layer is available). Subclass it and add ``@invariant()`` or ``@rule()`` methods
    that check your tool against ``self.org``; run it with
    ``TestMyTool = MyMachine.TestCase``.

    Set ``check_library_invariants = False`` on a subclass to run only its own invariants
    (for speed, or when the tool under test changes the org in ways these checks reject).

    >>> from hypothesis import settings
    >>> class Mine(OrgStateMachine):
    ...     pass
    >>> Mine.TestCase.settings = settings(max_examples=2, stateful_step_count=5, deadline=None)
    >>> Mine.TestCase().runTest()
    """

    #: Whether the library's own invariants (above) run after every step.
    check_library_invariants: bool = True

    def __init__(self) -> None:
        super().__init__()
        self.org = Org(name="Machine")
        self.day = _DAY
        self._serial = 0

    def _fresh(self, stem: str) -> str:
        self._serial += 1
        return f"{stem}-{self._serial}"

    def _pick(self, data: st.DataObject, ids: Iterable[str]) -> str | None:
        pool = sorted(ids)
        return data.draw(st.sampled_from(pool)) if pool else None

    @initialize()
    def start(self) -> None:
        """Begin with one person leading one area."""
        self.org.add(
            Person("founder", name="Founder"),
            Area("company", purpose="Everything", advisors=("founder",)),
            DRI("company", "founder"),
        )

    @rule()
    def add_person(self) -> None:
        """Someone joins."""
        self.org.add(Person(self._fresh("person")))

    @rule(data=st.data())
    def remove_person(self, data: st.DataObject) -> None:
        """Someone leaves, without the org being updated (dangling references stay)."""
        person = self._pick(data, self.org.people)
        if person is not None:
            self.org.remove(person)

    @rule(data=st.data())
    def add_area(self, data: st.DataObject) -> None:
        """A new area, under an existing one or at the top, with an existing person as DRI."""
        parent = self._pick(data, self.org.areas) if data.draw(st.booleans()) else None
        ident = self._fresh("area")
        self.org.add(Area(ident, parent=parent, purpose="A new area"))
        person = self._pick(data, self.org.people)
        if person is not None:
            self.org.add(DRI(ident, person))

    @rule(data=st.data())
    def remove_area(self, data: st.DataObject) -> None:
        """An area closes (its children keep pointing at it until moved)."""
        area = self._pick(data, self.org.areas)
        if area is not None:
            self.org.remove(area)

    @rule(data=st.data())
    def reassign(self, data: st.DataObject) -> None:
        """An area gets a new DRI at once."""
        area = self._pick(data, self.org.areas)
        person = self._pick(data, self.org.people)
        if area is None or person is None:
            return
        for record in self.org.dris(area, on=self.day):
            self.org.remove(record)
        if DRI(area, person) not in self.org.all_dris():
            self.org.add(DRI(area, person))

    @rule(data=st.data(), days=st.integers(1, 400), acting=st.booleans())
    def hand_over(self, data: st.DataObject, days: int, acting: bool) -> None:
        """The current DRI hands over to someone else on a later day."""
        area = self._pick(data, self.org.areas)
        person = self._pick(data, self.org.people)
        if area is None or person is None:
            return
        handover = self.day + dt.timedelta(days=days)
        for record in self.org.dris(area, on=self.day):
            if record.end is None or record.end > handover:
                self.org.remove(record)
                self.org.add(attrs.evolve(record, end=handover))
        successor = DRI(area, person, start=handover, acting=acting)
        if successor not in self.org.all_dris():
            self.org.add(successor)

    @rule(data=st.data())
    def reparent(self, data: st.DataObject) -> None:
        """An area moves under another one (possibly closing a loop)."""
        area = self._pick(data, self.org.areas)
        parent = self._pick(data, self.org.areas)
        if area is not None:
            self.org.replace(attrs.evolve(self.org.areas[area], parent=parent))

    @rule(data=st.data(), scope=st.sampled_from(["finance/**", "finance/billing", "repo:src/*.py",
                                                   "sales/*/events", "**"]))  # fmt: skip
    def add_scope(self, data: st.DataObject, scope: str) -> None:
        """An area claims one more scope."""
        area = self._pick(data, self.org.areas)
        if area is not None and scope not in self.org.areas[area].scopes:
            current = self.org.areas[area]
            self.org.replace(attrs.evolve(current, scopes=(*current.scopes, scope)))

    @invariant()
    def validate_never_raises(self) -> None:
        """Whatever the edits did, validate answers."""
        if not self.check_library_invariants:
            return
        validate(self.org, on=self.day)

    @invariant()
    def graph_and_views_agree(self) -> None:
        """The typed views show exactly the graph's entity nodes."""
        if not self.check_library_invariants:
            return
        graph = self.org.graph
        for kind, view in (
            ("person", self.org.people),
            ("area", self.org.areas),
            ("role", self.org.roles),
        ):
            in_graph = {n for n, d in graph.nodes.items() if d["kind"] == kind}
            assert set(view) == in_graph, (kind, set(view) ^ in_graph)

    @invariant()
    def copy_equals_original(self) -> None:
        """A copy is equal, and stays independent."""
        if not self.check_library_invariants:
            return
        assert self.org.copy() == self.org

    @invariant()
    def file_round_trip_equals_original(self) -> None:
        """Dumping to YAML and loading back gives an equal org."""
        if not self.check_library_invariants:
            return
        try:
            from distauth.files import dumps, loads  # noqa: PLC0415 - optional layer
        except ImportError:  # pragma: no cover - the file layer ships with the package
            return
        assert loads(dumps(self.org, "yaml"), "yaml") == self.org
