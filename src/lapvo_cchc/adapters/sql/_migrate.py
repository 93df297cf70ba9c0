"""Opening a store: schema checks and Alembic migrations under a lock (private module).

Opening never waits for writers when the schema is current (one read). Else,
under a database-wide lock that serialises concurrent openers (PostgreSQL
``pg_advisory_xact_lock``; MariaDB ``GET_LOCK``; SQLite the write lock of
``BEGIN IMMEDIATE``), the state is read again and:

* an empty database gets the newest schema (nothing to lose);
* the current version: nothing to do (another opener created it meanwhile);
* an older version is upgraded only when asked (``upgrade=True``), else
  :class:`SchemaVersionError` says how; a version-1 store written by
  lapvo_cchc 0.1 (no Alembic table yet) is stamped at revision ``0001`` first;
* a newer version, or ``dossiers``/``dossier_events`` tables without the
  version record, are refused and left untouched.

On PostgreSQL and SQLite the migration runs in the opener's transaction (DDL
is transactional there); MariaDB commits each DDL statement implicitly.
"""

from __future__ import annotations

import pathlib
from typing import Final

import sqlalchemy as sa

from lapvo_cchc.adapters.sql import _schema as schema
from lapvo_cchc.adapters.sql._errors import SchemaVersionError

MIGRATIONS: Final = pathlib.Path(__file__).with_name("migrations")
_LOCK_SECONDS: Final = 60


def _version(conn: sa.Connection, location: str) -> int | None:
    """The recorded version; 0 for an empty database; None for a record being written."""
    inspector = sa.inspect(conn)
    if inspector.has_table(schema.META_TABLE):
        t = schema.lapvo_schema
        found = conn.execute(
            sa.select(t.c.version).where(t.c.component == schema.COMPONENT)
        ).scalar()
        return None if found is None else int(found)
    foreign = [t for t in (schema.DOSSIERS, schema.EVENTS) if inspector.has_table(t)]
    if foreign:
        raise SchemaVersionError(
            f"{location}: table(s) {', '.join(foreign)} exist but no lapvo_schema "
            "table records their version; not a lapvo_cchc dossier store "
            "(use another database or schema)"
        )
    return 0


def is_current(conn: sa.Connection, location: str) -> bool:
    """Whether the store is at :data:`SCHEMA_VERSION` (read without locks)."""
    return _version(conn, location) == schema.SCHEMA_VERSION


def _alembic(conn: sa.Connection, command: str, revision: str) -> None:
    from alembic import command as commands
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = conn
    getattr(commands, command)(config, revision)


def _lock(conn: sa.Connection, location: str) -> None:
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.exec_driver_sql(
            "SELECT pg_advisory_xact_lock(hashtext('lapvo_cchc.schema.' || current_schema()))"
        )
    elif dialect in schema.MYSQL:
        got = conn.exec_driver_sql(
            f"SELECT GET_LOCK(CONCAT('lapvo_cchc.schema.', DATABASE()), {_LOCK_SECONDS})"
        ).scalar()
        if got != 1:
            raise SchemaVersionError(
                f"{location}: another process held the schema lock for {_LOCK_SECONDS} s"
            )
    # SQLite: the transaction began with BEGIN IMMEDIATE, which is the write lock.


def _unlock(conn: sa.Connection, *, done: bool) -> None:
    if conn.dialect.name in schema.MYSQL:
        # End the transaction before releasing, or the next opener reads the version
        # record of a migration still in flight (GET_LOCK is not tied to transactions).
        conn.exec_driver_sql("COMMIT" if done else "ROLLBACK")
        conn.exec_driver_sql("SELECT RELEASE_LOCK(CONCAT('lapvo_cchc.schema.', DATABASE()))")


def migrate(conn: sa.Connection, location: str, *, upgrade: bool) -> None:
    """Bring the store to :data:`SCHEMA_VERSION` under the schema lock, or raise."""
    _lock(conn, location)
    done = False
    try:
        found = _version(conn, location)
        if found == schema.SCHEMA_VERSION:
            done = True
            return
        if found is None or found > schema.SCHEMA_VERSION or found < 0:
            raise SchemaVersionError(
                f"{location}: dossier schema version {found!r} found in table "
                f"lapvo_schema, this lapvo_cchc reads version {schema.SCHEMA_VERSION}; "
                "use the matching (or a newer) lapvo_cchc release"
            )
        if found and not upgrade:
            raise SchemaVersionError(
                f"{location}: dossier schema version {found} found in table lapvo_schema, "
                f"this lapvo_cchc reads version {schema.SCHEMA_VERSION}; back the database "
                "up, then open it with upgrade=True to migrate it"
            )
        if found and not sa.inspect(conn).has_table(schema.VERSION_TABLE):
            _alembic(conn, "stamp", f"{found:04d}")  # written by a release before Alembic
        _alembic(conn, "upgrade", "head")
        done = True
    finally:
        _unlock(conn, done=done)
