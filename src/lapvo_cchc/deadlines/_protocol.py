"""What deadline arithmetic needs from a calendar, and the shape of a pause (private module)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

__all__ = ["DeadlineCalendar", "Pause"]

Pause = tuple[dt.datetime, dt.datetime]
"""A closed pause of the clock: ``(requested_at, supplied_at)``, both aware instants."""


class DeadlineCalendar(Protocol):
    """What deadline arithmetic needs from a calendar.

    :class:`lapvo_cchc.calendars.WorkCalendar` provides it; any object with
    these methods (a test double, a province's own calendar) works too.

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> cal: DeadlineCalendar = vietnam()
        >>> import datetime as dt
        >>> cal.add_working_days(dt.date(2026, 1, 9), 1)
        datetime.date(2026, 1, 10)
    """

    def is_working_day(self, day: dt.date, /) -> bool:
        """Whether *day* is a working day."""
        ...  # pragma: no cover

    def add_working_days(self, day: dt.date, n: int, /) -> dt.date:
        """The *n*-th working day after *day* (*n* == 0: *day* or the next working day)."""
        ...  # pragma: no cover

    def count_working_days(self, start: dt.date, end: dt.date, /) -> int:
        """The number of working days in ``(start, end]``."""
        ...  # pragma: no cover

    def add_working_time(self, start: dt.datetime, duration: dt.timedelta, /) -> dt.datetime:
        """The instant *duration* of working time after *start*."""
        ...  # pragma: no cover

    def working_time_between(self, start: dt.datetime, end: dt.datetime, /) -> dt.timedelta:
        """The working time inside ``[start, end]``."""
        ...  # pragma: no cover
