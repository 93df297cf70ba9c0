"""Running the plan on a SQL database: the steps every SQL engine shares (private module).

An engine gives a :class:`SqlBackend` (run a statement, fetch rows, write a
small table, the SQLGlot dialect) and a relation ``lv_src`` over the
source; :func:`run_plan` writes the word lists, the sub-periods and the
calendar dimension, runs the plan and turns its rows into the same
:class:`~lapvo_cchc.adapters.ledger.LedgerReport` the python engine gives.
"""

from __future__ import annotations

import csv
import os
import warnings
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from lapvo_cchc.adapters.ledger import (
    COLUMNS,
    DUE_READINGS,
    FLAT,
    LedgerError,
    LedgerReport,
    MidnightDueWarning,
    RowError,
)
from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR
from lapvo_cchc.deadlines import DECREE_61_2018, DECREE_118_2025
from lapvo_cchc.engines._calendar_dim import BUCKET_COLUMNS, DAY_COLUMNS, build_dimension
from lapvo_cchc.engines._compat import build_report
from lapvo_cchc.engines._dictionary import (
    UNIT_CODES,
    assisted_rows,
    channel_rows,
    finish_rows,
    level_rows,
    limit_rows,
)
from lapvo_cchc.engines._plan import DIMENSIONS, MEASURE_SQL, PlanOptions, build_plan
from lapvo_cchc.engines._single import (
    CODES_SQL,
    SinglePass,
    first_rows_sql,
    single_sql,
    static_words,
)
from lapvo_cchc.engines._sqltext import CLOCK_RE, MIDNIGHT_RE, semicolons, unquote
from lapvo_cchc.errors import LapvoError, MissingExtraError, ProvisionalCalendarWarning
from lapvo_cchc.kpi import FormCounts
from lapvo_cchc.kpi.counting import UnitCheck
from lapvo_cchc.procedures import TWO_TIER_DATE

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.engines._calendar_dim import CalendarDimension
    from lapvo_cchc.kpi import IndicatorRegistry, Period, ReportNote
    from lapvo_cchc.procedures import UnitRegistry

__all__ = [
    "MAX_PAUSES",
    "EngineError",
    "SqlBackend",
    "finish_progress",
    "run_plan",
    "source_name",
    "transpile",
]

MAX_PAUSES = 8
"""Supplement requests per dossier the SQL plan reads (more: use the python engine)."""

_HOURS = UNIT_CODES["WORKING_HOURS"]
_REQUIRED = ("dossier_code", "procedure_code", "agency_code", "channel", "received_at")


class EngineError(LapvoError):
    """An engine cannot run a report (missing extra, unsupported source or data).

    Example:
        >>> issubclass(EngineError, LapvoError)
        True
    """


class SqlBackend(Protocol):
    """What :func:`run_plan` needs from a database connection (private)."""

    dialect: str

    def execute(self, sql: str) -> None:
        """Run a statement written in DuckDB's dialect."""

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query written in DuckDB's dialect and return its rows."""

    def write(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """(Re)create a small temporary table and fill it."""


def finish_progress(progress: ProgressBar | None, rows_read: int) -> None:
    """Bring *progress* to the rows read (rejected rows and what it did not see)."""
    if progress is not None and rows_read > progress.count:
        progress.update(rows_read - progress.count)


def transpile(sql: str, dialect: str, *, needs: str, extra: str) -> str:
    """*sql*, written in DuckDB's dialect, in SQLGlot's *dialect*.

    Raises:
        MissingExtraError: SQLGlot is not installed (*needs* it; *extra* brings it).

    Example:
        >>> transpile("SELECT 7 // 2", "postgres", needs="the postgres engine", extra="duckdb")
        'SELECT DIV(7, 2)'
    """
    try:
        import sqlglot
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            f"{needs} needs sqlglot: pip install 'lapvo-cchc[{extra}]'"
        ) from None
    out: str = sqlglot.transpile(sql, read="duckdb", write=dialect)[0]
    return out


