"""compute_deadline counts with the Vietnamese calendar when none is given."""

from __future__ import annotations

import datetime as dt

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import TimeLimit, compute_deadline


def test_compute_deadline_defaults_to_vietnam():
    """10 working days from Thu 12/2/2026 skip Tết 14-22/2: due Thu 5/3 (counted by hand)."""
    received = dt.datetime(2026, 2, 12, 9, 30, tzinfo=VIETNAM_TZ)
    # 13/2 is day 1; 23, 24, 25, 26, 27/2 days 2-6; 2, 3, 4, 5/3 days 7-10.
    default = compute_deadline(received, TimeLimit.working_days(10))
    assert dt.date(2026, 3, 5) == default.date
    assert default == compute_deadline(received, TimeLimit.working_days(10), calendar=vietnam())
    province = vietnam().derive(extra_days_off=[dt.date(2026, 3, 2)])
    assert dt.date(2026, 3, 6) == (
        compute_deadline(received, TimeLimit.working_days(10), calendar=province).date
    )
