"""Benchmark: the scope language on hostile patterns, and DA301+DA302 on wildcard-led scopes.

Usage::

    python benchmarks/bench_scopes_limits.py              # every case, 5 repeats
    python benchmarks/bench_scopes_limits.py --repeat 9 --scopes 10000 100000

Part one times ``covers``, ``uncovered_example``, ``overlaps`` and ``overlap_example`` on
patterns with 20 ``*`` segments, 20 ``**``, a ``**`` followed by a window of 20 wildcards, and
1,000-character globs (with ``*`` and with ``?``); it prints the slowest of the four functions
per case (median over the repeats, in milliseconds).

Part two builds orgs of N areas, each with one wildcard-led scope ``*/svc{i}/**`` under a root
holding ``*/svc*/**`` (plus one overlap and one scope outside its parent, so that both rules
report something), and times ``validate(org, select=["DA301", "DA302"])``: the shape that
compared every pair of scopes before. It prints wall and CPU time: on a shared machine the CPU
time (this process's) is the steadier figure.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import distauth as da
from distauth.scopes import covers, overlap_example, overlaps, uncovered_example

STARS = "/".join(["*"] * 20)
CASES: dict[str, tuple[str, str]] = {
    "20 '*' segments vs 20 '**'": (STARS + "/x", "/".join(["**"] * 20) + "/x"),
    "20 '**' vs 20 '*' segments": ("/".join(["**"] * 20) + "/x", STARS + "/x"),
    "'**' then 20 wildcards, q with a '**' run": (
        "**/a/" + STARS + "/b",
        "x/**/a/" + STARS + "/b",
    ),
    "'**' then 20 wildcards, q with 11 '**'": (
        "**/a/" + STARS + "/b",
        "**/a/**/" + "a/**/" * 10 + "b",
    ),
    "1,000-character '*' globs": ("*a" * 500, "*a" * 499 + "*"),
    "1,000-character globs, 500 '*'": ("a*" * 500, "*" + "a*" * 500),
    "900-character '?' globs": ("*" + "ab?" * 300 + "*", "*" + "ab?" * 300 + "*"),
}


def median_ms(function: Callable[[], Any], repeat: int) -> float:
    """Median CPU milliseconds of this process (steadier than wall time on a shared machine)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def wild_org(count: int) -> da.Org:
    org = da.Org(name=f"wild-{count}")
    org.add(da.Person("ana"), da.Area("root", scopes=["*/svc*/**"]), da.DRI("root", "ana"))
    org.add(
        *(da.Area(f"svc{i}", parent="root", scopes=[f"*/svc{i}/**"]) for i in range(count)),
        da.Area("stray", parent="root", scopes=["*/other/**"]),
        da.Area("dup", parent="root", scopes=["*/svc7/x"]),
    )
    return org


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scopes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print("hostile patterns: slowest of covers/uncovered_example/overlaps/overlap_example (CPU)")
    for name, (p, q) in CASES.items():
        worst = max(
            median_ms(lambda f=function, p=p, q=q: f(p, q), args.repeat)  # type: ignore[misc]
            for function in (covers, uncovered_example, overlaps, overlap_example)
        )
        print(f"  {name:45} {worst:8.2f} ms")
    print("DA301+DA302 on wildcard-led scopes (validate with select=DA301,DA302)")
    for count in args.scopes:
        org = wild_org(count)
        da.validate(org, select=["DA301", "DA302"])  # warm the parse cache as a user's run does
        fresh = [wild_org(count) for _ in range(args.repeat)]
        times, cpu = [], []
        for each in fresh:
            start, start_cpu = time.perf_counter(), time.process_time()
            report = da.validate(each, select=["DA301", "DA302"])
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        codes = sorted(f.code for f in report)
        print(
            f"  {count:>7} scopes  wall {statistics.median(times):7.3f} s  "
            f"cpu {statistics.median(cpu):7.3f} s  findings {codes}"
        )


if __name__ == "__main__":
    main()
