"""The one parser of limit text (TimeLimit.parse / TimeUnit.parse) and the lateness measure.

Expected values are written out by hand: the unit words are those of the ledger
(``10 working_days``), of procedure records (``10 ngày làm việc``) and of
``str(TimeLimit)``; the lateness cases count days on the 2026 calendar by hand
(Tết 2026: Saturday 14 to Sunday 22 February off, Monday 23 a working day).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import (
    Lateness,
    TimeLimit,
    TimeUnit,
    compute_deadline,
    lateness,
)
from lapvo_cchc.errors import InvalidTimeLimitError, InvalidTypeError, NaiveDatetimeError

CAL = vietnam()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 working_days", TimeLimit.working_days(10)),
        ("10 working days", TimeLimit.working_days(10)),
        ("1 working day", TimeLimit.working_days(1)),
        ("10 ngày làm việc", TimeLimit.working_days(10)),
        ("10 Ngày Làm Việc", TimeLimit.working_days(10)),
        (unicodedata.normalize("NFD", "10 ngày làm việc"), TimeLimit.working_days(10)),
        ("  10   WORKING_DAYS ", TimeLimit.working_days(10)),
        ("8 working_hours", TimeLimit.working_hours(8)),
        ("8 giờ làm việc", TimeLimit.working_hours(8)),
        ("5 calendar_days", TimeLimit.calendar_days(5)),
        ("5 calendar days", TimeLimit.calendar_days(5)),
        ("5 ngày", TimeLimit.calendar_days(5)),
        ("0 ngày", TimeLimit.calendar_days(0)),
        ("same_day", TimeLimit.same_day()),
        ("same day", TimeLimit.same_day()),
        ("trong ngày", TimeLimit.same_day()),
        ("same_day 15:00", TimeLimit.same_day(dt.time(15))),
        ("trong ngày 9:30", TimeLimit.same_day(dt.time(9, 30))),
        ("trong ngày (nhận trước 15:00)", TimeLimit.same_day(dt.time(15))),
    ],
)
def test_parse_accepts_english_and_vietnamese(text: str, expected: TimeLimit) -> None:
    assert TimeLimit.parse(text) == expected


@pytest.mark.parametrize(
    "limit",
    [
        TimeLimit.working_days(3),
        TimeLimit.working_hours(8),
        TimeLimit.calendar_days(30),
        TimeLimit.same_day(),
        TimeLimit.same_day(dt.time(16, 30)),
    ],
)
def test_parse_reads_back_str(limit: TimeLimit) -> None:
    assert TimeLimit.parse(str(limit)) == limit


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10",
        "10 days",  # English "days" is ambiguous: refused, not guessed
        "-1 ngày",
        "1.5 ngày",
        "١٠ ngày",  # Arabic-Indic digits are not an amount
        "10 working_days extra",
        "1 same_day",
        "same_day 25:00",
        "same_day 15:60",
        "working_days",
        "10 tháng",
    ],
)
def test_parse_refuses_by_name(text: str) -> None:
    with pytest.raises(InvalidTimeLimitError, match=r"TimeLimit\.parse") as info:
        TimeLimit.parse(text)
    assert repr(text) in str(info.value)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(InvalidTimeLimitError, match="got int 10"):
        TimeLimit.parse(10)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("working_days", TimeUnit.WORKING_DAYS),
        ("WORKING_DAYS", TimeUnit.WORKING_DAYS),
        ("ngày làm việc", TimeUnit.WORKING_DAYS),
        ("ngày", TimeUnit.CALENDAR_DAYS),
        ("calendar_days", TimeUnit.CALENDAR_DAYS),
        ("giờ làm việc", TimeUnit.WORKING_HOURS),
        ("working hours", TimeUnit.WORKING_HOURS),
        ("trong ngày", TimeUnit.SAME_DAY),
        ("same_day", TimeUnit.SAME_DAY),
    ],
)
def test_unit_parse(text: str, unit: TimeUnit) -> None:
    assert TimeUnit.parse(text) is unit


def test_unit_parse_refuses() -> None:
    with pytest.raises(InvalidTimeLimitError, match="'days'"):
        TimeUnit.parse("days")


# -- lateness ---------------------------------------------------------------------------------

THU_5_MARCH = compute_deadline(
    dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ), TimeLimit.working_days(3), calendar=CAL
)  # Tue 3, Wed 4, Thu 5 March 2026: due Thursday 5, late from Friday 6 00:00
FRI_13_FEB = compute_deadline(
    dt.datetime(2026, 2, 12, 9, 30, tzinfo=VIETNAM_TZ), TimeLimit.working_days(1), calendar=CAL
)  # due Friday 13 February 2026, the last working day before Tết


def test_the_two_deadlines_used_below() -> None:
    assert (THU_5_MARCH.date, FRI_13_FEB.date) == (dt.date(2026, 3, 5), dt.date(2026, 2, 13))


@pytest.mark.parametrize(
    ("deadline", "at", "expected"),
    [
        # Monday 9 March 10:00: 3 days 10 h after Fri 6 00:00; Fri 6 and Mon 9 worked.
        (THU_5_MARCH, dt.datetime(2026, 3, 9, 10, tzinfo=VIETNAM_TZ), Lateness(295200, 4, 2)),
        # Tuesday 3 March 16:00: 2 days 8 h before; Tue 3 and Wed 4 stepped back over.
        (THU_5_MARCH, dt.datetime(2026, 3, 3, 16, tzinfo=VIETNAM_TZ), Lateness(-201600, -2, -2)),
        # On the due date at 17:00: 7 h before 24:00, zero days.
        (THU_5_MARCH, dt.datetime(2026, 3, 5, 17, tzinfo=VIETNAM_TZ), Lateness(-25200, 0, 0)),
        # 18:00 UTC on the 5th is 01:00 on Friday 6 in Vietnam: one hour late, one day.
        (THU_5_MARCH, dt.datetime(2026, 3, 5, 18, tzinfo=dt.UTC), Lateness(3600, 1, 1)),
        # Saturday 7 March: late by two calendar days, one working day (Friday 6).
        (THU_5_MARCH, dt.datetime(2026, 3, 7, 8, tzinfo=VIETNAM_TZ), Lateness(115200, 2, 1)),
        # Across Tết: Monday 23 February 09:00 after Friday 13: 9 days 9 h, 10 days, 1 working.
        (FRI_13_FEB, dt.datetime(2026, 2, 23, 9, tzinfo=VIETNAM_TZ), Lateness(810000, 10, 1)),
    ],
)
def test_lateness_hand_computed(deadline: object, at: dt.datetime, expected: Lateness) -> None:
    got = lateness(deadline, at, calendar=CAL)  # type: ignore[arg-type]
    assert got == expected
    assert got.late is (expected.seconds > 0)


def test_lateness_refuses_naive_and_non_deadline() -> None:
    with pytest.raises(NaiveDatetimeError):
        lateness(THU_5_MARCH, dt.datetime(2026, 3, 9), calendar=CAL)
    with pytest.raises(InvalidTypeError, match="expected a Deadline"):
        lateness("2026-03-05", dt.datetime(2026, 3, 9, tzinfo=VIETNAM_TZ), calendar=CAL)  # type: ignore[arg-type]
