"""Tests for lapvo_cchc.calendars: official schedules, statutory rules, API contract, errors."""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import (
    CalendarProvider,
    DayOff,
    DayOffKind,
    DayOffStatus,
    Overlay,
    Session,
    VietnamProvider,
    WorkCalendar,
    WorkingHours,
    vietnam,
)
from lapvo_cchc.calendars._data import parse_schedule
from lapvo_cchc.errors import (
    CalendarError,
    InvalidTypeError,
    LapvoError,
    NaiveDatetimeError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
)

if TYPE_CHECKING:
    import pathlib

D = dt.date
ignore_provisional = pytest.mark.filterwarnings(
    "ignore::lapvo_cchc.errors.ProvisionalCalendarWarning"
)

# ---------------------------------------------------------------------------------------------
# Golden official schedules, written from the table of docs/design/rules.md#yearly-schedules (not
# from the data file). Each span is a run of days off
# *including* the weekend days the sources count in it.
# ---------------------------------------------------------------------------------------------

GOLDEN: dict[int, dict[str, object]] = {
    # MOLISA schedule announced 6/8/2018; swaps: python-holidays cites 6519/VPCP-KGVX.
    2019: {
        "spans": [
            (D(2018, 12, 29), D(2019, 1, 1)),
            (D(2019, 2, 2), D(2019, 2, 10)),
            (D(2019, 4, 14), D(2019, 4, 15)),
            (D(2019, 4, 27), D(2019, 5, 1)),
            (D(2019, 9, 2), D(2019, 9, 2)),
        ],
        "makeup": [D(2019, 1, 5), D(2019, 5, 4)],
        "compensatory": [D(2019, 4, 15)],
        "swapped": [D(2019, 4, 29)],
    },
    # MOLISA Tết 2020 notice (number not found).
    2020: {
        "spans": [
            (D(2020, 1, 1), D(2020, 1, 1)),
            (D(2020, 1, 23), D(2020, 1, 29)),
            (D(2020, 4, 2), D(2020, 4, 2)),
            (D(2020, 4, 30), D(2020, 5, 3)),
            (D(2020, 9, 2), D(2020, 9, 2)),
        ],
        "makeup": [],
        "compensatory": [D(2020, 1, 28), D(2020, 1, 29)],
        "swapped": [],
    },
    # Thông báo 4875/TB-LĐTBXH (December 2020).
    2021: {
        "spans": [
            (D(2021, 1, 1), D(2021, 1, 3)),
            (D(2021, 2, 10), D(2021, 2, 16)),
            (D(2021, 4, 21), D(2021, 4, 21)),
            (D(2021, 4, 30), D(2021, 5, 3)),
            (D(2021, 9, 2), D(2021, 9, 5)),
        ],
        "makeup": [],
        "compensatory": [D(2021, 2, 15), D(2021, 2, 16), D(2021, 5, 3)],
        "swapped": [],
    },
    # Government Office Công văn số 245 (11/1/2022).
    2022: {
        "spans": [
            (D(2022, 1, 1), D(2022, 1, 3)),
            (D(2022, 1, 29), D(2022, 2, 6)),
            (D(2022, 4, 9), D(2022, 4, 11)),
            (D(2022, 4, 30), D(2022, 5, 3)),
            (D(2022, 9, 1), D(2022, 9, 4)),
        ],
        "makeup": [],
        "compensatory": [D(2022, 1, 3), D(2022, 4, 11), D(2022, 5, 2), D(2022, 5, 3)],
        "swapped": [],
    },
    # Văn bản 8056/VPCP-KGVX (1/12/2022).
    2023: {
        "spans": [
            (D(2022, 12, 31), D(2023, 1, 2)),
            (D(2023, 1, 20), D(2023, 1, 26)),
            (D(2023, 4, 29), D(2023, 5, 3)),
            (D(2023, 9, 1), D(2023, 9, 4)),
        ],
        "makeup": [],
        # the Tết split (which two days are compensatory) is
        # derived: "partial" in docs/design/rules.md#yearly-schedules
        "compensatory": [
            D(2023, 1, 2),
            D(2023, 1, 25),
            D(2023, 1, 26),
            D(2023, 5, 2),
            D(2023, 5, 3),
            D(2023, 9, 4),
        ],
        "swapped": [],
    },
    # Thông báo 5015/TB-LĐTBXH (22/11/2023) after 8662/VPCP-KGVX; swap 2450/VPCP-KGVX.
    2024: {
        "spans": [
            (D(2023, 12, 30), D(2024, 1, 1)),
            (D(2024, 2, 8), D(2024, 2, 14)),
            (D(2024, 4, 18), D(2024, 4, 18)),
            (D(2024, 4, 27), D(2024, 5, 1)),
            (D(2024, 8, 31), D(2024, 9, 3)),
        ],
        "makeup": [D(2024, 5, 4)],
        "compensatory": [D(2024, 2, 13), D(2024, 2, 14)],  # derived split ("partial")
        "swapped": [D(2024, 4, 29)],
    },
    # Văn bản 8726/VPCP-KGVX (26/11/2024); 22 days off in total.
    2025: {
        "spans": [
            (D(2025, 1, 1), D(2025, 1, 1)),
            (D(2025, 1, 25), D(2025, 2, 2)),
            (D(2025, 4, 5), D(2025, 4, 7)),
            (D(2025, 4, 30), D(2025, 5, 4)),
            (D(2025, 8, 30), D(2025, 9, 2)),
        ],
        "makeup": [D(2025, 4, 26)],
        "compensatory": [],
        "swapped": [D(2025, 5, 2)],
    },
    # Thông báo 9441/TB-BNV (16/10/2025); New-Year swap: Văn bản 12729/VPCP-KGVX (25/12/2025).
    2026: {
        "spans": [
            (D(2026, 1, 1), D(2026, 1, 4)),
            (D(2026, 2, 14), D(2026, 2, 22)),
            (D(2026, 4, 25), D(2026, 4, 27)),
            (D(2026, 4, 30), D(2026, 5, 3)),
            (D(2026, 8, 29), D(2026, 9, 2)),
        ],
        "makeup": [D(2026, 1, 10), D(2026, 8, 22)],
        "compensatory": [D(2026, 4, 27)],
        "swapped": [D(2026, 1, 2), D(2026, 8, 31)],
    },
}


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _golden_off(year: int) -> set[dt.date]:
    spans = GOLDEN[year]["spans"]
    assert isinstance(spans, list)
    return {day for start, end in spans for day in _days(start, end)}


