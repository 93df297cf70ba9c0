"""The Vietnamese lunisolar calendar (*âm lịch*), computed for UTC+7.

What is computed
    Month starts and leap months of the Vietnamese lunisolar calendar for lunar
    years :data:`MIN_YEAR` (1900) to :data:`MAX_YEAR` (2199), i.e. solar dates
    :data:`MIN_SOLAR` (1900-01-31, lunar 1/1/1900) to :data:`MAX_SOLAR`
    (2200-02-14, the last day of lunar 2199). Anything outside raises
    :class:`~lapvo_cchc.errors.OutOfRangeError`.

The rules (Hồ Ngọc Đức, "Âm lịch Việt Nam", calrules_vn)
    1. A month begins on the local day (UTC+7, meridian 105°E) of a new moon.
    2. Month 11 is the month that contains the winter solstice (sun at 270°).
    3. If 13 months lie between two consecutive month-11 starts, the year is a
       leap year; the first month after month 11 that contains no major solar
       term (*trung khí*, sun at a multiple of 30°) is the leap month and takes
       the number of the month before it.

    China applies the same rules for UTC+8; a new moon or a major term that
    falls between 23:00 and 24:00 Beijing time lands on different days in the
    two countries, hence a different Tết in e.g. 1985, 2007, 2030 and 2053.

Which method is authoritative (the midnight rule)
    Days are decided by the *published Vietnamese algorithm*, not by a precise
    ephemeris: new moons from Meeus' series (Astronomical Formulae for
    Calculators, ch. 32, with its ΔT polynomial), the sun's true longitude from
    Meeus' low-precision formulas (Astronomical Algorithms, ch. 25), and:

    - the new-moon *day* is the local (UTC+7) calendar day of that instant;
    - a month "contains" a major term when the term index
      ``floor(longitude / 30°)`` at local 00:00 of its first day differs from
      the one at local 00:00 of the next month's first day.

    Where a new moon falls within minutes of local midnight, this series and a
    precise ephemeris may put it on different days; we deliberately keep the
    published algorithm's answer, which is the one the Vietnamese calendar data
    in common use (and python-holidays' ``VIETNAMESE_CALENDAR`` tables) agree
    with, and the one matching every Tết and Giỗ Tổ of the official 2019-2026
    holiday schedules. The new moons of 1900-2199 within 10 minutes of local
    midnight are listed by a helper in ``tests/test_lunar.py`` (see
    ``docs/lunar.md``).

How it is stored (speed)
    A conversion is a :func:`bisect.bisect_right` over a tuple of month-start
    ordinals plus an index; no astronomy runs per call. The tables are built
    lazily, once per process, by a :func:`functools.cache`-d private builder
    (about 3,700 lunations, a few tens of milliseconds). We chose this over a
    generated data module because the algorithm stays the single source of
    truth (no second artefact to regenerate and review when the span grows),
    the cost is paid only by programs that use the lunar calendar, and the
    same builder computes the UTC+8 calendar the tests compare against.

Example:
    >>> import datetime as dt
    >>> LunarDate.from_solar(dt.date(2026, 2, 17))
    LunarDate(year=2026, month=1, day=1, leap=False)
    >>> LunarDate(2026, 3, 10).to_solar()
    datetime.date(2026, 4, 26)
    >>> can_chi_year(2026)
    'Bính Ngọ'
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
from typing import Any

import attrs

from lapvo_cchc.errors import InvalidDateError, InvalidTypeError, OutOfRangeError

__all__ = [
    "MAX_SOLAR",
    "MAX_YEAR",
    "MIN_SOLAR",
    "MIN_YEAR",
    "LunarDate",
    "LunarMonth",
    "LunarYear",
    "can_chi_year",
    "leap_month",
    "lunar_year",
    "month_length",
]

MIN_YEAR = 1900
"""The first supported lunar year."""

MAX_YEAR = 2199
"""The last supported lunar year."""

MIN_SOLAR = dt.date(1900, 1, 31)
"""The first supported solar date: lunar 1/1/1900 (checked against the tables by the tests)."""

MAX_SOLAR = dt.date(2200, 2, 14)
"""The last supported solar date: the last day of lunar year 2199."""

VIETNAM_TZ_HOURS = 7.0
"""Vietnam's offset from UTC in hours (meridian 105°E): the calendar's time zone."""

_CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_CHI = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")

# Julian Day Number of a proleptic Gregorian date is its ordinal + this.
_JDN_OFFSET = 1_721_425
_SYNODIC_MONTH = 29.530588853
_DEG = math.pi / 180.0

# --------------------------------------------------------------------------- astronomy


def _new_moon_jd(k: int) -> float:
    """Return the instant (Julian Day, UT) of the *k*-th new moon after 1900-01-01.

    Meeus, Astronomical Formulae for Calculators, ch. 32 (mean phase plus the
    periodic terms for the new moon), minus his polynomial for ΔT.
    """
    t = k / 1236.85  # Julian centuries since 1900 (1236.85 lunations per century)
    t2, t3 = t * t, t * t * t
    mean = (
        2415020.75933
        + 29.53058868 * k
        + 0.0001178 * t2
        - 0.000000155 * t3
        + 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _DEG)
    )
    m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * _DEG  # sun
    mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * _DEG  # moon
    f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * _DEG  # latitude
    correction = (
        (0.1734 - 0.000393 * t) * math.sin(m)
        + 0.0021 * math.sin(2 * m)
        - 0.4068 * math.sin(mp)
        + 0.0161 * math.sin(2 * mp)
        - 0.0004 * math.sin(3 * mp)
        + 0.0104 * math.sin(2 * f)
        - 0.0051 * math.sin(m + mp)
        - 0.0074 * math.sin(m - mp)
        + 0.0004 * math.sin(2 * f + m)
        - 0.0004 * math.sin(2 * f - m)
        - 0.0006 * math.sin(2 * f + mp)
        + 0.0010 * math.sin(2 * f - mp)
        + 0.0005 * math.sin(m + 2 * mp)
    )
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return mean + correction - delta_t


def _sun_longitude(jd: float) -> float:
    """Return the sun's true geometric longitude in degrees [0, 360) at Julian Day *jd*.

    Meeus, Astronomical Algorithms, ch. 25 (low accuracy: mean longitude plus
    the equation of the centre; no nutation or aberration, as in the published
    Vietnamese algorithm).
    """
    t = (jd - 2451545.0) / 36525.0
    t2 = t * t
    m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * _DEG
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    centre = (
        (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000290 * math.sin(3 * m)
    )
    return (mean_longitude + centre) % 360.0


def _local_day(jd: float, tz_hours: float) -> int:
    """Return the Julian Day Number of the local calendar day containing instant *jd*."""
    return math.floor(jd + 0.5 + tz_hours / 24.0)


def _major_term_index(jdn: int, tz_hours: float) -> int:
    """Return ``floor(sun longitude / 30°)`` at local 00:00 of day *jdn* (0..11)."""
    return int(_sun_longitude(jdn - 0.5 - tz_hours / 24.0) // 30.0) % 12


# --------------------------------------------------------------------------- tables


@attrs.frozen
class _Table:
    """Month starts of a lunisolar calendar for one time zone (private).

    ``starts[i]`` is the proleptic ordinal of the first day of month ``i`` and
    ``labels[i]`` its ``(year, month, leap)``; ``year_index[y - MIN_YEAR]`` is the
    index of month 1 of lunar year ``y``; the last entry of ``starts`` is the day
    after the last supported day.
    """

    starts: tuple[int, ...]
    labels: tuple[tuple[int, int, bool], ...]
    year_index: tuple[int, ...]
    leap_months: tuple[int | None, ...]

    def month_index(self, year: int, month: int, leap: bool) -> int:
        """Return the index of a month that is known to exist."""
        index = self.year_index[year - MIN_YEAR] + month - 1
        leap_month = self.leap_months[year - MIN_YEAR]
        if leap_month is not None and (leap or month > leap_month):
            index += 1
        return index

    def to_ordinal(self, year: int, month: int, day: int, leap: bool) -> int:
        """Return the solar ordinal of a valid lunar date."""
        return self.starts[self.month_index(year, month, leap)] + day - 1

    def from_ordinal(self, ordinal: int) -> tuple[int, int, int, bool]:
        """Return ``(year, month, day, leap)`` of a solar ordinal within the table."""
        index = bisect.bisect_right(self.starts, ordinal) - 1
        year, month, leap = self.labels[index]
        return year, month, ordinal - self.starts[index] + 1, leap


@functools.cache
def _table(tz_hours: float = VIETNAM_TZ_HOURS) -> _Table:
    """Build (once per time zone) the month-start table for lunar years MIN_YEAR..MAX_YEAR.

    Args:
        tz_hours: the calendar's offset from UTC; 7 for Vietnam, 8 for China.
    """
    # Lunations from before month 11 of solar 1899 to after month 11 of solar 2200.
    first_k = math.floor(
        (dt.date(MIN_YEAR - 1, 10, 1).toordinal() + _JDN_OFFSET - 2415021) / _SYNODIC_MONTH
    )
    last_k = math.floor(
        (dt.date(MAX_YEAR + 2, 3, 1).toordinal() + _JDN_OFFSET - 2415021) / _SYNODIC_MONTH
    )
    days = [_local_day(_new_moon_jd(k), tz_hours) for k in range(first_k, last_k + 1)]
    terms = [_major_term_index(day, tz_hours) for day in days]
    # Month i contains the solstice (boundary at 270°, index 9) when that boundary
    # is crossed between the starts of months i and i + 1.
    elevens = [
        i for i in range(len(days) - 1) if 0 < (9 - terms[i]) % 12 <= (terms[i + 1] - terms[i]) % 12
    ]
    starts: list[int] = []
    labels: list[tuple[int, int, bool]] = []
    for a, b in itertools.pairwise(elevens):
        solar_year = dt.date.fromordinal(days[a] - _JDN_OFFSET).year  # month 11 lies in it
        leap_offset = None
        if b - a == 13:
            leap_offset = next(i - a for i in range(a + 1, b) if terms[i + 1] == terms[i])
        for offset in range(b - a):
            number = 11 + offset
            if leap_offset is not None and offset >= leap_offset:
                number -= 1
            number = (number - 1) % 12 + 1
            year = solar_year if number >= 11 and offset < 3 else solar_year + 1
            starts.append(days[a + offset] - _JDN_OFFSET)
            labels.append((year, number, offset == leap_offset))
    first = labels.index((MIN_YEAR, 1, False))
    end = labels.index((MAX_YEAR + 1, 1, False))
    starts, labels = starts[first : end + 1], labels[first:end]
    year_index = tuple(i for i, label in enumerate(labels) if label[1:] == (1, False))
    leap_months = tuple(
        next((m for y, m, leap in labels[i : i + 14] if leap and y == MIN_YEAR + n), None)
        for n, i in enumerate(year_index)
    )
    return _Table(tuple(starts), tuple(labels), year_index, leap_months)


# --------------------------------------------------------------------------- validation


def _require_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"{what}: expected an int, got {type(value).__name__} {value!r}")
    return value


def _require_year(value: object, what: str = "lunar year") -> int:
    year = _require_int(value, what)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRangeError(
            f"{what}: expected {MIN_YEAR}..{MAX_YEAR} (the supported span), got {year}"
        )
    return year


def _require_month(year: int, month: object, leap: object) -> tuple[int, bool]:
    number = _require_int(month, "lunar month")
    if not isinstance(leap, bool):
        raise InvalidTypeError(f"leap: expected a bool, got {type(leap).__name__} {leap!r}")
    if not 1 <= number <= 12:
        raise InvalidDateError(f"lunar month: expected 1..12, got {number}")
    if leap and _table().leap_months[year - MIN_YEAR] != number:
        actual = _table().leap_months[year - MIN_YEAR]
        raise InvalidDateError(
            f"leap month {number} does not exist in lunar year {year} "
            f"(its leap month is {actual if actual is not None else 'none'})"
        )
    return number, leap


def _length(year: int, month: int, leap: bool) -> int:
    table = _table()
    index = table.month_index(year, month, leap)
    return table.starts[index + 1] - table.starts[index]


# --------------------------------------------------------------------------- public API


def can_chi_year(year: int) -> str:
    """Return the sexagenary (*can chi*) name of a lunar year, in Vietnamese (NFC).

    The heavenly stem is ``(year + 6) % 10`` of Giáp … Quý and the earthly branch
    ``(year + 8) % 12`` of Tý … Hợi (Vietnam's fourth branch is Mão, the cat).

    Args:
        year: a lunar year (any int; the cycle is pure arithmetic).

    Returns:
        The name, e.g. ``"Bính Ngọ"``.

    Raises:
        InvalidTypeError: *year* is not an int.

    Example:
        >>> can_chi_year(2026), can_chi_year(2020), can_chi_year(2023)
        ('Bính Ngọ', 'Canh Tý', 'Quý Mão')
    """
    number = _require_int(year, "year")
    return f"{_CAN[(number + 6) % 10]} {_CHI[(number + 8) % 12]}"


def leap_month(year: int) -> int | None:
    """Return the number of the leap month (*tháng nhuận*) of a lunar year, or None.

    Args:
        year: a lunar year in MIN_YEAR..MAX_YEAR.

    Raises:
        OutOfRangeError: *year* is outside the supported span.
        InvalidTypeError: *year* is not an int.

    Example:
        >>> leap_month(2023), leap_month(2025), leap_month(2026)
        (2, 6, None)
    """
    return _table().leap_months[_require_year(year) - MIN_YEAR]


def month_length(year: int, month: int, leap: bool = False) -> int:
    """Return the number of days (29 or 30) of a lunar month.

    Args:
        year: a lunar year in MIN_YEAR..MAX_YEAR.
        month: 1..12.
        leap: True for the leap month numbered *month*.

    Raises:
        OutOfRangeError: *year* is outside the supported span.
        InvalidDateError: *month* is not 1..12, or that leap month does not exist.
        InvalidTypeError: a wrong type.

    Example:
        >>> month_length(2025, 12), month_length(2026, 1), month_length(2025, 6, leap=True)
        (29, 30, 29)
    """
    number, is_leap = _require_month(_require_year(year), month, leap)
    return _length(year, number, is_leap)


@attrs.frozen
class LunarMonth:
    """One month of a lunar year (*tháng âm lịch*).

    Attributes:
        year: the lunar year it belongs to.
        number: 1..12 (a leap month repeats the number of the month before it).
        leap: True for the leap month (*tháng nhuận*).
        length: 29 (*tháng thiếu*) or 30 (*tháng đủ*) days.
        first_day: the solar date of its day 1 (*mùng 1*).

    Example:
        >>> lunar_year(2025).months[6]
        LunarMonth(year=2025, number=6, leap=True, length=29, first_day=datetime.date(2025, 7, 25))
    """

    year: int
    number: int
    leap: bool
    length: int
    first_day: dt.date

    @property
    def last_day(self) -> dt.date:
        """The solar date of the month's last day.

        Example:
            >>> lunar_year(2025).months[-1].last_day
            datetime.date(2026, 2, 16)
        """
        return self.first_day + dt.timedelta(days=self.length - 1)


@attrs.frozen
class LunarYear:
    """The structure of one lunar year (*năm âm lịch*): its 12 or 13 months.

    Build it with :func:`lunar_year`.

    Attributes:
        year: the lunar year (it begins at Tết of the solar year of that number).
        months: the months in order, a leap month right after its regular month.

    Example:
        >>> y = lunar_year(2026)
        >>> y.can_chi, y.leap_month, len(y.months), y.days, y.first_day
        ('Bính Ngọ', None, 12, 354, datetime.date(2026, 2, 17))
    """

    year: int
    months: tuple[LunarMonth, ...]

    @property
    def leap_month(self) -> int | None:
        """The number of the leap month, or None in a common (12-month) year."""
        return next((m.number for m in self.months if m.leap), None)

    @property
    def days(self) -> int:
        """The number of days in the year (353-355, or 383-385 in a leap year)."""
        return sum(m.length for m in self.months)

    @property
    def first_day(self) -> dt.date:
        """The solar date of Tết (1/1)."""
        return self.months[0].first_day

    @property
    def last_day(self) -> dt.date:
        """The solar date of the year's last day (the eve of the next Tết)."""
        return self.months[-1].last_day

    @property
    def can_chi(self) -> str:
        """The year's *can chi* name, e.g. ``"Bính Ngọ"``."""
        return can_chi_year(self.year)


def lunar_year(year: int) -> LunarYear:
    """Return the structure of a lunar year.

    Args:
        year: a lunar year in MIN_YEAR..MAX_YEAR.

    Raises:
        OutOfRangeError: *year* is outside the supported span.
        InvalidTypeError: *year* is not an int.

    Example:
        >>> [(m.number, m.leap, m.length) for m in lunar_year(2023).months[:4]]
        [(1, False, 29), (2, False, 30), (2, True, 29), (3, False, 29)]
    """
    number = _require_year(year)
    table = _table()
    start = table.year_index[number - MIN_YEAR]
    end = table.year_index[number - MIN_YEAR + 1] if number < MAX_YEAR else len(table.labels)
    return LunarYear(
        number,
        tuple(
            LunarMonth(
                number,
                table.labels[i][1],
                table.labels[i][2],
                table.starts[i + 1] - table.starts[i],
                dt.date.fromordinal(table.starts[i]),
            )
            for i in range(start, end)
        ),
    )


@attrs.frozen(order=False)
class LunarDate:
    """A day of the Vietnamese lunisolar calendar (*ngày âm lịch*), UTC+7.

    Validated at construction. Dates are ordered chronologically, i.e. by
    ``(year, month, leap, day)``: a leap month sorts after its regular month.

    Args:
        year: lunar year, MIN_YEAR..MAX_YEAR.
        month: 1..12.
        day: 1..29 or 1..30, depending on the month.
        leap: True for a day of the leap month numbered *month*.

    Raises:
        OutOfRangeError: *year* is outside the supported span.
        InvalidDateError: the month or day does not exist (month 13, day 30 of
            a 29-day month, a leap month the year does not have).
        InvalidTypeError: a field of the wrong type (str, float, bool for a
            number, non-bool *leap*).

    Example:
        >>> LunarDate(2026, 1, 1).to_solar()
        datetime.date(2026, 2, 17)
        >>> LunarDate(2025, 6, 1, leap=True) > LunarDate(2025, 6, 29)
        True
        >>> try:
        ...     LunarDate(2025, 12, 30)  # no "30 Tết" before Tết Bính Ngọ
        ... except InvalidDateError as exc:
        ...     print(exc)
        day 30 does not exist in month 12 of lunar year 2025 (29 days)
    """

    year: int
    month: int
    day: int
    leap: bool = False

    def __attrs_post_init__(self) -> None:
        year = _require_year(self.year)
        month, leap = _require_month(year, self.month, self.leap)
        day = _require_int(self.day, "lunar day")
        length = _length(year, month, leap)
        if not 1 <= day <= length:
            where = f"{'leap ' if leap else ''}month {month} of lunar year {year}"
            raise InvalidDateError(f"day {day} does not exist in {where} ({length} days)")

    @classmethod
    def from_solar(cls, date: dt.date) -> LunarDate:
        """Return the lunar date of a solar (Gregorian) date.

        Args:
            date: a :class:`datetime.date` in MIN_SOLAR..MAX_SOLAR (a
                :class:`datetime.datetime` is rejected: take its ``.date()`` in
                the time zone you mean).

        Raises:
            OutOfRangeError: *date* is outside the supported span.
            InvalidTypeError: *date* is not a date (or is a datetime).

        Example:
            >>> LunarDate.from_solar(dt.date(2026, 4, 26))
            LunarDate(year=2026, month=3, day=10, leap=False)
        """
        if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
            raise InvalidTypeError(
                f"solar date: expected a datetime.date, got {type(date).__name__} {date!r}"
            )
        if not MIN_SOLAR <= date <= MAX_SOLAR:
            raise OutOfRangeError(
                f"solar date: expected {MIN_SOLAR.isoformat()}..{MAX_SOLAR.isoformat()} "
                f"(the supported span), got {date.isoformat()}"
            )
        year, month, day, leap = _table().from_ordinal(date.toordinal())
        return cls(year, month, day, leap)

    def to_solar(self) -> dt.date:
        """Return the solar (Gregorian) date of this lunar date.

        Example:
            >>> LunarDate(2025, 12, 29).to_solar()
            datetime.date(2026, 2, 16)
        """
        return dt.date.fromordinal(_table().to_ordinal(self.year, self.month, self.day, self.leap))

    @property
    def can_chi(self) -> str:
        """The *can chi* name of the date's lunar year.

        Example:
            >>> LunarDate(2026, 1, 1).can_chi
            'Bính Ngọ'
        """
        return can_chi_year(self.year)

    def _key(self) -> tuple[int, int, bool, int]:
        return (self.year, self.month, self.leap, self.day)

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, LunarDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: Any) -> bool:
        if not isinstance(other, LunarDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: Any) -> bool:
        if not isinstance(other, LunarDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: Any) -> bool:
        if not isinstance(other, LunarDate):
            return NotImplemented
        return self._key() >= other._key()
