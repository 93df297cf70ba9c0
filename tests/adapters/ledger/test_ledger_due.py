"""Due dates exported as datetimes at 00:00, and dates outside the supported years.

The independent answer for the midnight case is the same ledger with its due
column as dates (the bundled sample as shipped): a date column exported as
datetimes must give the same rows and the same report. The ``instants``
reading must give the failure the issue measured (10,554 of 30,776 rows
rejected; a late share of 25 % of resolved in December 2019 on the first 2,000
rows), so the test also shows what ``--due-as instants`` forces.
"""

from __future__ import annotations

import csv
import gzip
import io
import warnings
from importlib import resources
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import (
    VIETNAMESE,
    LedgerReader,
    MidnightDueWarning,
    read_ledger,
    report_ledger,
)
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.cli import main
from lapvo_cchc.kpi import Period, report

if TYPE_CHECKING:
    import pathlib

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)


def _sample_lines() -> list[str]:
    data = resources.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz").read_bytes()
    return gzip.decompress(data).decode("utf-8").splitlines(keepends=True)


def _midnights(lines: list[str]) -> list[str]:
    """The ledger with every date-only due cell written as a datetime at 00:00:00."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(csv.reader(lines)):
        if i and len(row[9]) == 10:
            row[9] += "T00:00:00"
        writer.writerow(row)
    return out.getvalue().splitlines(keepends=True)


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return _sample_lines()


def _read(lines: list[str], **kw: object) -> tuple[LedgerReader, list[object]]:
    reader = LedgerReader(lines, **kw)  # type: ignore[arg-type]
    records = list(reader)
    return reader, records


def test_sample_with_midnights_reads_as_the_date_column(sample: list[str]) -> None:
    plain, plain_records = _read(sample)
    assert (plain.rows_read, plain.accepted) == (30776, 30776)
    with pytest.warns(MidnightDueWarning, match="read as due dates"):
        mid, mid_records = _read(_midnights(sample))
    assert (mid.rows_read, mid.accepted, mid.errors) == (30776, 30776, [])
    assert mid.due_reading == "dates"
    assert mid.due_midnights == 30776 - 459  # the 459 working-hour rows keep their clock
    assert mid_records == plain_records


def test_sample_with_midnights_read_as_instants_is_the_reported_failure(
    sample: list[str],
) -> None:
    lines = _midnights(sample)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reader, _ = _read(lines, due_as="instants")
    assert (reader.rows_read, reader.accepted, len(reader.errors)) == (30776, 20222, 10554)
    assert all(e.column == "due_at" for e in reader.errors)
    dec = Period.month(2019, 12)
    head = lines[:2001]
    late = report(LedgerReader(head, due_as="instants"), dec).total.counts
    assert (late.resolved_late, late.resolved_total) == (310, 1228)  # 25.2 % of resolved
    with pytest.warns(MidnightDueWarning):
        fixed = report(LedgerReader(head), dec, by=None).total.counts
    assert fixed == report(LedgerReader(sample[:2001]), dec, by=None).total.counts
    assert (fixed.resolved_late, fixed.received_total) == (33, 2000)  # 1.7 % of (3)


def test_forcing_dates_and_a_hand_computed_row() -> None:
    # received Monday 2 March 2020, due "5 March" exported at 00:00, resolved 5 March 10:00
    row = (
        "D1,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05T00:00:00,"
        "2020-03-05T10:00:00,approved,,\n"
    )
    period = Period.month(2020, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        as_dates = report(LedgerReader([HEADER, row], due_as="dates"), period).total.counts
        as_instants = report(LedgerReader([HEADER, row], due_as="instants"), period).total.counts
    assert (as_dates.resolved_on_time, as_dates.resolved_late) == (1, 0)
    assert (as_instants.resolved_on_time, as_instants.resolved_late) == (0, 1)


def test_a_true_instant_column_keeps_its_midnights() -> None:
    # a day limit due at 17:00 shows the column holds real instants: the midnight
    # (24:00 of 4 March written as 00:00 of the 5th) stays an instant, read or ahead
    rows = [
        "D1,p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,2020-03-05T00:00:00,,,,\n",
        "D2,p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,2020-03-05T17:00:00,,,,\n",
    ]
    for lines in ([HEADER, *rows], [HEADER, *reversed(rows)]):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            reader, records = _read(lines)
        assert reader.due_reading == "instants"
        assert reader.due_midnights == 0
        d1 = next(r for r in records if r.code == "D1")  # type: ignore[attr-defined]
        assert d1.due_date.isoformat() == "2020-03-04"  # type: ignore[attr-defined]


def test_working_hour_rows_do_not_count_as_instants_and_dmy_profile() -> None:
    head = "Mã hồ sơ,Mã TTHC,Mã cơ quan,Kênh nộp,Ngày tiếp nhận,Thời hạn giải quyết,Ngày hẹn trả\n"
    lines = [
        head,
        "A,p,a,online,02/03/2020 09:00,8 working_hours,03/03/2020 09:00\n",
        "B,p,a,online,02/03/2020 09:00,3 working_days,05/03/2020 00:00\n",
    ]
    with pytest.warns(MidnightDueWarning):
        reader, records = _read(lines, profile=VIETNAMESE)
    assert reader.errors == []
    assert [r.due_date.isoformat() for r in records] == ["2020-03-03", "2020-03-05"]  # type: ignore[attr-defined]


def test_validate_and_report_accept_the_same_rows(
    tmp_path: pathlib.Path, sample: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "midnight.csv"
    path.write_text("".join(_midnights(sample)), encoding="utf-8")
    for due_as, accepted in (("auto", 30776), ("instants", 20222), ("dates", 30776)):
        status = main(["validate", str(path), "--due-as", due_as])
        out, err = capsys.readouterr()
        rejected = 30776 - accepted
        assert out.splitlines()[-1] == f"30776 rows: {accepted} accepted, {rejected} rejected"
        assert status == (0 if accepted == 30776 else 1)
        assert ("warning" in err) == (due_as == "auto")
        assert main(["report", str(path), "--due-as", due_as, "--format", "json"]) == 0
        _, err = capsys.readouterr()
        assert (f"{rejected} of 30776 rows rejected, {accepted} accepted" in err) == bool(rejected)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MidnightDueWarning)
            records, errors = read_ledger(path, due_as=due_as)  # type: ignore[arg-type]
        assert (len(records), len(errors)) == (accepted, rejected)


def test_report_ledger_settles_the_reading_over_the_whole_file(
    tmp_path: pathlib.Path, sample: list[str]
) -> None:
    text = "".join(_midnights(sample))
    path = tmp_path / "midnight.csv"
    path.write_text(text, encoding="utf-8")
    cal = vietnam()
    period = Period.parse("2020-H1")
    with pytest.warns(MidnightDueWarning) as caught:
        one = report_ledger(path, period, calendar=cal)
    assert len(caught) == 1
    assert (one.due_reading, one.due_midnights) == ("dates", 30317)
    # one clock-timed day deadline at the very end: the whole file is an instant column
    last = "Z-1,p,a,xã,f,online,0,2020-06-29T09:00:00,3 working_days,2020-07-02T17:00:00,,,,\n"
    path.write_text(text + last, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        single = report_ledger(path, period, calendar=cal)
    assert single.due_reading == "instants"
    assert len(single.errors) == 10554
    assert single.accepted + len(single.errors) == single.rows_read == one.rows_read + 1


OUT_OF_RANGE = (
    ("R1,p,a,xã,f,online,0,1800-01-02T09:00:00,,2020-03-05,,,,\n", "received_at"),
    ("R2,p,a,xã,f,online,0,1800-01-02T09:00:00+07:00,,2020-03-05,,,,\n", "received_at"),
    ("R3,p,a,xã,f,online,0,2020-03-02T09:00:00,,2300-03-05,,,,\n", "due_at"),
    ("R4,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2300-01-01T09:00:00,approved,,\n",
     "finished_at"),
    ("R5,p,a,xã,f,online,0,1800-01-02T09:00:00,3 working_days,,,,,\n", "received_at"),
)  # fmt: skip
GOOD = "G1,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-04T09:00:00,approved,,\n"


def test_out_of_range_dates_reject_their_row(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # many good rows first, so the block fast path meets the bad rows too
    goods = [GOOD.replace("G1", f"G{i}") for i in range(300)]
    lines = [HEADER, *goods, *(row for row, _ in OUT_OF_RANGE)]
    reader, records = _read(lines)
    assert len(records) == 300
    assert [(e.line, e.column) for e in reader.errors] == [
        (302 + i, column) for i, (_, column) in enumerate(OUT_OF_RANGE)
    ]
    assert all("outside the years the library supports" in e.reason for e in reader.errors)
    path = tmp_path / "range.csv"
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("line 302, column received_at: 1800-01-02T09:00:00 is outside")
    for period in ("2020-H1", "2020-03", "1800", "2300"):
        assert main(["report", str(path), "--period", period]) == 0
        err = capsys.readouterr().err
        assert "rejected line 302, column received_at" in err
        assert "5 of 305 rows rejected, 300 accepted" in err


def test_the_row_after_a_block_counts_in_the_reading() -> None:
    # a block of midnight rows, then a quoted row (read apart from the block) whose
    # day deadline has a clock time: the column holds instants
    rows = [
        f"B{i},p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,2020-03-05T00:00:00,,,,\n"
        for i in range(50)  # fewer than a block: the quoted row flushes it
    ]
    quoted = '"Q",p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,2020-03-05T17:00:00,,,,\n'
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reader, records = _read([HEADER, *rows, quoted])
    assert (reader.due_reading, reader.due_midnights, len(records)) == ("instants", 0, 51)


def test_xlsx_datetime_cells_at_midnight(tmp_path: pathlib.Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER.strip().split(","))
    received = dt.datetime(2020, 3, 2, 9, 0)
    due = dt.datetime(2020, 3, 5, 0, 0)  # a datetime cell shown with its time of day
    done = dt.datetime(2020, 3, 5, 10, 0)
    ws.append(["X", "p", "a", "xã", "f", "online", 0, received, "", due, done, "approved"])
    ws.cell(2, 10).number_format = "dd/mm/yyyy hh:mm"
    path = tmp_path / "l.xlsx"
    book.save(path)
    with pytest.warns(MidnightDueWarning):
        records, errors = read_ledger(path)
    assert errors == []
    assert str(records[0].due_date) == "2020-03-05"
    counts = report(records, Period.month(2020, 3)).total.counts
    assert (counts.resolved_on_time, counts.resolved_late) == (1, 0)
