"""The area tree drawn with matplotlib (the ``[plot]`` extra), laid out here without recursion."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from distauth._bulk import collector_paused
from distauth._model import day_or_today as _day
from distauth._org import Org
from distauth._tree import CYCLE_NOTE, DriInfo, Forest
from distauth.display._common import (
    DRAW_LABEL_LIMIT,
    Problems,
    clean,
    cut,
    require,
)
from distauth.rules import validate

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw"]


# --- drawing ---------------------------------------------------------------------------------

#: Node colours of :func:`draw`, by the worst severity of the findings naming the area.
_DRAW_COLOURS = {
    "error": "#d62728",
    "warning": "#f2a007",
    "info": "#4c8bd6",
    "none": "#7fbf7f",
}


def _layout(forest: Forest) -> tuple[dict[str, float], dict[str, int]]:
    """A layered tree layout: ``(spread, level)`` per area.

    ``spread`` places leaves one unit apart in walk order (which runs left to right) and
    each parent at the midpoint of its first and last child, so subtrees never overlap;
    ``level`` is the depth. Trees of the forest sit side by side with one unit between them.
    Two passes over the walk order, no recursion: leaves first, then parents in reverse
    walk order (children come after their parent in a depth-first walk).
    """
    spread: dict[str, float] = {}
    kids: dict[str, list[str]] = {}
    next_spread = 0.0
    for ident in forest.order:
        below = forest.tree_children(ident)
        kids[ident] = below
        if forest.starts_tree(ident) and spread:
            next_spread += 1.0  # a gap between trees
        if not below:
            spread[ident] = next_spread
            next_spread += 1.0
    for ident in reversed(forest.order):
        below = kids[ident]
        if below:
            spread[ident] = (spread[below[0]] + spread[below[-1]]) / 2
    return spread, dict(forest.depth)


def draw(org: Org, ax: Axes | None = None, *, on: dt.date | None = None, **kwargs: Any) -> Axes:
    """Draw the area tree with matplotlib (needs the ``[plot]`` extra).

    The layout is computed here, without recursion: leaves evenly spaced in walk order, each
    parent centred on its children, one column (or row) per level, the trees of a forest side
    by side. Nodes are coloured by the worst severity of the findings naming the area on *on*
    (error, warning, info, none; the legend counts them); lines join parents and children,
    dashed lines show ``escalates_to`` overrides. Up to 150 areas, each node is labelled with
    its area id and its DRI, in the words of ``distauth show``.

    Args:
        org: the org to draw.
        ax: the matplotlib Axes to draw on; default a new figure sized to the tree.
        on: the day whose DRIs and findings are shown (default: today).
        **kwargs: ``direction`` (``"LR"``, the default: the top area on the left, one row per
            leaf; or ``"TB"``: the top area at the top), ``labels`` (bool: force node labels
            on or off), ``font_size`` (default 7), ``node_size`` (default 60); anything else
            goes to ``Axes.scatter`` for the nodes.

    Returns:
        The Axes drawn on.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'distauth[plot]'``).
        ValueError: *direction* is neither ``"LR"`` nor ``"TB"``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Person("ana"), da.Area("co"), da.Area("ops", parent="co"), da.DRI("co", "ana"))
    >>> ax = display.draw(org)
    >>> ax.get_title(loc="right"), [t.get_text() for t in ax.texts]
    ('Acme', ['co · DRI: ana', 'ops · no DRI'])
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    direction = kwargs.pop("direction", "LR")
    if direction not in ("LR", "TB"):
        raise ValueError(f'direction must be "LR" or "TB" (got {direction!r})')
    labels = kwargs.pop("labels", None)
    font_size = float(kwargs.pop("font_size", 7))
    node_size = float(kwargs.pop("node_size", 60))
    pyplot = require("matplotlib.pyplot", "plot")
    collections = require("matplotlib.collections", "plot")
    lines_mod = require("matplotlib.lines", "plot")
    numpy = require("numpy", "plot")  # a dependency of matplotlib

    with collector_paused():
        return _draw(
            org,
            ax,
            on=on,
            direction=direction,
            labels=labels,
            font_size=font_size,
            node_size=node_size,
            scatter_options=kwargs,
            modules=(pyplot, collections, lines_mod, numpy),
        )


