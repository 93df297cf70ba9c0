"""Differential tests: every engine gives the python engine's report, cell for cell.

Ledgers are generated (hypothesis) with the cases the report's rules turn
on: supplement pauses (closed and open), working-hour limits across the
lunch break, same-day limits and their cut-off, calendar days, make-up
Saturdays and Tết, carried-over, withdrawn and stopped dossiers, period
edges, 15th-to-14th periods, rows typed with combining accents (NFD), and
rows the reader must reject (control characters in names among them). The python
engine (the streaming reader and the kpi counters) is the oracle.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import tempfile
import unicodedata
import warnings
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapvo_cchc.adapters.ledger import COLUMNS, LedgerReport
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.engines import run_report
from lapvo_cchc.kpi import Period
from lapvo_cchc.procedures import lap_vo_units

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

SAMPLE = str(files("lapvo_cchc") / "data" / "sample_ledger.csv.gz")
CALENDAR = vietnam()
UNITS = lap_vo_units()

# Two windows: the first half of 2020 (Tết 2020 in late January, the 2020 regime)
# and winter 2025-26 (Tết 2026 in February, the make-up Saturday 10 January 2026,
# the 2025 regime).
WINDOWS = (
    (dt.datetime(2019, 11, 20, 0, 0), 260),
    (dt.datetime(2025, 12, 1, 0, 0), 100),
)
PERIODS = {
    0: [
        Period.month(2020, 1),
        Period.month(2020, 2),
        Period.quarter(2020, 1),
        Period.parse("2020-H1"),
        Period.reporting_month(2020, 2),
        Period.reporting_quarter(2020, 2),
        Period.custom(dt.date(2020, 1, 20), dt.date(2020, 2, 3)),
    ],
    1: [
        Period.month(2026, 1),
        Period.month(2026, 2),
        Period.reporting_month(2026, 2),
        Period.quarter(2026, 1),
    ],
}
BYS = [
    (),
    ("level",),
    ("channel",),
    ("agency", "field"),
    ("procedure",),
    ("month",),
    ("level", "month"),
    ("channel", "field", "month"),
]
LIMITS = [
    "3 working_days", "10 working_days", "1 working_days", "0 working_days",
    "8 working_hours", "4 working_hours", "2 working_hours", "16 giờ làm việc",
    "5 calendar_days", "30 calendar_days", "same_day", "same_day 15:00",
    "same_day 11:30", "5 ngày làm việc",
]  # fmt: skip
CHANNELS = ["online", "in_person", "postal", "trực tuyến", "trực tiếp", "bưu chính công ích",
            "Online", "fax"]  # fmt: skip
# words the reader refuses, quoted in its reasons by repr (other quotes, escapes)
BAD_CHANNELS = ["fax", "bưu điện's", 'say "hi"', "on\x1bline"]
LEVELS = ["xã", "huyện", "tỉnh", "commune", "Cấp xã", "district", "ấp", ""]
KINDS = ["approved", "rejected", "returned", "withdrawn", "stopped", "refused", "rút hồ sơ",
         "Approved", "lost"]  # fmt: skip


def fmt(t: dt.datetime, style: int) -> str:
    if style == 1:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if style == 2:
        return t.strftime("%Y-%m-%dT%H:%M:%S") + "+07:00"
    if style == 3:
        return (t - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S") + "Z"
    if style == 4:
        return t.strftime("%Y-%m-%dT%H:%M")
    return t.strftime("%Y-%m-%dT%H:%M:%S")


# session starts and ends, the lunch break, the same-day cut-off, midnight
EDGES = [7 * 60, 11 * 60 + 30, 12 * 60, 13 * 60 + 30, 15 * 60, 17 * 60, 17 * 60 + 1, 0, 1439]


@st.composite
def instants(draw: st.DrawFn, after: dt.datetime, max_days: int) -> dt.datetime:
    """An instant after *after*, on the hour's half or at session edges more often than chance."""
    day = draw(st.integers(0, max_days))
    clock = draw(
        st.one_of(
            st.sampled_from(EDGES),
            st.integers(0, 24 * 60 - 1),
        )
    )
    base = dt.datetime.combine(after.date() + dt.timedelta(days=day), dt.time(0))
    t = base + dt.timedelta(minutes=clock, seconds=draw(st.sampled_from([0, 0, 0, 59])))
    return max(t, after)


