"""Benchmark: how plain Python work over an org's graph grows from 100,000 to 1,000,000 areas.

Usage::

    python benchmarks/bench_scaling.py

It builds the org of ``bench_core.py`` at both sizes and times, on each, a few elementary
passes over the same graph (the cyclic collector paused, median of 3): reading every node
dict in order, looking up each area's parent by id, building one dict and one small list per
node, walking the adjacency dicts, and the passes validate's built-in rules share
(``Facts``). The ratios show which kinds of work grow faster than the org: building
org-sized containers grows about twice as fast as reading the graph, which is why validate
follows links the org keeps instead of building indexes per call (see docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import build, make_entities  # a sibling script, not a package

from distauth._graph import graph_of
from distauth.rules._facts import Facts


def passes(org: Any) -> dict[str, Callable[[], object]]:
    graph = graph_of(org)
    nodes, succ = graph.nodes, graph.succ

    def read_in_order() -> int:
        return sum(1 for _ident, data in nodes.items() if data["kind"])

    def look_up_parents() -> int:
        count = 0
        for data in nodes.values():
            parent = getattr(data["entity"], "parent", None)
            if parent is not None and nodes[parent]["kind"] == "area":
                count += 1
        return count

    def build_a_dict() -> dict[str, str]:
        return {ident: data["kind"] for ident, data in nodes.items()}

    def build_small_lists() -> dict[str, list[object]]:
        return {ident: [data] for ident, data in nodes.items()}

    def walk_adjacency() -> int:
        return sum(
            1
            for ident in nodes
            for keys in succ[ident].values()
            for edge in keys.values()
            if edge["kind"] == "dri"
        )

    def facts() -> Facts:
        return Facts(org, dt.date(2026, 11, 27))

    return {f.__name__: f for f in (read_in_order, look_up_parents, build_a_dict,
                                    build_small_lists, walk_adjacency, facts)}  # fmt: skip


def main() -> int:
    times: dict[int, dict[str, float]] = {}
    for n in (100_000, 1_000_000):
        org = build(make_entities(n, n // 5))
        times[n] = {}
        gc.disable()
        try:
            for name, run in passes(org).items():
                runs = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    run()
                    runs.append(time.perf_counter() - t0)
                times[n][name] = statistics.median(runs)
        finally:
            gc.enable()
        del org
    for name in times[100_000]:
        small, big = times[100_000][name], times[1_000_000][name]
        print(f"{name:<18} 100k {small:.4f} s   1M {big:.4f} s   ratio {big / small:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
