"""Property tests of lapvo_cchc.deadlines against a slow day-by-day model.

The model below walks the calendar one day at a time using only
``is_working_day``, independently of the calendar's ordinal tables and of the
library's counting code.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import (
    Outcome,
    TimeLimit,
    TimeUnit,
    classify,
    compute_deadline,
)

CAL = vietnam()
Pause = tuple[dt.datetime, dt.datetime]
Case = tuple[dt.datetime, TimeLimit, list[Pause]]
ONE = dt.timedelta(days=1)
# Bundled official schedules cover 2019-2026; stay inside so no provisional year is used.
FIRST = dt.date(2019, 1, 7)
LAST = dt.date(2026, 6, 30)


def roll(day: dt.date) -> dt.date:
    while not CAL.is_working_day(day):
        day += ONE
    return day


def nth_after(day: dt.date, n: int, working: bool) -> dt.date:
    """The model's due date: n (working or calendar) days after *day*, rolled to a working day."""
    if not working:
        return roll(day + n * ONE)
    if n == 0:
        return roll(day)
    while n:
        day += ONE
        if CAL.is_working_day(day):
            n -= 1
    return day


def days_used(start: dt.date, end: dt.date, working: bool) -> int:
    used = 0
    day = start
    while day < end:
        day += ONE
        if not working or CAL.is_working_day(day):
            used += 1
    return used


def model_due(
    received: dt.date, n: int, working: bool, pauses: list[tuple[dt.date, dt.date]]
) -> dt.date:
    """Day-by-day model of the pause rule of docs/design/rules.md#pauses for day limits."""
    due = nth_after(received, n, working)
    left = n
    segment = received
    for requested, supplied in pauses:
        if requested > due:
            break
        left = max(left - days_used(segment, requested, working), 0)
        segment = supplied
        due = nth_after(supplied, left, working)
    return due


def model_outcome(due: dt.date, finished: dt.datetime) -> Outcome:
    """Late after 24:00 of the due date (that instant itself is on time)."""
    if finished > dt.datetime.combine(due + ONE, dt.time(0), VIETNAM_TZ):
        return Outcome.LATE
    return Outcome.EARLY if finished.date() < due else Outcome.ON_TIME


def instant(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), VIETNAM_TZ) + dt.timedelta(minutes=minutes)


@st.composite
def dossiers(draw: st.DrawFn) -> Case:
    received_day = draw(st.dates(FIRST, LAST))
    received = instant(received_day, draw(st.integers(0, 24 * 60 - 1)))
    unit = draw(st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS]))
    limit = TimeLimit(unit, draw(st.integers(0, 40)))
    pauses: list[Pause] = []
    cursor = received
    for _ in range(draw(st.integers(0, 3))):
        requested = cursor + dt.timedelta(minutes=draw(st.integers(0, 12 * 24 * 60)))
        supplied = requested + dt.timedelta(minutes=draw(st.integers(0, 15 * 24 * 60)))
        pauses.append((requested, supplied))
        cursor = supplied
    return received, limit, pauses


def _dates(pauses: list[Pause]) -> list[tuple[dt.date, dt.date]]:
    return [(a.date(), b.date()) for a, b in pauses]


@given(dossiers())
def test_due_date_agrees_with_the_day_by_day_model(case: Case) -> None:
    """compute_deadline equals the slow model for day limits with any valid pauses."""
    received, limit, pauses = case
    expected = model_due(
        received.date(), limit.amount, limit.unit is TimeUnit.WORKING_DAYS, _dates(pauses)
    )
    assert expected == compute_deadline(received, limit, calendar=CAL, pauses=pauses).date


@given(dossiers(), st.integers(0, 80), st.integers(0, 24 * 60 - 1))
def test_classify_agrees_with_the_day_by_day_model(
    case: Case,
    offset: int,
    minute: int,
) -> None:
    """classify(finished_at) equals the model's date comparison for day limits."""
    received, limit, pauses = case
    finished = instant(received.date() + offset * ONE, minute)
    finished = max(finished, received)
    due = model_due(
        received.date(), limit.amount, limit.unit is TimeUnit.WORKING_DAYS, _dates(pauses)
    )
    deadline = compute_deadline(received, limit, calendar=CAL, pauses=pauses)
    assert model_outcome(due, finished) == classify(deadline, finished_at=finished)
    late = model_outcome(due, finished) is Outcome.LATE
    expected_open = Outcome.OVERDUE if late else Outcome.IN_PROGRESS
    assert expected_open == classify(deadline, as_of=finished)


