"""Example tests of lapvo_cchc.dossiers: events, state machine, derived values, status codes."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import Outcome, Suspension, TimeLimit
from lapvo_cchc.dossiers import (
    DVCQG_STATUS,
    Apologized,
    Channel,
    Dossier,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    State,
    StatusMapping,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    UnmappedStatusError,
    Withdrawn,
    check_history,
)
from lapvo_cchc.errors import InvalidTransitionError, InvalidTypeError, NaiveDatetimeError
from lapvo_cchc.procedures import AgencyCode, DossierCode, ProcedureCode, Step

CAL = vietnam()
CODE = "000.00.06.H56-260302-0001"


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def make(limit: TimeLimit | None = None, *, channel: Channel = Channel.IN_PERSON) -> Dossier:
    return Dossier.received(
        CODE,
        procedure_code="1.001193",
        time_limit=limit or TimeLimit.working_days(3),
        agency="000.00.06.H56",
        channel=channel,
        at=at(2),
    )


# -- header and construction ----------------------------------------------------------------


def test_header_is_converted_to_code_values() -> None:
    """String codes in the header become validated code values."""
    d = make()
    assert DossierCode(CODE) == d.code
    assert ProcedureCode("1.001193") == d.procedure_code
    assert AgencyCode("000.00.06.H56") == d.agency
    assert Channel.IN_PERSON is d.channel
    assert d.assisted is False


def test_received_from_a_procedure() -> None:
    """A Procedure supplies the procedure code and the time limit."""
    from lapvo_cchc.procedures import sample_catalog

    procedure = next(iter(sample_catalog()))
    d = Dossier.received(CODE, procedure=procedure, agency="H56", channel="trực tuyến", at=at(2))
    assert (procedure.code, procedure.time_limit) == (d.procedure_code, d.time_limit)
    assert Channel.ONLINE is d.channel


def test_received_needs_a_procedure_or_a_code_and_limit() -> None:
    """Neither a procedure nor a code and a limit is a type error."""
    with pytest.raises(InvalidTypeError, match="give a procedure"):
        Dossier.received(
            CODE, procedure_code="1.001193", agency="H56", channel=Channel.ONLINE, at=at(2)
        )


def test_dossier_is_small() -> None:
    """Dossiers and events have slots and no per-instance dict."""
    d = make().request_supplement(at(3))
    assert not hasattr(d, "__dict__")
    assert all(not hasattr(e, "__dict__") for e in d.events)
    assert isinstance(d.events, tuple)


def test_recording_returns_a_new_dossier() -> None:
    """Recording an event leaves the original dossier unchanged."""
    d = make()
    e = d.request_supplement(at(3))
    assert (d.state, e.state) == (State.RECEIVED, State.AWAITING_SUPPLEMENT)
    assert len(d.events) == 1


def test_naive_instants_are_rejected() -> None:
    """A naive event instant raises NaiveDatetimeError."""
    with pytest.raises(NaiveDatetimeError):
        Received(dt.datetime(2026, 3, 2, 9))
    with pytest.raises(NaiveDatetimeError):
        make().until(dt.datetime(2026, 3, 2, 9))


def test_instants_are_normalised_to_vietnam_time() -> None:
    """Event instants are converted to UTC+7."""
    utc = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
    assert at(2) == Received(utc).at
    assert Received(utc).at.tzinfo == VIETNAM_TZ


def test_bad_event_fields_are_type_errors() -> None:
    """Wrong field types in events raise InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        Transferred(at(3), to_agency="X", budget=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        Apologized(at(3), new_date=at(5))
    with pytest.raises(InvalidTypeError):
        Withdrawn(at(3), reason=None)


def test_transfer_for_a_catalogue_step() -> None:
    """Transferred.for_step copies the step's agency, name and budget."""
    step = Step(name="Thẩm định", agency="Phòng Tư pháp", time_limit=TimeLimit.working_days(2))
    t = Transferred.for_step(at(3), step)
    assert ("Phòng Tư pháp", "Thẩm định", TimeLimit.working_days(2)) == (
        t.to_agency,
        t.step,
        t.budget,
    )


# -- the state machine ----------------------------------------------------------------------


def test_full_lifecycle_states() -> None:
    """Each recorded event moves the dossier to the documented state."""
    d = Dossier.submitted(
        CODE,
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(10),
        agency="H56",
        at=at(1, 21),
    )
    seen = [d.state]
    d = d.receive(at(2))
    seen.append(d.state)
    d = d.request_supplement(at(3))
    seen.append(d.state)
    d = d.supply(at(5))
    seen.append(d.state)
    d = d.request_fee(at(6))
    seen.append(d.state)
    d = d.meet_fee(at(9))
    seen.append(d.state)
    d = d.transfer(at(9, 10), to_agency="000.00.12.H56", budget=TimeLimit.working_days(2))
    seen.append(d.state)
    d = d.apologize(at(16), new_date=dt.date(2026, 3, 20), reason="chờ xác minh")
    seen.append(d.state)
    d = d.resolve(at(18))
    seen.append(d.state)
    d = d.return_result(at(19))
    seen.append(d.state)
    assert seen == [
        State.SUBMITTED,
        State.RECEIVED,
        State.AWAITING_SUPPLEMENT,
        State.IN_PROGRESS,
        State.AWAITING_FEE,
        State.IN_PROGRESS,
        State.IN_PROGRESS,
        State.IN_PROGRESS,
        State.RESOLVED,
        State.RESULT_RETURNED,
    ]


def test_refused_at_intake_from_the_desk_or_after_online_submission() -> None:
    """A refusal is legal first or after an online submission, and is final."""
    online = Dossier.submitted(
        CODE, procedure_code="1.001193", time_limit=TimeLimit.same_day(), agency="H56", at=at(1, 21)
    ).refuse(at(2), reason="sai thủ tục")
    desk = attrs.evolve(make(), events=(RefusedAtIntake(at(2), reason="thiếu tờ khai"),))
    for d in (online, desk):
        assert State.REFUSED is d.state
        assert d.state.final
        assert d.received_at is None
        assert d.deadline(calendar=CAL) is None
        assert d.outcome(calendar=CAL) is None
        assert at(2) == d.finished_at


ILLEGAL: list[tuple[tuple[Event, ...], str]] = [
    ((Resolved(at(2)),), "NOT_RECEIVED"),
    ((SupplementSupplied(at(2)),), "NOT_RECEIVED"),
    ((SubmittedOnline(at(1)), Withdrawn(at(2))), "SUBMITTED"),
    ((SubmittedOnline(at(1)), SupplementRequested(at(2))), "SUBMITTED"),
    ((Received(at(2)), Received(at(3))), "RECEIVED"),
    ((Received(at(2)), SupplementSupplied(at(3))), "RECEIVED"),
    ((Received(at(2)), FeeMet(at(3))), "RECEIVED"),
    ((Received(at(2)), RefusedAtIntake(at(3))), "RECEIVED"),
    ((Received(at(2)), SupplementRequested(at(3)), FeeMet(at(4))), "AWAITING_SUPPLEMENT"),
    ((Received(at(2)), SupplementRequested(at(3)), Resolved(at(4))), "AWAITING_SUPPLEMENT"),
    ((Received(at(2)), FeeRequested(at(3)), SupplementSupplied(at(4))), "AWAITING_FEE"),
    ((Received(at(2)), Resolved(at(3)), Withdrawn(at(4))), "RESOLVED"),
    ((Received(at(2)), Resolved(at(3)), Resolved(at(4))), "RESOLVED"),
    (
        (Received(at(2)), Resolved(at(3)), ResultReturned(at(4)), Withdrawn(at(5))),
        "RESULT_RETURNED",
    ),
    ((Received(at(2)), Stopped(at(3)), ResultReturned(at(4))), "STOPPED"),
    ((Received(at(2)), Withdrawn(at(3)), Resolved(at(4))), "WITHDRAWN"),
    ((RefusedAtIntake(at(2)), Received(at(3))), "REFUSED"),
]


@pytest.mark.parametrize(("events", "state"), ILLEGAL)
def test_illegal_sequences_name_code_state_and_event(events: tuple[Event, ...], state: str) -> None:
    """An illegal sequence raises with the dossier code, the state and the event."""
    with pytest.raises(InvalidTransitionError) as info:
        attrs.evolve(make(), events=events)
    message = str(info.value)
    assert CODE in message
    assert f"state {state}" in message
    assert type(events[-1]).__name__ in message


def test_recording_an_illegal_event_raises_too() -> None:
    """record() refuses what the constructor refuses."""
    with pytest.raises(InvalidTransitionError, match=r"state RESOLVED: event Stopped"):
        make().resolve(at(3)).stop(at(4))


def test_time_going_backwards_is_illegal() -> None:
    """An event before the previous one raises, naming both instants."""
    with pytest.raises(InvalidTransitionError, match="time goes backwards") as info:
        make().request_supplement(at(5)).supply(at(4))
    assert CODE in str(info.value)
    assert "AWAITING_SUPPLEMENT" in str(info.value)


def test_simultaneous_events_are_legal() -> None:
    """Events at the same instant keep their recorded order."""
    d = make().resolve(at(2)).return_result(at(2))
    assert State.RESULT_RETURNED is d.state


def test_rejection_needs_a_reason() -> None:
    """A rejection on the merits without a reason is illegal."""
    with pytest.raises(InvalidTransitionError, match="needs a reason"):
        make().resolve(at(3), approved=False, reason="  ")
    rejected = make().resolve(at(3), approved=False, reason="không đủ điều kiện").events[-1]
    assert isinstance(rejected, Resolved)
    assert not rejected.approved


def test_apology_date_not_before_the_apology() -> None:
    """An apology whose new date precedes it is illegal."""
    with pytest.raises(InvalidTransitionError, match="new appointment date"):
        make().apologize(at(5), new_date=dt.date(2026, 3, 4))


def test_online_submission_needs_the_online_channel() -> None:
    """Only an online dossier can start with SubmittedOnline."""
    with pytest.raises(InvalidTransitionError, match="only an online dossier"):
        attrs.evolve(make(), events=(SubmittedOnline(at(1)), Received(at(2))))


def test_a_dossier_needs_events_of_the_right_type() -> None:
    """An empty history or a non-event is refused."""
    with pytest.raises(InvalidTransitionError, match="at least one event"):
        attrs.evolve(make(), events=())
    with pytest.raises(InvalidTypeError, match="expected a dossier event"):
        check_history(CODE, (Received(at(2)), "Resolved"))  # type: ignore[arg-type]


def test_state_flags() -> None:
    """Received/open/paused/finished/final flags follow the documented table."""
    table = {
        State.SUBMITTED: (False, False, False, False, False),
        State.RECEIVED: (True, True, False, False, False),
        State.REFUSED: (False, False, False, True, True),
        State.IN_PROGRESS: (True, True, False, False, False),
        State.AWAITING_SUPPLEMENT: (True, True, True, False, False),
        State.AWAITING_FEE: (True, True, True, False, False),
        State.WITHDRAWN: (True, False, False, True, True),
        State.STOPPED: (True, False, False, True, True),
        State.RESOLVED: (True, False, False, True, False),
        State.RESULT_RETURNED: (True, False, False, True, True),
    }
    actual = {s: (s.received, s.open, s.paused, s.finished, s.final) for s in State}
    assert table == actual


# -- derived values -------------------------------------------------------------------------


def test_finished_at_precedence() -> None:
    """Resolved beats result returned; returned, stopped, withdrawn finish too.

    See docs/design/kpi.md#on-time-indicator.
    """
    d = make()
    assert at(3) == d.resolve(at(3)).return_result(at(4)).finished_at
    assert at(4) == d.return_result(at(4)).finished_at
    assert at(5) == d.stop(at(5)).finished_at
    assert at(6) == d.withdraw(at(6)).finished_at
    assert d.finished_at is None


def test_deadline_with_two_pauses() -> None:
    """Supplement and fee pauses both move the deadline (docs/design/rules.md#pauses)."""
    d = make(TimeLimit.working_days(5))
    assert dt.date(2026, 3, 9) == d.deadline(calendar=CAL).date  # type: ignore[union-attr]
    # 1 day used (3 Mar), pause to Thu 5; 1 more (6 Mar), pause to Tue 10; 3 left: 13 Mar.
    d = d.request_supplement(at(3, 10)).supply(at(5, 8)).request_fee(at(6, 9)).meet_fee(at(10))
    assert ((at(3, 10), at(5, 8)), (at(6, 9), at(10))) == d.pauses
    assert dt.date(2026, 3, 13) == d.deadline(calendar=CAL).date  # type: ignore[union-attr]


def test_pending_pause_is_a_suspension() -> None:
    """While a supplement is pending the clock is a Suspension and the dossier in progress."""
    d = make(TimeLimit.working_days(3)).request_supplement(at(3, 10))
    clock = d.clock(calendar=CAL)
    assert isinstance(clock, Suspension)
    assert clock.remaining == 2
    assert at(3, 10) == d.paused_since
    assert Outcome.IN_PROGRESS is d.outcome(calendar=CAL, as_of=at(30))
    assert Outcome.IN_PROGRESS is d.outcome(calendar=CAL)  # judged with the clock stopped


def test_withdrawn_while_paused_is_not_late() -> None:
    """A dossier withdrawn while awaiting a supplement requested in time is not late."""
    d = make(TimeLimit.working_days(3)).request_supplement(at(3, 10)).withdraw(at(30))
    assert d.outcome(calendar=CAL) in {Outcome.EARLY, Outcome.ON_TIME}


def test_outcome_over_time() -> None:
    """The outcome as of successive instants follows the history."""
    d = make(TimeLimit.working_days(3)).resolve(at(6, 10))  # due Thu 5 March
    expected = [Outcome.IN_PROGRESS, Outcome.IN_PROGRESS, Outcome.OVERDUE, Outcome.LATE]
    actual = [d.outcome(calendar=CAL, as_of=t) for t in (at(2), at(5, 23), at(6, 9), at(6, 10))]
    assert expected == actual
    assert d.outcome(calendar=CAL, as_of=at(1)) is None


def test_open_dossier_needs_as_of() -> None:
    """The core never reads the clock: an open dossier's outcome needs as_of."""
    with pytest.raises(InvalidTypeError, match="give as_of"):
        make().outcome(calendar=CAL)
    with pytest.raises(InvalidTypeError, match="give as_of"):
        make().progress(calendar=CAL)


def test_apology_sets_the_appointment_but_not_the_outcome() -> None:
    """A late dossier with an apology is still late."""
    d = make(TimeLimit.working_days(3)).apologize(at(5, 15), new_date=dt.date(2026, 3, 10))
    assert dt.date(2026, 3, 10) == d.appointment(calendar=CAL)
    assert dt.date(2026, 3, 10) == d.deadline(calendar=CAL).appointment  # type: ignore[union-attr]
    assert dt.date(2026, 3, 5) == d.deadline(calendar=CAL).date  # type: ignore[union-attr]
    assert Outcome.LATE is d.resolve(at(9)).outcome(calendar=CAL)


def test_progress_measures_time_used() -> None:
    """Progress counts the working days used, up to the finishing instant."""
    d = make(TimeLimit.working_days(4))
    p = d.progress(at(5), calendar=CAL)
    assert p is not None
    assert (Fraction(3), Fraction(1)) == (p.used, p.remaining)
    done = d.resolve(at(3, 16))
    assert done.progress(at(20), calendar=CAL).used == 1  # type: ignore[union-attr]


def test_late_inter_agency_step_and_by_how_much() -> None:
    """The late step is named with its overrun; the others are not late."""
    d = (
        make(TimeLimit.working_days(10))
        .transfer(at(3), to_agency="000.00.12.H56", budget=TimeLimit.working_days(2), step="A")
        .transfer(at(4), to_agency="000.00.20.H56", budget=TimeLimit.working_days(1), step="B")
        .transfer(at(9, 10), to_agency="000.00.06.H56", budget=TimeLimit.working_hours(4), step="C")
    )
    steps = d.steps(calendar=CAL, as_of=at(9, 16, 30))
    assert [s.transfer.step for s in steps] == ["A", "B", "C"]
    assert [s.outcome for s in steps] == [Outcome.EARLY, Outcome.LATE, Outcome.OVERDUE]
    # B was due at the end of Thu 5 March; it ended on Mon 9 March at 10:00.
    assert dt.timedelta(days=3, hours=10) == steps[1].late_by
    # C: 4 working hours from 10:00 -> 16:00 (lunch 11:30-13:30); at 16:30 it is 30 min over.
    assert dt.timedelta(minutes=30) == steps[2].late_by
    assert [s.transfer.step for s in d.late_steps(calendar=CAL, as_of=at(9, 16, 30))] == ["B", "C"]
    with pytest.raises(InvalidTypeError, match="give as_of"):
        d.steps(calendar=CAL)


def test_step_pause_stops_its_clock() -> None:
    """A supplement requested during a step moves that step's deadline."""
    d = (
        make(TimeLimit.working_days(10))
        .transfer(at(3), to_agency="X", budget=TimeLimit.working_days(2))
        .request_supplement(at(4))
        .supply(at(10))
        .resolve(at(11, 10))
    )
    (step,) = d.steps(calendar=CAL)
    assert dt.date(2026, 3, 11) == step.deadline.date
    assert not step.late


def test_until_truncates_the_history() -> None:
    """until() keeps the events at or before the instant."""
    d = make().request_supplement(at(3)).supply(at(5))
    assert d is d.until(at(6))
    assert State.AWAITING_SUPPLEMENT is d.until(at(4)).state  # type: ignore[union-attr]
    assert d.until(at(1)) is None


# -- status mapping -------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(State))
def test_dvcqg_round_trip(state: State) -> None:
    """Every state has a DVCQG code that maps back to it."""
    assert state is DVCQG_STATUS.state_of(DVCQG_STATUS.code_of(state))


def test_dvcqg_codes_and_labels() -> None:
    """The built-in table is docs/design/national-portal.md#status-codes, one-to-one."""
    assert list(range(1, 11)) == sorted(DVCQG_STATUS.code_of(s) for s in State)
    assert {DVCQG_STATUS.label_of(DVCQG_STATUS.code_of(s)) for s in State} == {
        s.value for s in State
    }
    assert DVCQG_STATUS.label_of(42) == ""


def test_unknown_codes_and_unmapped_states() -> None:
    """Unknown codes and unmapped states raise UnmappedStatusError (a LookupError)."""
    with pytest.raises(LookupError, match="unknown status code 0"):
        DVCQG_STATUS.state_of(0)
    partial = StatusMapping(name="tiny", outbound={State.RECEIVED: 2}, inbound={2: State.RECEIVED})
    with pytest.raises(UnmappedStatusError, match="no code for state STOPPED"):
        partial.code_of(State.STOPPED)


def test_deployment_mapping_override() -> None:
    """A deployment replaces outbound codes without touching the built-in table."""
    mine = DVCQG_STATUS.override(name="TH", outbound={State.STOPPED: 9, State.AWAITING_FEE: 9})
    assert (
        mine.code_of(State.STOPPED),
        mine.code_of(State.AWAITING_FEE),
        DVCQG_STATUS.code_of(State.STOPPED),
    ) == (9, 9, 8)
    assert State.STOPPED is mine.state_of(8)
    assert hash(mine) != hash(DVCQG_STATUS)


def test_inconsistent_mappings_are_refused() -> None:
    """Outbound codes must be known inbound; entries must not repeat."""
    with pytest.raises(ValueError, match="no inbound state"):
        StatusMapping(name="bad", outbound={State.RECEIVED: 2}, inbound={})
    with pytest.raises(ValueError, match="mapped twice"):
        StatusMapping(
            name="bad",
            outbound=[(State.RECEIVED, 2), (State.RECEIVED, 4)],
            inbound={2: State.RECEIVED, 4: State.IN_PROGRESS},
        )
