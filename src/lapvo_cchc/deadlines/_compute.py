"""Due dates from a receipt instant, a time limit, a calendar and pauses (private module)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from lapvo_cchc._time import VIETNAM_TZ, to_vietnam
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines._limits import TimeLimit, TimeUnit
from lapvo_cchc.deadlines._pauses import (
    PausePolicy,
    run_days,
    run_hours,
    run_same_day,
    shift_wall_clock,
)
from lapvo_cchc.deadlines._protocol import DeadlineCalendar, Pause
from lapvo_cchc.deadlines._regimes import DECREE_61_2018, DECREE_118_2025, TWO_TIER_DATE, Regime
from lapvo_cchc.errors import InvalidTimeLimitError, InvalidTypeError, PauseError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "Deadline",
    "DeadlineCalendar",
    "LimitSource",
    "Pause",
    "Suspension",
    "compute_deadline",
    "suspend",
    "working_time_budget",
]

_ZERO = dt.timedelta(0)
_ONE_DAY = dt.timedelta(days=1)
_TICK = dt.timedelta(microseconds=1)
_MIDNIGHT = dt.time(0)
_WD = TimeUnit.WORKING_DAYS
_CD = TimeUnit.CALENDAR_DAYS
_WH = TimeUnit.WORKING_HOURS
_SD = TimeUnit.SAME_DAY


class LimitSource(Protocol):
    """What :func:`compute_deadline` reads from a procedure given in place of a limit.

    :class:`lapvo_cchc.procedures.Procedure` provides it: its legal time limit
    and, for a same-day limit, its own cut-off (``None``: no cut-off).

    Example:
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> source: LimitSource = sample_catalog().get("2.000908")
        >>> source.same_day_cutoff
        datetime.time(15, 0)
    """

    @property
    def time_limit(self) -> TimeLimit:
        """The legal time limit."""
        # pragma: no cover

    @property
    def same_day_cutoff(self) -> dt.time | None:
        """The receipt time after which a same-day result is due the next working day."""
        # pragma: no cover


def _vn(value: dt.datetime, what: str) -> dt.datetime:
    # Hot path: an instant already in Vietnam time needs no conversion.
    if value.__class__ is dt.datetime and value.tzinfo is VIETNAM_TZ:
        return value
    return to_vietnam(value, what)


def _end_of(day: dt.date) -> dt.datetime:
    """24:00 of *day* in Vietnam time (Civil Code 2015 Art. 148)."""
    return dt.datetime.combine(day + _ONE_DAY, _MIDNIGHT, VIETNAM_TZ)


@attrs.frozen(kw_only=True)
class Deadline:
    """*Ngày hẹn trả kết quả*: a dossier's legal deadline.

    Built by :func:`compute_deadline`; never construct one by hand.

    Attributes:
        received_at: The receipt instant, in Vietnam time.
        limit: The time limit counted.
        regime: The counting rules used.
        pauses: The closed pauses given, in Vietnam time (a pause that began
            after the due date then current is kept here but changed nothing).
        date: The due date (*ngày hẹn trả*).
        at: The aware instant after which the dossier is late: 24:00 of
            :attr:`date` for day limits, the exact instant for hour limits.
        appointment: The new appointment date set by an apology letter, if any
            (see :meth:`with_apology`); the outcome is still judged against
            :attr:`date` and :attr:`at`.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> dl = compute_deadline(dt.datetime(2026, 1, 8, 9, tzinfo=VIETNAM_TZ),
        ...                       TimeLimit.working_days(3), calendar=vietnam())  # Sat 10 worked
        >>> dl.date, dl.at.isoformat(), dl.regime_name
        (datetime.date(2026, 1, 12), '2026-01-13T00:00:00+07:00', 'ND118/2025')
    """

    received_at: dt.datetime
    limit: TimeLimit
    regime: Regime = attrs.field(repr=False)
    pauses: tuple[Pause, ...] = ()
    date: dt.date
    at: dt.datetime
    appointment: dt.date | None = None

    @property
    def regime_name(self) -> str:
        """The name of the regime used, e.g. ``"ND61/2018"``.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> from lapvo_cchc._time import VIETNAM_TZ
            >>> compute_deadline(dt.datetime(2020, 1, 6, 9, tzinfo=VIETNAM_TZ),
            ...                  TimeLimit.working_days(1), calendar=vietnam()).regime_name
            'ND61/2018'
        """
        return self.regime.name

    @property
    def appointment_date(self) -> dt.date:
        """The date the citizen is told: the apology's new date, else :attr:`date`.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> from lapvo_cchc._time import VIETNAM_TZ
            >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
            ...                       TimeLimit.working_days(2), calendar=vietnam())
            >>> dl.appointment_date == dl.date
            True
        """
        return self.date if self.appointment is None else self.appointment

    def with_apology(self, new_date: dt.date) -> Deadline:
        """Record an apology letter's new appointment date (*phiếu xin lỗi và hẹn lại*).

        The legal :attr:`date` and :attr:`at` are unchanged: a dossier finished
        after them is still late. A later apology replaces an earlier one (the
        "only one new appointment" rule is unconfirmed, docs/design/rules.md).

        Args:
            new_date: The new appointment date; not before the receipt date.

        Raises:
            InvalidTypeError: *new_date* is not a :class:`datetime.date`.
            PauseError: *new_date* is before the receipt date.

        Legal basis:
            Form 04 of Circular 01/2018/TT-VPCP; form 04 of Circular 03/2025/TT-VPCP.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> from lapvo_cchc._time import VIETNAM_TZ
            >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
            ...                       TimeLimit.working_days(2), calendar=vietnam())
            >>> later = dl.with_apology(dt.date(2026, 3, 9))
            >>> later.appointment_date, later.date
            (datetime.date(2026, 3, 9), datetime.date(2026, 3, 4))
        """
        value: object = new_date
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidTypeError(
                f"with_apology: expected a datetime.date, got {type(new_date).__name__} "
                f"{new_date!r}"
            )
        if new_date < self.received_at.date():
            raise PauseError(
                f"with_apology: the new appointment {new_date} is before the receipt date "
                f"{self.received_at.date()}"
            )
        return attrs.evolve(self, appointment=new_date)


def _check_pauses(pauses: Iterable[object], received: dt.datetime) -> tuple[Pause, ...]:
    out: list[Pause] = []
    previous_end = received
    for index, pause in enumerate(pauses):
        pair: Any = pause
        try:
            requested, supplied = pair
        except (TypeError, ValueError):
            raise PauseError(
                f"pauses[{index}]: expected a (requested_at, supplied_at) pair, got {pause!r}"
            ) from None
        if supplied is None:
            raise PauseError(
                f"pauses[{index}] is open (supplied_at is None): the clock is stopped, so there "
                "is no due date yet; compute the deadline with the closed pauses and call "
                "suspend(deadline, requested_at, calendar=...)"
            )
        rq = _vn(requested, f"pauses[{index}].requested_at")
        sp = _vn(supplied, f"pauses[{index}].supplied_at")
        if sp < rq:
            raise PauseError(
                f"pauses[{index}] ends before it begins: supplied {sp.isoformat()} < "
                f"requested {rq.isoformat()}"
            )
        if rq < received:
            raise PauseError(
                f"pauses[{index}] begins before receipt: requested {rq.isoformat()} < "
                f"received {received.isoformat()}"
            )
        if rq < previous_end:
            raise PauseError(
                f"pauses[{index}] overlaps the previous pause: requested {rq.isoformat()} < "
                f"previous supplied {previous_end.isoformat()}"
            )
        out.append((rq, sp))
        previous_end = sp
    return tuple(out)


def _start(received: dt.datetime, regime: Regime, calendar: DeadlineCalendar) -> dt.datetime:
    """The instant the clock starts under *regime*."""
    if regime.start_next_working_day_outside_hours:
        return calendar.add_working_time(received, _ZERO).astimezone(VIETNAM_TZ)
    return received


@functools.cache
def _default_calendar() -> DeadlineCalendar:
    # One shared instance: its working-day tables are built once, not on every call.
    return vietnam()


def compute_deadline(
    received_at: dt.datetime,
    limit: TimeLimit | LimitSource,
    *,
    calendar: DeadlineCalendar | None = None,
    regime: Regime | None = None,
    pauses: Iterable[Pause] = (),
) -> Deadline:
    """Compute the legal deadline of a dossier received at *received_at*.

    Counting (docs/design/architecture.md): working days from the day after the
    receipt date; calendar days likewise, the last day rolled to a working day;
    working hours from the receipt instant through the calendar's sessions;
    same-day limits due that day if received on a working day not after the
    cut-off (if any), else the next working day. Each pause stops the clock as
    the regime's :class:`PausePolicy` says (by default the budget used up to
    the request date is kept and the remainder restarts after the supply
    date); a pause that begins after the due date then current changes
    nothing.

    Args:
        received_at: Aware receipt instant (converted to Vietnam time).
        limit: The procedure's time limit, or the procedure itself (any
            :class:`LimitSource`): then its :attr:`same_day_cutoff` applies to a
            same-day limit that names no cut-off of its own.
        calendar: The working-day calendar; by default one shared
            :func:`lapvo_cchc.calendars.vietnam` (which warns once per
            provisional year it meets).
        regime: Counting rules; by default the one in force on the receipt date
            (:func:`regime_for`).
        pauses: Closed ``(requested_at, supplied_at)`` pairs, in order.

    Returns:
        The :class:`Deadline`.

    Raises:
        NaiveDatetimeError: A naive instant.
        InvalidTimeLimitError: *limit* is neither a :class:`TimeLimit` nor a
            procedure with one.
        PauseError: An open pause, a pause ending before it begins, overlapping
            the previous one or beginning before receipt.

    Legal basis:
        Civil Code 2015 Art. 147 (the first day is not counted) and Art. 148
        (a period ends at 24:00 of its last day; a last day off moves to the next
        working day); the regime's parameters for the points the law leaves open.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> cal = vietnam()
        >>> received = dt.datetime(2024, 4, 25, 10, tzinfo=VIETNAM_TZ)  # Thu
        >>> compute_deadline(received, TimeLimit.working_days(3), calendar=cal).date
        datetime.date(2024, 5, 3)
        >>> pause = (dt.datetime(2024, 4, 26, 9, tzinfo=VIETNAM_TZ),
        ...          dt.datetime(2024, 5, 6, 8, tzinfo=VIETNAM_TZ))
        >>> compute_deadline(received, TimeLimit.working_days(3), calendar=cal,
        ...                  pauses=[pause]).date
        datetime.date(2024, 5, 8)
        >>> compute_deadline(received, TimeLimit.working_days(3)).date  # vietnam() by default
        datetime.date(2024, 5, 3)
    """
    if calendar is None:
        calendar = _default_calendar()
    received = _vn(received_at, "received_at")
    if regime is None:
        regime = DECREE_118_2025 if received.date() >= TWO_TIER_DATE else DECREE_61_2018
    limit = _effective_limit(limit)
    checked = _check_pauses(pauses, received) if pauses else ()
    start = _start(received, regime, calendar)
    unit = limit.unit
    policy = regime.pause_policy
    wall = policy is PausePolicy.WALL_CLOCK
    counted = () if wall else checked
    if unit is _WD or unit is _CD:
        due, _, _, _ = run_days(calendar, unit, limit.amount, start.date(), counted, policy=policy)
        at = _end_of(due)
    elif unit is _WH:
        budget = dt.timedelta(hours=limit.amount)
        at, _, _, _ = run_hours(calendar, budget, start, counted, policy=policy)
        due = at.date()
    else:
        cutoff = regime.same_day_cutoff if limit.cutoff is None else limit.cutoff
        due, _ = run_same_day(calendar, cutoff, start, counted)
        at = _end_of(due)
    if wall and checked:
        at = shift_wall_clock(at, checked)
        due = (at - _TICK).date() if unit is not _WH else at.date()
    return Deadline(
        received_at=received, limit=limit, regime=regime, pauses=checked, date=due, at=at
    )


def _effective_limit(limit: TimeLimit | LimitSource) -> TimeLimit:
    """The limit itself, or a procedure's limit with its own same-day cut-off applied."""
    if limit.__class__ is TimeLimit:
        return limit
    source: object = limit
    got = getattr(source, "time_limit", None)
    if got.__class__ is not TimeLimit:
        raise InvalidTimeLimitError(
            f"limit: expected a TimeLimit or a procedure with one, got {type(limit).__name__} "
            f"{limit!r}"
        )
    assert isinstance(got, TimeLimit)  # noqa: S101 - narrowed above
    cutoff = getattr(source, "same_day_cutoff", None)
    if got.unit is _SD and got.cutoff is None and isinstance(cutoff, dt.time):
        return TimeLimit.same_day(cutoff=cutoff)
    return got