@pytest.mark.parametrize("year", sorted(GOLDEN))
def test_official_schedule_day_by_day(year: int) -> None:
    """Every day of each official year is working or not exactly as the official schedules say.

    See docs/design/rules.md#yearly-schedules.
    """
    cal = vietnam()
    off = _golden_off(year)
    makeup = set(GOLDEN[year]["makeup"])  # type: ignore[call-overload]
    for day in _days(D(year, 1, 1), D(year, 12, 31)):
        expected = day in makeup or (day.weekday() < 5 and day not in off)
        assert expected == cal.is_working_day(day), day


@pytest.mark.parametrize("year", sorted(GOLDEN))
def test_official_kinds_and_makeup(year: int) -> None:
    """Compensatory and swapped days and make-up Saturdays match the official schedules.

    See docs/design/rules.md#yearly-schedules.
    """
    cal = vietnam()
    days = cal.days_off(year)
    by_kind = {kind: [d.date for d in days if d.kind is kind] for kind in DayOffKind}
    golden = GOLDEN[year]
    assert golden["compensatory"] == by_kind[DayOffKind.COMPENSATORY]
    assert [d for d in golden["swapped"] if d.year == year] == by_kind[DayOffKind.SWAPPED]  # type: ignore[attr-defined]
    assert golden["makeup"] == list(cal.makeup_workdays(year))
    assert all(not d.provisional for d in days)
    assert not cal.is_provisional(year)


def test_2019_swap_spans_the_new_year() -> None:
    """31/12/2018 is a swapped day off of the 2019 schedule, worked back on Sat 5/1/2019."""
    cal = vietnam()
    entry = cal.day_off(D(2018, 12, 31))  # 2018 has its own official schedule (no warning)
    assert entry is not None
    assert entry.kind == DayOffKind.SWAPPED
    assert entry.confirmed
    assert "05/01/2019" in entry.name
    assert cal.is_working_day(D(2019, 1, 5))
    assert D(2019, 1, 5) in cal.makeup_workdays(2019)


