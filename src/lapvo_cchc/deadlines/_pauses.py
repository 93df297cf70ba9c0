"""Pause policies: how a supplement request stops and restarts the clock (private module).

A request to supplement the dossier (*yêu cầu bổ sung, hoàn thiện hồ sơ*)
stops the clock. The law and the systems that measure it differ on what
happens when the applicant supplies; each reading is a named policy here, with
its source, and a regime picks one.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.deadlines._limits import TimeUnit
from lapvo_cchc.errors import OutOfRangeError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lapvo_cchc.deadlines._protocol import DeadlineCalendar, Pause

__all__ = ["PausePolicy"]

_ZERO = dt.timedelta(0)
_WD = TimeUnit.WORKING_DAYS


class PausePolicy(enum.Enum):
    """What a closed pause (request → supply) does to a dossier's deadline.

    Example:
        >>> PausePolicy.RESUME_REMAINING.value
        'tiếp tục thời gian còn lại'
        >>> print(PausePolicy.WALL_CLOCK.source)
        QĐ 766/QĐ-TTg (2022) indicator 2.1 as the national portal computes it: ...
    """

    RESUME_REMAINING = "tiếp tục thời gian còn lại"
    """The time used before the request counts; the rest of the limit runs from the supply."""
    RESTART_FULL = "tính lại từ đầu"
    """The whole limit runs again from the supply (a fresh receipt)."""
    WALL_CLOCK = "trừ thời gian chờ bổ sung"
    """The due instant moves later by the wall-clock length of the pause (766 index)."""

    @property
    def source(self) -> str:
        """Where this reading of the pause comes from.

        Example:
            >>> PausePolicy.RESTART_FULL.source.startswith("Decree 61/2018")
            True
        """
        return _SOURCES[self]


_SOURCES = {
    PausePolicy.RESUME_REMAINING: (
        "Decree 61/2018/NĐ-CP Art. 17 (processing): a dossier found incomplete after "
        "receipt is returned with form 02 of Circular 01/2018/TT-VPCP (request to supplement) "
        "and the time already spent on it is counted in the processing time; the same rule "
        "is carried into Decree 118/2025/NĐ-CP (form 02 of Circular 03/2025/TT-VPCP). The "
        "article's wording was not retrieved from an official copy in the project's sources."
    ),
    PausePolicy.RESTART_FULL: (
        "Decree 61/2018/NĐ-CP Art. 15 (receipt): an incomplete dossier is not received; the "
        "applicant is guided once in writing and the clock starts from the complete dossier, "
        "so the whole limit runs from the supply. Right for a request made at intake, and "
        "for procedures whose record says the time counts from the complete dossier."
    ),
    PausePolicy.WALL_CLOCK: (
        "QĐ 766/QĐ-TTg (2022) indicator 2.1 as the national portal computes it: the end of "
        "processing minus the wall-clock time between the request and the supply is "
        "compared with the appointment (implementers' formula document, not the decision's "
        "text). Calendar time, not working time, is subtracted."
    ),
}


def plus_days(day: dt.date, n: int) -> dt.date:
    """*day* + *n* calendar days; beyond datetime's range is an :class:`OutOfRangeError`."""
    try:
        return day + dt.timedelta(days=n)
    except OverflowError:
        raise OutOfRangeError(
            f"calendar days: {day.isoformat()} + {n} days is beyond the year 9999"
        ) from None


def run_days(
    calendar: DeadlineCalendar,
    unit: TimeUnit,
    n: int,
    start: dt.date,
    pauses: Sequence[Pause],
    *,
    policy: PausePolicy = PausePolicy.RESUME_REMAINING,
) -> tuple[dt.date, int, dt.date, int]:
    """Count a day limit through its pauses under *policy* (RESUME or RESTART).

    Returns the due date, the budget left at the last applied pause's supply
    date, the date counting restarts after, and the number of pauses applied.
    """
    add = calendar.add_working_days
    due = add(start, n) if unit is _WD else add(plus_days(start, n), 0)
    remaining = n
    segment = start
    applied = 0
    for requested, supplied in pauses:
        requested_day = requested.date()
        if requested_day > due:
            break  # begins after the current due date: already late, nothing changes
        if policy is PausePolicy.RESTART_FULL:
            remaining = n
        elif requested_day > segment:
            if unit is _WD:
                remaining -= calendar.count_working_days(segment, requested_day)
            else:
                remaining -= (requested_day - segment).days
            remaining = max(remaining, 0)
        segment = supplied.date()
        due = add(segment, remaining) if unit is _WD else add(plus_days(segment, remaining), 0)
        applied += 1
    return due, remaining, segment, applied


def same_day_due(
    instant: dt.datetime, cutoff: dt.time | None, calendar: DeadlineCalendar
) -> dt.date:
    """That day if a working day and not after *cutoff* (``None``: no cut-off), else the next."""
    day = instant.date()
    if (cutoff is None or instant.time() <= cutoff) and calendar.is_working_day(day):
        return day
    return calendar.add_working_days(day, 1)


def run_same_day(
    calendar: DeadlineCalendar,
    cutoff: dt.time | None,
    start: dt.datetime,
    pauses: Sequence[Pause],
) -> tuple[dt.date, int]:
    """A same-day limit through its pauses: it runs again from each supply (no budget to keep)."""
    due = same_day_due(start, cutoff, calendar)
    applied = 0
    for requested, supplied in pauses:
        if requested.date() > due:
            break
        due = same_day_due(supplied, cutoff, calendar)
        applied += 1
    return due, applied


def run_hours(
    calendar: DeadlineCalendar,
    budget: dt.timedelta,
    start: dt.datetime,
    pauses: Sequence[Pause],
    *,
    policy: PausePolicy = PausePolicy.RESUME_REMAINING,
) -> tuple[dt.datetime, dt.timedelta, dt.datetime, int]:
    """Count a working-hour limit through its pauses under *policy* (RESUME or RESTART)."""
    at = calendar.add_working_time(start, budget)
    remaining = budget
    segment = start
    applied = 0
    for requested, supplied in pauses:
        if requested > at:
            break
        if policy is PausePolicy.RESTART_FULL:
            remaining = budget
        elif requested > segment:
            used = calendar.working_time_between(segment, requested)
            remaining = max(remaining - used, _ZERO)
        segment = supplied
        at = calendar.add_working_time(supplied, remaining)
        applied += 1
    return at.astimezone(VIETNAM_TZ), remaining, segment, applied


def shift_wall_clock(at: dt.datetime, pauses: Sequence[Pause]) -> dt.datetime:
    """*at* moved later by each pause's wall-clock length (none for a pause begun after it)."""
    for requested, supplied in pauses:
        if requested > at:
            break
        at = at + (supplied - requested)
    return at.astimezone(VIETNAM_TZ)
