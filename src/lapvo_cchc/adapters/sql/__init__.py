"""SQL storage of dossiers on SQLAlchemy Core: SQLite, PostgreSQL and MariaDB.

Every backend shares one schema (version :data:`SCHEMA_VERSION`, recorded in
the table ``lapvo_schema``, created and migrated by the Alembic migrations
shipped with the package) and one contract:

* ``dossiers``: one row per dossier code (the header); ``dossier_events``:
  the history, one row per event ``(dossier_code, seq)``, its ``type`` tag,
  instant ``at`` and the event as ``lapvo-cchc/1`` JSON (``payload``), the
  encoding of :mod:`lapvo_cchc.adapters.json`.
* :meth:`~SQLiteRepository.upsert` is idempotent by dossier code; events are
  append-only (triggers refuse ``UPDATE`` and ``DELETE`` on ``dossier_events``);
  :meth:`~SQLiteRepository.import_dossiers` writes a batch in one transaction,
  all or nothing; :meth:`~SQLiteRepository.append` checks events against the
  dossier's stored state under a row lock, so concurrent writers lose nothing;
  :meth:`~SQLiteRepository.query` runs one reading statement, read-only.
* SQLite runs in WAL mode; writers take the lock at ``BEGIN IMMEDIATE`` and
  retry lock failures within a time budget; PostgreSQL and MariaDB lock the
  dossier row (``SELECT ... FOR UPDATE``).

Every backend needs the ``sql`` extra (``pip install "lapvo-cchc[sql]"``:
SQLAlchemy, Alembic, psycopg and PyMySQL). :meth:`SQLRepository.from_url`
opens any SQLAlchemy URL; :class:`SQLiteRepository` and
:class:`PostgresRepository` take a path and a libpq connection string.

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

import os
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.errors import MissingExtraError

try:
    import sqlalchemy as sa
except ImportError as exc:  # pragma: no cover - the extra is installed in the test environments
    raise MissingExtraError(
        'the SQL dossier store needs SQLAlchemy: pip install "lapvo-cchc[sql]"'
    ) from exc

from lapvo_cchc.adapters.sql._base import BatchResult, DossierRepository
from lapvo_cchc.adapters.sql._errors import (
    DossierNotFoundError,
    HistoryConflictError,
    ReadOnlyQueryError,
    SchemaVersionError,
    StorageError,
    TableRefusedError,
)
from lapvo_cchc.adapters.sql._schema import SCHEMA_VERSION

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "DEFAULT_TIMEOUT",
    "SCHEMA_VERSION",
    "BatchResult",
    "DossierNotFoundError",
    "DossierRepository",
    "HistoryConflictError",
    "PostgresRepository",
    "ReadOnlyQueryError",
    "SQLRepository",
    "SQLiteRepository",
    "SchemaVersionError",
    "StorageError",
    "TableRefusedError",
]

for _cls in (
    BatchResult,
    DossierNotFoundError,
    DossierRepository,
    HistoryConflictError,
    ReadOnlyQueryError,
    SchemaVersionError,
    StorageError,
    TableRefusedError,
):
    _cls.__module__ = "lapvo_cchc.adapters.sql"  # literal: runners may import this file twice

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds a write may spend waiting for locks and retrying before it fails.

Example:
    >>> DEFAULT_TIMEOUT
    30.0
"""


def _driver(module: str, what: str) -> None:
    try:
        __import__(module)
    except ImportError as exc:
        raise MissingExtraError(
            f'the {what} repository needs {module}: pip install "lapvo-cchc[sql]"'
        ) from exc


