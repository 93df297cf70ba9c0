"""Tests of the public hypothesis strategies in lapvo_cchc.testing."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import WorkCalendar, vietnam
from lapvo_cchc.deadlines import TimeLimit, TimeUnit, compute_deadline
from lapvo_cchc.dossiers import (
    Channel,
    Dossier,
    Event,
    Received,
    RefusedAtIntake,
    check_history,
)
from lapvo_cchc.testing import (
    calendars,
    dossiers,
    event_histories,
    received_instants,
    time_limits,
)

CAL = vietnam()


@given(calendars())
def test_calendars_differ_from_the_base_only_where_changed(cal: WorkCalendar) -> None:
    """Derived calendars keep the base's invariants (add then count)."""
    day = dt.date(2024, 4, 25)
    assert cal.count_working_days(day, cal.add_working_days(day, 7)) == 7


@given(calendars(max_changes=10), received_instants(), time_limits())
def test_deadlines_on_derived_calendars_are_not_before_receipt(
    cal: WorkCalendar, received: dt.datetime, limit: TimeLimit
) -> None:
    """Every strategy combination yields a computable deadline, not before receipt."""
    deadline = compute_deadline(received, limit, calendar=cal)
    assert deadline.date >= received.date()
    assert deadline.at > received or limit.amount == 0


@given(time_limits(max_working_days=3, max_calendar_days=4, max_working_hours=5))
def test_time_limits_respect_their_bounds(limit: TimeLimit) -> None:
    """Amounts stay within the requested bounds; same-day limits have amount 0."""
    bound = {
        TimeUnit.WORKING_DAYS: 3,
        TimeUnit.CALENDAR_DAYS: 4,
        TimeUnit.WORKING_HOURS: 5,
        TimeUnit.SAME_DAY: 0,
    }[limit.unit]
    assert 0 <= limit.amount <= bound


@given(time_limits(same_day=False))
def test_time_limits_without_same_day(limit: TimeLimit) -> None:
    """same_day=False leaves same-day limits out."""
    assert limit.unit is not TimeUnit.SAME_DAY


@given(received_instants())
def test_received_instants_are_ict_inside_official_years(at: dt.datetime) -> None:
    """Default instants are in UTC+7 and in an official (bundled) year."""
    assert dt.timedelta(hours=7) == at.utcoffset()
    assert VIETNAM_TZ is at.tzinfo
    assert not CAL.is_provisional(at.year)
    assert at <= dt.datetime(2026, 6, 30, 23, 59, 59, tzinfo=VIETNAM_TZ)


@given(received_instants(min_date=dt.date(2024, 4, 29), max_date=dt.date(2024, 5, 1)))
def test_received_instants_bounds(at: dt.datetime) -> None:
    """Explicit bounds are honoured."""
    assert dt.date(2024, 4, 29) <= at.date() <= dt.date(2024, 5, 1)


@given(event_histories(max_events=6))
def test_event_histories_are_legal_and_ordered(events: tuple[Event, ...]) -> None:
    """Histories pass the state machine, are ordered, and respect max_events."""
    check_history("H56-260101-0001", events)
    assert 1 <= len(events) <= 6
    assert all(a.at <= b.at for a, b in itertools.pairwise(events))


@given(event_histories(online=False, refusals=False))
def test_event_histories_in_person_start_with_receipt(events: tuple[Event, ...]) -> None:
    """Without online submission or refusals, a history starts with Received."""
    assert type(events[0]) is Received


@given(dossiers(channels=[Channel.POSTAL]))
def test_dossiers_honour_channels(d: Dossier) -> None:
    """Dossiers use only the channels asked for."""
    assert Channel.POSTAL is d.channel


@given(
    dossiers(
        time_limits=st.just(TimeLimit.working_days(10)),
        received_at=st.just(dt.datetime(2025, 7, 1, 8, tzinfo=VIETNAM_TZ)),
    )
)
def test_dossiers_take_fixed_strategies(d: Dossier) -> None:
    """time_limits and received_at strategies are used as given."""
    assert TimeLimit.working_days(10) == d.time_limit
    start = next(e for e in d.events if type(e) in {Received, RefusedAtIntake})
    assert dt.datetime(2025, 7, 1, 8, tzinfo=VIETNAM_TZ) == start.at
    assert dt.date(2025, 7, 1) == d.code.date


def test_missing_hypothesis_raises_missing_extra_error() -> None:
    """Without hypothesis, importing lapvo_cchc.testing names the extra to install."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["hypothesis"] = None  # make "import hypothesis" fail
        try:
            import lapvo_cchc.testing
        except ImportError as exc:
            from lapvo_cchc.errors import MissingExtraError
            assert isinstance(exc, MissingExtraError), type(exc)
            print(exc)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "lapvo-cchc[testing]" in result.stdout
