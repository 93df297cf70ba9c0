"""``lapvo-cchc due``: the clerk's question "when is this due, and is it late?".

Expected dates are counted by hand on the official 2026 schedule: Tết 2026 is
Mon 16 - Fri 20 February (Thông báo 9441/TB-BNV, 16/10/2025), so with the
weekends Sat 14 - Sun 22 February is off. From Thu 12 February, working days
are 13/2 (1), 23-27/2 (2-6), 2-5/3 (7-10), 6/3 (11), 9/3 (12), 10/3 (13).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from lapvo_cchc.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def as_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = run(capsys, "due", *argv, "--format", "json")
    assert (0, "") == (status, err)
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_ten_working_days_over_tet(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example: received Thu 12/2/2026 09:30, 10 working days → Thu 5/3/2026."""
    status, out, err = run(capsys, "due", "2026-02-12T09:30", "10 working_days")
    assert (0, "") == (status, err)
    assert "05/03/2026 (Thứ Năm), hết 24:00  [2026-03-06T00:00:00+07:00]" in out
    assert "Bộ luật Dân sự 2015 Điều 147, 148" in out  # the rule that produced it
    assert "ND118/2025" in out  # received after 1/7/2025: Decree 118/2025
    for day in ("16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026"):
        assert day in out  # the days off skipped


def test_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON gives the due date, the instant (24:00 of the due date) and the regime."""
    doc = as_json(capsys, "2026-02-12T09:30", "10 working_days")
    assert "2026-03-05" == doc["due_date"]
    assert "2026-03-06T00:00:00+07:00" == doc["due_at"]
    assert "2026-02-12T09:30:00+07:00" == doc["received_at"]
    assert "ND118/2025" == doc["regime"]["name"]
    assert ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"] == [
        d["date"] for d in doc["days_off"]
    ]
    assert [] == doc["provisional_years"]
    assert "outcome" not in doc


@pytest.mark.parametrize(
    "limit", ["10 working_days", "10 ngày làm việc", "10  Ngày làm việc", "10 working_day"]
)
def test_vietnamese_and_ledger_words_agree(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    """The ledger's words and the Vietnamese wording give the same deadline."""
    assert "2026-03-05" == as_json(capsys, "2026-02-12T09:30", limit)["due_date"]


@pytest.mark.parametrize(
    ("received", "limit", "due_date", "due_at"),
    [
        # Thu 12/2 + 15 calendar days = Fri 27/2, a working day.
        ("2026-02-12T09:30", "15 ngày", "2026-02-27", "2026-02-28T00:00:00+07:00"),
        # Thu 12/2 + 3 calendar days = Sun 15/2, off until Mon 23/2.
        ("2026-02-12T09:30", "3 calendar_days", "2026-02-23", "2026-02-24T00:00:00+07:00"),
        # 8 working hours from Thu 09:30: 2 h to 11:30, 3.5 h to 17:00, 2.5 h Fri from 07:00.
        ("2026-02-12T09:30", "8 giờ làm việc", "2026-02-13", "2026-02-13T09:30:00+07:00"),
        # Received on Sat 14/2 (off), same day: the next working day, Mon 23/2.
        ("2026-02-14T09:00", "trong ngày", "2026-02-23", "2026-02-24T00:00:00+07:00"),
        # Received Thu 16:00 with a 15:00 cut-off: Fri 13/2.
        ("2026-02-12T16:00", "same_day 15:00", "2026-02-13", "2026-02-14T00:00:00+07:00"),
    ],
)
def test_every_unit(
    capsys: pytest.CaptureFixture[str], received: str, limit: str, due_date: str, due_at: str
) -> None:
    """Calendar days, working hours and same-day limits, in both vocabularies."""
    doc = as_json(capsys, received, limit)
    assert (due_date, due_at) == (doc["due_date"], doc["due_at"])


@pytest.mark.parametrize(
    "received", ["2026-02-12T09:30", "2026-02-12 09:30", "12/02/2026 09:30", "2026-02-12T02:30Z"]
)
def test_naive_means_vietnam_time(capsys: pytest.CaptureFixture[str], received: str) -> None:
    """A naive instant is UTC+7: 09:30 there is 02:30 UTC."""
    assert "2026-02-12T09:30:00+07:00" == as_json(capsys, received, "1 working_days")["received_at"]


@pytest.mark.parametrize(
    ("flag", "at", "code", "past_due"),
    [
        ("--finished", "2026-03-03T16:00", "EARLY", (-2, -2)),  # 3/3 and 4/3 before 5/3
        ("--finished", "2026-03-05T16:45", "ON_TIME", (0, 0)),
        ("--finished", "2026-03-06T00:00", "ON_TIME", (1, 1)),  # 24:00 of the due date
        ("--finished", "2026-03-09T10:00", "LATE", (2, 4)),  # 6/3 and 9/3 late
        ("--as-of", "2026-03-02T08:00", "IN_PROGRESS", (-3, -3)),  # 2/3, 3/3, 4/3 before 5/3
        ("--as-of", "2026-03-10T08:00", "OVERDUE", (3, 5)),  # 6/3, 9/3, 10/3
    ],
)
def test_outcome_and_past_due(
    capsys: pytest.CaptureFixture[str], flag: str, at: str, code: str, past_due: tuple[int, int]
) -> None:
    """Early / on time / late / in progress / overdue, and by how many working days.

    ``past_due`` is measured as ``POST /deadline`` does: from the due date to AT's date,
    the working days stepped on walking from one to the other; negative before it.
    """
    doc = as_json(capsys, "2026-02-12T09:30", "10 working_days", flag, at)
    outcome = doc["outcome"]
    assert code == outcome["code"]
    days = outcome["past_due"]
    assert past_due == (days["working_days"], days["calendar_days"])


