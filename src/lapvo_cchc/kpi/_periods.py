"""Reporting periods (*kỳ báo cáo*) and the period membership rules (private).

The public names are re-exported by :mod:`lapvo_cchc.kpi`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING, Final

import attrs

from lapvo_cchc._time import to_vietnam
from lapvo_cchc.errors import DecodeError, InvalidDateError, InvalidTypeError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["DayLike", "Period"]

DayLike = dt.date | dt.datetime
"""A calendar day (taken as a Vietnam date) or an aware instant (converted to UTC+7)."""

_HALF_LAST_MONTH: Final = {1: 6, 2: 12}
_NINE_MONTHS_LABEL: Final = "9M"
_MAX_YEAR: Final = 9999

_PARSE_RE: Final = re.compile(
    r"""
    ^(?P<reporting>R)?
    (?P<year>\d{4})
    (?:-(?:
        Q(?P<quarter>[1-4])
      | H(?P<half>[12])
      | (?P<nine>9M)
      | (?P<month>0[1-9]|1[0-2])
    ))?$
    """,
    re.VERBOSE | re.IGNORECASE,
)
_RANGE_RE: Final = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})\s*\.\.\s*(?P<end>\d{4}-\d{2}-\d{2})$")


def _vietnam_date(value: DayLike, what: str) -> dt.date:
    """Return the Vietnam calendar day of *value* (a date, or an aware datetime)."""
    if isinstance(value, dt.datetime):
        return to_vietnam(value, what).date()
    if isinstance(value, dt.date):
        return value
    raise InvalidTypeError(
        f"{what}: expected a datetime.date or an aware datetime.datetime, "
        f"got {type(value).__name__} {value!r}"
    )


def _check_day(value: object, what: str) -> dt.date:
    """Validate a period boundary: a plain :class:`datetime.date`, not a datetime."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"{what}: expected a datetime.date (convert instants with to_vietnam(...).date()), "
            f"got {type(value).__name__} {value!r}"
        )
    return value


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_year(year: int) -> int:
    if not _is_int(year) or not 1 <= year <= _MAX_YEAR:
        raise InvalidDateError(f"year: expected an integer in 1..9999, got {year!r}")
    return year


def _check_index(value: int, high: int, what: str) -> int:
    if not _is_int(value) or not 1 <= value <= high:
        raise InvalidDateError(f"{what}: expected an integer in 1..{high}, got {value!r}")
    return value


