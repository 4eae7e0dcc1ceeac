"""Benchmark: reviewing change: diff two big orgs, validate looking ahead, a departure's impact.

Usage::

    python benchmarks/bench_change.py                  # 100,000 areas, 5 repeats
    python benchmarks/bench_change.py --only diff --repeat 3

- ``diff``: two orgs of ``--areas`` areas built from separately constructed values (as two
  loaded files are), differing in 100 places (purposes edited, DRIs handed over, records
  ended, areas and people added); the median time of ``da.diff``, against one ``validate``.
- ``horizon``: an org with 10,000 dated DRI records; ``validate`` over a 90-day horizon against
  a one-day ``validate`` of the same org, in the same run.
- ``impact``: ``org.impact(person)`` for one person of a ``--areas``-area org.

Figures are medians of ``--repeat`` runs (bench_core's timing helper).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import statistics
import sys
from typing import Any

from bench_core import make_entities, timed

import distauth as da

ON = dt.date(2026, 11, 27)


def edited(items: list[Any], n_people: int, edits: int = 100) -> list[Any]:
    """A copy of *items* (fresh values) with *edits* changes spread over the org."""
    out: list[Any] = []
    areas_seen = 0
    step = max(1, (len(items) // 2) // edits)
    made = {"purpose": 0, "handover": 0, "ended": 0}
    quota = {"purpose": edits * 4 // 10, "handover": edits * 2 // 10, "ended": edits // 10}
    for item in items:
        if isinstance(item, da.Area):
            areas_seen += 1
            if areas_seen % step == 0 and made["purpose"] < quota["purpose"]:
                made["purpose"] += 1
                out.append(
                    da.Area(
                        item.id,
                        name=item.name,
                        parent=item.parent,
                        purpose="Own a part of the work, and say so",
                        advisors=item.advisors,
                    )
                )
                continue
            out.append(
                da.Area(
                    item.id,
                    name=item.name,
                    parent=item.parent,
                    purpose=item.purpose,
                    advisors=item.advisors,
                )
            )
        elif isinstance(item, da.DRI):
            index = int(item.area[1:])
            if index % (step * 3) == 1 and made["handover"] < quota["handover"]:
                made["handover"] += 1
                out.append(da.DRI(item.area, f"p{(index + 7) % n_people}"))
                continue
            if index % (step * 3) == 2 and made["ended"] < quota["ended"]:
                made["ended"] += 1
                out.append(da.DRI(item.area, item.holder, end=ON + dt.timedelta(days=400)))
                continue
            out.append(da.DRI(item.area, item.holder))
        else:
            out.append(da.Person(item.id, name=item.name))
    rest = edits - sum(made.values())
    out += [da.Person(f"new-person-{i}", name="Newcomer") for i in range(rest // 2)]
    for i in range(rest - rest // 2):
        out += [
            da.Area(f"new-area-{i}", parent="a0", purpose="New", advisors=("p1",)),
            da.DRI(f"new-area-{i}", f"p{i + 3}"),
        ]
    return out


def bench_diff(n_areas: int, n_people: int, repeat: int) -> None:
    items = make_entities(n_areas, n_people)
    old = da.Org(name="bench")
    old.add(*items)
    new = da.Org(name="bench")
    new.add(*edited(items, n_people))
    t_diff, change = timed(lambda: da.diff(old, new, on=ON), repeat)
    counts = {s: len(getattr(change, s)) for s in ("added", "removed", "changed")}
    print(
        f"diff: areas={n_areas} items={len(change.items)} {counts} dris={len(change.dris)} "
        f"introduced={len(change.introduced)} resolved={len(change.resolved)}"
    )
    print(f"diff median: {t_diff:.3f} s")
    t_validate, _ = timed(lambda: da.validate(new, on=ON), repeat)
    print(f"one validate of the same org, median: {t_validate:.3f} s")


def dated_entities(n_areas: int, n_people: int, n_dated: int) -> list[Any]:
    """bench_core's org, with *n_dated* dated records: handovers spread over a year from ON."""
    items = make_entities(n_areas, n_people)
    out: list[Any] = []
    handovers = n_dated // 2
    every = max(1, n_areas // handovers)
    made = 0
    for item in items:
        if isinstance(item, da.DRI) and made < handovers and int(item.area[1:]) % every == 0:
            day = ON + dt.timedelta(days=1 + made % 365)
            out += [
                da.DRI(item.area, item.holder, end=day),
                da.DRI(item.area, f"p{(int(item.area[1:]) + 1) % n_people}", start=day),
            ]
            made += 1
        else:
            out.append(item)
    return out


def bench_horizon(n_areas: int, n_people: int, n_dated: int, repeat: int) -> None:
    org = da.Org(name="bench")
    org.add(*dated_entities(n_areas, n_people, n_dated))
    dated = sum(1 for d in org.all_dris() if d.start or d.end)
    until = ON + dt.timedelta(days=90)
    t_one, one = timed(lambda: da.validate(org, on=ON), repeat)
    t_window, window = timed(lambda: da.validate(org, on=ON, until=until), repeat)
    print(
        f"horizon: areas={n_areas} dated records={dated} findings one day={len(one)}, "
        f"90 days={len(window)}"
    )
    print(f"validate one day median: {t_one:.3f} s")
    print(f"validate 90-day horizon median: {t_window:.3f} s ({t_window / t_one:.1f}x one day)")


def bench_impact(n_areas: int, n_people: int, repeat: int) -> None:
    org = da.Org(name="bench")
    org.add(*make_entities(n_areas, n_people))
    rng = random.Random(7)
    sample = [f"p{rng.randrange(n_people)}" for _ in range(20)]
    times = []
    for person in sample:
        t_one, _ = timed(functools.partial(org.impact, person, on=ON), repeat)
        times.append(t_one)
    print(
        f"impact: areas={n_areas}, 20 random people: median {statistics.median(times) * 1000:.1f}"
        f" ms, slowest {max(times) * 1000:.1f} ms"
    )
    top = "p0"  # DRI of the top area: every other area escalates through it
    t_top, found = timed(lambda: org.impact(top, on=ON), repeat)
    print(
        f"impact of {top} (the top area's DRI; {len(found.escalations)} escalation paths "
        f"change) median: {t_top * 1000:.1f} ms"
    )
    t_findings, introduced = timed(found.findings, max(1, repeat // 2))
    print(f"impact.findings() (copy and two validations) median: {t_findings:.3f} s "
          f"({len(introduced)} findings)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dated", type=int, default=10_000, help="dated records (horizon)")
    parser.add_argument("--only", choices=("diff", "horizon", "impact"))
    args = parser.parse_args(argv)
    if args.only in (None, "diff"):
        bench_diff(args.areas, args.people, args.repeat)
    if args.only in (None, "horizon"):
        bench_horizon(args.areas, args.people, args.dated, args.repeat)
    if args.only in (None, "impact"):
        bench_impact(args.areas, args.people, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
