"""Benchmark lapvo_cchc.calendars against workalendar, python-holidays and businesstimedelta.

Run: ``python benchmarks/bench_calendar.py`` (needs the ``bench`` dependency group:
holidays, workalendar, businesstimedelta). Prints one markdown table of
nanoseconds per call (best of several repeats) and the ratios.

All competitors are given the same days off (the lapvo calendar's, 2015-2035)
so they do the same work:

- workalendar has no Vietnamese calendar: a ``workalendar.core.Calendar``
  subclass with Saturday/Sunday weekends returns these days off.
- python-holidays: ``holidays.VN`` (its own data, pre-populated for the years)
  with the while loop a user would write (skip weekends and ``d in hols``).
- a bare precomputed list of working-day ordinals + ``bisect``: the floor.
- businesstimedelta: 07:00-17:00 with a 11:30-13:30 lunch rule and the same
  holidays (naive datetimes, its convention).
"""

from __future__ import annotations

import bisect
import datetime as dt
import timeit
import warnings

import businesstimedelta
import holidays
from workalendar.core import Calendar

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.errors import ProvisionalCalendarWarning

YEARS = range(2015, 2036)
START = dt.date(2024, 3, 5)
STEPS = (1, 10, 100, 1000)


def best_ns(func: object, number: int) -> float:
    """Best-of-5 time per call in nanoseconds."""
    timer = timeit.Timer(func)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=5, number=number)) / number * 1e9


def main() -> None:
    warnings.simplefilter("ignore", ProvisionalCalendarWarning)
    cal = vietnam()
    first, last = dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31)
    cal.count_working_days(first, last)  # warm the table for the whole span
    off = sorted(d.date for y in YEARS for d in cal.days_off(y))
    off_set = set(off)

    class VietnamWorkalendar(Calendar):  # type: ignore[misc]
        """workalendar with the same days off (no Vietnam calendar ships with it)."""

        WEEKEND_DAYS = (5, 6)

        def holidays(self, year: int | None = None) -> list[tuple[dt.date, str]]:
            return [(d, "off") for d in off if d.year == year]

    wcal = VietnamWorkalendar()
    vn = holidays.VN(years=YEARS)
    one = dt.timedelta(days=1)

    def holidays_add(day: dt.date, n: int) -> dt.date:
        while n:
            day += one
            if day.weekday() < 5 and day not in vn:
                n -= 1
        return day

    ords = [
        o
        for o in range(first.toordinal(), last.toordinal() + 1)
        if cal.is_working_day(dt.date.fromordinal(o))
    ]
    fromordinal = dt.date.fromordinal
    bisect_right = bisect.bisect_right

    def bare_add(day: dt.date, n: int) -> dt.date:
        return fromordinal(ords[bisect_right(ords, day.toordinal()) + n - 1])

    rows: list[tuple[str, float, float, str]] = []
    for n in STEPS:
        ours = best_ns(lambda n=n: cal.add_working_days(START, n), 20000)
        bare = best_ns(lambda n=n: bare_add(START, n), 20000)
        work = best_ns(lambda n=n: wcal.add_working_days(START, n), max(20, 2000 // n))
        hols = best_ns(lambda n=n: holidays_add(START, n), max(50, 20000 // n))
        rows += [
            (f"add_working_days n={n}: lapvo", ours, 1.0, "—"),
            (f"add_working_days n={n}: bare table+bisect", bare, bare / ours, "bare/lapvo"),
            (f"add_working_days n={n}: workalendar", work, work / ours, "lapvo is x faster"),
            (f"add_working_days n={n}: holidays loop", hols, hols / ours, "lapvo is x faster"),
        ]
    # span independence: the same n far from the first query's years
    far = dt.date(2034, 6, 1)
    cal.add_working_days(far, 10)
    rows.append(
        (
            "add_working_days n=10, 2034",
            best_ns(lambda: cal.add_working_days(far, 10), 20000),
            0,
            "",
        )
    )
    ours = best_ns(lambda: cal.is_working_day(START), 200000)
    hols = best_ns(lambda: START in vn, 200000)
    sets = best_ns(lambda: START in off_set, 200000)
    rows += [
        ("is_working_day: lapvo", ours, 1.0, "—"),
        ("`d in holidays.VN()`", hols, hols / ours, "lapvo is x faster"),
        ("`d in set` (plain set, floor)", sets, sets / ours, "set/lapvo"),
    ]
    rules = businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(
                start_time=dt.time(7), end_time=dt.time(17), working_days=[0, 1, 2, 3, 4]
            ),
            businesstimedelta.LunchTimeRule(
                start_time=dt.time(11, 30), end_time=dt.time(13, 30), working_days=[0, 1, 2, 3, 4]
            ),
            businesstimedelta.HolidayRule(off),
        ]
    )
    instant = dt.datetime(2024, 3, 5, 9, 15, tzinfo=VIETNAM_TZ)
    naive = instant.replace(tzinfo=None)
    for hours in (4, 80):
        delta = dt.timedelta(hours=hours)
        btd = businesstimedelta.BusinessTimeDelta(rules, hours=hours)
        ours = best_ns(lambda d=delta: cal.add_working_time(instant, d), 20000)
        theirs = best_ns(lambda b=btd: naive + b, max(20, 400 // hours))
        rows += [
            (f"add_working_time {hours} h: lapvo", ours, 1.0, "—"),
            (f"add_working_time {hours} h: businesstimedelta", theirs, theirs / ours, "x faster"),
        ]
    print("| operation | ns/call | ratio | meaning |")
    print("|---|---:|---:|---|")
    for name, ns, ratio, meaning in rows:
        print(f"| {name} | {ns:,.0f} | {ratio:.2f} | {meaning} |")


if __name__ == "__main__":
    main()
