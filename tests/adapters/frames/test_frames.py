"""The dataframe adapter: conversions to and from pandas / polars, vectorised working days."""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from importlib import resources

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc.adapters import frames
from lapvo_cchc.adapters.exports.dimension import calendar_dimension
from lapvo_cchc.adapters.frames import (
    FrameError,
    WorkingDayIndex,
    add_working_days,
    count_working_days,
    is_working_day,
)
from lapvo_cchc.adapters.ledger import read_ledger
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Channel, Dossier
from lapvo_cchc.errors import (
    InvalidTypeError,
    MissingExtraError,
    NaiveDatetimeError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
)
from lapvo_cchc.kpi import FORM_COLUMNS, DossierRecord, Period, record_of, report
from lapvo_cchc.testing import dossiers

ICT = dt.timezone(dt.timedelta(hours=7))
CAL = vietnam()
OFFICIAL_FIRST, OFFICIAL_LAST = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
# days whose result and span stay inside the official years for |n| <= 40 (40 working
# days before 1 March 2019 reach back into 2018, across Tết: hence April)
SAFE_FIRST, SAFE_LAST = dt.date(2019, 4, 1), dt.date(2026, 10, 31)
SAFE = st.dates(SAFE_FIRST, SAFE_LAST)
MAKEUP = [
    d for y in range(2019, 2027) for d in CAL.makeup_workdays(y) if SAFE_FIRST <= d <= SAFE_LAST
]
DAYS = st.one_of(
    SAFE, st.sampled_from(MAKEUP), st.sampled_from([d.date for d in CAL.days_off(2026)])
)
STEPS = st.integers(-40, 40)


def _sample_ledger() -> list[DossierRecord]:
    """The bundled synthetic ledger's records (no row is rejected)."""
    source = resources.files("lapvo_cchc") / "data" / "sample_ledger.csv.gz"
    with resources.as_file(source) as path:
        records, errors = read_ledger(path)
    assert [] == errors
    return records


def _d64(days: list[dt.date]) -> np.ndarray:
    return np.array(days, dtype="datetime64[D]")


# -- vectorised arithmetic against the scalar API ------------------------------------------


@given(st.lists(DAYS, min_size=1, max_size=40), st.data())
def test_add_agrees_with_scalar_for_every_kind(days: list[dt.date], data: st.DataObject) -> None:
    """add_working_days matches WorkCalendar.add_working_days on every row, for all input kinds."""
    steps = data.draw(st.one_of(STEPS, st.lists(STEPS, min_size=len(days), max_size=len(days))))
    per_row = [steps] * len(days) if isinstance(steps, int) else steps
    expected = [CAL.add_working_days(d, n) for d, n in zip(days, per_row, strict=True)]
    assert _d64(expected).tolist() == add_working_days(days, steps, calendar=CAL).tolist()
    assert expected == list(add_working_days(_d64(days), steps, calendar=CAL).tolist())
    series = add_working_days(pd.Series(pd.to_datetime(days)), steps, calendar=CAL)
    assert expected == [t.date() for t in series]
    assert expected == add_working_days(pl.Series("d", days), steps, calendar=CAL).to_list()


@given(st.lists(DAYS, min_size=1, max_size=40), st.lists(DAYS, min_size=40, max_size=40))
def test_count_agrees_with_scalar(a: list[dt.date], b: list[dt.date]) -> None:
    """count_working_days matches the scalar count on every row, in both directions."""
    b = b[: len(a)]
    expected = [CAL.count_working_days(x, y) for x, y in zip(a, b, strict=True)]
    assert expected == count_working_days(a, b, calendar=CAL).tolist()
    assert expected == count_working_days(pd.Series(a), pd.Series(b), calendar=CAL).tolist()
    assert expected == count_working_days(pl.Series(a), pl.Series(b), calendar=CAL).to_list()
    one = [CAL.count_working_days(a[0], y) for y in b]
    assert one == count_working_days(a[0], b, calendar=CAL).tolist()


@given(st.lists(DAYS, min_size=1, max_size=60))
def test_is_working_day_agrees_with_scalar(days: list[dt.date]) -> None:
    """is_working_day matches the scalar flag, make-up Saturdays and Tết included."""
    expected = [CAL.is_working_day(d) for d in days]
    assert expected == is_working_day(days, calendar=CAL).tolist()
    assert expected == is_working_day(pd.Series(days), calendar=CAL).tolist()
    assert expected == is_working_day(pl.Series(days), calendar=CAL).to_list()


