"""The :class:`Dossier` value: a header plus an immutable history (private module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.deadlines import DEFAULT_THRESHOLDS, TimeLimit
from lapvo_cchc.dossiers._channel import (
    Channel,
    _agency_code,
    _assisted,
    _channel,
    _dossier_code,
    _events,
    _procedure_code,
    _time_limit,
)
from lapvo_cchc.dossiers._clock import (
    StepProgress,
    appointment_of,
    clock_of,
    deadline_of,
    late_steps_of,
    outcome_of,
    progress_of,
    steps_of,
)
from lapvo_cchc.dossiers._events import (
    Apologized,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
)
from lapvo_cchc.dossiers._history import (
    Pause,
    paused_since_of,
    pauses_of,
    received_at_of,
    state_of,
    until,
)
from lapvo_cchc.dossiers._history import finished_at_of as _finished_at_of
from lapvo_cchc.dossiers._states import check_history
from lapvo_cchc.errors import InvalidTransitionError, InvalidTypeError
from lapvo_cchc.procedures import AgencyCode, DossierCode, ProcedureCode  # noqa: TC001 (cattrs)

if TYPE_CHECKING:
    import datetime as dt

    from lapvo_cchc.deadlines import (
        Deadline,
        DeadlineCalendar,
        Outcome,
        Progress,
        Regime,
        Suspension,
        Thresholds,
    )
    from lapvo_cchc.dossiers._states import State
    from lapvo_cchc.procedures import Procedure

__all__ = ["Channel", "Dossier"]


@attrs.frozen(kw_only=True, weakref_slot=False)
class Dossier:
    """*Hồ sơ*: one application handled by an agency, as a header plus its events.

    The header never changes; the history is an immutable tuple of events,
    oldest first. Every method that records an event returns a new dossier.
    The state, the deadline, the appointment date and the outcome are derived
    from the events on demand, never stored.

    The method examples below run with this module's names (``Dossier``,
    ``Channel``, ``TimeLimit``, the event classes) already imported.

    The constructor replays the history and raises
    :class:`~lapvo_cchc.errors.InvalidTransitionError` if it is illegal, so
    every :class:`Dossier` that exists is valid.

    Args:
        code: the dossier code (*mã hồ sơ*, ``<agency>-YYMMDD-NNNN``).
        procedure_code: the national procedure code (*mã TTHC*).
        time_limit: the procedure's legal time limit (held directly so a
            million dossiers need no catalogue look-up).
        agency: the handling agency's code.
        channel: how the dossier was filed.
        assisted: assisted filing ("Công dân không viết").
        events: the history, oldest first; the first event is
            :class:`SubmittedOnline` (online only), :class:`Received` or
            :class:`RefusedAtIntake`.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier, State
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received(
        ...     "000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> d.state
        <State.RECEIVED: 'Được tiếp nhận'>
        >>> d.deadline(calendar=vietnam()).date
        datetime.date(2026, 3, 5)
        >>> done = d.resolve(dt.datetime(2026, 3, 4, 16, 0, tzinfo=ict)).return_result(
        ...     dt.datetime(2026, 3, 5, 8, 0, tzinfo=ict))
        >>> done.state, done.outcome(calendar=vietnam()).name
        (<State.RESULT_RETURNED: 'Đã trả kết quả'>, 'EARLY')
        >>> d.state  # the original is unchanged
        <State.RECEIVED: 'Được tiếp nhận'>
    """

    code: DossierCode = attrs.field(converter=_dossier_code)
    procedure_code: ProcedureCode = attrs.field(converter=_procedure_code)
    time_limit: TimeLimit = attrs.field(validator=_time_limit)
    agency: AgencyCode = attrs.field(converter=_agency_code)
    channel: Channel = attrs.field(converter=_channel)
    assisted: bool = attrs.field(default=False, validator=_assisted)
    events: tuple[Event, ...] = attrs.field(converter=_events)

    def __attrs_post_init__(self) -> None:
        check_history(self.code, self.events)
        if type(self.events[0]) is SubmittedOnline and self.channel is not Channel.ONLINE:
            raise InvalidTransitionError(
                f"dossier {self.code}, state NOT_RECEIVED (no event yet): event "
                f"{self.events[0]!r} refused: only an online dossier can be submitted online, "
                f"got channel {self.channel.name}"
            )

    # -- construction -------------------------------------------------------------------

    @classmethod
    def received(
        cls,
        code: DossierCode | str,
        *,
        at: dt.datetime,
        agency: AgencyCode | str,
        channel: Channel | str,
        procedure: Procedure | None = None,
        procedure_code: ProcedureCode | str | None = None,
        time_limit: TimeLimit | None = None,
        assisted: bool = False,
    ) -> Dossier:
        """Create a dossier received at *at* (the clock starts).

        Give either a ``procedure`` or both ``procedure_code`` and ``time_limit``.

        Raises:
            InvalidTypeError: neither a procedure nor a code and a limit.

        Example:
            >>> import datetime as dt
            >>> ict = dt.timezone(dt.timedelta(hours=7))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.POSTAL, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
            >>> d.received_at.isoformat()
            '2026-03-02T09:00:00+07:00'
        """
        return cls._start(
            code,
            Received(at),
            agency=agency,
            channel=channel,
            procedure=procedure,
            procedure_code=procedure_code,
            time_limit=time_limit,
            assisted=assisted,
        )

    @classmethod
    def submitted(
        cls,
        code: DossierCode | str,
        *,
        at: dt.datetime,
        agency: AgencyCode | str,
        procedure: Procedure | None = None,
        procedure_code: ProcedureCode | str | None = None,
        time_limit: TimeLimit | None = None,
        assisted: bool = False,
    ) -> Dossier:
        """Create an online dossier submitted at *at*, not yet received (state SUBMITTED).

        Follow it with :meth:`receive` (the clock starts) or :meth:`refuse`.

        Example:
            >>> import datetime as dt
            >>> ict = dt.timezone(dt.timedelta(hours=7))
            >>> d = Dossier.submitted("000.00.06.H56-260301-0007", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     at=dt.datetime(2026, 3, 1, 21, 0, tzinfo=ict))
            >>> d.state.name, d.received_at
            ('SUBMITTED', None)
            >>> d.receive(dt.datetime(2026, 3, 2, 7, 30, tzinfo=ict)).state.name
            'RECEIVED'
        """
        return cls._start(
            code,
            SubmittedOnline(at),
            agency=agency,
            channel=Channel.ONLINE,
            procedure=procedure,
            procedure_code=procedure_code,
            time_limit=time_limit,
            assisted=assisted,
        )

    @classmethod
    def _start(
        cls,
        code: DossierCode | str,
        first: Event,
        *,
        agency: AgencyCode | str,
        channel: Channel | str,
        procedure: Procedure | None,
        procedure_code: ProcedureCode | str | None,
        time_limit: TimeLimit | None,
        assisted: bool,
    ) -> Dossier:
        if procedure is not None:
            procedure_code = procedure.code if procedure_code is None else procedure_code
            time_limit = procedure.time_limit if time_limit is None else time_limit
        if procedure_code is None or time_limit is None:
            raise InvalidTypeError(
                f"dossier {code}: give a procedure, or both procedure_code and time_limit"
            )
        return cls(
            code=code,
            procedure_code=procedure_code,
            time_limit=time_limit,
            agency=agency,
            channel=channel,
            assisted=assisted,
            events=(first,),
        )

    # -- recording events ---------------------------------------------------------------

    def record(self, event: Event) -> Dossier:
        """Return a new dossier with *event* appended to the history.

        Raises:
            InvalidTransitionError: the event is illegal in the current state, or
                earlier than the last event; the message names the dossier code,
                the state and the event.

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.record(Withdrawn(d.received_at + dt.timedelta(hours=2))).state.name
            'WITHDRAWN'
        """
        return attrs.evolve(self, events=(*self.events, event))

    def receive(self, at: dt.datetime) -> Dossier:
        """Record :class:`Received` for a submitted online dossier (the clock starts).

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.receive(d.received_at)
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.InvalidTransitionError: dossier ... state RECEIVED: event Received(...
        """
        return self.record(Received(at))

    def refuse(self, at: dt.datetime, reason: str = "") -> Dossier:
        """Record :class:`RefusedAtIntake` for a submitted dossier (final, no deadline).

        Example:
            >>> import datetime as dt
            >>> ict = dt.timezone(dt.timedelta(hours=7))
            >>> d = Dossier.submitted("000.00.06.H56-260301-0007", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     at=dt.datetime(2026, 3, 1, 21, 0, tzinfo=ict))
            >>> r = d.refuse(dt.datetime(2026, 3, 2, 8, 0, tzinfo=ict), reason="sai thủ tục")
            >>> r.state.name, r.finished_at.day
            ('REFUSED', 2)
        """
        return self.record(RefusedAtIntake(at, reason=reason))

    def request_supplement(self, at: dt.datetime, reason: str = "") -> Dossier:
        """Record :class:`SupplementRequested` (the clock pauses).

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.request_supplement(d.received_at + dt.timedelta(days=1)).state.name
            'AWAITING_SUPPLEMENT'
        """
        return self.record(SupplementRequested(at, reason=reason))

    def supply(self, at: dt.datetime) -> Dossier:
        """Record :class:`SupplementSupplied` (the clock restarts).

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> t = d.received_at
            >>> paused = d.request_supplement(t + dt.timedelta(days=1))
            >>> [(a.day, b.day) for a, b in paused.supply(t + dt.timedelta(days=2)).pauses]
            [(3, 4)]
            >>> d.supply(t)
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.InvalidTransitionError: dossier ..., state RECEIVED: event ...
        """
        return self.record(SupplementSupplied(at))

    def request_fee(self, at: dt.datetime, note: str = "") -> Dossier:
        """Record :class:`FeeRequested`: a financial obligation (the clock pauses).

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.request_fee(d.received_at + dt.timedelta(days=1)).state.name
            'AWAITING_FEE'
        """
        return self.record(FeeRequested(at, note=note))

    def meet_fee(self, at: dt.datetime) -> Dossier:
        """Record :class:`FeeMet`: the financial obligation was met (the clock restarts).

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> t = d.received_at
            >>> d.request_fee(t).meet_fee(t + dt.timedelta(days=1)).state.name
            'IN_PROGRESS'
        """
        return self.record(FeeMet(at))

    def transfer(
        self, at: dt.datetime, *, to_agency: str, budget: TimeLimit, step: str = ""
    ) -> Dossier:
        """Record :class:`Transferred`: an inter-agency step with its own time budget.

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.transfer(d.received_at, to_agency="000.00.12.H56",
            ...            budget=TimeLimit.working_days(1)).state.name
            'IN_PROGRESS'
        """
        return self.record(Transferred(at, to_agency=to_agency, budget=budget, step=step))

    def apologize(self, at: dt.datetime, *, new_date: dt.date, reason: str = "") -> Dossier:
        """Record :class:`Apologized`: an apology letter with a new appointment date.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t).apologize(
            ...     dt.datetime(2026, 3, 5, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            ...     new_date=dt.date(2026, 3, 9), reason="chờ xác minh")
            >>> d.appointment(calendar=vietnam())
            datetime.date(2026, 3, 9)
        """
        return self.record(Apologized(at, new_date=new_date, reason=reason))

    def resolve(self, at: dt.datetime, *, approved: bool = True, reason: str = "") -> Dossier:
        """Record :class:`Resolved`: approved, or rejected on the merits (needs a reason).

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.resolve(d.received_at, approved=False)
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.InvalidTransitionError: dossier ... a rejection ... needs a reason
            >>> d.resolve(d.received_at, approved=False, reason="không đủ điều kiện").state.name
            'RESOLVED'
        """
        return self.record(Resolved(at, approved=approved, reason=reason))

    def stop(self, at: dt.datetime, reason: str = "") -> Dossier:
        """Record :class:`Stopped` (ND 118/2025 form 05); final.

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.stop(d.received_at, reason="quá hạn bổ sung").state.final
            True
        """
        return self.record(Stopped(at, reason=reason))

    def withdraw(self, at: dt.datetime, reason: str = "") -> Dossier:
        """Record :class:`Withdrawn`: the applicant withdrew the dossier; final.

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> d.withdraw(d.received_at).finished_at == d.received_at
            True
        """
        return self.record(Withdrawn(at, reason=reason))

    def return_result(self, at: dt.datetime) -> Dossier:
        """Record :class:`ResultReturned`: the result was handed over; final.

        Example:
            >>> import datetime as dt
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel=Channel.IN_PERSON, at=t)
            >>> t = d.received_at + dt.timedelta(days=1)
            >>> d.resolve(t).return_result(t).state.name
            'RESULT_RETURNED'
        """
        return self.record(ResultReturned(at))

    # -- derived values: thin delegations to the functions of _history and _clock ------

    @property
    def state(self) -> State:
        """The current state (the target of the last event of the validated history)."""
        return state_of(self)

    @property
    def received_at(self) -> dt.datetime | None:
        """When the dossier was received (the clock started), or ``None`` before receipt."""
        return received_at_of(self)

    @property
    def finished_at(self) -> dt.datetime | None:
        """When the dossier finished, by the 766 precedence, or ``None`` if not finished.

        Resolved beats result returned, which beats stopped or refused; withdrawn
        is finished too (docs/design/kpi.md#on-time-indicator).
        """
        return _finished_at_of(self)

    @property
    def pauses(self) -> tuple[Pause, ...]:
        """The completed pauses of the clock, (requested, supplied or met), in order."""
        return pauses_of(self)

    @property
    def paused_since(self) -> dt.datetime | None:
        """When the pending pause began, if the dossier awaits a supplement or a fee."""
        return paused_since_of(self)

    def until(self, instant: dt.datetime) -> Dossier | None:
        """The dossier as it was at *instant*: only the events at or before it.

        Returns ``None`` if the dossier had no event yet at *instant*.
        """
        return until(self, instant)

    def clock(
        self, *, calendar: DeadlineCalendar, regime: Regime | None = None
    ) -> Deadline | Suspension | None:
        """The legal deadline now: a :class:`~lapvo_cchc.deadlines.Suspension` while paused.

        The :class:`~lapvo_cchc.deadlines.Deadline` with every closed pause and the
        last apology's appointment; while a supplement or a fee is pending the
        clock is stopped (the due date depends on the supply). ``None`` before receipt.
        """
        return clock_of(self, calendar=calendar, regime=regime)

    def deadline(
        self, *, calendar: DeadlineCalendar, regime: Regime | None = None
    ) -> Deadline | None:
        """The legal deadline with the closed pauses; ``None`` before receipt.

        A pending pause does not move it; it stops the clock (see :meth:`clock`).

        Args:
            calendar: the working-day calendar.
            regime: the counting regime; ``None`` chooses by receipt date.
        """
        return deadline_of(self, calendar=calendar, regime=regime)

    def appointment(
        self, *, calendar: DeadlineCalendar, regime: Regime | None = None
    ) -> dt.date | None:
        """The current appointment date: the last apology's new date, else the legal due date.

        ``None`` before receipt.
        """
        return appointment_of(self, calendar=calendar, regime=regime)

    def outcome(
        self,
        *,
        calendar: DeadlineCalendar,
        as_of: dt.datetime | None = None,
        regime: Regime | None = None,
    ) -> Outcome | None:
        """The outcome as of *as_of* (default: at the end of the history).

        Only the events at or before *as_of* count: finished by then, EARLY,
        ON_TIME or LATE; open, IN_PROGRESS or OVERDUE (a pending pause stops the
        clock; see :func:`~lapvo_cchc.deadlines.classify`). An apology changes
        nothing. ``None`` if the dossier was not received by then.

        Raises:
            InvalidTypeError: the dossier is open, not paused, and *as_of* is not
                given (the core never reads the system clock).
        """
        return outcome_of(self, calendar=calendar, as_of=as_of, regime=regime)

    def progress(
        self,
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
        """
        return progress_of(self, as_of, calendar=calendar, regime=regime, thresholds=thresholds)

    def steps(
        self,
        *,
        calendar: DeadlineCalendar,
        as_of: dt.datetime | None = None,
        regime: Regime | None = None,
    ) -> tuple[StepProgress, ...]:
        """The inter-agency steps, each judged against its own budget, as of *as_of*.

        One :class:`StepProgress` per :class:`Transferred` event at or before
        *as_of*; a step runs to the next transfer or to the finish.

        Raises:
            InvalidTypeError: a step is still running and *as_of* is not given.
        """
        return steps_of(self, calendar=calendar, as_of=as_of, regime=regime)

    def late_steps(
        self,
        *,
        calendar: DeadlineCalendar,
        as_of: dt.datetime | None = None,
        regime: Regime | None = None,
    ) -> tuple[StepProgress, ...]:
        """The inter-agency steps that are late (ended late, or overdue as of *as_of*)."""
        return late_steps_of(self, calendar=calendar, as_of=as_of, regime=regime)