def test_2025_has_22_days_off() -> None:
    """The 2025 spans add up to the officially quoted 22 days off.

    Cross-check: docs/design/rules.md#yearly-schedules.
    """
    assert len({d for d in _golden_off(2025) if d.year == 2025}) == 22
    cal = vietnam()
    weekend_or_off = [
        d for d in _golden_off(2025) if not cal.is_working_day(d) and d != D(2025, 4, 26)
    ]
    assert len(weekend_or_off) == 22


def test_partial_rows_are_marked() -> None:
    """Tết 2023/2024 compensatory labels and New Year 2024 are derived, hence partial."""
    cal = vietnam()
    partial = {d.date for y in (2023, 2024) for d in cal.days_off(y) if not d.confirmed}
    assert D(2024, 1, 1) in partial
    assert {D(2023, 1, 25), D(2023, 1, 26), D(2024, 2, 13), D(2024, 2, 14)} <= partial
    assert all(
        d.status is DayOffStatus.PARTIAL
        for y in (2023, 2024)
        for d in cal.days_off(y)
        if d.date in partial
    )


def test_names_are_vietnamese_nfc() -> None:
    """Names carry diacritics, are NFC, and every entry cites a basis."""
    cal = vietnam()
    names = {d.name for y in GOLDEN for d in cal.days_off(y)}
    assert "Tết Nguyên đán (mùng 1)" in names
    assert "Nghỉ bù Giỗ Tổ Hùng Vương" in names
    for y in GOLDEN:
        for d in cal.days_off(y):
            assert unicodedata.normalize("NFC", d.name) == d.name
            assert d.basis
            assert d.name_en


def test_culture_day_is_not_a_day_off() -> None:
    """24/11/2026 (Ngày Văn hóa Việt Nam) is not in the law as of the data: a working Tuesday."""
    assert vietnam().is_working_day(D(2026, 11, 24))


# --- public API contract examples ------------------------------------------------------------


def test_design_examples() -> None:
    """The examples of docs/design/architecture.md#public-api-contract."""
    cal = vietnam()
    assert not cal.is_working_day(D(2026, 2, 16))
    assert cal.is_working_day(D(2026, 1, 10))
    d = D(2026, 2, 12)  # Thursday before Tết
    assert D(2026, 2, 13) == cal.add_working_days(d, 1)
    assert D(2026, 2, 23) == cal.add_working_days(d, 2)
    assert cal.count_working_days(d, D(2026, 2, 23)) == 2
    assert D(2026, 2, 23) == cal.add_working_days(D(2026, 2, 16), 0)
    assert D(2026, 2, 12) == cal.add_working_days(D(2026, 2, 12), 0)
    assert D(2026, 2, 12) == cal.add_working_days(D(2026, 2, 23), -2)
    assert D(2026, 2, 23) == cal.next_working_day(D(2026, 2, 13))
    assert D(2026, 2, 13) == cal.previous_working_day(D(2026, 2, 23))
    assert tuple(sorted(cal.days_off(2026), key=lambda x: x.date)) == cal.days_off(2026)


def test_2023_compensatory_days_jump_over_holidays() -> None:
    """Giỗ Tổ Sat 29/4 and 30/4 Sun give Tue 2/5 and Wed 3/5, skipping 1/5.

    See docs/design/rules.md#holidays.
    """
    for cal in (vietnam(), WorkCalendar.from_provider(VietnamProvider(official=False))):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            comp = [d.date for d in cal.days_off(2023) if d.kind is DayOffKind.COMPENSATORY]
        assert [D(2023, 5, 2), D(2023, 5, 3)] == [d for d in comp if d.month == 5]


# --- statutory rules (provisional years) -----------------------------------------------------


def _holidays(year: int) -> list[dt.date]:
    cal = WorkCalendar.from_provider(VietnamProvider(official=False))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        return [d.date for d in cal.days_off(year) if d.kind is DayOffKind.HOLIDAY]


def test_labour_code_1994_no_gio_to_before_2007() -> None:
    """2005: no Giỗ Tổ (added to LC 1994 Art. 73 in 2007); 2008 has it (10/3 âm lịch = 15/4)."""
    assert not any(d.month == 4 and d.day < 30 for d in _holidays(2005))
    assert D(2008, 4, 15) in _holidays(2008)


def test_labour_code_1994_tet_four_days() -> None:
    """2010 (LC 1994): Tết is 4 days: 30 Chạp (13/2) + mùng 1-3 (14-16/2)."""
    tet = [d for d in _holidays(2010) if d.month == 2]
    assert [D(2010, 2, 13), D(2010, 2, 14), D(2010, 2, 15), D(2010, 2, 16)] == tet


