"""Vectorised working-day functions over date columns (private; see :mod:`.frames`).

Inputs are numpy ``datetime64`` arrays, pandas Series / Index, polars Series,
or sequences of :class:`datetime.date`; the result has the input's kind
(a sequence gives a numpy array). Missing dates (``NaT``, ``None``, null)
give missing results in pandas and polars; numpy has no missing integers or
booleans, so a ``NaT`` there is an error except in :func:`add_working_days`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any, cast

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.frames._vector import (
    EPOCH_ORDINAL,
    WorkingDayIndex,
    base_calendar,
    check_ordinals,
    numpy_module,
    settle,
    to_datetime64,
)
from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR
from lapvo_cchc.errors import InvalidDateError, InvalidTypeError, LapvoError, OutOfRangeError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from lapvo_cchc.calendars import WorkCalendar

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["FrameError", "add_working_days", "count_working_days", "is_working_day"]

POLARS_VIETNAM_TZ = "Etc/GMT-7"
"""Vietnam time (UTC+7, fixed) as polars spells it (``Asia/Ho_Chi_Minh`` was UTC+8 before 1975)."""


class FrameError(LapvoError, ValueError):
    """A dataframe or column the frames adapter cannot use: the message names it and the row.

    Example:
        >>> issubclass(FrameError, ValueError)
        True
    """


class _Dates:
    """Dates read from a column: ordinals, the missing-value mask and how to rebuild a column."""

    __slots__ = ("kind", "name", "ords", "pandas_index", "valid")

    def __init__(
        self, ords: Ints, valid: Bools | None, kind: str, name: Any, pandas_index: Any
    ) -> None:
        self.ords = ords  # every row; missing rows hold 0 (never used)
        self.valid = valid  # None: no missing row
        self.kind = kind  # "numpy", "pandas", "pandas-index", "polars"
        self.name = name
        self.pandas_index = pandas_index

    def present(self) -> Ints:
        """The ordinals of the rows that are not missing."""
        return self.ords if self.valid is None else self.ords[self.valid]


def _lib(name: str) -> Any:
    """Import pandas or polars untyped (only once a value of theirs was given)."""
    return importlib.import_module(name)


def _module(value: object) -> str:
    return type(value).__module__.partition(".")[0]


def _from_objects(values: list[Any], what: str) -> Any:
    np = numpy_module()
    for i, v in enumerate(values):
        if v is not None and type(v) is not dt.date:
            raise InvalidTypeError(
                f"{what}[{i}]: expected a datetime.date or None, got {type(v).__name__} {v!r}"
            )
    return np.array(values, dtype="datetime64[D]")


def _pandas_days(values: Any, what: str) -> Any:
    pd = _lib("pandas")

    series = values.to_series() if isinstance(values, pd.Index) else values
    if series.dtype == object:
        try:
            series = pd.to_datetime(series)
        except (TypeError, ValueError) as exc:
            raise InvalidDateError(f"{what}: expected dates, got {exc}") from None
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert(VIETNAM_TZ).dt.tz_localize(None)
    if series.dtype.kind != "M":
        raise InvalidTypeError(f"{what}: expected a date column, got dtype {series.dtype}")
    return series.to_numpy().astype("datetime64[D]")


def _polars_days(values: Any, what: str) -> Any:
    pl = _lib("polars")

    dtype = values.dtype
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            values = values.dt.convert_time_zone(POLARS_VIETNAM_TZ)
        values = values.dt.date()
    elif dtype != pl.Date:
        raise InvalidTypeError(f"{what}: expected a Date or Datetime column, got dtype {dtype}")
    return values.to_numpy().astype("datetime64[D]")


def read_dates(values: Any, what: str) -> _Dates:
    """Read a date column of any supported kind."""
    np = numpy_module()
    module = _module(values)
    name: Any = None
    pandas_index: Any = None
    if module == "pandas":
        pd = _lib("pandas")

        kind = "pandas-index" if isinstance(values, pd.Index) else "pandas"
        name, pandas_index = values.name, None if kind == "pandas-index" else values.index
        days = _pandas_days(values, what)
    elif module == "polars":
        kind, name = "polars", values.name
        days = _polars_days(values, what)
    elif isinstance(values, np.ndarray):
        kind = "numpy"
        if values.dtype.kind == "M":
            days = values.astype("datetime64[D]")
        elif values.dtype == object:
            days = _from_objects(values.tolist(), what)
        else:
            raise InvalidTypeError(f"{what}: expected datetime64 values, got dtype {values.dtype}")
    elif isinstance(values, dt.date | str | bytes) or not hasattr(values, "__iter__"):
        raise InvalidTypeError(
            f"{what}: expected an array, Series or sequence of dates, "
            f"got {type(values).__name__} {values!r}"
        )
    else:
        kind = "numpy"
        days = _from_objects(list(values), what)
    missing = np.isnat(days)
    ords = days.astype(np.int64) + EPOCH_ORDINAL
    valid = None
    if missing.any():
        valid = ~missing
        ords[missing] = 0
    return _Dates(ords, valid, kind, name, pandas_index)


def _read_n(n: object, rows: int) -> Ints | int:
    np = numpy_module()
    if type(n) is int:
        return n
    if isinstance(n, bool | float | str | bytes) or not hasattr(n, "__len__"):
        raise InvalidTypeError(f"n: expected an int or a column of ints, got {type(n).__name__}")
    module = _module(n)
    if module == "polars" and n.null_count():  # type: ignore[attr-defined]
        raise FrameError("n: missing values in the column of working days")
    if module == "pandas" and n.isna().any():  # type: ignore[attr-defined]
        raise FrameError("n: missing values in the column of working days")
    raw = n.to_numpy() if module in ("pandas", "polars") else n  # type: ignore[attr-defined]
    values = np.asarray(raw)
    if values.dtype.kind not in "iu":
        raise InvalidTypeError(f"n: expected integers, got dtype {values.dtype}")
    if len(values) != rows:
        raise FrameError(f"n: expected {rows} values (one per date), got {len(values)}")
    result: Ints = values.astype(np.int64)
    return result


def _fill(dates: _Dates, values: Any, fill: Any) -> Any:
    """Spread results of the present rows over all rows (missing rows get *fill*)."""
    if dates.valid is None:
        return values
    np = numpy_module()
    out = np.full(len(dates.ords), fill, dtype=values.dtype)
    out[dates.valid] = values
    return out


def _wrap(dates: _Dates, values: Any, what: str) -> Any:
    """A column of the input's kind; *values* covers every row (missing rows: placeholders)."""
    np = numpy_module()
    missing = None if dates.valid is None else ~dates.valid
    if dates.kind == "numpy":
        if missing is not None and values.dtype.kind != "M":
            raise FrameError(f"{what}: missing dates (NaT) in a numpy array; use pandas or polars")
        return values
    if dates.kind == "polars":
        pl = _lib("polars")

        if missing is not None and values.dtype.kind != "M":
            values = np.ma.masked_array(values, mask=missing)
        return pl.Series(dates.name or "", values)
    pd = _lib("pandas")

    if missing is not None and values.dtype.kind == "b":
        values = pd.arrays.BooleanArray(values, missing)
    elif missing is not None and values.dtype.kind == "i":
        values = pd.arrays.IntegerArray(values, missing)
    if dates.kind == "pandas-index":
        return pd.Index(values, name=dates.name)
    return pd.Series(values, index=dates.pandas_index, name=dates.name)


