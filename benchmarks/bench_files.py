"""Benchmark: dump and load a generated org in YAML, JSON and TOML.

Usage::

    python benchmarks/bench_files.py                       # 100,000 areas, 20,000 people, 3 repeats
    python benchmarks/bench_files.py --areas 10000 --people 2000 --repeat 5
    python benchmarks/bench_files.py --formats yaml json   # only some formats
    python benchmarks/bench_files.py --memory              # peak RSS of one load, per format

The org is the one ``benchmarks/bench_core.py`` builds (``make_entities``): a tree where each
area has 2-12 children, one DRI, an advisor and a purpose; every area's DRI is undated, so it
is written with the ``dri:`` sugar. Times are medians of ``--repeat`` runs; ``--memory`` runs
each load in a fresh process and reports its peak resident set size, with the size of the same
process after building the org in memory without any file for comparison.
"""

from __future__ import annotations

import argparse
import functools
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import distauth as da
from distauth.files import dumps, load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import make_entities, timed  # a sibling script, not a package

FORMATS = ("yaml", "json", "toml")


def make_org(n_areas: int, n_people: int) -> da.Org:
    org = da.Org(name="bench")
    org.add(*make_entities(n_areas, n_people))
    return org


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(args: argparse.Namespace) -> int:
    """Peak RSS of one load per format, each in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        org = make_org(args.areas, args.people)
        paths = {}
        for fmt in args.formats:
            paths[fmt] = Path(tmp) / f"org.{fmt}"
            paths[fmt].write_text(dumps(org, fmt), encoding="utf-8")
        del org
        code = (
            "import sys, resource, distauth.files as f; org = f.load(sys.argv[1]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
        )
        baseline = (
            "import sys, resource; sys.path.insert(0, sys.argv[1]); "
            "from bench_files import make_org; org = make_org(int(sys.argv[2]), int(sys.argv[3])); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
        )
        here = str(Path(__file__).resolve().parent)
        out = subprocess.run(
            [sys.executable, "-c", baseline, here, str(args.areas), str(args.people)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        print(f"build in memory (no file) peak RSS: {float(out.stdout):.0f} MiB")
        for fmt, path in paths.items():
            out = subprocess.run(
                [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
            )
            size = path.stat().st_size / 1024**2
            print(f"load {fmt:4} ({size:.1f} MiB file) peak RSS: {float(out.stdout):.0f} MiB")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--memory", action="store_true", help="peak RSS of one load per format")
    args = parser.parse_args(argv)
    if args.memory:
        return memory(args)

    org = make_org(args.areas, args.people)
    print(f"areas={args.areas} people={args.people} dris={len(org.all_dris())} "
          f"repeat={args.repeat}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats:
            t_dump, text = timed(functools.partial(dumps, org, fmt), args.repeat)
            path = Path(tmp) / f"org.{fmt}"
            path.write_text(text, encoding="utf-8")
            t_load, loaded = timed(functools.partial(load, path), args.repeat)
            assert loaded == org, f"{fmt}: the loaded org differs"
            size = path.stat().st_size / 1024**2
            print(f"{fmt:4} {size:6.1f} MiB  dump median: {t_dump:6.3f} s  "
                  f"load median: {t_load:6.3f} s")  # fmt: skip
            del loaded
    print(f"peak RSS of this process: {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
