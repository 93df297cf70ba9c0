"""The iCalendar export parses with an independent RFC 5545 implementation (`icalendar`)."""

from __future__ import annotations

import datetime as dt

import icalendar

from lapvo_cchc.adapters.exports.ical import to_ics
from lapvo_cchc.calendars import vietnam


def events(text: str) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_2026_days_off_and_makeup_days_parse_back() -> None:
    """Every 2026 day off and make-up Saturday is one all-day event on the right date.

    Expected dates: Thông báo 9441/TB-BNV and Văn bản 12729/VPCP-KGVX
    (docs/design/rules.md#yearly-schedules): 1/1, 2/1 (swapped), 16-20/2 (Tết), 26/4 and 27/4 (Giỗ
    Tổ and its compensatory day), 30/4, 1/5, 31/8
    (swapped), 1/9, 2/9; make-up Saturdays 10/1 and 22/8.
    """
    evs = events(to_ics(vietnam(), [2026], lang="en"))
    starts = sorted(ev.decoded("DTSTART") for ev in evs)
    expected = [dt.date(2026, m, d) for m, d in [
        (1, 1), (1, 2), (1, 10), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (4, 26),
        (4, 27), (4, 30), (5, 1), (8, 22), (8, 31), (9, 1), (9, 2),
    ]]  # fmt: skip
    assert expected == starts
    for ev in evs:
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is dt.date  # all-day events, not instants
        assert dt.timedelta(days=1) == end - start
    uids = [str(ev["UID"]) for ev in evs]
    assert len(set(uids)) == len(uids)


def test_vietnamese_text_survives_folding_and_escaping() -> None:
    """Long Vietnamese titles and sources with commas and semicolons come back unchanged."""
    cal = vietnam()
    evs = events(to_ics(cal, [2024], lang="vi"))
    by_date = {ev.decoded("DTSTART"): ev for ev in evs}
    tet = by_date[dt.date(2024, 2, 10)]
    off = cal.day_off(dt.date(2024, 2, 10))
    assert off is not None
    assert off.name == str(tet["SUMMARY"])
    assert off.basis == str(tet["DESCRIPTION"])
    assert "Ngày làm bù" == str(by_date[dt.date(2024, 5, 4)]["SUMMARY"])
