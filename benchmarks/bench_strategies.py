"""Benchmark: how many orgs per second distauth.strategies.orgs() generates.

Usage::

    python benchmarks/bench_strategies.py            # 1,000 orgs of up to 30 areas, 5 repeats

Each repeat runs a hypothesis test over ``--count`` examples that only counts the orgs and
their areas, so the figure includes hypothesis's own work per example (the cost a user
pays). Prints the median rate of the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from hypothesis import HealthCheck, given, settings

import distauth as da
from distauth.strategies import orgs


def rate(count: int, max_areas: int, valid: bool) -> tuple[float, float]:
    sizes: list[int] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(orgs(max_areas=max_areas, valid=valid, dated=True))
    def collect(org: da.Org) -> None:
        sizes.append(len(org.areas))

    t0 = time.perf_counter()
    collect()
    elapsed = time.perf_counter() - t0
    return len(sizes) / elapsed, statistics.mean(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--max-areas", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    for valid in (True, False):
        runs = [rate(args.count, args.max_areas, valid) for _ in range(args.repeat)]
        rates = [r for r, _ in runs]
        print(
            f"orgs(valid={valid}, max_areas={args.max_areas}, dated=True): "
            f"median {statistics.median(rates):.0f} orgs/s over {args.repeat} runs of "
            f"{args.count} (min {min(rates):.0f}, max {max(rates):.0f}); "
            f"mean areas per org {statistics.mean(m for _, m in runs):.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
