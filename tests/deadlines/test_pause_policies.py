"""Pause policies and per-procedure same-day cut-offs, against cases worked by hand.

March 2026 has no public holiday; weekly rest is Saturday and Sunday; the
calendar's sessions are 07:00-11:30 and 13:30-17:00.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import (
    DECREE_61_2018,
    DECREE_118_2025,
    PausePolicy,
    Regime,
    TimeLimit,
    compute_deadline,
    suspend,
)
from lapvo_cchc.errors import InvalidTimeLimitError, InvalidTypeError
from lapvo_cchc.procedures import Level, OnlineLevel, Procedure, ProcedureCode, sample_catalog

CAL = vietnam()


def t(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A Vietnam-time instant."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def regime(policy: PausePolicy) -> Regime:
    """The built-in regime for 2026 with *policy*."""
    return attrs.evolve(DECREE_118_2025, name=f"ND118/{policy.name}", pause_policy=policy)


# Received Mon 2 Mar 09:00, 10 working days (due Mon 16 Mar without a pause).
# Request Wed 4 Mar 10:00, supplied Mon 9 Mar 08:00.
#  resume:  used Tue 3 + Wed 4 = 2 days, 8 left from Mon 9: 10..13, 16..19 -> Thu 19 Mar
#  restart: 10 from Mon 9: 10..13, 16..20, 23 -> Mon 23 Mar
#  wall:    17 Mar 00:00 + (9 Mar 08:00 - 4 Mar 10:00 = 4 d 22 h) -> Sat 21 Mar 22:00
WORKING_DAYS = [
    (PausePolicy.RESUME_REMAINING, dt.date(2026, 3, 19), t(2026, 3, 20, 0)),
    (PausePolicy.RESTART_FULL, dt.date(2026, 3, 23), t(2026, 3, 24, 0)),
    (PausePolicy.WALL_CLOCK, dt.date(2026, 3, 21), t(2026, 3, 21, 22)),
]


@pytest.mark.parametrize(("policy", "date", "at"), WORKING_DAYS)
def test_working_day_limit_under_each_policy(
    policy: PausePolicy, date: dt.date, at: dt.datetime
) -> None:
    """10 working days with one supplement request, per policy (hand-computed above)."""
    dl = compute_deadline(
        t(2026, 3, 2, 9),
        TimeLimit.working_days(10),
        calendar=CAL,
        regime=regime(policy),
        pauses=[(t(2026, 3, 4, 10), t(2026, 3, 9, 8))],
    )
    assert (date, at) == (dl.date, dl.at)


# Received Mon 2 Mar 09:00, 8 working hours (due Tue 3 Mar 09:00 without a pause).
# Request Mon 2 Mar 13:30, supplied Tue 3 Mar 07:00.
#  resume:  used 09:00-11:30 = 2.5 h; 5.5 h from Tue 07:00: 4.5 h + 1 h -> Tue 14:30
#  restart: 8 h from Tue 07:00: 4.5 h + 3.5 h -> Tue 17:00
#  wall:    Tue 09:00 + 17.5 h -> Wed 4 Mar 02:30
WORKING_HOURS = [
    (PausePolicy.RESUME_REMAINING, t(2026, 3, 3, 14, 30)),
    (PausePolicy.RESTART_FULL, t(2026, 3, 3, 17)),
    (PausePolicy.WALL_CLOCK, t(2026, 3, 4, 2, 30)),
]


@pytest.mark.parametrize(("policy", "at"), WORKING_HOURS)
def test_working_hour_limit_under_each_policy(policy: PausePolicy, at: dt.datetime) -> None:
    """8 working hours with one supplement request, per policy (hand-computed above)."""
    dl = compute_deadline(
        t(2026, 3, 2, 9),
        TimeLimit.working_hours(8),
        calendar=CAL,
        regime=regime(policy),
        pauses=[(t(2026, 3, 2, 13, 30), t(2026, 3, 3, 7))],
    )
    assert (at, at.date()) == (dl.at, dl.date)


@pytest.mark.parametrize("policy", list(PausePolicy))
def test_a_pause_begun_after_the_due_date_changes_nothing(policy: PausePolicy) -> None:
    """Due Wed 4 Mar (2 working days from Mon 2 Mar); a request on Thu 5 Mar moves nothing."""
    dl = compute_deadline(
        t(2026, 3, 2, 9),
        TimeLimit.working_days(2),
        calendar=CAL,
        regime=regime(policy),
        pauses=[(t(2026, 3, 5, 9), t(2026, 3, 9, 8))],
    )
    assert (dt.date(2026, 3, 4), t(2026, 3, 5, 0)) == (dl.date, dl.at)


def test_suspend_and_resume_follow_the_restart_policy() -> None:
    """Stopping the clock and resuming gives the same due date as the closed pause (Mon 23 Mar)."""
    rules = regime(PausePolicy.RESTART_FULL)
    dl = compute_deadline(
        t(2026, 3, 2, 9),
        TimeLimit.working_days(10),
        calendar=CAL,
        regime=rules,
    )
    stopped = suspend(dl, t(2026, 3, 4, 10), calendar=CAL)
    assert 10 == stopped.remaining
    assert dt.date(2026, 3, 23) == stopped.resume(t(2026, 3, 9, 8)).date


def test_default_policy_is_resume_with_its_sources() -> None:
    """Both built-in regimes resume the remaining time and cite the decrees for it."""
    assert DECREE_61_2018.pause_policy is PausePolicy.RESUME_REMAINING
    assert DECREE_118_2025.pause_policy is PausePolicy.RESUME_REMAINING
    reason = DECREE_118_2025.reason("pause_policy")
    assert "61/2018/NĐ-CP" in reason
    assert "118/2025/NĐ-CP" in reason
    assert "01/2018/TT-VPCP" in reason
    assert "766" in PausePolicy.WALL_CLOCK.source
    assert all(policy.source for policy in PausePolicy)


# -- same-day cut-off per procedure ---------------------------------------------------------


def _same_day(cutoff: dt.time | None, basis: str = "") -> Procedure:
    return Procedure(
        code=ProcedureCode("2.000815"),
        name="Chứng thực bản sao từ bản chính",
        field="Chứng thực",
        levels=Level.COMMUNE,
        time_limit=TimeLimit.same_day(),
        online_level=OnlineLevel.PARTIAL,
        same_day_cutoff=cutoff,
        cutoff_basis=basis,
    )


def test_cutoff_comes_from_the_procedure() -> None:
    """Fri 9 Jan 2026 15:30: with a 15:00 cut-off due Sat 10 Jan (make-up day), else that day."""
    received = t(2026, 1, 9, 15, 30)
    with_cutoff = _same_day(dt.time(15), "Decree 23/2015/NĐ-CP Art. 21")
    without = _same_day(None)
    assert dt.date(2026, 1, 10) == compute_deadline(received, with_cutoff, calendar=CAL).date
    assert dt.date(2026, 1, 9) == compute_deadline(received, without, calendar=CAL).date
    assert (
        dt.date(2026, 1, 9) == compute_deadline(received, TimeLimit.same_day(), calendar=CAL).date
    )


def test_sample_catalog_cutoffs_carry_their_basis() -> None:
    """Every same-day sample procedure with a cut-off says where it comes from."""
    catalog = sample_catalog()
    copy = catalog.get("2.000815")
    assert dt.time(15) == copy.same_day_cutoff
    assert "23/2015/NĐ-CP" in copy.cutoff_basis
    received = t(2026, 1, 9, 15, 30)
    assert dt.date(2026, 1, 10) == compute_deadline(received, copy, calendar=CAL).date
    for procedure in catalog:
        if procedure.same_day_cutoff is not None:
            assert procedure.cutoff_basis


def test_cutoff_rules_are_checked() -> None:
    """A cut-off on a day limit, or one contradicting the limit's own, is refused."""
    with pytest.raises(InvalidTypeError):
        attrs.evolve(_same_day(dt.time(15)), time_limit=TimeLimit.working_days(2))
    with pytest.raises(InvalidTypeError):
        attrs.evolve(_same_day(dt.time(16)), time_limit=TimeLimit.same_day(dt.time(15)))
    with pytest.raises(InvalidTimeLimitError):
        compute_deadline(t(2026, 1, 9, 9), object(), calendar=CAL)  # type: ignore[arg-type]
