"""Excel ledgers: the same rows as a CSV ledger give the same records, errors and report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from typing import TYPE_CHECKING

import openpyxl
import pytest

from lapvo_cchc.adapters.ledger import read_ledger
from lapvo_cchc.cli import main
from lapvo_cchc.errors import DecodeError, MissingExtraError

if TYPE_CHECKING:
    import pathlib

CSV = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
    "D1,1.001193,x1,Cấp xã,Hộ tịch,trực tuyến,1,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-04T10:00:00,approved,,\n"
    "D2,1.001612,x1,Cấp xã,Hộ kinh doanh,in_person,0,2020-03-02T14:30:00,3 working_days,,,,,\n"
    "D3,1.001612,x1,Cấp xã,Hộ kinh doanh,fax,0,2020-03-02T14:30:00,3 working_days,,,,,\n"
)


def _typed(text: str) -> object:
    """A cell as Excel would hold it: datetimes and numbers typed, the rest text."""
    if len(text) == 19 and text[4] == "-" and text[10] == "T":
        return dt.datetime.fromisoformat(text)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return dt.date.fromisoformat(text)
    if text.isdigit():
        return int(text)
    return text or None


def _write_both(tmp_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    csv_path = tmp_path / "l.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    xlsx_path = tmp_path / "l.xlsx"
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(CSV)):
        book.active.append([_typed(cell) for cell in row])
    book.save(xlsx_path)
    return csv_path, xlsx_path


def test_xlsx_reads_like_csv(tmp_path: pathlib.Path) -> None:
    """Typed Excel cells (datetimes, dates, numbers) give the records and row errors of the CSV."""
    csv_path, xlsx_path = _write_both(tmp_path)
    from_csv, csv_errors = read_ledger(csv_path)
    from_xlsx, xlsx_errors = read_ledger(xlsx_path)
    assert [r.code for r in from_csv] == ["D1", "D2"]
    assert from_csv == from_xlsx
    # D3's unknown channel: line 4 (row 4 of the sheet), column channel, in both.
    assert [(e.line, e.column) for e in csv_errors] == [(4, "channel")]
    assert [(e.line, e.column, e.reason) for e in xlsx_errors] == [
        (e.line, e.column, e.reason) for e in csv_errors
    ]


def test_validate_an_xlsx_ledger(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lapvo-cchc validate` reads .xlsx: the bad row and the summary line, exit status 1."""
    _, xlsx_path = _write_both(tmp_path)
    assert main(["validate", str(xlsx_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "3 rows: 2 accepted, 1 rejected"
    assert out[0].startswith("line 4, column channel:")


def test_not_a_workbook(tmp_path: pathlib.Path) -> None:
    """A file named .xlsx that is not a workbook is a DecodeError naming the file."""
    bad = tmp_path / "bad.xlsx"
    bad.write_text("dossier_code\nD1\n", encoding="utf-8")
    with pytest.raises(DecodeError, match=r"bad\.xlsx: not a readable \.xlsx workbook"):
        read_ledger(bad)


def test_missing_extra(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without openpyxl the error names the extra to install."""
    _, xlsx_path = _write_both(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"lapvo-cchc\[excel\]"):
        read_ledger(xlsx_path)
