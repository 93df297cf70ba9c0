"""The DuckDB engine: the plan run in-process by DuckDB (private module).

Reads ``.csv``, ``.csv.gz`` and ``.parquet`` files, a folder or a glob of
them, and pandas, Polars or Arrow tables passed in. Needs the ``[duckdb]``
extra (``duckdb`` and ``sqlglot``).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import tempfile
import threading
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.engines._runner import (
    EngineError,
    check_header,
    run_plan,
)
from lapvo_cchc.engines._source import source_select
from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from lapvo_cchc.adapters.ledger import DueReading, LedgerReport
    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["MEMORY_LIMIT", "DuckDBEngine"]

MEMORY_LIMIT: Final = f"{max(640, 80 * (os.cpu_count() or 1))}MB"
"""The engine's own connection's memory limit (``LAPVO_DUCKDB_MEMORY`` overrides it).

640 MB, or 80 MB a core on machines with more than eight (each of DuckDB's
threads keeps its own buffers). Beyond it DuckDB spills to files in a
temporary directory removed after the run: 10 million dossiers fit in well
under 1 GiB on two cores. A connection passed in keeps its own settings.
"""

_PASSES: Final = (
    ("SELECT COUNT(*), COUNT(*) - COUNT(DISTINCT", (0.0, 0.2)),
    ("WITH lv_t0", (0.2, 1.0)),
    ("SELECT channel, finish_kind", (0.0, 0.4)),
    ("CREATE TABLE lv_rows", (0.4, 1.0)),
)
"""The statements that read the whole source, and their share of the progress bar.