def test_labour_code_2012_from_may_2013() -> None:
    """Tết 2013 (10/2) is before LC 2012 took effect (1/5/2013): 4 days; Tết 2014: 5 days."""
    assert len([d for d in _holidays(2013) if d.month == 2]) == 4
    assert len([d for d in _holidays(2014) if d.month in (1, 2) and d != D(2014, 1, 1)]) == 5


def test_national_day_one_day_until_2020() -> None:
    """2/9 is one day under LC 2012 (2019, 2020) and two days from 2021 (LC 2019)."""
    assert [D(2019, 9, 2)] == [d for d in _holidays(2019) if d.month == 9]
    assert [D(2020, 9, 2)] == [d for d in _holidays(2020) if d.month == 9]
    assert len([d for d in _holidays(2021) if d.month == 9]) == 2


def test_statutory_rules_reproduce_official_years_but_swaps() -> None:
    """The default Tết / 2 September rules give the official days off 2019-2026, swaps aside."""
    statutory = WorkCalendar.from_provider(VietnamProvider(official=False))
    official = vietnam()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        for year in GOLDEN:
            expected = {
                (d.date, d.kind)
                for d in official.days_off(year)
                if d.kind is not DayOffKind.SWAPPED
            }
            actual = {(d.date, d.kind) for d in statutory.days_off(year)}
            assert expected == actual, year


def test_2027_is_provisional_and_warns_once() -> None:
    """2027 is computed (matching the statutory rows of the research CSV) and warns once."""
    cal = vietnam()

    def hot_loop() -> tuple[DayOff, ...]:
        days = cal.days_off(2027)
        cal.is_working_day(D(2027, 3, 1))
        for _ in range(1000):
            cal.add_working_days(D(2027, 3, 1), 5)
        return days

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        days = hot_loop()
    assert [ProvisionalCalendarWarning] == [w.category for w in record]
    assert "2027" in str(record[0].message)
    assert all(d.provisional for d in days)
    dates = {d.date: d.kind for d in days}
    assert dates[D(2027, 1, 1)] == DayOffKind.HOLIDAY
    assert dates[D(2027, 4, 16)] == DayOffKind.HOLIDAY  # Giỗ Tổ, 10/3 âm lịch
    assert dates[D(2027, 5, 3)] == DayOffKind.COMPENSATORY  # for 1/5 on a Saturday
    assert D(2027, 2, 6) in dates  # Tết (mùng 1)
    assert cal.is_provisional(2027)


def test_warning_is_per_instance() -> None:
    """A new calendar instance warns again for the same provisional year."""
    for _ in range(2):
        with pytest.warns(ProvisionalCalendarWarning):
            vietnam().is_working_day(D(2030, 6, 3))


def test_crossing_into_provisional_year_warns() -> None:
    """Adding working days from 2026 into 2027 warns for 2027; staying in 2026 does not."""
    cal = vietnam()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal.add_working_days(D(2026, 12, 1), 10)
    with pytest.warns(ProvisionalCalendarWarning, match="2027"):
        assert D(2027, 1, 4) == cal.add_working_days(D(2026, 12, 31), 1)


@ignore_provisional
def test_supported_span() -> None:
    """1995-2199 works; beyond raises OutOfRangeError (a LapvoError and ValueError)."""
    cal = vietnam()
    assert cal.is_working_day(D(1995, 1, 3))
    assert not cal.is_working_day(D(2199, 1, 1))
    for bad in (D(1994, 12, 31), D(2200, 1, 1)):
        with pytest.raises(OutOfRangeError):
            cal.is_working_day(bad)
    with pytest.raises(OutOfRangeError):
        cal.add_working_days(D(2199, 12, 1), 100)
    with pytest.raises(OutOfRangeError):
        cal.days_off(1990)
    assert issubclass(OutOfRangeError, ValueError)


# --- wrong types -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2026-01-01", 20260101, None, dt.datetime(2026, 1, 1)])
def test_wrong_date_types(bad: object) -> None:
    """A string, an int, None or a datetime where a date is expected raise InvalidTypeError."""
    cal = vietnam()
    for call in (
        lambda: cal.is_working_day(bad),  # type: ignore[arg-type]
        lambda: cal.add_working_days(bad, 1),  # type: ignore[arg-type]
        lambda: cal.count_working_days(bad, D(2026, 1, 1)),  # type: ignore[arg-type]
        lambda: cal.next_working_day(bad),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidTypeError):
            call()