def test_outcome_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The text names the outcome and the margin in the chosen language."""
    _, vi, _ = run(
        capsys, "due", "2026-02-12T09:30", "10 working_days", "--finished", "09/03/2026 10:00"
    )
    assert "quá hạn, trễ 2 ngày làm việc (4 ngày lịch)" in vi
    _, en, _ = run(
        capsys, "due", "2026-02-12T09:30", "10 working_days", "--as-of", "2026-03-02T08:00",
        "--lang", "en",
    )  # fmt: skip
    assert "in progress, within the limit, 3 working days (3 calendar days) left" in en
    assert "Lunar New Year" in en


def test_pause_moves_the_due_date(capsys: pytest.CaptureFixture[str]) -> None:
    """A supplement requested 13/2 (day 1 used) and supplied 24/2: 9 days from 25/2 → 9/3."""
    doc = as_json(
        capsys, "2026-02-12T09:30", "10 working_days", "--pause", "2026-02-13 10:00",
        "24/02/2026 08:00",
    )  # fmt: skip
    assert "2026-03-09" == doc["due_date"]
    assert [["2026-02-13T10:00:00+07:00", "2026-02-24T08:00:00+07:00"]] == doc["pauses"]


def test_procedure_gives_its_limit_and_cutoff(capsys: pytest.CaptureFixture[str]) -> None:
    """Procedure 2.000908 (same day, after 15:00 the next working day) received Thu 16:00."""
    doc = as_json(capsys, "2026-02-12T16:00", "--procedure", "2.000908")
    assert "2.000908" == doc["procedure"]["code"]
    assert "2026-02-13" == doc["due_date"]


def test_provisional_year_is_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    """2027 has no official schedule: the answer says so, without a Python warning."""
    doc = as_json(capsys, "2027-03-01T09:00", "5 working_days")
    assert [2027] == doc["provisional_years"]
    assert "2027-03-08" == doc["due_date"]  # Tue 2 ... Mon 8 March, no holiday
    _, out, _ = run(capsys, "due", "2027-03-01T09:00", "5 working_days")
    assert "TẠM TÍNH" in out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["2026-02-12", "10 working_days"], "RECEIVED"),  # the time matters: refused
        (["2026-02-30T09:00", "10 working_days"], "RECEIVED"),
        (["2026-02-12T09:30", "10 days"], "LIMIT"),
        (["2026-02-12T09:30"], "LIMIT"),
        (["2026-02-12T09:30", "2 working_days", "--finished", "yesterday"], "--finished"),
        (["2026-02-12T09:30", "--procedure", "9.999999"], "9.999999"),
        (["2026-02-12T09:30", "2 working_days", "--as-of", "2026-02-12T09:00"], "--as-of"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    """A bad argument is one line on stderr naming it, exit status 2."""
    status, out, err = run(capsys, "due", *argv)
    assert (2, "") == (status, out)
    assert 1 == len(err.strip().splitlines())
    assert named in err


def test_finished_and_as_of_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    """--finished and --as-of are alternatives."""
    with pytest.raises(SystemExit) as exc:
        main(["due", "2026-02-12T09:30", "1 working_days", "--finished", "2026-02-13T09:00",
              "--as-of", "2026-02-13T09:00"])  # fmt: skip
    assert 2 == exc.value.code
    assert "not allowed with" in capsys.readouterr().err


def test_help_says_naive_is_vietnam_time(capsys: pytest.CaptureFixture[str]) -> None:
    """--help explains that an instant without an offset is UTC+7."""
    with pytest.raises(SystemExit):
        main(["due", "--help"])
    out = capsys.readouterr().out
    assert "without a UTC offset means Vietnam time (UTC+7)" in out
    assert "10 ngày làm việc" in out


def test_hour_limit_late_by_working_time(capsys: pytest.CaptureFixture[str]) -> None:
    """8 working hours from Thu 09:30 are due Fri 09:30; finished Fri 14:00 is late by
    2 h 30 min of working time (09:30-11:30 and 13:30-14:00), 4 h 30 min by the clock."""
    argv = ("2026-02-12T09:30", "8 giờ làm việc", "--finished", "2026-02-13T14:00")
    past_due = as_json(capsys, *argv)["outcome"]["past_due"]
    assert (9000, 16200) == (past_due["working_seconds"], past_due["seconds"])
    _, out, _ = run(capsys, "due", *argv)
    assert "quá hạn, trễ 2 giờ 30 phút làm việc" in out