def rare(k: int) -> st.SearchStrategy[bool]:
    """True about once in *k* draws."""
    return st.sampled_from([False] * (k - 1) + [True])


def never(_k: int) -> st.SearchStrategy[bool]:
    """A clean ledger's stand-in for :func:`rare` where a draw would break a row."""
    return st.just(False)


@st.composite
def ledger_rows(draw: st.DrawFn, window: int, *, clean: bool = False) -> list[list[str]]:
    """Ledger rows; *clean*: every row accepted, in the forms of the DuckDB single pass."""
    start, span = WINDOWS[window]
    n = draw(st.integers(1, 40))
    bad = never if clean else rare
    styles = [0, 0, 1] if clean else [0, 0, 0, 1, 2, 3, 4]
    levels = [*LEVELS[:5], "Xã", ""] if clean else LEVELS
    # Lấp Vò district (gone on 1 July 2025), a merged commune and the township
    unit_codes = ["875", "30172", "30169"] if clean else []
    rows = []
    for i in range(n):
        code = f"D{i}"
        if draw(bad(8)):
            code = draw(st.sampled_from([f"D{max(i - 1, 0)}", f"D{max(i - 3, 0)}", ""]))
        received = draw(instants(start, span))
        style = draw(st.sampled_from(styles))
        received_text = fmt(received, style)
        if draw(bad(30)):
            received_text = draw(st.sampled_from(
                ["", "2020-02-30T09:00:00", "hôm qua", "2300-01-02T09:00:00", "1990-05-04"]
            ))  # fmt: skip
        limit = "soon" if draw(bad(40)) else draw(st.sampled_from(["", *LIMITS]))
        due_text = ""
        due = received + dt.timedelta(days=draw(st.integers(0, 12)))
        if limit == "" or draw(rare(4)):
            due_text = due.strftime("%Y-%m-%d")
            if draw(rare(4)):
                due_text = fmt(due, 0)
            elif draw(rare(6)) and not (clean and due.date() == received.date()):
                due_text = due.strftime("%Y-%m-%dT00:00:00")  # a date exported as a datetime
            if draw(bad(25)):
                due_text = draw(st.sampled_from(
                    ["", "2020-13-01", "2200-01-01",
                     (received - dt.timedelta(days=2)).strftime("%Y-%m-%d")]
                ))  # fmt: skip
        pairs = []
        cursor = received
        for _ in range(draw(st.integers(1, 3)) if draw(rare(3)) else 0):
            r = draw(instants(cursor, 6))
            s = draw(st.one_of(st.none(), instants(r, 12)))
            pairs.append((r, s))
            if s is None:
                break
            cursor = s
        req = ";".join(fmt(r, 0) for r, _ in pairs)
        sup = ";".join(fmt(s, 0) for _, s in pairs if s is not None)
        if pairs and draw(bad(20)):
            req, sup = sup, req  # supplies before requests: rejected
        finished_text = kind = ""
        if not draw(rare(4)):
            start_f = (pairs[-1][1] or received) if pairs else received
            f = draw(st.one_of(instants(start_f, 25), instants(max(start_f, due), 1)))
            finished_text = fmt(f, draw(st.sampled_from([0, 0, 1] if clean else [0, 0, 1, 2])))
            kind = draw(st.sampled_from(KINDS[:8] * 3 if clean else KINDS[:7] * 3 + KINDS[7:]))
            if draw(bad(40)):
                finished_text = fmt(received - dt.timedelta(hours=1), 0)
        elif draw(bad(25)):
            kind = "approved"  # a kind without a finish: rejected
        rows.append(_typed(draw, [
            code,
            "" if draw(bad(40)) else draw(st.sampled_from(["1.001193", "2.000635", "1.004227"])),
            "" if draw(bad(40)) else draw(
                st.sampled_from(["xa-tan-my", "huyen-lap-vo", "tinh-dong-thap", *unit_codes])
            ),
            draw(st.sampled_from(levels)),
            draw(st.sampled_from(["Hộ\x1btịch", "Đất\u202eđai"]))  # control characters
            if draw(bad(40))
            else draw(st.sampled_from(["Hộ tịch", "Chứng thực", "Đất đai"])),
            draw(st.sampled_from(BAD_CHANNELS)) if draw(bad(40))
            else draw(st.sampled_from(CHANNELS[:-1])),
            draw(st.sampled_from(["maybe", "c'o\u202e"])) if draw(bad(40))
            else draw(st.sampled_from(["", "0", "1", "có", "0"])),
            received_text, limit, due_text, finished_text, kind, req, sup,
        ]))  # fmt: skip
    return rows


