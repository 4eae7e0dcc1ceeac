"""Benchmark: importing real ownership files, and a generated 2,000-rule CODEOWNERS.

Usage::

    python benchmarks/bench_interop.py              # every figure, medians of 3 runs
    python benchmarks/bench_interop.py --repeat 5

For each real data set beside the repository (esphome and flutter/packages CODEOWNERS,
kubernetes/test-infra's OWNERS tree, Backstage's example catalog) it times the import and
``who_decides_many`` over every tracked path (on a freshly imported org, so that building the
scope index counts). Then it generates a CODEOWNERS file shaped like a
large project's (a catch-all first, then 1,999 rules over distinct directories, broader
directories before the ones inside them: 60% ``/dir/``, 25% ``dir/**`` with a user and a team,
15% ``/dir/*.ext``) and 100,000 paths in those directories, and times the import,
``who_decides_many`` over all paths (index build included), and the ``codeowners`` package
answering the same paths (the package is timed on a sample and scaled, since answering all of
them takes minutes).
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from distauth.interop import read_backstage, read_codeowners, read_owners

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of *repeat* runs of *fn*, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def generate(rules: int = 2000, paths: int = 100_000, seed: int = 7) -> tuple[str, list[str]]:
    """A CODEOWNERS text of *rules* rules and *paths* tracked paths, deterministic by *seed*."""
    rng = random.Random(seed)
    tops = [f"mod{i}" for i in range(40)]
    directories: set[str] = set()
    while len(directories) < rules:
        depth = rng.randint(1, 4)
        parts = [rng.choice(tops)] + [f"d{rng.randint(0, 30)}" for _ in range(depth - 1)]
        directories.add("/".join(parts))
    ordered = sorted(directories)  # a directory before the ones inside it
    extensions = ["py", "md", "rb", "js", "yml"]
    lines = ["* @org/everyone"]
    for directory in ordered[: rules - 1]:
        draw = rng.random()
        if draw < 0.6:
            lines.append(f"/{directory}/ @user{rng.randint(0, 300)}")
        elif draw < 0.85:
            lines.append(f"{directory}/** @user{rng.randint(0, 300)} @org/team{rng.randint(0, 30)}")
        else:
            lines.append(f"/{directory}/*.{rng.choice(extensions)} @user{rng.randint(0, 300)}")
    files = [
        f"{rng.choice(ordered)}/f{rng.randint(0, 999)}.{rng.choice(extensions)}"
        for _ in range(paths)
    ]
    return "\n".join(lines) + "\n", files


def timed_answers(load: Callable[[], Any], resources: list[str], repeat: int) -> float:
    """The median wall time of ``who_decides_many`` over *resources* on a freshly loaded org.

    Each run imports anew, so every time counts building the org's scope index.
    """
    times = []
    for _ in range(repeat):
        org = load().org
        start = time.perf_counter()
        org.who_decides_many(resources)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def real_sets() -> dict[str, tuple[Callable[[], Any], list[str]]]:
    """Each real data set: a function importing it, and its tracked paths."""
    out: dict[str, tuple[Callable[[], Any], list[str]]] = {}
    for name in ("esphome__esphome", "flutter__packages"):
        base = REAL / name
        text = (base / "CODEOWNERS").read_text()
        out[name] = (
            functools.partial(read_codeowners, text),
            (base / "files.txt").read_text().splitlines(),
        )
    base = REAL / "kubernetes__test-infra"
    files = {
        str(p.relative_to(base / "owners")): p.read_text()
        for p in (base / "owners").rglob("OWNERS")
    }
    aliases = (base / "OWNERS_ALIASES").read_text()
    out["kubernetes__test-infra"] = (
        lambda: read_owners(files, aliases=aliases),
        (base / "files.txt").read_text().splitlines(),
    )
    base = REAL / "backstage__backstage" / "examples"
    documents = {str(p.relative_to(base)): p.read_text() for p in base.rglob("*.yaml")}
    out["backstage__backstage"] = (lambda: read_backstage(documents), [])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--sample", type=int, default=2000, help="paths the codeowners package answers"
    )
    args = parser.parse_args(argv)
    if REAL.is_dir():
        for name, (load, paths) in real_sets().items():
            seconds, imported = timed(load, args.repeat)
            resources = [f"repo:{p}" for p in paths]
            many = timed_answers(load, resources, args.repeat)
            print(
                f"{name:26} import {seconds:6.3f} s  "
                f"who_decides_many({len(paths):,}) {many:6.3f} s  "
                f"areas {len(imported.org.areas):,}  problems {len(imported.problems)}"
            )
    else:
        print(f"(real data not found at {REAL}: skipped)")
    text, files = generate()
    seconds, imported = timed(lambda: read_codeowners(text), args.repeat)
    resources = [f"repo:{p}" for p in files]
    many = timed_answers(lambda: read_codeowners(text), resources, args.repeat)
    import codeowners

    package = codeowners.CodeOwners(text)
    sample = files[: args.sample]
    per_path, _ = timed(lambda: [package.of(p) for p in sample], args.repeat)
    package_all = per_path / len(sample) * len(files)
    print(
        f"generated 2,000 rules: import {seconds:.3f} s ({len(imported.problems)} problems), "
        f"who_decides_many(100,000) {many:.3f} s; codeowners package about {package_all:.1f} s "
        f"for all paths (from {len(sample):,}): {package_all / many:.0f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
