"""Deadline-derived values of a dossier (private module).

Everything here is computed on demand from the header and the events: the
legal deadline with its pauses, the current appointment date, the outcome at
any instant, time used and remaining, and the inter-agency steps.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.deadlines import (
    DEFAULT_THRESHOLDS,
    Deadline,
    Outcome,
    Progress,
    Suspension,
    classify,
    compute_deadline,
    progress,
    suspend,
)
from lapvo_cchc.dossiers._events import (
    Apologized,
    Event,
    Transferred,
)
from lapvo_cchc.dossiers._history import DossierView, pauses
from lapvo_cchc.errors import InvalidTypeError

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar, Regime, Thresholds, TimeLimit

__all__ = [
    "StepProgress",
    "appointment_of",
    "clock_of",
    "deadline_of",
    "late_steps_of",
    "outcome_of",
    "progress_of",
    "steps_of",
]

_ZERO = dt.timedelta(0)


def clock(
    start: dt.datetime,
    limit: TimeLimit,
    events: tuple[Event, ...],
    calendar: DeadlineCalendar,
    regime: Regime | None,
    *,
    apology: bool = True,
) -> Deadline | Suspension:
    """The deadline of a span of history; a :class:`Suspension` while a pause is pending.

    With *apology*, the last :class:`Apologized` event sets the new appointment.
    """
    done, paused_since = pauses(events)
    deadline = compute_deadline(start, limit, calendar=calendar, regime=regime, pauses=done)
    if apology:
        for event in reversed(events):
            if type(event) is Apologized:
                deadline = deadline.with_apology(event.new_date)
                break
    if paused_since is None:
        return deadline
    return suspend(deadline, paused_since, calendar=calendar)


def judge(
    current: Deadline | Suspension, end: dt.datetime | None, as_of: dt.datetime | None
) -> Outcome:
    """Classify: at *end* if the span ended, else at *as_of*."""
    if end is not None:
        return classify(current, finished_at=end)
    return classify(current, as_of=as_of)


@attrs.frozen(kw_only=True, weakref_slot=False)
class StepProgress:
    """An inter-agency step (*bước liên thông*) of a dossier, judged against its own budget.

    A step starts at a :class:`Transferred` event and ends at the next
    transfer or when the dossier finishes; pauses inside it stop its clock.

    Attributes:
        index: 0 for the first transfer, 1 for the second, ...
        transfer: the event that started the step (agency, budget, name).
        deadline: the step's deadline from its budget and its pauses.
        ended_at: when the step ended, ``None`` if it is still running.
        outcome: EARLY / ON_TIME / LATE for an ended step, IN_PROGRESS /
            OVERDUE for a running one (as of the instant asked).
        late_by: how far past ``deadline.at`` the step ended (or is, as of
            the instant asked); zero if it is not late.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = (Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...          time_limit=TimeLimit.working_days(10), agency="000.00.06.H56",
        ...          channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        ...      .transfer(dt.datetime(2026, 3, 3, 9, 0, tzinfo=ict), to_agency="000.00.12.H56",
        ...                budget=TimeLimit.working_days(2), step="thẩm định")
        ...      .transfer(dt.datetime(2026, 3, 6, 10, 0, tzinfo=ict), to_agency="000.00.06.H56",
        ...                budget=TimeLimit.working_days(2)))
        >>> noon = dt.datetime(2026, 3, 6, 12, tzinfo=ict)
        >>> first, second = d.steps(calendar=vietnam(), as_of=noon)
        >>> first.transfer.step, first.deadline.date, first.outcome.name, first.late_by
        ('thẩm định', datetime.date(2026, 3, 5), 'LATE', datetime.timedelta(seconds=36000))
        >>> second.outcome.name, second.late_by
        ('IN_PROGRESS', datetime.timedelta(0))
    """

    index: int
    transfer: Transferred
    deadline: Deadline
    ended_at: dt.datetime | None
    outcome: Outcome
    late_by: dt.timedelta

    @property
    def late(self) -> bool:
        """Whether the step is late (ended late, or still running past its deadline).

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> from lapvo_cchc.deadlines import TimeLimit
            >>> from lapvo_cchc.dossiers import Channel, Dossier
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t).transfer(
            ...     t, to_agency="X", budget=TimeLimit.working_days(1))
            >>> [s.late for s in d.steps(calendar=vietnam(), as_of=t + dt.timedelta(days=7))]
            [True]
        """
        return self.late_by > _ZERO


def steps(
    dossier: DossierView,
    *,
    calendar: DeadlineCalendar,
    as_of: dt.datetime | None,
    regime: Regime | None,
) -> tuple[StepProgress, ...]:
    """See :meth:`Dossier.steps`."""
    view = dossier if as_of is None else dossier.until(as_of)
    if view is None:
        return ()
    events = view.events
    finished = view.finished_at
    starts = [i for i, e in enumerate(events) if type(e) is Transferred]
    result: list[StepProgress] = []
    for n, i in enumerate(starts):
        transfer = events[i]
        assert isinstance(transfer, Transferred)  # noqa: S101 -- selected by type above
        stop = starts[n + 1] if n + 1 < len(starts) else len(events)
        ended_at = events[stop].at if stop < len(events) else finished
        if ended_at is None and as_of is None:
            raise _open_error(view)
        inside = events[i + 1 : stop]
        current = clock(transfer.at, transfer.budget, inside, calendar, regime, apology=False)
        outcome = judge(current, ended_at, as_of)
        late_by = _ZERO
        if outcome is Outcome.LATE:
            assert ended_at is not None  # noqa: S101 -- LATE only for an ended step
            legal = current.resume(ended_at) if isinstance(current, Suspension) else current
            late_by = ended_at - legal.at
        elif outcome is Outcome.OVERDUE:
            assert as_of is not None  # noqa: S101 -- OVERDUE only for a running step
            legal = current.deadline if isinstance(current, Suspension) else current
            late_by = as_of - legal.at
        result.append(
            StepProgress(
                index=n,
                transfer=transfer,
                deadline=current.deadline if isinstance(current, Suspension) else current,
                ended_at=ended_at,
                outcome=outcome,
                late_by=late_by,
            )
        )
    return tuple(result)


def _open_error(dossier: DossierView) -> InvalidTypeError:
    return InvalidTypeError(
        f"dossier {dossier.code} is {dossier.state.name}: give as_of= to judge an open dossier "
        "(the core never reads the system clock)"
    )


def clock_of(
    dossier: DossierView, *, calendar: DeadlineCalendar, regime: Regime | None = None
) -> Deadline | Suspension | None:
    """The legal deadline now: a :class:`~lapvo_cchc.deadlines.Suspension` while paused.

    Returns the :class:`~lapvo_cchc.deadlines.Deadline` with every closed
    pause (and the last apology's new appointment), or, while a supplement
    or a fee is pending, a :class:`~lapvo_cchc.deadlines.Suspension` (the
    clock is stopped; the due date depends on when the applicant
    supplies). ``None`` before receipt.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> d.request_fee(t + dt.timedelta(days=1)).clock(calendar=vietnam()).remaining
        2
    """
    me = dossier
    received = me.received_at
    if received is None:
        return None
    return clock(received, me.time_limit, me.events, calendar, regime)


def deadline_of(
    dossier: DossierView, *, calendar: DeadlineCalendar, regime: Regime | None = None
) -> Deadline | None:
    """The legal deadline with the closed pauses; ``None`` before receipt.

    Pauses run from each supplement request or financial obligation to its
    supply (docs/design/rules.md#pauses). A pending pause does not move the
    deadline shown here; it stops the clock (see :meth:`clock`). The last
    apology's new date is in :attr:`~lapvo_cchc.deadlines.Deadline.appointment`.

    Args:
        dossier: the dossier.
        calendar: the working-day calendar.
        regime: the counting regime; ``None`` chooses by receipt date.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> d.deadline(calendar=vietnam()).date
        datetime.date(2026, 3, 5)
        >>> paused = d.request_supplement(dt.datetime(2026, 3, 3, 10, tzinfo=ict)).supply(
        ...     dt.datetime(2026, 3, 9, 8, tzinfo=ict))
        >>> paused.deadline(calendar=vietnam()).date  # 1 day used, 2 left after 9 March
        datetime.date(2026, 3, 11)
    """
    current = clock_of(dossier, calendar=calendar, regime=regime)
    return current.deadline if isinstance(current, Suspension) else current


def appointment_of(
    dossier: DossierView, *, calendar: DeadlineCalendar, regime: Regime | None = None
) -> dt.date | None:
    """The current appointment date: the last apology's new date, else the legal due date.

    ``None`` before receipt.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> d.appointment(calendar=vietnam())
        datetime.date(2026, 3, 5)
        >>> late = d.apologize(dt.datetime(2026, 3, 5, 15, tzinfo=ict),
        ...                    new_date=dt.date(2026, 3, 10))
        >>> late.appointment(calendar=vietnam())
        datetime.date(2026, 3, 10)
    """
    for event in reversed(dossier.events):
        if type(event) is Apologized:
            return event.new_date
    deadline = deadline_of(dossier, calendar=calendar, regime=regime)
    return None if deadline is None else deadline.date


def outcome_of(
    dossier: DossierView,
    *,
    calendar: DeadlineCalendar,
    as_of: dt.datetime | None = None,
    regime: Regime | None = None,
) -> Outcome | None:
    """The outcome as of *as_of* (default: at the end of the history).

    Only the events at or before *as_of* count. A dossier finished by then
    (:attr:`Dossier.finished_at`) is EARLY, ON_TIME or LATE; an open one is
    IN_PROGRESS or OVERDUE. While a supplement or a fee is pending the
    clock is stopped: the dossier is in progress (overdue only if the
    request came after the due date), and a dossier finished in that state
    is judged as if the applicant had supplied when it finished
    (:func:`~lapvo_cchc.deadlines.classify`). An apology does not change
    the outcome. ``None`` if the dossier was not received by then (only
    submitted, or refused at intake).

    Without *as_of*, a dossier awaiting a supplement or a fee is judged at
    the request (its clock is stopped there).

    Raises:
        InvalidTypeError: the dossier is open, not paused, and *as_of* is not
            given (the core never reads the system clock).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> d.outcome(calendar=vietnam(), as_of=dt.datetime(2026, 3, 5, 23, tzinfo=ict)).name
        'IN_PROGRESS'
        >>> d.outcome(calendar=vietnam(), as_of=dt.datetime(2026, 3, 6, 8, tzinfo=ict)).name
        'OVERDUE'
        >>> done = d.resolve(dt.datetime(2026, 3, 5, 16, tzinfo=ict))
        >>> done.outcome(calendar=vietnam()).name
        'ON_TIME'
        >>> done.outcome(calendar=vietnam(), as_of=dt.datetime(2026, 3, 4, tzinfo=ict)).name
        'IN_PROGRESS'
    """
    me = dossier
    view = me if as_of is None else me.until(as_of)
    if view is None:
        return None
    current = clock_of(view, calendar=calendar, regime=regime)
    if current is None:
        return None
    finished = view.finished_at
    if finished is None and as_of is None:
        if not isinstance(current, Suspension):
            raise _open_error(view)
        as_of = current.requested_at  # the clock stopped at the request
    return judge(current, finished, as_of)


def progress_of(
    dossier: DossierView,
    as_of: dt.datetime | None = None,
    *,
    calendar: DeadlineCalendar,
    regime: Regime | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Progress | None:
    """Time used and remaining on the legal deadline, with the dashboard band.

    Measured at *as_of*, or at the finishing instant if the dossier was
    finished by then (default: the end of the history). ``None`` if not
    received by then. See :func:`~lapvo_cchc.deadlines.progress`.

    Raises:
        InvalidTypeError: the dossier is open and *as_of* is not given.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(4), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> p = d.progress(dt.datetime(2026, 3, 5, 9, tzinfo=ict), calendar=vietnam())
        >>> p.used, p.remaining, p.band.name
        (Fraction(3, 1), Fraction(1, 1), 'ALERT')
    """
    me = dossier
    view = me if as_of is None else me.until(as_of)
    if view is None:
        return None
    current = clock_of(view, calendar=calendar, regime=regime)
    if current is None:
        return None
    instant = view.finished_at or as_of
    if instant is None:
        if not isinstance(current, Suspension):
            raise _open_error(view)
        instant = current.requested_at
    return progress(current, instant, calendar=calendar, thresholds=thresholds)


def steps_of(
    dossier: DossierView,
    *,
    calendar: DeadlineCalendar,
    as_of: dt.datetime | None = None,
    regime: Regime | None = None,
) -> tuple[StepProgress, ...]:
    """The inter-agency steps, each judged against its own budget, as of *as_of*.

    One :class:`StepProgress` per :class:`Transferred` event at or before
    *as_of* (default: the whole history). A step runs from its transfer to
    the next transfer, or to the dossier's finishing instant; pauses inside
    it stop its clock. A running step needs *as_of*, like :meth:`outcome`.

    Raises:
        InvalidTypeError: a step is still running and *as_of* is not given.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> d.steps(calendar=vietnam())
        ()
    """
    return steps(dossier, calendar=calendar, as_of=as_of, regime=regime)


def late_steps_of(
    dossier: DossierView,
    *,
    calendar: DeadlineCalendar,
    as_of: dt.datetime | None = None,
    regime: Regime | None = None,
) -> tuple[StepProgress, ...]:
    """The inter-agency steps that are late (ended late, or overdue as of *as_of*).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(5), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t).transfer(
        ...     t, to_agency="000.00.12.H56", budget=TimeLimit.working_days(1)).resolve(
        ...     t + dt.timedelta(days=3))
        >>> [(s.transfer.to_agency, s.late_by) for s in d.late_steps(calendar=vietnam())]
        [('000.00.12.H56', datetime.timedelta(days=1, seconds=32400))]
    """
    found = steps_of(dossier, calendar=calendar, as_of=as_of, regime=regime)
    return tuple(s for s in found if s.late)
