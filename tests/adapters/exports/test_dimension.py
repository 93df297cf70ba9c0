"""Tests of the calendar dimension table (adapters.exports.dimension) and its SQL/CSV exports.

SQL over the table must count working days exactly as the calendar does, on
SQLite and on a real PostgreSQL server (tests/_pg.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _pg import pg_dsn  # noqa: F401 - the fixture is used by name
from lapvo_cchc.adapters.exports.dimension import (
    COLUMNS,
    DimensionRow,
    calendar_dimension,
    check_table_name,
    create_table_sql,
    write_csv,
    write_sql,
)
from lapvo_cchc.adapters.sql import PostgresRepository, SQLiteRepository
from lapvo_cchc.calendars import DayOffKind, vietnam
from lapvo_cchc.errors import InvalidDateError, InvalidTypeError, ProvisionalCalendarWarning

if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable, Iterator

    from lapvo_cchc.adapters.sql import DossierRepository as Store

CAL = vietnam()
START, END = dt.date(2019, 1, 1), dt.date(2026, 12, 31)  # the official (non-provisional) years
ROWS = calendar_dimension(CAL, START, END)
DAYS = st.dates(min_value=START, max_value=END)

# Signed count in SQL, with the calendar's convention: (a, b] if a <= b, else -[b, a).
COUNT_SQL = (
    "SELECT COALESCE(SUM(CASE WHEN date > ? AND date <= ? THEN is_working_day "
    "WHEN date >= ? AND date < ? THEN -is_working_day ELSE 0 END), 0) FROM calendar_dimension"
)
# The same by the ordinal, a join of the table with itself (a <= b).
ORDINAL_SQL = (
    "SELECT y.working_day_ordinal - x.working_day_ordinal "
    "FROM calendar_dimension x JOIN calendar_dimension y ON x.date = ? AND y.date = ?"
)
# add_working_days(a, n), n > 0: the working day whose ordinal is a's plus n.
ADD_SQL = (
    "SELECT d.date FROM calendar_dimension d JOIN calendar_dimension a ON a.date = ? "
    "WHERE d.is_working_day = 1 AND d.working_day_ordinal = a.working_day_ordinal + ?"
)


def by_date(day: dt.date) -> DimensionRow:
    """The row of *day* in ROWS."""
    return ROWS[(day - START).days]


# -- the rows -------------------------------------------------------------------------------


def test_one_row_per_day() -> None:
    """2019-2026 has 2922 days (two leap years), each once, in order."""
    assert 8 * 365 + 2 == len(ROWS)
    assert [START + dt.timedelta(days=i) for i in range(len(ROWS))] == [r.date for r in ROWS]


def test_february_2026_by_hand() -> None:
    """February 2026: 20 weekdays minus Tết Mon 16 - Fri 20 = 15 working days."""
    feb = [r for r in ROWS if (r.date.year, r.date.month) == (2026, 2)]
    assert 15 == sum(r.is_working_day for r in feb)
    assert [16, 17, 18, 19, 20] == [
        r.date.day for r in feb if r.day_off_kind is DayOffKind.HOLIDAY and r.iso_weekday <= 5
    ]


def test_named_days() -> None:
    """Days off carry their name and kind; weekends and working days carry none."""
    tet = by_date(dt.date(2026, 2, 17))  # Tết Bính Ngọ, lunar 1/1
    assert (False, DayOffKind.HOLIDAY) == (tet.is_working_day, tet.day_off_kind)
    assert (2026, 1, 1, False) == (tet.lunar_year, tet.lunar_month, tet.lunar_day, tet.lunar_leap)
    assert tet.holiday_name is not None
    assert tet.holiday_name.startswith("Tết Nguyên đán")
    sunday = by_date(dt.date(2026, 3, 1))
    assert (False, None, None, 7) == (
        sunday.is_working_day,
        sunday.holiday_name,
        sunday.day_off_kind,
        sunday.iso_weekday,
    )
    makeup = by_date(dt.date(2026, 1, 10))  # Saturday worked in exchange for 2 January
    assert (True, 6, None) == (makeup.is_working_day, makeup.iso_weekday, makeup.holiday_name)


def test_leap_lunar_month() -> None:
    """25 July 2025 is the first day of the leap sixth lunar month of Ất Tỵ."""
    row = by_date(dt.date(2025, 7, 25))
    assert (2025, 6, 1, True) == (row.lunar_year, row.lunar_month, row.lunar_day, row.lunar_leap)


def test_ordinal_counts_working_days() -> None:
    """The ordinal is the running count of working days, from 1 on the first working day."""
    running = 0
    for row in ROWS:
        running += row.is_working_day
        assert running == row.working_day_ordinal
    # Second method: the calendar's count over (START, END], plus START itself (1 January: off).
    assert (False, 0) == (ROWS[0].is_working_day, ROWS[0].working_day_ordinal)
    assert CAL.count_working_days(START, END) == ROWS[-1].working_day_ordinal


@given(DAYS, DAYS)
def test_ordinal_difference_is_count_working_days(a: dt.date, b: dt.date) -> None:
    """ordinal(b) - ordinal(a) == count_working_days(a, b) for a <= b."""
    a, b = sorted((a, b))
    assert (
        CAL.count_working_days(a, b)
        == by_date(b).working_day_ordinal - by_date(a).working_day_ordinal
    )


def test_provisional_years_are_flagged() -> None:
    """A span reaching a provisional year warns, as the calendar does, and flags its rows."""
    with pytest.warns(ProvisionalCalendarWarning):
        rows = calendar_dimension(CAL, dt.date(2026, 12, 31), dt.date(2027, 1, 2))
    assert [0, 1, 1] == [int(r.provisional) for r in rows]


def test_bad_arguments() -> None:
    """A reversed span, a datetime or a bad table name is refused with the value named."""
    with pytest.raises(InvalidDateError, match="2026-01-01 is before start 2026-01-02"):
        calendar_dimension(CAL, dt.date(2026, 1, 2), dt.date(2026, 1, 1))
    with pytest.raises(InvalidTypeError, match=r"start: expected a datetime\.date"):
        calendar_dimension(CAL, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.date(2026, 1, 2))
    for bad in ("1table", "a-b", "x;DROP TABLE y", "", "t" * 64):
        with pytest.raises(InvalidTypeError, match="SQL identifier"):
            check_table_name(bad)


# -- CSV ------------------------------------------------------------------------------------


def test_csv(tmp_path: pathlib.Path) -> None:
    """The CSV has the header, one line per day, 0/1 flags and empty cells for no value."""
    path = tmp_path / "dim.csv"
    rows = calendar_dimension(CAL, dt.date(2026, 4, 25), dt.date(2026, 5, 4))
    assert 10 == write_csv(rows, path)
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(COLUMNS) == list(table[0])
    assert ["2026-04-25", "0", "", ""] == [
        table[0][k] for k in ("date", "is_working_day", "holiday_name", "day_off_kind")
    ]
    assert "Nghỉ bù Giỗ Tổ Hùng Vương" == table[2]["holiday_name"]  # Monday 27 April
    # 25/4-4/5/2026: working days are Tue 28, Wed 29 and Mon 4 May (30/4, 1/5 holidays).
    assert ["2026-04-28", "2026-04-29", "2026-05-04"] == [
        r["date"] for r in table if r["is_working_day"] == "1"
    ]
    out = io.StringIO()
    write_csv(rows, out)
    assert path.read_text(encoding="utf-8") == out.getvalue()


# -- SQL ------------------------------------------------------------------------------------


def test_sql_script_on_sqlite() -> None:
    """The SQLite script loads into a database and counts working days like the calendar."""
    db = sqlite3.connect(":memory:")
    db.executescript(write_sql(ROWS))
    assert [(len(ROWS),)] == db.execute("SELECT COUNT(*) FROM calendar_dimension").fetchall()
    a, b = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
    (count,) = db.execute(COUNT_SQL, [a.isoformat(), b.isoformat()] * 2).fetchone()
    assert CAL.count_working_days(a, b) == count
    db.close()


def test_sql_script_escapes_quotes(tmp_path: pathlib.Path) -> None:
    """Names with quotes are written as SQL literals, and the script goes to a file."""
    row = ROWS[0]
    quoted = attrs.evolve(row, holiday_name="Tết 'Dương' lịch")
    path = tmp_path / "dim.sql"
    write_sql([quoted], path, table="dim")
    db = sqlite3.connect(":memory:")
    db.executescript(path.read_text(encoding="utf-8"))
    assert [("Tết 'Dương' lịch",)] == db.execute("SELECT holiday_name FROM dim").fetchall()
    db.close()


def test_create_table_sql_dialects() -> None:
    """The PostgreSQL table has a DATE key, SQLite an ISO text key; the rest is the same."""
    pg = create_table_sql(dialect="postgresql").splitlines()
    lite = create_table_sql(dialect="sqlite").splitlines()
    assert ("    date DATE PRIMARY KEY,", "    date TEXT PRIMARY KEY,") == (pg[1], lite[1])
    assert pg[2:] == lite[2:]
    with pytest.raises(InvalidTypeError, match="dialect"):
        create_table_sql(dialect="oracle")  # type: ignore[arg-type]


class DimensionContract:
    """SQL over the loaded table agrees with the calendar; subclassed per backend."""

    @pytest.fixture
    def repo(self) -> Store:
        raise NotImplementedError

    @pytest.fixture
    def param(self) -> Callable[[dt.date], Any]:
        """How a date is passed as a query parameter."""
        raise NotImplementedError

    @pytest.fixture
    def loaded(self, repo: Store) -> Store:
        """The repository with ROWS loaded (once per test, before the examples)."""
        repo.write_calendar_dimension(ROWS)
        return repo

    def test_load(self, repo: Store) -> None:
        """Every row is loaded; 2026 has 250 working days (second method: the calendar)."""
        assert len(ROWS) == repo.write_calendar_dimension(ROWS)
        assert len(ROWS) == repo.write_calendar_dimension(ROWS)  # replaces, never duplicates
        rows = repo.query(
            "SELECT COUNT(*), SUM(is_working_day) FROM calendar_dimension "
            "WHERE lunar_year >= 0 AND date >= ? AND date <= ?",
            ("2026-01-01", "2026-12-31"),
        )
        assert [(365, CAL.count_working_days(dt.date(2025, 12, 31), dt.date(2026, 12, 31)))] == [
            tuple(int(v) for v in rows[0])
        ]
        assert 250 == rows[0][1]

    @settings(
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
        deadline=None,
    )
    @given(a=DAYS, b=DAYS, n=st.integers(1, 400))
    def test_sql_counts_like_the_calendar(
        self, loaded: Store, param: Callable[[dt.date], Any], a: dt.date, b: dt.date, n: int
    ) -> None:
        """COUNT over the table, the ordinal join and the ordinal add match the calendar."""
        repo = loaded
        pa, pb = param(a), param(b)
        assert [(CAL.count_working_days(a, b),)] == [
            tuple(int(v) for v in row) for row in repo.query(COUNT_SQL, (pa, pb, pb, pa))
        ]
        lo, hi = sorted((a, b))
        assert [(CAL.count_working_days(lo, hi),)] == repo.query(
            ORDINAL_SQL, (param(lo), param(hi))
        )
        found = repo.query(ADD_SQL, (pa, n))
        if by_date(a).working_day_ordinal + n <= ROWS[-1].working_day_ordinal:
            assert [(param(CAL.add_working_days(a, n)),)] == found
        else:
            assert [] == found  # past the table's end: SQL finds nothing, never a wrong day

    def test_sql_script_loads(self, repo: Store, run_script: Callable[[str], object]) -> None:
        """The dialect's SQL script creates the same table as the repository writer."""
        dialect = repo.dialect
        run_script(write_sql(ROWS, table="dim_script", dialect=dialect))
        assert repo.query("SELECT * FROM dim_script ORDER BY date") == [
            (param_value, *r.values()[1:])
            for r, param_value in zip(ROWS, (self.param_of(r.date) for r in ROWS), strict=True)
        ]

    def param_of(self, day: dt.date) -> Any:
        """A date as this backend returns it."""
        raise NotImplementedError


