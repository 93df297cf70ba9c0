"""Dataframes (pandas and polars): dossiers, records, reports, the calendar, working days.

Conversions between the library's values and frames, for analysts in
notebooks and for columnar pipelines:

* :func:`dossiers_to_frame` / :func:`dossiers_from_frame`: a dossier's header
  and derived fields (state, deadline, appointment, outcome) per row; back
  from a frame, dossiers with their receipt (and submission, resolution and
  return of the result when those columns are filled).
* :func:`records_to_frame` / :func:`records_from_frame`: the KPI records
  (:class:`~lapvo_cchc.kpi.DossierRecord`), losslessly.
* :func:`report_to_frame`: the statistical report, one row per group and the totals
  (:func:`report_to_pandas`, :func:`report_to_polars`; :func:`view` gives a
  report with ``to_pandas()``, ``to_polars()`` and ``plot()`` at hand).
* :func:`calendar_to_frame`: the calendar dimension table
  (:func:`lapvo_cchc.adapters.exports.dimension.calendar_dimension`).
* :func:`add_working_days`, :func:`count_working_days`, :func:`is_working_day`:
  working-day arithmetic over whole date columns (numpy, pandas, polars),
  agreeing row by row with the scalar methods of
  :class:`~lapvo_cchc.calendars.WorkCalendar`, make-up Saturdays included.

Instants are aware, in Vietnam time (pandas ``datetime64[us, UTC+07:00]``,
polars ``Datetime("us", "Etc/GMT-7")``); calendar days are pandas
``datetime64[s]`` at midnight or polars ``Date``. Reading a frame, naive
datetimes are taken as Vietnam time unless ``naive_is_vietnam=False``.

Needs the ``pandas`` or ``polars`` extra (``pip install "lapvo-cchc[pandas]"``);
without it the functions raise :class:`~lapvo_cchc.errors.MissingExtraError`.

Example:
    >>> import datetime as dt
    >>> import pandas as pd
    >>> from lapvo_cchc.calendars import vietnam
    >>> frame = pd.DataFrame({"received": pd.to_datetime(["2026-01-09", "2026-02-13"])})
    >>> frame["due"] = add_working_days(frame["received"], 1, calendar=vietnam())
    >>> frame["due"].dt.strftime("%a %d/%m").tolist()    # a make-up Saturday; after Tết
    ['Sat 10/01', 'Mon 23/02']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from lapvo_cchc.adapters.frames._columns import (
    Backend,
    Frame,
    Kind,
    build_frame,
    read_column,
)
from lapvo_cchc.adapters.frames._dates import (
    FrameError,
    add_working_days,
    count_working_days,
    is_working_day,
)
from lapvo_cchc.adapters.frames._report import report_csv
from lapvo_cchc.adapters.frames._vector import WorkingDayIndex
from lapvo_cchc.reports.plot import DEFAULT_RATE

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.kpi import DossierRecord, FinishKind, Report
from lapvo_cchc.adapters.frames._dossiers import (
    DOSSIER_COLUMNS,
    _channel,
    dossiers_from_frame,
    dossiers_to_frame,
)

__all__ = [
    "DOSSIER_COLUMNS",
    "RECORD_COLUMNS",
    "FrameError",
    "ReportView",
    "WorkingDayIndex",
    "add_working_days",
    "calendar_to_frame",
    "count_working_days",
    "dossiers_from_frame",
    "dossiers_to_frame",
    "is_working_day",
    "records_from_frame",
    "records_to_frame",
    "report_csv",
    "report_to_frame",
    "report_to_pandas",
    "report_to_polars",
    "view",
]

RECORD_COLUMNS: Final[tuple[tuple[str, Kind], ...]] = (
    ("code", "str"),
    ("procedure", "str"),
    ("agency", "str"),
    ("level", "str"),
    ("field", "str"),
    ("channel", "str"),
    ("assisted", "bool"),
    ("received_at", "instant"),
    ("due_at", "instant"),
    ("due_date", "date"),
    ("promised_at", "instant"),
    ("finished_at", "instant"),
    ("finish", "str"),
    ("supplements", "int"),
    ("supplement_seconds", "int"),
    ("last_supplied_at", "instant"),
    ("pending_since", "instant"),
)
"""The columns of :func:`records_to_frame`, in the order of :class:`~lapvo_cchc.kpi.DossierRecord`.