def _draw(
    org: Org,
    ax: Axes | None,
    *,
    on: dt.date | None,
    direction: str,
    labels: bool | None,
    font_size: float,
    node_size: float,
    scatter_options: dict[str, Any],
    modules: tuple[Any, Any, Any, Any],
) -> Axes:
    pyplot, collections, lines_mod, numpy = modules
    day = _day(on)
    forest = Forest(org)
    problems = Problems(org, validate(org, on=day))
    spread, level = _layout(forest)
    leaves = max(spread.values(), default=0.0) + 1
    levels = max(level.values(), default=0) + 1
    if direction == "LR":
        # One text line per leaf, one column per level: labels sit right of their node.
        pos = {i: (float(level[i]), -spread[i]) for i in forest.order}
        size = (min(max(6.0, 2.4 * levels), 30.0), min(max(3.0, 0.22 * leaves + 1.2), 40.0))
    else:
        pos = {i: (spread[i], -float(level[i])) for i in forest.order}
        size = (min(max(6.0, 0.9 * leaves), 30.0), min(max(3.0, 0.9 * levels + 1.2), 40.0))
    if labels is None:
        labels = len(pos) <= DRAW_LABEL_LIMIT
    if ax is None:
        _fig, ax = pyplot.subplots(figsize=size, layout="constrained")
    assert ax is not None  # for the type checker: made just above

    # The link that closes a parent cycle is not a tree edge: drawing it would cross the tree.
    entries = frozenset(i for i, note in forest.notes.items() if note == CYCLE_NOTE)
    tree_edges = []
    escalations = []
    for ident in forest.order:
        area = forest.areas[ident]
        if area.parent in pos and ident not in entries:
            tree_edges.append((pos[area.parent], pos[ident]))
        if area.escalates_to in pos:
            escalations.append((pos[ident], pos[area.escalates_to]))
    # Arrays, not lists of tuples: matplotlib converts each listed segment on its own.
    ax.add_collection(
        collections.LineCollection(
            numpy.array(tree_edges, dtype=float).reshape(-1, 2, 2),
            colors="#8c959f",
            linewidths=0.8,
            zorder=1,
        )
    )
    if escalations:
        ax.add_collection(
            collections.LineCollection(
                numpy.array(escalations, dtype=float).reshape(-1, 2, 2),
                colors="#6e7781",
                linewidths=0.8,
                linestyles="dashed",
                zorder=1,
            )
        )

    statuses = [problems.worst[i].value if i in problems.worst else "none" for i in forest.order]
    scatter_kwargs: dict[str, Any] = {"s": node_size, "zorder": 2, "linewidths": 0.5}
    scatter_kwargs.update(scatter_options)
    if pos:
        ax.scatter(
            numpy.array([pos[i][0] for i in forest.order]),
            numpy.array([pos[i][1] for i in forest.order]),
            c=[_DRAW_COLOURS[s] for s in statuses],
            edgecolors="#ffffff",
            **scatter_kwargs,
        )
    if labels:
        for ident in forest.order:
            text = f"{ident} · {DriInfo(org, ident, day).short()}"
            x, y = pos[ident]
            place: dict[str, Any]
            if direction == "LR":
                place = {"xy": (x, y), "xytext": (5, 0), "ha": "left", "va": "center"}
            else:
                place = {"xy": (x, y), "xytext": (0, -6), "ha": "center", "va": "top"}
            ax.annotate(
                text,
                textcoords="offset points",
                fontsize=font_size,
                parse_math=False,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
                **place,
            )
    counts = dict.fromkeys(_DRAW_COLOURS, 0)
    for status in statuses:
        counts[status] += 1
    handles = [
        lines_mod.Line2D(
            [], [], marker="o", linestyle="", markersize=6, color=colour,
            label=f"{name} ({counts[name]})",
        )
        for name, colour in _DRAW_COLOURS.items()
    ]  # fmt: skip
    # Above the plot, in one row: inside it would hide nodes, and "best" is slow on big trees.
    ax.legend(
        handles=handles,
        title="worst finding",
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(handles),
        fontsize=8,
        title_fontsize=8,
        frameon=False,
    )
    if org.name:
        ax.set_title(cut(clean(org.name)), loc="right", parse_math=False)
    ax.autoscale_view()
    if direction == "LR":
        left, right = ax.get_xlim()
        # Room for the labels right of the deepest level.
        ax.set_xlim(left - 0.2, right + (1.0 if labels else 0.2))
        ax.margins(y=0.02)
    else:
        ax.margins(x=0.03, y=0.15)
    ax.set_axis_off()
    return ax
