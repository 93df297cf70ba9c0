"""SQL storage of dossiers: SQLite (embedded, standard library) and PostgreSQL (psycopg 3).

Both repositories share one schema (version :data:`SCHEMA_VERSION`, recorded
in the table ``lapvo_schema`` and checked on opening) and one contract:

* ``dossiers``: one row per dossier code (the header); ``dossier_events``:
  the history, one row per event ``(dossier_code, seq)``, its ``type`` tag,
  instant ``at`` and the event as ``lapvo-cchc/1`` JSON (``payload``), the
  encoding of :mod:`lapvo_cchc.adapters.json`.
* :meth:`~SQLiteRepository.upsert` is idempotent by dossier code; events are
  append-only (triggers refuse ``UPDATE`` and ``DELETE`` on ``dossier_events``);
  :meth:`~SQLiteRepository.import_dossiers` writes a batch in one transaction,
  all or nothing; :meth:`~SQLiteRepository.append` records events through the
  state machine under a lock, so concurrent writers lose nothing.
* SQLite runs in WAL mode with a busy timeout, so several processes can
  write one file; PostgreSQL locks the dossier row (``SELECT ... FOR UPDATE``).

PostgreSQL needs the ``sql`` extra (``pip install "lapvo-cchc[sql]"``). Each
repository owns one connection: use one repository per thread.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.deadlines import TimeLimit
    >>> from lapvo_cchc.dossiers import Dossier
    >>> ict = dt.timezone(dt.timedelta(hours=7))
    >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
    ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
    ...     channel="trực tiếp", at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
    >>> with SQLiteRepository(":memory:") as repo:
    ...     repo.upsert(d)
    ...     repo.get("000.00.06.H56-260302-0001") == d
    ...     repo.query("SELECT seq, type, at FROM dossier_events")
    1
    True
    [(0, 'received', '2026-03-02T09:00:00+07:00')]
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.adapters.sql._base import (
    BatchResult,
    DossierNotFoundError,
    DossierRepository,
    HistoryConflictError,
    SchemaVersionError,
    StorageError,
    Tx,
)
from lapvo_cchc.adapters.sql._schema import SCHEMA_VERSION
from lapvo_cchc.errors import LapvoError, MissingExtraError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator, Sequence

    import cattrs

__all__ = [
    "SCHEMA_VERSION",
    "BatchResult",
    "DossierNotFoundError",
    "DossierRepository",
    "HistoryConflictError",
    "PostgresRepository",
    "SQLiteRepository",
    "SchemaVersionError",
    "StorageError",
]

for _cls in (
    BatchResult,
    DossierNotFoundError,
    DossierRepository,
    HistoryConflictError,
    SchemaVersionError,
):
    _cls.__module__ = __name__
StorageError.__module__ = __name__

DEFAULT_TIMEOUT: Final = 30.0


# -- SQLite -----------------------------------------------------------------------------------


class _SQLiteTx(Tx):
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._connection.execute(sql, params).fetchall())

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._connection.executemany(sql, rows)


class SQLiteRepository(DossierRepository):
    """A dossier repository in an SQLite database file (the embedded default).

    The file is created with the schema if it is new. It is opened in WAL
    mode (readers never block the writer) with a busy timeout, and every
    write takes the write lock at its start (``BEGIN IMMEDIATE``), so several
    threads or processes, each with its own repository, can append to one
    file without losing events.

    Args:
        path: the database file, or ``":memory:"`` (a private in-memory database).
        timeout: seconds a writer waits for the lock before failing.
        converter: a :func:`lapvo_cchc.adapters.json.make_converter` converter
            (custom regimes); a default one when None.

    Raises:
        SchemaVersionError: the file holds another schema version, or foreign tables.
        StorageError: the file cannot be opened.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     with SQLiteRepository(pathlib.Path(tmp) / "dossiers.db") as repo:
        ...         repo.query("PRAGMA journal_mode")
        [('wal',)]
    """

    dialect = "sqlite"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        converter: cattrs.Converter | None = None,
    ) -> None:
        super().__init__(converter)
        self.location = os.fspath(path)
        try:
            self._connection = sqlite3.connect(
                self.location, timeout=timeout, isolation_level=None, check_same_thread=True
            )
        except sqlite3.Error as exc:
            raise StorageError(f"{self.location}: cannot open the database: {exc}") from exc
        try:
            with self._guard():
                self._connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                self._connection.execute("PRAGMA foreign_keys = ON")
                self._connection.execute("PRAGMA journal_mode = WAL")
            self._ensure_schema()
        except BaseException:
            self._connection.close()
            raise

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except LapvoError:
            raise
        except sqlite3.Error as exc:
            raise StorageError(f"{self.location}: {exc}") from exc

    @contextlib.contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Tx]:
        with self._guard():
            if not write:
                self._connection.execute("PRAGMA query_only = 1")
            try:
                self._connection.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
                try:
                    yield _SQLiteTx(self._connection)
                except BaseException:
                    self._connection.rollback()
                    raise
                self._connection.commit()
            finally:
                if not write:
                    self._connection.execute("PRAGMA query_only = 0")

    def _write(self) -> contextlib.AbstractContextManager[Tx]:
        return self._transaction(write=True)

    def _read(self) -> contextlib.AbstractContextManager[Tx]:
        return self._transaction(write=False)

    def _table_exists(self, tx: Tx, name: str) -> bool:
        return bool(
            tx.run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        )

    def close(self) -> None:  # noqa: D102 - documented on DossierRepository
        self._connection.close()


# -- PostgreSQL -------------------------------------------------------------------------------


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise MissingExtraError(
            'the PostgreSQL repository needs psycopg 3: pip install "lapvo-cchc[sql]"'
        ) from exc
    return psycopg


def _redacted(psycopg: Any, conninfo: str) -> str:
    try:
        params = psycopg.conninfo.conninfo_to_dict(conninfo)
    except psycopg.Error:
        return "postgresql (unparsable conninfo)"
    shown = {k: v for k, v in params.items() if k in ("host", "port", "dbname", "user")}
    return "postgresql " + " ".join(f"{k}={v}" for k, v in shown.items())


class _PostgresTx(Tx):
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        # Without parameters psycopg must not parse placeholders (a plpgsql body has '%').
        if params:
            self._cursor.execute(sql.replace("?", "%s"), params)
        else:
            self._cursor.execute(sql)
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(sql.replace("?", "%s"), list(rows))


class PostgresRepository(DossierRepository):
    """A dossier repository in a PostgreSQL database (psycopg 3, the ``sql`` extra).

    The tables live in the first schema of the connection's ``search_path``
    and are created with the schema if absent. Writers lock the dossier row
    (``SELECT ... FOR UPDATE``) for the whole read-check-append.

    Args:
        conninfo: a libpq connection string or URI
            (``"host=127.0.0.1 port=5432 dbname=cchc user=portal"``).
        connect_timeout: seconds to wait for the server.
        converter: a :func:`lapvo_cchc.adapters.json.make_converter` converter;
            a default one when None.

    Raises:
        MissingExtraError: psycopg is not installed.
        SchemaVersionError: the database holds another schema version, or foreign tables.
        StorageError: the server cannot be reached or refuses the connection.

    Example:
        >>> PostgresRepository("host=127.0.0.1 port=1 connect_timeout=1")
        Traceback (most recent call last):
        ...
        lapvo_cchc.adapters.sql.StorageError: postgresql host=127.0.0.1 port=1: cannot connect...
    """

    dialect = "postgresql"
    _lock_sql = "SELECT code FROM dossiers WHERE code = ? FOR UPDATE"

    def __init__(
        self,
        conninfo: str,
        *,
        connect_timeout: int = 10,
        converter: cattrs.Converter | None = None,
    ) -> None:
        super().__init__(converter)
        self._psycopg = _psycopg()
        self.location = _redacted(self._psycopg, conninfo)
        try:
            self._connection = self._psycopg.connect(
                conninfo, autocommit=True, connect_timeout=connect_timeout
            )
        except self._psycopg.Error as exc:
            raise StorageError(f"{self.location}: cannot connect: {exc}") from exc
        try:
            self._ensure_schema()
        except BaseException:
            self._connection.close()
            raise

    @contextlib.contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Tx]:
        try:
            with self._connection.transaction(), self._connection.cursor() as cursor:
                if not write:
                    cursor.execute("SET TRANSACTION READ ONLY")
                yield _PostgresTx(cursor)
        except LapvoError:
            raise
        except self._psycopg.Error as exc:
            raise StorageError(f"{self.location}: {exc}") from exc

    def _write(self) -> contextlib.AbstractContextManager[Tx]:
        return self._transaction(write=True)

    def _read(self) -> contextlib.AbstractContextManager[Tx]:
        return self._transaction(write=False)

    def _table_exists(self, tx: Tx, name: str) -> bool:
        return tx.run("SELECT to_regclass(?) IS NOT NULL", (name,))[0][0] is True

    def _lock_schema(self, tx: Tx) -> None:
        # Two processes opening an empty database at once would both create the tables.
        tx.run("SELECT pg_advisory_xact_lock(hashtext('lapvo_cchc.schema'))")

    def _json_param(self, value: Any) -> Any:
        return self._psycopg.types.json.Jsonb(value)

    def _instant_param(self, value: dt.datetime) -> Any:
        return value

    def _date_param(self, value: dt.date) -> Any:
        return value

    def close(self) -> None:  # noqa: D102 - documented on DossierRepository
        self._connection.close()
