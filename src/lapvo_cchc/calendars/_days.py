"""A read-only view of a calendar's working-day table, for vectorised adapters (private module).

The public names are re-exported by :mod:`lapvo_cchc.calendars`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.calendars._statutory import MAX_YEAR, MIN_YEAR
from lapvo_cchc.errors import OutOfRangeError

if TYPE_CHECKING:
    from lapvo_cchc.calendars._calendar import WorkCalendar

__all__ = ["WorkingDayTable", "working_day_table"]


@attrs.frozen
class WorkingDayTable:
    """The working days of a calendar over whole years, as flat data.

    Attributes:
        first_year: The first year covered.
        last_year: The last year covered (inclusive).
        first: ``date.toordinal()`` of 1 January of ``first_year``.
        flags: One byte per day from ``first`` to 31 December of
            ``last_year``: 1 for a working day, 0 for a day off.
        ords: The ordinals of the working days, ascending.

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> t = working_day_table(vietnam(), 2026, 2026)
        >>> len(t.flags), sum(t.flags) == len(t.ords)
        (365, True)
    """

    first_year: int
    last_year: int
    first: int
    flags: bytes
    ords: tuple[int, ...]


def working_day_table(calendar: WorkCalendar, first_year: int, last_year: int) -> WorkingDayTable:
    """The working-day table of *calendar* for the years ``first_year..last_year``.

    The calendar's own precomputed table is read as it is: nothing is
    recomputed, and no :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning`
    is issued here (the years a later query touches warn then).

    Raises:
        OutOfRangeError: the years are not within ``MIN_YEAR..MAX_YEAR`` in order.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> t = working_day_table(vietnam(), 2026, 2026)
        >>> dt.date.fromordinal(t.ords[0])  # 1 January, then 2 January swapped (a Friday)
        datetime.date(2026, 1, 5)
    """
    if not MIN_YEAR <= first_year <= last_year <= MAX_YEAR:
        raise OutOfRangeError(
            f"working_day_table: expected years within {MIN_YEAR}..{MAX_YEAR}, "
            f"got {first_year}..{last_year}"
        )
    first = dt.date(first_year, 1, 1).toordinal()
    last = dt.date(last_year, 12, 31).toordinal()
    table = calendar._state.ensure(calendar.provider, first_year, last_year)
    lo, hi = bisect_left(table.ords, first), bisect_right(table.ords, last)
    return WorkingDayTable(
        first_year=first_year,
        last_year=last_year,
        first=first,
        flags=bytes(table.flags[first - table.base : last + 1 - table.base]),
        ords=tuple(table.ords[lo:hi]),
    )
