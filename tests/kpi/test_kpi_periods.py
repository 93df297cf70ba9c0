"""Tests of lapvo_cchc.kpi periods: constructors, parsing, months and membership rules."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.errors import (
    DecodeError,
    InvalidDateError,
    InvalidTypeError,
    LapvoError,
    NaiveDatetimeError,
)
from lapvo_cchc.kpi import Period

D = dt.date
UTC = dt.UTC

# --------------------------------------------------------------------------- constructors


@pytest.mark.parametrize(
    ("period", "start", "end", "label"),
    [
        (Period.month(2020, 2), D(2020, 2, 1), D(2020, 2, 29), "2020-02"),
        (Period.month(2021, 2), D(2021, 2, 1), D(2021, 2, 28), "2021-02"),
        (Period.quarter(2020, 1), D(2020, 1, 1), D(2020, 3, 31), "2020-Q1"),
        (Period.quarter(2020, 4), D(2020, 10, 1), D(2020, 12, 31), "2020-Q4"),
        (Period.half(2020, 1), D(2020, 1, 1), D(2020, 6, 30), "2020-H1"),
        (Period.half(2020, 2), D(2020, 7, 1), D(2020, 12, 31), "2020-H2"),
        (Period.nine_months(2020), D(2020, 1, 1), D(2020, 9, 30), "2020-9M"),
        (Period.year(2020), D(2020, 1, 1), D(2020, 12, 31), "2020"),
        # Nghị định 09/2019/NĐ-CP via Khánh Hòa QĐ
        # 01/2023/QĐ-UBND Điều 4 (docs/design/kpi.md#periods)
        (Period.reporting_month(2020, 1), D(2019, 12, 15), D(2020, 1, 14), "R2020-01"),
        (Period.reporting_month(2020, 3), D(2020, 2, 15), D(2020, 3, 14), "R2020-03"),
        (Period.reporting_quarter(2020, 1), D(2019, 12, 15), D(2020, 3, 14), "R2020-Q1"),
        (Period.reporting_quarter(2020, 2), D(2020, 3, 15), D(2020, 6, 14), "R2020-Q2"),
        (Period.reporting_quarter(2020, 4), D(2020, 9, 15), D(2020, 12, 14), "R2020-Q4"),
        (Period.reporting_half(2020, 1), D(2019, 12, 15), D(2020, 6, 14), "R2020-H1"),
        (Period.reporting_half(2020, 2), D(2020, 6, 15), D(2020, 12, 14), "R2020-H2"),
        (Period.reporting_nine_months(2020), D(2019, 12, 15), D(2020, 9, 14), "R2020-9M"),
        (Period.reporting_year(2020), D(2019, 12, 15), D(2020, 12, 14), "R2020"),
    ],
)
def test_constructors(period: Period, start: dt.date, end: dt.date, label: str) -> None:
    """Each constructor gives the documented first day, last day and label."""
    assert (start, end, label) == (period.start, period.end, period.label)


def test_custom_ranges_from_published_reports() -> None:
    """Periods cut by real reports (Lâm Đồng Q1 2020, Vĩnh Phúc 08/2021) are custom ranges."""
    lam_dong = Period.custom(D(2019, 12, 1), D(2020, 2, 29), "Lâm Đồng Q1/2020")
    vinh_phuc = Period.custom(D(2021, 7, 21), D(2021, 8, 20))
    assert lam_dong.days == 91
    assert vinh_phuc.label == "2021-07-21..2021-08-20"
    assert str(lam_dong) == "Lâm Đồng Q1/2020"


def test_equality_ignores_the_label() -> None:
    """Two periods with the same days are equal and hash alike, whatever their labels."""
    custom = Period.custom(D(2020, 3, 1), D(2020, 3, 31), "March")
    assert Period.month(2020, 3) == custom
    assert {Period.month(2020, 3)} == {custom}


def test_periods_sort_by_dates() -> None:
    """Periods order by their first day, then their last day."""
    got = sorted([Period.year(2020), Period.month(2020, 1), Period.reporting_month(2020, 1)])
    assert [p.label for p in got] == ["R2020-01", "2020-01", "2020"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: Period.month(2020, 13), InvalidDateError),
        (lambda: Period.quarter(2020, 0), InvalidDateError),
        (lambda: Period.half(2020, 3), InvalidDateError),
        (lambda: Period.year(0), InvalidDateError),
        (lambda: Period.month(True, 1), InvalidDateError),
        (lambda: Period.reporting_month(1, 1), InvalidDateError),
        (lambda: Period.custom(D(2020, 3, 2), D(2020, 3, 1)), InvalidDateError),
        (
            lambda: Period.custom(dt.datetime(2020, 3, 1, tzinfo=UTC), D(2020, 3, 2)),
            InvalidTypeError,
        ),
        (lambda: Period.custom("2020-03-01", D(2020, 3, 2)), InvalidTypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_constructor_arguments(call: object, error: type[Exception]) -> None:
    """Impossible periods raise a LapvoError naming what was expected."""
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert isinstance(info.value, LapvoError)


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020", Period.year(2020)),
        ("2020-H1", Period.half(2020, 1)),
        ("2020-h2", Period.half(2020, 2)),
        ("2020-Q1", Period.quarter(2020, 1)),
        ("2020-03", Period.month(2020, 3)),
        ("2020-9M", Period.nine_months(2020)),
        ("R2020", Period.reporting_year(2020)),
        ("r2020-03", Period.reporting_month(2020, 3)),
        ("R2020-Q3", Period.reporting_quarter(2020, 3)),
        ("R2020-H1", Period.reporting_half(2020, 1)),
        ("R2020-9M", Period.reporting_nine_months(2020)),
        ("2020-01-01..2020-06-30", Period.half(2020, 1)),
        (" 2019-12-01 .. 2020-02-29 ", Period.custom(D(2019, 12, 1), D(2020, 2, 29))),
    ],
)
def test_parse(text: str, expected: Period) -> None:
    """Every documented label form parses to its period."""
    assert expected == Period.parse(text)


def test_parse_normalises_the_label() -> None:
    """A lower-case label comes back in the canonical spelling."""
    assert Period.parse("r2020-h1").label == "R2020-H1"


@pytest.mark.parametrize(
    "text", ["", "H1/2020", "2020-13", "2020-Q5", "2020-H3", "0000", "R2020-01-01..2020-02-01"]
)
def test_parse_garbage_is_a_decode_error(text: str) -> None:
    """Text that is no period label raises DecodeError (a ValueError)."""
    with pytest.raises(DecodeError, match="expected a label like"):
        Period.parse(text)


@pytest.mark.parametrize("text", ["2020-02-30..2020-03-01", "2020-03-01..2020-02-01"])
def test_parse_impossible_range(text: str) -> None:
    """A range with a non-existent day or ending before it starts raises InvalidDateError."""
    with pytest.raises(InvalidDateError):
        Period.parse(text)


def test_parse_needs_text() -> None:
    """A non-string label raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        Period.parse(2020)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- months


