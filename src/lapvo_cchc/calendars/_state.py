"""The mutable, lazily grown day table behind one calendar (private module).

A :class:`~lapvo_cchc.calendars.WorkCalendar` is frozen; what it learns about
years as it is queried (each year's days off, the table of working-day
ordinals, which years were checked for provisional data) lives here, behind a
lock, so one calendar can be shared by threads.
"""

from __future__ import annotations

import datetime as dt
import threading

from lapvo_cchc.calendars import _table
from lapvo_cchc.calendars._model import CalendarProvider, DayOff, WorkingHours, check_date
from lapvo_cchc.calendars._statutory import MAX_YEAR, MIN_YEAR
from lapvo_cchc.errors import CalendarError

__all__ = ["PAD", "State"]

PAD = 2  # years loaded around a first query, so neighbouring queries stay on the fast path


class State:
    """The mutable cache of one calendar: year data, the current table, settled years."""

    __slots__ = ("bounds", "checked", "hours", "lock", "table", "years")

    def __init__(self, hours: WorkingHours) -> None:
        self.hours = hours
        self.table: _table.Table = _table.EMPTY
        self.years: dict[int, _table.YearData] = {}
        self.checked: set[int] = set()
        self.lock = threading.RLock()
        self.bounds = _table.day_bounds(hours)

    def year(self, provider: CalendarProvider, year: int) -> _table.YearData:
        data = self.years.get(year)
        if data is None:
            data = _load_year(provider, year)
            self.years[year] = data
        return data

    def ensure(self, provider: CalendarProvider, lo: int, hi: int) -> _table.Table:
        """Grow the table to cover lo..hi (never shrinks); return the current table."""
        with self.lock:
            t = self.table
            if t.lo_year <= lo and hi <= t.hi_year:
                return t
            if t is _table.EMPTY:
                new_lo, new_hi = max(MIN_YEAR, lo - PAD), min(MAX_YEAR, hi + PAD)
            else:
                new_lo, new_hi = min(lo, t.lo_year), max(hi, t.hi_year)
            for year in range(new_lo, new_hi + 1):
                self.year(provider, year)
            self.table = _table.build_table(
                new_lo, new_hi, years=self.years, hours=self.hours, ok_lo=t.ok_lo, ok_hi=t.ok_hi
            )
            return self.table

    def settle(self, provider: CalendarProvider, lo: int, hi: int) -> list[int]:
        """Mark years lo..hi settled; return the provisional ones not warned about before."""
        with self.lock:
            t = self.ensure(provider, lo, hi)
            fresh = [y for y in range(lo, hi + 1) if y not in self.checked]
            first_day, last_day = dt.date(lo, 1, 1).toordinal(), dt.date(hi, 12, 31).toordinal()
            if not fresh and t.ok_lo <= first_day and last_day <= t.ok_hi:
                return []  # nothing new: keep the published table
            self.checked.update(fresh)
            first, last = lo, hi
            while first - 1 in self.checked and first - 1 >= t.lo_year:
                first -= 1
            while last + 1 in self.checked and last + 1 <= t.hi_year:
                last += 1
            # the settled range is the run of checked years around lo..hi (checked years are
            # always loaded: the window only grows)
            self.table = t.settled(
                dt.date(first, 1, 1).toordinal(), dt.date(last, 12, 31).toordinal()
            )
            return [y for y in fresh if self.years[y].provisional]


def _load_year(provider: CalendarProvider, year: int) -> _table.YearData:
    """Read and check one year from the provider."""
    off: set[int] = set()
    for day in provider.days_off(year):
        if not isinstance(day, DayOff):
            raise CalendarError(f"{provider!r}.days_off({year}): expected DayOff, got {day!r}")
        if day.date.year != year:
            raise CalendarError(f"{provider!r}.days_off({year}): {day.date} is not in {year}")
        off.add(day.date.toordinal())
    makeup: set[int] = set()
    for value in provider.makeup_workdays(year):
        date = check_date(value, f"makeup_workdays({year})")
        if date.year != year:
            raise CalendarError(f"{provider!r}.makeup_workdays({year}): {date} is not in {year}")
        makeup.add(date.toordinal())
    if off & makeup:
        raise CalendarError(f"{provider!r}: {year} has dates both off and make-up working days")
    return _table.YearData(
        frozenset(off), frozenset(makeup), provisional=bool(provider.is_provisional(year))
    )