``channel`` and ``finish`` hold the Vietnamese enum values; reading also
accepts the member names.

Example:
    >>> RECORD_COLUMNS[7]
    ('received_at', 'instant')
"""


def records_to_frame(records: Iterable[DossierRecord], *, backend: Backend = "pandas") -> Frame:
    """One row per :class:`~lapvo_cchc.kpi.DossierRecord` (:data:`RECORD_COLUMNS`).

    Lossless: :func:`records_from_frame` gives back equal records.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Channel
        >>> from lapvo_cchc.kpi import DossierRecord, FinishKind
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> r = DossierRecord.build(code="H56-1", procedure="1.001193", agency="xa-tan-my",
        ...     level="commune", field="Hộ tịch", channel=Channel.ONLINE,
        ...     received_at=dt.datetime(2020, 3, 2, 9, tzinfo=ict),
        ...     due_at=dt.datetime(2020, 3, 6, tzinfo=ict),
        ...     finished_at=dt.datetime(2020, 3, 4, 15, tzinfo=ict), finish=FinishKind.APPROVED)
        >>> frame = records_to_frame([r], backend="polars")
        >>> frame.select("code", "channel", "due_date", "finish").row(0)
        ('H56-1', 'trực tuyến', datetime.date(2020, 3, 5), 'đã giải quyết')
        >>> records_from_frame(frame) == [r]
        True
    """
    million = 1_000_000

    def us(ts: int | None) -> int | None:
        return None if ts is None else ts * million

    rows = [
        (
            r.code,
            r.procedure,
            r.agency,
            r.level,
            r.field,
            r.channel.value,
            r.assisted,
            us(r.received_ts),
            us(r.due_ts),
            r.due_day,
            us(r.promised_ts),
            us(r.finished_ts),
            None if r.finish is None else r.finish.value,
            r.supplements,
            r.supplement_seconds,
            us(r.last_supplied_ts),
            us(r.pending_since_ts),
        )
        for r in records
    ]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in RECORD_COLUMNS]
    return build_frame(
        backend,
        [(name, kind, col) for (name, kind), col in zip(RECORD_COLUMNS, columns, strict=True)],
    )


def _finish(value: str, row: int) -> FinishKind:
    from lapvo_cchc.kpi import FinishKind

    try:
        return FinishKind(value)
    except ValueError:
        pass
    try:
        return FinishKind[value.upper()]
    except KeyError:
        raise FrameError(
            f"frame column 'finish', row {row}: expected a FinishKind value or name, got {value!r}"
        ) from None


def records_from_frame(frame: Frame, *, naive_is_vietnam: bool = True) -> list[DossierRecord]:
    """KPI records from a frame with the columns of :func:`records_to_frame`.

    Required: ``code``, ``procedure``, ``agency``, ``channel``,
    ``received_at``, ``due_at``. Optional, with the defaults of
    :meth:`~lapvo_cchc.kpi.DossierRecord.build`: ``level`` and ``field``
    (empty), ``assisted`` (false), ``due_date`` (the day of the instant one
    second before ``due_at``), ``promised_at`` (``due_at`` minus the
    supplement time), ``finished_at`` with ``finish``, the supplement columns.
    Instants are truncated to whole seconds, as in records.

    Raises:
        FrameError: a missing column, a missing or bad value (naming column and
            row), or ``finished_at`` without ``finish``.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"code": ["D1"], "procedure": ["1.001193"], "agency": ["a"],
        ...     "channel": ["ONLINE"], "received_at": pd.to_datetime(["2020-03-02 09:00"]),
        ...     "due_at": pd.to_datetime(["2020-03-06 00:00"])})
        >>> [r] = records_from_frame(frame)
        >>> r.channel.name, r.due_date, r.finish
        ('ONLINE', datetime.date(2020, 3, 5), None)
    """
    from lapvo_cchc.kpi import DossierRecord
    from lapvo_cchc.kpi.counting import vn_day

    def col(name: str, kind: Kind, *, required: bool) -> list[Any] | None:
        return read_column(frame, name, kind, required=required, naive_is_vietnam=naive_is_vietnam)

    data: dict[str, list[Any] | None] = {}
    required = {"code", "procedure", "agency", "channel", "received_at", "due_at"}
    for name, kind in RECORD_COLUMNS:
        data[name] = col(name, kind, required=name in required)
    rows = len(data["code"] or ())

    def get(name: str, i: int) -> Any:
        values = data[name]
        value = None if values is None else values[i]
        if value is None and name in required:
            raise FrameError(f"frame column {name!r}, row {i}: missing value")
        return value

    def sec(value: int | None) -> int | None:
        return None if value is None else value // 1_000_000

    out = []
    for i in range(rows):
        finished, finish = sec(get("finished_at", i)), get("finish", i)
        if (finished is None) != (finish is None):
            raise FrameError(
                f"frame row {i} (dossier {get('code', i)}): expected finished_at and finish "
                "together"
            )
        due, received = sec(get("due_at", i)), sec(get("received_at", i))
        due, received = cast("int", due), cast("int", received)  # required: checked by get()
        seconds = get("supplement_seconds", i) or 0
        due_day = get("due_date", i)
        promised = sec(get("promised_at", i))
        out.append(
            DossierRecord(
                get("code", i),
                get("procedure", i),
                get("agency", i),
                get("level", i) or "",
                get("field", i) or "",
                _channel(get("channel", i), i),
                bool(get("assisted", i)),
                received,
                due,
                vn_day(due - 1) if due_day is None else due_day,
                due - seconds if promised is None else promised,
                finished,
                None if finish is None else _finish(finish, i),
                get("supplements", i) or 0,
                seconds,
                sec(get("last_supplied_at", i)),
                sec(get("pending_since", i)),
            )
        )
    return out


# -- report and calendar -----------------------------------------------------------------


def report_to_frame(report: Report, *, backend: Backend = "pandas") -> Frame:
    """The statistical report as a frame: one row per group, then the totals.

    Columns: the report's dimensions (null on the totals row), ``is_total``,
    the thirteen form columns (:data:`~lapvo_cchc.kpi.FORM_COLUMNS`) and the
    rates of :meth:`~lapvo_cchc.kpi.Report.to_rows` as percentages (two
    places, half-up; null for a zero denominator).

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> frame = report_to_frame(report([], Period.year(2020), by="level"))
        >>> frame[["is_total", "received_total", "resolution_rate"]].to_dict("records")
        [{'is_total': True, 'received_total': 0, 'resolution_rate': nan}]
    """
    from lapvo_cchc.kpi import FORM_COLUMNS

    rows = report.to_rows()
    keys = list(rows[0]) if rows else []
    last = len(rows) - 1
    columns: list[tuple[str, Kind, Sequence[Any]]] = [
        (dim, "str", [r[dim] if i != last else None for i, r in enumerate(rows)])
        for dim in report.by
    ]
    columns.append(("is_total", "bool", [i == last for i in range(len(rows))]))
    columns += [(name, "int", [r[name] for r in rows]) for name in FORM_COLUMNS]
    rates = [k for k in keys if k not in FORM_COLUMNS and k not in report.by]
    columns += [
        (name, "float", [None if r[name] is None else float(r[name]) for r in rows])
        for name in rates
    ]
    return build_frame(backend, columns)


def report_to_pandas(report: Report) -> Any:
    """:func:`report_to_frame` as a ``pandas.DataFrame`` (the ``pandas`` extra).

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> report_to_pandas(report([], Period.year(2020), by=None)).shape[0]
        1
    """
    return report_to_frame(report, backend="pandas")


def report_to_polars(report: Report) -> Any:
    """:func:`report_to_frame` as a ``polars.DataFrame`` (the ``polars`` extra).

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> report_to_polars(report([], Period.year(2020), by=None)).height
        1
    """
    return report_to_frame(report, backend="polars")


@attrs.frozen(repr=False)
class ReportView:
    """A report with its conversions at hand: ``view(rep).to_pandas()``, ``.plot()``.

    :class:`~lapvo_cchc.kpi.Report` belongs to the core, which imports no
    dataframe or plotting library, not even lazily; this small accessor
    brings the adapters to it. In a notebook it shows as the report's table.

    Attributes:
        report: The report.

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> v = view(report([], Period.year(2020), by="level"))
        >>> v.to_pandas()["is_total"].tolist(), v.to_polars().height
        ([True], 1)
        >>> "<table" in v._repr_html_()
        True
        >>> v
        ReportView(2020, by=('level',), 0 rows, 0 findings)
    """

    report: Report

    def to_pandas(self) -> Any:
        """:func:`report_to_pandas`."""
        return report_to_pandas(self.report)

    def to_polars(self) -> Any:
        """:func:`report_to_polars`."""
        return report_to_polars(self.report)

    def plot(self, rate: str = DEFAULT_RATE, **options: Any) -> Any:
        """:func:`lapvo_cchc.reports.plot.plot_report` (the ``plot`` extra): the matplotlib Axes.

        *options* are those of ``plot_report`` (``ax``, ``lang``, ``labels``).
        """
        from lapvo_cchc.reports.plot import plot_report

        return plot_report(self.report, rate, **options)

    def _repr_html_(self) -> str:
        return self.report.to_html()

    def __repr__(self) -> str:
        rep = self.report
        return (
            f"ReportView({rep.period.label}, by={rep.by!r}, {len(rep.rows)} rows, "
            f"{len(rep.findings)} findings)"
        )


def view(report: Report) -> ReportView:
    """The :class:`ReportView` of *report*.

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> view(report([], Period.year(2020))).report.period.label
        '2020'
    """
    return ReportView(report)


def calendar_to_frame(
    calendar: WorkCalendar, start: dt.date, end: dt.date, *, backend: Backend = "pandas"
) -> Frame:
    """The calendar dimension table of *start*..*end* as a frame (one row per day).

    The rows of :func:`lapvo_cchc.adapters.exports.dimension.calendar_dimension`, with
    the same column names, flags as booleans and ``day_off_kind`` as the
    Vietnamese value. For ``a <= b`` in the table, the working days in
    ``(a, b]`` are ``working_day_ordinal[b] - working_day_ordinal[a]``.

    Warns :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning` when the span
    reaches a provisional year.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> frame = calendar_to_frame(vietnam(), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                           backend="polars")
        >>> frame.height, frame["is_working_day"].sum(), frame["working_day_ordinal"].max()
        (365, 250, 250)
    """
    from lapvo_cchc.adapters.exports.dimension import calendar_dimension

    rows = calendar_dimension(calendar, start, end)
    columns: list[tuple[str, Kind, Sequence[Any]]] = [
        ("date", "date", [r.date.toordinal() for r in rows]),
        ("is_working_day", "bool", [r.is_working_day for r in rows]),
        ("working_day_ordinal", "int", [r.working_day_ordinal for r in rows]),
        ("iso_weekday", "int", [r.iso_weekday for r in rows]),
        (
            "day_off_kind",
            "str",
            [None if r.day_off_kind is None else r.day_off_kind.value for r in rows],
        ),
        ("holiday_name", "str", [r.holiday_name for r in rows]),
        ("holiday_name_en", "str", [r.holiday_name_en for r in rows]),
        ("lunar_year", "int", [r.lunar_year for r in rows]),
        ("lunar_month", "int", [r.lunar_month for r in rows]),
        ("lunar_day", "int", [r.lunar_day for r in rows]),
        ("lunar_leap", "bool", [r.lunar_leap for r in rows]),
        ("provisional", "bool", [r.provisional for r in rows]),
    ]
    return build_frame(backend, columns)
