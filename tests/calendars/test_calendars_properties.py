"""Hypothesis properties of WorkCalendar against slow day-by-day and minute-by-minute models."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import Session, WorkCalendar, vietnam

pytestmark = pytest.mark.filterwarnings("ignore::lapvo_cchc.errors.ProvisionalCalendarWarning")

ONE_DAY = dt.timedelta(days=1)
CAL = vietnam()
SATURDAY_CAL = vietnam().derive(sessions={5: [Session(dt.time(7, 30), dt.time(11, 0))]})

official_dates = st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))
provisional_dates = st.dates(dt.date(1998, 1, 1), dt.date(2196, 12, 31))  # ±600 days stay in span
dates = st.one_of(official_dates, provisional_dates)
steps = st.integers(-600, 600)
calendars = st.sampled_from([CAL, SATURDAY_CAL])


@functools.cache
def _slow_working(cal: WorkCalendar, day: dt.date) -> bool:
    """Model: a day is worked if it has sessions and is not off, or is a make-up day."""
    off = {d.date for d in cal.days_off(day.year)}
    makeup = set(cal.provider.makeup_workdays(day.year))
    if day in off:
        return False
    return bool(cal.hours.weekdays[day.weekday()]) or day in makeup


def _slow_add(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    if n == 0:
        while not _slow_working(cal, day):
            day += ONE_DAY
        return day
    step = ONE_DAY if n > 0 else -ONE_DAY
    left = abs(n)
    while left:
        day += step
        if _slow_working(cal, day):
            left -= 1
    return day


@given(calendars, dates)
def test_is_working_day_matches_model(cal: WorkCalendar, day: dt.date) -> None:
    """is_working_day agrees with the day-by-day model."""
    assert _slow_working(cal, day) == cal.is_working_day(day)


@given(calendars, dates, st.integers(-60, 60))
def test_add_matches_model(cal: WorkCalendar, day: dt.date, n: int) -> None:
    """add_working_days agrees with stepping day by day."""
    assert _slow_add(cal, day, n) == cal.add_working_days(day, n)


@given(calendars, dates, steps)
def test_count_inverts_add(cal: WorkCalendar, day: dt.date, n: int) -> None:
    """count(a, add(a, n)) == n (for n == 0 only when a is a working day)."""
    result = cal.add_working_days(day, n)
    if n != 0 or cal.is_working_day(day):
        assert n == cal.count_working_days(day, result)


@given(calendars, dates, steps, steps)
def test_add_monotonic(cal: WorkCalendar, day: dt.date, n: int, m: int) -> None:
    """add is non-decreasing in n, strictly increasing for n >= 1."""
    lo, hi = sorted((n, m))
    assert cal.add_working_days(day, lo) <= cal.add_working_days(day, hi)
    if 1 <= lo < hi:
        assert cal.add_working_days(day, lo) < cal.add_working_days(day, hi)


@given(calendars, dates, st.integers(1, 600))
def test_add_lands_on_working_day_and_back(cal: WorkCalendar, day: dt.date, n: int) -> None:
    """add(a, n) is a working day after a; adding -n from it comes back to a's working day."""
    result = cal.add_working_days(day, n)
    assert result > day
    assert cal.is_working_day(result)
    back = cal.add_working_days(result, -n)
    expected = day if cal.is_working_day(day) else cal.previous_working_day(day)
    assert expected == back


@given(calendars, dates, dates)
def test_count_matches_model(cal: WorkCalendar, a: dt.date, b: dt.date) -> None:
    """count(a, b) is the days in (a, b] (or minus [b, a)) that are working days."""
    if abs((b - a).days) > 400:
        b = a + dt.timedelta(days=(b - a).days % 400)
    if a <= b:
        expected = sum(_slow_working(cal, a + ONE_DAY * i) for i in range(1, (b - a).days + 1))
    else:
        expected = -sum(_slow_working(cal, b + ONE_DAY * i) for i in range((a - b).days))
    assert expected == cal.count_working_days(a, b)


@given(dates, st.integers(-300, 300))
def test_derived_without_overrides_equals_base(day: dt.date, n: int) -> None:
    """A derived calendar with no overrides behaves exactly like its base."""
    derived = CAL.derive()
    assert CAL.is_working_day(day) == derived.is_working_day(day)
    assert CAL.add_working_days(day, n) == derived.add_working_days(day, n)
    assert CAL.days_off(day.year) == derived.days_off(day.year)
    assert CAL.makeup_workdays(day.year) == derived.makeup_workdays(day.year)


# --- working time ----------------------------------------------------------------------------

MINUTE = dt.timedelta(minutes=1)
instants = st.builds(
    lambda day, minute: (
        dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM_TZ) + minute * MINUTE
    ),
    st.one_of(
        st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
        st.dates(dt.date(2100, 1, 1), dt.date(2101, 12, 31)),
    ),
    st.integers(0, 24 * 60 - 1),
)
minutes = st.integers(0, 3 * 8 * 60)


def _minute_worked(cal: WorkCalendar, start: dt.datetime) -> bool:
    """Model: the minute [start, start + 1 min) is inside a session of a working day."""
    day = start.date()
    if not cal.is_working_day(day):
        return False
    now = start.time()
    return any(s.start <= now < s.end for s in cal.sessions_on(day))


def _slow_add_time(cal: WorkCalendar, start: dt.datetime, count: int) -> dt.datetime:
    t = start
    if count == 0:
        while not _minute_worked(cal, t):
            t += MINUTE
        return t
    while count:
        if _minute_worked(cal, t):
            count -= 1
        t += MINUTE
    # the first instant at which `count` minutes have been worked: step back over idle time
    while not _minute_worked(cal, t - MINUTE):
        t -= MINUTE
    return t


@given(calendars, instants, minutes)
def test_add_working_time_matches_minute_model(
    cal: WorkCalendar, start: dt.datetime, count: int
) -> None:
    """add_working_time agrees with stepping minute by minute."""
    assert _slow_add_time(cal, start, count) == cal.add_working_time(start, count * MINUTE)


@given(calendars, instants, st.integers(0, 2 * 24 * 60))
def test_between_matches_minute_model(cal: WorkCalendar, start: dt.datetime, span: int) -> None:
    """working_time_between counts the working minutes in [a, b)."""
    end = start + span * MINUTE
    worked = sum(_minute_worked(cal, start + i * MINUTE) for i in range(span))
    assert worked * MINUTE == cal.working_time_between(start, end)
    assert -worked * MINUTE == cal.working_time_between(end, start)


@given(calendars, instants, st.integers(0, 100 * 8 * 60))
def test_working_time_add_between_inverse(
    cal: WorkCalendar, start: dt.datetime, count: int
) -> None:
    """between(t, add(t, d)) == d, and add(t, d) then -d returns to t's working position."""
    delta = count * MINUTE
    end = cal.add_working_time(start, delta)
    assert delta == cal.working_time_between(start, end)
    assert end >= start
    back = cal.add_working_time(end, -delta)
    assert dt.timedelta(0) == cal.working_time_between(start, back)


@given(instants, st.integers(0, 10_000))
def test_working_time_is_vietnam_time(start: dt.datetime, count: int) -> None:
    """Results are in Vietnam time whatever the input zone."""
    utc = start.astimezone(dt.UTC)
    result = CAL.add_working_time(utc, count * MINUTE)
    assert result.tzinfo == VIETNAM_TZ
    assert CAL.add_working_time(start, count * MINUTE) == result