def source_name(source: object) -> str:
    """The name of *source* in messages: a file's path, else ``"ledger"``."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return "ledger"


def check_header(header: Sequence[str]) -> None:
    """Raise :class:`LedgerError` as the python reader does for a header it refuses.

    A name longer than the ``csv`` module's field limit, or a required column missing.
    """
    limit = csv.field_size_limit()
    for i, name in enumerate(header):
        if len(name) > limit:
            raise LedgerError(
                f"ledger line 1, field {i + 1} (header): a field longer than {limit:,} characters"
            )
    index, _shown = FLAT.locate(header)
    missing = [c for c in _REQUIRED if index[COLUMNS.index(c)] < 0]
    if missing:
        raise LedgerError(
            f"ledger line 1: missing column(s) {', '.join(missing)}; "
            f"expected the columns {', '.join(COLUMNS)}"
        )


def _year(col: str) -> str:
    """The year of an instant cell, NULL when the reader would refuse it (not 1995-2199).

    Years the reader refuses do not widen the calendar dimension, so they
    neither load nor warn about provisional years the python engine never sees.
    """
    digits = " AND ".join(f"SUBSTRING({col}, {i}, 1) BETWEEN '0' AND '9'" for i in range(1, 5))
    # compared as text: Polars casts every row of a CASE, and an empty cell is no number
    known = f"SUBSTRING({col}, 1, 4) BETWEEN '{MIN_YEAR}' AND '{MAX_YEAR}'"
    return f"CASE WHEN {digits} AND {known} THEN CAST(SUBSTRING({col}, 1, 4) AS INTEGER) END"


def _profile(db: SqlBackend) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """The distinct words of the vocabulary columns and the source's extent (one scan).

    The extent ends with the due cells at 00:00:00 and the due cells with a
    clock time (those of limits in working hours left out): the evidence of
    the ``"auto"`` due reading.
    """
    years = [
        _year(c)
        for c in ("received_at", "due_at", "finished_at", "supplement_requested_at",
                  "supplement_supplied_at")
    ]  # fmt: skip
    latest = ", ".join(f"COALESCE({y}, 0)" for y in years)
    rows = db.fetch(
        f"""SELECT channel, finish_kind, level, assisted, time_limit,
  MAX({semicolons("supplement_requested_at")}),
  MAX({semicolons("supplement_supplied_at")}),
  MIN({years[0]}), MAX(GREATEST({latest})),
  SUM(CASE WHEN time_limit <> '' AND (due_at = '' OR supplement_requested_at <> '')
    THEN 1 ELSE 0 END),
  SUM(CASE WHEN supplement_requested_at <> '' OR supplement_supplied_at <> ''
    THEN 1 ELSE 0 END),
  SUM(CASE WHEN LENGTH(due_at) <= 10 THEN 0
    WHEN REGEXP_MATCHES(due_at, '{MIDNIGHT_RE}') THEN 1 ELSE 0 END),
  SUM(CASE WHEN LENGTH(due_at) <= 10 THEN 0 WHEN REGEXP_MATCHES(due_at, '{MIDNIGHT_RE}') THEN 0
    WHEN REGEXP_MATCHES(due_at, '{CLOCK_RE}') THEN 1 ELSE 0 END)
