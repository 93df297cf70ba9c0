"""The working-day calendar as a dimension table, for SQL and BI tools.

One row per calendar day: the date, whether it is a working day, its
*working-day ordinal*, the day off (kind and name) when there is one, and the
Vietnamese lunar date. The ordinal numbers the working days of the table
``1, 2, 3, ...`` from its first day; a day off carries the ordinal of the last
working day before it (0 before the first one). So for ``a <= b`` in the
table::

    count_working_days(a, b) == ordinal(b) - ordinal(a)

and SQL counts working days with a join or a filter, no loop:

.. code-block:: sql

    SELECT COUNT(*) FROM calendar_dimension
    WHERE is_working_day = 1 AND date > :a AND date <= :b;

Rows are written as CSV (:func:`write_csv`) or as a self-contained SQL script
for SQLite or PostgreSQL (:func:`write_sql`); the SQL storage adapter
(:mod:`lapvo_cchc.adapters.sql`) also loads them into a live database. This
module needs only the standard library.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.calendars import vietnam
    >>> rows = calendar_dimension(vietnam(), dt.date(2026, 2, 13), dt.date(2026, 2, 23))
    >>> [(r.date.day, r.is_working_day, r.working_day_ordinal) for r in rows[:4]]
    [(13, True, 1), (14, False, 1), (15, False, 1), (16, False, 1)]
    >>> rows[3].holiday_name, rows[3].lunar_month, rows[3].lunar_day
    ('Tết Nguyên đán (29 tháng Chạp)', 12, 29)
    >>> rows[-1].working_day_ordinal - rows[0].working_day_ordinal   # working days in (13, 23]
    1
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from typing import TYPE_CHECKING, Final, Literal, TextIO, TypeAlias

import attrs

from lapvo_cchc._text import spreadsheet_cell
from lapvo_cchc.errors import InvalidDateError, InvalidTypeError
from lapvo_cchc.lunar import LunarDate

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from lapvo_cchc.calendars import DayOff, DayOffKind, WorkCalendar

__all__ = [
    "COLUMNS",
    "DEFAULT_TABLE",
    "DimensionRow",
    "calendar_dimension",
    "check_table_name",
    "create_table_sql",
    "write_csv",
    "write_sql",
]

DEFAULT_TABLE: Final = "calendar_dimension"
"""The table name the writers use unless told otherwise.

Example:
    >>> DEFAULT_TABLE
    'calendar_dimension'
"""

COLUMNS: Final = (
    "date",
    "is_working_day",
    "working_day_ordinal",
    "iso_weekday",
    "day_off_kind",
    "holiday_name",
    "holiday_name_en",
    "lunar_year",
    "lunar_month",
    "lunar_day",
    "lunar_leap",
    "provisional",
)
"""The column names, in table and CSV order (stable wire names).

Example:
    >>> COLUMNS[:3]
    ('date', 'is_working_day', 'working_day_ordinal')
