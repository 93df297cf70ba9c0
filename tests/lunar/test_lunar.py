"""Tests of lapvo_cchc.lunar: the Vietnamese lunisolar calendar (UTC+7)."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

import pytest
from holidays.calendars.chinese import (
    CHINESE_CALENDAR,
    VIETNAMESE_CALENDAR,
    _ChineseLunisolar,
)
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc import lunar
from lapvo_cchc.errors import InvalidDateError, InvalidTypeError, LapvoError, OutOfRangeError
from lapvo_cchc.lunar import (
    MAX_SOLAR,
    MAX_YEAR,
    MIN_SOLAR,
    MIN_YEAR,
    LunarDate,
    can_chi_year,
    leap_month,
    lunar_year,
    month_length,
)

D = dt.date

# --------------------------------------------------------------------------- helpers


def china_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    """Return the solar date of a lunar date computed with the same rules for UTC+8."""
    return D.fromordinal(lunar._table(8.0).to_ordinal(year, month, day, leap))


def near_midnight_new_moons(
    minutes: float = 10.0, tz_hours: float = 7.0
) -> list[tuple[dt.datetime, float]]:
    """List the new moons in the supported span within *minutes* of local midnight.

    Each entry is the local instant (to the minute) and its signed distance in
    minutes from the nearest midnight (negative: just before midnight). The
    month then begins on the instant's own local day, as the published
    algorithm decides; a precise ephemeris might move it by one day.
    """
    tz = dt.timezone(dt.timedelta(hours=tz_hours))
    found = []
    first_k = math.floor((MIN_SOLAR.toordinal() - D(1900, 1, 1).toordinal()) / 29.53) - 2
    last_k = math.ceil((MAX_SOLAR.toordinal() - D(1900, 1, 1).toordinal()) / 29.53) + 2
    for k in range(first_k, last_k + 1):
        local = lunar._new_moon_jd(k) + 0.5 + tz_hours / 24.0
        day = math.floor(local)
        offset = (local - day) * 1440.0
        signed = offset if offset < 720 else offset - 1440.0
        date = D.fromordinal(day - lunar._JDN_OFFSET)
        if abs(signed) <= minutes and MIN_SOLAR <= date <= MAX_SOLAR:
            instant = dt.datetime.combine(date, dt.time(), tz) + dt.timedelta(minutes=offset)
            found.append((instant.replace(second=0, microsecond=0), round(signed, 1)))
    return found


lunar_dates = st.integers(MIN_YEAR, MAX_YEAR).flatmap(
    lambda y: st.sampled_from(lunar_year(y).months).flatmap(
        lambda m: st.builds(
            LunarDate,
            st.just(m.year),
            st.just(m.number),
            st.integers(1, m.length),
            st.just(m.leap),
        )
    )
)
solar_dates = st.dates(MIN_SOLAR, MAX_SOLAR)

# --------------------------------------------------------------------------- golden dates

# docs/design/rules.md#lunar-calendar, UTC+7 columns: year -> (Tết 1/1, Giỗ Tổ 10/3).
RULES_2015_2035 = {
    2015: (D(2015, 2, 19), D(2015, 4, 28)),
    2016: (D(2016, 2, 8), D(2016, 4, 16)),
    2017: (D(2017, 1, 28), D(2017, 4, 6)),
    2018: (D(2018, 2, 16), D(2018, 4, 25)),
    2019: (D(2019, 2, 5), D(2019, 4, 14)),
    2020: (D(2020, 1, 25), D(2020, 4, 2)),
    2021: (D(2021, 2, 12), D(2021, 4, 21)),
    2022: (D(2022, 2, 1), D(2022, 4, 10)),
    2023: (D(2023, 1, 22), D(2023, 4, 29)),
    2024: (D(2024, 2, 10), D(2024, 4, 18)),
    2025: (D(2025, 1, 29), D(2025, 4, 7)),
    2026: (D(2026, 2, 17), D(2026, 4, 26)),
    2027: (D(2027, 2, 6), D(2027, 4, 16)),
    2028: (D(2028, 1, 26), D(2028, 4, 4)),
    2029: (D(2029, 2, 13), D(2029, 4, 23)),
    2030: (D(2030, 2, 2), D(2030, 4, 12)),
    2031: (D(2031, 1, 23), D(2031, 4, 1)),
    2032: (D(2032, 2, 11), D(2032, 4, 19)),
    2033: (D(2033, 1, 31), D(2033, 4, 9)),
    2034: (D(2034, 2, 19), D(2034, 4, 28)),
    2035: (D(2035, 2, 8), D(2035, 4, 17)),
}


@pytest.mark.parametrize(("year", "expected"), RULES_2015_2035.items())
def test_tet_and_gio_to_match_rules_table(year: int, expected: tuple[dt.date, dt.date]) -> None:
    """Tết and Giỗ Tổ 2015-2035 are the dates of docs/design/rules.md#lunar-calendar, both ways."""
    tet, gio_to = expected
    assert (tet, gio_to) == (LunarDate(year, 1, 1).to_solar(), LunarDate(year, 3, 10).to_solar())
    assert LunarDate(year, 1, 1) == LunarDate.from_solar(tet)
    assert LunarDate(year, 3, 10) == LunarDate.from_solar(gio_to)


