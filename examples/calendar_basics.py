"""The Vietnamese working-day calendar in a few lines.

Run: python examples/calendar_basics.py
"""

from __future__ import annotations

import datetime as dt

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import Session, vietnam
from lapvo_cchc.lunar import LunarDate, can_chi_year


def main() -> None:
    """Print a few answers a one-stop desk needs every day."""
    cal = vietnam()

    # The official 2026 schedule: every day off with its legal source.
    print("Days off 2026:")
    for off in cal.days_off(2026):
        print(f"  {off.date}  {off.kind.name:<12}  {off.name_en}  [{off.basis[:40]}...]")
    print("Make-up Saturdays 2026:", ", ".join(str(d) for d in cal.makeup_workdays(2026)))

    # Working-day arithmetic: the 10th working day after a receipt on 12 February 2026
    # skips the Tết break (14-22 February).
    received = dt.date(2026, 2, 12)
    due = cal.add_working_days(received, 10)
    print(f"10 working days after {received}: {due}")
    assert cal.count_working_days(received, due) == 10

    # Working hours: 8 working hours from Friday 15:00 lands on Monday afternoon.
    start = dt.datetime(2026, 3, 6, 15, 0, tzinfo=VIETNAM_TZ)
    print(
        "8 working hours after",
        start.isoformat(),
        "->",
        cal.add_working_time(start, dt.timedelta(hours=8)).isoformat(),
    )

    # A commune that receives dossiers on Saturday mornings derives its own calendar.
    commune = vietnam().derive(
        sessions={5: [Session(dt.time(7, 30), dt.time(11, 30))]},
        name="xã có tiếp nhận sáng thứ Bảy",
    )
    saturday = dt.date(2026, 3, 7)
    national, local = cal.is_working_day(saturday), commune.is_working_day(saturday)
    print(f"{saturday} is a working day: national {national}, commune {local}")

    # The lunar calendar, computed for UTC+7.
    tet = LunarDate(2026, 1, 1).to_solar()
    print(f"Tết {can_chi_year(2026)}: {tet}; Giỗ Tổ: {LunarDate(2026, 3, 10).to_solar()}")


if __name__ == "__main__":
    main()
