"""Fuzz the ledger readers (flat CSV, events CSV, .xlsx): only named errors may come out.

A hostile file must end in a row error or a ``LapvoError`` naming where it
went wrong, never in a raw ``_csv.Error``, ``ValueError`` or ``KeyError``;
and the reader's own accounting (accepted + rejected == rows read) must hold
whatever the bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz._hostile import (
    EVENTS_HEAD,
    EVENTS_ROWS,
    FLAT_HEAD,
    FLAT_ROW,
    PIECES,
    budget,
    csv_bytes,
    tried,
)
from lapvo_cchc.adapters.ledger import LedgerLines, LedgerReader, open_ledger
from lapvo_cchc.adapters.ledger.events import EventsReader
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.cli import main
from lapvo_cchc.errors import LapvoError
from lapvo_cchc.kpi import Period, report

CALENDAR = vietnam()
PERIOD = Period.parse("2020")
BUDGET = settings(
    max_examples=budget(200),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _read_flat(data: bytes, encoding: str = "utf-8") -> None:
    lines = LedgerLines(io.BytesIO(data), name="fuzz.csv", encoding=encoding)
    reader = LedgerReader(lines, calendar=CALENDAR)
    try:
        rep = report(reader, PERIOD, by="field", calendar=CALENDAR)
    except LapvoError:
        return
    assert reader.rows_read == reader.accepted + len(reader.errors)
    for text in (rep.to_csv(), rep.to_text(), rep.to_markdown()):
        assert "\x00" not in text


@BUDGET
@given(csv_bytes(FLAT_HEAD, (FLAT_ROW,)), st.sampled_from(["utf-8", "cp1258"]))
def test_flat_ledger_bytes(data: bytes, encoding: str) -> None:
    tried("flat CSV")
    _read_flat(data, encoding)


@BUDGET
@given(st.binary(max_size=400))
def test_flat_ledger_random_bytes(data: bytes) -> None:
    tried("flat CSV")
    _read_flat(FLAT_HEAD.encode() + b"\n" + data)


@BUDGET
@given(csv_bytes(EVENTS_HEAD, EVENTS_ROWS))
def test_events_ledger_bytes(data: bytes) -> None:
    tried("events CSV")
    reader = EventsReader(LedgerLines(io.BytesIO(data), name="fuzz.csv"), calendar=CALENDAR)
    try:
        list(reader)
    except LapvoError:
        return
    assert reader.rows_read == reader.rows_accepted + len(reader.errors)


_xlsx_cell = (
    st.none()
    | st.sampled_from(PIECES)
    | st.text(max_size=15).filter(lambda t: not t.startswith("="))
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1))
    | st.booleans()
)


def _workbook(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(FLAT_HEAD.split(","))
    for row in rows:
        try:
            ws.append(row)
        except Exception:
            ws.append([None if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@settings(BUDGET, max_examples=budget(80))
@given(
    st.lists(st.lists(_xlsx_cell, min_size=1, max_size=15), max_size=4),
    st.integers(0, 3),
    st.integers(0, 2**32),
)
def test_xlsx_ledger(rows: list[list[object]], damage: int, seed: int) -> None:
    tried("xlsx")
    data = _workbook(rows)
    if damage == 1:  # flip bytes anywhere in the zip
        i = seed % len(data)
        data = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]
    elif damage == 2:  # a sheet that is not XML
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as out:
            for item in src.infolist():
                body = src.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    body = body[: seed % max(len(body), 1)]
                out.writestr(item, body)
        data = buffer.getvalue()
    fd, name = tempfile.mkstemp(suffix=".xlsx")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            with open_ledger(name) as lines:
                reader = LedgerReader(lines, calendar=CALENDAR)
                list(reader)
        except LapvoError:
            return
        assert reader.rows_read == reader.accepted + len(reader.errors)
    finally:
        os.unlink(name)


@settings(BUDGET, max_examples=budget(80))
@given(
    csv_bytes(FLAT_HEAD, (FLAT_ROW,)) | csv_bytes(EVENTS_HEAD, EVENTS_ROWS),
    st.sampled_from([["validate"], ["report"], ["report", "--events"]]),
)
def test_cli_on_fuzzed_files(data: bytes, command: list[str]) -> None:
    tried("CLI")
    fd, name = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([*command, name])
    finally:
        os.unlink(name)
    assert status in (0, 1, 2)
    if status == 2:
        assert 1 == len(err.getvalue().splitlines())
    for text in (out.getvalue(), err.getvalue()):
        assert not any(c in text for c in "\x00\x1b")


@settings(BUDGET, max_examples=budget(60))
@given(csv_bytes(FLAT_HEAD, (FLAT_ROW,)))
def test_engine_and_row_reports_agree(data: bytes) -> None:
    """The default engine (DuckDB, the python reader for what it cannot read) on any bytes."""
    from lapvo_cchc.adapters.ledger import report_ledger
    from lapvo_cchc.engines import run_report

    tried("engine auto")
    fd, name = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            by_rows = report_ledger(name, PERIOD, by="field", calendar=CALENDAR)
        except LapvoError:
            by_rows = None
        try:
            by_columns = run_report(name, period=PERIOD, by="field", calendar=CALENDAR)
        except LapvoError:
            by_columns = None
    finally:
        os.unlink(name)
    if by_rows is None or by_columns is None:
        assert by_rows is None
        assert by_columns is None
        return
    assert (by_rows.rows_read, by_rows.accepted) == (by_columns.rows_read, by_columns.accepted)
    assert by_rows.report.total.counts == by_columns.report.total.counts
