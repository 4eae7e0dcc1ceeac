"""One area forest and one DRI wording for every view of an org (distauth._tree).

``show``, the Mermaid and DOT diagrams and the dump order used to compute the forest three
times, with three answers on broken orgs; they now walk the same one, and these tests hold
them to it on orgs with dangling parents, parents that are no area, and parent cycles. The
DRI of an area is worded one way in ``show``, the diagrams, the drawing and the HTML.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import given, settings

import distauth as da
from distauth import display, strategies
from distauth._formats import format_tree
from distauth._tree import CYCLE_NOTE, DriInfo, Forest

ON = dt.date(2027, 1, 1)


def broken() -> da.Org:
    """Broken three ways: a dangling parent, a person as parent, a parent cycle.

    Below the cycle hangs a child whose id sorts before every member of the cycle, and the
    dangling parent's child sorts before a real root.
    """
    org = da.Org(name="Broken")
    org.add(
        da.Person("ana"),
        da.Area("co"),
        da.Area("ops", parent="co"),
        da.Area("lost", parent="ghost"),
        da.Area("under", parent="ana"),
        da.Area("m", parent="n"),
        da.Area("n", parent="m"),
        da.Area("c", parent="m"),
        da.DRI("co", "ana"),
    )
    return org


def show_order(org: da.Org) -> list[str]:
    """The area ids in the order ``show`` draws them."""
    text = format_tree(org, da.validate(org, on=ON), on=ON)
    ids = []
    for line in text.splitlines()[1:]:
        name = line.lstrip("│├└─ ").split("  ")[0]
        if name in org.areas:
            ids.append(name)
    return ids


def diagram_orders(org: da.Org) -> tuple[list[str], list[str]]:
    """The area ids in the order the Mermaid and the DOT diagram declare their nodes.

    A node's first line is its id, or ``Name (id)`` for a named area.
    """

    def ids(firsts: list[str]) -> list[str]:
        return [re.sub(r"^.* \(([^ ()]+)\)$", r"\1", first) for first in firsts]

    mermaid = re.findall(r'^  n\d+\["([^"<]+)<br/>', org.to_mermaid(on=ON), re.MULTILINE)
    dot = re.findall(r'^  n\d+ \[label="([^"\\]+)\\n', org.to_dot(on=ON), re.MULTILINE)
    return ids(mermaid), ids(dot)


def dump_order(org: da.Org) -> list[str]:
    return list(yaml.safe_load(da.dumps(org))["areas"])


def test_show_the_diagrams_and_the_dump_agree_on_a_broken_org() -> None:
    org = broken()
    # Roots by id, the dangling and non-area parents' children among them; the cycle last,
    # entered at m (the first member met twice walking up from c), with c under m.
    expected = ["co", "ops", "lost", "under", "m", "c", "n"]
    assert Forest(org).order == expected
    assert show_order(org) == expected
    assert diagram_orders(org) == (expected, expected)
    assert dump_order(org) == expected
    assert [r["id"] for r in display.to_records(org, on=ON)["areas"]] == sorted(expected)


def test_show_hangs_a_cycle_and_what_is_below_it_off_the_member_it_enters() -> None:
    text = format_tree(broken(), (), on=ON)
    assert text.splitlines()[1:9] == [
        "co  DRI: ana",
        "└── ops  no DRI",
        "lost  no DRI",
        "under  no DRI",
        f"{CYCLE_NOTE}:",
        "m  no DRI",
        "├── c  no DRI",
        "└── n  no DRI",
    ]


def test_a_dumped_broken_org_loads_back_equal() -> None:
    org = broken()
    assert da.loads(da.dumps(org)) == org


@settings(max_examples=60, deadline=None)
@given(strategies.broken_orgs(defects=["DA201", "DA202", "DA203", "DA401"], on=ON))
def test_every_view_follows_the_one_forest(case: tuple[da.Org, object]) -> None:
    org = case[0]
    order = Forest(org).order
    assert sorted(order) == sorted(org.areas)
    assert show_order(org) == order
    assert diagram_orders(org) == (order, order)
    assert dump_order(org) == order


@pytest.mark.parametrize(
    ("records", "people", "label"),
    [
        ([da.DRI("a", "ana")], [da.Person("ana")], "DRI: ana"),
        ([], [], "no DRI"),
        ([da.DRI("a", "lead", acting=True)], [da.Person("ana")], "DRI: ana (as lead), acting"),
        ([da.DRI("a", "ana")], [da.Person("ana", active=False)], "DRI: ana, inactive"),
        ([da.DRI("a", "ana"), da.DRI("a", "bo")], [], "DRI: unresolved (ana, bo)"),
        ([da.DRI("a", "ghost")], [], "DRI: unresolved (ghost)"),
    ],
)
def test_show_the_diagrams_and_the_drawing_word_the_dri_alike(
    records: list[da.DRI], people: list[da.Person], label: str
) -> None:
    org = da.Org()
    org.add(da.Area("a"), da.Role("lead", holders=["ana"]), *people, *records)
    assert DriInfo(org, "a", ON).short() == label
    assert format_tree(org, (), on=ON).splitlines()[1] == f"a  {label}"
    assert f'n0 [label="a\\n{label}' in org.to_dot(on=ON)
    assert f'n0["a<br/>{label}' in org.to_mermaid(on=ON)


def test_the_drawing_words_the_dri_as_show_does() -> None:
    matplotlib = pytest.importorskip("matplotlib", reason="draw() needs the [plot] extra")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    org = da.Org()
    org.add(
        da.Person("ana"),
        da.Role("lead", holders=["ana"]),
        da.Area("a"),
        da.Area("b", parent="a"),
        da.DRI("a", "lead", acting=True),
    )
    ax = display.draw(org, on=ON)
    texts = sorted(t.get_text() for t in ax.texts)
    plt.close("all")
    assert texts == [f"a · {DriInfo(org, 'a', ON).short()}", "b · no DRI"]
    assert texts[0] == "a · DRI: ana (as lead), acting"
