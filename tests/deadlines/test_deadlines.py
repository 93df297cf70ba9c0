"""Tests of lapvo_cchc.deadlines: hand-computed worked examples, pauses, outcomes, errors.

Every expected date in WORKED_EXAMPLES was computed by hand from the counting rules of
docs/design/rules.md#counting and the official schedules (docs/design/rules.md#yearly-schedules);
the same cases are written out, with the day-by-day reasoning, in docs/worked-examples.md.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import (
    BUILTIN_REGIMES,
    DECREE_61_2018,
    DECREE_118_2025,
    Band,
    Deadline,
    Outcome,
    Regime,
    Suspension,
    Thresholds,
    TimeLimit,
    TimeUnit,
    classify,
    compute_deadline,
    progress,
    regime_for,
    suspend,
    working_time_budget,
)
from lapvo_cchc.errors import (
    InvalidTimeLimitError,
    InvalidTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
    PauseError,
)

CAL = vietnam()
WD = TimeLimit.working_days
CD = TimeLimit.calendar_days
WH = TimeLimit.working_hours


def t(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=VIETNAM_TZ)


def d(y: int, mo: int, day: int) -> dt.date:
    return dt.date(y, mo, day)


# (id, received_at, limit, pauses, expected due date, expected `at`, regime name)
WORKED_EXAMPLES = [
    # 1. Tết 2020 (Thu 23 - Wed 29 Jan off): 22 Jan is day 1, 30 and 31 Jan days 2-3.
    ("tet2020-3wd", t(2020, 1, 21, 10), WD(3), (), d(2020, 1, 31), t(2020, 2, 1, 0), "ND61/2018"),
    # 2. Tết 2020, 5 working days from Mon 20 Jan: 21, 22, 30, 31 Jan, Mon 3 Feb.
    ("tet2020-5wd", t(2020, 1, 20, 14), WD(5), (), d(2020, 2, 3), t(2020, 2, 4, 0), "ND61/2018"),
    # 3. 2024 swap: 27 Apr-1 May off (29 Apr swapped), Sat 4 May worked: 2, 3, 4, 6 May.
    ("swap2024", t(2024, 4, 26), WD(4), (), d(2024, 5, 6), t(2024, 5, 7, 0), "ND61/2018"),
    # 4. 2026 New Year: 1 Jan holiday, Fri 2 Jan swapped off: Mon 5 (1), Tue 6 (2).
    ("swap2026-off", t(2025, 12, 31, 16), WD(2), (), d(2026, 1, 6), t(2026, 1, 7, 0), "ND118/2025"),
    # 5. Sat 10 Jan 2026 is a make-up working day: Fri 9 (1), Sat 10 (2).
    ("swap2026-sat", t(2026, 1, 8, 10), WD(2), (), d(2026, 1, 10), t(2026, 1, 11, 0), "ND118/2025"),
    # 6. Calendar days ending in Tết 2026: 2 Feb + 15 = Tue 17 Feb (mùng 1) -> Mon 23 Feb.
    ("cd-tet2026", t(2026, 2, 2), CD(15), (), d(2026, 2, 23), t(2026, 2, 24, 0), "ND118/2025"),
    # 7. Calendar days ending in Tết 2020: 10 Jan + 15 = Sat 25 Jan -> Thu 30 Jan.
    ("cd-tet2020", t(2020, 1, 10), CD(15), (), d(2020, 1, 30), t(2020, 1, 31, 0), "ND61/2018"),
    # 8. Same day received at 15:30 on Fri 9 Jan 2026 -> next working day, Sat 10 Jan (make-up).
    (
        "same-day-1530",
        t(2026, 1, 9, 15, 30),
        TimeLimit.same_day(dt.time(15)),
        (),
        d(2026, 1, 10),
        t(2026, 1, 11, 0),
        "ND118/2025",
    ),
    # 9. Same day received at 14:59 -> that day.
    (
        "same-day-1459",
        t(2026, 1, 9, 14, 59),
        TimeLimit.same_day(dt.time(15)),
        (),
        d(2026, 1, 9),
        t(2026, 1, 10, 0),
        "ND118/2025",
    ),
    # 10. Same day, received online on Sat 14 Feb 2026 (Tết break 14-22 Feb) -> Mon 23 Feb.
    (
        "same-day-tet",
        t(2026, 2, 14, 9),
        TimeLimit.same_day(),
        (),
        d(2026, 2, 23),
        t(2026, 2, 24, 0),
        "ND118/2025",
    ),
    # 11. 8 working hours from Fri 6 Mar 2026 10:00: 1.5 h + 3.5 h on Friday, weekend,
    #     3 h on Monday from 07:00 -> Mon 9 Mar 10:00.
    ("hours-weekend", t(2026, 3, 6, 10), WH(8), (), d(2026, 3, 9), t(2026, 3, 9, 10), "ND118/2025"),
    # 12. 4 working hours from Tue 3 Mar 2026 10:30: 1 h to 11:30, lunch, 3 h from 13:30 -> 16:30.
    (
        "hours-lunch",
        t(2026, 3, 3, 10, 30),
        WH(4),
        (),
        d(2026, 3, 3),
        t(2026, 3, 3, 16, 30),
        "ND118/2025",
    ),
    # 13. 2 working hours received online Sat 7 Mar 2026 -> from Mon 07:00 -> Mon 09:00.
    ("hours-saturday", t(2026, 3, 7, 9), WH(2), (), d(2026, 3, 9), t(2026, 3, 9, 9), "ND118/2025"),
    # 14. Pause across a holiday: 5 wd from Mon 20 Apr 2026; request Wed 22 Apr (used 21, 22:
    #     2 days), supplied on Thu 30 Apr (holiday, online); remainder 3 after 30 Apr:
    #     1 May off, Mon 4 (1), Tue 5 (2), Wed 6 May (3).
    (
        "pause-holiday",
        t(2026, 4, 20),
        WD(5),
        ((t(2026, 4, 22, 10), t(2026, 4, 30, 10)),),
        d(2026, 5, 6),
        t(2026, 5, 7, 0),
        "ND118/2025",
    ),
    # 15. Calendar-day pause across Tết 2020: 10 days from Mon 13 Jan; request Thu 16 Jan (3 used),
    #     supplied Mon 3 Feb; 3 Feb + 7 = Mon 10 Feb.
    (
        "pause-cd-tet2020",
        t(2020, 1, 13),
        CD(10),
        ((t(2020, 1, 16), t(2020, 2, 3)),),
        d(2020, 2, 10),
        t(2020, 2, 11, 0),
        "ND61/2018",
    ),
    # 16. Two pauses: 10 wd from Mon 4 May 2026; request Wed 6 May (used 5, 6: 2), supplied
    #     Mon 11 May; request Thu 14 May (used 12, 13, 14: 3), supplied Tue 19 May; remainder 5:
    #     20, 21, 22, 25, 26 May.
    (
        "two-pauses",
        t(2026, 5, 4, 8),
        WD(10),
        ((t(2026, 5, 6), t(2026, 5, 11)), (t(2026, 5, 14), t(2026, 5, 19))),
        d(2026, 5, 26),
        t(2026, 5, 27, 0),
        "ND118/2025",
    ),
    # 17. A pause that begins after the due date (Wed 4 Mar) changes nothing.
    (
        "pause-after-due",
        t(2026, 3, 2),
        WD(2),
        ((t(2026, 3, 5), t(2026, 3, 9)),),
        d(2026, 3, 4),
        t(2026, 3, 5, 0),
        "ND118/2025",
    ),
    # 18. Hours with a pause: 8 h from Mon 2 Mar 2026 09:00; request 13:30 (2.5 h used);
    #     supplied Tue 3 Mar 15:00; 5.5 h left: 2 h to 17:00, 3.5 h Wed from 07:00 -> 10:30.
    (
        "pause-hours",
        t(2026, 3, 2, 9),
        WH(8),
        ((t(2026, 3, 2, 13, 30), t(2026, 3, 3, 15)),),
        d(2026, 3, 4),
        t(2026, 3, 4, 10, 30),
        "ND118/2025",
    ),
    # 19. 2025 swap: Sat 26 Apr worked, 30 Apr-4 May off: 4 wd from Fri 25 Apr ->
    #     Sat 26 (1), Mon 28 (2), Tue 29 (3), Mon 5 May (4).
    ("swap2025", t(2025, 4, 25), WD(4), (), d(2025, 5, 5), t(2025, 5, 6, 0), "ND61/2018"),
    # 20. Regime switch: received 1 Jul 2025 -> Decree 118/2025; 1 wd -> Wed 2 Jul.
    ("nd118-first-day", t(2025, 7, 1, 8), WD(1), (), d(2025, 7, 2), t(2025, 7, 3, 0), "ND118/2025"),
]


@pytest.mark.parametrize(
    ("received", "limit", "pauses", "date", "at", "regime"),
    [pytest.param(*case[1:], id=case[0]) for case in WORKED_EXAMPLES],
)
def test_worked_examples(
    *,
    received: dt.datetime,
    limit: TimeLimit,
    pauses: tuple[tuple[dt.datetime, dt.datetime], ...],
    date: dt.date,
    at: dt.datetime,
    regime: str,
) -> None:
    """Each hand-computed worked example gives the expected due date, instant and regime."""
    deadline = compute_deadline(received, limit, calendar=CAL, pauses=pauses)
    assert (date, at, regime) == (deadline.date, deadline.at, deadline.regime_name)


def test_worked_examples_count() -> None:
    """The worked-examples table has at least 12 cases, all with distinct ids."""
    ids = [case[0] for case in WORKED_EXAMPLES]
    assert len(ids) >= 12
    assert len(set(ids)) == len(ids)


def test_outcomes_on_the_2026_makeup_saturday() -> None:
    """Due Sat 10 Jan 2026: finished Fri 9 early, Sat 10 evening on time, Mon 12 late."""
    dl = compute_deadline(t(2026, 1, 8, 10), WD(2), calendar=CAL)
    assert classify(dl, finished_at=t(2026, 1, 9, 16)) == Outcome.EARLY
    assert classify(dl, finished_at=t(2026, 1, 10, 21)) == Outcome.ON_TIME
    assert classify(dl, finished_at=t(2026, 1, 12, 8)) == Outcome.LATE


def test_in_progress_and_overdue_at_the_24h_boundary() -> None:
    """Not finished: in progress up to 24:00 of the due date, overdue after it."""
    dl = compute_deadline(t(2020, 1, 21, 10), WD(3), calendar=CAL)
    assert classify(dl, as_of=t(2020, 1, 31, 23, 59)) == Outcome.IN_PROGRESS
    assert classify(dl, as_of=dl.at) == Outcome.IN_PROGRESS
    assert classify(dl, as_of=dl.at + dt.timedelta(seconds=1)) == Outcome.OVERDUE


def test_finished_after_cutoff_counts_as_not_finished() -> None:
    """A dossier finished after the report's cut-off is classified as not finished by then."""
    dl = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    outcome = classify(dl, finished_at=t(2026, 3, 10), as_of=t(2026, 3, 3))
    assert outcome == Outcome.IN_PROGRESS
    assert classify(dl, finished_at=t(2026, 3, 10), as_of=t(2026, 3, 11)) == Outcome.LATE


