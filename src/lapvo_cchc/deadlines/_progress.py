"""Time used and left on a deadline, for dashboards (private module)."""

from __future__ import annotations

import datetime as dt
import enum
from fractions import Fraction

import attrs

from lapvo_cchc.deadlines._compute import (
    Deadline,
    DeadlineCalendar,
    Suspension,
    _start,
    _vn,
)
from lapvo_cchc.deadlines._limits import TimeUnit
from lapvo_cchc.errors import InvalidTypeError

__all__ = ["DEFAULT_THRESHOLDS", "Band", "Progress", "Thresholds", "progress"]

_HOUR_US = 3_600_000_000
_US = dt.timedelta(microseconds=1)


class Band(enum.Enum):
    """Dashboard band of a dossier's time use (as SLA engines warn at 50/75/100 %).

    Example:
        >>> Band.DUE_SOON.value
        'sắp đến hạn'
    """

    OK = "trong hạn"
    """Less than :attr:`Thresholds.warning` of the limit used."""
    WARNING = "cảnh báo"
    """At least :attr:`Thresholds.warning` (50 % by default) used."""
    ALERT = "báo động"
    """At least :attr:`Thresholds.alert` (75 % by default) used."""
    DUE_SOON = "sắp đến hạn"
    """At least :attr:`Thresholds.due_soon` (100 % by default) used, not yet late."""
    OVERDUE = "quá hạn"
    """Past :attr:`Deadline.at`."""


def _check_thresholds(instance: Thresholds, _attribute: object, _value: object) -> None:
    values = (instance.warning, instance.alert, instance.due_soon)
    if not all(isinstance(value, Fraction) for value in values):
        raise InvalidTypeError(f"Thresholds: expected Fractions, got {values!r}")
    if not (0 <= instance.warning <= instance.alert <= instance.due_soon):
        raise InvalidTypeError(
            f"Thresholds: expected 0 <= warning <= alert <= due_soon, got "
            f"{instance.warning}, {instance.alert}, {instance.due_soon}"
        )


@attrs.frozen(kw_only=True)
class Thresholds:
    """Shares of the limit at which the dashboard band changes.

    Attributes:
        warning: Share for :attr:`Band.WARNING` (default 1/2).
        alert: Share for :attr:`Band.ALERT` (default 3/4).
        due_soon: Share for :attr:`Band.DUE_SOON` (default 1: the last day of a
            day limit, or the budget used up, but not yet late).

    Raises:
        InvalidTypeError: Not Fractions, or not in increasing order.

    Example:
        >>> from fractions import Fraction
        >>> Thresholds(due_soon=Fraction(9, 10)).due_soon
        Fraction(9, 10)
    """

    warning: Fraction = attrs.field(default=Fraction(1, 2), validator=_check_thresholds)
    alert: Fraction = Fraction(3, 4)
    due_soon: Fraction = Fraction(1)


DEFAULT_THRESHOLDS = Thresholds()
"""50 % warning, 75 % alert, 100 % due soon."""


@attrs.frozen(kw_only=True)
class Progress:
    """How much of a deadline's budget is used at an instant.

    Amounts are exact fractions in the limit's own unit: working days, calendar
    days, working hours, or one "day" for a same-day limit (used on its due
    date). Day limits are counted in whole days, with the rules of
    :func:`~lapvo_cchc.deadlines.compute_deadline`: a day counts as used from its
    start; the request day of a pause counts, its supply day does not.

    Attributes:
        as_of: The instant (Vietnam time).
        unit: The limit's unit.
        total: The budget (the limit's amount; 1 for a same-day limit).
        used: Budget used so far (may exceed :attr:`total` when overdue).
        remaining: ``total - used`` (negative when overdue).
        share: ``used / total`` (1 when the budget is 0 and the day has come).
        band: The dashboard band.
        paused: Whether the clock is stopped at :attr:`as_of`.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit, compute_deadline
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> cal = vietnam()
        >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                       TimeLimit.working_days(4), calendar=cal)
        >>> p = progress(dl, dt.datetime(2026, 3, 5, 9, tzinfo=VIETNAM_TZ), calendar=cal)
        >>> p.used, p.remaining, p.share, p.band
        (Fraction(3, 1), Fraction(1, 1), Fraction(3, 4), <Band.ALERT: 'báo động'>)
    """

    as_of: dt.datetime
    unit: TimeUnit
    total: Fraction
    used: Fraction
    remaining: Fraction
    share: Fraction
    band: Band
    paused: bool = False