def _typed(draw: st.DrawFn, row: list[str]) -> list[str]:
    """*row*, now and then typed with combining accents (the reader reads lines in NFC)."""
    if draw(rare(12)):
        return [unicodedata.normalize("NFD", cell) for cell in row]
    return row


def write(rows: list[list[str]]) -> str:
    handle = io.StringIO()
    w = csv.writer(handle, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    path = pathlib.Path(tempfile.mkdtemp()) / "ledger.csv"
    path.write_text(handle.getvalue(), encoding="utf-8")
    return str(path)


def reported(path: str, engine: Any, **options: Any) -> tuple[LedgerReport, list[str]]:
    """The report of *path* on *engine* and the midnight-due warnings it gave."""
    from lapvo_cchc.adapters.ledger import MidnightDueWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MidnightDueWarning)
        out = run_report(path, engine=engine, **options)
    return out, [str(w.message) for w in caught if w.category is MidnightDueWarning]


def drawn(
    data: st.DataObject, *, clean: bool = False
) -> tuple[list[list[str]], str, dict[str, Any]]:
    """A generated ledger (its rows and file) and the report options drawn with it."""
    window = data.draw(st.sampled_from([0, 1]))
    rows = data.draw(ledger_rows(window, clean=clean))
    options = {
        "period": data.draw(st.sampled_from(PERIODS[window])),
        "by": data.draw(st.sampled_from(BYS)),
        "calendar": data.draw(st.sampled_from([None, CALENDAR])),
    }
    return rows, write(rows), options


def assert_same_as_python(data: st.DataObject, engine: Any) -> None:
    """*engine* gives the python engine's report of a generated ledger (the oracle)."""
    _rows, path, options = drawn(data)
    assert_same(reported(path, "python", **options), reported(path, engine, **options))


def assert_same(
    expected: tuple[LedgerReport, list[str]], actual: tuple[LedgerReport, list[str]]
) -> None:
    """The same report, rows, errors and midnight-due warnings."""
    assert expected[1] == actual[1]
    assert expected[0].due_midnights == actual[0].due_midnights
    assert_same_report(expected[0], actual[0])


def assert_same_report(expected: LedgerReport, actual: LedgerReport) -> None:
    assert expected.rows_read == actual.rows_read
    assert expected.accepted == actual.accepted
    assert list(expected.errors) == list(actual.errors)
    assert expected.report.total == actual.report.total
    assert [r.key for r in expected.report.rows] == [r.key for r in actual.report.rows]
    for e, a in zip(expected.report.rows, actual.report.rows, strict=True):
        assert e.counts.as_dict() == a.counts.as_dict(), e.key
    assert expected.report.findings == actual.report.findings
    assert expected.report.notes == actual.report.notes
    assert expected.report.to_csv() == actual.report.to_csv()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_duckdb_gives_the_python_report(data: st.DataObject) -> None:
    assert_same_as_python(data, "duckdb")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_duckdb_counts_a_clean_ledger_in_one_pass(data: st.DataObject) -> None:
    """A clean ledger: the codes, then the single pass (again for due dates at midnight)."""
    from lapvo_cchc.engines._duckdb import DuckDBEngine

    rows, path, options = drawn(data, clean=True)
    options["units"] = data.draw(st.sampled_from([None, UNITS]))
    expected = reported(path, "python", **options)
    assert expected[0].accepted == len(rows)  # the generator's promise
    single = reported(path, DuckDBEngine(), **options)
    plan = reported(path, DuckDBEngine(single_pass=False), **options)
    assert_same(expected, single)
    assert_same(expected, plan)
    reread = int(expected[0].due_reading == "dates")  # due dates written at 00:00
    assert single[0].passes == 2 + reread  # the codes, then the single pass
    assert plan[0].passes == 2