class SQLRepository(DossierRepository):
    """A dossier repository on any SQLAlchemy engine: SQLite, PostgreSQL or MariaDB.

    Opening creates the schema in an empty database, accepts the current
    version, and refuses anything else with :class:`SchemaVersionError`:
    an older version is migrated only with ``upgrade=True`` (back the database
    up first), a newer one or foreign ``dossiers`` tables never.

    Args:
        engine: an SQLAlchemy engine; the repository borrows it (``close()``
            leaves it open). SQLite engines get the repository's connection
            settings (WAL, busy timeout, ``BEGIN IMMEDIATE``) on new connections.
        timeout: seconds a write may spend waiting for locks and retrying.
        converter: a :func:`lapvo_cchc.adapters.json.make_converter` converter
            (custom regimes); a default one when None.
        upgrade: migrate an older schema version to this release's.

    Raises:
        SchemaVersionError: another schema version, or foreign tables.
        StorageError: the database cannot be reached.

    Example:
        >>> import sqlalchemy as sa
        >>> engine = sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool)
        >>> with SQLRepository(engine) as repo:
        ...     repo.dialect, repo.schema_version == SCHEMA_VERSION, len(repo)
        ('sqlite', True, 0)
        >>> engine.dispose()
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        converter: cattrs.Converter | None = None,
        upgrade: bool = False,
        _location: str | None = None,
        _owns_engine: bool = False,
    ) -> None:
        location = _location or engine.url.render_as_string(hide_password=True)
        super().__init__(
            engine,
            location=location,
            timeout=timeout,
            converter=converter,
            upgrade=upgrade,
            owns_engine=_owns_engine,
        )

    @classmethod
    def from_url(
        cls,
        url: str | sa.URL,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        converter: cattrs.Converter | None = None,
        upgrade: bool = False,
        **engine_options: Any,
    ) -> SQLRepository:
        """Open the store at an SQLAlchemy *url*; the repository owns (and closes) the engine.

        URLs: ``sqlite:///path/dossiers.db``, ``postgresql+psycopg://user@host/db``,
        ``mysql+pymysql://user:pw@host/db`` (MariaDB). *engine_options* go to
        :func:`sqlalchemy.create_engine` (pool size, ``connect_args``...).

        Example:
            >>> import pathlib, tempfile
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     url = f"sqlite:///{pathlib.Path(tmp) / 'dossiers.db'}"
            ...     with SQLRepository.from_url(url) as repo:
            ...         repo.query("PRAGMA journal_mode")
            [('wal',)]
        """
        parsed = sa.make_url(url)
        backend = parsed.get_backend_name()
        if backend in ("mysql", "mariadb"):
            _driver("pymysql" if "pymysql" in parsed.drivername else "MySQLdb", "MariaDB")
            engine_options.setdefault("pool_pre_ping", True)
        elif backend == "postgresql":
            _driver("psycopg", "PostgreSQL")
            # A pooled connection dies with a server restart: test it before use.
            engine_options.setdefault("pool_pre_ping", True)
        elif backend == "sqlite":
            connect_args = engine_options.setdefault("connect_args", {})
            connect_args.setdefault("check_same_thread", False)
            connect_args.setdefault("timeout", timeout)
            if parsed.database in (None, "", ":memory:"):
                engine_options.setdefault("poolclass", sa.pool.StaticPool)
        try:
            engine = sa.create_engine(parsed, **engine_options)
        except sa.exc.SQLAlchemyError as exc:
            shown = parsed.render_as_string(hide_password=True)
            raise StorageError(f"{shown}: cannot create an engine: {exc}") from exc
        return cls(engine, timeout=timeout, converter=converter, upgrade=upgrade, _owns_engine=True)


class SQLiteRepository(SQLRepository):
    """A dossier repository in an SQLite database file (the embedded default).

    The file is created with the schema if it is new. It is opened in WAL
    mode (readers never block the writer) with a busy timeout; every write
    takes the write lock at its start (``BEGIN IMMEDIATE``) and a write that
    finds the file locked is retried with backoff until *timeout* is spent,
    so several threads or processes, each with its own repository, can
    append to one file without losing events.

    Args:
        path: the database file, or ``":memory:"`` (a private in-memory database).
        timeout: seconds a write may wait for the lock, retries included.
        converter: a :func:`lapvo_cchc.adapters.json.make_converter` converter
            (custom regimes); a default one when None.
        upgrade: migrate a file of an older schema version.

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

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        converter: cattrs.Converter | None = None,
        upgrade: bool = False,
    ) -> None:
        location = os.fspath(path)
        url = sa.URL.create("sqlite+pysqlite", database=location)
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": timeout}}
        if location == ":memory:":
            options["poolclass"] = sa.pool.StaticPool
        super().__init__(
            sa.create_engine(url, **options),
            timeout=timeout,
            converter=converter,
            upgrade=upgrade,
            _location=location,
            _owns_engine=True,
        )


def _redacted(conninfo: str) -> str:
    from psycopg import Error
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(conninfo)
    except Error:
        return "postgresql (unparsable conninfo)"
    shown = {k: v for k, v in params.items() if k in ("host", "port", "dbname", "user")}
    return "postgresql " + " ".join(f"{k}={v}" for k, v in shown.items())


class PostgresRepository(SQLRepository):
    """A dossier repository in a PostgreSQL database (psycopg 3, the ``sql`` extra).

    The tables live in the first schema of the connection's ``search_path``
    and are created with the schema if absent. Writers lock the dossier row
    (``SELECT ... FOR UPDATE``) while they check and append.

    Args:
        conninfo: a libpq connection string or URI
            (``"host=127.0.0.1 port=5432 dbname=cchc user=portal"``).
        connect_timeout: seconds to wait for the server.
        timeout: seconds a write may spend retrying lock and serialization failures.
        converter: a :func:`lapvo_cchc.adapters.json.make_converter` converter;
            a default one when None.
        upgrade: migrate a database of an older schema version.

    Raises:
        MissingExtraError: psycopg or SQLAlchemy is not installed.
        SchemaVersionError: the database holds another schema version, or foreign tables.
        StorageError: the server cannot be reached or refuses the connection.

    Example:
        >>> PostgresRepository("host=127.0.0.1 port=1 connect_timeout=1")
        Traceback (most recent call last):
        ...
        lapvo_cchc.adapters.sql.StorageError: postgresql host=127.0.0.1 port=1: ...
    """

    def __init__(
        self,
        conninfo: str,
        *,
        connect_timeout: int = 10,
        timeout: float = DEFAULT_TIMEOUT,
        converter: cattrs.Converter | None = None,
        upgrade: bool = False,
    ) -> None:
        _driver("psycopg", "PostgreSQL")
        import psycopg

        def connect() -> Any:
            return psycopg.connect(conninfo, connect_timeout=connect_timeout)

        # pool_pre_ping: a pooled connection dies with a server restart; test it before use,
        # so the first call after a restart does not fail on a stale connection.
        engine = sa.create_engine("postgresql+psycopg://", creator=connect, pool_pre_ping=True)
        super().__init__(
            engine,
            timeout=timeout,
            converter=converter,
            upgrade=upgrade,
            _location=_redacted(conninfo),
            _owns_engine=True,
        )
