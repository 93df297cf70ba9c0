"""Hostile ledger files end in a named error with line and column, never a raw exception.

Each file here crashed a reader or the command line before the fix (a raw
``_csv.Error``, ``IndexError``, ``ParseError``, ``BadGzipFile``, a bare
``ValueError``, a traceback and exit status 1), or was read wrongly (a lone-CR
export). The CLI must exit 1 (rows rejected) or 2 (file refused) with, for 2,
exactly one line on stderr.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import openpyxl
import pytest

from lapvo_cchc.adapters.ledger import LedgerError, LedgerLines, LedgerReader, open_ledger
from lapvo_cchc.adapters.ledger.events import EventsReader
from lapvo_cchc.cli import main
from lapvo_cchc.errors import DecodeError

if TYPE_CHECKING:
    import pathlib

HEAD = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at"
)
ROW = (
    "D{n},1.001193,xa-tan-my,xã,Hộ tịch,trực tuyến,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-04T10:00:00,approved,,"
)
EVENTS_HEAD = "dossier_code,at,event,procedure_code,agency_code,level,field,channel,time_limit"
EVENT = (
    "H56.14-200302-0001,2020-03-02T09:00,received,1.001193,H56.14,xã,{field},online,3 working_days"
)
BIG = "x" * 131_073


def _reader(data: bytes) -> LedgerReader:
    return LedgerReader(LedgerLines(io.BytesIO(data), name="t.csv"))


def test_lone_cr_line_ends_are_read_like_any_other() -> None:
    data = "\r".join([HEAD, ROW.format(n=1), ROW.format(n=2)]).encode() + b"\r"
    reader = _reader(data)
    assert ["D1", "D2"] == [r.code for r in reader]
    assert [] == reader.errors


def test_lone_cr_and_lf_files_give_the_same_records() -> None:
    lines = [HEAD, ROW.format(n=1), ROW.format(n=2), ROW.format(n=3)]
    by_cr = list(_reader("\r".join(lines).encode()))
    by_lf = list(_reader("\n".join(lines).encode()))
    assert by_lf == by_cr


def test_a_quoted_cr_stays_inside_its_field() -> None:
    row = ROW.format(n=1).replace("Hộ tịch", '"Hộ\rtịch"')
    reader = _reader("\r\n".join([HEAD, row]).encode())
    assert ["Hộ\rtịch"] != [r.field for r in reader]  # a control character in a label
    # a record over two lines is reported at its last line, as every multi-line record
    assert "line 3, column field: a control character in 'Hộ\\rtịch'" == str(reader.errors[0])


def test_a_cr_inside_a_line_splits_it_into_rejected_rows() -> None:
    bad = ROW.format(n=1).replace("Hộ tịch", "Hộ\rtịch")
    reader = _reader("\n".join([HEAD, bad, ROW.format(n=2)]).encode() + b"\n")
    assert ["D2"] == [r.code for r in reader]
    assert [(2, "(row)"), (3, "(row)")] == [(e.line, e.column) for e in reader.errors]
    assert reader.rows_read == reader.accepted + len(reader.errors)


def test_a_bare_cr_in_an_unquoted_field_of_a_text_source_is_a_row_error() -> None:
    bad = ROW.format(n=1).replace("Hộ tịch", "Hộ\rtịch")
    reader = LedgerReader([HEAD + "\n", bad + "\n", ROW.format(n=2) + "\n"])
    assert ["D2"] == [r.code for r in reader]
    assert "line 2, column field: a carriage return or line feed inside an unquoted field" in str(
        reader.errors[0]
    )


@pytest.mark.parametrize("header_field", [BIG, f'"{BIG}"'])
def test_a_header_field_over_the_csv_limit_is_a_ledger_error(header_field: str) -> None:
    data = f"{HEAD},{header_field}\n{ROW.format(n=1)},\n".encode()
    with pytest.raises(LedgerError, match="line 1, field 15 \\(header\\): a field longer than"):
        list(_reader(data))


def test_a_quoted_field_over_the_csv_limit_rejects_its_row_only() -> None:
    bad = ROW.format(n=1).replace("Hộ tịch", f'"{BIG}"')
    reader = _reader("\n".join([HEAD, bad, ROW.format(n=2)]).encode())
    assert ["D2"] == [r.code for r in reader]
    assert "line 2, column field: a field longer than 131,072 characters" == str(reader.errors[0])


def test_events_ledger_big_field_and_control_character() -> None:
    rows = [EVENTS_HEAD, EVENT.format(field=f'"{BIG}"'), EVENT.format(field="a\x00b")]
    reader = EventsReader(LedgerLines(io.BytesIO("\n".join(rows).encode()), name="e.csv"))
    assert [] == list(reader)
    assert [(2, "field"), (3, "field")] == [(e.line, e.column) for e in reader.errors[:2]]
    with pytest.raises(LedgerError, match="events line 1, field 10"):
        list(EventsReader(io.StringIO(f"{EVENTS_HEAD},{BIG}\n")))


def test_an_unknown_encoding_is_a_named_error() -> None:
    with pytest.raises(DecodeError, match="encoding: expected one of utf-8, cp1258, got 'latin-1'"):
        LedgerLines(io.BytesIO(b""), name="x", encoding="latin-1")


def _xlsx(tmp_path: pathlib.Path, damage: str) -> pathlib.Path:
    wb = openpyxl.Workbook()
    wb.active.append(HEAD.split(","))
    wb.active.append(ROW.format(n=1).split(","))
    good = io.BytesIO()
    wb.save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if damage == "sheet" and item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]  # cut in the middle of the XML
            if damage == "no sheet" and item.filename == "xl/workbook.xml":
                body = body.replace(b'<sheet name="Sheet" sheetId="1"', b'<sheetX name="S"')
            dst.writestr(item, body)
    path = tmp_path / f"{damage.replace(' ', '_')}.xlsx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("damage", ["sheet", "no sheet"])
def test_a_damaged_workbook_is_a_decode_error(tmp_path: pathlib.Path, damage: str) -> None:
    path = _xlsx(tmp_path, damage)
    with pytest.raises(DecodeError), open_ledger(path) as lines:
        list(LedgerReader(lines))


def test_a_damaged_gzip_is_a_decode_error(tmp_path: pathlib.Path) -> None:
    whole = gzip.compress(("\n".join([HEAD, *(ROW.format(n=n) for n in range(200))])).encode())
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    junk = tmp_path / "junk.csv.gz"
    junk.write_bytes(b"not gzip at all\n")
    for path in (cut, junk):
        with pytest.raises(DecodeError, match="cannot be read after line"), open_ledger(path) as f:
            list(LedgerReader(f))


# -- the command line -----------------------------------------------------------------------


def _hostile_files(tmp_path: pathlib.Path) -> dict[str, pathlib.Path]:
    files = {
        "lone_cr.csv": "\r".join([HEAD, ROW.format(n=1)]).encode(),
        "cr_in_line.csv": "\n".join([HEAD, ROW.format(n=1).replace("Hộ tịch", "a\rb")]).encode(),
        "big_header.csv": f"{HEAD},{BIG}\n".encode(),
        "big_quoted.csv": (HEAD + "\n" + ROW.format(n=1).replace("Hộ tịch", f'"{BIG}"')).encode(),
        "nul.csv": (HEAD + "\n" + ROW.format(n=1).replace("Hộ tịch", "a\x00b")).encode(),
        "escape.csv": (HEAD + "\n" + ROW.format(n=1).replace("xã", "x\x1b[2J")).encode(),
        "utf16.csv": HEAD.encode("utf-16"),
        "latin1.csv": f"{HEAD}\n{ROW.format(n=1)}\n".encode().replace(b"\xc3\xa3", b"\xe3"),
        "junk.csv.gz": b"\x1f\x8b not really gzip",
        "empty.csv": b"",
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    paths["sheet.xlsx"] = _xlsx(tmp_path, "sheet")
    paths["no_sheet.xlsx"] = _xlsx(tmp_path, "no sheet")
    return paths


def test_cli_on_hostile_files_exits_1_or_2_with_one_line(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statuses = {}
    for name, path in _hostile_files(tmp_path).items():
        for argv in (
            ["validate", str(path)],
            ["report", str(path)],
            ["report", "--events", str(path)],
        ):
            status = main(argv)
            out, err = capsys.readouterr()
            statuses[name, argv[-2]] = status
            assert status in (0, 1, 2), (name, argv)
            if status == 2:
                assert 1 == len(err.splitlines()), (name, argv, err)
                assert err.startswith("lapvo-cchc: error: ")
            if argv[0] == "validate":
                assert status == 0 if name == "lone_cr.csv" else status in (1, 2), (name, out)
            for text in (out, err):
                assert "Traceback" not in text
                assert not any(c in text for c in "\x00\x1b\r"), (name, argv)
    assert 2 == statuses["big_header.csv", "validate"]
    assert 1 == statuses["big_quoted.csv", "validate"]
    assert 2 == statuses["sheet.xlsx", "validate"]


def test_a_real_process_prints_one_line_and_no_traceback(tmp_path: pathlib.Path) -> None:
    path = _hostile_files(tmp_path)["big_header.csv"]
    done = subprocess.run(
        [sys.executable, "-m", "lapvo_cchc", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 2 == done.returncode
    expected = "lapvo-cchc: error: ledger line 1, field 15 (header): a field longer than 131,072"
    assert [expected + " characters"] == done.stderr.splitlines()


def test_an_unquoted_field_over_the_csv_limit_is_refused_like_a_quoted_one() -> None:
    bad = ROW.format(n=1).replace("Hộ tịch", BIG)
    reader = _reader("\n".join([HEAD, bad, ROW.format(n=2)]).encode())
    assert ["D2"] == [r.code for r in reader]
    assert "line 2, column field: a field longer than 131,072 characters" == str(reader.errors[0])


@pytest.mark.parametrize(
    "cell", ["a\x00b", "x\x1b[2J", f'"{BIG}"', BIG], ids=["nul", "escape", "quoted", "long"]
)
def test_the_duckdb_engine_agrees_with_the_row_reader(tmp_path: pathlib.Path, cell: str) -> None:
    from lapvo_cchc.adapters.ledger import report_ledger
    from lapvo_cchc.engines import run_report
    from lapvo_cchc.kpi import Period

    path = tmp_path / "l.csv"
    rows = [HEAD, ROW.format(n=1).replace("Hộ tịch", cell), ROW.format(n=2)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    by_rows = report_ledger(path, Period.parse("2020"), by="field")
    by_columns = run_report(path, period=Period.parse("2020"), by="field", engine="duckdb")
    assert (2, 1) == (by_rows.rows_read, by_rows.accepted)
    assert (by_rows.rows_read, by_rows.accepted) == (by_columns.rows_read, by_columns.accepted)
    assert ["Hộ tịch"] == [row.label for row in by_columns.report.rows]
