"""Progress of long reads (tqdm): the bar, the log lines, the row totals and the CLI's use."""

from __future__ import annotations

import csv
import gzip
import importlib.resources as res
import importlib.util
import io
import logging
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import read_ledger, report_ledger
from lapvo_cchc.adapters.progress import (
    LOGGER_NAME,
    ProgressBar,
    count_rows,
    file_progress,
    resolve_mode,
)
from lapvo_cchc.cli import main
from lapvo_cchc.errors import MissingExtraError
from lapvo_cchc.kpi import Period

if TYPE_CHECKING:
    import pathlib

pytest.importorskip("tqdm")

SAMPLE = res.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")


def _csv_rows(text: str) -> int:
    """Data rows by the csv module (a second count, quoted line breaks understood)."""
    return sum(1 for _ in csv.reader(io.StringIO(text))) - 1


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n3,4\n",
        "a,b\n1,2\n3,4",  # no line end after the last row
        "a,b\n",
        "a,b\r\n1,2\r\n",
    ],
)
def test_count_rows_agrees_with_csv_module(text: str, tmp_path: pathlib.Path) -> None:
    plain = tmp_path / "l.csv"
    plain.write_bytes(text.encode())
    packed = tmp_path / "l.csv.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    assert _csv_rows(text) == count_rows(plain) == count_rows(packed)


def test_count_rows_of_the_sample_is_its_rows_read() -> None:
    """The bundled sample: line ends counted == rows the ledger reader reads (30,776)."""
    with res.as_file(SAMPLE) as path:
        out = report_ledger(path, Period.parse("2020-H1"))
        assert count_rows(path) == out.rows_read == 30_776


def test_resolve_mode() -> None:
    assert resolve_mode("auto", io.StringIO()) == "log"  # not a terminal
    assert resolve_mode("bar", io.StringIO()) == "bar"
    assert resolve_mode("off") == "off"
    with pytest.raises(ValueError, match="progress mode: expected one of"):
        resolve_mode("loud")  # type: ignore[arg-type]


def test_without_tqdm_auto_is_off_and_explicit_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "tqdm" else real(name, *a)
    )
    assert resolve_mode("auto") == "off"
    with pytest.raises(MissingExtraError, match=r"lapvo-cchc\[progress\]"):
        resolve_mode("bar")
    bar = ProgressBar(10, mode="auto")
    for _ in range(10):
        bar()
    bar.close()
    assert (bar.mode, bar.count) == ("off", 10)


def test_bar_shows_rows_percent_rate_and_eta() -> None:
    stream = io.StringIO()
    with ProgressBar(2000, desc="Reading", mode="bar", stream=stream) as bar:
        for _ in range(1000):
            bar()
        bar.update(1000)
    text = stream.getvalue()
    last = text.rstrip().split("\r")[-1]
    assert last.startswith("Reading: 100%")
    assert "2.00k/2.00k" in last
    assert "rows/s" in last
    assert "<00:00" in last  # the time-left field: nothing left


def test_log_lines_name_rows_percent_and_rate(caplog: pytest.LogCaptureFixture) -> None:
    """With a zero interval every update is a log line (no clock is asserted)."""
    with caplog.at_level(logging.INFO, logger=LOGGER_NAME):
        bar = ProgressBar(1024, desc="ledger.csv", mode="log", log_interval=0, step=512)
        for _ in range(1024):
            bar()
        bar.close()
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert lines[0].startswith("ledger.csv: 0/1024 rows (0%)")
    assert lines[-1].startswith("ledger.csv: 1024/1024 rows (100%), ")
    assert "rows/s" in lines[-1]
    assert "ETA 00:00" in lines[-1]


def test_a_short_job_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """Under the log interval nothing is written: short runs stay quiet in logs."""
    with (
        caplog.at_level(logging.INFO, logger=LOGGER_NAME),
        ProgressBar(3, mode="log", log_interval=3600) as bar,
    ):
        for _ in range(3):
            bar()
    assert [r for r in caplog.records if r.name == LOGGER_NAME] == []


def test_read_ledger_counts_every_row_read(tmp_path: pathlib.Path) -> None:
    """A rejected row moves the bar too: the count ends at rows read, not rows accepted."""
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        "dossier_code,procedure_code,agency_code,channel,received_at,due_at\n"
        "D1,p,a,online,2020-03-02 09:00:00,2020-03-05\n"
        "D2,p,a,fax,2020-03-02 09:00:00,2020-03-05\n",
        encoding="utf-8",
    )
    bar = file_progress(ledger, "bar")
    assert bar is not None
    bar.close()
    records, errors = read_ledger(ledger, progress="bar")
    assert (len(records), len(errors)) == (1, 1)


def test_read_ledger_progress_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with res.as_file(SAMPLE) as path:
        records, _ = read_ledger(path, progress="bar")
    err = capsys.readouterr().err.split("\r")[-1]
    assert len(records) == 30_776
    assert "sample_ledger.csv.gz: 100%" in err
    assert "30.8k/30.8k" in err


def test_report_ledger_moves_the_bar_to_every_row(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bar ends at every row of the file, the rejected ones too."""
    with res.as_file(SAMPLE) as path, gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    ledger = tmp_path / "sample.csv"
    ledger.write_text(text, encoding="utf-8")
    out = report_ledger(ledger, Period.parse("2020-H1"), progress="bar")
    err = capsys.readouterr().err.split("\r")[-1]
    assert out.rows_read == 30_776
    assert "sample.csv: 100%" in err
    assert "30.8k/30.8k" in err


def test_cli_has_no_hand_written_counter() -> None:
    import lapvo_cchc.cli.report as cli_report

    assert not hasattr(cli_report, "_Progress")


def test_cli_report_progress_bar_and_quiet_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--progress bar`` draws tqdm's bar on stderr; ``auto`` off a terminal logs a short run
    not at all, so stderr holds only the sample note."""
    assert main(["report", "--format", "csv", "--progress", "bar"]) == 0
    err = capsys.readouterr().err
    assert "sample_ledger.csv.gz: 100%" in err
    assert main(["report", "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("lapvo-cchc: Số liệu mẫu")  # the sample note, and no progress line
    assert "rows/s" not in err