FROM lv_trim GROUP BY channel, finish_kind, level, assisted, time_limit"""
    )
    words = [r[:5] for r in rows]

    def fold(i: int, f: Any) -> Any:
        values = [r[i] for r in rows if r[i] is not None]
        return f(values) if values else None

    extent = (fold(5, max), fold(6, max), fold(7, min), fold(8, max), fold(9, sum), fold(10, sum))
    hourly = {r[0] for r in limit_rows({w[4] for w in words} - {""}) if r[1] == _HOURS}
    # a due instant with a clock time shows a true instant column, unless its limit is in hours
    midnights = sum(int(r[11] or 0) for r in rows)
    clocks = sum(int(r[12] or 0) for r in rows if r[4] not in hourly)
    return words, (*extent, midnights, clocks)


_TRIM_VIEW = """CREATE VIEW lv_trim AS SELECT {cols} FROM (SELECT *,
  (dossier_code <> TRIM(dossier_code) OR received_at <> TRIM(received_at)) AS lv_pad
  FROM lv_src_raw) s"""


def run_plan(  # noqa: PLR0915 (the steps read in order)
    db: SqlBackend,
    source: object,
    *,
    period: Period,
    dims: tuple[str, ...],
    calendar: DeadlineCalendar | None,
    registry: IndicatorRegistry | None,
    due_as: str = "auto",
    units: UnitRegistry | None = None,
    progress: ProgressBar | None = None,
    single: bool = False,
) -> LedgerReport:
    """Run the report's plan on *db*, whose ``lv_src`` is the ledger as text.

    ``lv_src`` has the row's line in ``lv_line``; ``lv_src_raw`` is the same
    without it (a cheaper scan for the source's profile). *due_as* is the
    ledger reader's reading of due cells at 00:00:00 (``"auto"``, ``"dates"``,
    ``"instants"``); *source* is named in the
    :class:`~lapvo_cchc.adapters.ledger.MidnightDueWarning`; with *units*, the
    report notes the dossiers of units gone after the 2025 reform (as the
    python engine's ``units=``); *progress* ends at the rows read (an engine
    that sees its query's progress moves it before). With *single* (DuckDB's
    dialect), a clean source is counted in one pass
    (:mod:`~lapvo_cchc.engines._single`); the plan runs when it is not, with
    *progress* restarted.

    Raises:
        ValueError: an unknown *due_as*.
        EngineError: a dimension the plan does not group by (``successor``).
        EngineError: a row with more supplement requests than :data:`MAX_PAUSES`,
            or a deadline beyond the calendar's years.
    """
    cols = ", ".join(f"CASE WHEN lv_pad THEN TRIM({c}) ELSE {c} END AS {c}" for c in COLUMNS)
    db.execute(_TRIM_VIEW.format(cols=cols))
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown:
        raise EngineError(
            f"engines: by={', '.join(unknown)}: the SQL engines group by "
            f"{', '.join(DIMENSIONS)}; use engine='python'"
        )
    if due_as not in DUE_READINGS:
        raise ValueError(f"due_as: expected one of {', '.join(DUE_READINGS)}, got {due_as!r}")
    passes = 2  # the profile, then the rows
    if single:
        done = _single_pass(
            db,
            source,
            period=period,
            dims=dims,
            calendar=calendar,
            registry=registry,
            due_as=due_as,
            units=units,
        )
        if isinstance(done, LedgerReport):
            finish_progress(progress, done.rows_read)
            return done
        passes += done.passes
        if progress is not None:
            progress.restart()
    words, extent = _profile(db)
    max_req, max_sup, lo_year, hi_year, need_deadlines, with_pauses, midnights, clocks = extent
    midnight_dates = due_as == "dates" or (due_as == "auto" and midnights > 0 and clocks == 0)
    if midnight_dates and due_as == "auto":
        warnings.warn(MidnightDueWarning.about(source_name(source)), stacklevel=3)
    pauses = max(int(max_req or 0), int(max_sup or 0)) + 1 if with_pauses else 0
    if pauses > MAX_PAUSES:
        raise EngineError(
            f"engines: a row has {pauses} supplement requests; the SQL plan reads up to "
            f"{MAX_PAUSES}: use engine='python'"
        )
    _write_words(
        db,
        {
            "channel": channel_rows({w[0] for w in words}),
            "finish": finish_rows({w[1] for w in words}),
            "level": level_rows({w[2] for w in words}),
            "assisted": assisted_rows({w[3] for w in words}),
            "limit": limit_rows({w[4] for w in words} - {""}),
        },
    )
    _write_periods(db, period, dims)
    deadlines = bool(need_deadlines)
    g = 86400
    if deadlines or calendar is not None:
        lo = min(max(int(lo_year or period.start.year), MIN_YEAR), MAX_YEAR)
        hi = min(max(int(hi_year or period.end.year), lo), MAX_YEAR)
        # one more year for deadlines that cross the last year seen
        g = _write_calendar(db, calendar, lo, hi, min(hi + 1, MAX_YEAR)).g
    options = _options(
        db.dialect,
        dims,
        pauses=pauses,
        deadlines=deadlines,
        working_days=calendar is not None,
        g=g,
        midnight_dates=midnight_dates,
        unit_keys=units is not None and period.end >= TWO_TIER_DATE,
    )
    plan = build_plan(options)
    db.execute(plan.rows)
    first, missing = db.fetch(plan.missing_deadlines)[0]
    if missing:
        raise EngineError(
            f"engines: {missing} dossier(s), the first on line {first}, have a deadline "
            "outside the calendar's years 1995-2199 or its dimension: use engine='python'"
        )
    read, accepted, midnights_read = db.fetch(plan.counts)[0]
    errors = []
    for line, err in db.fetch(plan.errors):
        column, _, reason = str(err).partition("|")
        errors.append(RowError(int(line), column, unquote(reason)))
    total = _form(db.fetch(plan.total)[0])
    groups: dict[tuple[str, ...], FormCounts] = {}
    if plan.groups:
        width = len(dims)
        for row in db.fetch(plan.groups):
            groups[tuple(str(x) for x in row[:width])] = _form(row[width:])
    notes = []
    if options.unit_keys:
        assert units is not None  # noqa: S101 (unit_keys is set only with units)
        note = _unit_check(db, units, period).note()
        if note is not None:
            notes.append(note)
    rep = build_report(period, dims, total, groups, registry, notes=notes)
    if due_as != "auto":
        reading: str | None = due_as
    else:
        reading = "dates" if midnight_dates else ("instants" if clocks else None)
    finish_progress(progress, int(read or 0))
    return LedgerReport(
        rep,
        tuple(errors),
        int(read or 0),
        int(accepted or 0),
        due_reading=reading,
        due_midnights=int(midnights_read or 0),
        passes=passes,
    )


def _form(values: Sequence[Any]) -> FormCounts:
    """The form's counts from the measures of a row (in :data:`MEASURE_SQL` order)."""
    names = [*MEASURE_SQL, "resolved_working_days"]
    return FormCounts(**{n: int(v or 0) for n, v in zip(names, values, strict=True)})