@given(st.lists(SAFE, min_size=1, max_size=30), st.integers(-40, 40).filter(bool))
def test_count_inverts_add(days: list[dt.date], n: int) -> None:
    """count(d, add(d, n)) == n for n != 0, row by row (the calendar's identity)."""
    arr = _d64(days)
    assert [n] * len(days) == count_working_days(
        arr, add_working_days(arr, n, calendar=CAL), calendar=CAL
    ).tolist()


@given(
    st.lists(st.dates(dt.date(2027, 1, 1), dt.date(2040, 12, 31)), min_size=1, max_size=30),
    st.integers(-300, 300),
)
def test_provisional_years_agree_with_scalar(days: list[dt.date], n: int) -> None:
    """Rows in provisional years agree with the scalar API too (warnings silenced here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        expected = [CAL.add_working_days(d, n) for d in days]
        counts = [CAL.count_working_days(d, e) for d, e in zip(days, expected, strict=True)]
        flags = [CAL.is_working_day(d) for d in days]
        assert expected == add_working_days(days, n, calendar=CAL).tolist()
        assert counts == count_working_days(days, expected, calendar=CAL).tolist()
        assert flags == is_working_day(days, calendar=CAL).tolist()


def _warned_years(action: object) -> set[int]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()  # type: ignore[operator]
    return {
        int(str(w.message).split(": ")[1][:4])
        for w in caught
        if issubclass(w.category, ProvisionalCalendarWarning)
    }


@pytest.mark.parametrize(
    ("days", "n"),
    [
        ([dt.date(2026, 12, 30)], 1),  # result in 2027
        ([dt.date(2026, 6, 1)], 5),  # stays in 2026: no warning (2027 only padded in the table)
        ([dt.date(2026, 12, 30), dt.date(2030, 5, 5)], 300),  # 2027..2031
        ([dt.date(2028, 3, 1)], -600),  # back into 2025..2028
    ],
)
def test_provisional_warnings_match_the_scalar_api(days: list[dt.date], n: int) -> None:
    """The vectorised path warns for exactly the provisional years the scalar calls warn for."""
    scalar = _warned_years(lambda: [vietnam().add_working_days(d, n) for d in days])
    vector = _warned_years(lambda: add_working_days(days, n, calendar=vietnam()))
    assert scalar == vector


def test_provisional_year_warns_under_filterwarnings_error() -> None:
    """A provisional year touched by a column issues ProvisionalCalendarWarning."""
    with pytest.warns(ProvisionalCalendarWarning, match="2027"):
        is_working_day([dt.date(2027, 5, 3)], calendar=vietnam())


# -- hand-checked answers ----------------------------------------------------------------


def test_known_answers_and_numpy_busday_difference() -> None:
    """Friday 9 Jan 2026 + 1 is the make-up Saturday 10 Jan; numpy's busday_offset says Monday."""
    days = _d64([dt.date(2026, 1, 9), dt.date(2026, 2, 13), dt.date(2026, 8, 28)])
    # 10 Jan: worked for 2 Jan; 23 Feb: first day after Tết (14-22 Feb);
    # 3 Sep: 29-30 Aug weekend, 31 Aug-2 Sep National Day days off
    expected = _d64([dt.date(2026, 1, 10), dt.date(2026, 2, 23), dt.date(2026, 9, 3)])
    assert expected.tolist() == add_working_days(days, 1, calendar=CAL).tolist()
    holidays = [d.date for d in CAL.days_off(2026)]
    numpy_answer = np.busday_offset(days[:1], 1, roll="forward", holidays=holidays)
    assert np.datetime64("2026-01-12") == numpy_answer[0]  # busdaycalendar has no make-up days


def test_aware_datetimes_are_read_in_vietnam_time() -> None:
    """20:00 UTC on Friday 9 Jan 2026 is Saturday 10 Jan in Vietnam: a make-up working day."""
    instant = dt.datetime(2026, 1, 9, 20, 0, tzinfo=dt.UTC)
    assert [True] == is_working_day(pd.Series([instant]), calendar=CAL).tolist()
    assert [True] == is_working_day(pl.Series([instant]), calendar=CAL).to_list()
    naive = pd.Series(pd.to_datetime(["2026-01-11 23:59"]))  # naive: Vietnam wall clock, Sunday
    assert [False] == is_working_day(naive, calendar=CAL).tolist()


