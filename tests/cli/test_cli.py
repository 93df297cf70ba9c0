"""The lapvo-cchc command: calendar and lunar sub-commands, and their errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from lapvo_cchc.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_lunar_solar_to_lunar(capsys: pytest.CaptureFixture[str]) -> None:
    """Tết 2026 (17 February) is 1/1 of the lunar year Bính Ngọ."""
    status, out, _ = run(capsys, "lunar", "2026-02-17")
    assert status == 0
    assert out.strip() == "2026-02-17 = 01/01/2026 âm lịch (năm Bính Ngọ)"


def test_lunar_to_solar(capsys: pytest.CaptureFixture[str]) -> None:
    """Giỗ Tổ 2026 (10/3 lunar) is Sunday 26 April 2026 (docs/design/rules.md#lunar-calendar)."""
    status, out, _ = run(capsys, "lunar", "--to-solar", "2026-03-10")
    assert status == 0
    assert out.strip().endswith("= 2026-04-26")


def test_lunar_leap_month(capsys: pytest.CaptureFixture[str]) -> None:
    """Lunar 2025 has a leap 6th month; its first day is 25 July 2025."""
    status, out, _ = run(capsys, "lunar", "--to-solar", "--leap", "2025-06-01")
    assert status == 0
    assert out.strip().endswith("= 2025-07-25")


@pytest.mark.parametrize(
    "argv",
    [
        ["lunar", "2026-13-01"],
        ["lunar", "yesterday"],
        ["lunar", "--to-solar", "2026-02-30"],
        ["lunar", "--to-solar", "--leap", "2026-06-01"],
        ["lunar", "1850-01-01"],
        ["calendar", "twenty"],
        ["calendar", "1700"],
    ],
)
def test_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A bad date or year prints exactly one error line and exits with status 2."""
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("lapvo-cchc: error: ")


def test_calendar_text_2026(capsys: pytest.CaptureFixture[str]) -> None:
    """The 2026 listing shows Tết, the 2 January swap and the 10 January make-up Saturday."""
    status, out, _ = run(capsys, "calendar", "2026")
    assert status == 0
    assert out.splitlines()[0] == "Lịch nghỉ của cơ quan nhà nước năm 2026"
    assert "TẠM TÍNH" not in out
    dates = [line[:10] for line in out.splitlines()[1:]]
    assert "2026-02-17" in dates
    assert "2026-01-02" in dates
    assert "2026-01-10" in dates
    assert dates == sorted(dates)


def test_calendar_csv_en_2024(capsys: pytest.CaptureFixture[str]) -> None:
    """The 2024 CSV lists the 29 April swapped day off and the 4 May make-up day.

    Source: Công văn 2450/VPCP-KGVX (12/4/2024).
    """
    status, out, _ = run(capsys, "calendar", "2024", "--lang", "en", "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_date = {row["date"]: row for row in rows}
    assert by_date["2024-04-29"]["kind"] == "Swapped day off"
    assert by_date["2024-05-04"]["kind"] == "Make-up working day"
    assert by_date["2024-05-04"]["weekday"] == "Saturday"


def test_calendar_json_provisional_year(capsys: pytest.CaptureFixture[str]) -> None:
    """2027 has no official schedule: the JSON says provisional and still lists 1 January."""
    status, out, _ = run(capsys, "calendar", "2027", "--format", "json")
    assert status == 0
    doc = json.loads(out)
    assert doc["year"] == 2027
    assert doc["provisional"] is True
    assert "2027-01-01" in [day["date"] for day in doc["days"]]


def test_calendar_ics(capsys: pytest.CaptureFixture[str]) -> None:
    """The iCalendar output is a VCALENDAR with one all-day event per listed day."""
    status, out, _ = run(capsys, "calendar", "2026", "--format", "ics")
    assert status == 0
    lines = out.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20260217" in lines
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)


def test_console_script_runs_as_module() -> None:
    """`python -m lapvo_cchc` is the same command (a real subprocess, exit status 0)."""
    result = subprocess.run(
        [sys.executable, "-m", "lapvo_cchc", "lunar", "2030-02-02"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0
    # Vietnam's Tết 2030 is 2 February (China's is 3 February): docs/design/rules.md#lunar-calendar.
    assert "01/01/2030" in result.stdout
