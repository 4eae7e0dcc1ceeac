"""Benchmark: what `import distauth` costs beyond importing networkx itself.

Usage::

    python benchmarks/bench_import.py            # 15 fresh interpreters

Each run starts a fresh interpreter with ``-X importtime``, imports distauth, and reads the
cumulative microseconds of ``distauth`` and of ``networkx`` (which distauth imports) from the
same run; the difference is what distauth adds. Prints the median over runs, and the modules
that an `import distauth` must never pull in (the optional extras and the file layers).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

HEAVY = ("hypothesis", "pandas", "matplotlib", "ruamel", "cattrs", "yaml", "jsonschema", "IPython")


def one_run() -> tuple[float, float, list[str]]:
    code = "import distauth, sys; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    cumulative: dict[str, int] = {}
    # Lines read "import time: <self us> | <cumulative us> | <indented module name>".
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1])
    loaded = [m for m in out.stdout.split() if m.split(".")[0] in HEAVY]
    return cumulative["distauth"] / 1000, cumulative["networkx"] / 1000, loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    runs = [one_run() for _ in range(args.runs)]
    extra = [d - n for d, n, _ in runs]
    print(
        f"import distauth: median {statistics.median(d for d, _, _ in runs):.0f} ms in all, "
        f"of which networkx {statistics.median(n for _, n, _ in runs):.0f} ms; "
        f"distauth beyond networkx: median {statistics.median(extra):.0f} ms "
        f"(min {min(extra):.0f}, max {max(extra):.0f}) over {args.runs} runs"
    )
    heavy = sorted({m for _, _, loaded in runs for m in loaded})
    print(f"optional or heavy modules imported: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