def test_wrong_other_types() -> None:
    """Non-int n, str year, non-timedelta delta, non-provider raise InvalidTypeError."""
    cal = vietnam()
    with pytest.raises(InvalidTypeError):
        cal.add_working_days(D(2026, 1, 5), 1.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        cal.add_working_days(D(2026, 1, 5), True)
    with pytest.raises(InvalidTypeError):
        cal.days_off("2026")  # type: ignore[arg-type]
    t = dt.datetime(2026, 1, 5, 8, tzinfo=VIETNAM_TZ)
    with pytest.raises(InvalidTypeError):
        cal.add_working_time(t, 60)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        WorkCalendar(object())  # type: ignore[arg-type]


def test_naive_datetimes_raise() -> None:
    """Working-time methods reject naive datetimes."""
    cal = vietnam()
    naive = dt.datetime(2026, 1, 5, 8)
    aware = naive.replace(tzinfo=VIETNAM_TZ)
    with pytest.raises(NaiveDatetimeError):
        cal.add_working_time(naive, dt.timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError):
        cal.working_time_between(naive, aware)
    with pytest.raises(NaiveDatetimeError):
        cal.working_time_between(aware, naive)


# --- working hours ---------------------------------------------------------------------------


def test_working_time_examples() -> None:
    """8 hours a day in two sessions; outside hours starts at the next session start."""
    cal = vietnam()
    at = dt.datetime(2026, 1, 5, 6, 0, tzinfo=VIETNAM_TZ)  # Monday before opening
    assert dt.datetime(2026, 1, 5, 11, 30, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        at, dt.timedelta(hours=4, minutes=30)
    )
    assert dt.datetime(2026, 1, 5, 17, 0, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        at, dt.timedelta(hours=8)
    )
    assert dt.datetime(2026, 1, 6, 7, 0, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        dt.datetime(2026, 1, 5, 17, 0, tzinfo=VIETNAM_TZ), dt.timedelta(0)
    )
    lunch = dt.datetime(2026, 1, 5, 12, 0, tzinfo=VIETNAM_TZ)
    assert dt.datetime(2026, 1, 5, 14, 30, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        lunch, dt.timedelta(hours=1)
    )
    utc = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)  # 08:00 in Vietnam
    result = cal.add_working_time(utc, dt.timedelta(hours=1))
    assert result.tzinfo == VIETNAM_TZ
    assert dt.datetime(2026, 1, 5, 9, 0, tzinfo=VIETNAM_TZ) == result
    assert dt.timedelta(hours=8) == cal.working_time_between(
        dt.datetime(2026, 1, 9, 17, tzinfo=VIETNAM_TZ),
        dt.datetime(2026, 1, 10, 18, tzinfo=VIETNAM_TZ),
    )
    assert -dt.timedelta(hours=1) == cal.working_time_between(
        dt.datetime(2026, 1, 5, 9, tzinfo=VIETNAM_TZ), at
    ) + dt.timedelta(hours=1)


def test_working_time_back() -> None:
    """A negative delta counts back; one hour before Tuesday 08:00 is Tuesday 07:00."""
    cal = vietnam()
    tue = dt.datetime(2026, 1, 6, 8, tzinfo=VIETNAM_TZ)
    assert dt.datetime(2026, 1, 6, 7, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        tue, -dt.timedelta(hours=1)
    )
    assert dt.datetime(2026, 1, 5, 16, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        tue, -dt.timedelta(hours=2)
    )


# --- derived calendars, overlays, data files -------------------------------------------------


def test_derive_saturday_morning_and_hours() -> None:
    """A Saturday-morning session makes Saturdays (not Saturday holidays) working days."""
    sat = [Session(dt.time(7), dt.time(11, 30))]
    cal = vietnam().derive(sessions={5: sat}, name="một cửa thứ Bảy")
    assert cal.is_working_day(D(2026, 3, 7))
    assert not cal.is_working_day(D(2022, 1, 1))  # New Year's Day on a Saturday
    assert cal.is_working_day(D(2026, 2, 14))  # a Saturday in the Tết break, not a day off
    assert dt.datetime(2026, 3, 9, 8, tzinfo=VIETNAM_TZ) == cal.add_working_time(
        dt.datetime(2026, 3, 7, 11, tzinfo=VIETNAM_TZ), dt.timedelta(hours=1, minutes=30)
    )
    assert cal.makeup_workdays(2026) == ()  # Saturdays are ordinary working days here


