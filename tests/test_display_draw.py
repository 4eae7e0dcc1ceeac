"""draw(): a real picture, coloured by findings, laid out as a tidy tree, without recursion.

Runs on matplotlib's non-interactive Agg backend, whatever MPLBACKEND says.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import distauth as da
from distauth import display
from distauth.display._draw import _DRAW_COLOURS
from tests.conftest import DAY
from tests.helpers import acme_org, broken_org, hostile_org

matplotlib = pytest.importorskip("matplotlib", reason="draw() needs the [plot] extra")
matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402 - after choosing the backend
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

ERROR_RGB = (0xD6 / 255, 0x27 / 255, 0x28 / 255)


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def positions(ax: Axes) -> dict[str, tuple[float, float]]:
    """Node position of each labelled area, read back from its annotation."""
    out = {}
    for text in ax.texts:
        assert isinstance(text, Annotation)
        ident = text.get_text().split(" · ")[0]
        x, y = text.xy
        out[ident] = (float(x), float(y))
    return out


def nodes_of(ax: Axes) -> PathCollection:
    (nodes,) = (c for c in ax.collections if isinstance(c, PathCollection))
    return nodes


def node_colours(ax: Axes) -> list[tuple[float, ...]]:
    colours = np.asarray(nodes_of(ax).get_facecolor())
    return [tuple(round(float(v), 3) for v in rgba[:3]) for rgba in colours]


def figure_of(ax: Axes) -> Figure:
    figure = ax.figure
    assert isinstance(figure, Figure)
    return figure


def test_example_org_drawing_is_a_real_picture(tmp_path: Path) -> None:
    ax = display.draw(broken_org(DAY), on=DAY)
    out = tmp_path / "org.png"
    figure_of(ax).savefig(out, dpi=60)
    assert out.stat().st_size > 20_000
    pixels = mpimg.imread(out)
    height, width = pixels.shape[:2]
    fig_width, fig_height = figure_of(ax).get_size_inches()
    # The pixel size is the figure size at 60 dpi, give or take the rounding of a fraction.
    assert abs(width - fig_width * 60) <= 1
    assert abs(height - fig_height * 60) <= 1
    assert width >= 300
    assert height >= 300
    rgb = pixels[..., :3]
    ink = (rgb < 0.9).any(axis=-1).mean()
    print(f"drawing: {width}x{height} px, {out.stat().st_size:,} bytes, {ink:.1%} ink")
    assert ink > 0.02
    # Some of the ink is the error red.
    red = (
        (abs(rgb[..., 0] - ERROR_RGB[0]) < 0.05)
        & (abs(rgb[..., 1] - ERROR_RGB[1]) < 0.05)
        & (abs(rgb[..., 2] - ERROR_RGB[2]) < 0.05)
    )
    assert red.sum() > 100


def test_nodes_are_coloured_by_their_worst_finding() -> None:
    org = broken_org(DAY)
    ax = display.draw(org, on=DAY)
    report = da.validate(org, on=DAY)
    worst: dict[str, int] = {}
    for finding in report:
        for subject in finding.subjects:
            if subject in org.areas:
                worst[subject] = max(worst.get(subject, -1), finding.severity.rank)
    colours = node_colours(ax)
    assert len(colours) == len(org.areas)
    by_rank = {2: "error", 1: "warning", 0: "info", -1: "none"}
    expected = sorted(by_rank[worst.get(a, -1)] for a in org.areas)
    names = {
        tuple(round(v, 3) for v in matplotlib.colors.to_rgb(c)): n for n, c in _DRAW_COLOURS.items()
    }
    got = sorted(names[c] for c in colours)
    assert got == expected
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    counts = {n: expected.count(n) for n in ("error", "warning", "info", "none")}
    assert labels == [f"{n} ({c})" for n, c in counts.items()]


def test_labels_name_areas_and_their_dris() -> None:
    org = acme_org()
    ax = display.draw(org, on=DAY)
    texts = sorted(t.get_text() for t in ax.texts)
    # The DRI in the words of distauth show and the diagrams.
    assert "billing · DRI: max (as billing-lead)" in texts
    assert "company · DRI: ana" in texts
    assert len(texts) == len(org.areas)
    assert ax.get_title(loc="right") == "Acme Robotics"


def test_layout_is_a_tidy_tree() -> None:
    org = acme_org()
    for direction in ("LR", "TB"):
        ax = display.draw(org, on=DAY, direction=direction)
        pos = positions(ax)
        # "spread" runs along the leaves, "level" down the tree.
        spread = {a: (p[1] if direction == "LR" else p[0]) for a, p in pos.items()}
        level = {a: (p[0] if direction == "LR" else -p[1]) for a, p in pos.items()}
        children: dict[str, list[str]] = {}
        for area in org.areas.values():
            if area.parent:
                children.setdefault(area.parent, []).append(area.id)
                assert level[area.id] == level[area.parent] + 1
        leaves = sorted(spread[a] for a in org.areas if a not in children)
        # Leaves are evenly spaced, one unit apart...
        assert {b - a for a, b in itertools.pairwise(leaves)} == {1.0}
        # ...and each parent is centred on its children.
        for parent, kids in children.items():
            values = [spread[k] for k in kids]
            assert spread[parent] == pytest.approx((min(values) + max(values)) / 2)
        plt.close("all")


def test_draws_on_a_given_axes_and_passes_scatter_options() -> None:
    _fig, ax = plt.subplots()
    returned = display.draw(acme_org(), ax, on=DAY, labels=False, marker="s", alpha=0.5)
    assert returned is ax
    assert len(ax.texts) == 0
    assert nodes_of(ax).get_alpha() == 0.5
    with pytest.raises(ValueError, match="direction"):
        display.draw(acme_org(), ax, direction="RL")


def test_hostile_and_broken_orgs_draw(tmp_path: Path) -> None:
    ax = display.draw(hostile_org())
    assert ax.get_title(loc="right").startswith("<script>")
    figure_of(ax).savefig(tmp_path / "hostile.png", dpi=40)
    # Math in names is shown as typed, not parsed: a bad formula would raise on saving.
    org = da.Org(name="$\\frac{1}{$ costs $x$")
    org.add(da.Area("co", name="$\\frac{$"))
    ax = display.draw(org)
    assert ax.get_title(loc="right") == "$\\frac{1}{$ costs $x$"
    figure_of(ax).savefig(tmp_path / "math.png", dpi=40)
    figure_of(display.draw(da.Org())).savefig(tmp_path / "empty.png", dpi=40)


def test_a_deep_chain_draws_without_recursion(tmp_path: Path) -> None:
    # 20 times the recursion limit proves the layout iterative; test_display renders a
    # 100,000-deep chain (the same walk), here the cost would be validate() and matplotlib.
    n = 20_000
    org = da.Org()
    org.add(da.Person("ana"), da.Person("bo"))
    org.add(
        *(da.Area(f"a{i}", parent=f"a{i - 1}" if i else None) for i in range(n)),
        *(da.DRI(f"a{i}", "ana" if i % 2 else "bo") for i in range(n)),
    )
    assert sys.getrecursionlimit() < n
    ax = display.draw(org, direction="TB")
    offsets = np.asarray(nodes_of(ax).get_offsets())
    assert len(offsets) == n
    assert {float(x) for x in offsets[:, 0]} == {0.0}
    assert float(offsets[:, 1].min()) == -(n - 1)
    figure_of(ax).savefig(tmp_path / "deep.png", dpi=20)
