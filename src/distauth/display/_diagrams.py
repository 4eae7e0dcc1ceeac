"""The area tree as Mermaid and Graphviz DOT source: generated node ids, escaped labels."""

from __future__ import annotations

import datetime as dt

from distauth._bulk import collector_paused
from distauth._model import day_or_today as _day
from distauth._org import Org
from distauth._tree import DriInfo, Forest, kind_of
from distauth.display._common import (
    Problems,
    clean,
    cut,
)
from distauth.rules import validate

__all__ = ["to_dot", "to_mermaid"]


# --- diagrams --------------------------------------------------------------------------------


class _Diagram:
    """The area tree as generated nodes and edges, shared by the Mermaid and DOT writers.

    ``nodes`` holds ``(node id, label lines, status)``: status is the worst severity of the
    area's findings ("error", "warning", "info"), ``None``, or "missing" for a referenced id
    that is not an area. ``edges`` holds ``(source node, target node, kind)`` with kind
    "parent" (drawn from parent down to child) or "escalates_to".
    """

    __slots__ = ("edges", "nodes")

    def __init__(self, org: Org, on: dt.date | None) -> None:
        with collector_paused():
            self._build(org, on)

    def _build(self, org: Org, on: dt.date | None) -> None:
        day = _day(on)
        forest = Forest(org)
        problems = Problems(org, validate(org, on=day))
        ids = {ident: f"n{i}" for i, ident in enumerate(forest.order)}
        self.nodes: list[tuple[str, list[str], str | None]] = []
        self.edges: list[tuple[str, str, str]] = []
        extra: dict[str, str] = {}
        extra_nodes: list[tuple[str, list[str], str | None]] = []

        def node_of(ref: str) -> str:
            if ref in ids:
                return ids[ref]
            if ref not in extra:
                extra[ref] = f"n{len(ids) + len(extra)}"
                kind = kind_of(org, ref)
                text = f"missing: {ref}" if kind == "missing" else f"not an area: {ref} ({kind})"
                extra_nodes.append((extra[ref], [text], "missing"))
            return extra[ref]

        for ident in forest.order:
            area = forest.areas[ident]
            title = cut(clean(area.name)) if area.name else ident
            if area.name and area.name != ident:
                title += f" ({ident})"
            lines = [title, DriInfo(org, ident, day).short()]
            codes = problems.codes.get(ident)
            if codes:
                lines.append(" ".join(codes))
            worst = problems.worst.get(ident)
            status = worst.value if worst is not None else None
            self.nodes.append((ids[ident], lines, status))
        for ident in forest.order:
            parent = forest.areas[ident].parent
            if parent is not None:
                self.edges.append((node_of(parent), ids[ident], "parent"))
        for ident in forest.order:
            target = forest.areas[ident].escalates_to
            if target is not None:
                self.edges.append((ids[ident], node_of(target), "escalates_to"))
        self.nodes.extend(extra_nodes)


# Mermaid: letters, digits and a few plain marks stay; everything else becomes an entity code
# (#NN;), which Mermaid turns back into the character when it renders. That covers " (the end
# of a label), # (an entity), % (%%{init}%% directives are found anywhere in the text), : (a
# line matching "style.*:\S*#.*;" loses its last ";" before parsing), <, > and & (HTML
# labels), backticks (Markdown strings), brackets and braces, and anything we did not think of.
_MERMAID_PLAIN = frozenset(" _.,-/+=?!'()@")


def _mermaid_text(text: str) -> str:
    cleaned = clean(text)
    out = []
    for i, ch in enumerate(cleaned):
        if (ch.isalnum() and ch.isprintable()) or ch in _MERMAID_PLAIN:
            out.append(ch)
        elif ch == ":" and cleaned[i + 1 : i + 2] == " ":
            # "DRI: ana" stays readable: the "style" rewrite needs ":" then non-spaces then
            # "#", which a colon followed by a space can never start.
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


_MERMAID_CLASSES = {
    "error": "fill:#fde8e8,stroke:#b42318,stroke-width:2px,color:#1f2328",
    "warning": "fill:#fff3cd,stroke:#b54708,stroke-width:2px,color:#1f2328",
    "missing": "fill:#f6f8fa,stroke:#6e7781,stroke-dasharray:4,color:#57606a",
}