def test_derive_extra_days() -> None:
    """Extra days off and working days override the base; a date cannot be both."""
    base = vietnam()
    off = DayOff(
        date=D(2026, 3, 2),
        kind=DayOffKind.HOLIDAY,
        name="Ngày nghỉ của tỉnh",
        name_en="Provincial day off",
        basis="QĐ 1/2026/QĐ-UBND",
    )
    cal = base.derive(extra_days_off=[off], extra_working_days=[D(2026, 2, 16), D(2026, 3, 7)])
    assert not cal.is_working_day(D(2026, 3, 2))
    assert cal.is_working_day(D(2026, 2, 16))
    assert cal.is_working_day(D(2026, 3, 7))
    assert off == cal.day_off(D(2026, 3, 2))
    assert D(2026, 3, 7) in cal.makeup_workdays(2026)
    with pytest.raises(CalendarError):
        base.derive(extra_days_off=[D(2026, 3, 2)], extra_working_days=[D(2026, 3, 2)])
    with pytest.raises(InvalidTypeError):
        base.derive(extra_days_off=["2026-03-02"])  # type: ignore[list-item]


def test_overlays_compose() -> None:
    """An overlay on an overlay sees both layers."""
    cal = vietnam().derive(extra_days_off=[D(2026, 3, 2)]).derive(extra_days_off=[D(2026, 3, 3)])
    assert not cal.is_working_day(D(2026, 3, 2))
    assert not cal.is_working_day(D(2026, 3, 3))


def test_derive_from_csv(tmp_path: pathlib.Path) -> None:
    """A province's override file adds days off and working days, with their bases."""
    path = tmp_path / "tinh.csv"
    path.write_text(
        "date,kind,name_vi,name_en,basis\n"
        "2026-03-02,holiday,Ngày hội tỉnh,Provincial festival,QĐ 5/2026/QĐ-UBND\n"
        "2026-03-07,makeup,Làm việc thứ Bảy,Saturday work,QĐ 6/2026/QĐ-UBND\n",
        encoding="utf-8",
    )
    cal = vietnam().derive_from_csv(path)
    assert not cal.is_working_day(D(2026, 3, 2))
    assert cal.is_working_day(D(2026, 3, 7))
    assert cal.makeup_basis(D(2026, 3, 7)) == "QĐ 6/2026/QĐ-UBND"
    assert "12729/VPCP-KGVX" in cal.makeup_basis(D(2026, 1, 10))
    with pytest.raises(CalendarError):
        cal.makeup_basis(D(2026, 3, 9))


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2026-02-30,holiday,Tết,New Year,QĐ 1", "date"),
        ("2026-03-02,feast,Tết,New Year,QĐ 1", "kind"),
        ("2026-03-02,holiday,,New Year,QĐ 1", "name_vi"),
        ("2026-03-02,holiday,Te\u0302't,New Year,QĐ 1", "name_vi"),
    ],
)
def test_bad_override_rows_name_file_line_field(
    tmp_path: pathlib.Path, row: str, field: str
) -> None:
    """A bad row raises CalendarError naming the file, the line and the field."""
    path = tmp_path / "bad.csv"
    path.write_text(f"# comment\ndate,kind,name_vi,name_en,basis\n{row}\n", encoding="utf-8")
    with pytest.raises(CalendarError, match=rf"bad\.csv, line 3, field '{field}'"):
        vietnam().derive_from_csv(path)


def test_bundled_rules_are_stricter() -> None:
    """Bundled data requires schedule/confirmed columns and weekend make-up days."""
    header = "schedule,date,kind,name_vi,name_en,basis,confirmed\n"
    with pytest.raises(CalendarError, match="weekend"):
        parse_schedule(header + "2026,2026-03-02,makeup,Làm bù,Make-up,X,yes\n", "x", bundled=True)
    with pytest.raises(CalendarError, match="missing column"):
        parse_schedule("date,kind,name_vi,name_en,basis\n", "x", bundled=True)
    with pytest.raises(CalendarError, match="already given"):
        parse_schedule(
            header + "2026,2026-03-02,holiday,A,A,X,yes\n2026,2026-03-02,holiday,B,B,X,yes\n",
            "x",
            bundled=True,
        )


