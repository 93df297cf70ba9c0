"""report_ledger: one streaming pass gives the reader's report and errors; ``workers`` retired."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import LedgerReader, open_ledger, report_ledger
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.kpi._periods import Period
from lapvo_cchc.kpi._report import report

if TYPE_CHECKING:
    import pathlib

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)
PERIOD = Period.parse("2020-01-01..2020-06-30")


def _row(rnd: random.Random, code: str) -> str:
    start = dt.datetime(2019, 12, 1, 7, 0)
    received = start + dt.timedelta(seconds=rnd.randrange(213 * 86400))
    days = rnd.choice((1, 3, 5, 10))
    due = ""
    limit = f"{days} working_days"
    if rnd.random() < 0.8:
        due = (received + dt.timedelta(days=days * 7 // 5 + 1)).date().isoformat()
    fin = kind = req = sup = ""
    if rnd.random() < 0.85:
        fin = (received + dt.timedelta(seconds=rnd.randrange(days * 2 * 86400))).isoformat(
            timespec="seconds"
        )
        kind = rnd.choice(("approved", "approved", "rejected", "withdrawn", "stopped", "rút"))
    if rnd.random() < 0.08:
        r = received + dt.timedelta(hours=5)
        req = r.isoformat(timespec="seconds")
        if rnd.random() < 0.7:
            sup = (r + dt.timedelta(days=1)).isoformat(timespec="seconds")
    level = rnd.choice(("xã", "huyện", "province", "Cấp xã"))
    channel = rnd.choice(("in_person", "online", "trực tuyến", "postal"))
    assisted = rnd.choice(("0", "1", "", "có"))
    received_text = received.isoformat(sep=rnd.choice("T "), timespec="seconds")
    return (
        f"{code},1.{rnd.randrange(30):06d},A{rnd.randrange(20)},{level},F{rnd.randrange(5)},"
        f"{channel},{assisted},{received_text},{limit},{due},{fin},{kind},{req},{sup}\n"
    )


BAD = (
    "{code},p,a,xã,f,in_person,0,2020-02-30T09:00:00,,2020-03-05,,,,\n",  # no such day
    "{code},p,a,xã,f,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n",  # unknown channel
    "{code},p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-01T09:00:00,approved,,\n",
    "{code},p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-03T09:00:00,lost,,\n",
    "{code},p,a,xã,f,online,0,2020-03-02T25:00:00,,2020-03-05,,,,\n",  # no such hour
    "{code},p,a,xã,f,online,0,2020-03-02T09:00:00,10 fortnights,,,,,\n",
    "{code},p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05\n",  # short row
    "{code},p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,,,,,extra\n",  # long row
    ",p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n",  # no code
    "{code},p,a,xã,f,online,maybe,2020-03-02T09:00:00,,2020-03-05,,,,\n",
)


def write_ledger(path: pathlib.Path, n: int, seed: int) -> int:
    """*n* lines with about 3% bad rows, duplicate codes near and far; returns the rows."""
    rnd = random.Random(seed)  # noqa: S311 (test data, not cryptography)
    codes: list[str] = []
    lines = [HEADER]
    for i in range(n):
        u = rnd.random()
        if u < 0.03:
            code = f"B{i}"
            lines.append(rnd.choice(BAD).format(code=code))
        elif u < 0.04 and codes:
            # a duplicate of a code seen anywhere before (often in another part)
            code = rnd.choice(codes)
            lines.append(_row(rnd, code) if rnd.random() < 0.5 else BAD[1].format(code=code))
        elif u < 0.042:
            lines.append("\n")  # blank lines are skipped, still counted as lines
        else:
            code = f"D{i:06d}"
            codes.append(code)
            lines.append(_row(rnd, code))
    # a code first seen rejected (bad channel), then accepted, then duplicated, across parts
    lines.insert(len(lines) // 4, BAD[1].format(code="X1"))
    lines.insert(len(lines) * 3 // 4, _row(rnd, "X1"))
    lines.append(_row(rnd, "X1"))
    lines.append(BAD[3].format(code="X1"))
    path.write_text("".join(lines), encoding="utf-8")
    return sum(1 for line in lines[1:] if line.strip())


def single_pass(path: pathlib.Path, by: tuple[str, ...]) -> tuple[object, list[object], int]:
    """The single streaming pass through the public pieces (reader, then report)."""
    cal = vietnam()
    with open_ledger(path) as lines:
        reader = LedgerReader(lines, calendar=cal)
        rep = report(reader, PERIOD, by=by, calendar=cal)  # type: ignore[arg-type]
    return rep, list(reader.errors), reader.rows_read


def test_report_ledger_equals_the_reader_and_report(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "ledger.csv"
    rows = write_ledger(path, 6000, seed=3)
    by = ("level", "month")
    expected, errors, rows_read = single_pass(path, by)
    got = report_ledger(path, PERIOD, by=by, calendar=vietnam())
    assert got.workers == 1
    assert got.report == expected
    assert list(got.errors) == errors
    assert got.rows_read == rows_read == rows
    assert got.accepted + len(got.errors) == got.rows_read
    dup = [e for e in got.errors if e.column == "dossier_code" and "duplicate" in e.reason]
    assert any("'X1'" in e.reason for e in dup)


def test_report_ledger_counts_by_a_second_method(tmp_path: pathlib.Path) -> None:
    """Dossiers handled per level, counted from the file by hand, equal the report."""
    path = tmp_path / "ledger.csv"
    write_ledger(path, 5000, seed=11)
    got = report_ledger(path, PERIOD, by="level")
    bad_lines = {e.line for e in got.errors}
    levels = {"xã": "commune", "Cấp xã": "commune", "huyện": "district"}
    handled: dict[str, int] = {}
    accepted = 0
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if number in bad_lines or not line.strip():
            continue
        accepted += 1
        cells = line.split(",")
        received = dt.date.fromisoformat(cells[7][:10])
        finished = dt.date.fromisoformat(cells[10][:10]) if cells[10] else None
        if received <= PERIOD.end and (finished is None or finished >= PERIOD.start):
            level = levels.get(cells[3], cells[3])
            handled[level] = handled.get(level, 0) + 1
    assert accepted == got.accepted
    assert {row.key[0]: row.counts.received_total for row in got.report.rows} == handled


def test_quoted_line_ends_are_read_as_the_reader_reads_them(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "ledger.csv"
    write_ledger(path, 400, seed=5)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('"Q1",p,"UBND xã\nTân Mỹ",xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n')
        fh.write("Q2,p,a,xã,f,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n")
    got = report_ledger(path, PERIOD, by="month", calendar=vietnam())
    expected, errors, rows_read = single_pass(path, ("month",))
    assert got.report == expected
    assert list(got.errors) == errors
    assert got.rows_read == rows_read
    assert errors[-1].line == len(path.read_text(encoding="utf-8").splitlines())


def test_workers_is_deprecated_and_changes_nothing(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "ledger.csv"
    write_ledger(path, 300, seed=1)
    one = report_ledger(path, PERIOD)
    with pytest.warns(DeprecationWarning, match="workers"):
        many = report_ledger(path, PERIOD, workers=4)
    assert (many.workers, many.report, many.errors) == (1, one.report, one.errors)
    with pytest.raises(ValueError, match="workers"):
        report_ledger(path, PERIOD, workers=0)


def test_block_reader_equals_row_by_row(tmp_path: pathlib.Path) -> None:
    """The reader's block path gives the records and errors of its row-by-row path.

    An extra trailing column sends the same rows through the row-by-row parser.
    """
    path = tmp_path / "ledger.csv"
    write_ledger(path, 3000, seed=21)
    text = path.read_text(encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "".join(line + ",x\n" if line.strip() else "\n" for line in text.splitlines()),
        encoding="utf-8",
    )
    with open_ledger(path) as lines:
        reader = LedgerReader(lines)
        records = list(reader)
    with open_ledger(wide) as lines:
        by_row = LedgerReader(lines)
        expected = list(by_row)
    assert records == expected
    assert [(e.line, e.column) for e in reader.errors] == [
        (e.line, e.column) for e in by_row.errors
    ]
    assert [e.reason for e in reader.errors if e.column != "(row)"] == [
        e.reason for e in by_row.errors if e.column != "(row)"
    ]
    assert (reader.rows_read, reader.accepted) == (by_row.rows_read, by_row.accepted)
