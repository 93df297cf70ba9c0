"""The PostgreSQL engine: the whole report computed inside the server (private module).

The plan is transpiled by SQLGlot from DuckDB's dialect to PostgreSQL's.
The word lists, the sub-periods and the calendar dimension are written to
the server as temporary tables; no dossier row comes back to Python, only
the rejected rows and the counts. The source is a table (or view) with the
ledger's columns, or a local CSV file copied into a temporary table. Needs
``psycopg`` (extra ``[sql]``) and ``sqlglot`` (extra ``[duckdb]``).
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING, Any

from lapvo_cchc.engines._runner import (
    EngineError,
    check_header,
    run_plan,
    transpile,
)
from lapvo_cchc.engines._source import CONTROL_POSTGRES, NFC_POSTGRES, source_select
from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lapvo_cchc.adapters.ledger import DueReading, LedgerReport
    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["PostgresEngine"]

_TABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?")
_PG_TYPES = {"VARCHAR": "TEXT", "INTEGER": "INTEGER", "BIGINT": "BIGINT"}


@functools.lru_cache(maxsize=64)
def to_postgres(sql: str) -> str:
    """*sql* (DuckDB dialect) in PostgreSQL's dialect.

    Example:
        >>> to_postgres("SELECT 7 // 2")
        'SELECT DIV(7, 2)'
    """
    return transpile(sql, "postgres", needs="the postgres engine", extra="duckdb")


def staged(sql: str) -> list[str]:
    r"""``CREATE TABLE t AS WITH a AS (...), b AS (...) SELECT ...`` as one temp table per step.

    Example:
        >>> staged("CREATE TABLE t AS\nWITH a AS (SELECT 1 AS x) SELECT x FROM a")[1]
        'ANALYZE a'
    """
    import sqlglot
    from sqlglot import exp

    create = sqlglot.parse_one(sql, read="duckdb")
    name = create.this.name
    select = create.expression
    with_ = select.args.pop("with", None) or select.args.pop("with_", None)
    out = []
    for cte in with_.expressions if with_ is not None else []:
        out.append(f"CREATE TEMP TABLE {cte.alias} AS {cte.this.sql(dialect='postgres')}")
        out.append(f"ANALYZE {cte.alias}")
    assert isinstance(select, exp.Expression)  # noqa: S101
    out.append(f"CREATE TEMP TABLE {name} AS {select.sql(dialect='postgres')}")
    return out


class PostgresEngine:
    """The statistical report computed by PostgreSQL (``engine="postgres"``).

    Args:
        connection: A psycopg connection, or a DSN (``postgresql://...``).

    Example:
        >>> PostgresEngine.name
        'postgres'
    """

    name = "postgres"
    dialect = "postgres"

    def __init__(self, connection: Any = None) -> None:
        try:
            import psycopg
        except ImportError:  # pragma: no cover - depends on the environment
            raise MissingExtraError(
                "the postgres engine needs psycopg: pip install 'lapvo-cchc[sql]'"
            ) from None
        self._psycopg = psycopg
        if connection is None:
            dsn = os.environ.get("LAPVO_PG_DSN")
            if not dsn:
                raise EngineError(
                    "engines: the postgres engine needs a connection or a DSN "
                    "(PostgresEngine(dsn) or LAPVO_PG_DSN)"
                )
            connection = dsn
        self._connection = connection

    # -- SqlBackend --------------------------------------------------------------------------

    def execute(self, sql: str) -> None:
        """Run a statement written in DuckDB's dialect.

        ``CREATE TABLE x AS WITH ...`` runs as one temporary table per common
        table expression: PostgreSQL plans a long chain of expressions badly
        when it has to consider them together.
        """
        if sql.startswith("CREATE TABLE ") and " AS\nWITH " in sql[:60]:
            for statement in staged(sql):
                self._conn.execute(statement)
            return
        self._conn.execute(to_postgres(sql))

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query written in DuckDB's dialect and return its rows."""
        rows: list[tuple[Any, ...]] = self._conn.execute(to_postgres(sql)).fetchall()
        return rows

    def write(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """(Re)create a temporary table and fill it with COPY."""
        spec = ", ".join(f"{c} {_PG_TYPES[t]}" for c, t in zip(columns, types, strict=True))
        self._conn.execute(f"DROP TABLE IF EXISTS {table}")
        self._conn.execute(f"CREATE TEMP TABLE {table} ({spec})")
        with self._conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
        self._conn.execute(f"ANALYZE {table}")

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
        """The report of *source*: a table name on the server, or a local CSV file."""
        psycopg = self._psycopg
        owned = isinstance(self._connection, str)
        conn = psycopg.connect(self._connection) if owned else self._connection
        self._conn = conn
        try:
            with conn.transaction(force_rollback=True):
                relation, header = self._relation(source)
                check_header(header)
                select = source_select(
                    header,
                    relation,
                    text="TEXT",
                    nfc=NFC_POSTGRES,
                    control=CONTROL_POSTGRES,
                    extra=", lv_row" if relation == "lv_upload" else "",
                )
                conn.execute(
                    f"CREATE TEMP VIEW lv_src AS SELECT s.*, s.lv_row + 1 AS lv_line "
                    f"FROM ({select}) s"
                    if relation == "lv_upload"
                    else f"CREATE TEMP VIEW lv_src AS SELECT s.*, ROW_NUMBER() OVER () + 1 "
                    f"AS lv_line FROM ({select}) s"
                )
                conn.execute("CREATE TEMP VIEW lv_src_raw AS SELECT * FROM lv_src")
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
                )
        except psycopg.Error as exc:
            raise EngineError(f"engines: PostgreSQL could not run the report: {exc}") from exc
        finally:
            if owned:
                conn.close()

    def _relation(self, source: object) -> tuple[str, list[str]]:
        conn = self._conn
        if isinstance(source, (str, os.PathLike)) and os.path.exists(source):
            from lapvo_cchc.adapters.ledger import open_text

            with open_text(source) as fh:
                header_line = fh.readline()
                import csv

                header = next(csv.reader([header_line]))
                cols = ", ".join(f'"{h.replace(chr(34), "")}" TEXT' for h in header)
                conn.execute(f"CREATE TEMP TABLE lv_upload (lv_row BIGSERIAL, {cols})")
                names = ", ".join(f'"{h.replace(chr(34), "")}"' for h in header)
                with conn.cursor().copy(
                    f"COPY lv_upload ({names}) FROM STDIN WITH (FORMAT csv)"
                ) as cp:
                    while chunk := fh.read(1 << 20):
                        cp.write(chunk)
            return "lv_upload", [h.replace('"', "") for h in header]
        if isinstance(source, str) and _TABLE.fullmatch(source):
            schema, _, name = source.rpartition(".")
            rows = conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND (%s = '' OR table_schema = %s) ORDER BY ordinal_position",
                (name, schema, schema),
            ).fetchall()
            if not rows:
                raise EngineError(f"engines: no table {source!r} on the PostgreSQL server")
            return source, [r[0] for r in rows]
        raise EngineError(
            f"engines: the postgres engine reads a table name or a local CSV file, got {source!r}"
        )
