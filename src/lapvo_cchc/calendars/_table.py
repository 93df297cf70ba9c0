"""Precomputed working-day tables behind :class:`WorkCalendar` (private).

A :class:`Table` covers a contiguous window of calendar years:

- ``flags[o - base]`` is 1 when the day with ordinal ``o`` is a working day;
- ``ords`` is the sorted list of working-day ordinals (``date.toordinal()``),
  so the n-th working day after ``d`` is ``ords[bisect_right(ords, d) + n - 1]``
  and a count is the difference of two bisections: O(log n), whatever the span;
- ``cum[i]`` (built on first use of working time) is the working time, in
  microseconds, of the working days before ``ords[i]``.

``ok_lo..ok_hi`` is the ordinal range whose years have been *settled* (their
provisional warning, if any, has been issued): queries inside it take the fast
path. A table is never changed after publication except for the idempotent,
lazily built ``cum``; the calendar swaps in a new table to grow the window.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lapvo_cchc.calendars._model import Session, WorkingHours

__all__ = ["Bounds", "HoursBounds", "Table", "YearData", "build_table", "day_bounds"]

_US = 1_000_000
Bounds = tuple[tuple[int, int], ...]
"""Sessions of a day as ``(start, end)`` microseconds after midnight."""
HoursBounds = tuple[tuple[Bounds, ...], Bounds]
"""Bounds per weekday (Monday first) and of a make-up day."""


class YearData:
    """One year's days off and make-up days as ordinal sets (from the provider)."""

    __slots__ = ("makeup", "off", "provisional")

    def __init__(self, off: frozenset[int], makeup: frozenset[int], provisional: bool) -> None:
        self.off = off
        self.makeup = makeup
        self.provisional = provisional


class Table:
    """An immutable snapshot of the working-day table for a window of years."""

    __slots__ = ("base", "cum", "flags", "hi_year", "lo_year", "ok_hi", "ok_lo", "ords")

    def __init__(
        self,
        lo_year: int,
        hi_year: int,
        flags: bytes,
        ords: list[int],
        *,
        ok_lo: int,
        ok_hi: int,
    ) -> None:
        self.lo_year = lo_year
        self.hi_year = hi_year
        self.base = dt.date(lo_year, 1, 1).toordinal() if lo_year else 0
        self.flags = flags
        self.ords = ords
        self.ok_lo = ok_lo
        self.ok_hi = ok_hi
        self.cum: list[int] | None = None

    def settled(self, ok_lo: int, ok_hi: int) -> Table:
        """The same table with another settled range (shares the arrays)."""
        table = Table(self.lo_year, self.hi_year, self.flags, self.ords, ok_lo=ok_lo, ok_hi=ok_hi)
        table.cum = self.cum
        return table


EMPTY = Table(0, -1, b"", [], ok_lo=1, ok_hi=0)


def day_bounds(hours: WorkingHours) -> HoursBounds:
    """Session bounds per weekday and for a make-up day, in microseconds."""

    def convert(sessions: tuple[Session, ...]) -> Bounds:
        return tuple((start * _US, end * _US) for start, end in (s.bounds for s in sessions))

    return tuple(convert(day) for day in hours.weekdays), convert(hours.makeup)


def build_table(
    lo_year: int,
    hi_year: int,
    *,
    years: Mapping[int, YearData],
    hours: WorkingHours,
    ok_lo: int,
    ok_hi: int,
) -> Table:
    """Build the table of years ``lo_year..hi_year`` (each must be in *years*).

    This is the only place that walks day by day, once per year and calendar.
    """
    has_sessions = [bool(day) for day in hours.weekdays]
    start = dt.date(lo_year, 1, 1).toordinal()
    stop = dt.date(hi_year, 12, 31).toordinal() + 1
    flags = bytearray(stop - start)
    ords: list[int] = []
    for year in range(lo_year, hi_year + 1):
        data = years[year]
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        for o in range(first, last + 1):
            if o in data.off:
                continue
            if has_sessions[(o - 1) % 7] or o in data.makeup:
                flags[o - start] = 1
                ords.append(o)
    return Table(lo_year, hi_year, bytes(flags), ords, ok_lo=ok_lo, ok_hi=ok_hi)


def cumulative(table: Table, bounds: HoursBounds) -> list[int]:
    """``cum[i]``: working microseconds before ``ords[i]``; ``cum[-1]`` is the window total."""
    cum = table.cum
    if cum is not None:
        return cum
    weekly, makeup = bounds
    lengths = [sum(e - s for s, e in day) for day in weekly]
    makeup_length = sum(e - s for s, e in makeup)
    total = 0
    cum = [0]
    append = cum.append
    for o in table.ords:
        length = lengths[(o - 1) % 7]
        total += length or makeup_length
        append(total)
    table.cum = cum
    return cum


def position(
    table: Table,
    cum: list[int],
    ordinal: int,
    tod: int,
    bounds: HoursBounds,
) -> int:
    """Working microseconds from the window start to the instant (*ordinal*, *tod* µs)."""
    ords = table.ords
    i = bisect_left(ords, ordinal)
    pos = cum[i]
    if i < len(ords) and ords[i] == ordinal:
        for start, end in bounds[0][(ordinal - 1) % 7] or bounds[1]:
            if tod >= end:
                pos += end - start
            else:
                if tod > start:
                    pos += tod - start
                break
    return pos


def locate(
    table: Table,
    cum: list[int],
    pos: int,
    bounds: HoursBounds,
    *,
    earliest_end: bool,
) -> tuple[int, int] | None:
    """The instant at working position *pos*, as (ordinal, µs of day); None outside the window.

    With ``earliest_end`` the first instant reaching *pos* (a session end when
    *pos* falls on a boundary); otherwise the instant from which work at *pos*
    goes on (the next session start on a boundary).
    """
    if earliest_end:
        k = bisect_left(cum, pos)
        if k == 0 or k >= len(cum):
            return None
    else:
        k = bisect_right(cum, pos)
        if k == 0 or k >= len(cum):
            return None
    ordinal = table.ords[k - 1]
    rest = pos - cum[k - 1]
    for start, end in bounds[0][(ordinal - 1) % 7] or bounds[1]:
        length = end - start
        if rest < length or (earliest_end and rest == length):
            return ordinal, start + rest
        rest -= length
    return None  # pragma: no cover - cum and bounds agree by construction
