"""Benchmark: the command line against the library, on the same generated org file.

Usage::

    python benchmarks/bench_cli.py                  # 100,000 areas in JSON, 5 repeats
    python benchmarks/bench_cli.py --areas 10000 --format yaml --repeat 3

It writes a generated org (``bench_core.make_entities``) to a temporary file with
``distauth.files.dump``, then times, in the same run and as medians of ``--repeat`` runs:

- ``distauth --help`` as a fresh process (the start-up cost users feel in hooks and editors);
- ``distauth validate FILE`` as a fresh process (interpreter start, imports, load, validate,
  output: everything a CI job pays);
- ``distauth.files.load`` plus ``distauth.validate`` called from Python in this process.

and prints the CLI/Python ratio. The target is a ratio below 1.5 at 100,000 areas, and a
``--help`` median below 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_core import make_entities

import distauth as da
from distauth.files import dump, load

ON = dt.date(2026, 11, 27)


def script() -> str:
    found = Path(sys.executable).parent / "distauth"
    if found.exists():
        return str(found)
    which = shutil.which("distauth")
    if which is None:
        raise SystemExit("the distauth console script is not installed")
    return which


def time_process(argv: list[str], expect: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{argv} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return elapsed


def time_python(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    org = load(path)
    report = da.validate(org, on=ON)
    elapsed = time.perf_counter() - start
    return elapsed, len(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=0, help="default: areas / 5")
    parser.add_argument("--format", choices=("json", "yaml", "toml"), default="json")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--help-runs", type=int, default=15)
    args = parser.parse_args()
    people = args.people or max(args.areas // 5, 2)
    exe = script()

    help_times = [time_process([exe, "--help"], 0) for _ in range(args.help_runs)]
    print(
        f"distauth --help: median {statistics.median(help_times) * 1000:.0f} ms "
        f"(min {min(help_times) * 1000:.0f}, max {max(help_times) * 1000:.0f}, "
        f"{args.help_runs} runs)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench.distauth.{args.format}"
        org = da.Org(name="bench")
        org.add(*make_entities(args.areas, people))
        dump(org, path)
        del org
        size = path.stat().st_size
        print(f"org file: {args.areas:,} areas, {people:,} people, {args.format}, {size:,} bytes")

        cli_argv = [exe, "validate", str(path), "--on", ON.isoformat(), "--isolated", "--quiet"]
        cli: list[float] = []
        python: list[float] = []
        findings = 0
        # Interleaved, so that a slow spell of the machine hits both sides alike.
        for _ in range(args.repeat):
            cli.append(time_process(cli_argv, 0))
            elapsed, findings = time_python(path)
            python.append(elapsed)
        cli_median = statistics.median(cli)
        python_median = statistics.median(python)
        print(f"findings: {findings}")
        print(f"distauth validate (process): median {cli_median:.2f} s  {sorted(cli)}")
        print(f"load + validate (Python):    median {python_median:.2f} s  {sorted(python)}")
        print(f"ratio CLI / Python: {cli_median / python_median:.2f} (target < 1.5)")


if __name__ == "__main__":
    main()
