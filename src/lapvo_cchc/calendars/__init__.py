"""Working-day calendars (*lịch ngày làm việc*) for Vietnamese administrative procedures.

:func:`vietnam` is the public-sector calendar: Monday to Friday, the official
yearly schedules of days off 2010-2026 (bundled data with their sources), and
the Labour Code's statutory rules for every other year of 1995-2199
(*provisional* years, with a :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning`).
Provinces and agencies derive their own calendars (extra days off, extra
working days, other hours, Saturday sessions); portals plug in their own
schedule source through :class:`CalendarProvider`.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.calendars import vietnam
    >>> cal = vietnam()
    >>> cal.is_working_day(dt.date(2026, 2, 16))     # Tết
    False
    >>> cal.is_working_day(dt.date(2026, 1, 10))     # Saturday worked in exchange for 2 January
    True
    >>> cal.add_working_days(dt.date(2026, 2, 12), 3)
    datetime.date(2026, 2, 24)
    >>> cal.count_working_days(dt.date(2026, 2, 12), dt.date(2026, 2, 24))
    3
"""

from __future__ import annotations

from lapvo_cchc.calendars._calendar import WorkCalendar, vietnam
from lapvo_cchc.calendars._days import WorkingDayTable, working_day_table
from lapvo_cchc.calendars._model import (
    STANDARD_SESSIONS,
    CalendarProvider,
    DayOff,
    DayOffKind,
    DayOffStatus,
    Session,
    WorkingHours,
)
from lapvo_cchc.calendars._providers import Overlay, VietnamProvider
from lapvo_cchc.calendars._statutory import LAWS, MAX_YEAR, MIN_YEAR, LabourCode

__all__ = [
    "LAWS",
    "MAX_YEAR",
    "MIN_YEAR",
    "STANDARD_SESSIONS",
    "CalendarProvider",
    "DayOff",
    "DayOffKind",
    "DayOffStatus",
    "LabourCode",
    "Overlay",
    "Session",
    "VietnamProvider",
    "WorkCalendar",
    "WorkingDayTable",
    "WorkingHours",
    "vietnam",
    "working_day_table",
]
