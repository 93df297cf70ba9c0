"""The DuckDB engine on hand-counted and generated ledgers, against the row reader.

These tests first checked ``frames.report_csv`` (the retired columnar report); the
same ledgers now check the engine that replaced it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapvo_cchc.adapters.frames import report_csv
from lapvo_cchc.adapters.ledger import COLUMNS, report_ledger
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.engines import EngineError, run_report
from lapvo_cchc.kpi import FormCounts, Period

if TYPE_CHECKING:
    import pathlib

    from lapvo_cchc.adapters.ledger import LedgerReport

MARCH = Period.month(2020, 3)


def columnar(path: pathlib.Path, period: Period, **kw: object) -> LedgerReport:
    """The report of the DuckDB engine."""
    return run_report(path, period=period, engine="duckdb", **kw)  # type: ignore[arg-type]


def account(out: LedgerReport) -> tuple[object, ...]:
    """What two engines must agree on (the passes over the source differ)."""
    return (out.report, out.errors, out.rows_read, out.accepted, out.due_midnights)


HAND = [
    # code, level, channel, received, due, finished, kind, requested
    ("D1", "xã", "online", "2020-03-02T09:00:00", "2020-03-05", "2020-03-04T10:00:00",
     "approved", ""),
    ("D2", "xã", "trực tiếp", "2020-03-02 09:00:00", "2020-03-05", "2020-03-05T16:00:00",
     "approved", ""),
    ("D3", "commune", "postal", "2020-03-03T08:00:00", "2020-03-05", "2020-03-06T08:00:00",
     "approved", ""),
    ("D4", "huyện", "in_person", "2020-02-20T08:00:00", "2020-02-28", "", "", ""),
    ("D5", "district", "trực tuyến", "2020-03-20T08:00:00", "2020-04-10", "", "", ""),
    ("D6", "huyện", "in_person", "2020-03-10T08:00:00", "2020-03-20", "2020-03-11T08:00:00",
     "rút hồ sơ", ""),
    ("D7", "huyện", "in_person", "2020-03-10T08:00:00", "2020-03-20", "2020-03-12T08:00:00",
     "stopped", ""),
    ("D8", "xã", "online", "2020-02-01T08:00:00", "2020-02-05", "2020-02-03T08:00:00",
     "approved", ""),
    ("D9", "xã", "online", "2020-04-01T08:00:00", "2020-04-05", "", "", ""),
    ("D10", "xã", "online", "2020-02-25T08:00:00", "2020-03-02", "", "", "2020-02-27T08:00:00"),
]  # fmt: skip


def write(path: pathlib.Path, rows: list[list[str]]) -> pathlib.Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def hand_ledger(path: pathlib.Path) -> pathlib.Path:
    return write(
        path,
        [
            [code, "1.001", "A1", level, "F", ch, "0", rec, "", due, fin, kind, req, ""]
            for code, level, ch, rec, due, fin, kind, req in HAND
        ],
    )


def test_hand_counted_report(tmp_path: pathlib.Path) -> None:
    out = columnar(hand_ledger(tmp_path / "l.csv"), MARCH, by="level")
    rows = {r.label: r.counts for r in out.report.rows}
    assert ["commune", "district"] == list(rows)
    # D1 early, D2 on time, D3 late (finished after 24:00 of the due day); D10 carried
    # over, awaiting a supplement requested before its deadline: within.
    assert {
        "received_total": 4, "received_online": 1, "received_offline": 2, "carried_over": 1,
        "resolved_total": 3, "resolved_early": 1, "resolved_on_time": 1, "resolved_late": 1,
        "in_progress_total": 1, "in_progress_within": 1, "in_progress_overdue": 0,
        "withdrawn": 0, "stopped": 0,
    } == rows["commune"].as_dict(form_only=True)  # fmt: skip
    # D4 carried over and overdue, D5 within, D6 withdrawn, D7 stopped
    assert {
        "received_total": 4, "received_online": 1, "received_offline": 2, "carried_over": 1,
        "resolved_total": 0, "resolved_early": 0, "resolved_on_time": 0, "resolved_late": 0,
        "in_progress_total": 2, "in_progress_within": 1, "in_progress_overdue": 1,
        "withdrawn": 1, "stopped": 1,
    } == rows["district"].as_dict(form_only=True)  # fmt: skip
    total = out.report.total.counts
    assert (8, 1, 1) == (total.handled, total.received_postal, total.received_in_person - 2)
    assert (10, 10, (), ()) == (out.rows_read, out.accepted, out.errors, out.report.findings)
    assert report_ledger(tmp_path / "l.csv", MARCH, by="level").report == out.report


def test_hand_counted_months(tmp_path: pathlib.Path) -> None:
    period = Period.parse("2020-02-01..2020-03-31")
    out = columnar(hand_ledger(tmp_path / "l.csv"), period, by="month")
    rows = {r.label: r.counts for r in out.report.rows}
    # February: D4, D8, D10 received; D8 resolved early. March: D4 and D10 carried over.
    assert (3, 1, 0) == (
        rows["2020-02"].received_total,
        rows["2020-02"].resolved_early,
        rows["2020-02"].carried_over,
    )
    assert (8, 2) == (rows["2020-03"].received_total, rows["2020-03"].carried_over)
    assert report_ledger(tmp_path / "l.csv", period, by="month").report == out.report


# -- generated ledgers: the same report as the row reader --------------------------------------

LEVELS = ("xã", "huyện", "tỉnh", "commune", "Cấp xã", "district", " province", "phường")
CHANNELS = (
    "online",
    "in_person",
    "postal",
    "trực tuyến",
    "trực tiếp",
    "bưu chính công ích",
    "Online ",
)
KINDS = (
    "approved",
    "rejected",
    "returned",
    "withdrawn",
    "stopped",
    "refused",
    "rút hồ sơ",
    "đã giải quyết",
    "Approved",
)
LIMITS = (
    "",
    "5 working_days",
    "10 working_days",
    "30 calendar_days",
    "3 ngày làm việc",
    "8 working_hours",
    "same_day 15:00",
)
ASSISTED = ("", "0", "1", "có", "yes", "không")  # fmt: skip


def iso(t: dt.datetime, rnd: random.Random) -> str:
    return t.strftime("%Y-%m-%d" + rnd.choice("T ") + "%H:%M:%S")


def random_rows(seed: int, n: int) -> list[list[str]]:
    rnd = random.Random(seed)  # noqa: S311 (test data)
    start = dt.datetime(2019, 12, 1, 6, 0)
    rows = []
    for i in range(n):
        received = start + dt.timedelta(seconds=rnd.randrange(240 * 86400))
        limit = rnd.choice(LIMITS)
        shape = rnd.random()
        if limit and shape < 0.3:
            due = ""
        elif shape < 0.8:
            due = (received.date() + dt.timedelta(days=rnd.randrange(20))).isoformat()
        else:
            due = iso(received + dt.timedelta(seconds=rnd.randrange(20 * 86400)), rnd)
        req = sup = ""
        moment = received
        u = rnd.random()
        if u < 0.3:
            reqs, sups = [], []
            for _ in range(1 if u < 0.25 else 2):
                moment += dt.timedelta(seconds=rnd.randrange(5 * 86400))
                reqs.append(iso(moment, rnd))
                moment += dt.timedelta(seconds=rnd.randrange(5 * 86400))
                sups.append(iso(moment, rnd))
            if rnd.random() < 0.4:
                sups.pop()
            req, sup = ";".join(reqs), ";".join(sups)
        fin = kind = ""
        if rnd.random() < 0.75:
            fin = iso(moment + dt.timedelta(seconds=rnd.randrange(30 * 86400)), rnd)
            kind = rnd.choice(KINDS)
        level = rnd.choice(LEVELS)
        if rnd.random() < 0.05:
            level = unicodedata.normalize("NFD", level)  # the row reader normalises lines
        rows.append(
            [
                f"C{i:05d}" if rnd.random() < 0.97 else f" C{i:05d}",
                f"1.00{i % 4}", f"A{rnd.randrange(5)}", level, rnd.choice(("Hộ tịch", "Đất đai")),
                rnd.choice(CHANNELS), rnd.choice(ASSISTED), iso(received, rnd), limit, due,
                fin, kind, req, sup,
            ]
        )  # fmt: skip
    return rows


PERIODS = (
    Period.month(2020, 3),
    Period.parse("2020-01-01..2020-06-30"),
    Period.quarter(2020, 1),
    Period.reporting_month(2020, 3),
    Period.parse("2020-02-29..2020-03-01"),
)
BYS = ("level", "agency", "month", ("level", "month"), None, "channel", ("field", "procedure"))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    n=st.integers(0, 300),
    period=st.sampled_from(PERIODS),
    by=st.sampled_from(BYS),
    with_calendar=st.booleans(),
)
def test_same_report_as_the_row_reader(  # noqa: PLR0917 (hypothesis arguments)
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    n: int,
    period: Period,
    by: object,
    with_calendar: bool,
) -> None:
    path = write(tmp_path_factory.mktemp("g") / "l.csv", random_rows(seed, n))
    calendar = vietnam() if with_calendar else None
    got = columnar(path, period, by=by, calendar=calendar)  # type: ignore[arg-type]
    want = report_ledger(path, period, by=by, calendar=calendar)  # type: ignore[arg-type]
    assert want.report == got.report
    assert want.report.findings == got.report.findings
    assert (want.rows_read, want.accepted, want.errors) == (got.rows_read, got.accepted, ())


@pytest.mark.parametrize("by", BYS)
def test_large_generated_ledger(tmp_path: pathlib.Path, by: object) -> None:
    path = write(tmp_path / "l.csv", random_rows(7, 3000))
    for period in PERIODS:
        got = columnar(path, period, by=by, calendar=vietnam())  # type: ignore[arg-type]
        want = report_ledger(path, period, by=by, calendar=vietnam())  # type: ignore[arg-type]
        assert want.report == got.report
        groups = sum((r.counts for r in got.report.rows), FormCounts())
        if by is not None and "month" not in by:
            assert got.report.total.counts == groups


# -- rows the row reader rejects: the engine names them as the reader does ----------------------


BAD = {
    "a bad date": (7, "received_at", "2020-02-30T08:00:00"),
    "an unknown channel": (5, "channel", "fax"),
    "finished before received": (10, "finished_at", "2019-01-01T08:00:00"),
    "a duplicate code": (0, "dossier_code", "D1"),
    "a bad time limit": (8, "time_limit", "soon"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_rejected_rows_are_reported_by_the_row_reader(tmp_path: pathlib.Path, case: str) -> None:
    index, column, value = BAD[case]
    rows = [
        [code, "1.001", "A1", level, "F", ch, "0", rec, "", due, fin, kind, req, ""]
        for code, level, ch, rec, due, fin, kind, req in HAND
    ]
    rows[3][index] = value
    path = write(tmp_path / "l.csv", rows)
    got = columnar(path, MARCH, by="level")
    want = report_ledger(path, MARCH, by="level")
    assert account(want) == account(got)
    assert [(5, column)] == [(e.line, e.column) for e in got.errors]
    assert (10, 9) == (got.rows_read, got.accepted)


def test_a_short_row_goes_to_the_row_reader(tmp_path: pathlib.Path) -> None:
    """DuckDB cannot read a line with too few fields: ``auto`` hands it to the python reader."""
    path = hand_ledger(tmp_path / "l.csv")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("D11,1.001,A1,xã\n")
    with pytest.raises(EngineError, match="python"):
        columnar(path, MARCH)
    got = run_report(path, period=MARCH, engine="auto")
    assert [(12, "(row)")] == [(e.line, e.column) for e in got.errors]
    assert account(report_ledger(path, MARCH)) == account(got)


def NFD(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_unusual_valid_rows_are_read_exactly(tmp_path: pathlib.Path) -> None:
    # offsets, blanks around the code, two supplements, an hour limit without due_at,
    # decomposed Vietnamese: read exactly by the engine (its plan, not the single pass).
    rows = [
        ["E1", "p", "a", NFD("xã"), "F", NFD("trực tuyến"), "1", "2020-03-02T09:00:00+07:00",
         "", "2020-03-05", "", "", "", ""],
        [" E2 ", "p", "a", "xã", "F", "online", "0", "2020-03-02T09:00:00", "8 working_hours",
         "", "", "", "", ""],
        ["E3", "p", "a", "xã", "F", "online", "0", "2020-03-02T09:00:00", "10 working_days", "",
         "2020-03-20T09:00:00", "approved", "2020-03-03T09:00:00;2020-03-06T09:00:00",
         "2020-03-04T09:00:00;2020-03-09T09:00:00"],
    ]  # fmt: skip
    path = write(tmp_path / "l.csv", rows)
    got = columnar(path, MARCH, by=("level", "channel"))
    assert got.report == report_ledger(path, MARCH, by=("level", "channel")).report
    assert [("commune", "trực tuyến")] == [r.key for r in got.report.rows]
    assert 3 == got.report.total.counts.received_online


def test_empty_ledger(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "l.csv", [])
    got = columnar(path, MARCH)
    assert (0, (), FormCounts()) == (got.rows_read, got.report.rows, got.report.total.counts)


def test_gzip_and_absent_optional_columns(tmp_path: pathlib.Path) -> None:
    import gzip

    text = (
        "received_at,channel,dossier_code,agency_code,procedure_code,due_at,note\n"
        "2020-03-02T09:00:00,online,D1,A,p,2020-03-05,x\n"
        "2020-02-02T09:00:00,bưu chính công ích,D2,A,p,2020-02-05,y\n"
    )
    path = tmp_path / "l.csv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    got = columnar(path, MARCH, by=("level", "field"))
    assert got.report == report_ledger(path, MARCH, by=("level", "field")).report
    # no level or field column: one group with empty names; D2 carried over; both still
    # open on 31 March, past their due dates
    assert [("", "")] == [r.key for r in got.report.rows]
    counts = got.report.total.counts
    assert (2, 1, 2, 0) == (
        counts.received_total,
        counts.carried_over,
        counts.in_progress_overdue,
        counts.in_progress_within,
    )


def test_working_days_with_a_calendar(tmp_path: pathlib.Path) -> None:
    # D1: received Mon 2 March, resolved Wed 4 March: 2 working days; D2: Mon to Thu, 3;
    # D3: Tue 3 to Fri 6, 3.
    path = hand_ledger(tmp_path / "l.csv")
    got = columnar(path, MARCH, by="level", calendar=vietnam())
    assert 8 == got.report.total.counts.resolved_working_days
    assert got.report == report_ledger(path, MARCH, by="level", calendar=vietnam()).report
    assert 0 == columnar(path, MARCH, by="level").report.total.counts.resolved_working_days


def test_report_csv_is_deprecated_and_runs_the_engines(tmp_path: pathlib.Path) -> None:
    path = hand_ledger(tmp_path / "l.csv")
    with pytest.warns(DeprecationWarning, match="run_report"):
        got = report_csv(path, MARCH, by="level", fallback=False)
    assert account(got) == account(report_ledger(path, MARCH, by="level"))