def test_hours_limit_outcome_is_judged_on_the_instant() -> None:
    """For an hour limit, finishing 1 minute after `at` on the same day is late."""
    dl = compute_deadline(t(2026, 3, 3, 10, 30), WH(4), calendar=CAL)
    assert classify(dl, finished_at=t(2026, 3, 3, 16, 30)) == Outcome.ON_TIME
    assert classify(dl, finished_at=t(2026, 3, 3, 16, 31)) == Outcome.LATE
    assert classify(dl, finished_at=t(2026, 3, 2, 16, 31)) == Outcome.EARLY


def test_apology_keeps_the_legal_deadline() -> None:
    """An apology sets a new appointment, but a dossier finished after the legal date is late."""
    dl = compute_deadline(t(2026, 3, 2), WD(5), calendar=CAL)
    assert d(2026, 3, 9) == dl.date
    apologised = dl.with_apology(d(2026, 3, 13))
    assert (d(2026, 3, 13), d(2026, 3, 9)) == (apologised.appointment_date, apologised.date)
    assert classify(apologised, finished_at=t(2026, 3, 12)) == Outcome.LATE
    assert dl.appointment is None


def test_apology_rejects_bad_dates() -> None:
    """An apology date before receipt, or a datetime, is refused."""
    dl = compute_deadline(t(2026, 3, 2), WD(5), calendar=CAL)
    with pytest.raises(PauseError, match="before the receipt date"):
        dl.with_apology(d(2026, 3, 1))
    with pytest.raises(InvalidTypeError):
        dl.with_apology(t(2026, 3, 13))