def test_duckdb_reads_an_unclean_ledger_with_the_plan(tmp_path: pathlib.Path) -> None:
    """A repeated code: the single pass gives way to the plan, which names the row."""
    row = ["D1", "1.001193", "xa-tan-my", "xã", "Hộ tịch", "online", "0", "2020-03-02T08:00:00",
           "3 working_days", "", "2020-03-03T09:00:00", "approved", "", ""]  # fmt: skip
    path = write([row, row])
    period = Period.month(2020, 3)
    expected = reported(path, "python", period=period, by=("level",))
    actual = reported(path, "duckdb", period=period, by=("level",))
    assert_same(expected, actual)
    assert [e.line for e in actual[0].errors] == [3]
    assert actual[0].passes == 1 + 2  # the codes, then the plan's profile and rows


@pytest.mark.parametrize(
    "instant",
    # DuckDB's own cast and int() take these; the reader does not (a space or a sign for a
    # digit, year 0, 24:00)
    [" 020-03-02 08:00:00", "2020-03-02  8:00:00", "2020-03-02T08:0 :00", "0000-03-02T08:00:00",
     "2020-03-02T24:00:00", "2020-03-02T08:00:0T", "2020-03-02T+8:00:00"],
)  # fmt: skip
def test_duckdb_refuses_the_instants_the_reader_refuses(instant: str) -> None:
    good = ["D1", "1.001193", "xa-tan-my", "xã", "Hộ tịch", "online", "0", "2020-03-02T08:00:00",
            "3 working_days", "", "2020-03-03T09:00:00", "approved", "", ""]  # fmt: skip
    bad_receipt = [*good[:7], instant, *good[8:]]
    bad_finish = [*good[:10], instant, *good[11:]]
    path = write([good, ["D2", *bad_receipt[1:]], ["D3", *bad_finish[1:]]])
    period = Period.month(2020, 3)
    expected = reported(path, "python", period=period, by=("level",))
    assert [e.line for e in expected[0].errors] == [3, 4]
    for engine in ("duckdb", "polars"):
        assert_same(expected, reported(path, engine, period=period, by=("level",)))


