"""Benchmark: build and validate a generated org; compare with one plain pass over the graph.

Usage::

    python benchmarks/bench_core.py                 # 100,000 areas, 20,000 people, 5 repeats
    python benchmarks/bench_core.py --areas 1000000 --people 200000 --repeat 1
    python benchmarks/bench_core.py --areas 1000000 --people 200000 --memory   # peak RSS
    python benchmarks/bench_core.py --scaling --repeat 3   # time(1M) / time(100k), one run

"The floor" is one plain Python pass that reads every node's and every edge's attribute dict
of the same graph; validate is reported as a multiple of it, both measured in the same run.
Validate is timed as users call it (``da.validate(org)``: every rule, default settings), and
also without the DA3 family, whose cost depends on scopes. ``--scoped 0.1`` gives one area in
ten a scope (a path under its parent's), so the DA3 rules have work in proportion.
Figures are medians of ``--repeat`` runs. ``--scaling`` builds the org at ``--areas`` and at ten
times that (people in proportion) in one process, and reports how validate and the floor grow.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import distauth as da

ON = dt.date(2026, 11, 27)
ALL_BUT_SCOPES = ["DA1", "DA2", "DA4", "DA5"]


def make_entities(n_areas: int, n_people: int, seed: int = 1, scoped: float = 0.0) -> list[Any]:
    """A believable tree: each area has 2-12 children, one DRI, an advisor, a purpose.

    A share *scoped* of the areas (and the top) claims a scope: ``repo:<path>/**``, where the
    path extends the nearest scoped ancestor's, so the scopes nest as delegation should.
    """
    rng = random.Random(seed)
    scope_path: dict[int, str] = {0: "top"}
    people = [da.Person(f"p{i}", name=f"Person {i}") for i in range(n_people)]
    items: list[Any] = list(people)
    top_scopes = ("repo:top/**",) if scoped else ()
    items.append(
        da.Area("a0", name="Top", purpose="Everything", advisors=("p1",), scopes=top_scopes)
    )
    items.append(da.DRI("a0", "p0"))
    frontier = collections.deque([0])
    made = 1
    while made < n_areas:
        parent = frontier.popleft()
        for _ in range(rng.randint(2, 12)):
            if made >= n_areas:
                break
            ident = f"a{made}"
            path = scope_path[parent]
            own: tuple[str, ...] = ()
            if scoped and rng.random() < scoped:
                path = f"{path}/s{made}"
                own = (f"repo:{path}/**",)
            scope_path[made] = path
            items.append(
                da.Area(
                    ident,
                    name=f"Area {made}",
                    parent=f"a{parent}",
                    purpose="Own a part of the work",
                    advisors=(f"p{rng.randrange(n_people)}",),
                    scopes=own,
                )
            )
            # Spread DRIs so nobody passes max_areas_per_person (default 10).
            items.append(da.DRI(ident, f"p{made % n_people}"))
            frontier.append(made)
            made += 1
    return items


def build(items: list[Any]) -> da.Org:
    org = da.Org(name="bench")
    org.add(*items)
    return org


def floor(org: da.Org) -> int:
    """One plain pass reading every node's and every edge's attribute dict."""
    count = 0
    for _n, data in org.graph.nodes(data=True):
        if data.get("kind"):
            count += 1
    for _u, _v, _k, data in org.graph.edges(keys=True, data=True):
        if data.get("kind"):
            count += 1
    return count


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        # Free the previous result first: its teardown is not part of the next run.
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="peak RSS of build + validate")
    parser.add_argument("--scaling", action="store_true", help="time(10 x areas) / time(areas)")
    parser.add_argument(
        "--scoped", type=float, default=0.0, help="share of areas with a scope (default 0)"
    )
    args = parser.parse_args(argv)

    if args.scaling:
        return scaling(args.areas, args.people, args.repeat)

    if args.memory:
        items = make_entities(args.areas, args.people, scoped=args.scoped)
        org = build(items)
        del items
        after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        t0 = time.perf_counter()
        report = da.validate(org, on=ON)
        t_validate = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(
            f"areas={args.areas} people={args.people} findings={len(report)}: peak RSS after "
            f"build {after_build:.2f} GiB, after validate {peak:.2f} GiB "
            f"(validate took {t_validate:.2f} s)"
        )
        return 0

    t_make, items = timed(
        lambda: make_entities(args.areas, args.people, scoped=args.scoped), args.repeat
    )
    t_build, org = timed(lambda: build(items), args.repeat)
    # Alternate the three measurements, so that a burst of load on a shared machine falls on
    # all of them alike; each figure is the median of its own runs.
    runs: dict[str, list[float]] = {"floor": [], "all": [], "family": []}
    findings = 0
    for _ in range(args.repeat):
        for name, fn in (
            ("floor", lambda: floor(org)),
            ("all", lambda: da.validate(org, on=ON)),
            ("family", lambda: da.validate(org, select=ALL_BUT_SCOPES, on=ON)),
        ):
            took, result = timed(fn, 1)
            runs[name].append(took)
            if name == "all":
                findings = len(result)
    t_floor, t_all, t_validate = (statistics.median(runs[k]) for k in ("floor", "all", "family"))
    graph = org.graph
    scoped = sum(1 for area in org.areas.values() if area.scopes)
    print(
        f"areas={args.areas} people={args.people} scoped areas={scoped} "
        f"nodes={graph.number_of_nodes()} edges={graph.number_of_edges()} "
        f"findings={findings} repeat={args.repeat}"
    )
    print(f"construct entities (Person, Area, DRI) median: {t_make:.3f} s")
    print(f"add them (Org.add) median: {t_build:.3f} s")
    print(f"build through the public API (both) median: {t_make + t_build:.3f} s")
    print(f"floor (one pass over node and edge dicts) median: {t_floor:.3f} s")
    print(f"validate, every rule (da.validate(org)) median: {t_all:.3f} s")
    print(f"validate, every rule / floor: {t_all / t_floor:.2f}x")
    print(f"validate (DA1, DA2, DA4, DA5) median: {t_validate:.3f} s")
    print(f"validate (DA1, DA2, DA4, DA5) / floor: {t_validate / t_floor:.2f}x")
    return 0


def measure(org: da.Org, repeat: int) -> tuple[float, float]:
    """Medians of the floor and of validate on *org*."""
    t_floor, _ = timed(lambda: floor(org), repeat)
    t_validate, report = timed(lambda: da.validate(org, select=ALL_BUT_SCOPES, on=ON), repeat)
    if report.findings:
        raise SystemExit(f"the generated org should be clean: {report.findings[0]}")
    return t_floor, t_validate


def scaling(areas: int, people: int, repeat: int) -> int:
    """Validate and the floor at *areas* and at ten times that, in one process."""
    figures: dict[int, tuple[float, float]] = {}
    for n_areas, n_people in ((areas, people), (areas * 10, people * 10)):
        figures[n_areas] = measure(build(make_entities(n_areas, n_people)), repeat)
        t_floor, t_validate = figures[n_areas]
        print(
            f"areas={n_areas} people={n_people} repeat={repeat}: floor median {t_floor:.3f} s, "
            f"validate median {t_validate:.3f} s ({t_validate / t_floor:.2f}x floor)"
        )
    (small_floor, small), (big_floor, big) = figures.values()
    print(f"time({areas * 10})/time({areas}): validate {big / small:.1f}, floor "
          f"{big_floor / small_floor:.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
