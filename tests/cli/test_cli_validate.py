"""The ``lapvo-cchc validate`` command and the ledger options of ``report``."""

from __future__ import annotations

import gzip
import json
from typing import TYPE_CHECKING

from lapvo_cchc.cli import main

if TYPE_CHECKING:
    import pathlib

    import pytest

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)
GOOD = "D{n},p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
VI = (
    "Mã hồ sơ,Mã TTHC,Mã cơ quan,Cấp,Lĩnh vực,Kênh nộp,Ngày tiếp nhận,Hạn xử lý,"
    "Ngày trả kết quả,Kết quả xử lý\n"
    "H1,p,a,Cấp xã,Hộ tịch,Trực tuyến,02/03/2020 09:00,05/03/2020,04/03/2020 10:00,"
    "Đã giải quyết\n"
)


def write(tmp_path: pathlib.Path, text: str, name: str = "l.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_ledger_exits_0(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ledger without rejected rows prints only the summary and exits 0."""
    path = write(tmp_path, HEADER + GOOD.format(n=1) + GOOD.format(n=2))
    assert 0 == main(["validate", path])
    assert "2 rows: 2 accepted, 0 rejected\n" == capsys.readouterr().out


def test_rejected_rows_listed_and_exit_1(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every rejected row is printed (line, column, reason), then the summary; exit 1."""
    text = (
        HEADER
        + GOOD.format(n=1)
        + "D2,p,a,xã,f,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
        + GOOD.format(n=3)
        + GOOD.format(n=1)
        + "D4,p,a,xã,f,online,0,2020-02-30T09:00:00,,2020-03-05,,,,\n"
    )
    assert 1 == main(["validate", write(tmp_path, text)])
    lines = capsys.readouterr().out.splitlines()
    assert [
        (
            "line 3, column channel: expected in_person, online or postal (or trực tiếp, trực "
            "tuyến, bưu chính công ích), got 'fax'"
        ),
        "line 5, column dossier_code: duplicate dossier code 'D1' (first row kept)",
        "line 6, column received_at: expected an ISO 8601 instant, got '2020-02-30T09:00:00'",
        "5 rows: 2 accepted, 3 rejected",
    ] == lines


def test_usage_and_file_errors_exit_2(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file, missing columns or undecodable bytes: one stderr line, exit 2."""
    assert 2 == main(["validate", str(tmp_path / "nope.csv")])
    assert "cannot open" in capsys.readouterr().err
    assert 2 == main(["validate", write(tmp_path, "a,b\n1,2\n")])
    assert "missing column" in capsys.readouterr().err
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(HEADER.encode() + b"D1,p,a,x\xe3,f,online,0,2020-03-02T09:00:00,,"
                       b"2020-03-05,,,,\n")  # fmt: skip
    assert 2 == main(["validate", str(legacy)])
    captured = capsys.readouterr()
    assert f"{legacy}: not valid UTF-8 at byte {len(HEADER) + 8} (line 2)" in captured.err
    assert "--encoding cp1258" in captured.err
    assert 0 == main(["validate", str(legacy), "--encoding", "cp1258"])
    assert "1 rows: 1 accepted, 0 rejected\n" == capsys.readouterr().out


def test_vietnamese_profile_and_gzip(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--profile vi reads Vietnamese headers; errors name them; .gz files are read."""
    bad = "H2,p,a,Cấp xã,Hộ tịch,Trực tuyến,2020/03/02,05/03/2020,,\n"
    packed = tmp_path / "vi.csv.gz"
    packed.write_bytes(gzip.compress(("\ufeff" + VI + bad).encode("utf-8")))
    assert 1 == main(["validate", str(packed), "--profile", "vi"])
    reason = "expected a date dd/mm/yyyy [HH:MM[:SS]], got '2020/03/02'"
    assert [
        f"line 3, column Ngày tiếp nhận: {reason}",
        "2 rows: 1 accepted, 1 rejected",
    ] == capsys.readouterr().out.splitlines()


def test_empty_ledger(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A header without rows is valid: zero rows."""
    assert 0 == main(["validate", write(tmp_path, HEADER)])
    assert "0 rows: 0 accepted, 0 rejected\n" == capsys.readouterr().out


def test_report_with_vietnamese_profile(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --profile vi counts a Vietnamese export."""
    path = write(tmp_path, VI)
    assert 0 == main(["report", path, "--profile", "vi", "--period", "2020-03", "--format",
                      "json"])  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert 1 == doc["total"]["resolved_early"]