@attrs.frozen(kw_only=True)
class Suspension:
    """A dossier whose clock is stopped by an open pause (request not yet met).

    There is no due date while the clock is stopped: it depends on when the
    applicant supplies. A suspension keeps the deadline as it stood before the
    pause and the budget left, and gives the due date once the supply instant
    is known (:meth:`resume`). :func:`~lapvo_cchc.deadlines.classify` accepts it:
    a suspended dossier is in progress, unless the pause began after the due
    date (then it is overdue).

    Attributes:
        deadline: The deadline with the earlier, closed pauses.
        requested_at: When the open pause began (Vietnam time).
        late: Whether the pause began after :attr:`deadline`'s due date (it
            then stops nothing).
        remaining: Budget left when the clock stopped: working or calendar days
            (``int``) for day limits, working time (``timedelta``) for hour
            limits, ``0`` for same-day limits or when late.
        calendar: The calendar used (for :meth:`resume`).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> cal = vietnam()
        >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                       TimeLimit.working_days(10), calendar=cal)
        >>> s = suspend(dl, dt.datetime(2026, 3, 4, 10, tzinfo=VIETNAM_TZ), calendar=cal)
        >>> s.remaining, s.late
        (8, False)
        >>> s.resume(dt.datetime(2026, 3, 9, 8, tzinfo=VIETNAM_TZ)).date
        datetime.date(2026, 3, 19)
    """

    deadline: Deadline
    requested_at: dt.datetime
    late: bool
    remaining: int | dt.timedelta
    calendar: DeadlineCalendar = attrs.field(eq=False, repr=False)

    def resume(self, supplied_at: dt.datetime) -> Deadline:
        """The deadline once the applicant supplies at *supplied_at*.

        Raises:
            NaiveDatetimeError: *supplied_at* is naive.
            PauseError: *supplied_at* is before the request.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> from lapvo_cchc._time import VIETNAM_TZ
            >>> cal = vietnam()
            >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
            ...                       TimeLimit.calendar_days(5), calendar=cal)
            >>> s = suspend(dl, dt.datetime(2026, 3, 3, 9, tzinfo=VIETNAM_TZ), calendar=cal)
            >>> s.resume(dt.datetime(2026, 3, 10, 9, tzinfo=VIETNAM_TZ)).date
            datetime.date(2026, 3, 16)
        """
        base = self.deadline
        return compute_deadline(
            base.received_at,
            base.limit,
            calendar=self.calendar,
            regime=base.regime,
            pauses=(*base.pauses, (self.requested_at, supplied_at)),
        )


