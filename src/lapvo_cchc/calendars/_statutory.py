"""Statutory public holidays by the Labour Code in force on each date (private).

Used for every year with no bundled official schedule (the *provisional*
years: 1995-2009 and 2027 onwards). The government's yearly decisions (the
Tết span, the day next to 2 September, swaps) are replaced by documented
default rules:

- **Labour Code in force**: the 1994 Code (35-L/CTN, Art. 73; Giỗ Tổ Hùng
  Vương added by Law 84/2007/QH11 from 2007) up to 30 April 2013, the 2012
  Code (10/2012/QH13, Art. 115) from 1 May 2013, the 2019 Code (45/2019/QH14,
  Art. 111-112) from 1 January 2021. Each holiday follows the Code in force on
  its own date (Tết 2013 had four days: mùng 1 was 10 February 2013).
- **Tết span** (the PM decides yearly; Labour Code 2019 Art. 112(3), Decree
  45/2013/NĐ-CP Art. 8 for the 2012 Code). Four days (1994 Code): the last
  day of the lunar year and mùng 1-3. Five days (2012 and 2019 Codes): the
  last day of the lunar year and mùng 1-4 when mùng 1 is a Tuesday (the five
  days are then Monday-Friday), otherwise the last two days of the lunar year
  and mùng 1-3.
- **Day next to 2 September** (Labour Code 2019 Art. 112(1)(đ), PM decides
  yearly): the neighbour that is a weekday (Mon-Fri); when both are weekdays,
  the one touching a weekend (Tue → Mon 1/9, Thu → Fri 3/9); for a Wednesday,
  the Tuesday before.
- **Compensatory days** (1994 Code Art. 73, 2012 Code Art. 115(3), 2019 Code
  Art. 111(3)): each holiday on a weekly rest day (Saturday or Sunday for the
  public sector, QĐ 188/1999/QĐ-TTg Art. 1) gives the next working day,
  skipping other holidays and days already given (2013: Tết on Sat 9 and
  Sun 10 February gave Wed 13 and Thu 14 after the holidays of 11-12).
- No swaps are predicted.

Checked against the bundled schedules 2010-2026 (see
``tests/test_calendars_history.py``): every weekday these rules give off is
off in the official schedule, and every weekday off in an official schedule
is either a swapped day or given by these rules, except Wed 5 February 2014
(the government took mùng 1-4 around a Friday mùng 1; the default takes the
two days before).

Known limitation: before QĐ 188/1999/QĐ-TTg (17 September 1999) the public
sector worked on Saturdays; the calendar treats Saturday as a rest day for
every year.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from lapvo_cchc.calendars._model import DayOff, DayOffKind, DayOffStatus
from lapvo_cchc.errors import OutOfRangeError

__all__ = ["LAWS", "MAX_YEAR", "MIN_YEAR", "LabourCode", "law_on", "statutory_days_off"]

MIN_YEAR = 1995
"""First supported calendar year: the Labour Code 1994 took effect on 1 January 1995."""
MAX_YEAR = 2199
"""Last supported calendar year (lunar years up to 2199, see :mod:`lapvo_cchc.lunar`)."""

_ONE_DAY = dt.timedelta(days=1)
_WEEKLY_REST = (5, 6)  # Saturday, Sunday: QĐ 188/1999/QĐ-TTg Art. 1
_GIO_TO_FROM = 2007  # Law 84/2007/QH11 added Giỗ Tổ Hùng Vương to LC 1994 Art. 73
_TUESDAY = 1
_WEDNESDAY = 2


@attrs.frozen(kw_only=True)
class LabourCode:
    """A Labour Code's holiday rules (*Bộ luật Lao động*)."""

    title: str
    in_force: dt.date
    holidays_article: str
    compensatory_article: str
    tet_days: int
    national_day_days: int


LAWS: tuple[LabourCode, ...] = (
    LabourCode(
        title="Bộ luật Lao động 1994 (35-L/CTN)",
        in_force=dt.date(1995, 1, 1),
        holidays_article="Điều 73 (sửa đổi bởi Luật 84/2007/QH11: Giỗ Tổ Hùng Vương từ 2007)",
        compensatory_article="Điều 73",
        tet_days=4,
        national_day_days=1,
    ),
    LabourCode(
        title="Bộ luật Lao động 2012 (10/2012/QH13)",
        in_force=dt.date(2013, 5, 1),
        holidays_article="Điều 115(1)",
        compensatory_article="Điều 115(3)",
        tet_days=5,
        national_day_days=1,
    ),
    LabourCode(
        title="Bộ luật Lao động 2019 (45/2019/QH14)",
        in_force=dt.date(2021, 1, 1),
        holidays_article="Điều 112(1)",
        compensatory_article="Điều 111(3)",
        tet_days=5,
        national_day_days=2,
    ),
)
"""The Labour Codes in force since 1995, oldest first."""


def law_on(date: dt.date) -> LabourCode:
    """The Labour Code in force on *date* (1995 onwards)."""
    for law in reversed(LAWS):
        if date >= law.in_force:
            return law
    raise OutOfRangeError(f"no Labour Code holiday rules before {LAWS[0].in_force}, got {date}")


_ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd"}
_SHORT = {
    "new_year": ("Tết Dương lịch", "New Year's Day"),
    "tet": ("Tết Nguyên đán", "Lunar New Year"),
    "gio_to": ("Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day"),
    "victory": ("Ngày Chiến thắng", "Victory Day"),
    "labour": ("Ngày Quốc tế Lao động", "International Labour Day"),
    "national": ("Quốc khánh", "National Day"),
}
_DEFAULT_RULE = "ngày cụ thể theo quy tắc mặc định của lapvo_cchc (Thủ tướng quyết định hằng năm)"


def _tet_names(day: dt.date) -> tuple[str, str]:
    from lapvo_cchc.lunar import LunarDate

    lunar = LunarDate.from_solar(day)
    if lunar.month == 1 and not lunar.leap:
        en = _ORDINAL_EN.get(lunar.day, f"{lunar.day}th")
        return f"Tết Nguyên đán (mùng {lunar.day})", f"Lunar New Year ({en} day)"
    return (
        f"Tết Nguyên đán ({lunar.day} tháng Chạp)",
        f"Lunar New Year ({lunar.day}th day of the 12th lunar month)",
    )


def _tet_span(year: int) -> list[dt.date]:
    from lapvo_cchc.lunar import LunarDate

    first = LunarDate(year, 1, 1).to_solar()
    days = law_on(first).tet_days
    before = 1 if days == 4 or first.weekday() == _TUESDAY else 2
    return [first + _ONE_DAY * offset for offset in range(-before, days - before)]


def _national_day_neighbour(second: dt.date) -> dt.date:
    weekday = second.weekday()
    if weekday in (0, 6):  # Monday, Sunday: the day after (a weekday)
        return second + _ONE_DAY
    if weekday in (_TUESDAY, _WEDNESDAY, 4, 5):  # Tue → Mon, Wed → Tue, Fri → Thu, Sat → Fri
        return second - _ONE_DAY
    return second + _ONE_DAY  # Thursday → Friday


def _basis(law: LabourCode, article: str, *, default_rule: bool = False) -> str:
    text = f"{law.title} {article}; lịch dự kiến, chưa có lịch chính thức của Chính phủ"
    return f"{text}; {_DEFAULT_RULE}" if default_rule else text


@functools.cache
def statutory_days_off(year: int) -> tuple[DayOff, ...]:
    """The provisional days off of calendar *year* under the statutory rules (cached).

    Every entry has status :attr:`DayOffStatus.PROVISIONAL`; all dates fall in *year*.
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRangeError(f"calendar year: expected {MIN_YEAR}..{MAX_YEAR}, got {year}")
    from lapvo_cchc.lunar import LunarDate

    # (date, key, vi, en, default_rule)
    holidays: list[tuple[dt.date, str, str, str, bool]] = []
    new_year = dt.date(year, 1, 1)
    holidays.append((new_year, "new_year", "Tết Dương lịch", "New Year's Day", False))
    holidays.extend((day, "tet", *_tet_names(day), True) for day in _tet_span(year))
    if year >= _GIO_TO_FROM:
        gio_to = LunarDate(year, 3, 10).to_solar()
        holidays.append(
            (gio_to, "gio_to", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", _SHORT["gio_to"][1], False)
        )
    holidays.append(
        (
            dt.date(year, 4, 30),
            "victory",
            "Ngày Chiến thắng (30/4)",
            "Victory Day (30 April)",
            False,
        )
    )
    holidays.append(
        (dt.date(year, 5, 1), "labour", "Ngày Quốc tế Lao động (1/5)", _SHORT["labour"][1], False)
    )
    second = dt.date(year, 9, 2)
    holidays.append((second, "national", "Quốc khánh (2/9)", "National Day", False))
    if law_on(second).national_day_days == 2:
        holidays.append(
            (
                _national_day_neighbour(second),
                "national",
                "Quốc khánh (ngày liền kề)",
                "National Day (adjacent day)",
                True,
            )
        )
    holidays.sort()
    taken = {day for day, *_ in holidays}
    result = [
        DayOff(
            date=day,
            kind=DayOffKind.HOLIDAY,
            name=vi,
            name_en=en,
            basis=_basis(law_on(day), law_on(day).holidays_article, default_rule=rule),
            status=DayOffStatus.PROVISIONAL,
        )
        for day, _key, vi, en, rule in holidays
    ]
    for day, key, *_ in holidays:
        if day.weekday() not in _WEEKLY_REST:
            continue
        comp = day + _ONE_DAY
        while comp.weekday() in _WEEKLY_REST or comp in taken:
            comp += _ONE_DAY
        taken.add(comp)
        law = law_on(day)
        vi, en = _SHORT[key]
        result.append(
            DayOff(
                date=comp,
                kind=DayOffKind.COMPENSATORY,
                name=f"Nghỉ bù {vi}",
                name_en=f"Compensatory day off for {en}",
                basis=_basis(law, law.compensatory_article)
                + "; nghỉ hằng tuần thứ Bảy, Chủ nhật: QĐ 188/1999/QĐ-TTg",
                status=DayOffStatus.PROVISIONAL,
            )
        )
    result.sort(key=lambda d: d.date)
    return tuple(result)
