"""Benchmark: read ADR files, and audit decision records against an org with dated DRIs.

Usage::

    python benchmarks/bench_decisions.py                  # both, 5 repeats
    python benchmarks/bench_decisions.py --adrs 1000      # ADR files read (default 1,000)
    python benchmarks/bench_decisions.py --areas 10000 --records 100000

Reading: ``--adrs`` MADR 2 style files of about 5 KB each (the size of real records), written
to a temporary directory and read with :func:`distauth.interop.read_adrs` against an org that
knows every decision-maker, from disk (directory) and from a mapping of texts.

Auditing: the tree of ``bench_core.make_entities`` with ``--areas`` areas, where every area's
DRI hands over to another person on a day between 2024 and 2026 (two dated records per area),
and ``--records`` decision records spread over 2023-2027, each naming its area, one decider
(the DRI of that day in 90% of them, someone else otherwise) and, in 90% of them, the area's
advisor as consulted: about one record in five has a finding. Timed:
``validate(org, select=["DA6"])`` (judging every record against the map of its day and making
the findings), as wall time and as the process's CPU time, and against a floor: one plain
pass reading three fields of every record. Figures are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import distauth as da
from distauth.interop import read_adrs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import make_entities, timed  # a sibling script, not a package

START = dt.date(2023, 1, 1)
_BODY = "\n".join(
    f"- **Driver {i}**: a consideration that matters for this decision, spelled out in a"
    " sentence or two so that the record is as long as a real one."
    for i in range(30)
)


def adr_text(i: int, names: list[str]) -> str:
    day = START + dt.timedelta(days=i % 1500)
    makers = ", ".join(names[(i + k) % len(names)] for k in range(1 + i % 3))
    return (
        f"# Decision number {i}\n\n- Status: accepted\n- Date: {day.isoformat()}\n"
        f"- Decision-makers: {makers}\n\n## Context and Problem Statement\n\n{_BODY}\n\n"
        "## Decision Outcome\n\nChosen option: the second, because it is simpler.\n\n"
        f"## Consequences\n\n{_BODY}\n"
    )


def cpu_timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median CPU time of the process: on a shared machine, less noisy than wall time."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def bench_read(n_files: int, repeat: int) -> None:
    names = [f"Person Number{i}" for i in range(50)]
    org = da.Org()
    org.add(*(da.Person(f"p{i}", name=name) for i, name in enumerate(names)))
    texts = {f"adr/{i:04d}-decision-number-{i}.md": adr_text(i, names) for i in range(n_files)}
    size = sum(len(t.encode()) for t in texts.values())
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in texts.items():
            path = Path(tmp) / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        t_dir, result = timed(lambda: read_adrs(tmp, org=org), repeat)
        cpu_dir = cpu_timed(lambda: read_adrs(tmp, org=org), repeat)
    t_map, _ = timed(lambda: read_adrs(texts, org=org), repeat)
    assert len(result.org.decisions) == n_files, "every record read"
    assert not result.problems, result.problems[:3]
    print(
        f"read_adrs: {n_files} files ({size / 1e6:.1f} MB) from a directory median "
        f"{t_dir:.3f} s wall, {cpu_dir:.3f} s CPU; from a mapping median {t_map:.3f} s "
        f"(repeat={repeat})"
    )


def audit_org(n_areas: int, n_records: int, seed: int = 7) -> da.Org:
    rng = random.Random(seed)
    n_people = max(n_areas // 5, 20)
    items: list[Any] = [i for i in make_entities(n_areas, n_people) if not isinstance(i, da.DRI)]
    areas = [i for i in items if isinstance(i, da.Area)]
    handover: dict[str, tuple[str, str, dt.date]] = {}
    for k, area in enumerate(areas):
        before, after = f"p{k % n_people}", f"p{(k + 1) % n_people}"
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        handover[area.id] = (before, after, day)
        items.append(da.DRI(area.id, before, end=day))
        items.append(da.DRI(area.id, after, start=day))
    for r in range(n_records):
        area = areas[rng.randrange(len(areas))]
        before, after, handover_day = handover[area.id]
        day = START + dt.timedelta(days=rng.randrange(1800))
        dri = before if day < handover_day else after
        decider = dri if rng.random() < 0.9 else f"p{rng.randrange(n_people)}"
        consulted = area.advisors if rng.random() < 0.9 else ()
        items.append(
            da.DecisionRecord(
                f"d{r}",
                title=f"Decision {r}",
                date=day,
                area=area.id,
                decided_by=(decider,),
                consulted=consulted,
            )
        )
    org = da.Org(name="bench")
    org.add(*items)
    return org


def floor(org: da.Org) -> int:
    """One plain pass reading three fields of every decision record."""
    count = 0
    for record in org.decisions.values():
        if record.date and record.area is not None and record.decided_by:
            count += 1
    return count


def bench_audit(n_areas: int, n_records: int, repeat: int) -> None:
    org = audit_org(n_areas, n_records)
    t_floor, _ = timed(lambda: floor(org), repeat)
    t_audit, report = timed(lambda: da.validate(org, select=["DA6"]), repeat)
    cpu = cpu_timed(lambda: da.validate(org, select=["DA6"]), repeat)
    counts = {code: len(found) for code, found in report.by_code().items()}
    print(
        f"audit: {n_records} records, {n_areas} areas with dated DRIs: validate(select=DA6) "
        f"median {t_audit:.3f} s wall, {cpu:.3f} s CPU (repeat={repeat}); floor (one pass "
        f"over the records) {t_floor:.3f} s, audit / floor {t_audit / t_floor:.1f}x; "
        f"findings {counts}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adrs", type=int, default=1000)
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("read", "audit"))
    args = parser.parse_args(argv)
    if args.only != "audit":
        bench_read(args.adrs, args.repeat)
    if args.only != "read":
        bench_audit(args.areas, args.records, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
