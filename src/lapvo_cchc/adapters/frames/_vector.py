"""Vectorised working-day arithmetic on arrays of date ordinals (private; numpy).

The calendar's precomputed table (:func:`lapvo_cchc.calendars.working_day_table`) lists
the working-day ordinals of a window of years. Over that window this module
keeps two numpy arrays:

- ``ords``: the sorted working-day ordinals (``date.toordinal()``);
- ``rank``: ``rank[o - first]`` is the number of working days ``<= o``, i.e.
  ``bisect_right(ords, o)``; ``bisect_left(ords, o)`` is ``rank - flag``.

So the scalar formulas of :class:`~lapvo_cchc.calendars.WorkCalendar` become
gathers: the *n*-th working day after ``o`` is ``ords[rank[o] + n - 1]``
(``n > 0``) or ``ords[rank[o] - flag[o] + n]`` (``n <= 0``), and a count is a
difference of two ranks. No Python loop runs per element.

Provisional years warn exactly as the scalar API does: once per year and
calendar, for the years each row touches (the date and, for additions, the
result; for counts, the years between the two dates).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR, WorkCalendar, working_day_table
from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["WorkingDayIndex", "numpy_module"]

_EPOCH = dt.date(1970, 1, 1).toordinal()
_FIRST = dt.date(MIN_YEAR, 1, 1).toordinal()
_LAST = dt.date(MAX_YEAR, 12, 31).toordinal()


def numpy_module() -> Any:
    """Import numpy or raise :class:`~lapvo_cchc.errors.MissingExtraError`."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is installed with pandas and polars
        from lapvo_cchc.errors import MissingExtraError

        raise MissingExtraError(
            'vectorised working days need numpy: pip install "lapvo-cchc[numpy]"'
        ) from None
    return numpy


class WorkingDayIndex:
    """A calendar's working days over a window of years as numpy arrays (*bảng ngày làm việc*).

    Build one once with :meth:`build` and pass it as ``calendar=`` to the
    vectorised functions of :mod:`lapvo_cchc.adapters.frames` to skip the
    table lookup on every call (as ``numpy.busdaycalendar`` does for
    ``numpy.busday_offset``). Queries that leave the window are answered
    from the calendar itself.

    Attributes:
        calendar: The calendar the index was built from.
        first_year: The first year covered.
        last_year: The last year covered.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> index = WorkingDayIndex.build(vietnam(), 2019, 2026)
        >>> index.working_days
        2003
        >>> index.calendar.name
        'vietnam'
    """

    __slots__ = ("_first", "_flags", "_ords", "_rank", "calendar", "first_year", "last_year")

    def __init__(self, calendar: WorkCalendar, first_year: int, last_year: int) -> None:
        np = numpy_module()
        if not isinstance(calendar, WorkCalendar):
            raise InvalidTypeError(
                f"calendar: expected a WorkCalendar or a WorkingDayIndex, "
                f"got {type(calendar).__name__} {calendar!r}"
            )
        if not MIN_YEAR <= first_year <= last_year <= MAX_YEAR:
            raise OutOfRangeError(
                f"WorkingDayIndex: expected years within {MIN_YEAR}..{MAX_YEAR}, "
                f"got {first_year}..{last_year}"
            )
        self.calendar = calendar
        self.first_year = first_year
        self.last_year = last_year
        first = dt.date(first_year, 1, 1).toordinal()
        # The calendar's own table (loaded without settling: the years a query
        # touches are settled, and warned about, when it is answered).
        table = working_day_table(calendar, first_year, last_year)
        ords = np.array(table.ords, dtype=np.int64)
        flags = np.frombuffer(table.flags, dtype=np.uint8)
        self._first = first
        self._ords: Ints = ords
        self._flags: Bools = flags.astype(np.bool_)
        self._rank: Ints = np.cumsum(flags, dtype=np.int64)

    @classmethod
    def build(cls, calendar: WorkCalendar, first_year: int, last_year: int) -> WorkingDayIndex:
        """The index of *calendar* for the years ``first_year..last_year``.

        Building does not warn; the queries answered warn for the provisional
        years they touch, as the scalar API does.

        Raises:
            OutOfRangeError: a year outside 1995-2199.
            InvalidTypeError: *calendar* is not a :class:`WorkCalendar`.

        Example:
            >>> from lapvo_cchc.calendars import vietnam
            >>> WorkingDayIndex.build(vietnam(), 2026, 2026).working_days
            250
        """
        return cls(calendar, first_year, last_year)

    @property
    def working_days(self) -> int:
        """The number of working days in the window.

        Example:
            >>> from lapvo_cchc.calendars import vietnam
            >>> WorkingDayIndex.build(vietnam(), 2025, 2025).working_days
            250
        """
        return len(self._ords)

    def __repr__(self) -> str:
        return f"WorkingDayIndex({self.calendar.name!r}, {self.first_year}..{self.last_year})"

    # -- the arithmetic (ordinals inside the window; the caller checks) ----------------------

    def covers(self, lo: int, hi: int) -> bool:
        """Whether ordinals ``lo..hi`` are inside the window."""
        return self._first <= lo and hi < self._first + len(self._rank)

    def is_working(self, o: Ints) -> Bools:
        """Working-day flags of ordinals inside the window."""
        return self._flags[o - self._first]

    def add(self, o: Ints, n: Ints | int) -> Ints | None:
        """The n-th working day after each ordinal; None when a result leaves the window."""
        np = numpy_module()
        i = o - self._first
        rank = self._rank[i]
        if isinstance(n, int):
            j = rank + (n - 1) if n > 0 else rank - self._flags[i] + n
        else:
            # bisect_right + n - 1 forwards, bisect_left + n (= rank - flag + n) otherwise
            j = rank + n - np.where(n > 0, 1, self._flags[i])
        if len(j) and (j.min() < 0 or j.max() >= len(self._ords)):
            return None
        result: Ints = self._ords[j]
        return result

    def count(self, oa: Ints, ob: Ints) -> Ints:
        """Working days in ``(a, b]`` (negative ``[b, a)`` when a > b), ordinals inside."""
        np = numpy_module()
        ia, ib = oa - self._first, ob - self._first
        ra, rb = self._rank[ia], self._rank[ib]
        backward = oa > ob
        # bisect_left = bisect_right - flag: only the backward rows need it
        result: Ints = np.where(backward, (rb - self._flags[ib]) - (ra - self._flags[ia]), rb - ra)
        return result