def test_missing_dates_propagate_in_pandas_and_polars() -> None:
    """A missing date gives a missing result; the pandas index and the names are kept."""
    series = pd.Series([dt.date(2026, 1, 9), None], index=[10, 11], name="received")
    added = add_working_days(series, 1, calendar=CAL)
    assert [10, 11] == list(added.index)
    assert "received" == added.name
    assert pd.Timestamp("2026-01-10") == added[10]
    assert pd.isna(added[11])
    assert "Int64" == str(count_working_days(series, dt.date(2026, 1, 12), calendar=CAL).dtype)
    assert [True, None] == is_working_day(
        pl.Series([dt.date(2026, 1, 10), None]), calendar=CAL
    ).to_list()
    assert [3, None] == count_working_days(
        pl.Series([dt.date(2026, 1, 8), None]), dt.date(2026, 1, 12), calendar=CAL
    ).to_list()


def test_numpy_nat_is_an_error_for_counts_but_propagates_in_add() -> None:
    """numpy has no missing integers: NaT in a count is an error; in an addition it stays NaT."""
    arr = np.array(["2026-01-09", "NaT"], dtype="datetime64[D]")
    assert np.isnat(add_working_days(arr, 1, calendar=CAL)[1])
    with pytest.raises(FrameError, match="NaT"):
        count_working_days(arr, arr, calendar=CAL)


def test_bad_inputs_name_the_problem() -> None:
    """Wrong types, lengths and ranges raise LapvoErrors saying what was expected."""
    with pytest.raises(InvalidTypeError, match=r"dates\[1\]: expected a datetime.date"):
        add_working_days([dt.date(2026, 1, 9), dt.datetime(2026, 1, 9)], 1, calendar=CAL)
    with pytest.raises(InvalidTypeError, match="n: expected integers"):
        add_working_days([dt.date(2026, 1, 9)], np.array([1.5]), calendar=CAL)
    with pytest.raises(FrameError, match="expected 2 values"):
        add_working_days([dt.date(2026, 1, 9)] * 2, [1, 2, 3], calendar=CAL)
    with pytest.raises(InvalidTypeError, match="expected an array"):
        add_working_days(dt.date(2026, 1, 9), 1, calendar=CAL)
    with pytest.raises(OutOfRangeError, match="1994"):
        is_working_day([dt.date(1994, 12, 30)], calendar=CAL)
    with pytest.raises(OutOfRangeError, match="2199"):
        add_working_days([dt.date(2199, 12, 1)], 100, calendar=CAL)
    with pytest.raises(FrameError, match="expected 1 dates"):
        count_working_days([dt.date(2026, 1, 9)], [dt.date(2026, 1, 9)] * 2, calendar=CAL)


def test_index_gives_the_same_answers_inside_and_outside_its_window() -> None:
    """A prebuilt WorkingDayIndex answers like the calendar, also past its window."""
    index = WorkingDayIndex.build(CAL, 2025, 2026)
    days = _d64([dt.date(2025, 12, 31), dt.date(2026, 2, 13)])
    assert (
        add_working_days(days, 5, calendar=CAL).tolist()
        == add_working_days(days, 5, calendar=index).tolist()
    )
    far = _d64([dt.date(2019, 5, 2)])  # outside the window: answered from the calendar
    assert [CAL.add_working_days(dt.date(2019, 5, 2), 1)] == add_working_days(
        far, 1, calendar=index
    ).tolist()
    assert (
        CAL.count_working_days(OFFICIAL_FIRST, OFFICIAL_LAST)
        == count_working_days(OFFICIAL_FIRST, [OFFICIAL_LAST], calendar=index).tolist()[0]
    )


# -- dossiers ----------------------------------------------------------------------------


def _dossier(seq: int, day: int, **kw: object) -> Dossier:
    return Dossier.received(
        f"000.00.06.H56-2603{day:02d}-{seq:04d}",
        procedure_code="1.001193",
        time_limit=kw.pop("limit", TimeLimit.working_days(3)),  # type: ignore[arg-type]
        agency="000.00.06.H56",
        channel=kw.pop("channel", Channel.IN_PERSON),  # type: ignore[arg-type]
        at=dt.datetime(2026, 3, day, 9, 30, tzinfo=ICT),
        assisted=bool(kw.pop("assisted", False)),
    )