def to_mermaid(org: Org, *, on: dt.date | None = None) -> str:
    """The area tree as a Mermaid flowchart.

    Each area is a box with its name, id, DRI on *on* and the codes of the findings naming
    it; parent links point from a parent down to its children; an ``escalates_to`` override
    is a dashed edge. Areas with errors have the class ``error``, with warnings ``warning``;
    a parent or escalation target that is not an area is a dashed ``missing`` box. Node ids
    are generated (``n0``, ``n1``, ... in tree order), never entity ids, and every label is
    quoted with any character that Mermaid could read as syntax written as an entity code
    (``#60;`` for ``<``), so no name can break the diagram. The output is deterministic.

    Args:
        org: the org to draw.
        on: the day whose DRIs and findings are shown (default: today).

    Returns:
        Mermaid source, starting with ``flowchart TD``.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org()
    >>> org.add(da.Person("ana"), da.Person("bo"),
    ...         da.Area("co", name='Acme "HQ"', purpose="Run", advisors=["bo"]),
    ...         da.Area("ops", parent="co", purpose="Ops", advisors=["ana"]),
    ...         da.DRI("co", "ana"), da.DRI("ops", "bo"))
    >>> print(display.to_mermaid(org), end="")
    flowchart TD
      n0["Acme #34;HQ#34; (co)<br/>DRI: ana"]
      n1["ops<br/>DRI: bo"]
      n0 --> n1
      classDef error fill:#fde8e8,stroke:#b42318,stroke-width:2px,color:#1f2328
      classDef warning fill:#fff3cd,stroke:#b54708,stroke-width:2px,color:#1f2328
      classDef missing fill:#f6f8fa,stroke:#6e7781,stroke-dasharray:4,color:#57606a
    """
    diagram = _Diagram(org, on)
    out = ["flowchart TD"]
    by_class: dict[str, list[str]] = {name: [] for name in _MERMAID_CLASSES}
    for node, lines, status in diagram.nodes:
        label = "<br/>".join(_mermaid_text(line) for line in lines)
        out.append(f'  {node}["{label}"]')
        if status in by_class:
            by_class[status].append(node)
    for source, target, kind in diagram.edges:
        arrow = " -.->|escalates to| " if kind == "escalates_to" else " --> "
        out.append(f"  {source}{arrow}{target}")
    out.extend(f"  classDef {name} {style}" for name, style in _MERMAID_CLASSES.items())
    for name, members in by_class.items():
        # Short lines: some tools choke on one line naming thousands of nodes.
        out.extend(
            f"  class {','.join(members[i : i + 50])} {name}" for i in range(0, len(members), 50)
        )
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    # Inside a DOT string only \ and " are special; Graphviz also decodes HTML entities such as
    # &lt; in labels, so a literal & must be written &amp; to survive.
    cleaned = clean(text).replace("&", "&amp;")
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')


_DOT_STYLES = {
    "error": 'fillcolor="#fde8e8", color="#b42318", penwidth=2, class="error"',
    "warning": 'fillcolor="#fff3cd", color="#b54708", penwidth=2, class="warning"',
    "info": 'class="info"',
    "missing": 'style="dashed", fillcolor="#f6f8fa", color="#6e7781", fontcolor="#57606a", '
    'class="missing"',
}


def to_dot(org: Org, *, on: dt.date | None = None) -> str:
    r"""The area tree as a Graphviz DOT digraph (render it with ``dot -Tsvg``).

    Same content as :func:`to_mermaid`: one box per area with its name, id, DRI on *on* and
    finding codes; parent-to-child edges; dashed ``escalates_to`` overrides (which do not pull
    the layout); error and warning areas filled red and amber, with an SVG ``class``; dashed
    boxes for parents and targets that are not areas. Node ids are generated (``n0``,
    ``n1``, ...) and every label is a quoted, escaped DOT string. Deterministic.

    Args:
        org: the org to draw.
        on: the day whose DRIs and findings are shown (default: today).

    Returns:
        DOT source.

    >>> import distauth as da
    >>> from distauth import display
    >>> org = da.Org(name="Acme")
    >>> org.add(da.Area("co", purpose="Run"), da.Area("ops", parent="co", escalates_to="board"))
    >>> print(display.to_dot(org), end="")  # doctest: +ELLIPSIS
    digraph org {
      graph [label="Acme", labelloc=t, fontname="Helvetica"];
      node [shape=box, style="rounded,filled", fillcolor="#ffffff", ...];
      edge [color="#57606a"];
      n0 [label="co\nno DRI\nDA101 DA502", fillcolor="#fde8e8", ...];
      n1 [label="ops\nno DRI\nDA101 DA201 DA502 DA503", fillcolor="#fde8e8", ...];
      n2 [label="missing: board", style="dashed", ...];
      n0 -> n1;
      n1 -> n2 [style=dashed, label="escalates to", constraint=false];
    }
    """
    diagram = _Diagram(org, on)
    out = ["digraph org {"]
    graph_attrs = 'labelloc=t, fontname="Helvetica"'
    if org.name:
        graph_attrs = f'label="{_dot_text(cut(org.name))}", {graph_attrs}'
    out.append(f"  graph [{graph_attrs}];")
    out.append(
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", '
        "fontsize=10];"
    )
    out.append('  edge [color="#57606a"];')
    for node, lines, status in diagram.nodes:
        label = "\\n".join(_dot_text(line) for line in lines)
        style = _DOT_STYLES.get(status or "")
        out.append(f'  {node} [label="{label}"' + (f", {style}];" if style else "];"))
    for source, target, kind in diagram.edges:
        if kind == "escalates_to":
            out.append(
                f'  {source} -> {target} [style=dashed, label="escalates to", constraint=false];'
            )
        else:
            out.append(f"  {source} -> {target};")
    out.append("}")
    return "\n".join(out) + "\n"
