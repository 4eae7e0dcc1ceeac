"""Benchmark: the published page of a big org: its size, build time and first answer.

Usage::

    python benchmarks/bench_site.py                  # 10,000 areas, 5 repeats
    python benchmarks/bench_site.py --areas 50000 --repeat 3
    python benchmarks/bench_site.py --browser firefox

Builds a tree of areas (each with up to eight children, a DRI, an advisor, a purpose and a
scope under its parent's, some with globs), writes ``distauth.display.site`` of it, and opens
it in headless Chromium at ``#who=<a resource four levels deep>``. Prints the page size, the
median time to build it in Python, and two medians for the browser: the page's own mark
``distauth:answer`` (milliseconds from navigation start until the answer is in the page) and
the wall time from asking the browser to navigate until the driver reads the answer (which
adds the driver's polling, at most 20 ms; in Firefox, until the load event). Targets: under
5 MB, first answer under 2 s. Needs the browser's binary (``$DISTAUTH_CHROMIUM`` or
``chromium``; ``$DISTAUTH_FIREFOX``, ``firefox-esr`` or ``firefox``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import distauth as da
from distauth import display

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.bidi import Firefox, find_firefox
from tests.cdp import Browser, file_url, find_chromium


def make_org(n_areas: int) -> da.Org:
    """A tree of *n_areas* scoped areas, one DRI each, people shared five areas apiece."""
    n_people = max(2, n_areas // 5)
    org = da.Org(name="Bench")
    items: list[Any] = [da.Person(f"p{i}", name=f"Person {i}") for i in range(n_people)]
    paths = ["org"]
    for i in range(n_areas):
        parent = (i - 1) // 8 if i else None
        path = "org" if parent is None else f"{paths[parent]}/s{i % 8}"
        if i:
            paths.append(path)
        scopes = [f"{path}/**"]
        if i % 5 == 0:
            scopes.append(f"{path}/*.csv")
        items.append(
            da.Area(
                f"a{i}",
                name=f"Area {i}",
                parent=None if parent is None else f"a{parent}",
                purpose="Own a part of the work",
                advisors=(f"p{(i + 1) % n_people}",),
                scopes=scopes,
            )
        )
        items.append(da.DRI(f"a{i}", f"p{i % n_people}"))
    org.add(*items)
    return org


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", choices=("chromium", "firefox"), default="chromium")
    args = parser.parse_args(argv)
    binary = find_chromium() if args.browser == "chromium" else find_firefox()
    if binary is None:
        print(f"no {args.browser} binary found", file=sys.stderr)
        return 2
    org = make_org(args.areas)
    builds = []
    page = ""
    for _ in range(args.repeat):
        start = time.perf_counter()
        page = display.site(org)
        builds.append(time.perf_counter() - start)
    size = len(page.encode("utf-8"))
    resource = "org/s1/s2/s3/report.csv"
    decision = org.who_decides(resource)
    folder = Path(tempfile.mkdtemp(prefix="distauth-bench-site-"))
    target = folder / "index.html"
    target.write_text(page, encoding="utf-8")
    marks: list[float] = []
    walls: list[float] = []
    if args.browser == "firefox":
        with Firefox(binary, timeout=120) as firefox:
            for _ in range(args.repeat):
                firefox.open("about:blank")
                start = time.perf_counter()
                # Firefox's driver waits for the load event; the mark says when the answer was in.
                firefox.open(file_url(target, f"who={resource}"))
                walls.append(time.perf_counter() - start)
                marks.append(
                    firefox.evaluate('performance.getEntriesByName("distauth:answer")[0].startTime')
                    / 1000
                )
                area = firefox.evaluate('document.getElementById("answer").dataset.area')
                assert decision.area is not None
                assert area == decision.area.id, (area, decision.area.id)
    else:
        with Browser(binary, timeout=120) as browser:
            for _ in range(args.repeat):
                browser.open("about:blank")
                start = time.perf_counter()
                browser.send("Page.navigate", session=True, url=file_url(target, f"who={resource}"))
                browser.wait_for(
                    lambda: (
                        browser.evaluate(
                            'document.getElementById("answer")?.dataset.resource ?? null'
                        )
                        == resource
                    )
                )
                walls.append(time.perf_counter() - start)
                marks.append(
                    browser.evaluate('performance.getEntriesByName("distauth:answer")[0].startTime')
                    / 1000
                )
                area = browser.evaluate('document.getElementById("answer").dataset.area')
                assert decision.area is not None
                assert area == decision.area.id, (area, decision.area.id)
    print(f"browser: {args.browser}")
    print(f"areas: {args.areas:,}; scopes: {sum(len(a.scopes) for a in org.areas.values()):,}")
    print(f"page size: {size / 1e6:.2f} MB ({size:,} bytes)")
    print(f"build (Python, median of {args.repeat}): {statistics.median(builds):.2f} s")
    print(f"first answer, page mark (median of {args.repeat}): {statistics.median(marks):.2f} s")
    print(f"first answer, navigate to read/load (median): {statistics.median(walls):.2f} s")
    print(f"  marks: {', '.join(f'{m:.2f}' for m in marks)}")
    print(f"  walls: {', '.join(f'{w:.2f}' for w in walls)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