@given(dossiers())
def test_deadline_is_never_before_receipt(case: Case) -> None:
    """The due date is never before the receipt date, and `at` never before receipt."""
    received, limit, pauses = case
    deadline = compute_deadline(received, limit, calendar=CAL, pauses=pauses)
    assert deadline.date >= received.date()
    assert deadline.at > received


@given(dossiers())
def test_a_pause_never_makes_the_deadline_earlier(case: Case) -> None:
    """Adding pauses one by one never moves the due date earlier."""
    received, limit, pauses = case
    previous = compute_deadline(received, limit, calendar=CAL).date
    for k in range(1, len(pauses) + 1):
        current = compute_deadline(received, limit, calendar=CAL, pauses=pauses[:k]).date
        assert current >= previous
        previous = current


@given(dossiers(), st.integers(0, 10))
def test_deadline_is_monotonic_in_the_limit(case: Case, extra: int) -> None:
    """A longer limit of the same unit never gives an earlier due date."""
    received, limit, pauses = case
    longer = TimeLimit(limit.unit, limit.amount + extra)
    short = compute_deadline(received, limit, calendar=CAL, pauses=pauses)
    long = compute_deadline(received, longer, calendar=CAL, pauses=pauses)
    assert long.date >= short.date


@given(
    st.dates(FIRST, LAST),
    st.integers(0, 24 * 60 - 1),
    st.integers(0, 40),
    st.integers(0, 10),
)
def test_working_hours_are_monotonic_and_after_receipt(
    day: dt.date, minute: int, hours: int, extra: int
) -> None:
    """Hour limits: `at` is never before receipt and grows with the limit."""
    received = instant(day, minute)
    short = compute_deadline(received, TimeLimit.working_hours(hours), calendar=CAL)
    long = compute_deadline(received, TimeLimit.working_hours(hours + extra), calendar=CAL)
    assert received <= short.at <= long.at
    assert short.date == short.at.date()


@given(
    st.dates(FIRST, LAST),
    st.integers(0, 24 * 60 - 1),
    st.integers(0, 5 * 24 * 60),
    st.integers(0, 5 * 24 * 60),
    st.integers(1, 24),
)
def test_hour_pauses_exclude_the_working_time_inside(
    day: dt.date, minute: int, delay: int, length: int, hours: int
) -> None:
    """With a pause, the working time counted outside it equals the limit (if it applies)."""
    received = instant(day, minute)
    requested = received + dt.timedelta(minutes=delay)
    supplied = requested + dt.timedelta(minutes=length)
    limit = TimeLimit.working_hours(hours)
    plain = compute_deadline(received, limit, calendar=CAL)
    paused = compute_deadline(received, limit, calendar=CAL, pauses=[(requested, supplied)])
    assert paused.at >= plain.at
    if requested <= plain.at:
        counted = CAL.working_time_between(received, requested) + CAL.working_time_between(
            supplied, paused.at
        )
        assert dt.timedelta(hours=hours) == counted
    else:
        assert plain.at == paused.at


@given(
    st.dates(FIRST, LAST),
    st.integers(0, 24 * 60 - 1),
    st.integers(0, 4 * 24 * 60),
)
def test_same_day_rule_against_the_model(day: dt.date, minute: int, after: int) -> None:
    """Same-day: that day if a working day and not after 15:00, else the next working day."""
    received = instant(day, minute)
    deadline = compute_deadline(received, TimeLimit.same_day(dt.time(15)), calendar=CAL)
    if CAL.is_working_day(day) and received.time() <= dt.time(15):
        expected = day
    else:
        expected = nth_after(day, 1, working=True)
    assert expected == deadline.date
    finished = received + dt.timedelta(minutes=after)
    assert model_outcome(expected, finished) == classify(deadline, finished_at=finished)
