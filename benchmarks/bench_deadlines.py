"""Benchmark: deadline and outcome of many dossiers with one pause each.

Run: ``python benchmarks/bench_deadlines.py [N]`` (default 1,000,000).

Reports the throughput of ``compute_deadline`` + ``classify`` on one core and
the memory held per dossier (the Deadline and its Outcome, measured with
tracemalloc), against the targets of issue 3: at least 200,000 dossiers per
second and under 1 KiB per dossier held.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
import tracemalloc

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import TimeLimit, classify, compute_deadline

TARGET_RATE = 200_000
TARGET_BYTES = 1024


Pause = tuple[dt.datetime, dt.datetime]
Row = tuple[dt.datetime, TimeLimit, tuple[Pause, ...], dt.datetime]


def make_inputs(n: int, seed: int = 2020) -> list[Row]:
    """Synthetic dossiers received 2020-2025, one pause each, finished some days later."""
    rng = random.Random(seed)
    limits = [TimeLimit.working_days(k) for k in (1, 3, 5, 10, 15, 20)] + [
        TimeLimit.calendar_days(15),
        TimeLimit.same_day(),
    ]
    base = dt.datetime(2020, 1, 2, 7, tzinfo=VIETNAM_TZ)
    hour = dt.timedelta(hours=1)
    day = dt.timedelta(days=1)
    out: list[Row] = []
    for _ in range(n):
        received = base + day * rng.randrange(0, 6 * 365 - 90) + hour * rng.randrange(0, 10)
        requested = received + day * rng.randrange(0, 5) + hour * rng.randrange(0, 8)
        supplied = requested + day * rng.randrange(0, 10) + hour * rng.randrange(0, 8)
        finished = supplied + day * rng.randrange(0, 25)
        out.append((received, rng.choice(limits), ((requested, supplied),), finished))
    return out


def main(n: int) -> None:
    cal = vietnam()
    inputs = make_inputs(n)
    # Warm the calendar's tables for every year used.
    for received, limit, pauses, _ in inputs[:1000]:
        compute_deadline(received, limit, calendar=cal, pauses=pauses)

    gc.collect()
    gc.disable()
    start = time.perf_counter()
    for received, limit, pauses, finished in inputs:
        classify(
            compute_deadline(received, limit, calendar=cal, pauses=pauses), finished_at=finished
        )
    elapsed = time.perf_counter() - start
    gc.enable()
    rate = n / elapsed

    size = min(n, 100_000)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    sample = make_inputs(size, seed=7)
    with_inputs = tracemalloc.get_traced_memory()[0]
    held = []
    for received, limit, pauses, finished in sample:
        deadline = compute_deadline(received, limit, calendar=cal, pauses=pauses)
        held.append((deadline, classify(deadline, finished_at=finished)))
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    per_dossier = (after - with_inputs) / size
    per_dossier_all = (after - before) / size

    print(f"dossiers:            {n:,}")
    print(f"elapsed:             {elapsed:.2f} s")
    print(f"throughput:          {rate:,.0f} dossiers/s (target >= {TARGET_RATE:,})")
    print(f"memory held/dossier: {per_dossier:,.0f} B for the Deadline + Outcome pair;")
    print(f"                     {per_dossier_all:,.0f} B with its inputs (receipt, pause, finish)")
    print(f"                     (target < {TARGET_BYTES:,} B)")
    print(f"python:              {sys.version.split()[0]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
