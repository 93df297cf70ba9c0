"""The ``lapvo-cchc report`` command."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.cli import main

if TYPE_CHECKING:
    import pathlib

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)


def test_sample_report_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a ledger the bundled sample is reported and the first line says so."""
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Số liệu mẫu tổng hợp")
    assert "Tổng cộng" in out


def test_json_of_a_ledger(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ledger file is counted; bad rows go to stderr."""
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER
        + "D1,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-04T09:00:00,approved,,\n"
        + "D2,p,a,xã,f,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n",
        encoding="utf-8",
    )
    assert main(["report", str(ledger), "--period", "2020-03", "--format", "json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["total"]["resolved_early"] == 1
    assert "line 3, column channel" in captured.err


@pytest.mark.parametrize("fmt", ["text", "md", "csv", "html", "narrative"])
def test_formats_and_output(fmt: str, tmp_path: pathlib.Path) -> None:
    """Every text format writes to --output."""
    out = tmp_path / "out"
    args = ["report", "--by", "month", "--lang", "en", "--format", fmt, "--output", str(out)]
    assert main(args) == 0
    assert out.read_text(encoding="utf-8")


def test_missing_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing ledger file is a usage error."""
    assert main(["report", "/nonexistent/ledger.csv"]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_xlsx_matches_json(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Excel workbook holds the same totals as the JSON report (openpyxl reads it back)."""
    import openpyxl  # the [excel] extra, installed with [all] for the tests

    xlsx = tmp_path / "bieu06.xlsx"
    assert main(["report", "--format", "xlsx", "--output", str(xlsx)]) == 0
    assert main(["report", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("lapvo-cchc: Số liệu mẫu")  # the note keeps JSON clean
    total = json.loads(captured.out)["total"]
    sheet = openpyxl.load_workbook(xlsx).active
    # Biểu 06 layout: STT in column A, the group label in B, columns (3)-(15) from C.
    (totals,) = [
        [c.value for c in r] for r in sheet.iter_rows(min_row=9) if r[1].value == "Tổng cộng"
    ]
    assert totals[2:5] == [
        total["received_total"],
        total["received_online"],
        total["received_offline"],
    ]
    assert totals[6] == total["resolved_total"]


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs 0, negative or not a number is a usage error (argparse exits with 2)."""
    with pytest.raises(SystemExit) as exc:
        main(["report", "--jobs", jobs])
    assert exc.value.code == 2
    assert "--jobs" in capsys.readouterr().err
