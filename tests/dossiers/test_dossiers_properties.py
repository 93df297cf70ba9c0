"""Property tests of lapvo_cchc.dossiers over the public strategies of lapvo_cchc.testing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import Outcome, Suspension
from lapvo_cchc.dossiers import (
    DVCQG_STATUS,
    Dossier,
    Event,
    Received,
    RefusedAtIntake,
    State,
    SubmittedOnline,
    check_history,
)
from lapvo_cchc.dossiers._states import ALLOWED, TARGET
from lapvo_cchc.errors import InvalidTransitionError
from lapvo_cchc.testing import dossiers

CAL = vietnam()
FINISHED = {Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE}
OPEN = {Outcome.IN_PROGRESS, Outcome.OVERDUE}
ALL_EVENTS: tuple[type[Event], ...] = tuple(sorted(TARGET, key=lambda t: t.__name__))


def rebuild(d: Dossier, events: tuple[Event, ...]) -> Dossier:
    return Dossier(
        code=d.code,
        procedure_code=d.procedure_code,
        time_limit=d.time_limit,
        agency=d.agency,
        channel=d.channel,
        assisted=d.assisted,
        events=events,
    )


def last_instant(d: Dossier) -> dt.datetime:
    return d.events[-1].at


@given(dossiers(calendar=CAL))
def test_replaying_the_same_events_gives_the_same_result(d: Dossier) -> None:
    """A dossier rebuilt from its events equals it and derives the same values."""
    again = rebuild(d, d.events)
    assert d == again
    assert d.state is again.state
    assert d.deadline(calendar=CAL) == again.deadline(calendar=CAL)
    as_of = last_instant(d) + dt.timedelta(days=3)
    assert d.outcome(calendar=CAL, as_of=as_of) is again.outcome(calendar=CAL, as_of=as_of)


@given(dossiers(calendar=CAL))
def test_recording_event_by_event_gives_the_same_dossier(d: Dossier) -> None:
    """Recording the events one by one reaches the same dossier."""
    built = rebuild(d, d.events[:1])
    for event in d.events[1:]:
        built = built.record(event)
    assert d == built


@given(dossiers(calendar=CAL))
def test_every_prefix_is_a_valid_history(d: Dossier) -> None:
    """Every prefix of a valid history passes the state machine."""
    for n in range(1, len(d.events) + 1):
        assert TARGET[type(d.events[n - 1])] is check_history(d.code, d.events[:n])


@given(dossiers(calendar=CAL))
def test_outcome_is_consistent_with_the_state(d: Dossier) -> None:
    """Finished dossiers are EARLY/ON_TIME/LATE, open ones IN_PROGRESS/OVERDUE."""
    as_of = last_instant(d) + dt.timedelta(days=1)
    outcome = d.outcome(calendar=CAL, as_of=as_of)
    if not d.state.received:
        assert outcome is None
        assert d.deadline(calendar=CAL) is None
    elif d.state.finished:
        assert outcome in FINISHED
        assert d.finished_at is not None
        assert outcome is d.outcome(calendar=CAL)
    else:
        assert d.state.open
        assert outcome in OPEN


@given(dossiers(calendar=CAL))
def test_finished_before_the_deadline_is_never_late(d: Dossier) -> None:
    """A dossier finished by its deadline's instant is never LATE."""
    deadline = d.deadline(calendar=CAL)
    assume(deadline is not None and d.finished_at is not None)
    assert deadline is not None
    assert d.finished_at is not None
    if d.finished_at <= deadline.at:
        assert d.outcome(calendar=CAL) is not Outcome.LATE


@given(dossiers(calendar=CAL))
def test_open_dossiers_judged_at_each_event(d: Dossier) -> None:
    """As of each event, the outcome matches the state then; before receipt there is none."""
    for event in d.events:
        view = d.until(event.at)
        assert view is not None
        outcome = d.outcome(calendar=CAL, as_of=event.at)
        if not view.state.received:
            assert outcome is None
        elif view.state.finished:
            assert outcome in FINISHED
        else:
            assert outcome in OPEN


@given(dossiers(calendar=CAL))
def test_paused_dossiers_have_a_suspension(d: Dossier) -> None:
    """The clock is a Suspension exactly when a pause is left open (paused, or ended in one)."""
    clock = d.clock(calendar=CAL)
    if not d.state.received:
        assert clock is None
        return
    assert isinstance(clock, Suspension) is (d.paused_since is not None)
    if d.state.paused:
        assert d.paused_since is not None
    elif d.paused_since is not None:
        assert d.state in {State.STOPPED, State.WITHDRAWN}


@given(dossiers(calendar=CAL))
def test_deadline_never_before_receipt(d: Dossier) -> None:
    """The legal due date is never before the receipt date."""
    deadline = d.deadline(calendar=CAL)
    assume(deadline is not None)
    assert deadline is not None
    assert d.received_at is not None
    assert deadline.date >= d.received_at.date()


@given(dossiers(calendar=CAL), st.sampled_from(ALL_EVENTS))
def test_illegal_next_events_raise_with_code_state_and_event(d: Dossier, kind: type[Event]) -> None:
    """An event type not allowed in the current state raises, naming code, state and event."""
    assume(kind not in ALLOWED[d.state])
    event = _instance(kind, last_instant(d) + dt.timedelta(hours=1))
    with pytest.raises(InvalidTransitionError) as info:
        d.record(event)
    message = str(info.value)
    assert str(d.code) in message
    assert f"state {d.state.name}" in message
    assert kind.__name__ in message


@given(dossiers(calendar=CAL, refusals=False), st.data())
def test_time_going_backwards_raises(d: Dossier, data: st.DataObject) -> None:
    """An allowed event one second before the last one raises."""
    while d.state.final:  # back up to a state that accepts events
        d = rebuild(d, d.events[:-1])
    kind = data.draw(st.sampled_from(sorted(ALLOWED[d.state], key=lambda t: t.__name__)))
    event = _instance(kind, last_instant(d) - dt.timedelta(seconds=1))
    with pytest.raises(InvalidTransitionError, match="time goes backwards"):
        d.record(event)


@given(dossiers(calendar=CAL))
def test_status_code_round_trip(d: Dossier) -> None:
    """Every state reached has a DVCQG code that maps back to it."""
    assert d.state is DVCQG_STATUS.state_of(DVCQG_STATUS.code_of(d.state))


@given(dossiers(calendar=CAL))
def test_first_events_and_codes(d: Dossier) -> None:
    """Histories start legally and the code's date is the receipt (or refusal) date."""
    first = type(d.events[0])
    assert first in {SubmittedOnline, Received, RefusedAtIntake}
    start = next(e for e in d.events if type(e) in {Received, RefusedAtIntake})
    assert start.at.date() == d.code.date
    if first is SubmittedOnline:
        assert d.state is not State.SUBMITTED or len(d.events) == 1


def _instance(kind: type[Event], at: dt.datetime) -> Event:
    from lapvo_cchc.deadlines import TimeLimit
    from lapvo_cchc.dossiers import Apologized, Resolved, Transferred

    if kind is Transferred:
        return Transferred(at, to_agency="X", budget=TimeLimit.working_days(1))
    if kind is Apologized:
        return Apologized(at, new_date=at.date() + dt.timedelta(days=3))
    if kind is Resolved:
        return Resolved(at)
    return kind(at)