def _sample_dossiers() -> list[Dossier]:
    online = Dossier.submitted(
        "000.00.06.H56-260301-0009",
        procedure_code="1.001193",
        time_limit=TimeLimit.same_day(cutoff=dt.time(15)),
        agency="000.00.06.H56",
        at=dt.datetime(2026, 3, 1, 21, 0, tzinfo=ICT),
    ).receive(dt.datetime(2026, 3, 2, 7, 30, 0, 123456, tzinfo=ICT))
    return [
        _dossier(1, 2),
        _dossier(2, 2, assisted=True).resolve(dt.datetime(2026, 3, 4, 16, tzinfo=ICT)),
        _dossier(3, 3, channel=Channel.POSTAL)
        .resolve(dt.datetime(2026, 3, 10, 8, tzinfo=ICT), approved=False, reason="thiếu giấy tờ")
        .return_result(dt.datetime(2026, 3, 11, 8, tzinfo=ICT)),
        online,
        _dossier(4, 4, limit=TimeLimit.calendar_days(15)),
    ]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_dossiers_round_trip(backend: frames.Backend) -> None:
    """Dossiers with receipt, submission, resolution and return come back equal."""
    sample = _sample_dossiers()
    frame = frames.dossiers_to_frame(sample, calendar=CAL, backend=backend)
    assert [name for name, _ in frames.DOSSIER_COLUMNS] == list(frame.columns)
    assert sample == frames.dossiers_from_frame(frame)


def test_dossier_frame_derived_fields_match_the_dossier() -> None:
    """State, deadline, appointment and outcome columns are the dossier's own derived values."""
    sample = _sample_dossiers()
    as_of = dt.datetime(2026, 3, 6, 12, tzinfo=ICT)
    frame = frames.dossiers_to_frame(sample, calendar=CAL, as_of=as_of)
    for d, row in zip(sample, frame.to_dict("records"), strict=True):
        deadline = d.deadline(calendar=CAL)
        assert deadline is not None
        assert d.state.name == row["state"]
        assert deadline.date == row["due_date"].date()
        assert deadline.at == row["due_at"]
        assert d.appointment(calendar=CAL) == row["appointment"].date()
        outcome = d.outcome(calendar=CAL, as_of=as_of)
        assert (None if outcome is None else outcome.name) == row["outcome"]
    # hand-checked: received Mon 2 Mar 09:30, 3 working days -> due Thu 5 Mar (24:00), so on
    # Fri 6 Mar the open one is overdue; the one resolved Wed 4 Mar is early
    assert ["OVERDUE", "EARLY"] == list(frame["outcome"][:2])
    assert pd.Timestamp("2026-03-05") == frame["due_date"][0]


@given(dossiers(max_events=6))
def test_dossier_frames_agree_with_scalar_derivations(d: Dossier) -> None:
    """For generated dossiers, the frame's header and derived columns equal the dossier's."""
    frame = frames.dossiers_to_frame([d], calendar=CAL, backend="polars")
    row = frame.row(0, named=True)
    assert str(d.code) == row["code"]
    assert d.state.name == row["state"]
    assert d.received_at == row["received_at"]
    assert d.finished_at == row["finished_at"]
    deadline = d.deadline(calendar=CAL)
    assert (None if deadline is None else deadline.date) == row["due_date"]
    if d.received_at is not None:
        back = frames.dossiers_from_frame(frame)[0]
        assert (d.code, d.time_limit, d.channel, d.received_at) == (
            back.code,
            back.time_limit,
            back.channel,
            back.received_at,
        )


def test_dossiers_from_frame_errors_name_column_and_row() -> None:
    """A missing column, a bad channel and naive datetimes refused are reported precisely."""
    frame = frames.dossiers_to_frame(_sample_dossiers(), calendar=CAL)
    with pytest.raises(FrameError, match="missing column 'agency'"):
        frames.dossiers_from_frame(frame.drop(columns=["agency"]))
    bad = frame.copy()
    bad.loc[1, "channel"] = "fax"
    with pytest.raises(FrameError, match=r"column 'channel', row 1: .*'fax'"):
        frames.dossiers_from_frame(bad)
    naive = frame.copy()
    naive["received_at"] = naive["received_at"].dt.tz_localize(None)
    with pytest.raises(NaiveDatetimeError, match="received_at"):
        frames.dossiers_from_frame(naive, naive_is_vietnam=False)