# year -> (Tết in Vietnam, Tết in China)
VN_CN_TET = {
    1968: (D(1968, 1, 29), D(1968, 1, 30)),
    1969: (D(1969, 2, 16), D(1969, 2, 17)),
    1985: (D(1985, 1, 21), D(1985, 2, 20)),
    2007: (D(2007, 2, 17), D(2007, 2, 18)),
    2030: (D(2030, 2, 2), D(2030, 2, 3)),
    2053: (D(2053, 2, 18), D(2053, 2, 19)),
}


@pytest.mark.parametrize(("year", "expected"), VN_CN_TET.items())
def test_tet_differs_from_china(year: int, expected: tuple[dt.date, dt.date]) -> None:
    """UTC+7 gives Vietnam's Tết and the same rules at UTC+8 give China's."""
    assert expected == (LunarDate(year, 1, 1).to_solar(), china_solar(year, 1, 1))


@pytest.mark.parametrize(
    ("year", "vietnam", "china"),
    [
        (2009, D(2009, 4, 4), D(2009, 4, 5)),
        (2037, D(2037, 4, 24), D(2037, 4, 25)),
        (2038, D(2038, 4, 13), D(2038, 4, 14)),
    ],
)
def test_gio_to_differs_from_china(year: int, vietnam: dt.date, china: dt.date) -> None:
    """Giỗ Tổ (10/3) differs from the Chinese 10/3 in 2009, 2037 and 2038."""
    assert (vietnam, china) == (LunarDate(year, 3, 10).to_solar(), china_solar(year, 3, 10))


def test_tet_differs_from_china_exactly_in_known_years() -> None:
    """Over 1900-2199 Tết differs from China's only in the documented years."""
    differing = [
        y
        for y in range(MIN_YEAR, MAX_YEAR + 1)
        if LunarDate(y, 1, 1).to_solar() != china_solar(y, 1, 1)
    ]
    expected = [1903, 1916, 1935, 1965, 1968, 1969, 1985, 2007, 2030, 2053, 2148, 2153]
    assert expected == differing


def test_known_leap_months() -> None:
    """Leap months of recent years are the published ones (2033 has a leap month 11)."""
    expected = {2017: 6, 2020: 4, 2023: 2, 2025: 6, 2026: None, 2028: 5, 2031: 3, 2033: 11}
    assert expected == {y: leap_month(y) for y in expected}


# --------------------------------------------------------------------------- python-holidays


def test_vietnamese_dates_agree_with_python_holidays() -> None:
    """Tết and Giỗ Tổ agree with python-holidays' VIETNAMESE_CALENDAR for every year it covers."""
    calendar = _ChineseLunisolar(VIETNAMESE_CALENDAR)
    checked = 0
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        for method, (month, day) in (("lunar_new_year_date", (1, 1)), ("hung_kings_date", (3, 10))):
            theirs, _estimated = getattr(calendar, method)(year)
            if theirs is None:
                continue
            checked += 1
            assert (year, method, theirs) == (year, method, LunarDate(year, month, day).to_solar())
    assert checked >= 2 * 199  # 1901-2099 in holidays 0.60+


