"""The SQL schema of the dossier store as SQLAlchemy Core tables (private module of adapters.sql).

The tables are created and changed only by the Alembic migrations shipped in
``adapters/sql/migrations``; the :class:`sqlalchemy.Table` objects here describe
the newest version (:data:`SCHEMA_VERSION`) for building statements. Column
types differ per dialect only where a native type exists: PostgreSQL stores
instants as ``TIMESTAMPTZ`` and documents as ``JSONB``; SQLite stores ISO 8601
text and JSON text; MariaDB stores instants as UTC ``DATETIME(6)`` and JSON text.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql

SCHEMA_VERSION: Final = 2
"""The dossier schema version this release reads and writes (``lapvo_schema.version``)."""

COMPONENT: Final = "dossiers"
META_TABLE: Final = "lapvo_schema"
DOSSIERS: Final = "dossiers"
EVENTS: Final = "dossier_events"
DIMENSIONS: Final = "lapvo_dimension_tables"
VERSION_TABLE: Final = "lapvo_alembic_version"
"""Alembic's revision table, named apart from a portal's own ``alembic_version``."""
OWN_TABLES: Final = frozenset({META_TABLE, DOSSIERS, EVENTS, DIMENSIONS, VERSION_TABLE})
"""Tables the repository owns; the calendar dimension writer never touches them."""

MYSQL: Final = ("mysql", "mariadb")
"""SQLAlchemy's dialect names for MariaDB (``mysql+pymysql://`` or ``mariadb+pymysql://``)."""

KEY_LENGTH: Final = 100
"""Length of key columns on MariaDB, which cannot index unbounded TEXT."""


def key_text() -> sa.types.TypeEngine[str]:
    """TEXT, or VARCHAR(:data:`KEY_LENGTH`) on MariaDB (a key column)."""
    return sa.Text().with_variant(sa.String(KEY_LENGTH), *MYSQL)


def dumps(value: Any) -> str:
    """The compact UTF-8 JSON text stored where the dialect has no JSON type."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JsonDocument(sa.types.TypeDecorator[Any]):
    """A JSON document: ``JSONB`` on PostgreSQL, JSON text elsewhere (``LONGTEXT`` on MariaDB)."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        if dialect.name in MYSQL:
            return dialect.type_descriptor(mysql.LONGTEXT())
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return dumps(value)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:  # noqa: ARG002 - SQLAlchemy's
        return json.loads(value) if isinstance(value, str | bytes) else value


class Instant(sa.types.TypeDecorator[dt.datetime]):
    """An aware instant: ``TIMESTAMPTZ``, ISO 8601 text (SQLite), or UTC ``DATETIME(6)``."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        if dialect.name in MYSQL:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        if dialect.name in MYSQL:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()

    def process_result_value(
        self,
        value: Any,
        dialect: sa.Dialect,  # noqa: ARG002 - the signature is SQLAlchemy's
    ) -> dt.datetime | None:
        if isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value  # type: ignore[no-any-return]


metadata: Final = sa.MetaData()

lapvo_schema: Final = sa.Table(
    META_TABLE,
    metadata,
    sa.Column("component", key_text(), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

dossiers: Final = sa.Table(
    DOSSIERS,
    metadata,
    sa.Column("code", key_text(), primary_key=True),
    sa.Column("procedure_code", sa.Text, nullable=False),
    sa.Column("agency", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("assisted", sa.Integer, nullable=False),
    sa.Column("time_limit", JsonDocument, nullable=False),
    # Version 2: the folded history, so an append checks its transition in O(1).
    sa.Column("event_count", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=True),
)

dossier_events: Final = sa.Table(
    EVENTS,
    metadata,
    sa.Column("dossier_code", key_text(), sa.ForeignKey("dossiers.code"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("at", Instant, nullable=False),
    sa.Column("payload", JsonDocument, nullable=False),
)

dimension_tables: Final = sa.Table(
    DIMENSIONS,
    metadata,
    sa.Column("name", key_text(), primary_key=True),
)


# -- append-only triggers, per dialect (migration 0001) ---------------------------------------

SQLITE_TRIGGERS: Final = (
    (
        "CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events "
        "BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: UPDATE refused'); END"
    ),
    (
        "CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events "
        "BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: DELETE refused'); END"
    ),
)

POSTGRES_TRIGGERS: Final = (
    (
        "CREATE FUNCTION lapvo_dossier_events_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'dossier_events is append-only: % refused', TG_OP; END $$"
    ),
    (
        "CREATE TRIGGER dossier_events_no_change BEFORE UPDATE OR DELETE ON dossier_events "
        "FOR EACH ROW EXECUTE FUNCTION lapvo_dossier_events_append_only()"
    ),
    (
        "CREATE TRIGGER dossier_events_no_truncate BEFORE TRUNCATE ON dossier_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION lapvo_dossier_events_append_only()"
    ),
)

# MariaDB fires no trigger on TRUNCATE; UPDATE and DELETE are refused per row.
MARIADB_TRIGGERS: Final = (
    (
        "CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'dossier_events is append-only: UPDATE refused'"
    ),
    (
        "CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'dossier_events is append-only: DELETE refused'"
    ),
)


def triggers(dialect: str) -> tuple[str, ...]:
    """The statements creating the append-only triggers in *dialect*."""
    if dialect == "postgresql":
        return POSTGRES_TRIGGERS
    if dialect in MYSQL:
        return MARIADB_TRIGGERS
    return SQLITE_TRIGGERS


def insert_missing(conn: sa.Connection, values: dict[str, Any]) -> None:
    """Insert the ``dossiers`` row *values* unless its code is stored (no error, no change)."""
    name = conn.dialect.name
    if name in MYSQL:
        mysql_insert = mysql.insert(dossiers).values(values)
        conn.execute(mysql_insert.on_duplicate_key_update(code=mysql_insert.inserted.code))
    elif name == "postgresql":
        conn.execute(postgresql.insert(dossiers).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects import sqlite

        conn.execute(sqlite.insert(dossiers).values(values).on_conflict_do_nothing())
