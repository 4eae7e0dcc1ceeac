"""Benchmark: ScopeIndex lookup and overlap detection on generated, org-shaped scopes.

Usage::

    python benchmarks/bench_scopes_index.py                  # 10,000 scopes, 100,000 lookups
    python benchmarks/bench_scopes_index.py --scopes 40000 --repeat 3
    python benchmarks/bench_scopes_index.py --scaling        # pairs time for 2.5k .. 40k scopes

The scopes imitate a real org: a tree of areas, each holding its own path (``finance/billing/
invoices`` or ``.../**``); about 10% of scopes have a ``*`` in some segment (``*.csv``,
``report-*``, ``*/reports``), about 5% a ``**`` inside (``.../**/migrations``), and a handful
sit at the top of a namespace (``**/secrets``, ``*/legal/**``). Figures are medians of
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

from distauth.scopes import ScopeIndex, overlaps, parse

T = TypeVar("T")

WORDS = tuple(
    " ".join(
        (
            "finance billing invoices refunds payroll tax audit legal contracts hiring platform",
            "infra network storage compute security identity growth marketing events brand sales",
            "emea apac americas support docs mobile web api search data analytics ml reports",
            "ledger treasury procurement vendors travel facilities research design product",
            "pricing partners",
        )
    ).split()
)
NAMESPACES = (None, None, None, None, None, None, "repo", "repo", "repo", "budget")
GLOBS = ("*.csv", "*.py", "report-*", "*-eu", "q*-review", "*")
DEEP = ("migrations", "*.sql", "secrets", "OWNERS", "*.tf")


def generate(count: int, seed: int = 2027) -> list[tuple[str, str]]:
    """Return about ``count`` ``(pattern, area id)`` pairs shaped like an org's scopes."""
    rng = random.Random(seed)
    entries: list[tuple[str, str]] = []
    areas: list[tuple[str | None, tuple[str, ...]]] = []
    for namespace in (None, "repo", "budget"):
        areas += [(namespace, (top,)) for top in rng.sample(WORDS, 12)]
    cursor = 0
    while len(entries) < count:
        namespace, path = areas[cursor]
        area = f"area{cursor}"
        cursor += 1
        prefix = f"{namespace}:" if namespace else ""
        text = "/".join(path)
        entries.append((prefix + text + ("/**" if rng.random() < 0.5 else ""), area))
        roll = rng.random()
        if roll < 0.11:
            glob = rng.choice(GLOBS)
            if len(path) > 1 and rng.random() < 0.3:
                entries.append((prefix + "/".join((*path[:-1], glob)), area))
            elif len(path) > 1 and rng.random() < 0.3:
                entries.append((prefix + "/".join((*path[:-1], "*", path[-1])), area))
            else:
                entries.append((prefix + f"{text}/{glob}", area))
        elif roll < 0.165:
            entries.append((prefix + f"{text}/**/{rng.choice(DEEP)}", area))
        elif roll < 0.1665:
            entries.append((prefix + rng.choice(("**/secrets", "*/legal/**", "**/*.key")), area))
        if len(path) < 6:
            names = rng.sample(WORDS, rng.randint(2, 6))
            areas += [(namespace, (*path, f"{name}{len(path)}")) for name in names]
    return entries[:count]


def resources_for(entries: list[tuple[str, str]], count: int, seed: int = 7) -> list[str]:
    """Return ``count`` resources: scopes' examples extended by a few file-like segments."""
    rng = random.Random(seed)
    resources = []
    for _ in range(count):
        pattern = parse(rng.choice(entries)[0])
        prefix = f"{pattern.namespace}:" if pattern.namespace else ""
        parts = [segment.replace("*", "x") for segment in pattern.segments if segment != "**"]
        endings = ("", ".csv", ".py", "-eu", str(rng.randint(0, 99)))
        parts += [rng.choice(WORDS) + rng.choice(endings) for _ in range(rng.randint(0, 3))]
        parts = parts or ["x"]
        resources.append(prefix + "/".join(parts))
    return resources


def timed(function: Callable[[], T], repeat: int) -> tuple[float, float, T]:
    """Return the median wall seconds and CPU seconds of ``repeat`` calls, and the last result.

    Both are shown because a busy machine stretches wall time; CPU time stays near what the
    code itself costs.
    """
    walls, cpus = [], []
    result: T | None = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert result is not None
    return statistics.median(walls), statistics.median(cpus), result


def line(label: str, wall: float, cpu: float, note: str = "") -> None:
    print(f"{label:<22}{wall * 1000:9.1f} ms wall {cpu * 1000:9.1f} ms cpu   {note}")


def report(count: int, lookups: int, repeat: int) -> None:
    entries = generate(count)
    starred = sum("*" in pattern.replace("**", "") for pattern, _ in entries)
    double = sum("**" in pattern.removesuffix("/**") for pattern, _ in entries)
    print(f"{len(entries):,} scopes: {starred:,} with '*' in a segment, {double:,} with inner '**'")
    wall, cpu, index = timed(lambda: ScopeIndex(entries), repeat)
    line("build", wall, cpu)
    wall, cpu, pairs = timed(lambda: list(index.overlapping_pairs()), repeat)
    line("overlapping_pairs()", wall, cpu, f"{len(pairs):,} pairs")
    resources = resources_for(entries, lookups)
    wall, cpu, found = timed(lambda: index.lookup_many(resources), repeat)
    hits = sum(map(len, found)) / lookups
    rates = f"{lookups / wall:,.0f}/s wall, {lookups / cpu:,.0f}/s cpu"
    line(f"lookup_many ({lookups:,})", wall, cpu, f"{rates} ({hits:.2f} matches each)")
    wall, cpu, _ = timed(lambda: [index.lookup(resource) for resource in resources], repeat)
    line(
        "lookup, one by one", wall, cpu, f"{lookups / wall:,.0f}/s wall, {lookups / cpu:,.0f}/s cpu"
    )
    sample = entries[:1000]
    wall, cpu, _ = timed(
        lambda: [
            overlaps(first[0], second[0])
            for position, first in enumerate(sample)
            for second in sample[position + 1 :]
        ],
        1,
    )
    estimate = cpu * (len(entries) ** 2) / (len(sample) ** 2)
    print(f"all-pairs overlaps() would take about {estimate:.1f} s cpu (measured on 1,000 scopes)")


def all_pairs(index: ScopeIndex[str]) -> list[tuple[object, object, str]]:
    return list(index.overlapping_pairs())


def scaling(repeat: int) -> None:
    print("overlapping_pairs():")
    print("scopes      pairs    wall ms     cpu ms  cpu µs/pair")
    for count in (2_500, 5_000, 10_000, 20_000, 40_000):
        index = ScopeIndex(generate(count))
        wall, cpu, pairs = timed(functools.partial(all_pairs, index), repeat)
        per_pair = cpu / max(len(pairs), 1) * 1e6
        times = f"{wall * 1000:>10.1f} {cpu * 1000:>10.1f} {per_pair:>10.2f}"
        print(f"{count:>6,} {len(pairs):>10,} {times}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scopes", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scaling", action="store_true")
    arguments = parser.parse_args()
    if arguments.scaling:
        scaling(arguments.repeat)
    else:
        report(arguments.scopes, arguments.lookups, arguments.repeat)


if __name__ == "__main__":
    main()
