"""A typing client: how a portal's code sees lapvo_cchc's public API under mypy --strict.

It is checked by ``nox -s typing`` (``assert_type`` fails the type check when a
public signature drifts) and imported by the test suite so it also runs.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import assert_type

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import DayOff, DayOffKind, WorkCalendar, vietnam
from lapvo_cchc.deadlines import Deadline, Outcome, TimeLimit, classify, compute_deadline
from lapvo_cchc.dossiers import Channel, Dossier, State
from lapvo_cchc.kpi import Period, Ratio
from lapvo_cchc.lunar import LunarDate


def portal_code() -> None:
    """Use each layer the way an embedding portal would."""
    cal = vietnam()
    assert_type(cal, WorkCalendar)
    day = dt.date(2026, 1, 10)
    assert_type(cal.is_working_day(day), bool)
    assert_type(cal.add_working_days(day, 3), dt.date)
    assert_type(cal.count_working_days(day, dt.date(2026, 2, 1)), int)
    offs = cal.days_off(2026)
    assert_type(offs, tuple[DayOff, ...])
    assert offs[0].kind is DayOffKind.HOLIDAY
    assert_type(cal.makeup_workdays(2026), tuple[dt.date, ...])

    assert_type(LunarDate.from_solar(day), LunarDate)
    assert_type(LunarDate(2026, 1, 1).to_solar(), dt.date)

    received = dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
    deadline = compute_deadline(received, TimeLimit.working_days(5), calendar=cal)
    assert_type(deadline, Deadline)
    assert_type(deadline.date, dt.date)
    assert_type(deadline.at, dt.datetime)
    assert_type(classify(deadline, finished_at=received), Outcome)

    dossier = Dossier.received(
        "000.00.06.H56-260302-0001",
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(5),
        agency="000.00.06.H56",
        channel=Channel.IN_PERSON,
        at=received,
    )
    assert_type(dossier.state, State)

    ratio = Ratio(1200, 1234)
    assert_type(ratio.value, Fraction | None)
    assert_type(Period.parse("2020-H1"), Period)


def test_typing_client_runs() -> None:
    """The client code also runs without error (its asserts hold at run time)."""
    portal_code()