def _year(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


def add_ordinals(calendar: WorkCalendar | WorkingDayIndex, o: Ints, n: Ints | int) -> Ints:
    """The n-th working day after each ordinal (no missing values), warning like the scalar API."""
    if not len(o):
        return o.copy()
    lo, hi = int(o.min()), int(o.max())
    check_ordinals(lo, hi)
    cal = base_calendar(calendar)
    n_lo, n_hi = (n, n) if isinstance(n, int) else (int(n.min()), int(n.max()))
    back, forward = -min(n_lo, 0) // 200 + 1, max(n_hi, 0) // 200 + 1
    index = calendar if isinstance(calendar, WorkingDayIndex) else None
    while True:
        if index is None or not index.covers(lo, hi):
            index = WorkingDayIndex(
                cal, max(MIN_YEAR, _year(lo) - back), min(MAX_YEAR, _year(hi) + forward)
            )
        result = index.add(o, n)
        if result is not None:
            break
        if index.first_year <= MIN_YEAR and index.last_year >= MAX_YEAR:
            raise OutOfRangeError(
                f"add_working_days: a result is outside {MIN_YEAR}..{MAX_YEAR} "
                f"(dates {dt.date.fromordinal(lo)}..{dt.date.fromordinal(hi)}, "
                f"n {n_lo}..{n_hi})"
            )
        back, forward, index = back * 2, forward * 2, None
    settle(cal, o, result)
    return result


def _index(calendar: WorkCalendar | WorkingDayIndex, lo: int, hi: int) -> WorkingDayIndex:
    check_ordinals(lo, hi)
    if isinstance(calendar, WorkingDayIndex) and calendar.covers(lo, hi):
        return calendar
    return WorkingDayIndex(base_calendar(calendar), _year(lo), _year(hi))


def add_working_days(dates: Any, n: Any, *, calendar: WorkCalendar | WorkingDayIndex) -> Any:
    """The *n*-th working day after each date, vectorised (:meth:`WorkCalendar.add_working_days`).

    Agrees with the scalar method on every row: the date itself is not
    counted, ``n == 0`` rolls a day off forward, ``n < 0`` counts backwards.

    Args:
        dates: A numpy ``datetime64`` array, a pandas Series or Index, a polars
            Series (``Date`` or ``Datetime``; aware values are converted to
            Vietnam time first, naive ones are Vietnam wall-clock time), or a
            sequence of :class:`datetime.date`.
        n: An int, or one int per date (array, Series, sequence).
        calendar: A :class:`~lapvo_cchc.calendars.WorkCalendar`, or a
            prebuilt :class:`WorkingDayIndex` of one.

    Returns:
        Dates of the input's kind: ``datetime64[D]`` for numpy and sequences,
        ``datetime64[s]`` for pandas, ``Date`` for polars; missing in, missing out.

    Raises:
        OutOfRangeError: a date or a result outside 1995-2199.
        InvalidTypeError: not dates, or *n* not integers.
        FrameError: *n* has another length or missing values.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> days = [dt.date(2026, 1, 9), dt.date(2026, 2, 13)]   # Friday; the eve of Tết
        >>> add_working_days(days, 1, calendar=vietnam())        # make-up Saturday; after Tết
        array(['2026-01-10', '2026-02-23'], dtype='datetime64[D]')
        >>> add_working_days(days, [-1, 0], calendar=vietnam())
        array(['2026-01-08', '2026-02-13'], dtype='datetime64[D]')
    """
    read = read_dates(dates, "dates")
    steps = _read_n(n, len(read.ords))
    present = read.present()
    if not isinstance(steps, int) and read.valid is not None:
        steps = steps[read.valid]
    result = add_ordinals(calendar, present, steps)
    np = numpy_module()
    out = _fill(read, to_datetime64(result), np.datetime64("NaT", "D"))
    return _wrap(read, out, "dates")


def is_working_day(dates: Any, *, calendar: WorkCalendar | WorkingDayIndex) -> Any:
    """Whether each date is a working day, vectorised (:meth:`WorkCalendar.is_working_day`).

    Args:
        dates: Dates as for :func:`add_working_days`.
        calendar: A calendar or a prebuilt :class:`WorkingDayIndex`.

    Returns:
        Booleans of the input's kind (pandas ``boolean`` when a date is missing).

    Raises:
        OutOfRangeError: a date outside 1995-2199.
        FrameError: a missing date in a numpy array.

    Example:
        >>> import numpy as np
        >>> from lapvo_cchc.calendars import vietnam
        >>> days = np.array(["2026-01-10", "2026-01-11", "2026-02-16"], dtype="datetime64[D]")
        >>> is_working_day(days, calendar=vietnam())   # make-up Saturday, Sunday, Tết
        array([ True, False, False])
    """
    np = numpy_module()
    read = read_dates(dates, "dates")
    present = read.present()
    if len(present):
        index = _index(calendar, int(present.min()), int(present.max()))
        flags = index.is_working(present)
        settle(base_calendar(calendar), present, present)  # the year of each date
    else:
        flags = np.zeros(0, dtype=np.bool_)
    return _wrap(read, _fill(read, flags, fill=False), "dates")


def _scalar_or_column(value: Any, what: str, rows: int | None) -> _Dates | int:
    if type(value) is dt.date:
        return value.toordinal()
    if isinstance(value, dt.date):
        raise InvalidTypeError(f"{what}: expected a date, got {type(value).__name__} {value!r}")
    read = read_dates(value, what)
    if rows is not None and len(read.ords) != rows:
        raise FrameError(f"{what}: expected {rows} dates, got {len(read.ords)}")
    return read


def count_working_days(a: Any, b: Any, *, calendar: WorkCalendar | WorkingDayIndex) -> Any:
    """Working days in ``(a, b]`` row by row (``[b, a)`` negated when a > b), vectorised.

    The same count as :meth:`WorkCalendar.count_working_days`, so
    ``count_working_days(d, add_working_days(d, n)) == n`` for ``n != 0``.

    Args:
        a: Start dates (a column as for :func:`add_working_days`) or one date.
        b: End dates, or one date; at least one of *a*, *b* is a column.
        calendar: A calendar or a prebuilt :class:`WorkingDayIndex`.

    Returns:
        Integers of the kind of the first column (pandas ``Int64`` when a date
        is missing).

    Raises:
        OutOfRangeError: a date outside 1995-2199.
        FrameError: columns of different lengths, or a missing date in numpy.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> count_working_days(dt.date(2026, 2, 13), [dt.date(2026, 2, 23), dt.date(2026, 1, 9)],
        ...                    calendar=vietnam())
        array([  1, -26])
    """
    np = numpy_module()
    first = _scalar_or_column(a, "a", None)
    rows = None if isinstance(first, int) else len(first.ords)
    second = _scalar_or_column(b, "b", rows)
    if isinstance(first, int) and isinstance(second, int):
        raise InvalidTypeError("count_working_days: expected a column for a or b, got two dates")
    shape = cast("_Dates", second if isinstance(first, int) else first)  # one is a column
    size = len(shape.ords)
    oa = np.full(size, first, dtype=np.int64) if isinstance(first, int) else first.ords
    ob = np.full(size, second, dtype=np.int64) if isinstance(second, int) else second.ords
    valid = None
    for part in (first, second):
        if not isinstance(part, int) and part.valid is not None:
            valid = part.valid if valid is None else valid & part.valid
    merged = _Dates(oa, valid, shape.kind, shape.name, shape.pandas_index)
    pa, pb = (oa, ob) if valid is None else (oa[valid], ob[valid])
    if len(pa):
        lo = int(min(pa.min(), pb.min()))
        hi = int(max(pa.max(), pb.max()))
        counts = _index(calendar, lo, hi).count(pa, pb)
        settle(base_calendar(calendar), pa, pb)
    else:
        counts = np.zeros(0, dtype=np.int64)
    return _wrap(merged, _fill(merged, counts, fill=0), "a, b")
