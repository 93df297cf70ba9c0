"""Value types of the working-day calendar (private; re-exported by the package)."""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import unicodedata
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from lapvo_cchc._text import check_name
from lapvo_cchc.errors import CalendarError, InvalidTypeError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "STANDARD_SESSIONS",
    "CalendarProvider",
    "DayOff",
    "DayOffKind",
    "DayOffStatus",
    "Session",
    "WorkingHours",
    "check_date",
]


def check_date(value: object, what: str = "date") -> dt.date:
    """Return *value* as a plain :class:`datetime.date`, or raise :class:`InvalidTypeError`.

    A :class:`datetime.datetime` is a ``date`` subclass but is rejected: a day
    taken from an instant depends on the time zone, so the caller must say which
    (``instant.astimezone(VIETNAM_TZ).date()``).
    """
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        raise InvalidTypeError(
            f"{what}: expected a datetime.date, got the datetime {value!r}; "
            "take its .date() in the time zone you mean"
        )
    if isinstance(value, dt.date):  # a plain-date subclass: normalise it
        return dt.date(value.year, value.month, value.day)
    raise InvalidTypeError(
        f"{what}: expected a datetime.date, got {type(value).__name__} {value!r}"
    )


class DayOffKind(enum.Enum):
    """Why a day is off (*loại ngày nghỉ*); values are the official Vietnamese wording.

    Example:
        >>> DayOffKind.COMPENSATORY.value
        'nghỉ bù'
        >>> DayOffKind("ngày lễ, Tết") is DayOffKind.HOLIDAY
        True
    """

    HOLIDAY = "ngày lễ, Tết"
    """A public holiday (*ngày nghỉ lễ, Tết*) of the Labour Code."""
    COMPENSATORY = "nghỉ bù"
    """A compensatory day: a holiday fell on a weekly rest day."""
    SWAPPED = "nghỉ hoán đổi"
    """A working day moved off by a government swap; its make-up day is a worked weekend day."""


class DayOffStatus(enum.Enum):
    """How well an entry is established.

    Example:
        >>> DayOffStatus.PROVISIONAL.value
        'provisional'
    """

    CONFIRMED = "confirmed"
    """Date and kind are stated by an official schedule or a source citing it."""
    PARTIAL = "partial"
    """The date is off per a source; the holiday/compensatory split (or the year) is derived."""
    PROVISIONAL = "provisional"
    """Computed from the statutory rules: no official schedule for the year."""


def _nfc_text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(f"{attribute.name}: expected str, got {type(value).__name__}")
    if not value.strip():
        raise CalendarError(f"{attribute.name}: must not be empty")
    if unicodedata.normalize("NFC", value) != value:
        raise CalendarError(f"{attribute.name}: expected NFC-normalised text, got {value!r}")
    check_name(value, f"DayOff.{attribute.name}")


def _date_field(value: object) -> dt.date:
    return check_date(value, "DayOff.date")