def test_same_day_at_exactly_the_cutoff_is_same_day() -> None:
    """Received at 15:00:00 is not 'after 15:00': due that day; one second later, next day."""
    cutoff = TimeLimit.same_day(dt.time(15))
    at_cutoff = compute_deadline(t(2026, 3, 4, 15), cutoff, calendar=CAL)
    after = compute_deadline(t(2026, 3, 4, 15) + dt.timedelta(seconds=1), cutoff, calendar=CAL)
    assert (d(2026, 3, 4), d(2026, 3, 5)) == (at_cutoff.date, after.date)


def test_regime_default_cutoff_is_used_when_limit_names_none() -> None:
    """A custom regime's cut-off applies to same-day limits without their own."""
    late_desk = attrs.evolve(DECREE_118_2025, name="late-desk", same_day_cutoff=dt.time(16))
    dl = compute_deadline(
        t(2026, 3, 4, 15, 30), TimeLimit.same_day(), calendar=CAL, regime=late_desk
    )
    assert d(2026, 3, 4) == dl.date
    assert dl.regime_name == "late-desk"


def test_start_next_working_day_outside_hours_option() -> None:
    """With the option, an evening receipt counts from the next working day."""
    evening = t(2026, 3, 6, 18)  # Friday evening
    default = compute_deadline(evening, WD(1), calendar=CAL)
    strict_regime = attrs.evolve(DECREE_118_2025, start_next_working_day_outside_hours=True)
    strict = compute_deadline(evening, WD(1), calendar=CAL, regime=strict_regime)
    assert (d(2026, 3, 9), d(2026, 3, 10)) == (default.date, strict.date)


