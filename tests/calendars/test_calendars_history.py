"""Official schedules 2010-2018: golden days off from the yearly notices, and the statutory rules.

The golden lists below are written by hand from the instruments and news copies named next to
each year (not from the data file). "off" lists every date of the year that is a day off under
the schedule (holidays, compensatory and swapped days, weekend holidays included); "makeup"
lists the weekend days worked in exchange; "spans" are the runs of days off the sources quote
("nghỉ liền từ … đến hết …"), weekend days included.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import io
import warnings

import pytest

from lapvo_cchc.calendars import DayOffKind, VietnamProvider, vietnam
from lapvo_cchc.errors import ProvisionalCalendarWarning

D = dt.date


def _dates(year: int, text: str) -> list[dt.date]:
    """'01-01 02-13..02-19' -> the dates of *year* (a range is inclusive)."""
    out: list[dt.date] = []
    for item in text.split():
        first, _, last = item.partition("..")
        start = D.fromisoformat(f"{year}-{first}")
        stop = D.fromisoformat(f"{year}-{last}") if last else start
        out.extend(start + dt.timedelta(days=n) for n in range((stop - start).days + 1))
    return out


GOLDEN: dict[int, dict[str, list[dt.date]]] = {
    # Tết: PM's swap relayed by MOLISA (hanoimoi.vn, 06/02/2010): off 13/2 (30 Chạp)-21/2, Fri 19/2
    # off, Sat 27/2 worked. 2/9: Văn bản 5971/VPCP-KGVX, MOLISA notice 25/08/2010: Fri 3/9 off,
    # Sat 11/9 worked. Other days: Labour Code 1994 Art. 73 (1/5 on a Saturday -> Mon 3/5).
    2010: {
        "off": _dates(2010, "01-01 02-13..02-19 04-23 04-30 05-01 05-03 09-02 09-03"),
        "makeup": _dates(2010, "02-27 09-11"),
        "spans": [D(2010, 2, 13), D(2010, 2, 21), D(2010, 9, 2), D(2010, 9, 5)],
    },
    # Văn bản 9529/VPCP-KGVX 31/12/2010 and MOLISA notice 07/01/2011: work Sat 29/1 and Sun 30/1
    # for Mon 31/1 and Tue 1/2 (off 31/1-7/2); work Sat 9/4 for Mon 11/4 (off 10/4-12/4).
    # Other days: Labour Code 1994 Art. 73 (1/1 Sat -> Mon 3/1; 30/4 Sat, 1/5 Sun -> 2/5, 3/5).
    2011: {
        "off": _dates(2011, "01-01 01-03 01-31..02-05 02-07 04-11 04-12 04-30..05-03 09-02"),
        "makeup": _dates(2011, "01-29 01-30 04-09"),
        "spans": [D(2011, 1, 31), D(2011, 2, 7), D(2011, 4, 10), D(2011, 4, 12)],
    },
    # New Year: Ayun Pa notice 23/12/2011 (1/1 Sun -> Mon 2/1). Tết: PM agreed MOLISA's proposal
    # of 27/12/2011 (chinhphu.vn): Fri 27/1 off, Sat 4/2 worked, off 21/1-29/1. 31/12/2012
    # belongs to the 2013 schedule. Other days: Labour Code 1994 Art. 73.
    2012: {
        "off": _dates(2012, "01-01 01-02 01-22..01-27 03-31 04-02 04-30 05-01 09-02 09-03 12-31"),
        "makeup": _dates(2012, "02-04"),
        "spans": [D(2012, 1, 21), D(2012, 1, 29), D(2012, 12, 29), D(2013, 1, 1)],
    },
    # Văn bản 9570/VPCP-KGVX 23/11/2012 (and baothainguyen.vn 28/12/2012): Mon 31/12/2012 off,
    # Sat 5/1 worked; Tết 9/2 (29 Chạp)-17/2, Fri 15/2 off, Sat 23/2 worked; Mon 29/4 off,
    # Sat 4/5 worked (off 27/4-1/5). Tết 2013 still under the 1994 Code (4 days, + 2 compensatory).
    2013: {
        "off": _dates(2013, "01-01 02-09..02-15 04-19 04-29..05-01 09-02"),
        "makeup": _dates(2013, "01-05 02-23 05-04"),
        "spans": [D(2013, 2, 9), D(2013, 2, 17), D(2013, 4, 27), D(2013, 5, 1)],
    },
    # Văn bản 10525/VPCP-KGVX 12/12/2013: Tết off 28/1-5/2, Sat 25/1 and Sat 8/2 worked; Fri 2/5
    # off, Sat 26/4 worked; Mon 1/9 off, Sat 6/9 worked. Sat 27/12/2014 is a make-up day of the
    # 2015 schedule (for Fri 2/1/2015).
    2014: {
        "off": _dates(2014, "01-01 01-28..02-05 04-09 04-30..05-02 09-01 09-02"),
        "makeup": _dates(2014, "01-25 02-08 04-26 09-06 12-27"),
        "spans": [D(2014, 1, 28), D(2014, 2, 5), D(2014, 4, 30), D(2014, 5, 4)],
    },
    # PM's approval of 01/12/2014 (Tờ trình 89/TTr-LĐTBXH), MOLISA notice (xahoi.com.vn): New
    # Year 1/1-4/1, Fri 2/1 off; Tết 15/2-23/2: holidays 17/2-21/2, Mon 23/2 compensatory,
    # Mon 16/2 off for Sat 14/2; Wed 29/4 off for Sat 25/4 (off 28/4-3/5); 2/9 one day.
    2015: {
        "off": _dates(2015, "01-01 01-02 02-16..02-21 02-23 04-28..05-01 09-02"),
        "makeup": _dates(2015, "02-14 04-25"),
        "spans": [D(2015, 1, 1), D(2015, 1, 4), D(2015, 2, 15), D(2015, 2, 23)],
    },
    # Thông báo 4659/TB-LĐTBXH 13/11/2015: Tết 6/2-14/2, holidays 7/2-11/2, no swap. MOLISA
    # (baodanang.vn 01/04/2016): Giỗ Tổ Sat 16/4 -> Mon 18/4; 30/4-1/5 on Sat-Sun -> 2/5, 3/5.
    2016: {
        "off": _dates(2016, "01-01 02-07..02-12 04-16 04-18 04-30..05-03 09-02"),
        "makeup": [],
        "spans": [D(2016, 2, 6), D(2016, 2, 14), D(2016, 4, 30), D(2016, 5, 3)],
    },
    # Văn bản 9794/VPCP-KGVX 14/11/2016, MOLISA notice 24/11/2016: Tết 26/1-1/2, mùng 1-2 on the
    # weekend -> 31/1, 1/2. Infographic of the 2017 holidays (vietnammoi.vn): 1/1 Sun -> 2/1;
    # 30/4 Sun -> 2/5; 2/9 Sat -> Mon 4/9.
    2017: {
        "off": _dates(2017, "01-01 01-02 01-26..02-01 04-06 04-30..05-02 09-02 09-04"),
        "makeup": [],
        "spans": [D(2017, 1, 26), D(2017, 2, 1), D(2017, 4, 29), D(2017, 5, 2)],
    },
    # Thông báo 573/TB-VPCP 14/12/2017: Tết 14/2-20/2; 2/9 Sun -> Mon 3/9. MOLISA's proposal
    # 4092/LĐTBXH-ATLĐ: no swap in 2018. Mon 31/12/2018 belongs to the 2019 schedule.
    2018: {
        "off": _dates(2018, "01-01 02-14..02-20 04-25 04-30 05-01 09-02 09-03 12-31"),
        "makeup": [],
        "spans": [D(2018, 2, 14), D(2018, 2, 20), D(2018, 9, 1), D(2018, 9, 3)],
    },
}
YEARS = sorted(GOLDEN)


@pytest.mark.parametrize("year", YEARS)
def test_days_off_match_the_notices(year: int) -> None:
    """days_off(year) gives exactly the golden days off, none of them provisional."""
    cal = vietnam()
    days = cal.days_off(year)
    assert [d.date for d in days] == GOLDEN[year]["off"]
    assert not cal.is_provisional(year)
    assert not any(d.provisional for d in days)


@pytest.mark.parametrize("year", YEARS)
def test_makeup_days_match_the_notices(year: int) -> None:
    """makeup_workdays(year) gives the golden weekend days worked, and they are working days."""
    cal = vietnam()
    assert list(cal.makeup_workdays(year)) == GOLDEN[year]["makeup"]
    for day in GOLDEN[year]["makeup"]:
        assert day.weekday() >= 5
        assert cal.is_working_day(day)
        assert cal.makeup_basis(day)


@pytest.mark.parametrize("year", YEARS)
def test_is_working_day_over_the_whole_year(year: int) -> None:
    """A day is worked iff (weekday and not off) or a make-up day: every date of the year."""
    cal = vietnam()
    off = set(GOLDEN[year]["off"])
    makeup = set(GOLDEN[year]["makeup"])
    day = D(year, 1, 1)
    while day.year == year:
        expected = (day.weekday() < 5 and day not in off) or day in makeup
        assert cal.is_working_day(day) is expected, day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("year", YEARS)
def test_quoted_spans_are_whole_breaks(year: int) -> None:
    """Each span quoted by the sources is off from end to end and worked on both sides."""
    cal = vietnam()
    spans = GOLDEN[year]["spans"]
    for first, last in zip(spans[::2], spans[1::2], strict=True):
        day = first
        while day <= last:
            assert not cal.is_working_day(day), day
            day += dt.timedelta(days=1)
        with warnings.catch_warnings():  # 2009 is provisional; only the 2010 edge touches it
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            assert cal.previous_working_day(first) == first - dt.timedelta(days=1)
            assert cal.next_working_day(last) == last + dt.timedelta(days=1)


def test_tet_2014_example() -> None:
    """Tết 2014: off Tue 28/1-Wed 5/2, Saturdays 25/1 and 8/2 worked (10525/VPCP-KGVX)."""
    cal = vietnam()
    for n in range(9):
        assert not cal.is_working_day(D(2014, 1, 28) + dt.timedelta(days=n))
    assert cal.is_working_day(D(2014, 1, 25))
    assert cal.is_working_day(D(2014, 2, 8))
    assert cal.is_working_day(D(2014, 1, 27))
    assert cal.is_working_day(D(2014, 2, 6))
    swapped = [d.date for d in cal.days_off(2014) if d.kind is DayOffKind.SWAPPED]
    assert swapped[:2] == [D(2014, 1, 28), D(2014, 1, 29)]
    assert {D(2014, 1, 25), D(2014, 2, 8)} <= set(cal.makeup_workdays(2014))
    # Friday 24/1 + 1 working day is the make-up Saturday; over the break the count skips 9 days
    assert cal.add_working_days(D(2014, 1, 24), 1) == D(2014, 1, 25)
    assert cal.add_working_days(D(2014, 1, 27), 1) == D(2014, 2, 6)


def test_sources_are_named_on_every_row() -> None:
    """Every 2010-2018 entry carries a basis naming an instrument or the Labour Code."""
    for year in YEARS:
        for day in vietnam().days_off(year):
            assert any(
                mark in day.basis for mark in ("VPCP", "LĐTBXH", "Bộ luật Lao động", "Thủ tướng")
            ), day


def _bundled_rows() -> list[dict[str, str]]:
    """The bundled CSV read with the csv module alone (a second reader, not the library's)."""
    resource = importlib.resources.files("lapvo_cchc.calendars") / "data" / "vietnam_official.csv"
    text = resource.read_text(encoding="utf-8")
    lines = [line for line in io.StringIO(text) if not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_no_silent_statutory_inventions() -> None:
    """In official years, every weekday off and every weekend day worked is a row of the table."""
    rows = _bundled_rows()
    off_rows = {D.fromisoformat(r["date"]) for r in rows if r["kind"] != "makeup"}
    makeup_rows = {D.fromisoformat(r["date"]) for r in rows if r["kind"] == "makeup"}
    official = {int(r["schedule"]) for r in rows}
    assert set(range(2010, 2027)) <= official
    cal = vietnam()
    for year in sorted(official):
        day = D(year, 1, 1)
        while day.year == year:
            working = cal.is_working_day(day)
            if day.weekday() < 5 and not working:
                assert day in off_rows, day
            if day.weekday() >= 5 and working:
                assert day in makeup_rows, day
            if day in off_rows:
                assert not working, day
            if day in makeup_rows:
                assert working, day
            day += dt.timedelta(days=1)


def test_statutory_rules_explain_every_official_weekday_off_but_swaps() -> None:
    """Second method: the Labour Code rules alone give every official weekday off but the swaps.

    The only exception is Wed 5/2/2014: the 2014 schedule took mùng 1-4 around a Friday mùng 1
    while the default rule takes the two days before Tết; the rules never give a day the
    official schedule does not.
    """
    official, statutory = VietnamProvider(), VietnamProvider(official=False)
    exceptions = {D(2014, 2, 5)}
    for year in range(2010, 2027):
        off = {d.date: d for d in official.days_off(year) if d.date.weekday() < 5}
        rule = {d.date for d in statutory.days_off(year) if d.date.weekday() < 5}
        assert rule <= set(off), (year, sorted(rule - set(off)))
        unexplained = {date for date in set(off) - rule if off[date].kind is not DayOffKind.SWAPPED}
        assert unexplained == (exceptions if year == 2014 else set()), year


def test_tet_under_the_code_in_force() -> None:
    """1994 Code: Tết 4 days (2013, mùng 1 on 10/2); 2012 Code from 1/5/2013: 5 days (2015)."""
    statutory = VietnamProvider(official=False)
    tet_2013 = [
        d.date for d in statutory.days_off(2013) if d.date.month == 2 and d.name.startswith("Tết")
    ]
    assert tet_2013 == _dates(2013, "02-09..02-12")
    comp_2013 = [d.date for d in statutory.days_off(2013) if d.kind is DayOffKind.COMPENSATORY]
    assert comp_2013 == _dates(2013, "02-13 02-14")  # Sat 9/2 and Sun 10/2, after 11-12/2
    tet_2015 = [d.date for d in statutory.days_off(2015) if d.name.startswith("Tết Nguyên")]
    assert tet_2015 == _dates(2015, "02-17..02-21")  # the 2015 notice: 29 Chạp - mùng 3
    assert "1994" in statutory.days_off(2013)[0].basis
    assert "2012" in statutory.days_off(2015)[0].basis


def test_2009_stays_provisional() -> None:
    """No schedule before 2010 is bundled: 2009 is computed and warns."""
    cal = vietnam()
    assert cal.is_provisional(2009)
    with pytest.warns(ProvisionalCalendarWarning):
        days = cal.days_off(2009)
    assert all(d.provisional for d in days)