def test_utc8_agrees_with_python_holidays_chinese_calendar() -> None:
    """The UTC+8 computation reproduces python-holidays' Chinese dates (an independent table)."""
    calendar = _ChineseLunisolar(CHINESE_CALENDAR)
    checked = 0
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        for method, (month, day) in (
            ("lunar_new_year_date", (1, 1)),
            ("dragon_boat_date", (5, 5)),
            ("mid_autumn_date", (8, 15)),
        ):
            theirs, _estimated = getattr(calendar, method)(year)
            if theirs is None:
                continue
            checked += 1
            assert (year, method, theirs) == (year, method, china_solar(year, month, day))
    assert checked >= 3 * 199


# --------------------------------------------------------------------------- properties


@given(lunar_dates)
def test_lunar_round_trip(date: LunarDate) -> None:
    """Every valid lunar date survives lunar → solar → lunar."""
    assert date == LunarDate.from_solar(date.to_solar())


@given(solar_dates)
def test_solar_round_trip(date: dt.date) -> None:
    """Every solar date in the span survives solar → lunar → solar."""
    assert date == LunarDate.from_solar(date).to_solar()


@given(st.dates(MIN_SOLAR, MAX_SOLAR - dt.timedelta(days=1)))
def test_consecutive_days(date: dt.date) -> None:
    """The day after a solar date is the next lunar day (or day 1 of the next month)."""
    today = LunarDate.from_solar(date)
    tomorrow = LunarDate.from_solar(date + dt.timedelta(days=1))
    assert today < tomorrow
    if tomorrow.day == 1:
        assert today.day == month_length(today.year, today.month, today.leap)
    else:
        assert (today.year, today.month, today.leap, today.day + 1) == (
            tomorrow.year,
            tomorrow.month,
            tomorrow.leap,
            tomorrow.day,
        )


@given(lunar_dates, lunar_dates)
def test_order_is_chronological(a: LunarDate, b: LunarDate) -> None:
    """Lunar dates sort like their solar dates."""
    assert (a < b, a <= b, a > b, a >= b) == (
        a.to_solar() < b.to_solar(),
        a.to_solar() <= b.to_solar(),
        a.to_solar() > b.to_solar(),
        a.to_solar() >= b.to_solar(),
    )


def test_year_structure_over_whole_span() -> None:
    """Every year has 12 or 13 months of 29/30 days, contiguous, with consistent numbering."""
    previous_last = MIN_SOLAR - dt.timedelta(days=1)
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        y = lunar_year(year)
        assert len(y.months) == (13 if y.leap_month else 12)
        assert y.days in ((353, 354, 355) if y.leap_month is None else (383, 384, 385))
        assert [m.number for m in y.months if not m.leap] == list(range(1, 13))
        for m in y.months:
            assert m.length in (29, 30)
            assert m.first_day == previous_last + dt.timedelta(days=1)
            assert m.length == month_length(year, m.number, m.leap)
            previous_last = m.last_day
        if y.leap_month is not None:
            i = [m.leap for m in y.months].index(True)
            assert y.months[i - 1].number == y.months[i].number == y.leap_month
    assert previous_last == MAX_SOLAR
    assert lunar_year(MIN_YEAR).first_day == MIN_SOLAR


def test_leap_year_frequency() -> None:
    """About 7 leap years per 19 (Metonic cycle) over 1900-2199."""
    count = sum(leap_month(y) is not None for y in range(MIN_YEAR, MAX_YEAR + 1))
    assert abs(count - 300 * 7 / 19) <= 2


def test_near_midnight_new_moons() -> None:
    """The new moons within 10 minutes of local midnight are the documented 51 (docs/lunar.md)."""
    found = near_midnight_new_moons(10.0)
    assert len(found) == 51
    assert found[0][0].date() == D(1902, 10, 2)
    # The month begins on the local day of the instant, even 0.8 min before midnight.
    instant, minutes = next(f for f in found if f[0].year == 2031)
    assert (instant.date(), minutes) == (D(2031, 4, 21), -0.8)
    assert LunarDate.from_solar(D(2031, 4, 21)).day == 1


# --------------------------------------------------------------------------- can chi


@pytest.mark.parametrize(
    ("year", "name"),
    [(2026, "Bính Ngọ"), (2020, "Canh Tý"), (2023, "Quý Mão"), (1984, "Giáp Tý"), (2025, "Ất Tỵ")],
)
def test_can_chi(year: int, name: str) -> None:
    """Can chi names are the Vietnamese ones, in NFC."""
    assert name == can_chi_year(year)
    assert unicodedata.is_normalized("NFC", can_chi_year(year))
    assert name == LunarDate(year, 5, 5).can_chi == lunar_year(year).can_chi