@attrs.frozen(kw_only=True)
class DayOff:
    """A day off in the calendar (*ngày nghỉ*): a holiday, a compensatory or a swapped day.

    Args:
        date: the calendar day.
        kind: holiday, compensatory day or swapped day.
        name: the Vietnamese name (NFC, with diacritics).
        name_en: an English name.
        basis: the legal basis or source of the entry.
        status: confirmed by an official schedule, partial, or provisional.

    Example:
        >>> import datetime as dt
        >>> day = DayOff(date=dt.date(2026, 4, 27), kind=DayOffKind.COMPENSATORY,
        ...              name="Nghỉ bù Giỗ Tổ Hùng Vương", name_en="Compensatory day off",
        ...              basis="Bộ luật Lao động 2019 Điều 111(3)")
        >>> day.confirmed, day.provisional
        (True, False)

    **Legal basis:** Labour Code 2019 (45/2019/QH14) Art. 112 (holidays) and
    Art. 111(3) (compensatory days); swaps by the Prime Minister's yearly decision.
    """

    date: dt.date = attrs.field(converter=_date_field)
    kind: DayOffKind = attrs.field(validator=attrs.validators.instance_of(DayOffKind))
    name: str = attrs.field(validator=_nfc_text)
    name_en: str = attrs.field(validator=_nfc_text)
    basis: str = attrs.field(validator=_nfc_text)
    status: DayOffStatus = attrs.field(
        default=DayOffStatus.CONFIRMED, validator=attrs.validators.instance_of(DayOffStatus)
    )

    @property
    def confirmed(self) -> bool:
        """Whether an official source states this date and kind.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> vietnam().days_off(2024)[0].confirmed   # 1/1/2024: no year-specific source
            False
        """
        return self.status is DayOffStatus.CONFIRMED

    @property
    def provisional(self) -> bool:
        """Whether the entry is computed from statutory rules only.

        Example:
            >>> from lapvo_cchc.calendars import vietnam
            >>> vietnam().days_off(2026)[0].provisional
            False
        """
        return self.status is DayOffStatus.PROVISIONAL


def _time_field(value: object) -> dt.time:
    if not isinstance(value, dt.time):
        raise InvalidTypeError(f"Session: expected datetime.time, got {type(value).__name__}")
    if value.tzinfo is not None:
        raise CalendarError(f"Session: times are Vietnam wall-clock times, got tz-aware {value}")
    return value


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


@attrs.frozen(order=True)
class Session:
    """One working session of a day (*buổi làm việc*), Vietnam wall-clock time, ``[start, end)``.

    Example:
        >>> import datetime as dt
        >>> Session(dt.time(7), dt.time(11, 30)).duration
        datetime.timedelta(seconds=16200)

    Raises:
        CalendarError: ``start`` is not before ``end``, or a time carries sub-second
            precision or a time zone.
    """

    start: dt.time = attrs.field(converter=_time_field)
    end: dt.time = attrs.field(converter=_time_field)

    def __attrs_post_init__(self) -> None:
        if self.start.microsecond or self.end.microsecond:
            raise CalendarError("Session: times must be whole seconds")
        if self.start >= self.end:
            raise CalendarError(f"Session: start {self.start} must be before end {self.end}")

    @property
    def duration(self) -> dt.timedelta:
        """Length of the session."""
        return dt.timedelta(seconds=_seconds(self.end) - _seconds(self.start))

    @property
    def bounds(self) -> tuple[int, int]:
        """``(start, end)`` as seconds after midnight."""
        return _seconds(self.start), _seconds(self.end)


STANDARD_SESSIONS: tuple[Session, ...] = (
    Session(dt.time(7, 0), dt.time(11, 30)),
    Session(dt.time(13, 30), dt.time(17, 0)),
)
"""07:00-11:30 and 13:30-17:00 (8 hours), e.g. Đắk Nông QĐ 22/2014/QĐ-UBND."""


def _sessions(value: Iterable[Session], what: str) -> tuple[Session, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Session):
            raise InvalidTypeError(f"{what}: expected Session, got {type(item).__name__}")
    ordered = tuple(sorted(items))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise CalendarError(f"{what}: sessions {before} and {after} overlap")
    return ordered


def _weekly(value: Iterable[Iterable[Session]]) -> tuple[tuple[Session, ...], ...]:
    days = tuple(_sessions(day, f"WorkingHours.weekdays[{i}]") for i, day in enumerate(value))
    if len(days) != 7:
        raise CalendarError(
            f"WorkingHours.weekdays: expected 7 entries (Mon..Sun), got {len(days)}"
        )
    return days


def _makeup(value: Iterable[Session]) -> tuple[Session, ...]:
    sessions = _sessions(value, "WorkingHours.makeup")
    if not sessions:
        raise CalendarError("WorkingHours.makeup: a make-up working day needs at least one session")
    return sessions