@settings(
    max_examples=25,  # about 1 s each: Polars plans the statements anew on every run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_polars_gives_the_python_report(data: st.DataObject) -> None:
    assert_same_as_python(data, "polars")


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize(
    ("period", "by"),
    [
        (Period.parse("2020-H1"), ("level",)),
        (Period.reporting_month(2020, 3), ("agency", "month")),
        (Period.quarter(2020, 2), ("channel", "field")),
        (Period.month(2020, 1), ("procedure",)),
    ],
)
def test_the_bundled_sample_is_identical_on_sql_engines(
    engine: str, period: Period, by: tuple[str, ...]
) -> None:
    expected = run_report(SAMPLE, period=period, by=by, engine="python", calendar=CALENDAR)
    actual = run_report(SAMPLE, period=period, by=by, engine=engine, calendar=CALENDAR)
    assert expected.report.total.counts.received_total > 1000  # the sample is not empty
    assert_same_report(expected, actual)


# -- PostgreSQL: the whole report inside the server ------------------------------------------

from _pg import pg_dsn  # noqa: E402, F401 - the fixture is used by name


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_postgres_gives_the_python_report(pg_dsn: str, data: st.DataObject) -> None:  # noqa: F811
    from lapvo_cchc.engines._postgres import PostgresEngine

    assert_same_as_python(data, PostgresEngine(pg_dsn))


def test_postgres_reads_a_ledger_table(pg_dsn: str) -> None:  # noqa: F811
    import psycopg

    from lapvo_cchc.adapters.ledger import open_text
    from lapvo_cchc.engines._postgres import PostgresEngine

    with psycopg.connect(pg_dsn) as conn:
        cols = ", ".join(f"{c} TEXT" for c in COLUMNS)
        conn.execute(f"CREATE TABLE ledger ({cols})")
        with (
            open_text(SAMPLE) as fh,
            conn.cursor().copy("COPY ledger FROM STDIN WITH (FORMAT csv, HEADER true)") as cp,
        ):
            cp.write(fh.read())
        conn.commit()
        period = Period.parse("2020-H1")
        expected = run_report(SAMPLE, period=period, by=("level", "month"), engine="python")
        actual = run_report(
            "ledger", period=period, by=("level", "month"), engine=PostgresEngine(conn)
        )
    # a table has no line numbers to compare; the sample has no rejected row
    assert expected.report.total == actual.report.total
    assert expected.report.rows == actual.report.rows
    assert (expected.rows_read, expected.accepted) == (actual.rows_read, actual.accepted)


# -- DuckDB sources: Parquet, a folder, a data frame -----------------------------------------


def test_duckdb_reads_parquet_folders_and_frames(tmp_path: pathlib.Path) -> None:
    import duckdb
    import pyarrow.csv

    period = Period.quarter(2020, 2)
    expected = run_report(SAMPLE, period=period, by=("field", "month"), engine="python")
    pq = tmp_path / "parts"
    pq.mkdir()
    con = duckdb.connect()
    select = f"SELECT * FROM read_csv('{SAMPLE}', all_varchar = true)"  # noqa: S608
    con.execute(f"COPY ({select} WHERE dossier_code < 'M') TO '{pq / 'a.parquet'}'")
    con.execute(f"COPY ({select} WHERE dossier_code >= 'M') TO '{pq / 'b.parquet'}'")
    frame = pyarrow.csv.read_csv(
        SAMPLE,
        convert_options=pyarrow.csv.ConvertOptions(
            column_types=dict.fromkeys(COLUMNS, pyarrow.string()), strings_can_be_null=False
        ),
    )
    for source in (str(pq), str(pq / "*.parquet"), frame, frame.to_pandas()):
        actual = run_report(source, period=period, by=("field", "month"), engine="duckdb")
        # Parquet and frames have no lines: the counts and the report must agree
        assert expected.report.rows == actual.report.rows
        assert expected.report.total == actual.report.total
        assert (expected.rows_read, expected.accepted) == (actual.rows_read, actual.accepted)


def test_auto_reads_a_broken_line_as_the_python_engine_does(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n"
        "D1,p,a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
        "D2,p,a,xã,Hộ tịch,online,0,2020-03-02T09:00:00\n",
        encoding="utf-8",
    )
    period = Period.month(2020, 3)
    with pytest.raises(Exception, match="duckdb could not read"):
        run_report(str(path), period=period, engine="duckdb")
    out = run_report(str(path), period=period, engine="auto")
    assert (out.rows_read, out.accepted) == (2, 1)
    assert str(out.errors[0]) == "line 3, column (row): expected 14 fields as in the header, got 8"


def test_auto_is_duckdb_when_installed() -> None:
    from lapvo_cchc.engines import get_engine

    assert "duckdb" == get_engine("auto").name
    assert "duckdb" == get_engine("auto").name  # still a factory after the module is imported


@pytest.mark.parametrize(
    ("due_as", "on_time", "warned"),
    [("auto", 1, True), ("dates", 1, False), ("instants", 0, False)],
)
def test_duckdb_reads_all_midnight_due_instants_as_dates(
    due_as: str, on_time: int, warned: bool
) -> None:
    """A ledger whose due instants are all at 00:00 gets the python engine's reading on DuckDB."""
    row = ["D1", "1.001193", "xa-tan-my", "xã", "Hộ tịch", "online", "",
           "2020-01-07T08:00:00", "", "2020-01-10T00:00:00", "2020-01-10T15:00:00",
           "approved", "", ""]  # fmt: skip
    path = write([row])
    options: dict[str, Any] = {"period": Period.month(2020, 1), "by": (), "due_as": due_as}
    expected = reported(path, "python", **options)
    # as dates: due at the end of 10 January, finished that afternoon -> on time;
    # as instants: due at 00:00 of 10 January -> late
    assert on_time == expected[0].report.total.counts.resolved_on_time
    assert warned == bool(expected[1])
    for engine in ("duckdb", "polars"):
        assert_same(expected, reported(path, engine, **options))


def test_one_due_instant_with_a_clock_time_keeps_midnights_instants() -> None:
    """A clock time elsewhere in the due column shows a true instant column: no date reading."""
    rows = [
        ["D1", "1.001193", "xa-tan-my", "xã", "Hộ tịch", "online", "", "2020-01-07T08:00:00",
         "", "2020-01-10T00:00:00", "2020-01-10T15:00:00", "approved", "", ""],
        ["D2", "1.001193", "xa-tan-my", "xã", "Hộ tịch", "online", "", "2020-01-07T08:00:00",
         "", "2020-01-10T17:00:00", "2020-01-10T15:00:00", "approved", "", ""],
    ]  # fmt: skip
    path = write(rows)
    expected = reported(path, "python", period=Period.month(2020, 1), by=())
    assert (1, []) == (expected[0].report.total.counts.resolved_late, expected[1])
    assert_same(expected, reported(path, "duckdb", period=Period.month(2020, 1), by=()))


# -- Polars sources: Parquet, a folder, a glob, data frames; broken lines --------------------


def test_polars_reads_parquet_folders_globs_and_frames(tmp_path: pathlib.Path) -> None:
    import polars as pl

    period = Period.quarter(2020, 2)
    expected = run_report(SAMPLE, period=period, by=("field", "month"), engine="python")
    frame = pl.read_csv(SAMPLE, infer_schema=False)
    parts = tmp_path / "parts"
    parts.mkdir()
    frame.filter(pl.col("dossier_code") < "M").write_parquet(parts / "a.parquet")
    frame.filter(pl.col("dossier_code") >= "M").write_parquet(parts / "b.parquet")
    csvs = tmp_path / "csvs"
    csvs.mkdir()
    frame.head(20000).write_csv(csvs / "a.csv")
    frame.slice(20000).write_csv(csvs / "b.csv")
    sources = [str(parts), str(parts / "*.parquet"), str(csvs), frame, frame.lazy(),
               frame.to_pandas(), frame.to_arrow()]  # fmt: skip
    for source in sources:
        actual = run_report(source, period=period, by=("field", "month"), engine="polars")
        # Parquet and frames have no lines: the counts and the report must agree
        assert expected.report.rows == actual.report.rows
        assert expected.report.total == actual.report.total
        assert (expected.rows_read, expected.accepted) == (actual.rows_read, actual.accepted)


def test_polars_numbers_the_lines_of_a_folder_of_csv_files_in_order(
    tmp_path: pathlib.Path,
) -> None:
    """Two files of two rows: the rows are lines 2-5, counted on across the files as DuckDB does."""
    row = "D{n},p,a,xã,Hộ tịch,{ch},0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
    header = ",".join(COLUMNS) + "\n"
    (tmp_path / "a.csv").write_text(
        header + row.format(n=1, ch="online") + row.format(n=2, ch="fax"), encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text(
        header + row.format(n=3, ch="fax") + row.format(n=1, ch="online"), encoding="utf-8"
    )
    period = Period.month(2020, 3)
    for engine in ("duckdb", "polars"):
        out = run_report(str(tmp_path), period=period, engine=engine)
        assert (out.rows_read, out.accepted) == (4, 1)
        assert [(e.line, e.column) for e in out.errors] == [
            (3, "channel"), (4, "channel"), (5, "dossier_code")
        ]  # fmt: skip


def test_polars_refuses_a_line_with_too_many_fields(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n"
        "D1,p,a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
        "D2,p,a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,,2020-03-05,,,,,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="polars could not read the ledger: found more fields"):
        run_report(str(path), period=Period.month(2020, 3), engine="polars")


def test_polars_joins_the_deadlines_without_a_nested_loop() -> None:
    """No step of the rows' plan is a nested-loop join (Polars' plan of a join whose
    condition is more than equalities: 7 s on the 30,000-row sample, before the plan
    joined the deadlines on columns only)."""
    from lapvo_cchc.engines._polars import PolarsEngine

    plans: list[str] = []

    class Recording(PolarsEngine):
        def _collect(self, frame: Any) -> Any:
            plans.append(frame.explain())
            return super()._collect(frame)

    row = ["D1", "1.001193", "xa-tan-my", "xã", "Hộ tịch", "online", "", "2020-01-07T08:00:00",
           "8 working_hours", "", "2020-01-10T15:00:00", "approved",
           "2020-01-07T09:00:00;2020-01-08T10:00:00", "2020-01-07T16:00:00"]  # fmt: skip
    path = write([row, ["D2", *row[1:8], "3 working_days", *row[9:]]])
    out = run_report(path, period=Period.month(2020, 1), engine=Recording(), calendar=CALENDAR)
    assert (out.rows_read, out.accepted) == (2, 2)
    rows_plans = [p for p in plans if "lv_periods" not in p and "s_day" not in p]
    assert len(rows_plans) > 10  # the checked rows, each step of the deadlines, the rows
    assert any("JOIN" in p for p in rows_plans)
    assert not [p for p in rows_plans if "NESTED LOOP" in p]


def engine_named(name: str, request: pytest.FixtureRequest) -> Any:
    """The engine *name*, the postgres one on the tests' server (the ``pg_dsn`` fixture)."""
    if name != "postgres":
        return name
    from lapvo_cchc.engines._postgres import PostgresEngine

    return PostgresEngine(request.getfixturevalue("pg_dsn"))


def test_the_control_characters_are_those_the_reader_refuses() -> None:
    """The engines' character class holds exactly what the reader refuses in a name."""
    from lapvo_cchc._text import has_control
    from lapvo_cchc.engines._source import CONTROL_RANGES

    refused = [cp for cp in range(0x110000) if has_control(chr(cp))]
    assert refused == [cp for lo, hi in CONTROL_RANGES for cp in range(lo, hi + 1)]


def check_long_fields(engine: Any) -> None:
    """A 131,073-character cell rejects its row, named by its column, in any column (its
    length in NFC, as the reader reads the line); a line separator in a name is a control
    character."""
    big = "x" * 131_073
    decomposed = unicodedata.normalize("NFD", "ệ") * 50_000
    head = ",".join(COLUMNS) + ",note\n"
    row = "D{n},1.001193,xa-tan-my,xã,{field},online,0,2020-03-02T09:00:00,,2020-03-05,,,,,{note}\n"
    path = pathlib.Path(tempfile.mkdtemp()) / "long.csv"
    path.write_text(
        head
        + row.format(n=1, field=big, note="")
        + row.format(n=2, field="Hộ tịch", note=big)
        + row.format(n=3, field="Hộ\u2028tịch", note="")
        + row.format(n=4, field="Hộ tịch", note="")
        # over the limit as typed (three code points a letter), under it in NFC: accepted
        + row.format(n=5, field=decomposed, note=decomposed),
        encoding="utf-8",
    )
    period = Period.month(2020, 3)
    python = run_report(str(path), period=period, by=("field",), engine="python")
    assert [(e.line, e.column) for e in python.errors] == [(2, "field"), (3, "note"), (4, "field")]
    assert [e.reason for e in python.errors] == [
        "a field longer than 131,072 characters",
        "a field longer than 131,072 characters",
        "a control character in 'Hộ\\u2028tịch'",
    ]
    assert_same_report(python, run_report(str(path), period=period, by=("field",), engine=engine))


@pytest.mark.parametrize("engine", ["duckdb", "polars", "postgres"])
def test_a_field_over_the_csv_limit_is_refused_as_the_reader_refuses_it(
    engine: str, request: pytest.FixtureRequest
) -> None:
    check_long_fields(engine_named(engine, request))


QUOTED_CELLS = (
    "dossier_code,procedure_code,agency_code,level,channel,assisted,received_at,due_at\n"
    "D1,p,a,xã,bưu điện's,0,2020-03-02T09:00:00,2020-03-05\n"
    "D2,p,a,xã,online,c'o\u202e,2020-03-02T09:00:00,2020-03-05\n"
    "D3,p,a'\x1b,xã,online,0,2020-03-02T09:00:00,2020-03-05\n"
    'D4,p,a,xã,"say ""hi""",0,2020-03-02T09:00:00,2020-03-05\n'
)


def check_quoted_cells(engine: Any) -> None:
    """Refused cells are quoted as the reader quotes them: Python's repr, escapes and all."""
    path = pathlib.Path(tempfile.mkdtemp()) / "quoted.csv"
    path.write_text(QUOTED_CELLS, encoding="utf-8")
    python = run_report(str(path), period=Period.month(2020, 3), engine="python")
    ends = ['got "bưu điện\'s"', 'got "c\'o\\u202e"', 'in "a\'\\x1b"', "got 'say \"hi\"'"]
    assert [e.reason.endswith(end) for e, end in zip(python.errors, ends, strict=True)] == [
        True, True, True, True,
    ]  # fmt: skip
    assert_same_report(python, run_report(str(path), period=Period.month(2020, 3), engine=engine))


@pytest.mark.parametrize("engine", ["duckdb", "polars", "postgres"])
def test_refused_cells_are_quoted_as_the_reader_quotes_them(
    engine: str, request: pytest.FixtureRequest
) -> None:
    check_quoted_cells(engine_named(engine, request))