def suspend(
    deadline: Deadline, requested_at: dt.datetime, *, calendar: DeadlineCalendar
) -> Suspension:
    """Stop *deadline*'s clock at *requested_at* (a request not yet met).

    Args:
        deadline: The deadline computed with the earlier, closed pauses.
        requested_at: When the supplement (or financial obligation) was requested.
        calendar: The calendar *deadline* was computed with.

    Raises:
        NaiveDatetimeError: *requested_at* is naive.
        PauseError: *requested_at* is before receipt or before the last pause ended.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> cal = vietnam()
        >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                       TimeLimit.working_hours(8), calendar=cal)
        >>> suspend(dl, dt.datetime(2026, 3, 2, 13, 30, tzinfo=VIETNAM_TZ), calendar=cal).remaining
        datetime.timedelta(seconds=19800)
    """
    requested = _vn(requested_at, "requested_at")
    previous_end = deadline.pauses[-1][1] if deadline.pauses else deadline.received_at
    if requested < deadline.received_at:
        raise PauseError(
            f"the pause begins before receipt: requested {requested.isoformat()} < "
            f"received {deadline.received_at.isoformat()}"
        )
    if requested < previous_end:
        raise PauseError(
            f"the pause overlaps the previous pause: requested {requested.isoformat()} < "
            f"previous supplied {previous_end.isoformat()}"
        )
    limit = deadline.limit
    start = _start(deadline.received_at, deadline.regime, calendar)
    remaining: int | dt.timedelta
    if limit.unit is _WH:
        late = requested > deadline.at
        if late:
            remaining = _ZERO
        else:
            budget = dt.timedelta(hours=limit.amount)
            _, left, segment, _ = run_hours(
                calendar, budget, start, deadline.pauses, policy=_budget_policy(deadline)
            )
            used = (
                calendar.working_time_between(segment, requested) if requested > segment else _ZERO
            )
            remaining = max(left - used, _ZERO)
    else:
        day = requested.date()
        late = day > deadline.date
        if late or limit.unit is _SD:
            remaining = 0
        else:
            _, left_days, segment_day, _ = run_days(
                calendar,
                limit.unit,
                limit.amount,
                start.date(),
                deadline.pauses,
                policy=_budget_policy(deadline),
            )
            if day <= segment_day:
                used_days = 0
            elif limit.unit is _WD:
                used_days = calendar.count_working_days(segment_day, day)
            else:
                used_days = (day - segment_day).days
            remaining = max(left_days - used_days, 0)
    if not late and deadline.regime.pause_policy is PausePolicy.RESTART_FULL:
        # The whole limit runs again from the supply.
        if limit.unit is _WH:
            remaining = dt.timedelta(hours=limit.amount)
        elif limit.unit is not _SD:
            remaining = limit.amount
    return Suspension(
        deadline=deadline,
        requested_at=requested,
        late=late,
        remaining=remaining,
        calendar=calendar,
    )


