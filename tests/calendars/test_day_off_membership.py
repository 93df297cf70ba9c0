"""``date in cal``: the schedule's days off, as ``date in holidays.VN()`` answers."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError


def _year(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]


# The 2026 civil-service days off: Thông báo 9441/TB-BNV (16/10/2025) for Tết and National
# Day (with the swap Mon 31/8 <-> Sat 22/8); Văn bản 12729/VPCP-KGVX (25/12/2025) for the
# New-Year swap Fri 2/1 <-> Sat 10/1; Giỗ Tổ on Sun 26/4 compensated on Mon 27/4 (Labour Code
# 2019 Art. 111(3)); 30/4 and 1/5 fall on Thursday and Friday.
OFFICIAL_2026 = {
    dt.date(2026, 1, 1),
    dt.date(2026, 1, 2),
    *(dt.date(2026, 2, d) for d in range(16, 21)),
    dt.date(2026, 4, 26),
    dt.date(2026, 4, 27),
    dt.date(2026, 4, 30),
    dt.date(2026, 5, 1),
    dt.date(2026, 8, 31),
    dt.date(2026, 9, 1),
    dt.date(2026, 9, 2),
}


def test_in_is_the_official_2026_schedule():
    """The dates `in vietnam()` over 2026 are exactly the notified days off, weekends excluded."""
    cal = vietnam()
    assert OFFICIAL_2026 == {d for d in _year(2026) if d in cal}


def test_in_matches_python_holidays_where_both_are_complete():
    """For 2016-2024 `d in vietnam()` agrees with `d in holidays.VN()` on every day."""
    cal = vietnam()
    for year in range(2016, 2025):
        theirs = holidays.VN(years=year)
        disagree = [d for d in _year(year) if (d in cal) != (d in theirs)]
        assert [] == disagree, year


def test_in_is_day_off_lookup_and_not_the_working_day_test():
    """`in` is day_off(); weekends and make-up Saturdays are not in, weekend holidays are."""
    cal = vietnam()
    for d in _year(2022):
        assert (cal.day_off(d) is not None) == (d in cal)
    assert dt.date(2022, 1, 1) in cal  # New Year's Day on a Saturday (compensated Mon 3/1)
    assert dt.date(2022, 1, 3) in cal
    assert dt.date(2026, 2, 14) not in cal  # the Saturday before Tết: off, but a weekly rest day
    assert not cal.is_working_day(dt.date(2026, 2, 14))
    assert dt.date(2026, 1, 10) not in cal  # make-up Saturday
    assert cal.is_working_day(dt.date(2026, 1, 10))


def test_in_follows_a_derived_calendar():
    """A province's extra day off is in its calendar; a day off it works is not."""
    province = vietnam().derive(
        extra_days_off=[dt.date(2026, 3, 2)], extra_working_days=[dt.date(2026, 2, 16)]
    )
    assert dt.date(2026, 3, 2) in province
    assert dt.date(2026, 2, 16) not in province
    assert dt.date(2026, 3, 2) not in vietnam()


def test_in_refuses_what_is_not_a_date():
    """A datetime, a string and an out-of-range date raise, naming the value."""
    cal = vietnam()
    with pytest.raises(InvalidTypeError, match="datetime"):
        _ = dt.datetime(2026, 2, 17, tzinfo=VIETNAM_TZ) in cal
    with pytest.raises(InvalidTypeError):
        _ = "2026-02-17" in cal
    with pytest.raises(OutOfRangeError):
        _ = dt.date(1900, 1, 1) in cal