def test_months_of_a_reporting_month() -> None:
    """A reporting month splits into the two calendar months it straddles."""
    expected = [
        Period.custom(D(2020, 2, 15), D(2020, 2, 29)),
        Period.custom(D(2020, 3, 1), D(2020, 3, 14)),
    ]
    assert expected == list(Period.reporting_month(2020, 3).months())


def test_months_of_a_half_are_labelled_as_months() -> None:
    """Whole months carry the calendar-month label, so they group with Period.month."""
    assert [f"2020-{m:02d}" for m in range(1, 7)] == [
        p.label for p in Period.half(2020, 1).months()
    ]


# --------------------------------------------------------------------------- membership


def test_instants_are_taken_in_vietnam_time() -> None:
    """An instant counts on its UTC+7 calendar day, not its UTC one."""
    p = Period.reporting_month(2020, 3)
    late_evening = dt.datetime(2020, 3, 14, 23, 30, tzinfo=VIETNAM_TZ)
    next_midnight_utc = dt.datetime(2020, 3, 14, 17, 0, tzinfo=UTC)  # 15 March 00:00 in Vietnam
    assert p.contains(late_evening)
    assert not p.contains(next_midnight_utc)
    assert not p.received(next_midnight_utc)
    assert late_evening in p
    assert "2020-03-14" not in p


def test_naive_instants_are_refused() -> None:
    """A naive datetime raises NaiveDatetimeError instead of guessing a zone."""
    with pytest.raises(NaiveDatetimeError):
        Period.month(2020, 3).contains(dt.datetime(2020, 3, 1, 8, 0))