def _budget_policy(deadline: Deadline) -> PausePolicy:
    """The policy for budget bookkeeping (wall-clock keeps no budget: count as resume)."""
    policy = deadline.regime.pause_policy
    return PausePolicy.RESUME_REMAINING if policy is PausePolicy.WALL_CLOCK else policy


def working_time_budget(
    limit: TimeLimit,
    *,
    calendar: DeadlineCalendar,
    on: dt.date,
    regime: Regime | None = None,
) -> dt.timedelta:
    """A working-day or working-hour limit as working time (for budgets kept in hours).

    Local systems keep step budgets in hours (a working day = 8 hours in one
    provincial system, docs/design/national-portal.md). A working day lasts
    :attr:`Regime.hours_per_working_day` hours, or, when that is ``None`` (the
    built-in default), the calendar's working time on the first working day
    from *on*.

    Args:
        limit: A working-day, same-day (one working day) or working-hour limit.
        calendar: The calendar whose sessions give the day length.
        on: The date whose working day length is used.
        regime: Counting rules; by default the one in force on *on*.

    Raises:
        InvalidTimeLimitError: A calendar-day limit (not working time).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> two_days = TimeLimit.working_days(2)
        >>> working_time_budget(two_days, calendar=vietnam(), on=dt.date(2026, 3, 2))
        datetime.timedelta(seconds=57600)
    """
    if limit.unit is _WH:
        return dt.timedelta(hours=limit.amount)
    if limit.unit is _CD:
        raise InvalidTimeLimitError(f"{limit} is counted in calendar days, not working time")
    if regime is None:
        regime = DECREE_118_2025 if on >= TWO_TIER_DATE else DECREE_61_2018
    days = 1 if limit.unit is _SD else limit.amount
    if regime.hours_per_working_day is not None:
        return dt.timedelta(hours=regime.hours_per_working_day * days)
    day = calendar.add_working_days(on, 0)
    start = dt.datetime.combine(day, _MIDNIGHT, VIETNAM_TZ)
    return calendar.working_time_between(start, _end_of(day)) * days