def test_errors_are_lapvo_errors() -> None:
    """Calendar errors belong to the LapvoError tree."""
    assert issubclass(CalendarError, LapvoError)
    with pytest.raises(CalendarError):
        Session(dt.time(12), dt.time(8))
    with pytest.raises(CalendarError):
        WorkingHours.office().with_weekday(9, [])
    with pytest.raises(CalendarError):
        WorkCalendar(VietnamProvider(), WorkingHours.office(days=()))


# --- CalendarProvider contract ---------------------------------------------------------------


class DictProvider:
    """A portal's own provider: a fixed dict of days off, no provisional years."""

    def __init__(self, days: dict[dt.date, str]) -> None:
        self._days = days

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        return tuple(
            DayOff(date=d, kind=DayOffKind.HOLIDAY, name=n, name_en=n, basis="portal DB")
            for d, n in sorted(self._days.items())
            if d.year == year
        )

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        return ()

    def is_provisional(self, year: int) -> bool:
        return False


class CalendarProviderContract:
    """Behaviour every CalendarProvider must have; subclass per implementation."""

    years: tuple[int, ...] = (2018, 2019, 2024, 2026, 2027)

    def make(self) -> CalendarProvider:
        raise NotImplementedError

    def test_is_a_provider(self) -> None:
        """The implementation satisfies the runtime-checkable protocol."""
        assert isinstance(self.make(), CalendarProvider)

    def test_days_off_sorted_unique_in_year(self) -> None:
        """days_off(year) is a sorted tuple of DayOff, one per date, all dated in the year."""
        provider = self.make()
        for year in self.years:
            days = provider.days_off(year)
            assert isinstance(days, tuple)
            dates = [d.date for d in days]
            assert sorted(set(dates)) == dates
            assert all(isinstance(d, DayOff) for d in days)
            assert all(d.date.year == year for d in days)

    def test_makeup_in_year_and_not_off(self) -> None:
        """makeup_workdays(year) are sorted dates in the year that are not days off."""
        provider = self.make()
        for year in self.years:
            makeup = provider.makeup_workdays(year)
            assert sorted(makeup) == list(makeup)
            assert all(d.year == year for d in makeup)
            assert not set(makeup) & {d.date for d in provider.days_off(year)}

    def test_deterministic(self) -> None:
        """The same year gives the same answer twice."""
        provider = self.make()
        for year in self.years:
            assert provider.days_off(year) == provider.days_off(year)
            assert provider.is_provisional(year) == provider.is_provisional(year)

    def test_confirmed_years_have_no_provisional_entries(self) -> None:
        """A year that is not provisional has no provisional entry."""
        provider = self.make()
        for year in self.years:
            if not provider.is_provisional(year):
                assert not any(d.provisional for d in provider.days_off(year))

    @ignore_provisional
    def test_calendar_agrees(self) -> None:
        """A calendar over the provider has its weekday days off as non-working days."""
        provider = self.make()
        cal = WorkCalendar.from_provider(provider)
        for year in self.years:
            for d in provider.days_off(year):
                assert not cal.is_working_day(d.date)
            for workday in provider.makeup_workdays(year):
                assert cal.is_working_day(workday)


class TestVietnamProvider(CalendarProviderContract):
    def make(self) -> CalendarProvider:
        return VietnamProvider()


class TestStatutoryProvider(CalendarProviderContract):
    def make(self) -> CalendarProvider:
        return VietnamProvider(official=False)


class TestEmptyOverlay(CalendarProviderContract):
    def make(self) -> CalendarProvider:
        return Overlay(VietnamProvider())


class TestOverlayWithEntries(CalendarProviderContract):
    def make(self) -> CalendarProvider:
        return Overlay(
            VietnamProvider(),
            extra_days_off=[D(2024, 3, 4), D(2027, 3, 1)],
            extra_working_days=[D(2026, 1, 2), D(2026, 3, 7)],
        )


class TestDictProvider(CalendarProviderContract):
    def make(self) -> CalendarProvider:
        return DictProvider({D(2024, 3, 4): "Ngày nghỉ A", D(2026, 9, 2): "Quốc khánh"})
