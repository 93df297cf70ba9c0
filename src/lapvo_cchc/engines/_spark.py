"""The Spark engine: the plan run as Spark SQL, locally or on a cluster (private module).

The plan (DuckDB's dialect) is transpiled by SQLGlot to Spark SQL. The
source becomes the temporary view ``lv_src_raw``; the word lists, the
sub-periods and the calendar dimension are small temporary views (sent as
one JSON text each, parsed by Spark); ``CREATE TABLE x AS WITH ...`` runs one
common table expression at a time as a temporary view, the steps that join,
aggregate or number rows computed once and kept (a local checkpoint), so the
checked rows are computed once and read by the five queries that follow.
Only the rejected rows and the counts come back to the driver. Needs the
``[spark]`` extra (``pyspark``, ``sqlglot``) and a Java 17 runtime.

Line numbers. A CSV row's ``lv_line`` is its line in its file when the rows
are taken in file order (header line 1, the first data row line 2), as the
python reader numbers them when no quoted cell spans lines. Files of a
folder or a glob are taken in name order and numbered on, as one file, like
the DuckDB engine does. A Parquet file and a Spark DataFrame have no lines:
``lv_line`` is 2 + the row's index in the source (files in name order, then
the rows of each file in order; a DataFrame in its partitions' order).
Positions come from ``monotonically_increasing_id()`` (partition and index
within it) and the counts of each (file, partition) segment, so the
numbering needs no sort and no single-partition window.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import pathlib
import warnings
from typing import TYPE_CHECKING, Any

from lapvo_cchc.engines._runner import (
    EngineError,
    check_header,
    run_plan,
    transpile,
)
from lapvo_cchc.engines._source import CONTROL_SPARK, source_select
from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from lapvo_cchc.adapters.ledger import DueReading, LedgerReport
    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["DEFAULT_MASTER", "SparkEngine", "to_spark"]

DEFAULT_MASTER = "local[*]"
"""The master of the session the engine starts when given none (every local core)."""

_SPARK_TYPES = {"VARCHAR": "STRING", "INTEGER": "INT", "BIGINT": "BIGINT"}
_CSV_OPTIONS = {
    "header": "true",
    "inferSchema": "false",
    "sep": ",",
    "quote": '"',
    "escape": '"',
    "encoding": "UTF-8",
    "mode": "FAILFAST",
    "multiLine": "false",
}
# PySpark warns about pandas 3 when a session starts, though the engine never uses pandas.
_PANDAS_NOTE = "PySpark does not yet fully support pandas"
# Constraint propagation infers predicates from every CASE of the wide projections; on this
# plan it costs the optimizer more than the queries themselves take to run.
_RUN_CONF = {"spark.sql.constraintPropagation.enabled": "false"}
# Steps with these are computed and kept; a step that only computes columns of the step
# before it stays a view, planned with the next kept step.
_KEEP_AFTER = (" JOIN ", " OVER (", "GROUP BY", "DISTINCT", "UNION")
_ROW_BITS = 33  # monotonically_increasing_id(): partition index << 33 | row index in it
# Spark SQL has no Unicode normalisation; ICU4J, which Spark 4 carries for its collations,
# has a static one: Normalizer.compose(text, false) is NFC.
_NFC = "REFLECT('com.ibm.icu.text.Normalizer', 'compose', {}, FALSE)"


def _pyspark() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", _PANDAS_NOTE, FutureWarning)
            import pyspark.sql
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "the spark engine needs pyspark: pip install 'lapvo-cchc[spark]'"
        ) from None
    return pyspark.sql


@functools.lru_cache(maxsize=64)
def to_spark(sql: str) -> str:
    """*sql* (DuckDB dialect) in Spark SQL's dialect.

    Example:
        >>> to_spark("SELECT 7 // 2, STRPOS(x, 'Z') FROM t")
        "SELECT 7 DIV 2, LOCATE('Z', x) FROM t"
    """
    return transpile(sql, "spark", needs="the spark engine", extra="spark")


def staged(sql: str) -> list[tuple[str, str]] | None:
    r"""``CREATE TABLE t AS WITH a AS (...) SELECT ...`` as ``(name, Spark SQL query)`` steps.

    ``None`` when *sql* creates no table from a query.

    Example:
        >>> staged("CREATE TABLE t AS\nWITH a AS (SELECT 1 AS x) SELECT x FROM a")
        [('a', 'SELECT 1 AS x'), ('t', 'SELECT x FROM a')]
        >>> staged("SELECT 1") is None
        True
    """
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    if not isinstance(tree, exp.Create) or not isinstance(tree.expression, exp.Query):
        return None
    select = tree.expression
    with_ = select.args.pop("with", None) or select.args.pop("with_", None)
    steps = [
        (cte.alias, cte.this.sql(dialect="spark"))
        for cte in (with_.expressions if with_ is not None else [])
    ]
    steps.append((tree.this.name, select.sql(dialect="spark")))
    return steps


def _paths(source: str | os.PathLike[str]) -> tuple[str, list[str]]:
    """The reader (csv or parquet) and the paths of a path source, in name order.

    A local folder is listed here (``.csv``, ``.csv.gz``, ``.parquet``); a glob,
    a URL (``hdfs://``, ``s3a://``) or a path not on this machine is given to
    Spark as it is.
    """
    text = os.fspath(source)
    path = pathlib.Path(text)
    if "://" in text or any(ch in text for ch in "*?["):
        paths = [text]
    elif path.is_dir():
        paths = sorted(
            str(p.resolve())
            for p in path.iterdir()
            if p.name.endswith((".csv", ".csv.gz", ".parquet"))
        )
        if not paths:
            raise EngineError(f"engines: no .csv, .csv.gz or .parquet file in {text}")
    elif path.exists():
        paths = [str(path.resolve())]
    else:  # a path of the cluster's default file system (HDFS): Spark says if it is missing
        paths = [text]
    kinds = {"parquet" if p.rstrip("/").endswith(".parquet") else "csv" for p in paths}
    if len(kinds) > 1:
        raise EngineError(f"engines: {text} mixes CSV and Parquet files")
    return kinds.pop(), paths


class SparkEngine:
    """The statistical report computed by Spark SQL (``engine="spark"``).

    Args:
        session: A ``pyspark.sql.SparkSession`` to run on (a notebook's, a
            cluster's). Without one, the engine gets (or starts) a session
            with *master*; a session it started it stops after the run.
        master: The master of the session to start (default ``local[*]``;
            ``spark://host:7077``, ``yarn``, ``k8s://...``).

    Sources: a path Spark reads (``.csv``, ``.csv.gz``, ``.parquet``, a folder
    or a glob of them, a ``hdfs://`` or ``s3a://`` URL) or a Spark DataFrame
    with the ledger's columns.

    Example:
        >>> SparkEngine.name
        'spark'
    """

    name = "spark"
    dialect = "spark"

    def __init__(self, session: Any = None, master: str | None = None) -> None:
        self._sql = _pyspark()
        if session is not None and master is not None:
            raise EngineError("engines: give the spark engine a session or a master, not both")
        self._given = session
        self._master = master or DEFAULT_MASTER
        self._views: list[str] = []
        self._kept: list[Any] = []

    # -- SqlBackend --------------------------------------------------------------------------

    def execute(self, sql: str) -> None:
        """Run a statement written in DuckDB's dialect.

        ``CREATE VIEW`` makes a temporary view. ``CREATE TABLE x AS WITH ...``
        runs step by step: each common table expression, then the query,
        becomes a temporary view of its name; a step that joins, aggregates,
        numbers rows or is the last is computed and kept (a local checkpoint,
        in memory and on disk). Spark's planner is slow on the whole chain at
        once, and a query over a cached view whose plan is that long pays for
        it again.
        """
        if sql.startswith("CREATE VIEW "):
            self._spark.sql(to_spark(sql.replace("CREATE VIEW", "CREATE OR REPLACE TEMP VIEW", 1)))
            self._views.append(sql.split()[2])
            return
        steps = staged(sql) if sql.startswith("CREATE TABLE ") else None
        if steps is None:
            self._spark.sql(to_spark(sql))
            return
        for i, (name, query) in enumerate(steps):
            frame = self._spark.sql(query)
            if i + 1 == len(steps) or any(w in query for w in _KEEP_AFTER):
                frame = frame.localCheckpoint(eager=True)
                self._kept.append(frame)
            frame.createOrReplaceTempView(name)
            self._views.append(name)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query written in DuckDB's dialect and return its rows."""
        return [tuple(row) for row in self._spark.sql(to_spark(sql)).collect()]

    def write(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """(Re)create a small temporary view holding *rows*, kept in the JVM.

        The rows travel as one JSON text (a query parameter) that Spark
        parses itself: a DataFrame made from Python objects would be read
        back through Python worker processes by every query that joins it.
        """
        cols = ", ".join(
            f"CAST(lv_r[{i}] AS {_SPARK_TYPES[t]}) AS {c}"
            for i, (c, t) in enumerate(zip(columns, types, strict=True))
        )
        text = json.dumps([[None if v is None else str(v) for v in row] for row in rows])
        frame = self._spark.sql(
            f"SELECT {cols} FROM (SELECT EXPLODE(FROM_JSON(:rows, 'ARRAY<ARRAY<STRING>>')) "
            "AS lv_r)",
            args={"rows": text},
        ).localCheckpoint(eager=True)
        frame.createOrReplaceTempView(table)
        self._views.append(table)
        self._kept.append(frame)

    # -- Engine ------------------------------------------------------------------------------

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
        """The report of *source* (a path, a glob, a folder, a URL, or a Spark DataFrame)."""
        with self._session() as spark, _conf(spark, _RUN_CONF):
            self._spark = spark
            self._views = []
            try:
                frame = self._frame(source)
                header = list(frame.columns)
                check_header(header)
                self._numbered(frame, header)
                out = run_plan(
                    self,
                    source,
                    period=period,
                    dims=dims,
                    calendar=calendar,
                    registry=registry,
                    due_as=due_as,
                    units=units,
                    progress=progress,
                )
            except Exception as exc:
                if not _from_spark(exc):
                    raise
                raise EngineError(
                    f"engines: spark could not run the report: {_first_line(exc)}"
                ) from exc
            finally:
                self._drop_views()
        return out

    @contextlib.contextmanager
    def _session(self) -> Iterator[Any]:
        """The given session, else the active one, else a new one stopped at the end."""
        if self._given is not None:
            yield self._given
            return
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", _PANDAS_NOTE, FutureWarning)
            active = self._sql.SparkSession.getActiveSession()
            if active is None:
                spark = (
                    self._sql.SparkSession.builder.master(self._master)
                    .appName("lapvo-cchc report")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .getOrCreate()
                )
                spark.sparkContext.setLogLevel("ERROR")
        if active is not None:
            yield active
            return
        try:
            yield spark
        finally:
            spark.stop()

    def _drop_views(self) -> None:
        catalog = self._spark.catalog
        for name in reversed(self._views):
            catalog.dropTempView(name)
        for name in ("lv_src", "lv_src_raw", "lv_src_text", "lv_src_seg"):
            catalog.dropTempView(name)
        self._views = []
        for frame in self._kept:
            frame.unpersist()
        self._kept = []

    def _frame(self, source: object) -> Any:
        """The source as a DataFrame (with ``lv_file``, its file, when it has several)."""
        functions = self._sql.functions
        if isinstance(source, (str, os.PathLike)):
            kind, paths = _paths(source)
            reader = self._spark.read
            if kind == "parquet":
                frame = reader.parquet(*paths)
            else:
                frame = reader.options(**_CSV_OPTIONS).csv(paths)
            first = frame.columns[0] if frame.columns else ""
            if first.startswith("\ufeff"):  # a UTF-8 byte-order mark read as text
                frame = frame.withColumnRenamed(first, first[1:])
            if len(paths) > 1 or "://" in paths[0] or any(ch in paths[0] for ch in "*?["):
                frame = frame.withColumn("lv_file", functions.input_file_name())
            return frame
        if isinstance(source, self._sql.DataFrame) or _is_connect_frame(source):
            return source
        raise EngineError(
            f"engines: the spark engine reads a path, a glob, a folder or a Spark DataFrame, "
            f"got {type(source).__name__}"
        )

    def _numbered(self, frame: Any, header: list[str]) -> None:
        """Views ``lv_src_raw`` (the ledger as text) and ``lv_src`` (with ``lv_line``)."""
        functions = self._sql.functions
        by_file = "lv_file" in header
        names = [h for h in header if h != "lv_file"]
        text = frame.select(
            *(functions.col(f"`{h}`").cast("string").alias(h) for h in names),
            *([functions.col("lv_file")] if by_file else []),
            functions.monotonically_increasing_id().alias("lv_id"),
        )
        text.createOrReplaceTempView("lv_src_text")
        extra = ", lv_id, lv_file" if by_file else ", lv_id, '' AS lv_file"
        select = to_spark(
            source_select(names, "lv_src_text", nfc=_NFC, control=CONTROL_SPARK, extra=extra)
        )
        self._spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW lv_src_raw AS {select}")
        # the rows of each (file, partition) segment: their count and first position
        segments = self._spark.sql(
            f"SELECT lv_file, SHIFTRIGHT(lv_id, {_ROW_BITS}) AS p, COUNT(*) AS n, "
            "MIN(lv_id) AS first_id FROM lv_src_raw GROUP BY 1, 2"
        ).collect()
        offsets = []
        line = 2
        for f, p, n, first_id in sorted(segments, key=lambda r: (str(r[0]), int(r[1]))):
            offsets.append((str(f), int(p), int(first_id), line))
            line += int(n)
        self.write(
            "lv_src_seg",
            ("f", "p", "first_id", "line0"),
            ("VARCHAR", "BIGINT", "BIGINT", "BIGINT"),
            offsets,
        )
        self._spark.sql(
            "CREATE OR REPLACE TEMPORARY VIEW lv_src AS SELECT r.*, "
            "g.line0 + r.lv_id - g.first_id AS lv_line "
            "FROM lv_src_raw r JOIN lv_src_seg g "
            f"ON g.f = r.lv_file AND g.p = SHIFTRIGHT(r.lv_id, {_ROW_BITS})"
        )


@contextlib.contextmanager
def _conf(spark: Any, settings: dict[str, str]) -> Iterator[None]:
    """*settings* on the session for the run, the session's own values restored after."""
    before = {key: spark.conf.get(key, None) for key in settings}
    for key, value in settings.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


def _is_connect_frame(source: object) -> bool:
    """Whether *source* is a Spark Connect DataFrame (a separate class)."""
    cls = type(source)
    return cls.__name__ == "DataFrame" and cls.__module__.startswith("pyspark.sql.connect")


def _from_spark(exc: BaseException) -> bool:
    """Whether *exc* is Spark's (a query or JVM failure), not a bug of ours."""
    module = type(exc).__module__
    return module.startswith(("pyspark", "py4j"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