"""

Dialect: TypeAlias = Literal["sqlite", "postgresql"]
"""The SQL dialects the writers know."""

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")

# Column types per dialect. Flags are 0/1 integers in both, so SUM() counts working days
# in SQL and in spreadsheets alike; the date is TEXT (ISO 8601, sorts as a date) in SQLite.
_TYPES: Final[dict[str, dict[str, str]]] = {
    "sqlite": {"date": "TEXT", "int": "INTEGER", "text": "TEXT"},
    "postgresql": {"date": "DATE", "int": "INTEGER", "text": "TEXT"},
}
_COLUMN_TYPES: Final = (
    ("date", "date", "PRIMARY KEY"),
    ("is_working_day", "int", "NOT NULL CHECK (is_working_day IN (0, 1))"),
    ("working_day_ordinal", "int", "NOT NULL"),
    ("iso_weekday", "int", "NOT NULL CHECK (iso_weekday BETWEEN 1 AND 7)"),
    ("day_off_kind", "text", ""),
    ("holiday_name", "text", ""),
    ("holiday_name_en", "text", ""),
    ("lunar_year", "int", "NOT NULL"),
    ("lunar_month", "int", "NOT NULL"),
    ("lunar_day", "int", "NOT NULL"),
    ("lunar_leap", "int", "NOT NULL CHECK (lunar_leap IN (0, 1))"),
    ("provisional", "int", "NOT NULL CHECK (provisional IN (0, 1))"),
)


@attrs.frozen(kw_only=True)
class DimensionRow:
    """One day of the calendar dimension table (*bảng chiều lịch ngày làm việc*).

    Args:
        date: the calendar day.
        is_working_day: whether it is a working day of the calendar.
        working_day_ordinal: working days from the table's first day up to and
            including this one.
        iso_weekday: 1 (Monday) to 7 (Sunday).
        day_off_kind: the kind of day off, or None (working days and weekly
            rest days have none).
        holiday_name: the day off's Vietnamese name, or None.
        holiday_name_en: its English name, or None.
        lunar_year: the Vietnamese lunar date's year (UTC+7).
        lunar_month: its month, 1-12.
        lunar_day: its day, 1-30.
        lunar_leap: whether the lunar month is a leap month.
        provisional: whether the year has no official schedule (statutory rules only).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> row = calendar_dimension(vietnam(), dt.date(2026, 4, 27), dt.date(2026, 4, 27))[0]
        >>> row.holiday_name, row.day_off_kind.name, row.is_working_day
        ('Nghỉ bù Giỗ Tổ Hùng Vương', 'COMPENSATORY', False)
        >>> row.values()[:3]
        ('2026-04-27', 0, 0)
    """

    date: dt.date
    is_working_day: bool
    working_day_ordinal: int
    iso_weekday: int
    day_off_kind: DayOffKind | None
    holiday_name: str | None
    holiday_name_en: str | None
    lunar_year: int
    lunar_month: int
    lunar_day: int
    lunar_leap: bool
    provisional: bool

    def values(self) -> tuple[str | int | None, ...]:
        """The row as plain values in :data:`COLUMNS` order (ISO date, 0/1 flags).

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.calendars import vietnam
            >>> calendar_dimension(vietnam(), dt.date(2026, 1, 1), dt.date(2026, 1, 1))[0].values()
            ('2026-01-01', 0, 0, 4, 'ngày lễ, Tết', 'Tết Dương lịch', "New Year's Day", 2025, 11, 13, 0, 0)
        """  # noqa: E501 - a doctest output line cannot wrap
        return (
            self.date.isoformat(),
            int(self.is_working_day),
            self.working_day_ordinal,
            self.iso_weekday,
            None if self.day_off_kind is None else self.day_off_kind.value,
            self.holiday_name,
            self.holiday_name_en,
            self.lunar_year,
            self.lunar_month,
            self.lunar_day,
            int(self.lunar_leap),
            int(self.provisional),
        )


def _check_day(value: object, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"calendar_dimension {what}: expected a datetime.date, "
            f"got {type(value).__name__} {value!r}"
        )
    return value


def calendar_dimension(
    calendar: WorkCalendar, start: dt.date, end: dt.date
) -> tuple[DimensionRow, ...]:
    """The dimension rows of every day from *start* to *end*, both included.

    Warns :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning` when the span
    reaches a provisional year, as the calendar does.

    Args:
        calendar: the working-day calendar.
        start: the first day of the table.
        end: the last day of the table.

    Returns:
        One :class:`DimensionRow` per day, oldest first.

    Raises:
        InvalidDateError: *end* is before *start*.
        InvalidTypeError: *start* or *end* is not a date.
        OutOfRangeError: the span leaves the calendar's or the lunar calendar's range.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> rows = calendar_dimension(vietnam(), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> len(rows), sum(r.is_working_day for r in rows), rows[-1].working_day_ordinal
        (365, 250, 250)
    """
    start = _check_day(start, "start")
    end = _check_day(end, "end")
    if end < start:
        raise InvalidDateError(
            f"calendar_dimension: end {end.isoformat()} is before start {start.isoformat()}"
        )
    days_off: dict[dt.date, DayOff] = {}
    provisional: dict[int, bool] = {}
    for year in range(start.year, end.year + 1):
        provisional[year] = calendar.is_provisional(year)
        days_off.update((d.date, d) for d in calendar.days_off(year))
    rows = []
    ordinal = 0
    for number in range(start.toordinal(), end.toordinal() + 1):
        day = dt.date.fromordinal(number)
        working = calendar.is_working_day(day)
        ordinal += working
        off = days_off.get(day)
        lunar = LunarDate.from_solar(day)
        rows.append(
            DimensionRow(
                date=day,
                is_working_day=working,
                working_day_ordinal=ordinal,
                iso_weekday=day.isoweekday(),
                day_off_kind=None if off is None else off.kind,
                holiday_name=None if off is None else off.name,
                holiday_name_en=None if off is None else off.name_en,
                lunar_year=lunar.year,
                lunar_month=lunar.month,
                lunar_day=lunar.day,
                lunar_leap=lunar.leap,
                provisional=provisional[day.year],
            )
        )
    return tuple(rows)


def check_table_name(table: str) -> str:
    """Return *table* if it is a plain SQL identifier, else raise.

    Table names are spliced into SQL text, so only ``[A-Za-z_][A-Za-z0-9_]*``
    (at most 63 characters, PostgreSQL's limit) is accepted.

    Raises:
        InvalidTypeError: *table* is not such an identifier.

    Example:
        >>> check_table_name("dim_calendar")
        'dim_calendar'
        >>> check_table_name("x; DROP TABLE dossiers")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidTypeError: table name: expected an SQL identifier ...
    """
    value: object = table  # callers may pass anything at run time
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise InvalidTypeError(
            f"table name: expected an SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 "
            f"characters), got {table!r}"
        )
    return table


def create_table_sql(table: str = DEFAULT_TABLE, *, dialect: Dialect = "sqlite") -> str:
    """The ``CREATE TABLE`` statement of the dimension table in *dialect*.

    Example:
        >>> print(create_table_sql(dialect="postgresql").splitlines()[1])
            date DATE PRIMARY KEY,
    """
    if dialect not in _TYPES:
        raise InvalidTypeError(f"dialect: expected 'sqlite' or 'postgresql', got {dialect!r}")
    types = _TYPES[dialect]
    columns = ",\n".join(
        f"    {name} {types[kind]} {extra}".rstrip() for name, kind, extra in _COLUMN_TYPES
    )
    return f"CREATE TABLE {check_table_name(table)} (\n{columns}\n)"


def _open_text(target: str | os.PathLike[str] | TextIO) -> tuple[TextIO, bool]:
    if isinstance(target, str | os.PathLike):
        return open(target, "w", encoding="utf-8", newline=""), True
    return target, False


def write_csv(rows: Iterable[DimensionRow], target: str | os.PathLike[str] | TextIO) -> int:
    """Write *rows* as CSV (UTF-8, header :data:`COLUMNS`, 0/1 flags, ISO dates).

    Empty cells stand for "no value" (no day off).

    Args:
        rows: from :func:`calendar_dimension`.
        target: a path (written as UTF-8) or an open text file.

    Returns:
        The number of data rows written.

    Example:
        >>> import datetime as dt, io
        >>> from lapvo_cchc.calendars import vietnam
        >>> out = io.StringIO()
        >>> write_csv(calendar_dimension(vietnam(), dt.date(2026, 9, 1), dt.date(2026, 9, 2)), out)
        2
        >>> print(out.getvalue().splitlines()[2])
        2026-09-02,0,0,3,"ngày lễ, Tết",Quốc khánh (2/9),National Day,2026,7,21,0,0
    """
    stream, owned = _open_text(target)
    try:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        count = 0
        for row in rows:
            writer.writerow(["" if v is None else spreadsheet_cell(v) for v in row.values()])
            count += 1
    finally:
        if owned:
            stream.close()
    return count


def _literal(value: str | int | None) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def write_sql(
    rows: Sequence[DimensionRow] | Iterable[DimensionRow],
    target: str | os.PathLike[str] | TextIO | None = None,
    *,
    table: str = DEFAULT_TABLE,
    dialect: Dialect = "sqlite",
) -> str:
    """A self-contained SQL script that (re)creates the table and inserts *rows*.

    The script drops *table* if it exists, creates it
    (:func:`create_table_sql`) and inserts the rows, inside one transaction.

    Args:
        rows: from :func:`calendar_dimension`.
        target: a path or an open text file to write the script to, or None.
        table: the table name (an SQL identifier).
        dialect: ``"sqlite"`` or ``"postgresql"``.

    Returns:
        The script.

    Example:
        >>> import datetime as dt, sqlite3
        >>> from lapvo_cchc.calendars import vietnam
        >>> rows = calendar_dimension(vietnam(), dt.date(2026, 2, 1), dt.date(2026, 2, 28))
        >>> db = sqlite3.connect(":memory:")
        >>> db.executescript(write_sql(rows)).execute(
        ...     "SELECT COUNT(*) FROM calendar_dimension WHERE is_working_day = 1").fetchone()
        (15,)
        >>> db.close()
    """
    table = check_table_name(table)
    lines = ["BEGIN;", f"DROP TABLE IF EXISTS {table};", create_table_sql(table, dialect=dialect)]
    lines[-1] += ";"
    insert = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES"
    lines.extend(f"{insert} ({', '.join(_literal(v) for v in row.values())});" for row in rows)
    lines.append("COMMIT;")
    script = "\n".join(lines) + "\n"
    if target is not None:
        stream, owned = _open_text(target)
        try:
            stream.write(script)
        finally:
            if owned:
                stream.close()
    return script
