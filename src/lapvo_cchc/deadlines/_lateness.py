"""How far an instant lies past (or before) a deadline (private module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from lapvo_cchc._time import to_vietnam
from lapvo_cchc.deadlines._compute import Deadline
from lapvo_cchc.errors import InvalidTypeError

if TYPE_CHECKING:
    import datetime as dt

    from lapvo_cchc.deadlines._compute import DeadlineCalendar

__all__ = ["Lateness", "lateness"]


@attrs.frozen
class Lateness:
    """How far an instant lies past a deadline; negative values: before it.

    Built by :func:`lateness`. Positive values mean late, negative early, in
    three measures that a desk, a report and a dashboard each use:

    Attributes:
        seconds: whole seconds from :attr:`Deadline.at` to the instant
            (truncated toward zero).
        calendar_days: calendar days from :attr:`Deadline.date` to the
            instant's Vietnam date.
        working_days: working days stepped on walking from the due date to the
            instant's Vietnam date (:meth:`DeadlineCalendar.count_working_days`:
            the due date excluded, the instant's date included; walking back,
            the instant's date included, the due date excluded).

    Example:
        >>> Lateness(seconds=-3600, calendar_days=0, working_days=0).late
        False
    """

    seconds: int
    calendar_days: int
    working_days: int

    @property
    def late(self) -> bool:
        """Whether the instant is after :attr:`Deadline.at` (``seconds > 0``).

        Example:
            >>> Lateness(seconds=1, calendar_days=1, working_days=0).late
            True
        """
        return self.seconds > 0


def lateness(deadline: Deadline, at: dt.datetime, *, calendar: DeadlineCalendar) -> Lateness:
    """How far *at* lies past *deadline* (negative: before it), in seconds and days.

    The one measure of "how late / how much before" of the library: the HTTP
    ``POST /deadline`` answer and the ``due`` command report it.

    Args:
        deadline: the legal deadline (:func:`compute_deadline`).
        at: an aware instant, e.g. when the dossier was finished, or now.
        calendar: the working-day calendar the deadline was computed with.

    Raises:
        InvalidTypeError: *deadline* is not a :class:`Deadline`.
        NaiveDatetimeError: *at* is naive.

    Example:
        Due Thursday 5 March 2026 (24:00); finished Monday 9 March at 10:00
        is 2 working days late (Friday 6, Monday 9), 4 calendar days:

        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit, compute_deadline
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> cal = vietnam()
        >>> due = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                        TimeLimit.working_days(3), calendar=cal)
        >>> due.date
        datetime.date(2026, 3, 5)
        >>> lateness(due, dt.datetime(2026, 3, 9, 10, tzinfo=VIETNAM_TZ), calendar=cal)
        Lateness(seconds=295200, calendar_days=4, working_days=2)
        >>> lateness(due, dt.datetime(2026, 3, 3, 16, tzinfo=VIETNAM_TZ), calendar=cal)
        Lateness(seconds=-201600, calendar_days=-2, working_days=-2)
    """
    if not isinstance(deadline, Deadline):
        raise InvalidTypeError(
            f"lateness: expected a Deadline, got {type(deadline).__name__} {deadline!r}"
        )
    checked = to_vietnam(at, "lateness: at")
    day = checked.date()
    return Lateness(
        seconds=int((checked - deadline.at).total_seconds()),
        calendar_days=(day - deadline.date).days,
        working_days=calendar.count_working_days(deadline.date, day),
    )