def _write_words(db: SqlBackend, words: Mapping[str, list[tuple[Any, ...]]]) -> None:
    """The word lists (``lv_dict_*``) the plan joins to, by list name (``channel``...)."""
    db.write("lv_dict_channel", ("txt", "code", "label"), ("VARCHAR", "INTEGER", "VARCHAR"),
             words["channel"])  # fmt: skip
    db.write("lv_dict_finish", ("txt", "code"), ("VARCHAR", "INTEGER"), words["finish"])
    db.write("lv_dict_level", ("txt", "lv"), ("VARCHAR", "VARCHAR"), words["level"])
    db.write("lv_dict_assisted", ("txt", "flag"), ("VARCHAR", "INTEGER"), words["assisted"])
    db.write("lv_dict_limit", ("txt", "unit", "n", "cut", "err"),
             ("VARCHAR", "INTEGER", "BIGINT", "BIGINT", "VARCHAR"), words["limit"])  # fmt: skip


def _write_periods(db: SqlBackend, period: Period, dims: tuple[str, ...]) -> None:
    """``lv_periods``: the period (``pid`` 0) and, grouped by month, its months."""
    s, e = period.start.toordinal(), period.end.toordinal()
    periods = [(0, "", s, (e + 1) * 86400)]
    if "month" in dims:
        periods += [
            (i + 1, m.label, m.start.toordinal(), (m.end.toordinal() + 1) * 86400)
            for i, m in enumerate(period.months())
        ]
    db.write("lv_periods", ("pid", "label", "s_day", "cut"),
             ("INTEGER", "VARCHAR", "BIGINT", "BIGINT"), periods)  # fmt: skip


def _write_calendar(
    db: SqlBackend, calendar: DeadlineCalendar | None, lo: int, hi: int, last: int
) -> CalendarDimension:
    """The calendar dimension (``lv_cal_*``) of years *lo* to *last*.

    A :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning` is raised for
    the years *lo* to *hi* only (the others are there for deadlines that
    run past the years the data shows). No calendar: Vietnam's.
    """
    if calendar is None:
        from lapvo_cchc.calendars import vietnam

        calendar = vietnam()
    dim = build_dimension(calendar, lo, hi)
    if last > hi:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            dim = build_dimension(calendar, lo, last)
    db.write("lv_cal_day", DAY_COLUMNS, ("BIGINT",) * len(DAY_COLUMNS), dim.days)
    db.write("lv_cal_wd", ("k", "d"), ("BIGINT", "BIGINT"), dim.working)
    db.write("lv_cal_bucket", BUCKET_COLUMNS, ("BIGINT",) * len(BUCKET_COLUMNS), dim.buckets)
    return dim


def _options(dialect: str, dims: tuple[str, ...], **kwargs: Any) -> PlanOptions:
    """The plan's options for *dims* on *dialect*, with both regimes' same-day cut-offs."""
    start_118 = DECREE_118_2025.valid_from
    assert start_118 is not None  # noqa: S101 (a built-in constant)
    cutoffs = (
        (0, _seconds(DECREE_61_2018.same_day_cutoff)),
        (start_118.toordinal(), _seconds(DECREE_118_2025.same_day_cutoff)),
    )
    return PlanOptions(
        same_day_cutoffs=cutoffs,
        attrs_by=tuple(d for d in dims if d != "month"),
        by_month="month" in dims,
        fast_instants=dialect == "duckdb",
        **kwargs,
    )


