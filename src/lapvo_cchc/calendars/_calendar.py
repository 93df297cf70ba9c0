"""The working-day calendar (private; re-exported by :mod:`lapvo_cchc.calendars`)."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc._text import check_name
from lapvo_cchc._time import VIETNAM_TZ, to_vietnam
from lapvo_cchc.calendars import _table
from lapvo_cchc.calendars._model import (
    CalendarProvider,
    DayOff,
    Session,
    WorkingHours,
    check_date,
)
from lapvo_cchc.calendars._providers import Overlay, VietnamProvider, check_year
from lapvo_cchc.calendars._state import State as _State
from lapvo_cchc.calendars._statutory import MAX_YEAR, MIN_YEAR
from lapvo_cchc.errors import (
    CalendarError,
    InvalidTypeError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
)

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Mapping

__all__ = ["WorkCalendar", "vietnam"]

_date = dt.date
_fromordinal = dt.date.fromordinal
_MICROSECOND = dt.timedelta(microseconds=1)


def _check_name(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(f"WorkCalendar.name: expected str, got {type(value).__name__}")
    check_name(value, "WorkCalendar.name")


def _check_provider(
    _instance: object, _attribute: attrs.Attribute[CalendarProvider], value: CalendarProvider
) -> None:
    if not _is_provider(value):
        raise InvalidTypeError(
            f"provider: expected a CalendarProvider, got {type(value).__name__} {value!r}"
        )


def _is_provider(value: object) -> bool:
    return isinstance(value, CalendarProvider)


def _check_int(value: object, what: str) -> int:
    if type(value) is not int:
        raise InvalidTypeError(f"{what}: expected int, got {type(value).__name__} {value!r}")
    return value


@attrs.frozen(slots=True, weakref_slot=False)
class WorkCalendar:
    """A working-day calendar (*lịch ngày làm việc*): days off, make-up days and working hours.

    Build one with :func:`vietnam`, :meth:`from_provider` or :meth:`derive`.
    Values are immutable; internally each calendar caches precomputed
    working-day tables, built lazily per window of years, so every query is a
    bisection (no day-by-day loop) and its cost does not grow with the span.

    Supported years: 1995-2199. Using a provisional year (no official schedule)
    issues one :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning` per year
    and calendar instance.

    Args:
        provider: the source of days off and make-up days.
        hours: the working sessions per weekday (a weekday without sessions is a
            weekly rest day).
        name: a label for messages and ``repr``.

    Example:
        >>> import datetime as dt
        >>> cal = vietnam()
        >>> cal.is_working_day(dt.date(2026, 2, 16))   # Tết
        False
        >>> cal.add_working_days(dt.date(2026, 2, 13), 1)
        datetime.date(2026, 2, 23)

    **Legal basis:** Civil Code 2015 Art. 147-148 (day of receipt not counted; a
    period ending on a day off ends on the next working day); QĐ 188/1999/QĐ-TTg
    (Saturday and Sunday weekly rest for the public sector).
    """

    provider: CalendarProvider = attrs.field(validator=_check_provider)
    hours: WorkingHours = attrs.field(
        factory=WorkingHours.office, validator=attrs.validators.instance_of(WorkingHours)
    )
    name: str = attrs.field(default="custom", kw_only=True, validator=_check_name)
    _state: _State = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not any(self.hours.weekdays):
            raise CalendarError("WorkCalendar: no weekday has working sessions")
        object.__setattr__(self, "_state", _State(self.hours))

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_provider(
        cls, provider: CalendarProvider, *, hours: WorkingHours | None = None, name: str = "custom"
    ) -> WorkCalendar:
        """A calendar over any :class:`CalendarProvider` (a portal's own schedule source).

        Example:
            >>> from lapvo_cchc.calendars import VietnamProvider
            >>> WorkCalendar.from_provider(VietnamProvider(official=False)).is_provisional(2026)
            True
        """
        return cls(provider, hours or WorkingHours.office(), name=name)

    def derive(
        self,
        *,
        extra_days_off: Iterable[DayOff | dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        hours: WorkingHours | None = None,
        sessions: Mapping[int, Iterable[Session]] | None = None,
        name: str | None = None,
    ) -> WorkCalendar:
        """A province's or agency's calendar on top of this one (an :class:`Overlay`).

        Args:
            extra_days_off: local days off (:class:`DayOff` or plain dates).
            extra_working_days: dates worked although off or a weekly rest day.
            hours: other working hours (default: this calendar's).
            sessions: per-weekday session overrides (0 = Monday), applied to *hours*;
                e.g. ``{5: [Session(time(7), time(11, 30))]}`` makes Saturday
                morning a working session (Saturday then counts as a working day).
            name: the new calendar's label.

        Example:
            >>> import datetime as dt
            >>> province = vietnam().derive(extra_days_off=[dt.date(2026, 3, 2)], name="tỉnh X")
            >>> province.is_working_day(dt.date(2026, 3, 2)), vietnam().is_working_day(
            ...     dt.date(2026, 3, 2))
            (False, True)
        """
        new_hours = hours or self.hours
        for weekday, day_sessions in (sessions or {}).items():
            new_hours = new_hours.with_weekday(weekday, day_sessions)
        overlay = Overlay(self.provider, tuple(extra_days_off), tuple(extra_working_days))
        return WorkCalendar(overlay, new_hours, name=name or f"{self.name}+overlay")

    def derive_from_csv(
        self, source: str | os.PathLike[str], *, name: str | None = None
    ) -> WorkCalendar:
        r"""A calendar on top of this one with overrides read from a CSV file.

        The file has the bundled schedule's format (see :meth:`Overlay.from_csv`).

        Example:
            >>> import pathlib, tempfile, datetime as dt
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     path = pathlib.Path(tmp, "x.csv")
            ...     _ = path.write_text("date,kind,name_vi,name_en,basis\n"
            ...                         "2026-03-07,makeup,Làm việc thứ Bảy,Saturday,QĐ 2\n",
            ...                         encoding="utf-8")
            ...     cal = vietnam().derive_from_csv(path)
            >>> cal.is_working_day(dt.date(2026, 3, 7))
            True
        """
        overlay = Overlay.from_csv(self.provider, source)
        return WorkCalendar(overlay, self.hours, name=name or f"{self.name}+{source}")

    # -- year data ---------------------------------------------------------------------------

    def is_provisional(self, year: int) -> bool:
        """Whether *year* has no official schedule (statutory rules only).

        Example:
            >>> vietnam().is_provisional(2026), vietnam().is_provisional(2027)
            (False, True)
        """
        return self._state.year(self.provider, check_year(year)).provisional

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        """The days off dated in *year*, sorted by date.

        Warns :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning` for a provisional year.

        Example:
            >>> [(str(d.date), d.kind.name) for d in vietnam().days_off(2026)[:3]]
            [('2026-01-01', 'HOLIDAY'), ('2026-01-02', 'SWAPPED'), ('2026-02-16', 'HOLIDAY')]
        """
        year = check_year(year)
        self._settle(year, year)
        return self.provider.days_off(year)

    def day_off(self, day: dt.date) -> DayOff | None:
        """The :class:`DayOff` entry on *day*, or None (weekly rest days have no entry).

        Example:
            >>> import datetime as dt
            >>> vietnam().day_off(dt.date(2026, 4, 27)).name
            'Nghỉ bù Giỗ Tổ Hùng Vương'
        """
        day = check_date(day, "day")
        return next((d for d in self.days_off(day.year) if d.date == day), None)

    def __contains__(self, day: object) -> bool:
        """``day in cal``: whether *day* is a listed day off (holiday, Tết, compensatory, swapped).

        Like ``day in holidays.VN()`` (python-holidays), it answers from the
        schedule only: ``day in cal`` is ``cal.day_off(day) is not None``. A
        plain Saturday or Sunday is not in it, and neither is a make-up
        Saturday; a holiday falling on a weekend is. For "is *day* worked?"
        ask :meth:`is_working_day`, which also knows the weekly rest days.

        Raises:
            InvalidTypeError: *day* is not a date (a datetime is rejected too).
            OutOfRangeError: *day* is outside 1995-2199.

        Example:
            >>> import datetime as dt
            >>> cal = vietnam()
            >>> dt.date(2026, 2, 17) in cal, dt.date(2026, 1, 2) in cal  # Tết; swapped day
            (True, True)
            >>> dt.date(2026, 2, 14) in cal, dt.date(2026, 1, 10) in cal  # Saturday; make-up
            (False, False)
        """
        return self.day_off(check_date(day, "day")) is not None

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        """Weekly rest days of *year* that are working days (*ngày làm bù*), sorted.

        Example:
            >>> vietnam().makeup_workdays(2026)
            (datetime.date(2026, 1, 10), datetime.date(2026, 8, 22))
        """
        year = check_year(year)
        self._settle(year, year)
        weekly = self.hours.weekdays
        return tuple(d for d in self.provider.makeup_workdays(year) if not weekly[d.weekday()])

    def makeup_basis(self, day: dt.date) -> str:
        """The source of the make-up working day *day* (a weekly rest day worked).

        Uses the provider's optional ``makeup_basis(day)`` method; a provider
        without one gets a generic text naming the calendar.

        Raises:
            CalendarError: *day* is not a make-up working day of this calendar.

        Example:
            >>> import datetime as dt
            >>> vietnam().makeup_basis(dt.date(2019, 1, 5))[:16]
            'Lịch nghỉ 2019 c'
        """
        day = check_date(day, "day")
        if day not in self.makeup_workdays(day.year):
            raise CalendarError(f"{self.name}: {day} is not a make-up working day")
        lookup = getattr(self.provider, "makeup_basis", None)
        basis = lookup(day) if callable(lookup) else None
        return basis if isinstance(basis, str) else f"{self.name}: make-up working day"

    def sessions_on(self, day: dt.date) -> tuple[Session, ...]:
        """The working sessions of *day* (empty on a day that is not a working day).

        Example:
            >>> import datetime as dt
            >>> [str(s.start) for s in vietnam().sessions_on(dt.date(2026, 1, 10))]
            ['07:00:00', '13:30:00']
        """
        if not self.is_working_day(day):
            return ()
        return self.hours.weekdays[day.weekday()] or self.hours.makeup

    # -- working days ------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether *day* is a working day.

        Example:
            >>> import datetime as dt
            >>> vietnam().is_working_day(dt.date(2026, 1, 10))   # Saturday worked for 2 January
            True

        Raises:
            InvalidTypeError: *day* is not a date (a datetime is rejected too).
            OutOfRangeError: *day* is outside 1995-2199.
        """
        if type(day) is not _date:
            day = check_date(day, "day")
        o = day.toordinal()
        t = self._state.table
        if t.ok_lo <= o <= t.ok_hi:
            return t.flags[o - t.base] == 1
        self._settle(_year(day), day.year)
        t = self._state.table
        return t.flags[o - t.base] == 1

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The *n*-th working day after *day* (*day* itself not counted).

        ``n == 0`` returns *day* if it is a working day, else the next working day;
        ``n < 0`` counts backwards (the ``|n|``-th working day before *day*).

        Example:
            >>> import datetime as dt
            >>> vietnam().add_working_days(dt.date(2026, 1, 9), 1)   # Friday → make-up Saturday
            datetime.date(2026, 1, 10)
            >>> vietnam().add_working_days(dt.date(2026, 2, 23), -1)  # back over Tết
            datetime.date(2026, 2, 13)

        **Legal basis:** Civil Code 2015 Art. 147(1): a period counted in days
        starts on the day after the event.
        """
        if type(day) is not _date:
            day = check_date(day, "day")
        if type(n) is not int:
            n = _check_int(n, "n")
        o = day.toordinal()
        t = self._state.table
        if t.ok_lo <= o <= t.ok_hi:
            ords = t.ords
            j = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= j < len(ords):
                r = ords[j]
                if t.ok_lo <= r <= t.ok_hi:
                    return _fromordinal(r)
        return self._add_slow(day, n)

    def _add_slow(self, day: dt.date, n: int) -> dt.date:
        year = _year(day)
        forward = n >= 0
        span = abs(n) // 200 + 1  # a year has about 245-250 working days
        lo, hi = (year, year + span) if forward else (year - span, year)
        o = day.toordinal()
        while True:
            t = self._state.ensure(self.provider, max(lo, MIN_YEAR), min(hi, MAX_YEAR))
            ords = t.ords
            j = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= j < len(ords):
                break
            if (forward and hi >= MAX_YEAR) or (not forward and lo <= MIN_YEAR):
                raise OutOfRangeError(
                    f"add_working_days({day}, {n}): the result is outside {MIN_YEAR}..{MAX_YEAR}"
                )
            lo, hi = (lo, hi + span) if forward else (lo - span, hi)
        result = _fromordinal(ords[j])
        self._settle(min(year, result.year), max(year, result.year), stacklevel=4)
        return result

    def count_working_days(self, a: dt.date, b: dt.date) -> int:
        """Working days between *a* and *b*: those in ``(a, b]``; negative, ``[b, a)``, if a > b.

        It is the signed number of working days stepped on when walking from *a*
        to *b* (*a* excluded, *b* included), so ``count(a, add(a, n)) == n``
        for every ``n != 0`` (and for ``n == 0`` when *a* is a working day).
        Hence ``count(a, b) == -count(b, a)`` only when *a* and *b* are both
        working days or both days off.

        Example:
            >>> import datetime as dt
            >>> cal = vietnam()
            >>> cal.count_working_days(dt.date(2026, 2, 13), dt.date(2026, 2, 23))  # over Tết
            1
            >>> cal.count_working_days(dt.date(2026, 2, 23), dt.date(2026, 2, 13))
            -1
        """
        if type(a) is not _date:
            a = check_date(a, "a")
        if type(b) is not _date:
            b = check_date(b, "b")
        oa = a.toordinal()
        ob = b.toordinal()
        t = self._state.table
        if not (t.ok_lo <= oa <= t.ok_hi and t.ok_lo <= ob <= t.ok_hi):
            self._settle(*sorted((_year(a), _year(b))))
            t = self._state.table
        ords = t.ords
        if oa <= ob:
            return bisect_right(ords, ob) - bisect_right(ords, oa)
        return bisect_left(ords, ob) - bisect_left(ords, oa)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after *day*.

        Example:
            >>> import datetime as dt
            >>> vietnam().next_working_day(dt.date(2026, 8, 28))   # Fri → Thu 3 Sep
            datetime.date(2026, 9, 3)
        """
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before *day*.

        Example:
            >>> import datetime as dt
            >>> vietnam().previous_working_day(dt.date(2026, 1, 5))
            datetime.date(2025, 12, 31)
        """
        return self.add_working_days(day, -1)

    # -- working time ------------------------------------------------------------------------

    def add_working_time(self, instant: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """The instant after *delta* of working time from *instant*, in Vietnam time.

        An instant outside working hours starts at the next session start. For
        ``delta > 0`` the result is the first instant at which *delta* has been
        worked (a session end, e.g. 17:00, rather than the next morning);
        ``delta == 0`` gives *instant* if it is inside a session, else the next
        session start; ``delta < 0`` counts backwards.

        Raises:
            NaiveDatetimeError: *instant* is naive.
            InvalidTypeError: *instant* is not a datetime or *delta* not a timedelta.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc import VIETNAM_TZ
            >>> start = dt.datetime(2026, 1, 9, 16, 0, tzinfo=VIETNAM_TZ)
            >>> vietnam().add_working_time(start, dt.timedelta(hours=2)).isoformat()
            '2026-01-10T08:00:00+07:00'
        """
        local = to_vietnam(instant, "instant")
        if not isinstance(delta, dt.timedelta):
            raise InvalidTypeError(f"delta: expected timedelta, got {type(delta).__name__}")
        amount = delta // _MICROSECOND
        state = self._state
        t = state.table
        o = local.toordinal()
        if not t.ok_lo <= o <= t.ok_hi:
            self._settle(_year(local.date()), local.year)
        while True:
            t = state.table
            cum = _table.cumulative(t, state.bounds)
            pos = _table.position(t, cum, o, _tod(local), state.bounds)
            found = _table.locate(t, cum, pos + amount, state.bounds, earliest_end=amount > 0)
            if found is not None and t.ok_lo <= found[0] <= t.ok_hi:
                return _instant(*found)
            if found is not None:
                self._settle(*sorted((local.year, _fromordinal(found[0]).year)))
                continue
            self._grow(t, forward=amount >= 0, amount=amount, cum=cum, what=local)

    def _grow(
        self, t: _table.Table, *, forward: bool, amount: int, cum: list[int], what: object
    ) -> None:
        years = t.hi_year - t.lo_year + 1
        per_year = max(cum[-1] // years, 1)
        step = max(1, math.ceil(abs(amount) / per_year))
        if (forward and t.hi_year >= MAX_YEAR) or (not forward and t.lo_year <= MIN_YEAR):
            raise OutOfRangeError(
                f"working time from {what}: result outside {MIN_YEAR}..{MAX_YEAR}"
            )
        lo = t.lo_year if forward else max(MIN_YEAR, t.lo_year - step)
        hi = min(MAX_YEAR, t.hi_year + step) if forward else t.hi_year
        self._state.ensure(self.provider, lo, hi)

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """The working time from *a* to *b*; negative when *a* is after *b*.

        ``working_time_between(t, add_working_time(t, d)) == d`` for ``d >= 0``.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc import VIETNAM_TZ
            >>> a = dt.datetime(2026, 2, 13, 8, 0, tzinfo=VIETNAM_TZ)
            >>> b = dt.datetime(2026, 2, 23, 8, 0, tzinfo=VIETNAM_TZ)   # over Tết
            >>> vietnam().working_time_between(a, b)
            datetime.timedelta(seconds=28800)
        """
        la = to_vietnam(a, "a")
        lb = to_vietnam(b, "b")
        self._settle(*sorted((_year(la.date()), _year(lb.date()))))
        state = self._state
        t = state.table
        cum = _table.cumulative(t, state.bounds)
        pa = _table.position(t, cum, la.toordinal(), _tod(la), state.bounds)
        pb = _table.position(t, cum, lb.toordinal(), _tod(lb), state.bounds)
        return dt.timedelta(microseconds=pb - pa)

    # -- internals ---------------------------------------------------------------------------

    def _settle(self, lo: int, hi: int, stacklevel: int = 3) -> None:
        """Load years lo..hi and warn once for each provisional one (at the caller's caller)."""
        for year in self._state.settle(self.provider, lo, hi):
            warnings.warn(
                ProvisionalCalendarWarning(
                    f"{self.name}: {year} has no official schedule; days off are computed "
                    "from the statutory rules (the government's decisions may differ)"
                ),
                stacklevel=stacklevel,
            )


def _year(day: dt.date) -> int:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise OutOfRangeError(f"date {day}: expected a year in {MIN_YEAR}..{MAX_YEAR}")
    return day.year


def _tod(local: dt.datetime) -> int:
    return (local.hour * 3600 + local.minute * 60 + local.second) * 1_000_000 + local.microsecond


def _instant(ordinal: int, tod: int) -> dt.datetime:
    day = _fromordinal(ordinal)
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM_TZ)
    return midnight + dt.timedelta(microseconds=tod)


def vietnam(*, hours: WorkingHours | None = None) -> WorkCalendar:
    """The public-sector calendar (*cán bộ, công chức, viên chức*): Mon-Fri + official schedules.

    Official schedules 2010-2026 are bundled; other years of 1995-2199 are
    computed from the Labour Code in force (provisional, with a warning).
    Default hours: 07:00-11:30 and 13:30-17:00, Monday to Friday.

    Args:
        hours: other working hours (a province's own).

    Example:
        >>> import datetime as dt
        >>> cal = vietnam()
        >>> cal.is_working_day(dt.date(2026, 2, 16)), cal.is_working_day(dt.date(2026, 1, 10))
        (False, True)

    **Legal basis:** Labour Code 2019 Art. 111-112; QĐ 188/1999/QĐ-TTg; the yearly
    schedules of the Government / MOLISA / MoHA cited in the bundled data.
    """
    return WorkCalendar(VietnamProvider(), hours or WorkingHours.office(), name="vietnam")