def test_can_chi_cycle_is_sixty_years() -> None:
    """The 60 names of a cycle are distinct and repeat every 60 years."""
    names = [can_chi_year(y) for y in range(1984, 2044)]
    assert len(set(names)) == 60
    assert names == [can_chi_year(y + 60) for y in range(1984, 2044)]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "fragment"),
    [
        ((2025, 12, 30), {}, InvalidDateError, "day 30"),
        ((2026, 1, 0), {}, InvalidDateError, "day 0"),
        ((2026, 4, 1), {"leap": True}, InvalidDateError, "leap month 4"),
        ((2025, 5, 1), {"leap": True}, InvalidDateError, "leap month 5"),
        ((2026, 13, 1), {}, InvalidDateError, "13"),
        ((2026, 0, 1), {}, InvalidDateError, "got 0"),
        ((1899, 1, 1), {}, OutOfRangeError, "1899"),
        ((2200, 1, 1), {}, OutOfRangeError, "2200"),
        (("2026", 1, 1), {}, InvalidTypeError, "'2026'"),
        ((2026, 1.0, 1), {}, InvalidTypeError, "1.0"),
        ((2026, 1, True), {}, InvalidTypeError, "True"),
        ((True, 1, 1), {}, InvalidTypeError, "True"),
        ((2026, 1, 1), {"leap": 1}, InvalidTypeError, "leap"),
    ],
)
def test_invalid_lunar_dates(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception], fragment: str
) -> None:
    """Impossible or ill-typed lunar dates raise the specific error naming the value."""
    with pytest.raises(error, match=fragment) as info:
        LunarDate(*args, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, LapvoError)


def test_day_30_of_a_29_day_month_message() -> None:
    """The message says which month and how long it is."""
    with pytest.raises(InvalidDateError) as info:
        LunarDate(2025, 12, 30)
    assert str(info.value) == "day 30 does not exist in month 12 of lunar year 2025 (29 days)"


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        (MIN_SOLAR - dt.timedelta(days=1), OutOfRangeError, "1900-01-30"),
        (MAX_SOLAR + dt.timedelta(days=1), OutOfRangeError, "2200-02-15"),
        (dt.datetime(2026, 2, 17, 12, 0), InvalidTypeError, "datetime"),
        ("2026-02-17", InvalidTypeError, "'2026-02-17'"),
        (20260217, InvalidTypeError, "20260217"),
    ],
)
def test_invalid_solar_dates(value: object, error: type[Exception], fragment: str) -> None:
    """Solar dates out of range or of the wrong type raise the specific error."""
    with pytest.raises(error, match=fragment):
        LunarDate.from_solar(value)  # type: ignore[arg-type]


def test_bounds_are_accepted() -> None:
    """The first and last supported days convert."""
    assert LunarDate(MIN_YEAR, 1, 1) == LunarDate.from_solar(MIN_SOLAR)
    assert LunarDate.from_solar(MAX_SOLAR).to_solar() == MAX_SOLAR
    assert LunarDate.from_solar(MAX_SOLAR).year == MAX_YEAR


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: lunar_year(1899), OutOfRangeError),
        (lambda: lunar_year(2200), OutOfRangeError),
        (lambda: leap_month(2200), OutOfRangeError),
        (lambda: month_length(2026, 13), InvalidDateError),
        (lambda: month_length(2026, 6, leap=True), InvalidDateError),
        (lambda: lunar_year("2026"), InvalidTypeError),  # type: ignore[arg-type]
        (lambda: can_chi_year(2026.0), InvalidTypeError),  # type: ignore[arg-type]
    ],
)
def test_invalid_year_functions(call: object, error: type[Exception]) -> None:
    """Year-level functions validate like LunarDate."""
    assert callable(call)
    with pytest.raises(error):
        call()


def test_errors_are_value_errors() -> None:
    """Range and date errors can be caught as ValueError, type errors as TypeError."""
    with pytest.raises(ValueError, match="1899"):
        LunarDate(1899, 1, 1)
    with pytest.raises(TypeError, match="str"):
        LunarDate("x", 1, 1)  # type: ignore[arg-type]