def test_receipt_on_a_day_off_is_unaffected_for_working_days() -> None:
    """A Saturday receipt and the previous Friday-evening receipt give the same due date."""
    saturday = compute_deadline(t(2026, 3, 7), WD(3), calendar=CAL)
    friday = compute_deadline(t(2026, 3, 6, 20), WD(3), calendar=CAL)
    assert saturday.date == friday.date == d(2026, 3, 11)


def test_instants_are_converted_to_vietnam_time() -> None:
    """A UTC receipt at 20:00 on 31 Dec 2025 is 03:00 on 1 Jan 2026 in Vietnam."""
    received = dt.datetime(2025, 12, 31, 20, tzinfo=dt.UTC)
    dl = compute_deadline(received, WD(1), calendar=CAL)
    assert dl.received_at.tzinfo is VIETNAM_TZ
    assert (d(2026, 1, 1), d(2026, 1, 5)) == (dl.received_at.date(), dl.date)


def test_zero_limits() -> None:
    """Zero working days: the receipt day if working; zero calendar days rolled likewise."""
    assert d(2026, 3, 4) == compute_deadline(t(2026, 3, 4), WD(0), calendar=CAL).date
    assert d(2026, 3, 9) == compute_deadline(t(2026, 3, 7), CD(0), calendar=CAL).date


def test_pause_on_the_due_date_restarts_with_nothing_left() -> None:
    """A pause requested on the due date leaves 0 days: due on the supply date (if working)."""
    dl = compute_deadline(
        t(2026, 3, 2), WD(2), calendar=CAL, pauses=[(t(2026, 3, 4, 10), t(2026, 3, 10, 9))]
    )
    assert d(2026, 3, 10) == dl.date


def test_pause_supplied_on_a_weekend_restarts_after_it() -> None:
    """Supplied online on Saturday: the remainder counts from Monday."""
    dl = compute_deadline(
        t(2026, 3, 2), WD(3), calendar=CAL, pauses=[(t(2026, 3, 3), t(2026, 3, 7, 20))]
    )
    # used: Tue 3 Mar (1); remainder 2 after Sat 7: Mon 9, Tue 10.
    assert d(2026, 3, 10) == dl.date


# -- regimes -------------------------------------------------------------------------------


def test_regime_for_switches_on_1_july_2025_vietnam_date() -> None:
    """Receipts are assigned a regime by their Vietnam date."""
    assert DECREE_61_2018 is regime_for(t(2025, 6, 30, 23, 59))
    assert DECREE_118_2025 is regime_for(t(2025, 7, 1, 0, 0))
    assert DECREE_118_2025 is regime_for(dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC))


