"""Benchmark the vectorised working-day functions against numpy's busday functions.

Run: ``python benchmarks/bench_frames.py [ROWS]`` (needs numpy; pandas for the
Series row). Prints one markdown table of milliseconds per call over ROWS
random dates of 2019-2026 (default 1,000,000), best of 5 repeats, and the ratio
to numpy (issue 2's optional target: within 1.5x of ``numpy.busday_offset``).

numpy is given the same days off (a ``numpy.busdaycalendar`` with Monday-Friday
and every day off of 2015-2031), but a busdaycalendar cannot express make-up
working Saturdays, so numpy's answers are wrong on those; the script counts
the rows where they differ and shows the textbook case: Friday 9 January 2026
plus one working day is Saturday 10 January (worked in exchange for Friday
2 January), and numpy says Monday 12 January.

The two ``add`` semantics also differ on a start day that is not a working
day: numpy's ``roll="forward"`` moves to the next business day and then adds
n (so the result is the (n+1)-th working day after the start), whereas
``add_working_days`` counts the n-th working day after the start (Civil Code
Art. 147: the start day itself is not counted). The mismatch counts below
therefore use working start days only.
"""

from __future__ import annotations

import datetime as dt
import sys
import timeit
import warnings

import numpy as np
import pandas as pd

from lapvo_cchc.adapters.frames import (
    WorkingDayIndex,
    add_working_days,
    count_working_days,
    is_working_day,
)
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.errors import ProvisionalCalendarWarning

FIRST, LAST = dt.date(2019, 1, 1), dt.date(2026, 10, 31)


def best_ms(func: object, repeat: int = 5) -> float:
    """Best-of-*repeat* time of one call, in milliseconds."""
    return min(timeit.Timer(func).repeat(repeat=repeat, number=1)) * 1e3  # type: ignore[arg-type]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)  # padding years 2027+
    cal = vietnam()
    rng = np.random.default_rng(20260109)
    span = LAST.toordinal() - FIRST.toordinal()
    days = np.datetime64(FIRST, "D") + rng.integers(0, span, rows)
    ends = np.datetime64(FIRST, "D") + rng.integers(0, span, rows)
    steps = rng.integers(-30, 31, rows)
    series = pd.Series(days)

    off = [d.date for y in range(2015, 2032) for d in cal.days_off(y)]
    busdaycal = np.busdaycalendar(weekmask="1111100", holidays=off)
    index = WorkingDayIndex.build(cal, 2018, 2027)

    cases = [
        (
            "add, n = 10",
            lambda: add_working_days(days, 10, calendar=index),
            lambda: np.busday_offset(days, 10, roll="forward", busdaycal=busdaycal),
        ),
        (
            "add, n per row (-30..30)",
            lambda: add_working_days(days, steps, calendar=index),
            lambda: np.busday_offset(days, steps, roll="forward", busdaycal=busdaycal),
        ),
        (
            "add, n = 10, calendar (index built per call)",
            lambda: add_working_days(days, 10, calendar=cal),
            lambda: np.busday_offset(days, 10, roll="forward", busdaycal=busdaycal),
        ),
        (
            "add, n = 10, pandas Series in and out",
            lambda: add_working_days(series, 10, calendar=index),
            lambda: np.busday_offset(days, 10, roll="forward", busdaycal=busdaycal),
        ),
        (
            "count (a, b]",
            lambda: count_working_days(days, ends, calendar=index),
            lambda: np.busday_count(days, ends, busdaycal=busdaycal),
        ),
        (
            "is_working_day",
            lambda: is_working_day(days, calendar=index),
            lambda: np.is_busday(days, busdaycal=busdaycal),
        ),
    ]
    print(f"{rows:,} random dates in {FIRST}..{LAST}; best of 5; ms per call\n")
    print("| operation | lapvo_cchc | numpy busday | ratio |")
    print("|---|---:|---:|---:|")
    for label, ours, theirs in cases:
        a, b = best_ms(ours), best_ms(theirs)
        print(f"| {label} | {a:.1f} | {b:.1f} | {a / b:.2f}x |")

    # correctness: where numpy's Monday-Friday calendar disagrees
    working = is_working_day(days, calendar=index)
    start = days[working]
    ours = add_working_days(start, 1, calendar=index)
    numpy_says = np.busday_offset(start, 1, roll="forward", busdaycal=busdaycal)
    wrong = int((ours != numpy_says).sum())
    flags_wrong = int(
        (is_working_day(days, calendar=index) != np.is_busday(days, busdaycal=busdaycal)).sum()
    )
    print()
    print(f"add 1 from {len(start):,} working days: numpy differs on {wrong:,} rows")
    print(f"is_working_day on {rows:,} days: numpy differs on {flags_wrong:,} rows (make-up days)")
    friday = np.array(["2026-01-09"], dtype="datetime64[D]")
    print(
        "2026-01-09 + 1 working day: numpy.busday_offset says "
        f"{np.busday_offset(friday, 1, roll='forward', busdaycal=busdaycal)[0]}, "
        f"add_working_days says {add_working_days(friday, 1, calendar=cal)[0]} "
        "(make-up Saturday for 2 January)"
    )


if __name__ == "__main__":
    main()