def _single_pass(
    db: SqlBackend,
    source: object,
    *,
    period: Period,
    dims: tuple[str, ...],
    calendar: DeadlineCalendar | None,
    registry: IndicatorRegistry | None,
    due_as: str,
    units: UnitRegistry | None,
) -> LedgerReport | _Unclean:
    """The report by :mod:`~lapvo_cchc.engines._single`, or how many reads found it unclean.

    The first read counts the rows, the repeated codes and the most pauses
    of a row; the single pass (read again for due dates written at midnight)
    counts the form.
    """
    checks_units = units is not None and period.end >= TWO_TIER_DATE
    source_rows, repeated, most_requests, most_supplies = db.fetch(CODES_SQL)[0]
    pauses = max(int(most_requests or 0), int(most_supplies or 0)) + 1
    if repeated or pauses > MAX_PAUSES:
        return _Unclean(1)
    _write_words(db, static_words())
    _write_periods(db, period, dims)
    lo = min(max(period.start.year - 2, MIN_YEAR), MAX_YEAR)
    hi = min(max(period.end.year, lo), MAX_YEAR)
    dim = _write_calendar(db, calendar, lo, hi, min(hi + 2, MAX_YEAR))

    def run(*, midnight_dates: bool) -> SinglePass:
        o = _options(
            db.dialect,
            dims,
            pauses=pauses,
            deadlines=True,
            working_days=calendar is not None,
            g=dim.g,
            midnight_dates=midnight_dates,
            unit_keys=checks_units,
        )
        return SinglePass.of(db.fetch(single_sql(o, dim.first)), o, int(source_rows))

    dates = due_as == "dates"
    result = run(midnight_dates=dates)
    passes = 2
    if not result.clean:
        return _Unclean(passes)
    if due_as == "auto" and result.midnights and not result.clocks:
        # every due instant at 00:00: the ledger's due dates, read again as dates
        result = run(midnight_dates=True)
        passes += 1
        if not result.clean:  # pragma: no cover - the same rows
            return _Unclean(passes)
        dates = True
        warnings.warn(MidnightDueWarning.about(source_name(source)), stacklevel=4)
    groups = {k: _form(v) for k, v in result.groups.items()}
    notes = []
    if checks_units:
        assert units is not None  # noqa: S101 (checks_units is set only with units)
        note = _unit_note(db, units, period, result.unit_groups)
        if note is not None:
            notes.append(note)
    rep = build_report(period, dims, _form(result.total), groups, registry, notes=notes)
    if due_as != "auto":
        reading: str | None = due_as
    else:
        reading = "dates" if dates else ("instants" if result.clocks else None)
    return LedgerReport(
        rep,
        (),
        result.read,
        result.read,
        due_reading=reading,
        due_midnights=result.midnights if dates else 0,
        passes=passes,
    )


def _unit_note(
    db: SqlBackend,
    units: UnitRegistry,
    period: Period,
    groups: Sequence[tuple[str, str, int, int]],
) -> ReportNote | None:
    """The reform note of the single pass's unit groups, its examples in file order.

    The count does not depend on the order; the examples (the first three
    messages) do, so with more than one message the groups that give one are
    put in the order of their first line (:func:`first_rows_sql`).
    """
    probe = UnitCheck(units, period)
    noted = []
    for group in groups:
        before = probe.count
        probe.count_group(*group)
        if probe.count > before:
            noted.append(group)
    if len(probe.examples) <= 1:
        return probe.note()
    start = period.start.toordinal() * 86400
    cut = (period.end.toordinal() + 1) * 86400
    first = {
        (str(a), str(lv), int(d)): int(line)
        for a, lv, d, line in db.fetch(first_rows_sql(sorted({g[0] for g in noted}), start, cut))
    }
    check = UnitCheck(units, period)
    for group in sorted(noted, key=lambda g: first[g[:3]]):
        check.count_group(*group)
    return check.note()


@attrs.frozen
class _Unclean:
    """A single pass found the source needs the full plan, after *passes* reads."""

    passes: int


def _unit_check(db: SqlBackend, units: UnitRegistry, period: Period) -> UnitCheck:
    """The check of units gone after the 2025 reform, on rows grouped by unit and receipt day.

    The groups come in the order of their first row, so the examples are the
    python engine's (the first three messages in file order).
    """
    check = UnitCheck(units, period)
    reform = TWO_TIER_DATE.toordinal() * 86400
    cut = (period.end.toordinal() + 1) * 86400
    start = period.start.toordinal() * 86400
    rows = db.fetch(
        f"""SELECT u_agency, u_level, rec // 86400 AS lv_day, COUNT(*) AS n,
  MIN(lv_line) AS lv_first FROM lv_rows
WHERE lv_err IS NULL AND rec >= {reform} AND rec < {cut} AND (fin IS NULL OR fin >= {start})
GROUP BY u_agency, u_level, rec // 86400 ORDER BY lv_first"""
    )
    for agency, level, day, n, _first in rows:
        check.count_group(str(agency), str(level), int(day), int(n))
    return check


def _seconds(cutoff: dt.time | None) -> int:
    """A regime's same-day cut-off in seconds of the day; no cut-off is 86400 (never passed)."""
    if cutoff is None:
        return 86400
    return cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second