# -- KPI records -------------------------------------------------------------------------


@given(
    st.lists(dossiers(max_events=6, refusals=False), max_size=5),
    st.sampled_from(["pandas", "polars"]),
)
def test_records_round_trip(sample: list[Dossier], backend: frames.Backend) -> None:
    """records_from_frame(records_to_frame(rs)) == rs for records of generated dossiers."""
    records = [
        record_of(d, calendar=CAL, level="commune", field="Hộ tịch")
        for d in sample
        if d.received_at
    ]
    frame = frames.records_to_frame(records, backend=backend)
    assert len(records) == len(frame)
    assert records == frames.records_from_frame(frame)


def test_sample_ledger_records_round_trip_and_report_the_same() -> None:
    """The bundled ledger survives a frame round trip, and its report is unchanged."""
    records = _sample_ledger()
    frame = frames.records_to_frame(records)
    back = frames.records_from_frame(frame)
    assert records == back
    period = Period.half(2020, 1)
    assert report(records, period).to_rows() == report(back, period).to_rows()


def test_records_from_frame_defaults_and_errors() -> None:
    """Optional columns take DossierRecord.build's defaults; finish without finished_at fails."""
    frame = pd.DataFrame(
        {
            "code": ["D1"],
            "procedure": ["1.001193"],
            "agency": ["a"],
            "channel": ["bưu chính công ích"],
            "received_at": pd.to_datetime(["2020-03-02 09:00"]),
            "due_at": pd.to_datetime(["2020-03-06 00:00"]).tz_localize(ICT),
        }
    )
    [record] = frames.records_from_frame(frame)
    assert Channel.POSTAL == record.channel
    assert dt.date(2020, 3, 5) == record.due_date  # 24:00 on 5 March belongs to 5 March
    assert record.due_ts == record.promised_ts
    frame["finish"] = ["approved"]
    with pytest.raises(FrameError, match="finished_at and finish together"):
        frames.records_from_frame(frame)


# -- report and calendar -----------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_report_frame_has_the_report_rows(backend: frames.Backend) -> None:
    """One row per group plus the totals, with the form counts of the report."""
    rep = report(_sample_ledger(), Period.half(2020, 1), by=("level", "month"))
    frame = frames.report_to_frame(rep, backend=backend)
    rows = frame.to_dict("records") if backend == "pandas" else frame.to_dicts()
    assert len(rep.rows) + 1 == len(rows)
    for row, got in zip((*rep.rows, rep.total), rows, strict=True):
        assert row.counts.as_dict(form_only=True) == {k: got[k] for k in FORM_COLUMNS}
        assert (not row.key) == got["is_total"]
    assert list(rep.rows[0].key) == [rows[0]["level"], rows[0]["month"]]
    plain = rep.to_rows()[0]
    assert plain["resolution_rate"] == rows[0]["resolution_rate"]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_calendar_frame_matches_the_dimension_rows(backend: frames.Backend) -> None:
    """The calendar frame has the dimension rows; ordinal differences are working-day counts."""
    start, end = dt.date(2025, 12, 20), dt.date(2026, 3, 1)
    frame = frames.calendar_to_frame(CAL, start, end, backend=backend)
    rows = calendar_dimension(CAL, start, end)
    assert len(rows) == len(frame)
    data = frame.to_dict("list") if backend == "pandas" else frame.to_dict(as_series=False)
    days = [d.date() if isinstance(d, pd.Timestamp) else d for d in data["date"]]
    assert [r.date for r in rows] == days
    assert [r.is_working_day for r in rows] == list(data["is_working_day"])
    assert [r.holiday_name for r in rows] == [
        None if pd.isna(v) else v for v in data["holiday_name"]
    ]
    ords = list(data["working_day_ordinal"])
    assert CAL.count_working_days(days[3], days[-1]) == ords[-1] - ords[3]


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without polars installed the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtraError, match=r'pip install "lapvo-cchc\[polars\]"'):
        frames.records_to_frame([], backend="polars")


def test_unknown_backend_and_non_frames_are_rejected() -> None:
    """Only pandas and polars frames are accepted."""
    with pytest.raises(FrameError, match="backend"):
        frames.records_to_frame([], backend="spark")  # type: ignore[arg-type]
    with pytest.raises(FrameError, match="expected a pandas or polars DataFrame"):
        frames.records_from_frame({"code": []})