def index_for(calendar: WorkCalendar | WorkingDayIndex, lo: int, hi: int) -> WorkingDayIndex:
    """An index covering ordinals ``lo..hi`` (the given one when it does)."""
    if isinstance(calendar, WorkingDayIndex):
        if calendar.covers(lo, hi):
            return calendar
        calendar = calendar.calendar
    check_ordinals(lo, hi)
    return WorkingDayIndex(calendar, dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year)


def base_calendar(calendar: WorkCalendar | WorkingDayIndex) -> WorkCalendar:
    """The calendar behind *calendar*."""
    return calendar.calendar if isinstance(calendar, WorkingDayIndex) else calendar


def check_ordinals(lo: int, hi: int) -> None:
    """Raise :class:`OutOfRangeError` for dates outside the calendar's years."""
    for o in (lo, hi):
        if not _FIRST <= o <= _LAST:
            raise OutOfRangeError(
                f"date {dt.date.fromordinal(o) if 1 <= o <= dt.date.max.toordinal() else o}: "
                f"expected a year in {MIN_YEAR}..{MAX_YEAR}"
            )


def settle(calendar: WorkCalendar, a: Ints, b: Ints) -> None:
    """Warn, as the scalar API does, for the provisional years between ``a[i]`` and ``b[i]``.

    The years touched are the union over the rows of the years from
    ``min(a[i], b[i])`` to ``max(a[i], b[i])``.
    """
    if not len(a):
        return
    np = numpy_module()
    first_year = dt.date.fromordinal(int(min(a.min(), b.min()))).year
    last_year = dt.date.fromordinal(int(max(a.max(), b.max()))).year
    provisional = [y for y in range(first_year, last_year + 1) if calendar.is_provisional(y)]
    if not provisional:
        return
    years_lo = _years(np, np.minimum(a, b)) - first_year
    years_hi = _years(np, np.maximum(a, b)) - first_year
    span = last_year - first_year + 2
    marks = np.bincount(years_lo, minlength=span) - np.bincount(years_hi + 1, minlength=span)
    touched = np.cumsum(marks)[:-1] > 0
    for year in provisional:
        if touched[year - first_year]:
            # the calendar warns once per year and instance; days_off settles the year
            calendar.days_off(year)


def _years(np: Any, ordinals: Ints) -> Ints:
    years: Ints = (ordinals - _EPOCH).astype("datetime64[D]").astype("datetime64[Y]").astype(
        np.int64
    ) + 1970
    return years


def to_datetime64(ordinals: Ints) -> Any:
    """Ordinals as ``datetime64[D]``."""
    return (ordinals - _EPOCH).astype("datetime64[D]")


EPOCH_ORDINAL = _EPOCH