@attrs.frozen
class WorkingHours:
    """Working sessions per weekday (*giờ làm việc*) and on make-up working days.

    A weekday with no session is a weekly rest day. A make-up day (a weekend day
    worked in exchange for a swapped day off) uses ``makeup``.

    Args:
        weekdays: 7 tuples of sessions, Monday first.
        makeup: the sessions of a make-up working day.

    Example:
        >>> import datetime as dt
        >>> hours = WorkingHours.office()
        >>> hours.daily_duration(0), hours.daily_duration(5)
        (datetime.timedelta(seconds=28800), datetime.timedelta(0))
        >>> saturday = hours.with_weekday(5, [Session(dt.time(7), dt.time(11, 30))])
        >>> saturday.daily_duration(5)
        datetime.timedelta(seconds=16200)

    **Legal basis:** QĐ 188/1999/QĐ-TTg Art. 1 (40 hours in 5 days, Saturday and
    Sunday off); clock hours are set by each province, e.g. Đắk Nông
    QĐ 22/2014/QĐ-UBND (07:00-11:30, 13:30-17:00).
    """

    weekdays: tuple[tuple[Session, ...], ...] = attrs.field(converter=_weekly)
    makeup: tuple[Session, ...] = attrs.field(converter=_makeup)

    @classmethod
    def office(
        cls,
        sessions: Iterable[Session] = STANDARD_SESSIONS,
        *,
        days: Iterable[int] = (0, 1, 2, 3, 4),
    ) -> WorkingHours:
        """The same sessions on each of *days* (default Monday-Friday) and on make-up days.

        Example:
            >>> WorkingHours.office().weekdays[6]
            ()
        """
        chosen = tuple(sessions)
        working = set(days)
        if not working <= set(range(7)):
            raise CalendarError(f"WorkingHours.office: weekdays are 0..6, got {sorted(working)}")
        return cls(tuple(chosen if i in working else () for i in range(7)), chosen)

    def with_weekday(self, weekday: int, sessions: Iterable[Session]) -> WorkingHours:
        """Return a copy with *weekday*'s sessions replaced (e.g. Saturday-morning reception).

        Example:
            >>> WorkingHours.office().with_weekday(0, []).weekdays[0]
            ()
        """
        if weekday not in range(7):
            raise CalendarError(f"with_weekday: weekday must be 0..6, got {weekday!r}")
        days = list(self.weekdays)
        days[weekday] = tuple(sessions)
        return attrs.evolve(self, weekdays=tuple(days))

    def daily_duration(self, weekday: int) -> dt.timedelta:
        """Total working time of a normal *weekday* (0 = Monday).

        Example:
            >>> WorkingHours.office().daily_duration(4)
            datetime.timedelta(seconds=28800)
        """
        return sum((s.duration for s in self.weekdays[weekday]), dt.timedelta())


@runtime_checkable
class CalendarProvider(Protocol):
    """The source of a calendar's days off and make-up working days, year by year.

    A portal implements it to plug its own schedule source (a database table, a
    web service) into :meth:`WorkCalendar.from_provider`. Each method must
    return the same answer for the same year (the calendar caches it). A
    provider may also offer ``makeup_basis(date) -> str | None``, the source of
    a make-up working day, used by :meth:`WorkCalendar.makeup_basis`.

    Example:
        >>> import datetime as dt
        >>> class NoHolidays:
        ...     def days_off(self, year: int) -> tuple[DayOff, ...]:
        ...         return ()
        ...     def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        ...         return ()
        ...     def is_provisional(self, year: int) -> bool:
        ...         return False
        >>> isinstance(NoHolidays(), CalendarProvider)
        True
    """

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        """Days off dated in *year*, sorted by date, at most one per date."""
        ...

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        """Weekly rest days dated in *year* that are worked (make-up days), sorted."""
        ...

    def is_provisional(self, year: int) -> bool:
        """Whether *year* has no official schedule (computed from the statutory rules)."""
        ...
