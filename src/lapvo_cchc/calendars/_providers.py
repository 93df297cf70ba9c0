"""Calendar providers: the Vietnamese public-sector schedule and overlays (private)."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.calendars._data import bundled_schedule, parse_schedule
from lapvo_cchc.calendars._model import (
    CalendarProvider,
    DayOff,
    DayOffKind,
    check_date,
)
from lapvo_cchc.calendars._statutory import MAX_YEAR, MIN_YEAR, statutory_days_off
from lapvo_cchc.errors import CalendarError, InvalidTypeError, OutOfRangeError

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Iterable

__all__ = ["Overlay", "VietnamProvider", "check_year"]


def check_year(year: object) -> int:
    """Return *year* if it is an int in the supported span, else raise."""
    if type(year) is not int:
        raise InvalidTypeError(f"year: expected int, got {type(year).__name__} {year!r}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRangeError(f"year: expected {MIN_YEAR}..{MAX_YEAR}, got {year}")
    return year


def _merge(base: Iterable[DayOff], top: Iterable[DayOff]) -> tuple[DayOff, ...]:
    """Days off of *base* and *top*; on the same date *top* wins."""
    by_date = {day.date: day for day in base}
    by_date.update((day.date, day) for day in top)
    return tuple(by_date[date] for date in sorted(by_date))


@attrs.frozen
class VietnamProvider:
    """The public-sector schedule (*cán bộ, công chức, viên chức*): official years, else statutory.

    Years with a bundled official schedule (2010-2026) come from the data file
    ``lapvo_cchc/calendars/data/vietnam_official.csv``; every other year of
    1995-2199 is computed from the Labour Code in force on each date and is
    provisional. A row is dated in its own calendar year even when it belongs
    to the next year's schedule (the 2019 schedule's swapped day off on
    31 December 2018, the 2015 schedule's make-up Saturday 27 December 2014).

    Args:
        official: False to ignore the bundled schedules (statutory rules for every
            year; useful to compare the rules with the government's decisions).

    Example:
        >>> provider = VietnamProvider()
        >>> provider.is_provisional(2026), provider.is_provisional(2027)
        (False, True)
        >>> [str(d) for d in provider.makeup_workdays(2026)]
        ['2026-01-10', '2026-08-22']

    **Legal basis:** Labour Code 1994 Art. 73, 2012 Art. 115, 2019 Art. 111-112;
    the yearly schedules cited row by row in the data file.
    """

    official: bool = True

    def schedule_years(self) -> frozenset[int]:
        """The years with a bundled official schedule (empty when ``official`` is False).

        Example:
            >>> min(VietnamProvider().schedule_years()), max(VietnamProvider().schedule_years())
            (2010, 2026)
        """
        return bundled_schedule().schedules if self.official else frozenset()

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        """Days off dated in *year*, sorted.

        Example:
            >>> [d.name for d in VietnamProvider().days_off(2026)][:2]
            ['Tết Dương lịch', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)']
        """
        year = check_year(year)
        if not self.official:
            return statutory_days_off(year)
        data = bundled_schedule()
        official = data.days_off.get(year, ())
        if year in data.schedules:
            return official
        return _merge(statutory_days_off(year), official)

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        """Weekend days worked in exchange for swapped days off, dated in *year*.

        Example:
            >>> VietnamProvider().makeup_workdays(2019)
            (datetime.date(2019, 1, 5), datetime.date(2019, 5, 4))
        """
        year = check_year(year)
        return bundled_schedule().makeup.get(year, ()) if self.official else ()

    def makeup_basis(self, day: dt.date) -> str | None:
        """The source of make-up working day *day*, or None if it is not one.

        Example:
            >>> import datetime as dt
            >>> VietnamProvider().makeup_basis(dt.date(2026, 1, 10))[:30]
            'Văn bản 12729/VPCP-KGVX 25/12/'
        """
        return bundled_schedule().makeup_basis.get(day) if self.official else None

    def is_provisional(self, year: int) -> bool:
        """Whether *year* has no bundled official schedule.

        Example:
            >>> VietnamProvider().is_provisional(2018), VietnamProvider().is_provisional(2009)
            (False, True)
        """
        return check_year(year) not in self.schedule_years()


_LOCAL_NAME = "Ngày nghỉ bổ sung của cơ quan, địa phương"
_LOCAL_NAME_EN = "Additional local day off"
_LOCAL_BASIS = "Bổ sung khi tạo lịch riêng (không ghi căn cứ)"


def _days_off(values: Iterable[DayOff | dt.date]) -> tuple[DayOff, ...]:
    result: dict[dt.date, DayOff] = {}
    for value in values:
        if isinstance(value, DayOff):
            day = value
        else:
            date = check_date(value, "extra_days_off")
            day = DayOff(
                date=date,
                kind=DayOffKind.HOLIDAY,
                name=_LOCAL_NAME,
                name_en=_LOCAL_NAME_EN,
                basis=_LOCAL_BASIS,
            )
        if day.date in result:
            raise CalendarError(f"extra_days_off: {day.date} given twice")
        result[day.date] = day
    return tuple(result[d] for d in sorted(result))


def _dates(values: Iterable[dt.date]) -> tuple[dt.date, ...]:
    dates = [check_date(value, "extra_working_days") for value in values]
    if len(set(dates)) != len(dates):
        raise CalendarError("extra_working_days: a date is given twice")
    return tuple(sorted(dates))


def _provider(
    _instance: object, _attribute: attrs.Attribute[CalendarProvider], value: CalendarProvider
) -> None:
    if not _is_provider(value):
        raise InvalidTypeError(
            f"base: expected a CalendarProvider, got {type(value).__name__} {value!r}"
        )


def _is_provider(value: object) -> bool:
    return isinstance(value, CalendarProvider)


@attrs.frozen
class Overlay:
    """A provider that adds days off and working days on top of another provider.

    A date in ``extra_working_days`` is worked even if the base has it off (or
    it is a weekly rest day); a date in ``extra_days_off`` is off. Overlays
    stack: an overlay's base may itself be an overlay. An overlay with no
    entries answers exactly like its base.

    Args:
        base: the provider underneath.
        extra_days_off: :class:`DayOff` values, or plain dates (named as a local day off).
        extra_working_days: dates that are worked.

    Example:
        >>> import datetime as dt
        >>> layer = Overlay(VietnamProvider(), extra_days_off=[dt.date(2026, 3, 2)])
        >>> [d.name for d in layer.days_off(2026) if d.date.month == 3]
        ['Ngày nghỉ bổ sung của cơ quan, địa phương']

    Raises:
        CalendarError: a date is both an extra day off and an extra working day.
    """

    base: CalendarProvider = attrs.field(validator=_provider)
    extra_days_off: tuple[DayOff, ...] = attrs.field(default=(), converter=_days_off)
    extra_working_days: tuple[dt.date, ...] = attrs.field(default=(), converter=_dates)
    working_basis: str = attrs.field(default=_LOCAL_BASIS, kw_only=True)
    """The basis reported for the extra working days (e.g. the province's decision)."""
    file_bases: tuple[tuple[dt.date, str], ...] = attrs.field(default=(), kw_only=True)
    """Per-date bases of extra working days read from a file (take precedence)."""

    def __attrs_post_init__(self) -> None:
        both = {d.date for d in self.extra_days_off} & set(self.extra_working_days)
        if both:
            raise CalendarError(
                f"Overlay: {sorted(both)} both an extra day off and an extra working day"
            )

    @classmethod
    def from_csv(cls, base: CalendarProvider, source: str | os.PathLike[str]) -> Overlay:
        r"""An overlay read from a CSV file of overrides (the bundled schedule format).

        Rows of kind ``holiday``, ``compensatory`` or ``swapped`` are extra days
        off; rows of kind ``makeup`` are extra working days. The ``schedule``
        and ``confirmed`` columns are optional.

        Args:
            base: the provider underneath.
            source: a path to a UTF-8 CSV file.

        Raises:
            CalendarError: a bad row (the message names the file, line and field).

        Example:
            >>> import pathlib, tempfile
            >>> text = ("date,kind,name_vi,name_en,basis\n"
            ...         "2026-03-02,holiday,Ngày nghỉ của tỉnh,Provincial day off,QĐ 1/2026\n")
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     path = pathlib.Path(tmp, "province.csv")
            ...     _ = path.write_text(text, encoding="utf-8")
            ...     layer = Overlay.from_csv(VietnamProvider(), path)
            >>> layer.extra_days_off[0].basis
            'QĐ 1/2026'
        """
        path = pathlib.Path(source)
        schedule = parse_schedule(path.read_text(encoding="utf-8"), str(path))
        days_off = [day for days in schedule.days_off.values() for day in days]
        working = [date for dates in schedule.makeup.values() for date in dates]
        bases = tuple(sorted(schedule.makeup_basis.items()))
        return cls(base, days_off, working, file_bases=bases)

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        """The base's days off in *year*, less extra working days, plus extra days off.

        Example:
            >>> import datetime as dt
            >>> layer = Overlay(VietnamProvider(), extra_working_days=[dt.date(2026, 1, 2)])
            >>> dt.date(2026, 1, 2) in {d.date for d in layer.days_off(2026)}
            False
        """
        working = set(self.extra_working_days)
        base = (day for day in self.base.days_off(year) if day.date not in working)
        return _merge(base, (day for day in self.extra_days_off if day.date.year == year))

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        """The base's make-up days in *year* that stay worked, plus the extra working days.

        Example:
            >>> import datetime as dt
            >>> layer = Overlay(VietnamProvider(), extra_working_days=[dt.date(2026, 3, 7)])
            >>> layer.makeup_workdays(2026)
            (datetime.date(2026, 1, 10), datetime.date(2026, 3, 7), datetime.date(2026, 8, 22))
        """
        off = {day.date for day in self.extra_days_off}
        dates = {date for date in self.base.makeup_workdays(year) if date not in off}
        dates.update(date for date in self.extra_working_days if date.year == year)
        return tuple(sorted(dates))

    def makeup_basis(self, day: dt.date) -> str | None:
        """The source of make-up/extra working day *day* (this layer first, then the base).

        Example:
            >>> import datetime as dt
            >>> layer = Overlay(VietnamProvider(), extra_working_days=[dt.date(2026, 3, 7)],
            ...                 working_basis="QĐ 9/2026/QĐ-UBND")
            >>> layer.makeup_basis(dt.date(2026, 3, 7))
            'QĐ 9/2026/QĐ-UBND'
        """
        if day in self.extra_working_days:
            return dict(self.file_bases).get(day, self.working_basis)
        if any(off.date == day for off in self.extra_days_off):
            return None
        lookup = getattr(self.base, "makeup_basis", None)
        return lookup(day) if callable(lookup) else None

    def is_provisional(self, year: int) -> bool:
        """Whether the base's *year* is provisional.

        Example:
            >>> Overlay(VietnamProvider()).is_provisional(2027)
            True
        """
        return self.base.is_provisional(year)
