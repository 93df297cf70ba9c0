"""Engines, transactions and retries of the dossier store (private module of adapters.sql).

Every repository operation is one transaction run by :func:`run`:

* a read runs in a read-only transaction (PostgreSQL ``SET TRANSACTION READ
  ONLY``; MariaDB the session-wide mode, which also refuses DDL, restored
  afterwards; SQLite a deferred transaction, under an authorizer for ``query()``);
* a write takes its locks at the start: SQLite ``BEGIN IMMEDIATE`` (the
  database write lock); PostgreSQL and MariaDB lock the dossier row with
  ``SELECT ... FOR UPDATE`` (MariaDB at ``READ COMMITTED``);
* a transient failure (SQLite "database is locked", a PostgreSQL
  serialization failure or deadlock, a MariaDB deadlock or lock wait timeout)
  rolls back and retries the whole transaction with exponential backoff and
  jitter, until the repository's ``timeout`` budget (30 s by default) is
  spent; then it raises :class:`~lapvo_cchc.adapters.sql.StorageError`.
"""

from __future__ import annotations

import random
import sqlite3
import time
from typing import TYPE_CHECKING, Any, Final, TypeVar

import sqlalchemy as sa

from lapvo_cchc.adapters.sql._errors import StorageError
from lapvo_cchc.adapters.sql._readonly import sqlite_read_only
from lapvo_cchc.errors import LapvoError

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")

_WRITE: Final = "lapvo_write"
_PREPARED: Final = "_lapvo_cchc_prepared"
# PostgreSQL SQLSTATEs: serialization_failure, deadlock_detected, lock_not_available.
_PG_TRANSIENT: Final = frozenset({"40001", "40P01", "55P03"})
# MariaDB error numbers: lock wait timeout, deadlock.
_MARIADB_TRANSIENT: Final = frozenset({1205, 1213})
_FIRST_DELAY: Final = 0.005
_MAX_DELAY: Final = 0.25


def prepare(engine: sa.Engine, *, timeout: float) -> sa.Engine:
    """Install the SQLite connection settings and write-lock begin on *engine* (once)."""
    if engine.dialect.name != "sqlite" or getattr(engine, _PREPARED, False):
        return engine
    busy_ms = max(0, int(timeout * 1000))

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver must not open transactions itself: `begin` below does, with the lock mode.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {busy_ms}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
        if mode not in ("wal", "memory"):
            dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    setattr(engine, _PREPARED, True)
    return engine


def transient(exc: sa.exc.DBAPIError) -> bool:
    """Whether *exc* is a lock or serialization failure that a retry may clear."""
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return "locked" in text or "busy" in text
    args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
    if args and isinstance(args[0], int):  # PyMySQL: (errno, message)
        return args[0] in _MARIADB_TRANSIENT
    return getattr(orig, "sqlstate", None) in _PG_TRANSIENT


def describe(exc: sa.exc.DBAPIError) -> str:
    """The driver's message of *exc*, without SQLAlchemy's statement dump."""
    orig = exc.orig
    if orig is None:
        return str(exc)
    args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
    if len(args) >= 2 and isinstance(args[0], int):  # PyMySQL: (errno, message)
        return f"({args[0]}) {args[1]}"
    return str(orig).strip()


def run(
    engine: sa.Engine,
    work: Callable[[sa.Connection], T],
    *,
    write: bool,
    location: str,
    timeout: float,
    read_only_query: bool = False,
) -> T:
    """Run *work* in one transaction, retrying transient failures within *timeout* seconds."""
    deadline = time.monotonic() + timeout
    delay = _FIRST_DELAY
    while True:
        try:
            return _attempt(engine, work, write=write, read_only_query=read_only_query)
        except LapvoError:
            raise
        except sa.exc.DBAPIError as exc:
            pause = delay * random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not secrecy
            if not transient(exc) or time.monotonic() + pause > deadline:
                raise StorageError(f"{location}: {describe(exc)}") from exc
            time.sleep(pause)
            delay = min(delay * 2, _MAX_DELAY)
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(f"{location}: {exc}") from exc


def _attempt(
    engine: sa.Engine,
    work: Callable[[sa.Connection], T],
    *,
    write: bool,
    read_only_query: bool,
) -> T:
    dialect = engine.dialect.name
    with engine.connect() as connection:
        options: dict[str, Any] = {_WRITE: write}
        if dialect in ("mysql", "mariadb"):
            options["isolation_level"] = "READ COMMITTED"
        conn = connection.execution_options(**options)
        with conn.begin():
            if dialect == "sqlite":
                if not read_only_query:
                    return work(conn)
                raw = conn.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)  # noqa: S101 - pysqlite engine
                with sqlite_read_only(raw):
                    return work(conn)
            if write:
                return work(conn)
            if dialect == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                return work(conn)
            # MariaDB: only the session-wide mode also refuses DDL (which commits implicitly).
            conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
            try:
                return work(conn)
            finally:
                conn.exec_driver_sql("SET SESSION TRANSACTION READ WRITE")