def test_regime_for_with_custom_regimes() -> None:
    """Custom regimes are tried in order; a gap raises OutOfRangeError."""
    only_2026 = Regime(
        name="2026", title="t", legal_basis="b", valid_from=d(2026, 1, 1), valid_to=d(2027, 1, 1)
    )
    assert only_2026 is regime_for(t(2026, 5, 1), (only_2026,))
    with pytest.raises(OutOfRangeError, match="no deadline regime"):
        regime_for(t(2025, 5, 1), (only_2026,))
    assert DECREE_61_2018 is regime_for(t(2010, 1, 4), list(BUILTIN_REGIMES))


def test_every_open_parameter_has_a_documented_reason() -> None:
    """Both built-in regimes document the same_day cut-off, receipt rule and day length."""
    for regime in BUILTIN_REGIMES:
        for name in ("same_day_cutoff", "start_next_working_day_outside_hours"):
            assert regime.reason(name)
        assert "sessions" in regime.reason("hours_per_working_day")
        with pytest.raises(KeyError):
            regime.reason("nonexistent")


def test_regime_rejects_malformed_reasons() -> None:
    """Reasons must name real parameters."""
    with pytest.raises(InvalidTypeError):
        Regime(name="x", title="x", legal_basis="x", reasons=(("no_such_field", "why"),))


# -- open pauses (suspensions) -------------------------------------------------------------


def test_suspension_is_in_progress_while_the_clock_is_stopped() -> None:
    """With the request open, the dossier stays in progress long past its original due date."""
    dl = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    stopped = suspend(dl, t(2026, 3, 3, 10), calendar=CAL)
    assert isinstance(stopped, Suspension)
    assert (stopped.remaining, stopped.late) == (1, False)
    assert classify(stopped, as_of=t(2026, 4, 30)) == Outcome.IN_PROGRESS
    # Before the pause began it is judged on the deadline as it stood.
    assert classify(stopped, as_of=t(2026, 3, 3, 9)) == Outcome.IN_PROGRESS


def test_suspension_after_the_due_date_is_overdue() -> None:
    """A request made after the due date stops nothing: the dossier is overdue."""
    dl = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    stopped = suspend(dl, t(2026, 3, 6), calendar=CAL)
    assert stopped.late
    assert classify(stopped, as_of=t(2026, 3, 10)) == Outcome.OVERDUE
    assert d(2026, 3, 4) == stopped.resume(t(2026, 3, 9)).date


def test_finished_while_suspended_is_judged_as_if_supplied_then() -> None:
    """Finished during an open pause: the due date is recomputed with supply at that instant."""
    dl = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    stopped = suspend(dl, t(2026, 3, 3, 10), calendar=CAL)  # 1 day left
    # Supply on Mon 9 Mar -> due Tue 10 Mar; finishing Mon 9 is early.
    assert classify(stopped, finished_at=t(2026, 3, 9, 15)) == Outcome.EARLY
    assert classify(stopped, finished_at=t(2026, 3, 2, 15)) == Outcome.EARLY


def test_open_pause_in_compute_deadline_is_an_error() -> None:
    """compute_deadline needs closed pauses; the message points to suspend()."""
    with pytest.raises(PauseError, match="suspend"):
        compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL, pauses=[(t(2026, 3, 3), None)])  # type: ignore[list-item]


def test_suspension_remaining_for_calendar_days_and_same_day() -> None:
    """Calendar-day budgets count calendar days; same-day limits have nothing left."""
    dl = compute_deadline(t(2026, 3, 2), CD(10), calendar=CAL)
    assert suspend(dl, t(2026, 3, 5), calendar=CAL).remaining == 7
    same = compute_deadline(t(2026, 3, 2, 9), TimeLimit.same_day(), calendar=CAL)
    assert suspend(same, t(2026, 3, 2, 10), calendar=CAL).remaining == 0