class TestSQLiteDimension(DimensionContract):
    """On SQLite (dates are ISO text)."""

    @pytest.fixture
    def path(self, tmp_path: pathlib.Path) -> pathlib.Path:
        return tmp_path / "dim.db"

    @pytest.fixture
    def repo(self, path: pathlib.Path) -> Iterator[Store]:
        with SQLiteRepository(path) as repository:
            yield repository

    @pytest.fixture
    def param(self) -> Callable[[dt.date], Any]:
        return dt.date.isoformat

    @pytest.fixture
    def run_script(self, path: pathlib.Path) -> Iterator[Callable[[str], object]]:
        conn = sqlite3.connect(path)
        yield conn.executescript
        conn.close()

    def param_of(self, day: dt.date) -> Any:
        return day.isoformat()


class TestPostgresDimension(DimensionContract):
    """On a real PostgreSQL server (dates are DATE)."""

    @pytest.fixture
    def repo(self, pg_dsn: str) -> Iterator[Store]:  # noqa: F811 - fixture by name
        with PostgresRepository(pg_dsn) as repository:
            yield repository

    @pytest.fixture
    def param(self) -> Callable[[dt.date], Any]:
        return lambda day: day

    @pytest.fixture
    def run_script(self, pg_dsn: str) -> Iterator[Callable[[str], object]]:  # noqa: F811
        import psycopg

        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            yield lambda script: conn.execute(script.encode())

    def param_of(self, day: dt.date) -> Any:
        return day