def _hours(value: dt.timedelta) -> Fraction:
    return Fraction(value // _US, _HOUR_US)


def _used_days(
    calendar: DeadlineCalendar, deadline: Deadline, as_of: dt.datetime
) -> tuple[Fraction, bool]:
    limit = deadline.limit
    working = limit.unit is TimeUnit.WORKING_DAYS
    n = limit.amount
    day = as_of.date()
    segment = _start(deadline.received_at, deadline.regime, calendar).date()

    def count(a: dt.date, b: dt.date) -> int:
        if b <= a:
            return 0
        return calendar.count_working_days(a, b) if working else (b - a).days

    def due_from(a: dt.date, left: int) -> dt.date:
        if working:
            return calendar.add_working_days(a, left)
        return calendar.add_working_days(a + dt.timedelta(days=left), 0)

    remaining = n
    due = due_from(segment, n)
    for requested, supplied in deadline.pauses:
        requested_day = requested.date()
        if requested_day > due or as_of < requested:
            break
        remaining = max(remaining - count(segment, requested_day), 0)
        segment = supplied.date()
        due = due_from(segment, remaining)
        if as_of < supplied:
            return Fraction(n - remaining), True
    return Fraction(n - remaining + count(segment, day)), False


def _used_hours(
    calendar: DeadlineCalendar, deadline: Deadline, as_of: dt.datetime
) -> tuple[Fraction, bool]:
    budget = dt.timedelta(hours=deadline.limit.amount)
    segment = _start(deadline.received_at, deadline.regime, calendar)
    remaining = budget
    at = calendar.add_working_time(segment, budget)
    zero = dt.timedelta(0)

    def between(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return calendar.working_time_between(a, b) if b > a else zero

    for requested, supplied in deadline.pauses:
        if requested > at or as_of < requested:
            break
        remaining = max(remaining - between(segment, requested), zero)
        segment = supplied
        at = calendar.add_working_time(supplied, remaining)
        if as_of < supplied:
            return _hours(budget - remaining), True
    return _hours(budget - remaining + between(segment, as_of)), False


def progress(
    deadline: Deadline | Suspension,
    as_of: dt.datetime,
    *,
    calendar: DeadlineCalendar,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Progress:
    """Budget used and left on *deadline* at *as_of*, with its dashboard band.

    Args:
        deadline: A deadline, or a suspension (clock stopped by an open pause).
        as_of: The instant to measure at.
        calendar: The calendar the deadline was computed with.
        thresholds: Where the bands change.

    Raises:
        NaiveDatetimeError: *as_of* is naive.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit, compute_deadline
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> cal = vietnam()
        >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                       TimeLimit.working_hours(8), calendar=cal)
        >>> p = progress(dl, dt.datetime(2026, 3, 2, 15, 30, tzinfo=VIETNAM_TZ), calendar=cal)
        >>> p.used, p.share, p.band
        (Fraction(9, 2), Fraction(9, 16), <Band.WARNING: 'cảnh báo'>)
    """
    instant = _vn(as_of, "as_of")
    suspended = isinstance(deadline, Suspension)
    if isinstance(deadline, Suspension):
        suspension = deadline
        deadline = suspension.deadline
        measured = instant
        if instant >= suspension.requested_at and not suspension.late:
            measured = suspension.requested_at
    else:
        suspension = None
        measured = instant
    limit = deadline.limit
    paused = False
    if limit.unit is TimeUnit.WORKING_HOURS:
        total = Fraction(limit.amount)
        used, paused = _used_hours(calendar, deadline, measured)
    elif limit.unit is TimeUnit.SAME_DAY:
        total = Fraction(1)
        used = Fraction(1) if measured.date() >= deadline.date else Fraction(0)
        if measured.date() > deadline.date:
            used += calendar.count_working_days(deadline.date, measured.date())
    else:
        total = Fraction(limit.amount)
        used, paused = _used_days(calendar, deadline, measured)
    if suspension is not None and measured is suspension.requested_at:
        paused = True
    share = (
        used / total if total else Fraction(1 if used or measured.date() >= deadline.date else 0)
    )
    overdue = instant > deadline.at and not (paused and suspended)
    if overdue:
        band = Band.OVERDUE
    elif share >= thresholds.due_soon:
        band = Band.DUE_SOON
    elif share >= thresholds.alert:
        band = Band.ALERT
    elif share >= thresholds.warning:
        band = Band.WARNING
    else:
        band = Band.OK
    return Progress(
        as_of=instant,
        unit=limit.unit,
        total=total,
        used=used,
        remaining=total - used,
        share=share,
        band=band,
        paused=paused,
    )