def test_suspend_rejects_bad_requests() -> None:
    """A request before receipt or inside a previous pause is refused."""
    dl = compute_deadline(
        t(2026, 3, 2), WD(5), calendar=CAL, pauses=[(t(2026, 3, 3), t(2026, 3, 5))]
    )
    with pytest.raises(PauseError, match="before receipt"):
        suspend(dl, t(2026, 3, 1), calendar=CAL)
    with pytest.raises(PauseError, match="overlaps"):
        suspend(dl, t(2026, 3, 4), calendar=CAL)


# -- progress ------------------------------------------------------------------------------


def test_progress_bands_through_a_working_day_limit() -> None:
    """4 wd from Mon 2 Mar 2026 (due Fri 6): 0 %, 25 %, 50 %, 75 %, 100 %, overdue."""
    dl = compute_deadline(t(2026, 3, 2), WD(4), calendar=CAL)
    bands = [progress(dl, t(2026, 3, day, 10), calendar=CAL).band for day in (2, 3, 4, 5, 6, 9)]
    assert bands == [
        Band.OK,
        Band.OK,
        Band.WARNING,
        Band.ALERT,
        Band.DUE_SOON,
        Band.OVERDUE,
    ]
    late = progress(dl, t(2026, 3, 9, 10), calendar=CAL)
    assert (Fraction(5), Fraction(-1), Fraction(5, 4)) == (late.used, late.remaining, late.share)


def test_progress_is_frozen_during_a_pause() -> None:
    """Inside a closed pause the budget used does not grow and `paused` is set."""
    dl = compute_deadline(
        t(2026, 3, 2), WD(4), calendar=CAL, pauses=[(t(2026, 3, 3, 10), t(2026, 3, 9, 10))]
    )
    inside = progress(dl, t(2026, 3, 6), calendar=CAL)
    after = progress(dl, t(2026, 3, 10, 10), calendar=CAL)
    assert (Fraction(1), True) == (inside.used, inside.paused)
    assert (Fraction(2), False) == (after.used, after.paused)


def test_progress_of_a_suspension() -> None:
    """A suspension's progress stays at its value when the clock stopped, never overdue."""
    dl = compute_deadline(t(2026, 3, 2, 9), WH(8), calendar=CAL)
    stopped = suspend(dl, t(2026, 3, 2, 13, 30), calendar=CAL)
    p = progress(stopped, t(2026, 4, 1), calendar=CAL)
    assert (Fraction(5, 2), True, Band.OK) == (p.used, p.paused, p.band)


def test_progress_custom_thresholds_and_same_day() -> None:
    """Custom thresholds move the bands; a same-day limit is due soon on its day."""
    dl = compute_deadline(t(2026, 3, 2), WD(10), calendar=CAL)
    strict = Thresholds(warning=Fraction(1, 10), alert=Fraction(1, 5), due_soon=Fraction(1, 2))
    assert progress(dl, t(2026, 3, 9), calendar=CAL, thresholds=strict).band == Band.DUE_SOON
    same = compute_deadline(t(2026, 3, 2, 9), TimeLimit.same_day(), calendar=CAL)
    assert progress(same, t(2026, 3, 2, 10), calendar=CAL).band == Band.DUE_SOON
    assert progress(same, t(2026, 3, 3, 10), calendar=CAL).band == Band.OVERDUE


def test_thresholds_must_increase() -> None:
    """Thresholds out of order are refused."""
    with pytest.raises(InvalidTypeError):
        Thresholds(warning=Fraction(3, 4), alert=Fraction(1, 2))


def test_working_time_budget() -> None:
    """Working-day budgets become hours from the calendar, or from the regime if set."""
    on = d(2026, 3, 2)
    assert dt.timedelta(hours=24) == working_time_budget(WD(3), calendar=CAL, on=on)
    assert dt.timedelta(hours=5) == working_time_budget(WH(5), calendar=CAL, on=on)
    seven = attrs.evolve(DECREE_118_2025, hours_per_working_day=7)
    assert dt.timedelta(hours=14) == working_time_budget(WD(2), calendar=CAL, on=on, regime=seven)
    with pytest.raises(InvalidTimeLimitError):
        working_time_budget(CD(3), calendar=CAL, on=on)


# -- bad input -----------------------------------------------------------------------------


