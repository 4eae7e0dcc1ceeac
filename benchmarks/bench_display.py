"""Benchmark: how long the notebook views and diagrams of a big org take.

Usage::

    python benchmarks/bench_display.py                  # 10,000 areas, 7 repeats
    python benchmarks/bench_display.py --areas 100000 --repeat 3

Prints the median time of each display function on a generated org (each area with up to
eight children, a DRI, an advisor and a purpose). The target for the notebook view,
``mimebundle(org)`` (what IPython calls to show an org: validation, the area tree, the HTML),
is under one second for 10,000 areas. ``validate`` is listed alone for comparison: it is most
of the view's cost.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import distauth as da
from distauth import display


def make_org(n_areas: int) -> da.Org:
    """A tree of *n_areas* areas, one DRI each, people shared five areas apiece."""
    n_people = max(2, n_areas // 5)
    org = da.Org(name="Bench")
    items: list[Any] = [da.Person(f"p{i}", name=f"Person {i}") for i in range(n_people)]
    for i in range(n_areas):
        items.append(
            da.Area(
                f"a{i}",
                name=f"Area {i}",
                parent=f"a{(i - 1) // 8}" if i else None,
                purpose="Own a part of the work",
                advisors=(f"p{(i + 1) % n_people}",),
            )
        )
        items.append(da.DRI(f"a{i}", f"p{i % n_people}"))
    org.add(*items)
    return org


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    org = make_org(args.areas)
    display.mimebundle(org)  # warm-up: lazy imports, rule registry, caches
    cases: dict[str, Callable[[], object]] = {
        "mimebundle(org)  [notebook view]": lambda: display.mimebundle(org),
        "html(org)": lambda: display.html(org),
        "validate(org)    [for comparison]": lambda: da.validate(org),
        "to_mermaid(org)": lambda: display.to_mermaid(org),
        "to_dot(org)": lambda: display.to_dot(org),
        "to_records(org)": lambda: display.to_records(org),
    }
    print(f"{args.areas:,} areas, median of {args.repeat} runs")
    for label, run in cases.items():
        print(f"  {label:<36} {median_time(run, args.repeat) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
