"""The flat CSV ledger adapter: accepted rows, rejected rows reported row by row."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import LedgerError, LedgerReader, RowError, read_ledger
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import DecodeError
from lapvo_cchc.kpi._records import FinishKind

if TYPE_CHECKING:
    import pathlib

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)
GOOD = "D1,1.001193,x1,Cấp xã,Hộ tịch,trực tuyến,có,2020-03-02T09:00:00,,2020-03-05,,,,\n"


def read(text: str) -> LedgerReader:
    reader = LedgerReader(io.StringIO(text))
    list(reader)
    return reader


def test_broken_rows_reported_row_by_row() -> None:
    """Bad dates, unknown channel, finish before receipt and duplicates: line, column, reason."""
    text = (
        HEADER
        + GOOD
        + (
            "D2,p,a,xã,f,in_person,0,2020-02-30T09:00:00,,2020-03-05,,,,\n"
            "D3,p,a,xã,f,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
            "D4,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-01T09:00:00,approved,,\n"
            "D1,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
            "D5,p,a,xã,f,online,0,2020-03-02T09:00:00,,,,,,\n"
            "D6,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-03T09:00:00,lost,,\n"
            "D7,p,a,xã,f,online,0,2020-03-02T09:00:00,10 fortnights,,,,,\n"
            "D8,p,a,xã,f,postal,0,2020-03-02T09:00:00,,2020-03-05,,,2020-03-03T09:00:00,"
            "2020-03-02T10:00:00\n"
        )
    )
    reader = read(text)
    assert [(e.line, e.column) for e in reader.errors] == [
        (3, "received_at"),
        (4, "channel"),
        (5, "finished_at"),
        (6, "dossier_code"),
        (7, "due_at"),
        (8, "finish_kind"),
        (9, "time_limit"),
        (10, "supplement_supplied_at"),  # supplied before it was requested
    ]
    assert "duplicate dossier code 'D1'" in reader.errors[3].reason
    assert reader.accepted + len(reader.errors) == reader.rows_read == 9


def test_good_row_fields() -> None:
    """Vietnamese words are accepted; naive instants are Vietnam time."""
    (r,) = list(LedgerReader(io.StringIO(HEADER + GOOD)))
    assert (r.level, r.channel, r.assisted) == ("commune", Channel.ONLINE, True)
    assert r.received_at.isoformat() == "2020-03-02T09:00:00+07:00"
    assert r.due_date == dt.date(2020, 3, 5)
    assert r.due_at.isoformat() == "2020-03-06T00:00:00+07:00"


def test_time_limit_computes_due_date() -> None:
    """Without due_at, the deadline comes from the time limit and the Vietnam calendar."""
    text = HEADER + (
        "D1,p,a,xã,f,in_person,0,2020-01-21T10:00:00,3 working_days,,2020-01-31T16:00:00,"
        "approved,,\n"
        "D2,p,a,xã,f,in_person,0,2020-03-02T09:00:00,3 working_days,,,,"
        "2020-03-03T09:00:00,2020-03-05T09:00:00\n"
        "D3,p,a,xã,f,in_person,0,2020-03-02T16:00:00,same_day 15:00,,,,,\n"
    )
    d1, d2, d3 = list(LedgerReader(io.StringIO(text)))
    assert d1.due_date == dt.date(2020, 1, 31)  # Tết 2020 is skipped
    assert d1.finish is FinishKind.APPROVED
    assert (d2.due_date, d2.promised_at.date()) == (dt.date(2020, 3, 9), dt.date(2020, 3, 6))
    assert d2.supplement_time == dt.timedelta(days=2)
    assert d3.due_date == dt.date(2020, 3, 3)  # after the 15:00 cut-off


def test_offsets_and_naive_refused() -> None:
    """An explicit offset is honoured; naive instants can be refused."""
    text = HEADER + "D1,p,a,xã,f,online,0,2020-03-02T02:00:00+00:00,,2020-03-05,,,,\n"
    (r,) = list(LedgerReader(io.StringIO(text)))
    assert r.received_at.hour == 9
    strict = LedgerReader(io.StringIO(HEADER + GOOD), naive_is_vietnam=False)
    assert list(strict) == []
    assert strict.errors[0].column == "received_at"


def test_missing_columns_and_empty_file() -> None:
    """A file without the required columns is a LedgerError (a DecodeError)."""
    with pytest.raises(LedgerError, match="missing column"):
        list(LedgerReader(io.StringIO("a,b\n1,2\n")))
    with pytest.raises(DecodeError):
        list(LedgerReader(io.StringIO("")))


def test_read_ledger_bom_gzip_and_strict(tmp_path: pathlib.Path) -> None:
    """UTF-8 with a BOM and gzip files read; strict mode raises with every row error."""
    plain = tmp_path / "l.csv"
    plain.write_text("\ufeff" + HEADER + GOOD, encoding="utf-8")
    records, errors = read_ledger(plain)
    assert (len(records), errors) == (1, [])
    packed = tmp_path / "l.csv.gz"
    packed.write_bytes(gzip.compress((HEADER + GOOD + GOOD).encode("utf-8")))
    records, errors = read_ledger(packed)
    assert (len(records), len(errors)) == (1, 1)
    with pytest.raises(LedgerError) as info:
        read_ledger(packed, strict=True)
    assert info.value.errors == (errors[0],)
    assert isinstance(errors[0], RowError)


def test_bundled_sample_reads_cleanly() -> None:
    """The bundled sample ledger has tens of thousands of rows and no rejected row."""
    from importlib import resources

    source = resources.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")
    with resources.as_file(source) as path:
        records, errors = read_ledger(path)
    assert errors == []
    assert len(records) > 20_000
    assert {r.agency for r in records} >= {"875", "30169", "30205"}
    assert len({r.agency for r in records}) == 14


def test_short_and_long_rows_are_rejected_not_padded() -> None:
    """A row with fewer or more fields than the header is reported, never padded or cut."""
    text = (
        HEADER
        + GOOD
        + "D2,1.001193,x1,Cấp xã,Hộ tịch,trực tuyến,có,2020-03-02T09:00:00,,2020-03-05\n"
        + "D3,1.001193,x1,Cấp xã,Hộ tịch,trực tuyến,có,2020-03-02T09:00:00,,2020-03-05,,,,,x\n"
    )
    reader = read(text)
    assert [(e.line, e.column) for e in reader.errors] == [(3, "(row)"), (4, "(row)")]
    assert "expected 14 fields as in the header, got 10" in reader.errors[0].reason
    assert "got 15" in reader.errors[1].reason
    assert reader.accepted == 1
    assert reader.accepted + len(reader.errors) == reader.rows_read == 3