def test_naive_datetimes_are_rejected_everywhere() -> None:
    """Every instant argument must be aware."""
    naive = dt.datetime(2026, 3, 2, 9)
    dl = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    with pytest.raises(NaiveDatetimeError):
        compute_deadline(naive, WD(2), calendar=CAL)
    with pytest.raises(NaiveDatetimeError):
        compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL, pauses=[(naive, t(2026, 3, 4))])
    with pytest.raises(NaiveDatetimeError):
        classify(dl, finished_at=naive)
    with pytest.raises(NaiveDatetimeError):
        classify(dl, as_of=naive)
    with pytest.raises(NaiveDatetimeError):
        regime_for(naive)
    with pytest.raises(NaiveDatetimeError):
        suspend(dl, naive, calendar=CAL)
    with pytest.raises(NaiveDatetimeError):
        progress(dl, naive, calendar=CAL)


@pytest.mark.parametrize(
    "build",
    [
        lambda: TimeLimit.working_days(-1),
        lambda: TimeLimit.calendar_days(-30),
        lambda: TimeLimit.working_hours(-8),
        lambda: TimeLimit.working_days(2.5),  # type: ignore[arg-type]
        lambda: TimeLimit.working_days(True),
        lambda: TimeLimit.working_days("3"),  # type: ignore[arg-type]
        lambda: TimeLimit(TimeUnit.SAME_DAY, 1),
        lambda: TimeLimit(TimeUnit.WORKING_DAYS, 3, dt.time(15)),
        lambda: TimeLimit("ngày", 3),  # type: ignore[arg-type]
        lambda: TimeLimit.same_day(dt.time(15, tzinfo=VIETNAM_TZ)),
    ],
)
def test_bad_time_limits(build: object) -> None:
    """Negative, non-int, or inconsistent limits raise InvalidTimeLimitError."""
    with pytest.raises(InvalidTimeLimitError):
        build()  # type: ignore[operator]


def test_compute_deadline_rejects_a_bare_int_limit() -> None:
    """A limit must be a TimeLimit, never a bare int."""
    with pytest.raises(InvalidTimeLimitError, match="TimeLimit"):
        compute_deadline(t(2026, 3, 2), 10, calendar=CAL)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "limit",
    [TimeLimit.calendar_days(10**5), TimeLimit.calendar_days(10**7), TimeLimit.working_days(10**7)],
)
def test_limits_beyond_the_calendar_raise_out_of_range(limit: TimeLimit) -> None:
    """A due date past the supported years (or past year 9999) is an OutOfRangeError."""
    with pytest.raises(OutOfRangeError):
        compute_deadline(t(2026, 3, 2), limit, calendar=CAL)


@pytest.mark.parametrize(
    ("pauses", "message"),
    [
        ([(t(2026, 3, 5), t(2026, 3, 4))], "ends before it begins"),
        ([(t(2026, 3, 1), t(2026, 3, 4))], "begins before receipt"),
        ([(t(2026, 3, 3), t(2026, 3, 6)), (t(2026, 3, 5), t(2026, 3, 9))], "overlaps"),
        ([(t(2026, 3, 3),)], "pair"),
        ([None], "pair"),
    ],
)
def test_bad_pauses(pauses: list[object], message: str) -> None:
    """Inconsistent pauses raise PauseError naming the problem."""
    with pytest.raises(PauseError, match=message):
        compute_deadline(t(2026, 3, 2), WD(5), calendar=CAL, pauses=pauses)  # type: ignore[arg-type]


def test_classify_needs_an_instant_and_a_deadline() -> None:
    """classify without finished_at or as_of, or with a non-deadline, is a type error."""
    dl = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    with pytest.raises(InvalidTypeError):
        classify(dl)
    with pytest.raises(InvalidTypeError):
        classify("2026-03-04", as_of=t(2026, 3, 2))  # type: ignore[arg-type]


def test_deadline_is_a_frozen_value() -> None:
    """Deadlines are immutable and compare by value."""
    a = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    b = compute_deadline(t(2026, 3, 2), WD(2), calendar=CAL)
    assert a == b
    assert isinstance(a, Deadline)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.date = d(2026, 1, 1)  # type: ignore[misc]


def test_outcome_values_are_the_official_wording() -> None:
    """Outcome values are the Vietnamese terms of reports (NFC)."""
    assert [o.value for o in Outcome] == [
        "trước hạn",
        "đúng hạn",
        "quá hạn",
        "đang giải quyết trong hạn",
        "đang giải quyết quá hạn",
    ]
