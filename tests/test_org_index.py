"""The links and suspects an Org keeps for validate stay equal to what the graph implies.

Org.add/remove/replace update them change by change; Org.copy derives them from the graph
alone. After any sequence of changes, including ones that leave dangling references, wrong
kinds and cycles, the two must agree, and every link must lead to the live node data.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import sys
import threading
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import distauth as da
from distauth._graph import NodeData, graph_of
from distauth.rules._facts import Facts

IDS = ["a", "b", "c", "d", "e"]


def index_state(org: da.Org) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The org's kept links, by id, and its suspects, sorted."""
    nodes = graph_of(org).nodes
    ident_of: dict[int, str] = {id(node): ident for ident, node in nodes.items()}

    def ident(data: NodeData | None) -> str | None:
        if data is None:
            return None
        assert id(data) in ident_of, "a link leads to node data that is not in the graph"
        return ident_of[id(data)]

    state: dict[str, Any] = {}
    for name, data in nodes.items():
        records = sorted((record.sort_key(), ident(holder)) for record, holder in data.records())
        state[name] = (ident(data.parent), ident(data.escalates_to), records)
    return state, sorted(graph_of(org).suspects)


def expected_state(org: da.Org) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The same, read off the graph's edges and the entities."""
    nodes = org.graph.nodes
    allowed = {
        "parent": (1, {"area"}),
        "escalates_to": (1, {"area"}),
        "in_area": (1, {"area"}),
        "advises": (0, {"person", "role"}),
        "informs": (0, {"person", "role"}),
        "holds": (0, {"person"}),
    }
    state: dict[str, Any] = {}
    suspects = []
    for ident, data in nodes.items():
        entity = data["entity"]
        is_area = isinstance(entity, da.Area)
        records = []
        for source, target, key in org.graph.out_edges(ident, keys=True):
            if isinstance(key, da.DRI):
                records.append((key.sort_key(), target))
                continue
            end, kinds = allowed[key]
            if nodes[(source, target)[end]]["kind"] not in kinds:
                suspects.append((source, target, key))
        state[ident] = (
            entity.parent if is_area else None,
            entity.escalates_to if is_area else None,
            sorted(records),
        )
    return state, sorted(suspects)


ids = st.sampled_from(IDS)
some_ids = st.lists(ids, unique=True, max_size=3)
entities = st.one_of(
    st.builds(da.Person, ids, active=st.booleans()),
    st.builds(
        da.Area,
        ids,
        parent=st.none() | ids,
        escalates_to=st.none() | ids,
        advisors=some_ids,
        informed=some_ids,
    ),
    st.builds(da.Role, ids, area=st.none() | ids, holders=some_ids),
)
records = st.builds(
    da.DRI,
    ids,
    ids,
    start=st.none() | st.just(dt.date(2027, 1, 1)),
    end=st.none() | st.just(dt.date(2027, 6, 1)),
)
changes = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "remove", "replace", "drop"]),
        st.one_of(entities, records, records),
    ),
    min_size=5,
    max_size=40,
)


def apply(org: da.Org, how: str, item: Any, pick: int) -> None:
    try:
        if how == "add":
            org.add(item)
        elif how == "remove":
            org.remove(item if isinstance(item, da.DRI) else item.id)
        elif how == "drop" and org.all_dris():
            # Remove a record that is there: often one of several records of one area.
            present = org.all_dris()
            org.remove(present[pick % len(present)])
        elif not isinstance(item, da.DRI):
            org.replace(item)
    except da.DistauthError:
        pass  # a change the org refuses leaves it as it was


@settings(max_examples=300)
@given(changes, st.integers(0, 10))
def test_kept_links_equal_those_derived_from_the_graph(
    steps: list[tuple[str, Any]], pick: int
) -> None:
    org = da.Org()
    for number, (how, item) in enumerate(steps):
        apply(org, how, item, pick + number)
        kept = index_state(org)
        assert kept == expected_state(org)
        assert kept == index_state(org.copy())