The read of the codes and the single pass fill the bar; when the source
needs the full plan, the bar restarts for its two passes.
"""

_CSV_OPTIONS = (
    "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', "
    "null_padding = false"
)


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "the duckdb engine needs duckdb: pip install 'lapvo-cchc[duckdb]'"
        ) from None
    return duckdb


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _files(source: str | os.PathLike[str]) -> tuple[str, list[str]]:
    """The reader (csv or parquet) and the file list or glob of a path source."""
    text = os.fspath(source)
    path = pathlib.Path(text)
    if path.is_dir():
        files = sorted(
            str(p) for p in path.iterdir() if p.name.endswith((".csv", ".csv.gz", ".parquet"))
        )
        if not files:
            raise EngineError(f"engines: no .csv, .csv.gz or .parquet file in {text}")
    elif any(ch in text for ch in "*?["):
        files = [text]
    else:
        if not path.exists():
            raise FileNotFoundError(text)
        files = [text]
    kinds = {"parquet" if f.endswith(".parquet") else "csv" for f in files}
    if len(kinds) > 1:
        raise EngineError(f"engines: {text} mixes CSV and Parquet files")
    return kinds.pop(), files


class DuckDBEngine:
    """The statistical report computed by DuckDB (``engine="duckdb"``).

    Args:
        connection: A DuckDB connection to run on (its settings are kept);
            default: a new in-memory database per run.
        memory_limit: The new database's memory limit (default
            :data:`MEMORY_LIMIT`, or ``LAPVO_DUCKDB_MEMORY``), e.g. ``"2GB"``.
        single_pass: Count a clean ledger in one pass over the source first
            (the default); the full plan, which names every rejected row,
            runs when the ledger is not clean. ``False``: the full plan
            always (the same counts; a reference for the fast path).

    Example:
        >>> DuckDBEngine.name
        'duckdb'
    """

    name = "duckdb"
    dialect = "duckdb"

    def __init__(
        self, connection: Any = None, *, memory_limit: str | None = None, single_pass: bool = True
    ) -> None:
        self._duckdb = _duckdb()
        self._con = connection
        self._memory_limit = memory_limit
        self._single = single_pass
        self._progress: ProgressBar | None = None

    # -- SqlBackend --------------------------------------------------------------------------

    def execute(self, sql: str) -> None:
        """Run a statement."""
        with self._watching(sql):
            self._cur.execute(sql)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query and return its rows."""
        with self._watching(sql):
            rows: list[tuple[Any, ...]] = self._cur.execute(sql).fetchall()
        return rows

    @contextlib.contextmanager
    def _watching(self, sql: str) -> Iterator[None]:
        """Move the progress bar with DuckDB's progress of the two passes over the source.

        The source's profile is the first pass (the first 40 % of the bar), the
        checked rows the second (the rest); other statements read small tables.
        """
        bar = self._progress
        share = next((s for prefix, s in _PASSES if sql.startswith(prefix)), None)
        if bar is None or share is None or bar.total is None:
            yield
            return
        lo, hi = share
        total = bar.total
        done = threading.Event()

        def poll() -> None:
            while not done.wait(0.2):
                fraction = self._cur.query_progress()
                if fraction >= 0:
                    target = int(total * (lo + (hi - lo) * min(fraction, 100.0) / 100.0))
                    if target > bar.count:
                        bar.update(target - bar.count)

        watcher = threading.Thread(target=poll, name="lapvo-duckdb-progress", daemon=True)
        watcher.start()
        try:
            yield
        finally:
            done.set()
            watcher.join()
            target = int(total * hi)
            if target > bar.count:
                bar.update(target - bar.count)

    def write(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """(Re)create a small temporary table from *rows*."""
        spec = ", ".join(f"{c} {t}" for c, t in zip(columns, types, strict=True))
        self._cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({spec})")
        if rows:
            columns_data = [list(col) for col in zip(*rows, strict=True)]
            unnest = ", ".join(f"UNNEST(${i + 1})" for i in range(len(columns)))
            self._cur.execute(f"INSERT INTO {table} SELECT {unnest}", columns_data)

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
        """The report of *source* (a path, a glob, a folder, or a data frame)."""
        duckdb = self._duckdb
        spill = None
        if self._con is None:
            spill = tempfile.TemporaryDirectory(prefix="lapvo-duckdb-")
            limit = self._memory_limit or os.environ.get("LAPVO_DUCKDB_MEMORY", MEMORY_LIMIT)
            try:
                con = duckdb.connect(config={"memory_limit": limit, "temp_directory": spill.name})
            except duckdb.Error as exc:
                spill.cleanup()
                raise EngineError(
                    f"engines: duckdb memory limit {limit!r} (memory_limit= or "
                    f"LAPVO_DUCKDB_MEMORY): {exc}"
                ) from exc
        else:
            con = self._con
        self._cur = con.cursor()
        self._progress = progress
        if progress is not None:
            self._cur.execute(
                "SET enable_progress_bar = true; SET enable_progress_bar_print = false; "
                "SET progress_bar_time = 0"
            )
        try:
            relation = self._relation(source)
            header = [
                d[0] for d in self._cur.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
            ]
            check_header(header)
            select = source_select(header, relation)
            self._cur.execute(f"CREATE OR REPLACE TEMP VIEW lv_src_raw AS {select}")
            self._cur.execute(
                "CREATE OR REPLACE TEMP VIEW lv_src AS SELECT *, "
                "ROW_NUMBER() OVER () + 1 AS lv_line FROM lv_src_raw"
            )
            return run_plan(
                self,
                source,
                period=period,
                dims=dims,
                calendar=calendar,
                registry=registry,
                due_as=due_as,
                units=units,
                progress=progress,
                single=self._single,
            )
        except duckdb.Error as exc:
            text = str(exc).strip()
            first = text.splitlines()[0] if text else type(exc).__name__
            raise EngineError(
                f"engines: duckdb could not read the ledger: {first} (engine 'auto' or "
                "'python' reads any ledger and names the rows it rejects)"
            ) from exc
        finally:
            self._cur.close()
            if spill is not None:
                con.close()
                spill.cleanup()

    def _relation(self, source: object) -> str:
        if isinstance(source, (str, os.PathLike)):
            kind, files = _files(source)
            listing = "[" + ", ".join(_sql_string(f) for f in files) + "]"
            if kind == "parquet":
                return f"read_parquet({listing})"
            return f"read_csv({listing}, {_CSV_OPTIONS})"
        module = type(source).__module__.split(".")[0]
        if module in ("pandas", "polars", "pyarrow"):
            self._cur.register("lv_frame", source)
            return "lv_frame"
        raise EngineError(
            f"engines: expected a path, a glob, a folder or a pandas/Polars/Arrow table, "
            f"got {type(source).__name__}"
        )