def test_predicates_reject_non_dates() -> None:
    """A string where a day is expected raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        Period.month(2020, 3).received("2020-03-01")  # type: ignore[arg-type]


def test_finish_before_receipt_is_an_error() -> None:
    """A dossier finished before it was received is a data error, not a silent count."""
    with pytest.raises(InvalidDateError, match="finished_on"):
        Period.month(2020, 3).carried_over(D(2020, 3, 5), D(2020, 3, 4))


@pytest.mark.parametrize(
    ("received", "finished", "flags"),
    [
        # flags: received, carried_over, handled, finished_in, open_at_end
        (D(2020, 3, 14), D(2020, 3, 15), (True, False, True, False, True)),  # last day, next day
        (D(2020, 2, 15), D(2020, 3, 14), (True, False, True, True, False)),  # first and last day
        (D(2020, 2, 14), D(2020, 2, 15), (False, True, True, True, False)),  # carried, done day 1
        (D(2020, 2, 14), D(2020, 2, 14), (False, False, False, False, False)),  # done before
        (D(2020, 1, 1), None, (False, True, True, False, True)),  # carried over twice, still open
        (D(2020, 1, 1), D(2020, 4, 1), (False, True, True, False, True)),  # carried, done later
        (D(2020, 3, 15), None, (False, False, False, False, False)),  # received after the end
    ],
)
def test_period_edges(received: dt.date, finished: dt.date | None, flags: tuple[bool, ...]) -> None:
    """The membership rules at every edge of reporting month R2020-03 (15/02 to 14/03)."""
    p = Period.reporting_month(2020, 3)
    got = (
        p.received(received),
        p.carried_over(received, finished),
        p.handled(received, finished),
        p.finished_in(finished),
        p.open_at_end(received, finished),
    )
    assert flags == got


def test_carried_over_twice() -> None:
    """A dossier open for three months is carried over into each later month."""
    received = D(2020, 1, 20)
    months = [Period.month(2020, m) for m in (1, 2, 3)]
    assert [p.carried_over(received, None) for p in months] == [False, True, True]
    assert [p.open_at_end(received, None) for p in months] == [True, True, True]


# --------------------------------------------------------------------------- properties

years = st.integers(min_value=1900, max_value=2200)

periods = st.one_of(
    st.builds(Period.month, years, st.integers(1, 12)),
    st.builds(Period.quarter, years, st.integers(1, 4)),
    st.builds(Period.half, years, st.integers(1, 2)),
    st.builds(Period.nine_months, years),
    st.builds(Period.year, years),
    st.builds(Period.reporting_month, years, st.integers(1, 12)),
    st.builds(Period.reporting_quarter, years, st.integers(1, 4)),
    st.builds(Period.reporting_half, years, st.integers(1, 2)),
    st.builds(Period.reporting_nine_months, years),
    st.builds(Period.reporting_year, years),
    st.tuples(st.dates(D(1900, 1, 1), D(2200, 12, 31)), st.integers(0, 800)).map(
        lambda t: Period.custom(t[0], t[0] + dt.timedelta(days=t[1]))
    ),
)


@given(periods)
def test_parse_round_trips_the_label(period: Period) -> None:
    """Parsing a constructor's label gives the same period with the same label."""
    again = Period.parse(period.label)
    assert (period, period.label) == (again, again.label)


@given(periods)
def test_months_partition_the_period(period: Period) -> None:
    """The months are contiguous, within one calendar month each, and cover the period."""
    months = period.months()
    assert period.start == months[0].start
    assert period.end == months[-1].end
    assert period.days == sum(m.days for m in months)
    for before, after in itertools.pairwise(months):
        assert before.end + dt.timedelta(days=1) == after.start
    for m in months:
        assert (m.start.year, m.start.month) == (m.end.year, m.end.month)


@given(
    periods,
    st.integers(-400, 400),
    st.one_of(st.none(), st.integers(0, 400)),
)
def test_predicates_partition_dossiers(period: Period, offset: int, duration: int | None) -> None:
    """Handled = received xor carried over = finished in the period xor open at the end."""
    received = period.start + dt.timedelta(days=offset)
    finished = None if duration is None else received + dt.timedelta(days=duration)
    handled = period.handled(received, finished)
    received_in = period.received(received)
    carried = period.carried_over(received, finished)
    done = period.finished_in(finished)
    still_open = period.open_at_end(received, finished)
    assert handled == (received_in or carried)
    assert not (received_in and carried)
    assert handled == (done or still_open)
    assert not (done and still_open)


@given(
    periods,
    st.datetimes(dt.datetime(1899, 1, 1), dt.datetime(2203, 1, 1), timezones=st.just(UTC)),
)
def test_contains_matches_the_vietnam_date(period: Period, instant: dt.datetime) -> None:
    """An instant is in the period exactly when its Vietnam date is."""
    assert period.contains(instant.astimezone(VIETNAM_TZ).date()) == period.contains(instant)