def test_validate_reads_the_kept_links_after_changes() -> None:
    org = da.Org()
    org.add(da.Area("ops", parent="co", advisors=["ana"]), da.DRI("ops", "ana"))
    # The unknown parent is one DA201 (which says the dead end); DA402 alone still sees it.
    assert {f.code for f in da.validate(org)} >= {"DA201", "DA103"}
    assert {f.code for f in da.validate(org, select=["DA402"])} == {"DA402"}
    org.add(da.Person("ana"), da.Area("co"), da.DRI("co", "bo"), da.Person("bo"))
    assert da.validate(org).ok
    org.remove("co")
    org.replace(da.Area("ops", parent="ana", advisors=["ana"]))
    report = da.validate(org)
    assert [(f.code, f.subjects) for f in report.by_code()["DA203"]] == [("DA203", ("ops", "ana"))]
    assert "DA201" not in report.by_code()  # co's DRI record went with co


def test_removing_any_one_of_several_records_keeps_the_rest() -> None:
    holders = ["p", "q", "r", "s"]
    for count in range(1, 5):
        for gone in range(count):
            org = da.Org()
            org.add(*(da.DRI("a", h) for h in holders[:count]), da.Person("p"))
            org.remove(da.DRI("a", holders[gone]))
            kept = index_state(org)
            assert kept == expected_state(org) == index_state(org.copy())
            left = [holder for _key, holder in kept[0].get("a", (None, None, []))[2]]
            assert left == [h for h in holders[:count] if h != holders[gone]]


def broken_example() -> da.Org:
    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Person("cy", active=False),
        da.Area("co", escalates_to="ops"),
        da.Area("ops", parent="co", advisors=["nobody"]),
        da.Area("hr", parent="ana"),
        da.DRI("ops", "cy"),
        da.DRI("co", "ana"),
        da.DRI("co", "ops"),
    )
    return org