def _validate_end(instance: Period, _attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
    _check_day(value, "Period.end")
    if value < instance.start:
        raise InvalidDateError(
            f"Period: expected end >= start, got start {instance.start.isoformat()} "
            f"and end {value.isoformat()}"
        )


def _validate_start(
    _instance: Period, _attribute: attrs.Attribute[dt.date], value: dt.date
) -> None:
    _check_day(value, "Period.start")


@attrs.frozen(order=True)
class Period:
    """A reporting period (*kỳ báo cáo*): an inclusive range of Vietnam calendar days.

    Build one with a constructor (:meth:`month`, :meth:`quarter`, :meth:`half`,
    :meth:`year`, the ``reporting_*`` family, :meth:`custom`) or :meth:`parse`.
    Equality and ordering use the dates only; the label is a name for display
    (``Period.month(2020, 3) == Period.custom(date(2020, 3, 1), date(2020, 3, 31))``).

    Membership rules. Every dossier indicator counts dossiers with these four
    predicates, which take the day of receipt and the day the dossier was
    finished (``None`` while it is still open). Days are Vietnam calendar days;
    aware instants are converted to UTC+7 first.

    * **received in the period** (*tiếp nhận trong kỳ*): received on a day from
      ``start`` to ``end`` — :meth:`received`.
    * **carried over** (*kỳ trước chuyển qua*): received before ``start`` and not
      finished before ``start`` (still open, or finished on or after ``start``) —
      :meth:`carried_over`.
    * **handled in the period** (*cần xử lý*, "tiếp nhận, xử lý trong kỳ"):
      received in the period or carried over — :meth:`handled`.
    * **finished in the period** (*đã giải quyết trong kỳ*): finished on a day
      from ``start`` to ``end`` — :meth:`finished_in`. Which kinds of finish
      (resolved, refused, withdrawn, ...) count as "resolved" is decided by the
      indicator, not here.
    * **open at the end** (*đang giải quyết*): received on or before ``end``
      and not finished on or before ``end`` — :meth:`open_at_end`.

    For every dossier with ``received <= finished``: *handled* is exactly
    *received* or *carried over* (never both), and exactly *finished in* or
    *open at the end* (never both).

    Attributes:
        start: First day of the period.
        end: Last day of the period (inclusive).
        label: Display name; the labels the constructors make are accepted by
            :meth:`parse`.

    Example:
        >>> import datetime as dt
        >>> p = Period.reporting_month(2020, 3)
        >>> p.start, p.end, p.label
        (datetime.date(2020, 2, 15), datetime.date(2020, 3, 14), 'R2020-03')
        >>> p.contains(dt.date(2020, 3, 15))
        False
        >>> Period.parse("2020-H1") == Period.custom(dt.date(2020, 1, 1), dt.date(2020, 6, 30))
        True
    """

    start: dt.date = attrs.field(validator=_validate_start)
    end: dt.date = attrs.field(validator=_validate_end)
    label: str = attrs.field(default="", eq=False, order=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", f"{self.start.isoformat()}..{self.end.isoformat()}")

    def __str__(self) -> str:
        return self.label

    # -- constructors ---------------------------------------------------------------

    @classmethod
    def custom(cls, start: dt.date, end: dt.date, label: str | None = None) -> Period:
        """Any range of days, both ends included.

        Real reports often cut their own periods (Lâm Đồng's "Q1 2020" ran from
        1 Dec 2019 to 29 Feb 2020; Vĩnh Phúc's month from the 21st to the 20th).

        Args:
            start: First day.
            end: Last day (inclusive), not before *start*.
            label: Display name; default ``"YYYY-MM-DD..YYYY-MM-DD"``.

        Raises:
            InvalidDateError: *end* is before *start*.
            InvalidTypeError: a boundary is not a :class:`datetime.date` (or is a datetime).

        Example:
            >>> import datetime as dt
            >>> Period.custom(dt.date(2019, 12, 1), dt.date(2020, 2, 29)).label
            '2019-12-01..2020-02-29'
        """
        return cls(start, end, label=label or "")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month.

        Example:
            >>> Period.month(2020, 2).end
            datetime.date(2020, 2, 29)
        """
        _check_year(year)
        _check_index(month, 12, "month")
        return cls(dt.date(year, month, 1), _last_day(year, month), label=f"{year:04d}-{month:02d}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """A calendar quarter (1 to 4).

        Example:
            >>> Period.quarter(2020, 2).label, Period.quarter(2020, 2).end
            ('2020-Q2', datetime.date(2020, 6, 30))
        """
        _check_year(year)
        _check_index(quarter, 4, "quarter")
        first = 3 * quarter - 2
        return cls(
            dt.date(year, first, 1), _last_day(year, first + 2), label=f"{year:04d}-Q{quarter}"
        )

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """A calendar half year (1: January to June, 2: July to December).

        Example:
            >>> Period.half(2020, 1).end
            datetime.date(2020, 6, 30)
        """
        _check_year(year)
        _check_index(half, 2, "half")
        last = _HALF_LAST_MONTH[half]
        return cls(dt.date(year, last - 5, 1), _last_day(year, last), label=f"{year:04d}-H{half}")

    @classmethod
    def nine_months(cls, year: int) -> Period:
        """The first nine calendar months (January to September).

        Example:
            >>> Period.nine_months(2020).label
            '2020-9M'
        """
        _check_year(year)
        return cls(
            dt.date(year, 1, 1), dt.date(year, 9, 30), label=f"{year:04d}-{_NINE_MONTHS_LABEL}"
        )

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year.

        Example:
            >>> Period.year(2020).end
            datetime.date(2020, 12, 31)
        """
        _check_year(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), label=f"{year:04d}")

    @classmethod
    def reporting_month(cls, year: int, month: int) -> Period:
        """A reporting month: the 15th of the previous month to the 14th.

        **Legal basis:** Nghị định 09/2019/NĐ-CP on the reporting regime
        (period cut-off of periodic reports), as quoted by Khánh Hòa
        QĐ 01/2023/QĐ-UBND, Điều 4 (secondary source, see docs/kpi.md).

        Example:
            >>> p = Period.reporting_month(2020, 1)
            >>> p.start, p.end
            (datetime.date(2019, 12, 15), datetime.date(2020, 1, 14))
        """
        _check_year(year)
        _check_index(month, 12, "month")
        py, pm = _month_before(year, month)
        if py < 1:
            raise InvalidDateError(f"year: reporting periods of year {year} start before year 1")
        return cls(dt.date(py, pm, 15), dt.date(year, month, 14), label=f"R{year:04d}-{month:02d}")

    @classmethod
    def reporting_quarter(cls, year: int, quarter: int) -> Period:
        """A reporting quarter: from the 15th of the month before it to the 14th of its last month.

        **Legal basis:** Nghị định 09/2019/NĐ-CP, as quoted by Khánh Hòa
        QĐ 01/2023/QĐ-UBND, Điều 4.

        Example:
            >>> p = Period.reporting_quarter(2020, 2)
            >>> p.start, p.end, p.label
            (datetime.date(2020, 3, 15), datetime.date(2020, 6, 14), 'R2020-Q2')
        """
        _check_index(quarter, 4, "quarter")
        first = cls.reporting_month(year, 3 * quarter - 2)
        return cls(first.start, dt.date(year, 3 * quarter, 14), label=f"R{year:04d}-Q{quarter}")

    @classmethod
    def reporting_half(cls, year: int, half: int = 1) -> Period:
        """A reporting half year: 15/12 of the previous year to 14/06 (half 1).

        Half 2 (15/06 to 14/12) is derived by analogy: the rule itself names
        only the six-month report (first half) and the annual report.

        **Legal basis:** Nghị định 09/2019/NĐ-CP, as quoted by Khánh Hòa
        QĐ 01/2023/QĐ-UBND, Điều 4.

        Example:
            >>> p = Period.reporting_half(2020, 1)
            >>> p.start, p.end
            (datetime.date(2019, 12, 15), datetime.date(2020, 6, 14))
        """
        _check_index(half, 2, "half")
        last = _HALF_LAST_MONTH[half]
        first = cls.reporting_month(year, last - 5)
        return cls(first.start, dt.date(year, last, 14), label=f"R{year:04d}-H{half}")

    @classmethod
    def reporting_nine_months(cls, year: int) -> Period:
        """The nine-month reporting period: 15/12 of the previous year to 14/09.

        **Legal basis:** Khánh Hòa QĐ 01/2023/QĐ-UBND, Điều 4.

        Example:
            >>> Period.reporting_nine_months(2020).end
            datetime.date(2020, 9, 14)
        """
        first = cls.reporting_month(year, 1)
        return cls(first.start, dt.date(year, 9, 14), label=f"R{year:04d}-{_NINE_MONTHS_LABEL}")

    @classmethod
    def reporting_year(cls, year: int) -> Period:
        """The reporting year: 15/12 of the previous year to 14/12.

        **Legal basis:** Nghị định 09/2019/NĐ-CP, as quoted by Khánh Hòa
        QĐ 01/2023/QĐ-UBND, Điều 4.

        Example:
            >>> p = Period.reporting_year(2020)
            >>> p.start, p.end
            (datetime.date(2019, 12, 15), datetime.date(2020, 12, 14))
        """
        first = cls.reporting_month(year, 1)
        return cls(first.start, dt.date(year, 12, 14), label=f"R{year:04d}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period label.

        Accepted forms (case-insensitive; a leading ``R`` means the reporting
        convention of the 15th to the 14th):

        ========================== =============================================
        ``2020``                   calendar year (``R2020``: reporting year)
        ``2020-H1``                calendar half (``R2020-H1``)
        ``2020-9M``                first nine months (``R2020-9M``)
        ``2020-Q1``                calendar quarter (``R2020-Q1``)
        ``2020-03``                calendar month (``R2020-03``)
        ``2020-01-01..2020-06-30`` any range, both ends included
        ========================== =============================================

        Args:
            text: The label.

        Returns:
            The period; ``Period.parse(p.label) == p`` for every period a
            constructor makes.

        Raises:
            DecodeError: *text* is not a period label.
            InvalidDateError: a range with a day that does not exist or ends before it starts.

        Example:
            >>> Period.parse("R2020-H1").start
            datetime.date(2019, 12, 15)
            >>> Period.parse("2020-01-01..2020-06-30") == Period.half(2020, 1)
            True
            >>> Period.parse("H1/2020")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.DecodeError: period: expected a label like 2020, 2020-H1, ...
        """
        if not isinstance(text, str):
            raise InvalidTypeError(f"period: expected a str label, got {type(text).__name__}")
        stripped = text.strip()
        if m := _RANGE_RE.match(stripped):
            try:
                start = dt.date.fromisoformat(m["start"])
                end = dt.date.fromisoformat(m["end"])
            except ValueError as exc:
                raise InvalidDateError(f"period {text!r}: {exc}") from None
            return cls.custom(start, end)
        m = _PARSE_RE.match(stripped)
        if m is None or int(m["year"]) == 0:
            raise DecodeError(
                "period: expected a label like 2020, 2020-H1, 2020-9M, 2020-Q1, 2020-03 "
                f"(R prefix for the 15th-to-14th reporting periods) or "
                f"2020-01-01..2020-06-30, got {text!r}"
            )
        year = int(m["year"])
        reporting = m["reporting"] is not None
        if m["quarter"]:
            q = int(m["quarter"])
            return cls.reporting_quarter(year, q) if reporting else cls.quarter(year, q)
        if m["half"]:
            h = int(m["half"])
            return cls.reporting_half(year, h) if reporting else cls.half(year, h)
        if m["nine"]:
            return cls.reporting_nine_months(year) if reporting else cls.nine_months(year)
        if m["month"]:
            mo = int(m["month"])
            return cls.reporting_month(year, mo) if reporting else cls.month(year, mo)
        return cls.reporting_year(year) if reporting else cls.year(year)

    # -- structure ------------------------------------------------------------------

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included.

        Example:
            >>> Period.reporting_month(2020, 3).days
            29
        """
        return (self.end - self.start).days + 1

    def months(self) -> tuple[Period, ...]:
        """Split the period into calendar months, cut at the period's ends.

        The pieces are contiguous, do not overlap and cover the period exactly.
        A whole month is labelled like :meth:`month`; a cut one by its range.

        Example:
            >>> [p.label for p in Period.reporting_month(2020, 3).months()]
            ['2020-02-15..2020-02-29', '2020-03-01..2020-03-14']
            >>> [p.label for p in Period.quarter(2020, 1).months()]
            ['2020-01', '2020-02', '2020-03']
        """
        return tuple(self._iter_months())

    def _iter_months(self) -> Iterator[Period]:
        cursor = self.start
        while cursor <= self.end:
            month_end = _last_day(cursor.year, cursor.month)
            piece_end = min(month_end, self.end)
            if cursor.day == 1 and piece_end == month_end:
                yield Period.month(cursor.year, cursor.month)
            else:
                yield Period.custom(cursor, piece_end)
            cursor = piece_end + dt.timedelta(days=1)

    # -- membership -----------------------------------------------------------------

    def contains(self, day: DayLike) -> bool:
        """Whether *day* (a date, or an aware instant taken in Vietnam time) is in the period.

        Raises:
            NaiveDatetimeError: *day* is a naive datetime.

        Example:
            >>> import datetime as dt
            >>> p = Period.month(2020, 3)
            >>> utc = dt.timezone.utc
            >>> p.contains(dt.datetime(2020, 2, 29, 17, 0, tzinfo=utc))  # 1 March, 00:00 in Vietnam
            True
        """
        d = _vietnam_date(day, "day")
        return self.start <= d <= self.end

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.contains(day)

    def received(self, received_on: DayLike) -> bool:
        """Whether a dossier received on *received_on* is **received in the period**.

        Example:
            >>> import datetime as dt
            >>> Period.month(2020, 3).received(dt.date(2020, 3, 31))
            True
        """
        return self.start <= _vietnam_date(received_on, "received_on") <= self.end

    def carried_over(self, received_on: DayLike, finished_on: DayLike | None) -> bool:
        """Whether the dossier is **carried over** into the period.

        Received before the first day and not finished before it (still open,
        or finished on or after the first day).

        Raises:
            InvalidDateError: *finished_on* is before *received_on*.

        Example:
            >>> import datetime as dt
            >>> p = Period.month(2020, 3)
            >>> p.carried_over(dt.date(2020, 2, 20), dt.date(2020, 3, 1))
            True
            >>> p.carried_over(dt.date(2020, 2, 20), dt.date(2020, 2, 29))
            False
        """
        r, f = self._pair(received_on, finished_on)
        return r < self.start and (f is None or f >= self.start)

    def handled(self, received_on: DayLike, finished_on: DayLike | None) -> bool:
        """Whether the dossier is **handled in the period**: received in it or carried over.

        This is the set "tiếp nhận, xử lý trong kỳ" (766 indicator 2.1) and
        column 3 of the statistical form; it is also the union of
        :meth:`finished_in` and :meth:`open_at_end`.

        Raises:
            InvalidDateError: *finished_on* is before *received_on*.

        Example:
            >>> import datetime as dt
            >>> Period.month(2020, 3).handled(dt.date(2020, 1, 5), None)
            True
        """
        r, f = self._pair(received_on, finished_on)
        return r <= self.end and (f is None or f >= self.start)

    def finished_in(self, finished_on: DayLike | None) -> bool:
        """Whether a dossier finished on *finished_on* is **finished in the period**.

        Example:
            >>> import datetime as dt
            >>> Period.month(2020, 3).finished_in(None)
            False
        """
        if finished_on is None:
            return False
        return self.start <= _vietnam_date(finished_on, "finished_on") <= self.end

    def open_at_end(self, received_on: DayLike, finished_on: DayLike | None) -> bool:
        """Whether the dossier is **in progress at the end** of the period.

        Received on or before the last day and not finished on or before it.

        Raises:
            InvalidDateError: *finished_on* is before *received_on*.

        Example:
            >>> import datetime as dt
            >>> p = Period.month(2020, 3)
            >>> p.open_at_end(dt.date(2020, 3, 31), dt.date(2020, 4, 1))
            True
            >>> p.open_at_end(dt.date(2020, 4, 1), None)
            False
        """
        r, f = self._pair(received_on, finished_on)
        return r <= self.end and (f is None or f > self.end)

    @staticmethod
    def _pair(received_on: DayLike, finished_on: DayLike | None) -> tuple[dt.date, dt.date | None]:
        r = _vietnam_date(received_on, "received_on")
        if finished_on is None:
            return r, None
        f = _vietnam_date(finished_on, "finished_on")
        if f < r:
            raise InvalidDateError(
                f"finished_on: expected a day on or after received_on {r.isoformat()}, "
                f"got {f.isoformat()}"
            )
        return r, f
