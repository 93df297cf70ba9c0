"""One report, many engines: the statistical report defined once and run where the data is.

The report (*Biểu số 06/VPCP/KSTT*, 13 columns, by level / agency / field /
procedure / channel / month) is one relational plan
(:mod:`lapvo_cchc.engines._plan`): the ledger's rows checked as the python
reader checks them, each dossier's deadline from the calendar dimension,
its column of the form, and the group counts. Engines run it:

* ``python``: the streaming ledger reader and the ``kpi`` counters (the reference);
* ``duckdb``: in-process DuckDB (extra ``[duckdb]``), on CSV, gzipped CSV,
  Parquet, folders and globs of them, and pandas/Polars/Arrow tables;
* ``polars``: Polars' SQL context on lazy frames (extra ``[polars]``), on
  the same sources as ``duckdb``;
* ``postgres``: the whole report inside PostgreSQL (a ledger table, or a CSV
  file copied to the server); ``PostgresEngine(dsn_or_connection)``;
* ``spark``: Spark SQL (extra ``[spark]``, not part of ``[all]``), on a local
  session or a cluster; ``SparkEngine(session)`` or ``master=`` a Spark master URL;
* ``auto`` (default): ``duckdb`` when installed, else ``python``.

The ``duckdb``, ``polars``, ``postgres``, ``spark`` and ``auto`` engines are
registered in the plugin registry (:mod:`lapvo_cchc.plugins`, kind
``report_engine``) through the package's own entry points, as
:class:`NamedEngine` objects; ``python`` there is :func:`lapvo_cchc.kpi.report`.

Every engine accounts for every row: ``accepted + len(errors) == rows_read``,
with the python reader's reasons. See docs/at-scale.md.

Example:
    >>> from importlib.resources import files
    >>> from lapvo_cchc.kpi import Period
    >>> sample = str(files("lapvo_cchc") / "data" / "sample_ledger.csv.gz")
    >>> out = run_report(sample, period=Period.parse("2020-H1"), engine="python")
    >>> out.report.total.counts.received_total == out.report.total.counts.handled
    True
    >>> sorted(ENGINES)
    ['auto', 'duckdb', 'polars', 'postgres', 'python', 'spark']
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import warnings
from typing import TYPE_CHECKING, Final, Protocol

import attrs

from lapvo_cchc.engines._compat import normalise_by
from lapvo_cchc.engines._python import PythonEngine
from lapvo_cchc.engines._runner import EngineError
from lapvo_cchc.errors import LapvoWarning

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from lapvo_cchc.adapters.ledger import DueReading, LedgerReport
    from lapvo_cchc.adapters.progress import ProgressBar, ProgressMode
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period, Report
    from lapvo_cchc.procedures import UnitRegistry

__all__ = [
    "AUTO",
    "DUCKDB",
    "ENGINES",
    "POLARS",
    "POSTGRES",
    "SPARK",
    "DuckDBEngine",
    "Engine",
    "EngineError",
    "NamedEngine",
    "PostgresEngine",
    "SlowEngineWarning",
    "SparkEngine",
    "get_engine",
    "report",
    "run_report",
]


class Engine(Protocol):
    """What an engine offers: a name and :meth:`run`.

    Example:
        >>> get_engine("python").name
        'python'
    """

    name: str

    def run(
        self,
        source: object,
        *,
        period: Period,
        dims: tuple[str, ...],
        calendar: DeadlineCalendar | None,
        registry: IndicatorRegistry | None,
        due_as: DueReading = "auto",
        progress: ProgressBar | None = None,
        units: UnitRegistry | None = None,
    ) -> LedgerReport:
        """The report of *source* with the account of its rows, counting rows on *progress*."""
        ...  # pragma: no cover


def _make_duckdb() -> Engine:
    from lapvo_cchc.engines._duckdb import DuckDBEngine

    return DuckDBEngine()


def _make_polars() -> Engine:
    from lapvo_cchc.engines._polars import PolarsEngine

    return PolarsEngine()


def _make_postgres(dsn: str | None = None) -> Engine:
    from lapvo_cchc.engines._postgres import PostgresEngine

    return PostgresEngine(dsn)


class SlowEngineWarning(LapvoWarning):
    """``engine="auto"`` reads a large ledger with the python engine: DuckDB is not installed.

    Example:
        >>> issubclass(SlowEngineWarning, UserWarning)
        True
    """


SLOW_SOURCE_BYTES: Final = 64 << 20
"""Under ``auto`` without DuckDB, a ledger file this large gets a :class:`SlowEngineWarning`."""

_hinted: list[bool] = []


def _duckdb_installed() -> bool:
    return importlib.util.find_spec("duckdb") is not None and bool(
        importlib.util.find_spec("sqlglot")
    )


def _make_spark(master: str | None = None) -> Engine:
    from lapvo_cchc.engines._spark import SparkEngine

    return SparkEngine(master=master)


def _auto() -> Engine:
    if _duckdb_installed():
        return _make_duckdb()
    return PythonEngine()


def _hint(source: object) -> None:
    """Say once per process which extra would make a large ledger fast."""
    if _hinted or not isinstance(source, (str, os.PathLike)):
        return
    try:
        size = os.path.getsize(source)
    except OSError:
        return
    if size >= SLOW_SOURCE_BYTES:
        _hinted.append(True)
        warnings.warn(
            SlowEngineWarning(
                f"{os.fspath(source)}: {size >> 20} MiB read by the python engine; "
                "pip install 'lapvo-cchc[duckdb]' and engine='auto' (the default) reads it "
                "with DuckDB, several times faster"
            ),
            stacklevel=3,
        )


ENGINES: dict[str, Callable[[], Engine]] = {
    "auto": _auto,
    "python": PythonEngine,
    "duckdb": _make_duckdb,
    "polars": _make_polars,
    "postgres": _make_postgres,
    "spark": _make_spark,
}
"""Engine name -> factory (a plugin registry will fill this later)."""


_CLASSES: Final = {
    "DuckDBEngine": "lapvo_cchc.engines._duckdb",
    "PostgresEngine": "lapvo_cchc.engines._postgres",
    "SparkEngine": "lapvo_cchc.engines._spark",
}


def __getattr__(name: str) -> object:
    """The engine classes, imported on first use (their extras load only then).

    Example:
        >>> from lapvo_cchc.engines import DuckDBEngine
        >>> DuckDBEngine(memory_limit="1GB").name
        'duckdb'
    """
    module = _CLASSES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def get_engine(name: str, *, dsn: str | None = None, master: str | None = None) -> Engine:
    """The engine called *name* (see :data:`ENGINES`).

    *dsn* is the postgres engine's database, *master* the spark engine's
    master URL (default ``local[*]``, or the active Spark session).

    Raises:
        EngineError: an unknown name.
        MissingExtraError: the engine's extra is not installed.

    Example:
        >>> get_engine("excel")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        lapvo_cchc.engines._runner.EngineError: engine: expected one of auto, ..., got 'excel'
    """
    factory = ENGINES.get(name)
    if factory is None:
        raise EngineError(f"engine: expected one of {', '.join(sorted(ENGINES))}, got {name!r}")
    if name == "postgres":
        return _make_postgres(dsn)
    if name == "spark":
        return _make_spark(master)
    return factory()


def run_report(
    source: object,
    *,
    period: Period,
    by: str | Sequence[str] | None = "level",
    engine: str | Engine = "auto",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    dsn: str | None = None,
    master: str | None = None,
    due_as: DueReading = "auto",
    progress: bool | ProgressMode = False,
    units: UnitRegistry | None = None,
) -> LedgerReport:
    """The statistical report of a ledger with the account of its rows, on an engine.

    Args:
        source: A ledger file (``.csv``, ``.csv.gz``; ``.parquet``, a folder or a
            glob and data frames on the SQL engines).
        period: The reporting period.
        by: The report's dimensions (see :func:`lapvo_cchc.kpi.report`).
        engine: An engine name of :data:`ENGINES` or an engine object. With
            ``"auto"``, a source the DuckDB engine cannot read (a line with
            too many or too few fields, more supplement pauses than the plan
            reads) is read by the python engine instead.
        calendar: The working-day calendar for rows without ``due_at`` and for the
            average processing time (default: deadlines by
            :func:`lapvo_cchc.calendars.vietnam`, no working-day sum).
        registry: The indicators of the report.
        dsn: The database of the ``postgres`` engine (default: ``LAPVO_PG_DSN``).
        master: The Spark master of the ``spark`` engine (default: the active
            session, else ``local[*]``).
        due_as: How due cells at 00:00:00 are read (``"auto"``, ``"dates"``,
            ``"instants"``; see :func:`lapvo_cchc.adapters.ledger.report_ledger`).
        progress: Show the rows read of a ledger file (``True``: ``"auto"``,
            or a :data:`~lapvo_cchc.adapters.progress.ProgressMode`; extra
            ``[progress]``): a tqdm bar on a terminal, a widget in a notebook,
            log lines elsewhere. The SQL engines report DuckDB's own progress.
        units: Administrative units: the report notes the dossiers of units
            gone after the 2025 reform (see :func:`lapvo_cchc.kpi.report`).

    Returns:
        The :class:`~lapvo_cchc.adapters.ledger.LedgerReport`: the report, the
        rejected rows, rows read and accepted.

    Raises:
        EngineError: an unknown engine, or data the engine cannot read.
        UnknownDimensionError: an unknown dimension.
    """
    dims = normalise_by(by)
    chosen = get_engine(engine, dsn=dsn, master=master) if isinstance(engine, str) else engine
    if engine == "auto" and chosen.name == "python":
        _hint(source)
    bar = None
    if progress is not False and isinstance(source, (str, os.PathLike)) and os.path.isfile(source):
        from lapvo_cchc.adapters.progress import file_progress

        bar = file_progress(source, progress)
    try:
        if engine == "auto" and chosen.name != "python":
            try:
                return chosen.run(
                    source,
                    period=period,
                    dims=dims,
                    calendar=calendar,
                    registry=registry,
                    due_as=due_as,
                    progress=bar,
                    units=units,
                )
            except EngineError:
                # what the SQL plan cannot read (a broken line, more pauses than it unrolls)
                # the reference reads
                chosen = PythonEngine()
                if bar is not None:
                    bar.update(-bar.count)
        return chosen.run(
            source,
            period=period,
            dims=dims,
            calendar=calendar,
            registry=registry,
            due_as=due_as,
            progress=bar,
            units=units,
        )
    finally:
        if bar is not None:
            bar.close()


def report(
    source: object,
    *,
    period: Period,
    by: str | Sequence[str] | None = "level",
    engine: str | Engine = "auto",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
) -> Report:
    """The statistical report (:class:`~lapvo_cchc.kpi.Report`) of a ledger, on an engine.

    The same as :func:`run_report` without the account of the rows.

    Example:
        >>> from importlib.resources import files
        >>> from lapvo_cchc.kpi import Period
        >>> sample = str(files("lapvo_cchc") / "data" / "sample_ledger.csv.gz")
        >>> rep = report(sample, period=Period.month(2020, 3), engine="python")
        >>> rep.total.label, rep.findings
        ('total', ())
    """
    return run_report(
        source, period=period, by=by, engine=engine, calendar=calendar, registry=registry
    ).report


# repr=False: attrs' generated __repr__ looks up its helper module ``_compat`` among this
# package's globals, where the engines' own ``_compat`` submodule shadows it.
@attrs.frozen(repr=False)
class NamedEngine:
    """A report engine by name, as the plugin registry holds it (kind ``report_engine``).

    Calling it gives the :class:`~lapvo_cchc.kpi.Report` like
    :func:`lapvo_cchc.kpi.report`, but its first argument is a ledger *source*
    (a file, a glob, a data frame: see :func:`run_report`), not records.

    Example:
        >>> from importlib.resources import files
        >>> from lapvo_cchc.kpi import Period
        >>> from lapvo_cchc.plugins import Kind, Registry
        >>> sample = str(files("lapvo_cchc") / "data" / "sample_ledger.csv.gz")
        >>> AUTO(sample, Period.month(2020, 3)).total.label
        'total'
        >>> reg = Registry()  # the package's entry points register DUCKDB so
        >>> reg.add(Kind.REPORT_ENGINE, "duckdb", DUCKDB)
        >>> reg.engine("duckdb")
        NamedEngine('duckdb')
    """

    name: str

    def __repr__(self) -> str:
        return f"NamedEngine({self.name!r})"

    def run_report(
        self,
        source: object,
        period: Period,
        by: str | Sequence[str] | None = "level",
        *,
        calendar: DeadlineCalendar | None = None,
        registry: IndicatorRegistry | None = None,
        dsn: str | None = None,
        master: str | None = None,
        due_as: DueReading = "auto",
        progress: bool | ProgressMode = False,
        units: UnitRegistry | None = None,
    ) -> LedgerReport:
        """:func:`run_report` on this engine: the report and the account of the rows."""
        return run_report(
            source,
            period=period,
            by=by,
            engine=self.name,
            calendar=calendar,
            registry=registry,
            dsn=dsn,
            master=master,
            due_as=due_as,
            progress=progress,
            units=units,
        )

    def __call__(
        self,
        source: object,
        period: Period,
        by: str | Sequence[str] | None = "level",
        *,
        calendar: DeadlineCalendar | None = None,
        registry: IndicatorRegistry | None = None,
        dsn: str | None = None,
        master: str | None = None,
    ) -> Report:
        """The report of *source* (see :func:`report`)."""
        return self.run_report(
            source, period, by, calendar=calendar, registry=registry, dsn=dsn, master=master
        ).report


DUCKDB: Final = NamedEngine("duckdb")
"""The DuckDB engine, registered as ``report_engine`` ``duckdb``."""
POLARS: Final = NamedEngine("polars")
"""The Polars engine, registered as ``report_engine`` ``polars``."""
POSTGRES: Final = NamedEngine("postgres")
"""The PostgreSQL engine, registered as ``report_engine`` ``postgres`` (give ``dsn=``)."""
SPARK: Final = NamedEngine("spark")
"""The Spark engine, registered as ``report_engine`` ``spark`` (give ``master=``, or run
inside an active Spark session)."""
AUTO: Final = NamedEngine("auto")
"""DuckDB when installed (the python reader for what it cannot read), ``report_engine`` ``auto``."""