def test_validations_in_threads_agree_with_one_alone() -> None:
    # The passes of Facts write scratch marks on the node data; their lock keeps validations
    # of one org in several threads apart. (On Python 3.11 functools.cached_property also
    # serialises CheckContext.facts, so Facts is built directly here as well.)
    org = broken_example()
    org.add(*(da.Area(f"x{i}", parent=f"x{i // 3}" if i else "co") for i in range(20_000)))
    # Half the DRIs end before the second day: what is owned, and so the dead ends, differ.
    org.add(*(da.DRI(f"x{i}", "ana" if i % 7 else "cy") for i in range(0, 20_000, 4)))
    org.add(*(da.DRI(f"x{i}", "ana", end=dt.date(2025, 1, 1)) for i in range(2, 20_000, 4)))
    days = [dt.date(2027, 1, 1), dt.date(2020, 1, 1)]
    expected = [da.validate(org, on=day) for day in days]
    dead_ends = [len(Facts(org, day).dead_ends) for day in days]
    assert len(expected[0]) > len(expected[1]) > 10_000
    assert dead_ends == [15_000, 10_000]
    got: list[tuple[int, int, da.Report]] = []

    def work(which: int) -> None:
        for _ in range(3):
            facts = Facts(org, days[which])
            got.append((which, len(facts.dead_ends), da.validate(org, on=days[which])))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, in the middle of every pass
    try:
        threads = [threading.Thread(target=work, args=(i % 2,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(got) == 12
    assert all(count == dead_ends[which] for which, count, _report in got)
    assert all(report == expected[which] for which, _count, report in got)


def test_validations_of_two_orgs_in_two_threads_run_at_the_same_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each validation waits, in the middle of its locked pass over the node data (and, for
    # ctx.facts, in the middle of building it), until the other validation has reached the
    # same point. A lock shared by the two orgs (one module-wide lock, or the per-class lock
    # of functools.cached_property on Python 3.11) would keep the second thread out until
    # the first finished: the barrier would time out and the validations would fail.
    barrier = threading.Barrier(2, timeout=20)
    read_nodes = Facts._read_nodes

    def meet_then_read(self: Facts) -> None:
        barrier.wait()
        read_nodes(self)

    first, second = broken_example(), broken_example()
    second.add(da.Area("extra"))
    expected = {
        "first": da.validate(first, on=dt.date(2027, 1, 1)),
        "second": da.validate(second, on=dt.date(2027, 1, 1)),
    }
    monkeypatch.setattr(Facts, "_read_nodes", meet_then_read)
    done: dict[str, da.Report] = {}
    failed: list[BaseException] = []

    def work(name: str, org: da.Org) -> None:
        try:
            done[name] = da.validate(org, on=dt.date(2027, 1, 1))
        except BaseException as error:  # a broken barrier: report it in the main thread
            failed.append(error)

    threads = [
        threading.Thread(target=work, args=("first", first)),
        threading.Thread(target=work, args=("second", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert not failed, f"the validations waited on each other: {failed!r}"
    assert done == expected


def test_a_validation_waits_for_one_of_the_same_org_in_another_thread() -> None:
    # The node data's scratch fields belong to one org: its own lock keeps two validations of
    # it apart, while that lock leaves validations of other orgs alone.
    busy, other = broken_example(), broken_example()
    expected = da.validate(busy, on=dt.date(2027, 1, 1))
    done: dict[str, da.Report] = {}

    def work(name: str, org: da.Org) -> None:
        done[name] = da.validate(org, on=dt.date(2027, 1, 1))

    same = threading.Thread(target=work, args=("same", busy))
    different = threading.Thread(target=work, args=("different", other))
    with graph_of(busy).lock:  # as a validation of `busy` in progress holds it
        same.start()
        different.start()
        different.join(timeout=60)
        assert not different.is_alive(), "a validation of another org waited for this lock"
        same.join(timeout=0.2)
        assert same.is_alive(), "a validation of the busy org did not wait for its lock"
    same.join(timeout=60)
    assert done == {"different": expected, "same": expected}


def test_a_rule_that_validates_the_same_org_again_changes_nothing() -> None:
    org = broken_example()
    alone = da.validate(org, on=dt.date(2027, 1, 1))

    # Its code sorts between DA105 and DA201, so it runs between built-in rules that share
    # one Facts; the inner validate, on another day, must not disturb what they read.
    @da.rule("DA150", "nested", "info", "runs validate on another day inside a rule")
    def check(org: da.Org, ctx: da.CheckContext) -> Any:
        inner = da.validate(org, on=dt.date(2020, 1, 1), select=["DA101", "DA102", "DA104"])
        yield ctx.finding("DA150", f"{len(inner)} findings in 2020", ["co"])

    try:
        nested = da.validate(org, on=dt.date(2027, 1, 1))
    finally:
        da.RULES.unregister("DA150")
    assert [f for f in nested if f.code != "DA150"] == list(alone)
    assert [f.message for f in nested if f.code == "DA150"] == ["3 findings in 2020"]


@pytest.mark.parametrize(
    "duplicate",
    [copy.copy, copy.deepcopy, lambda org: pickle.loads(pickle.dumps(org))],
    ids=["copy", "deepcopy", "pickle"],
)
def test_copies_and_pickles_derive_their_own_links(duplicate: Any) -> None:
    # Children before parents, 20,000 deep: following links while pickling would recurse.
    org = broken_example()
    org.add(*(da.Area(f"x{i}", parent=f"x{i + 1}") for i in range(20_000)))
    org.set_location("ops", da.Location(file="org.yaml", line=3, column=3))
    twin = duplicate(org)
    assert twin == org
    assert twin.graph is not org.graph
    assert index_state(twin) == index_state(org) == expected_state(twin)
    assert nx.is_frozen(twin.graph)
    assert da.validate(twin) == da.validate(org)
    twin.remove("ops")
    assert "ops" in org
    assert twin.location("ops") is None


def test_a_pickled_graph_has_plain_node_dicts() -> None:
    org = broken_example()
    graph = pickle.loads(pickle.dumps(org.graph))
    assert type(graph.nodes["ops"]) is dict
    assert graph.nodes["ops"] == org.graph.nodes["ops"]
    assert type(org.graph.copy().nodes["ops"]) is dict
